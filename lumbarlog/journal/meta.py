"""journal.json: the schema version a journal was written with."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lumbarlog.domain import schema
from lumbarlog.journal.errors import JournalError
from lumbarlog.journal.files import META_FILE, Signature, atomic_write, file_signature, set_aside


@dataclass(frozen=True)
class Meta:
    """journal.json: the schema version the journal was written with."""

    version: int
    newer: bool = False  # written by a newer Lumbar Log: read, never written
    problem: str | None = None


def read_meta(folder: Path) -> Meta:
    """The journal's version. A damaged journal.json never blocks the journal: it is read as
    this version (with a notice) and rewritten on the next save; a newer version is reported.
    Read once per version of the file: every page run asks for it twice (problems, notices)."""
    path = Path(folder) / META_FILE
    return _read_meta(path, file_signature(path))


@lru_cache(maxsize=16)
def _read_meta(path: Path, signature: Signature | None) -> Meta:
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


def ensure_meta(folder: Path) -> None:
    """Write journal.json when it is missing, damaged (the damaged one is set aside in
    backups/) or names an older version (kept in backups/ like any replaced file). The
    caller holds the lock and has upgraded the files (migrate.ensure_current); a newer version
    raises JournalError."""
    path = Path(folder) / META_FILE
    meta = read_meta(folder)
    if meta.newer:
        raise JournalError(path, meta.problem or "")
    exists = path.exists()
    if exists and meta.problem is None and meta.version == schema.SCHEMA_VERSION:
        return
    if exists and meta.problem is not None:
        set_aside(path)
    body = json.dumps({"schema_version": schema.SCHEMA_VERSION, "app": "Lumbar Log"}, indent=2)
    older = exists and meta.problem is None
    atomic_write(path, (body + "\n").encode("utf-8"), backup=older)
