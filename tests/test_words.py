"""Counts in words: a number and its noun agree for every number ("1 day", "0 days",
"2 days"), and the pages say so, with one logged day as with many."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from lumbarlog.analysis import sentences
from lumbarlog.domain import schema, words
from lumbarlog.journal.days import save_entry
from tests.pinned_day import TODAY

from .test_pages import open_page

NOUNS = {"day": "days", "exercise": "exercises", "row": "rows", "entry": "entries"}
# A one followed by a plural noun, or a count other than one followed by a singular one.
WRONG = re.compile(
    r"(?<![\d.,])1 (more )?(days|exercises|rows|sessions|characters|entries|lines|weeks)\b"
    r"|(?<![\d.])(?:0|[2-9]|\d{2,}) (more )?(day|exercise|row|session|character|line|week)\b"
    r"(?![-\w])"
)


@given(st.integers(min_value=0, max_value=10**7), st.sampled_from(sorted(NOUNS)))
def test_a_count_and_its_noun_agree_for_every_number(number: int, singular: str) -> None:
    plural = NOUNS[singular]
    phrase = words.count(number, singular, plural)
    shown_number, noun = phrase.split(" ", 1)
    assert int(shown_number.replace(",", "")) == number
    assert noun == (singular if number == 1 else plural)
    assert not WRONG.search(phrase)
    assert f"{words.are(number)}" == ("is" if number == 1 else "are")


@given(st.integers(min_value=0, max_value=10_000))
def test_the_trends_sentences_count_days_in_the_right_number(number: int) -> None:
    for phrase in (sentences._days(number), sentences._more_days(number)):
        assert not WRONG.search(phrase), phrase
        assert phrase.endswith("day" if number == 1 else "days")


def page_text(app: AppTest) -> str:
    parts: list[str] = []
    for kind in ("markdown", "caption", "info", "success", "warning", "error", "metric"):
        for element in getattr(app, kind):
            parts.append(str(getattr(element, "value", "")))
            parts.append(str(getattr(element, "label", "")))
    for button in app.button:
        parts.append(str(button.label))
    return "\n".join(parts)


def test_one_logged_day_is_said_as_one_day_on_today_and_log(journal_dir: Path) -> None:
    save_entry(journal_dir, schema.Entry(TODAY - dt.timedelta(days=1), 4, 2.0, (), ""))
    for page in ("app_pages/today.py", "app_pages/log.py"):
        app = open_page(page)
        assert not app.exception
        text = page_text(app)
        assert not WRONG.search(text), WRONG.search(text)
    assert "1 of 1 logged day." in text


def test_the_pain_field_is_plain_on_today_and_on_a_past_date(journal_dir: Path) -> None:
    today = open_page("app_pages/today.py")
    assert today.select_slider(key="today_pain").label == "Pain (0-10)"
    log = open_page("app_pages/log.py")
    log.date_input(key="log_date").set_value(TODAY - dt.timedelta(days=3)).run()
    assert log.select_slider(key="log_pain").label == "Pain (0-10)"
    labels = [s.label for s in (*today.select_slider, *log.select_slider)]
    labels += [m.label for m in (*today.metric, *log.metric)]
    assert not [label for label in labels if "today" in label.lower() and "Pain" in label]


@given(st.floats(min_value=-100, max_value=100, allow_nan=False))
def test_points_to_one_decimal_never_carry_a_sign_on_zero(value: float) -> None:
    assert words.one_decimal(value) == ("0.0" if f"{value:.1f}" == "-0.0" else f"{value:.1f}")
    assert words.one_decimal(-0.04) == "0.0" and words.one_decimal(-0.06) == "-0.1"


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_a_date_is_written_as_day_month_year_without_a_leading_zero(value: dt.date) -> None:
    number, month, year = words.day(value).split(" ")
    assert (int(number), month, int(year)) == (value.day, f"{value:%b}", value.year)
    assert not number.startswith("0")
    assert words.day(dt.date(2026, 11, 7)) == "7 Nov 2026"
