"""PEG-3 and the Keele STarT Back Screening Tool scored as their sources say."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lumbarlog.domain import measures, peg, startback
from lumbarlog.domain.measures import Measure
from lumbarlog.domain.schema import ValidationError
from lumbarlog.domain.startback import Risk

peg_answer = st.integers(min_value=0, max_value=10)
agree = st.integers(min_value=0, max_value=1)
bother = st.integers(min_value=0, max_value=4)


def test_peg_score_is_the_mean_of_its_three_items() -> None:
    """Krebs et al. 2009 (J Gen Intern Med 24(6):733-738): the PEG score is the mean of its
    three 0-10 items."""
    assert peg.score([6, 5, 7]) == 6.0
    assert peg.score([0, 0, 0]) == 0.0
    assert peg.score([10, 10, 10]) == 10.0
    assert peg.score([4, 4, 5]) == pytest.approx(13 / 3)


def test_peg_questions_are_the_published_wording() -> None:
    """Krebs et al. 2009, Figure 1."""
    assert [q.text for q in peg.QUESTIONS] == [
        "What number best describes your pain on average in the past week?",
        "What number best describes how, during the past week, pain has interfered with your "
        "enjoyment of life?",
        "What number best describes how, during the past week, pain has interfered with your "
        "general activity?",
    ]
    assert (peg.QUESTIONS[0].low, peg.QUESTIONS[0].high) == (
        "No pain",
        "Pain as bad as you can imagine",
    )
    assert {(q.low, q.high) for q in peg.QUESTIONS[1:]} == {
        ("Does not interfere", "Completely interferes")
    }


@pytest.mark.parametrize("items", [[1, 2], [1, 2, 3, 4], [11, 0, 0], [-1, 0, 0], [1.5, 2, 3]])
def test_peg_refuses_what_is_not_three_answers_from_0_to_10(items) -> None:
    with pytest.raises(ValueError):
        peg.score(items)


@given(st.lists(peg_answer, min_size=3, max_size=3))
def test_peg_score_is_always_from_0_to_10(items: list[int]) -> None:
    assert 0 <= peg.score(items) <= 10
    assert min(items) <= peg.score(items) <= max(items)


def test_a_meaningful_peg_change_is_one_point_either_way() -> None:
    """Reed et al. 2024 (J Pain 25(1):142-152): the PEG's minimally important difference was
    mostly 1.0-1.75 points (anchor "a little better") and 0.78-1.22 (one SEM); the app uses 1
    point. Thirds of a point compare exactly: 13/3 -> 10/3 is a change of exactly 1."""
    assert peg.meaningful_change(6.0, 5.0)
    assert peg.meaningful_change(5.0, 6.0)  # worse counts too
    assert peg.meaningful_change(13 / 3, 10 / 3)
    assert not peg.meaningful_change(6.0, 5 + 1 / 3)
    assert not peg.meaningful_change(2.0, 1 + 1 / 3)  # 33% less, yet within the noise
    assert peg.describe_change(6.0, 13 / 3) == "down 1.7 points from 6.0; meaningful change: yes"
    assert peg.describe_change(4.0, 4.0) == "the same as before (4.0); meaningful change: no"


@given(st.lists(peg_answer, min_size=6, max_size=6))
def test_meaningful_change_is_a_change_of_three_points_of_the_item_sum(items: list[int]) -> None:
    before, after = items[:3], items[3:]
    expected = abs(sum(after) - sum(before)) >= 3
    assert peg.meaningful_change(peg.score(before), peg.score(after)) is expected


def test_startback_scoring_follows_keele() -> None:
    """Keele, "Using and scoring the Keele STarT Back Screening Tool"; Hill et al. 2008
    (Arthritis Rheum 59(5):632-641): overall score = all positive items (0-9); distress
    subscale = items 5-9 (0-5), item 9 positive for "very much" or "extremely"; 0-3 low,
    4-9 medium, subscale 4-5 high."""
    none = startback.score([0] * 8 + [0])
    assert (none.total, none.subscale, none.risk) == (0, 0, Risk.LOW)
    physical = startback.score([1, 1, 1, 1, 0, 0, 0, 0, 2])  # "moderately" scores 0
    assert (physical.total, physical.subscale, physical.risk) == (4, 0, Risk.MEDIUM)
    three = startback.score([1, 1, 1, 0, 0, 0, 0, 0, 3])  # "very much" scores 1
    assert (three.total, three.subscale, three.risk) == (4, 1, Risk.MEDIUM)
    borderline = startback.score([0, 0, 0, 0, 1, 1, 1, 0, 0])
    assert (borderline.total, borderline.subscale, borderline.risk) == (3, 3, Risk.LOW)
    distress = startback.score([0, 0, 0, 0, 1, 1, 1, 0, 4])  # "extremely" scores 1
    assert (distress.total, distress.subscale, distress.risk) == (4, 4, Risk.HIGH)
    every = startback.score([1] * 8 + [4])
    assert (every.total, every.subscale, every.risk) == (9, 5, Risk.HIGH)


def test_startback_items_are_keeles_wording() -> None:
    """The Keele STarT Back Screening Tool, 9-item version (see lumbarlog/domain/startback.py
    for where the wording was checked)."""
    assert len(startback.STATEMENTS) == 8
    assert startback.STATEMENTS[0] == (
        "My back pain has spread down my leg(s) at some time in the last 2 weeks"
    )
    assert startback.STATEMENTS[4] == (
        "It's not really safe for a person with a condition like mine to be physically active"
    )
    assert startback.BOTHER_QUESTION == (
        "Overall, how bothersome has your back pain been in the last 2 weeks?"
    )
    assert startback.BOTHER_ANSWERS[3:] == ("Very much", "Extremely")
    assert "Keele University" in startback.COPYRIGHT and "Arthritis Research UK" in (
        startback.COPYRIGHT
    )
    assert set(startback.CARE) == set(Risk)


@given(st.tuples(*[agree] * 8, bother))
def test_startback_risk_group_boundaries_for_every_answer(answers: tuple[int, ...]) -> None:
    result = startback.score(answers)
    scores = [*answers[:8], 1 if answers[8] >= 3 else 0]
    assert result.total == sum(scores)
    assert result.subscale == sum(scores[4:])
    assert 0 <= result.subscale <= 5 and result.subscale <= result.total <= 9
    if result.subscale >= 4:
        assert result.risk is Risk.HIGH
    elif result.total >= 4:
        assert result.risk is Risk.MEDIUM
    else:
        assert result.total <= 3 and result.risk is Risk.LOW


def test_every_combination_of_startback_answers_falls_in_exactly_one_group() -> None:
    """All 2^8 x 5 answer sets, against Keele's rule written out as three conditions."""
    for answers in itertools.product((0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1),
                                     (0, 1), range(5)):  # fmt: skip
        result = startback.score(answers)
        low = result.total <= 3
        medium = result.total >= 4 and result.subscale <= 3
        high = result.subscale >= 4
        assert [low, medium, high].count(True) == 1
        assert result.risk is (Risk.LOW if low else Risk.MEDIUM if medium else Risk.HIGH)


# ---- A questionnaire checked like a day ------------------------------------------------------

TODAY = dt.date(2026, 12, 2)


def test_a_peg_answer_is_checked_and_every_problem_named() -> None:
    with pytest.raises(ValidationError) as refused:
        measures.validate_measure(
            {"date": "2026-12-03", "instrument": "PEG", "item1": 11, "item2": None, "item3": 4},
            today=TODAY,
        )
    fields = {p.field: p.reason for p in refused.value.problems}
    assert fields.keys() == {"date", "item1", "item2"}
    assert "in the future" in fields["date"]
    assert fields["item1"] == "Pain (PEG item 1) must be a whole number from 0 to 10 (got 11)"
    assert "not answered" in fields["item2"]


def test_a_file_row_with_a_score_that_disagrees_is_refused() -> None:
    row = {"date": "2026-12-01", "instrument": "peg", "item1": "4", "item2": "4", "item3": "5"}
    assert measures.validate_measure({**row, "score": "4.33"}).score == pytest.approx(13 / 3)
    assert measures.validate_measure({**row, "score": ""}).items == (4, 4, 5)
    with pytest.raises(ValidationError) as refused:
        measures.validate_measure({**row, "score": "6", "item5": "1"})
    assert {p.field for p in refused.value.problems} == {"item5"}
    with pytest.raises(ValidationError) as refused:
        measures.validate_measure({**row, "score": "6"})
    assert [p.field for p in refused.value.problems] == ["score"]


def test_the_peg_is_due_weekly_and_startback_monthly() -> None:
    frame = measures.measures_frame(
        [
            Measure(TODAY - dt.timedelta(days=6), "peg", (3, 3, 3)),
            Measure(TODAY - dt.timedelta(days=29), "startback", (0,) * 9),
        ]
    )
    assert not measures.peg_due(frame, TODAY)
    assert measures.peg_due(frame, TODAY + dt.timedelta(days=1))
    assert not measures.startback_due(frame, TODAY)
    assert measures.startback_due(frame, TODAY + dt.timedelta(days=1))
    assert measures.peg_due(measures.empty_measures(), TODAY)
    assert measures.startback_due(measures.empty_measures(), TODAY)
