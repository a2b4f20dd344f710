"""ScheduleService.RefineSchedule over a real server on loopback, through the SDK."""

from __future__ import annotations

from collections.abc import Callable

import grpc
import numpy as np
import pytest

from tests.conftest import ServerThread
from tuneforge.schedules.refine import refine
from tuneforge_client import Client, TuneforgeError

Start = Callable[..., ServerThread]


@pytest.fixture
def tf(start_server: Start) -> Client:
    from tuneforge.schedules.service import spec

    server = start_server([spec()])
    return Client(server.target, timeout=30)


def test_constant_norms_refine_to_linear_decay(tf: Client) -> None:
    steps = 400
    out = tf.refine_schedule([2.5] * steps, "l2", base_learning_rate=0.1)
    expected = 0.1 * (1.0 - np.arange(steps) / (steps - 1))
    np.testing.assert_allclose(out.learning_rates, expected, rtol=0, atol=1e-12)
    assert out.smoothing_window == 41  # tau * T = 40, made odd
    assert list(out.weights) == [1.0] * steps


def test_the_response_is_the_cores_for_both_norms(tf: Client) -> None:
    rng = np.random.default_rng(0)
    norms = np.concatenate([np.linspace(8, 1, 100), 1 + 0.2 * rng.random(300)])
    for kind in ("l2", "l1"):
        got = tf.refine_schedule(norms.tolist(), kind, smoothing_window=9)
        want = refine(norms, norm=kind, smoothing_window=9)
        np.testing.assert_array_equal(got.learning_rates, want.schedule)
        np.testing.assert_array_equal(got.smoothed_norms, want.smoothed)
        assert max(got.learning_rates) == 1.0 and got.learning_rates[-1] == 0.0
        assert int(np.argmax(got.learning_rates)) > 0  # large early norms: a warm-up


@pytest.mark.parametrize(
    ("norms", "kwargs", "fields"),
    [
        ([], {}, {"grad_norms"}),
        ([1.0, -2.0, 1.0], {}, {"grad_norms[1]"}),
        ([1.0, float("nan"), 1.0], {}, {"grad_norms[1]"}),
        ([1.0] * 10, {"smoothing_window": 4}, {"smoothing_window"}),
        ([1.0] * 10, {"base_learning_rate": -1.0, "tau": 2.0}, {"base_learning_rate", "tau"}),
        ([1.0] * 10, {"norm": 7}, {"norm"}),
    ],
)
def test_bad_input_is_a_field_violation(
    tf: Client, norms: list[float], kwargs: dict[str, object], fields: set[str]
) -> None:
    norm = kwargs.pop("norm", None)
    with pytest.raises(TuneforgeError) as exc:
        tf.refine_schedule(norms, norm, **kwargs)  # type: ignore[arg-type]
    assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT
    assert {v.field for v in exc.value.field_violations} == fields
