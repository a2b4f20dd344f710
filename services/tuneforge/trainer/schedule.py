"""The learning-rate schedule of a job: a factor on every parameter group's initial lr.

Pure (no torch): :func:`factor` is what the runner multiplies each group's base lr
by before optimizer step ``step`` (0-based), after the ``ScheduleSpec`` comments:
a linear warm-up over the first ``warmup_steps`` steps, then constant, linear
decay or a half cosine to ``final_factor`` at the end of the budget, or ``gamma``
every ``step_size`` steps. Decay and step counts start where the warm-up ends.
"""

from __future__ import annotations

import math

from tuneforge.v1 import trainer_service_pb2 as pb

__all__ = ["factor", "is_constant"]


def is_constant(schedule: pb.ScheduleSpec) -> bool:
    """Whether the factor is 1 at every step (the runner then never touches the lrs)."""
    kind = schedule.WhichOneof("kind")
    return schedule.warmup_steps <= 0 and kind in (None, "constant")


def factor(
    schedule: pb.ScheduleSpec, step: int, total_steps: int, *, fraction: float | None = None
) -> float:
    """The lr factor of optimizer step ``step`` (0-based) of ``total_steps``.

    Warm-up: step ``k < warmup_steps`` gets ``(k + 1) / warmup_steps``, so the ramp
    rises from 0 and reaches 1 at the warm-up's last step. ``fraction`` overrides the
    decay's progress in [0, 1] (the adaptive batch size with an epoch budget counts
    samples, not steps); by default it is the share of the post-warm-up steps taken.
    """
    warmup = max(schedule.warmup_steps, 0)
    if step < warmup:
        return (step + 1) / warmup
    kind = schedule.WhichOneof("kind")
    if kind == "step":
        spec = schedule.step
        gamma = spec.gamma or 0.1
        return float(gamma ** ((step - warmup) // max(spec.step_size, 1)))
    if kind not in ("linear", "cosine"):
        return 1.0
    if fraction is None:
        fraction = (step - warmup) / max(total_steps - warmup, 1)
    p = min(max(fraction, 0.0), 1.0)
    final = schedule.linear.final_factor if kind == "linear" else schedule.cosine.final_factor
    if kind == "linear":
        return 1.0 + (final - 1.0) * p
    return final + (1.0 - final) * 0.5 * (1.0 + math.cos(math.pi * p))
