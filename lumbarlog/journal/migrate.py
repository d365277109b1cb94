"""Bringing a journal written by an older layout up to ``schema.SCHEMA_VERSION``.

Reading never writes: an older journal is read as it is (sessions.csv without ``outcome`` has
each outcome filled by ``records.outcome_by_rule`` as it is read). The first save after that,
under the journal's lock and before it writes anything else, calls ``ensure_current``: each
step from the version on disk up rewrites what it changes (the replaced file kept in backups/
like every save), then journal.json is written with the new version (the old one kept in
backups/ too). A journal.json that is missing or damaged gives no version, so every step runs;
each step leaves a file that is already current as it is.

Version 1 -> 2: sessions.csv gains the ``outcome`` column. The rule fixes each old row's
outcome once, so a later change to a routine in the catalog never changes the past. A
sessions.csv that cannot be fully read is left alone (it keeps being read by the rule) until
the person recovers it, which writes it in the new form.

A journal written by a newer version is refused, never rewritten (meta.ensure_meta)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from lumbarlog.domain import schema
from lumbarlog.journal.csv_files import read_sessions, write_sessions
from lumbarlog.journal.files import META_FILE, sessions_path
from lumbarlog.journal.meta import ensure_meta, read_meta


def _sessions_with_outcome(folder: Path) -> None:
    if not sessions_path(folder).exists():
        return
    reading = read_sessions(folder)
    if reading.problems or reading.canonical:
        return  # unreadable rows stay for the person to recover; a current file stays as is
    write_sessions(folder, reading.frame)


# The step that brings a journal from version n to n + 1.
STEPS: Mapping[int, Callable[[Path], None]] = {1: _sessions_with_outcome}


def ensure_current(folder: Path) -> None:
    """Upgrade the journal in ``folder`` to this version if it is older, then make sure
    journal.json names this version. The caller holds the journal lock; raises JournalError
    for a journal written by a newer version."""
    folder = Path(folder)
    meta = read_meta(folder)
    known = (folder / META_FILE).exists() and meta.problem is None
    if not meta.newer:
        first = meta.version if known else 1
        for version in range(first, schema.SCHEMA_VERSION):
            STEPS[version](folder)
    ensure_meta(folder)
