"""Log's "Your data": everything the journal holds in one download (days, sessions,
questionnaires, the plan), and, in a service for many people, deleting all of it after a
confirmation that names what goes."""

from __future__ import annotations

import io
import zipfile

import streamlit as st

from lumbarlog import clock
from lumbarlog.domain import plan
from lumbarlog.domain.experiment_json import ExperimentFileError, log_to_json
from lumbarlog.domain.experiment_log import EXPERIMENTS_FILE, ExperimentLog
from lumbarlog.journal import csv_format, transfer
from lumbarlog.journal.errors import StoreError
from lumbarlog.journal.postgres.journal import PgJournal
from lumbarlog.ui import auth, data
from lumbarlog.ui.flash import after_write
from lumbarlog.ui.markup import plain

DELETE_WORD = "DELETE"
ASKING_KEY = "your_data_delete_asked"


def everything(journal: data.JournalView) -> bytes:
    """A zip of the journal as files: entries.csv (spreadsheet-safe, as Export makes it),
    sessions.csv, measures.csv, plan.json (when there is a plan) and experiments.json (when
    there are self-experiments that can be read)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("entries.csv", transfer.export_csv(journal.entries))
        archive.writestr("sessions.csv", csv_format.sessions_to_csv(journal.sessions))
        archive.writestr("measures.csv", csv_format.measures_to_csv(journal.measures))
        try:
            weekly = data.load_plan(journal)
        except plan.PlanError:
            weekly = None
        if weekly is not None and weekly.routines:
            archive.writestr("plan.json", plan.plan_to_json(weekly))
        try:
            tried = data.load_experiments(journal)
        except ExperimentFileError:
            tried = ExperimentLog()
        if tried.experiments:
            archive.writestr(EXPERIMENTS_FILE, log_to_json(tried))
    return buffer.getvalue()


def show(journal: data.JournalView) -> None:
    st.header("Your data", anchor=False)
    st.download_button(
        "Download everything (zip)",
        data=lambda: everything(journal),
        file_name=f"lumbarlog-everything-{clock.today().isoformat()}.zip",
        mime="application/zip",
        icon=":material/download:",
        on_click="ignore",
        key="your_data_everything",
    )
    st.caption(
        "Your days, routine sessions, questionnaires, plan and self-experiments, as CSV and "
        "JSON files."
    )
    if auth.service_on() and isinstance(journal.repo, PgJournal):
        _delete(journal.repo)


def _delete(repo: PgJournal) -> None:
    if not st.session_state.get(ASKING_KEY):
        st.button(
            "Delete my data…",
            icon=":material/delete_forever:",
            key="your_data_delete",
            on_click=lambda: st.session_state.update({ASKING_KEY: True}),
        )
        return
    with st.container(border=True):
        st.warning(
            "This deletes every day, routine session, questionnaire answer, plan, "
            "self-experiment and earlier version of your journal from this service, for good. "
            "Download everything first if you may want it.",
            icon=":material/warning:",
        )
        typed = st.text_input(f"Type {DELETE_WORD} to confirm", key="your_data_delete_word")
        left, right = st.columns(2)
        if left.button("Delete everything", type="primary", key="your_data_delete_confirm"):
            if typed.strip() != DELETE_WORD:
                st.error(
                    f"Type {DELETE_WORD} to confirm: nothing was deleted.", icon=":material/error:"
                )
                return
            try:
                removed = repo.delete_all_data()
            except StoreError as error:
                st.error(plain(error), icon=":material/error:")
                return
            st.session_state.pop(ASKING_KEY, None)
            after_write(f"Deleted your data: {removed:,} rows. Your journal is empty now.")
            st.rerun()
        if right.button("Keep my data", key="your_data_delete_cancel"):
            st.session_state.pop(ASKING_KEY, None)
            st.rerun()
