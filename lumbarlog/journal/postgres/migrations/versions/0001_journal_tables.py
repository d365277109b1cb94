"""The journal's tables, each person's rows kept apart by row-level security.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from lumbarlog.journal.postgres.migrations import parts

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLES = ("journals", "entries", "sessions", "measures", "plans", "backups")


def _person() -> sa.Column[str]:
    return sa.Column(
        "person",
        sa.Text,
        sa.ForeignKey("journals.person", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    # Every write of any journal takes the next number: a journal's revision never comes back,
    # even after its person deleted everything and started again.
    op.execute("CREATE SEQUENCE journal_revisions")
    op.create_table(
        "journals",
        sa.Column("person", sa.Text, primary_key=True),
        sa.Column(
            "revision",
            sa.BigInteger,
            nullable=False,
            server_default=sa.text("nextval('journal_revisions')"),
        ),
        sa.Column("extra_columns", ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("stored", ARRAY(sa.Text), nullable=False, server_default="{}"),
        *parts.audit(),
        sa.CheckConstraint("person <> ''", name="journals_person_named"),
    )
    op.create_table(
        "entries",
        _person(),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("pain", sa.SmallInteger, nullable=False),
        sa.Column("sitting_hours", sa.Double),
        sa.Column("exercises", ARRAY(sa.Text), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("extra", JSONB),  # the extra columns' cells of the day; NULL: none
        *parts.audit(),
        sa.PrimaryKeyConstraint("person", "day"),
        sa.CheckConstraint("pain BETWEEN 0 AND 10", name="entries_pain_range"),
        sa.CheckConstraint("sitting_hours BETWEEN 0 AND 24", name="entries_sitting_range"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        _person(),
        sa.Column("started_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("routine_id", sa.Text, nullable=False),
        sa.Column("exercises_completed", ARRAY(sa.Text), nullable=False),
        sa.Column("pain_before", sa.SmallInteger),
        sa.Column("pain_after", sa.SmallInteger),
        sa.Column("outcome", sa.Text, nullable=False),
        *parts.audit(),
        sa.CheckConstraint("pain_before BETWEEN 0 AND 10", name="sessions_pain_before_range"),
        sa.CheckConstraint("pain_after BETWEEN 0 AND 10", name="sessions_pain_after_range"),
        sa.CheckConstraint("outcome IN ('finished', 'stopped')", name="sessions_outcome"),
    )
    op.create_index("sessions_by_start", "sessions", ["person", "started_at", "id"])
    op.create_table(
        "measures",
        _person(),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("instrument", sa.Text, nullable=False),
        sa.Column("items", ARRAY(sa.SmallInteger), nullable=False),
        sa.Column("score", sa.Double, nullable=False),
        sa.Column("subscale", sa.SmallInteger),
        *parts.audit(),
        sa.PrimaryKeyConstraint("person", "day", "instrument"),
        sa.CheckConstraint("instrument IN ('peg', 'startback')", name="measures_instrument"),
    )
    op.create_table(
        "plans",
        sa.Column(
            "person",
            sa.Text,
            sa.ForeignKey("journals.person", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("plan", sa.Text, nullable=False),
        *parts.audit(),
    )
    op.create_table(
        "backups",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        _person(),
        sa.Column("part", sa.Text, nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("replaced", sa.Boolean, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        *parts.audit(),
    )
    op.create_index("backups_by_part", "backups", ["person", "part", "id"])
    app_role = parts.app_role()
    for table in TABLES:
        parts.keep_apart(table, app_role)
    op.execute(
        "GRANT USAGE ON SEQUENCE sessions_id_seq, backups_id_seq, journal_revisions "
        f'TO "{app_role}"'
    )
    # The app reads which revision the schema is at (and writes nothing there).
    op.execute(f'GRANT SELECT ON alembic_version TO "{app_role}"')


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
    op.execute("DROP SEQUENCE journal_revisions")
