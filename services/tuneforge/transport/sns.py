"""Sinkhorn-Newton-Sparse (SNS): Tang, Shavlovsky, Rahmanian, Tardini, Thekumparampil,
Xiao, Ying, "Accelerating Sinkhorn Algorithm with Sparse Newton Iterations", ICLR 2024
(arXiv 2401.12253). No official code exists; this follows the paper's Algorithm 1.

With scaled potentials z = (alpha, beta) and P = exp(alpha_i + beta_j - C_ij / eps),
the Lyapunov potential

    L(z) = <a, alpha> + <b, beta> - sum_ij P_ij                  (concave)
    grad L = (a - P 1, b - P^T 1)
    -hess L = M = [[diag(P 1), P], [P^T, diag(P^T 1)]]

is the paper's f(x, y) with eta = 1 / eps (x = eps alpha; its "-1" only shifts the
potentials). Stage 1 is Sinkhorn (``sinkhorn.py``); stage 2 repeats

    M_s   = M with P replaced by its ceil(lambda n m) largest entries (the paper's
            Sparsify(hess, rho): threshold at the k-th largest; the diagonal blocks
            are kept whole);
    dz    = CG solution of M_s dz = grad L;
    z    <- z + t dz, t from a backtracking line search on L.

Deviations, all named:

- sparsity: a fixed ``sparsity`` lambda is the paper's rule; the default
  (``sparsity=None``) is adaptive: lambda starts at 8 / min(n, m) and doubles until
  the kept entries carry ``hessian_mass`` (0.999) of P's mass. The paper's
  lambda = 2 / n stalls on geometric costs (see bench/transport.py's sweep); above
  a density of 1/4 the dense P is used (BLAS beats a sparse product there).
- CG is Jacobi-preconditioned (the paper's is plain) and solves with
  M_s + 1e-10 diag(M_s), with the right-hand side projected off M's null vector
  (1, -1): unsparsified, M is exactly singular, and round-off along (1, -1) makes
  CG break down near convergence.
- Line search: Armijo backtracking (c = 1e-4, halving, at most 30 times). Once the
  violation is below 1e-6 of the mass, differences of L drown in round-off, so
  there a step is accepted when it lowers the violation ||grad L||_1 instead.
- If no step is accepted, the caller runs Sinkhorn sweeps and resumes Newton.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from tuneforge.deadline import Deadline
from tuneforge.transport.backend import Array, Backend
from tuneforge.transport.sinkhorn import Potentials, Trace

ARMIJO = 1e-4
MAX_HALVINGS = 30
RIDGE = 1e-10  # relative ridge on M's diagonal: keeps CG defined where M is singular
ROUNDOFF_SWITCH = 1e-6  # relative violation below which Armijo is unreliable
ADAPTIVE_START = 8.0  # adaptive sparsity starts at lambda = 8 / min(n, m), the notes' best
DENSE_ABOVE = 0.25  # density above which P itself beats a sparse product


@dataclass(slots=True)
class NewtonOutcome:
    iterations: int
    cg_iterations: int
    violation: float
    stalled: bool  # the line search found no acceptable step
    nnz: int  # entries of P kept in the sparsified Hessian


@dataclass(slots=True)
class _Point:
    """L and its gradient at z, with P (in its own buffer)."""

    alpha: Array
    beta: Array
    p: Array
    rows: Array
    cols: Array
    value: float
    violation: float


def _evaluate(
    ops: Backend, ce: Array, a: Array, b: Array, alpha: Array, beta: Array, buf: Array
) -> _Point:
    p = ops.plan_into(alpha, beta, ce, buf)
    rows, cols = ops.row_sums(p), ops.col_sums(p)
    value = ops.vdot(a, alpha) + ops.vdot(b, beta) - float(rows.sum())
    violation = ops.l1(rows - a) + ops.l1(cols - b)
    if not math.isfinite(value) or not math.isfinite(violation):
        value, violation = -math.inf, math.inf
    return _Point(alpha, beta, p, rows, cols, value, violation)


def conjugate_gradient(
    ops: Backend,
    matvec: Callable[[Array], Array],
    rhs: Array,
    inv_diag: Array,
    *,
    rtol: float,
    max_iterations: int,
    deadline: Deadline,
) -> tuple[Array, int]:
    """Jacobi-preconditioned CG for a symmetric positive (semi)definite system."""
    x = ops.zeros(rhs.shape[0])
    r = rhs
    s = inv_diag * r
    d = s
    rs = ops.vdot(r, s)
    target = rtol * math.sqrt(ops.vdot(rhs, rhs))
    for i in range(max_iterations):
        deadline.check()
        q = matvec(d)
        curvature = ops.vdot(d, q)
        if not curvature > 0:
            return x, i
        step = rs / curvature
        x = x + step * d
        r = r - step * q
        if math.sqrt(ops.vdot(r, r)) <= target:
            return x, i + 1
        s = inv_diag * r
        rs_next = ops.vdot(r, s)
        d = s + (rs_next / rs) * d
        rs = rs_next
    return x, max_iterations


def _hessian(
    ops: Backend, pt: _Point, nnz: int, adaptive: bool, hessian_mass: float
) -> tuple[int, Callable[[Array], Array]]:
    """The product with M_s: P's ``nnz`` largest entries plus the full diagonal blocks.

    Adaptive: ``nnz`` doubles until the kept entries carry ``hessian_mass`` of P's mass.
    """
    n, m = pt.p.shape
    total = float(pt.rows.sum())
    rows, cols = pt.rows * (1 + RIDGE), pt.cols * (1 + RIDGE)
    while True:
        if nnz >= DENSE_ABOVE * n * m:
            return n * m, lambda d, p=pt.p: ops.concat(
                rows * d[:n] + p @ d[n:], cols * d[n:] + p.T @ d[:n]
            )
        flat = ops.top_k_flat(pt.p, nnz)
        vals = pt.p.reshape(-1)[flat]
        if not adaptive or float(vals.sum()) >= hessian_mass * total:
            break
        nnz *= 2
    s, st = ops.sparse(flat // m, flat % m, vals, n, m)
    return nnz, lambda d: ops.concat(rows * d[:n] + s @ d[n:], cols * d[n:] + st @ d[:n])


def _line_search(
    ops: Backend,
    ce: Array,
    a: Array,
    b: Array,
    pt: _Point,
    grad: Array,
    step: Array,
    mass: float,
    buf: Array,
    deadline: Deadline,
) -> _Point | None:
    """The first of t = 1, 1/2, 1/4, ... whose point ``pt + t step`` is accepted, if any."""
    n = a.shape[0]
    slope = ops.vdot(grad, step)
    t = 1.0
    for _ in range(MAX_HALVINGS):
        deadline.check()
        trial = _evaluate(ops, ce, a, b, pt.alpha + t * step[:n], pt.beta + t * step[n:], buf)
        if pt.violation < ROUNDOFF_SWITCH * mass:  # L's differences are round-off here
            ok = trial.violation < pt.violation
        else:
            ok = trial.value >= pt.value + ARMIJO * t * slope
        if ok:
            return trial
        t /= 2
    return None


def sparse_newton(
    ops: Backend,
    ce: Array,
    a: Array,
    b: Array,
    z: Potentials,
    *,
    tolerance: float,
    max_iterations: int,
    sparsity: float | None,
    hessian_mass: float,
    cg_tolerance: float,
    cg_max_iterations: int,
    buffers: tuple[Array, Array],
    trace: Trace,
    deadline: Deadline,
) -> NewtonOutcome:
    """Stage 2 of SNS from ``z`` (updated in place); ``buffers`` are two n-by-m scratch arrays.

    The deadline is checked every Newton step, CG iteration and line-search trial.
    """
    n, m = a.shape[0], b.shape[0]
    adaptive = sparsity is None
    start = ADAPTIVE_START / min(n, m) if sparsity is None else sparsity
    nnz = min(n * m, max(1, math.ceil(start * n * m)))
    mass = float(a.sum())
    here, spare = buffers
    sign = ops.concat(ops.ones(n), -ops.ones(m))
    pt = _evaluate(ops, ce, a, b, z.alpha, z.beta, here)
    done = cg_total = 0
    stalled = False
    while pt.violation > tolerance and done < max_iterations:
        grad = ops.concat(a - pt.rows, b - pt.cols)
        # M (1, -1) = 0 exactly: drop grad's round-off component along that null vector
        grad = grad - (float(grad[:n].sum()) - float(grad[n:].sum())) / (n + m) * sign
        inv_diag = 1.0 / ops.concat(pt.rows, pt.cols)
        nnz, matvec = _hessian(ops, pt, nnz, adaptive, hessian_mass)
        step, its = conjugate_gradient(
            ops,
            matvec,
            grad,
            inv_diag,
            rtol=cg_tolerance,
            max_iterations=cg_max_iterations,
            deadline=deadline,
        )
        cg_total += its
        accepted = _line_search(ops, ce, a, b, pt, grad, step, mass, spare, deadline)
        if accepted is None:
            stalled = True
            break
        here, spare = spare, here
        pt = accepted
        done += 1
        trace.add(pt.violation)
    z.alpha, z.beta = pt.alpha, pt.beta
    return NewtonOutcome(done, cg_total, pt.violation, stalled, nnz)
