"""Text that comes from a person or a file (here: an uploaded file's name) is shown exactly as
written, never read as markdown: no bold, no italics, no links to other addresses."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import App, wait_for_app

NAME = "**Bold** [click](https://evil.example) _mine_ `:red[x]` $x^2$ www.evil.example.csv"


def _upload(page: Page, app: App, content: bytes) -> None:
    page.goto(f"{app.url}/log")
    wait_for_app(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        {"name": NAME, "mimeType": "text/csv", "buffer": content}
    )


def _shown_literally(page: Page, text: str) -> None:
    """The message shows ``text`` character for character: no link, no emphasis made from it."""
    expect(page.get_by_test_id("stAlert").filter(has_text=text)).to_have_count(1)
    for made in ("a", "em", "strong strong", "strong em"):
        expect(page.locator(f'[data-testid="stAlert"] {made}')).to_have_count(0)
    expect(page.locator('a[href*="evil.example"]')).to_have_count(0)


def test_a_file_name_is_shown_as_written_when_the_file_is_refused(app: App, page: Page) -> None:
    _upload(page, app, b"when,how much\n2026-01-01,3\n")
    _shown_literally(page, f"{NAME} cannot be imported:")


def test_a_file_name_is_shown_as_written_after_importing(app: App, page: Page) -> None:
    _upload(page, app, b"date,pain\n2026-01-02,3\n")
    page.get_by_role("button", name="Import 1 day").click()
    _shown_literally(page, f"Imported {NAME}: 1 new day,")
