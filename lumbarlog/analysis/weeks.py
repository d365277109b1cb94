"""The last 7 days against the 7 before, as Today shows them: numbers only, no wording."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lumbarlog.analysis.rules import MEANINGFUL_CHANGE_POINTS, ROLLING_MIN_LOGGED_DAYS


@dataclass(frozen=True)
class WeekComparison:
    """Average pain of the last 7 days (ending ``today``) and of the 7 days before."""

    logged_last: int
    logged_before: int
    mean_last: float | None  # None: no day logged in the last 7
    mean_before: float | None

    @property
    def change(self) -> float | None:
        """Last week minus the week before, rounded as shown (None without both weeks)."""
        if self.mean_last is None or self.mean_before is None:
            return None
        return round(self.mean_last - self.mean_before, 1)

    @property
    def beyond_everyday(self) -> bool:
        """Worth colouring: both weeks have enough logged days and the change is at least a
        meaningful change in size; smaller ones are within everyday ups and downs."""
        change = self.change
        return (
            change is not None
            and min(self.logged_last, self.logged_before) >= ROLLING_MIN_LOGGED_DAYS
            and abs(change) >= MEANINGFUL_CHANGE_POINTS
        )


def compare_weeks(daily: pd.DataFrame, today: dt.date) -> WeekComparison:
    """The two weeks from ``daily.daily_series`` rows (unlogged days are gaps, never zeros)."""
    cut = pd.Timestamp(today - dt.timedelta(days=7))
    last = daily[daily["date"] > cut]
    before = daily[(daily["date"] <= cut) & (daily["date"] > cut - pd.Timedelta(days=7))]

    def mean(rows: pd.DataFrame) -> float | None:
        return float(rows["pain"].mean()) if rows["logged"].any() else None

    return WeekComparison(
        int(last["logged"].sum()), int(before["logged"].sum()), mean(last), mean(before)
    )
