"""Self-experiments as they are kept: the same promises on every backend (CSV files, memory,
the database) as the rest of the journal: a refused change writes nothing, what is written
reads back the same (in a fresh process, for the file), a file that cannot be read is never
written over, and the rules of a randomised experiment hold whatever the order of requests."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lumbarlog.domain import catalog, experiments
from lumbarlog.domain.experiment_json import ExperimentFileError, log_from_json, log_to_json
from lumbarlog.domain.experiment_log import (
    EXPERIMENTS_FILE,
    FINISHED,
    RUNNING,
    STOPPED,
    Experiment,
    ExperimentLog,
    RecordedDay,
    RecordedResult,
    change_schedule,
    finish,
    new_experiment,
    start,
    stop,
)
from lumbarlog.domain.experiments import FOLLOWED, NOT_RECORDED, DesignError
from lumbarlog.domain.schema import Entry
from lumbarlog.journal.repository import CsvJournal, Journal
from tests.pinned_day import TODAY
from tests.support.fresh import printed_by_fresh_process

from .conftest import MakeJournal

QUESTION = "morning_or_evening"


def an_experiment(
    first: dt.date, *, weeks: int = 4, block_days: int = 2, seed: int = 7, question: str = QUESTION
) -> Experiment:
    chosen = experiments.question(catalog.load(), question)
    design = experiments.make_design(chosen, first, weeks, block_days, seed)
    return new_experiment(chosen, design, dt.datetime.combine(first, dt.time(9)))


def recorded_days(experiment: Experiment, until: dt.date) -> tuple[RecordedDay, ...]:
    return tuple(
        RecordedDay(d.date, d.condition, FOLLOWED if d.date.day % 3 else NOT_RECORDED)
        for d in experiment.schedule().days
        if d.date <= until
    )


RESULT = RecordedResult(
    estimate=-0.75,
    ci_low=-1.5,
    ci_high=0.25,
    p_value=0.0625,
    schedules=4096,
    pairs_used=7,
    pairs_left_out=0,
    days_a=7,
    days_b=7,
    words="Can't tell whether pain the next day differs ...",
)
NOTHING_COMPARED = RecordedResult(math.nan, -math.inf, math.inf, 1.0, 1, 0, 0, 0, 0, "No answer")


def stored(journal: Journal) -> str:
    return log_to_json(journal.experiments())


# ---- Every backend --------------------------------------------------------------------------


def test_an_experiment_started_reads_back_the_same_from_a_new_journal_object(
    make_journal: MakeJournal,
) -> None:
    journal = make_journal()
    assert journal.experiments() == ExperimentLog()
    saved = journal.change_experiments(lambda log: start(log, an_experiment(TODAY), TODAY))
    running = saved.running()
    assert running is not None and running.status == RUNNING
    assert journal.experiments() == saved
    assert running.schedule().days[0].date == TODAY
    assert len(running.orders) == running.design.pairs == 7  # 4 weeks of 2-day blocks


def test_every_refusal_names_its_field_and_writes_nothing(make_journal: MakeJournal) -> None:
    journal = make_journal()
    first = an_experiment(TODAY)
    journal.change_experiments(lambda log: start(log, first, TODAY))
    before, version = stored(journal), journal.version()
    experiment_id = journal.experiments().experiments[0].id
    later = TODAY + dt.timedelta(days=3)
    refusals = {
        "Question": lambda log: start(log, an_experiment(later), TODAY),  # one at a time
        "Schedule": lambda log: change_schedule(
            log, experiment_id, an_experiment(later, weeks=6).design, TODAY + dt.timedelta(days=1)
        ),
        "Finish": lambda log: finish(
            log, experiment_id, TODAY + dt.timedelta(days=27), (), RESULT, last_logged=True
        ),
    }
    for field, change in refusals.items():
        with pytest.raises(DesignError) as refused:
            journal.change_experiments(change)
        assert refused.value.field == field
        assert stored(journal) == before and journal.version() == version


def test_a_first_day_already_gone_is_refused_and_nothing_is_written(
    make_journal: MakeJournal,
) -> None:
    journal = make_journal()
    with pytest.raises(DesignError, match="today or later") as refused:
        yesterday = TODAY - dt.timedelta(days=1)
        journal.change_experiments(lambda log: start(log, an_experiment(yesterday), TODAY))
    assert refused.value.field == "First day"
    assert journal.experiments() == ExperimentLog()


def test_the_schedule_may_change_before_its_first_day_and_not_on_it(
    make_journal: MakeJournal,
) -> None:
    journal = make_journal()
    monday = TODAY + dt.timedelta(days=5)
    journal.change_experiments(lambda log: start(log, an_experiment(monday), TODAY))
    experiment_id = journal.experiments().experiments[0].id
    longer = an_experiment(monday, weeks=8, seed=99).design
    changed = journal.change_experiments(
        lambda log: change_schedule(log, experiment_id, longer, TODAY)
    )
    running = changed.running()
    assert running is not None and running.design == longer and len(running.orders) == 14
    with pytest.raises(DesignError, match="cannot be changed: the experiment started on"):
        journal.change_experiments(
            lambda log: change_schedule(log, experiment_id, an_experiment(monday).design, monday)
        )
    assert journal.experiments() == changed


def test_finishing_on_the_planned_end_records_the_days_and_the_answer(
    make_journal: MakeJournal,
) -> None:
    journal = make_journal()
    experiment = an_experiment(TODAY)
    journal.change_experiments(lambda log: start(log, experiment, TODAY))
    end = experiment.design.planned_end
    experiment_id = journal.experiments().experiments[0].id
    days = recorded_days(experiment, end)
    done = journal.change_experiments(
        lambda log: finish(log, experiment_id, end, days, RESULT, last_logged=True)
    )
    finished = done.get(experiment_id)
    assert (finished.status, finished.ended_on, finished.result) == (FINISHED, end, RESULT)
    assert finished.days == days and done.running() is None
    assert journal.experiments() == done
    # A second finish, or a stop, of an ended experiment is refused.
    with pytest.raises(DesignError, match="already finished"):
        journal.change_experiments(lambda log: stop(log, experiment_id, end, ()))


def test_on_the_planned_end_the_last_days_pain_comes_before_the_finish() -> None:
    experiment = an_experiment(TODAY)
    log = start(ExperimentLog(), experiment, TODAY)
    end = experiment.design.planned_end
    with pytest.raises(DesignError, match="log today's pain first") as refused:
        finish(log, experiment.id, end, (), RESULT, last_logged=False)
    assert refused.value.field == "Finish"
    assert finish(log, experiment.id, end, (), RESULT, last_logged=True).running() is None
    after = end + dt.timedelta(days=1)  # the day after, whatever was logged
    assert finish(log, experiment.id, after, (), RESULT, last_logged=False).running() is None


def test_an_answer_with_nothing_compared_reads_back(make_journal: MakeJournal) -> None:
    journal = make_journal()
    experiment = an_experiment(TODAY)
    journal.change_experiments(lambda log: start(log, experiment, TODAY))
    end, experiment_id = experiment.design.planned_end, journal.experiments().experiments[0].id
    journal.change_experiments(
        lambda log: finish(log, experiment_id, end, (), NOTHING_COMPARED, last_logged=True)
    )
    result = journal.experiments().get(experiment_id).result
    assert result is not None and math.isnan(result.estimate)
    assert (result.ci_low, result.ci_high) == (-math.inf, math.inf)


def test_stopping_early_keeps_the_days_and_lets_another_start(make_journal: MakeJournal) -> None:
    journal = make_journal()
    experiment = an_experiment(TODAY)
    journal.change_experiments(lambda log: start(log, experiment, TODAY))
    experiment_id = journal.experiments().experiments[0].id
    day5 = TODAY + dt.timedelta(days=4)
    days = recorded_days(experiment, day5)
    journal.change_experiments(lambda log: stop(log, experiment_id, day5, days))
    stopped = journal.experiments().get(experiment_id)
    assert (stopped.status, stopped.ended_on, stopped.days, stopped.result) == (
        STOPPED,
        day5,
        days,
        None,
    )
    again = journal.change_experiments(lambda log: start(log, an_experiment(day5), day5))
    assert len(again.experiments) == 2 and again.running() is not None
    assert again.experiments[1].id != again.experiments[0].id  # same first day and question


# ---- The file -------------------------------------------------------------------------------


def test_the_file_written_is_read_the_same_by_a_fresh_process(tmp_path) -> None:
    journal = CsvJournal(tmp_path / "journal")
    journal.create()
    experiment = an_experiment(TODAY)
    journal.change_experiments(lambda log: start(log, experiment, TODAY))
    code = (
        "import sys; from pathlib import Path\n"
        "from lumbarlog.journal.repository import CsvJournal\n"
        "from lumbarlog.domain.experiment_json import log_to_json\n"
        "print(log_to_json(CsvJournal(Path(sys.argv[1])).experiments()), end='')"
    )
    assert printed_by_fresh_process(code, journal.folder) == stored(journal)
    assert (journal.folder / EXPERIMENTS_FILE).read_text(encoding="utf-8") == stored(journal)


def test_each_change_keeps_the_earlier_file_as_a_backup(tmp_path) -> None:
    journal = CsvJournal(tmp_path / "journal")
    journal.create()
    experiment = an_experiment(TODAY)
    journal.change_experiments(lambda log: start(log, experiment, TODAY))
    first = (journal.folder / EXPERIMENTS_FILE).read_bytes()
    experiment_id = journal.experiments().experiments[0].id
    journal.change_experiments(lambda log: stop(log, experiment_id, TODAY, ()))
    kept = journal.backups(EXPERIMENTS_FILE)
    assert [b.path.read_bytes() for b in kept] == [first]


@pytest.mark.parametrize(
    ("damage", "field"),
    [
        (lambda text: text[:-40], "file"),
        (lambda text: text.replace('"weeks": 4', '"weeks": 3'), "experiments[1].weeks"),
        (lambda text: text.replace('"BA"', '"AA"', 1), "experiments[1].orders"),
        (lambda text: text.replace('"schema_version": 1', '"schema_version": 9'), "schema_version"),
    ],
)
def test_a_file_that_cannot_be_read_is_reported_and_never_written_over(
    tmp_path, damage, field
) -> None:
    journal = CsvJournal(tmp_path / "journal")
    journal.create()
    journal.change_experiments(lambda log: start(log, an_experiment(TODAY), TODAY))
    path = journal.folder / EXPERIMENTS_FILE
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    damaged = path.read_bytes()
    with pytest.raises(ExperimentFileError) as unreadable:
        journal.experiments()
    assert unreadable.value.field == field
    with pytest.raises(ExperimentFileError):
        journal.change_experiments(lambda log: ExperimentLog())
    assert path.read_bytes() == damaged
    # The rest of the journal is not locked: a day still saves.
    journal.save(Entry(TODAY, 3, 6.0))
    assert journal.entry(TODAY) == Entry(TODAY, 3, 6.0)


# ---- Every design ---------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    offset=st.integers(0, 30),
    weeks=st.integers(experiments.MIN_WEEKS, experiments.MAX_WEEKS),
    block_days=st.integers(experiments.MIN_BLOCK_DAYS, experiments.MAX_BLOCK_DAYS),
    seed=st.integers(0, experiments.MAX_SEED),
    question=st.sampled_from([q.id for q in experiments.questions(catalog.load())]),
    ended=st.sampled_from([None, STOPPED, FINISHED]),
)
def test_every_experiment_reads_back_as_it_was_written(
    offset, weeks, block_days, seed, question, ended
) -> None:
    first = TODAY + dt.timedelta(days=offset)
    chosen = experiments.question(catalog.load(), question)
    try:
        design = experiments.make_design(chosen, first, weeks, block_days, seed)
    except DesignError:
        return  # too few pairs: refused before anything is kept (test_experiments.py)
    experiment = new_experiment(chosen, design, dt.datetime(2026, 11, 26, 9, 30, 5))
    log = start(ExperimentLog(), experiment, TODAY)
    if ended == STOPPED:
        log = stop(log, experiment.id, first, recorded_days(experiment, first))
    elif ended == FINISHED:
        end = design.planned_end
        days = recorded_days(experiment, end)
        log = finish(log, experiment.id, end, days, RESULT, last_logged=True)
    text = log_to_json(log)
    assert log_from_json(text) == log
    assert log_from_json(text).experiments[0].schedule() == experiments.schedule(design)
