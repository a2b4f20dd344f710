"""TrackerService: thin gRPC adapter over :mod:`tuneforge.tracker.store` (MLflow)."""

from __future__ import annotations

from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from tuneforge.runtime.auth import Scope
from tuneforge.runtime.calls import offload
from tuneforge.runtime.convert import enum_field, millis
from tuneforge.runtime.server import ServiceSpec
from tuneforge.tracker.store import MetricPoint, TrackerStore
from tuneforge.v1 import common_pb2
from tuneforge.v1 import tracker_service_pb2 as pb
from tuneforge.v1 import tracker_service_pb2_grpc as pb_grpc

_STATUS_PB = {
    "RUNNING": pb.RUN_STATUS_RUNNING,
    "SCHEDULED": pb.RUN_STATUS_SCHEDULED,
    "FINISHED": pb.RUN_STATUS_FINISHED,
    "FAILED": pb.RUN_STATUS_FAILED,
    "KILLED": pb.RUN_STATUS_KILLED,
}
_END_STATUS = {
    pb.RUN_STATUS_FINISHED: "FINISHED",
    pb.RUN_STATUS_FAILED: "FAILED",
    pb.RUN_STATUS_KILLED: "KILLED",
    pb.RUN_STATUS_RUNNING: "RUNNING",
    pb.RUN_STATUS_SCHEDULED: "SCHEDULED",
}


def _ms_timestamp(ms: int | None) -> Timestamp | None:
    if ms is None:
        return None
    ts = Timestamp()
    ts.FromMilliseconds(int(ms))
    return ts


def _ms(ts: Timestamp, present: bool, field: str) -> int:
    return millis(ts, field) if present else 0


def experiment_pb(e: Any) -> pb.Experiment:
    return pb.Experiment(
        id=str(e.experiment_id),
        name=e.name,
        artifact_location=e.artifact_location or "",
        tags=dict(e.tags or {}),
    )


def run_pb(r: Any) -> pb.Run:
    info, data = r.info, r.data
    metrics = getattr(data, "_metric_objs", None)
    if metrics is None:
        items = [pb.RunMetric(key=k, value=v) for k, v in data.metrics.items()]
    else:
        items = [
            pb.RunMetric(
                key=m.key, value=m.value, step=m.step, timestamp=_ms_timestamp(m.timestamp)
            )
            for m in metrics
        ]
    return pb.Run(
        id=info.run_id,
        experiment_id=str(info.experiment_id),
        name=info.run_name or "",
        status=_STATUS_PB.get(info.status, pb.RUN_STATUS_UNSPECIFIED),
        start_time=_ms_timestamp(info.start_time),
        end_time=_ms_timestamp(info.end_time),
        params=dict(data.params),
        metrics=items,
        tags=dict(data.tags),
        artifact_uri=info.artifact_uri or "",
    )


class TrackerServicer(pb_grpc.TrackerServiceServicer):
    def __init__(self, store: TrackerStore) -> None:
        self.store = store

    async def CreateExperiment(
        self, request: pb.CreateExperimentRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateExperimentResponse:
        e = await offload(context, self.store.create_experiment, request.name, dict(request.tags))
        return pb.CreateExperimentResponse(experiment=experiment_pb(e))

    async def GetExperiment(
        self, request: pb.GetExperimentRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetExperimentResponse:
        e = await offload(context, self.store.experiment, request.experiment)
        return pb.GetExperimentResponse(experiment=experiment_pb(e))

    async def CreateRun(
        self, request: pb.CreateRunRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateRunResponse:
        r = await offload(
            context,
            self.store.create_run,
            request.experiment,
            request.run_name,
            dict(request.tags),
            _ms(request.start_time, request.HasField("start_time"), "start_time"),
        )
        return pb.CreateRunResponse(run=run_pb(r))

    async def EndRun(
        self, request: pb.EndRunRequest, context: grpc.aio.ServicerContext
    ) -> pb.EndRunResponse:
        status = enum_field(request.status, _END_STATUS, "status") or "FINISHED"
        r = await offload(
            context,
            self.store.end_run,
            request.run_id,
            status,
            _ms(request.end_time, request.HasField("end_time"), "end_time"),
        )
        return pb.EndRunResponse(run=run_pb(r))

    async def LogParams(
        self, request: pb.LogParamsRequest, context: grpc.aio.ServicerContext
    ) -> pb.LogParamsResponse:
        await offload(context, self.store.log_params, request.run_id, dict(request.params))
        return pb.LogParamsResponse()

    async def LogMetrics(
        self, request: pb.LogMetricsRequest, context: grpc.aio.ServicerContext
    ) -> pb.LogMetricsResponse:
        metrics = [
            MetricPoint(m.key, m.value, m.step, millis(m.timestamp, f"metrics[{i}].timestamp"))
            for i, m in enumerate(request.metrics)
        ]
        await offload(context, self.store.log_metrics, request.run_id, metrics)
        return pb.LogMetricsResponse()

    async def SetTags(
        self, request: pb.SetTagsRequest, context: grpc.aio.ServicerContext
    ) -> pb.SetTagsResponse:
        await offload(context, self.store.set_tags, request.run_id, dict(request.tags))
        return pb.SetTagsResponse()

    async def LogArtifact(
        self, request: pb.LogArtifactRequest, context: grpc.aio.ServicerContext
    ) -> pb.LogArtifactResponse:
        uri = await offload(
            context, self.store.log_artifact, request.run_id, request.path, request.content
        )
        return pb.LogArtifactResponse(artifact_uri=uri)

    async def GetRun(
        self, request: pb.GetRunRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetRunResponse:
        r = await offload(context, self.store.get_run, request.run_id)
        return pb.GetRunResponse(run=run_pb(r))

    async def SearchRuns(
        self, request: pb.SearchRunsRequest, context: grpc.aio.ServicerContext
    ) -> pb.SearchRunsResponse:
        runs, token = await offload(
            context,
            self.store.search_runs,
            list(request.experiments),
            request.filter,
            list(request.order_by),
            request.page.page_size,
            request.page.page_token,
        )
        return pb.SearchRunsResponse(runs=[run_pb(r) for r in runs], next_page_token=token)

    async def GetBestParams(
        self, request: pb.GetBestParamsRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetBestParamsResponse:
        direction = enum_field(
            request.direction,
            {common_pb2.DIRECTION_MINIMIZE: False, common_pb2.DIRECTION_MAXIMIZE: True},
            "direction",
        )
        r = await offload(
            context,
            self.store.best_params,
            request.experiment,
            request.metric,
            bool(direction),
            request.filter,
        )
        return pb.GetBestParamsResponse(
            run=run_pb(r), params=dict(r.data.params), value=r.data.metrics[request.metric]
        )


def spec(store: TrackerStore) -> ServiceSpec:
    return ServiceSpec(
        descriptor=pb.DESCRIPTOR.services_by_name["TrackerService"],
        servicer=TrackerServicer(store),
        add_to_server=pb_grpc.add_TrackerServiceServicer_to_server,
        scopes={
            "CreateExperiment": Scope.WRITE,
            "GetExperiment": Scope.READ,
            "CreateRun": Scope.WRITE,
            "EndRun": Scope.WRITE,
            "LogParams": Scope.WRITE,
            "LogMetrics": Scope.WRITE,
            "SetTags": Scope.WRITE,
            "LogArtifact": Scope.WRITE,
            "GetRun": Scope.READ,
            "SearchRuns": Scope.READ,
            "GetBestParams": Scope.READ,
        },
    )
