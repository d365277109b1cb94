"""The daily frame every finding and chart starts from, and the few ways of reading it by day.

``daily_series`` is one row per calendar day, where a day that was not logged stays a gap
(NaN), never a zero. The next day's value of a day (``next_day``) and the week a day falls in
(``period_start``, by the one rule of lumbarlog/domain/week.py) are found here and only here,
so the findings and the charts pair days alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import numpy as np
import pandas as pd

from lumbarlog.analysis.rules import ROLLING_DAYS, ROLLING_MIN_LOGGED_DAYS
from lumbarlog.domain import week

DAILY_COLUMNS: tuple[str, ...] = (
    "date",
    "pain",
    "sitting_hours",
    "exercises",
    "exercised",
    "logged",
    "rolling_pain",
)

Day = dt.date | pd.Timestamp | str


def daily_series(
    entries: pd.DataFrame,
    sessions: pd.DataFrame,
    start: Day | None = None,
    end: Day | None = None,
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
    days = entry_days(entries)
    session_days = _session_exercises_by_day(sessions)
    known = days.index.union(session_days.index)
    first = as_timestamp(start) if start is not None else (known.min() if len(known) else None)
    last = as_timestamp(end) if end is not None else (known.max() if len(known) else None)
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


def as_timestamp(value: Day) -> pd.Timestamp:
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
    start: Day | None,
    end: Day | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Entries and sessions from the week before ``start`` to the end of ``end``."""
    if start is None and end is None:
        return entries, sessions
    low = (
        as_timestamp(start) - pd.Timedelta(days=ROLLING_DAYS - 1)
        if start is not None
        else pd.Timestamp.min
    )
    high = as_timestamp(end) + pd.Timedelta(days=1) if end is not None else pd.Timestamp.max
    entry_dates = pd.to_datetime(entries["date"])
    session_starts = pd.to_datetime(sessions["start"])
    return (
        entries[(entry_dates >= low) & (entry_dates < high)],
        sessions[(session_starts >= low) & (session_starts < high)],
    )


def entry_days(entries: pd.DataFrame) -> pd.DataFrame:
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


def sessions_between(
    sessions: pd.DataFrame,
    start: Day | None,
    end: Day | None,
) -> pd.DataFrame:
    day = pd.to_datetime(sessions["start"]).dt.normalize()
    keep = pd.Series(True, index=sessions.index)
    if start is not None:
        keep &= day >= as_timestamp(start)
    if end is not None:
        keep &= day <= as_timestamp(end)
    return sessions.loc[keep]


def last_days(daily: pd.DataFrame, days: int) -> pd.DataFrame:
    cutoff: pd.Timestamp = daily["date"].max() - pd.Timedelta(days=days)
    return daily.loc[daily["date"] > cutoff]


def next_day(dates: pd.Series, values: pd.Series) -> np.ndarray:
    """Each day's following calendar day's value (NaN when that day has no row or no value).
    Looked up by date, not by position, so a missing row is never read as the next day.
    ``dates`` are unique days at midnight."""
    by_date = pd.Series(values.to_numpy(), index=pd.DatetimeIndex(dates))
    following: np.ndarray = by_date.reindex(dates + pd.Timedelta(days=1)).to_numpy()
    return following


def period_start(times: pd.Series, period: Literal["week", "month"]) -> pd.Series:
    """The first day of the week (Monday) or month each time falls in, at midnight."""
    if period == "week":
        return week.week_starts(times)
    starts: pd.Series = times.dt.to_period("M").dt.start_time.astype("datetime64[ns]")
    return starts
