"""Tsallis-INF over an omega grid, as in "Learning to Relax" (Khodak et al., ICLR 2024).

Follows the official ``learners/TsallisINF.m``: learning rate ``η = 2/√t``;
probabilities ``p_i = 4 (η (L̂_i/scale − x))⁻²`` with ``x`` normalising them to
sum to one; importance-weighted cumulative costs ``L̂_i += (k − 1)/p_i`` for the
played arm; ``scale = mean(costs so far) − 1``; ``t`` advances on each update.

Deviations (named, on purpose):

* The normaliser ``x`` is found by bisection on the bracket
  ``[min L̂/scale − 2√K/η, min L̂/scale − 2/η]`` (Σp ≤ 1 at the left end,
  ≥ 1 at the right end) instead of the official 20 unguarded Newton steps
  from ``x = −1``, which can overshoot past ``min L̂`` and collapse the
  distribution onto one arm (Σp ≈ 4e11 observed).
* ``scale`` falls back to 1 while ``mean(costs) − 1 ≤ 0`` (all costs 1),
  where the official code would divide by zero.
* ``update`` takes the probability the arm was suggested with, so reports may
  interleave with suggestions; it defaults to the arm's probability at the last
  suggestion (the official strictly alternating behaviour).
* Non-converged runs count with their reported iterations (the cap), as in
  ``sor.m``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tuneforge.relax.policy import (
    Context,
    GridLike,
    Policy,
    Recommendation,
    Suggestion,
    rng_from_state,
    rng_state,
    sample,
)


def tsallis_probabilities(losses: np.ndarray, eta: float) -> np.ndarray:
    """The 1/2-Tsallis-INF distribution ``4/(η(ℓ_i − x))²`` normalised by bisection."""
    k = losses.size
    lmin = float(losses.min())
    lo, hi = lmin - 2.0 * math.sqrt(k) / eta, lmin - 2.0 / eta

    def total(x: float) -> float:
        return float(np.sum(4.0 / (eta * (losses - x)) ** 2))

    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid <= lo or mid >= hi:
            break
        if total(mid) > 1.0:
            hi = mid
        else:
            lo = mid
    p = 4.0 / (eta * (losses - 0.5 * (lo + hi))) ** 2
    return np.asarray(p / p.sum())


class TsallisINF(Policy):
    """Non-contextual Tsallis-INF bandit (the paper's learner)."""

    kind = "tsallis_inf"

    def __init__(self, grid: GridLike, *, seed: int = 0, context_dim: int = 0) -> None:
        super().__init__(grid, context_dim)
        self.rng = np.random.default_rng(seed)
        self.cum = np.zeros(self.grid.size)  # L̂
        self.t = 1
        self.cost_sum = 0.0
        self.scale = 1.0
        self.last_probs = np.full(self.grid.size, 1.0 / self.grid.size)
        self.counts = np.zeros(self.grid.size)
        self.sums = np.zeros(self.grid.size)

    def probabilities(self) -> np.ndarray:
        return tsallis_probabilities(self.cum / self.scale, 2.0 / math.sqrt(self.t))

    def suggest(self, context: Context = None) -> Suggestion:
        self.check_context(context)
        p = self.probabilities()
        self.last_probs = p
        i = sample(self.rng, p)
        return Suggestion(i, self.omega(i), float(p[i]))

    def update(
        self,
        arm: int,
        iterations: float,
        context: Context = None,
        converged: bool = True,
        probability: float | None = None,
    ) -> None:
        self.check_report(arm, iterations)
        prob = float(self.last_probs[arm]) if probability is None else float(probability)
        prob = max(prob, 1e-300)
        self.cost_sum += iterations
        mean = self.cost_sum / self.t
        self.scale = mean - 1.0 if mean - 1.0 > 0.0 else 1.0
        self.cum[arm] += (iterations - 1.0) / prob
        self.t += 1
        self.instances_seen += 1
        self.counts[arm] += 1
        self.sums[arm] += iterations

    def recommend(self, context: Context = None) -> Recommendation:
        self.check_context(context)
        p = self.probabilities()
        i = int(np.argmax(p))
        with np.errstate(invalid="ignore", divide="ignore"):
            means = np.where(self.counts > 0, self.sums / self.counts, np.nan)
        return Recommendation(
            self.omega(i), i, self.instances_seen, means.tolist(), self.counts.tolist(),
            float(means[i]),
        )  # fmt: skip

    def _state(self) -> dict[str, Any]:
        return {
            "rng": rng_state(self.rng),
            "cum": self.cum.tolist(),
            "t": self.t,
            "cost_sum": self.cost_sum,
            "scale": self.scale,
            "last_probs": self.last_probs.tolist(),
            "counts": self.counts.tolist(),
            "sums": self.sums.tolist(),
        }

    @classmethod
    def _from_state(cls, state: dict[str, Any]) -> TsallisINF:
        p = cls(state["grid"], context_dim=int(state["context_dim"]))
        p.rng = rng_from_state(state["rng"])
        p.cum = np.asarray(state["cum"], dtype=np.float64)
        p.t = int(state["t"])
        p.cost_sum = float(state["cost_sum"])
        p.scale = float(state["scale"])
        p.last_probs = np.asarray(state["last_probs"], dtype=np.float64)
        p.counts = np.asarray(state["counts"], dtype=np.float64)
        p.sums = np.asarray(state["sums"], dtype=np.float64)
        return p
