"""Factory for the omega policies, by the names a ``CreateSequence`` request uses.

=============  ==============================================================
kind           policy
=============  ==============================================================
``auto``       :class:`~tuneforge.relax.smooth.SmoothUnimodal` (default; uses
               the context when ``context_dim > 0``)
``tsallis_inf`` :class:`~tuneforge.relax.tsallis_inf.TsallisINF` (paper)
``chebcb``     :class:`~tuneforge.relax.chebcb.ChebCB` (paper; 1-D context)
``fixed``      :class:`~tuneforge.relax.baselines.FixedOmega` (``omega=1``:
               Gauss–Seidel)
=============  ==============================================================
"""

from __future__ import annotations

from collections.abc import Sequence

from tuneforge.errors import ValidationError
from tuneforge.relax.baselines import FixedOmega
from tuneforge.relax.chebcb import ChebCB
from tuneforge.relax.policy import Policy, make_grid
from tuneforge.relax.smooth import SmoothUnimodal
from tuneforge.relax.tsallis_inf import TsallisINF

POLICY_CLASSES: dict[str, type[Policy]] = {
    cls.kind: cls for cls in (SmoothUnimodal, TsallisINF, ChebCB, FixedOmega)
}

DEFAULT_INTERVAL = (1.0, 1.95)
DEFAULT_GRID_SIZE = 20


def make_policy(
    kind: str = "auto",
    *,
    omega_low: float = DEFAULT_INTERVAL[0],
    omega_high: float = DEFAULT_INTERVAL[1],
    grid_size: int = DEFAULT_GRID_SIZE,
    context_low: Sequence[float] = (),
    context_high: Sequence[float] = (),
    seed: int = 0,
    fixed_omega: float | None = None,
    solver: str = "sor",
) -> Policy:
    """Build a policy on ``linspace(omega_low, omega_high, grid_size)``.

    ``context_low``/``context_high`` declare the context (its dimension is
    their length). ``fixed`` uses ``fixed_omega`` (default 1.0: Gauss–Seidel).
    ``solver="ssor_cg"`` widens AUTO's local search to two arms each side: SSOR-CG
    iteration counts are flat over wide omega ranges, where a one-arm local search
    can stop on a plateau (measured: up to 10% above the best fixed omega).
    """
    kind = kind.lower()
    grid = make_grid(omega_low, omega_high, grid_size)
    if kind == "auto":
        reach = 2 if solver.lower() == "ssor_cg" else 1
        return SmoothUnimodal(
            grid, context_low=context_low, context_high=context_high, seed=seed, reach=reach
        )
    if kind == "tsallis_inf":
        return TsallisINF(grid, seed=seed, context_dim=len(context_low))
    if kind == "chebcb":
        if len(context_low) != 1 or len(context_high) != 1:
            raise ValidationError.single(
                "context_bounds", "ChebCB needs a scalar context (one low and one high bound)"
            )
        return ChebCB(grid, low=float(context_low[0]), high=float(context_high[0]), seed=seed)
    if kind == "fixed":
        omega = 1.0 if fixed_omega is None else float(fixed_omega)
        return FixedOmega(grid, omega=omega, context_dim=len(context_low))
    raise ValidationError.single(
        "policy", f"unknown policy {kind!r}; one of {sorted(POLICY_CLASSES)}"
    )
