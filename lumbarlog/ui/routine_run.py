"""The routine being followed in this browser session: started from Routines or Today, kept
with the journal it was started in, recorded once when it ends, and the pain rating after it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import streamlit as st

from lumbarlog import clock
from lumbarlog.domain import catalog, player, schema
from lumbarlog.journal import repository
from lumbarlog.journal.errors import JournalBusy, JournalError, StoreError
from lumbarlog.ui import session as app_session
from lumbarlog.ui.flash import after_write
from lumbarlog.ui.markup import plain

# The routine being followed in this browser session (shown by the Routines page; started
# from there or from Today).
PLAYER_KEY = "routines_player"
RUN_SAVED_KEY = "routines_saved_start"  # start of the run already recorded in sessions.csv
RUN_SUMMARY_KEY = "routines_summary"
PAIN_BEFORE_KEY = "routines_pain_before_given"
RUN_FOLDER_KEY = "routines_folder"  # the journal the run belongs to (the demo's or the person's)
# Query parameters of the Routines page, for links into it: ?tab=My plan, ?routine=desk_break.
TAB_KEY = "tab"
PLAN_TAB = "My plan"
ROUTINE_KEY = "routine"
PAIN_AFTER_INPUT_KEY = "routines_pain_after"  # the input on the summary
ERROR_KEY = "routines_error"  # why the pain after was not saved, shown on the next run


def choose_linked_routine(routine_ids: Sequence[str]) -> None:
    """A link to a routine (?routine=desk_break, from a tip) selects it in the chooser, once:
    the parameter is taken out of the address, so the person's own choice is kept after it."""
    linked = st.query_params.get(ROUTINE_KEY)
    if linked is None:
        return
    del st.query_params[ROUTINE_KEY]
    if linked in routine_ids:
        st.session_state[ROUTINE_KEY] = linked


def start_routine(routine: catalog.Routine, pain_before: int | None = None) -> None:
    """Begin following ``routine`` now. The pain rating is kept under a key of its own: the
    input it came from is not drawn while the player runs, and Streamlit forgets the value of
    a widget that is not drawn."""
    close_routine()
    st.session_state[PLAYER_KEY] = player.start(routine, clock.now())
    st.session_state[PAIN_BEFORE_KEY] = pain_before
    st.session_state[RUN_FOLDER_KEY] = str(app_session.journal_folder())


def routine_folder() -> Path:
    """Where the routine being followed is recorded: the journal it was started in, even when
    the person has left (or entered) the demo since."""
    started_in = st.session_state.get(RUN_FOLDER_KEY)
    return Path(started_in) if started_in else app_session.journal_folder()


def close_routine() -> None:
    """Forget the routine being followed (it is already recorded if it was finished)."""
    for key in (PLAYER_KEY, RUN_SAVED_KEY, RUN_SUMMARY_KEY, PAIN_BEFORE_KEY, RUN_FOLDER_KEY):
        st.session_state.pop(key, None)


def routine_journal() -> repository.Journal:
    """The journal the routine being followed is recorded in (see routine_folder)."""
    return app_session.journal_at(routine_folder())


def act(action: Callable[[player.PlayerState, dt.datetime], player.PlayerState]) -> None:
    """A player button: the run's state after ``action`` now."""
    st.session_state[PLAYER_KEY] = action(st.session_state[PLAYER_KEY], clock.now())


def record_finished_run(state: player.PlayerState) -> None:
    """A finished (or stopped) run is recorded once, straight away, so closing the browser on
    the summary loses nothing; the pain rating after it is added to that record later."""
    if st.session_state.get(RUN_SAVED_KEY) == state.started_at:
        return
    session = player.session_record(
        state, clock.now(), pain_before=st.session_state.get(PAIN_BEFORE_KEY)
    )
    try:
        updated_day = routine_journal().add_session(session)
    except StoreError as error:
        st.error(f"The session could not be saved: {plain(error)}", icon=":material/error:")
        return
    st.session_state[RUN_SAVED_KEY] = state.started_at
    done = len(session.exercises_completed)
    where = (
        "and added to today's journal entry"
        if updated_day
        else "and offered as done when you log today"
    )
    st.session_state[RUN_SUMMARY_KEY] = (
        f"Session saved: {done} exercise{'s' * (done != 1)} completed, {where}."
        if done
        else "Session saved: no exercise completed."
    )


def save_pain_after(state: player.PlayerState) -> None:
    """The summary's button: add the pain rating after the run to its record, then close it."""
    rating = st.session_state.get(PAIN_AFTER_INPUT_KEY)
    try:
        routine_journal().set_pain_after(
            state.started_at.replace(microsecond=0), state.routine_id, rating
        )
    except (schema.ValidationError, KeyError, JournalError, JournalBusy) as error:
        st.session_state[ERROR_KEY] = str(error)
        return
    name = catalog.load().routine_name(state.routine_id)
    after_write(f"Saved: pain {rating} after {name}.")
    close_routine()
