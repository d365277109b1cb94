"""Today's quick log: the day at a glance once logged, else a short form (pain, sitting, notes;
routines followed today count as done). A save that meets a day logged meanwhile in another
window asks which to keep, never drops either."""

from __future__ import annotations

import streamlit as st

from lumbarlog import clock
from lumbarlog.domain import catalog, records, schema
from lumbarlog.journal import rows
from lumbarlog.journal.days import DayChanged
from lumbarlog.journal.errors import StoreError
from lumbarlog.ui import flash, history, markup, questions, session, widgets
from lumbarlog.ui.data import JournalView

TODAY_CONFLICT_KEY = "today_conflict"
PAIN_KEY = "today_pain"


def _save_today() -> None:
    state = st.session_state
    repo = session.journal()
    day = clock.today()
    try:
        raw = {
            "date": day,
            "pain": state.get(PAIN_KEY),
            "sitting_hours": state.get("today_sitting"),
            "notes": state.get("today_notes"),
            # Routines followed today count as done without retyping (under today's ids, for
            # sessions recorded before an exercise was renamed).
            "exercises": [
                catalog.load().current_exercise_id(i)
                for i in rows.exercises_from_sessions(repo.sessions().frame, day)
            ],
        }
        new = records.validate_entry(
            raw, known_exercises=catalog.load().exercises.keys(), today=day
        )
        saved = repo.save_day(new, shown=None)
    except schema.ValidationError as error:
        state["today_problems"] = error.problems
    except DayChanged as conflict:
        # Logged meanwhile in another window: ask, showing both, never drop either.
        questions.ask(TODAY_CONFLICT_KEY, (conflict.conflict.now, new))
    except StoreError as error:
        state["today_error"] = widgets.not_saved(error)
    else:
        flash.after_write(f"Saved today: {history.describe(saved, catalog.load().exercise_name)}.")


def _conflict(question: object) -> tuple[schema.Entry, schema.Entry] | None:
    """Today as saved in the other window and as the person filled it in, from the question
    _save_today asked (None: no such question)."""
    match question:
        case (schema.Entry() as now, schema.Entry() as new):
            return now, new
    return None


def _replace_today() -> None:
    conflict = _conflict(questions.answer(TODAY_CONFLICT_KEY))
    if conflict is None:
        return
    now, new = conflict
    try:
        session.journal().save_day(new, shown=now)
    except DayChanged:
        st.session_state["today_error"] = "Today changed again in another window; nothing saved."
        return
    except StoreError as error:
        st.session_state["today_error"] = widgets.not_saved(error)
        return
    flash.after_write(f"Replaced today: {history.describe(new, catalog.load().exercise_name)}.")


def _keep_today() -> None:
    if questions.answer(TODAY_CONFLICT_KEY):
        flash.after_write("Kept today's entry from the other window; yours was not saved.")


def show_unread() -> None:
    """The form while the journal cannot be read (its database is down), when it was on the
    page the run before (today was not logged then): what the person typed stays, and Save says
    why nothing was saved until the journal is back."""
    if PAIN_KEY in st.session_state:  # a widget's key: the form was drawn on the last run
        _error()
        _form()
        _problems()


def show(journal: JournalView, entry: schema.Entry | None) -> None:
    """Today as logged, or the form; the question a save left open; what a save refused."""
    content = catalog.load()
    _error()
    conflict = _conflict(questions.open_question(TODAY_CONFLICT_KEY))
    if entry is not None and conflict is not None:
        now, new = conflict
        with st.container(border=True):
            st.warning(
                "Today was logged in another window while you filled this in. Which one to keep?",
                icon=":material/warning:",
            )
            st.markdown(
                f"- **Saved there**: {markup.plain(history.describe(now, content.exercise_name))}\n"
                f"- **Yours**: {markup.plain(history.describe(new, content.exercise_name))}"
            )
            left, right = st.columns(2)
            left.button("Use yours", key="today_replace", type="primary", on_click=_replace_today)
            right.button("Keep the saved one", key="today_keep", on_click=_keep_today)
    if entry is not None:
        with st.container(border=True):
            st.markdown("**Logged today**")
            pain_col, sitting_col, exercise_col = st.columns(3)
            pain_col.metric(schema.FIELD_LABELS["pain"], entry.pain)
            sitting_col.metric(
                "Hours sitting", "-" if entry.sitting_hours is None else f"{entry.sitting_hours:g}"
            )
            exercise_col.metric("Exercises done", len(entry.exercises))
            st.page_link(
                "app_pages/log.py", label="Change it on the Log page", icon=":material/edit:"
            )
    elif not journal.can_write_entries:
        widgets.read_only_notice("Logging today")
    else:
        _form()
    _problems()
    if entry is None and journal.entries.empty:
        session.offer_demo()


def _error() -> None:
    if error_text := st.session_state.pop("today_error", None):
        st.error(markup.plain(error_text), icon=":material/error:")


def _form() -> None:
    with st.form("today_form", border=True):
        st.markdown("**How is your back today?**")
        widgets.pain_slider(PAIN_KEY)
        widgets.sitting_input("today_sitting")
        st.text_area(
            "Notes", max_chars=schema.NOTES_MAX_CHARS, key="today_notes", placeholder="Optional"
        )
        # Saved in the callback, which runs even when the next run no longer draws this form
        # (today was logged in another window meanwhile): the save is then asked about, never
        # silently dropped.
        st.form_submit_button("Save", type="primary", icon=":material/save:", on_click=_save_today)


def _problems() -> None:
    if problems := st.session_state.pop("today_problems", None):
        widgets.show_problems("Nothing was saved. Please check:", problems)
