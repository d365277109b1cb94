"""Rows of the journal's tables <-> the journal's frames (the same columns and dtypes the CSV
journal reads), and each frame as the rows it stores, keyed so two versions can be compared
row by row: a day by its date, an answered questionnaire by its date and instrument, a session
by its start, routine and how many before it share both."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Row

from lumbarlog.domain import measures, schema
from lumbarlog.domain.measures import Measure
from lumbarlog.domain.schema import Session

Values = dict[str, Any]


def _texts(values: Sequence[object]) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def entries_frame(rows: Sequence[Row[Any]], extra_columns: Sequence[str]) -> pd.DataFrame:
    """Rows of ``entries`` (sorted by day) as the entries frame, the extra columns last."""
    return pd.DataFrame(
        {
            "date": pd.Series([pd.Timestamp(r.day) for r in rows], dtype="datetime64[ns]"),
            "pain": pd.Series([r.pain for r in rows], dtype="int64"),
            "sitting_hours": pd.Series(
                [math.nan if r.sitting_hours is None else r.sitting_hours for r in rows],
                dtype="float64",
            ),
            "exercises": _texts([tuple(r.exercises) for r in rows]),
            "notes": _texts([r.notes for r in rows]),
            **{c: _texts([(r.extra or {}).get(c, "") for r in rows]) for c in extra_columns},
        }
    )


def extra_columns(frame: pd.DataFrame) -> list[str]:
    return [str(c) for c in frame.columns if c not in schema.ENTRY_COLUMNS]


def entry_rows(frame: pd.DataFrame) -> dict[Hashable, Values]:
    """The entries frame as rows of ``entries``, by date. An extra cell left empty is not
    stored (it reads back empty)."""
    extras = extra_columns(frame)
    found: dict[Hashable, Values] = {}
    for row in frame.to_dict("records"):
        day = row["date"].date()
        sitting = row["sitting_hours"]
        found[day] = {
            "day": day,
            "pain": int(row["pain"]),
            "sitting_hours": None if math.isnan(sitting) else float(sitting),
            "exercises": list(row["exercises"]),
            "notes": str(row["notes"]),
            # None when the day has no extra cell (most days): nothing to store or parse.
            "extra": {c: str(row[c]) for c in extras if not _blank(row[c])} or None,
        }
    return found


def _blank(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def sessions_frame(rows: Sequence[Row[Any]]) -> pd.DataFrame:
    """Rows of ``sessions`` (sorted by start, then as recorded) as the sessions frame."""
    if not rows:
        return schema.empty_sessions()
    records = [
        schema.session_to_row(
            Session(
                start=r.started_at,
                end=r.ended_at,
                routine_id=r.routine_id,
                exercises_completed=tuple(r.exercises_completed),
                pain_before=r.pain_before,
                pain_after=r.pain_after,
                outcome=r.outcome,
            )
        )
        for r in rows
    ]
    frame = pd.DataFrame.from_records(records, columns=list(schema.SESSION_COLUMNS))
    return frame.astype(dict(schema.SESSION_DTYPES))


def session_rows(frame: pd.DataFrame) -> dict[Hashable, Values]:
    """The sessions frame as rows of ``sessions``, by (start, routine, how many before)."""
    found: dict[Hashable, Values] = {}
    seen: dict[tuple[dt.datetime, str], int] = {}
    for row in frame.to_dict("records"):
        start = row["start"].to_pydatetime()
        routine = str(row["routine_id"])
        number = seen.get((start, routine), 0)
        seen[(start, routine)] = number + 1
        found[(start, routine, number)] = {
            "started_at": start,
            "ended_at": row["end"].to_pydatetime(),
            "routine_id": routine,
            "exercises_completed": list(row["exercises_completed"]),
            "pain_before": _rating(row["pain_before"]),
            "pain_after": _rating(row["pain_after"]),
            "outcome": str(row["outcome"]),
        }
    return found


def _rating(value: float) -> int | None:
    return None if math.isnan(value) else int(value)


def measures_frame(rows: Sequence[Row[Any]]) -> pd.DataFrame:
    """Rows of ``measures`` as the measures frame (sorted as the file reads)."""
    return measures.measures_frame(
        [Measure(r.day, r.instrument, tuple(int(i) for i in r.items)) for r in rows]
    )


def measure_rows(frame: pd.DataFrame) -> dict[Hashable, Values]:
    """The measures frame as rows of ``measures``, by (date, instrument); score and subscale
    computed from the items, as the file's are."""
    found: dict[Hashable, Values] = {}
    for record in frame.to_dict("records"):
        measure = measures.row_to_measure(record)
        found[(measure.date, measure.instrument)] = {
            "day": measure.date,
            "instrument": measure.instrument,
            "items": list(measure.items),
            "score": measure.score,
            "subscale": measure.subscale,
        }
    return found


def normal(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A frame about to be stored in the form a read gives it: numbered from 0, the schema's
    dtypes, extra columns as text objects."""
    if name == "entries.csv":
        types = {**schema.ENTRY_DTYPES, **dict.fromkeys(extra_columns(frame), "object")}
    elif name == "sessions.csv":
        types = dict(schema.SESSION_DTYPES)
    else:
        types = dict(measures.MEASURE_DTYPES)
    return frame.reset_index(drop=True).astype(types)
