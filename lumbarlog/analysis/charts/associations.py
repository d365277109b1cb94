"""Charts of what went together: hours sitting against next-day pain, next-day pain after
exercise and rest days, and each exercise's difference with the range its finding gives.

These charts draw no range of their own: the dots and plain averages do not allow for how much
it hurt that day, and the sentence beside each chart (which does) gives the likely range. The
one range drawn, each exercise's, is the finding's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from lumbarlog.analysis.charts.base import (
    CHART_HEIGHT,
    MAX_RAW_POINTS,
    NO_DAYS,
    OKABE_ITO,
    ROW_HEIGHT,
    SITTING_TITLE,
    ChartWithCaption,
    for_display,
    has_pain,
    period_caption,
    prepared_days,
    with_units,
)
from lumbarlog.analysis.results import ExerciseEffect

EXERCISE_GROUP = "After exercise days"
REST_GROUP = "After rest days"
CLEAR_LABEL = "Clear: range leaves out zero"
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
    base = alt.Chart(pairs).encode(
        x=alt.X("sitting_hours:Q", title=x_title).scale(zero=True),
        y=alt.Y("next_day_pain:Q", title=y_title).scale(domain=[0, 10]),
    )
    date_title = "Day" if display.granularity == "day" else f"{display.granularity.title()} of"
    points = base.mark_circle(size=70, opacity=0.35, color=OKABE_ITO["blue"]).encode(
        tooltip=[
            alt.Tooltip("date:T", title=date_title, format="%a %d %b %Y"),
            alt.Tooltip("sitting_hours:Q", title=x_title, format=".2f"),
            alt.Tooltip("next_day_pain:Q", title=y_title, format=".1f"),
        ]
    )
    chart = points.properties(width="container", height=CHART_HEIGHT)
    caption = (
        "Each dot is a day: hours sitting, and pain the day after (darker where dots overlap). "
        "There is no fitted line on purpose: the dots do not allow for how much it hurt that "
        "day; the sentence beside the chart does." + period_caption(display)
    )
    return ChartWithCaption(chart, caption)


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
    summary_tooltip = [
        alt.Tooltip("group:N", title="Group"),
        alt.Tooltip("n:Q", title="Days"),
        alt.Tooltip("mean:Q", title="Average pain the next day", format=".1f"),
    ]
    summary_base = alt.Chart(summary).encode(x=x, tooltip=summary_tooltip)
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
        layers.append(
            alt.Chart(dots)
            .transform_calculate(jitter="random() - 0.5")
            .mark_circle(size=35, opacity=0.3)
            .encode(
                x=x,
                xOffset=alt.XOffset("jitter:Q").scale(domain=[-1.5, 1.5]),
                y=alt.Y("next_day_pain:Q", title=y_title).scale(domain=[0, 10]),
                color=colour,
                tooltip=[
                    alt.Tooltip("date:T", title="Day before", format="%a %d %b %Y"),
                    alt.Tooltip("next_day_pain:Q", title=y_title),
                ],
            )
        )
    layers += [
        summary_base.mark_point(
            shape="diamond", filled=True, size=160, color=OKABE_ITO["black"]
        ).encode(y=alt.Y("mean:Q", title=y_title).scale(domain=[0, 10])),
    ]
    chart = alt.layer(*layers).properties(width="container", height=CHART_HEIGHT)
    caption = (
        "Diamonds are the plain average pain on the next day"
        + ("; faint dots are single days." if drew_days else ".")
        + " They do not allow for how much it hurt the day before (people skip exercise on "
        "bad days); the sentence beside the chart does, and gives the likely range."
    )
    return ChartWithCaption(chart, caption)


# Per-exercise effects
# --------------------------------------------------------------------------------------------


def exercise_effects(effects: Sequence[ExerciseEffect]) -> ChartWithCaption:
    """Each exercise's difference in next-day pain (done minus not done) with its likely range:
    the findings themselves (lumbarlog/analysis/links.py), so every bar is the range the
    sentence gives and judges by (widened for the number compared). Exercises without enough
    days are left out.

    Filled dots mark the findings that are clear (the range leaves out zero); hollow ones are
    "about the same" or "can't tell yet".
    """
    shown = [effect for effect in effects if effect.enough]
    if not shown:
        return ChartWithCaption(
            None,
            "No exercise has been done (and skipped) on enough logged days yet to compare.",
        )
    frame = pd.DataFrame(
        {
            "exercise": [effect.name for effect in shown],
            "difference": np.array([effect.difference for effect in shown], dtype="float64"),
            "ci_low": np.array([effect.ci_low for effect in shown], dtype="float64"),
            "ci_high": np.array([effect.ci_high for effect in shown], dtype="float64"),
            "n_done": np.array([effect.n_done for effect in shown], dtype="int64"),
            "n_not": np.array([effect.n_not for effect in shown], dtype="int64"),
            "finding": [CLEAR_LABEL if effect.claimed else UNCLEAR_LABEL for effect in shown],
        }
    ).sort_values("difference", kind="stable")
    findings = [CLEAR_LABEL, UNCLEAR_LABEL]
    x_title = "Next-day pain difference (points)"
    # Every exercise named in full: a hidden or cut label would leave a dot nobody can place.
    y = alt.Y("exercise:N", title=None, sort=list(frame["exercise"])).axis(
        labelLimit=260, labelOverlap=False
    )
    tooltip = [
        alt.Tooltip("exercise:N", title="Exercise"),
        alt.Tooltip("difference:Q", title="Difference (done - not done)", format="+.1f"),
        alt.Tooltip("ci_low:Q", title="Likely range from", format="+.1f"),
        alt.Tooltip("ci_high:Q", title="Likely range to", format="+.1f"),
        alt.Tooltip("n_done:Q", title="Days after doing it"),
        alt.Tooltip("n_not:Q", title="Days after not doing it"),
        alt.Tooltip("finding:N", title="Finding"),
    ]
    base = alt.Chart(frame).encode(y=y, tooltip=tooltip)
    zero = (
        alt.Chart(pd.DataFrame({"difference": [0.0]}))
        .mark_rule(color=OKABE_ITO["grey"], strokeDash=[4, 4])
        .encode(x="difference:Q")
    )
    interval = base.mark_rule(strokeWidth=2, color=OKABE_ITO["black"]).encode(
        x=alt.X("ci_low:Q", title=x_title), x2="ci_high:Q"
    )
    dots = base.mark_point(size=110, strokeWidth=2).encode(
        x=alt.X("difference:Q", title=x_title),
        color=alt.Color("finding:N", title=None)
        .scale(domain=findings, range=[OKABE_ITO["vermillion"], OKABE_ITO["grey"]])
        .legend(orient="top"),
        fill=alt.Fill("finding:N", title=None)
        .scale(domain=findings, range=[OKABE_ITO["vermillion"], "white"])
        .legend(orient="top"),
    )
    height = max(2, len(frame)) * ROW_HEIGHT
    # Fit the width only: fitting the height too squeezed the rows until their names overlapped.
    chart = alt.layer(zero, interval, dots).properties(
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
    return ChartWithCaption(chart, caption)
