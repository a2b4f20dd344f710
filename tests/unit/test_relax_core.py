"""Unit tests of the Learning-to-Relax core: validation, families, solvers."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from tuneforge.deadline import Deadline
from tuneforge.errors import CancelledError, DeadlineExceededError, ValidationError
from tuneforge.relax import solvers
from tuneforge.relax.families import (
    convection_diffusion_family,
    heat_family,
    laplacian_2d,
    laplacian_3d_family,
    mesh_family,
    shifted_laplacian_family,
)
from tuneforge.relax.solvers import (
    jacobi_spectral_radius,
    optimal_omega,
    sor,
    ssor_pcg,
    young_omega,
)
from tuneforge.relax.systems import from_scipy, validate_system


def _small(m: int = 6, shift: float = 0.1, seed: int = 0) -> tuple[sp.csr_matrix, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = sp.csr_matrix(laplacian_2d(m) + shift * sp.identity(m * m))
    return a, rng.standard_normal(m * m)


def _fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {v.field for v in exc.value.violations}


# ---------------------------------------------------------------- validation
def test_valid_system_roundtrips() -> None:
    a, b = _small()
    s = validate_system(a.shape, a.indptr, a.indices, a.data, b)
    assert s.n == a.shape[0] and s.nnz == a.nnz
    assert np.array_equal(s.data[s.diag_pos], a.diagonal())


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.update(shape=(3, 4)), "matrix.shape"),
        (lambda d: d.update(rhs=d["rhs"][:-1]), "rhs"),
        (lambda d: d.update(indptr=d["indptr"][:-1]), "matrix.indptr"),
        (lambda d: d["indptr"].__setitem__(-1, 5), "matrix.indptr"),
        (lambda d: d["indices"].__setitem__(0, 99), "matrix.indices"),
        (lambda d: d["indices"].__setitem__(slice(0, 2), [1, 0]), "matrix.indices"),
        (lambda d: d["data"].__setitem__(0, np.nan), "matrix.data"),
        (lambda d: d["rhs"].__setitem__(0, np.inf), "rhs"),
        (lambda d: d["data"].__setitem__(0, 0.0), "matrix.data"),
    ],
)
def test_validation_names_the_field(mutate, field: str) -> None:  # type: ignore[no-untyped-def]
    a = sp.csr_matrix(np.array([[4.0, -1.0, 0.0], [-1.0, 4.0, -1.0], [0.0, -1.0, 4.0]]))
    d = {
        "shape": a.shape,
        "indptr": a.indptr.copy(),
        "indices": a.indices.copy(),
        "data": a.data.copy(),
        "rhs": np.ones(3),
    }
    mutate(d)
    with pytest.raises(ValidationError) as exc:
        validate_system(d["shape"], d["indptr"], d["indices"], d["data"], d["rhs"])
    assert field in _fields(exc)


def test_missing_diagonal_rejected() -> None:
    a = sp.csr_matrix(np.array([[0.0, 1.0], [1.0, 2.0]]))
    a.eliminate_zeros()
    with pytest.raises(ValidationError) as exc:
        from_scipy(a, np.ones(2))
    assert "matrix.data" in _fields(exc) and "missing" in str(exc.value)


def test_ssor_cg_requires_symmetry() -> None:
    a = sp.csr_matrix(np.array([[4.0, -1.0], [-2.0, 4.0]]))
    from_scipy(a, np.ones(2))  # fine for SOR
    with pytest.raises(ValidationError, match="symmetric"):
        from_scipy(a, np.ones(2), require_symmetric=True)


def test_families_have_contexts_in_range() -> None:
    rng = np.random.default_rng(3)
    for inst in shifted_laplacian_family(rng, 20, variance="high"):
        assert -0.15 <= inst.context[0] <= 0.45
        assert np.linalg.norm(inst.system.rhs) <= np.sqrt(inst.system.n)
    heat = heat_family(rng, 8, nx=8)
    assert all(0.0 <= i.context[0] <= 10.0 for i in heat)
    assert len({i.context[0] for i in heat}) > 1
    for inst in mesh_family(rng, 5, m_range=(4, 7)):
        assert inst.system.n == int(inst.context[0]) ** 2
    for inst in laplacian_3d_family(rng, 3, m=4):
        assert inst.system.n == 64
        assert np.all(np.linalg.eigvalsh(inst.system.to_scipy().toarray()) > 0)
    cd = convection_diffusion_family(rng, 2, m=5)
    a = cd[0].system.to_scipy()
    assert abs(a - a.T).max() > 0 and 0 <= cd[0].context[0] <= 60


# ---------------------------------------------------------------- solvers
@pytest.mark.parametrize("omega", [1.0, 1.3, 1.7])
def test_sor_matches_spsolve(omega: float) -> None:
    a, b = _small()
    r = sor(from_scipy(a, b), omega, tol=1e-10)
    exact = spla.spsolve(a.tocsc(), b)
    assert r.converged
    assert np.linalg.norm(r.x - exact) <= 1e-7 * np.linalg.norm(exact)
    # The residual folded into the sweep is the true one.
    true_rel = np.linalg.norm(b - a @ r.x) / np.linalg.norm(b)
    assert r.residual_norm == pytest.approx(true_rel, rel=1e-6)
    assert r.residual_norm <= 1e-10


def test_sor_counts_first_converged_sweep() -> None:
    a, b = _small(seed=1)
    s = from_scipy(a, b)
    r = sor(s, 1.5, tol=1e-6)
    short = sor(s, 1.5, tol=1e-6, max_iter=r.iterations - 1)
    assert r.converged and not short.converged
    assert short.iterations == r.iterations - 1


def test_sor_nonsymmetric_and_cap() -> None:
    rng = np.random.default_rng(2)
    a = sp.random(30, 30, density=0.1, random_state=3, format="csr") + 5 * sp.identity(30)
    b = rng.standard_normal(30)
    r = sor(from_scipy(a, b), 1.1, tol=1e-9)
    assert r.converged
    assert np.allclose(a @ r.x, b, atol=1e-6)
    capped = sor(from_scipy(a, b), 1.1, tol=1e-15, max_iter=3)
    assert capped.iterations == 3 and not capped.converged


@pytest.mark.parametrize("omega", [1.0, 1.5])
def test_ssor_pcg_matches_spsolve(omega: float) -> None:
    a, b = _small(m=8, shift=0.0)
    s = from_scipy(a, b, require_symmetric=True)
    r = ssor_pcg(s, omega, tol=1e-10)
    exact = spla.spsolve(a.tocsc(), b)
    assert r.converged
    assert np.linalg.norm(r.x - exact) <= 1e-7 * np.linalg.norm(exact)
    assert r.iterations < sor(s, omega, tol=1e-10).iterations
    warm = ssor_pcg(s, omega, tol=1e-10, x0=r.x)
    assert warm.iterations <= 1


def test_bad_omega_rejected() -> None:
    a, b = _small()
    with pytest.raises(ValidationError) as exc:
        sor(from_scipy(a, b), 2.0)
    assert "omega" in _fields(exc)


def test_young_omega_classical_value() -> None:
    # Poisson on an m×m grid: β = cos(πh), ω* = 2/(1 + sin(πh)).
    m = 10
    a, b = _small(m=m, shift=0.0)
    s = from_scipy(a, b)
    h = 1.0 / (m + 1)
    assert jacobi_spectral_radius(s) == pytest.approx(np.cos(np.pi * h), rel=1e-8)
    assert optimal_omega(s) == pytest.approx(2.0 / (1.0 + np.sin(np.pi * h)), rel=1e-8)
    big = from_scipy(laplacian_2d(21), np.ones(441))  # ARPACK path
    assert jacobi_spectral_radius(big) == pytest.approx(np.cos(np.pi / 22), rel=1e-6)
    with pytest.raises(ValidationError):
        young_omega(1.0)


def test_young_omega_near_best() -> None:
    a, b = _small(m=10, shift=0.0, seed=5)
    s = from_scipy(a, b)
    w = optimal_omega(s)
    grid = np.linspace(1.0, 1.95, 20)
    iters = [sor(s, float(g)).iterations for g in grid]
    assert sor(s, w).iterations <= min(iters) + 2


# ---------------------------------------------------------------- deadlines
@pytest.mark.parametrize("max_iter", [7, 10_000])
def test_chunked_solves_are_identical(monkeypatch: pytest.MonkeyPatch, max_iter: int) -> None:
    """Checking a deadline between chunks changes neither counts, residuals nor x."""
    a, b = _small(m=10, shift=0.0, seed=4)
    s = from_scipy(a, b, require_symmetric=True)
    whole = [sor(s, 1.5, tol=1e-10, max_iter=max_iter),
             ssor_pcg(s, 1.2, tol=1e-10, max_iter=max_iter)]  # fmt: skip
    monkeypatch.setattr(solvers, "CHUNK_ENTRIES", 1)  # one sweep per compiled call
    d = Deadline(60)
    chunked = [sor(s, 1.5, tol=1e-10, max_iter=max_iter, deadline=d),
               ssor_pcg(s, 1.2, tol=1e-10, max_iter=max_iter, deadline=d)]  # fmt: skip
    for w, c in zip(whole, chunked, strict=True):
        assert (w.iterations, w.residual_norm, w.converged) == (
            c.iterations, c.residual_norm, c.converged,
        )  # fmt: skip
        assert np.array_equal(w.x, c.x)
    assert whole[0].converged == (max_iter > 7)


@pytest.mark.parametrize("solve", [sor, ssor_pcg])
def test_solvers_stop_at_their_deadline(solve) -> None:  # type: ignore[no-untyped-def]
    # Hours of work without a deadline: tolerance 1e-300 is never reached.
    s = from_scipy(laplacian_2d(200), np.ones(40_000), require_symmetric=True)
    t0 = time.perf_counter()
    with pytest.raises(DeadlineExceededError):
        solve(s, 1.5, tol=1e-300, max_iter=10_000_000, deadline=Deadline(0.1))
    assert time.perf_counter() - t0 < 1.0


def test_a_cancelled_solve_stops() -> None:
    s = from_scipy(laplacian_2d(200), np.ones(40_000))
    d = Deadline(None)
    threading.Timer(0.1, d.cancel, args=("shutting down",)).start()
    t0 = time.perf_counter()
    with pytest.raises(CancelledError, match="shutting down"):
        sor(s, 1.5, tol=1e-300, max_iter=10_000_000, deadline=d)
    assert time.perf_counter() - t0 < 1.0
