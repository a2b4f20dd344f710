"""Where jobs and sweeps live: the :class:`JobStore` and :class:`SweepStore` interfaces.

Both keep their rows in the shared state database (:mod:`tuneforge.storage`,
tables ``trainer_*`` declared in :mod:`tuneforge.storage.tables`, created by the
migrations). Every state change is one compare-and-set on the row, so any
number of threads, processes and server replicas may call at once.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from tuneforge.trainer.events import Event, JobState, Progress
from tuneforge.v1 import trainer_service_pb2 as pb


@dataclass(frozen=True, slots=True)
class NewJob:
    """What :meth:`JobStore.submit` needs; ``spec`` is validated, with defaults filled in."""

    spec: pb.JobSpec
    backend: str
    idempotency_key: str = ""
    sweep_id: str = ""
    trial_number: int | None = None


@dataclass(frozen=True, slots=True)
class JobRecord:
    """One job as stored. Times are seconds since the epoch (None: not yet)."""

    id: str
    spec: pb.JobSpec
    state: JobState
    reason: str
    exit_code: int | None
    created: float
    started: float | None
    finished: float | None
    backend: str
    attempt: int
    device: str
    owner: str
    # The final state a stop request asked for (CANCELLED or PRUNED) while RUNNING.
    stop_requested: JobState | None
    stop_reason: str
    mlflow_run_id: str
    sweep_id: str
    trial_number: int | None
    idempotency_key: str
    last_sequence: int
    # The backend's read position in the worker's events file (bytes).
    events_offset: int
    progress: Progress | None
    final_metrics: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def labels(self) -> dict[str, str]:
        return dict(self.spec.labels)


class JobStore(Protocol):
    """Jobs, their numbered events and their state machine.

    States move QUEUED -> RUNNING -> a final state (QUEUED may end CANCELLED
    directly); each move is one compare-and-set that also appends the
    :class:`~tuneforge.trainer.events.StateChange` event, in the same
    transaction, so a job's events and its row never disagree. Event
    sequences are 1, 2, 3, ... per job without gaps.

    Thread-safe and multi-process safe. Errors (:mod:`tuneforge.errors`):

    * :class:`NotFoundError` — no job of that id.
    * :class:`AlreadyExistsError` — ``submit`` with a used idempotency key and another spec.
    * :class:`FailedPreconditionError` — ``request_stop`` of a job in a final state.
    * :class:`ValidationError` — a bad page size or token.

    The store does not own the engine it is given and holds nothing to close.
    """

    def submit(self, job: NewJob) -> tuple[JobRecord, bool]:
        """A new QUEUED job (and its QUEUED state event), or, when ``idempotency_key``
        was used before with an equal spec, that job; the flag says whether it is new."""

    def get(self, job_id: str) -> JobRecord: ...

    def list_page(
        self,
        states: Sequence[JobState] = (),
        labels: Mapping[str, str] | None = None,
        sweep_id: str = "",
        page_size: int = 0,
        page_token: str = "",
    ) -> tuple[list[JobRecord], str]:
        """Oldest first (submission order); the next page's token is empty on the last."""

    def queued(self, backend: str, limit: int = 100) -> list[JobRecord]:
        """The backend's QUEUED jobs in submission order."""

    def running(self, backend: str, owner_prefix: str = "") -> list[JobRecord]:
        """The backend's RUNNING jobs whose owner starts with ``owner_prefix``."""

    def claim(self, job_id: str, owner: str, device: str) -> JobRecord | None:
        """QUEUED -> RUNNING for ``owner`` on ``device`` (attempt + 1, started set);
        None when the job is no longer QUEUED."""

    def adopt(self, job_id: str, old_owner: str, new_owner: str, reason: str) -> JobRecord | None:
        """A RUNNING job of ``old_owner`` becomes ``new_owner``'s (attempt + 1), with a
        RUNNING state event carrying ``reason`` (a resume); None if it moved on."""

    def finish(
        self,
        job_id: str,
        state: JobState,
        reason: str = "",
        exit_code: int | None = None,
        final_metrics: Mapping[str, float] | None = None,
        expect: Sequence[JobState] = (JobState.QUEUED, JobState.RUNNING),
    ) -> JobRecord | None:
        """Move the job from one of ``expect`` to the final ``state``; None when it was in
        none of them (someone else finished it)."""

    def request_stop(self, job_id: str, state: JobState, reason: str = "") -> JobRecord:
        """Stop a job as ``state`` (CANCELLED or PRUNED): a QUEUED one moves there now; a
        RUNNING one is marked (``stop_requested``) for its backend to kill and finish. A
        second request while one is pending keeps the first."""

    def append_events(
        self,
        job_id: str,
        progress: Sequence[Progress],
        events_offset: int,
        final_metrics: Mapping[str, float] | None = None,
    ) -> int:
        """Store ``progress`` as the next events, the latest as the job's progress, and the
        new file position, in one transaction; returns the last sequence."""

    def events(self, job_id: str, from_sequence: int = 1, limit: int = 1000) -> list[Event]:
        """Events with sequence >= ``from_sequence``, in order, at most ``limit``."""

    def progress_history(self, job_id: str) -> list[Progress]:
        """Every progress event of the job, in step order."""

    def set_run_id(self, job_id: str, run_id: str) -> None:
        """Record the MLflow run of the job."""

    def heartbeat(self, owner: str) -> None:
        """Mark every RUNNING job of ``owner`` as alive now."""


# -- sweeps ---------------------------------------------------------------------------


class SweepState(enum.Enum):
    """A sweep's lifecycle (``SweepState`` in the proto, same names)."""

    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True, slots=True)
class SweepRecord:
    id: str
    spec: pb.SweepSpec
    state: SweepState
    reason: str
    study: str
    created: float
    finished: float | None
    idempotency_key: str
    # The sweep controller's stop request (a CancelSweep) not yet carried out.
    stop_requested: bool


class SweepStore(Protocol):
    """Sweeps: their spec, state and study. Trials are jobs (``JobRecord.sweep_id``)
    and trials of the study; the sweep row holds neither.

    Same thread-safety, errors and ownership as :class:`JobStore`.
    """

    def create(
        self, spec: pb.SweepSpec, study: str, idempotency_key: str = ""
    ) -> tuple[SweepRecord, bool]:
        """A new RUNNING sweep, or the one an equal earlier submit created under the key."""

    def get(self, sweep_id: str) -> SweepRecord: ...

    def list_page(
        self, states: Sequence[SweepState] = (), page_size: int = 0, page_token: str = ""
    ) -> tuple[list[SweepRecord], str]: ...

    def active(self) -> list[SweepRecord]:
        """RUNNING sweeps, oldest first (what a controller drives)."""

    def request_stop(self, sweep_id: str, reason: str = "") -> SweepRecord:
        """Mark a RUNNING sweep for cancellation; FailedPreconditionError when it ended."""

    def finish(self, sweep_id: str, state: SweepState, reason: str = "") -> SweepRecord | None:
        """RUNNING -> ``state``; None when it was not RUNNING."""
