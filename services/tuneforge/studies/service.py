"""StudyService: thin gRPC adapter over a :class:`~tuneforge.studies.store.StudyStore`."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import grpc
import optuna
from optuna.trial import FrozenTrial, TrialState

from tuneforge.errors import ValidationError, Violations
from tuneforge.runtime.auth import Scope
from tuneforge.runtime.calls import offload
from tuneforge.runtime.convert import enum_map, timestamp
from tuneforge.runtime.server import ServiceSpec
from tuneforge.studies.best import feasible
from tuneforge.studies.config import (
    CONSTRAINTS_ATTR,
    QMC_TYPES,
    Objective,
    PrunerSpec,
    SamplerSpec,
    StudyConfig,
)
from tuneforge.studies.leases import Sweeper, retried_trial
from tuneforge.studies.space import Condition, Param, Value
from tuneforge.studies.store import CLIENT_ATTR, StudyRecord, StudyStore
from tuneforge.tracker.trials import experiment_name
from tuneforge.v1 import common_pb2
from tuneforge.v1 import study_service_pb2 as pb
from tuneforge.v1 import study_service_pb2_grpc as pb_grpc
from tuneforge_client import values as wire

# The proto enums name Optuna's states and the core's options: TRIAL_STATE_FAIL is FAIL.
_STATE: dict[Any, TrialState] = enum_map(pb.TrialState, "TRIAL_STATE_", TrialState)
_STATE_PB: dict[TrialState, Any] = {v: k for k, v in _STATE.items()}
_QMC = enum_map(pb.QmcType, "QMC_TYPE_", QMC_TYPES)
_QMC_PB = {v: k for k, v in _QMC.items()}


# -- proto -> core ------------------------------------------------------------------


def value_from(v: common_pb2.ParameterValue, field: str) -> Value:
    try:
        return wire.decode(v)
    except ValueError as e:
        raise ValidationError.single(field, str(e)) from None


def value_pb(x: Value) -> common_pb2.ParameterValue:
    return wire.encode(x)


def param_from(spec: common_pb2.ParameterSpec, field: str) -> Param:
    domain = spec.WhichOneof("domain")
    cond = None
    if spec.HasField("condition"):
        c = spec.condition
        cond = Condition(
            c.parent,
            tuple(value_from(x, f"{field}.condition.values[{j}]") for j, x in enumerate(c.values)),
        )
    if domain == "float_range":
        r = spec.float_range
        return Param(spec.name, "float", r.low, r.high, r.log, r.step, condition=cond)
    if domain == "int_range":
        ir = spec.int_range
        return Param(spec.name, "int", ir.low, ir.high, ir.log, ir.step, condition=cond)
    if domain == "categorical":
        choices = tuple(
            value_from(x, f"{field}.categorical.choices[{j}]")
            for j, x in enumerate(spec.categorical.choices)
        )
        return Param(spec.name, "categorical", choices=choices, condition=cond)
    raise ValidationError.single(
        f"{field}.domain", "set one of float_range, int_range, categorical"
    )


def _options(msg: Any) -> dict[str, Any]:
    """The fields a client set (optional ones by presence, others when non-default)."""
    return {f.name: value for f, value in msg.ListFields()}


def sampler_from(s: pb.SamplerConfig) -> SamplerSpec:
    kind = s.WhichOneof("kind")
    seed = s.seed if s.HasField("seed") else None
    if kind is None:
        return SamplerSpec(seed=seed)
    msg = getattr(s, kind)
    if kind == "grid":
        grid: dict[str, tuple[Value, ...]] = {}
        for i, axis in enumerate(msg.axes):
            values = tuple(
                value_from(x, f"sampler.grid.axes[{i}].values[{j}]")
                for j, x in enumerate(axis.values)
            )
            if axis.name in grid:
                raise ValidationError.single(f"sampler.grid.axes[{i}].name", "duplicate axis")
            grid[axis.name] = values
        return SamplerSpec("grid", {}, seed, grid)
    options = _options(msg)
    if kind == "qmc" and "qmc_type" in options:
        if options["qmc_type"] not in _QMC:
            raise ValidationError.single(
                "sampler.qmc.qmc_type",
                f"unknown value {options['qmc_type']}",
                "UNKNOWN_ENUM_VALUE",
            )
        options["qmc_type"] = _QMC[options["qmc_type"]]
    return SamplerSpec(kind, options, seed)


def pruner_from(p: pb.PrunerConfig) -> PrunerSpec:
    kind = p.WhichOneof("kind")
    if kind is None:
        return PrunerSpec()
    options = _options(getattr(p, kind))
    if kind == "percentile" and "percentile" not in options:
        raise ValidationError.single(
            "pruner.percentile.percentile", "required: a percentile in (0, 100]"
        )
    return PrunerSpec(kind, options)


def config_from(request: pb.CreateStudyRequest) -> StudyConfig:
    v = Violations()
    space: list[Param] = []
    objectives = []
    for i, o in enumerate(request.objectives):
        if o.direction not in (0, common_pb2.DIRECTION_MINIMIZE, common_pb2.DIRECTION_MAXIMIZE):
            v.add(
                f"objectives[{i}].direction", f"unknown value {o.direction}", "UNKNOWN_ENUM_VALUE"
            )
        objectives.append(
            Objective(o.name or f"objective_{i}", o.direction == common_pb2.DIRECTION_MAXIMIZE)
        )
    for i, spec in enumerate(request.search_space):
        try:
            space.append(param_from(spec, f"search_space[{i}]"))
        except ValidationError as e:
            for x in e.violations:
                v.add(x.field, x.description, x.reason)
    sampler, pruner = SamplerSpec(), PrunerSpec()
    try:
        sampler = sampler_from(request.sampler)
    except ValidationError as e:
        for x in e.violations:
            v.add(x.field, x.description, x.reason)
    try:
        pruner = pruner_from(request.pruner)
    except ValidationError as e:
        for x in e.violations:
            v.add(x.field, x.description, x.reason)
    v.raise_if_any()
    return StudyConfig(tuple(objectives), tuple(space), sampler, pruner, tuple(request.constraints))


# -- core -> proto ------------------------------------------------------------------


def param_pb(p: Param) -> common_pb2.ParameterSpec:
    spec = common_pb2.ParameterSpec(name=p.name)
    if p.kind == "float":
        spec.float_range.CopyFrom(
            common_pb2.FloatRange(low=p.low, high=p.high, log=p.log, step=p.step)
        )
    elif p.kind == "int":
        spec.int_range.CopyFrom(
            common_pb2.IntRange(low=int(p.low), high=int(p.high), log=p.log, step=int(p.step))
        )
    else:
        spec.categorical.CopyFrom(
            common_pb2.CategoricalChoices(choices=[value_pb(c) for c in p.choices])
        )
    if p.condition is not None:
        spec.condition.CopyFrom(
            common_pb2.ParameterCondition(
                parent=p.condition.parent, values=[value_pb(x) for x in p.condition.values]
            )
        )
    return spec


def sampler_pb(s: SamplerSpec) -> pb.SamplerConfig:
    out = pb.SamplerConfig()
    if s.seed is not None:
        out.seed = s.seed
    if s.kind == "grid":
        out.grid.CopyFrom(
            pb.GridSampler(
                axes=[
                    pb.GridAxis(name=k, values=[value_pb(x) for x in vs])
                    for k, vs in s.grid.items()
                ]
            )
        )
    elif s.kind is not None:
        msg = getattr(out, s.kind)
        msg.SetInParent()
        for k, x in s.options.items():
            setattr(msg, k, _QMC_PB[x] if k == "qmc_type" else x)
    return out


def pruner_pb(p: PrunerSpec) -> pb.PrunerConfig:
    out = pb.PrunerConfig()
    if p.kind is not None:
        msg = getattr(out, p.kind)
        msg.SetInParent()
        for k, x in p.options.items():
            setattr(msg, k, x)
    return out


def study_pb(r: StudyRecord, lease_seconds: int) -> pb.Study:
    counts = {s: r.counts.get(s, 0) for s in TrialState}
    study = pb.Study(
        name=r.name,
        id=r.id,
        trial_counts=pb.TrialCounts(
            running=counts[TrialState.RUNNING],
            waiting=counts[TrialState.WAITING],
            complete=counts[TrialState.COMPLETE],
            pruned=counts[TrialState.PRUNED],
            fail=counts[TrialState.FAIL],
        ),
        lease_seconds=lease_seconds,
        tracker_experiment=experiment_name(r.name),
    )
    if r.created:
        study.create_time.CopyFrom(timestamp(r.created))
    c = r.config
    if c is None:
        study.objectives.extend(
            pb.Objective(
                name=f"objective_{i}",
                direction=common_pb2.DIRECTION_MAXIMIZE if mx else common_pb2.DIRECTION_MINIMIZE,
            )
            for i, mx in enumerate(r.directions)
        )
        return study
    study.objectives.extend(
        pb.Objective(
            name=o.name,
            direction=common_pb2.DIRECTION_MAXIMIZE
            if o.maximize
            else common_pb2.DIRECTION_MINIMIZE,
        )
        for o in c.objectives
    )
    study.search_space.extend(param_pb(p) for p in c.space)
    study.sampler.CopyFrom(sampler_pb(c.sampler))
    study.pruner.CopyFrom(pruner_pb(c.pruner))
    study.constraints.extend(c.constraints)
    return study


def trial_pb(study: str, t: FrozenTrial) -> pb.Trial:
    out = pb.Trial(
        study=study,
        number=t.number,
        state=_STATE_PB[t.state],
        values=list(t.values or ()) if t.state == TrialState.COMPLETE else [],
        constraint_values=list(t.system_attrs.get(CONSTRAINTS_ATTR) or ()),
        feasible=feasible(t),
        intermediate_values=[
            pb.IntermediateValue(step=s, value=v) for s, v in sorted(t.intermediate_values.items())
        ],
        client_id=str(t.system_attrs.get(CLIENT_ATTR, "")),
    )
    for k, x in t.params.items():
        out.params[k].CopyFrom(value_pb(x))
    if t.datetime_start is not None:
        out.start_time.CopyFrom(timestamp(t.datetime_start.timestamp()))
    if t.datetime_complete is not None:
        out.complete_time.CopyFrom(timestamp(t.datetime_complete.timestamp()))
    retried = retried_trial(t)
    if retried is not None:
        out.retried_trial = retried
    return out


def _state_from(value: int, field: str) -> TrialState:
    if value == 0:
        return TrialState.COMPLETE
    state = _STATE.get(value)
    if state is None:
        raise ValidationError.single(field, f"unknown value {value}", "UNKNOWN_ENUM_VALUE")
    return state


# -- the servicer -------------------------------------------------------------------


class StudyServicer(pb_grpc.StudyServiceServicer):
    def __init__(self, store: StudyStore) -> None:
        self.store = store

    async def CreateStudy(
        self, request: pb.CreateStudyRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateStudyResponse:
        config = config_from(request)
        r = await offload(context, self.store.create, request.name, config, request.load_if_exists)
        return pb.CreateStudyResponse(study=study_pb(r, self.store.lease_seconds))

    async def GetStudy(
        self, request: pb.GetStudyRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetStudyResponse:
        r = await offload(context, self.store.get, request.study)
        return pb.GetStudyResponse(study=study_pb(r, self.store.lease_seconds))

    async def ListStudies(
        self, request: pb.ListStudiesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListStudiesResponse:
        records, token = await offload(
            context, self.store.list_page, request.page.page_size, request.page.page_token
        )
        return pb.ListStudiesResponse(
            studies=[study_pb(r, self.store.lease_seconds) for r in records],
            next_page_token=token,
        )

    async def DeleteStudy(
        self, request: pb.DeleteStudyRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteStudyResponse:
        await offload(context, self.store.delete, request.study)
        return pb.DeleteStudyResponse()

    async def Ask(
        self, request: pb.AskRequest, context: grpc.aio.ServicerContext
    ) -> pb.AskResponse:
        trials = await offload(
            context, self.store.ask, request.study, request.count, request.client_id
        )
        return pb.AskResponse(
            trials=[trial_pb(request.study, t) for t in trials],
            lease_seconds=self.store.lease_seconds,
        )

    async def Tell(
        self, request: pb.TellRequest, context: grpc.aio.ServicerContext
    ) -> pb.TellResponse:
        state = _state_from(request.state, "state")
        t = await offload(
            context,
            self.store.tell,
            request.study,
            request.trial,
            state,
            list(request.values),
            list(request.constraint_values),
        )
        return pb.TellResponse(trial=trial_pb(request.study, t))

    async def ReportIntermediate(
        self, request: pb.ReportIntermediateRequest, context: grpc.aio.ServicerContext
    ) -> pb.ReportIntermediateResponse:
        prune = await offload(
            context, self.store.report, request.study, request.trial, request.step, request.value
        )
        return pb.ReportIntermediateResponse(should_prune=prune)

    async def Heartbeat(
        self, request: pb.StudyServiceHeartbeatRequest, context: grpc.aio.ServicerContext
    ) -> pb.StudyServiceHeartbeatResponse:
        await offload(context, self.store.heartbeat, request.study, request.trial)
        return pb.StudyServiceHeartbeatResponse(lease_seconds=self.store.lease_seconds)

    async def EnqueueTrial(
        self, request: pb.EnqueueTrialRequest, context: grpc.aio.ServicerContext
    ) -> pb.EnqueueTrialResponse:
        params = _params_from(request.params)
        t = await offload(context, self.store.enqueue, request.study, params)
        return pb.EnqueueTrialResponse(trial=trial_pb(request.study, t))

    async def GetTrial(
        self, request: pb.GetTrialRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetTrialResponse:
        t = await offload(context, self.store.trial, request.study, request.trial)
        return pb.GetTrialResponse(trial=trial_pb(request.study, t))

    async def ListTrials(
        self, request: pb.ListTrialsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListTrialsResponse:
        states = []
        for i, s in enumerate(request.states):
            state = _STATE.get(s)
            if state is None:
                raise ValidationError.single(
                    f"states[{i}]", f"unknown value {s}", "UNKNOWN_ENUM_VALUE"
                )
            states.append(state)
        trials, token = await offload(
            context,
            self.store.trials,
            request.study,
            states,
            request.page.page_size,
            request.page.page_token,
        )
        return pb.ListTrialsResponse(
            trials=[trial_pb(request.study, t) for t in trials], next_page_token=token
        )

    async def GetBestTrials(
        self, request: pb.GetBestTrialsRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetBestTrialsResponse:
        trials = await offload(context, self.store.best, request.study)
        return pb.GetBestTrialsResponse(trials=[trial_pb(request.study, t) for t in trials])


def _params_from(params: Mapping[str, common_pb2.ParameterValue]) -> dict[str, Value]:
    v = Violations()
    out: dict[str, Value] = {}
    for k, x in params.items():
        try:
            out[k] = value_from(x, f"params[{k}]")
        except ValidationError as e:
            for f in e.violations:
                v.add(f.field, f.description, f.reason)
    v.raise_if_any()
    return out


class Background(Protocol):
    """Background work of the service (e.g. the tracking drain), run between its hooks."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


def quiet_optuna() -> None:
    """Optuna's logging and warnings for a server (process-wide: set once, at start-up).

    Optuna logs every trial at INFO, and warns that heartbeats (the leases) are
    experimental and meant for ``Study.optimize``, which a served study never runs.
    """
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    warnings.filterwarnings("ignore", message=".*Heartbeat of storage is supposed.*")
    warnings.filterwarnings("ignore", message=".*GridSampler` is re-evaluating.*")


def spec(store: StudyStore, background: Sequence[Background] = ()) -> ServiceSpec:
    """StudyService on ``store`` (owned by the caller). Its start hook starts the lease
    :class:`~tuneforge.studies.leases.Sweeper`, then ``background``; its stop hook stops
    them in the reverse order."""
    servicer = StudyServicer(store)
    sweeper = Sweeper(store.sweep, period=max(1.0, store.lease_seconds / 2))
    parts: list[Background] = [sweeper, *background]

    def start() -> None:
        quiet_optuna()
        for p in parts:
            p.start()

    def stop() -> None:
        for p in reversed(parts):
            p.stop()

    return ServiceSpec(
        descriptor=pb.DESCRIPTOR.services_by_name["StudyService"],
        servicer=servicer,
        start=start,
        stop=stop,
        add_to_server=pb_grpc.add_StudyServiceServicer_to_server,
        scopes={
            "CreateStudy": Scope.WRITE,
            "GetStudy": Scope.READ,
            "ListStudies": Scope.READ,
            "DeleteStudy": Scope.ADMIN,
            "Ask": Scope.WRITE,
            "Tell": Scope.WRITE,
            "ReportIntermediate": Scope.WRITE,
            "Heartbeat": Scope.WRITE,
            "EnqueueTrial": Scope.WRITE,
            "GetTrial": Scope.READ,
            "ListTrials": Scope.READ,
            "GetBestTrials": Scope.READ,
        },
    )
