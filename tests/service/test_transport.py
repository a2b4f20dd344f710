"""TransportService through a real server on loopback, checked against POT."""

from __future__ import annotations

from collections.abc import Callable

import grpc
import numpy as np
import ot
import pytest

from tests.conftest import ServerThread
from tuneforge.v1 import transport_service_pb2 as pb
from tuneforge_client import Client, TuneforgeError

Start = Callable[..., ServerThread]


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
