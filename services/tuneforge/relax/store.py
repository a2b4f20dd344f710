"""Where omega sequences live: the :class:`SequenceStore` interface and its SQL implementation.

:class:`SqlSequenceStore` keeps sequences in the shared SQL database
(:mod:`tuneforge.storage`; SQLite or PostgreSQL). Every change (a suggestion
draws from the policy's generator; a report updates it) is one transaction
that locks the sequence row, loads the policy state, applies the change with
:mod:`tuneforge.relax.sequence`'s learning steps and writes it back with a
bumped version, so concurrent clients and several server replicas lose
nothing. Each store keeps the last policy object per sequence with its version
and skips the JSON round trip when the row has not moved since.
"""

from __future__ import annotations

import base64
import contextlib
import json
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlalchemy as sa

from tuneforge.errors import (
    AlreadyExistsError,
    FailedPreconditionError,
    NotFoundError,
    ValidationError,
)
from tuneforge.relax import sequence as core
from tuneforge.relax.policies import restore_policy
from tuneforge.relax.policy import Policy, Recommendation, Suggestion
from tuneforge.relax.sequence import SequenceConfig, SequenceRecord, Suggested
from tuneforge.storage import now, write_transaction
from tuneforge.storage import page_size as checked_page_size
from tuneforge.storage.tables import relax_sequences as sequences
from tuneforge.storage.tables import relax_suggestions as suggestions

MAX_ITERATIONS = 10**12  # per report: keeps the sums far inside the int64 columns


class SequenceStore(Protocol):
    """Sequences of linear systems, each with its omega policy and pending suggestions.

    ``ref`` is a sequence's id or its name. Thread-safe: any number of threads
    (and of stores in other processes on the same database) may call at once;
    each call is atomic, a suggestion is reported at most once, and no
    concurrent report is lost. Durable: a store opened later on the same
    database sees the same sequences and its policies make the suggestions
    this one would have made.

    Errors (:mod:`tuneforge.errors`):

    * :class:`NotFoundError` — no sequence ``ref``; no suggestion of that id in it.
    * :class:`AlreadyExistsError` — ``create`` of a taken name without ``load_if_exists``.
    * :class:`FailedPreconditionError` — ``create(load_if_exists=True)`` of a
      name taken with other settings; a suggestion reported twice.
    * :class:`ValidationError` — an empty ``ref``, a bad page size or token, a
      context the sequence's policy refuses (its length, NaN), ``iterations``
      outside ``[0, MAX_ITERATIONS]``.

    Anything else is the database's error. ``create`` trusts its arguments:
    callers validate them with :func:`tuneforge.relax.sequence.check_new`.
    A store does not own the engine it is given (its creator disposes of it)
    and holds nothing to close.
    """

    def create(
        self, name: str, config: SequenceConfig, load_if_exists: bool = False
    ) -> SequenceRecord:
        """A new sequence; with ``load_if_exists``, the existing one of that name and settings."""

    def get(self, ref: str) -> SequenceRecord: ...

    def list_page(
        self, page_size: int = 50, page_token: str = ""
    ) -> tuple[list[SequenceRecord], str]:
        """Newest first; the token for the next page is empty on the last."""

    def delete(self, ref: str) -> None:
        """The sequence and its suggestions."""

    def suggest(self, ref: str, context: Sequence[float] = ()) -> Suggested:
        """Draw the next omega; it stays pending until reported."""

    def report(
        self, ref: str, suggestion_id: str, iterations: int, converged: bool = True
    ) -> SequenceRecord:
        """Teach the policy the outcome of a pending suggestion; the updated record."""

    def best(self, ref: str, context: Sequence[float] = ()) -> tuple[Recommendation, list[float]]:
        """The policy's recommendation for ``context`` and its omega grid."""


# The hot path's statements, built once (building them per call costs more than running them).
_BY_REF = sa.or_(sequences.c.id == sa.bindparam("ref"), sequences.c.name == sa.bindparam("ref"))
_SELECT = sa.select(sequences).where(_BY_REF)
_SELECT_LOCKED = _SELECT.with_for_update()
_UPDATE_SEQUENCE = sequences.update().where(sequences.c.id == sa.bindparam("sid"))
_INSERT_SUGGESTION = suggestions.insert()
_SELECT_SUGGESTION = sa.select(suggestions).where(
    suggestions.c.id == sa.bindparam("sug"), suggestions.c.sequence_id == sa.bindparam("sid")
)
# Claims an unreported suggestion and returns what the policy needs, in one statement.
_CLAIM_SUGGESTION = (
    suggestions.update()
    .where(
        suggestions.c.id == sa.bindparam("sug"),
        suggestions.c.sequence_id == sa.bindparam("sid"),
        suggestions.c.reported.is_(None),
    )
    .values(
        reported=sa.bindparam("t"),
        iterations=sa.bindparam("its"),
        converged=sa.bindparam("ok"),
    )
    .returning(
        suggestions.c.arm, suggestions.c.omega, suggestions.c.probability, suggestions.c.context
    )
)


@dataclass
class _Cache:
    lock: threading.Lock = field(default_factory=threading.Lock)
    policies: dict[str, tuple[int, Policy]] = field(default_factory=dict)


def _record(row: Any) -> SequenceRecord:
    return SequenceRecord(
        id=row.id,
        name=row.name,
        config=SequenceConfig.from_json(row.config),
        instances=int(row.instances),
        total_iterations=int(row.total_iterations),
        pending=int(row.pending),
        created=float(row.created),
        updated=float(row.updated),
    )


class SqlSequenceStore:
    """:class:`SequenceStore` in the SQL database behind ``engine`` (SQLite or PostgreSQL)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self._cache = _Cache()

    # -- sequences -------------------------------------------------------------------

    def create(
        self, name: str, config: SequenceConfig, load_if_exists: bool = False
    ) -> SequenceRecord:
        policy = config.new_policy()
        t = now()
        sid = "seq-" + uuid.uuid4().hex[:20]
        try:
            with self._write() as conn:
                conn.execute(
                    sequences.insert().values(
                        id=sid,
                        name=name,
                        config=config.to_json(),
                        state=json.dumps(policy.to_state()),
                        version=0,
                        instances=0,
                        total_iterations=0,
                        pending=0,
                        created=t,
                        updated=t,
                    )
                )
        except sa.exc.IntegrityError:  # the name is taken (maybe by a concurrent create)
            existing = self.get(name)
            if not load_if_exists:
                raise AlreadyExistsError(f"sequence {name!r} already exists") from None
            if existing.config != config:
                raise FailedPreconditionError(
                    f"sequence {name!r} exists with different settings"
                ) from None
            return existing
        return SequenceRecord(sid, name, config, 0, 0, 0, t, t)

    def get(self, ref: str) -> SequenceRecord:
        with self.engine.connect() as conn:
            return _record(self._row(conn, ref))

    def list_page(
        self, page_size: int = 50, page_token: str = ""
    ) -> tuple[list[SequenceRecord], str]:
        size = checked_page_size(page_size)
        query = sa.select(sequences).order_by(sequences.c.created.desc(), sequences.c.id.desc())
        if page_token:
            try:
                created_s, last_id = base64.urlsafe_b64decode(page_token).decode().split("|", 1)
                created = float(created_s)
            except ValueError:
                raise ValidationError.single(
                    "page.page_token", "not a token from this server"
                ) from None
            query = query.where(
                sa.or_(
                    sequences.c.created < created,
                    sa.and_(sequences.c.created == created, sequences.c.id < last_id),
                )
            )
        with self.engine.connect() as conn:
            rows = conn.execute(query.limit(size + 1)).all()
        records = [_record(r) for r in rows[:size]]
        token = ""
        if len(rows) > size:
            last = records[-1]
            token = base64.urlsafe_b64encode(f"{last.created!r}|{last.id}".encode()).decode()
        return records, token

    def delete(self, ref: str) -> None:
        with self._write() as conn:
            row = self._row(conn, ref, lock=True)
            conn.execute(suggestions.delete().where(suggestions.c.sequence_id == row.id))
            conn.execute(sequences.delete().where(sequences.c.id == row.id))
        with self._cache.lock:
            self._cache.policies.pop(row.id, None)

    # -- learning ----------------------------------------------------------------------

    def suggest(self, ref: str, context: Sequence[float] = ()) -> Suggested:
        with self._write() as conn:
            row = self._row(conn, ref, lock=True)
            policy = self._policy(row)
            s = core.suggest(policy, context)
            sid = "sug-" + uuid.uuid4().hex
            t = now()
            conn.execute(
                _INSERT_SUGGESTION,
                {
                    "id": sid,
                    "sequence_id": row.id,
                    "arm": s.arm,
                    "omega": s.omega,
                    "probability": s.probability,
                    "context": json.dumps(list(context)),
                    "created": t,
                },
            )
            self._save(conn, row, policy, pending=row.pending + 1, updated=t)
        self._remember(row.id, row.version + 1, policy)
        return Suggested(sid, s)

    def report(
        self, ref: str, suggestion_id: str, iterations: int, converged: bool = True
    ) -> SequenceRecord:
        if not 0 <= iterations <= MAX_ITERATIONS:
            raise ValidationError.single(
                "iterations", f"must lie in [0, {MAX_ITERATIONS}], got {iterations}"
            )
        with self._write() as conn:
            row = self._row(conn, ref, lock=True)
            t = now()
            sug = conn.execute(
                _CLAIM_SUGGESTION,
                {"sug": suggestion_id, "sid": row.id, "t": t, "its": iterations, "ok": converged},
            ).one_or_none()
            if sug is None:
                seen = conn.execute(
                    _SELECT_SUGGESTION, {"sug": suggestion_id, "sid": row.id}
                ).one_or_none()
                if seen is None:
                    raise NotFoundError(
                        f"suggestion {suggestion_id!r} not found in sequence {ref!r}"
                    )
                raise FailedPreconditionError(f"suggestion {suggestion_id!r} was already reported")
            policy = self._policy(row)
            drawn = Suggestion(int(sug.arm), float(sug.omega), float(sug.probability))
            core.learn(policy, drawn, json.loads(sug.context), iterations, converged)
            values = {
                "pending": row.pending - 1,
                "instances": row.instances + 1,
                "total_iterations": row.total_iterations + iterations,
                "updated": t,
            }
            self._save(conn, row, policy, **values)
        self._remember(row.id, row.version + 1, policy)
        return SequenceRecord(
            row.id,
            row.name,
            SequenceConfig.from_json(row.config),
            values["instances"],
            values["total_iterations"],
            values["pending"],
            float(row.created),
            t,
        )

    def best(self, ref: str, context: Sequence[float] = ()) -> tuple[Recommendation, list[float]]:
        """The policy's recommendation for ``context`` and its omega grid."""
        with self.engine.connect() as conn:
            row = self._row(conn, ref)
        policy = restore_policy(json.loads(row.state))  # private copy: no lock needed
        rec = core.recommend(policy, context)
        return rec, policy.grid.tolist()

    # -- plumbing ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """One write transaction (queued on SQLite's writer lock). One that fails may have
        mutated a cached policy in place: the cache is dropped, the next change reloads."""
        try:
            with write_transaction(self.engine) as conn:
                yield conn
        except BaseException:
            with self._cache.lock:
                self._cache.policies.clear()
            raise

    @staticmethod
    def _row(conn: sa.Connection, ref: str, lock: bool = False) -> Any:
        if not ref:
            raise ValidationError.single("sequence", "required: a sequence id or name")
        row = conn.execute(_SELECT_LOCKED if lock else _SELECT, {"ref": ref}).one_or_none()
        if row is None:
            raise NotFoundError(f"sequence {ref!r} not found")
        return row

    def _policy(self, row: Any) -> Policy:
        with self._cache.lock:
            cached = self._cache.policies.get(row.id)
        if cached is not None and cached[0] == row.version:
            return cached[1]
        return restore_policy(json.loads(row.state))

    def _remember(self, sid: str, version: int, policy: Policy) -> None:
        with self._cache.lock:
            self._cache.policies[sid] = (version, policy)

    @staticmethod
    def _save(conn: sa.Connection, row: Any, policy: Policy, **values: Any) -> None:
        conn.execute(
            _UPDATE_SEQUENCE,
            {
                "sid": row.id,
                "state": json.dumps(policy.to_state()),
                "version": row.version + 1,
                **values,
            },
        )
