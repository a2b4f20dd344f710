"""The SQL database every stateful capability shares: SQLite by default, PostgreSQL in a cluster.

:func:`open_database` makes an engine with the project's settings; it creates
nothing. The schema is declared once in :mod:`tuneforge.storage.tables` and
created/migrated only by :mod:`tuneforge.storage.migrate`. The composition root
(:class:`tuneforge.roles.Resources`) owns the engine and disposes of it; Optuna's
storage (studies) keeps an engine of its own on the same database, because
``RDBStorage`` takes a URL. SQLite runs in WAL mode with ``BEGIN IMMEDIATE`` transactions (a writer
takes the lock up front, so two writers never deadlock on a lock upgrade and
``database is locked`` cannot surface) and a generous busy timeout; PostgreSQL
transactions lock the rows they change (``SELECT ... FOR UPDATE``).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from tuneforge.errors import ValidationError


def open_database(url: str) -> sa.Engine:
    """An engine for ``url`` with the project's settings (the schema is :func:`migrate`'s job)."""
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 60}, pool_size=8
        )
        serialize_sqlite(engine, foreign_keys=True)
    else:
        engine = sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    return engine


def serialize_sqlite(engine: sa.Engine, foreign_keys: bool = False) -> None:
    """WAL, a long busy timeout and ``BEGIN IMMEDIATE`` transactions on a SQLite engine.

    Also applied to Optuna's own engine (without foreign keys, which its ORM
    cascades do not expect). Existing pooled connections are dropped so that
    every connection from now on carries the pragmas.
    """

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=60000")
        if foreign_keys:
            cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    engine.dispose()


#: Alembic runs env.py through module globals (a proxy set and deleted per command):
#: two commands in one process at once, even on different databases, break each other
#: (KeyError: 'script'). Everything that runs Alembic takes this lock: our migrations,
#: Optuna's schema creation and MLflow's schema upgrade.
ALEMBIC_LOCK = threading.RLock()

_WRITERS: dict[str, threading.RLock] = {}
_WRITERS_LOCK = threading.Lock()


def writer_lock(url: str | sa.URL) -> threading.RLock | None:
    """One process-wide lock per SQLite database, None for other databases.

    SQLite has a single writer: every store of the process that writes to the
    same file queues on this lock instead of in SQLite's busy loop.
    """
    url = sa.make_url(url)
    if url.get_backend_name() != "sqlite":
        return None
    key = str(Path(url.database).resolve()) if url.database else ":memory:"
    with _WRITERS_LOCK:
        return _WRITERS.setdefault(key, threading.RLock())


@contextlib.contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """``engine.begin()`` behind the file's :func:`writer_lock` on SQLite (none elsewhere):
    every store's writes go through here, so SQLite writers of a process queue in one place."""
    with writer_lock(engine.url) or contextlib.nullcontext(), engine.begin() as conn:
        yield conn


def now() -> float:
    return time.time()


def page_size(size: int, field: str = "page.page_size", default: int = 50) -> int:
    """The effective page size of a list request: 0 means ``default``; at most 1000."""
    if size == 0:
        return default
    if not 1 <= size <= 1000:
        raise ValidationError.single(field, "must lie in [0, 1000]")
    return size
