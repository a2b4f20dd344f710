"""Entropic optimal transport: log-domain Sinkhorn and Sinkhorn-Newton-Sparse (SNS).

>>> problem = make_problem(a, b, epsilon=1e-2, x=x, y=y, metric="sqeuclidean")
>>> result = solve(problem, SolveOptions(method=Method.SNS, tolerance=1e-9))
>>> result.converged, result.violation, result.cost
"""

from tuneforge.transport.problem import (
    METRICS,
    TransportBatch,
    TransportProblem,
    make_batch,
    make_problem,
    pairwise_cost,
)
from tuneforge.transport.solve import (
    Method,
    PlanFormat,
    SolveOptions,
    SparsePlan,
    TransportResult,
    check_options,
    solve,
    solve_batch,
)

__all__ = [
    "METRICS",
    "Method",
    "PlanFormat",
    "SolveOptions",
    "SparsePlan",
    "TransportBatch",
    "TransportProblem",
    "TransportResult",
    "check_options",
    "make_batch",
    "make_problem",
    "pairwise_cost",
    "solve",
    "solve_batch",
]
