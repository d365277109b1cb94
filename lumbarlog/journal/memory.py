"""A journal kept in memory: the ``Journal`` interface without files.

It makes the same changes as the CSV journal (the frame changes of days.py and sessions.py),
checks each new version the same way (written as the journal's CSV and read back with the
journal's reader, so what could not be stored in a file is not stored here either), and
refuses the same things: a day already logged, a day changed since it was shown, a rating out
of range. It shows that a page needs no change for another backend (a database, say), and
lets tests run the pages without a disk.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import pandas as pd

from lumbarlog import clock
from lumbarlog.domain import measures, schema
from lumbarlog.domain.experiment_log import ExperimentLog
from lumbarlog.domain.measures import Measure
from lumbarlog.domain.plan import Plan, prepare_plan
from lumbarlog.domain.schema import Entry, Session
from lumbarlog.journal import csv_format, days, sessions, transfer
from lumbarlog.journal.backups import Backup
from lumbarlog.journal.days import DayChanged, DayEdit, EditResult, MergeResult
from lumbarlog.journal.errors import JournalError
from lumbarlog.journal.experiment_file import Change, checked_text
from lumbarlog.journal.files import BACKUPS_KEPT, ENTRIES_FILE, MEASURES_FILE, SESSIONS_FILE
from lumbarlog.journal.reader import Reading
from lumbarlog.journal.repository import Journal
from lumbarlog.journal.rows import Appended, entry_for
from lumbarlog.journal.transfer import ImportPreview

_Result = TypeVar("_Result")

_NUMBERS = itertools.count(1)


class MemoryJournal:
    """A journal held in this process; ``folder`` only names it in messages."""

    def __init__(self, folder: Path = Path("memory-journal")):
        self._folder = Path(folder)
        self._lock = threading.RLock()
        self._number = next(_NUMBERS)  # tells journals apart in cache keys
        self._writes = 0
        self._frames = {
            ENTRIES_FILE: schema.empty_entries(),
            SESSIONS_FILE: schema.empty_sessions(),
            MEASURES_FILE: measures.empty_measures(),
        }
        self._plan = Plan()
        self._experiments = ExperimentLog()
        self._stored: set[str] = set()  # the parts written at least once (a file exists)
        self._backups: dict[str, list[tuple[Backup, pd.DataFrame]]] = {
            ENTRIES_FILE: [],
            SESSIONS_FILE: [],
            MEASURES_FILE: [],
        }

    def __repr__(self) -> str:
        return f"MemoryJournal({str(self._folder)!r})"

    @property
    def folder(self) -> Path:
        return self._folder

    def version(self) -> Hashable:
        return ("memory", self._number, self._writes)

    def check(self) -> None:
        return None

    def create(self) -> None:
        return None

    def entries(self) -> Reading:
        return Reading(self._frames[ENTRIES_FILE], canonical=True)

    def sessions(self) -> Reading:
        return Reading(self._frames[SESSIONS_FILE], canonical=True)

    def measures(self) -> Reading:
        return Reading(self._frames[MEASURES_FILE], canonical=True)

    def problems(self) -> tuple[JournalError, ...]:
        return ()

    def notices(self) -> tuple[str, ...]:
        return ()

    def entry(self, day: dt.date) -> Entry | None:
        return entry_for(self._frames[ENTRIES_FILE], day)

    def plan(self) -> Plan:
        return self._plan

    def experiments(self) -> ExperimentLog:
        return self._experiments

    # ---- Writes: each a read-modify-write under the journal's lock ----------------------------

    def change_experiments(self, change: Change) -> ExperimentLog:
        with self._lock:
            changed = change(self._experiments)
            checked_text(changed)  # refused as the file would be
            self._experiments = changed
            self._writes += 1
        return changed

    def save(self, entry: Entry, *, replace: bool = False) -> None:
        self._change_entries(lambda frame: days.add_day(frame, entry, replace=replace))

    def save_day(
        self, entry: Entry, *, shown: Entry | None, sessions_seen: Iterable[str] = ()
    ) -> Entry:
        with self._lock:
            final = days.with_routines_since(
                entry, self._frames[SESSIONS_FILE], tuple(sessions_seen)
            )
            result = self.apply_day_edits([DayEdit(entry.date, shown, final)])
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
        with self._lock:
            frames, updated = sessions.with_session(
                self._frames[ENTRIES_FILE], self._frames[SESSIONS_FILE], session
            )
            self._store(
                {SESSIONS_FILE: frames, **({} if updated is None else {ENTRIES_FILE: updated})}
            )
            return updated is not None

    def set_pain_after(self, start: dt.datetime, routine_id: str, pain_after: int | None) -> None:
        with self._lock:
            current = self._frames[SESSIONS_FILE]
            self._store(
                {SESSIONS_FILE: sessions.with_pain_after(current, start, routine_id, pain_after)}
            )

    def save_measure(self, measure: Measure) -> None:
        with self._lock:
            current = self._frames[MEASURES_FILE]
            self._store({MEASURES_FILE: measures.with_measure(current, measure)})

    def save_plan(self, plan: Plan, *, today: dt.date | None = None) -> Plan:
        checked = prepare_plan(plan, today=today or clock.today())
        with self._lock:
            self._plan = checked
            self._writes += 1
        return checked

    def replace_all(
        self, entries: pd.DataFrame, sessions: pd.DataFrame, measures: pd.DataFrame | None = None
    ) -> None:
        with self._lock:
            frames = {ENTRIES_FILE: entries, SESSIONS_FILE: sessions}
            if measures is not None:
                frames[MEASURES_FILE] = measures
            self._store(frames)

    def preview_import(
        self, data: bytes, *, known_exercises: Iterable[str], today: dt.date
    ) -> ImportPreview:
        current = self._frames[ENTRIES_FILE]
        return transfer.parse_import(data, current, known_exercises=known_exercises, today=today)

    # ---- Earlier versions ---------------------------------------------------------------------

    def backups(self, file_name: str = ENTRIES_FILE) -> list[Backup]:
        return [backup for backup, _ in reversed(self._backups[file_name])]

    def restore(self, backup: Backup, file_name: str = ENTRIES_FILE) -> Path | None:
        with self._lock:
            kept = {b.path: frame for b, frame in self._backups[file_name]}
            if backup.path not in kept:
                raise JournalError(backup.path, "is not an earlier version of this journal")
            set_aside = (
                self._keep(file_name, f"replaced-{self._writes:06d}")
                if file_name in self._stored
                else None
            )
            self._store({file_name: kept[backup.path]}, backup=False)
            return set_aside

    def keep_readable_rows(self, file_name: str = ENTRIES_FILE) -> tuple[Path | None, int]:
        # Everything held in memory was checked when it was stored: every row is readable.
        return None, len(self._frames[file_name])

    # ---- Storing a new version ----------------------------------------------------------------

    def _change_entries(self, change: Callable[[pd.DataFrame], days.Changed]) -> None:
        with self._lock:
            frame = self._frames[ENTRIES_FILE]
            updated = change(frame)
            if updated is frame:
                return
            self._store({ENTRIES_FILE: updated.frame if isinstance(updated, Appended) else updated})

    def _change_entries_with(
        self, change: Callable[[pd.DataFrame], tuple[days.Changed, _Result]]
    ) -> _Result:
        """``_change_entries`` for a change that also says what it did (days added, deleted)."""
        results: list[_Result] = []

        def apply(frame: pd.DataFrame) -> days.Changed:
            changed, result = change(frame)
            results.append(result)
            return changed

        self._change_entries(apply)
        return results[-1]

    def _store(self, frames: dict[str, pd.DataFrame], *, backup: bool = True) -> None:
        """Keep these versions, each checked first as the CSV journal checks what it writes
        (raising WriteFailed, with nothing changed, when one would not read back)."""
        for name, frame in frames.items():
            csv_format.check_reads_back(self._folder / name, _as_csv(name, frame), frame)
        for name, frame in frames.items():
            if backup and name in self._stored:
                self._keep(name, f"{len(self._backups[name]) + 1:06d}")
            self._frames[name] = frame.reset_index(drop=True)
            self._stored.add(name)
        self._writes += 1

    def _keep(self, name: str, label: str) -> Path:
        path = self._folder / "backups" / f"{Path(name).stem}-{label}{Path(name).suffix}"
        frame = self._frames[name]
        size = len(_as_csv(name, frame))
        held = self._backups[name]
        held.append((Backup(path=path, saved_at=clock.now(), size=size), frame))
        del held[:-BACKUPS_KEPT]
        return path


def _as_csv(name: str, frame: pd.DataFrame) -> bytes:
    """A frame as the CSV journal would write it."""
    if name == ENTRIES_FILE:
        return csv_format.entries_to_csv(frame).encode("utf-8")
    if name == MEASURES_FILE:
        return csv_format.measures_to_csv(frame).encode("utf-8")
    return csv_format.sessions_to_csv(frame).encode("utf-8")


def _is_a_journal(journal: MemoryJournal) -> Journal:
    return journal  # mypy checks here that MemoryJournal has every method of Journal
