"""The one step that creates and migrates the state database's schema.

Run at server start-up (``migrate_on_start``, the default) and by ``tuneforge
migrate`` (a Helm pre-install/pre-upgrade hook Job in a cluster). It brings
tuneforge's tables to the newest Alembic revision of
``tuneforge/storage/migrations`` and creates Optuna's schema beside them, all
under one database-wide lock, so replicas that start together queue instead
of racing: a PostgreSQL advisory lock, a file lock beside a SQLite file.
Idempotent: a database at the newest revision is left as it is.

A database made before migrations existed (tables created by
``metadata.create_all``) is stamped at the first revision, then upgraded.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from alembic.config import Config

from tuneforge.storage import ALEMBIC_LOCK

log = logging.getLogger("tuneforge.storage")

#: tuneforge's own Alembic version table (Optuna's ``alembic_version`` may share the database).
VERSION_TABLE = "tuneforge_alembic_version"
_MIGRATIONS = Path(__file__).with_name("migrations")
_PG_LOCK_KEY = 0x7475_6E65_666F  # "tunefo": one advisory lock id for the whole schema


@dataclass(frozen=True, slots=True)
class MigrationReport:
    before: str | None  # revision found (None: an empty database)
    after: str  # revision now
    optuna: bool  # Optuna's schema was checked/created

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _config(connection: sa.Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The newest revision of the migrations shipped with this version."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(_MIGRATIONS))
    rev = script.get_current_head()
    assert rev is not None
    return rev


def current(engine: sa.Engine) -> str | None:
    """The database's revision (None before the first migration)."""
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(
            conn, opts={"version_table": VERSION_TABLE}
        ).get_current_revision()


@contextlib.contextmanager
def _schema_lock(engine: sa.Engine) -> Iterator[None]:
    """One migrator at a time across processes and hosts sharing the database."""
    if engine.dialect.name == "postgresql":
        # Autocommit: a session lock on a connection that is not "idle in transaction"
        # (idle_in_transaction_session_timeout would otherwise drop it mid-migration).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({_PG_LOCK_KEY})")
            try:
                yield
            finally:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({_PG_LOCK_KEY})")
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    lock = Path(database).resolve().with_name(Path(database).name + ".migrate.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


@contextlib.contextmanager
def _migration_engine(engine: sa.Engine) -> Iterator[sa.Engine]:
    """The engine migrations run on. SQLite: one without foreign keys, because a batch
    migration (SQLite's ALTER TABLE) drops and recreates a table, and with them on an
    ``ON DELETE CASCADE`` would empty its children."""
    if engine.dialect.name != "sqlite":
        yield engine
        return
    from tuneforge.storage import serialize_sqlite

    plain = sa.create_engine(
        engine.url, connect_args={"check_same_thread": False, "timeout": 60}, poolclass=sa.NullPool
    )
    serialize_sqlite(plain, foreign_keys=False)
    try:
        yield plain
    finally:
        plain.dispose()


def upgrade(engine: sa.Engine, *, optuna: bool = True) -> MigrationReport:
    """Bring ``engine``'s database to :func:`head` (and Optuna's schema up), under the lock."""
    from alembic import command

    with _schema_lock(engine), _migration_engine(engine) as migrating:
        before = current(migrating)
        with ALEMBIC_LOCK, migrating.begin() as conn:
            cfg = _config(conn)
            if before is None and sa.inspect(conn).has_table("relax_sequences"):
                command.stamp(cfg, "0001")  # made by create_all before migrations existed
                before = "0001"
            command.upgrade(cfg, "head")
        if optuna:
            _optuna_schema(migrating)
    after = current(engine)
    assert after is not None
    if after != before:
        log.info("database migrated", extra={"from": before, "to": after})
    return MigrationReport(before, after, optuna)


def _optuna_schema(engine: sa.Engine) -> None:
    """Optuna's tables, created (or checked for compatibility) by Optuna itself."""
    import optuna

    url = engine.url.render_as_string(hide_password=False)
    with ALEMBIC_LOCK:  # Optuna stamps its schema with an Alembic command
        storage = optuna.storages.RDBStorage(url, engine_kwargs=_optuna_engine_kwargs(url))
    storage.engine.dispose()


def _optuna_engine_kwargs(url: str) -> dict[str, object]:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 60}}
    return {}


def check_current(engine: sa.Engine) -> None:
    """Raise when the database is not at :func:`head` (a server started without migrating)."""
    rev, want = current(engine), head()
    if rev != want:
        raise RuntimeError(
            f"the state database is at schema revision {rev or 'none'}, this server needs "
            f"{want}: run `tuneforge migrate` (or start with migrate_on_start)"
        )
