"""Where jobs and sweeps live: the :class:`JobStore` and :class:`SweepStore` interfaces.

Both keep their rows in the shared state database (:mod:`tuneforge.storage`,
tables ``trainer_*`` declared in :mod:`tuneforge.storage.tables`, created by the
migrations). Every state change is one compare-and-set on the row, so any
number of threads, processes and server replicas may call at once.
"""

from __future__ import annotations

import base64
import contextlib
import enum
import json
import math
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from google.protobuf import json_format
from google.protobuf.message import Message

from tuneforge.errors import (
    AlreadyExistsError,
    FailedPreconditionError,
    NotFoundError,
    ValidationError,
)
from tuneforge.storage import now, write_transaction
from tuneforge.storage import page_size as checked_page_size
from tuneforge.storage.tables import trainer_job_events as job_events
from tuneforge.storage.tables import trainer_job_labels as job_labels
from tuneforge.storage.tables import trainer_jobs as jobs
from tuneforge.storage.tables import trainer_sweeps as sweeps
from tuneforge.trainer.events import Event, JobState, Progress, StateChange
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
        expect_offset: int | None = None,
    ) -> int:
        """Store ``progress`` as the next events, the latest as the job's progress, and the
        new file position, in one transaction; returns the last sequence. A job that has
        ended takes nothing more (its final state change stays its last event). With
        ``expect_offset``, only when the stored position is that one (a remote worker's
        batch follows what was stored): otherwise nothing is stored and
        :class:`FailedPreconditionError` is raised."""

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


# -- the SQL implementations ------------------------------------------------------------

_M = TypeVar("_M", bound=Message)
_QUEUED, _RUNNING = JobState.QUEUED.value, JobState.RUNNING.value
_STOPS = (JobState.CANCELLED, JobState.PRUNED)
# Non-finite floats as the protobuf JSON mapping writes them: strict JSON both ways.
_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _spec_json(spec: Message) -> str:
    """The canonical text of a spec: equal messages give equal text (maps sorted, NaN
    as "NaN"), which is what an idempotent retry is compared by."""
    d = json_format.MessageToDict(spec, preserving_proto_field_name=True)
    return json.dumps(d, sort_keys=True, separators=(",", ":"))


def _parse_spec(text: str, message: type[_M]) -> _M:
    # Unknown fields are a newer server's (a rolling upgrade): keep reading.
    return json_format.Parse(text, message(), ignore_unknown_fields=True)


def _dumps(value: Any) -> str:
    """JSON of progress and metrics, non-finite floats as strings."""
    return json.dumps(_encode(value), separators=(",", ":"), allow_nan=False)


def _encode(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    if isinstance(x, dict):
        return {k: _encode(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_encode(v) for v in x]
    return x


def _loads(text: str) -> Any:
    """The inverse of :func:`_dumps` (progress and metrics hold no other strings)."""
    return _decode(json.loads(text))


def _decode(x: Any) -> Any:
    if isinstance(x, str):
        return _NON_FINITE.get(x, x)
    if isinstance(x, dict):
        return {k: _decode(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_decode(v) for v in x]
    return x


def _token(kind: str, seq: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{seq}".encode()).decode()


def _after(kind: str, token: str) -> int:
    """The ``seq`` a page token continues after (0: the first page)."""
    if not token:
        return 0
    try:
        prefix, seq = base64.urlsafe_b64decode(token.encode()).decode().split(":")
        if prefix != kind or not seq.isdigit():
            raise ValueError(token)
        return int(seq)
    except ValueError:  # binascii.Error and UnicodeDecodeError are ValueErrors
        raise ValidationError.single("page.page_token", "not a token from this server") from None


def _page(rows: Sequence[Any], size: int, kind: str) -> tuple[Sequence[Any], str]:
    if len(rows) <= size:
        return rows, ""
    return rows[:size], _token(kind, int(rows[size - 1].seq))


def _job(row: Any) -> JobRecord:
    return JobRecord(
        id=row.id,
        spec=_parse_spec(row.spec, pb.JobSpec),
        state=JobState(row.state),
        reason=row.reason,
        exit_code=row.exit_code,
        created=float(row.created),
        started=row.started,
        finished=row.finished,
        backend=row.backend,
        attempt=int(row.attempt),
        device=row.device,
        owner=row.owner,
        stop_requested=JobState(row.stop_requested) if row.stop_requested else None,
        stop_reason=row.stop_reason,
        mlflow_run_id=row.mlflow_run_id,
        sweep_id=row.sweep_id or "",
        trial_number=row.trial_number,
        idempotency_key=row.idempotency_key or "",
        last_sequence=int(row.last_sequence),
        events_offset=int(row.events_offset),
        progress=Progress.from_dict(_loads(row.progress)) if row.progress else None,
        final_metrics=_loads(row.final_metrics),
    )


def _event(row: Any) -> Event:
    body: Progress | StateChange
    if row.kind == "progress":
        body = Progress.from_dict(_loads(row.payload))
    else:
        body = StateChange.from_dict(json.loads(row.payload))
    return Event(int(row.sequence), float(row.time), body)


def _superseded_dropped(points: list[Progress]) -> list[Progress]:
    """Points in step order. A resumed worker reports again from its checkpoint's step:
    the points the lost attempt reported past it are not on the job's trajectory."""
    kept: list[Progress] = []
    for p in points:
        if kept and p.step < kept[-1].step:
            while kept and kept[-1].step >= p.step:
                kept.pop()
        kept.append(p)
    return kept


_SELECT_JOB = sa.select(jobs).where(jobs.c.id == sa.bindparam("id"))
_SELECT_JOB_BY_KEY = sa.select(jobs).where(jobs.c.idempotency_key == sa.bindparam("key"))


class SqlJobStore:
    """:class:`JobStore` in the ``trainer_jobs`` tables of the SQL database behind ``engine``.

    A transition is one ``UPDATE ... WHERE state IN (...) RETURNING`` that also bumps
    ``last_sequence``, followed by the insert of its event, in one transaction: the
    row lock the update takes (PostgreSQL; SQLite's single writer) serialises every
    writer of a job, so the sequences have no gaps and no two claims both win.
    """

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def _tx(self) -> contextlib.AbstractContextManager[sa.Connection]:
        return write_transaction(self.engine)

    # -- submission and reads ------------------------------------------------------------

    def submit(self, job: NewJob) -> tuple[JobRecord, bool]:
        spec = _spec_json(job.spec)
        key = job.idempotency_key or None
        if key is not None and (row := self._by_key(key)) is not None:
            return self._same(row, spec), False
        t = now()
        job_id = "job-" + secrets.token_hex(10)
        values = {
            "id": job_id,
            "spec": spec,
            "state": _QUEUED,
            "reason": "",
            "exit_code": None,
            "backend": job.backend,
            "attempt": 0,
            "device": "",
            "owner": "",
            "heartbeat": None,
            "stop_requested": None,
            "stop_reason": "",
            "mlflow_run_id": "",
            "sweep_id": job.sweep_id or None,
            "trial_number": job.trial_number,
            "idempotency_key": key,
            "last_sequence": 1,
            "events_offset": 0,
            "progress": None,
            "final_metrics": "{}",
            "created": t,
            "started": None,
            "finished": None,
        }
        try:
            with self._tx() as conn:
                row = conn.execute(jobs.insert().values(values).returning(*jobs.c)).one()
                labels = [
                    {"job_id": job_id, "key": k, "value": v} for k, v in job.spec.labels.items()
                ]
                if labels:
                    conn.execute(job_labels.insert(), labels)
                self._append(conn, job_id, 1, t, StateChange(JobState.QUEUED))
        except sa.exc.IntegrityError:  # the key was taken meanwhile (a concurrent retry)
            if key is None or (row := self._by_key(key)) is None:
                raise
            return self._same(row, spec), False
        return _job(row), True

    def get(self, job_id: str) -> JobRecord:
        with self.engine.connect() as conn:
            return _job(self._row(conn, job_id))

    def list_page(
        self,
        states: Sequence[JobState] = (),
        labels: Mapping[str, str] | None = None,
        sweep_id: str = "",
        page_size: int = 0,
        page_token: str = "",
    ) -> tuple[list[JobRecord], str]:
        size = checked_page_size(page_size)
        query = sa.select(jobs).where(jobs.c.seq > _after("jobs", page_token))
        if states:
            query = query.where(jobs.c.state.in_([s.value for s in states]))
        if sweep_id:
            query = query.where(jobs.c.sweep_id == sweep_id)
        for k, v in (labels or {}).items():
            query = query.where(
                sa.exists().where(
                    job_labels.c.job_id == jobs.c.id, job_labels.c.key == k, job_labels.c.value == v
                )
            )
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(jobs.c.seq).limit(size + 1)).all()
        page, token = _page(rows, size, "jobs")
        return [_job(r) for r in page], token

    def queued(self, backend: str, limit: int = 100) -> list[JobRecord]:
        query = (
            sa.select(jobs)
            .where(jobs.c.state == _QUEUED, jobs.c.backend == backend)
            .order_by(jobs.c.seq)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [_job(r) for r in conn.execute(query)]

    def running(self, backend: str, owner_prefix: str = "") -> list[JobRecord]:
        query = sa.select(jobs).where(jobs.c.state == _RUNNING, jobs.c.backend == backend)
        if owner_prefix:
            query = query.where(jobs.c.owner.startswith(owner_prefix, autoescape=True))
        with self.engine.connect() as conn:
            return [_job(r) for r in conn.execute(query.order_by(jobs.c.seq))]

    def events(self, job_id: str, from_sequence: int = 1, limit: int = 1000) -> list[Event]:
        query = (
            sa.select(job_events)
            .where(job_events.c.job_id == job_id, job_events.c.sequence >= from_sequence)
            .order_by(job_events.c.sequence)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            if not rows:
                self._row(conn, job_id)  # NotFoundError, or simply nothing new
        return [_event(r) for r in rows]

    def progress_history(self, job_id: str) -> list[Progress]:
        query = (
            sa.select(job_events.c.payload)
            .where(job_events.c.job_id == job_id, job_events.c.kind == "progress")
            .order_by(job_events.c.sequence)
        )
        with self.engine.connect() as conn:
            payloads = conn.execute(query).scalars().all()
            if not payloads:
                self._row(conn, job_id)
        return _superseded_dropped([Progress.from_dict(_loads(p)) for p in payloads])

    # -- transitions -----------------------------------------------------------------------

    def claim(self, job_id: str, owner: str, device: str) -> JobRecord | None:
        t = now()
        values = {
            "state": _RUNNING,
            "owner": owner,
            "device": device,
            "attempt": jobs.c.attempt + 1,
            "started": t,
            "heartbeat": t,
        }
        with self._tx() as conn:
            row = self._move(conn, job_id, (_QUEUED,), values, StateChange(JobState.RUNNING), t)
        return None if row is None else _job(row)

    def adopt(self, job_id: str, old_owner: str, new_owner: str, reason: str) -> JobRecord | None:
        t = now()
        values = {
            "owner": new_owner,
            "attempt": jobs.c.attempt + 1,
            "reason": reason,
            "heartbeat": t,
        }
        change = StateChange(JobState.RUNNING, reason)
        with self._tx() as conn:
            row = self._move(
                conn, job_id, (_RUNNING,), values, change, t, jobs.c.owner == old_owner
            )
        return None if row is None else _job(row)

    def finish(
        self,
        job_id: str,
        state: JobState,
        reason: str = "",
        exit_code: int | None = None,
        final_metrics: Mapping[str, float] | None = None,
        expect: Sequence[JobState] = (JobState.QUEUED, JobState.RUNNING),
    ) -> JobRecord | None:
        if not state.final:
            raise ValueError(f"finish needs a final state, not {state.value}")
        t = now()
        values: dict[str, Any] = {
            "state": state.value,
            "reason": reason,
            "exit_code": exit_code,
            "finished": t,
        }
        if final_metrics is not None:
            values["final_metrics"] = _dumps(dict(final_metrics))
        change = StateChange(state, reason, exit_code)
        with self._tx() as conn:
            row = self._move(conn, job_id, tuple(s.value for s in expect), values, change, t)
        return None if row is None else _job(row)

    def request_stop(self, job_id: str, state: JobState, reason: str = "") -> JobRecord:
        if state not in _STOPS:
            raise ValueError(f"a stop ends a job CANCELLED or PRUNED, not {state.value}")
        t = now()
        values = {"state": state.value, "reason": reason, "finished": t}
        with self._tx() as conn:
            row = self._move(conn, job_id, (_QUEUED,), values, StateChange(state, reason), t)
            if row is None:  # running (or ended): mark it unless a request is pending
                mark = (
                    jobs.update()
                    .where(
                        jobs.c.id == job_id,
                        jobs.c.state == _RUNNING,
                        jobs.c.stop_requested.is_(None),
                    )
                    .values(stop_requested=state.value, stop_reason=reason)
                    .returning(*jobs.c)
                )
                row = conn.execute(mark).one_or_none()
            if row is None:
                row = self._row(conn, job_id)
                if JobState(row.state).final:
                    raise FailedPreconditionError(
                        f"job {job_id!r} already ended {row.state}: there is nothing to stop"
                    )
        return _job(row)

    # -- the backend's bookkeeping -----------------------------------------------------------

    def append_events(
        self,
        job_id: str,
        progress: Sequence[Progress],
        events_offset: int,
        final_metrics: Mapping[str, float] | None = None,
        expect_offset: int | None = None,
    ) -> int:
        values: dict[str, Any] = {
            "events_offset": events_offset,
            "last_sequence": jobs.c.last_sequence + len(progress),
        }
        if progress:
            values["progress"] = _dumps(progress[-1].to_dict())
        if final_metrics is not None:
            values["final_metrics"] = _dumps(dict(final_metrics))
        where = [jobs.c.id == job_id, jobs.c.state.in_((_QUEUED, _RUNNING))]
        if expect_offset is not None:
            where.append(jobs.c.events_offset == expect_offset)
        update = jobs.update().where(*where).values(values).returning(jobs.c.last_sequence)
        t = now()
        with self._tx() as conn:
            last = conn.execute(update).scalar_one_or_none()
            if last is None:  # unknown (NotFoundError), ended, or not at expect_offset
                row = self._row(conn, job_id)
                active = row.state in (_QUEUED, _RUNNING)
                if active and expect_offset is not None and row.events_offset != expect_offset:
                    raise FailedPreconditionError(
                        f"job {job_id}: events are stored up to {row.events_offset}, "
                        f"not {expect_offset}"
                    )
                return int(row.last_sequence)
            first = int(last) - len(progress) + 1
            if progress:
                conn.execute(
                    job_events.insert(),
                    [
                        {
                            "job_id": job_id,
                            "sequence": first + i,
                            "time": t,
                            "kind": "progress",
                            "payload": _dumps(p.to_dict()),
                        }
                        for i, p in enumerate(progress)
                    ],
                )
        return int(last)

    def set_run_id(self, job_id: str, run_id: str) -> None:
        with self._tx() as conn:
            done = conn.execute(
                jobs.update().where(jobs.c.id == job_id).values(mlflow_run_id=run_id)
            )
            if done.rowcount == 0:
                raise NotFoundError(f"job {job_id!r} not found")

    def heartbeat(self, owner: str) -> None:
        with self._tx() as conn:
            conn.execute(
                jobs.update()
                .where(jobs.c.owner == owner, jobs.c.state == _RUNNING)
                .values(heartbeat=now())
            )

    # -- plumbing ----------------------------------------------------------------------------

    def _move(
        self,
        conn: sa.Connection,
        job_id: str,
        expect: Sequence[str],
        values: Mapping[str, Any],
        change: StateChange,
        t: float,
        *where: sa.ColumnElement[bool],
    ) -> Any:
        """The compare-and-set: ``values`` when the job is in one of ``expect`` (and
        ``where``), with ``change`` as its next event. None when it was not;
        NotFoundError when there is no such job."""
        stmt = (
            jobs.update()
            .where(jobs.c.id == job_id, jobs.c.state.in_(expect), *where)
            .values({**values, "last_sequence": jobs.c.last_sequence + 1})
            .returning(*jobs.c)
        )
        row = conn.execute(stmt).one_or_none()
        if row is None:
            self._row(conn, job_id)
            return None
        self._append(conn, job_id, int(row.last_sequence), t, change)
        return row

    @staticmethod
    def _append(
        conn: sa.Connection, job_id: str, sequence: int, t: float, change: StateChange
    ) -> None:
        conn.execute(
            job_events.insert().values(
                job_id=job_id,
                sequence=sequence,
                time=t,
                kind="state",
                payload=json.dumps(change.to_dict()),
            )
        )

    @staticmethod
    def _row(conn: sa.Connection, job_id: str) -> Any:
        row = conn.execute(_SELECT_JOB, {"id": job_id}).one_or_none()
        if row is None:
            raise NotFoundError(f"job {job_id!r} not found")
        return row

    def _by_key(self, key: str) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(_SELECT_JOB_BY_KEY, {"key": key}).one_or_none()

    @staticmethod
    def _same(row: Any, spec: str) -> JobRecord:
        """The job an earlier submit under the same key created, if its spec is ``spec``."""
        if _spec_json(_parse_spec(row.spec, pb.JobSpec)) != spec:
            raise AlreadyExistsError(
                f"idempotency key {row.idempotency_key!r} was used for another job spec"
            )
        return _job(row)


# -- sweeps ---------------------------------------------------------------------------------


def _sweep(row: Any) -> SweepRecord:
    return SweepRecord(
        id=row.id,
        spec=_parse_spec(row.spec, pb.SweepSpec),
        state=SweepState(row.state),
        reason=row.reason,
        study=row.study,
        created=float(row.created),
        finished=row.finished,
        idempotency_key=row.idempotency_key or "",
        stop_requested=bool(row.stop_requested),
    )


_SELECT_SWEEP = sa.select(sweeps).where(sweeps.c.id == sa.bindparam("id"))
_SELECT_SWEEP_BY_KEY = sa.select(sweeps).where(sweeps.c.idempotency_key == sa.bindparam("key"))


class SqlSweepStore:
    """:class:`SweepStore` in the ``trainer_sweeps`` table of the SQL database behind ``engine``.

    A stop request's reason is the sweep's ``reason`` while it is still RUNNING;
    :meth:`finish` with an empty reason keeps it.
    """

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def create(
        self, spec: pb.SweepSpec, study: str, idempotency_key: str = ""
    ) -> tuple[SweepRecord, bool]:
        text = _spec_json(spec)
        key = idempotency_key or None
        if key is not None and (row := self._by_key(key)) is not None:
            return self._same(row, text), False
        values = {
            "id": "sweep-" + secrets.token_hex(10),
            "spec": text,
            "state": SweepState.RUNNING.value,
            "reason": "",
            "study": study,
            "idempotency_key": key,
            "stop_requested": False,
            "created": now(),
            "finished": None,
        }
        try:
            with write_transaction(self.engine) as conn:
                row = conn.execute(sweeps.insert().values(values).returning(*sweeps.c)).one()
        except sa.exc.IntegrityError:
            if key is None or (row := self._by_key(key)) is None:
                raise
            return self._same(row, text), False
        return _sweep(row), True

    def get(self, sweep_id: str) -> SweepRecord:
        with self.engine.connect() as conn:
            return _sweep(self._row(conn, sweep_id))

    def list_page(
        self, states: Sequence[SweepState] = (), page_size: int = 0, page_token: str = ""
    ) -> tuple[list[SweepRecord], str]:
        size = checked_page_size(page_size)
        query = sa.select(sweeps).where(sweeps.c.seq > _after("sweeps", page_token))
        if states:
            query = query.where(sweeps.c.state.in_([s.value for s in states]))
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(sweeps.c.seq).limit(size + 1)).all()
        page, token = _page(rows, size, "sweeps")
        return [_sweep(r) for r in page], token

    def active(self) -> list[SweepRecord]:
        query = (
            sa.select(sweeps)
            .where(sweeps.c.state == SweepState.RUNNING.value)
            .order_by(sweeps.c.seq)
        )
        with self.engine.connect() as conn:
            return [_sweep(r) for r in conn.execute(query)]

    def request_stop(self, sweep_id: str, reason: str = "") -> SweepRecord:
        mark = (
            sweeps.update()
            .where(
                sweeps.c.id == sweep_id,
                sweeps.c.state == SweepState.RUNNING.value,
                sweeps.c.stop_requested.is_(False),
            )
            .values(stop_requested=True, reason=reason)
            .returning(*sweeps.c)
        )
        with write_transaction(self.engine) as conn:
            row = conn.execute(mark).one_or_none()
            if row is None:  # a request is pending (the first one stays), or it ended
                row = self._row(conn, sweep_id)
                if row.state != SweepState.RUNNING.value:
                    raise FailedPreconditionError(
                        f"sweep {sweep_id!r} already ended {row.state}: there is nothing to stop"
                    )
        return _sweep(row)

    def finish(self, sweep_id: str, state: SweepState, reason: str = "") -> SweepRecord | None:
        if state is SweepState.RUNNING:
            raise ValueError("finish needs a final sweep state")
        values: dict[str, Any] = {"state": state.value, "finished": now()}
        if reason:
            values["reason"] = reason
        stmt = (
            sweeps.update()
            .where(sweeps.c.id == sweep_id, sweeps.c.state == SweepState.RUNNING.value)
            .values(values)
            .returning(*sweeps.c)
        )
        with write_transaction(self.engine) as conn:
            row = conn.execute(stmt).one_or_none()
            if row is None:
                self._row(conn, sweep_id)
                return None
        return _sweep(row)

    @staticmethod
    def _row(conn: sa.Connection, sweep_id: str) -> Any:
        row = conn.execute(_SELECT_SWEEP, {"id": sweep_id}).one_or_none()
        if row is None:
            raise NotFoundError(f"sweep {sweep_id!r} not found")
        return row

    def _by_key(self, key: str) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(_SELECT_SWEEP_BY_KEY, {"key": key}).one_or_none()

    @staticmethod
    def _same(row: Any, spec: str) -> SweepRecord:
        if _spec_json(_parse_spec(row.spec, pb.SweepSpec)) != spec:
            raise AlreadyExistsError(
                f"idempotency key {row.idempotency_key!r} was used for another sweep spec"
            )
        return _sweep(row)
