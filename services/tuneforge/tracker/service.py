"""TrackerService: thin gRPC adapter over :mod:`tuneforge.tracker.store` (MLflow)."""

from __future__ import annotations

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from tuneforge.runtime.auth import Scope
from tuneforge.runtime.calls import offload
from tuneforge.runtime.convert import enum_field, enum_map, millis
from tuneforge.runtime.server import ServiceSpec
from tuneforge.tracker.store import RUN_STATUSES, Experiment, MetricPoint, Run, TrackerStore
from tuneforge.v1 import common_pb2
from tuneforge.v1 import tracker_service_pb2 as pb
from tuneforge.v1 import tracker_service_pb2_grpc as pb_grpc

# The proto enum names MLflow's statuses: RUN_STATUS_KILLED is "KILLED".
_END_STATUS = enum_map(pb.RunStatus, "RUN_STATUS_", RUN_STATUSES)
_STATUS_PB = {v: k for k, v in _END_STATUS.items()}


def _ms_timestamp(ms: int | None) -> Timestamp | None:
    if ms is None:
        return None
    ts = Timestamp()
    ts.FromMilliseconds(int(ms))
    return ts


def _ms(ts: Timestamp, present: bool, field: str) -> int:
    return millis(ts, field) if present else 0


def experiment_pb(e: Experiment) -> pb.Experiment:
    return pb.Experiment(
        id=e.id, name=e.name, artifact_location=e.artifact_location, tags=dict(e.tags)
    )


def run_pb(r: Run) -> pb.Run:
    return pb.Run(
        id=r.id,
        experiment_id=r.experiment_id,
        name=r.name,
        status=_STATUS_PB.get(r.status, pb.RUN_STATUS_UNSPECIFIED),
        start_time=_ms_timestamp(r.start_ms),
        end_time=_ms_timestamp(r.end_ms),
        params=dict(r.params),
        metrics=[
            pb.RunMetric(
                key=m.key, value=m.value, step=m.step, timestamp=_ms_timestamp(m.timestamp_ms)
            )
            for m in r.metrics
        ],
        tags=dict(r.tags),
        artifact_uri=r.artifact_uri,
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
        r, value = await offload(
            context,
            self.store.best_params,
            request.experiment,
            request.metric,
            bool(direction),
            request.filter,
        )
        return pb.GetBestParamsResponse(run=run_pb(r), params=dict(r.params), value=value)


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
