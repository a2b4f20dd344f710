"""M-FAC: Frantar, Kurtic, Alistarh, "M-FAC: Efficient Matrix-Free
Approximations of Second-Order Information" (NeurIPS 2021); official code
``IST-DASLab/M-FAC``, ``optim.py`` (``HInvFastUpMulti``, ``MFAC``).

Preconditioned SGD with the inverse of the damped empirical Fisher over a
sliding window of the last ``m = ngrads`` gradients ``G`` (a ring buffer,
initially zeros)::

    F = damp I + (1/m) G^T G
    g = flat(grad + wd theta) ;  G[last] = g
    u = F^{-1} g = (g - G^T (m I + G G^T / damp)^{-1} (G g) / damp) / damp   # Woodbury
    momentum mu > 0: v = mu v + (1 - mu) u ;  u = v
    theta -= lr u

Per step: two ``m x d`` mat-vecs (``G g`` and ``G^T w``, O(dm)), one row and
column of the Gram matrix ``G G^T`` refreshed from ``G g``, and an ``m x m``
solve. The official code re-factorises that ``m x m`` matrix every step too
(CUDA LU without pivoting, O(m^3), m <= 1024); here it is a float64 Cholesky
(the matrix is symmetric positive definite), which runs on CPU and CUDA. For
m <= sqrt(d) the O(m^3 / 3) solve is below the O(dm) mat-vecs.

Deviations: the Cholesky solve replaces the unpivoted LU (same result in
exact arithmetic, more stable); ``G`` is kept in float32 for bf16/fp16
params (float64 params keep float64); a parameter whose ``grad`` is None
contributes a zero gradient (the official code fails); ``lr`` and
``weight_decay`` may differ per parameter group, while ``momentum``,
``ngrads`` and ``damp`` are optimizer-wide as in the official code; the
``sparse`` (pruning-mask) mode and the multi-GPU split are not implemented.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from tuneforge.optim._base import BaseOptimizer, GroupGrads, new_step
from tuneforge.optim._spec import check_hyperparams
from tuneforge.optim.schemas import MFAC as HYPERPARAMS


class MFAC(BaseOptimizer):
    """M-FAC sliding-window inverse-Fisher optimizer (CPU and CUDA)."""

    HYPERPARAMS = HYPERPARAMS

    def __init__(
        self,
        params: Iterable[Tensor] | Iterable[dict[str, Any]],
        lr: float = 1e-3,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
        ngrads: int = 1024,
        damp: float = 1e-5,
    ) -> None:
        check_hyperparams(
            HYPERPARAMS,
            lr=lr,
            momentum=momentum,
            weight_decay=weight_decay,
            ngrads=ngrads,
            damp=damp,
        )
        # Only lr and weight_decay are per group; the rest is optimizer-wide, as officially.
        super().__init__(params, {"lr": lr, "weight_decay": weight_decay})
        self.momentum, self.ngrads, self.damp = float(momentum), int(ngrads), float(damp)
        devices = {p.device for g in self.param_groups for p in g["params"]}
        if len(devices) != 1:
            raise ValueError("MFAC needs every parameter on one device")

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        # torch casts floating state to the parameter's dtype: the float64 Gram matrix of
        # a float32 model would lose its last bits, so it goes round that cast.
        first = dict(state_dict.get("state", {}).get(0, {}))
        dots = first.pop("dots", None)
        if dots is not None:
            state_dict = {**state_dict, "state": {**state_dict["state"], 0: first}}
        super().load_state_dict(state_dict)
        state = self.state[self._params()[0]]
        if "grads" in state:  # torch casts float state to the param dtype: undo it
            dtype = torch.float64 if state["grads"].dtype == torch.float64 else torch.float32
            state["grads"] = state["grads"].to(dtype)
            if "momentum_buffer" in state:
                state["momentum_buffer"] = state["momentum_buffer"].to(dtype)
        if dots is not None:
            state["dots"] = dots.to(device=state["grads"].device, dtype=torch.float64)

    def _params(self) -> list[Tensor]:
        return [p for group in self.param_groups for p in group["params"]]

    def _window(self, like: Tensor, d: int) -> dict[str, Any]:
        """The global state, kept on the first parameter (as torch's LBFGS does)."""
        state = self.state[self._params()[0]]
        if "grads" not in state:
            dtype = torch.float64 if like.dtype == torch.float64 else torch.float32
            state["grads"] = torch.zeros(self.ngrads, d, dtype=dtype, device=like.device)
            state["last"] = 0
            state["step"] = new_step()
            if self.momentum > 0:
                state["momentum_buffer"] = torch.zeros(d, dtype=dtype, device=like.device)
        return state

    def _update(self, groups: list[GroupGrads]) -> None:
        params = self._params()
        d = sum(p.numel() for p in params)
        state = self._window(params[0], d)
        G: Tensor = state["grads"]
        g = G[state["last"]]  # the oldest gradient's row: written in place, no concatenation
        offset = 0
        for group in self.param_groups:
            wd = group["weight_decay"]
            for p in group["params"]:
                n = p.numel()
                row = g[offset : offset + n].view_as(p)
                offset += n
                if p.grad is None:  # a missing gradient counts as zero
                    row.zero_()
                    continue
                row.copy_(p.grad)
                if wd != 0:
                    row.add_(p, alpha=wd)
        u = self._update_mul(state, g)
        if self.momentum > 0:
            buf: Tensor = state["momentum_buffer"]
            buf.mul_(self.momentum).add_(u, alpha=1 - self.momentum)
            u = buf
        offset = 0
        for group in self.param_groups:
            for p in group["params"]:
                n = p.numel()
                p.add_(u[offset : offset + n].view_as(p).to(p.dtype), alpha=-group["lr"])
                offset += n
        state["step"] += 1

    def _update_mul(self, state: dict[str, Any], g: Tensor) -> Tensor:
        """``F^{-1} g`` for ``g``, already written over the oldest row of the window."""
        G: Tensor = state["grads"]
        last: int = state["last"]
        m = G.shape[0]
        # G G^T in float64, kept in the state: updated one row per step, it differs in the
        # last bits from a fresh product, so a resumed run needs this one to be exact.
        if "dots" not in state:
            state["dots"] = (G @ G.T).to(torch.float64)
        dots: Tensor = state["dots"]
        Gg = (G @ g).to(torch.float64)  # O(dm); row `last` of G G^T is G g, by symmetry
        dots[last, :] = Gg
        dots[:, last] = Gg
        A = dots / self.damp
        A.diagonal().add_(m)
        chol = torch.linalg.cholesky(A)
        w = torch.cholesky_solve((Gg / self.damp).unsqueeze(1), chol).squeeze(1)
        u = (g - G.T @ w.to(G.dtype)) / self.damp  # O(dm)
        state["last"] = (last + 1) % m
        return u
