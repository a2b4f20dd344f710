"""Every Optuna name tuneforge uses that is private or undocumented, in one place.

The other modules of :mod:`tuneforge.studies` use Optuna's public API and the
functions below, nothing else. Each name is listed in :data:`ATTRIBUTES`,
:data:`ASSIGNED` or :data:`KEYS` and checked when this module is imported, so
that an Optuna upgrade that renames one fails at start-up with one
``ImportError`` naming everything missing, not with an ``AttributeError`` in
the middle of an Ask. Written against Optuna 5.0 (``pyproject.toml`` pins
``optuna>=5.0,<5.1``).

Why they are used:

- ``_CachedStorage``: Optuna's read cache over ``RDBStorage`` (what
  ``optuna.load_study(storage=url)`` uses); its ``_studies`` and
  ``_trial_id_to_study_id_and_number`` give back a trial just created without
  reading it again.
- ``_rdb.models``, ``_create_scoped_session``,
  ``RDBStorage._set_trial_attr_without_commit``: a draw's parameters and client
  id written in one transaction; a trial's state and intermediate values read
  in two small queries (``get_trial`` makes seven); state counts and the
  studies with running trials in one query each.
- ``Trial`` internals: an ``optuna.Trial`` built on a trial already in hand
  (``Trial.__init__`` reads it again: six queries), whose parameter writes may
  go to a view of the storage.
- ``Study._storage``, ``_study_id``, ``_thread_local``; ``FrozenTrial._trial_id``;
  ``FrozenStudy._study_id``: the ids Optuna keeps on its objects, and the
  storage a study's sampler reads through.
- ``pruners._filter_study``: what ``Study.tell`` gives the sampler's
  ``after_trial`` and ``Trial`` its ``before_trial``.
- ``BaseHeartbeat._get_stale_trial_ids``: the trials whose lease expired
  (``fail_stale_trials`` without its callback, so that the outbox hears first).
- System attribute keys: ``fixed_params`` (``enqueue_trial``), ``failed_trial``
  and ``retry_history`` (``RetryHeartbeatStaleTrialCallback``; its public
  readers are experimental and warn at every call), ``study:metric_names``
  (``set_metric_names``, experimental) and ``constraints``.
"""

from __future__ import annotations

import copy
import dis
import importlib
import inspect
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import optuna
import sqlalchemy as sa
from optuna.distributions import BaseDistribution, distribution_to_json
from optuna.storages import BaseStorage, RDBStorage
from optuna.trial import FrozenTrial, TrialState

#: ``module:attribute.attribute``: looked up with getattr.
ATTRIBUTES = (
    "optuna.storages:_CachedStorage",
    "optuna.storages:_CachedStorage._get_stale_trial_ids",
    "optuna.storages:RDBStorage._set_trial_attr_without_commit",
    "optuna.storages:RDBStorage.check_trial_is_updatable",
    "optuna.storages._rdb.storage:_create_scoped_session",
    "optuna.storages._rdb.models:TrialModel.find_or_raise_by_id",
    "optuna.storages._rdb.models:TrialModel.trial_id",
    "optuna.storages._rdb.models:TrialModel.study_id",
    "optuna.storages._rdb.models:TrialModel.state",
    "optuna.storages._rdb.models:TrialParamModel.trial_id",
    "optuna.storages._rdb.models:TrialParamModel.param_name",
    "optuna.storages._rdb.models:TrialParamModel.param_value",
    "optuna.storages._rdb.models:TrialParamModel.distribution_json",
    "optuna.storages._rdb.models:TrialSystemAttributeModel",
    "optuna.storages._rdb.models:TrialIntermediateValueModel.trial_id",
    "optuna.storages._rdb.models:TrialIntermediateValueModel.step",
    "optuna.storages._rdb.models:TrialIntermediateValueModel.intermediate_value",
    "optuna.storages._rdb.models:TrialIntermediateValueModel.intermediate_value_type",
    "optuna.storages._rdb.models:TrialIntermediateValueModel.stored_repr_to_intermediate_value",
    "optuna.study.study:_ThreadLocalStudyAttribute.cached_all_trials",
    "optuna.pruners:_filter_study",
    "optuna.study.study:_SYSTEM_ATTR_METRIC_NAMES",
    "optuna.study._constrained_optimization:_CONSTRAINTS_KEY",
)
#: ``module:Class`` -> the ``self.<name>`` its ``__init__`` must still assign.
ASSIGNED = {
    "optuna.storages:_CachedStorage": ("_studies", "_trial_id_to_study_id_and_number"),
    "optuna.storages._cached_storage:_StudyInfo": ("trials",),
    "optuna.storages:RDBStorage": ("engine", "scoped_session"),
    "optuna.study:Study": ("_study_id", "_storage", "_thread_local"),
    "optuna.study._frozen:FrozenStudy": ("_study_id",),
    "optuna.trial:FrozenTrial": ("_trial_id",),
    "optuna.trial:Trial": (
        "study",
        "_trial_id",
        "storage",
        "_cached_frozen_trial",
        "relative_search_space",
        "_relative_params",
        "_fixed_params",
    ),
}
#: ``module:function`` -> a system attribute key it must still read or write.
KEYS = (
    ("optuna.trial:Trial.__init__", "fixed_params"),
    ("optuna.study:Study.enqueue_trial", "fixed_params"),
    ("optuna.storages:RetryHeartbeatStaleTrialCallback.__call__", "failed_trial"),
    ("optuna.storages:RetryHeartbeatStaleTrialCallback.__call__", "retry_history"),
)


def _resolve(path: str) -> Any:
    module, _, attrs = path.partition(":")
    obj: Any = importlib.import_module(module)
    for name in attrs.split("."):
        obj = getattr(obj, name)
    return obj


def _assigns(cls: type, name: str) -> bool:
    """``cls.__init__`` sets ``self.<name>`` (read from its bytecode: nothing is built)."""
    init = inspect.unwrap(next(vars(k)["__init__"] for k in cls.__mro__ if "__init__" in vars(k)))
    try:
        code = dis.get_instructions(init)
    except TypeError:  # object.__init__: assigns nothing
        return False
    return any(i.opname == "STORE_ATTR" and i.argval == name for i in code)


def _uses_key(fn: Any, key: str) -> bool:
    consts = inspect.unwrap(fn).__code__.co_consts
    return any(key == c or (isinstance(c, tuple) and key in c) for c in consts)


def missing() -> list[str]:
    """What this Optuna lacks of the lists above (empty when everything is there)."""
    out: list[str] = []
    for path in ATTRIBUTES:
        try:
            _resolve(path)
        except (ImportError, AttributeError):
            out.append(path)
    for path, names in ASSIGNED.items():
        try:
            cls = _resolve(path)
        except (ImportError, AttributeError):
            out.append(path)
            continue
        out += [f"{path}.{n} (set in __init__)" for n in names if not _assigns(cls, n)]
    for path, key in KEYS:
        try:
            if not _uses_key(_resolve(path), key):
                out.append(f"{path} uses system attribute {key!r}")
        except (ImportError, AttributeError):
            out.append(path)
    return out


if _gone := missing():
    raise ImportError(
        f"tuneforge.studies needs Optuna internals that optuna {optuna.__version__} lacks: "
        + ", ".join(_gone)
        + " (see tuneforge/studies/optuna_internals.py; pyproject pins the Optuna it was "
        "written for)"
    )

from optuna.pruners import _filter_study  # noqa: E402
from optuna.storages import _CachedStorage  # noqa: E402
from optuna.storages._rdb import models  # noqa: E402
from optuna.storages._rdb.storage import _create_scoped_session  # noqa: E402
from optuna.study._constrained_optimization import _CONSTRAINTS_KEY  # noqa: E402
from optuna.study._frozen import FrozenStudy  # noqa: E402
from optuna.study.study import _SYSTEM_ATTR_METRIC_NAMES  # noqa: E402

#: Optuna's system attribute keys (see the module docstring).
CONSTRAINTS_KEY: str = _CONSTRAINTS_KEY
METRIC_NAMES_KEY: str = _SYSTEM_ATTR_METRIC_NAMES
FIXED_PARAMS_KEY = "fixed_params"
RETRIED_KEY = "failed_trial"
RETRY_HISTORY_KEY = "retry_history"


# -- ids -------------------------------------------------------------------------------


def trial_id(trial: FrozenTrial) -> int:
    return int(trial._trial_id)


def study_id(study: optuna.Study | FrozenStudy) -> int:
    return int(study._study_id)


# -- storages --------------------------------------------------------------------------


def cached(rdb: RDBStorage) -> BaseStorage:
    """Optuna's read cache over ``rdb``, as ``optuna.load_study(storage=url)`` builds it."""
    return _CachedStorage(rdb)


def just_created(storage: BaseStorage, tid: int) -> FrozenTrial:
    """A trial ``storage.create_new_trial`` just made, from the cache (no read)."""
    try:
        sid, number = storage._trial_id_to_study_id_and_number[tid]  # type: ignore[attr-defined]
        return copy.deepcopy(storage._studies[sid].trials[number])  # type: ignore[attr-defined]
    except (AttributeError, KeyError):  # not the cache, or it was dropped meanwhile
        return storage.get_trial(tid)


def stale_trial_ids(storage: BaseStorage, sid: int) -> list[int]:
    """Running trials of study ``sid`` whose heartbeat is older than the grace period."""
    return list(storage._get_stale_trial_ids(sid))  # type: ignore[attr-defined]


def read_through(study: optuna.Study, storage: Any) -> None:
    """Make ``study`` (its sampler and pruner) read through ``storage``, a view of its own."""
    study._storage = storage


def forget_trials(study: optuna.Study) -> None:
    """Drop the trials ``study`` cached for this thread (as ``Study.ask`` does)."""
    study._thread_local.cached_all_trials = None


def filter_study(study: optuna.Study, trial: FrozenTrial) -> optuna.Study:
    """The study as Optuna's samplers see it for ``trial`` (what ``Study.tell`` passes)."""
    return _filter_study(study, trial)


# -- trials ----------------------------------------------------------------------------


class _Trial(optuna.Trial):
    """``optuna.Trial`` on a trial already in hand: Optuna 5.0's ``Trial.__init__``
    without its read of the trial."""

    def __init__(self, study: optuna.Study, frozen: FrozenTrial, storage: Any = None) -> None:
        self.study = study
        self._trial_id = frozen._trial_id
        self.storage = study._storage if storage is None else storage
        self._cached_frozen_trial = frozen
        self.study.sampler.before_trial(_filter_study(study, frozen), frozen)
        self.relative_search_space = None
        self._relative_params = None
        self._fixed_params = frozen.system_attrs.get(FIXED_PARAMS_KEY, {})


def trial_on(study: optuna.Study, frozen: FrozenTrial, storage: Any = None) -> optuna.Trial:
    """An ``optuna.Trial`` of ``study`` for ``frozen``; its writes go to ``storage``
    (default: the study's)."""
    return _Trial(study, frozen, storage)


def frozen(trial: optuna.Trial) -> FrozenTrial:
    """The trial as drawn so far (parameters included), without a read."""
    out: FrozenTrial = trial._cached_frozen_trial
    return out


# -- SQL on Optuna's schema ------------------------------------------------------------


def commit_draw(
    rdb: RDBStorage,
    tid: int,
    params: Iterable[tuple[str, float, BaseDistribution]],
    system_attrs: Mapping[str, Any],
) -> None:
    """A running trial's parameters (internal representation) and system attributes,
    in one transaction."""
    with _create_scoped_session(rdb.scoped_session, True) as session:
        trial = models.TrialModel.find_or_raise_by_id(tid, session)
        state: Any = trial.state
        rdb.check_trial_is_updatable(tid, state)
        session.add_all(
            models.TrialParamModel(
                trial_id=tid,
                param_name=name,
                param_value=value,
                distribution_json=distribution_to_json(dist),
            )
            for name, value, dist in params
        )
        for key, value in system_attrs.items():
            rdb._set_trial_attr_without_commit(
                session, models.TrialSystemAttributeModel, tid, key, value
            )


def state_and_intermediates(rdb: RDBStorage, tid: int) -> tuple[TrialState, dict[int, float]]:
    """A trial's state and intermediate values, as they are in the database now."""
    tm, iv = models.TrialModel, models.TrialIntermediateValueModel
    with rdb.engine.connect() as conn:
        state = conn.execute(sa.select(tm.state).where(tm.trial_id == tid)).scalar_one()
        rows = conn.execute(
            sa.select(iv.step, iv.intermediate_value, iv.intermediate_value_type).where(
                iv.trial_id == tid
            )
        ).all()
    values = {
        int(step): iv.stored_repr_to_intermediate_value(value, kind) for step, value, kind in rows
    }
    return TrialState[state.name], values


def state_counts(rdb: RDBStorage, study_ids: Sequence[int]) -> dict[int, dict[TrialState, int]]:
    """Trials per state of each study, in one query."""
    t = models.TrialModel
    query = (
        sa.select(t.study_id, t.state, sa.func.count())
        .where(t.study_id.in_(list(study_ids)))
        .group_by(t.study_id, t.state)
    )
    out: dict[int, dict[TrialState, int]] = {}
    with rdb.engine.connect() as conn:
        for sid, state, n in conn.execute(query):
            out.setdefault(int(sid), {})[TrialState[state.name]] = int(n)
    return out


def studies_running(rdb: RDBStorage) -> list[int]:
    """Ids of the studies that have a running trial."""
    t = models.TrialModel
    query = sa.select(t.study_id).where(t.state == TrialState.RUNNING).distinct()
    with rdb.engine.connect() as conn:
        return [int(r[0]) for r in conn.execute(query)]
