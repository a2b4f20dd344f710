"""AdaBelief: Zhuang et al., "AdaBelief Optimizer: Adapting Stepsizes by the
Belief in Observed Gradients" (NeurIPS 2020); official code
``juntang-zhuang/Adabelief-Optimizer``, PyPI ``adabelief-pytorch`` 0.2.1.

Adam whose second moment tracks the "belief" ``(g - m)^2`` instead of
``g^2``. With the 0.2.1 defaults (decoupled decay, rectification)::

    theta *= 1 - lr wd                       # fixed_decay: 1 - wd; coupled: g += wd theta
    m = b1 m + (1 - b1) g
    s = b2 s + (1 - b2) (g - m)^2 + eps      # eps is added into the state every step
    amsgrad: s_max = max(s_max, s)
    rectify=False: theta -= lr / (1 - b1^t) * m / (sqrt(s | s_max) / sqrt(1 - b2^t) + eps)
    rectify=True (RAdam): rho_t >= 5: theta -= lr r_t / (1 - b1^t) * m / (sqrt(s) + eps)
                          else: theta -= lr / (1 - b1^t) * m   (degenerated_to_sgd)

Every 0.2.1 semantic is kept, including its quirks: eps is added in place
into the second moment, and the rectified update uses ``s`` even when
``amsgrad`` is on. Deviations: ``weight_decouple``, ``fixed_decay``,
``rectify`` and ``degenerated_to_sgd`` are per parameter group here (0.2.1
keeps them optimizer-wide); the coupled decay does not write into
``p.grad``; 0.2.1's console banner is not printed; fp16 params are updated
in fp16 (0.2.1 upcasts them to fp32 for the step) and bf16 in bf16.

Speed: as :mod:`tuneforge.optim.diffgrad` (fused numba kernel on CPU
float32/float64, eager ``torch._foreach_*`` elsewhere, ``fused`` flag).
"""

from __future__ import annotations

import math
from collections import defaultdict
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
from tuneforge.optim._fused import MODE_ADAPTIVE, MODE_NONE, MODE_RECTIFIED, MODE_SGD
from tuneforge.optim.schemas import ADABELIEF as HYPERPARAMS


def _step_rule(group: dict[str, Any], t: float) -> tuple[int, float, float]:
    """(mode, step multiplier, sqrt(bias_correction2)) for step ``t``, as 0.2.1."""
    beta1, beta2 = group["betas"]
    lr = group["lr"]
    bias_correction1 = 1 - beta1**t
    bias_correction2 = 1 - beta2**t
    if not group["rectify"]:
        return MODE_ADAPTIVE, lr / bias_correction1, math.sqrt(bias_correction2)
    beta2_t = beta2**t
    n_sma_max = 2 / (1 - beta2) - 1
    n_sma = n_sma_max - 2 * t * beta2_t / (1 - beta2_t)
    if n_sma >= 5:
        r = math.sqrt(
            (1 - beta2_t)
            * (n_sma - 4)
            / (n_sma_max - 4)
            * (n_sma - 2)
            / n_sma
            * n_sma_max
            / (n_sma_max - 2)
        )
        return MODE_RECTIFIED, r / (1 - beta1**t) * lr, 1.0
    if group["degenerated_to_sgd"]:
        return MODE_SGD, 1.0 / (1 - beta1**t) * lr, 1.0
    return MODE_NONE, 0.0, 1.0


class AdaBelief(BaseOptimizer):
    """AdaBelief (adabelief-pytorch 0.2.1 semantics), fused on CPU."""

    HYPERPARAMS = HYPERPARAMS
    GROUP_KEYS: ClassVar[Mapping[str, object]] = {"fused": None}

    def __init__(
        self,
        params: Iterable[Tensor] | Iterable[dict[str, Any]],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-16,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        weight_decouple: bool = True,
        fixed_decay: bool = False,
        rectify: bool = True,
        degenerated_to_sgd: bool = True,
        *,
        fused: bool | None = None,
    ) -> None:
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "amsgrad": amsgrad,
            "weight_decouple": weight_decouple,
            "fixed_decay": fixed_decay,
            "rectify": rectify,
            "degenerated_to_sgd": degenerated_to_sgd,
            "fused": fused,
        }
        super().__init__(params, defaults)

    def _init_state(self, group: dict[str, Any], p: Tensor, state: dict[str, Any]) -> None:
        state["step"] = new_step(fused=group["fused"])
        state["exp_avg"] = zeros(p)
        state["exp_avg_var"] = zeros(p)
        if group["amsgrad"]:
            state["max_exp_avg_var"] = zeros(p)

    def _update(self, groups: list[GroupGrads]) -> None:
        queue = _fused.Queue("adabelief")
        for group, params, grads in groups:
            beta1, beta2 = group["betas"]
            wd, amsgrad = group["weight_decay"], group["amsgrad"]
            if group["weight_decouple"]:
                decay, coupled = (1.0 - wd if group["fixed_decay"] else 1.0 - group["lr"] * wd), 0.0
            else:
                decay, coupled = 1.0, wd
            states = [self.state[p] for p in params]
            var = [s["exp_avg_var"] for s in states]
            peak = [s["max_exp_avg_var"] for s in states] if amsgrad else var
            lists = [params, grads, [s["exp_avg"] for s in states], var, peak]
            for *rows, steps in by_device_and_dtype([*lists, [s["step"] for s in states]]):
                rules = [_step_rule(group, t) for t in advance(steps)]
                eager = list(range(len(rules)))
                if group["fused"] is not False:
                    eps = group["eps"]
                    coef = [[beta1, 1 - beta1, beta2, 1 - beta2, eps, coupled, decay, mult, bc2]
                            for _, mult, bc2 in rules]  # fmt: skip
                    eager = queue.add(rows, coef, [[mode, int(amsgrad)] for mode, _, _ in rules])
                # The form of the update (rectified or not) depends on the step: the eager
                # path runs once per rule, for the tensors whose steps share it.
                by_rule: dict[tuple[int, float, float], list[int]] = defaultdict(list)
                for i in eager:
                    by_rule[rules[i]].append(i)
                for rule, idx in by_rule.items():
                    _foreach_adabelief([[t[i] for i in idx] for t in rows], group, *rule)
        queue.launch()


def _foreach_adabelief(
    lists: list[list[Tensor]],
    group: dict[str, Any],
    mode: int,
    mult: float,
    sqrt_bc2: float,
) -> None:
    """The eager multi-tensor update, op for op as adabelief-pytorch 0.2.1."""
    params, grads, exp_avgs, exp_avg_vars, max_exp_avg_vars = lists
    beta1, beta2 = group["betas"]
    eps, wd = group["eps"], group["weight_decay"]
    if group["weight_decouple"]:
        factor = 1.0 - wd if group["fixed_decay"] else 1.0 - group["lr"] * wd
        if factor != 1.0:
            torch._foreach_mul_(params, factor)
    elif wd != 0:
        grads = list(torch._foreach_add(grads, params, alpha=wd))
    torch._foreach_mul_(exp_avgs, beta1)
    torch._foreach_add_(exp_avgs, grads, alpha=1 - beta1)
    residual = torch._foreach_sub(grads, exp_avgs)
    torch._foreach_mul_(exp_avg_vars, beta2)
    torch._foreach_addcmul_(exp_avg_vars, residual, residual, value=1 - beta2)
    torch._foreach_add_(exp_avg_vars, eps)
    if group["amsgrad"]:
        torch._foreach_maximum_(max_exp_avg_vars, exp_avg_vars)
    if mode == MODE_ADAPTIVE:
        denom = torch._foreach_sqrt(max_exp_avg_vars if group["amsgrad"] else exp_avg_vars)
        torch._foreach_div_(denom, sqrt_bc2)
        torch._foreach_add_(denom, eps)
        torch._foreach_addcdiv_(params, exp_avgs, denom, value=-mult)
    elif mode == MODE_RECTIFIED:
        denom = torch._foreach_sqrt(exp_avg_vars)
        torch._foreach_add_(denom, eps)
        torch._foreach_addcdiv_(params, exp_avgs, denom, value=-mult)
    elif mode == MODE_SGD:
        torch._foreach_add_(params, exp_avgs, alpha=-mult)
