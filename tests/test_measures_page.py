"""The questionnaires on Today as a person uses them (AppTest): asked when due, answered,
checked beside each field, saved to measures.csv, and the score shown with its change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from lumbarlog.domain import startback
from lumbarlog.domain.measures import Measure
from lumbarlog.journal.files import MEASURES_FILE
from lumbarlog.journal.measures import save_measure
from tests.pinned_day import TODAY

from .test_pages import open_page, shown

HEADER = "date,instrument,item1,item2,item3,item4,item5,item6,item7,item8,item9,score,subscale\n"
PEG_SAVE = "FormSubmitter:peg_form-Save answers"
STARTBACK_SAVE = "FormSubmitter:startback_form-Save answers"


def expanders(app: AppTest) -> dict[str, bool]:
    return {e.label: e.proto.expanded for e in app.expander}


def answer_peg(app: AppTest, *items: int | None, day: dt.date = TODAY) -> None:
    app.date_input(key="peg_date").set_value(day)
    for number, item in enumerate(items, start=1):
        app.number_input(key=f"peg_item{number}").set_value(item)
    app.button(key=PEG_SAVE).click()
    app.run()


def answer_startback(app: AppTest, answers: list[int | None]) -> None:
    for number, answer in enumerate(answers, start=1):
        choices = startback.BOTHER_ANSWERS if number == 9 else startback.AGREEMENT
        app.radio(key=f"startback_item{number}").set_value(
            None if answer is None else choices[answer]
        )
    app.button(key=STARTBACK_SAVE).click()
    app.run()


def errors(app: AppTest) -> list[str]:
    return [shown(e) for e in app.error]


def test_a_new_journal_is_asked_both_questionnaires(journal_dir: Path) -> None:
    app = open_page("app_pages/today.py")
    assert not app.exception
    assert expanders(app) == {"Weekly check (PEG)": True, "STarT Back": True}
    labels = [app.number_input(key=f"peg_item{n}").label for n in (1, 2, 3)]
    assert labels[0] == "1. What number best describes your pain on average in the past week?"
    assert app.radio(key="startback_item9").options == list(startback.BOTHER_ANSWERS)
    # Keele's copyright and funding statement is shown with the questionnaire.
    assert any(c.value == startback.COPYRIGHT for c in app.caption)


def test_the_weekly_check_is_saved_and_its_score_shown(journal_dir: Path) -> None:
    app = open_page("app_pages/today.py")
    answer_peg(app, 6, 5, 7)
    assert not app.exception and errors(app) == []
    assert [shown(s) for s in app.success] == [
        "Saved the weekly check (PEG) for Wed 02 Dec 2026: score 6.0 out of 10. The next one "
        "will be compared with it."
    ]
    assert (journal_dir / MEASURES_FILE).read_text(encoding="utf-8") == (
        HEADER + "2026-12-02,peg,6,5,7,,,,,,,6,\n"
    )
    assert expanders(app)["Weekly check (PEG)"] is False  # answered: no longer due
    assert app.number_input(key="peg_item1").value is None  # a fresh form for next week


def test_the_change_against_the_last_one_says_whether_it_is_meaningful(
    journal_dir: Path,
) -> None:
    save_measure(journal_dir, Measure(TODAY - dt.timedelta(days=7), "peg", (6, 5, 7)))
    app = open_page("app_pages/today.py")
    assert expanders(app)["Weekly check (PEG)"] is True  # 7 days ago: due again
    answer_peg(app, 4, 4, 5)
    [saved] = [shown(s) for s in app.success]
    assert "score 4.3 out of 10" in saved
    assert (
        "Against the one before (Wed 25 Nov): down 1.7 points from 6.0; meaningful change: yes"
        in saved
    )

    answer_peg(app, 4, 4, 4, day=TODAY - dt.timedelta(days=1))  # a day between the two
    [saved] = [shown(s) for s in app.success]
    assert "down 2.0 points from 6.0; meaningful change: yes" in saved


def test_a_small_change_is_said_not_to_be_meaningful(journal_dir: Path) -> None:
    save_measure(journal_dir, Measure(TODAY - dt.timedelta(days=8), "peg", (2, 2, 2)))
    app = open_page("app_pages/today.py")
    answer_peg(app, 1, 2, 1)
    [saved] = [shown(s) for s in app.success]
    assert "down 0.7 points from 2.0; meaningful change: no" in saved


def test_bad_answers_are_named_beside_their_fields_and_nothing_is_written(
    journal_dir: Path,
) -> None:
    app = open_page("app_pages/today.py")
    answer_peg(app, 11, None, 3, day=TODAY + dt.timedelta(days=1))
    assert not app.exception
    assert errors(app) == [
        "Date: 2026-12-03 is in the future",
        "Pain (PEG item 1) must be a whole number from 0 to 10 (got 11)",
        "Enjoyment of life (PEG item 2) is not answered; give a whole number from 0 to 10",
        "Nothing was saved: please check the answers marked above.",
    ]
    assert app.success == []
    assert not (journal_dir / MEASURES_FILE).exists()
    assert app.number_input(key="peg_item1").value == 11  # what was typed stays to fix

    answer_peg(app, -1, 2, 3)
    assert "Pain (PEG item 1) must be a whole number from 0 to 10 (got -1)" in errors(app)
    assert not (journal_dir / MEASURES_FILE).exists()


def test_startback_is_saved_with_its_risk_group_and_what_it_means_for_care(
    journal_dir: Path,
) -> None:
    app = open_page("app_pages/today.py")
    answer_startback(app, [1, 0, 1, 1, 0, 1, 0, 0, 3])
    assert errors(app) == []
    [saved] = [shown(s) for s in app.success]
    assert saved.startswith(
        "Saved STarT Back for Wed 02 Dec 2026: total 5 of 9, distress subscale 2 of 5, "
        "**medium risk**."
    )
    assert startback.CARE[startback.Risk.MEDIUM] in saved and "not a diagnosis" in saved
    assert (journal_dir / MEASURES_FILE).read_text(encoding="utf-8") == (
        HEADER + "2026-12-02,startback,1,0,1,1,0,1,0,0,3,5,2\n"
    )
    assert expanders(app)["STarT Back"] is False  # asked again in 30 days


def test_a_startback_item_left_unanswered_is_named_and_nothing_written(
    journal_dir: Path,
) -> None:
    app = open_page("app_pages/today.py")
    answer_startback(app, [1, 0, 1, None, 0, 1, 0, 0, None])
    assert errors(app) == [
        "STarT Back item 4 is not answered; give a whole number from 0 to 1",
        "STarT Back item 9 is not answered; give a whole number from 0 to 4",
        "Nothing was saved: please check the answers marked above.",
    ]
    assert not (journal_dir / MEASURES_FILE).exists()


def test_startback_is_asked_again_after_30_days(journal_dir: Path) -> None:
    save_measure(journal_dir, Measure(TODAY - dt.timedelta(days=29), "startback", (0,) * 9))
    save_measure(journal_dir, Measure(TODAY - dt.timedelta(days=3), "peg", (3, 3, 3)))
    app = open_page("app_pages/today.py")
    assert expanders(app) == {"Weekly check (PEG)": False, "STarT Back": False}
    assert any("Last answered Tue 03 Nov 2026: low risk" in shown(c) for c in app.caption)
    (journal_dir / MEASURES_FILE).write_text(
        HEADER + "2026-11-02,startback,0,0,0,0,0,0,0,0,0,0,0\n", encoding="utf-8"
    )
    assert expanders(open_page("app_pages/today.py"))["STarT Back"] is True  # 30 days on


def test_a_measures_file_that_cannot_be_read_is_shown_and_not_offered_for_writing(
    journal_dir: Path,
) -> None:
    (journal_dir / MEASURES_FILE).write_text(
        HEADER + "2026-11-30,peg,4,x,5,,,,,,,,\n", encoding="utf-8"
    )
    app = open_page("app_pages/today.py")
    assert not app.exception
    assert any("cannot fully read measures.csv" in shown(e) for e in app.error)
    assert not any(b.key in (PEG_SAVE, STARTBACK_SAVE) for b in app.button)
    assert any("Saving questionnaires is paused" in shown(i) for i in app.info)
