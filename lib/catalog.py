"""Exercises, routines and tips, read from data/catalog/*.toml and checked when loaded."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CATALOG_DIR = Path(__file__).resolve().parent.parent / "data" / "catalog"


class CatalogError(ValueError):
    """A catalog file that is not right, naming the entry and the field."""


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str


@dataclass(frozen=True)
class Catalog:
    exercises: Mapping[str, Exercise]

    def exercise_name(self, exercise_id: str) -> str:
        """The exercise's name, or its id if the catalog no longer has it."""
        exercise = self.exercises.get(exercise_id)
        return exercise.name if exercise else exercise_id


@cache
def load(folder: Path = CATALOG_DIR) -> Catalog:
    """Read and check the catalog. Cached: the shipped files do not change while the app runs."""
    path = Path(folder) / "exercises.toml"
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    exercises: dict[str, Exercise] = {}
    for index, item in enumerate(data.get("exercise", []), start=1):
        for key in ("id", "name"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise CatalogError(f"{path.name}: exercise #{index} has no {key}")
        if item["id"] in exercises:
            raise CatalogError(f"{path.name}: exercise {item['id']!r} appears twice")
        exercises[item["id"]] = Exercise(id=item["id"], name=item["name"])
    return Catalog(exercises=exercises)


def exercise_ids() -> frozenset[str]:
    """The ids a journal entry may name."""
    return frozenset(load().exercises)
