"""The pure parts of studies: search spaces, configurations, best trials, trial records."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys

import numpy as np
import optuna
import pytest

from tuneforge.errors import ValidationError
from tuneforge.studies.best import best_of
from tuneforge.studies.config import (
    Objective,
    PrunerSpec,
    SamplerSpec,
    StudyConfig,
)
from tuneforge.studies.space import (
    Condition,
    Param,
    check_params,
    check_space,
    config_key,
    enumerate_configs,
    missing_params,
    suggest,
)
from tuneforge.tracker.trials import trial_record

SPACE = (
    Param("opt", "categorical", choices=("sgd", "adam")),
    Param("lr", "float", 1e-4, 1e-1, log=True),
    Param("momentum", "float", 0.0, 0.9, step=0.1, condition=Condition("opt", ("sgd",))),
    Param("depth", "int", 1, 3),
)


def fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {v.field for v in exc.value.violations}


def test_config_round_trips_through_json() -> None:
    config = StudyConfig(
        (Objective("loss"), Objective("acc", maximize=True)),
        (*SPACE, Param("flag", "categorical", choices=(True, 1, 1.0, "1"))),
        SamplerSpec("grid", {}, 3, {"lr": (1e-3, 1e-2)}),
        PrunerSpec("hyperband", {"min_resource": 1, "max_resource": 9}),
        ("memory",),
    )
    again = StudyConfig.from_json(config.to_json())
    assert again == config
    # True, 1, 1.0 and "1" stay four distinct choices of four types.
    assert [type(c) for c in again.space[-1].choices] == [bool, int, float, str]


def test_space_violations_name_the_request_fields() -> None:
    bad = (
        Param("x", "float", 2.0, 1.0),
        Param("x", "float", 0.0, 1.0, log=True),
        Param("n", "int", 1, 10, log=True, step=2),
        Param("c", "categorical", choices=()),
        Param("d", "float", 0, 1, condition=Condition("x", (1.0,))),
        Param("e", "float", 0, 1, condition=Condition("later", ("a",))),
    )
    with pytest.raises(ValidationError) as exc:
        check_space(bad)
    assert fields(exc) == {
        "search_space[0].float_range.high",
        "search_space[1].name",
        "search_space[1].float_range.low",
        "search_space[2].int_range.step",
        "search_space[3].categorical.choices",
        "search_space[4].condition.parent",
        "search_space[5].condition.parent",
    }
    check_space(SPACE)  # a good one passes


def test_config_check_collects_everything() -> None:
    config = StudyConfig(
        (Objective("a"), Objective("a")),
        (Param("x", "float", 0, 1),),
        SamplerSpec("cmaes", {"sigma0": -1.0, "bogus": 1}),
        PrunerSpec("median", {"interval_steps": 0}),
        ("c", "c"),
    )
    with pytest.raises(ValidationError) as exc:
        config.check()
    assert fields(exc) == {
        "objectives",
        "constraints",
        "sampler.cmaes",
        "sampler.cmaes.sigma0",
        "sampler.cmaes.bogus",
        "pruner.median.interval_steps",
    }


def test_suggest_follows_conditions() -> None:
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    seen = set()
    for _ in range(30):
        trial = study.ask()
        p = suggest(trial, SPACE)
        assert ("momentum" in p) == (p["opt"] == "sgd")
        assert 1e-4 <= p["lr"] <= 1e-1 and p["depth"] in (1, 2, 3)
        if "momentum" in p:
            assert math.isclose(round(p["momentum"] * 10), p["momentum"] * 10, abs_tol=1e-9)
        seen.add(p["opt"])
        study.tell(trial, 0.0)
    assert seen == {"sgd", "adam"}


def test_enumerate_configs_respects_conditions() -> None:
    space = (
        Param("opt", "categorical", choices=("sgd", "adam")),
        Param("m", "int", 0, 2, condition=Condition("opt", ("sgd",))),
        Param("w", "int", 1, 2),
    )
    configs = enumerate_configs(space)
    assert configs is not None
    # sgd: 3 momenta x 2 widths; adam: 2 widths.
    assert len(configs) == 8 and len({config_key(c) for c in configs}) == 8
    assert all(("m" in c) == (c["opt"] == "sgd") for c in configs)
    assert enumerate_configs(SPACE) is None  # lr is continuous


def test_check_params_refuses_values_outside_the_space() -> None:
    assert check_params(SPACE, {"lr": 0.01, "depth": 2}) == {"lr": 0.01, "depth": 2}
    assert check_params(SPACE, {"opt": "sgd", "momentum": 0.3}) == {"opt": "sgd", "momentum": 0.3}
    with pytest.raises(ValidationError) as exc:
        check_params(
            SPACE,
            {"lr": 1.0, "depth": 1.5, "opt": "adam", "momentum": 0.2, "nope": 1},
        )
    assert fields(exc) == {"params[lr]", "params[depth]", "params[momentum]", "params[nope]"}
    with pytest.raises(ValidationError) as exc:
        check_params(SPACE, {"opt": "sgd", "momentum": 0.25})  # off the 0.1 step
    assert fields(exc) == {"params[momentum]"}


@pytest.mark.parametrize("seed", range(3))
def test_best_of_is_the_pareto_front_by_a_brute_force_definition(seed: int) -> None:
    rng = np.random.default_rng(seed)
    maximize = [False, True, False]
    study = optuna.create_study(
        directions=["maximize" if m else "minimize" for m in maximize],
        sampler=optuna.samplers.RandomSampler(),
    )
    study.add_trials(
        optuna.trial.create_trial(values=list(v), params={}, distributions={})
        for v in rng.integers(0, 5, size=(40, 3)).astype(float)
    )
    trials = study.trials
    front = {t.number for t in best_of(study)}
    sign = np.array([1, -1, 1])

    def dominates(a: optuna.trial.FrozenTrial, b: optuna.trial.FrozenTrial) -> bool:
        la, lb = np.array(a.values) * sign, np.array(b.values) * sign
        return bool(np.all(la <= lb) and np.any(la < lb))

    for t in trials:
        assert (t.number in front) == (not any(dominates(o, t) for o in trials))


def test_trial_record_for_the_tracker() -> None:
    config = StudyConfig((Objective("loss"),), SPACE, constraints=("mem",))
    trial = optuna.trial.create_trial(
        value=0.25,
        params={"opt": "adam", "lr": 0.01, "depth": 2},
        distributions={p.name: p.distribution() for p in SPACE if p.name != "momentum"},
        intermediate_values={0: 1.0, 1: 0.5},
        system_attrs={"constraints": [-1.0]},
    )
    rec = trial_record("s", trial, config)
    metrics = {(k, s): v for k, v, s in rec["metrics"]}
    assert metrics[("loss", 0)] == 0.25 and metrics[("constraint/mem", 0)] == -1.0
    assert metrics[("loss/intermediate", 1)] == 0.5
    assert rec["params"] == {"opt": "adam", "lr": "0.01", "depth": "2"}
    assert rec["status"] == "FINISHED" and rec["tags"]["tuneforge.state"] == "COMPLETE"


def test_grid_axes_cover_the_whole_grid() -> None:
    space = (Param("a", "int", 0, 2), Param("b", "categorical", choices=("x", "y")))
    config = StudyConfig((Objective("o"),), space, SamplerSpec("grid", {}, 0))
    study = optuna.create_study(sampler=config.make_sampler())
    got = set()
    for _ in range(6):
        t = study.ask()
        got.add(tuple(sorted(suggest(t, space).items())))
        study.tell(t, 0.0)
    want = {tuple(sorted({"a": a, "b": b}.items())) for a, b in itertools.product(range(3), "xy")}
    assert got == want


def test_best_of_one_objective_is_the_first_best_feasible_trial() -> None:
    study = optuna.create_study(direction="maximize")
    values = [(1.0, [0.0]), (4.0, [1.0]), (3.0, [-1.0]), (3.0, [0.0]), (2.0, None)]
    study.add_trials(
        optuna.trial.create_trial(
            value=v,
            params={},
            distributions={},
            system_attrs={} if c is None else {"constraints": c},
        )
        for v, c in values
    )
    study.add_trial(optuna.trial.create_trial(state=optuna.trial.TrialState.FAIL))
    (best,) = best_of(study)
    assert best.number == 2  # 4.0 is infeasible; of the two 3.0s, the first
    assert best_of(optuna.create_study()) == []


def test_missing_params_follow_conditions() -> None:
    assert missing_params(SPACE, {"opt": "adam", "lr": 0.1, "depth": 1}) == []
    assert missing_params(SPACE, {"opt": "sgd", "lr": 0.1}) == ["momentum", "depth"]
    assert missing_params(SPACE, {}) == ["opt", "lr", "depth"]  # momentum hangs on opt


def test_config_check_refuses_metric_names_mlflow_refuses() -> None:
    config = StudyConfig(
        (Objective("ok"), Objective("loss{1}"), Objective("x" * 240)),
        (Param("x", "float", 0, 1),),
        constraints=("mem", "a//b", ""),
    )
    with pytest.raises(ValidationError) as exc:
        config.check()
    assert fields(exc) == {
        "objectives[1].name",
        "objectives[2].name",
        "constraints[1]",
        "constraints[2]",
        "constraints",
    }


def test_optuna_internals_are_all_there_and_a_missing_one_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tuneforge.studies import optuna_internals as oi

    assert oi.missing() == []
    monkeypatch.setattr(oi, "ATTRIBUTES", (*oi.ATTRIBUTES, "optuna.storages:_Gone"))
    monkeypatch.setitem(oi.ASSIGNED, "optuna.trial:Trial", ("_trial_id", "_gone"))
    monkeypatch.setattr(oi, "KEYS", (*oi.KEYS, ("optuna.trial:Trial.__init__", "gone_key")))
    assert oi.missing() == [
        "optuna.storages:_Gone",
        "optuna.trial:Trial._gone (set in __init__)",
        "optuna.trial:Trial.__init__ uses system attribute 'gone_key'",
    ]


def test_importing_the_studies_package_leaves_logging_and_warnings_alone() -> None:
    code = (
        "import warnings, optuna\n"
        "before, level = list(warnings.filters), optuna.logging.get_verbosity()\n"
        "import tuneforge.studies.optuna_store, tuneforge.studies.service\n"
        "assert warnings.filters == before, 'warnings filters changed'\n"
        "assert optuna.logging.get_verbosity() == level, 'optuna verbosity changed'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
