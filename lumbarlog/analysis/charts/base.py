"""What every Trends chart shares: the colour-blind-safe palette, sizes, the chart-and-caption
result, and ``for_display``, the one place that decides what the browser receives.

What the browser receives is kept small on purpose: only the columns a chart uses, exercise
lists as text, and, once a journal spans more than two years, one row per week (or per month
past twenty years) instead of one per day. Days are paired with the next day, and put in their
week, by lumbarlog/analysis/daily.py, as the findings do.

Colours come from the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies) and the pain heat map uses the ColorBrewer yellow-orange-red scale, which reads
by lightness alone. Shapes repeat what colours say, so nothing depends on colour.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

from lumbarlog.analysis.charts.vega import VegaLite, date_time
from lumbarlog.analysis.daily import next_day, period_start
from lumbarlog.domain.exercises import join_names

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO: Mapping[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
PAIN_COLOUR_SCHEME: Final = "yelloworangered"  # ColorBrewer's, by name
EMPTY_DAY_COLOUR = "#EEEEEE"

PAIN_TITLE = "Pain (0-10)"
SITTING_TITLE = "Hours sitting"
TIMELINE_HEIGHT = 260
OVERVIEW_HEIGHT = 80
CHART_HEIGHT = 300
# Pixels kept free at each end of a scale, so a dot at 0, at 10 or on the last day is whole.
EDGE_PADDING = 8

Granularity = Literal["day", "week", "month"]
Period = Literal["week", "month"]
# Past these spans the browser would draw too many marks to stay quick, so days are averaged.
DAILY_MAX_SPAN_DAYS = 731  # two years
WEEKLY_MAX_SPAN_DAYS = 7305  # twenty years; ~1,050 weeks, beyond that months (~12 a year)
MAX_RAW_POINTS = 731  # individual days or sessions drawn as dots before switching to summaries

GRANULARITY_WORDS: Mapping[str, str] = {
    "day": "daily",
    "week": "weekly mean",
    "month": "monthly mean",
}


@dataclass(frozen=True)
class ChartWithCaption:
    """A chart's Vega-Lite spec and data (``vega.VegaLite``), the one line shown under it,
    and the same numbers as a table of text for anyone who cannot see or read the chart.

    ``chart`` is None when there is nothing to draw; then ``caption`` is the reason.
    """

    chart: VegaLite | None
    caption: str
    table: pd.DataFrame | None = None


# What a tooltip or a table says where a chart has no value: a gap, never "null" or "NaN".
NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class Shown:
    """One column as a person reads it, in a tooltip and in the chart's table: its field,
    title and format (a d3 number format such as ".1f", or a date format for dates)."""

    field: str
    title: str
    format: str = ""
    kind: Literal["Q", "T", "N"] = "Q"

    @property
    def text_field(self) -> str:
        return f"{self.field}_text"


def readable_numbers(shown: Sequence[Shown]) -> dict[str, str]:
    """Calculated fields (for ``transform_calculate``) holding each number as text, with
    "not recorded" where it is missing, so a tooltip never says null."""
    return {
        item.text_field: (
            f"isValid(datum.{item.field}) && isFinite(datum.{item.field}) "
            f"? format(datum.{item.field}, '{item.format}') : '{NOT_RECORDED}'"
        )
        for item in shown
        if item.kind == "Q"
    }


_TYPES: Mapping[str, str] = {"Q": "quantitative", "T": "temporal", "N": "nominal"}


def tooltips(shown: Sequence[Shown]) -> list[dict[str, Any]]:
    """The tooltip of a chart whose data went through ``readable_numbers``: each number as
    its text, dates and names as they are."""
    return [
        {"field": item.text_field, "title": item.title, "type": "nominal"}
        if item.kind == "Q"
        else {
            "field": item.field,
            "title": item.title,
            "type": _TYPES[item.kind],
            **({"format": item.format} if item.format else {}),
        }
        for item in shown
    ]


def as_table(frame: pd.DataFrame, shown: Sequence[Shown]) -> pd.DataFrame:
    """The chart's rows as text, with the tooltip's titles and formats: what a screen reader
    (or anyone who prefers numbers) reads instead of the drawing."""
    columns: dict[str, list[str]] = {}
    for item in shown:
        values = frame[item.field]
        if item.kind == "T":
            columns[item.title] = [
                NOT_RECORDED if pd.isna(v) else pd.Timestamp(v).strftime(item.format or "%Y-%m-%d")
                for v in values
            ]
        elif item.kind == "Q":
            number = pd.to_numeric(values, errors="coerce")
            columns[item.title] = [
                NOT_RECORDED if pd.isna(v) or not np.isfinite(v) else format(v, item.format)
                for v in number
            ]
        else:
            columns[item.title] = [
                NOT_RECORDED if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
                for v in values
            ]
    return pd.DataFrame(columns)


@dataclass(frozen=True)
class DisplayData:
    """Daily values prepared for the browser: one row per ``granularity`` period.

    Columns: date (period start), period_end, pain, rolling_pain, sitting_hours,
    next_day_pain (means over the period's days when not daily), days_logged, days_exercised,
    day_kind (a label for the legend) and, for daily data only, exercises (text).
    """

    frame: pd.DataFrame
    granularity: Granularity

    @property
    def words(self) -> str:
        """'daily', 'weekly mean' or 'monthly mean', for axis titles and captions."""
        return GRANULARITY_WORDS[self.granularity]


class Days:
    """A period's daily frame (``findings``' ``report.daily``) and what the charts make of it,
    each made once: the Trends page draws five charts from one frame, and each chart used to
    prepare it again. Every daily builder takes a ``Days`` in place of the frame.

    ``exercise_names`` are the names the timeline's tooltips and table give exercises; the
    other charts send no exercises."""

    def __init__(
        self, daily: pd.DataFrame, exercise_names: Mapping[str, str] | None = None
    ) -> None:
        self.daily = daily
        self.exercise_names = exercise_names

    @cached_property
    def has_pain(self) -> bool:
        return has_pain(self.daily)

    @cached_property
    def prepared(self) -> pd.DataFrame:
        """``prepared_days``; read only: charts share it."""
        return prepared_days(self.daily)

    @cached_property
    def display(self) -> DisplayData:
        """``for_display``; read only: charts share it."""
        return _display(self.prepared, self.exercise_names)


def days_of(daily: pd.DataFrame | Days, exercise_names: Mapping[str, str] | None = None) -> Days:
    """``daily`` as ``Days``: a frame is wrapped; a ``Days`` comes with its names."""
    if isinstance(daily, Days):
        if exercise_names is not None:
            raise ValueError("exercise names come with the Days, not beside them")
        return daily
    return Days(daily, exercise_names)


def granularity_for_span(span_days: int) -> Granularity:
    """The resolution that keeps a chart of ``span_days`` days quick to draw."""
    if span_days <= DAILY_MAX_SPAN_DAYS:
        return "day"
    if span_days <= WEEKLY_MAX_SPAN_DAYS:
        return "week"
    return "month"


def for_display(
    daily: pd.DataFrame, exercise_names: Mapping[str, str] | None = None
) -> DisplayData:
    """The daily frame reduced to what charts send to the browser.

    Up to two years: one row per day, exercises as a readable text (names when
    ``exercise_names`` maps ids to names). Longer: one row per week (per month past twenty
    years) holding means over the logged days, so the number of rows stays near a thousand.
    """
    return _display(prepared_days(daily), exercise_names)


def _display(days: pd.DataFrame, exercise_names: Mapping[str, str] | None) -> DisplayData:
    granularity = granularity_for_span(span_days(days["date"]))
    if granularity == "day":
        frame = days.assign(
            rolling_pain=days["rolling_pain"].round(2),
            period_end=days["date"] + pd.Timedelta(days=1),
            days_logged=days["logged"].astype("int64"),
            days_exercised=days["exercised_flag"],
            day_kind=_day_kinds(days["exercised"], days["logged"]),
            exercises=_exercise_text(days["exercises"], exercise_names),
        )
        columns = [*_DISPLAY_COLUMNS, "exercises"]
    else:
        frame = _aggregate(days, granularity)
        columns = list(_DISPLAY_COLUMNS)
    return DisplayData(frame=frame[columns].reset_index(drop=True), granularity=granularity)


_DISPLAY_COLUMNS = (
    "date",
    "period_end",
    "pain",
    "rolling_pain",
    "sitting_hours",
    "next_day_pain",
    "days_logged",
    "days_exercised",
    "day_kind",
)


def prepared_days(daily: pd.DataFrame) -> pd.DataFrame:
    """The contract's columns with safe dtypes, sorted, plus the next calendar day's pain."""
    days = pd.DataFrame(
        {
            "date": pd.to_datetime(daily["date"]).astype("datetime64[ns]"),
            "pain": pd.to_numeric(daily["pain"], errors="coerce").astype("float64"),
            "rolling_pain": pd.to_numeric(daily["rolling_pain"], errors="coerce").astype("float64"),
            "sitting_hours": pd.to_numeric(daily["sitting_hours"], errors="coerce").astype(
                "float64"
            ),
            "exercises": daily["exercises"].astype(object),
            "exercised": daily["exercised"].astype("boolean"),
            "logged": daily["logged"].astype(bool),
        }
    ).sort_values("date", kind="stable", ignore_index=True)
    days = days.drop_duplicates("date", keep="last", ignore_index=True)
    return days.assign(
        next_day_pain=next_day(days["date"], days["pain"]),
        exercised_flag=days["exercised"].fillna(False).astype("int64"),
    )


def span_days(dates: pd.Series) -> int:
    return 0 if dates.empty else int((dates.max() - dates.min()).days)


def _day_kinds(exercised: pd.Series, logged: pd.Series) -> pd.Series:
    kinds = np.where(exercised.fillna(False).astype(bool), "Exercise day", "Rest day")
    return pd.Series(np.where(logged.to_numpy(), kinds, "Not logged"), index=exercised.index)


def _exercise_text(exercises: pd.Series, names: Mapping[str, str] | None) -> list[str]:
    names = names or {}
    return [
        join_names(names.get(item, item.replace("_", " ")) for item in (ids or ()))
        for ids in exercises
    ]


def _aggregate(days: pd.DataFrame, granularity: Period) -> pd.DataFrame:
    summary = (
        days.groupby(period_start(days["date"], granularity).rename("date"))
        .agg(
            pain=("pain", "mean"),
            rolling_pain=("rolling_pain", "mean"),
            sitting_hours=("sitting_hours", "mean"),
            next_day_pain=("next_day_pain", "mean"),
            days_logged=("logged", "sum"),
            days_exercised=("exercised_flag", "sum"),
        )
        .reset_index()
    )
    step = pd.DateOffset(weeks=1) if granularity == "week" else pd.DateOffset(months=1)
    mostly_exercised = summary["days_exercised"] * 2 >= summary["days_logged"]
    kind = np.where(mostly_exercised, "Exercise on half the days or more", "Exercise on fewer days")
    # Two decimals is finer than anyone reads a chart, and halves the data sent.
    means = ["pain", "rolling_pain", "sitting_hours", "next_day_pain"]
    return summary.assign(
        **summary[means].round(2),
        period_end=summary["date"] + step,
        days_logged=summary["days_logged"].astype("int64"),
        days_exercised=summary["days_exercised"].astype("int64"),
        day_kind=np.where(summary["days_logged"] > 0, kind, "Not logged"),
    )


def has_pain(daily: pd.DataFrame) -> bool:
    return not daily.empty and bool(pd.to_numeric(daily["pain"], errors="coerce").notna().any())


NO_DAYS = "No days logged yet: log a few days and this chart fills in."


def period_caption(display: DisplayData) -> str:
    if display.granularity == "day":
        return ""
    return (
        f" Your journal spans more than two years, so each point is a {display.granularity}'s "
        "mean over the logged days."
    )


def as_datetime(moment: pd.Timestamp) -> dict[str, Any]:
    return date_time(moment)


def with_units(title: str, display: DisplayData) -> str:
    return title if display.granularity == "day" else f"{title}, {display.words}"
