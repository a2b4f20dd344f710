"""The best trials of a study: Optuna's ``Study.best_trials``, one trial with one objective.

Optuna's Pareto front already has tuneforge's semantics: complete trials only;
when any trial carries constraint values, only feasible ones (every value
<= 0; a trial without values counts as feasible); a trial is on the front when
no other is at least as good in every objective and better in one, so equal
trials are all on it. With one objective tuneforge answers one trial, the
lowest-numbered of the best (``Study.best_trial`` leaves ties to the
database's order).
"""

from __future__ import annotations

from typing import Any

import optuna
from optuna.storages import BaseStorage
from optuna.trial import FrozenTrial

from tuneforge.studies.config import CONSTRAINTS_ATTR
from tuneforge.studies.optuna_internals import read_through, study_id


def feasible(t: FrozenTrial) -> bool:
    return all(c <= 0 for c in (t.system_attrs.get(CONSTRAINTS_ATTR) or ()))


def best_of(study: optuna.Study) -> list[FrozenTrial]:
    front = study.best_trials  # in trial-number order
    return front[:1] if len(study.directions) == 1 else front


def read_study(storage: BaseStorage, name: str) -> optuna.Study:
    """The study ``name`` of ``storage`` with its trials read now, once: what
    :func:`best_of` needs, without the database."""
    study = optuna.Study(
        study_name=name,
        storage=storage,
        sampler=optuna.samplers.RandomSampler(),
        pruner=optuna.pruners.NopPruner(),
    )
    trials = storage.get_all_trials(study_id(study), deepcopy=False)
    read_through(study, _Read(storage, trials))
    return study


class _Read:
    """A storage view answering ``get_all_trials`` from trials read once, not copied
    (``best_trials`` reads the trials twice, once deep-copied; here they are only read)."""

    def __init__(self, inner: BaseStorage, trials: list[FrozenTrial]) -> None:
        self._inner = inner
        self._trials = trials

    def get_all_trials(
        self, study_id: int, deepcopy: bool = True, states: Any = None
    ) -> list[FrozenTrial]:
        return [t for t in self._trials if states is None or t.state in states]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
