"""Alembic environment: runs on the connection :func:`tuneforge.storage.migrate.upgrade` passes."""

from __future__ import annotations

from alembic import context

from tuneforge.storage.migrate import VERSION_TABLE
from tuneforge.storage.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite's ALTER TABLE is limited
)
with context.begin_transaction():
    context.run_migrations()
