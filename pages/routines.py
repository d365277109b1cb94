"""Routines: coming soon."""

import streamlit as st

from lib import ui

ui.require_entry_point()

st.title("Routines")
st.info("This screen is coming soon. Meanwhile, log your day on the Log page.")
st.page_link("pages/log.py", label="Log your day", icon=":material/edit_note:")
