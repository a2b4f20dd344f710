"""FRUGAL: reduces to AdamW at density 1 and to signSGD at density 0."""

from __future__ import annotations

import copy
import functools
import itertools
from collections.abc import Callable
from typing import Any

import pytest
import torch
from torch import nn

from tuneforge.optim import FRUGAL
from tuneforge.optim.frugal import frugal_param_groups


def net_of(dtype: torch.dtype = torch.float64) -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Linear(12, 16), nn.Tanh(), nn.Linear(16, 24), nn.Tanh(), nn.Linear(24, 1)
    ).to(dtype)


def trajectory(
    make: Callable[[list[nn.Parameter]], torch.optim.Optimizer], steps: int = 300
) -> torch.Tensor:
    net = net_of()
    opt = make(list(net.parameters()))
    gen = torch.Generator().manual_seed(1)
    for _ in range(steps):
        x = torch.randn(16, 12, generator=gen, dtype=torch.float64)
        y = torch.randn(16, 1, generator=gen, dtype=torch.float64)
        opt.zero_grad()
        nn.functional.mse_loss(net(x), y).backward()
        opt.step()
    return torch.cat([p.detach().flatten() for p in net.parameters()])


def rel(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a - b).norm() / b.norm())


class SignSGD(torch.optim.Optimizer):
    """theta *= 1 - lr wd; theta -= lr sign(g) (or lr g): the state-free rule alone."""

    def __init__(self, params: list[nn.Parameter], lr: float, wd: float, sign: bool) -> None:
        super().__init__(params, {"lr": lr, "wd": wd, "sign": sign})

    @torch.no_grad()
    def step(self, closure: Any = None) -> None:  # type: ignore[override]
        for group in self.param_groups:
            for p in group["params"]:
                p.mul_(1 - group["lr"] * group["wd"])
                p.add_(p.grad.sign() if group["sign"] else p.grad, alpha=-group["lr"])


@functools.cache
def adamw_reference() -> torch.Tensor:
    return trajectory(lambda ps: torch.optim.AdamW(ps, lr=1e-2, weight_decay=1e-2, foreach=False))


@pytest.mark.parametrize("projection", ["columns", "rows", "randk", "block", "randperm"])
def test_density_one_is_adamw(projection: str) -> None:
    ref = adamw_reference()
    ours = trajectory(lambda ps: FRUGAL(ps, lr=1e-2, weight_decay=1e-2, density=1.0,
                                        update_gap=1000, projection=projection))  # fmt: skip
    assert rel(ref, trajectory(lambda ps: FRUGAL(ps), steps=0)) > 1e-2  # the run moved
    assert rel(ours, ref) <= 1e-10


@pytest.mark.parametrize(
    ("projection", "rule"),
    [("svd", "sign_sgd"), ("random", "sign_sgd"), ("columns", "sgd"), ("block", "sign_sgd")],
)
def test_density_zero_is_state_free(projection: str, rule: str) -> None:
    ref = trajectory(lambda ps: SignSGD(ps, 1e-3, 1e-2, sign=rule == "sign_sgd"))
    ours = trajectory(lambda ps: FRUGAL([{"params": ps, "proj": True}], lr=1e-3, weight_decay=1e-2,
                                        density=0.0, update_gap=7, projection=projection,
                                        state_free=rule))  # fmt: skip
    assert rel(ours, ref) <= 1e-10


def test_svd_projector_and_refresh_gap() -> None:
    w = nn.Parameter(torch.randn(40, 20, dtype=torch.float64))
    opt = FRUGAL([w], lr=1e-3, density=0.25, update_gap=3, projection="svd")
    projectors = []
    for _ in range(7):
        w.grad = torch.randn_like(w)
        opt.step()
        projectors.append(opt.state[w]["proj"].clone())
    P = projectors[0]
    assert P.shape == (5, 20)  # rows >= cols: right projector, rank round(0.25 * 20)
    assert torch.allclose(P @ P.T, torch.eye(5, dtype=torch.float64), atol=1e-12)
    same = [torch.equal(a, b) for a, b in itertools.pairwise(projectors)]
    assert same == [True, True, False, True, True, False]  # refreshed at steps 4 and 7
    assert opt.state[w]["step"] == 1  # statistics reset at the refresh


def test_state_is_a_quarter_of_adamw_on_projected_layers() -> None:
    w = nn.Parameter(torch.randn(64, 64))
    adamw_bytes = 2 * w.numel() * w.element_size()
    for projection, bound in (("columns", 0.3), ("block", 0.3), ("svd", 0.4)):
        params = [nn.Parameter(torch.randn(64, 64)) for _ in range(4)]
        opt = FRUGAL(params, density=0.25, projection=projection)
        for p in params:
            p.grad = torch.randn_like(p)
        opt.step()
        nbytes = sum(
            t.numel() * t.element_size()
            for s in opt.state.values()
            for t in s.values()
            if isinstance(t, torch.Tensor)
        )
        assert nbytes <= bound * 4 * adamw_bytes, projection


def test_param_groups_helper_and_state_dict() -> None:
    class Block(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.q_proj = nn.Linear(8, 8)
            self.head = nn.Linear(8, 2)

    groups = frugal_param_groups(Block())
    assert [len(g["params"]) for g in groups] == [3, 1] and groups[1]["proj"] is True
    w = nn.Parameter(torch.randn(6, 4, dtype=torch.float64))
    grads = [torch.randn(6, 4, dtype=torch.float64) for _ in range(10)]
    opt = FRUGAL([w], lr=1e-2, projection="columns", density=0.5, update_gap=100)
    for g in grads[:5]:
        w.grad = g
        opt.step()
    saved, w2 = copy.deepcopy(opt.state_dict()), nn.Parameter(w.detach().clone())
    for g in grads[5:]:
        w.grad = g
        opt.step()
    opt2 = FRUGAL([w2], lr=1e-2, projection="columns", density=0.5, update_gap=100)
    opt2.load_state_dict(saved)
    for g in grads[5:]:
        w2.grad = g
        opt2.step()
    assert torch.equal(w, w2)


def test_invalid_arguments() -> None:
    w = nn.Parameter(torch.ones(3, 3))
    kwargs: dict[str, Any]
    for kwargs in ({"density": 1.5}, {"projection": "qr"}, {"state_free": "adam"}):
        with pytest.raises(ValueError):
            FRUGAL([w], **kwargs)
