"""A login provider for tests: oidc-provider-mock, a real OpenID Connect provider on a free
localhost port (its consent page takes any subject id and "Authorize"), and the secrets file
that points the app's ``st.login`` at it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.server import free_port


@contextmanager
def mock_provider() -> Iterator[str]:
    """The provider's issuer address, while it runs (in a thread of this process)."""
    import oidc_provider_mock  # imported when used: Authlib warns of its own old modules

    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


def dead_provider() -> str:
    """An issuer address where nothing listens: a login provider that is down."""
    return f"http://localhost:{free_port()}"


def secrets_file(folder: Path, *, app_port: int, issuer: str | None) -> Path:
    """.streamlit/secrets.toml for an app on ``app_port`` logging in with ``issuer`` (none:
    login not set up)."""
    path = folder / "secrets.toml"
    auth = (
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        'cookie_secret = "only-for-tests-0123456789abcdef"\n'
        'client_id = "lumbarlog"\n'
        'client_secret = "only-for-tests"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
        if issuer
        else ""
    )
    path.write_text(auth, encoding="utf-8")
    return path
