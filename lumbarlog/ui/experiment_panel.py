"""The Experiment page's parts, and today's assignment on Today: choosing a question and
starting, following the schedule (calendar, .ics, an interim view that does not show the
difference), finishing or stopping early, and the answers of experiments that ended.

Every change goes through the journal's ``change_experiments`` with a rule from
domain/experiment_log.py; a refusal is shown beside the field it names and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from lumbarlog import clock
from lumbarlog.domain import catalog, experiment_log, experiments, words
from lumbarlog.domain.experiment_json import ExperimentFileError
from lumbarlog.domain.experiment_log import Experiment, ExperimentLog
from lumbarlog.domain.experiments import A, DesignError, Question
from lumbarlog.journal.errors import StoreError
from lumbarlog.ui import data, widgets
from lumbarlog.ui.flash import after_write
from lumbarlog.ui.markup import plain

PAGE = "app_pages/experiment.py"
START_LABEL = "Start the experiment"
FINISH_LABEL = "Finish and read the answer"
STOP_LABEL = "Stop the experiment"
CHANGE_LABEL = "Change the schedule"
# What to expect, from bench/experiments.py (docs/FINDINGS.md, "Self-experiments"): how often
# 8 weeks of 2-day blocks give a clear answer when doing the routine lowers pain by 1 or by 2
# points (pain carrying over from day to day as phi 0.5 to 0.8; 1,000 experiments a cell).
EXPECT = (
    'Be ready for "can\'t tell": it is the usual honest answer. In simulations of people '
    "whose pain carries over from day to day, 8 weeks of 2-day blocks gave a clear answer in "
    "17% to 31% of experiments when doing the routine lowered pain by 1 point, and in 57% to "
    "74% when by 2 points; shorter experiments or longer blocks give fewer. So choose 8 weeks "
    "of 2-day blocks, log your pain every day, and follow each day's assignment as well as "
    "you can. A clear answer after a few weeks would more likely be chance than one at the "
    "end, which is why the difference is shown only at the end."
)


def load(journal: data.JournalView) -> ExperimentLog | None:
    """The person's experiments, or None (said on the page) when they cannot be read."""
    try:
        return data.load_experiments(journal)
    except ExperimentFileError as error:
        st.warning(
            f"Your self-experiments cannot be read, so none can be started or changed: "
            f"{plain(error)}. The file is kept as it is; earlier versions are in the journal's "
            "backups.",
            icon=":material/warning:",
        )
        return None
    except StoreError as error:
        st.warning(
            f"Your self-experiments cannot be read: {plain(error)}", icon=":material/warning:"
        )
        return None


def question_of(experiment: Experiment) -> Question | None:
    """The question as the catalog asks it now (its routine's exercises, for adherence)."""
    try:
        return experiments.question(catalog.load(), experiment.design.question_id)
    except ValueError:
        return None


def assignment_words(experiment: Experiment, today: dt.date) -> str:
    """What today asks, in words: the condition's own sentence, or why there is none."""
    if today < experiment.design.start:
        return f"The experiment starts on {words.day(experiment.design.start)}."
    day = experiment.schedule().on(today)
    if day is None:
        if today <= experiment.design.planned_end:
            return "No assignment today: log today's pain, it answers for yesterday."
        return "The experiment has ended: read the answer on the Experiment page."
    question = question_of(experiment)
    if question is not None:
        return question.condition(day.condition).today
    return f"Today: {experiment.a if day.condition == A else experiment.b}"


def day_number(experiment: Experiment, today: dt.date) -> str:
    days = experiment.design.days
    number = (today - experiment.design.start).days + 1
    return f"day {number} of {days}" if 1 <= number <= days else ""


def today_card(journal: data.JournalView, today: dt.date) -> str | None:
    """Today's assignment of the running experiment (or the way to start one). Returns the id
    of the routine the experiment asks not to do today, if any, so Today does not offer it."""
    log = load(journal)
    running = log.running() if log is not None else None
    if running is None:
        st.page_link(
            PAGE, label="Find out what helps you: a self-experiment", icon=":material/experiment:"
        )
        return None
    with st.container(border=True, key="experiment_today"):
        number = day_number(running, today)
        st.markdown(f"**Your experiment{': ' + number if number else ''}**")
        st.markdown(plain(assignment_words(running, today)))
        st.caption(plain(running.question))
        ended = today >= running.design.planned_end
        st.page_link(
            PAGE,
            label=FINISH_LABEL if ended else "Open the experiment",
            icon=":material/experiment:",
        )
    day = running.schedule().on(today)
    question = question_of(running)
    if day is not None and question is not None and question.kind != experiments.MORNING_EVENING:
        return question.routine_id if day.condition != A else None
    return None


# ---- Starting ---------------------------------------------------------------------------------


def show_setup(journal: data.JournalView, today: dt.date) -> None:
    """Choose a question and a design, and start."""
    questions = {q.id: q for q in experiments.questions(catalog.load())}
    st.subheader("Start an experiment", anchor=False)
    st.write(
        "Pick one question. The app decides by lot which days are which, in blocks of a few "
        "days, so that good and bad days fall on both sides by chance; you log your pain every "
        "day as usual. At the end you get the difference, with a range and how likely it is "
        "to be chance."
    )
    st.info(EXPECT, icon=":material/info:")
    chosen_id = st.selectbox(
        "Question to test",
        list(questions),
        format_func=lambda qid: questions[qid].text,
        key="experiment_question",
    )
    question_place = st.empty()
    chosen = questions[chosen_id]
    st.caption(
        f"A: {plain(chosen.a.label)}. B: {plain(chosen.b.label)}. Measured by "
        f"{chosen.outcome_words}, fixed before the start."
    )
    fields = DesignFields("experiment_setup", today)
    fields.places["Question"] = question_place
    if st.button(START_LABEL, type="primary", key="experiment_start", icon=":material/experiment:"):
        try:
            design = experiments.make_design(
                chosen, fields.first, fields.weeks, fields.block_days, experiments.new_seed()
            )
            new = experiment_log.new_experiment(chosen, design, clock.now().replace(microsecond=0))
            saved = change(journal, lambda log: experiment_log.start(log, new, today))
        except DesignError as error:
            fields.show(error)
            return
        if saved:
            after_write(
                f"Experiment started: the first day is {words.day(design.start)}, the last "
                f"{words.day(design.last_day)}."
            )
            st.rerun()


class DesignFields:
    """Weeks, block length and first day, each with the place for its problem under it
    (``places``, by the field a DesignError names)."""

    def __init__(self, key: str, today: dt.date, current: experiments.Design | None = None):
        self.weeks = int(
            st.number_input(
                "Weeks",
                min_value=experiments.MIN_WEEKS,
                max_value=experiments.MAX_WEEKS,
                value=current.weeks if current else experiments.MAX_WEEKS,
                step=1,
                key=f"{key}_weeks",
            )
        )
        self.places = {"Weeks": st.empty()}
        self.block_days = int(
            st.number_input(
                "Block length (days)",
                min_value=experiments.MIN_BLOCK_DAYS,
                max_value=experiments.MAX_BLOCK_DAYS,
                value=current.block_days if current else experiments.MIN_BLOCK_DAYS,
                step=1,
                key=f"{key}_block_days",
                help="Every day of a block has the same condition; its first day is not "
                "counted, as yesterday's condition may still be felt.",
            )
        )
        self.places["Block length"] = st.empty()
        # No min or max on the field: a page left open past midnight would hold a day out of
        # range (an error of Streamlit's); the rules refuse such a day beside the field.
        first = st.date_input(
            "First day",
            value=current.start if current else today,
            key=f"{key}_first",
            format="YYYY-MM-DD",
        )
        self.first = first if isinstance(first, dt.date) else today
        self.places["First day"] = self.places["Schedule"] = st.empty()

    def show(self, error: DesignError) -> None:
        """The refusal beside the field it names (under the last field for the others)."""
        with self.places.get(error.field, self.places["First day"]):
            widgets.field_error(f"{error.field}: {error.reason}.")


def change(journal: data.JournalView, change: Callable[[ExperimentLog], ExperimentLog]) -> bool:
    """Apply a change; a refusal of the store (not of the rules) is said here. DesignError
    goes to the caller, to be shown beside its field."""
    try:
        journal.repo.change_experiments(change)
    except ExperimentFileError as error:
        st.error(f"Nothing was saved: {plain(error)}", icon=":material/error:")
        return False
    except StoreError as error:
        st.error(plain(widgets.not_saved(error)), icon=":material/error:")
        return False
    return True
