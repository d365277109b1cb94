"""A self-experiment in a real browser, on a phone: started from Today's link, its schedule
and .ics downloaded, today's assignment on Today; then, weeks later (a server living on the
planned end, on the same journal), finished from Today and its answer read."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar, Event
from playwright.sync_api import Page, expect

from lumbarlog import clock
from lumbarlog.domain import catalog, experiments
from lumbarlog.domain.experiment_calendar import day_uid
from lumbarlog.domain.experiment_log import FINISHED
from lumbarlog.domain.schema import Entry
from lumbarlog.journal.repository import CsvJournal
from tests.pinned_day import TODAY
from tests.support.fresh import printed_by_fresh_process

from .conftest import App, StartApp, screenshot, wait_for_app

QUESTION = "Do sitting breaks every 30 minutes lower my evening pain?"
READ_STATUS = (
    "import sys; from pathlib import Path\n"
    "from lumbarlog.journal.repository import CsvJournal\n"
    "print(CsvJournal(Path(sys.argv[1])).experiments().experiments[0].status, end='')"
)


def start_from_today(app: App, page: Page) -> None:
    page.goto(app.url)
    wait_for_app(page)
    page.get_by_role("link", name="Find out what helps you: a self-experiment").click()
    wait_for_app(page)
    expect(page.get_by_text('Be ready for "can\'t tell"')).to_be_visible()
    page.get_by_role("combobox", name="Question to test").click()
    page.keyboard.type("sitting breaks")  # the list is long for a phone: typing narrows it
    page.get_by_role("option", name=QUESTION).click()
    wait_for_app(page)
    weeks = page.get_by_role("spinbutton", name="Weeks")
    weeks.fill("4")
    weeks.press("Enter")
    wait_for_app(page)
    screenshot(page, "experiment-setup-phone")
    page.get_by_role("button", name="Start the experiment").click()
    wait_for_app(page)
    expect(page.get_by_text("Experiment started: the first day is")).to_be_visible()


def test_start_follow_and_finish_an_experiment_on_a_phone(
    app: App, phone_page: Page, own_app: StartApp
) -> None:
    start_from_today(app, phone_page)
    journal = CsvJournal(app.folder)
    running = journal.experiments().running()
    assert running is not None and running.design.weeks == 4
    question = experiments.question(catalog.load(), "sitting_breaks")
    first = running.schedule().days[0]
    expect(phone_page.get_by_text(question.condition(first.condition).today)).to_be_visible()
    expect(phone_page.get_by_role("heading", name=QUESTION)).to_be_visible()
    screenshot(phone_page, "experiment-running-phone")

    with phone_page.expect_download() as download:
        phone_page.get_by_role("button", name="Download the schedule for your calendar").click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    events = [e for e in calendar.walk("VEVENT") if isinstance(e, Event)]
    journal_id = app.folder.as_posix()
    assert [str(e["UID"]) for e in events] == [
        day_uid(running, d.date, journal_id) for d in running.schedule().days
    ]
    assert str(events[0]["SUMMARY"]).startswith("Experiment day 1 of 28: ")

    # Today shows today's assignment.
    phone_page.get_by_role("link", name="Today").click()
    wait_for_app(phone_page)
    card = phone_page.locator(".st-key-experiment_today")
    expect(card).to_contain_text("Your experiment: day 1 of 28")
    expect(card).to_contain_text(question.condition(first.condition).today)

    # Four weeks of days logged as a person would (breaks listed on the days that ask for
    # them), then the app opened on the planned end.
    for day in running.schedule().days:
        breaks = day.condition == experiments.A
        listed = question.routine_exercises if breaks else ()
        journal.save(Entry(day.date, 3 if breaks else 5, 6.0, listed))
    end = running.design.planned_end
    with own_app(env={clock.TODAY_ENV: end.isoformat()}, folder=app.folder) as later:
        phone_page.goto(later.url)
        wait_for_app(phone_page)
        phone_page.get_by_role("link", name="Finish and read the answer").click()
        wait_for_app(phone_page)
        phone_page.get_by_role("button", name="Finish and read the answer").click()
        wait_for_app(phone_page)
        expect(phone_page.get_by_text("The experiment is finished")).to_be_visible()
        answer = phone_page.get_by_text("Pain that evening was about 2.0 points lower")
        expect(answer).to_be_visible()
        expect(phone_page.get_by_text("What this cannot rule out", exact=False)).to_be_visible()
        screenshot(phone_page, "experiment-answer-phone")
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width == 390
    assert printed_by_fresh_process(READ_STATUS, app.folder) == FINISHED


def test_the_experiment_page_at_desktop_width(app: App, page: Page) -> None:
    start_from_today(app, page)
    expect(page.get_by_text("The schedule", exact=True)).to_be_visible()
    screenshot(page, "experiment-running-desktop")
    assert page.evaluate("document.documentElement.scrollWidth") == 1280
    assert CsvJournal(app.folder).experiments().experiments[0].design.start == TODAY
