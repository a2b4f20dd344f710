"""Consensus-based optimisation (CBO), derivative-free, particles vectorised over a model.

Riedl, Klock, Geldhauser & Fornasier, "Gradient is All You Need?" (arXiv
2306.09778), after Pinnau, Totzeck, Tse & Martin (2017); reference code PdIPS
``CBXpy`` v1.0.1 (``cbx/dynamics/cbo.py``, ``pdyn.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import torch
from torch import Tensor, nn

from tuneforge.errors import Violations
from tuneforge.optim._base import BaseOptimizer, advance, new_step
from tuneforge.optim.schemas import CBO as HYPERPARAMS
from tuneforge.optim.schemas import NOISES

__all__ = ["CBO", "HYPERPARAMS", "NOISES"]


ParticleLoss = Callable[[list[Tensor]], Tensor]


class CBO(BaseOptimizer):
    """Consensus-based optimisation over the parameters (CBXpy's ``CBO`` dynamic).

    The optimizer keeps ``N`` particles ``x_i`` per parameter (state
    ``particles``, shape ``(N, *p.shape)``), drawn at the first step as
    ``p + init_std * xi``. One :meth:`step` evaluates the objective at every
    particle, then (``dt`` is the group's ``lr``)::

        c_alpha = sum_i x_i exp(-alpha f(x_i)) / sum_i exp(-alpha f(x_i))   (logsumexp)
        d_i     = x_i - c_alpha
        x_i    <- x_i - lamda dt d_i + sigma sqrt(dt) n_i
        isotropic: n_i = ||d_i||_2 xi_i   (norm over all parameters)
        anisotropic: n_i = d_i * xi_i,   xi ~ N(0, I)

    and writes the consensus point ``c_alpha`` into the parameters, so the model
    always holds the current estimate. No gradients are used.

    **API.** CBO needs the loss of every particle, so :meth:`step` takes a
    *particle closure*: a callable that receives the particle stacks, one
    ``(N, *p.shape)`` tensor per parameter in the order of the flattened
    ``param_groups``, and returns the ``N`` losses. :meth:`model_closure` builds
    it for a module with ``torch.func.functional_call`` + ``vmap``::

        opt = CBO(model.parameters(), lr=0.1, noise="anisotropic")
        loss = opt.step(opt.model_closure(model, F.cross_entropy, x, y))

    ``alpha`` and ``num_particles`` are global (read from the first group, the
    consensus spans all parameters); ``lr``, ``sigma``, ``lamda``, ``noise`` and
    ``init_std`` may differ by group. Defaults are CBXpy's (dt 0.01, alpha 1,
    sigma 5.1, lamda 1, N 20); ``init_std`` is ours (CBXpy asks for the initial
    particles). Pass ``generator`` for reproducible noise.

    Deviations: no particle mini-batching, no alpha schedulers and no
    ``correction`` option (CBXpy's defaults: off); the parameters receive the
    consensus of the particles *before* the move (CBXpy reports the same
    ``consensus`` attribute).
    """

    HYPERPARAMS = HYPERPARAMS

    def __init__(
        self,
        params: Iterable[Tensor] | Iterable[dict[str, Any]],
        lr: float = 0.01,
        num_particles: int = 20,
        alpha: float = 1.0,
        sigma: float = 5.1,
        lamda: float = 1.0,
        noise: str = "isotropic",
        init_std: float = 1.0,
        generator: torch.Generator | None = None,
    ) -> None:
        defaults = {
            "lr": lr,
            "num_particles": num_particles,
            "alpha": alpha,
            "sigma": sigma,
            "lamda": lamda,
            "noise": noise,
            "init_std": init_std,
        }
        super().__init__(params, defaults)
        self.generator = generator

    def _params(self) -> list[Tensor]:
        return [p for g in self.param_groups for p in g["params"]]

    def _randn(self, like: Tensor, shape: Sequence[int]) -> Tensor:
        gen = self.generator
        if gen is not None and gen.device != like.device:
            # Draw on the generator's device so that one seed gives one trajectory.
            return torch.randn(shape, generator=gen, dtype=like.dtype, device=gen.device).to(
                like.device
            )
        return torch.randn(shape, generator=gen, dtype=like.dtype, device=like.device)

    def particles(self) -> list[Tensor]:
        """The particle stacks (created on first use), one per parameter."""
        n = self.param_groups[0]["num_particles"]
        out = []
        for group in self.param_groups:
            for p in group["params"]:
                state = self.state[p]
                if "particles" not in state:
                    noise = self._randn(p, (n, *p.shape))
                    state["particles"] = p.detach().unsqueeze(0) + group["init_std"] * noise
                if "step" not in state:
                    state["step"] = new_step()
                out.append(state["particles"])
        return out

    @torch.no_grad()
    def step(self, closure: ParticleLoss) -> Tensor:  # type: ignore[override]
        """One CBO step; ``closure(particles) -> (N,) losses``. Returns the best particle loss."""
        if closure is None:
            raise ValueError("CBO.step needs a particle closure")
        head = self.param_groups[0]
        n = head["num_particles"]
        v = Violations()
        for group in self.param_groups:
            self._check(group)  # groups may have been edited since the last step
            v.check(group["num_particles"] == n, "num_particles", "must be equal in all groups")
            v.check(group["alpha"] == head["alpha"], "alpha", "must be equal in all groups")
        v.raise_if_any()
        xs = self.particles()
        energy = closure(xs).detach()
        if energy.shape != (n,):
            raise ValueError(f"the particle closure must return shape ({n},), got {energy.shape}")
        energy64 = energy.to(torch.float64) if energy.dtype == torch.float64 else energy.float()
        logits = -head["alpha"] * energy64
        weights = torch.exp(logits - torch.logsumexp(logits, dim=0))
        drifts, consensus = [], []
        for x in xs:
            w = weights.to(device=x.device, dtype=x.dtype)
            c = torch.tensordot(w, x, dims=1)
            consensus.append(c)
            drifts.append(x - c)
        norms: Tensor | None = None
        if any(g["noise"] == "isotropic" for g in self.param_groups):
            sq = [d.reshape(n, -1).square().sum(dim=1).to(energy64.dtype) for d in drifts]
            norms = torch.stack([s.to(sq[0].device) for s in sq]).sum(dim=0).sqrt()
        i = 0
        for group in self.param_groups:
            dt, sigma, lam = group["lr"], group["sigma"], group["lamda"]
            for p in group["params"]:
                x, d, c = xs[i], drifts[i], consensus[i]
                xi = self._randn(x, x.shape)
                if group["noise"] == "isotropic":
                    assert norms is not None
                    shape = (n,) + (1,) * p.dim()
                    scale = norms.to(device=x.device, dtype=x.dtype).reshape(shape)
                    noise = xi * scale
                else:
                    noise = xi * d
                x.add_(d, alpha=-lam * dt).add_(noise, alpha=sigma * math.sqrt(dt))
                p.copy_(c)
                i += 1
        advance([self.state[p]["step"] for p in self._params()])
        return energy.min()

    def model_closure(
        self,
        model: nn.Module,
        loss_fn: Callable[[Tensor, Tensor], Tensor],
        inputs: Tensor,
        targets: Tensor,
        chunk_size: int | None = None,
    ) -> ParticleLoss:
        """A particle closure ``loss_fn(model_x(inputs), targets)`` for every particle ``x``.

        The optimised tensors must be parameters of ``model``; other parameters
        and buffers are held fixed. ``chunk_size`` bounds how many particles
        ``vmap`` evaluates at once (memory).
        """
        names = {id(p): name for name, p in model.named_parameters()}
        order = []
        for p in self._params():
            if id(p) not in names:
                raise ValueError("every optimised tensor must be a parameter of the model")
            order.append(names[id(p)])
        fixed: dict[str, Tensor] = {
            name: p.detach() for name, p in model.named_parameters() if name not in set(order)
        }
        fixed.update({name: b for name, b in model.named_buffers()})

        def one(ps: dict[str, Tensor]) -> Tensor:
            out = torch.func.functional_call(model, {**fixed, **ps}, (inputs,))
            return loss_fn(out, targets)

        batched = torch.func.vmap(one, chunk_size=chunk_size)

        def closure(particles: list[Tensor]) -> Tensor:
            return batched(dict(zip(order, particles, strict=True)))

        return closure
