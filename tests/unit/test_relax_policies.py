"""Unit tests of the omega policies: determinism, state round-trip, learning."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from tuneforge.errors import ValidationError
from tuneforge.relax.chebcb import ChebCB, chebyshev_features
from tuneforge.relax.policies import POLICIES, make_policy, restore_policy
from tuneforge.relax.policy import MAX_CONTEXT_DIM, Policy
from tuneforge.relax.tsallis_inf import TsallisINF, tsallis_probabilities

GRID = np.linspace(1.0, 1.95, 20)


def synthetic_cost(omega: float, c: float) -> float:
    """A V-shaped SOR-like cost whose optimum moves with the context c ∈ [0, 1]."""
    best = 1.3 + 0.5 * c
    return 20.0 + 400.0 * abs(omega - best) ** 1.2 + 30.0 * c


def kinds() -> list[dict[str, object]]:
    return [
        {"kind": "auto"},
        {"kind": "auto", "context_lower": [0.0], "context_upper": [1.0]},
        {"kind": "auto", "solver": "ssor_cg"},
        {"kind": "tsallis_inf"},
        {"kind": "chebcb", "context_lower": [0.0], "context_upper": [1.0]},
        {"kind": "fixed", "fixed_omega": 1.5},
    ]


def drive(policy: Policy, rounds: int, rng: np.random.Generator) -> list[tuple[int, float]]:
    out = []
    for _ in range(rounds):
        c = float(rng.uniform())
        ctx = [c] if policy.context_dim else None
        arm, omega, prob = policy.suggest(ctx)
        assert 0 < prob <= 1 and omega == GRID[arm]
        cost = synthetic_cost(omega, c) * float(rng.uniform(0.95, 1.05))
        policy.update(arm, round(cost), ctx, True, prob)
        out.append((arm, omega))
    return out


@pytest.mark.parametrize("spec", kinds())
def test_deterministic_given_seed(spec: dict[str, object]) -> None:
    runs = [drive(make_policy(seed=4, **spec), 60, np.random.default_rng(9)) for _ in range(2)]  # type: ignore[arg-type]
    assert runs[0] == runs[1]


@pytest.mark.parametrize("spec", kinds())
def test_state_roundtrip_mid_sequence(spec: dict[str, object]) -> None:
    policy = make_policy(seed=1, **spec)  # type: ignore[arg-type]
    drive(policy, 40, np.random.default_rng(2))
    state = json.loads(json.dumps(policy.to_state()))  # must be plain JSON
    restored = restore_policy(state)
    assert type(restored) is type(policy)
    assert restored.instances_seen == policy.instances_seen == 40
    a = drive(policy, 40, np.random.default_rng(3))
    b = drive(restored, 40, np.random.default_rng(3))
    assert a == b
    assert restored.recommend([0.5] if restored.context_dim else None).omega == pytest.approx(
        policy.recommend([0.5] if policy.context_dim else None).omega
    )


def test_seeds_differ_for_random_policies() -> None:
    a = drive(make_policy("tsallis_inf", seed=1), 50, np.random.default_rng(0))
    b = drive(make_policy("tsallis_inf", seed=2), 50, np.random.default_rng(0))
    assert a != b


def test_tsallis_normaliser_survives_newton_overshoot() -> None:
    # Normalised losses well above x = -1 at t = 10: the official 20 Newton steps
    # from x = -1 jump past min L and blow the sum up (the trap in the notes).
    losses = 20.0 + np.arange(20.0)
    eta = 2.0 / math.sqrt(10)
    x = -1.0
    for _ in range(20):
        p = 4 * (eta * (losses - x)) ** -2.0
        x -= (p.sum() - 1) / (eta * np.sum(p**1.5))
    naive = 4 * (eta * (losses - x)) ** -2.0
    assert x > losses.min() and naive.sum() > 1e3
    p = tsallis_probabilities(losses, eta)
    assert np.all(p > 0) and p.sum() == pytest.approx(1.0)
    assert p[0] == p.max() and p[-1] > 0 and np.all(np.diff(p) < 0)
    # And the normaliser is exact on a generic vector.
    q = tsallis_probabilities(np.array([3.0, 1.0, 2.0]), 0.7)
    raw = 4 / (0.7 * (np.array([3.0, 1.0, 2.0]) - 0.0)) ** 2
    assert q.argmax() == 1 and not np.allclose(q, raw / raw.sum())


def test_tsallis_importance_weighting() -> None:
    p = TsallisINF(GRID, seed=0)
    p.update(3, 101.0, probability=0.5)
    assert p.cum[3] == pytest.approx(200.0)
    assert p.scale == pytest.approx(100.0)


def test_chebyshev_features() -> None:
    x = 0.3
    f = chebyshev_features(x, 6)
    assert f == pytest.approx([np.cos(j * np.arccos(x)) for j in range(6)])


def test_chebcb_learns_context_dependence() -> None:
    pol = ChebCB(GRID, low=0.0, high=1.0, seed=0)
    rng = np.random.default_rng(1)
    played = []
    for _ in range(600):
        c = float(rng.uniform())
        arm, omega, prob = pol.suggest([c])
        pol.update(arm, round(synthetic_cost(omega, c)), [c], True, prob)
        played.append((c, omega))
    late = np.array(played[-300:])
    low, high = late[late[:, 0] < 0.3, 1].mean(), late[late[:, 0] > 0.7, 1].mean()
    assert high > low + 0.1


def test_auto_converges_without_context() -> None:
    pol = make_policy("auto", seed=0)
    rng = np.random.default_rng(0)
    arms = []
    for _ in range(300):
        arm, omega, _ = pol.suggest()
        pol.update(arm, synthetic_cost(omega, 0.5) * float(rng.uniform(0.9, 1.1)))
        arms.append(arm)
    best = int(np.argmin([synthetic_cost(w, 0.5) for w in GRID]))
    assert abs(pol.recommend().arm - best) <= 1
    assert np.mean(np.abs(np.array(arms[-100:]) - best) <= 1) > 0.9


def test_auto_tracks_context() -> None:
    pol = make_policy("auto", context_lower=[0.0], context_upper=[1.0], seed=0)
    drive(pol, 1500, np.random.default_rng(5))
    for c in (0.1, 0.5, 0.9):
        best = GRID[int(np.argmin([synthetic_cost(w, c) for w in GRID]))]
        assert abs(pol.recommend([c]).omega - best) <= 0.11


def test_auto_recovers_after_abrupt_change() -> None:
    pol = make_policy("auto", seed=0)
    for _ in range(400):
        arm, omega, _ = pol.suggest()
        pol.update(arm, synthetic_cost(omega, 1.0))  # best omega 1.8
    late = []
    for _ in range(300):
        arm, omega, _ = pol.suggest()
        pol.update(arm, 10 + 5000 * (omega - 1.0) ** 2)  # best omega 1.0
        late.append(arm)
    assert np.mean(np.array(late[-100:]) <= 1) > 0.9


def test_auto_penalises_nonconverged() -> None:
    pol = make_policy("auto", seed=0)
    arm, _, _ = pol.suggest()
    pol.update(arm, 100, converged=False)
    assert pol.recommend().arm_means[arm] > 100


def test_bad_inputs() -> None:
    with pytest.raises(ValidationError):
        make_policy("nope")
    with pytest.raises(ValidationError):
        make_policy("chebcb")
    with pytest.raises(ValidationError):
        make_policy("auto", omega_min=1.5, omega_max=1.2)
    pol = make_policy("auto", context_lower=[0.0], context_upper=[1.0])
    with pytest.raises(ValidationError):
        pol.suggest([0.1, 0.2])
    with pytest.raises(ValidationError):
        pol.suggest([math.nan])
    with pytest.raises(ValidationError):
        pol.update(25, 10, [0.5])
    with pytest.raises(ValidationError):
        pol.update(0, -1, [0.5])
    with pytest.raises(ValidationError):
        restore_policy({"kind": "nope"})


def test_auto_probes_gauss_seidel_after_a_capped_run() -> None:
    pol = make_policy("auto", seed=0)
    arm, omega, _ = pol.suggest()
    assert omega > 1.2  # starts mid-grid
    pol.update(arm, 10_000, converged=False)
    assert pol.suggest().omega == 1.0
    # A region that always hits the cap is left for the Gauss–Seidel end.
    for _ in range(60):
        arm, omega, _ = pol.suggest()
        capped = omega > 1.3
        pol.update(arm, 10_000 if capped else 50 + 100 * (omega - 1.0), converged=not capped)
    assert pol.recommend().omega <= 1.3


def test_registry_names_are_the_kinds() -> None:
    assert list(POLICIES) == ["auto", "tsallis_inf", "chebcb", "fixed"]
    for spec in kinds():
        policy = make_policy(**spec)  # type: ignore[arg-type]
        assert POLICIES[policy.kind].cls is type(policy)
    with pytest.raises(TypeError):
        Policy.from_state(make_policy().to_state())  # the base class does not dispatch


def test_one_context_dimension_limit() -> None:
    lo, hi = [0.0] * MAX_CONTEXT_DIM, [1.0] * MAX_CONTEXT_DIM
    assert make_policy("auto", context_lower=lo, context_upper=hi).context_dim == MAX_CONTEXT_DIM
    for kind in ("auto", "tsallis_inf", "fixed"):
        with pytest.raises(ValidationError, match=f"at most {MAX_CONTEXT_DIM}"):
            make_policy(kind, context_lower=[*lo, 0.0], context_upper=[*hi, 1.0])


def test_chebcb_restores_states_saved_with_per_arm_sums() -> None:
    """States written before the unused per-arm cost sums were dropped still load."""
    policy = make_policy("chebcb", context_lower=[0.0], context_upper=[1.0], seed=3)
    drive(policy, 30, np.random.default_rng(1))
    old = {**policy.to_state(), "sums": [0.0] * GRID.size}
    restored = restore_policy(json.loads(json.dumps(old)))
    assert drive(restored, 20, np.random.default_rng(2)) == drive(
        policy, 20, np.random.default_rng(2)
    )
