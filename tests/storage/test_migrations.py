"""The schema step: one source (tables.py), versioned migrations, no races, one command."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tuneforge.storage import migrate, open_database
from tuneforge.storage.tables import metadata


def _ours(obj: object, name: str | None, kind: str, reflected: bool, other: object) -> bool:
    """Only tuneforge's tables: Optuna's schema shares the database."""
    table = name if kind == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table in metadata.tables


def test_migrated_schema_equals_the_table_declarations(database_url: str) -> None:
    engine = open_database(database_url)
    try:
        report = migrate.upgrade(engine)
        assert (report.before, report.after) == (None, migrate.head())
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"include_object": _ours})
            assert compare_metadata(ctx, metadata) == []
        names = set(sa.inspect(engine).get_table_names())
        assert set(metadata.tables) <= names
        assert {"studies", "trials", migrate.VERSION_TABLE} <= names  # Optuna's and ours
    finally:
        engine.dispose()


def test_upgrade_is_idempotent_and_reports_no_change(database_url: str) -> None:
    engine = open_database(database_url)
    try:
        migrate.upgrade(engine)
        again = migrate.upgrade(engine)
        assert not again.changed and again.after == migrate.head()
        migrate.check_current(engine)  # does not raise
    finally:
        engine.dispose()


def test_a_database_from_before_migrations_is_stamped_then_upgraded(database_url: str) -> None:
    engine = open_database(database_url)
    try:
        legacy = sa.MetaData()
        for name in ("relax_sequences", "relax_suggestions"):
            metadata.tables[name].to_metadata(legacy)
        legacy.create_all(engine)  # what open_database used to do
        with engine.begin() as conn:
            conn.execute(
                metadata.tables["relax_sequences"].insert().values(
                    id="seq-1", name="kept", config="{}", state="{}", version=0,
                    instances=0, total_iterations=0, pending=0, created=0.0, updated=0.0,
                )
            )  # fmt: skip
        report = migrate.upgrade(engine)
        assert (report.before, report.after) == ("0001", migrate.head())
        with engine.connect() as conn:
            names = conn.execute(sa.text("SELECT name FROM relax_sequences")).scalars().all()
        assert names == ["kept"]
        assert "tracking_outbox" in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_an_unmigrated_database_is_refused_when_migration_is_off(database_url: str) -> None:
    engine = open_database(database_url)
    try:
        with pytest.raises(RuntimeError, match="tuneforge migrate"):
            migrate.check_current(engine)
    finally:
        engine.dispose()


def _migrate_in_a_process(url: str) -> str:
    engine = open_database(url)
    try:
        return migrate.upgrade(engine).after
    finally:
        engine.dispose()


def test_replicas_starting_together_do_not_race(database_url: str) -> None:
    """Four processes migrate one fresh database at the same time: all succeed, once."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        revisions = pool.map(_migrate_in_a_process, [database_url] * 4)
    assert revisions == [migrate.head()] * 4
    engine = open_database(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(f"SELECT version_num FROM {migrate.VERSION_TABLE}")).all()
        assert [r[0] for r in rows] == [migrate.head()]
    finally:
        engine.dispose()


def test_migrate_command(tmp_path: Path) -> None:
    env = {"TUNEFORGE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    cmd = [sys.executable, "-m", "tuneforge.cli", "migrate"]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert first.returncode == 0, first.stderr[-2000:]
    assert f"empty -> {migrate.head()}" in first.stdout
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert second.returncode == 0 and "up to date" in second.stdout
    assert (tmp_path / "tuneforge.db").is_file()


def test_sqlite_migrations_run_without_foreign_keys(tmp_path: Path) -> None:
    """A batch migration recreates a table: with foreign keys on, ON DELETE CASCADE would
    empty its children (relax_suggestions when relax_sequences is rebuilt)."""
    engine = open_database(f"sqlite:///{tmp_path / 's.db'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # serving engine
        with migrate._migration_engine(engine) as migrating, migrating.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()
