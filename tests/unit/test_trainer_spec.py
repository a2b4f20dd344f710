"""JobSpec validation and defaults: every rule's field path, all violations at once."""

from __future__ import annotations

import copy
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from google.protobuf import json_format

from tuneforge.errors import ValidationError, Violations
from tuneforge.trainer import catalog, spec
from tuneforge.v1 import trainer_service_pb2 as pb

DEFAULTS = spec.Defaults(checkpoint_interval_steps=250, max_job_seconds=3600.0)
BASE: dict[str, Any] = {
    "model": {"mlp": {}},
    "dataset": {"digits": {}},
    "optimizer": {"name": "adabelief", "hyperparameters": {"lr": 0.01}},
    "budget": {"steps": 300},
}


def job(**changes: Any) -> pb.JobSpec:
    d = copy.deepcopy(BASE)
    for key, value in changes.items():
        if value is None:
            d.pop(key, None)
        else:
            d[key] = value
    return json_format.ParseDict(d, pb.JobSpec())


def violations(s: pb.JobSpec, **kw: Any) -> set[str]:
    with pytest.raises(ValidationError) as exc:
        spec.validate(s, defaults=DEFAULTS, **kw)
    return {v.field for v in exc.value.violations}


GOOD = [
    {},
    {"model": {"logistic_regression": {}}, "dataset": {"synthetic_classification": {}}},
    {"model": {"cnn": {"channels": [8, 16, 16]}}},
    {"model": {"resnet20": {"width": 4}}, "dataset": {"synthetic_images": {"size": 16}}},
    {"model": {"transformer_lm": {"heads": 2}}, "dataset": {"synthetic_tokens": {}},
     "evaluation": {"metric": "loss"}},
    {"model": {"mlp": {"hidden_sizes": [8]}}, "dataset": {"synthetic_regression": {}}},
    {"model": {"cnn": {}}, "dataset": {"synthetic_images": {}}, "optimizer": {"name": "sgd",
     "hyperparameters": {"momentum": 0.9, "nesterov": True}}},
    {"optimizer": {"name": "adamw"}, "schedule": {"warmupSteps": 10, "cosine": {}},
     "budget": {"epochs": 2}},
    {"optimizer": {"name": "adam"}, "schedule": {"step": {"stepSize": 100}}},
    {"optimizer": {"name": "sso"}, "schedule": {"constant": {}}},
    {"batchSize": {"adaptive": {"hyperparameters": {"test": "inner_product"}}}},
    {"model": {"entryPoint": {"target": "json:dumps"}}, "dataset": None,
     "evaluation": {"metric": "reward"}},
    {"model": {"entryPoint": {"target": "json.decoder:JSONDecoder.decode"}}},
    {"optimizer": {"name": "sgd", "autoLearningRate": {}}},
    {"optimizer": {"name": "trp", "hyperparameters": {"momentum": 0.5},
     "autoLearningRate": {"safetyFactor": 1, "sampleSize": 1438}}},
    {"device": "cuda:1", "precision": "PRECISION_BF16", "labels": {"team": "ml/opt-1.0"},
     "resources": {"gpus": 1, "cpu": 2.5, "memoryMib": 1024}, "maxDuration": "60s"},
]  # fmt: skip


@pytest.mark.parametrize("changes", GOOD)
def test_good_specs_pass_and_normalise_idempotently(changes: dict[str, Any]) -> None:
    n = spec.validate(job(**changes), defaults=DEFAULTS)
    assert spec.validate(n, defaults=DEFAULTS) == n
    assert spec.normalize(n, DEFAULTS) == n


BAD = [
    ({"model": None}, {"spec.model"}),
    ({"dataset": None}, {"spec.dataset"}),
    ({"dataset": {"path": {"path": "/nowhere/at/all.npz"}}}, {"spec.dataset.path.path"}),
    ({"model": {"cnn": {}}}, set()),  # digits are images: fine (the control)
    ({"model": {"cnn": {}}, "dataset": {"synthetic_classification": {}}}, {"spec.model"}),
    ({"model": {"resnet20": {}}, "dataset": {"synthetic_regression": {}}}, {"spec.model"}),
    ({"model": {"transformer_lm": {}}}, {"spec.model"}),
    ({"model": {"mlp": {}}, "dataset": {"synthetic_tokens": {}}}, {"spec.model"}),
    ({"model": {"cnn": {"channels": [8, 8, 8, 8]}}}, {"spec.model.cnn.channels"}),
    ({"model": {"cnn": {"channels": [8, 0]}}}, {"spec.model.cnn.channels[1]"}),
    ({"model": {"resnet20": {"width": -1}}}, {"spec.model.resnet20.width"}),
    ({"model": {"resnet20": {}}, "dataset": {"synthetic_images": {"size": 4}}}, {"spec.model"}),
    ({"model": {"mlp": {"hiddenSizes": [0], "dropout": 1.0}}},
     {"spec.model.mlp.hidden_sizes[0]", "spec.model.mlp.dropout"}),
    ({"model": {"transformer_lm": {"dModel": 64, "heads": 3}}, "dataset": {"synthetic_tokens": {}},
      "evaluation": {"metric": "loss"}}, {"spec.model.transformer_lm.heads"}),
    ({"model": {"entryPoint": {"target": "json"}}}, {"spec.model.entry_point.target"}),
    ({"model": {"entryPoint": {"target": "no_such_module_xyz.mod:f"}}},
     {"spec.model.entry_point.target"}),
    ({"model": {"entryPoint": {"target": "json:no_such_function"}}},
     {"spec.model.entry_point.target"}),
    ({"model": {"entryPoint": {"target": "json:__doc__"}}}, {"spec.model.entry_point.target"}),
    ({"optimizer": None}, {"spec.optimizer.name"}),
    ({"optimizer": {"name": "lion"}}, {"spec.optimizer.name"}),
    ({"optimizer": {"name": "adaptive_batch"}}, {"spec.optimizer.name"}),
    ({"optimizer": {"name": "adabelief", "hyperparameters": {"lr": -1, "betas": [0.9, 1.0],
      "momentum": 0.5}}}, {"spec.optimizer.hyperparameters.lr",
      "spec.optimizer.hyperparameters.betas[1]", "spec.optimizer.hyperparameters.momentum"}),
    ({"optimizer": {"name": "sgd", "hyperparameters": {"nesterov": True}}},
     {"spec.optimizer.hyperparameters.nesterov"}),
    ({"optimizer": {"name": "adam", "autoLearningRate": {}}},
     {"spec.optimizer.auto_learning_rate"}),  # an adaptive optimizer: not SGD's bound
    ({"optimizer": {"name": "sso", "autoLearningRate": {}}},
     {"spec.optimizer.auto_learning_rate"}),  # sgd family, but no lr
    ({"optimizer": {"name": "sgd", "hyperparameters": {"lr": 0.1}, "autoLearningRate": {}}},
     {"spec.optimizer.hyperparameters.lr"}),
    ({"optimizer": {"name": "sgd", "hyperparameters": {"dampening": 1.0},
      "autoLearningRate": {}}}, {"spec.optimizer.hyperparameters.dampening"}),
    ({"optimizer": {"name": "sgd", "autoLearningRate": {"safetyFactor": 1.5, "lanczosSteps": 65,
      "hutchinsonProbes": 1, "sampleSize": 1439}}},
     {"spec.optimizer.auto_learning_rate.safety_factor",
      "spec.optimizer.auto_learning_rate.lanczos_steps",
      "spec.optimizer.auto_learning_rate.hutchinson_probes",
      "spec.optimizer.auto_learning_rate.sample_size"}),
    ({"optimizer": {"name": "sgd", "autoLearningRate": {"safetyFactor": "NaN"}}},
     {"spec.optimizer.auto_learning_rate.safety_factor"}),
    ({"model": {"entryPoint": {"target": "json:dumps"}},
      "optimizer": {"name": "sgd", "autoLearningRate": {}}},
     {"spec.optimizer.auto_learning_rate"}),
    ({"batchSize": {"adaptive": {"hyperparameters": {"eta": 0, "initialBatchSize": 5}}}},
     {"spec.batch_size.adaptive.hyperparameters.eta",
      "spec.batch_size.adaptive.hyperparameters.initialBatchSize"}),
    ({"batchSize": {"adaptive": {"hyperparameters": {"initial_batch_size": 5000,
      "max_batch_size": 6000}}}}, {"spec.batch_size.adaptive.hyperparameters.initial_batch_size"}),
    ({"batchSize": {"fixed": 0}}, {"spec.batch_size.fixed"}),
    ({"batchSize": {"fixed": 1439}}, {"spec.batch_size.fixed"}),  # digits train on 1438
    ({"optimizer": {"name": "sso"}, "schedule": {"linear": {}}}, {"spec.schedule"}),
    ({"optimizer": {"name": "sso"}, "schedule": {"warmupSteps": 5}}, {"spec.schedule"}),
    ({"schedule": {"warmupSteps": -1}}, {"spec.schedule.warmup_steps"}),
    ({"schedule": {"cosine": {"finalFactor": 1.5}}}, {"spec.schedule.cosine.final_factor"}),
    ({"schedule": {"step": {"stepSize": 0, "gamma": 2}}},
     {"spec.schedule.step.step_size", "spec.schedule.step.gamma"}),
    ({"budget": None}, {"spec.budget"}),
    ({"budget": {"steps": 0}}, {"spec.budget.steps"}),
    ({"budget": {"steps": 10**9 + 1}}, {"spec.budget.steps"}),
    ({"budget": {"epochs": 0}}, {"spec.budget.epochs"}),
    ({"budget": {"epochs": 50_000_000}}, {"spec.budget.epochs"}),
    ({"model": {"entryPoint": {"target": "json:dumps"}}, "dataset": None,
      "budget": {"epochs": 1}}, {"spec.budget.epochs"}),
    ({"evaluation": {"intervalSteps": -1}}, {"spec.evaluation.interval_steps"}),
    ({"evaluation": {"metric": "perplexity"}}, {"spec.evaluation.metric"}),
    ({"dataset": {"synthetic_regression": {}}, "evaluation": {"metric": "accuracy"}},
     {"spec.evaluation.metric"}),
    ({"reportIntervalSteps": -1}, {"spec.report_interval_steps"}),
    ({"checkpoint": {"intervalSteps": -5}}, {"spec.checkpoint.interval_steps"}),
    ({"maxDuration": "0s"}, {"spec.max_duration"}),
    ({"maxDuration": "-3s"}, {"spec.max_duration"}),
    ({"device": "tpu"}, {"spec.device"}),
    ({"device": "cuda:x"}, {"spec.device"}),
    ({"precision": "PRECISION_BF16"}, {"spec.precision"}),  # auto may be CPU
    ({"precision": "PRECISION_BF16", "device": "cpu"}, {"spec.precision"}),
    ({"resources": {"gpus": -1, "cpu": -0.5, "memoryMib": -1}},
     {"spec.resources.gpus", "spec.resources.cpu", "spec.resources.memory_mib"}),
    ({"name": "x" * 129}, {"spec.name"}),
    ({"labels": {"ok": "fine", "bad key": "v", "k": "", "long": "v" * 64}},
     {"spec.labels[bad key]", "spec.labels[k]", "spec.labels[long]"}),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "expected"), BAD)
def test_each_bad_field_has_its_path(changes: dict[str, Any], expected: set[str]) -> None:
    s = job(**changes)
    if not expected:
        spec.validate(s, defaults=DEFAULTS)
        return
    assert violations(s) == expected


def test_every_violation_is_reported_at_once_under_the_prefix() -> None:
    s = job(
        optimizer={"name": "diffgrad", "hyperparameters": {"lr": 0, "eps": -1}},
        budget={"steps": -1},
        device="gpu",
        labels={"a b": "c"},
        dataset={"digits": {}, "validationFraction": 1.5},
    )
    p = "spec.template"
    assert violations(s, prefix=p) == {
        f"{p}.optimizer.hyperparameters.lr",
        f"{p}.optimizer.hyperparameters.eps",
        f"{p}.budget.steps",
        f"{p}.device",
        f"{p}.labels[a b]",
        f"{p}.dataset.validation_fraction",
    }


def test_path_datasets_are_checked_and_tasks_inferred(tmp_path: Path) -> None:
    np.savez(tmp_path / "tabular.npz", x=np.zeros((40, 3), np.float32), y=np.arange(40.0))
    regression = {"path": {"path": str(tmp_path / "tabular.npz")}}
    spec.validate(job(dataset=regression, evaluation={"metric": "loss"}), defaults=DEFAULTS)
    n = spec.validate(job(dataset=regression), defaults=DEFAULTS)
    assert n.evaluation.metric == "loss" and n.batch_size.fixed == 32  # 40 - 8 held out
    (tmp_path / "broken.npz").write_bytes(b"PK\x03\x04 truncated")
    assert violations(job(dataset={"path": {"path": str(tmp_path / "broken.npz")}})) == {
        "spec.dataset.path.path"
    }


def test_the_backend_check_sees_the_normalised_spec() -> None:
    seen: list[pb.JobSpec] = []

    def no_gpus(s: pb.JobSpec, v: Violations, prefix: str) -> None:
        seen.append(s)
        v.check(not s.device.startswith("cuda"), f"{prefix}.device", "no GPU here")

    assert spec.validate(job(device="cpu"), no_gpus, defaults=DEFAULTS).device == "cpu"
    assert seen[-1].device == "cpu" and seen[-1].batch_size.fixed == 64
    assert violations(job(device="cuda", budget={"steps": 0}), check_backend=no_gpus) == {
        "spec.device",
        "spec.budget.steps",
    }


def test_normalize_fills_the_defaults() -> None:
    n = spec.normalize(job(), DEFAULTS)
    assert n.name == "mlp-digits"
    assert list(n.model.mlp.hidden_sizes) == [128]
    assert n.batch_size.fixed == 64 and n.schedule.WhichOneof("kind") == "constant"
    assert n.evaluation.interval_steps == 30 and n.evaluation.metric == "accuracy"
    assert n.report_interval_steps == 10 and n.checkpoint.interval_steps == 250
    assert n.max_duration.seconds == 3600 and n.device == "auto"
    assert n.precision == pb.PRECISION_FP32 and n.resources.cpu == 1.0
    hp = spec.python_values(n.optimizer.hyperparameters)
    assert hp["lr"] == 0.01 and hp["betas"] == [0.9, 0.999] and hp["rectify"] is True
    assert n.budget.steps == 300  # the budget kind stays


def test_normalize_fills_the_auto_learning_rate_and_leaves_out_the_catalogue_lr() -> None:
    n = spec.normalize(job(optimizer={"name": "sgd", "autoLearningRate": {}}), DEFAULTS)
    assert "lr" not in n.optimizer.hyperparameters  # measured by the worker, not 1e-3
    assert "momentum" in n.optimizer.hyperparameters  # the other defaults are filled
    a = n.optimizer.auto_learning_rate
    assert (a.safety_factor, a.lanczos_steps, a.hutchinson_probes, a.sample_size) == (
        spec.AUTO_SAFETY_FACTOR,
        spec.LANCZOS_STEPS,
        spec.HUTCHINSON_PROBES,
        1024,
    )
    small = job(dataset={"synthetic_classification": {"samples": 500}},
                optimizer={"name": "sgd", "autoLearningRate": {}})  # fmt: skip
    assert spec.normalize(small, DEFAULTS).optimizer.auto_learning_rate.sample_size == 400
    assert spec.auto_learning_rate_optimizers() == ("trp", "sgd")


def test_normalize_derives_from_the_data_and_caps() -> None:
    small = {"synthetic_classification": {"samples": 40}}
    n = spec.normalize(job(dataset=small, budget={"epochs": 3}), DEFAULTS)
    assert n.batch_size.fixed == 32  # 64 capped at the 32 training samples
    assert n.evaluation.interval_steps == 1 and n.name == "mlp-synthetic_classification"
    n = spec.normalize(job(budget={"epochs": 2}, batchSize={"fixed": 100}), DEFAULTS)
    assert n.evaluation.interval_steps == 2 * 15 // 10  # ceil(1438 / 100) steps per epoch
    tokens = spec.normalize(job(model={"transformer_lm": {}}, dataset={"synthetic_tokens": {}}),
                            DEFAULTS)  # fmt: skip
    assert tokens.evaluation.metric == "perplexity"
    lm = tokens.model.transformer_lm
    assert (lm.d_model, lm.layers, lm.heads) == (64, 2, 4)
    n = spec.normalize(job(maxDuration="7200s", device="CUDA:01", name="mine"), DEFAULTS)
    assert n.max_duration.seconds == 3600 and n.device == "cuda:1" and n.name == "mine"
    assert n.resources.gpus == 1  # a named GPU is reserved
    assert spec.normalize(job(maxDuration="60s"), DEFAULTS).max_duration.seconds == 60
    uncapped = spec.normalize(job(), spec.Defaults())
    assert not uncapped.HasField("max_duration") and uncapped.checkpoint.interval_steps == 200
    entry = spec.normalize(job(model={"entryPoint": {"target": "pkg.m:train"}}, dataset=None),
                           DEFAULTS)  # fmt: skip
    assert entry.name == "train" and entry.evaluation.metric == "loss"


def test_catalogue_is_the_one_registry_of_names() -> None:
    models = {f.name for f in pb.ModelSpec.DESCRIPTOR.oneofs_by_name["kind"].fields}
    datasets = {f.name for f in pb.DatasetSpec.DESCRIPTOR.oneofs_by_name["kind"].fields}
    assert set(catalog.MODELS) == models and set(catalog.DATASETS) == datasets
    c = catalog.catalogue()
    assert {"sgd", "adam", "adamw", "adabelief", "adaptive_batch"} <= {
        o["name"] for o in c["optimizers"]
    }
    assert {m["name"] for m in c["models"]} == models
    resnet = next(m for m in c["models"] if m["name"] == "resnet20")
    assert resnet["tasks"] == ["TASK_CLASSIFICATION"]
    assert next(d for d in c["datasets"] if d["name"] == "path")["task"] == "TASK_UNSPECIFIED"


def test_validation_and_the_catalogue_need_no_torch() -> None:
    code = textwrap.dedent(
        """
        import importlib.abc, sys
        class NoTorch(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.partition(".")[0] == "torch":
                    raise ModuleNotFoundError(name)
        sys.meta_path.insert(0, NoTorch())
        from google.protobuf import json_format
        from tuneforge.trainer import catalog, devices, spec
        from tuneforge.v1 import trainer_service_pb2 as pb
        s = json_format.ParseDict({"model": {"cnn": {}}, "dataset": {"digits": {}},
            "optimizer": {"name": "sgd"}, "budget": {"epochs": 1}}, pb.JobSpec())
        assert spec.validate(s).optimizer.hyperparameters["lr"].number_value == 1e-3
        assert len(catalog.catalogue()["optimizers"]) == 12
        assert devices.parse("cuda:0") == "cuda:0"
        assert "torch" not in sys.modules
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
