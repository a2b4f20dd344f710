"""Solve entropic optimal transport: ``solve`` (one problem) and ``solve_batch``.

Methods:

- ``SINKHORN``: log-domain Sinkhorn with absorption (``sinkhorn.py``) until the
  marginal violation ||P 1 - a||_1 + ||P^T 1 - b||_1 <= tolerance.
- ``SNS``: Sinkhorn-Newton-Sparse (``sns.py``): ``warm_start_iterations`` Sinkhorn
  sweeps, then sparse Newton steps; if a line search fails, ``FALLBACK_SWEEPS``
  Sinkhorn sweeps and Newton again, or, if that Newton call made no step at all,
  Sinkhorn to the end (within ``max_iterations``).
- ``AUTO``: Sinkhorn for up to ``auto_switch_iterations`` sweeps (each costs two
  matrix-vector products, so easy problems, large epsilon or loose tolerance,
  finish here) and, if the tolerance is not met, SNS's Newton stage from there.
  The result names the method that produced it.

``epsilon_scaling`` first anneals epsilon geometrically (factor
``epsilon_scaling_factor``) from the cost's spread down to epsilon, a few Sinkhorn
sweeps per level, and starts the chosen method from those potentials.

Weights of zero are removed before solving (their potential is -inf: the plan's
row or column is zero). Non-convergence within the caps is reported
(``converged = False`` with the achieved violation), never raised. Two things
stop a solve early: its :class:`~tuneforge.deadline.Deadline` (checked by every
sweep, Newton step, line-search trial and CG iteration), and an iterate that
goes non-finite, which no further iteration repairs: that is a ``ValidationError``
on ``cost`` (:data:`DIVERGED`), never a NaN answer.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from tuneforge.deadline import Deadline
from tuneforge.errors import ResourceExhaustedError, ValidationError, Violations
from tuneforge.transport.backend import Array, Backend, make_backend
from tuneforge.transport.problem import TransportBatch, TransportProblem
from tuneforge.transport.sinkhorn import Diverged, Potentials, Trace, sinkhorn
from tuneforge.transport.sns import sparse_newton

FALLBACK_SWEEPS = 20
SCALING_LEVEL_SWEEPS = 50  # per annealing level, at most
SCALING_LEVEL_TOLERANCE = 1e-3  # per annealing level, relative to the mass
DIVERGED = (
    "the solve diverged: cost entries too large for epsilon; rescale the cost "
    "(normalize_cost) or raise epsilon"
)


class Method(StrEnum):
    AUTO = "auto"
    SINKHORN = "sinkhorn"
    SNS = "sns"


class PlanFormat(StrEnum):
    NONE = "none"
    DENSE = "dense"
    SPARSE = "sparse"


@dataclass(frozen=True, slots=True)
class SolveOptions:
    """How to solve; every field has a request field of the same name."""

    method: Method = Method.AUTO
    tolerance: float = 1e-9  # on ||P 1 - a||_1 + ||P^T 1 - b||_1
    max_iterations: int = 100_000  # Sinkhorn sweeps, all Sinkhorn stages together
    max_newton_iterations: int = 500
    warm_start_iterations: int = 20  # SNS stage 1 (the paper's N1)
    auto_switch_iterations: int = 200
    sparsity: float | None = None  # the paper's lambda (kept fraction of P); None: adaptive
    hessian_mass: float = 0.999  # adaptive sparsity: keep this much of P's mass
    cg_tolerance: float = 1e-10
    cg_max_iterations: int = 2_000
    epsilon_scaling: bool = False
    epsilon_scaling_factor: float = 0.5
    plan: PlanFormat = PlanFormat.NONE
    plan_threshold: float = 0.0  # sparse plan: keep entries > this
    max_plan_entries: int = 4_000_000
    max_problem_entries: int = 25_000_000  # n * m, each n-by-m array is 8 n m bytes
    backend: str = "auto"  # auto | numpy | torch
    device: str | None = None  # torch device, e.g. "cuda:0"
    record_history: bool = False


@dataclass(frozen=True, slots=True)
class SparsePlan:
    """The plan's support in COO form, sorted by (row, col)."""

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    shape: tuple[int, int]
    truncated: bool  # more than max_plan_entries entries were above the threshold


@dataclass(frozen=True, slots=True)
class TransportResult:
    """Potentials are in cost units: P_ij = exp((f_i + g_j - C_ij) / epsilon)."""

    method: Method  # the method that produced the result (AUTO resolved)
    backend: str
    f: np.ndarray
    g: np.ndarray
    cost: float  # <C, P>
    entropic_cost: float  # <C, P> + epsilon * sum P log P (POT's objective)
    violation: float
    converged: bool
    scaling_iterations: int
    sinkhorn_iterations: int
    newton_iterations: int
    cg_iterations: int
    hessian_nnz: int  # entries of P kept in the sparsified Hessian (0 if no Newton step)
    wall_time_s: float
    plan: np.ndarray | None = None
    plan_support: SparsePlan | None = None
    history_iterations: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    history_violations: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def iterations(self) -> int:
        """All iterations, every stage: annealing + Sinkhorn sweeps + Newton steps."""
        return self.scaling_iterations + self.sinkhorn_iterations + self.newton_iterations


def check_options(options: SolveOptions, n: int, m: int) -> None:
    """Reject bad options (``ValidationError``) and oversized work (``ResourceExhaustedError``)."""
    v = Violations()
    finite_pos = [("tolerance", options.tolerance), ("cg_tolerance", options.cg_tolerance)]
    for name, value in finite_pos:
        v.check(math.isfinite(value) and value > 0, name, "must be a finite number > 0")
    for name, low in [
        ("max_iterations", 1),
        ("max_newton_iterations", 0),
        ("warm_start_iterations", 1),
        ("auto_switch_iterations", 1),
        ("cg_max_iterations", 1),
        ("max_plan_entries", 1),
    ]:
        v.check(getattr(options, name) >= low, name, f"must be >= {low}")
    if options.sparsity is not None:
        v.check(0 < options.sparsity <= 1, "sparsity", "must be in (0, 1]")
    v.check(0 < options.hessian_mass <= 1, "hessian_mass", "must be in (0, 1]")
    v.check(0 < options.epsilon_scaling_factor < 1, "epsilon_scaling_factor", "must be in (0, 1)")
    v.check(options.plan_threshold >= 0, "plan_threshold", "must be >= 0")
    v.check(options.backend in ("auto", "numpy", "torch"), "backend", "auto, numpy or torch")
    v.check(options.method in tuple(Method), "method", "unknown method")
    v.check(options.plan in tuple(PlanFormat), "plan", "unknown plan format")
    v.raise_if_any()
    if n * m > options.max_problem_entries:
        raise ResourceExhaustedError(
            f"{n} x {m} cost exceeds the limit of {options.max_problem_entries} entries"
        )
    if options.plan == PlanFormat.DENSE and n * m > options.max_plan_entries:
        raise ResourceExhaustedError(
            f"a dense {n} x {m} plan exceeds max_plan_entries = {options.max_plan_entries}"
        )


def _sparse_plan(p: np.ndarray, threshold: float, limit: int) -> SparsePlan:
    keep = np.flatnonzero(p > threshold)
    truncated = keep.size > limit
    if truncated:
        keep = keep[np.argpartition(p.reshape(-1)[keep], keep.size - limit)[keep.size - limit :]]
        keep.sort()
    rows, cols = np.divmod(keep, p.shape[1])
    return SparsePlan(rows, cols, p.reshape(-1)[keep], (p.shape[0], p.shape[1]), truncated)


@dataclass(slots=True)
class _Work:
    """One weight pair's solve in progress: its data on the device, potentials, counters."""

    a: Array
    b: Array
    z: Potentials
    buf: Array  # n-by-m scratch, shared by the stages
    trace: Trace
    deadline: Deadline
    ce: Array | None = None  # cost / epsilon at the target epsilon
    scaling: int = 0  # annealing sweeps
    sweeps: int = 0  # Sinkhorn sweeps at the target epsilon
    newton: int = 0
    cg: int = 0
    nnz: int = 0
    violation: float = math.inf


class _Solver:
    """One cost and epsilon on one backend; ``run`` solves for a pair of weights.

    The stages, in order: :meth:`_anneal` (with ``epsilon_scaling``), :meth:`_sinkhorn`
    (the first stage of every method, which also resolves AUTO), :meth:`_newton`
    (SNS, with Sinkhorn fallbacks), :meth:`_result`.
    """

    def __init__(self, cost: np.ndarray, epsilon: float, options: SolveOptions) -> None:
        self.cost = cost
        self.eps = epsilon
        self.opt = options
        self.ops: Backend = make_backend(options.backend, options.device)
        self._ce: Array | None = None  # cost / epsilon on the device, full support

    def _scaled_cost(self, cost: np.ndarray, eps: float, full: bool) -> Array:
        if full and eps == self.eps:
            if self._ce is None:
                self._ce = self.ops.asarray(cost) / eps
            return self._ce
        return self.ops.asarray(cost) / eps

    def run(self, a_full: np.ndarray, b_full: np.ndarray, deadline: Deadline) -> TransportResult:
        start = time.perf_counter()
        ops = self.ops
        on_a, on_b = a_full > 0, b_full > 0  # zero weights are solved without
        full = bool(on_a.all() and on_b.all())
        cost = self.cost if full else self.cost[np.ix_(on_a, on_b)]
        n, m = cost.shape
        w = _Work(
            ops.asarray(a_full[on_a]),
            ops.asarray(b_full[on_b]),
            Potentials(ops.zeros(n), ops.zeros(m)),
            ops.empty(n, m),
            Trace(self.opt.record_history, [], []),
            deadline,
        )
        if self.opt.epsilon_scaling:
            self._anneal(w, cost, full)
        w.ce = self._scaled_cost(cost, self.eps, full)
        method = self._sinkhorn(w)
        if method == Method.SNS and w.violation > self.opt.tolerance:
            self._newton(w)
        return self._result(w, method, on_a, on_b, start)

    def _sweeps(self, w: _Work, cap: int) -> None:
        """At most ``cap`` Sinkhorn sweeps at the target epsilon."""
        done, w.violation = sinkhorn(
            self.ops,
            w.ce,
            w.a,
            w.b,
            w.z,
            tolerance=self.opt.tolerance,
            max_iterations=cap,
            buf=w.buf,
            trace=w.trace,
            deadline=w.deadline,
        )
        w.sweeps += done

    def _sinkhorn(self, w: _Work) -> Method:
        """Every method's first stage, as many sweeps as it allows; the method that continues."""
        opt = self.opt
        first = {
            Method.SINKHORN: opt.max_iterations,
            Method.SNS: opt.warm_start_iterations,
            Method.AUTO: opt.auto_switch_iterations,
        }[opt.method]
        self._sweeps(w, min(first, opt.max_iterations))
        if opt.method == Method.AUTO:
            return Method.SINKHORN if w.violation <= opt.tolerance else Method.SNS
        return opt.method

    def _newton(self, w: _Work) -> None:
        """SNS's Newton stage; when a line search fails, Sinkhorn sweeps and Newton again."""
        opt = self.opt
        buffers = (w.buf, self.ops.empty(*w.buf.shape))
        while w.newton < opt.max_newton_iterations:
            out = sparse_newton(
                self.ops,
                w.ce,
                w.a,
                w.b,
                w.z,
                tolerance=opt.tolerance,
                max_iterations=opt.max_newton_iterations - w.newton,
                sparsity=opt.sparsity,
                hessian_mass=opt.hessian_mass,
                cg_tolerance=opt.cg_tolerance,
                cg_max_iterations=opt.cg_max_iterations,
                buffers=buffers,
                trace=w.trace,
                deadline=w.deadline,
            )
            w.newton += out.iterations
            w.cg += out.cg_iterations
            w.nnz, w.violation = out.nnz, out.violation
            if not out.stalled or w.sweeps >= opt.max_iterations:
                return
            # Newton made no step at all: Sinkhorn finishes within its own cap
            budget = FALLBACK_SWEEPS if out.iterations else opt.max_iterations
            self._sweeps(w, min(budget, opt.max_iterations - w.sweeps))
            if w.violation <= opt.tolerance:
                return

    def _result(
        self, w: _Work, method: Method, on_a: np.ndarray, on_b: np.ndarray, start: float
    ) -> TransportResult:
        """Measure the final plan, check it is finite, and put the zero weights back."""
        ops, eps, opt = self.ops, self.eps, self.opt
        p = ops.plan_into(w.z.alpha, w.z.beta, w.ce, w.buf)
        rows, cols = ops.row_sums(p), ops.col_sums(p)
        violation = ops.l1(rows - w.a) + ops.l1(cols - w.b)
        transport = eps * ops.vdot(p, w.ce)
        entropic = eps * (ops.vdot(w.z.alpha, rows) + ops.vdot(w.z.beta, cols))
        alpha, beta = ops.to_numpy(w.z.alpha), ops.to_numpy(w.z.beta)
        finite = all(map(math.isfinite, (violation, transport, entropic)))
        if not (finite and np.isfinite(alpha).all() and np.isfinite(beta).all()):
            raise Diverged(f"violation {violation}, cost {transport}")
        f = np.full(on_a.shape, -np.inf)
        g = np.full(on_b.shape, -np.inf)
        f[on_a] = eps * alpha
        g[on_b] = eps * beta
        plan = support = None
        if opt.plan != PlanFormat.NONE:
            full_p = np.zeros((on_a.size, on_b.size))
            full_p[np.ix_(on_a, on_b)] = ops.to_numpy(p)
            if opt.plan == PlanFormat.DENSE:
                plan = full_p
            else:
                support = _sparse_plan(full_p, opt.plan_threshold, opt.max_plan_entries)
        return TransportResult(
            method=method,
            backend=f"{ops.name}:{ops.device}",
            f=f,
            g=g,
            cost=transport,
            entropic_cost=entropic,
            violation=violation,
            converged=bool(violation <= opt.tolerance),
            scaling_iterations=w.scaling,
            sinkhorn_iterations=w.sweeps,
            newton_iterations=w.newton,
            cg_iterations=w.cg,
            hessian_nnz=w.nnz,
            wall_time_s=time.perf_counter() - start,
            plan=plan,
            plan_support=support,
            history_iterations=np.asarray(w.trace.iterations, dtype=int),
            history_violations=np.asarray(w.trace.violations, dtype=float),
        )

    def _anneal(self, w: _Work, cost: np.ndarray, full: bool) -> None:
        """Epsilon scaling: a few sweeps at each of spread * q^k > epsilon, potentials carried."""
        spread = float(cost.max() - cost.min())
        q = self.opt.epsilon_scaling_factor
        levels: list[float] = []
        level = self.eps / q
        while level < spread:
            levels.insert(0, level)
            level /= q
        tol = max(self.opt.tolerance, SCALING_LEVEL_TOLERANCE * float(w.a.sum()))
        z, previous = w.z, 1.0
        for level in levels:
            z.alpha, z.beta = z.alpha * (previous / level), z.beta * (previous / level)
            its, _ = sinkhorn(
                self.ops,
                self._scaled_cost(cost, level, full),
                w.a,
                w.b,
                z,
                tolerance=tol,
                max_iterations=SCALING_LEVEL_SWEEPS,
                buf=w.buf,
                trace=w.trace,
                deadline=w.deadline,
            )
            w.scaling, previous = w.scaling + its, level
        z.alpha, z.beta = z.alpha * (previous / self.eps), z.beta * (previous / self.eps)


def solve(
    problem: TransportProblem,
    options: SolveOptions | None = None,
    *,
    deadline: Deadline | None = None,
) -> TransportResult:
    """Solve one validated problem (see :func:`tuneforge.transport.make_problem`).

    Stops with the deadline's error when it passes; a solve that goes non-finite
    is a :class:`ValidationError` on ``cost`` (see :data:`DIVERGED`).
    """
    options = options or SolveOptions()
    check_options(options, *problem.cost.shape)
    solver = _Solver(problem.cost, problem.epsilon, options)
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        try:
            return solver.run(problem.a, problem.b, deadline or Deadline.never())
        except Diverged:
            raise ValidationError.single("cost", DIVERGED, "DIVERGED") from None


def solve_batch(
    batch: TransportBatch,
    options: SolveOptions | None = None,
    *,
    deadline: Deadline | None = None,
) -> list[TransportResult]:
    """Solve every weight pair of a batch against its shared cost (one device copy of it).

    The deadline is checked between problems too; a diverged row is named in the error.
    """
    options = options or SolveOptions()
    check_options(options, *batch.cost.shape)
    deadline = deadline or Deadline.never()
    solver = _Solver(batch.cost, batch.epsilon, options)
    results: list[TransportResult] = []
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        for i in range(len(batch)):
            deadline.check()
            try:
                results.append(solver.run(batch.a[i], batch.b[i], deadline))
            except Diverged:
                raise ValidationError.single(
                    "cost", f"problem {i} (row {i} of a): {DIVERGED}", "DIVERGED"
                ) from None
    return results
