"""What CreateStudy fixes for the life of a study, and the Optuna objects it builds.

The configuration is stored as JSON in the study's Optuna system attributes
(``tuneforge:config``), so Optuna's schema is used as is and any server replica
rebuilds the same sampler and pruner from the database. Options left unset take
Optuna's own defaults.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import optuna
from optuna.study import StudyDirection
from optuna.trial import FrozenTrial

from tuneforge.errors import ValidationError, Violations
from tuneforge.studies.optuna_internals import CONSTRAINTS_KEY
from tuneforge.studies.space import Param, Value, _tag, _untag, check_space
from tuneforge.tracker.names import key_problem

CONFIG_ATTR = "tuneforge:config"
#: Optuna's own key for a trial's constraint values (read by its samplers and the dashboard).
CONSTRAINTS_ATTR = CONSTRAINTS_KEY

SAMPLERS = ("tpe", "gp", "cmaes", "nsga2", "qmc", "random", "grid")
PRUNERS = ("median", "percentile", "successive_halving", "hyperband", "none")
QMC_TYPES = ("sobol", "halton")
MAX_GRID_POINTS = 1_000_000  # Optuna's GridSampler holds the whole product in memory
MAX_OBJECTIVES = 16
MAX_CONSTRAINTS = 64


@dataclass(frozen=True, slots=True)
class Objective:
    name: str
    maximize: bool = False


@dataclass(frozen=True)
class SamplerSpec:
    """``kind`` plus its options (unset ones absent); ``grid`` holds explicit axes."""

    kind: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    seed: int | None = None
    grid: Mapping[str, tuple[Value, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class PrunerSpec:
    kind: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StudyConfig:
    objectives: tuple[Objective, ...]
    space: tuple[Param, ...]
    sampler: SamplerSpec = field(default_factory=SamplerSpec)
    pruner: PrunerSpec = field(default_factory=PrunerSpec)
    constraints: tuple[str, ...] = ()

    @property
    def directions(self) -> list[StudyDirection]:
        return [
            StudyDirection.MAXIMIZE if o.maximize else StudyDirection.MINIMIZE
            for o in self.objectives
        ]

    def check(self) -> None:
        v = Violations()
        n = len(self.objectives)
        if v.check(n >= 1, "objectives", "at least one objective"):
            v.check(n <= MAX_OBJECTIVES, "objectives", f"at most {MAX_OBJECTIVES} objectives")
        names = [o.name for o in self.objectives]
        v.check(len(set(names)) == len(names), "objectives", "objective names must be distinct")
        v.check(
            len(self.constraints) <= MAX_CONSTRAINTS,
            "constraints",
            f"at most {MAX_CONSTRAINTS} constraints",
        )
        v.check(
            len(set(self.constraints)) == len(self.constraints)
            and all(c.strip() for c in self.constraints),
            "constraints",
            "constraint names must be non-empty and distinct",
        )
        _check_metric_names(v, self)
        _check_sampler(v, self.sampler, n, self.space)
        _check_pruner(v, self.pruner)
        try:
            check_space(self.space)
        except ValidationError as e:
            space_errors = list(e.violations)
        else:
            space_errors = []
        try:
            v.raise_if_any()
        except ValidationError as e:
            raise ValidationError([*e.violations, *space_errors]) from None
        if space_errors:
            raise ValidationError(space_errors)
        # Optuna's own checks of option combinations (e.g. CMA-ES's use_separable_cma
        # with with_margin): refused now, not at every later Ask.
        makers: list[tuple[str, Callable[[], object]]] = [("pruner", self.make_pruner)]
        if self.sampler.kind != "grid":  # a grid sampler would build its whole grid here
            makers.append(("sampler", self.make_sampler))
        for path, make in makers:
            try:
                with warnings.catch_warnings():  # a probe: Optuna warns when the study runs
                    warnings.simplefilter("ignore")
                    make()
            except (ValueError, TypeError) as e:
                raise ValidationError.single(path, f"Optuna refuses these options: {e}") from None

    # -- persistence ---------------------------------------------------------------

    def to_json(self) -> str:
        return json.dumps(
            {
                "objectives": [[o.name, o.maximize] for o in self.objectives],
                "space": [p.to_json() for p in self.space],
                "sampler": {
                    "kind": self.sampler.kind,
                    "options": dict(self.sampler.options),
                    "seed": self.sampler.seed,
                    "grid": {k: [_tag(x) for x in vs] for k, vs in self.sampler.grid.items()},
                },
                "pruner": {"kind": self.pruner.kind, "options": dict(self.pruner.options)},
                "constraints": list(self.constraints),
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> StudyConfig:
        d = json.loads(text)
        s, p = d["sampler"], d["pruner"]
        return cls(
            objectives=tuple(Objective(name, bool(mx)) for name, mx in d["objectives"]),
            space=tuple(Param.from_json(x) for x in d["space"]),
            sampler=SamplerSpec(
                s["kind"],
                s["options"],
                s["seed"],
                {k: tuple(_untag(x) for x in vs) for k, vs in s["grid"].items()},
            ),
            pruner=PrunerSpec(p["kind"], p["options"]),
            constraints=tuple(d["constraints"]),
        )

    # -- Optuna objects --------------------------------------------------------------

    def make_sampler(self) -> optuna.samplers.BaseSampler:
        s = self.sampler
        opts = dict(s.options)
        kind = s.kind or ("tpe" if len(self.objectives) == 1 else "nsga2")
        cf = _constraints_func if self.constraints else None
        if kind == "tpe":
            return optuna.samplers.TPESampler(seed=s.seed, constraints_func=cf, **opts)
        if kind == "gp":
            return optuna.samplers.GPSampler(seed=s.seed, constraints_func=cf, **opts)
        if kind == "cmaes":
            return optuna.samplers.CmaEsSampler(seed=s.seed, **opts)
        if kind == "nsga2":
            return optuna.samplers.NSGAIISampler(seed=s.seed, constraints_func=cf, **opts)
        if kind == "qmc":
            return optuna.samplers.QMCSampler(seed=s.seed, **opts)
        if kind == "random":
            return optuna.samplers.RandomSampler(seed=s.seed)
        if kind == "grid":
            return _Grid(grid_axes(self.space, s.grid), seed=s.seed)
        raise AssertionError(kind)

    def make_pruner(self) -> optuna.pruners.BasePruner:
        p = self.pruner
        opts = dict(p.options)
        if p.kind in (None, "median"):
            return optuna.pruners.MedianPruner(**opts)
        if p.kind == "percentile":
            return optuna.pruners.PercentilePruner(**opts)
        if p.kind == "successive_halving":
            opts.setdefault("min_resource", "auto")
            return optuna.pruners.SuccessiveHalvingPruner(**opts)
        if p.kind == "hyperband":
            opts.setdefault("max_resource", "auto")
            return optuna.pruners.HyperbandPruner(**opts)
        return optuna.pruners.NopPruner()


class _Grid(optuna.samplers.GridSampler):
    """Optuna's grid sampler without its ``study.stop()`` on an exhausted grid: a served
    study has no optimize loop to stop (Ask then revisits points, as Optuna does)."""

    def after_trial(self, *args: Any) -> None:
        return None


def _constraints_func(trial: FrozenTrial) -> Sequence[float]:
    """The values Tell stored; a trial pruned without them counts as feasible."""
    return list(trial.system_attrs.get(CONSTRAINTS_ATTR) or ())


def grid_axes(space: Sequence[Param], axes: Mapping[str, Sequence[Value]]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for p in space:
        values = list(axes[p.name]) if p.name in axes else p.grid()
        assert values is not None  # checked at creation
        out[p.name] = values
    return out


# Allowed options per sampler and pruner, with their checks (name -> predicate, rule).
_POSITIVE = (lambda x: x >= 1, "must be >= 1")
_NONNEG = (lambda x: x >= 0, "must be >= 0")
_PROB = (lambda x: 0 <= x <= 1, "must lie in [0, 1]")
_SAMPLER_OPTIONS: dict[str, dict[str, tuple[Any, str]]] = {
    "tpe": {
        "n_startup_trials": _NONNEG,
        "n_ei_candidates": (lambda x: 1 <= x <= 10_000, "must lie in [1, 10000]"),
        "multivariate": (lambda x: True, ""),
        "group": (lambda x: True, ""),
        "constant_liar": (lambda x: True, ""),
    },
    "gp": {"n_startup_trials": _NONNEG, "deterministic_objective": (lambda x: True, "")},
    "cmaes": {
        "n_startup_trials": _NONNEG,
        "sigma0": (lambda x: math.isfinite(x) and x > 0, "must be > 0"),
        "popsize": (lambda x: 2 <= x <= 10_000, "must lie in [2, 10000]"),
        "use_separable_cma": (lambda x: True, ""),
        "with_margin": (lambda x: True, ""),
    },
    "nsga2": {
        "population_size": (lambda x: 2 <= x <= 10_000, "must lie in [2, 10000]"),
        "mutation_prob": _PROB,
        "crossover_prob": _PROB,
        "swapping_prob": _PROB,
    },
    "qmc": {
        "qmc_type": (lambda x: x in QMC_TYPES, " or ".join(QMC_TYPES)),
        "scramble": (lambda x: True, ""),
    },
    "random": {},
    "grid": {},
}
_PRUNER_OPTIONS: dict[str, dict[str, tuple[Any, str]]] = {
    "median": {
        "n_startup_trials": _NONNEG,
        "n_warmup_steps": _NONNEG,
        "interval_steps": _POSITIVE,
        "n_min_trials": _POSITIVE,
    },
    "percentile": {
        "percentile": (lambda x: 0 <= x <= 100, "must lie in [0, 100]"),
        "n_startup_trials": _NONNEG,
        "n_warmup_steps": _NONNEG,
        "interval_steps": _POSITIVE,
        "n_min_trials": _POSITIVE,
    },
    "successive_halving": {
        "min_resource": _POSITIVE,
        "reduction_factor": (lambda x: x >= 2, "must be >= 2"),
        "min_early_stopping_rate": _NONNEG,
    },
    "hyperband": {
        "min_resource": _POSITIVE,
        "max_resource": _POSITIVE,
        "reduction_factor": (lambda x: x >= 2, "must be >= 2"),
    },
    "none": {},
}


def _check_options(
    v: Violations, prefix: str, options: Mapping[str, Any], rules: Mapping[str, tuple[Any, str]]
) -> None:
    for key, value in options.items():
        rule = rules.get(key)
        if rule is None:
            v.add(f"{prefix}.{key}", "not an option of this kind")
        elif not rule[0](value):
            v.add(f"{prefix}.{key}", rule[1])


def _check_metric_names(v: Violations, config: StudyConfig) -> None:
    """Names the tracker logs each trial's metrics under (``tracking.trial_record``):
    one MLflow refuses would fail every trial's run."""
    for i, o in enumerate(config.objectives):
        for key in (o.name, f"{o.name}/intermediate"):
            if problem := key_problem(key):
                v.add(f"objectives[{i}].name", f"metric {key!r}: {problem}", "BAD_METRIC_NAME")
                break
    for i, c in enumerate(config.constraints):
        if problem := key_problem(f"constraint/{c}"):
            v.add(f"constraints[{i}]", f"metric 'constraint/{c}': {problem}", "BAD_METRIC_NAME")


def _check_sampler(
    v: Violations, s: SamplerSpec, n_objectives: int, space: Sequence[Param]
) -> None:
    if s.kind is None:
        pass
    elif s.kind not in SAMPLERS:
        v.add("sampler", f"unknown sampler {s.kind!r}")
        return
    else:
        _check_options(v, f"sampler.{s.kind}", s.options, _SAMPLER_OPTIONS[s.kind])
    if s.seed is not None:
        v.check(0 <= s.seed < 2**32, "sampler.seed", "must lie in [0, 2^32)")
    if s.kind == "cmaes":
        v.check(n_objectives == 1, "sampler.cmaes", "CMA-ES optimises a single objective")
    if s.kind == "grid":
        by_name = {p.name: p for p in space}
        for i, (name, values) in enumerate(s.grid.items()):
            p = by_name.get(name)
            if p is None:
                v.add(f"sampler.grid.axes[{i}].name", f"{name!r} is not a parameter")
            elif not values:
                v.add(f"sampler.grid.axes[{i}].values", "at least one value")
            else:
                for j, x in enumerate(values):
                    v.check(
                        p.contains(x),
                        f"sampler.grid.axes[{i}].values[{j}]",
                        f"{x!r} is outside the space: {p.describe()}",
                    )
        points = 1
        for p in space:
            axis = s.grid.get(p.name) or p.grid()
            if axis is None:
                v.add(
                    "sampler.grid.axes",
                    f"parameter {p.name!r} has no finite grid: give it an axis",
                )
            else:
                points *= len(axis)
        v.check(
            points <= MAX_GRID_POINTS,
            "sampler.grid.axes",
            f"the grid has {points} points; at most {MAX_GRID_POINTS} (Optuna holds them all)",
        )


def _check_pruner(v: Violations, p: PrunerSpec) -> None:
    if p.kind is None:
        return
    if p.kind not in PRUNERS:
        v.add("pruner", f"unknown pruner {p.kind!r}")
        return
    _check_options(v, f"pruner.{p.kind}", p.options, _PRUNER_OPTIONS[p.kind])
    if p.kind == "hyperband":
        lo, hi = p.options.get("min_resource"), p.options.get("max_resource")
        if lo is not None and hi is not None:
            v.check(lo < hi, "pruner.hyperband.max_resource", "must be > min_resource")
