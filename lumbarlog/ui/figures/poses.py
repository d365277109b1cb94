"""Every position the catalog can name, drawn and said in words.

A start position is said as where the person is ("lying on your back, knees bent, feet flat");
an end position as the movement from the start ("then lifting your hips until ..."), so the two
read in order tell the movement. Figures lie on a mat with the head on the left, or stand and
sit facing right; the twists are seen from above, where a knee falling to one side shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from lumbarlog.ui.figures.body import (
    FLOOR_Y,
    SHIN,
    THIGH,
    Above,
    Figure,
    Limb,
    Rect,
    Segments,
    Side,
    To,
    step,
)


@dataclass(frozen=True)
class Pose:
    description: str
    figure: Figure


MAT: Rect = (8, FLOOR_Y - 4, 184, 4)  # a mat on the floor, seen from the side
CHAIR: tuple[Rect, ...] = ((110, 67, 46, 6), (112, 73, 5, 33), (149, 73, 5, 33))  # seat, legs
BED: tuple[Rect, ...] = (
    (6, 78, 166, 12),  # mattress
    (10, 90, 7, 16),
    (159, 90, 7, 16),
    (10, 71, 24, 7),  # pillow
)
SEAT: tuple[Rect, ...] = ((56, 86, 28, 4), (54, 50, 4, 56), (80, 90, 4, 16))  # seat, back, leg

BACK_Y = 98  # the line of a body lying on the mat
HEAD_DOWN = 168  # the neck's angle when the head rests on the mat
LEGS_STRAIGHT: Limb = (0, 0, 90)  # toes pointing up
FEET_FLAT: Limb = To((140, BACK_Y + 1), 1, 0)
ON_BACK = Side(hip=(100, BACK_Y), torso=180, neck=HEAD_DOWN, near_arm=(-3, -1), near_leg=FEET_FLAT)
STANDING_SCALE = 0.62  # figures that stand or sit are drawn smaller, to fit their height
STANDING = Side(
    hip=(100, FLOOR_Y - 3 - (THIGH + SHIN) * STANDING_SCALE),  # the feet on the floor
    torso=90,
    neck=90,
    near_arm=(-78, -84),
    far_arm=(-98, -100),
    near_leg=(-88, -92, 0),
    far_leg=(-92, -90, 0),
    scale=STANDING_SCALE,
)
IN_BED = Side(
    hip=(86, 74), torso=180, neck=160, near_arm=(-3, -1), near_leg=To((120, 75), 1, 0), scale=0.85
)
HANDS_KNEES = Side(
    hip=(124, 65), torso=165, neck=180, near_arm=To((80, 99), 1), near_leg=(-90, 0, 0)
)

# Seen from above: arms out to the sides, legs straight, or knees up and a little apart with
# the feet flat (the legs look shorter, the knees show).
T_ARMS: tuple[Segments, Segments] = (((90, 1), (90, 1)), ((-90, 1), (-90, 1)))
STRAIGHT: Segments = ((0, 1), (0, 1), (0, 0.4))
BENT_UP: tuple[Segments, Segments] = (
    ((14, 0.65), (-16, 0.55), (0, 1)),
    ((-14, 0.65), (16, 0.55), (0, 1)),
)
ON_BACK_ABOVE = Above(hip=(112, 60), spine=180, arms=T_ARMS, legs=(STRAIGHT, STRAIGHT))
# On the side, facing the bottom of the picture: the top knee bent forward, its foot behind
# the bottom knee; the top hand on the shoulder blade, the bottom arm forward on the mat.
ON_SIDE_ABOVE = Above(
    hip=(112, 56),
    spine=180,
    shoulders=0.3,
    hips=0.35,
    under=("lower arm", "lower leg"),
    arms=(((-60, 0.8), (120, 0.9)), ((-100, 0.9), (-80, 0.9))),
    legs=(((-55, 1), (55, 0.8), (0, 0.5)), STRAIGHT),
)


def _crunch(lift: float) -> Figure:
    """Arms folded on the chest, hands at the shoulders; shoulders lifted ``lift`` degrees."""
    return replace(
        ON_BACK, torso=180 - lift, neck=HEAD_DOWN - 1.2 * lift, near_arm=(24 - lift, 180 - lift)
    ).figure(MAT)


def _knee_to_chest(other_leg: Limb) -> Figure:
    """One knee hugged to the chest, both hands on the shin just below the knee."""
    return replace(
        ON_BACK, near_leg=(112, -18, 60), near_arm=To((96, 70), -1), far_leg=other_leg
    ).figure(MAT)


def _bridge() -> Figure:
    """Shoulders on the mat, hips lifted so shoulder, hip and knee are in one line."""
    slope = 20
    hip = step((57, BACK_Y - 1), slope, 46)
    knee = step(hip, slope, 34)
    return replace(
        ON_BACK,
        hip=hip,
        torso=180 + slope,
        neck=172,
        near_arm=(-2, -1),
        near_leg=To((knee[0] + 13, BACK_Y + 1), 1, 0),
    ).figure(MAT)


def _forearm_plank() -> Figure:
    """Elbows under the shoulders, knees on the mat, shoulder, hip and knee in one line."""
    slope = 18.2  # the upper arm (24) upright: the shoulder 24 above the mat, the knee on it
    hip = step((140, BACK_Y + 1), 180 - slope, 34)
    return Side(
        hip=hip,
        torso=180 - slope,
        neck=180 - slope,
        near_arm=(-90, 180),
        far_arm=(-90, 185),
        near_leg=(-slope, 30, 30),
    ).figure(MAT)


POSES: Mapping[str, Pose] = {
    # ---- Partial crunch
    "back_knees_bent_arms_crossed": Pose(
        "lying on your back, knees bent, feet flat, arms crossed over your chest",
        _crunch(0),
    ),
    "shoulders_lifted_arms_crossed": Pose(
        "then lifting your head and shoulders a little way off the floor, arms still crossed",
        _crunch(22),
    ),
    # ---- Knee to chest, long hold
    "back_legs_straight": Pose(
        "lying on your back, legs straight, toes pointing up, arms by your sides",
        replace(ON_BACK, near_leg=LEGS_STRAIGHT).figure(MAT),
    ),
    "one_knee_to_chest_leg_straight": Pose(
        "then one knee drawn up to your chest with both hands, the other leg straight",
        _knee_to_chest(LEGS_STRAIGHT),
    ),
    # ---- Knee to chest, warm-up
    "back_knees_bent_hands_on_knees": Pose(
        "lying on your back, knees bent, feet flat, hands resting on your knees",
        replace(ON_BACK, near_arm=To((118, 70), -1)).figure(MAT),
    ),
    "one_knee_to_chest_foot_flat": Pose(
        "then one knee pulled in to your chest with both hands, the other foot flat",
        _knee_to_chest(FEET_FLAT),
    ),
    # ---- Lying knee twist (from above)
    "above_legs_straight_arms_out": Pose(
        "seen from above: lying on your back, legs straight, arms out to the sides",
        ON_BACK_ABOVE.figure(),
    ),
    "above_knee_across_body": Pose(
        "then one knee bent and lowered across your body to the other side, shoulders flat",
        replace(
            ON_BACK_ABOVE, under=("lower leg",), legs=(((-78, 1), (40, 0.8), (0, 0.4)), STRAIGHT)
        ).figure(),
    ),
    # ---- Lower back rotational stretch (from above)
    "above_knees_bent_arms_out": Pose(
        "seen from above: lying on your back, knees bent, feet flat, arms out to the sides",
        replace(ON_BACK_ABOVE, legs=BENT_UP).figure(),
    ),
    "above_knees_rolled_to_side": Pose(
        "then both knees rolled together to one side, shoulders staying flat",
        replace(
            ON_BACK_ABOVE,
            under=("lower leg",),
            legs=(((-42, 0.95), (35, 0.75), (20, 0.8)), ((-34, 0.95), (40, 0.75), (20, 0.8))),
        ).figure(),
    ),
    # ---- Glute bridge
    "back_knees_bent_arms_down": Pose(
        "lying on your back, knees bent, feet flat and hip-width apart, arms along the floor",
        replace(ON_BACK, near_arm=(-2, -1)).figure(MAT),
    ),
    "bridge_hips_lifted": Pose(
        "then lifting your hips until shoulders, hips and knees are in a straight line",
        _bridge(),
    ),
    # ---- Plank on elbows and knees
    "face_down_arms_by_sides": Pose(
        "lying face down, legs together, arms by your sides",
        replace(ON_BACK, neck=192, near_arm=(-2, 0), near_leg=(0, 0, -25)).figure(MAT),
    ),
    "forearms_knees_feet_lifted": Pose(
        "then raised onto your forearms and knees, lower legs lifted, body in a line",
        _forearm_plank(),
    ),
    # ---- Quadruped hip extension
    "all_fours": Pose(
        "on hands and knees, hands under your shoulders, knees under your hips",
        HANDS_KNEES.figure(MAT),
    ),
    "all_fours_knee_lifted_behind": Pose(
        "then one knee lifted behind you, bent at a right angle, thigh level with your hip",
        replace(HANDS_KNEES, near_leg=(0, 90, 0), far_leg=(-90, 0, 0)).figure(MAT),
    ),
    # ---- Lumbar flexion rotation stretch (from above)
    "above_side_lying_top_knee_bent": Pose(
        "seen from above: lying on your side, bottom leg straight, top foot tucked behind the "
        "bottom knee, top hand on your shoulder blade",
        ON_SIDE_ABOVE.figure(),
    ),
    "above_side_lying_shoulder_turned_back": Pose(
        "then your upper body turned so the top shoulder moves back towards the floor, hips "
        "and legs staying put",
        replace(
            ON_SIDE_ABOVE, shoulders=1.1, arms=(((150, 0.6), (-10, 0.6)), ON_SIDE_ABOVE.arms[1])
        ).figure(),
    ),
    # ---- Legs-up 90/90 rest
    "back_knees_bent_by_chair": Pose(
        "lying on your back in front of a chair, knees bent, feet flat on the floor",
        replace(ON_BACK, hip=(72, BACK_Y), near_leg=To((106, BACK_Y + 1), 1, 0)).figure(
            MAT, *CHAIR
        ),
    ),
    "back_legs_90_90": Pose(
        "then your lower legs resting on the chair seat, hips and knees bent at right angles",
        replace(ON_BACK, hip=(116, BACK_Y), near_leg=(90, 0, 90)).figure(MAT, *CHAIR),
    ),
    # ---- Getting out of bed
    "in_bed_knees_bent": Pose(
        "lying on your back in bed, knees bent, feet flat on the mattress",
        IN_BED.figure(*BED),
    ),
    "sitting_on_bed_edge": Pose(
        "then rolling onto your side in one piece, lowering your legs over the edge of the bed "
        "and pushing up to sit, feet on the floor",
        replace(
            IN_BED,
            hip=(140, 74),
            torso=82,
            neck=82,
            near_arm=To((128, 76), -1),
            near_leg=(0, -92, 0),
        ).figure(*BED),
    ),
    # ---- Stand-up break
    "sitting_on_chair": Pose(
        "sitting on a chair, feet on the floor, hands on your thighs",
        replace(
            STANDING,
            hip=(64, FLOOR_Y - 4 - SHIN * STANDING_SCALE),
            near_arm=To((80, 80), -1),
            far_arm=None,
            near_leg=(0, -90, 0),
            far_leg=None,
            neck=88,
        ).figure(*SEAT),
    ),
    "standing_arms_up": Pose(
        "then standing tall, both arms reaching up above your head",
        replace(STANDING, hip=(120, STANDING.hip[1]), near_arm=(58, 78), far_arm=(52, 72)).figure(
            *SEAT
        ),
    ),
    # ---- Walking break
    "standing_arms_down": Pose(
        "standing up straight, arms relaxed by your sides",
        STANDING.figure(),
    ),
    "walking": Pose(
        "then walking with relaxed steps, arms swinging",
        replace(
            STANDING,
            hip=(100, STANDING.hip[1] + 2),
            torso=86,
            neck=86,
            near_arm=(-115, -100),
            far_arm=(-65, -40),
            near_leg=(-68, -100, 0),
            far_leg=(-112, -125, -30),
        ).figure(),
    ),
}
