"""The answer to a randomised self-experiment, from its schedule and the journal.

Numbers only: the words are in experiment_sentences.py, the exact test and its interval in
randomisation.py.

How the answer is made, decided before any data is seen:

- **As assigned** (intention to treat): every analysed day counts under the condition the lot
  gave it, whether or not the person followed it. Days not followed are kept and counted
  (``Adherence``); leaving them out would bring back what randomising removes (people skip
  a routine on bad days). The estimate is then the effect of *being assigned* A rather than
  B: for a routine, the routine's own effect times how much more often it was done on A days.
- **The outcome** of a day is its pain (a next-day question: the pain of the day after). A
  day without pain logged is missing, never zero. The first day of each block is not
  analysed (carry-over).
- **The difference**, A minus B: for each pair of blocks, the mean outcome of the A block's
  analysed days minus that of the B block's; then the mean of these per-pair differences. A
  pair in which either block has no analysed outcome is left out (and counted). With every
  day logged, each block has the same number of analysed days, so this is also the plain
  difference of the two means.
- **The p-value** is an exact randomisation test (randomisation.py; Edgington & Onghena,
  Randomization Tests, 2007) over every schedule the design allowed (each pair A-B or B-A):
  two-sided, the observed schedule included. It is exact whatever the carry-over and
  autocorrelation of pain, as long as whether a day is logged does not depend on its
  assignment.
- **The interval** inverts the same test over additive shifts: the effects ``d`` for which
  "A adds ``d`` points to every analysed A day" is not rejected at 5%. Its coverage is at
  least 95% for an additive effect because the test is exact (``LEVEL``); with fewer than
  ``MIN_PAIRS`` pairs used, no effect can be rejected and the interval is unbounded.
- **Interim**: a result made before the planned end (the day the last outcome is logged) is
  marked interim: fewer pairs, and a look midway is one more chance of a chance result.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lumbarlog.analysis.randomisation import ALPHA, LEVEL, randomisation_test
from lumbarlog.analysis.rules import (
    ABOUT_THE_SAME,
    ABOUT_THE_SAME_POINTS,
    CANT_TELL,
    CLEAR,
)
from lumbarlog.domain.experiment_log import RecordedResult
from lumbarlog.domain.experiments import (
    EVENING_FROM_HOUR,
    FOLLOWED,
    MIN_PAIRS,
    MORNING_BEFORE_HOUR,
    MORNING_EVENING,
    NOT_FOLLOWED,
    NOT_RECORDED,
    A,
    B,
    Question,
    Schedule,
)
from lumbarlog.domain.schema import STOPPED


@dataclass(frozen=True)
class Adherence:
    """How one condition's days so far were kept: each day counted once."""

    condition: str
    days: int
    followed: int
    not_followed: int
    not_recorded: int


@dataclass(frozen=True)
class ExperimentResult:
    """The answer so far (or at the end) to one experiment, in numbers.

    ``estimate``, ``ci_low`` and ``ci_high`` are in points of the outcome, A minus B (nan
    without any usable pair); ``pairs_used`` pairs gave a difference, ``pairs_left_out``
    (of those done) missed every analysed outcome of a block; ``pairs_to_come`` are not done
    yet. ``days_a``/``days_b`` are analysed days with an outcome, ``missing_a``/``missing_b``
    analysed days so far without one.
    """

    question: Question
    estimate: float
    ci_low: float
    ci_high: float
    level: float
    p_value: float
    schedules: int
    pairs_planned: int
    pairs_used: int
    pairs_left_out: int
    pairs_to_come: int
    days_a: int
    days_b: int
    missing_a: int
    missing_b: int
    adherence: tuple[Adherence, Adherence]
    interim: bool
    today: dt.date
    planned_end: dt.date

    @property
    def enough(self) -> bool:
        """At least one pair gave a difference."""
        return self.pairs_used > 0

    @property
    def can_be_clear(self) -> bool:
        """Enough pairs for the test to reach the 5% level at all (MIN_PAIRS)."""
        return self.pairs_used >= MIN_PAIRS

    @property
    def kind(self) -> str:
        """CLEAR when the test rejects "no difference" at 5% (the interval then leaves out
        zero), ABOUT_THE_SAME when the whole interval lies within one point either way,
        CANT_TELL otherwise."""
        if not self.enough:
            return CANT_TELL
        if self.p_value <= ALPHA:
            return CLEAR
        if self.ci_low > -ABOUT_THE_SAME_POINTS and self.ci_high < ABOUT_THE_SAME_POINTS:
            return ABOUT_THE_SAME
        return CANT_TELL


# --------------------------------------------------------------------------------------------
# From the schedule and the journal
# --------------------------------------------------------------------------------------------


def outcomes(schedule: Schedule, entries: pd.DataFrame, today: dt.date) -> np.ndarray:
    """Each scheduled day's outcome (the pain of its outcome day), NaN where that day has no
    pain logged or is after ``today``."""
    pain: dict[dt.date, float] = {}
    if len(entries):
        for day, value in zip(entries["date"], entries["pain"], strict=True):
            if pd.notna(day) and pd.notna(value):
                pain[pd.Timestamp(day).date()] = float(value)
    return np.array(
        [
            pain.get(day.outcome_date, math.nan) if day.outcome_date <= today else math.nan
            for day in schedule.days
        ],
        dtype=np.float64,
    )


def pair_differences(schedule: Schedule, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-pair difference of block means (A minus B) over analysed days with an outcome,
    for the pairs in which both blocks have one; and which pairs those are (a boolean per
    pair, in order)."""
    values = np.asarray(values, dtype=np.float64)
    pairs = schedule.design.pairs
    sums = np.zeros((pairs, 2))
    counts = np.zeros((pairs, 2))
    for day, value in zip(schedule.days, values, strict=True):
        if day.analysed and not math.isnan(value):
            arm = 0 if day.condition == A else 1
            sums[day.pair - 1, arm] += value
            counts[day.pair - 1, arm] += 1
    usable: np.ndarray = np.asarray((counts > 0).all(axis=1), dtype=bool)
    means = sums[usable] / counts[usable]
    return means[:, 0] - means[:, 1], usable


def _session_days(question: Question, sessions: pd.DataFrame) -> dict[dt.date, list[int]]:
    """Day -> the hours at which a session of the question's routine started (finished
    sessions, and stopped ones with at least one exercise done)."""
    found: dict[dt.date, list[int]] = {}
    if not len(sessions):
        return found
    for start, routine_id, done, outcome in zip(
        sessions["start"],
        sessions["routine_id"],
        sessions["exercises_completed"],
        sessions["outcome"],
        strict=True,
    ):
        if routine_id != question.routine_id or pd.isna(start):
            continue
        if outcome == STOPPED and not done:
            continue
        moment = pd.Timestamp(start)
        found.setdefault(moment.date(), []).append(moment.hour)
    return found


def _entry_days(entries: pd.DataFrame) -> dict[dt.date, tuple[str, ...]]:
    if not len(entries):
        return {}
    return {
        pd.Timestamp(day).date(): tuple(exercises) if isinstance(exercises, tuple) else ()
        for day, exercises in zip(entries["date"], entries["exercises"], strict=True)
        if pd.notna(day)
    }


def day_adherence(
    question: Question, schedule: Schedule, entries: pd.DataFrame, sessions: pd.DataFrame
) -> tuple[str, ...]:
    """For each scheduled day: FOLLOWED, NOT_FOLLOWED or NOT_RECORDED, from the journal.

    A routine (or breaks) question: the day shows the routine when a session of it started
    that day or the day's entry lists every exercise of it. An A day is followed when it shows
    the routine, a B day when it does not; a day with neither an entry nor a session is not
    recorded. Morning or evening: a session before noon is a morning one, from 5 pm an evening
    one; an A day is followed with a morning session and no evening one (B the other way
    round); a day whose only sign is its entry's exercises (no time) is not recorded.
    """
    by_day = _session_days(question, sessions)
    logged = _entry_days(entries)
    routine = set(question.routine_exercises)
    states: list[str] = []
    for day in schedule.days:
        hours = by_day.get(day.date, [])
        listed = bool(routine) and routine <= set(logged.get(day.date, ()))
        if question.kind == MORNING_EVENING:
            morning = any(h < MORNING_BEFORE_HOUR for h in hours)
            evening = any(h >= EVENING_FROM_HOUR for h in hours)
            if hours:
                wanted, other = (morning, evening) if day.condition == A else (evening, morning)
                states.append(FOLLOWED if wanted and not other else NOT_FOLLOWED)
            elif listed or day.date not in logged:
                states.append(NOT_RECORDED)
            else:
                states.append(NOT_FOLLOWED)
            continue
        shows = bool(hours) or listed
        if not shows and day.date not in logged:
            states.append(NOT_RECORDED)
        elif shows == (day.condition == A):
            states.append(FOLLOWED)
        else:
            states.append(NOT_FOLLOWED)
    return tuple(states)


def adherence(
    question: Question,
    schedule: Schedule,
    entries: pd.DataFrame,
    sessions: pd.DataFrame,
    today: dt.date,
) -> tuple[Adherence, Adherence]:
    """How many days so far (up to ``today``) of each condition were followed; every
    scheduled day so far is counted once, analysed or not."""
    states = day_adherence(question, schedule, entries, sessions)
    counted: list[Adherence] = []
    for condition in (A, B):
        kept = [
            s
            for d, s in zip(schedule.days, states, strict=True)
            if d.condition == condition and d.date <= today
        ]
        counted.append(
            Adherence(
                condition=condition,
                days=len(kept),
                followed=kept.count(FOLLOWED),
                not_followed=kept.count(NOT_FOLLOWED),
                not_recorded=kept.count(NOT_RECORDED),
            )
        )
    return counted[0], counted[1]


def recorded(result: ExperimentResult, words: str) -> RecordedResult:
    """What is kept of an answer when the experiment finishes: its numbers, and ``words``
    (the answer as the page showed it)."""
    return RecordedResult(
        estimate=result.estimate,
        ci_low=result.ci_low,
        ci_high=result.ci_high,
        p_value=result.p_value,
        schedules=result.schedules,
        pairs_used=result.pairs_used,
        pairs_left_out=result.pairs_left_out,
        days_a=result.days_a,
        days_b=result.days_b,
        words=words,
    )


def answer(
    question: Question,
    schedule: Schedule,
    entries: pd.DataFrame,
    sessions: pd.DataFrame,
    today: dt.date,
) -> ExperimentResult:
    """The experiment's answer as of ``today``, as assigned (see the module's docstring).

    ``entries`` and ``sessions`` are the journal's frames (schema.ENTRY_DTYPES,
    SESSION_DTYPES); only outcomes logged on or before ``today`` count. Before the design's
    planned end the result is interim.
    """
    design = schedule.design
    if question.id != design.question_id or question.outcome != design.outcome:
        raise ValueError(
            f"the schedule is for question {design.question_id!r} ({design.outcome}), "
            f"not {question.id!r} ({question.outcome})"
        )
    values = outcomes(schedule, entries, today)
    differences, usable = pair_differences(schedule, values)
    # A pair is to come while its last outcome day is after today; a pair that is done and
    # not usable is left out.
    pair_end: dict[int, dt.date] = {}
    for day in schedule.days:
        pair_end[day.pair] = day.outcome_date
    done = np.array([pair_end[p] <= today for p in range(1, design.pairs + 1)], dtype=bool)
    test = randomisation_test(differences)
    analysed_so_far = [
        (d, v)
        for d, v in zip(schedule.days, values, strict=True)
        if d.analysed and d.outcome_date <= today
    ]

    def count(condition: str, present: bool) -> int:
        return sum(
            1 for d, v in analysed_so_far if d.condition == condition and math.isnan(v) != present
        )

    return ExperimentResult(
        question=question,
        estimate=test.estimate,
        ci_low=test.ci_low,
        ci_high=test.ci_high,
        level=LEVEL,
        p_value=test.p_value,
        schedules=test.schedules,
        pairs_planned=design.pairs,
        pairs_used=int(differences.size),
        pairs_left_out=int((done & ~usable).sum()),
        pairs_to_come=int((~done).sum()),
        days_a=count(A, True),
        days_b=count(B, True),
        missing_a=count(A, False),
        missing_b=count(B, False),
        adherence=adherence(question, schedule, entries, sessions, today),
        interim=today < design.planned_end,
        today=today,
        planned_end=design.planned_end,
    )
