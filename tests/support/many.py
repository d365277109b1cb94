"""scripts/serve-many for tests and benchmarks: several app servers behind Caddy, started with
the environment given, stopped (with every server) afterwards."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
START_TRIES = 600  # of 0.2 s each at most: the servers start one after another


class CaddyMissing(RuntimeError):
    pass


@contextmanager
def serve_many(servers: int, port: int, env: Mapping[str, str], log_path: Path) -> Iterator[str]:
    """Yield the service's address once it answers (Caddy on ``port``, servers above it)."""
    if shutil.which("caddy") is None:
        raise CaddyMissing("serve-many needs Caddy (apt-get install caddy; .ci/run does)")
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(REPO / "scripts" / "serve-many"), str(servers), str(port)],
            cwd=REPO,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://localhost:{port}"
    try:
        for _ in range(START_TRIES):
            if process.poll() is not None:
                raise RuntimeError(f"serve-many stopped; see {log_path}")
            with (
                contextlib.suppress(urllib.error.URLError, OSError),
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer,
            ):
                if answer.status == 200:
                    break
            # Waiting on the script itself (it is starting servers), not sleeping blind.
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.2)
        else:
            raise RuntimeError(f"serve-many did not answer; see {log_path}")
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
