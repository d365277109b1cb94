"""The Log page's history: the logged days of a period as a table to correct, days ticked to
delete (asked first, with Undo), and what a save left alone because it changed meanwhile."""

from __future__ import annotations

import streamlit as st

from lumbarlog import clock
from lumbarlog.domain import catalog, schema, words
from lumbarlog.journal import rows
from lumbarlog.journal.days import DayEdit, EditResult
from lumbarlog.journal.errors import StoreError
from lumbarlog.ui import (
    day_form,
    flash,
    history,
    markup,
    questions,
    session,
    widgets,
)
from lumbarlog.ui.data import JournalView

DELETE_KEY = "log_history_delete"  # the open "Delete these days?" question
UNDO_KEY = "log_undo_days"  # the days deleted last, to put back
REPORT_KEY = "log_history_report"  # days a history save left alone
TABLE_GENERATION_KEY = "log_history_generation"  # changes on every history write
LABELS = schema.FIELD_LABELS  # one label per field: form, table and messages alike
# Column widths in px: each header reads whole, and all six fit the page at 1280 px (795 px
# of the 818 the main column has beside the sidebar).
COLUMN_WIDTHS = {
    "date": 100,
    "pain": 100,
    "sitting_hours": 115,
    "exercises": 200,
    "notes": 200,
    "delete": 80,
}
# The toolbar is 44 px tall; this space and the 16 px gaps either side of it leave 48 px.
TOOLBAR_ROOM = 16


def _table_keys(period: str) -> tuple[str, str]:
    """The history table's widget key and the key of the rows it was drawn from. The key
    carries a generation that changes on every history write: the browser keeps a table's
    edits by its identity (key, columns and row count), so a table drawn again after a write
    with the same number of rows would otherwise get back ticks and edits from before it, now
    on other days."""
    generation = st.session_state.get(TABLE_GENERATION_KEY, 0)
    return f"log_history_{generation}_{period}", f"log_history_seen_{generation}_{period}"


def _forget_tables() -> None:
    for period in widgets.PERIODS:
        for key in _table_keys(period):
            st.session_state.pop(key, None)
    st.session_state[TABLE_GENERATION_KEY] = st.session_state.get(TABLE_GENERATION_KEY, 0) + 1


def _after_history_write(result: EditResult, done: str) -> None:
    _forget_tables()
    view: history.DayView | None = st.session_state.get(day_form.VIEW_KEY)
    touched = {e.date for e in (*result.written, *result.deleted)}
    if view is not None and view.date in touched:
        day_form.forget_day()
    if result.conflicts:
        st.session_state[REPORT_KEY] = [f"{c.describe()}; not saved." for c in result.conflicts]
    if done:
        flash.after_write(done)


def _sentence(parts: list[str]) -> str:
    text = "; ".join(parts)
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def _apply_history(question: history.HistorySave) -> None:
    try:
        repo = session.journal()
        result = repo.apply_day_edits(question.edits)
    except StoreError as error:
        st.session_state[REPORT_KEY] = [f"Nothing was saved: {error}"]
        return
    parts = []
    if result.written:
        parts.append(f"saved {history.days_list(e.date for e in result.written)}")
    if result.deleted:
        parts.append(f"deleted {history.days_list(e.date for e in result.deleted)}")
        st.session_state[UNDO_KEY] = {
            "folder": str(repo.folder),
            "entries": tuple(result.deleted),
        }
    _after_history_write(result, _sentence(parts))


def _confirm_delete() -> None:
    question = questions.answer(DELETE_KEY)
    if isinstance(question, history.HistorySave):
        _apply_history(question)


def _cancel_delete() -> None:
    questions.answer(DELETE_KEY)


def _undo() -> None:
    undo = st.session_state.pop(UNDO_KEY, None)
    if not undo or undo["folder"] != str(session.journal_folder()):
        return
    edits = [DayEdit(e.date, None, e) for e in undo["entries"]]
    try:
        result = session.journal().apply_day_edits(edits)
    except StoreError as error:
        st.session_state[REPORT_KEY] = [f"Nothing was put back: {error}"]
        return
    _after_history_write(
        result,
        f"Put back {history.days_list(e.date for e in result.written)}." if result.written else "",
    )


def _dismiss_undo() -> None:
    st.session_state.pop(UNDO_KEY, None)


def show(journal: JournalView) -> None:
    """The history of the chosen period, its pending changes, and Save changes."""
    today = clock.today()
    entries = journal.entries
    content = catalog.load()
    known_exercises = content.exercises.keys()
    name_of = content.exercise_name
    delete_question = questions.open_question(DELETE_KEY)
    st.header("History", anchor=False)
    undo = st.session_state.get(UNDO_KEY)
    if undo and undo["folder"] == str(journal.folder):
        with st.container(border=True):
            st.markdown(f"Deleted {history.days_list(e.date for e in undo['entries'])}.")
            left, right = st.columns(2)
            left.button("Undo", key="log_undo", icon=":material/undo:", on_click=_undo)
            right.button("Done", key="log_undo_done", on_click=_dismiss_undo)
    for line in st.session_state.pop(REPORT_KEY, None) or []:
        st.warning(markup.plain(line), icon=":material/warning:")

    if entries.empty:
        st.info("No days logged yet. Your saved days appear here, ready to correct or delete.")
    else:
        period = (
            st.segmented_control(
                "Show", list(widgets.PERIODS), default=widgets.DEFAULT_PERIOD, key="log_period"
            )
            or widgets.DEFAULT_PERIOD
        )
        editor_key, seen_key = _table_keys(period)
        table: history.TableView | None = st.session_state.get(seen_key)
        editing = bool((st.session_state.get(editor_key) or {}).get("edited_rows"))
        if table is None or table.folder != str(journal.folder) or not editing:
            frame = history.editor_frame(entries, widgets.PERIODS[period], today)
            days = rows.entries_by_date(entries[entries["date"].dt.date.isin(set(frame["date"]))])
            table = history.TableView(str(journal.folder), frame, days)
            st.session_state[seen_key] = table
        shown = table.frame
        st.caption(
            f"{len(shown):,} of {words.count(len(entries), 'logged day')}. Edit a cell or tick "
            "Delete, then save. On a narrow screen the table scrolls sideways; the date stays."
        )
        # Room for the table's toolbar, which appears above its top edge on hover or touch and
        # would otherwise cover the end of the line above.
        st.space(TOOLBAR_ROOM)
        edited = (
            None
            if shown.empty
            else st.data_editor(
                shown,
                key=editor_key,
                hide_index=True,
                num_rows="fixed",
                disabled=["date"],
                column_order=[
                    "date",
                    "pain",
                    "sitting_hours",
                    "exercises",
                    "notes",
                    history.DELETE_COLUMN,
                ],
                # No min or max here: the table would clamp 11 to 10 without a word. Every value
                # is checked by the schema on save instead, and refused with the reason.
                # Widths that fit all six columns in a desktop's page (the exercises' own width
                # pushed Notes and Delete out of sight); on a phone the table scrolls sideways
                # within itself, the date pinned so every row still says which day it is.
                column_config={
                    "date": st.column_config.DateColumn(
                        LABELS["date"],
                        format="YYYY-MM-DD",
                        pinned=True,
                        width=COLUMN_WIDTHS["date"],
                    ),
                    "pain": st.column_config.NumberColumn(
                        LABELS["pain"], step=1, required=True, width=COLUMN_WIDTHS["pain"]
                    ),
                    "sitting_hours": st.column_config.NumberColumn(
                        LABELS["sitting_hours"],
                        step=schema.SITTING_STEP,
                        format="%.2f",
                        width=COLUMN_WIDTHS["sitting_hours"],
                    ),
                    "exercises": st.column_config.MultiselectColumn(
                        LABELS["exercises"],
                        options=list(known_exercises),
                        format_func=name_of,
                        width=COLUMN_WIDTHS["exercises"],
                    ),
                    "notes": st.column_config.TextColumn(
                        LABELS["notes"],
                        max_chars=schema.NOTES_MAX_CHARS,
                        width=COLUMN_WIDTHS["notes"],
                    ),
                    history.DELETE_COLUMN: st.column_config.CheckboxColumn(
                        "Delete", width=COLUMN_WIDTHS[history.DELETE_COLUMN]
                    ),
                },
            )
        )
        edits = (
            history.read_edits(shown, edited, entries, known_exercises=known_exercises)
            if edited is not None and (st.session_state.get(editor_key) or {}).get("edited_rows")
            else history.Edits((), (), ())
        )
        if pending := history.pending(edits):
            st.caption(pending)
        if edited is None:
            st.info("No days logged in this period. Choose a longer one to see earlier days.")
        elif isinstance(delete_question, history.HistorySave):
            deleting = [e for e in delete_question.edits if e.new is None]
            changing = len(delete_question.edits) - len(deleting)
            with st.container(border=True):
                st.warning(
                    f"Delete {words.count(len(deleting), 'day')}?"
                    + (
                        f" {words.count(changing, 'changed day')} {words.are(changing)} saved too."
                        if changing
                        else ""
                    ),
                    icon=":material/delete:",
                )
                st.markdown(
                    "\n".join(
                        f"- **{e.date:%a %d %b %Y}**: "
                        f"{markup.plain(history.describe(e.shown, name_of))}"
                        for e in deleting
                        if e.shown is not None
                    )
                )
                left, right = st.columns(2)
                left.button(
                    "Delete", key="log_delete_confirm", type="primary", on_click=_confirm_delete
                )
                right.button("Cancel", key="log_delete_cancel", on_click=_cancel_delete)
        elif st.button("Save changes", key="log_history_save", icon=":material/save:"):
            if edits.problems:
                widgets.show_problems("Nothing was saved. Please check:", edits.problems)
            elif edits.empty:
                st.info("There are no changes to save.")
            else:
                question = history.HistorySave(
                    period,
                    tuple(
                        [DayEdit(e.date, table.days.get(e.date), e) for e in edits.to_save]
                        + [DayEdit(d, table.days.get(d), None) for d in edits.to_delete]
                    ),
                )
                if edits.to_delete:
                    questions.ask(DELETE_KEY, question)
                else:
                    _apply_history(question)
                st.rerun()
