"""Charts of pain over time: the timeline (pain, its 7-day average, exercise days, hours
sitting) and the calendar heat map. Every chart returns a ``ChartWithCaption``; with nothing
honest to draw, ``chart`` is None and the caption says why and what is needed."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from lumbarlog.analysis.charts.base import (
    EDGE_PADDING,
    EMPTY_DAY_COLOUR,
    NO_DAYS,
    OKABE_ITO,
    OVERVIEW_HEIGHT,
    PAIN_COLOUR_SCHEME,
    PAIN_TITLE,
    SITTING_TITLE,
    TIMELINE_HEIGHT,
    ChartWithCaption,
    Days,
    DisplayData,
    Shown,
    as_datetime,
    as_table,
    days_of,
    period_caption,
    readable_numbers,
    span_days,
    tooltips,
    with_units,
)
from lumbarlog.analysis.charts.vega import Spec, calculate, dataset, field, top_level
from lumbarlog.domain.week import week_starts

# A calendar of days up to a year (53 rows of weeks); months by year beyond.
CALENDAR_DAILY_MAX_DAYS = 371
CALENDAR_ROW_HEIGHT = 24
DARK_BOX_FROM = 8  # pain from which the heat map's boxes are dark enough for white text

# Pain over time
# --------------------------------------------------------------------------------------------


def _timeline_shown(display: DisplayData) -> list[Shown]:
    """What the timeline's tooltips and table say about each day (or week, or month)."""
    daily_view = display.granularity == "day"
    date_title = "Date" if daily_view else f"{display.granularity.title()} starting"
    shown = [
        Shown("date", date_title, "%a %d %b %Y", kind="T"),
        # A day's pain is a whole number; a week's or month's is a mean.
        Shown("pain", with_units(PAIN_TITLE, display), ".0f" if daily_view else ".1f"),
        Shown("rolling_pain", "7-day average pain", ".1f"),
        Shown("sitting_hours", with_units(SITTING_TITLE, display), ".2f"),
    ]
    if daily_view:
        return [*shown, Shown("exercises", "Exercises", kind="N")]
    return [
        *shown,
        Shown("days_logged", "Days logged", ".0f"),
        Shown("days_exercised", "Days with exercise", ".0f"),
    ]


def _shared_x(frame: pd.DataFrame, title: str | None) -> Spec:
    """The date axis both timeline charts share, from the first day to the end of the last,
    so a day sits at the same place in both; padded so the first and last dots are whole."""
    domain = [as_datetime(frame["date"].min()), as_datetime(frame["period_end"].max())]
    return field("date", "temporal", scale={"domain": domain, "padding": EDGE_PADDING}, title=title)


def pain_timeline(
    daily: pd.DataFrame | Days, exercise_names: Mapping[str, str] | None = None
) -> ChartWithCaption:
    """Pain dots, the 7-day average and which days had exercise. Unlogged days stay gaps.

    One layered view, sized to its column: a phone shows every day, the latest included.
    Hours sitting are a chart of their own (``sitting_timeline``) on the same dates.
    """
    days = days_of(daily, exercise_names)
    if not days.has_pain:
        return ChartWithCaption(None, NO_DAYS)
    display = days.display
    daily_view = display.granularity == "day"
    shown = _timeline_shown(display)
    frame = display.frame[["period_end", "day_kind", *(item.field for item in shown)]]
    kinds = (
        ["Exercise day", "Rest day"]
        if daily_view
        else ["Exercise on half the days or more", "Exercise on fewer days"]
    )
    data = dataset(frame)
    numbers = calculate(readable_numbers(shown))
    tooltip = tooltips(shown)
    pain_y = field(
        "pain",
        "quantitative",
        scale={"domain": [0, 10], "padding": EDGE_PADDING},
        title=with_units(PAIN_TITLE, display),
    )
    points = {
        "mark": {"type": "point", "filled": True, "opacity": 0.9, "size": 55},
        "encoding": {
            "color": field(
                "day_kind",
                "nominal",
                legend={"orient": "top"},
                scale={"domain": kinds, "range": [OKABE_ITO["blue"], OKABE_ITO["orange"]]},
                title=None,
            ),
            "shape": field(
                "day_kind",
                "nominal",
                legend={"orient": "top"},
                scale={"domain": kinds, "range": ["triangle-up", "circle"]},
                title=None,
            ),
            "tooltip": tooltip,
            "y": pain_y,
        },
        "transform": [*numbers, {"filter": "isValid(datum.pain)"}],
    }
    # Breaking the path at missing values keeps a gap where there are too few days.
    average = {
        "mark": {
            "type": "line",
            "color": OKABE_ITO["black"],
            "invalid": "break-paths-filter-domains",
            "strokeWidth": 2,
        },
        "encoding": {"tooltip": tooltip, "y": field("rolling_pain", "quantitative")},
        "transform": numbers,
    }
    # The date axis is set once, for both layers.
    chart = top_level(
        {
            "layer": [average, points],
            "data": data.ref,
            "encoding": {"x": _shared_x(frame, None)},
            "height": TIMELINE_HEIGHT,
            "width": "container",
        },
        data,
    )
    caption = (
        "Dots are pain on logged days (triangles: exercise days); the line is the 7-day "
        "average. To look closer, choose a shorter period or dates above." + period_caption(display)
    )
    return ChartWithCaption(chart, caption, as_table(frame, shown))


def sitting_timeline(daily: pd.DataFrame | Days) -> ChartWithCaption:
    """Hours sitting per day (or week, or month) as bars, on the pain timeline's dates."""
    days = days_of(daily)
    if not days.has_pain:
        return ChartWithCaption(None, NO_DAYS)
    display = days.display
    frame = display.frame[["date", "period_end", "sitting_hours"]]
    if frame["sitting_hours"].isna().all():
        return ChartWithCaption(
            None, "No hours sitting recorded in this period: add them when you log a day."
        )
    shown = [item for item in _timeline_shown(display) if item.field in frame.columns]
    data = dataset(frame)
    # Days without hours still span the axis ("show-domains"), so each day sits under its pain
    # dot. (An explicit domain, as the pain chart has, makes Vega-Lite warn beside x2.)
    chart = top_level(
        {
            "data": data.ref,
            "mark": {
                "type": "bar",
                "color": OKABE_ITO["sky_blue"],
                "invalid": "break-paths-show-domains",
            },
            "autosize": {"contains": "padding", "type": "fit-x"},
            "encoding": {
                "tooltip": tooltips(shown),
                "x": field(
                    "date", "temporal", scale={"padding": EDGE_PADDING}, title=shown[0].title
                ),
                "x2": {"field": "period_end"},
                "y": field(
                    "sitting_hours",
                    "quantitative",
                    scale={"zero": True},
                    title=with_units(SITTING_TITLE, display),
                ),
                "y2": {"datum": 0},
            },
            "height": OVERVIEW_HEIGHT,
            "transform": calculate(readable_numbers(shown)),
            "width": "container",
        },
        data,
    )
    caption = "Bars are hours sitting, on the same dates as the pain above." + period_caption(
        display
    )
    return ChartWithCaption(chart, caption, as_table(frame.dropna(), shown))


# Calendar
# --------------------------------------------------------------------------------------------

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def pain_calendar(daily: pd.DataFrame | Days) -> ChartWithCaption:
    """Pain as a calendar: the days of the week across and one row per week, as a phone's
    calendar shows a month, for up to a year; months across and years down beyond. Each box
    holds its number as well as its colour; unlogged days (or months) are grey and empty,
    never a colour that reads as a score."""
    shared = days_of(daily)
    if not shared.has_pain:
        return ChartWithCaption(None, NO_DAYS)
    days = shared.prepared
    if span_days(days["date"]) <= CALENDAR_DAILY_MAX_DAYS:
        frame = pd.DataFrame(
            {
                "date": days["date"],
                "week": week_starts(days["date"]),
                "weekday": [_WEEKDAYS[d] for d in days["date"].dt.day_of_week],
                "pain": days["pain"],
            }
        )
        x = field(
            "weekday",
            "ordinal",
            axis={"orient": "top", "labelAngle": 0},
            sort=list(_WEEKDAYS),
            title=None,
        )
        y = field(
            "week",
            "ordinal",
            axis={"format": "%d %b %Y"},
            timeUnit="yearmonthdate",
            title="Week starting",
        )
        shown = [Shown("date", "Date", "%a %d %b %Y", kind="T"), Shown("pain", PAIN_TITLE, ".0f")]
        rows = frame["week"].nunique()
        caption = (
            "Each box is a day, with its pain as a number and a colour (darker is worse); "
            "grey boxes without a number are days not logged."
        )
    else:
        frame = (
            days.assign(year=days["date"].dt.year, month_number=days["date"].dt.month)
            .groupby(["year", "month_number"], as_index=False)
            .agg(pain=("pain", "mean"), days_logged=("logged", "sum"))
            .pipe(lambda f: f.assign(month=[_MONTHS[m - 1] for m in f["month_number"]]))
            .drop(columns="month_number")
        )
        x = field(
            "month",
            "ordinal",
            axis={"orient": "top", "labelAngle": 0},
            sort=list(_MONTHS),
            title=None,
        )
        y = field("year", "ordinal", title="Year")
        shown = [
            Shown("year", "Year", kind="N"),
            Shown("month", "Month", kind="N"),
            Shown("pain", "Mean pain (0-10)", ".1f"),
            Shown("days_logged", "Days logged", ".0f"),
        ]
        rows = frame["year"].nunique()
        caption = (
            "Your journal spans more than a year, so each box is a month, with its mean pain as "
            "a number and a colour (darker is worse); grey boxes are months with no days logged."
        )
    data = dataset(frame)
    numbers = calculate(readable_numbers(shown))
    tooltip = tooltips(shown)
    scored = [*numbers, {"filter": "isValid(datum.pain)"}]
    background = {
        "mark": {"type": "rect", "color": EMPTY_DAY_COLOUR, "stroke": "white", "strokeWidth": 1},
        "encoding": {"tooltip": tooltip, "x": x, "y": y},
        "transform": numbers,
    }
    colour = field(
        "pain",
        "quantitative",
        legend=None,
        scale={"scheme": PAIN_COLOUR_SCHEME, "domain": [0, 10]},
        title=PAIN_TITLE,
    )
    scores = {
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
        "encoding": {"color": colour, "tooltip": tooltip, "x": x, "y": y},
        "transform": scored,
    }
    # Dark text on the light boxes, white on the dark ones (from 8 up), each about 4.5:1 or more.
    text_colour = {
        "condition": {"test": f"datum.pain >= {DARK_BOX_FROM}", "value": "white"},
        "value": OKABE_ITO["black"],
    }
    numbers_layer = {
        "mark": {"type": "text", "fontSize": 11},
        "encoding": {
            "color": text_colour,
            "text": field("pain_text", "nominal"),
            "tooltip": tooltip,
            "x": x,
            "y": y,
        },
        "transform": scored,
    }
    # Fit the width only: the height is one row per week (or year), however long the labels.
    chart = top_level(
        {
            "layer": [background, scores, numbers_layer],
            "autosize": {"contains": "padding", "type": "fit-x"},
            "data": data.ref,
            "height": max(2, rows) * CALENDAR_ROW_HEIGHT,
            "width": "container",
        },
        data,
    )
    return ChartWithCaption(chart, caption, as_table(frame, shown))
