"""The Log page's form: one day at a time, filled from disk whenever another day is shown, saved
only through the journal's check that the day is still as it was shown. The date sits outside
the form, so choosing a date reruns the page at once and the form shows that day; typing in the
form reruns nothing until Save."""

from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

from lumbarlog import clock
from lumbarlog.domain import catalog, records, schema
from lumbarlog.journal import rows
from lumbarlog.journal.days import DayChanged
from lumbarlog.journal.errors import StoreError
from lumbarlog.ui import (
    flash,
    history,
    markup,
    questions,
    red_flag_check,
    session,
    widgets,
)
from lumbarlog.ui.data import JournalView

# Session-state keys of the form. The date sits outside the form, so choosing a date reruns
# the page at once and the form shows that day; typing in the form reruns nothing until Save.
DATE_KEY = "log_date"
FIELD_KEYS = {
    "pain": "log_pain",
    "sitting_hours": "log_sitting",
    "exercises": "log_exercises",
    "notes": "log_notes",
}
VIEW_KEY = "log_view"  # the day the form shows, as it was on disk when shown
PROBLEMS_KEY = "log_problems"  # what Save refused, field by field
REPLACE_KEY = "log_pending"  # the open "Replace this day?" question
LABELS = schema.FIELD_LABELS  # one label per field: form, table and messages alike


def _describe_day(day: dt.date) -> str:
    return f"{day:%a %d %b %Y}"


def _show_day(journal: JournalView, day: dt.date) -> history.DayView:
    """Fill the form with the day's saved values, or an empty day (routines of that day
    pre-ticked). Nothing of another day or of an earlier save stays in the form."""
    saved = rows.entry_for(journal.entries, day)
    seen = rows.exercises_from_sessions(journal.sessions, day)
    content = catalog.load()
    known_exercises = content.exercises.keys()
    state = st.session_state
    state[FIELD_KEYS["pain"]] = saved.pain if saved else None
    state[FIELD_KEYS["sitting_hours"]] = saved.sitting_hours if saved else None
    state[FIELD_KEYS["exercises"]] = (
        list(saved.exercises)
        if saved
        else list(
            dict.fromkeys(
                content.current_exercise_id(i)
                for i in seen
                if content.current_exercise_id(i) in known_exercises
            )
        )
    )
    state[FIELD_KEYS["notes"]] = saved.notes if saved else ""
    view = history.DayView(journal.folder, day, saved, seen)
    state[VIEW_KEY] = view
    return view


def forget_day() -> None:
    """Another date was chosen: the form is filled again from disk on this run."""
    st.session_state.pop(VIEW_KEY, None)
    st.session_state.pop(PROBLEMS_KEY, None)


def _write(view: history.DayView, entry: schema.Entry, *, shown: schema.Entry | None) -> None:
    try:
        written = session.journal().save_day(entry, shown=shown, sessions_seen=view.sessions_seen)
    except DayChanged as changed:
        now = changed.conflict.now
        if now is None:
            # Deleted meanwhile: the values are saved as a new day, after asking.
            questions.ask(
                REPLACE_KEY,
                history.Replacement(_view_with(view, None), entry, changed_meanwhile=True),
            )
        else:
            questions.ask(
                REPLACE_KEY,
                history.Replacement(_view_with(view, now), entry, changed_meanwhile=True),
            )
        return
    except StoreError as error:
        st.session_state[PROBLEMS_KEY] = {"": widgets.not_saved(error)}
        return
    verb = "Saved" if shown is None else "Replaced"
    flash.after_write(
        f"{verb} {_describe_day(written.date)}: "
        f"{history.describe(written, catalog.load().exercise_name)}."
    )
    red_flag_check.red_flag_notice(written.notes)
    forget_day()  # shown again from disk: exactly what was written


def _view_with(view: history.DayView, shown: schema.Entry | None) -> history.DayView:
    return history.DayView(view.folder, view.date, shown, view.sessions_seen)


def _submit() -> None:
    state = st.session_state
    state.pop(PROBLEMS_KEY, None)
    view: history.DayView | None = state.get(VIEW_KEY)
    if view is None or view.folder != session.journal_folder():
        state[PROBLEMS_KEY] = {
            "": "Nothing was saved: the date or the journal changed just before Save. The "
            "form now shows that day; check it and save again."
        }
        return
    raw = {"date": view.date, **{field: state.get(key) for field, key in FIELD_KEYS.items()}}
    hours = raw["sitting_hours"]
    if isinstance(hours, float) and hours.is_integer():
        raw["sitting_hours"] = int(hours)  # so a refusal quotes 30 as typed, not 30.0
    # An exercise retired from the catalog may stay on a day that already has it.
    allowed = set(catalog.load().exercises) | set(view.shown.exercises if view.shown else ())
    try:
        entry = records.validate_entry(raw, known_exercises=allowed, today=clock.today())
    except schema.ValidationError as error:
        state[PROBLEMS_KEY] = {p.field: str(p) for p in reversed(error.problems)}
        return
    try:
        now = session.journal().entry(view.date)
    except StoreError as error:
        state[PROBLEMS_KEY] = {"": widgets.not_saved(error)}
        return
    if not rows.same_values(now, view.shown):
        # Changed since the form was shown (another window, or a routine finished). Exercises
        # recorded meanwhile are kept; the person sees what is saved now and decides.
        if now is not None:
            shown_before = view.shown.exercises if view.shown else ()
            added = tuple(
                i for i in now.exercises if i not in shown_before and i not in entry.exercises
            )
            entry = dataclasses.replace(entry, exercises=entry.exercises + added)
        questions.ask(REPLACE_KEY, history.Replacement(_view_with(view, now), entry, True))
    elif view.shown is None:
        _write(view, entry, shown=None)
    elif rows.same_values(view.shown, entry):
        flash.after_write(
            f"Nothing to save: {_describe_day(entry.date)} already holds these values."
        )
    else:
        questions.ask(REPLACE_KEY, history.Replacement(view, entry))


def _confirm_replace() -> None:
    question = questions.answer(REPLACE_KEY)
    if isinstance(question, history.Replacement):
        _write(question.view, question.new, shown=question.view.shown)


def _keep_saved() -> None:
    question = questions.answer(REPLACE_KEY)
    if isinstance(question, history.Replacement):
        flash.after_write(
            f"Kept what {_describe_day(question.new.date)} already had; nothing changed."
        )
        forget_day()


def show_unread() -> None:
    """The form while the journal cannot be read (its database is down): what the person was
    filling in stays as typed, and Save says why nothing was saved until the journal is back.
    Nothing when no form was being filled in; no other day can be opened meanwhile."""
    view: history.DayView | None = st.session_state.get(VIEW_KEY)
    if view is not None and view.folder == session.journal_folder():
        show(None)


def show(journal: JournalView | None) -> None:
    """The date, the form for that day, and the question a Save left open (``journal`` None:
    the journal cannot be read just now, see show_unread)."""
    today = clock.today()
    content = catalog.load()
    known_exercises = content.exercises.keys()
    name_of = content.exercise_name
    replacement = questions.open_question(REPLACE_KEY)
    problems: dict[str, str] = st.session_state.pop(PROBLEMS_KEY, None) or {}

    day = st.date_input(
        LABELS["date"], value=today, format="YYYY-MM-DD", key=DATE_KEY, on_change=forget_day
    )
    future = day is not None and day > today
    if future:
        widgets.field_error(
            f"Date: {day.isoformat()} is in the future; choose today or an earlier day. "
            "Nothing is saved for it."
        )
    view: history.DayView | None = st.session_state.get(VIEW_KEY)
    folder = session.journal_folder() if journal is None else journal.folder
    if (
        view is None
        or view.date != day
        or view.folder != folder
        or any(key not in st.session_state for key in FIELD_KEYS.values())
    ):
        if journal is None:
            return  # another day was chosen: it is shown once the journal can be read
        view = _show_day(journal, day)
        problems = {k: v for k, v in problems.items() if k == ""}  # field errors were another day's
    st.caption(
        f"{_describe_day(day)} is not logged yet."
        if view.shown is None
        else f"{_describe_day(day)} is logged: change what you need and save."
    )

    with st.form("log_form", border=True):
        widgets.pain_slider(
            FIELD_KEYS["pain"],
            help="0 means no pain, 10 the worst pain you can imagine. Rate the day as a whole.",
        )
        widgets.field_error(problems.get("pain"))
        widgets.sitting_input(
            FIELD_KEYS["sitting_hours"],
            help="Desk, car, sofa: all the time spent sitting, in quarter hours.",
        )
        widgets.field_error(problems.get("sitting_hours"))
        # Every exercise in sight at once, as tick buttons: a drop-down list shows only the
        # first ten of the catalog's exercises and hides the rest below its fold.
        st.pills(
            LABELS["exercises"],
            options=list(
                dict.fromkeys([*known_exercises, *st.session_state[FIELD_KEYS["exercises"]]])
            ),
            format_func=name_of,
            selection_mode="multi",
            key=FIELD_KEYS["exercises"],
            help="Tick what you did that day. Routines you followed in the player are ticked "
            "already.",
        )
        widgets.field_error(problems.get("exercises"))
        st.text_area(
            LABELS["notes"],
            max_chars=schema.NOTES_MAX_CHARS,
            key=FIELD_KEYS["notes"],
            placeholder="Optional",
        )
        widgets.field_error(problems.get("notes"))
        st.form_submit_button(
            "Save", type="primary", icon=":material/save:", on_click=_submit, disabled=future
        )
    widgets.field_error(problems.get("") or problems.get("date"))

    if isinstance(replacement, history.Replacement):
        with st.container(border=True):
            new = replacement.new
            old = replacement.view.shown
            if old is None:
                st.warning(
                    f"{_describe_day(new.date)} was deleted in another window since this form "
                    "was shown. Save your values as a new entry?",
                    icon=":material/warning:",
                )
            else:
                lead = (
                    f"{_describe_day(new.date)} was changed in another window (or by a routine) "
                    "since this form was shown."
                    if replacement.changed_meanwhile
                    else f"You already logged {_describe_day(new.date)}."
                )
                st.warning(f"{lead} Replace what is saved?", icon=":material/warning:")
                st.markdown(
                    "\n".join(
                        f"- **{label}**: {markup.plain(before)} → {markup.plain(after)}"
                        for label, before, after in history.differences(old, new, name_of)
                    )
                )
            left, right = st.columns(2)
            left.button(
                "Replace" if old is not None else "Save as new",
                key="log_replace",
                type="primary",
                on_click=_confirm_replace,
            )
            right.button("Keep what is saved", key="log_keep", on_click=_keep_saved)
