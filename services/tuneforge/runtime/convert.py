"""Translation helpers shared by the servicers (proto values to core values)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any, TypeVar

import numpy as np
from google.protobuf.timestamp_pb2 import Timestamp

from tuneforge.errors import ValidationError, Violations

T = TypeVar("T")


class EnumMap(dict[Any, T]):
    """``{proto number: core value}`` that knows the contract's wire names of its keys
    (what a client must send, and what error messages name)."""

    wire_names: tuple[str, ...] = ()


def enum_map(proto_enum: Any, prefix: str, values: Iterable[T]) -> EnumMap[T]:
    """``{proto number: core value}``, matched by name: ``SOLVER_`` + ``SSOR_CG`` is ``"ssor_cg"``.

    The core lists its values once (an enum, or a tuple of names); the contract's
    enum must name each of them and nothing else (bar ``*_UNSPECIFIED``), checked
    here at import, so the two can only drift with a loud error.
    """
    out: EnumMap[T] = EnumMap()  # keys: the enum's ValueType (an int)
    for value in values:
        name = value.name if isinstance(value, Enum) else str(value)
        out[proto_enum.Value(prefix + name.upper())] = value
    out.wire_names = tuple(proto_enum.Name(number) for number in out)
    unmapped = [
        name
        for name, number in proto_enum.items()
        if number not in out and not name.endswith("_UNSPECIFIED")
    ]
    if unmapped:
        raise RuntimeError(f"{prefix}*: no core value for {unmapped}")
    return out


def enum_field(value: int, mapping: Mapping[Any, T], field: str) -> T | None:
    """The core value of a proto enum; ``None`` for UNSPECIFIED (0).

    Proto3 enums are open: a client built against a newer contract can send a
    number this server does not know, which is a field violation, not a crash.
    """
    if value == 0:
        return None
    try:
        return mapping[value]
    except KeyError:
        names = getattr(mapping, "wire_names", ())
        known = f"; one of {', '.join(names)}" if names else ""
        raise ValidationError.single(
            field, f"unknown value {value}{known}", "UNKNOWN_ENUM_VALUE"
        ) from None


def dense(matrix: Any, field: str) -> np.ndarray:
    """A ``DenseMatrix`` message as a (rows, cols) float64 array, checked for consistency."""
    rows, cols, n = int(matrix.rows), int(matrix.cols), len(matrix.values)
    v = Violations()
    for name, size in (("rows", rows), ("cols", cols)):
        # numpy cannot shape an empty array of 2^62 rows: no message can carry 2^31 of them.
        v.check(0 <= size < 2**31, f"{field}.{name}", f"must lie in [0, 2^31), got {size}")
    v.raise_if_any()
    v.check(
        rows * cols == n,
        f"{field}.values",
        f"holds {n} values; rows * cols = {rows} * {cols} = {rows * cols}",
    )
    v.raise_if_any()
    return np.asarray(matrix.values, dtype=np.float64).reshape(rows, cols)


def timestamp(seconds: float) -> Timestamp:
    """A Timestamp from epoch seconds."""
    ts = Timestamp()
    ts.FromNanoseconds(int(seconds * 1e9))
    return ts


def millis(ts: Timestamp, field: str) -> int:
    """Epoch milliseconds of a client's Timestamp; out-of-range values are field violations."""
    try:
        return int(ts.ToMilliseconds())
    except (ValueError, OverflowError):
        raise ValidationError.single(
            field, "must lie between 0001-01-01 and 9999-12-31", "OUT_OF_RANGE"
        ) from None
