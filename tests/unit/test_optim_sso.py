"""SSO (Lavington et al.) against the surrogate update written out by hand."""

from __future__ import annotations

import copy
import math

import pytest
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from tuneforge.errors import ValidationError
from tuneforge.optim.sso import SSO

N, P, K = 48, 5, 3


def _data() -> tuple[Tensor, Tensor]:
    g = torch.Generator().manual_seed(0)
    x = torch.randn(N, P, generator=g, dtype=torch.float64)
    y = (x @ torch.randn(P, K, generator=g, dtype=torch.float64)).argmax(1)
    return x, y


def _reference(
    w0: Tensor, x: Tensor, y: Tensor, steps: int, m: int, eta: float, lr: float, schedule: str,
    total: int,
) -> Tensor:  # fmt: skip
    """Outer: z = X W^T, a = dL/dz = (softmax(z) - Y)/n. Inner SGD on
    s(W) = mean(a * f / eta_t + (f - z)^2), f = X W^T, whose gradient is
    (a / eta_t + 2 (f - z))^T X / (n K)."""
    w = w0.clone()
    onehot = F.one_hot(y, K).to(x.dtype)
    for t in range(1, steps + 1):
        z = x @ w.T
        a = (torch.softmax(z, dim=1) - onehot) / N
        eta_t = {"constant": eta, "stochastic": eta * math.sqrt(t),
                 "exponential": eta * total ** (t / total)}[schedule]  # fmt: skip
        for _ in range(m):
            f = x @ w.T
            grad = (a / eta_t + 2 * (f - z)).T @ x / (N * K)
            w = w - lr * grad
    return w


@pytest.mark.parametrize(
    ("m", "schedule"), [(1, "constant"), (3, "constant"), (2, "stochastic"), (2, "exponential")]
)
def test_trajectory_matches_transcription(m: int, schedule: str) -> None:
    x, y = _data()
    torch.manual_seed(0)
    model = nn.Linear(P, K, bias=False).double()
    w0 = model.weight.detach().clone()
    eta, lr = 0.5, 2.0
    opt = SSO(model.parameters(), m=m, eta=eta, eta_schedule=schedule, total_steps=300,
              inner_lr=lr)  # fmt: skip
    losses = []
    for _ in range(300):
        losses.append(float(opt.step(lambda: model(x), lambda z: F.cross_entropy(z, y))))
    ref = _reference(w0, x, y, 300, m, eta, lr, schedule, 300)
    w = model.weight.detach()
    assert float((w - ref).norm() / ref.norm()) <= 1e-10
    assert losses[-1] < 0.9 * losses[0]


def test_any_inner_optimizer_lbfgs() -> None:
    x, y = _data()
    torch.manual_seed(0)
    model = nn.Linear(P, K).double()
    opt = SSO(
        model.parameters(),
        m=5,
        eta=0.01,
        inner=lambda ps: torch.optim.LBFGS(ps, lr=1.0, line_search_fn="strong_wolfe"),
    )
    first = float(opt.step(lambda: model(x), lambda z: F.cross_entropy(z, y)))
    for _ in range(20):
        last = float(opt.step(lambda: model(x), lambda z: F.cross_entropy(z, y)))
    assert last < 0.5 * first


def test_state_dict_round_trip_with_stateful_inner() -> None:
    x, y = _data()
    torch.manual_seed(0)
    model = nn.Linear(P, K).double()

    def make(mod: nn.Module) -> SSO:
        return SSO(mod.parameters(), m=2, eta=2.0, eta_schedule="stochastic", reset_inner=False,
                   inner=lambda ps: torch.optim.Adam(ps, lr=1e-2))  # fmt: skip

    opt = make(model)
    for _ in range(5):
        opt.step(lambda: model(x), lambda z: F.cross_entropy(z, y))
    twin = copy.deepcopy(model)
    opt2 = make(twin)
    opt2.load_state_dict(copy.deepcopy(opt.state_dict()))
    assert opt2.outer_steps == 5
    for _ in range(5):
        opt.step(lambda: model(x), lambda z: F.cross_entropy(z, y))
        opt2.step(lambda: twin(x), lambda z: F.cross_entropy(z, y))
    torch.testing.assert_close(twin.weight, model.weight, rtol=0, atol=0)


def test_low_precision_runs() -> None:
    x, y = _data()
    model = nn.Linear(P, K).to(torch.bfloat16)
    xb = x.to(torch.bfloat16)
    opt = SSO(model.parameters(), m=2, eta=1.0, inner_lr=0.5)
    for _ in range(10):
        loss = opt.step(lambda: model(xb), lambda z: F.cross_entropy(z.float(), y))
    assert bool(torch.isfinite(loss)) and model.weight.dtype == torch.bfloat16


def test_validation_names_fields() -> None:
    with pytest.raises(ValidationError) as err:
        SSO([nn.Parameter(torch.zeros(1))], m=0, eta=-1.0, eta_schedule="cosine")
    assert {v.field for v in err.value.violations} == {"m", "eta", "eta_schedule"}


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_matches_cpu() -> None:
    x, y = _data()
    torch.manual_seed(0)
    model = nn.Linear(P, K, bias=False).double()
    twin = copy.deepcopy(model).cuda()
    xc, yc = x.cuda(), y.cuda()
    opt = SSO(model.parameters(), m=2, eta=0.5, inner_lr=2.0)
    opt_c = SSO(twin.parameters(), m=2, eta=0.5, inner_lr=2.0)
    for _ in range(20):
        opt.step(lambda: model(x), lambda z: F.cross_entropy(z, y))
        opt_c.step(lambda: twin(xc), lambda z: F.cross_entropy(z, yc))
    torch.testing.assert_close(twin.weight.cpu(), model.weight, rtol=1e-10, atol=1e-12)


def test_hyperparams_match_constructor_defaults() -> None:
    import inspect

    from tuneforge.optim.sso import HYPERPARAMS

    sig = inspect.signature(SSO)
    assert HYPERPARAMS
    for hp in HYPERPARAMS:
        assert sig.parameters[hp.name].default == hp.default, hp.name
