"""The optimizer registry: catalogue, config validation, construction."""

from __future__ import annotations

import inspect
import json

import pytest
import torch
from torch import nn

from tuneforge.errors import ValidationError
from tuneforge.optim import registry

OPTIMIZERS = ("diffgrad", "adabelief", "mfac", "frugal", "trp", "adagrad_norm", "cbo", "sso")
TORCH = ("sgd", "adam", "adamw")


def fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {v.field for v in exc.value.violations}


def test_lists_every_optimizer_and_publishes_json() -> None:
    assert registry.names() == (*OPTIMIZERS, *TORCH)
    assert set(registry.available()) == {*OPTIMIZERS, *TORCH}
    cat = registry.catalogue()
    assert {e["name"] for e in cat} >= {*OPTIMIZERS, *TORCH}
    assert json.loads(json.dumps(cat)) == cat
    for entry in cat:
        assert entry["hyperparameters"], entry["name"]


@pytest.mark.parametrize("name", [*OPTIMIZERS, *TORCH, "adaptive_batch"])
def test_defaults_validate_and_match_the_constructor(name: str) -> None:
    spec = registry.get(name)
    config = registry.validate_config(name, {})
    assert set(config) == {h.name for h in spec.hyperparams}
    accepted = inspect.signature(spec.load()).parameters
    assert set(config) <= set(accepted), set(config) - set(accepted)


@pytest.mark.parametrize("name", TORCH)
def test_torch_entries_declare_torchs_defaults(name: str) -> None:
    spec = registry.get(name)
    assert f"{spec.module}.{spec.cls}" == f"torch.optim.{spec.cls}"
    signature = inspect.signature(spec.load()).parameters
    for key, value in registry.validate_config(name, {}).items():
        assert signature[key].default == value, key


@pytest.mark.parametrize(
    ("name", "config"),
    [
        ("sgd", {"lr": -0.1}),
        ("sgd", {"momentum": -0.5}),
        ("sgd", {"weight_decay": -1.0}),
        ("sgd", {"nesterov": True}),
        ("sgd", {"nesterov": True, "momentum": 0.9, "dampening": 0.1}),
        ("adam", {"betas": [0.9, 1.0]}),
        ("adam", {"betas": [-0.1, 0.9]}),
        ("adam", {"eps": -1e-8}),
        ("adamw", {"lr": -1.0}),
        ("adamw", {"weight_decay": -0.01}),
    ],
)
def test_torch_entries_refuse_what_torch_refuses(name: str, config: dict[str, object]) -> None:
    w = nn.Parameter(torch.ones(2))
    with pytest.raises(ValidationError):
        registry.validate_config(name, config)
    with pytest.raises(ValueError):
        registry.get(name).load()([w], **config)


def test_torch_entries_accept_valid_configs() -> None:
    w = nn.Parameter(torch.ones(2))
    opt = registry.build("sgd", [w], {"lr": 0.5, "momentum": 0.9, "nesterov": True})
    assert type(opt) is torch.optim.SGD and opt.param_groups[0]["nesterov"] is True
    opt = registry.build("adamw", [w], {"betas": [0.8, 0.99], "amsgrad": True})
    assert type(opt) is torch.optim.AdamW and opt.param_groups[0]["betas"] == (0.8, 0.99)


def test_reports_every_bad_field_with_its_path() -> None:
    bad = {"lr": -1.0, "betas": [0.9, 1.0], "eps": "small", "amsgrad": 1, "momentum": 0.1}
    with pytest.raises(ValidationError) as exc:
        registry.validate_config("adabelief", bad)
    p = "optimizer.hyperparameters."
    assert fields(exc) == {p + "lr", p + "betas[1]", p + "eps", p + "amsgrad", p + "momentum"}
    with pytest.raises(ValidationError) as exc:
        registry.validate_config("frugal", {"projection": "qr", "update_gap": 2.5})
    assert fields(exc) == {p + "projection", p + "update_gap"}
    with pytest.raises(ValidationError) as exc:
        registry.validate_config("lion")
    assert fields(exc) == {"optimizer.name"}


def test_normalises_json_numbers() -> None:
    config = registry.validate_config("mfac", {"ngrads": 64.0, "lr": 1})
    assert config["ngrads"] == 64 and isinstance(config["ngrads"], int)
    assert config["lr"] == 1.0 and isinstance(config["lr"], float)
    assert registry.validate_config("diffgrad", {"betas": [0.5, 0.9]})["betas"] == (0.5, 0.9)


def test_build_constructs_the_optimizer() -> None:
    w = nn.Parameter(torch.ones(4, 4))
    opt = registry.build("adabelief", [w], {"lr": 0.1, "rectify": False})
    assert type(opt).__name__ == "AdaBelief" and opt.param_groups[0]["lr"] == 0.1
    w.grad = torch.ones_like(w)
    opt.step()
    assert (w < 1).all()


def test_a_missing_module_only_disables_its_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    ghost = registry.OptimizerSpec("ghost", "tuneforge.optim.no_such_module", "Ghost", "-", "-")
    monkeypatch.setitem(registry.SPECS, "ghost", ghost)
    assert "ghost" in registry.names() and "ghost" not in registry.available()
    assert "ghost" not in {e["name"] for e in registry.catalogue()}
    with pytest.raises(ValidationError) as exc:
        registry.validate_config("ghost", {})
    assert fields(exc) == {"optimizer.name"}
    assert exc.value.violations[0].reason == "UNAVAILABLE"
