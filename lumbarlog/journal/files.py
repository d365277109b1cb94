"""The journal folder on disk: where it is, its lock, atomic writes and the backups they keep.

- Every change is read-modify-write under one lock for the journal folder (filelock), so two
  tabs, two processes or two threads never lose each other's days.
- Every write goes to a temporary file in the same folder, is fsynced, and replaces the old
  file with ``os.replace``: a crash leaves the old file or the new one, never half of one.
- The previous version is kept in ``backups/`` (a hard link to the old file, so it costs no
  copy), the newest ``BACKUPS_KEPT`` of them."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from lumbarlog import paths
from lumbarlog.journal.errors import DataFolderMissing, JournalBusy, WriteFailed

ENTRIES_FILE = "entries.csv"


SESSIONS_FILE = "sessions.csv"


MEASURES_FILE = "measures.csv"


META_FILE = "journal.json"


BACKUP_DIR = "backups"


LOCK_FILE = ".journal.lock"


BACKUPS_KEPT = 30


LOCK_TIMEOUT_SECONDS = 15


DATA_DIR_VARIABLE = "LUMBARLOG_DATA_DIR"


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


def measures_path(folder: Path) -> Path:
    return Path(folder) / MEASURES_FILE


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
        raise WriteFailed(f"Nothing was saved: {reason(error)}") from error


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
        raise WriteFailed(f"The folder could not be created: {reason(error)}") from error
    return check_folder(folder)


_TEMP_NAME = re.compile(
    r"^\.(?:entries\.csv|sessions\.csv|measures\.csv|plan\.json|journal\.json)\..+\.tmp$"
)


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


def reason(error: OSError) -> str:
    """An OS error in words a person can act on, with the path it concerns."""
    words = _ERRNO_WORDS.get(error.errno or -1) or (error.strerror or str(error)).lower()
    where = error.filename or ""
    return f"{words} ({where})" if where else words


def atomic_write(path: Path, data: bytes, *, backup: bool = True) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new one. The
    caller holds the journal lock. Raises WriteFailed when the disk refuses; then the file is
    as it was."""
    path = Path(path)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise WriteFailed(f"Nothing was saved: {reason(error)}") from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if backup and path.exists():
            keep_backup(path)
        os.replace(temp_name, path)
    except BaseException as error:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise WriteFailed(f"Nothing was saved: {reason(error)}") from error
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
BACKUP_NAME = re.compile(r"^(?:(?P<seq>[0-9]{6,})-)?(?P<stamp>[0-9]{8}-[0-9]{6}-[0-9]{6})$")


BACKUP_STAMP = "%Y%m%d-%H%M%S-%f"


def backups_folder(folder: Path) -> Path:
    backups = Path(folder) / BACKUP_DIR
    if backups.exists() and not backups.is_dir():
        raise WriteFailed(
            f"Nothing was saved: {backups} is a file, where the backups folder should be; "
            "move it away"
        )
    backups.mkdir(exist_ok=True)
    return backups


def backup_files(backups: Path, stem: str, suffix: str) -> list[tuple[tuple[int, str], Path]]:
    found = []
    for entry in os.scandir(backups):
        name = entry.name
        if not (name.startswith(f"{stem}-") and name.endswith(suffix)):
            continue
        match = BACKUP_NAME.match(name[len(stem) + 1 : len(name) - len(suffix)])
        if match and entry.is_file():
            found.append(((int(match["seq"] or 0), match["stamp"]), Path(entry.path)))
    return sorted(found)


def keep_backup(path: Path) -> None:
    backups = backups_folder(path.parent)
    ours = backup_files(backups, path.stem, path.suffix)
    number = (ours[-1][0][0] + 1) if ours else 1
    stamp = dt.datetime.now().strftime(BACKUP_STAMP)
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


def set_aside(path: Path) -> Path:
    """Keep a file that is about to be replaced in backups/ as <stem>-replaced-<time>; these
    are never rotated away."""
    stamp = dt.datetime.now().strftime(BACKUP_STAMP)
    target = backups_folder(path.parent) / f"{path.stem}-replaced-{stamp}{path.suffix}"
    try:
        os.link(path, target)
    except OSError:
        shutil.copy2(path, target)
    return target
