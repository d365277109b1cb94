"""The Routines page shows each exercise's start and end pictures, labelled in words and
described for screen readers, where a person follows a routine and in the exercise library."""

from __future__ import annotations

import base64
from pathlib import Path

from streamlit.testing.v1 import AppTest

from lumbarlog.domain import catalog
from lumbarlog.ui import figures

from .test_pages import open_page


def pictures(node) -> list[tuple[str, str, str]]:
    """(caption, alt, the SVG drawn) of every image under ``node``, in page order."""
    shown = []
    for element in node.get("image"):
        for img in element.proto.imgs:
            svg = base64.b64decode(img.url.removeprefix("data:image/svg+xml;base64,")).decode()
            shown.append((img.caption, img.alt, svg))
    return shown


def expected(exercise_id: str) -> list[tuple[str, str, str]]:
    exercise = catalog.load().exercises[exercise_id]
    return [
        (label, figures.figure_alt(exercise, which), figures.figure_svg(exercise, which))
        for label, which in (("Start", "start"), ("End", "end"))
    ]


def test_the_player_shows_where_the_step_starts_and_ends(journal_dir: Path) -> None:
    app = open_page("app_pages/routines.py")
    app.selectbox(key="routine").set_value("relief_60_seconds").run()
    app.button(key="routines_start").click().run()
    assert not app.exception
    first = catalog.load().routines["relief_60_seconds"].steps[0].exercise.id
    shown = pictures(app.tabs[0])
    assert shown == expected(first)
    # The next exercise brings its own pair.
    for _ in range(10):
        if current_exercise(app) != first:
            break
        app.button(key="routines_skip").click().run()
    second = current_exercise(app)
    assert second != first
    assert pictures(app.tabs[0]) == expected(second)


def current_exercise(app: AppTest) -> str:
    names = {e.name: e.id for e in catalog.load().exercises.values()}
    return next(names[h.value] for h in app.tabs[0].subheader if h.value in names)


def test_the_library_shows_every_exercise_from_start_to_end(journal_dir: Path) -> None:
    app = open_page("app_pages/routines.py")
    shipped = catalog.load().exercises
    for exercise in shipped.values():
        [expander] = [e for e in app.expander if e.label.startswith(f"{exercise.name} · ")]
        assert pictures(expander) == expected(exercise.id)
    alts = [alt for _caption, alt, _svg in pictures(app.tabs[1])]
    assert len(alts) == len(set(alts)) == 2 * len(shipped)
