"""The clinician report as a person makes it: on Log, "Report for your doctor" (the period, a
name, questions, the notes to share, the paper size, the PDF and the printable page); on Trends,
the PDF for the period shown; and the printable page itself (app_pages/report.py).

What the person adds (name, questions, notes, paper) is kept for the browser session, per
journal, so the Trends button and the printable page use it too. It is never written to disk:
the report is made from the journal and downloaded, nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, replace

import streamlit as st

from lumbarlog import clock
from lumbarlog.domain import catalog, plan
from lumbarlog.report import content, pdf
from lumbarlog.ui import data, widgets
from lumbarlog.ui.data import JournalView

PRINTABLE_PAGE = "app_pages/report.py"
FROM, TO = "from", "to"  # the printable page's period, in its address
PAPER_LABELS = {"a4": "A4", "us-letter": "Letter (US)"}
NAME_LABEL = "Your name on the report (optional)"
QUESTIONS_LABEL = "Questions to ask your doctor (optional)"
NOTES_LABEL = "Notes to share with your doctor"


@dataclass(frozen=True)
class Choices:
    name: str = ""
    questions: str = ""
    ticked: tuple[dt.date, ...] = ()
    paper: str = "a4"


def _store_key(journal: JournalView) -> str:
    return f"report_choices:{journal.folder}"


def choices(journal: JournalView) -> Choices:
    """What the person added to the report in this browser session (for this journal)."""
    found = st.session_state.get(_store_key(journal))
    return found if isinstance(found, Choices) else Choices()


def _remember(journal: JournalView, **changes: object) -> None:
    st.session_state[_store_key(journal)] = replace(choices(journal), **changes)  # type: ignore[arg-type]


def request(journal: JournalView, start: dt.date, end: dt.date) -> content.Request:
    chosen = choices(journal)
    return content.Request(
        start, end, chosen.name, chosen.questions, chosen.ticked, paper=chosen.paper
    )


@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_report(
    _journal: JournalView, version: Hashable, wanted: content.Request, today: dt.date
) -> content.ClinicianReport:
    try:
        weekly_plan = data.load_plan(_journal)
    except plan.PlanError:
        weekly_plan = plan.Plan()  # the Routines page says why the plan cannot be read
    names = catalog.load()
    routines = set(_journal.sessions["routine_id"]) | set(weekly_plan.routines)
    return content.compose(
        _journal.entries,
        _journal.sessions,
        _journal.measures,
        weekly_plan,
        wanted,
        today,
        exercise_names=names.exercise_names(),
        routine_names={r: names.routine_name(r) for r in routines},
    )


def clinician_report(journal: JournalView, wanted: content.Request) -> content.ClinicianReport:
    """The report (cached on the journal's version and the request: reruns cost nothing)."""
    return _cached_report(journal, journal.repo.version(), wanted, clock.today())


def download(journal: JournalView, wanted: content.Request, *, key: str) -> None:
    """The PDF download, and what to know before. The report is composed when the button is
    pressed, not on every run of the page: each save changes the journal's version, and Log
    and Trends would otherwise compose it again after every save for a button seldom used."""
    notes = content.ticked_notes(journal.entries, wanted.ticked, wanted.start, wanted.end)
    if not pdf.every_character_drawable([wanted.name, wanted.questions, *(n.text for n in notes)]):
        st.warning(
            "Some characters in your name, questions or notes cannot be drawn with the fonts "
            "on this computer; the PDF shows them as boxes. The printable page shows them.",
            icon=":material/warning:",
        )
    if journal.errors:
        st.caption(
            "Part of your journal cannot be fully read: the report uses every row that could be."
        )
    st.download_button(
        "Download report for your doctor (PDF)",
        data=lambda: pdf.render(clinician_report(journal, wanted)).pdf,
        file_name=pdf.file_name(wanted),
        mime="application/pdf",
        icon=":material/download:",
        on_click="ignore",  # a download changes nothing: the page need not run again
        key=key,
    )


def printable_link(start: dt.date, end: dt.date) -> None:
    st.page_link(
        PRINTABLE_PAGE,
        label="Open the printable page",
        query_params={FROM: start.isoformat(), TO: end.isoformat()},
    )


def show(journal: JournalView) -> None:
    """Log's "Report for your doctor": choose, then download or open the printable page."""
    st.header("Report for your doctor", anchor=False)
    if journal.entries.empty:
        st.caption("Log a few days first: the report sums up your journal for a doctor.")
        return
    st.caption(
        "One page a doctor or physiotherapist can read in a minute: red-flag signs in your "
        "notes, your questionnaires, pain and sitting, exercise, and what went together, with "
        "its numbers. Nothing you type here is saved; it stays in this browser tab."
    )
    today = clock.today()
    first = journal.entries["date"].min().date()
    start, end = widgets.period_picker(
        first, max(journal.entries["date"].max().date(), today), key="report", label="Period"
    )
    start = start or first
    chosen = choices(journal)
    left, right = st.columns(2)
    with left:
        name = st.text_input(
            NAME_LABEL, value=chosen.name, max_chars=content.MAX_NAME_CHARS, key="report_name"
        )
        questions = st.text_area(
            QUESTIONS_LABEL,
            value=chosen.questions,
            max_chars=content.MAX_QUESTIONS_CHARS,
            placeholder="For example: Is it safe to run again?",
            key="report_questions",
        )
    with right:
        notes = content.notes_to_choose(journal.entries, start, end)
        by_day = {note.day: note for note in notes}
        ticked = st.multiselect(
            NOTES_LABEL,
            list(by_day),
            default=[d for d in chosen.ticked if d in by_day],
            format_func=lambda d: f"{d:%d %b %Y}: {by_day[d].text[:60]}",
            max_selections=content.MAX_TICKED_NOTES,
            placeholder="None" if notes else "No notes in this period",
            disabled=not notes,
            key="report_notes",
        )
        paper = st.radio(
            "Paper size",
            list(PAPER_LABELS),
            index=list(PAPER_LABELS).index(chosen.paper),
            format_func=PAPER_LABELS.__getitem__,
            horizontal=True,
            key="report_paper",
        )
    _remember(journal, name=name, questions=questions, ticked=tuple(sorted(ticked)), paper=paper)
    wanted = request(journal, start, end)
    with st.container(horizontal=True, gap="medium", vertical_alignment="center"):
        download(journal, wanted, key="log_report_pdf")
        printable_link(start, end)
