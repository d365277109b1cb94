"""The player's tones: at the start of a step, on its last three seconds and when the side
changes; planned so that a rerun never plays one twice."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lumbarlog.domain import cues, player

from .test_player import T0, at
from .test_player_rules import ROUTINE

READY = player.FIRST_GET_READY_SECONDS


def timeline(state: player.PlayerState, now: dt.datetime) -> list[tuple[str, float]]:
    return [(cue.kind, cue.seconds_from_now) for cue in cues.schedule(state, now)]


def test_tones_start_each_step_count_its_last_seconds_and_mark_the_switch() -> None:
    state = player.start(ROUTINE, T0)
    # Leg hold: getting ready, then 20 s on each side twice, 5 s between; then counted lifts.
    hold = [("count", 17.0), ("count", 18.0), ("count", 19.0)]
    assert timeline(state, T0) == [
        ("start", READY),
        *[(kind, READY + s) for kind, s in hold],
        ("switch", READY + 20),  # right leg to left leg
        ("start", READY + 25),
        *[(kind, READY + 25 + s) for kind, s in hold],
        ("switch", READY + 45),
        ("start", READY + 50),
        *[(kind, READY + 50 + s) for kind, s in hold],
        ("switch", READY + 70),
        ("start", READY + 75),
        *[(kind, READY + 75 + s) for kind, s in hold],  # no switch: a new exercise follows
        ("start", READY + 95),  # the lifts appear; they wait for the person
    ]


def test_a_rerun_keeps_the_ids_and_a_step_change_keeps_those_still_to_come() -> None:
    state = player.start(ROUTINE, T0)
    before = {c.id: c for c in cues.schedule(state, at(2))}
    again = {c.id for c in cues.schedule(player.tick(state, at(3)), at(3))}
    assert again == set(before)
    # After the first hold ends by itself, the cues still to come are the same cues.
    moved = player.tick(state, at(READY + 21))
    assert moved.index == 1
    later = {c.id for c in cues.schedule(moved, at(READY + 21))}
    assert later and later <= set(before)
    # (the switch at the end of the first hold belongs to it, and has sounded)
    assert later == {i for i, c in before.items() if c.seconds_from_now > READY + 20 - 2}


def test_no_tones_while_paused_and_new_ones_when_time_is_added() -> None:
    state = player.tick(player.start(ROUTINE, T0), at(READY + 5))
    assert cues.schedule(player.pause(state, at(READY + 5)), at(READY + 5)) == ()
    counts = {c.id for c in cues.schedule(state, at(READY + 5)) if c.kind == "count"}
    extended = player.extend(state, at(READY + 5))
    moved = [c for c in cues.schedule(extended, at(READY + 5)) if c.kind == "count"]
    assert moved[0].seconds_from_now == 15 + 30 - 3
    assert not counts & {c.id for c in moved}
    # A step started again with Back gets its tones again.
    restarted = player.back(state, at(READY + 6))
    assert not {c.id for c in cues.schedule(restarted, at(READY + 6))} & counts


@given(st.lists(st.integers(min_value=0, max_value=30), max_size=20))
def test_every_cue_sounds_once_however_often_the_page_reruns(waits: list[int]) -> None:
    """A browser that plays each id once, fed by reruns at arbitrary moments, plays each tone
    of an uninterrupted run exactly once, at its moment."""
    state = player.start(ROUTINE, T0)
    planned = {
        c.id: T0 + dt.timedelta(seconds=c.seconds_from_now) for c in cues.schedule(state, T0)
    }
    now = T0
    for wait in waits:
        now += dt.timedelta(seconds=wait)
        state = player.tick(state, now)
        for cue in cues.schedule(state, now):
            moment = now + dt.timedelta(seconds=cue.seconds_from_now)
            if cue.id in planned:
                assert abs((moment - planned[cue.id]).total_seconds()) < 0.002
            else:
                planned[cue.id] = moment
    # Ids seen for the first time later are for steps the first schedule had not reached.
    assert len(planned) == len(set(planned))
