"""Charts of what went together: hours sitting against next-day pain, next-day pain after
exercise and rest days, and each exercise's difference with the range its finding gives.

These charts draw no range of their own: the dots and plain averages do not allow for how much
it hurt that day, and the sentence beside each chart (which does) gives the likely range. The
one range drawn, each exercise's, is the finding's own.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
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
from lumbarlog.analysis.charts.vega import Dataset, Spec, calculate, dataset, field, top_level
from lumbarlog.analysis.results import ExerciseEffect

EXERCISE_GROUP = "After exercise days"
REST_GROUP = "After rest days"
CLEAR_LABEL = "Clear: range leaves out zero"
EFFECT_ROW_HEIGHT = 46  # a name above, its range below
LINE_HEIGHT = 15  # each further line of a long name
NAME_LINE_CHARS = 44  # what fits a phone's chart at 12 px
UNCLEAR_LABEL = "Not clear"


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
        _shared_data({"layer": layers, "height": CHART_HEIGHT, "width": "container"}), *datasets
    )
    caption = (
        "Diamonds are the plain average pain on the next day"
        + ("; faint dots are single days." if drew_days else ".")
        + " They do not allow for how much it hurt the day before (people skip exercise on "
        "bad days); the sentence beside the chart does, and gives the likely range."
    )
    return ChartWithCaption(chart, caption, as_table(summary, summary_shown))


# Per-exercise effects
# --------------------------------------------------------------------------------------------


def _names_above(
    exercises: pd.Series, lines: list[list[str]], y: Spec
) -> list[tuple[Dataset, Spec]]:
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
    texts = [dataset(rows[rows["above"] == above]) for above in sorted(rows["above"].unique())]
    return [
        (
            text,
            {
                "data": text.ref,
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "bottom",
                    "dy": float(-7 - LINE_HEIGHT * above),
                    "fontSize": 12,
                    "limit": {"expr": "width"},
                },
                "encoding": {"text": field("line", "nominal"), "x": {"value": 0}, "y": y},
            },
        )
        for above, text in zip(sorted(rows["above"].unique()), texts, strict=True)
    ]


def _shared_data(body: Spec) -> Spec:
    """A layered chart whose layers all draw the same rows names them once, at the top (as
    Altair writes it); otherwise each layer names its own."""
    names = [layer.get("data") for layer in body["layer"]]
    if names[0] is not None and all(n == names[0] for n in names):
        return {
            **body,
            "layer": [{k: v for k, v in layer.items() if k != "data"} for layer in body["layer"]],
            "data": names[0],
        }
    return body


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
    y = field("exercise", "nominal", axis=None, sort=list(frame["exercise"]), title=None)
    data = dataset(frame)
    numbers = calculate(readable_numbers(columns))
    tooltip = tooltips(columns)
    zero_data = dataset(pd.DataFrame({"difference": [0.0]}))
    zero = {
        "data": zero_data.ref,
        "mark": {"type": "rule", "color": OKABE_ITO["grey"], "strokeDash": [4, 4]},
        "encoding": {"x": field("difference", "quantitative")},
    }
    # Long names are wrapped onto lines short enough for a phone, and limited to the plot's
    # width: a longer line would make the chart shrink the plot to fit it.
    lines = [textwrap.wrap(name, NAME_LINE_CHARS) or [name] for name in frame["exercise"]]
    names = _names_above(frame["exercise"], lines, y)
    interval = {
        "data": data.ref,
        "mark": {"type": "rule", "color": OKABE_ITO["black"], "strokeWidth": 2},
        "encoding": {
            "tooltip": tooltip,
            "x": field("ci_low", "quantitative", scale={"padding": EDGE_PADDING}, title=x_title),
            "x2": {"field": "ci_high"},
            "y": y,
        },
        "transform": numbers,
    }
    legend = {"orient": "bottom", "direction": "vertical"}
    dots = {
        "data": data.ref,
        "mark": {"type": "point", "size": 110, "strokeWidth": 2},
        "encoding": {
            "color": field(
                "finding",
                "nominal",
                legend=legend,
                scale={
                    "domain": findings,
                    "range": [OKABE_ITO["vermillion"], OKABE_ITO["grey"]],
                },
                title=None,
            ),
            "fill": field(
                "finding",
                "nominal",
                legend=legend,
                scale={"domain": findings, "range": [OKABE_ITO["vermillion"], "white"]},
                title=None,
            ),
            "tooltip": tooltip,
            "x": field("difference", "quantitative", title=x_title),
            "y": y,
        },
        "transform": numbers,
    }
    row = EFFECT_ROW_HEIGHT + LINE_HEIGHT * (max(len(each) for each in lines) - 1)
    height = max(2, len(frame)) * row
    # Fit the width only: fitting the height too squeezed the rows until their names overlapped.
    chart = top_level(
        {
            "layer": [zero, interval, dots, *(layer for _, layer in names)],
            "autosize": {"contains": "padding", "type": "fit-x"},
            "height": height,
            "width": "container",
        },
        zero_data,
        data,
        *(text for text, _ in names),
    )
    caption = (
        "Left of the dashed line: pain was lower on days after doing the exercise than after "
        "days without it. Bars are the likely ranges the sentences use, widened for the number "
        "of exercises compared; filled dots are clear (the range leaves out zero). A pattern, "
        "not a proof of cause."
    )
    return ChartWithCaption(chart, caption, as_table(frame, columns))
