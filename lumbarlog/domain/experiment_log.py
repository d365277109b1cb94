"""The person's self-experiments as they are kept: what was decided, what happened, the answer.

Everything an experiment needs to be read and analysed again years later is recorded when it
starts and never changed after its first day: the question (its words and its outcome), the
design (first day, weeks, block length), the seed and the order of the blocks the seed gave
(``orders``, so a future numpy with another random stream still reads the same schedule).
When it ends, the day-by-day assignments and how each was kept, and the answer in numbers and
words, are added. Kept as ``experiments.json`` beside the journal (journal/experiment_file.py)
or as one row per person in a database:

    {"schema_version": 1, "experiments": [
      {"id": "2026-11-27-morning_or_evening", "question_id": "morning_or_evening",
       "question": "Morning or evening stretches: which suits me?", "a": "...", "b": "...",
       "outcome": "next_day", "outcome_words": "pain the next day",
       "start": "2026-11-27", "weeks": 8, "block_days": 2, "seed": 4120...,
       "orders": ["AB", "BA", ...],
       "saved_at": "2026-11-26T09:12:03", "status": "running", "ended_on": null,
       "days": [], "result": null}]}

The rules a change must keep are here, as pure functions that return the new log or raise
``DesignError`` naming the field and the reason (nothing is then written): one experiment
running at a time; a first day no earlier than today; no change to the schedule once its
first day has come (that would undo the randomisation); no finishing before the planned end
(stopping early is always possible, and gives no answer). How they are written and read
is experiment_json.py's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from lumbarlog.domain import words
from lumbarlog.domain.experiments import (
    KEPT,
    Design,
    DesignError,
    Question,
    Schedule,
    pair_orders,
    schedule,
)

EXPERIMENTS_FILE = "experiments.json"
EXPERIMENTS_VERSION = 1
RUNNING, FINISHED, STOPPED = "running", "finished", "stopped"
STATUSES = (RUNNING, FINISHED, STOPPED)
LATEST_START_DAYS = 30  # the first day may be chosen up to a month ahead


@dataclass(frozen=True)
class RecordedDay:
    """One scheduled day at the end: its condition and how the assignment was kept."""

    date: dt.date
    condition: str
    kept: str


@dataclass(frozen=True)
class RecordedResult:
    """The answer at the end, in numbers (points of the outcome, A minus B) and in the words
    shown then. ``estimate`` is NaN and the range unbounded (infinite) when nothing could be
    compared."""

    estimate: float
    ci_low: float
    ci_high: float
    p_value: float
    schedules: int
    pairs_used: int
    pairs_left_out: int
    days_a: int
    days_b: int
    words: str


@dataclass(frozen=True)
class Experiment:
    """One self-experiment, as recorded (see the module's docstring)."""

    id: str
    design: Design
    orders: tuple[bool, ...]  # per pair of blocks: True when A comes first
    question: str
    a: str
    b: str
    outcome_words: str
    saved_at: dt.datetime
    status: str = RUNNING
    ended_on: dt.date | None = None
    days: tuple[RecordedDay, ...] = ()
    result: RecordedResult | None = None

    def schedule(self) -> Schedule:
        """Every day with its condition, from the recorded order of the blocks."""
        return schedule(self.design, self.orders)

    def started(self, today: dt.date) -> bool:
        return today >= self.design.start


@dataclass(frozen=True)
class ExperimentLog:
    """Every experiment the person has run or is running, oldest first."""

    experiments: tuple[Experiment, ...] = ()

    def running(self) -> Experiment | None:
        """The experiment under way (started or starting later), if any."""
        return next((e for e in self.experiments if e.status == RUNNING), None)

    def ended(self) -> tuple[Experiment, ...]:
        """Finished and stopped experiments, newest first."""
        return tuple(e for e in reversed(self.experiments) if e.status != RUNNING)

    def get(self, experiment_id: str) -> Experiment:
        for found in self.experiments:
            if found.id == experiment_id:
                return found
        raise DesignError("Experiment", f"there is no experiment {experiment_id!r}")

    def _with(self, changed: Experiment) -> ExperimentLog:
        return ExperimentLog(tuple(changed if e.id == changed.id else e for e in self.experiments))


def new_experiment(chosen: Question, design: Design, saved_at: dt.datetime) -> Experiment:
    """An experiment of ``chosen`` on ``design``, its block order drawn from the design's seed."""
    return Experiment(
        id=f"{design.start.isoformat()}-{chosen.id.replace(':', '-')}",
        design=design,
        orders=pair_orders(design.seed, design.pairs),
        question=chosen.text,
        a=chosen.a.label,
        b=chosen.b.label,
        outcome_words=chosen.outcome_words,
        saved_at=saved_at,
    )


def start(log: ExperimentLog, experiment: Experiment, today: dt.date) -> ExperimentLog:
    """``log`` with ``experiment`` added, running. Refused while another is running, for a
    first day before today or more than LATEST_START_DAYS ahead."""
    running = log.running()
    if running is not None:
        raise DesignError(
            "Question",
            f'an experiment is already running ("{running.question}", until '
            f"{words.day(running.design.planned_end)}); finish or stop it before starting "
            "another, so that the two do not change the same days",
        )
    _check_start(experiment.design.start, today)
    taken = {e.id for e in log.experiments}
    unique, number = experiment.id, 2
    while unique in taken:
        unique, number = f"{experiment.id}-{number}", number + 1
    return ExperimentLog((*log.experiments, replace(experiment, id=unique, status=RUNNING)))


def _check_start(first: dt.date, today: dt.date) -> None:
    if first < today:
        raise DesignError(
            "First day",
            f"must be today or later, not {words.day(first)}: a day gone by cannot be "
            "assigned by lot",
        )
    if (first - today).days > LATEST_START_DAYS:
        raise DesignError("First day", f"must be within {LATEST_START_DAYS} days from today")


def change_schedule(
    log: ExperimentLog, experiment_id: str, design: Design, today: dt.date
) -> ExperimentLog:
    """``log`` with the running experiment's design replaced (its order drawn again from the
    new design's seed). Refused once its first day has come: changing the days then would
    undo the randomisation (the person could move the days they like)."""
    current = _running(log, experiment_id)
    if current.started(today):
        raise DesignError(
            "Schedule",
            f"cannot be changed: the experiment started on {words.day(current.design.start)}. "
            "Changing its days now would undo what the lot decided; to test other settings, "
            "stop this experiment and start a new one",
        )
    if design.question_id != current.design.question_id:
        raise DesignError("Question", "cannot be changed; stop this experiment and start another")
    _check_start(design.start, today)
    changed = replace(current, design=design, orders=pair_orders(design.seed, design.pairs))
    return log._with(changed)


def finish(
    log: ExperimentLog,
    experiment_id: str,
    today: dt.date,
    days: tuple[RecordedDay, ...],
    result: RecordedResult,
    *,
    last_logged: bool,
) -> ExperimentLog:
    """``log`` with the experiment finished and its answer recorded. Refused before the
    planned end (the day the last outcome is logged), and on that day until its pain is
    logged (``last_logged``), so the last day's answer is not lost to an early finish."""
    current = _running(log, experiment_id)
    end = current.design.planned_end
    if today < end:
        raise DesignError(
            "Finish",
            f"the experiment runs until {words.day(end)}, when the last day's "
            f"{current.outcome_words} is logged; an answer from fewer days would be weaker "
            "and, read midway, likelier to be chance. Keep following each day's assignment, "
            "or stop the experiment early (it then gives no answer)",
        )
    if today == end and not last_logged:
        raise DesignError(
            "Finish",
            f"log today's pain first: it is the last day's {current.outcome_words}, and the "
            "answer is made from it too (or finish tomorrow)",
        )
    check_days(current, days)
    return log._with(replace(current, status=FINISHED, ended_on=today, days=days, result=result))


def stop(
    log: ExperimentLog, experiment_id: str, today: dt.date, days: tuple[RecordedDay, ...]
) -> ExperimentLog:
    """``log`` with the running experiment stopped early today: its days so far are kept,
    and it gives no answer."""
    current = _running(log, experiment_id)
    check_days(current, days)
    return log._with(replace(current, status=STOPPED, ended_on=today, days=days))


def _running(log: ExperimentLog, experiment_id: str) -> Experiment:
    current = log.get(experiment_id)
    if current.status != RUNNING:
        raise DesignError(
            "Experiment",
            f"it already {'finished' if current.status == FINISHED else 'was stopped'} on "
            f"{words.day(current.ended_on) if current.ended_on else 'an earlier day'}",
        )
    return current


def check_days(experiment: Experiment, days: tuple[RecordedDay, ...]) -> None:
    planned = {d.date: d.condition for d in experiment.schedule().days}
    for day in days:
        if planned.get(day.date) != day.condition or day.kept not in KEPT:
            raise DesignError("Days", f"{day!r} is not a day of this experiment's schedule")
