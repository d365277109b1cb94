"""The Log page's export and import: a spreadsheet-safe copy of the journal, and an import
previewed in full (new days, days that differ, rows with problems) before anything is written."""

from __future__ import annotations

import streamlit as st

from lumbarlog import clock
from lumbarlog.domain import catalog, schema, words
from lumbarlog.journal.errors import StoreError
from lumbarlog.ui import (
    flash,
    markup,
    recovery,
    widgets,
)
from lumbarlog.ui.data import JournalView

LABELS = schema.FIELD_LABELS


def show(journal: JournalView) -> None:
    """Export and import, side by side."""
    today = clock.today()
    entries = journal.entries
    known_exercises = catalog.load().exercises.keys()
    st.header("Export and import", anchor=False)
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
                st.subheader("Import preview: nothing is written until you confirm", anchor=False)
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
                to_import = len(preview.new_dates) + (
                    0 if keep_mine else len(preview.changed_dates)
                )
                if st.button(
                    f"Import {words.count(to_import, 'day')}",
                    key="log_import_confirm",
                    type="primary",
                    disabled=to_import == 0,
                ):
                    try:
                        result = journal.repo.upsert(
                            preview.entries, replace_existing=not keep_mine
                        )
                    except StoreError as error:
                        st.error(
                            f"Nothing was imported: {markup.plain(error)}", icon=":material/error:"
                        )
                    else:
                        del st.session_state["log_import_file"]
                        flash.after_write(
                            f"Imported {markup.file_name(upload.name)}: "
                            f"{words.count(result.added, 'new day')}, "
                            f"{result.replaced:,} replaced, "
                            f"{result.kept_existing:,} kept as they were."
                        )
                        st.rerun()
