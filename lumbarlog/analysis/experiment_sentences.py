"""Every sentence about a self-experiment's answer (lumbarlog/analysis/experiment.py).

Worded as the Trends page's findings are (sentences.py): clear (with the size, the range, the
counts and what it cannot rule out), "about the same" (the whole range within a point), or
"can't tell", an honest answer with the range and what would settle it. An interim view
says how far the experiment has come and how the days were kept, but not the difference: a
difference seen midway invites stopping when it looks good, which makes chance results likely.
"""

from __future__ import annotations

import math

from lumbarlog.analysis.experiment import ExperimentResult
from lumbarlog.analysis.rules import ABOUT_THE_SAME, CLEAR
from lumbarlog.domain import words
from lumbarlog.domain.experiments import MAX_WEEKS, MIN_BLOCK_DAYS, MIN_PAIRS

EXPECTATION = (
    "What this cannot rule out: you knew which days were which, so expecting a routine to "
    "help can lower the pain you rate on its days (and the other way round); and it holds for "
    "you, over these weeks, not for everyone or for ever."
)


def of(result: ExperimentResult) -> str:
    """The answer in words: interim progress (no difference shown, so a look midway does not
    invite stopping), or the final difference with its range, the test, how the days were
    kept, what it cannot rule out and what to try next."""
    question = result.question
    a, b = question.a, question.b
    kept = _adherence(result)
    if result.interim:
        done = result.pairs_planned - result.pairs_to_come
        return (
            f"Interim view, not the answer: {done} of {result.pairs_planned} pairs of blocks "
            f"are done; the experiment ends on {words.day(result.planned_end)}. {kept} The "
            "difference is shown at the end: midway it often looks larger or smaller than it "
            "will be, and stopping when it looks good makes a chance result likely. Keep "
            "following each day's assignment until then."
        )
    if not result.enough:
        return (
            f"No answer: no pair of blocks has {question.outcome_words} logged for both "
            f"{a.days} and {b.days}, so there is nothing to compare. {kept}"
        )
    counts = (
        f"{words.count(result.pairs_used, 'pair')} of blocks"
        f"{_left_out(result.pairs_left_out)}; {question.outcome_words} logged for "
        f"{result.days_a:,} {a.days} and {result.days_b:,} {b.days}"
    )
    test = (
        f"a difference this large came up in {_share(result.p_value)} of the "
        f"{result.schedules:,} orders the lot could have drawn"
    )
    level = f"{result.level:.0%} range"
    if result.kind == CLEAR:
        word = "lower" if result.estimate < 0 else "higher"
        better = a.days if result.estimate < 0 else b.days
        text = (
            f"{_capital(question.outcome_words)} was about {_number(abs(result.estimate))} "
            f"points {word} on {a.days} than on {b.days}, as the lot assigned them "
            f"({level} {_range_words(result.ci_low, result.ci_high)}; {test}; {counts}). "
            f"Next: {better} look like the ones that suit you; keep to them and see whether "
            "your weekly average follows."
        )
    elif result.kind == ABOUT_THE_SAME:
        text = (
            f"{_capital(question.outcome_words)} was about the same on {a.days} and {b.days} "
            f"({level} {_range_words(result.ci_low, result.ci_high)}, within a point "
            f"either way; {counts}). Next: choose whichever is easier to keep up; for you it "
            "makes little difference to the pain."
        )
    elif not result.can_be_clear:
        text = (
            f"Can't tell: only {words.count(result.pairs_used, 'pair')} of blocks had "
            f"{question.outcome_words} logged on both sides{_left_out(result.pairs_left_out)}, "
            f"and with fewer than {MIN_PAIRS} no difference can be told from chance. Next: "
            "run it again and log your pain every day, the first day of each block included."
        )
    else:
        text = (
            f"Can't tell whether {question.outcome_words} differs between {a.days} and "
            f"{b.days}: anywhere {_range_words(result.ci_low, result.ci_high)} "
            f"({level}; {test}; {counts}). That is an honest answer: any difference is small "
            f"against your day-to-day ups and downs. {_more_pairs(result.pairs_planned)}"
        )
    return f"{text} {kept} {EXPECTATION}"


def _adherence(result: ExperimentResult) -> str:
    question = result.question
    parts = []
    for kept, condition in zip(result.adherence, (question.a, question.b), strict=True):
        part = f"{kept.followed} of {kept.days:,} {condition.days}"
        if kept.not_recorded:
            part += f" ({kept.not_recorded} not recorded)"
        parts.append(part)
    return (
        f"You followed the assignment on {parts[0]} and {parts[1]}. Days not followed still "
        "count as assigned, so the difference is that of planning each condition, which is "
        "smaller than that of always keeping to it."
    )


def _more_pairs(planned: int) -> str:
    most = MAX_WEEKS * 7 // (2 * MIN_BLOCK_DAYS)
    if planned < most:
        return (
            f"Next: {MAX_WEEKS} weeks of {MIN_BLOCK_DAYS}-day blocks give {most} pairs to "
            f"compare instead of {planned}."
        )
    return "Next: a second run would give more pairs to compare."


def _left_out(count: int) -> str:
    if not count:
        return ""
    return f", {count} left out for pain not logged in one of its blocks"


def _share(p: float) -> str:
    if p < 0.01:
        return "fewer than 1%"
    return f"{p:.0%}"


def _number(value: float) -> str:
    return words.one_decimal(value)


def _days(count: int) -> str:
    return words.count(count, "day")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _amount(value: float) -> str:
    # A bound just off zero is not written as "0.0": that would read as no difference.
    return "less than 0.1" if 0 < abs(value) < 0.05 else _number(abs(value))


def _range_words(low: float, high: float) -> str:
    """ "0.4 to 1.8 points lower" / "from 1.2 points lower to 0.6 higher"."""
    if math.isinf(low) or math.isinf(high):
        return "unbounded"
    if high < 0:
        return f"{_amount(high)} to {_amount(low)} points lower"
    if low > 0:
        return f"{_amount(low)} to {_amount(high)} points higher"
    return f"from {_amount(low)} points lower to {_amount(high)} higher"
