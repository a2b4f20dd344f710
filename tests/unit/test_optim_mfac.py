"""M-FAC: the update equals the exact damped inverse-Fisher product."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import torch
from torch import nn

from tuneforge.optim import MFAC

Step = Callable[[], object]


def trajectory(
    make: Callable[[list[nn.Parameter]], Step], steps: int = 300, dtype: torch.dtype = torch.float64
) -> torch.Tensor:
    """Final parameters of a 6-8-1 tanh MLP (d = 65) trained on a fixed stream."""
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 1)).to(dtype)
    params = list(net.parameters())
    step = make(params)
    gen = torch.Generator().manual_seed(1)
    for _ in range(steps):
        x = torch.randn(16, 6, generator=gen).to(dtype)
        y = torch.randn(16, 1, generator=gen).to(dtype)
        for p in params:
            p.grad = None
        nn.functional.mse_loss(net(x), y).backward()
        step()
    return torch.cat([p.detach().flatten() for p in params])


def exact(
    params: list[nn.Parameter], lrs: list[float], m: int, damp: float, momentum: float, wd: float
) -> Step:
    """Transcription of the paper: F = damp I + (1/m) sum of the last m g g^T (zeros first),
    u = F^{-1} g by a dense solve, v = mu v + (1 - mu) u, theta -= lr v."""
    d = sum(p.numel() for p in params)
    window = [torch.zeros(d, dtype=torch.float64) for _ in range(m)]
    v = torch.zeros(d, dtype=torch.float64)
    t = [0]

    @torch.no_grad()
    def step() -> None:
        g = torch.cat([(torch.as_tensor(p.grad) + wd * p).flatten() for p in params])
        window[t[0] % m] = g
        t[0] += 1
        fisher = damp * torch.eye(d, dtype=torch.float64)
        for w in window:
            fisher += torch.outer(w, w) / m
        v.mul_(momentum).add_(torch.linalg.solve(fisher, g), alpha=1 - momentum)
        offset = 0
        for p, lr in zip(params, lrs, strict=True):
            p.sub_(v[offset : offset + p.numel()].view_as(p), alpha=lr)
            offset += p.numel()

    return step


def rel(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a - b).norm() / b.norm())


@pytest.mark.parametrize(
    ("m", "damp", "momentum", "wd"), [(8, 1e-2, 0.5, 1e-3), (16, 1e-1, 0.0, 0.0)]
)
def test_matches_exact_inverse_fisher(m: int, damp: float, momentum: float, wd: float) -> None:
    lr = 1e-3
    ref = trajectory(lambda ps: exact(ps, [lr] * len(ps), m, damp, momentum, wd))
    ours = trajectory(
        lambda ps: MFAC(ps, lr=lr, momentum=momentum, weight_decay=wd, ngrads=m, damp=damp).step
    )
    assert rel(ref, trajectory(lambda ps: lambda: None, steps=0)) > 1e-2  # the run moved
    assert rel(ours, ref) <= 1e-10


def test_param_groups_and_default_damping_first_steps() -> None:
    lrs = [1e-6, 1e-6, 3e-7, 3e-7]  # default damp 1e-5 makes F^{-1} ~ 1e5: tiny steps

    def ours(ps: list[nn.Parameter]) -> Step:
        groups: list[dict[str, Any]] = [{"params": ps[:2]}, {"params": ps[2:], "lr": 3e-7}]
        return MFAC(groups, lr=1e-6, ngrads=32).step

    ref = trajectory(lambda ps: exact(ps, lrs, 32, 1e-5, 0.0, 0.0), steps=20)
    assert rel(trajectory(ours, steps=20), ref) <= 1e-8  # cond(F) ~ 1e5 here


def test_float32_and_state_dict_round_trip() -> None:
    torch.manual_seed(0)
    w = nn.Parameter(torch.randn(30))
    b = nn.Parameter(torch.randn(3, 4))
    grads = [(torch.randn(30), torch.randn(3, 4)) for _ in range(12)]
    opt = MFAC([w, b], lr=1e-2, ngrads=4, damp=1e-1, momentum=0.9)
    for gw, gb in grads[:6]:
        w.grad, b.grad = gw, gb
        opt.step()
    saved = copy.deepcopy(opt.state_dict())
    w2, b2 = nn.Parameter(w.detach().clone()), nn.Parameter(b.detach().clone())
    for gw, gb in grads[6:]:
        w.grad, b.grad = gw, gb
        opt.step()
    opt2 = MFAC([w2, b2], lr=1e-2, ngrads=4, damp=1e-1, momentum=0.9)
    opt2.load_state_dict(saved)
    for gw, gb in grads[6:]:
        w2.grad, b2.grad = gw, gb
        opt2.step()
    assert w.dtype == torch.float32 and torch.allclose(w, w2, rtol=1e-5, atol=1e-6)
    assert torch.allclose(b, b2, rtol=1e-5, atol=1e-6)


def test_bfloat16_keeps_float32_window() -> None:
    w = nn.Parameter(torch.ones(10, dtype=torch.bfloat16))
    opt = MFAC([w], lr=1e-2, ngrads=4, damp=1.0)
    w.grad = torch.ones_like(w)
    opt.step()
    assert opt.state[w]["grads"].dtype == torch.float32
    assert (w < 1).all() and w.dtype == torch.bfloat16


def test_invalid_arguments() -> None:
    w = nn.Parameter(torch.ones(3))
    kwargs: dict[str, Any]
    for kwargs in ({"damp": 0.0}, {"ngrads": 0}, {"momentum": 1.0}, {"lr": -1.0}):
        with pytest.raises(ValueError):
            MFAC([w], **kwargs)
