"""Two stick figures per exercise, its start and its end position, drawn by code as SVG.

Each exercise names a ``start_pose`` and an ``end_pose`` in the catalog (see
``domain.exercises.POSES``); ``poses`` draws each of them from one body (``body``), so every
figure has the same proportions, and says in words what it shows. Every SVG has a ``<title>``
for screen readers, a viewBox so it scales, and no scripts or external references: it is safe
to show as an image.
"""

from __future__ import annotations

from typing import Literal
from xml.sax.saxutils import escape

import streamlit as st

from lumbarlog.domain.exercises import Exercise
from lumbarlog.ui.figures.body import FLOOR_Y, Figure
from lumbarlog.ui.figures.poses import POSES, Pose

__all__ = [
    "HEIGHT",
    "POSES",
    "WIDTH",
    "Which",
    "figure_alt",
    "figure_svg",
    "phone_layout",
    "pose_of",
    "show_start_and_end",
]

WIDTH, HEIGHT = 200, 120
Which = Literal["start", "end"]
WHICH: tuple[Which, Which] = ("start", "end")
LABELS: dict[Which, str] = {"start": "Start", "end": "End"}

BACKGROUND = "#f3f6fa"  # the picture brings its own light ground, so it reads on any theme
FIGURE_COLOUR = "#2d5b8f"  # the limbs nearest the viewer
FAR_COLOUR = "#5f82ad"  # the limbs on the far side: lighter, still 3:1 on the ground
FLOOR_COLOUR = "#8f9aa6"
PROP_COLOUR = "#c3cedb"
MAT_COLOUR = "#e6ecf3"


def pose_of(exercise: Exercise, which: Which) -> Pose:
    end = exercise.end_pose
    return POSES[exercise.start_pose if which == "start" or end is None else end]


def drawn(exercise: Exercise) -> tuple[Which, ...]:
    """The pictures an exercise has: start and end, or only the start in a catalog from
    before end pictures."""
    return WHICH if exercise.end_pose is not None else ("start",)


def figure_alt(exercise: Exercise, which: Which) -> str:
    """What one picture shows, for screen readers: the start position, or the movement from
    it to the end position."""
    return f"{exercise.name}, {LABELS[which].lower()}: {pose_of(exercise, which).description}"


def _points(line: tuple[tuple[float, float], ...]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in line)


def _drawing(figure: Figure) -> str:
    props = "".join(
        f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="2" fill="{PROP_COLOUR}"/>'
        for x, y, w, h in figure.props
    )
    floor = (
        f'<rect x="8" y="6" width="{WIDTH - 16}" height="{HEIGHT - 12}" rx="4" '
        f'fill="{MAT_COLOUR}" stroke="{PROP_COLOUR}"/>'
        if figure.from_above
        else f'<line x1="4" y1="{FLOOR_Y + 1}" x2="{WIDTH - 4}" y2="{FLOOR_Y + 1}" '
        f'stroke="{FLOOR_COLOUR}" stroke-width="2"/>'
    )
    far = "".join(f'<polyline points="{_points(line)}"/>' for line in figure.far)
    near = "".join(f'<polyline points="{_points(line)}"/>' for line in figure.near)
    trunk = (
        f'<polygon points="{_points(figure.trunk)}" fill="{FIGURE_COLOUR}"/>'
        if figure.trunk
        else ""
    )
    head_x, head_y = figure.head
    limbs = 'fill="none" stroke-linecap="round" stroke-linejoin="round"'
    return (
        f"{floor}{props}"
        f'<g {limbs} stroke="{FAR_COLOUR}" stroke-width="4.5">{far}</g>'
        f'<g {limbs} stroke="{FIGURE_COLOUR}" stroke-width="5">{trunk}{near}</g>'
        f'<circle cx="{head_x:g}" cy="{head_y:g}" r="{figure.head_radius:g}" '
        f'fill="{FIGURE_COLOUR}"/>'
    )


def figure_svg(exercise: Exercise, which: Which = "start") -> str:
    """An SVG picture of ``exercise``'s start or end position, titled as ``figure_alt``."""
    title_id = f"figure-{exercise.id}-{which}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{title_id}">'
        f'<title id="{title_id}">{escape(figure_alt(exercise, which))}</title>'
        f'<rect width="{WIDTH}" height="{HEIGHT}" rx="6" fill="{BACKGROUND}"/>'
        f"{_drawing(pose_of(exercise, which).figure)}"
        "</svg>"
    )


# On a phone the two pictures share one row, so both show under the player's buttons; on a
# wider screen they may stack, each as wide as its column. Above them is room for the
# full-screen button Streamlit shows over a picture a finger rests on, so that it never covers
# the button above (the player's "Stop and save"). Only layout: the words are the captions and
# alt texts.
_PICTURES_KEY = "exercise_pictures"
_PHONE_LAYOUT = (
    "<style>@media (max-width: 640px) {"
    f' [class*="st-key-{_PICTURES_KEY}"] {{ flex-wrap: nowrap; padding-top: 2rem; }}'
    f' [class*="st-key-{_PICTURES_KEY}"] > [data-testid="stElementContainer"]'
    " { flex: 1 1 0; min-width: 0; }"
    "}</style>"
)


def phone_layout() -> None:
    """The pictures' layout on a phone; once per page that shows pictures."""
    st.html(_PHONE_LAYOUT)


def show_start_and_end(exercise: Exercise, place: str) -> None:
    """The start and end pictures, each labelled in words and described for screen readers.
    ``place`` tells apart two showings of one exercise on a page (player, library); the page
    calls ``phone_layout`` once."""
    with st.container(horizontal=True, gap="small", key=f"{_PICTURES_KEY}_{place}_{exercise.id}"):
        for which in drawn(exercise):
            st.image(
                figure_svg(exercise, which),
                caption=LABELS[which],
                width="stretch",
                alt=figure_alt(exercise, which),
            )
