"""A routine as a sequence of timed steps: pure state, no streamlit.

``expand`` turns a routine into ``PlayerStep`` items: one per hold of every side and set, one
per side and set for counted repetitions, one per timed activity. ``PlayerState`` is frozen;
every action (``start``, ``tick``, ``pause``, ``resume``, ``next_step``, ``skip``, ``back``,
``finish``) returns a new state.

The timer works from wall-clock timestamps, not from counting ticks, so a page that reruns
once a second (or late, or rarely) still shows the exact time left: the time left in a step is
its length minus the time since it began, minus the time spent paused. A step first gives
the person ``get_ready_seconds`` to change side or position (the rest the catalog counts in a
routine's length), then counts down. When a hold or timed step reaches zero it is complete and
the next one begins at the moment it ended, so even a tick that comes minutes late lands on
the right step.

Counted repetitions have no timer: the person presses next when done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from lumbarlog.domain.catalog import CHANGE_SECONDS, Routine
from lumbarlog.domain.exercises import Dose
from lumbarlog.domain.schema import Session

# Seconds to get into position before the first step: the person may need to get down on the
# floor, so the first countdown never starts on the first paint. Not part of a routine's length
# (Routine.total_seconds is the time of its exercises and the changes between them).
FIRST_GET_READY_SECONDS = 10
SIDE_NAMES: tuple[str, ...] = ("right", "left")


@dataclass(frozen=True)
class PlayerStep:
    """One thing to do in the player.

    ``seconds`` is the countdown of a hold or timed step, and an estimate for reps (which are
    counted by the person: ``count`` movements). ``repetition`` of ``repetitions`` numbers the
    holds on one side; ``routine_step`` is the index of the routine step it belongs to.
    """

    exercise_id: str
    exercise_name: str
    routine_step: int
    kind: str
    seconds: int
    count: int | None
    side: str | None
    side_label: str
    repetition: int
    repetitions: int
    set_number: int
    sets: int
    get_ready_seconds: int
    instruction: str

    @property
    def has_timer(self) -> bool:
        """Holds and timed steps count down and end by themselves; reps wait for the person."""
        return self.kind != "reps"


@dataclass(frozen=True)
class PlayerState:
    """Where the person is in a routine.

    ``remaining_seconds`` and ``get_ready_remaining`` are as of the last action or tick.
    ``step_started_at`` is when the current step (its get-ready time) began and
    ``paused_seconds`` how long it has been paused since; ``completed`` holds the indices of
    the steps the person finished (by the timer or by pressing next), never skipped ones.
    """

    routine_id: str
    steps: tuple[PlayerStep, ...]
    index: int
    remaining_seconds: float
    get_ready_remaining: float
    paused: bool
    started_at: dt.datetime
    step_started_at: dt.datetime
    paused_at: dt.datetime | None
    paused_seconds: float
    finished: bool
    finished_at: dt.datetime | None
    completed: frozenset[int]
    stopped: bool = False  # ended with Stop before its last step, not by reaching the end

    @property
    def current(self) -> PlayerStep:
        """The step shown now (the last one once finished)."""
        return self.steps[self.index]

    @property
    def is_last(self) -> bool:
        return self.index == len(self.steps) - 1


# --------------------------------------------------------------------------------------------
# Steps
# --------------------------------------------------------------------------------------------


def expand(routine: Routine) -> tuple[PlayerStep, ...]:
    """The routine as player steps, in order. Holds alternate sides each repetition (right,
    left, right, ...) so each side rests; counted repetitions finish one side first."""
    steps: list[PlayerStep] = []
    for routine_index, routine_step in enumerate(routine.steps):
        exercise, dose = routine_step.exercise, routine_step.dose
        sides: tuple[str | None, ...] = SIDE_NAMES if dose.sides == 2 else (None,)
        holds_per_side = dose.repetitions if dose.kind == "hold" else 1
        for set_number in range(1, dose.sets + 1):
            for repetition in range(1, holds_per_side + 1):
                for side in sides:
                    if not steps:
                        get_ready = FIRST_GET_READY_SECONDS
                    elif steps[-1].routine_step == routine_index:
                        get_ready = dose.pause_seconds
                    else:
                        get_ready = CHANGE_SECONDS
                    side_label = f"{side} {exercise.side_word}" if side else ""
                    count = dose.repetitions if dose.kind == "reps" else None
                    steps.append(
                        PlayerStep(
                            exercise_id=exercise.id,
                            exercise_name=exercise.name,
                            routine_step=routine_index,
                            kind=dose.kind,
                            seconds=dose.step_seconds,
                            count=count,
                            side=side,
                            side_label=side_label,
                            repetition=repetition,
                            repetitions=holds_per_side,
                            set_number=set_number,
                            sets=dose.sets,
                            get_ready_seconds=get_ready,
                            instruction=_instruction(dose.kind, dose.step_seconds, count),
                        )
                    )
    return tuple(steps)


def _instruction(kind: str, seconds: int, count: int | None) -> str:
    if kind == "hold":
        return f"Hold for {describe_seconds(seconds)}."
    if kind == "timed":
        return f"Keep going for {describe_seconds(seconds)}."
    noun = "repetition" if count == 1 else "repetitions"
    return f"Do {count} slow {noun} at your own pace, then go on."


def describe_dose(dose: Dose) -> str:
    """The dose in words: "hold 20 s, 3 times each side"."""
    each = " each side" if dose.sides == 2 else ""
    if dose.kind == "hold":
        text = f"hold {dose.hold_seconds} s, {dose.repetitions} times{each}"
    elif dose.kind == "reps":
        text = f"{dose.repetitions} repetitions{each}"
    else:
        text = describe_seconds(dose.duration_seconds or 0)
    if dose.sets > 1:
        text += f", {dose.sets} sets"
    return text + (f" ({dose.note})" if dose.note else "")


def describe_seconds(seconds: float) -> str:
    """A length of time in words: "20 seconds", "1 minute", "2 minutes 30 seconds"."""
    minutes, rest = divmod(round(seconds), 60)
    words = [_count(minutes, "minute")] if minutes else []
    if rest or not minutes:
        words.append(_count(rest, "second"))
    return " ".join(words)


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def step_label(step: PlayerStep) -> str:
    """Where a step sits in its exercise, like "Right leg, 2 of 3"; "" for a one-off step."""
    parts = []
    if step.side_label:
        parts.append(step.side_label)
    if step.repetitions > 1:
        parts.append(f"{step.repetition} of {step.repetitions}")
    if step.sets > 1:
        parts.append(f"set {step.set_number} of {step.sets}")
    label = ", ".join(parts)
    return label[:1].upper() + label[1:]


# --------------------------------------------------------------------------------------------
# Actions: each returns a new state
# --------------------------------------------------------------------------------------------


def start(routine: Routine, now: dt.datetime) -> PlayerState:
    """A new run of ``routine`` beginning at ``now`` with its first step."""
    steps = expand(routine)
    if not steps:
        raise ValueError(f"routine {routine.id!r} has no steps")
    first = steps[0]
    return PlayerState(
        routine_id=routine.id,
        steps=steps,
        index=0,
        remaining_seconds=float(first.seconds),
        get_ready_remaining=float(first.get_ready_seconds),
        paused=False,
        started_at=now,
        step_started_at=now,
        paused_at=None,
        paused_seconds=0.0,
        finished=False,
        finished_at=None,
        completed=frozenset(),
    )


def tick(state: PlayerState, now: dt.datetime) -> PlayerState:
    """The state at ``now``: the countdown brought up to date, and every hold or timed step
    whose time has run out marked complete, the next starting when the previous ended."""
    if state.finished or state.paused:
        return state
    while True:
        step = state.current
        elapsed = max((now - state.step_started_at).total_seconds() - state.paused_seconds, 0.0)
        ends_after = step.get_ready_seconds + step.seconds
        if not step.has_timer or elapsed < ends_after:
            return replace(
                state,
                remaining_seconds=float(
                    step.seconds if not step.has_timer else min(step.seconds, ends_after - elapsed)
                ),
                get_ready_remaining=max(step.get_ready_seconds - elapsed, 0.0),
            )
        ended_at = state.step_started_at + dt.timedelta(seconds=state.paused_seconds + ends_after)
        state = _move_to(state, state.index + 1, ended_at, mark_complete=True)
        if state.finished:
            return state


def pause(state: PlayerState, now: dt.datetime) -> PlayerState:
    """Stop the countdown at ``now``."""
    if state.finished or state.paused:
        return state
    state = tick(state, now)
    if state.finished:
        return state
    return replace(state, paused=True, paused_at=now)


def resume(state: PlayerState, now: dt.datetime) -> PlayerState:
    """Carry on counting from where ``pause`` stopped."""
    if state.finished or not state.paused or state.paused_at is None:
        return state
    paused_for = max((now - state.paused_at).total_seconds(), 0.0)
    resumed = replace(
        state,
        paused=False,
        paused_at=None,
        paused_seconds=state.paused_seconds + paused_for,
    )
    return tick(resumed, now)


def next_step(state: PlayerState, now: dt.datetime) -> PlayerState:
    """The person finished the current step: mark it complete and go on (at the last step,
    the routine is finished)."""
    if state.finished:
        return state
    return _move_to(state, state.index + 1, now, mark_complete=True)


def skip(state: PlayerState, now: dt.datetime) -> PlayerState:
    """Go on without marking the current step complete (at the last step, finish)."""
    if state.finished:
        return state
    return _move_to(state, state.index + 1, now, mark_complete=False)


def back(state: PlayerState, now: dt.datetime) -> PlayerState:
    """Go to the previous step and start it again; at the first step, restart it. Steps
    already completed stay completed."""
    if state.finished:
        return state
    return _move_to(state, max(state.index - 1, 0), now, mark_complete=False)


def finish(state: PlayerState, now: dt.datetime) -> PlayerState:
    """End the routine at ``now``. Only the steps already completed count; the current one
    does not."""
    if state.finished:
        return state
    return replace(
        state, finished=True, finished_at=now, paused=False, paused_at=None, stopped=True
    )


def _move_to(
    state: PlayerState, index: int, at: dt.datetime, *, mark_complete: bool
) -> PlayerState:
    completed = (state.completed | {state.index}) if mark_complete else state.completed
    if index >= len(state.steps):
        return replace(
            state,
            completed=completed,
            finished=True,
            finished_at=at,
            remaining_seconds=0.0,
            get_ready_remaining=0.0,
            paused=False,
            paused_at=None,
        )
    step = state.steps[index]
    return replace(
        state,
        index=index,
        completed=completed,
        step_started_at=at,
        # A paused player stays paused on the new step, from the moment it was entered.
        paused_at=at if state.paused else None,
        paused_seconds=0.0,
        remaining_seconds=float(step.seconds),
        get_ready_remaining=float(step.get_ready_seconds),
    )


# --------------------------------------------------------------------------------------------
# Reading a state
# --------------------------------------------------------------------------------------------


def progress(state: PlayerState) -> float:
    """How far through the routine the player is, 0 to 1, weighted by time: the steps behind
    plus the part of the current step that has run. 1 once finished (early or not)."""
    if state.finished:
        return 1.0
    lengths = [step.get_ready_seconds + step.seconds for step in state.steps]
    total = sum(lengths)
    if total == 0:
        return 0.0
    step = state.current
    into_step = step.get_ready_seconds - state.get_ready_remaining
    if step.has_timer:
        into_step += step.seconds - state.remaining_seconds
    return min(max((sum(lengths[: state.index]) + into_step) / total, 0.0), 1.0)


def exercises_completed(state: PlayerState) -> tuple[str, ...]:
    """Exercise ids the person did in full, in routine order, each once.

    Rule: an exercise counts when every step of one of its places in the routine was
    completed (both sides, every hold). A half-done exercise does not count, so the journal
    never says more was done than was.
    """
    done: dict[str, None] = {}
    routine_steps = dict.fromkeys(step.routine_step for step in state.steps)
    for routine_step in routine_steps:
        indices = [i for i, step in enumerate(state.steps) if step.routine_step == routine_step]
        if all(i in state.completed for i in indices):
            done[state.steps[indices[0]].exercise_id] = None
    return tuple(done)


def session_record(
    state: PlayerState,
    now: dt.datetime,
    *,
    pain_before: int | None = None,
    pain_after: int | None = None,
) -> Session:
    """The run as a journal session (for Journal.add_session), ending when it finished or at
    ``now`` if it has not. Times are kept to the second."""
    end = state.finished_at if state.finished_at is not None else now
    return Session(
        start=state.started_at.replace(microsecond=0),
        end=max(end, state.started_at).replace(microsecond=0),
        routine_id=state.routine_id,
        exercises_completed=exercises_completed(state),
        pain_before=pain_before,
        pain_after=pain_after,
    )


def run_summary(state: PlayerState, routine_name: str) -> str:
    """A finished run in words: how many of the routine's exercises were completed and how
    long it took; a run stopped before its end says so (it is saved as a partial session)."""
    total = len({step.exercise_id for step in state.steps})
    done = len(exercises_completed(state))
    took = describe_seconds(
        ((state.finished_at or state.started_at) - state.started_at).total_seconds()
    )
    of = f"{done} of {_count(total, 'exercise')}"
    if state.stopped:
        return f"Stopped after {of} ({took}), saved as a partial session."
    return f"{routine_name}: {of} completed in {took}."
