"""The tracking outbox: finished trials durably queued for MLflow.

The contract between the study store (the producer, :class:`TrialOutbox`) and
the tracker drain (the consumer, :class:`tuneforge.tracker.trials.TrialDrain`);
:class:`SqlTrialOutbox` keeps the entries in the state database.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from tuneforge.storage import now, write_transaction
from tuneforge.storage.tables import tracking_outbox as outbox

KIND_TRIAL = "trial"
MAX_ERROR = 2000  # characters of last_error kept


class TrialOutbox(Protocol):
    """Durable "this trial must reach the tracker" entries, one per (study, trial).

    ``add_trial`` is called by the study store *before* it finishes a trial
    (Tell, or a lease expiry), so that what a client was told is never lost: a
    crash right after leaves an entry that the drain ships (at start-up, too).
    The drain reads the trial itself at drain time and ships only finished
    trials, so an entry added before a Tell that then failed waits until the
    trial really finishes. Idempotent (a second add of the same trial is a
    no-op); thread-safe; raises only database errors.
    """

    def add_trial(self, study: str, number: int) -> None: ...


@dataclass(frozen=True, slots=True)
class TrialEntry:
    """One claimed entry: ship trial ``number`` of ``study``."""

    id: int
    study: str
    number: int
    attempts: int  # claims before this one: > 0 means an earlier one may have reached MLflow


class SqlTrialOutbox:
    """:class:`TrialOutbox` in the ``tracking_outbox`` table, and the drain's side of it.

    Contract: thread-safe, and safe for several processes (replicas) sharing the
    database: :meth:`claim` hides what it returns for ``claim_seconds``, so one
    drain at a time ships an entry; one that died holding a claim leaves the
    entry to whoever claims it after that time. Raises only database errors.
    The engine belongs to the caller (:class:`tuneforge.roles.Resources`).
    SQLite writes queue on the process-wide writer lock of the file; PostgreSQL
    claims with ``FOR UPDATE SKIP LOCKED``.

    Every method is its own transaction on ``engine``: do not call one while
    another connection of this thread holds a SQLite write transaction on the
    same file (it would wait for that one to end).
    """

    def __init__(self, engine: sa.Engine, *, claim_seconds: float = 30.0) -> None:
        self.engine = engine
        self.claim_seconds = claim_seconds
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        self._insert = dialect.insert(outbox).on_conflict_do_nothing(index_elements=["key"])

    def _tx(self) -> contextlib.AbstractContextManager[sa.Connection]:
        return write_transaction(self.engine)

    # -- the producer --------------------------------------------------------------------

    def add_trial(self, study: str, number: int) -> None:
        t = now()
        with self._tx() as conn:
            conn.execute(
                self._insert,
                {
                    "key": f"{KIND_TRIAL}/{study}/{number}",
                    "kind": KIND_TRIAL,
                    "payload": json.dumps({"study": study, "number": number}),
                    "created": t,
                    "attempts": 0,
                    "next_attempt": t,
                    "last_error": None,
                },
            )

    # -- the drain -----------------------------------------------------------------------

    def claim(self, limit: int) -> list[TrialEntry]:
        """Up to ``limit`` due entries, oldest due first, each hidden for ``claim_seconds``
        and counted as one more attempt (in id order)."""
        t = now()
        due = (
            sa.select(outbox.c.id)
            .where(outbox.c.next_attempt <= t, outbox.c.kind == KIND_TRIAL)
            .order_by(outbox.c.next_attempt, outbox.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        stmt = (
            outbox.update()
            .where(outbox.c.id.in_(due))
            .values(attempts=outbox.c.attempts + 1, next_attempt=t + self.claim_seconds)
            .returning(outbox.c.id, outbox.c.payload, outbox.c.attempts)
        )
        with self._tx() as conn:
            rows = conn.execute(stmt).all()
        entries = []
        for row in rows:
            payload = json.loads(row.payload)
            entries.append(
                TrialEntry(row.id, str(payload["study"]), int(payload["number"]), row.attempts - 1)
            )
        return sorted(entries, key=lambda e: e.id)

    def done(self, ids: Sequence[int]) -> None:
        """Remove shipped (or pointless) entries."""
        if not ids:
            return
        with self._tx() as conn:
            conn.execute(outbox.delete().where(outbox.c.id.in_(list(ids))))

    def retry(self, entry_id: int, delay: float, error: str | None = None) -> None:
        """Make a claimed entry due again in ``delay`` seconds, saying why (``error``)."""
        values: dict[str, object] = {"next_attempt": now() + delay}
        if error is not None:
            values["last_error"] = error[:MAX_ERROR]
        with self._tx() as conn:
            conn.execute(outbox.update().where(outbox.c.id == entry_id).values(**values))

    def release(self, ids: Sequence[int]) -> None:
        """Give claimed entries back unshipped (shutting down): due now, attempt not counted."""
        if not ids:
            return
        with self._tx() as conn:
            conn.execute(
                outbox.update()
                .where(outbox.c.id.in_(list(ids)))
                .values(attempts=outbox.c.attempts - 1, next_attempt=now())
            )

    def pending(self, due_by: float | None = None) -> int:
        """Entries waiting; with ``due_by`` (a :func:`tuneforge.storage.now` time), only
        those a claim would return by then."""
        query = sa.select(sa.func.count()).select_from(outbox)
        if due_by is not None:
            query = query.where(outbox.c.next_attempt <= due_by)
        with self.engine.connect() as conn:  # a read: no writer lock
            return int(conn.execute(query).scalar_one())
