"""Export (spreadsheet-safe CSV) and import (checked row by row, nothing written) of the journal."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from lumbarlog.domain import catalog, parsing, records, schema
from lumbarlog.domain.schema import Entry, Problem, ValidationError
from lumbarlog.journal import csv_table, reader
from lumbarlog.journal.csv_format import format_hours
from lumbarlog.journal.rows import entries_by_date, same_day


@dataclass(frozen=True)
class ImportPreview:
    """A CSV to import, checked row by row; nothing has been written yet."""

    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]
    new_dates: tuple[dt.date, ...]
    changed_dates: tuple[dt.date, ...]
    same_dates: tuple[dt.date, ...]


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
    table = csv_table.read_table(data, schema.ENTRY_COLUMNS, ("date", "pain"))
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
            entry = records.validate_entry(
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
    existing = entries_by_date(
        current[current["date"].isin([pd.Timestamp(e.date) for e in entries])]
    )
    new_dates, changed, same = [], [], []
    for entry in entries:
        old = existing.get(entry.date)
        if old is None:
            new_dates.append(entry.date)
        elif same_day(old, entry):
            same.append(entry.date)
        else:
            changed.append(entry.date)
    return ImportPreview(
        tuple(entries), tuple(problems), tuple(new_dates), tuple(changed), tuple(same)
    )
