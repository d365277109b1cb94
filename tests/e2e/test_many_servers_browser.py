"""Several app servers behind Caddy, as scripts/serve-many starts them: each browser stays on
one server for its whole session (a sticky cookie), a day saved through one server is there
for a browser on any server, and a foreign Host is still refused."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.pinned_day import TODAY
from tests.support.fresh import printed_by_fresh_process
from tests.support.many import CaddyMissing, serve_many
from tests.support.server import free_port

from .conftest import DESKTOP, SERVER_ENV, wait_for_app

SERVER_HEADER = "x-lumbarlog-server"


@pytest.fixture
def many(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """scripts/serve-many with 2 app servers on one journal folder: (address, folder)."""
    folder = tmp_path / "journal"
    folder.mkdir()
    env = {**SERVER_ENV, "LUMBARLOG_DATA_DIR": str(folder)}
    try:
        with serve_many(2, free_port(), env, tmp_path / "serve-many.log") as url:
            yield url, folder
    except CaddyMissing as missing:
        pytest.fail(str(missing))


def servers_seen(page: Page) -> set[str]:
    seen: set[str] = set()
    page.on("response", lambda r: seen.add(r.headers.get(SERVER_HEADER, "none")))
    return seen


def test_each_browser_keeps_its_server_and_every_server_sees_the_same_journal(
    many: tuple[str, Path], browser: Browser
) -> None:
    url, folder = many
    first = browser.new_context(viewport=DESKTOP).new_page()
    seen_first = servers_seen(first)
    first.goto(url)
    wait_for_app(first)
    slider = first.get_by_role("slider", name="Pain (0-10)")
    slider.focus()
    slider.press("Home")  # "Not set"; each ArrowRight one point more: 0, 1, 2, 3
    for _ in range(4):
        slider.press("ArrowRight")
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.get_by_text("Saved today", exact=False).first).to_be_visible()
    first.reload()
    wait_for_app(first)

    second = browser.new_context(viewport=DESKTOP).new_page()
    seen_second = servers_seen(second)
    second.goto(f"{url}/log")
    wait_for_app(second)
    expect(second.get_by_text(re.compile(r"1 of 1 logged day"))).to_be_visible()

    # Every answer a browser got came from one app server.
    assert len(seen_first) == 1 and len(seen_second) == 1, (seen_first, seen_second)
    assert seen_first | seen_second <= {f"127.0.0.1:{p}" for p in _app_ports(url)}
    printed = printed_by_fresh_process(
        "import sys; from pathlib import Path; from lumbarlog.journal.repository import "
        "journal_for; f = journal_for(Path(sys.argv[1])).entries().frame; "
        "print(len(f), f['date'].iloc[0].date(), f['pain'].iloc[0])",
        folder,
    )
    assert printed.split() == ["1", TODAY.isoformat(), "3"]


def _app_ports(url: str) -> list[int]:
    port = int(url.rsplit(":", 1)[1])
    return [port + 1, port + 2]


def test_a_foreign_host_is_refused_through_the_proxy(many: tuple[str, Path]) -> None:
    url, _ = many
    request = urllib.request.Request(url, headers={"Host": "evil.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 403
