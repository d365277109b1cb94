"""Charts of pain over time: the timeline (pain, its 7-day average, exercise days, hours
sitting) and the calendar heat map. Every chart returns a ``ChartWithCaption``; with nothing
honest to draw, ``chart`` is None and the caption says why and what is needed."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from lumbarlog.analysis.charts.base import (
    CHART_HEIGHT,
    EMPTY_DAY_COLOUR,
    NO_DAYS,
    OKABE_ITO,
    OVERVIEW_HEIGHT,
    PAIN_COLOUR_SCHEME,
    PAIN_TITLE,
    SITTING_TITLE,
    TIMELINE_HEIGHT,
    ChartWithCaption,
    as_datetime,
    for_display,
    granularity_for_span,
    has_pain,
    period_caption,
    prepared_days,
    span_days,
    with_units,
)
from lumbarlog.domain.week import week_starts

# Pain over time
# --------------------------------------------------------------------------------------------


def pain_timeline(
    daily: pd.DataFrame, exercise_names: Mapping[str, str] | None = None
) -> ChartWithCaption:
    """Pain dots, the 7-day average and exercise days above; hours sitting as bars below.

    Dragging across the lower panel zooms the upper one. Unlogged days stay gaps.
    """
    if not has_pain(daily):
        return ChartWithCaption(None, NO_DAYS)
    display = for_display(daily, exercise_names)
    daily_view = display.granularity == "day"
    columns = ["date", "period_end", "pain", "rolling_pain", "sitting_hours", "day_kind"]
    columns += ["exercises"] if daily_view else ["days_logged", "days_exercised"]
    frame = display.frame[columns]

    brush = alt.selection_interval(encodings=["x"], name="timeline_range")
    date_title = "Date" if daily_view else f"{display.granularity.title()} starting"
    pain_title = with_units(PAIN_TITLE, display)
    kinds = (
        ["Exercise day", "Rest day"]
        if daily_view
        else ["Exercise on half the days or more", "Exercise on fewer days"]
    )
    tooltip = [
        alt.Tooltip("date:T", title=date_title, format="%a %d %b %Y"),
        alt.Tooltip("pain:Q", title=pain_title, format=".1f"),
        alt.Tooltip("rolling_pain:Q", title="7-day average pain", format=".1f"),
        alt.Tooltip("sitting_hours:Q", title=with_units(SITTING_TITLE, display), format=".2f"),
    ]
    tooltip += (
        [alt.Tooltip("exercises:N", title="Exercises")]
        if daily_view
        else [
            alt.Tooltip("days_logged:Q", title="Days logged"),
            alt.Tooltip("days_exercised:Q", title="Days with exercise"),
        ]
    )

    base = alt.Chart(frame)
    zoomed_x = alt.X("date:T", title=None).scale(domain=brush)
    pain_y = alt.Y("pain:Q", title=pain_title).scale(domain=[0, 10])
    points = (
        base.mark_point(filled=True, size=55, opacity=0.9, clip=True)
        .encode(
            x=zoomed_x,
            y=pain_y,
            color=alt.Color("day_kind:N", title=None)
            .scale(domain=kinds, range=[OKABE_ITO["blue"], OKABE_ITO["orange"]])
            .legend(orient="top"),
            shape=alt.Shape("day_kind:N", title=None)
            .scale(domain=kinds, range=["triangle-up", "circle"])
            .legend(orient="top"),
            tooltip=tooltip,
        )
        .transform_filter("isValid(datum.pain)")
    )
    # Breaking the path at missing values keeps a gap where there are too few days.
    average = base.mark_line(
        color=OKABE_ITO["black"], strokeWidth=2, invalid="break-paths-filter-domains", clip=True
    ).encode(x=zoomed_x, y="rolling_pain:Q", tooltip=tooltip)
    upper = alt.layer(average, points).properties(width="container", height=TIMELINE_HEIGHT)

    lower = (
        # Out of the accessibility tree: with no hours sitting recorded the panel has no bars,
        # and an empty mark group with a role but no name is all a screen reader would meet.
        # The caption (the chart's text alternative) says what the bars are.
        base.mark_bar(color=OKABE_ITO["sky_blue"], aria=False)
        .encode(
            # A fixed domain keeps the overview (and its brush) whole even when no day has
            # hours sitting, since bars without a value are left out of the data's extent.
            x=alt.X("date:T", title=date_title).scale(
                domain=[as_datetime(frame["date"].min()), as_datetime(frame["period_end"].max())]
            ),
            x2="period_end:T",
            y=alt.Y("sitting_hours:Q", title=with_units(SITTING_TITLE, display)),
            tooltip=tooltip,
        )
        .add_params(brush)
        .properties(width="container", height=OVERVIEW_HEIGHT)
    )
    caption = (
        "Dots are pain on logged days (triangles: exercise days); the line is the 7-day "
        "average; bars below are hours sitting. Drag across the bars to zoom; double-click "
        "to reset." + period_caption(display)
    )
    return ChartWithCaption(alt.vconcat(upper, lower, spacing=8), caption)


# Calendar
# --------------------------------------------------------------------------------------------

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def pain_calendar(daily: pd.DataFrame) -> ChartWithCaption:
    """Pain as a calendar heat map: weeks by weekday for up to two years, months by year
    beyond. Unlogged days (or months) are grey boxes, never a colour that reads as a score."""
    if not has_pain(daily):
        return ChartWithCaption(None, NO_DAYS)
    days = prepared_days(daily)
    colour = (
        alt.Color("pain:Q", title=PAIN_TITLE)
        .scale(scheme=PAIN_COLOUR_SCHEME, domain=[0, 10])
        .legend(orient="right")
    )
    if granularity_for_span(span_days(days["date"])) == "day":
        frame = pd.DataFrame(
            {
                "date": days["date"],
                "week": week_starts(days["date"]),
                "weekday": [_WEEKDAYS[d] for d in days["date"].dt.day_of_week],
                "pain": days["pain"],
            }
        )
        x = alt.X("week:O", timeUnit="yearmonthdate", title="Week starting").axis(
            format="%d %b", labelOverlap=True, labelAngle=-45
        )
        y = alt.Y("weekday:O", title="Day of the week", sort=list(_WEEKDAYS))
        tooltip = [
            alt.Tooltip("date:T", title="Date", format="%a %d %b %Y"),
            alt.Tooltip("pain:Q", title=PAIN_TITLE),
        ]
        caption = (
            "Each box is a day, coloured by pain (darker is worse); grey boxes are days not logged."
        )
    else:
        frame = (
            days.assign(year=days["date"].dt.year, month_number=days["date"].dt.month)
            .groupby(["year", "month_number"], as_index=False)
            .agg(pain=("pain", "mean"), days_logged=("logged", "sum"))
            .pipe(lambda f: f.assign(month=[_MONTHS[m - 1] for m in f["month_number"]]))
            .drop(columns="month_number")
        )
        x = alt.X("month:O", title="Month", sort=list(_MONTHS)).axis(labelAngle=0)
        y = alt.Y("year:O", title="Year").axis(labelOverlap=True)
        tooltip = [
            alt.Tooltip("year:O", title="Year"),
            alt.Tooltip("month:O", title="Month"),
            alt.Tooltip("pain:Q", title="Mean pain (0-10)", format=".1f"),
            alt.Tooltip("days_logged:Q", title="Days logged"),
        ]
        caption = (
            "Your journal spans more than two years, so each box is a month, coloured by its mean "
            "pain (darker is worse); grey boxes are months with no days logged."
        )
    base = alt.Chart(frame).encode(x=x, y=y, tooltip=tooltip)
    background = base.mark_rect(color=EMPTY_DAY_COLOUR, stroke="white", strokeWidth=1)
    scores = base.mark_rect(stroke="white", strokeWidth=1).encode(color=colour)
    scores = scores.transform_filter("isValid(datum.pain)")
    chart = alt.layer(background, scores).properties(width="container", height=CHART_HEIGHT)
    return ChartWithCaption(chart, caption)
