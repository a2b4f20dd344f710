"""Target-based surrogate optimisation (SSO).

Lavington, Vaswani, Babanezhad, Schmidt & Le Roux, "Target-based Surrogates for
Stochastic Optimization" (ICML 2023, arXiv 2302.02607); official code
``WilderLavington/Target-Based-Surrogates-For-Stochastic-Optimization``
(``optimizers/sgd_fmdopt.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import torch
from torch import Tensor

from tuneforge.optim._base import BaseOptimizer
from tuneforge.optim.schemas import ETA_SCHEDULES
from tuneforge.optim.schemas import SSO as HYPERPARAMS

__all__ = ["ETA_SCHEDULES", "HYPERPARAMS", "SSO"]


InnerFactory = Callable[[list[Tensor]], torch.optim.Optimizer]


class SSO(BaseOptimizer):
    """SSO: one expensive target-space gradient, then ``m`` cheap surrogate steps.

    With ``f_theta(X)`` the model's outputs (the *targets*) and ``L`` a loss of
    those outputs, an outer :meth:`step` at ``theta_t`` does::

        z_t = f_theta_t(X)                 (detached)
        a   = dL/dz (z_t)                  (the only evaluation of L's gradient)
        surrogate(theta) = mean(a * f_theta(X) / eta_t + (f_theta(X) - z_t)^2)
        m steps of the inner optimizer on surrogate(theta)

    with ``eta_t = eta`` (constant), ``eta * sqrt(t)`` (stochastic) or
    ``eta * T^(t/T)`` (exponential), as in the official ``SGD_FMDOpt``
    (whose ``eta`` is this ``eta``: the paper's step size is ``1/eta``).

    **API.** SSO needs the targets, not a scalar loss, so :meth:`step` takes two
    callables: ``forward()`` returns ``f_theta(X)`` at the current parameters
    (it is called ``m + 1`` times on the same batch) and ``target_loss(z)``
    returns the scalar loss of outputs ``z`` (e.g. ``lambda z: F.cross_entropy(z, y)``).
    The inner optimizer is any ``torch.optim.Optimizer``: pass ``inner`` as a
    factory ``params -> optimizer`` (default ``SGD(lr=inner_lr)``); it receives
    a closure, so line-search optimizers (``LBFGS(line_search_fn="strong_wolfe")``)
    work. Schedule the inner learning rate through :attr:`inner`.

    Deviations: the official code's inner optimizer is its Armijo line search
    ``LSOpt`` (step reset to 10 every outer step); here it is any torch
    optimizer, re-initialised (state cleared) every outer step when
    ``reset_inner`` (the official code builds a new one each step). The
    official inner loop's early stop on a tiny minibatch gradient norm is
    ``LSOpt``-specific and not reproduced.
    """

    HYPERPARAMS = HYPERPARAMS

    def __init__(
        self,
        params: Iterable[Tensor] | Iterable[dict[str, Any]],
        m: int = 1,
        eta: float = 1e3,
        eta_schedule: str = "constant",
        total_steps: int = 1000,
        inner_lr: float = 0.1,
        reset_inner: bool = True,
        inner: InnerFactory | None = None,
    ) -> None:
        defaults = {
            "m": m,
            "eta": eta,
            "eta_schedule": eta_schedule,
            "total_steps": total_steps,
            "inner_lr": inner_lr,
            "reset_inner": reset_inner,
        }
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("SSO takes one parameter group (give the inner optimizer groups)")
        flat = list(self.param_groups[0]["params"])
        self.inner: torch.optim.Optimizer = (
            inner(flat) if inner is not None else torch.optim.SGD(flat, lr=inner_lr)
        )
        self.outer_steps = 0

    def eta_at(self, t: int) -> float:
        """eta_t for outer step ``t`` (1-based)."""
        g = self.param_groups[0]
        if g["eta_schedule"] == "constant":
            return float(g["eta"])
        if g["eta_schedule"] == "stochastic":
            return float(g["eta"]) * math.sqrt(t)
        total = g["total_steps"]
        return float(g["eta"]) * float(total) ** (t / total)

    def step(  # type: ignore[override]
        self, forward: Callable[[], Tensor], target_loss: Callable[[Tensor], Tensor]
    ) -> Tensor:
        """One outer step; returns ``L(z_t)``, the target loss before the step."""
        g = self.param_groups[0]
        self.outer_steps += 1
        with torch.no_grad():
            z = forward().detach()
        z_req = z.clone().requires_grad_(True)
        with torch.enable_grad():
            loss = target_loss(z_req)
            (a,) = torch.autograd.grad(loss, z_req)
        eta = self.eta_at(self.outer_steps)
        if g["reset_inner"]:
            self.inner.state.clear()

        def surrogate() -> Tensor:
            self.inner.zero_grad()
            with torch.enable_grad():
                f = forward()
                s = (a * f / eta + (f - z).square()).mean()
                s.backward()
            return s.detach()

        for _ in range(g["m"]):
            self.inner.step(surrogate)  # type: ignore[arg-type]
        return loss.detach()

    def state_dict(self) -> dict[str, Any]:
        sd = super().state_dict()
        sd["outer_steps"] = self.outer_steps
        sd["inner"] = self.inner.state_dict()
        return sd

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        sd = dict(state_dict)
        self.outer_steps = int(sd.pop("outer_steps", 0))
        inner = sd.pop("inner", None)
        super().load_state_dict(sd)
        if inner is not None:
            self.inner.load_state_dict(inner)
