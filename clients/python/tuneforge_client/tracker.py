"""TrackerService in the SDK: experiments, runs, params, metrics, tags, artifacts (MLflow)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from tuneforge.v1 import common_pb2
from tuneforge.v1 import tracker_service_pb2 as tracker_pb
from tuneforge.v1 import tracker_service_pb2_grpc as tracker_grpc

T = TypeVar("T")
MetricLike = tracker_pb.RunMetric | tuple[str, float] | tuple[str, float, int]


def _metric(m: MetricLike, step: int) -> tracker_pb.RunMetric:
    """Tuples carry no timestamp: the server stamps them when it receives the call."""
    if isinstance(m, tracker_pb.RunMetric):
        return m
    key, value, *rest = m
    return tracker_pb.RunMetric(key=key, value=float(value), step=int(rest[0]) if rest else step)


def _status(s: str | int) -> int:
    if isinstance(s, int):
        return s
    name = s.upper()
    return int(
        tracker_pb.RunStatus.Value(name if name.startswith("RUN_STATUS_") else "RUN_STATUS_" + name)
    )


class TrackerMixin:
    """The TrackerService methods of :class:`tuneforge_client.Client`."""

    _tracker: tracker_grpc.TrackerServiceStub

    if TYPE_CHECKING:

        def _call(self, method: Callable[..., T], request: Any, timeout: float | None) -> T: ...

    def create_experiment(
        self, name: str, tags: Mapping[str, str] | None = None, timeout: float | None = None
    ) -> tracker_pb.Experiment:
        """Get or create the experiment ``name``."""
        request = tracker_pb.CreateExperimentRequest(name=name, tags=dict(tags or {}))
        return self._call(self._tracker.CreateExperiment, request, timeout).experiment

    def get_experiment(
        self, experiment: str, timeout: float | None = None
    ) -> tracker_pb.Experiment:
        request = tracker_pb.GetExperimentRequest(experiment=experiment)
        return self._call(self._tracker.GetExperiment, request, timeout).experiment

    def create_run(
        self,
        experiment: str,
        run_name: str = "",
        tags: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> tracker_pb.Run:
        request = tracker_pb.CreateRunRequest(
            experiment=experiment, run_name=run_name, tags=dict(tags or {})
        )
        return self._call(self._tracker.CreateRun, request, timeout).run

    def end_run(
        self, run_id: str, status: str | int = "finished", timeout: float | None = None
    ) -> tracker_pb.Run:
        request = tracker_pb.EndRunRequest(run_id=run_id, status=_status(status))  # type: ignore[arg-type]
        return self._call(self._tracker.EndRun, request, timeout).run

    def log_params(
        self, run_id: str, params: Mapping[str, Any], timeout: float | None = None
    ) -> None:
        request = tracker_pb.LogParamsRequest(
            run_id=run_id, params={k: str(v) for k, v in params.items()}
        )
        self._call(self._tracker.LogParams, request, timeout)

    def log_metrics(
        self,
        run_id: str,
        metrics: Mapping[str, float] | Iterable[MetricLike],
        step: int = 0,
        timeout: float | None = None,
    ) -> None:
        """``{"loss": 0.3}`` at ``step``, or ``[("loss", 0.3, step), ...]`` / ``RunMetric``s;
        timestamped on arrival unless a ``RunMetric`` carries its own."""
        items: Iterable[MetricLike] = (
            list(metrics.items()) if isinstance(metrics, Mapping) else metrics
        )
        request = tracker_pb.LogMetricsRequest(
            run_id=run_id, metrics=[_metric(m, step) for m in items]
        )
        self._call(self._tracker.LogMetrics, request, timeout)

    def set_tags(self, run_id: str, tags: Mapping[str, str], timeout: float | None = None) -> None:
        request = tracker_pb.SetTagsRequest(run_id=run_id, tags=dict(tags))
        self._call(self._tracker.SetTags, request, timeout)

    def log_artifact(
        self, run_id: str, path: str, content: bytes | str, timeout: float | None = None
    ) -> str:
        """Store ``content`` as ``path`` in the run's artifacts; returns its URI."""
        data = content.encode() if isinstance(content, str) else content
        request = tracker_pb.LogArtifactRequest(run_id=run_id, path=path, content=data)
        return self._call(self._tracker.LogArtifact, request, timeout).artifact_uri

    def get_run(self, run_id: str, timeout: float | None = None) -> tracker_pb.Run:
        request = tracker_pb.GetRunRequest(run_id=run_id)
        return self._call(self._tracker.GetRun, request, timeout).run

    def search_runs(
        self,
        experiments: str | Sequence[str],
        filter: str = "",
        order_by: Sequence[str] = (),
        page_size: int = 0,
        page_token: str = "",
        timeout: float | None = None,
    ) -> tracker_pb.SearchRunsResponse:
        """Runs matching an MLflow filter, e.g. ``"metrics.loss < 0.1"``."""
        request = tracker_pb.SearchRunsRequest(
            experiments=[experiments] if isinstance(experiments, str) else list(experiments),
            filter=filter,
            order_by=list(order_by),
            page=common_pb2.PageRequest(page_size=page_size, page_token=page_token),
        )
        return self._call(self._tracker.SearchRuns, request, timeout)

    def get_best_params(
        self,
        experiment: str,
        metric: str,
        direction: str | int = "minimize",
        filter: str = "",
        timeout: float | None = None,
    ) -> tracker_pb.GetBestParamsResponse:
        name = direction if isinstance(direction, int) else direction.upper()
        if isinstance(name, str) and not name.startswith("DIRECTION_"):
            name = "DIRECTION_" + name
        request = tracker_pb.GetBestParamsRequest(
            experiment=experiment,
            metric=metric,
            direction=common_pb2.Direction.Value(name) if isinstance(name, str) else name,  # type: ignore[arg-type]
            filter=filter,
        )
        return self._call(self._tracker.GetBestParams, request, timeout)
