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
import io
import json
import math
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import replace as replace_fields
from pathlib import Path

import pandas as pd
from filelock import FileLock, Timeout

from lib import schema
from lib.schema import Entry, Problem, Session, ValidationError

ENTRIES_FILE = "entries.csv"
SESSIONS_FILE = "sessions.csv"
META_FILE = "journal.json"
BACKUP_DIR = "backups"
LOCK_FILE = ".journal.lock"
BACKUPS_KEPT = 30
LOCK_TIMEOUT_SECONDS = 15
DATA_DIR_VARIABLE = "LUMBARLOG_DATA_DIR"
# Characters that make a spreadsheet treat a cell as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_PROBLEMS_SHOWN = 20

_REPO_ROOT = Path(__file__).resolve().parent.parent


class JournalError(Exception):
    """A journal file that cannot be read exactly. It is never written over."""

    def __init__(self, path: Path, problems: Sequence[Problem] | str):
        self.path = Path(path)
        if isinstance(problems, str):
            problems = [Problem(field="file", reason=problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(
            f"{self.path.name}: " + "; ".join(self._describe(p) for p in self.problems)
        )

    @staticmethod
    def _describe(problem: Problem) -> str:
        return problem.reason if problem.field == "file" else str(problem)


class EntryExists(Exception):
    """Saving a day that is already in the journal, without saying to replace it."""

    def __init__(self, existing: Entry):
        self.existing = existing
        super().__init__(f"{existing.date.isoformat()} is already in the journal")


class JournalBusy(Exception):
    """Another save held the journal for longer than LOCK_TIMEOUT_SECONDS."""


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
    return Path(configured).expanduser() if configured else _REPO_ROOT / "data" / "journal"


def entries_path(folder: Path) -> Path:
    return Path(folder) / ENTRIES_FILE


def sessions_path(folder: Path) -> Path:
    return Path(folder) / SESSIONS_FILE


def file_signature(path: Path) -> tuple[int, int, int, int] | None:
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
        self._frames: OrderedDict[str, tuple[tuple, pd.DataFrame]] = OrderedDict()

    def get(self, path: Path, signature: tuple | None) -> pd.DataFrame | None:
        with self._lock:
            found = self._frames.get(str(path))
            if found is None or signature is None or found[0] != signature:
                return None
            self._frames.move_to_end(str(path))
            return found[1]

    def put(self, path: Path, signature: tuple | None, frame: pd.DataFrame) -> None:
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


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def load_entries(folder: Path) -> pd.DataFrame:
    """The journal's days, sorted by date, with the dtypes of ``schema.ENTRY_DTYPES``.

    Extra columns found after the known ones are kept as text. A missing file is an empty
    journal. Anything else that is not exactly right raises ``JournalError``.
    """
    return _load(entries_path(folder), schema.ENTRY_COLUMNS, _entries_frame, schema.empty_entries)


def load_sessions(folder: Path) -> pd.DataFrame:
    """The routine sessions, sorted by start, with the dtypes of ``schema.SESSION_DTYPES``."""
    return _load(
        sessions_path(folder), schema.SESSION_COLUMNS, _sessions_frame, schema.empty_sessions
    )


def _load(
    path: Path,
    columns: Sequence[str],
    to_frame: Callable[[Path, _Table], pd.DataFrame],
    empty: Callable[[], pd.DataFrame],
) -> pd.DataFrame:
    _check_meta(path.parent)
    signature = file_signature(path)
    if signature is None:
        return empty()
    cached = _parsed.get(path, signature)
    if cached is not None:
        return cached
    frame = to_frame(path, _read_csv_strict(path, columns))
    _parsed.put(path, signature, frame)
    return frame


@dataclass(frozen=True)
class _Table:
    header: list[str]
    rows: list[list[str]]
    lines: list[int]  # the line each row starts on, for messages


def _read_csv_strict(path: Path, expected: Sequence[str]) -> _Table:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise JournalError(
            path,
            f"is not UTF-8 text (a bad byte at position {error.start}); "
            "was it saved by another program?",
        ) from None
    if text.strip() == "":
        raise JournalError(path, "is empty: even a journal with no days has its header line")
    if not text.endswith(("\n", "\r")):
        last_line = text.count("\n") + 1
        raise JournalError(
            path,
            [
                Problem(
                    "file",
                    f"ends in the middle of line {last_line}: the file was cut short "
                    "(a torn or truncated write)",
                )
            ],
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    start_line = 1
    try:
        for row in reader:
            rows.append(row)
            lines.append(start_line)
            start_line = reader.line_num + 1
    except csv.Error as error:
        raise JournalError(
            path, f"line {start_line} cannot be read as CSV ({error}); a quote may be unclosed"
        ) from None
    header, body, body_lines = rows[0], rows[1:], lines[1:]
    if tuple(header[: len(expected)]) != tuple(expected):
        raise JournalError(
            path,
            f"line 1 (the header) is {','.join(header)!r}; it must start with "
            f"{','.join(expected)!r}",
        )
    if len(set(header)) != len(header):
        raise JournalError(path, "line 1 (the header) names the same column twice")
    problems = []
    # Blank lines are allowed only at the very end (some editors add one).
    while body and body[-1] == []:
        body.pop()
        body_lines.pop()
    for row, line in zip(body, body_lines, strict=True):
        if len(row) != len(header):
            problems.append(
                Problem(
                    "file",
                    f"line {line} has {len(row)} fields where the header has {len(header)}: "
                    "a short or torn row",
                    line=line,
                )
            )
            if len(problems) >= MAX_PROBLEMS_SHOWN:
                break
    if problems:
        raise JournalError(path, problems)
    return _Table(header, body, body_lines)


def _entries_frame(path: Path, table: _Table) -> pd.DataFrame:
    columns = list(zip(*table.rows, strict=True)) if table.rows else [()] * len(table.header)
    text = {
        name: pd.Series(col, dtype=object) for name, col in zip(table.header, columns, strict=True)
    }
    n = len(table.rows)
    if n == 0:
        frame = schema.empty_entries()
        for extra in table.header[len(schema.ENTRY_COLUMNS) :]:
            frame[extra] = pd.Series(dtype=object)
        return frame

    # Vectorised checks find the bad rows quickly; the scalar validators then word the reason,
    # so a message from the file reads exactly like one from the form.
    dates = pd.to_datetime(text["date"], format="%Y-%m-%d", errors="coerce")
    pain = pd.to_numeric(text["pain"], errors="coerce")
    sitting_text = text["sitting_hours"].str.strip()
    sitting = pd.to_numeric(sitting_text, errors="coerce")
    exercise_text = text["exercises"].str.strip()
    notes_length = text["notes"].str.len()
    bad = (
        dates.isna()
        | (text["date"].str.len() != 10)
        | pain.isna()
        | (pain % 1 != 0)
        | (pain < schema.PAIN_MIN)
        | (pain > schema.PAIN_MAX)
        | (
            (sitting_text != "")
            & (sitting.isna() | (sitting < 0) | (sitting > 24) | ((sitting * 4) % 1 != 0))
        )
        | ~(exercise_text.eq("") | exercise_text.str.fullmatch(_EXERCISE_LIST_PATTERN))
        | (notes_length > schema.NOTES_MAX_CHARS)
        | text["notes"].str.contains("\x00", regex=False)
    )
    problems: list[Problem] = []
    for index in bad[bad].index[:MAX_PROBLEMS_SHOWN]:
        raw = {name: text[name].iloc[index] for name in schema.ENTRY_COLUMNS}
        try:
            schema.validate_entry(raw, known_exercises=None)
        except ValidationError as error:
            problems.extend(_at_line(p, table.lines[index]) for p in error.problems)
    duplicated = dates.duplicated(keep=False) & dates.notna()
    if duplicated.any() and len(problems) < MAX_PROBLEMS_SHOWN:
        for day, group in dates[duplicated].groupby(dates[duplicated]):
            line_numbers = [table.lines[i] for i in group.index]
            problems.append(
                Problem(
                    "date",
                    f"{day.date().isoformat()} appears on lines "
                    f"{', '.join(map(str, line_numbers))}; a day can be logged once",
                    line=line_numbers[-1],
                )
            )
    if problems:
        raise JournalError(path, problems[:MAX_PROBLEMS_SHOWN])

    frame = pd.DataFrame(
        {
            "date": dates.astype("datetime64[ns]"),
            "pain": pain.astype("int64"),
            "sitting_hours": sitting.astype("float64"),
            "exercises": [_split_ids(value) for value in exercise_text],
            "notes": text["notes"],
        }
    )
    for extra in table.header[len(schema.ENTRY_COLUMNS) :]:
        frame[extra] = text[extra]
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


_EXERCISE_LIST_PATTERN = r"[a-z0-9][a-z0-9_-]*(?:\s*;\s*[a-z0-9][a-z0-9_-]*)*\s*;?"


def _split_ids(value: str) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(dict.fromkeys(part.strip() for part in value.split(";") if part.strip()))


def _sessions_frame(path: Path, table: _Table) -> pd.DataFrame:
    records = []
    problems: list[Problem] = []
    for row, line in zip(table.rows, table.lines, strict=True):
        raw = dict(zip(table.header, row, strict=True))
        try:
            session = schema.validate_session(raw, known_exercises=None)
        except ValidationError as error:
            problems.extend(_at_line(p, line) for p in error.problems)
            if len(problems) >= MAX_PROBLEMS_SHOWN:
                break
            continue
        records.append(schema.session_to_row(session))
    if problems:
        raise JournalError(path, problems[:MAX_PROBLEMS_SHOWN])
    if not records:
        return schema.empty_sessions()
    frame = pd.DataFrame.from_records(records, columns=list(schema.SESSION_COLUMNS))
    frame = frame.astype(dict(schema.SESSION_DTYPES))
    return frame.sort_values("start", kind="stable").reset_index(drop=True)


def _at_line(problem: Problem, line: int) -> Problem:
    return Problem(problem.field, problem.reason, line=line, date=problem.date)


def _check_meta(folder: Path) -> None:
    path = Path(folder) / META_FILE
    if not path.exists():
        return
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        version = int(meta["schema_version"])
    except (ValueError, KeyError, TypeError):
        raise JournalError(
            path, "cannot be read: it should hold the journal's schema_version"
        ) from None
    if version > schema.SCHEMA_VERSION:
        raise JournalError(
            path,
            f"this journal was written by a newer Lumbar Log (schema version {version}; this "
            f"version reads up to {schema.SCHEMA_VERSION}). Update the app to open it.",
        )


def _ensure_meta(folder: Path) -> None:
    path = Path(folder) / META_FILE
    if path.exists():
        return
    body = json.dumps({"schema_version": schema.SCHEMA_VERSION, "app": "Lumbar Log"}, indent=2)
    atomic_write(path, (body + "\n").encode("utf-8"), backup=False)


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


@contextmanager
def journal_lock(folder: Path) -> Iterator[None]:
    """Hold the journal folder's lock: one read-modify-write at a time, across processes."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folder / LOCK_FILE, timeout=LOCK_TIMEOUT_SECONDS)
    try:
        with lock:
            yield
    except Timeout:
        raise JournalBusy(
            f"the journal in {folder} is busy (another save has held it for "
            f"{LOCK_TIMEOUT_SECONDS} s); try again"
        ) from None


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
    entry = schema.validate_entry(raw, known_exercises=known_exercises, today=today)
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
        # Called under the journal lock, so no routine can be recorded in between.
        recorded = exercises_from_sessions(load_sessions(folder), entry.date)
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
    rating = schema.parse_pain(pain_after, name="pain_after", required=False)
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
        frame = load_entries(folder)  # raises JournalError: a file we cannot read is never written
        signature = file_signature(entries_path(folder))
        updated = change(frame)
        if updated is frame:
            return
        _ensure_meta(folder)
        if isinstance(updated, _Appended):
            write_entries(folder, updated.frame, appended=updated.rows, read_as=signature)
        else:
            write_entries(folder, updated)


def write_entries(
    folder: Path,
    frame: pd.DataFrame,
    *,
    appended: pd.DataFrame | None = None,
    read_as: tuple | None = None,
) -> None:
    """Write the entries frame (atomic, with a backup) and remember it as parsed. The caller
    holds the journal lock.

    ``appended``: the frame is the file as it was read (with signature ``read_as``) plus these
    rows at the end; then the new file is the old bytes and their lines, which saves
    formatting a long journal again. The whole file is still written to a new file, synced
    and swapped in, exactly like any other save.
    """
    path = entries_path(folder)
    data = None
    if appended is not None and read_as is not None:
        old = path.read_bytes()
        header, _, lines = entries_to_csv(appended.reindex(columns=frame.columns)).partition("\n")
        old_header = old.split(b"\n", 1)[0].decode("utf-8-sig").rstrip("\r")
        # Only when the file is still exactly the one read, and its columns are the frame's.
        if file_signature(path) == read_as and old.endswith(b"\n") and old_header == header:
            data = old + lines.encode("utf-8")
    if data is None:
        data = entries_to_csv(frame).encode("utf-8")
    atomic_write(path, data)
    _parsed.put(path, file_signature(path), frame)


def write_sessions(folder: Path, frame: pd.DataFrame) -> None:
    """Write the whole sessions frame (atomic, with a backup) and remember it as parsed.
    The caller holds the journal lock."""
    path = sessions_path(folder)
    atomic_write(path, sessions_to_csv(frame).encode("utf-8"))
    _parsed.put(path, file_signature(path), frame)


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


def _row_to_entry(row: Mapping[str, object]) -> Entry:
    sitting = row["sitting_hours"]
    return Entry(
        date=row["date"].date(),  # type: ignore[union-attr]
        pain=int(row["pain"]),  # type: ignore[arg-type]
        sitting_hours=None if sitting is None or math.isnan(sitting) else float(sitting),  # type: ignore[arg-type]
        exercises=tuple(row["exercises"]),  # type: ignore[arg-type]
        notes=str(row["notes"]),
        extra={k: str(v) for k, v in row.items() if k not in schema.ENTRY_COLUMNS},  # type: ignore[union-attr]
    )


def entry_for(frame: pd.DataFrame, day: dt.date) -> Entry | None:
    """The logged day ``day`` from a loaded journal, or None."""
    match = frame[frame["date"] == pd.Timestamp(day)]
    return None if match.empty else _row_to_entry(match.iloc[0])


def _same_day(a: Entry, b: Entry) -> bool:
    return (a.date, a.pain, a.sitting_hours, a.exercises, a.notes) == (
        b.date,
        b.pain,
        b.sitting_hours,
        b.exercises,
        b.notes,
    )


def atomic_write(path: Path, data: bytes, *, backup: bool = True) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if backup and path.exists():
            _keep_backup(path)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
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


def _keep_backup(path: Path) -> None:
    backups = path.parent / BACKUP_DIR
    backups.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups / f"{path.stem}-{stamp}{path.suffix}"
    try:
        # The old file is about to be replaced by a new inode, so a hard link keeps it whole
        # at no cost.
        os.link(path, target)
    except OSError:
        import shutil

        shutil.copy2(path, target)
    # Names sort by time, so the oldest go first without reading any of them.
    ours = sorted(
        entry.name
        for entry in os.scandir(backups)
        if entry.name.startswith(f"{path.stem}-") and entry.name[len(path.stem) + 1].isdigit()
    )
    for name in ours[:-BACKUPS_KEPT]:
        (backups / name).unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------
# Backups and recovery
# --------------------------------------------------------------------------------------------


def list_backups(folder: Path, file_name: str = ENTRIES_FILE) -> list[Backup]:
    """Earlier versions of a journal file, newest first."""
    stem, suffix = Path(file_name).stem, Path(file_name).suffix
    backups = Path(folder) / BACKUP_DIR
    if not backups.is_dir():
        return []
    found = []
    for path in backups.glob(f"{stem}-*{suffix}"):
        stamp = path.stem[len(stem) + 1 :]
        try:
            saved_at = dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f")
        except ValueError:
            continue  # not one of ours (for example a set-aside broken file)
        found.append(Backup(path=path, saved_at=saved_at, size=path.stat().st_size))
    return sorted(found, key=lambda b: b.saved_at, reverse=True)


def restore_backup(folder: Path, backup: Path, file_name: str = ENTRIES_FILE) -> Path | None:
    """Put an earlier version back. The current file, readable or not, is first set aside as
    ``backups/<name>-replaced-<time>.csv`` so nothing is lost. Returns where it was set aside."""
    folder = Path(folder)
    backup = Path(backup)
    loader = load_entries if file_name == ENTRIES_FILE else load_sessions
    with journal_lock(folder):
        with tempfile.TemporaryDirectory(dir=folder) as check_dir:
            # Check the backup reads cleanly before it becomes the journal.
            (Path(check_dir) / file_name).write_bytes(backup.read_bytes())
            loader(Path(check_dir))
        target = folder / file_name
        set_aside = None
        if target.exists():
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            set_aside = folder / BACKUP_DIR / f"{target.stem}-replaced-{stamp}{target.suffix}"
            set_aside.parent.mkdir(exist_ok=True)
            os.link(target, set_aside)
        atomic_write(target, backup.read_bytes(), backup=False)
        return set_aside


# --------------------------------------------------------------------------------------------
# CSV text: the journal's own format, export and import
# --------------------------------------------------------------------------------------------


def format_hours(value: float) -> str:
    """7.0 -> '7', 7.25 -> '7.25', NaN -> ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:g}"


def entries_to_csv(frame: pd.DataFrame, *, neutralise_formulas: bool = False) -> str:
    """The journal as CSV text: the five columns, then any extra ones, one row per day."""
    columns = list(schema.ENTRY_COLUMNS) + [
        c for c in frame.columns if c not in schema.ENTRY_COLUMNS
    ]
    text_cell = _neutralise if neutralise_formulas else (lambda v: v)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    if len(frame):
        date_text = frame["date"].dt.strftime("%Y-%m-%d")
        pain_text = frame["pain"].astype("int64").astype(str)
        hours_text = [format_hours(v) for v in frame["sitting_hours"]]
        exercise_text = [schema.EXERCISE_SEPARATOR.join(ids) for ids in frame["exercises"]]
        notes = [text_cell(str(v)) for v in frame["notes"]]
        extras = [[text_cell("" if pd.isna(v) else str(v)) for v in frame[c]] for c in columns[5:]]
        writer.writerows(
            zip(date_text, pain_text, hours_text, exercise_text, notes, *extras, strict=True)
        )
    return buffer.getvalue()


def sessions_to_csv(frame: pd.DataFrame) -> str:
    """The routine sessions as CSV text."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(schema.SESSION_COLUMNS)
    for row in frame.itertuples(index=False):
        writer.writerow(
            [
                row.start.isoformat(timespec="seconds"),
                row.end.isoformat(timespec="seconds"),
                row.routine_id,
                schema.EXERCISE_SEPARATOR.join(row.exercises_completed),
                "" if math.isnan(row.pain_before) else str(int(row.pain_before)),
                "" if math.isnan(row.pain_after) else str(int(row.pain_after)),
            ]
        )
    return buffer.getvalue()


def export_csv(frame: pd.DataFrame) -> bytes:
    """The journal as a CSV file that is safe to open in a spreadsheet: a text cell that starts
    like a formula (= + - @, tab, carriage return) gets a leading apostrophe. Numbers stay
    numbers. UTF-8 with a byte-order mark so spreadsheets read accents and emoji correctly."""
    return entries_to_csv(frame, neutralise_formulas=True).encode("utf-8-sig")


def _neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _unneutralise(text: str) -> str:
    # Undo our own export's guard, so export -> import gives back exactly what was logged.
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def parse_import(
    data: bytes, current: pd.DataFrame, *, known_exercises: Iterable[str], today: dt.date
) -> ImportPreview:
    """Check a CSV to import, row by row, against the current journal. Writes nothing.

    The header must name at least ``date`` and ``pain``; the other known columns may be
    missing, and extra columns are kept. Each bad row is listed with its line and reason.
    """
    known = frozenset(known_exercises)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            [Problem("file", f"is not UTF-8 text (a bad byte at position {error.start})")]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError([Problem("file", "is empty")]) from None
    except csv.Error as error:
        raise ValidationError([Problem("file", f"cannot be read as CSV ({error})")]) from None
    header = [h.strip() for h in header]
    missing = [c for c in ("date", "pain") if c not in header]
    if missing:
        raise ValidationError(
            [
                Problem(
                    "file",
                    f"the header has no {' or '.join(missing)} column (found {','.join(header)!r})",
                )
            ]
        )
    entries: list[Entry] = []
    problems: list[Problem] = []
    seen: dict[dt.date, int] = {}
    line = 2
    try:
        for row in reader:
            row_line, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.append(
                    Problem(
                        "file",
                        f"has {len(row)} fields where the header has {len(header)}",
                        line=row_line,
                    )
                )
                continue
            raw = {name: _unneutralise(cell) for name, cell in zip(header, row, strict=True)}
            try:
                entry = schema.validate_entry(raw, known_exercises=known, today=today)
            except ValidationError as error:
                problems.extend(_at_line(p, row_line) for p in error.problems)
                continue
            if entry.date in seen:
                problems.append(
                    Problem(
                        "date", f"{entry.date} is also on line {seen[entry.date]}", line=row_line
                    )
                )
                continue
            seen[entry.date] = row_line
            entries.append(entry)
    except csv.Error as error:
        problems.append(Problem("file", f"cannot be read as CSV from here on ({error})", line=line))
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
