"""Small builders of in-memory journals (the shapes the journal
returns), for trends and tips."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from lumbarlog.domain import schema

START = dt.date(2026, 1, 5)  # a Monday


def entries(
    pain: Sequence[float | None],
    *,
    start: dt.date = START,
    sitting_hours: Sequence[float | None] | None = None,
    exercises: Sequence[tuple[str, ...]] | None = None,
    notes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One entry per position, on consecutive days from ``start``; a None pain leaves a gap."""
    days = len(pain)
    sitting_hours = sitting_hours if sitting_hours is not None else [None] * days
    exercises = exercises if exercises is not None else [()] * days
    notes = notes if notes is not None else [""] * days
    rows = [
        {
            "date": pd.Timestamp(start + dt.timedelta(days=offset)),
            "pain": int(pain[offset]),
            "sitting_hours": np.nan if sitting_hours[offset] is None else sitting_hours[offset],
            "exercises": tuple(exercises[offset]),
            "notes": notes[offset],
        }
        for offset in range(days)
        if pain[offset] is not None
        and not (isinstance(pain[offset], float) and np.isnan(pain[offset]))
    ]
    return frame_of_entries(rows)


def frame_of_entries(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(schema.ENTRY_COLUMNS))
    return frame.astype(dict(schema.ENTRY_DTYPES))


def sessions(rows: Sequence[dict] = ()) -> pd.DataFrame:
    """Routine sessions; each row needs start, and may give the other columns."""
    full = [
        {
            "start": pd.Timestamp(row["start"]),
            "end": pd.Timestamp(row.get("end", row["start"])) + pd.Timedelta(minutes=5),
            "routine_id": row.get("routine_id", "relief_60s"),
            "exercises_completed": tuple(row.get("exercises_completed", ())),
            "pain_before": float(row.get("pain_before", np.nan)),
            "pain_after": float(row.get("pain_after", np.nan)),
            "outcome": row.get("outcome", "finished"),
        }
        for row in rows
    ]
    frame = pd.DataFrame(full, columns=list(schema.SESSION_COLUMNS))
    return frame.astype(dict(schema.SESSION_DTYPES))


def clip_pain(values: np.ndarray) -> list[int]:
    """Round to the 0-10 scale the journal allows."""
    return np.clip(np.rint(values), 0, 10).astype(int).tolist()
