"""Log: one day's pain, sitting and exercises; the history to correct; import and export."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from lib import catalog, history, schema, store, ui

ui.require_entry_point()

st.title("Log your day")
ui.show_flash()

journal = ui.journal_or_stop()

exercise_catalog = catalog.load()
known_exercises = exercise_catalog.exercises.keys()
today = dt.date.today()
entries = journal.entries
if not journal.can_write_entries:
    ui.read_only_notice("Logging and editing days")
    ui.read_only_history(journal)
    st.stop()


def _save(entry: schema.Entry, *, replace: bool) -> None:
    try:
        store.save_entry(journal.folder, entry, replace=replace)
    except store.EntryExists:
        st.session_state["log_pending"] = entry
        return
    except store.StoreError as error:
        st.session_state["log_save_error"] = str(error)
        return
    verb = "Replaced" if replace else "Saved"
    ui.after_write(f"{verb} {entry.date:%A %d %B %Y}: pain {entry.pain}.")
    ui.red_flag_notice(entry.notes)
    # A saved day leaves an empty form behind, so the next save cannot repeat it by accident.
    for key in ("log_sitting", "log_exercises", "log_notes"):
        st.session_state.pop(key, None)


def _confirm_replace() -> None:
    _save(st.session_state.pop("log_pending"), replace=True)


def _cancel_replace() -> None:
    entry = st.session_state.pop("log_pending")
    ui.after_write(f"Kept the entry you already had for {entry.date:%d %B %Y}; nothing changed.")


# ---- The form ---------------------------------------------------------------------------------

pending: schema.Entry | None = st.session_state.get("log_pending")
if pending is not None:
    existing = store.entry_for(entries, pending.date)
    with st.container(border=True):
        st.warning(
            f"You already logged {pending.date:%A %d %B %Y}. Replace that entry?",
            icon=":material/warning:",
        )
        if existing is not None:
            st.text(f"Saved now:  {history.summary(existing)}")
        st.text(f"New values: {history.summary(pending)}")
        left, right = st.columns(2)
        left.button("Replace", key="log_replace", type="primary", on_click=_confirm_replace)
        right.button("Keep the existing entry", key="log_keep", on_click=_cancel_replace)

if error_text := st.session_state.pop("log_save_error", None):
    st.error(f"Nothing was saved: {ui.plain(error_text)}", icon=":material/error:")

last_pain = int(entries["pain"].iloc[-1]) if len(entries) else 0
with st.form("log_form", border=True):
    day = st.date_input("Date", value=today, max_value=today, format="YYYY-MM-DD", key="log_date")
    pain = ui.pain_slider(
        "log_pain",
        last_pain,
        help="0 means no pain, 10 the worst pain you can imagine. Rate the day as a whole.",
    )
    sitting = ui.sitting_input(
        "log_sitting", help="Desk, car, sofa: all the time spent sitting, in quarter hours."
    )
    exercises = st.multiselect(
        "Exercises done",
        options=list(known_exercises),
        # Routines followed today count without retyping.
        default=[
            i
            for i in store.exercises_from_sessions(journal.sessions, today)
            if i in known_exercises
        ],
        format_func=exercise_catalog.exercise_name,
        key="log_exercises",
        placeholder="None",
    )
    notes = st.text_area(
        "Notes", max_chars=schema.NOTES_MAX_CHARS, key="log_notes", placeholder="Optional"
    )
    submitted = st.form_submit_button("Save", type="primary", icon=":material/save:")

if submitted:
    raw = {
        "date": day,
        "pain": pain,
        "sitting_hours": sitting,
        "exercises": exercises,
        "notes": notes,
    }
    try:
        entry = schema.validate_entry(raw, known_exercises=known_exercises, today=today)
    except schema.ValidationError as error:
        ui.show_problems("Nothing was saved. Please check:", error.problems)
    else:
        _save(entry, replace=False)
        st.rerun()

# ---- History ----------------------------------------------------------------------------------

st.header("History")
if entries.empty:
    st.info("No days logged yet. Your saved days appear here, ready to correct or delete.")
else:
    period = (
        st.segmented_control(
            "Show", list(history.PERIODS), default="Last 90 days", key="log_period"
        )
        or "Last 90 days"
    )
    shown = history.editor_frame(entries, history.PERIODS[period], today)
    st.caption(
        f"{len(shown)} of {len(entries)} logged days. Edit a cell or tick Delete, then save."
    )
    edited = (
        None
        if shown.empty
        else st.data_editor(
            shown,
            key=f"log_history_{period}",
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
            column_config={
                "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
                "pain": st.column_config.NumberColumn(
                    "Pain (0-10)", min_value=0, max_value=10, step=1, required=True
                ),
                "sitting_hours": st.column_config.NumberColumn(
                    "Hours sitting", min_value=0.0, max_value=24.0, step=0.25, format="%.2f"
                ),
                "exercises": st.column_config.MultiselectColumn(
                    "Exercises done",
                    options=list(known_exercises),
                    format_func=exercise_catalog.exercise_name,
                ),
                "notes": st.column_config.TextColumn("Notes", max_chars=schema.NOTES_MAX_CHARS),
                history.DELETE_COLUMN: st.column_config.CheckboxColumn("Delete", width="small"),
            },
        )
    )
    if edited is None:
        st.info("No days logged in this period. Choose a longer one to see earlier days.")
    elif st.button("Save changes", key="log_history_save", icon=":material/save:"):
        edits = history.read_edits(shown, edited, entries, known_exercises=known_exercises)
        if edits.problems:
            ui.show_problems("Nothing was saved. Please check:", edits.problems)
        elif edits.empty:
            st.info("There are no changes to save.")
        else:
            try:
                if edits.to_save:
                    store.upsert_entries(journal.folder, edits.to_save, replace_existing=True)
                if edits.to_delete:
                    store.delete_entries(journal.folder, edits.to_delete)
            except store.StoreError as error:
                st.error(f"Nothing was saved: {ui.plain(error)}", icon=":material/error:")
            else:
                del st.session_state[f"log_history_{period}"]
                ui.after_write(
                    f"Saved {len(edits.to_save)} changed and deleted {len(edits.to_delete)} days."
                )
                st.rerun()

# ---- Export and import ------------------------------------------------------------------------

st.header("Export and import")
export_column, import_column = st.columns(2)
with export_column:
    st.download_button(
        "Download journal (CSV)",
        data=lambda: store.export_csv(entries),
        file_name=f"lumbarlog-journal-{today.isoformat()}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",  # a download changes nothing: the page need not run again
        disabled=entries.empty,
        key="log_export",
    )
    st.caption(
        "A copy to keep or to open in a spreadsheet. Cells that start like a formula get a "
        "leading apostrophe so a spreadsheet shows them as text."
    )
with import_column:
    upload = st.file_uploader("Import a journal CSV", type=["csv"], key="log_import_file")

if upload is not None:
    try:
        preview = store.parse_import(
            upload.getvalue(), entries, known_exercises=known_exercises, today=today
        )
    except schema.ValidationError as error:
        ui.show_problems(f"{ui.file_name(upload.name)} cannot be imported:", error.problems)
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
                            "Field": schema.FIELD_LABELS.get(p.field, p.field),
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
                    result = store.upsert_entries(
                        journal.folder, preview.entries, replace_existing=not keep_mine
                    )
                except store.StoreError as error:
                    st.error(f"Nothing was imported: {ui.plain(error)}", icon=":material/error:")
                else:
                    del st.session_state["log_import_file"]
                    ui.after_write(
                        f"Imported {ui.file_name(upload.name)}: {result.added} new days, "
                        f"{result.replaced} replaced, {result.kept_existing} kept as they were."
                    )
                    st.rerun()
