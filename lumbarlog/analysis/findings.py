"""Every finding for a journal and period in one call: what the Trends page shows.

Pages call ``compute`` once and get a ``TrendsReport`` of numbers; the words come from
lumbarlog/analysis/sentences.py. The single findings live in daily.py (the daily frame),
links.py (exercise, sitting, each exercise) and changes.py (trend, meaningful change, flares,
routine ratings), so charts and tests can use them one by one.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from threadpoolctl import threadpool_limits

from lumbarlog.analysis.changes import flares, meaningful_change, pain_trend, session_effect
from lumbarlog.analysis.daily import Day, as_timestamp, daily_series, entry_days, sessions_between
from lumbarlog.analysis.links import next_day_links, per_exercise_effects, same_day_sitting
from lumbarlog.analysis.results import SittingLinks, TrendsReport
from lumbarlog.analysis.rules import DEFAULT_TREND_WINDOW_DAYS, LOOK_EVERY_DAYS
from lumbarlog.analysis.stats import carry_over, model_days


def compute(
    entries: pd.DataFrame,
    sessions: pd.DataFrame,
    start: Day | None = None,
    end: Day | None = None,
    *,
    names: Mapping[str, str] | None = None,
    trend_window_days: int | None = DEFAULT_TREND_WINDOW_DAYS,
    baseline: tuple[Day, Day] | None = None,
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
    start: Day | None,
    end: Day | None,
    names: Mapping[str, str] | None,
    trend_window_days: int | None,
    baseline: tuple[Day, Day] | None,
) -> TrendsReport:
    daily = daily_series(entries, sessions, start, end)
    chosen_sessions = sessions_between(sessions, start, end)
    journal_pain = entry_days(entries)["pain"].astype("float64")
    if end is not None:
        journal_pain = journal_pain.loc[: as_timestamp(end)]
    frame = model_days(daily)
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
