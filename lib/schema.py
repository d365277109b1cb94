"""The journal's columns, types and ranges, and the validation that names the field and the reason.

This module is the single place that knows what a valid day and a valid routine session are.
Everything that reads or writes the journal (the Log form, the history table, imports, the CSV
loader, the routine player) goes through these functions, so a value the form refuses can never
reach the file by another road.

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

# The version of the journal's layout. Bump it together with a migration in lib/store.py
# when columns change; a journal written by a newer version is refused, never rewritten.
SCHEMA_VERSION = 1

ENTRY_COLUMNS: tuple[str, ...] = ("date", "pain", "sitting_hours", "exercises", "notes")
SESSION_COLUMNS: tuple[str, ...] = (
    "start",
    "end",
    "routine_id",
    "exercises_completed",
    "pain_before",
    "pain_after",
)

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
}

PAIN_MIN, PAIN_MAX = 0, 10
SITTING_MIN, SITTING_MAX, SITTING_STEP = 0.0, 24.0, 0.25
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


# --------------------------------------------------------------------------------------------
# Single values
# --------------------------------------------------------------------------------------------


def _is_blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return False  # NaN is not "blank": it is a bad number, and is reported as such
    return isinstance(value, str) and value.strip() == ""


def parse_date(value: object, *, today: dt.date | None = None, name: str = "date") -> dt.date:
    """A calendar date (ISO 8601, YYYY-MM-DD). With ``today``, dates after it are refused."""
    if _is_blank(value):
        raise ValidationError([Problem(name, "is missing; use the form YYYY-MM-DD")])
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, pd.Timestamp):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            day = None
        if day is None or len(text) != 10:
            raise ValidationError([Problem(name, f"{text!r} is not a date in the form YYYY-MM-DD")])
    if today is not None and day > today:
        raise ValidationError([Problem(name, f"{day.isoformat()} is in the future")])
    return day


def parse_pain(value: object, *, name: str = "pain", required: bool = True) -> int | None:
    """A whole number from 0 to 10."""
    if _is_blank(value):
        if required:
            raise ValidationError([Problem(name, "is missing; give a whole number from 0 to 10")])
        return None
    number = _as_number(value, name)
    if number != int(number):
        raise ValidationError(
            [Problem(name, f"must be a whole number from 0 to 10 (got {_show(value)})")]
        )
    if not PAIN_MIN <= number <= PAIN_MAX:
        raise ValidationError([Problem(name, f"must be from 0 to 10 (got {_show(value)})")])
    return int(number)


def parse_sitting_hours(value: object, *, name: str = "sitting_hours") -> float | None:
    """Hours from 0 to 24 in steps of a quarter hour; blank means not recorded."""
    if _is_blank(value):
        return None
    number = _as_number(value, name)
    if not SITTING_MIN <= number <= SITTING_MAX:
        raise ValidationError([Problem(name, f"must be from 0 to 24 hours (got {_show(value)})")])
    if not math.isclose(number * 4, round(number * 4), abs_tol=1e-9):
        raise ValidationError(
            [
                Problem(
                    name,
                    f"must be in steps of a quarter hour, like 6.25 or 6.5 (got {_show(value)})",
                )
            ]
        )
    return round(number * 4) / 4


def parse_exercises(
    value: object, known: Iterable[str] | None, *, name: str = "exercises"
) -> tuple[str, ...]:
    """Exercise ids from the catalog, given as a list or as one string separated by ';'.

    With ``known`` None, only the form of each id is checked (used when loading a journal, so
    that an id retired from the catalog never makes the person's own file unreadable).
    """
    if _is_blank(value):
        return ()
    if isinstance(value, str):
        items = [part.strip() for part in value.split(EXERCISE_SEPARATOR)]
    elif isinstance(value, Iterable):
        items = [str(part).strip() for part in value]
    else:
        raise ValidationError([Problem(name, f"{_show(value)} is not a list of exercise ids")])
    ids = tuple(
        dict.fromkeys(item for item in items if item)
    )  # drop blanks and repeats, keep order
    known_set = None if known is None else frozenset(known)
    for item in ids:
        if not EXERCISE_ID_PATTERN.match(item):
            raise ValidationError([Problem(name, f"{item!r} is not an exercise id")])
        if known_set is not None and item not in known_set:
            raise ValidationError([Problem(name, f"{item!r} is not an exercise in the catalog")])
    return ids


def parse_notes(value: object, *, name: str = "notes") -> str:
    """Free text up to NOTES_MAX_CHARS characters. Kept exactly as typed (no trimming inside)."""
    if _is_blank(value):
        return ""
    text = str(value)
    if "\x00" in text:
        raise ValidationError([Problem(name, "contains a NUL character")])
    if len(text) > NOTES_MAX_CHARS:
        raise ValidationError(
            [Problem(name, f"is {len(text):,} characters long; the limit is {NOTES_MAX_CHARS:,}")]
        )
    return text


def parse_timestamp(value: object, *, name: str) -> dt.datetime:
    """A local date and time in ISO 8601 (YYYY-MM-DDTHH:MM:SS)."""
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value
    if _is_blank(value):
        raise ValidationError([Problem(name, "is missing")])
    try:
        return dt.datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(
            [Problem(name, f"{_show(value)} is not a date and time like 2026-05-01T07:30:00")]
        ) from None


def _as_number(value: object, name: str) -> float:
    if isinstance(value, bool):
        raise ValidationError([Problem(name, f"must be a number (got {value!r})")])
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationError([Problem(name, f"must be a number (got {_show(value)})")]) from None
    if math.isnan(number) or math.isinf(number):
        raise ValidationError([Problem(name, f"must be a number (got {_show(value)})")])
    return number


def _show(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


# --------------------------------------------------------------------------------------------
# Whole records
# --------------------------------------------------------------------------------------------


def validate_entry(
    raw: Mapping[str, object],
    *,
    known_exercises: Iterable[str] | None,
    today: dt.date | None = None,
) -> Entry:
    """Check one day. Collects every problem (not just the first) so a form can show them all.

    ``today``: refuse dates after it (the form and imports pass the local date; loading a
    journal does not, so a clock or time-zone change never makes a saved day unreadable).
    """
    problems: list[Problem] = []
    values: dict[str, object] = {}
    parsers = {
        "date": lambda v: parse_date(v, today=today),
        "pain": parse_pain,
        "sitting_hours": parse_sitting_hours,
        "exercises": lambda v: parse_exercises(v, known_exercises),
        "notes": parse_notes,
    }
    for column, parse in parsers.items():
        try:
            values[column] = parse(raw.get(column))
        except ValidationError as error:
            problems.extend(error.problems)
    if problems:
        raise ValidationError(problems)
    extra = {
        str(k): "" if _is_blank(v) else str(v) for k, v in raw.items() if k not in ENTRY_COLUMNS
    }
    return Entry(extra=extra, **values)  # type: ignore[arg-type]


def validate_session(
    raw: Mapping[str, object], *, known_exercises: Iterable[str] | None
) -> Session:
    """Check one routine session."""
    problems: list[Problem] = []
    values: dict[str, object] = {}
    parsers = {
        "start": lambda v: parse_timestamp(v, name="start"),
        "end": lambda v: parse_timestamp(v, name="end"),
        "routine_id": _parse_routine_id,
        "exercises_completed": lambda v: parse_exercises(
            v, known_exercises, name="exercises_completed"
        ),
        "pain_before": lambda v: parse_pain(v, name="pain_before", required=False),
        "pain_after": lambda v: parse_pain(v, name="pain_after", required=False),
    }
    for column, parse in parsers.items():
        try:
            values[column] = parse(raw.get(column))
        except ValidationError as error:
            problems.extend(error.problems)
    if not problems and values["end"] < values["start"]:  # type: ignore[operator]
        problems.append(Problem("end", "is before the start"))
    if problems:
        raise ValidationError(problems)
    return Session(**values)  # type: ignore[arg-type]


def _parse_routine_id(value: object) -> str:
    if _is_blank(value) or not EXERCISE_ID_PATTERN.match(str(value).strip()):
        raise ValidationError([Problem("routine_id", f"{_show(value)} is not a routine id")])
    return str(value).strip()


# --------------------------------------------------------------------------------------------
# Frames: the in-memory shape of the journal
# --------------------------------------------------------------------------------------------

# Column dtypes of the DataFrame that lib/store.py returns. ``date`` is a datetime64 at
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
    }


def row_to_raw(row: Mapping[str, object]) -> dict[str, object]:
    """A row of the in-memory frame back to raw values that ``validate_entry`` accepts."""
    raw = dict(row)
    if isinstance(raw.get("date"), pd.Timestamp):
        raw["date"] = raw["date"].date()  # type: ignore[union-attr]
    if isinstance(raw.get("sitting_hours"), float) and math.isnan(raw["sitting_hours"]):  # type: ignore[arg-type]
        raw["sitting_hours"] = None
    return raw
