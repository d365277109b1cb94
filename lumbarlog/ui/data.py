"""The journal as a page sees it in this run: every row that could be read, the files that
could not be fully read and why, and the plan, read once per version of the journal."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from lumbarlog.domain import measures, plan, schema
from lumbarlog.domain.experiment_log import ExperimentLog
from lumbarlog.journal import files, repository
from lumbarlog.journal.errors import DataFolderMissing, JournalError, StoreError
from lumbarlog.ui import auth, session
from lumbarlog.ui.markup import plain
from lumbarlog.ui.recovery import show_journal_problems, show_missing_folder


@dataclass(frozen=True)
class JournalView:
    """What the pages need of the journal in this run: every row that could be read, and for
    each file that could not be fully read, why; ``repo`` is the journal itself, for writes. A
    file with problems is shown, never changed (except through the recovery panel's explicit
    choices)."""

    repo: repository.Journal
    entries: pd.DataFrame
    sessions: pd.DataFrame
    errors: tuple[JournalError, ...] = ()
    notices: tuple[str, ...] = ()
    missing: DataFolderMissing | None = None
    measures: pd.DataFrame = field(default_factory=measures.empty_measures)

    @property
    def folder(self) -> Path:
        return self.repo.folder

    @property
    def error(self) -> JournalError | None:
        """The first file that could not be fully read, if any."""
        return self.errors[0] if self.errors else None

    def _blocked(self, file_name: str) -> bool:
        names = {e.path.name for e in self.errors}
        return self.missing is not None or file_name in names or files.META_FILE in names

    @property
    def can_write_entries(self) -> bool:
        """Days can be saved: entries.csv (and the journal's version) read without a problem."""
        return not self._blocked(files.ENTRIES_FILE)

    @property
    def can_write_sessions(self) -> bool:
        """Routines can be recorded: sessions.csv read without a problem."""
        return not self._blocked(files.SESSIONS_FILE)

    @property
    def can_write_measures(self) -> bool:
        """Questionnaires can be saved: measures.csv read without a problem."""
        return not self._blocked(files.MEASURES_FILE)


# The cached loaders key on the journal's version, which changes on every write (by this app
# or another program), so no page has to clear them after a write. Parameters starting with an
# underscore are not hashed by Streamlit: the journal object is named by its version.
@st.cache_data(show_spinner=False, max_entries=8)
def _cached_plan(_journal: repository.Journal, version: Hashable) -> plan.Plan:
    return _journal.plan()


def load_plan(journal: JournalView) -> plan.Plan:
    """The person's weekly plan (cached on the journal's version). Raises plan.PlanError."""
    return _cached_plan(journal.repo, journal.repo.version())


@st.cache_data(show_spinner=False, max_entries=8)
def _cached_experiments(_journal: repository.Journal, version: Hashable) -> ExperimentLog:
    return _journal.experiments()


def load_experiments(journal: JournalView) -> ExperimentLog:
    """The person's self-experiments (cached on the journal's version, as Today reads them
    on every run). Raises ExperimentFileError, or StoreError when they cannot be reached."""
    return _cached_experiments(journal.repo, journal.repo.version())


def journal_or_stop(*, meanwhile: Callable[[], None] | None = None) -> JournalView:
    """The journal for a page that needs it. When a file cannot be fully read, the page first
    shows why and the ways back, then goes on with every row that could be read (pages offer
    no way to change a file with problems). Stops only when there is no journal folder, or
    when a service's database cannot be reached (said, with a way to try again); before it
    stops, ``meanwhile`` shows what the page keeps without its journal (a form being filled
    in keeps what was typed, so nothing is lost)."""
    try:
        journal = load_journal()
    except StoreError as error:
        st.error(plain(error), icon=":material/cloud_off:")
        st.caption("Nothing was changed. The page works again as soon as the journal can be read.")
        st.button("Try again", icon=":material/refresh:", key="journal_try_again")
        if meanwhile is not None:
            meanwhile()
        st.stop()
    if journal.missing is not None:
        show_missing_folder(journal)
        st.stop()
    show_journal_problems(journal)
    return journal


def load_journal() -> JournalView:
    """Read entries and sessions. Never raises for a file's content: what could be read is
    returned with the problems of the rest, so the page can explain them and still render.

    The CSV journal keeps what it parsed or wrote last, keyed by each file's signature, so a
    rerun with unchanged files costs a few stat calls and hands out the same (read-only)
    frames, with no copy; any write, from this app or another program, is seen at once."""
    folder = session.journal_folder()
    repo = session.journal()
    try:
        repo.check()
    except DataFolderMissing as missing:
        # A person's first visit to a service makes their empty journal.
        if not auth.service_on() and (folder != files.default_data_dir() or folder.exists()):
            return JournalView(
                repo, schema.empty_entries(), schema.empty_sessions(), missing=missing
            )
        repo.create()  # the app's own folder beside it: made on first use
    return JournalView(
        repo,
        repo.entries().frame,
        repo.sessions().frame,
        errors=repo.problems(),
        notices=repo.notices(),
        measures=repo.measures().frame,
    )
