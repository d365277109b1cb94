"""The plan's calendar file in a real browser (AppTest cannot download or clear a time field):
downloaded from the My plan tab and read back with icalendar; a cleared time takes the button
away and says why beside the field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar, Event
from playwright.sync_api import Page, expect

from lumbarlog import clock
from lumbarlog.domain.plan import make_plan
from lumbarlog.domain.plan_calendar import CHECK_IN_SUMMARY, routine_uid, zone_name
from lumbarlog.journal.plan_file import save_plan
from tests.pinned_day import TODAY

from .conftest import App, screenshot, wait_for_app

DOWNLOAD = "Download plan for your calendar (.ics)"
PLAN = {"morning_stretches": [0, 2, 4], "desk_break": [1]}


def open_plan_tab(app: App, page: Page) -> None:
    save_plan(app.folder, make_plan(PLAN), today=TODAY)
    page.goto(f"{app.url}/routines?tab=My+plan")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="In your calendar")).to_be_visible()


def test_download_the_plan_for_a_calendar_and_read_it_back(app: App, page: Page) -> None:
    open_plan_tab(app, page)
    page.get_by_text("Add a daily check-in").click()
    wait_for_app(page)
    expect(page.get_by_role("group", name="Time for the check-in")).to_be_visible()
    expect(
        page.get_by_text("Google Calendar and Outlook ignore reminders in imported files")
    ).to_be_visible()
    screenshot(page, "plan-calendar-desktop")
    before = sorted(p.name for p in app.folder.rglob("*"))
    with page.expect_download() as download:
        page.get_by_role("button", name=DOWNLOAD).click()
    assert download.value.suggested_filename == f"lumbarlog-plan-{TODAY.isoformat()}.ics"
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    events = [e for e in calendar.walk("VEVENT") if isinstance(e, Event)]
    routines = [e for e in events if str(e["SUMMARY"]) != CHECK_IN_SUMMARY]
    journal = app.folder.resolve().as_posix()
    assert sorted(str(e["UID"]) for e in routines) == sorted(
        routine_uid(rid, day, journal) for rid, days in PLAN.items() for day in days
    )
    for event in routines:
        assert event.start.time() == dt.time(18, 0)
        assert event.start.date() >= TODAY
    [check_in] = [e for e in events if str(e["SUMMARY"]) == CHECK_IN_SUMMARY]
    assert check_in.start.time() == dt.time(21, 0)
    # In the zone of the app's computer: named, with its VTIMEZONE, or written in UTC when the
    # zone is UTC itself or has no name the app can find.
    zone = clock.local_zone()
    name = zone_name(zone)
    tzids = {e["DTSTART"].params.get("TZID") for e in events}
    if name is not None and tzids == {name}:
        assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == [name]
    else:
        assert all(e["DTSTART"].to_ical().endswith(b"Z") for e in events)
        assert name is None or dt.datetime.now(zone).utcoffset() == dt.timedelta(0)
    # A download writes nothing into the journal.
    assert sorted(p.name for p in app.folder.rglob("*")) == before


def test_a_cleared_time_is_answered_beside_the_field_on_a_phone(app: App, phone_page: Page) -> None:
    open_plan_tab(app, phone_page)
    expect(phone_page.get_by_role("button", name=DOWNLOAD)).to_be_visible()
    screenshot(phone_page, "plan-calendar-phone")
    field = phone_page.get_by_test_id("stTimeInput").filter(has_text="Time for your routines")
    field.get_by_role("button", name="Clear time").click()
    expect(
        phone_page.get_by_text("Time for your routines: choose a time of day (for example 18:00)")
    ).to_be_visible()
    expect(phone_page.get_by_role("button", name=DOWNLOAD)).to_have_count(0)
    screenshot(phone_page, "plan-calendar-phone-time-cleared")
