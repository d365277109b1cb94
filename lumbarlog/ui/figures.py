"""A simple stick figure per exercise, drawn by code as SVG.

Each exercise names a ``start_pose`` in the catalog (see ``domain.exercises.POSES``); this module
draws each pose once, so a few pictures serve all exercises. The SVG has a ``<title>`` naming
the exercise and its start position for screen readers, a viewBox so it scales, and no
scripts or external references: it is safe to show as an image.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lumbarlog.domain.exercises import Exercise

WIDTH, HEIGHT = 200, 120
FLOOR_Y = 104
FIGURE_COLOUR = "#3d6fa6"  # a mid blue that reads on light and dark backgrounds
FLOOR_COLOUR = "#8f9aa6"
PROP_COLOUR = "#c9d1da"

Point = tuple[float, float]


@dataclass(frozen=True)
class Pose:
    """A stick figure: a head, limbs as polylines, and props (chair, bed) as rectangles."""

    description: str
    head: Point
    limbs: tuple[tuple[Point, ...], ...]
    props: tuple[tuple[float, float, float, float], ...] = ()  # x, y, width, height


POSES: Mapping[str, Pose] = {
    "back_legs_straight": Pose(
        description="lying on the back, legs straight, toes up",
        head=(28, 95),
        limbs=(
            ((36, 98), (100, 98)),
            ((100, 98), (140, 98), (176, 98), (179, 89)),
            ((44, 98), (88, 101)),
        ),
    ),
    "back_knees_bent": Pose(
        description="lying on the back, knees bent, feet flat",
        head=(28, 95),
        limbs=(
            ((36, 98), (100, 98)),
            ((100, 98), (128, 72), (150, 101), (162, 101)),
            ((44, 98), (88, 101)),
        ),
    ),
    "back_legs_90_90": Pose(
        description=(
            "lying on the back, hips and knees bent at right angles, lower legs resting on a "
            "chair seat"
        ),
        head=(28, 95),
        limbs=(
            ((36, 98), (100, 98)),
            # Thigh straight up from the hip, shin level on the seat: 90 degrees at both.
            ((100, 98), (100, 58), (150, 58)),
            ((44, 98), (88, 101)),
        ),
        props=((106, 62, 56, 42),),
    ),
    "in_bed": Pose(
        description="lying on the back in bed",
        head=(28, 71),
        limbs=(
            ((36, 74), (100, 74)),
            ((100, 74), (140, 74), (176, 74), (179, 65)),
            ((44, 74), (88, 77)),
        ),
        props=((10, 80, 180, 16), (14, 96, 8, 8), (178, 96, 8, 8)),
    ),
    "all_fours": Pose(
        description="on hands and knees, hands under shoulders, knees under hips",
        head=(38, 44),
        limbs=(
            ((50, 52), (120, 52)),
            ((52, 52), (52, 104)),
            ((120, 52), (120, 104), (168, 104)),
        ),
    ),
    "forearms_knees": Pose(
        description="face down, resting on forearms and knees",
        head=(34, 62),
        limbs=(
            ((46, 70), (118, 80)),
            ((48, 70), (48, 104), (80, 104)),
            ((118, 80), (132, 104), (168, 84)),
        ),
    ),
    "side_lying": Pose(
        description="lying on one side, top knee bent",
        head=(28, 94),
        limbs=(
            ((36, 97), (100, 97)),
            ((100, 98), (176, 100)),
            ((100, 96), (128, 82), (148, 98)),
            ((44, 96), (62, 86), (52, 90)),
        ),
    ),
    "standing_arms_up": Pose(
        description="standing, arms reaching overhead",
        head=(100, 20),
        limbs=(
            ((100, 29), (100, 66)),
            ((100, 66), (90, 104)),
            ((100, 66), (110, 104)),
            ((100, 35), (78, 6)),
            ((100, 35), (122, 6)),
        ),
    ),
    "walking": Pose(
        description="walking, arms swinging",
        head=(101, 20),
        limbs=(
            ((100, 29), (98, 66)),
            ((98, 66), (84, 104)),
            ((98, 66), (106, 86), (118, 102)),
            ((100, 35), (88, 58)),
            ((100, 35), (114, 56)),
        ),
    ),
}


def figure_alt(exercise: Exercise) -> str:
    """What the picture shows, for screen readers."""
    return f"{exercise.name}: the start position, {exercise.position}"


def figure_svg(exercise: Exercise) -> str:
    """An SVG picture of ``exercise``'s start position, titled with its name."""
    pose = POSES[exercise.start_pose]
    title = f"{exercise.name}: start position, {pose.description}"
    title_id = f"figure-{exercise.id}"
    props = "".join(
        f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="3" fill="{PROP_COLOUR}"/>'
        for x, y, w, h in pose.props
    )
    limbs = "".join(
        '<polyline points="' + " ".join(f"{x:g},{y:g}" for x, y in limb) + '"/>'
        for limb in pose.limbs
    )
    head_x, head_y = pose.head
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{title_id}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f"{props}"
        f'<line x1="4" y1="{FLOOR_Y + 2}" x2="{WIDTH - 4}" y2="{FLOOR_Y + 2}" '
        f'stroke="{FLOOR_COLOUR}" stroke-width="2"/>'
        f'<g fill="none" stroke="{FIGURE_COLOUR}" stroke-width="5" '
        f'stroke-linecap="round" stroke-linejoin="round">{limbs}</g>'
        f'<circle cx="{head_x:g}" cy="{head_y:g}" r="8" fill="{FIGURE_COLOUR}"/>'
        "</svg>"
    )
