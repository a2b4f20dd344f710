"""What a client was told reaches the tracker even when the server is killed: `kill -9`
right after the last Tell, a restart on the same home, and every trial is one MLflow run.

Every wait draws from the test's ``deadline`` (conftest.py), under pytest's own timeout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import IO

import grpc
import sqlalchemy as sa

from tests.e2e.conftest import Deadline
from tuneforge.demo import free_port
from tuneforge_client import Client, TuneforgeError
from tuneforge_client.studies import float_param, params_of

READY_S = 60.0  # a server answers health checks within this
SHIPPED_S = 120.0  # a restarted server has shipped what a crash left within this
TRIALS = 30


def _serve(home: Path, port: int, log: IO[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tuneforge.cli", "serve", "all", "--port", str(port)],
        env={**os.environ, "TUNEFORGE_HOME": str(home)},
        stderr=log,
        text=True,
    )


def _runs(tf: Client, experiment: str) -> list[int]:
    """The trial number of every run in ``experiment`` (none before it exists)."""
    try:
        runs = tf.search_runs(experiment, page_size=1000).runs
    except TuneforgeError as e:
        if e.code is not grpc.StatusCode.NOT_FOUND:
            raise
        return []
    return [int(r.tags["tuneforge.trial"]) for r in runs]


def _outbox(home: Path) -> int:
    engine = sa.create_engine(f"sqlite:///{home / 'tuneforge.db'}")
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM tracking_outbox").scalar_one())
    finally:
        engine.dispose()


def test_kill_9_after_the_tells_loses_no_trial_and_adds_none(
    tmp_path: Path, deadline: Deadline
) -> None:
    home, port = tmp_path / "home", free_port()
    target = f"127.0.0.1:{port}"
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        proc = _serve(home, port, log)
        try:
            with Client(target, timeout=60) as tf:
                tf.wait_ready(timeout=deadline.cap(READY_S))
                tf.create_experiment("warm")  # MLflow open: the drain ships while we tell
                study = tf.create_study("crash", [float_param("x", 0, 1)], objective_names=["loss"])
                told = {}
                for _ in range(TRIALS):
                    (t,) = tf.ask("crash")
                    told[t.number] = float(params_of(t)["x"])
                    tf.tell("crash", t, told[t.number])
            proc.kill()  # SIGKILL, the moment the last Tell was answered
            proc.wait(timeout=deadline.cap(30))
            before = len(_runs_offline(home))

            proc = _serve(home, port, log)
            with Client(target, timeout=60) as tf:
                tf.wait_ready(timeout=deadline.cap(READY_S))
                end = time.monotonic() + deadline.cap(SHIPPED_S)
                while len(runs := _runs(tf, study.tracker_experiment)) < TRIALS or _outbox(home):
                    assert time.monotonic() < end, (before, sorted(runs), _outbox(home))
                    time.sleep(0.25)
                runs = _runs(tf, study.tracker_experiment)
                duplicates = [n for n, k in Counter(runs).items() if k > 1]
                assert not duplicates and sorted(runs) == sorted(told), (before, sorted(runs))
                best = tf.get_best_params(study.tracker_experiment, "loss")
                assert float(best.params["x"]) == min(told.values())
        finally:
            proc.kill()
            proc.wait(timeout=30)
    text = log_path.read_text()
    assert '"code": "INTERNAL"' not in text, text[-3000:]


def _runs_offline(home: Path) -> list[str]:
    """The runs MLflow holds on disk (read without a server): what the crash left shipped."""
    engine = sa.create_engine(f"sqlite:///{home / 'mlflow.db'}")
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.exec_driver_sql("SELECT run_uuid FROM runs")]
    finally:
        engine.dispose()
