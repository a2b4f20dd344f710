"""The learning-rate schedule factor: warm-up, then constant, linear, cosine, step,
warm-up-stable-decay or refined; its exact piecewise form; its validation."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuneforge.errors import ValidationError, Violations
from tuneforge.trainer.schedule import MAX_FACTORS, Schedule, Shape, check, factor, is_constant
from tuneforge.v1 import trainer_service_pb2 as pb


def _schedule(**fields: object) -> pb.ScheduleSpec:
    s = pb.ScheduleSpec(warmup_steps=int(fields.pop("warmup_steps", 0)))  # type: ignore[call-overload]
    for kind, body in fields.items():
        getattr(s, kind).CopyFrom(body)
    return s


def test_unset_and_constant_are_one_everywhere() -> None:
    for s in (pb.ScheduleSpec(), _schedule(constant=pb.ConstantSchedule())):
        assert is_constant(s)
        assert [factor(s, k, 100) for k in (0, 1, 50, 99, 100, 500)] == [1.0] * 6


def test_warmup_rises_from_zero_to_one_then_holds() -> None:
    s = _schedule(warmup_steps=4)
    assert not is_constant(s)
    assert [factor(s, k, 100) for k in range(6)] == [0.25, 0.5, 0.75, 1.0, 1.0, 1.0]


def test_linear_decays_to_final_factor_at_the_end_of_the_budget() -> None:
    s = _schedule(linear=pb.LinearDecaySchedule(final_factor=0.1))
    assert factor(s, 0, 100) == 1.0
    assert factor(s, 50, 100) == pytest.approx(0.55)
    assert factor(s, 100, 100) == pytest.approx(0.1)
    assert factor(s, 1000, 100) == pytest.approx(0.1)  # clamped past the budget
    values = [factor(s, k, 100) for k in range(101)]
    assert all(a > b for a, b in itertools.pairwise(values))


def test_cosine_follows_half_a_cosine_after_the_warmup() -> None:
    s = _schedule(warmup_steps=10, cosine=pb.CosineSchedule(final_factor=0.0))
    assert factor(s, 4, 110) == pytest.approx(0.5)  # in the warm-up
    assert factor(s, 10, 110) == 1.0  # the decay starts where the warm-up ends
    assert factor(s, 60, 110) == pytest.approx(0.5)
    assert factor(s, 35, 110) == pytest.approx(0.5 * (1 + math.cos(math.pi / 4)))
    assert factor(s, 110, 110) == pytest.approx(0.0, abs=1e-12)
    with_floor = _schedule(cosine=pb.CosineSchedule(final_factor=0.2))
    assert factor(with_floor, 50, 100) == pytest.approx(0.6)


def test_step_multiplies_by_gamma_every_step_size_steps() -> None:
    s = _schedule(step=pb.StepSchedule(step_size=3, gamma=0.5))
    assert [factor(s, k, 100) for k in range(7)] == [1, 1, 1, 0.5, 0.5, 0.5, 0.25]
    default_gamma = _schedule(warmup_steps=2, step=pb.StepSchedule(step_size=2))
    assert [factor(default_gamma, k, 100) for k in range(6)] == pytest.approx(
        [0.5, 1, 1, 1, 0.1, 0.1]
    )


def test_fraction_overrides_the_step_count() -> None:
    s = _schedule(linear=pb.LinearDecaySchedule(final_factor=0.0))
    assert factor(s, 3, 0, fraction=0.25) == pytest.approx(0.75)
    assert factor(s, 3, 0, fraction=1.5) == 0.0


# -- warm-up-stable-decay, refined, and the exact piecewise form ----------------------


def test_wsd_holds_then_decays_over_the_last_fraction_in_its_shape() -> None:
    for shape, g in (
        (pb.DECAY_SHAPE_LINEAR, lambda q: q),
        (pb.DECAY_SHAPE_COSINE, lambda q: 0.5 * (1 - math.cos(math.pi * q))),
        (pb.DECAY_SHAPE_SQRT, math.sqrt),
    ):
        s = _schedule(warmup_steps=10,
                      wsd=pb.WarmupStableDecaySchedule(decay_fraction=0.25, final_factor=0.1,
                                                       shape=shape))  # fmt: skip
        # 110 steps: 100 after the warm-up, the last 25 decay (steps 85 .. 109).
        assert factor(s, 9, 110) == 1.0
        assert factor(s, 84, 110) == 1.0
        assert factor(s, 85, 110) == 1.0  # q = 0 on the first decay step
        assert factor(s, 95, 110) == pytest.approx(1 - 0.9 * g(10 / 25))
        assert factor(s, 110, 110) == pytest.approx(0.1)
        # By samples (an adaptive batch over epochs): the decay starts at progress 0.75.
        assert factor(s, 50, 110, fraction=0.7) == 1.0
        assert factor(s, 50, 110, fraction=0.875) == pytest.approx(1 - 0.9 * g(0.5))
    default = Schedule(pb.ScheduleSpec(wsd=pb.WarmupStableDecaySchedule()))
    assert default.factor(79, 100) == 1.0 and default.factor(90, 100) == pytest.approx(0.5)


def test_refined_interpolates_its_factors_over_the_post_warmup_budget() -> None:
    s = _schedule(warmup_steps=2, refined=pb.RefinedSchedule(factors=[0.5, 1.0, 0.0]))
    assert factor(s, 0, 102) == 0.5  # the warm-up comes first
    assert factor(s, 2, 102) == 0.5
    assert factor(s, 27, 102) == pytest.approx(0.75)
    assert factor(s, 52, 102) == pytest.approx(1.0)
    assert factor(s, 77, 102) == pytest.approx(0.5)
    assert factor(s, 102, 102) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="refine_from"):
        Schedule(_schedule(refined=pb.RefinedSchedule(refine_from="job-1")))


def _any_schedule() -> st.SearchStrategy[pb.ScheduleSpec]:
    unit = st.floats(0, 1)
    kinds = st.one_of(
        st.just({}),
        st.builds(lambda f: {"linear": pb.LinearDecaySchedule(final_factor=f)}, unit),
        st.builds(lambda f: {"cosine": pb.CosineSchedule(final_factor=f)}, unit),
        st.builds(
            lambda n, g: {"step": pb.StepSchedule(step_size=n, gamma=g)},
            st.integers(1, 40),
            st.floats(0.05, 1),
        ),
        st.builds(
            lambda d, f, shape: {
                "wsd": pb.WarmupStableDecaySchedule(decay_fraction=d, final_factor=f, shape=shape)
            },
            st.floats(0.01, 1),
            unit,
            st.sampled_from([0, 1, 2, 3]),
        ),
        st.builds(
            lambda fs: {"refined": pb.RefinedSchedule(factors=fs)},
            st.lists(unit, min_size=2, max_size=300),
        ),
    )
    return st.builds(lambda w, k: _schedule(warmup_steps=w, **k), st.integers(0, 30), kinds)


@settings(max_examples=300, deadline=None)
@given(_any_schedule(), st.integers(1, 400))
def test_segments_are_the_exact_piecewise_form_of_factor(s: pb.ScheduleSpec, total: int) -> None:
    compiled = Schedule(s)
    segments = compiled.segments(total)
    assert segments[0].start == 0 and segments[-1].end == total
    assert all(a.end == b.start for a, b in itertools.pairwise(segments))
    assert all(seg.end > seg.start for seg in segments)
    expected = [compiled.factor(k, total) for k in range(total)]
    assert compiled.factors(total).tolist() == pytest.approx(expected, abs=1e-12)


def test_long_budgets_have_few_segments() -> None:
    cosine = Schedule(_schedule(warmup_steps=1000, cosine=pb.CosineSchedule()))
    segments = cosine.segments(10**12)
    assert [(g.start, g.end, g.shape) for g in segments] == [
        (0, 1000, Shape.LINEAR), (1000, 10**12, Shape.COSINE)]  # fmt: skip
    wsd = Schedule(_schedule(wsd=pb.WarmupStableDecaySchedule(decay_fraction=0.1)))
    assert [(g.start, g.end) for g in wsd.segments(10**12)] == [
        (0, 9 * 10**11), (9 * 10**11, 10**12)]  # fmt: skip
    with pytest.raises(ValueError, match="segments"):
        Schedule(_schedule(step=pb.StepSchedule(step_size=1, gamma=0.5))).segments(10**6)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"wsd": pb.WarmupStableDecaySchedule(decay_fraction=1.5)}, "s.wsd.decay_fraction"),
        ({"wsd": pb.WarmupStableDecaySchedule(final_factor=-1)}, "s.wsd.final_factor"),
        ({"wsd": pb.WarmupStableDecaySchedule(shape=9)}, "s.wsd.shape"),  # type: ignore[arg-type]
        ({"refined": pb.RefinedSchedule()}, "s.refined"),
        ({"refined": pb.RefinedSchedule(factors=[1.0])}, "s.refined.factors"),
        ({"refined": pb.RefinedSchedule(factors=[1.0] * (MAX_FACTORS + 1))}, "s.refined.factors"),
        ({"refined": pb.RefinedSchedule(factors=[1.0, math.nan])}, "s.refined.factors"),
        ({"refined": pb.RefinedSchedule(factors=[1.0, 1.5])}, "s.refined.factors"),
        ({"refined": pb.RefinedSchedule(factors=[1.0, 0.5], tau=2)}, "s.refined.tau"),
        ({"warmup_steps": -1}, "s.warmup_steps"),
    ],
)
def test_check_names_the_bad_field(fields: dict[str, object], field: str) -> None:
    v = Violations()
    check(_schedule(**fields), v, "s", 10**9)
    with pytest.raises(ValidationError) as info:
        v.raise_if_any()
    assert [x.field for x in info.value.violations] == [field]


def test_check_accepts_a_refined_schedule_that_names_its_job() -> None:
    v = Violations()
    check(_schedule(refined=pb.RefinedSchedule(refine_from="job-1")), v, "s", 10**9)
    assert not v
