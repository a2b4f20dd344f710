"""The learning-rate schedule factor: warm-up, then constant, linear, cosine or step."""

from __future__ import annotations

import itertools
import math

import pytest

from tuneforge.trainer.schedule import factor, is_constant
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
