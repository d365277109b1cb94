"""Today: the day at a glance, a quick log, the next planned routine and one fitting tip."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from lumbarlog import clock
from lumbarlog.analysis import tips
from lumbarlog.analysis.daily import daily_series
from lumbarlog.analysis.weeks import compare_weeks
from lumbarlog.domain import catalog, plan, player, records, schema
from lumbarlog.journal import rows
from lumbarlog.journal.days import DayChanged
from lumbarlog.journal.errors import StoreError
from lumbarlog.ui import (
    data,
    flash,
    history,
    markup,
    questions,
    red_flag_check,
    routine_run,
    session,
    widgets,
)

RED_FLAG_PAIN = 8  # pain this high is a reason to check the red flags before anything else
TIP_DAYS = 60

today = clock.today()
st.title("Today")
st.caption(f"{today:%A %d %B %Y}")
flash.show_flash()

journal = data.journal_or_stop()

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

TODAY_CONFLICT_KEY = "today_conflict"


def _save_today() -> None:
    state = st.session_state
    repo = session.journal()
    day = clock.today()
    try:
        raw = {
            "date": day,
            "pain": state.get("today_pain"),
            "sitting_hours": state.get("today_sitting"),
            "notes": state.get("today_notes"),
            # Routines followed today count as done without retyping (under today's ids, for
            # sessions recorded before an exercise was renamed).
            "exercises": [
                content.current_exercise_id(i)
                for i in rows.exercises_from_sessions(repo.sessions().frame, day)
            ],
        }
        new = records.validate_entry(raw, known_exercises=content.exercises.keys(), today=day)
        saved = repo.save_day(new, shown=None)
    except schema.ValidationError as error:
        state["today_problems"] = error.problems
    except DayChanged as conflict:
        # Logged meanwhile in another window: ask, showing both, never drop either.
        questions.ask(TODAY_CONFLICT_KEY, (conflict.conflict.now, new))
    except StoreError as error:
        state["today_error"] = f"Nothing was saved: {error}"
    else:
        flash.after_write(f"Saved today: {history.describe(saved, content.exercise_name)}.")


def _conflict(question: object) -> tuple[schema.Entry, schema.Entry] | None:
    """Today as saved in the other window and as the person filled it in, from the question
    _save_today asked (None: no such question)."""
    match question:
        case (schema.Entry() as now, schema.Entry() as new):
            return now, new
    return None


def _replace_today() -> None:
    conflict = _conflict(questions.answer(TODAY_CONFLICT_KEY))
    if conflict is None:
        return
    now, new = conflict
    try:
        session.journal().save_day(new, shown=now)
    except DayChanged:
        st.session_state["today_error"] = "Today changed again in another window; nothing saved."
        return
    except StoreError as error:
        st.session_state["today_error"] = f"Nothing was saved: {error}"
        return
    flash.after_write(f"Replaced today: {history.describe(new, content.exercise_name)}.")


def _keep_today() -> None:
    if questions.answer(TODAY_CONFLICT_KEY):
        flash.after_write("Kept today's entry from the other window; yours was not saved.")


# ---- Today's entry -----------------------------------------------------------------------------
if error_text := st.session_state.pop("today_error", None):
    st.error(markup.plain(error_text), icon=":material/error:")
conflict = _conflict(questions.open_question(TODAY_CONFLICT_KEY))
if entry is not None and conflict is not None:
    now, new = conflict
    with st.container(border=True):
        st.warning(
            "Today was logged in another window while you filled this in. Which one to keep?",
            icon=":material/warning:",
        )
        st.markdown(
            f"- **Saved there**: {markup.plain(history.describe(now, content.exercise_name))}\n"
            f"- **Yours**: {markup.plain(history.describe(new, content.exercise_name))}"
        )
        left, right = st.columns(2)
        left.button("Use yours", key="today_replace", type="primary", on_click=_replace_today)
        right.button("Keep the saved one", key="today_keep", on_click=_keep_today)
if entry is not None:
    with st.container(border=True):
        st.markdown("**Logged today**")
        pain_col, sitting_col, exercise_col = st.columns(3)
        pain_col.metric("Pain today (0-10)", entry.pain)
        sitting_col.metric(
            "Hours sitting", "-" if entry.sitting_hours is None else f"{entry.sitting_hours:g}"
        )
        exercise_col.metric("Exercises done", len(entry.exercises))
        st.page_link("app_pages/log.py", label="Change it on the Log page", icon=":material/edit:")
elif not journal.can_write_entries:
    widgets.read_only_notice("Logging today")
else:
    with st.form("today_form", border=True):
        st.markdown("**How is your back today?**")
        widgets.pain_slider("today_pain", label="Pain today (0-10)")
        widgets.sitting_input("today_sitting")
        st.text_area(
            "Notes", max_chars=schema.NOTES_MAX_CHARS, key="today_notes", placeholder="Optional"
        )
        # Saved in the callback, which runs even when the next run no longer draws this form
        # (today was logged in another window meanwhile): the save is then asked about, never
        # silently dropped.
        st.form_submit_button("Save", type="primary", icon=":material/save:", on_click=_save_today)
if problems := st.session_state.pop("today_problems", None):
    widgets.show_problems("Nothing was saved. Please check:", problems)
if entry is None and entries.empty:
    session.offer_demo()

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
        st.page_link("app_pages/routines.py", label="Pick a plan", icon=":material/event:")


# ---- Next routine ------------------------------------------------------------------------------
open_today = [item.routine_id for item in this_week.on(today) if item.status == "open"]
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

st.caption(
    "Lumbar Log is not medical advice. Numbness around the groin or buttocks, difficulty "
    "peeing, or pain or numbness in both legs need an emergency department (A&E, ER) now; the "
    "Learn page lists every sign and how soon to act."
)
