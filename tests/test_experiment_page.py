"""The self-experiment as a person runs it, in AppTest: start it on the Experiment page, see
each day's assignment on Today, follow it for the weeks (the days logged as a person would),
finish and read the answer; and every refusal said beside its field, with nothing written."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lumbarlog import clock
from lumbarlog.domain import catalog, experiments, words
from lumbarlog.domain.experiment_json import log_to_json
from lumbarlog.domain.experiment_log import EXPERIMENTS_FILE, FINISHED, STOPPED
from lumbarlog.domain.schema import Entry
from lumbarlog.journal.repository import CsvJournal
from lumbarlog.ui import experiment_panel
from tests.pinned_day import TODAY
from tests.support.fresh import printed_by_fresh_process

from .test_pages import open_page

PAGE = "app_pages/experiment.py"
BREAKS = "sitting_breaks"
READ_BACK = (
    "import sys; from pathlib import Path\n"
    "from lumbarlog.journal.repository import CsvJournal\n"
    "from lumbarlog.domain.experiment_json import log_to_json\n"
    "print(log_to_json(CsvJournal(Path(sys.argv[1])).experiments()), end='')"
)


def unescaped(markdown: object) -> str:
    """Text as the person reads it: the page escapes markdown's characters in values."""
    return re.sub(r"\\(.)", r"\1", str(markdown))


def texts(app: AppTest) -> str:
    parts = [*app.markdown, *app.caption, *app.info, *app.error, *app.success, *app.warning]
    return "\n".join(unescaped(p.value) for p in parts)


def errors(app: AppTest) -> list[str]:
    return [unescaped(e.value) for e in app.error]


def start_breaks(app: AppTest, *, weeks: int = 4, first: dt.date = TODAY) -> AppTest:
    app.selectbox(key="experiment_question").set_value(BREAKS)
    app.number_input(key="experiment_setup_weeks").set_value(weeks)
    app.number_input(key="experiment_setup_block_days").set_value(2)
    app.date_input(key="experiment_setup_first").set_value(first)
    app.button(key="experiment_start").click().run()
    return app


def on_day(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    monkeypatch.setenv(clock.TODAY_ENV, day.isoformat())


def test_a_person_starts_follows_and_finishes_and_reads_the_answer(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_page(PAGE)
    assert "can't tell" in texts(app) and "8 weeks of 2-day blocks" in texts(app)
    start_breaks(app)
    assert not app.exception and not errors(app)
    journal = CsvJournal(journal_dir)
    running = journal.experiments().running()
    assert running is not None and running.design.start == TODAY
    assert (running.design.question_id, running.design.weeks, running.design.pairs) == (
        BREAKS,
        4,
        7,
    )
    # A restart reads the same experiment.
    on_disk = printed_by_fresh_process(READ_BACK, journal_dir)
    assert on_disk == log_to_json(journal.experiments())
    question = experiments.question(catalog.load(), BREAKS)
    schedule = running.schedule()
    today_words = question.condition(schedule.days[0].condition).today
    assert "Experiment started" in texts(app) and today_words in texts(app)

    # Today shows today's assignment, and only today's.
    today_page = open_page("app_pages/today.py")
    assert today_words in texts(today_page)
    assert "day 1 of 28" in texts(today_page)

    # The weeks go by: each day logged as a person would, breaks on the days that ask for
    # them (the day's exercises), and pain a point and a half lower on those days.
    for day in schedule.days:
        breaks = day.condition == experiments.A
        listed = question.routine_exercises if breaks else ()
        journal.save(Entry(day.date, 3 if breaks else 5, 6.0, listed))
    end = running.design.planned_end
    on_day(monkeypatch, end)
    app = open_page(PAGE)
    app.button(key="experiment_finish").click().run()
    assert not app.exception and not errors(app)
    finished = journal.experiments().experiments[0]
    assert finished.status == FINISHED and finished.result is not None
    assert finished.result.estimate == -2.0 and finished.result.p_value < 0.05
    assert len(finished.days) == 28 and {d.kept for d in finished.days} == {experiments.FOLLOWED}
    shown = texts(app)
    assert "Pain that evening was about 2.0 points lower on days with breaks" in shown
    assert "What this cannot rule out" in shown and "finished" in shown
    assert printed_by_fresh_process(READ_BACK, journal_dir) == log_to_json(journal.experiments())
    # Nothing is running now: a new one can be chosen.
    assert app.button(key="experiment_start").label == experiment_panel.START_LABEL


def test_finishing_before_the_planned_end_is_refused_beside_the_button(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = start_breaks(open_page(PAGE))
    path = journal_dir / EXPERIMENTS_FILE
    before = path.read_bytes()
    running = CsvJournal(journal_dir).experiments().running()
    assert running is not None
    on_day(monkeypatch, TODAY + dt.timedelta(days=10))
    app = open_page(PAGE)
    app.button(key="experiment_finish").click().run()
    (message,) = errors(app)
    assert message.startswith("Finish: the experiment runs until")
    assert words.day(running.design.planned_end) in message and "stop the experiment" in message
    assert path.read_bytes() == before
    # On the planned end itself, the last day's pain comes first.
    on_day(monkeypatch, running.design.planned_end)
    app = open_page(PAGE)
    app.button(key="experiment_finish").click().run()
    (message,) = errors(app)
    assert message.startswith("Finish: log today's pain first")
    assert path.read_bytes() == before


def test_changing_the_schedule_after_its_first_day_is_refused_and_before_it_is_not(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monday = TODAY + dt.timedelta(days=5)
    app = start_breaks(open_page(PAGE), first=monday)
    assert "The experiment starts on" in texts(app)
    app.number_input(key="experiment_change_weeks").set_value(8)
    app.button(key="experiment_change").click().run()
    assert not errors(app)
    running = CsvJournal(journal_dir).experiments().running()
    assert running is not None and running.design.weeks == 8 and running.design.start == monday

    path = journal_dir / EXPERIMENTS_FILE
    before = path.read_bytes()
    on_day(monkeypatch, monday + dt.timedelta(days=1))
    app = open_page(PAGE)
    app.number_input(key="experiment_change_weeks").set_value(4)
    app.button(key="experiment_change").click().run()
    (message,) = errors(app)
    assert message.startswith("Schedule: cannot be changed: the experiment started on")
    assert path.read_bytes() == before


def test_a_first_day_before_today_is_refused_beside_the_field(journal_dir: Path) -> None:
    app = open_page(PAGE)
    app.date_input(key="experiment_setup_first").set_value(TODAY - dt.timedelta(days=3))
    app.button(key="experiment_start").click().run()
    (message,) = errors(app)
    assert message.startswith("First day: must be today or later")
    assert not (journal_dir / EXPERIMENTS_FILE).exists()


def test_stopping_early_asks_for_confirmation_then_keeps_the_days(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_breaks(open_page(PAGE))
    on_day(monkeypatch, TODAY + dt.timedelta(days=3))
    app = open_page(PAGE)
    app.button(key="experiment_stop").click().run()
    (message,) = errors(app)
    assert message.startswith("Stop: tick the box")
    assert CsvJournal(journal_dir).experiments().running() is not None
    app.checkbox(key="experiment_stop_confirm").check()
    app.button(key="experiment_stop").click().run()
    stopped = CsvJournal(journal_dir).experiments().experiments[0]
    assert stopped.status == STOPPED and len(stopped.days) == 4
    assert "Stopped early: no answer was given." in texts(app)


def test_a_damaged_experiments_file_is_named_and_today_still_works(journal_dir: Path) -> None:
    start_breaks(open_page(PAGE))
    path = journal_dir / EXPERIMENTS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace('"weeks": 4', '"weeks": 40'))
    damaged = path.read_bytes()
    app = open_page(PAGE)
    shown = "\n".join(unescaped(w.value) for w in app.warning)
    assert "experiments.json: experiments[1].weeks" in shown
    assert [b.key for b in app.button if b.key in ("experiment_start", "experiment_finish")] == []
    today_page = open_page("app_pages/today.py")
    assert not today_page.exception
    assert "experiments.json" in "\n".join(unescaped(w.value) for w in today_page.warning)
    assert path.read_bytes() == damaged


def test_today_and_learn_lead_to_the_experiment_page(journal_dir: Path) -> None:
    for page, label in (
        ("app_pages/today.py", "Find out what helps you: a self-experiment"),
        ("app_pages/learn.py", "Start a self-experiment"),
    ):
        links = {link.proto.label: link.proto.page for link in open_page(page).get("page_link")}
        assert links.get(label) == "experiment", page
