"""Every table tuneforge owns in the state database: the one declaration of its schema.

Stores query through these objects; nothing creates tables from them at run
time. The schema is created and changed only by the versioned migrations in
``tuneforge/storage/migrations`` (:func:`tuneforge.storage.migrate.upgrade`),
and a test checks that the migrated database equals these declarations, so
the two cannot drift. Optuna's own tables (studies) live in the same database
under Optuna's schema and migrations.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

# -- relaxation sequences (tuneforge.relax) ---------------------------------------------

relax_sequences = sa.Table(
    "relax_sequences",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("name", sa.String(128), nullable=False, unique=True),
    sa.Column("config", sa.Text, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("instances", sa.BigInteger, nullable=False),
    sa.Column("total_iterations", sa.BigInteger, nullable=False),
    sa.Column("pending", sa.BigInteger, nullable=False),
    sa.Column("created", sa.Float, nullable=False),
    sa.Column("updated", sa.Float, nullable=False),
)

relax_suggestions = sa.Table(
    "relax_suggestions",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column(
        "sequence_id",
        sa.String(40),
        sa.ForeignKey("relax_sequences.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("arm", sa.Integer, nullable=False),
    sa.Column("omega", sa.Float, nullable=False),
    sa.Column("probability", sa.Float, nullable=False),
    sa.Column("context", sa.Text, nullable=False),
    sa.Column("created", sa.Float, nullable=False),
    sa.Column("reported", sa.Float, nullable=True),
    sa.Column("iterations", sa.BigInteger, nullable=True),
    sa.Column("converged", sa.Boolean, nullable=True),
)

# -- the tracking outbox (tuneforge.tracker) ---------------------------------------------
# What must reach MLflow, written before the client is answered and deleted once
# MLflow holds it: a crash between the two loses nothing (drained at start-up).

tracking_outbox = sa.Table(
    "tracking_outbox",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("key", sa.String(255), nullable=False, unique=True),  # one entry per subject
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("created", sa.Float, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt", sa.Float, nullable=False, index=True),
    sa.Column("last_error", sa.Text, nullable=True),
)
