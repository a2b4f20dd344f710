"""What a worker tells its supervisor, and what a job's event stream holds.

A worker appends one JSON object per line to its job directory's
``events.jsonl`` (:class:`~tuneforge.trainer.jobdir.JobDir`); the backend
tails the file, stores :class:`Progress` records as job events (numbered by the
store) and reads the other kinds (:data:`WORKER_KINDS`). State changes are
events the store writes itself, in the transaction of the transition.
Field names equal the proto's ``JobProgress`` fields, so the conversion is by
name (:mod:`tuneforge.trainer.service`).
"""

from __future__ import annotations

import enum
import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any


class JobState(enum.Enum):
    """A job's lifecycle (``JobState`` in the proto, same names)."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    PRUNED = "PRUNED"

    @property
    def final(self) -> bool:
        return self not in (JobState.QUEUED, JobState.RUNNING)


FINAL_STATES = frozenset(s for s in JobState if s.final)


@dataclass(frozen=True, slots=True)
class Progress:
    """One progress report (``JobProgress``); ``time`` in seconds since the epoch."""

    step: int
    samples_seen: int = 0
    epoch: float = 0.0
    loss: float = math.nan
    metrics: dict[str, float] = field(default_factory=dict)
    learning_rate: float = 0.0
    batch_size: int = 0
    grad_norm: float = math.nan
    samples_per_second: float = 0.0
    steps_per_second: float = 0.0
    evaluation: bool = False
    time: float = 0.0
    # The gradient norms of every step since the previous report, oldest first.
    step_grad_norms: list[float] = field(default_factory=list)
    step_grad_norms_l1: list[float] = field(default_factory=list)
    # With an adaptive batch: every step's batch size and the test statistic after it.
    step_batch_sizes: list[int] = field(default_factory=list)
    step_batch_test_statistics: list[float] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Progress:
        return cls(**{k: v for k, v in d.items() if k in _PROGRESS_FIELDS})


_PROGRESS_FIELDS = frozenset(Progress.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class StateChange:
    """A job entered ``state`` (``JobStateChange``)."""

    state: JobState
    reason: str = ""
    exit_code: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state.value, "reason": self.reason, "exit_code": self.exit_code}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StateChange:
        return cls(JobState(d["state"]), d.get("reason", ""), d.get("exit_code"))


@dataclass(frozen=True, slots=True)
class Event:
    """One stored event of a job: ``sequence`` 1, 2, 3, ... without gaps."""

    sequence: int
    time: float
    body: Progress | StateChange


# -- the worker's lines --------------------------------------------------------------
# {"kind": "progress", ...Progress fields}
# {"kind": "checkpoint", "step": int}             a checkpoint of that step is on disk
# {"kind": "final", "metrics": {name: float}}     training ended; the final metrics
# {"kind": "error", "reason": str}                a configuration error (then exit EXIT_CONFIG)
WORKER_KINDS = ("progress", "checkpoint", "final", "error")


@dataclass(slots=True)
class Batch:
    """What a run of worker lines says: the progress to store, the final metrics (NaN
    for a diverged loss), a configuration error's reason, the latest checkpoint step."""

    progress: list[Progress] = field(default_factory=list)
    final: dict[str, float] | None = None
    error: str = ""
    checkpoint: int | None = None

    def add(self, kind: str, payload: dict[str, Any]) -> None:
        """Take one decoded line (:func:`decode`)."""
        if kind == "progress":
            # A resumed worker reports again from its checkpoint's step: the store
            # keeps both and its history drops the superseded points.
            self.progress.append(Progress.from_dict(payload))
        elif kind == "final":
            self.final = {
                k: math.nan if x is None else float(x)
                for k, x in payload.get("metrics", {}).items()
            }
        elif kind == "error":
            self.error = str(payload.get("reason", ""))
        elif kind == "checkpoint":
            self.checkpoint = int(payload["step"])


def parse(chunk: bytes) -> tuple[Batch, int]:
    """The :class:`Batch` of the complete lines in ``chunk`` and how many lines were not
    worker events (skipped: a torn or foreign line loses nothing else)."""
    batch, bad = Batch(), 0
    for raw in chunk.splitlines():
        try:
            batch.add(*decode(raw.decode("utf-8", "replace")))
        except (ValueError, KeyError, TypeError):
            bad += 1
    return batch, bad


def encode(kind: str, **payload: Any) -> str:
    """One line of ``events.jsonl`` (with its newline). NaN/inf become null (strict JSON)."""
    if kind not in WORKER_KINDS:
        raise ValueError(f"unknown worker event kind {kind!r}")
    return json.dumps({"kind": kind, **_finite(payload)}, separators=(",", ":")) + "\n"


def decode(line: str) -> tuple[str, dict[str, Any]]:
    """``(kind, payload)`` of one complete line; ValueError when it is not one."""
    d = json.loads(line)
    if not isinstance(d, dict) or d.get("kind") not in WORKER_KINDS:
        raise ValueError(f"not a worker event: {line[:200]!r}")
    kind = d.pop("kind")
    return kind, _restore(d) if kind == "progress" else d


def _finite(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_finite(v) for v in x]
    return x


def _restore(d: dict[str, Any]) -> dict[str, Any]:
    for k in ("loss", "grad_norm"):
        if d.get(k) is None:
            d[k] = math.nan
    if "metrics" in d:
        d["metrics"] = {k: math.nan if v is None else v for k, v in d["metrics"].items()}
    for k in _FLOAT_LISTS:  # a diverged step's norms, an untested step's statistic
        if k in d:
            d[k] = [math.nan if v is None else v for v in d[k]]
    return d


_FLOAT_LISTS = ("step_grad_norms", "step_grad_norms_l1", "step_batch_test_statistics")
