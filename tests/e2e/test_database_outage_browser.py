"""The service's database going away while a person uses the app, in Chromium: the app as a
service (PostgreSQL, login through oidc-provider-mock) on a cluster of the test's own, which
the test stops and starts again. The person is told in words that nothing was saved and why,
loses nothing they typed, sees no one's data, and carries on once the database is back,
without the app server being restarted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from lumbarlog.domain import schema
from lumbarlog.domain.measures import Measure
from lumbarlog.domain.schema import Entry, Session
from lumbarlog.journal.postgres import migrate
from lumbarlog.journal.postgres.database import Database
from lumbarlog.journal.postgres.journal import PgJournal
from lumbarlog.ui.session import service_person
from tests.pinned_day import TODAY
from tests.support.oidc import log_in, mock_provider, secrets_file
from tests.support.postgres import APP, Cluster, PostgresMissing, postgres_cluster
from tests.support.server import free_port, streamlit_server

from .conftest import PHONE, REPO, SERVER_ENV, screenshot, wait_for_app

# A save reruns the whole page; on a busy machine that can take longer than the default 5 s.
expect.set_options(timeout=15_000)

UNREACHABLE = (
    "The journal's database cannot be reached just now, so nothing was read or saved. Try "
    "again in a moment."
)
NOT_SAVED = (
    "Nothing was saved: the journal's database cannot be reached just now. What you typed is "
    "still in the form: press Save again in a moment."
)
# Another person's day, in the same database: never to be seen by anyone else.
SOMEONE_ELSE, THEIR_NOTE = "someone-else", "their private note about the physio"


@dataclass(frozen=True)
class Service:
    url: str
    issuer: str
    cluster: Cluster
    log: Path


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    """One app server as a service on a PostgreSQL cluster of this test's own (the test
    stops it), logging in through the mock provider; another person's day already saved."""
    try:
        with postgres_cluster() as cluster:
            migrate.upgrade(cluster.create_database("journals"))
            with as_app(cluster) as database:
                other = PgJournal(database, service_person(SOMEONE_ELSE))
                other.create()
                other.save(Entry(TODAY, 9, 11.0, (), THEIR_NOTE))
            port = free_port()
            with mock_provider() as issuer:
                secrets = secrets_file(tmp_path, app_port=port, issuer=issuer)
                folder = tmp_path / "unused"
                folder.mkdir()
                with streamlit_server(
                    REPO / "serve.py",
                    REPO,
                    folder,
                    tmp_path / "streamlit.log",
                    {**SERVER_ENV, "LUMBARLOG_DATABASE_URL": cluster.url(APP, "journals")},
                    port=port,
                    args=("--secrets.files", str(secrets)),
                ) as server:
                    yield Service(server.url, issuer, cluster, server.log_path)
    except PostgresMissing as missing:
        pytest.fail(str(missing), pytrace=False)


@contextmanager
def as_app(cluster: Cluster) -> Iterator[Database]:
    """The journals database as the app's role, for the test's own reads and writes."""
    database = Database(cluster.url(APP, "journals"))
    try:
        yield database
    finally:
        database.dispose()


def person_rows(cluster: Cluster, who: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of ``who`` in each table but journals (whose revision counts writes), as
    the superuser sees them."""
    with cluster.connect("journals") as connection:
        return {
            table: connection.execute(
                f"SELECT * FROM {table} WHERE person = %s ORDER BY 1, 2, 3", (service_person(who),)
            ).fetchall()
            for table in ("entries", "sessions", "measures", "plans", "backups")
        }


def person_rows_when_back(cluster: Cluster, who: str) -> dict[str, list[tuple[object, ...]]]:
    cluster.start()
    return person_rows(cluster, who)


def pain_label(pain: int) -> str:
    words = schema.PAIN_SCALE_WORDS.get(pain)
    return f"{pain} – {words}" if words else str(pain)


def set_pain(page: Page, pain: int) -> None:
    slider = page.get_by_role("slider", name="Pain (0-10)")
    for _ in range(3):  # a rerun that redraws the form may swallow a key press: try again
        slider.focus()
        slider.press("Home")  # "Not set"; each ArrowRight one point more
        for _ in range(pain + 1):
            slider.press("ArrowRight")
        if slider.get_attribute("aria-valuetext") == pain_label(pain):
            break
    expect(slider).to_have_attribute("aria-valuetext", pain_label(pain))


def choose_date(page: Page, day: dt.date) -> None:
    """Type the date as a person does, then leave the field; again if a rerun of the page that
    was still under way took the keys (the form then still shows today)."""
    expect(page.get_by_text(f"{TODAY:%a %d %b %Y} is ", exact=False)).to_be_visible()
    chosen = page.get_by_text(f"{day:%a %d %b %Y} is ", exact=False)
    for _ in range(3):
        page.get_by_role("spinbutton", name="year, Date").click()
        page.keyboard.type(day.strftime("%Y%m%d"))
        page.get_by_role("heading", name="Log your day").click()
        try:
            expect(chosen).to_be_visible(timeout=5_000)
            break
        except AssertionError:
            wait_for_app(page)
    expect(chosen).to_be_visible()
    wait_for_app(page)


def assert_no_fault_and_no_one_elses_data(page: Page, service: Service) -> None:
    """No error of the program, nothing of the server's insides (where its database is), and
    nothing of another person's journal."""
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    body = page.locator("body").inner_text()
    for inside in ("Traceback", "psycopg", "sqlalchemy", "socket", str(service.cluster.folder)):
        assert inside not in body, inside
    assert THEIR_NOTE not in body


def assert_told_to_whoever_runs_it(service: Service) -> None:
    """The server's log says which database could not be reached, and why."""
    log = service.log.read_text(encoding="utf-8")
    told = [line for line in log.splitlines() if line.startswith("The journal's database ")]
    assert told, log
    assert f"+psycopg://{APP}@/journals?host=" in told[0]
    reason = told[0].split(" cannot be reached: ", 1)[1]
    assert f'on socket "{service.cluster.folder}/' in reason, reason


def save_while_the_database_is_down(page: Page, service: Service) -> None:
    """Stop the database, press Save, and see the page say so in words, at the top and under
    the form."""
    service.cluster.stop()
    page.get_by_role("button", name="Save", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text(UNREACHABLE, exact=True)).to_be_visible()
    expect(page.locator('[data-testid="stAlert"]').filter(has_text=NOT_SAVED)).to_be_visible()


def pictures(page: Page, name: str) -> None:
    """The page as it is now at 1280 px, then at 390 px wide (where Streamlit folds the
    sidebar away: the picture waits until it has slid out of sight)."""
    screenshot(page, f"{name}-desktop")
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    expect(sidebar).not_to_be_in_viewport()
    screenshot(page, f"{name}-phone")
    if size:
        page.set_viewport_size(size)


def test_a_save_while_the_database_is_down_keeps_the_form_and_saves_once_it_is_back(
    service: Service, page: Page
) -> None:
    who, day = "fiona-mid-save", TODAY - dt.timedelta(days=2)
    earlier = TODAY - dt.timedelta(days=5)
    with as_app(service.cluster) as database:
        mine = PgJournal(database, service_person(who))
        mine.create()
        mine.save(Entry(earlier, 3, 4.0, (), "before the outage"))
        start = dt.datetime.combine(earlier, dt.time(8, 0))
        mine.add_session(Session(start, start + dt.timedelta(minutes=5), "desk_break"))
        mine.save_measure(Measure(earlier, "peg", (5, 4, 6)))
    before = person_rows(service.cluster, who)

    log_in(page, service.url, service.issuer, who)
    page.goto(f"{service.url}/log")
    wait_for_app(page)
    choose_date(page, day)
    set_pain(page, 6)
    hours = page.get_by_role("spinbutton", name="Hours sitting")
    hours.fill("7.5")

    save_while_the_database_is_down(page, service)
    assert_no_fault_and_no_one_elses_data(page, service)
    assert_told_to_whoever_runs_it(service)
    # What the person typed is still in the form, for the day they chose.
    expect(page.get_by_text(f"{day:%a %d %b %Y} is not logged yet")).to_be_visible()
    expect(page.get_by_role("slider", name="Pain (0-10)")).to_have_attribute(
        "aria-valuetext", pain_label(6)
    )
    expect(hours).to_have_value("7.50")
    pictures(page, "database-down-mid-save")
    assert person_rows_when_back(service.cluster, who) == before

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(f"Saved {day:%a %d %b %Y}: pain 6, sitting 7.5 h")).to_be_visible()
    expect(page.get_by_text(UNREACHABLE, exact=True)).to_have_count(0)
    assert_no_fault_and_no_one_elses_data(page, service)

    after = person_rows(service.cluster, who)
    for table in ("sessions", "measures", "plans"):
        assert after[table] == before[table], table
    days = [(r[1], r[2], r[3], list(r[4]), r[5], r[7]) for r in after["entries"]]
    assert days == [
        (earlier, 3, 4.0, [], "before the outage", 1),
        (day, 6, 7.5, [], "", 1),
    ]


def test_a_database_down_at_login_is_said_and_try_again_opens_the_journal_once_back(
    service: Service, page: Page
) -> None:
    who = "gina-at-start"
    with as_app(service.cluster) as database:
        mine = PgJournal(database, service_person(who))
        mine.create()
        mine.save(Entry(TODAY - dt.timedelta(days=1), 4, None, (), "yesterday, before"))

    service.cluster.stop()
    log_in(page, service.url, service.issuer, who)
    for path in ("", "log"):
        if path:
            page.goto(f"{service.url}/{path}")
            wait_for_app(page)
        expect(page.get_by_text(UNREACHABLE, exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="Try again")).to_be_visible()
        expect(page.get_by_role("slider", name="Pain (0-10)")).to_have_count(0)
        expect(page.get_by_text("yesterday, before")).to_have_count(0)
        assert_no_fault_and_no_one_elses_data(page, service)
    assert_told_to_whoever_runs_it(service)
    pictures(page, "database-down-at-start")

    service.cluster.start()
    page.get_by_role("button", name="Try again").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Log your day")).to_be_visible()
    expect(page.get_by_text(UNREACHABLE, exact=True)).to_have_count(0)
    expect(page.get_by_role("slider", name="Pain (0-10)")).to_be_visible()
    expect(page.get_by_text("1 of 1 logged day", exact=False)).to_be_visible()
    assert_no_fault_and_no_one_elses_data(page, service)


def test_a_quick_log_on_today_while_the_database_is_down_is_kept_and_saved_once_back(
    service: Service, page: Page
) -> None:
    who = "hana-today"
    log_in(page, service.url, service.issuer, who)  # a first login: Today offers its form
    set_pain(page, 3)
    hours = page.get_by_role("spinbutton", name="Hours sitting")
    hours.fill("5")

    save_while_the_database_is_down(page, service)
    expect(page.get_by_role("slider", name="Pain (0-10)")).to_have_attribute(
        "aria-valuetext", pain_label(3)
    )
    expect(hours).to_have_value("5.00")
    assert_no_fault_and_no_one_elses_data(page, service)
    pictures(page, "database-down-today")
    assert person_rows_when_back(service.cluster, who)["entries"] == []

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved today: pain 3, sitting 5 h")).to_be_visible()
    expect(page.get_by_text(UNREACHABLE, exact=True)).to_have_count(0)
    expect(page.locator('[data-testid="stAlert"]').filter(has_text=NOT_SAVED)).to_have_count(0)
    assert_no_fault_and_no_one_elses_data(page, service)
    days = [
        (r[1], r[2], r[3], list(r[4]), r[5], r[7])
        for r in person_rows(service.cluster, who)["entries"]
    ]
    assert days == [(TODAY, 3, 5.0, [], "", 1)]
