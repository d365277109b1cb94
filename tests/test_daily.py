"""lumbarlog/analysis/daily.py and domain/week.py: the one place that pairs a day with the next,
and the one rule for the week a day falls in."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from lumbarlog.analysis.daily import next_day, period_start
from lumbarlog.domain.week import week_start, week_starts

moments = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 12, 31))


@given(st.lists(moments, min_size=1, max_size=30))
def test_a_moment_falls_in_the_week_that_begins_on_the_monday_before_it(times):
    series = pd.Series(pd.to_datetime(times)).astype("datetime64[ns]")

    starts = week_starts(series)

    for moment, start in zip(series, starts, strict=True):
        assert start.day_of_week == 0  # a Monday
        assert start == start.normalize()
        assert dt.timedelta(0) <= moment - start < dt.timedelta(days=7)
    # The same weeks as pandas' own Monday-to-Sunday periods.
    assert starts.equals(series.dt.to_period("W-SUN").dt.start_time.astype("datetime64[ns]"))


@given(st.lists(moments, min_size=1, max_size=30))
def test_the_plan_and_the_charts_put_a_day_in_the_same_week(times):
    series = pd.Series(pd.to_datetime(times)).astype("datetime64[ns]")

    starts = week_starts(series)

    for moment, start in zip(series, starts, strict=True):
        assert week_start(moment.date()) == start.date()


@given(st.lists(moments, min_size=1, max_size=30))
def test_a_moment_falls_in_the_month_that_holds_it(times):
    series = pd.Series(pd.to_datetime(times)).astype("datetime64[ns]")

    starts = period_start(series, "month")

    for moment, start in zip(series, starts, strict=True):
        assert (start.year, start.month, start.day) == (moment.year, moment.month, 1)
        assert start == start.normalize()


def test_the_next_day_is_found_by_date_so_a_missing_day_is_never_taken_for_it():
    dates = pd.Series(pd.to_datetime(["2026-03-01", "2026-03-02", "2026-03-04", "2026-03-05"]))
    pain = pd.Series([3.0, 5.0, 7.0, np.nan])

    following = next_day(dates, pain)

    # 2 March is followed by 3 March, which has no row: a gap, not 4 March's 7.
    assert np.array_equal(following, [5.0, np.nan, np.nan, np.nan], equal_nan=True)
