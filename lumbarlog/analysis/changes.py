"""Changes over time, as numbers: the trend of the last weeks, the last two weeks against the
starting point (meaningful or not), flares (runs of days well above the usual level), and pain
rated just before and right after routines. The words are in lumbarlog/analysis/sentences.py.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm

from lumbarlog.analysis.daily import Day, as_timestamp, last_days
from lumbarlog.analysis.results import (
    WHY_FEW_DAYS,
    WHY_NO_PAIN,
    WHY_SHORT_BASELINE,
    Flare,
    MeaningfulChange,
    NotEnoughData,
    PainTrend,
    SessionEffect,
)
from lumbarlog.analysis.rules import (
    BASELINE_DAYS,
    CLAIM_LEVEL,
    DEFAULT_TREND_WINDOW_DAYS,
    FLARE_MIN_DAYS,
    FLARE_MIN_REFERENCE_DAYS,
    FLARE_REFERENCE_DAYS,
    FLARE_RISE_POINTS,
    FLARE_SPREADS,
    FLARE_START_POINTS,
    IMPROVED,
    MEANINGFUL_CHANGE_FRACTION,
    MEANINGFUL_CHANGE_POINTS,
    MIN_LOGGED_IN_WINDOW,
    MIN_SESSION_PAIRS,
    MIN_TREND_DAYS,
    NO_MEANINGFUL_CHANGE,
    RECENT_DAYS,
    TOLERANCE,
    WORSE,
)
from lumbarlog.analysis.stats import carry_over, mean_interval, mean_variance_factor, two_sided_z


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
    window = daily if window_days is None or daily.empty else last_days(daily, window_days)
    span = window_days if window_days is not None else len(window)
    logged = window.loc[window["pain"].notna()]
    n = len(logged)
    if n < MIN_TREND_DAYS:
        more = MIN_TREND_DAYS - n
        return NotEnoughData("pain_trend", more, WHY_FEW_DAYS, have=n, window_days=span)
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


def meaningful_change(
    daily: pd.DataFrame,
    baseline: tuple[Day, Day] | None = None,
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
        return NotEnoughData("meaningful_change", BASELINE_DAYS + RECENT_DAYS, WHY_NO_PAIN)
    if baseline is None:
        baseline_start = journal_pain.index[0]
        baseline_end = baseline_start + pd.Timedelta(days=BASELINE_DAYS - 1)
        if len(journal_pain) >= MIN_LOGGED_IN_WINDOW:
            baseline_end = max(baseline_end, journal_pain.index[MIN_LOGGED_IN_WINDOW - 1])
        picked = False
    else:
        baseline_start, baseline_end = (as_timestamp(day) for day in baseline)
        picked = True
    in_baseline = journal_pain.loc[baseline_start:baseline_end]
    recent_start = last - pd.Timedelta(days=RECENT_DAYS - 1)
    recent = daily.loc[daily["date"].between(recent_start, last), "pain"].dropna()
    short_baseline = MIN_LOGGED_IN_WINDOW - len(in_baseline)
    if picked and short_baseline > 0:
        return NotEnoughData(
            "meaningful_change", short_baseline, WHY_SHORT_BASELINE, have=len(in_baseline)
        )
    overlap = max(0, (baseline_end - recent_start).days + 1)
    more = max(short_baseline, overlap, MIN_LOGGED_IN_WINDOW - len(recent))
    if more > 0:
        return NotEnoughData("meaningful_change", more, WHY_FEW_DAYS, have=len(recent))
    baseline_mean, recent_mean = float(in_baseline.mean()), float(recent.mean())
    carry = carry_over(journal_pain.asfreq("D"))
    # The person's spread of pain over the whole journal (a real change adds to it, which
    # only makes the rule more cautious).
    spread = float(journal_pain.std(ddof=1)) if len(journal_pain) > 1 else 0.0
    # Every two weeks since the baseline was a chance to look: adjust for them (Bonferroni).
    windows = max(1, (last - baseline_end).days // RECENT_DAYS)
    z = two_sided_z(CLAIM_LEVEL, windows)
    spread_of_difference = spread * math.sqrt(
        mean_variance_factor(len(in_baseline), carry) / len(in_baseline)
        + mean_variance_factor(len(recent), carry) / len(recent)
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


def classify_change(baseline_mean: float, recent_mean: float, detectable: float = 0.0) -> str:
    """IMPROVED, WORSE or NO_MEANINGFUL_CHANGE: meaningful needs at least 2 points AND 30% of
    the baseline (points alone when the baseline is 0) AND more than ``detectable``."""
    change = recent_mean - baseline_mean
    big_in_points = abs(change) >= MEANINGFUL_CHANGE_POINTS - TOLERANCE
    big_in_fraction = baseline_mean <= 0 or (
        abs(change) / baseline_mean >= MEANINGFUL_CHANGE_FRACTION - TOLERANCE
    )
    beyond_noise = abs(change) > detectable
    if change == 0 or not (big_in_points and big_in_fraction and beyond_noise):
        return NO_MEANINGFUL_CHANGE
    return IMPROVED if change < 0 else WORSE


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
        return NotEnoughData("session_effect", more, WHY_FEW_DAYS, have=n)
    before = by_day["pain_before"].to_numpy(dtype=float)
    after = by_day["pain_after"].to_numpy(dtype=float)
    change = after - before
    low, high = mean_interval(change, CLAIM_LEVEL)
    return SessionEffect(
        n=n,
        sessions=len(paired),
        mean_before=float(before.mean()),
        mean_after=float(after.mean()),
        mean_change=float(change.mean()),
        ci_low=float(low),
        ci_high=float(high),
    )


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
        high.append(enough and pain >= level + rise - TOLERANCE)
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
