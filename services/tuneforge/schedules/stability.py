"""Learning-rate stability estimates from the curvature of the loss, pure torch.

Everything is built from Hessian-vector products (HVPs) of ``loss_fn(model(x), y)``
with respect to the model's trainable parameters, flattened into one vector in
``model.named_parameters()`` order (frozen parameters and buffers stay fixed).
Put the model in ``eval()`` mode first: dropout would make the operator random.

Estimators (each returns an :class:`Estimate` with the HVPs it spent):

* :func:`top_eigenvalue` -- Lanczos with full reorthogonalisation for
  ``lambda_max``. The interval is the residual bound for symmetric matrices
  (Kahan/Parlett, "The Symmetric Eigenvalue Problem", Thm 4.5.1): for the top Ritz
  pair ``(theta, y = V s)`` of the ``k``-step tridiagonal ``T_k`` the residual is
  ``||H y - theta y|| = |beta_k * s_k|`` (``s_k`` the last component of ``s``), and
  some eigenvalue of ``H`` lies in ``[theta - r, theta + r]``. It is ``lambda_max``
  when the top Ritz value is closer to ``lambda_max`` than to any other eigenvalue
  (the usual case once Lanczos has found the top of the spectrum; a start vector
  orthogonal to the top eigenvector would miss it). ``theta <= lambda_max`` always
  (Cauchy interlacing), so the lower end is conservative. The gradient-descent
  stability bound is ``2 / lambda_max`` (:func:`gd_learning_rate_bound`).
* :func:`hutchinson_trace` -- ``tr(H) ~ (1/m) sum_i z_i^T H z_i`` with Rademacher
  ``z_i``; the interval is ``mean +- 1.96 * std(ddof=1) / sqrt(m)`` (normal
  approximation; the exact variance is ``2 (||H||_F^2 - sum_i H_ii^2) / m``).
* :func:`ggn_vp` -- generalised Gauss-Newton products ``J^T H_out J v`` (``J`` the
  Jacobian of the model outputs, ``H_out`` the Hessian of the loss in the
  outputs): ``J v`` as a jvp by the double-vjp trick, ``J^T`` as a vjp (reverse
  mode only: no ``torch.func`` start-up cost); PSD for convex losses such as
  cross-entropy and equal to the Hessian for linear least squares.

Dynamical stability of SGD -- Wu & Su, "The Implicit Regularization of Dynamical
Stability in Stochastic Gradient Descent" (ICML 2023, arXiv 2305.17490):
:func:`stability_condition` returns, per batch size ``B``, the largest learning
rate that is **not excluded** by linear stability at a minimum. It is a
NECESSARY condition only (``necessary=True`` in the result): rates above it are
unstable, rates below it need not be stable. The rules (algorithms.md §6):

* every ``B``: ``eta <= 2 / lambda_max`` (the mean of linearised SGD follows GD);
* ``B = 1``: ``eta <= 2 / tr(H)`` (Wu & Su's trace condition);
* ``1 < B < n``: ``eta <= min(2 / lambda_max, 2 B / tr(H))``, flagged
  ``heuristic=True``: the ``B``-scaling of the trace bound is an inference of
  algorithms.md checked on over-parameterised least squares, not the theorem;
* ``B >= n`` (``dataset_size`` given): full batch, the GD bound only.

Batch size vs curvature -- Granziol, Zohren & Roberts (JMLR 23, 2022; arXiv
2006.09092): :func:`learning_rate_curve` measures ``lambda_max`` of mini-batch
Hessians at several batch sizes (mean over a few random batches drawn without
replacement) and fits the spiked-model form ``lambda_B = a + c / B`` (``a`` the
full-data ``lambda_1``, ``c = P sigma^2 / lambda_1``) by least squares. The local
exponent of the learning rate ``1 / lambda_B`` in ``B`` is
``s(B) = (c/B) / (a + c/B)`` in ``(0, 1)``. Criterion (our convention): the
linear rule holds where ``s >= 3/4`` (closer to exponent 1 than to 1/2), i.e.
``B <= c / (3a)``; the square-root rule where ``1/4 <= s < 3/4``, i.e.
``c / (3a) < B <= 3c / a``; beyond ``3c / a`` the maximal learning rate has
saturated and neither rule holds. Ranges are clipped to the measured batch sizes.

Deviations from the papers: Granziol et al. use stochastic Lanczos quadrature
for the whole spectrum; we run plain Lanczos for the top eigenvalue only, and we
do not fit the bulk-edge form ``2 sqrt(P/B) sigma`` of the spiked model (the
square-root regime is read off the local exponent of the one fitted curve).
Wu & Su state their bounds at an exact global minimum of the squared loss; we
evaluate them at the given parameters, for any loss, optionally with the GGN in
place of the Hessian (the PSD choice off-minimum or for cross-entropy,
algorithms.md). The alignment factor of the gradient noise is not estimated.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

import torch
from torch import Tensor, nn

from tuneforge.errors import ValidationError, Violations

__all__ = [
    "Curvature",
    "CurvePoint",
    "Estimate",
    "LearningRateCurve",
    "StabilityReport",
    "StableRate",
    "fit_batch_curve",
    "gd_learning_rate_bound",
    "ggn_top_eigenvalue",
    "ggn_vp",
    "hutchinson_trace",
    "hvp",
    "learning_rate_curve",
    "momentum_factor",
    "sample_indices",
    "sgd_stability",
    "stability_condition",
    "top_eigenvalue",
]

LossFn = Callable[[Tensor, Tensor], Tensor]
HvpFn = Callable[[Tensor], Tensor]

DEFAULT_MAX_PARAMS = 1_000_000
DEFAULT_MAX_HVPS = 10_000
MAX_LANCZOS_ITERATIONS = 64  # the Lanczos basis holds iterations x dim float64
MAX_SAMPLES = 100_000
MAX_BATCH_SIZES = 64
MAX_BATCHES_PER_SIZE = 64
Z_95 = 1.959963984540054  # two-sided 95% normal quantile
LINEAR_EXPONENT = 0.75  # local exponent of 1/lambda_B above which the linear rule holds
SQRT_EXPONENT = 0.25  # ... above which (and below LINEAR_EXPONENT) the sqrt rule holds


class Curvature(Enum):
    HESSIAN = "hessian"
    GGN = "ggn"


@dataclass(frozen=True, slots=True)
class Estimate:
    value: float
    hvps_spent: int
    interval: tuple[float, float]


@dataclass(frozen=True, slots=True)
class StableRate:
    batch_size: int
    max_learning_rate: float  # min of the bounds below; inf when nothing binds
    gd_bound: float  # 2 / lambda_max
    trace_bound: float  # 2 B / tr(H); inf at full batch or for tr(H) <= 0
    binding: str  # "lambda_max" | "trace" | "none"
    heuristic: bool  # the trace bound's B-scaling is not the theorem's (1 < B < n)


@dataclass(frozen=True, slots=True)
class StabilityReport:
    lambda_max: Estimate
    trace: Estimate
    rates: tuple[StableRate, ...]
    necessary: bool = True  # a rate above the bound is unstable; below it, not guaranteed


@dataclass(frozen=True, slots=True)
class CurvePoint:
    batch_size: int
    lambda_max: float  # mean over the batches
    lambda_std: float  # spread across the batches (ddof 1; 0 for one batch)
    fitted: float  # a + c / B
    learning_rate: float  # 1 / lambda_B (Granziol's on-the-fly learner)
    stability_bound: float  # 2 / lambda_B


@dataclass(frozen=True, slots=True)
class LearningRateCurve:
    points: tuple[CurvePoint, ...]
    lambda_true: float  # a: the fitted large-batch limit
    noise_coefficient: float  # c
    linear_range: tuple[float, float] | None  # batch sizes where the linear rule holds
    sqrt_range: tuple[float, float] | None  # ... where the square-root rule holds
    hvps_spent: int
    warning: str


# ---------------------------------------------------------------------------- products


def sample_indices(n: int, size: int, seed: int) -> Tensor:
    """The examples a curvature estimate measures: the first ``size`` of a permutation
    of ``range(n)`` drawn from its own generator seeded by ``seed`` (no global RNG)."""
    return torch.randperm(n, generator=torch.Generator().manual_seed(seed))[:size]


def _trainable(model: nn.Module) -> list[tuple[str, nn.Parameter]]:
    return [(n, p) for n, p in model.named_parameters() if p.requires_grad]


def _check_model(v: Violations, model: object, max_params: int) -> None:
    if not v.check(isinstance(model, nn.Module), "model", "must be a torch.nn.Module"):
        return
    assert isinstance(model, nn.Module)
    count = sum(p.numel() for _, p in _trainable(model))
    v.check(count > 0, "model", "has no trainable parameters")
    v.check(
        count <= max_params,
        "model",
        f"has {count} trainable parameters, above the limit of {max_params}",
    )
    if count:
        v.check(
            all(p.dtype.is_floating_point for _, p in _trainable(model)),
            "model",
            "trainable parameters must be floating point",
        )


def _check_data(v: Violations, x: object, y: object, field_x: str = "x") -> None:
    if not v.check(isinstance(x, Tensor), field_x, "must be a tensor"):
        return
    assert isinstance(x, Tensor)
    if v.check(x.dim() >= 1 and x.shape[0] > 0, field_x, "must hold at least one example"):
        if not v.check(isinstance(y, Tensor), "y", "must be a tensor"):
            return
        assert isinstance(y, Tensor)
        v.check(
            y.dim() >= 1 and y.shape[0] == x.shape[0],
            "y",
            f"must hold one target per example ({x.shape[0]}), got shape {tuple(y.shape)}",
        )


def _check_inputs(model: object, x: object, y: object, max_params: int) -> None:
    v = Violations()
    _check_model(v, model, max_params)
    _check_data(v, x, y)
    v.raise_if_any()


def _adapt(fn: HvpFn, like: Tensor) -> HvpFn:
    """Accept vectors of any dtype/device; compute in the parameters' dtype/device."""

    def apply(vec: Tensor) -> Tensor:
        out = fn(vec.detach().to(device=like.device, dtype=like.dtype))
        return out.detach().to(device=vec.device, dtype=vec.dtype)

    return apply


def hvp(
    model: nn.Module,
    loss_fn: LossFn,
    x: Tensor,
    y: Tensor,
    *,
    max_params: int = DEFAULT_MAX_PARAMS,
) -> HvpFn:
    """``v -> H v`` for ``H`` the Hessian of ``loss_fn(model(x), y)`` in the flattened
    trainable parameters, by double backprop: the gradient graph is built once
    (``create_graph=True``) and each product is one more backward pass through it."""
    _check_inputs(model, x, y, max_params)
    params = [p for _, p in _trainable(model)]
    loss = loss_fn(model(x), y)
    grads = torch.autograd.grad(loss, params, create_graph=True, allow_unused=True)
    live = [(p, g) for p, g in zip(params, grads, strict=True) if g is not None and g.requires_grad]
    flat_grad = torch.cat([g.reshape(-1) for _, g in live]) if live else None
    offsets = _offsets(params)
    like = params[0]

    def apply(vec: Tensor) -> Tensor:
        out = torch.zeros(offsets[-1], dtype=like.dtype, device=like.device)
        if flat_grad is None:  # the loss is linear in the parameters: H = 0
            return out
        pieces = {id(p): vec[offsets[i] : offsets[i + 1]] for i, p in enumerate(params)}
        v_live = torch.cat([pieces[id(p)] for p, _ in live])
        hv = torch.autograd.grad(
            flat_grad, [p for p, _ in live], grad_outputs=v_live, retain_graph=True,
            allow_unused=True,
        )  # fmt: skip
        starts = {id(p): (offsets[i], offsets[i + 1]) for i, p in enumerate(params)}
        for (p, _), h in zip(live, hv, strict=True):
            if h is not None:
                lo, hi = starts[id(p)]
                out[lo:hi] = h.reshape(-1)
        return out

    return _adapt(apply, like)


def _offsets(params: Sequence[Tensor]) -> list[int]:
    offs = [0]
    for p in params:
        offs.append(offs[-1] + p.numel())
    return offs


def ggn_vp(
    model: nn.Module,
    loss_fn: LossFn,
    x: Tensor,
    y: Tensor,
    *,
    max_params: int = DEFAULT_MAX_PARAMS,
) -> HvpFn:
    """``v -> J^T H_out J v``: the generalised Gauss-Newton product, by reverse mode
    only. With ``z = model(x)``: ``J^T u`` is one backward pass through ``z`` built
    with ``create_graph`` (linear in a dummy ``u``), so ``J v = d<J^T u, v>/du`` is a
    second one (the double-vjp jvp of ``torch.autograd.functional.jvp``);
    ``H_out (J v)`` is double backprop of ``loss_fn(., y)`` at the detached outputs;
    and ``J^T`` one more backward pass. The graphs are built once and reused."""
    _check_inputs(model, x, y, max_params)
    params = [p for _, p in _trainable(model)]
    offsets = _offsets(params)
    like = params[0]
    z = model(x)
    z_leaf = z.detach().requires_grad_(True)
    (grad_z,) = torch.autograd.grad(loss_fn(z_leaf, y), z_leaf, create_graph=True)
    u = torch.zeros_like(z, requires_grad=True)
    jt_u = torch.autograd.grad(z, params, grad_outputs=u, create_graph=True, allow_unused=True)
    live = [i for i, g in enumerate(jt_u) if g is not None and g.requires_grad]

    def pieces(vec: Tensor) -> list[Tensor]:
        return [vec[offsets[i] : offsets[i + 1]].view(params[i].shape) for i in live]

    def apply(vec: Tensor) -> Tensor:
        jv = torch.zeros_like(z)
        if live:
            got = torch.autograd.grad(
                [jt_u[i] for i in live], u, grad_outputs=pieces(vec), retain_graph=True,
                allow_unused=True,
            )[0]  # fmt: skip
            jv = got if got is not None else jv
        hjv = torch.zeros_like(z)
        if grad_z.requires_grad:  # else the loss is linear in the outputs: H_out = 0
            got = torch.autograd.grad(
                grad_z, z_leaf, grad_outputs=jv, retain_graph=True, allow_unused=True
            )[0]
            hjv = got if got is not None else hjv
        back = torch.autograd.grad(z, params, grad_outputs=hjv, retain_graph=True,
                                   allow_unused=True)  # fmt: skip
        out = torch.zeros(offsets[-1], dtype=like.dtype, device=like.device)
        for i, g in enumerate(back):
            if g is not None:
                out[offsets[i] : offsets[i + 1]] = g.reshape(-1)
        return out

    return _adapt(apply, like)


def _dim(model: nn.Module) -> int:
    return sum(p.numel() for _, p in _trainable(model))


# ---------------------------------------------------------------------------- estimators


def _budget(v: Violations, needed: int, max_hvps: int) -> None:
    if v.check(
        isinstance(max_hvps, int) and not isinstance(max_hvps, bool) and max_hvps >= 1,
        "max_hvps",
        f"must be an integer >= 1, got {max_hvps!r}",
    ):
        v.check(
            needed <= max_hvps,
            "max_hvps",
            f"the request needs up to {needed} Hessian-vector products, above the budget "
            f"of {max_hvps}",
            reason="OUT_OF_RANGE",
        )


def _is_int(n: object) -> bool:
    return isinstance(n, int) and not isinstance(n, bool)


def _product(hvp_fn: HvpFn, vec: Tensor) -> Tensor:
    out = hvp_fn(vec).reshape(-1).to(torch.float64)
    if out.shape != vec.shape:
        raise ValidationError.single(
            "hvp_fn", f"returned {out.numel()} entries for a vector of {vec.numel()}"
        )
    if not bool(torch.isfinite(out).all()):
        raise ValidationError.single("hvp_fn", "returned a non-finite Hessian-vector product")
    return out


def top_eigenvalue(
    hvp_fn: HvpFn,
    dim: int,
    *,
    iterations: int = 20,
    tol: float = 1e-8,
    seed: int = 0,
    max_hvps: int = DEFAULT_MAX_HVPS,
) -> Estimate:
    """Largest eigenvalue of the symmetric operator ``hvp_fn`` on ``R^dim`` by Lanczos
    with full reorthogonalisation (float64), at most ``min(iterations, dim)`` products.

    Stops early once the residual ``|beta_k s_k| <= tol * |theta|`` or the Krylov
    space is invariant. ``interval = (theta - r, theta + r)`` (see the module doc).
    """
    v = Violations()
    v.check(_is_int(dim) and dim >= 1, "dim", f"must be an integer >= 1, got {dim!r}")
    iters_ok = v.check(
        _is_int(iterations) and 1 <= iterations <= MAX_LANCZOS_ITERATIONS,
        "iterations",
        f"must be an integer in [1, {MAX_LANCZOS_ITERATIONS}], got {iterations!r}",
    )
    v.check(
        isinstance(tol, int | float) and math.isfinite(tol) and tol > 0,
        "tol",
        f"must be a finite number > 0, got {tol!r}",
    )
    v.check(_is_int(seed), "seed", f"must be an integer, got {seed!r}")
    _budget(v, iterations if iters_ok else 0, max_hvps)
    v.raise_if_any()
    return _lanczos(hvp_fn, dim, min(iterations, dim), tol, seed)


def _lanczos(hvp_fn: HvpFn, dim: int, steps: int, tol: float, seed: int) -> Estimate:
    gen = torch.Generator().manual_seed(seed)
    q = torch.randn(dim, generator=gen, dtype=torch.float64)
    q /= q.norm()
    basis = torch.empty(steps, dim, dtype=torch.float64)
    alphas: list[float] = []
    betas: list[float] = []
    q_prev = torch.zeros_like(q)
    beta_prev = 0.0
    theta, resid, spent = 0.0, math.inf, 0
    for j in range(steps):
        basis[j] = q
        w = _product(hvp_fn, q)
        spent += 1
        alpha = float(q @ w)
        w = w - alpha * q - beta_prev * q_prev
        for _ in range(2):  # full reorthogonalisation, twice is enough (Kahan)
            w -= basis[: j + 1].T @ (basis[: j + 1] @ w)
        beta = float(w.norm())
        alphas.append(alpha)
        t = torch.diag(torch.tensor(alphas, dtype=torch.float64))
        if betas:
            off = torch.tensor(betas, dtype=torch.float64)
            t += torch.diag(off, 1) + torch.diag(off, -1)
        evals, evecs = torch.linalg.eigh(t)
        theta = float(evals[-1])
        resid = abs(beta * float(evecs[-1, -1]))
        scale = max(abs(float(evals[0])), abs(theta), 1e-300)
        if resid <= tol * scale or beta <= 1e-13 * scale:
            break
        betas.append(beta)
        q_prev, q, beta_prev = q, w / beta, beta
    return Estimate(value=theta, hvps_spent=spent, interval=(theta - resid, theta + resid))


def hutchinson_trace(
    hvp_fn: HvpFn,
    dim: int,
    *,
    samples: int = 64,
    seed: int = 0,
    max_hvps: int = DEFAULT_MAX_HVPS,
) -> Estimate:
    """``tr(H)`` by Hutchinson's estimator with ``samples`` Rademacher probes (float64);
    95% interval from the standard error (see the module doc)."""
    v = Violations()
    v.check(_is_int(dim) and dim >= 1, "dim", f"must be an integer >= 1, got {dim!r}")
    ok = v.check(
        _is_int(samples) and 2 <= samples <= MAX_SAMPLES,
        "samples",
        f"must be an integer in [2, {MAX_SAMPLES}] (two for a standard error), got {samples!r}",
    )
    v.check(_is_int(seed), "seed", f"must be an integer, got {seed!r}")
    _budget(v, samples if ok else 0, max_hvps)
    v.raise_if_any()
    gen = torch.Generator().manual_seed(seed)
    quads = torch.empty(samples, dtype=torch.float64)
    for i in range(samples):
        z = torch.randint(0, 2, (dim,), generator=gen).to(torch.float64) * 2 - 1
        quads[i] = z @ _product(hvp_fn, z)
    mean = float(quads.mean())
    half = Z_95 * float(quads.std(correction=1)) / math.sqrt(samples)
    return Estimate(value=mean, hvps_spent=samples, interval=(mean - half, mean + half))


def ggn_top_eigenvalue(
    model: nn.Module,
    loss_fn: LossFn,
    x: Tensor,
    y: Tensor,
    *,
    iterations: int = 20,
    tol: float = 1e-8,
    seed: int = 0,
    max_hvps: int = DEFAULT_MAX_HVPS,
    max_params: int = DEFAULT_MAX_PARAMS,
) -> Estimate:
    """``lambda_max`` of the generalised Gauss-Newton matrix, by Lanczos."""
    _check_budget_only(iterations, max_hvps)
    fn = ggn_vp(model, loss_fn, x, y, max_params=max_params)
    return top_eigenvalue(fn, _dim(model), iterations=iterations, tol=tol, seed=seed,
                          max_hvps=max_hvps)  # fmt: skip


def _check_budget_only(needed: object, max_hvps: int) -> None:
    """Fail on the budget before any graph is built (the full check runs later)."""
    if _is_int(needed):
        v = Violations()
        assert isinstance(needed, int)
        _budget(v, needed, max_hvps)
        v.raise_if_any()


def gd_learning_rate_bound(lambda_max: float) -> float:
    """``2 / lambda_max``: gradient descent on a quadratic with this top curvature
    converges for smaller rates and diverges for larger ones; ``inf`` if <= 0."""
    return 2.0 / lambda_max if lambda_max > 0 else math.inf


def momentum_factor(momentum: float = 0.0, dampening: float = 0.0, nesterov: bool = False) -> float:
    """How far (torch's) momentum SGD's stable rate reaches beyond plain SGD's.

    On a quadratic with curvature ``lambda`` the heavy-ball recursion ``v <- beta v +
    (1 - d) g``, ``x <- x - eta v`` is stable iff ``0 < eta (1 - d) lambda < 2 (1 + beta)``,
    and Nesterov's (``d = 0``) iff ``eta lambda < 2 (1 + beta) / (1 + 2 beta)`` (the roots
    of the recursions' characteristic polynomials in the unit disc). Multiply a plain-SGD
    bound by this factor; applied to Wu & Su's trace bound too, it is a heuristic.
    """
    if not (0.0 <= momentum < 1.0 and 0.0 <= dampening < 1.0):
        raise ValueError(f"momentum and dampening must be in [0, 1), got {momentum}, {dampening}")
    if nesterov:
        return (1.0 + momentum) / (1.0 + 2.0 * momentum)
    return (1.0 + momentum) / (1.0 - dampening)


# ---------------------------------------------------------------------------- Wu & Su


def stability_condition(
    lambda_max: float,
    trace: float,
    batch_sizes: Sequence[int],
    *,
    dataset_size: int | None = None,
) -> tuple[StableRate, ...]:
    """The largest learning rate linear stability does not exclude at each batch size
    (a necessary condition; see the module doc for the rules)."""
    v = Violations()
    v.check(math.isfinite(lambda_max), "lambda_max", f"must be finite, got {lambda_max!r}")
    v.check(math.isfinite(trace), "trace", f"must be finite, got {trace!r}")
    if dataset_size is not None:
        v.check(
            _is_int(dataset_size) and dataset_size >= 1,
            "dataset_size",
            f"must be an integer >= 1, got {dataset_size!r}",
        )
    _check_batch_sizes(v, batch_sizes, None, min_distinct=1)
    v.raise_if_any()
    gd = gd_learning_rate_bound(lambda_max)
    rates = []
    for b in batch_sizes:
        full = dataset_size is not None and b >= dataset_size
        tr_bound = 2.0 * b / trace if trace > 0 and not full else math.inf
        best = min(gd, tr_bound)
        binding = "none" if math.isinf(best) else ("trace" if tr_bound < gd else "lambda_max")
        rates.append(
            StableRate(
                batch_size=b,
                max_learning_rate=best,
                gd_bound=gd,
                trace_bound=tr_bound,
                binding=binding,
                heuristic=b > 1 and not full,
            )
        )
    return tuple(rates)


def _curvature_fn(
    curvature: Curvature,
) -> Callable[..., HvpFn]:
    return hvp if curvature is Curvature.HESSIAN else ggn_vp


def sgd_stability(
    model: nn.Module,
    loss_fn: LossFn,
    x: Tensor,
    y: Tensor,
    batch_sizes: Sequence[int],
    *,
    curvature: Curvature = Curvature.HESSIAN,
    iterations: int = 20,
    samples: int = 64,
    seed: int = 0,
    max_hvps: int = DEFAULT_MAX_HVPS,
    max_params: int = DEFAULT_MAX_PARAMS,
) -> StabilityReport:
    """Estimate ``lambda_max`` (Lanczos) and ``tr`` (Hutchinson) of the full-data
    curvature and apply :func:`stability_condition` with ``dataset_size = len(x)``."""
    v = Violations()
    _check_model(v, model, max_params)
    _check_data(v, x, y)
    n = x.shape[0] if isinstance(x, Tensor) and x.dim() >= 1 and x.shape[0] > 0 else None
    _check_batch_sizes(v, batch_sizes, n, min_distinct=1)
    ok = _is_int(iterations) and _is_int(samples)
    _budget(v, iterations + samples if ok else 0, max_hvps)
    v.raise_if_any()
    fn = _curvature_fn(curvature)(model, loss_fn, x, y, max_params=max_params)
    dim = _dim(model)
    top = top_eigenvalue(fn, dim, iterations=iterations, seed=seed, max_hvps=max_hvps)
    tr = hutchinson_trace(fn, dim, samples=samples, seed=seed, max_hvps=max_hvps)
    rates = stability_condition(top.value, tr.value, batch_sizes, dataset_size=n)
    return StabilityReport(lambda_max=top, trace=tr, rates=rates)


def _check_batch_sizes(
    v: Violations, batch_sizes: object, n: int | None, *, min_distinct: int
) -> None:
    if not v.check(
        isinstance(batch_sizes, Sequence) and not isinstance(batch_sizes, str | bytes),
        "batch_sizes",
        "must be a sequence of integers",
    ):
        return
    assert isinstance(batch_sizes, Sequence)
    if not v.check(len(batch_sizes) > 0, "batch_sizes", "must not be empty"):
        return
    v.check(
        len(batch_sizes) <= MAX_BATCH_SIZES,
        "batch_sizes",
        f"at most {MAX_BATCH_SIZES} entries, got {len(batch_sizes)}",
    )
    good = []
    for i, b in enumerate(batch_sizes):
        if not v.check(
            _is_int(b) and b >= 1, f"batch_sizes[{i}]", f"must be an integer >= 1, got {b!r}"
        ):
            continue
        if n is not None and not v.check(
            b <= n, f"batch_sizes[{i}]", f"must not exceed the {n} examples given, got {b}"
        ):
            continue
        good.append(b)
    if len(good) == len(batch_sizes):
        v.check(
            len(set(good)) >= min_distinct,
            "batch_sizes",
            f"needs at least {min_distinct} distinct batch sizes to fit a curve",
        )


# ---------------------------------------------------------------------------- Granziol


def fit_batch_curve(
    batch_sizes: Sequence[float], lambdas: Sequence[float]
) -> tuple[float, float, tuple[float, float] | None, tuple[float, float] | None]:
    """Least-squares fit of ``lambda_B = a + c / B``; returns ``(a, c, linear_range,
    sqrt_range)`` with the ranges clipped to the measured batch sizes (None if empty)."""
    b = torch.tensor([float(s) for s in batch_sizes], dtype=torch.float64)
    lam = torch.tensor([float(s) for s in lambdas], dtype=torch.float64)
    design = torch.stack([torch.ones_like(b), 1.0 / b], dim=1)
    coef = torch.linalg.lstsq(design, lam.unsqueeze(1), driver="gelsd").solution.squeeze(1)
    a, c = float(coef[0]), float(coef[1])
    lo, hi = float(b.min()), float(b.max())
    if c <= 0:  # no noise inflation measured: the rate has saturated everywhere
        return a, c, None, None
    if a <= 0:  # the noise term dominates at every batch size
        return a, c, (lo, hi), None
    b_lin = c * (1 - LINEAR_EXPONENT) / (a * LINEAR_EXPONENT)  # s(B) = 3/4  ->  c / (3a)
    b_sqrt = c * (1 - SQRT_EXPONENT) / (a * SQRT_EXPONENT)  # s(B) = 1/4  ->  3c / a
    return a, c, _clip(lo, min(b_lin, hi)), _clip(max(b_lin, lo), min(b_sqrt, hi))


def _clip(lo: float, hi: float) -> tuple[float, float] | None:
    return (lo, hi) if lo <= hi else None


def learning_rate_curve(
    model: nn.Module,
    loss_fn: LossFn,
    x: Tensor,
    y: Tensor,
    batch_sizes: Sequence[int],
    *,
    batches_per_size: int = 3,
    curvature: Curvature = Curvature.HESSIAN,
    iterations: int = 20,
    tol: float = 1e-6,
    seed: int = 0,
    max_hvps: int = DEFAULT_MAX_HVPS,
    max_params: int = DEFAULT_MAX_PARAMS,
) -> LearningRateCurve:
    """``lambda_max`` of mini-batch curvature vs batch size, the fitted ``a + c/B``
    curve and the batch ranges of the linear and square-root rules (module doc).

    Needs up to ``len(batch_sizes) * batches_per_size * iterations`` products.
    """
    v = Violations()
    _check_model(v, model, max_params)
    _check_data(v, x, y)
    n = x.shape[0] if isinstance(x, Tensor) and x.dim() >= 1 and x.shape[0] > 0 else None
    _check_batch_sizes(v, batch_sizes, n, min_distinct=2)
    bps_ok = v.check(
        _is_int(batches_per_size) and 1 <= batches_per_size <= MAX_BATCHES_PER_SIZE,
        "batches_per_size",
        f"must be an integer in [1, {MAX_BATCHES_PER_SIZE}], got {batches_per_size!r}",
    )
    it_ok = v.check(
        _is_int(iterations) and 1 <= iterations <= MAX_LANCZOS_ITERATIONS,
        "iterations",
        f"must be an integer in [1, {MAX_LANCZOS_ITERATIONS}], got {iterations!r}",
    )
    sizes_ok = isinstance(batch_sizes, Sequence)
    needed = (
        len(batch_sizes) * batches_per_size * iterations if bps_ok and it_ok and sizes_ok else 0
    )
    _budget(v, needed, max_hvps)
    v.raise_if_any()
    assert n is not None
    make = _curvature_fn(curvature)
    dim = _dim(model)
    gen = torch.Generator().manual_seed(seed)
    spent = 0
    means: list[float] = []
    stds: list[float] = []
    for b in batch_sizes:
        vals = []
        for k in range(batches_per_size):
            idx = torch.randperm(n, generator=gen)[:b].to(x.device)
            fn = make(model, loss_fn, x[idx], y[idx.to(y.device)], max_params=max_params)
            est = top_eigenvalue(fn, dim, iterations=iterations, tol=tol, seed=seed + k,
                                 max_hvps=max_hvps)  # fmt: skip
            spent += est.hvps_spent
            vals.append(est.value)
        t = torch.tensor(vals, dtype=torch.float64)
        means.append(float(t.mean()))
        stds.append(float(t.std(correction=1)) if len(vals) > 1 else 0.0)
    a, c, lin, sq = fit_batch_curve(batch_sizes, means)
    warnings = []
    if c <= 0:
        warnings.append("lambda_max does not fall with the batch size: no noise inflation fitted")
    if a <= 0:
        warnings.append("fitted large-batch lambda_max is <= 0: the curve is noise-dominated")
    points = tuple(
        CurvePoint(
            batch_size=b,
            lambda_max=m,
            lambda_std=s,
            fitted=a + c / b,
            learning_rate=1.0 / m if m > 0 else math.inf,
            stability_bound=gd_learning_rate_bound(m),
        )
        for b, m, s in zip(batch_sizes, means, stds, strict=True)
    )
    return LearningRateCurve(
        points=points,
        lambda_true=a,
        noise_coefficient=c,
        linear_range=lin,
        sqrt_range=sq,
        hvps_spent=spent,
        warning="; ".join(warnings),
    )
