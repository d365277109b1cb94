"""Which tips fit the person's recent data.

Tips live in data/catalog/tips.toml. Each names, in ``when``, one of the conditions below: a
plain Python function of the daily frame (analysis.daily.daily_series) and today's date. The TOML
only ever names a condition; nothing in it is evaluated, and a name that is not in
``CONDITIONS`` stops the load with an error naming the tip.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from lumbarlog.analysis import changes
from lumbarlog.analysis.results import PainTrend
from lumbarlog.domain import catalog
from lumbarlog.domain.catalog import CATALOG_DIR
from lumbarlog.domain.catalog_files import CatalogError
from lumbarlog.domain.exercises import SOURCES
from lumbarlog.domain.schema import EXERCISE_ID_PATTERN

TIPS_FILE = CATALOG_DIR / "tips.toml"

# Each topic's id (as tips.toml names it) and its title on the Learn page, in the page's order.
TOPICS: Mapping[str, str] = {
    "sitting": "Sitting",
    "breaks": "Breaks from sitting",
    "movement": "Moving more",
    "stretching": "How to stretch safely",
    "mornings": "Mornings",
    "core": "Core and strength",
    "hips": "Hips",
    "heat_ice": "Heat and ice",
    "weight": "Weight",
    "lifting": "Lifting",
    "travel": "Travel",
    "safety": "Staying safe",
}

# How recent "recently" is: older days say little about what fits today.
RECENT_CALENDAR_DAYS = 14
RECENT_LOGGED_DAYS = 7

HIGH_SITTING_HOURS = 6.0
MIN_SITTING_DAYS = 3

RISING_TREND_WINDOW_DAYS = 14
FLARE_RECENT_DAYS = 3  # a flare that ended within this many days still counts

MORNING_WORDS = re.compile(
    r"\b(?:mornings?|wak(?:e|es|ing)|woken?|awoke|getting up|got up|out of bed|first thing)\b",
    re.IGNORECASE,
)
MORNING_MENTIONS_NEEDED = 2

NO_EXERCISE_DAYS = 3

PERSISTENT_PAIN_WEEKS = 6
PERSISTENT_PAIN_LEVEL = 4.0
PERSISTENT_MIN_LOGGED_DAYS = 21

Condition = Callable[[pd.DataFrame, dt.date], bool]


class TipError(CatalogError):
    """tips.toml is not right; the message names the tip and the field."""


@dataclass(frozen=True)
class Tip:
    """One piece of advice, where it fits (``when``) and which routine goes with it."""

    id: str
    title: str
    text: str
    topic: str
    when: str
    source: str
    routine: str | None = None

    @property
    def reason(self) -> str:
        """Why the tip is shown, in the app's words ("" for general tips)."""
        return CONDITION_REASONS[self.when]


# --------------------------------------------------------------------------------------------
# Conditions
# --------------------------------------------------------------------------------------------


def _up_to(daily: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    return daily.loc[daily["date"] <= pd.Timestamp(today)]


def _recent_logged(daily: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The last RECENT_LOGGED_DAYS logged days within RECENT_CALENDAR_DAYS of today."""
    earliest = pd.Timestamp(today) - pd.Timedelta(days=RECENT_CALENDAR_DAYS - 1)
    return (
        _up_to(daily, today)
        .loc[lambda d: d["logged"] & (d["date"] >= earliest)]
        .tail(RECENT_LOGGED_DAYS)
    )


def always(daily: pd.DataFrame, today: dt.date) -> bool:
    """General advice that fits anyone."""
    return True


def high_sitting(daily: pd.DataFrame, today: dt.date) -> bool:
    """Mean sitting over the recent logged days is HIGH_SITTING_HOURS or more (needs
    MIN_SITTING_DAYS days with sitting recorded)."""
    sitting = _recent_logged(daily, today)["sitting_hours"].dropna()
    return bool(len(sitting) >= MIN_SITTING_DAYS and sitting.mean() >= HIGH_SITTING_HOURS)


def pain_rising_or_flare(daily: pd.DataFrame, today: dt.date) -> bool:
    """Pain rose over the last two weeks (the trend's interval is above zero), or a flare is
    going on or ended within FLARE_RECENT_DAYS."""
    known = _up_to(daily, today)
    if known.empty:
        return False
    window = known.loc[
        known["date"] > pd.Timestamp(today) - pd.Timedelta(days=RISING_TREND_WINDOW_DAYS)
    ]
    trend = changes.pain_trend(window, window_days=None)
    if isinstance(trend, PainTrend) and trend.direction == "rising":
        return True
    cutoff = today - dt.timedelta(days=FLARE_RECENT_DAYS)
    return any(flare.end >= cutoff for flare in changes.flares(known))


def morning_pain(daily: pd.DataFrame, today: dt.date) -> bool:
    """Notes of at least MORNING_MENTIONS_NEEDED recent logged days speak of mornings or waking.

    Needs a ``notes`` column, which ``fitting_tips`` adds when given the entries; the daily
    frame itself has none, and then this is False. Negations ("no morning pain") are not
    understood: a word match is a hint, and the tip it leads to is harmless.
    """
    if "notes" not in daily:
        return False
    notes = _recent_logged(daily, today)["notes"].fillna("").astype(str)
    return int(notes.str.contains(MORNING_WORDS).sum()) >= MORNING_MENTIONS_NEEDED


def no_recent_exercise(daily: pd.DataFrame, today: dt.date) -> bool:
    """No exercise recorded (journal or routine) on today and the NO_EXERCISE_DAYS - 1 days
    before, for someone whose journal goes back at least that far."""
    known = _up_to(daily, today)
    first_day = pd.Timestamp(today) - pd.Timedelta(days=NO_EXERCISE_DAYS - 1)
    if known.empty or known["date"].iloc[0] > first_day:
        return False
    recent = known.loc[known["date"] >= first_day, "exercised"]
    return not bool(recent.fillna(False).any())


def persistent_pain(daily: pd.DataFrame, today: dt.date) -> bool:
    """Over the last PERSISTENT_PAIN_WEEKS weeks, with at least PERSISTENT_MIN_LOGGED_DAYS
    days logged, the median pain is PERSISTENT_PAIN_LEVEL or more."""
    known = _up_to(daily, today)
    first_day = (
        pd.Timestamp(today) - pd.Timedelta(weeks=PERSISTENT_PAIN_WEEKS) + pd.Timedelta(days=1)
    )
    if known.empty or known["date"].iloc[0] > first_day:
        return False
    pain = known.loc[known["date"] >= first_day, "pain"].dropna()
    return bool(len(pain) >= PERSISTENT_MIN_LOGGED_DAYS and pain.median() >= PERSISTENT_PAIN_LEVEL)


# In order of relevance: tips for the first condition that holds come first. Safety first.
CONDITIONS: Mapping[str, Condition] = MappingProxyType(
    {
        "pain_rising_or_flare": pain_rising_or_flare,
        "persistent_pain": persistent_pain,
        "morning_pain": morning_pain,
        "high_sitting": high_sitting,
        "no_recent_exercise": no_recent_exercise,
        "always": always,
    }
)

CONDITION_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "pain_rising_or_flare": "Your pain has gone up recently.",
        "persistent_pain": (
            f"Your pain has stayed at {PERSISTENT_PAIN_LEVEL:g} or more for "
            f"{PERSISTENT_PAIN_WEEKS} weeks."
        ),
        "morning_pain": "Your notes mention mornings or waking up.",
        "high_sitting": (
            f"You sat {HIGH_SITTING_HOURS:g} hours or more a day on your recent logged days."
        ),
        "no_recent_exercise": f"No exercise is recorded in the last {NO_EXERCISE_DAYS} days.",
        "always": "",
    }
)


# --------------------------------------------------------------------------------------------
# Loading and choosing
# --------------------------------------------------------------------------------------------

_REQUIRED = ("id", "title", "text", "topic", "when", "source")
_ALLOWED = frozenset((*_REQUIRED, "routine"))


@cache
def load_tips(path: Path = TIPS_FILE) -> tuple[Tip, ...]:
    """Read and check the tips. Cached: the shipped file does not change while the app runs."""
    path = Path(path)
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    tips: list[Tip] = []
    seen: set[str] = set()
    for index, item in enumerate(data.get("tip", []), start=1):
        label = f"{path.name}: tip {item.get('id')!r}" if item.get("id") else f"tip #{index}"
        for key in _REQUIRED:
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise TipError(f"{label} has no {key}")
        unknown_keys = sorted(set(item) - _ALLOWED)
        if unknown_keys:
            raise TipError(f"{label} has unknown fields: {', '.join(unknown_keys)}")
        if not EXERCISE_ID_PATTERN.match(item["id"]):
            raise TipError(f"{label}: the id must be lower-case letters, digits, _ or -")
        if item["id"] in seen:
            raise TipError(f"{label} appears twice")
        if item["topic"] not in TOPICS:
            raise TipError(
                f"{label} has unknown topic {item['topic']!r}; use one of {tuple(TOPICS)}"
            )
        if item["when"] not in CONDITIONS:
            raise TipError(
                f"{label} has unknown condition {item['when']!r}; use one of {tuple(CONDITIONS)}"
            )
        if item["source"] not in SOURCES:
            raise TipError(f"{label} has unknown source {item['source']!r}; use one of {SOURCES}")
        routine = item.get("routine")
        if routine is not None and (
            not isinstance(routine, str) or not EXERCISE_ID_PATTERN.match(routine)
        ):
            raise TipError(f"{label}: routine must be a routine id")
        if routine is not None and routine not in catalog.routine_ids():
            raise TipError(f"{label}: routine {routine!r} is not in routines.toml")
        seen.add(item["id"])
        tips.append(
            Tip(
                id=item["id"],
                title=item["title"].strip(),
                text=" ".join(item["text"].split()),
                topic=item["topic"],
                when=item["when"],
                source=item["source"],
                routine=routine,
            )
        )
    return tuple(tips)


def conditions_met(
    daily: pd.DataFrame, today: dt.date, *, entries: pd.DataFrame | None = None
) -> frozenset[str]:
    """The names of the conditions that hold for this journal today."""
    frame = _with_notes(daily, entries)
    return frozenset(name for name, test in CONDITIONS.items() if test(frame, today))


def fitting_tips(
    daily: pd.DataFrame,
    today: dt.date,
    topic: str | None = None,
    *,
    entries: pd.DataFrame | None = None,
    tips: Sequence[Tip] | None = None,
) -> list[Tip]:
    """The tips whose condition holds, most relevant first, optionally of one topic.

    Tips for a specific condition come first, in the order of ``CONDITIONS``; general
    ("always") tips follow, in an order that turns by one each day so that a page showing only
    the first tip does not show the same general tip every day. ``entries`` (the journal's
    entries) lets the morning rule read the notes.
    """
    if topic is not None and topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}; use one of {tuple(TOPICS)}")
    chosen = [
        tip
        for tip in (load_tips() if tips is None else tips)
        if topic is None or tip.topic == topic
    ]
    met = conditions_met(daily, today, entries=entries)
    rank = {name: position for position, name in enumerate(CONDITIONS)}
    specific = sorted(
        (tip for tip in chosen if tip.when != "always" and tip.when in met),
        key=lambda tip: rank[tip.when],
    )
    general = [tip for tip in chosen if tip.when == "always"]
    turn = today.toordinal() % len(general) if general else 0
    return [*specific, *general[turn:], *general[:turn]]


def tips_about(topic: str, tips: Sequence[Tip] | None = None) -> list[Tip]:
    """Every tip of one topic, in file order (for the Learn page)."""
    return [tip for tip in (load_tips() if tips is None else tips) if tip.topic == topic]


def _with_notes(daily: pd.DataFrame, entries: pd.DataFrame | None) -> pd.DataFrame:
    if entries is None or "notes" not in entries or daily.empty:
        return daily
    dates = pd.to_datetime(entries["date"])
    # Only the notes of the days looked at: a long journal costs what a short one does.
    within = entries[(dates >= daily["date"].min()) & (dates <= daily["date"].max())]
    notes = (
        within.assign(date=lambda d: pd.to_datetime(d["date"]).dt.normalize())
        .drop_duplicates("date", keep="last")
        .set_index("date")["notes"]
    )
    return daily.assign(notes=daily["date"].map(notes).fillna("").astype(object))
