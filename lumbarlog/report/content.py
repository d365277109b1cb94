"""What the clinician report says, as numbers: one period of the journal, summed up for a
doctor or physiotherapist who has a minute to read it.

``compose`` takes the journal's frames and the person's choices (name, questions, the notes
they ticked) and returns a frozen ``ClinicianReport``. The words are made in
lumbarlog/report/text.py, the PDF in lumbarlog/report/pdf.py; the app's printable page shows
the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from lumbarlog.analysis import findings
from lumbarlog.analysis.charts.by_week import Bin, bin_for, pain_by_bin
from lumbarlog.analysis.daily import sessions_between
from lumbarlog.analysis.results import (
    Flare,
    Link,
    MeaningfulChange,
    NotEnoughData,
    PainTrend,
    SessionEffect,
    TrendsReport,
)
from lumbarlog.domain import measures, peg, plan, red_flags, schema, startback
from lumbarlog.domain.measures import Measure

# An answer this many days before the period still counts as "at the start" of it (a
# monthly questionnaire answered just before the period began is its starting point).
START_ANSWER_MAX_DAYS_BEFORE = 30
# What one page holds: longer lists are cut, and the page says how many more there are.
MAX_RED_FLAG_NOTES = 4
MAX_TICKED_NOTES = 5
MAX_NOTE_CHARS = 200
MAX_QUESTIONS_CHARS = 600
MAX_QUESTION_LINES = 8
MAX_NAME_CHARS = 80
MAX_ROUTINE_ROWS = 6
MAX_FINDINGS = 2


@dataclass(frozen=True)
class Request:
    """What the person chose for the report: the period (first and last day), and what they
    add to it. ``ticked`` are the days whose notes they want the doctor to read."""

    start: dt.date
    end: dt.date
    name: str = ""
    questions: str = ""
    ticked: tuple[dt.date, ...] = ()
    paper: str = "a4"  # "a4" or "us-letter"


@dataclass(frozen=True)
class RedFlagNote:
    """A day whose notes mention a red-flag sign, with the words that mention it."""

    day: dt.date
    sign: str
    urgency: str
    words: str


@dataclass(frozen=True)
class MeasureChange:
    """A questionnaire at the start of the period and its last answer within it (None: not
    answered; ``last`` is ``first`` when that one answer is all there is)."""

    instrument: str
    first: Measure | None
    last: Measure | None

    @property
    def answered_twice(self) -> bool:
        return self.first is not None and self.last is not None and self.first != self.last


@dataclass(frozen=True)
class BinPain:
    """One week (Monday to Sunday) or month of the period: mean pain and its worst day."""

    start: dt.date
    logged: int
    mean: float
    worst: int
    worst_day: dt.date


@dataclass(frozen=True)
class RoutineDone:
    """One routine in the period: planned (day, routine) pairs, how many of those had a
    finished session, and every session of it (finished or stopped)."""

    routine_id: str
    name: str
    planned: int
    done: int
    finished: int
    stopped: int

    @property
    def percent(self) -> float | None:
        return None if self.planned == 0 else 100 * self.done / self.planned


@dataclass(frozen=True)
class Note:
    day: dt.date
    text: str


@dataclass(frozen=True)
class ClinicianReport:
    request: Request
    made_on: dt.date
    days: int  # days in the period
    logged: int  # days with pain logged
    red_flags: tuple[RedFlagNote, ...]
    peg: MeasureChange
    startback: MeasureChange
    by: Bin  # weeks, or months over long periods
    bins: tuple[BinPain, ...]
    mean_pain: float | None
    worst: int | None
    worst_days: tuple[dt.date, ...]  # every day at the worst pain, oldest first
    flares: tuple[Flare, ...]
    sitting_mean: float | None
    sitting_days: int  # logged days with hours sitting
    routines: tuple[RoutineDone, ...]
    plan_since: dt.date | None  # the first day the plan counts from in the period
    session_effect: SessionEffect | NotEnoughData
    findings: tuple[Link | PainTrend | MeaningfulChange | NotEnoughData, ...]
    notes: tuple[Note, ...]
    daily: pd.DataFrame = field(repr=False, compare=False)

    @property
    def empty(self) -> bool:
        return self.logged == 0


def compose(
    entries: pd.DataFrame,
    sessions: pd.DataFrame,
    answered: pd.DataFrame,
    weekly_plan: plan.Plan,
    request: Request,
    today: dt.date,
    *,
    exercise_names: Mapping[str, str] | None = None,
    routine_names: Mapping[str, str] | None = None,
) -> ClinicianReport:
    """The report for ``request``'s period of the journal (entries, sessions and answered
    questionnaires as the journal reads them), made on ``today``."""
    start, end = request.start, request.end
    trends = findings.compute(entries, sessions, start, end, names=exercise_names)
    daily = trends.daily
    pain = daily.loc[daily["logged"], ["date", "pain"]]
    in_period = sessions_between(sessions, start, end)
    worst = int(pain["pain"].max()) if len(pain) else None
    sitting = daily.loc[daily["logged"], "sitting_hours"].dropna()
    return ClinicianReport(
        request=request,
        made_on=today,
        days=(end - start).days + 1,
        logged=len(pain),
        red_flags=_red_flag_notes(entries, start, end),
        peg=_measure_change(answered, peg.INSTRUMENT, start, end),
        startback=_measure_change(answered, startback.INSTRUMENT, start, end),
        by=bin_for((end - start).days + 1),
        bins=_bins(daily, bin_for((end - start).days + 1)),
        mean_pain=float(pain["pain"].mean()) if len(pain) else None,
        worst=worst,
        worst_days=tuple(d.date() for d in pain.loc[pain["pain"] == worst, "date"]),
        flares=trends.flares,
        sitting_mean=float(sitting.mean()) if len(sitting) else None,
        sitting_days=len(sitting),
        routines=_routines(weekly_plan, in_period, start, end, today, routine_names or {}),
        plan_since=_plan_since(weekly_plan, start, end),
        session_effect=trends.session,
        findings=_chosen_findings(trends),
        notes=ticked_notes(entries, request.ticked, start, end),
        daily=daily,
    )


def _in_period(entries: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    dates = pd.to_datetime(entries["date"])
    return entries[(dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))]


def _red_flag_notes(entries: pd.DataFrame, start: dt.date, end: dt.date) -> tuple[RedFlagNote, ...]:
    """Every day of the period whose notes mention a red-flag sign, most urgent first, then by
    date."""
    found = [
        RedFlagNote(pd.Timestamp(row["date"]).date(), sign.flag.sign, sign.flag.urgency, sign.words)
        for row in _in_period(entries, start, end).to_dict("records")
        for sign in red_flags.find_signs(row["notes"])
    ]
    order = {urgency: number for number, urgency in enumerate(red_flags.URGENCIES)}
    return tuple(sorted(found, key=lambda note: (order[note.urgency], note.day)))


def _measure_change(
    answered: pd.DataFrame, instrument: str, start: dt.date, end: dt.date
) -> MeasureChange:
    """The answer at the start of the period (the last one up to 30 days before it, else the
    first within it) and the last one within it."""
    every = [m for m in measures.answers(answered, instrument) if m.date <= end]
    before = [
        m for m in every if m.date < start and (start - m.date).days <= START_ANSWER_MAX_DAYS_BEFORE
    ]
    within = [m for m in every if m.date >= start]
    first = before[-1] if before else (within[0] if within else None)
    return MeasureChange(instrument, first, within[-1] if within else None)


def _bins(daily: pd.DataFrame, by: Bin) -> tuple[BinPain, ...]:
    return tuple(
        BinPain(
            start=pd.Timestamp(row["start"]).date(),
            logged=int(row["logged"]),
            mean=float(row["mean"]),
            worst=int(row["worst"]),
            worst_day=pd.Timestamp(row["worst_day"]).date(),
        )
        for row in pain_by_bin(daily, by).to_dict("records")
    )


def _plan_since(weekly_plan: plan.Plan, start: dt.date, end: dt.date) -> dt.date | None:
    if not weekly_plan.routines:
        return None
    since = max(start, weekly_plan.started_on or start)
    return since if since <= end else None


def _routines(
    weekly_plan: plan.Plan,
    sessions: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    names: Mapping[str, str],
) -> tuple[RoutineDone, ...]:
    """Each routine planned or followed in the period: the planned days done (a finished
    session that day) out of those planned (today only once it is done), and its sessions."""
    done_pairs = set(
        zip(*(plan.session_days(sessions)[c] for c in ("day", "routine_id")), strict=True)
    )
    planned: dict[str, int] = {}
    done: dict[str, int] = {}
    since = _plan_since(weekly_plan, start, end)
    day = since
    while day is not None and day <= min(end, today):
        for routine_id in weekly_plan.routines_on(day):
            if (day, routine_id) in done_pairs:
                done[routine_id] = done.get(routine_id, 0) + 1
            elif day == today:
                continue  # still open today
            planned[routine_id] = planned.get(routine_id, 0) + 1
        day += dt.timedelta(days=1)
    counts = sessions.groupby(["routine_id", "outcome"]).size()
    followed = {str(routine_id) for routine_id, _ in counts.index}
    rows = [
        RoutineDone(
            routine_id=routine_id,
            name=names.get(routine_id, routine_id),
            planned=planned.get(routine_id, 0),
            done=done.get(routine_id, 0),
            finished=int(counts.get((routine_id, schema.FINISHED), 0)),
            stopped=int(counts.get((routine_id, schema.STOPPED), 0)),
        )
        for routine_id in sorted(set(planned) | followed)
    ]
    return tuple(sorted(rows, key=lambda r: (-r.planned, -(r.finished + r.stopped), r.name)))


def _chosen_findings(
    trends: TrendsReport,
) -> tuple[Link | PainTrend | MeaningfulChange | NotEnoughData, ...]:
    """Up to two findings for the doctor: those the app states (a clear association or
    "about the same") first, in this order, then exercise and next-day sitting as they stand
    (which may be "can't tell yet", itself an honest answer)."""
    candidates: Sequence[Link | PainTrend | MeaningfulChange | NotEnoughData] = (
        trends.exercise,
        trends.sitting.next_day,
        trends.trend,
        trends.change,
    )
    stated = [c for c in candidates if c.claimed]
    rest = [c for c in candidates[:2] if c not in stated]
    return tuple([*stated, *rest][:MAX_FINDINGS])


def ticked_notes(
    entries: pd.DataFrame, ticked: Sequence[dt.date], start: dt.date, end: dt.date
) -> tuple[Note, ...]:
    """The notes of the ticked days, oldest first (at most MAX_TICKED_NOTES)."""
    chosen = set(ticked)
    notes = [note for note in notes_to_choose(entries, start, end) if note.day in chosen]
    return tuple(reversed(notes))[:MAX_TICKED_NOTES]


def notes_to_choose(entries: pd.DataFrame, start: dt.date, end: dt.date) -> list[Note]:
    """The days of the period with notes, newest first: what the person can tick."""
    rows = _in_period(entries, start, end)
    notes = [
        Note(pd.Timestamp(row["date"]).date(), str(row["notes"]).strip())
        for row in rows.to_dict("records")
        if isinstance(row["notes"], str) and row["notes"].strip()
    ]
    return sorted(notes, key=lambda note: note.day, reverse=True)
