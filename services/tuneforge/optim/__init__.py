"""Optimizers from recent papers, as ``torch.optim.Optimizer`` subclasses.

``from tuneforge.optim import AdaBelief``; the catalogue (names,
hyperparameters, config validation) is :mod:`tuneforge.optim.registry`.
"""

from tuneforge.optim.adabelief import AdaBelief
from tuneforge.optim.adagradnorm import AdaGradNorm
from tuneforge.optim.adaptive_batch import AdaptiveBatchSize
from tuneforge.optim.cbo import CBO
from tuneforge.optim.diffgrad import DiffGrad
from tuneforge.optim.frugal import FRUGAL
from tuneforge.optim.mfac import MFAC
from tuneforge.optim.sso import SSO
from tuneforge.optim.trp import TrainedRankPruning

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
