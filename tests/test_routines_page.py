"""The Routines page as a person uses it: pick a plan, follow a routine through its buttons."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from lumbarlog.domain import catalog
from lumbarlog.journal.csv_files import load_entries, load_sessions
from lumbarlog.journal.days import log_day
from lumbarlog.journal.rows import entry_for
from tests.pinned_day import TODAY

from .test_pages import open_page


def press_done_until_finished(app: AppTest, limit: int = 50) -> int:
    """ "Done, next" on every step, and "Count it" when asked (the steps do not run here)."""
    presses = 0
    while any(b.key == "routines_next" for b in app.button):
        assert presses < limit, "the routine never finished"
        press_done(app)
        presses += 1
    return presses


def press_done(app: AppTest) -> None:
    app.button(key="routines_next").click().run()
    assert not app.exception
    if any(b.key == "routines_count_it" for b in app.button):
        app.button(key="routines_count_it").click().run()
        assert not app.exception


def test_pick_a_plan_and_see_it_saved(journal_dir: Path) -> None:
    app = open_page("app_pages/routines.py")
    app.multiselect(key="plan_days_morning_stretches").set_value([0, 2, 4])
    app.multiselect(key="plan_days_desk_break").set_value([0, 1, 2, 3, 4])
    app.button(key="FormSubmitter:plan_form-Save plan").click().run()
    assert not app.exception
    saved = json.loads((journal_dir / "plan.json").read_text())
    assert saved["routines"] == {"morning_stretches": [0, 2, 4], "desk_break": [0, 1, 2, 3, 4]}
    assert saved["started_on"] == TODAY.isoformat()
    # The week's adherence appears, counting the planned routines of this week.
    # The plan counts from today, so this week holds the planned days from today to Sunday.
    rest_of_week = range(TODAY.weekday(), 7)
    planned = sum(d in rest_of_week for d in (0, 2, 4)) + sum(d in rest_of_week for d in range(5))
    week_metric = next(m for m in app.metric if m.label == "Done this week")
    assert week_metric.value == f"0 of {planned}"
    # Each planned day says its status in words: no symbol that needs an emoji font.
    [week] = [frame.value for frame in app.dataframe]
    assert set(week["Status"]) <= {"Done", "Missed", "To do"}
    assert (week["Status"] == "To do").sum() == planned


def test_follow_a_routine_to_the_end_records_the_session_and_the_days_exercises(
    journal_dir: Path,
) -> None:
    log_day(
        journal_dir,
        {"date": TODAY, "pain": 5, "exercises": "walking_break"},
        known_exercises=catalog.exercise_ids(),
        today=TODAY,
    )
    app = open_page("app_pages/routines.py")
    app.selectbox(key="routine").set_value("relief_60_seconds").run()
    app.number_input(key="routines_pain_before").set_value(6)
    app.button(key="routines_start").click().run()
    assert not app.exception
    routine = catalog.load().routines["relief_60_seconds"]
    steps = press_done_until_finished(app)
    assert steps >= len(routine.steps)
    assert any("Session saved" in s.value for s in app.success)

    [session] = load_sessions(journal_dir).to_dict("records")
    assert session["routine_id"] == "relief_60_seconds"
    assert session["exercises_completed"] == routine.exercise_ids
    assert session["pain_before"] == 6
    entry = entry_for(load_entries(journal_dir), TODAY)
    assert entry is not None
    assert set(entry.exercises) == {"walking_break", *routine.exercise_ids}

    app.number_input(key="routines_pain_after").set_value(3)
    app.button(key="routines_save_after").click().run()
    assert load_sessions(journal_dir)["pain_after"].tolist() == [3.0]
    # Back to the chooser, ready for the next routine.
    assert app.button(key="routines_start")


def test_stopping_early_records_only_what_was_completed(journal_dir: Path) -> None:
    app = open_page("app_pages/routines.py")
    app.selectbox(key="routine").set_value("morning_stretches").run()
    app.button(key="routines_start").click().run()
    first = catalog.load().routines["morning_stretches"].steps[0]
    # Finish every step of the first exercise, skip one step of the next, then stop.
    while app.get("subheader")[0].value == first.exercise.name:
        press_done(app)
    app.button(key="routines_skip").click().run()
    app.button(key="routines_stop").click().run()
    assert not app.exception
    [session] = load_sessions(journal_dir).to_dict("records")
    assert session["exercises_completed"] == (first.exercise.id,)
    # Said as a stop, not celebrated as a finished routine.
    assert [s.value for s in app.success] == []
    [stopped] = [i.value for i in app.info if i.value.startswith("Stopped")]
    total = len(catalog.load().routines["morning_stretches"].exercise_ids)
    assert stopped.startswith(f"Stopped after 1 of {total} exercises (")
    assert stopped.endswith("saved as a partial session.")
    # The day is not logged yet, so the Log form offers the routine's exercises as done.
    log = open_page("app_pages/log.py")
    assert log.button_group(key="log_exercises").value == [first.exercise.id]


def test_the_library_filters_by_category(journal_dir: Path) -> None:
    app = open_page("app_pages/routines.py")
    everything = [e.label for e in app.expander]
    assert len([x for x in everything if " · " in x]) == 13
    app.get("button_group")[0].set_value(["strength"]).run()
    shown = [e.label for e in app.expander if " · " in e.label]
    strength = {e.name for e in catalog.load().exercises.values() if e.category == "strength"}
    assert {label.split(" · ")[0] for label in shown} == strength


def test_done_before_a_step_ran_asks_before_counting_it(journal_dir: Path) -> None:
    """Seen: "Done, next" through a whole routine in seconds recorded every exercise done."""
    app = open_page("app_pages/routines.py")
    app.selectbox(key="routine").set_value("relief_60_seconds").run()
    app.button(key="routines_start").click().run()
    first = app.get("subheader")[0].value
    app.button(key="routines_next").click().run()
    assert not app.exception
    question = [m.value for m in app.markdown if "Count it as done?" in m.value]
    assert question and "have not started yet" in question[0]
    assert app.get("subheader")[0].value == first  # still on the step
    app.button(key="routines_not_yet").click().run()
    assert not any(b.key == "routines_count_it" for b in app.button)
    assert app.get("subheader")[0].value == first
    # Skipping through records a stopped-free, finished run with nothing completed.
    while any(b.key == "routines_skip" for b in app.button):
        app.button(key="routines_skip").click().run()
    [session] = load_sessions(journal_dir).to_dict("records")
    assert session["exercises_completed"] == ()
    assert session["outcome"] == "finished"


def test_a_stopped_routine_is_recorded_as_stopped_and_does_not_tick_the_plan(
    journal_dir: Path,
) -> None:
    """Seen: "Stop and save" after 2 of 20 steps celebrated and ticked the plan for the week."""
    app = open_page("app_pages/routines.py")
    app.multiselect(key="plan_days_morning_stretches").set_value([TODAY.weekday()])
    app.button(key="FormSubmitter:plan_form-Save plan").click().run()
    app.selectbox(key="routine").set_value("morning_stretches").run()
    app.button(key="routines_start").click().run()
    press_done(app)
    press_done(app)
    app.button(key="routines_stop").click().run()
    assert not app.exception
    [session] = load_sessions(journal_dir).to_dict("records")
    assert session["outcome"] == "stopped"
    assert (journal_dir / "sessions.csv").read_text().splitlines()[1].endswith(",stopped")
    assert [s.value for s in app.success] == []
    week_metric = next(m for m in app.metric if m.label == "Done this week")
    assert week_metric.value == "0 of 1"
    streak = next(m for m in app.metric if m.label == "Streak")
    assert streak.value == "0 days"
    today = open_page("app_pages/today.py")
    assert not today.exception
