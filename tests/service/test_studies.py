"""StudyService through a real server on loopback, on SQLite and on PostgreSQL."""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import grpc
import optuna
import pytest

from tests.conftest import ServerThread
from tuneforge.demo import free_port
from tuneforge.v1 import common_pb2
from tuneforge.v1 import study_service_pb2 as pb
from tuneforge_client import Client, TuneforgeError
from tuneforge_client.studies import categorical, float_param, int_param, params_of

Start = Callable[..., ServerThread]

SPACE = [
    float_param("lr", 1e-4, 1e-1, log=True),
    int_param("layers", 1, 4),
    categorical("optimizer", ["sgd", "adam"]),
    float_param("momentum", 0.0, 0.9, step=0.1, when=("optimizer", ["sgd"])),
]


def objective(p: dict[str, Any]) -> float:
    return (
        (math.log10(float(p["lr"])) + 2) ** 2
        + 0.1 * int(p["layers"])
        + float(p.get("momentum", 0.5))
    )


@pytest.fixture
def server(start_server: Start, database_url: str) -> ServerThread:
    return start_server(database_url=database_url, study_tracking=False)


def code_of(exc: pytest.ExceptionInfo[TuneforgeError]) -> grpc.StatusCode:
    return exc.value.code


def fields_of(exc: pytest.ExceptionInfo[TuneforgeError]) -> set[str]:
    assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT, exc.value
    return {v.field for v in exc.value.field_violations}


def test_lifecycle_and_optuna_opens_the_study(server: ServerThread, database_url: str) -> None:
    with Client(server.target) as tf:
        study = tf.create_study("mlp", SPACE, seed=3, objective_names=["loss"])
        assert study.name == "mlp" and len(study.search_space) == 4
        assert study.objectives[0].name == "loss"
        assert study.objectives[0].direction == common_pb2.DIRECTION_MINIMIZE
        assert (
            tf.create_study("mlp", SPACE, seed=3, objective_names=["loss"], load_if_exists=True).id
            == study.id
        )
        with pytest.raises(TuneforgeError) as exc:
            tf.create_study("mlp", SPACE, seed=3, objective_names=["loss"])
        assert code_of(exc) is grpc.StatusCode.ALREADY_EXISTS
        with pytest.raises(TuneforgeError) as exc:
            tf.create_study("mlp", SPACE, seed=4, load_if_exists=True)
        assert code_of(exc) is grpc.StatusCode.FAILED_PRECONDITION
        told = {}
        for _ in range(6):
            for trial in tf.ask("mlp", count=2):
                p = params_of(trial)
                assert ("momentum" in p) == (p["optimizer"] == "sgd")  # conditional
                assert 1e-4 <= float(p["lr"]) <= 1e-1 and p["layers"] in range(1, 5)
                told[trial.number] = objective(p)
                done = tf.tell("mlp", trial, told[trial.number])
                assert done.state == pb.TRIAL_STATE_COMPLETE
        counts = tf.get_study("mlp").trial_counts
        assert counts.complete == 12 and counts.running == 0
        best = tf.get_best_trials("mlp")
        assert len(best) == 1 and best[0].values[0] == min(told.values())

        loaded = optuna.load_study(study_name="mlp", storage=database_url)
        assert len(loaded.trials) == 12
        assert loaded.best_trial.number == best[0].number
        assert loaded.best_value == pytest.approx(best[0].values[0])
        assert loaded.metric_names == ["loss"]

        for i in range(3):
            tf.create_study(f"extra-{i}", SPACE)
        first = tf.list_studies(page_size=2)
        rest = tf.list_studies(page_size=2, page_token=first.next_page_token)
        names = [s.name for s in (*first.studies, *rest.studies)]
        assert names == ["mlp", "extra-0", "extra-1", "extra-2"] and rest.next_page_token == ""
        assert first.studies[0].trial_counts.complete == 12
        page = tf.list_trials("mlp", page_size=5)
        assert [t.number for t in page.trials] == [0, 1, 2, 3, 4]
        page = tf.list_trials("mlp", page_size=10, page_token=page.next_page_token)
        assert [t.number for t in page.trials] == list(range(5, 12))
        assert page.next_page_token == ""
        assert tf.get_trial("mlp", 3).number == 3

        tf.delete_study("mlp")
        with pytest.raises(TuneforgeError) as exc:
            tf.get_study("mlp")
        assert code_of(exc) is grpc.StatusCode.NOT_FOUND


def test_a_batch_never_repeats_a_configuration(server: ServerThread) -> None:
    space = [categorical("opt", ["sgd", "adam", "lion"]), int_param("width", 1, 2)]
    with Client(server.target) as tf:
        for sampler in ("tpe", "random", "grid"):
            name = f"tiny-{sampler}"
            tf.create_study(name, space, sampler=sampler, seed=0)
            batch = tf.ask(name, count=6)
            configs = [tuple(sorted(params_of(t).items())) for t in batch]
            assert len(configs) == 6 and len(set(configs)) == 6, sampler
            # Every configuration is held by a running trial: nothing distinct is left.
            assert tf.ask(name, count=2) == []
            for t in batch:
                tf.tell(name, t, 1.0)
            again = tf.ask(name, count=6)
            assert len({tuple(sorted(params_of(t).items())) for t in again}) == 6


def test_client_id_gets_its_running_trials_back(server: ServerThread) -> None:
    with Client(server.target) as tf:
        tf.create_study("w", SPACE)
        mine = tf.ask("w", count=2, client_id="worker-7")
        assert {t.client_id for t in mine} == {"worker-7"}
        again = tf.ask("w", count=3, client_id="worker-7")
        assert [t.number for t in again[:2]] == [t.number for t in mine]
        assert len(again) == 3 and again[2].number not in {t.number for t in mine}
        assert [t.number for t in tf.ask("w", client_id="other")] == [3]


def test_multi_objective_pareto_front(server: ServerThread, database_url: str) -> None:
    with Client(server.target) as tf:
        tf.create_study(
            "mo",
            [float_param("x", 0, 1), float_param("y", 0, 1)],
            directions=["minimize", "maximize"],
            sampler="nsga2",
            sampler_options={"population_size": 4},
            seed=1,
        )
        for _ in range(12):
            (t,) = tf.ask("mo")
            p = params_of(t)
            tf.tell("mo", t, [float(p["x"]), float(p["x"]) * float(p["y"])])
        front = tf.get_best_trials("mo")
        loaded = optuna.load_study(study_name="mo", storage=database_url)
        assert {t.number for t in front} == {t.number for t in loaded.best_trials}
        assert len(front) >= 1
        with pytest.raises(TuneforgeError) as exc:
            tf.tell("mo", tf.ask("mo")[0], [1.0])
        assert fields_of(exc) == {"values"}
        with pytest.raises(TuneforgeError) as exc:
            tf.report_intermediate("mo", 0, 1, 0.5)
        assert code_of(exc) is grpc.StatusCode.FAILED_PRECONDITION


def test_constraints_keep_infeasible_trials_out_of_the_best(server: ServerThread) -> None:
    with Client(server.target) as tf:
        tf.create_study("c", [float_param("x", -1, 1)], constraints=["x_nonneg"], seed=0)
        for _ in range(8):
            (t,) = tf.ask("c")
            x = float(params_of(t)["x"])
            done = tf.tell("c", t, x**2, constraint_values=[-x])  # feasible when x >= 0
            assert done.feasible == (x >= 0) and list(done.constraint_values) == [-x]
        (best,) = tf.get_best_trials("c") or [None]
        assert best is not None and float(params_of(best)["x"]) >= 0
        (t,) = tf.ask("c")
        with pytest.raises(TuneforgeError) as exc:
            tf.tell("c", t, 0.5)
        assert fields_of(exc) == {"constraint_values"}
        with pytest.raises(TuneforgeError) as exc:
            tf.tell("c", t, 0.5, constraint_values=[float("nan")])
        assert fields_of(exc) == {"constraint_values[0]"}


def test_median_pruner_stops_a_bad_curve(server: ServerThread) -> None:
    with Client(server.target) as tf:
        tf.create_study(
            "p",
            [float_param("x", 0, 1)],
            pruner="median",
            pruner_options={"n_startup_trials": 2, "n_warmup_steps": 0},
        )
        for _ in range(3):
            (t,) = tf.ask("p")
            for step in range(5):
                assert not tf.report_intermediate("p", t, step, 1.0 / (step + 1))
            tf.tell("p", t, 0.2)
        (bad,) = tf.ask("p")
        assert tf.report_intermediate("p", bad, 0, 10.0)  # far above the median
        done = tf.tell("p", bad, state="pruned")
        assert done.state == pb.TRIAL_STATE_PRUNED
        assert [(v.step, v.value) for v in done.intermediate_values] == [(0, 10.0)]


@pytest.mark.parametrize(
    ("sampler", "options", "pruner", "pruner_options"),
    [
        (
            "tpe",
            {"multivariate": True, "constant_liar": True, "n_startup_trials": 2},
            "hyperband",
            {"min_resource": 1, "max_resource": 9},
        ),
        ("gp", {"n_startup_trials": 2}, "successive_halving", {"min_resource": 1}),
        ("cmaes", {"n_startup_trials": 1, "sigma0": 0.3}, "percentile", {"percentile": 25.0}),
        ("qmc", {"qmc_type": "halton", "scramble": True}, "none", {}),
        ("random", {}, None, {}),
        ("grid", {"axes": {"x": [0.0, 0.5, 1.0]}}, None, {}),
    ],
)
def test_each_sampler_and_pruner(
    start_server: Start,
    tmp_path: Path,
    sampler: str,
    options: dict[str, Any],
    pruner: str | None,
    pruner_options: dict[str, Any],
) -> None:
    server = start_server(database_url=f"sqlite:///{tmp_path / 's.db'}", study_tracking=False)
    space = [float_param("x", 0, 1), int_param("k", 1, 3)]
    with Client(server.target) as tf:
        study = tf.create_study(
            "s",
            space,
            sampler=sampler,
            sampler_options=options,
            seed=7,
            pruner=pruner,
            pruner_options=pruner_options,
        )
        assert study.sampler.WhichOneof("kind") == sampler
        for _ in range(4):
            for t in tf.ask("s", count=2):
                p = params_of(t)
                tf.report_intermediate("s", t, 1, float(p["x"]))
                tf.tell("s", t, float(p["x"]) + int(p["k"]))
        assert tf.get_study("s").trial_counts.complete == 8


def test_enqueue_trial_hands_out_the_clients_configuration(server: ServerThread) -> None:
    with Client(server.target) as tf:
        tf.create_study("q", SPACE)
        queued = tf.enqueue_trial("q", {"lr": 0.01, "layers": 2, "optimizer": "adam"})
        assert queued.state == pb.TRIAL_STATE_WAITING
        (t,) = tf.ask("q")
        assert t.number == queued.number
        assert params_of(t) == {"lr": 0.01, "layers": 2, "optimizer": "adam"}


def test_a_grid_study_refuses_a_partial_point_at_enqueue(server: ServerThread) -> None:
    """Regression: a partial point was queued, and the next Ask failed with INTERNAL and
    left a trial RUNNING (Optuna's grid sampler cannot draw the rest)."""
    space = [
        categorical("opt", ["sgd", "adam"]),
        float_param("momentum", 0.0, 0.9, step=0.3, when=("opt", ["sgd"])),
        int_param("width", 1, 2),
    ]
    with Client(server.target) as tf:
        tf.create_study("g", space, sampler="grid", seed=0)
        for point, missing in (
            ({"opt": "sgd", "width": 1}, {"params[momentum]"}),
            ({"width": 2}, {"params[opt]"}),  # momentum hangs on opt: opt is what is missing
            ({}, {"params[opt]", "params[width]"}),
        ):
            with pytest.raises(TuneforgeError) as exc:
                tf.enqueue_trial("g", point)
            assert fields_of(exc) == missing, exc.value
        queued = tf.enqueue_trial("g", {"opt": "adam", "width": 2})  # momentum is inactive
        (t,) = tf.ask("g")
        assert t.number == queued.number and params_of(t) == {"opt": "adam", "width": 2}
        counts = tf.get_study("g").trial_counts
        assert (counts.running, counts.waiting, counts.fail) == (1, 0, 0)
        tf.create_study("tpe", space, seed=0)  # other samplers draw what a point leaves out
        tf.enqueue_trial("tpe", {"width": 2})
        (t,) = tf.ask("tpe")
        assert params_of(t)["width"] == 2 and "opt" in params_of(t)


def test_names_the_tracker_would_refuse_are_refused_at_create(server: ServerThread) -> None:
    """Regression: ``loss{1}`` was accepted, then every trial failed to reach MLflow."""
    space = [float_param("x", 0, 1)]
    cases: list[tuple[dict[str, Any], set[str]]] = [
        ({"objective_names": ["loss{1}"]}, {"objectives[0].name"}),
        (
            {"objective_names": ["ok", "../up"], "directions": ["minimize"] * 2},
            {"objectives[1].name"},
        ),
        ({"objective_names": ["l" * 240]}, {"objectives[0].name"}),  # + "/intermediate"
        ({"constraints": ["mem", "bad{c}"]}, {"constraints[1]"}),
        ({"constraints": ["c" * 245]}, {"constraints[0]"}),  # "constraint/" + 245 > 250
    ]
    with Client(server.target) as tf:
        for kwargs, fields in cases:
            with pytest.raises(TuneforgeError) as exc:
                tf.create_study("names", space, **kwargs)
            assert fields_of(exc) == fields, (kwargs, exc.value)
        with pytest.raises(TuneforgeError) as exc:
            tf.get_study("names")
        assert code_of(exc) is grpc.StatusCode.NOT_FOUND
        ok = tf.create_study("names", space, objective_names=["val loss/top-1"], constraints=["m"])
        assert ok.objectives[0].name == "val loss/top-1"


def _bad_space(**kw: Any) -> list[common_pb2.ParameterSpec]:
    return [kw.get("spec", float_param("x", 0, 1))]


@pytest.mark.parametrize(
    ("space", "kwargs", "fields"),
    [
        ([float_param("x", 1, 0)], {}, {"search_space[0].float_range.high"}),
        ([float_param("x", 0, 1, log=True)], {}, {"search_space[0].float_range.low"}),
        ([float_param("x", 1, 2, log=True, step=0.5)], {}, {"search_space[0].float_range.step"}),
        ([float_param("x", 0, float("inf"))], {}, {"search_space[0].float_range.low"}),
        ([int_param("n", 0, 10, log=True)], {}, {"search_space[0].int_range.low"}),
        ([categorical("c", [])], {}, {"search_space[0].categorical.choices"}),
        ([categorical("c", ["a", "a"])], {}, {"search_space[0].categorical.choices"}),
        ([float_param("x", 0, 1), float_param("x", 0, 2)], {}, {"search_space[1].name"}),
        ([float_param("bad name", 0, 1)], {}, {"search_space[0].name"}),
        ([common_pb2.ParameterSpec(name="x")], {}, {"search_space[0].domain"}),
        ([float_param("x", 0, 1, when=("nope", ["a"]))], {}, {"search_space[0].condition.parent"}),
        (
            [categorical("c", ["a"]), float_param("x", 0, 1, when=("c", ["b"]))],
            {},
            {"search_space[1].condition.values[0]"},
        ),
        ([], {}, {"search_space"}),
        ([float_param("x", 0, 1)], {"directions": []}, {"objectives"}),
        ([float_param("x", 0, 1)], {"directions": [7]}, {"objectives[0].direction"}),
        (
            [float_param("x", 0, 1)],
            {"sampler": "cmaes", "directions": ["minimize", "minimize"]},
            {"sampler.cmaes"},
        ),
        ([float_param("x", 0, 1)], {"sampler": "grid"}, {"sampler.grid.axes"}),
        (
            [float_param("x", 0, 1)],
            {"sampler": "nsga2", "sampler_options": {"mutation_prob": 2.0}},
            {"sampler.nsga2.mutation_prob"},
        ),
        ([float_param("x", 0, 1)], {"pruner": "percentile"}, {"pruner.percentile.percentile"}),
        (
            [float_param("x", 0, 1)],
            {"pruner": "hyperband", "pruner_options": {"min_resource": 5, "max_resource": 2}},
            {"pruner.hyperband.max_resource"},
        ),
        ([float_param("x", 0, 1)], {"constraints": ["a", "a"]}, {"constraints"}),
        ([float_param("x", 0, 1)], {"name": "has space"}, {"name"}),
        # Found from outside: each was accepted, then broke every later call.
        ([float_param("x/", 0, 1)], {}, {"search_space[0].name"}),  # MLflow refuses the param
        ([float_param("./a", 0, 1)], {}, {"search_space[0].name"}),
        (
            [int_param(f"p{i}", 0, 999) for i in range(6)],  # 10^18 points held in memory
            {"sampler": "grid"},
            {"sampler.grid.axes"},
        ),
        (
            [float_param("x", 0, 1), float_param("y", 0, 1)],
            {
                "sampler": "cmaes",
                "sampler_options": {"use_separable_cma": True, "with_margin": True},
            },
            {"sampler"},  # Optuna's own refusal of the combination
        ),
    ],
)
def test_malformed_studies_are_refused_field_by_field(
    start_server: Start,
    tmp_path: Path,
    space: list[Any],
    kwargs: dict[str, Any],
    fields: set[str],
) -> None:
    server = start_server(database_url=f"sqlite:///{tmp_path / 's.db'}", study_tracking=False)
    name = kwargs.pop("name", "s")
    with Client(server.target) as tf, pytest.raises(TuneforgeError) as exc:
        tf.create_study(name, space, **kwargs)
    assert fields <= fields_of(exc), exc.value


def test_every_rpc_refuses_bad_input(server: ServerThread) -> None:
    nan = float("nan")
    with Client(server.target) as tf:
        tf.create_study("s", SPACE, directions=["minimize"])
        (t,) = tf.ask("s")
        unknown: list[Callable[[], object]] = [
            lambda: tf.ask("nope"),
            lambda: tf.tell("nope", 0, 1.0),
            lambda: tf.report_intermediate("nope", 0, 0, 1.0),
            lambda: tf.heartbeat("nope", 0),
            lambda: tf.enqueue_trial("nope", {}),
            lambda: tf.get_trial("nope", 0),
            lambda: tf.list_trials("nope"),
            lambda: tf.get_best_trials("nope"),
            lambda: tf.get_study("nope"),
            lambda: tf.delete_study("nope"),
            lambda: tf.tell("s", 999, 1.0),
            lambda: tf.get_trial("s", 999),
        ]
        for call in unknown:
            with pytest.raises(TuneforgeError) as exc:
                call()
            assert code_of(exc) is grpc.StatusCode.NOT_FOUND
        cases: list[tuple[Callable[[], object], set[str]]] = [
            (lambda: tf.tell("s", t, nan), {"values[0]"}),
            (lambda: tf.tell("s", t, [1.0, 2.0]), {"values"}),
            (lambda: tf.tell("s", t, []), {"values"}),
            (lambda: tf.tell("s", t, 1.0, state="fail"), {"values"}),
            (lambda: tf.tell("s", t, 1.0, state="pruned"), {"values"}),
            (lambda: tf.tell("s", t, state=99), {"state"}),
            (lambda: tf.tell("s", t, state="running"), {"state"}),
            (lambda: tf.tell("s", t, 1.0, constraint_values=[1.0]), {"constraint_values"}),
            (lambda: tf.report_intermediate("s", t, 0, nan), {"value"}),
            (lambda: tf.report_intermediate("s", t, -1, 1.0), {"step"}),
            (lambda: tf.ask("s", count=101), {"count"}),
            (lambda: tf.ask("s", count=-1), {"count"}),
            (lambda: tf.ask("", count=1), {"study"}),
            (lambda: tf.enqueue_trial("s", {"lr": 5.0}), {"params[lr]"}),
            (lambda: tf.enqueue_trial("s", {"layers": 2.5}), {"params[layers]"}),
            (lambda: tf.enqueue_trial("s", {"optimizer": "rmsprop"}), {"params[optimizer]"}),
            (lambda: tf.enqueue_trial("s", {"depth": 3}), {"params[depth]"}),
            (
                lambda: tf.enqueue_trial("s", {"optimizer": "adam", "momentum": 0.5}),
                {"params[momentum]"},
            ),
            (lambda: tf.list_trials("s", page_token="garbage"), {"page.page_token"}),
            (lambda: tf.list_trials("s", page_size=5000), {"page.page_size"}),
            (lambda: tf.list_trials("s", states=[42]), {"states[0]"}),
            (lambda: tf.list_studies(page_token="garbage"), {"page.page_token"}),
        ]
        for call, fields in cases:
            with pytest.raises(TuneforgeError) as exc:
                call()
            assert fields_of(exc) == fields, (fields, exc.value)
        assert tf.get_trial("s", t.number).state == pb.TRIAL_STATE_RUNNING  # nothing was told
        tf.tell("s", t, 1.0)
        for again in (
            lambda: tf.tell("s", t, 1.0),
            lambda: tf.heartbeat("s", t),
            lambda: tf.report_intermediate("s", t, 1, 1.0),
        ):
            with pytest.raises(TuneforgeError) as exc:
                again()
            assert code_of(exc) is grpc.StatusCode.FAILED_PRECONDITION


def test_expired_lease_fails_the_trial_and_requeues_its_configuration(
    start_server: Start, database_url: str
) -> None:
    server = start_server(
        database_url=database_url, study_tracking=False, study_lease_seconds=1, study_max_retries=1
    )
    with Client(server.target) as tf:
        tf.create_study("lease", SPACE, seed=5)
        alive, lost = tf.ask("lease", count=2)
        deadline = time.monotonic() + 30
        while tf.get_trial("lease", lost.number).state == pb.TRIAL_STATE_RUNNING:
            assert time.monotonic() < deadline, "the lease never expired"
            assert tf.heartbeat("lease", alive) == 1
            time.sleep(0.3)
        assert tf.get_trial("lease", lost.number).state == pb.TRIAL_STATE_FAIL
        assert tf.get_trial("lease", alive.number).state == pb.TRIAL_STATE_RUNNING
        with pytest.raises(TuneforgeError) as exc:
            tf.tell("lease", lost, 1.0)
        assert code_of(exc) is grpc.StatusCode.FAILED_PRECONDITION
        assert "lease expired" in exc.value.message
        (retry,) = tf.ask("lease")
        assert retry.retried_trial == lost.number
        assert params_of(retry) == params_of(lost)
        tf.tell("lease", retry, 1.0)
        tf.tell("lease", alive, 2.0)


def _play(
    tf: Client,
    study: str,
    rounds: int,
    told: list[int],
    errors: list[BaseException],
    client_id: str,
) -> None:
    try:
        for _ in range(rounds):
            (t,) = tf.ask(study, client_id=client_id)
            tf.tell(study, t, objective(params_of(t)))
            told.append(t.number)
    except BaseException as e:  # surfaced by the main thread
        errors.append(e)


def test_32_clients_50_rounds_every_trial_exactly_once(
    start_server: Start, database_url: str
) -> None:
    server = start_server(database_url=database_url, study_tracking=False)
    clients, rounds = 32, 50
    with Client(server.target, timeout=60) as tf:
        tf.create_study("crowd", SPACE, sampler="random", seed=0)
        told: list[list[int]] = [[] for _ in range(clients)]
        errors: list[BaseException] = []
        threads = [
            threading.Thread(target=_play, args=(tf, "crowd", rounds, told[i], errors, f"c{i}"))
            for i in range(clients)
        ]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert errors == []
        numbers = [n for per in told for n in per]
        assert len(numbers) == len(set(numbers)) == clients * rounds
        study = tf.get_study("crowd")
        assert study.trial_counts.complete == clients * rounds
        assert study.trial_counts.running == study.trial_counts.fail == 0
        assert set(numbers) == set(range(clients * rounds))


def _serve(home: Path, port: int, url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TUNEFORGE_HOME": str(home),
        "TUNEFORGE_DATABASE_URL": url,
        "TUNEFORGE_STUDY_LEASE_SECONDS": "1",
        "TUNEFORGE_STUDY_TRACKING": "0",
        "TUNEFORGE_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tuneforge.cli", "serve", "tuner", "--port", str(port)], env=env
    )


def test_sigkill_mid_study_then_restart(tmp_path: Path, database_url: str) -> None:
    port = free_port()
    proc = _serve(tmp_path, port, database_url)
    try:
        with Client(f"127.0.0.1:{port}", timeout=30) as tf:
            tf.wait_ready(timeout=60)
            tf.create_study("crash", SPACE, seed=2)
            for _ in range(8):
                (t,) = tf.ask("crash", client_id="w")
                tf.tell("crash", t, objective(params_of(t)))
            running = tf.ask("crash", count=3, client_id="lost")
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        proc = _serve(tmp_path, port, database_url)
        with Client(f"127.0.0.1:{port}", timeout=30) as tf:
            tf.wait_ready(timeout=60)
            study = tf.get_study("crash")
            assert study.trial_counts.complete == 8
            complete = tf.list_trials("crash", states=["complete"]).trials
            assert len(complete) == 8 and all(t.values for t in complete)
            deadline = time.monotonic() + 30
            while tf.get_study("crash").trial_counts.running:
                assert time.monotonic() < deadline, "running trials were never recovered"
                time.sleep(0.3)
            lost = {t.number: params_of(t) for t in running}
            again = tf.ask("crash", count=3, client_id="w")
            assert {t.retried_trial for t in again} == set(lost)
            for t in again:
                assert params_of(t) == lost[t.retried_trial]
                tf.tell("crash", t, objective(params_of(t)))
            for _ in range(3):  # the study goes on
                (t,) = tf.ask("crash")
                tf.tell("crash", t, objective(params_of(t)))
            counts = tf.get_study("crash").trial_counts
            assert (counts.complete, counts.fail, counts.running) == (14, 3, 0)
    finally:
        proc.kill()
        proc.wait(30)
