"""Rows of the entries frame <-> ``Entry`` values, and a frame with days added or replaced."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lumbarlog.domain import schema
from lumbarlog.domain.schema import Entry


def same_values(a: Entry | None, b: Entry | None) -> bool:
    """Two versions of a day hold the same values (both missing counts as the same)."""
    if a is None or b is None:
        return a is None and b is None
    return same_day(a, b)


def exercises_from_sessions(sessions: pd.DataFrame, day: dt.date) -> tuple[str, ...]:
    """Exercise ids completed in the routines of one day, in the order first done."""
    midnight = pd.Timestamp(day)
    starts = sessions["start"]
    on_day = sessions[(starts >= midnight) & (starts < midnight + pd.Timedelta(days=1))]
    return tuple(dict.fromkeys(i for ids in on_day["exercises_completed"] for i in ids))


@dataclass(frozen=True)
class Appended:
    """A change that only added days after the last one: the file can grow by those lines."""

    frame: pd.DataFrame
    rows: pd.DataFrame


def upsert(frame: pd.DataFrame, entries: Sequence[Entry]) -> pd.DataFrame | Appended:
    """The journal with these days added or replaced, sorted by date. When every day is new
    and after the last one (logging today, the usual case), says so, so that the write can
    append lines instead of writing the whole file again."""
    extras = [c for c in frame.columns if c not in schema.ENTRY_COLUMNS]
    for entry in entries:
        extras += [c for c in entry.extra if c not in extras]
    frame = frame.assign(**{c: "" for c in extras if c not in frame})
    new_rows = _rows_frame(entries, extras)
    replaced = frame["date"].isin(new_rows["date"])
    kept = frame[~replaced] if replaced.any() else frame
    merged = pd.concat([kept, new_rows], ignore_index=True) if len(kept) else new_rows
    appending = (
        not replaced.any()
        and new_rows["date"].is_monotonic_increasing
        and new_rows["date"].is_unique
        and (kept.empty or new_rows["date"].iloc[0] > kept["date"].iloc[-1])
    )
    if appending:
        return Appended(merged, new_rows)
    return merged.sort_values("date", kind="stable").reset_index(drop=True)


def _rows_frame(entries: Sequence[Entry], extras: Sequence[str]) -> pd.DataFrame:
    """Entries as a frame with exactly the journal's dtypes, built column by column (pandas
    infers nothing, which is most of the cost of a small frame)."""
    entries = sorted(entries, key=lambda e: e.date)

    def texts(values: Iterable[object]) -> pd.Series:
        return pd.Series(list(values), dtype=object)

    return pd.DataFrame(
        {
            "date": pd.Series([pd.Timestamp(e.date) for e in entries], dtype="datetime64[ns]"),
            "pain": pd.Series([e.pain for e in entries], dtype="int64"),
            "sitting_hours": pd.Series(
                [math.nan if e.sitting_hours is None else e.sitting_hours for e in entries],
                dtype="float64",
            ),
            "exercises": texts(tuple(e.exercises) for e in entries),
            "notes": texts(e.notes for e in entries),
            **{c: texts(e.extra.get(c, "") for e in entries) for c in extras},
        }
    )


def entries_by_date(frame: pd.DataFrame) -> dict[dt.date, Entry]:
    return {row["date"].date(): row_to_entry(row) for row in frame.to_dict("records")}


def row_to_entry(row: Mapping[Hashable, Any]) -> Entry:
    # A row of an entries frame: pandas types its cells as Any; schema.ENTRY_DTYPES says what
    # they hold.
    sitting = row["sitting_hours"]
    return Entry(
        date=row["date"].date(),
        pain=int(row["pain"]),
        sitting_hours=None if sitting is None or math.isnan(sitting) else float(sitting),
        exercises=tuple(row["exercises"]),
        notes=str(row["notes"]),
        extra={str(k): str(v) for k, v in row.items() if k not in schema.ENTRY_COLUMNS},
    )


def entry_for(frame: pd.DataFrame, day: dt.date) -> Entry | None:
    """The logged day ``day`` from a loaded journal, or None."""
    match = frame[frame["date"] == pd.Timestamp(day)]
    return None if match.empty else row_to_entry(match.iloc[0].to_dict())


def same_day(a: Entry, b: Entry) -> bool:
    return (a.date, a.pain, a.sitting_hours, a.exercises, a.notes) == (
        b.date,
        b.pain,
        b.sitting_hours,
        b.exercises,
        b.notes,
    )
