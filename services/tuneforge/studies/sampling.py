"""Ask on the server: queued trials first, then fresh draws, distinct within a batch.

Each server process keeps, per study, a :class:`Handle`: an ``optuna.Study``
with the sampler and pruner rebuilt from the study's configuration and a lock,
so that one thread samples for one study at a time (Optuna's samplers are not
thread-safe); replicas coordinate through the database alone.

Distinct batches: a fresh trial's parameters are drawn with its parameter
writes held back (:class:`Deferred`); when the configuration equals one of the
batch or of a running trial, the same trial is drawn again (the sampler's
random state has moved on), then with a random sampler, then from the free
configurations of a finite space, and only then the batch ends early.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import optuna
from optuna.storages import BaseStorage, RDBStorage
from optuna.trial import FrozenTrial, TrialState

from tuneforge.studies.config import StudyConfig
from tuneforge.studies.optuna_internals import (
    FIXED_PARAMS_KEY,
    commit_draw,
    forget_trials,
    frozen,
    just_created,
    read_through,
    study_id,
    trial_id,
    trial_on,
)
from tuneforge.studies.space import config_key, distributions, enumerate_configs, suggest
from tuneforge.studies.store import CLIENT_ATTR, FINAL

_DRAWS = 8  # sampler draws per slot before falling back to random draws


class Snapshot:
    """A storage view for a study's sampler and pruner: while an Ask of this thread holds
    a snapshot, ``get_all_trials`` answers from it (the Ask has just read every trial;
    TPE would read them again from the database per draw). Everything else delegates."""

    def __init__(self, inner: BaseStorage) -> None:
        self._inner = inner
        self._local = threading.local()

    @contextmanager
    def holding(self, trials: list[FrozenTrial]) -> Iterator[None]:
        self._local.trials = trials
        try:
            yield
        finally:
            self._local.trials = None

    def get_all_trials(
        self, study_id: int, deepcopy: bool = True, states: Any = None
    ) -> list[FrozenTrial]:
        snap = getattr(self._local, "trials", None)
        if snap is None:
            return list(self._inner.get_all_trials(study_id, deepcopy=deepcopy, states=states))
        out = [t for t in snap if states is None or t.state in states]
        return copy.deepcopy(out) if deepcopy else out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class Deferred:
    """A storage view that holds back parameter writes until the draw is accepted."""

    def __init__(self, inner: BaseStorage) -> None:
        self._inner = inner
        self.writes: list[tuple[str, float, Any]] = []

    def set_trial_param(self, tid: int, name: str, value: float, dist: Any) -> None:
        self.writes.append((name, value, dist))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@dataclass
class Handle:
    """What this process keeps for one study."""

    study: optuna.Study
    config: StudyConfig
    snapshot: Snapshot
    lock: threading.Lock = field(default_factory=threading.Lock)
    random: optuna.Study | None = None
    last_sweep: float = 0.0
    # Trials this process handed out and that are not finished: Tell and ReportIntermediate
    # then read only what can have changed (state, intermediate values), not the whole trial.
    issued: dict[int, FrozenTrial] = field(default_factory=dict)

    @classmethod
    def open(cls, storage: BaseStorage, name: str, config: StudyConfig) -> Handle:
        study = optuna.Study(
            study_name=name,
            storage=storage,
            sampler=config.make_sampler(),
            pruner=config.make_pruner(),
        )
        snapshot = Snapshot(storage)
        read_through(study, snapshot)
        return cls(study, config, snapshot)

    @property
    def id(self) -> int:
        return study_id(self.study)


def ask(
    storage: BaseStorage, rdb: RDBStorage, h: Handle, count: int, client_id: str
) -> list[FrozenTrial]:
    """Up to ``count`` running trials (the caller holds ``h.lock``)."""
    # One read serves the lease owners, the distinctness check, the queue and the
    # sampler (Optuna's ask would read the trials again per trial and per sampler).
    trials = list(storage.get_all_trials(h.id, deepcopy=False))
    for n in [n for n in list(h.issued) if n < len(trials) and trials[n].state in FINAL]:
        h.issued.pop(n, None)  # finished through another replica
    running = [t for t in trials if t.state == TrialState.RUNNING]
    waiting = [t for t in trials if t.state == TrialState.WAITING]
    out: list[FrozenTrial] = []
    if client_id:
        mine = [t for t in running if t.system_attrs.get(CLIENT_ATTR) == client_id]
        for t in mine[:count]:
            rdb.record_heartbeat(trial_id(t))
            h.issued.setdefault(t.number, t)
            out.append(t)
    taken = {config_key(t.params) for t in running if t.params}
    forget_trials(h.study)  # as Study.ask does
    with h.snapshot.holding(trials):
        while len(out) < count:
            trial = _draw(storage, rdb, h, taken, client_id, waiting)
            if trial is None:
                break
            taken.add(config_key(trial.params))
            h.issued[trial.number] = trial
            out.append(trial)
            if trial.number >= len(trials):  # the next draws see it (constant liar)
                trials.append(trial)
    return out


def _claim(storage: BaseStorage, h: Handle, waiting: list[FrozenTrial]) -> FrozenTrial:
    """A queued trial made RUNNING (first come, first served), else a new trial."""
    while waiting:
        tid = trial_id(waiting.pop(0))
        try:
            if storage.set_trial_state_values(tid, state=TrialState.RUNNING):
                return storage.get_trial(tid)
        except optuna.exceptions.UpdateFinishedTrialError:
            continue
    return just_created(storage, storage.create_new_trial(h.id))


def _draw(
    storage: BaseStorage,
    rdb: RDBStorage,
    h: Handle,
    taken: set[Any],
    client_id: str,
    waiting: list[FrozenTrial],
) -> FrozenTrial | None:
    """One trial with a configuration not in ``taken`` (queued ones are kept as is)."""
    claimed = _claim(storage, h, waiting)
    tid = trial_id(claimed)
    rdb.record_heartbeat(tid)
    attrs = {CLIENT_ATTR: client_id} if client_id else {}
    if claimed.params or FIXED_PARAMS_KEY in claimed.system_attrs:
        trial = trial_on(h.study, claimed)  # a queued configuration: hand it out as it is
        suggest(trial, h.config.space)
        for key, value in attrs.items():
            storage.set_trial_system_attr(tid, key, value)
        drawn: FrozenTrial | None = frozen(trial)
    else:
        drawn = _sample(storage, rdb, h, claimed, taken, attrs)
        if drawn is None:  # every draw repeated a configuration in use
            drawn = _pick(storage, rdb, h, tid, taken, attrs)
    if drawn is None:
        storage.set_trial_system_attr(tid, "tuneforge:discarded", "no distinct configuration left")
        storage.set_trial_state_values(tid, TrialState.FAIL)
        return None
    drawn.system_attrs.update(attrs)
    return drawn


def _sample(
    storage: BaseStorage,
    rdb: RDBStorage,
    h: Handle,
    claimed: FrozenTrial,
    taken: set[Any],
    attrs: dict[str, str],
) -> FrozenTrial | None:
    """The study's sampler's draw, else a random one, if one is not in ``taken``."""
    for attempt in range(2 * _DRAWS):
        if attempt == _DRAWS and h.random is None:
            h.random = optuna.Study(
                study_name=h.study.study_name,
                storage=storage,
                sampler=optuna.samplers.RandomSampler(),
                pruner=optuna.pruners.NopPruner(),
            )
        study = h.study if attempt < _DRAWS else h.random
        assert study is not None
        deferred = Deferred(storage)
        trial = trial_on(study, copy.deepcopy(claimed), deferred)
        if config_key(suggest(trial, h.config.space)) not in taken:
            commit_draw(rdb, trial_id(claimed), deferred.writes, attrs)
            return frozen(trial)
    return None


def _pick(
    storage: BaseStorage,
    rdb: RDBStorage,
    h: Handle,
    tid: int,
    taken: set[Any],
    attrs: dict[str, str],
) -> FrozenTrial | None:
    """A free configuration of a finite space, if one is left."""
    free = [c for c in enumerate_configs(h.config.space) or [] if config_key(c) not in taken]
    if not free:
        return None
    pick = free[int(np.random.default_rng().integers(len(free)))]
    dists = distributions(h.config.space)
    writes = [(k, dists[k].to_internal_repr(x), dists[k]) for k, x in pick.items()]
    commit_draw(rdb, tid, writes, attrs)
    return storage.get_trial(tid)
