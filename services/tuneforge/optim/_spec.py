"""Hyperparameter declarations, and the one check behind constructors and the registry.

Every optimizer module declares ``HYPERPARAMS``, a tuple of :class:`HParam`.
Its constructor validates its arguments with :func:`check_hyperparams` and
:func:`tuneforge.optim.registry.validate_config` validates a job's config with
:func:`collect`, so a value is refused by one exactly when it is refused by
the other.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from tuneforge.errors import Violations

Kind = Literal["float", "int", "bool", "choice", "float_pair"]
# (holds(config), description): a rule between values, e.g. max_batch_size >= initial_batch_size.
Relation = tuple[Callable[[Mapping[str, Any]], bool], str]
# (field suffix such as "[1]", description, reason) of one bad value.
Problem = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class HParam:
    """One constructor argument: its type, default and valid range.

    ``low``/``high`` bound numbers (inclusive unless ``open_low``/``open_high``);
    ``choices`` lists the valid values of a ``choice``; ``log`` marks scale-free
    parameters such as learning rates (useful to samplers); ``requires`` is a
    rule over the whole configuration, checked once every value is valid on
    its own and reported on this argument.
    """

    name: str
    kind: Kind
    default: object
    help: str
    low: float | None = None
    high: float | None = None
    open_low: bool = False
    open_high: bool = False
    log: bool = False
    choices: tuple[str, ...] = ()
    requires: Relation | None = None

    def range_text(self) -> str:
        lo = "-inf" if self.low is None else f"{self.low:g}"
        hi = "inf" if self.high is None else f"{self.high:g}"
        left = "(" if self.open_low or self.low is None else "["
        right = ")" if self.open_high or self.high is None else "]"
        return f"{left}{lo}, {hi}{right}"

    def in_range(self, x: float) -> bool:
        if self.low is not None and (x <= self.low if self.open_low else x < self.low):
            return False
        return not (self.high is not None and (x >= self.high if self.open_high else x > self.high))

    def check(self, value: object) -> tuple[object, list[Problem]]:
        """``value`` normalised (integral floats as ints, pairs as tuples), and its problems."""
        if self.kind == "float" or self.kind == "int":
            x, problem = self._check_number(value)
            return x, [] if problem is None else [("", *problem)]
        if self.kind == "float_pair":
            if not isinstance(value, list | tuple) or len(value) != 2:
                return value, [("", f"must be a pair of numbers, got {value!r}", "INVALID")]
            pair = [self._check_number(x) for x in value]
            problems = [(f"[{i}]", *p) for i, (_, p) in enumerate(pair) if p is not None]
            return tuple(x for x, _ in pair), problems
        if self.kind == "bool":
            ok = isinstance(value, bool)
            return value, [] if ok else [("", f"must be a bool, got {value!r}", "INVALID")]
        if isinstance(value, str) and value in self.choices:
            return value, []
        return value, [("", f"must be one of {', '.join(self.choices)}, got {value!r}", "INVALID")]

    def _check_number(self, value: object) -> tuple[object, tuple[str, str] | None]:
        x = _number(value, self.kind == "int")
        if x is None:
            kind = "an integer" if self.kind == "int" else "a finite number"
            return value, (f"must be {kind}, got {value!r}", "INVALID")
        if not self.in_range(x):
            return x, (f"must be in {self.range_text()}, got {value!r}", "OUT_OF_RANGE")
        return x, None


def _number(value: object, integer: bool) -> float | int | None:
    """``value`` as a finite float/int, or None; integral floats count as ints (JSON)."""
    # int and float first: the ABC check alone costs more than the rest (every step of some)
    if isinstance(value, bool) or not isinstance(value, (float, int, numbers.Real)):
        return None
    if not math.isfinite(value):
        return None
    if integer:
        if isinstance(value, numbers.Integral):
            return int(value)
        x = float(value)
        return int(x) if x.is_integer() else None
    return float(value)


def collect(
    params: Iterable[HParam], values: Mapping[str, object], v: Violations, prefix: str = ""
) -> dict[str, object]:
    """The normalised ``values`` of the declared ``params`` that are given.

    Each bad value is added to ``v`` as ``{prefix}{name}`` (``...betas[1]``
    inside pairs); relations are checked only when every value is valid on
    its own, with the declared defaults standing in for values not given.
    """
    params = tuple(params)
    out: dict[str, object] = {}
    clean = True
    for h in params:
        if h.name not in values:
            continue
        value, problems = h.check(values[h.name])
        for suffix, description, reason in problems:
            v.add(f"{prefix}{h.name}{suffix}", description, reason)
        clean = clean and not problems
        out[h.name] = value
    if clean and any(h.requires is not None for h in params):
        config = {h.name: h.default for h in params} | out
        for h in params:
            if h.requires is not None and h.name in out and not h.requires[0](config):
                v.add(f"{prefix}{h.name}", h.requires[1])
    return out


def check_hyperparams(params: Iterable[HParam], /, **values: object) -> dict[str, object]:
    """``values`` normalised, or a ``ValidationError`` (a ``ValueError``) naming
    every bad argument, as ``lr: must be in (0, inf), got 0.0``."""
    params = tuple(params)
    unknown = set(values) - {h.name for h in params}
    if unknown:
        raise TypeError(f"undeclared hyperparameters: {', '.join(sorted(unknown))}")
    v = Violations()
    out = collect(params, values, v)
    v.raise_if_any()
    return out
