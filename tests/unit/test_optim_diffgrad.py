"""diffGrad: faithful to diffGrad_v2 (torch-optimizer's DiffGrad), fused == eager."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable

import pytest
import torch
from torch import nn

from tuneforge.optim import DiffGrad, _fused

STEPS = 300


def trajectory(
    make: Callable[[list[nn.Parameter]], torch.optim.Optimizer],
    dtype: torch.dtype = torch.float64,
    steps: int = STEPS,
) -> torch.Tensor:
    """Final parameters of a 20-64-1 tanh MLP trained on a fixed random stream."""
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(20, 64), nn.Tanh(), nn.Linear(64, 1)).to(dtype)
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


@pytest.mark.parametrize(
    ("fused", "weight_decay", "parallel"),
    [(False, 0.0, False), (True, 0.0, False), (False, 1e-2, False), (True, 1e-2, True)],
)
def test_matches_official_v2(
    fused: bool, weight_decay: float, parallel: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    topt = pytest.importorskip("torch_optimizer")
    if parallel:  # the multi-threaded kernel, normally used from 2^18 elements up
        monkeypatch.setattr(_fused, "PARALLEL_MIN", 0)
    ref = trajectory(lambda ps: topt.DiffGrad(ps, lr=1e-2, weight_decay=weight_decay))
    ours = trajectory(lambda ps: DiffGrad(ps, lr=1e-2, weight_decay=weight_decay, fused=fused))
    assert rel(ref, trajectory(lambda ps: DiffGrad(ps), steps=0)) > 1e-2  # the run moved
    assert rel(ours, ref) <= 1e-10


def test_fused_equals_eager_float32_and_groups() -> None:
    def groups(ps: list[nn.Parameter], fused: bool) -> DiffGrad:
        return DiffGrad(
            [{"params": ps[:2], "lr": 3e-3}, {"params": ps[2:], "weight_decay": 1e-3}],
            lr=1e-2, fused=fused,
        )  # fmt: skip

    a = trajectory(lambda ps: groups(ps, True), torch.float32, 100)
    b = trajectory(lambda ps: groups(ps, False), torch.float32, 100)
    assert rel(a, b) < 1e-5


def test_bfloat16_uses_eager_path() -> None:
    start = trajectory(lambda ps: DiffGrad(ps), torch.bfloat16, 0)  # lr=0 is not a valid lr
    out = trajectory(lambda ps: DiffGrad(ps, lr=1e-2), torch.bfloat16, 5)
    assert out.dtype == torch.bfloat16 and torch.isfinite(out).all()
    assert not torch.equal(out, start)
    with pytest.raises(ValueError, match="fused=True"):
        DiffGrad([nn.Parameter(torch.zeros(3, dtype=torch.bfloat16))], fused=True)


def test_state_dict_round_trip() -> None:
    torch.manual_seed(0)
    w = nn.Parameter(torch.randn(50, dtype=torch.float64))
    grads = [torch.randn(50, dtype=torch.float64) for _ in range(20)]
    opt = DiffGrad([w], lr=1e-2)
    for g in grads[:10]:
        w.grad = g
        opt.step()
    saved, w_saved = copy.deepcopy(opt.state_dict()), w.detach().clone()
    for g in grads[10:]:
        w.grad = g
        opt.step()
    w2 = nn.Parameter(w_saved)
    opt2 = DiffGrad([w2], lr=1e-2)
    opt2.load_state_dict(saved)
    for g in grads[10:]:
        w2.grad = g
        opt2.step()
    assert torch.equal(w, w2)


def test_grad_untouched_and_lr_change_does_not_recompile() -> None:
    w = nn.Parameter(torch.ones(1000))
    opt = DiffGrad([w], lr=1e-2, weight_decay=0.1, fused=True)
    w.grad = torch.full_like(w, 0.5)
    opt.step()
    assert torch.equal(w.grad, torch.full_like(w, 0.5))  # decay is not written into p.grad
    compiled = _fused.compiled_signatures()
    for lr in (1e-3, 0.0):
        opt.param_groups[0]["lr"] = lr
        before = w.detach().clone()
        opt.step()
        assert torch.equal(w, before) == (lr == 0.0)
    assert _fused.compiled_signatures() == compiled


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_matches_cpu() -> None:
    cpu = trajectory(lambda ps: DiffGrad(ps, lr=1e-2), steps=50)
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(20, 64), nn.Tanh(), nn.Linear(64, 1)).double().cuda()
    opt = DiffGrad(net.parameters(), lr=1e-2)
    gen = torch.Generator().manual_seed(1)
    for _ in range(50):
        x = torch.randn(32, 20, generator=gen).double().cuda()
        y = torch.randn(32, 1, generator=gen).double().cuda()
        opt.zero_grad()
        nn.functional.mse_loss(net(x), y).backward()
        opt.step()
    gpu = torch.cat([p.detach().flatten() for p in net.parameters()]).cpu()
    assert rel(gpu, cpu) < 1e-8


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_forked_child_can_step_after_parallel_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    # GNU OpenMP aborts a forked child that uses the parent's pool: the child must go serial.
    monkeypatch.setattr(_fused, "PARALLEL_MIN", 0)
    w = nn.Parameter(torch.ones(1000))
    w.grad = torch.ones_like(w)
    opt = DiffGrad([w], fused=True)
    opt.step()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        opt.step()
        os._exit(0 if bool((w < 1).all()) else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_non_contiguous_params_fall_back_to_eager() -> None:
    results = []
    for fused in (None, False):
        torch.manual_seed(0)
        w = nn.Parameter(torch.randn(6, 4, dtype=torch.float64).t())  # a non-contiguous view
        opt = DiffGrad([w], lr=1e-2, fused=fused)
        for _ in range(5):
            w.grad = torch.randn(6, 4, dtype=torch.float64).t()
            opt.step()
        results.append(w.detach().clone())
    assert not results[0].is_contiguous()
    assert torch.equal(results[0], results[1])
