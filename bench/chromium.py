"""The real-browser part of the benchmark: `streamlit run` on a free port, headless Chromium
through Playwright, the time until every chart of a page is drawn, and the server's memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = os.environ.get("LUMBARLOG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A running `streamlit run`: its process and address."""

    def __init__(self, process: subprocess.Popen, url: str):
        self.process = process
        self.url = url

    def rss_kib(self) -> int:
        """Resident memory of the streamlit process (VmRSS in /proc), in KiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text(encoding="utf-8")
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS in /proc status")


@contextmanager
def streamlit_server(
    script: Path,
    cwd: Path,
    data_dir: Path,
    log_path: Path,
    env: Mapping[str, str] | None = None,
) -> Iterator[Server]:
    """Start `streamlit run script` with its journal in data_dir, and ``env`` added to its
    environment (tests pin the app's day with LUMBARLOG_TODAY); stop it afterwards."""
    port = free_port()
    env = {**os.environ, **(env or {}), "LUMBARLOG_DATA_DIR": str(data_dir)}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(script),
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
            ],
            cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log_path}")
            time.sleep(0.2)
        yield Server(process, url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def chromium() -> Iterator[object]:
    """Headless Chromium through Playwright (imported here so --skip-browser needs neither)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium is needed at {CHROMIUM} (set LUMBARLOG_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


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
