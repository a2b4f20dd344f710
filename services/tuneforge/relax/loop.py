"""One step of the learning-to-relax loop: suggest an omega, solve with it, report the cost.

:func:`solve_next` is what the Solve RPC runs (in the solve pool): it needs a
:class:`~tuneforge.relax.store.SequenceStore` and a
:class:`~tuneforge.deadline.Deadline`, nothing of gRPC. A suggestion it draws
is always reported: with the solve's count, or, when the solve fails or is
stopped by its deadline, as a capped run (``max_iterations``, not converged),
so that nothing stays pending.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tuneforge.deadline import Deadline
from tuneforge.relax.solvers import SOLVERS, optimal_omega
from tuneforge.relax.store import SequenceStore
from tuneforge.relax.systems import Csr, validate_system


@dataclass(frozen=True, slots=True)
class Solved:
    """A solve of one system of a sequence, and the suggestion it used."""

    x: np.ndarray
    iterations: int
    omega: float
    residual_norm: float
    converged: bool
    suggestion_id: str
    young_omega: float  # 0.0 unless asked for
    seconds: float  # the solve alone


def solve_next(
    store: SequenceStore,
    ref: str,
    csr: Csr,
    context: Sequence[float],
    *,
    young: bool = False,
    deadline: Deadline,
) -> Solved:
    """Validate ``csr`` for sequence ``ref``'s solver, solve it with the next omega, report it.

    Raises what the store and :func:`~tuneforge.relax.systems.validate_system`
    raise (nothing is suggested then), and the deadline's errors.
    ``young`` also computes Young's omega of the system (an eigen-solve).
    """
    config = store.get(ref).config
    solver = SOLVERS[config.solver]
    system = validate_system(*csr, require_symmetric=solver.symmetric)
    young_omega = optimal_omega(system) if young else 0.0
    deadline.check()  # before drawing a suggestion that could only be compensated
    suggested = store.suggest(ref, context)
    omega = suggested.suggestion.omega
    t0 = time.perf_counter()
    try:
        result = solver.solve(
            system,
            omega,
            tol=config.tolerance,
            max_iter=config.max_iterations,
            deadline=deadline,
        )
    except BaseException:  # never leave the suggestion pending: count it as capped
        store.report(ref, suggested.suggestion_id, config.max_iterations, False)
        raise
    seconds = time.perf_counter() - t0
    store.report(ref, suggested.suggestion_id, result.iterations, result.converged)
    return Solved(
        result.x,
        result.iterations,
        omega,
        result.residual_norm,
        result.converged,
        suggested.suggestion_id,
        young_omega,
        seconds,
    )
