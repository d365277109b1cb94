"""Today: the day at a glance, a quick log, the next planned routine and one fitting tip."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from lumbarlog import clock
from lumbarlog.analysis import tips
from lumbarlog.analysis.daily import daily_series
from lumbarlog.analysis.weeks import compare_weeks
from lumbarlog.domain import catalog, plan, player
from lumbarlog.journal import rows
from lumbarlog.ui import (
    data,
    experiment_panel,
    flash,
    markup,
    measures_check,
    quick_log,
    red_flag_check,
    routine_run,
    session,
)

RED_FLAG_PAIN = 8  # pain this high is a reason to check the red flags before anything else
TIP_DAYS = 60

today = clock.today()
st.title("Today", anchor=False)  # no "Link to heading" stop in the Tab order
st.caption(f"{today:%A %d %B %Y}")
flash.show_flash()

# A database gone while the quick log is filled in: the form stays as typed, to save once back.
journal = data.journal_or_stop(meanwhile=quick_log.show_unread)

content = catalog.load()
entries = journal.entries
entry = rows.entry_for(entries, today)

# The check comes first when today's notes mention a red-flag sign, whatever the pain.
if (
    entry is not None
    and not red_flag_check.show_red_flag_signs(entry.notes)
    and entry.pain >= RED_FLAG_PAIN
):
    red_flag_check.show_red_flags(heading=f"Your pain today is {entry.pain} out of 10.")

quick_log.show(journal, entry)

# ---- The week in numbers ---------------------------------------------------------------------
week, adherence_col = st.columns(2)
with week:
    # Only recent weeks matter here (the tips look back six weeks at most), so a long journal
    # costs no more than a short one.
    daily = daily_series(entries, journal.sessions, today - dt.timedelta(days=TIP_DAYS), today)
    weeks = compare_weeks(daily, today)
    change = weeks.change
    if weeks.mean_last is not None and change is not None:
        st.metric(
            "Average pain, last 7 days",
            f"{weeks.mean_last:.1f}",
            delta=f"{change:+.1f} against the 7 days before"
            if change
            else "same as the 7 days before",
            # Less pain is good news: shown green; colour only beyond everyday ups and downs.
            delta_color="inverse" if weeks.beyond_everyday else "off",
            delta_arrow="auto" if change else "off",
            help=f"Logged days: {weeks.logged_last} in the last 7 days, {weeks.logged_before} "
            "in the 7 days before. Changes under about 2 points are within everyday ups and "
            "downs.",
        )
    elif weeks.mean_last is not None:
        st.metric("Average pain, last 7 days", f"{weeks.mean_last:.1f}")
        st.caption("Log the days of next week too to see how they compare.")
    else:
        st.metric("Average pain, last 7 days", "–")
        st.caption("No days logged in the last week.")

try:
    current_plan = data.load_plan(journal)
except plan.PlanError as error:
    current_plan = plan.Plan()
    st.warning(f"Your plan cannot be read: {markup.plain(error)}", icon=":material/warning:")

this_week = plan.week_adherence(current_plan, journal.sessions, today)
with adherence_col:
    if current_plan.routines:
        st.metric(
            "Planned routines done this week", f"{this_week.done} of {len(this_week.planned)}"
        )
    else:
        st.metric("Planned routines done this week", "–")
        st.page_link(
            "app_pages/routines.py",
            label="Pick a plan",
            icon=":material/event:",
            query_params={routine_run.TAB_KEY: routine_run.PLAN_TAB},
        )


# ---- A self-experiment's assignment, then the next routine -----------------------------------
# A routine the experiment asks not to do today is not offered, even when the plan has it.
withheld = experiment_panel.today_card(journal, today)
open_today = [
    item.routine_id
    for item in this_week.on(today)
    if item.status == "open" and item.routine_id != withheld
]
with st.container(border=True):
    if open_today:
        routine = content.routines[open_today[0]]
        st.markdown(f"**Next planned routine: {routine.name}**")
        st.caption(f"{player.describe_seconds(routine.total_seconds)} · {routine.summary}")
        if st.button(
            f"Start {routine.name}", key="today_start", type="primary", icon=":material/play_arrow:"
        ):
            routine_run.start_routine(routine)
            st.switch_page("app_pages/routines.py")
    elif current_plan.routines:
        st.markdown("**Nothing left on your plan for today.**")
        st.page_link(
            "app_pages/routines.py", label="Browse routines", icon=":material/self_improvement:"
        )
    else:
        st.markdown(
            "**No plan yet.** A short routine most days helps more than a long one now and then."
        )
        st.page_link(
            "app_pages/routines.py", label="Browse routines", icon=":material/self_improvement:"
        )

measures_check.show(journal)  # the weekly PEG and STarT Back, open when due

# ---- One tip -----------------------------------------------------------------------------------
if daily["logged"].any():
    fitting = tips.fitting_tips(daily, today, entries=entries)
    if fitting:
        tip = fitting[0]
        with st.container(border=True):
            st.markdown(f"**Tip: {tip.title}**")
            st.write(tip.text)
            if tip.reason:
                st.caption(f"Why this tip: {tip.reason}")

# The demo stays one tap away once days are logged (an empty journal offers it beside the form).
if not entries.empty and not session.in_demo():
    session.demo_button("demo_start_today")

st.caption(
    "Lumbar Log is not medical advice. Numbness around the groin or buttocks, difficulty "
    "peeing, or pain or numbness in both legs need an emergency department (A&E, ER) now; the "
    "Learn page lists every sign and how soon to act."
)
