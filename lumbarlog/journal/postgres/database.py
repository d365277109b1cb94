"""Connecting to the journal's database as the app's role, one transaction at a time, each
with the person it is for set first (``SET LOCAL``: row-level security then shows and accepts
only that person's rows), and the database's refusals in the journal's own error types."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg.errors
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from lumbarlog.journal.errors import (
    DatabaseUnavailable,
    DatabaseUnreachable,
    JournalBusy,
    WriteFailed,
)
from lumbarlog.journal.files import LOCK_TIMEOUT_SECONDS
from lumbarlog.journal.postgres.tables import PERSON_SETTING

log = logging.getLogger(__name__)

DRIVER = "postgresql+psycopg"
CONNECT_TIMEOUT_SECONDS = 10
KEPT_PARTS = 300  # a part read for each of about a hundred people at once


def driver_url(url: str | URL) -> URL:
    """``url`` with the psycopg 3 driver (postgresql://, postgres:// and
    postgresql+psycopg:// all name the same database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() not in ("postgresql", "postgres"):
        raise ValueError(f"not a PostgreSQL address: {parsed.render_as_string()}")
    return parsed.set(drivername=DRIVER)


class Database:
    """One database and its pool of connections (shared by every person's journal)."""

    def __init__(self, url: str | URL, *, pool_size: int = 5):
        self.engine: Engine = create_engine(
            driver_url(url),
            pool_size=pool_size,
            max_overflow=10,
            pool_pre_ping=True,  # a server restarted meanwhile: a fresh connection
            connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
        )
        self.name = self.engine.url.render_as_string(hide_password=True)
        # What was last read of each person's parts, at which revision (see remembered).
        self._kept: OrderedDict[tuple[str, str], tuple[int, Any]] = OrderedDict()
        self._kept_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Database({self.name!r})"

    def remembered(self, key: tuple[str, str], revision: int) -> Any | None:
        """What was read of one person's part at ``revision`` (None: not kept)."""
        with self._kept_lock:
            found = self._kept.get(key)
            if found is None or found[0] != revision:
                return None
            self._kept.move_to_end(key)
            return found[1]

    def remember(self, key: tuple[str, str], revision: int, value: Any) -> None:
        """Keep what was read of a part at ``revision`` (key: person and part, so a person's
        journal only ever finds its own); the least recently used go first."""
        with self._kept_lock:
            self._kept[key] = (revision, value)
            self._kept.move_to_end(key)
            while len(self._kept) > KEPT_PARTS:
                self._kept.popitem(last=False)

    def advance(self, person: str, old: int, new: int, written: dict[str, Any]) -> None:
        """A write took ``person``'s journal from revision ``old`` to ``new``: what it wrote is
        kept at ``new``, and what was kept at ``old`` of the parts it did not write is still
        right at ``new``."""
        with self._kept_lock:
            for (someone, part), (revision, value) in list(self._kept.items()):
                if someone == person and revision == old and part not in written:
                    self._kept[(someone, part)] = (new, value)
            for part, value in written.items():
                self._kept[(person, part)] = (new, value)
                self._kept.move_to_end((person, part))
            while len(self._kept) > KEPT_PARTS:
                self._kept.popitem(last=False)

    def forget(self, person: str) -> None:
        """Keep nothing of ``person``'s journal (their data was deleted)."""
        with self._kept_lock:
            for key in [k for k in self._kept if k[0] == person]:
                del self._kept[key]

    @contextmanager
    def transaction(self, person: str, *, snapshot: bool = False) -> Iterator[Connection]:
        """One transaction as ``person``: committed when the block ends, rolled back (nothing
        written) when it raises. ``snapshot``: every statement sees the same moment
        (REPEATABLE READ), for reads made of several queries. Waiting longer than the
        journal's lock timeout for another save of the same person raises JournalBusy; an
        unreachable database, DatabaseUnreachable (said in words; the address and the
        driver's reason go to the server's log); a row the database refuses, WriteFailed."""
        try:
            with self.engine.connect() as connection:
                if snapshot:
                    connection.execution_options(isolation_level="REPEATABLE READ")
                with connection.begin():
                    connection.execute(
                        text(
                            "SELECT set_config(:setting, :person, true), "
                            "set_config(:lock, :wait, true)"
                        ),
                        {
                            "setting": PERSON_SETTING,
                            "person": person,
                            "lock": "lock_timeout",
                            "wait": f"{LOCK_TIMEOUT_SECONDS}s",
                        },
                    )
                    yield connection
        except IntegrityError as error:
            raise WriteFailed(
                f"Nothing was saved: the database refused it ({_first_line(error)})"
            ) from error
        except DBAPIError as error:
            if isinstance(error.orig, psycopg.errors.LockNotAvailable):
                raise JournalBusy(
                    f"the journal is busy (another save has held it for {LOCK_TIMEOUT_SECONDS} "
                    "s); try again"
                ) from None
            if isinstance(error.orig, psycopg.errors.UndefinedTable):
                raise DatabaseUnavailable(
                    "The journal's database has no journal tables yet, so nothing was read or "
                    "saved. Whoever runs this service sets them up with "
                    "`python -m lumbarlog.journal.postgres.migrate <the owner's address>`."
                ) from None
            if isinstance(error, OperationalError) or error.connection_invalidated:
                # Where the database is and what the driver said are for whoever runs the
                # service (its log), not for the person, who can act only on the words.
                log.warning(
                    "The journal's database %s cannot be reached: %s", self.name, _first_line(error)
                )
                raise DatabaseUnreachable(
                    "The journal's database cannot be reached just now, so nothing was read or "
                    "saved. Try again in a moment."
                ) from None
            raise

    def dispose(self) -> None:
        self.engine.dispose()


def _first_line(error: DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0] if error.orig else str(error)


_OPEN: dict[str, Database] = {}
_OPEN_LOCK = threading.Lock()


def database_for(url: str) -> Database:
    """The one ``Database`` of this process for ``url`` (its pool serves every person)."""
    with _OPEN_LOCK:
        if url not in _OPEN:
            _OPEN[url] = Database(url)
        return _OPEN[url]
