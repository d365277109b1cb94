"""The self-experiments of each person (experiments.json's text, one row a person), kept
apart by row-level security like every table.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from lumbarlog.journal.postgres.migrations import parts

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "experiments",
        sa.Column(
            "person",
            sa.Text,
            sa.ForeignKey("journals.person", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("experiments", sa.Text, nullable=False),
        *parts.audit(),
    )
    parts.keep_apart("experiments", parts.app_role())


def downgrade() -> None:
    op.drop_table("experiments")
