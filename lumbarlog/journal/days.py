"""Changes to days (save, replace, merge, delete), each a read-modify-write under the journal lock,
and the edits that are written only if the day is still what the person saw."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import replace as replace_fields
from pathlib import Path

import pandas as pd

from lumbarlog.domain import records
from lumbarlog.domain.schema import Entry
from lumbarlog.journal.csv_files import read_entries, read_sessions, strict, write_entries
from lumbarlog.journal.errors import EntryExists
from lumbarlog.journal.files import entries_path, file_signature, journal_lock
from lumbarlog.journal.migrate import ensure_current
from lumbarlog.journal.rows import (
    Appended,
    entries_by_date,
    exercises_from_sessions,
    row_to_entry,
    same_day,
    same_values,
    upsert,
)


@dataclass(frozen=True)
class MergeResult:
    """What a merge of several days did."""

    added: int
    replaced: int
    unchanged: int
    kept_existing: int


# --------------------------------------------------------------------------------------------
# What each change does to the entries frame (any backend: see memory.py). Each returns the
# frame it was given, the same object, when nothing changes.
# --------------------------------------------------------------------------------------------

Changed = pd.DataFrame | Appended


def add_day(frame: pd.DataFrame, entry: Entry, *, replace: bool) -> Changed:
    """The days with ``entry`` added, or replacing its day when ``replace``; otherwise a day
    already logged raises EntryExists."""
    existing = frame.index[frame["date"] == pd.Timestamp(entry.date)]
    if len(existing) and not replace:
        raise EntryExists(row_to_entry(frame.loc[existing[0]]))
    return upsert(frame, [entry])


def merge_days(
    frame: pd.DataFrame, entries: Sequence[Entry], *, replace_existing: bool
) -> tuple[Changed, MergeResult]:
    """The days merged by date (see upsert_entries), and what the merge did."""
    incoming = [pd.Timestamp(e.date) for e in entries]
    current = entries_by_date(frame[frame["date"].isin(incoming)])
    to_write, counts = [], {"added": 0, "replaced": 0, "unchanged": 0, "kept_existing": 0}
    for entry in entries:
        old = current.get(entry.date)
        if old is None:
            counts["added"] += 1
            to_write.append(entry)
        elif same_day(old, entry):
            counts["unchanged"] += 1
        elif replace_existing:
            counts["replaced"] += 1
            to_write.append(entry)
        else:
            counts["kept_existing"] += 1
    return (upsert(frame, to_write) if to_write else frame), MergeResult(**counts)


def delete_days(frame: pd.DataFrame, dates: Iterable[dt.date]) -> tuple[pd.DataFrame, int]:
    """The days without these dates, and how many were removed."""
    targets = {pd.Timestamp(d) for d in dates}
    keep = ~frame["date"].isin(targets)
    removed = int((~keep).sum())
    return (frame[keep].reset_index(drop=True) if removed else frame), removed


def edit_days(frame: pd.DataFrame, edits: Sequence[DayEdit]) -> tuple[Changed, EditResult]:
    """The days with each edit applied whose day is still what the person saw; the others are
    conflicts and left as they are. A replaced day keeps the extra columns it has now."""
    written: list[Entry] = []
    deleted: list[Entry] = []
    conflicts: list[DayConflict] = []
    dates = [pd.Timestamp(e.date) for e in edits]
    current = entries_by_date(frame[frame["date"].isin(dates)])
    for edit in edits:
        now = current.get(edit.date)
        if not same_values(now, edit.shown):
            conflicts.append(DayConflict(edit.date, edit.shown, now))
        elif edit.new is None:
            if now is not None:
                deleted.append(now)
        elif not same_values(now, edit.new):
            new = edit.new if now is None else replace_fields(edit.new, extra=now.extra)
            written.append(new)
    result = EditResult(tuple(written), tuple(deleted), tuple(conflicts))
    if not (written or deleted):
        return frame, result
    if deleted:
        gone = [pd.Timestamp(e.date) for e in deleted]
        frame = frame[~frame["date"].isin(gone)].reset_index(drop=True)
    return (upsert(frame, written) if written else frame), result


def with_routines_since(
    entry: Entry, sessions: pd.DataFrame, sessions_seen: Iterable[str]
) -> Entry:
    """``entry`` with the exercises completed in that day's routines that the form had not
    seen (a routine finished while the form was open), so a stale form never drops them.
    The sessions that can be read are enough: a damaged sessions file never blocks a day."""
    seen = set(sessions_seen)
    recorded = exercises_from_sessions(sessions, entry.date)
    since = tuple(i for i in recorded if i not in seen and i not in entry.exercises)
    return replace_fields(entry, exercises=entry.exercises + since) if since else entry


# --------------------------------------------------------------------------------------------
# The same changes to entries.csv, each under the journal lock
# --------------------------------------------------------------------------------------------


def log_day(
    folder: Path,
    raw: Mapping[str, object],
    *,
    known_exercises: Iterable[str],
    today: dt.date,
    replace: bool = False,
) -> Entry:
    """Check one day as typed (raises ValidationError naming each field) and save it.

    Raises EntryExists when the day is already logged and ``replace`` is false. Nothing is
    written unless every check passes.
    """
    entry = records.validate_entry(raw, known_exercises=known_exercises, today=today)
    save_entry(folder, entry, replace=replace)
    return entry


def save_entry(folder: Path, entry: Entry, *, replace: bool = False) -> None:
    """Add one day, or replace it when ``replace`` is true; otherwise raise EntryExists."""
    _modify_entries(folder, lambda frame: add_day(frame, entry, replace=replace))


def upsert_entries(
    folder: Path, entries: Sequence[Entry], *, replace_existing: bool = True
) -> MergeResult:
    """Merge several days by date: new days are added; a day already logged is replaced when
    ``replace_existing``, else kept as it is. Days that are identical count as unchanged."""
    results: list[MergeResult] = []

    def change(frame: pd.DataFrame) -> Changed:
        changed, result = merge_days(frame, entries, replace_existing=replace_existing)
        results.append(result)
        return changed

    _modify_entries(folder, change)
    return results[-1]


def delete_entries(folder: Path, dates: Iterable[dt.date]) -> int:
    """Remove these days. Returns how many were removed."""
    targets = list(dates)
    removed: list[int] = []

    def change(frame: pd.DataFrame) -> Changed:
        changed, count = delete_days(frame, targets)
        removed.append(count)
        return changed

    _modify_entries(folder, change)
    return removed[-1]


@dataclass(frozen=True)
class DayEdit:
    """One change to one day, keyed by its date: the day as the person saw it (None: not
    logged), and what to write (None: delete the day)."""

    date: dt.date
    shown: Entry | None
    new: Entry | None


@dataclass(frozen=True)
class DayConflict:
    """A day that changed (or was logged, or removed) since the person saw it."""

    date: dt.date
    shown: Entry | None
    now: Entry | None

    def describe(self) -> str:
        day = f"{self.date:%d %b %Y}"
        if self.now is None:
            return f"{day} was deleted in another window"
        if self.shown is None:
            return f"{day} was logged in another window"
        return f"{day} changed in another window"


@dataclass(frozen=True)
class EditResult:
    """What ``apply_day_edits`` wrote, and the days it left alone because they changed."""

    written: tuple[Entry, ...]
    deleted: tuple[Entry, ...]
    conflicts: tuple[DayConflict, ...]


class DayChanged(Exception):
    """The day is no longer what the person saw; nothing was written."""

    def __init__(self, conflict: DayConflict):
        self.conflict = conflict
        super().__init__(conflict.describe())


def apply_day_edits(folder: Path, edits: Sequence[DayEdit]) -> EditResult:
    """Apply changes keyed by date, under one lock, each only if the day is still exactly
    what the person saw. Days that changed or vanished meanwhile are returned as conflicts and
    left as they are; the others are written in one save. A replaced day keeps the extra
    columns it has now."""
    return _apply_day_edits(folder, lambda: edits)


def save_day(
    folder: Path,
    entry: Entry,
    *,
    shown: Entry | None,
    sessions_seen: Iterable[str] = (),
) -> Entry:
    """Save one day from a form, only if the day is still ``shown`` (None: not logged yet).

    Exercises completed in that day's routines that the form had not seen are added (see
    with_routines_since). Returns what was written; raises DayChanged, writing nothing, when
    the day changed meanwhile."""
    folder = Path(folder)
    seen = tuple(sessions_seen)
    final = [entry]

    def edits() -> list[DayEdit]:
        # Called under the journal lock, so no routine can be recorded in between.
        final[0] = with_routines_since(entry, read_sessions(folder).frame, seen)
        return [DayEdit(entry.date, shown, final[0])]

    result = _apply_day_edits(folder, edits)
    if result.conflicts:
        raise DayChanged(result.conflicts[0])
    return final[0]


def _apply_day_edits(folder: Path, make_edits: Callable[[], Sequence[DayEdit]]) -> EditResult:
    results: list[EditResult] = []

    def change(frame: pd.DataFrame) -> Changed:
        changed, result = edit_days(frame, make_edits())
        results.append(result)
        return changed

    _modify_entries(folder, change)
    return results[-1]


def _modify_entries(
    folder: Path, change: Callable[[pd.DataFrame], pd.DataFrame | Appended]
) -> None:
    folder = Path(folder)
    with journal_lock(folder):
        path = entries_path(folder)
        reading = read_entries(folder)
        # Raises JournalError: a file we cannot read is never written.
        frame = strict(reading, path)
        signature = file_signature(path)
        canonical = reading.canonical
        updated = change(frame)
        if updated is frame:
            return
        ensure_current(folder)
        if isinstance(updated, Appended):
            write_entries(
                folder,
                updated.frame,
                appended=updated.rows,
                read_as=signature if canonical else None,
            )
        else:
            write_entries(folder, updated)
