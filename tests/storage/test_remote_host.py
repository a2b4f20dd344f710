"""RemoteJobs (the trainer's side of WorkerService) on every store backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.storage.test_job_store import _new, _point
from tuneforge.errors import FailedPreconditionError, NotFoundError
from tuneforge.storage import migrate, open_database
from tuneforge.trainer.events import Batch, JobState
from tuneforge.trainer.remote_host import RESUMED, RemoteJobs
from tuneforge.trainer.store import SqlJobStore

OWNER = "kubernetes/ml"


@pytest.fixture
def store(database_url: str) -> Iterator[SqlJobStore]:
    engine = open_database(database_url)
    migrate.upgrade(engine, optuna=False)
    yield SqlJobStore(engine)
    engine.dispose()


def _host(store: SqlJobStore) -> tuple[RemoteJobs, list[str]]:
    woken: list[str] = []
    return RemoteJobs(store, OWNER, woken.append), woken


def test_the_first_pod_claims_and_a_replacement_pod_resumes(store: SqlJobStore) -> None:
    host, woken = _host(store)
    job, _ = store.submit(_new(backend="kubernetes"))
    with pytest.raises(NotFoundError):
        host.assign("no-such-job", "pod-a", 0)
    helper = host.assign(job.id, "pod-b", 1)  # a rank > 0 never moves the state
    assert helper.spec == job.spec and store.get(job.id).state is JobState.QUEUED
    first = host.assign(job.id, "pod-a", 0)
    rec = store.get(job.id)
    assert (rec.state, rec.owner, rec.device, first.attempt) == (
        JobState.RUNNING,
        OWNER,
        "cpu",
        1,
    )
    assert host.assign(job.id, "pod-a", 0).attempt == 1  # the same pod asking again
    again = host.assign(job.id, "pod-c", 0)  # preempted: its replacement
    assert again.attempt == 2 and store.events(job.id)[-1].body.reason == RESUMED  # type: ignore[union-attr]
    assert woken == [job.id, job.id]
    restarted, _ = _host(store)  # a trainer restart: it knows no pod yet
    assert restarted.assign(job.id, "pod-d", 0).attempt == 3  # a pod asks only at its start
    assert restarted.assign(job.id, "pod-d", 0).attempt == 3
    store.finish(job.id, JobState.SUCCEEDED)
    with pytest.raises(FailedPreconditionError, match="has ended"):
        host.assign(job.id, "pod-c", 0)


def test_reports_are_stored_once_and_in_order(store: SqlJobStore) -> None:
    host, _ = _host(store)
    job, _ = store.submit(_new(backend="kubernetes"))
    host.assign(job.id, "pod-a", 0)
    first = Batch(progress=[_point(10)])
    assert host.report(job.id, 0, 100, first) == (100, False)
    assert host.report(job.id, 0, 100, first) == (100, False)  # a retry: acknowledged
    assert host.report(job.id, 300, 400, Batch([_point(40)])) == (100, False)  # a gap
    done = Batch(progress=[_point(20)], final={"eval_accuracy": 0.9})
    assert host.report(job.id, 100, 250, done) == (250, False)
    rec = store.get(job.id)
    assert [e.body for e in store.events(job.id)[2:]] == [_point(10), _point(20)]
    assert (rec.events_offset, rec.final_metrics) == (250, {"eval_accuracy": 0.9})
    store.request_stop(job.id, JobState.CANCELLED, "by the user")
    assert host.report(job.id, 250, 260, Batch()) == (260, True)  # stop: checkpoint, exit


def test_a_configuration_error_fails_the_job_with_its_reason(store: SqlJobStore) -> None:
    host, _ = _host(store)
    job, _ = store.submit(_new(backend="kubernetes"))
    host.assign(job.id, "pod-a", 0)
    assert host.report(job.id, 0, 50, Batch(error="unknown dataset column")) == (50, True)
    rec = store.get(job.id)
    assert (rec.state, rec.reason, rec.exit_code) == (
        JobState.FAILED,
        "unknown dataset column",
        2,
    )
    assert host.report(job.id, 50, 80, Batch([_point(1)])) == (50, True)  # ended: nothing
