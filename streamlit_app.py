"""Lumbar Log: the entry point. Page config, navigation over app_pages/, the shared sidebar."""

from pathlib import Path

import streamlit as st

from lumbarlog.ui import auth, session

# The icon ships with the app (an SVG, which Streamlit inlines as a data: URL), so a page load
# asks no other address for it; a ":material/...:" page icon is fetched from fonts.gstatic.com.
ICON = Path(__file__).resolve().parent / "assets" / "icon.svg"

st.set_page_config(page_title="Lumbar Log", page_icon=str(ICON), layout="wide")

# As a service for many people (a database configured), nothing opens before login.
auth.require_login()

# Five pages as a row of links at the top of every page, at every width. Streamlit's own
# top bar folds into a sidebar menu on a phone, and that menu stays open after a choice,
# covering most of a 390 px screen; links in the page are one tap away and leave nothing open.
# Words without icons, so that all five fit one row of a 390 px screen.
PAGES = [
    st.Page("app_pages/today.py", title="Today", default=True),
    st.Page("app_pages/log.py", title="Log"),
    st.Page("app_pages/routines.py", title="Routines"),
    st.Page("app_pages/trends.py", title="Trends"),
    st.Page("app_pages/learn.py", title="Learn"),
]
# The clinician report's printable page is reached from Log and Trends, not from the row.
REPORT = st.Page("app_pages/report.py", title="Report for your doctor", url_path="report")
# Self-experiments are reached from Today, where their daily assignment is shown.
EXPERIMENT = st.Page("app_pages/experiment.py", title="Experiment", url_path="experiment")
page = st.navigation([*PAGES, REPORT, EXPERIMENT], position="hidden")
session.keep_demo_in_address()  # before anything reads the journal
with st.container(horizontal=True, gap="small", key="pages"):
    for each in PAGES:
        st.page_link(each, width="content")
session.sidebar()
session.demo_banner()
page.run()
