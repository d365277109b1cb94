"""The routine player walks holds, counted repetitions and sides in order, counts down from
wall-clock timestamps, and records only the steps the person completed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lumbarlog.domain import catalog, exercises, player, schema

T0 = dt.datetime(2026, 5, 4, 7, 30, 0)
# Runs start this long before T0, so their first step begins (after getting ready) at T0.
READY = player.FIRST_GET_READY_SECONDS
START = T0 - dt.timedelta(seconds=READY)

EXERCISES = """
[[exercise]]
id = "leg_hold"
name = "Leg hold"
category = "stretch"
position = "on your back"
start_pose = "back_legs_straight"
end_pose = "one_knee_to_chest_leg_straight"
side_word = "leg"
steps = ["Lie down.", "Hold."]
purpose = "Testing."
cautions = []
source = "article"

[exercise.dose]
hold_seconds = 20
repetitions = 2
sides = 2
rest_seconds = 5

[[exercise]]
id = "lifts"
name = "Lifts"
category = "strength"
position = "on all fours"
start_pose = "all_fours"
end_pose = "all_fours_knee_lifted_behind"
side_word = "leg"
steps = ["Kneel.", "Lift."]
purpose = "Testing."
cautions = []
source = "article"

[exercise.dose]
repetitions = 10
seconds_per_repetition = 3
sides = 2

[[exercise]]
id = "walk"
name = "Walk"
category = "break"
position = "seated/standing"
start_pose = "walking"
end_pose = "standing_arms_down"
steps = ["Stand.", "Walk."]
purpose = "Testing."
cautions = []
source = "article"

[exercise.dose]
duration_seconds = 60
"""

ROUTINES = """
[[routine]]
id = "mixed"
name = "Mixed"
summary = "A hold on both legs, counted lifts on both legs, a walk."
when_to_use = "In tests."
steps = [{ exercise = "leg_hold" }, { exercise = "lifts" }, { exercise = "walk" }]
"""


@pytest.fixture
def routine(tmp_path: Path) -> catalog.Routine:
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "exercises.toml").write_text(EXERCISES)
    (folder / "routines.toml").write_text(ROUTINES)
    return catalog.load(folder).routines["mixed"]


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def done(state: player.PlayerState, now: dt.datetime) -> player.PlayerState:
    """ "Done, next", and "Count it" if the player asks."""
    return player.confirm(player.next_step(state, now), now)


def test_expand_gives_one_step_per_hold_side_and_set(routine):
    steps = player.expand(routine)
    assert [(s.exercise_id, s.kind, s.side, s.repetition) for s in steps] == [
        ("leg_hold", "hold", "right", 1),
        ("leg_hold", "hold", "left", 1),
        ("leg_hold", "hold", "right", 2),
        ("leg_hold", "hold", "left", 2),
        ("lifts", "reps", "right", 1),
        ("lifts", "reps", "left", 1),
        ("walk", "timed", None, 1),
    ]
    # Rest within an exercise is its rest_seconds (5) or SWITCH_SECONDS (3); a new exercise
    # gets CHANGE_SECONDS (5); the first step gives time to get into position.
    assert [s.get_ready_seconds for s in steps] == [READY, 5, 5, 5, 5, 3, 5]
    assert [s.seconds for s in steps] == [20, 20, 20, 20, 30, 30, 60]
    assert steps[4].count == 10 and steps[0].count is None
    assert routine.total_seconds == 228  # the routine's own time, without getting ready
    assert sum(s.seconds + s.get_ready_seconds for s in steps) == 228 + READY


def test_labels_and_instructions(routine):
    steps = player.expand(routine)
    assert player.step_label(steps[2]) == "Right leg, 2 of 2"
    assert player.step_label(steps[5]) == "Left leg"
    assert player.step_label(steps[6]) == ""
    assert steps[0].instruction == "Hold for 20 seconds."
    assert steps[4].instruction == "Do 10 slow repetitions at your own pace, then go on."
    assert steps[6].instruction == "Keep going for 1 minute."
    assert steps[0].exercise_name == "Leg hold"


def test_shipped_routines_expand_to_their_computed_length():
    shipped = catalog.load()
    for routine in shipped.routines.values():
        steps = player.expand(routine)
        assert sum(s.seconds + s.get_ready_seconds for s in steps) == routine.total_seconds + READY
    knee = [s for s in player.expand(shipped.routines["phase_align"]) if s.repetitions == 3]
    assert "Right leg, 2 of 3" in {player.step_label(s) for s in knee}


def test_pressing_done_through_a_routine_in_seconds_completes_nothing_unasked(routine):
    """Seen: "Done, next" through a whole routine in 7 s recorded every exercise completed."""
    state = player.start(routine, START)
    state = player.next_step(state, at(1))
    assert state.index == 0 and state.asking == 1  # asked, not counted
    assert player.next_step(player.not_yet(state, at(2)), at(2)).completed == frozenset()
    for seconds in range(2, 9):
        state = player.skip(player.not_yet(state, at(seconds)), at(seconds))
    assert state.finished and player.exercises_completed(state) == ()


def test_a_step_pressed_done_after_most_of_its_time_counts_without_asking(routine):
    state = player.start(routine, START)
    asked = player.next_step(state, at(13.3))  # 13.3 of 20 seconds: under two thirds
    assert (asked.index, asked.asking) == (0, pytest.approx(13.3))
    moved = player.next_step(state, at(13.4))
    assert (moved.index, moved.completed, moved.asking) == (1, {0}, None)
    # Counted repetitions count on "Done, next" at once; the person counts them.
    state = player.start(routine, START)
    for seconds in range(4):
        state = done(state, at(seconds))
    assert state.current.kind == "reps"
    assert player.next_step(state, at(4)).completed == {0, 1, 2, 3, 4}


def test_the_question_goes_when_the_step_ends_by_itself(routine):
    state = player.next_step(player.start(routine, START), at(5))
    assert state.asking == 5
    state = player.tick(state, at(21))
    assert (state.index, state.completed, state.asking) == (1, {0}, None)
    # Confirming or stopping ends the question too.
    state = player.next_step(state, at(22))
    assert state.asking == 0  # still getting ready: nothing ran
    assert player.confirm(state, at(23)).completed == {0, 1}
    assert player.finish(state, at(23)).asking is None


def test_time_can_be_added_to_a_timed_step(routine):
    state = player.tick(player.start(routine, START), at(15))
    assert state.remaining_seconds == 5
    assert player.instruction(state) == state.current.instruction
    state = player.extend(state, at(15))
    assert state.remaining_seconds == 35 and state.index == 0
    # The words follow the timer: the step's own length, and the time added to it.
    assert player.instruction(state) == f"{state.current.instruction} 30 seconds added."
    assert player.tick(state, at(40)).index == 0
    later = player.tick(state, at(50))
    assert later.index == 1 and later.step_started_at == at(50) and later.extra_seconds == 0
    # Added in the step's last moment, the time goes to that step, not the next one.
    late = player.extend(player.start(routine, START), at(20.5))
    assert (late.index, late.remaining_seconds) == (0, pytest.approx(29.5))
    # Counted repetitions have no timer to extend.
    reps = player.start(routine, START)
    for seconds in range(4):
        reps = done(reps, at(seconds))
    assert player.extend(reps, at(5)) is reps


def test_walking_through_with_confirmed_presses_completes_every_exercise(routine):
    state = player.start(routine, START)
    for seconds in range(7):
        assert not state.finished
        state = done(state, at(seconds))
    assert state.finished and state.finished_at == at(6)
    assert state.completed == frozenset(range(7))
    assert player.exercises_completed(state) == ("leg_hold", "lifts", "walk")
    assert player.progress(state) == 1.0


def test_back_at_the_first_step_restarts_it(routine):
    state = player.tick(player.start(routine, START), at(12))
    assert state.remaining_seconds == 8
    state = player.back(state, at(12))
    assert (state.index, state.finished, state.step_started_at) == (0, False, at(12))
    # Back at the first step gives the time to get ready again, then counts from the top.
    assert player.tick(state, at(12 + READY + 2)).remaining_seconds == 18


def test_back_returns_to_the_previous_step_and_keeps_it_completed(routine):
    state = player.next_step(player.start(routine, START), at(20))
    state = player.back(state, at(21))
    assert state.index == 0 and state.completed == {0}


def test_skip_and_next_at_the_last_step_finish(routine):
    state = player.start(routine, START)
    for seconds in range(6):
        state = player.skip(state, at(seconds))
    assert state.is_last and not state.finished
    skipped = player.skip(state, at(10))
    assert skipped.finished and 6 not in skipped.completed
    ended = done(state, at(10))
    assert ended.finished and ended.completed == {6}
    # A finished run ignores further actions.
    assert player.next_step(ended, at(11)) is ended
    assert player.back(ended, at(11)) is ended
    assert player.tick(ended, at(500)) is ended


def test_ticking_counts_down_and_moves_on_by_itself(routine):
    state = player.start(routine, START)
    state = player.tick(state, at(12))
    assert (state.index, state.remaining_seconds) == (0, 8)
    state = player.tick(state, at(20))
    assert state.index == 1 and state.completed == {0}
    assert (state.get_ready_remaining, state.remaining_seconds) == (5, 20)
    state = player.tick(state, at(27))
    assert (state.index, state.get_ready_remaining, state.remaining_seconds) == (1, 0, 18)


def test_a_late_tick_lands_on_the_right_step(routine):
    # Holds end at 20, 45, 70 and 95 s; a tick at 96 s has missed three of them.
    state = player.tick(player.start(routine, START), at(96))
    assert state.index == 4 and state.completed == {0, 1, 2, 3}
    assert state.step_started_at == at(95)
    # Counted repetitions have no timer: the person says when they are done.
    assert player.tick(state, at(900)).index == 4


def test_a_timed_step_ends_the_routine_on_time(routine):
    state = player.start(routine, START)
    for seconds in range(6):
        state = done(state, at(seconds))
    assert state.index == 6 and state.step_started_at == at(5)
    state = player.tick(state, at(5 + 5 + 30))
    assert state.remaining_seconds == 30 and not state.finished
    state = player.tick(state, at(5 + 5 + 60 + 1))
    assert state.finished and state.finished_at == at(70)
    assert player.exercises_completed(state) == ("leg_hold", "lifts", "walk")


def test_pause_stops_the_countdown(routine):
    state = player.pause(player.start(routine, START), at(5))
    assert state.paused and state.remaining_seconds == 15
    state = player.tick(state, at(100))
    assert (state.index, state.remaining_seconds) == (0, 15)
    state = player.resume(state, at(100))
    assert not state.paused and state.remaining_seconds == 15
    assert player.tick(state, at(110)).remaining_seconds == 5
    moved_on = player.tick(state, at(115))
    assert moved_on.index == 1 and moved_on.step_started_at == at(115)


def test_pausing_twice_counts_both_pauses(routine):
    state = player.start(routine, START)
    state = player.resume(player.pause(state, at(2)), at(12))
    state = player.resume(player.pause(state, at(14)), at(24))
    assert player.tick(state, at(30)).remaining_seconds == 20 - 10


def test_a_step_entered_while_paused_stays_paused(routine):
    state = done(player.pause(player.start(routine, START), at(3)), at(50))
    assert state.paused and state.index == 1
    assert player.tick(state, at(500)).remaining_seconds == 20
    assert player.tick(player.resume(state, at(60)), at(70)).get_ready_remaining == 0


def test_finishing_early_records_only_completed_steps(routine):
    state = player.start(routine, START)
    state = player.tick(state, at(21))  # right leg done by the timer
    state = player.skip(state, at(22))  # left leg skipped
    state = player.tick(state, at(40))
    state = player.finish(state, at(40))
    assert state.finished and state.completed == {0}
    # One side of one hold is not the exercise done.
    assert player.exercises_completed(state) == ()
    session = player.session_record(state, at(41), pain_before=5, pain_after=4)
    assert session == schema.Session(
        start=START,  # the run began when the person pressed Start
        end=at(40),
        routine_id="mixed",
        exercises_completed=(),
        pain_before=5,
        pain_after=4,
        outcome="stopped",
    )


def test_an_exercise_counts_when_all_its_steps_are_done(routine):
    state = player.start(routine, START)
    for seconds in range(4):
        state = done(state, at(seconds))
    state = player.next_step(state, at(10))  # lifts, right leg
    state = player.finish(state, at(11))  # left leg never done
    assert player.exercises_completed(state) == ("leg_hold",)
    record = player.session_record(state, at(12))
    assert record.exercises_completed == ("leg_hold",) and record.end == at(11)


def test_progress_grows_with_time(routine):
    state = player.start(routine, START)
    assert player.progress(state) == 0
    fractions = [player.progress(player.tick(state, at(s))) for s in (5, 20, 30, 95, 96)]
    assert fractions == sorted(fractions)
    assert fractions[0] == pytest.approx((READY + 5) / (READY + 228))
    assert fractions[3] == pytest.approx((READY + 95) / (READY + 228))


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 second"),
        (45, "45 seconds"),
        (60, "1 minute"),
        (900, "15 minutes"),
        (150, "2 minutes 30 seconds"),
    ],
)
def test_describe_seconds(seconds, words):
    assert player.describe_seconds(seconds) == words


@pytest.mark.parametrize(
    ("dose", "words"),
    [
        (
            exercises.Dose("hold", repetitions=3, sides=2, hold_seconds=20),
            "hold 20 s, 3 times each side",
        ),
        (exercises.Dose("reps", repetitions=10), "10 repetitions"),
        (exercises.Dose("reps", repetitions=8, sides=2, sets=2), "8 repetitions each side, 2 sets"),
        (exercises.Dose("timed", duration_seconds=150), "2 minutes 30 seconds"),
        (
            exercises.Dose("timed", duration_seconds=60, note="at an easy pace"),
            "1 minute (at an easy pace)",
        ),
    ],
)
def test_a_dose_in_words(dose: exercises.Dose, words: str) -> None:
    assert player.describe_dose(dose) == words


def test_every_catalog_dose_has_words() -> None:
    for exercise in catalog.load().exercises.values():
        words = player.describe_dose(exercise.dose)
        assert words and "None" not in words, exercise.id


def test_a_run_stopped_before_its_end_is_told_from_one_that_reached_it(routine):
    state = player.start(routine, START)
    stopped = player.finish(player.next_step(state, at(25)), at(30))
    assert stopped.finished and stopped.stopped
    assert player.session_record(stopped, at(31)).outcome == "stopped"
    ended = state
    for k in range(len(ended.steps)):
        ended = done(ended, at(30 * (k + 1)))
    assert ended.finished and not ended.stopped
    assert player.session_record(ended, at(500)).outcome == "finished"


@pytest.mark.parametrize(
    ("presses", "seconds", "words"),
    [
        (1, 30, "Stopped after 0 of 3 exercises (30 seconds), saved as a partial session."),
        (4, 61, "Stopped after 1 of 3 exercises (1 minute 1 second), saved as a partial session."),
        (7, 7, "Mixed: 3 of 3 exercises completed in 7 seconds."),
    ],
)
def test_a_run_in_words_says_how_far_it_went_and_how_long_it_took(routine, presses, seconds, words):
    state = player.start(routine, T0)
    for _ in range(presses):
        state = done(state, at(seconds))
    state = player.finish(state, at(seconds))
    assert player.run_summary(state, "Mixed") == words


def test_the_first_step_waits_while_the_person_gets_into_position(routine):
    """A routine is started standing at the screen; the first hold must not count down while
    the person gets onto the floor."""
    state = player.start(routine, T0)
    assert (state.index, state.get_ready_remaining, state.remaining_seconds) == (0, READY, 20)
    state = player.tick(state, at(READY - 1))
    assert (state.get_ready_remaining, state.remaining_seconds) == (1, 20)  # not counting yet
    state = player.tick(state, at(READY + 5))
    assert (state.get_ready_remaining, state.remaining_seconds) == (0, 15)
