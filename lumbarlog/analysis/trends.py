"""What the journal shows over time: pandas, scipy.stats and statsmodels; results as frozen
dataclasses.

Everything starts from ``daily_series``: one row per calendar day, where a day that was not
logged stays a gap (NaN), never a zero. Pain carries over from one day to the next, people
exercise in streaks and skip it on bad days, and a person looks at the page again and again;
so every link is a within-person regression of pain on the day's exercise and sitting that
allows for that day's pain, the day of the week and slow drift, with errors that allow for
autocorrelation (statsmodels OLS with Newey-West errors). A link is called clear only when
its range (``LINK_LEVEL``, widened early and slowly for long journals, so weekly looks rarely
mislead) leaves out zero, and that same range is the one shown.

Every result has a ``sentence`` of one of three kinds: a clear association (with size,
interval, n and the likely other explanation), "about the same" (the whole interval within
``ABOUT_THE_SAME_POINTS``), or "can't tell yet" (the range, and about how many more days
would likely settle it). Numbers like p-values and test names stay in "How is this computed?".

Pages call ``compute`` once; the single findings are public so charts and tests can use them.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import overload

import numpy as np
import pandas as pd
import patsy
import statsmodels.api as sm
from scipy import stats
from threadpoolctl import threadpool_limits

# --------------------------------------------------------------------------------------------
# Rules and minimum data. Named here so that the Learn page can quote them.
# --------------------------------------------------------------------------------------------

# The interval shown with every finding, and the one it is judged by. 99% rather than 95%:
# a person looks again every week, and each look is another chance to be misled.
CLAIM_LEVEL = 0.99
CONFIDENCE_LEVEL = CLAIM_LEVEL
# Links (exercise, sitting, each exercise) use a range that follows how much data there is,
# shaped like an always-valid (confidence sequence) boundary: LINK_LEVEL where a journal first
# has enough pairs of days to judge by (EARLY_PAIRS), wider before (by the square root of
# EARLY_PAIRS over the pairs) and slowly wider after (by the square root of 1 + LATE_WIDENING
# times the log of pairs over LATE_PAIRS), because a person who keeps looking every week gets
# ever more chances to be misled. bench/findings.py measured the shape: a real 1-point benefit
# found in 90-day journals, few false links over a year of weekly looks.
LINK_LEVEL = 0.97
LATE_PAIRS = 75
LATE_WIDENING = 2.0

ROLLING_DAYS = 7
ROLLING_MIN_LOGGED_DAYS = 4

DEFAULT_TREND_WINDOW_DAYS = 28
MIN_TREND_DAYS = 10
# How much pain carries over from day to day is measured from this many logged days; with
# fewer, at least TYPICAL_CARRY_OVER is assumed (daily pain is usually strongly autocorrelated).
MIN_DAYS_FOR_CARRY_OVER = 60
TYPICAL_CARRY_OVER = 0.7
# The page may be looked at this often; trends are judged allowing for every such look.
LOOK_EVERY_DAYS = 7

MIN_CORRELATION_PAIRS = 14
MIN_DAYS_PER_GROUP = 5
MIN_SESSION_PAIRS = 5
# "About the same": the whole interval within this many points either way. For sitting, the
# difference that SITTING_SPAN_HOURS more hours make.
ABOUT_THE_SAME_POINTS = 1.0
SITTING_SPAN_HOURS = 3.0
# Exercises done (or skipped) together on at least this share of days cannot be told apart.
TOGETHER_SHARE = 0.95
# Day-of-week terms from this many pairs of days; a smooth drift (spline) from DRIFT_SPLINE_DAYS.
MIN_PAIRS_FOR_WEEKDAYS = 56
# Days left over for the errors (rows minus model terms) before any link is judged.
MIN_RESIDUAL_DAYS = 10
EARLY_PAIRS = 80
DRIFT_SPLINE_DAYS = 120
DRIFT_DAYS_PER_KNOT = 90
# "Would likely settle it" is not promised beyond this.
MAX_SETTLE_DAYS = 730

# Farrar et al. 2001 (Pain 94:149): about 2 points and 30% on the 0-10 scale is a change that
# people themselves call meaningful. Both must hold, and the change must be larger than the
# person's own smallest detectable change.
MEANINGFUL_CHANGE_POINTS = 2.0
MEANINGFUL_CHANGE_FRACTION = 0.30
BASELINE_DAYS = 14
RECENT_DAYS = 14
MIN_LOGGED_IN_WINDOW = 7
# The diary "began in a flare" when its first two weeks were this far above the rest.
FLARE_START_POINTS = 1.0
IMPROVED = "improved"
WORSE = "worse"
NO_MEANINGFUL_CHANGE = "no meaningful change"

# A flare: at least FLARE_MIN_DAYS logged days in a row above the usual level by the larger of
# FLARE_RISE_POINTS and FLARE_SPREADS times the person's own day-to-day spread.
FLARE_RISE_POINTS = 2.0
FLARE_SPREADS = 2.0
FLARE_MIN_DAYS = 3
FLARE_REFERENCE_DAYS = 14
FLARE_MIN_REFERENCE_DAYS = 4

# Pain values are whole numbers and means of few of them; this only keeps 0.1 + 0.2 style
# rounding from moving a value that sits exactly on a threshold to the wrong side.
_TOLERANCE = 1e-9

CLEAR = "clear"
ABOUT_THE_SAME = "about the same"
CANT_TELL = "can't tell yet"

NOT_CAUSE = "This shows what went together, not what causes what"

DAILY_COLUMNS: tuple[str, ...] = (
    "date",
    "pain",
    "sitting_hours",
    "exercises",
    "exercised",
    "logged",
    "rolling_pain",
)


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NotEnoughData:
    """A finding that cannot be given yet, and how many more days (or sessions) it needs."""

    finding: str
    more_needed: int
    sentence: str

    @property
    def enough(self) -> bool:
        return False

    @property
    def claimed(self) -> bool:
        return False


def kind_of(low: float, high: float, band: float = ABOUT_THE_SAME_POINTS) -> str:
    """CLEAR when the interval leaves out zero, ABOUT_THE_SAME when all of it lies within
    ``band`` either way, CANT_TELL otherwise (and when there is no interval)."""
    if math.isnan(low) or math.isnan(high):
        return CANT_TELL
    if low > 0 or high < 0:
        return CLEAR
    if low >= -band - _TOLERANCE and high <= band + _TOLERANCE:
        return ABOUT_THE_SAME
    return CANT_TELL


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
        return _direction(self.ci_low, self.ci_high, up="rising", down="falling", none="level")

    @property
    def sentence(self) -> str:
        opening = f"Over the last {self.window_days} days, pain"
        numbers = f"{self.n} logged days, allowing for pain carrying over from day to day"
        if self.direction == "rising":
            return (
                f"{opening} went up by about {_number(self.points_per_week)} points a week "
                f"(likely range {_number(self.ci_low)} to {_number(self.ci_high)}; {numbers})."
            )
        if self.direction == "falling":
            return (
                f"{opening} went down by about {_number(-self.points_per_week)} points a week "
                f"(likely range {_number(-self.ci_high)} to {_number(-self.ci_low)}; {numbers})."
            )
        return (
            f"Over the last {self.window_days} days there is no clear rise or fall: the ups and "
            "downs from day to day are larger than any trend so far, so the 7-day average on "
            "the chart is the best guide."
        )


@dataclass(frozen=True)
class Link:
    """How pain differed with one thing (exercise, an hour of sitting), within one person,
    from a regression that allows for the day's pain, weekday and slow drift.

    ``estimate`` is in points (per hour for sitting); ``ci_low``/``ci_high`` is the interval
    at ``level`` that both the sentence and the chart use; ``settle_days`` is about how many
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

    @property
    def sentence(self) -> str:
        if self.finding == "exercise":
            return _exercise_sentence(self)
        return _sitting_sentence(self)


# Kept as names: the exercise-day finding and the sitting findings are Links.
NextDayEffect = Link


@dataclass(frozen=True)
class SittingLinks:
    """Sitting against pain on the same day, and sitting today against pain tomorrow."""

    same_day: Link | NotEnoughData
    next_day: Link | NotEnoughData

    @property
    def sentence(self) -> str:
        return f"{self.same_day.sentence} {self.next_day.sentence}"


SittingCorrelation = SittingLinks


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

    @property
    def sentence(self) -> str:
        if not self.enough:
            if min(self.n_done, self.n_not) >= MIN_DAYS_PER_GROUP:
                return (
                    f"Not enough data yet: log about {_more_days(self.more_needed)} to compare "
                    f"{self.name} with the other exercises, one by one."
                )
            return _not_enough_groups(self.n_done, self.n_not, with_what=self.name)
        subject = f"after {self.name}"
        prefix = ""
        if len(self.together) > 1:
            prefix = (
                f"{_capital(self.name)} were nearly always done together, so they cannot be "
                "told apart; taken together: "
            )
            subject = "after them"
        counts = f"{self.n_done} days with, {self.n_not} without"
        allowing = (
            f"comparing {self.tested} exercises at once and allowing for the other exercises "
            "and how much it hurt that day"
            if self.tested > 1
            else "allowing for how much it hurt that day"
        )
        kind = self.kind
        if kind == CLEAR:
            word = "lower" if self.difference < 0 else "higher"
            text = (
                f"Pain the day {subject} was about {_number(abs(self.difference))} points "
                f"{word} ({_range(self.ci_low, self.ci_high)}; {counts}; {allowing}). "
                f"{NOT_CAUSE}: {_exercise_reason(self.difference)}"
            )
        elif kind == ABOUT_THE_SAME:
            text = (
                f"Pain the day {subject} was about the same as on other days "
                f"({_range(self.ci_low, self.ci_high)}; {counts})."
            )
        else:
            text = (
                f"Can't tell yet whether pain is different the day {subject}: anywhere "
                f"{_range(self.ci_low, self.ci_high, likely=False)} ({counts}). "
                f"{_settle(self.settle_days)}"
            )
        return prefix + (text[0].lower() + text[1:] if prefix else text)


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

    @property
    def sentence(self) -> str:
        days = f"{_days(self.n)} with a rated routine"
        if self.sessions != self.n:
            days += f", {self.sessions} sessions"
        if abs(self.mean_change) < 0.05:
            what = "about the same as just before"
        else:
            word = "lower" if self.mean_change < 0 else "higher"
            what = f"on average {_number(abs(self.mean_change))} points {word} than just before"
        return (
            f"Right after a routine, the pain you rated was {what} ({days}). Ratings taken "
            "right after a session tend to be lower whatever the routine does: a session is "
            "often started when pain is at its worst, and expecting relief lowers the rating "
            "too. So this does not show whether the routine helps; your 7-day average over "
            "the following weeks is the better guide."
        )


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

    @property
    def sentence(self) -> str:
        recent = (
            f"Your average pain from {_day(self.recent_start)} to {_day(self.recent_end)} was "
            f"{_number(self.recent_mean)} ({_days(self.recent_days)} logged)"
        )
        baseline = (
            f"your starting point, {_number(self.baseline_mean)} from "
            f"{_day(self.baseline_start)} to {_day(self.baseline_end)} "
            f"({_days(self.baseline_days)} logged)"
        )
        note = ""
        if self.began_in_flare and self.change < 0:
            note = (
                " Your diary began at a bad time: pain that starts high tends to settle back "
                "towards its usual level on its own, so part of this may be that."
            )
        if self.verdict == NO_MEANINGFUL_CHANGE:
            return (
                f"{recent}, against {baseline}: not a meaningful change. That needs at least "
                f"{MEANINGFUL_CHANGE_POINTS:g} points and {MEANINGFUL_CHANGE_FRACTION:.0%}, and "
                f"more than your own day-to-day ups and downs allow (here "
                f"{_number(self.detectable)} points).{note}"
            )
        size = f"{_number(abs(self.change))} points"
        if not math.isnan(self.percent_change):
            size += f" ({abs(self.percent_change):.0%})"
        word = "lower" if self.verdict == IMPROVED else "higher"
        label = "a meaningful improvement" if self.verdict == IMPROVED else "meaningfully worse"
        return (
            f"{recent}, {size} {word} than {baseline}: {label}, larger than your own "
            f"day-to-day ups and downs allow ({_number(self.detectable)} points).{note}"
        )


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

    @property
    def sentence(self) -> str:
        span = f"From {_day(self.start)} to {_day(self.end)}"
        if self.ongoing:
            span = f"Since {_day(self.start)}"
        return (
            f"{span}, pain was at least {_number(self.rise)} points above your usual level for "
            f"{self.days} days in a row (peak {_number(self.peak_pain)}, usual level about "
            f"{_number(self.usual_pain)}, the average of the {FLARE_REFERENCE_DAYS} days "
            "before). That is more than your usual ups and downs."
        )


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


# --------------------------------------------------------------------------------------------
# The daily frame
# --------------------------------------------------------------------------------------------


def daily_series(
    entries: pd.DataFrame,
    sessions: pd.DataFrame,
    start: dt.date | pd.Timestamp | str | None = None,
    end: dt.date | pd.Timestamp | str | None = None,
) -> pd.DataFrame:
    """One row per calendar day, from the first to the last day with an entry or a session.

    ``start``/``end`` replace either end of that range (days outside it are dropped; the
    rolling mean still sees the days just before ``start``). Columns, in this order:

    - date: datetime64[ns] at midnight
    - pain: float64, NaN on days not logged (a gap, never a zero)
    - sitting_hours: float64, NaN when not recorded
    - exercises: tuple of exercise ids from the entry and that day's sessions, without repeats
    - exercised: "boolean"; True with any exercise, False on a logged day with none, <NA> on a
      day neither logged nor with an exercise in a session
    - logged: bool, the day has an entry
    - rolling_pain: mean pain over the 7 calendar days ending that day, NaN unless at least
      4 of them were logged
    """
    # Only the chosen days (and the week before, for the rolling mean) are worked on, so a
    # short window of a long journal costs what a short journal costs.
    entries, sessions = _within(entries, sessions, start, end)
    days = _entry_days(entries)
    session_days = _session_exercises_by_day(sessions)
    known = days.index.union(session_days.index)
    first = _as_timestamp(start) if start is not None else (known.min() if len(known) else None)
    last = _as_timestamp(end) if end is not None else (known.max() if len(known) else None)
    if first is None or last is None or first > last:
        return _empty_daily()
    # Begin the calendar a week early so that the first day shown has its full rolling window.
    calendar_start = first - pd.Timedelta(days=ROLLING_DAYS - 1)
    calendar = pd.date_range(calendar_start, last, freq="D").astype("datetime64[ns]")

    frame = days.reindex(calendar)
    logged = frame["pain"].notna().to_numpy()
    session_tuples = session_days.reindex(calendar)
    exercises = [
        _merge_ids(own, extra)
        for own, extra in zip(frame["exercises"].tolist(), session_tuples.tolist(), strict=True)
    ]
    has_exercise = np.fromiter((len(ids) > 0 for ids in exercises), dtype=bool, count=len(calendar))
    exercised = pd.array(has_exercise, dtype="boolean")
    exercised[~(has_exercise | logged)] = pd.NA  # neither logged nor exercised: unknown
    pain = frame["pain"].astype("float64")
    return (
        pd.DataFrame(
            {
                "date": calendar,
                "pain": pain.to_numpy(),
                "sitting_hours": frame["sitting_hours"].astype("float64").to_numpy(),
                "exercises": pd.Series(exercises, dtype=object).to_numpy(),
                "exercised": exercised,
                "logged": logged,
                "rolling_pain": pain.rolling(ROLLING_DAYS, min_periods=ROLLING_MIN_LOGGED_DAYS)
                .mean()
                .to_numpy(),
            }
        )
        .loc[lambda d: d["date"] >= first]
        .reset_index(drop=True)
    )


# --------------------------------------------------------------------------------------------
# Findings
# --------------------------------------------------------------------------------------------


def carry_over(pain: pd.Series) -> float:
    """How much one day's pain carries over to the next: the lag-1 autocorrelation over
    calendar days (gaps left out) around a straight line through the days, so that a steady
    rise or fall is not taken for carry-over, with the usual small-sample correction; between
    0 and 0.95. ``pain`` has one value per calendar day."""
    values = pd.Series(pain, dtype="float64").to_numpy()
    known = ~np.isnan(values)
    logged = int(known.sum())
    if logged < 4 or np.ptp(values[known]) == 0:
        return 0.0
    day = np.arange(len(values), dtype=float)
    line = np.polyfit(day[known], values[known], 1)
    values = values - np.polyval(line, day)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = float(sm.tsa.acf(values, nlags=1, missing="conservative", fft=False)[1])
    if math.isnan(r):
        return 0.0
    r = r + (1 + 3 * r) / logged
    if logged < MIN_DAYS_FOR_CARRY_OVER:
        # Too few days to measure it: assume at least what daily pain diaries typically show.
        r = max(r, TYPICAL_CARRY_OVER)
    return float(min(max(r, 0.0), 0.95))


def pain_trend(
    daily: pd.DataFrame,
    window_days: int | None = DEFAULT_TREND_WINDOW_DAYS,
    carry: float | None = None,
    looks: int = 1,
) -> PainTrend | NotEnoughData:
    """The straight-line change of pain over the last ``window_days`` calendar days, in points
    a week, with an interval at CLAIM_LEVEL from a regression with AR(1) errors (statsmodels
    GLSAR with the carry-over ``carry``; by default estimated from the whole frame).

    ``looks`` is how many times the page may have been looked at (one a week): each is
    another chance of a chance slope, so the interval's level is adjusted for them
    (Bonferroni).
    ``window_days=None`` uses the whole frame. Needs MIN_TREND_DAYS logged days in the window.
    """
    window = daily if window_days is None or daily.empty else _last_days(daily, window_days)
    span = window_days if window_days is not None else len(window)
    logged = window.loc[window["pain"].notna()]
    n = len(logged)
    if n < MIN_TREND_DAYS:
        more = MIN_TREND_DAYS - n
        return NotEnoughData(
            "pain_trend",
            more,
            f"Not enough data yet: log {_more_days(more)} to see the trend over {span} days.",
        )
    if carry is None:
        carry = carry_over(daily["pain"])
    day_number = (logged["date"] - logged["date"].iloc[0]).dt.days.to_numpy(dtype=float)
    pain = logged["pain"].to_numpy(dtype=float)
    if np.ptp(pain) == 0:
        return PainTrend(span, n, 0.0, 0.0, 0.0, carry)
    design = sm.add_constant(day_number / 7.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = sm.GLSAR(pain, design, rho=np.array([carry])).fit()
        low, high = result.conf_int(alpha=(1 - CLAIM_LEVEL) / max(looks, 1))[1]
    return PainTrend(span, n, float(result.params[1]), float(low), float(high), carry)


def _model_days(daily: pd.DataFrame) -> pd.DataFrame:
    """The daily frame as numbers for the regressions: one row per calendar day, with the
    day before and after. Exercise and sitting count only on logged days: a day with a
    routine but no log is an unlogged day, like any other."""
    logged = daily["logged"].to_numpy(dtype=bool)
    exercised = daily["exercised"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    exercised = np.where(logged, exercised, np.nan)
    sitting = np.where(logged, daily["sitting_hours"].to_numpy(dtype=float), np.nan)
    pain = daily["pain"].to_numpy(dtype=float)
    frame = pd.DataFrame(
        {
            "day": np.arange(len(daily), dtype=float),
            "weekday": daily["date"].dt.day_of_week.to_numpy(),
            "pain": pain,
            "exercised": exercised,
            "sitting": sitting,
        }
    )
    for column in ("pain", "exercised", "sitting"):
        frame[f"prev_{column}"] = frame[column].shift(1)
    frame["next_pain"] = frame["pain"].shift(-1)
    frame["exercises"] = daily["exercises"].to_numpy()
    # Slow drift: a line, or a spline with a knot every DRIFT_DAYS_PER_KNOT days for long
    # periods (built once for all days; each model takes its rows).
    span = len(frame)
    day = frame["day"].to_numpy()
    if span >= DRIFT_SPLINE_DAYS:
        knots = max(3, min(40, span // DRIFT_DAYS_PER_KNOT))
        basis = np.asarray(patsy.dmatrix(f"bs(day, df={knots}) - 1", {"day": day}))
        for index in range(basis.shape[1]):
            frame[f"drift_{index}"] = basis[:, index]
    elif span:
        frame["drift_0"] = (day - day.mean()) / span
    return frame


def _filled(values: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """A column with its gaps filled by its mean, and (when some are missing) an indicator of
    the gaps, so that days without the value still count for everything else."""
    missing = np.isnan(values)
    if missing.all():
        return []
    filled = np.where(missing, np.nanmean(values), values)
    parts = [("value", filled)]
    if missing.any():
        parts.append(("missing", missing.astype(float)))
    return parts


def _design(
    rows: pd.DataFrame, terms: dict[str, np.ndarray], controls: Sequence[str]
) -> tuple[np.ndarray, list[str]]:
    """The regression matrix: the terms of interest first, then the controls (gaps filled),
    slow drift (a line, or a spline for long periods) and, with enough days, the weekday."""
    columns: dict[str, np.ndarray] = dict(terms)
    columns["const"] = np.ones(len(rows))
    for name in controls:
        for suffix, values in _filled(rows[name].to_numpy(dtype=float)):
            columns[f"{name}_{suffix}"] = values
    for name in rows.columns:
        if name.startswith("drift_"):
            columns[name] = rows[name].to_numpy(dtype=float)
    if len(rows) >= MIN_PAIRS_FOR_WEEKDAYS:
        weekday = rows["weekday"].to_numpy()
        for number in range(1, 7):
            columns[f"weekday_{number}"] = (weekday == number).astype(float)
    return np.column_stack(list(columns.values())), list(columns)


def _fit(
    y: np.ndarray, design: np.ndarray, how_many: int, alpha: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Estimates and intervals (at 1 - alpha) of the first ``how_many`` columns, by OLS
    (statsmodels). The standard error is the larger of the usual one and the Newey-West one
    (which allows for autocorrelation left in the errors but runs small with few days), with
    t quantiles, widened by link_widening(). NaN when fewer than MIN_RESIDUAL_DAYS days
    are left over for the errors."""
    n, k = design.shape
    nan = np.full(how_many, np.nan)
    if n - k < MIN_RESIDUAL_DAYS or n - np.linalg.matrix_rank(design) < MIN_RESIDUAL_DAYS:
        return nan, nan, nan, nan
    lags = int(np.floor(4 * (n / 100) ** (2 / 9)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = sm.OLS(y, design).fit()
        robust = plain.get_robustcov_results(
            cov_type="HAC", maxlags=lags, use_correction=True, use_t=True
        )
    params = np.asarray(plain.params)[:how_many]
    errors = np.maximum(np.asarray(plain.bse), np.asarray(robust.bse))[:how_many]
    quantile = stats.t.ppf(1 - alpha / 2, plain.df_resid) * link_widening(n)
    return params, params - quantile * errors, params + quantile * errors, errors


@overload
def link_widening(pairs: float) -> float: ...
@overload
def link_widening(pairs: np.ndarray) -> np.ndarray: ...
def link_widening(pairs: float | np.ndarray) -> float | np.ndarray:
    """How much wider than a plain LINK_LEVEL interval a link's range is with ``pairs`` pairs of
    days (a number or an array): early on each week adds a lot and a person looks again soon;
    later every look is one more chance of a chance finding (see LINK_LEVEL)."""
    counted = np.maximum(np.asarray(pairs, dtype=float), 1.0)
    early = np.sqrt(np.maximum(1.0, EARLY_PAIRS / counted))
    late = np.sqrt(1.0 + LATE_WIDENING * np.maximum(0.0, np.log(counted / LATE_PAIRS)))
    widening = early * late
    return float(widening) if widening.ndim == 0 else widening


def _too_few_for_model(finding: str, short: int, rows_per_day: float) -> NotEnoughData:
    more = math.ceil(short / max(rows_per_day, 0.1))
    return NotEnoughData(
        finding,
        more,
        f"Not enough data yet: log about {_more_days(more)}. With few days, the day's pain, "
        "the days before and slow drift leave too little to judge this by.",
    )


def _columns_short(rows: int, design_columns: int) -> int:
    """How many more pairs of days a model with ``design_columns`` columns needs."""
    return max(0, design_columns + MIN_RESIDUAL_DAYS - rows)


def _settle_days(
    estimate: float, low: float, high: float, n: int, band: float, rows_per_day: float
) -> int | None:
    """About how many more logged days would make the interval either leave out zero or fit
    within ``band`` either way, if the estimate stayed where it is (ranges narrow with the
    square root of the number of days, widened by link_widening)."""
    if any(math.isnan(v) for v in (estimate, low, high)) or n == 0:
        return None
    half = (high - low) / 2
    target = max(abs(estimate), band - abs(estimate))
    if target <= 0 or half <= target:
        return 0
    # The range narrows with the square root of the pairs and is widened as they grow
    # (link_widening): the first day on which the two together bring it within the target.
    days = np.arange(1, MAX_SETTLE_DAYS + 1)
    rows = n + days * max(rows_per_day, 0.1)
    widening = link_widening(rows) / link_widening(n)
    within = half * np.sqrt(n / rows) * widening <= target
    return int(days[within.argmax()]) if within.any() else None


def _link(
    finding: str,
    n: int,
    estimate: float,
    low: float,
    high: float,
    level: float,
    rows_per_day: float,
    band: float,
    **counts: int,
) -> Link:
    settle = _settle_days(estimate, low, high, n, band, rows_per_day)
    return Link(finding, n, float(estimate), float(low), float(high), level, settle, **counts)


NEXT_DAY_CONTROLS = ("pain", "prev_exercised", "prev_sitting")
SAME_DAY_CONTROLS = ("prev_pain", "prev_exercised", "prev_sitting")


def _next_day_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.loc[frame["pain"].notna() & frame["next_pain"].notna()]


def next_day_links(
    daily: pd.DataFrame, frame: pd.DataFrame | None = None
) -> tuple[Link | NotEnoughData, Link | NotEnoughData]:
    """Exercise days against rest days, and each hour of sitting, against pain the next day:
    one regression that allows for that day's pain (people skip exercise and sit more when it
    hurts), yesterday's exercise and sitting, weekday and slow drift."""
    frame = _model_days(daily) if frame is None else frame
    rows = _next_day_rows(frame)
    span = len(frame)
    rows_per_day = len(rows) / max(span, 1)
    exercised = rows["exercised"].to_numpy(dtype=float)
    sitting = rows["sitting"].to_numpy(dtype=float)
    n_with, n_without = int((exercised == 1).sum()), int((exercised == 0).sum())
    any_exercise = bool((frame["exercised"] == 1).any())
    has_sitting = int((~np.isnan(sitting)).sum())
    terms: dict[str, np.ndarray] = {}
    if any_exercise:
        terms["exercised"] = exercised
    sitting_parts = _filled(sitting)
    for suffix, values in sitting_parts:
        terms[f"sitting_{suffix}"] = values
    params = low = high = np.array([])
    short = 0
    if terms and len(rows):
        design, _ = _design(rows, terms, NEXT_DAY_CONTROLS)
        short = _columns_short(len(rows), design.shape[1])
        params, low, high, _ = _fit(
            rows["next_pain"].to_numpy(dtype=float), design, len(terms), 1 - LINK_LEVEL
        )
    # Exercise
    if not any_exercise:
        exercise: Link | NotEnoughData = NotEnoughData(
            "exercise_effect",
            MIN_DAYS_PER_GROUP,
            "No exercise is recorded in this period, so days with and without it cannot be "
            "compared yet. Once you record exercise, logged days without any count as rest days.",
        )
    elif min(n_with, n_without) < MIN_DAYS_PER_GROUP:
        exercise = NotEnoughData(
            "exercise_effect",
            _group_shortfall(n_with) + _group_shortfall(n_without),
            _not_enough_groups(n_with, n_without, with_what="exercise"),
        )
    elif short:
        exercise = _too_few_for_model("exercise_effect", short, rows_per_day)
    else:
        exercise = _link(
            "exercise",
            len(rows),
            params[0],
            low[0],
            high[0],
            LINK_LEVEL,
            rows_per_day,
            ABOUT_THE_SAME_POINTS,
            n_with=n_with,
            n_without=n_without,
        )
    # Sitting
    at = 1 if any_exercise else 0
    if has_sitting < MIN_CORRELATION_PAIRS:
        more = MIN_CORRELATION_PAIRS - has_sitting
        sitting_link: Link | NotEnoughData = NotEnoughData(
            "sitting_next_day",
            more,
            f"Not enough data yet: log {_more_days(more)} with hours sitting, each followed "
            "by a logged day.",
        )
    elif np.nanstd(sitting) == 0:
        sitting_link = NotEnoughData(
            "sitting_next_day",
            0,
            f"Hours sitting were the same on all {has_sitting} days, so there is nothing to "
            "compare yet.",
        )
    elif short:
        sitting_link = _too_few_for_model("sitting_next_day", short, rows_per_day)
    else:
        sitting_link = _link(
            "sitting_next",
            has_sitting,
            params[at],
            low[at],
            high[at],
            LINK_LEVEL,
            has_sitting / max(span, 1),
            ABOUT_THE_SAME_POINTS / SITTING_SPAN_HOURS,
        )
    return exercise, sitting_link


def same_day_sitting(
    daily: pd.DataFrame, frame: pd.DataFrame | None = None
) -> Link | NotEnoughData:
    """Pain on days with more sitting, allowing for the day before: an association only (a
    person may sit more because it hurts)."""
    frame = _model_days(daily) if frame is None else frame
    rows = frame.loc[frame["pain"].notna() & frame["sitting"].notna()]
    n = len(rows)
    if n < MIN_CORRELATION_PAIRS:
        more = MIN_CORRELATION_PAIRS - n
        return NotEnoughData(
            "sitting_same_day",
            more,
            f"Not enough data yet: log {_more_days(more)} with both pain and hours sitting.",
        )
    sitting = rows["sitting"].to_numpy(dtype=float)
    if np.ptp(sitting) == 0:
        return NotEnoughData(
            "sitting_same_day",
            0,
            f"Hours sitting were the same on all {n} days, so there is nothing to compare yet.",
        )
    design, _ = _design(rows, {"sitting": sitting}, SAME_DAY_CONTROLS)
    short = _columns_short(n, design.shape[1])
    if short:
        return _too_few_for_model("sitting_same_day", short, n / max(len(frame), 1))
    params, low, high, _ = _fit(rows["pain"].to_numpy(dtype=float), design, 1, 1 - LINK_LEVEL)
    return _link(
        "sitting_same",
        n,
        params[0],
        low[0],
        high[0],
        LINK_LEVEL,
        n / max(len(frame), 1),
        ABOUT_THE_SAME_POINTS / SITTING_SPAN_HOURS,
    )


def sitting_links(daily: pd.DataFrame) -> SittingLinks:
    return SittingLinks(same_day=same_day_sitting(daily), next_day=next_day_links(daily)[1])


def sitting_correlation(daily: pd.DataFrame) -> SittingLinks:
    """The sitting findings (kept under its older name)."""
    return sitting_links(daily)


def exercise_effect(daily: pd.DataFrame) -> Link | NotEnoughData:
    """Exercise days against rest days, on next-day pain (see ``next_day_links``)."""
    return next_day_links(daily)[0]


def _groups(membership: pd.DataFrame, ids: list[str]) -> list[list[str]]:
    """Exercises that were done (or skipped) together on at least TOGETHER_SHARE of days form
    one group: the journal cannot tell them apart."""
    groups: list[list[str]] = []
    for exercise_id in ids:
        column = membership[exercise_id].to_numpy()
        for group in groups:
            if (membership[group[0]].to_numpy() == column).mean() >= TOGETHER_SHARE:
                group.append(exercise_id)
                break
        else:
            groups.append([exercise_id])
    return groups


def per_exercise_effects(
    daily: pd.DataFrame,
    names: Mapping[str, str] | None = None,
    frame: pd.DataFrame | None = None,
) -> list[ExerciseEffect]:
    """Each exercise's link with next-day pain, all exercises in one regression (with the same
    controls as the exercise-day finding), so that exercises done together are not credited
    for each other; exercises nearly always done together are one group. Intervals are at
    LINK_LEVEL adjusted for the number of groups compared (Bonferroni), widened like every link.

    Ranked: clear findings first, then by difference (lower next-day pain first); then the
    exercises without enough days, by how few more they need.
    """
    frame = _model_days(daily) if frame is None else frame
    rows = _next_day_rows(frame)
    ids = sorted(set(chain.from_iterable(rows["exercises"].tolist())))
    if not ids:
        return []
    membership = _membership(rows["exercises"], ids)
    names = names or {}

    def name_of(exercise_id: str) -> str:
        return names.get(exercise_id, exercise_id.replace("_", " "))

    counts = {i: (int(membership[i].sum()), int((~membership[i]).sum())) for i in ids}
    enough = [i for i in ids if min(counts[i]) >= MIN_DAYS_PER_GROUP]
    groups = _groups(membership, enough)
    tested = len(groups)
    alpha = (1 - LINK_LEVEL) / max(tested, 1)
    effects: list[ExerciseEffect] = []
    if groups:
        terms = {"+".join(g): membership[g].any(axis=1).to_numpy(dtype=float) for g in groups}
        sitting = rows["sitting"].to_numpy(dtype=float)
        for suffix, values in _filled(sitting):
            terms[f"sitting_{suffix}"] = values
        design, _ = _design(rows, terms, NEXT_DAY_CONTROLS)
        params, low, high, _ = _fit(
            rows["next_pain"].to_numpy(dtype=float), design, len(groups), alpha
        )
        rows_per_day = len(rows) / max(len(frame), 1)
        short = _columns_short(len(rows), design.shape[1])
        more = math.ceil(short / max(rows_per_day, 0.1)) if short else 0
        for index, group in enumerate(groups):
            done = membership[group].any(axis=1)
            difference, lo, hi = float(params[index]), float(low[index]), float(high[index])
            effects.append(
                ExerciseEffect(
                    more_needed=more,
                    exercise_id=group[0],
                    name=_listed([name_of(i) for i in group]),
                    n_done=int(done.sum()),
                    n_not=int((~done).sum()),
                    difference=difference,
                    ci_low=lo,
                    ci_high=hi,
                    significant=kind_of(lo, hi) == CLEAR,
                    level=1 - alpha,
                    tested=tested,
                    together=tuple(group),
                    settle_days=_settle_days(
                        difference, lo, hi, len(rows), ABOUT_THE_SAME_POINTS, rows_per_day
                    ),
                )
            )
    for exercise_id in ids:
        if exercise_id in enough:
            continue
        n_done, n_not = counts[exercise_id]
        effects.append(
            ExerciseEffect(
                exercise_id=exercise_id,
                name=name_of(exercise_id),
                n_done=n_done,
                n_not=n_not,
                difference=math.nan,
                ci_low=math.nan,
                ci_high=math.nan,
                significant=False,
                more_needed=_group_shortfall(n_done) + _group_shortfall(n_not),
                tested=tested,
                together=(exercise_id,),
            )
        )
    return sorted(effects, key=_effect_rank)


def session_effect(
    sessions: pd.DataFrame, routine_id: str | None = None
) -> SessionEffect | NotEnoughData:
    """Pain rated right after routine sessions against just before, one value a day (several
    sessions on a day averaged), optionally for one routine; needs MIN_SESSION_PAIRS days.
    The interval is a t interval over days; it is described, not claimed (see SessionEffect)."""
    chosen = sessions if routine_id is None else sessions.loc[sessions["routine_id"] == routine_id]
    paired = chosen.loc[chosen["pain_before"].notna() & chosen["pain_after"].notna()]
    by_day = (
        paired.assign(day=pd.to_datetime(paired["start"]).dt.normalize())
        .groupby("day")[["pain_before", "pain_after"]]
        .mean()
    )
    n = len(by_day)
    if n < MIN_SESSION_PAIRS:
        more = MIN_SESSION_PAIRS - n
        return NotEnoughData(
            "session_effect",
            more,
            f"Not enough data yet: give pain before and after a routine on {_more_days(more)}.",
        )
    before = by_day["pain_before"].to_numpy(dtype=float)
    after = by_day["pain_after"].to_numpy(dtype=float)
    change = after - before
    if np.ptp(change) == 0:
        low = high = float(change[0])
    else:
        low, high = stats.t.interval(CLAIM_LEVEL, n - 1, loc=change.mean(), scale=stats.sem(change))
    return SessionEffect(
        n=n,
        sessions=len(paired),
        mean_before=float(before.mean()),
        mean_after=float(after.mean()),
        mean_change=float(change.mean()),
        ci_low=float(low),
        ci_high=float(high),
    )


def meaningful_change(
    daily: pd.DataFrame,
    baseline: tuple[dt.date | pd.Timestamp | str, dt.date | pd.Timestamp | str] | None = None,
    journal_pain: pd.Series | None = None,
) -> MeaningfulChange | NotEnoughData:
    """The last RECENT_DAYS calendar days' mean pain against a fixed baseline: the journal's
    first BASELINE_DAYS days from its first logged day (longer if needed to hold
    MIN_LOGGED_IN_WINDOW logged days), or the (first, last) days the person picks.

    ``journal_pain`` is the whole journal's pain by day (the baseline does not move with the
    period shown); by default the frame's. Meaningful needs MEANINGFUL_CHANGE_POINTS and
    MEANINGFUL_CHANGE_FRACTION of the baseline and more than the smallest detectable change:
    the interval half-width at CLAIM_LEVEL of the difference of two means, each with its
    effective number of days for the person's carry-over.
    """
    if journal_pain is None:
        journal_pain = daily.set_index("date")["pain"]
    journal_pain = journal_pain.dropna().sort_index()
    last = daily["date"].max() if len(daily) else None
    if last is None or journal_pain.empty:
        return NotEnoughData(
            "meaningful_change",
            BASELINE_DAYS + RECENT_DAYS,
            f"Not enough data yet: log {_more_days(BASELINE_DAYS + RECENT_DAYS)} to compare "
            "your last two weeks with your first two.",
        )
    if baseline is None:
        baseline_start = journal_pain.index[0]
        baseline_end = baseline_start + pd.Timedelta(days=BASELINE_DAYS - 1)
        if len(journal_pain) >= MIN_LOGGED_IN_WINDOW:
            baseline_end = max(baseline_end, journal_pain.index[MIN_LOGGED_IN_WINDOW - 1])
        picked = False
    else:
        baseline_start, baseline_end = (_as_timestamp(day) for day in baseline)
        picked = True
    in_baseline = journal_pain.loc[baseline_start:baseline_end]
    recent_start = last - pd.Timedelta(days=RECENT_DAYS - 1)
    recent = daily.loc[daily["date"].between(recent_start, last), "pain"].dropna()
    short_baseline = MIN_LOGGED_IN_WINDOW - len(in_baseline)
    if picked and short_baseline > 0:
        return NotEnoughData(
            "meaningful_change",
            short_baseline,
            f"The starting period you picked has {_days(len(in_baseline))} logged; pick one "
            f"with at least {MIN_LOGGED_IN_WINDOW} logged days.",
        )
    overlap = max(0, (baseline_end - recent_start).days + 1)
    more = max(short_baseline, overlap, MIN_LOGGED_IN_WINDOW - len(recent))
    if more > 0:
        return NotEnoughData(
            "meaningful_change",
            more,
            f"Not enough data yet: log {_more_days(more)} to compare your last "
            f"{RECENT_DAYS} days with your starting point (your first {BASELINE_DAYS} days).",
        )
    baseline_mean, recent_mean = float(in_baseline.mean()), float(recent.mean())
    carry = carry_over(journal_pain.asfreq("D"))
    # The person's spread of pain over the whole journal (a real change adds to it, which
    # only makes the rule more cautious).
    spread = float(journal_pain.std(ddof=1)) if len(journal_pain) > 1 else 0.0
    # Every two weeks since the baseline was a chance to look: adjust for them (Bonferroni).
    windows = max(1, (last - baseline_end).days // RECENT_DAYS)
    z = stats.norm.ppf(1 - (1 - CLAIM_LEVEL) / 2 / windows)
    spread_of_difference = spread * math.sqrt(
        _mean_variance_factor(len(in_baseline), carry) / len(in_baseline)
        + _mean_variance_factor(len(recent), carry) / len(recent)
    )
    detectable = float(z * spread_of_difference)
    after = journal_pain.loc[baseline_end + pd.Timedelta(days=1) :]
    began_in_flare = bool(
        len(after) >= MIN_LOGGED_IN_WINDOW
        and baseline_mean >= float(after.mean()) + FLARE_START_POINTS
    )
    return MeaningfulChange(
        verdict=classify_change(baseline_mean, recent_mean, detectable),
        baseline_mean=baseline_mean,
        recent_mean=recent_mean,
        change=recent_mean - baseline_mean,
        percent_change=(
            (recent_mean - baseline_mean) / baseline_mean if baseline_mean > 0 else math.nan
        ),
        baseline_start=baseline_start.date(),
        baseline_end=baseline_end.date(),
        baseline_days=len(in_baseline),
        recent_start=recent_start.date(),
        recent_end=last.date(),
        recent_days=len(recent),
        detectable=detectable,
        began_in_flare=began_in_flare,
    )


def _mean_variance_factor(n: int, carry: float) -> float:
    """How much carry-over from day to day (AR(1) with ``carry``) inflates the variance of a
    mean of ``n`` days, against independent days."""
    lags = np.arange(1, max(n, 1))
    return float(1 + 2 * np.sum((1 - lags / n) * carry**lags))


def classify_change(baseline_mean: float, recent_mean: float, detectable: float = 0.0) -> str:
    """IMPROVED, WORSE or NO_MEANINGFUL_CHANGE: meaningful needs at least 2 points AND 30% of
    the baseline (points alone when the baseline is 0) AND more than ``detectable``."""
    change = recent_mean - baseline_mean
    big_in_points = abs(change) >= MEANINGFUL_CHANGE_POINTS - _TOLERANCE
    big_in_fraction = baseline_mean <= 0 or (
        abs(change) / baseline_mean >= MEANINGFUL_CHANGE_FRACTION - _TOLERANCE
    )
    beyond_noise = abs(change) > detectable
    if change == 0 or not (big_in_points and big_in_fraction and beyond_noise):
        return NO_MEANINGFUL_CHANGE
    return IMPROVED if change < 0 else WORSE


def flares(daily: pd.DataFrame) -> list[Flare]:
    """Runs of FLARE_MIN_DAYS or more consecutive calendar days, each logged, with pain above
    the usual level by the larger of FLARE_RISE_POINTS and FLARE_SPREADS times the spread of
    the days it is compared with (the person's own day-to-day variation).

    The usual level of a day is the mean pain of the logged days among the FLARE_REFERENCE_DAYS
    before it, leaving out days that were themselves high (so a flare does not raise its own
    yardstick); it needs FLARE_MIN_REFERENCE_DAYS such days.
    """
    logged = daily.loc[daily["pain"].notna()]
    if logged.empty:
        return []
    dates = [day.date() for day in logged["date"].tolist()]
    day_numbers = [(day - dates[0]).days for day in dates]
    pains = logged["pain"].tolist()
    high: list[bool] = []
    usual: list[float] = []
    rises: list[float] = []
    window_start = 0
    for index, (day, pain) in enumerate(zip(day_numbers, pains, strict=True)):
        while day_numbers[window_start] < day - FLARE_REFERENCE_DAYS:
            window_start += 1
        reference = [
            pains[j] for j in range(window_start, index) if not high[j]
        ]  # at most 14 values: the loop is cheap even for ten years of days
        enough = len(reference) >= FLARE_MIN_REFERENCE_DAYS
        level = sum(reference) / len(reference) if reference else math.nan
        spread = (
            math.sqrt(sum((v - level) ** 2 for v in reference) / (len(reference) - 1))
            if len(reference) >= 2
            else 0.0
        )
        rise = max(FLARE_RISE_POINTS, FLARE_SPREADS * spread)
        high.append(enough and pain >= level + rise - _TOLERANCE)
        usual.append(level)
        rises.append(rise)

    found: list[Flare] = []
    run: list[int] = []
    last_logged = day_numbers[-1]
    for index in [*range(len(day_numbers)), None]:
        if (
            index is not None
            and high[index]
            and (not run or day_numbers[index] == day_numbers[run[-1]] + 1)
        ):
            run.append(index)
            continue
        if len(run) >= FLARE_MIN_DAYS:
            run_pain = [pains[j] for j in run]
            found.append(
                Flare(
                    start=dates[run[0]],
                    end=dates[run[-1]],
                    days=len(run),
                    peak_pain=float(max(run_pain)),
                    mean_pain=float(sum(run_pain) / len(run_pain)),
                    usual_pain=float(usual[run[0]]),
                    ongoing=day_numbers[run[-1]] == last_logged,
                    rise=float(rises[run[0]]),
                )
            )
        run = [index] if index is not None and high[index] else []
    return found


def compute(
    entries: pd.DataFrame,
    sessions: pd.DataFrame,
    start: dt.date | pd.Timestamp | str | None = None,
    end: dt.date | pd.Timestamp | str | None = None,
    *,
    names: Mapping[str, str] | None = None,
    trend_window_days: int | None = DEFAULT_TREND_WINDOW_DAYS,
    baseline: tuple[dt.date | pd.Timestamp | str, dt.date | pd.Timestamp | str] | None = None,
) -> TrendsReport:
    """Every finding for the journal between ``start`` and ``end`` (inclusive; default: all).

    ``names`` maps exercise ids to display names (the catalog's); ``baseline`` is an optional
    (first day, last day) for the meaningful-change comparison (default: the journal's first
    two weeks, whatever the period).
    """
    # The models are small (thousands of rows, tens of columns): BLAS threads only fight the
    # server's own threads and any other work for the cores (on a busy 2-core machine a
    # 10-year journal took 1.7 s with them, 0.4 s without; bench/run.py measures it).
    with threadpool_limits(limits=1, user_api="blas"):
        return _compute(entries, sessions, start, end, names, trend_window_days, baseline)


def _compute(
    entries: pd.DataFrame,
    sessions: pd.DataFrame,
    start: dt.date | pd.Timestamp | str | None,
    end: dt.date | pd.Timestamp | str | None,
    names: Mapping[str, str] | None,
    trend_window_days: int | None,
    baseline: tuple[dt.date | pd.Timestamp | str, dt.date | pd.Timestamp | str] | None,
) -> TrendsReport:
    daily = daily_series(entries, sessions, start, end)
    chosen_sessions = _sessions_between(sessions, start, end)
    journal_pain = _entry_days(entries)["pain"].astype("float64")
    if end is not None:
        journal_pain = journal_pain.loc[: _as_timestamp(end)]
    frame = _model_days(daily)
    exercise, sitting_next = next_day_links(daily, frame)
    carry = carry_over(journal_pain.asfreq("D")) if len(journal_pain) else 0.0
    journal_days = (
        (journal_pain.index[-1] - journal_pain.index[0]).days + 1 if len(journal_pain) else 0
    )
    # A person may look every week; each look brings a new window that may slope by chance.
    trend_looks = max(1, journal_days // LOOK_EVERY_DAYS)
    return TrendsReport(
        daily=daily,
        trend=pain_trend(daily, trend_window_days, carry, trend_looks),
        sitting=SittingLinks(same_day=same_day_sitting(daily, frame), next_day=sitting_next),
        exercise=exercise,
        per_exercise=tuple(per_exercise_effects(daily, names, frame)),
        session=session_effect(chosen_sessions),
        change=meaningful_change(daily, baseline, journal_pain),
        flares=tuple(flares(daily)),
    )


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _as_timestamp(value: dt.date | pd.Timestamp | str) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def _empty_daily() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.Series(dtype="datetime64[ns]"),
            "pain": pd.Series(dtype="float64"),
            "sitting_hours": pd.Series(dtype="float64"),
            "exercises": pd.Series(dtype=object),
            "exercised": pd.Series(dtype="boolean"),
            "logged": pd.Series(dtype=bool),
            "rolling_pain": pd.Series(dtype="float64"),
        }
    )


def _within(
    entries: pd.DataFrame,
    sessions: pd.DataFrame,
    start: dt.date | pd.Timestamp | str | None,
    end: dt.date | pd.Timestamp | str | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Entries and sessions from the week before ``start`` to the end of ``end``."""
    if start is None and end is None:
        return entries, sessions
    low = (
        _as_timestamp(start) - pd.Timedelta(days=ROLLING_DAYS - 1)
        if start is not None
        else pd.Timestamp.min
    )
    high = _as_timestamp(end) + pd.Timedelta(days=1) if end is not None else pd.Timestamp.max
    entry_dates = pd.to_datetime(entries["date"])
    session_starts = pd.to_datetime(sessions["start"])
    return (
        entries[(entry_dates >= low) & (entry_dates < high)],
        sessions[(session_starts >= low) & (session_starts < high)],
    )


def _entry_days(entries: pd.DataFrame) -> pd.DataFrame:
    """The entries indexed by calendar day (the last one wins if a day appears twice)."""
    return (
        entries.assign(date=lambda d: pd.to_datetime(d["date"]).dt.normalize())
        .drop_duplicates("date", keep="last")
        .set_index("date")[["pain", "sitting_hours", "exercises"]]
        .pipe(lambda d: d.set_axis(d.index.astype("datetime64[ns]")))
    )


def _session_exercises_by_day(sessions: pd.DataFrame) -> pd.Series:
    """Exercise ids completed in sessions, per calendar day of the session's start."""
    if sessions.empty:
        return pd.Series([], index=pd.DatetimeIndex([], dtype="datetime64[ns]"), dtype=object)
    ordered = sessions.sort_values("start", kind="stable")
    by_day: dict[pd.Timestamp, list[str]] = {}
    days = pd.to_datetime(ordered["start"]).dt.normalize().astype("datetime64[ns]")
    # A plain loop: joining tuples is object work that pandas would also do one group at a time.
    for day, ids in zip(days.tolist(), ordered["exercises_completed"].tolist(), strict=True):
        by_day.setdefault(day, []).extend(ids if isinstance(ids, tuple | list) else ())
    index = pd.DatetimeIndex(list(by_day), dtype="datetime64[ns]")
    return pd.Series([tuple(v) for v in by_day.values()], index=index, dtype=object)


def _merge_ids(own: object, extra: object) -> tuple[str, ...]:
    own_ids = own if isinstance(own, tuple | list) else ()
    extra_ids = extra if isinstance(extra, tuple | list) else ()
    if not extra_ids:
        return tuple(own_ids)
    return tuple(dict.fromkeys((*own_ids, *extra_ids)))


def _sessions_between(
    sessions: pd.DataFrame,
    start: dt.date | pd.Timestamp | str | None,
    end: dt.date | pd.Timestamp | str | None,
) -> pd.DataFrame:
    day = pd.to_datetime(sessions["start"]).dt.normalize()
    keep = pd.Series(True, index=sessions.index)
    if start is not None:
        keep &= day >= _as_timestamp(start)
    if end is not None:
        keep &= day <= _as_timestamp(end)
    return sessions.loc[keep]


def _last_days(daily: pd.DataFrame, days: int) -> pd.DataFrame:
    cutoff: pd.Timestamp = daily["date"].max() - pd.Timedelta(days=days)
    return daily.loc[daily["date"] > cutoff]


def _next_day(daily: pd.DataFrame, column: str) -> pd.Series:
    """The value on the following calendar day (NaN at the end). Rows are consecutive days."""
    return daily[column].shift(-1)


def _membership(exercises: pd.Series, ids: Sequence[str]) -> pd.DataFrame:
    """One boolean column per exercise id: was it done that day."""
    column_of = {exercise_id: column for column, exercise_id in enumerate(ids)}
    done = np.zeros((len(exercises), len(ids)), dtype=bool)
    # Filling by hand: crosstab on exploded tuples is ten times slower for a decade of days.
    for row, day_ids in enumerate(exercises.tolist()):
        for exercise_id in day_ids:
            done[row, column_of[exercise_id]] = True
    return pd.DataFrame(done, columns=list(ids))


def _group_shortfall(count: int) -> int:
    return max(0, MIN_DAYS_PER_GROUP - count)


def _not_enough_groups(n_with: int, n_without: int, *, with_what: str) -> str:
    """ "Not enough data yet: log 2 more days with exercise and 1 more without, ..." """
    short_with, short_without = _group_shortfall(n_with), _group_shortfall(n_without)
    if short_with and short_without:
        need = f"{_more_days(short_with)} with {with_what} and {short_without} more without"
    elif short_with:
        need = f"{_more_days(short_with)} with {with_what}"
    else:
        need = f"{_more_days(short_without)} without {with_what}"
    return f"Not enough data yet: log {need}, each followed by a logged day."


def _direction(low: float, high: float, *, up: str, down: str, none: str) -> str:
    if math.isnan(low) or math.isnan(high):
        return none
    if low > 0:
        return up
    if high < 0:
        return down
    return none


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _more_days(count: int) -> str:
    return f"{count} more day" if count == 1 else f"{count} more days"


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%b %Y}"


def _effect_rank(effect: ExerciseEffect) -> tuple[int, float, str]:
    if not effect.enough:
        return (2, effect.more_needed, effect.exercise_id)
    difference = effect.difference if not math.isnan(effect.difference) else math.inf
    return (0 if effect.significant else 1, difference, effect.exercise_id)


def _listed(names: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _amount(value: float, per_hour: bool) -> str:
    # A bound just off zero is not written as "0.0": that would read as no difference.
    if 0 < abs(value) < (0.005 if per_hour else 0.05):
        return "less than 0.01" if per_hour else "less than 0.1"
    return f"{abs(value):.2f}" if per_hour else _number(abs(value))


def _range(low: float, high: float, *, per_hour: bool = False, likely: bool = True) -> str:
    """ "likely range 0.4 to 1.8 points lower" / "from 1.2 points lower to 0.6 higher"."""
    unit = "points an hour" if per_hour else "points"
    lead = "likely range " if likely else ""
    if high < 0:
        return f"{lead}{_amount(high, per_hour)} to {_amount(low, per_hour)} {unit} lower"
    if low > 0:
        return f"{lead}{_amount(low, per_hour)} to {_amount(high, per_hour)} {unit} higher"
    return f"{lead}from {_amount(low, per_hour)} {unit} lower to {_amount(high, per_hour)} higher"


def _settle(days: int | None) -> str:
    if days is None:
        return "It may take more than two years of logging to settle this."
    if days <= 0:
        return "A few more logged days may settle it."
    return f"About {_more_days(days)} logged would likely settle it."


def _exercise_reason(difference: float) -> str:
    if difference < 0:
        return (
            "other things that go with exercising, such as a good week, better sleep or less "
            "stress, may lower pain too."
        )
    return (
        "you may exercise more when something else is also going on, or push harder on days "
        "that later hurt for other reasons."
    )


def _exercise_sentence(link: Link) -> str:
    counts = f"{link.n_with} days with exercise, {link.n_without} without"
    if link.kind == CLEAR:
        word = "lower" if link.estimate < 0 else "higher"
        return (
            f"Pain the day after exercise was about {_number(abs(link.estimate))} points "
            f"{word} than after rest days ({_range(link.ci_low, link.ci_high)}; {counts}; "
            f"allowing for how much it hurt that day). {NOT_CAUSE}: "
            f"{_exercise_reason(link.estimate)}"
        )
    if link.kind == ABOUT_THE_SAME:
        return (
            "Pain the day after exercise was about the same as after rest days "
            f"({_range(link.ci_low, link.ci_high)}; {counts})."
        )
    return (
        "Can't tell yet whether pain is different the day after exercise: anywhere "
        f"{_range(link.ci_low, link.ci_high, likely=False)} ({counts}). "
        f"{_settle(link.settle_days)}"
    )


def _sitting_sentence(link: Link) -> str:
    per_hour = True
    numbers = f"{_range(link.ci_low, link.ci_high, per_hour=per_hour)}; {_days(link.n)}"
    if link.finding == "sitting_next":
        subject = "pain the next day"
        allowing = "; allowing for how much it hurt that day"
        reason = "busy or stressful spells can bring both more sitting and more pain."
    else:
        subject = "pain the same day"
        allowing = ""
        reason = (
            "you may sit more when it hurts."
            if link.estimate > 0
            else "you may move about more, or lie down instead of sitting, when it hurts."
        )
    if link.kind == CLEAR:
        word = "higher" if link.estimate > 0 else "lower"
        return (
            f"Each extra hour of sitting went with {subject} about "
            f"{abs(link.estimate):.2f} points {word} ({numbers}{allowing}). "
            f"{NOT_CAUSE}: {reason}"
        )
    span = f"{SITTING_SPAN_HOURS:g} more hours"
    if link.kind == ABOUT_THE_SAME:
        return (
            f"Hours sitting made little difference to {subject}: even {span} of sitting went "
            f"with less than a point of difference ({numbers})."
        )
    return (
        f"Can't tell yet whether more sitting goes with more or less {subject}: anywhere "
        f"{_range(link.ci_low, link.ci_high, per_hour=per_hour, likely=False)} "
        f"({_days(link.n)}). {_settle(link.settle_days)}"
    )
