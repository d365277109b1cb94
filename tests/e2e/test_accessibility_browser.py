"""Every page, on a phone and a desktop, with an empty journal, five days and the demo: axe-core
(the engine behind most accessibility checkers, bundled with axe-playwright-python, so the scan
asks no other address) finds no serious or critical violation of WCAG 2.2 A and AA."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from lumbarlog.domain import catalog
from lumbarlog.domain.experiment_log import start
from lumbarlog.journal import demo, repository
from lumbarlog.journal.days import log_day
from tests.pinned_day import TODAY
from tests.test_experiment_store import an_experiment

from .conftest import App, wait_for_app

# The five pages of the row, the clinician report's printable page and self-experiments.
PAGES = ("", "log", "routines", "trends", "learn", "report", "experiment")
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
RULES = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
}
# Left out of the scan, for a reason: the year, month and day parts of Streamlit's date field
# are 18 px. WCAG 2.5.8's "equivalent" exception applies, since the field's "Choose date" button
# (spaced clear of other targets, as the scan checks) sets the same date from a calendar.
NOT_OURS = {
    "exclude": [
        ['[data-testid="stDateInput"] [role="spinbutton"]'],
    ]
}
NO_SKELETONS = "() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0"


def fill(app: App, journal: str) -> None:
    if journal == "five days":
        for back in range(5):
            log_day(
                app.folder,
                {"date": TODAY - dt.timedelta(days=back), "pain": 3 + back % 3, "exercises": ""},
                known_exercises=catalog.exercise_ids(),
                today=TODAY,
            )
    elif journal == "demo":
        written = demo.write_demo(repository.journal_for(app.folder), days=90, end=TODAY)
        # An experiment under way for ten days: Today's card and the calendar are scanned too.
        begun = an_experiment(TODAY - dt.timedelta(days=9), weeks=8)
        written.change_experiments(lambda log: start(log, begun, begun.design.start))


@pytest.mark.parametrize("journal", ["empty", "five days", "demo"])
def test_no_page_has_a_serious_accessibility_violation(
    app: App, browser: Browser, journal: str
) -> None:
    fill(app, journal)
    axe = Axe()
    found = {}
    for width, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(30_000)
        for path in PAGES:
            page.goto(f"{app.url}/{path}")
            wait_for_app(page)
            page.wait_for_function(NO_SKELETONS)  # every widget drawn, not its placeholder
            result = axe.run(page, context=NOT_OURS, options=RULES).response
            serious = [
                f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                found[f"/{path} on a {width}"] = serious
        context.close()
    assert found == {}
