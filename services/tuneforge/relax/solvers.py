"""SOR and SSOR-preconditioned CG on CSR matrices, parameterised by omega.

Follows the solvers of "Learning to Relax" (Khodak et al., ICLR 2024; official
``solvers/sor.m`` and ``solvers/ssor_pcg.m``):

* SOR: ``x₀ = 0``, ``M = D/ω + L``, ``x ← x + M⁻¹(b − Ax)`` (one forward
  Gauss–Seidel-type sweep), stop at the first sweep ``k`` with
  ``‖b − Ax‖ ≤ tol·‖b‖``; the cost is ``k``. At the cap the count is the cap
  and ``converged`` is false (as ``sor.m``, which returns 10 000).
* SSOR-PCG: CG with preconditioner ``M = (D + ωL)ᵀ D⁻¹ (D + ωL) / (ω(2 − ω))``
  (the ``pcg(A, b, tol, maxit, M1, M2, x0)`` call of ``ssor_pcg.m``), stop on
  the recurrence residual ``‖r‖ ≤ tol·‖b‖``; optional warm start ``x0``.

Residual norm inside the SOR sweep (why no second pass): the residual of the
iterate ``x⁽ᵏ⁾`` splits into ``q_i = b_i − L_i x⁽ᵏ⁾ − a_ii x_i⁽ᵏ⁾``, known when
sweep k relaxes row i, and ``−U_i x⁽ᵏ⁾``, which sweep k+1 computes anyway (its
upper-triangle sum uses the old values). So ``‖b − Ax⁽ᵏ⁾‖`` is exact but known
one sweep late; on convergence that extra sweep is undone (``x −= δ``), so the
returned ``x``, iteration count and residual are those of ``sor.m``'s test
at every sweep. The sweep itself is latency-bound on the just-updated
neighbour ``x_{i−1}``, kept in a register and added last. Measured on a
shared 2-core CPU (``bench/relax.py``): one sweep ≈ 0.2 scipy CSR matvecs at
n = 100 (scipy's call overhead dominates), ≈ 2.1–2.3 at n = 10⁴ and 3–4 at
n = 9·10⁴ (x, b, q, δ and ω/a_ii stream besides the matrix, and each row
waits for the previous one).
All kernels are numba-compiled (``cache=True``, ``nogil=True``: solves on the
solve pool's threads run in parallel); ``fastmath`` is off because the sums
feed a convergence test and reassociation would change counts. The sweeps run
in chunks between which a :class:`~tuneforge.deadline.Deadline` is checked.

Deviation: Young's omega uses the spectral radius from ARPACK (``eigsh`` on
the symmetrically scaled ``D^{-1/2} A D^{-1/2}`` when ``A`` is symmetric with a
positive diagonal, else ``eigs`` on ``I − D⁻¹A``; dense ``eigvals`` for
``n ≤ 400``), where ``rho_jacobi.m`` forms the dense Jacobi matrix.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numba
import numpy as np
import scipy.sparse.linalg as spla

from tuneforge.deadline import Deadline
from tuneforge.errors import FieldViolation, ValidationError
from tuneforge.relax.systems import LinearSystem

DEFAULT_TOL = 1e-8
DEFAULT_MAX_ITER = 10_000


@dataclass(frozen=True, slots=True)
class SolveResult:
    """Solution ``x``, sweeps/CG iterations used, final relative residual ‖b−Ax‖/‖b‖."""

    x: np.ndarray
    iterations: int
    residual_norm: float
    converged: bool


# Sweeps (CG iterations) run in chunks of about this many matrix entries between
# two deadline checks: a few milliseconds whatever the system's size, so a stopped
# solve ends promptly and a small one still runs in one compiled call.
CHUNK_ENTRIES = 1 << 22
_RUNNING, _CONVERGED, _BREAKDOWN = 0, 1, 2


@numba.njit(cache=True, nogil=True)
def _sor_sweeps(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    diag_pos: np.ndarray,
    b: np.ndarray,
    x: np.ndarray,
    q: np.ndarray,
    delta: np.ndarray,
    w: np.ndarray,
    omega: float,
    target: float,
    max_iter: int,
    first: int,
    stop: int,
) -> tuple[int, float, bool]:
    """Sweeps ``first … stop − 1`` in place; returns (sweeps counted, ‖b − Ax‖, finished).

    Sweep k+1 reads ``U_i x⁽ᵏ⁾`` anyway; with ``q_i = b_i − L_i x⁽ᵏ⁾ − a_ii x_i⁽ᵏ⁾``
    kept from sweep k it yields ``r⁽ᵏ⁾_i = q_i − U_i x⁽ᵏ⁾`` at no extra pass. The
    count is exact; the sweep that revealed convergence is undone. ``q``, ``delta``
    and ``w = ω/a_ii`` carry the state from one chunk of sweeps to the next.
    """
    n = b.shape[0]
    om1 = 1.0 - omega
    rnorm = math.inf
    for k in range(first, stop):
        acc = 0.0
        prev = 0.0
        for i in range(n):
            d = diag_pos[i]
            start = indptr[i]
            up = 0.0
            for p in range(d + 1, indptr[i + 1]):
                up += data[p] * x[indices[p]]
            r = q[i] - up  # residual of the previous iterate, row i
            acc += r * r
            # The sweep is latency-bound on x[i-1]: keep it in a register and fold
            # everything else first, so that one fma sits on the dependency chain.
            t = b[i] - up
            lo = 0.0
            xi = x[i]
            last = d - 1
            if last >= start and indices[last] == i - 1:
                for p in range(start, last):
                    lo += data[p] * x[indices[p]]
                new = (om1 * xi + w[i] * (t - lo)) - (w[i] * data[last]) * prev
                lo += data[last] * prev
            else:
                for p in range(start, d):
                    lo += data[p] * x[indices[p]]
                new = om1 * xi + w[i] * (t - lo)
            x[i] = new
            prev = new
            delta[i] = new - xi
            q[i] = b[i] - lo - data[d] * new
        rnorm = math.sqrt(acc)  # ‖b − A x⁽ᵏ⁻¹⁾‖
        if k > 1 and (rnorm <= target or k - 1 == max_iter):
            for i in range(n):
                x[i] -= delta[i]
            return k - 1, rnorm, True
    return stop - 1, rnorm, False


@numba.njit(cache=True, nogil=True)
def _ssor_apply(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    diag_pos: np.ndarray,
    omega: float,
    r: np.ndarray,
    z: np.ndarray,
) -> None:
    """z = M⁻¹ r for M = (D + ωU) D⁻¹ (D + ωL) / (ω(2 − ω)), U = Lᵀ for symmetric A."""
    n = r.shape[0]
    # Backward solve (D + ωU) y = r.
    for i in range(n - 1, -1, -1):
        s = r[i]
        for p in range(diag_pos[i] + 1, indptr[i + 1]):
            s -= omega * data[p] * z[indices[p]]
        z[i] = s / data[diag_pos[i]]
    # y ← D y, then forward solve (D + ωL) z = y, scaled by ω(2 − ω).
    scale = omega * (2.0 - omega)
    for i in range(n):
        d = diag_pos[i]
        s = data[d] * z[i]
        for p in range(indptr[i], d):
            s -= omega * data[p] * z[indices[p]]
        z[i] = s / data[d]
    for i in range(n):
        z[i] *= scale


@numba.njit(cache=True, nogil=True)
def _matvec(
    indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, x: np.ndarray, out: np.ndarray
) -> None:
    for i in range(x.shape[0]):
        s = 0.0
        for p in range(indptr[i], indptr[i + 1]):
            s += data[p] * x[indices[p]]
        out[i] = s


@numba.njit(cache=True, nogil=True)
def _pcg_start(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    diag_pos: np.ndarray,
    b: np.ndarray,
    x: np.ndarray,
    r: np.ndarray,
    z: np.ndarray,
    p: np.ndarray,
    omega: float,
    target: float,
) -> tuple[float, float]:
    """``r = b − Ax``; unless ‖r‖ ≤ target already, ``z = M⁻¹r``, ``p = z``. Returns (‖r‖, rᵀz)."""
    n = b.shape[0]
    _matvec(indptr, indices, data, x, r)
    for i in range(n):
        r[i] = b[i] - r[i]
    rnorm = math.sqrt(np.dot(r, r))
    if rnorm <= target:
        return rnorm, 0.0
    _ssor_apply(indptr, indices, data, diag_pos, omega, r, z)
    p[:] = z
    return rnorm, np.dot(r, z)


@numba.njit(cache=True, nogil=True)
def _pcg_iterations(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    diag_pos: np.ndarray,
    x: np.ndarray,
    r: np.ndarray,
    z: np.ndarray,
    p: np.ndarray,
    q: np.ndarray,
    omega: float,
    target: float,
    rz: float,
    rnorm: float,
    first: int,
    stop: int,
) -> tuple[int, float, float, int]:
    """CG iterations ``first … stop − 1`` in place; returns (iterations, ‖r‖, rᵀz, status)."""
    n = x.shape[0]
    for k in range(first, stop):
        _matvec(indptr, indices, data, p, q)
        pq = np.dot(p, q)
        if not pq > 0.0 or not rz > 0.0:  # not SPD (or preconditioner indefinite)
            return k - 1, rnorm, rz, _BREAKDOWN
        alpha = rz / pq
        acc = 0.0
        for i in range(n):
            x[i] += alpha * p[i]
            r[i] -= alpha * q[i]
            acc += r[i] * r[i]
        rnorm = math.sqrt(acc)
        if rnorm <= target:
            return k, rnorm, rz, _CONVERGED
        _ssor_apply(indptr, indices, data, diag_pos, omega, r, z)
        rz_new = np.dot(r, z)
        beta = rz_new / rz
        rz = rz_new
        for i in range(n):
            p[i] = z[i] + beta * p[i]
    return stop - 1, rnorm, rz, _RUNNING


def _chunk(system: LinearSystem, passes: int, deadline: Deadline | None, whole: int) -> int:
    """Sweeps per compiled call: ``whole`` without a deadline, else about CHUNK_ENTRIES."""
    if deadline is None:
        return whole
    return max(1, CHUNK_ENTRIES // (passes * system.nnz + system.n))


def _check_params(omega: float, tol: float, max_iter: int, upper: float) -> None:
    bad = []
    if not (0.0 < omega < upper):
        bad.append(("omega", f"must lie in (0, {upper:g}), got {omega}"))
    if not (0.0 < tol < 1.0):
        bad.append(("tolerance", f"must lie in (0, 1), got {tol}"))
    if max_iter < 1:
        bad.append(("max_iterations", f"must be >= 1, got {max_iter}"))
    if bad:
        raise ValidationError(FieldViolation(f, d) for f, d in bad)


def sor(
    system: LinearSystem,
    omega: float,
    *,
    tol: float = DEFAULT_TOL,
    max_iter: int = DEFAULT_MAX_ITER,
    deadline: Deadline | None = None,
) -> SolveResult:
    """Solve by SOR from ``x₀ = 0``; ``iterations`` is the number of forward sweeps.

    With a ``deadline``, it is checked between chunks of sweeps (see
    :data:`CHUNK_ENTRIES`) and raises when it passes; the count is unaffected.
    """
    _check_params(omega, tol, max_iter, 2.0)
    b = system.rhs
    bnorm = float(np.linalg.norm(b))
    x = np.zeros(system.n)
    if bnorm == 0.0:
        return SolveResult(x, 0, 0.0, True)
    q = b.copy()  # lower+diagonal part of the residual of the current iterate (x0 = 0)
    delta = np.zeros(system.n)
    w = float(omega) / system.data[system.diag_pos]
    step = _chunk(system, 1, deadline, max_iter + 1)
    first, done = 1, False
    while not done:  # the last sweep (k = max_iter + 1) always finishes
        if deadline is not None:
            deadline.check()
        stop = min(first + step, max_iter + 2)
        k, rnorm, done = _sor_sweeps(
            system.indptr, system.indices, system.data, system.diag_pos, b, x, q, delta, w,
            float(omega), tol * bnorm, int(max_iter), first, stop,
        )  # fmt: skip
        first = stop
    rel = rnorm / bnorm
    return SolveResult(x, int(k), float(rel), bool(rel <= tol))


def ssor_pcg(
    system: LinearSystem,
    omega: float,
    *,
    tol: float = DEFAULT_TOL,
    max_iter: int = DEFAULT_MAX_ITER,
    x0: np.ndarray | None = None,
    deadline: Deadline | None = None,
) -> SolveResult:
    """SSOR-preconditioned CG for symmetric positive definite systems (0 < ω < 2).

    Validate the system with ``require_symmetric=True``; an indefinite matrix
    shows up as a breakdown and ``converged=False``. A ``deadline`` is checked
    between chunks of iterations, as in :func:`sor`.
    """
    _check_params(omega, tol, max_iter, 2.0)
    b = system.rhs
    bnorm = float(np.linalg.norm(b))
    if x0 is None:
        x = np.zeros(system.n)
    else:
        x = np.array(x0, dtype=np.float64)
        if x.shape != b.shape or not np.all(np.isfinite(x)):
            raise ValidationError.single("x0", f"must be {system.n} finite values")
    if bnorm == 0.0:
        return SolveResult(np.zeros(system.n), 0, 0.0, True)
    n, target = system.n, tol * bnorm
    args = (system.indptr, system.indices, system.data, system.diag_pos)
    r, z, p, q = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    rnorm, rz = _pcg_start(*args, b, x, r, z, p, float(omega), target)
    k, status = 0, _CONVERGED
    if rnorm > target:
        k, status = max_iter, _RUNNING
        step = _chunk(system, 3, deadline, max_iter)
        first = 1
        while status == _RUNNING and first <= max_iter:
            if deadline is not None:
                deadline.check()
            stop = min(first + step, max_iter + 1)
            k, rnorm, rz, status = _pcg_iterations(
                *args, x, r, z, p, q, float(omega), target, rz, rnorm, first, stop
            )
            first = stop
    rel = rnorm / bnorm
    return SolveResult(x, int(k), float(rel), bool(rel <= tol and status != _BREAKDOWN))


def jacobi_spectral_radius(system: LinearSystem) -> float:
    """β = ρ(I − D⁻¹A), the spectral radius of the Jacobi iteration matrix."""
    a = system.to_scipy()
    d = system.data[system.diag_pos]
    n = system.n
    if n <= 400:
        jac = np.eye(n) - a.toarray() / d[:, None]
        return float(np.max(np.abs(np.linalg.eigvals(jac))))
    sym = (abs(a - a.T).max() <= 1e-12 * abs(a).max()) and bool(np.all(d > 0))
    try:
        if sym:  # I − D^{-1/2} A D^{-1/2} is symmetric and similar to the Jacobi matrix.
            s = 1.0 / np.sqrt(d)
            scaled = a.multiply(s[:, None]).multiply(s[None, :]).tocsr()
            kw = {"k": 1, "return_eigenvectors": False, "tol": 1e-10}
            lo = spla.eigsh(scaled, which="SA", **kw)[0]
            hi = spla.eigsh(scaled, which="LA", **kw)[0]
            return float(max(abs(1.0 - lo), abs(1.0 - hi)))
        op = spla.LinearOperator((n, n), matvec=lambda v: v - (a @ v) / d, dtype=np.float64)
        vals = spla.eigs(op, k=1, which="LM", return_eigenvectors=False, tol=1e-10)
        return float(np.max(np.abs(vals)))
    except spla.ArpackNoConvergence as exc:
        raise ValidationError.single(
            "matrix", f"the Jacobi spectral radius (for Young's omega) did not converge: {exc}"
        ) from exc


def young_omega(beta: float) -> float:
    """Young's optimal SOR factor ω* = 2 / (1 + √(1 − β²)) for consistently ordered A.

    Requires β < 1 (Jacobi converges); raises ValidationError otherwise.
    """
    if not (0.0 <= beta < 1.0):
        raise ValidationError.single(
            "matrix", f"Young's omega needs a Jacobi spectral radius < 1, got {beta:.6g}"
        )
    return 2.0 / (1.0 + math.sqrt(1.0 - beta * beta))


def optimal_omega(system: LinearSystem) -> float:
    """Young's ω* of a system (an eigen-solve: the paper's instance-optimal comparator)."""
    return young_omega(jacobi_spectral_radius(system))


@dataclass(frozen=True, slots=True)
class Solver:
    """A solver by the name sequences use: the function, and whether it needs an SPD matrix."""

    solve: Callable[..., SolveResult]
    symmetric: bool


#: The solvers by name: the one list (the service maps proto enum names onto it).
SOLVERS: dict[str, Solver] = {"sor": Solver(sor, False), "ssor_cg": Solver(ssor_pcg, True)}
