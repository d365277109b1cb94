"""The chart of routine sessions: pain rated before and after each, joined by a line."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from lumbarlog.analysis.charts.base import (
    CHART_HEIGHT,
    EDGE_PADDING,
    GRANULARITY_WORDS,
    MAX_RAW_POINTS,
    OKABE_ITO,
    PAIN_TITLE,
    ChartWithCaption,
    Granularity,
    Shown,
    as_datetime,
    as_table,
    granularity_for_span,
    readable_numbers,
    span_days,
    tooltips,
)
from lumbarlog.analysis.charts.vega import calculate, dataset, field, top_level
from lumbarlog.analysis.daily import period_start

# Routine sessions
# --------------------------------------------------------------------------------------------

_WHEN = ("Before", "After")
SHORT_SPAN_DAYS = 8  # up to a week of sessions: one tick a day


def session_before_after(
    sessions: pd.DataFrame, routine_names: Mapping[str, str] | None = None
) -> ChartWithCaption:
    """Pain before and after each routine session, joined by a line (a dumbbell chart).

    With many sessions, sessions are averaged per week (or month) so the chart stays quick.
    """
    rated = (
        sessions[["start", "routine_id", "pain_before", "pain_after"]]
        .astype({"pain_before": "float64", "pain_after": "float64"})
        .pipe(lambda f: f[f["pain_before"].notna() | f["pain_after"].notna()])
        if sessions is not None and not sessions.empty
        else pd.DataFrame()
    )
    if rated.empty:
        return ChartWithCaption(
            None,
            "No routine sessions with a pain rating yet: rate your pain before and after a "
            "routine to see this chart.",
        )
    rated = rated.assign(start=pd.to_datetime(rated["start"]).astype("datetime64[ns]"))
    if len(rated) <= MAX_RAW_POINTS:
        granularity: Granularity = "day"
        frame = rated.assign(sessions=1)
        time_title = "Session start"
        names = routine_names or {}
        frame = frame.assign(routine=[names.get(i, i) for i in frame["routine_id"]])
        shown_time = Shown("start", "Started", "%a %d %b %Y %H:%M", kind="T")
        shown_what = Shown("routine", "Routine", kind="N")
        y_title = PAIN_TITLE
    else:
        # Too many sessions for one dumbbell each: average per week at least.
        long_span = granularity_for_span(span_days(rated["start"])) == "month"
        granularity = "month" if long_span else "week"
        frame = (
            rated.groupby(period_start(rated["start"], granularity).rename("start"))
            .agg(
                pain_before=("pain_before", "mean"),
                pain_after=("pain_after", "mean"),
                sessions=("routine_id", "size"),
            )
            .round(2)
            .reset_index()
        )
        time_title = f"{granularity.title()} starting"
        shown_time = Shown("start", time_title, "%d %b %Y", kind="T")
        shown_what = Shown("sessions", "Sessions", ".0f")
        y_title = f"{PAIN_TITLE}, {GRANULARITY_WORDS[granularity]}"
    shown = [
        shown_time,
        shown_what,
        Shown("pain_before", "Pain before", ".1f"),
        Shown("pain_after", "Pain after", ".1f"),
    ]
    tooltip = tooltips(shown)
    # Dates on the axis, never times of day: with sessions on one or two days, the automatic
    # ticks would fall every few minutes (":30 :35 :40").
    span = span_days(frame["start"])
    axis = (
        {"format": "%d %b", "tickCount": {"interval": "day", "step": 1}}
        if span < SHORT_SPAN_DAYS
        else {"format": "%d %b"}
    )
    day = pd.Timedelta(days=1)
    domain = [
        as_datetime(frame["start"].min().normalize()),
        as_datetime(frame["start"].max().normalize() + day),
    ]
    data = dataset(frame)
    numbers = calculate(readable_numbers(shown))
    pain_scale = {"domain": [0, 10], "padding": EDGE_PADDING}
    joins = {
        "mark": {"type": "rule", "color": OKABE_ITO["grey"], "strokeWidth": 2},
        "encoding": {
            "tooltip": tooltip,
            "y": field("pain_before", "quantitative", scale=pain_scale, title=y_title),
            "y2": {"field": "pain_after"},
        },
        "transform": numbers,
    }
    ends = {
        "mark": {"type": "point", "filled": True, "opacity": 0.9, "size": 70},
        "encoding": {
            "color": field(
                "when",
                "nominal",
                legend={"orient": "top"},
                scale={"domain": list(_WHEN), "range": [OKABE_ITO["orange"], OKABE_ITO["blue"]]},
                title=None,
            ),
            "shape": field(
                "when",
                "nominal",
                legend={"orient": "top"},
                scale={"domain": list(_WHEN), "range": ["circle", "diamond"]},
                title=None,
            ),
            "tooltip": tooltip,
            "y": field("pain", "quantitative", scale=pain_scale, title=y_title),
        },
        "transform": [
            *numbers,
            {"fold": ["pain_before", "pain_after"], "as": ["when", "pain"]},
            {"calculate": "datum.when == 'pain_before' ? 'Before' : 'After'", "as": "when"},
            {"filter": "isValid(datum.pain)"},
        ],
    }
    # The date axis is set once, for both layers.
    x = field(
        "start",
        "temporal",
        axis=axis,
        scale={"domain": domain, "padding": EDGE_PADDING},
        title=time_title,
    )
    chart = top_level(
        {
            "layer": [joins, ends],
            "data": data.ref,
            "encoding": {"x": x},
            "height": CHART_HEIGHT,
            "width": "container",
        },
        data,
    )
    caption = "Pain before (orange circles) and after (blue diamonds) each routine" + (
        " session."
        if granularity == "day"
        else f"; there are many sessions, so each pair is a {granularity}'s mean."
    )
    return ChartWithCaption(chart, caption, as_table(frame, shown))
