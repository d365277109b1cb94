"""The statistics behind the findings: the model days, design matrices and fits, how much a
link's range widens with the pairs of days, how many more days would settle a finding,
carry-over and what it does to a mean, and what kind a range is. statsmodels, patsy and
scipy.stats do the work; nothing here knows a word of English.

Every link is a within-person regression of pain on the day's exercise and sitting that allows
for that day's pain, the day of the week and slow drift, with errors that allow for
autocorrelation (statsmodels OLS with Newey-West errors). Its range is at ``LINK_LEVEL``
widened by ``link_widening``, and that same range is the one judged and shown.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import overload

import numpy as np
import pandas as pd
import patsy
import statsmodels.api as sm
from scipy import stats

from lumbarlog.analysis.daily import next_day
from lumbarlog.analysis.rules import (
    ABOUT_THE_SAME,
    ABOUT_THE_SAME_POINTS,
    CANT_TELL,
    CLEAR,
    DRIFT_DAYS_PER_KNOT,
    DRIFT_SPLINE_DAYS,
    EARLY_PAIRS,
    LATE_PAIRS,
    LATE_WIDENING,
    MAX_SETTLE_DAYS,
    MIN_DAYS_FOR_CARRY_OVER,
    MIN_DAYS_PER_GROUP,
    MIN_PAIRS_FOR_WEEKDAYS,
    MIN_RESIDUAL_DAYS,
    TOLERANCE,
    TYPICAL_CARRY_OVER,
)


def kind_of(low: float, high: float, band: float = ABOUT_THE_SAME_POINTS) -> str:
    """CLEAR when the interval leaves out zero, ABOUT_THE_SAME when all of it lies within
    ``band`` either way, CANT_TELL otherwise (and when there is no interval)."""
    if math.isnan(low) or math.isnan(high):
        return CANT_TELL
    if low > 0 or high < 0:
        return CLEAR
    if low >= -band - TOLERANCE and high <= band + TOLERANCE:
        return ABOUT_THE_SAME
    return CANT_TELL


def direction(low: float, high: float, *, up: str, down: str, none: str) -> str:
    if math.isnan(low) or math.isnan(high):
        return none
    if low > 0:
        return up
    if high < 0:
        return down
    return none


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


def model_days(daily: pd.DataFrame) -> pd.DataFrame:
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
    frame["next_pain"] = next_day(daily["date"], daily["pain"])
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


def filled(values: np.ndarray) -> list[tuple[str, np.ndarray]]:
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


def design_matrix(
    rows: pd.DataFrame, terms: dict[str, np.ndarray], controls: Sequence[str]
) -> tuple[np.ndarray, list[str]]:
    """The regression matrix: the terms of interest first, then the controls (gaps filled),
    slow drift (a line, or a spline for long periods) and, with enough days, the weekday."""
    columns: dict[str, np.ndarray] = dict(terms)
    columns["const"] = np.ones(len(rows))
    for name in controls:
        for suffix, values in filled(rows[name].to_numpy(dtype=float)):
            columns[f"{name}_{suffix}"] = values
    for name in rows.columns:
        if name.startswith("drift_"):
            columns[name] = rows[name].to_numpy(dtype=float)
    if len(rows) >= MIN_PAIRS_FOR_WEEKDAYS:
        weekday = rows["weekday"].to_numpy()
        for number in range(1, 7):
            columns[f"weekday_{number}"] = (weekday == number).astype(float)
    return np.column_stack(list(columns.values())), list(columns)


def fit_links(
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


def columns_short(rows: int, design_columns: int) -> int:
    """How many more pairs of days a model with ``design_columns`` columns needs."""
    return max(0, design_columns + MIN_RESIDUAL_DAYS - rows)


def settle_days(
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


def mean_variance_factor(n: int, carry: float) -> float:
    """How much carry-over from day to day (AR(1) with ``carry``) inflates the variance of a
    mean of ``n`` days, against independent days."""
    lags = np.arange(1, max(n, 1))
    return float(1 + 2 * np.sum((1 - lags / n) * carry**lags))


def membership(exercises: pd.Series, ids: Sequence[str]) -> pd.DataFrame:
    """One boolean column per exercise id: was it done that day."""
    column_of = {exercise_id: column for column, exercise_id in enumerate(ids)}
    done = np.zeros((len(exercises), len(ids)), dtype=bool)
    # Filling by hand: crosstab on exploded tuples is ten times slower for a decade of days.
    for row, day_ids in enumerate(exercises.tolist()):
        for exercise_id in day_ids:
            done[row, column_of[exercise_id]] = True
    return pd.DataFrame(done, columns=list(ids))


def mean_interval(values: np.ndarray, level: float) -> tuple[float, float]:
    """A t interval at ``level`` for the mean of ``values`` (a point when they are all equal)."""
    if np.ptp(values) == 0:
        return float(values[0]), float(values[0])
    low, high = stats.t.interval(level, len(values) - 1, loc=values.mean(), scale=stats.sem(values))
    return float(low), float(high)


def two_sided_z(level: float, looks: int) -> float:
    """The normal quantile of a two-sided interval at ``level``, adjusted for ``looks`` looks
    (Bonferroni)."""
    return float(stats.norm.ppf(1 - (1 - level) / 2 / looks))


def group_shortfall(count: int) -> int:
    """How many more pairs of days a group (days with, or without, an exercise) needs."""
    return max(0, MIN_DAYS_PER_GROUP - count)
