"""TransportService through a real server on loopback, checked against POT."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc
import numpy as np
import ot
import pytest

from tests.conftest import ServerThread
from tuneforge.roles import Resources
from tuneforge.runtime.calls import WorkPool
from tuneforge.v1 import common_pb2, transport_service_pb2_grpc
from tuneforge.v1 import transport_service_pb2 as pb
from tuneforge_client import Client, TuneforgeError

Start = Callable[..., ServerThread]
Code = grpc.StatusCode


@pytest.fixture(scope="module")
def clouds() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    x, y = rng.random((60, 2)), rng.random((50, 2)) + 0.2
    a, b = rng.random(60) + 0.1, rng.random(50) + 0.1
    return a / a.sum(), b / b.sum(), x, y


@pytest.fixture
def server(start_server: Start) -> ServerThread:
    return start_server()


@pytest.mark.parametrize("method", ["sinkhorn", "sns", "auto"])
def test_matches_pot(server: ServerThread, clouds: tuple[np.ndarray, ...], method: str) -> None:
    a, b, x, y = clouds
    cost = ot.dist(x, y)
    eps = 0.05
    ref = ot.sinkhorn(a, b, cost, eps, method="sinkhorn_log", stopThr=1e-12, numItermax=100_000)
    with Client(server.target) as tf:
        r = tf.solve_transport(a, b, eps, x=x, y=y, method=method, tolerance=1e-10, plan="dense")
    assert r.converged and r.violation <= 1e-10
    plan = np.asarray(r.plan.values).reshape(r.plan.rows, r.plan.cols)
    assert np.abs(plan - ref).max() <= 1e-8
    assert r.cost == pytest.approx(float(np.sum(cost * ref)), rel=1e-7)
    assert len(r.f) == 60 and len(r.g) == 50
    expected = {"sinkhorn": pb.TRANSPORT_METHOD_SINKHORN, "sns": pb.TRANSPORT_METHOD_SNS}
    assert r.method == expected.get(method, r.method) != pb.TRANSPORT_METHOD_AUTO


def test_cost_matrix_sparse_plan_and_history(
    server: ServerThread, clouds: tuple[np.ndarray, ...]
) -> None:
    a, b, x, y = clouds
    cost = ot.dist(x, y, metric="cityblock")
    with Client(server.target) as tf:
        r = tf.solve_transport(
            a, b, 0.02, cost=cost, plan="sparse", plan_threshold=1e-8, record_history=True
        )
        via_points = tf.solve_transport(a, b, 0.02, x=x, y=y, metric="l1")
    assert r.converged
    assert r.cost == pytest.approx(via_points.cost, rel=1e-9)
    s = r.plan_support
    assert (s.rows, s.cols) == (60, 50) and len(s.values) == len(s.row_indices) > 0
    assert min(s.values) > 1e-8
    assert len(r.history_violations) == len(r.history_iterations) > 1
    assert r.history_violations[-1] <= r.history_violations[0]


def test_non_convergence_is_reported_not_raised(
    server: ServerThread, clouds: tuple[np.ndarray, ...]
) -> None:
    a, b, x, y = clouds
    with Client(server.target) as tf:
        r = tf.solve_transport(a, b, 1e-3, x=x, y=y, method="sinkhorn", max_iterations=3)
    assert not r.converged and r.violation > 1e-9 and r.sinkhorn_iterations <= 3


def test_batch_shares_the_cost(server: ServerThread, clouds: tuple[np.ndarray, ...]) -> None:
    _, b, x, y = clouds
    rng = np.random.default_rng(1)
    rows = rng.random((4, 60)) + 0.05
    rows /= rows.sum(axis=1, keepdims=True)
    with Client(server.target) as tf:
        results = tf.solve_transport_batch(rows, b[None, :], 0.05, x=x, y=y)
        singles = [tf.solve_transport(r, b, 0.05, x=x, y=y).cost for r in rows]
    assert [r.cost for r in results] == pytest.approx(singles, rel=1e-8)
    assert all(r.converged for r in results)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"a": [-0.1] + [1.1 / 59] * 59}, "a"),
        ({"a": [float("nan")] * 60}, "a"),
        ({"b": [0.5] * 50}, "b"),  # total mass 25 vs 1
        ({"epsilon": 0.0}, "epsilon"),
        ({"epsilon": float("inf")}, "epsilon"),
        ({"a": []}, "a"),
        ({"x": None, "y": None}, "cost"),
        ({"y": np.ones((50, 3))}, "points.y"),
        ({"y": np.ones((49, 2))}, "points.y"),
        ({"metric": 17}, "points.metric"),
        ({"tolerance": -1.0}, "options.tolerance"),
        ({"sparsity": 1.5}, "options.sparsity"),
        ({"method": 9}, "options.method"),
        ({"x": np.full((60, 2), 1e200)}, "points"),  # the derived cost overflows
    ],
)
def test_bad_input_names_the_field(
    server: ServerThread, clouds: tuple[np.ndarray, ...], kwargs: dict[str, object], field: str
) -> None:
    a, b, x, y = clouds
    args: dict[str, object] = {"a": a, "b": b, "epsilon": 0.05, "x": x, "y": y, **kwargs}
    with Client(server.target) as tf, pytest.raises(TuneforgeError) as exc:
        tf.solve_transport(**args)  # type: ignore[arg-type]
    assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT
    assert field in {v.field for v in exc.value.field_violations}, exc.value


def test_dense_matrix_shape_must_match_values(server: ServerThread) -> None:
    from tuneforge.v1 import common_pb2

    bad = common_pb2.DenseMatrix(rows=2, cols=2, values=[1.0, 2.0, 3.0])
    with Client(server.target) as tf, pytest.raises(TuneforgeError) as exc:
        tf.solve_transport([0.5, 0.5], [0.5, 0.5], 0.1, cost=bad)
    assert {v.field for v in exc.value.field_violations} == {"cost.values"}


def test_size_limit_is_resource_exhausted(start_server: Start) -> None:
    st = start_server(max_transport_entries=1000)
    rng = np.random.default_rng(0)
    with Client(st.target) as tf:
        with pytest.raises(TuneforgeError) as exc:
            tf.solve_transport(
                np.full(40, 1 / 40),
                np.full(40, 1 / 40),
                0.1,
                x=rng.random((40, 2)),
                y=rng.random((40, 2)),
            )
        assert exc.value.code is grpc.StatusCode.RESOURCE_EXHAUSTED
        small = tf.solve_transport(
            np.full(20, 0.05), np.full(20, 0.05), 0.1, x=rng.random((20, 2)), y=rng.random((20, 2))
        )
        assert small.converged


# -- deadlines, the solve pool, shutdown ------------------------------------------------


def _pool(st: ServerThread) -> WorkPool:
    assert isinstance(st.server.resources, Resources)
    return st.server.resources.solve_pool


def _wait_admitted(pool: WorkPool, count: int) -> None:
    end = time.monotonic() + 10
    while pool.admitted < count:
        assert time.monotonic() < end, f"{count} solves were never admitted"
        time.sleep(0.01)


def _slow_solve(target: str, timeout: float) -> TuneforgeError:
    """A solve that would run for minutes (its tolerance is never met); its error."""
    rng = np.random.default_rng(3)
    w = np.full(300, 1 / 300)
    with Client(target, retries=0) as tf, pytest.raises(TuneforgeError) as exc:
        tf.solve_transport(
            w,
            w,
            1e-3,
            x=rng.random((300, 2)),
            y=rng.random((300, 2)),
            method="sinkhorn",
            tolerance=1e-300,
            max_iterations=1_000_000,
            timeout=timeout,
        )
    return exc.value


def _quick_solve(tf: Client) -> pb.TransportResult:
    return tf.solve_transport([0.5, 0.5], [0.5, 0.5], 0.1, cost=[[0.0, 1.0], [1.0, 0.0]])


@pytest.fixture
def background() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(4) as ex:
        yield ex


def test_the_deadline_stops_the_solve_and_frees_its_thread(start_server: Start) -> None:
    st = start_server(solve_workers=1, solve_queue=0)
    began = time.monotonic()
    assert _slow_solve(st.target, 0.5).code is Code.DEADLINE_EXCEEDED
    assert time.monotonic() - began < 2
    # The pool's one thread is freed promptly (the solve notices the deadline at its next
    # check): had the solve gone on, it would stay admitted for the whole solve.
    end = time.monotonic() + 5
    while _pool(st).admitted:
        assert time.monotonic() < end, "the timed-out solve still holds the pool's thread"
        time.sleep(0.01)
    with Client(st.target) as tf:
        assert _quick_solve(tf).converged


def test_the_server_caps_a_solve_whose_caller_allows_more(start_server: Start) -> None:
    """A caller with a long (or no) deadline still cannot hold a solve thread past
    ``max_solve_seconds``."""
    st = start_server(solve_workers=1, solve_queue=0, max_solve_seconds=0.5)
    began = time.monotonic()
    assert _slow_solve(st.target, 60.0).code is Code.DEADLINE_EXCEEDED
    assert time.monotonic() - began < 3
    assert _pool(st).admitted == 0


def test_other_calls_stay_prompt_while_every_solve_thread_is_busy(
    start_server: Start, background: ThreadPoolExecutor
) -> None:
    st = start_server(solve_workers=2, solve_queue=0)
    solves = [background.submit(_slow_solve, st.target, 3.0) for _ in range(2)]
    _wait_admitted(_pool(st), 2)
    with Client(st.target) as tf:
        began = time.monotonic()
        assert tf.health() == "SERVING"
        scaled = tf.scale_learning_rate(0.1, 32, [64], "sgd")
        assert time.monotonic() - began < 1
    assert scaled.results[0].learning_rate == pytest.approx(0.2)
    assert all(f.result().code is Code.DEADLINE_EXCEEDED for f in solves)


def test_a_full_solve_pool_refuses_at_once(
    start_server: Start, background: ThreadPoolExecutor
) -> None:
    st = start_server(solve_workers=1, solve_queue=0)
    running = background.submit(_slow_solve, st.target, 2.0)
    _wait_admitted(_pool(st), 1)
    with Client(st.target, retries=0) as tf, pytest.raises(TuneforgeError) as exc:
        _quick_solve(tf)
    assert exc.value.code is Code.RESOURCE_EXHAUSTED
    assert running.result().code is Code.DEADLINE_EXCEEDED


def test_shutdown_stops_a_running_solve(
    start_server: Start, background: ThreadPoolExecutor
) -> None:
    st = start_server(solve_workers=1)
    before = set(threading.enumerate())
    running = background.submit(_slow_solve, st.target, 60.0)
    _wait_admitted(_pool(st), 1)
    solvers = [t for t in threading.enumerate() if t not in before and t.name.startswith("solve")]
    began = time.monotonic()
    st.stop(grace=1)
    assert time.monotonic() - began < 5
    assert solvers and not any(t.is_alive() for t in solvers)
    assert running.result(timeout=5).code in {Code.CANCELLED, Code.UNAVAILABLE}


def test_iteration_caps_are_bounded_by_the_server(start_server: Start) -> None:
    st = start_server(max_transport_iterations=1000)
    with Client(st.target) as tf:
        for option in ("max_iterations", "max_newton_iterations"):
            cap: dict[str, Any] = {option: 2**31 - 1}  # the outside client's
            with pytest.raises(TuneforgeError) as exc:
                tf.solve_transport([0.5, 0.5], [0.5, 0.5], 0.1, cost=[[0, 1], [1, 0]], **cap)
            assert exc.value.code is Code.INVALID_ARGUMENT
            assert exc.value.violation(f"options.{option}") is not None
        ok = tf.solve_transport(
            [0.5, 0.5], [0.5, 0.5], 0.1, cost=[[0, 1], [1, 0]], max_iterations=1000
        )
        assert ok.converged


# -- diverging solves ----------------------------------------------------------------------


def test_a_cost_beyond_float64_at_this_epsilon_is_refused_at_once(server: ServerThread) -> None:
    # The outside client's request: 2 x 2, -1e308 / epsilon is -inf, the iteration cap is huge.
    with Client(server.target) as tf, pytest.raises(TuneforgeError) as exc:
        tf.solve_transport_batch(
            [[0.5, 0.5]], [[0.5, 0.5]], 0.1, cost=[[0.0, -1e308], [-1e308, 0.0]]
        )
    assert exc.value.code is Code.INVALID_ARGUMENT
    assert [v.field for v in exc.value.field_violations] == ["cost"]


def test_a_solve_that_overflows_is_invalid_argument_not_nan(server: ServerThread) -> None:
    # Within float64's range up front, yet the plan's cost overflows: an error, never -inf.
    cost = np.array([[1.0, 1.0, -1.0], [-1.0, -1.0, -1.0], [-1.0, -1.0, 0.0]]) * 4.4e307
    w = np.full((2, 3), 1 / 3)
    with Client(server.target) as tf, pytest.raises(TuneforgeError) as exc:
        tf.solve_transport_batch(w, w[:1], 1.0, cost=cost, method="sinkhorn", max_iterations=100)
    assert exc.value.code is Code.INVALID_ARGUMENT
    violation = exc.value.violation("cost")
    assert violation is not None and "diverged" in violation.description
    assert "problem 0" in violation.description


# -- matrix shapes and response sizes, checked before any work -------------------------


def _raw(target: str) -> Any:
    return transport_service_pb2_grpc.TransportServiceStub(grpc.insecure_channel(target))


def _rpc_error(call: Callable[[], object]) -> TuneforgeError:
    with pytest.raises(grpc.RpcError) as exc:
        call()
    return TuneforgeError.from_rpc_error(exc.value)


M = common_pb2.DenseMatrix
ONE = M(rows=1, cols=2, values=[0.5, 0.5])


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (
            pb.TransportServiceSolveRequest(
                a=[1], b=[1], epsilon=1, cost=M(rows=10**9, cols=10**9)
            ),
            "cost.values",
        ),
        (
            pb.TransportServiceSolveRequest(a=[1], b=[1], epsilon=1, cost=M(rows=2**62, cols=0)),
            "cost",
        ),
        (
            pb.TransportServiceSolveRequest(a=[1], b=[1], epsilon=1, cost=M(rows=-3, cols=-2)),
            "cost.rows",
        ),
        (
            pb.TransportServiceSolveRequest(
                a=[1], b=[1], epsilon=1, points=pb.PointClouds(x=M(rows=2**62), y=M(rows=2**62))
            ),
            "points.x",
        ),
        (pb.TransportServiceSolveBatchRequest(a=M(rows=2**62), b=ONE, epsilon=1, cost=ONE), "a"),
        (
            pb.TransportServiceSolveBatchRequest(
                a=ONE, b=M(rows=10**9, cols=10**9), epsilon=1, cost=ONE
            ),
            "b.values",
        ),
    ],
)
def test_matrix_dimensions_without_values_are_field_violations(
    server: ServerThread, request_: Any, field: str
) -> None:
    stub = _raw(server.target)
    call = stub.Solve if isinstance(request_, pb.TransportServiceSolveRequest) else stub.SolveBatch
    err = _rpc_error(lambda: call(request_, timeout=5))
    assert err.code is Code.INVALID_ARGUMENT, err
    assert field in {v.field for v in err.field_violations}


def test_a_response_that_cannot_fit_one_message_is_refused_before_solving(
    start_server: Start,
) -> None:
    st = start_server(max_message_bytes=1 << 20)  # 131072 cost entries
    n = 362  # 131044 entries: the cost fits, its dense plan and the potentials do not
    rng = np.random.default_rng(5)
    x, y, w = rng.random((n, 2)), rng.random((n, 2)), np.full(n, 1 / n)
    slow: dict[str, Any] = {"method": "sinkhorn", "tolerance": 1e-300, "max_iterations": 1_000_000}
    with Client(st.target, retries=0) as tf:
        began = time.monotonic()
        with pytest.raises(TuneforgeError) as exc:
            tf.solve_transport(w, w, 1e-3, x=x, y=y, plan="dense", timeout=10, **slow)
        assert time.monotonic() - began < 2  # refused, not solved for ten seconds
        assert exc.value.code is Code.RESOURCE_EXHAUSTED
        assert "PLAN_FORMAT_SPARSE" in exc.value.message
        # a sparse plan is cut to what fits, and says so
        sparse = tf.solve_transport(w, w, 0.05, x=x, y=y, plan="sparse")
        assert sparse.converged and sparse.plan_support.truncated
        assert 0 < len(sparse.plan_support.values) < n * n
        assert sparse.ByteSize() <= 1 << 20
    # a batch: each result alone fits, both together do not
    batch = pb.TransportServiceSolveBatchRequest(
        a=M(rows=2, cols=300, values=[1 / 300] * 600),
        b=M(rows=1, cols=300, values=[1 / 300] * 300),
        epsilon=0.05,
        points=pb.PointClouds(
            x=M(rows=300, cols=1, values=np.linspace(0, 1, 300)),
            y=M(rows=300, cols=1, values=np.linspace(0, 1, 300)),
        ),
        options=pb.TransportOptions(plan=pb.PLAN_FORMAT_DENSE),
    )
    err = _rpc_error(lambda: _raw(st.target).SolveBatch(batch, timeout=10))
    assert err.code is Code.RESOURCE_EXHAUSTED and "2 results" in err.message


def test_a_history_too_long_for_one_message_is_resource_exhausted(start_server: Start) -> None:
    st = start_server(max_message_bytes=1024)
    w, x = np.full(8, 1 / 8), np.linspace(0, 1, 8)[:, None]
    slow: dict[str, Any] = {"method": "sinkhorn", "tolerance": 1e-300, "max_iterations": 1000}
    with Client(st.target, retries=0) as tf:
        with pytest.raises(TuneforgeError) as exc:
            tf.solve_transport(w, w, 1e-3, x=x, y=x + 0.1, record_history=True, **slow)
        assert exc.value.code is Code.RESOURCE_EXHAUSTED
        assert "record_history" in exc.value.message
        assert tf.solve_transport(w, w, 1e-3, x=x, y=x + 0.1, **slow).sinkhorn_iterations == 1000
