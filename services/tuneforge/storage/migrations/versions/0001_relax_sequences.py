"""Relaxation sequences and their suggestions (the schema before migrations existed).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "relax_sequences",
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
    op.create_table(
        "relax_suggestions",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column(
            "sequence_id",
            sa.String(40),
            sa.ForeignKey("relax_sequences.id", ondelete="CASCADE"),
            nullable=False,
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
    op.create_index(
        "ix_relax_suggestions_sequence_id", "relax_suggestions", ["sequence_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("relax_suggestions")
    op.drop_table("relax_sequences")
