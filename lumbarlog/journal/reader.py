"""Journal files as bytes -> checked frames: lenient about form, strict about meaning.

This is the one reader of entries.csv and sessions.csv. The app reads its own files with it, a
restart reads them with it, and every write is checked with it before the file is replaced, so
the app never writes a file it would later refuse.

Form that keeps its meaning is accepted: a byte-order mark, UTF-16, Windows-1252 or Latin-1 text
(with a notice), CRLF or CR line ends, blank lines anywhere, no final newline, header names in
any case with spaces, spaces after commas, semicolon or tab separators (with decimal commas),
quoted cells, rows that stop before their last empty fields. Values follow the grammar of
domain/schema.py. What has lost its meaning is refused, naming the line, the field and the value;
every other row is still returned, so a person is never locked out of what could be read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from lumbarlog.domain import schema
from lumbarlog.domain.schema import Problem, ValidationError

MAX_PROBLEMS_KEPT = 200
SEPARATORS = (",", ";", "\t")


@dataclass(frozen=True)
class Table:
    """A CSV file as text cells. ``columns`` are the header's names, the known ones folded to
    the schema's spelling; ``rows`` are padded to the header's width; ``lines`` is the line each
    row starts on. Rows with a problem of form (a quote left open, too many fields) are left
    out and named in ``problems``."""

    columns: list[str]
    rows: list[list[str]]
    lines: list[int]
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    canonical: bool = False  # UTF-8, commas, the header exactly as the app writes it


@dataclass(frozen=True)
class Reading:
    """What could be read of one file: every row that could, the problems of the rest, and
    notices about its form (for example the text encoding it was read in)."""

    frame: pd.DataFrame
    problems: tuple[Problem, ...] = ()
    notices: tuple[str, ...] = ()
    canonical: bool = False


def decode(data: bytes) -> tuple[str, str | None]:
    """Bytes as text, and a notice when they were not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        name = "Windows-1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        name = "Latin-1"
    return text, (
        f"It is not UTF-8 text, so it was read as {name} (Western European); check that "
        "accented letters look right. The next save stores it as UTF-8."
    )


def _fold(name: str) -> str:
    return re.sub(r"[\s_-]+", "_", name.strip().casefold())


def read_table(data: bytes, expected: Sequence[str], required: Sequence[str]) -> Table:
    """Split a CSV file into cells. ``expected``: the known columns, in the order the app writes
    them; ``required``: those without which a row has no meaning."""
    text, notice = decode(data)
    notices = [notice] if notice else []
    physical = _lines(text)
    if not any(line.strip() for line in physical):
        notices.append("It is empty, so it is read as a journal with no days yet.")
        return Table(list(expected), [], [], notices=notices)
    header_index = next(i for i, line in enumerate(physical) if line.strip())
    header_line = physical[header_index].rstrip("\r\n")
    separator, names = _separator(header_line, required)
    folded = [_fold(n) for n in names]
    known = {_fold(c): c for c in expected}
    columns = [known.get(f, n) for f, n in zip(folded, names, strict=True)]
    header_problem = None
    missing = [c for c in required if c not in columns]
    if missing:
        header_problem = (
            f"line {header_index + 1} (the header) is {schema._show(header_line)}; it must name "
            f"the columns {' and '.join(required)} (missing: {', '.join(missing)})"
        )
    elif len(set(columns)) != len(columns):
        twice = sorted({c for c in columns if columns.count(c) > 1})
        header_problem = (
            f"line {header_index + 1} (the header) names the column {', '.join(twice)} twice"
        )
    if header_problem:
        problem = Problem("file", header_problem, line=header_index + 1, value=header_line)
        return Table(columns, [], [], problems=[problem], notices=notices)
    spaced = separator in header_line and all(
        part.startswith(" ") for part in header_line.split(separator)[1:]
    )
    canonical = (
        notice is None
        and separator == ","
        and header_line.lstrip("\ufeff") == ",".join(columns)
        and columns[: len(expected)] == list(expected)
        and text.endswith("\n")
        and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    )
    body = "".join(physical[header_index + 1 :])
    rows, lines, problems = _rows(
        body, header_index + 2, columns, separator, spaced, ends_whole=text.endswith(("\n", "\r"))
    )
    return Table(columns, rows, lines, problems, notices, canonical)


def _separator(header_line: str, required: Sequence[str]) -> tuple[str, list[str]]:
    best: tuple[str, list[str]] | None = None
    for separator in SEPARATORS:
        names = next(csv.reader([header_line], delimiter=separator, skipinitialspace=True))
        names = [n.strip() for n in names]
        if all(any(_fold(n) == r for n in names) for r in required):
            return separator, names
        if best is None:
            best = (separator, names)
    assert best is not None
    return best


# A line inside a quoted cell that looks like a whole row of its own: a quote left open.
def _row_like(separator: str, width: int) -> re.Pattern[str]:
    sep = re.escape(separator)
    date = r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    return re.compile(rf"(?:^|\n)[ \t]*{date}[ \t]*{sep}(?:[^\n]*{sep}){{{max(width - 2, 0)}}}")


def _rows(
    body: str,
    first_line: int,
    columns: list[str],
    separator: str,
    spaced: bool,
    *,
    ends_whole: bool,
) -> tuple[list[list[str]], list[int], list[Problem]]:
    width = len(columns)
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    row_like = _row_like(separator, width)
    body_lines = _lines(body)  # for naming a line's text in a problem

    def line_of(index: int) -> str:
        return body_lines[index].rstrip("\r\n") if 0 <= index < len(body_lines) else ""

    reader = csv.reader(
        io.StringIO(body, newline=""), delimiter=separator, skipinitialspace=spaced, strict=True
    )
    line = first_line
    while True:
        start = line
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            field_name = _open_quote_field(
                body_lines, start - first_line, columns, separator, spaced
            )
            problems.append(
                Problem(
                    field_name,
                    f"a quote opened on line {start} is never closed, so every line after it "
                    "would be part of this one; add the closing quote",
                    line=start,
                    value=line_of(start - first_line),
                )
            )
            break
        line = first_line + reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue  # a blank line
        if len(row) > width:
            problems.append(
                Problem(
                    "file",
                    f"has {len(row)} fields where the header has {width}; a value with a "
                    f"{'comma' if separator == ',' else 'separator'} in it needs quotes",
                    line=start,
                    value=line_of(start - first_line),
                )
            )
            continue
        if len(row) < width and not ends_whole and line - first_line >= len(body_lines):
            problems.append(
                Problem(
                    "file",
                    f"the last line has {len(row)} of {width} fields and no line end: the file "
                    "may have been cut short",
                    line=start,
                    value=line_of(start - first_line),
                )
            )
            continue
        swallowed = next(
            (
                (i, cell)
                for i, cell in enumerate(row)
                if "\n" in cell or "\r" in cell
                if row_like.search(cell.replace("\r\n", "\n").replace("\r", "\n"))
            ),
            None,
        )
        if swallowed is not None:
            problems.append(
                Problem(
                    columns[swallowed[0]] if swallowed[0] < width else "file",
                    f"a quote opened on line {start} closes only on line {line - 1}, and the "
                    "lines between look like days of their own: a closing quote may be missing",
                    line=start,
                    value=line_of(start - first_line),
                )
            )
            continue
        rows.append(row + [""] * (width - len(row)))
        lines.append(start)
    return rows, lines, problems


def _lines(text: str) -> list[str]:
    """Physical lines with their ends. Only CR, LF and CRLF end a line, as for the csv module:
    str.splitlines would also break at form feeds, U+0085 or U+2028 inside a note."""
    return io.StringIO(text, newline="").readlines()


def _open_quote_field(
    body_lines: list[str], index: int, columns: list[str], separator: str, spaced: bool
) -> str:
    rest = "".join(body_lines[index:])
    try:
        row = next(
            csv.reader(io.StringIO(rest, newline=""), delimiter=separator, skipinitialspace=spaced)
        )
    except (StopIteration, csv.Error):
        return "file"
    position = len(row) - 1
    return columns[position] if 0 <= position < len(columns) else "file"


# --------------------------------------------------------------------------------------------
# Frames
# --------------------------------------------------------------------------------------------

# The form the app itself writes. Cells in this form are converted column by column (fast on
# a long journal); any other cell goes through the grammar in domain/schema.py, which accepts all
# of these too and gives the same values (a property test checks that).
_FAST_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_FAST_PAIN = r"10|[0-9]"
_FAST_HOURS = r"[0-9]{1,2}(?:\.[0-9]{1,6})?|"  # and within the schema's range, checked below
_FAST_ID = schema.EXERCISE_ID_PATTERN.pattern.removeprefix("^").removesuffix("$")
_FAST_IDS = rf"(?:{_FAST_ID}(?:{re.escape(schema.EXERCISE_SEPARATOR)}{_FAST_ID})*)?"


def entries_frame(table: Table, lookup: Mapping[str, str]) -> Reading:
    """The days of a table, checked; rows that cannot be read are named, the rest returned."""
    extras = [c for c in table.columns if c not in schema.ENTRY_COLUMNS]
    problems = list(table.problems)
    if not table.rows:
        frame = schema.empty_entries()
        return Reading(
            frame.assign(**{c: pd.Series(dtype=object) for c in extras}),
            tuple(problems),
            tuple(table.notices),
            table.canonical,
        )
    known_at = [i for i, c in enumerate(table.columns) if c in schema.ENTRY_COLUMNS]
    cells = {table.columns[i]: [row[i] for row in table.rows] for i in known_at}
    n = len(table.rows)
    text = {c: pd.Series(cells.get(c, [""] * n), dtype=object) for c in schema.ENTRY_COLUMNS}
    dates = pd.to_datetime(
        text["date"].where(text["date"].str.fullmatch(_FAST_DATE)),
        format="%Y-%m-%d",
        errors="coerce",
    )
    in_years = dates.dt.year.between(schema.YEAR_MIN, schema.YEAR_MAX)
    fast = (
        dates.notna()
        & in_years
        & text["pain"].str.fullmatch(_FAST_PAIN)
        & text["sitting_hours"].str.fullmatch(_FAST_HOURS)
        & (
            text["sitting_hours"].eq("")
            | pd.to_numeric(text["sitting_hours"], errors="coerce").between(
                schema.SITTING_MIN, schema.SITTING_MAX
            )
        )
        & text["exercises"].str.fullmatch(_FAST_IDS)
    )
    date_values = list(dates.where(fast).astype("datetime64[ns]"))
    pain_values = list(pd.to_numeric(text["pain"].where(fast), errors="coerce"))
    hours_values = list(
        pd.to_numeric(
            text["sitting_hours"].where(fast & text["sitting_hours"].ne("")), errors="coerce"
        )
    )
    keys: dict[str, str] = {}
    exercise_values = [
        _fast_ids(t, lookup, keys) if ok else ()
        for t, ok in zip(text["exercises"], fast, strict=True)
    ]
    good = list(fast)
    slow = [i for i, ok in enumerate(good) if not ok]
    if slow:
        day_first = schema.day_order(text["date"].iloc[slow])
        for index in slow:
            raw = {c: text[c].iloc[index] for c in schema.ENTRY_COLUMNS}
            try:
                entry = schema.validate_entry(
                    raw, known_exercises=None, lookup=lookup, from_file=True, day_first=day_first
                )
            except ValidationError as error:
                if len(problems) < MAX_PROBLEMS_KEPT:
                    problems.extend(at_line(p, table.lines[index]) for p in error.problems)
                continue
            good[index] = True
            date_values[index] = pd.Timestamp(entry.date)
            pain_values[index] = entry.pain
            hours_values[index] = (
                float("nan") if entry.sitting_hours is None else entry.sitting_hours
            )
            exercise_values[index] = entry.exercises
    frame = pd.DataFrame(
        {
            "date": pd.Series(date_values, dtype="datetime64[ns]"),
            "pain": pd.Series(pain_values, dtype="float64"),
            "sitting_hours": pd.Series(hours_values, dtype="float64"),
            "exercises": pd.Series(exercise_values, dtype=object),
            "notes": text["notes"],
        }
    )
    if extras:
        # Extra columns as one block of text: a wide file stays quick to read.
        extra_at = [i for i, c in enumerate(table.columns) if c not in schema.ENTRY_COLUMNS]
        block = pd.DataFrame(
            [[row[i] for i in extra_at] for row in table.rows], columns=extras, dtype=object
        )
        frame = pd.concat([frame, block], axis=1)
    frame = frame[good]
    duplicated = frame["date"].duplicated(keep="first")
    if duplicated.any():
        first_line: dict[pd.Timestamp, int] = {}
        for index, day in zip(frame.index, frame["date"], strict=True):
            first_line.setdefault(day, table.lines[index])
        for index, day in zip(frame.index[duplicated], frame["date"][duplicated], strict=True):
            if len(problems) < MAX_PROBLEMS_KEPT:
                problems.append(
                    Problem(
                        "date",
                        f"{day.date().isoformat()} is already on line {first_line[day]}; a day "
                        "can be logged once (merge the two lines into one)",
                        line=table.lines[index],
                        value=text["date"].iloc[index],
                    )
                )
        frame = frame[~duplicated]
    frame["pain"] = frame["pain"].astype("int64")
    frame = frame.sort_values("date", kind="stable")
    problems.sort(key=lambda p: p.line or 0)
    return Reading(
        frame.reset_index(drop=True),
        tuple(problems),
        tuple(table.notices),
        # An old id read as its new one is written as the new one by the next save, so that
        # save must write the whole file rather than append to the old bytes.
        table.canonical and all(k == v for k, v in keys.items()),
    )


def _fast_ids(text: str, lookup: Mapping[str, str], keys: dict[str, str]) -> tuple[str, ...]:
    if not text:
        return ()
    ids = []
    for part in text.split(schema.EXERCISE_SEPARATOR):
        if part not in keys:
            keys[part] = lookup.get(schema.exercise_key(part), part)
        ids.append(keys[part])
    return tuple(dict.fromkeys(ids))


def sessions_frame(table: Table, lookup: Mapping[str, str]) -> Reading:
    """The routine sessions of a table, checked row by row."""
    records = []
    problems = list(table.problems)
    for row, line in zip(table.rows, table.lines, strict=True):
        raw = dict(zip(table.columns, row, strict=True))
        try:
            session = schema.validate_session(raw, known_exercises=None, lookup=lookup)
        except ValidationError as error:
            if len(problems) < MAX_PROBLEMS_KEPT:
                problems.extend(at_line(p, line) for p in error.problems)
            continue
        records.append(schema.session_to_row(session))
    if records:
        frame = pd.DataFrame.from_records(records, columns=list(schema.SESSION_COLUMNS))
        frame = frame.astype(dict(schema.SESSION_DTYPES)).sort_values("start", kind="stable")
    else:
        frame = schema.empty_sessions()
    return Reading(
        frame.reset_index(drop=True), tuple(problems), tuple(table.notices), table.canonical
    )


def at_line(problem: Problem, line: int) -> Problem:
    return Problem(problem.field, problem.reason, line=line, date=problem.date, value=problem.value)


def read_entries_bytes(data: bytes, lookup: Mapping[str, str]) -> Reading:
    return entries_frame(read_table(data, schema.ENTRY_COLUMNS, ("date", "pain")), lookup)


def read_sessions_bytes(data: bytes, lookup: Mapping[str, str]) -> Reading:
    return sessions_frame(
        read_table(data, schema.SESSION_COLUMNS, ("start", "end", "routine_id")), lookup
    )


READERS: Mapping[str, Callable[[bytes, Mapping[str, str]], Reading]] = {
    "entries.csv": read_entries_bytes,
    "sessions.csv": read_sessions_bytes,
}
