"""Linear systems for SOR: CSR validation and the benchmark families.

Validation checks everything the compiled kernels rely on, so that they never
read out of bounds or divide by zero: a square shape, a consistent ``indptr``,
in-range and strictly increasing column indices within each row, finite
values, a present non-zero diagonal, and a right-hand side of matching length.
Field paths follow the CSR request message: ``matrix.shape``,
``matrix.indptr``, ``matrix.indices``, ``matrix.data``, ``rhs``.

Families (generators of pools of instances with a scalar context):

* :func:`shifted_laplacian_family` — the "Learning to Relax" synthetic setup
  (Khodak et al., ICLR 2024, ``scripts/contextual.m``): the 5-point Laplacian
  on an m×m interior grid plus ``c·I`` with ``c = -0.15 + 0.6·Beta(0.5, 1.5)``
  (high variance) or ``Beta(2, 6)`` (low variance, as in the official script:
  also scaled by 0.6 and shifted by -0.15), right-hand sides radially truncated
  Gaussians (``‖b‖ ≤ √n``, rejection sampling). Context = ``c``. For grids
  other than 10×10 (ours) ``c`` is scaled by ``λ_min(m)/λ_min(10)`` so that
  ``A`` stays positive definite, as the paper's ``c ≥ −0.15`` does for m = 10.
* :func:`heat_family` (ours) — Crank–Nicolson steps of the 2-D heat equation
  with the time-varying diffusion coefficient of the paper's ``h2d.m``,
  ``A = I − ½κ(t)·dt·L_h``; context = ``κ``.
* :func:`mesh_family` (ours) — Poisson on m×m grids of varying size
  (``m`` uniform in a range); context = ``m``; the optimal omega
  ``2/(1+sin(π/(m+1)))`` moves with the mesh.
* :func:`laplacian_3d_family` (ours) — 7-point Laplacian on an m³ grid plus a
  shift drawn like the paper's (scaled to its smallest eigenvalue); context = shift.
* :func:`convection_diffusion_family` (ours) — ``−Δu + p·∂u/∂x`` by central
  differences: nonsymmetric, and for large Péclet numbers SOR diverges or stalls
  at large omega (a safety test); context = ``p``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from tuneforge.errors import Violations

_INDEX = np.int64


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


@dataclass(frozen=True, slots=True)
class Instance:
    """One system of a family with its context (a tuple of floats, maybe empty)."""

    system: LinearSystem
    context: tuple[float, ...]


def validate_system(
    shape: tuple[int, int] | list[int],
    indptr: np.ndarray | list[int],
    indices: np.ndarray | list[int],
    data: np.ndarray | list[float],
    rhs: np.ndarray | list[float],
    *,
    require_symmetric: bool = False,
) -> LinearSystem:
    """Check a CSR system for SOR / SSOR-CG and return it as contiguous arrays.

    Raises :class:`~tuneforge.errors.ValidationError` listing every bad field.
    ``require_symmetric`` (for SSOR-preconditioned CG) also demands a symmetric
    matrix with a positive diagonal.
    """
    v = Violations()
    shp = tuple(int(s) for s in shape)
    if not v.check(len(shp) == 2, "matrix.shape", "must have two entries (rows, columns)"):
        v.raise_if_any()
    n_rows, n_cols = shp
    v.check(n_rows > 0, "matrix.shape", "must have at least one row")
    v.check(n_rows == n_cols, "matrix.shape", f"SOR needs a square matrix, got {n_rows}x{n_cols}")
    ip = np.asarray(indptr)
    ix = np.asarray(indices)
    dt = np.asarray(data)
    b = np.asarray(rhs)
    for name, arr, kind in (
        ("matrix.indptr", ip, "iu"),
        ("matrix.indices", ix, "iu"),
        ("matrix.data", dt, "fiu"),
        ("rhs", b, "fiu"),
    ):
        ok = v.check(arr.ndim == 1, name, "must be a flat list")
        if ok and arr.size:
            v.check(arr.dtype.kind in kind, name, f"has the wrong element type {arr.dtype}")
    v.raise_if_any()

    n = n_rows
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
    v.raise_if_any()

    ix = ix.astype(_INDEX)
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
    v.raise_if_any()

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
    v.raise_if_any()

    # 32-bit indices when they fit (as scipy): less memory traffic in the sweeps.
    small = ix.size < 2**31 - 1
    idx = np.int32 if small else np.int64
    system = LinearSystem(
        np.ascontiguousarray(ip, dtype=idx), np.ascontiguousarray(ix, dtype=idx),
        np.ascontiguousarray(dt), np.ascontiguousarray(b), diag_pos.astype(idx),
    )  # fmt: skip
    if require_symmetric:
        a = system.to_scipy()
        asym = abs(a - a.T).max() if a.nnz else 0.0
        scale = abs(a).max() if a.nnz else 1.0
        v.check(
            asym <= 1e-12 * scale,
            "matrix.data",
            "SSOR-preconditioned CG needs a symmetric matrix",
        )
        v.check(
            bool(np.all(dt[diag_pos] > 0)),
            "matrix.data",
            "SSOR-preconditioned CG needs a positive diagonal",
        )
        v.raise_if_any()
    return system


def from_scipy(a: sp.spmatrix | sp.sparray, b: np.ndarray, **kw: bool) -> LinearSystem:
    """Validate a scipy sparse matrix (converted to canonical CSR) with its rhs."""
    csr = sp.csr_matrix(a)
    csr.sum_duplicates()
    csr.sort_indices()
    return validate_system(csr.shape, csr.indptr, csr.indices, csr.data, b, **kw)


# ----------------------------------------------------------------------------- families


def laplacian_2d(m: int) -> sp.csr_matrix:
    """5-point Laplacian (diagonal 4, off-diagonals -1) on an m×m interior grid.

    Same matrix as MATLAB's ``delsq(numgrid('S', m + 2))`` up to node ordering
    (row-major here); both orderings are consistently ordered.
    """
    t = sp.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(m, m))
    eye = sp.identity(m)
    return sp.csr_matrix(sp.kron(eye, t) + sp.kron(t, eye))


def truncated_normal(rng: np.random.Generator, n: int) -> np.ndarray:
    """Standard Gaussian in R^n conditioned on ‖b‖ ≤ √n (rejection, as the official code)."""
    while True:
        b = rng.standard_normal(n)
        if float(b @ b) <= n:
            return b


def shifted_laplacian_family(
    rng: np.random.Generator, size: int, *, m: int = 10, variance: str = "high"
) -> list[Instance]:
    """The paper's pool: ``A = Laplacian(m) + c·I``, ``c = -0.15 + 0.6·Beta``.

    ``variance="high"`` draws Beta(0.5, 1.5), ``"low"`` Beta(2, 6).
    """
    a, b = {"high": (0.5, 1.5), "low": (2.0, 6.0)}[variance]
    lap = laplacian_2d(m)
    eye = sp.identity(m * m, format="csr")
    # c ≥ -0.15 keeps m = 10 positive definite (λ_min = 0.162); other sizes scale the
    # shift by λ_min(m)/λ_min(10) so that they stay so (c < -λ_min would diverge).
    ratio = (1.0 - math.cos(math.pi / (m + 1))) / (1.0 - math.cos(math.pi / 11))
    out = []
    for _ in range(size):
        c = ratio * (-0.15 + 0.6 * float(rng.beta(a, b)))
        out.append(Instance(from_scipy(lap + c * eye, truncated_normal(rng, m * m)), (c,)))
    return out


def heat_coefficient(t: float | np.ndarray) -> np.ndarray:
    """Diffusion coefficient κ(t) = max(0.1 sin 2πt, −10 sin 2πt) of the paper's ``h2d.m``."""
    s = np.sin(2.0 * np.pi * np.asarray(t, dtype=np.float64))
    return np.maximum(0.1 * s, -10.0 * s)


def heat_family(
    rng: np.random.Generator,
    size: int,
    *,
    nx: int = 24,
    dt: float = 0.001,
    kappa: Callable[[np.ndarray], np.ndarray] = heat_coefficient,
) -> list[Instance]:
    """Crank–Nicolson systems ``(I − ½κ dt L_h) u⁺ = (I + ½κ dt L_h) u + dt f`` (ours).

    ``size`` time steps equally spaced over one period ``t ∈ [0, 1)``; the
    state ``u`` is a smooth bump at a random centre plus a moving forcing bump
    (not the simulated trajectory: each instance stands alone, so a pool can be
    replayed in any order). Context = ``κ(t + dt/2)``.
    """
    m = nx - 1
    lap = -laplacian_2d(m) * float(nx * nx)  # L_h: the negative-definite discrete Laplacian
    eye = sp.identity(m * m, format="csr")
    g = (np.arange(1, nx) / nx)[:, None]
    xs, ys = np.broadcast_arrays(g, g.T)

    def bump(cx: float, cy: float, r: float) -> np.ndarray:
        d2 = ((xs - cx) ** 2 + (ys - cy) ** 2) / (r * r)
        with np.errstate(divide="ignore", over="ignore"):
            out = np.where(d2 < 1.0, np.exp(-1.0 / np.maximum(1.0 - d2, 1e-300)), 0.0)
        return np.asarray(out.ravel())

    out = []
    for t in np.arange(size) / size:
        k = float(kappa(np.asarray(t + 0.5 * dt)))
        cl = (0.5 * k * dt) * lap
        cx, cy = rng.uniform(0.3, 0.7, 2)
        u = bump(float(cx), float(cy), 0.25) + 0.05 * rng.standard_normal(m * m)
        f = 32.0 * bump(0.5 + np.cos(16 * np.pi * t) / 4, 0.5 + np.sin(16 * np.pi * t) / 4, 0.125)
        b = (eye + cl) @ u + dt * f
        out.append(Instance(from_scipy(eye - cl, b), (k,)))
    return out


def mesh_family(
    rng: np.random.Generator, size: int, *, m_range: tuple[int, int] = (6, 24)
) -> list[Instance]:
    """Poisson on m×m grids, ``m`` uniform in ``m_range`` (ours); context = ``m``."""
    out = []
    for _ in range(size):
        m = int(rng.integers(m_range[0], m_range[1] + 1))
        out.append(Instance(from_scipy(laplacian_2d(m), truncated_normal(rng, m * m)), (float(m),)))
    return out


def laplacian_3d_family(rng: np.random.Generator, size: int, *, m: int = 6) -> list[Instance]:
    """7-point Laplacian on an m³ grid + ``c·I``, ``c = λ_min·(−0.9 + 3·Beta(0.5, 1.5))``."""
    t = sp.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(m, m))
    eye = sp.identity(m)
    lap = (
        sp.kron(sp.kron(eye, eye), t)
        + sp.kron(sp.kron(eye, t), eye)
        + sp.kron(sp.kron(t, eye), eye)
    )
    lmin = 6.0 * (1.0 - math.cos(math.pi / (m + 1)))
    out = []
    for _ in range(size):
        c = lmin * (-0.9 + 3.0 * float(rng.beta(0.5, 1.5)))
        a = lap + c * sp.identity(m**3)
        out.append(Instance(from_scipy(a, truncated_normal(rng, m**3)), (c,)))
    return out


def convection_diffusion_family(
    rng: np.random.Generator, size: int, *, m: int = 12, peclet: tuple[float, float] = (0, 60)
) -> list[Instance]:
    """``−Δu + p ∂u/∂x`` on an m×m grid (central differences), ``p`` uniform; context = ``p``."""
    h = 1.0 / (m + 1)
    eye = sp.identity(m)
    t = sp.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(m, m))
    d = sp.diags([-1.0, 1.0], [-1, 1], shape=(m, m))
    out = []
    for _ in range(size):
        p = float(rng.uniform(*peclet))
        a = sp.kron(eye, t + (0.5 * p * h) * d) + sp.kron(t, eye)
        out.append(Instance(from_scipy(a, truncated_normal(rng, m * m)), (p,)))
    return out
