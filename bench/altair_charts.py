"""The Trends charts as Altair built them before they were written as Vega-Lite specs (commit
afd7293), kept only as the benchmark's baseline and to check that the specs are the same: the
app never imports this file.

The builders below (the Trends charts and the report's pain by week) are the old ones word
for word; ``tooltips`` and ``as_datetime`` are the old
helpers that returned Altair objects.
"""

# ruff: noqa
# mypy: ignore-errors

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa

from lumbarlog.analysis.charts.base import (
    CHART_HEIGHT,
    EDGE_PADDING,
    EMPTY_DAY_COLOUR,
    GRANULARITY_WORDS,
    MAX_RAW_POINTS,
    NO_DAYS,
    OKABE_ITO,
    OVERVIEW_HEIGHT,
    PAIN_COLOUR_SCHEME,
    PAIN_TITLE,
    SITTING_TITLE,
    TIMELINE_HEIGHT,
    DisplayData,
    Granularity,
    Shown,
    as_table,
    for_display,
    granularity_for_span,
    has_pain,
    period_caption,
    prepared_days,
    readable_numbers,
    span_days,
    with_units,
)
from lumbarlog.analysis.daily import period_start
from lumbarlog.analysis.results import ExerciseEffect, Flare
from lumbarlog.domain.week import week_starts


@dataclass(frozen=True)
class ChartWithCaption:
    chart: alt.TopLevelMixin | None
    caption: str
    table: pd.DataFrame | None = None


def tooltips(shown: Sequence[Shown]) -> list[alt.Tooltip]:
    return [
        alt.Tooltip(f"{item.text_field}:N", title=item.title)
        if item.kind == "Q"
        else alt.Tooltip(f"{item.field}:{item.kind}", title=item.title, format=item.format)
        if item.format
        else alt.Tooltip(f"{item.field}:{item.kind}", title=item.title)
        for item in shown
    ]


def as_datetime(moment: pd.Timestamp) -> alt.DateTime:
    return alt.DateTime(year=moment.year, month=moment.month, date=moment.day)


def finished_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """As trends_view.finished_spec did: the spec unchecked, its datasets as Arrow bytes."""
    spec: dict[str, Any] = chart.to_dict(validate=False)
    if "datasets" in spec:
        spec["datasets"] = {name: _arrow(rows) for name, rows in spec["datasets"].items()}
    return spec


def _arrow(rows: list[dict[str, Any]]) -> bytes:
    table = pa.Table.from_pandas(pd.DataFrame(rows), preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


# ---- lumbarlog/analysis/charts/pain.py, as it was ----------------------------------------

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


def _shared_x(frame: pd.DataFrame, title: str | None) -> alt.X:
    """The date axis both timeline charts share, from the first day to the end of the last,
    so a day sits at the same place in both; padded so the first and last dots are whole."""
    domain = [as_datetime(frame["date"].min()), as_datetime(frame["period_end"].max())]
    return alt.X("date:T", title=title).scale(domain=domain, padding=EDGE_PADDING)


def pain_timeline(
    daily: pd.DataFrame, exercise_names: Mapping[str, str] | None = None
) -> ChartWithCaption:
    """Pain dots, the 7-day average and which days had exercise. Unlogged days stay gaps.

    One layered view, sized to its column: a phone shows every day, the latest included.
    Hours sitting are a chart of their own (``sitting_timeline``) on the same dates.
    """
    if not has_pain(daily):
        return ChartWithCaption(None, NO_DAYS)
    display = for_display(daily, exercise_names)
    daily_view = display.granularity == "day"
    shown = _timeline_shown(display)
    frame = display.frame[["period_end", "day_kind", *(item.field for item in shown)]]
    kinds = (
        ["Exercise day", "Rest day"]
        if daily_view
        else ["Exercise on half the days or more", "Exercise on fewer days"]
    )
    base = alt.Chart(frame).transform_calculate(**readable_numbers(shown))
    x = _shared_x(frame, None)
    pain_y = alt.Y("pain:Q", title=with_units(PAIN_TITLE, display)).scale(
        domain=[0, 10], padding=EDGE_PADDING
    )
    points = (
        base.mark_point(filled=True, size=55, opacity=0.9)
        .encode(
            y=pain_y,
            color=alt.Color("day_kind:N", title=None)
            .scale(domain=kinds, range=[OKABE_ITO["blue"], OKABE_ITO["orange"]])
            .legend(orient="top"),
            shape=alt.Shape("day_kind:N", title=None)
            .scale(domain=kinds, range=["triangle-up", "circle"])
            .legend(orient="top"),
            tooltip=tooltips(shown),
        )
        .transform_filter("isValid(datum.pain)")
    )
    # Breaking the path at missing values keeps a gap where there are too few days.
    average = base.mark_line(
        color=OKABE_ITO["black"], strokeWidth=2, invalid="break-paths-filter-domains"
    ).encode(y="rolling_pain:Q", tooltip=tooltips(shown))
    # The date axis is set once, for both layers.
    chart = (
        alt.layer(average, points).encode(x=x).properties(width="container", height=TIMELINE_HEIGHT)
    )
    caption = (
        "Dots are pain on logged days (triangles: exercise days); the line is the 7-day "
        "average. To look closer, choose a shorter period or dates above." + period_caption(display)
    )
    return ChartWithCaption(chart, caption, as_table(frame, shown))


def sitting_timeline(daily: pd.DataFrame) -> ChartWithCaption:
    """Hours sitting per day (or week, or month) as bars, on the pain timeline's dates."""
    if not has_pain(daily):
        return ChartWithCaption(None, NO_DAYS)
    display = for_display(daily)
    frame = display.frame[["date", "period_end", "sitting_hours"]]
    if frame["sitting_hours"].isna().all():
        return ChartWithCaption(
            None, "No hours sitting recorded in this period: add them when you log a day."
        )
    shown = [item for item in _timeline_shown(display) if item.field in frame.columns]
    base = alt.Chart(frame).transform_calculate(**readable_numbers(shown))
    x = alt.X("date:T", title=shown[0].title).scale(padding=EDGE_PADDING)
    # Days without hours still span the axis ("show-domains"), so each day sits under its pain
    # dot. (An explicit domain, as the pain chart has, makes Vega-Lite warn beside x2.)
    chart = (
        base.mark_bar(color=OKABE_ITO["sky_blue"], invalid="break-paths-show-domains")
        .encode(
            x=x,
            x2="period_end:T",
            y=alt.Y("sitting_hours:Q", title=with_units(SITTING_TITLE, display)).scale(zero=True),
            y2=alt.datum(0),
            tooltip=tooltips(shown),
        )
        .properties(
            width="container",
            height=OVERVIEW_HEIGHT,
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
    )
    caption = "Bars are hours sitting, on the same dates as the pain above." + period_caption(
        display
    )
    return ChartWithCaption(chart, caption, as_table(frame.dropna(), shown))


# Calendar
# --------------------------------------------------------------------------------------------

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def pain_calendar(daily: pd.DataFrame) -> ChartWithCaption:
    """Pain as a calendar: the days of the week across and one row per week, as a phone's
    calendar shows a month, for up to a year; months across and years down beyond. Each box
    holds its number as well as its colour; unlogged days (or months) are grey and empty,
    never a colour that reads as a score."""
    if not has_pain(daily):
        return ChartWithCaption(None, NO_DAYS)
    days = prepared_days(daily)
    if span_days(days["date"]) <= CALENDAR_DAILY_MAX_DAYS:
        frame = pd.DataFrame(
            {
                "date": days["date"],
                "week": week_starts(days["date"]),
                "weekday": [_WEEKDAYS[d] for d in days["date"].dt.day_of_week],
                "pain": days["pain"],
            }
        )
        x = alt.X("weekday:O", title=None, sort=list(_WEEKDAYS)).axis(orient="top", labelAngle=0)
        y = alt.Y("week:O", timeUnit="yearmonthdate", title="Week starting").axis(format="%d %b %Y")
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
        x = alt.X("month:O", title=None, sort=list(_MONTHS)).axis(orient="top", labelAngle=0)
        y = alt.Y("year:O", title="Year")
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
    base = (
        alt.Chart(frame)
        .transform_calculate(**readable_numbers(shown))
        .encode(x=x, y=y, tooltip=tooltips(shown))
    )
    background = base.mark_rect(color=EMPTY_DAY_COLOUR, stroke="white", strokeWidth=1)
    scored = base.transform_filter("isValid(datum.pain)")
    colour = alt.Color("pain:Q", title=PAIN_TITLE, legend=None).scale(
        scheme=PAIN_COLOUR_SCHEME, domain=[0, 10]
    )
    scores = scored.mark_rect(stroke="white", strokeWidth=1).encode(color=colour)
    # Dark text on the light boxes, white on the dark ones (from 8 up), each about 4.5:1 or more.
    numbers = scored.mark_text(fontSize=11).encode(
        text="pain_text:N",
        color=alt.condition(
            f"datum.pain >= {DARK_BOX_FROM}", alt.value("white"), alt.value(OKABE_ITO["black"])
        ),
    )
    # Fit the width only: the height is one row per week (or year), however long the labels.
    chart = alt.layer(background, scores, numbers).properties(
        width="container",
        height=max(2, rows) * CALENDAR_ROW_HEIGHT,
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )
    return ChartWithCaption(chart, caption, as_table(frame, shown))


# ---- lumbarlog/analysis/charts/associations.py, as it was ----------------------------------------

EXERCISE_GROUP = "After exercise days"
REST_GROUP = "After rest days"
CLEAR_LABEL = "Clear: range leaves out zero"
EFFECT_ROW_HEIGHT = 46  # a name above, its range below
LINE_HEIGHT = 15  # each further line of a long name
NAME_LINE_CHARS = 44  # what fits a phone's chart at 12 px
UNCLEAR_LABEL = "Not clear"


# Pain and sitting
# --------------------------------------------------------------------------------------------


def pain_vs_sitting(daily: pd.DataFrame) -> ChartWithCaption:
    """Hours sitting on a day against pain the next day, as dots only.

    No fitted line: a straight line through these dots ignores how much it hurt that day
    (people sit more on bad days, and bad days are followed by bad days), so it would show a
    slope more certain than the finding beside the chart, which allows for that.
    """
    if not has_pain(daily):
        return ChartWithCaption(None, NO_DAYS)
    display = for_display(daily)
    pairs = display.frame[["date", "sitting_hours", "next_day_pain"]].dropna()
    if pairs.empty:
        return ChartWithCaption(
            None,
            "No day yet has both hours sitting and a pain score the next day: record hours "
            "sitting to see this chart.",
        )
    x_title = with_units(SITTING_TITLE, display)
    y_title = with_units("Pain the next day (0-10)", display)
    date_title = "Day" if display.granularity == "day" else f"{display.granularity.title()} of"
    shown = [
        Shown("date", date_title, "%a %d %b %Y", kind="T"),
        Shown("sitting_hours", x_title, ".2f"),
        Shown("next_day_pain", y_title, ".1f"),
    ]
    chart = (
        alt.Chart(pairs)
        .transform_calculate(**readable_numbers(shown))
        .mark_circle(size=70, opacity=0.35, color=OKABE_ITO["blue"])
        .encode(
            x=alt.X("sitting_hours:Q", title=x_title).scale(zero=True, padding=EDGE_PADDING),
            y=alt.Y("next_day_pain:Q", title=y_title).scale(domain=[0, 10], padding=EDGE_PADDING),
            tooltip=tooltips(shown),
        )
        .properties(width="container", height=CHART_HEIGHT)
    )
    caption = (
        "Each dot is a day: hours sitting, and pain the day after (darker where dots overlap). "
        "There is no fitted line on purpose: the dots do not allow for how much it hurt that "
        "day; the sentence beside the chart does." + period_caption(display)
    )
    return ChartWithCaption(chart, caption, as_table(pairs, shown))


@dataclass(frozen=True)
class _GroupSummary:
    group: str
    n: int
    mean: float


def _summarise(group: str, values: pd.Series) -> _GroupSummary:
    """The plain average of a group. Its uncertainty is not computed here: the page's finding
    (lumbarlog/analysis/links.py) gives the likely range, allowing for the day's pain and the
    rest."""
    n = len(values)
    return _GroupSummary(group, n, float(values.mean()) if n else float("nan"))


def next_day_pain(daily: pd.DataFrame) -> ChartWithCaption:
    """Pain on the day after exercise days and after rest days: plain averages, and each day
    as a dot while there are few enough to draw. No interval: the finding beside the chart
    gives the likely range from lumbarlog/analysis/links.py, which allows for the day's pain."""
    if not has_pain(daily):
        return ChartWithCaption(None, NO_DAYS)
    days = prepared_days(daily)
    pairs = days[days["exercised"].notna() & days["next_day_pain"].notna()]
    groups = {
        EXERCISE_GROUP: pairs.loc[pairs["exercised"].astype(bool), "next_day_pain"],
        REST_GROUP: pairs.loc[~pairs["exercised"].astype(bool), "next_day_pain"],
    }
    summaries = [_summarise(name, values) for name, values in groups.items()]
    if all(s.n == 0 for s in summaries):
        return ChartWithCaption(
            None,
            "No pairs of back-to-back logged days yet: this chart compares pain on the day "
            "after exercise with the day after rest.",
        )
    labels = {s.group: f"{s.group} (n = {s.n})" for s in summaries}
    order = list(labels.values())
    summary = pd.DataFrame(
        {
            "group": [labels[s.group] for s in summaries],
            "n": [s.n for s in summaries],
            "mean": [s.mean for s in summaries],
        }
    )
    # Full group labels carry n; never cut them short.
    x = alt.X("group:N", title="The day before", sort=order).axis(labelAngle=0, labelLimit=400)
    y_title = "Pain the next day (0-10)"
    colour = alt.Color("group:N", title=None, legend=None).scale(
        domain=order, range=[OKABE_ITO["blue"], OKABE_ITO["orange"]]
    )
    summary_shown = [
        Shown("group", "Group", kind="N"),
        Shown("n", "Days", ".0f"),
        Shown("mean", "Average pain the next day", ".1f"),
    ]
    summary_base = (
        alt.Chart(summary)
        .transform_calculate(**readable_numbers(summary_shown))
        .encode(x=x, tooltip=tooltips(summary_shown))
    )
    pain_y = alt.Scale(domain=[0, 10], padding=EDGE_PADDING)
    layers = []
    drew_days = len(pairs) <= MAX_RAW_POINTS
    if drew_days:
        dots = pd.DataFrame(
            {
                "date": pairs["date"],
                "group": np.where(
                    pairs["exercised"].astype(bool), labels[EXERCISE_GROUP], labels[REST_GROUP]
                ),
                "next_day_pain": pairs["next_day_pain"],
            }
        )
        dots_shown = [
            Shown("date", "Day before", "%a %d %b %Y", kind="T"),
            Shown("next_day_pain", y_title, ".0f"),
        ]
        layers.append(
            alt.Chart(dots)
            .transform_calculate(jitter="random() - 0.5", **readable_numbers(dots_shown))
            .mark_circle(size=35, opacity=0.3)
            .encode(
                x=x,
                xOffset=alt.XOffset("jitter:Q").scale(domain=[-1.5, 1.5]),
                y=alt.Y("next_day_pain:Q", title=y_title, scale=pain_y),
                color=colour,
                tooltip=tooltips(dots_shown),
            )
        )
    layers += [
        summary_base.mark_point(
            shape="diamond", filled=True, size=160, color=OKABE_ITO["black"]
        ).encode(y=alt.Y("mean:Q", title=y_title, scale=pain_y)),
    ]
    chart = alt.layer(*layers).properties(width="container", height=CHART_HEIGHT)
    caption = (
        "Diamonds are the plain average pain on the next day"
        + ("; faint dots are single days." if drew_days else ".")
        + " They do not allow for how much it hurt the day before (people skip exercise on "
        "bad days); the sentence beside the chart does, and gives the likely range."
    )
    return ChartWithCaption(chart, caption, as_table(summary, summary_shown))


# Per-exercise effects
# --------------------------------------------------------------------------------------------


def _names_above(exercises: pd.Series, lines: list[list[str]], y: alt.Y) -> list[alt.Chart]:
    """Each name's lines written above its row, the last line just above the range. Vega
    draws further lines of one text below its first, so each line is a text of its own, lifted
    by how many lines follow it; each is limited to the plot's width, since a longer line would
    make the chart shrink the plot to fit it."""
    rows = pd.DataFrame(
        [
            {"exercise": name, "line": text, "above": len(each) - 1 - index}
            for name, each in zip(exercises, lines, strict=True)
            for index, text in enumerate(each)
        ]
    )
    return [
        alt.Chart(rows[rows["above"] == above])
        .mark_text(
            align="left",
            baseline="bottom",
            dy=-7 - LINE_HEIGHT * above,
            fontSize=12,
            limit=alt.ExprRef("width"),
        )
        .encode(x=alt.value(0), y=y, text="line:N")
        for above in sorted(rows["above"].unique())
    ]


def exercise_effects(effects: Sequence[ExerciseEffect]) -> ChartWithCaption:
    """Each exercise's difference in next-day pain (done minus not done) with its likely range:
    the findings themselves (lumbarlog/analysis/links.py), so every bar is the range the
    sentence gives and judges by (widened for the number compared). Exercises without enough
    days are left out.

    Filled dots mark the findings that are clear (the range leaves out zero); hollow ones are
    "about the same" or "can't tell yet".
    """
    tested = [effect for effect in effects if effect.enough]
    if not tested:
        return ChartWithCaption(
            None,
            "No exercise has been done (and skipped) on enough logged days yet to compare.",
        )
    frame = pd.DataFrame(
        {
            "exercise": [effect.name for effect in tested],
            "difference": np.array([effect.difference for effect in tested], dtype="float64"),
            "ci_low": np.array([effect.ci_low for effect in tested], dtype="float64"),
            "ci_high": np.array([effect.ci_high for effect in tested], dtype="float64"),
            "n_done": np.array([effect.n_done for effect in tested], dtype="int64"),
            "n_not": np.array([effect.n_not for effect in tested], dtype="int64"),
            "finding": [CLEAR_LABEL if effect.claimed else UNCLEAR_LABEL for effect in tested],
        }
    ).sort_values("difference", kind="stable")
    findings = [CLEAR_LABEL, UNCLEAR_LABEL]
    x_title = "Next-day pain difference (points)"
    columns = [
        Shown("exercise", "Exercise", kind="N"),
        Shown("difference", "Difference (done - not done)", "+.1f"),
        Shown("ci_low", "Likely range from", "+.1f"),
        Shown("ci_high", "Likely range to", "+.1f"),
        Shown("n_done", "Days after doing it", ".0f"),
        Shown("n_not", "Days after not doing it", ".0f"),
        Shown("finding", "Finding", kind="N"),
    ]
    # Each exercise's name is written above its own row, across the whole width, rather than
    # as an axis label beside it: long names then fit a phone without being cut, and the
    # ranges keep the full width.
    y = alt.Y("exercise:N", title=None, sort=list(frame["exercise"]), axis=None)
    base = (
        alt.Chart(frame)
        .transform_calculate(**readable_numbers(columns))
        .encode(y=y, tooltip=tooltips(columns))
    )
    zero = (
        alt.Chart(pd.DataFrame({"difference": [0.0]}))
        .mark_rule(color=OKABE_ITO["grey"], strokeDash=[4, 4])
        .encode(x="difference:Q")
    )
    # Long names are wrapped onto lines short enough for a phone, and limited to the plot's
    # width: a longer line would make the chart shrink the plot to fit it.
    lines = [textwrap.wrap(name, NAME_LINE_CHARS) or [name] for name in frame["exercise"]]
    names = _names_above(frame["exercise"], lines, y)
    interval = base.mark_rule(strokeWidth=2, color=OKABE_ITO["black"]).encode(
        x=alt.X("ci_low:Q", title=x_title).scale(padding=EDGE_PADDING), x2="ci_high:Q"
    )
    dots = base.mark_point(size=110, strokeWidth=2).encode(
        x=alt.X("difference:Q", title=x_title),
        color=alt.Color("finding:N", title=None)
        .scale(domain=findings, range=[OKABE_ITO["vermillion"], OKABE_ITO["grey"]])
        .legend(orient="bottom", direction="vertical"),
        fill=alt.Fill("finding:N", title=None)
        .scale(domain=findings, range=[OKABE_ITO["vermillion"], "white"])
        .legend(orient="bottom", direction="vertical"),
    )
    row = EFFECT_ROW_HEIGHT + LINE_HEIGHT * (max(len(each) for each in lines) - 1)
    height = max(2, len(frame)) * row
    # Fit the width only: fitting the height too squeezed the rows until their names overlapped.
    chart = alt.layer(zero, interval, dots, *names).properties(
        width="container",
        height=height,
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )
    caption = (
        "Left of the dashed line: pain was lower on days after doing the exercise than after "
        "days without it. Bars are the likely ranges the sentences use, widened for the number "
        "of exercises compared; filled dots are clear (the range leaves out zero). A pattern, "
        "not a proof of cause."
    )
    return ChartWithCaption(chart, caption, as_table(frame, columns))


# ---- lumbarlog/analysis/charts/routines.py, as it was ----------------------------------------

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
        alt.Axis(format="%d %b", tickCount=alt.TimeIntervalStep(interval="day", step=1))
        if span < SHORT_SPAN_DAYS
        else alt.Axis(format="%d %b")
    )
    day = pd.Timedelta(days=1)
    domain = [
        as_datetime(frame["start"].min().normalize()),
        as_datetime(frame["start"].max().normalize() + day),
    ]
    base = alt.Chart(frame).transform_calculate(**readable_numbers(shown))
    pain_scale = alt.Scale(domain=[0, 10], padding=EDGE_PADDING)
    joins = base.mark_rule(color=OKABE_ITO["grey"], strokeWidth=2).encode(
        y=alt.Y("pain_before:Q", title=y_title, scale=pain_scale),
        y2="pain_after:Q",
        tooltip=tooltip,
    )
    ends = (
        base.transform_fold(["pain_before", "pain_after"], as_=["when", "pain"])
        .transform_calculate(when="datum.when == 'pain_before' ? 'Before' : 'After'")
        .transform_filter("isValid(datum.pain)")
        .mark_point(filled=True, size=70, opacity=0.9)
        .encode(
            y=alt.Y("pain:Q", title=y_title, scale=pain_scale),
            color=alt.Color("when:N", title=None)
            .scale(domain=list(_WHEN), range=[OKABE_ITO["orange"], OKABE_ITO["blue"]])
            .legend(orient="top"),
            shape=alt.Shape("when:N", title=None)
            .scale(domain=list(_WHEN), range=["circle", "diamond"])
            .legend(orient="top"),
            tooltip=tooltip,
        )
    )
    # The date axis is set once, for both layers.
    chart = (
        alt.layer(joins, ends)
        .encode(
            x=alt.X("start:T", title=time_title, axis=axis).scale(
                domain=domain, padding=EDGE_PADDING
            )
        )
        .properties(width="container", height=CHART_HEIGHT)
    )
    caption = "Pain before (orange circles) and after (blue diamonds) each routine" + (
        " session."
        if granularity == "day"
        else f"; there are many sessions, so each pair is a {granularity}'s mean."
    )
    return ChartWithCaption(chart, caption, as_table(frame, shown))


# ---- lumbarlog/analysis/charts/by_week.py, as it was ----------------------------------------

Bin = Literal["week", "month"]
HEIGHT = 130
# Past about half a year, weeks are too many to read at a glance: months instead.
WEEKS_UP_TO_DAYS = 183
_ADJECTIVE = {"week": "Weekly", "month": "Monthly"}


def bin_for(days: int) -> Bin:
    return "week" if days <= WEEKS_UP_TO_DAYS else "month"


def pain_by_bin(daily: pd.DataFrame, by: Bin = "week") -> pd.DataFrame:
    """One row per week (Monday to Sunday) or calendar month with pain logged: its first day
    (``start``), the days logged, the mean, the worst pain and the (first) day it came."""
    pain = daily.loc[daily["logged"], ["date", "pain"]]
    columns = ["start", "logged", "mean", "worst", "worst_day"]
    if pain.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns})
    day = pain["date"].dt.normalize()
    if by == "week":
        first = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    else:
        first = day - pd.to_timedelta(day.dt.day - 1, unit="D")
    grouped = pain.groupby(first.rename("start"), sort=True)["pain"]
    frame = pd.DataFrame(
        {
            "logged": grouped.size(),
            "mean": grouped.mean(),
            "worst": grouped.max(),
            "worst_day": pain.loc[grouped.idxmax().to_numpy(), "date"].to_numpy(),
        }
    )
    return frame.reset_index()[columns]


def _shown(by: Bin) -> tuple[Shown, ...]:
    return (
        Shown("start", f"{by.title()} starting", "%a %d %b %Y", kind="T"),
        Shown("mean", "Mean pain (0-10)", ".1f"),
        Shown("worst", "Worst day's pain", ".0f"),
        Shown("worst_day", "Worst day", "%a %d %b %Y", kind="T"),
        Shown("logged", "Days logged", ".0f"),
    )


def pain_by_week(
    daily: pd.DataFrame, flares: Sequence[Flare] = (), by: Bin = "week"
) -> ChartWithCaption:
    """Each week's (or month's) mean pain, dots joined by a line; its worst day, a diamond;
    flares shaded."""
    bins = pain_by_bin(daily, by)
    if bins.empty:
        return ChartWithCaption(None, NO_DAYS)
    length = pd.DateOffset(weeks=1) if by == "week" else pd.DateOffset(months=1)
    # Each week or month drawn at its middle, so the flares' days fall under their own.
    middle = pd.Timedelta(days=3) if by == "week" else pd.Timedelta(days=14)
    bins = bins.assign(middle=bins["start"] + middle)
    domain = [as_datetime(bins["start"].min()), as_datetime(bins["start"].max() + length)]
    x = alt.X("middle:T", title=None).scale(domain=domain)
    y = alt.Y("value:Q", title=PAIN_TITLE).scale(domain=[0, 10], padding=EDGE_PADDING)
    mean, worst = f"{_ADJECTIVE[by]} mean", f"Worst day of the {by}"
    shown = _shown(by)
    # Both values of a bin in rows of their own ("key", "value"), every number kept for the
    # tooltip.
    base = (
        alt.Chart(bins)
        .transform_calculate(**readable_numbers(shown))
        .transform_fold(["mean", "worst"], as_=["key", "value"])
        .transform_calculate(what=f"datum.key == 'mean' ? '{mean}' : '{worst}'")
    )
    line = (
        base.transform_filter(alt.datum.key == "mean")
        .mark_line(color=OKABE_ITO["blue"], strokeWidth=1.5)
        .encode(y=y)
    )
    marks = base.mark_point(filled=True, size=30).encode(
        y=y,
        color=alt.Color("what:N", title=None)
        .scale(domain=[mean, worst], range=[OKABE_ITO["blue"], OKABE_ITO["vermillion"]])
        .legend(orient="top"),
        shape=alt.Shape("what:N", title=None)
        .scale(domain=[mean, worst], range=["circle", "diamond"])
        .legend(orient="top"),
        tooltip=tooltips(shown),
    )
    # The date axis is set once, for both layers (set per layer, Vega-Lite warns of two
    # domains).
    chart = alt.layer(line, marks).encode(x=x)
    if flares:
        spans = pd.DataFrame(
            {
                "start": [pd.Timestamp(f.start) for f in flares],
                "end": [pd.Timestamp(f.end) + pd.Timedelta(days=1) for f in flares],
            }
        )
        shade = (
            alt.Chart(spans)
            .mark_rect(color=OKABE_ITO["vermillion"], opacity=0.15)
            .encode(x="start:T", x2="end:T")  # on the weeks' scale: flares lie within it
        )
        chart = alt.layer(shade, chart)
    # fit-x: the column's width for the whole chart, HEIGHT for the plot alone (Streamlit
    # would otherwise fit legend, axes and plot into HEIGHT).
    chart = chart.properties(
        width="container",
        height=HEIGHT,
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )
    caption = f"Dots are each {by}'s mean pain; diamonds are the {by}'s worst day" + (
        "; shaded bands are flares." if flares else "."
    )
    return ChartWithCaption(chart, caption, as_table(bins, shown))
