"""Log: one day's pain, sitting and exercises; the history to correct; import and export."""

from __future__ import annotations

import streamlit as st

from lumbarlog.ui import (
    data,
    day_form,
    flash,
    history_table,
    recovery,
    report_panel,
    transfer_panel,
    widgets,
    your_data,
)

st.title("Log your day", anchor=False)  # no "Link to heading" stop in the Tab order
flash.show_flash()

# A database gone while the form is filled in: the form stays as typed, to save once it is back.
journal = data.journal_or_stop(meanwhile=day_form.show_unread)
if not journal.can_write_entries:
    widgets.read_only_notice("Logging and editing days")
    recovery.read_only_history(journal)
    report_panel.show(journal)  # made from every row that could be read; writes nothing
    st.stop()

day_form.show(journal)
history_table.show(journal)
transfer_panel.show(journal)
your_data.show(journal)
report_panel.show(journal)
