"""Exercises, routines and programmes, read from data/catalog/*.toml and checked when loaded.

The files are the single place the app's exercise content lives. Loading is strict: a
missing field, an unknown category, a dose that is zero or of no known kind, an id used twice,
or a routine that names an exercise the catalog does not have raises ``CatalogError`` with the
file and the entry in its message, so a typo is found by the tests, never by a person.

Exercise ids live on in people's journals, so an exercise that is renamed lists its old ids
in ``formerly``; every lookup by id (``Catalog.exercise``, names, routine steps) accepts them,
and ``exercise_renames()`` gives the old -> new map for the journal reader.

Times are never typed in the files. A routine's length is computed from its steps:

- a *hold* lasts ``hold_seconds``, a *timed* activity ``duration_seconds``, and a set of
  *reps* ``repetitions x seconds_per_repetition`` (an estimate: reps are counted by the
  person, not timed);
- each hold is repeated ``repetitions`` times on each of ``sides`` sides, in ``sets`` sets;
- between two of these in the same exercise the person rests the exercise's ``rest_seconds``
  (``SWITCH_SECONDS`` when it gives none), and moving to the next exercise takes
  ``CHANGE_SECONDS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lumbarlog import paths
from lumbarlog.domain.catalog_files import AnyOf, CatalogError, Table, read_toml, tables
from lumbarlog.domain.exercises import (
    DOSE_NUMBERS,
    EXERCISES_FILE,
    Dose,
    Exercise,
    make_dose,
    read_exercises,
)
from lumbarlog.domain.parsing import exercise_key

CATALOG_DIR = paths.CATALOG_DIR
ROUTINES_FILE = "routines.toml"

# Seconds to get into the next exercise's position (most routines stay on the floor).
CHANGE_SECONDS = 5


@dataclass(frozen=True)
class RoutineStep:
    """One exercise in a routine, with the dose it has in this routine."""

    exercise: Exercise
    dose: Dose

    @property
    def exercise_id(self) -> str:
        return self.exercise.id


@dataclass(frozen=True)
class Routine:
    """Exercises done one after the other. Its length is computed, never typed."""

    id: str
    name: str
    summary: str
    when_to_use: str
    steps: tuple[RoutineStep, ...]

    @property
    def total_seconds(self) -> int:
        """Every step's time, plus CHANGE_SECONDS to move from one exercise to the next."""
        return sum(step.dose.total_seconds for step in self.steps) + CHANGE_SECONDS * max(
            len(self.steps) - 1, 0
        )

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        """The routine's exercises, each once, in the order first done."""
        return tuple(dict.fromkeys(step.exercise_id for step in self.steps))


@dataclass(frozen=True)
class Phase:
    """One phase of a programme: a routine to follow until ``move_on_when`` is true."""

    name: str
    routine_id: str
    focus: str
    move_on_when: str


@dataclass(frozen=True)
class Programme:
    """Routines followed one phase after another over weeks."""

    id: str
    name: str
    summary: str
    phases: tuple[Phase, ...]


@dataclass(frozen=True)
class Catalog:
    """Everything in data/catalog, checked. Mappings keep the files' order."""

    exercises: Mapping[str, Exercise]
    routines: Mapping[str, Routine]
    programmes: Mapping[str, Programme]

    @property
    def renames(self) -> dict[str, str]:
        """Old exercise id -> its id now, for every exercise that was renamed."""
        return {old: e.id for e in self.exercises.values() for old in e.formerly}

    def current_exercise_id(self, exercise_id: str) -> str:
        """The id an exercise has now: ``exercise_id`` itself unless it was renamed."""
        return self.renames.get(exercise_id, exercise_id)

    def exercise(self, exercise_id: str) -> Exercise | None:
        """The exercise by its id or by an id it had before a rename; None if unknown."""
        return self.exercises.get(self.current_exercise_id(exercise_id))

    def exercise_name(self, exercise_id: str) -> str:
        """The exercise's name (old ids included), or its id if the catalog no longer has it."""
        exercise = self.exercise(exercise_id)
        return exercise.name if exercise else exercise_id

    def exercise_names(self) -> dict[str, str]:
        """Every id a journal may hold, old ids included, with the exercise's name now."""
        names = {i: e.name for i, e in self.exercises.items()}
        return names | {old: names[new] for old, new in self.renames.items()}

    def routine_name(self, routine_id: str) -> str:
        """The routine's name, or its id if the catalog no longer has it."""
        routine = self.routines.get(routine_id)
        return routine.name if routine else routine_id


@cache
def load(folder: Path = CATALOG_DIR) -> Catalog:
    """Read and check the catalog in ``folder``. Cached: the shipped files do not change while
    the app runs. Raises CatalogError naming the file and the entry."""
    folder = Path(folder)
    exercises = read_exercises(read_toml(folder / EXERCISES_FILE))
    routines_data = read_toml(folder / ROUTINES_FILE)
    routines = _read_routines(routines_data, exercises)
    programmes = _read_programmes(routines_data, routines)
    return Catalog(exercises=exercises, routines=routines, programmes=programmes)


@cache
def exercise_lookup() -> Mapping[str, str]:
    """How a journal may name an exercise -> its id: by id or by name, in any case and spacing
    (see ``parsing.exercise_key``). Used when reading journals and imports."""
    found: dict[str, str] = {}
    for exercise_id, exercise in load().exercises.items():
        found[exercise_key(exercise.name)] = exercise_id
    for old, new in load().renames.items():  # an id it had before a rename
        found[exercise_key(old)] = new
    for exercise_id in load().exercises:  # an id wins over a name that folds the same way
        found[exercise_key(exercise_id)] = exercise_id
    return found


def exercise_ids() -> frozenset[str]:
    """The ids a journal entry may name."""
    return frozenset(load().exercises)


def exercise_renames() -> dict[str, str]:
    """Old exercise id -> its id now. A journal reader maps old ids with this on load."""
    return load().renames


@cache
def routine_exercises() -> Mapping[str, frozenset[str]]:
    """Routine id -> the ids of its exercises (to tell a finished session from a stopped one
    in a journal written before sessions.csv said which)."""
    return {rid: frozenset(routine.exercise_ids) for rid, routine in load().routines.items()}


def routine_ids() -> frozenset[str]:
    """The ids a session or a plan may name."""
    return frozenset(load().routines)


# --------------------------------------------------------------------------------------------
# Reading and checking
# --------------------------------------------------------------------------------------------


_ROUTINE_KEYS = ("id", "name", "summary", "when_to_use", "steps")


def _read_routines(
    data: Mapping[str, Any], exercises: Mapping[str, Exercise]
) -> dict[str, Routine]:
    routines: dict[str, Routine] = {}
    items = data.get("routine")
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{ROUTINES_FILE}: has no [[routine]] tables")
    for routine_id, entry, item in tables(ROUTINES_FILE, "routine", items, _ROUTINE_KEYS, routines):
        steps_data = item.get("steps")
        if not isinstance(steps_data, list) or not steps_data:
            raise entry.fail("has no steps")
        steps = tuple(
            _make_step(entry, step_number, step_data, exercises)
            for step_number, step_data in enumerate(steps_data, start=1)
        )
        routines[routine_id] = Routine(
            id=routine_id,
            name=entry.text("name"),
            summary=entry.text("summary"),
            when_to_use=entry.text("when_to_use"),
            steps=steps,
        )
    return routines


def _make_step(
    routine: Table, number: int, data: object, exercises: Mapping[str, Exercise]
) -> RoutineStep:
    label = f"{routine.label} step {number}"
    if not isinstance(data, dict):
        raise CatalogError(f"{ROUTINES_FILE}: {label} must be a table like {{ exercise = ... }}")
    entry = Table(ROUTINES_FILE, label, data)
    exercise_id = entry.text("exercise")
    # A routine written before a rename may still name the old id.
    renamed = {old: e.id for e in exercises.values() for old in e.formerly}
    exercise_id = renamed.get(exercise_id, exercise_id)
    if exercise_id not in exercises:
        raise entry.fail(f"names unknown exercise {exercise_id!r}")
    entry.check_keys(("exercise", *DOSE_NUMBERS))
    exercise = exercises[exercise_id]
    base = exercise.dose
    # A timed dose carries repetitions = 1 only as a default; it was never given.
    inherited = {
        key: getattr(base, key)
        for key in DOSE_NUMBERS
        if getattr(base, key) is not None and not (base.kind == "timed" and key == "repetitions")
    }
    merged = inherited | {key: value for key, value in data.items() if key != "exercise"}
    dose = make_dose(entry, {**merged, "source": base.source, "note": base.note})
    if dose.kind != base.kind:
        raise entry.fail(f"turns {exercise_id!r} from a {base.kind} into a {dose.kind}")
    return RoutineStep(exercise=exercise, dose=dose)


_PROGRAMME_KEYS = ("id", "name", "summary", "phases")
_PHASE_KEYS = ("name", "routine", "focus", "move_on_when")


def _read_programmes(
    data: Mapping[str, Any], routines: Mapping[str, Routine]
) -> dict[str, Programme]:
    programmes: dict[str, Programme] = {}
    # A programme may not share an id with another programme or with a routine.
    taken = AnyOf((programmes, routines))
    for programme_id, entry, item in tables(
        ROUTINES_FILE, "programme", data.get("programme", []), _PROGRAMME_KEYS, taken,
        twice="uses an id that appears twice",
    ):  # fmt: skip
        phases_data = item.get("phases")
        if not isinstance(phases_data, list) or not phases_data:
            raise entry.fail("has no phases")
        phases = []
        for phase_number, phase_data in enumerate(phases_data, start=1):
            if not isinstance(phase_data, dict):
                raise entry.fail(f"phase {phase_number} must be a table like {{ name = ... }}")
            phase = Table(ROUTINES_FILE, f"{entry.label} phase {phase_number}", phase_data)
            phase.check_keys(_PHASE_KEYS)
            routine_id = phase.text("routine")
            if routine_id not in routines:
                raise phase.fail(f"names unknown routine {routine_id!r}")
            phases.append(
                Phase(
                    name=phase.text("name"),
                    routine_id=routine_id,
                    focus=phase.text("focus"),
                    move_on_when=phase.text("move_on_when"),
                )
            )
        programmes[programme_id] = Programme(
            id=programme_id,
            name=entry.text("name"),
            summary=entry.text("summary"),
            phases=tuple(phases),
        )
    return programmes
