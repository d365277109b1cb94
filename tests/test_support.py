"""tests/support: what the tests and the benchmarks share. The benchmarks import it, never the
other way round."""

from __future__ import annotations

from pathlib import Path

from tests.test_public_api import imported_modules

REPO = Path(__file__).resolve().parent.parent


def test_no_test_imports_the_benchmarks() -> None:
    found = {
        path.relative_to(REPO).as_posix(): [m for m in imported_modules(path) if m == "bench"
                                            or m.startswith(("bench.", "chromium"))]
        for path in (REPO / "tests").rglob("*.py")
    }  # fmt: skip
    assert {path: names for path, names in found.items() if names} == {}


def test_the_benchmark_starts_the_app_and_browser_from_tests_support() -> None:
    assert {"tests.support.browser", "tests.support.server"} <= set(
        imported_modules(REPO / "bench" / "chromium.py")
    )
