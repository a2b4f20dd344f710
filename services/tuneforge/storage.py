"""The SQL store every tuner capability shares: SQLite by default, PostgreSQL in a cluster.

One SQLAlchemy engine per process. Each kind of state declares its tables on
:data:`metadata` next to its own store module; :func:`open_database` creates
them. SQLite runs in WAL mode with ``BEGIN IMMEDIATE`` transactions (a writer
takes the lock up front, so two writers never deadlock on a lock upgrade and
``database is locked`` cannot surface) and a generous busy timeout; PostgreSQL
transactions lock the rows they change (``SELECT ... FOR UPDATE``).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

metadata = sa.MetaData()


def open_database(url: str) -> sa.Engine:
    """An engine for ``url`` with the project's settings, and the schema created."""
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 60}, pool_size=8
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: sa.Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    else:
        engine = sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    metadata.create_all(engine)
    return engine


def now() -> float:
    return time.time()
