"""Routines, My plan: the saved plan as an .ics file for the person's calendar, at a time of day
they choose, with an optional daily check-in. The file is made by domain/plan_calendar.py when
the button is pressed; nothing is written to the journal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from lumbarlog import clock
from lumbarlog.domain import plan_calendar
from lumbarlog.domain.catalog import Routine
from lumbarlog.domain.plan import Plan
from lumbarlog.ui import widgets

TIME_KEY = "plan_calendar_time"
CHECK_IN_KEY = "plan_calendar_check_in"
CHECK_IN_TIME_KEY = "plan_calendar_check_in_time"
DOWNLOAD_LABEL = "Download plan for your calendar (.ics)"
REMINDER_SENTENCE = (
    "Google Calendar and Outlook ignore reminders in imported files, so set the reminder in "
    "your calendar after importing."
)


def _time_field(label: str, key: str, default: dt.time, when_cleared: str) -> dt.time | None:
    """A time of day that starts at ``default`` and that the person may clear (None); a
    cleared field is named beside it, with ``when_cleared`` saying what to do."""
    # Seeded through the session state with no value on the widget: a widget given a value
    # cannot be cleared, and a cleared field must be answered beside it, not refilled.
    st.session_state.setdefault(key, default)
    chosen = st.time_input(label, value=None, key=key, step=dt.timedelta(minutes=15))
    widgets.field_error(None if chosen is not None else f"{label}: {when_cleared}")
    return chosen


def show_calendar_export(plan: Plan, routines: Mapping[str, Routine], folder: Path) -> None:
    """The time fields, the download of ``plan`` (which has routines) and what to do next."""
    st.subheader("In your calendar")
    st.write(
        "Each routine repeats every week on its days at this time, from the next such day on. "
        "If you import a newer download, calendars that recognise the events update them "
        "instead of adding copies."
    )
    routine_col, check_in_col = st.columns(2)
    with routine_col:
        routine_time = _time_field(
            "Time for your routines",
            TIME_KEY,
            plan_calendar.DEFAULT_ROUTINE_TIME,
            "choose a time of day (for example 18:00) to download the plan.",
        )
    with check_in_col:
        check_in = st.checkbox(
            "Add a daily check-in",
            key=CHECK_IN_KEY,
            help=f'A short evening event every day: "{plan_calendar.CHECK_IN_SUMMARY}".',
        )
        check_in_time = None
        if check_in:
            check_in_time = _time_field(
                "Time for the check-in",
                CHECK_IN_TIME_KEY,
                plan_calendar.DEFAULT_CHECK_IN_TIME,
                "choose a time of day (for example 21:00), or untick the daily check-in.",
            )
    zone = clock.local_zone()
    if routine_time is not None and (check_in_time is not None or not check_in):
        st.download_button(
            DOWNLOAD_LABEL,
            data=lambda: plan_calendar.plan_calendar(
                plan,
                routines,
                journal_id=folder.resolve().as_posix(),
                now=clock.now().astimezone(),
                zone=zone,
                routine_time=routine_time,
                check_in_time=check_in_time,
            ),
            file_name=f"lumbarlog-plan-{clock.today().isoformat()}.ics",
            mime="text/calendar",
            icon=":material/calendar_month:",
            on_click="ignore",  # a download changes nothing: the page need not run again
            key="plan_calendar_download",
        )
    st.caption(REMINDER_SENTENCE)
    name = plan_calendar.zone_name(zone)
    if name is not None:
        st.caption(f"Times are in your computer's time zone, {name}.")
    else:
        offset = dt.datetime.now(zone).strftime("%z")
        st.caption(
            f"Your computer's time zone has no name the app can find, only its offset from UTC "
            f"({offset[:3]}:{offset[3:]}), so the times are written in UTC: after a change to "
            "or from summer time they may be an hour off."
        )
