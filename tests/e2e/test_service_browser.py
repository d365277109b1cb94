"""Lumbar Log as a service, as the README's "Run it for many people" starts it: two app servers
(scripts/serve-many) behind Caddy, the journals in PostgreSQL (the tests' own cluster), login
through an OpenID Connect provider (oidc-provider-mock). One person in two browsers, each kept
on a different server, saves two days at the same moment: both are kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from lumbarlog.journal.postgres.database import Database
from lumbarlog.journal.postgres.journal import PgJournal
from lumbarlog.ui.session import service_person
from tests.pinned_day import TODAY
from tests.support.many import serve_many
from tests.support.oidc import log_in, mock_provider, secrets_file
from tests.support.postgres import APP, Cluster
from tests.support.server import free_port

from .conftest import DESKTOP, SERVER_ENV, wait_for_app

SERVER_HEADER = "x-lumbarlog-server"


@pytest.fixture
def service(
    tmp_path: Path, postgres: Cluster, journal_database: Database
) -> Iterator[tuple[str, str]]:
    """serve-many with 2 servers on the tests' database, logging in with the mock provider:
    (the service's address, the provider's issuer)."""
    with mock_provider() as issuer:
        port = free_port()
        secrets = secrets_file(tmp_path, app_port=port, issuer=issuer)
        # The browser comes in through Caddy: the login returns there, not to one server.
        secrets.write_text(
            secrets.read_text(encoding="utf-8").replace("127.0.0.1", "localhost"),
            encoding="utf-8",
        )
        env = {
            **SERVER_ENV,
            "LUMBARLOG_DATABASE_URL": postgres.url(APP, "journals"),
            "LUMBARLOG_SECRETS": str(secrets),
            "LUMBARLOG_DATA_DIR": str(tmp_path / "unused"),
        }
        with serve_many(2, port, env, tmp_path / "serve-many.log") as url:
            yield url, issuer


def on_server(browser: Browser, url: str, upstream: str) -> tuple[Page, set[str]]:
    """A browser kept on one app server: Caddy's sticky cookie for it, set before the first
    request (its value is the HMAC-SHA256 of the server's address, with no secret)."""
    context = browser.new_context(viewport=DESKTOP)
    value = hmac.new(b"", upstream.encode(), hashlib.sha256).hexdigest()
    context.add_cookies([{"name": "lumbarlog_server", "value": value, "url": url}])
    page = context.new_page()
    seen: set[str] = set()
    page.on(
        "response",
        lambda r: seen.add(r.headers.get(SERVER_HEADER, "")) if r.url.startswith(url) else None,
    )
    return page, seen


def ready_to_save(page: Page, url: str, day: dt.date, pain: int) -> None:
    """The Log form for ``day`` with ``pain`` set, Save not yet pressed."""
    page.goto(f"{url}/log")
    wait_for_app(page)
    page.get_by_role("spinbutton", name="year, Date").click()
    page.keyboard.type(day.strftime("%Y%m%d"))
    page.get_by_role("heading", name="Log your day").click()
    # The form has taken the date (a busy machine may not have yet when the field is left).
    expect(page.get_by_text(f"{day:%a %d %b %Y} is ", exact=False)).to_be_visible()
    wait_for_app(page)
    slider = page.get_by_role("slider", name="Pain (0-10)")
    slider.focus()
    slider.press("Home")  # "Not set"; each ArrowRight one point more
    for _ in range(pain + 1):
        slider.press("ArrowRight")


def test_one_person_on_two_servers_saving_at_once_loses_nothing(
    service: tuple[str, str], browser: Browser, journal_database: Database
) -> None:
    url, issuer = service
    port = int(url.rsplit(":", 1)[1])
    who = "erin-two-servers"
    days = {TODAY: 3, TODAY - dt.timedelta(days=1): 6}
    pages = []
    for (day, pain), upstream in zip(
        days.items(), (f"127.0.0.1:{port + 1}", f"127.0.0.1:{port + 2}"), strict=True
    ):
        page, seen = on_server(browser, url, upstream)
        log_in(page, url, issuer, who)
        ready_to_save(page, url, day, pain)
        pages.append((page, seen, upstream))
    # Both presses at once: neither waits for the other's save.
    for page, _, _ in pages:
        page.get_by_role("button", name="Save", exact=True).click(no_wait_after=True)
    for (page, seen, upstream), day in zip(pages, days, strict=True):
        expect(page.get_by_text(f"Saved {day:%a %d %b %Y}: pain")).to_be_visible()
        assert seen == {upstream}, seen  # every answer came from its one server
    saved = PgJournal(journal_database, service_person(who)).entries().frame
    assert {d.date(): int(p) for d, p in zip(saved["date"], saved["pain"], strict=True)} == days
