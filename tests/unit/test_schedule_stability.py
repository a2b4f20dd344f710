"""Learning-rate stability estimates (Lanczos, Hutchinson, GGN, Wu & Su, Granziol)."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
import torch
from torch import Tensor, nn
from torch.nn import functional as F

from tuneforge.errors import ValidationError
from tuneforge.schedules.stability import (
    Curvature,
    fit_batch_curve,
    gd_learning_rate_bound,
    ggn_top_eigenvalue,
    ggn_vp,
    hutchinson_trace,
    hvp,
    learning_rate_curve,
    momentum_factor,
    sgd_stability,
    stability_condition,
    top_eigenvalue,
)


@pytest.fixture(autouse=True)
def _one_thread() -> Iterator[None]:
    """Tiny tensors: on a loaded host torch's thread pool only adds barrier waits."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {v.field for v in exc.value.violations}


def mse(out: Tensor, y: Tensor) -> Tensor:
    return 0.5 * (out - y).square().sum(dim=-1).mean()


def mlp(seed: int = 0) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2)).double()


def data(n: int = 16, d_in: int = 3, d_out: int = 2, seed: int = 1) -> tuple[Tensor, Tensor]:
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d_in, generator=g, dtype=torch.float64)
    y = torch.randn(n, d_out, generator=g, dtype=torch.float64)
    return x, y


def explicit(model: nn.Module, loss_fn: object, x: Tensor, y: Tensor) -> Tensor:
    """The Hessian of the loss in the flattened parameters, by autograd.functional."""
    named = [(n, p) for n, p in model.named_parameters()]
    sizes = [p.numel() for _, p in named]
    theta = torch.cat([p.detach().reshape(-1) for _, p in named])

    def loss(flat: Tensor) -> Tensor:
        parts = torch.split(flat, sizes)
        params = {n: t.view(p.shape) for (n, p), t in zip(named, parts, strict=True)}
        out = torch.func.functional_call(model, params, (x,))
        return loss_fn(out, y)  # type: ignore[operator]

    h = torch.autograd.functional.hessian(loss, theta)
    assert isinstance(h, Tensor)
    return 0.5 * (h + h.T)


def matrix_of(fn: object, dim: int) -> Tensor:
    eye = torch.eye(dim, dtype=torch.float64)
    return torch.stack([fn(eye[i]) for i in range(dim)], dim=1)  # type: ignore[operator]


def spd(dim: int, seed: int = 0) -> Tensor:
    g = torch.Generator().manual_seed(seed)
    q, _ = torch.linalg.qr(torch.randn(dim, dim, generator=g, dtype=torch.float64))
    evals = torch.linspace(0.1, 5.0, dim, dtype=torch.float64)
    return (q * evals) @ q.T


# ---------------------------------------------------------------------------- Lanczos


def test_lanczos_matches_the_explicit_hessian_of_an_mlp() -> None:
    model, (x, y) = mlp(), data()
    h = explicit(model, mse, x, y)
    truth = float(torch.linalg.eigvalsh(h)[-1])
    fn = hvp(model, mse, x, y)
    assert torch.allclose(matrix_of(fn, h.shape[0]), h, atol=1e-10)
    est = top_eigenvalue(fn, h.shape[0], iterations=h.shape[0], tol=1e-12)
    assert est.value == pytest.approx(truth, rel=1e-6)
    assert est.interval[0] <= truth <= est.interval[1]
    assert est.hvps_spent <= h.shape[0]
    assert gd_learning_rate_bound(est.value) == pytest.approx(2 / truth, rel=1e-6)


def test_lanczos_on_a_quadratic_and_its_residual_interval() -> None:
    a = spd(40)
    truth = float(torch.linalg.eigvalsh(a)[-1])
    full = top_eigenvalue(lambda v: a @ v, 40, iterations=40, tol=1e-12, seed=3)
    assert full.value == pytest.approx(truth, rel=1e-6)
    for steps in (3, 6, 10):  # not converged: the interval is wide but still holds the truth
        est = top_eigenvalue(lambda v: a @ v, 40, iterations=steps, tol=1e-14, seed=3)
        assert est.hvps_spent == steps
        assert est.value <= truth + 1e-12  # Ritz values interlace
        assert est.interval[0] <= truth <= est.interval[1]


def test_lanczos_stops_on_an_invariant_subspace() -> None:
    a = torch.diag(torch.tensor([3.0, 3.0, 1.0, 1.0], dtype=torch.float64))
    est = top_eigenvalue(lambda v: a @ v, 4, iterations=4, seed=0)
    assert est.value == pytest.approx(3.0, rel=1e-12)
    assert est.hvps_spent == 2  # two distinct eigenvalues: a 2-dimensional Krylov space


# ---------------------------------------------------------------------------- Hutchinson


def test_hutchinson_trace_interval_and_convergence() -> None:
    a = spd(30, seed=2)
    truth = float(torch.trace(a))
    small = hutchinson_trace(lambda v: a @ v, 30, samples=50, seed=0)
    assert small.interval[0] <= truth <= small.interval[1]
    assert small.hvps_spent == 50
    big = hutchinson_trace(lambda v: a @ v, 30, samples=5000, seed=0)
    assert big.interval[0] <= truth <= big.interval[1]
    width = lambda e: e.interval[1] - e.interval[0]  # noqa: E731
    assert width(big) < width(small) / 5  # standard error ~ 1/sqrt(samples)
    assert abs(big.value - truth) < 0.02 * truth


def test_hutchinson_on_the_mlp_hessian() -> None:
    model, (x, y) = mlp(), data()
    truth = float(torch.trace(explicit(model, mse, x, y)))
    est = hutchinson_trace(hvp(model, mse, x, y), 26, samples=400, seed=1)
    assert est.interval[0] <= truth <= est.interval[1]


def test_hutchinson_is_exact_for_a_diagonal_matrix() -> None:
    d = torch.arange(1.0, 6.0, dtype=torch.float64)
    est = hutchinson_trace(lambda v: d * v, 5, samples=4)
    assert est.value == pytest.approx(15.0)
    assert est.interval == pytest.approx((15.0, 15.0))


# ---------------------------------------------------------------------------- GD bound


def least_squares(n: int = 64, d: int = 5, seed: int = 0) -> tuple[nn.Module, Tensor, Tensor]:
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g, dtype=torch.float64)
    w_star = torch.randn(1, d, generator=g, dtype=torch.float64)
    model = nn.Linear(d, 1, bias=False).double()
    return model, x, x @ w_star.T


def run_gd(model: nn.Module, x: Tensor, y: Tensor, lr: float, steps: int) -> float:
    w = model.weight.detach().clone()  # type: ignore[operator]
    for _ in range(steps):
        grad = ((x @ w.T - y).T @ x) / x.shape[0]
        w = w - lr * grad
    return float(mse(x @ w.T, y))


def test_gradient_descent_bound_separates_convergence_from_divergence() -> None:
    model, x, y = least_squares()
    lam = top_eigenvalue(hvp(model, mse, x, y), 5, iterations=5, tol=1e-12).value
    bound = gd_learning_rate_bound(lam)
    start = float(mse(model(x), y).detach())
    assert run_gd(model, x, y, 0.9 * bound, 2000) < 1e-12 * start
    assert run_gd(model, x, y, 1.1 * bound, 2000) > 1e6 * start


# ---------------------------------------------------------------------------- GGN


@pytest.mark.parametrize(
    ("momentum", "dampening", "nesterov"),
    [(0.0, 0.0, False), (0.9, 0.0, False), (0.5, 0.3, False), (0.9, 0.0, True), (0.3, 0.0, True)],
)
def test_momentum_factor_is_where_torch_sgd_starts_to_diverge(
    momentum: float, dampening: float, nesterov: bool
) -> None:
    lam = 3.0  # f(x) = lam / 2 x^2
    edge = momentum_factor(momentum, dampening, nesterov) * gd_learning_rate_bound(lam)

    def final(lr: float) -> float:
        x = torch.ones(1, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([x], lr=lr, momentum=momentum, dampening=dampening,
                              nesterov=nesterov)  # fmt: skip
        for _ in range(600):
            opt.zero_grad()
            (0.5 * lam * x.square()).sum().backward()
            opt.step()
        return abs(float(x.detach()))

    assert final(0.97 * edge) < 1e-3
    assert not final(1.03 * edge) < 1e3  # diverged (or overflowed to NaN)


def test_ggn_equals_the_hessian_for_linear_least_squares() -> None:
    model, x, y = least_squares(d=4)
    model = nn.Linear(4, 2).double()
    y2 = torch.cat([y, -y], dim=1)
    g = matrix_of(ggn_vp(model, mse, x, y2), 10)
    h = explicit(model, mse, x, y2)
    assert torch.allclose(g, h, atol=1e-10)
    top = ggn_top_eigenvalue(model, mse, x, y2, iterations=10, tol=1e-12)
    assert top.value == pytest.approx(float(torch.linalg.eigvalsh(h)[-1]), rel=1e-6)


def test_ggn_is_psd_for_cross_entropy_and_lanczos_finds_its_top() -> None:
    torch.manual_seed(0)
    model = nn.Linear(3, 4).double()
    x, _ = data(n=20)
    labels = torch.randint(0, 4, (20,))
    g = matrix_of(ggn_vp(model, F.cross_entropy, x, labels), 16)
    assert torch.allclose(g, g.T, atol=1e-12)
    evals = torch.linalg.eigvalsh(g)
    assert float(evals[0]) > -1e-10
    # A linear model: the Hessian of cross-entropy is its GGN.
    assert torch.allclose(g, explicit(model, F.cross_entropy, x, labels), atol=1e-10)
    top = ggn_top_eigenvalue(model, F.cross_entropy, x, labels, iterations=16, tol=1e-12)
    assert top.value == pytest.approx(float(evals[-1]), rel=1e-6)


def test_ggn_of_an_mlp_is_psd_while_its_hessian_need_not_be() -> None:
    model, (x, y) = mlp(seed=3), data(seed=4)
    g = matrix_of(ggn_vp(model, mse, x, y), 26)
    assert float(torch.linalg.eigvalsh(0.5 * (g + g.T))[0]) > -1e-10


# ---------------------------------------------------------------------------- Wu & Su


def test_stability_condition_rules() -> None:
    rates = stability_condition(2.0, 10.0, [1, 2, 8, 50], dataset_size=50)
    by_b = {r.batch_size: r for r in rates}
    assert by_b[1].max_learning_rate == pytest.approx(0.2)  # 2 / tr(H)
    assert by_b[1].binding == "trace" and not by_b[1].heuristic
    assert by_b[2].max_learning_rate == pytest.approx(0.4) and by_b[2].heuristic
    assert by_b[8].max_learning_rate == pytest.approx(1.0)  # capped by 2 / lambda_max
    assert by_b[8].binding == "lambda_max"
    assert by_b[50].max_learning_rate == pytest.approx(1.0)  # full batch: GD only
    assert math.isinf(by_b[50].trace_bound) and not by_b[50].heuristic
    flat = stability_condition(-1.0, -1.0, [4])
    assert math.isinf(flat[0].max_learning_rate) and flat[0].binding == "none"


def test_sgd_stability_on_least_squares() -> None:
    model, x, y = least_squares(n=32, d=6)
    h = explicit(model, mse, x, y)
    report = sgd_stability(model, mse, x, y, [1, 4, 32], iterations=6, samples=400, seed=1)
    assert report.necessary
    assert report.lambda_max.value == pytest.approx(float(torch.linalg.eigvalsh(h)[-1]), 1e-6)
    lo, hi = report.trace.interval
    assert lo <= float(torch.trace(h)) <= hi
    assert report.rates[0].max_learning_rate == pytest.approx(2 / report.trace.value)
    assert report.rates[-1].max_learning_rate == pytest.approx(2 / report.lambda_max.value)
    ggn = sgd_stability(model, mse, x, y, [1], curvature=Curvature.GGN, iterations=6, samples=8)
    assert ggn.lambda_max.value == pytest.approx(report.lambda_max.value, rel=1e-6)


# ---------------------------------------------------------------------------- Granziol


def test_fit_recovers_the_curve_and_the_rule_ranges() -> None:
    sizes = [1, 2, 4, 8, 16, 32, 64, 128, 256]
    a, c = 2.0, 60.0
    fa, fc, lin, sq = fit_batch_curve(sizes, [a + c / b for b in sizes])
    assert (fa, fc) == pytest.approx((a, c))
    assert lin == pytest.approx((1.0, c / (3 * a)))  # local exponent >= 3/4
    assert sq == pytest.approx((c / (3 * a), 3 * c / a))  # between 1/4 and 3/4
    assert fit_batch_curve([1, 2], [1.0, 1.0])[2:] == (None, None)  # saturated


def test_learning_rate_curve_on_least_squares() -> None:
    g = torch.Generator().manual_seed(0)
    n, d = 128, 8
    x = torch.randn(n, d, generator=g, dtype=torch.float64)
    model = nn.Linear(d, 1, bias=False).double()
    y = torch.zeros(n, 1, dtype=torch.float64)
    curve = learning_rate_curve(model, mse, x, y, [2, 8, 32, 128], batches_per_size=3,
                                iterations=8, tol=1e-10)  # fmt: skip
    lams = [p.lambda_max for p in curve.points]
    assert lams[0] > lams[-1]  # mini-batches inflate the top eigenvalue
    full = float(torch.linalg.eigvalsh(x.T @ x / n)[-1])
    assert lams[-1] == pytest.approx(full, rel=1e-6)  # B = n is the full Hessian
    assert curve.noise_coefficient > 0
    assert curve.hvps_spent <= 4 * 3 * 8
    for p in curve.points:
        assert p.stability_bound == pytest.approx(2 / p.lambda_max)
    if curve.linear_range and curve.sqrt_range:
        assert curve.linear_range[1] <= curve.sqrt_range[0] + 1e-9


# ---------------------------------------------------------------------------- validation


def test_bad_inputs_name_their_fields() -> None:
    model, (x, y) = mlp(), data()
    with pytest.raises(ValidationError) as e:
        hvp(model, mse, x, y, max_params=10)
    assert fields(e) == {"model"}
    with pytest.raises(ValidationError) as e:
        hvp(model, mse, x[:0], y[:0])
    assert fields(e) == {"x"}
    with pytest.raises(ValidationError) as e:
        hvp(model, mse, x, y[:3])
    assert fields(e) == {"y"}
    with pytest.raises(ValidationError) as e:
        top_eigenvalue(lambda v: v, 5, iterations=20, max_hvps=10)
    assert fields(e) == {"max_hvps"}
    with pytest.raises(ValidationError) as e:
        top_eigenvalue(lambda v: v, 0, iterations=0, tol=-1.0)
    assert fields(e) == {"dim", "iterations", "tol"}
    with pytest.raises(ValidationError) as e:
        hutchinson_trace(lambda v: v, 5, samples=1)
    assert fields(e) == {"samples"}
    with pytest.raises(ValidationError) as e:
        hutchinson_trace(lambda v: v, 5, samples=100, max_hvps=99)
    assert fields(e) == {"max_hvps"}
    with pytest.raises(ValidationError) as e:
        top_eigenvalue(lambda v: v * math.nan, 5)
    assert fields(e) == {"hvp_fn"}


def test_curve_and_stability_validation() -> None:
    model, (x, y) = mlp(), data()
    with pytest.raises(ValidationError) as e:
        learning_rate_curve(model, mse, x, y, [0, 4, 17], max_params=5)
    assert fields(e) == {"model", "batch_sizes[0]", "batch_sizes[2]"}
    with pytest.raises(ValidationError) as e:
        learning_rate_curve(model, mse, x, y, [])
    assert fields(e) == {"batch_sizes"}
    with pytest.raises(ValidationError) as e:
        learning_rate_curve(model, mse, x, y, [4, 4])
    assert fields(e) == {"batch_sizes"}
    with pytest.raises(ValidationError) as e:
        learning_rate_curve(model, mse, x, y, [2, 4, 8], batches_per_size=2, iterations=10,
                            max_hvps=59)  # fmt: skip
    assert fields(e) == {"max_hvps"}
    with pytest.raises(ValidationError) as e:
        learning_rate_curve(model, mse, x[:0], y[:0], [2, 4])
    assert fields(e) == {"x"}
    with pytest.raises(ValidationError) as e:
        sgd_stability(model, mse, x, y, [1], iterations=20, samples=64, max_hvps=50)
    assert fields(e) == {"max_hvps"}
    with pytest.raises(ValidationError) as e:
        stability_condition(math.inf, 1.0, [True, 2.5])  # type: ignore[list-item]
    assert fields(e) == {"lambda_max", "batch_sizes[0]", "batch_sizes[1]"}


def test_the_contracts_lanczos_cap_is_the_estimators() -> None:
    from tuneforge.schedules.stability import MAX_LANCZOS_ITERATIONS
    from tuneforge.trainer import spec

    assert spec.MAX_LANCZOS_STEPS == MAX_LANCZOS_ITERATIONS  # spec.py stays torch-free
