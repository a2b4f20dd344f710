"""Linear systems for SOR: validation of the CSR systems clients send.

Validation checks everything the compiled kernels rely on, so that they never
read out of bounds or divide by zero: a square shape, a consistent ``indptr``,
in-range and strictly increasing column indices within each row, finite
values, a present non-zero diagonal, and a right-hand side of matching length.
It runs in stages, each reporting every bad field it finds before the next
relies on it. Field paths follow the CSR request message: ``matrix.shape``,
``matrix.indptr``, ``matrix.indices``, ``matrix.data``, ``rhs``.

The benchmark families (pools of generated systems) are in
:mod:`tuneforge.relax.families`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from tuneforge.errors import Violations

_INDEX = np.int64
ArrayLike = np.ndarray | Sequence[int] | Sequence[float]


@dataclass(frozen=True, slots=True)
class LinearSystem:
    """A validated square CSR system ``A x = b`` (indices sorted, diagonal present).

    ``diag_pos[i]`` is the position in ``indices``/``data`` of ``A[i, i]``;
    the kernels use it to split each row into its strict lower and upper parts.
    """

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    rhs: np.ndarray
    diag_pos: np.ndarray

    @property
    def n(self) -> int:
        return int(self.rhs.shape[0])

    @property
    def nnz(self) -> int:
        return int(self.data.shape[0])

    def to_scipy(self) -> sp.csr_matrix:
        return sp.csr_matrix((self.data, self.indices, self.indptr), shape=(self.n, self.n))


class Csr(NamedTuple):
    """A system as received, not yet checked: the arguments of :func:`validate_system`."""

    shape: tuple[int, int] | Sequence[int]
    indptr: ArrayLike
    indices: ArrayLike
    data: ArrayLike
    rhs: ArrayLike


def validate_system(
    shape: tuple[int, int] | Sequence[int],
    indptr: ArrayLike,
    indices: ArrayLike,
    data: ArrayLike,
    rhs: ArrayLike,
    *,
    require_symmetric: bool = False,
) -> LinearSystem:
    """Check a CSR system for SOR / SSOR-CG and return it as contiguous arrays.

    Raises :class:`~tuneforge.errors.ValidationError` listing every bad field.
    ``require_symmetric`` (for SSOR-preconditioned CG) also demands a symmetric
    matrix with a positive diagonal (:func:`check_symmetric`).
    """
    v = Violations()
    n = _square_size(v, shape)
    ip, ix, dt, b = (np.asarray(a) for a in (indptr, indices, data, rhs))
    _check_flat(v, ip, ix, dt, b)
    v.raise_if_any()
    ip = _check_lengths(v, n, ip, ix, dt, b)
    v.raise_if_any()
    ix, dt, b = _check_entries(v, n, ip, ix.astype(_INDEX), dt, b)
    v.raise_if_any()
    diag_pos = _diagonal_positions(v, n, ip, ix, dt)
    v.raise_if_any()
    # 32-bit indices when they fit (as scipy): less memory traffic in the sweeps.
    idx = np.int32 if ix.size < 2**31 - 1 else np.int64
    system = LinearSystem(
        np.ascontiguousarray(ip, dtype=idx), np.ascontiguousarray(ix, dtype=idx),
        np.ascontiguousarray(dt), np.ascontiguousarray(b), diag_pos.astype(idx),
    )  # fmt: skip
    if require_symmetric:
        check_symmetric(system)
    return system


def check_symmetric(system: LinearSystem) -> None:
    """What SSOR-preconditioned CG needs beyond SOR: a symmetric matrix, a positive diagonal."""
    v = Violations()
    a = system.to_scipy()
    asym = abs(a - a.T).max() if a.nnz else 0.0
    scale = abs(a).max() if a.nnz else 1.0
    v.check(asym <= 1e-12 * scale, "matrix.data", "SSOR-preconditioned CG needs a symmetric matrix")
    v.check(
        bool(np.all(system.data[system.diag_pos] > 0)),
        "matrix.data",
        "SSOR-preconditioned CG needs a positive diagonal",
    )
    v.raise_if_any()


def from_scipy(a: sp.spmatrix | sp.sparray, b: np.ndarray, **kw: bool) -> LinearSystem:
    """Validate a scipy sparse matrix (converted to canonical CSR) with its rhs."""
    csr = sp.csr_matrix(a)
    csr.sum_duplicates()
    csr.sort_indices()
    return validate_system(csr.shape, csr.indptr, csr.indices, csr.data, b, **kw)


# ------------------------------------------------------------------ validation stages


def _square_size(v: Violations, shape: tuple[int, int] | Sequence[int]) -> int:
    """The number of rows of a square shape (violations recorded; raises if not two entries)."""
    shp = tuple(int(s) for s in shape)
    if not v.check(len(shp) == 2, "matrix.shape", "must have two entries (rows, columns)"):
        v.raise_if_any()
    n_rows, n_cols = shp
    v.check(n_rows > 0, "matrix.shape", "must have at least one row")
    v.check(n_rows == n_cols, "matrix.shape", f"SOR needs a square matrix, got {n_rows}x{n_cols}")
    return n_rows


def _check_flat(
    v: Violations, ip: np.ndarray, ix: np.ndarray, dt: np.ndarray, b: np.ndarray
) -> None:
    """Flat arrays of integer indices and numeric values."""
    for name, arr, kind in (
        ("matrix.indptr", ip, "iu"),
        ("matrix.indices", ix, "iu"),
        ("matrix.data", dt, "fiu"),
        ("rhs", b, "fiu"),
    ):
        ok = v.check(arr.ndim == 1, name, "must be a flat list")
        if ok and arr.size:
            v.check(arr.dtype.kind in kind, name, f"has the wrong element type {arr.dtype}")


def _check_lengths(
    v: Violations, n: int, ip: np.ndarray, ix: np.ndarray, dt: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """Lengths that agree with ``n`` rows and a consistent ``indptr`` (returned as int64)."""
    v.check(b.size == n, "rhs", f"has length {b.size}, the matrix has {n} rows")
    if v.check(ip.size == n + 1, "matrix.indptr", f"must have rows+1 = {n + 1} entries"):
        ip = ip.astype(_INDEX)
        v.check(ip[0] == 0, "matrix.indptr", "must start at 0")
        v.check(bool(np.all(np.diff(ip) >= 0)), "matrix.indptr", "must be non-decreasing")
        v.check(
            ip[-1] == ix.size,
            "matrix.indptr",
            f"last entry {ip[-1]} differs from the number of indices {ix.size}",
        )
    v.check(ix.size == dt.size, "matrix.data", f"has {dt.size} values for {ix.size} indices")
    return ip


def _check_entries(
    v: Violations, n: int, ip: np.ndarray, ix: np.ndarray, dt: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """In-range, strictly increasing column indices per row; finite values (as float64)."""
    v.check(
        bool(np.all((ix >= 0) & (ix < n))) if ix.size else True,
        "matrix.indices",
        f"column indices must lie in [0, {n})",
    )
    # Strictly increasing within each row: a drop is allowed only where a row starts.
    if ix.size > 1:
        steps = np.diff(ix) > 0
        row_start = np.zeros(ix.size - 1, dtype=bool)
        starts = ip[1:-1]
        row_start[starts[(starts > 0) & (starts < ix.size)] - 1] = True
        v.check(
            bool(np.all(steps | row_start)),
            "matrix.indices",
            "must be sorted and without duplicates within each row",
        )
    dt = dt.astype(np.float64)
    b = b.astype(np.float64)
    v.check(bool(np.all(np.isfinite(dt))), "matrix.data", "contains NaN or Inf")
    v.check(bool(np.all(np.isfinite(b))), "rhs", "contains NaN or Inf")
    return ix, dt, b


def _diagonal_positions(
    v: Violations, n: int, ip: np.ndarray, ix: np.ndarray, dt: np.ndarray
) -> np.ndarray:
    """Where each row's diagonal entry sits in ``data``; a missing or zero one is a violation."""
    rows = np.repeat(np.arange(n, dtype=_INDEX), np.diff(ip))
    on_diag = np.flatnonzero(ix == rows)
    diag_pos = np.full(n, -1, dtype=_INDEX)
    diag_pos[rows[on_diag]] = on_diag
    missing = np.flatnonzero(diag_pos < 0)
    if missing.size:
        v.add("matrix.data", f"diagonal entry missing in row {int(missing[0])} (SOR divides by it)")
    else:
        zero = np.flatnonzero(dt[diag_pos] == 0.0)
        if zero.size:
            v.add("matrix.data", f"zero diagonal entry in row {int(zero[0])} (SOR divides by it)")
    return diag_pos
