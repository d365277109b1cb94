"""Reading values and records: the one grammar for a day's and a session's fields, whether
typed in a form, edited in the history table, imported, or read from the journal's own file.

Each parser takes a raw value (text, a number, None) and returns a clean one or raises
``ValidationError`` naming the field, the reason and the value; ``validate_entry`` and
``validate_session`` run every field's parser and report every problem at once."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Literal, SupportsFloat, SupportsIndex, overload

import pandas as pd

from lumbarlog.domain.schema import (
    EXERCISE_SEPARATOR,
    NOTES_MAX_CHARS,
    PAIN_MAX,
    PAIN_MIN,
    SITTING_MAX,
    SITTING_MIN,
    YEAR_MAX,
    YEAR_MIN,
    Problem,
    ValidationError,
)


def is_blank(value: object) -> bool:
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
    if is_blank(value):
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
                    f"{show_value(str(value))} is not a plausible date (the year is outside "
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
        raise refuse(f"{show_value(text)} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise refuse(f"{show_value(text)} is not a date on the calendar") from None


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
    if is_blank(value):
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
                    f"must be a whole number from 0 to 10 (got {show_value(value)})",
                    value=str(value),
                )
            ]
        )
    if not PAIN_MIN <= number <= PAIN_MAX:
        raise ValidationError(
            [Problem(name, f"must be from 0 to 10 (got {show_value(value)})", value=str(value))]
        )
    return int(number)


def parse_sitting_hours(value: object, *, name: str = "sitting_hours") -> float | None:
    """Hours from 0 to 24, kept as given (6.1 stays 6.1); blank means not recorded."""
    if is_blank(value):
        return None
    number = _as_number(value, name)
    if not SITTING_MIN <= number <= SITTING_MAX:
        raise ValidationError(
            [
                Problem(
                    name, f"must be from 0 to 24 hours (got {show_value(value)})", value=str(value)
                )
            ]
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
    if is_blank(value):
        return ()
    if isinstance(value, str):
        items = value.split(EXERCISE_SEPARATOR)
    elif isinstance(value, Iterable):
        items = [str(part) for part in value]
    else:
        raise ValidationError([Problem(name, f"{show_value(value)} is not a list of exercises")])
    lookup = lookup or {}
    ids = []
    for item in items:
        text = normal_text(item)
        if not text:
            continue
        found = lookup.get(exercise_key(text), text)
        if known is not None and found not in known:
            raise ValidationError(
                [Problem(name, f"{show_value(text)} is not an exercise in the catalog", value=text)]
            )
        ids.append(found)
    return tuple(dict.fromkeys(ids))  # drop repeats, keep order


def exercise_key(text: str) -> str:
    """How an exercise is matched, by name or id: case, spaces and punctuation folded."""
    return re.sub(r"[\W_]+", " ", normal_text(text).casefold()).strip()


def parse_notes(value: object, *, name: str = "notes", limit: bool = True) -> str:
    """Free text, kept exactly as typed. ``limit``: typed now, so NOTES_MAX_CHARS at most and
    no NUL character; a note already in the journal is kept whatever its length."""
    if is_blank(value):
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
    if is_blank(value):
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
                    f"{show_value(value)} is not a date and time like 2026-05-01T07:30:00",
                    value=str(value),
                )
            ]
        )
    return moment.replace(tzinfo=None) if moment.tzinfo else moment


def _as_number(value: object, name: str) -> float:
    def refuse() -> ValidationError:
        return ValidationError(
            [Problem(name, f"must be a number (got {show_value(value)})", value=str(value))]
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


def show_value(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
