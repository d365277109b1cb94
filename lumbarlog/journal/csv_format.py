"""Frames -> the journal's own CSV bytes, and the check that they read back as the same frame."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd

from lumbarlog.domain import catalog, measures, schema, words
from lumbarlog.journal import reader
from lumbarlog.journal.errors import WriteFailed


def check_reads_back(path: Path, data: bytes, frame: pd.DataFrame) -> None:
    """Raise WriteFailed unless ``data`` reads back, as a restart would read it, as ``frame``."""
    reading = reader.READERS[path.name](data, catalog.exercise_lookup())
    if reading.problems:
        raise WriteFailed(
            f"Nothing was saved: the new {path.name} would not read back ({reading.problems[0]})"
        )
    difference = _first_difference(frame, reading.frame)
    if difference:
        raise WriteFailed(
            f"Nothing was saved: the new {path.name} would read back differently ({difference})"
        )


def _first_difference(expected: pd.DataFrame, found: pd.DataFrame) -> str | None:
    if list(expected.columns) != list(found.columns):
        return f"columns {list(found.columns)} instead of {list(expected.columns)}"
    if len(expected) != len(found):
        return f"{words.count(len(found), 'row')} instead of {len(expected):,}"
    for column in expected.columns:
        a = expected[column].reset_index(drop=True)
        b = found[column].reset_index(drop=True)
        same = (a == b) | (a.isna() & b.isna()) if column != "exercises" else None
        if same is None:
            same = pd.Series([tuple(x) == tuple(y) for x, y in zip(a, b, strict=True)])
        if not bool(same.all()):
            at = int((~same).to_numpy().argmax())
            return f"{column} of row {at + 1}: {b.iloc[at]!r} instead of {a.iloc[at]!r}"
    return None


def format_hours(value: float) -> str:
    """7.0 -> '7', 7.25 -> '7.25', 6.1 -> '6.1' (the shortest text that reads back as the same
    number, never in exponent form), NaN -> ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return np.format_float_positional(float(value), trim="-")


def entries_to_csv(frame: pd.DataFrame) -> str:
    """The journal as CSV text: the five columns, then any extra ones, one row per day."""
    columns = list(schema.ENTRY_COLUMNS) + [
        c for c in frame.columns if c not in schema.ENTRY_COLUMNS
    ]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    if len(frame):
        date_text = frame["date"].dt.strftime("%Y-%m-%d")
        pain_text = frame["pain"].astype("int64").astype(str)
        hours_text = [format_hours(v) for v in frame["sitting_hours"]]
        exercise_text = [schema.EXERCISE_SEPARATOR.join(ids) for ids in frame["exercises"]]
        notes = [str(v) for v in frame["notes"]]
        extras = [
            ["" if pd.isna(v) else str(v) for v in frame[c]]
            for c in columns[len(schema.ENTRY_COLUMNS) :]
        ]
        rows = zip(date_text, pain_text, hours_text, exercise_text, notes, *extras, strict=True)
        if any("\r" in cell for column in (notes, *extras) for cell in column):
            # csv quotes a cell holding "\n" but not a bare "\r", which a reader would take for
            # a line end: rows holding one are written with every cell quoted.
            quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
            for row in rows:
                (quoted if any("\r" in cell for cell in row) else writer).writerow(row)
        else:
            writer.writerows(rows)
    return buffer.getvalue()


def sessions_to_csv(frame: pd.DataFrame) -> str:
    """The routine sessions as CSV text."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(schema.SESSION_COLUMNS)
    rows = frame[list(schema.SESSION_COLUMNS)].itertuples(index=False, name=None)
    for start, end, routine_id, completed, pain_before, pain_after, outcome in rows:
        writer.writerow(
            [
                start.isoformat(timespec="seconds"),
                end.isoformat(timespec="seconds"),
                routine_id,
                schema.EXERCISE_SEPARATOR.join(completed),
                "" if math.isnan(pain_before) else str(int(pain_before)),
                "" if math.isnan(pain_after) else str(int(pain_after)),
                outcome,
            ]
        )
    return buffer.getvalue()


def measures_to_csv(frame: pd.DataFrame) -> str:
    """The questionnaires as CSV text: answers as whole numbers, blank where an instrument has
    fewer items, the score to two decimals (a PEG score is a mean of three)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(measures.MEASURE_COLUMNS)
    for row in frame[list(measures.MEASURE_COLUMNS)].itertuples(index=False, name=None):
        day, instrument, *numbers = row
        *items, score, subscale = numbers
        writer.writerow(
            [
                day.strftime("%Y-%m-%d"),
                instrument,
                *("" if math.isnan(v) else str(int(v)) for v in items),
                format_hours(round(score, 2)),
                "" if math.isnan(subscale) else str(int(subscale)),
            ]
        )
    return buffer.getvalue()
