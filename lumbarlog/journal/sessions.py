"""Recording routine sessions (and the pain rating given after one)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace as replace_fields
from pathlib import Path

import pandas as pd

from lumbarlog.domain import parsing, schema
from lumbarlog.domain.schema import Session
from lumbarlog.journal.csv_files import load_entries, load_sessions, write_entries, write_sessions
from lumbarlog.journal.files import journal_lock
from lumbarlog.journal.migrate import ensure_current
from lumbarlog.journal.rows import Appended, entry_for, upsert


def with_session(
    entries: pd.DataFrame, sessions: pd.DataFrame, session: Session
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The sessions with ``session`` added (sorted by start, as they read back), and the days
    with its completed exercises counted as done on its day when that day is logged and lacks
    some of them (None: the days are unchanged). A day not yet logged is left alone (its pain
    is the person's to give); its exercises come from the sessions when the day is logged."""
    row = pd.DataFrame([schema.session_to_row(session)]).astype(dict(schema.SESSION_DTYPES))
    frame = pd.concat([sessions, row], ignore_index=True) if len(sessions) else row
    frame = frame.sort_values("start", kind="stable", ignore_index=True)
    day = entry_for(entries, session.start.date())
    if day is None or set(session.exercises_completed) <= set(day.exercises):
        return frame, None
    merged = tuple(dict.fromkeys(day.exercises + session.exercises_completed))
    updated = upsert(entries, [replace_fields(day, exercises=merged)])
    return frame, updated.frame if isinstance(updated, Appended) else updated


def with_pain_after(
    sessions: pd.DataFrame, start: dt.datetime, routine_id: str, pain_after: int | None
) -> pd.DataFrame:
    """The sessions with the pain rating after one session (found by its start and routine).
    Raises ValidationError for a rating outside 0-10, KeyError if there is no such session."""
    rating = parsing.parse_pain(pain_after, name="pain_after", required=False)
    match = (sessions["start"] == pd.Timestamp(start)) & (sessions["routine_id"] == routine_id)
    if not match.any():
        raise KeyError(f"no session of {routine_id} started at {start:%Y-%m-%d %H:%M:%S}")
    return sessions.assign(
        pain_after=sessions["pain_after"].mask(match, math.nan if rating is None else rating)
    )


def add_session(folder: Path, session: Session) -> bool:
    """Record one routine session in sessions.csv, and count its completed exercises as done
    in that day's journal entry when the day is already logged (see with_session). Both under
    one lock. Returns True when the day's entry was updated."""
    folder = Path(folder)
    with journal_lock(folder):
        entries = load_entries(folder)  # also refuses to go on if the journal cannot be read
        sessions, updated = with_session(entries, load_sessions(folder), session)
        ensure_current(folder)
        write_sessions(folder, sessions)
        if updated is None:
            return False
        write_entries(folder, updated)
        return True


def set_session_pain_after(
    folder: Path, start: dt.datetime, routine_id: str, pain_after: int | None
) -> None:
    """Add the pain rating given after a session that is already recorded (see
    with_pain_after)."""
    parsing.parse_pain(pain_after, name="pain_after", required=False)  # before taking the lock
    folder = Path(folder)
    with journal_lock(folder):
        changed = with_pain_after(load_sessions(folder), start, routine_id, pain_after)
        ensure_current(folder)
        write_sessions(folder, changed)
