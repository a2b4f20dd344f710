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

# -- the trainer (tuneforge.trainer) -----------------------------------------------------
# A job's row is its state machine; its events are numbered 1, 2, 3, ... per job and
# written in the transaction of the change they record. ``seq`` (an autoincrement
# integer, the primary key because SQLite numbers nothing else) orders jobs and sweeps
# by submission; ``id`` is the unguessable name clients see. Specs are the protobuf
# JSON mapping of the message; progress and metrics are JSON with non-finite floats
# as strings (NaN is not JSON, and PostgreSQL's drivers refuse it).

_SEQ = sa.BigInteger().with_variant(sa.Integer, "sqlite")

trainer_jobs = sa.Table(
    "trainer_jobs",
    metadata,
    sa.Column("seq", _SEQ, primary_key=True),
    sa.Column("id", sa.String(40), nullable=False, unique=True),
    sa.Column("spec", sa.Text, nullable=False),
    sa.Column("state", sa.String(16), nullable=False, index=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("exit_code", sa.Integer, nullable=True),
    sa.Column("backend", sa.String(32), nullable=False),
    sa.Column("attempt", sa.Integer, nullable=False),
    sa.Column("device", sa.String(64), nullable=False),
    sa.Column("owner", sa.String(200), nullable=False, index=True),
    sa.Column("heartbeat", sa.Float, nullable=True),
    sa.Column("stop_requested", sa.String(16), nullable=True),
    sa.Column("stop_reason", sa.Text, nullable=False),
    sa.Column("mlflow_run_id", sa.String(64), nullable=False),
    sa.Column("sweep_id", sa.String(40), nullable=True, index=True),
    sa.Column("trial_number", sa.Integer, nullable=True),
    sa.Column("idempotency_key", sa.String(128), nullable=True, unique=True),
    sa.Column("last_sequence", sa.BigInteger, nullable=False),
    sa.Column("events_offset", sa.BigInteger, nullable=False),
    sa.Column("progress", sa.Text, nullable=True),
    sa.Column("final_metrics", sa.Text, nullable=False),
    sa.Column("created", sa.Float, nullable=False),
    sa.Column("started", sa.Float, nullable=True),
    sa.Column("finished", sa.Float, nullable=True),
)

# The spec's labels again, for ListJobs' label filter in SQL.
trainer_job_labels = sa.Table(
    "trainer_job_labels",
    metadata,
    sa.Column(
        "job_id",
        sa.String(40),
        sa.ForeignKey("trainer_jobs.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("key", sa.String(63), primary_key=True),
    sa.Column("value", sa.String(63), nullable=False),
    sa.Index("ix_trainer_job_labels_key_value", "key", "value"),
)

trainer_job_events = sa.Table(
    "trainer_job_events",
    metadata,
    sa.Column(
        "job_id",
        sa.String(40),
        sa.ForeignKey("trainer_jobs.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("sequence", sa.BigInteger, primary_key=True),
    sa.Column("time", sa.Float, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # "state" or "progress"
    sa.Column("payload", sa.Text, nullable=False),
)

trainer_sweeps = sa.Table(
    "trainer_sweeps",
    metadata,
    sa.Column("seq", _SEQ, primary_key=True),
    sa.Column("id", sa.String(40), nullable=False, unique=True),
    sa.Column("spec", sa.Text, nullable=False),
    sa.Column("state", sa.String(16), nullable=False, index=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("study", sa.String(128), nullable=False),
    sa.Column("idempotency_key", sa.String(128), nullable=True, unique=True),
    sa.Column("stop_requested", sa.Boolean, nullable=False),
    sa.Column("created", sa.Float, nullable=False),
    sa.Column("finished", sa.Float, nullable=True),
)
