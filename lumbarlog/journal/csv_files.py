"""entries.csv and sessions.csv as checked frames: read (strictly), written (checked, atomic).

Loading is strict. A file that cannot be read exactly raises ``JournalError`` naming the line
and the field, and nothing here ever writes over a file it could not read. The last parsed (or
written) frame of each file is kept, keyed by the file's signature, so a rerun with unchanged
files does not parse them again."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from lumbarlog.domain import catalog, measures, schema
from lumbarlog.domain.schema import Problem
from lumbarlog.journal import reader
from lumbarlog.journal.csv_format import (
    check_reads_back,
    entries_to_csv,
    measures_to_csv,
    sessions_to_csv,
)
from lumbarlog.journal.errors import JournalError
from lumbarlog.journal.files import (
    ENTRIES_FILE,
    MEASURES_FILE,
    META_FILE,
    SESSIONS_FILE,
    Signature,
    atomic_write,
    entries_path,
    file_signature,
    measures_path,
    reason,
    sessions_path,
)
from lumbarlog.journal.meta import Meta, read_meta


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


PARSED = _ParsedFiles()


def forget_parsed() -> None:
    """Drop every kept frame, so the next read parses the files as a fresh process would."""
    PARSED.clear()


def read_entries(folder: Path) -> reader.Reading:
    """Every day of entries.csv that can be read, sorted by date, with the dtypes of
    ``schema.ENTRY_DTYPES`` (extra columns kept as text), and the problems of the rest. A
    missing file is an empty journal. Never raises for what is in the file."""
    return _read(entries_path(folder), reader.read_entries_bytes, schema.empty_entries)


def read_sessions(folder: Path) -> reader.Reading:
    """Every routine session of sessions.csv that can be read, sorted by start."""
    return _read(sessions_path(folder), reader.read_sessions_bytes, schema.empty_sessions)


def read_measures(folder: Path) -> reader.Reading:
    """Every questionnaire of measures.csv that can be read, by date, and the problems of the
    rest. A journal without measures.csv has no questionnaires yet."""
    return _read(measures_path(folder), reader.read_measures_bytes, measures.empty_measures)


def load_entries(folder: Path) -> pd.DataFrame:
    """The journal's days, for changing them: raises ``JournalError`` (holding the rows that
    could be read) unless the whole file, and the journal's version, can be read."""
    return strict(read_entries(folder), entries_path(folder))


def load_sessions(folder: Path) -> pd.DataFrame:
    """The routine sessions, for changing them: raises ``JournalError`` like load_entries."""
    return strict(read_sessions(folder), sessions_path(folder))


def load_measures(folder: Path) -> pd.DataFrame:
    """The questionnaires, for changing them: raises ``JournalError`` like load_entries."""
    return strict(read_measures(folder), measures_path(folder))


def strict(reading: reader.Reading, path: Path) -> pd.DataFrame:
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
        return reader.Reading(empty(), (Problem("file", f"cannot be opened: {reason(error)}"),))
    if signature is None:
        return reader.Reading(empty(), canonical=True)
    cached = PARSED.get(path, signature)
    if cached is not None:
        return cached
    try:
        data = path.read_bytes()
    except OSError as error:
        return reader.Reading(empty(), (Problem("file", f"cannot be opened: {reason(error)}"),))
    reading = parse(data, catalog.exercise_lookup())
    PARSED.put(path, signature, reading)
    return reading


def read_notices(folder: Path) -> list[str]:
    """What a person should know about how the journal's files were read (their encoding, a
    damaged journal.json that will be rewritten)."""
    return notices_of(
        read_entries(folder), read_sessions(folder), read_meta(folder), read_measures(folder)
    )


def notices_of(
    entries: reader.Reading,
    sessions: reader.Reading,
    meta: Meta,
    questionnaires: reader.Reading | None = None,
) -> list[str]:
    """The notices of readings already made (see read_notices)."""
    notices = [f"{ENTRIES_FILE}: {n}" for n in entries.notices]
    notices += [f"{SESSIONS_FILE}: {n}" for n in sessions.notices]
    notices += [f"{MEASURES_FILE}: {n}" for n in (questionnaires.notices if questionnaires else ())]
    if meta.problem and not meta.newer:
        notices.append(f"{META_FILE}: {meta.problem}")
    return notices


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
            check_reads_back(path, (header + "\n" + lines).encode("utf-8"), appended)
            data = old + lines.encode("utf-8")
    if data is None:
        data = entries_to_csv(frame).encode("utf-8")
        check_reads_back(path, data, frame)
    atomic_write(path, data)
    PARSED.put(path, file_signature(path), reader.Reading(frame, canonical=True))


def write_sessions(folder: Path, frame: pd.DataFrame) -> None:
    """Write the whole sessions frame (atomic, with a backup, checked like write_entries) and
    remember it as parsed. The caller holds the journal lock."""
    path = sessions_path(folder)
    data = sessions_to_csv(frame).encode("utf-8")
    check_reads_back(path, data, frame)
    atomic_write(path, data)
    PARSED.put(path, file_signature(path), reader.Reading(frame, canonical=True))


def write_measures(folder: Path, frame: pd.DataFrame) -> None:
    """Write the whole measures frame (atomic, with a backup, checked like write_entries) and
    remember it as parsed. The caller holds the journal lock."""
    path = measures_path(folder)
    data = measures_to_csv(frame).encode("utf-8")
    check_reads_back(path, data, frame)
    atomic_write(path, data)
    PARSED.put(path, file_signature(path), reader.Reading(frame, canonical=True))
