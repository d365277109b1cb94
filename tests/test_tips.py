"""analysis/tips.py and data/catalog/tips.toml: each rule fires on data that meets it and not
otherwise, tips come most relevant first, and a bad tips file fails to load, naming the tip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from lumbarlog.analysis import tips
from lumbarlog.analysis.daily import daily_series
from lumbarlog.domain import catalog
from tests import journal_factory as journal
from tests.journal_factory import START

# The routines being written alongside: every tip's routine must be one of them.


def day(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


def daily_of(pain, sessions=(), **columns) -> pd.DataFrame:
    return daily_series(journal.entries(pain, **columns), journal.sessions(sessions))


# --------------------------------------------------------------------------------------------
# The shipped tips
# --------------------------------------------------------------------------------------------


def test_shipped_tips_load_and_cover_every_topic_and_rule():
    loaded = tips.load_tips()

    assert len({tip.id for tip in loaded}) == len(loaded)
    assert {tip.topic for tip in loaded} == set(tips.TOPICS)
    assert {tip.when for tip in loaded} == set(tips.CONDITIONS)
    assert {tip.source for tip in loaded} <= set(tips.SOURCES)
    assert {tip.routine for tip in loaded if tip.routine} <= catalog.routine_ids()
    for tip in loaded:
        assert tip.title and len(tip.text) > 40, tip.id
        assert "\n" not in tip.text  # wrapped lines in the TOML become one paragraph


def test_the_rules_lead_to_the_advice_they_promise():
    by_condition: dict[str, set[str]] = {}
    for tip in tips.load_tips():
        by_condition.setdefault(tip.when, set()).add(tip.topic)
        by_condition.setdefault(f"{tip.when}:routine", set()).add(tip.routine or "")

    assert "breaks" in by_condition["high_sitting"]
    assert {"stretching", "heat_ice", "safety"} <= by_condition["pain_rising_or_flare"]
    assert {"morning_stretches", "getting_out_of_bed"} <= by_condition["morning_pain:routine"]
    assert "relief_60_seconds" in by_condition["no_recent_exercise:routine"]
    assert "stretching" in by_condition["always"]


# --------------------------------------------------------------------------------------------
# Loading a tips file
# --------------------------------------------------------------------------------------------

GOOD_TIP = """
[[tip]]
id = "a_tip"
title = "A tip"
text = "Some advice that is long enough to read as advice."
topic = "movement"
when = "always"
source = "article"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tips.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads(tmp_path: Path):
    loaded = tips.load_tips(write(tmp_path, GOOD_TIP))

    assert loaded == (
        tips.Tip(
            id="a_tip",
            title="A tip",
            text="Some advice that is long enough to read as advice.",
            topic="movement",
            when="always",
            source="article",
        ),
    )


@pytest.mark.parametrize("condition", ["sitting_a_lot", "lambda daily, today: True", "ALWAYS"])
def test_an_unknown_condition_fails_to_load_naming_the_tip(tmp_path: Path, condition: str):
    path = write(tmp_path, GOOD_TIP.replace('when = "always"', f"when = {condition!r}"))

    with pytest.raises(tips.TipError, match=r"tip 'a_tip' has unknown condition"):
        tips.load_tips(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('topic = "movement"', 'topic = "yoga"'), "unknown topic 'yoga'"),
        (('source = "article"', 'source = "a blog"'), "unknown source"),
        (('title = "A tip"\n', ""), "has no title"),
        (('source = "article"', 'source = "article"\nwhen_ = "x"'), "unknown fields: when_"),
        (('source = "article"', 'source = "article"\nroutine = "Desk Break!"'), "routine"),
    ],
)
def test_other_mistakes_fail_to_load_naming_the_tip(tmp_path: Path, change, message):
    path = write(tmp_path, GOOD_TIP.replace(*change))

    with pytest.raises(tips.TipError, match=message) as error:
        tips.load_tips(path)
    assert "a_tip" in str(error.value)


def test_a_repeated_id_fails_to_load(tmp_path: Path):
    with pytest.raises(tips.TipError, match="appears twice"):
        tips.load_tips(write(tmp_path, GOOD_TIP + GOOD_TIP))


# --------------------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sitting", "expected"),
    [
        ([6.0] * 7, True),  # exactly the threshold
        ([5.75] * 7, False),
        ([None] * 4 + [8.0, 8.0, 8.0], True),  # three days recorded are enough
        ([None] * 5 + [8.0, 8.0], False),
        ([2.0] * 3 + [8.0] * 7, True),  # only the last seven logged days count
    ],
)
def test_high_sitting(sitting, expected):
    daily = daily_of([4] * len(sitting), sitting_hours=sitting)

    assert tips.high_sitting(daily, day(len(sitting) - 1)) is expected


def test_high_sitting_long_ago_does_not_count():
    daily = daily_of([4] * 7, sitting_hours=[9.0] * 7)

    assert tips.high_sitting(daily, day(6 + tips.RECENT_CALENDAR_DAYS - 3))  # days 4-6 left
    assert not tips.high_sitting(daily, day(6 + tips.RECENT_CALENDAR_DAYS - 2))


def test_rising_pain_fires_the_flare_rule():
    rising = daily_of([2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8])
    level = daily_of([5, 4, 5, 6, 5, 4, 5, 6, 5, 4, 5, 6, 5, 5])

    assert tips.pain_rising_or_flare(rising, day(13))
    assert not tips.pain_rising_or_flare(level, day(13))


@pytest.mark.parametrize(
    ("days_since_flare", "expected"),
    [(0, True), (tips.FLARE_RECENT_DAYS, True), (tips.FLARE_RECENT_DAYS + 1, False)],
)
def test_a_recent_flare_fires_the_flare_rule(days_since_flare, expected):
    pain = [4] * 14 + [6, 6, 6] + [4] * days_since_flare  # a flare lasts three days or more
    daily = daily_of(pain)

    assert tips.pain_rising_or_flare(daily, day(16 + days_since_flare)) is expected


def test_just_below_a_flare_does_not_fire():
    assert not tips.pain_rising_or_flare(daily_of([4] * 14 + [5, 5]), day(15))


MORNING_NOTE = "Very stiff when I woke up"


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        ([""] * 5 + [MORNING_NOTE, "Sore in the morning"], True),
        ([""] * 6 + [MORNING_NOTE], False),  # one mention is not a pattern
        ([""] * 5 + ["Sore after the meeting", "Long drive"], False),
        (["Mornings are the worst"] * 2 + [""] * 20, False),  # too long ago
    ],
)
def test_morning_pain_reads_recent_notes(notes, expected):
    entries = journal.entries([5] * len(notes), notes=notes)
    daily = daily_series(entries, journal.sessions())
    today = day(len(notes) - 1)

    assert ("morning_pain" in tips.conditions_met(daily, today, entries=entries)) is expected


def test_morning_pain_needs_the_notes():
    notes = [MORNING_NOTE] * 7
    daily = daily_of([5] * 7, notes=notes)

    assert "notes" not in daily
    assert "morning_pain" not in tips.conditions_met(daily, day(6))


def test_no_recent_exercise():
    idle = [()] * 10
    assert tips.no_recent_exercise(daily_of([4] * 10, exercises=idle), day(9))

    exercised_two_days_ago = [()] * 7 + [("log_roll",), (), ()]
    assert not tips.no_recent_exercise(daily_of([4] * 10, exercises=exercised_two_days_ago), day(9))

    exercised_three_days_ago = [()] * 6 + [("log_roll",), (), (), ()]
    assert tips.no_recent_exercise(daily_of([4] * 10, exercises=exercised_three_days_ago), day(9))

    session_today = [
        {"start": pd.Timestamp(day(9)) + pd.Timedelta(hours=7), "exercises_completed": ["x"]}
    ]
    assert not tips.no_recent_exercise(daily_of([4] * 9, sessions=session_today), day(9))


def test_no_recent_exercise_waits_for_a_journal_that_long():
    assert not tips.no_recent_exercise(daily_of([4, 4]), day(1))
    assert tips.no_recent_exercise(daily_of([4, 4, 4]), day(2))
    assert not tips.no_recent_exercise(daily_of([]), day(2))


@pytest.mark.parametrize(
    ("pain", "expected"),
    [
        ([4] * 42, True),
        ([3] * 42, False),
        ([4, None] * 21, True),  # 21 logged days over six weeks
        ([4, None, None] * 14, False),  # only 14 logged
        ([4] * 41, False),  # not yet six weeks of journal
    ],
)
def test_persistent_pain(pain, expected):
    assert tips.persistent_pain(daily_of(pain), day(len(pain) - 1)) is expected


def test_rules_ignore_days_after_today():
    daily = daily_of([4] * 14, sitting_hours=[2.0] * 7 + [9.0] * 7)

    assert not tips.high_sitting(daily, day(6))
    assert tips.high_sitting(daily, day(13))


# --------------------------------------------------------------------------------------------
# Choosing tips
# --------------------------------------------------------------------------------------------


def test_fitting_tips_put_the_most_relevant_first():
    pain = [4] * 14 + [6, 6, 6]
    daily = daily_of(pain, sitting_hours=[7.0] * 17, exercises=[("log_roll",)] * 17)

    chosen = tips.fitting_tips(daily, day(16))
    conditions = [tip.when for tip in chosen]

    first_general = conditions.index("always")
    assert conditions[:first_general] == ["pain_rising_or_flare"] * 3 + ["high_sitting"] * 3
    assert set(conditions[first_general:]) == {"always"}
    assert chosen[0].reason == tips.CONDITION_REASONS["pain_rising_or_flare"]
    assert {tip.id for tip in chosen} >= {"heat_or_ice", "when_to_see_a_doctor"}


def test_fitting_tips_with_no_data_give_general_advice_only():
    chosen = tips.fitting_tips(daily_of([]), day(0))

    assert chosen
    assert {tip.when for tip in chosen} == {"always"}
    assert len(chosen) == sum(tip.when == "always" for tip in tips.load_tips())


def test_general_tips_turn_from_day_to_day_without_losing_any():
    daily = daily_of([])
    monday = [tip.id for tip in tips.fitting_tips(daily, day(0))]
    tuesday = [tip.id for tip in tips.fitting_tips(daily, day(1))]

    assert monday[0] != tuesday[0]
    assert sorted(monday) == sorted(tuesday)


def test_fitting_tips_by_topic():
    daily = daily_of([4] * 7, sitting_hours=[8.0] * 7, exercises=[("log_roll",)] * 7)

    sitting = tips.fitting_tips(daily, day(6), topic="sitting")
    assert [tip.id for tip in sitting] == ["sit_supported", "sit_less"]

    quiet = daily_of([4] * 7, sitting_hours=[3.0] * 7, exercises=[("log_roll",)] * 7)
    assert tips.fitting_tips(quiet, day(6), topic="sitting") == []

    with pytest.raises(ValueError, match="unknown topic"):
        tips.fitting_tips(daily, day(6), topic="diet")


def test_tips_about_a_topic_lists_them_all():
    assert {tip.id for tip in tips.tips_about("mornings")} == {
        "stretch_every_morning",
        "roll_out_of_bed",
    }


def test_the_flare_tip_leads_to_gentle_movement_not_strength_work():
    by_id = {tip.id: tip for tip in tips.load_tips()}
    flare = by_id["gentle_movement_in_a_flare"]
    assert flare.routine == "gentle_flare"
    shipped = catalog.load()
    routine = shipped.routines[flare.routine]
    assert "strength" not in {shipped.exercises[i].category for i in routine.exercise_ids}
    assert "partial_crunch" not in routine.exercise_ids


def test_heat_and_ice_come_with_skin_safety():
    text = {tip.id: tip for tip in tips.load_tips()}["heat_or_ice"].text
    for words in ("towel", "15 to 20 minutes", "numb or broken skin", "fall asleep"):
        assert words in text


def test_claims_the_evidence_does_not_support_are_worded_as_the_articles_view():
    by_id = {tip.id: tip.text for tip in tips.load_tips()}
    assert "has not found one correct posture" in by_id["sit_supported"]
    assert "The article says long sitting loads the discs" in by_id["sit_less"]
    assert "about as much as other exercise" in by_id["strong_core"]
    assert "research does not show it has to be that way round" in by_id["mobility_before_strength"]
    everything = " ".join(by_id.values())
    for stated_as_fact in ("eases the load on the lower back", "is the usual order"):
        assert stated_as_fact not in everything
