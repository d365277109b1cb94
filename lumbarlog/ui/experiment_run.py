"""The Experiment page while an experiment runs (today's assignment, the calendar and its .ics,
an interim view without the difference, finishing, changing the schedule before the first day,
stopping early) and the experiments that ended, each with the answer recorded at its end."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from lumbarlog import clock
from lumbarlog.analysis import experiment as analysis
from lumbarlog.analysis import experiment_sentences
from lumbarlog.domain import experiment_log, experiments, words
from lumbarlog.domain.experiment_calendar import experiment_calendar
from lumbarlog.domain.experiment_json import log_to_json
from lumbarlog.domain.experiment_log import (
    FINISHED,
    Experiment,
    ExperimentLog,
    RecordedDay,
)
from lumbarlog.domain.experiments import DesignError, Question
from lumbarlog.domain.plan import WEEKDAY_NAMES
from lumbarlog.journal import rows
from lumbarlog.ui import data, widgets
from lumbarlog.ui.experiment_panel import (
    CHANGE_LABEL,
    FINISH_LABEL,
    STOP_LABEL,
    DesignFields,
    assignment_words,
    change,
    day_number,
    question_of,
)
from lumbarlog.ui.flash import after_write
from lumbarlog.ui.markup import plain

MARKS = {experiments.FOLLOWED: "✓", experiments.NOT_FOLLOWED: "✗", experiments.NOT_RECORDED: "·"}
WEEKDAYS = tuple(name[:3] for name in WEEKDAY_NAMES)  # "Mon" to "Sun"
CONFIRM_STOP_KEY = "experiment_stop_confirm"


def show_running(journal: data.JournalView, running: Experiment, today: dt.date) -> None:
    design = running.design
    question = question_of(running)
    st.subheader(running.question, anchor=False)
    number = day_number(running, today)
    st.caption(
        f"{number.capitalize() + ' · ' if number else ''}A: {plain(running.a)} · "
        f"B: {plain(running.b)} · measured by {plain(running.outcome_words)} · "
        f"{design.weeks} weeks of {design.block_days}-day blocks, from "
        f"{words.day(design.start)} to {words.day(design.last_day)}"
    )
    st.info(plain(assignment_words(running, today)), icon=":material/today:")
    if question is None:
        st.warning(
            "This question is no longer in the app's catalog, so how the days were kept cannot "
            "be read from the journal. Stop the experiment to keep its days.",
            icon=":material/warning:",
        )
    states = _states(running, question, journal, today)
    # The answer as of today: the interim view's, and what Finish records (once allowed).
    result = None
    if question is not None:
        result = analysis.answer(
            question, running.schedule(), journal.entries, journal.sessions, today
        )
    _calendar(running, states, today)
    st.download_button(
        "Download the schedule for your calendar (.ics)",
        data=lambda: experiment_calendar(
            running, journal_id=journal.folder.as_posix(), now=clock.now().astimezone()
        ),
        file_name=f"lumbarlog-experiment-{design.start.isoformat()}.ics",
        mime="text/calendar",
        icon=":material/calendar_month:",
        on_click="ignore",
        key="experiment_ics",
    )
    if result is not None and running.started(today):
        with st.expander("How it is going (interim view)"):
            for paragraph in paragraphs(experiment_sentences.of(result)):
                st.write(plain(paragraph))
    _finish(journal, running, result, recorded_days(states, running), today)
    with st.expander(CHANGE_LABEL):
        _change_schedule(journal, running, today)
    with st.expander("Stop the experiment early"):
        _stop(journal, running, states, today)


def _states(
    running: Experiment, question: Question | None, journal: data.JournalView, today: dt.date
) -> dict[dt.date, str]:
    """How each day so far was kept (none without the question)."""
    if question is None:
        return {}
    schedule = running.schedule()
    kept = analysis.day_adherence(question, schedule, journal.entries, journal.sessions)
    return {d.date: s for d, s in zip(schedule.days, kept, strict=True) if d.date <= today}


def _calendar(running: Experiment, states: dict[dt.date, str], today: dt.date) -> None:
    """The schedule, a row a week: A or B each day, with how it was kept so far (compact, so
    a week fits a phone's width)."""
    rows: dict[dt.date, dict[str, str]] = {}
    for day in running.schedule().days:
        week = day.date - dt.timedelta(days=day.date.weekday())
        cell = day.condition + MARKS.get(states.get(day.date, ""), "")
        if day.date == today:
            cell = f"→{cell}"
        rows.setdefault(week, dict.fromkeys(WEEKDAYS, ""))[WEEKDAYS[day.date.weekday()]] = cell
    frame = pd.DataFrame(
        [{"Week of": f"{w.day} {w:%b}", **cells} for w, cells in sorted(rows.items())]
    )
    st.markdown("**The schedule**")
    st.dataframe(
        frame,
        hide_index=True,
        key="experiment_calendar",
        on_select="ignore",
        column_config={w: st.column_config.TextColumn(w, width=40) for w in WEEKDAYS},
    )
    st.caption(
        f"A: {plain(running.a)}. B: {plain(running.b)}. → today; ✓ followed, ✗ not followed, · "
        f"nothing logged. Blocks of {running.design.block_days} days from "
        f"{words.day(running.design.start)}; the first day of each block is not counted."
    )


def recorded_days(states: dict[dt.date, str], running: Experiment) -> tuple[RecordedDay, ...]:
    return tuple(
        RecordedDay(d.date, d.condition, states[d.date])
        for d in running.schedule().days
        if d.date in states
    )


def _finish(
    journal: data.JournalView,
    running: Experiment,
    result: analysis.ExperimentResult | None,
    days: tuple[RecordedDay, ...],
    today: dt.date,
) -> None:
    """The finish button; ``result`` is the answer as of today (None when the question is no
    longer in the catalog), ``days`` how each day so far was kept."""
    ended = today >= running.design.planned_end  # before then, pressing says why not yet
    pressed = st.button(
        FINISH_LABEL,
        type="primary" if ended else "secondary",
        key="experiment_finish",
        icon=":material/flag:",
    )
    if not pressed:
        return
    if result is None:
        widgets.field_error("Finish: the question is no longer in the catalog; stop it instead.")
        return
    recorded = analysis.recorded(result, experiment_sentences.of(result))
    try:
        last_logged = rows.entry_for(journal.entries, today) is not None
        saved = change(
            journal,
            lambda log: experiment_log.finish(
                log, running.id, today, days, recorded, last_logged=last_logged
            ),
        )
    except DesignError as error:
        widgets.field_error(f"{error.field}: {error.reason}.")
        return
    if saved:
        after_write("The experiment is finished: its answer is below.")
        st.rerun()


def _change_schedule(journal: data.JournalView, running: Experiment, today: dt.date) -> None:
    st.caption(
        "Until the first day, the weeks, the block length and the first day can change (the "
        "order of the blocks is drawn again). From the first day on, the schedule is fixed."
    )
    fields = DesignFields("experiment_change", today, running.design)
    if st.button(CHANGE_LABEL, key="experiment_change"):
        try:
            question = question_of(running)
            if question is None:
                raise DesignError("Question", "is no longer in the catalog")
            design = experiments.make_design(
                question, fields.first, fields.weeks, fields.block_days, experiments.new_seed()
            )
            saved = change(
                journal,
                lambda log: experiment_log.change_schedule(log, running.id, design, today),
            )
        except DesignError as error:
            fields.show(error)
            return
        if saved:
            after_write(
                f"Schedule changed: from {words.day(design.start)} to {words.day(design.last_day)}."
            )
            st.rerun()


def _stop(
    journal: data.JournalView, running: Experiment, states: dict[dt.date, str], today: dt.date
) -> None:
    st.write(
        "Stop if your pain worsens or a condition does not suit you. A stopped experiment "
        "gives no answer (a difference read midway is too likely to be chance); its days stay "
        "in your journal and in the record of the experiment."
    )
    confirmed = st.checkbox(
        "Yes, stop it: I understand it will give no answer", key=CONFIRM_STOP_KEY
    )
    if st.button(STOP_LABEL, key="experiment_stop"):
        if not confirmed:
            widgets.field_error("Stop: tick the box above to confirm; nothing was changed.")
            return
        days = recorded_days(states, running)
        if change(journal, lambda log: experiment_log.stop(log, running.id, today, days)):
            after_write("The experiment is stopped. Its days are kept.")
            st.rerun()


def paragraphs(words: str) -> list[str]:
    """An answer in paragraphs: the result, how the days were kept, what it cannot rule out."""
    for start in ("You followed the assignment", experiment_sentences.EXPECTATION[:20]):
        words = words.replace(f" {start}", f"\n{start}")
    return words.split("\n")


def show_ended(log: ExperimentLog) -> None:
    """Experiments that ended, newest first, each with what was recorded at its end."""
    ended = log.ended()
    if not ended:
        return
    st.subheader("Your experiments", anchor=False)
    for each in ended:
        with st.container(border=True):
            st.markdown(f"**{plain(each.question)}**")
            kept = sum(d.kept == experiments.FOLLOWED for d in each.days)
            ended_on = each.ended_on or each.design.last_day
            st.caption(
                f"{words.day(each.design.start)} to {words.day(ended_on)}"
                f" · {'finished' if each.status == FINISHED else 'stopped early'} · "
                f"assignment followed on {kept} of {len(each.days)} days"
            )
            if each.result is not None:
                for paragraph in paragraphs(each.result.words):
                    st.write(plain(paragraph))
            else:
                st.write("Stopped early: no answer was given.")
    st.download_button(
        "Download your experiments (JSON)",
        data=log_to_json(log),
        file_name=f"lumbarlog-experiments-{clock.today().isoformat()}.json",
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",
        key="experiment_download",
    )
