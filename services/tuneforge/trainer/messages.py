"""The trainer core's progress as the contract's ``JobProgress`` and back, by field name.

Shared by TrainerService (events to clients), WorkerService (a pod's reports) and
``tuneforge worker`` (which sends them): :class:`~.events.Progress` mirrors the
message field for field, checked at import so the two cannot drift quietly.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from tuneforge.runtime.convert import timestamp
from tuneforge.trainer.events import Progress
from tuneforge.v1 import trainer_service_pb2 as pb

__all__ = ["progress_from", "progress_pb"]

_PROGRESS_LISTS = (
    "step_grad_norms",
    "step_grad_norms_l1",
    "step_batch_sizes",
    "step_batch_test_statistics",
)
_PROGRESS_SCALARS = tuple(
    f.name for f in fields(Progress) if f.name not in ("metrics", "time", *_PROGRESS_LISTS)
)
if {f.name for f in fields(Progress)} != set(pb.JobProgress.DESCRIPTOR.fields_by_name):
    raise RuntimeError("events.Progress and the proto's JobProgress name different fields")


def progress_pb(p: Progress) -> pb.JobProgress:
    out = pb.JobProgress(
        **{f: getattr(p, f) for f in (*_PROGRESS_SCALARS, *_PROGRESS_LISTS)}, metrics=p.metrics
    )
    if p.time:
        out.time.CopyFrom(timestamp(p.time))
    return out


def progress_from(m: pb.JobProgress) -> Progress:
    """The core's Progress of a message (the Kubernetes backend's workers send these)."""
    lists: dict[str, Any] = {f: list(getattr(m, f)) for f in _PROGRESS_LISTS}
    return Progress(
        **{f: getattr(m, f) for f in _PROGRESS_SCALARS},
        **lists,
        metrics=dict(m.metrics),
        time=m.time.ToNanoseconds() / 1e9 if m.HasField("time") else 0.0,
    )
