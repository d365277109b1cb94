"""lumbarlog/analysis/weeks.py: Today's last 7 days against the 7 before."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lumbarlog.analysis import rules
from lumbarlog.analysis.daily import daily_series
from lumbarlog.analysis.weeks import compare_weeks
from tests import journal_factory as journal
from tests.journal_factory import START

TODAY = START + dt.timedelta(days=13)  # the factory's days 0-13: two weeks ending today


def weeks_of(pain: list[int | None]):
    daily = daily_series(journal.entries(pain), journal.sessions())
    return compare_weeks(daily, TODAY)


def test_two_full_weeks():
    weeks = weeks_of([6] * 7 + [3] * 7)
    assert (weeks.logged_before, weeks.logged_last) == (7, 7)
    assert (weeks.mean_before, weeks.mean_last, weeks.change) == (6.0, 3.0, -3.0)
    assert weeks.beyond_everyday


def test_a_change_under_two_points_is_everyday_ups_and_downs():
    weeks = weeks_of([5] * 7 + [4] * 7)
    assert weeks.change == -1.0
    assert not weeks.beyond_everyday


def test_a_big_change_from_too_few_days_is_not_coloured():
    # Three logged days in the week before: fewer than the rolling average needs.
    weeks = weeks_of([None] * 4 + [8, 8, 8] + [2] * 7)
    assert weeks.change == -6.0
    assert not weeks.beyond_everyday


def test_unlogged_days_are_gaps_not_zeros():
    weeks = weeks_of([4] * 7 + [None] * 6 + [6])
    assert (weeks.logged_last, weeks.mean_last) == (1, 6.0)


def test_no_week_before_and_no_last_week():
    only_last = weeks_of([None] * 7 + [3] * 7)
    assert only_last.mean_before is None and only_last.change is None
    nothing_recent = weeks_of([5] * 7 + [None] * 7)
    assert nothing_recent.mean_last is None and nothing_recent.change is None
    assert not nothing_recent.beyond_everyday


@given(st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=14, max_size=14))
def test_the_means_are_those_of_the_logged_days_of_each_week(pain):
    weeks = weeks_of(pain)
    before = [p for p in pain[:7] if p is not None]
    last = [p for p in pain[7:] if p is not None]
    assert (weeks.logged_before, weeks.logged_last) == (len(before), len(last))
    assert weeks.mean_before == (sum(before) / len(before) if before else None)
    assert weeks.mean_last == (sum(last) / len(last) if last else None)
    if weeks.beyond_everyday:
        assert min(len(before), len(last)) >= rules.ROLLING_MIN_LOGGED_DAYS
        assert abs(weeks.change) >= rules.MEANINGFUL_CHANGE_POINTS
