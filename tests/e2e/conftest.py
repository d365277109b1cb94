"""Real-browser tests: the app as `make run` starts it (serve.py) on a free localhost port,
driven by Playwright in Debian's Chromium. They never skip: a missing browser is a failure.

One server serves the whole test session. Before each test the `app` fixture empties its
journal folder (and the demo's beside it), and each test opens a fresh browser context, so it
gets a fresh Streamlit session: nothing of an earlier test is on disk or in session_state. A
test that needs a server of its own (another script, another environment, a server that has
shown no page yet) asks `own_app` for one."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from lumbarlog import clock
from lumbarlog.journal.csv_files import forget_parsed
from tests.pinned_day import TODAY
from tests.support.browser import ChromiumMissing, chromium
from tests.support.folders import empty_folder
from tests.support.server import Server, streamlit_server

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# The server lives on the tests' day (lumbarlog/clock.py), whatever the time when the test runs.
SERVER_ENV = {clock.TODAY_ENV: TODAY.isoformat()}
FINISHED = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# The row of links to the five pages at the top of every page (streamlit_app.py).
PAGE_LINKS = ".st-key-pages"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in item.nodeid:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """When a browser test fails, print what each open page says (its messages) and keep a
    picture of it, so a failure in CI can be read from the log alone."""
    report = yield
    launched = getattr(item, "funcargs", {}).get("browser")
    if report.when == "call" and report.failed and launched is not None:
        for c, context in enumerate(launched.contexts):
            for p, opened in enumerate(context.pages):
                try:
                    said = opened.locator(
                        '[data-testid="stAlert"], [data-testid="stToast"],'
                        ' [data-testid="stException"]'
                    ).all_inner_texts()
                    picture = screenshot(opened, f"failed-{item.name}-{c}-{p}")
                    report.sections.append(
                        (f"page {c}.{p}", f"{opened.url}\n{said}\npicture: {picture}")
                    )
                except Exception as error:  # a report must not hide the failure
                    report.sections.append((f"page {c}.{p}", f"could not be read: {error}"))
    return report


class App:
    """A running app: its address, its journal folder and what its server wrote to its log
    since the test began."""

    def __init__(self, server: Server, folder: Path):
        self.url = server.url
        self.folder = folder
        self._log = server.log_path
        self._log_start = self._log.stat().st_size

    def log_since_start(self) -> str:
        with self._log.open("rb") as log:
            log.seek(self._log_start)
            return log.read().decode("utf-8", errors="replace")


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """The app as `make run` starts it (serve.py), on the tests' day, for the whole session."""
    root = tmp_path_factory.mktemp("shared-app")
    folder = root / "journal"
    folder.mkdir()
    with streamlit_server(
        REPO / "serve.py", REPO, folder, root / "streamlit.log", SERVER_ENV
    ) as server:
        yield server, folder


@pytest.fixture
def app(shared_server: tuple[Server, Path]) -> App:
    """The shared server, its journal folder emptied for this test."""
    server, folder = shared_server
    if server.process.poll() is not None:
        pytest.fail(f"the shared app server has stopped; see {server.log_path}")
    # The server read its day once, at start; a test that pins another day needs its own.
    assert os.environ.get(clock.TODAY_ENV) == SERVER_ENV[clock.TODAY_ENV], (
        "this test pins another day than the shared server's: use own_app(env=...)"
    )
    empty_folder(folder)
    forget_parsed()
    return App(server, folder)


StartApp = Callable[..., AbstractContextManager[App]]


@pytest.fixture
def own_app(tmp_path: Path) -> Iterator[StartApp]:
    """Start a server of this test's own: ``with own_app(script="streamlit_app.py") as app``.
    For what the shared server cannot be: another script or environment, a server that has
    shown no page yet, a folder made (or not made) before the start."""
    started = 0

    @contextmanager
    def start(
        script: str = "serve.py",
        env: Mapping[str, str] | None = None,
        folder: Path | None = None,
    ) -> Iterator[App]:
        nonlocal started
        started += 1
        if folder is None:
            folder = tmp_path / f"journal-{started}"
            folder.mkdir()
        log = tmp_path / f"streamlit-{started}.log"
        with streamlit_server(
            REPO / script, REPO, folder, log, {**SERVER_ENV, **(env or {})}
        ) as server:
            yield App(server, folder)

    yield start


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    try:
        with chromium() as launched:
            yield launched
    except ChromiumMissing as missing:
        pytest.fail(f"{missing} (make test installs Debian's chromium)")


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    yield opened
    context.close()


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A page in a phone-sized window (390 px wide), as a phone would open the app."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    yield opened
    context.close()


def wait_for_app(page: Page) -> None:
    """Wait until the page's run has finished, by Streamlit's own run state on the app root:
    "initial" until a run has begun, "running" during it, "notRunning" once it is done."""
    page.wait_for_selector(FINISHED)


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page as test-artifacts/<name>.png. Streamlit scrolls inside its main area,
    so the window is made as tall as the content for the picture, then put back."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size or DESKTOP
    height = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight ?? 0"
    )
    page.set_viewport_size(
        {"width": size["width"], "height": max(size["height"], min(height, 6000))}
    )
    wait_for_app(page)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path
