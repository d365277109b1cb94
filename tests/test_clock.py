"""The app's clock (lumbarlog/clock.py): the computer's date unless a test pins one, and the pages
live on that day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lumbarlog import clock
from lumbarlog.journal.csv_files import load_entries

from .test_pages import open_page

ENV_TEXT = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)))


def test_unpinned_it_is_the_computers_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.TODAY_ENV, raising=False)
    before = dt.date.today()
    day, moment = clock.today(), clock.now()
    after = dt.date.today()
    assert day in {before, after}
    assert moment.date() in {before, after}


@given(st.dates())
def test_a_pinned_day_is_the_apps_today(day: dt.date) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(clock.TODAY_ENV, day.isoformat())
        assert clock.today() == day
        assert clock.now().date() == day


@given(ENV_TEXT)
def test_anything_but_a_real_yyyy_mm_dd_date_is_ignored(value: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(clock.TODAY_ENV, value)
        pinned = clock.pinned_day()
    assert pinned is None or pinned.isoformat() == value.strip()


@pytest.mark.parametrize(
    "value", ["", "tomorrow", "2026-02-30", "20260301", "2026-W09-7", "2026-3-1", "2026-03-01x"]
)
def test_a_value_that_is_not_a_date_leaves_the_real_day(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(clock.TODAY_ENV, value)
    before = dt.date.today()
    assert clock.today() in {before, dt.date.today()}


def test_the_pages_live_on_the_pinned_day(journal_dir: Path, monkeypatch: pytest.MonkeyPatch):
    day = dt.date(2024, 2, 29)  # long past, so never the computer's own today
    monkeypatch.setenv(clock.TODAY_ENV, day.isoformat())
    app = open_page("app_pages/today.py")
    assert app.caption[0].value == "Thursday 29 February 2024"
    app.select_slider(key="today_pain").set_value(4)
    app.button(key="FormSubmitter:today_form-Save").click().run()
    assert not app.exception
    assert load_entries(journal_dir)["date"].dt.date.tolist() == [day]
    assert open_page("app_pages/log.py").date_input(key="log_date").value == day
