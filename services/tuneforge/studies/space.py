"""Typed search spaces: float/int (log, step), categorical, conditional parameters.

A space is an ordered list of :class:`Param`. A parameter with a
:class:`Condition` is active only when its parent (declared earlier) took one
of the listed values, which gives Optuna's define-by-run conditional spaces a
declarative form any client can send. :func:`suggest` walks the space on an
``optuna.Trial``; :func:`check_params` validates client-chosen values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from optuna.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)

from tuneforge.errors import Violations
from tuneforge.tracker.names import key_problem

Value = float | int | str | bool
Kind = Literal["float", "int", "categorical"]
Config = dict[str, Value]

MAX_PARAMS = 200
MAX_CHOICES = 1000
_NAME = re.compile(r"^[A-Za-z0-9_./-]{1,128}$")


def value_key(v: Value) -> tuple[str, Value]:
    """A hashable key that keeps ``True``, ``1`` and ``1.0`` apart."""
    return (type(v).__name__, v)


def config_key(params: Mapping[str, Value]) -> tuple[tuple[str, tuple[str, Value]], ...]:
    """Identity of a configuration: two are identical when every active value matches."""
    return tuple(sorted((k, value_key(v)) for k, v in params.items()))


@dataclass(frozen=True, slots=True)
class Condition:
    parent: str
    values: tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class Param:
    """One dimension. ``step`` 0 means continuous (float) or 1 (int)."""

    name: str
    kind: Kind
    low: float = 0.0
    high: float = 0.0
    log: bool = False
    step: float = 0.0
    choices: tuple[Value, ...] = ()
    condition: Condition | None = None

    def distribution(self) -> BaseDistribution:
        if self.kind == "float":
            return FloatDistribution(
                float(self.low), float(self.high), log=self.log, step=self.step or None
            )
        if self.kind == "int":
            return IntDistribution(
                int(self.low), int(self.high), log=self.log, step=int(self.step) or 1
            )
        return CategoricalDistribution(list(self.choices))

    def contains(self, v: Value) -> bool:
        if self.kind == "categorical":
            return value_key(v) in {value_key(c) for c in self.choices}
        if isinstance(v, (bool, str)):
            return False
        if self.kind == "int" and not isinstance(v, int):
            return False
        x = float(v)
        if not (math.isfinite(x) and self.low <= x <= self.high):
            return False
        if self.step:
            k = (x - self.low) / self.step
            return abs(k - round(k)) < 1e-9 * max(1.0, abs(k))
        return True

    def describe(self) -> str:
        if self.kind == "categorical":
            return f"one of {list(self.choices)}"
        extra = " (log)" if self.log else f" (step {self.step:g})" if self.step else ""
        return f"in [{self.low:g}, {self.high:g}]{extra}"

    def grid(self, limit: int = 1000) -> list[Value] | None:
        """Every value of a finite domain (at most ``limit``), else None."""
        if self.kind == "categorical":
            return list(self.choices)
        step = self.step or (1 if self.kind == "int" else 0)
        if not step:
            return None
        count = (self.high - self.low) / step + 1e-9
        if not math.isfinite(count) or count < 0 or count >= limit:  # NaN, overflow, too many
            return None
        n = math.floor(count) + 1
        if self.kind == "int":
            return [int(self.low) + i * int(step) for i in range(n)]
        return [self.low + i * step for i in range(n)]

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.kind == "categorical":
            d["choices"] = [_tag(c) for c in self.choices]
        else:
            d.update(low=self.low, high=self.high, log=self.log, step=self.step)
        if self.condition is not None:
            d["condition"] = {
                "parent": self.condition.parent,
                "values": [_tag(v) for v in self.condition.values],
            }
        return d

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Param:
        cond = d.get("condition")
        return cls(
            name=d["name"],
            kind=d["kind"],
            low=d.get("low", 0.0),
            high=d.get("high", 0.0),
            log=d.get("log", False),
            step=d.get("step", 0.0),
            choices=tuple(_untag(c) for c in d.get("choices", ())),
            condition=None
            if cond is None
            else Condition(cond["parent"], tuple(_untag(v) for v in cond["values"])),
        )


def _tag(v: Value) -> list[Any]:
    """JSON keeps ints and floats apart only when told: store the type with the value."""
    return [type(v).__name__, v]


def _untag(t: Sequence[Any]) -> Value:
    kind, v = t
    cast: Any = {"bool": bool, "int": int, "float": float, "str": str}[kind]
    value: Value = cast(v)
    return value


def check_space(space: Sequence[Param], field: str = "search_space") -> None:
    """Every violation of a space at once, named by the request's field paths."""
    v = Violations()
    if not v.check(len(space) >= 1, field, "at least one parameter"):
        v.raise_if_any()
    v.check(len(space) <= MAX_PARAMS, field, f"at most {MAX_PARAMS} parameters")
    seen: dict[str, Param] = {}
    for i, p in enumerate(space):
        f = f"{field}[{i}]"
        if not _NAME.match(p.name):
            v.add(f"{f}.name", "1-128 of letters, digits, '_', '.', '-', '/'")
        elif problem := key_problem(p.name):  # a trial's params become MLflow params
            v.add(f"{f}.name", f"not a name the tracker accepts: {problem}")
        elif p.name in seen:
            v.add(f"{f}.name", f"duplicate parameter name {p.name!r}")
        if p.kind == "float":
            _check_float(v, f"{f}.float_range", p)
        elif p.kind == "int":
            _check_int(v, f"{f}.int_range", p)
        else:
            _check_choices(v, f"{f}.categorical.choices", p.choices)
        if p.condition is not None:
            _check_condition(v, f"{f}.condition", p.condition, seen)
        seen.setdefault(p.name, p)
    v.raise_if_any()


def _check_float(v: Violations, f: str, p: Param) -> None:
    if not v.check(
        math.isfinite(p.low) and math.isfinite(p.high), f"{f}.low", "low and high must be finite"
    ):
        return
    v.check(p.low <= p.high, f"{f}.high", f"must be >= low ({p.low:g})")
    v.check(math.isfinite(p.step) and p.step >= 0, f"{f}.step", "must be >= 0")
    if p.log:
        v.check(p.low > 0, f"{f}.low", "must be > 0 on a log scale")
        v.check(p.step == 0, f"{f}.step", "log and step exclude each other")


def _check_int(v: Violations, f: str, p: Param) -> None:
    v.check(p.low <= p.high, f"{f}.high", f"must be >= low ({p.low:g})")
    v.check(p.step >= 0, f"{f}.step", "must be >= 0")
    v.check(abs(p.low) < 2**62 and abs(p.high) < 2**62, f"{f}.high", "out of the int64 range")
    if p.log:
        v.check(p.low >= 1, f"{f}.low", "must be >= 1 on a log scale")
        v.check(p.step <= 1, f"{f}.step", "log and step > 1 exclude each other")


def _check_choices(v: Violations, f: str, choices: Sequence[Value]) -> None:
    if not v.check(len(choices) >= 1, f, "at least one choice"):
        return
    v.check(len(choices) <= MAX_CHOICES, f, f"at most {MAX_CHOICES} choices")
    keys = [value_key(c) for c in choices]
    v.check(len(set(keys)) == len(keys), f, "choices must be distinct")
    for j, c in enumerate(choices):
        if isinstance(c, float) and not math.isfinite(c):
            v.add(f"{f}[{j}]", "must be finite")


def _check_condition(v: Violations, f: str, c: Condition, seen: Mapping[str, Param]) -> None:
    parent = seen.get(c.parent)
    if parent is None:
        v.add(f"{f}.parent", f"{c.parent!r} is not a parameter declared before this one")
        return
    if parent.kind == "float":
        v.add(f"{f}.parent", "a condition's parent must be categorical or integer")
        return
    if not v.check(len(c.values) >= 1, f"{f}.values", "at least one value"):
        return
    for j, x in enumerate(c.values):
        v.check(parent.contains(x), f"{f}.values[{j}]", f"not a value of {parent.name!r}")


def active(p: Param, params: Mapping[str, Value]) -> bool:
    if p.condition is None:
        return True
    parent = params.get(p.condition.parent)
    if parent is None:
        return False
    return value_key(parent) in {value_key(x) for x in p.condition.values}


def suggest(trial: Any, space: Sequence[Param]) -> Config:
    """Draw every active parameter on ``trial`` (an ``optuna.Trial``), parents first."""
    params: Config = {}
    for p in space:
        if not active(p, params):
            continue
        if p.kind == "float":
            params[p.name] = trial.suggest_float(
                p.name, p.low, p.high, log=p.log, step=p.step or None
            )
        elif p.kind == "int":
            params[p.name] = trial.suggest_int(
                p.name, int(p.low), int(p.high), log=p.log, step=int(p.step) or 1
            )
        else:
            params[p.name] = trial.suggest_categorical(p.name, list(p.choices))
    return params


def check_params(
    space: Sequence[Param], params: Mapping[str, Value], field: str = "params"
) -> Config:
    """Client-chosen values (a subset of the space is allowed), coerced to each domain's type."""
    v = Violations()
    by_name = {p.name: p for p in space}
    out: Config = {}
    for name in params:
        if name not in by_name:
            v.add(f"{field}[{name}]", "not a parameter of the search space", "UNKNOWN_PARAMETER")
    for p in space:
        if p.name not in params:
            continue
        x = params[p.name]
        if p.kind == "float" and isinstance(x, int) and not isinstance(x, bool):
            x = float(x)
        if not p.contains(x):
            v.add(
                f"{field}[{p.name}]", f"{x!r} is outside the space: {p.describe()}", "OUT_OF_SPACE"
            )
            continue
        if p.condition is not None and p.condition.parent in params and not active(p, params):
            v.add(
                f"{field}[{p.name}]",
                f"inactive unless {p.condition.parent} is one of {list(p.condition.values)}",
                "INACTIVE_PARAMETER",
            )
            continue
        out[p.name] = x
    v.raise_if_any()
    return out


def missing_params(space: Sequence[Param], params: Mapping[str, Value]) -> list[str]:
    """The parameters active given ``params`` that it leaves out (one whose parent is
    left out is not counted: its parent is)."""
    return [p.name for p in space if p.name not in params and active(p, params)]


def enumerate_configs(space: Sequence[Param], limit: int = 10_000) -> list[Config] | None:
    """Every configuration of a finite space (conditions respected), or None when the
    space is continuous somewhere or holds more than ``limit`` configurations."""
    configs: list[Config] = [{}]
    for p in space:
        grid = p.grid(limit)
        if grid is None:
            return None
        out: list[Config] = []
        for c in configs:
            if active(p, c):
                out += [{**c, p.name: x} for x in grid]
            else:
                out.append(c)
            if len(out) > limit:
                return None
        configs = out
    return configs


def distributions(space: Sequence[Param]) -> dict[str, BaseDistribution]:
    return {p.name: p.distribution() for p in space}
