"""Where the app's own folders are: the repository the package lives in, its shipped catalog and
the default journal folder. One place, so moving a module never moves a folder."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CATALOG_DIR = REPO_ROOT / "data" / "catalog"
DEFAULT_JOURNAL_DIR = REPO_ROOT / "data" / "journal"
