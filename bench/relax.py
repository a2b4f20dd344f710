"""Benchmark: choosing the SOR omega across sequences of linear systems (issue 3).

For each family a pool of instances is drawn and every instance is solved by
SOR at every grid omega (and at its Young's omega) once; sequences are then
replayed from that table, so a policy's cost is exactly what SOR would have
taken. Reported: mean iterations per system over the whole sequence and its
second half for Gauss–Seidel, the best fixed grid omega in hindsight, Young's
omega, the instance-optimal grid oracle, Tsallis-INF, ChebCB and the default
(AUTO) policy without and with context; plus one SOR sweep's time over one
scipy CSR matvec. The SuggestOmega+ReportOutcome loopback latency is measured
by ``bench/relax_latency.py``. JSON lines as in ``bench/harness.py``: ratio > 1
means fewer iterations (a faster sweep) than the anchor.

Run from the repository root: ``.venv/bin/python -m bench.relax [--quick]``; writes
``bench/out/relax_cumulative.png`` and ``bench/out/relax.json`` (``*_quick.*`` with
``--quick``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from bench.harness import OUT, Report, parser
from tuneforge.relax.families import (
    Instance,
    convection_diffusion_family,
    heat_family,
    laplacian_2d,
    laplacian_3d_family,
    mesh_family,
    shifted_laplacian_family,
    truncated_normal,
)
from tuneforge.relax.policies import make_policy
from tuneforge.relax.policy import Policy
from tuneforge.relax.solvers import optimal_omega, sor
from tuneforge.relax.systems import from_scipy

GRID = np.linspace(1.0, 1.95, 20)


def dominant_family(rng: np.random.Generator, size: int, m: int = 10) -> list[Instance]:
    """Strongly diagonally dominant shifted Laplacians (c ∈ [2, 6]): ω ≈ 1 is best."""
    lap, eye = laplacian_2d(m), sp.identity(m * m, format="csr")
    out = []
    for _ in range(size):
        c = float(rng.uniform(2.0, 6.0))
        out.append(Instance(from_scipy(lap + c * eye, truncated_normal(rng, m * m)), (c,)))
    return out


_R20 = (1 - np.cos(np.pi / 21)) / (1 - np.cos(np.pi / 11))  # the m=20 shift scale
_L3 = 6 * (1 - np.cos(np.pi / 7))  # λ_min of the 6³ Laplacian


@dataclass
class Family:
    name: str
    draw: Callable[[np.random.Generator, int], list[Instance]]
    bounds: tuple[float, float]
    ordered: bool = False  # replay the pool in order (a time series) instead of i.i.d.
    size: int = 100  # pool size (full run)


FAMILIES = [
    Family("laplace10-high", lambda r, n: shifted_laplacian_family(r, n, variance="high"),
           (-0.15, 0.65)),
    Family("laplace10-low", lambda r, n: shifted_laplacian_family(r, n, variance="low"),
           (-0.15, 0.65)),
    Family("laplace20-low", lambda r, n: shifted_laplacian_family(r, n, m=20, variance="low"),
           (-0.15 * _R20, 0.65 * _R20)),
    Family("heat-cn", lambda r, n: heat_family(r, n), (0.0, 10.0), ordered=True),
    Family("mesh-size", lambda r, n: mesh_family(r, n), (6.0, 24.0)),
    # Robustness checks, not used to design the policy: 3-D, and a nonsymmetric
    # family where large omegas diverge or hit the cap.
    Family("laplace3d-high", lambda r, n: laplacian_3d_family(r, n), (-0.9 * _L3, 2.1 * _L3)),
    Family("convdiff", lambda r, n: convection_diffusion_family(r, n), (0.0, 60.0), size=40),
]  # fmt: skip


@dataclass
class Pool:
    costs: np.ndarray  # (instances, arms) iterations
    converged: np.ndarray  # (instances, arms)
    young: np.ndarray  # iterations at Young's omega
    contexts: np.ndarray  # (instances,)


def build_pool(instances: list[Instance]) -> Pool:
    k = len(instances)
    costs = np.zeros((k, GRID.size))
    conv = np.zeros((k, GRID.size), dtype=bool)
    young = np.zeros(k)
    for i, inst in enumerate(instances):
        for a, w in enumerate(GRID):
            r = sor(inst.system, float(w))
            costs[i, a], conv[i, a] = r.iterations, r.converged
        try:
            w = min(optimal_omega(inst.system), 1.999)
        except ValueError:
            w = 1.0
        young[i] = sor(inst.system, w).iterations
    return Pool(costs, conv, young, np.array([inst.context[0] for inst in instances]))


def replay(policy: Policy, pool: Pool, order: np.ndarray, contextual: bool) -> np.ndarray:
    out = np.zeros(order.size)
    for t, i in enumerate(order):
        ctx = (float(pool.contexts[i]),) if contextual else None
        arm, _, prob = policy.suggest(ctx)
        out[t] = pool.costs[i, arm]
        policy.update(arm, out[t], ctx, bool(pool.converged[i, arm]), prob)
    return out


def run_family(fam: Family, pool: Pool, order: np.ndarray, seed: int) -> dict[str, np.ndarray]:
    lo, hi = fam.bounds
    c = pool.costs[order]
    best = int(np.argmin(c.mean(axis=0)))
    res = {
        "gauss-seidel": c[:, 0],
        f"best-fixed({GRID[best]:.2f})": c[:, best],
        "young": pool.young[order],
        "oracle": c.min(axis=1),
    }
    res["tsallis-inf"] = replay(make_policy("tsallis_inf", seed=seed), pool, order, False)
    res["chebcb"] = replay(
        make_policy("chebcb", context_lower=[lo], context_upper=[hi], seed=seed), pool, order, True
    )
    res["auto"] = replay(make_policy("auto", seed=seed), pool, order, False)
    res["auto-ctx"] = replay(
        make_policy("auto", context_lower=[lo], context_upper=[hi], seed=seed), pool, order, True
    )
    return res


def sweep_times(m: int, reps: int) -> tuple[float, float]:
    """Seconds per SOR sweep (exact residual test included) and per scipy CSR matvec."""
    rng = np.random.default_rng(0)
    a = laplacian_2d(m) + 0.1 * sp.identity(m * m)
    system = from_scipy(a, rng.standard_normal(m * m))
    sor(system, 1.9, tol=1e-300, max_iter=5)  # compile / load cache
    csr, x = system.to_scipy(), np.ones(m * m)
    best_s, best_m = np.inf, np.inf
    for _ in range(3):
        t0 = time.perf_counter()
        r = sor(system, 1.9, tol=1e-300, max_iter=reps)
        best_s = min(best_s, (time.perf_counter() - t0) / r.iterations)
        t0 = time.perf_counter()
        for _ in range(reps):
            csr @ x
        best_m = min(best_m, (time.perf_counter() - t0) / reps)
    return float(best_s), float(best_m)


REPORT = Report("relax")


def emit(case: str, metric: str, ours: float, anchor: float) -> None:
    """Iterations and seconds: lower is better."""
    REPORT.emit(case, metric, ours, anchor, better="lower")


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("--seeds", type=int, default=None)
    ap.add_argument("--length", type=int, default=None, help="systems per sequence")
    args = ap.parse_args()
    pool_size = 12 if args.quick else 100
    length = args.length or (120 if args.quick else 2000)
    seeds = args.seeds or (1 if args.quick else 2)
    families = FAMILIES[1:2] if args.quick else FAMILIES
    table, curves = [], {}
    t_start = time.perf_counter()
    for fam in families:
        t0 = time.perf_counter()
        size = pool_size if args.quick else fam.size
        pool = build_pool(fam.draw(np.random.default_rng(7), size))
        build_s = time.perf_counter() - t0
        agg: dict[str, list[np.ndarray]] = {}
        for seed in range(seeds):
            rng = np.random.default_rng(1000 + seed)
            ordered = np.arange(length) % size
            order = ordered if fam.ordered else rng.integers(0, size, length)
            for name, costs in run_family(fam, pool, order, seed).items():
                agg.setdefault(name.split("(")[0] if name.startswith("best") else name, []).append(
                    costs
                )
                if name.startswith("best"):
                    agg.setdefault("_best_name", []).append(np.array([float(name[11:15])]))
        half = length // 2
        summary = {
            n: (float(np.mean([c.mean() for c in v])), float(np.mean([c[half:].mean() for c in v])))
            for n, v in agg.items()
            if not n.startswith("_")
        }
        best_omega = float(np.mean(agg["_best_name"]))
        curves[fam.name] = {n: np.mean([np.cumsum(c) for c in v], axis=0)
                            for n, v in agg.items() if not n.startswith("_")}  # fmt: skip
        table.append((fam.name, best_omega, summary, build_s))
        s2 = {n: v[1] for n, v in summary.items()}
        for metric, ours, anchor in (
            ("second_half_mean_iters[auto vs best_fixed]", s2["auto"], s2["best-fixed"]),
            ("second_half_mean_iters[auto_ctx vs oracle]", s2["auto-ctx"], s2["oracle"]),
            ("second_half_mean_iters[auto vs tsallis_inf]", s2["auto"], s2["tsallis-inf"]),
            ("second_half_mean_iters[auto_ctx vs chebcb]", s2["auto-ctx"], s2["chebcb"]),
            ("mean_iters[auto vs gauss_seidel]", summary["auto"][0], summary["gauss-seidel"][0]),
        ):
            emit(fam.name, metric, ours, anchor)

    # Safety: an abrupt change of family halfway (omega ~1.65 best, then omega ~1 best).
    rng = np.random.default_rng(11)
    n_sw = pool_size // 2
    pool = build_pool(shifted_laplacian_family(rng, n_sw, variance="low")
                      + dominant_family(rng, n_sw))  # fmt: skip
    half = length // 2
    order = np.concatenate([rng.integers(0, n_sw, half), rng.integers(n_sw, 2 * n_sw, half)])
    sw = run_family(Family("switch", lambda r, n: [], (-0.15, 6.0)), pool, order, 0)
    sw = {n.split("(")[0]: v for n, v in sw.items()}
    curves["switch (low -> dominant)"] = {n: np.cumsum(v) for n, v in sw.items()}
    table.append(
        (
            "switch",
            float("nan"),
            {n: (float(v.mean()), float(v[half:].mean())) for n, v in sw.items()},
            0.0,
        )
    )
    auto, gs, fixed = sw["auto"], sw["gauss-seidel"], sw["best-fixed"]
    emit("switch", "mean_iters[auto vs gauss_seidel]", float(auto.mean()), float(gs.mean()))
    emit("switch", "second_half_mean_iters[auto vs gauss_seidel]", float(auto[half:].mean()),
         float(gs[half:].mean()))  # fmt: skip
    emit("switch", "second_half_mean_iters[auto vs best_fixed]", float(auto[half:].mean()),
         float(fixed[half:].mean()))  # fmt: skip

    quotients = {}  # seconds per sweep over seconds per matvec, for the table below
    for m in (10, 100) if args.quick else (10, 100, 300):
        sweep_s, matvec_s = sweep_times(m, 20 if args.quick else 200)
        quotients[m] = sweep_s / matvec_s
        emit(f"sweep-n{m * m} vs one scipy CSR matvec", "sor_sweep_s", sweep_s, matvec_s)
    names = ["gauss-seidel", "best-fixed", "young", "oracle", "tsallis-inf", "chebcb", "auto",
             "auto-ctx"]  # fmt: skip
    print(
        f"\nMean SOR iterations per system: whole sequence / second half "
        f"(T={length}, pool={pool_size}, seeds={seeds})\n"
    )
    print("| family | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for fam_name, bo, summ, _ in table:
        cells = [f"{summ[n][0]:.1f} / {summ[n][1]:.1f}" for n in names]
        label = fam_name if np.isnan(bo) else f"{fam_name} (best ω {bo:.2f})"
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("\nSOR sweep time / scipy matvec time: "
          + ", ".join(f"n={m * m}: {q:.2f}" for m, q in quotients.items()))  # fmt: skip
    REPORT.table()
    print(f"\ntotal {time.perf_counter() - t_start:.0f} s")

    OUT.mkdir(parents=True, exist_ok=True)
    suffix = "_quick" if args.quick else ""  # a smoke run never overwrites the real figures
    (OUT / f"relax{suffix}.json").write_text(json.dumps(REPORT.rows, indent=1))
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        cols = 4
        rows_n = -(-len(curves) // cols)
        fig, axes = plt.subplots(rows_n, cols, figsize=(4.0 * cols, 3.2 * rows_n), squeeze=False)
        for ax, (fam_name, cs) in zip(axes.flat, curves.items(), strict=False):
            for n, c in cs.items():
                ax.plot(np.arange(1, c.size + 1), c, label=n, lw=1.3)
            ax.set_title(fam_name, fontsize=9)
            ax.set_xlabel("systems solved", fontsize=8)
            ax.set_ylabel("cumulative SOR iterations", fontsize=8)
            ax.tick_params(labelsize=7)
        for ax in list(axes.flat)[len(curves) :]:
            ax.axis("off")
        axes.flat[0].legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(OUT / f"relax_cumulative{suffix}.png", dpi=110)
    except ImportError:  # matplotlib is optional for the smoke run
        pass


if __name__ == "__main__":
    main()
