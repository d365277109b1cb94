"""The week a day falls in: Monday to Sunday, as Python's ``date.weekday()`` and pandas'
weekly periods count. One rule for the plan, the findings and the charts alike."""

from __future__ import annotations

import datetime as dt

import pandas as pd


def week_start(day: dt.date) -> dt.date:
    """The Monday that begins the week ``day`` falls in."""
    return day - dt.timedelta(days=day.weekday())


def week_starts(times: pd.Series) -> pd.Series:
    """The Monday (at midnight) that begins the week each time falls in."""
    days = times.dt.normalize()
    starts: pd.Series = (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).astype(
        "datetime64[ns]"
    )
    return starts
