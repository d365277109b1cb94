"""The clinician report in words: every line the PDF and the app's printable page show, made
once from a ``ClinicianReport`` so that both say exactly the same.

Written for a doctor who reads it in a minute: the most urgent first (red-flag signs in the
notes), then the questionnaires with "meaningful change?", pain, sitting, exercise, up to two
findings worded as associations with their numbers, and what the person wants to ask.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import asdict, dataclass

from lumbarlog.analysis import sentences
from lumbarlog.analysis.results import NotEnoughData
from lumbarlog.domain import peg, startback, words
from lumbarlog.domain.measures import Measure
from lumbarlog.report.content import (
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_QUESTION_LINES,
    MAX_QUESTIONS_CHARS,
    MAX_RED_FLAG_NOTES,
    MAX_ROUTINE_ROWS,
    MAX_TICKED_NOTES,
    ClinicianReport,
    MeasureChange,
)
from lumbarlog.version import VERSION

TITLE = "Lower back pain: self-report"
NOT_A_DIAGNOSIS = (
    "Self-reported by the patient in Lumbar Log, a pain diary; not a diagnosis. Pain is rated "
    "0-10 (0 no pain, 10 worst imaginable). Findings are associations in this diary, not causes."
)
URGENCY_WORDS = {
    "emergency": "emergency sign",
    "urgent": "urgent sign",
    "see_doctor": "sign to see a doctor",
}
MEASURE_HEADER = ("Questionnaire", "At the start", "Now", "Meaningful change?")
ROUTINE_HEADER = ("Routine", "Planned days done", "Sessions")


@dataclass(frozen=True)
class ReportText:
    """Every line of the report. Tables are a header and rows of cells; every cell is text."""

    title: str
    name: str
    period: str
    made: str
    empty: str  # why there is nothing to chart, or ""
    red_flags_heading: str
    red_flags: tuple[str, ...]
    red_flags_found: bool
    measures: tuple[tuple[str, ...], ...]  # the header first
    pain_heading: str
    pain: str
    pain_alt: str
    sitting: str
    sitting_alt: str
    routines: tuple[tuple[str, ...], ...]  # the header first; only the header: none
    exercise: str
    findings: tuple[str, ...]
    questions: str
    notes: tuple[str, ...]
    footer: str
    sources: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


day = words.day  # "27 Nov 2026", as every sentence of the app writes a date


def short_day(value: dt.date, report: ClinicianReport) -> str:
    """ "11 Nov", with the year when the period spans more than one or the day is in another
    year than the period's end."""
    request = report.request
    if request.start.year == request.end.year == value.year:
        return f"{value.day} {value:%b}"
    return day(value)


def visible(text: str) -> str:
    """The text without control characters and non-characters (nothing anyone can read, and
    no font draws), line breaks kept."""
    return "".join(
        c for c in text if c == "\n" or unicodedata.category(c) not in ("Cc", "Cs", "Cn")
    )


def _cut(text: str, limit: int) -> str:
    text = " ".join(visible(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def of(report: ClinicianReport) -> ReportText:
    request = report.request
    period = (
        f"{day(request.start)} to {day(request.end)} ({words.count(report.days, 'day')}); "
        f"pain logged on {report.logged:,} of {words.count(report.days, 'day')}"
    )
    return ReportText(
        title=TITLE,
        name=_cut(request.name, MAX_NAME_CHARS),
        period=period,
        made=f"Made on {day(report.made_on)} with Lumbar Log {VERSION}.",
        empty=(
            ""
            if not report.empty
            else f"No days were logged between {day(request.start)} and {day(request.end)}, "
            "so there is no pain, sitting or finding to show for this period."
        ),
        red_flags_heading="Red-flag signs mentioned in the notes",
        red_flags=_red_flags(report),
        red_flags_found=bool(report.red_flags),
        measures=(
            MEASURE_HEADER,
            _peg_row(report.peg, report),
            _startback_row(report.startback, report),
        ),
        pain_heading=f"Pain, {report.by} by {report.by}",
        pain=_pain(report),
        pain_alt=_pain_alt(report),
        sitting=_sitting(report),
        sitting_alt=(
            f"Hours sitting per day from {day(request.start)} to {day(request.end)}. "
            + _sitting(report)
        ),
        routines=(ROUTINE_HEADER, *_routine_rows(report)),
        exercise=_exercise(report),
        findings=tuple(sentences.of(finding) for finding in report.findings),
        questions=_cut_lines(request.questions, MAX_QUESTIONS_CHARS),
        notes=tuple(
            f"{short_day(note.day, report)}: {_cut(note.text, MAX_NOTE_CHARS)}"
            for note in report.notes[:MAX_TICKED_NOTES]
        ),
        footer=NOT_A_DIAGNOSIS,
        sources=f"{peg.SOURCE} {startback.COPYRIGHT}",
    )


def _cut_lines(text: str, limit: int) -> str:
    """The person's lines (blank ones left out), at most MAX_QUESTION_LINES of them (the rest
    joined onto the last with " / ") and ``limit`` characters, cut with "…"."""
    lines = [" ".join(line.split()) for line in visible(text).strip().splitlines()]
    lines = [line for line in lines if line]
    if len(lines) > MAX_QUESTION_LINES:
        lines[MAX_QUESTION_LINES - 1 :] = [" / ".join(lines[MAX_QUESTION_LINES - 1 :])]
    kept = "\n".join(lines)
    return kept if len(kept) <= limit else kept[: limit - 1].rstrip() + "…"


def _red_flags(report: ClinicianReport) -> tuple[str, ...]:
    if not report.red_flags:
        return ("None: no note in this period mentions a red-flag sign.",)
    shown = [
        f"{short_day(note.day, report)} ({URGENCY_WORDS[note.urgency]}): “{_cut(note.words, 60)}”, "
        f"read as: {note.sign}."
        for note in report.red_flags[:MAX_RED_FLAG_NOTES]
    ]
    more = len(report.red_flags) - MAX_RED_FLAG_NOTES
    if more > 0:
        shown.append(f"And {words.count(more, 'more mention')} in the period.")
    return tuple(shown)


def _answered(measure: Measure, what: str, report: ClinicianReport) -> str:
    return f"{what} ({short_day(measure.date, report)})"


def _peg_row(change: MeasureChange, report: ClinicianReport) -> tuple[str, ...]:
    name = "PEG (0-10, past week)"
    if change.first is None:
        return (name, "not answered", "not answered", "can't tell")
    first = _answered(change.first, f"{change.first.score:.1f}", report)
    if change.last is None:
        return (name, first, "not answered since", "can't tell")
    if not change.answered_twice:
        return (name, first, "answered once", "can't tell from one answer")
    before, after = change.first.score, change.last.score
    moved = peg.change(before, after)
    verdict = "yes" if peg.meaningful_change(before, after) else "no"
    way = "the same" if moved == 0 else f"{'down' if moved < 0 else 'up'} {abs(moved):.1f}"
    return (
        name,
        first,
        _answered(change.last, f"{after:.1f}", report),
        f"{verdict}: {way} ({peg.MEANINGFUL_CHANGE_POINTS:g} point counts)",
    )


def _startback_words(measure: Measure) -> str:
    result = startback.score(measure.items)
    return f"{result.risk.value} risk, total {result.total}/9, distress {result.subscale}/5"


def _startback_row(change: MeasureChange, report: ClinicianReport) -> tuple[str, ...]:
    name = "STarT Back (risk group)"
    if change.first is None:
        return (name, "not answered", "not answered", "can't tell")
    first = _answered(change.first, _startback_words(change.first), report)
    if change.last is None:
        return (name, first, "not answered since", "can't tell")
    if not change.answered_twice:
        return (name, first, "answered once", "can't tell from one answer")
    before = startback.score(change.first.items).risk
    after = startback.score(change.last.items).risk
    verdict = (
        f"group changed: {before.value} to {after.value}"
        if before != after
        else f"no: same group ({after.value})"
    )
    return (name, first, _answered(change.last, _startback_words(change.last), report), verdict)


def _pain(report: ClinicianReport) -> str:
    if report.mean_pain is None or report.worst is None:
        return "No pain logged in this period."
    worst_day = report.worst_days[-1]
    others = len(report.worst_days) - 1
    worst = f"worst {report.worst}, on {short_day(worst_day, report)}" + (
        f" (and {words.count(others, 'other day')})" if others else ""
    )
    text = (
        f"Mean pain {report.mean_pain:.1f} on {words.count(report.logged, 'logged day')}; {worst}."
    )
    if report.flares:
        spans = "; ".join(
            f"{short_day(f.start, report)} to {short_day(f.end, report)}, peak {f.peak_pain:.0f}"
            for f in report.flares[-3:]
        )
        many = len(report.flares)
        last = f"; the last {min(many, 3)}" if many > 3 else ""
        text += f" {words.count(many, 'flare').capitalize()} (shaded){last}: {spans}."
    else:
        text += " No flare (days well above the usual level) in this period."
    return text


def _pain_alt(report: ClinicianReport) -> str:
    if not report.bins:
        return "No pain logged in this period."
    low = min(report.bins, key=lambda b: b.mean)
    high = max(report.bins, key=lambda b: b.mean)
    by = report.by
    return (
        f"{by.title()}ly mean pain over {words.count(len(report.bins), by)}: lowest "
        f"{low.mean:.1f} ({by} of {short_day(low.start, report)}), highest {high.mean:.1f} "
        f"({by} of {short_day(high.start, report)}); diamonds show each {by}'s worst day. "
        + _pain(report)
    )


def _sitting(report: ClinicianReport) -> str:
    if report.sitting_mean is None:
        return "No hours sitting recorded in this period."
    return (
        f"Hours sitting: mean {report.sitting_mean:.1f} a day, on "
        f"{words.count(report.sitting_days, 'day')} with hours recorded."
    )


def _done(done: int, planned: int) -> str:
    return "not planned" if planned == 0 else f"{done} of {planned} ({100 * done / planned:.0f}%)"


def _sessions(finished: int, stopped: int) -> str:
    return f"{finished} finished" + (f", {stopped} stopped early" if stopped else "")


def _routine_rows(report: ClinicianReport) -> list[tuple[str, ...]]:
    """A row per routine (the most planned first); past MAX_ROUTINE_ROWS, the rest in one."""
    shown, rest = report.routines[:MAX_ROUTINE_ROWS], report.routines[MAX_ROUTINE_ROWS:]
    rows: list[tuple[str, ...]] = [
        (r.name, _done(r.done, r.planned), _sessions(r.finished, r.stopped)) for r in shown
    ]
    if rest:
        rows.append(
            (
                words.count(len(rest), "other routine"),
                _done(sum(r.done for r in rest), sum(r.planned for r in rest)),
                _sessions(sum(r.finished for r in rest), sum(r.stopped for r in rest)),
            )
        )
    return rows


def _exercise(report: ClinicianReport) -> str:
    parts = []
    if report.plan_since is None:
        parts.append("No weekly plan in this period.")
    else:
        parts.append(
            f"Planned days count from {short_day(report.plan_since, report)}, by the current "
            "weekly plan; a planned day is done when that routine was finished that day."
        )
    effect = report.session_effect
    if not isinstance(effect, NotEnoughData):
        parts.append(
            f"Pain rated just before routines averaged {effect.mean_before:.1f}, right after "
            f"{effect.mean_after:.1f} ({words.count(effect.n, 'day')}); ratings right after a "
            "session tend to be lower whatever the routine does."
        )
    elif not report.routines:
        parts.append("No routine was followed in the app in this period.")
    return " ".join(parts)
