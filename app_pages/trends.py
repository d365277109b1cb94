"""Trends: pain against sitting and exercise, findings with their numbers, tips beside them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from lumbarlog import clock
from lumbarlog.analysis import sentences
from lumbarlog.analysis.results import MeaningfulChange, NotEnoughData
from lumbarlog.analysis.rules import RECENT_DAYS
from lumbarlog.domain import catalog
from lumbarlog.ui import data, flash, report_panel, routine_run, session, trends_view, widgets

st.title("Trends")
flash.show_flash()

journal = data.journal_or_stop()
if journal.entries.empty:
    st.info("Nothing to show yet: log a few days on the Log page and your trends appear here.")
    session.offer_demo()
    st.stop()

today = clock.today()
first_logged = journal.entries["date"].min().date()
start, last_day = widgets.period_picker(
    first_logged, max(journal.entries["date"].max().date(), today), key="trends"
)
shown = trends_view.trends(journal, start, last_day, today)
report, drawn, fitting = shown.report, shown.charts, shown.tips
daily = report.daily

logged = int(daily["logged"].sum())
st.caption(
    f"{logged} logged days between {daily['date'].min():%d %b %Y} and "
    f"{daily['date'].max():%d %b %Y}. Findings describe what went together in your journal; "
    "they do not show what causes what."
)
report_start = start or first_logged
with st.container(horizontal=True, gap="medium", vertical_alignment="center"):
    report_panel.download(
        journal, report_panel.request(journal, report_start, last_day), key="trends_report_pdf"
    )
    report_panel.printable_link(report_start, last_day)


def finding(result: sentences.Finding) -> None:
    """One finding: its sentence, or how many more days it needs."""
    if isinstance(result, NotEnoughData):
        st.caption(sentences.of(result))
    else:
        st.markdown(f"- {sentences.of(result)}")


def tips_for(conditions: tuple[str, ...], topics: tuple[str, ...] | None = None) -> None:
    """The tips that fit the data and belong beside this chart."""
    chosen = [t for t in fitting if t.when in conditions and (topics is None or t.topic in topics)]
    for tip in chosen[:2]:
        with st.container(border=True):
            st.markdown(f"**{tip.title}**")
            st.write(tip.text)
            if tip.reason:
                st.caption(f"Why this tip: {tip.reason}")
            if tip.routine:
                st.page_link(
                    "app_pages/routines.py",
                    label=f"Routine: {catalog.load().routine_name(tip.routine)}",
                    icon=":material/self_improvement:",
                    query_params={routine_run.ROUTINE_KEY: tip.routine},
                )


# Each section: a chart on the left, its findings and tips on the right.
SECTION_COLUMNS = [3, 2]


@contextmanager
def section(title: str, *charts: str) -> Iterator[None]:
    """A section's heading and charts; what runs inside goes beside the charts."""
    st.subheader(title)
    left, right = st.columns(SECTION_COLUMNS, gap="large")
    with left:
        for chart in charts:
            trends_view.show_chart(drawn[chart], chart, CHART_NAMES[chart])
    with right:
        yield


# What each chart's table is called ("Show as table: ...").
CHART_NAMES = {
    "timeline": "pain over time",
    "sitting_days": "hours sitting",
    "sitting": "sitting and next-day pain",
    "next_day": "exercise and next-day pain",
    "exercises": "each exercise",
    "sessions": "pain before and after routines",
    "calendar": "calendar",
}


# ---- Pain over time --------------------------------------------------------------------------
with section("Pain over time", "timeline", "sitting_days"):
    if isinstance(report.change, MeaningfulChange):
        change = report.change
        st.metric(
            f"Average pain, last {RECENT_DAYS} days",
            f"{change.recent_mean:.1f}",
            delta=(
                f"{change.change:+.1f} against {change.baseline_start:%d %b} to "
                f"{change.baseline_end:%d %b %Y}"
            ),
            # Coloured only when the change is meaningful; otherwise it is grey.
            delta_color="inverse" if change.claimed else "off",
        )
    finding(report.change)
    finding(report.trend)
    for flare in report.flares[-3:]:
        st.markdown(f"- {sentences.of(flare)}")
    tips_for(("pain_rising_or_flare", "persistent_pain"))

# ---- Sitting -----------------------------------------------------------------------------------
with section("Sitting and pain", "sitting"):
    finding(report.sitting.same_day)
    finding(report.sitting.next_day)
    tips_for(("high_sitting",))

# ---- Exercise ----------------------------------------------------------------------------------
with section("Exercise and next-day pain", "next_day"):
    finding(report.exercise)
    tips_for(("no_recent_exercise", "morning_pain"))

# ---- Each exercise -----------------------------------------------------------------------------
tested = [e for e in report.per_exercise if e.enough]
with section("Each exercise", "exercises"):
    for effect in tested[:4]:
        st.markdown(f"- {sentences.of(effect)}")
    waiting = [e for e in report.per_exercise if not e.enough]
    if waiting:
        st.caption(
            f"{len(waiting)} {'exercise needs' if len(waiting) == 1 else 'exercises need'} "
            "more days before they can be compared: "
            + ", ".join(e.name for e in waiting[:5])
            + ("…" if len(waiting) > 5 else "")
        )
    tips_for(("always",), topics=("stretching", "movement", "core", "hips"))

# ---- Routines ----------------------------------------------------------------------------------
with section("Pain before and after routines", "sessions"):
    finding(report.session)

# ---- Calendar ----------------------------------------------------------------------------------
st.subheader("Calendar")
trends_view.show_chart(drawn["calendar"], "calendar", CHART_NAMES["calendar"])

with st.expander("How is this computed?", icon=":material/functions:"):
    trends_view.show_methods()
    st.caption("Every number above is computed from your own journal, on this computer.")
