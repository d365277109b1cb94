"""The journal's columns, labels, ranges and types: what a day and a routine session are.

This module and parsing.py are the single place that knows what a valid day and a valid
routine session are. Everything that reads or writes the journal (the Log form, the history
table, imports, the CSV loader, the routine player) goes through parsing.py's validation, so a
value the form refuses can never reach the file by another road.

Two shapes of data appear here:

- *raw* values, as typed in a form or read from a CSV cell (strings, numbers, None);
- *clean* values: ``Entry`` and ``Session`` dataclasses, and DataFrames whose columns have the
  dtypes listed in ``ENTRY_DTYPES`` / ``SESSION_DTYPES``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

# The version of the journal's layout. Bump it together with a migration in journal/ (meta.py
# reads it) when columns change; a journal written by a newer version is refused, never rewritten.
# Version 2 added sessions.csv's ``outcome`` column (see lumbarlog/journal/migrate.py).
SCHEMA_VERSION = 2

ENTRY_COLUMNS: tuple[str, ...] = ("date", "pain", "sitting_hours", "exercises", "notes")
SESSION_COLUMNS: tuple[str, ...] = (
    "start",
    "end",
    "routine_id",
    "exercises_completed",
    "pain_before",
    "pain_after",
    "outcome",
)
# How a session ended: the routine's last step reached, or Stop pressed before it.
FINISHED, STOPPED = "finished", "stopped"
OUTCOMES: tuple[str, ...] = (FINISHED, STOPPED)

# What each column means, in the words the app shows a person.
FIELD_LABELS: Mapping[str, str] = {
    "date": "Date",
    "pain": "Pain (0-10)",
    "sitting_hours": "Hours sitting",
    "exercises": "Exercises done",
    "notes": "Notes",
    "start": "Start",
    "end": "End",
    "routine_id": "Routine",
    "exercises_completed": "Exercises completed",
    "pain_before": "Pain before (0-10)",
    "pain_after": "Pain after (0-10)",
    "outcome": "Outcome",
    # measures.csv (domain/measures.py)
    "instrument": "Questionnaire",
    **{f"item{i}": f"Item {i}" for i in range(1, 10)},
    "score": "Score",
    "subscale": "Distress subscale",
}

PAIN_MIN, PAIN_MAX = 0, 10
SITTING_MIN, SITTING_MAX, SITTING_STEP = 0.0, 24.0, 0.25  # the step is the form's, not a rule
# Dates outside these years have lost their meaning (a typed 1026 or 20266), and pandas cannot
# hold them as calendar days.
YEAR_MIN, YEAR_MAX = 1900, 2200
NOTES_MAX_CHARS = 2000
EXERCISE_SEPARATOR = ";"
EXERCISE_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

# Words at the ends of the pain scale (numeric rating scale, as used in clinics).
PAIN_SCALE_WORDS: Mapping[int, str] = {0: "no pain", 10: "worst pain imaginable"}


@dataclass(frozen=True)
class Problem:
    """One reason a value was refused: which field, why, and where in a file if known."""

    field: str
    reason: str
    line: int | None = None
    date: str | None = None
    value: str | None = None  # the text as found, for a person fixing the file by hand

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.date:
            where.append(self.date)
        prefix = f"{', '.join(where)}: " if where else ""
        return f"{prefix}{FIELD_LABELS.get(self.field, self.field)}: {self.reason}"


class ValidationError(ValueError):
    """Raised when values are refused. Carries every problem found, each naming its field."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Entry:
    """One day of the journal, validated."""

    date: dt.date
    pain: int
    sitting_hours: float | None = None
    exercises: tuple[str, ...] = ()
    notes: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Session:
    """One routine followed in the player, validated."""

    start: dt.datetime
    end: dt.datetime
    routine_id: str
    exercises_completed: tuple[str, ...] = ()
    pain_before: int | None = None
    pain_after: int | None = None
    outcome: str = FINISHED  # FINISHED or STOPPED (ended with Stop before the last step)


# --------------------------------------------------------------------------------------------
# Frames: the in-memory shape of the journal
# --------------------------------------------------------------------------------------------

# Column dtypes of the entries frame a journal returns. ``date`` is a datetime64 at
# midnight (a calendar day); a missing sitting value is NaN; exercises are tuples of ids.
ENTRY_DTYPES: Mapping[str, str] = {
    "date": "datetime64[ns]",
    "pain": "int64",
    "sitting_hours": "float64",
    "exercises": "object",
    "notes": "object",
}
SESSION_DTYPES: Mapping[str, str] = {
    "start": "datetime64[ns]",
    "end": "datetime64[ns]",
    "routine_id": "object",
    "exercises_completed": "object",
    "pain_before": "float64",
    "pain_after": "float64",
    "outcome": "object",
}


def empty_entries() -> pd.DataFrame:
    """A journal with no days, with the right columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in ENTRY_DTYPES.items()})


def empty_sessions() -> pd.DataFrame:
    """No routine sessions, with the right columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in SESSION_DTYPES.items()})


def entry_to_row(entry: Entry) -> dict[str, object]:
    """An Entry as a row of the in-memory frame."""
    return {
        "date": pd.Timestamp(entry.date),
        "pain": entry.pain,
        "sitting_hours": math.nan if entry.sitting_hours is None else entry.sitting_hours,
        "exercises": tuple(entry.exercises),
        "notes": entry.notes,
        **entry.extra,
    }


def session_to_row(session: Session) -> dict[str, object]:
    """A Session as a row of the in-memory frame."""
    return {
        "start": pd.Timestamp(session.start),
        "end": pd.Timestamp(session.end),
        "routine_id": session.routine_id,
        "exercises_completed": tuple(session.exercises_completed),
        "pain_before": math.nan if session.pain_before is None else float(session.pain_before),
        "pain_after": math.nan if session.pain_after is None else float(session.pain_after),
        "outcome": session.outcome,
    }


def row_to_raw(row: Mapping[str, object]) -> dict[str, object]:
    """A row of the in-memory frame back to raw values that ``validate_entry`` accepts."""
    raw = dict(row)
    day, sitting = raw.get("date"), raw.get("sitting_hours")
    if isinstance(day, pd.Timestamp):
        raw["date"] = day.date()
    if isinstance(sitting, float) and math.isnan(sitting):
        raw["sitting_hours"] = None
    return raw
