"""The CSV journal on disk: load, save, delete, import, export, backups and locking.

Rules this module keeps, because a person trusts it with months of health data:

- Every change is read-modify-write under one lock for the journal folder (filelock), so two
  tabs, two processes or two threads never lose each other's days.
- Every write goes to a temporary file in the same folder, is fsynced, and replaces the old
  file with ``os.replace``: a crash leaves the old file or the new one, never half of one.
- The previous version is kept in ``backups/`` (a hard link to the old file, so it costs no
  copy), the newest ``BACKUPS_KEPT`` of them.
- Loading is strict. A file that cannot be read exactly raises ``JournalError`` naming the line
  and the field, and no function here ever writes over a file it could not read.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import json
import math
import os
import re
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import replace as replace_fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from filelock import FileLock, Timeout

from lumbarlog import paths
from lumbarlog.domain import catalog, parsing, schema
from lumbarlog.domain.schema import Entry, Problem, Session, ValidationError
from lumbarlog.journal import reader

ENTRIES_FILE = "entries.csv"
SESSIONS_FILE = "sessions.csv"
META_FILE = "journal.json"
BACKUP_DIR = "backups"
LOCK_FILE = ".journal.lock"
BACKUPS_KEPT = 30
LOCK_TIMEOUT_SECONDS = 15
DATA_DIR_VARIABLE = "LUMBARLOG_DATA_DIR"
MAX_PROBLEMS_SHOWN = 20


class StoreError(Exception):
    """Anything that stopped the journal from being read or written. Pages show its text; each
    subclass says what happened in words a person can act on."""


class JournalError(StoreError):
    """A journal file that cannot be fully read. It is never written over; ``readable`` holds
    every row that could be read, so the person can still see and export them."""

    def __init__(
        self,
        path: Path,
        problems: Sequence[Problem] | str,
        readable: pd.DataFrame | None = None,
    ):
        self.path = Path(path)
        if isinstance(problems, str):
            problems = [Problem(field="file", reason=problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.readable = readable
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        more = len(self.problems) - len(shown)
        super().__init__(
            f"{self.path.name}: "
            + "; ".join(self._describe(p) for p in shown)
            + (f"; and {more} more" if more > 0 else "")
        )

    @staticmethod
    def _describe(problem: Problem) -> str:
        if problem.field == "file":
            return f"line {problem.line}: {problem.reason}" if problem.line else problem.reason
        return str(problem)


class EntryExists(StoreError):
    """Saving a day that is already in the journal, without saying to replace it."""

    def __init__(self, existing: Entry):
        self.existing = existing
        super().__init__(f"{existing.date.isoformat()} is already in the journal")


class JournalBusy(StoreError):
    """Another save held the journal for longer than LOCK_TIMEOUT_SECONDS."""


class WriteFailed(StoreError):
    """The disk or the folder refused a write. Nothing was changed."""


class DataFolderMissing(StoreError):
    """The journal folder the app was pointed at does not exist (or is not a folder)."""

    def __init__(self, folder: Path, reason: str):
        self.folder = Path(folder)
        super().__init__(reason)


@dataclass(frozen=True)
class MergeResult:
    """What a merge of several days did."""

    added: int
    replaced: int
    unchanged: int
    kept_existing: int


@dataclass(frozen=True)
class ImportPreview:
    """A CSV to import, checked row by row; nothing has been written yet."""

    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]
    new_dates: tuple[dt.date, ...]
    changed_dates: tuple[dt.date, ...]
    same_dates: tuple[dt.date, ...]


@dataclass(frozen=True)
class Backup:
    """One saved earlier version of a journal file."""

    path: Path
    saved_at: dt.datetime
    size: int


# --------------------------------------------------------------------------------------------
# Where the journal lives
# --------------------------------------------------------------------------------------------


def data_dir() -> Path:
    """The journal folder: $LUMBARLOG_DATA_DIR, or data/journal/ beside the app."""
    configured = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    return Path(configured).expanduser() if configured else default_data_dir()


def default_data_dir() -> Path:
    """data/journal/ beside the app: the only journal folder the app creates by itself."""
    return paths.DEFAULT_JOURNAL_DIR


def entries_path(folder: Path) -> Path:
    return Path(folder) / ENTRIES_FILE


def sessions_path(folder: Path) -> Path:
    return Path(folder) / SESSIONS_FILE


# (mtime_ns, ctime_ns, size, inode) of a file: see file_signature.
Signature = tuple[int, int, int, int]


def file_signature(path: Path) -> Signature | None:
    """(mtime_ns, ctime_ns, size, inode) of a file, or None if it does not exist. Keys caches:
    every save makes a new inode, and any edit in place changes the change time."""
    try:
        stat = Path(path).stat()
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)


class _ParsedFiles:
    """The last parsed version of each journal file, keyed by its signature.

    Parsing and checking a ten-year journal costs far more than writing it, and every save
    must read the file first (under the lock, in case another process changed it). When the
    file on disk is still the one parsed last (same signature), its frame is reused; a save
    stores the frame it just wrote. Frames handed out are shared: callers never modify them.
    """

    def __init__(self, capacity: int = 8):
        self._capacity = capacity
        self._lock = threading.Lock()
        self._frames: OrderedDict[str, tuple[Signature, reader.Reading]] = OrderedDict()

    def get(self, path: Path, signature: Signature | None) -> reader.Reading | None:
        with self._lock:
            found = self._frames.get(str(path))
            if found is None or signature is None or found[0] != signature:
                return None
            self._frames.move_to_end(str(path))
            return found[1]

    def put(self, path: Path, signature: Signature | None, frame: reader.Reading) -> None:
        if signature is None:
            return
        with self._lock:
            self._frames[str(path)] = (signature, frame)
            self._frames.move_to_end(str(path))
            while len(self._frames) > self._capacity:
                self._frames.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._frames.clear()


_parsed = _ParsedFiles()


def forget_parsed() -> None:
    """Drop every kept frame, so the next read parses the files as a fresh process would."""
    _parsed.clear()


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def read_entries(folder: Path) -> reader.Reading:
    """Every day of entries.csv that can be read, sorted by date, with the dtypes of
    ``schema.ENTRY_DTYPES`` (extra columns kept as text), and the problems of the rest. A
    missing file is an empty journal. Never raises for what is in the file."""
    return _read(entries_path(folder), reader.read_entries_bytes, schema.empty_entries)


def read_sessions(folder: Path) -> reader.Reading:
    """Every routine session of sessions.csv that can be read, sorted by start."""
    return _read(sessions_path(folder), reader.read_sessions_bytes, schema.empty_sessions)


def load_entries(folder: Path) -> pd.DataFrame:
    """The journal's days, for changing them: raises ``JournalError`` (holding the rows that
    could be read) unless the whole file, and the journal's version, can be read."""
    return _strict(read_entries(folder), entries_path(folder))


def load_sessions(folder: Path) -> pd.DataFrame:
    """The routine sessions, for changing them: raises ``JournalError`` like load_entries."""
    return _strict(read_sessions(folder), sessions_path(folder))


def _strict(reading: reader.Reading, path: Path) -> pd.DataFrame:
    meta = read_meta(path.parent)
    if meta.newer:
        raise JournalError(path.parent / META_FILE, meta.problem or "", readable=reading.frame)
    if reading.problems:
        raise JournalError(path, reading.problems, readable=reading.frame)
    return reading.frame


def _read(
    path: Path,
    parse: Callable[[bytes, Mapping[str, str]], reader.Reading],
    empty: Callable[[], pd.DataFrame],
) -> reader.Reading:
    try:
        signature = file_signature(path)
    except OSError as error:
        return reader.Reading(empty(), (Problem("file", f"cannot be opened: {_reason(error)}"),))
    if signature is None:
        return reader.Reading(empty(), canonical=True)
    cached = _parsed.get(path, signature)
    if cached is not None:
        return cached
    try:
        data = path.read_bytes()
    except OSError as error:
        return reader.Reading(empty(), (Problem("file", f"cannot be opened: {_reason(error)}"),))
    reading = parse(data, catalog.exercise_lookup())
    _parsed.put(path, signature, reading)
    return reading


def read_notices(folder: Path) -> list[str]:
    """What a person should know about how the journal's files were read (their encoding, a
    damaged journal.json that will be rewritten)."""
    return notices_of(read_entries(folder), read_sessions(folder), read_meta(folder))


def notices_of(entries: reader.Reading, sessions: reader.Reading, meta: Meta) -> list[str]:
    """The notices of readings already made (see read_notices)."""
    notices = [f"{ENTRIES_FILE}: {n}" for n in entries.notices]
    notices += [f"{SESSIONS_FILE}: {n}" for n in sessions.notices]
    if meta.problem and not meta.newer:
        notices.append(f"{META_FILE}: {meta.problem}")
    return notices


@dataclass(frozen=True)
class Meta:
    """journal.json: the schema version the journal was written with."""

    version: int
    newer: bool = False  # written by a newer Lumbar Log: read, never written
    problem: str | None = None


def read_meta(folder: Path) -> Meta:
    """The journal's version. A damaged journal.json never blocks the journal: it is read as
    this version (with a notice) and rewritten on the next save; a newer version is reported."""
    path = Path(folder) / META_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Meta(schema.SCHEMA_VERSION)
    except (OSError, UnicodeDecodeError) as error:
        return Meta(schema.SCHEMA_VERSION, problem=_damaged_meta(str(error)))
    try:
        version = json.loads(text)["schema_version"]
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ValueError(f"schema_version is {version!r}")
    except (ValueError, KeyError, TypeError, RecursionError) as error:
        return Meta(schema.SCHEMA_VERSION, problem=_damaged_meta(str(error)))
    if version > schema.SCHEMA_VERSION:
        return Meta(
            version,
            newer=True,
            problem=(
                f"this journal was written by a newer Lumbar Log (schema version {version}; "
                f"this version reads up to {schema.SCHEMA_VERSION}). It is shown read-only; "
                "update the app to change it."
            ),
        )
    return Meta(version)


def _damaged_meta(detail: str) -> str:
    return (
        f"it is damaged ({detail[:80]}), so the journal is read as version "
        f"{schema.SCHEMA_VERSION}; the next save sets the damaged file aside and writes a new one"
    )


def _ensure_meta(folder: Path) -> None:
    """Write journal.json when it is missing or damaged (the damaged one is kept in backups/).
    The caller holds the lock and has checked the version is not newer."""
    path = Path(folder) / META_FILE
    meta = read_meta(folder)
    if path.exists() and meta.problem is None:
        return
    if meta.newer:
        raise JournalError(path, meta.problem or "")
    if path.exists():
        _set_aside(path)
    body = json.dumps({"schema_version": schema.SCHEMA_VERSION, "app": "Lumbar Log"}, indent=2)
    atomic_write(path, (body + "\n").encode("utf-8"), backup=False)


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


@contextmanager
def journal_lock(folder: Path) -> Iterator[None]:
    """Hold the journal folder's lock: one read-modify-write at a time, across processes.

    Every write of the app happens inside it, so a temporary file found here belongs to a
    writer that died mid-save: it is removed. Any refusal of the disk inside the block (full,
    read-only, no permission, a file where a folder should be) becomes ``WriteFailed``.
    """
    folder = check_folder(folder)
    lock = FileLock(folder / LOCK_FILE, timeout=LOCK_TIMEOUT_SECONDS)
    try:
        with lock:
            _remove_dead_temp_files(folder)
            yield
    except Timeout:
        raise JournalBusy(
            f"the journal in {folder} is busy (another save has held it for "
            f"{LOCK_TIMEOUT_SECONDS} s); try again"
        ) from None
    except OSError as error:
        raise WriteFailed(f"Nothing was saved: {_reason(error)}") from error


def check_folder(folder: Path) -> Path:
    """The journal folder, which must exist: a folder that is missing (an unmounted drive, a
    typo in LUMBARLOG_DATA_DIR) is never created behind the person's back."""
    folder = Path(folder)
    if folder.is_dir():
        return folder
    if folder.exists():
        raise DataFolderMissing(folder, f"{folder} is a file, where the journal folder should be")
    raise DataFolderMissing(
        folder,
        f"The journal folder {folder} does not exist. If it is on a drive that is not "
        "connected or unlocked, connect it and reload; to start a new journal there, create "
        "the folder.",
    )


def create_folder(folder: Path) -> Path:
    """Create the journal folder on the person's request (or for the demo)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WriteFailed(f"The folder could not be created: {_reason(error)}") from error
    return check_folder(folder)


_TEMP_NAME = re.compile(r"^\.(?:entries\.csv|sessions\.csv|plan\.json|journal\.json)\..+\.tmp$")


def _remove_dead_temp_files(folder: Path) -> None:
    for entry in os.scandir(folder):
        if _TEMP_NAME.match(entry.name) and entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)


_ERRNO_WORDS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the journal is on a read-only disk",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a file is where a folder should be",
    errno.EISDIR: "a folder is where a file should be",
    errno.ENOENT: "a file or folder is missing",
    errno.EEXIST: "a file is in the way",
}


def _reason(error: OSError) -> str:
    """An OS error in words a person can act on, with the path it concerns."""
    words = _ERRNO_WORDS.get(error.errno or -1) or (error.strerror or str(error)).lower()
    where = error.filename or ""
    return f"{words} ({where})" if where else words


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
    entry = parsing.validate_entry(raw, known_exercises=known_exercises, today=today)
    save_entry(folder, entry, replace=replace)
    return entry


def save_entry(folder: Path, entry: Entry, *, replace: bool = False) -> None:
    """Add one day, or replace it when ``replace`` is true; otherwise raise EntryExists."""

    def change(frame: pd.DataFrame) -> pd.DataFrame | _Appended:
        existing = frame.index[frame["date"] == pd.Timestamp(entry.date)]
        if len(existing) and not replace:
            raise EntryExists(_row_to_entry(frame.loc[existing[0]]))
        return _upsert(frame, [entry])

    _modify_entries(folder, change)


def upsert_entries(
    folder: Path, entries: Sequence[Entry], *, replace_existing: bool = True
) -> MergeResult:
    """Merge several days by date: new days are added; a day already logged is replaced when
    ``replace_existing``, else kept as it is. Days that are identical count as unchanged."""
    result: dict[str, int] = {}

    def change(frame: pd.DataFrame) -> pd.DataFrame | _Appended:
        incoming = [pd.Timestamp(e.date) for e in entries]
        current = _entries_by_date(frame[frame["date"].isin(incoming)])
        to_write, counts = [], {"added": 0, "replaced": 0, "unchanged": 0, "kept_existing": 0}
        for entry in entries:
            old = current.get(entry.date)
            if old is None:
                counts["added"] += 1
                to_write.append(entry)
            elif _same_day(old, entry):
                counts["unchanged"] += 1
            elif replace_existing:
                counts["replaced"] += 1
                to_write.append(entry)
            else:
                counts["kept_existing"] += 1
        result.update(counts)
        return _upsert(frame, to_write) if to_write else frame

    _modify_entries(folder, change)
    return MergeResult(**result)


def delete_entries(folder: Path, dates: Iterable[dt.date]) -> int:
    """Remove these days. Returns how many were removed."""
    targets = {pd.Timestamp(d) for d in dates}
    removed = 0

    def change(frame: pd.DataFrame) -> pd.DataFrame:
        nonlocal removed
        keep = ~frame["date"].isin(targets)
        removed = int((~keep).sum())
        return frame[keep].reset_index(drop=True)

    _modify_entries(folder, change)
    return removed


# --------------------------------------------------------------------------------------------
# Edits checked against what the person saw
# --------------------------------------------------------------------------------------------


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


def same_values(a: Entry | None, b: Entry | None) -> bool:
    """Two versions of a day hold the same values (both missing counts as the same)."""
    if a is None or b is None:
        return a is None and b is None
    return _same_day(a, b)


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

    Exercises completed in that day's routines that the form had not seen (a routine finished
    while the form was open) are added, so a stale form never drops them. Returns what was
    written; raises DayChanged, writing nothing, when the day changed meanwhile."""
    folder = Path(folder)
    seen = set(sessions_seen)
    final = [entry]

    def edits() -> list[DayEdit]:
        # Called under the journal lock, so no routine can be recorded in between. The sessions
        # that can be read are enough: a damaged sessions.csv never blocks saving a day.
        recorded = exercises_from_sessions(read_sessions(folder).frame, entry.date)
        since = tuple(i for i in recorded if i not in seen and i not in entry.exercises)
        if since:
            final[0] = replace_fields(entry, exercises=entry.exercises + since)
        return [DayEdit(entry.date, shown, final[0])]

    result = _apply_day_edits(folder, edits)
    if result.conflicts:
        raise DayChanged(result.conflicts[0])
    return final[0]


def _apply_day_edits(folder: Path, make_edits: Callable[[], Sequence[DayEdit]]) -> EditResult:
    written: list[Entry] = []
    deleted: list[Entry] = []
    conflicts: list[DayConflict] = []

    def change(frame: pd.DataFrame) -> pd.DataFrame | _Appended:
        edits = make_edits()
        dates = [pd.Timestamp(e.date) for e in edits]
        current = _entries_by_date(frame[frame["date"].isin(dates)])
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
        if not (written or deleted):
            return frame
        if deleted:
            gone = [pd.Timestamp(e.date) for e in deleted]
            frame = frame[~frame["date"].isin(gone)].reset_index(drop=True)
        return _upsert(frame, written) if written else frame

    _modify_entries(folder, change)
    return EditResult(tuple(written), tuple(deleted), tuple(conflicts))


def add_session(folder: Path, session: Session) -> bool:
    """Record one routine session in sessions.csv, and count its completed exercises as done
    in that day's journal entry when the day is already logged. Both under one lock.

    Returns True when the day's entry was updated. A day not yet logged is left alone (its pain
    is the person's to give); its exercises come from the sessions when the day is logged.
    """
    folder = Path(folder)
    with journal_lock(folder):
        entries = load_entries(folder)  # also refuses to go on if the journal cannot be read
        frame = load_sessions(folder)
        row = pd.DataFrame([schema.session_to_row(session)]).astype(dict(schema.SESSION_DTYPES))
        frame = pd.concat([frame, row], ignore_index=True) if len(frame) else row
        frame = frame.sort_values("start", kind="stable", ignore_index=True)  # as it reads back
        _ensure_meta(folder)
        write_sessions(folder, frame)
        day = entry_for(entries, session.start.date())
        if day is None or set(session.exercises_completed) <= set(day.exercises):
            return False
        merged = tuple(dict.fromkeys(day.exercises + session.exercises_completed))
        updated = _upsert(entries, [replace_fields(day, exercises=merged)])
        write_entries(folder, updated.frame if isinstance(updated, _Appended) else updated)
        return True


def set_session_pain_after(
    folder: Path, start: dt.datetime, routine_id: str, pain_after: int | None
) -> None:
    """Add the pain rating given after a session that is already recorded (found by its start
    and routine). Raises ValidationError for a rating outside 0-10, KeyError if not found."""
    rating = parsing.parse_pain(pain_after, name="pain_after", required=False)
    folder = Path(folder)
    with journal_lock(folder):
        frame = load_sessions(folder)
        match = (frame["start"] == pd.Timestamp(start)) & (frame["routine_id"] == routine_id)
        if not match.any():
            raise KeyError(f"no session of {routine_id} started at {start:%Y-%m-%d %H:%M:%S}")
        updated = frame.assign(
            pain_after=frame["pain_after"].mask(match, math.nan if rating is None else rating)
        )
        write_sessions(folder, updated)


def exercises_from_sessions(sessions: pd.DataFrame, day: dt.date) -> tuple[str, ...]:
    """Exercise ids completed in the routines of one day, in the order first done."""
    midnight = pd.Timestamp(day)
    starts = sessions["start"]
    on_day = sessions[(starts >= midnight) & (starts < midnight + pd.Timedelta(days=1))]
    return tuple(dict.fromkeys(i for ids in on_day["exercises_completed"] for i in ids))


def _modify_entries(
    folder: Path, change: Callable[[pd.DataFrame], pd.DataFrame | _Appended]
) -> None:
    folder = Path(folder)
    with journal_lock(folder):
        path = entries_path(folder)
        reading = read_entries(folder)
        # Raises JournalError: a file we cannot read is never written.
        frame = _strict(reading, path)
        signature = file_signature(path)
        canonical = reading.canonical
        updated = change(frame)
        if updated is frame:
            return
        _ensure_meta(folder)
        if isinstance(updated, _Appended):
            write_entries(
                folder,
                updated.frame,
                appended=updated.rows,
                read_as=signature if canonical else None,
            )
        else:
            write_entries(folder, updated)


def write_entries(
    folder: Path,
    frame: pd.DataFrame,
    *,
    appended: pd.DataFrame | None = None,
    read_as: Signature | None = None,
) -> None:
    """Write the entries frame (atomic, with a backup) and remember it as parsed. The caller
    holds the journal lock.

    The bytes are read back with the reader a restart uses before they replace the file; if
    they would not give back exactly ``frame``, nothing is written.

    ``appended``: the frame is the file as it was read (with signature ``read_as``, in the
    app's own form) plus these rows at the end; then the new file is the old bytes and their
    lines, which saves formatting a long journal again. The whole file is still written to a
    new file, synced and swapped in, exactly like any other save.
    """
    path = entries_path(folder)
    data = None
    if appended is not None and read_as is not None and file_signature(path) == read_as:
        old = path.read_bytes()
        header, _, lines = entries_to_csv(appended.reindex(columns=frame.columns)).partition("\n")
        if old.endswith(b"\n") and old.split(b"\n", 1)[0].lstrip(b"\xef\xbb\xbf") == (
            header.encode("utf-8")
        ):
            # The old part was read already; the new lines are checked in their context.
            _check_reads_back(path, (header + "\n" + lines).encode("utf-8"), appended)
            data = old + lines.encode("utf-8")
    if data is None:
        data = entries_to_csv(frame).encode("utf-8")
        _check_reads_back(path, data, frame)
    atomic_write(path, data)
    _parsed.put(path, file_signature(path), reader.Reading(frame, canonical=True))


def write_sessions(folder: Path, frame: pd.DataFrame) -> None:
    """Write the whole sessions frame (atomic, with a backup, checked like write_entries) and
    remember it as parsed. The caller holds the journal lock."""
    path = sessions_path(folder)
    data = sessions_to_csv(frame).encode("utf-8")
    _check_reads_back(path, data, frame)
    atomic_write(path, data)
    _parsed.put(path, file_signature(path), reader.Reading(frame, canonical=True))


def _check_reads_back(path: Path, data: bytes, frame: pd.DataFrame) -> None:
    """Raise WriteFailed unless ``data`` reads back, as a restart would read it, as ``frame``."""
    reading = reader.READERS[path.name](data, catalog.exercise_lookup())
    if reading.problems:
        raise WriteFailed(
            f"Nothing was saved: the new {path.name} would not read back ({reading.problems[0]})"
        )
    difference = _first_difference(frame, reading.frame)
    if difference:
        raise WriteFailed(
            f"Nothing was saved: the new {path.name} would read back differently ({difference})"
        )


def _first_difference(expected: pd.DataFrame, found: pd.DataFrame) -> str | None:
    if list(expected.columns) != list(found.columns):
        return f"columns {list(found.columns)} instead of {list(expected.columns)}"
    if len(expected) != len(found):
        return f"{len(found)} rows instead of {len(expected)}"
    for column in expected.columns:
        a = expected[column].reset_index(drop=True)
        b = found[column].reset_index(drop=True)
        same = (a == b) | (a.isna() & b.isna()) if column != "exercises" else None
        if same is None:
            same = pd.Series([tuple(x) == tuple(y) for x, y in zip(a, b, strict=True)])
        if not bool(same.all()):
            at = int((~same).to_numpy().argmax())
            return f"{column} of row {at + 1}: {b.iloc[at]!r} instead of {a.iloc[at]!r}"
    return None


@dataclass(frozen=True)
class _Appended:
    """A change that only added days after the last one: the file can grow by those lines."""

    frame: pd.DataFrame
    rows: pd.DataFrame


def _upsert(frame: pd.DataFrame, entries: Sequence[Entry]) -> pd.DataFrame | _Appended:
    """The journal with these days added or replaced, sorted by date. When every day is new
    and after the last one (logging today, the usual case), says so, so that the write can
    append lines instead of writing the whole file again."""
    extras = [c for c in frame.columns if c not in schema.ENTRY_COLUMNS]
    for entry in entries:
        extras += [c for c in entry.extra if c not in extras]
    frame = frame.assign(**{c: "" for c in extras if c not in frame})
    new_rows = _rows_frame(entries, extras)
    replaced = frame["date"].isin(new_rows["date"])
    kept = frame[~replaced] if replaced.any() else frame
    merged = pd.concat([kept, new_rows], ignore_index=True) if len(kept) else new_rows
    appending = (
        not replaced.any()
        and new_rows["date"].is_monotonic_increasing
        and new_rows["date"].is_unique
        and (kept.empty or new_rows["date"].iloc[0] > kept["date"].iloc[-1])
    )
    if appending:
        return _Appended(merged, new_rows)
    return merged.sort_values("date", kind="stable").reset_index(drop=True)


def _rows_frame(entries: Sequence[Entry], extras: Sequence[str]) -> pd.DataFrame:
    """Entries as a frame with exactly the journal's dtypes, built column by column (pandas
    infers nothing, which is most of the cost of a small frame)."""
    entries = sorted(entries, key=lambda e: e.date)

    def texts(values: Iterable[object]) -> pd.Series:
        return pd.Series(list(values), dtype=object)

    return pd.DataFrame(
        {
            "date": pd.Series([pd.Timestamp(e.date) for e in entries], dtype="datetime64[ns]"),
            "pain": pd.Series([e.pain for e in entries], dtype="int64"),
            "sitting_hours": pd.Series(
                [math.nan if e.sitting_hours is None else e.sitting_hours for e in entries],
                dtype="float64",
            ),
            "exercises": texts(tuple(e.exercises) for e in entries),
            "notes": texts(e.notes for e in entries),
            **{c: texts(e.extra.get(c, "") for e in entries) for c in extras},
        }
    )


def _entries_by_date(frame: pd.DataFrame) -> dict[dt.date, Entry]:
    return {row["date"].date(): _row_to_entry(row) for row in frame.to_dict("records")}


def _row_to_entry(row: Mapping[Hashable, Any]) -> Entry:
    # A row of an entries frame: pandas types its cells as Any; schema.ENTRY_DTYPES says what
    # they hold.
    sitting = row["sitting_hours"]
    return Entry(
        date=row["date"].date(),
        pain=int(row["pain"]),
        sitting_hours=None if sitting is None or math.isnan(sitting) else float(sitting),
        exercises=tuple(row["exercises"]),
        notes=str(row["notes"]),
        extra={str(k): str(v) for k, v in row.items() if k not in schema.ENTRY_COLUMNS},
    )


def entry_for(frame: pd.DataFrame, day: dt.date) -> Entry | None:
    """The logged day ``day`` from a loaded journal, or None."""
    match = frame[frame["date"] == pd.Timestamp(day)]
    return None if match.empty else _row_to_entry(match.iloc[0].to_dict())


def _same_day(a: Entry, b: Entry) -> bool:
    return (a.date, a.pain, a.sitting_hours, a.exercises, a.notes) == (
        b.date,
        b.pain,
        b.sitting_hours,
        b.exercises,
        b.notes,
    )


def atomic_write(path: Path, data: bytes, *, backup: bool = True) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new one. The
    caller holds the journal lock. Raises WriteFailed when the disk refuses; then the file is
    as it was."""
    path = Path(path)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise WriteFailed(f"Nothing was saved: {_reason(error)}") from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if backup and path.exists():
            _keep_backup(path)
        os.replace(temp_name, path)
    except BaseException as error:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise WriteFailed(f"Nothing was saved: {_reason(error)}") from error
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems do not sync folders; the file itself is already synced
    finally:
        os.close(fd)


# backups/<stem>-<number>-<time><suffix>: the number counts up with each backup, so they
# rotate in the order they were made even when the clock goes back. Older versions of the app
# wrote <stem>-<time><suffix>; those count as made before any numbered one.
_BACKUP_NAME = re.compile(r"^(?:(?P<seq>[0-9]{6,})-)?(?P<stamp>[0-9]{8}-[0-9]{6}-[0-9]{6})$")
_STAMP = "%Y%m%d-%H%M%S-%f"


def _backups_folder(folder: Path) -> Path:
    backups = Path(folder) / BACKUP_DIR
    if backups.exists() and not backups.is_dir():
        raise WriteFailed(
            f"Nothing was saved: {backups} is a file, where the backups folder should be; "
            "move it away"
        )
    backups.mkdir(exist_ok=True)
    return backups


def _ours(backups: Path, stem: str, suffix: str) -> list[tuple[tuple[int, str], Path]]:
    found = []
    for entry in os.scandir(backups):
        name = entry.name
        if not (name.startswith(f"{stem}-") and name.endswith(suffix)):
            continue
        match = _BACKUP_NAME.match(name[len(stem) + 1 : len(name) - len(suffix)])
        if match and entry.is_file():
            found.append(((int(match["seq"] or 0), match["stamp"]), Path(entry.path)))
    return sorted(found)


def _keep_backup(path: Path) -> None:
    backups = _backups_folder(path.parent)
    ours = _ours(backups, path.stem, path.suffix)
    number = (ours[-1][0][0] + 1) if ours else 1
    stamp = dt.datetime.now().strftime(_STAMP)
    target = backups / f"{path.stem}-{number:06d}-{stamp}{path.suffix}"
    try:
        # The old file is about to be replaced by a new inode, so a hard link keeps it whole
        # at no cost.
        os.link(path, target)
    except OSError:
        shutil.copy2(path, target)
    ours.append(((number, stamp), target))
    for _, old in ours[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)


def _set_aside(path: Path) -> Path:
    """Keep a file that is about to be replaced in backups/ as <stem>-replaced-<time>; these
    are never rotated away."""
    stamp = dt.datetime.now().strftime(_STAMP)
    target = _backups_folder(path.parent) / f"{path.stem}-replaced-{stamp}{path.suffix}"
    try:
        os.link(path, target)
    except OSError:
        shutil.copy2(path, target)
    return target


# --------------------------------------------------------------------------------------------
# Backups and recovery
# --------------------------------------------------------------------------------------------


def list_backups(folder: Path, file_name: str = ENTRIES_FILE) -> list[Backup]:
    """Earlier versions of a journal file, newest first (in the order they were made)."""
    stem, suffix = Path(file_name).stem, Path(file_name).suffix
    backups = Path(folder) / BACKUP_DIR
    if not backups.is_dir():
        return []
    found = []
    for (_, stamp), path in reversed(_ours(backups, stem, suffix)):
        try:
            saved_at = dt.datetime.strptime(stamp, _STAMP)
            size = path.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(Backup(path=path, saved_at=saved_at, size=size))
    return found


def restore_backup(folder: Path, backup: Path, file_name: str = ENTRIES_FILE) -> Path | None:
    """Put an earlier version back. The current file, readable or not, is first set aside as
    ``backups/<name>-replaced-<time>.csv`` so nothing is lost. Returns where it was set aside."""
    folder = Path(folder)
    with journal_lock(folder):
        data = Path(backup).read_bytes()
        reading = reader.READERS[file_name](data, catalog.exercise_lookup())
        if reading.problems:
            # Check the backup reads cleanly before it becomes the journal.
            raise JournalError(Path(backup), reading.problems, readable=reading.frame)
        target = folder / file_name
        set_aside = _set_aside(target) if target.exists() else None
        atomic_write(target, data, backup=False)
        return set_aside


def keep_readable_rows(folder: Path, file_name: str = ENTRIES_FILE) -> tuple[Path | None, int]:
    """Rewrite a file that cannot be fully read with only the rows that can: the original is
    first set aside in backups/ (never rotated away). Returns where it went and how many rows
    were kept."""
    folder = Path(folder)
    path = folder / file_name
    with journal_lock(folder):
        _parsed.clear()
        reading = read_entries(folder) if file_name == ENTRIES_FILE else read_sessions(folder)
        if read_meta(folder).newer:
            raise JournalError(folder / META_FILE, read_meta(folder).problem or "")
        set_aside = _set_aside(path) if path.exists() else None
        _ensure_meta(folder)
        if file_name == ENTRIES_FILE:
            write_entries(folder, reading.frame)
        else:
            write_sessions(folder, reading.frame)
        return set_aside, len(reading.frame)


# --------------------------------------------------------------------------------------------
# CSV text: the journal's own format, export and import
# --------------------------------------------------------------------------------------------


def format_hours(value: float) -> str:
    """7.0 -> '7', 7.25 -> '7.25', 6.1 -> '6.1' (the shortest text that reads back as the same
    number, never in exponent form), NaN -> ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return np.format_float_positional(float(value), trim="-")


def entries_to_csv(frame: pd.DataFrame) -> str:
    """The journal as CSV text: the five columns, then any extra ones, one row per day."""
    columns = list(schema.ENTRY_COLUMNS) + [
        c for c in frame.columns if c not in schema.ENTRY_COLUMNS
    ]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    if len(frame):
        date_text = frame["date"].dt.strftime("%Y-%m-%d")
        pain_text = frame["pain"].astype("int64").astype(str)
        hours_text = [format_hours(v) for v in frame["sitting_hours"]]
        exercise_text = [schema.EXERCISE_SEPARATOR.join(ids) for ids in frame["exercises"]]
        notes = [str(v) for v in frame["notes"]]
        extras = [["" if pd.isna(v) else str(v) for v in frame[c]] for c in columns[5:]]
        rows = zip(date_text, pain_text, hours_text, exercise_text, notes, *extras, strict=True)
        if any("\r" in cell for column in (notes, *extras) for cell in column):
            # csv quotes a cell holding "\n" but not a bare "\r", which a reader would take for
            # a line end: rows holding one are written with every cell quoted.
            quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
            for row in rows:
                (quoted if any("\r" in cell for cell in row) else writer).writerow(row)
        else:
            writer.writerows(rows)
    return buffer.getvalue()


def sessions_to_csv(frame: pd.DataFrame) -> str:
    """The routine sessions as CSV text."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(schema.SESSION_COLUMNS)
    rows = frame[list(schema.SESSION_COLUMNS)].itertuples(index=False, name=None)
    for start, end, routine_id, completed, pain_before, pain_after in rows:
        writer.writerow(
            [
                start.isoformat(timespec="seconds"),
                end.isoformat(timespec="seconds"),
                routine_id,
                schema.EXERCISE_SEPARATOR.join(completed),
                "" if math.isnan(pain_before) else str(int(pain_before)),
                "" if math.isnan(pain_after) else str(int(pain_after)),
            ]
        )
    return buffer.getvalue()


def export_csv(frame: pd.DataFrame) -> bytes:
    """The journal as a CSV file that is safe to open in a spreadsheet (OWASP, CSV Injection):
    every cell and column name that a spreadsheet could take for a formula gets an apostrophe
    (see ``_neutralise``); numbers stay numbers. UTF-8 with a byte-order mark so spreadsheets
    read accents and emoji correctly; CRLF line ends, so a carriage return inside a note is
    quoted. ``parse_import`` removes exactly the apostrophes added here."""
    extras = [c for c in frame.columns if c not in schema.ENTRY_COLUMNS]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_neutralise(name) for name in (*schema.ENTRY_COLUMNS, *extras)])
    for row in frame.to_dict("records"):
        cells = [
            row["date"].strftime("%Y-%m-%d"),
            str(int(row["pain"])),
            format_hours(row["sitting_hours"]),
            schema.EXERCISE_SEPARATOR.join(row["exercises"]),
            str(row["notes"]),
            *("" if pd.isna(row[name]) else str(row[name]) for name in extras),
        ]
        writer.writerow([_neutralise(cell) for cell in cells])
    return buffer.getvalue().encode("utf-8-sig")


# Where a spreadsheet may start a cell inside a text: at its start, and after a separator it
# might split on instead of the comma (; | tab) or a line break. A cell there that begins, after
# any spaces, apostrophes or double quotes, with = + - @ or a tab (at the very start also a
# carriage return or line feed) could be read as a formula, so an apostrophe goes before it.
# Apostrophes are skipped when looking, so a text that already looks guarded gets one more and
# removing one on import gives back exactly the original.
_FORMULA_AT_CELL_START = re.compile(
    r"""^(?=[ '"]*[=+\-@\t\r\n])|(?<=[;|\t\r\n])(?=[ '"]*[=+\-@\t])"""
)
_GUARD_AT_CELL_START = re.compile(
    r"""^'(?=[ '"]*[=+\-@\t\r\n])|(?<=[;|\t\r\n])'(?=[ '"]*[=+\-@\t])"""
)
# A number is never a formula, and a spreadsheet should read -2 as minus two.
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")


def _neutralise(text: str) -> str:
    if _PLAIN_NUMBER.fullmatch(text):
        return text
    return _FORMULA_AT_CELL_START.sub("'", text)


def _unneutralise(text: str) -> str:
    # Undo our own export's guard, so export -> import gives back exactly what was logged.
    return _GUARD_AT_CELL_START.sub("", text)


MAX_IMPORT_EXTRA_COLUMNS = 50


def parse_import(
    data: bytes, current: pd.DataFrame, *, known_exercises: Iterable[str], today: dt.date
) -> ImportPreview:
    """Check a CSV to import, row by row, against the current journal. Writes nothing.

    It is read like the journal itself (any encoding, separator and header spelling the
    journal reader accepts). The header must name at least ``date`` and ``pain``; the other
    known columns may be missing, and up to MAX_IMPORT_EXTRA_COLUMNS extra columns are kept.
    Exercises may be given by id or by name. Each bad row is listed with its line and reason,
    and so is a quote left open or a last line cut short.
    """
    known = frozenset(known_exercises)
    table = reader.read_table(data, schema.ENTRY_COLUMNS, ("date", "pain"))
    if not table.rows and table.problems and table.problems[0].line in (None, 1):
        raise ValidationError([Problem("file", table.problems[0].reason)])
    if not table.rows and not table.problems:
        raise ValidationError([Problem("file", "has no days to import")])
    # Extra column names get the same guard in an export as cells do; take it off again.
    columns = [c if c in schema.ENTRY_COLUMNS else _unneutralise(c) for c in table.columns]
    extras = [c for c in columns if c not in schema.ENTRY_COLUMNS]
    if len(extras) > MAX_IMPORT_EXTRA_COLUMNS:
        raise ValidationError(
            [
                Problem(
                    "file",
                    f"has {len(extras):,} columns besides the journal's own; at most "
                    f"{MAX_IMPORT_EXTRA_COLUMNS} can be imported. Remove the ones you do not "
                    "need and import it again",
                )
            ]
        )
    lookup = catalog.exercise_lookup()
    day_first = parsing.day_order(row[table.columns.index("date")] for row in table.rows)
    entries: list[Entry] = []
    problems: list[Problem] = list(table.problems)
    seen: dict[dt.date, int] = {}
    for row, line in zip(table.rows, table.lines, strict=True):
        raw = {name: _unneutralise(cell) for name, cell in zip(columns, row, strict=True)}
        try:
            entry = parsing.validate_entry(
                raw, known_exercises=known, today=today, lookup=lookup, day_first=day_first
            )
        except ValidationError as error:
            problems.extend(reader.at_line(p, line) for p in error.problems)
            continue
        if entry.date in seen:
            problems.append(
                Problem("date", f"{entry.date} is also on line {seen[entry.date]}", line=line)
            )
            continue
        seen[entry.date] = line
        entries.append(entry)
    problems.sort(key=lambda p: p.line or 0)
    existing = _entries_by_date(
        current[current["date"].isin([pd.Timestamp(e.date) for e in entries])]
    )
    new_dates, changed, same = [], [], []
    for entry in entries:
        old = existing.get(entry.date)
        if old is None:
            new_dates.append(entry.date)
        elif _same_day(old, entry):
            same.append(entry.date)
        else:
            changed.append(entry.date)
    return ImportPreview(
        tuple(entries), tuple(problems), tuple(new_dates), tuple(changed), tuple(same)
    )
