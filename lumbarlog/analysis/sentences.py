"""Every sentence the Trends page shows, made from the analysis's numbers, in one place.

``of(result)`` gives the words for any finding of lumbarlog/analysis/results.py. A sentence is
of one of three kinds: a clear association (with size, likely range, n and the likely other
explanation), "about the same" (the whole range within the band), or "can't tell yet" (the
range, and about how many more days would likely settle it). Numbers like p-values and test
names stay in "How is this computed?". Correlation is worded as association, never as cause.
"""

from __future__ import annotations

import math

from lumbarlog.analysis.results import (
    WHY_ALL_THE_SAME,
    WHY_FEW_DAYS,
    WHY_FEW_FOR_MODEL,
    WHY_FEW_IN_GROUPS,
    WHY_NO_EXERCISE,
    WHY_NO_PAIN,
    WHY_SHORT_BASELINE,
    ExerciseEffect,
    Flare,
    Link,
    MeaningfulChange,
    NotEnoughData,
    PainTrend,
    SessionEffect,
    SittingLinks,
)
from lumbarlog.analysis.rules import (
    ABOUT_THE_SAME,
    BASELINE_DAYS,
    CLEAR,
    FLARE_REFERENCE_DAYS,
    IMPROVED,
    MEANINGFUL_CHANGE_FRACTION,
    MEANINGFUL_CHANGE_POINTS,
    MIN_DAYS_PER_GROUP,
    MIN_LOGGED_IN_WINDOW,
    NO_MEANINGFUL_CHANGE,
    RECENT_DAYS,
    SITTING_SPAN_HOURS,
)
from lumbarlog.analysis.stats import group_shortfall
from lumbarlog.domain import words

NOT_CAUSE = "This shows what went together, not what causes what"

Finding = (
    PainTrend
    | Link
    | SittingLinks
    | ExerciseEffect
    | SessionEffect
    | MeaningfulChange
    | Flare
    | NotEnoughData
)


def of(result: Finding) -> str:
    """The sentence the page shows for ``result``."""
    if isinstance(result, NotEnoughData):
        return _not_enough(result)
    if isinstance(result, Link):
        return _exercise_link(result) if result.finding == "exercise" else _sitting_link(result)
    if isinstance(result, PainTrend):
        return _pain_trend(result)
    if isinstance(result, SittingLinks):
        return _sitting_links(result)
    if isinstance(result, ExerciseEffect):
        return _exercise_effect(result)
    if isinstance(result, SessionEffect):
        return _session_effect(result)
    if isinstance(result, MeaningfulChange):
        return _meaningful_change(result)
    return _flare(result)


def _not_enough(result: NotEnoughData) -> str:
    more = _more_days(result.more_needed)
    finding, why = result.finding, result.why
    if why == WHY_FEW_FOR_MODEL:
        return (
            f"Not enough data yet: log about {more}. With few days, the day's pain, "
            "the days before and slow drift leave too little to judge this by."
        )
    if why == WHY_NO_EXERCISE:
        return (
            "No exercise is recorded in this period, so days with and without it cannot be "
            "compared yet. Once you record exercise, logged days without any count as rest days."
        )
    if why == WHY_FEW_IN_GROUPS:
        return _not_enough_groups(result.n_with, result.n_without, with_what="exercise")
    if why == WHY_ALL_THE_SAME:
        return (
            f"Hours sitting were the same on all {_days(result.have)}, so there is nothing to "
            "compare yet."
        )
    if why == WHY_NO_PAIN:
        return (
            f"Not enough data yet: log {more} to compare your last two weeks with your first two."
        )
    if why == WHY_SHORT_BASELINE:
        return (
            f"The starting period you picked has {_days(result.have)} logged; pick one "
            f"with at least {MIN_LOGGED_IN_WINDOW} logged days."
        )
    if why != WHY_FEW_DAYS:
        raise ValueError(f"no sentence for {finding!r} without enough data because {why!r}")
    if finding == "pain_trend":
        return f"Not enough data yet: log {more} to see the trend over {result.window_days} days."
    if finding == "sitting_next_day":
        return f"Not enough data yet: log {more} with hours sitting, each followed by a logged day."
    if finding == "sitting_same_day":
        return f"Not enough data yet: log {more} with both pain and hours sitting."
    if finding == "session_effect":
        return f"Not enough data yet: give pain before and after a routine on {more}."
    if finding == "meaningful_change":
        return (
            f"Not enough data yet: log {more} to compare your last {RECENT_DAYS} days with "
            f"your starting point (your first {BASELINE_DAYS} days)."
        )
    raise ValueError(f"no sentence for {finding!r} without enough data because {why!r}")


def _pain_trend(trend: PainTrend) -> str:
    opening = f"Over the last {trend.window_days} days, pain"
    numbers = f"{trend.n} logged days, allowing for pain carrying over from day to day"
    if trend.direction == "rising":
        return (
            f"{opening} went up by about {_number(trend.points_per_week)} points a week "
            f"(likely range {_number(trend.ci_low)} to {_number(trend.ci_high)}; {numbers})."
        )
    if trend.direction == "falling":
        return (
            f"{opening} went down by about {_number(-trend.points_per_week)} points a week "
            f"(likely range {_number(-trend.ci_high)} to {_number(-trend.ci_low)}; {numbers})."
        )
    return (
        f"Over the last {trend.window_days} days there is no clear rise or fall: the ups and "
        "downs from day to day are larger than any trend so far, so the 7-day average on "
        "the chart is the best guide."
    )


def _sitting_links(links: SittingLinks) -> str:
    return f"{of(links.same_day)} {of(links.next_day)}"


def _exercise_effect(effect: ExerciseEffect) -> str:
    if not effect.enough:
        if min(effect.n_done, effect.n_not) >= MIN_DAYS_PER_GROUP:
            return (
                f"Not enough data yet: log about {_more_days(effect.more_needed)} to compare "
                f"{effect.name} with the other exercises, one by one."
            )
        return _not_enough_groups(effect.n_done, effect.n_not, with_what=effect.name)
    subject = f"after {effect.name}"
    prefix = ""
    if len(effect.together) > 1:
        prefix = (
            f"{_capital(effect.name)} were nearly always done together, so they cannot be "
            "told apart; taken together: "
        )
        subject = "after them"
    counts = f"{_days(effect.n_done)} with, {effect.n_not:,} without"
    allowing = (
        f"comparing {effect.tested} exercises at once and allowing for the other exercises "
        "and how much it hurt that day"
        if effect.tested > 1
        else "allowing for how much it hurt that day"
    )
    kind = effect.kind
    if kind == CLEAR:
        word = "lower" if effect.difference < 0 else "higher"
        text = (
            f"Pain the day {subject} was about {_number(abs(effect.difference))} points "
            f"{word} ({_range(effect.ci_low, effect.ci_high)}; {counts}; {allowing}). "
            f"{NOT_CAUSE}: {_exercise_reason(effect.difference)}"
        )
    elif kind == ABOUT_THE_SAME:
        text = (
            f"Pain the day {subject} was about the same as on other days "
            f"({_range(effect.ci_low, effect.ci_high)}; {counts})."
        )
    else:
        text = (
            f"Can't tell yet whether pain is different the day {subject}: anywhere "
            f"{_range(effect.ci_low, effect.ci_high, likely=False)} ({counts}). "
            f"{_settle(effect.settle_days)}"
        )
    return prefix + (text[0].lower() + text[1:] if prefix else text)


def _session_effect(session: SessionEffect) -> str:
    days = f"{_days(session.n)} with a rated routine"
    if session.sessions != session.n:
        days += f", {words.count(session.sessions, 'session')}"
    if abs(session.mean_change) < 0.05:
        what = "about the same as just before"
    else:
        word = "lower" if session.mean_change < 0 else "higher"
        what = f"on average {_number(abs(session.mean_change))} points {word} than just before"
    return (
        f"Right after a routine, the pain you rated was {what} ({days}). Ratings taken "
        "right after a session tend to be lower whatever the routine does: a session is "
        "often started when pain is at its worst, and expecting relief lowers the rating "
        "too. So this does not show whether the routine helps; your 7-day average over "
        "the following weeks is the better guide."
    )


def _meaningful_change(change: MeaningfulChange) -> str:
    recent = (
        f"Your average pain from {words.day(change.recent_start)} to "
        f"{words.day(change.recent_end)} was "
        f"{_number(change.recent_mean)} ({_days(change.recent_days)} logged)"
    )
    baseline = (
        f"your starting point, {_number(change.baseline_mean)} from "
        f"{words.day(change.baseline_start)} to {words.day(change.baseline_end)} "
        f"({_days(change.baseline_days)} logged)"
    )
    note = ""
    if change.began_in_flare and change.change < 0:
        note = (
            " Your diary began at a bad time: pain that starts high tends to settle back "
            "towards its usual level on its own, so part of this may be that."
        )
    if change.verdict == NO_MEANINGFUL_CHANGE:
        return (
            f"{recent}, against {baseline}: not a meaningful change. That needs at least "
            f"{MEANINGFUL_CHANGE_POINTS:g} points and {MEANINGFUL_CHANGE_FRACTION:.0%}, and "
            f"more than your own day-to-day ups and downs allow (here "
            f"{_number(change.detectable)} points).{note}"
        )
    size = f"{_number(abs(change.change))} points"
    if not math.isnan(change.percent_change):
        size += f" ({abs(change.percent_change):.0%})"
    word = "lower" if change.verdict == IMPROVED else "higher"
    label = "a meaningful improvement" if change.verdict == IMPROVED else "meaningfully worse"
    return (
        f"{recent}, {size} {word} than {baseline}: {label}, larger than your own "
        f"day-to-day ups and downs allow ({_number(change.detectable)} points).{note}"
    )


def _flare(flare: Flare) -> str:
    span = f"From {words.day(flare.start)} to {words.day(flare.end)}"
    if flare.ongoing:
        span = f"Since {words.day(flare.start)}"
    return (
        f"{span}, pain was at least {_number(flare.rise)} points above your usual level for "
        f"{_days(flare.days)} in a row (peak {_number(flare.peak_pain)}, usual level about "
        f"{_number(flare.usual_pain)}, the average of the {FLARE_REFERENCE_DAYS} days "
        "before). That is more than your usual ups and downs."
    )


def _not_enough_groups(n_with: int, n_without: int, *, with_what: str) -> str:
    """ "Not enough data yet: log 2 more days with exercise and 1 more without, ..." """
    short_with, short_without = group_shortfall(n_with), group_shortfall(n_without)
    if short_with and short_without:
        need = f"{_more_days(short_with)} with {with_what} and {short_without} more without"
    elif short_with:
        need = f"{_more_days(short_with)} with {with_what}"
    else:
        need = f"{_more_days(short_without)} without {with_what}"
    return f"Not enough data yet: log {need}, each followed by a logged day."


def _number(value: float) -> str:
    return words.one_decimal(value)


def _days(count: int) -> str:
    return words.count(count, "day")


def _more_days(count: int) -> str:
    return words.count(count, "more day", "more days")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _amount(value: float, per_hour: bool) -> str:
    # A bound just off zero is not written as "0.0": that would read as no difference.
    if 0 < abs(value) < (0.005 if per_hour else 0.05):
        return "less than 0.01" if per_hour else "less than 0.1"
    return f"{abs(value):.2f}" if per_hour else _number(abs(value))


def _range(low: float, high: float, *, per_hour: bool = False, likely: bool = True) -> str:
    """ "likely range 0.4 to 1.8 points lower" / "from 1.2 points lower to 0.6 higher"."""
    unit = "points an hour" if per_hour else "points"
    lead = "likely range " if likely else ""
    if high < 0:
        return f"{lead}{_amount(high, per_hour)} to {_amount(low, per_hour)} {unit} lower"
    if low > 0:
        return f"{lead}{_amount(low, per_hour)} to {_amount(high, per_hour)} {unit} higher"
    return f"{lead}from {_amount(low, per_hour)} {unit} lower to {_amount(high, per_hour)} higher"


def _settle(days: int | None) -> str:
    if days is None:
        return "It may take more than two years of logging to settle this."
    if days <= 0:
        return "A few more logged days may settle it."
    return f"About {_more_days(days)} logged would likely settle it."


def _exercise_reason(difference: float) -> str:
    if difference < 0:
        return (
            "other things that go with exercising, such as a good week, better sleep or less "
            "stress, may lower pain too."
        )
    return (
        "you may exercise more when something else is also going on, or push harder on days "
        "that later hurt for other reasons."
    )


def _exercise_link(link: Link) -> str:
    counts = f"{_days(link.n_with)} with exercise, {link.n_without:,} without"
    if link.kind == CLEAR:
        word = "lower" if link.estimate < 0 else "higher"
        return (
            f"Pain the day after exercise was about {_number(abs(link.estimate))} points "
            f"{word} than after rest days ({_range(link.ci_low, link.ci_high)}; {counts}; "
            f"allowing for how much it hurt that day). {NOT_CAUSE}: "
            f"{_exercise_reason(link.estimate)}"
        )
    if link.kind == ABOUT_THE_SAME:
        return (
            "Pain the day after exercise was about the same as after rest days "
            f"({_range(link.ci_low, link.ci_high)}; {counts})."
        )
    return (
        "Can't tell yet whether pain is different the day after exercise: anywhere "
        f"{_range(link.ci_low, link.ci_high, likely=False)} ({counts}). "
        f"{_settle(link.settle_days)}"
    )


def _sitting_link(link: Link) -> str:
    per_hour = True
    numbers = f"{_range(link.ci_low, link.ci_high, per_hour=per_hour)}; {_days(link.n)}"
    if link.finding == "sitting_next":
        subject = "pain the next day"
        allowing = "; allowing for how much it hurt that day"
        reason = "busy or stressful spells can bring both more sitting and more pain."
    else:
        subject = "pain the same day"
        allowing = ""
        reason = (
            "you may sit more when it hurts."
            if link.estimate > 0
            else "you may move about more, or lie down instead of sitting, when it hurts."
        )
    if link.kind == CLEAR:
        word = "higher" if link.estimate > 0 else "lower"
        return (
            f"Each extra hour of sitting went with {subject} about "
            f"{abs(link.estimate):.2f} points {word} ({numbers}{allowing}). "
            f"{NOT_CAUSE}: {reason}"
        )
    span = f"{SITTING_SPAN_HOURS:g} more hours"
    if link.kind == ABOUT_THE_SAME:
        return (
            f"Hours sitting made little difference to {subject}: even {span} of sitting went "
            f"with less than a point of difference ({numbers})."
        )
    return (
        f"Can't tell yet whether more sitting goes with more or less {subject}: anywhere "
        f"{_range(link.ci_low, link.ci_high, per_hour=per_hour, likely=False)} "
        f"({_days(link.n)}). {_settle(link.settle_days)}"
    )
