"""The shipped catalog holds every exercise of the article with its facts, and a broken
catalog is refused with a message that names the file and the entry."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from lumbarlog.domain import catalog, exercises
from lumbarlog.domain.catalog_files import CatalogError

INVENTORY_NAMES = {
    "partial_crunch": "Partial crunch",
    "knee_to_chest_hold": "Knee to chest, long hold",
    "knee_to_chest_warmup": "Knee to chest, warm-up",
    "lying_knee_twist": "Lying knee twist",
    "lower_back_rotation": "Lower back rotational stretch",
    "glute_bridge": "Glute bridge",
    "plank_elbows_knees": "Plank on elbows and knees",
    "quadruped_hip_extension": "Quadruped hip extension",
    "lumbar_flexion_rotation": "Lumbar flexion rotation stretch",
    "legs_up_90_90_rest": "Legs-up 90/90 rest",
    "log_roll": "Getting out of bed (log roll)",
    "stand_up_break": "Stand-up break",
    "walking_break": "Walking break",
}


@pytest.fixture(scope="module")
def shipped() -> catalog.Catalog:
    return catalog.load()


def test_every_inventory_exercise_is_present_with_its_name(shipped):
    assert {k: e.name for k, e in shipped.exercises.items()} == INVENTORY_NAMES
    assert catalog.exercise_ids() == frozenset(INVENTORY_NAMES)


@pytest.mark.parametrize(
    ("exercise_id", "kind", "seconds", "repetitions", "sides"),
    [
        ("knee_to_chest_hold", "hold", 20, 3, 2),
        ("knee_to_chest_warmup", "hold", 5, 3, 2),
        ("lying_knee_twist", "hold", 20, 3, 2),
        ("lower_back_rotation", "hold", 5, 3, 2),
        ("plank_elbows_knees", "hold", 10, 3, 1),
        ("quadruped_hip_extension", "reps", None, 10, 2),
        ("lumbar_flexion_rotation", "reps", None, 10, 1),
        ("partial_crunch", "reps", None, 8, 1),
        ("log_roll", "reps", None, 1, 1),
        ("legs_up_90_90_rest", "timed", 900, 1, 1),
        ("stand_up_break", "timed", 60, 1, 1),
        ("walking_break", "timed", 120, 1, 1),
    ],
)
def test_doses_follow_the_article(shipped, exercise_id, kind, seconds, repetitions, sides):
    dose = shipped.exercises[exercise_id].dose
    assert dose.kind == kind
    assert dose.repetitions == repetitions
    assert dose.sides == sides
    if kind == "hold":
        assert dose.hold_seconds == seconds
    if kind == "timed":
        assert dose.duration_seconds == seconds


@pytest.mark.parametrize(
    ("exercise_id", "position", "category"),
    [
        ("partial_crunch", "on your back", "strength"),
        ("knee_to_chest_hold", "on your back", "stretch"),
        ("quadruped_hip_extension", "on all fours", "strength"),
        ("plank_elbows_knees", "face down", "strength"),
        ("lumbar_flexion_rotation", "on your side", "mobility"),
        ("log_roll", "in bed", "technique"),
        ("stand_up_break", "seated/standing", "break"),
        ("walking_break", "seated/standing", "break"),
    ],
)
def test_positions_and_categories(shipped, exercise_id, position, category):
    exercise = shipped.exercises[exercise_id]
    assert (exercise.position, exercise.category) == (position, category)


def test_gaps_in_the_article_are_marked_as_common_practice(shipped):
    bridge = shipped.exercises["glute_bridge"]
    assert bridge.source == "common practice"
    assert "lift" in bridge.source_note
    assert any("lift" in step for step in bridge.steps)
    assert shipped.exercises["walking_break"].dose.source == "common practice"
    assert shipped.exercises["knee_to_chest_hold"].source == "article"


def test_every_exercise_is_complete_and_immutable(shipped):
    for exercise in shipped.exercises.values():
        assert exercise.category in exercises.CATEGORIES
        assert exercise.start_pose in exercises.POSES
        assert exercise.end_pose in exercises.POSES
        assert exercise.end_pose != exercise.start_pose
        assert isinstance(exercise.steps, tuple) and len(exercise.steps) >= 2
        assert isinstance(exercise.cautions, tuple) and exercise.cautions
        assert exercise.purpose and exercise.position
        assert exercise.source in exercises.SOURCES
    leg = shipped.exercises["knee_to_chest_hold"]
    assert any("shoots down a leg" in caution for caution in leg.cautions)
    with pytest.raises(dataclasses.FrozenInstanceError):
        leg.name = "changed"  # type: ignore[misc]


def test_every_routine_refers_to_catalog_exercises(shipped):
    for routine in shipped.routines.values():
        assert routine.steps
        for step in routine.steps:
            assert shipped.exercises[step.exercise_id] is step.exercise
        assert routine.name and routine.summary and routine.when_to_use


def test_the_routines_from_the_article_exist(shipped):
    routines = shipped.routines
    relief = routines["relief_60_seconds"]
    assert len(relief.steps) == 4
    # 5 s each side + 3 s switch, 5 s change, the same again, 5 s change, 3 crunches of 4 s,
    # 5 s change, one 8 s bridge.
    assert relief.total_seconds == 13 + 5 + 13 + 5 + 12 + 5 + 8 == 61
    assert len(routines["morning_stretches"].exercise_ids) == 6
    assert routines["desk_break"].exercise_ids == ("stand_up_break", "walking_break")
    assert routines["desk_break"].total_seconds == 30 + 5 + 30
    assert routines["getting_out_of_bed"].exercise_ids == ("log_roll",)
    core = {shipped.exercises[i].category for i in routines["core_strength"].exercise_ids}
    assert core == {"mobility", "strength"}


def test_programme_goes_from_mobility_to_strength(shipped):
    programme = shipped.programmes["align_stabilize_maintain"]
    assert [phase.name for phase in programme.phases] == ["Align", "Stabilise", "Maintain"]

    def categories(phase: catalog.Phase) -> set[str]:
        routine = shipped.routines[phase.routine_id]
        return {shipped.exercises[i].category for i in routine.exercise_ids}

    first, second, _ = programme.phases
    assert "strength" not in categories(first)
    assert "strength" in categories(second)


def test_routine_dose_overrides_apply_only_to_that_routine(shipped):
    relief = shipped.routines["relief_60_seconds"]
    bridge = next(step for step in relief.steps if step.exercise_id == "glute_bridge")
    assert (bridge.dose.hold_seconds, bridge.dose.repetitions) == (8, 1)
    assert shipped.exercises["glute_bridge"].dose.hold_seconds == 15


def test_an_old_exercise_id_resolves_to_the_renamed_exercise(shipped):
    """Journals written before a rename keep the old id in entries.csv and sessions.csv."""
    assert catalog.exercise_renames() == {"static_leg_raise": "legs_up_90_90_rest"}
    rest = shipped.exercises["legs_up_90_90_rest"]
    assert shipped.exercise("static_leg_raise") is rest
    assert shipped.exercise("legs_up_90_90_rest") is rest
    assert shipped.exercise("retired_one") is None
    assert shipped.exercise_name("static_leg_raise") == "Legs-up 90/90 rest"
    assert shipped.exercise_names()["static_leg_raise"] == "Legs-up 90/90 rest"
    assert shipped.current_exercise_id("static_leg_raise") == "legs_up_90_90_rest"
    assert shipped.current_exercise_id("retired_one") == "retired_one"
    # The old id is not offered as an exercise of its own.
    assert "static_leg_raise" not in catalog.exercise_ids()
    assert "static_leg_raise" not in shipped.exercises


def test_the_legs_up_rest_is_what_it_says(shipped):
    rest = shipped.exercises["legs_up_90_90_rest"]
    steps = " ".join(rest.steps)
    assert "wall" not in steps
    assert "right angle" in steps
    assert rest.source == "common practice"
    assert "lying static leg raise" in rest.source_note
    assert rest.dose.source == "article"
    assert (rest.start_pose, rest.end_pose) == ("back_knees_bent_by_chair", "back_legs_90_90")


def test_a_routine_may_still_name_an_old_exercise_id(broken_copy):
    folder = broken_copy(
        "routines.toml",
        '{ exercise = "legs_up_90_90_rest" }',
        '{ exercise = "static_leg_raise" }',
    )
    unwind = catalog.load(folder).routines["evening_unwind"]
    assert unwind.exercise_ids[-1] == "legs_up_90_90_rest"


def test_the_plank_starts_small_and_the_flare_routine_is_gentle(shipped):
    plank = shipped.exercises["plank_elbows_knees"].dose
    assert (plank.hold_seconds, plank.repetitions) == (10, 3)
    assert "3 to 5 holds of 10 to 20 seconds" in plank.note
    gentle = shipped.routines["gentle_flare"]
    assert set(gentle.exercise_ids) == {
        "walking_break", "knee_to_chest_warmup", "lower_back_rotation"
    }  # fmt: skip
    assert {shipped.exercises[i].category for i in gentle.exercise_ids} <= {"mobility", "break"}


def test_the_flexion_rotation_lets_the_person_choose_the_side(shipped):
    stretch = shipped.exercises["lumbar_flexion_rotation"]
    assert "more comfortable" in stretch.steps[0]
    assert any("spread" in caution and "stop" in caution.lower() for caution in stretch.cautions)


def test_names_fall_back_to_the_id(shipped):
    assert shipped.exercise_name("glute_bridge") == "Glute bridge"
    assert shipped.exercise_name("retired_one") == "retired_one"
    assert shipped.routine_name("desk_break") == "Desk break"
    assert shipped.routine_name("gone") == "gone"


# --------------------------------------------------------------------------------------------
# Totals, on a small catalog computed by hand
# --------------------------------------------------------------------------------------------

SMALL_EXERCISES = """
[[exercise]]
id = "{hold_id}"
name = "A hold"
category = "stretch"
position = "on your back"
start_pose = "back_legs_straight"
end_pose = "one_knee_to_chest_leg_straight"
side_word = "leg"
steps = ["Lie down.", "Hold."]
purpose = "Testing."
cautions = ["Stop if it hurts."]
source = "article"

[exercise.dose]
hold_seconds = 20
repetitions = 3
sides = 2
rest_seconds = 5

[[exercise]]
id = "counted"
name = "Counted lifts"
category = "strength"
position = "on all fours"
start_pose = "all_fours"
end_pose = "all_fours_knee_lifted_behind"
steps = ["Kneel.", "Lift."]
purpose = "Testing."
cautions = []
source = "common practice"

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
sets = 2
rest_seconds = 10
"""

SMALL_ROUTINES = """
[[routine]]
id = "mixed"
name = "Mixed"
summary = "One of each kind."
when_to_use = "In tests."
steps = [{{ exercise = "{hold_id}" }}, {{ exercise = "counted" }}, {{ exercise = "walk" }}]

[[routine]]
id = "short"
name = "Short"
summary = "Changed doses."
when_to_use = "In tests."
steps = [{{ exercise = "{hold_id}", hold_seconds = 10, repetitions = 1 }}]
"""


def write_small_catalog(folder: Path, hold_id: str = "stretch_hold") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "exercises.toml").write_text(SMALL_EXERCISES.format(hold_id=hold_id))
    (folder / "routines.toml").write_text(SMALL_ROUTINES.format(hold_id=hold_id))
    return folder


def test_routine_totals_are_computed_from_the_steps(tmp_path):
    small = catalog.load(write_small_catalog(tmp_path / "catalog"))
    assert (exercises.SWITCH_SECONDS, catalog.CHANGE_SECONDS) == (3, 5)
    # 6 holds of 20 s with 5 s rests between them:  6*20 + 5*5 = 145
    # change:                                                     5
    # 10 lifts of 3 s on each side, 3 s switch:   2*30 + 3      = 63
    # change:                                                     5
    # 2 sets of 60 s walking with 10 s rest:       2*60 + 10    = 130
    assert small.routines["mixed"].total_seconds == 145 + 5 + 63 + 5 + 130 == 348
    # The changed dose keeps the exercise's sides and rest: 10 s right, 5 s rest, 10 s left.
    assert small.routines["short"].total_seconds == 10 + 5 + 10
    assert small.exercises["stretch_hold"].dose.hold_seconds == 20


# --------------------------------------------------------------------------------------------
# Broken copies of the shipped catalog
# --------------------------------------------------------------------------------------------


@pytest.fixture
def broken_copy(tmp_path: Path):
    """Copy the shipped catalog, apply one text change to one file, and load it."""

    def make(file: str, old: str, new: str) -> Path:
        folder = tmp_path / "catalog"
        shutil.copytree(catalog.CATALOG_DIR, folder)
        text = (folder / file).read_text()
        assert old in text, f"the test's edit does not apply to {file}"
        (folder / file).write_text(text.replace(old, new, 1))
        return folder

    return make


def test_a_catalog_kept_from_before_end_pictures_still_loads(tmp_path: Path):
    """A person's own copy of exercises.toml from before each exercise had an end picture
    (and with the start pose names of then) loads as it did: the start picture alone."""
    folder = tmp_path / "catalog"
    shutil.copytree(catalog.CATALOG_DIR, folder)
    text = (folder / "exercises.toml").read_text()
    text = re.sub(r'^end_pose = ".*"\n', "", text, flags=re.MULTILINE)
    text = text.replace(
        'start_pose = "back_knees_bent_arms_down"', 'start_pose = "back_knees_bent"', 1
    )
    (folder / "exercises.toml").write_text(text)

    loaded = catalog.load(folder)

    bridge = loaded.exercises["glute_bridge"]
    assert bridge.start_pose == "back_knees_bent_arms_down"
    assert all(e.end_pose is None for e in loaded.exercises.values())


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "routines.toml",
            '{ exercise = "walking_break", duration_seconds = 30 }',
            '{ exercise = "foo", duration_seconds = 30 }',
            "routines.toml: routine 'desk_break' step 2 names unknown exercise 'foo'",
        ),
        (
            "exercises.toml",
            'category = "strength"\n',
            "",
            "exercises.toml: exercise 'partial_crunch' has no category",
        ),
        (
            "exercises.toml",
            'category = "stretch"',
            'category = "yoga"',
            "exercises.toml: exercise 'knee_to_chest_hold' category 'yoga' is not one of",
        ),
        (
            "exercises.toml",
            "hold_seconds = 20",
            "hold_seconds = -20",
            "exercises.toml: exercise 'knee_to_chest_hold' dose hold_seconds must be a whole "
            "number above 0 (got -20)",
        ),
        (
            "exercises.toml",
            "duration_seconds = 900",
            "duration_seconds = 0",
            "exercise 'legs_up_90_90_rest' dose duration_seconds must be a whole number above 0",
        ),
        (
            "exercises.toml",
            "repetitions = 8\n",
            "",
            "exercises.toml: exercise 'partial_crunch' dose has no kind",
        ),
        (
            "exercises.toml",
            "sides = 2",
            "sides = 3",
            "exercise 'knee_to_chest_hold' dose sides must be 1 or 2",
        ),
        (
            "exercises.toml",
            'id = "knee_to_chest_warmup"',
            'id = "knee_to_chest_hold"',
            "exercises.toml: exercise 'knee_to_chest_hold' appears twice",
        ),
        (
            "exercises.toml",
            'steps = [\n    "Stand up from your chair.",\n    "Reach',
            'stepz = [\n    "Stand up from your chair.",\n    "Reach',
            "exercises.toml: exercise 'stand_up_break' has an unknown field 'stepz'",
        ),
        (
            "routines.toml",
            'id = "core_strength"',
            'id = "morning_stretches"',
            "routines.toml: routine 'morning_stretches' appears twice",
        ),
        (
            "routines.toml",
            '{ exercise = "log_roll" }',
            '{ exercise = "log_roll", minutes = 2 }',
            "routines.toml: routine 'getting_out_of_bed' step 1 has an unknown field 'minutes'",
        ),
        (
            "routines.toml",
            '{ exercise = "stand_up_break", duration_seconds = 30 }',
            '{ exercise = "stand_up_break", hold_seconds = 30 }',
            "routine 'desk_break' step 1 gives both hold_seconds and duration_seconds",
        ),
        (
            "routines.toml",
            '{ exercise = "partial_crunch", repetitions = 3 }',
            '{ exercise = "partial_crunch", repetitions = 0 }',
            "routine 'relief_60_seconds' step 3 repetitions must be a whole number above 0",
        ),
        (
            "routines.toml",
            'routine = "phase_stabilize"',
            'routine = "phase_two"',
            "programme 'align_stabilize_maintain' phase 2 names unknown routine 'phase_two'",
        ),
        (
            "exercises.toml",
            'formerly = ["static_leg_raise"]',
            'formerly = ["glute_bridge"]',
            "exercise 'legs_up_90_90_rest' formerly names 'glute_bridge', which is a current "
            "exercise id",
        ),
        (
            "exercises.toml",
            'formerly = ["static_leg_raise"]',
            'formerly = ["static_leg_raise", "static_leg_raise"]',
            "exercise 'legs_up_90_90_rest' formerly names 'static_leg_raise' twice",
        ),
        (
            "exercises.toml",
            'id = "log_roll"\n',
            'id = "log_roll"\nformerly = ["static_leg_raise"]\n',
            "exercise 'log_roll' formerly names 'static_leg_raise', which exercise "
            "'legs_up_90_90_rest' also names",
        ),
        (
            "exercises.toml",
            'formerly = ["static_leg_raise"]',
            'formerly = ["Static Leg Raise"]',
            "exercise 'legs_up_90_90_rest' formerly 'Static Leg Raise' must be lower-case",
        ),
        (
            "exercises.toml",
            'end_pose = "bridge_hips_lifted"',
            'end_pose = "back_knees_bent_arms_down"',
            "exercise 'glute_bridge' end_pose 'back_knees_bent_arms_down' is its start_pose",
        ),
        (
            "exercises.toml",
            'end_pose = "bridge_hips_lifted"',
            'end_pose = "bridge"',
            "exercise 'glute_bridge' end_pose 'bridge' is not one of",
        ),
        (
            "routines.toml",
            'summary = "Stand, stretch tall',
            "summary = Stand, stretch tall",
            "routines.toml: is not valid TOML",
        ),
    ],
)
def test_a_broken_catalog_names_the_file_and_entry(broken_copy, file, old, new, message):
    folder = broken_copy(file, old, new)
    with pytest.raises(CatalogError) as raised:
        catalog.load(folder)
    assert message in str(raised.value)


def test_a_missing_file_is_named(tmp_path):
    folder = write_small_catalog(tmp_path / "catalog")
    (folder / "routines.toml").unlink()
    with pytest.raises(CatalogError, match=r"routines\.toml: the file is missing"):
        catalog.load(folder)


def test_the_unbroken_copy_loads(broken_copy):
    folder = broken_copy("routines.toml", "[[routine]]", "[[routine]]")
    assert set(catalog.load(folder).routines) == set(catalog.load().routines)
