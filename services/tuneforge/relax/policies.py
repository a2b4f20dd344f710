"""The omega policies by the names sequences use: the one registry of them.

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

A name is its class's ``kind``; :data:`POLICIES` is the only list of them (the
service maps the proto enum onto it by name). :func:`make_policy` builds a new
policy, :func:`restore_policy` one saved with ``to_state()``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tuneforge.errors import ValidationError
from tuneforge.relax.baselines import FixedOmega
from tuneforge.relax.chebcb import ChebCB
from tuneforge.relax.policy import Policy, make_grid
from tuneforge.relax.smooth import SmoothUnimodal
from tuneforge.relax.tsallis_inf import TsallisINF

DEFAULT_INTERVAL = (1.0, 1.95)
DEFAULT_GRID_SIZE = 20


@dataclass(frozen=True, slots=True)
class _Options:
    """What :func:`make_policy` passes on besides the grid."""

    context_lower: Sequence[float]
    context_upper: Sequence[float]
    seed: int
    fixed_omega: float | None
    solver: str


def _auto(grid: np.ndarray, o: _Options) -> Policy:
    reach = 2 if o.solver.lower() == "ssor_cg" else 1
    return SmoothUnimodal(
        grid, context_low=o.context_lower, context_high=o.context_upper, seed=o.seed, reach=reach
    )


def _tsallis_inf(grid: np.ndarray, o: _Options) -> Policy:
    return TsallisINF(grid, seed=o.seed, context_dim=len(o.context_lower))


def _chebcb(grid: np.ndarray, o: _Options) -> Policy:
    if len(o.context_lower) != 1 or len(o.context_upper) != 1:
        raise ValidationError.single(
            "context_lower", "ChebCB needs a scalar context (one lower and one upper bound)"
        )
    return ChebCB(grid, low=float(o.context_lower[0]), high=float(o.context_upper[0]), seed=o.seed)


def _fixed(grid: np.ndarray, o: _Options) -> Policy:
    omega = 1.0 if o.fixed_omega is None else float(o.fixed_omega)
    return FixedOmega(grid, omega=omega, context_dim=len(o.context_lower))


@dataclass(frozen=True, slots=True)
class PolicyKind:
    """A policy class and how a new sequence builds it."""

    cls: type[Policy]
    build: Callable[[np.ndarray, _Options], Policy]


#: Every policy by name (its ``kind``), in the order the proto enum lists them.
POLICIES: dict[str, PolicyKind] = {
    k.cls.kind: k
    for k in (
        PolicyKind(SmoothUnimodal, _auto),
        PolicyKind(TsallisINF, _tsallis_inf),
        PolicyKind(ChebCB, _chebcb),
        PolicyKind(FixedOmega, _fixed),
    )
}


def make_policy(
    kind: str = "auto",
    *,
    omega_min: float = DEFAULT_INTERVAL[0],
    omega_max: float = DEFAULT_INTERVAL[1],
    grid_size: int = DEFAULT_GRID_SIZE,
    context_lower: Sequence[float] = (),
    context_upper: Sequence[float] = (),
    seed: int = 0,
    fixed_omega: float | None = None,
    solver: str = "sor",
) -> Policy:
    """Build a policy on ``linspace(omega_min, omega_max, grid_size)``.

    Keywords are named as in ``CreateSequenceRequest``; ``context_lower`` and
    ``context_upper`` declare the context (its dimension is their length).
    ``fixed`` uses ``fixed_omega`` (default 1.0: Gauss–Seidel).
    ``solver="ssor_cg"`` widens AUTO's local search to two arms each side: SSOR-CG
    iteration counts are flat over wide omega ranges, where a one-arm local search
    can stop on a plateau (measured: up to 10% above the best fixed omega).
    """
    grid = make_grid(omega_min, omega_max, grid_size)
    entry = POLICIES.get(kind.lower())
    if entry is None:
        raise ValidationError.single(
            "policy", f"unknown policy {kind.lower()!r}; one of {sorted(POLICIES)}"
        )
    return entry.build(grid, _Options(context_lower, context_upper, seed, fixed_omega, solver))


def restore_policy(state: dict[str, Any]) -> Policy:
    """The policy saved as ``state`` (``to_state()``), of whichever kind it names."""
    kind = state.get("kind")
    entry = POLICIES.get(kind) if isinstance(kind, str) else None
    if entry is None:
        raise ValidationError.single("policy", f"unknown policy kind {kind!r}")
    return entry.cls.from_state(state)
