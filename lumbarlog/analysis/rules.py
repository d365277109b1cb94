"""The rules findings follow and the data they need, as numbers. Named here so that the page's
"How is this computed?" and the Learn page can quote them, and so that every module of the
analysis judges by the same ones.
"""

from __future__ import annotations

# The interval shown with every finding, and the one it is judged by. 99% rather than 95%:
# a person looks again every week, and each look is another chance to be misled.
CLAIM_LEVEL = 0.99
# Links (exercise, sitting, each exercise) use a range that follows how much data there is,
# shaped like an always-valid (confidence sequence) boundary: LINK_LEVEL where a journal first
# has enough pairs of days to judge by (EARLY_PAIRS), wider before (by the square root of
# EARLY_PAIRS over the pairs) and slowly wider after (by the square root of 1 + LATE_WIDENING
# times the log of pairs over LATE_PAIRS), because a person who keeps looking every week gets
# ever more chances to be misled. bench/findings.py measured the shape: a real 1-point benefit
# found in 90-day journals, few false links over a year of weekly looks.
LINK_LEVEL = 0.97
LATE_PAIRS = 75
LATE_WIDENING = 2.0

ROLLING_DAYS = 7
ROLLING_MIN_LOGGED_DAYS = 4

DEFAULT_TREND_WINDOW_DAYS = 28
MIN_TREND_DAYS = 10
# How much pain carries over from day to day is measured from this many logged days; with
# fewer, at least TYPICAL_CARRY_OVER is assumed (daily pain is usually strongly autocorrelated).
MIN_DAYS_FOR_CARRY_OVER = 60
TYPICAL_CARRY_OVER = 0.7
# The page may be looked at this often; trends are judged allowing for every such look.
LOOK_EVERY_DAYS = 7

MIN_CORRELATION_PAIRS = 14
MIN_DAYS_PER_GROUP = 5
MIN_SESSION_PAIRS = 5
# "About the same": the whole interval within this many points either way. For sitting, the
# difference that SITTING_SPAN_HOURS more hours make.
ABOUT_THE_SAME_POINTS = 1.0
SITTING_SPAN_HOURS = 3.0
# Exercises done (or skipped) together on at least this share of days cannot be told apart.
TOGETHER_SHARE = 0.95
# Day-of-week terms from this many pairs of days; a smooth drift (spline) from DRIFT_SPLINE_DAYS.
MIN_PAIRS_FOR_WEEKDAYS = 56
# Days left over for the errors (rows minus model terms) before any link is judged.
MIN_RESIDUAL_DAYS = 10
EARLY_PAIRS = 80
DRIFT_SPLINE_DAYS = 120
DRIFT_DAYS_PER_KNOT = 90
# "Would likely settle it" is not promised beyond this.
MAX_SETTLE_DAYS = 730

# Farrar et al. 2001 (Pain 94:149): about 2 points and 30% on the 0-10 scale is a change that
# people themselves call meaningful. Both must hold, and the change must be larger than the
# person's own smallest detectable change.
MEANINGFUL_CHANGE_POINTS = 2.0
MEANINGFUL_CHANGE_FRACTION = 0.30
BASELINE_DAYS = 14
RECENT_DAYS = 14
MIN_LOGGED_IN_WINDOW = 7
# The diary "began in a flare" when its first two weeks were this far above the rest.
FLARE_START_POINTS = 1.0
IMPROVED = "improved"
WORSE = "worse"
NO_MEANINGFUL_CHANGE = "no meaningful change"

# A flare: at least FLARE_MIN_DAYS logged days in a row above the usual level by the larger of
# FLARE_RISE_POINTS and FLARE_SPREADS times the person's own day-to-day spread.
FLARE_RISE_POINTS = 2.0
FLARE_SPREADS = 2.0
FLARE_MIN_DAYS = 3
FLARE_REFERENCE_DAYS = 14
FLARE_MIN_REFERENCE_DAYS = 4

# Pain values are whole numbers and means of few of them; this only keeps 0.1 + 0.2 style
# rounding from moving a value that sits exactly on a threshold to the wrong side.
TOLERANCE = 1e-9

# What a finding with a range is: its range leaves out zero, lies within the "about the same"
# band, or neither.
CLEAR = "clear"
ABOUT_THE_SAME = "about the same"
CANT_TELL = "can't tell yet"
