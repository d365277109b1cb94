"""Journal files as bytes -> checked frames: lenient about form, strict about meaning.

This is the one reader of entries.csv and sessions.csv. The app reads its own files with it, a
restart reads them with it, and every write is checked with it before the file is replaced, so
the app never writes a file it would later refuse.

The file is split into cells by csv_table.py (lenient about form); values follow the grammar of
domain/schema.py. What has lost its meaning is refused, naming the line, the field and the value;
every other row is still returned, so a person is never locked out of what could be read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from lumbarlog.domain import catalog, measures, parsing, records, schema
from lumbarlog.domain.schema import Problem, ValidationError
from lumbarlog.journal.csv_table import Table, read_table

MAX_PROBLEMS_KEPT = 200


@dataclass(frozen=True)
class Reading:
    """What could be read of one file: every row that could, the problems of the rest, and
    notices about its form (for example the text encoding it was read in)."""

    frame: pd.DataFrame
    problems: tuple[Problem, ...] = ()
    notices: tuple[str, ...] = ()
    canonical: bool = False


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
        day_first = parsing.day_order(text["date"].iloc[slow])
        for index in slow:
            raw = {c: text[c].iloc[index] for c in schema.ENTRY_COLUMNS}
            try:
                entry = records.validate_entry(
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
            keys[part] = lookup.get(parsing.exercise_key(part), part)
        ids.append(keys[part])
    return tuple(dict.fromkeys(ids))


def sessions_frame(table: Table, lookup: Mapping[str, str]) -> Reading:
    """The routine sessions of a table, checked row by row. A file without the ``outcome``
    column (schema version 1) has each outcome filled by ``records.outcome_by_rule``."""
    routines = catalog.routine_exercises()
    session_rows: list[dict[str, object]] = []
    problems = list(table.problems)
    for row, line in zip(table.rows, table.lines, strict=True):
        raw = dict(zip(table.columns, row, strict=True))
        try:
            session = records.validate_session(
                raw, known_exercises=None, lookup=lookup, routine_exercises=routines
            )
        except ValidationError as error:
            if len(problems) < MAX_PROBLEMS_KEPT:
                problems.extend(at_line(p, line) for p in error.problems)
            continue
        session_rows.append(schema.session_to_row(session))
    if session_rows:
        frame = pd.DataFrame.from_records(session_rows, columns=list(schema.SESSION_COLUMNS))
        frame = frame.astype(dict(schema.SESSION_DTYPES)).sort_values("start", kind="stable")
    else:
        frame = schema.empty_sessions()
    return Reading(
        frame.reset_index(drop=True), tuple(problems), tuple(table.notices), table.canonical
    )


def measures_frame(table: Table) -> Reading:
    """The questionnaires of a table (measures.csv), checked row by row; an answer given twice
    for the same questionnaire and day is named on its later line. A column the file does not
    know is refused (the next save would drop it), so the file is not written over."""
    problems = list(table.problems)
    known = {re.sub(r"[\s_-]+", "", c): c for c in measures.MEASURE_COLUMNS}
    columns = [known.get(re.sub(r"[\s_-]+", "", c.casefold()), c) for c in table.columns]
    unknown = [c for c in columns if c not in measures.MEASURE_COLUMNS]
    if unknown:
        problems.append(
            Problem(
                "file",
                f"the header names {', '.join(map(repr, unknown))}, which measures.csv does not "
                f"have (its columns: {', '.join(measures.MEASURE_COLUMNS)})",
                line=1,
            )
        )
    found: list[measures.Measure] = []
    first_line: dict[tuple[object, str], int] = {}
    for row, line in zip(table.rows, table.lines, strict=True):
        raw = dict(zip(columns, row, strict=True))
        try:
            measure = measures.validate_measure(raw)
        except ValidationError as error:
            if len(problems) < MAX_PROBLEMS_KEPT:
                problems.extend(at_line(p, line) for p in error.problems)
            continue
        key = (measure.date, measure.instrument)
        if key in first_line:
            problems.append(
                Problem(
                    "date",
                    f"{measure.name} of {measure.date.isoformat()} is already on line "
                    f"{first_line[key]}; keep one of the two lines",
                    line=line,
                    value=measure.date.isoformat(),
                )
            )
            continue
        first_line[key] = line
        found.append(measure)
    problems.sort(key=lambda p: p.line or 0)
    return Reading(
        measures.measures_frame(found), tuple(problems), tuple(table.notices), table.canonical
    )


def at_line(problem: Problem, line: int) -> Problem:
    return Problem(problem.field, problem.reason, line=line, date=problem.date, value=problem.value)


def read_entries_bytes(data: bytes, lookup: Mapping[str, str]) -> Reading:
    return entries_frame(read_table(data, schema.ENTRY_COLUMNS, ("date", "pain")), lookup)


def read_sessions_bytes(data: bytes, lookup: Mapping[str, str]) -> Reading:
    return sessions_frame(
        read_table(data, schema.SESSION_COLUMNS, ("start", "end", "routine_id")), lookup
    )


def read_measures_bytes(data: bytes, lookup: Mapping[str, str]) -> Reading:
    """measures.csv (``lookup``, for exercise ids, is not needed: there are none in it)."""
    return measures_frame(read_table(data, measures.MEASURE_COLUMNS, ("date", "instrument")))


READERS: Mapping[str, Callable[[bytes, Mapping[str, str]], Reading]] = {
    "entries.csv": read_entries_bytes,
    "sessions.csv": read_sessions_bytes,
    "measures.csv": read_measures_bytes,
}
