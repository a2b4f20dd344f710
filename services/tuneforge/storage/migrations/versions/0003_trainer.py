"""The trainer: jobs, their labels and numbered events, and sweeps.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_SEQ = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "trainer_jobs",
        sa.Column("seq", _SEQ, primary_key=True),
        sa.Column("id", sa.String(40), nullable=False, unique=True),
        sa.Column("spec", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("exit_code", sa.Integer, nullable=True),
        sa.Column("backend", sa.String(32), nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("device", sa.String(64), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("heartbeat", sa.Float, nullable=True),
        sa.Column("stop_requested", sa.String(16), nullable=True),
        sa.Column("stop_reason", sa.Text, nullable=False),
        sa.Column("mlflow_run_id", sa.String(64), nullable=False),
        sa.Column("sweep_id", sa.String(40), nullable=True),
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
    for column in ("state", "owner", "sweep_id"):
        op.create_index(f"ix_trainer_jobs_{column}", "trainer_jobs", [column], unique=False)
    op.create_table(
        "trainer_job_labels",
        sa.Column(
            "job_id",
            sa.String(40),
            sa.ForeignKey("trainer_jobs.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("key", sa.String(63), primary_key=True),
        sa.Column("value", sa.String(63), nullable=False),
    )
    op.create_index(
        "ix_trainer_job_labels_key_value", "trainer_job_labels", ["key", "value"], unique=False
    )
    op.create_table(
        "trainer_job_events",
        sa.Column(
            "job_id",
            sa.String(40),
            sa.ForeignKey("trainer_jobs.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("sequence", sa.BigInteger, primary_key=True),
        sa.Column("time", sa.Float, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
    )
    op.create_table(
        "trainer_sweeps",
        sa.Column("seq", _SEQ, primary_key=True),
        sa.Column("id", sa.String(40), nullable=False, unique=True),
        sa.Column("spec", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("study", sa.String(128), nullable=False),
        sa.Column("idempotency_key", sa.String(128), nullable=True, unique=True),
        sa.Column("stop_requested", sa.Boolean, nullable=False),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("finished", sa.Float, nullable=True),
    )
    op.create_index("ix_trainer_sweeps_state", "trainer_sweeps", ["state"], unique=False)


def downgrade() -> None:
    op.drop_table("trainer_sweeps")
    op.drop_table("trainer_job_events")
    op.drop_table("trainer_job_labels")
    op.drop_table("trainer_jobs")
