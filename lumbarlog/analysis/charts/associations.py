"""Charts of what went together: hours sitting against next-day pain, next-day pain after
exercise and rest days, and each exercise's difference with the range its finding gives.

These charts draw no range of their own: the dots and plain averages do not allow for how much
it hurt that day, and the sentence beside each chart (which does) gives the likely range. The
one range drawn, each exercise's, is the finding's own: that chart is in effects.py, and is
named here too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lumbarlog.analysis.charts.base import (
    CHART_HEIGHT,
    EDGE_PADDING,
    MAX_RAW_POINTS,
    NO_DAYS,
    OKABE_ITO,
    SITTING_TITLE,
    ChartWithCaption,
    Days,
    Shown,
    as_table,
    days_of,
    period_caption,
    readable_numbers,
    tooltips,
    with_units,
)
from lumbarlog.analysis.charts.effects import (  # noqa: F401 (named here too)
    CLEAR_LABEL,
    EFFECT_ROW_HEIGHT,
    UNCLEAR_LABEL,
    exercise_effects,
)
from lumbarlog.analysis.charts.vega import (
    Spec,
    calculate,
    dataset,
    field,
    shared_data,
    top_level,
)

EXERCISE_GROUP = "After exercise days"
REST_GROUP = "After rest days"


# Pain and sitting
# --------------------------------------------------------------------------------------------


def pain_vs_sitting(daily: pd.DataFrame | Days) -> ChartWithCaption:
    """Hours sitting on a day against pain the next day, as dots only.

    No fitted line: a straight line through these dots ignores how much it hurt that day
    (people sit more on bad days, and bad days are followed by bad days), so it would show a
    slope more certain than the finding beside the chart, which allows for that.
    """
    days = days_of(daily)
    if not days.has_pain:
        return ChartWithCaption(None, NO_DAYS)
    display = days.display
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
    data = dataset(pairs)
    chart = top_level(
        {
            "data": data.ref,
            "mark": {"type": "circle", "color": OKABE_ITO["blue"], "opacity": 0.35, "size": 70},
            "encoding": {
                "tooltip": tooltips(shown),
                "x": field(
                    "sitting_hours",
                    "quantitative",
                    scale={"zero": True, "padding": EDGE_PADDING},
                    title=x_title,
                ),
                "y": field(
                    "next_day_pain",
                    "quantitative",
                    scale={"domain": [0, 10], "padding": EDGE_PADDING},
                    title=y_title,
                ),
            },
            "height": CHART_HEIGHT,
            "transform": calculate(readable_numbers(shown)),
            "width": "container",
        },
        data,
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


def next_day_pain(daily: pd.DataFrame | Days) -> ChartWithCaption:
    """Pain on the day after exercise days and after rest days: plain averages, and each day
    as a dot while there are few enough to draw. No interval: the finding beside the chart
    gives the likely range from lumbarlog/analysis/links.py, which allows for the day's pain."""
    shared = days_of(daily)
    if not shared.has_pain:
        return ChartWithCaption(None, NO_DAYS)
    days = shared.prepared
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
    x = field(
        "group",
        "nominal",
        axis={"labelAngle": 0, "labelLimit": 400},
        sort=order,
        title="The day before",
    )
    y_title = "Pain the next day (0-10)"
    colour = field(
        "group",
        "nominal",
        legend=None,
        scale={"domain": order, "range": [OKABE_ITO["blue"], OKABE_ITO["orange"]]},
        title=None,
    )
    summary_shown = [
        Shown("group", "Group", kind="N"),
        Shown("n", "Days", ".0f"),
        Shown("mean", "Average pain the next day", ".1f"),
    ]
    pain_y = {"domain": [0, 10], "padding": EDGE_PADDING}
    layers: list[Spec] = []
    datasets = []
    drew_days = len(pairs) <= MAX_RAW_POINTS
    if drew_days:
        dots = dataset(
            pd.DataFrame(
                {
                    "date": pairs["date"],
                    "group": np.where(
                        pairs["exercised"].astype(bool), labels[EXERCISE_GROUP], labels[REST_GROUP]
                    ),
                    "next_day_pain": pairs["next_day_pain"],
                }
            )
        )
        dots_shown = [
            Shown("date", "Day before", "%a %d %b %Y", kind="T"),
            Shown("next_day_pain", y_title, ".0f"),
        ]
        datasets.append(dots)
        layers.append(
            {
                "data": dots.ref,
                "mark": {"type": "circle", "opacity": 0.3, "size": 35},
                "encoding": {
                    "color": colour,
                    "tooltip": tooltips(dots_shown),
                    "x": x,
                    "xOffset": field("jitter", "quantitative", scale={"domain": [-1.5, 1.5]}),
                    "y": field("next_day_pain", "quantitative", scale=pain_y, title=y_title),
                },
                "transform": calculate(
                    {"jitter": "random() - 0.5", **readable_numbers(dots_shown)}
                ),
            }
        )
    means = dataset(summary)
    datasets.append(means)
    layers.append(
        {
            "data": means.ref,
            "mark": {
                "type": "point",
                "color": OKABE_ITO["black"],
                "filled": True,
                "shape": "diamond",
                "size": 160,
            },
            "encoding": {
                "tooltip": tooltips(summary_shown),
                "x": x,
                "y": field("mean", "quantitative", scale=pain_y, title=y_title),
            },
            "transform": calculate(readable_numbers(summary_shown)),
        }
    )
    chart = top_level(
        shared_data({"layer": layers, "height": CHART_HEIGHT, "width": "container"}), *datasets
    )
    caption = (
        "Diamonds are the plain average pain on the next day"
        + ("; faint dots are single days." if drew_days else ".")
        + " They do not allow for how much it hurt the day before (people skip exercise on "
        "bad days); the sentence beside the chart does, and gives the likely range."
    )
    return ChartWithCaption(chart, caption, as_table(summary, summary_shown))
