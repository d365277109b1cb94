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

import re
import tomllib
from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lumbarlog import paths
from lumbarlog.domain.schema import EXERCISE_ID_PATTERN, exercise_key

CATALOG_DIR = paths.CATALOG_DIR
EXERCISES_FILE = "exercises.toml"
ROUTINES_FILE = "routines.toml"

# Seconds to let go, change sides or take a breath between two holds or sets of one exercise.
SWITCH_SECONDS = 3
# Seconds to get into the next exercise's position (most routines stay on the floor).
CHANGE_SECONDS = 5
# Seconds one counted movement takes, when an exercise does not say.
REPETITION_SECONDS = 3

CATEGORIES: tuple[str, ...] = ("stretch", "strength", "mobility", "technique", "break")
SOURCES: tuple[str, ...] = ("article", "common practice")
# The start positions lumbarlog/ui/figures.py can draw.
POSES: tuple[str, ...] = (
    "back_legs_straight",
    "back_knees_bent",
    "back_legs_90_90",
    "in_bed",
    "all_fours",
    "forearms_knees",
    "side_lying",
    "standing_arms_up",
    "walking",
)
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


class CatalogError(ValueError):
    """A catalog file that is not right, naming the file, the entry and the field."""


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
    steps: tuple[str, ...]
    dose: Dose
    purpose: str
    cautions: tuple[str, ...]
    source: str
    source_note: str = ""
    side_word: str = "side"
    formerly: tuple[str, ...] = ()  # ids it had before a rename; journals may still hold them


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
    exercises = _read_exercises(_read_toml(folder / EXERCISES_FILE))
    routines_data = _read_toml(folder / ROUTINES_FILE)
    routines = _read_routines(routines_data, exercises)
    programmes = _read_programmes(routines_data, routines)
    return Catalog(exercises=exercises, routines=routines, programmes=programmes)


@cache
def exercise_lookup() -> Mapping[str, str]:
    """How a journal may name an exercise -> its id: by id or by name, in any case and spacing
    (see ``schema.exercise_key``). Used when reading journals and imports."""
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


def routine_ids() -> frozenset[str]:
    """The ids a session or a plan may name."""
    return frozenset(load().routines)


# --------------------------------------------------------------------------------------------
# Reading and checking
# --------------------------------------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise CatalogError(f"{path.name}: the file is missing from {path.parent}") from None
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{path.name}: is not valid TOML ({error})") from None


@dataclass(frozen=True)
class _Entry:
    """One table of a catalog file, and how to name it in a message."""

    file: str
    label: str
    data: Mapping[str, Any]

    def fail(self, message: str) -> CatalogError:
        return CatalogError(f"{self.file}: {self.label} {message}")

    def check_keys(self, allowed: tuple[str, ...], where: str = "") -> None:
        for key in self.data:
            if key not in allowed:
                raise self.fail(f"{where}has an unknown field {key!r}")

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.data.get(key)
        if value is None and not required:
            return default
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"has no {key}" if value is None else f"{key} must be text")
        return value.strip()

    def choice(self, key: str, options: tuple[str, ...]) -> str:
        value = self.text(key)
        if value not in options:
            raise self.fail(f"{key} {value!r} is not one of {', '.join(options)}")
        return value

    def identifier(self, key: str = "id") -> str:
        value = self.text(key)
        if not EXERCISE_ID_PATTERN.match(value):
            raise self.fail(f"{key} {value!r} must be lower-case letters, digits, _ or -")
        return value

    def terms(self, key: str, *, allow_star: bool = True) -> tuple[str, ...]:
        """A non-empty list of words or phrases as notes are read (see _TERM)."""
        values = self.texts(key, allow_empty=False)
        for value in values:
            if value.count(" ") >= LONGEST_TERM:
                raise self.fail(f"{key} {value!r} has more than {LONGEST_TERM} words")
            if not _TERM.match(value) or (value.endswith("*") and not allow_star):
                ending = ", the last word may end in *" if allow_star else ""
                raise self.fail(
                    f"{key} {value!r} must be lower-case words and digits, one space apart{ending}"
                )
        return values

    def texts(self, key: str, *, allow_empty: bool) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            raise self.fail(f"has no {key}")
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            raise self.fail(f"{key} must be a list of non-empty texts")
        if not value and not allow_empty:
            raise self.fail(f"{key} is empty")
        return tuple(item.strip() for item in value)


_EXERCISE_KEYS = (
    "id",
    "name",
    "category",
    "position",
    "start_pose",
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


def _tables(
    file: str,
    kind: str,
    items: Sequence[Any],
    keys: tuple[str, ...],
    taken: Container[str],
    *,
    twice: str = "appears twice",
) -> Iterator[tuple[str, _Entry, Any]]:
    """Each [[kind]] table of a file with its id, checked: an id, not one already ``taken``,
    and no unknown keys. Errors name the table by its id once it has one."""
    for number, item in enumerate(items, start=1):
        item_id = _Entry(file, f"{kind} #{number}", item).identifier()
        entry = _Entry(file, f"{kind} {item_id!r}", item)
        if item_id in taken:
            raise entry.fail(twice)
        entry.check_keys(keys)
        yield item_id, entry, item


def _read_exercises(data: Mapping[str, Any]) -> dict[str, Exercise]:
    exercises: dict[str, Exercise] = {}
    items = data.get("exercise")
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{EXERCISES_FILE}: has no [[exercise]] tables")
    for exercise_id, entry, item in _tables(
        EXERCISES_FILE, "exercise", items, _EXERCISE_KEYS, exercises
    ):
        dose_data = item.get("dose")
        if not isinstance(dose_data, dict):
            raise entry.fail("has no [exercise.dose] table")
        dose_entry = _Entry(EXERCISES_FILE, f"exercise {exercise_id!r} dose", dose_data)
        dose_entry.check_keys(_DOSE_KEYS)
        exercises[exercise_id] = Exercise(
            id=exercise_id,
            name=entry.text("name"),
            category=entry.choice("category", CATEGORIES),
            position=entry.text("position"),
            start_pose=entry.choice("start_pose", POSES),
            side_word=entry.text("side_word", required=False, default="side"),
            steps=entry.texts("steps", allow_empty=False),
            dose=_make_dose(dose_entry, dose_data),
            purpose=entry.text("purpose"),
            cautions=entry.texts("cautions", allow_empty=True),
            source=entry.choice("source", SOURCES),
            source_note=entry.text("source_note", required=False),
            formerly=_formerly(entry, item),
        )
    _check_renames(exercises)
    return exercises


def _formerly(entry: _Entry, item: Mapping[str, Any]) -> tuple[str, ...]:
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


def _make_dose(entry: _Entry, data: Mapping[str, Any]) -> Dose:
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


_ROUTINE_KEYS = ("id", "name", "summary", "when_to_use", "steps")


def _read_routines(
    data: Mapping[str, Any], exercises: Mapping[str, Exercise]
) -> dict[str, Routine]:
    routines: dict[str, Routine] = {}
    items = data.get("routine")
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{ROUTINES_FILE}: has no [[routine]] tables")
    for routine_id, entry, item in _tables(
        ROUTINES_FILE, "routine", items, _ROUTINE_KEYS, routines
    ):
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
    routine: _Entry, number: int, data: object, exercises: Mapping[str, Exercise]
) -> RoutineStep:
    label = f"{routine.label} step {number}"
    if not isinstance(data, dict):
        raise CatalogError(f"{ROUTINES_FILE}: {label} must be a table like {{ exercise = ... }}")
    entry = _Entry(ROUTINES_FILE, label, data)
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
    dose = _make_dose(entry, {**merged, "source": base.source, "note": base.note})
    if dose.kind != base.kind:
        raise entry.fail(f"turns {exercise_id!r} from a {base.kind} into a {dose.kind}")
    return RoutineStep(exercise=exercise, dose=dose)


_PROGRAMME_KEYS = ("id", "name", "summary", "phases")
_PHASE_KEYS = ("name", "routine", "focus", "move_on_when")


@dataclass(frozen=True)
class _AnyOf:
    """Ids taken in any of several collections, as they are now (they may still grow)."""

    groups: tuple[Container[str], ...]

    def __contains__(self, item: object) -> bool:
        return any(item in group for group in self.groups)


def _read_programmes(
    data: Mapping[str, Any], routines: Mapping[str, Routine]
) -> dict[str, Programme]:
    programmes: dict[str, Programme] = {}
    # A programme may not share an id with another programme or with a routine.
    taken = _AnyOf((programmes, routines))
    for programme_id, entry, item in _tables(
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
            phase = _Entry(ROUTINES_FILE, f"{entry.label} phase {phase_number}", phase_data)
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


@dataclass(frozen=True)
class Mention:
    """Words in a day's notes that point to a red flag: any of ``words``, and, when ``near``
    is given, any of ``near`` close by in the same sentence (see lumbarlog/domain/red_flags.py)."""

    words: tuple[str, ...]
    near: tuple[str, ...] = ()


@dataclass(frozen=True)
class RedFlag:
    """A sign that back pain needs a doctor, never an exercise."""

    id: str
    sign: str
    urgency: str  # "emergency" (now), "urgent" (today) or "see_doctor" (soon)
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class RedFlagWords:
    """How notes are read for red flags: which words negate the sign that follows, phrases in
    which they do not, and phrases that only look like a sign."""

    negations: frozenset[str]
    not_negations: tuple[str, ...]
    ignore: tuple[str, ...]


RED_FLAGS_FILE = "red_flags.toml"
URGENCIES: tuple[str, ...] = ("emergency", "urgent", "see_doctor")
# A word or phrase of a mention: lower-case words and digits separated by single spaces; the
# last word may end in * to match any ending.
_TERM = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+)*\*?$")
LONGEST_TERM = 6  # words; lumbarlog/domain/red_flags.py relies on it to look only close by
_RED_FLAG_KEYS = ("id", "sign", "urgency", "mention")
_RED_FLAG_FILE_KEYS = ("source", "negations", "not_negations", "ignore", "red_flag")


@cache
def load_red_flags(folder: Path = CATALOG_DIR) -> tuple[RedFlag, ...]:
    """The red flags of data/catalog/red_flags.toml, checked like the rest of the catalog."""
    data = _read_red_flags_file(folder)
    flags: dict[str, RedFlag] = {}
    for flag_id, entry, item in _tables(
        RED_FLAGS_FILE, "red flag", data.get("red_flag", []), _RED_FLAG_KEYS, flags
    ):
        mentions = item.get("mention", [])
        if not isinstance(mentions, list):
            raise entry.fail("mention must be a list of tables like { words = [...] }")
        flags[flag_id] = RedFlag(
            id=flag_id,
            sign=entry.text("sign"),
            urgency=entry.choice("urgency", URGENCIES),
            mentions=tuple(
                _make_mention(entry, number, mention)
                for number, mention in enumerate(mentions, start=1)
            ),
        )
    if not flags:
        raise CatalogError(f"{RED_FLAGS_FILE}: no red flags")
    return tuple(flags.values())


@cache
def load_red_flag_words(folder: Path = CATALOG_DIR) -> RedFlagWords:
    """The negations and ignored phrases of red_flags.toml (see lumbarlog/domain/red_flags.py)."""
    data = _read_red_flags_file(folder)
    entry = _Entry(RED_FLAGS_FILE, "the file's", data)
    negations = entry.terms("negations", allow_star=False)
    if any(" " in word for word in negations):
        raise entry.fail("negations must be single words")
    return RedFlagWords(
        negations=frozenset(negations),
        not_negations=entry.terms("not_negations", allow_star=False),
        ignore=entry.terms("ignore", allow_star=False),
    )


def _read_red_flags_file(folder: Path) -> dict[str, Any]:
    data = _read_toml(Path(folder) / RED_FLAGS_FILE)
    _Entry(RED_FLAGS_FILE, "the file", data).check_keys(_RED_FLAG_FILE_KEYS)
    return data


def _make_mention(flag: _Entry, number: int, data: object) -> Mention:
    label = f"{flag.label} mention {number}"
    if not isinstance(data, dict):
        raise CatalogError(f"{RED_FLAGS_FILE}: {label} must be a table like {{ words = [...] }}")
    entry = _Entry(RED_FLAGS_FILE, label, data)
    entry.check_keys(("words", "near"))
    near = entry.terms("near") if "near" in data else ()
    if "near" in data and not near:
        raise entry.fail("near is empty; leave it out instead")
    return Mention(words=entry.terms("words"), near=near)
