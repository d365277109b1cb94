"""Each page's address, opened straight (a bookmark, a fresh tab), shows that page inside the
app: its own title, the navigation and the shared sidebar, at the address that was asked for."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from .conftest import DESKTOP, PAGE_LINKS, App, StartApp, wait_for_app

# The first address goes to a server that has shown no page yet (a server of this test's own,
# not the shared one): a person who bookmarked Trends and opens it after starting the app.
ADDRESSES = {
    "trends": "Trends",
    "log": "Log your day",
    "routines": "Routines",
    "learn": "Learn",
    "": "Today",
}


def test_every_address_opens_its_own_page(browser: Browser, own_app: StartApp) -> None:
    with own_app() as app:
        _open_each_address(browser, app)


def _open_each_address(browser: Browser, app: App) -> None:
    for path, title in ADDRESSES.items():
        context = browser.new_context(viewport=DESKTOP)  # a new tab in a new session
        try:
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(f"{app.url}/{path}")
            wait_for_app(page)
            headings = page.locator('[data-testid="stMain"] h1')
            expect(headings).to_have_count(1)
            expect(headings).to_have_text(title)
            assert page.url.rstrip("/") == f"{app.url}/{path}".rstrip("/")
            # Inside the entry point: the navigation and the shared sidebar are there.
            nav = page.locator(PAGE_LINKS)
            expect(nav.get_by_role("link")).to_have_count(5)
            expect(page.get_by_text("Your journal:", exact=False)).to_be_visible()
            expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        finally:
            context.close()
