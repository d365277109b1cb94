"""A person's browser tab, without the browser: Streamlit's own websocket protocol, spoken as
its frontend speaks it: for bench/load.py, which measures the app servers and not Chromium,
and for tests of a service without a browser.

The frontend's part, done here:
- it fetches the page (a proxy's sticky cookie comes with it) and the server's health (which
  sets the XSRF cookie), then
  opens ``/_stcore/stream`` with the subprotocols ``streamlit`` and the XSRF token, sending the
  cookies and its Origin;
- it asks for a run with a ``rerun_script`` BackMsg: the page's name and hash, and the state of
  every widget it holds a value for (a button press is a one-shot trigger);
- it reads ForwardMsgs (``new_session``, ``navigation``, ``delta``, ``auth_redirect``...) until
  ``script_finished``; a run that ends early for a rerun is followed by the rerun's messages.

What it does not do is draw: a chart's spec arrives in a delta and nothing renders it, so a
run's time here is the server's part of what a person waits for. Logging in goes through the
real OpenID Connect flow: "Log in" is pressed, the app answers with where to go, and the
provider's consent form is posted with the person's id, following every redirect as a browser
would, until the app sets its login cookie.
"""

from __future__ import annotations

import html.parser
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

# ScriptFinishedStatus: the values a run ends with.
FINISHED, COMPILE_ERROR, EARLY_FOR_RERUN = 0, 1, 2
# Element fields that are widgets with a label (what a person finds them by).
WIDGETS = (
    "button",
    "button_group",
    "checkbox",
    "date_input",
    "multiselect",
    "number_input",
    "radio",
    "selectbox",
    "slider",
    "text_area",
    "text_input",
)


class ProtocolError(RuntimeError):
    """The app answered something a frontend could not go on with."""


@dataclass
class Run:
    """What one run (and the reruns it asked for) sent: its elements, in order."""

    elements: list[Element] = field(default_factory=list)
    redirect: str | None = None
    exceptions: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def widgets(self) -> Iterator[tuple[str, str, Any]]:
        """(kind, label, proto) of every labelled widget."""
        for element in self.elements:
            kind = element.WhichOneof("type")
            if kind in WIDGETS:
                widget = getattr(element, kind)
                yield kind, widget.label, widget

    def widget(self, kind: str, label: str) -> Any:
        found = [w for k, lab, w in self.widgets() if k == kind and lab == label]
        if len(found) != 1:
            raise ProtocolError(f"{len(found)} {kind} widgets labelled {label!r}")
        return found[0]

    def says(self, text: str) -> bool:
        """Whether any element of the run holds ``text`` (a message, a caption, a label)."""
        needle = text.encode("utf-8")
        return any(needle in element.SerializeToString() for element in self.elements)

    def count(self, kind: str) -> int:
        return sum(1 for element in self.elements if element.WhichOneof("type") == kind)


class _Form(html.parser.HTMLParser):
    """The provider's consent form: where it posts and what it holds."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = named.get("action") or ""
        if tag == "input" and named.get("type") == "hidden" and named.get("name"):
            self.fields[str(named["name"])] = named.get("value") or ""


class Tab:
    """One browser tab on the app at ``base`` (``http://host:port``): its cookies, its
    websocket, and the widget values it holds."""

    def __init__(self, base: str, *, timeout_s: float = 600.0) -> None:
        self.base = base.rstrip("/")
        self.http = httpx.AsyncClient(follow_redirects=True, timeout=timeout_s)
        self.timeout_s = timeout_s
        self.socket: Any = None
        self.pages: dict[str, str] = {}  # url path ("log") -> page script hash
        self.states: dict[str, WidgetState] = {}

    async def open(self) -> None:
        """Load the page and connect, as a browser does when the address is typed."""
        await self.close_socket()
        (await self.http.get(f"{self.base}/")).raise_for_status()
        # The frontend asks for health before it connects; that answer sets the XSRF cookie.
        (await self.http.get(f"{self.base}/_stcore/health")).raise_for_status()
        xsrf = self.http.cookies.get("_streamlit_xsrf")
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies.jar)
        self.socket = await websockets.connect(
            self.base.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=["streamlit", *([xsrf] if xsrf else [])],  # type: ignore[list-item]
            origin=self.base,  # type: ignore[arg-type]
            additional_headers={"Cookie": cookies},
            max_size=None,
            open_timeout=self.timeout_s,
            ping_interval=None,  # a busy server answers late; the browser does not ping either
            proxy=None,
        )
        self.states = {}

    async def close_socket(self) -> None:
        if self.socket is not None:
            await self.socket.close()
            self.socket = None

    async def close(self) -> None:
        await self.close_socket()
        await self.http.aclose()

    async def run(self, page: str, *, set: dict[str, WidgetState] | None = None) -> Run:
        """Ask for a run of ``page`` ("" for the first page) with the widget values held plus
        ``set`` (a trigger in it is sent once), and read until it has finished."""
        for widget_id, state in (set or {}).items():
            self.states[widget_id] = state
        message = BackMsg()
        client = message.rerun_script
        client.page_name = page
        client.page_script_hash = self.pages.get(page, "")
        client.query_string = ""
        client.context_info.timezone = "UTC"
        client.context_info.locale = "en-GB"
        client.context_info.url = f"{self.base}/{page}"
        client.widget_states.widgets.extend(self.states.values())
        self.states = {
            i: s for i, s in self.states.items() if s.WhichOneof("value") != "trigger_value"
        }
        started = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        run = Run()
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await self.socket.recv())
            kind = forward.WhichOneof("type")
            if kind == "navigation":
                for app_page in forward.navigation.app_pages:
                    self.pages[app_page.url_pathname] = app_page.page_script_hash
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                run.elements.append(element)
                if element.WhichOneof("type") == "exception":
                    run.exceptions.append(element.exception.message)
            elif kind == "auth_redirect":
                run.redirect = forward.auth_redirect.url
            elif kind == "script_finished":
                if forward.script_finished == EARLY_FOR_RERUN:
                    continue  # the rerun's messages follow on this socket
                if forward.script_finished == COMPILE_ERROR:
                    raise ProtocolError("the page did not compile")
                run.seconds = time.perf_counter() - started
                return run

    async def log_in(self, issuer: str, who: str) -> Run:
        """Press "Log in", consent at the provider as ``who``, and come back logged in: the
        first page's run after the login."""
        first = await self.run("")
        button = first.widget("button", "Log in")
        pressed = await self.run("", set={button.id: trigger(button.id)})
        if pressed.redirect is None:
            raise ProtocolError("Log in did not send the browser to the provider")
        consent = await self.http.get(urllib.parse.urljoin(self.base + "/", pressed.redirect))
        consent.raise_for_status()
        if not str(consent.url).startswith(issuer):
            raise ProtocolError(f"Log in went to {consent.url}, not the provider")
        form = _Form()
        form.feed(consent.text)
        answer = await self.http.post(
            urllib.parse.urljoin(str(consent.url), form.action or ""),
            data={**form.fields, "sub": who},
        )
        answer.raise_for_status()
        if "_streamlit_user" not in {c.name for c in self.http.cookies.jar}:
            raise ProtocolError("the app set no login cookie")
        await self.open()
        return await self.run("")


def trigger(widget_id: str) -> WidgetState:
    """A button press."""
    return WidgetState(id=widget_id, trigger_value=True)


def value(widget_id: str, **kind: Any) -> WidgetState:
    """A widget's value, e.g. ``value(id, double_array_value=[3.0])``; lists go in their
    array messages."""
    state = WidgetState(id=widget_id)
    for name, held in kind.items():
        target = getattr(state, name)
        if isinstance(held, list):
            target.data.extend(held)
        else:
            setattr(state, name, held)
    return state
