"""Pain week by week (or month by month over long periods), for the clinician report and its
printable page: each week's mean, the week's worst day above it, and flares shaded. A doctor
reads the course of the pain at a glance without every day's dot."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from lumbarlog.analysis.charts.base import (
    EDGE_PADDING,
    NO_DAYS,
    OKABE_ITO,
    PAIN_TITLE,
    ChartWithCaption,
    Shown,
    as_datetime,
    as_table,
    readable_numbers,
    tooltips,
)
from lumbarlog.analysis.charts.vega import Spec, calculate, dataset, field, top_level
from lumbarlog.analysis.results import Flare

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
    x = field("middle", "temporal", scale={"domain": domain}, title=None)
    y = field(
        "value",
        "quantitative",
        scale={"domain": [0, 10], "padding": EDGE_PADDING},
        title=PAIN_TITLE,
    )
    mean, worst = f"{_ADJECTIVE[by]} mean", f"Worst day of the {by}"
    shown = _shown(by)
    # Both values of a bin in rows of their own ("key", "value"), every number kept for the
    # tooltip.
    folded = [
        *calculate(readable_numbers(shown)),
        {"fold": ["mean", "worst"], "as": ["key", "value"]},
        {"calculate": f"datum.key == 'mean' ? '{mean}' : '{worst}'", "as": "what"},
    ]
    line = {
        "mark": {"type": "line", "color": OKABE_ITO["blue"], "strokeWidth": 1.5},
        "encoding": {"y": y},
        "transform": [*folded, {"filter": "(datum.key === 'mean')"}],
    }
    marks = {
        "mark": {"type": "point", "filled": True, "size": 30},
        "encoding": {
            "color": field(
                "what",
                "nominal",
                legend={"orient": "top"},
                scale={
                    "domain": [mean, worst],
                    "range": [OKABE_ITO["blue"], OKABE_ITO["vermillion"]],
                },
                title=None,
            ),
            "shape": field(
                "what",
                "nominal",
                legend={"orient": "top"},
                scale={"domain": [mean, worst], "range": ["circle", "diamond"]},
                title=None,
            ),
            "tooltip": tooltips(shown),
            "y": y,
        },
        "transform": folded,
    }
    data = dataset(bins)
    # The date axis is set once, for both layers (set per layer, Vega-Lite warns of two
    # domains).
    weeks: Spec = {"layer": [line, marks], "data": data.ref, "encoding": {"x": x}}
    datasets = [data]
    if flares:
        spans = dataset(
            pd.DataFrame(
                {
                    "start": [pd.Timestamp(f.start) for f in flares],
                    "end": [pd.Timestamp(f.end) + pd.Timedelta(days=1) for f in flares],
                }
            )
        )
        shade = {
            "data": spans.ref,
            "mark": {"type": "rect", "color": OKABE_ITO["vermillion"], "opacity": 0.15},
            # On the weeks' scale: flares lie within it.
            "encoding": {"x": field("start", "temporal"), "x2": {"field": "end"}},
        }
        weeks = {"layer": [shade, weeks]}
        datasets.insert(0, spans)
    # fit-x: the column's width for the whole chart, HEIGHT for the plot alone (Streamlit
    # would otherwise fit legend, axes and plot into HEIGHT).
    chart = top_level(
        {
            **weeks,
            "autosize": {"contains": "padding", "type": "fit-x"},
            "height": HEIGHT,
            "width": "container",
        },
        *datasets,
    )
    caption = f"Dots are each {by}'s mean pain; diamonds are the {by}'s worst day" + (
        "; shaded bands are flares." if flares else "."
    )
    return ChartWithCaption(chart, caption, as_table(bins, shown))
