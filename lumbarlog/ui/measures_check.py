"""Today's questionnaires: the weekly check (PEG) and STarT Back, each in an expander that is
open when it is due (no PEG in the last 7 days; no STarT Back yet, or none for 30 days) and can
be opened any time. Answers are checked before anything is written: a missing or out-of-range
answer, or a date in the future, is named beside its field and nothing is saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from lumbarlog import clock
from lumbarlog.domain import measures, peg, startback
from lumbarlog.domain.measures import Measure
from lumbarlog.domain.schema import ValidationError
from lumbarlog.journal.errors import StoreError
from lumbarlog.ui import markup, session, widgets
from lumbarlog.ui.data import JournalView

RESULT_KEY = "measure_result"
PROBLEMS_KEY = "{}_problems"  # per questionnaire: field -> reason, for the next run
ERROR_KEY = "{}_error"  # per questionnaire: a write the journal refused


def _key(instrument: str, field: str) -> str:
    return f"{instrument}_{field}"


def _answer(instrument: str, number: int) -> object:
    """A widget's value as the item's answer: a number as typed, a choice as its index."""
    value = st.session_state.get(_key(instrument, f"item{number}"))
    if instrument == peg.INSTRUMENT or value is None:
        return value
    choices = startback.BOTHER_ANSWERS if number == startback.ITEMS else startback.AGREEMENT
    return choices.index(str(value))


def _save(instrument: str) -> None:
    """The form's callback: check every answer, then save, or keep the problems for the run."""
    state = st.session_state
    count = measures.ITEM_COUNT[instrument]
    raw: dict[str, object] = {
        "date": state.get(_key(instrument, "date")),
        "instrument": instrument,
        **{f"item{n}": _answer(instrument, n) for n in range(1, count + 1)},
    }
    repo = session.journal()
    today = clock.today()
    try:
        measure = measures.validate_measure(raw, today=today)
        before = measures.latest(repo.measures().frame, instrument, before=measure.date)
        repo.save_measure(measure)
    except ValidationError as error:
        found: dict[str, str] = {}
        for problem in error.problems:
            found.setdefault(problem.field, problem.reason)
        state[PROBLEMS_KEY.format(instrument)] = found
        return
    except StoreError as error:
        state[ERROR_KEY.format(instrument)] = f"Nothing was saved: {error}"
        return
    state[RESULT_KEY] = result_text(measure, before)
    for number in range(1, count + 1):  # a fresh form for the next time
        state[_key(instrument, f"item{number}")] = None


def result_text(measure: Measure, before: Measure | None) -> str:
    """What a saved questionnaire shows: its score and, for the PEG, the change against the
    answer before it; for STarT Back, the risk group and what it usually means for care."""
    day = f"{measure.date:%a %d %b %Y}"
    if measure.instrument == peg.INSTRUMENT:
        text = f"Saved the weekly check (PEG) for {day}: score {measure.score:.1f} out of 10."
        if before is None:
            return text + " The next one will be compared with it."
        return (
            f"{text} Against the one before ({before.date:%a %d %b}): "
            f"{peg.describe_change(before.score, measure.score)} (a change of 1 point or more, "
            "either way, counts as meaningful)."
        )
    result = startback.score(measure.items)
    return (
        f"Saved STarT Back for {day}: total {result.total} of 9, distress subscale "
        f"{result.subscale} of 5, **{result.risk.value} risk**. "
        f"{startback.CARE[result.risk]} {startback.NOT_A_DIAGNOSIS}"
    )


def _last(frame: pd.DataFrame, instrument: str, today: dt.date) -> str:
    last = measures.latest(frame, instrument, before=today + dt.timedelta(days=1))
    if last is None:
        return "Not answered yet."
    if instrument == peg.INSTRUMENT:
        return f"Last answered {last.date:%a %d %b %Y}: score {last.score:.1f} out of 10."
    result = startback.score(last.items)
    return (
        f"Last answered {last.date:%a %d %b %Y}: {result.risk.value} risk (total "
        f"{result.total} of 9, distress subscale {result.subscale} of 5)."
    )


def show(journal: JournalView) -> None:
    """The two questionnaires, and what the last save said."""
    if result := st.session_state.pop(RESULT_KEY, None):
        st.success(result, icon=":material/check_circle:")
    today = clock.today()
    frame = journal.measures
    with st.expander("Weekly check (PEG)", expanded=measures.peg_due(frame, today)):
        st.caption(
            "Three questions about the past week, asked once a week. "
            + _last(frame, peg.INSTRUMENT, today)
        )
        _form(journal, peg.INSTRUMENT, today)
        st.caption(peg.SOURCE)
    with st.expander("STarT Back", expanded=measures.startback_due(frame, today)):
        st.caption(
            "Nine questions about the last 2 weeks, asked at the start and then monthly: they "
            "show how likely back pain is to keep getting in the way, for you and a GP or "
            "physiotherapist to talk about. " + _last(frame, startback.INSTRUMENT, today)
        )
        _form(journal, startback.INSTRUMENT, today)
        st.caption(startback.COPYRIGHT)


def _form(journal: JournalView, instrument: str, today: dt.date) -> None:
    if not journal.can_write_measures:
        widgets.read_only_notice("Saving questionnaires")
        return
    problems: Mapping[str, str] = st.session_state.pop(PROBLEMS_KEY.format(instrument), {})
    with st.form(f"{instrument}_form", border=False):
        st.date_input("Date", value=today, key=_key(instrument, "date"), format="YYYY-MM-DD")
        widgets.field_error(_beside("date", problems))
        if instrument == peg.INSTRUMENT:
            for number, question in enumerate(peg.QUESTIONS, start=1):
                st.number_input(
                    f"{number}. {question.text}",
                    step=1,
                    value=None,
                    placeholder="0 to 10",
                    key=_key(instrument, f"item{number}"),
                )
                st.caption(f"0 = {question.low} · 10 = {question.high}")
                widgets.field_error(_beside(f"item{number}", problems))
        else:
            st.markdown(markup.plain(startback.INSTRUCTION))
            # Items 1-8 are agree/disagree; item 9 has its own five answers.
            items = [(statement, startback.AGREEMENT) for statement in startback.STATEMENTS]
            items.append((startback.BOTHER_QUESTION, startback.BOTHER_ANSWERS))
            for number, (wording, answers) in enumerate(items, start=1):
                st.radio(
                    f"{number}. {wording}",
                    answers,
                    index=None,
                    horizontal=True,
                    key=_key(instrument, f"item{number}"),
                )
                widgets.field_error(_beside(f"item{number}", problems))
        st.form_submit_button(
            "Save answers",
            type="primary",
            icon=":material/save:",
            on_click=_save,
            args=(instrument,),
        )
    if problems:
        st.error(
            "Nothing was saved: please check the answers marked above.", icon=":material/error:"
        )
    if error := st.session_state.pop(ERROR_KEY.format(instrument), None):
        st.error(markup.plain(error), icon=":material/error:")


def _beside(field: str, problems: Mapping[str, str]) -> str | None:
    """The problem to show beside a field, naming it (the reasons name their item already)."""
    reason = problems.get(field)
    if reason is None:
        return None
    return reason if field.startswith("item") else f"Date: {reason}"
