"""WorkerService: what the Kubernetes backend's training pods call (``tuneforge worker``).

Thin: it checks the call's job token and its fields, turns the proto's events into
:class:`~tuneforge.trainer.events.Batch` and hands them to
:class:`~tuneforge.trainer.remote_host.RemoteJobs`, which owns the rules (claim,
resume, exactly-once offsets, stop).

Authentication is the job's own token (``authorization: Bearer tfj1.…``, minted
into the job's Secret), checked here against the request's job id: it opens these
two calls for that one job. The server's token file does not apply to this
service (:data:`~tuneforge.runtime.interceptor.JOB_TOKEN_PREFIXES`), so a pod never
holds a user's token and a user's token never opens a job's reports.
"""

from __future__ import annotations

from collections.abc import Iterable

import grpc

from tuneforge.errors import Violations
from tuneforge.runtime.auth import Scope
from tuneforge.runtime.calls import offload
from tuneforge.runtime.server import ServiceSpec
from tuneforge.trainer import job_tokens
from tuneforge.trainer.events import Batch
from tuneforge.trainer.messages import progress_from
from tuneforge.trainer.remote_host import RemoteJobs
from tuneforge.v1 import worker_service_pb2 as pb
from tuneforge.v1 import worker_service_pb2_grpc as pb_grpc

__all__ = ["WorkerServicer", "batch_from", "spec"]

MAX_NAME = 253  # a job id or a pod name: a Kubernetes object name at most


def batch_from(events: Iterable[pb.WorkerEvent], v: Violations) -> Batch:
    """The :class:`Batch` of a report's events; an event with no kind is a violation."""
    batch = Batch()
    for i, e in enumerate(events):
        kind = e.WhichOneof("kind")
        if kind == "progress":
            if e.progress.step < 0:
                v.add(f"events[{i}].progress.step", "must be >= 0")
            batch.progress.append(progress_from(e.progress))
        elif kind == "checkpoint":
            batch.checkpoint = e.checkpoint.step
        elif kind == "final":
            batch.final = dict(e.final.metrics)
        elif kind == "error":
            batch.error = e.error.reason or "the worker refused the job"
        else:
            v.add(f"events[{i}]", "must set one of progress, checkpoint, final or error")
    return batch


def _check_job(job_id: str, v: Violations) -> None:
    if not job_id:
        v.add("job_id", "must not be empty")
    elif len(job_id) > MAX_NAME:
        v.add("job_id", f"must be at most {MAX_NAME} characters")


class WorkerServicer(pb_grpc.WorkerServiceServicer):
    def __init__(self, host: RemoteJobs, key: bytes) -> None:
        self.host = host
        self.key = key

    async def _authenticate(self, job_id: str, context: grpc.aio.ServicerContext) -> None:
        header = str(dict(context.invocation_metadata() or ()).get("authorization", ""))
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, "missing job token")
        if not job_tokens.verify(self.key, token.strip(), job_id):
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, f"not a token of job {job_id}")

    async def GetAssignment(
        self, request: pb.GetAssignmentRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetAssignmentResponse:
        v = Violations()
        _check_job(request.job_id, v)
        if not request.pod:
            v.add("pod", "must not be empty")
        elif len(request.pod) > MAX_NAME:
            v.add("pod", f"must be at most {MAX_NAME} characters")
        if request.rank < 0:
            v.add("rank", "must be >= 0")
        v.raise_if_any()
        await self._authenticate(request.job_id, context)
        got = await offload(context, self.host.assign, request.job_id, request.pod, request.rank)
        return pb.GetAssignmentResponse(
            spec=got.spec, attempt=got.attempt, events_offset=got.events_offset
        )

    async def ReportEvents(
        self, request: pb.ReportEventsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ReportEventsResponse:
        v = Violations()
        _check_job(request.job_id, v)
        if request.offset < 0:
            v.add("offset", "must be >= 0")
        if request.end_offset < request.offset:
            v.add("end_offset", "must be >= offset")
        batch = batch_from(request.events, v)
        v.raise_if_any()
        await self._authenticate(request.job_id, context)
        offset, stop = await offload(
            context, self.host.report, request.job_id, request.offset, request.end_offset, batch
        )
        return pb.ReportEventsResponse(offset=offset, stop=stop)


def spec(host: RemoteJobs, key: bytes) -> ServiceSpec:
    """WorkerService over ``host`` (owned by the Kubernetes backend), checking tokens
    signed with ``key``. Its scopes are never consulted: the job token decides."""
    return ServiceSpec(
        descriptor=pb.DESCRIPTOR.services_by_name["WorkerService"],
        servicer=WorkerServicer(host, key),
        add_to_server=pb_grpc.add_WorkerServiceServicer_to_server,
        scopes={"GetAssignment": Scope.WRITE, "ReportEvents": Scope.WRITE},
    )
