"""When the player's tones sound: pure, from a ``PlayerState`` and the time now.

Three cues: ``start`` when a step's countdown begins (after its time to get ready; a step of
counted repetitions when it appears), ``count`` on each of the last three seconds of a hold or
timed step, and ``switch`` when a hold ends and the same exercise goes on with the other side.

The browser is given every cue still to come for the steps that follow one another by
themselves (up to the first step of counted repetitions, which waits for the person), each
with an id and the seconds from now. The page reruns often (once a second for the timer,
fully at every step), so the ids are what keep a tone from sounding twice: a cue keeps its id
across reruns as long as its moment does not change (its step, when that step began, the
time added to it), and the browser plays each id once. A pause gives no cues, so the browser
drops those it had; resuming gives them again at their new moments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lumbarlog.domain.player import PlayerState

COUNT_SECONDS = 3  # tones on each of a step's last this many seconds
LATE_SECONDS = 1.0  # a cue this late (the page took a moment) still sounds, once
HORIZON_SECONDS = 15 * 60  # no cue is planned further ahead than this


@dataclass(frozen=True)
class Cue:
    id: str
    kind: str  # "start", "count" or "switch"
    seconds_from_now: float


def schedule(state: PlayerState, now: dt.datetime) -> tuple[Cue, ...]:
    """Every cue from ``now`` on, in time order (none while paused or once finished)."""
    if state.finished or state.paused:
        return ()
    found: list[tuple[dt.datetime, str, str]] = []
    index = state.index
    begin = state.step_started_at
    paused = state.paused_seconds
    extra = state.extra_seconds
    run = _millis(state.started_at)
    while index < len(state.steps):
        step = state.steps[index]
        key = f"{run}|{index}|{_millis(begin)}|{extra:g}"
        counting = begin + dt.timedelta(seconds=paused + step.get_ready_seconds)
        if not step.has_timer:
            found.append((begin + dt.timedelta(seconds=paused), f"{key}|start", "start"))
            break  # counted repetitions wait for the person
        length = step.seconds + extra
        end = counting + dt.timedelta(seconds=length)
        found.append((counting, f"{key}|start", "start"))
        for n in range(min(COUNT_SECONDS, int(length)), 0, -1):
            found.append((end - dt.timedelta(seconds=n), f"{key}|count{n}", "count"))
        following = state.steps[index + 1] if index + 1 < len(state.steps) else None
        if (
            following is not None
            and following.routine_step == step.routine_step
            and step.side is not None
            and following.side not in (None, step.side)
        ):
            found.append((end, f"{key}|switch", "switch"))
        # The next step begins when this one ends: the same moment tick() gives it.
        begin = begin + dt.timedelta(seconds=paused + (step.get_ready_seconds + length))
        paused, extra = 0.0, 0.0
        index += 1
        if (begin - now).total_seconds() > HORIZON_SECONDS:
            break
    cues = []
    for at, cue_id, kind in found:
        offset = (at - now).total_seconds()
        if -LATE_SECONDS <= offset <= HORIZON_SECONDS:
            cues.append(Cue(cue_id, kind, round(offset, 3)))
    return tuple(cues)


def _millis(moment: dt.datetime) -> int:
    return round(moment.timestamp() * 1000)
