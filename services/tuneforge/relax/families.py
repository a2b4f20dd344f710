"""Benchmark families of linear systems: pools of instances, each with a context.

Used by the benchmarks (``bench/relax.py``), the demo and the tests; the
service never builds them (it solves the systems clients send, validated by
:mod:`tuneforge.relax.systems`).

* :func:`shifted_laplacian_family` — the "Learning to Relax" synthetic setup
  (Khodak et al., ICLR 2024, ``scripts/contextual.m``): the 5-point Laplacian
  on an m×m interior grid plus ``c·I`` with ``c = -0.15 + 0.6·Beta(0.5, 1.5)``
  (high variance) or ``Beta(2, 6)`` (low variance, as in the official script:
  also scaled by 0.6 and shifted by -0.15), right-hand sides radially truncated
  Gaussians (``‖b‖ ≤ √n``, rejection sampling). Context = ``c``. For grids
  other than 10×10 (ours) ``c`` is scaled by ``λ_min(m)/λ_min(10)`` so that
  ``A`` stays positive definite, as the paper's ``c ≥ −0.15`` does for m = 10.
* :func:`heat_family` (ours) — Crank–Nicolson steps of the 2-D heat equation
  with the time-varying diffusion coefficient of the paper's ``h2d.m``,
  ``A = I − ½κ(t)·dt·L_h``; context = ``κ``.
* :func:`mesh_family` (ours) — Poisson on m×m grids of varying size
  (``m`` uniform in a range); context = ``m``; the optimal omega
  ``2/(1+sin(π/(m+1)))`` moves with the mesh.
* :func:`laplacian_3d_family` (ours) — 7-point Laplacian on an m³ grid plus a
  shift drawn like the paper's (scaled to its smallest eigenvalue); context = shift.
* :func:`convection_diffusion_family` (ours) — ``−Δu + p·∂u/∂x`` by central
  differences: nonsymmetric, and for large Péclet numbers SOR diverges or stalls
  at large omega (a safety test); context = ``p``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from tuneforge.relax.systems import LinearSystem, from_scipy


@dataclass(frozen=True, slots=True)
class Instance:
    """One system of a family with its context (a tuple of floats, maybe empty)."""

    system: LinearSystem
    context: tuple[float, ...]


def laplacian_2d(m: int) -> sp.csr_matrix:
    """5-point Laplacian (diagonal 4, off-diagonals -1) on an m×m interior grid.

    Same matrix as MATLAB's ``delsq(numgrid('S', m + 2))`` up to node ordering
    (row-major here); both orderings are consistently ordered.
    """
    t = sp.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(m, m))
    eye = sp.identity(m)
    return sp.csr_matrix(sp.kron(eye, t) + sp.kron(t, eye))


def truncated_normal(rng: np.random.Generator, n: int) -> np.ndarray:
    """Standard Gaussian in R^n conditioned on ‖b‖ ≤ √n (rejection, as the official code)."""
    while True:
        b = rng.standard_normal(n)
        if float(b @ b) <= n:
            return b


def shifted_laplacian_family(
    rng: np.random.Generator, size: int, *, m: int = 10, variance: str = "high"
) -> list[Instance]:
    """The paper's pool: ``A = Laplacian(m) + c·I``, ``c = -0.15 + 0.6·Beta``.

    ``variance="high"`` draws Beta(0.5, 1.5), ``"low"`` Beta(2, 6).
    """
    a, b = {"high": (0.5, 1.5), "low": (2.0, 6.0)}[variance]
    lap = laplacian_2d(m)
    eye = sp.identity(m * m, format="csr")
    # c ≥ -0.15 keeps m = 10 positive definite (λ_min = 0.162); other sizes scale the
    # shift by λ_min(m)/λ_min(10) so that they stay so (c < -λ_min would diverge).
    ratio = (1.0 - math.cos(math.pi / (m + 1))) / (1.0 - math.cos(math.pi / 11))
    out = []
    for _ in range(size):
        c = ratio * (-0.15 + 0.6 * float(rng.beta(a, b)))
        out.append(Instance(from_scipy(lap + c * eye, truncated_normal(rng, m * m)), (c,)))
    return out


def heat_coefficient(t: float | np.ndarray) -> np.ndarray:
    """Diffusion coefficient κ(t) = max(0.1 sin 2πt, −10 sin 2πt) of the paper's ``h2d.m``."""
    s = np.sin(2.0 * np.pi * np.asarray(t, dtype=np.float64))
    return np.maximum(0.1 * s, -10.0 * s)


def heat_family(
    rng: np.random.Generator,
    size: int,
    *,
    nx: int = 24,
    dt: float = 0.001,
    kappa: Callable[[np.ndarray], np.ndarray] = heat_coefficient,
) -> list[Instance]:
    """Crank–Nicolson systems ``(I − ½κ dt L_h) u⁺ = (I + ½κ dt L_h) u + dt f`` (ours).

    ``size`` time steps equally spaced over one period ``t ∈ [0, 1)``; the
    state ``u`` is a smooth bump at a random centre plus a moving forcing bump
    (not the simulated trajectory: each instance stands alone, so a pool can be
    replayed in any order). Context = ``κ(t + dt/2)``.
    """
    m = nx - 1
    lap = -laplacian_2d(m) * float(nx * nx)  # L_h: the negative-definite discrete Laplacian
    eye = sp.identity(m * m, format="csr")
    g = (np.arange(1, nx) / nx)[:, None]
    xs, ys = np.broadcast_arrays(g, g.T)

    def bump(cx: float, cy: float, r: float) -> np.ndarray:
        d2 = ((xs - cx) ** 2 + (ys - cy) ** 2) / (r * r)
        with np.errstate(divide="ignore", over="ignore"):
            out = np.where(d2 < 1.0, np.exp(-1.0 / np.maximum(1.0 - d2, 1e-300)), 0.0)
        return np.asarray(out.ravel())

    out = []
    for t in np.arange(size) / size:
        k = float(kappa(np.asarray(t + 0.5 * dt)))
        cl = (0.5 * k * dt) * lap
        cx, cy = rng.uniform(0.3, 0.7, 2)
        u = bump(float(cx), float(cy), 0.25) + 0.05 * rng.standard_normal(m * m)
        f = 32.0 * bump(0.5 + np.cos(16 * np.pi * t) / 4, 0.5 + np.sin(16 * np.pi * t) / 4, 0.125)
        b = (eye + cl) @ u + dt * f
        out.append(Instance(from_scipy(eye - cl, b), (k,)))
    return out


def mesh_family(
    rng: np.random.Generator, size: int, *, m_range: tuple[int, int] = (6, 24)
) -> list[Instance]:
    """Poisson on m×m grids, ``m`` uniform in ``m_range`` (ours); context = ``m``."""
    out = []
    for _ in range(size):
        m = int(rng.integers(m_range[0], m_range[1] + 1))
        out.append(Instance(from_scipy(laplacian_2d(m), truncated_normal(rng, m * m)), (float(m),)))
    return out


def laplacian_3d_family(rng: np.random.Generator, size: int, *, m: int = 6) -> list[Instance]:
    """7-point Laplacian on an m³ grid + ``c·I``, ``c = λ_min·(−0.9 + 3·Beta(0.5, 1.5))``."""
    t = sp.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(m, m))
    eye = sp.identity(m)
    lap = (
        sp.kron(sp.kron(eye, eye), t)
        + sp.kron(sp.kron(eye, t), eye)
        + sp.kron(sp.kron(t, eye), eye)
    )
    lmin = 6.0 * (1.0 - math.cos(math.pi / (m + 1)))
    out = []
    for _ in range(size):
        c = lmin * (-0.9 + 3.0 * float(rng.beta(0.5, 1.5)))
        a = lap + c * sp.identity(m**3)
        out.append(Instance(from_scipy(a, truncated_normal(rng, m**3)), (c,)))
    return out


def convection_diffusion_family(
    rng: np.random.Generator, size: int, *, m: int = 12, peclet: tuple[float, float] = (0, 60)
) -> list[Instance]:
    """``−Δu + p ∂u/∂x`` on an m×m grid (central differences), ``p`` uniform; context = ``p``."""
    h = 1.0 / (m + 1)
    eye = sp.identity(m)
    t = sp.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(m, m))
    d = sp.diags([-1.0, 1.0], [-1, 1], shape=(m, m))
    out = []
    for _ in range(size):
        p = float(rng.uniform(*peclet))
        a = sp.kron(eye, t + (0.5 * p * h) * d) + sp.kron(t, eye)
        out.append(Instance(from_scipy(a, truncated_normal(rng, m * m)), (p,)))
    return out
