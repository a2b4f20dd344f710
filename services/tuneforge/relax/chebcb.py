"""ChebCB: the contextual bandit of "Learning to Relax" (Khodak et al., ICLR 2024).

Follows the official ``learners/ChebCB.m`` for a scalar context ``c ∈ [a, b]``:

* features ``f = (T_0, …, T_{m−1})(2(c − a)/(b − a) − 1)`` (Chebyshev
  polynomials of the first kind, default ``m = 6``);
* per-arm linear predictions ``ŷ_i = θ_i·f`` of ``(cost − 1)/scale``; inverse-gap
  weighting ``p_i = 1/(K + η(ŷ_i − ŷ*))`` for ``i ≠ i*``, the rest to ``i*``;
* on update: ``K_max = max cost``, ``Lip = (max − min cost)/(b − a)``,
  ``N = 2 + 4(b − a)·Lip/K_max·(1 + ln m)``, ``scale = K_max·N``; refit the played
  arm (every arm when ``scale`` changed) by the minimum-norm least-squares
  solution, re-solved with the box ``|θ_j| ≤ ub_j``, ``ub = [1/N,
  2(b − a)Lip/(scale·j)]`` when it leaves the box; then
  ``α = (π + (2/π) ln(2m + 1))(b − a)Lip/(2·scale·(m + 1))``,
  ``R = Σ_t (pred_t − cost_t/scale)²`` and
  ``η = 2t √(K t/(R − resnorm + 2α²t))``, with ``resnorm`` the squared residual
  of the last box-constrained refit of this update (0 if none), as the code.

Deviations: least squares runs on per-arm sufficient statistics (``FᵀF``,
``Fᵀ(k − 1)``, ``Σ(k − 1)²``; the minimum-norm solution is ``pinv(FᵀF)Fᵀy``, the
same as ``lsqminnorm``; the box-constrained refit is ``scipy.optimize.lsq_linear``
on the equivalent eigen-factorised problem) so that the state stays small; ``R``
likewise from running sums. Contexts are clipped to ``[a, b]``. ``η`` is capped
at 1e12 when its denominator vanishes (all costs equal). ``pred_t`` is the
played arm's prediction at report time (equal to the one at suggestion time
when suggestions and reports alternate, as in the paper).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy.optimize import lsq_linear

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
    sample,
    unpack,
)


def chebyshev_features(x: float, m: int) -> np.ndarray:
    """``T_0(x), …, T_{m−1}(x)`` by the three-term recurrence."""
    f = np.ones(m)
    if m > 1:
        f[1] = x
    for j in range(2, m):
        f[j] = 2.0 * x * f[j - 1] - f[j - 2]
    return f


class ChebCB(Policy):
    """Per-arm Chebyshev regression on a scalar context with inverse-gap weighting."""

    kind = "chebcb"

    def __init__(
        self,
        grid: GridLike,
        *,
        low: float,
        high: float,
        m: int = 6,
        seed: int = 0,
    ) -> None:
        super().__init__(grid, context_dim=1)
        v = Violations()
        v.check(math.isfinite(low) and math.isfinite(high) and low < high, "context_upper",
                "ChebCB needs finite bounds with context_lower < context_upper")  # fmt: skip
        v.check(1 <= m <= 32, "chebyshev_degree", "must lie in [1, 32]")
        v.raise_if_any()
        k = self.grid.size
        self.a, self.bma, self.m = float(low), float(high - low), int(m)
        self.rng = np.random.default_rng(seed)
        self.theta = np.zeros((k, m))
        self.gram = np.zeros((k, m, m))  # Σ f fᵀ per arm
        self.fy = np.zeros((k, m))  # Σ f (cost − 1) per arm
        self.yy = np.zeros(k)  # Σ (cost − 1)² per arm
        self.counts = np.zeros(k)
        self.eta = 0.0
        self.scale = 0.0
        self.t = 1
        self.cmax = -math.inf
        self.cmin = math.inf
        # Running sums for R = Σ (pred − cost/scale)².
        self.pp = 0.0
        self.pc = 0.0
        self.cc = 0.0

    def features(self, context: Context) -> np.ndarray:
        c = float(np.clip(self.check_context(context)[0], self.a, self.a + self.bma))
        return chebyshev_features(2.0 / self.bma * (c - self.a) - 1.0, self.m)

    def probabilities(self, f: np.ndarray) -> np.ndarray:
        k = self.grid.size
        yhat = self.theta @ f
        istar = int(np.argmin(yhat))
        p = 1.0 / (k + self.eta * (yhat - yhat[istar]))
        p[istar] = 0.0
        p[istar] = 1.0 - p.sum()
        return np.asarray(p)

    def suggest(self, context: Context = None) -> Suggestion:
        p = self.probabilities(self.features(context))
        i = sample(self.rng, p)
        return Suggestion(i, self.omega(i), float(p[i]))

    def _refit(self, i: int, ub: np.ndarray) -> float | None:
        """Refit arm i; returns the box-constrained squared residual if it was needed."""
        g, fy, yy = self.gram[i], self.fy[i] / self.scale, self.yy[i] / self.scale**2
        theta = np.linalg.pinv(g, rcond=1e-12, hermitian=True) @ fy
        if not np.any(np.abs(theta) > ub):
            self.theta[i] = theta
            return None
        # ‖Fθ − y‖² = θᵀGθ − 2θᵀFᵀy + yᵀy = ‖Λ^½Vᵀθ − Λ^-½VᵀFᵀy‖² + const.
        lam, vec = np.linalg.eigh(g)
        keep = lam > 1e-12 * max(float(lam.max()), 1e-300)
        half = np.sqrt(lam[keep])
        a_mat = half[:, None] * vec[:, keep].T
        rhs = (vec[:, keep].T @ fy) / half
        # A zero bound fixes its coefficient at 0 (lsqlin accepts lb = ub; lsq_linear not).
        free = ub > 0.0
        theta = np.zeros(self.m)
        if free.any():
            res = lsq_linear(a_mat[:, free], rhs, bounds=(-ub[free], ub[free]), method="bvls")
            theta[free] = res.x
        self.theta[i] = theta
        resid = a_mat @ theta - rhs
        const = yy - float(rhs @ rhs)
        return float(max(float(resid @ resid) + const, 0.0))

    def update(
        self,
        arm: int,
        iterations: float,
        context: Context = None,
        converged: bool = True,
        probability: float | None = None,
    ) -> None:
        self.check_report(arm, iterations)
        f = self.features(context)
        pred = float(self.theta[arm] @ f)
        cost = float(iterations)
        self.gram[arm] += np.outer(f, f)
        self.fy[arm] += f * (cost - 1.0)
        self.yy[arm] += (cost - 1.0) ** 2
        self.counts[arm] += 1
        self.pp += pred * pred
        self.pc += pred * cost
        self.cc += cost * cost
        self.cmax, self.cmin = max(self.cmax, cost), min(self.cmin, cost)

        kmax = self.cmax if self.cmax > 0 else 1.0
        lip = (self.cmax - self.cmin) / self.bma
        n_fac = 2.0 + 4.0 * self.bma * lip / kmax * (1.0 + math.log(self.m))
        changed = self.scale != kmax * n_fac
        self.scale = kmax * n_fac
        ub = np.concatenate(([1.0 / n_fac], 2.0 * self.bma * lip / self.scale
                             / np.arange(1, self.m)))  # fmt: skip
        resnorm = 0.0
        for i in range(self.grid.size):
            if (changed or i == arm) and self.counts[i] > 0:
                r = self._refit(i, ub)
                if r is not None:
                    resnorm = r
        alpha = (
            (math.pi + 2.0 / math.pi * math.log(2.0 * self.m + 1.0))
            / (2.0 * self.scale * (self.m + 1.0))
            * self.bma
            * lip
        )
        big_r = self.pp - 2.0 * self.pc / self.scale + self.cc / self.scale**2
        denom = big_r - resnorm + 2.0 * alpha**2 * self.t
        k = self.grid.size
        self.eta = 2.0 * self.t * math.sqrt(k * self.t / denom) if denom > 0 else 1e12
        self.eta = min(self.eta, 1e12)
        self.t += 1
        self.instances_seen += 1

    def recommend(self, context: Context = None) -> Recommendation:
        f = self.features(context)
        yhat = self.theta @ f
        i = int(np.argmin(yhat))
        pred = 1.0 + self.scale * yhat
        return Recommendation(
            self.omega(i), i, self.instances_seen, pred.tolist(), self.counts.tolist(),
            float(pred[i]),
        )  # fmt: skip

    def _state(self) -> dict[str, Any]:
        return {
            "rng": rng_state(self.rng),
            "low": self.a,
            "high": self.a + self.bma,
            "m": self.m,
            "theta": pack(self.theta),
            "gram": pack(self.gram),
            "fy": pack(self.fy),
            "yy": self.yy.tolist(),
            "counts": self.counts.tolist(),
            "eta": self.eta,
            "scale": self.scale,
            "t": self.t,
            "cmax": self.cmax if math.isfinite(self.cmax) else None,
            "cmin": self.cmin if math.isfinite(self.cmin) else None,
            "sums_r": [self.pp, self.pc, self.cc],
        }

    @classmethod
    def _from_state(cls, state: dict[str, Any]) -> ChebCB:
        p = cls(state["grid"], low=float(state["low"]), high=float(state["high"]),
                m=int(state["m"]))  # fmt: skip
        p.rng = rng_from_state(state["rng"])
        p.theta = unpack(state["theta"])
        p.gram = unpack(state["gram"])
        p.fy = unpack(state["fy"])
        p.yy = np.asarray(state["yy"], dtype=np.float64)
        p.counts = np.asarray(state["counts"], dtype=np.float64)
        p.eta, p.scale, p.t = float(state["eta"]), float(state["scale"]), int(state["t"])
        p.cmax = -math.inf if state["cmax"] is None else float(state["cmax"])
        p.cmin = math.inf if state["cmin"] is None else float(state["cmin"])
        p.pp, p.pc, p.cc = (float(x) for x in state["sums_r"])
        return p
