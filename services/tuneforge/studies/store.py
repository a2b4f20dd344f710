"""The study store: every study of the state database, behind one interface.

:class:`StudyStore` is what StudyService and the tracker drain see;
:class:`tuneforge.studies.optuna_store.OptunaStudyStore` implements it on
Optuna's RDB storage. :class:`tuneforge.roles.Resources` builds the store and
closes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from optuna.trial import FrozenTrial, TrialState

from tuneforge.studies.config import StudyConfig
from tuneforge.studies.space import Value

#: The trial system attribute holding the id of the client a trial was handed to.
CLIENT_ATTR = "tuneforge:client_id"
#: The study system attribute holding the time CreateStudy ran (seconds since the epoch).
CREATED_ATTR = "tuneforge:create_time"
FINAL = frozenset({TrialState.COMPLETE, TrialState.FAIL, TrialState.PRUNED})


@dataclass(frozen=True, slots=True)
class StudyRecord:
    name: str
    id: int
    config: StudyConfig | None  # None for a study not created through tuneforge
    directions: tuple[bool, ...]  # maximize per objective
    counts: dict[TrialState, int]
    created: float


class StudyStore(Protocol):
    """Studies and their trials: ask/tell on the server, with leases.

    Thread safety: every method may be called from any thread at any time;
    sampling for one study runs one Ask at a time per process, and several
    processes (replicas) on one database coordinate through the database
    alone (each trial is handed out once, and finished once).

    Errors: :class:`~tuneforge.errors.ValidationError` for bad arguments (the
    fields named as in the gRPC request), :class:`~tuneforge.errors.NotFoundError`
    for an unknown study or trial, :class:`~tuneforge.errors.AlreadyExistsError`
    for a name taken, :class:`~tuneforge.errors.FailedPreconditionError` when a
    trial's state forbids the call (not running, already told, its lease
    expired) or a study was not created through tuneforge; anything else is a
    database error.

    Leases: a trial handed out by :meth:`ask` is held for ``lease_seconds``
    since its last heartbeat (:meth:`ask`, :meth:`heartbeat`, :meth:`report`);
    then :meth:`sweep` (or the next Ask of its study) fails it and queues its
    configuration again, up to the store's retry limit.

    Tracking: a store given a :class:`~tuneforge.tracker.outbox.TrialOutbox`
    adds each trial to it *before* finishing it (Tell, lease expiry), so that a
    crash in between leaves an entry for the drain, which reads the trial back
    with :meth:`finished_trial`.

    Ownership: the store owns its connections and releases them in
    :meth:`close`; it does not own the outbox.
    """

    @property
    def lease_seconds(self) -> int: ...

    # -- studies -----------------------------------------------------------------------

    def create(self, name: str, config: StudyConfig, load_if_exists: bool = False) -> StudyRecord:
        """A new study; ``load_if_exists`` returns the one of that name if its settings
        are the same (FAILED_PRECONDITION when they differ)."""
        ...

    def get(self, name: str) -> StudyRecord: ...

    def list_page(self, page_size: int = 0, page_token: str = "") -> tuple[list[StudyRecord], str]:
        """Studies in creation order, and the token of the next page ("" at the end)."""
        ...

    def delete(self, name: str) -> None: ...

    # -- trials ------------------------------------------------------------------------

    def ask(self, name: str, count: int = 1, client_id: str = "") -> list[FrozenTrial]:
        """Up to ``count`` running trials, queued ones first, with configurations
        distinct from each other and from every running trial (fewer when the space
        has no more); a ``client_id`` gets back the trials it holds first."""
        ...

    def tell(
        self,
        name: str,
        number: int,
        state: TrialState = TrialState.COMPLETE,
        values: Sequence[float] = (),
        constraint_values: Sequence[float] = (),
    ) -> FrozenTrial:
        """Finish a running trial; the trial as finished."""
        ...

    def report(self, name: str, number: int, step: int, value: float) -> bool:
        """An intermediate value (renews the lease); whether the pruner says stop."""
        ...

    def heartbeat(self, name: str, number: int) -> None:
        """Renew a running trial's lease."""
        ...

    def enqueue(self, name: str, params: dict[str, Value]) -> FrozenTrial:
        """A waiting trial with the client's values, handed out first by the next Ask."""
        ...

    def trial(self, name: str, number: int) -> FrozenTrial: ...

    def trials(
        self,
        name: str,
        states: Sequence[TrialState] = (),
        page_size: int = 0,
        page_token: str = "",
    ) -> tuple[list[FrozenTrial], str]:
        """Trials by number (only ``states`` when given), and the next page's token."""
        ...

    def best(self, name: str) -> list[FrozenTrial]:
        """The best feasible complete trial, or the Pareto front with several objectives."""
        ...

    def finished_trial(self, study: str, number: int) -> tuple[FrozenTrial, StudyConfig] | None:
        """For the tracker drain: trial ``number`` in whatever state it is now, and its
        study's configuration; None when either no longer exists (or the study was not
        created through tuneforge). Never raises NotFoundError."""
        ...

    # -- leases and lifecycle ------------------------------------------------------------

    def sweep(self) -> int:
        """Fail every trial of every study whose lease expired; how many were failed."""
        ...

    def close(self) -> None:
        """Release the store's connections (idempotent)."""
        ...
