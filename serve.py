"""What `make run` starts: the app (streamlit_app.py) behind a check that it answers only to this
computer's own names, for plain HTTP as well as for the WebSocket.

Streamlit itself checks `server.allowedHosts` (.streamlit/config.toml) only when a WebSocket
opens. A web page on another site can point its own name at 127.0.0.1 (DNS rebinding) and then
load the app's address under that name; this refuses every such request before Streamlit sees
it, with the same list and the same matching as Streamlit's own check. A WebSocket whose Origin
names another host is refused here too, so Streamlit never looks up this computer's public
address (it asks checkip.amazonaws.com) to decide about it.

Only public API: `st.App`, `st.get_option` and starlette. The matching follows Streamlit's
own check of the list (tests/test_serve.py holds the two together)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlparse, urlsplit

import streamlit as st
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send


class OwnNamesOnly:
    """ASGI middleware: 403 (HTTP) or close 1008 (WebSocket) unless Host is an allowed name."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not _allowed(scope):
            if scope["type"] == "http":
                refusal = PlainTextResponse("This app answers only to localhost.", 403)
                await refusal(scope, receive, send)
            else:
                await send({"type": "websocket.close", "code": 1008})
            return
        await self.app(scope, receive, send)


def _allowed(scope: Scope) -> bool:
    headers = Headers(scope=scope)
    names = st.get_option("server.allowedHosts")
    if not host_allowed(headers.get("host"), names):
        return False
    origin = headers.get("origin")
    if scope["type"] == "websocket" and origin is not None:
        return host_allowed(urlsplit(origin).netloc, names)
    return True


def host_allowed(host: str | None, allowed: Iterable[str]) -> bool:
    """Whether a Host header (a name, with an optional port) is one of ``allowed``: names
    compared without case or a final dot, "*" for any, "*.example.com" for its subdomains. An
    empty list allows every host; anything that is not a plain host name is refused."""
    patterns = [a.strip().lower().rstrip(".") for a in allowed]
    if not patterns:
        return True
    if host is None:
        return False
    try:
        parts = urlparse(f"//{host}")
        name = parts.hostname
        _ = parts.port  # a port that is not a number in range raises ValueError
    except ValueError:
        return False
    if name is None or parts.username is not None or parts.password is not None:
        return False
    if parts.path or parts.query or parts.fragment:
        return False
    name = name.lower().rstrip(".")
    return any(
        p == "*" or (name.endswith(p[1:]) if p.startswith("*.") else name == p) for p in patterns
    )


app = st.App("streamlit_app.py", middleware=[Middleware(OwnNamesOnly)])
