"""Every exercise has two valid, titled, script-free SVG pictures, its start and its end, drawn
from one body; no two exercises share a picture, and the words say the movement."""

from __future__ import annotations

import dataclasses
import itertools
import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lumbarlog.domain import catalog, exercises
from lumbarlog.ui import figures
from lumbarlog.ui.figures import body

SVG = "{http://www.w3.org/2000/svg}"
EXERCISES = list(catalog.load().exercises.values())
PICTURES = [(exercise, which) for exercise in EXERCISES for which in ("start", "end")]


def picture_id(picture: tuple[exercises.Exercise, str]) -> str:
    return f"{picture[0].id}-{picture[1]}"


def geometry(svg: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """What the picture draws: every shape with its coordinates and colours, without the
    title and the ids that name the exercise, so two pictures that differ only in words
    count as the same drawing."""
    shapes = []
    for element in ET.fromstring(svg).iter():
        tag = element.tag.removeprefix(SVG)
        if tag in ("svg", "title", "g"):
            continue
        shapes.append((tag, tuple(sorted(element.attrib.items()))))
    return tuple(shapes)


def test_every_catalog_pose_has_a_drawing() -> None:
    assert set(figures.POSES) == set(exercises.POSES)


@pytest.mark.parametrize("picture", PICTURES, ids=picture_id)
def test_figure_is_valid_svg_with_a_title(picture) -> None:
    exercise, which = picture
    root = ET.fromstring(figures.figure_svg(exercise, which))
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == f"0 0 {figures.WIDTH} {figures.HEIGHT}"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == figures.figure_alt(exercise, which)
    assert root.get("aria-labelledby") == title.get("id")
    assert root.findall(f"{SVG}g/{SVG}polyline")
    assert root.find(f"{SVG}circle") is not None


@pytest.mark.parametrize("picture", PICTURES, ids=picture_id)
def test_figure_has_no_scripts_or_links(picture) -> None:
    root = ET.fromstring(figures.figure_svg(*picture))
    for element in root.iter():
        assert element.tag.removeprefix(SVG) not in {"script", "foreignObject", "a", "image"}
        for name in element.attrib:
            assert not name.lower().startswith("on")
            assert "href" not in name


def test_names_with_markup_are_escaped() -> None:
    exercise = dataclasses.replace(EXERCISES[0], name='Bridge <b>& "hold"</b>')
    for which in ("start", "end"):
        title = ET.fromstring(figures.figure_svg(exercise, which)).find(f"{SVG}title")
        assert title is not None and title.text is not None
        assert title.text.startswith('Bridge <b>& "hold"</b>')


def test_no_two_pictures_draw_the_same() -> None:
    drawings = {picture_id(p): geometry(figures.figure_svg(*p)) for p in PICTURES}
    same = [
        (a, b) for (a, one), (b, other) in itertools.combinations(drawings.items(), 2)
        if one == other
    ]  # fmt: skip
    assert same == []
    assert len(drawings) == 2 * len(EXERCISES) == 26


def test_each_exercise_moves_from_its_start_to_a_different_end() -> None:
    for exercise in EXERCISES:
        assert exercise.start_pose != exercise.end_pose
        start, end = (geometry(figures.figure_svg(exercise, w)) for w in ("start", "end"))
        assert start != end, exercise.id


@pytest.mark.parametrize("name", sorted(figures.POSES))
def test_every_figure_stays_in_the_picture_and_on_the_floor(name: str) -> None:
    figure = figures.POSES[name].figure
    x, y = figure.head
    r = figure.head_radius
    assert r <= x <= figures.WIDTH - r and r <= y <= figures.HEIGHT - r
    for line in (*figure.near, *figure.far, figure.trunk):
        for px, py in line:
            assert 3 <= px <= figures.WIDTH - 3 and 3 <= py <= figures.HEIGHT - 3, (px, py)
            if not figure.from_above:
                assert py <= body.FLOOR_Y - 2, f"{name}: a limb goes through the floor"


@pytest.mark.parametrize("name", sorted(figures.POSES))
def test_every_figure_has_the_proportions_of_one_body(name: str) -> None:
    """Seen from the side nothing is foreshortened: the trunk, each upper arm and forearm,
    thigh, shin and foot have the body's lengths, at the figure's scale (its head's size)."""
    figure = figures.POSES[name].figure
    if figure.from_above:
        return
    scale = figure.head_radius / body.HEAD
    trunk, leg, arm = figure.near

    def lengths(line: body.Line) -> list[float]:
        return [round(math.dist(a, b) / scale, 0) for a, b in itertools.pairwise(line)]

    assert lengths(trunk) == [body.TORSO]
    for limb in (leg, *(line for line in figure.far if len(line) == 4)):
        assert lengths(limb) == [body.THIGH, body.SHIN, body.FOOT]
    for limb in (arm, *(line for line in figure.far if len(line) == 3)):
        assert lengths(limb) == [body.UPPER_ARM, body.FOREARM]
    head_to_shoulder = math.dist(figure.head, trunk[1]) / scale
    assert head_to_shoulder == pytest.approx(body.NECK, abs=0.2)


def test_the_legs_up_rest_ends_at_right_angles_on_a_chair() -> None:
    rest = catalog.load().exercises["legs_up_90_90_rest"]
    root = ET.fromstring(figures.figure_svg(rest, "end"))
    title = root.find(f"{SVG}title")
    assert title is not None and title.text is not None
    assert "right angles" in title.text and "chair" in title.text
    figure = figures.pose_of(rest, "end").figure
    hip, knee, ankle, _toe = figure.near[1]
    assert hip[0] == pytest.approx(knee[0], abs=0.1) and knee[1] < hip[1]  # thigh straight up
    assert knee[1] == pytest.approx(ankle[1], abs=0.1) and ankle[0] > knee[0]  # shin level
    seat = figure.props[1]  # the mat, then the chair's seat
    assert seat[0] < knee[0] < ankle[0] < seat[0] + seat[2]
    assert ankle[1] + 2.5 == pytest.approx(seat[1], abs=1)  # the shin rests on the seat


def test_every_picture_says_the_movement_for_screen_readers() -> None:
    alts = []
    for exercise in EXERCISES:
        start, end = figures.figure_alt(exercise, "start"), figures.figure_alt(exercise, "end")
        start_words = figures.pose_of(exercise, "start").description
        end_words = figures.pose_of(exercise, "end").description
        # Where the person starts, then how they move from there: read in order, the two
        # pictures tell the movement.
        assert start == f"{exercise.name}, start: {start_words}"
        assert end == f"{exercise.name}, end: {end_words}"
        assert end_words.startswith("then ") and len(end_words.split()) >= 6
        assert len(start_words.split()) >= 5
        alts += [start, end]
    assert len(set(alts)) == len(alts) == 26
    descriptions = [pose.description for pose in figures.POSES.values()]
    assert len(set(descriptions)) == len(descriptions)


def test_the_twists_say_they_are_seen_from_above() -> None:
    for name, pose in figures.POSES.items():
        if pose.figure.from_above and not pose.description.startswith("then "):
            assert pose.description.startswith("seen from above"), name


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_limb_stands_out_from_the_ground_it_is_drawn_on() -> None:
    """WCAG 1.4.11: a graphic's parts reach 3:1 against what is next to them."""
    for limb in (figures.FIGURE_COLOUR, figures.FAR_COLOUR):
        for ground in (figures.BACKGROUND, figures.MAT_COLOUR):
            assert contrast(limb, ground) >= 3, (limb, ground)


coordinate = st.floats(min_value=0, max_value=200, allow_nan=False)


@given(
    root=st.tuples(coordinate, coordinate),
    target=st.tuples(coordinate, coordinate),
    bend=st.sampled_from([1, -1]),
)
def test_a_limb_placed_by_its_end_keeps_its_lengths(root, target, bend) -> None:
    """Wherever a hand or foot is asked to go, the arm or leg keeps its two lengths, and gets
    there whenever it is long enough to."""
    start, middle, end = body.reach(root, target, body.THIGH, body.SHIN, bend)
    assert start == root
    assert math.dist(start, middle) == pytest.approx(body.THIGH, abs=0.2)
    assert math.dist(middle, end) == pytest.approx(body.SHIN, abs=0.2)
    if body.THIGH - body.SHIN + 0.5 <= math.dist(root, target) <= body.THIGH + body.SHIN - 0.5:
        assert math.dist(end, target) == pytest.approx(0, abs=0.3)
