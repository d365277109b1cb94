"""The app uses only Streamlit's public API: `import streamlit as st`, nothing below it.

Private modules (streamlit.runtime, streamlit.web.server, ...) change without notice between
releases; an app that reaches into them breaks on an upgrade that the pinned ranges allow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
APP_MODULES = sorted(
    [
        REPO / "streamlit_app.py",
        REPO / "serve.py",
        *(REPO / "lumbarlog").rglob("*.py"),
        *(REPO / "app_pages").glob("*.py"),
    ]
)


def imported_modules(path: Path) -> list[str]:
    """Every module the file imports, anywhere in it (inside functions too)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(node.module)
            if node.module == "streamlit":  # from streamlit import runtime
                found += [f"streamlit.{alias.name}" for alias in node.names]
    return found


def test_the_app_modules_are_all_found() -> None:
    names = {p.relative_to(REPO).as_posix() for p in APP_MODULES}
    assert {"streamlit_app.py", "serve.py", "lumbarlog/ui/__init__.py", "app_pages/log.py"} <= names


@pytest.mark.parametrize("path", APP_MODULES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_module_of_the_app_imports_streamlit_internals(path: Path) -> None:
    private = [m for m in imported_modules(path) if m.startswith("streamlit.")]
    assert private == [], f"{path.name} imports {private}; use `import streamlit as st`"


def test_the_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "import streamlit as st\n"
        "def f():\n"
        "    from streamlit.runtime.pages_manager import PagesManager\n"
        "from streamlit import runtime\n",
        encoding="utf-8",
    )
    assert set(imported_modules(module)) == {
        "streamlit",
        "streamlit.runtime",
        "streamlit.runtime.pages_manager",
    }
