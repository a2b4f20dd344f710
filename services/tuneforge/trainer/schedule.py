"""The learning-rate schedule of a job: a factor on every parameter group's initial lr.

Pure (no torch): :meth:`Schedule.factor` is what the runner multiplies each group's
base lr by before optimizer step ``step`` (0-based), after the ``ScheduleSpec``
comments: a linear warm-up over the first ``warmup_steps`` steps, then

* ``constant`` (or no kind): 1;
* ``linear`` / ``cosine``: linear decay or a half cosine from 1 to ``final_factor`` at
  the end of the budget;
* ``step``: ``gamma`` every ``step_size`` steps;
* ``wsd`` (warm-up-stable-decay; Hu et al. 2024, Hagele et al. 2024): 1, then a
  decay to ``final_factor`` over the last ``decay_fraction`` of the post-warm-up
  steps, shaped ``1 - q`` (linear), ``(1 + cos(pi q)) / 2`` or ``1 - sqrt(q)``;
* ``refined`` (Defazio et al. 2023): ``factors`` at evenly spaced points of the
  post-warm-up budget, linearly interpolated (filled from a recorded job by
  :mod:`tuneforge.trainer.norms`).

Decay and step counts start where the warm-up ends. ``fraction`` overrides the
decay's progress (the adaptive batch size with an epoch budget counts samples, not
steps). :meth:`Schedule.segments` is the exact piecewise form of the same factor
over a step budget (what ``PlanSchedule`` returns); :meth:`Schedule.factors` is
every step's factor, evaluated from the segments (tested equal to ``factor``).

WSD over steps: the decay covers the last ``D = max(1, round(decay_fraction * (T -
W)))`` steps, ``q = (k - (T - D)) / D``, so its segment starts on a whole step and is
exact; with ``fraction`` it starts at progress ``1 - decay_fraction``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

import numpy as np
from numpy.typing import NDArray

from tuneforge.errors import Violations
from tuneforge.v1 import trainer_service_pb2 as pb

__all__ = [
    "DEFAULT_DECAY_FRACTION",
    "DEFAULT_GAMMA",
    "MAX_FACTORS",
    "MAX_SEGMENTS",
    "Schedule",
    "Segment",
    "Shape",
    "check",
    "evaluate",
    "factor",
    "is_constant",
]

DEFAULT_GAMMA = 0.1
DEFAULT_DECAY_FRACTION = 0.2
MAX_FACTORS = 10_000  # RefinedSchedule.factors: 2 to 10,000 values
MAX_SEGMENTS = 100_000  # a step schedule's piecewise form, at most


class Shape(Enum):
    """How a segment moves from its start value to its end value (share ``p``)."""

    CONSTANT = "constant"
    LINEAR = "linear"  # start + (end - start) p
    COSINE = "cosine"  # start + (end - start) (1 - cos(pi p)) / 2
    SQRT = "sqrt"  # start + (end - start) sqrt(p)


@dataclass(frozen=True, slots=True)
class Segment:
    """Steps ``start .. end - 1``: the factor at step ``k`` is the shape's value at
    ``p = (k - start) / (end - start)``; ``end_value`` is the value it reaches at
    ``end`` (not a step of the segment)."""

    start: int
    end: int
    start_value: float
    end_value: float
    shape: Shape

    def values(self, steps: NDArray[np.int64]) -> NDArray[np.float64]:
        p = (steps - self.start) / (self.end - self.start)
        a, b = self.start_value, self.end_value
        if self.shape is Shape.CONSTANT:
            return np.full(len(steps), a)
        if self.shape is Shape.LINEAR:
            return a + (b - a) * p
        if self.shape is Shape.COSINE:
            return a + (b - a) * 0.5 * (1.0 - np.cos(np.pi * p))
        return a + (b - a) * np.sqrt(p)


_WSD_SHAPE = {
    pb.DECAY_SHAPE_UNSPECIFIED: Shape.LINEAR,
    pb.DECAY_SHAPE_LINEAR: Shape.LINEAR,
    pb.DECAY_SHAPE_COSINE: Shape.COSINE,
    pb.DECAY_SHAPE_SQRT: Shape.SQRT,
}


def _decay(shape: Shape, q: float) -> float:
    """The share of the way from 1 to the final factor after progress ``q``."""
    if shape is Shape.COSINE:
        return 0.5 * (1.0 - math.cos(math.pi * q))
    if shape is Shape.SQRT:
        return math.sqrt(q)
    return q


def is_constant(schedule: pb.ScheduleSpec) -> bool:
    """Whether the factor is 1 at every step (the runner then never touches the lrs)."""
    kind = schedule.WhichOneof("kind")
    return schedule.warmup_steps <= 0 and kind in (None, "constant")


def check(schedule: pb.ScheduleSpec, v: Violations, prefix: str, max_steps: int) -> None:
    """Add a violation for every bad field of ``schedule`` (named under ``prefix``)."""
    s, p = schedule, prefix
    if not 0 <= s.warmup_steps <= max_steps:
        v.add(f"{p}.warmup_steps", f"must be in [0, {max_steps}], got {s.warmup_steps}",
              "OUT_OF_RANGE")  # fmt: skip
    kind = s.WhichOneof("kind")
    if kind in ("linear", "cosine", "wsd"):
        f = getattr(s, str(kind)).final_factor
        if not 0 <= f <= 1:
            v.add(f"{p}.{kind}.final_factor", f"must be in [0, 1], got {f}", "OUT_OF_RANGE")
    if kind == "step":
        if s.step.step_size <= 0:
            v.add(f"{p}.step.step_size", f"must be > 0, got {s.step.step_size}", "OUT_OF_RANGE")
        if not 0 <= s.step.gamma <= 1:  # 0 means the default 0.1
            v.add(f"{p}.step.gamma", f"must be in (0, 1], got {s.step.gamma}", "OUT_OF_RANGE")
    elif kind == "wsd":
        d = s.wsd.decay_fraction
        if not 0 <= d <= 1:
            v.add(f"{p}.wsd.decay_fraction", f"must be in (0, 1], got {d}", "OUT_OF_RANGE")
        if s.wsd.shape not in _WSD_SHAPE:
            v.add(f"{p}.wsd.shape", f"unknown DecayShape {s.wsd.shape}", "OUT_OF_RANGE")
    elif kind == "refined":
        r = s.refined
        if not (math.isfinite(r.tau) and 0 <= r.tau <= 1):
            v.add(f"{p}.refined.tau", f"must be in [0, 1], got {r.tau}", "OUT_OF_RANGE")
        n = len(r.factors)
        if n == 0 and not r.refine_from:
            v.add(f"{p}.refined", "needs refine_from (a job id) or its factors", "REQUIRED")
        elif not 2 <= n <= MAX_FACTORS and not (n == 0 and r.refine_from):
            v.add(f"{p}.refined.factors", f"must hold 2 to {MAX_FACTORS} values, got {n}",
                  "OUT_OF_RANGE")  # fmt: skip
        elif n:
            f = np.asarray(r.factors, dtype=np.float64)
            bad = np.flatnonzero(~(np.isfinite(f) & (f >= 0) & (f <= 1)))
            if len(bad):
                i = int(bad[0])
                v.add(f"{p}.refined.factors",
                      f"each must be in [0, 1]: factors[{i}] is {f[i]} ({len(bad)} bad in all)",
                      "OUT_OF_RANGE")  # fmt: skip


class Schedule:
    """A ``ScheduleSpec`` compiled once (the refined factors as an array), for the
    runner's per-step :meth:`factor` and for :meth:`segments`. ``default`` is the
    kind an unset oneof means (constant in a job; ``PlanSchedule`` asks for linear)."""

    def __init__(self, spec: pb.ScheduleSpec, default: str = "constant") -> None:
        self.warmup = max(int(spec.warmup_steps), 0)
        self.kind = spec.WhichOneof("kind") or default
        self.final = 0.0
        if self.kind in ("linear", "cosine", "wsd"):
            self.final = float(getattr(spec, self.kind).final_factor)
        self.gamma = spec.step.gamma or DEFAULT_GAMMA
        self.step_size = max(int(spec.step.step_size), 1)
        self.decay_fraction = spec.wsd.decay_fraction or DEFAULT_DECAY_FRACTION
        self.shape = _WSD_SHAPE.get(spec.wsd.shape, Shape.LINEAR)
        self.knots = np.asarray(spec.refined.factors, dtype=np.float64)
        if self.kind == "refined" and len(self.knots) < 2:
            raise ValueError("a refined schedule needs its factors (resolve refine_from first)")

    def factor(self, step: int, total_steps: int, *, fraction: float | None = None) -> float:
        """The lr factor of optimizer step ``step`` (0-based) of ``total_steps``.

        Warm-up: step ``k < warmup_steps`` gets ``(k + 1) / warmup_steps``, so the ramp
        rises from 0 and reaches 1 at the warm-up's last step.
        """
        w = self.warmup
        if step < w:
            return (step + 1) / w
        kind = self.kind
        if kind == "step":
            return float(self.gamma ** ((step - w) // self.step_size))
        if kind not in ("linear", "cosine", "wsd", "refined"):
            return 1.0
        span = max(total_steps - w, 1)
        if kind == "wsd" and fraction is None:
            d = self._decay_steps(total_steps)
            q = min(max((step - (w + span - d)) / d, 0.0), 1.0)
            return 1.0 + (self.final - 1.0) * _decay(self.shape, q)
        p = (step - w) / span if fraction is None else fraction
        p = min(max(p, 0.0), 1.0)
        if kind == "linear":
            return 1.0 + (self.final - 1.0) * p
        if kind == "cosine":
            return self.final + (1.0 - self.final) * 0.5 * (1.0 + math.cos(math.pi * p))
        if kind == "wsd":
            q = min(max((p - (1.0 - self.decay_fraction)) / self.decay_fraction, 0.0), 1.0)
            return 1.0 + (self.final - 1.0) * _decay(self.shape, q)
        x = p * (len(self.knots) - 1)
        i = min(int(x), len(self.knots) - 2)
        return float(self.knots[i] + (self.knots[i + 1] - self.knots[i]) * (x - i))

    def _decay_steps(self, total_steps: int) -> int:
        span = max(total_steps - self.warmup, 1)
        return min(max(1, round(self.decay_fraction * span)), span)

    def segments(self, total_steps: int) -> list[Segment]:
        """The exact piecewise form of :meth:`factor` over steps ``0 .. total_steps``
        (``total_steps >= 1``), in step order, no empty segment. ValueError when a step
        schedule would need more than :data:`MAX_SEGMENTS`."""
        out: list[Segment] = []
        t = total_steps
        w = min(self.warmup, t)
        if w:
            # (k + 1) / W at step k: linear from 1/W, reaching (W + 1) / W at step W.
            out.append(Segment(0, w, 1 / self.warmup, (w + 1) / self.warmup, Shape.LINEAR))
        if w >= t:
            return out
        kind, span = self.kind, max(t - self.warmup, 1)
        if kind == "linear":
            out.append(Segment(w, t, 1.0, self.final, Shape.LINEAR))
        elif kind == "cosine":
            out.append(Segment(w, t, 1.0, self.final, Shape.COSINE))
        elif kind == "step":
            count = -(-(t - w) // self.step_size)
            if count > MAX_SEGMENTS:
                raise ValueError(
                    f"a step schedule with step_size {self.step_size} has {count} "
                    f"segments over {t} steps (at most {MAX_SEGMENTS})"
                )
            for i in range(count):
                a = w + i * self.step_size
                value = float(self.gamma**i)
                out.append(Segment(a, min(a + self.step_size, t), value, value, Shape.CONSTANT))
        elif kind == "wsd":
            d = self._decay_steps(t)
            if t - d > w:
                out.append(Segment(w, t - d, 1.0, 1.0, Shape.CONSTANT))
            out.append(Segment(t - d, t, 1.0, self.final, self.shape))
        elif kind == "refined":
            out.extend(self._refined_segments(w, t, span))
        else:
            out.append(Segment(w, t, 1.0, 1.0, Shape.CONSTANT))
        return out

    def _refined_segments(self, w: int, t: int, span: int) -> list[Segment]:
        # Knot j sits at step w + j * span / (m - 1); the steps from one knot (rounded
        # up) to the next are on one line, extended to the next boundary.
        m = len(self.knots)
        out: list[Segment] = []
        for j in range(m - 1):
            a = w + math.ceil(j * span / (m - 1))
            b = t if j == m - 2 else min(w + math.ceil((j + 1) * span / (m - 1)), t)
            if b <= a:
                continue
            slope = (self.knots[j + 1] - self.knots[j]) * (m - 1) / span
            x0 = w + j * span / (m - 1)
            start = float(self.knots[j] + slope * (a - x0))
            end = float(self.knots[j] + slope * (b - x0))
            out.append(Segment(a, b, start, end, Shape.LINEAR))
        return out

    def factors(self, total_steps: int) -> NDArray[np.float64]:
        """The factor of every step ``0 .. total_steps - 1``, from :meth:`segments`."""
        return evaluate(self.segments(total_steps), np.arange(total_steps))


def evaluate(segments: list[Segment], steps: NDArray[np.int64]) -> NDArray[np.float64]:
    """The factor at each of ``steps`` (inside the segments' span) of a piecewise form."""
    starts = np.asarray([s.start for s in segments], dtype=np.int64)
    which = np.searchsorted(starts, steps, side="right") - 1
    out = np.empty(len(steps))
    for i in np.unique(which):
        at = which == i
        out[at] = segments[int(i)].values(steps[at])
    return out


def factor(
    schedule: pb.ScheduleSpec, step: int, total_steps: int, *, fraction: float | None = None
) -> float:
    """``Schedule(schedule).factor(step, total_steps, fraction=fraction)``: for one-off
    calls (the runner compiles its schedule once)."""
    return Schedule(schedule).factor(step, total_steps, fraction=fraction)
