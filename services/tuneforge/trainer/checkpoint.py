"""A job's checkpoints: everything a worker needs to continue bit-identically.

A checkpoint is one ``torch.save`` file ``step-<step, 10 digits>.pt`` in the job's
``checkpoints/`` directory, written atomically (a temporary file, fsync, rename,
fsync of the directory), so a worker killed at any moment leaves either the old
set or the new one. The last :data:`KEEP` are kept. :class:`State` holds what the
runner saves: the model, the optimizer's ``state_dict`` (every tuneforge
optimizer keeps its whole state there: M-FAC's window, FRUGAL's subspaces, SSO's
inner optimizer, CBO's particles, TRP's sub-gradients, AdaGrad-Norm's sums), the
adaptive batch-size controller, the position in the data (epoch and index into
that epoch's permutation), samples seen, the RNG states and the report
accumulators. Files load with ``weights_only=True``: tensors and plain values only.
"""

from __future__ import annotations

import io
import os
import random
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, cast

import numpy as np
import torch

from tuneforge.trainer.jobdir import checkpoint_path, checkpoints

__all__ = [
    "KEEP",
    "State",
    "Writer",
    "capture_rng",
    "checkpoints",
    "latest",
    "load",
    "load_optimizer_state",
    "optimizer_state",
    "payload_of",
    "read",
    "restore_rng",
    "save",
    "serialize",
    "write",
    "write_bytes",
]

KEEP = 2
FORMAT = 1


@dataclass(slots=True)
class State:
    """One checkpoint's content (the runner's position and the objects' state dicts)."""

    step: int
    epoch: int
    index: int  # next position in the epoch's permutation
    samples_seen: int
    model: dict[str, Any]
    optimizer: dict[str, Any]
    batch_controller: dict[str, Any] | None = None
    rng: dict[str, Any] = field(default_factory=dict)
    # Report accumulators and anything else the runner carries across a resume.
    stats: dict[str, Any] = field(default_factory=dict)


def path_of(directory: Path, step: int) -> Path:
    return checkpoint_path(directory, step)


def latest(directory: str | Path) -> Path | None:
    """The newest checkpoint in ``directory``, or None."""
    found = checkpoints(directory)
    return found[-1][1] if found else None  # names: tuneforge.trainer.jobdir


def serialize(payload: dict[str, Any]) -> bytes:
    """``payload`` as the bytes of a checkpoint file: a snapshot, later changes to its
    tensors do not reach it."""
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    return buffer.getvalue()


def write_bytes(directory: str | Path, step: int, data: bytes, keep: int = KEEP) -> Path:
    """Store serialised ``data`` atomically as the checkpoint of ``step``; drop all but
    the last ``keep``."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    final = path_of(root, step)
    tmp = root / f".{final.name}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(root)
    for _, old in checkpoints(root)[:-keep]:
        old.unlink(missing_ok=True)
    return final


def write(directory: str | Path, step: int, payload: dict[str, Any], keep: int = KEEP) -> Path:
    """Save ``payload`` atomically as the checkpoint of ``step`` (:func:`write_bytes`).

    Entry points save their own payloads through this (``TrainContext.save_checkpoint``).
    """
    return write_bytes(directory, step, serialize(payload), keep)


class Writer:
    """Stores checkpoints off the training thread.

    :meth:`submit` serialises the state at once (a consistent snapshot; the loop goes on
    changing the tensors) and hands the file work (write, fsync, rename, fsync, prune:
    milliseconds on a slow disk) to a background thread, one checkpoint at a time;
    ``on_saved(step, path)`` runs there once the file is durable. :meth:`wait` blocks
    until the last one is, and raises its error if it failed.
    """

    def __init__(
        self,
        directory: str | Path,
        on_saved: Callable[[int, Path], None] | None = None,
        keep: int = KEEP,
    ) -> None:
        self.directory, self.on_saved, self.keep = Path(directory), on_saved, keep
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="checkpoint")
        self._last: Future[Path] | None = None

    def submit(self, step: int, payload: dict[str, Any]) -> None:
        data = serialize(payload)
        self.wait()  # at most one in flight: a slow disk slows training, never piles up
        self._last = self._pool.submit(self._store, step, data)

    def _store(self, step: int, data: bytes) -> Path:
        path = write_bytes(self.directory, step, data, self.keep)
        if self.on_saved is not None:
            self.on_saved(step, path)
        return path

    def wait(self) -> Path | None:
        """The path of the last checkpoint submitted, once durable (None: none yet)."""
        return None if self._last is None else self._last.result()

    def close(self) -> None:
        """Wait for the last checkpoint (without raising its error) and stop the thread."""
        self._pool.shutdown(wait=True)


def read(path: str | Path, map_location: str | torch.device | None = "cpu") -> dict[str, Any]:
    """The payload in ``path`` (tensors and plain values only)."""
    payload: dict[str, Any] = torch.load(path, map_location=map_location, weights_only=True)
    return payload


def payload_of(state: State) -> dict[str, Any]:
    """What a runner checkpoint file holds for ``state``."""
    # Not dataclasses.asdict: it deep-copies every tensor.
    return {"format": FORMAT, **{f.name: getattr(state, f.name) for f in fields(state)}}


def save(directory: str | Path, state: State, keep: int = KEEP) -> Path:
    """Write the runner's ``state`` (:func:`write`)."""
    return write(directory, state.step, payload_of(state), keep)


def load(path: str | Path, map_location: str | torch.device | None = "cpu") -> State:
    """The :class:`State` in ``path`` (tensors on ``map_location``)."""
    raw = read(path, map_location)
    if raw.pop("format", None) != FORMAT:
        raise ValueError(f"{path} is not a tuneforge runner checkpoint of format {FORMAT}")
    return State(**raw)


def optimizer_state(opt: torch.optim.Optimizer) -> dict[str, Any]:
    """``opt.state_dict()``: every optimizer here keeps all its state in it."""
    return opt.state_dict()


def load_optimizer_state(opt: torch.optim.Optimizer, sd: dict[str, Any]) -> None:
    """Load what :func:`optimizer_state` returned."""
    opt.load_state_dict(sd)


def capture_rng(cuda: bool = False) -> dict[str, Any]:
    """The torch, numpy and Python RNG states (and every CUDA device's when ``cuda``)."""
    # The legacy global generator is the one libraries and user code draw from.
    state = cast(tuple[str, np.ndarray, int, int, float], np.random.get_state())  # noqa: NPY002
    kind, keys, pos, has_gauss, gauss = state
    py_version, py_state, py_gauss = random.getstate()
    out: dict[str, Any] = {
        "torch": torch.get_rng_state(),
        "numpy": [kind, torch.from_numpy(keys.copy()), pos, has_gauss, gauss],
        # A tensor, not 625 ints: each pickled object costs torch.save a callback.
        "python": [py_version, torch.tensor(py_state, dtype=torch.int64), py_gauss],
    }
    if cuda and torch.cuda.is_available():
        out["cuda"] = torch.cuda.get_rng_state_all()
    return out


def restore_rng(rng: dict[str, Any]) -> None:
    """Set the RNG states :func:`capture_rng` returned."""
    torch.set_rng_state(rng["torch"])
    kind, keys, pos, has_gauss, gauss = rng["numpy"]
    np.random.set_state((kind, keys.numpy(), pos, has_gauss, gauss))  # noqa: NPY002
    py_version, py_state, py_gauss = rng["python"]
    random.setstate((py_version, tuple(py_state.tolist()), py_gauss))
    if "cuda" in rng and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(rng["cuda"])


def _fsync_dir(directory: Path) -> None:
    # The rename is durable only once the directory entry is (POSIX; no-op elsewhere).
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
