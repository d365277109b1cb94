"""A journal file that cannot be fully read: what is wrong (line, field, value) and the ways
back (fix it in an editor, restore an earlier version, keep the readable rows, download what
could be read). Nothing is written unless the person picks one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from lumbarlog import clock
from lumbarlog.domain import catalog, schema
from lumbarlog.journal import files, transfer
from lumbarlog.journal.csv_format import format_hours
from lumbarlog.journal.errors import JournalError, StoreError
from lumbarlog.ui.flash import after_write
from lumbarlog.ui.markup import file_name, plain

if TYPE_CHECKING:  # data.py shows this panel; the view is only named here
    from lumbarlog.ui.data import JournalView


def show_missing_folder(journal: JournalView) -> None:
    """The journal folder is not there: say where the app looked, and offer to start one."""
    assert journal.missing is not None
    st.error(
        f"**Lumbar Log cannot find your journal.** {plain(journal.missing)}",
        icon=":material/folder_off:",
    )
    st.caption(
        f"The folder comes from {files.DATA_DIR_VARIABLE} when it is set, else data/journal "
        "beside the app. Nothing has been written anywhere."
    )
    if not journal.folder.exists() and st.button(
        "Create this folder and start a new journal there", key="missing_create"
    ):
        try:
            journal.repo.create()
        except StoreError as error:
            st.error(plain(error), icon=":material/error:")
            return
        after_write(f"Created {file_name(journal.folder)}.")
        st.rerun()


def show_journal_problems(journal: JournalView) -> None:
    """For each file that cannot be fully read: what is wrong (line, field, value), and the
    ways back: fix it in an editor, restore an earlier version, keep only the readable rows,
    or download what could be read. Nothing is written unless the person picks one. Notices
    about how files were read come after."""
    for error in journal.errors:
        with st.container(border=True):
            _show_file_problem(journal, error)
    for notice in journal.notices:
        st.info(plain(notice), icon=":material/info:")


def show_journal_error(journal: JournalView) -> None:
    """The recovery panel of the first file with problems (kept for pages that show it in a
    tab of their own)."""
    if journal.error is not None:
        _show_file_problem(journal, journal.error)


def _show_file_problem(journal: JournalView, error: JournalError) -> None:
    name = error.path.name
    key = name.replace(".", "_")
    if name == files.META_FILE:
        st.error(
            f"**Your journal is shown read-only.** {plain(name)}: "
            f"{plain(error.problems[0].reason)}",
            icon=":material/lock:",
        )
        return
    readable = error.readable if error.readable is not None else pd.DataFrame()
    what = {
        files.ENTRIES_FILE: "days",
        files.SESSIONS_FILE: "routine sessions",
        files.MEASURES_FILE: "questionnaire answers",
    }.get(name, "rows")
    if len(readable) == 1:
        what = what[:-1]
    st.error(
        f"**Lumbar Log cannot fully read {plain(name)}, so it will not change it.** "
        f"Everything below shows the {len(readable):,} {what} it could read; "
        f"{len(error.problems):,} {'line' if len(error.problems) == 1 else 'lines'} could "
        "not be read. Your file is untouched.",
        icon=":material/error:",
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Line": p.line,
                    "Field": schema.FIELD_LABELS.get(p.field, "the line as a whole")
                    if p.field != "file"
                    else "the line as a whole",
                    "Value": (p.value or "")[:200],
                    "Problem": p.reason,
                }
                for p in error.problems
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    fix, restore, keep = st.tabs(
        ["Fix it in an editor", "Restore an earlier version", "Keep the readable rows"]
    )
    with fix:
        st.markdown(
            "Open the file in a text editor or a spreadsheet, correct the lines named above, "
            "save it, and reload this page."
        )
        st.code(str(error.path), language=None)
    with restore:
        backups = journal.repo.backups(name)
        if not backups:
            st.info("There are no earlier versions of this file in the backups folder.")
        else:
            choice = st.selectbox(
                "Earlier version to restore",
                backups,
                format_func=lambda b: f"{b.saved_at:%Y-%m-%d %H:%M:%S} ({b.size:,} bytes)",
                key=f"recover_backup_{key}",
            )
            st.caption("The current file is kept in the backups folder first.")
            if st.button("Restore this version", key=f"recover_restore_{key}", type="primary"):
                try:
                    set_aside = journal.repo.restore(choice, name)
                except StoreError as restore_error:
                    st.error(f"That version cannot be restored: {plain(restore_error)}")
                else:
                    kept = (
                        f" The unreadable file was kept as {file_name(set_aside.name)}."
                        if set_aside
                        else ""
                    )
                    after_write(
                        f"Restored the version saved {choice.saved_at:%Y-%m-%d %H:%M}.{kept}"
                    )
                    st.rerun()
    with keep:
        st.markdown(
            f"Rewrite {plain(name)} with the {len(readable):,} {what} that could be read. "
            "The lines that could not be read are dropped from it; the file as it is now is "
            "kept in the backups folder, so they are not lost."
        )
        if st.button(f"Keep the {len(readable):,} readable {what}", key=f"recover_keep_{key}"):
            try:
                set_aside, kept_rows = journal.repo.keep_readable_rows(name)
            except StoreError as keep_error:
                st.error(plain(keep_error), icon=":material/error:")
            else:
                where = (
                    f" The original is kept as {file_name(set_aside.name)}." if set_aside else ""
                )
                after_write(f"Kept {kept_rows:,} readable {what} in {file_name(name)}.{where}")
                st.rerun()
    if name == files.ENTRIES_FILE and len(readable):
        download_journal(
            readable,
            key=f"recover_export_{key}",
            label=f"Download the {len(readable):,} readable days (CSV)",
        )


def read_only_history(journal: JournalView) -> None:
    """The days that could be read, as a table to look at (not to edit), and their export."""
    entries = journal.entries
    st.header("History (read-only)")
    if entries.empty:
        st.info("No days could be read.")
        return
    names = catalog.load().exercise_name
    shown = entries.sort_values("date", ascending=False).assign(
        date=lambda f: f["date"].dt.date,
        sitting_hours=lambda f: [format_hours(h) or "not recorded" for h in f["sitting_hours"]],
        exercises=lambda f: [" · ".join(names(i) for i in ids) for ids in f["exercises"]],
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={c: schema.FIELD_LABELS.get(c, c) for c in shown.columns},
    )
    download_journal(entries, key="log_export_read_only")


def download_journal(
    entries: pd.DataFrame, *, key: str, label: str = "Download journal (CSV)"
) -> None:
    """The journal (or what could be read of it) as a spreadsheet-safe CSV download."""
    st.download_button(
        label,
        data=lambda: transfer.export_csv(entries),
        file_name=f"lumbarlog-journal-{clock.today().isoformat()}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",  # a download changes nothing: the page need not run again
        disabled=entries.empty,
        key=key,
    )
