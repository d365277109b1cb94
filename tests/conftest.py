"""Shared fixtures: every test gets its own empty journal folder through LUMBARLOG_DATA_DIR."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from lumbarlog import clock
from lumbarlog.journal.memory import MemoryJournal
from lumbarlog.journal.postgres import migrate
from lumbarlog.journal.postgres.database import Database
from lumbarlog.journal.postgres.journal import PgJournal
from lumbarlog.journal.repository import CsvJournal, Journal
from tests.pinned_day import TODAY
from tests.support.postgres import APP, Cluster, PostgresMissing, postgres_cluster


@pytest.fixture
def journal_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty journal folder that the app and the journal (lumbarlog/journal/) will use."""
    folder = tmp_path / "journal"
    folder.mkdir()
    monkeypatch.setenv("LUMBARLOG_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Every test runs on the same day (tests/pinned_day.py), in the app's clock as well."""
    monkeypatch.setenv(clock.TODAY_ENV, TODAY.isoformat())
    return TODAY


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """The tests' own PostgreSQL cluster (tests/support/postgres.py), started on first use and
    stopped after the last test. Without PostgreSQL installed, the tests that need it fail
    with how to install it: they are never skipped."""
    try:
        with postgres_cluster() as cluster:
            yield cluster
    except PostgresMissing as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.fixture(scope="session")
def journal_database(postgres: Cluster) -> Iterator[Database]:
    """One database at the newest schema, connected to as the app's role; each test keeps
    apart by using people of its own (row-level security does the rest)."""
    migrate.upgrade(postgres.create_database("journals"))
    database = Database(postgres.url(APP, "journals"))
    yield database
    database.dispose()


# Property tests judge behaviour, never speed: a loaded machine must not fail them.
settings.register_profile("lumbarlog", deadline=None, print_blob=True)
settings.load_profile("lumbarlog")


MakeJournal = Callable[[], Journal]


@pytest.fixture(params=["csv", "memory", "postgres"])
def make_journal(request: pytest.FixtureRequest, tmp_path_factory) -> MakeJournal:
    """A factory of new, empty journals of one backend (in the database: a new person's), for
    the tests that hold every backend to the same contract."""
    numbers = itertools.count()

    def make() -> Journal:
        if request.param == "memory":
            return MemoryJournal()
        if request.param == "postgres":
            database = request.getfixturevalue("journal_database")
            journal = PgJournal(database, f"person-{uuid.uuid4()}")
            journal.create()
            return journal
        folder = tmp_path_factory.mktemp("journal") / f"journal-{next(numbers)}"
        journal = CsvJournal(folder)
        journal.create()
        return journal

    return make
