"""The red-flag check as a person sees it: every sign grouped by how soon to act, and the check
for the signs a day's notes mention, shown once after the save."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from lumbarlog.domain import red_flags
from lumbarlog.ui.markup import plain

# What each tier asks the person to do, and how soon. The tiers follow the NHS's own three
# (call 999 or go to A&E; an urgent GP appointment or NHS 111; see a GP), said so that they
# read right outside the UK too.
RED_FLAG_ACTIONS = {
    "emergency": (
        "Now: go to an emergency department (A&E, ER) or call an ambulance "
        "(999 in the UK, 911 in North America, 112 in Europe) if you have"
    ),
    "urgent": (
        "Today: get an urgent appointment with a doctor, or call a health line such as NHS 111, "
        "if you have"
    ),
    "see_doctor": "Soon: book an appointment with a doctor in the coming days if you have",
}

RED_FLAG_NOTICE_KEY = "ui_red_flag_notes"


def show_red_flags(*, heading: str = "When back pain needs a doctor, not exercise") -> None:
    """Every red flag, grouped by how soon to act; none of them leads to an exercise."""
    _red_flag_box(heading, red_flags.load_red_flags())


def _red_flag_box(heading: str, flags: Iterable[red_flags.RedFlag], *, footer: str = "") -> None:
    """The signs grouped by tier: "now" and "today" in a red box that says not to exercise
    through them; "soon" in an amber box of its own, since those are reasons to book an
    appointment, not to stop moving."""

    def tier(urgency: str) -> list[str]:
        signs = [f.sign for f in flags if f.urgency == urgency]
        if not signs:
            return []
        return [f"**{RED_FLAG_ACTIONS[urgency]}:**", *(f"- {sign}" for sign in signs), ""]

    pressing = [f for f in flags if f.urgency != "see_doctor"]
    lines = [f"**{heading}**", "", *tier("emergency"), *tier("urgent")]
    soon = tier("see_doctor")
    if pressing:
        lines.append(
            "Do not exercise through any of these, and do not wait to see whether they pass."
            if len(pressing) > 1
            else "Do not exercise through it, and do not wait to see whether it passes."
        )
        if footer:
            lines += ["", footer]
        st.error("\n".join(lines), icon=":material/emergency:")
        lines = []
    if soon:
        st.warning("\n".join([*lines, *soon]).strip(), icon=":material/stethoscope:")


def show_red_flag_signs(notes: object) -> bool:
    """If ``notes`` mention a red-flag sign, show the check for those signs now, quoting the
    words; returns whether it did. Notes that say a sign is absent ("no numbness") are passed
    over, but anything less plain is shown (see lumbarlog/domain/red_flags.py)."""
    signs = red_flags.find_signs(notes)
    if not signs:
        return False
    quoted = ", ".join(f"“{plain(sign.words)}”" for sign in signs)
    _red_flag_box(
        f"Your notes mention {quoted}. This can be a sign that needs a doctor, not exercise.",
        [sign.flag for sign in signs],
        footer="If you wrote that you do not have it, there is nothing to do. "
        "All the signs are on the Learn page.",
    )
    return True


def red_flag_notice(notes: str) -> None:
    """Call right after saving a day: when its notes mention a red-flag sign, the check is
    shown at the top of the page on the next run (pages rerun after a save), with the flash
    message, once."""
    if red_flags.find_signs(notes):
        st.session_state[RED_FLAG_NOTICE_KEY] = notes
