"""What the running app lets other addresses do, and what a page load asks of other addresses.

A web page on another site can make its own host name resolve to 127.0.0.1 (DNS rebinding);
the browser then sends that foreign name as Host and Origin. The app must refuse such a
connection, since the WebSocket carries everything the pages show, notes included. And no
page may load anything (fonts, icons, scripts, images) from any address but the app's own."""

from __future__ import annotations

import datetime as dt
import http.client
import socket
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from lib import store

from .conftest import DESKTOP, App, wait_for_app

NOTE = "private note 7f3a"


def _log_a_private_note(app: App) -> None:
    store.log_day(app.folder, {"date": dt.date.today().isoformat(), "pain": 4, "notes": NOTE},
                  known_exercises=(), today=dt.date.today())  # fmt: skip


def _probe(app: App, host: str) -> bytes:
    """Open the app's WebSocket over a connection to the app's own port, naming ``host`` in the
    Host and Origin headers as a browser on a rebound name would; ask for the Log page and
    return what the server sends within a few seconds. Raises InvalidStatus if refused."""
    port = urlsplit(app.url).port
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    with connect(
        f"ws://{host}:{port}/_stcore/stream",
        sock=sock,
        origin=f"http://{host}:{port}",
        subprotocols=["streamlit"],
        open_timeout=10,
    ) as websocket:
        message = BackMsg()
        message.rerun_script.page_name = "log"
        websocket.send(message.SerializeToString())
        received = b""
        deadline = time.monotonic() + 30
        while NOTE.encode() not in received and time.monotonic() < deadline:
            try:
                received += websocket.recv(timeout=deadline - time.monotonic())  # type: ignore[operator]
            except TimeoutError:
                break
        return received


def test_websocket_naming_a_foreign_host_is_refused(app: App) -> None:
    _log_a_private_note(app)
    with pytest.raises(InvalidStatus) as refused:
        _probe(app, "evil.example")
    assert refused.value.response.status_code == 403


def test_websocket_naming_the_apps_own_host_gets_the_journal(app: App) -> None:
    """The same probe with the app's own name works, so the refusal above is about the name."""
    _log_a_private_note(app)
    for host in ("127.0.0.1", "localhost", "[::1]"):
        assert NOTE.encode() in _probe(app, host)


def test_plain_http_naming_a_foreign_host_carries_no_journal_data(app: App) -> None:
    """Streamlit checks the Host of the WebSocket only; plain HTTP serves the app's own files
    (page, scripts, fonts) under any name, so none of them may hold journal data."""
    _log_a_private_note(app)
    port = urlsplit(app.url).port
    for path in ("/", "/log", "/_stcore/health", "/_stcore/host-config", "/_stcore/metrics"):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path, headers={"Host": f"evil.example:{port}"})
        body = connection.getresponse().read()
        connection.close()
        assert NOTE.encode() not in body, path


TITLES = {"": "Today", "log": "Log", "routines": "Routines", "trends": "Trends", "learn": "Learn"}


def _wait_until_drawn(page: Page) -> None:
    wait_for_app(page)
    # Charts and images are drawn after the script ends; wait until every one is in place.
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
        ".every((c) => c.querySelector('svg, canvas'))"
        " && [...document.images].every((i) => i.complete)"
    )
    page.wait_for_load_state("networkidle")


def _visit_every_page(page: Page, app: App, *, by_link: bool) -> None:
    """Open each page: by its address, or (to stay in this browser session, as the demo needs)
    by its link in the sidebar."""
    for path, title in TITLES.items():
        if by_link:
            page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
            page.wait_for_url(f"{app.url}/{path}")
        else:
            page.goto(f"{app.url}/{path}")
        _wait_until_drawn(page)


def test_no_page_asks_any_other_address_for_anything(browser: Browser, app: App) -> None:
    """Every request of every page, on an empty journal and then on the demo journal, goes to
    the app's own address. Requests elsewhere are recorded and blocked, never sent."""
    own = urlsplit(app.url)
    elsewhere: list[str] = []
    context = browser.new_context(viewport=DESKTOP)

    def record(url: str) -> None:
        address = urlsplit(url)
        if url.startswith(("data:", "blob:", "about:")):
            return
        if (address.scheme, address.netloc) not in {("http", own.netloc), ("ws", own.netloc)}:
            elsewhere.append(url)

    context.on("request", lambda request: record(request.url))
    # Blocked so that the test never reaches out itself (and works without a network).
    context.route(
        lambda url: urlsplit(url).netloc != own.netloc and not url.startswith(("data:", "blob:")),
        lambda route: route.abort(),
    )
    try:
        page = context.new_page()
        page.on("websocket", lambda websocket: record(websocket.url))
        page.set_default_timeout(60_000)
        _visit_every_page(page, app, by_link=False)
        page.goto(app.url)
        wait_for_app(page)
        page.get_by_role("button", name="Try with demo data").click()
        expect(page.get_by_text("You are looking at demo data").first).to_be_visible()
        _visit_every_page(page, app, by_link=True)
        expect(page.get_by_text("Demo data: a made-up journal")).to_be_visible()
    finally:
        context.close()
    assert elsewhere == []
