"""The chart of routine sessions: pain rated before and after each, joined by a line."""

from __future__ import annotations

import altair as alt
import pandas as pd

from lumbarlog.analysis.charts.base import (
    CHART_HEIGHT,
    GRANULARITY_WORDS,
    MAX_RAW_POINTS,
    OKABE_ITO,
    PAIN_TITLE,
    ChartWithCaption,
    Granularity,
    granularity_for_span,
    span_days,
)
from lumbarlog.analysis.daily import period_start

# Routine sessions
# --------------------------------------------------------------------------------------------

_WHEN = ("Before", "After")


def session_before_after(sessions: pd.DataFrame) -> ChartWithCaption:
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
        tooltip_time = alt.Tooltip("start:T", title="Started", format="%a %d %b %Y %H:%M")
        tooltip_what = alt.Tooltip("routine_id:N", title="Routine")
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
        tooltip_time = alt.Tooltip("start:T", title=time_title, format="%d %b %Y")
        tooltip_what = alt.Tooltip("sessions:Q", title="Sessions")
        y_title = f"{PAIN_TITLE}, {GRANULARITY_WORDS[granularity]}"
    tooltip = [
        tooltip_time,
        tooltip_what,
        alt.Tooltip("pain_before:Q", title="Pain before", format=".1f"),
        alt.Tooltip("pain_after:Q", title="Pain after", format=".1f"),
    ]
    base = alt.Chart(frame).encode(x=alt.X("start:T", title=time_title))
    joins = base.mark_rule(color=OKABE_ITO["grey"], strokeWidth=2).encode(
        y=alt.Y("pain_before:Q", title=y_title).scale(domain=[0, 10]),
        y2="pain_after:Q",
        tooltip=tooltip,
    )
    ends = (
        base.transform_fold(["pain_before", "pain_after"], as_=["when", "pain"])
        .transform_calculate(when="datum.when == 'pain_before' ? 'Before' : 'After'")
        .transform_filter("isValid(datum.pain)")
        .mark_point(filled=True, size=70, opacity=0.9)
        .encode(
            y=alt.Y("pain:Q", title=y_title).scale(domain=[0, 10]),
            color=alt.Color("when:N", title=None)
            .scale(domain=list(_WHEN), range=[OKABE_ITO["orange"], OKABE_ITO["blue"]])
            .legend(orient="top"),
            shape=alt.Shape("when:N", title=None)
            .scale(domain=list(_WHEN), range=["circle", "diamond"])
            .legend(orient="top"),
            tooltip=tooltip,
        )
    )
    chart = alt.layer(joins, ends).properties(width="container", height=CHART_HEIGHT)
    caption = "Pain before (orange circles) and after (blue diamonds) each routine" + (
        " session."
        if granularity == "day"
        else f"; there are many sessions, so each pair is a {granularity}'s mean."
    )
    return ChartWithCaption(chart, caption)
