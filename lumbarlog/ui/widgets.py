"""The inputs and messages several pages share: the pain rating, hours sitting, and a problem
shown beside the field it is about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import streamlit as st

from lumbarlog.domain import schema
from lumbarlog.journal.errors import DatabaseUnreachable, StoreError
from lumbarlog.ui.markup import plain

# A service's database down at Save: the form stays as typed (data.journal_or_stop's meanwhile).
NOT_SAVED_WHILE_DOWN = (
    "Nothing was saved: the journal's database cannot be reached just now. What you typed is "
    "still in the form: press Save again in a moment."
)


def field_error(message: str | None) -> None:
    """A problem with one field, shown right under it."""
    if message:
        st.error(plain(message), icon=":material/error:")


def not_saved(error: StoreError) -> str:
    """What a form says when the journal refused its Save: why, and, when the database could
    not be reached, that what was typed is kept for another Save."""
    if isinstance(error, DatabaseUnreachable):
        return NOT_SAVED_WHILE_DOWN
    return f"Nothing was saved: {error}"


def show_problems(title: str, problems: Iterable[object]) -> None:
    """An error box listing each problem on its own line, values shown as plain text. The title
    is markdown: put any name or value in it through plain() or file_name()."""
    lines = "\n".join(f"- {plain(problem)}" for problem in problems)
    st.error(f"**{title}**\n\n{lines}", icon=":material/error:")


def read_only_notice(what: str) -> None:
    """Said where a form would be, while a file cannot be fully read."""
    st.info(
        f"{what} is paused until the journal can be fully read: see the message at the top "
        "of the page.",
        icon=":material/lock:",
    )


PAIN_NOT_SET = "Not set"


def pain_slider(
    key: str, *, label: str = schema.FIELD_LABELS["pain"], help: str | None = None
) -> int | None:
    """The day's pain on the 0-10 scale, with the words of its ends below it. It starts at
    "Not set" (None) unless the session state holds the day's saved rating: no made-up value
    is ever offered for saving, and a save without a rating is refused beside the slider."""
    pain: int | None = st.select_slider(
        label,
        options=[None, *range(schema.PAIN_MIN, schema.PAIN_MAX + 1)],
        format_func=pain_label,
        key=key,
        help=help,
    )
    st.caption("0 = no pain · 5 = moderate · 10 = worst pain imaginable")
    return pain


def sitting_input(key: str, *, help: str | None = None) -> float | None:
    """Hours sitting in quarter hours; empty means not recorded (a gap, never zero). No bounds
    on the widget: a value out of range is refused by the schema with a message beside the
    field, instead of the widget refusing it with the reason only in a hover."""
    return st.number_input(
        schema.FIELD_LABELS["sitting_hours"],
        step=schema.SITTING_STEP,
        value=None,
        placeholder="Not recorded",
        key=key,
        help=help,
    )


def optional_pain(label: str, key: str) -> int | None:
    """A pain rating the person may skip (before and after a routine)."""
    return st.number_input(
        label, min_value=0, max_value=10, step=1, value=None, placeholder="Skip", key=key
    )


def pain_label(value: int | None) -> str:
    """0 and 10 carry their words, so the slider says what its ends mean."""
    if value is None:
        return PAIN_NOT_SET
    words = schema.PAIN_SCALE_WORDS.get(value)
    return f"{value} – {words}" if words else str(value)


# The periods a person can choose on Log (how far back the history table reaches, so long
# journals stay quick to edit) and on Trends, in days (None: everything).
PERIODS: dict[str, int | None] = {
    "Last 30 days": 30,
    "Last 90 days": 90,
    "Last year": 365,
    "Everything": None,
}

DEFAULT_PERIOD = "Last 90 days"


CUSTOM_PERIOD = "Dates…"


def period_picker(
    first_logged: dt.date, last_day: dt.date, *, key: str, label: str = "Period"
) -> tuple[dt.date | None, dt.date]:
    """A period of the journal, from the PERIODS or "Dates…" (a from-to field): its first day
    (None: from the journal's first) and its last. A period longer than the journal starts at
    its first day, so no empty weeks are shown and the days named are the days used."""
    period = (
        st.segmented_control(
            label, [*PERIODS, CUSTOM_PERIOD], default=DEFAULT_PERIOD, key=f"{key}_period"
        )
        or DEFAULT_PERIOD
    )
    if period != CUSTOM_PERIOD:
        days = PERIODS[period]
        if days is None:
            return None, last_day
        return max(first_logged, last_day - dt.timedelta(days=days - 1)), last_day
    first_shown = max(first_logged, last_day - dt.timedelta(days=89))
    chosen = st.date_input(
        "From and to",
        value=(first_shown, last_day),
        min_value=first_logged,
        max_value=last_day,
        format="YYYY-MM-DD",
        key=f"{key}_dates",
    )
    # While only the first date is picked, show up to the last day; with none (the field
    # cleared), the range it starts with.
    if len(chosen) == 2:
        return chosen[0], chosen[1]
    if len(chosen) == 1:
        return chosen[0], last_day
    return first_shown, last_day
