"""Reading the catalog's TOML files strictly: the error that names the file, the entry and the
field, and the checks every [[table]] of a catalog file goes through (an id, not taken twice,
no unknown keys, texts and choices of the right kind)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lumbarlog.domain.schema import EXERCISE_ID_PATTERN


class CatalogError(ValueError):
    """A catalog file that is not right, naming the file, the entry and the field."""


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise CatalogError(f"{path.name}: the file is missing from {path.parent}") from None
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{path.name}: is not valid TOML ({error})") from None


@dataclass(frozen=True)
class Table:
    """One table of a catalog file, and how to name it in a message."""

    file: str
    label: str
    data: Mapping[str, Any]

    def fail(self, message: str) -> CatalogError:
        return CatalogError(f"{self.file}: {self.label} {message}")

    def check_keys(self, allowed: tuple[str, ...], where: str = "") -> None:
        for key in self.data:
            if key not in allowed:
                raise self.fail(f"{where}has an unknown field {key!r}")

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.data.get(key)
        if value is None and not required:
            return default
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"has no {key}" if value is None else f"{key} must be text")
        return value.strip()

    def choice(self, key: str, options: tuple[str, ...]) -> str:
        value = self.text(key)
        if value not in options:
            raise self.fail(f"{key} {value!r} is not one of {', '.join(options)}")
        return value

    def identifier(self, key: str = "id") -> str:
        value = self.text(key)
        if not EXERCISE_ID_PATTERN.match(value):
            raise self.fail(f"{key} {value!r} must be lower-case letters, digits, _ or -")
        return value

    def terms(self, key: str, *, allow_star: bool = True) -> tuple[str, ...]:
        """A non-empty list of words or phrases as notes are read (see _TERM)."""
        values = self.texts(key, allow_empty=False)
        for value in values:
            if value.count(" ") >= LONGEST_TERM:
                raise self.fail(f"{key} {value!r} has more than {LONGEST_TERM} words")
            if not _TERM.match(value) or (value.endswith("*") and not allow_star):
                ending = ", the last word may end in *" if allow_star else ""
                raise self.fail(
                    f"{key} {value!r} must be lower-case words and digits, one space apart{ending}"
                )
        return values

    def texts(self, key: str, *, allow_empty: bool) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            raise self.fail(f"has no {key}")
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            raise self.fail(f"{key} must be a list of non-empty texts")
        if not value and not allow_empty:
            raise self.fail(f"{key} is empty")
        return tuple(item.strip() for item in value)


def tables(
    file: str,
    kind: str,
    items: Sequence[Any],
    keys: tuple[str, ...],
    taken: Container[str],
    *,
    twice: str = "appears twice",
) -> Iterator[tuple[str, Table, Any]]:
    """Each [[kind]] table of a file with its id, checked: an id, not one already ``taken``,
    and no unknown keys. Errors name the table by its id once it has one."""
    for number, item in enumerate(items, start=1):
        item_id = Table(file, f"{kind} #{number}", item).identifier()
        entry = Table(file, f"{kind} {item_id!r}", item)
        if item_id in taken:
            raise entry.fail(twice)
        entry.check_keys(keys)
        yield item_id, entry, item


@dataclass(frozen=True)
class AnyOf:
    """Ids taken in any of several collections, as they are now (they may still grow)."""

    groups: tuple[Container[str], ...]

    def __contains__(self, item: object) -> bool:
        return any(item in group for group in self.groups)


# A word or phrase of a mention: lower-case words and digits separated by single spaces; the
# last word may end in * to match any ending.
_TERM = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+)*\*?$")

LONGEST_TERM = 6  # words; lumbarlog/domain/red_flags.py relies on it to look only close by
