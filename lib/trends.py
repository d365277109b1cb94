"""What the journal shows over time: pure pandas and scipy.stats, results as frozen dataclasses.

Everything starts from ``daily_series``: one row per calendar day, where a day that was not
logged stays a gap (NaN), never a zero. Each finding below is computed from that frame and is
either a result with its numbers, its sample size and a 95% interval, or ``NotEnoughData``
saying how many more days are needed. Every result has a ``sentence``: a plain-English statement
with n and the interval that describes what went together, never what caused what.

Pages call ``compute`` once; the single findings are public so charts and tests can use them.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
from scipy import stats

# --------------------------------------------------------------------------------------------
# Rules and minimum data. Named here so that the Learn page can quote them.
# --------------------------------------------------------------------------------------------

CONFIDENCE_LEVEL = 0.95

ROLLING_DAYS = 7
ROLLING_MIN_LOGGED_DAYS = 4

DEFAULT_TREND_WINDOW_DAYS = 28
MIN_TREND_DAYS = 10

MIN_CORRELATION_PAIRS = 14
MIN_DAYS_PER_GROUP = 5
MIN_SESSION_PAIRS = 5
FALSE_DISCOVERY_RATE = 0.05

# Farrar et al. 2001 (Pain 94:149): about 2 points or 30% on the 0-10 scale is a change that
# people themselves call meaningful.
MEANINGFUL_CHANGE_POINTS = 2.0
MEANINGFUL_CHANGE_FRACTION = 0.30
BASELINE_DAYS = 7
RECENT_DAYS = 7
MIN_LOGGED_IN_WINDOW = 4
IMPROVED = "improved"
WORSE = "worse"
NO_MEANINGFUL_CHANGE = "no meaningful change"

FLARE_RISE_POINTS = 2.0
FLARE_MIN_DAYS = 2
FLARE_REFERENCE_DAYS = 14
FLARE_MIN_REFERENCE_DAYS = 4

# Pain values are whole numbers and means of few of them; this only keeps 0.1 + 0.2 style
# rounding from moving a value that sits exactly on a threshold to the wrong side.
_TOLERANCE = 1e-9

DAILY_COLUMNS: tuple[str, ...] = (
    "date",
    "pain",
    "sitting_hours",
    "exercises",
    "exercised",
    "logged",
    "rolling_pain",
)
WEEKLY_COLUMNS: tuple[str, ...] = (
    "week_start",
    "mean_pain",
    "mean_sitting_hours",
    "exercise_days",
    "logged_days",
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


@dataclass(frozen=True)
class PainTrend:
    """The typical change in pain per week over a window (Theil-Sen slope, robust to odd days)."""

    window_days: int
    n: int
    points_per_week: float
    ci_low: float
    ci_high: float

    @property
    def enough(self) -> bool:
        return True

    @property
    def direction(self) -> str:
        """ "rising", "falling" or "level" (level when the interval includes no change)."""
        return _direction(self.ci_low, self.ci_high, up="rising", down="falling", none="level")

    @property
    def sentence(self) -> str:
        opening = f"Over the last {self.window_days} days, pain"
        if self.direction == "rising":
            return (
                f"{opening} went up by about {_number(self.points_per_week)} points a week "
                f"(n = {self.n} days, 95% CI {_number(self.ci_low)} to {_number(self.ci_high)})."
            )
        if self.direction == "falling":
            return (
                f"{opening} went down by about {_number(-self.points_per_week)} points a week "
                f"(n = {self.n} days, 95% CI {_number(-self.ci_high)} to {_number(-self.ci_low)})."
            )
        return (
            f"{opening} stayed about level ({_signed(self.points_per_week)} points a week, "
            f"n = {self.n} days, 95% CI {_signed(self.ci_low)} to {_signed(self.ci_high)})."
        )


@dataclass(frozen=True)
class Correlation:
    """Spearman's rank correlation between hours sitting and pain."""

    timing: str  # "same day" or "next day"
    n: int
    rho: float
    p_value: float
    ci_low: float
    ci_high: float

    @property
    def enough(self) -> bool:
        return True

    @property
    def sentence(self) -> str:
        if math.isnan(self.rho):
            return (
                f"Sitting hours or pain were the same on all {self.n} days, "
                "so there is nothing to compare yet."
            )
        numbers = (
            f"Spearman rho = {self.rho:.2f}, n = {self.n} days, "
            f"95% CI {self.ci_low:.2f} to {self.ci_high:.2f}"
        )
        direction = _direction(self.ci_low, self.ci_high, up="higher", down="lower", none="")
        if self.timing == "next day":
            if direction:
                return (
                    f"After days with more sitting, pain the next day tended to be {direction} "
                    f"({numbers})."
                )
            return f"There was no clear link between sitting and pain the next day ({numbers})."
        if direction:
            return f"On days with more sitting, pain tended to be {direction} ({numbers})."
        return f"There was no clear link between sitting and pain on the same day ({numbers})."


@dataclass(frozen=True)
class SittingCorrelation:
    """Sitting against pain on the same day, and sitting today against pain tomorrow."""

    same_day: Correlation | NotEnoughData
    next_day: Correlation | NotEnoughData

    @property
    def sentence(self) -> str:
        return f"{self.same_day.sentence} {self.next_day.sentence}"


@dataclass(frozen=True)
class NextDayEffect:
    """Pain on the day after exercising against the day after not exercising (Welch t)."""

    n_after_exercise: int
    n_after_none: int
    mean_after_exercise: float
    mean_after_none: float
    difference: float  # after exercise minus after none: negative means lower pain
    ci_low: float
    ci_high: float
    p_value: float

    @property
    def enough(self) -> bool:
        return True

    @property
    def sentence(self) -> str:
        return _comparison_sentence(
            subject="On days after you exercised, pain",
            other="after days without exercise",
            difference=self.difference,
            ci_low=self.ci_low,
            ci_high=self.ci_high,
            counts=f"n = {self.n_after_exercise} vs {self.n_after_none} days",
        )


@dataclass(frozen=True)
class ExerciseEffect:
    """Next-day pain after days with one exercise against days without it.

    Below the minimum, the numbers are NaN and ``more_needed`` says how many more days are
    needed; ``q_value`` is the Benjamini-Hochberg adjusted p-value over all exercises tested.
    """

    exercise_id: str
    name: str
    n_done: int
    n_not: int
    mean_done: float
    mean_not: float
    difference: float  # done minus not: negative means lower pain the next day
    ci_low: float
    ci_high: float
    p_value: float
    q_value: float
    significant: bool
    more_needed: int = 0
    tested: int = 0  # how many exercises were compared at once (for the sentence)

    @property
    def enough(self) -> bool:
        return self.more_needed == 0

    @property
    def sentence(self) -> str:
        if not self.enough:
            return _not_enough_groups(self.n_done, self.n_not, with_what=self.name)
        sentence = _comparison_sentence(
            subject=f"On days after {self.name}, pain",
            other="after days without it",
            difference=self.difference,
            ci_low=self.ci_low,
            ci_high=self.ci_high,
            counts=f"n = {self.n_done} vs {self.n_not} days",
        )
        if self.significant:
            return (
                f"{sentence} This stays clear after allowing for comparing "
                f"{self.tested} exercises at once (q = {self.q_value:.3f})."
            )
        if _direction(self.ci_low, self.ci_high, up="x", down="x", none=""):
            return (
                f"{sentence} With {self.tested} exercises compared at once, a difference "
                f"like this could still be chance (q = {self.q_value:.2f})."
            )
        return sentence


@dataclass(frozen=True)
class SessionEffect:
    """Pain after routine sessions against pain just before them (paired t)."""

    n: int
    mean_before: float
    mean_after: float
    mean_change: float  # after minus before: negative means lower pain after
    ci_low: float
    ci_high: float
    p_value: float

    @property
    def enough(self) -> bool:
        return True

    @property
    def sentence(self) -> str:
        return _comparison_sentence(
            subject="Right after your routine sessions, pain",
            other="just before them",
            difference=self.mean_change,
            ci_low=self.ci_low,
            ci_high=self.ci_high,
            counts=f"n = {self.n} sessions",
            than="than",
        )


@dataclass(frozen=True)
class MeaningfulChange:
    """Recent average pain against a baseline, judged by the 2-point / 30% rule."""

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

    @property
    def enough(self) -> bool:
        return True

    @property
    def sentence(self) -> str:
        recent = (
            f"Your average pain from {_day(self.recent_start)} to {_day(self.recent_end)} was "
            f"{_number(self.recent_mean)} ({_days(self.recent_days)} logged)"
        )
        baseline = (
            f"{_number(self.baseline_mean)} from {_day(self.baseline_start)} to "
            f"{_day(self.baseline_end)} ({_days(self.baseline_days)} logged)"
        )
        rule = (
            f"a change of at least {MEANINGFUL_CHANGE_POINTS:g} points or "
            f"{MEANINGFUL_CHANGE_FRACTION:.0%} counts as meaningful"
        )
        if self.verdict == NO_MEANINGFUL_CHANGE:
            return f"{recent}, against {baseline}: no meaningful change ({rule})."
        size = f"{_number(abs(self.change))} points"
        if not math.isnan(self.percent_change):
            size += f" ({abs(self.percent_change):.0%})"
        word = "lower" if self.verdict == IMPROVED else "higher"
        label = "a meaningful improvement" if self.verdict == IMPROVED else "meaningfully worse"
        return f"{recent}, {size} {word} than {baseline}: {label} ({rule})."


@dataclass(frozen=True)
class Flare:
    """Two or more days in a row with pain well above the usual level of the weeks before."""

    start: dt.date
    end: dt.date
    days: int
    peak_pain: float
    mean_pain: float
    usual_pain: float  # the recent average the first flare day was compared with
    ongoing: bool  # it runs up to the last logged day

    @property
    def sentence(self) -> str:
        span = f"From {_day(self.start)} to {_day(self.end)}"
        if self.ongoing:
            span = f"Since {_day(self.start)}"
        return (
            f"{span}, pain was at least {_number(FLARE_RISE_POINTS)} points above your usual "
            f"level for {self.days} days in a row (peak {_number(self.peak_pain)}, usual level "
            f"about {_number(self.usual_pain)}, the average of the "
            f"{FLARE_REFERENCE_DAYS} days before)."
        )


@dataclass(frozen=True, eq=False)
class TrendsReport:
    """Every finding for one journal and period; what the Trends page shows."""

    daily: pd.DataFrame
    weekly: pd.DataFrame
    trend: PainTrend | NotEnoughData
    sitting: SittingCorrelation
    exercise: NextDayEffect | NotEnoughData
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


def weekly_summary(daily: pd.DataFrame) -> pd.DataFrame:
    """One row per week (weeks start on Monday): mean pain and sitting over logged days,
    days with exercise, days logged. Weeks with no day in ``daily`` do not appear."""
    if daily.empty:
        return pd.DataFrame(
            {
                "week_start": pd.Series(dtype="datetime64[ns]"),
                "mean_pain": pd.Series(dtype="float64"),
                "mean_sitting_hours": pd.Series(dtype="float64"),
                "exercise_days": pd.Series(dtype="int64"),
                "logged_days": pd.Series(dtype="int64"),
            }
        )
    return (
        daily.assign(
            week_start=lambda d: (
                d["date"] - pd.to_timedelta(d["date"].dt.day_of_week, unit="D")
            ).astype("datetime64[ns]"),
            exercise_day=lambda d: d["exercised"].fillna(False).astype(bool),
        )
        .groupby("week_start", as_index=False)
        .agg(
            mean_pain=("pain", "mean"),
            mean_sitting_hours=("sitting_hours", "mean"),
            exercise_days=("exercise_day", "sum"),
            logged_days=("logged", "sum"),
        )
        .astype({"exercise_days": "int64", "logged_days": "int64"})
    )


# --------------------------------------------------------------------------------------------
# Findings
# --------------------------------------------------------------------------------------------


def pain_trend(
    daily: pd.DataFrame, window_days: int | None = DEFAULT_TREND_WINDOW_DAYS
) -> PainTrend | NotEnoughData:
    """Theil-Sen slope of pain over the last ``window_days`` calendar days, in points a week.

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
    day_number = (logged["date"] - logged["date"].iloc[0]).dt.days.to_numpy(dtype=float)
    pain = logged["pain"].to_numpy()
    if np.ptp(pain) == 0:
        slope = low = high = 0.0  # the same pain every day: flat, and theilslopes agrees
    else:
        result = stats.theilslopes(pain, day_number, alpha=CONFIDENCE_LEVEL)
        slope, low, high = result.slope, result.low_slope, result.high_slope
    return PainTrend(
        window_days=span,
        n=n,
        points_per_week=float(slope) * 7,
        ci_low=float(low) * 7,
        ci_high=float(high) * 7,
    )


def sitting_correlation(daily: pd.DataFrame) -> SittingCorrelation:
    """Spearman correlation of pain with hours sitting: the same day, and sitting on one day
    against pain the next (only pairs where both days are logged)."""
    same = daily.loc[daily["pain"].notna() & daily["sitting_hours"].notna()]
    next_pain = _next_day(daily, "pain")
    following = daily.assign(next_pain=next_pain).loc[
        lambda d: d["sitting_hours"].notna() & d["next_pain"].notna() & d["logged"]
    ]
    return SittingCorrelation(
        same_day=_spearman(same["sitting_hours"], same["pain"], "same day"),
        next_day=_spearman(following["sitting_hours"], following["next_pain"], "next day"),
    )


def exercise_effect(daily: pd.DataFrame) -> NextDayEffect | NotEnoughData:
    """Next-day pain after days with exercise against after logged days without (Welch t).

    Each group needs MIN_DAYS_PER_GROUP days whose next day was logged.
    """
    pairs = _next_day_pairs(daily)
    done = pairs.loc[pairs["exercised"], "next_pain"].to_numpy()
    not_done = pairs.loc[~pairs["exercised"], "next_pain"].to_numpy()
    if min(len(done), len(not_done)) < MIN_DAYS_PER_GROUP:
        return NotEnoughData(
            "exercise_effect",
            _group_shortfall(len(done)) + _group_shortfall(len(not_done)),
            _not_enough_groups(len(done), len(not_done), with_what="exercise"),
        )
    difference, low, high, p_value = _welch(done, not_done)
    return NextDayEffect(
        n_after_exercise=len(done),
        n_after_none=len(not_done),
        mean_after_exercise=float(done.mean()),
        mean_after_none=float(not_done.mean()),
        difference=difference,
        ci_low=low,
        ci_high=high,
        p_value=p_value,
    )


def per_exercise_effects(
    daily: pd.DataFrame, names: Mapping[str, str] | None = None
) -> list[ExerciseEffect]:
    """For each exercise in the journal, next-day pain after days with it against days without.

    The p-values of the exercises with enough data are adjusted together (Benjamini-Hochberg);
    ``significant`` means q <= FALSE_DISCOVERY_RATE. Ranked: exercises with enough data first,
    by q-value and then by difference (lower next-day pain first); then the others by how few
    more days they need. ``names`` maps exercise ids to the names to show.
    """
    pairs = _next_day_pairs(daily)
    ids = sorted(set(chain.from_iterable(pairs["exercises"].tolist())))
    if not ids:
        return []
    membership = _membership(pairs["exercises"], ids)
    next_pain = pairs["next_pain"].to_numpy()
    names = names or {}
    tested = [
        exercise_id
        for exercise_id in ids
        if min(membership[exercise_id].sum(), (~membership[exercise_id]).sum())
        >= MIN_DAYS_PER_GROUP
    ]
    raw = {exercise_id: _welch_groups(next_pain, membership[exercise_id]) for exercise_id in tested}
    p_values = np.array([raw[exercise_id][3] for exercise_id in tested], dtype=float)
    q_values = _benjamini_hochberg(p_values)
    q_by_id = dict(zip(tested, q_values, strict=True))

    effects = []
    for exercise_id in ids:
        done = membership[exercise_id]
        n_done, n_not = int(done.sum()), int((~done).sum())
        name = names.get(exercise_id, exercise_id.replace("_", " "))
        if exercise_id in raw:
            difference, low, high, p_value = raw[exercise_id]
            q_value = float(q_by_id[exercise_id])
            effects.append(
                ExerciseEffect(
                    exercise_id=exercise_id,
                    name=name,
                    n_done=n_done,
                    n_not=n_not,
                    mean_done=float(next_pain[done].mean()),
                    mean_not=float(next_pain[~done].mean()),
                    difference=difference,
                    ci_low=low,
                    ci_high=high,
                    p_value=p_value,
                    q_value=q_value,
                    significant=bool(q_value <= FALSE_DISCOVERY_RATE),
                    tested=len(tested),
                )
            )
        else:
            effects.append(
                ExerciseEffect(
                    exercise_id=exercise_id,
                    name=name,
                    n_done=n_done,
                    n_not=n_not,
                    mean_done=math.nan,
                    mean_not=math.nan,
                    difference=math.nan,
                    ci_low=math.nan,
                    ci_high=math.nan,
                    p_value=math.nan,
                    q_value=math.nan,
                    significant=False,
                    more_needed=_group_shortfall(n_done) + _group_shortfall(n_not),
                    tested=len(tested),
                )
            )
    return sorted(effects, key=_effect_rank)


def session_effect(
    sessions: pd.DataFrame, routine_id: str | None = None
) -> SessionEffect | NotEnoughData:
    """Pain just after routine sessions against just before them (paired t), optionally for one
    routine. Only sessions with both values count; needs MIN_SESSION_PAIRS of them."""
    chosen = sessions if routine_id is None else sessions.loc[sessions["routine_id"] == routine_id]
    paired = chosen.loc[chosen["pain_before"].notna() & chosen["pain_after"].notna()]
    n = len(paired)
    if n < MIN_SESSION_PAIRS:
        more = MIN_SESSION_PAIRS - n
        return NotEnoughData(
            "session_effect",
            more,
            f"Not enough data yet: give pain before and after in {more} more routine "
            f"session{'s' if more != 1 else ''}.",
        )
    before = paired["pain_before"].to_numpy(dtype=float)
    after = paired["pain_after"].to_numpy(dtype=float)
    change = after - before
    if np.ptp(change) == 0:
        # Every session changed pain by the same amount: no spread, so the interval is a point.
        low = high = float(change[0])
        p_value = 1.0 if change[0] == 0 else 0.0
    else:
        result = stats.ttest_rel(after, before)
        interval = result.confidence_interval(CONFIDENCE_LEVEL)
        low, high, p_value = float(interval.low), float(interval.high), float(result.pvalue)
    return SessionEffect(
        n=n,
        mean_before=float(before.mean()),
        mean_after=float(after.mean()),
        mean_change=float(change.mean()),
        ci_low=low,
        ci_high=high,
        p_value=p_value,
    )


def meaningful_change(
    daily: pd.DataFrame,
    baseline: tuple[dt.date | pd.Timestamp | str, dt.date | pd.Timestamp | str] | None = None,
) -> MeaningfulChange | NotEnoughData:
    """The last 7 calendar days' mean pain against a baseline: the first 7 logged days, or the
    (first, last) days the person picks.

    "improved"/"worse" at a change of at least MEANINGFUL_CHANGE_POINTS or at least
    MEANINGFUL_CHANGE_FRACTION of the baseline (Farrar 2001); with a baseline of 0 only the
    points rule applies. Each window needs MIN_LOGGED_IN_WINDOW logged days (the default
    baseline, all 7), and the recent window must start after the baseline ends.
    """
    logged_dates = daily.loc[daily["pain"].notna(), "date"]
    last = daily["date"].max() if len(daily) else None
    if baseline is None:
        more = _more_days_for_change(logged_dates, last)
        if more:
            return NotEnoughData(
                "meaningful_change",
                more,
                f"Not enough data yet: log {_more_days(more)} to compare your last "
                f"{RECENT_DAYS} days with your first {BASELINE_DAYS} logged days.",
            )
        baseline_start = logged_dates.iloc[0]
        baseline_end = logged_dates.iloc[BASELINE_DAYS - 1]
    else:
        baseline_start, baseline_end = (_as_timestamp(day) for day in baseline)
        in_baseline = int(logged_dates.between(baseline_start, baseline_end).sum())
        if in_baseline < MIN_LOGGED_IN_WINDOW:
            more = MIN_LOGGED_IN_WINDOW - in_baseline
            return NotEnoughData(
                "meaningful_change",
                more,
                f"The baseline you picked has {_days(in_baseline)} logged; pick a period with "
                f"at least {MIN_LOGGED_IN_WINDOW} logged days.",
            )
        more = _more_days_for_change(logged_dates, last, baseline_end=baseline_end)
        if more:
            return NotEnoughData(
                "meaningful_change",
                more,
                f"Not enough data yet: log {_more_days(more)} after the baseline you picked "
                f"to compare the last {RECENT_DAYS} days with it.",
            )
    recent_start = last - pd.Timedelta(days=RECENT_DAYS - 1)
    baseline_pain = daily.loc[daily["date"].between(baseline_start, baseline_end), "pain"].dropna()
    recent_pain = daily.loc[daily["date"].between(recent_start, last), "pain"].dropna()
    baseline_mean, recent_mean = float(baseline_pain.mean()), float(recent_pain.mean())
    return MeaningfulChange(
        verdict=classify_change(baseline_mean, recent_mean),
        baseline_mean=baseline_mean,
        recent_mean=recent_mean,
        change=recent_mean - baseline_mean,
        percent_change=(
            (recent_mean - baseline_mean) / baseline_mean if baseline_mean > 0 else math.nan
        ),
        baseline_start=baseline_start.date(),
        baseline_end=baseline_end.date(),
        baseline_days=len(baseline_pain),
        recent_start=recent_start.date(),
        recent_end=last.date(),
        recent_days=len(recent_pain),
    )


def classify_change(baseline_mean: float, recent_mean: float) -> str:
    """IMPROVED, WORSE or NO_MEANINGFUL_CHANGE by the 2-point / 30%-of-baseline rule."""
    change = recent_mean - baseline_mean
    big_in_points = abs(change) >= MEANINGFUL_CHANGE_POINTS - _TOLERANCE
    big_in_fraction = (
        baseline_mean > 0 and abs(change) / baseline_mean >= MEANINGFUL_CHANGE_FRACTION - _TOLERANCE
    )
    if change == 0 or not (big_in_points or big_in_fraction):
        return NO_MEANINGFUL_CHANGE
    return IMPROVED if change < 0 else WORSE


def flares(daily: pd.DataFrame) -> list[Flare]:
    """Runs of FLARE_MIN_DAYS or more consecutive calendar days, each logged, with pain at least
    FLARE_RISE_POINTS above the usual level.

    The usual level of a day is the mean pain of the logged days among the FLARE_REFERENCE_DAYS
    before it, leaving out days that were themselves that far above their own usual level (so
    a flare does not raise its own yardstick); it needs FLARE_MIN_REFERENCE_DAYS such days.
    After a long stretch of high days the yardstick empties and the new level becomes usual.
    """
    logged = daily.loc[daily["pain"].notna()]
    if logged.empty:
        return []
    dates = [day.date() for day in logged["date"].tolist()]
    day_numbers = [(day - dates[0]).days for day in dates]
    pains = logged["pain"].tolist()
    high: list[bool] = []
    usual: list[float] = []
    window_start = 0
    for index, (day, pain) in enumerate(zip(day_numbers, pains, strict=True)):
        while day_numbers[window_start] < day - FLARE_REFERENCE_DAYS:
            window_start += 1
        reference = [
            pains[j] for j in range(window_start, index) if not high[j]
        ]  # at most 14 values: the loop is cheap even for ten years of days
        level = sum(reference) / len(reference) if reference else math.nan
        enough = len(reference) >= FLARE_MIN_REFERENCE_DAYS
        high.append(enough and pain >= level + FLARE_RISE_POINTS - _TOLERANCE)
        usual.append(level)

    found: list[Flare] = []
    run: list[int] = []
    last_logged = day_numbers[-1]
    for index in [*range(len(day_numbers)), None]:
        continues = (
            index is not None
            and high[index]
            and (not run or day_numbers[index] == day_numbers[run[-1]] + 1)
        )
        if continues:
            run.append(index)  # type: ignore[arg-type]
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
    (first day, last day) for the meaningful-change comparison.
    """
    daily = daily_series(entries, sessions, start, end)
    chosen_sessions = _sessions_between(sessions, start, end)
    return TrendsReport(
        daily=daily,
        weekly=weekly_summary(daily),
        trend=pain_trend(daily, trend_window_days),
        sitting=sitting_correlation(daily),
        exercise=exercise_effect(daily),
        per_exercise=tuple(per_exercise_effects(daily, names)),
        session=session_effect(chosen_sessions),
        change=meaningful_change(daily, baseline),
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
    return daily.loc[daily["date"] > daily["date"].max() - pd.Timedelta(days=days)]


def _next_day(daily: pd.DataFrame, column: str) -> pd.Series:
    """The value on the following calendar day (NaN at the end). Rows are consecutive days."""
    return daily[column].shift(-1)


def _next_day_pairs(daily: pd.DataFrame) -> pd.DataFrame:
    """Days whose exercise status is known and whose next day was logged, with that pain."""
    return (
        daily.assign(next_pain=_next_day(daily, "pain"))
        .loc[lambda d: d["exercised"].notna() & d["next_pain"].notna()]
        .assign(exercised=lambda d: d["exercised"].astype(bool))
        .reset_index(drop=True)
    )


def _membership(exercises: pd.Series, ids: Sequence[str]) -> pd.DataFrame:
    """One boolean column per exercise id: was it done that day."""
    column_of = {exercise_id: column for column, exercise_id in enumerate(ids)}
    done = np.zeros((len(exercises), len(ids)), dtype=bool)
    # Filling by hand: crosstab on exploded tuples is ten times slower for a decade of days.
    for row, day_ids in enumerate(exercises.tolist()):
        for exercise_id in day_ids:
            done[row, column_of[exercise_id]] = True
    return pd.DataFrame(done, columns=list(ids))


def _spearman(sitting: pd.Series, pain: pd.Series, timing: str) -> Correlation | NotEnoughData:
    n = len(sitting)
    if n < MIN_CORRELATION_PAIRS:
        more = MIN_CORRELATION_PAIRS - n
        what = (
            "with both pain and hours sitting"
            if timing == "same day"
            else "with hours sitting, each followed by a logged day"
        )
        return NotEnoughData(
            f"sitting_{timing.replace(' ', '_')}",
            more,
            f"Not enough data yet: log {_more_days(more)} {what}.",
        )
    if sitting.nunique() < 2 or pain.nunique() < 2:
        return Correlation(timing, n, math.nan, math.nan, math.nan, math.nan)
    result = stats.spearmanr(sitting.to_numpy(), pain.to_numpy())
    rho = float(result.statistic)
    low, high = _fisher_interval(rho, n)
    return Correlation(timing, n, rho, float(result.pvalue), low, high)


def _fisher_interval(rho: float, n: int) -> tuple[float, float]:
    """95% interval for Spearman's rho: Fisher z with the Bonett-Wright (2000) standard error."""
    z = math.atanh(min(max(rho, -0.999999), 0.999999))
    standard_error = math.sqrt((1 + rho**2 / 2) / (n - 3))
    critical = stats.norm.ppf(0.5 + CONFIDENCE_LEVEL / 2)
    return math.tanh(z - critical * standard_error), math.tanh(z + critical * standard_error)


def _welch(first: np.ndarray, second: np.ndarray) -> tuple[float, float, float, float]:
    """Difference of means (first - second), its Welch 95% interval, and the p-value."""
    difference = float(first.mean() - second.mean())
    if np.ptp(first) == 0 and np.ptp(second) == 0:
        # No spread in either group: the t statistic is undefined, not infinitely certain.
        return difference, math.nan, math.nan, math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = stats.ttest_ind(first, second, equal_var=False)
        interval = result.confidence_interval(CONFIDENCE_LEVEL)
    return difference, float(interval.low), float(interval.high), float(result.pvalue)


def _welch_groups(values: np.ndarray, in_group: pd.Series) -> tuple[float, float, float, float]:
    mask = in_group.to_numpy()
    return _welch(values[mask], values[~mask])


def _benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """BH-adjusted p-values; an undefined p-value stays undefined and is not counted."""
    adjusted = np.full(len(p_values), math.nan)
    defined = ~np.isnan(p_values)
    if defined.any():
        adjusted[defined] = stats.false_discovery_control(p_values[defined], method="bh")
    return adjusted


def _effect_rank(effect: ExerciseEffect) -> tuple:
    if not effect.enough:
        return (2, effect.more_needed, effect.exercise_id)
    q_value = effect.q_value if not math.isnan(effect.q_value) else math.inf
    difference = effect.difference if not math.isnan(effect.difference) else math.inf
    return (0 if effect.significant else 1, q_value, difference, effect.exercise_id)


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


def _more_days_for_change(
    logged_dates: pd.Series, last: pd.Timestamp | None, baseline_end: pd.Timestamp | None = None
) -> int:
    """The fewest further days, logged one after another from ``last``, after which both the
    baseline and the recent window have enough days and do not overlap."""
    limit = BASELINE_DAYS + RECENT_DAYS
    if last is None:
        return limit
    known = logged_dates.to_numpy(dtype="datetime64[D]")
    for more in range(limit + 1):
        new_last = np.datetime64(last.date(), "D") + more
        added = np.arange(np.datetime64(last.date(), "D") + 1, new_last + 1, dtype="datetime64[D]")
        dates = np.concatenate([known, added])
        if baseline_end is None:
            if len(dates) < BASELINE_DAYS:
                continue
            end_of_baseline = dates[BASELINE_DAYS - 1]
        else:
            end_of_baseline = np.datetime64(baseline_end.date(), "D")
        recent_start = new_last - (RECENT_DAYS - 1)
        in_recent = int(((dates >= recent_start) & (dates <= new_last)).sum())
        if recent_start > end_of_baseline and in_recent >= MIN_LOGGED_IN_WINDOW:
            return more
    return limit


def _comparison_sentence(
    *,
    subject: str,
    other: str,
    difference: float,
    ci_low: float,
    ci_high: float,
    counts: str,
    than: str = "than",
) -> str:
    """ "On days after you exercised, pain was 1.2 points lower (n = 24 vs 19 days, 95% CI 0.4
    to 2.0)." The interval is shown the way round the words read."""
    if math.isnan(ci_low) or math.isnan(ci_high):
        return (
            f"{subject} was {_signed(difference)} points different {than} {other} ({counts}); "
            "pain did not vary within the groups, so there is no interval to give."
        )
    if ci_high < 0:
        return (
            f"{subject} was {_number(-difference)} points lower {than} {other} "
            f"({counts}, 95% CI {_number(-ci_high)} to {_number(-ci_low)})."
        )
    if ci_low > 0:
        return (
            f"{subject} was {_number(difference)} points higher {than} {other} "
            f"({counts}, 95% CI {_number(ci_low)} to {_number(ci_high)})."
        )
    return (
        f"{subject} was about the same as {other} ({_signed(difference)} points, {counts}, "
        f"95% CI {_signed(ci_low)} to {_signed(ci_high)})."
    )


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


def _signed(value: float) -> str:
    text = f"{value:+.1f}"
    return "0.0" if text in ("-0.0", "+0.0") else text


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _more_days(count: int) -> str:
    return f"{count} more day" if count == 1 else f"{count} more days"


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%b %Y}"
