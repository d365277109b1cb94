"""Routines: follow a routine step by step with timers, browse the exercises, pick a plan."""

from __future__ import annotations

import streamlit as st

from lumbarlog import clock
from lumbarlog.domain import catalog, exercises, plan, player, words
from lumbarlog.journal.errors import StoreError
from lumbarlog.ui import (
    calendar_panel,
    data,
    figures,
    flash,
    markup,
    player_cues,
    routine_run,
    widgets,
)

st.title("Routines")
figures.phone_layout()  # how the exercise pictures sit on a phone, sent once
flash.show_flash()

journal = data.journal_or_stop()
content = catalog.load()


def _start(routine_id: str) -> None:
    routine_run.start_routine(
        content.routines[routine_id], st.session_state.get("routines_pain_before")
    )


# ---- Follow a routine -----------------------------------------------------------------------


def show_chooser() -> None:
    routine_ids = list(content.routines)
    routine_run.choose_linked_routine(routine_ids)
    choice = st.selectbox(
        "Routine",
        routine_ids,
        format_func=lambda rid: (
            f"{content.routine_name(rid)} "
            f"({player.describe_seconds(content.routines[rid].total_seconds)})"
        ),
        key=routine_run.ROUTINE_KEY,
    )
    routine = content.routines[choice]
    st.write(routine.summary)
    st.caption(f"When to use it: {routine.when_to_use}")
    st.markdown(
        "\n".join(f"{n}. {step.exercise.name}" for n, step in enumerate(routine.steps, start=1))
    )
    widgets.optional_pain("Pain before (0-10), optional", "routines_pain_before")
    player_cues.sounds_toggle("chooser")
    st.button(
        f"Start {routine.name}",
        key="routines_start",
        type="primary",
        icon=":material/play_arrow:",
        on_click=_start,
        args=(choice,),
    )
    st.caption(
        "Move slowly and never into pain. Stop at once if pain shoots down a leg, or if you "
        "feel numbness or weakness; see the Learn page for signs that need a doctor."
    )
    player_cues.cue_player(None)


def show_player(state: player.PlayerState) -> None:
    step = state.current
    exercise = content.exercises[step.exercise_id]
    position = f"Step {state.index + 1} of {len(state.steps)}"
    st.progress(
        player.progress(state), text=f"{content.routine_name(state.routine_id)} · {position}"
    )
    # Words, timer and buttons come first so that on a phone they sit above the picture,
    # within reach without scrolling mid-exercise.
    words, picture = st.columns([3, 2], vertical_alignment="top")
    with words:
        st.subheader(exercise.name)
        label = player.step_label(step)
        if label:
            st.markdown(f"**{label}**")
        st.markdown(f"### {player.instruction(state)}")
        countdown(step.has_timer and not state.paused)
        controls(state)
        player_cues.cue_player(state)
    with picture:
        figures.show_start_and_end(exercise, "player")
    with st.expander("How to do it", icon=":material/list:"):
        st.markdown("\n".join(f"{n}. {text}" for n, text in enumerate(exercise.steps, start=1)))
        if exercise.cautions:
            st.markdown("**Take care**\n\n" + "\n".join(f"- {c}" for c in exercise.cautions))
    # A setting, not a step's control: below the pictures, so that on a phone the timer,
    # the buttons and both pictures fit one screen.
    player_cues.sounds_toggle("player")


def controls(state: player.PlayerState) -> None:
    """Back, pause or resume, more time, done, skip and stop, in one row that wraps on small
    screens; above it, the question when "Done, next" came before most of the step ran."""
    if state.asking is not None:
        ask_to_count(state)
    with st.container(horizontal=True, gap="small"):
        st.button("Back", key="routines_back", icon=":material/skip_previous:",
                  on_click=routine_run.act, args=(player.back,))  # fmt: skip
        if state.paused:
            st.button("Resume", key="routines_resume", icon=":material/play_arrow:",
                      on_click=routine_run.act, args=(player.resume,))  # fmt: skip
        else:
            st.button("Pause", key="routines_pause", icon=":material/pause:",
                      on_click=routine_run.act, args=(player.pause,),
                      disabled=not state.current.has_timer)  # fmt: skip
        st.button(f"Add {player.EXTEND_SECONDS} seconds", key="routines_extend",
                  icon=":material/more_time:", on_click=routine_run.act, args=(player.extend,),
                  disabled=not state.current.has_timer)  # fmt: skip
        st.button("Done, next", key="routines_next", type="primary", icon=":material/check:",
                  on_click=routine_run.act, args=(player.next_step,))  # fmt: skip
        st.button("Skip", key="routines_skip", icon=":material/skip_next:",
                  on_click=routine_run.act, args=(player.skip,))  # fmt: skip
        st.button("Stop and save", key="routines_stop", icon=":material/stop:",
                  on_click=routine_run.act, args=(player.finish,))  # fmt: skip


def ask_to_count(state: player.PlayerState) -> None:
    """A step counts as done when most of its time ran; pressed earlier, the person says."""
    ran, length = int(state.asking or 0), state.current.seconds
    with st.container(border=True, key="routines_question"):
        st.markdown(
            f"**Only {ran} of {length} seconds ran. Count it as done?**"
            if ran
            else f"**The {length} seconds have not started yet. Count it as done?**"
        )
        with st.container(horizontal=True, gap="small"):
            st.button("Count it", key="routines_count_it", type="primary",
                      on_click=routine_run.act, args=(player.confirm,))  # fmt: skip
            st.button("Not yet", key="routines_not_yet",
                      on_click=routine_run.act, args=(player.not_yet,))  # fmt: skip


def countdown(ticking: bool) -> None:
    """The time left in the current step. While it runs only this part reruns, once a second;
    when a step ends by itself the whole page reruns to show the next one."""

    @st.fragment(run_every=1 if ticking else None)
    def _timer() -> None:
        before: player.PlayerState = st.session_state[routine_run.PLAYER_KEY]
        state = player.tick(before, clock.now())
        st.session_state[routine_run.PLAYER_KEY] = state
        if state.finished or state.index != before.index:
            st.rerun(scope="app")
        step = state.current
        if not step.has_timer:
            st.markdown(f"## {step.count or ''} {'repetitions' if step.count else ''}".strip())
            st.caption("Press Done, next when you have finished.")
        elif state.get_ready_remaining > 0:
            st.markdown(f"## Get ready… {int(state.get_ready_remaining + 0.999)}")
        else:
            seconds = int(state.remaining_seconds + 0.999)
            st.markdown(f"## {seconds // 60}:{seconds % 60:02d}")
            if state.paused:
                st.caption("Paused")

    _timer()


def show_summary(state: player.PlayerState) -> None:
    routine_run.record_finished_run(state)
    player_cues.cue_player(state)  # no more tones; the screen may sleep
    completed = player.exercises_completed(state)
    summary = player.run_summary(state, content.routine_name(state.routine_id))
    saved = st.session_state.get(routine_run.RUN_SUMMARY_KEY, "")
    if state.stopped:
        # A stop is not celebrated: the run is saved as it went, a partial session.
        st.info(summary, icon=":material/stop_circle:")
        st.caption(f"{saved} A stopped routine does not count as done in your plan.".strip())
    else:
        st.success(saved or "Routine finished.", icon=":material/celebration:")
        st.write(summary)
    if completed:
        st.markdown("\n".join(f"- {content.exercise_name(i)}" for i in completed))
    if error_text := st.session_state.pop(routine_run.ERROR_KEY, None):
        st.error(markup.plain(error_text), icon=":material/error:")
    widgets.optional_pain("Pain after (0-10), optional", routine_run.PAIN_AFTER_INPUT_KEY)
    left, right = st.columns(2)
    left.button("Save pain after", key="routines_save_after", type="primary",
                on_click=routine_run.save_pain_after, args=(state,))  # fmt: skip
    right.button("Close", key="routines_close", on_click=routine_run.close_routine)


# ---- Exercise library ----------------------------------------------------------------------


def show_library() -> None:
    categories = st.pills(
        "Category", exercises.CATEGORIES, selection_mode="multi", key="routines_categories"
    )
    positions = sorted({e.position for e in content.exercises.values()})
    position = st.selectbox("Position", ["Any position", *positions], key="routines_position")
    shown = [
        e
        for e in content.exercises.values()
        if (not categories or e.category in categories)
        and (position == "Any position" or e.position == position)
    ]
    st.caption(f"{len(shown)} of {len(content.exercises)} exercises")
    for exercise in shown:
        with st.expander(f"{exercise.name} · {exercise.category} · {exercise.position}"):
            picture, words = st.columns([1, 2])
            with picture:
                figures.show_start_and_end(exercise, "library")
            with words:
                st.write(exercise.purpose)
                st.markdown(f"**Dose:** {player.describe_dose(exercise.dose)}")
                st.markdown(
                    "\n".join(f"{n}. {text}" for n, text in enumerate(exercise.steps, start=1))
                )
                if exercise.cautions:
                    st.markdown(
                        "**Take care**\n\n" + "\n".join(f"- {c}" for c in exercise.cautions)
                    )
                st.caption(f"Source: {exercise.source}. {exercise.source_note}".strip())


# ---- Plan and adherence --------------------------------------------------------------------


def show_plan() -> None:
    try:
        current = data.load_plan(journal)
    except plan.PlanError as error:
        widgets.show_problems("Your plan cannot be read, so it has not been changed.", [error])
        st.caption(
            f"Fix or remove {markup.file_name(journal.folder / plan.PLAN_FILE)} "
            "and reload this page."
        )
        return
    today = clock.today()
    with st.form("plan_form"):
        st.write("Pick the days for each routine you want to do. Leave a routine empty to skip it.")
        chosen = {}
        for routine_id, routine in content.routines.items():
            chosen[routine_id] = st.multiselect(
                f"Days for {routine.name}",
                list(range(7)),
                default=sorted(current.routines.get(routine_id, ())),
                format_func=lambda d: plan.WEEKDAY_NAMES[d],
                key=f"plan_days_{routine_id}",
                placeholder="Not planned",
            )
        submitted = st.form_submit_button("Save plan", type="primary", icon=":material/save:")
    if submitted:
        try:
            new_plan = plan.make_plan(chosen, started_on=current.started_on)
            journal.repo.save_plan(new_plan, today=today)
        except plan.PlanError as error:
            widgets.show_problems("The plan was not saved:", [error])
        except StoreError as error:
            st.error(f"The plan was not saved: {markup.plain(error)}", icon=":material/error:")
        else:
            flash.after_write("Plan saved.")
            st.rerun()

    if not current.routines:
        st.info(
            "No plan yet. Choose days above and save them to see your week here and to "
            "download it for your calendar."
        )
        return
    st.subheader("This week")
    week = plan.week_adherence(current, journal.sessions, today)
    habit = plan.habit_score(current, journal.sessions, today)
    streak = plan.current_streak(journal.sessions, today)
    done_col, streak_col, habit_col = st.columns(3)
    done_col.metric("Done this week", f"{week.done} of {len(week.planned)}")
    streak_col.metric("Streak", words.count(streak, "day"))
    habit_col.metric(
        "Habit strength",
        f"{habit.score:.0%}",
        help="Grows with every planned day you do, fades slowly on planned days you miss; "
        "days with nothing planned do not count against you.",
    )
    # Words, not symbols: an emoji shows as an empty box where no emoji font is installed.
    marks = {"done": "Done", "missed": "Missed", "open": "To do"}
    st.dataframe(
        [
            {
                "Day": f"{item.day:%a %d %b}",
                "Routine": content.routine_name(item.routine_id),
                "Status": marks[item.status],
            }
            for item in week.planned
        ],
        hide_index=True,
    )
    calendar_panel.show_calendar_export(current, content.routines, journal.folder)


# ---- The page ------------------------------------------------------------------------------

# The open tab is kept in the address (?tab=My plan): a link can open a given tab, and a run
# of the page (saving the plan, a step of the player) stays on the tab it was made from.
follow, library, plan_tab = st.tabs(
    ["Follow a routine", "Exercise library", routine_run.PLAN_TAB],
    key=routine_run.TAB_KEY,
    bind="query-params",
)
with follow:
    if not journal.can_write_sessions:
        widgets.read_only_notice("Following a routine")
    else:
        state: player.PlayerState | None = st.session_state.get(routine_run.PLAYER_KEY)
        if state is None:
            show_chooser()
        else:
            state = player.tick(state, clock.now())
            st.session_state[routine_run.PLAYER_KEY] = state
            if state.finished:
                show_summary(state)
            else:
                show_player(state)
with library:
    show_library()
with plan_tab:
    show_plan()
