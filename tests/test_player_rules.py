"""Whatever a person presses, and whenever: a step counts as done only when its time mostly ran
or the person confirmed it, counted repetitions count on "Done, next", and Skip never counts.

The player is driven by random sequences of actions at random moments and compared with a
small model written from the rule alone (its own clock: when each step began, time paused,
time added)."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from lumbarlog.domain import catalog, player

from .test_player import EXERCISES, ROUTINES, T0

ACTIONS = ("tick", "pause", "resume", "extend", "next", "confirm", "not_yet", "skip", "back")


def _routine() -> catalog.Routine:
    folder = Path(tempfile.mkdtemp(prefix="player-rules-"))
    (folder / "exercises.toml").write_text(EXERCISES)
    (folder / "routines.toml").write_text(ROUTINES)
    return catalog.load(folder).routines["mixed"]


ROUTINE = _routine()
STEPS = player.expand(ROUTINE)


@dataclass
class Model:
    """The rule, with a clock of its own."""

    index: int = 0
    entered: dt.datetime = T0
    paused_for: dt.timedelta = dt.timedelta(0)
    paused_since: dt.datetime | None = None
    extra: float = 0.0
    asked: bool = False
    finished: bool = False
    counted: set[int] = field(default_factory=set)  # ran mostly, or confirmed, or reps done

    def elapsed(self, now: dt.datetime) -> float:
        until = self.paused_since or now
        return (until - self.entered - self.paused_for).total_seconds()

    def ran(self, now: dt.datetime) -> float:
        step = STEPS[self.index]
        return min(max(self.elapsed(now) - step.get_ready_seconds, 0.0), step.seconds + self.extra)

    def move(self, index: int, at: dt.datetime) -> None:
        if index >= len(STEPS):
            self.finished = True
            return
        self.index, self.entered, self.paused_for = index, at, dt.timedelta(0)
        self.paused_since = at if self.paused_since is not None else None
        self.extra, self.asked = 0.0, False

    def run_clock(self, now: dt.datetime) -> None:
        while not self.finished and STEPS[self.index].has_timer:
            step = STEPS[self.index]
            length = step.get_ready_seconds + step.seconds + self.extra
            if self.elapsed(now) < length:
                return
            self.counted.add(self.index)  # its whole time ran
            ends = self.entered + self.paused_for + dt.timedelta(seconds=length)
            self.move(self.index + 1, ends)

    def act(self, action: str, now: dt.datetime) -> None:
        if self.finished:
            return
        step = STEPS[self.index]
        if action == "tick":
            self.run_clock(now)
        elif action == "pause":
            self.run_clock(now)
            if not self.finished and self.paused_since is None:
                self.paused_since = now
        elif action == "resume":
            if self.paused_since is not None:
                self.paused_for += now - self.paused_since
                self.paused_since = None
                self.run_clock(now)
        elif action == "extend":
            if step.has_timer:
                self.extra += player.EXTEND_SECONDS
                self.run_clock(now)
        elif action == "next":
            if not step.has_timer or self.ran(now) * 3 >= step.seconds * 2:
                self.counted.add(self.index)
                self.move(self.index + 1, now)
            else:
                self.asked = True
        elif action == "confirm":
            if self.asked:
                self.counted.add(self.index)  # the person said it was done
                self.move(self.index + 1, now)
        elif action == "not_yet":
            if self.asked:
                self.run_clock(now)
                self.asked = False
        elif action == "skip":
            self.move(self.index + 1, now)
        elif action == "back":
            self.move(max(self.index - 1, 0), now)


PLAYER_ACTIONS = {
    "tick": player.tick,
    "pause": player.pause,
    "resume": player.resume,
    "extend": player.extend,
    "next": player.next_step,
    "confirm": player.confirm,
    "not_yet": player.not_yet,
    "skip": player.skip,
    "back": player.back,
}


@given(
    st.lists(
        st.tuples(st.sampled_from(ACTIONS), st.integers(min_value=0, max_value=40)),
        max_size=40,
    )
)
def test_only_steps_that_mostly_ran_or_were_confirmed_count(
    actions: list[tuple[str, int]],
) -> None:
    state = player.start(ROUTINE, T0)
    model = Model()
    now = T0
    for action, wait in actions:
        now += dt.timedelta(seconds=wait)
        state = PLAYER_ACTIONS[action](state, now)
        model.act(action, now)
        assert state.finished == model.finished
        if not state.finished:
            assert state.index == model.index
            assert (state.asking is not None) == model.asked
        assert state.completed <= model.counted, (action, wait)
        assert state.completed == model.counted
    state = player.finish(state, now)
    done = player.exercises_completed(state)
    for exercise_id in done:
        steps = [i for i, step in enumerate(STEPS) if step.exercise_id == exercise_id]
        assert set(steps) <= model.counted
    record = player.session_record(state, now)
    assert record.exercises_completed == done
    assert record.outcome == ("finished" if not state.stopped else "stopped")
