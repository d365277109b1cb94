"""The app's clock (lumbarlog/clock.py): the computer's date unless a test pins one, and the pages
live on that day."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

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


@pytest.fixture
def computer_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str | None], None]]:
    """Set the process's TZ (None: unset) as the computer would, and put it back after."""

    def set_zone(value: str | None) -> None:
        if value is None:
            monkeypatch.delenv("TZ", raising=False)
        else:
            monkeypatch.setenv("TZ", value)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("tz", "name"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        (":America/New_York", "America/New_York"),
        ("/usr/share/zoneinfo/Asia/Kolkata", "Asia/Kolkata"),
    ],
)
def test_the_zone_is_the_one_tz_names(
    computer_zone: Callable[[str | None], None], tz: str, name: str
) -> None:
    computer_zone(tz)
    zone = clock.local_zone()
    assert isinstance(zone, ZoneInfo) and zone.key == name


def test_a_zone_with_no_name_is_its_offset_alone(
    computer_zone: Callable[[str | None], None],
) -> None:
    computer_zone("XYZ-3")  # a POSIX rule: three hours east of UTC, no name, no DST
    assert clock.local_zone() == dt.timezone(dt.timedelta(hours=3))


def test_a_name_that_disagrees_with_the_computers_offset_is_not_trusted(
    computer_zone: Callable[[str | None], None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    computer_zone(None)
    offset = dt.datetime.now().astimezone().utcoffset()
    other = "Asia/Tokyo" if offset != dt.timedelta(hours=9) else "Etc/UTC"
    (tmp_path / "timezone").write_text(f"{other}\n")
    monkeypatch.setattr(clock, "ETC_TIMEZONE", tmp_path / "timezone")
    monkeypatch.setattr(clock, "ETC_LOCALTIME", tmp_path / "no-localtime")
    assert clock.local_zone() == dt.timezone(offset or dt.timedelta(0))


def test_without_tz_the_zone_is_named_by_the_system_files(
    computer_zone: Callable[[str | None], None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    computer_zone(None)
    # A key of the zone the computer is in now, whatever it is: Etc/GMT-9 is nine hours east.
    hours = int((dt.datetime.now().astimezone().utcoffset() or dt.timedelta(0)).total_seconds())
    key = f"Etc/GMT{-hours // 3600:+d}" if hours % 3600 == 0 else "Asia/Kolkata"
    target = tmp_path / "usr" / "share" / "zoneinfo" / key
    target.parent.mkdir(parents=True)
    target.write_bytes(b"")
    (tmp_path / "localtime").symlink_to(target)
    monkeypatch.setattr(clock, "ETC_TIMEZONE", tmp_path / "no-timezone")
    monkeypatch.setattr(clock, "ETC_LOCALTIME", tmp_path / "localtime")
    assert clock._zone_names() == [key]
    (tmp_path / "timezone").write_text("Europe/Lisbon\n")
    monkeypatch.setattr(clock, "ETC_TIMEZONE", tmp_path / "timezone")
    assert clock._zone_names() == ["Europe/Lisbon", key]
