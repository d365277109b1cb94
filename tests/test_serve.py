"""serve.py's check of the Host header: the same answers as Streamlit's own check of
server.allowedHosts, which serve.py applies to every request but cannot import (it lives in a
private module; see tests/test_public_api.py)."""

from __future__ import annotations

from unittest import mock

from hypothesis import example, given
from hypothesis import strategies as st
from streamlit.web.server.starlette import starlette_websocket

import serve

NAMES = ["localhost", "127.0.0.1", "::1", "[::1]", "example.com", "a.example.com", "Example.COM."]
PATTERNS = [*NAMES, "*", "*.example.com", " localhost ", "", "*."]
PIECES = [
    *NAMES,
    ":",
    ":8501",
    ":99999",
    ":x",
    "@",
    "user:pw@",
    "/",
    "?q",
    "#f",
    ".",
    " ",
    "[",
    "]",
]

hosts = st.one_of(
    st.none(),
    st.lists(st.sampled_from(PIECES), max_size=4).map("".join),
    st.text(max_size=12),
)
allowed_lists = st.lists(st.sampled_from(PATTERNS) | st.text(max_size=6), max_size=4)


def streamlits_answer(host: str | None, allowed: list[str]) -> bool:
    with mock.patch.object(starlette_websocket.config, "get_option", return_value=allowed):
        return starlette_websocket.is_host_allowed(host)


@given(hosts, allowed_lists)
@example("localhost:8501", ["localhost", "127.0.0.1", "::1"])
@example("[::1]:8501", ["localhost", "127.0.0.1", "::1"])
@example("rebound.example:8501", ["localhost", "127.0.0.1", "::1"])
@example("sub.example.com", ["*.example.com"])
def test_serve_answers_as_streamlit_does(host: str | None, allowed: list[str]) -> None:
    assert serve.host_allowed(host, allowed) == streamlits_answer(host, allowed)


def test_only_this_computers_names_pass() -> None:
    own = ["localhost", "127.0.0.1", "::1"]
    assert serve.host_allowed("localhost:8501", own)
    assert serve.host_allowed("[::1]:8501", own)
    assert not serve.host_allowed("rebound.example:8501", own)
    assert not serve.host_allowed("localhost.rebound.example", own)
    assert not serve.host_allowed(None, own)
