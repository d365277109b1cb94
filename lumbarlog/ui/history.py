"""The history table of the Log page as pure functions: what the editor shows, and what a
person's edits mean for the journal (which days to save, which to delete, what is wrong)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lumbarlog.domain import records, schema, words
from lumbarlog.domain.schema import Entry, Problem, ValidationError
from lumbarlog.journal.days import DayEdit

DELETE_COLUMN = "delete"
EDITABLE_COLUMNS = ("pain", "sitting_hours", "exercises", "notes")


@dataclass(frozen=True)
class Edits:
    """What the person changed in the history table."""

    to_save: tuple[Entry, ...]
    to_delete: tuple[dt.date, ...]
    problems: tuple[Problem, ...]

    @property
    def empty(self) -> bool:
        return not (self.to_save or self.to_delete or self.problems)


def days_list(days: Iterable[dt.date], most: int = 5) -> str:
    """Days in order as "01 Nov 2026, 03 Nov 2026", the list cut short after ``most``."""
    ordered = sorted(set(days))
    text = ", ".join(f"{d:%d %b %Y}" for d in ordered[:most])
    more = len(ordered) - most
    return f"{text} and {words.count(more, 'more day', 'more days')}" if more > 0 else text


def pending(edits: Edits) -> str:
    """What the table holds that is not saved yet, day by day, shown under it while the person
    edits, so a tick or a change they did not mean is seen before Save changes."""
    wrong = {dt.date.fromisoformat(p.date) for p in edits.problems if p.date}
    parts = [
        f"{days_list(days)} {what}"
        for days, what in (
            ([e.date for e in edits.to_save], "changed"),
            (edits.to_delete, "ticked to delete"),
            (wrong, f"{'has' if len(wrong) == 1 else 'have'} a value to check"),
        )
        if days
    ]
    return f"Not saved yet: {'; '.join(parts)}." if parts else ""


def editor_frame(entries: pd.DataFrame, days: int | None, today: dt.date) -> pd.DataFrame:
    """The rows the table shows: newest first, within the period, with a delete tick box.

    Dates become plain ``datetime.date`` and exercises lists, the types the editor's columns
    edit; extra columns are left out of the table (and left untouched on save).
    """
    if days is not None:
        entries = entries[entries["date"] > pd.Timestamp(today - dt.timedelta(days=days))]
    return (
        entries.loc[:, list(schema.ENTRY_COLUMNS)]
        .sort_values("date", ascending=False)
        .assign(
            date=lambda f: f["date"].dt.date,
            exercises=lambda f: f["exercises"].map(list),
            **{DELETE_COLUMN: False},
        )
        .reset_index(drop=True)
    )


def read_edits(
    shown: pd.DataFrame,
    edited: pd.DataFrame,
    entries: pd.DataFrame,
    *,
    known_exercises: Iterable[str],
) -> Edits:
    """Compare the table as shown with the table as edited.

    Only rows that really changed are saved (so a save never writes back stale copies of days
    that another tab changed meanwhile), each checked like the form checks it. Extra columns
    of those days are kept from the journal as it is.
    """
    known = frozenset(known_exercises)
    extras = [c for c in entries.columns if c not in schema.ENTRY_COLUMNS]
    extra_by_date = (
        entries.set_index(entries["date"].dt.date)[extras].to_dict("index") if extras else {}
    )
    to_save: list[Entry] = []
    to_delete: list[dt.date] = []
    problems: list[Problem] = []
    for before, after in zip(shown.to_dict("records"), edited.to_dict("records"), strict=True):
        day = before["date"]
        if after.get(DELETE_COLUMN):
            to_delete.append(day)
            continue
        if all(_same(before[c], after[c]) for c in EDITABLE_COLUMNS):
            continue
        raw = {c: _blank_if_missing(after[c]) for c in EDITABLE_COLUMNS}
        raw["date"] = day
        raw.update({str(k): v for k, v in extra_by_date.get(day, {}).items()})
        try:
            to_save.append(records.validate_entry(raw, known_exercises=known))
        except ValidationError as error:
            problems.extend(
                Problem(p.field, p.reason, date=day.isoformat()) for p in error.problems
            )
    return Edits(tuple(to_save), tuple(to_delete), tuple(problems))


def _blank_if_missing(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _listed(value: object) -> list[object]:
    """A cell of the exercises column as a list; blank means none."""
    if not value:
        return []
    if not isinstance(value, Iterable):
        raise TypeError(f"{value!r} is not a list of exercises")
    return list(value)


def _same(a: object, b: object) -> bool:
    a, b = _blank_if_missing(a), _blank_if_missing(b)
    if isinstance(a, list | tuple) or isinstance(b, list | tuple):
        return _listed(a) == _listed(b)
    if a is None or b is None:
        return (a is None and b is None) or (a in ("", None) and b in ("", None))
    return a == b


NOTES_SHOWN_CHARS = 60


def describe(entry: Entry, name_of: Callable[[str], str] = str) -> str:
    """Every field of a day in words, for a confirmation: "pain 4, sitting not recorded, no
    exercises, no notes"."""
    values = _field_values(entry, name_of)
    return ", ".join(
        [
            f"pain {values['pain']}",
            f"sitting {values['sitting_hours']}",
            "no exercises" if not entry.exercises else f"exercises: {values['exercises']}",
            "no notes" if not entry.notes.strip() else f"note {values['notes']}",
        ]
    )


def differences(
    old: Entry, new: Entry, name_of: Callable[[str], str] = str
) -> list[tuple[str, str, str]]:
    """The fields that differ between two versions of a day, as (label, old, new) in words."""
    before, after = _field_values(old, name_of), _field_values(new, name_of)
    return [
        (schema.FIELD_LABELS[field], before[field], after[field])
        for field in before
        if getattr(old, field) != getattr(new, field)
    ]


def _field_values(entry: Entry, name_of: Callable[[str], str]) -> dict[str, str]:
    notes = entry.notes.strip()
    if len(notes) > NOTES_SHOWN_CHARS:
        notes = notes[: NOTES_SHOWN_CHARS - 1] + "…"
    return {
        "pain": str(entry.pain),
        "sitting_hours": "not recorded"
        if entry.sitting_hours is None
        else f"{entry.sitting_hours:g} h",
        "exercises": " · ".join(name_of(i) for i in entry.exercises) or "none",
        "notes": f'"{notes}"' if notes else "none",
    }


# --------------------------------------------------------------------------------------------
# What the Log page keeps between runs (defined here, not in the page, so that a value kept in
# the session is still an instance of its class when the page script runs again)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayView:
    """The day the form was filled from: its saved values (None: not logged) and the exercises
    of that day's routines at that moment. A save is checked against these."""

    folder: Path
    date: dt.date
    shown: Entry | None
    sessions_seen: tuple[str, ...]


@dataclass(frozen=True)
class Replacement:
    """A save waiting for the person's yes: these exact values over the day as shown."""

    view: DayView
    new: Entry
    changed_meanwhile: bool = False


@dataclass(frozen=True)
class TableView:
    """What the history table shows, kept while the person has edits in it: their edits are
    rows of this table, so each is read against the day it was made on, whatever another
    window does to the journal meanwhile."""

    folder: str
    frame: pd.DataFrame
    days: dict[dt.date, Entry]


@dataclass(frozen=True)
class HistorySave:
    """Edits waiting for "Delete N days?"."""

    period: str
    edits: tuple[DayEdit, ...]
