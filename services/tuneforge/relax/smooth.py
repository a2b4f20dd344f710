"""The default omega policy (AUTO): a smooth, unimodal, context-local bandit (ours).

What the paper's learners (Tsallis-INF, ChebCB; Khodak et al., ICLR 2024) leave
unused, and how this policy uses it:

* **Unimodality.** Iterations as a function of omega are V-shaped, so only
  the leader and its grid neighbours (``reach`` on each side, default 1; 2 suits
  the flat curves of SSOR-CG) are candidates, as in OSUB (Combes &
  Proutière, "Unimodal bandits", ICML 2014). The leader is the arm with the
  lowest *upper* confidence bound (it must be well supported: one lucky cheap
  system does not make a leader); among the three candidates the policy plays
  the lowest *lower* bound ``m̂_a − κ·ŝ_a·√(log(1+n)/n_a)``. Exploration thus
  stays next to the optimum, where it is cheap.
* **Smoothness across arms.** An arm's mean is shrunk towards its neighbours'
  weighted mean (one pseudo-observation), so unvisited arms get sensible
  estimates and stale neighbours hardly count.
* **Smooth contexts.** Statistics live on a grid of context cells (64 in one
  dimension, about 64 in all for more); an estimate at ``c`` pools cells with
  a Gaussian kernel whose bandwidth is the smallest of 0.5, 1, 2, 4, … cells
  (then all cells) holding ``2·min_support`` observations: it starts
  non-contextual and sharpens as data arrive (nearest-neighbour-style adaptive
  bandwidth). Contexts outside the declared bounds are clipped to them.
* **Objective.** Means and spreads are of iterations themselves (what the user
  pays: the best fixed omega minimises the *mean*, which heavy-tailed hard
  systems dominate), with a prior spread of ``prior_cv`` × the mean.
* **Safety under change.** Statistics are discounted in the reported cell
  (``discount`` per report there, like discounted UCB); a neighbour of the
  leader not played for ``refresh`` reports of its cell is re-checked once; a
  re-checked arm whose log-iterations moved by more than ``stale_z`` × the
  cell's log-spread loses its old statistics; a two-sided CUSUM on the played
  arm's standardised log-iterations forgets everything after a sustained
  surprise. Non-converged reports (iteration cap hit) count as
  ``censor_penalty`` × the reported iterations.

Deterministic (no random draws; the generator is kept only for the common
interface); the suggestion probability is 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from tuneforge.errors import Violations
from tuneforge.relax.policy import (
    Context,
    GridLike,
    Policy,
    Recommendation,
    Suggestion,
    pack,
    rng_from_state,
    rng_state,
    unpack,
)

_ARRAYS = ("w", "s1", "s2", "sl", "sl2", "visits", "last")


def cells_per_dim(context_dim: int) -> int:
    """64 cells in 1-D, then about 64 cells in total (at least 2 per dimension)."""
    if context_dim == 0:
        return 1
    return max(2, round(64 ** (1.0 / context_dim)))


class SmoothUnimodal(Policy):
    """The AUTO policy: unimodal local search on kernel-pooled, discounted statistics."""

    kind = "auto"

    def __init__(
        self,
        grid: GridLike,
        *,
        context_low: Sequence[float] = (),
        context_high: Sequence[float] = (),
        seed: int = 0,
        kappa: float = 0.5,
        discount: float = 0.995,
        min_support: float = 4.0,
        censor_penalty: float = 2.0,
        cusum_threshold: float = 12.0,
        cusum_slack: float = 0.5,
        cells: int | None = None,
        prior_cv: float = 0.3,
        refresh: int = 100,
        stale_z: float = 3.0,
        reach: int = 1,
    ) -> None:
        lo = np.asarray(context_low, dtype=np.float64).ravel()
        hi = np.asarray(context_high, dtype=np.float64).ravel()
        super().__init__(grid, lo.size)
        v = Violations()
        v.check(lo.size == hi.size, "context_upper", "needs as many entries as context_lower")
        v.check(
            lo.size == hi.size and bool(np.all(np.isfinite(lo) & np.isfinite(hi) & (lo < hi))),
            "context_upper", "need finite bounds with context_lower < context_upper",
        )  # fmt: skip
        v.check(0.0 < discount <= 1.0, "discount", "must lie in (0, 1]")
        v.raise_if_any()
        self.low, self.high = lo, hi
        self.seed = int(seed)
        self.rng = np.random.default_rng(seed)  # unused by the rule; kept for the interface
        self.kappa, self.discount = float(kappa), float(discount)
        self.min_support, self.censor_penalty = float(min_support), float(censor_penalty)
        self.cusum_threshold, self.cusum_slack = float(cusum_threshold), float(cusum_slack)
        self.cells = cells_per_dim(self.context_dim) if cells is None else int(cells)
        self.prior_cv = float(prior_cv)
        self.refresh, self.stale_z, self.reach = int(refresh), float(stale_z), int(reach)
        b = self.cells
        axes = [(np.arange(b) + 0.5) / b] * self.context_dim
        mesh = np.meshgrid(*axes, indexing="ij") if axes else []
        self.centres = np.stack([g.ravel() for g in mesh], axis=1) if axes else np.zeros((1, 0))
        self.cell_width = 1.0 / b
        c, k = self.centres.shape[0], self.grid.size
        self.w = np.zeros((c, k))  # discounted counts
        self.s1 = np.zeros((c, k))  # Σ iterations
        self.s2 = np.zeros((c, k))  # Σ iterations²
        self.sl = np.zeros((c, k))  # Σ log iterations
        self.sl2 = np.zeros((c, k))  # Σ (log iterations)²
        self.visits = np.zeros(c, dtype=np.int64)  # reports per cell
        # The cell's visit count at each arm's last play (staleness).
        self.last = np.zeros((c, k), dtype=np.int64)
        self.cusum = [0.0, 0.0]
        self.resets = 0
        self.alarm = False  # a run hit the iteration cap away from the anchor
        self.anchor = int(np.argmin(np.abs(self.grid - 1.0)))

    # ------------------------------------------------------------ estimation
    def _unit(self, context: Context) -> np.ndarray:
        c = self.check_context(context)
        if self.context_dim == 0:
            return c
        return np.asarray(np.clip((c - self.low) / (self.high - self.low), 0.0, 1.0))

    def _cell(self, u: np.ndarray) -> int:
        if self.context_dim == 0:
            return 0
        b = self.cells
        idx = np.minimum((u * b).astype(np.int64), b - 1)
        return int(np.ravel_multi_index(tuple(idx), (b,) * self.context_dim))

    def _pooled(self, u: np.ndarray) -> tuple[np.ndarray, ...]:
        """Kernel-pooled (w, s1, s2, sl, sl2) per arm at the adaptive bandwidth."""
        stats = (self.w, self.s1, self.s2, self.sl, self.sl2)
        if self.context_dim == 0:
            return tuple(s[0] for s in stats)
        d2 = np.sum((self.centres - u) ** 2, axis=1) / self.cell_width**2
        h = 0.5
        while h < self.cells:  # bandwidths of 0.5, 1, 2, 4, ... cells
            kern = np.exp(-0.5 * d2 / (h * h))
            pw = kern @ self.w
            if pw.sum() >= self.min_support * 2.0:
                return (pw, *(kern @ s for s in stats[1:]))
            h *= 2.0
        return tuple(s.sum(axis=0) for s in stats)

    def estimates(self, context: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(mean iterations, standard deviation, support) per arm at ``context``."""
        w, s1, s2, _, _ = self._pooled(self._unit(context))
        k = self.grid.size
        seen = w > 1e-9
        if not seen.any():
            return np.full(k, np.nan), np.full(k, np.nan), w
        # Shrink towards the neighbours' weighted mean with one pseudo-observation
        # (weighted, so that a stale neighbour hardly counts).
        pad_w, pad_s = np.pad(w, 1), np.pad(s1, 1)
        nw = pad_w[:-2] + pad_w[2:]
        nb = np.where(nw > 1e-9, (pad_s[:-2] + pad_s[2:]) / np.maximum(nw, 1e-300),
                      float(s1.sum() / w.sum()))  # fmt: skip
        mean = (np.where(seen, s1, 0.0) + nb) / (w + 1.0)
        # Spread of the iterations themselves (the mean of a heavy-tailed cost is
        # what we estimate), with a prior of 30% of the mean from two pseudo-observations.
        var = (
            np.maximum(s2 - s1 * s1 / np.maximum(w, 1e-300), 0.0)
            + 2.0 * (self.prior_cv * mean) ** 2
        ) / (w + 2.0)
        # Cap the spread at twice the mean: a few censored or extreme runs must not
        # keep a clearly worse arm in exploration forever.
        return mean, np.minimum(np.sqrt(var), 2.0 * mean), w

    def _bonus(self, spread: np.ndarray, support: np.ndarray) -> np.ndarray:
        n = max(float(support.sum()), 1.0)
        with np.errstate(divide="ignore", over="ignore"):
            return np.asarray(self.kappa * spread * np.sqrt(math.log1p(n) / support))

    def _leader(self, mean: np.ndarray, spread: np.ndarray, support: np.ndarray) -> int:
        """The arm with the lowest upper confidence bound: a leader must be well supported."""
        if np.all(np.isnan(mean)):
            return self.grid.size // 2
        upper = np.where(support > 1e-9, mean + self._bonus(spread, support), np.inf)
        return int(np.argmin(upper))

    # ------------------------------------------------------------ interface
    def suggest(self, context: Context = None) -> Suggestion:
        mean, spread, support = self.estimates(context)
        lead = self._leader(mean, spread, support)
        if np.all(np.isnan(mean)):
            return Suggestion(lead, self.omega(lead), 1.0)
        # Probe the Gauss–Seidel end of the grid after 2, 4, 8, … reports and after a
        # run that hit the iteration cap: the UCB leader then jumps there if the local
        # search sits in a region that diverges or stalls (a logarithmic number of plays).
        n = self.instances_seen
        probe = (n >= 2 and n & (n - 1) == 0) or self.alarm
        if probe and abs(self.anchor - lead) > 1:
            self.alarm = False
            return Suggestion(self.anchor, self.omega(self.anchor), 1.0)
        cell = self._cell(self._unit(context))
        age = self.visits[cell] - self.last[cell]
        if self.visits[cell] >= self.refresh:  # re-check a neighbour not played for long
            stale = [a for a in (lead - 1, lead + 1)
                     if 0 <= a < self.grid.size and age[a] > self.refresh]  # fmt: skip
            if stale:
                a = max(stale, key=lambda j: int(age[j]))
                return Suggestion(a, self.omega(a), 1.0)
        lower = np.where(support > 1e-9, mean - self._bonus(spread, support), -np.inf)
        best, best_index = lead, math.inf
        for a in range(lead - self.reach, lead + self.reach + 1):
            if not 0 <= a < self.grid.size:
                continue
            index = float(lower[a])
            if index < best_index:
                best, best_index = a, index
        return Suggestion(best, self.omega(best), 1.0)

    def update(
        self,
        arm: int,
        iterations: float,
        context: Context = None,
        converged: bool = True,
        probability: float | None = None,
    ) -> None:
        self.check_report(arm, iterations)
        u = self._unit(context)
        cost = max(float(iterations), 1.0) * (1.0 if converged else self.censor_penalty)
        y = math.log(cost)
        self.alarm = self.alarm or (not converged and arm != self.anchor)
        self._watch(u, arm, y)
        c = self._cell(u)
        w = self.w[c, arm]
        if self.visits[c] - self.last[c, arm] > self.refresh // 2 and w > 0.0:
            # A stale arm that now looks very different (on the scale of the whole
            # cell's spread of log-iterations): its old statistics are obsolete.
            mu = self.sl[c, arm] / w
            tot = float(self.w[c].sum())
            mu_c = float(self.sl[c].sum()) / tot
            sd = math.sqrt(max(float(self.sl2[c].sum()) / tot - mu_c * mu_c, 0.0))
            if abs(y - mu) > max(self.stale_z * sd, math.log(1.5)):
                for s in (self.w, self.s1, self.s2, self.sl, self.sl2):
                    s[c, arm] = 0.0
        self.visits[c] += 1
        self.last[c, arm] = self.visits[c]
        if self.discount < 1.0:  # forget in the reported cell only: its own clock
            for s in (self.w, self.s1, self.s2, self.sl, self.sl2):
                s[c] *= self.discount
        self.w[c, arm] += 1.0
        self.s1[c, arm] += cost
        self.s2[c, arm] += cost * cost
        self.sl[c, arm] += y
        self.sl2[c, arm] += y * y
        self.instances_seen += 1

    def _watch(self, u: np.ndarray, arm: int, y: float) -> None:
        """Two-sided CUSUM on the standardised surprise; forget on an alarm."""
        w, _, _, sl, sl2 = self._pooled(u)
        if w[arm] < self.min_support:
            return
        mu = sl[arm] / w[arm]
        sd = math.sqrt(max(sl2[arm] / w[arm] - mu * mu, 0.0))
        z = float(np.clip((y - mu) / max(sd, 0.25), -6.0, 6.0))
        k = self.cusum_slack
        self.cusum = [max(0.0, self.cusum[0] + z - k), max(0.0, self.cusum[1] - z - k)]
        if max(self.cusum) > self.cusum_threshold:
            for s in (self.w, self.s1, self.s2, self.sl, self.sl2):
                s[...] = 0.0
            self.cusum = [0.0, 0.0]
            self.resets += 1

    def recommend(self, context: Context = None) -> Recommendation:
        mean, spread, support = self.estimates(context)
        lead = self._leader(mean, spread, support)
        return Recommendation(
            self.omega(lead), lead, self.instances_seen, mean.tolist(), support.tolist(),
            float(mean[lead]),
        )  # fmt: skip

    def _state(self) -> dict[str, Any]:
        return {
            "rng": rng_state(self.rng),
            "context_low": self.low.tolist(),
            "context_high": self.high.tolist(),
            "params": {
                "kappa": self.kappa,
                "discount": self.discount,
                "min_support": self.min_support,
                "censor_penalty": self.censor_penalty,
                "cusum_threshold": self.cusum_threshold,
                "cusum_slack": self.cusum_slack,
                "cells": self.cells,
                "prior_cv": self.prior_cv,
                "refresh": self.refresh,
                "stale_z": self.stale_z,
                "reach": self.reach,
            },
            **{name: pack(getattr(self, name)) for name in _ARRAYS},
            "cusum": list(self.cusum),
            "resets": self.resets,
            "alarm": self.alarm,
        }

    @classmethod
    def _from_state(cls, state: dict[str, Any]) -> SmoothUnimodal:
        p = cls(state["grid"], context_low=state["context_low"],
                context_high=state["context_high"], **state["params"])  # fmt: skip
        p.rng = rng_from_state(state["rng"])
        for name in _ARRAYS:
            setattr(p, name, unpack(state[name]))
        p.cusum = [float(x) for x in state["cusum"]]
        p.resets = int(state["resets"])
        p.alarm = bool(state["alarm"])
        return p
