"""The :class:`~tuneforge.studies.store.StudyStore` on Optuna's RDB storage.

Studies, trials, parameters, values and heartbeats live in Optuna's own schema
(``optuna.storages.RDBStorage``) in the state database, so ``optuna.load_study``
and optuna-dashboard open them directly; what CreateStudy fixes is a study
system attribute. Sampling is :mod:`tuneforge.studies.sampling`'s, leases
:mod:`tuneforge.studies.leases`'.

The schema is created by :func:`tuneforge.storage.migrate.upgrade`; the store
opens Optuna's storage on first use (after the migration) without creating
tables, but with Optuna's schema version check. ``RDBStorage`` takes a URL,
not an engine: the store owns the engine Optuna makes and disposes of it in
:meth:`OptunaStudyStore.close`.

SQLite: transactions start with ``BEGIN IMMEDIATE`` and the process-wide writer
lock of the file queues writers, so "database is locked" never reaches a client.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import math
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import optuna
from optuna.storages import BaseStorage, RDBStorage, RetryHeartbeatStaleTrialCallback
from optuna.study import StudyDirection
from optuna.trial import FrozenTrial, TrialState

from tuneforge.errors import (
    AlreadyExistsError,
    FailedPreconditionError,
    NotFoundError,
    ValidationError,
)
from tuneforge.storage import page_size as checked_page_size
from tuneforge.storage import serialize_sqlite, writer_lock
from tuneforge.studies import checks, sampling
from tuneforge.studies.best import best_of, read_study
from tuneforge.studies.config import CONFIG_ATTR, CONSTRAINTS_ATTR, StudyConfig
from tuneforge.studies.leases import fail_stale, requeued_numbers
from tuneforge.studies.optuna_internals import (
    FIXED_PARAMS_KEY,
    METRIC_NAMES_KEY,
    cached,
    filter_study,
    state_and_intermediates,
    state_counts,
    studies_running,
    study_id,
    trial_id,
)
from tuneforge.studies.sampling import Handle
from tuneforge.studies.space import Value
from tuneforge.studies.store import CREATED_ATTR, StudyRecord

if TYPE_CHECKING:
    from tuneforge.tracker.outbox import TrialOutbox


class OptunaStudyStore:
    """Every study of the database behind ``url`` (see :class:`StudyStore` for the
    contract); the Optuna storage opens on first use.

    ``outbox``: told of each trial before it finishes (not owned by the store).
    """

    def __init__(
        self,
        url: str,
        *,
        lease_seconds: int = 60,
        max_retries: int = 3,
        outbox: TrialOutbox | None = None,
    ) -> None:
        if lease_seconds < 1:
            raise ValueError("lease_seconds must be >= 1")
        self.url = url
        self._lease_seconds = lease_seconds
        self.max_retries = max_retries
        self.outbox = outbox
        self._retry: RetryHeartbeatStaleTrialCallback | None = None
        self._init_lock = threading.Lock()
        self._backend: RDBStorage | None = None
        self._cache: BaseStorage | None = None
        self._handles: dict[str, Handle] = {}
        self._handles_lock = threading.Lock()
        self._db_lock = writer_lock(url)  # SQLite: shared with every store of the file

    @property
    def lease_seconds(self) -> int:
        return self._lease_seconds

    # -- plumbing ------------------------------------------------------------------

    @property
    def storage(self) -> BaseStorage:
        if self._cache is None:
            with self._init_lock:
                if self._cache is None:
                    self._open()
        assert self._cache is not None
        return self._cache

    @property
    def rdb(self) -> RDBStorage:
        _ = self.storage
        assert self._backend is not None
        return self._backend

    def _open(self) -> None:
        kwargs: dict[str, Any] = {}
        sqlite = self.url.startswith("sqlite")
        if sqlite:
            kwargs["connect_args"] = {"timeout": 60, "check_same_thread": False}
        else:
            kwargs.update(pool_pre_ping=True, pool_size=10, max_overflow=20)
        with warnings.catch_warnings():  # heartbeats are "experimental" in Optuna
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            self._retry = RetryHeartbeatStaleTrialCallback(max_retry=self.max_retries)
            rdb = RDBStorage(
                self.url,
                engine_kwargs=kwargs,
                skip_table_creation=True,  # tuneforge.storage.migrate made them
                heartbeat_interval=self.lease_seconds,
                grace_period=self.lease_seconds,
                heartbeat_stale_trial_callback=self._retry,
            )
        if sqlite:
            serialize_sqlite(rdb.engine)
        self._backend = rdb
        self._cache = cached(rdb)

    def close(self) -> None:
        if self._backend is not None:
            self._backend.engine.dispose()

    @contextmanager
    def _db(self) -> Iterator[None]:
        with self._db_lock or contextlib.nullcontext():
            yield

    @contextmanager
    def _locked(self, name: str, sampling: bool = False) -> Iterator[Handle]:
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

    def _id_of(self, name: str) -> int:
        checks.check_study(name)
        try:
            return self.storage.get_study_id_from_name(name)
        except KeyError:
            raise NotFoundError(f"study {name!r} not found") from None

    def _config(self, sid: int) -> StudyConfig | None:
        text = self.storage.get_study_system_attrs(sid).get(CONFIG_ATTR)
        return StudyConfig.from_json(text) if text else None

    def _handle(self, name: str) -> Handle:
        with self._handles_lock:
            h = self._handles.get(name)
        if h is not None:
            return h
        with self._db():
            config = self._config(self._id_of(name))
        if config is None:
            raise FailedPreconditionError(
                f"study {name!r} was not created through tuneforge: it has no search space"
            )
        with self._db():
            h = Handle.open(self.storage, name, config)
        with self._handles_lock:
            return self._handles.setdefault(name, h)

    def _tid(self, h: Handle, number: int) -> int:
        try:
            return self.storage.get_trial_id_from_study_id_trial_number(h.id, number)
        except KeyError:
            raise NotFoundError(
                f"trial {number} not found in study {h.study.study_name!r}"
            ) from None

    # -- studies ---------------------------------------------------------------------

    def create(self, name: str, config: StudyConfig, load_if_exists: bool = False) -> StudyRecord:
        checks.check_create(name, config)
        storage = self.storage
        with self._db():
            try:
                sid = storage.create_new_study(config.directions, name)
            except optuna.exceptions.DuplicatedStudyError:
                if not load_if_exists:
                    raise AlreadyExistsError(f"study {name!r} already exists") from None
                return self._existing(name, config)
            storage.set_study_system_attr(sid, CONFIG_ATTR, config.to_json())
            storage.set_study_system_attr(sid, CREATED_ATTR, time.time())
            storage.set_study_system_attr(
                sid, METRIC_NAMES_KEY, [o.name for o in config.objectives]
            )
            return self._record(sid, name)

    def _existing(self, name: str, config: StudyConfig) -> StudyRecord:
        """``load_if_exists``: the study ``name`` if it has the settings ``config``."""
        sid = self.storage.get_study_id_from_name(name)
        # A concurrent creator writes the configuration right after the row:
        # give it a moment rather than report different settings.
        existing = self._config(sid)
        deadline = time.monotonic() + 5.0
        while existing is None and time.monotonic() < deadline:
            time.sleep(0.02)
            existing = self._config(sid)
        if existing is None or existing.to_json() != config.to_json():
            raise FailedPreconditionError(f"study {name!r} exists with different settings")
        return self._record(sid, name)

    def get(self, name: str) -> StudyRecord:
        with self._db():
            return self._record(self._id_of(name), name)

    def _record(self, sid: int, name: str) -> StudyRecord:
        attrs = self.storage.get_study_system_attrs(sid)
        return _record(
            name, sid, attrs, self.storage.get_study_directions(sid), self._counts([sid])
        )

    def _counts(self, study_ids: Sequence[int]) -> dict[int, dict[TrialState, int]]:
        return state_counts(self.rdb, study_ids)

    def list_page(self, page_size: int = 0, page_token: str = "") -> tuple[list[StudyRecord], str]:
        size, after = checked_page_size(page_size), checks.after_token(page_token)
        with self._db():
            studies = sorted(
                (s for s in self.storage.get_all_studies() if study_id(s) > after),
                key=study_id,
            )
            page = studies[:size]
            counts = self._counts([study_id(s) for s in page])
        records = [
            _record(s.study_name, study_id(s), s.system_attrs, s.directions, counts) for s in page
        ]
        token = checks.page_token(study_id(page[-1])) if len(studies) > size else ""
        return records, token

    def delete(self, name: str) -> None:
        with self._db():
            sid = self._id_of(name)
            try:
                self.storage.delete_study(sid)
            except KeyError:
                raise NotFoundError(f"study {name!r} not found") from None
        self._forget(name)

    # -- trials ------------------------------------------------------------------------

    def ask(self, name: str, count: int = 1, client_id: str = "") -> list[FrozenTrial]:
        count = checks.check_ask(count, client_id)
        with self._locked(name, sampling=True) as h:
            self._sweep_study(h, force=False)
            return sampling.ask(self.storage, self.rdb, h, count, client_id)

    def tell(
        self,
        name: str,
        number: int,
        state: TrialState = TrialState.COMPLETE,
        values: Sequence[float] = (),
        constraint_values: Sequence[float] = (),
    ) -> FrozenTrial:
        with self._locked(name) as h:
            checks.check_tell(h.config, state, values, constraint_values)
            tid = self._tid(h, number)
            t = self._fresh(h, tid, number)
            self._require_running(h, t, "told")
            if self.outbox is not None:
                self.outbox.add_trial(name, number)  # before the state write: never lost
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
        return done

    def _tell(
        self, h: Handle, t: FrozenTrial, state: TrialState, values: list[float] | None
    ) -> FrozenTrial:
        """Optuna's ``Study.tell`` for a trial already read (it would read it twice more):
        the sampler's ``after_trial``, then the state and values."""
        if state == TrialState.PRUNED and t.last_step is not None:
            last = t.intermediate_values[t.last_step]
            values = [last] if math.isfinite(last) else None  # as Optuna: the last report
        try:
            h.study.sampler.after_trial(filter_study(h.study, t), t, state, values)
        finally:
            self.storage.set_trial_state_values(trial_id(t), state, values)
        done = copy.copy(t)
        done.state, done.values = state, values
        done.datetime_complete = dt.datetime.now()
        return done

    def _fresh(self, h: Handle, tid: int, number: int) -> FrozenTrial:
        """The trial as it is now: for one this process handed out, its state and
        intermediate values read afresh over the copy kept at Ask (two small queries
        instead of seven)."""
        issued = h.issued.get(number)
        if issued is None:
            return self.storage.get_trial(tid)
        state, intermediate = state_and_intermediates(self.rdb, tid)
        t = copy.copy(issued)
        t.state = state
        t.system_attrs = dict(issued.system_attrs)
        t.intermediate_values = intermediate
        return t

    def _require_running(self, h: Handle, t: FrozenTrial, verb: str) -> None:
        if t.state == TrialState.RUNNING:
            return
        h.issued.pop(t.number, None)
        if t.state == TrialState.WAITING:
            raise FailedPreconditionError(f"trial {t.number} is queued, not handed out yet")
        why = ""
        if t.state == TrialState.FAIL and t.number in requeued_numbers(
            self.storage.get_all_trials(h.id, deepcopy=False)
        ):
            why = (
                f": its lease expired (no heartbeat for {self.lease_seconds} s) and its "
                "configuration was queued again"
            )
        raise FailedPreconditionError(
            f"trial {t.number} is {t.state.name} and cannot be {verb}{why}"
        )

    def report(self, name: str, number: int, step: int, value: float) -> bool:
        checks.check_report(step, value)
        with self._locked(name) as h:
            if len(h.config.objectives) > 1:
                raise FailedPreconditionError(
                    "intermediate values and pruning need a single-objective study"
                )
            tid = self._tid(h, number)
            t = self._fresh(h, tid, number)
            self._require_running(h, t, "reported")
            if step not in t.intermediate_values:  # Optuna keeps the first report of a step
                self.storage.set_trial_intermediate_value(tid, step, value)
                t.intermediate_values[step] = value
            self.rdb.record_heartbeat(tid)
            return bool(h.study.pruner.prune(h.study, t))

    def heartbeat(self, name: str, number: int) -> None:
        with self._locked(name) as h:
            tid = self._tid(h, number)
            self._require_running(h, self._fresh(h, tid, number), "renewed")
            self.rdb.record_heartbeat(tid)

    def enqueue(self, name: str, params: dict[str, Value]) -> FrozenTrial:
        with self._locked(name) as h:
            fixed = checks.check_enqueue(h.config, params)
            template = optuna.trial.create_trial(
                state=TrialState.WAITING, system_attrs={FIXED_PARAMS_KEY: fixed}
            )
            tid = self.storage.create_new_trial(h.id, template_trial=template)
            return self.storage.get_trial(tid)

    def trial(self, name: str, number: int) -> FrozenTrial:
        if number < 0:
            raise ValidationError.single("trial", "must be >= 0")
        with self._locked(name) as h:
            return self.storage.get_trial(self._tid(h, number))

    def trials(
        self,
        name: str,
        states: Sequence[TrialState] = (),
        page_size: int = 0,
        page_token: str = "",
    ) -> tuple[list[FrozenTrial], str]:
        size, after = checked_page_size(page_size), checks.after_token(page_token)
        with self._db():
            sid = self._id_of(name)
            trials = self.storage.get_all_trials(
                sid, deepcopy=False, states=tuple(states) if states else None
            )
        rest = [t for t in trials if t.number > after]
        page = rest[:size]
        return page, checks.page_token(page[-1].number) if len(rest) > size else ""

    def best(self, name: str) -> list[FrozenTrial]:
        with self._db():
            self._id_of(name)
            study = read_study(self.storage, name)
        return best_of(study)

    def finished_trial(self, study: str, number: int) -> tuple[FrozenTrial, StudyConfig] | None:
        with self._db():
            try:
                sid = self.storage.get_study_id_from_name(study)
                config = self._config(sid)
                if config is None:
                    return None
                tid = self.storage.get_trial_id_from_study_id_trial_number(sid, number)
                return self.storage.get_trial(tid), config
            except KeyError:  # the study or the trial is gone
                return None

    # -- leases ------------------------------------------------------------------------

    def sweep(self) -> int:
        if self._cache is None:
            return 0
        with self._db():
            ids = studies_running(self.rdb)
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

    def _sweep_study(self, h: Handle, force: bool) -> int:
        """Expire the study's leases (throttled unless ``force``); how many trials failed."""
        now = time.monotonic()
        if not force and now - h.last_sweep < max(1.0, self.lease_seconds / 4):
            return 0
        h.last_sweep = now
        name = h.study.study_name

        def before_fail(t: FrozenTrial) -> None:
            if self.outbox is not None:
                self.outbox.add_trial(name, t.number)

        failed = fail_stale(self.storage, h.study, self._retry, before_fail)
        for trial in failed:
            h.issued.pop(trial.number, None)
        return len(failed)


def _record(
    name: str,
    sid: int,
    attrs: dict[str, Any],
    directions: Sequence[StudyDirection],
    counts: dict[int, dict[TrialState, int]],
) -> StudyRecord:
    text = attrs.get(CONFIG_ATTR)
    return StudyRecord(
        name=name,
        id=sid,
        config=StudyConfig.from_json(text) if text else None,
        directions=tuple(d == StudyDirection.MAXIMIZE for d in directions),
        counts=counts.get(sid, {}),
        created=float(attrs.get(CREATED_ATTR, 0.0)),
    )
