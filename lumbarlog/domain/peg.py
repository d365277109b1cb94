"""PEG-3: pain, enjoyment of life and general activity over the past week, each 0-10.

Source: Krebs EE, Lorenz KA, Bair MJ, et al. Development and initial validation of the PEG, a
three-item scale assessing pain intensity and interference. J Gen Intern Med 2009;24(6):733-738
(doi:10.1007/s11606-009-0981-1). The three questions and the words at the ends of their scales
are those of the paper's Figure 1; the score is the mean of the three answers (0-10). The PEG
is free to use.

Meaningful change: 1 point of the score, either way. Krebs et al. 2009 show that the PEG
separates people whose pain improved from those whose pain did not; the size of a change that
matters comes from Reed DE, Stump TE, Monahan PO, Kroenke K. Comparable minimally important
differences and responsiveness of Brief Pain Inventory and PEG pain scales across six trials.
J Pain 2024;25(1):142-152 (doi:10.1016/j.jpain.2023.07.028): over 1,710 people, the PEG's
minimally important difference was mostly 1.0-1.75 points by people's own "a little better",
and 0.78-1.22 points as one standard error of measurement. The app uses 1 point rather than
30%: 30% (Farrar et al. 2001) was found for a single pain-intensity rating, not the PEG, and on
a low score it is smaller than the PEG's measurement error (30% of 2 is 0.6 points), so a
weekly check would call everyday noise a meaningful change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

INSTRUMENT = "peg"
NAME = "PEG"
ITEM_MIN, ITEM_MAX = 0, 10

# The smallest change of the score, either way, that the app calls meaningful (see above).
MEANINGFUL_CHANGE_POINTS = 1.0

SOURCE = (
    "PEG: Krebs EE et al. J Gen Intern Med 2009;24(6):733-738. Free to use. Meaningful change "
    "(1 point): Reed DE et al. J Pain 2024;25(1):142-152."
)


@dataclass(frozen=True)
class Question:
    """One PEG question and the words at the two ends of its 0-10 scale."""

    text: str
    low: str
    high: str


# Krebs et al. 2009, Figure 1, word for word.
QUESTIONS: tuple[Question, ...] = (
    Question(
        "What number best describes your pain on average in the past week?",
        "No pain",
        "Pain as bad as you can imagine",
    ),
    Question(
        "What number best describes how, during the past week, pain has interfered with your "
        "enjoyment of life?",
        "Does not interfere",
        "Completely interferes",
    ),
    Question(
        "What number best describes how, during the past week, pain has interfered with your "
        "general activity?",
        "Does not interfere",
        "Completely interferes",
    ),
)

ITEMS = len(QUESTIONS)

# Short names of the questions, for labels, messages and tables.
ITEM_NAMES: tuple[str, ...] = ("Pain", "Enjoyment of life", "General activity")


def score(items: Sequence[int]) -> float:
    """The PEG score: the mean of the three answers (each a whole number 0-10), 0-10.
    Raises ValueError for anything else (the journal checks answers before they get here)."""
    if len(items) != ITEMS:
        raise ValueError(f"the PEG has {ITEMS} items, not {len(items)}")
    for item in items:
        if isinstance(item, bool) or not isinstance(item, int):
            raise ValueError(f"{item!r} is not a whole number")
        if not ITEM_MIN <= item <= ITEM_MAX:
            raise ValueError(f"{item} is outside {ITEM_MIN}-{ITEM_MAX}")
    return sum(items) / ITEMS


def change(before: float, after: float) -> float:
    """How much the score moved (negative: less pain and interference), to two decimals so that
    thirds of a point compare exactly (4.33 - 3.33 is a change of 1)."""
    return round(after - before, 2)


def meaningful_change(before: float, after: float) -> bool:
    """Whether the score moved by at least MEANINGFUL_CHANGE_POINTS, better or worse."""
    return abs(change(before, after)) >= MEANINGFUL_CHANGE_POINTS


def describe_change(before: float, after: float) -> str:
    """The change in words: "down 1.3 points from 5.7; meaningful change: yes"."""
    moved = change(before, after)
    if moved == 0:
        direction = f"the same as before ({before:.1f})"
    else:
        way = "down" if moved < 0 else "up"
        direction = f"{way} {abs(moved):.1f} points from {before:.1f}"
    return f"{direction}; meaningful change: {'yes' if meaningful_change(before, after) else 'no'}"
