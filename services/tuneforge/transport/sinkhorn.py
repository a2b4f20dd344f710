"""Log-domain Sinkhorn with absorption (Schmitzer, "Stabilized sparse scaling
algorithms for entropy regularized transport problems", SIAM J. Sci. Comput. 2019).

Variables are scaled log-potentials alpha = f / epsilon, beta = g / epsilon with
P_ij = exp(alpha_i + beta_j - C_ij / epsilon), POT's convention. An iteration is
the exact Sinkhorn sweep (rows, then columns), i.e. the same iterates as POT's
``sinkhorn_log``, but computed as

    P = diag(u) K diag(v),  K = exp(alpha_i + beta_j - C_ij / epsilon),
    u <- a / (K v),  v <- b / (K^T u),

with u, v absorbed into alpha, beta (and K rebuilt) whenever either leaves
(1e-30, 1e30), so nothing overflows and no row of K loses its mass, at any
epsilon. One sweep then costs two matrix-vector products instead of two
log-sum-exps over the n-by-m matrix. Deviations from a textbook log-domain loop:
the first sweep after a (re)start is done with exact log-sum-exps, so K is
well scaled from the start; and if a product ever stops being finite the sweep
is redone in the log domain from the last absorbed potentials.

The marginal violation ||P 1 - a||_1 + ||P^T 1 - b||_1 is checked after every
sweep at no extra cost: columns are exact after the v-update, and K v, needed
for the next u-update, gives the rows. With finite potentials it is always
finite (K's entries are at most max b); a non-finite violation means the
potentials themselves overflowed, which no later sweep repairs, so the solve
stops there (:class:`Diverged`) instead of sweeping NaNs up to the cap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tuneforge.deadline import Deadline
from tuneforge.transport.backend import Array, Backend

ABSORB_AT = 1e30


class Diverged(ArithmeticError):
    """The iterate went non-finite: cost / epsilon is beyond what float64 can carry."""


@dataclass(slots=True)
class Potentials:
    """Scaled log-potentials, updated in place by the solvers."""

    alpha: Array
    beta: Array


@dataclass(slots=True)
class Trace:
    """Marginal violation after each iteration, across all stages (if recorded)."""

    record: bool
    iterations: list[int]
    violations: list[float]
    count: int = 0  # iterations so far, all stages

    def add(self, violation: float) -> None:
        self.count += 1
        if self.record:
            self.iterations.append(self.count)
            self.violations.append(violation)


def log_sweep(
    ops: Backend, ce: Array, log_a: Array, log_b: Array, z: Potentials, buf: Array
) -> None:
    """One exact log-domain Sinkhorn sweep: rows, then columns."""
    z.alpha = log_a - ops.lse_rows(z.beta, ce, buf)
    z.beta = log_b - ops.lse_cols(z.alpha, ce, buf)


def sinkhorn(
    ops: Backend,
    ce: Array,
    a: Array,
    b: Array,
    z: Potentials,
    *,
    tolerance: float,
    max_iterations: int,
    buf: Array,
    trace: Trace,
    deadline: Deadline,
) -> tuple[int, float]:
    """Run at most ``max_iterations`` sweeps from ``z`` (updated in place).

    Returns (sweeps done, marginal violation at exit); ``buf`` is n-by-m scratch.
    Raises :class:`Diverged` when the iterate goes non-finite, and the deadline's
    errors when it passes (checked every sweep).
    """
    if max_iterations <= 0:
        return 0, float("inf")
    log_a, log_b = ops.log(a), ops.log(b)
    log_sweep(ops, ce, log_a, log_b, z, buf)
    k = ops.plan_into(z.alpha, z.beta, ce, buf)
    u, v = ops.ones(a.shape[0]), ops.ones(b.shape[0])
    done = 1
    while True:
        kv = k @ v
        violation = ops.l1(u * kv - a)  # columns are exact after the v-update
        trace.add(violation)
        if not math.isfinite(violation):
            raise Diverged(f"marginal violation {violation} after {done} sweeps")
        if violation <= tolerance or done >= max_iterations:
            break
        deadline.check()
        u = a / kv
        v = b / (k.T @ u)
        done += 1
        if ops.within(u, 1 / ABSORB_AT, ABSORB_AT) and ops.within(v, 1 / ABSORB_AT, ABSORB_AT):
            continue
        alpha, beta = z.alpha + ops.log(u), z.beta + ops.log(v)
        if ops.within(alpha, -float("inf"), float("inf")) and ops.within(
            beta, -float("inf"), float("inf")
        ):
            z.alpha, z.beta = alpha, beta
        else:  # a product under- or overflowed: redo the sweep in the log domain
            log_sweep(ops, ce, log_a, log_b, z, buf)
        k = ops.plan_into(z.alpha, z.beta, ce, buf)
        u, v = ops.ones(a.shape[0]), ops.ones(b.shape[0])
    z.alpha = z.alpha + ops.log(u)
    z.beta = z.beta + ops.log(v)
    return done, violation
