"""TrackerService over MLflow: on MLflow's SQLite and PostgreSQL stores, and a remote
``mlflow server``; StudyService's finished trials landing in it."""

from __future__ import annotations

import base64
import functools
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import grpc
import optuna
import pytest
import sqlalchemy as sa

from tests.conftest import ServerThread
from tuneforge.demo import free_port
from tuneforge.runtime.config import Settings
from tuneforge.storage.tables import tracking_outbox
from tuneforge.studies.config import Objective, StudyConfig
from tuneforge.studies.space import Param
from tuneforge.tracker.store import TrackerStore
from tuneforge.tracker.trials import trial_record
from tuneforge.v1 import tracker_service_pb2 as pb
from tuneforge.v1 import tracker_service_pb2 as tracker_pb
from tuneforge_client import Client, TuneforgeError
from tuneforge_client.studies import categorical, float_param, params_of

Start = Callable[..., ServerThread]


def _postgres_database() -> Iterator[str]:
    url = os.environ.get("TUNEFORGE_TEST_POSTGRES_URL", "")
    if not url:
        if os.environ.get("TUNEFORGE_SKIP_POSTGRES") == "1":
            pytest.skip("PostgreSQL leg skipped on request (TUNEFORGE_SKIP_POSTGRES=1)")
        pytest.fail("no PostgreSQL for the tests: run them with `make test`")
    name = f"mlflow_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    yield url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def tracker(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    mlflow_template: Path,
) -> Iterator[ServerThread]:
    """A tracker-only server whose MLflow store is SQLite (embedded) or PostgreSQL."""
    home = tmp_path_factory.mktemp("tracker-home")
    pg = None
    if request.param == "sqlite":
        shutil.copy(mlflow_template, home / "mlflow.db")
        uri = ""
    else:
        pg = _postgres_database()
        uri = next(pg)
    settings = Settings.load({}, port=0, home=home, tracking_uri=uri, max_artifact_bytes=1024)
    st = ServerThread(settings, role="tracker")
    yield st
    st.stop(grace=0.5)
    if pg is not None:
        next(pg, None)


def test_experiments_and_runs(tracker: ServerThread) -> None:
    with Client(tracker.target) as tf:
        exp = tf.create_experiment("lr-sweep", tags={"team": "ml"})
        assert exp.name == "lr-sweep" and exp.tags["team"] == "ml"
        assert tf.create_experiment("lr-sweep").id == exp.id  # get-or-create
        assert tf.get_experiment(exp.id).name == "lr-sweep"
        run = tf.create_run("lr-sweep", run_name="r1", tags={"kind": "baseline"})
        assert run.status == pb.RUN_STATUS_RUNNING and run.name == "r1"
        tf.log_params(run.id, {"lr": 0.1, "optimizer": "sgd"})
        tf.log_metrics(run.id, [("loss", 1.0 / (s + 1), s) for s in range(50)])
        tf.log_metrics(run.id, {"accuracy": 0.9}, step=49)
        tf.set_tags(run.id, {"note": "first"})
        done = tf.end_run(run.id)
        assert done.status == pb.RUN_STATUS_FINISHED and done.end_time.seconds > 0
        got = tf.get_run(run.id)
        assert dict(got.params) == {"lr": "0.1", "optimizer": "sgd"}
        latest = {m.key: (m.value, m.step) for m in got.metrics}
        assert latest["loss"] == (pytest.approx(1 / 50), 49)
        assert latest["accuracy"] == (pytest.approx(0.9), 49)
        assert got.tags["note"] == "first" and got.tags["kind"] == "baseline"
        # A new name creates its experiment on the fly.
        other = tf.create_run("auto-created")
        assert tf.get_experiment("auto-created").id == other.experiment_id


def test_search_and_best_params(tracker: ServerThread) -> None:
    with Client(tracker.target) as tf:
        for i, (lr, loss) in enumerate([(0.1, 0.5), (0.01, 0.2), (0.001, 0.9)]):
            r = tf.create_run("search", run_name=f"r{i}")
            tf.log_params(r.id, {"lr": lr})
            tf.log_metrics(r.id, {"loss": loss})
            tf.end_run(r.id)
        unfinished = tf.create_run("search")
        tf.log_metrics(unfinished.id, {"loss": 0.0})  # not finished: not a candidate
        found = tf.search_runs("search", filter="metrics.loss < 0.6", order_by=["metrics.loss"])
        assert [r.params.get("lr", "") for r in found.runs] == ["", "0.01", "0.1"]
        page = tf.search_runs("search", page_size=2)
        rest = tf.search_runs("search", page_size=2, page_token=page.next_page_token)
        assert len(page.runs) + len(rest.runs) == 4
        best = tf.get_best_params("search", "loss")
        assert best.params["lr"] == "0.01" and best.value == pytest.approx(0.2)
        worst = tf.get_best_params("search", "loss", direction="maximize")
        assert worst.params["lr"] == "0.001"
        with pytest.raises(TuneforgeError) as exc:
            tf.get_best_params("search", "accuracy")
        assert exc.value.code is grpc.StatusCode.NOT_FOUND


def test_artifacts_are_stored_and_limited(tracker: ServerThread) -> None:
    with Client(tracker.target) as tf:
        run = tf.create_run("files")
        uri = tf.log_artifact(run.id, "plots/curve.csv", "step,loss\n0,1.0\n")
        assert uri.endswith("plots/curve.csv")
        if uri.startswith("file://"):
            assert Path(uri.removeprefix("file://")).read_text().startswith("step,loss")
        with pytest.raises(TuneforgeError) as exc:
            tf.log_artifact(run.id, "big.bin", b"x" * 2048)
        assert exc.value.code is grpc.StatusCode.RESOURCE_EXHAUSTED
        for bad in ("../escape.txt", "/abs.txt", "", "dir/"):
            with pytest.raises(TuneforgeError) as exc:
                tf.log_artifact(run.id, bad, b"x")
            assert exc.value.violation("path") is not None, bad


def test_bad_tracker_input(tracker: ServerThread) -> None:
    with Client(tracker.target) as tf:
        run = tf.create_run("bad")
        tf.log_params(run.id, {"lr": 0.1})
        with pytest.raises(TuneforgeError) as exc:
            tf.log_params(run.id, {"lr": 0.2})
        assert exc.value.code is grpc.StatusCode.FAILED_PRECONDITION
        far_future = tracker_pb.RunMetric(key="m", value=1.0)
        far_future.timestamp.seconds = 2**62  # beyond year 9999
        cases: list[tuple[Callable[[], object], grpc.StatusCode, str]] = [
            (lambda: tf.get_run("0123456789abcdef"), grpc.StatusCode.NOT_FOUND, ""),
            (lambda: tf.get_run(""), grpc.StatusCode.INVALID_ARGUMENT, "run_id"),
            (lambda: tf.get_experiment("no-such-experiment"), grpc.StatusCode.NOT_FOUND, ""),
            (lambda: tf.create_experiment(""), grpc.StatusCode.INVALID_ARGUMENT, "name"),
            (
                lambda: tf.log_metrics(run.id, {"bad\nkey": 1.0}),
                grpc.StatusCode.INVALID_ARGUMENT,
                "metrics[0].key",
            ),
            (
                lambda: tf.log_metrics(run.id, [("m", 1.0, i) for i in range(1001)]),
                grpc.StatusCode.INVALID_ARGUMENT,
                "metrics",
            ),
            (
                lambda: tf.log_params(run.id, {"long": "x" * 7000}),
                grpc.StatusCode.INVALID_ARGUMENT,
                "params[long]",
            ),
            (lambda: tf.search_runs([]), grpc.StatusCode.INVALID_ARGUMENT, "experiments"),
            (
                lambda: tf.search_runs("bad", filter="metrics.loss <<< 1"),
                grpc.StatusCode.INVALID_ARGUMENT,
                "filter",
            ),
            (lambda: tf.end_run(run.id, status=42), grpc.StatusCode.INVALID_ARGUMENT, "status"),
            (lambda: tf.get_best_params("bad", ""), grpc.StatusCode.INVALID_ARGUMENT, "metric"),
            (
                lambda: tf.log_metrics(run.id, [far_future]),
                grpc.StatusCode.INVALID_ARGUMENT,
                "metrics[0].timestamp",
            ),
            (
                lambda: tf.log_artifact(run.id, "a\x00b.txt", "x"),
                grpc.StatusCode.INVALID_ARGUMENT,
                "path",
            ),
        ]
        for call, code, field in cases:
            with pytest.raises(TuneforgeError) as exc:
                call()
            assert exc.value.code is code, (field, exc.value)
            if field:
                assert exc.value.violation(field) is not None, (field, exc.value)


def _page_token(payload: object) -> str:
    return base64.b64encode(json.dumps(payload).encode()).decode()


def test_client_input_is_a_field_violation_never_internal(tracker: ServerThread) -> None:
    """Input MLflow refuses (or fails on) is INVALID_ARGUMENT naming the field."""
    with Client(tracker.target) as tf:
        run = tf.create_run("refused")
        tf.create_experiment("existing")
        cases: list[tuple[Callable[[], object], str]] = [
            (lambda: tf.get_run("-1"), "run_id"),
            (lambda: tf.get_run("_x"), "run_id"),
            (lambda: tf.log_artifact(run.id, ".../x", "x"), "path"),
            (lambda: tf.log_artifact(run.id, "a" * 256 + "/x", "x"), "path"),
            (lambda: tf.log_artifact(run.id, "d/" + "é" * 128, "x"), "path"),  # 256 bytes
            (lambda: tf.create_experiment("existing", tags={"a/../b": "v"}), "tags[a/../b]"),
            (lambda: tf.create_experiment("fresh", tags={"a/../b": "v"}), "tags[a/../b]"),
            (lambda: tf.set_tags(run.id, {"./x": "v"}), "tags[./x]"),
        ]
        tokens = [_page_token(t) for t in ({"offset": 10**30}, {"offset": -1}, [1], "x", {})]
        for token in [*tokens, "!!"]:
            search = functools.partial(tf.search_runs, "refused", page_token=token)
            cases.append((search, "page.page_token"))
        for call, field in cases:
            with pytest.raises(TuneforgeError) as exc:
                call()
            assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT, (field, exc.value)
            assert exc.value.violation(field) is not None, (field, exc.value)
        assert "existing" in tf.get_experiment("existing").name  # still there, untouched
        # A file where the path needs a directory (and back) is the run's state, not a fault.
        tf.log_artifact(run.id, "f", "x")
        tf.log_artifact(run.id, "g/x.txt", "x")
        for conflict in ("f/x.txt", "g"):
            with pytest.raises(TuneforgeError) as exc:
                tf.log_artifact(run.id, conflict, "x")
            assert exc.value.code is grpc.StatusCode.FAILED_PRECONDITION, conflict
        # What MLflow does accept still works.
        for fine in ("a/.../b.txt", "...", "..x", "./dot.txt"):
            assert tf.log_artifact(run.id, fine, "x")
        tf.create_run("refused")
        page = tf.search_runs("refused", page_size=1)
        rest = tf.search_runs("refused", page_size=1, page_token=page.next_page_token)
        both = [*page.runs, *rest.runs]
        assert {r.id for r in both} == {r.id for r in tf.search_runs("refused").runs}


def test_a_retried_trial_completes_its_run_instead_of_adding_one(
    tmp_path: Path, mlflow_template: Path
) -> None:
    """A drain that died after MLflow's write ships the trial again: still one run."""
    shutil.copy(mlflow_template, tmp_path / "mlflow.db")
    store = TrackerStore(f"sqlite:///{tmp_path / 'mlflow.db'}", str(tmp_path / "artifacts"))
    config = StudyConfig((Objective("loss"),), (Param("x", "float", 0.0, 1.0),))
    trials = [
        optuna.trial.create_trial(
            value=v,
            params={"x": v},
            distributions={"x": optuna.distributions.FloatDistribution(0.0, 1.0)},
            intermediate_values={0: 1.0, 1: v},
        )
        for v in (0.25, 0.5)
    ]
    for n, t in enumerate(trials):
        t.number = n
    done = trial_record("s", trials[0], config)
    rid = store.log_finished("study/s", done)
    assert store.log_finished("study/s", done, existing=True) == rid
    # A first attempt that died half-way: the run exists, unfinished and without values.
    partial = trial_record("s", trials[1], config)
    half = store.create_run("study/s", partial["run_name"], partial["tags"], partial["start_ms"])
    assert store.log_finished("study/s", partial, existing=True) == half.id
    runs, _ = store.search_runs(["study/s"])
    assert sorted(r.tags["tuneforge.trial"] for r in runs) == ["0", "1"]
    for r in runs:
        assert r.status == "FINISHED" and r.params.keys() == {"x"}
    assert store.get_run(half.id).metric("loss") == pytest.approx(0.5)
    history = store.mlflow.client.get_metric_history(rid, "loss/intermediate")
    assert sorted((m.step, m.value) for m in history) == [(0, 1.0), (1, 0.25)]  # not doubled
    # The same study number in a study made again later (same name) is another trial.
    again = trial_record("s", trials[0], config) | {"start_ms": done["start_ms"] + 1}
    assert store.log_finished("study/s", again, existing=True) != rid
    store.close()


_UNKNOWN_RUN = "0123456789abcdef"
_FIRST_CALLS: list[Callable[[Client], object]] = [
    lambda tf: tf.create_run("race"),
    lambda tf: tf.create_experiment("race-2"),
    lambda tf: tf.create_run("race-3"),
    lambda tf: tf.create_experiment("race-4", tags={"k": "v"}),
    lambda tf: tf.log_params(_UNKNOWN_RUN, {"lr": 0.1}),
    lambda tf: tf.set_tags(_UNKNOWN_RUN, {"k": "v"}),
    lambda tf: tf.log_metrics(_UNKNOWN_RUN, {"loss": 1.0}),
    lambda tf: tf.get_run(_UNKNOWN_RUN),
]


def _at_once(target: str, calls: Sequence[Callable[[Client], object]]) -> list[grpc.StatusCode]:
    """Each call on its own connection, all released at the same instant; their codes."""
    start = threading.Barrier(len(calls))
    codes: list[grpc.StatusCode] = []

    def one(call: Callable[[Client], object]) -> None:
        with Client(target, timeout=120) as tf:
            start.wait()
            try:
                call(tf)
                codes.append(grpc.StatusCode.OK)
            except TuneforgeError as e:
                codes.append(e.code)

    threads = [threading.Thread(target=one, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(150)
    return codes


@pytest.mark.slow
def test_first_calls_at_once_on_a_fresh_process(tmp_path: Path, mlflow_template: Path) -> None:
    """Eight first tracker calls at the same instant while MLflow is not imported yet.

    Each round is a fresh ``tuneforge serve tracker`` process (an in-process server
    would find MLflow imported by the tests before it): with MLflow imported outside
    the store's lock, a half-initialised MLflow made every later call INTERNAL.
    """
    for round in range(3):
        home = tmp_path / f"home-{round}"
        home.mkdir()
        shutil.copy(mlflow_template, home / "mlflow.db")  # the import races, not the migration
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "tuneforge.cli", "serve", "tracker", "--port", str(port)],
            env={**os.environ, "TUNEFORGE_HOME": str(home)},
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            target = f"127.0.0.1:{port}"
            with Client(target) as tf:
                tf.wait_ready(timeout=60)
            codes = _at_once(target, _FIRST_CALLS)
            assert codes.count(grpc.StatusCode.OK) == 4, codes
            assert codes.count(grpc.StatusCode.NOT_FOUND) == 4, codes  # the unknown run
            with Client(target, timeout=60) as tf:
                later = tf.create_run("race")
                assert tf.get_run(later.id).experiment_id == later.experiment_id
        finally:
            proc.terminate()
            _, err = proc.communicate(timeout=60)
        assert '"INTERNAL"' not in err, err[-3000:]


def test_finished_trials_land_in_the_tracker(
    start_server: Start, database_url: str, tmp_path: Path, mlflow_template: Path
) -> None:
    (tmp_path / "home").mkdir()
    shutil.copy(mlflow_template, tmp_path / "home" / "mlflow.db")
    server = start_server(database_url=database_url)
    with Client(server.target) as tf:
        study = tf.create_study(
            "tracked",
            [float_param("x", 0, 1), categorical("c", ["a", "b"])],
            objective_names=["loss"],
        )
        told = {}
        for _ in range(5):
            (t,) = tf.ask("tracked")
            tf.report_intermediate("tracked", t, 0, 2.0)
            told[t.number] = float(params_of(t)["x"])
            tf.tell("tracked", t, told[t.number])
        (failed,) = tf.ask("tracked")
        tf.tell("tracked", failed, state="fail")
        assert server.server.resources.trial_drain.flush(60)  # type: ignore[union-attr]
        runs = tf.search_runs(study.tracker_experiment, page_size=100).runs
        assert len(runs) == 6
        by_trial = {int(r.tags["tuneforge.trial"]): r for r in runs}
        for number, loss in told.items():
            r = by_trial[number]
            assert r.status == pb.RUN_STATUS_FINISHED and r.tags["tuneforge.state"] == "COMPLETE"
            metrics = {m.key: m.value for m in r.metrics}
            assert metrics["loss"] == pytest.approx(loss)
            assert metrics["loss/intermediate"] == pytest.approx(2.0)
            assert "duration_seconds" in metrics and set(r.params) == {"x", "c"}
        assert by_trial[failed.number].status == pb.RUN_STATUS_FAILED
        best = tf.get_best_params(study.tracker_experiment, "loss")
        assert float(best.params["x"]) == pytest.approx(min(told.values()))


def test_the_drain_postpones_drops_backs_off_and_backfills(
    start_server: Start, tmp_path: Path, mlflow_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MLflow down: Tell still answers, the entry backs off and stays; back up, the next
    start ships it. A trial not finished yet waits; an entry of a deleted study goes."""
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")  # fail at once, not in minutes
    url = f"sqlite:///{tmp_path / 'state.db'}"
    engine = sa.create_engine(url)

    def rows() -> dict[str, sa.Row[Any]]:
        with engine.connect() as conn:
            return {r.key: r for r in conn.execute(sa.select(tracking_outbox))}

    down = start_server(
        database_url=url, tracking_uri=f"http://127.0.0.1:{free_port()}", grace_seconds=1
    )
    outbox = down.server.resources.outbox  # type: ignore[union-attr]
    with Client(down.target) as tf:
        tf.create_study("kept", [float_param("x", 0, 1)])
        (told,) = tf.ask("kept")
        tf.tell("kept", told, 0.5)  # answered although MLflow is unreachable
        (running,) = tf.ask("kept")
    outbox.add_trial("kept", running.number)  # as when a Tell failed after its entry was added
    outbox.add_trial("gone", 0)
    keys = {f"trial/kept/{told.number}", f"trial/kept/{running.number}"}
    deadline = time.monotonic() + 60
    while True:
        now = rows()
        if set(now) == keys and all(now[k].attempts > 0 for k in keys):
            break
        assert time.monotonic() < deadline, now
        time.sleep(0.1)
    assert now[f"trial/kept/{running.number}"].last_error == "trial is RUNNING"
    failed = now[f"trial/kept/{told.number}"]
    assert failed.last_error and failed.next_attempt > failed.created
    down.stop()
    assert set(rows()) == keys  # nothing lost at shutdown either

    (tmp_path / "home").mkdir(exist_ok=True)
    shutil.copy(mlflow_template, tmp_path / "home" / "mlflow.db")
    up = start_server(database_url=url)
    with Client(up.target) as tf:
        tf.tell("kept", running.number, 0.25)
        assert up.server.resources.trial_drain.flush(60)  # type: ignore[union-attr]
        assert rows() == {}
        runs = tf.search_runs("study/kept").runs
        assert sorted(int(r.tags["tuneforge.trial"]) for r in runs) == [told.number, running.number]
        # The stop hook ships what is due before the server is gone.
        (last,) = tf.ask("kept")
        tf.tell("kept", last, 0.75)
    up.stop()
    assert rows() == {}
    engine.dispose()
    store = TrackerStore(f"sqlite:///{tmp_path / 'home' / 'mlflow.db'}")
    shipped, _ = store.search_runs(["study/kept"])
    assert sorted(int(r.tags["tuneforge.trial"]) for r in shipped) == sorted(
        [told.number, running.number, last.number]
    )
    store.close()


@pytest.mark.slow
def test_a_remote_mlflow_server(start_server: Start, tmp_path: Path, mlflow_template: Path) -> None:
    """Cluster mode: the tracker writes to an ``mlflow server`` over HTTP."""
    port = free_port()
    shutil.copy(mlflow_template, tmp_path / "remote.db")
    log = (tmp_path / "mlflow.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mlflow",
            "server",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--backend-store-uri",
            f"sqlite:///{tmp_path / 'remote.db'}",
            "--artifacts-destination",
            str(tmp_path / "remote-artifacts"),
            "--workers",
            "1",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )
    try:
        import urllib.request

        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "mlflow.log").read_text()[-2000:]
                assert time.monotonic() < deadline, "mlflow server did not start"
                time.sleep(0.5)
        server = start_server(role="tracker", tracking_uri=f"http://127.0.0.1:{port}")
        with Client(server.target, timeout=60) as tf:
            run = tf.create_run("remote", run_name="r")
            tf.log_params(run.id, {"lr": 0.3})
            tf.log_metrics(run.id, [("loss", 0.5, 0), ("loss", 0.25, 1)])
            tf.log_artifact(run.id, "notes.txt", "hello")
            tf.end_run(run.id)
            got = tf.get_run(run.id)
            assert got.params["lr"] == "0.3" and got.status == pb.RUN_STATUS_FINISHED
            assert {m.key: m.value for m in got.metrics} == {"loss": 0.25}
            stored = list((tmp_path / "remote-artifacts").rglob("notes.txt"))
            assert len(stored) == 1 and stored[0].read_text() == "hello"
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
