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
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import torch
from torch import Tensor

from tuneforge.optim import _fused
from tuneforge.optim._base import (
    BaseOptimizer,
    GroupGrads,
    advance,
    by_device_and_dtype,
    new_step,
    zeros,
)
from tuneforge.optim.schemas import DIFFGRAD as HYPERPARAMS

_STATE = ("exp_avg", "exp_avg_sq", "previous_grad")


class DiffGrad(BaseOptimizer):
    """diffGrad (v2) with a fused CPU kernel and an eager foreach fallback."""

    HYPERPARAMS = HYPERPARAMS
    GROUP_KEYS: ClassVar[Mapping[str, object]] = {"fused": None}

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
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay}
        super().__init__(params, {**defaults, "fused": fused})

    def _init_state(self, group: dict[str, Any], p: Tensor, state: dict[str, Any]) -> None:
        state["step"] = new_step(fused=group["fused"])
        for key in _STATE:
            state[key] = zeros(p)

    def _update(self, groups: list[GroupGrads]) -> None:
        queue = _fused.Queue("diffgrad")
        for group, params, grads in groups:
            beta1, beta2 = group["betas"]
            lr, eps, wd = group["lr"], group["eps"], group["weight_decay"]
            states = [self.state[p] for p in params]
            lists = [params, grads, *([s[k] for s in states] for k in _STATE)]
            for *rows, steps in by_device_and_dtype([*lists, [s["step"] for s in states]]):
                sizes = [lr * math.sqrt(1 - beta2**t) / (1 - beta1**t) for t in advance(steps)]
                eager = list(range(len(sizes)))
                if group["fused"] is not False:
                    coef = [[beta1, 1 - beta1, beta2, 1 - beta2, eps, s, wd] for s in sizes]
                    eager = queue.add(rows, coef)
                if eager:
                    picked = [[tensors[i] for i in eager] for tensors in rows]
                    _foreach_diffgrad(picked, beta1, beta2, eps, wd, [sizes[i] for i in eager])
        queue.launch()


def _foreach_diffgrad(
    lists: list[list[Tensor]],
    beta1: float,
    beta2: float,
    eps: float,
    weight_decay: float,
    step_sizes: list[float],
) -> None:
    """The eager multi-tensor update, op for op as ``diffGrad_v2.py`` (one step size per tensor,
    as torch's foreach Adam)."""
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
    torch._foreach_addcdiv_(params, xi, denom, [-s for s in step_sizes])
