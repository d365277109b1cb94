"""Lumbar Log: the entry point. Page config, navigation over app_pages/, the shared sidebar."""

from pathlib import Path

import streamlit as st

from lumbarlog.ui import session

# The icon ships with the app (an SVG, which Streamlit inlines as a data: URL), so a page load
# asks no other address for it; a ":material/...:" page icon is fetched from fonts.gstatic.com.
ICON = Path(__file__).resolve().parent / "assets" / "icon.svg"

st.set_page_config(page_title="Lumbar Log", page_icon=str(ICON), layout="wide")

# Five pages as a row of links at the top of every page, at every width. Streamlit's own
# top bar folds into a sidebar menu on a phone, and that menu stays open after a choice,
# covering most of a 390 px screen; links in the page are one tap away and leave nothing open.
PAGES = [
    st.Page("app_pages/today.py", title="Today", icon=":material/today:", default=True),
    st.Page("app_pages/log.py", title="Log", icon=":material/edit_note:"),
    st.Page("app_pages/routines.py", title="Routines", icon=":material/self_improvement:"),
    st.Page("app_pages/trends.py", title="Trends", icon=":material/monitoring:"),
    st.Page("app_pages/learn.py", title="Learn", icon=":material/menu_book:"),
]
page = st.navigation(PAGES, position="hidden")
session.keep_demo_in_address()  # before anything reads the journal
with st.container(horizontal=True, gap="small", key="pages"):
    for each in PAGES:
        st.page_link(each, width="content")
session.sidebar()
session.demo_banner()
page.run()
