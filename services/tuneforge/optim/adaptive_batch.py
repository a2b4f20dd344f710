"""AdAdaGrad adaptive batch-size tests from per-sample gradients.

Lau, Liu & Kolar, "AdAdaGrad: Adaptive Batch Size Schemes for Adaptive Gradient
Methods" (arXiv 2402.11215); official code ``timlautk/AdAdaGrad`` (``tests.py``,
``main.py``). After each optimizer step the training loop hands the next batch
(or its first ``max_test_samples`` samples) to :meth:`AdaptiveBatchSize.update`,
which computes per-sample gradients with ``torch.func.vmap(torch.func.grad(...))``
and returns the batch size to use from now on.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import Tensor, nn

from tuneforge.optim._spec import check_hyperparams
from tuneforge.optim.schemas import ADAPTIVE_BATCH as HYPERPARAMS
from tuneforge.optim.schemas import TESTS

__all__ = [
    "HYPERPARAMS",
    "TESTS",
    "AdaptiveBatchSize",
    "inner_product_statistic",
    "norm_statistic",
    "orthogonality_statistic",
    "per_sample_gradients",
]


LossFn = Callable[[Tensor, Tensor], Tensor]


def _flat(per_sample: Sequence[Tensor]) -> Tensor:
    b = per_sample[0].shape[0]
    return torch.cat([g.reshape(b, -1) for g in per_sample], dim=1)


def norm_statistic(per_sample: Sequence[Tensor]) -> float:
    """Norm test: ``sum_j Var_i(g_ij) / ||g_bar||^2`` (ddof 1); divide by eta^2.

    ``per_sample`` holds one tensor per parameter, each with the sample index
    first. A batch passes the test with constant eta when its size is at least
    this value over eta^2.
    """
    g = _flat(per_sample)
    mean = g.mean(dim=0)
    return float(g.var(dim=0, correction=1).sum() / mean.square().sum())


def inner_product_statistic(per_sample: Sequence[Tensor]) -> float:
    """Inner-product test: ``Var_i<g_i, g_bar> / ||g_bar||^4`` (ddof 1); divide by theta^2."""
    g = _flat(per_sample)
    mean = g.mean(dim=0)
    inner = g @ mean
    return float(inner.var(correction=1) / mean.square().sum().square())


def orthogonality_statistic(per_sample: Sequence[Tensor]) -> float:
    """Orthogonality test: ``sum_j Var_i(g_i - <g_i,g_bar> g_bar/||g_bar||^2)_j / ||g_bar||^2``."""
    g = _flat(per_sample)
    mean = g.mean(dim=0)
    sq = mean.square().sum()
    ortho = g - torch.outer(g @ mean, mean) / sq
    return float(ortho.var(dim=0, correction=1).sum() / sq)


def per_sample_gradients(
    model: nn.Module, loss_fn: LossFn, inputs: Tensor, targets: Tensor
) -> dict[str, Tensor]:
    """Per-sample gradients of ``loss_fn(model(x_i[None]), y_i[None])`` for trainable params.

    Buffers and frozen parameters are held fixed; the model must not mix samples
    (put BatchNorm in eval mode first).
    """
    params = {n: p.detach() for n, p in model.named_parameters() if p.requires_grad}
    fixed: dict[str, Tensor] = {
        n: p.detach() for n, p in model.named_parameters() if not p.requires_grad
    }
    fixed.update({n: b.detach() for n, b in model.named_buffers()})

    def sample_loss(ps: dict[str, Tensor], x: Tensor, y: Tensor) -> Tensor:
        out = torch.func.functional_call(model, {**fixed, **ps}, (x.unsqueeze(0),))
        return loss_fn(out, y.unsqueeze(0))

    grads: dict[str, Tensor] = torch.func.vmap(torch.func.grad(sample_loss), in_dims=(None, 0, 0))(
        params, inputs, targets
    )
    return grads


class AdaptiveBatchSize:
    """AdAdaGrad's batch-size schedule: the norm test or the augmented inner-product test.

    Each call of :meth:`update` with a batch ``(inputs, targets)`` computes the
    per-sample gradients at the model's current parameters (at most
    ``max_test_samples`` of them) and sets::

        norm:           b_test = ceil(sum_j Var_i(g_ij) / (eta^2 ||g_bar||^2))
        inner_product:  b_test = ceil(Var_i<g_i,g_bar> / (theta^2 ||g_bar||^4))
        augmented:      max(inner_product, ceil(orthogonality / nu^2))
        b <- min(b_max, max(b, b_test))

    so the batch size only grows. The test runs every ``test_interval`` calls
    while ``b < b_max``. Constants default to the official code's (eta 0.1,
    theta 0.5, nu 1.0, b_0 2, b_max 50000, 2000 test samples).

    Memory: the test holds ``b x d`` per-sample gradients (``b <= max_test_samples``).

    Deviations: a zero mean gradient sends the batch to ``b_max`` (the official
    code divides by zero); the official code takes ``max`` with the number of
    samples tested, this takes it with the current batch size (the same when
    the whole batch is tested); the coordinate-wise test of the paper is not in
    the official code and not here.
    """

    def __init__(
        self,
        model: nn.Module,
        loss_fn: LossFn,
        *,
        test: str = "norm",
        eta: float = 0.1,
        theta: float = 0.5,
        nu: float = 1.0,
        initial_batch_size: int = 2,
        max_batch_size: int = 50000,
        max_test_samples: int = 2000,
        test_interval: int = 1,
    ) -> None:
        check_hyperparams(
            HYPERPARAMS,
            test=test,
            eta=eta,
            theta=theta,
            nu=nu,
            initial_batch_size=initial_batch_size,
            max_batch_size=max_batch_size,
            max_test_samples=max_test_samples,
            test_interval=test_interval,
        )
        self.model = model
        self.loss_fn = loss_fn
        self.test = test
        self.eta = eta
        self.theta = theta
        self.nu = nu
        self.max_batch_size = max_batch_size
        self.max_test_samples = max_test_samples
        self.test_interval = test_interval
        self.batch_size = initial_batch_size
        self.calls = 0
        self.last_statistic: float | None = None  # the newest test's proposal
        self.tested = False  # whether the last update ran the test

    def proposal(self, per_sample: Sequence[Tensor]) -> float:
        """The test's batch-size proposal (before rounding, max and cap)."""
        if self.test == "norm":
            return norm_statistic(per_sample) / self.eta**2
        ip = inner_product_statistic(per_sample) / self.theta**2
        if self.test == "inner_product":
            return ip
        return max(ip, orthogonality_statistic(per_sample) / self.nu**2)

    def next_batch_size(self, per_sample: Sequence[Tensor]) -> int:
        """Apply the test to given per-sample gradients and return the new batch size."""
        proposal = self.proposal(per_sample)
        self.last_statistic, self.tested = proposal, True
        if math.isfinite(proposal):
            grown = max(self.batch_size, math.ceil(proposal))
        else:  # zero mean gradient: no batch is large enough
            grown = self.max_batch_size
        self.batch_size = min(self.max_batch_size, grown)
        return self.batch_size

    def update(self, inputs: Tensor, targets: Tensor) -> int:
        """Test the batch ``(inputs, targets)`` at the current parameters; return the batch size."""
        self.calls += 1
        self.tested = False
        if self.batch_size >= self.max_batch_size or (self.calls - 1) % self.test_interval:
            return self.batch_size
        n = min(inputs.shape[0], self.max_test_samples)
        if n < 2:
            return self.batch_size
        grads = per_sample_gradients(self.model, self.loss_fn, inputs[:n], targets[:n])
        return self.next_batch_size([g.detach() for g in grads.values()])

    def state_dict(self) -> dict[str, Any]:
        return {"batch_size": self.batch_size, "calls": self.calls}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.batch_size = int(state["batch_size"])
        self.calls = int(state["calls"])
