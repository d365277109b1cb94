"""The journal's schema brought to a revision by its Alembic migrations (migrations/), run as
the owner of the tables. The app itself connects as another role (database.py) and never
changes the schema.

    python -m lumbarlog.journal.postgres.migrate postgresql://owner@host/lumbarlog

upgrades to the newest revision (``--revision`` for another, ``--app-role`` for the role the
app connects as, ``lumbarlog_app`` by default, which must exist).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from lumbarlog.journal.postgres.database import driver_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
APP_ROLE = "lumbarlog_app"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    """The newest revision of the schema this app was written for."""
    found = ScriptDirectory.from_config(_config()).get_current_head()
    assert found is not None
    return found


def upgrade(url: str, revision: str = "head", *, app_role: str = APP_ROLE) -> None:
    """Bring the database at ``url`` (the owner's connection) up to ``revision``."""
    engine = create_engine(driver_url(url))
    try:
        with engine.begin() as connection:
            config = _config()
            config.attributes["connection"] = connection
            config.attributes["app_role"] = app_role
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def current(url: str) -> str | None:
    """The revision the database at ``url`` is at (None: no schema yet)."""
    engine = create_engine(driver_url(url))
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the database, connecting as the owner of its tables")
    parser.add_argument("--revision", default="head")
    parser.add_argument("--app-role", default=APP_ROLE)
    args = parser.parse_args(argv)
    upgrade(args.url, args.revision, app_role=args.app_role)
    print(f"The journal's schema is at revision {current(args.url)}.")


if __name__ == "__main__":
    main()
