"""The learning-rate scaling rules (Granziol et al.), pure."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuneforge.errors import ValidationError
from tuneforge.schedules.scaling import Family, MeasuredRange, Rule, scale_learning_rate


def fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {v.field for v in exc.value.violations}


def test_sgd_scales_linearly() -> None:
    out = scale_learning_rate(0.1, 256, [128, 256, 1024], Family.SGD)
    assert out.rule is Rule.LINEAR
    assert [r.learning_rate for r in out.results] == pytest.approx([0.05, 0.1, 0.4])
    assert [r.scale_factor for r in out.results] == pytest.approx([0.5, 1.0, 4.0])


def test_adaptive_scales_with_square_root() -> None:
    out = scale_learning_rate(1e-3, 100, [25, 400, 900], Family.ADAPTIVE)
    assert out.rule is Rule.SQRT
    assert [r.learning_rate for r in out.results] == pytest.approx([5e-4, 2e-3, 3e-3])


def test_rule_override_wins_and_warns_against_the_family() -> None:
    out = scale_learning_rate(1e-3, 100, [400, 100], Family.ADAPTIVE, rule=Rule.LINEAR)
    assert out.rule is Rule.LINEAR
    assert out.results[0].learning_rate == pytest.approx(4e-3)
    assert "departs from the rule" in out.results[0].warning
    assert out.results[1].warning == ""  # same batch size: nothing is extrapolated


def test_rule_alone_needs_no_family() -> None:
    out = scale_learning_rate(1.0, 4, [16], rule=Rule.SQRT)
    assert out.results[0].learning_rate == pytest.approx(2.0)
    assert out.results[0].warning == ""


def test_warmup_covers_the_same_number_of_examples() -> None:
    out = scale_learning_rate(0.1, 256, [64, 256, 1000, 1 << 20], Family.SGD, warmup_steps=500)
    assert [r.warmup_steps for r in out.results] == [2000, 500, 128, 1]
    no_warmup = scale_learning_rate(0.1, 256, [512], Family.SGD)
    assert no_warmup.results[0].warmup_steps == 0


def test_warning_outside_trusted_range_only() -> None:
    out = scale_learning_rate(0.1, 256, [15, 16, 4096, 4097], Family.SGD)
    warned = [bool(r.warning) for r in out.results]
    assert warned == [True, False, False, True]  # ratios 1/17.1, 1/16, 16, 16.004
    wider = scale_learning_rate(0.1, 256, [4097], Family.SGD, max_trusted_scale=32)
    assert wider.results[0].warning == ""


@pytest.mark.parametrize(
    ("kwargs", "bad"),
    [
        ({"base_learning_rate": 0.0}, {"base_learning_rate"}),
        ({"base_learning_rate": -1.0}, {"base_learning_rate"}),
        ({"base_learning_rate": math.nan}, {"base_learning_rate"}),
        ({"base_learning_rate": math.inf}, {"base_learning_rate"}),
        ({"base_batch_size": 0}, {"base_batch_size"}),
        ({"target_batch_sizes": []}, {"target_batch_sizes"}),
        ({"target_batch_sizes": [8, 0, -3]}, {"target_batch_sizes[1]", "target_batch_sizes[2]"}),
        ({"target_batch_sizes": [1] * 1025}, {"target_batch_sizes"}),
        ({"family": None}, {"optimizer_family"}),
        ({"warmup_steps": -1}, {"warmup_steps"}),
        ({"max_trusted_scale": 0.5}, {"max_trusted_scale"}),
        ({"max_trusted_scale": math.nan}, {"max_trusted_scale"}),
    ],
)
def test_each_bad_field_is_named(kwargs: dict[str, object], bad: set[str]) -> None:
    args: dict[str, object] = {
        "base_learning_rate": 0.1,
        "base_batch_size": 32,
        "target_batch_sizes": [64],
        "family": Family.SGD,
        **kwargs,
    }
    with pytest.raises(ValidationError) as exc:
        scale_learning_rate(**args)  # type: ignore[arg-type]
    assert fields(exc) == bad


def test_all_violations_reported_at_once() -> None:
    with pytest.raises(ValidationError) as exc:
        scale_learning_rate(-1, -1, [], None)
    assert fields(exc) == {
        "base_learning_rate",
        "base_batch_size",
        "target_batch_sizes",
        "optimizer_family",
    }


@given(
    lr=st.floats(1e-8, 10.0),
    b0=st.integers(1, 1 << 16),
    b1=st.integers(1, 1 << 16),
    b2=st.integers(1, 1 << 16),
    family=st.sampled_from(list(Family)),
)
def test_scaling_composes(lr: float, b0: int, b1: int, b2: int, family: Family) -> None:
    """Scaling b0 -> b1 -> b2 equals scaling b0 -> b2: the rule is a power law."""
    via = scale_learning_rate(lr, b0, [b1], family).results[0].learning_rate
    direct = scale_learning_rate(lr, b0, [b2], family).results[0].learning_rate
    assert scale_learning_rate(via, b1, [b2], family).results[0].learning_rate == pytest.approx(
        direct, rel=1e-9
    )


def test_huge_values_stay_in_range() -> None:
    out = scale_learning_rate(0.1, 2**40, [1, 2**62], Family.SGD, warmup_steps=2**40)
    assert out.results[0].warmup_steps == 2**62  # capped, not overflowing int64
    assert out.results[1].warmup_steps == 2**18  # 2^40 * 2^40 / 2^62
    with pytest.raises(ValidationError) as exc:
        scale_learning_rate(0.1, 2**63, [2**63], Family.SGD, warmup_steps=2**63)
    assert fields(exc) == {"base_batch_size", "target_batch_sizes[0]", "warmup_steps"}


def test_a_measured_range_replaces_the_trusted_ratio() -> None:
    measured = MeasuredRange(rule_range=(8.0, 256.0), measured=(1.0, 1024.0))
    out = scale_learning_rate(0.1, 64, [8, 64, 256, 4, 512, 4096], Family.SGD, measured=measured)
    warned = [r.batch_size for r in out.results if r.warning]
    assert warned == [4, 512, 4096]  # the span from 64 must lie inside [8, 256]
    assert "[8, 256]" in out.results[3].warning and "measured on batch sizes [1, 1024]" in (
        out.results[3].warning
    )
    assert "beyond the largest measured" in out.results[5].warning
    assert "beyond" not in out.results[4].warning  # 512 was measured, outside the rule
    wide = scale_learning_rate(0.1, 64, [2048], Family.SGD,
                               measured=MeasuredRange((1.0, 4096.0), (1.0, 4096.0)))  # fmt: skip
    assert wide.results[0].warning == ""  # 32x, past the [1/16, 16] convention: measured ok
    nowhere = MeasuredRange(rule_range=None, measured=(1.0, 1024.0))
    out = scale_learning_rate(0.1, 64, [64, 128], Family.ADAPTIVE, measured=nowhere)
    assert out.results[0].warning == "" and "sqrt rule holds nowhere" in out.results[1].warning
