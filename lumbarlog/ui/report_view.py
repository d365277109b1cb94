"""The clinician report as a page of the app: the same words as the PDF (lumbarlog/report/text.py)
and the same charts, in the same order, ready for the browser's Print. Print leaves out the
app's links, the sidebar and the buttons."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lumbarlog.analysis.charts import pain as pain_charts
from lumbarlog.analysis.charts.by_week import pain_by_week
from lumbarlog.report import text
from lumbarlog.report.content import ClinicianReport
from lumbarlog.ui.markup import plain

ACTIONS_KEY = "report_actions"  # the download and the way back, left out of the printout
_PRINT = f"""
<style>
@media print {{
  .st-key-pages, .st-key-{ACTIONS_KEY}, [data-testid="stSidebar"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stExpandSidebarButton"] {{ display: none !important; }}
  [data-testid="stMainBlockContainer"] {{ padding-top: 0 !important; }}
}}
</style>
"""


def _table(rows: tuple[tuple[str, ...], ...]) -> None:
    st.table(pd.DataFrame(list(rows[1:]), columns=list(rows[0])).set_index(rows[0][0]))


def _lines(lines: tuple[str, ...] | list[str]) -> None:
    st.markdown("\n".join(f"- {plain(line)}" for line in lines))


def show(report: ClinicianReport) -> None:
    """Every part of the report, in the PDF's order."""
    st.html(_PRINT)
    words = text.of(report)
    st.title(words.title, anchor=False)
    if words.name:
        st.markdown(f"**{plain(words.name)}**")
    st.markdown(plain(words.period))
    st.caption(plain(words.made))

    box = st.error if words.red_flags_found else st.info
    box(
        f"**{words.red_flags_heading}**\n\n" + "\n".join(f"- {plain(x)}" for x in words.red_flags),
        icon=":material/emergency:" if words.red_flags_found else ":material/check_circle:",
    )
    st.subheader("Questionnaires", anchor=False)
    _table(words.measures)
    st.subheader("Exercise", anchor=False)
    if len(words.routines) > 1:
        _table(words.routines)
    st.markdown(plain(words.exercise))

    if words.empty:
        st.subheader("Pain and sitting", anchor=False)
        st.info(plain(words.empty))
    else:
        st.subheader(words.pain_heading, anchor=False)
        pain = pain_by_week(report.daily, report.flares, report.by).chart
        if pain is not None:
            st.vega_lite_chart(pain.to_dict(), width="stretch", alt=words.pain_alt)
        st.markdown(plain(words.pain))
        st.subheader("Hours sitting", anchor=False)
        sitting = pain_charts.sitting_timeline(report.daily).chart
        if sitting is not None:
            st.vega_lite_chart(sitting.to_dict(), width="stretch", alt=words.sitting_alt)
        st.markdown(plain(words.sitting))
        st.subheader("What went together (associations in this diary, not causes)", anchor=False)
        _lines(words.findings)

    left, right = st.columns(2)
    with left:
        st.subheader("Questions I would like to ask", anchor=False)
        st.text(words.questions or "None written.")
    with right:
        st.subheader("Notes I chose to share", anchor=False)
        if words.notes:
            _lines(words.notes)
        else:
            st.text("None chosen.")
    st.divider()
    st.markdown(f"**{plain(words.footer)}**")
    st.caption(plain(words.sources))
