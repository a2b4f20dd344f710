"""Checkpoints: atomic files, the newest two kept, and state that round-trips exactly.

Every optimizer of the catalogue is stepped, checkpointed, rebuilt from the file in
a fresh model and stepped on: the parameters must match an uninterrupted run bit
for bit (M-FAC's window, FRUGAL's subspaces and random blocks, SSO's inner
optimizer, CBO's particles and noise, TRP's projections, AdaGrad-Norm's sums).
"""

from __future__ import annotations

import pickle
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from tuneforge.optim import registry
from tuneforge.optim.adaptive_batch import AdaptiveBatchSize
from tuneforge.optim.cbo import CBO
from tuneforge.optim.sso import SSO
from tuneforge.trainer import checkpoint

HYPERPARAMETERS: dict[str, dict[str, Any]] = {
    "adabelief": {"lr": 0.01},
    "diffgrad": {"lr": 0.01},
    "mfac": {"lr": 0.01, "ngrads": 16, "momentum": 0.5},
    "frugal": {"lr": 0.01, "update_gap": 2, "block_order": "random", "density": 0.5},
    "trp": {"lr": 0.05, "nuclear_weight": 1e-3},
    "adagrad_norm": {"lr": 0.5, "momentum": 0.5},
    "cbo": {"lr": 0.1, "num_particles": 6},
    "sso": {"m": 2, "inner_lr": 0.05},
    "sgd": {"lr": 0.05, "momentum": 0.9},
    "adam": {"lr": 0.01},
    "adamw": {"lr": 0.01, "amsgrad": True},
}


def _model(seed: int) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 3))


def _batches(n: int) -> list[tuple[torch.Tensor, torch.Tensor]]:
    g = torch.Generator().manual_seed(123)
    return [
        (torch.randn(16, 8, generator=g), torch.randint(0, 3, (16,), generator=g)) for _ in range(n)
    ]


def _step(opt: torch.optim.Optimizer, model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> None:
    if isinstance(opt, CBO):
        model.eval()
        opt.step(opt.model_closure(model, F.cross_entropy, x, y))
    elif isinstance(opt, SSO):
        opt.step(lambda: model(x), lambda z: F.cross_entropy(z, y))
    else:
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        opt.step()


def _state(model: nn.Module, opt: torch.optim.Optimizer, step: int) -> checkpoint.State:
    return checkpoint.State(
        step=step,
        epoch=0,
        index=step,
        samples_seen=16 * step,
        model=model.state_dict(),
        optimizer=checkpoint.optimizer_state(opt),
        rng=checkpoint.capture_rng(),
    )


@pytest.mark.parametrize("name", sorted(HYPERPARAMETERS))
def test_every_optimizer_resumes_bit_identically(name: str, tmp_path: Path) -> None:
    assert set(HYPERPARAMETERS) >= set(registry.names()), "a new optimizer needs a case here"
    batches = _batches(12)
    model = _model(0)
    opt = registry.build(name, model.parameters(), HYPERPARAMETERS[name])
    for x, y in batches[:6]:
        _step(opt, model, x, y)
    path = checkpoint.save(tmp_path, _state(model, opt, 6))
    for x, y in batches[6:]:
        _step(opt, model, x, y)
    expected = {k: v.clone() for k, v in model.state_dict().items()}

    torch.manual_seed(99)  # the resumed process has drawn other numbers before loading
    fresh = _model(1)
    reopened = registry.build(name, fresh.parameters(), HYPERPARAMETERS[name])
    state = checkpoint.load(path)
    fresh.load_state_dict(state.model)
    checkpoint.load_optimizer_state(reopened, state.optimizer)
    checkpoint.restore_rng(state.rng)
    for x, y in batches[6:]:
        _step(reopened, fresh, x, y)
    for key, value in fresh.state_dict().items():
        assert torch.equal(value, expected[key]), f"{name}: {key} differs after the resume"
    assert not torch.equal(expected["0.weight"], _model(0).state_dict()["0.weight"])


def test_batch_controller_state_round_trips(tmp_path: Path) -> None:
    model = _model(0)
    ctl = AdaptiveBatchSize(model, F.cross_entropy, initial_batch_size=2, eta=0.05)
    model.eval()
    for x, y in _batches(3):
        ctl.update(x, y)
    state = _state(model, torch.optim.SGD(model.parameters(), lr=0.1), 3)
    state.batch_controller = ctl.state_dict()
    loaded = checkpoint.load(checkpoint.save(tmp_path, state))
    other = AdaptiveBatchSize(model, F.cross_entropy)
    assert loaded.batch_controller is not None
    other.load_state_dict(loaded.batch_controller)
    assert (other.batch_size, other.calls) == (ctl.batch_size, ctl.calls) != (2, 0)


def test_rng_states_restore_every_generator() -> None:
    torch.manual_seed(5)
    np.random.seed(5)  # noqa: NPY002 (the global generator is what the runner saves)
    random.seed(5)
    saved = checkpoint.capture_rng()
    first = (torch.rand(3), np.random.rand(3), random.random())  # noqa: NPY002
    torch.manual_seed(6)
    np.random.seed(6)  # noqa: NPY002
    random.seed(6)
    checkpoint.restore_rng(saved)
    again = (torch.rand(3), np.random.rand(3), random.random())  # noqa: NPY002
    assert torch.equal(first[0], again[0])
    assert np.array_equal(first[1], again[1])
    assert first[2] == again[2]


def test_keeps_the_newest_two_and_ignores_other_files(tmp_path: Path) -> None:
    assert checkpoint.latest(tmp_path / "missing") is None
    assert checkpoint.latest(tmp_path) is None
    (tmp_path / "notes.txt").write_text("not a checkpoint")
    (tmp_path / ".step-0000000099.pt.123.tmp").write_bytes(b"half written")
    model = _model(0)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    paths = [checkpoint.save(tmp_path, _state(model, opt, step)) for step in (5, 10, 100)]
    assert [s for s, _ in checkpoint.checkpoints(tmp_path)] == [10, 100]
    assert checkpoint.latest(tmp_path) == paths[-1]
    assert not paths[0].exists()
    assert checkpoint.load(paths[-1]).step == 100
    # no temporary file of ours is left behind
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == [
        ".step-0000000099.pt.123.tmp"
    ]


def test_a_failed_write_leaves_the_previous_checkpoints(tmp_path: Path) -> None:
    model = _model(0)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    good = checkpoint.save(tmp_path, _state(model, opt, 1))
    with pytest.raises((AttributeError, TypeError, pickle.PicklingError)):
        checkpoint.write(tmp_path, 2, {"unpicklable": lambda: None})
    assert checkpoint.latest(tmp_path) == good
    assert [p.name for p in tmp_path.iterdir()] == [good.name]


def test_entry_payloads_and_foreign_files(tmp_path: Path) -> None:
    path = checkpoint.write(tmp_path, 7, {"step": 7, "w": torch.ones(2)})
    assert torch.equal(checkpoint.read(path)["w"], torch.ones(2))
    with pytest.raises(ValueError, match="not a tuneforge runner checkpoint"):
        checkpoint.load(path)
