"""Studies on Optuna's RDB storage: ask/tell on the server, leases, dedup, Pareto fronts.

Studies, trials, parameters, values and heartbeats live in Optuna's own schema
(``optuna.storages.RDBStorage``) in the SQL store, so ``optuna.load_study`` and
optuna-dashboard open them directly; what CreateStudy fixes is a study system
attribute. Each server process keeps, per study, an ``optuna.Study`` with the
sampler and pruner rebuilt from that configuration and a lock, so that one
process samples for one study at a time (Optuna's samplers are not
thread-safe); several replicas coordinate through the database alone.

Leases: Ask records an Optuna heartbeat for each trial; ``Heartbeat`` and
``ReportIntermediate`` renew it. A trial whose heartbeat is older than the lease
is failed and its configuration re-queued as a WAITING trial
(``RetryHeartbeatStaleTrialCallback``) until ``max_retries`` is used up; the
next Ask hands it out first.

Distinct batches: a fresh trial's parameters are drawn with its parameter
writes deferred; when the configuration equals another one of the batch or of a
running trial, the same trial is drawn again (the sampler's random state has
moved on), then with a random sampler, and only then the batch ends early.

SQLite: transactions start with ``BEGIN IMMEDIATE`` and a process-wide lock
queues writers, so "database is locked" never reaches a client.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import datetime as dt
import logging
import math
import re
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import optuna
import sqlalchemy as sa
from optuna.storages import RDBStorage, RetryHeartbeatStaleTrialCallback, _CachedStorage
from optuna.storages._rdb import models
from optuna.storages._rdb.storage import _create_scoped_session
from optuna.trial import FrozenTrial, TrialState

from tuneforge.errors import (
    AlreadyExistsError,
    FailedPreconditionError,
    NotFoundError,
    ValidationError,
    Violations,
)
from tuneforge.storage import page_size as checked_page_size
from tuneforge.storage import serialize_sqlite, writer_lock
from tuneforge.studies.config import CONFIG_ATTR, CONSTRAINTS_ATTR, StudyConfig
from tuneforge.studies.space import (
    Value,
    check_params,
    config_key,
    distributions,
    enumerate_configs,
    suggest,
)

log = logging.getLogger("tuneforge.studies")

CLIENT_ATTR = "tuneforge:client_id"
CREATED_ATTR = "tuneforge:create_time"
MAX_ASK = 100
_NAME = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
_DRAWS = 8  # sampler draws per slot before falling back to random draws

optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
warnings.filterwarnings("ignore", message=".*Heartbeat of storage is supposed.*")
warnings.filterwarnings("ignore", message=".*GridSampler` is re-evaluating.*")

FINAL = {TrialState.COMPLETE, TrialState.FAIL, TrialState.PRUNED}

#: Called with (study name, finished trial, config) after every trial finishes.
OnFinished = Callable[[str, FrozenTrial, StudyConfig], None]


@dataclass(frozen=True, slots=True)
class StudyRecord:
    name: str
    id: int
    config: StudyConfig | None  # None for a study not created through tuneforge
    directions: tuple[bool, ...]  # maximize per objective
    counts: dict[TrialState, int]
    created: float


@dataclass
class _Handle:
    study: optuna.Study
    config: StudyConfig
    lock: threading.Lock = field(default_factory=threading.Lock)
    random: optuna.Study | None = None
    last_sweep: float = 0.0
    # Trials this process handed out and that are not finished: Tell and ReportIntermediate
    # then read only what can have changed (state, intermediate values), not the whole trial.
    issued: dict[int, FrozenTrial] = field(default_factory=dict)
    snapshot: _Snapshot | None = None


class _Deferred:
    """A storage view that holds back parameter writes until the draw is accepted."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.writes: list[tuple[Any, ...]] = []

    def set_trial_param(self, *args: Any) -> None:
        self.writes.append(args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _Snapshot:
    """A storage view for a study's sampler and pruner: while an Ask of this thread holds
    a snapshot, ``get_all_trials`` answers from it (the Ask has just read every trial;
    TPE would read them again from the database per draw). Everything else delegates."""

    def __init__(self, inner: Any) -> None:
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


class _Trial(optuna.Trial):
    """``optuna.Trial`` built on a trial already in hand: Optuna 5.0's ``Trial.__init__``
    without its read of the trial (six queries on a fresh one)."""

    def __init__(self, study: optuna.Study, frozen: FrozenTrial) -> None:
        self.study = study
        self._trial_id = frozen._trial_id
        self.storage = study._storage
        self._cached_frozen_trial = frozen
        self.study.sampler.before_trial(optuna.pruners._filter_study(study, frozen), frozen)
        self.relative_search_space = None
        self._relative_params = None
        self._fixed_params = frozen.system_attrs.get("fixed_params", {})


def _token(n: int) -> str:
    return base64.urlsafe_b64encode(f"n:{n}".encode()).decode()


def _from_token(token: str) -> int:
    if not token:
        return -1
    try:
        kind, n = base64.urlsafe_b64decode(token.encode()).decode().split(":", 1)
        if kind != "n":
            raise ValueError(kind)
        return int(n)
    except ValueError:
        raise ValidationError.single("page.page_token", "not a token from this server") from None


def feasible(t: FrozenTrial) -> bool:
    return all(c <= 0 for c in (t.system_attrs.get(CONSTRAINTS_ATTR) or ()))


def pareto_front(trials: Sequence[FrozenTrial], maximize: Sequence[bool]) -> list[FrozenTrial]:
    """Trials no other trial dominates (all objectives at least as good, one better)."""
    if not trials:
        return []
    sign = np.where(np.asarray(maximize), -1.0, 1.0)
    loss = np.asarray([t.values for t in trials], dtype=np.float64) * sign
    dominated = np.zeros(len(trials), dtype=bool)
    block = max(1, 2**22 // len(trials))  # candidates per pass: memory stays O(4M k)
    for s in range(0, len(trials), block):
        cand = loss[s : s + block]  # cand[i] is dominated by some loss[j]?
        le = (loss[None, :, :] <= cand[:, None, :]).all(-1)
        lt = (loss[None, :, :] < cand[:, None, :]).any(-1)
        dominated[s : s + block] = np.any(le & lt, axis=1)
    return [t for t, d in zip(trials, dominated.tolist(), strict=True) if not d]


class StudyStore:
    """Every study of the database behind ``url``; the Optuna storage opens on first use."""

    def __init__(
        self,
        url: str,
        *,
        lease_seconds: int = 60,
        max_retries: int = 3,
        on_finished: OnFinished | None = None,
    ) -> None:
        if lease_seconds < 1:
            raise ValueError("lease_seconds must be >= 1")
        self.url = url
        self.lease_seconds = lease_seconds
        self.max_retries = max_retries
        self.on_finished = on_finished
        self._sqlite = url.startswith("sqlite")
        self._init_lock = threading.Lock()
        self._rdb: RDBStorage | None = None
        self._storage: _CachedStorage | None = None
        self._handles: dict[str, _Handle] = {}
        self._handles_lock = threading.Lock()
        self._db_lock = writer_lock(url)  # SQLite: shared with every store of the file

    # -- plumbing ------------------------------------------------------------------

    @property
    def storage(self) -> _CachedStorage:
        if self._storage is None:
            with self._init_lock:
                if self._storage is None:
                    self._open()
        assert self._storage is not None
        return self._storage

    @property
    def rdb(self) -> RDBStorage:
        _ = self.storage
        assert self._rdb is not None
        return self._rdb

    def _open(self) -> None:
        kwargs: dict[str, Any] = {}
        if self._sqlite:
            kwargs["connect_args"] = {"timeout": 60, "check_same_thread": False}
        else:
            kwargs.update(pool_pre_ping=True, pool_size=10, max_overflow=20)
        with warnings.catch_warnings():  # heartbeats are "experimental" in Optuna
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            rdb = RDBStorage(
                self.url,
                engine_kwargs=kwargs,
                heartbeat_interval=self.lease_seconds,
                grace_period=self.lease_seconds,
                heartbeat_stale_trial_callback=RetryHeartbeatStaleTrialCallback(
                    max_retry=self.max_retries
                ),
            )
        if self._sqlite:
            serialize_sqlite(rdb.engine)
        self._rdb = rdb
        self._storage = _CachedStorage(rdb)

    def close(self) -> None:
        if self._rdb is not None:
            self._rdb.engine.dispose()

    @contextmanager
    def _db(self) -> Iterator[None]:
        if self._db_lock is None:
            yield
        else:
            with self._db_lock:
                yield

    @contextmanager
    def _locked(self, name: str, sampling: bool = False) -> Iterator[_Handle]:
        """The study's handle; ``sampling`` also takes the study's lock (the sampler and
        the distinctness check need one asker at a time; tells and reports do not)."""
        h = self._handle(name)
        with h.lock if sampling else contextlib.nullcontext(), self._db():
            try:
                yield h
            except KeyError:
                # Optuna's answer for ids that vanished (the study was deleted elsewhere).
                self._forget(name)
                raise NotFoundError(f"study {name!r} not found") from None

    def _forget(self, name: str) -> None:
        with self._handles_lock:
            self._handles.pop(name, None)

    def _study_id(self, name: str) -> int:
        if not name:
            raise ValidationError.single("study", "required: a study name")
        try:
            return self.storage.get_study_id_from_name(name)
        except KeyError:
            raise NotFoundError(f"study {name!r} not found") from None

    def _config(self, study_id: int) -> StudyConfig | None:
        text = self.storage.get_study_system_attrs(study_id).get(CONFIG_ATTR)
        return StudyConfig.from_json(text) if text else None

    def _handle(self, name: str) -> _Handle:
        with self._handles_lock:
            h = self._handles.get(name)
        if h is not None:
            return h
        with self._db():
            sid = self._study_id(name)
            config = self._config(sid)
        if config is None:
            raise FailedPreconditionError(
                f"study {name!r} was not created through tuneforge: it has no search space"
            )
        with self._db():
            study = optuna.Study(
                study_name=name,
                storage=self.storage,
                sampler=config.make_sampler(),
                pruner=config.make_pruner(),
            )
        snapshot = _Snapshot(self.storage)
        study._storage = snapshot  # type: ignore[assignment]
        with self._handles_lock:
            return self._handles.setdefault(name, _Handle(study, config, snapshot=snapshot))

    def _trial_id(self, h: _Handle, number: int) -> int:
        try:
            return self.storage.get_trial_id_from_study_id_trial_number(h.study._study_id, number)
        except KeyError:
            raise NotFoundError(
                f"trial {number} not found in study {h.study.study_name!r}"
            ) from None

    def _finished(self, name: str, trial: FrozenTrial, config: StudyConfig) -> None:
        if self.on_finished is not None:
            try:
                self.on_finished(name, trial, config)
            except Exception:  # tracking must never fail a Tell
                log.exception("could not queue a finished trial for tracking")

    # -- studies ---------------------------------------------------------------------

    def create(self, name: str, config: StudyConfig, load_if_exists: bool = False) -> StudyRecord:
        v = Violations()
        v.check(bool(_NAME.match(name)), "name", "1-128 of letters, digits, '.', '_', '-'")
        try:
            config.check()
        except ValidationError as e:
            raise ValidationError([*_items(v), *e.violations]) from None
        v.raise_if_any()
        storage = self.storage
        with self._db():
            try:
                sid = storage.create_new_study(config.directions, name)
            except optuna.exceptions.DuplicatedStudyError:
                sid = storage.get_study_id_from_name(name)
                if not load_if_exists:
                    raise AlreadyExistsError(f"study {name!r} already exists") from None
                # A concurrent creator writes the configuration right after the row:
                # give it a moment rather than report different settings.
                existing = self._config(sid)
                deadline = time.monotonic() + 5.0
                while existing is None and time.monotonic() < deadline:
                    time.sleep(0.02)
                    existing = self._config(sid)
                if existing is None or existing.to_json() != config.to_json():
                    raise FailedPreconditionError(
                        f"study {name!r} exists with different settings"
                    ) from None
                return self._record(sid, name)
            storage.set_study_system_attr(sid, CONFIG_ATTR, config.to_json())
            storage.set_study_system_attr(sid, CREATED_ATTR, time.time())
            storage.set_study_system_attr(
                sid, "study:metric_names", [o.name for o in config.objectives]
            )
            return self._record(sid, name)

    def get(self, name: str) -> StudyRecord:
        with self._db():
            return self._record(self._study_id(name), name)

    def _record(self, sid: int, name: str) -> StudyRecord:
        attrs = self.storage.get_study_system_attrs(sid)
        text = attrs.get(CONFIG_ATTR)
        directions = self.storage.get_study_directions(sid)
        return StudyRecord(
            name=name,
            id=sid,
            config=StudyConfig.from_json(text) if text else None,
            directions=tuple(d == optuna.study.StudyDirection.MAXIMIZE for d in directions),
            counts=self._counts([sid]).get(sid, {}),
            created=float(attrs.get(CREATED_ATTR, 0.0)),
        )

    def _counts(self, study_ids: Sequence[int]) -> dict[int, dict[TrialState, int]]:
        t = models.TrialModel
        query = (
            sa.select(t.study_id, t.state, sa.func.count())
            .where(t.study_id.in_(list(study_ids)))
            .group_by(t.study_id, t.state)
        )
        out: dict[int, dict[TrialState, int]] = {}
        with self.rdb.engine.connect() as conn:
            for sid, state, n in conn.execute(query):
                out.setdefault(int(sid), {})[TrialState[state.name]] = int(n)
        return out

    def list_page(self, page_size: int = 0, page_token: str = "") -> tuple[list[StudyRecord], str]:
        size, after = checked_page_size(page_size), _from_token(page_token)
        with self._db():
            studies = sorted(
                (s for s in self.storage.get_all_studies() if s._study_id > after),
                key=lambda s: s._study_id,
            )
            page = studies[:size]
            counts = self._counts([s._study_id for s in page])
        records = []
        for s in page:
            text = s.system_attrs.get(CONFIG_ATTR)
            records.append(
                StudyRecord(
                    name=s.study_name,
                    id=s._study_id,
                    config=StudyConfig.from_json(text) if text else None,
                    directions=tuple(
                        d == optuna.study.StudyDirection.MAXIMIZE for d in s.directions
                    ),
                    counts=counts.get(s._study_id, {}),
                    created=float(s.system_attrs.get(CREATED_ATTR, 0.0)),
                )
            )
        token = _token(page[-1]._study_id) if len(studies) > size else ""
        return records, token

    def delete(self, name: str) -> None:
        with self._db():
            sid = self._study_id(name)
            try:
                self.storage.delete_study(sid)
            except KeyError:
                raise NotFoundError(f"study {name!r} not found") from None
        self._forget(name)

    # -- trials ------------------------------------------------------------------------

    def ask(self, name: str, count: int = 1, client_id: str = "") -> list[FrozenTrial]:
        v = Violations()
        count = count or 1
        v.check(1 <= count <= MAX_ASK, "count", f"must lie in [0, {MAX_ASK}]")
        v.check(len(client_id) <= 128, "client_id", "at most 128 characters")
        v.raise_if_any()
        with self._locked(name, sampling=True) as h:
            self._sweep_study(h, force=False)
            sid = h.study._study_id
            # One read serves the lease owners, the distinctness check, the queue and the
            # sampler (Optuna's ask would read the trials again per trial and per sampler).
            trials = list(self.storage.get_all_trials(sid, deepcopy=False))
            for n in [n for n in list(h.issued) if n < len(trials) and trials[n].state in FINAL]:
                h.issued.pop(n, None)  # finished through another replica
            running = [t for t in trials if t.state == TrialState.RUNNING]
            waiting = [t for t in trials if t.state == TrialState.WAITING]
            out: list[FrozenTrial] = []
            if client_id:
                mine = [t for t in running if t.system_attrs.get(CLIENT_ATTR) == client_id]
                for t in mine[:count]:
                    self.rdb.record_heartbeat(t._trial_id)
                    h.issued.setdefault(t.number, t)
                    out.append(t)
            taken = {config_key(t.params) for t in running if t.params}
            assert h.snapshot is not None
            h.study._thread_local.cached_all_trials = None  # as Study.ask does
            with h.snapshot.holding(trials):
                while len(out) < count:
                    trial = self._draw(h, taken, client_id, waiting)
                    if trial is None:
                        break
                    taken.add(config_key(trial.params))
                    h.issued[trial.number] = trial
                    out.append(trial)
                    if trial.number >= len(trials):  # the next draws see it (constant liar)
                        trials.append(trial)
            return out

    def _claim(self, h: _Handle, waiting: list[FrozenTrial]) -> FrozenTrial:
        """A queued trial made RUNNING (first come, first served), else a new trial."""
        storage = self.storage
        while waiting:
            t = waiting.pop(0)
            try:
                if storage.set_trial_state_values(t._trial_id, state=TrialState.RUNNING):
                    return storage.get_trial(t._trial_id)
            except optuna.exceptions.UpdateFinishedTrialError:
                continue
        tid = storage.create_new_trial(h.study._study_id)
        try:  # the cache holds the new trial as created: no need to read it back
            sid, number = storage._trial_id_to_study_id_and_number[tid]
            return copy.deepcopy(storage._studies[sid].trials[number])
        except (AttributeError, KeyError):  # another Optuna version
            return storage.get_trial(tid)

    def _commit_draw(self, tid: int, writes: Sequence[tuple[Any, ...]], client_id: str) -> None:
        """The accepted parameters (and the client id) in one transaction."""
        rdb = self.rdb
        with _create_scoped_session(rdb.scoped_session, True) as session:
            trial = models.TrialModel.find_or_raise_by_id(tid, session)
            state: Any = trial.state
            rdb.check_trial_is_updatable(tid, state)
            session.add_all(
                models.TrialParamModel(
                    trial_id=tid,
                    param_name=name,
                    param_value=value,
                    distribution_json=optuna.distributions.distribution_to_json(dist),
                )
                for _, name, value, dist in writes
            )
            if client_id:
                rdb._set_trial_attr_without_commit(
                    session, models.TrialSystemAttributeModel, tid, CLIENT_ATTR, client_id
                )

    def _draw(
        self, h: _Handle, taken: set[Any], client_id: str, waiting: list[FrozenTrial]
    ) -> FrozenTrial | None:
        """One trial with a configuration not in ``taken`` (queued ones are kept as is)."""
        storage = self.storage
        frozen = self._claim(h, waiting)
        tid = frozen._trial_id
        self.rdb.record_heartbeat(tid)
        if frozen.params or "fixed_params" in frozen.system_attrs:
            trial = _Trial(h.study, frozen)  # a queued configuration: hand it out as it is
            suggest(trial, h.config.space)
            if client_id:
                storage.set_trial_system_attr(tid, CLIENT_ATTR, client_id)
                trial._cached_frozen_trial.system_attrs[CLIENT_ATTR] = client_id
            return trial._cached_frozen_trial
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
            trial = _Trial(study, copy.deepcopy(frozen))
            deferred = _Deferred(storage)
            trial.storage = deferred  # type: ignore[assignment]
            params = suggest(trial, h.config.space)
            if config_key(params) not in taken:
                self._commit_draw(tid, deferred.writes, client_id)
                drawn = trial._cached_frozen_trial
                if client_id:
                    drawn.system_attrs[CLIENT_ATTR] = client_id
                return drawn
        # Every draw repeated a configuration in use: pick a free one of a finite space.
        free = [c for c in enumerate_configs(h.config.space) or [] if config_key(c) not in taken]
        if free:
            pick = free[int(np.random.default_rng().integers(len(free)))]
            dists = distributions(h.config.space)
            writes = [(tid, k, dists[k].to_internal_repr(x), dists[k]) for k, x in pick.items()]
            self._commit_draw(tid, writes, client_id)
            return storage.get_trial(tid)
        storage.set_trial_system_attr(tid, "tuneforge:discarded", "no distinct configuration left")
        storage.set_trial_state_values(tid, TrialState.FAIL)
        return None

    def tell(
        self,
        name: str,
        number: int,
        state: TrialState = TrialState.COMPLETE,
        values: Sequence[float] = (),
        constraint_values: Sequence[float] = (),
    ) -> FrozenTrial:
        with self._locked(name) as h:
            self._check_tell(h.config, state, values, constraint_values)
            tid = self._trial_id(h, number)
            t = self._fresh(h, tid, number)
            self._require_running(h, t, "told")
            try:
                if constraint_values:
                    constraints = [float(c) for c in constraint_values]
                    self.storage.set_trial_system_attr(tid, CONSTRAINTS_ATTR, constraints)
                    t.system_attrs[CONSTRAINTS_ATTR] = constraints
                done = self._tell(h, t, state, [float(x) for x in values] or None)
                h.issued.pop(number, None)
            except optuna.exceptions.UpdateFinishedTrialError:
                # Finished meanwhile (another replica, or the lease rule): say how.
                self._require_running(h, self.storage.get_trial(tid), "told")
                raise
        self._finished(name, done, h.config)
        return done

    def _tell(
        self, h: _Handle, t: FrozenTrial, state: TrialState, values: list[float] | None
    ) -> FrozenTrial:
        """Optuna's ``Study.tell`` for a trial already read (it would read it twice more):
        the sampler's ``after_trial``, then the state and values."""
        if state == TrialState.PRUNED and t.last_step is not None:
            last = t.intermediate_values[t.last_step]
            values = [last] if math.isfinite(last) else None  # as Optuna: the last report
        try:
            study = optuna.pruners._filter_study(h.study, t)
            h.study.sampler.after_trial(study, t, state, values)
        finally:
            self.storage.set_trial_state_values(t._trial_id, state, values)
        done = copy.copy(t)
        done.state, done.values = state, values
        done.datetime_complete = dt.datetime.now()
        return done

    @staticmethod
    def _check_tell(
        config: StudyConfig,
        state: TrialState,
        values: Sequence[float],
        constraint_values: Sequence[float],
    ) -> None:
        v = Violations()
        v.check(state in FINAL, "state", "must be COMPLETE, FAIL or PRUNED")
        n = len(config.objectives)
        for i, x in enumerate(values):
            v.check(math.isfinite(x), f"values[{i}]", f"must be finite, got {x}", "NOT_FINITE")
        if state == TrialState.COMPLETE:
            v.check(
                len(values) == n,
                "values",
                f"expected {n} value(s), one per objective; got {len(values)}",
                "WRONG_COUNT",
            )
        elif state == TrialState.FAIL:
            v.check(not values, "values", "a FAIL carries no values")
        elif state == TrialState.PRUNED:
            v.check(
                not values,
                "values",
                "a PRUNED trial carries no values (the last intermediate value is used)",
            )
        k = len(config.constraints)
        for i, c in enumerate(constraint_values):
            v.check(math.isfinite(c), f"constraint_values[{i}]", "must be finite", "NOT_FINITE")
        if state == TrialState.COMPLETE or constraint_values:
            v.check(
                len(constraint_values) == k,
                "constraint_values",
                f"expected {k} value(s), one per constraint; got {len(constraint_values)}",
                "WRONG_COUNT",
            )
        v.raise_if_any()

    def _fresh(self, h: _Handle, tid: int, number: int) -> FrozenTrial:
        """The trial as it is now: for one this process handed out, its state and
        intermediate values read afresh over the copy kept at Ask (two small queries
        instead of seven)."""
        issued = h.issued.get(number)
        if issued is None:
            return self.storage.get_trial(tid)
        tm, iv = models.TrialModel, models.TrialIntermediateValueModel
        with self.rdb.engine.connect() as conn:
            state = conn.execute(sa.select(tm.state).where(tm.trial_id == tid)).scalar_one()
            rows = conn.execute(
                sa.select(iv.step, iv.intermediate_value, iv.intermediate_value_type).where(
                    iv.trial_id == tid
                )
            ).all()
        t = copy.copy(issued)
        t.state = TrialState[state.name]
        t.system_attrs = dict(issued.system_attrs)
        t.intermediate_values = {
            int(step): iv.stored_repr_to_intermediate_value(value, kind)
            for step, value, kind in rows
        }
        return t

    def _require_running(self, h: _Handle, t: FrozenTrial, verb: str) -> None:
        if t.state == TrialState.RUNNING:
            return
        h.issued.pop(t.number, None)
        if t.state == TrialState.WAITING:
            raise FailedPreconditionError(f"trial {t.number} is queued, not handed out yet")
        why = ""
        if t.state == TrialState.FAIL and t.number in self._retried(h):
            why = (
                f": its lease expired (no heartbeat for {self.lease_seconds} s) and its "
                "configuration was queued again"
            )
        raise FailedPreconditionError(
            f"trial {t.number} is {t.state.name} and cannot be {verb}{why}"
        )

    def _retried(self, h: _Handle) -> set[int]:
        trials = self.storage.get_all_trials(h.study._study_id, deepcopy=False)
        return {n for t in trials for n in t.system_attrs.get("retry_history", ())}

    def report(self, name: str, number: int, step: int, value: float) -> bool:
        v = Violations()
        v.check(0 <= step < 2**31, "step", "must lie in [0, 2^31)")  # Optuna's column is int32
        v.check(math.isfinite(value), "value", f"must be finite, got {value}", "NOT_FINITE")
        v.raise_if_any()
        with self._locked(name) as h:
            if len(h.config.objectives) > 1:
                raise FailedPreconditionError(
                    "intermediate values and pruning need a single-objective study"
                )
            tid = self._trial_id(h, number)
            t = self._fresh(h, tid, number)
            self._require_running(h, t, "reported")
            if step not in t.intermediate_values:  # Optuna keeps the first report of a step
                self.storage.set_trial_intermediate_value(tid, step, value)
                t.intermediate_values[step] = value
            self.rdb.record_heartbeat(tid)
            return bool(h.study.pruner.prune(h.study, t))

    def heartbeat(self, name: str, number: int) -> None:
        with self._locked(name) as h:
            tid = self._trial_id(h, number)
            self._require_running(h, self._fresh(h, tid, number), "renewed")
            self.rdb.record_heartbeat(tid)

    def enqueue(self, name: str, params: dict[str, Value]) -> FrozenTrial:
        with self._locked(name) as h:
            fixed = check_params(h.config.space, params)
            template = optuna.trial.create_trial(
                state=TrialState.WAITING, system_attrs={"fixed_params": fixed}
            )
            tid = self.storage.create_new_trial(h.study._study_id, template_trial=template)
            return self.storage.get_trial(tid)

    def trial(self, name: str, number: int) -> FrozenTrial:
        if number < 0:
            raise ValidationError.single("trial", "must be >= 0")
        with self._locked(name) as h:
            return self.storage.get_trial(self._trial_id(h, number))

    def trials(
        self,
        name: str,
        states: Sequence[TrialState] = (),
        page_size: int = 0,
        page_token: str = "",
    ) -> tuple[list[FrozenTrial], str]:
        size, after = checked_page_size(page_size), _from_token(page_token)
        with self._db():
            sid = self._study_id(name)
            trials = self.storage.get_all_trials(
                sid, deepcopy=False, states=tuple(states) if states else None
            )
        rest = [t for t in trials if t.number > after]
        page = rest[:size]
        return page, _token(page[-1].number) if len(rest) > size else ""

    def best(self, name: str) -> list[FrozenTrial]:
        with self._db():
            record = self._record(self._study_id(name), name)
            trials = self.storage.get_all_trials(
                record.id, deepcopy=False, states=(TrialState.COMPLETE,)
            )
        ok = [t for t in trials if feasible(t)]
        if not ok:
            return []
        if len(record.directions) == 1:
            pick = max if record.directions[0] else min
            return [pick(ok, key=lambda t: t.values[0])]
        return pareto_front(ok, record.directions)

    # -- leases ------------------------------------------------------------------------

    def sweep(self) -> int:
        """Fail every trial whose lease expired (all studies); the number failed."""
        if self._storage is None:
            return 0
        t = models.TrialModel
        query = sa.select(t.study_id).where(t.state == TrialState.RUNNING).distinct()
        with self._db(), self.rdb.engine.connect() as conn:
            ids = [int(r[0]) for r in conn.execute(query)]
        failed = 0
        for sid in ids:
            try:
                with self._db():
                    name = self.storage.get_study_name_from_id(sid)
                with self._locked(name, sampling=True) as h:
                    failed += self._sweep_study(h, force=True)
            except (NotFoundError, FailedPreconditionError, KeyError):
                continue
        return failed

    def _sweep_study(self, h: _Handle, force: bool) -> int:
        """Optuna's ``fail_stale_trials``, throttled, reporting the failed trials."""
        now = time.monotonic()
        if not force and now - h.last_sweep < max(1.0, self.lease_seconds / 4):
            return 0
        h.last_sweep = now
        storage = self.storage
        failed = []
        for tid in storage._get_stale_trial_ids(h.study._study_id):
            try:
                if storage.set_trial_state_values(tid, state=TrialState.FAIL):
                    failed.append(tid)
            except optuna.exceptions.UpdateFinishedTrialError:
                pass
        callback = storage.get_heartbeat_stale_trial_callback()
        for tid in failed:
            trial = storage.get_trial(tid)
            h.issued.pop(trial.number, None)
            log.warning(
                "lease expired",
                extra={"study": h.study.study_name, "trial": trial.number},
            )
            if callback is not None:
                callback(h.study, trial)
            self._finished(h.study.study_name, trial, h.config)
        return len(failed)


def _items(v: Violations) -> list[Any]:
    try:
        v.raise_if_any()
    except ValidationError as e:
        return list(e.violations)
    return []
