"""``PgJournal``: one person's journal in PostgreSQL, behind the ``Journal`` interface.

Each write is one transaction that first locks the person's row of ``journals`` (so saves of
one person follow each other, on any number of app servers, as the CSV journal's lock makes
them) and then makes the CSV journal's own frame changes (days.py, sessions.py), checked as
the CSV journal checks what it writes and stored as the rows that differ (store.py). A day
changed since the person saw it is refused with DayChanged, as in the CSV journal; each row's
``version`` guards the update itself. Every transaction sets the person first, and row-level
security keeps every other person's rows out of sight.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import pandas as pd
from sqlalchemy import Column, Select, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as upsert_row

from lumbarlog import clock
from lumbarlog.domain import catalog
from lumbarlog.domain import measures as measure_rules
from lumbarlog.domain.experiment_json import log_from_json
from lumbarlog.domain.experiment_log import EXPERIMENTS_FILE, ExperimentLog
from lumbarlog.domain.measures import Measure
from lumbarlog.domain.plan import (
    PLAN_FILE,
    Plan,
    known_routine_ids,
    plan_from_json,
    plan_to_json,
    prepare_plan,
)
from lumbarlog.domain.schema import Entry, Session
from lumbarlog.journal import days, reader, sessions, transfer
from lumbarlog.journal.backups import Backup
from lumbarlog.journal.days import DayChanged, DayEdit, EditResult, MergeResult
from lumbarlog.journal.errors import JournalError, WriteFailed
from lumbarlog.journal.experiment_file import Change, checked_text
from lumbarlog.journal.files import ENTRIES_FILE, MEASURES_FILE, SESSIONS_FILE
from lumbarlog.journal.postgres import frames, store
from lumbarlog.journal.postgres.database import Database
from lumbarlog.journal.postgres.tables import (
    PERSON_TABLES,
    backups,
    entries,
    experiments,
    journals,
    plans,
)
from lumbarlog.journal.reader import Reading
from lumbarlog.journal.repository import Journal
from lumbarlog.journal.rows import Appended, entry_for
from lumbarlog.journal.transfer import ImportPreview

_Result = TypeVar("_Result")
_Value = TypeVar("_Value")


class PgJournal:
    """The journal of ``person`` (the login's subject id) in ``database``."""

    def __init__(self, database: Database, person: str):
        if not person:
            raise ValueError("a journal in the database belongs to a person: give their id")
        self._db = database
        self._person = person
        self._folder = Path("database") / quote(person, safe="")

    def __repr__(self) -> str:
        return f"PgJournal({self._db.name!r}, person={self._person!r})"

    @property
    def folder(self) -> Path:
        """Not a folder on disk: names this person's journal in messages and keys."""
        return self._folder

    @property
    def person(self) -> str:
        return self._person

    def version(self) -> Hashable:
        with self._db.transaction(self._person) as connection:
            revision = connection.execute(self._mine(journals.c.revision)).scalar()
        return ("postgres", self._db.name, self._person, revision)

    def check(self) -> None:
        with self._db.transaction(self._person) as connection:
            if connection.execute(self._mine(journals.c.person)).first() is None:
                raise store.no_journal(self._folder)

    def create(self) -> None:
        with self._db.transaction(self._person) as connection:
            connection.execute(
                upsert_row(journals)
                .values(person=self._person, extra_columns=[], stored=[], version=1)
                .on_conflict_do_nothing()
            )

    def _mine(self, column: Column[_Value]) -> Select[_Value]:
        """``column`` of this person's row (row-level security would hide the others anyway:
        the query says so too)."""
        table = column.table
        return select(column).where(table.c.person == self._person)

    # ---- Reading: every row in the database is readable (it was checked when written) -----

    def _read(self, name: str) -> Reading:
        with self._db.transaction(self._person, snapshot=True) as connection:
            head = connection.execute(
                select(journals.c.revision, journals.c.extra_columns).where(
                    journals.c.person == self._person
                )
            ).first()
            part = store.read_kept(connection, self._db, self._person, name, head)
        return Reading(part.frame, canonical=True)

    def entries(self) -> Reading:
        return self._read(ENTRIES_FILE)

    def sessions(self) -> Reading:
        return self._read(SESSIONS_FILE)

    def measures(self) -> Reading:
        return self._read(MEASURES_FILE)

    def problems(self) -> tuple[JournalError, ...]:
        return ()

    def notices(self) -> tuple[str, ...]:
        return ()

    def entry(self, day: dt.date) -> Entry | None:
        with self._db.transaction(self._person, snapshot=True) as connection:
            extras = connection.execute(self._mine(journals.c.extra_columns)).scalar()
            query = select(entries).where(entries.c.person == self._person, entries.c.day == day)
            rows = list(connection.execute(query))
        return entry_for(frames.entries_frame(rows, list(extras or ())), day)

    def plan(self) -> Plan:
        with self._db.transaction(self._person) as connection:
            text = connection.execute(self._mine(plans.c.plan)).scalar()
        return Plan() if text is None else plan_from_json(text, known_routine_ids(None))

    def experiments(self) -> ExperimentLog:
        with self._db.transaction(self._person) as connection:
            text = connection.execute(self._mine(experiments.c.experiments)).scalar()
        return ExperimentLog() if text is None else log_from_json(text)

    # ---- Writes: each one transaction, under the person's journal lock ---------------------

    @contextmanager
    def _writing(self) -> Iterator[store.Write]:
        with self._db.transaction(self._person) as connection:
            write = store.Write.begin(connection, self._db, self._person, self._folder)
            yield write
            write.finish()

    def _change_entries_with(
        self, change: Callable[[pd.DataFrame], tuple[days.Changed, _Result]]
    ) -> _Result:
        with self._writing() as write:
            frame = write.frame(ENTRIES_FILE)
            changed, result = change(frame)
            if changed is not frame:
                new = changed.frame if isinstance(changed, Appended) else changed
                write.store({ENTRIES_FILE: new})
        return result

    def save(self, entry: Entry, *, replace: bool = False) -> None:
        self._change_entries_with(lambda f: (days.add_day(f, entry, replace=replace), None))

    def save_day(
        self, entry: Entry, *, shown: Entry | None, sessions_seen: Iterable[str] = ()
    ) -> Entry:
        seen = tuple(sessions_seen)
        with self._writing() as write:
            final = days.with_routines_since(entry, write.frame(SESSIONS_FILE), seen)
            frame = write.frame(ENTRIES_FILE)
            changed, result = days.edit_days(frame, [DayEdit(entry.date, shown, final)])
            if changed is not frame:
                new = changed.frame if isinstance(changed, Appended) else changed
                write.store({ENTRIES_FILE: new})
        if result.conflicts:
            raise DayChanged(result.conflicts[0])
        return final

    def upsert(self, entries: Sequence[Entry], *, replace_existing: bool = True) -> MergeResult:
        return self._change_entries_with(
            lambda frame: days.merge_days(frame, entries, replace_existing=replace_existing)
        )

    def delete(self, dates: Iterable[dt.date]) -> int:
        targets = list(dates)
        return self._change_entries_with(lambda frame: days.delete_days(frame, targets))

    def apply_day_edits(self, edits: Sequence[DayEdit]) -> EditResult:
        return self._change_entries_with(lambda frame: days.edit_days(frame, edits))

    def add_session(self, session: Session) -> bool:
        with self._writing() as write:
            frame, updated = sessions.with_session(
                write.frame(ENTRIES_FILE), write.frame(SESSIONS_FILE), session
            )
            write.store(
                {SESSIONS_FILE: frame, **({} if updated is None else {ENTRIES_FILE: updated})}
            )
        return updated is not None

    def set_pain_after(self, start: dt.datetime, routine_id: str, pain_after: int | None) -> None:
        with self._writing() as write:
            current = write.frame(SESSIONS_FILE)
            write.store(
                {SESSIONS_FILE: sessions.with_pain_after(current, start, routine_id, pain_after)}
            )

    def save_measure(self, measure: Measure) -> None:
        with self._writing() as write:
            current = write.frame(MEASURES_FILE)
            write.store({MEASURES_FILE: measure_rules.with_measure(current, measure)})

    def save_plan(self, plan: Plan, *, today: dt.date | None = None) -> Plan:
        checked = prepare_plan(plan, today=today or clock.today())
        text = plan_to_json(checked)
        if plan_from_json(text, known=None) != checked:  # what a restart would read
            raise WriteFailed(f"Nothing was saved: {PLAN_FILE} would not read back the same")
        with self._writing() as write:
            connection = write.connection
            old = connection.execute(self._mine(plans.c.plan).with_for_update()).scalar()
            if old is None:
                connection.execute(insert(plans).values(person=self._person, plan=text, version=1))
            else:
                plan_from_json(old, known=None)  # a plan that cannot be read is not replaced
                write.keep(PLAN_FILE, old.encode("utf-8"), replaced=False)
                connection.execute(
                    update(plans)
                    .where(plans.c.person == self._person)
                    .values(plan=text, version=plans.c.version + 1, written_at=func.now())
                )
            write.changed = True
        return checked

    def change_experiments(self, change: Change) -> ExperimentLog:
        with self._writing() as write:
            connection = write.connection
            old = connection.execute(
                self._mine(experiments.c.experiments).with_for_update()
            ).scalar()
            # Experiments that cannot be read are reported (ExperimentFileError), not replaced.
            changed = change(ExperimentLog() if old is None else log_from_json(old))
            text = checked_text(changed)
            if old is None:
                connection.execute(
                    insert(experiments).values(person=self._person, experiments=text, version=1)
                )
            else:
                write.keep(EXPERIMENTS_FILE, old.encode("utf-8"), replaced=False)
                connection.execute(
                    update(experiments)
                    .where(experiments.c.person == self._person)
                    .values(
                        experiments=text, version=experiments.c.version + 1, written_at=func.now()
                    )
                )
            write.changed = True
        return changed

    def replace_all(
        self, entries: pd.DataFrame, sessions: pd.DataFrame, measures: pd.DataFrame | None = None
    ) -> None:
        parts = {ENTRIES_FILE: entries, SESSIONS_FILE: sessions}
        if measures is not None:
            parts[MEASURES_FILE] = measures
        with self._writing() as write:
            write.store(parts)

    def preview_import(
        self, data: bytes, *, known_exercises: Iterable[str], today: dt.date
    ) -> ImportPreview:
        current = self.entries().frame
        return transfer.parse_import(data, current, known_exercises=known_exercises, today=today)

    # ---- Earlier versions: kept in ``backups`` as the file's bytes -------------------------

    def _backup_path(self, file_name: str, number: int, *, replaced: bool = False) -> Path:
        stem, suffix = Path(file_name).stem, Path(file_name).suffix
        label = f"replaced-{number:06d}" if replaced else f"{number:06d}"
        return self._folder / "backups" / f"{stem}-{label}{suffix}"

    def backups(self, file_name: str = ENTRIES_FILE) -> list[Backup]:
        with self._db.transaction(self._person) as connection:
            rows = connection.execute(
                select(backups.c.id, backups.c.saved_at, func.octet_length(backups.c.data))
                .where(
                    backups.c.person == self._person,
                    backups.c.part == file_name,
                    backups.c.replaced.is_(False),
                )
                .order_by(backups.c.id.desc())
            ).all()
        return [
            Backup(path=self._backup_path(file_name, number), saved_at=saved_at, size=size)
            for number, saved_at, size in rows
        ]

    def restore(self, backup: Backup, file_name: str = ENTRIES_FILE) -> Path | None:
        named = store.BACKUP_NAME.match(backup.path.name)
        with self._writing() as write:
            data = None
            if named and backup.path.parent == self._folder / "backups":
                data = write.connection.execute(
                    select(backups.c.data).where(
                        backups.c.person == self._person,
                        backups.c.id == int(named["id"]),
                        backups.c.part == file_name,
                    )
                ).scalar()
            if data is None:
                raise JournalError(backup.path, "is not an earlier version of this journal")
            reading = reader.READERS[file_name](bytes(data), catalog.exercise_lookup())
            if reading.problems:
                raise JournalError(backup.path, reading.problems, readable=reading.frame)
            set_aside = None
            if file_name in write.stored:
                current = store.as_csv(file_name, write.frame(file_name))
                number = write.keep(file_name, current, replaced=True)
                set_aside = self._backup_path(file_name, number, replaced=True)
            write.store({file_name: reading.frame}, backup=False)
        return set_aside

    def keep_readable_rows(self, file_name: str = ENTRIES_FILE) -> tuple[Path | None, int]:
        # Every row in the database was checked when it was written: all of them are readable.
        return None, len(self._read(file_name).frame)

    # ---- The person's rights --------------------------------------------------------------

    def delete_all_data(self) -> int:
        """Remove every row of this person (their days, sessions, answers, plan, earlier
        versions and the journal itself), in one transaction; returns how many rows went.
        Other people's rows are out of this transaction's sight (row-level security)."""
        removed = 0
        with self._db.transaction(self._person) as connection:
            for table in PERSON_TABLES:
                result = connection.execute(delete(table).where(table.c.person == self._person))
                removed += result.rowcount
        self._db.forget(self._person)
        return removed


def _is_a_journal(journal: PgJournal) -> Journal:
    return journal  # mypy checks here that PgJournal has every method of Journal
