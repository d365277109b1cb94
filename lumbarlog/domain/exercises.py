"""The exercises of data/catalog/exercises.toml: what each is, its dose and how long a dose
takes, read and checked strictly (see catalog.py for routines and programmes)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lumbarlog.domain.catalog_files import CatalogError, Table, tables
from lumbarlog.domain.schema import EXERCISE_ID_PATTERN

EXERCISES_FILE = "exercises.toml"

# Seconds to let go, change sides or take a breath between two holds or sets of one exercise.
SWITCH_SECONDS = 3

# Seconds one counted movement takes, when an exercise does not say.
REPETITION_SECONDS = 3

# Between exercise names in one line. Names hold commas of their own ("Knee to chest,
# warm-up"), so a comma (or "and") between them would read as more names than there are.
NAME_SEPARATOR = " · "


def join_names(names: Iterable[str]) -> str:
    """Exercise names in one unambiguous line: "Glute bridge · Knee to chest, warm-up"."""
    return NAME_SEPARATOR.join(names)


CATEGORIES: tuple[str, ...] = ("stretch", "strength", "mobility", "technique", "break")

SOURCES: tuple[str, ...] = ("article", "common practice")

# The positions lumbarlog/ui/figures/poses.py can draw, for an exercise's start and end.
POSES: tuple[str, ...] = (
    "back_knees_bent_arms_crossed",
    "shoulders_lifted_arms_crossed",
    "back_legs_straight",
    "one_knee_to_chest_leg_straight",
    "back_knees_bent_hands_on_knees",
    "one_knee_to_chest_foot_flat",
    "above_legs_straight_arms_out",
    "above_knee_across_body",
    "above_knees_bent_arms_out",
    "above_knees_rolled_to_side",
    "back_knees_bent_arms_down",
    "bridge_hips_lifted",
    "face_down_arms_by_sides",
    "forearms_knees_feet_lifted",
    "all_fours",
    "all_fours_knee_lifted_behind",
    "above_side_lying_top_knee_bent",
    "above_side_lying_shoulder_turned_back",
    "back_knees_bent_by_chair",
    "back_legs_90_90",
    "in_bed_knees_bent",
    "sitting_on_bed_edge",
    "sitting_on_chair",
    "standing_arms_up",
    "standing_arms_down",
    "walking",
)
# Pose names of earlier versions, read in a catalog a person kept or edited from then.
FORMER_POSES: Mapping[str, str] = {
    "back_knees_bent": "back_knees_bent_arms_down",
    "in_bed": "in_bed_knees_bent",
    "forearms_knees": "forearms_knees_feet_lifted",
    "side_lying": "above_side_lying_top_knee_bent",
}

# Dose fields a routine step may change for that routine.
DOSE_NUMBERS: tuple[str, ...] = (
    "hold_seconds",
    "repetitions",
    "sides",
    "sets",
    "rest_seconds",
    "duration_seconds",
    "seconds_per_repetition",
)


@dataclass(frozen=True)
class Dose:
    """How much of an exercise to do. ``kind`` is "hold", "reps" or "timed".

    hold: ``hold_seconds`` counted down, ``repetitions`` times per side.
    reps: ``repetitions`` movements counted by the person; no timer.
    timed: ``duration_seconds`` counted down.
    """

    kind: str
    repetitions: int = 1
    sides: int = 1
    sets: int = 1
    hold_seconds: int | None = None
    duration_seconds: int | None = None
    seconds_per_repetition: int | None = None
    rest_seconds: int | None = None
    source: str = "article"
    note: str = ""

    @property
    def step_seconds(self) -> int:
        """Seconds of one step in the player: one hold, one timed bout, or one set of reps."""
        if self.kind == "hold":
            return self.hold_seconds or 0
        if self.kind == "timed":
            return self.duration_seconds or 0
        return self.repetitions * (self.seconds_per_repetition or REPETITION_SECONDS)

    @property
    def step_count(self) -> int:
        """Steps in the player: every hold of every side and set; one per side and set else."""
        per_side = self.repetitions if self.kind == "hold" else 1
        return per_side * self.sides * self.sets

    @property
    def pause_seconds(self) -> int:
        """Rest between two steps of this exercise."""
        return SWITCH_SECONDS if self.rest_seconds is None else self.rest_seconds

    @property
    def total_seconds(self) -> int:
        """The exercise's time at this dose, rests between its steps included."""
        return self.step_count * self.step_seconds + (self.step_count - 1) * self.pause_seconds


@dataclass(frozen=True)
class Exercise:
    """One exercise of the catalog, with its steps written for the person."""

    id: str
    name: str
    category: str
    position: str
    start_pose: str
    end_pose: str | None  # None in a catalog from before end pictures: the start alone
    steps: tuple[str, ...]
    dose: Dose
    purpose: str
    cautions: tuple[str, ...]
    source: str
    source_note: str = ""
    side_word: str = "side"
    formerly: tuple[str, ...] = ()  # ids it had before a rename; journals may still hold them


_EXERCISE_KEYS = (
    "id",
    "name",
    "category",
    "position",
    "start_pose",
    "end_pose",
    "side_word",
    "steps",
    "dose",
    "purpose",
    "cautions",
    "source",
    "source_note",
    "formerly",
)

_DOSE_KEYS = (*DOSE_NUMBERS, "source", "note")


def read_exercises(data: Mapping[str, Any]) -> dict[str, Exercise]:
    exercises: dict[str, Exercise] = {}
    items = data.get("exercise")
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{EXERCISES_FILE}: has no [[exercise]] tables")
    for exercise_id, entry, item in tables(
        EXERCISES_FILE, "exercise", items, _EXERCISE_KEYS, exercises
    ):
        dose_data = item.get("dose")
        if not isinstance(dose_data, dict):
            raise entry.fail("has no [exercise.dose] table")
        dose_entry = Table(EXERCISES_FILE, f"exercise {exercise_id!r} dose", dose_data)
        dose_entry.check_keys(_DOSE_KEYS)
        exercises[exercise_id] = Exercise(
            id=exercise_id,
            name=entry.text("name"),
            category=entry.choice("category", CATEGORIES),
            position=entry.text("position"),
            start_pose=_pose(entry, item, "start_pose"),
            end_pose=_end_pose(entry, item),
            side_word=entry.text("side_word", required=False, default="side"),
            steps=entry.texts("steps", allow_empty=False),
            dose=make_dose(dose_entry, dose_data),
            purpose=entry.text("purpose"),
            cautions=entry.texts("cautions", allow_empty=True),
            source=entry.choice("source", SOURCES),
            source_note=entry.text("source_note", required=False),
            formerly=_formerly(entry, item),
        )
    _check_renames(exercises)
    return exercises


def _pose(entry: Table, item: Mapping[str, Any], key: str) -> str:
    """A drawn position, by its name or by the name it had before."""
    former = FORMER_POSES.get(item.get(key))  # type: ignore[arg-type]
    return former if former is not None else entry.choice(key, POSES)


def _end_pose(entry: Table, item: Mapping[str, Any]) -> str | None:
    """Where the movement ends: a drawn position other than the start, or None when the
    catalog names none (as catalogs did before end pictures)."""
    if "end_pose" not in item:
        return None
    end_pose = _pose(entry, item, "end_pose")
    if end_pose == _pose(entry, item, "start_pose"):
        raise entry.fail(f"end_pose {end_pose!r} is its start_pose; the end must differ")
    return end_pose


def _formerly(entry: Table, item: Mapping[str, Any]) -> tuple[str, ...]:
    """The ids an exercise had before: valid ids, each named once."""
    if "formerly" not in item:
        return ()
    old_ids = entry.texts("formerly", allow_empty=False)
    for old_id in old_ids:
        if not EXERCISE_ID_PATTERN.match(old_id):
            raise entry.fail(
                f"formerly {old_id!r} must be lower-case letters, digits, _ or - (an old id)"
            )
        if old_ids.count(old_id) > 1:
            raise entry.fail(f"formerly names {old_id!r} twice")
    return old_ids


def _check_renames(exercises: Mapping[str, Exercise]) -> None:
    """An old id belongs to one exercise and is no exercise's id now, so a journal's old id
    resolves to exactly one exercise."""
    owner: dict[str, str] = {}
    for exercise in exercises.values():
        label = f"{EXERCISES_FILE}: exercise {exercise.id!r} formerly names"
        for old_id in exercise.formerly:
            if old_id in exercises:
                raise CatalogError(f"{label} {old_id!r}, which is a current exercise id")
            if old_id in owner:
                raise CatalogError(
                    f"{label} {old_id!r}, which exercise {owner[old_id]!r} also names"
                )
            owner[old_id] = exercise.id


def make_dose(entry: Table, data: Mapping[str, Any]) -> Dose:
    numbers: dict[str, int] = {}
    for key in DOSE_NUMBERS:
        if key not in data:
            continue
        value = data[key]
        minimum = 0 if key == "rest_seconds" else 1
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            above = "0 or more" if minimum == 0 else "above 0"
            raise entry.fail(f"{key} must be a whole number {above} (got {value!r})")
        numbers[key] = value
    has_hold, has_duration = "hold_seconds" in numbers, "duration_seconds" in numbers
    if has_hold and has_duration:
        raise entry.fail("gives both hold_seconds and duration_seconds; give one")
    if has_hold:
        kind = "hold"
    elif has_duration:
        kind = "timed"
        if "repetitions" in numbers:
            raise entry.fail("gives repetitions with duration_seconds; use sets to repeat")
    elif "repetitions" in numbers:
        kind = "reps"
    else:
        raise entry.fail("has no kind: give hold_seconds, repetitions or duration_seconds")
    if "seconds_per_repetition" in numbers and kind != "reps":
        raise entry.fail("gives seconds_per_repetition, which only counted repetitions use")
    if numbers.get("sides", 1) not in (1, 2):
        raise entry.fail(f"sides must be 1 or 2 (got {numbers['sides']})")
    source = data.get("source", "article")
    if source not in SOURCES:
        raise entry.fail(f"source {source!r} is not one of {', '.join(SOURCES)}")
    note = data.get("note", "")
    if not isinstance(note, str):
        raise entry.fail("note must be text")
    return Dose(kind=kind, source=source, note=note.strip(), **numbers)
