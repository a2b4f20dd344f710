"""The interface every omega policy implements, and helpers they share.

A policy picks an arm (an omega on a grid) for the next linear system, given an
optional context vector, and learns from the iteration count it is told. All
policies are deterministic given their seed; ``to_state()`` captures everything,
including the random generator, as a JSON-serialisable dict, so a policy
restored with ``from_state`` makes the same future suggestions.

Reports may arrive out of order and interleaved with suggestions (many clients):
``update`` therefore takes the arm, the context and, for the importance-weighted
learners, the probability with which the arm was suggested.
"""

from __future__ import annotations

import base64
import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple

import numpy as np

from tuneforge.errors import ValidationError, Violations

Context = Sequence[float] | None
GridLike = Sequence[float] | np.ndarray

#: The most context dimensions any policy (and so any sequence) takes: AUTO's
#: statistics grow as (cells per dimension)^dimension.
MAX_CONTEXT_DIM = 8


class Suggestion(NamedTuple):
    """An arm of the grid, its omega and the probability it was drawn with."""

    arm: int
    omega: float
    probability: float


@dataclass(frozen=True, slots=True)
class Recommendation:
    """The omega a policy would use now (no exploration) and the evidence behind it.

    ``arm_means`` are mean iterations per arm as the policy sees them (empirical
    means, or model predictions for model-based policies; NaN where unknown);
    ``arm_counts`` the observations behind each.
    """

    omega: float
    arm: int
    instances_seen: int
    arm_means: list[float] = field(default_factory=list)
    arm_counts: list[float] = field(default_factory=list)
    predicted_iterations: float = math.nan


class Policy(ABC):
    """Chooses omega on ``grid``; ``kind`` names it in states and requests."""

    kind: ClassVar[str]

    def __init__(self, grid: GridLike, context_dim: int = 0) -> None:
        if not 0 <= context_dim <= MAX_CONTEXT_DIM:
            raise ValidationError.single(
                "context_dim", f"at most {MAX_CONTEXT_DIM} context dimensions"
            )
        self.grid = np.asarray(grid, dtype=np.float64)
        self.context_dim = int(context_dim)
        self.instances_seen = 0

    @abstractmethod
    def suggest(self, context: Context = None) -> Suggestion: ...

    @abstractmethod
    def update(
        self,
        arm: int,
        iterations: float,
        context: Context = None,
        converged: bool = True,
        probability: float | None = None,
    ) -> None: ...

    @abstractmethod
    def recommend(self, context: Context = None) -> Recommendation: ...

    @abstractmethod
    def _state(self) -> dict[str, Any]: ...

    @classmethod
    @abstractmethod
    def _from_state(cls, state: dict[str, Any]) -> Policy: ...

    def to_state(self) -> dict[str, Any]:
        """Everything needed to continue identically, as plain JSON types."""
        return {
            "kind": self.kind,
            "grid": self.grid.tolist(),
            "context_dim": self.context_dim,
            "instances_seen": self.instances_seen,
            **self._state(),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Policy:
        """Rebuild a policy of this class from ``to_state()``.

        For a state of any kind, :func:`tuneforge.relax.policies.restore_policy`.
        """
        if cls is Policy:
            raise TypeError("Policy is abstract: use tuneforge.relax.policies.restore_policy")
        policy = cls._from_state(state)
        policy.instances_seen = int(state["instances_seen"])
        return policy

    # ------------------------------------------------------------------ helpers
    def check_context(self, context: Context) -> np.ndarray:
        """The context as a float vector of ``context_dim`` finite values."""
        c = np.asarray([] if context is None else context, dtype=np.float64).ravel()
        if c.size != self.context_dim:
            raise ValidationError.single(
                "context", f"expected {self.context_dim} values, got {c.size}"
            )
        if not np.all(np.isfinite(c)):
            raise ValidationError.single("context", "contains NaN or Inf")
        return c

    def check_report(self, arm: int, iterations: float) -> None:
        v = Violations()
        v.check(0 <= arm < self.grid.size, "arm", f"must lie in [0, {self.grid.size})")
        v.check(
            math.isfinite(iterations) and iterations >= 0, "iterations", "must be finite and >= 0"
        )
        v.raise_if_any()

    def omega(self, arm: int) -> float:
        return float(self.grid[arm])


def make_grid(lo: float, hi: float, size: int) -> np.ndarray:
    """``size`` equally spaced omegas in ``[lo, hi]`` (``linspace``, as the paper)."""
    v = Violations()
    # Named as the request names them: the interval is [omega_min, omega_max].
    v.check(0.0 < lo < 2.0, "omega_min", f"must lie in (0, 2), got {lo}")
    v.check(0.0 < hi < 2.0 and lo <= hi, "omega_max", f"must lie in [omega_min, 2), got {hi}")
    v.check(1 <= size <= 1000, "grid_size", "must lie in [1, 1000]")
    v.check(size == 1 or lo < hi, "grid_size", "a grid of several points needs low < high")
    v.raise_if_any()
    return np.linspace(lo, hi, size)


def rng_state(rng: np.random.Generator) -> dict[str, Any]:
    """PCG64 state with its 128-bit integers as strings (JSON-safe in every language)."""
    st = rng.bit_generator.state
    return {
        "state": str(st["state"]["state"]),
        "inc": str(st["state"]["inc"]),
        "has_uint32": int(st["has_uint32"]),
        "uinteger": int(st["uinteger"]),
    }


def rng_from_state(state: dict[str, Any]) -> np.random.Generator:
    bg = np.random.PCG64()
    bg.state = {
        "bit_generator": "PCG64",
        "state": {"state": int(state["state"]), "inc": int(state["inc"])},
        "has_uint32": int(state["has_uint32"]),
        "uinteger": int(state["uinteger"]),
    }
    return np.random.Generator(bg)


def sample(rng: np.random.Generator, probs: np.ndarray) -> int:
    """Inverse-CDF draw (one uniform per draw, so replays are reproducible)."""
    cdf = np.cumsum(probs)
    i = int(np.searchsorted(cdf, rng.random() * cdf[-1], side="right"))
    return min(i, probs.size - 1)


def pack(arr: np.ndarray) -> dict[str, Any]:
    """An array as little-endian bytes in base64 (JSON-safe, fast for large state)."""
    a = np.ascontiguousarray(arr)
    dtype = "<i8" if a.dtype.kind in "iu" else "<f8"
    return {
        "dtype": dtype,
        "shape": list(a.shape),
        "b64": base64.b64encode(a.astype(dtype).tobytes()).decode("ascii"),
    }


def unpack(d: dict[str, Any]) -> np.ndarray:
    raw = base64.b64decode(d["b64"])
    return np.frombuffer(raw, dtype=d["dtype"]).reshape(d["shape"]).astype(d["dtype"][1:])
