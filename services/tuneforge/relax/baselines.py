"""The baseline omega policy: a fixed omega (Gauss–Seidel is ω = 1).

It never learns; it still counts what it is told so that ``recommend``
reports evidence like every policy. The other baseline, Young's ω*, is not a
policy: it needs each system's matrix, so
:func:`tuneforge.relax.solvers.optimal_omega` computes it per system (Solve
returns it on request; the benchmarks solve with it as the instance-optimal
comparator).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tuneforge.errors import ValidationError
from tuneforge.relax.policy import Context, GridLike, Policy, Recommendation, Suggestion


class FixedOmega(Policy):
    """Always the grid arm nearest to ``omega`` (``omega=1``: Gauss–Seidel)."""

    kind = "fixed"

    def __init__(self, grid: GridLike, *, omega: float, context_dim: int = 0) -> None:
        super().__init__(grid, context_dim)
        if not (0.0 < omega < 2.0):
            raise ValidationError.single("omega", f"must lie in (0, 2), got {omega}")
        self.fixed = float(omega)
        self.arm = int(np.argmin(np.abs(self.grid - omega)))
        self.count = 0
        self.total = 0.0

    def suggest(self, context: Context = None) -> Suggestion:
        self.check_context(context)
        return Suggestion(self.arm, self.omega(self.arm), 1.0)

    def update(
        self,
        arm: int,
        iterations: float,
        context: Context = None,
        converged: bool = True,
        probability: float | None = None,
    ) -> None:
        self.check_report(arm, iterations)
        self.count += 1
        self.total += float(iterations)
        self.instances_seen += 1

    def recommend(self, context: Context = None) -> Recommendation:
        self.check_context(context)
        means = [float("nan")] * self.grid.size
        counts = [0.0] * self.grid.size
        if self.count:
            means[self.arm] = self.total / self.count
            counts[self.arm] = float(self.count)
        return Recommendation(self.omega(self.arm), self.arm, self.instances_seen, means, counts,
                              means[self.arm])  # fmt: skip

    def _state(self) -> dict[str, Any]:
        return {"omega": self.fixed, "count": self.count, "total": self.total}

    @classmethod
    def _from_state(cls, state: dict[str, Any]) -> FixedOmega:
        p = cls(state["grid"], omega=float(state["omega"]), context_dim=int(state["context_dim"]))
        p.count, p.total = int(state["count"]), float(state["total"])
        return p
