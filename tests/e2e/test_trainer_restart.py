"""A trainer killed with SIGKILL mid-job and restarted on the same home: the running job
resumes from its checkpoint (attempt 2) and ends with the final metrics of an
uninterrupted run with the same seed; a queued job is still queued; a client watching
through the SDK reconnects and misses no event.

Every wait draws from the test's ``deadline`` (conftest.py), under pytest's own timeout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import pytest

from tests.e2e.conftest import Deadline
from tuneforge.demo import free_port
from tuneforge.v1 import trainer_service_pb2 as pb
from tuneforge_client import Client

pytest.importorskip("torch")  # the workers train with it

READY_S = 90.0  # a server answers health checks within this
CHECKPOINT_EVERY = 150
STEPS = 3000

SPEC: dict[str, Any] = {
    "name": "restart",
    "model": {"mlp": {"hidden_sizes": [128, 128]}},
    "dataset": {"digits": {}},
    "optimizer": {"name": "adabelief", "hyperparameters": {"lr": 0.003}},
    "schedule": {"warmup_steps": 50, "cosine": {"final_factor": 0.1}},
    "batch_size": {"fixed": 32},
    "budget": {"steps": STEPS},
    "evaluation": {"interval_steps": 500, "metric": "accuracy"},
    "report_interval_steps": 50,
    "checkpoint": {"interval_steps": CHECKPOINT_EVERY},
    "seed": 11,
    "device": "cpu",
}
# What a resumed run must reproduce exactly (wall_seconds is the one that may differ).
SAME = ("eval_accuracy", "eval_loss", "train_loss", "steps", "samples_seen", "param_count")


def _serve(home: Path, port: int, log: IO[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tuneforge.cli",
            "serve",
            "trainer",
            "--port",
            str(port),
            "--max-running-jobs",
            "1",
        ],
        env={**os.environ, "TUNEFORGE_HOME": str(home)},
        stdout=log,
        stderr=log,
        text=True,
    )


def _until(deadline: Deadline, seconds: float, what: str, check: Any) -> Any:
    end = time.monotonic() + deadline.cap(seconds)
    while time.monotonic() < end:
        if value := check():
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out: {what}")


def test_sigkill_mid_job_resumes_and_matches_an_uninterrupted_run(
    tmp_path: Path, deadline: Deadline
) -> None:
    home, port = tmp_path / "home", free_port()
    target = f"127.0.0.1:{port}"
    log_path = tmp_path / "server.log"
    watched: list[pb.JobEvent] = []
    watch_error: list[BaseException] = []
    with log_path.open("w") as log:
        proc = _serve(home, port, log)
        try:
            with Client(target, timeout=60) as tf:
                tf.wait_ready(timeout=deadline.cap(READY_S))
                a = tf.submit_job(SPEC)
                b = tf.submit_job(SPEC | {"name": "uninterrupted"})  # queued behind a

                def watch() -> None:  # across the kill: the SDK reconnects
                    try:
                        with Client(target, timeout=60) as w:
                            watched.extend(w.watch_job(a.id, reconnect_seconds=deadline.left()))
                    except BaseException as e:  # reported by the main thread
                        watch_error.append(e)

                watcher = threading.Thread(target=watch, daemon=True)
                watcher.start()
                # Kill once a checkpoint is behind the job and steps after it are lost.
                _until(
                    deadline,
                    120,
                    "job a passes its second checkpoint",
                    lambda: tf.get_job(a.id).progress.step >= 2 * CHECKPOINT_EVERY + 50,
                )
                before = tf.get_job(a.id)
                assert before.state == pb.JOB_STATE_RUNNING, "job a ended before the kill"
                assert tf.get_job(b.id).state == pb.JOB_STATE_QUEUED
            proc.kill()  # SIGKILL: no shutdown hook runs, the workers die with the server
            proc.wait(timeout=deadline.cap(30))

            proc = _serve(home, port, log)
            with Client(target, timeout=60) as tf:
                tf.wait_ready(timeout=deadline.cap(READY_S))
                assert tf.get_job(b.id).state == pb.JOB_STATE_QUEUED  # a resumes first
                a_done = tf.wait_job(a.id, timeout=deadline.cap(300))
                b_done = tf.wait_job(b.id, timeout=deadline.cap(300))
                watcher.join(deadline.cap(30))
                a_events = list(tf.watch_job(a.id))
        finally:
            proc.kill()
            proc.wait(timeout=30)
    text = log_path.read_text()
    assert a_done.state == pb.JOB_STATE_SUCCEEDED, (a_done.state_reason, text[-3000:])
    assert a_done.attempt == 2 and b_done.attempt == 1
    assert b_done.state == pb.JOB_STATE_SUCCEEDED, b_done.state_reason
    for key in SAME:
        assert a_done.final_metrics[key] == b_done.final_metrics[key], key
    assert a_done.final_metrics["steps"] == STEPS

    # The stream holds both attempts, numbered without gaps; the watcher saw all of it.
    assert [e.sequence for e in a_events] == list(range(1, len(a_events) + 1))
    states = [e.state_change.state for e in a_events if e.HasField("state_change")]
    assert states == [
        pb.JOB_STATE_QUEUED,
        pb.JOB_STATE_RUNNING,
        pb.JOB_STATE_RUNNING,  # adopted after the restart, resumed from the checkpoint
        pb.JOB_STATE_SUCCEEDED,
    ]
    assert not watch_error, watch_error
    assert watched == a_events
    assert '"code": "INTERNAL"' not in text, text[-3000:]
