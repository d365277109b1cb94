"""The real-browser part of the benchmark: the time until every chart of a page is drawn, in
headless Chromium, on a `streamlit run` started by tests/support (as the browser tests do)."""

from __future__ import annotations

# Started the same way as in the browser tests: one launcher for both, kept with the tests.
from tests.support.browser import chromium
from tests.support.server import Server, streamlit_server

__all__ = ["Server", "chromium", "open_until_drawn", "streamlit_server"]

VIEWPORT = {"width": 1280, "height": 900}
LOAD_TIMEOUT_MS = 180_000
# A page counts as drawn once this condition has held for STABLE_MS without a change: charts are
# sent one by one while the script runs, so a single moment where "all charts so far are drawn"
# could come before the next chart arrives. The time reported is when the stable state began.
STABLE_MS = 750
STABLE_MS_WITHOUT_CHARTS = 1500

# Runs inside the page. performance.now() counts from the start of navigation, so the result
# is "from opening the page to all its charts drawn", network and scripts included.
_WAIT_DRAWN = """
async ({stableMs, stableMsWithoutCharts, timeoutMs}) => {
  const look = () => {
    const containers = document.querySelectorAll('[data-testid="stVegaLiteChart"]').length;
    const drawn = [...document.querySelectorAll('.vega-embed')]
      .filter((e) => e.querySelector('svg, canvas')).length;
    const running = !!document.querySelector('[data-testid="stStatusWidget"]');
    const title = !!document.querySelector('[data-testid="stMain"] h1');
    const error = !!document.querySelector('[data-testid="stException"]');
    return {containers, drawn, running, title, error};
  };
  const ready = (s) => s.title && !s.running && s.drawn >= s.containers;
  let since = null;
  let last = '';
  while (performance.now() < timeoutMs) {
    const s = look();
    const key = JSON.stringify(s);
    if (ready(s)) {
      if (since === null || key !== last) { since = performance.now(); }
      const hold = s.containers > 0 ? stableMs : stableMsWithoutCharts;
      if (performance.now() - since >= hold) { return {...s, ms: since}; }
    } else {
      since = null;
    }
    last = key;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return {...look(), ms: null};
}
"""


def open_until_drawn(browser, url: str) -> dict:
    """Open url in a new browser session (context), wait until every chart is drawn, close it.

    Returns {"ms": time from navigation start to drawn, "charts": count, "error": bool}.
    """
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.set_default_timeout(LOAD_TIMEOUT_MS)
        page.goto(url, wait_until="commit")
        state = page.evaluate(
            _WAIT_DRAWN,
            {
                "stableMs": STABLE_MS,
                "stableMsWithoutCharts": STABLE_MS_WITHOUT_CHARTS,
                "timeoutMs": LOAD_TIMEOUT_MS,
            },
        )
    finally:
        context.close()
    if state["ms"] is None:
        raise RuntimeError(f"{url} was not drawn within {LOAD_TIMEOUT_MS / 1000:.0f} s: {state}")
    return {"ms": float(state["ms"]), "charts": int(state["containers"]), "error": state["error"]}
