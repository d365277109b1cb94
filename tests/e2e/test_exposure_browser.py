"""What the running app lets other addresses do, and what a page load asks of other addresses.

A web page on another site can make its own host name resolve to 127.0.0.1 (DNS rebinding);
the browser then sends that foreign name as Host and Origin. The app must refuse such a
connection, since the WebSocket carries everything the pages show, notes included. And no
page may load anything (fonts, icons, scripts, images) from any address but the app's own."""

from __future__ import annotations

import http.client
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from lumbarlog.journal.days import log_day
from tests.pinned_day import TODAY

from .conftest import DESKTOP, PAGE_LINKS, App, StartApp, wait_for_app

NOTE = "private note 7f3a"


@pytest.fixture(params=["serve.py", "streamlit_app.py"])
def either_app(request: pytest.FixtureRequest, own_app: StartApp) -> Iterator[App]:
    """The app as `make run` starts it (serve.py), and started directly with `streamlit run
    streamlit_app.py`, where only Streamlit's own check of server.allowedHosts stands. Each
    gets a server of its own, started the same way, so the two answer under equal conditions."""
    with own_app(script=request.param) as started:
        yield started


def _log_a_private_note(app: App) -> None:
    log_day(app.folder, {"date": TODAY.isoformat(), "pain": 4, "notes": NOTE},
                  known_exercises=(), today=TODAY)  # fmt: skip


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


def test_websocket_naming_a_foreign_host_is_refused(either_app: App) -> None:
    _log_a_private_note(either_app)
    with pytest.raises(InvalidStatus) as refused:
        _probe(either_app, "evil.example")
    assert refused.value.response.status_code == 403


def test_websocket_naming_the_apps_own_host_gets_the_journal(either_app: App) -> None:
    """The same probe with the app's own name works, so the refusal above is about the name."""
    _log_a_private_note(either_app)
    for host in ("127.0.0.1", "localhost", "[::1]"):
        assert NOTE.encode() in _probe(either_app, host)


def _get(app: App, path: str, host: str) -> int:
    port = urlsplit(app.url).port
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": f"{host}:{port}"})
        return connection.getresponse().status
    finally:
        connection.close()


def test_plain_http_naming_a_foreign_host_is_refused(app: App) -> None:
    for path in ("/", "/log", "/_stcore/health", "/_stcore/host-config"):
        assert _get(app, path, "evil.example") == 403, path
        assert _get(app, path, "localhost") == 200, path


def test_websocket_from_a_page_of_another_site_is_refused(app: App) -> None:
    """A page elsewhere that opens ws://localhost sends its own Origin: refused before
    Streamlit's own origin check, which would look up this computer's public address online."""
    port = urlsplit(app.url).port
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    with pytest.raises(InvalidStatus) as refused:
        connect(f"ws://localhost:{port}/_stcore/stream", sock=sock,
                origin="http://evil.example", open_timeout=10).close()  # fmt: skip
    assert refused.value.response.status_code == 403
    assert "Rejecting WebSocket" not in app.log_since_start()


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


def _visit_every_page(page: Page, app: App, *, by_link: bool, query: str = "") -> None:
    """Open each page: by its address, or (to stay in this browser session, as the demo needs)
    by its link in the navigation, the address then ending in ``query`` (the demo's ?demo=1)."""
    for path, title in TITLES.items():
        if by_link:
            page.locator(PAGE_LINKS).get_by_role("link", name=title, exact=True).click()
            page.wait_for_url(f"{app.url}/{path}{query}")
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
        _visit_every_page(page, app, by_link=True, query="?demo=1")
        expect(page.get_by_text("Demo data: a made-up journal")).to_be_visible()
    finally:
        context.close()
    assert elsewhere == []
