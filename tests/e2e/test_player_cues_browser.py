"""The player's tones and the screen kept on, in real Chromium.

Chromium here starts with the autoplay policy of a real browser (sound only after a gesture on
the page). An init script records every tone (OscillatorNode.start, with the state of its
AudioContext: "running" is heard, "suspended" is not) and every screen wake lock asked for
and let go."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from lumbarlog.domain import player
from lumbarlog.ui.player_cues import HINT
from tests.support.browser import CHROMIUM, CHROMIUM_FLAGS

from .conftest import DESKTOP, App, wait_for_app

RECORD = """
window.__tones = [];
window.__contexts = 0;
window.__locks = [];
const start = OscillatorNode.prototype.start;
OscillatorNode.prototype.start = function (...args) {
  window.__tones.push({
    frequency: this.frequency.value, at: performance.now(), state: this.context.state,
  });
  return start.apply(this, args);
};
const Context = window.AudioContext;
window.AudioContext = class extends Context {
  constructor(...args) { super(...args); window.__contexts += 1; }
};
"""
FAKE_WAKE_LOCK = """
Object.defineProperty(Navigator.prototype, "wakeLock", { configurable: true, get() {
  return { request: async (type) => {
    const lock = new EventTarget();
    lock.type = type;
    lock.released = false;
    lock.release = async () => { lock.released = true; window.__locks.push("released"); };
    window.__locks.push("asked " + type);
    return lock;
  } };
} });
"""
NO_WAKE_LOCK = "delete Navigator.prototype.wakeLock;"
START, COUNT, SWITCH_LOW, SWITCH_HIGH = 880, 660, 523, 784
READY_MS = player.FIRST_GET_READY_SECONDS * 1000


@pytest.fixture(scope="module")
def strict_browser(browser: Browser) -> Iterator[Browser]:
    """Chromium that plays sound only after a gesture, as a person's browser does (launched
    by the same Playwright as the session's browser: only one may run in a process)."""
    launched = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_FLAGS, "--autoplay-policy=document-user-activation-required"],
    )
    yield launched
    launched.close()


def open_routines(browser: Browser, app: App, *scripts: str) -> Page:
    context = browser.new_context(viewport=DESKTOP)
    for script in scripts:
        context.add_init_script(script)
    page = context.new_page()
    page.set_default_timeout(40_000)
    page.goto(f"{app.url}/routines")
    wait_for_app(page)
    return page


def tones(page: Page) -> list[dict[str, float | str]]:
    return page.evaluate("window.__tones")


def test_tones_mark_the_start_the_last_seconds_and_the_switch_once_each(
    app: App, strict_browser: Browser
) -> None:
    page = open_routines(strict_browser, app, RECORD, FAKE_WAKE_LOCK)
    assert page.evaluate("window.__contexts") == 0  # nothing before a gesture
    clicked = page.evaluate("performance.now()")
    page.get_by_role("button", name=re.compile("^Start ")).click()
    # One minute relief: a 5 s hold on the right leg after getting ready, then the left.
    page.wait_for_function("window.__tones.some(t => Math.round(t.frequency) === 784)")
    heard = tones(page)
    assert all(t["state"] == "running" for t in heard)  # the Start press let sound play
    assert [round(float(t["frequency"])) for t in heard] == [
        START,
        COUNT,
        COUNT,
        COUNT,
        SWITCH_LOW,
        SWITCH_HIGH,
    ]  # once each, though the timer reran every second
    at = [float(t["at"]) for t in heard]
    assert at[0] - clicked >= READY_MS - 500  # the first step starts after getting ready
    # In order, each once. (The gaps between them are not checked: on a busy machine the
    # browser's timers fire late and bunch, which says nothing about the app.)
    assert at == sorted(at)
    assert page.evaluate("window.__locks") == ["asked screen"]
    expect(page.get_by_text(HINT).filter(visible=True)).to_have_count(0)
    # The left leg's hold has begun (the page moved on by itself); pausing drops its tones.
    expect(page.get_by_text("Step 2 of", exact=False)).to_be_visible()
    wait_for_app(page)
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    wait_for_app(page)  # the pause's run has finished: the next press is not lost in it
    paused_with = len(tones(page))
    page.get_by_role("button", name="Stop and save").click()
    expect(page.get_by_text("Session saved", exact=False)).to_be_visible(timeout=15_000)
    page.wait_for_function("window.__locks.includes('released')")
    assert len(tones(page)) == paused_with
    page.context.close()


def test_no_tones_when_sounds_are_off_and_a_hint_without_a_wake_lock(
    app: App, strict_browser: Browser
) -> None:
    page = open_routines(strict_browser, app, RECORD, NO_WAKE_LOCK)
    sounds = page.get_by_role("switch", name="Sounds")
    expect(sounds).to_be_checked()  # on unless turned off
    page.get_by_text("Sounds", exact=True).click()  # the switch's label, as a person would
    wait_for_app(page)
    expect(sounds).not_to_be_checked()
    page.get_by_role("button", name=re.compile("^Start ")).click()
    wait_for_app(page)
    expect(page.get_by_text(HINT).filter(visible=True)).to_have_count(1)
    # The choice holds in the player; wait until the first two holds have run by themselves.
    expect(page.get_by_role("switch", name="Sounds")).not_to_be_checked()
    expect(page.get_by_text("Step 3 of", exact=False)).to_be_visible(timeout=40_000)
    assert tones(page) == []
    page.context.close()
