"""Cached loaders and the few widgets that several pages share. The only lib module that
imports streamlit."""

from __future__ import annotations

import re
import runpy
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from lib import plan, store

FLASH_KEY = "ui_flash"
ENTRY_POINT = Path(__file__).resolve().parent.parent / "streamlit_app.py"


@dataclass(frozen=True)
class Journal:
    """What the pages need of the journal folder: the data, or why it could not be read."""

    folder: Path
    entries: pd.DataFrame
    sessions: pd.DataFrame
    error: store.JournalError | None = None


def journal_folder() -> Path:
    """The folder the app reads and writes."""
    return store.data_dir()


# Keyed by the file's (mtime, size, inode): a rerun with an unchanged file costs a dictionary
# look-up, and any write, from this app or another program, gives a new key.
@st.cache_data(show_spinner=False, max_entries=8)
def _cached_entries(path: str, signature: tuple[int, int, int] | None) -> pd.DataFrame:
    return store.load_entries(Path(path))


@st.cache_data(show_spinner=False, max_entries=8)
def _cached_sessions(path: str, signature: tuple[int, int, int] | None) -> pd.DataFrame:
    return store.load_sessions(Path(path))


@st.cache_data(show_spinner=False, max_entries=8)
def _cached_plan(path: str, signature: tuple[int, int, int] | None) -> plan.Plan:
    return plan.load_plan(Path(path))


def load_plan(folder: Path) -> plan.Plan:
    """The person's weekly plan (cached on plan.json's signature). Raises plan.PlanError."""
    return _cached_plan(str(folder), store.file_signature(Path(folder) / plan.PLAN_FILE))


def load_journal() -> Journal:
    """Load entries and sessions (cached on the files' signatures). Never raises for a bad file:
    the error is returned so the page can explain it and still render."""
    folder = journal_folder()
    try:
        entries = _cached_entries(str(folder), _signature(folder, store.ENTRIES_FILE))
        sessions = _cached_sessions(str(folder), _signature(folder, store.SESSIONS_FILE))
    except store.JournalError as error:
        return Journal(folder, store.schema.empty_entries(), store.schema.empty_sessions(), error)
    return Journal(folder, entries, sessions)


def _signature(folder: Path, name: str) -> tuple:
    # The meta file decides whether the journal can be read at all, so it is part of the key.
    return (store.file_signature(folder / name), store.file_signature(folder / store.META_FILE))


def after_write(message: str | None = None) -> None:
    """Call right after any write: drop cached reads and keep a message for the next run."""
    _cached_entries.clear()
    _cached_sessions.clear()
    _cached_plan.clear()
    if message:
        st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    """Show (once) the message left by the last write, as a toast and as a line on the page."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.toast(message, icon=":material/check_circle:")
        st.success(message, icon=":material/check_circle:")


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Text that Streamlit's markdown shows exactly as written (for values a person typed)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def show_problems(title: str, problems) -> None:
    """An error box listing each problem on its own line, values shown as plain text."""
    lines = "\n".join(f"- {plain(problem)}" for problem in problems)
    st.error(f"**{title}**\n\n{lines}", icon=":material/error:")


def show_journal_error(journal: Journal) -> None:
    """Explain a journal file that cannot be read, and offer the ways back. Nothing is written
    unless the person picks a backup to restore."""
    error = journal.error
    assert error is not None
    show_problems(
        f"Lumbar Log cannot read {error.path.name}, so it has not changed it.", error.problems
    )
    st.markdown(
        "Your file is untouched. To recover, either restore an earlier version below (the "
        "current file is kept in `backups/` first), or open the file in a text editor, fix "
        "the line named above, and reload this page."
    )
    st.caption(f"Journal folder: {plain(journal.folder)}")
    backups = store.list_backups(journal.folder, error.path.name)
    if not backups:
        st.info("There are no earlier versions of this file in the backups folder.")
        return
    choice = st.selectbox(
        "Earlier version to restore",
        backups,
        format_func=lambda b: f"{b.saved_at:%Y-%m-%d %H:%M:%S} ({b.size:,} bytes)",
        key="recover_backup",
    )
    if st.button("Restore this version", key="recover_restore", type="primary"):
        try:
            set_aside = store.restore_backup(journal.folder, choice.path, error.path.name)
        except (store.JournalError, store.JournalBusy) as restore_error:
            st.error(f"That version cannot be restored either: {plain(restore_error)}")
            return
        kept = f" The unreadable file was kept as {set_aside.name}." if set_aside else ""
        after_write(f"Restored the version saved {choice.saved_at:%Y-%m-%d %H:%M}.{kept}")
        st.rerun()


def pain_label(value: int) -> str:
    """0 and 10 carry their words, so the slider says what its ends mean."""
    words = store.schema.PAIN_SCALE_WORDS.get(value)
    return f"{value} – {words}" if words else str(value)


def sidebar() -> None:
    """Where the data lives and what the app is not: shown on every page."""
    with st.sidebar:
        st.caption(f"Your journal: {plain(journal_folder())}")
        st.caption(
            "Your data stays on this computer. Lumbar Log is not medical advice: for severe, "
            "new or worsening pain, see a doctor."
        )


def require_entry_point() -> None:
    """Make sure the page runs inside streamlit_app.py (navigation, sidebar, page config).

    Streamlit treats a folder named pages/ beside the entry point as its older multipage layout
    until the entry point has called st.navigation once, so after a server start a bookmark
    straight to /log would run the page bare. In that case run the entry point here, in this
    same run (so nothing the person just clicked is lost); it opens the page that was asked for.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(ENTRY_POINT), run_name="__main__")
        st.stop()
