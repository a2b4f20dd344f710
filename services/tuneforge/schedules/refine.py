"""Schedule refinement from observed gradient norms.

Defazio, Cutkosky, Mehta & Mishchenko, "When, Why and How Much? Adaptive
Learning Rate Scheduling by Refinement" (arXiv 2310.07831). Their last-iterate
analysis gives, for gradient norms ``G_1 .. G_T`` recorded in a previous run,
the step sizes

    w_t = 1 / Ĝ_t^2  (SGD-like, l2 norms)     or     w_t = 1 / Ĝ_t  (Adam-like, l1 norms)
    eta_t = w_t * sum_{p > t} w_p                                   (eta_T = 0)

where ``Ĝ`` is the median-filtered norm sequence (window ``tau * T``,
``tau = 0.1``). Constant norms give ``eta_t ∝ T - t``: the linear decay that is
the worst-case optimum. Large early norms make ``eta`` rise first (a warm-up
emerges), rising late norms make it anneal faster than linear.

Choices where the paper leaves one (ours):

* Normalisation: the schedule is divided by its maximum and multiplied by
  ``base_learning_rate``, so its peak is exactly ``base_learning_rate`` (the paper
  normalises to peak 1 and tunes the peak rate separately). Constant norms then give
  ``base_learning_rate * (1 - t/(T-1))`` for 0-based ``t``: linear decay to zero.
* Window: ``smoothing_window`` if given (odd, >= 1), else the odd width
  ``2 * floor(floor(tau * T) / 2) + 1``: ``floor(tau * T)`` made odd by adding 1
  when it is even.
* Boundaries: the sequence is extended by repeating its first and last norms
  (``h = window // 2`` copies each side), so every window holds ``window``
  samples and a monotone stretch at either end is left exactly as it is (a
  truncated window would move its centre at half speed there and turn a
  monotone trend into a staircase). A single spike is removed anywhere except
  on the very first or last sample, where it is kept for that one step only.
  Boundary handling is not stated in what we could read of the paper. ``smoothing_window`` is at
  most ``2 * T + 1`` (a window that covers the whole run from every step).
* The l1 (Adam) weights ``1 / Ĝ_t`` follow the paper's coordinate-wise variant
  as read in our notes (``/work/shared/papers/algorithms.md`` section 3); the
  ``eta_t`` formula is the same for both variants.
* ``weights`` are reported scaled by a common factor so that the smallest is 1
  (the norms are divided by their maximum first, to keep ``1/Ĝ^2`` in range);
  the schedule does not depend on that factor.
* Norms must be finite and >= 0; a zero norm is allowed only if the median
  filter removes it (a zero smoothed norm has no weight).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

import numpy as np
from numpy.typing import ArrayLike, NDArray

from tuneforge.errors import Violations

DEFAULT_TAU = 0.1
MAX_NORMS = 2_000_000  # O(n log n): about 6 s at the cap; subsample longer logs


class Norm(Enum):
    L2 = "l2"  # SGD-like: w = 1 / G^2
    L1 = "l1"  # Adam-like: w = 1 / G


@dataclass(frozen=True, slots=True)
class Refined:
    """The refined schedule and its intermediates, one entry per step (read-only arrays)."""

    norm: Norm
    window: int
    smoothed: NDArray[np.float64]
    weights: NDArray[np.float64]
    schedule: NDArray[np.float64]


def refine(
    grad_norms: ArrayLike,
    *,
    norm: Norm | str = Norm.L2,
    base_learning_rate: float = 1.0,
    tau: float = DEFAULT_TAU,
    smoothing_window: int | None = None,
) -> Refined:
    """Refine a schedule from the per-step gradient norms of a previous run.

    ``norm`` says which norms they are (``l2`` for SGD, ``l1`` for Adam-style
    optimizers); ``smoothing_window`` overrides the window ``tau * len(grad_norms)``.
    Raises :class:`~tuneforge.errors.ValidationError` naming every bad field.
    """
    g, kind, window = _check(grad_norms, norm, base_learning_rate, tau, smoothing_window)
    smoothed = median_filter(g, window)
    v = Violations()
    zeros = np.flatnonzero(smoothed == 0)
    if len(zeros):
        v.add(
            "grad_norms",
            f"the median-filtered norm is 0 at step {int(zeros[0])} "
            f"({len(zeros)} steps in all); a zero norm has no weight",
        )
        v.raise_if_any()
    power = 2.0 if kind is Norm.L2 else 1.0
    with np.errstate(over="ignore"):
        weights = (smoothed / smoothed.max()) ** -power
        # sum_{p > t} w_p, summed from the end so that the tail stays accurate
        tail = np.zeros_like(weights)
        tail[:-1] = np.cumsum(weights[::-1])[::-1][1:]
        eta = weights * tail
    peak = eta.max()
    if not (np.all(np.isfinite(eta)) and math.isfinite(peak) and peak > 0):
        v.add("grad_norms", "the norms' dynamic range overflows float64 weights")
        v.raise_if_any()
    schedule = base_learning_rate * (eta / peak)
    for a in (smoothed, weights, schedule):
        a.setflags(write=False)
    return Refined(kind, window, smoothed, weights, schedule)


def default_window(n: int, tau: float = DEFAULT_TAU) -> int:
    """The odd window for ``tau * n`` steps: ``2 * floor(floor(tau n) / 2) + 1``."""
    return 2 * (math.floor(tau * n) // 2) + 1


def median_filter(x: ArrayLike, window: int) -> NDArray[np.float64]:
    """Centred running median of ``x`` over an odd ``window``, ends repeated.

    ``out[t]`` is the median of ``y[t : t + window]`` where ``y`` is ``x`` with
    ``h = window // 2`` copies of ``x[0]`` before it and of ``x[-1]`` after it.
    All windows are answered together with a wavelet matrix over the ranks of
    ``y``: ``O(m log m)`` time and ``O(m)`` memory for ``m = len(x) + 2h``.
    """
    a = np.asarray(x, dtype=np.float64)
    n = len(a)
    if n == 0:
        return a.copy()
    h = window // 2
    y = np.pad(a, h, mode="edge")
    lo = np.arange(n)
    order = np.argsort(y, kind="stable")
    ranks = np.empty(len(y), dtype=np.int64)
    ranks[order] = np.arange(len(y))  # distinct ranks; ties broken by position
    k = np.full(n, h, dtype=np.int64)
    return y[order[_kth_smallest(ranks, lo, lo + window, k)]]


def _kth_smallest(
    ranks: NDArray[np.int64], lo: NDArray[np.int64], hi: NDArray[np.int64], k: NDArray[np.int64]
) -> NDArray[np.int64]:
    """For each query, the ``k``-th smallest (0-based) of ``ranks[lo:hi]``.

    ``ranks`` is a permutation of ``0 .. n-1``. Wavelet matrix built and queried
    level by level (top bit first): at each level a query keeps to the zeros or
    the ones of its current range, and every level stably moves the zeros first.
    """
    n = len(ranks)
    cur = ranks.copy()
    lo, hi, k = lo.copy(), hi.copy(), k.copy()
    result = np.zeros(len(k), dtype=np.int64)
    for level in range(max(1, int(n - 1).bit_length()) - 1, -1, -1):
        bit = (cur >> level) & 1
        zeros_before = np.concatenate(([0], np.cumsum(bit == 0)))
        n_zeros = int(zeros_before[-1])
        zl, zh = zeros_before[lo], zeros_before[hi]
        in_zeros = zh - zl
        left = k < in_zeros
        result |= np.where(left, 0, 1 << level)
        k = np.where(left, k, k - in_zeros)
        lo, hi = np.where(left, zl, n_zeros + lo - zl), np.where(left, zh, n_zeros + hi - zh)
        cur = np.concatenate((cur[bit == 0], cur[bit == 1]))
    return result


def _check(
    grad_norms: ArrayLike,
    norm: Norm | str,
    base_learning_rate: float,
    tau: float,
    smoothing_window: int | None,
) -> tuple[NDArray[np.float64], Norm, int]:
    v = Violations()
    g = np.zeros(0)
    length_ok = False
    try:
        g = np.asarray(grad_norms, dtype=np.float64)
    except (TypeError, ValueError):
        v.add("grad_norms", "must be a 1-D sequence of numbers")
    else:
        if not v.check(g.ndim == 1, "grad_norms", f"must be 1-D, got shape {g.shape}"):
            g = np.zeros(0)
        elif v.check(
            2 <= len(g) <= MAX_NORMS,
            "grad_norms",
            f"needs between 2 and {MAX_NORMS} norms, got {len(g)}",
        ):
            length_ok = True
            bad = np.flatnonzero(~(np.isfinite(g) & (g >= 0)))
            if len(bad):
                i = int(bad[0])
                v.add(
                    f"grad_norms[{i}]",
                    f"must be a finite number >= 0, got {g[i]!r} ({len(bad)} bad entries in all)",
                )
    kind: Norm | None = None
    if isinstance(norm, Norm):
        kind = norm
    else:
        try:
            kind = Norm(norm)
        except ValueError:
            v.add("norm", f"must be 'l2' (SGD) or 'l1' (Adam-style), got {norm!r}")
    v.check(
        _is_real(base_learning_rate)
        and math.isfinite(base_learning_rate)
        and base_learning_rate > 0,
        "base_learning_rate",
        f"must be a finite number > 0, got {base_learning_rate!r}",
    )
    v.check(
        _is_real(tau) and 0 <= tau <= 1,
        "tau",
        f"must be a number in [0, 1], got {tau!r}",
    )
    if smoothing_window is not None:
        is_int = isinstance(smoothing_window, int | np.integer) and not isinstance(
            smoothing_window, bool
        )
        if v.check(
            is_int and smoothing_window >= 1,
            "smoothing_window",
            f"must be an integer >= 1, got {smoothing_window!r}",
        ):
            v.check(
                smoothing_window % 2 == 1,
                "smoothing_window",
                f"must be odd (a centred window), got {smoothing_window}",
            )
            v.check(
                not length_ok or smoothing_window <= 2 * len(g) + 1,
                "smoothing_window",
                f"must be at most 2 * len(grad_norms) + 1 = {2 * len(g) + 1}, "
                f"got {smoothing_window}",
            )
    v.raise_if_any()
    assert kind is not None
    window = smoothing_window if smoothing_window is not None else default_window(len(g), tau)
    return g, kind, int(window)


def _is_real(x: object) -> bool:
    return isinstance(x, int | float | np.integer | np.floating) and not isinstance(
        x, bool | np.bool_
    )
