"""One write to a person's journal in the database: the journal's row locked (one save at a
time per person, across every app server), the parts it changes read, checked as the CSV
journal checks what it writes, and stored as the rows that differ, each update and delete
only where the row's version is still the one read. Nothing is written unless all of it is."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Table, and_, bindparam, delete, func, insert, select, update

from lumbarlog import clock
from lumbarlog.domain import measures as measure_rules
from lumbarlog.journal import csv_format
from lumbarlog.journal.days import DayChanged, DayConflict
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
from lumbarlog.journal.rows import entry_for

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
    """One part as read (or written) at one revision: its frame, the same as the rows it
    stores, and each row's handle (the columns that name it and its version, as read)."""

    def __init__(
        self,
        name: str,
        frame: pd.DataFrame,
        read: Sequence[Any] = (),
        handles: dict[Hashable, dict[str, Any]] | None = None,
    ):
        self.name = name
        self.frame = frame
        self._read = read  # the rows of the table, in the frame's order
        self._handles = handles

    @cached_property
    def rows(self) -> dict[Hashable, frames.Values]:
        return ROWS[self.name](self.frame)

    @property
    def handles(self) -> dict[Hashable, dict[str, Any]]:
        if self._handles is None:
            self._handles = {
                key: {**{c: getattr(row, c) for c in WHERE[self.name]}, "version": row.version}
                for key, row in zip(self.rows, self._read, strict=True)
            }
        return self._handles


def read_part(connection: Connection, person: str, name: str, extras: list[str]) -> Part:
    """One part of the person's journal, read from its table."""
    table = TABLES[name]
    query = select(table).where(table.c.person == person).order_by(*ORDER[name]())
    rows = list(connection.execute(query))
    if name == ENTRIES_FILE:
        return Part(name, frames.entries_frame(rows, extras), rows)
    if name == SESSIONS_FILE:
        return Part(name, frames.sessions_frame(rows), rows)
    # In the file's order (by date, then instrument as measures.INSTRUMENTS lists them).
    rows.sort(key=lambda r: (r.day, measure_rules.INSTRUMENTS.index(r.instrument)))
    return Part(name, frames.measures_frame(rows), rows)


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
        """Store the rows of ``new`` that differ from ``old``: each update and delete only
        where the row is still at the version read with ``old``, and nothing at all when a
        row changed outside the app meanwhile (a day: DayChanged; else WriteFailed)."""
        table, where = TABLES[name], WHERE[name]
        before, after, handles = old.rows, new.rows, old.handles
        gone = [k for k in before if k not in after]
        changed = [k for k in after if k in before and after[k] != before[k]]
        added = [k for k in after if k not in before]
        now = self._versions(name, [*gone, *changed, *added])
        stale = [k for k in (*gone, *changed) if now.get(k) != handles[k]] + [
            k for k in added if k in now
        ]
        if stale:
            self.database.forget(self.person)  # what this process holds is out of date
            raise self._changed_outside(name, stale[0], old)
        match = and_(
            table.c.person == self.person,
            *(table.c[c] == bindparam(f"w_{c}") for c in where),
            table.c.version == bindparam("w_version"),
        )

        def named(key: Hashable) -> dict[str, Any]:
            return {f"w_{c}": v for c, v in handles[key].items()}

        kept = dict(handles)
        if gone:
            done = self.connection.execute(delete(table).where(match), [named(k) for k in gone])
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
            params = [{**named(k), **{f"v_{c}": after[k][c] for c in columns}} for k in changed]
            done = self.connection.execute(statement, params)
            self._check(done.rowcount, len(changed), name)
            for key in changed:
                kept[key] = {**kept[key], "version": kept[key]["version"] + 1}
        if added:
            params = [{**after[k], "person": self.person, "version": 1} for k in added]
            if name == SESSIONS_FILE:
                returning = insert(table).returning(table.c.id, sort_by_parameter_order=True)
                ids = self.connection.execute(returning, params).scalars().all()
                kept.update({k: {"id": i, "version": 1} for k, i in zip(added, ids, strict=True)})
            else:
                self.connection.execute(insert(table), params)
                kept.update({k: {c: after[k][c] for c in where} | {"version": 1} for k in added})
        new._handles = {k: kept[k] for k in after}

    def _changed_outside(self, name: str, key: Any, old: Part) -> Exception:
        if name != ENTRIES_FILE:
            return WriteFailed(
                f"Nothing was saved: {name} was changed outside the app meanwhile; reload the "
                "page and try again"
            )
        query = select(entries).where(entries.c.person == self.person, entries.c.day == key)
        current = frames.entries_frame(list(self.connection.execute(query)), self.extras)
        return DayChanged(DayConflict(key, entry_for(old.frame, key), entry_for(current, key)))

    def _versions(self, name: str, wanted: list[Any]) -> dict[Hashable, dict[str, Any]]:
        """The handles of these rows as they are now (locked until the save ends); a row
        that is not there is left out."""
        if not wanted:
            return {}
        table = TABLES[name]
        if name == SESSIONS_FILE:
            starts = sorted({k[0] for k in wanted})
            query = (
                select(table.c.id, table.c.started_at, table.c.routine_id, table.c.version)
                .where(table.c.person == self.person, table.c.started_at.in_(starts))
                .order_by(table.c.started_at, table.c.id)
                .with_for_update()
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
            query = (
                select(*columns, table.c.version)
                .where(table.c.person == self.person, table.c.day.in_(days))
                .with_for_update()
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
        return found

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
