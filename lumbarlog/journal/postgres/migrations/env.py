"""Alembic's environment: run the migrations on the connection migrate.py gives (as the owner
of the tables), in one transaction."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run the migrations with lumbarlog.journal.postgres.migrate")
context.configure(connection=connection, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
