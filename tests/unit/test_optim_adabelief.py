"""AdaBelief: faithful to adabelief-pytorch 0.2.1, fused == eager."""

from __future__ import annotations

import contextlib
import copy
import io
from collections.abc import Callable
from typing import Any

import pytest
import torch
from torch import nn

from tuneforge.optim import AdaBelief, _fused


def trajectory(
    make: Callable[[list[nn.Parameter]], torch.optim.Optimizer],
    dtype: torch.dtype = torch.float64,
    steps: int = 300,
) -> torch.Tensor:
    """Final parameters of a 20-64-1 tanh MLP trained on a fixed random stream."""
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(20, 64), nn.Tanh(), nn.Linear(64, 1)).to(dtype)
    with contextlib.redirect_stdout(io.StringIO()):  # 0.2.1 prints a banner
        opt = make(list(net.parameters()))
    gen = torch.Generator().manual_seed(1)
    for _ in range(steps):
        x = torch.randn(32, 20, generator=gen).to(dtype)
        y = torch.randn(32, 1, generator=gen).to(dtype)
        opt.zero_grad()
        nn.functional.mse_loss(net(x), y).backward()
        opt.step()
    return torch.cat([p.detach().flatten() for p in net.parameters()])


def rel(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a - b).norm() / b.norm())


CONFIGS: list[dict[str, Any]] = [
    {},  # the 0.2.1 defaults: eps 1e-16, decoupled, rectified
    {"weight_decay": 1e-2, "amsgrad": True},
    {"rectify": False, "eps": 1e-8},
    {"rectify": False, "amsgrad": True, "weight_decouple": False, "weight_decay": 1e-2},
    {"degenerated_to_sgd": False, "fixed_decay": True, "weight_decay": 1e-3},
]


@pytest.mark.parametrize("config", CONFIGS)
def test_matches_adabelief_pytorch_021(config: dict[str, Any]) -> None:
    ref_mod = pytest.importorskip("adabelief_pytorch")
    ref = trajectory(lambda ps: ref_mod.AdaBelief(ps, lr=1e-2, **config))
    for fused in (True, False):

        def make(ps: list[nn.Parameter], fused: bool = fused) -> AdaBelief:
            return AdaBelief(ps, lr=1e-2, fused=fused, **config)

        assert rel(trajectory(make), ref) <= 1e-10
    assert rel(ref, trajectory(lambda ps: AdaBelief(ps), steps=0)) > 1e-2


def test_parallel_kernel_matches_eager(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_fused, "PARALLEL_MIN", 0)
    cfg: dict[str, Any] = {"lr": 1e-2, "weight_decay": 1e-2, "amsgrad": True}
    a = trajectory(lambda ps: AdaBelief(ps, fused=True, **cfg))
    b = trajectory(lambda ps: AdaBelief(ps, fused=False, **cfg))
    assert rel(a, b) <= 1e-10


def test_float32_groups_and_bfloat16() -> None:
    def groups(ps: list[nn.Parameter], fused: bool) -> AdaBelief:
        return AdaBelief([{"params": ps[:2], "rectify": False}, {"params": ps[2:], "lr": 3e-3}],
                         lr=1e-2, weight_decay=1e-2, fused=fused)  # fmt: skip

    a = trajectory(lambda ps: groups(ps, True), torch.float32, 100)
    b = trajectory(lambda ps: groups(ps, False), torch.float32, 100)
    assert rel(a, b) < 1e-5
    start = trajectory(lambda ps: AdaBelief(ps), torch.bfloat16, 0)
    out = trajectory(lambda ps: AdaBelief(ps, lr=1e-2), torch.bfloat16, 10)
    assert out.dtype == torch.bfloat16 and torch.isfinite(out).all()
    assert not torch.equal(out, start)


def test_state_dict_round_trip() -> None:
    torch.manual_seed(0)
    w = nn.Parameter(torch.randn(40, dtype=torch.float64))
    grads = [torch.randn(40, dtype=torch.float64) for _ in range(16)]
    opt = AdaBelief([w], lr=1e-2, amsgrad=True)
    for g in grads[:8]:
        w.grad = g
        opt.step()
    saved, w_saved = copy.deepcopy(opt.state_dict()), w.detach().clone()
    for g in grads[8:]:
        w.grad = g
        opt.step()
    w2 = nn.Parameter(w_saved)
    opt2 = AdaBelief([w2], lr=1e-2, amsgrad=True)
    opt2.load_state_dict(saved)
    for g in grads[8:]:
        w2.grad = g
        opt2.step()
    assert torch.equal(w, w2)


def test_lr_change_does_not_recompile() -> None:
    w = nn.Parameter(torch.ones(100))
    w.grad = torch.full_like(w, 0.5)
    opt = AdaBelief([w], lr=1e-2, rectify=False, fused=True)
    opt.step()
    compiled = _fused.compiled_signatures()
    for lr in (1e-4, 0.5, 0.0):
        opt.param_groups[0]["lr"] = lr
        before = w.detach().clone()
        opt.step()
        assert torch.equal(w, before) == (lr == 0.0)
    assert _fused.compiled_signatures() == compiled
