"""A routine as the player's steps: one per hold of every side and set, one per side and set
for counted repetitions, one per timed activity; and the words that describe them."""

from __future__ import annotations

from dataclasses import dataclass

from lumbarlog.domain import words
from lumbarlog.domain.catalog import CHANGE_SECONDS, Routine
from lumbarlog.domain.exercises import Dose

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
    parts = [words.count(minutes, "minute")] if minutes else []
    if rest or not minutes:
        parts.append(words.count(rest, "second"))
    return " ".join(parts)


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
