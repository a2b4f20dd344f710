"""What a sequence is, wherever it is stored: its settings, its records, its learning steps.

Pure (no database, no gRPC). :class:`SequenceConfig` is what CreateSequence
fixes for the life of a sequence; :func:`check_new` validates a create
request's name and settings, every field at once. The learning steps
(:func:`suggest`, :func:`learn`, :func:`recommend`) are what a store runs on
a sequence's policy inside its transaction: they say how a sequence's context
reaches its policy (a policy without context ignores it).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from tuneforge.errors import Violations
from tuneforge.relax.policies import POLICIES, make_policy
from tuneforge.relax.policy import MAX_CONTEXT_DIM, Policy, Recommendation, Suggestion
from tuneforge.relax.solvers import SOLVERS

NAME = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


@dataclass(frozen=True, slots=True)
class SequenceConfig:
    """What CreateSequence fixes for the life of a sequence (defaults filled in)."""

    solver: str = "sor"
    policy: str = "auto"
    omega_min: float = 1.0
    omega_max: float = 1.95
    grid_size: int = 20
    context_lower: tuple[float, ...] = ()
    context_upper: tuple[float, ...] = ()
    tolerance: float = 1e-8
    max_iterations: int = 10_000
    seed: int = 0
    fixed_omega: float = 1.0

    def violations(self, v: Violations) -> None:
        """Record what is wrong with these settings in ``v``.

        The policy's own checks (its grid, ChebCB's scalar context) run when
        :meth:`new_policy` builds it, as :func:`check_new` does.
        """
        v.check(self.solver in SOLVERS, "solver", f"must be one of {tuple(SOLVERS)}")
        v.check(self.policy in POLICIES, "policy", f"must be one of {tuple(POLICIES)}")
        lo, hi = self.context_lower, self.context_upper
        if v.check(
            len(lo) == len(hi), "context_upper", "must have as many entries as context_lower"
        ):
            for i, (a, b) in enumerate(zip(lo, hi, strict=True)):
                v.check(
                    math.isfinite(a) and math.isfinite(b) and a < b,
                    f"context_upper[{i}]",
                    f"bounds must be finite with lower < upper, got [{a}, {b}]",
                )
        v.check(
            len(lo) <= MAX_CONTEXT_DIM,
            "context_lower",
            f"at most {MAX_CONTEXT_DIM} context dimensions",
        )
        v.check(0 < self.tolerance < 1, "tolerance", "must lie in (0, 1)")
        v.check(1 <= self.max_iterations <= 10_000_000, "max_iterations", "must lie in [1, 1e7]")
        v.check(0 < self.fixed_omega < 2, "fixed_omega", "must lie in (0, 2)")
        v.check(0 <= self.seed < 2**63, "seed", "must lie in [0, 2^63)")

    def new_policy(self) -> Policy:
        """The policy a new sequence with these settings starts from."""
        return make_policy(
            self.policy,
            omega_min=self.omega_min,
            omega_max=self.omega_max,
            grid_size=self.grid_size,
            context_lower=self.context_lower,
            context_upper=self.context_upper,
            seed=self.seed,
            fixed_omega=self.fixed_omega,
            solver=self.solver,
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> SequenceConfig:
        d = json.loads(text)
        d["context_lower"] = tuple(d["context_lower"])
        d["context_upper"] = tuple(d["context_upper"])
        return cls(**d)


def check_new(name: str, config: SequenceConfig) -> None:
    """Validate a new sequence's name and settings, reporting every bad field at once."""
    v = Violations()
    v.check(bool(NAME.match(name)), "name", "1 to 128 characters of letters, digits, '.', '_', '-'")
    config.violations(v)
    v.raise_if_any()
    config.new_policy()


@dataclass(frozen=True, slots=True)
class SequenceRecord:
    """A sequence as stored: settings, counters, times (epoch seconds)."""

    id: str
    name: str
    config: SequenceConfig
    instances: int
    total_iterations: int
    pending: int
    created: float
    updated: float


@dataclass(frozen=True, slots=True)
class Suggested:
    """A suggestion drawn for a sequence, under the id its report must name."""

    suggestion_id: str
    suggestion: Suggestion


def _context(policy: Policy, context: Sequence[float]) -> list[float] | None:
    return list(context) if policy.context_dim else None


def suggest(policy: Policy, context: Sequence[float]) -> Suggestion:
    """The policy's next suggestion for ``context`` (advances the policy's state)."""
    return policy.suggest(_context(policy, context))


def learn(
    policy: Policy,
    suggestion: Suggestion,
    context: Sequence[float],
    iterations: int,
    converged: bool,
) -> None:
    """Tell the policy the outcome of ``suggestion``, drawn for ``context``."""
    policy.update(
        suggestion.arm,
        float(iterations),
        _context(policy, context),
        converged=converged,
        probability=suggestion.probability,
    )


def recommend(policy: Policy, context: Sequence[float]) -> Recommendation:
    """The omega the policy would use now at ``context`` (no exploration)."""
    return policy.recommend(_context(policy, context))
