"""Schedule refinement from gradient norms (Defazio et al.), pure."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuneforge.errors import ValidationError
from tuneforge.schedules.refine import Norm, default_window, median_filter, refine


def linear_decay(steps: int, base_learning_rate: float) -> np.ndarray:
    """Linear decay to 0 at the last step: base_learning_rate * (1 - t / (T - 1))."""
    return base_learning_rate * (1.0 - np.arange(steps) / (steps - 1))


def fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {v.field for v in exc.value.violations}


def brute_median_filter(x: np.ndarray, window: int) -> np.ndarray:
    """np.median of each centred window of x extended by repeating its end values."""
    h = window // 2
    y = np.concatenate([np.full(h, x[0]), x, np.full(h, x[-1])])
    return np.array([np.median(y[t : t + window]) for t in range(len(x))])


def direct_refinement(smoothed: np.ndarray, power: float) -> np.ndarray:
    """eta_t = w_t sum_{p>t} w_p by an explicit double loop, normalised to peak 1."""
    w = smoothed**-power
    eta = np.array([w[t] * sum(w[t + 1 :]) for t in range(len(w))])
    return eta / eta.max()


@pytest.mark.parametrize("norm", ["l2", "l1"])
@pytest.mark.parametrize("steps", [2, 3, 10, 1000, 4097])
def test_constant_norms_reproduce_linear_decay(norm: str, steps: int) -> None:
    out = refine(np.full(steps, 3.7), norm=norm, base_learning_rate=0.02)
    np.testing.assert_allclose(out.schedule, linear_decay(steps, 0.02), rtol=0, atol=1e-12)
    t = np.arange(steps)
    np.testing.assert_allclose(out.schedule, 0.02 * (1 - t / (steps - 1)), rtol=0, atol=1e-12)


@pytest.mark.parametrize("norm", [Norm.L2, Norm.L1])
def test_schedule_matches_the_formula(norm: Norm) -> None:
    rng = np.random.default_rng(7)
    g = np.exp(rng.normal(0, 0.5, 300))
    out = refine(g, norm=norm, base_learning_rate=0.5, smoothing_window=9)
    np.testing.assert_array_equal(out.smoothed, brute_median_filter(g, 9))
    power = 2.0 if norm is Norm.L2 else 1.0
    expected = 0.5 * direct_refinement(out.smoothed, power)
    np.testing.assert_allclose(out.schedule, expected, rtol=1e-10, atol=1e-15)
    # weights are 1 / G^p up to one common factor, the smallest being 1
    ratio = out.weights * out.smoothed**power
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-12)
    assert out.weights.min() == pytest.approx(1.0)
    assert out.schedule.max() == 0.5
    assert out.schedule[-1] == 0.0
    assert out.norm is norm and out.window == 9


def test_l2_on_norms_equals_l1_on_squared_norms() -> None:
    rng = np.random.default_rng(3)
    g = rng.uniform(0.5, 2.0, 500)
    # an odd-window median commutes with the monotone map x -> x^2
    a = refine(g, norm="l2")
    b = refine(g**2, norm="l1")
    np.testing.assert_allclose(a.schedule, b.schedule, rtol=1e-12, atol=1e-15)


def test_schedule_is_scale_invariant_in_the_norms() -> None:
    g = np.linspace(1.0, 3.0, 200) + np.sin(np.arange(200))
    np.testing.assert_allclose(refine(g).schedule, refine(g * 1e6).schedule, rtol=1e-12, atol=1e-15)


def test_large_early_norms_produce_a_warmup() -> None:
    t = np.arange(1000)
    g = 1 + 4 * np.exp(-t / 50)  # norms fall during the first steps, then stay level
    sched = refine(g).schedule
    peak = int(np.argmax(sched))
    assert 10 < peak < 500
    assert np.all(np.diff(sched[: peak - 10]) > 0)  # rising: a warm-up
    np.testing.assert_array_equal(refine(g).smoothed, g)  # monotone: left as it is
    assert sched[0] < 0.5 * sched[peak]
    flat = refine(np.ones(1000)).schedule
    assert int(np.argmax(flat)) == 0  # no warm-up without the early norms


def test_rising_late_norms_anneal_faster_than_linear() -> None:
    steps = 1000
    t = np.arange(steps)
    g = np.where(t < 700, 1.0, 1.0 + 3.0 * (t - 700) / 300)
    sched = refine(g).schedule
    linear = linear_decay(steps, 1.0)
    late = slice(750, steps - 1)
    assert np.all(sched[late] < linear[late])
    # the final tenth keeps a smaller share of the peak than linear decay does
    assert sched[900:].sum() < 0.5 * linear[900:].sum()
    assert int(np.argmax(sched)) == 0


def test_falling_late_norms_anneal_slower_than_linear() -> None:
    t = np.arange(1000)
    g = np.where(t < 700, 2.0, 2.0 - 1.5 * (t - 700) / 300)
    sched = refine(g).schedule
    linear = linear_decay(1000, 1.0)
    assert np.all(sched[750:999] > linear[750:999])


@pytest.mark.parametrize("spike_at", [1, 250, 498])
def test_median_filter_removes_a_single_spike(spike_at: int) -> None:
    g = np.full(500, 2.0)
    g[spike_at] = 1000.0
    out = refine(g, smoothing_window=5)
    np.testing.assert_array_equal(out.smoothed, np.full(500, 2.0))
    np.testing.assert_allclose(out.schedule, linear_decay(500, 1.0), atol=1e-12)
    raw = refine(g, smoothing_window=1)  # no filter: the spike shows
    assert raw.smoothed[spike_at] == 1000.0
    assert not np.allclose(raw.schedule, linear_decay(500, 1.0), atol=1e-3)


def test_spike_on_the_first_or_last_sample_stays_there_only() -> None:
    for at in (0, -1):
        g = np.full(100, 2.0)
        g[at] = 50.0
        expected = np.full(100, 2.0)
        expected[at] = 50.0
        np.testing.assert_array_equal(refine(g, smoothing_window=7).smoothed, expected)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.integers(0, 6), min_size=1, max_size=60),
    st.integers(0, 40).map(lambda h: 2 * h + 1),
)
def test_median_filter_matches_brute_force(values: list[int], window: int) -> None:
    x = np.array(values, dtype=np.float64)
    np.testing.assert_array_equal(median_filter(x, window), brute_median_filter(x, window))


def test_median_filter_of_a_large_window_on_a_long_sequence() -> None:
    rng = np.random.default_rng(11)
    x = rng.random(3000)
    np.testing.assert_array_equal(median_filter(x, 601), brute_median_filter(x, 601))


@pytest.mark.parametrize(
    ("n", "tau", "window"),
    [(1000, 0.1, 101), (1010, 0.1, 101), (2, 0.1, 1), (999, 0.1, 99), (50, 0.0, 1)],
)
def test_default_window_is_odd_near_tau_t(n: int, tau: float, window: int) -> None:
    assert default_window(n, tau) == window
    assert refine(np.ones(n), tau=tau).window == window


def test_zero_norm_is_allowed_when_filtered_out() -> None:
    g = np.ones(100)
    g[40] = 0.0
    assert refine(g, smoothing_window=3).smoothed[40] == 1.0
    with pytest.raises(ValidationError) as exc:
        refine(g, smoothing_window=1)
    assert fields(exc) == {"grad_norms"}


def test_outputs_are_read_only() -> None:
    out = refine([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="read-only"):
        out.schedule[0] = 5.0


@pytest.mark.parametrize(
    ("kwargs", "bad"),
    [
        ({"grad_norms": []}, {"grad_norms"}),
        ({"grad_norms": [1.0]}, {"grad_norms"}),
        ({"grad_norms": [[1.0, 2.0]]}, {"grad_norms"}),
        ({"grad_norms": ["x", 1.0]}, {"grad_norms"}),
        ({"grad_norms": [1.0] * 17 + [-1.0, math.nan]}, {"grad_norms[17]"}),
        ({"grad_norms": [1.0, 2.0, math.nan]}, {"grad_norms[2]"}),
        ({"grad_norms": [math.inf, 1.0]}, {"grad_norms[0]"}),
        ({"norm": "linf"}, {"norm"}),
        ({"smoothing_window": 0}, {"smoothing_window"}),
        ({"smoothing_window": -3}, {"smoothing_window"}),
        ({"smoothing_window": 4}, {"smoothing_window"}),
        ({"smoothing_window": 2.0}, {"smoothing_window"}),
        ({"smoothing_window": 9}, {"smoothing_window"}),  # more than 2 * 3 + 1
        ({"grad_norms": [], "smoothing_window": 9}, {"grad_norms"}),
        ({"base_learning_rate": 0.0}, {"base_learning_rate"}),
        ({"base_learning_rate": math.inf}, {"base_learning_rate"}),
        ({"tau": 1.5}, {"tau"}),
        ({"tau": math.nan}, {"tau"}),
        ({"grad_norms": [], "norm": "sgd", "smoothing_window": 0},
         {"grad_norms", "norm", "smoothing_window"}),
    ],
)  # fmt: skip
def test_each_bad_field_is_named(kwargs: dict[str, object], bad: set[str]) -> None:
    args: dict[str, object] = {"grad_norms": [1.0, 2.0, 3.0], **kwargs}
    with pytest.raises(ValidationError) as exc:
        refine(**args)  # type: ignore[arg-type]
    assert fields(exc) == bad
