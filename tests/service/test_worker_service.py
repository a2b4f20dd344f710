"""WorkerService over real gRPC on loopback: job tokens, field checks, reports stored once.

The server hosts WorkerService on a RemoteJobs over the real SQL store (SQLite and
PostgreSQL) with a token file configured, to show the file does not apply here: a
pod's job token opens its own job's calls, a user's token opens none of them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from tests.conftest import ServerThread
from tests.storage.test_job_store import _new
from tuneforge.storage import migrate, open_database
from tuneforge.trainer import job_tokens, worker_service
from tuneforge.trainer.events import JobState
from tuneforge.trainer.remote_host import RemoteJobs
from tuneforge.trainer.store import JobRecord, SqlJobStore
from tuneforge.v1 import trainer_service_pb2 as tpb
from tuneforge.v1 import worker_service_pb2 as pb
from tuneforge.v1 import worker_service_pb2_grpc as pb_grpc

Start = Callable[..., ServerThread]
KEY = b"s" * 32
USER = "admin-token-0123456789abcdef"


@pytest.fixture
def store(database_url: str) -> Iterator[SqlJobStore]:
    engine = open_database(database_url)
    migrate.upgrade(engine, optuna=False)
    yield SqlJobStore(engine)
    engine.dispose()


@pytest.fixture
def stub(
    start_server: Start, store: SqlJobStore, tmp_path: Path
) -> Iterator[pb_grpc.WorkerServiceStub]:
    tokens = tmp_path / "tokens.csv"
    tokens.write_text(f"{USER},ops,admin\n")
    host = RemoteJobs(store, "kubernetes/ml", lambda _id: None)
    st = start_server([worker_service.spec(host, KEY)], token_file=tokens)
    with grpc.insecure_channel(st.target) as channel:
        yield pb_grpc.WorkerServiceStub(channel)


def auth(job_id: str, key: bytes = KEY) -> tuple[tuple[str, str]]:
    return (("authorization", f"Bearer {job_tokens.mint(key, job_id)}"),)


def submit(store: SqlJobStore) -> JobRecord:
    rec, _ = store.submit(_new(backend="kubernetes"))
    return rec


def code_of(call: Callable[[], object]) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.RpcError) as exc:
        call()
    return exc.value.code(), exc.value.details() or ""


def violations(call: Callable[[], object]) -> dict[str, str]:
    with pytest.raises(grpc.RpcError) as exc:
        call()
    assert exc.value.code() is grpc.StatusCode.INVALID_ARGUMENT, exc.value.details()
    status = rpc_status.from_call(exc.value)
    assert status is not None
    bad = error_details_pb2.BadRequest()
    assert status.details[0].Unpack(bad)
    return {v.field: v.description for v in bad.field_violations}


def progress(step: int, loss: float = 1.0) -> pb.WorkerEvent:
    return pb.WorkerEvent(progress=tpb.JobProgress(step=step, loss=loss, samples_seen=step * 8))


def test_only_the_jobs_own_token_opens_its_calls(
    stub: pb_grpc.WorkerServiceStub, store: SqlJobStore
) -> None:
    job, other = submit(store), submit(store)
    request = pb.GetAssignmentRequest(job_id=job.id, pod="pod-a")
    cases = {
        "none": (),
        "user token": (("authorization", f"Bearer {USER}"),),
        "another job's": auth(other.id),
        "another key's": auth(job.id, b"x" * 32),
        "not bearer": (("authorization", f"Basic {job_tokens.mint(KEY, job.id)}"),),
    }
    for name, metadata in cases.items():
        code, _ = code_of(functools.partial(stub.GetAssignment, request, metadata=metadata))
        assert code is grpc.StatusCode.UNAUTHENTICATED, name
    assert store.get(job.id).state is JobState.QUEUED  # refused calls moved nothing
    got = stub.GetAssignment(request, metadata=auth(job.id), timeout=10)
    assert (got.spec, got.attempt, got.events_offset) == (job.spec, 1, 0)
    assert store.get(job.id).state is JobState.RUNNING


def test_bad_fields_are_field_violations(
    stub: pb_grpc.WorkerServiceStub, store: SqlJobStore
) -> None:
    job = submit(store)
    md = auth(job.id)
    got = violations(
        lambda: stub.GetAssignment(pb.GetAssignmentRequest(rank=-1), metadata=md, timeout=10)
    )
    assert set(got) == {"job_id", "pod", "rank"}
    got = violations(
        lambda: stub.GetAssignment(
            pb.GetAssignmentRequest(job_id="j" * 300, pod="p" * 300), metadata=md, timeout=10
        )
    )
    assert set(got) == {"job_id", "pod"}
    bad = pb.ReportEventsRequest(
        job_id=job.id, offset=-1, end_offset=-2, events=[progress(1), pb.WorkerEvent()]
    )
    got = violations(lambda: stub.ReportEvents(bad, metadata=md, timeout=10))
    assert set(got) == {"offset", "end_offset", "events[1]"}
    assert store.get(job.id).last_sequence == job.last_sequence  # nothing stored


def test_unknown_and_ended_jobs(stub: pb_grpc.WorkerServiceStub, store: SqlJobStore) -> None:
    code, _ = code_of(
        lambda: stub.GetAssignment(
            pb.GetAssignmentRequest(job_id="no-such-job", pod="p"),
            metadata=auth("no-such-job"),
            timeout=10,
        )
    )
    assert code is grpc.StatusCode.NOT_FOUND
    job = submit(store)
    store.request_stop(job.id, JobState.CANCELLED, "not needed")  # QUEUED: ends at once
    code, details = code_of(
        lambda: stub.GetAssignment(
            pb.GetAssignmentRequest(job_id=job.id, pod="p"), metadata=auth(job.id), timeout=10
        )
    )
    assert code is grpc.StatusCode.FAILED_PRECONDITION and "has ended" in details


def test_reports_are_stored_once_then_stop_and_a_config_error_fails_the_job(
    stub: pb_grpc.WorkerServiceStub, store: SqlJobStore
) -> None:
    job = submit(store)
    md = auth(job.id)
    stub.GetAssignment(pb.GetAssignmentRequest(job_id=job.id, pod="pod-a"), metadata=md)
    first = pb.ReportEventsRequest(
        job_id=job.id,
        offset=0,
        end_offset=120,
        events=[progress(10, 0.9), pb.WorkerEvent(checkpoint=pb.WorkerCheckpoint(step=10))],
    )
    assert stub.ReportEvents(first, metadata=md) == pb.ReportEventsResponse(offset=120)
    assert stub.ReportEvents(first, metadata=md).offset == 120  # a retry: acknowledged again
    gap = pb.ReportEventsRequest(job_id=job.id, offset=200, end_offset=300, events=[progress(30)])
    assert stub.ReportEvents(gap, metadata=md).offset == 120  # report from 120
    final = pb.ReportEventsRequest(
        job_id=job.id,
        offset=120,
        end_offset=180,
        events=[progress(20, 0.5), pb.WorkerEvent(final=pb.WorkerFinal(metrics={"acc": 0.75}))],
    )
    assert stub.ReportEvents(final, metadata=md).offset == 180
    rec = store.get(job.id)
    steps = [e.body.step for e in store.events(job.id) if hasattr(e.body, "step")]
    assert steps == [10, 20]  # each once, in order
    assert (rec.progress.loss, rec.final_metrics) == (0.5, {"acc": 0.75})  # type: ignore[union-attr]
    store.request_stop(job.id, JobState.CANCELLED, "by the user")
    poll = pb.ReportEventsRequest(job_id=job.id, offset=180, end_offset=180)
    assert stub.ReportEvents(poll, metadata=md) == pb.ReportEventsResponse(offset=180, stop=True)

    bad = submit(store)
    md = auth(bad.id)
    stub.GetAssignment(pb.GetAssignmentRequest(job_id=bad.id, pod="pod-b"), metadata=md)
    error = pb.ReportEventsRequest(
        job_id=bad.id,
        offset=0,
        end_offset=50,
        events=[pb.WorkerEvent(error=pb.WorkerError(reason="unknown optimizer 'adamw2'"))],
    )
    assert stub.ReportEvents(error, metadata=md).stop is True
    ended = store.get(bad.id)
    assert (ended.state, ended.reason, ended.exit_code) == (
        JobState.FAILED,
        "unknown optimizer 'adamw2'",
        2,
    )
