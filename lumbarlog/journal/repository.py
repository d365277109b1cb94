"""The journal as pages and analysis see it: one interface, whatever holds the data.

``Journal`` is what a page may ask of a journal: its readings (every row that could be read,
with the problems of the rest), a version that changes on every write, and the writes the
pages make. ``CsvJournal`` keeps it in the CSV files of a folder (the app's journal);
``MemoryJournal`` (memory.py) keeps it in memory. A page gets its journal from
``journal_for(folder)``, the one place that picks the backend.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path
from typing import Protocol

import pandas as pd

from lumbarlog.domain.experiment_log import EXPERIMENTS_FILE, ExperimentLog
from lumbarlog.domain.measures import Measure
from lumbarlog.domain.plan import PLAN_FILE, Plan
from lumbarlog.domain.schema import Entry, Session
from lumbarlog.journal import (
    backups,
    csv_files,
    days,
    experiment_file,
    files,
    measures,
    meta,
    plan_file,
    sessions,
    transfer,
)
from lumbarlog.journal.backups import Backup
from lumbarlog.journal.days import DayEdit, EditResult, MergeResult
from lumbarlog.journal.errors import JournalError, StoreError
from lumbarlog.journal.experiment_file import Change
from lumbarlog.journal.files import ENTRIES_FILE, MEASURES_FILE, META_FILE, SESSIONS_FILE
from lumbarlog.journal.reader import Reading
from lumbarlog.journal.rows import entry_for
from lumbarlog.journal.transfer import ImportPreview


class Journal(Protocol):
    """A person's journal: days, routine sessions and the weekly plan.

    Reading never raises for what is stored: ``entries()`` and ``sessions()`` hold every row
    that could be read and the problems of the rest. Every write checks what it writes and
    refuses (raising a ``StoreError``, ``DayChanged`` or ``ValidationError``, changing
    nothing) rather than store something that would not read back, or overwrite a day that
    changed since the person saw it, or change a journal that cannot be fully read.
    """

    @property
    def folder(self) -> Path:
        """Where the journal lives (named in messages; keys questions kept between runs)."""
        ...

    def version(self) -> Hashable:
        """A cache key that changes on every write, by this process or another."""
        ...

    def check(self) -> None:
        """Raise DataFolderMissing when there is no journal here (nothing is created)."""
        ...

    def create(self) -> None:
        """Start an empty journal here, on the person's request (or for the demo)."""
        ...

    def entries(self) -> Reading:
        """The days that can be read, sorted by date, and the problems of the rest."""
        ...

    def sessions(self) -> Reading:
        """The routine sessions that can be read, sorted by start, and the problems of the rest."""
        ...

    def measures(self) -> Reading:
        """The answered questionnaires (PEG, STarT Back) that can be read, by date, and the
        problems of the rest; none when the journal has no measures.csv yet."""
        ...

    def problems(self) -> tuple[JournalError, ...]:
        """Each part of the journal that cannot be fully read (and so is not changed)."""
        ...

    def notices(self) -> tuple[str, ...]:
        """What a person should know about how the journal was read (an encoding, say)."""
        ...

    def entry(self, day: dt.date) -> Entry | None:
        """The day as it is now, for a write about to be made: raises JournalError unless the
        days can be fully read."""
        ...

    def plan(self) -> Plan:
        """The weekly plan (empty when there is none). Raises PlanError when it cannot be read."""
        ...

    def experiments(self) -> ExperimentLog:
        """The self-experiments, run and running (none yet: an empty log). Raises
        ExperimentFileError when they cannot be read."""
        ...

    def change_experiments(self, change: Change) -> ExperimentLog:
        """Apply ``change`` (domain/experiment_log.py's start, finish, stop...) to the
        experiments as stored now, under the journal's lock, and keep what it returns (the
        earlier version as a backup); returns that. When ``change`` raises, or the
        experiments cannot be read, nothing is written."""
        ...

    def save(self, entry: Entry, *, replace: bool = False) -> None:
        """Add one day, or replace it when ``replace``; otherwise raise EntryExists."""
        ...

    def save_day(
        self, entry: Entry, *, shown: Entry | None, sessions_seen: Iterable[str] = ()
    ) -> Entry:
        """Save a day from a form, only if it is still ``shown`` (else raise DayChanged);
        exercises of that day's routines the form had not seen are added. Returns what was
        saved."""
        ...

    def upsert(self, entries: Sequence[Entry], *, replace_existing: bool = True) -> MergeResult:
        """Merge days by date (an import): new days added, a logged day replaced when
        ``replace_existing``, else kept."""
        ...

    def delete(self, dates: Iterable[dt.date]) -> int:
        """Remove these days; returns how many were removed."""
        ...

    def apply_day_edits(self, edits: Sequence[DayEdit]) -> EditResult:
        """Apply each edit whose day is still what the person saw; return the others as
        conflicts."""
        ...

    def add_session(self, session: Session) -> bool:
        """Record a routine session; returns True when its day's entry gained exercises."""
        ...

    def set_pain_after(self, start: dt.datetime, routine_id: str, pain_after: int | None) -> None:
        """The pain rating after a recorded session. Raises ValidationError or KeyError."""
        ...

    def save_measure(self, measure: Measure) -> None:
        """Record an answered questionnaire; an answer to the same questionnaire on the same
        day is replaced (the earlier version kept as a backup). Refuses like every write."""
        ...

    def save_plan(self, plan: Plan, *, today: dt.date | None = None) -> Plan:
        """Check and save the plan; returns what was saved. Raises PlanError."""
        ...

    def replace_all(
        self, entries: pd.DataFrame, sessions: pd.DataFrame, measures: pd.DataFrame | None = None
    ) -> None:
        """Replace every day and session, and every answered questionnaire when ``measures``
        is given (the demo journal), keeping the old ones as backups."""
        ...

    def preview_import(
        self, data: bytes, *, known_exercises: Iterable[str], today: dt.date
    ) -> ImportPreview:
        """A CSV to import, checked row by row against the journal; nothing is written."""
        ...

    def backups(self, file_name: str = ENTRIES_FILE) -> list[Backup]:
        """Earlier versions of one part of the journal, newest first."""
        ...

    def restore(self, backup: Backup, file_name: str = ENTRIES_FILE) -> Path | None:
        """Put an earlier version back; the current one is set aside first (returned)."""
        ...

    def keep_readable_rows(self, file_name: str = ENTRIES_FILE) -> tuple[Path | None, int]:
        """Keep only the rows that can be read; the original is set aside first."""
        ...


class CsvJournal:
    """The journal as CSV files in a folder (see files.py for how they are kept safe)."""

    def __init__(self, folder: Path):
        self._folder = Path(folder)

    def __repr__(self) -> str:
        return f"CsvJournal({str(self._folder)!r})"

    @property
    def folder(self) -> Path:
        return self._folder

    def version(self) -> Hashable:
        # Every save makes a new file (a new inode), and any edit in place changes its change
        # time; journal.json decides whether the journal can be read at all.
        names = (
            ENTRIES_FILE,
            SESSIONS_FILE,
            MEASURES_FILE,
            META_FILE,
            PLAN_FILE,
            EXPERIMENTS_FILE,
        )
        return (str(self._folder), *(files.file_signature(self._folder / n) for n in names))

    def check(self) -> None:
        files.check_folder(self._folder)

    def create(self) -> None:
        files.create_folder(self._folder)

    def entries(self) -> Reading:
        return csv_files.read_entries(self._folder)

    def sessions(self) -> Reading:
        return csv_files.read_sessions(self._folder)

    def measures(self) -> Reading:
        return csv_files.read_measures(self._folder)

    def problems(self) -> tuple[JournalError, ...]:
        readings = (
            (ENTRIES_FILE, self.entries()),
            (SESSIONS_FILE, self.sessions()),
            (MEASURES_FILE, self.measures()),
        )
        found = [
            JournalError(self._folder / name, reading.problems, readable=reading.frame)
            for name, reading in readings
            if reading.problems
        ]
        version = meta.read_meta(self._folder)
        if version.newer:
            found.insert(0, JournalError(self._folder / META_FILE, version.problem or ""))
        return tuple(found)

    def notices(self) -> tuple[str, ...]:
        return tuple(csv_files.read_notices(self._folder))

    def entry(self, day: dt.date) -> Entry | None:
        return entry_for(csv_files.load_entries(self._folder), day)

    def plan(self) -> Plan:
        return plan_file.load_plan(self._folder)

    def experiments(self) -> ExperimentLog:
        return experiment_file.load_experiments(self._folder)

    def change_experiments(self, change: Change) -> ExperimentLog:
        return experiment_file.change_experiments(self._folder, change)

    def save(self, entry: Entry, *, replace: bool = False) -> None:
        days.save_entry(self._folder, entry, replace=replace)

    def save_day(
        self, entry: Entry, *, shown: Entry | None, sessions_seen: Iterable[str] = ()
    ) -> Entry:
        return days.save_day(self._folder, entry, shown=shown, sessions_seen=sessions_seen)

    def upsert(self, entries: Sequence[Entry], *, replace_existing: bool = True) -> MergeResult:
        return days.upsert_entries(self._folder, entries, replace_existing=replace_existing)

    def delete(self, dates: Iterable[dt.date]) -> int:
        return days.delete_entries(self._folder, dates)

    def apply_day_edits(self, edits: Sequence[DayEdit]) -> EditResult:
        return days.apply_day_edits(self._folder, edits)

    def add_session(self, session: Session) -> bool:
        return sessions.add_session(self._folder, session)

    def set_pain_after(self, start: dt.datetime, routine_id: str, pain_after: int | None) -> None:
        sessions.set_session_pain_after(self._folder, start, routine_id, pain_after)

    def save_measure(self, measure: Measure) -> None:
        measures.save_measure(self._folder, measure)

    def save_plan(self, plan: Plan, *, today: dt.date | None = None) -> Plan:
        return plan_file.save_plan(self._folder, plan, today=today)

    def replace_all(
        self, entries: pd.DataFrame, sessions: pd.DataFrame, measures: pd.DataFrame | None = None
    ) -> None:
        with files.journal_lock(self._folder):
            meta.ensure_meta(self._folder)  # the files are replaced: nothing to upgrade
            csv_files.write_entries(self._folder, entries)
            csv_files.write_sessions(self._folder, sessions)
            if measures is not None:
                csv_files.write_measures(self._folder, measures)

    def preview_import(
        self, data: bytes, *, known_exercises: Iterable[str], today: dt.date
    ) -> ImportPreview:
        current = self.entries().frame
        return transfer.parse_import(data, current, known_exercises=known_exercises, today=today)

    def backups(self, file_name: str = ENTRIES_FILE) -> list[Backup]:
        return backups.list_backups(self._folder, file_name)

    def restore(self, backup: Backup, file_name: str = ENTRIES_FILE) -> Path | None:
        return backups.restore_backup(self._folder, backup.path, file_name)

    def keep_readable_rows(self, file_name: str = ENTRIES_FILE) -> tuple[Path | None, int]:
        return backups.keep_readable_rows(self._folder, file_name)


def _is_a_journal(journal: CsvJournal) -> Journal:
    return journal  # mypy checks here that CsvJournal has every method of Journal


DATABASE_URL_ENV = "LUMBARLOG_DATABASE_URL"


def database_url() -> str | None:
    """The database the journals are kept in (LUMBARLOG_DATABASE_URL), or None: CSV files."""
    return os.environ.get(DATABASE_URL_ENV, "").strip() or None


def journal_for(folder: Path, *, person: str | None = None, database: str | None = None) -> Journal:
    """The one place that picks the backend: with a database (``database``, else
    LUMBARLOG_DATABASE_URL), ``person``'s journal there (a ``PgJournal``; ``folder`` is not
    used); without one, the journal kept in ``folder`` (a ``CsvJournal``)."""
    url = database or database_url()
    if url is None:
        return CsvJournal(folder)
    if not person:
        raise StoreError(
            "The journal is kept in a database for many people: log in to open your journal."
        )
    from lumbarlog.journal.postgres.database import database_for
    from lumbarlog.journal.postgres.journal import PgJournal

    return PgJournal(database_for(url), person)
