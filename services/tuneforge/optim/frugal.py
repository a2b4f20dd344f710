"""FRUGAL: Zmushko et al., "FRUGAL: Memory-Efficient Optimization by Reducing
State Overhead for Scalable Training" (ICML 2025); official code
``fzmushko/FRUGAL`` (``frugal/proj_optimizer_templates.py``, ``adamw.py``,
``galore_projector.py``, ``coordinate_projector.py``).

Gradient splitting. For each projected parameter (a matrix) the gradient is
split into a state-full part, in a subspace of density ``rho`` updated by
Adam(W), and a state-free remainder updated by signSGD (or SGD, or nothing,
which is GaLore/BAdam)::

    every update_gap steps: new projector P from the current gradient;
                            reset_statistics: zero the Adam state (and its step)
    theta *= 1 - lr wd                                   # all params (AdamW)
    theta += P^T AdamW(P g; lr * proj_lr_scale)          # state-full
    theta -= lr * proj_lr_scale * inactive_lr_scale * sign(g - P^T P g)   # state-free

Projections (``projection``):

* ``svd`` / ``random`` / ``randperm``: GaLore-style. ``P`` is the top
  ``r = round(rho * n)`` singular vectors of the gradient (a random
  orthogonal matrix; rows of a random permutation), on the right when
  rows >= cols (``proj_side="std"``), else on the left.
* ``columns`` / ``rows`` / ``randk``: random coordinates, ``int(rho * n)`` of
  them (``randk``: of the flattened matrix).
* ``block``: ``round(rho * #tensors)`` whole tensors are state-full, chosen
  by ``block_order`` (``random``, ``ascending``, ``descending``, ``mirror``).
  ``block`` + ``descending`` is the paper's default FRUGAL (its C4 scripts).

Which parameters are projected: a parameter group may set ``proj`` to True or
False; without it, every parameter with ``ndim >= 2`` is projected (the
official code picks ``nn.Linear`` weights by module name:
:func:`frugal_param_groups` reproduces that). Non-projected parameters get
plain AdamW with ``lr``.

Deviations: ``state_full="adam"`` (coupled L2: ``g += wd theta`` and no
multiplicative decay) is an addition, the official code has AdamW only;
float64 gradients are decomposed in float64 (the official code casts every
non-float32 gradient to float32 for the SVD); tensors with ``ndim > 2`` are
projected as ``(shape[0], -1)`` matrices; the ``full`` two-sided GaLore
projection is not implemented. Random choices use torch's global RNG, as the
official code does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

import torch
from torch import Tensor, nn

from tuneforge.optim._base import BaseOptimizer, GroupGrads, advance, new_step, zeros
from tuneforge.optim.schemas import COORDINATES, GALORE
from tuneforge.optim.schemas import FRUGAL as HYPERPARAMS

TARGET_MODULES = (
    "attn", "mlp", "q_proj", "v_proj", "up_proj", "down_proj", "gate_proj", "k_proj", "o_proj",
    "query", "value", "key", "intermediate.dense", "output.dense",
)  # fmt: skip


def frugal_param_groups(
    model: nn.Module, target_modules: Sequence[str] = TARGET_MODULES
) -> list[dict[str, Any]]:
    """Groups as the official ``prepare_proj_params``: matched Linear weights projected."""
    proj = [
        m.weight
        for name, m in model.named_modules()
        if isinstance(m, nn.Linear)
        and any(t in name for t in target_modules)
        and m.weight.requires_grad
    ]
    ids = {id(p) for p in proj}
    rest = [p for p in model.parameters() if p.requires_grad and id(p) not in ids]
    return [{"params": rest, "proj": False}, {"params": proj, "proj": True}]


def _matrix(t: Tensor) -> Tensor:
    return t.reshape(t.shape[0], -1) if t.ndim >= 2 else t.reshape(1, -1)


class FRUGAL(BaseOptimizer):
    """FRUGAL: Adam(W) on a rho-dense subspace plus signSGD/SGD on the rest."""

    HYPERPARAMS = HYPERPARAMS
    GROUP_KEYS: ClassVar[Mapping[str, object]] = {"proj": None}

    def __init__(
        self,
        params: Iterable[Tensor] | Iterable[dict[str, Any]],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.01,
        density: float = 0.25,
        update_gap: int = 200,
        projection: str = "block",
        block_order: str = "descending",
        proj_side: str = "std",
        state_full: str = "adamw",
        state_free: str = "sign_sgd",
        inactive_lr_scale: float = 1.0,
        proj_lr_scale: float = 1.0,
        reset_statistics: bool = True,
    ) -> None:
        defaults = {
            "lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
            "density": density, "update_gap": update_gap, "projection": projection,
            "block_order": block_order, "proj_side": proj_side, "state_full": state_full,
            "state_free": state_free, "inactive_lr_scale": inactive_lr_scale,
            "proj_lr_scale": proj_lr_scale, "reset_statistics": reset_statistics, "proj": None,
        }  # fmt: skip
        super().__init__(params, defaults)

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        super().load_state_dict(state_dict)
        for state in self.state.values():  # torch casts every state tensor to the param dtype
            if "indices" in state:
                state["indices"] = state["indices"].long()

    @staticmethod
    def is_projected(group: dict[str, Any], p: Tensor) -> bool:
        """Whether ``p`` of ``group`` gets the split update."""
        return p.ndim >= 2 if group["proj"] is None else bool(group["proj"])

    @staticmethod
    def projected(group: dict[str, Any]) -> list[Tensor]:
        """The parameters of ``group`` that get the split update."""
        return [p for p in group["params"] if FRUGAL.is_projected(group, p)]

    def _init_state(self, group: dict[str, Any], p: Tensor, state: dict[str, Any]) -> None:
        if not self.is_projected(group, p):  # projected ones get theirs from the refresh
            state["step"] = new_step()
            state["exp_avg"] = zeros(p)
            state["exp_avg_sq"] = zeros(p)

    # -- projector refresh -------------------------------------------------------------

    def _refresh(self, group: dict[str, Any], params: list[Tensor]) -> None:
        if group["projection"] == "block":
            self._refresh_blocks(group, params)
            return
        for p in params:
            if p.grad is None:
                continue
            state = self.state[p]
            grad = _matrix(p.grad)
            if group["projection"] in GALORE:
                state["proj"] = _galore_matrix(grad, group)
            else:
                state["indices"] = _coordinates(grad, group)
            if "step" not in state or group["reset_statistics"]:
                low = self._down(grad, state, group)
                state["step"] = new_step()
                state["exp_avg"] = torch.zeros_like(low)
                state["exp_avg_sq"] = torch.zeros_like(low)

    def _refresh_blocks(self, group: dict[str, Any], params: list[Tensor]) -> None:
        n = len(params)
        k = round(n * group["density"])
        order = group["block_order"]
        if order == "random":
            chosen = torch.randperm(n)[:k].tolist()
        elif order == "mirror":
            if k % 2:
                raise ValueError("block_order='mirror' needs an even number of active blocks")
            start = group.setdefault("next_block_start", 0)
            half = n // 2
            chosen = []
            for i in range(start, start + k // 2):
                chosen += [i % half, n - 1 - i % half]
            group["next_block_start"] = (start + k // 2) % max(half, 1)
        elif order == "ascending":
            start = group.setdefault("next_block_start", 0)
            chosen = [i % n for i in range(start, start + k)]
            group["next_block_start"] = (start + k) % n
        else:  # descending
            start = group.setdefault("next_block_start", n - 1)
            chosen = [i % n for i in range(start, start - k, -1)]
            group["next_block_start"] = (start - k) % n
        active = set(chosen)
        for i, p in enumerate(params):
            state = self.state[p]
            state.clear()
            state["step"] = new_step()
            state["active"] = i in active
            if i in active:
                state["exp_avg"] = zeros(p)
                state["exp_avg_sq"] = zeros(p)

    # -- projections -------------------------------------------------------------------

    @staticmethod
    def _down(g: Tensor, state: dict[str, Any], group: dict[str, Any]) -> Tensor:
        if group["projection"] in GALORE:
            P = state["proj"]
            return g @ P.T if _side(g, group) == "right" else P.T @ g
        idx = state["indices"]
        if group["projection"] == "columns":
            return g[:, idx]
        if group["projection"] == "rows":
            return g[idx]
        return g.reshape(-1)[idx]

    @staticmethod
    def _up(low: Tensor, shape: torch.Size, state: dict[str, Any], group: dict[str, Any]) -> Tensor:
        if group["projection"] in GALORE:
            P = state["proj"]
            return low @ P if _side_of(shape, group) == "right" else P @ low
        return FRUGAL._scatter(torch.zeros(shape, dtype=low.dtype, device=low.device), low, state,
                               group)  # fmt: skip

    @staticmethod
    def _scatter(full: Tensor, low: Tensor, state: dict[str, Any], group: dict[str, Any]) -> Tensor:
        idx = state["indices"]
        if group["projection"] == "columns":
            full[:, idx] = low
        elif group["projection"] == "rows":
            full[idx] = low
        else:
            full.view(-1)[idx] = low
        return full

    # -- the step ----------------------------------------------------------------------

    def _update(self, groups: list[GroupGrads]) -> None:
        for group, params, grads in groups:
            proj = self.projected(group)
            if proj:
                first = self.state[proj[0]]
                if "step" not in first or float(first["step"]) % group["update_gap"] == 0:
                    self._refresh(group, proj)
            for p in params:
                if "step" not in self.state[p]:  # projected, without a gradient at the refresh
                    self._refresh(group, [p])
            states = [self.state[p] for p in params]
            lr, wd = group["lr"], group["weight_decay"]
            for p, grad, state, t in zip(
                params, grads, states, advance([s["step"] for s in states]), strict=True
            ):
                if group["state_full"] == "adamw":
                    p.mul_(1 - lr * wd)
                elif wd != 0:
                    grad = grad + wd * p
                if self.is_projected(group, p):
                    p.add_(self._split_update(grad, state, group, t).view_as(p))
                else:
                    p.add_(_adam_update(grad, state, group, lr, t))

    def _split_update(
        self, grad: Tensor, state: dict[str, Any], group: dict[str, Any], t: float
    ) -> Tensor:
        lr_full = group["lr"] * group["proj_lr_scale"]
        lr_free = lr_full * group["inactive_lr_scale"]
        rule = group["state_free"]
        if group["projection"] == "block":
            if state["active"]:
                return _adam_update(grad, state, group, lr_full, t)
            residual = grad
            update = torch.zeros_like(grad)
        elif group["projection"] in COORDINATES:
            # The residual is g with the chosen coordinates zeroed, so write the state-free
            # update everywhere and overwrite the chosen coordinates with the Adam step.
            g = _matrix(grad)
            low = _adam_update(self._down(g, state, group), state, group, lr_full, t)
            if rule == "sign_sgd":
                update = g.sign().mul_(-lr_free)
            elif rule == "sgd":
                update = g * -lr_free
            else:
                update = torch.zeros_like(g)
            return self._scatter(update, low, state, group)
        else:
            g = _matrix(grad)
            low = self._down(g, state, group)
            update = self._up(_adam_update(low, state, group, lr_full, t), g.shape, state, group)
            if rule == "none":
                return update
            residual = g - self._up(low, g.shape, state, group)
        if rule == "sign_sgd":
            update.add_(residual.sign(), alpha=-lr_free)
        elif rule == "sgd":
            update.add_(residual, alpha=-lr_free)
        return update


def _side_of(shape: torch.Size | tuple[int, ...], group: dict[str, Any]) -> str:
    rows, cols = shape[0], shape[1]
    side = group["proj_side"]
    if side in ("left", "right"):
        return str(side)
    tall = rows >= cols
    return "right" if tall == (side == "std") else "left"


def _side(g: Tensor, group: dict[str, Any]) -> str:
    return _side_of(g.shape, group)


def _galore_matrix(g: Tensor, group: dict[str, Any]) -> Tensor:
    side = _side(g, group)
    n = g.shape[1] if side == "right" else g.shape[0]
    rank = round(n * group["density"])
    kind = group["projection"]
    work = g if g.dtype in (torch.float32, torch.float64) else g.float()
    if kind == "svd":
        U, _, Vh = torch.linalg.svd(work, full_matrices=False)
        P = Vh[:rank] if side == "right" else U[:, :rank]
    elif kind == "random":
        shape = (rank, n) if side == "right" else (n, rank)
        P = nn.init.orthogonal_(torch.empty(shape, device=g.device, dtype=work.dtype))
    else:  # randperm: rows of a random permutation matrix
        perm = torch.zeros(n, n, device=g.device, dtype=work.dtype)
        perm[torch.arange(n), torch.randperm(n, device=g.device)] = 1.0
        P = perm[:rank] if side == "right" else perm[:, :rank]
    return P.to(g.dtype).contiguous()


def _coordinates(g: Tensor, group: dict[str, Any]) -> Tensor:
    kind = group["projection"]
    n = g.shape[1] if kind == "columns" else g.shape[0] if kind == "rows" else g.numel()
    return torch.randperm(n, device=g.device)[: int(n * group["density"])]


def _adam_update(
    g: Tensor, state: dict[str, Any], group: dict[str, Any], lr: float, t: float
) -> Tensor:
    """The official ``AdamW._compute_update`` at step ``t``: bias-corrected Adam step, negated."""
    beta1, beta2 = group["betas"]
    m, v = state["exp_avg"], state["exp_avg_sq"]
    m.mul_(beta1).add_(g, alpha=1 - beta1)
    v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
    denom = v.sqrt().div_((1 - beta2**t) ** 0.5).add_(group["eps"])
    return m / denom * (-lr / (1 - beta1**t))
