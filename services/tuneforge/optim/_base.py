"""What every tuneforge optimizer shares, written once, after ``torch/optim/adam.py``.

* hyperparameters are checked against the module's ``HYPERPARAMS``, for the
  constructor's arguments and for every parameter group, by the same
  :func:`~tuneforge.optim._spec.check_hyperparams` the registry uses;
* ``step`` is a float32 scalar tensor in each parameter's state (float64
  under a float64 default dtype), as Adam keeps it, and ``__setstate__``
  upgrades older state dicts (missing group keys get their declared
  defaults, a Python-number ``step`` becomes a tensor);
* :meth:`BaseOptimizer.step` is the one step prologue: the closure under
  ``torch.enable_grad``, the parameters that have a gradient, the refusal of
  sparse gradients and the lazy state initialisation. Subclasses write only
  ``_init_state`` and ``_update``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, cast

import torch
from torch import Tensor
from torch.optim import Optimizer
from torch.optim.optimizer import _get_scalar_dtype

from tuneforge.errors import Violations
from tuneforge.optim import _fused
from tuneforge.optim._spec import HParam, collect

# One group's parameters that have a gradient, and those gradients.
GroupGrads = tuple[dict[str, Any], list[Tensor], list[Tensor]]

_ONE = torch.tensor(1.0)  # adding a CPU tensor is several times faster than a Python 1


def new_step(value: float = 0.0, fused: bool | None = None) -> Tensor:
    """A ``step`` counter, on the CPU as Adam keeps it without ``capturable``."""
    return torch.tensor(value, dtype=_get_scalar_dtype(is_fused=fused))


def zeros(p: Tensor) -> Tensor:
    """A state buffer shaped, typed and laid out like ``p``."""
    return torch.zeros_like(p, memory_format=torch.preserve_format)


def advance(steps: list[Tensor]) -> list[float]:
    """Add one to every ``step`` counter; their new values, as floats."""
    if steps:
        torch._foreach_add_(steps, _ONE, alpha=1.0)
    return [t.item() for t in steps]


def by_device_and_dtype(lists: list[list[Tensor]]) -> list[list[list[Tensor]]]:
    """Parallel ``lists`` (one entry per tensor) split by the device and dtype of the
    first list's tensors, with the helper torch's own foreach and fused paths use."""
    if not lists[0]:
        return []
    grouped = Optimizer._group_tensors_by_device_and_dtype(lists)  # type: ignore[arg-type]
    return [cast(list[list[Tensor]], tensors) for tensors, _ in grouped.values()]


class BaseOptimizer(Optimizer):
    """A ``torch.optim.Optimizer`` whose hyperparameters are declared once.

    Subclasses set ``HYPERPARAMS`` (their module's declaration) and
    ``GROUP_KEYS`` (group options that are not hyperparameters, with their
    defaults), pass every option to ``super().__init__(params, defaults)``, and
    implement :meth:`_init_state` and :meth:`_update`. A group whose ``fused``
    is True must hold tensors the fused kernels take.
    """

    HYPERPARAMS: ClassVar[tuple[HParam, ...]] = ()
    GROUP_KEYS: ClassVar[Mapping[str, object]] = {}

    def __init__(
        self, params: Iterable[Tensor] | Iterable[dict[str, Any]], defaults: dict[str, Any]
    ) -> None:
        super().__init__(params, defaults | self._check(defaults))

    def _check(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The declared hyperparameters among ``values``, normalised; ValidationError if bad."""
        v = Violations()
        out = collect(self.HYPERPARAMS, values, v)
        v.raise_if_any()
        return out

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        super().add_param_group(param_group)
        group = self.param_groups[-1]
        group.update(self._check(group))  # a group's own values obey the same declaration
        if group.get("fused") and not all(_fused.fusable([p]) for p in group["params"]):
            raise ValueError("fused=True needs contiguous float32/float64 CPU params")

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        declared = {h.name: h.default for h in self.HYPERPARAMS if h.name in self.defaults}
        for group in self.param_groups:
            for key, default in (declared | dict(self.GROUP_KEYS)).items():
                group.setdefault(key, default)
            for p in group["params"]:
                p_state = self.state.get(p, {})
                step = p_state.get("step")
                if step is not None and not torch.is_tensor(step):
                    p_state["step"] = new_step(float(step), group.get("fused"))

    @torch.no_grad()
    def step(self, closure: Callable[[], float] | None = None) -> float | None:  # type: ignore[override]
        """One update; ``closure`` re-evaluates the model and returns the loss."""
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        self._update([(group, *self._init_group(group)) for group in self.param_groups])
        return loss

    def _init_group(self, group: dict[str, Any]) -> tuple[list[Tensor], list[Tensor]]:
        params, grads = [], []
        for p in group["params"]:
            if p.grad is None:
                continue
            if p.grad.is_sparse:
                raise RuntimeError(f"{type(self).__name__} does not support sparse gradients")
            state = self.state[p]
            if not state:
                self._init_state(group, p, state)
            params.append(p)
            grads.append(p.grad)
        return params, grads

    def _init_state(self, group: dict[str, Any], p: Tensor, state: dict[str, Any]) -> None:
        """Fill the empty state of ``p`` at its first gradient; by default, nothing."""

    def _update(self, groups: list[GroupGrads]) -> None:
        """The update of every group, under ``torch.no_grad``."""
        raise NotImplementedError
