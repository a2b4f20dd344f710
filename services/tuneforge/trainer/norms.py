"""A job's recorded per-step gradient norms, and the refined schedules made from them.

The runner reports the l2 and l1 norm of the gradient at every optimizer step
(``Progress.step_grad_norms`` / ``step_grad_norms_l1``: the steps since the
previous report, oldest first, so a report at step ``s`` with ``k`` norms covers
steps ``s - k + 1 .. s``). :func:`recorded_norms` puts them back together into one
sequence per norm: by step index, later events overwriting earlier ones (a resumed
job reports again the steps its lost attempt had reported past its checkpoint), and
it must cover every step ``1 .. last`` (the last reported step). The job may still
be running: then the norms of the steps it has reported.

:func:`resolve_refined` fills a JobSpec's ``schedule.refined.factors`` from the job
its ``refine_from`` names (:mod:`tuneforge.schedules.refine`): the norm after the
*new* spec's optimizer family (l2 for ``sgd``, l1 otherwise), peak 1, resampled to at
most :data:`MAX_FACTORS` evenly spaced points of the post-warm-up budget (the runner
interpolates linearly between them).

Errors: an unknown ``refine_from`` is a bad reference in the spec
(:class:`~tuneforge.errors.ValidationError`, INVALID_ARGUMENT, reason ``NOT_FOUND``);
a job that recorded no usable norms (derivative-free, SSO, an entry point, an old or
incompletely reported run) is :class:`~tuneforge.errors.FailedPreconditionError`
with a field violation on the referencing field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tuneforge.errors import FailedPreconditionError, NotFoundError, ValidationError
from tuneforge.optim import registry
from tuneforge.schedules import refine
from tuneforge.trainer.schedule import MAX_FACTORS
from tuneforge.v1 import trainer_service_pb2 as pb

if TYPE_CHECKING:
    from tuneforge.trainer.store import JobStore

__all__ = ["MAX_FACTORS", "RecordedNorms", "family_of", "recorded_norms", "resolve_refined"]


@dataclass(frozen=True, slots=True)
class RecordedNorms:
    """The l2 and l1 gradient norms of steps 1, 2, ... of a job, and its optimizer."""

    l2: list[float]
    l1: list[float]
    family: str  # the optimizer's registry family ("" when the name is unknown)
    optimizer: str


def family_of(optimizer: str) -> str:
    """The registry family of ``optimizer`` (``sgd``, ``adaptive``, ``derivative_free``),
    ``""`` for an unknown name."""
    entry = registry.SPECS.get(optimizer)
    return entry.family if entry is not None else ""


def norm_for(family: str) -> refine.Norm:
    """The norm refined for an optimizer family: l2 for SGD-like, l1 for the others."""
    return refine.Norm.L2 if family == "sgd" else refine.Norm.L1


def recorded_norms(jobs: JobStore, job_id: str, field: str = "job_id") -> RecordedNorms:
    """The per-step norms ``job_id`` recorded; NotFoundError for an unknown id,
    FailedPreconditionError (a violation on ``field``) when they do not cover every
    step from 1 to the last reported one."""
    record = jobs.get(job_id)  # NotFoundError
    optimizer = record.spec.optimizer.name
    family = family_of(optimizer)

    def refuse(why: str) -> FailedPreconditionError:
        return FailedPreconditionError.single(field, f"job {job_id} {why}")

    if family == "derivative_free":
        raise refuse(f"trains with the derivative-free {optimizer}: it records no gradient norms")
    points = [p for p in jobs.progress_history(job_id) if not p.evaluation]
    if not points:
        raise refuse("has reported no training progress yet")
    last = points[-1].step
    l2 = np.full(last, np.nan)
    l1 = np.full(last, np.nan)
    for p in points:  # in event order: a later report of a step overwrites an earlier one
        k = len(p.step_grad_norms)
        if k == 0 or k != len(p.step_grad_norms_l1) or p.step > last:
            continue
        first = p.step - k  # 0-based index of step p.step - k + 1
        if first < 0:
            continue
        l2[first : p.step] = p.step_grad_norms
        l1[first : p.step] = p.step_grad_norms_l1
    missing = np.flatnonzero(np.isnan(l2) | np.isnan(l1))
    if len(missing) == last:
        raise refuse("recorded no per-step gradient norms")
    if len(missing):
        raise refuse(
            f"has no recorded gradient norm for step {int(missing[0]) + 1} "
            f"({len(missing)} of its {last} steps in all)"
        )
    return RecordedNorms(l2.tolist(), l1.tolist(), family, optimizer)


def resample(schedule: np.ndarray, points: int = MAX_FACTORS) -> np.ndarray:
    """``schedule`` (one value per step) at ``min(len, points)`` evenly spaced points
    of its run, linearly interpolated, scaled back to peak 1 and clipped to [0, 1]."""
    s = np.asarray(schedule, dtype=np.float64)
    if len(s) > points:
        s = np.interp(np.linspace(0.0, 1.0, points), np.linspace(0.0, 1.0, len(s)), s)
    peak = s.max()
    if peak > 0:
        s = s / peak
    return np.clip(s, 0.0, 1.0)


def resolve_refined(spec: pb.JobSpec, jobs: JobStore, prefix: str = "spec") -> pb.JobSpec:
    """``spec`` with ``schedule.refined`` computed from its ``refine_from`` job (a copy;
    ``spec`` itself when there is nothing to resolve): ``factors`` (replacing any
    given) and ``norm``, see the module docstring."""
    if spec.schedule.WhichOneof("kind") != "refined" or not spec.schedule.refined.refine_from:
        return spec
    field = f"{prefix}.schedule.refined.refine_from"
    refined = spec.schedule.refined
    tau = refined.tau or refine.DEFAULT_TAU
    if not (math.isfinite(tau) and 0 <= tau <= 1):
        raise ValidationError.single(
            f"{prefix}.schedule.refined.tau", f"must be in [0, 1], got {tau}", "OUT_OF_RANGE"
        )
    try:
        recorded = recorded_norms(jobs, refined.refine_from, field)
    except NotFoundError:
        raise ValidationError.single(
            field, f"no job {refined.refine_from!r} to refine from", "NOT_FOUND"
        ) from None
    norm = norm_for(family_of(spec.optimizer.name))
    values = recorded.l2 if norm is refine.Norm.L2 else recorded.l1
    if len(values) < 2:
        raise FailedPreconditionError.single(
            field, f"job {refined.refine_from} recorded {len(values)} step; refining needs 2"
        )
    try:
        result = refine.refine(values, norm=norm, tau=tau)
    except ValidationError as exc:  # e.g. zero norms the filter keeps
        why = "; ".join(v.description for v in exc.violations)
        raise FailedPreconditionError.single(
            field, f"job {refined.refine_from}'s norms do not refine: {why}"
        ) from None
    out = pb.JobSpec()
    out.CopyFrom(spec)
    target = out.schedule.refined
    del target.factors[:]
    target.factors.extend(resample(result.schedule).tolist())
    target.norm = norm.value
    return out
