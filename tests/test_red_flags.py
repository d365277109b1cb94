"""domain/red_flags.py: which words in a day's notes bring up the red-flag check, and which do not.

A missed sign costs far more than a check nobody needed, so the "must trigger" table is the
one that matters; the "must not" table keeps the check from crying wolf on everyday notes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lumbarlog.domain import catalog, red_flags
from lumbarlog.domain.catalog_files import CatalogError
from lumbarlog.ui import red_flag_check

FLAGS = {flag.id: flag for flag in red_flags.load_red_flags()}


def found(notes: str) -> dict[str, str]:
    return {f.flag.id: f.words for f in red_flags.find_signs(notes)}


MUST_TRIGGER = [
    # Saddle numbness: the classic cauda equina sign, in the words people use.
    ("Numbness in my groin since lunch", "saddle_numbness"),
    ("numb groin", "saddle_numbness"),
    ("My groin feels numb", "saddle_numbness"),
    ("tingling around my bum and inner thighs", "saddle_numbness"),
    ("pins and needles between my legs", "saddle_numbness"),
    ("Can't feel my backside properly when I wipe", "saddle_numbness"),
    ("no pain but numbness in my groin", "saddle_numbness"),
    ("not sure if it's numbness in my groin or just cold", "saddle_numbness"),
    ("SADDLE NUMBNESS", "saddle_numbness"),
    # Bladder and bowel.
    ("can't pee", "urine_retention"),
    ("cannot pee since this morning", "urine_retention"),
    ("Can not pass urine", "urine_retention"),
    ("hard to start peeing today", "urine_retention"),
    ("struggling to wee", "urine_retention"),
    ("I'm no longer able to pee properly", "urine_retention"),
    ("peeing is difficult", "urine_retention"),
    ("wet myself without noticing", "bladder_bowel"),
    ("lost control of my bladder", "bladder_bowel"),
    ("I don't feel my bladder filling", "bladder_bowel"),
    ("some incontinence today", "bladder_bowel"),
    # Both legs, weakness.
    ("pins and needles in both legs", "both_legs"),
    ("pins-and-needles in both legs", "both_legs"),
    ("sciatica down both legs now", "both_legs"),
    ("both legs numb", "both_legs"),
    ("my legs are tingling", "both_legs"),
    ("left leg keeps giving way", "leg_weakness"),
    ("trouble walking this afternoon", "leg_weakness"),
    ("foot drop on the right", "leg_weakness"),
    # The rest of the emergency tier.
    ("couldn't get an erection, first time ever", "sexual_function"),
    ("numb during sex", "sexual_function"),
    ("chest pain on the stairs", "chest_pain"),
    ("pain in my chest", "chest_pain"),
    ("back went after a car crash", "serious_accident"),
    ("fell off a ladder at work", "serious_accident"),
    # Urgent, today.
    ("had a fever last night", "fever_unwell"),
    ("feeling hot and shivery", "fever_unwell"),
    ("slipped on ice; I have osteoporosis", "minor_trauma_fragile_bones"),
    ("still on prednisolone", "minor_trauma_fragile_bones"),
    ("pain at night even lying still", "cancer_weight_night"),
    ("lost weight without trying", "cancer_weight_night"),
    ("found a lump near my spine", "lump_or_shape"),
    ("swelling on my lower back", "lump_or_shape"),
    ("my back has changed shape", "lump_or_shape"),
    ("used to inject drugs", "infection_risk"),
    ("on chemo since March", "infection_risk"),
    # Punctuation, case and layout do not matter.
    ("Walked 2 km.\nThen: NUMBNESS in my groin!", "saddle_numbness"),
    ("groin...numb", "saddle_numbness"),
    ("Can’t pee", "urine_retention"),
]


@pytest.mark.parametrize(("notes", "flag_id"), MUST_TRIGGER)
def test_these_notes_bring_up_the_check(notes: str, flag_id: str) -> None:
    assert flag_id in found(notes), found(notes)


MUST_NOT_TRIGGER = [
    "",
    "Stiff in the morning, better after the walk",
    "sat for 7 hours, back ached by the evening",
    "no numbness",
    "Stiff after sitting, no numbness anywhere",
    "no numbness or tingling in my groin",
    "I do not have any numbness",
    "no trouble peeing",
    "peeing fine, no trouble",
    "without any tingling in my legs",
    "no pain in both legs today",
    "fell asleep on the sofa",
    "I fell behind at work",
    "slipped disc flaring again",
    "a wee bit sore",
    "chest stretch felt good",
    "numbness in my left foot",  # one leg only: sciatica, not a red flag by itself
    "pain down my right leg",
    "my leg is sore after the run",
    "tweezers, legacy, numbers, chesterfield",  # words that only contain a sign word
    "weak coffee and a long meeting",
    "lost 2 kg on the new diet",
    "bottom of my foot tingles",
]


@pytest.mark.parametrize("notes", MUST_NOT_TRIGGER)
def test_these_notes_stay_quiet(notes: str) -> None:
    assert found(notes) == {}


def test_the_words_are_quoted_as_typed() -> None:
    assert found("Walked. Then NUMBNESS in my groin!") == {
        "saddle_numbness": "NUMBNESS in my groin"
    }
    assert found("I can not pee") == {"urine_retention": "can not pee"}


def test_each_flag_is_found_once_in_file_order() -> None:
    signs = red_flags.find_signs("numb groin. numb groin again. chest pain. fever")
    assert [s.flag.id for s in signs] == ["saddle_numbness", "chest_pain", "fever_unwell"]


def test_every_sign_a_note_can_mention_has_a_way_to_be_found() -> None:
    """Every flag of the emergency and urgent tiers can be found from notes; only the ones
    about age and slow progress (which notes do not state) have no mentions."""
    without = {flag.id for flag in FLAGS.values() if not flag.mentions}
    assert without == {"age_new_pain", "not_improving"}
    assert {FLAGS[i].urgency for i in without} == {"see_doctor"}


def test_anything_that_is_not_text_is_no_notes() -> None:
    for value in (None, float("nan"), 3, b"numb groin"):
        assert red_flags.find_signs(value) == []


# --------------------------------------------------------------------------------------------
# Rules that hold for every input
# --------------------------------------------------------------------------------------------

SIGN_SENTENCES = [notes for notes, _ in MUST_TRIGGER if "\n" not in notes]


@given(st.text())
def test_never_fails_on_any_text(notes: str) -> None:
    for sign in red_flags.find_signs(notes):
        assert sign.words and sign.words in notes


@given(st.text(alphabet=st.characters(codec="ascii")))
def test_case_does_not_matter(notes: str) -> None:
    ids = [s.flag.id for s in red_flags.find_signs(notes)]
    assert [s.flag.id for s in red_flags.find_signs(notes.upper())] == ids
    assert [s.flag.id for s in red_flags.find_signs(notes.lower())] == ids


@given(st.text(), st.text())
def test_lines_are_read_on_their_own(first: str, second: str) -> None:
    """What one line mentions does not depend on the other lines."""
    both = {s.flag.id for s in red_flags.find_signs(f"{first}\n{second}")}
    apart = {s.flag.id for s in red_flags.find_signs(first)} | {
        s.flag.id for s in red_flags.find_signs(second)
    }
    assert both == apart


@given(st.text(), st.sampled_from(MUST_TRIGGER), st.text())
def test_a_sign_on_its_own_line_is_found_whatever_surrounds_it(before, case, after) -> None:
    notes, flag_id = case
    assert flag_id in {s.flag.id for s in red_flags.find_signs(f"{before}\n{notes}\n{after}")}


# --------------------------------------------------------------------------------------------
# The file
# --------------------------------------------------------------------------------------------


def test_the_tiers_and_the_new_signs_are_there() -> None:
    tiers = {flag.id: flag.urgency for flag in FLAGS.values()}
    for emergency in (
        "bladder_bowel", "urine_retention", "saddle_numbness", "both_legs", "leg_weakness",
        "sexual_function", "chest_pain", "serious_accident",
    ):  # fmt: skip
        assert tiers[emergency] == "emergency", emergency
    for urgent in ("fever_unwell", "minor_trauma_fragile_bones", "lump_or_shape", "infection_risk"):
        assert tiers[urgent] == "urgent", urgent
    assert tiers["age_new_pain"] == "see_doctor"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('urgency = "urgent"', 'urgency = "soonish"', "urgency 'soonish' is not one of"),
        ('id = "chest_pain"', 'id = "both_legs"', "red flag 'both_legs' appears twice"),
        ('words = ["chest"]', 'words = ["Chest!"]', "words 'Chest!' must be lower-case words"),
        ('words = ["chest"]', 'wordz = ["chest"]', "has an unknown field 'wordz'"),
        ('"no", "not",', '"no", "not at all",', "negations must be single words"),
        ('"fell asleep",', '"fell*",', "ignore 'fell*' must be lower-case words"),
        (
            'words = ["chest"]',
            'words = ["a b c d e f g"]',
            "words 'a b c d e f g' has more than 6 words",
        ),
    ],
)
def test_a_broken_red_flags_file_names_the_entry(tmp_path, old, new, message) -> None:
    text = (catalog.CATALOG_DIR / red_flags.RED_FLAGS_FILE).read_text()
    assert old in text
    (tmp_path / red_flags.RED_FLAGS_FILE).write_text(text.replace(old, new, 1))
    with pytest.raises(CatalogError, match=r"red_flags\.toml") as raised:
        red_flags.load_red_flags(tmp_path)
        red_flags.load_red_flag_words(tmp_path)
    assert message in str(raised.value)


def test_every_urgency_in_the_file_has_its_action_in_words() -> None:
    """One list of tiers: the red-flag file's urgencies are exactly the tiers the app words."""
    assert tuple(red_flag_check.RED_FLAG_ACTIONS) == red_flags.URGENCIES
    assert {flag.urgency for flag in FLAGS.values()} <= set(red_flag_check.RED_FLAG_ACTIONS)
