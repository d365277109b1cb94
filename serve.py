"""What `make run` starts: the app (streamlit_app.py) behind a check that it answers only to this
computer's own names, for plain HTTP as well as for the WebSocket.

Streamlit itself checks `server.allowedHosts` (.streamlit/config.toml) only when a WebSocket
opens. A web page on another site can point its own name at 127.0.0.1 (DNS rebinding) and then
load the app's address under that name; this refuses every such request before Streamlit sees
it, with the same list and the same matching as Streamlit's own check. A WebSocket whose Origin
names another host is refused here too, so Streamlit never looks up this computer's public
address (it asks checkip.amazonaws.com) to decide about it."""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from streamlit.web.server.starlette.starlette_websocket import is_host_allowed


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
    if not is_host_allowed(headers.get("host")):
        return False
    origin = headers.get("origin")
    if scope["type"] == "websocket" and origin is not None:
        return is_host_allowed(urlsplit(origin).netloc)
    return True


app = st.App("streamlit_app.py", middleware=[Middleware(OwnNamesOnly)])
