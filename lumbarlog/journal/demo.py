"""A deterministic, realistic demo journal, for trying the app and for benchmarks.

The made-up person has patterns the Trends page should find: pain is higher on the day after
a lot of sitting and lower on the day after exercise, weekends have less sitting, there is a
flare of a few days now and then, about one day in ten is not logged, and routines usually
end with pain a little lower than it started. Everything is drawn from one seeded random
generator with vectorised numpy, so a hundred-year journal takes about a second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import signal

from lumbarlog import clock
from lumbarlog.domain import catalog, measures, peg, schema, startback
from lumbarlog.domain.plan import make_plan
from lumbarlog.journal.repository import Journal


def routine_exercises(routine_id: str) -> tuple[str, ...]:
    """The exercises of a catalog routine, in order."""
    return catalog.load().routines[routine_id].exercise_ids


# When in the day each routine starts (hour, spread in minutes) and how long it takes (s).
_ROUTINE_START_HOUR = {
    "getting_out_of_bed": (6.75, 30),
    "morning_stretches": (7.25, 45),
    "desk_break": (11.0, 240),
    "relief_60_seconds": (13.0, 360),
    "core_strength": (18.0, 120),
}
_ROUTINE_SECONDS = {
    "relief_60_seconds": (60, 40),
    "morning_stretches": (540, 240),
    "core_strength": (900, 420),
    "desk_break": (150, 60),
    "getting_out_of_bed": (45, 30),
}
# What an exercise day looks like: which routines were followed in the player.
_DAY_PLANS: tuple[tuple[str, ...], ...] = (
    ("morning_stretches",),
    ("core_strength",),
    ("morning_stretches", "desk_break"),
    ("getting_out_of_bed", "morning_stretches"),
    ("relief_60_seconds",),
    ("desk_break", "core_strength"),
    ("morning_stretches", "desk_break", "relief_60_seconds"),
    ("getting_out_of_bed", "morning_stretches", "core_strength"),
)
# Exercises done without the player (logged on the day only), for some exercise days.
_OFF_PLAYER_EXERCISES: tuple[tuple[str, ...], ...] = (
    ("walking_break",),
    ("glute_bridge", "partial_crunch"),
    ("legs_up_90_90_rest",),
    ("knee_to_chest_hold", "lying_knee_twist"),
)

_NOTES = (
    "Stiff first thing in the morning; eased after the stretches.",
    "Long drive today.",
    "Slept badly, back sore this morning.",
    "Good day, walked at lunch.",
    "Morning was the worst part; fine by the afternoon.",
    "Lots of meetings, hardly got up.",
    "Used the heat pad in the evening.",
    "Felt looser after the walk.",
)
_MORNING_NOTE = _NOTES[0]
_FLARE_NOTE = "Flare-up after lifting boxes; ice in the evening."
_FLARE_SHAPE = np.array([3.5, 4.0, 3.8, 3.0, 2.0, 1.0])

# How the made-up person works (numbers for the demo, not clinical findings).
BASELINE_PAIN = 3.6
SITTING_EFFECT_PER_HOUR = 0.35  # next-day pain points per hour above the person's usual sitting
EXERCISE_EFFECT = -1.0  # next-day pain points after an exercise day
MISSED_DAY_SHARE = 0.10
DAYS_PER_FLARE = 120


def generate(
    days: int = 120, end: dt.date | None = None, seed: int = 7
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A demo journal of ``days`` calendar days ending on ``end`` (default: the app's today).

    Returns (entries, sessions) in the exact shapes a journal reads back: the same seed and end
    give the same frames.
    """
    end = end or clock.today()
    if days <= 0:
        return schema.empty_entries(), schema.empty_sessions()
    rng = np.random.default_rng(seed)
    dates = pd.date_range(end=pd.Timestamp(end), periods=days, freq="D", unit="ns")
    weekend = dates.day_of_week.to_numpy() >= 5

    sitting_true = np.where(weekend, rng.normal(3.0, 1.2, days), rng.normal(7.5, 1.6, days)).clip(
        0.0, 16.0
    )
    sitting_hours = np.round(sitting_true * 4) / 4
    exercised = rng.random(days) < 0.55
    flare = _flares(rng, days)

    previous_sitting = np.concatenate([[sitting_true.mean()], sitting_true[:-1]])
    previous_exercise = np.concatenate([[False], exercised[:-1]])
    # Day-to-day pain carries over (an AR(1) process), so good and bad spells last a few days.
    carry_over = signal.lfilter([1.0], [1.0, -0.5], rng.normal(0.0, 0.7, days))
    slow_wave = 0.4 * np.sin(2 * np.pi * np.arange(days) / 61 + rng.uniform(0, 2 * np.pi))
    pain_level = (
        BASELINE_PAIN
        + SITTING_EFFECT_PER_HOUR * (previous_sitting - sitting_true.mean())
        + EXERCISE_EFFECT * previous_exercise
        + flare
        + slow_wave
        + carry_over
    )
    pain = np.clip(np.rint(pain_level), schema.PAIN_MIN, schema.PAIN_MAX).astype("int64")

    logged = rng.random(days) >= MISSED_DAY_SHARE
    logged[-1] = True  # the demo always shows today
    logged[flare >= 3.0] = True  # a flare is when people remember to log
    sitting_recorded = rng.random(days) >= 0.05

    plan_index = rng.integers(0, len(_DAY_PLANS), days)
    uses_player = rng.random(days) < 0.8
    off_player_index = rng.integers(0, len(_OFF_PLAYER_EXERCISES), days)
    plan_exercises = np.empty(len(_DAY_PLANS), dtype=object)
    plan_exercises[:] = [_union(routine_exercises(r) for r in plan) for plan in _DAY_PLANS]
    off_player = np.empty(len(_OFF_PLAYER_EXERCISES), dtype=object)
    off_player[:] = list(_OFF_PLAYER_EXERCISES)
    no_exercise = np.empty(days, dtype=object)
    no_exercise[:] = [()] * days
    exercises = np.where(
        exercised,
        np.where(uses_player, plan_exercises[plan_index], off_player[off_player_index]),
        no_exercise,
    )

    notes = _notes(rng, days, flare, logged)
    entries = (
        pd.DataFrame(
            {
                "date": dates,
                "pain": pain,
                "sitting_hours": np.where(sitting_recorded, sitting_hours, np.nan),
                "exercises": exercises,
                "notes": notes,
            }
        )[logged]
        .astype(dict(schema.ENTRY_DTYPES))
        .reset_index(drop=True)
    )
    session_days = np.flatnonzero(logged & exercised & uses_player)
    sessions = _sessions(rng, dates, pain, session_days, plan_index[session_days])
    return entries, sessions


def _flares(rng: np.random.Generator, days: int) -> np.ndarray:
    """Extra pain from flares: one per DAYS_PER_FLARE days, placed away from the ends."""
    if days < 3 * len(_FLARE_SHAPE):
        return np.zeros(days)
    count = max(1, days // DAYS_PER_FLARE)
    margin = len(_FLARE_SHAPE)
    starts = rng.integers(margin, days - 2 * margin, count)
    starts[0] = int(days * rng.uniform(0.3, 0.7))  # one flare always in the middle stretch
    onsets = np.zeros(days)
    onsets[starts] = 1.0
    return np.convolve(onsets, _FLARE_SHAPE)[:days].clip(0.0, _FLARE_SHAPE.max())


def _notes(
    rng: np.random.Generator, days: int, flare: np.ndarray, logged: np.ndarray
) -> np.ndarray:
    choices = np.array(_NOTES, dtype=object)[rng.integers(0, len(_NOTES), days)]
    has_note = rng.random(days) < 0.08
    # Mornings are the part of the day the app's tips speak to, so the demo always has one.
    choices[np.flatnonzero(has_note & logged)[:1]] = _MORNING_NOTE
    notes = np.where(has_note, choices, "").astype(object)
    flare_start = (flare > 0) & (np.concatenate([[0.0], flare[:-1]]) == 0)
    return np.where(flare_start, _FLARE_NOTE, notes).astype(object)


def _union(groups: Iterable[Iterable[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for group in groups for item in group))


def _sessions(
    rng: np.random.Generator,
    dates: pd.DatetimeIndex,
    pain: np.ndarray,
    session_days: np.ndarray,
    plans: np.ndarray,
) -> pd.DataFrame:
    """One session per routine in each day's plan, with pain before and after."""
    plan_lengths = np.array([len(p) for p in _DAY_PLANS])
    day_of_session = np.repeat(session_days, plan_lengths[plans])
    if day_of_session.size == 0:
        return schema.empty_sessions()
    # The k-th routine of each day's plan, found without a Python loop over days.
    plan_of_session = np.repeat(plans, plan_lengths[plans])
    first_of_plan = np.cumsum(plan_lengths[plans]) - plan_lengths[plans]
    position = np.arange(day_of_session.size) - np.repeat(first_of_plan, plan_lengths[plans])
    routine_table = np.array(
        [[*plan, *[""] * (plan_lengths.max() - len(plan))] for plan in _DAY_PLANS], dtype=object
    )
    routine = routine_table[plan_of_session, position]

    n = routine.size
    start_hour = np.array([_ROUTINE_START_HOUR[r][0] for r in routine])
    spread_minutes = np.array([_ROUTINE_START_HOUR[r][1] for r in routine])
    start_seconds = np.rint(start_hour * 3600 + rng.uniform(0, 1, n) * spread_minutes * 60)
    mean_seconds = np.array([_ROUTINE_SECONDS[r][0] for r in routine])
    spread_seconds = np.array([_ROUTINE_SECONDS[r][1] for r in routine])
    duration = np.rint(mean_seconds + rng.uniform(-0.5, 0.5, n) * spread_seconds)
    start = dates.to_numpy()[day_of_session] + start_seconds.astype("timedelta64[s]")
    end = start + duration.astype("timedelta64[s]")

    before = np.clip(pain[day_of_session] + rng.integers(-1, 2, n), 0, 10).astype(float)
    relief = rng.choice([-1, 0, 1, 1, 1, 2, 2], n)  # after is usually a little lower
    after = np.clip(before - relief, 0, 10)
    before = np.where(rng.random(n) < 0.08, np.nan, before)
    after = np.where(rng.random(n) < 0.1, np.nan, after)
    completed = np.empty(n, dtype=object)
    completed[:] = [routine_exercises(r) for r in routine]
    return (
        pd.DataFrame(
            {
                "start": start,
                "end": end,
                "routine_id": routine,
                "exercises_completed": completed,
                "pain_before": before,
                "pain_after": after,
                "outcome": schema.FINISHED,  # the demo's sessions run to the end
            }
        )
        .astype(dict(schema.SESSION_DTYPES))
        .sort_values("start", kind="stable", ignore_index=True)
    )


# The demo person's weekly plan: the routines they follow most, on set days.
DEMO_PLAN: dict[str, tuple[int, ...]] = {"morning_stretches": (0, 2, 4), "core_strength": (1, 3)}
# STarT Back answers (items 1-8 agree = 1, item 9 from 0 to 4) for a fortnight's mean pain:
# from this mean up, these answers (high risk, medium risk, low risk by Keele's scoring).
_STARTBACK_BY_PAIN: tuple[tuple[float, tuple[int, ...]], ...] = (
    (5.0, (1, 1, 1, 1, 1, 1, 1, 0, 3)),
    (3.5, (1, 1, 1, 0, 1, 1, 0, 0, 2)),
    (0.0, (1, 0, 0, 0, 0, 1, 0, 0, 1)),
)


def generate_measures(entries: pd.DataFrame, end: dt.date, seed: int = 7) -> pd.DataFrame:
    """The demo person's questionnaires: the PEG every 7 days back from ``end`` (its pain item
    the week's mean pain, the two interference items within a point of it) and STarT Back
    every 30 days from the first day (answers that match the fortnight's mean pain)."""
    if entries.empty:
        return measures.empty_measures()
    rng = np.random.default_rng(seed + 1)
    pain = entries.set_index("date")["pain"].astype("float64")
    first = pain.index.min().date()
    answered: list[measures.Measure] = []
    day = end
    while day >= first + dt.timedelta(days=6):
        week = pain.loc[pd.Timestamp(day - dt.timedelta(days=6)) : pd.Timestamp(day)]
        if len(week):
            level = round(float(week.mean()))
            items = np.clip(level + rng.integers(-1, 2, 2), 0, 10)
            answered.append(measures.Measure(day, peg.INSTRUMENT, (level, *map(int, items))))
        day -= dt.timedelta(days=7)
    day = first
    while day <= end:
        fortnight = pain.loc[pd.Timestamp(day - dt.timedelta(days=13)) : pd.Timestamp(day)]
        mean = float(fortnight.mean()) if len(fortnight) else float(pain.iloc[0])
        answers = next(a for low, a in _STARTBACK_BY_PAIN if mean >= low)
        answered.append(measures.Measure(day, startback.INSTRUMENT, answers))
        day += dt.timedelta(days=30)
    return measures.measures_frame(answered)


def write_demo(journal: Journal, days: int = 120, end: dt.date | None = None) -> Journal:
    """Write a demo journal (its days, routine sessions, questionnaires and weekly plan) into
    ``journal`` and return it.

    Existing days, sessions and questionnaires are replaced the way every save replaces them:
    the old versions are kept as backups.
    """
    journal.create()
    end = end or clock.today()
    entries, sessions = generate(days=days, end=end)
    journal.replace_all(entries, sessions, generate_measures(entries, end))
    if days > 0:
        first = end - dt.timedelta(days=days - 1)
        journal.save_plan(make_plan(DEMO_PLAN, started_on=first), today=first)
    return journal
