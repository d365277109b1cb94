"""Links land where they say: Today's "Pick a plan" opens the plan, a tip's "Routine: ..." opens
that routine, and saving the plan stays on the plan."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import App, wait_for_app


def selected_tab(page: Page) -> str:
    return page.get_by_role("tab", selected=True).inner_text().strip()


def test_pick_a_plan_opens_the_plan_and_saving_it_stays_there(app: App, page: Page) -> None:
    page.goto(app.url)
    wait_for_app(page)
    page.get_by_role("link", name="Pick a plan").click()
    expect(page.get_by_role("heading", name="Routines", exact=True)).to_be_visible()
    wait_for_app(page)
    expect(page.get_by_role("tab", name="My plan")).to_have_attribute("aria-selected", "true")

    page.get_by_role("combobox", name=re.compile("^Days for Desk break")).click()
    page.get_by_role("option", name="Monday").click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Save plan").click()
    expect(page.get_by_text("Plan saved.")).to_be_visible()
    wait_for_app(page)
    expect(page.get_by_role("tab", name="My plan")).to_have_attribute("aria-selected", "true")
    assert (app.folder / "plan.json").exists()


def test_a_link_to_a_routine_opens_that_routine(app: App, page: Page) -> None:
    page.goto(f"{app.url}/routines?routine=desk_break")
    wait_for_app(page)
    expect(page.get_by_role("tab", name="Follow a routine")).to_have_attribute(
        "aria-selected", "true"
    )
    expect(page.get_by_role("button", name="Start Desk break")).to_be_visible()
