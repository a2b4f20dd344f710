"""diffGrad: Dubey et al., "diffGrad: An Optimization Method for Convolutional
Neural Networks" (IEEE TNNLS 2020); official code ``shivram1987/diffGrad``,
``diffGrad_v2.py``.

Adam whose first moment is scaled, per coordinate, by the "friction"
``xi = sigmoid(|g_{t-1} - g_t|)``::

    g = grad + wd * theta                       # coupled L2, as the official code
    m = b1 m + (1 - b1) g ;  v = b2 v + (1 - b2) g^2
    xi = sigmoid(|g_prev - g|) ;  g_prev = g    # g_prev starts at 0
    theta -= lr sqrt(1 - b2^t) / (1 - b1^t) * xi m / (sqrt(v) + eps)

Deviations, all deliberate:

* We follow v2, not ``diffGrad.py`` (v1). v1 stores ``previous_grad = grad``,
  an alias of ``p.grad``: with ``zero_grad(set_to_none=False)`` the alias is
  overwritten in place, so ``xi`` is always ``sigmoid(0) = 0.5`` (Adam at
  ``lr/2``). v2 (and ``torch_optimizer.DiffGrad``) clones, as intended.
* The official code adds the weight-decay term into ``p.grad`` in place; we
  keep ``p.grad`` untouched and use ``grad + wd * theta`` internally.

Speed: CPU float32/float64 tensors are updated by one fused numba kernel per
step (:mod:`tuneforge.optim._fused`); other tensors (CUDA, bf16/fp16,
non-contiguous) by an eager ``torch._foreach_*`` path. ``fused=False`` forces
the eager path, ``fused=True`` requires the kernel.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import torch
from torch import Tensor
from torch.optim import Optimizer

from tuneforge.optim import _fused
from tuneforge.optim._spec import HParam

HYPERPARAMS: tuple[HParam, ...] = (
    HParam("lr", "float", 1e-3, "learning rate", low=0.0, open_low=True, log=True),
    HParam("betas", "float_pair", (0.9, 0.999), "moment decay rates", low=0.0, high=1.0,
           open_high=True),
    HParam("eps", "float", 1e-8, "added to sqrt(v)", low=0.0, log=True),
    HParam("weight_decay", "float", 0.0, "L2 penalty added to the gradient", low=0.0),
)  # fmt: skip


def _check(lr: float, betas: tuple[float, float], eps: float, weight_decay: float) -> None:
    if not lr >= 0.0:
        raise ValueError(f"invalid lr: {lr}")
    if not (0.0 <= betas[0] < 1.0 and 0.0 <= betas[1] < 1.0):
        raise ValueError(f"invalid betas: {betas}")
    if not eps >= 0.0:
        raise ValueError(f"invalid eps: {eps}")
    if not weight_decay >= 0.0:
        raise ValueError(f"invalid weight_decay: {weight_decay}")


class DiffGrad(Optimizer):
    """diffGrad (v2) with a fused CPU kernel and an eager foreach fallback."""

    def __init__(
        self,
        params: Iterable[Tensor] | Iterable[dict[str, Any]],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        *,
        fused: bool | None = None,
    ) -> None:
        _check(lr, betas, eps, weight_decay)
        defaults = {
            "lr": lr,
            "betas": tuple(betas),
            "eps": eps,
            "weight_decay": weight_decay,
            "fused": fused,
        }
        super().__init__(params, defaults)
        for group in self.param_groups:
            if group["fused"]:
                for p in group["params"]:
                    if not _fused.fusable([p]):
                        raise ValueError("fused=True needs contiguous float32/float64 CPU params")

    @torch.no_grad()
    def step(self, closure: Callable[[], float] | None = None) -> float | None:  # type: ignore[override]
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        fused_rows: dict[torch.dtype, list[list[Tensor]]] = defaultdict(list)
        fused_coef: dict[torch.dtype, list[list[float]]] = defaultdict(list)
        eager: dict[tuple[Any, ...], list[list[Tensor]]] = defaultdict(lambda: [[], [], [], [], []])
        for gi, group in enumerate(self.param_groups):
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                grad = p.grad
                if grad is None:
                    continue
                if grad.is_sparse:
                    raise RuntimeError("DiffGrad does not support sparse gradients")
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                    state["exp_avg_sq"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                    state["previous_grad"] = torch.zeros_like(
                        p, memory_format=torch.preserve_format
                    )
                state["step"] += 1
                t = state["step"]
                step_size = group["lr"] * math.sqrt(1 - beta2**t) / (1 - beta1**t)
                row = [p, grad, state["exp_avg"], state["exp_avg_sq"], state["previous_grad"]]
                if group["fused"] is not False and _fused.fusable(row):
                    fused_rows[p.dtype].append(row)
                    fused_coef[p.dtype].append(
                        [beta1, 1 - beta1, beta2, 1 - beta2, group["eps"], step_size,
                         group["weight_decay"]]
                    )  # fmt: skip
                else:
                    key = (gi, p.device, p.dtype, t)
                    for bucket, tensor in zip(eager[key], row, strict=True):
                        bucket.append(tensor)
        for dtype, rows in fused_rows.items():
            _fused.launch("diffgrad", rows, fused_coef[dtype])
        for (gi, _, _, t), lists in eager.items():
            group = self.param_groups[gi]
            beta1, beta2 = group["betas"]
            step_size = group["lr"] * math.sqrt(1 - beta2**t) / (1 - beta1**t)
            _foreach_diffgrad(lists, beta1, beta2, group["eps"], group["weight_decay"], step_size)
        return loss


def _foreach_diffgrad(
    lists: list[list[Tensor]],
    beta1: float,
    beta2: float,
    eps: float,
    weight_decay: float,
    step_size: float,
) -> None:
    """The eager multi-tensor update, op for op as ``diffGrad_v2.py``."""
    params, grads, exp_avgs, exp_avg_sqs, prev_grads = lists
    if weight_decay != 0:
        grads = list(torch._foreach_add(grads, params, alpha=weight_decay))
    torch._foreach_mul_(exp_avgs, beta1)
    torch._foreach_add_(exp_avgs, grads, alpha=1 - beta1)
    torch._foreach_mul_(exp_avg_sqs, beta2)
    torch._foreach_addcmul_(exp_avg_sqs, grads, grads, value=1 - beta2)
    denom = torch._foreach_sqrt(exp_avg_sqs)
    torch._foreach_add_(denom, eps)
    xi = torch._foreach_sub(prev_grads, grads)  # xi = 1 / (1 + exp(-|g_prev - g|))
    torch._foreach_abs_(xi)
    torch._foreach_neg_(xi)
    torch._foreach_exp_(xi)
    torch._foreach_add_(xi, 1.0)
    torch._foreach_reciprocal_(xi)
    torch._foreach_copy_(prev_grads, grads)
    torch._foreach_mul_(xi, exp_avgs)
    torch._foreach_addcdiv_(params, xi, denom, value=-step_size)
