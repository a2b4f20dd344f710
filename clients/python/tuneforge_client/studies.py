"""StudyService in the SDK: typed search spaces, ask/tell, pruning, leases.

from tuneforge_client import Client
from tuneforge_client.studies import categorical, float_param, int_param, params_of

with Client() as tf:
    tf.create_study("mlp", [float_param("lr", 1e-5, 1e-1, log=True),
                            categorical("optimizer", ["sgd", "adam"]),
                            float_param("momentum", 0.0, 0.99, when=("optimizer", ["sgd"]))])
    for trial in tf.ask("mlp", count=4, client_id="worker-1"):
        loss = train(**params_of(trial))
        tf.tell("mlp", trial, loss)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from tuneforge.v1 import common_pb2
from tuneforge.v1 import study_service_pb2 as study_pb
from tuneforge.v1 import study_service_pb2_grpc as study_grpc
from tuneforge_client.values import Value, decode, encode

T = TypeVar("T")
When = tuple[str, Sequence[Value]]

# The SDK's names for the shared encoding (the server uses the same one).
value_message = encode
value_of = decode


def params_of(trial: study_pb.Trial) -> dict[str, Value]:
    """A trial's parameters as plain Python values."""
    return {k: decode(v) for k, v in trial.params.items()}


def _condition(spec: common_pb2.ParameterSpec, when: When | None) -> common_pb2.ParameterSpec:
    if when is not None:
        parent, values = when
        spec.condition.CopyFrom(
            common_pb2.ParameterCondition(parent=parent, values=[encode(x) for x in values])
        )
    return spec


def float_param(
    name: str,
    low: float,
    high: float,
    *,
    log: bool = False,
    step: float = 0.0,
    when: When | None = None,
) -> common_pb2.ParameterSpec:
    """A float in [low, high]; ``when=("parent", [values])`` makes it conditional."""
    spec = common_pb2.ParameterSpec(
        name=name, float_range=common_pb2.FloatRange(low=low, high=high, log=log, step=step)
    )
    return _condition(spec, when)


def int_param(
    name: str,
    low: int,
    high: int,
    *,
    log: bool = False,
    step: int = 0,
    when: When | None = None,
) -> common_pb2.ParameterSpec:
    spec = common_pb2.ParameterSpec(
        name=name, int_range=common_pb2.IntRange(low=low, high=high, log=log, step=step)
    )
    return _condition(spec, when)


def categorical(
    name: str, choices: Iterable[Value], *, when: When | None = None
) -> common_pb2.ParameterSpec:
    spec = common_pb2.ParameterSpec(
        name=name,
        categorical=common_pb2.CategoricalChoices(choices=[encode(c) for c in choices]),
    )
    return _condition(spec, when)


def _direction(d: str | int) -> int:
    if isinstance(d, int):
        return d
    name = d.upper()
    return int(
        common_pb2.Direction.Value(name if name.startswith("DIRECTION_") else "DIRECTION_" + name)
    )


def _state(s: str | int | None) -> int:
    if s is None:
        return 0
    if isinstance(s, int):
        return s
    name = s.upper()
    return int(
        study_pb.TrialState.Value(
            name if name.startswith("TRIAL_STATE_") else "TRIAL_STATE_" + name
        )
    )


def sampler_config(
    kind: str | None = None, options: Mapping[str, Any] | None = None, seed: int | None = None
) -> study_pb.SamplerConfig:
    """``kind``: tpe, gp, cmaes, nsga2, qmc, random or grid; ``options`` as in the proto
    (grid: ``{"axes": {"x": [values]}}``; qmc: ``{"qmc_type": "halton"}``)."""
    config = study_pb.SamplerConfig()
    if seed is not None:
        config.seed = seed
    if kind is None:
        return config
    msg = getattr(config, kind.lower())
    msg.SetInParent()
    for k, x in (options or {}).items():
        if kind == "grid" and k == "axes":
            msg.axes.extend(
                study_pb.GridAxis(name=n, values=[encode(v) for v in vs]) for n, vs in x.items()
            )
        elif k == "qmc_type" and isinstance(x, str):
            msg.qmc_type = study_pb.QmcType.Value("QMC_TYPE_" + x.upper())
        else:
            setattr(msg, k, x)
    return config


def pruner_config(
    kind: str | None = None, options: Mapping[str, Any] | None = None
) -> study_pb.PrunerConfig:
    """``kind``: median, percentile, successive_halving, hyperband or none."""
    config = study_pb.PrunerConfig()
    if kind is not None:
        msg = getattr(config, kind.lower())
        msg.SetInParent()
        for k, x in (options or {}).items():
            setattr(msg, k, x)
    return config


def _number(trial: int | study_pb.Trial) -> int:
    return trial if isinstance(trial, int) else trial.number


class StudiesMixin:
    """The StudyService methods of :class:`tuneforge_client.Client`."""

    _study: study_grpc.StudyServiceStub

    if TYPE_CHECKING:

        def _call(self, method: Callable[..., T], request: Any, timeout: float | None) -> T: ...

    def create_study(
        self,
        name: str,
        search_space: Sequence[common_pb2.ParameterSpec],
        *,
        directions: Sequence[str | int] = ("minimize",),
        objective_names: Sequence[str] = (),
        sampler: str | None = None,
        sampler_options: Mapping[str, Any] | None = None,
        seed: int | None = None,
        pruner: str | None = None,
        pruner_options: Mapping[str, Any] | None = None,
        constraints: Sequence[str] = (),
        load_if_exists: bool = False,
        timeout: float | None = None,
    ) -> study_pb.Study:
        """A study over ``search_space`` (see :func:`float_param`, :func:`int_param`,
        :func:`categorical`); one objective per entry of ``directions``."""
        names = list(objective_names) or [""] * len(directions)
        request = study_pb.CreateStudyRequest(
            name=name,
            objectives=[
                study_pb.Objective(name=n, direction=_direction(d))  # type: ignore[arg-type]
                for n, d in zip(names, directions, strict=True)
            ],
            search_space=list(search_space),
            sampler=sampler_config(sampler, sampler_options, seed),
            pruner=pruner_config(pruner, pruner_options),
            constraints=list(constraints),
            load_if_exists=load_if_exists,
        )
        return self.create_study_from(request, timeout=timeout)

    def create_study_from(
        self, request: study_pb.CreateStudyRequest, *, timeout: float | None = None
    ) -> study_pb.Study:
        """A study from a whole ``CreateStudyRequest`` (every sampler option, e.g. a
        grid's axes, that the keyword form above does not carry)."""
        return self._call(self._study.CreateStudy, request, timeout).study

    def get_study(self, study: str, timeout: float | None = None) -> study_pb.Study:
        return self._call(
            self._study.GetStudy, study_pb.GetStudyRequest(study=study), timeout
        ).study

    def list_studies(
        self, page_size: int = 0, page_token: str = "", timeout: float | None = None
    ) -> study_pb.ListStudiesResponse:
        request = study_pb.ListStudiesRequest(
            page=common_pb2.PageRequest(page_size=page_size, page_token=page_token)
        )
        return self._call(self._study.ListStudies, request, timeout)

    def delete_study(self, study: str, timeout: float | None = None) -> None:
        self._call(self._study.DeleteStudy, study_pb.DeleteStudyRequest(study=study), timeout)

    def ask(
        self, study: str, count: int = 1, client_id: str = "", timeout: float | None = None
    ) -> list[study_pb.Trial]:
        """``count`` trials with pairwise distinct configurations (a worker's own running
        trials, by ``client_id``, come back first)."""
        request = study_pb.AskRequest(study=study, count=count, client_id=client_id)
        return list(self._call(self._study.Ask, request, timeout).trials)

    def tell(
        self,
        study: str,
        trial: int | study_pb.Trial,
        values: float | Sequence[float] | None = None,
        *,
        state: str | int | None = None,
        constraint_values: Sequence[float] = (),
        timeout: float | None = None,
    ) -> study_pb.Trial:
        """Finish ``trial``: its objective value(s), or ``state="fail"``/``"pruned"``."""
        vals = [] if values is None else [values] if isinstance(values, int | float) else values
        request = study_pb.TellRequest(
            study=study,
            trial=_number(trial),
            state=_state(state),  # type: ignore[arg-type]
            values=[float(v) for v in vals],
            constraint_values=[float(c) for c in constraint_values],
        )
        return self._call(self._study.Tell, request, timeout).trial

    def report_intermediate(
        self,
        study: str,
        trial: int | study_pb.Trial,
        step: int,
        value: float,
        timeout: float | None = None,
    ) -> bool:
        """Report a learning-curve point; True means: stop and tell it pruned."""
        request = study_pb.ReportIntermediateRequest(
            study=study, trial=_number(trial), step=step, value=value
        )
        return self._call(self._study.ReportIntermediate, request, timeout).should_prune

    def heartbeat(
        self, study: str, trial: int | study_pb.Trial, timeout: float | None = None
    ) -> int:
        """Renew the trial's lease; returns the lease in seconds."""
        request = study_pb.StudyServiceHeartbeatRequest(study=study, trial=_number(trial))
        return self._call(self._study.Heartbeat, request, timeout).lease_seconds

    def enqueue_trial(
        self, study: str, params: Mapping[str, Value], timeout: float | None = None
    ) -> study_pb.Trial:
        request = study_pb.EnqueueTrialRequest(
            study=study, params={k: encode(v) for k, v in params.items()}
        )
        return self._call(self._study.EnqueueTrial, request, timeout).trial

    def get_trial(self, study: str, trial: int, timeout: float | None = None) -> study_pb.Trial:
        request = study_pb.GetTrialRequest(study=study, trial=trial)
        return self._call(self._study.GetTrial, request, timeout).trial

    def list_trials(
        self,
        study: str,
        states: Iterable[str | int] = (),
        page_size: int = 0,
        page_token: str = "",
        timeout: float | None = None,
    ) -> study_pb.ListTrialsResponse:
        request = study_pb.ListTrialsRequest(
            study=study,
            states=[_state(s) for s in states],  # type: ignore[misc]
            page=common_pb2.PageRequest(page_size=page_size, page_token=page_token),
        )
        return self._call(self._study.ListTrials, request, timeout)

    def get_best_trials(self, study: str, timeout: float | None = None) -> list[study_pb.Trial]:
        """The best trial, or the Pareto front of a multi-objective study."""
        request = study_pb.GetBestTrialsRequest(study=study)
        return list(self._call(self._study.GetBestTrials, request, timeout).trials)
