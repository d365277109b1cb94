"""The weekly check (PEG) answered on Today in a phone-sized Chromium window, then read back from
measures.csv by a fresh process, as the next start of the app would read it. Pictures of Today
with the check open and after saving are kept at 390 and 1280 px (test-artifacts/)."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from lumbarlog.domain import peg
from tests.pinned_day import TODAY
from tests.support.fresh import printed_by_fresh_process

from .conftest import App, screenshot, wait_for_app

expect.set_options(timeout=15_000)


def saved_measures(folder: Path) -> list[dict]:
    """measures.csv as a fresh Python process reads it (nothing cached in this one)."""
    code = (
        "import json, sys\n"
        "from lumbarlog.journal.csv_files import load_measures\n"
        "f = load_measures(sys.argv[1])\n"
        "print(f.assign(date=f['date'].dt.date.astype(str)).to_json(orient='records'))\n"
    )
    return json.loads(printed_by_fresh_process(code, folder))


def answer_the_weekly_check(page: Page, answers: tuple[int, int, int], name: str) -> None:
    check = page.locator('[data-testid="stExpander"]').filter(has_text="Weekly check (PEG)")
    expect(check.get_by_label(f"1. {peg.QUESTIONS[0].text}")).to_be_visible()
    screenshot(page, f"{name}-check-open")
    for number, (question, answer) in enumerate(zip(peg.QUESTIONS, answers, strict=True), start=1):
        field = check.get_by_label(f"{number}. {question.text}")
        field.fill(str(answer))
        field.press("Tab")
    check.get_by_role("button", name="Save answers").click()
    wait_for_app(page)


def test_the_weekly_check_is_answered_on_a_phone_and_read_back(app: App, phone_page: Page) -> None:
    phone_page.goto(app.url)
    wait_for_app(phone_page)
    answer_the_weekly_check(phone_page, (6, 5, 7), "today-peg-390")
    expect(
        phone_page.get_by_text(
            "Saved the weekly check (PEG) for Wed 02 Dec 2026: score 6.0", exact=False
        )
    ).to_be_visible()
    screenshot(phone_page, "today-peg-390-saved")
    # Nothing reaches past the phone's width.
    overflow = phone_page.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth"
    )
    assert overflow <= 390
    assert saved_measures(app.folder) == [
        {
            "date": TODAY.isoformat(),
            "instrument": "peg",
            "item1": 6.0,
            "item2": 5.0,
            "item3": 7.0,
            **{f"item{n}": None for n in range(4, 10)},
            "score": 6.0,
            "subscale": None,
        }
    ]


def test_a_bad_answer_is_named_beside_its_field_on_a_desktop(app: App, page: Page) -> None:
    page.goto(app.url)
    wait_for_app(page)
    answer_the_weekly_check(page, (11, 5, 7), "today-peg-1280")
    expect(
        page.get_by_text("Pain (PEG item 1) must be a whole number from 0 to 10 (got 11)")
    ).to_be_visible()
    assert not (app.folder / "measures.csv").exists()
    check = page.locator('[data-testid="stExpander"]').filter(has_text="Weekly check (PEG)")
    field = check.get_by_label(f"1. {peg.QUESTIONS[0].text}")
    field.fill("4")
    field.press("Tab")
    check.get_by_role("button", name="Save answers").click()
    wait_for_app(page)
    expect(
        page.get_by_text("Saved the weekly check (PEG) for Wed 02 Dec 2026: score 5.3", exact=False)
    ).to_be_visible()
    screenshot(page, "today-peg-1280-saved")
