"""Emptying a journal folder that a running server keeps using, between browser tests."""

from __future__ import annotations

import shutil
from pathlib import Path


def empty_folder(folder: Path) -> None:
    """Remove everything inside ``folder`` (entries, sessions, plan, journal.json, .lock files,
    backups, temporary files) and the demo journal beside it; keep the folder itself, which
    the server was started on.

    Caches in the server and in the tests (journal/csv_files.py's parsed files, lumbarlog/ui's
    st.cache_data / st.cache_resource) key on each file's (mtime, ctime, size, inode). A file
    written after this reset may get a freed inode back and the same size and mtime as one
    removed here, but not the same ctime, which no program can set: a new file's ctime is the
    filesystem's clock when it is made. That clock is coarse (a few milliseconds), so the
    reset returns only once the clock has moved past the moment everything was removed: every
    file made afterwards has a ctime no removed file had, and no cached read can match it."""
    demo = folder.with_name(f"{folder.name}-demo")
    for inside in [*folder.iterdir(), demo]:
        if inside.is_dir() and not inside.is_symlink():
            shutil.rmtree(inside)
        elif inside.exists() or inside.is_symlink():
            inside.unlink()
    if any(folder.iterdir()):
        raise RuntimeError(f"{folder} could not be emptied: {sorted(folder.iterdir())}")
    removed_by = _new_file_ctime(folder.with_name(f"{folder.name}-clock"))
    while _new_file_ctime(folder.with_name(f"{folder.name}-clock")) <= removed_by:
        pass  # at most one tick of the filesystem's clock


def _new_file_ctime(path: Path) -> int:
    """The filesystem's clock now: the ctime of a file made now (beside the journal)."""
    path.unlink(missing_ok=True)
    path.touch()
    return path.stat().st_ctime_ns
