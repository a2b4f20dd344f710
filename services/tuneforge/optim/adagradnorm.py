"""AdaGrad-Norm: AdaGrad with one scalar step size per parameter group.

Lau, Liu & Kolar, "AdAdaGrad: Adaptive Batch Size Schemes for Adaptive Gradient
Methods" (arXiv 2402.11215), after Ward, Wu & Bottou, "AdaGrad stepsizes"
(arXiv 1806.01811); official code ``timlautk/AdAdaGrad`` (``adagradnorm.py``).
The batch-size tests that make it *Ad*AdaGrad-Norm live in
:mod:`tuneforge.optim.adaptive_batch`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from tuneforge.optim._base import BaseOptimizer, GroupGrads, zeros
from tuneforge.optim.schemas import ADAGRAD_NORM as HYPERPARAMS

__all__ = ["HYPERPARAMS", "AdaGradNorm"]


def _acc_dtype(p: Tensor) -> torch.dtype:
    # Low-precision parameters accumulate in float32: a bf16 running sum stalls.
    return torch.float64 if p.dtype == torch.float64 else torch.float32


class AdaGradNorm(BaseOptimizer):
    """AdaGrad-Norm (Lau et al. 2024; Ward et al. 2019).

    With ``scope="group"`` (the paper's algorithm) every group keeps one scalar::

        b_k^2 = b_{k-1}^2 + ||g_k||^2      (norm over every gradient of the group)
        x    <- x - lr * g_k / (b_k + eps)

    ``scope="tensor"`` keeps one scalar per tensor; ``scope="row"`` keeps one per
    output row/channel of every >= 2-D tensor and one per element of 1-D tensors,
    like the official ``Adagradnorm`` class. Defaults (lr 1.0, b_0^2 = 1e-2,
    eps 1e-10) are the official code's. ``momentum`` (official option) replaces
    ``g`` in the step by ``m = momentum m + (1 - momentum) g``.

    Deviations from the official ``Adagradnorm``:

    * weight decay is an L2 term added to the gradient (``g += wd x``) before the
      accumulator; the official code subtracts ``lr * wd * grad`` (the gradient,
      not the parameter), which is no weight decay at all;
    * for 1-D tensors under ``scope="row"`` the official code reuses the row
      norms left over from the previous weight tensor; here each element of a
      1-D tensor is its own row (plain AdaGrad);
    * ``lr_decay`` is not offered (use an LR scheduler).

    The state (``sum``: for ``scope="group"`` stored with the group's first
    parameter) survives batch-size changes, as AdAdaGrad requires: use a
    mean-reduced loss.
    """

    HYPERPARAMS = HYPERPARAMS

    def __init__(
        self,
        params: Iterable[Tensor] | Iterable[dict[str, Any]],
        lr: float = 1.0,
        initial_accumulator_value: float = 1e-2,
        eps: float = 1e-10,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        scope: str = "group",
    ) -> None:
        defaults = {
            "lr": lr,
            "initial_accumulator_value": initial_accumulator_value,
            "eps": eps,
            "weight_decay": weight_decay,
            "momentum": momentum,
            "scope": scope,
        }
        super().__init__(params, defaults)

    def _update(self, groups: list[GroupGrads]) -> None:
        for group, params, grads in groups:
            self._check(group)  # groups may have been edited since the last step
            if not params:
                continue
            if group["weight_decay"] != 0:
                grads = list(torch._foreach_add(grads, params, alpha=group["weight_decay"]))
            # The raw gradient feeds the accumulator; the (optional) momentum the step.
            updates = grads
            if group["momentum"] > 0:
                updates = self._momentum(params, grads, group["momentum"])
            if group["scope"] == "group":
                self._step_group(group, params, grads, updates)
            else:
                self._step_local(group, params, grads, updates)

    def _momentum(self, params: list[Tensor], grads: list[Tensor], mu: float) -> list[Tensor]:
        bufs = []
        for p in params:
            state = self.state[p]
            if "momentum_buffer" not in state:
                state["momentum_buffer"] = zeros(p)
            bufs.append(state["momentum_buffer"])
        torch._foreach_mul_(bufs, mu)
        torch._foreach_add_(bufs, grads, alpha=1 - mu)
        return bufs

    def _step_group(
        self, group: dict[str, Any], params: list[Tensor], raw: list[Tensor], upd: list[Tensor]
    ) -> None:
        head = group["params"][0]
        state = self.state[head]
        dtype = _acc_dtype(head)
        if "sum" not in state:
            state["sum"] = torch.full(
                (), group["initial_accumulator_value"], dtype=dtype, device=head.device
            )
        acc: Tensor = state["sum"]
        if acc.dtype != dtype:  # load_state_dict casts state to the parameter dtype
            acc = state["sum"] = acc.to(dtype)
        norms = torch._foreach_norm(raw, 2, dtype=dtype)
        acc.add_(torch.stack([n.to(acc.device) for n in norms]).square().sum())
        scale = acc.sqrt().add_(group["eps"]).reciprocal_().mul_(-group["lr"])
        if all(p.dtype == dtype and p.device == acc.device for p in params):
            torch._foreach_add_(params, torch._foreach_mul(upd, scale))
            return
        for p, u in zip(params, upd, strict=True):
            p.add_((u.to(dtype) * scale.to(p.device)).to(p.dtype))

    def _step_local(
        self, group: dict[str, Any], params: list[Tensor], raws: list[Tensor], upd: list[Tensor]
    ) -> None:
        per_row = group["scope"] == "row"
        for p, raw, g in zip(params, raws, upd, strict=True):
            state = self.state[p]
            rows = raw.reshape(raw.shape[0], -1) if per_row and raw.dim() >= 2 else None
            if "sum" not in state:
                shape: tuple[int, ...] = ()
                if per_row:
                    shape = (raw.shape[0], 1) if rows is not None else tuple(raw.shape)
                state["sum"] = torch.full(
                    shape,
                    group["initial_accumulator_value"],
                    dtype=_acc_dtype(p),
                    device=p.device,
                )
            acc: Tensor = state["sum"]
            if acc.dtype != _acc_dtype(p):  # load_state_dict casts state to the parameter dtype
                acc = state["sum"] = acc.to(_acc_dtype(p))
            if not per_row:
                acc.add_(raw.to(acc.dtype).square().sum())
            elif rows is not None:
                acc.add_(rows.to(acc.dtype).square().sum(dim=1, keepdim=True))
            else:
                acc.add_(raw.to(acc.dtype).square())
            denom = acc.sqrt().add_(group["eps"])
            update = g.reshape(denom.shape[0], -1) if rows is not None else g
            step = (update.to(acc.dtype) / denom).mul_(-group["lr"])
            p.add_(step.reshape(p.shape).to(p.dtype))
