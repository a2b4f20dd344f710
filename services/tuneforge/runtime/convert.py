"""Translation helpers shared by the servicers (proto values to core values)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from tuneforge.errors import ValidationError

T = TypeVar("T")


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
        raise ValidationError.single(
            field, f"unknown value {value}", "UNKNOWN_ENUM_VALUE"
        ) from None
