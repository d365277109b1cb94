"""The chart of each exercise's difference in next-day pain with the range its finding gives:
the findings' own numbers (lumbarlog/analysis/links.py), so every bar is the range the sentence
beside it judges by."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd

from lumbarlog.analysis.charts.base import (
    EDGE_PADDING,
    OKABE_ITO,
    ChartWithCaption,
    Shown,
    as_table,
    readable_numbers,
    tooltips,
)
from lumbarlog.analysis.charts.vega import Dataset, Spec, calculate, dataset, field, top_level
from lumbarlog.analysis.results import ExerciseEffect

CLEAR_LABEL = "Clear: range leaves out zero"
EFFECT_ROW_HEIGHT = 46  # a name above, its range below
LINE_HEIGHT = 15  # each further line of a long name
NAME_LINE_CHARS = 44  # what fits a phone's chart at 12 px
UNCLEAR_LABEL = "Not clear"


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
