"""Real-browser tests: `streamlit run` on a free localhost port with its own journal folder,
driven by Playwright in Debian's Chromium. They never skip: a missing browser is a failure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from lib import clock
from tests.pinned_day import TODAY
from tests.support.browser import ChromiumMissing, chromium
from tests.support.server import streamlit_server

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# The server lives on the tests' day (lib/clock.py), whatever the time when the test runs.
SERVER_ENV = {clock.TODAY_ENV: TODAY.isoformat()}


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
    """A running app: its address and its journal folder."""

    def __init__(self, url: str, folder: Path):
        self.url = url
        self.folder = folder


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    folder = tmp_path / "journal"
    folder.mkdir()
    script = REPO / "serve.py"  # what `make run` starts
    with streamlit_server(script, REPO, folder, tmp_path / "streamlit.log", SERVER_ENV) as server:
        yield App(server.url, folder)


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
    """Wait until the script has finished running (Streamlit shows no 'running' status)."""
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMain\"] h1')"
    )


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
