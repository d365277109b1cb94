"""Earlier versions of a journal file: list them, restore one, or keep only the readable rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from lumbarlog.domain import catalog
from lumbarlog.journal import reader
from lumbarlog.journal.csv_files import (
    PARSED,
    read_entries,
    read_measures,
    read_sessions,
    write_entries,
    write_measures,
    write_sessions,
)
from lumbarlog.journal.errors import JournalError
from lumbarlog.journal.files import (
    BACKUP_DIR,
    BACKUP_STAMP,
    ENTRIES_FILE,
    MEASURES_FILE,
    META_FILE,
    SESSIONS_FILE,
    atomic_write,
    backup_files,
    journal_lock,
    set_aside,
)
from lumbarlog.journal.meta import read_meta
from lumbarlog.journal.migrate import ensure_current


@dataclass(frozen=True)
class Backup:
    """One saved earlier version of a journal file."""

    path: Path
    saved_at: dt.datetime
    size: int


def list_backups(folder: Path, file_name: str = ENTRIES_FILE) -> list[Backup]:
    """Earlier versions of a journal file, newest first (in the order they were made)."""
    stem, suffix = Path(file_name).stem, Path(file_name).suffix
    backups = Path(folder) / BACKUP_DIR
    if not backups.is_dir():
        return []
    found = []
    for (_, stamp), path in reversed(backup_files(backups, stem, suffix)):
        try:
            saved_at = dt.datetime.strptime(stamp, BACKUP_STAMP)
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
        kept_as = set_aside(target) if target.exists() else None
        atomic_write(target, data, backup=False)
        return kept_as


def keep_readable_rows(folder: Path, file_name: str = ENTRIES_FILE) -> tuple[Path | None, int]:
    """Rewrite a file that cannot be fully read with only the rows that can: the original is
    first set aside in backups/ (never rotated away). Returns where it went and how many rows
    were kept."""
    folder = Path(folder)
    path = folder / file_name
    with journal_lock(folder):
        PARSED.clear()
        read, write = {
            ENTRIES_FILE: (read_entries, write_entries),
            SESSIONS_FILE: (read_sessions, write_sessions),
            MEASURES_FILE: (read_measures, write_measures),
        }[file_name]
        reading = read(folder)
        if read_meta(folder).newer:
            raise JournalError(folder / META_FILE, read_meta(folder).problem or "")
        kept_as = set_aside(path) if path.exists() else None
        ensure_current(folder)
        write(folder, reading.frame)
        return kept_as, len(reading.frame)
