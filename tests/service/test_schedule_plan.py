"""ScheduleService.PlanSchedule over a real server on loopback, through the SDK."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
import numpy as np
import pytest

from tests.conftest import ServerThread
from tuneforge.trainer.schedule import Schedule
from tuneforge.v1 import schedule_service_pb2 as pb
from tuneforge.v1 import trainer_service_pb2 as trainer_pb
from tuneforge_client import Client, TuneforgeError
from tuneforge_client.trainer import message_of

Start = Callable[..., ServerThread]


@pytest.fixture
def tf(start_server: Start) -> Client:
    from tuneforge.schedules.service import spec

    server = start_server([spec()])
    return Client(server.target, timeout=30)


def _rates_from_segments(segments: Any, total: int) -> np.ndarray:
    """Every step's rate from the wire's piecewise form, as its comment defines it."""
    out = np.empty(total)
    for s in segments:
        k = np.arange(s.start_step, s.end_step)
        p = (k - s.start_step) / (s.end_step - s.start_step)
        a, b = s.start_learning_rate, s.end_learning_rate
        out[k] = {
            pb.SEGMENT_SHAPE_CONSTANT: np.full(len(k), a),
            pb.SEGMENT_SHAPE_LINEAR: a + (b - a) * p,
            pb.SEGMENT_SHAPE_COSINE: a + (b - a) * 0.5 * (1 - np.cos(np.pi * p)),
            pb.SEGMENT_SHAPE_SQRT: a + (b - a) * np.sqrt(p),
        }[s.shape]
    return out


@pytest.mark.parametrize(
    "schedule",
    [
        None,
        {"warmupSteps": 10, "cosine": {"finalFactor": 0.1}},
        {"warmupSteps": 5, "step": {"stepSize": 30, "gamma": 0.5}},
        {"warmupSteps": 20, "wsd": {"decayFraction": 0.25, "shape": "DECAY_SHAPE_SQRT"}},
        {"refined": {"factors": [0.5, 1.0, 0.2, 0.0]}},
    ],
)
def test_rates_and_segments_agree_with_the_trainers_schedule(
    tf: Client, schedule: dict[str, Any] | None
) -> None:
    total, base = 300, 0.05
    out = tf.plan_schedule(schedule, total, base_learning_rate=base)
    assert out.total_steps == total
    spec = message_of(schedule or {}, trainer_pb.ScheduleSpec())
    # The trainer's per-step factor, one step at a time, is the ground truth.
    want = base * np.array(
        [Schedule(spec, default="linear").factor(k, total) for k in range(total)]
    )
    np.testing.assert_allclose(out.learning_rates, want, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(_rates_from_segments(out.segments, total), want, atol=1e-12)
    starts = [s.start_step for s in out.segments]
    assert starts[0] == 0 and out.segments[-1].end_step == total
    assert all(s.end_step == n for s, n in zip(out.segments, starts[1:], strict=False))


def test_the_default_is_linear_decay_to_zero(tf: Client) -> None:
    out = tf.plan_schedule(None, 100, base_learning_rate=2.0)
    # Step k's rate is taken at the start of the step: it reaches 0 at the budget's end.
    np.testing.assert_allclose(out.learning_rates, 2.0 * (1 - np.arange(100) / 100), atol=1e-12)
    (segment,) = out.segments
    assert segment.shape == pb.SEGMENT_SHAPE_LINEAR and segment.end_learning_rate == 0.0


def test_a_long_run_is_piecewise_only(tf: Client) -> None:
    total = 10**12
    out = tf.plan_schedule({"warmupSteps": 1000, "wsd": {}}, total)
    assert not out.learning_rates
    assert [(s.start_step, s.end_step) for s in out.segments] == [
        (0, 1000),
        (1000, total - round(0.2 * (total - 1000))),
        (total - round(0.2 * (total - 1000)), total),
    ]
    assert len(tf.plan_schedule(None, 50, max_points=49).learning_rates) == 0
    assert len(tf.plan_schedule(None, 50, max_points=50).learning_rates) == 50


def test_render_png_is_a_png(tf: Client) -> None:
    pytest.importorskip("matplotlib")
    out = tf.plan_schedule({"cosine": {}}, 10**9, render_png=True)
    assert out.png.startswith(b"\x89PNG\r\n\x1a\n") and len(out.png) > 1000
    assert not tf.plan_schedule({"cosine": {}}, 10).png


@pytest.mark.parametrize(
    ("schedule", "kwargs", "fields"),
    [
        (None, {"total_steps": 0}, {"total_steps"}),
        (None, {"total_steps": 10**12 + 1}, {"total_steps"}),
        (None, {"total_steps": 10, "base_learning_rate": float("nan")}, {"base_learning_rate"}),
        (None, {"total_steps": 10, "max_points": 100_001}, {"max_points"}),
        ({"warmupSteps": -1}, {"total_steps": 10}, {"schedule.warmup_steps"}),
        ({"cosine": {"finalFactor": 2}}, {"total_steps": 10}, {"schedule.cosine.final_factor"}),
        ({"step": {"stepSize": 1}}, {"total_steps": 10**9}, {"schedule.step.step_size"}),
        ({"refined": {"factors": [1.0]}}, {"total_steps": 10}, {"schedule.refined.factors"}),
        ({"refined": {"factors": [1, -1]}}, {"total_steps": 10}, {"schedule.refined.factors"}),
        ({"refined": {"refineFrom": "job-1"}}, {"total_steps": 10}, {"schedule.refined.factors"}),
        ({"wsd": {"shape": 9}}, {"total_steps": 10}, {"schedule.wsd.shape"}),
    ],
)
def test_bad_input_is_a_field_violation(
    tf: Client, schedule: dict[str, Any] | None, kwargs: dict[str, Any], fields: set[str]
) -> None:
    with pytest.raises(TuneforgeError) as exc:
        tf.plan_schedule(schedule, **kwargs)
    assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT
    assert {v.field for v in exc.value.field_violations} == fields


def test_refine_schedule_by_job_needs_a_job_store(tf: Client) -> None:
    with pytest.raises(TuneforgeError) as exc:
        tf.refine_schedule(job_id="job-1")
    assert exc.value.code is grpc.StatusCode.FAILED_PRECONDITION
    with pytest.raises(TuneforgeError) as exc:
        tf.refine_schedule([1.0, 1.0], job_id="job-1")
    assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT
    assert exc.value.violation("grad_norms") is not None
