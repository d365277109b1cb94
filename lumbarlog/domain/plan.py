"""The person's plan: which routines on which weekdays, and how well it has been kept.

The plan is saved as ``plan.json`` in the journal folder, under the journal's lock and by an
atomic write with a backup (lumbarlog/journal/plan_file.py), like the journal itself:

    {"schema_version": 1, "started_on": "2026-05-04",
     "routines": {"morning_stretches": [0, 1, 2, 3, 4, 5, 6], "core_strength": [0, 2, 4]}}

Weekdays are numbers, 0 = Monday to 6 = Sunday (Python's ``date.weekday()``). A plan.json
that cannot be read raises ``PlanError`` and is never written over.

Adherence looks at routine sessions (the journal's sessions frame): a planned routine
is done on a day when a session of that routine started that day and finished (reached its
last step; some steps may have been skipped). A session ended with Stop is kept in the
journal as a partial session but ticks nothing: not the plan, not the streak, not the habit
score, so stopping after the first step every day never looks like keeping a habit. Days with
nothing planned never count against the person.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from lumbarlog.domain import catalog, schema, week

PLAN_FILE = "plan.json"
PLAN_VERSION = 1
WEEKDAY_NAMES: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
# The habit score follows Loop Habit Tracker's idea of an exponentially smoothed strength:
# after every planned day, score = score * (1 - HABIT_SMOOTHING) + HABIT_SMOOTHING * done.
# A half-life of 13 planned days (Loop's value for a daily habit) means one missed day
# costs about 5 points of 100 and a good fortnight counts for half the score.
HABIT_HALF_LIFE_PLANNED_DAYS = 13
HABIT_SMOOTHING = 1 - 0.5 ** (1 / HABIT_HALF_LIFE_PLANNED_DAYS)
# Older days weigh almost nothing (0.95 ** 250); stop looking this far back.
HABIT_LOOKBACK_DAYS = 366


class PlanError(ValueError):
    """A plan that cannot be saved or a plan.json that cannot be read, naming the field."""

    def __init__(self, field: str, reason: str):
        self.field = field
        self.reason = reason
        super().__init__(f"{PLAN_FILE}: {field}: {reason}")


@dataclass(frozen=True)
class Plan:
    """Routine id -> the weekdays it is planned on (0 = Monday). Routines with no day are
    left out. ``started_on`` is the first day the plan counts from (set when first saved)."""

    routines: Mapping[str, frozenset[int]] = field(default_factory=dict)
    started_on: dt.date | None = None

    def routines_on(self, day: dt.date) -> tuple[str, ...]:
        """The routines planned for ``day`` (none before the plan started)."""
        if self.started_on is not None and day < self.started_on:
            return ()
        return tuple(rid for rid, days in self.routines.items() if day.weekday() in days)

    def with_days(self, routine_id: str, weekdays: Iterable[int]) -> Plan:
        """A copy with ``routine_id`` planned on ``weekdays`` (none removes it). Unchecked
        until ``make_plan`` or ``save_plan``."""
        days = frozenset(weekdays)
        routines = {rid: d for rid, d in self.routines.items() if rid != routine_id}
        if days:
            routines[routine_id] = days
        return replace(self, routines=routines)


def make_plan(
    routines: Mapping[str, Iterable[object]],
    *,
    started_on: dt.date | None = None,
    known_routines: Iterable[str] | None = None,
) -> Plan:
    """A checked Plan. Raises PlanError naming the field: ``routines.<id>`` for a routine that
    is not in ``known_routines`` (default: the shipped catalog) or for a bad weekday."""
    known = frozenset(catalog.routine_ids() if known_routines is None else known_routines)
    return _check(routines, started_on, known)


def prepare_plan(
    plan: Plan,
    *,
    known_routines: Iterable[str] | None = None,
    today: dt.date,
) -> Plan:
    """``plan`` checked, with ``started_on`` set to ``today`` if it had none: what a save
    writes. Raises PlanError naming the field."""
    known = known_routine_ids(known_routines)
    return _check(plan.routines, plan.started_on or today, known)


def known_routine_ids(known_routines: Iterable[str] | None = None) -> frozenset[str]:
    """The routine ids a plan may name (default: the shipped catalog's)."""
    return frozenset(catalog.routine_ids() if known_routines is None else known_routines)


def plan_to_json(plan: Plan) -> str:
    """plan.json's text for ``plan``."""
    body = {
        "schema_version": PLAN_VERSION,
        "started_on": plan.started_on.isoformat() if plan.started_on else None,
        "routines": {rid: sorted(days) for rid, days in plan.routines.items()},
    }
    return json.dumps(body, indent=2) + "\n"


def plan_from_json(text: str, known: frozenset[str] | None) -> Plan:
    """The plan in plan.json's text; raises PlanError naming the field. ``known``: the routine
    ids it may name (None: any)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanError("file", f"is not valid JSON (line {error.lineno}: {error.msg})") from None
    except RecursionError:
        raise PlanError("file", "is nested too deeply to be a plan") from None
    if not isinstance(data, dict):
        raise PlanError("file", "should hold a JSON object with schema_version and routines")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise PlanError("schema_version", f"{version!r} is not a version number")
    if version > PLAN_VERSION:
        raise PlanError(
            "schema_version",
            f"the plan was written by a newer Lumbar Log (version {version}); update the app",
        )
    started_text = data.get("started_on")
    started_on = None
    if started_text is not None:
        try:
            started_on = dt.date.fromisoformat(str(started_text))
        except ValueError:
            raise PlanError("started_on", f"{started_text!r} is not a date (YYYY-MM-DD)") from None
    routines = data.get("routines")
    if not isinstance(routines, dict):
        raise PlanError("routines", "should map each routine id to a list of weekdays")
    return _check(routines, started_on, known)


def _check(
    routines: Mapping[str, Iterable[object]],
    started_on: dt.date | None,
    known: frozenset[str] | None,
) -> Plan:
    checked: dict[str, frozenset[int]] = {}
    for routine_id, weekdays in routines.items():
        name = f"routines.{routine_id}"
        if known is not None and routine_id not in known:
            raise PlanError(name, f"{routine_id!r} is not a routine in the catalog")
        if isinstance(weekdays, str | bytes | Mapping) or not isinstance(weekdays, Iterable):
            raise PlanError(name, "should be a list of weekdays, 0 (Monday) to 6 (Sunday)")
        days = set()
        for day in weekdays:
            if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
                raise PlanError(name, f"{day!r} is not a weekday from 0 (Monday) to 6 (Sunday)")
            days.add(day)
        if days:
            checked[routine_id] = frozenset(days)
    return Plan(routines=checked, started_on=started_on)


# --------------------------------------------------------------------------------------------
# Adherence
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedRoutine:
    """One routine planned on one day, and whether it was done. ``status`` is "done",
    "missed" (a past day, not done) or "open" (today or later, not done yet)."""

    day: dt.date
    routine_id: str
    status: str

    @property
    def done(self) -> bool:
        return self.status == "done"


@dataclass(frozen=True)
class WeekAdherence:
    """The planned routines of the week (Monday to Sunday) that holds ``today``."""

    week_start: dt.date
    today: dt.date
    planned: tuple[PlannedRoutine, ...]

    @property
    def done(self) -> int:
        return sum(item.status == "done" for item in self.planned)

    @property
    def missed(self) -> int:
        return sum(item.status == "missed" for item in self.planned)

    @property
    def still_open(self) -> int:
        return sum(item.status == "open" for item in self.planned)

    def on(self, day: dt.date) -> tuple[PlannedRoutine, ...]:
        """The planned routines of one day."""
        return tuple(item for item in self.planned if item.day == day)


@dataclass(frozen=True)
class HabitScore:
    """Loop-style habit strength, 0 to 1, over the planned days from ``since`` to today."""

    score: float
    planned_days: int
    days_done: float
    since: dt.date | None


def finished_sessions(sessions: pd.DataFrame) -> pd.DataFrame:
    """The sessions that reached their routine's end (not those ended with Stop)."""
    return sessions[sessions["outcome"] == schema.FINISHED]


def session_days(sessions: pd.DataFrame) -> pd.DataFrame:
    """One row per (day, routine_id) that has at least one finished session, day as a
    datetime.date."""
    return (
        finished_sessions(sessions)
        .assign(day=lambda frame: frame["start"].dt.date)
        .loc[:, ["day", "routine_id"]]
        .drop_duplicates()
        .reset_index(drop=True)
    )


def _done_pairs(
    sessions: pd.DataFrame, since: dt.date | None = None
) -> frozenset[tuple[dt.date, str]]:
    if since is not None:
        # Only the days looked at: a long history costs no more than a short one.
        sessions = sessions[sessions["start"] >= pd.Timestamp(since)]
    days = session_days(sessions)
    return frozenset(zip(days["day"], days["routine_id"], strict=True))


def week_adherence(plan: Plan, sessions: pd.DataFrame, today: dt.date) -> WeekAdherence:
    """Which planned (day, routine) pairs of this week were done, missed, or are still open."""
    monday = week.week_start(today)
    done = _done_pairs(sessions, since=monday)
    planned = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        for routine_id in plan.routines_on(day):
            if (day, routine_id) in done:
                status = "done"
            elif day < today:
                status = "missed"
            else:
                status = "open"
            planned.append(PlannedRoutine(day=day, routine_id=routine_id, status=status))
    return WeekAdherence(week_start=monday, today=today, planned=tuple(planned))


def current_streak(sessions: pd.DataFrame, today: dt.date) -> int:
    """Consecutive days up to today with at least one finished routine session. Today may
    still be open: with no session yet today, the streak counts back from yesterday."""
    # Whole calendar days as integers, worked on as arrays: no Python date per session.
    days = np.unique(
        finished_sessions(sessions)["start"].to_numpy().astype("datetime64[D]").astype("int64")
    )
    last = np.datetime64(today, "D").astype("int64")
    days = days[days <= last]
    if days.size == 0 or days[-1] < last - 1:
        return 0
    # Going back from the newest day, the streak runs while each day is one before the next.
    breaks = np.flatnonzero(np.diff(days) != 1)
    first_of_run = days[breaks[-1] + 1] if breaks.size else days[0]
    return int(days[-1] - first_of_run + 1)


def habit_score(plan: Plan, sessions: pd.DataFrame, today: dt.date) -> HabitScore:
    """The plan's habit strength: starting at 0, each planned day moves the score towards 1
    by the share of that day's planned routines done, or towards 0 if none was. Days with
    nothing planned leave it as it is; today counts only once something planned is done."""
    earliest = today - dt.timedelta(days=HABIT_LOOKBACK_DAYS)
    done = _done_pairs(sessions, since=earliest)
    if plan.started_on is not None:
        since = max(plan.started_on, earliest)
    elif done:
        since = max(min(day for day, _ in done), earliest)
    else:
        since = today
    score, planned_days, days_done = 0.0, 0, 0.0
    day = since
    while day <= today:
        routines = plan.routines_on(day)
        if routines:
            share = sum((day, rid) in done for rid in routines) / len(routines)
            if day < today or share > 0:
                score = score * (1 - HABIT_SMOOTHING) + HABIT_SMOOTHING * share
                planned_days += 1
                days_done += share
        day += dt.timedelta(days=1)
    return HabitScore(score=score, planned_days=planned_days, days_done=days_done, since=since)
