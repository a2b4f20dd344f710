"""What every catalogue entry shares: one hyperparameter declaration behind the
constructor and the registry, and torch.optim's state handling."""

from __future__ import annotations

import copy
import math
import re
from typing import Any

import pytest
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from tuneforge.errors import ValidationError
from tuneforge.optim import AdaBelief, DiffGrad, registry
from tuneforge.optim._spec import HParam

# tuneforge's own entries; torch.optim's constructors check with their own messages
# (test_optim_registry.py tests that their declarations refuse what they refuse).
OWN = registry.names("optimizer", with_torch=False)
ENTRIES = OWN + registry.names("batch_controller")
NUMERIC = [
    (name, h)
    for name in ENTRIES
    for h in registry.get(name).hyperparams
    if h.kind in ("float", "int", "float_pair")
]


def construct(name: str, **hyperparameters: Any) -> Any:
    """The entry's class built directly (not through the registry) over a tiny problem."""
    spec = registry.get(name)
    if spec.kind == "batch_controller":
        return spec.load()(nn.Linear(2, 1), F.mse_loss, **hyperparameters)
    return spec.load()([nn.Parameter(torch.ones(2, 2, dtype=torch.float64))], **hyperparameters)


def edges(h: HParam) -> tuple[list[float], list[float]]:
    """(values just outside the range, values at its closed bounds or just inside its open ones)."""
    outside: list[float] = [math.nan, math.inf, -math.inf]
    inside: list[float] = []
    for bound, away, is_open in ((h.low, -1, h.open_low), (h.high, 1, h.open_high)):
        if bound is None:
            continue
        if h.kind == "int":
            outside.append(int(bound) if is_open else int(bound) + away)
            inside.append(int(bound) - away if is_open else int(bound))
        else:
            outside.append(bound if is_open else math.nextafter(bound, away * math.inf))
            inside.append(math.nextafter(bound, -away * math.inf) if is_open else bound)
    return outside, inside


def placed(h: HParam, x: float, slot: int | None) -> Any:
    """``x`` as the value of ``h`` (in pair ``slot``, the other entry at its default)."""
    if slot is None:
        return x
    pair = list(h.default)  # type: ignore[call-overload]
    pair[slot] = x
    return tuple(pair)


@pytest.mark.parametrize(("name", "h"), NUMERIC, ids=[f"{n}.{h.name}" for n, h in NUMERIC])
def test_constructor_and_registry_share_every_range(name: str, h: HParam) -> None:
    outside, inside = edges(h)
    assert len(inside) >= 1, "every numeric hyperparameter has a bound"
    for slot in (0, 1) if h.kind == "float_pair" else (None,):
        suffix = "" if slot is None else f"[{slot}]"
        for x in outside:
            value = placed(h, x, slot)
            with pytest.raises(ValidationError) as exc:
                registry.validate_config(name, {h.name: value})
            assert {v.field for v in exc.value.violations} == {
                f"optimizer.hyperparameters.{h.name}{suffix}"
            }
            with pytest.raises(ValueError, match=rf"^{re.escape(h.name + suffix)}: "):
                construct(name, **{h.name: value})
        for x in inside:
            value = placed(h, x, slot)
            assert registry.validate_config(name, {h.name: value})[h.name] == value
            construct(name, **{h.name: value})


# Every cross-field rule (HParam.requires), with a config that breaks it.
RELATIONS = [
    ("adagrad_norm", {"eps": 0.0, "initial_accumulator_value": 0.0}, "eps"),
    ("adaptive_batch", {"initial_batch_size": 10, "max_batch_size": 5}, "max_batch_size"),
    ("trp", {"nesterov": True, "momentum": 0.0}, "nesterov"),
]


def test_every_relation_is_listed() -> None:
    declared = {(n, h.name) for n in ENTRIES for h in registry.get(n).hyperparams if h.requires}
    assert declared == {(n, field) for n, _, field in RELATIONS}


@pytest.mark.parametrize(("name", "config", "field"), RELATIONS)
def test_constructor_and_registry_share_every_relation(
    name: str, config: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        registry.validate_config(name, config)
    assert {v.field for v in exc.value.violations} == {f"optimizer.hyperparameters.{field}"}
    with pytest.raises(ValidationError) as exc:
        construct(name, **config)
    assert {v.field for v in exc.value.violations} == {field}


@pytest.mark.parametrize("name", OWN)
def test_a_groups_own_values_obey_the_declaration(name: str) -> None:
    opt = construct(name)
    h = next(h for h in registry.get(name).hyperparams if h.name in opt.defaults and h.low == 0)
    w = nn.Parameter(torch.ones(2, 2, dtype=torch.float64))
    with pytest.raises(ValidationError, match=rf"^{h.name}: must be in "):
        type(opt)([{"params": [w], h.name: -1.0}])


# ---------------------------------------------------------------------------- state

CONFIGS: dict[str, dict[str, Any]] = {
    "diffgrad": {"lr": 1e-2},
    "adabelief": {"lr": 1e-2, "amsgrad": True},
    "mfac": {"lr": 1e-3, "ngrads": 4, "damp": 1e-2, "momentum": 0.5},
    "frugal": {"lr": 1e-2, "update_gap": 3, "density": 0.5, "projection": "columns"},
    "trp": {"lr": 0.05, "nuclear_weight": 1e-3},
    "adagrad_norm": {"lr": 0.05, "momentum": 0.9},
    "cbo": {"lr": 0.05, "num_particles": 5, "sigma": 0.5},
    "sso": {"m": 2, "eta": 2.0, "eta_schedule": "stochastic", "reset_inner": False},
}
STEPLESS = {"adagrad_norm", "sso"}  # no step counter in their state
Batch = tuple[Tensor, Tensor]


def net() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 3)).double()


def batches(n: int) -> list[Batch]:
    gen = torch.Generator().manual_seed(1)
    return [
        (torch.randn(8, 4, generator=gen, dtype=torch.float64),
         torch.randn(8, 3, generator=gen, dtype=torch.float64))
        for _ in range(n)
    ]  # fmt: skip


def drive(name: str, opt: Any, model: nn.Module, batch: Batch) -> None:
    x, y = batch
    if name == "cbo":
        opt.step(opt.model_closure(model, F.mse_loss, x, y))
    elif name == "sso":
        opt.step(lambda: model(x), lambda z: F.mse_loss(z, y))
    else:
        opt.zero_grad()
        F.mse_loss(model(x), y).backward()
        opt.step()


def legacy(state_dict: dict[str, Any], opt: Any) -> dict[str, Any]:
    """``state_dict`` as an older version wrote it: Python-number steps, and no
    group keys that were left at their declared defaults."""
    old = copy.deepcopy(state_dict)
    for state in old["state"].values():
        if "step" in state:
            state["step"] = int(state["step"])
    declared = {h.name: h.default for h in opt.HYPERPARAMS} | dict(opt.GROUP_KEYS)
    for group in old["param_groups"]:
        for key, default in declared.items():
            if key in group and group[key] == default:
                del group[key]
    return old


def steps_of(opt: Any) -> list[Any]:
    return [s["step"] for s in opt.state.values() if "step" in s]


def test_every_optimizer_has_a_state_config() -> None:
    assert set(CONFIGS) == set(OWN)


@pytest.mark.parametrize("old_format", [False, True], ids=["current", "legacy"])
@pytest.mark.parametrize("name", list(CONFIGS))
def test_state_dict_round_trip_continues_identically(name: str, old_format: bool) -> None:
    data = batches(12)
    model = net()
    opt = registry.build(name, model.parameters(), CONFIGS[name])
    for batch in data[:6]:
        drive(name, opt, model, batch)
    steps = steps_of(opt)
    assert bool(steps) == (name not in STEPLESS)
    assert all(torch.is_tensor(t) and t.dtype == torch.float32 and t.ndim == 0 for t in steps)
    saved = opt.state_dict()
    if old_format:
        saved = legacy(saved, opt)
    saved, groups = copy.deepcopy(saved), copy.deepcopy(opt.param_groups)
    weights, rng = copy.deepcopy(model.state_dict()), torch.get_rng_state()
    for batch in data[6:]:
        drive(name, opt, model, batch)

    twin = net()
    opt2 = registry.build(name, twin.parameters(), CONFIGS[name])
    twin.load_state_dict(weights)  # after the constructor: TRP projects its weights there
    opt2.load_state_dict(saved)
    assert all(torch.is_tensor(t) and t.dtype == torch.float32 for t in steps_of(opt2))
    for got, want in zip(opt2.param_groups, groups, strict=True):
        assert {k: v for k, v in got.items() if k != "params"} == {
            k: v for k, v in want.items() if k != "params"
        }
    torch.set_rng_state(rng)  # CBO's noise and FRUGAL's projections draw from it
    for batch in data[6:]:
        drive(name, opt2, twin, batch)
    for a, b in zip(model.parameters(), twin.parameters(), strict=True):
        if name == "mfac":  # G G^T is rebuilt from the window after a load: rounding differs
            torch.testing.assert_close(b, a, rtol=1e-12, atol=1e-14)
        else:
            assert torch.equal(a, b)


STANDARD = [n for n in CONFIGS if n not in ("cbo", "sso")]  # step(closure) optimizers


@pytest.mark.parametrize("name", STANDARD)
def test_step_prologue(name: str) -> None:
    model = net()
    opt = registry.build(name, model.parameters(), CONFIGS[name])
    x, y = batches(1)[0]
    before = [p.detach().clone() for p in model.parameters()]
    with torch.no_grad():
        expected = float(F.mse_loss(model(x), y))

    def closure() -> Tensor:
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        return loss

    with torch.no_grad():  # the closure still runs with gradients
        loss = opt.step(closure)
    assert float(loss.detach()) == expected
    assert any(not torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))
    w = nn.Parameter(torch.ones(3, 3, dtype=torch.float64))
    sparse = registry.build(name, [w], CONFIGS[name])
    w.grad = torch.eye(3, dtype=torch.float64).to_sparse()
    with pytest.raises(RuntimeError, match="does not support sparse gradients"):
        sparse.step()


def test_fused_groups_are_checked_like_the_constructor() -> None:
    half = nn.Parameter(torch.zeros(3, dtype=torch.bfloat16))
    for cls in (DiffGrad, AdaBelief):
        with pytest.raises(ValueError, match="fused=True"):
            cls([{"params": [half], "fused": True}])
        cls([{"params": [half], "fused": False}], fused=True)  # the group's own value wins


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
@pytest.mark.parametrize("cls", [DiffGrad, AdaBelief])
def test_cuda_and_cpu_tensors_in_one_optimizer(cls: type[torch.optim.Optimizer]) -> None:
    """The CPU tensor takes the fused kernel, the CUDA one torch's foreach path."""
    torch.manual_seed(0)
    start = torch.randn(2, 50, dtype=torch.float64)
    grads = torch.randn(20, 2, 50, dtype=torch.float64)
    cpu = [nn.Parameter(start[0].clone()), nn.Parameter(start[1].clone())]
    mixed = [nn.Parameter(start[0].clone()), nn.Parameter(start[1].cuda())]
    opts = [cls(cpu, lr=1e-2), cls(mixed, lr=1e-2)]  # type: ignore[call-arg]
    for g in grads:
        for ps, opt in zip((cpu, mixed), opts, strict=True):
            for p, gi in zip(ps, g, strict=True):
                p.grad = gi.to(p.device)
            opt.step()
    assert torch.equal(mixed[0], cpu[0])
    torch.testing.assert_close(mixed[1].cpu(), cpu[1], rtol=1e-8, atol=1e-10)  # exp: 2 ulp
