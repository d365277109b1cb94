"""Numbers in words the app shows: a count with its noun in the right number ("1 day",
"0 days", "2 days"), so no sentence says "1 exercises" or "1 days"; points to one decimal; a
date as every sentence writes it ("27 Nov 2026")."""

from __future__ import annotations

import datetime as dt


def noun(number: int, singular: str, plural: str | None = None) -> str:
    """The noun alone, in the number that goes with ``number``: "day" for 1, "days" otherwise
    (0 too). ``plural`` for nouns that do not just take an s ("entries")."""
    return singular if number == 1 else (plural or f"{singular}s")


def count(number: int, singular: str, plural: str | None = None) -> str:
    """``number`` and its noun: "1 day", "0 days", "2 days", "1,200 days"."""
    return f"{number:,} {noun(number, singular, plural)}"


def one_decimal(value: float) -> str:
    """A number of points to one decimal, never "-0.0" (a difference that rounds to nothing
    has no sign)."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def are(number: int) -> str:
    """The verb that goes with a count: "1 day is", "2 days are"."""
    return "is" if number == 1 else "are"


def day(value: dt.date) -> str:
    """A date as sentences, messages and the report write it: "27 Nov 2026"."""
    return f"{value.day} {value:%b %Y}"
