"""Optimizers from recent papers, as ``torch.optim.Optimizer`` subclasses.

``from tuneforge.optim import AdaBelief``; the catalogue (names,
hyperparameters, config validation) is :mod:`tuneforge.optim.registry`.

The classes resolve on first use, so that the control plane can import the
catalogue (:mod:`.registry`, :mod:`.schemas`) without torch.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tuneforge.optim.adabelief import AdaBelief
    from tuneforge.optim.adagradnorm import AdaGradNorm
    from tuneforge.optim.adaptive_batch import AdaptiveBatchSize
    from tuneforge.optim.cbo import CBO
    from tuneforge.optim.diffgrad import DiffGrad
    from tuneforge.optim.frugal import FRUGAL
    from tuneforge.optim.mfac import MFAC
    from tuneforge.optim.sso import SSO
    from tuneforge.optim.trp import TrainedRankPruning

# class -> its module (torch is imported with the first class asked for)
_CLASSES = {
    "CBO": "cbo",
    "FRUGAL": "frugal",
    "MFAC": "mfac",
    "SSO": "sso",
    "AdaBelief": "adabelief",
    "AdaGradNorm": "adagradnorm",
    "AdaptiveBatchSize": "adaptive_batch",
    "DiffGrad": "diffgrad",
    "TrainedRankPruning": "trp",
}

__all__ = [
    "CBO",
    "FRUGAL",
    "MFAC",
    "SSO",
    "AdaBelief",
    "AdaGradNorm",
    "AdaptiveBatchSize",
    "DiffGrad",
    "TrainedRankPruning",
]


def __getattr__(name: str) -> Any:
    module = _CLASSES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # resolved once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
