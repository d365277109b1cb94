"""Questions kept between runs (Replace this day? Delete these days?): each belongs to the
journal it was asked about and to the exact values in it, and is shown only in the run right
after it was asked, so a stale question can never write."""

from __future__ import annotations

from typing import TypedDict

import streamlit as st

from lumbarlog.ui import session


class _Question(TypedDict):
    """A question kept in the session state between runs (see ``ask``)."""

    question: object
    folder: str
    fresh: bool


def ask(key: str, question: object) -> None:
    """Keep a question (Replace this day? Delete these days?) for the next run of the page.
    It belongs to the journal it was asked about and to the exact values in ``question``; any
    other action drops it (see ``open_question``)."""
    held: _Question = {"question": question, "folder": str(session.journal_folder()), "fresh": True}
    st.session_state[key] = held


def open_question(key: str) -> object | None:
    """The question to show in this run, or None. Call once, at the top of the page: a question
    is shown in the run right after it was asked and answered by a button of that run. Any
    other action (another widget, another page, the demo switched) finds it already shown, so
    it is dropped and can never act on values nobody is looking at."""
    held: _Question | None = st.session_state.get(key)
    if held is None:
        return None
    if not held["fresh"] or held["folder"] != str(session.journal_folder()):
        st.session_state.pop(key, None)
        return None
    held["fresh"] = False
    return held["question"]


def answer(key: str) -> object | None:
    """In an answer button's callback: the question, taken away, or None when it is gone or
    belongs to another journal than the one in use now (nothing must then be written)."""
    held: _Question | None = st.session_state.pop(key, None)
    if held is None or held["folder"] != str(session.journal_folder()):
        return None
    return held["question"]
