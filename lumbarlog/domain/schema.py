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
import enum
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, ParamSpec, SupportsFloat, SupportsIndex, TypeVar, overload

import pandas as pd

# The version of the journal's layout. Bump it together with a migration in journal/ (meta.py
# reads it) when columns change; a journal written by a newer version is refused, never rewritten.
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


# --------------------------------------------------------------------------------------------
# Single values
# --------------------------------------------------------------------------------------------


def _is_blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return False  # NaN is not "blank": it is a bad number, and is reported as such
    return isinstance(value, str) and value.strip() == ""


# The one grammar for values, used by the form, imports and the journal reader alike (the
# reader's fast path only takes a strict subset of it, the form the app itself writes).
# Lenient about form: full-width or other Unicode digits, any kind of space around a value, a
# decimal comma. Strict about meaning: no underscores, exponents, "nan" or "inf".
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")
_YMD = re.compile(
    r"(?P<y>[0-9]{4})(?P<s>[-/.])(?P<m>[0-9]{1,2})(?P=s)(?P<d>[0-9]{1,2})"
    r"(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
)
_DMY = re.compile(r"(?P<a>[0-9]{1,2})(?P<s>[-/.])(?P<b>[0-9]{1,2})(?P=s)(?P<y>[0-9]{4})")
_ISO_WEEK = re.compile(r"[0-9]{4}-W[0-9]{2}-[1-7]")


def normal_text(value: object) -> str:
    """A cell as text with its form made plain: compatibility forms folded (full-width digits,
    non-breaking spaces), any Unicode decimal digit written 0-9, spaces around it removed."""
    text = unicodedata.normalize("NFKC", str(value))
    if not text.isascii():
        text = "".join(
            str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text
        )
    return text.strip()


def day_order(texts: Iterable[str]) -> bool | None:
    """Whether dates written like 01/11/2026 put the day first (True), the month first (False),
    or cannot be told (None): a file is read one way, told by any date whose first or second
    number is above 12."""
    day_first = month_first = False
    for text in texts:
        found = _DMY.fullmatch(normal_text(text))
        if found:
            day_first |= int(found["a"]) > 12
            month_first |= int(found["b"]) > 12
    return day_first if day_first != month_first else None


def parse_date(
    value: object,
    *,
    today: dt.date | None = None,
    name: str = "date",
    day_first: bool | None = None,
) -> dt.date:
    """A calendar day: YYYY-MM-DD (also with / or . and a time after it), an ISO week date, or
    DD/MM/YYYY or MM/DD/YYYY when ``day_first`` or the numbers themselves say which. With
    ``today``, days after it are refused."""
    if _is_blank(value):
        raise ValidationError([Problem(name, "is missing; use the form YYYY-MM-DD", value="")])
    if isinstance(value, pd.Timestamp | dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    else:
        text = normal_text(value)
        day = _date_from_text(text, name, day_first)
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        raise ValidationError(
            [
                Problem(
                    name,
                    f"{_show(str(value))} is not a plausible date (the year is outside "
                    f"{YEAR_MIN}-{YEAR_MAX})",
                    value=str(value),
                )
            ]
        )
    if today is not None and day > today:
        raise ValidationError(
            [Problem(name, f"{day.isoformat()} is in the future", value=day.isoformat())]
        )
    return day


def _date_from_text(text: str, name: str, day_first: bool | None) -> dt.date:
    def refuse(reason: str) -> ValidationError:
        return ValidationError([Problem(name, reason, value=text)])

    year = month = day = 0
    if found := _YMD.fullmatch(text):
        year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
    elif _ISO_WEEK.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise refuse(f"{text!r} is not a date (there is no such week)") from None
    elif found := _DMY.fullmatch(text):
        a, b, year = int(found["a"]), int(found["b"]), int(found["y"])
        if day_first is None:
            day_first = True if a > 12 else False if b > 12 else None
        if day_first is None and a != b:
            raise refuse(
                f"{text!r} could be {a} {_MONTHS[b - 1] if b <= 12 else '?'} or "
                f"{b} {_MONTHS[a - 1] if a <= 12 else '?'}; write it as YYYY-MM-DD"
            )
        day, month = (a, b) if day_first or day_first is None else (b, a)
    else:
        raise refuse(f"{_show(text)} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise refuse(f"{_show(text)} is not a date on the calendar") from None


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@overload
def parse_pain(value: object, *, name: str = ..., required: Literal[True] = ...) -> int: ...
@overload
def parse_pain(value: object, *, name: str = ..., required: bool) -> int | None: ...
def parse_pain(value: object, *, name: str = "pain", required: bool = True) -> int | None:
    """A whole number from 0 to 10."""
    if _is_blank(value):
        if required:
            raise ValidationError(
                [Problem(name, "is missing; give a whole number from 0 to 10", value="")]
            )
        return None
    number = _as_number(value, name)
    if number != int(number):
        raise ValidationError(
            [
                Problem(
                    name,
                    f"must be a whole number from 0 to 10 (got {_show(value)})",
                    value=str(value),
                )
            ]
        )
    if not PAIN_MIN <= number <= PAIN_MAX:
        raise ValidationError(
            [Problem(name, f"must be from 0 to 10 (got {_show(value)})", value=str(value))]
        )
    return int(number)


def parse_sitting_hours(value: object, *, name: str = "sitting_hours") -> float | None:
    """Hours from 0 to 24, kept as given (6.1 stays 6.1); blank means not recorded."""
    if _is_blank(value):
        return None
    number = _as_number(value, name)
    if not SITTING_MIN <= number <= SITTING_MAX:
        raise ValidationError(
            [Problem(name, f"must be from 0 to 24 hours (got {_show(value)})", value=str(value))]
        )
    return float(number) + 0.0  # -0.0 becomes 0.0


def parse_exercises(
    value: object,
    known: Iterable[str] | None,
    *,
    name: str = "exercises",
    lookup: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """Exercises given as a list or as one string separated by ';', each by its id or its name.

    ``lookup`` maps a folded name or id (see ``exercise_key``) to the catalog's id. With
    ``known`` None (reading a journal), an exercise the catalog does not know is kept as it was
    written, so a retired id never makes the person's own file unreadable; with ``known``,
    each must be in the catalog.
    """
    if _is_blank(value):
        return ()
    if isinstance(value, str):
        items = value.split(EXERCISE_SEPARATOR)
    elif isinstance(value, Iterable):
        items = [str(part) for part in value]
    else:
        raise ValidationError([Problem(name, f"{_show(value)} is not a list of exercises")])
    lookup = lookup or {}
    ids = []
    for item in items:
        text = normal_text(item)
        if not text:
            continue
        found = lookup.get(exercise_key(text), text)
        if known is not None and found not in known:
            raise ValidationError(
                [Problem(name, f"{_show(text)} is not an exercise in the catalog", value=text)]
            )
        ids.append(found)
    return tuple(dict.fromkeys(ids))  # drop repeats, keep order


def exercise_key(text: str) -> str:
    """How an exercise is matched, by name or id: case, spaces and punctuation folded."""
    return re.sub(r"[\W_]+", " ", normal_text(text).casefold()).strip()


def parse_notes(value: object, *, name: str = "notes", limit: bool = True) -> str:
    """Free text, kept exactly as typed. ``limit``: typed now, so NOTES_MAX_CHARS at most and
    no NUL character; a note already in the journal is kept whatever its length."""
    if _is_blank(value):
        return "" if value is None or value is pd.NA else str(value)
    text = str(value)
    if limit and "\x00" in text:
        raise ValidationError([Problem(name, "contains a NUL character")])
    if limit and len(text) > NOTES_MAX_CHARS:
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
        raise ValidationError([Problem(name, "is missing", value="")])
    text = normal_text(value)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or not YEAR_MIN <= moment.year <= YEAR_MAX:
        raise ValidationError(
            [
                Problem(
                    name,
                    f"{_show(value)} is not a date and time like 2026-05-01T07:30:00",
                    value=str(value),
                )
            ]
        )
    return moment.replace(tzinfo=None) if moment.tzinfo else moment


def _as_number(value: object, name: str) -> float:
    def refuse() -> ValidationError:
        return ValidationError(
            [Problem(name, f"must be a number (got {_show(value)})", value=str(value))]
        )

    if isinstance(value, bool):
        raise refuse()
    if isinstance(value, str):
        text = normal_text(value)
        if not _NUMBER.fullmatch(text):
            raise refuse()
        return float(text.replace(",", "."))
    if not isinstance(value, SupportsFloat | SupportsIndex | bytes | bytearray):
        raise refuse()  # what float() takes (str is handled above)
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise refuse() from None
    if math.isnan(number) or math.isinf(number):
        raise refuse()
    return number


def _show(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


# --------------------------------------------------------------------------------------------
# Whole records
# --------------------------------------------------------------------------------------------


_P = ParamSpec("_P")
_T = TypeVar("_T")


class _Refused(enum.Enum):
    """A field whose value its parser refused; the reasons are in ``_Checks.problems``."""

    REFUSED = enum.auto()


_REFUSED = _Refused.REFUSED


class _Checks:
    """Runs each field's parser and keeps every problem (not just the first), so a form can
    show them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def __call__(
        self, parse: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs
    ) -> _T | _Refused:
        try:
            return parse(*args, **kwargs)
        except ValidationError as error:
            self.problems.extend(error.problems)
            return _REFUSED


def validate_entry(
    raw: Mapping[str, object],
    *,
    known_exercises: Iterable[str] | None,
    today: dt.date | None = None,
    lookup: Mapping[str, str] | None = None,
    from_file: bool = False,
    day_first: bool | None = None,
) -> Entry:
    """Check one day. Collects every problem (not just the first) so a form can show them all.

    ``today``: refuse dates after it (the form and imports pass the local date; loading a
    journal does not, so a clock or time-zone change never makes a saved day unreadable).
    ``from_file``: a day already in the journal, so a note is kept whatever its length.
    """
    known = None if known_exercises is None else frozenset(known_exercises)
    check = _Checks()
    date = check(parse_date, raw.get("date"), today=today, day_first=day_first)
    pain = check(parse_pain, raw.get("pain"))
    sitting_hours = check(parse_sitting_hours, raw.get("sitting_hours"))
    exercises = check(parse_exercises, raw.get("exercises"), known, lookup=lookup)
    notes = check(parse_notes, raw.get("notes"), limit=not from_file)
    if (
        date is _REFUSED
        or pain is _REFUSED
        or sitting_hours is _REFUSED
        or exercises is _REFUSED
        or notes is _REFUSED
    ):
        raise ValidationError(check.problems)
    extra = {
        str(k): "" if _is_blank(v) else str(v) for k, v in raw.items() if k not in ENTRY_COLUMNS
    }
    return Entry(date, pain, sitting_hours, exercises, notes, extra=extra)


def validate_session(
    raw: Mapping[str, object],
    *,
    known_exercises: Iterable[str] | None,
    lookup: Mapping[str, str] | None = None,
) -> Session:
    """Check one routine session."""
    known = None if known_exercises is None else frozenset(known_exercises)
    check = _Checks()
    start = check(parse_timestamp, raw.get("start"), name="start")
    end = check(parse_timestamp, raw.get("end"), name="end")
    routine_id = check(_parse_routine_id, raw.get("routine_id"))
    completed = check(
        parse_exercises,
        raw.get("exercises_completed"),
        known,
        name="exercises_completed",
        lookup=lookup,
    )
    before = check(parse_pain, raw.get("pain_before"), name="pain_before", required=False)
    after = check(parse_pain, raw.get("pain_after"), name="pain_after", required=False)
    if (
        start is _REFUSED
        or end is _REFUSED
        or routine_id is _REFUSED
        or completed is _REFUSED
        or before is _REFUSED
        or after is _REFUSED
    ):
        raise ValidationError(check.problems)
    if end < start:
        raise ValidationError([Problem("end", "is before the start")])
    return Session(start, end, routine_id, completed, before, after)


def _parse_routine_id(value: object) -> str:
    text = "" if _is_blank(value) else normal_text(value)
    if not EXERCISE_ID_PATTERN.match(text):
        raise ValidationError(
            [Problem("routine_id", f"{_show(value)} is not a routine id", value=str(value))]
        )
    return text


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
    day, sitting = raw.get("date"), raw.get("sitting_hours")
    if isinstance(day, pd.Timestamp):
        raw["date"] = day.date()
    if isinstance(sitting, float) and math.isnan(sitting):
        raw["sitting_hours"] = None
    return raw
