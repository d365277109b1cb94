"""The Trends page's report and charts, built once per version of the journal and period and
shared by every rerun, and the text that says how the numbers are made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from lumbarlog.analysis import findings, rules, tips
from lumbarlog.analysis.charts import associations, effects
from lumbarlog.analysis.charts import pain as pain_charts
from lumbarlog.analysis.charts import routines as routine_charts
from lumbarlog.analysis.charts.base import Days
from lumbarlog.analysis.charts.vega import VegaLite
from lumbarlog.analysis.results import TrendsReport
from lumbarlog.domain import catalog
from lumbarlog.journal import repository
from lumbarlog.ui.data import JournalView


@dataclass(frozen=True)
class ChartSpec:
    """A chart as the finished Vega-Lite spec Streamlit is given, its caption and its
    numbers as a table of text; ``spec`` is None when there is nothing to draw and the caption
    says why."""

    spec: dict[str, Any] | None
    caption: str
    table: pd.DataFrame | None = None


@dataclass(frozen=True)
class Trends:
    """What the Trends page shows for a period: every finding, the charts and the tips that
    fit. Frozen, and its frames are only read, so one copy serves every rerun."""

    report: TrendsReport
    charts: dict[str, ChartSpec]
    tips: list[tips.Tip]


# One entry per journal version (which names the person: their folder, or their id in the
# database), period and day. Made in one piece: with many people at once, separate caches for
# the findings, the charts and the tips evicted each other's entries between the calls of one
# run, and the findings were computed up to three times for one visit.
@st.cache_resource(show_spinner=False, max_entries=16)
def _cached_trends(
    _journal: repository.Journal,
    version: Hashable,
    start: dt.date | None,
    end: dt.date | None,
    today: dt.date,
) -> Trends:
    entries = _journal.entries().frame
    sessions = _journal.sessions().frame
    content = catalog.load()
    names = content.exercise_names()  # old ids of renamed exercises included
    report = findings.compute(entries, sessions, start, end, names=names)
    return Trends(
        report,
        build_charts(report, sessions, start, content),
        tips.fitting_tips(report.daily, today, entries=entries),
    )


def trends(
    journal: JournalView, start: dt.date | None, end: dt.date | None, today: dt.date
) -> Trends:
    """Every finding, chart and fitting tip for the period, made once per version of the
    journal, period and day (``tips.fitting_tips`` turns its general tips by the day)."""
    return _cached_trends(journal.repo, journal.repo.version(), start, end, today)


def build_charts(
    report: TrendsReport,
    sessions: pd.DataFrame,
    start: dt.date | None,
    content: catalog.Catalog,
) -> dict[str, ChartSpec]:
    """The page's seven charts for the period of ``report``."""
    if start is not None:
        sessions = sessions[sessions["start"] >= pd.Timestamp(start)]
    names = content.exercise_names()  # old ids of renamed exercises included
    routine_names = {i: content.routine_name(i) for i in sessions["routine_id"].unique()}
    days = Days(report.daily, names)  # prepared once for the five charts of days
    built = {
        "timeline": pain_charts.pain_timeline(days),
        "sitting_days": pain_charts.sitting_timeline(days),
        "sitting": associations.pain_vs_sitting(days),
        "next_day": associations.next_day_pain(days),
        "exercises": effects.exercise_effects(report.per_exercise),
        "sessions": routine_charts.session_before_after(sessions, routine_names),
        "calendar": pain_charts.pain_calendar(days),
    }
    return {
        name: ChartSpec(None if c.chart is None else finished_spec(c.chart), c.caption, c.table)
        for name, c in built.items()
    }


def finished_spec(chart: VegaLite) -> dict[str, Any]:
    """The chart as Streamlit sends it, made once per journal version: the spec, not checked
    against the Vega-Lite schema again (tests check every chart the builders make), with its
    datasets already as Arrow bytes, which Streamlit passes on as they are instead of
    converting them on every rerun."""
    return chart.sent()


def show_chart(chart: ChartSpec, key: str, name: str) -> None:
    """A chart with its caption under it (the caption also describes it to screen readers)
    and its numbers as a table on request (named, so that a screen reader tells the tables
    apart), or the reason there is none."""
    if chart.spec is None:
        st.info(chart.caption)
        return
    st.vega_lite_chart(chart.spec, width="stretch", alt=chart.caption)
    st.caption(chart.caption)
    if chart.table is not None:
        with st.expander(f"Show as table: {name}", key=f"table_{key}"):
            st.dataframe(chart.table, hide_index=True, width="stretch")


def show_methods() -> None:
    """How the Trends numbers are computed, with the thresholds the code uses."""
    t = rules
    st.markdown(
        f"""
- **Gaps stay gaps.** A day you did not log is missing, never counted as zero pain. A day with
  a routine but no log counts as an unlogged day too. Once you record exercise on some days, a
  logged day with no exercises listed counts as a rest day; if you never record exercise, there
  is nothing to compare and the page says so.
- **7-day average**: the mean pain of the 7 calendar days ending that day, shown only when at
  least {t.ROLLING_MIN_LOGGED_DAYS} of them were logged.
- **Pain carries over.** A bad day is often followed by another, people skip exercise and sit
  more when it hurts, and habits come in streaks. So each link is a regression (ordinary least
  squares, statsmodels) of pain the next day on the day's exercise and hours sitting that also
  allows for that day's pain, the day before's exercise and sitting, the day of the week (from
  {t.MIN_PAIRS_FOR_WEEKDAYS} pairs of days) and slow drift (a line, or a spline over long
  periods). Its standard error is the larger of the usual one and the Newey-West
  (autocorrelation-robust) one, with t quantiles.
- **Likely range**: a {t.LINK_LEVEL:.0%} interval, widened with how much data there is: with
  fewer than {t.EARLY_PAIRS} pairs of days, by the square root of {t.EARLY_PAIRS} over the pairs
  you have; past {t.LATE_PAIRS} pairs, slowly (by the square root of 1 + {t.LATE_WIDENING:g}
  times the log of pairs over {t.LATE_PAIRS}). You will look again next week, and every look is
  another chance to be misled by chance. In simulated journals checked every week for a year,
  about 1 person in 6 was ever shown a link that was not there, and a real 1-point difference
  was found in about 2 of 3 three-month journals and nearly all year-long ones. A link
  is **clear** only when the whole range lies on one side of zero; **about the same** when all
  of it lies within {t.ABOUT_THE_SAME_POINTS:g} point either way (for sitting: what
  {t.SITTING_SPAN_HOURS:g} more hours make); otherwise the page **can't tell yet** and estimates
  how many more days would likely settle it, from how much your own pain varies.
- **Each exercise**: all exercises in one regression, so that one done together with another
  is not credited for it. Exercises done (or skipped) together on {t.TOGETHER_SHARE:.0%} of days
  cannot be told apart and are shown as one. The ranges are widened for the number compared
  (Bonferroni); the chart draws the same ranges the sentences judge by.
- **Same-day sitting** is pain on a day against that day's hours sitting, allowing for the day
  before. It is an association only: you may sit more because it hurts.
- **Trend**: a straight line over the last {t.DEFAULT_TREND_WINDOW_DAYS} days, with a range from
  a regression with AR(1) errors (statsmodels GLSAR) using how much your pain carries over from
  day to day; widened for the number of such windows your journal holds. A rise or fall is
  named only when the range leaves out zero; it needs {t.MIN_TREND_DAYS} logged days.
- **Meaningful change**: your last {t.RECENT_DAYS} days against a fixed starting point, your
  journal's first {t.BASELINE_DAYS} days (shown with its dates, whatever period you view). It
  counts as meaningful only when it is at least {t.MEANINGFUL_CHANGE_POINTS:g} points **and**
  {t.MEANINGFUL_CHANGE_FRACTION:.0%} (Farrar 2001; Ostelo 2008) **and** larger than your own
  smallest detectable change: what two-week averages differ by through day-to-day ups and downs
  alone, allowing for carry-over and for every two weeks you could have looked. If your diary
  began at a bad time, part of an improvement may be pain settling back on its own, and the
  page says so.
- **Flare**: pain above your usual level (the average of the {t.FLARE_REFERENCE_DAYS} days
  before) by at least {t.FLARE_RISE_POINTS:g} points or {t.FLARE_SPREADS:g} times your usual
  day-to-day spread, whichever is larger, for {t.FLARE_MIN_DAYS} or more logged days in a row.
- **Before and after routines**: the ratings you gave just before and right after sessions,
  one value a day (several sessions on a day are averaged). Ratings right after a session drop
  whatever the routine does, so this is described, never called a finding.
- **Association is not cause.** A finding says what went together in your journal; many other
  things (sleep, stress, the weather, the pain itself) move too.
"""
    )
