"""Hyperparameter specs shared by every optimizer module and the registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["float", "int", "bool", "choice", "float_pair"]


@dataclass(frozen=True, slots=True)
class HParam:
    """One constructor argument: its type, default and valid range.

    ``low``/``high`` bound numbers (inclusive unless ``open_low``/``open_high``);
    ``choices`` lists the valid values of a ``choice``; ``log`` marks scale-free
    parameters such as learning rates (useful to samplers).
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
