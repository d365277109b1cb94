"""The body the pictures are drawn from: one set of limb lengths, posed by joint angles or by
where a hand or foot should be, so every figure has the same proportions.

Angles are in degrees, counter-clockwise from pointing right, as on a maths diagram (the SVG's
y axis points down; ``step`` turns one into the other). A figure seen from the side lies with
its head on the left; one seen from above lies along the picture, head on the left too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]
Line = tuple[Point, ...]
Rect = tuple[float, float, float, float]  # x, y, width, height

FLOOR_Y = 106  # the floor's top in the picture; a mat lies on it, people on the mat

# Segment lengths of the body at scale 1, in picture units (the picture is 200 wide).
TORSO = 46  # hip to shoulder
NECK = 15  # shoulder to the centre of the head
HEAD = 8  # head radius
UPPER_ARM = 24
FOREARM = 22
THIGH = 34
SHIN = 32
FOOT = 9


@dataclass(frozen=True)
class Figure:
    """What one picture draws: a head, the limbs nearest the viewer (solid), the limbs on the
    far side (lighter, drawn behind), props (mat, chair, bed) as rectangles, and whether the
    figure is seen from above."""

    head: Point
    head_radius: float
    near: tuple[Line, ...]
    far: tuple[Line, ...] = ()
    props: tuple[Rect, ...] = ()
    from_above: bool = False
    trunk: Line = ()  # seen from above, the trunk as a filled outline


def step(start: Point, angle: float, length: float) -> Point:
    """The point ``length`` away from ``start`` in direction ``angle``."""
    radians = math.radians(angle)
    return (
        round(start[0] + length * math.cos(radians), 1),
        round(start[1] - length * math.sin(radians), 1),
    )


def chain(start: Point, *segments: tuple[float, float]) -> Line:
    """A limb from ``start``: each segment is (angle, length)."""
    points = [start]
    for angle, length in segments:
        points.append(step(points[-1], angle, length))
    return tuple(points)


def angle_to(start: Point, end: Point) -> float:
    return math.degrees(math.atan2(start[1] - end[1], end[0] - start[0]))


def reach(root: Point, target: Point, first: float, second: float, bend: int) -> Line:
    """A two-segment limb from ``root`` whose end is at ``target`` (or as near as the limb
    reaches): ``bend`` +1 puts the middle joint (elbow, knee) on the left of the line from root
    to target, -1 on its right."""
    distance = math.dist(root, target)
    distance = min(max(distance, abs(first - second) + 0.01), first + second - 0.01)
    cosine = (first**2 + distance**2 - second**2) / (2 * first * distance)
    opening = math.degrees(math.acos(max(-1.0, min(1.0, cosine))))
    middle = step(root, angle_to(root, target) + bend * opening, first)
    end = step(middle, angle_to(middle, target), second)
    return (root, middle, end)


@dataclass(frozen=True)
class To:
    """A limb placed by where its end goes (a hand, an ankle): ``bend`` +1 or -1 says which
    way the elbow or knee points (see ``reach``); ``foot`` is the foot's angle."""

    point: Point
    bend: int
    foot: float = 0


Limb = tuple[float, ...] | To  # joint angles from the root outwards, or where the end goes


@dataclass(frozen=True)
class Side:
    """A figure seen from the side, posed from the hip outwards: ``torso`` and ``neck`` are
    angles, an arm is (upper arm, forearm) angles and a leg (thigh, shin, foot) angles, or
    ``To`` where the hand or ankle goes."""

    hip: Point
    torso: float
    neck: float
    near_arm: Limb
    near_leg: Limb
    far_arm: Limb | None = None
    far_leg: Limb | None = None
    scale: float = 1.0

    def shoulder(self) -> Point:
        return step(self.hip, self.torso, TORSO * self.scale)

    def arm(self, spec: Limb) -> Line:
        upper, fore = UPPER_ARM * self.scale, FOREARM * self.scale
        if isinstance(spec, To):
            return reach(self.shoulder(), spec.point, upper, fore, spec.bend)
        return chain(self.shoulder(), *zip(spec, (upper, fore), strict=True))

    def leg(self, spec: Limb) -> Line:
        thigh, shin, foot = THIGH * self.scale, SHIN * self.scale, FOOT * self.scale
        if isinstance(spec, To):
            hip, knee, ankle = reach(self.hip, spec.point, thigh, shin, spec.bend)
            return (hip, knee, ankle, step(ankle, spec.foot, foot))
        return chain(self.hip, *zip(spec, (thigh, shin, foot), strict=True))

    def figure(self, *props: Rect) -> Figure:
        shoulder = self.shoulder()
        far = []
        if self.far_arm is not None:
            far.append(self.arm(self.far_arm))
        if self.far_leg is not None:
            far.append(self.leg(self.far_leg))
        return Figure(
            head=step(shoulder, self.neck, NECK * self.scale),
            head_radius=HEAD * self.scale,
            near=((self.hip, shoulder), self.leg(self.near_leg), self.arm(self.near_arm)),
            far=tuple(far),
            props=props,
        )


Segments = tuple[tuple[float, float], ...]  # (angle, share of the segment's length seen)


@dataclass(frozen=True)
class Above:
    """A figure lying along the picture, seen from above. ``spine`` is the angle from the hips
    to the shoulders and ``shoulders`` how wide the shoulders look (1 flat on the back, small
    when lying on one side). An arm is (upper arm, forearm) and a leg (thigh, shin, foot) as
    (angle, share) segments: seen from above a limb that points up looks shorter, so each says
    what share of its length shows. Limbs are upper or lower (nearer the top or the bottom of
    the picture); those named in ``under`` are drawn lighter, beneath the others."""

    hip: Point
    spine: float
    arms: tuple[Segments, Segments]  # the upper arm, the lower arm
    legs: tuple[Segments, Segments]
    shoulders: float = 1.0
    hips: float = 1.0
    under: tuple[str, ...] = ()  # "upper arm", "lower arm", "upper leg", "lower leg"
    scale: float = 0.8

    def figure(self, *props: Rect) -> Figure:
        s = self.scale
        shoulder = step(self.hip, self.spine, TORSO * s)
        up = self.spine - 90  # towards the top of the picture when the head is on the left
        shoulder_ends = (
            step(shoulder, up, 12 * s * self.shoulders),
            step(shoulder, up, -12 * s * self.shoulders),
        )
        hip_ends = (step(self.hip, up, 9 * s * self.hips), step(self.hip, up, -9 * s * self.hips))

        def limb(start: Point, segments: Segments, lengths: tuple[float, ...]) -> Line:
            return chain(
                start,
                *((a, share * n * s) for (a, share), n in zip(segments, lengths, strict=False)),
            )

        limbs = {
            "upper arm": limb(shoulder_ends[0], self.arms[0], (UPPER_ARM, FOREARM)),
            "lower arm": limb(shoulder_ends[1], self.arms[1], (UPPER_ARM, FOREARM)),
            "upper leg": limb(hip_ends[0], self.legs[0], (THIGH, SHIN, FOOT)),
            "lower leg": limb(hip_ends[1], self.legs[1], (THIGH, SHIN, FOOT)),
        }
        return Figure(
            head=step(shoulder, self.spine, NECK * s),
            head_radius=HEAD * s,
            near=tuple(line for name, line in limbs.items() if name not in self.under),
            far=tuple(line for name, line in limbs.items() if name in self.under),
            props=props,
            from_above=True,
            trunk=(*shoulder_ends, hip_ends[1], hip_ends[0]),
        )
