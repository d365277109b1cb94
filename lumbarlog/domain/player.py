"""A routine followed step by step: pure state, no streamlit.

The steps come from player_steps.expand (one per hold of every side and set, one per side and
set for counted repetitions, one per timed activity). ``PlayerState`` is frozen; every action
(``start``, ``tick``, ``pause``, ``resume``, ``extend``, ``next_step``, ``confirm``,
``not_yet``, ``skip``, ``back``, ``finish``) returns a new state.

The timer works from wall-clock timestamps, not from counting ticks, so a page that reruns
once a second (or late, or rarely) still shows the exact time left: the time left in a step is
its length (plus any time added with ``extend``) minus the time since it began, minus the time
spent paused. A step first gives the person ``get_ready_seconds`` to change side or position
(the rest the catalog counts in a routine's length), then counts down. When a hold or timed
step reaches zero it is complete and the next one begins at the moment it ended, so even a
tick that comes minutes late lands on the right step.

A step counts as done only when it mostly ran or the person says it was done: a hold or timed
step counts when its timer runs out, or when "Done, next" is pressed after at least
``COUNTS_AFTER`` of its time ran; pressed earlier, the player asks (``asking``) and the step
counts only on ``confirm``. Counted repetitions have no timer: the person presses next when
done, and that counts. Skip never counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from fractions import Fraction

from lumbarlog.domain import words
from lumbarlog.domain.catalog import Routine
from lumbarlog.domain.player_steps import FIRST_GET_READY_SECONDS as FIRST_GET_READY_SECONDS
from lumbarlog.domain.player_steps import PlayerStep as PlayerStep
from lumbarlog.domain.player_steps import describe_dose as describe_dose
from lumbarlog.domain.player_steps import describe_seconds as describe_seconds
from lumbarlog.domain.player_steps import expand as expand
from lumbarlog.domain.player_steps import step_label as step_label
from lumbarlog.domain.schema import FINISHED, STOPPED, Session

# The share of a timed step's own time that must have run for "Done, next" to count it
# without asking: most of it, so a press a few seconds early (the person finished the hold a
# little before the beep) counts, and a run of presses through a routine does not.
COUNTS_AFTER = Fraction(2, 3)
EXTEND_SECONDS = 30  # what "Add 30 seconds" adds to the current step


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
    extra_seconds: float = 0.0  # added to the current step with extend
    # Set while the player asks whether a step pressed "Done, next" early counts: the seconds
    # of it that had run then. None when nothing is asked.
    asking: float | None = None

    @property
    def current(self) -> PlayerStep:
        """The step shown now (the last one once finished)."""
        return self.steps[self.index]

    @property
    def is_last(self) -> bool:
        return self.index == len(self.steps) - 1


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
        length = step.seconds + state.extra_seconds
        ends_after = step.get_ready_seconds + length
        if not step.has_timer or elapsed < ends_after:
            return replace(
                state,
                remaining_seconds=float(
                    step.seconds if not step.has_timer else min(length, ends_after - elapsed)
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


def instruction(state: PlayerState) -> str:
    """What to do in the current step, with any time added to it ("Hold for 20 seconds.
    30 seconds added."), so the words never contradict the timer."""
    step = state.current
    if state.extra_seconds and step.has_timer:
        return f"{step.instruction} {describe_seconds(state.extra_seconds)} added."
    return step.instruction


def extend(state: PlayerState, now: dt.datetime, seconds: float = EXTEND_SECONDS) -> PlayerState:
    """Add ``seconds`` to the current hold or timed step (counted repetitions have no timer).
    The time is added before the state is brought up to date, so a press in the step's last
    moment extends that step, not the next one."""
    if state.finished or not state.current.has_timer:
        return state
    return tick(replace(state, extra_seconds=state.extra_seconds + seconds), now)


def ran_seconds(state: PlayerState, now: dt.datetime) -> float:
    """How much of the current step's countdown has run at ``now`` (0 while getting ready;
    time paused does not count)."""
    step = state.current
    until = state.paused_at if state.paused and state.paused_at is not None else now
    elapsed = (until - state.step_started_at).total_seconds() - state.paused_seconds
    return min(max(elapsed - step.get_ready_seconds, 0.0), step.seconds + state.extra_seconds)


def counts_now(state: PlayerState, now: dt.datetime) -> bool:
    """Whether "Done, next" at ``now`` counts the current step without asking."""
    step = state.current
    return not step.has_timer or ran_seconds(state, now) >= COUNTS_AFTER * step.seconds


def next_step(state: PlayerState, now: dt.datetime) -> PlayerState:
    """The person says the current step is done. It counts and the player goes on (at the last
    step, the routine is finished) when it has no timer or mostly ran; otherwise the player
    asks (``asking``) and waits for ``confirm`` or ``not_yet``."""
    if state.finished:
        return state
    if not counts_now(state, now):
        return replace(state, asking=ran_seconds(state, now))
    return _move_to(state, state.index + 1, now, mark_complete=True)


def confirm(state: PlayerState, now: dt.datetime) -> PlayerState:
    """ "Count it": the step asked about counts as done, and the player goes on."""
    if state.finished or state.asking is None:
        return state
    return _move_to(state, state.index + 1, now, mark_complete=True)


def not_yet(state: PlayerState, now: dt.datetime) -> PlayerState:
    """ "Not yet": the question goes away and the step carries on."""
    if state.asking is None:
        return state
    return replace(tick(state, now), asking=None)


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
        state,
        finished=True,
        finished_at=now,
        paused=False,
        paused_at=None,
        stopped=True,
        asking=None,
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
            asking=None,
            extra_seconds=0.0,
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
        asking=None,
        extra_seconds=0.0,
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
        into_step += step.seconds + state.extra_seconds - state.remaining_seconds
    into_step = min(into_step, lengths[state.index])  # time added does not run past the step
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
        outcome=STOPPED if state.stopped else FINISHED,
    )


def run_summary(state: PlayerState, routine_name: str) -> str:
    """A finished run in words: how many of the routine's exercises were completed and how
    long it took; a run stopped before its end says so (it is saved as a partial session)."""
    total = len({step.exercise_id for step in state.steps})
    done = len(exercises_completed(state))
    took = describe_seconds(
        ((state.finished_at or state.started_at) - state.started_at).total_seconds()
    )
    of = f"{done} of {words.count(total, 'exercise')}"
    if state.stopped:
        return f"Stopped after {of} ({took}), saved as a partial session."
    return f"{routine_name}: {of} completed in {took}."
