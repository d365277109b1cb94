"""The journal in PostgreSQL beyond the shared contract (tests/test_journal_contract.py): each
person's rows kept apart by the database itself, a person's data deleted whole, saves from two
app servers at once, row versions and when each row was written, the migrations, the backend
chosen by configuration, and a database that goes away mid-save."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import psycopg
import psycopg.errors
import pytest

from lumbarlog.domain import experiment_log
from lumbarlog.domain.measures import Measure
from lumbarlog.domain.plan import make_plan
from lumbarlog.domain.schema import Entry, Session
from lumbarlog.journal import demo, repository
from lumbarlog.journal.days import DayChanged, DayEdit
from lumbarlog.journal.errors import (
    DatabaseUnavailable,
    DataFolderMissing,
    StoreError,
    WriteFailed,
)
from lumbarlog.journal.postgres import migrate
from lumbarlog.journal.postgres.database import Database
from lumbarlog.journal.postgres.journal import PgJournal
from lumbarlog.journal.repository import CsvJournal
from lumbarlog.ui import session
from tests.pinned_day import TODAY
from tests.support.fresh import printed_by_fresh_process
from tests.support.postgres import (
    APP,
    OWNER,
    PG_BIN_ENV,
    Cluster,
    PostgresMissing,
    server_programs,
)
from tests.test_experiment_store import an_experiment
from tests.test_pages import fill_form, open_page

TABLES = ("journals", "entries", "sessions", "measures", "plans", "experiments", "backups")


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def a_person() -> str:
    return f"person-{uuid.uuid4()}"


def new_journal(database: Database, person: str | None = None) -> PgJournal:
    journal = PgJournal(database, person or a_person())
    journal.create()
    return journal


def fill(journal: PgJournal, *, experiment: bool = True) -> None:
    """Rows in every table: days, a session, an answer, a plan, an experiment, earlier
    versions."""
    journal.save(Entry(days_ago(1), 4, 7.0, ("bird_dog",), "long drive"))
    journal.save(Entry(days_ago(1), 5, 7.0), replace=True)  # an earlier version kept
    start = dt.datetime.combine(days_ago(1), dt.time(8))
    journal.add_session(Session(start, start + dt.timedelta(minutes=5), "desk_break"))
    journal.save_measure(Measure(days_ago(1), "peg", (5, 4, 6)))
    journal.save_plan(make_plan({"desk_break": [0, 2]}), today=TODAY)
    if experiment:  # revision 0002 on
        journal.change_experiments(
            lambda log: experiment_log.start(log, an_experiment(TODAY), TODAY)
        )


def rows_of(cluster: Cluster, person: str) -> dict[str, int]:
    """How many rows of ``person`` each table holds, as the superuser sees them (row-level
    security does not apply to a superuser)."""
    with cluster.connect("journals") as connection:
        return {
            table: connection.execute(
                f"SELECT count(*) FROM {table} WHERE person = %s", (person,)
            ).fetchone()[0]
            for table in TABLES
        }


@pytest.fixture
def as_app(postgres: Cluster, journal_database: Database) -> Iterator[psycopg.Connection]:
    """A connection of the app's role, as a crafted query would use it."""
    with postgres.connect("journals", user=APP) as connection:
        connection.autocommit = False
        yield connection


# ---- Isolation in the database --------------------------------------------------------------


def test_a_crafted_query_as_one_person_reads_nothing_of_another(
    journal_database: Database, as_app: psycopg.Connection, postgres: Cluster
) -> None:
    a, b = new_journal(journal_database), new_journal(journal_database)
    fill(a)
    fill(b)
    assert all(rows_of(postgres, b.person).values())  # B has rows in every table
    with as_app.transaction():
        as_app.execute("SELECT set_config('lumbarlog.person', %s, true)", (a.person,))
        for table in TABLES:
            found = as_app.execute(f"SELECT * FROM {table} WHERE person = %s", (b.person,))
            assert found.fetchall() == [], table
            everyone = as_app.execute(f"SELECT DISTINCT person FROM {table}").fetchall()
            assert everyone == [(a.person,)], table
            changed = as_app.execute(f"UPDATE {table} SET version = 99 WHERE person = %s",
                                     (b.person,))  # fmt: skip
            assert changed.rowcount == 0, table
            removed = as_app.execute(f"DELETE FROM {table} WHERE person = %s", (b.person,))
            assert removed.rowcount == 0, table
    with as_app.transaction():  # no person set: nobody's rows
        for table in TABLES:
            assert as_app.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
    assert rows_of(postgres, b.person) == {
        "journals": 1, "entries": 1, "sessions": 1, "measures": 1, "plans": 1, "experiments": 1,
        "backups": 1,
    }  # fmt: skip


def test_an_insert_as_one_person_with_another_persons_id_is_refused(
    journal_database: Database, as_app: psycopg.Connection, postgres: Cluster
) -> None:
    a, b = new_journal(journal_database), new_journal(journal_database)
    refused = pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security")
    with refused, as_app.transaction():
        as_app.execute("SELECT set_config('lumbarlog.person', %s, true)", (a.person,))
        as_app.execute(
            "INSERT INTO entries (person, day, pain, exercises, notes, extra, version) "
            "VALUES (%s, %s, 3, '{}', 'not mine', '{}', 1)",
            (b.person, TODAY),
        )
    refused = pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security")
    with refused, as_app.transaction():  # nor can a row of one's own be handed to someone else
        as_app.execute("SELECT set_config('lumbarlog.person', %s, true)", (a.person,))
        as_app.execute("UPDATE journals SET person = %s", (b.person,))
    assert b.entries().frame.empty and rows_of(postgres, b.person)["entries"] == 0
    assert rows_of(postgres, a.person)["journals"] == 1


def test_the_apps_role_owns_nothing_bypasses_nothing_and_cannot_turn_security_off(
    journal_database: Database, as_app: psycopg.Connection, postgres: Cluster
) -> None:
    with postgres.connect("journals") as connection:
        role = connection.execute(
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", (APP,)
        ).fetchone()
        tables = connection.execute(
            "SELECT c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity, "
            "c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'alembic_version'"
        ).fetchall()
    assert role == (False, False)
    assert sorted(tables) == sorted((t, OWNER, True, True) for t in TABLES)
    with pytest.raises(psycopg.errors.InsufficientPrivilege), as_app.transaction():
        as_app.execute("ALTER TABLE entries DISABLE ROW LEVEL SECURITY")
    with pytest.raises(psycopg.errors.InsufficientPrivilege), as_app.transaction():
        as_app.execute("DROP POLICY person_only ON entries")


def test_the_journal_uses_the_apps_role_and_sets_the_person_in_each_transaction(
    journal_database: Database,
) -> None:
    journal = new_journal(journal_database)
    with journal_database.transaction(journal.person) as connection:
        user = connection.exec_driver_sql("SELECT current_user").scalar()
        person = connection.exec_driver_sql(
            "SELECT current_setting('lumbarlog.person', true)"
        ).scalar()
    assert (user, person) == (APP, journal.person)
    with journal_database.engine.connect() as connection:  # the setting ended with it
        assert (
            connection.exec_driver_sql(
                "SELECT coalesce(current_setting('lumbarlog.person', true), '')"
            ).scalar()
            == ""
        )


# ---- The person's rights --------------------------------------------------------------------


def test_delete_my_data_leaves_no_row_of_the_person_and_touches_no_one_else(
    journal_database: Database, postgres: Cluster
) -> None:
    leaving, staying = new_journal(journal_database), new_journal(journal_database)
    fill(leaving)
    fill(staying)
    others = rows_of(postgres, staying.person)
    assert leaving.delete_all_data() == sum(rows_of(postgres, staying.person).values())
    assert rows_of(postgres, leaving.person) == dict.fromkeys(TABLES, 0)
    assert rows_of(postgres, staying.person) == others
    assert staying.entry(days_ago(1)) == Entry(days_ago(1), 5, 7.0, (), "")
    with pytest.raises(DataFolderMissing):
        leaving.check()
    with pytest.raises(DataFolderMissing):  # nothing is written for them until they start again
        leaving.save(Entry(TODAY, 3))
    leaving.create()
    assert leaving.entries().frame.empty and leaving.plan().routines == {}


def test_every_row_says_when_it_was_written_and_counts_its_changes(
    journal_database: Database, postgres: Cluster
) -> None:
    journal = new_journal(journal_database)
    journal.save(Entry(days_ago(2), 4))
    journal.save(Entry(days_ago(1), 4))
    journal.save(Entry(days_ago(1), 6), replace=True)
    with postgres.connect("journals") as connection:
        rows = connection.execute(
            "SELECT day, version, written_at FROM entries WHERE person = %s ORDER BY day",
            (journal.person,),
        ).fetchall()
        columns = connection.execute(
            "SELECT table_name FROM information_schema.columns WHERE column_name = 'written_at' "
            "AND is_nullable = 'NO' AND table_schema = 'public'"
        ).fetchall()
    assert [(day, version) for day, version, _ in rows] == [(days_ago(2), 1), (days_ago(1), 2)]
    assert rows[0][2] <= rows[1][2] and rows[1][2].tzinfo is not None
    assert sorted(c for (c,) in columns) == sorted(TABLES)


# ---- Several app servers on one database ----------------------------------------------------


@pytest.fixture
def two_servers(postgres: Cluster, journal_database: Database) -> Iterator[tuple[Database, ...]]:
    """Two app servers' connection pools on the same database."""
    servers = tuple(Database(postgres.url(APP, "journals")) for _ in range(2))
    yield servers
    for server in servers:
        server.dispose()


def test_saves_of_different_days_at_once_from_two_servers_lose_nothing(
    two_servers: tuple[Database, ...],
) -> None:
    person = new_journal(two_servers[0]).person
    start = threading.Barrier(8)
    failures: list[BaseException] = []

    def log_days(server: Database, first: int) -> None:
        journal = PgJournal(server, person)
        start.wait()
        try:
            for n in range(first, 40, 8):
                journal.save_day(Entry(days_ago(n), n % 11, 1.5), shown=None)
                start_at = dt.datetime.combine(days_ago(n), dt.time(9))
                journal.add_session(
                    Session(start_at, start_at + dt.timedelta(minutes=3), "desk_break",
                            ("glute_bridge",))
                )  # fmt: skip
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=log_days, args=(two_servers[i % 2], i)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    journal = PgJournal(two_servers[1], person)
    frame = journal.entries().frame
    assert sorted(d.date() for d in frame["date"]) == sorted(days_ago(n) for n in range(40))
    assert all(e == ("glute_bridge",) for e in frame["exercises"])
    assert len(journal.sessions().frame) == 40


def test_the_same_day_saved_at_once_from_two_servers_is_saved_once_and_refused_after(
    two_servers: tuple[Database, ...],
) -> None:
    person = new_journal(two_servers[0]).person
    start = threading.Barrier(6)
    saved: list[int] = []
    refused: list[BaseException] = []

    def log(server: Database, pain: int) -> None:
        journal = PgJournal(server, person)
        start.wait()
        try:
            journal.save_day(Entry(TODAY, pain), shown=None)  # each form saw the day empty
            saved.append(pain)
        except BaseException as error:
            refused.append(error)

    threads = [threading.Thread(target=log, args=(two_servers[i % 2], i)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(saved) == 1 and len(refused) == 5
    assert all(isinstance(error, DayChanged) for error in refused), refused
    assert PgJournal(two_servers[1], person).entry(TODAY) == Entry(TODAY, saved[0])


def test_saves_from_two_processes_at_once_lose_nothing(
    postgres: Cluster, journal_database: Database
) -> None:
    person = new_journal(journal_database).person
    code = (
        "import datetime as dt, sys\n"
        "from lumbarlog.domain.schema import Entry\n"
        "from lumbarlog.journal.postgres.database import Database\n"
        "from lumbarlog.journal.postgres.journal import PgJournal\n"
        "journal = PgJournal(Database(sys.argv[1]), sys.argv[2])\n"
        "first, today = int(sys.argv[3]), dt.date.fromisoformat(sys.argv[4])\n"
        "for n in range(first, 60, 2):\n"
        "    journal.save(Entry(today - dt.timedelta(days=n), 3))\n"
        "print('saved')\n"
    )
    url = postgres.url(APP, "journals")
    results: list[str] = []
    workers = [
        threading.Thread(
            target=lambda first=first: results.append(
                printed_by_fresh_process(code, url, person, str(first), TODAY.isoformat())
            )
        )
        for first in (0, 1)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert results == ["saved\n", "saved\n"]
    frame = PgJournal(journal_database, person).entries().frame
    assert sorted(d.date() for d in frame["date"]) == sorted(days_ago(n) for n in range(60))


def test_what_one_server_read_is_never_shown_after_another_server_wrote(
    two_servers: tuple[Database, ...],
) -> None:
    first = new_journal(two_servers[0])
    second = PgJournal(two_servers[1], first.person)
    first.save(Entry(days_ago(1), 5))
    assert len(first.entries().frame) == 1  # read, and kept by the first server
    before = first.version()
    second.save(Entry(days_ago(0), 6))
    second.save_measure(Measure(days_ago(0), "peg", (5, 5, 5)))
    assert first.version() != before
    assert first.entries().frame["pain"].tolist() == [5, 6]
    assert len(first.measures().frame) == 1
    first.delete_all_data()
    first.create()
    second.save(Entry(days_ago(3), 2))
    assert first.entries().frame["pain"].tolist() == [2]  # a new journal, nothing of the old


def test_what_a_server_keeps_after_its_writes_is_what_another_server_reads(
    two_servers: tuple[Database, ...],
) -> None:
    writer = new_journal(two_servers[0])
    demo.write_demo(writer, days=40, end=TODAY)
    writer.save(Entry(days_ago(60), 3, None, ("bird_dog",), "new", extra={"mood": "fine"}))
    writer.save(Entry(days_ago(50), 3, 2.25), replace=True)
    assert writer.delete([writer.entries().frame["date"].iloc[-1].date()]) == 1
    first = writer.sessions().frame.iloc[0]
    writer.set_pain_after(first["start"], first["routine_id"], 2)
    writer.save_measure(Measure(TODAY, "startback", (1, 0, 1, 1, 0, 1, 0, 0, 3)))
    reader = PgJournal(two_servers[1], writer.person)
    for part in ("entries", "sessions", "measures"):
        kept, read = getattr(writer, part)().frame, getattr(reader, part)().frame
        pd.testing.assert_frame_equal(kept, read)
    read = reader.entries().frame
    assert reader.entry(days_ago(60)).extra == {"mood": "fine"}
    assert reader.entries().frame["mood"].tolist()[1:] == [""] * (len(read) - 1)


def test_a_row_changed_outside_the_app_is_never_written_over(
    journal_database: Database, postgres: Cluster
) -> None:
    journal = new_journal(journal_database)
    journal.save(Entry(days_ago(1), 5, notes="as seen"))
    start = dt.datetime.combine(days_ago(1), dt.time(8))
    journal.add_session(Session(start, start + dt.timedelta(minutes=5), "desk_break"))
    shown = journal.entry(days_ago(1))
    assert len(journal.entries().frame) == 1  # read and kept at this revision
    with postgres.connect("journals") as connection:  # by hand: the revision does not move
        connection.execute(
            "UPDATE entries SET pain = 9, notes = 'by hand', version = version + 1 "
            "WHERE person = %s",
            (journal.person,),
        )
        connection.execute(
            "UPDATE sessions SET pain_after = 1, version = version + 1 WHERE person = %s",
            (journal.person,),
        )
    with pytest.raises(DayChanged) as refused:
        journal.save_day(Entry(days_ago(1), 2, notes="mine"), shown=shown)
    assert refused.value.conflict.now == Entry(days_ago(1), 9, notes="by hand")
    assert journal.entry(days_ago(1)) == Entry(days_ago(1), 9, notes="by hand")
    assert journal.entries().frame["notes"].tolist() == ["by hand"]  # read again
    journal.save_day(Entry(days_ago(1), 2, notes="mine"), shown=journal.entry(days_ago(1)))
    assert journal.entry(days_ago(1)).notes == "mine"
    assert journal.sessions().frame["pain_after"].tolist() == [1.0]  # kept at this revision
    with postgres.connect("journals") as connection:
        connection.execute(
            "UPDATE sessions SET pain_after = 7, version = version + 1 WHERE person = %s",
            (journal.person,),
        )
    with pytest.raises(WriteFailed, match="changed outside the app"):
        journal.set_pain_after(start, "desk_break", 3)
    assert journal.sessions().frame["pain_after"].tolist() == [7.0]


def test_an_edit_made_on_a_stale_view_on_another_server_is_refused(
    two_servers: tuple[Database, ...],
) -> None:
    first = new_journal(two_servers[0])
    second = PgJournal(two_servers[1], first.person)
    first.save(Entry(days_ago(1), 5, notes="as seen"))
    first.save(Entry(days_ago(2), 5))
    shown = first.entry(days_ago(1))
    second.save_day(Entry(days_ago(1), 8, notes="newer"), shown=shown)
    with pytest.raises(DayChanged) as refused:
        first.save_day(Entry(days_ago(1), 1, notes="stale"), shown=shown)
    assert refused.value.conflict.now == Entry(days_ago(1), 8, notes="newer")
    result = first.apply_day_edits(
        [
            DayEdit(days_ago(1), shown, None),  # stale: refused
            DayEdit(days_ago(2), first.entry(days_ago(2)), Entry(days_ago(2), 2)),
        ]
    )
    assert [c.date for c in result.conflicts] == [days_ago(1)]
    assert second.entry(days_ago(1)) == Entry(days_ago(1), 8, notes="newer")
    assert second.entry(days_ago(2)).pain == 2


# ---- Migrations -----------------------------------------------------------------------------


def test_the_migrations_build_the_schema_from_an_empty_database(postgres: Cluster) -> None:
    name = f"empty_{uuid.uuid4().hex[:8]}"
    owner = postgres.create_database(name)
    assert migrate.current(owner) is None
    migrate.upgrade(owner)
    assert migrate.current(owner) == migrate.head()
    database = Database(postgres.url(APP, name))
    try:
        journal = new_journal(database)
        fill(journal)
        assert journal.entry(days_ago(1)).pain == 5
    finally:
        database.dispose()


def test_a_journal_written_at_the_first_revision_reads_the_same_at_the_newest(
    postgres: Cluster,
) -> None:
    name = f"first_{uuid.uuid4().hex[:8]}"
    owner = postgres.create_database(name)
    migrate.upgrade(owner, "0001")
    assert migrate.current(owner) == "0001"
    database = Database(postgres.url(APP, name))
    try:
        journal = new_journal(database)
        fill(journal, experiment=False)
        before = (journal.entries().frame, journal.sessions().frame, journal.plan())
        migrate.upgrade(owner)
        assert migrate.current(owner) == migrate.head()
        after = (journal.entries().frame, journal.sessions().frame, journal.plan())
        assert before[0].equals(after[0]) and before[1].equals(after[1])
        assert before[2] == after[2]
        # The experiments' table, new at 0002, starts empty and takes the person's first.
        assert journal.experiments().experiments == ()
        journal.change_experiments(
            lambda log: experiment_log.start(log, an_experiment(TODAY), TODAY)
        )
        assert journal.experiments().running() is not None
    finally:
        database.dispose()


def test_the_migration_refuses_an_app_role_that_does_not_exist(postgres: Cluster) -> None:
    owner = postgres.create_database(f"norole_{uuid.uuid4().hex[:8]}")
    with pytest.raises(ValueError, match="does not exist"):
        migrate.upgrade(owner, app_role="nobody_here")
    assert migrate.current(owner) is None  # nothing half-made


# ---- The backend chosen by configuration ----------------------------------------------------


def test_without_a_database_the_journal_is_the_csv_folder(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(repository.DATABASE_URL_ENV, raising=False)
    journal = repository.journal_for(journal_dir)
    assert isinstance(journal, CsvJournal) and journal.folder == journal_dir
    assert isinstance(repository.journal_for(journal_dir, person="someone"), CsvJournal)


def test_with_a_database_each_person_gets_their_journal_there(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch, postgres: Cluster,
    journal_database: Database,
) -> None:  # fmt: skip
    monkeypatch.setenv(repository.DATABASE_URL_ENV, postgres.url(APP, "journals"))
    with pytest.raises(StoreError, match="log in"):
        repository.journal_for(journal_dir)
    a = repository.journal_for(journal_dir, person="sub|a/1")
    b = repository.journal_for(journal_dir, person="sub|b/2")
    assert isinstance(a, PgJournal) and isinstance(b, PgJournal)
    assert a.folder != b.folder and a.folder.name == "sub%7Ca%2F1"
    a.create()
    b.create()
    a.save(Entry(TODAY, 7))
    assert b.entries().frame.empty and a.entry(TODAY).pain == 7
    assert not any(journal_dir.iterdir())  # nothing went to the folder


# ---- A database that goes away --------------------------------------------------------------


def test_a_database_that_cannot_be_reached_is_said_in_words(postgres: Cluster) -> None:
    nowhere = Database(f"postgresql://{APP}@/journals?host={postgres.folder}&port=1")
    journal = PgJournal(nowhere, a_person())
    with pytest.raises(DatabaseUnavailable, match="cannot be reached just now"):
        journal.entries()
    with pytest.raises(DatabaseUnavailable, match="nothing was read or saved"):
        journal.save(Entry(TODAY, 3))
    nowhere.dispose()


def test_a_database_without_the_tables_says_how_to_set_it_up(postgres: Cluster) -> None:
    name = f"bare_{uuid.uuid4().hex[:8]}"
    postgres.create_database(name)
    bare = Database(postgres.url(APP, name))
    try:
        with pytest.raises(DatabaseUnavailable, match=r"no journal tables yet.*migrate"):
            PgJournal(bare, a_person()).check()
    finally:
        bare.dispose()


def test_a_save_cut_off_midway_writes_nothing_and_the_next_one_works(
    journal_database: Database, postgres: Cluster, as_app: psycopg.Connection
) -> None:
    journal = new_journal(journal_database)
    journal.save(Entry(days_ago(1), 4))
    failures: list[BaseException] = []
    with as_app.transaction():  # another save holds the person's journal
        as_app.execute("SELECT set_config('lumbarlog.person', %s, true)", (journal.person,))
        as_app.execute("SELECT 1 FROM journals FOR UPDATE")

        def save() -> None:
            try:
                journal.upsert([Entry(days_ago(1), 9), Entry(TODAY, 2)])
            except BaseException as error:
                failures.append(error)

        saving = threading.Thread(target=save)
        saving.start()
        with postgres.connect("journals") as watcher:
            while not watcher.execute(  # the save is waiting for the journal: cut it off
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                "'journals' AND usename = %s AND wait_event_type = 'Lock'",
                (APP,),
            ).fetchall():
                assert saving.is_alive(), failures
        saving.join()
    assert len(failures) == 1 and isinstance(failures[0], DatabaseUnavailable)
    assert journal.entry(days_ago(1)).pain == 4 and journal.entry(TODAY) is None
    journal.upsert([Entry(days_ago(1), 9), Entry(TODAY, 2)])  # the database is back
    assert journal.entry(days_ago(1)).pain == 9 and journal.entry(TODAY).pain == 2


# ---- The tests' own cluster -----------------------------------------------------------------


def test_without_postgresql_the_tests_say_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PG_BIN_ENV, raising=False)
    with pytest.raises(PostgresMissing, match=r"apt-get install postgresql"):
        server_programs(debian=tmp_path, search_path=str(tmp_path))
    (tmp_path / "15" / "bin").mkdir(parents=True)
    for name in ("initdb", "pg_ctl"):
        (tmp_path / "15" / "bin" / name).touch()
    assert server_programs(debian=tmp_path, search_path=str(tmp_path)) == tmp_path / "15" / "bin"


# ---- A page on the database -----------------------------------------------------------------


def test_the_log_page_saves_a_day_into_the_database(
    journal_dir: Path, journal_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = new_journal(journal_database)
    # The two seams a page finds its journal by: the journal itself, and the name that keys
    # the form's view of a day (for the database, the journal's own ``folder``).
    monkeypatch.setattr(repository, "journal_for", lambda folder: held)
    monkeypatch.setattr(session, "journal_folder", lambda: held.folder)
    app = open_page("app_pages/log.py")
    fill_form(app, pain=6, sitting=8.0, exercises=["glute_bridge"], notes="long drive")  # + Save
    assert not app.exception
    assert any("Saved" in m.value for m in app.success)
    assert held.entry(TODAY) == Entry(TODAY, 6, 8.0, ("glute_bridge",), "long drive")
    assert not any(journal_dir.iterdir())  # nothing went to the files
