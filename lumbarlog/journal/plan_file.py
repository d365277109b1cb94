"""plan.json in the journal folder: read, and saved under the journal's lock by an atomic write
with a backup, like the journal itself. What a plan may hold is domain/plan.py's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from lumbarlog import clock
from lumbarlog.domain.plan import (
    PLAN_FILE,
    Plan,
    PlanError,
    known_routine_ids,
    plan_from_json,
    plan_to_json,
    prepare_plan,
)
from lumbarlog.journal.errors import WriteFailed
from lumbarlog.journal.files import atomic_write, journal_lock


def load_plan(folder: Path, *, known_routines: Iterable[str] | None = None) -> Plan:
    """The plan saved in ``folder``; an empty plan when there is none. A file that cannot be
    read, or that names a routine the catalog does not have, raises PlanError."""
    return _read(Path(folder) / PLAN_FILE, known_routine_ids(known_routines))


def save_plan(
    folder: Path,
    plan: Plan,
    *,
    known_routines: Iterable[str] | None = None,
    today: dt.date | None = None,
) -> Plan:
    """Check and save ``plan``; returns what was saved (``started_on`` set to ``today`` if
    the plan had none). Refuses, leaving the file as it was, when the plan is not right or
    when the plan.json already there cannot be read."""
    checked = prepare_plan(plan, known_routines=known_routines, today=today or clock.today())
    folder = Path(folder)
    path = folder / PLAN_FILE
    with journal_lock(folder):
        if path.exists():
            # Reading it first means a damaged file is reported, not silently replaced.
            _read(path, known=None)
        data = plan_to_json(checked)
        if plan_from_json(data, known=None) != checked:  # what a restart would read
            raise WriteFailed(f"Nothing was saved: {PLAN_FILE} would not read back the same")
        atomic_write(path, data.encode("utf-8"))
    return checked


def _read(path: Path, known: frozenset[str] | None) -> Plan:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Plan()
    except (UnicodeDecodeError, OSError) as error:
        raise PlanError("file", f"cannot be read ({error})") from None
    return plan_from_json(text, known)
