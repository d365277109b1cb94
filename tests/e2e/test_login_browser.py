"""Login when Lumbar Log runs for many people (a database configured), in Chromium against a
real OpenID Connect provider (oidc-provider-mock): no page opens before login, whatever the
address; a provider that is down or a login that is not set up is said in words, with no data
shown."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from lumbarlog.journal.postgres.database import Database
from lumbarlog.journal.postgres.journal import PgJournal
from lumbarlog.journal.postgres.tables import PERSON_TABLES, journals
from lumbarlog.ui.session import service_person
from tests.pinned_day import TODAY
from tests.support.oidc import (
    dead_provider,
    log_in,
    metadata_naming_another_issuer,
    mock_provider,
    secrets_file,
)
from tests.support.postgres import APP, Cluster
from tests.support.server import Server, free_port, streamlit_server

from .conftest import DESKTOP, PAGE_LINKS, REPO, SERVER_ENV, wait_for_app

# Never reached before login: every page stops at the login screen first.
UNUSED_DATABASE = "postgresql+psycopg://nobody@127.0.0.1:9/none"

StartService = Callable[..., AbstractContextManager[Server]]


@pytest.fixture
def service(tmp_path: Path) -> Iterator[StartService]:
    """``with service(issuer) as server``: the app as a service (a database configured),
    logging in with ``issuer`` (None: no [auth] section)."""

    @contextmanager
    def start(
        issuer: str | None, metadata_url: str | None = None, database: str = UNUSED_DATABASE
    ) -> Iterator[Server]:
        port = free_port()
        secrets = secrets_file(tmp_path, app_port=port, issuer=issuer, metadata_url=metadata_url)
        folder = tmp_path / "journal"
        folder.mkdir(exist_ok=True)
        with streamlit_server(
            REPO / "serve.py",
            REPO,
            folder,
            tmp_path / "streamlit.log",
            {**SERVER_ENV, "LUMBARLOG_DATABASE_URL": database},
            port=port,
            args=("--secrets.files", str(secrets)),
        ) as server:
            yield server

    yield start


def assert_nothing_of_a_journal(page: Page) -> None:
    expect(page.locator(PAGE_LINKS)).to_have_count(0)
    expect(page.get_by_role("heading", name="Log your day")).to_have_count(0)
    expect(page.get_by_text("Your journal:")).to_have_count(0)


def test_a_provider_that_is_down_is_named_and_no_page_opens(
    service: StartService, page: Page
) -> None:
    issuer = dead_provider()
    with service(issuer) as server:
        for path in ("", "log", "trends", "report"):
            page.goto(f"{server.url}/{path}")
            wait_for_app(page)
            expect(page.get_by_role("heading", name="Lumbar Log")).to_be_visible()
            expect(
                page.get_by_text(f"The login service at {issuer.removeprefix('http://')} cannot")
            ).to_be_visible()
            expect(page.get_by_role("button", name="Log in")).to_have_count(0)
            assert_nothing_of_a_journal(page)


def test_a_service_without_login_set_up_says_so(service: StartService, page: Page) -> None:
    with service(None) as server:
        page.goto(server.url)
        wait_for_app(page)
        expect(page.get_by_text("Login is not set up on this server")).to_be_visible()
        assert_nothing_of_a_journal(page)


def test_an_id_token_from_an_unknown_issuer_is_refused(service: StartService, page: Page) -> None:
    """The provider signs its tokens as itself, while the configuration the app trusts names
    another issuer: the app refuses the token and the person stays logged out."""
    with (
        mock_provider() as issuer,
        metadata_naming_another_issuer(issuer) as metadata,
        service(issuer, metadata) as server,
    ):
        page.goto(server.url)
        wait_for_app(page)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{issuer}/**")
        page.locator('input[name="sub"]').fill("mallory")
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_url(f"{server.url}/**")
        wait_for_app(page)
        expect(page.get_by_role("button", name="Log in")).to_be_visible()
        assert_nothing_of_a_journal(page)
        assert "InvalidClaimError" in server.log_path.read_text(encoding="utf-8")


def test_two_people_log_in_and_each_sees_only_their_own_journal(
    service: StartService, browser: Browser, postgres: Cluster, journal_database: Database
) -> None:
    people = {"alice-login": 2, "bob@example.org": 7}
    with (
        mock_provider() as issuer,
        service(issuer, database=postgres.url(APP, "journals")) as server,
    ):
        for who, pain in people.items():
            page = browser.new_context(viewport=DESKTOP).new_page()
            log_in(page, server.url, issuer, who)
            # The first login made an empty journal: Today offers the day's form.
            # The id is shown as written (a word joiner, U+2060, keeps an e-mail address from
            # being made into a link).
            account = page.get_by_test_id("stSidebar").get_by_text("Logged in as")
            expect(account).to_be_visible()
            assert account.inner_text().replace("\u2060", "") == f"Logged in as {who}"
            expect(page.get_by_test_id("stSidebar").locator("a")).to_have_count(0)
            slider = page.get_by_role("slider", name="Pain (0-10)")
            slider.focus()
            slider.press("Home")  # "Not set"; each ArrowRight one point more
            for _ in range(pain + 1):
                slider.press("ArrowRight")
            page.get_by_role("button", name="Save", exact=True).click()
            expect(page.get_by_text("Saved today", exact=False).first).to_be_visible()
            if who == "alice-login":  # a self-experiment, kept in the database as hers alone
                page.get_by_role("link", name="Find out what helps you").click()
                wait_for_app(page)
                page.get_by_role("button", name="Start the experiment").click()
                expect(page.get_by_text("Experiment started: the first day is")).to_be_visible()
            else:
                expect(page.get_by_role("link", name="Find out what helps you")).to_be_visible()
                expect(page.locator(".st-key-experiment_today")).to_have_count(0)
            page.context.close()
        for who in people:
            page = browser.new_context(viewport=DESKTOP).new_page()
            log_in(page, server.url, issuer, who)
            page.locator(PAGE_LINKS).get_by_role("link", name="Log").click()
            wait_for_app(page)
            expect(page.get_by_text(re.compile(r"1 of 1 logged day"))).to_be_visible()
            page.get_by_role("button", name="Log out").click()
            # The provider ends its session too, then sends the browser back to the app.
            page.wait_for_url(f"{issuer}/**")
            page.get_by_role("button", name="End session").click()
            page.wait_for_url(f"{server.url}/**")
            wait_for_app(page)
            expect(page.get_by_role("button", name="Log in")).to_be_visible()
            assert_nothing_of_a_journal(page)
            page.context.close()
    # In the database, each person holds exactly their own day (and Alice her experiment).
    for who, pain in people.items():
        journal = PgJournal(journal_database, service_person(who))
        days = journal.entries().frame
        assert [(d.date(), int(p)) for d, p in zip(days["date"], days["pain"], strict=True)] == [
            (TODAY, pain)
        ]
        assert len(journal.experiments().experiments) == (who == "alice-login")


def test_delete_my_data_asks_then_leaves_no_row(
    service: StartService, browser: Browser, postgres: Cluster, journal_database: Database
) -> None:
    who = "carol-deletes"
    database = postgres.url(APP, "journals")
    with mock_provider() as issuer, service(issuer, database=database) as server:
        page = browser.new_context(viewport=DESKTOP).new_page()
        log_in(page, server.url, issuer, who)
        page.get_by_role("button", name="Try the demo").first.click()
        wait_for_app(page)
        page.get_by_role("button", name="Back to my journal").first.click()
        wait_for_app(page)
        slider = page.get_by_role("slider", name="Pain (0-10)")
        slider.focus()
        slider.press("Home")
        slider.press("ArrowRight")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_text("Saved today", exact=False).first).to_be_visible()
        assert len(PgJournal(journal_database, service_person(who)).entries().frame) == 1
        # The demo is a journal of its own beside the person's.
        assert (
            len(PgJournal(journal_database, service_person(who, demo=True)).entries().frame) > 100
        )

        page.locator(PAGE_LINKS).get_by_role("link", name="Log").click()
        wait_for_app(page)
        page.get_by_role("button", name="Delete my data…").click()
        wait_for_app(page)
        page.get_by_label("Type DELETE to confirm").fill("delete")
        page.get_by_label("Type DELETE to confirm").press("Enter")
        wait_for_app(page)
        page.get_by_role("button", name="Delete everything").click()
        expect(page.get_by_text("Type DELETE to confirm: nothing was deleted.")).to_be_visible()
        assert len(PgJournal(journal_database, service_person(who)).entries().frame) == 1
        page.get_by_label("Type DELETE to confirm").fill("DELETE")
        page.get_by_label("Type DELETE to confirm").press("Enter")
        wait_for_app(page)
        page.get_by_role("button", name="Delete everything").click()
        expect(page.get_by_text("Deleted your data", exact=False)).to_be_visible()
    # No day, session, answer, plan or earlier version of the person is left (the app then
    # opens an empty journal for them again); their demo is theirs to delete on its own.
    with journal_database.transaction(service_person(who)) as connection:
        left = {
            table.name: connection.execute(
                select(func.count()).select_from(table).where(table.c.person == service_person(who))
            ).scalar()
            for table in PERSON_TABLES
            if table is not journals
        }
    assert set(left.values()) == {0}, left


def test_a_database_that_cannot_be_reached_is_said_after_login(
    service: StartService, page: Page
) -> None:
    """The database is down (nothing listens where it should be): after logging in, every
    page says so in words and shows nothing of a journal; nothing is written."""
    with mock_provider() as issuer, service(issuer) as server:  # UNUSED_DATABASE: no server
        log_in(page, server.url, issuer, "dave-offline")
        for path in ("", "log", "trends"):
            page.goto(f"{server.url}/{path}")
            wait_for_app(page)
            expect(page.get_by_text("The journal's database cannot be reached")).to_be_visible()
            expect(page.get_by_role("button", name="Try again")).to_be_visible()
            expect(page.locator('[data-testid="stException"]')).to_have_count(0)
            expect(page.get_by_role("slider", name="Pain (0-10)")).to_have_count(0)
