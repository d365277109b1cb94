"""Log: one day's pain, sitting and exercises; the history to correct; import and export."""

from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

from lumbarlog import clock
from lumbarlog.domain import catalog, parsing, schema
from lumbarlog.journal import rows
from lumbarlog.journal.days import DayChanged, DayEdit, EditResult
from lumbarlog.journal.errors import StoreError
from lumbarlog.ui import (
    data,
    flash,
    history,
    markup,
    questions,
    recovery,
    red_flag_check,
    session,
    widgets,
)

st.title("Log your day")
flash.show_flash()

journal = data.journal_or_stop()

exercise_catalog = catalog.load()
known_exercises = exercise_catalog.exercises.keys()
name_of = exercise_catalog.exercise_name
today = clock.today()
entries = journal.entries
if not journal.can_write_entries:
    widgets.read_only_notice("Logging and editing days")
    recovery.read_only_history(journal)
    st.stop()

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
DELETE_KEY = "log_history_delete"  # the open "Delete these days?" question
UNDO_KEY = "log_undo_days"  # the days deleted last, to put back
REPORT_KEY = "log_history_report"  # days a history save left alone
TABLE_GENERATION_KEY = "log_history_generation"  # changes on every history write
LABELS = schema.FIELD_LABELS  # one label per field: form, table and messages alike


def _describe_day(day: dt.date) -> str:
    return f"{day:%a %d %b %Y}"


def _show_day(day: dt.date) -> history.DayView:
    """Fill the form with the day's saved values, or an empty day (routines of that day
    pre-ticked). Nothing of another day or of an earlier save stays in the form."""
    saved = rows.entry_for(entries, day)
    seen = rows.exercises_from_sessions(journal.sessions, day)
    state = st.session_state
    state[FIELD_KEYS["pain"]] = saved.pain if saved else None
    state[FIELD_KEYS["sitting_hours"]] = saved.sitting_hours if saved else None
    state[FIELD_KEYS["exercises"]] = (
        list(saved.exercises)
        if saved
        else list(
            dict.fromkeys(
                exercise_catalog.current_exercise_id(i)
                for i in seen
                if exercise_catalog.current_exercise_id(i) in known_exercises
            )
        )
    )
    state[FIELD_KEYS["notes"]] = saved.notes if saved else ""
    view = history.DayView(journal.folder, day, saved, seen)
    state[VIEW_KEY] = view
    return view


def _forget_day() -> None:
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
        st.session_state[PROBLEMS_KEY] = {"": f"Nothing was saved: {error}"}
        return
    verb = "Saved" if shown is None else "Replaced"
    flash.after_write(
        f"{verb} {_describe_day(written.date)}: {history.describe(written, name_of)}."
    )
    red_flag_check.red_flag_notice(written.notes)
    _forget_day()  # shown again from disk: exactly what was written


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
    allowed = set(known_exercises) | set(view.shown.exercises if view.shown else ())
    try:
        entry = parsing.validate_entry(raw, known_exercises=allowed, today=clock.today())
    except schema.ValidationError as error:
        state[PROBLEMS_KEY] = {p.field: str(p) for p in reversed(error.problems)}
        return
    try:
        now = session.journal().entry(view.date)
    except StoreError as error:
        state[PROBLEMS_KEY] = {"": f"Nothing was saved: {error}"}
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
        _forget_day()


# ---- The form ---------------------------------------------------------------------------------

replacement = questions.open_question(REPLACE_KEY)
delete_question = questions.open_question(DELETE_KEY)
problems: dict[str, str] = st.session_state.pop(PROBLEMS_KEY, None) or {}

day = st.date_input(
    LABELS["date"], value=today, format="YYYY-MM-DD", key=DATE_KEY, on_change=_forget_day
)
future = day is not None and day > today
if future:
    widgets.field_error(
        f"Date: {day.isoformat()} is in the future; choose today or an earlier day. "
        "Nothing is saved for it."
    )
view: history.DayView | None = st.session_state.get(VIEW_KEY)
if (
    view is None
    or view.date != day
    or view.folder != journal.folder
    or any(key not in st.session_state for key in FIELD_KEYS.values())
):
    view = _show_day(day)
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
        options=list(dict.fromkeys([*known_exercises, *st.session_state[FIELD_KEYS["exercises"]]])),
        format_func=name_of,
        selection_mode="multi",
        key=FIELD_KEYS["exercises"],
        help="Tick what you did that day. Routines you followed in the player are ticked already.",
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

# ---- History ----------------------------------------------------------------------------------


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
    view: history.DayView | None = st.session_state.get(VIEW_KEY)
    touched = {e.date for e in (*result.written, *result.deleted)}
    if view is not None and view.date in touched:
        _forget_day()
    if result.conflicts:
        st.session_state[REPORT_KEY] = [f"{c.describe()}; not saved." for c in result.conflicts]
    if done:
        flash.after_write(done)


def _sentence(parts: list[str]) -> str:
    text = "; ".join(parts)
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def _apply_history(question: history.HistorySave) -> None:
    try:
        result = journal.repo.apply_day_edits(question.edits)
    except StoreError as error:
        st.session_state[REPORT_KEY] = [f"Nothing was saved: {error}"]
        return
    parts = []
    if result.written:
        parts.append(f"saved {history.days_list(e.date for e in result.written)}")
    if result.deleted:
        parts.append(f"deleted {history.days_list(e.date for e in result.deleted)}")
        st.session_state[UNDO_KEY] = {
            "folder": str(journal.folder),
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


st.header("History")
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
        f"{len(shown)} of {len(entries)} logged days. Edit a cell or tick Delete, then save."
    )
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
            column_config={
                "date": st.column_config.DateColumn(LABELS["date"], format="YYYY-MM-DD"),
                "pain": st.column_config.NumberColumn(LABELS["pain"], step=1, required=True),
                "sitting_hours": st.column_config.NumberColumn(
                    LABELS["sitting_hours"], step=schema.SITTING_STEP, format="%.2f"
                ),
                "exercises": st.column_config.MultiselectColumn(
                    LABELS["exercises"],
                    options=list(known_exercises),
                    format_func=name_of,
                ),
                "notes": st.column_config.TextColumn(
                    LABELS["notes"], max_chars=schema.NOTES_MAX_CHARS
                ),
                history.DELETE_COLUMN: st.column_config.CheckboxColumn("Delete", width="small"),
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
                f"Delete {len(deleting)} day{'s' * (len(deleting) != 1)}?"
                + (
                    f" {changing} changed day{'s' * (changing != 1)} are saved too."
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

# ---- Export and import ------------------------------------------------------------------------

st.header("Export and import")
export_column, import_column = st.columns(2)
with export_column:
    recovery.download_journal(entries, key="log_export")
    st.caption(
        "A copy to keep or to open in a spreadsheet. Cells that start like a formula get a "
        "leading apostrophe so a spreadsheet shows them as text."
    )
with import_column:
    upload = st.file_uploader("Import a journal CSV", type=["csv"], key="log_import_file")

if upload is not None:
    try:
        preview = journal.repo.preview_import(
            upload.getvalue(), known_exercises=known_exercises, today=today
        )
    except schema.ValidationError as error:
        widgets.show_problems(
            f"{markup.file_name(upload.name)} cannot be imported:", error.problems
        )
    else:
        with st.container(border=True):
            st.subheader("Import preview: nothing is written until you confirm")
            counts = st.columns(4)
            counts[0].metric("New days", len(preview.new_dates))
            counts[1].metric("Days that differ from yours", len(preview.changed_dates))
            counts[2].metric("Days already the same", len(preview.same_dates))
            counts[3].metric("Rows with problems", len(preview.problems))
            if preview.problems:
                st.dataframe(
                    [
                        {
                            "Line": p.line,
                            "Field": LABELS.get(p.field, p.field),
                            "Problem": p.reason,
                        }
                        for p in preview.problems
                    ],
                    hide_index=True,
                )
                st.caption(
                    "Rows with problems are left out; fix them in the file and import it again."
                )
            keep_mine = True
            if preview.changed_dates:
                choice = st.radio(
                    "When a day is already in your journal",
                    ["Keep my entry", "Use the imported entry"],
                    key="log_import_conflict",
                    horizontal=True,
                )
                keep_mine = choice == "Keep my entry"
            to_import = len(preview.new_dates) + (0 if keep_mine else len(preview.changed_dates))
            if st.button(
                f"Import {to_import} days",
                key="log_import_confirm",
                type="primary",
                disabled=to_import == 0,
            ):
                try:
                    result = journal.repo.upsert(preview.entries, replace_existing=not keep_mine)
                except StoreError as error:
                    st.error(
                        f"Nothing was imported: {markup.plain(error)}", icon=":material/error:"
                    )
                else:
                    del st.session_state["log_import_file"]
                    flash.after_write(
                        f"Imported {markup.file_name(upload.name)}: {result.added} new days, "
                        f"{result.replaced} replaced, {result.kept_existing} kept as they were."
                    )
                    st.rerun()
