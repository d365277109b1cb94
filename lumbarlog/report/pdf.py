"""The clinician report as a one-page PDF: the words of lumbarlog/report/text.py laid out by
Typst (report.typ), tagged for screen readers (PDF/UA-1), with the charts as vector graphics
made from the app's own Altair specs by vl-convert. Nothing is fetched: the page is set in
the font Typst carries, so it looks the same on every machine; the machine's own fonts only
stand in for characters that font lacks (another script, an emoji)."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typst
import vl_convert

from lumbarlog.analysis.charts import pain as pain_charts
from lumbarlog.analysis.charts.by_week import pain_by_week
from lumbarlog.report import text
from lumbarlog.report.content import ClinicianReport, Request

TEMPLATE = Path(__file__).with_name("report.typ")
PAPERS = {"a4": "A4", "us-letter": "Letter"}
FONT = "Libertinus Serif"  # carried by Typst, so the page and its charts need no system font
# Fonts that stand in for characters Libertinus lacks, when the machine has them (a name or a
# note in another script, an emoji).
FALLBACK_FONTS = ("DejaVu Sans", "Noto Sans", "Noto Sans CJK SC", "Noto Color Emoji")
# The charts' size in CSS pixels; the page scales them to its width (about 0.72 pt a pixel).
CHART_WIDTH = 720
# The plots' heights at each level of tightness (report.typ): lower when the person's lists
# need the room.
PAIN_HEIGHTS = (150, 105, 75)
SITTING_HEIGHTS = (70, 50, 38)
LEVELS = range(len(PAIN_HEIGHTS))


def chart_svg(spec: dict[str, Any], *, width: int, height: int) -> str:
    """An app chart's Vega-Lite spec drawn as SVG, ``width`` wide in all and with a plot
    ``height`` high, in the report's font."""
    fixed = {
        **spec,
        "width": width,
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},  # height: the plot's own
    }
    config = dict(fixed.get("config", {}))
    config.update({"font": FONT, "background": "white"})
    fixed["config"] = config
    return str(vl_convert.vegalite_to_svg(fixed))


def charts(report: ClinicianReport, level: int = 0) -> dict[str, str]:
    """The report's charts as SVG text: pain week by week (or month by month), and hours
    sitting per day (per week, past two years), as high as ``level`` allows."""
    if report.empty:
        return {}
    drawn = {}
    pain = pain_by_week(report.daily, report.flares, report.by).chart
    if pain is not None:
        drawn["pain_chart"] = chart_svg(
            pain.to_dict(), width=CHART_WIDTH, height=PAIN_HEIGHTS[level]
        )
    sitting = pain_charts.sitting_timeline(report.daily).chart
    if sitting is not None:
        drawn["sitting_chart"] = chart_svg(
            sitting.to_dict(), width=CHART_WIDTH, height=SITTING_HEIGHTS[level]
        )
    return drawn


@dataclass(frozen=True)
class Rendered:
    """The PDF, and whether every character in it could be drawn (else some show as boxes,
    and the PDF is tagged but does not claim PDF/UA-1)."""

    pdf: bytes
    every_character_drawn: bool


def render(report: ClinicianReport, *, made_at: dt.datetime | None = None) -> Rendered:
    """The report as a PDF of one page (A4 or US Letter as the request says), tagged for
    screen readers and, whenever the fonts can draw every character, PDF/UA-1."""
    try:
        return Rendered(_one_page(report, True, made_at), every_character_drawn=True)
    except typst.TypstError as error:
        # PDF/UA-1 refuses a character no font here can draw (a script this machine has no
        # font for). The rest of the report still goes to the doctor: the same tagged page,
        # without the PDF/UA claim, that character drawn as a box; the app says so.
        if "could not be displayed" not in str(error):
            raise
        return Rendered(_one_page(report, False, made_at), every_character_drawn=False)


def _one_page(report: ClinicianReport, pdf_ua: bool, made_at: dt.datetime | None) -> bytes:
    """The PDF set as designed, or tighter (smaller text, lower charts) when the person's
    lists would push it onto a second page; the tightest level keeps everything."""
    words = json.dumps(text.of(report).as_dict())
    for level in LEVELS:
        last = level == LEVELS[-1]
        inputs = {
            "report": words,
            "fonts": json.dumps([FONT, *FALLBACK_FONTS]),
            "paper": report.request.paper,
            "level": str(level),
            "one_page": "no" if last else "yes",
            **charts(report, level),
        }
        try:
            return _compile(inputs, pdf_ua, made_at)
        except typst.TypstError as error:
            if last or "more than one page" not in str(error):
                raise
    raise AssertionError("the last level returns or raises")


def every_character_drawable(texts: Iterable[str]) -> bool:
    """Whether the report's fonts can draw every character of ``texts`` (what the person
    wrote), checked by setting them alone, quickly, before any report is made; remembered,
    since pages ask again on every rerun with the same words."""
    return _drawable(tuple(text.visible(t) for t in texts))


@functools.lru_cache(maxsize=64)
def _drawable(visible: tuple[str, ...]) -> bool:
    probe = (
        b'#set document(title: [t])\n#set text(lang: "en", font: json(bytes(sys.inputs.fonts)))\n'
        b"#for t in json(bytes(sys.inputs.texts)) [#t \\ ]"
    )
    try:
        typst.compile(
            probe,
            format="pdf",
            sys_inputs={"fonts": json.dumps([FONT, *FALLBACK_FONTS]), "texts": json.dumps(visible)},
            pdf_standards=["ua-1"],
        )
    except typst.TypstError as error:
        if "could not be displayed" not in str(error):
            raise
        return False
    return True


def _compile(inputs: dict[str, str], pdf_ua: bool, made_at: dt.datetime | None) -> bytes:
    return typst.compile(
        TEMPLATE.read_bytes(),
        format="pdf",
        sys_inputs=inputs,
        pdf_standards=["ua-1"] if pdf_ua else [],
        timestamp=made_at,
    )


def file_name(request: Request) -> str:
    return f"lumbar-log-report-{request.start.isoformat()}-to-{request.end.isoformat()}.pdf"
