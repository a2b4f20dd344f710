"""Entropic optimal transport: Sinkhorn and Sinkhorn-Newton-Sparse against POT."""

from __future__ import annotations

import dataclasses
import threading
import time

import numpy as np
import ot
import pytest

from tuneforge.deadline import Deadline
from tuneforge.errors import (
    CancelledError,
    DeadlineExceededError,
    ResourceExhaustedError,
    ValidationError,
)
from tuneforge.transport import (
    Method,
    PlanFormat,
    SolveOptions,
    TransportProblem,
    make_batch,
    make_problem,
    pairwise_cost,
    solve,
    solve_batch,
)
from tuneforge.transport.backend import NumpyBackend
from tuneforge.transport.sinkhorn import Diverged, Potentials, Trace, sinkhorn


def _weights(rng: np.random.Generator, n: int) -> np.ndarray:
    w = rng.random(n) + 0.1
    return w / w.sum()


def _clouds(seed: int, n: int, m: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    return _weights(rng, n), _weights(rng, m), rng.random((n, 2)), rng.random((m, 2))


def _pot_plan(a: np.ndarray, b: np.ndarray, cost: np.ndarray, eps: float) -> np.ndarray:
    plan = ot.sinkhorn(
        a, b, cost, eps, method="sinkhorn_log", numItermax=200_000, stopThr=1e-14, warn=False
    )
    return np.asarray(plan)


def _fields(err: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {v.field for v in err.value.violations}


@pytest.mark.parametrize("method", [Method.SINKHORN, Method.SNS, Method.AUTO])
@pytest.mark.parametrize("eps", [0.05, 0.01])
def test_agrees_with_pot_sinkhorn_log(method: Method, eps: float) -> None:
    a, b, x, y = _clouds(1, 40, 30)
    problem = make_problem(a, b, eps, x=x, y=y)
    res = solve(problem, SolveOptions(method=method, tolerance=1e-11, plan=PlanFormat.DENSE))
    ref = _pot_plan(a, b, problem.cost, eps)
    assert res.converged and res.violation <= 1e-11
    assert res.plan is not None
    np.testing.assert_allclose(res.plan, ref, atol=1e-9)
    assert res.cost == pytest.approx(float((ref * problem.cost).sum()), rel=1e-7)
    entropic = float((ref * problem.cost).sum() + eps * (ref * np.log(ref)).sum())
    assert res.entropic_cost == pytest.approx(entropic, rel=1e-7)
    # the potentials generate the plan
    rebuilt = np.exp((res.f[:, None] + res.g[None, :] - problem.cost) / eps)
    np.testing.assert_allclose(rebuilt, res.plan, rtol=1e-10, atol=1e-300)


def test_sns_reaches_tight_tolerance_where_sinkhorn_crawls() -> None:
    rng = np.random.default_rng(7)
    n = 60
    cost = rng.random((n, n))
    problem = make_problem(np.full(n, 1 / n), np.full(n, 1 / n), 1 / 300, cost=cost)
    sns = solve(problem, SolveOptions(method=Method.SNS, tolerance=1e-12))
    sk = solve(problem, SolveOptions(method=Method.SINKHORN, tolerance=1e-12))
    assert sns.converged and sns.violation <= 1e-12
    assert sns.newton_iterations > 0 and sns.hessian_nnz > 0
    assert sns.iterations < sk.iterations
    assert sns.cost == pytest.approx(sk.cost, rel=1e-8)


def test_unsparsified_newton_converges_on_a_degenerate_w1_problem() -> None:
    # W1 on a line has many optimal plans: the Hessian is exactly singular and badly
    # conditioned, the case where round-off along its null vector used to break CG.
    t = np.linspace(0, 1, 120)
    a = np.exp(-((t - 0.3) ** 2) / 0.01) + 0.01
    b = np.exp(-((t - 0.6) ** 2) / 0.02) + 0.01
    a, b = a / a.sum(), b / b.sum()
    problem = make_problem(a, b, 2e-3, cost=np.abs(t[:, None] - t[None, :]))
    res = solve(problem, SolveOptions(method=Method.SNS, sparsity=1.0, tolerance=1e-12))
    assert res.converged and res.violation <= 1e-12
    ref = solve(problem, SolveOptions(method=Method.SINKHORN, tolerance=1e-12))
    assert res.cost == pytest.approx(ref.cost, rel=1e-9)


def test_tiny_epsilon_stays_finite() -> None:
    a, b, x, y = _clouds(13, 25, 25)
    problem = make_problem(a, b, 1e-4, x=x, y=y, normalize_cost=True)  # exp(-C/eps) underflows
    for method in (Method.SINKHORN, Method.SNS):
        res = solve(problem, SolveOptions(method=method, tolerance=1e-10))
        assert res.converged and np.isfinite(res.f).all() and np.isfinite(res.g).all()
    emd = float((ot.emd(problem.a, problem.b, problem.cost) * problem.cost).sum())
    assert res.cost == pytest.approx(emd, abs=1e-3)


@pytest.mark.parametrize("sparsity", [2 / 60, 8 / 60, 1.0])
def test_sns_fixed_sparsity_as_in_the_paper(sparsity: float) -> None:
    rng = np.random.default_rng(3)
    cost = rng.random((60, 60))
    problem = make_problem(np.full(60, 1 / 60), np.full(60, 1 / 60), 1 / 150, cost=cost)
    res = solve(problem, SolveOptions(method=Method.SNS, sparsity=sparsity, tolerance=1e-10))
    assert res.converged
    assert res.hessian_nnz == min(60 * 60, int(np.ceil(sparsity * 3600))) or sparsity == 1.0
    ref = _pot_plan(problem.a, problem.b, cost, 1 / 150)
    assert res.cost == pytest.approx(float((ref * cost).sum()), rel=1e-7)


def test_auto_resolves_to_the_method_used() -> None:
    a, b, x, y = _clouds(2, 30, 30)
    easy = solve(make_problem(a, b, 0.5, x=x, y=y), SolveOptions(tolerance=1e-6))
    assert easy.method == Method.SINKHORN and easy.newton_iterations == 0
    hard = solve(make_problem(a, b, 2e-3, x=x, y=y), SolveOptions(auto_switch_iterations=10))
    assert hard.method == Method.SNS and hard.newton_iterations > 0 and hard.converged


def test_epsilon_scaling_gives_the_same_solution() -> None:
    a, b, x, y = _clouds(4, 50, 40)
    problem = make_problem(a, b, 1e-3, x=x, y=y, normalize_cost=True)
    plain = solve(problem, SolveOptions(method=Method.SNS, tolerance=1e-10))
    scaled = solve(problem, SolveOptions(method=Method.SNS, tolerance=1e-10, epsilon_scaling=True))
    assert scaled.converged and plain.converged
    assert scaled.scaling_iterations > 0
    assert scaled.cost == pytest.approx(plain.cost, rel=1e-7)


def test_non_convergence_is_reported_not_raised() -> None:
    a, b, x, y = _clouds(5, 50, 50)
    problem = make_problem(a, b, 1e-3, x=x, y=y)
    sk = solve(problem, SolveOptions(method=Method.SINKHORN, max_iterations=3))
    assert not sk.converged and sk.violation > 1e-9 and sk.sinkhorn_iterations == 3
    sns = solve(
        problem, SolveOptions(method=Method.SNS, warm_start_iterations=1, max_newton_iterations=1)
    )
    assert not sns.converged and np.isfinite(sns.violation) and sns.newton_iterations <= 1


@pytest.mark.parametrize("method", [Method.SINKHORN, Method.SNS])
def test_torch_and_numpy_backends_agree(method: Method) -> None:
    a, b, x, y = _clouds(6, 40, 35)
    problem = make_problem(a, b, 5e-3, x=x, y=y)
    opts = {"method": method, "tolerance": 1e-10, "sparsity": 0.3}
    res_np = solve(problem, SolveOptions(backend="numpy", **opts))  # type: ignore[arg-type]
    res_t = solve(problem, SolveOptions(backend="torch", **opts))  # type: ignore[arg-type]
    assert res_np.backend.startswith("numpy") and res_t.backend.startswith("torch")
    assert res_np.converged and res_t.converged
    assert res_t.cost == pytest.approx(res_np.cost, rel=1e-9)
    shift = float(np.mean(res_t.f - res_np.f))  # potentials are unique up to (c, -c)
    np.testing.assert_allclose(res_t.f - shift, res_np.f, atol=1e-8)
    np.testing.assert_allclose(res_t.g + shift, res_np.g, atol=1e-8)


@pytest.mark.parametrize("metric", ["sqeuclidean", "euclidean", "l1"])
def test_point_cloud_cost_matches_its_metric(metric: str) -> None:
    a, b, x, y = _clouds(8, 12, 9)
    problem = make_problem(a, b, 0.1, x=x, y=y, metric=metric)
    expected = {
        "sqeuclidean": ((x[:, None] - y[None]) ** 2).sum(-1),
        "euclidean": np.sqrt(((x[:, None] - y[None]) ** 2).sum(-1)),
        "l1": np.abs(x[:, None] - y[None]).sum(-1),
    }[metric]
    np.testing.assert_allclose(problem.cost, expected, atol=1e-12)
    np.testing.assert_allclose(pairwise_cost(x, y, metric), expected, atol=1e-12)


def test_zero_weights_are_dropped_with_minus_infinite_potentials() -> None:
    a, b, x, y = _clouds(9, 20, 15)
    a[[3, 7]] = 0.0
    b[0] = 0.0
    b *= a.sum() / b.sum()
    problem = make_problem(a, b, 0.02, x=x, y=y)
    res = solve(problem, SolveOptions(tolerance=1e-11, plan=PlanFormat.DENSE))
    assert res.converged and res.plan is not None
    assert np.isneginf(res.f[[3, 7]]).all() and np.isneginf(res.g[0])
    assert np.isfinite(np.delete(res.f, [3, 7])).all()
    assert not res.plan[[3, 7]].any() and not res.plan[:, 0].any()
    keep_a, keep_b = a > 0, b > 0
    ref = _pot_plan(a[keep_a], b[keep_b], problem.cost[np.ix_(keep_a, keep_b)], 0.02)
    np.testing.assert_allclose(res.plan[np.ix_(keep_a, keep_b)], ref, atol=1e-9)


def test_sparse_plan_support_and_guards() -> None:
    a, b, x, y = _clouds(10, 30, 30)
    problem = make_problem(a, b, 1e-3, x=x, y=y)
    dense = solve(problem, SolveOptions(plan=PlanFormat.DENSE)).plan
    assert dense is not None
    sparse = solve(problem, SolveOptions(plan=PlanFormat.SPARSE, plan_threshold=1e-12))
    sup = sparse.plan_support
    assert sup is not None and not sup.truncated and sup.shape == (30, 30)
    assert sup.values.size == int((dense > 1e-12).sum())
    np.testing.assert_allclose(sup.values, dense[sup.rows, sup.cols], rtol=1e-8, atol=1e-14)
    small = solve(problem, SolveOptions(plan=PlanFormat.SPARSE, max_plan_entries=5))
    assert small.plan_support is not None and small.plan_support.truncated
    assert small.plan_support.values.min() >= np.sort(dense.ravel())[-5] * (1 - 1e-8)
    with pytest.raises(ResourceExhaustedError):
        solve(problem, SolveOptions(plan=PlanFormat.DENSE, max_plan_entries=100))
    with pytest.raises(ResourceExhaustedError):
        solve(problem, SolveOptions(max_problem_entries=100))


def test_history_covers_every_iteration() -> None:
    a, b, x, y = _clouds(11, 30, 30)
    res = solve(
        make_problem(a, b, 5e-3, x=x, y=y), SolveOptions(method=Method.SNS, record_history=True)
    )
    assert res.history_iterations.size == res.iterations == res.history_violations.size
    assert res.history_violations[-1] == pytest.approx(res.violation, rel=1e-6)


def test_batch_matches_single_solves() -> None:
    rng = np.random.default_rng(12)
    x, y = rng.random((25, 2)), rng.random((20, 2))
    a = np.stack([_weights(rng, 25) for _ in range(3)])
    b = _weights(rng, 20)
    batch = make_batch(a, b, 0.01, x=x, y=y)
    results = solve_batch(batch, SolveOptions(tolerance=1e-10))
    assert len(results) == 3
    for i, res in enumerate(results):
        single = solve(make_problem(a[i], b, 0.01, x=x, y=y), SolveOptions(tolerance=1e-10))
        assert res.converged and res.cost == pytest.approx(single.cost, rel=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"a": [0.5, -0.1, 0.6]}, "a"),
        ({"a": [0.5, np.nan, 0.5]}, "a"),
        ({"b": [np.inf, 0.5, 0.5]}, "b"),
        ({"a": []}, "a"),
        ({"a": [0.0, 0.0, 0.0]}, "a"),
        ({"b": [0.2, 0.2, 0.2]}, "b"),  # mass 0.6 against 1
        ({"epsilon": 0.0}, "epsilon"),
        ({"epsilon": -1.0}, "epsilon"),
        ({"epsilon": float("nan")}, "epsilon"),
        ({"cost": np.ones((3, 2))}, "cost"),
        ({"cost": [[0, 1, np.nan], [1, 0, 1], [1, 1, 0]]}, "cost"),
        ({"cost": None}, "cost"),  # neither cost nor clouds
        ({"x": np.zeros((3, 2)), "y": np.zeros((3, 2))}, "cost"),  # both
    ],
)
def test_validation_names_the_field(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {
        "a": [0.25, 0.25, 0.5],
        "b": [0.5, 0.25, 0.25],
        "epsilon": 0.1,
        "cost": np.ones((3, 3)),
    }
    args.update(kwargs)
    with pytest.raises(ValidationError) as err:
        make_problem(**args)  # type: ignore[arg-type]
    assert field in _fields(err)


def test_validation_of_clouds_and_mass_reason() -> None:
    a, b = [0.5, 0.5], [0.5, 0.5]
    with pytest.raises(ValidationError) as err:
        make_problem(a, b, 0.1, x=np.zeros((2, 2)), y=np.zeros((2, 3)))
    assert "y" in _fields(err)
    with pytest.raises(ValidationError) as err:
        make_problem(a, b, 0.1, x=np.zeros((3, 2)), y=np.zeros((2, 2)))
    assert "x" in _fields(err)
    with pytest.raises(ValidationError) as err:
        make_problem(a, b, 0.1, x=np.zeros((2, 2)), y=np.zeros((2, 2)), metric="cosine")
    assert "metric" in _fields(err)
    with pytest.raises(ValidationError) as err:
        make_problem(a, [0.5, 0.6], 0.1, cost=np.ones((2, 2)))
    assert [v.reason for v in err.value.violations] == ["MASS_MISMATCH"]
    # within round-off, b is rescaled to a's mass
    ok = make_problem(a, [0.5, 0.5 + 1e-9], 0.1, cost=np.ones((2, 2)))
    assert ok.b.sum() == pytest.approx(1.0, abs=1e-15)


def test_validation_reports_every_field_and_batch_rows() -> None:
    with pytest.raises(ValidationError) as err:
        make_problem([-1.0, 1.0], [1.0, np.nan], 0.0, cost=np.ones((2, 2)))
    assert _fields(err) == {"a", "b", "epsilon"}
    with pytest.raises(ValidationError) as err:
        make_batch([[0.5, 0.5], [0.5, -0.5]], [0.5, 0.5], 0.1, cost=np.ones((2, 2)))
    assert _fields(err) == {"a[1]"}


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"tolerance": 0.0}, "tolerance"),
        ({"max_iterations": 0}, "max_iterations"),
        ({"sparsity": 1.5}, "sparsity"),
        ({"sparsity": 0.0}, "sparsity"),
        ({"epsilon_scaling_factor": 1.0}, "epsilon_scaling_factor"),
        ({"backend": "jax"}, "backend"),
        ({"hessian_mass": 0.0}, "hessian_mass"),
    ],
)
def test_bad_options_name_the_field(options: dict[str, object], field: str) -> None:
    problem = make_problem([0.5, 0.5], [0.5, 0.5], 0.1, cost=np.ones((2, 2)))
    with pytest.raises(ValidationError) as err:
        solve(problem, SolveOptions(**options))  # type: ignore[arg-type]
    assert field in _fields(err)


# -- stopping: deadlines, cancels, divergence -------------------------------------------


def _endless(seed: int = 14, n: int = 200) -> tuple[TransportProblem, SolveOptions]:
    """A problem and options that would run for minutes: the tolerance is never met."""
    a, b, x, y = _clouds(seed, n, n)
    problem = make_problem(a, b, 1e-3, x=x, y=y)
    return problem, SolveOptions(tolerance=1e-300, max_iterations=10**7, backend="numpy")


@pytest.mark.parametrize("method", [Method.SINKHORN, Method.SNS, Method.AUTO])
def test_a_deadline_stops_every_method(method: Method) -> None:
    problem, options = _endless()
    began = time.monotonic()
    with pytest.raises(DeadlineExceededError):
        solve(problem, dataclasses.replace(options, method=method), deadline=Deadline(0.3))
    assert time.monotonic() - began < 1.5


def test_a_cancel_from_another_thread_stops_the_newton_stage() -> None:
    # SNS with a tolerance it cannot reach: the cancel lands in the Newton stage's loops.
    problem, _ = _endless(n=120)
    options = SolveOptions(
        method=Method.SNS,
        tolerance=1e-300,
        max_newton_iterations=10**6,
        sparsity=1.0,
        backend="numpy",
    )
    deadline = Deadline()
    threading.Timer(0.3, deadline.cancel, ("the server is shutting down",)).start()
    began = time.monotonic()
    with pytest.raises(CancelledError, match="shutting down"):
        solve(problem, options, deadline=deadline)
    assert time.monotonic() - began < 1.5


def test_a_batch_checks_its_deadline_between_problems() -> None:
    rng = np.random.default_rng(15)
    x, y = rng.random((10, 2)), rng.random((10, 2))
    batch = make_batch(
        np.stack([_weights(rng, 10) for _ in range(3)]), _weights(rng, 10), 0.1, x=x, y=y
    )
    deadline = Deadline()
    deadline.cancel()
    with pytest.raises(CancelledError):
        solve_batch(batch, deadline=deadline)
    assert len(solve_batch(batch, deadline=Deadline(60))) == 3


def test_sinkhorn_stops_at_the_first_non_finite_sweep() -> None:
    # cost / epsilon = -inf: every sweep after would be NaN, up to any cap.
    ops, w = NumpyBackend(), np.full(2, 0.5)
    ce = np.array([[0.0, -np.inf], [-np.inf, 0.0]])
    trace = Trace(True, [], [])
    with np.errstate(all="ignore"), pytest.raises(Diverged):
        sinkhorn(
            ops,
            ce,
            w,
            w,
            Potentials(np.zeros(2), np.zeros(2)),
            tolerance=1e-9,
            max_iterations=10**9,
            buf=np.empty((2, 2)),
            trace=trace,
            deadline=Deadline.never(),
        )
    assert trace.count == 1


@pytest.mark.parametrize(("cost", "epsilon"), [(-1e308, 0.1), (1e308, 1.0), (1.0, 1e-310)])
def test_a_cost_that_overflows_at_this_epsilon_is_refused_up_front(
    cost: float, epsilon: float
) -> None:
    c = [[0.0, cost], [cost, 0.0]]
    with pytest.raises(ValidationError) as err:
        make_problem([0.5, 0.5], [0.5, 0.5], epsilon, cost=c)
    assert [(v.field, v.reason) for v in err.value.violations] == [("cost", "OUT_OF_RANGE")]
    with pytest.raises(ValidationError) as err:
        make_batch([[0.5, 0.5]], [0.5, 0.5], epsilon, cost=c)
    assert _fields(err) == {"cost"}
    # big-M entries that float64 carries are fine: the forbidden pairs get no mass
    big_m = make_problem([0.5, 0.5], [0.5, 0.5], 0.1, cost=[[0.0, 1e30], [1e30, 0.0]])
    res = solve(big_m, SolveOptions(plan=PlanFormat.DENSE))
    assert res.converged and res.plan is not None and res.plan[0, 1] < 1e-200


def test_a_solve_that_goes_non_finite_is_a_cost_violation() -> None:
    cost = np.array([[1.0, 1.0, -1.0], [-1.0, -1.0, -1.0], [-1.0, -1.0, 0.0]]) * 4.4e307
    w = np.full(3, 1 / 3)
    options = SolveOptions(method=Method.SINKHORN, max_iterations=50)
    with pytest.raises(ValidationError) as err:
        solve(make_problem(w, w, 1.0, cost=cost), options)
    assert [(v.field, v.reason) for v in err.value.violations] == [("cost", "DIVERGED")]
    assert "raise epsilon" in err.value.violations[0].description
    with pytest.raises(ValidationError) as err:
        solve_batch(make_batch(np.stack([w, w]), w, 1.0, cost=cost), options)
    assert "problem 0" in err.value.violations[0].description
