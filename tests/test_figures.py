"""Every exercise has a valid, titled, script-free SVG picture."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from lumbarlog.domain import catalog, exercises
from lumbarlog.ui import figures

SVG = "{http://www.w3.org/2000/svg}"
EXERCISES = list(catalog.load().exercises.values())


def test_every_catalog_pose_has_a_drawing():
    assert set(figures.POSES) == set(exercises.POSES)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.id)
def test_figure_is_valid_svg_with_a_title(exercise):
    svg = figures.figure_svg(exercise)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == f"0 0 {figures.WIDTH} {figures.HEIGHT}"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text is not None
    assert title.text.startswith(exercise.name)
    assert root.get("aria-labelledby") == title.get("id")
    assert root.findall(f"{SVG}g/{SVG}polyline")
    assert root.find(f"{SVG}circle") is not None


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.id)
def test_figure_has_no_scripts_or_links(exercise):
    root = ET.fromstring(figures.figure_svg(exercise))
    for element in root.iter():
        assert element.tag.removeprefix(SVG) not in {"script", "foreignObject", "a", "image"}
        for name in element.attrib:
            assert not name.lower().startswith("on")
            assert "href" not in name


def test_names_with_markup_are_escaped():
    exercise = dataclasses.replace(EXERCISES[0], name='Bridge <b>& "hold"</b>')
    title = ET.fromstring(figures.figure_svg(exercise)).find(f"{SVG}title")
    assert title is not None and title.text is not None
    assert title.text.startswith('Bridge <b>& "hold"</b>')


def test_different_start_positions_get_different_pictures():
    shipped = catalog.load().exercises
    assert figures.figure_svg(shipped["glute_bridge"]) != figures.figure_svg(
        shipped["quadruped_hip_extension"]
    )
    assert "hands and knees" in figures.figure_svg(shipped["quadruped_hip_extension"])


def test_the_legs_up_rest_is_drawn_at_right_angles_on_a_chair():
    rest = catalog.load().exercises["legs_up_90_90_rest"]
    root = ET.fromstring(figures.figure_svg(rest))
    title = root.find(f"{SVG}title")
    assert title is not None and title.text is not None
    assert "right angles" in title.text and "chair" in title.text
    assert root.find(f"{SVG}rect") is not None  # the chair seat
    hip, knee, foot = figures.POSES[rest.start_pose].limbs[1]
    assert hip[0] == knee[0] and knee[1] < hip[1]  # thigh straight up
    assert knee[1] == foot[1] and foot[0] > knee[0]  # shin level


def test_every_picture_says_what_it_shows_for_screen_readers() -> None:
    for exercise in catalog.load().exercises.values():
        alt = figures.figure_alt(exercise)
        assert alt == f"{exercise.name}: the start position, {exercise.position}"
        assert exercise.position.strip()
