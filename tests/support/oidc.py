"""A login provider for tests: oidc-provider-mock, a real OpenID Connect provider on a free
localhost port (its consent page takes any subject id and "Authorize"), and the secrets file
that points the app's ``st.login`` at it."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

# Authlib puts an "always show" filter for its deprecation warnings in front of every other at
# import; imported here, before any test, pytest's own filters (pyproject.toml) come first.
import authlib.deprecate  # noqa: F401
from playwright.sync_api import Page

from tests.support.server import free_port

# The app's run has finished (Streamlit's own state on the app's root element).
FINISHED = '[data-testid="stApp"][data-test-script-state="notRunning"]'


@contextmanager
def mock_provider() -> Iterator[str]:
    """The provider's issuer address, while it runs (in a thread of this process)."""
    import oidc_provider_mock  # imported when used: Authlib warns of its own old modules

    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


def dead_provider() -> str:
    """An issuer address where nothing listens: a login provider that is down."""
    return f"http://localhost:{free_port()}"


def secrets_file(
    folder: Path, *, app_port: int, issuer: str | None, metadata_url: str | None = None
) -> Path:
    """.streamlit/secrets.toml for an app on ``app_port`` logging in with ``issuer`` (none:
    login not set up), its configuration at ``metadata_url`` (default: the issuer's own)."""
    metadata_url = metadata_url or f"{issuer}/.well-known/openid-configuration"
    path = folder / "secrets.toml"
    auth = (
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        'cookie_secret = "only-for-tests-0123456789abcdef"\n'
        'client_id = "lumbarlog"\n'
        'client_secret = "only-for-tests"\n'
        f'server_metadata_url = "{metadata_url}"\n'
        if issuer
        else ""
    )
    path.write_text(auth, encoding="utf-8")
    return path


@contextmanager
def metadata_naming_another_issuer(issuer: str) -> Iterator[str]:
    """The provider's OpenID configuration served from another address with its ``issuer``
    changed: its id tokens then come from an issuer the app does not know. Yields the
    configuration's address, for ``server_metadata_url``."""
    with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration") as answer:
        metadata = json.load(answer)
    metadata["issuer"] = "http://unknown-issuer.example"
    body = json.dumps(metadata).encode("utf-8")

    class Metadata(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Metadata)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/.well-known/openid-configuration"
    finally:
        server.shutdown()
        server.server_close()


def log_in(page: Page, app_url: str, issuer: str, who: str) -> None:
    """Log in to the app at ``app_url`` through the mock provider as ``who`` (its subject id),
    and wait until the app has run its page."""
    page.goto(app_url)
    page.wait_for_selector(FINISHED)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{issuer}/**")
    page.locator('input[name="sub"]').fill(who)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app_url}/**")
    page.wait_for_selector(FINISHED)
