"""TrainerService: thin gRPC adapter over the job store, a backend and the sweep controller.

Everything that decides lives elsewhere: :mod:`.spec` validates a JobSpec, the
:class:`~tuneforge.trainer.store.JobStore` keeps the state machine, the
:class:`~tuneforge.trainer.backend.Backend` runs jobs and :mod:`.sweeps` drives
sweeps. This module converts messages, offloads blocking calls, and streams
events and logs, waking on the :class:`~tuneforge.trainer.notify.EventHub`.
"""

from __future__ import annotations

import math
import os
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import Any, Protocol

import grpc
from google.protobuf import json_format

from tuneforge.errors import FailedPreconditionError, FieldViolation, ValidationError, Violations
from tuneforge.runtime.auth import Scope
from tuneforge.runtime.calls import offload
from tuneforge.runtime.convert import enum_map, timestamp
from tuneforge.runtime.server import ServiceSpec
from tuneforge.studies.config import Objective, PrunerSpec, SamplerSpec, StudyConfig
from tuneforge.studies.service import param_from, pruner_from, sampler_from, value_pb
from tuneforge.studies.space import Param
from tuneforge.studies.store import StudyStore
from tuneforge.trainer.backend import Backend
from tuneforge.trainer.events import Event, JobState, Progress, StateChange
from tuneforge.trainer.messages import progress_pb
from tuneforge.trainer.notify import EventHub
from tuneforge.trainer.spec import Defaults, normalize
from tuneforge.trainer.store import (
    JobRecord,
    JobStore,
    NewJob,
    SweepRecord,
    SweepState,
    SweepStore,
)
from tuneforge.trainer.sweeps import TrialView, prepare, submit, sweep_view
from tuneforge.v1 import common_pb2
from tuneforge.v1 import trainer_service_pb2 as pb
from tuneforge.v1 import trainer_service_pb2_grpc as pb_grpc

#: ``validate(spec, prefix) -> normalised spec``; raises ValidationError (paths under prefix).
Validate = Callable[[pb.JobSpec, str], pb.JobSpec]

_JOB_STATE: dict[Any, JobState] = enum_map(pb.JobState, "JOB_STATE_", JobState)
_JOB_STATE_PB: dict[JobState, Any] = {v: k for k, v in _JOB_STATE.items()}
_SWEEP_STATE: dict[Any, SweepState] = enum_map(pb.SweepState, "SWEEP_STATE_", SweepState)
_SWEEP_STATE_PB: dict[SweepState, Any] = {v: k for k, v in _SWEEP_STATE.items()}

EVENT_PAGE = 500  # events read from the store per query while a watcher catches up
POLL_SECONDS = 0.5  # re-read the store this often without a wake-up (other replicas' jobs)
LOG_POLL_SECONDS = 0.2  # output lines have no wake-up of their own
LOG_BATCH_LINES = 1000  # lines per GetJobLogs message
LOG_BATCH_BYTES = 1 << 20
MAX_KEY = 128


# -- events ----------------------------------------------------------------------------


def state_change_pb(s: StateChange) -> pb.JobStateChange:
    out = pb.JobStateChange(state=_JOB_STATE_PB[s.state], reason=s.reason)
    if s.exit_code is not None:
        out.exit_code = s.exit_code
    return out


def event_pb(e: Event) -> pb.JobEvent:
    out = pb.JobEvent(sequence=e.sequence, time=timestamp(e.time))
    if isinstance(e.body, Progress):
        out.progress.CopyFrom(progress_pb(e.body))
    else:
        out.state_change.CopyFrom(state_change_pb(e.body))
    return out


def job_pb(r: JobRecord) -> pb.Job:
    job = pb.Job(
        id=r.id,
        spec=r.spec,
        state=_JOB_STATE_PB[r.state],
        state_reason=r.reason,
        create_time=timestamp(r.created),
        final_metrics=r.final_metrics,
        device=r.device,
        attempt=r.attempt,
        mlflow_run_id=r.mlflow_run_id,
        sweep_id=r.sweep_id,
        idempotency_key=r.idempotency_key,
        last_sequence=r.last_sequence,
        backend=r.backend,
    )
    if r.exit_code is not None:
        job.exit_code = r.exit_code
    if r.started is not None:
        job.start_time.CopyFrom(timestamp(r.started))
    if r.finished is not None:
        job.end_time.CopyFrom(timestamp(r.finished))
    if r.progress is not None:
        job.progress.CopyFrom(progress_pb(r.progress))
    if r.trial_number is not None:
        job.trial_number = r.trial_number
    return job


def _final(e: Event) -> bool:
    return isinstance(e.body, StateChange) and e.body.state.final


# -- request checks ---------------------------------------------------------------------


def _states(values: Sequence[int], mapping: Mapping[Any, Any], field: str) -> list[Any]:
    v = Violations()
    out = []
    for i, s in enumerate(values):
        if v.check(s in mapping, f"{field}[{i}]", f"unknown value {s}", "UNKNOWN_ENUM_VALUE"):
            out.append(mapping[s])
    v.raise_if_any()
    return out


def _key(key: str, field: str = "idempotency_key") -> str:
    if len(key) > MAX_KEY:
        raise ValidationError.single(
            field, f"must be at most {MAX_KEY} characters, got {len(key)}", "OUT_OF_RANGE"
        )
    return key


# -- the catalogue ----------------------------------------------------------------------


def _enum_value(enum: Any, prefix: str, name: object) -> int:
    """``"float"`` or ``"HYPERPARAMETER_KIND_FLOAT"`` -> its number (0 when unknown)."""
    if isinstance(name, int):
        return name
    text = str(name or "").upper()
    text = text if text.startswith(prefix) else prefix + text
    return int(enum.Value(text)) if text in enum.DESCRIPTOR.values_by_name else 0


def _json_value(x: object) -> Any:
    """A catalogue default as a ``google.protobuf.Value`` (tuples -> lists, inf -> null)."""
    if isinstance(x, tuple | list):
        return [_json_value(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def _hyperparameter_pb(h: Mapping[str, Any]) -> pb.HyperparameterSchema:
    out = pb.HyperparameterSchema(
        name=str(h["name"]),
        kind=_enum_value(pb.HyperparameterKind, "HYPERPARAMETER_KIND_", h.get("kind")),  # type: ignore[arg-type]
        help=str(h.get("help", "")),
        open_low=bool(h.get("open_low", False)),
        open_high=bool(h.get("open_high", False)),
        log=bool(h.get("log", False)),
        choices=[str(c) for c in h.get("choices") or ()],
    )
    for bound in ("low", "high"):
        if h.get(bound) is not None:
            setattr(out, bound, float(h[bound]))
    if "default" in h:
        out.default.CopyFrom(json_format.ParseDict(_json_value(h["default"]), out.default))
    return out


def catalog_pb(
    catalogue: Mapping[str, Any], devices: Sequence[str], backends: Sequence[str]
) -> pb.ListCatalogResponse:
    return pb.ListCatalogResponse(
        optimizers=[
            pb.CatalogOptimizer(
                name=str(o["name"]),
                kind=str(o.get("kind", "optimizer")),
                paper=str(o.get("paper", "")),
                summary=str(o.get("summary", "")),
                hyperparameters=[_hyperparameter_pb(h) for h in o.get("hyperparameters", ())],
            )
            for o in catalogue.get("optimizers", ())
        ],
        models=[
            pb.CatalogModel(
                name=str(m["name"]),
                summary=str(m.get("summary", "")),
                tasks=[_enum_value(pb.Task, "TASK_", t) for t in m.get("tasks", ())],  # type: ignore[misc]
            )
            for m in catalogue.get("models", ())
        ],
        datasets=[
            pb.CatalogDataset(
                name=str(d["name"]),
                summary=str(d.get("summary", "")),
                task=_enum_value(pb.Task, "TASK_", d.get("task")),  # type: ignore[arg-type]
            )
            for d in catalogue.get("datasets", ())
        ],
        devices=list(devices),
        backends=list(backends),
    )


# -- logs -------------------------------------------------------------------------------


def _read_tail(path: str, lines: int) -> tuple[list[str], int, bytes]:
    """The last ``lines`` complete lines of ``path`` (0: all), the offset after the last
    complete line, and the incomplete rest; nothing when the file does not exist yet."""
    try:
        f = open(path, "rb")  # noqa: SIM115 (closed below)
    except FileNotFoundError:
        return [], 0, b""
    with f:
        end = f.seek(0, os.SEEK_END)
        if lines <= 0:
            f.seek(0)
            data = f.read(end)
            start = 0
        else:
            # Read backwards until the chunk holds lines + 1 line ends (or the file start).
            start, data = end, b""
            while start > 0 and data.count(b"\n") <= lines:
                step = min(start, 64 << 10)
                start -= step
                f.seek(start)
                data = f.read(step) + data
    cut = data.rfind(b"\n") + 1
    complete, rest = data[:cut], data[cut:]
    out = [_line(x) for x in complete.split(b"\n")[:-1]]
    if lines > 0:  # (a chunk's first line may be partial: it holds more than ``lines``)
        out = out[-lines:]
    return out, start + cut, rest


def _read_from(path: str, offset: int, limit: int) -> bytes:
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            return f.read(limit)
    except FileNotFoundError:
        return b""


def _line(raw: bytes) -> str:
    return raw.rstrip(b"\r").decode("utf-8", errors="replace")


def _batches(lines: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    batch: list[str] = []
    size = 0
    for x in lines:
        if batch and (len(batch) >= LOG_BATCH_LINES or size + len(x) > LOG_BATCH_BYTES):
            out.append(batch)
            batch, size = [], 0
        batch.append(x)
        size += len(x) + 8
    if batch:
        out.append(batch)
    return out


# -- sweeps: the study part -------------------------------------------------------------


def _direction(objective: pb.SweepObjective, metric: str, field: str) -> bool:
    """True to maximise."""
    d = objective.direction
    if d == common_pb2.DIRECTION_UNSPECIFIED:
        return metric == "accuracy"
    if d not in (common_pb2.DIRECTION_MINIMIZE, common_pb2.DIRECTION_MAXIMIZE):
        raise ValidationError.single(field, f"unknown value {d}", "UNKNOWN_ENUM_VALUE")
    return d == common_pb2.DIRECTION_MAXIMIZE


def study_config(spec: pb.SweepSpec, metric: str) -> tuple[StudyConfig, list[FieldViolation]]:
    """The study of a sweep that optimises the evaluation metric ``metric``, made of the
    parts that parse, and the violations of the others (under ``spec.``)."""
    found: list[FieldViolation] = []

    def collect(e: ValidationError) -> None:
        found.extend(
            FieldViolation(
                x.field if x.field.startswith("spec.") else f"spec.{x.field}",
                x.description,
                x.reason,
            )
            for x in e.violations
        )

    space: list[Param] = []
    for i, p in enumerate(spec.search_space):
        try:
            space.append(param_from(p, f"spec.search_space[{i}]"))
        except ValidationError as e:
            collect(e)
    sampler, pruner = SamplerSpec(), PrunerSpec()
    try:
        sampler = sampler_from(spec.sampler)
    except ValidationError as e:
        collect(e)
    try:
        pruner = pruner_from(spec.pruner)
    except ValidationError as e:
        collect(e)
    maximize = False
    try:
        maximize = _direction(spec.objective, metric, "spec.objective.direction")
    except ValidationError as e:
        collect(e)
    config = StudyConfig((Objective(metric, maximize),), tuple(space), sampler, pruner, ())
    return config, found


def trial_pb(t: TrialView) -> pb.SweepTrial:
    out = pb.SweepTrial(number=t.number, job_id=t.job_id, mlflow_run_id=t.mlflow_run_id)
    if t.job_state is not None:
        out.job_state = _JOB_STATE_PB[t.job_state]
    for k, x in t.params.items():
        out.params[k].CopyFrom(value_pb(x))
    if t.value is not None:
        out.value = t.value
    return out


def sweep_pb(r: SweepRecord, trials: Sequence[TrialView], best: TrialView | None) -> pb.Sweep:
    out = pb.Sweep(
        id=r.id,
        spec=r.spec,
        state=_SWEEP_STATE_PB[r.state],
        state_reason=r.reason,
        study=r.study,
        trials=[trial_pb(t) for t in trials],
        create_time=timestamp(r.created),
        idempotency_key=r.idempotency_key,
    )
    if best is not None:
        out.best_trial.CopyFrom(trial_pb(best))
    if r.finished is not None:
        out.end_time.CopyFrom(timestamp(r.finished))
    return out


# -- the servicer -----------------------------------------------------------------------


class SweepDriver(Protocol):
    """What the servicer needs of the sweep controller (:mod:`tuneforge.trainer.sweeps`)."""

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def wake(self) -> None: ...


MAX_REASON = 1024


def _reason(text: str, default: str) -> str:
    if len(text) > MAX_REASON:
        raise ValidationError.single(
            "reason", f"must be at most {MAX_REASON} characters, got {len(text)}", "OUT_OF_RANGE"
        )
    return text or default


class TrainerServicer(pb_grpc.TrainerServiceServicer):
    def __init__(
        self,
        jobs: JobStore,
        sweeps: SweepStore,
        backend: Backend,
        hub: EventHub,
        controller: SweepDriver,
        validate: Validate,
        studies: StudyStore,
    ) -> None:
        self.studies = studies
        self.jobs = jobs
        self.sweep_store = sweeps
        self.backend = backend
        self.hub = hub
        self.controller = controller
        self.validate = validate

    def _runnable(self) -> None:
        if not self.backend.available:
            raise FailedPreconditionError(
                f"the {self.backend.name} backend cannot run jobs on this server "
                "(PyTorch is not installed): install tuneforge[train]"
            )

    # -- jobs -------------------------------------------------------------------------

    async def SubmitJob(
        self, request: pb.SubmitJobRequest, context: grpc.aio.ServicerContext
    ) -> pb.SubmitJobResponse:
        key = _key(request.idempotency_key)
        self._runnable()
        spec = await offload(context, self.validate, request.spec, "spec")
        record, created = await offload(
            context, self.jobs.submit, NewJob(spec, self.backend.name, key)
        )
        if created:
            self.backend.wake()
        return pb.SubmitJobResponse(job=job_pb(record), created=created)

    async def GetJob(
        self, request: pb.GetJobRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetJobResponse:
        return pb.GetJobResponse(job=job_pb(await offload(context, self.jobs.get, request.job_id)))

    async def ListJobs(
        self, request: pb.ListJobsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListJobsResponse:
        states = _states(request.states, _JOB_STATE, "states")
        records, token = await offload(
            context,
            self.jobs.list_page,
            states,
            dict(request.labels),
            request.sweep_id,
            request.page.page_size,
            request.page.page_token,
        )
        return pb.ListJobsResponse(jobs=[job_pb(r) for r in records], next_page_token=token)

    async def CancelJob(
        self, request: pb.CancelJobRequest, context: grpc.aio.ServicerContext
    ) -> pb.CancelJobResponse:
        reason = _reason(request.reason, "cancelled by a client")
        record = await offload(
            context, self.jobs.request_stop, request.job_id, JobState.CANCELLED, reason
        )
        self.backend.wake()
        return pb.CancelJobResponse(job=job_pb(record))

    async def WatchJob(
        self, request: pb.WatchJobRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.WatchJobResponse]:
        if request.from_sequence < 0:
            raise ValidationError.single("from_sequence", "must be >= 0", "OUT_OF_RANGE")
        job_id, seq = request.job_id, max(request.from_sequence, 1)
        await offload(context, self.jobs.get, job_id)  # NOT_FOUND before the stream starts
        # Subscribed before the first read: a publish after any read wakes the next wait.
        with self.hub.subscribe(job_id) as sub:
            while True:
                events = await offload(context, self.jobs.events, job_id, seq, EVENT_PAGE)
                for e in events:
                    yield pb.WatchJobResponse(event=event_pb(e))
                    seq = e.sequence + 1
                    if _final(e):  # the last event a job has
                        return
                if len(events) == EVENT_PAGE:
                    continue
                if not events:
                    r = await offload(context, self.jobs.get, job_id)
                    if r.state.final and r.last_sequence < seq:  # asked past the end
                        return
                await sub.wait(POLL_SECONDS)

    async def GetJobLogs(
        self, request: pb.GetJobLogsRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.GetJobLogsResponse]:
        if request.tail_lines < 0:
            raise ValidationError.single("tail_lines", "must be >= 0", "OUT_OF_RANGE")
        record = await offload(context, self.jobs.get, request.job_id)
        path = self.backend.log_path(record.id)
        lines, offset, rest = await offload(context, _read_tail, path, request.tail_lines)
        if not request.follow and rest:  # an unfinished last line is output too
            lines.append(_line(rest))
            lines = lines[-request.tail_lines :] if request.tail_lines else lines
        for batch in _batches(lines):
            yield pb.GetJobLogsResponse(lines=batch)
        if not request.follow:
            return
        with self.hub.subscribe(record.id) as sub:
            while True:
                # Read the state first: once final, the worker is gone and what the
                # file holds after this read is all it will ever hold.
                done = (await offload(context, self.jobs.get, record.id)).state.final
                while True:
                    data = await offload(context, _read_from, path, offset, LOG_BATCH_BYTES)
                    offset += len(data)
                    rest += data
                    cut = rest.rfind(b"\n") + 1
                    if cut == 0 and len(rest) > LOG_BATCH_BYTES:  # a huge line: send it as is
                        cut = len(rest)
                    if cut:
                        complete, rest = rest[:cut], rest[cut:]
                        for batch in _batches([_line(x) for x in complete.splitlines()]):
                            yield pb.GetJobLogsResponse(lines=batch)
                    if len(data) < LOG_BATCH_BYTES:
                        break
                if done:
                    if rest:
                        yield pb.GetJobLogsResponse(lines=[_line(rest)])
                    return
                await sub.wait(LOG_POLL_SECONDS)

    async def GetJobMetrics(
        self, request: pb.GetJobMetricsRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetJobMetricsResponse:
        await offload(context, self.jobs.get, request.job_id)  # NOT_FOUND
        points = await offload(context, self.jobs.progress_history, request.job_id)
        return pb.GetJobMetricsResponse(points=[progress_pb(p) for p in points])

    async def ListCatalog(
        self, request: pb.ListCatalogRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListCatalogResponse:
        from tuneforge.trainer import catalog

        entries = await offload(context, catalog.catalogue)
        devices = await offload(context, self.backend.devices)
        return catalog_pb(entries, devices, [self.backend.name])

    # -- sweeps -----------------------------------------------------------------------

    def _submit_sweep(self, spec: pb.SweepSpec, key: str) -> tuple[SweepRecord, bool]:
        config, found = study_config(spec, self._metric(spec))
        try:  # with what parsed, so that the client hears of every bad field at once
            prepare(spec, config, self.validate)
        except ValidationError as e:
            found += [x for x in e.violations if x not in found]
        if found:
            raise ValidationError(found)
        return submit(spec, config, key, self.sweep_store, self.studies)

    @staticmethod
    def _metric(spec: pb.SweepSpec) -> str:
        """The sweep's objective: named, else the template's, else its task's default."""
        if spec.objective.metric:
            return spec.objective.metric
        return normalize(spec.template, Defaults()).evaluation.metric

    def _sweep(self, record: SweepRecord, trials: bool = True) -> pb.Sweep:
        if not trials:
            return sweep_pb(record, [], None)
        views, best = sweep_view(record, self.jobs, self.studies)
        return sweep_pb(record, views, best)

    async def SubmitSweep(
        self, request: pb.SubmitSweepRequest, context: grpc.aio.ServicerContext
    ) -> pb.SubmitSweepResponse:
        key = _key(request.idempotency_key)
        self._runnable()
        record, created = await offload(context, self._submit_sweep, request.spec, key)
        if created:
            self.controller.wake()
        sweep = await offload(context, self._sweep, record)
        return pb.SubmitSweepResponse(sweep=sweep, created=created)

    async def GetSweep(
        self, request: pb.GetSweepRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetSweepResponse:
        record = await offload(context, self.sweep_store.get, request.sweep_id)
        return pb.GetSweepResponse(sweep=await offload(context, self._sweep, record))

    async def ListSweeps(
        self, request: pb.ListSweepsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListSweepsResponse:
        states = _states(request.states, _SWEEP_STATE, "states")
        records, token = await offload(
            context,
            self.sweep_store.list_page,
            states,
            request.page.page_size,
            request.page.page_token,
        )
        return pb.ListSweepsResponse(
            sweeps=[self._sweep(r, trials=False) for r in records], next_page_token=token
        )

    async def CancelSweep(
        self, request: pb.CancelSweepRequest, context: grpc.aio.ServicerContext
    ) -> pb.CancelSweepResponse:
        reason = _reason(request.reason, "cancelled by a client")
        record = await offload(context, self.sweep_store.request_stop, request.sweep_id, reason)
        self.controller.wake()
        return pb.CancelSweepResponse(sweep=await offload(context, self._sweep, record))


def spec(
    jobs: JobStore,
    sweeps: SweepStore,
    backend: Backend,
    hub: EventHub,
    controller: SweepDriver,
    validate: Validate,
    studies: StudyStore,
) -> ServiceSpec:
    """TrainerService on the given stores and backend (all owned by the caller). Its start
    hook starts the backend (adopting the jobs a previous run left RUNNING), then the sweep
    controller; its stop hook stops them in the reverse order."""
    servicer = TrainerServicer(jobs, sweeps, backend, hub, controller, validate, studies)

    def start() -> None:
        backend.start()
        controller.start()

    def stop() -> None:
        try:
            controller.stop()
        finally:
            backend.stop()

    return ServiceSpec(
        descriptor=pb.DESCRIPTOR.services_by_name["TrainerService"],
        servicer=servicer,
        add_to_server=pb_grpc.add_TrainerServiceServicer_to_server,
        start=start,
        stop=stop,
        scopes={
            "SubmitJob": Scope.WRITE,
            "GetJob": Scope.READ,
            "ListJobs": Scope.READ,
            "CancelJob": Scope.WRITE,
            "WatchJob": Scope.READ,
            "GetJobLogs": Scope.READ,
            "GetJobMetrics": Scope.READ,
            "ListCatalog": Scope.READ,
            "SubmitSweep": Scope.WRITE,
            "GetSweep": Scope.READ,
            "ListSweeps": Scope.READ,
            "CancelSweep": Scope.WRITE,
        },
    )
