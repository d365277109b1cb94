"""A whole day or routine session checked: every field's parser run (parsing.py) and every
problem reported at once, so a form can show them all beside their fields."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import ParamSpec, TypeVar

from lumbarlog.domain.parsing import (
    is_blank,
    normal_text,
    parse_date,
    parse_exercises,
    parse_notes,
    parse_pain,
    parse_sitting_hours,
    parse_timestamp,
    show_value,
)
from lumbarlog.domain.schema import (
    ENTRY_COLUMNS,
    EXERCISE_ID_PATTERN,
    FINISHED,
    OUTCOMES,
    STOPPED,
    Entry,
    Problem,
    Session,
    ValidationError,
)

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
        str(k): "" if is_blank(v) else str(v) for k, v in raw.items() if k not in ENTRY_COLUMNS
    }
    return Entry(date, pain, sitting_hours, exercises, notes, extra=extra)


def validate_session(
    raw: Mapping[str, object],
    *,
    known_exercises: Iterable[str] | None,
    lookup: Mapping[str, str] | None = None,
    routine_exercises: Mapping[str, Collection[str]] | None = None,
) -> Session:
    """Check one routine session. A blank or missing ``outcome`` (a journal written before
    sessions.csv had the column) is filled by ``outcome_by_rule`` with ``routine_exercises``
    (routine id -> its exercise ids)."""
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
    outcome = check(_parse_outcome, raw.get("outcome"))
    if (
        start is _REFUSED
        or end is _REFUSED
        or routine_id is _REFUSED
        or completed is _REFUSED
        or before is _REFUSED
        or after is _REFUSED
        or outcome is _REFUSED
    ):
        raise ValidationError(check.problems)
    if end < start:
        raise ValidationError([Problem("end", "is before the start")])
    if outcome is None:
        outcome = outcome_by_rule(routine_id, completed, routine_exercises or {})
    return Session(start, end, routine_id, completed, before, after, outcome)


def outcome_by_rule(
    routine_id: str, completed: Iterable[str], routine_exercises: Mapping[str, Collection[str]]
) -> str:
    """How a session recorded without its outcome ended, judged from what it completed: it
    finished when every exercise of its routine is among the exercises completed, else it was
    stopped. A routine no longer in the catalog cannot be judged, so it counts as finished, as
    it did when it was recorded."""
    exercises = routine_exercises.get(routine_id)
    if exercises is None:
        return FINISHED
    return FINISHED if set(exercises) <= set(completed) else STOPPED


def _parse_outcome(value: object) -> str | None:
    if is_blank(value):
        return None
    text = normal_text(value).casefold()
    if text not in OUTCOMES:
        raise ValidationError(
            [
                Problem(
                    "outcome",
                    f"{show_value(value)} is not {' or '.join(OUTCOMES)}",
                    value=str(value),
                )
            ]
        )
    return text


def _parse_routine_id(value: object) -> str:
    text = "" if is_blank(value) else normal_text(value)
    if not EXERCISE_ID_PATTERN.match(text):
        raise ValidationError(
            [Problem("routine_id", f"{show_value(value)} is not a routine id", value=str(value))]
        )
    return text
