"""CBO (Riedl et al.; CBXpy's dynamic) against the update written out from the formulas."""

from __future__ import annotations

import copy
import math

import pytest
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from tuneforge.errors import ValidationError
from tuneforge.optim.cbo import CBO

SHAPES = [(3, 2), (4,)]
N = 12


def _rastrigin(x: Tensor) -> Tensor:
    """Rows of x are points; shifted so that the minimiser is 0.5 everywhere."""
    z = x - 0.5
    return 10 * z.shape[1] + (z * z - 10 * torch.cos(2 * math.pi * z)).sum(1)


def _flat_objective(particles: list[Tensor]) -> Tensor:
    return _rastrigin(torch.cat([p.reshape(N, -1) for p in particles], dim=1))


def _reference(
    starts: list[Tensor], seed: int, steps: int, dt: float, alpha: float, sigma: float,
    lam: float, noise: str, init_std: float,
) -> tuple[Tensor, Tensor]:  # fmt: skip
    """x_i <- x_i - lam dt (x_i - c) + sigma sqrt(dt) n_i, c = softmax(-alpha f) weighted mean."""
    gen = torch.Generator().manual_seed(seed)
    sizes = [s.numel() for s in starts]
    x = torch.cat(
        [
            (
                s.unsqueeze(0) + init_std * torch.randn((N, *s.shape), generator=gen, dtype=s.dtype)
            ).reshape(N, -1)
            for s in starts
        ],
        dim=1,
    )
    c = torch.cat([s.reshape(-1) for s in starts])
    for _ in range(steps):
        f = _rastrigin(x)
        w = torch.exp(-alpha * (f - f.min()))
        w = w / w.sum()
        c = (w[:, None] * x).sum(0)
        d = x - c
        xi = torch.cat(
            [torch.randn((N, *s.shape), generator=gen, dtype=x.dtype).reshape(N, -1)
             for s in starts],
            dim=1,
        )  # fmt: skip
        n = xi * d.norm(dim=1, keepdim=True) if noise == "isotropic" else xi * d
        x = x - lam * dt * d + sigma * math.sqrt(dt) * n
    assert sum(sizes) == x.shape[1]
    return c, x


@pytest.mark.parametrize("noise", ["isotropic", "anisotropic"])
def test_trajectory_matches_transcription(noise: str) -> None:
    starts = [torch.randn(s, dtype=torch.float64) for s in SHAPES]
    params = [nn.Parameter(s.clone()) for s in starts]
    kw = {"lr": 0.05, "alpha": 2.0, "sigma": 0.7, "lamda": 1.0, "init_std": 1.5}
    gen = torch.Generator().manual_seed(7)
    opt = CBO(params, num_particles=N, noise=noise, generator=gen, **kw)
    for _ in range(300):
        opt.step(_flat_objective)
    c_ref, x_ref = _reference(starts, 7, 300, 0.05, 2.0, 0.7, 1.0, noise, 1.5)
    c = torch.cat([p.detach().reshape(-1) for p in params])
    x = torch.cat([s.reshape(N, -1) for s in opt.particles()], dim=1)
    assert float((c - c_ref).norm() / c_ref.norm()) <= 1e-10
    assert float((x - x_ref).norm() / x_ref.norm()) <= 1e-10
    assert float((c - torch.cat([s.reshape(-1) for s in starts])).norm()) > 1e-2  # it moved


def test_finds_the_global_minimum_of_rastrigin() -> None:
    # A gradient method started at 2.5 sits in a local minimum; CBO's consensus does not.
    p = nn.Parameter(torch.full((4,), 2.5, dtype=torch.float64))
    gen = torch.Generator().manual_seed(0)
    opt = CBO([p], lr=0.05, num_particles=200, alpha=50.0, sigma=1.0, noise="anisotropic",
              init_std=3.0, generator=gen)  # fmt: skip

    def objective(ps: list[Tensor]) -> Tensor:
        return _rastrigin(ps[0])

    for _ in range(300):
        opt.step(objective)
    assert float((p.detach() - 0.5).abs().max()) < 0.05


def test_model_closure_matches_a_loop_over_particles() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 3)).double()
    model[0].bias.requires_grad_(False)  # a frozen parameter stays fixed
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = CBO(trainable, num_particles=5, init_std=0.3, generator=torch.Generator().manual_seed(1))
    x, y = torch.randn(10, 4, dtype=torch.float64), torch.randint(0, 3, (10,))
    closure = opt.model_closure(model, F.cross_entropy, x, y)
    particles = opt.particles()
    got = closure(particles)
    names = [n for n, p in model.named_parameters() if p.requires_grad]
    for i in range(5):
        twin = copy.deepcopy(model)
        with torch.no_grad():
            for name, stack in zip(names, particles, strict=True):
                twin.get_parameter(name).copy_(stack[i])
        with torch.no_grad():
            want = float(F.cross_entropy(twin(x), y))
        assert float(got[i]) == pytest.approx(want, rel=1e-12)
    loss = opt.step(closure)
    assert float(loss) == pytest.approx(float(got.min()), rel=1e-12)


def test_trains_a_model_without_gradients() -> None:
    torch.manual_seed(0)
    model = nn.Linear(2, 2)
    x = torch.randn(64, 2)
    y = (x[:, 0] > x[:, 1]).long()
    opt = CBO(model.parameters(), lr=0.1, alpha=30.0, sigma=0.5, noise="anisotropic",
              num_particles=30, generator=torch.Generator().manual_seed(0))  # fmt: skip
    closure = opt.model_closure(model, F.cross_entropy, x, y)
    with torch.no_grad():
        before = float(F.cross_entropy(model(x), y))
    for _ in range(60):
        opt.step(closure)
    with torch.no_grad():
        assert float(F.cross_entropy(model(x), y)) < before
        assert all(p.grad is None for p in model.parameters())


def test_state_dict_round_trip_and_bf16() -> None:
    p = nn.Parameter(torch.randn(3, dtype=torch.float64))
    opt = CBO([p], num_particles=4, generator=torch.Generator().manual_seed(0))

    def objective(ps: list[Tensor]) -> Tensor:
        return (ps[0] ** 2).sum(1)

    opt.step(objective)
    q = nn.Parameter(p.detach().clone())
    twin = CBO([q], num_particles=4)
    twin.load_state_dict(copy.deepcopy(opt.state_dict()))
    torch.testing.assert_close(twin.particles()[0], opt.particles()[0])
    b = nn.Parameter(torch.randn(5, dtype=torch.bfloat16))
    opt_b = CBO([b], num_particles=6, sigma=0.1, noise="anisotropic")
    opt_b.step(lambda ps: (ps[0].float() ** 2).sum(1))
    assert b.dtype == torch.bfloat16 and bool(torch.isfinite(b).all())


def test_validation_names_fields() -> None:
    with pytest.raises(ValidationError) as err:
        CBO([nn.Parameter(torch.zeros(1))], lr=0.0, num_particles=1, noise="pink")
    assert {v.field for v in err.value.violations} == {"lr", "num_particles", "noise"}


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_model_closure_runs() -> None:
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3)).cuda()
    x, y = torch.randn(32, 4, device="cuda"), torch.randint(0, 3, (32,), device="cuda")
    opt = CBO(model.parameters(), lr=0.1, noise="anisotropic", sigma=0.5, alpha=10.0,
              generator=torch.Generator(device="cuda").manual_seed(0))  # fmt: skip
    closure = opt.model_closure(model, F.cross_entropy, x, y)
    first = float(opt.step(closure))
    for _ in range(30):
        last = float(opt.step(closure))
    assert last <= first and all(p.is_cuda for p in opt.particles())


def test_hyperparams_match_constructor_defaults() -> None:
    import inspect

    from tuneforge.optim.cbo import HYPERPARAMS

    sig = inspect.signature(CBO)
    assert HYPERPARAMS
    for hp in HYPERPARAMS:
        assert sig.parameters[hp.name].default == hp.default, hp.name
