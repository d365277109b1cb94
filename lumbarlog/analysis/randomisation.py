"""The exact randomisation test of an n-of-1 pair design, and its interval.

Edgington & Onghena, Randomization Tests (4th ed., 2007): the design allowed 2^pairs
schedules, each pair of blocks "A then B" or "B then A" with equal chance. Under the sharp
null "the assignment makes no difference to any day's outcome", every schedule would have
given the same outcomes, and flipping a pair only flips the sign of its difference of block
means (A minus B). The statistic is the mean of the per-pair differences; the two-sided
p-value is the share of all 2^pairs schedules, the observed one included, whose statistic is
at least as far from zero. Every schedule is enumerated (at most 2^14 = 16,384). It is exact
whatever the autocorrelation and carry-over of pain.

The interval inverts the test over additive shifts: "A adds ``d`` points to every analysed A
day" makes the pair differences ``differences - d``; the interval is every ``d`` the test does
not reject at ``alpha``, so for an additive effect its coverage is at least 1 - ``alpha``
because the test is exact.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from lumbarlog.analysis.rules import TOLERANCE

ALPHA = 0.05
LEVEL = 1 - ALPHA


@dataclass(frozen=True)
class Test:
    """The randomisation test on per-pair differences: estimate (A minus B), two-sided
    p-value over every schedule, and the interval (``LEVEL``) by inverting it."""

    estimate: float
    p_value: float
    ci_low: float
    ci_high: float
    schedules: int


@cache
def _signs(pairs: int) -> np.ndarray:
    """Every schedule of ``pairs`` pairs as +1 (as drawn) / -1 (flipped), one row each."""
    bits = (np.arange(2**pairs)[:, None] >> np.arange(pairs)) & 1
    signs = (1 - 2 * bits).astype(np.float64)
    signs.flags.writeable = False
    return signs


def p_value(differences: np.ndarray, shift: float = 0.0) -> float:
    """Two-sided exact randomisation p-value of "A adds ``shift`` to every analysed A day",
    from the per-pair differences: the share of the 2^pairs schedules whose mean difference
    (after the shift is taken off) is at least as far from zero as the observed one."""
    d = np.asarray(differences, dtype=np.float64)
    if d.size == 0:
        return 1.0
    signs = _signs(d.size)
    return _p(signs @ d, signs.sum(axis=1), float(d.sum()), d.size, shift, _tolerance(d))


def _p(
    flipped: np.ndarray, count: np.ndarray, total: float, pairs: int, shift: float, tol: float
) -> float:
    # sum over pairs of sign * (d - shift) = (signs @ d) - shift * sum(signs)
    observed = abs(total - shift * pairs)
    at_least = np.abs(flipped - shift * count) >= observed - tol
    return float(np.count_nonzero(at_least)) / flipped.size


def _tolerance(d: np.ndarray) -> float:
    return TOLERANCE * (1.0 + float(np.abs(d).sum()))


def randomisation_test(differences: np.ndarray, alpha: float = ALPHA) -> Test:
    """Estimate, exact p-value and the interval of shifts not rejected at ``alpha``.

    The interval's ends are found by bisection between the estimate (p = 1) and beyond the
    furthest difference (where p is 2 / 2^pairs, below ``alpha`` from MIN_PAIRS pairs on),
    then set on the exact value where p changes; with fewer pairs it is (-inf, inf). So zero
    lies outside the interval exactly when p <= ``alpha``.
    """
    d = np.asarray(differences, dtype=np.float64)
    pairs = d.size
    if pairs == 0:
        return Test(math.nan, 1.0, -math.inf, math.inf, 1)
    signs = _signs(pairs)
    flipped, count, total, tol = signs @ d, signs.sum(axis=1), float(d.sum()), _tolerance(d)

    def accepted(shift: float) -> bool:
        return _p(flipped, count, total, pairs, shift, tol) > alpha

    estimate = total / pairs
    p = _p(flipped, count, total, pairs, 0.0, tol)
    if 2.0 / 2**pairs > alpha:
        return Test(estimate, p, -math.inf, math.inf, 2**pairs)
    spread = float(d.max() - d.min()) + 1.0
    # p changes only where a schedule's difference ties the observed one: at the means of
    # subsets of the differences, where the tie counts and p is the larger of its two sides.
    # So each end of the interval is such a mean, and is inside it: snap the bisection to it.
    flips = count < pairs
    means = (total - flipped[flips]) / (pairs - count[flips])
    ends = []
    for outside in (float(d.min()) - spread, float(d.max()) + spread):
        edge = _edge(accepted, estimate, outside)
        near = means[np.abs(means - edge) <= 1e-5]
        beyond = near[(near - edge) * (outside - edge) >= 0]
        exact = [float(m) for m in beyond if accepted(float(m))]
        ends.append(max(exact, key=lambda m: abs(m - estimate)) if exact else edge)
    # Ties are counted within ``tol`` (block means of whole points are rounded in floating
    # point); the ends are widened by as much, so that zero is inside exactly when p > alpha.
    slack = tol / (2 * pairs)
    return Test(estimate, p, ends[0] - slack, ends[1] + slack, 2**pairs)


def _edge(accepted: Callable[[float], bool], inside: float, outside: float) -> float:
    """The boundary between an accepted shift and a rejected one, by bisection."""
    while abs(outside - inside) > 1e-6:
        middle = (inside + outside) / 2
        if accepted(middle):
            inside = middle
        else:
            outside = middle
    return inside
