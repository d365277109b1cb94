"""One write to a person's journal in the database: the journal's row locked (one save at a
time per person, across every app server), the parts it changes read, checked as the CSV
journal checks what it writes, and stored as the rows that differ, each update and delete
only where the row's version is still the one read. Nothing is written unless all of it is."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Table, and_, bindparam, delete, func, insert, select, update

from lumbarlog import clock
from lumbarlog.domain import measures as measure_rules
from lumbarlog.domain import schema
from lumbarlog.journal import csv_format
from lumbarlog.journal.errors import DataFolderMissing, WriteFailed
from lumbarlog.journal.files import BACKUPS_KEPT, ENTRIES_FILE, MEASURES_FILE, SESSIONS_FILE
from lumbarlog.journal.postgres import frames
from lumbarlog.journal.postgres.database import Database
from lumbarlog.journal.postgres.tables import (
    REVISIONS,
    backups,
    entries,
    journals,
    measures,
    sessions,
)

ORDER: dict[str, Callable[[], tuple[Any, ...]]] = {
    ENTRIES_FILE: lambda: (entries.c.day,),
    SESSIONS_FILE: lambda: (sessions.c.started_at, sessions.c.id),
    MEASURES_FILE: lambda: (measures.c.day, measures.c.instrument),
}
TABLES: dict[str, Table] = {ENTRIES_FILE: entries, SESSIONS_FILE: sessions, MEASURES_FILE: measures}
# The columns that name a row in an update or delete (a session has no other key).
WHERE: dict[str, tuple[str, ...]] = {
    ENTRIES_FILE: ("day",),
    SESSIONS_FILE: ("id",),
    MEASURES_FILE: ("day", "instrument"),
}
ROWS: dict[str, Callable[[pd.DataFrame], dict[Hashable, frames.Values]]] = {
    ENTRIES_FILE: frames.entry_rows,
    SESSIONS_FILE: frames.session_rows,
    MEASURES_FILE: frames.measure_rows,
}
BACKUP_NAME = re.compile(r"^(?P<stem>[a-z]+)-(?:replaced-)?(?P<id>[0-9]{6,})(?P<suffix>\.[a-z]+)$")


def no_journal(folder: Path) -> DataFolderMissing:
    return DataFolderMissing(
        folder,
        "There is no journal for this person yet: start one (an empty journal, or the demo).",
    )


def as_csv(name: str, frame: pd.DataFrame) -> bytes:
    """A frame as the CSV journal would write it: what backups and checks are made of."""
    if name == ENTRIES_FILE:
        return csv_format.entries_to_csv(frame).encode("utf-8")
    if name == MEASURES_FILE:
        return csv_format.measures_to_csv(frame).encode("utf-8")
    return csv_format.sessions_to_csv(frame).encode("utf-8")


class Part:
    """One part as read (or written) at one revision: its frame, and the same as the rows it
    stores (worked out once, when a write first compares them)."""

    def __init__(self, name: str, frame: pd.DataFrame):
        self.name = name
        self.frame = frame

    @cached_property
    def rows(self) -> dict[Hashable, frames.Values]:
        return ROWS[self.name](self.frame)


def read_part(connection: Connection, person: str, name: str, extras: list[str]) -> Part:
    """One part of the person's journal, read from its table."""
    table = TABLES[name]
    query = select(table).where(table.c.person == person).order_by(*ORDER[name]())
    rows = list(connection.execute(query))
    if name == ENTRIES_FILE:
        return Part(name, frames.entries_frame(rows, extras))
    if name == SESSIONS_FILE:
        return Part(name, frames.sessions_frame(rows))
    return Part(name, frames.measures_frame(rows))


def read_kept(
    connection: Connection, database: Database, person: str, name: str, head: Any | None
) -> Part:
    """``read_part``, unless this process already holds the part at the journal's revision
    (``head``: the person's row of ``journals``, None when there is none)."""
    if head is None:
        return read_part(connection, person, name, [])
    key = (person, name)
    found: Part | None = database.remembered(key, head.revision)
    if found is None:
        found = read_part(connection, person, name, list(head.extra_columns))
        database.remember(key, head.revision, found)
    return found


@dataclass
class Write:
    """A write in progress (see ``begin``)."""

    connection: Connection
    database: Database
    person: str
    folder: Path
    head: Any
    extras: list[str]
    stored: set[str]
    changed: bool = False
    parts: dict[str, Part] = field(default_factory=dict)
    written: dict[str, Part] = field(default_factory=dict)

    @classmethod
    def begin(cls, connection: Connection, database: Database, person: str, folder: Path) -> Write:
        """Lock the person's journal (others wait; raises DataFolderMissing without one)."""
        head = connection.execute(
            select(journals.c.revision, journals.c.extra_columns, journals.c.stored)
            .where(journals.c.person == person)
            .with_for_update()
        ).first()
        if head is None:
            raise no_journal(folder)
        extras, stored = list(head.extra_columns), set(head.stored)
        return cls(connection, database, person, folder, head, extras, stored)

    def frame(self, name: str) -> pd.DataFrame:
        return self._read(name).frame

    def _read(self, name: str) -> Part:
        if name not in self.parts:
            self.parts[name] = read_kept(
                self.connection, self.database, self.person, name, self.head
            )
        return self.parts[name]

    def store(self, parts: dict[str, pd.DataFrame], *, backup: bool = True) -> None:
        """Keep these versions of the parts, each checked first as the CSV journal checks
        what it writes (WriteFailed, nothing written, when one would not read back)."""
        for name, frame in parts.items():
            csv_format.check_reads_back(self.folder / name, as_csv(name, frame), frame)
        for name, frame in parts.items():
            old, new = self._read(name), Part(name, frames.normal(name, frame))
            if backup and name in self.stored:
                self.keep(name, as_csv(name, old.frame), replaced=False)
            self._store_rows(name, old, new)
            self.stored.add(name)
            if name == ENTRIES_FILE:
                self.extras = frames.extra_columns(new.frame)
            self.parts[name] = self.written[name] = new
        self.changed = True

    def keep(self, part: str, data: bytes, *, replaced: bool) -> int:
        """Keep an earlier version of a part; only the newest BACKUPS_KEPT made by saves stay
        (what a restore sets aside is never rotated away). Returns its id."""
        kept = self.connection.execute(
            insert(backups)
            .values(
                person=self.person,
                part=part,
                saved_at=clock.now(),
                replaced=replaced,
                data=data,
                version=1,
            )
            .returning(backups.c.id)
        ).scalar_one()
        if not replaced:
            newest = (
                select(backups.c.id)
                .where(
                    backups.c.person == self.person,
                    backups.c.part == part,
                    backups.c.replaced.is_(False),
                )
                .order_by(backups.c.id.desc())
                .limit(BACKUPS_KEPT)
            )
            self.connection.execute(
                delete(backups).where(
                    backups.c.person == self.person,
                    backups.c.part == part,
                    backups.c.replaced.is_(False),
                    backups.c.id.not_in(newest.scalar_subquery()),
                )
            )
        self.changed = True
        return int(kept)

    def _store_rows(self, name: str, old: Part, new: Part) -> None:
        table, where = TABLES[name], WHERE[name]
        before, after = old.rows, new.rows
        gone = [k for k in before if k not in after]
        changed = [k for k in after if k in before and after[k] != before[k]]
        added = [after[k] for k in after if k not in before]
        read = self._versions(name, [*gone, *changed])
        match = and_(
            table.c.person == self.person,
            *(table.c[c] == bindparam(f"w_{c}") for c in where),
            table.c.version == bindparam("w_version"),
        )

        def keys(key: Hashable) -> dict[str, Any]:
            return {f"w_{c}": v for c, v in read[key].items()}

        if gone:
            done = self.connection.execute(delete(table).where(match), [keys(k) for k in gone])
            self._check(done.rowcount, len(gone), name)
        if changed:
            columns = [c for c in after[changed[0]] if c not in where]
            statement = (
                update(table)
                .where(match)
                .values(
                    {
                        **{c: bindparam(f"v_{c}") for c in columns},
                        "version": table.c.version + 1,
                        "written_at": func.now(),
                    }
                )
            )
            params = [{**keys(k), **{f"v_{c}": after[k][c] for c in columns}} for k in changed]
            done = self.connection.execute(statement, params)
            self._check(done.rowcount, len(changed), name)
        if added:
            self.connection.execute(
                insert(table), [{**v, "person": self.person, "version": 1} for v in added]
            )

    def _versions(self, name: str, wanted: list[Any]) -> dict[Hashable, dict[str, Any]]:
        """The rows to update or delete as they are now: what names each (its key columns)
        and its version. A row missing here changed meanwhile (WriteFailed)."""
        if not wanted:
            return {}
        table = TABLES[name]
        if name == SESSIONS_FILE:
            starts = sorted({k[0] for k in wanted})
            query = (
                select(table.c.id, table.c.started_at, table.c.routine_id, table.c.version)
                .where(table.c.person == self.person, table.c.started_at.in_(starts))
                .order_by(table.c.started_at, table.c.id)
            )
            found: dict[Hashable, dict[str, Any]] = {}
            seen: dict[tuple[Any, str], int] = {}
            for row in self.connection.execute(query).all():
                number = seen.get((row.started_at, row.routine_id), 0)
                seen[(row.started_at, row.routine_id)] = number + 1
                found[(row.started_at, row.routine_id, number)] = {
                    "id": row.id,
                    "version": row.version,
                }
        else:
            days = sorted({k if name == ENTRIES_FILE else k[0] for k in wanted})
            columns = [table.c[c] for c in WHERE[name]]
            query = select(*columns, table.c.version).where(
                table.c.person == self.person, table.c.day.in_(days)
            )
            found = {}
            for other in self.connection.execute(query).all():
                named: Hashable = (
                    other.day if name == ENTRIES_FILE else (other.day, other.instrument)
                )
                found[named] = {
                    **{c: getattr(other, c) for c in WHERE[name]},
                    "version": other.version,
                }
        missing = [k for k in wanted if k not in found]
        if missing:
            raise WriteFailed(
                f"Nothing was saved: {name} changed while it was being saved; try again"
            )
        return {k: found[k] for k in wanted}

    @staticmethod
    def _check(done: int, expected: int, name: str) -> None:
        if done != expected:
            raise WriteFailed(
                f"Nothing was saved: {name} changed while it was being saved; try again"
            )

    def finish(self) -> None:
        """Count the write in the journal's revision (the version pages cache on), and keep
        what was written, and what was read and not changed, at the new revision."""
        if not self.changed:
            return
        revision = self.connection.execute(
            update(journals)
            .where(journals.c.person == self.person)
            .values(
                revision=func.nextval(REVISIONS),
                extra_columns=self.extras,
                stored=sorted(self.stored),
                version=journals.c.version + 1,
                written_at=func.now(),
            )
            .returning(journals.c.revision)
        ).scalar_one()
        # Under the journal's lock nothing else changed between the two revisions. Should the
        # commit fail, the new revision is never seen (a sequence never gives it again).
        self.database.advance(self.person, self.head.revision, revision, self.written)


def empty(name: str) -> pd.DataFrame:
    if name == ENTRIES_FILE:
        return schema.empty_entries()
    if name == MEASURES_FILE:
        return measure_rules.empty_measures()
    return schema.empty_sessions()
