"""RelaxationService through a real server on loopback, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import grpc
import numpy as np
import pytest
import scipy.sparse as sp

from tests.conftest import ServerThread
from tuneforge.relax.families import laplacian_2d
from tuneforge.relax.policies import POLICIES
from tuneforge.relax.solvers import SOLVERS
from tuneforge.v1 import common_pb2
from tuneforge.v1 import relaxation_service_pb2 as pb
from tuneforge_client import Client, TuneforgeError

Start = Callable[..., ServerThread]


def shifted(m: int, c: float) -> sp.csr_matrix:
    return (laplacian_2d(m) + c * sp.identity(m * m, format="csr")).tocsr()


@pytest.fixture
def server(start_server: Start, database_url: str) -> ServerThread:
    return start_server(database_url=database_url)


def violations(exc: pytest.ExceptionInfo[TuneforgeError]) -> set[str]:
    assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT, exc.value
    return {v.field for v in exc.value.field_violations}


def test_lifecycle(server: ServerThread) -> None:
    with Client(server.target, timeout=120) as tf:
        seq = tf.create_sequence("heat-1", seed=3)
        assert seq.id.startswith("seq-") and seq.name == "heat-1"
        assert (seq.omega_min, seq.omega_max, seq.grid_size) == (1.0, 1.95, 20)
        assert seq.policy == pb.RELAXATION_POLICY_AUTO and seq.solver == pb.SOLVER_SOR
        assert tf.get_sequence("heat-1").id == seq.id == tf.get_sequence(seq.id).id
        with pytest.raises(TuneforgeError) as exc:
            tf.create_sequence("heat-1", seed=3)
        assert exc.value.code is grpc.StatusCode.ALREADY_EXISTS
        assert tf.create_sequence("heat-1", seed=3, load_if_exists=True).id == seq.id
        with pytest.raises(TuneforgeError) as exc:
            tf.create_sequence("heat-1", seed=4, load_if_exists=True)
        assert exc.value.code is grpc.StatusCode.FAILED_PRECONDITION
        for i in range(4):
            tf.create_sequence(f"s{i}")
        first = tf.list_sequences(page_size=3)
        rest = tf.list_sequences(page_size=3, page_token=first.next_page_token)
        names = [s.name for s in (*first.sequences, *rest.sequences)]
        assert sorted(names) == sorted(["heat-1", "s0", "s1", "s2", "s3"])
        assert rest.next_page_token == ""
        tf.delete_sequence("heat-1")
        with pytest.raises(TuneforgeError) as exc:
            tf.get_sequence("heat-1")
        assert exc.value.code is grpc.StatusCode.NOT_FOUND


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"name": "has space"}, {"name"}),
        ({"name": ""}, {"name"}),
        ({"omega_min": 1.5, "omega_max": 1.2}, {"omega_max"}),
        ({"omega_max": 2.5}, {"omega_max"}),
        ({"grid_size": 5000}, {"grid_size"}),
        ({"context_lower": [0.0], "context_upper": []}, {"context_upper"}),
        ({"context_lower": [1.0], "context_upper": [0.0]}, {"context_upper[0]"}),
        ({"policy": "chebcb"}, {"context_lower"}),
        ({"tolerance": 2.0}, {"tolerance"}),
        ({"max_iterations": -1}, {"max_iterations"}),
        ({"fixed_omega": 2.0}, {"fixed_omega"}),
        ({"policy": 42}, {"policy"}),
        ({"solver": 9}, {"solver"}),
    ],
)
def test_create_validation(
    server: ServerThread, kwargs: dict[str, object], fields: set[str]
) -> None:
    args: dict[str, object] = {"name": "ok", **kwargs}
    with Client(server.target, timeout=120) as tf, pytest.raises(TuneforgeError) as exc:
        tf.create_sequence(**args)  # type: ignore[arg-type]
    assert fields <= violations(exc)


def test_suggest_report_rules(server: ServerThread) -> None:
    with Client(server.target, timeout=120) as tf:
        tf.create_sequence("seq", context_lower=[0.0], context_upper=[1.0])
        s = tf.suggest_omega("seq", [0.5])
        assert 1.0 <= s.omega <= 1.95 and s.suggestion_id.startswith("sug-")
        seq = tf.report_outcome("seq", s.suggestion_id, 120)
        assert (seq.instances, seq.total_iterations, seq.pending_suggestions) == (1, 120, 0)
        with pytest.raises(TuneforgeError) as exc:
            tf.report_outcome("seq", s.suggestion_id, 120)
        assert exc.value.code is grpc.StatusCode.FAILED_PRECONDITION
        with pytest.raises(TuneforgeError) as exc:
            tf.report_outcome("seq", "sug-unknown", 10)
        assert exc.value.code is grpc.StatusCode.NOT_FOUND
        with pytest.raises(TuneforgeError) as exc:
            tf.suggest_omega("no-such-seq")
        assert exc.value.code is grpc.StatusCode.NOT_FOUND
        with pytest.raises(TuneforgeError) as exc:
            tf.suggest_omega("seq", [0.1, 0.2])
        assert violations(exc) == {"context"}
        with pytest.raises(TuneforgeError) as exc:
            tf.suggest_omega("seq", [float("nan")])
        assert violations(exc) == {"context"}
        s2 = tf.suggest_omega("seq", [0.2])
        with pytest.raises(TuneforgeError) as exc:
            tf.report_outcome("seq", s2.suggestion_id, -5)
        assert violations(exc) == {"iterations"}
        assert tf.get_sequence("seq").pending_suggestions == 1  # the bad report lost nothing


def test_solve_returns_the_solution_and_learns(server: ServerThread) -> None:
    a = shifted(10, 0.1)
    rng = np.random.default_rng(0)
    with Client(server.target, timeout=120) as tf:
        tf.create_sequence("lap", seed=1)
        b = rng.standard_normal(100)
        r = tf.solve("lap", a, b, young_omega=True)
        x = np.asarray(r.x)
        assert r.converged and r.iterations > 0
        assert np.linalg.norm(b - a @ x) <= 1.01e-8 * np.linalg.norm(b)
        assert r.residual_norm <= 1e-8
        assert 1.45 < r.young_omega < 1.5  # beta = 4 cos(pi/11) / 4.1
        its = [r.iterations]
        for _ in range(60):
            its.append(tf.solve("lap", a, rng.standard_normal(100), omit_solution=True).iterations)
        seq = tf.get_sequence("lap")
        assert seq.instances == 61 and seq.total_iterations == sum(its)
        best = tf.get_best_omega("lap")
        assert len(best.arms) == 20 and best.instances_seen == 61
        # Gauss-Seidel needs ~190 sweeps here; the learned omega needs far fewer.
        gs = tf.create_sequence("gs", policy="fixed")
        gs_its = tf.solve(gs.name, a, b, omit_solution=True).iterations
        assert np.mean(its[-20:]) < 0.5 * gs_its
        assert 1.35 <= best.omega <= 1.8


def test_ssor_cg_needs_a_symmetric_matrix(server: ServerThread) -> None:
    a = shifted(6, 0.5)
    b = np.ones(36)
    with Client(server.target, timeout=120) as tf:
        tf.create_sequence("cg", solver="ssor_cg")
        r = tf.solve("cg", a, b)
        assert r.converged
        assert np.linalg.norm(b - a @ np.asarray(r.x)) <= 1.01e-8 * np.linalg.norm(b)
        nonsym = a.tolil()
        nonsym[0, 1] = 5.0
        with pytest.raises(TuneforgeError) as exc:
            tf.solve("cg", nonsym.tocsr(), b)
        assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT


def csr(rows: int, cols: int, indptr: list[int], indices: list[int], data: list[float]) -> object:
    return common_pb2.CsrMatrix(rows=rows, cols=cols, indptr=indptr, indices=indices, data=data)


@pytest.mark.parametrize(
    ("matrix", "rhs", "field"),
    [
        (csr(2, 3, [0, 1, 2], [0, 1], [1.0, 1.0]), [1.0, 1.0], "matrix.shape"),
        (csr(2, 2, [0, 1], [0], [1.0]), [1.0, 1.0], "matrix.indptr"),
        (csr(2, 2, [0, 1, 2], [0, 5], [1.0, 1.0]), [1.0, 1.0], "matrix.indices"),
        (csr(2, 2, [0, 2, 3], [1, 0, 1], [1.0, 4.0, 1.0]), [1.0, 1.0], "matrix.indices"),
        (csr(2, 2, [0, 1, 2], [0, 1], [1.0, float("nan")]), [1.0, 1.0], "matrix.data"),
        (csr(2, 2, [0, 1, 2], [0, 1], [1.0, 0.0]), [1.0, 1.0], "matrix.data"),
        (csr(2, 2, [0, 1, 2], [0, 0], [1.0, 1.0]), [1.0, 1.0], "matrix.data"),  # no A[1,1]
        (csr(2, 2, [0, 1, 2], [0, 1], [1.0, 1.0]), [1.0], "rhs"),
        (csr(2, 2, [0, 1, 2], [0, 1], [1.0, 1.0]), [1.0, float("inf")], "rhs"),
    ],
)
def test_bad_systems_are_field_violations(
    start_server: Start, tmp_path: object, matrix: object, rhs: list[float], field: str
) -> None:
    st = start_server()
    with Client(st.target) as tf:
        tf.create_sequence("v")
        with pytest.raises(TuneforgeError) as exc:
            tf.solve("v", matrix, rhs)
        assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT
        assert field in {v.field for v in exc.value.field_violations}, exc.value
        assert tf.get_sequence("v").pending_suggestions == 0  # nothing was suggested


def test_matrix_size_limit(start_server: Start) -> None:
    st = start_server(max_matrix_nnz=100)
    with Client(st.target) as tf:
        tf.create_sequence("big")
        with pytest.raises(TuneforgeError) as exc:
            tf.solve("big", shifted(10, 0.0), np.ones(100))  # 460 non-zeros
        assert exc.value.code is grpc.StatusCode.RESOURCE_EXHAUSTED
        assert tf.solve("big", shifted(4, 0.0), np.ones(16)).converged


def test_state_survives_a_restart_and_continues_identically(
    start_server: Start, database_url: str
) -> None:
    """A policy restored from the database makes the suggestions it would have made."""

    def run(tf: Client, name: str, n: int) -> list[float]:
        out = []
        for i in range(n):
            s = tf.suggest_omega(name)
            tf.report_outcome(name, s.suggestion_id, 300 - 20 * abs(s.arm - 14) + i % 3)
            out.append(s.omega)
        return out

    st = start_server(database_url=database_url)
    with Client(st.target) as tf:
        tf.create_sequence("straight", policy="tsallis_inf", seed=11)
        tf.create_sequence("restarted", policy="tsallis_inf", seed=11)
        straight = run(tf, "straight", 30)
        before = run(tf, "restarted", 15)
    st.stop()
    st2 = start_server(database_url=database_url)
    with Client(st2.target) as tf:
        assert tf.get_sequence("restarted").instances == 15
        after = run(tf, "restarted", 15)
    assert before + after == straight


def test_concurrent_reports_lose_nothing(server: ServerThread) -> None:
    with Client(server.target, timeout=120) as tf:
        tf.create_sequence("busy", policy="tsallis_inf", seed=5)
    errors: list[BaseException] = []
    totals = [0] * 12

    def worker(k: int) -> None:
        try:
            with Client(server.target, timeout=60) as tf:
                for i in range(15):
                    s = tf.suggest_omega("busy")
                    its = 50 + s.arm + k + i
                    tf.report_outcome("busy", s.suggestion_id, its)
                    totals[k] += its
        except BaseException as e:  # surfaced below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors[:3]
    with Client(server.target, timeout=120) as tf:
        seq = tf.get_sequence("busy")
        best = tf.get_best_omega("busy")
    assert (seq.instances, seq.pending_suggestions) == (180, 0)
    assert seq.total_iterations == sum(totals)
    assert best.instances_seen == 180


def test_concurrent_creates_agree(server: ServerThread) -> None:
    """Workers that all create the same sequence with load_if_exists get one sequence."""
    ids: list[str] = []
    errors: list[BaseException] = []

    def create() -> None:
        try:
            with Client(server.target, timeout=120) as tf:
                ids.append(tf.create_sequence("shared", seed=2, load_if_exists=True).id)
        except BaseException as e:  # surfaced below
            errors.append(e)

    threads = [threading.Thread(target=create) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors[:2]
    assert len(ids) == 8 and len(set(ids)) == 1


def test_absurd_iteration_counts_are_refused(server: ServerThread) -> None:
    with Client(server.target, timeout=120) as tf:
        tf.create_sequence("big-counts")
        s = tf.suggest_omega("big-counts")
        with pytest.raises(TuneforgeError) as exc:
            tf.report_outcome("big-counts", s.suggestion_id, 2**63 - 1)
        assert violations(exc) == {"iterations"}
        assert tf.report_outcome("big-counts", s.suggestion_id, 10**12).total_iterations == 10**12


def test_solve_stops_at_the_deadline_and_reports_its_suggestion(start_server: Start) -> None:
    """A solve past the caller's deadline stops on the server and leaves nothing pending."""
    st = start_server(solve_workers=1, solve_queue=0)
    small, b_small = shifted(4, 0.0), np.ones(16)
    with Client(st.target) as tf:
        tf.create_sequence("quick")
        assert tf.solve("quick", small, b_small).converged  # kernels loaded before the clock
        # Tolerance 1e-300 is never reached: 2·10^5 sweeps of 10^4 rows run for about 15 s
        # (long past the deadline; short enough that a regression fails instead of hanging).
        tf.create_sequence("endless", tolerance=1e-300, max_iterations=200_000)
        t0 = time.monotonic()
        with pytest.raises(TuneforgeError) as exc:
            tf.solve("endless", shifted(100, 0.0), np.ones(10_000), omit_solution=True, timeout=0.3)
        assert exc.value.code is grpc.StatusCode.DEADLINE_EXCEEDED
        assert time.monotonic() - t0 < 2.0
        give_up = time.monotonic() + 2.0
        seq = tf.get_sequence("endless")
        while seq.pending_suggestions and time.monotonic() < give_up:
            time.sleep(0.02)
            seq = tf.get_sequence("endless")
        # Compensated as a capped run, as any failed solve is.
        assert (seq.pending_suggestions, seq.instances, seq.total_iterations) == (0, 1, 200_000)
        # The one solve thread is free again: a new solve does not wait behind the old one.
        assert tf.solve("quick", small, b_small, timeout=2.0).converged


def test_proto_enums_name_the_registries() -> None:
    """Every non-zero Solver / RelaxationPolicy value names a registered solver / policy."""
    for enum, prefix, names in (
        (pb.Solver, "SOLVER_", SOLVERS),
        (pb.RelaxationPolicy, "RELAXATION_POLICY_", POLICIES),
    ):
        proto = {n.removeprefix(prefix).lower() for n, v in enum.items() if v != 0}
        assert proto == set(names)


def test_every_policy_and_solver_round_trips(server: ServerThread) -> None:
    with Client(server.target, timeout=120) as tf:
        for policy in POLICIES:
            scalar = policy == "chebcb"
            bounds = {"context_lower": [0.0], "context_upper": [1.0]} if scalar else {}
            for solver in SOLVERS:
                seq = tf.create_sequence(policy + solver, policy=policy, solver=solver, **bounds)
                assert pb.RelaxationPolicy.Name(seq.policy) == "RELAXATION_POLICY_" + policy.upper()
                assert pb.Solver.Name(seq.solver) == "SOLVER_" + solver.upper()
