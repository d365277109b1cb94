"""Login when Lumbar Log runs for many people (a database configured), in Chromium against a
real OpenID Connect provider (oidc-provider-mock): no page opens before login, whatever the
address; a provider that is down or a login that is not set up is said in words, with no data
shown."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.oidc import (
    dead_provider,
    metadata_naming_another_issuer,
    mock_provider,
    secrets_file,
)
from tests.support.server import Server, free_port, streamlit_server

from .conftest import PAGE_LINKS, REPO, SERVER_ENV, wait_for_app

# Never reached before login: every page stops at the login screen first.
UNUSED_DATABASE = "postgresql+psycopg://nobody@127.0.0.1:9/none"

StartService = Callable[..., AbstractContextManager[Server]]


@pytest.fixture
def service(tmp_path: Path) -> Iterator[StartService]:
    """``with service(issuer) as server``: the app as a service (a database configured),
    logging in with ``issuer`` (None: no [auth] section)."""

    @contextmanager
    def start(issuer: str | None, metadata_url: str | None = None) -> Iterator[Server]:
        port = free_port()
        secrets = secrets_file(tmp_path, app_port=port, issuer=issuer, metadata_url=metadata_url)
        folder = tmp_path / "journal"
        folder.mkdir(exist_ok=True)
        with streamlit_server(
            REPO / "serve.py",
            REPO,
            folder,
            tmp_path / "streamlit.log",
            {**SERVER_ENV, "LUMBARLOG_DATABASE_URL": UNUSED_DATABASE},
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
