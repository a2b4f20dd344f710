"""The local backend with the SQL job store and real worker processes (no gRPC).

Jobs are small digits MLPs (a few hundred steps on one core); the module shares
one backend (and so one forkserver, whose torch preload takes seconds) wherever a
test does not need settings of its own.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from google.protobuf import duration_pb2

from tuneforge.runtime.config import Settings
from tuneforge.storage import open_database
from tuneforge.storage.migrate import upgrade
from tuneforge.tracker.store import TrackerStore
from tuneforge.trainer import spec as job_spec
from tuneforge.trainer.events import JobState, Progress, StateChange
from tuneforge.trainer.jobdir import JobDir
from tuneforge.trainer.local import NO_CHECKPOINT, Capacity, LocalBackend, Need, has_checkpoint
from tuneforge.trainer.store import JobRecord, NewJob, SqlJobStore
from tuneforge.v1 import trainer_service_pb2 as pb

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None, reason="the local backend needs PyTorch"
)

T = TypeVar("T")


# -- entry points the workers import (this module, by name) ------------------------------


def crash(ctx: Any) -> None:
    raise RuntimeError("boom from the entry point")


# -- helpers ------------------------------------------------------------------------------


def wait_for(pred: Callable[[], T], timeout: float = 60.0, what: str = "") -> T:
    until = time.monotonic() + timeout
    while True:
        value = pred()
        if value:
            return value
        if time.monotonic() > until:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or pred}")
        time.sleep(0.02)


def digits(steps: int, name: str = "digits", seed: int = 7, **fields: Any) -> pb.JobSpec:
    spec = pb.JobSpec(
        name=name,
        model=pb.ModelSpec(mlp=pb.MlpModel(hidden_sizes=[32])),
        dataset=pb.DatasetSpec(digits=pb.DigitsDataset()),
        optimizer=pb.OptimizerSpec(name="adam"),
        budget=pb.Budget(steps=steps),
        evaluation=pb.EvaluationSpec(interval_steps=max(1, steps // 4)),
        report_interval_steps=10,
        seed=seed,
        device="cpu",
        **fields,
    )
    spec.optimizer.hyperparameters["lr"].number_value = 0.003
    return job_spec.validate(spec)


def entry_point(target: str) -> pb.JobSpec:
    spec = pb.JobSpec(
        name="entry",
        model=pb.ModelSpec(entry_point=pb.EntryPointModel(target=target)),
        optimizer=pb.OptimizerSpec(name="sgd"),
        budget=pb.Budget(steps=10),
        device="cpu",
    )
    spec.optimizer.hyperparameters["lr"].number_value = 0.1
    return job_spec.validate(spec)


@dataclass
class Env:
    root: Path
    engine: sa.Engine
    store: SqlJobStore
    settings: Settings
    backend: LocalBackend
    tracker: TrackerStore | None
    published: list[str] = field(default_factory=list)

    def submit(self, spec: pb.JobSpec) -> JobRecord:
        rec, created = self.store.submit(NewJob(spec, "local"))
        assert created
        self.backend.wake()
        return rec

    def wait(self, job_id: str, states: set[JobState], timeout: float = 60.0) -> JobRecord:
        return wait_for(
            lambda: (r := self.store.get(job_id)).state in states and r,
            timeout,
            f"job {job_id} in {states}",
        )

    def wait_final(self, job_id: str, timeout: float = 90.0) -> JobRecord:
        return self.wait(job_id, {s for s in JobState if s.final}, timeout)

    def dir(self, job_id: str) -> JobDir:
        return JobDir.of(self.settings.jobs_root, job_id)

    def close(self) -> None:
        self.backend.stop()
        if self.tracker is not None:
            self.tracker.close()
        self.engine.dispose()


def make_env(root: Path, tracker: bool = False, start: bool = True, **overrides: Any) -> Env:
    root.mkdir(parents=True, exist_ok=True)
    engine = open_database(f"sqlite:///{root / 'state.db'}")
    upgrade(engine)
    settings = Settings.load(
        {},
        **{
            "home": root / "home",
            "jobs_dir": root / "jobs",
            "job_poll_seconds": 0.02,
            "max_running_jobs": 2,
            "trainer_cpus": 2.0,
            "trainer_node": "testnode",
            **overrides,
        },
    )
    store = SqlJobStore(engine)
    tracker_store = None
    if tracker:
        tracker_store = TrackerStore(f"sqlite:///{root / 'mlflow.db'}", str(root / "mlartifacts"))
    published: list[str] = []
    backend = LocalBackend(store, settings, tracker_store, published.append)
    env = Env(root, engine, store, settings, backend, tracker_store, published)
    if start:
        backend.start()
    return env


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    e = make_env(tmp_path_factory.mktemp("local"), tracker=True)
    yield e
    e.close()


def group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def worker_pid(env: Env, job_id: str) -> int:
    text = wait_for(lambda: _read(env.dir(job_id).root / "worker.pid"), 90, "worker.pid")
    return int(text.split()[0])


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def comparable(metrics: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in metrics.items() if k != "wall_seconds"}


# -- pure parts ---------------------------------------------------------------------------


def test_gpu_assignment_and_fit() -> None:
    free = Capacity(slots=2, gpus={0, 1, 2}, cpu=4.0, memory_mib=None)
    assert free.assign(Need(0, 1.0, 0)) == ()
    assert free.assign(Need(0, 1.0, 0, opportunistic=True)) == (0,)
    assert free.assign(Need(2, 1.0, 0)) == (0, 1)
    assert free.assign(Need(1, 1.0, 0, pinned=2)) == (2,)
    assert free.assign(Need(4, 1.0, 0)) is None
    assert free.assign(Need(0, 5.0, 0)) is None
    free.take(Need(2, 3.0, 0), (0, 1))
    assert free.assign(Need(1, 1.0, 0, pinned=1)) is None
    assert free.assign(Need(0, 1.0, 0, opportunistic=True)) == (2,)
    assert free.assign(Need(0, 1.5, 0)) is None  # one core left
    free.take(Need(0, 1.0, 0), ())
    assert free.assign(Need(0, 0.5, 0)) is None  # no slot left
    mem = Capacity(slots=1, gpus=set(), cpu=1.0, memory_mib=1024)
    assert mem.assign(Need(0, 1.0, 2048)) is None and mem.assign(Need(0, 1.0, 1024)) == ()


def test_need_reads_device_and_resources() -> None:
    spec = pb.JobSpec(device="cuda:1", resources=pb.JobResources(cpu=2.0, memory_mib=10))
    assert Need.of(spec) == Need(1, 2.0, 10, pinned=1)
    assert Need.of(pb.JobSpec(device="auto")) == Need(0, 1.0, 0, opportunistic=True)
    assert Need.of(pb.JobSpec(device="cpu", resources=pb.JobResources(gpus=2))).gpus == 0
    assert Need.of(pb.JobSpec(device="cuda", resources=pb.JobResources(gpus=2))).gpus == 2


def test_check_reports_what_this_machine_lacks(env: Env) -> None:
    from tuneforge.errors import Violations

    v = Violations()
    cuda = env.backend.gpu_count == 0
    spec = pb.JobSpec(
        device="cuda:7" if cuda else "cpu",
        resources=pb.JobResources(gpus=99, cpu=64.0, memory_mib=1),
    )
    env.backend.check(spec, v, "spec")
    with pytest.raises(Exception) as info:
        v.raise_if_any()
    fields = {f.field for f in info.value.violations}  # type: ignore[attr-defined]
    expected = {"spec.resources.gpus", "spec.resources.cpu"} | ({"spec.device"} if cuda else set())
    assert fields == expected


# -- jobs ---------------------------------------------------------------------------------


def test_digits_job_succeeds_with_events_and_an_mlflow_run(env: Env) -> None:
    rec = env.submit(digits(120, name="mlflow-digits", labels={"team": "opt"}))
    done = env.wait_final(rec.id)
    assert done.state is JobState.SUCCEEDED, done.reason
    assert done.exit_code == 0 and done.device == "cpu" and done.attempt == 1
    assert done.final_metrics["steps"] == 120
    assert done.final_metrics["eval_accuracy"] > 0.5
    assert {"train_loss", "eval_loss", "param_count", "samples_seen"} <= set(done.final_metrics)
    evs = env.store.events(rec.id)
    assert [e.sequence for e in evs] == list(range(1, len(evs) + 1))
    states = [e.body.state for e in evs if isinstance(e.body, StateChange)]
    assert states == [JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED]
    steps = [e.body.step for e in evs if isinstance(e.body, Progress)]
    assert steps and steps == sorted(steps) and steps[-1] == 120
    assert rec.id in env.published
    assert not (env.dir(rec.id).root / "worker.pid").exists()

    # The MLflow run: params, tags, step metrics, final metrics, summary and curve PNG.
    assert env.tracker is not None and env.backend.recorder is not None
    wait_for(lambda: rec.id not in env.backend.recorder.pending, 60, "the MLflow run")
    run_id = env.store.get(rec.id).mlflow_run_id
    assert run_id
    run = env.tracker.get_run(run_id)
    assert run.status == "FINISHED"
    assert run.params["optimizer.name"] == "adam"
    assert run.params["budget.steps"] == "120"
    assert run.tags["tuneforge.job"] == rec.id and run.tags["label.team"] == "opt"
    assert run.metric("eval_accuracy") == done.final_metrics["eval_accuracy"]
    assert run.metric("loss") is not None and run.metric("learning_rate") is not None
    history = env.tracker.mlflow.client.get_metric_history(run_id, "loss")
    assert len(history) >= 120 // 10
    artifacts = Path(run.artifact_uri.removeprefix("file://"))
    assert (artifacts / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert rec.id in (artifacts / "summary.txt").read_text()


def test_crashing_entry_point_fails_with_exit_code_and_traceback(env: Env) -> None:
    rec = env.submit(entry_point(f"{__name__}:crash"))
    done = env.wait_final(rec.id)
    assert done.state is JobState.FAILED
    assert done.exit_code == 1
    assert done.reason.startswith("the worker exited with code 1")
    assert "RuntimeError: boom from the entry point" in done.reason
    assert len(done.reason.splitlines()) <= 21


def test_cancel_kills_the_process_group_within_seconds(env: Env) -> None:
    rec = env.submit(digits(200_000, name="long"))
    env.wait(rec.id, {JobState.RUNNING})
    pid = worker_pid(env, rec.id)
    wait_for(lambda: env.store.get(rec.id).progress, 60, "first progress")
    t0 = time.monotonic()
    env.store.request_stop(rec.id, JobState.CANCELLED, "cancelled by the test")
    env.backend.wake()
    done = env.wait_final(rec.id, timeout=5)
    assert time.monotonic() - t0 < 5
    assert done.state is JobState.CANCELLED and done.reason == "cancelled by the test"
    wait_for(lambda: group_gone(pid), 5, "the worker's process group to vanish")


def test_deadline_fails_the_job_with_a_reason(env: Env) -> None:
    rec = env.submit(digits(200_000, name="slow", max_duration=duration_pb2.Duration(seconds=1)))
    done = env.wait_final(rec.id, timeout=30)
    assert done.state is JobState.FAILED
    assert done.reason == "exceeded its max_duration of 1s"
    assert done.started is not None and done.finished is not None
    assert done.finished - done.started >= 1.0


def test_admission_runs_jobs_one_at_a_time_in_submission_order(tmp_path: Path) -> None:
    e = make_env(tmp_path, max_running_jobs=1)
    try:
        ids = [e.submit(digits(40, name=f"job-{i}")).id for i in range(3)]
        done = [e.wait_final(i) for i in ids]
    finally:
        e.close()
    assert [d.state for d in done] == [JobState.SUCCEEDED] * 3
    for before, after in itertools.pairwise(done):
        assert before.finished is not None and after.started is not None
        assert after.started >= before.finished


def test_admission_runs_as_many_jobs_as_there_are_slots(tmp_path: Path) -> None:
    e = make_env(tmp_path, max_running_jobs=2, trainer_cpus=2.0)
    try:
        ids = [e.submit(digits(3000, name="job-0")).id]
        e.wait(ids[0], {JobState.RUNNING})  # the second arrives while a worker runs
        ids.append(e.submit(digits(3000, name="job-1")).id)
        done = [e.wait_final(i) for i in ids]
    finally:
        e.close()
    assert [d.state for d in done] == [JobState.SUCCEEDED] * 2
    first, second = done
    assert first.finished is not None and second.started is not None
    assert second.started < first.finished  # both ran at once


# -- restarts -----------------------------------------------------------------------------

_SERVER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from tuneforge.runtime.config import Settings
    from tuneforge.storage import open_database
    from tuneforge.trainer.local import LocalBackend
    from tuneforge.trainer.store import SqlJobStore

    root = Path(sys.argv[1])
    settings = Settings.load({}, home=root / "home", jobs_dir=root / "jobs",
                             job_poll_seconds=0.02, trainer_cpus=2.0, trainer_node="testnode")
    backend = LocalBackend(SqlJobStore(open_database(f"sqlite:///{root / 'state.db'}")),
                           settings, None, lambda job_id: None)
    backend.start()
    print("started", flush=True)
    time.sleep(600)
    """
)


def test_a_crashed_server_resumes_its_job_bit_identically(env: Env, tmp_path: Path) -> None:
    spec = digits(1500, name="resumable", seed=11, checkpoint=pb.CheckpointSpec(interval_steps=100))
    reference = env.submit(spec)  # the same job, uninterrupted, on the shared backend

    crashed = make_env(tmp_path, start=False)
    rec, _ = crashed.store.submit(NewJob(spec, "local"))
    # A job a crashed server left RUNNING without a checkpoint.
    lost, _ = crashed.store.submit(NewJob(digits(50, name="lost"), "local"))
    assert crashed.store.claim(lost.id, "testnode/deadbeef", "cpu") is not None

    server = subprocess.Popen(
        [sys.executable, "-c", _SERVER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        d = crashed.dir(rec.id)
        wait_for(lambda: has_checkpoint(d), 90, "the first checkpoint")
        old = worker_pid(crashed, rec.id)
        server.kill()  # SIGKILL: no stop hook runs
        server.wait(10)
    finally:
        if server.poll() is None:
            server.kill()
    assert crashed.store.get(rec.id).state is JobState.RUNNING
    # Its worker died with the server (through the forkserver): no orphan keeps training.
    wait_for(lambda: group_gone(old), 10, "the crashed server's worker to die")

    crashed.backend.start()  # a new boot of the same node
    try:
        assert crashed.store.get(lost.id).state is JobState.FAILED
        assert crashed.store.get(lost.id).reason == NO_CHECKPOINT
        done = crashed.wait_final(rec.id, timeout=120)
        ref = env.wait_final(reference.id, timeout=120)
    finally:
        crashed.close()
    assert done.state is JobState.SUCCEEDED, done.reason
    assert done.attempt == 2
    assert ref.state is JobState.SUCCEEDED
    assert comparable(done.final_metrics) == comparable(ref.final_metrics)
    resumed = [e.body for e in crashed.store.events(rec.id) if isinstance(e.body, StateChange)]
    assert [s.state for s in resumed] == [JobState.QUEUED, JobState.RUNNING, JobState.RUNNING,
                                          JobState.SUCCEEDED]  # fmt: skip


def test_stop_leaves_jobs_running_and_the_next_start_resumes_them(tmp_path: Path) -> None:
    first = make_env(tmp_path)
    rec = first.submit(
        digits(1200, name="paused", checkpoint=pb.CheckpointSpec(interval_steps=100))
    )
    wait_for(lambda: (p := first.store.get(rec.id).progress) and p.step >= 150, 90, "step 150")
    pid = worker_pid(first, rec.id)
    t0 = time.monotonic()
    first.backend.stop()
    assert time.monotonic() - t0 < first.settings.job_stop_seconds + 3
    assert group_gone(pid)
    assert first.store.get(rec.id).state is JobState.RUNNING
    assert has_checkpoint(first.dir(rec.id))

    second = make_env(tmp_path)
    try:
        done = second.wait_final(rec.id, timeout=120)
    finally:
        second.close()
        first.engine.dispose()
    assert done.state is JobState.SUCCEEDED, done.reason
    assert done.attempt == 2 and done.final_metrics["steps"] == 1200
