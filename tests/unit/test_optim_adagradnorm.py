"""AdaGrad-Norm against a transcription of the paper's update (Lau et al.; Ward et al.)."""

from __future__ import annotations

import copy

import pytest
import torch
from torch import Tensor, nn

from tuneforge.errors import ValidationError
from tuneforge.optim.adagradnorm import HYPERPARAMS, AdaGradNorm

STEPS = 300


def _problem(dtype: torch.dtype = torch.float64) -> tuple[nn.Module, Tensor, Tensor]:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 3)).to(dtype)
    x = torch.randn(64, 6, dtype=dtype)
    y = torch.randn(64, 3, dtype=dtype)
    return model, x, y


def _batch(x: Tensor, y: Tensor, k: int) -> tuple[Tensor, Tensor]:
    idx = torch.arange(16) + (16 * k) % 64
    return x[idx % 64], y[idx % 64]


def _grads(model: nn.Module, params: list[Tensor], x: Tensor, y: Tensor) -> list[Tensor]:
    names = [n for n, _ in model.named_parameters()]

    def loss(ps: tuple[Tensor, ...]) -> Tensor:
        out = torch.func.functional_call(model, dict(zip(names, ps, strict=True)), (x,))
        return (out - y).square().mean()

    return list(torch.func.grad(loss)(tuple(params)))


def _reference(
    model: nn.Module,
    x: Tensor,
    y: Tensor,
    lr: float,
    b0sq: float,
    eps: float,
    wd: float,
    momentum: float,
    scope: str,
) -> list[Tensor]:
    """Paper: b_k^2 = b_{k-1}^2 + ||g_k||^2; x <- x - lr g_k / b_k, per group/tensor/row."""
    params = [p.detach().clone() for p in model.parameters()]
    bufs = [torch.zeros_like(p) for p in params]
    if scope == "group":
        acc: list[Tensor] = [torch.tensor(b0sq, dtype=torch.float64)]
    elif scope == "tensor":
        acc = [torch.tensor(b0sq, dtype=torch.float64) for _ in params]
    else:
        acc = [
            torch.full((p.shape[0], 1) if p.dim() >= 2 else p.shape, b0sq, dtype=torch.float64)
            for p in params
        ]
    for k in range(STEPS):
        xb, yb = _batch(x, y, k)
        gs = [g + wd * p for g, p in zip(_grads(model, params, xb, yb), params, strict=True)]
        ups = gs
        if momentum > 0:
            for b, g in zip(bufs, gs, strict=True):
                b.mul_(momentum).add_((1 - momentum) * g)
            ups = bufs
        if scope == "group":
            acc[0] = acc[0] + sum(float((g * g).sum()) for g in gs)
            denom = float(acc[0].sqrt()) + eps
            params = [p - lr * u / denom for p, u in zip(params, ups, strict=True)]
            continue
        new = []
        for i, (p, g, u) in enumerate(zip(params, gs, ups, strict=True)):
            if scope == "tensor":
                acc[i] = acc[i] + (g * g).sum()
                new.append(p - lr * u / (acc[i].sqrt() + eps))
            elif p.dim() >= 2:
                acc[i] = acc[i] + (g * g).reshape(p.shape[0], -1).sum(1, keepdim=True)
                step = u.reshape(p.shape[0], -1) / (acc[i].sqrt() + eps)
                new.append(p - lr * step.reshape(p.shape))
            else:
                acc[i] = acc[i] + g * g
                new.append(p - lr * u / (acc[i].sqrt() + eps))
        params = new
    return params


def _run(model: nn.Module, x: Tensor, y: Tensor, opt: torch.optim.Optimizer, steps: int) -> None:
    for k in range(steps):
        xb, yb = _batch(x, y, k)
        opt.zero_grad()
        (model(xb) - yb).square().mean().backward()
        opt.step()


def _rel(a: list[Tensor], b: list[Tensor]) -> float:
    fa = torch.cat([t.detach().reshape(-1) for t in a])
    fb = torch.cat([t.detach().reshape(-1) for t in b])
    return float((fa - fb).norm() / fb.norm())


@pytest.mark.parametrize(
    ("scope", "wd", "momentum"),
    [("group", 0.0, 0.0), ("group", 1e-2, 0.9), ("tensor", 0.0, 0.0), ("row", 1e-3, 0.5)],
)
def test_trajectory_matches_transcription(scope: str, wd: float, momentum: float) -> None:
    model, x, y = _problem()
    ref = _reference(model, x, y, 0.05, 1e-2, 1e-10, wd, momentum, scope)
    opt = AdaGradNorm(model.parameters(), lr=0.05, weight_decay=wd, momentum=momentum, scope=scope)
    _run(model, x, y, opt, STEPS)
    start = [p.detach() for p in _problem()[0].parameters()]
    assert _rel(list(model.parameters()), start) > 1e-3  # it moved
    assert _rel(list(model.parameters()), ref) <= 1e-10


def test_group_scope_is_one_scalar_step() -> None:
    # With the paper's rule every coordinate moves by lr/b times its gradient.
    p = nn.Parameter(torch.tensor([3.0, -4.0], dtype=torch.float64))
    opt = AdaGradNorm([p], lr=1.0, initial_accumulator_value=0.0, eps=1e-300)
    p.grad = torch.tensor([3.0, -4.0], dtype=torch.float64)
    opt.step()
    torch.testing.assert_close(p.detach(), torch.tensor([3.0 - 0.6, -4.0 + 0.8], dtype=p.dtype))


def test_state_dict_round_trip() -> None:
    model, x, y = _problem()
    opt = AdaGradNorm(model.parameters(), lr=0.05, momentum=0.9)
    _run(model, x, y, opt, 10)
    twin = _problem()[0]
    twin.load_state_dict(model.state_dict())
    opt2 = AdaGradNorm(twin.parameters(), lr=0.05, momentum=0.9)
    opt2.load_state_dict(copy.deepcopy(opt.state_dict()))
    _run(model, x, y, opt, 10)
    _run(twin, x, y, opt2, 10)
    assert _rel(list(twin.parameters()), list(model.parameters())) == 0.0


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
def test_low_precision_runs_and_descends(dtype: torch.dtype) -> None:
    model, x, y = _problem(dtype)
    opt = AdaGradNorm(model.parameters(), lr=0.1)
    first = float((model(x) - y).square().mean().detach())
    _run(model, x, y, opt, 50)
    last = float((model(x) - y).square().mean().detach())
    assert all(p.dtype == dtype for p in model.parameters())
    assert last < first


def test_validation_names_fields() -> None:
    p = nn.Parameter(torch.zeros(2))
    with pytest.raises(ValidationError) as err:
        AdaGradNorm([p], lr=-1.0, scope="diagonal")
    fields = {v.field for v in err.value.violations}
    assert fields == {"lr", "scope"}


def test_hyperparams_match_constructor_defaults() -> None:
    import inspect

    sig = inspect.signature(AdaGradNorm)
    for hp in HYPERPARAMS:
        assert sig.parameters[hp.name].default == hp.default


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
@pytest.mark.parametrize("scope", ["group", "row"])
def test_cuda_matches_cpu(scope: str) -> None:
    model, x, y = _problem()
    twin = copy.deepcopy(model).cuda()
    _run(model, x, y, AdaGradNorm(model.parameters(), lr=0.05, scope=scope), 20)
    _run(twin, x.cuda(), y.cuda(), AdaGradNorm(twin.parameters(), lr=0.05, scope=scope), 20)
    assert _rel([p.cpu() for p in twin.parameters()], list(model.parameters())) <= 1e-10
