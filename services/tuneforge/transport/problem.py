"""Entropic optimal-transport problems: weights, a cost, epsilon; validated.

The problem is POT's: minimise <C, P> + epsilon * sum P log P over plans P >= 0
with P 1 = a and P^T 1 = b. The cost is given as a matrix or built from two
point clouds with a metric. Bad input raises :class:`ValidationError` naming
the request field (``a``, ``b``, ``cost``, ``x``, ``y``, ``metric``,
``epsilon``); a batch names the row (``a[3]``). A cost whose entries over epsilon
overflow float64's arithmetic is refused here (``cost``), before any solve.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.spatial.distance import cdist

from tuneforge.errors import Violations

METRICS = ("sqeuclidean", "euclidean", "l1")
# A mass difference below this (relative) is round-off: b is rescaled to a's mass.
MASS_TOLERANCE = 1e-6
# The solvers add three terms of the size of cost / epsilon (alpha_i + beta_j - C_ij / eps):
# beyond a quarter of float64's range that sum can overflow, and the solve cannot be done.
MAX_SCALED_COST = float(np.finfo(np.float64).max) / 4


@dataclass(frozen=True, slots=True)
class TransportProblem:
    """One validated problem; ``cost`` is n-by-m, ``b`` already carries ``a``'s mass."""

    a: np.ndarray
    b: np.ndarray
    cost: np.ndarray
    epsilon: float
    cost_scale: float = 1.0  # the cost was divided by this (normalize_cost)


@dataclass(frozen=True, slots=True)
class TransportBatch:
    """Many weight pairs (rows of ``a`` and ``b``) against one cost and epsilon."""

    a: np.ndarray  # (batch, n)
    b: np.ndarray  # (batch, m)
    cost: np.ndarray
    epsilon: float
    cost_scale: float = 1.0

    def __len__(self) -> int:
        return int(self.a.shape[0])

    def problem(self, i: int) -> TransportProblem:
        return TransportProblem(self.a[i], self.b[i], self.cost, self.epsilon, self.cost_scale)


def pairwise_cost(x: np.ndarray, y: np.ndarray, metric: str = "sqeuclidean") -> np.ndarray:
    """The n-by-m cost between point clouds x (n, d) and y (m, d)."""
    name = {"l1": "cityblock"}.get(metric, metric)
    return np.asarray(cdist(x, y, metric=name), dtype=np.float64)


def _as_float(value: Any, ndim: int, field: str, v: Violations) -> np.ndarray | None:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        v.add(field, "must be numeric")
        return None
    if arr.ndim != ndim:
        v.add(field, f"must be {ndim}-dimensional, got shape {arr.shape}")
        return None
    if arr.size == 0:
        v.add(field, "must not be empty")
        return None
    if not np.isfinite(arr).all():
        v.add(field, "must be finite")
        return None
    return arr


def _weights(value: Any, field: str, v: Violations) -> np.ndarray | None:
    w = _as_float(value, 1, field, v)
    if w is None:
        return None
    if (w < 0).any():
        v.add(field, "weights must be >= 0")
        return None
    if w.sum() <= 0:
        v.add(field, "weights must have positive total mass")
        return None
    return w


def _epsilon(epsilon: Any, v: Violations) -> float:
    try:
        eps = float(epsilon)
    except (TypeError, ValueError):
        eps = float("nan")
    v.check(bool(np.isfinite(eps) and eps > 0), "epsilon", "must be a finite number > 0")
    return eps


def _cost(
    cost: Any, x: Any, y: Any, metric: str, n: int | None, m: int | None, v: Violations
) -> np.ndarray | None:
    if (cost is None) == (x is None and y is None):
        v.add("cost", "give either cost or the point clouds x and y, not both or neither")
        return None
    if cost is not None:
        c = _as_float(cost, 2, "cost", v)
        if c is not None and n is not None and m is not None and c.shape != (n, m):
            v.add("cost", f"must have shape (len(a), len(b)) = ({n}, {m}), got {c.shape}")
            return None
        return c
    if x is None or y is None:
        v.add("y" if y is None else "x", "both point clouds x and y are needed")
        return None
    if not v.check(metric in METRICS, "metric", f"must be one of {', '.join(METRICS)}"):
        return None
    px = np.asarray(x, dtype=np.float64) if np.ndim(x) != 1 else np.asarray(x)[:, None]
    py = np.asarray(y, dtype=np.float64) if np.ndim(y) != 1 else np.asarray(y)[:, None]
    px_ok = _as_float(px, 2, "x", v)
    py_ok = _as_float(py, 2, "y", v)
    if px_ok is None or py_ok is None:
        return None
    ok = v.check(
        px_ok.shape[1] == py_ok.shape[1],
        "y",
        f"must have the dimension of x ({px_ok.shape[1]}), got {py_ok.shape[1]}",
    )
    ok &= n is None or v.check(px_ok.shape[0] == n, "x", f"must have len(a) = {n} points")
    ok &= m is None or v.check(py_ok.shape[0] == m, "y", f"must have len(b) = {m} points")
    return pairwise_cost(px_ok, py_ok, metric) if ok else None


def _normalised(c: np.ndarray, normalize_cost: bool) -> tuple[np.ndarray, float]:
    scale = float(np.abs(c).max()) if normalize_cost else 1.0
    return (c / scale, scale) if scale > 0 and scale != 1.0 else (c, 1.0)


def _in_range(c: np.ndarray, eps: float, v: Violations) -> None:
    """Refuse a cost that float64 cannot carry at this epsilon (big-M entries below it are fine)."""
    top = float(np.abs(c).max()) / eps
    v.check(
        top <= MAX_SCALED_COST,
        "cost",
        f"max |cost| / epsilon = {top:.3g} overflows float64 (limit {MAX_SCALED_COST:.3g}): "
        "rescale the cost (normalize_cost) or raise epsilon",
        "OUT_OF_RANGE",
    )


def _match_mass(a: np.ndarray, b: np.ndarray, field: str, v: Violations) -> np.ndarray:
    sa, sb = float(a.sum()), float(b.sum())
    v.check(
        abs(sa - sb) <= MASS_TOLERANCE * max(sa, sb),
        field,
        f"total mass {sb:.12g} differs from the source's {sa:.12g}",
        "MASS_MISMATCH",
    )
    return b * (sa / sb)


def make_problem(
    a: Any,
    b: Any,
    epsilon: Any,
    *,
    cost: Any = None,
    x: Any = None,
    y: Any = None,
    metric: str = "sqeuclidean",
    normalize_cost: bool = False,
) -> TransportProblem:
    """Validate one problem; the cost is ``cost`` or ``metric(x_i, y_j)``.

    ``normalize_cost`` divides the cost by its largest magnitude (epsilon is then
    relative to it); ``b`` is rescaled to ``a``'s total mass (they must agree to 1e-6).
    """
    v = Violations()
    wa, wb = _weights(a, "a", v), _weights(b, "b", v)
    eps = _epsilon(epsilon, v)
    n = None if wa is None else wa.size
    m = None if wb is None else wb.size
    c = _cost(cost, x, y, metric, n, m, v)
    if wa is not None and wb is not None:
        wb = _match_mass(wa, wb, "b", v)
    v.raise_if_any()
    assert wa is not None and wb is not None and c is not None
    c, scale = _normalised(c, normalize_cost)
    _in_range(c, eps, v)
    v.raise_if_any()
    return TransportProblem(wa, wb, c, eps, scale)


def make_batch(
    a: Any,
    b: Any,
    epsilon: Any,
    *,
    cost: Any = None,
    x: Any = None,
    y: Any = None,
    metric: str = "sqeuclidean",
    normalize_cost: bool = False,
) -> TransportBatch:
    """Validate a batch: rows of ``a`` (batch, n) against rows of ``b`` (batch, m) or one ``b``.

    Errors name the offending row, ``a[2]`` or ``b[0]``.
    """
    v = Violations()
    arr_a = _as_float(a, 2, "a", v)
    if arr_a is not None and np.ndim(b) == 1:  # one target for every row
        b = np.broadcast_to(np.asarray(b), (arr_a.shape[0], np.size(b)))
    arr_b = _as_float(b, 2, "b", v)
    eps = _epsilon(epsilon, v)
    if arr_a is None or arr_b is None:
        v.raise_if_any()
    assert arr_a is not None and arr_b is not None
    if not v.check(
        arr_a.shape[0] == arr_b.shape[0], "b", f"must have {arr_a.shape[0]} rows like a"
    ):
        v.raise_if_any()
    rows_a = [_weights(row, f"a[{i}]", v) for i, row in enumerate(arr_a)]
    rows_b = [_weights(row, f"b[{i}]", v) for i, row in enumerate(arr_b)]
    c = _cost(cost, x, y, metric, arr_a.shape[1], arr_b.shape[1], v)
    matched = [
        _match_mass(ra, rb, f"b[{i}]", v)
        for i, (ra, rb) in enumerate(zip(rows_a, rows_b, strict=True))
        if ra is not None and rb is not None
    ]
    v.raise_if_any()
    assert c is not None
    c, scale = _normalised(c, normalize_cost)
    _in_range(c, eps, v)
    v.raise_if_any()
    return TransportBatch(np.array(arr_a), np.stack(matched), c, eps, scale)
