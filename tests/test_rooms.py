"""The package's rooms and which way they may import: domain/ (the rules and the catalog) needs
no other room; journal/ (the files on disk) and analysis/ (findings and charts) build on domain/
only; ui/ (what pages share) may use them all, and is the only room that imports Streamlit.
A module that breaks this fails here with the import it should not make."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "lumbarlog"

# Room -> the rooms (and top-level modules) of the package it may import.
ALLOWED: dict[str, set[str]] = {
    "paths": set(),
    "clock": set(),
    "version": set(),
    "domain": {"domain", "paths"},
    "journal": {"journal", "domain", "paths", "clock"},
    "analysis": {"analysis", "domain", "paths"},
    "report": {"report", "analysis", "domain", "paths", "version"},
    "ui": {"ui", "report", "analysis", "journal", "domain", "paths", "clock", "version"},
}
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def room_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def package_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import of the package or of Streamlit in the file."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module == "lumbarlog":  # from lumbarlog import clock, ui
                found += [(node.lineno, f"lumbarlog.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return [(line, m) for line, m in found if m.split(".")[0] in ("lumbarlog", "streamlit")]


def test_every_room_is_known() -> None:
    assert {room_of(p) for p in MODULES if p.name != "__init__.py" or p.parent != PACKAGE} <= set(
        ALLOWED
    )


def wrong_imports(path: Path, room: str) -> list[str]:
    """The imports of ``path`` that its room may not make, each with its line and why."""
    wrong = []
    for line, module in package_imports(path):
        if module.split(".")[0] == "streamlit":
            if room != "ui":
                wrong.append(f"line {line}: {module} (only lumbarlog/ui imports Streamlit)")
            continue
        target = module.split(".")[1] if "." in module else "lumbarlog"
        if target not in ALLOWED[room]:
            wrong.append(f"line {line}: {module} ({room}/ may not import {target}/)")
    return wrong


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_each_module_imports_only_the_rooms_below_it(path: Path) -> None:
    if path.parent == PACKAGE and path.name == "__init__.py":
        return
    assert wrong_imports(path, room_of(path)) == []


def test_an_upward_import_or_streamlit_outside_ui_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import datetime\nfrom lumbarlog.journal import store\n"
        "def f():\n    import streamlit as st\n"
    )
    assert wrong_imports(bad, "domain") == [
        "line 2: lumbarlog.journal (domain/ may not import journal/)",
        "line 4: streamlit (only lumbarlog/ui imports Streamlit)",
    ]
    assert wrong_imports(bad, "ui") == []


# A module that outgrows this has usually taken on a second idea: split it by idea (see
# docs/ARCHITECTURE.md) rather than raise the number.
MAX_LINES = 400
PAGES = sorted((REPO / "app_pages").glob("*.py"))


@pytest.mark.parametrize("path", [*MODULES, *PAGES], ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_module_or_page_outgrows_one_idea(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines"
