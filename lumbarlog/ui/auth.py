"""Login, when Lumbar Log runs as a service for many people (a database configured): no page
opens before the person has logged in with the service's OpenID Connect provider (``[auth]``
in .streamlit/secrets.toml, through ``st.login``), each person is known by the provider's
subject id (``st.user.sub``), and "Log out" ends it. Without a database, the app is the
person's own on their own computer, and nothing here applies."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from lumbarlog.journal import repository
from lumbarlog.ui.markup import plain

CONNECTION = "lumbarlog"  # [connections.lumbarlog] url = "postgresql+psycopg://..."
PROVIDER_TIMEOUT_S = 5


def database_url() -> str | None:
    """The service's database: LUMBARLOG_DATABASE_URL, else ``url`` of
    ``[connections.lumbarlog]`` in secrets.toml; None runs the app for one person on CSV."""
    found = repository.database_url()
    if found:
        return found
    try:
        connections: Mapping[str, Any] = st.secrets.get("connections", {})
    except FileNotFoundError:  # no secrets.toml at all
        return None
    url = connections.get(CONNECTION, {}).get("url")
    return str(url) if url else None


def service_on() -> bool:
    return database_url() is not None


def person() -> str | None:
    """The logged-in person's id (the provider's ``sub``), or None."""
    # Without an [auth] section, st.user has no is_logged_in at all.
    if not st.user.get("is_logged_in", False):
        return None
    sub = st.user.get("sub")
    return str(sub) if sub else None


def _metadata_url() -> str | None:
    try:
        auth: Mapping[str, Any] = st.secrets.get("auth", {})
    except FileNotFoundError:
        return None
    url = auth.get("server_metadata_url")
    return str(url) if url else None


def provider_reachable(url: str) -> bool:
    """Whether the login provider answers (its OpenID configuration), so that a press on
    "Log in" does not end on a bare error page."""
    try:
        with urllib.request.urlopen(url, timeout=PROVIDER_TIMEOUT_S) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def require_login() -> None:
    """In a service, the login screen until the person has logged in (then nothing)."""
    if not service_on() or person() is not None:
        return
    st.title("Lumbar Log", anchor=False)
    st.write(
        "A private pain journal: each person sees only their own. Log in to open yours; the "
        "first time, an empty journal is made for you."
    )
    metadata = _metadata_url()
    if metadata is None:
        st.error(
            "Login is not set up on this server: its administrator needs to add an [auth] "
            'section to .streamlit/secrets.toml (see the README, "Run it for many people").',
            icon=":material/error:",
        )
    elif not provider_reachable(metadata):
        st.error(
            f"The login service at {urlsplit(metadata).netloc} cannot be reached just now, so "
            "no one can log in. Your journal is safe; try again in a few minutes.",
            icon=":material/cloud_off:",
        )
        st.button("Try again", icon=":material/refresh:")
    else:
        st.button("Log in", type="primary", icon=":material/login:", on_click=st.login)
    st.stop()


def sidebar_account() -> None:
    """Who is logged in, and "Log out", in the sidebar of every page of a service."""
    who = person()
    if who is None:
        return
    name = st.user.get("name") or st.user.get("email") or who
    st.sidebar.caption(f"Logged in as {plain(name)}")
    st.sidebar.button("Log out", icon=":material/logout:", on_click=st.logout, key="log_out")
