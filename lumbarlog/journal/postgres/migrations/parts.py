"""What every revision's tables share: the audit columns, the app's role, and row-level
security keeping each person's rows apart."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op


def audit() -> tuple[sa.Column[int], sa.Column[object]]:
    """A row's version (one more on every write) and when it was last written."""
    return (
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column(
            "written_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )


def keep_apart(table: str, app_role: str) -> None:
    """Row-level security on ``table``: a transaction sees and writes only the rows of the
    person it set with set_config('lumbarlog.person', ..., true); FORCE makes the owner obey
    it too. Only the app's role may use the table, and only its rows."""
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY person_only ON {table} "
        "USING (person = current_setting('lumbarlog.person', true)) "
        "WITH CHECK (person = current_setting('lumbarlog.person', true))"
    )
    op.execute(f"REVOKE ALL ON {table} FROM PUBLIC")
    op.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO "{app_role}"')


def app_role() -> str:
    """The role the app connects as (migrate.py's ``app_role``): granted the rows, never their
    owner. It must exist already; a name that needs quoting is refused."""
    role = str(context.config.attributes.get("app_role", ""))
    if not role.replace("_", "").isalnum() or not role.isascii():
        raise ValueError(f"the app's role must be a plain name (got {role!r})")
    bind = op.get_bind()
    found = bind.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    if found.first() is None:
        raise ValueError(
            f"the app's role {role!r} does not exist: create it first "
            f"(CREATE ROLE {role} LOGIN PASSWORD '...'), neither owner nor BYPASSRLS"
        )
    return role
