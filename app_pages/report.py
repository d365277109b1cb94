"""The clinician report as a printable page, for the period in the address (?from=&to=),
with what the person added on Log in this browser session."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from lumbarlog import clock
from lumbarlog.ui import data, report_panel, report_view, session

journal = data.journal_or_stop()
if journal.entries.empty:
    st.title("Report for your doctor", anchor=False)
    st.info("Nothing to report yet: log a few days on the Log page first.")
    session.offer_demo()
    st.stop()


def _day(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(st.query_params.get(name, "")))
    except ValueError:
        return None


last = max(journal.entries["date"].max().date(), clock.today())
start, end = _day(report_panel.FROM), _day(report_panel.TO)
with st.container(key=report_view.ACTIONS_KEY):
    if start is None or end is None or start > end:
        end = last
        start = max(journal.entries["date"].min().date(), last - dt.timedelta(days=89))
        st.caption("No period in the address: showing the last 90 days.")
    wanted = report_panel.request(journal, start, end)
    with st.container(horizontal=True, gap="medium", vertical_alignment="center"):
        report_panel.download(journal, wanted, key="page_report_pdf")
        st.page_link("app_pages/log.py", label="Change what the report holds (Log)")
    st.caption("To print this page, use your browser's Print (Ctrl+P, or ⌘P on a Mac).")
report_view.show(report_panel.clinician_report(journal, wanted))
