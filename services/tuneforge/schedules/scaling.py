"""Learning-rate scaling rules across batch sizes.

Granziol, Zohren & Roberts, "Learning Rates as a Function of Batch Size: A
Random Matrix Theory Approach to Neural Network Training" (JMLR 23, 2022;
arXiv 2006.09092). Mini-batching inflates the extremal eigenvalues of the batch
Hessian: in the spiked random-matrix model
``lambda_1(H_B) ~ lambda_1 + (P/B) sigma^2 / lambda_1``, so while the batch noise
term dominates, the largest stable learning rate grows **linearly** with the
batch size B for SGD and with **sqrt(B)** for adaptive methods such as Adam,
whose preconditioner normalises by the (also noise-inflated) second moment.

Where the rule is trusted. The linear regime ends once B is large enough that
the noise term no longer dominates (``B >~ P sigma^2 / lambda_1^2``): beyond it
the maximal learning rate saturates. The paper gives no model-independent
threshold, so we warn (never refuse) when the scale factor ``B / B0`` leaves
``[1/16, 16]`` by default. This is our convention, not a result of the paper:
the widest span we know to be reported for linear scaling is 32x (ResNet-50 on
ImageNet, 256 to 8k, Goyal et al. 2017, breaking down beyond it), and we keep a
factor-of-two margin below it because the threshold depends on the model's
gradient noise and curvature. Callers who
have checked a wider range on their own model raise ``max_trusted_scale``. We
also warn when the rule is forced against the family (linear scaling for an
adaptive optimizer overshoots the stable learning rate by sqrt(B/B0)).

A measured range replaces the convention when the caller has one (``measured``,
ScheduleService's ScaleLearningRate with a ``model``): the batch sizes over which the
model's learning-rate curve shows the applied rule's regime (``stability.
learning_rate_curve``); a target is trusted when the whole span from ``B0`` to it lies
inside that range, and warned about otherwise, with the range in the warning.

Warm-up: a warm-up of ``w`` steps at ``B0`` becomes ``ceil(w * B0 / B)`` steps
at ``B``, so that it covers the same number of training examples (the
per-example warm-up of Goyal et al.). This is a convention, not part of the
paper.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from tuneforge.errors import Violations

DEFAULT_MAX_TRUSTED_SCALE = 16.0
MAX_TARGETS = 1024
MAX_INT = 2**62  # batch sizes and step counts stay far inside int64


class Family(Enum):
    SGD = "sgd"
    ADAPTIVE = "adaptive"


class Rule(Enum):
    LINEAR = "linear"
    SQRT = "sqrt"


RULE_OF_FAMILY = {Family.SGD: Rule.LINEAR, Family.ADAPTIVE: Rule.SQRT}


@dataclass(frozen=True, slots=True)
class ScaledRate:
    batch_size: int
    learning_rate: float
    scale_factor: float
    warmup_steps: int
    warning: str


@dataclass(frozen=True, slots=True)
class MeasuredRange:
    """Where the applied rule holds for one model: ``rule_range`` (None: nowhere) within
    the ``measured`` batch sizes (smallest, largest) of its learning-rate curve."""

    rule_range: tuple[float, float] | None
    measured: tuple[float, float]


@dataclass(frozen=True, slots=True)
class Scaling:
    rule: Rule
    results: tuple[ScaledRate, ...]


def scale_learning_rate(
    base_learning_rate: float,
    base_batch_size: int,
    target_batch_sizes: Sequence[int],
    family: Family | None = None,
    *,
    rule: Rule | None = None,
    warmup_steps: int = 0,
    max_trusted_scale: float = DEFAULT_MAX_TRUSTED_SCALE,
    measured: MeasuredRange | None = None,
) -> Scaling:
    """Scale ``base_learning_rate`` (tuned at ``base_batch_size``) to each target.

    ``rule`` overrides the family's rule; at least one of the two is required.
    ``measured``, when given, decides the warnings instead of ``max_trusted_scale``.
    Raises :class:`~tuneforge.errors.ValidationError` naming every bad field.
    """
    _check(
        base_learning_rate,
        base_batch_size,
        target_batch_sizes,
        family,
        rule,
        warmup_steps,
        max_trusted_scale,
    )
    applied = rule if rule is not None else RULE_OF_FAMILY[family]  # type: ignore[index]
    mismatch = family if family is not None and applied is not RULE_OF_FAMILY[family] else None
    return Scaling(
        rule=applied,
        results=tuple(
            _scaled(base_learning_rate, base_batch_size, b, applied, mismatch, warmup_steps,
                    max_trusted_scale, measured)
            for b in target_batch_sizes
        ),
    )  # fmt: skip


def _check(
    base_learning_rate: float,
    base_batch_size: int,
    target_batch_sizes: Sequence[int],
    family: Family | None,
    rule: Rule | None,
    warmup_steps: int,
    max_trusted_scale: float,
) -> None:
    v = Violations()
    v.check(
        math.isfinite(base_learning_rate) and base_learning_rate > 0,
        "base_learning_rate",
        f"must be a finite number > 0, got {base_learning_rate!r}",
    )
    v.check(
        0 < base_batch_size <= MAX_INT,
        "base_batch_size",
        f"must lie in [1, 2^62], got {base_batch_size}",
    )
    if v.check(len(target_batch_sizes) > 0, "target_batch_sizes", "must not be empty"):
        v.check(
            len(target_batch_sizes) <= MAX_TARGETS,
            "target_batch_sizes",
            f"at most {MAX_TARGETS} entries, got {len(target_batch_sizes)}",
        )
    for i, b in enumerate(target_batch_sizes):
        v.check(0 < b <= MAX_INT, f"target_batch_sizes[{i}]", f"must lie in [1, 2^62], got {b}")
    v.check(
        0 <= warmup_steps <= MAX_INT, "warmup_steps", f"must lie in [0, 2^62], got {warmup_steps}"
    )
    v.check(
        math.isfinite(max_trusted_scale) and max_trusted_scale >= 1,
        "max_trusted_scale",
        f"must be a finite number >= 1, got {max_trusted_scale!r}",
    )
    v.check(
        family is not None or rule is not None,
        "optimizer_family",
        "required unless a rule is given: OPTIMIZER_FAMILY_SGD or OPTIMIZER_FAMILY_ADAPTIVE",
    )
    v.raise_if_any()


def _scaled(
    base_learning_rate: float,
    base_batch_size: int,
    b: int,
    applied: Rule,
    mismatch: Family | None,
    warmup_steps: int,
    max_trusted_scale: float,
    measured: MeasuredRange | None,
) -> ScaledRate:
    """One target batch size: the scaled rate, its warm-up and any warnings."""
    ratio = b / base_batch_size
    factor = ratio if applied is Rule.LINEAR else math.sqrt(ratio)
    warnings = []
    if measured is not None:
        if ratio != 1:
            warnings += _measured_warning(measured, applied, base_batch_size, b)
    elif not 1 / max_trusted_scale <= ratio <= max_trusted_scale:
        warnings.append(
            f"batch-size ratio {ratio:g} is outside the trusted range "
            f"[1/{max_trusted_scale:g}, {max_trusted_scale:g}]: beyond it the batch "
            "noise no longer dominates the Hessian and the maximal learning rate "
            "saturates (Granziol et al. 2022); validate with a short run"
        )
    if mismatch is not None and ratio != 1:
        warnings.append(
            f"{applied.value} scaling forced on a {mismatch.value} optimizer "
            "departs from the rule derived for that family"
        )
    # Exact integer ceiling; the example count stays the same, capped at int64's range.
    warm = min(-(-warmup_steps * base_batch_size // b), MAX_INT)
    return ScaledRate(
        batch_size=b,
        learning_rate=base_learning_rate * factor,
        scale_factor=factor,
        warmup_steps=warm,
        warning="; ".join(warnings),
    )


def _measured_warning(m: MeasuredRange, rule: Rule, b0: int, b: int) -> list[str]:
    lo, hi = min(b0, b), max(b0, b)
    seen = f"measured on batch sizes [{m.measured[0]:g}, {m.measured[1]:g}]"
    if m.rule_range is None:
        return [f"the {rule.value} rule holds nowhere for this model ({seen}): validate "
                "with a short run"]  # fmt: skip
    a, z = m.rule_range
    if a <= lo and hi <= z:
        return []
    beyond = " beyond the largest measured batch size" if hi > m.measured[1] else ""
    below = " below the smallest measured batch size" if lo < m.measured[0] else ""
    return [f"the {rule.value} rule holds for this model on batch sizes [{a:g}, {z:g}] "
            f"({seen}); scaling from {b0} to {b} leaves it{beyond or below}: validate "
            "with a short run"]  # fmt: skip
