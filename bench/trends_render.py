"""The CPU of drawing Trends after a save: the charts as Altair built them against the charts
written as Vega-Lite specs, measured in the same run.

    python bench/trends_render.py                     # a year of journal, 11 runs a median
    python bench/trends_render.py --days 3650 --runs 21

After a save the journal has a new version, so Trends finds nothing cached: it computes the
findings, builds its seven charts and their specs, picks the tips and draws the page. Two
measurements, each the median CPU time (``time.process_time``: every thread of this process)
over --runs runs, printed in ms with the ratio old / new:

1. **The charts alone**, for the default period (90 days) and for the whole journal
   ("Everything"): the seven charts as ``trends_view`` builds them, with the old Altair
   builders (bench/altair_charts.py, with the old ``finished_spec``) and with the new ones
   (``VegaLite.sent``). It first checks that both give the same specs (``to_dict``, datasets
   and their names included) and says so.
2. **The whole Trends page** through AppTest (``app_pages/trends.py`` in this process, as
   bench/run.py runs pages), its caches cleared before each run as a save would leave them:
   findings, charts, tips and the page's own work; once with the old builders put in place of
   the new, once as it is.

The journal is the demo's (``lumbarlog.journal.demo``), written as CSV, ending on the day the
app is told is today. The old builders share lumbarlog/analysis/charts/base.py with the new
(``for_display`` and the rest), so the ratio is what Altair's object model cost.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pandas as pd  # noqa: E402

from bench import altair_charts as old  # noqa: E402
from lumbarlog import clock  # noqa: E402
from lumbarlog.analysis import findings  # noqa: E402
from lumbarlog.analysis.charts import associations, pain, routines  # noqa: E402
from lumbarlog.analysis.charts.base import Days  # noqa: E402
from lumbarlog.domain import catalog  # noqa: E402
from lumbarlog.journal import demo, files  # noqa: E402
from lumbarlog.journal.repository import CsvJournal  # noqa: E402

END = dt.date(2026, 9, 26)
DEFAULT_PERIOD_DAYS = 90
TRENDS_PAGE = "app_pages/trends.py"


def cpu_ms(action: Callable[[], object], runs: int) -> float:
    """Median CPU time of ``action`` in ms."""
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.process_time()
        action()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def build_charts(builders: Any, daily_report: Any, sessions: pd.DataFrame) -> dict[str, Any]:
    """The seven charts as trends_view.build_charts builds them, from ``builders``: the old
    ones each from the daily frame, the new ones from one ``Days``, as the page now does."""
    content = catalog.load()
    names = content.exercise_names()
    routine_names = {i: content.routine_name(i) for i in sessions["routine_id"].unique()}
    if builders is OLD:
        daily, timeline = daily_report.daily, builders.pain_timeline(daily_report.daily, names)
    else:
        daily = Days(daily_report.daily, names)
        timeline = builders.pain_timeline(daily)
    return {
        "timeline": timeline,
        "sitting_days": builders.sitting_timeline(daily),
        "sitting": builders.pain_vs_sitting(daily),
        "next_day": builders.next_day_pain(daily),
        "exercises": builders.exercise_effects(daily_report.per_exercise),
        "sessions": builders.session_before_after(sessions, routine_names),
        "calendar": builders.pain_calendar(daily),
    }


OLD = SimpleNamespace(
    **{
        name: getattr(old, name)
        for name in (
            "pain_timeline",
            "sitting_timeline",
            "pain_vs_sitting",
            "next_day_pain",
            "exercise_effects",
            "session_before_after",
            "pain_calendar",
        )
    }
)
NEW = SimpleNamespace(
    pain_timeline=pain.pain_timeline,
    sitting_timeline=pain.sitting_timeline,
    pain_vs_sitting=associations.pain_vs_sitting,
    next_day_pain=associations.next_day_pain,
    exercise_effects=associations.exercise_effects,
    session_before_after=routines.session_before_after,
    pain_calendar=pain.pain_calendar,
)


def old_specs(report: Any, sessions: pd.DataFrame) -> dict[str, Any]:
    built = build_charts(OLD, report, sessions)
    return {k: None if c.chart is None else old.finished_spec(c.chart) for k, c in built.items()}


def new_specs(report: Any, sessions: pd.DataFrame) -> dict[str, Any]:
    built = build_charts(NEW, report, sessions)
    return {k: None if c.chart is None else c.chart.sent() for k, c in built.items()}


def same_specs(report: Any, sessions: pd.DataFrame) -> list[str]:
    """The charts whose spec, caption or table differ between the old and new builders."""
    before, after = build_charts(OLD, report, sessions), build_charts(NEW, report, sessions)
    differ = []
    for name, was in before.items():
        now = after[name]
        tables_same = (was.table is None and now.table is None) or (
            was.table is not None and now.table is not None and was.table.equals(now.table)
        )
        specs_same = (was.chart is None and now.chart is None) or (
            was.chart is not None
            and now.chart is not None
            and was.chart.to_dict() == now.chart.to_dict()
        )
        if was.caption != now.caption or not tables_same or not specs_same:
            differ.append(name)
    return differ


def old_build_charts(
    report: Any, sessions: pd.DataFrame, start: dt.date | None, content: Any
) -> dict[str, Any]:
    """trends_view.build_charts as it was: the Altair builders, each from the frame."""
    from lumbarlog.ui.trends_view import ChartSpec

    if start is not None:
        sessions = sessions[sessions["start"] >= pd.Timestamp(start)]
    built = build_charts(OLD, report, sessions)
    return {
        name: ChartSpec(None if c.chart is None else old.finished_spec(c.chart), c.caption, c.table)
        for name, c in built.items()
    }


@contextlib.contextmanager
def old_charts_in_trends(old_way: bool) -> Iterator[None]:
    """The Trends page with its charts built the old way (``old_way``), or as it is."""
    from lumbarlog.ui import trends_view

    kept = trends_view.build_charts
    if old_way:
        trends_view.build_charts = old_build_charts
    try:
        yield
    finally:
        trends_view.build_charts = kept


def page_after_save_ms(runs: int) -> tuple[float, str | None]:
    """Median CPU of a Trends run with its caches cleared (as after a save)."""
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    from lumbarlog.ui import trends_view

    logger.set_log_level("error")
    app = AppTest.from_file(str(REPO / "streamlit_app.py"), default_timeout=600)
    app.run()
    app.switch_page(TRENDS_PAGE)
    app.run()

    def after_save() -> None:
        trends_view._cached_trends.clear()
        app.run()

    after_save()  # once untimed: imports and the journal's parse
    error = "; ".join(str(e.message).splitlines()[0] for e in app.exception) or None
    charts = len(app.get("vega_lite_chart"))
    if not error and charts < 5:
        error = f"only {charts} charts drawn"
    return cpu_ms(after_save, runs), error


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365, help="journal length (default 365)")
    parser.add_argument("--runs", type=int, default=11, help="runs per median (default 11)")
    args = parser.parse_args()

    entries, sessions = demo.generate(days=args.days, end=END)
    names = catalog.load().exercise_names()
    print(f"Journal: {args.days} days of the demo, {len(sessions)} sessions; CPU ms, medians")
    for label, period in (("90 days", DEFAULT_PERIOD_DAYS), ("everything", None)):
        start = None if period is None else END - dt.timedelta(days=period - 1)
        report = findings.compute(entries, sessions, start, END, names=names)
        shown = sessions if start is None else sessions[sessions["start"] >= pd.Timestamp(start)]
        differ = same_specs(report, shown)
        print(
            f"  charts, {label}: "
            + ("the same specs, rows and names" if not differ else f"DIFFER: {differ}")
        )
        before = cpu_ms(lambda r=report, s=shown: old_specs(r, s), args.runs)
        after = cpu_ms(lambda r=report, s=shown: new_specs(r, s), args.runs)
        compute = cpu_ms(
            lambda s=start: findings.compute(entries, sessions, s, END, names=names), args.runs
        )
        print(
            f"    seven charts: Altair {before:.1f}, specs as data {after:.1f} "
            f"({before / after:.2f}x less); the findings for comparison {compute:.1f}"
        )

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "journal"
        folder.mkdir()
        demo.write_demo(CsvJournal(folder), days=args.days, end=END)
        os.environ[files.DATA_DIR_VARIABLE] = str(folder)
        os.environ[clock.TODAY_ENV] = END.isoformat()
        with old_charts_in_trends(True):
            page_old, error_old = page_after_save_ms(args.runs)
        with old_charts_in_trends(False):
            page_new, error_new = page_after_save_ms(args.runs)
    for error in (error_old, error_new):
        if error:
            print(f"  ERROR: {error}")
    print(
        f"  Trends page after a save (AppTest, default period): Altair {page_old:.1f}, "
        f"specs as data {page_new:.1f} ({page_old / page_new:.2f}x less)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
