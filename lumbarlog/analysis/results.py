"""What the analysis finds, as numbers: one frozen dataclass per kind of finding, and the
report that holds them all. The words for each are made in lumbarlog/analysis/sentences.py.

Every finding with a range has a ``kind`` (rules.CLEAR, ABOUT_THE_SAME or CANT_TELL) and says
whether the page ``claimed`` it; one that cannot be given yet is a ``NotEnoughData`` saying
why and how many more days it needs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lumbarlog.analysis.rules import (
    ABOUT_THE_SAME_POINTS,
    CLEAR,
    FLARE_RISE_POINTS,
    LINK_LEVEL,
    NO_MEANINGFUL_CHANGE,
    SITTING_SPAN_HOURS,
)
from lumbarlog.analysis.stats import direction, kind_of

# Why a finding cannot be given yet.
WHY_FEW_DAYS = "too few days"  # fewer logged days (or rated sessions) than the finding needs
WHY_FEW_FOR_MODEL = "too few for the model"  # too few days left over once the model's terms are
WHY_NO_EXERCISE = "no exercise recorded"
WHY_FEW_IN_GROUPS = "too few days with or without"  # see n_with, n_without
WHY_ALL_THE_SAME = "all the same"  # hours sitting never varied (on ``have`` days)
WHY_NO_PAIN = "no pain logged"
WHY_SHORT_BASELINE = "short starting period"  # the picked baseline holds ``have`` logged days


@dataclass(frozen=True)
class NotEnoughData:
    """A finding that cannot be given yet, and how many more days (or sessions) it needs."""

    finding: str  # which finding: "pain_trend", "exercise_effect", "sitting_next_day", ...
    more_needed: int
    why: str  # one of the WHY_ reasons below
    have: int = 0  # the days there are, where the reason counts them
    n_with: int = 0  # WHY_FEW_IN_GROUPS: pairs after days with the exercise
    n_without: int = 0  # WHY_FEW_IN_GROUPS: pairs after days without it
    window_days: int = 0  # pain_trend: the window asked for

    @property
    def enough(self) -> bool:
        return False

    @property
    def claimed(self) -> bool:
        return False


@dataclass(frozen=True)
class PainTrend:
    """The change in pain per week over a window: a straight line whose interval allows for
    pain carrying over from day to day (regression with AR(1) errors)."""

    window_days: int
    n: int
    points_per_week: float
    ci_low: float
    ci_high: float
    carry_over: float = 0.0  # the day-to-day autocorrelation allowed for

    @property
    def enough(self) -> bool:
        return True

    @property
    def claimed(self) -> bool:
        return self.direction != "level"

    @property
    def direction(self) -> str:
        """ "rising", "falling" or "level" (level when the interval includes no change)."""
        return direction(self.ci_low, self.ci_high, up="rising", down="falling", none="level")


@dataclass(frozen=True)
class Link:
    """How pain differed with one thing (exercise, an hour of sitting), within one person,
    from a regression that allows for the day's pain, weekday and slow drift.

    ``estimate`` is in points (per hour for sitting); ``ci_low``/``ci_high`` is the interval
    at ``level`` that the sentence, the chart and the verdict use; ``settle_days`` is about how many
    more logged days would likely make the finding clear or "about the same" (None: more than
    MAX_SETTLE_DAYS).
    """

    finding: str  # "exercise", "sitting_next", "sitting_same"
    n: int
    estimate: float
    ci_low: float
    ci_high: float
    level: float
    settle_days: int | None
    n_with: int = 0  # exercise: pairs after exercise days
    n_without: int = 0  # exercise: pairs after rest days

    @property
    def enough(self) -> bool:
        return True

    @property
    def band(self) -> float:
        if self.finding.startswith("sitting"):
            return ABOUT_THE_SAME_POINTS / SITTING_SPAN_HOURS
        return ABOUT_THE_SAME_POINTS

    @property
    def kind(self) -> str:
        return kind_of(self.ci_low, self.ci_high, self.band)

    @property
    def claimed(self) -> bool:
        return self.kind == CLEAR

    # Names the charts and older callers use.
    @property
    def difference(self) -> float:
        return self.estimate

    @property
    def points_per_hour(self) -> float:
        return self.estimate


@dataclass(frozen=True)
class SittingLinks:
    """Sitting against pain on the same day, and sitting today against pain tomorrow."""

    same_day: Link | NotEnoughData
    next_day: Link | NotEnoughData


@dataclass(frozen=True)
class ExerciseEffect:
    """Next-day pain after days with one exercise (or a group always done together) against
    days without it, from one model of all exercises at once, so that exercises done together
    are not credited for each other.

    The interval is at ``level``: LINK_LEVEL adjusted for the ``tested`` exercises compared
    at once (Bonferroni); ``significant`` means it leaves out zero.
    """

    exercise_id: str
    name: str
    n_done: int
    n_not: int
    difference: float  # done minus not: negative means lower pain the next day
    ci_low: float
    ci_high: float
    significant: bool
    level: float = LINK_LEVEL
    more_needed: int = 0
    tested: int = 0
    together: tuple[str, ...] = ()  # the exercise ids that cannot be told apart (incl. this)
    settle_days: int | None = None

    @property
    def enough(self) -> bool:
        return self.more_needed == 0

    @property
    def claimed(self) -> bool:
        return self.enough and self.significant

    @property
    def kind(self) -> str:
        return kind_of(self.ci_low, self.ci_high)


@dataclass(frozen=True)
class SessionEffect:
    """Pain rated just before and right after routine sessions, one value a day (several
    sessions on a day are averaged). Described, never claimed as an effect: ratings right
    after a session drop whatever the routine does (a session is started when it hurts, and
    expecting relief lowers the rating)."""

    n: int  # days with rated sessions
    sessions: int
    mean_before: float
    mean_after: float
    mean_change: float  # after minus before: negative means lower right after
    ci_low: float
    ci_high: float

    @property
    def enough(self) -> bool:
        return True

    @property
    def claimed(self) -> bool:
        return False


@dataclass(frozen=True)
class MeaningfulChange:
    """The last two weeks' average pain against a fixed baseline (the journal's first two
    weeks, or a period the person picks). Meaningful only when the change is at least
    MEANINGFUL_CHANGE_POINTS and MEANINGFUL_CHANGE_FRACTION of the baseline, and larger than
    ``detectable``, the person's own smallest detectable change."""

    verdict: str  # IMPROVED, WORSE or NO_MEANINGFUL_CHANGE
    baseline_mean: float
    recent_mean: float
    change: float  # recent minus baseline: negative means less pain now
    percent_change: float  # NaN when the baseline is 0
    baseline_start: dt.date
    baseline_end: dt.date
    baseline_days: int
    recent_start: dt.date
    recent_end: dt.date
    recent_days: int
    detectable: float = 0.0
    began_in_flare: bool = False

    @property
    def enough(self) -> bool:
        return True

    @property
    def claimed(self) -> bool:
        return self.verdict != NO_MEANINGFUL_CHANGE


@dataclass(frozen=True)
class Flare:
    """Days in a row with pain well above the usual level of the weeks before."""

    start: dt.date
    end: dt.date
    days: int
    peak_pain: float
    mean_pain: float
    usual_pain: float  # the recent average the first flare day was compared with
    ongoing: bool  # it runs up to the last logged day
    rise: float = FLARE_RISE_POINTS  # how far above usual counted as a flare for this person


@dataclass(frozen=True, eq=False)
class TrendsReport:
    """Every finding for one journal and period; what the Trends page shows."""

    daily: pd.DataFrame
    trend: PainTrend | NotEnoughData
    sitting: SittingLinks
    exercise: Link | NotEnoughData
    per_exercise: tuple[ExerciseEffect, ...]
    session: SessionEffect | NotEnoughData
    change: MeaningfulChange | NotEnoughData
    flares: tuple[Flare, ...]
