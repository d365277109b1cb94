"""The message a write leaves for the next run: shown once, as a line at the top of the page
(where it stays readable and a screen reader finds it), with the red-flag check when the notes
just saved mention a sign."""

from __future__ import annotations

import streamlit as st

from lumbarlog.ui.red_flag_check import RED_FLAG_NOTICE_KEY, show_red_flag_signs

FLASH_KEY = "ui_flash"


def after_write(message: str | None = None) -> None:
    """Call right after a write to keep a message for the next run (cached reads need no
    clearing: they key on the journal's version). The message is markdown: put any name or
    value in it through plain() or file_name()."""
    if message:
        st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    """Show (once) the message left by the last write as one line on the page (a toast as well
    said everything twice, and on a phone it covered the page's title), and the red-flag check
    when the notes just saved mention a sign (``red_flag_notice``)."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")
    notes = st.session_state.pop(RED_FLAG_NOTICE_KEY, None)
    if notes:
        show_red_flag_signs(notes)
