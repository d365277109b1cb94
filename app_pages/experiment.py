"""Experiment: test one question of your own body by lot (a randomised self-experiment)."""

from __future__ import annotations

import streamlit as st

from lumbarlog import clock
from lumbarlog.ui import data, experiment_panel, experiment_run, flash

today = clock.today()
st.title("Find out for yourself", anchor=False)  # no "Link to heading" stop in the Tab order
st.caption(
    'A self-experiment answers "does this help me?" better than everyday logs can: you do '
    "a routine on good days more often, so those days look better whatever the routine does. "
    "Here the lot decides the days."
)
flash.show_flash()

journal = data.journal_or_stop()
log = experiment_panel.load(journal)
if log is not None:
    running = log.running()
    if running is not None:
        experiment_run.show_running(journal, running, today)
    experiment_run.show_ended(log)  # the newest answer first, above a new start
    if running is None and journal.can_write_entries:
        experiment_panel.show_setup(journal, today)

st.caption(
    "Not medical advice. Stop any condition that makes your pain worse, and see the Learn page "
    "for the signs that need a doctor rather than an experiment."
)
