"""The journal this browser session reads and writes: the person's, or the demo's while they
try it (a realistic made-up journal in a folder of its own beside theirs), and the ways in and
out of the demo."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from lumbarlog import clock
from lumbarlog.journal import demo, files, repository
from lumbarlog.journal.errors import DataFolderMissing, StoreError
from lumbarlog.ui import auth
from lumbarlog.ui.flash import after_write
from lumbarlog.ui.markup import plain

DEMO_KEY = "demo_mode"
DEMO_PARAM, DEMO_ON = "demo", "1"  # ?demo=1 in the address: this tab is in the demo

DEMO_DAYS = 120


def service_person(sub: str, *, demo: bool = False) -> str:
    """The journal's owner in a service's database: "user:<sub>" for the person's journal,
    "demo:<sub>" for their demo, so that no login's id can ever name another's demo."""
    return f"{'demo' if demo else 'user'}:{sub}"


def _service_journal(demo: bool) -> repository.Journal:
    """The logged-in person's journal in the service's database, or their demo journal."""
    who = auth.person()  # pages stop at the login screen before they get here
    return repository.journal_for(
        files.data_dir(),
        person=service_person(who, demo=demo) if who else None,
        database=auth.database_url(),
    )


def journal_folder() -> Path:
    """The folder the app reads and writes: the person's journal, or the demo's own folder
    while this browser session is trying the demo. In a service, the name that stands for the
    person's (or their demo's) journal in the database: what keys questions kept between
    runs, so that they never cross from one journal to another."""
    if auth.service_on():
        return _service_journal(in_demo()).folder
    return demo_folder() if in_demo() else files.data_dir()


def journal() -> repository.Journal:
    """The journal the app reads and writes now (see journal_folder)."""
    if auth.service_on():
        return _service_journal(in_demo())
    return repository.journal_for(journal_folder())


def journal_at(folder: Path) -> repository.Journal:
    """The journal that ``folder`` (a journal_folder() of this session) names: the person's
    or the demo's, whichever this session is in now."""
    if auth.service_on():
        return next(
            (j for j in map(_service_journal, (False, True)) if j.folder == folder),
            _service_journal(in_demo()),
        )
    return repository.journal_for(folder)


def demo_journal() -> repository.Journal:
    return _service_journal(True) if auth.service_on() else repository.journal_for(demo_folder())


def demo_folder() -> Path:
    """Where the demo journal lives: beside the person's journal, never inside it."""
    folder = files.data_dir()
    return folder.with_name(f"{folder.name}-demo")


def in_demo() -> bool:
    """Whether this browser session is trying the demo: said by the address (``?demo=1``, so
    a reload stays in the demo) or by the session (page changes may drop the address's query;
    keep_demo_in_address puts it back)."""
    return bool(st.session_state.get(DEMO_KEY)) or st.query_params.get(DEMO_PARAM) == DEMO_ON


def keep_demo_in_address() -> None:
    """Run first on every page: an address that names the demo (a reload, a bookmark) opens it,
    with the demo written first when its folder is empty; while in the demo the address says so,
    whichever page is open."""
    if st.query_params.get(DEMO_PARAM) == DEMO_ON and not st.session_state.get(DEMO_KEY):
        st.session_state[DEMO_KEY] = True
        if not _has_demo():
            _write_demo()
    if st.session_state.get(DEMO_KEY) and st.query_params.get(DEMO_PARAM) != DEMO_ON:
        st.query_params[DEMO_PARAM] = DEMO_ON


def _has_demo() -> bool:
    if not auth.service_on():
        return (demo_folder() / files.ENTRIES_FILE).exists()
    try:
        demo_journal().check()
        return not demo_journal().entries().frame.empty
    except DataFolderMissing:
        return False
    except StoreError:
        return True  # the database cannot be reached: the page says so; write nothing now


def _write_demo() -> None:
    demo.write_demo(demo_journal(), days=DEMO_DAYS, end=clock.today())


def start_demo() -> None:
    """Write a fresh demo journal (DEMO_DAYS days ending today) and switch this session to it."""
    _write_demo()
    st.session_state[DEMO_KEY] = True
    st.query_params[DEMO_PARAM] = DEMO_ON
    after_write("You are looking at demo data. Your own journal is untouched.")


def leave_demo() -> None:
    st.session_state[DEMO_KEY] = False
    st.query_params.pop(DEMO_PARAM, None)
    after_write("Back to your own journal.")


DEMO_LABEL = (
    f"Demo data: a made-up journal of {DEMO_DAYS} days. Nothing here is yours, and what you "
    "log now goes into the demo, not your journal."
)


def demo_banner() -> None:
    """Shown at the top of every page while the demo is in use."""
    if in_demo():
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.warning(DEMO_LABEL, icon=":material/science:")
        right.button("Back to my journal", key="demo_leave", on_click=leave_demo)


def offer_demo() -> None:
    """On an empty journal: a way to see what the app does before logging anything."""
    if in_demo():
        return
    with st.container(border=True):
        st.markdown("**New here?** Look around with a realistic demo journal first.")
        st.button(
            "Try with demo data",
            key="demo_start",
            icon=":material/science:",
            on_click=start_demo,
        )


def demo_button(key: str) -> None:
    """Into the demo at any time, or back out of it: the demo never mixes with the journal."""
    if in_demo():
        st.button("Back to my journal", key=key.replace("start", "leave"), on_click=leave_demo)
    else:
        st.button("Try the demo", key=key, icon=":material/science:", on_click=start_demo)


def sidebar() -> None:
    """Where the data lives and what the app is not: shown on every page."""
    with st.sidebar:
        if in_demo():
            st.warning("Demo data in use", icon=":material/science:")
        else:
            st.caption("See what months of logging look like, in a made-up journal of its own.")
        demo_button("demo_start_sidebar")
        if auth.service_on():
            auth.sidebar_account()
        else:
            st.caption(f"Your journal: {plain(files.data_dir())}")
        where = (
            "Your journal is kept in this service's database, where only you can open it."
            if auth.service_on()
            else "Your data stays on this computer."
        )
        st.caption(
            f"{where} Lumbar Log is not medical advice: for severe, new or worsening pain, see "
            "a doctor."
        )
