"""Randomised self-experiments (n-of-1 trials): the questions, the design and the schedule.

A person asks one question of their own body ("Does Morning stretches on a day go with lower
pain the next day?"). Instead of comparing the days they happened to exercise with the days
they did not (they exercise on good days, so everyday logs cannot separate "it helps" from
"I do it when I feel well"), the app decides each day's condition by lot, in the standard
n-of-1 pair design (AHRQ's N-of-1 guide, Kravitz & Duan 2014; CENT 2015):

- the experiment lasts ``MIN_WEEKS`` to ``MAX_WEEKS`` weeks, in blocks of ``MIN_BLOCK_DAYS``
  to ``MAX_BLOCK_DAYS`` days; every day of a block has the same condition;
- blocks come in pairs, each pair "A then B" or "B then A", chosen at random; so A and B have
  the same number of days by construction, and neither comes first more often on purpose;
- the draw is ``numpy.random.default_rng(seed).integers(0, 2, size=pairs)`` from a recorded
  integer seed: the same seed gives the same schedule, today and years later;
- the first day of each block is not analysed: what was done the day before may still be
  felt (carry-over), and that day is the first after a possible change;
- a design needs at least ``MIN_PAIRS`` pairs: with fewer, even the clearest difference could
  not reach the 5% level of the exact randomisation test (2 of 2^5 = 32 orders is 6%), so the
  experiment could never give a clear answer.

The days are ``pairs x 2 x block_days``: the weeks asked for, rounded down to whole pairs of
blocks (8 weeks of 3-day blocks are 9 pairs, 54 days).

Each question fixes its two conditions and its outcome (pain the next day, or pain the same
evening) before the experiment starts; the design records the outcome, so it cannot be chosen
after seeing the data. Everything here is pure: no file is read or written (storage is the
journal room's), and nothing is drawn at random except by ``new_seed``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lumbarlog.domain.catalog import Catalog

# The two conditions of every question.
A, B = "A", "B"
CONDITIONS: tuple[str, str] = (A, B)

# What a question measures: pain logged the day after the assigned day, or on the same day
# (the journal's one rating a day, given in the evening).
NEXT_DAY, SAME_DAY = "next_day", "same_day"

# The kinds of question.
ROUTINE, SITTING_BREAKS, MORNING_EVENING = "routine", "sitting_breaks", "morning_evening"

MIN_WEEKS, MAX_WEEKS = 4, 8
MIN_BLOCK_DAYS, MAX_BLOCK_DAYS = 2, 4
MIN_PAIRS = 6
# How a scheduled day's assignment was kept, from the journal.
FOLLOWED, NOT_FOLLOWED, NOT_RECORDED = "followed", "not followed", "not recorded"
KEPT: tuple[str, str, str] = (FOLLOWED, NOT_FOLLOWED, NOT_RECORDED)
MAX_SEED = 2**63 - 1

# Routines that are not offered as "does it help?" questions, and why: a randomised "no
# routine" day would withhold them when they are needed, or they are asked about in their own
# question.
NOT_ASKED: dict[str, str] = {
    "desk_break": "asked about in the sitting-breaks question",
    "getting_out_of_bed": "a safer way to get up, not to be left out on some days",
    "gentle_flare": "for flares, as needed: not to be withheld on a bad day",
    "relief_60_seconds": "for stiffness, as needed: not to be withheld when it is wanted",
}
STRETCHES_ROUTINE = "morning_stretches"
BREAK_ROUTINE = "desk_break"
MORNING_BEFORE_HOUR = 12  # a morning session starts before noon
EVENING_FROM_HOUR = 17  # an evening session starts at 5 pm or later


@dataclass(frozen=True)
class Condition:
    """One arm of a question: its key (A or B), a short label, the words for Today and the
    words for its days in a sentence ("Morning stretches days")."""

    key: str
    label: str
    today: str
    days: str


@dataclass(frozen=True)
class Question:
    """A question a person can test, with its two conditions and its outcome fixed.

    ``routine_id`` is the routine the conditions are about and ``routine_exercises`` its
    exercises (a day's entry that lists all of them shows the routine was done).
    """

    id: str
    kind: str
    text: str
    a: Condition
    b: Condition
    outcome: str
    outcome_words: str
    routine_id: str
    routine_exercises: tuple[str, ...]

    def condition(self, key: str) -> Condition:
        """Condition A or B."""
        if key == A:
            return self.a
        if key == B:
            return self.b
        raise ValueError(f"condition must be {A!r} or {B!r}, not {key!r}")


def questions(catalog: Catalog) -> tuple[Question, ...]:
    """The questions a person can test, from the catalog's routines and the article's advice
    (breaks every 30 minutes of sitting; a few minutes of stretching every morning), in the
    catalog's order, then the two questions about breaks and stretching times."""
    found: list[Question] = []
    for routine in catalog.routines.values():
        if routine.id in NOT_ASKED:
            continue
        found.append(
            Question(
                id=f"routine:{routine.id}",
                kind=ROUTINE,
                text=f"Does {routine.name} on a day go with lower pain the next day?",
                a=Condition(A, routine.name, f"Today: do {routine.name}", f"{routine.name} days"),
                b=Condition(B, "No routine", f"Today: no {routine.name}", "days without it"),
                outcome=NEXT_DAY,
                outcome_words="pain the next day",
                routine_id=routine.id,
                routine_exercises=routine.exercise_ids,
            )
        )
    if BREAK_ROUTINE in catalog.routines:
        breaks = catalog.routines[BREAK_ROUTINE]
        found.append(
            Question(
                id="sitting_breaks",
                kind=SITTING_BREAKS,
                text="Do sitting breaks every 30 minutes lower my evening pain?",
                a=Condition(
                    A,
                    "Breaks every 30 minutes",
                    f"Today: a break every 30 minutes of sitting ({breaks.name})",
                    "days with breaks",
                ),
                b=Condition(
                    B, "Sitting as usual", "Today: sit as you usually do", "days sitting as usual"
                ),
                outcome=SAME_DAY,
                outcome_words="pain that evening",
                routine_id=breaks.id,
                routine_exercises=breaks.exercise_ids,
            )
        )
    if STRETCHES_ROUTINE in catalog.routines:
        stretches = catalog.routines[STRETCHES_ROUTINE]
        found.append(
            Question(
                id="morning_or_evening",
                kind=MORNING_EVENING,
                text="Morning or evening stretches: which suits me?",
                a=Condition(
                    A,
                    "Stretches in the morning",
                    f"Today: do {stretches.name} in the morning (before noon)",
                    "morning-stretch days",
                ),
                b=Condition(
                    B,
                    "Stretches in the evening",
                    f"Today: do {stretches.name} in the evening (from 5 pm)",
                    "evening-stretch days",
                ),
                outcome=NEXT_DAY,
                outcome_words="pain the next day",
                routine_id=stretches.id,
                routine_exercises=stretches.exercise_ids,
            )
        )
    return tuple(found)


def question(catalog: Catalog, question_id: str) -> Question:
    """The question with this id; ValueError naming it if there is none."""
    for found in questions(catalog):
        if found.id == question_id:
            return found
    raise ValueError(f"Question: there is no question {question_id!r} to test")


class DesignError(ValueError):
    """A design refused: ``field`` names the setting and ``reason`` says why, in words."""

    def __init__(self, field: str, reason: str):
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


@dataclass(frozen=True)
class Design:
    """An experiment's plan, fixed before it starts: the question, its outcome, the first
    day, the length, the block length and the seed the order of the blocks is drawn from."""

    question_id: str
    outcome: str
    start: dt.date
    weeks: int
    block_days: int
    seed: int

    @property
    def pairs(self) -> int:
        """Pairs of blocks (one A and one B block each)."""
        return self.weeks * 7 // (2 * self.block_days)

    @property
    def days(self) -> int:
        """Days with an assignment: the weeks rounded down to whole pairs of blocks."""
        return self.pairs * 2 * self.block_days

    @property
    def last_day(self) -> dt.date:
        """The last day with an assignment."""
        return self.start + dt.timedelta(days=self.days - 1)

    @property
    def planned_end(self) -> dt.date:
        """The day the last outcome is logged: the last day, or the day after it for a
        next-day outcome. A result made before this day is an interim view."""
        return self.last_day + dt.timedelta(days=1 if self.outcome == NEXT_DAY else 0)


def make_design(chosen: Question, start: dt.date, weeks: int, block_days: int, seed: int) -> Design:
    """A checked design for ``chosen``. Raises DesignError naming the field and the reason."""
    return checked_design(Design(chosen.id, chosen.outcome, start, weeks, block_days, seed))


def checked_design(design: Design) -> Design:
    """``design`` if it may be run (as make_design checks it, also when read back from a
    file). Raises DesignError naming the field and the reason."""
    start, weeks, block_days, seed = design.start, design.weeks, design.block_days, design.seed
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
        raise DesignError("First day", f"must be a calendar day, not {start!r}")
    if not _whole(weeks) or not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise DesignError(
            "Weeks", f"must be a whole number from {MIN_WEEKS} to {MAX_WEEKS}, not {weeks!r}"
        )
    if not _whole(block_days) or not MIN_BLOCK_DAYS <= block_days <= MAX_BLOCK_DAYS:
        raise DesignError(
            "Block length",
            f"must be a whole number of days from {MIN_BLOCK_DAYS} to {MAX_BLOCK_DAYS}, "
            f"not {block_days!r}",
        )
    if not _whole(seed) or not 0 <= seed <= MAX_SEED:
        raise DesignError("Seed", f"must be a whole number from 0 to 2^63 - 1, not {seed!r}")
    if design.outcome not in (NEXT_DAY, SAME_DAY):
        raise DesignError(
            "Outcome", f"must be {NEXT_DAY!r} or {SAME_DAY!r}, not {design.outcome!r}"
        )
    if design.pairs < MIN_PAIRS:
        raise DesignError(
            "Weeks",
            f"{weeks} weeks of {block_days}-day blocks make only {design.pairs} pairs of "
            f"blocks; at least {MIN_PAIRS} are needed for a clear answer to be possible "
            f"(choose at least {_weeks_needed(block_days)} weeks, or shorter blocks)",
        )
    return design


def _whole(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _weeks_needed(block_days: int) -> int:
    return -(-MIN_PAIRS * 2 * block_days // 7)


def new_seed() -> int:
    """A fresh seed for a new design (from the operating system's randomness); record it."""
    return secrets.randbits(63)


def pair_orders(seed: int, pairs: int) -> tuple[bool, ...]:
    """For each pair of blocks, True if A comes first: drawn from ``default_rng(seed)``."""
    draws = np.random.default_rng(seed).integers(0, 2, size=pairs)
    return tuple(bool(d == 0) for d in draws)


@dataclass(frozen=True)
class ScheduledDay:
    """One day of the schedule. ``block`` and ``pair`` count from 1; ``outcome_date`` is the
    day whose pain answers for this day (the next day for a next-day outcome)."""

    date: dt.date
    condition: str
    block: int
    pair: int
    analysed: bool
    outcome_date: dt.date


@dataclass(frozen=True)
class Schedule:
    """Every day of a design with its condition; ``a_first`` holds each pair's order."""

    design: Design
    a_first: tuple[bool, ...]
    days: tuple[ScheduledDay, ...]

    def on(self, day: dt.date) -> ScheduledDay | None:
        """The assignment for ``day``, or None outside the experiment."""
        index = (day - self.design.start).days
        return self.days[index] if 0 <= index < len(self.days) else None


def schedule(design: Design, a_first: Sequence[bool] | None = None) -> Schedule:
    """The design's schedule, from its seed (or from ``a_first``, one order per pair: the
    other schedules the design allowed, which the randomisation test goes through)."""
    orders = pair_orders(design.seed, design.pairs) if a_first is None else tuple(a_first)
    if len(orders) != design.pairs:
        raise ValueError(f"{design.pairs} pair orders are needed, not {len(orders)}")
    lag = dt.timedelta(days=1 if design.outcome == NEXT_DAY else 0)
    days: list[ScheduledDay] = []
    for pair, first_is_a in enumerate(orders, start=1):
        for half, condition in enumerate((A, B) if first_is_a else (B, A)):
            block = 2 * (pair - 1) + half + 1
            for offset in range(design.block_days):
                day = design.start + dt.timedelta(days=len(days))
                days.append(ScheduledDay(day, condition, block, pair, offset > 0, day + lag))
    return Schedule(design=design, a_first=tuple(bool(o) for o in orders), days=tuple(days))
