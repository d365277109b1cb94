"""Links: how pain went with exercise days, hours sitting and each exercise, within one
person, from the regressions in lumbarlog/analysis/stats.py. Numbers only; the words are in
lumbarlog/analysis/sentences.py.

Pain carries over from one day to the next, people exercise in streaks and skip it on bad
days, and a person looks at the page again and again; so every link allows for that day's
pain, the day before, weekday and slow drift, and is called clear only when its widened range
leaves out zero.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from itertools import chain

import numpy as np
import pandas as pd

from lumbarlog.analysis import stats
from lumbarlog.analysis.results import (
    WHY_ALL_THE_SAME,
    WHY_FEW_DAYS,
    WHY_FEW_FOR_MODEL,
    WHY_FEW_IN_GROUPS,
    WHY_NO_EXERCISE,
    ExerciseEffect,
    Link,
    NotEnoughData,
    SittingLinks,
)
from lumbarlog.analysis.rules import (
    ABOUT_THE_SAME_POINTS,
    CLEAR,
    LINK_LEVEL,
    MIN_CORRELATION_PAIRS,
    MIN_DAYS_PER_GROUP,
    SITTING_SPAN_HOURS,
    TOGETHER_SHARE,
)
from lumbarlog.analysis.stats import (
    columns_short,
    design_matrix,
    filled,
    fit_links,
    group_shortfall,
    kind_of,
    model_days,
    settle_days,
)
from lumbarlog.domain.exercises import join_names


def _too_few_for_model(finding: str, short: int, rows_per_day: float) -> NotEnoughData:
    more = math.ceil(short / max(rows_per_day, 0.1))
    return NotEnoughData(
        finding,
        more,
        WHY_FEW_FOR_MODEL,
    )


def _link(
    finding: str,
    n: int,
    estimate: float,
    low: float,
    high: float,
    level: float,
    rows_per_day: float,
    band: float,
    **counts: int,
) -> Link:
    settle = settle_days(estimate, low, high, n, band, rows_per_day)
    return Link(finding, n, float(estimate), float(low), float(high), level, settle, **counts)


NEXT_DAY_CONTROLS = ("pain", "prev_exercised", "prev_sitting")
SAME_DAY_CONTROLS = ("prev_pain", "prev_exercised", "prev_sitting")


def _next_day_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.loc[frame["pain"].notna() & frame["next_pain"].notna()]


def next_day_links(
    daily: pd.DataFrame, frame: pd.DataFrame | None = None
) -> tuple[Link | NotEnoughData, Link | NotEnoughData]:
    """Exercise days against rest days, and each hour of sitting, against pain the next day:
    one regression that allows for that day's pain (people skip exercise and sit more when it
    hurts), yesterday's exercise and sitting, weekday and slow drift."""
    frame = model_days(daily) if frame is None else frame
    rows = _next_day_rows(frame)
    span = len(frame)
    rows_per_day = len(rows) / max(span, 1)
    exercised = rows["exercised"].to_numpy(dtype=float)
    sitting = rows["sitting"].to_numpy(dtype=float)
    n_with, n_without = int((exercised == 1).sum()), int((exercised == 0).sum())
    any_exercise = bool((frame["exercised"] == 1).any())
    has_sitting = int((~np.isnan(sitting)).sum())
    terms: dict[str, np.ndarray] = {}
    if any_exercise:
        terms["exercised"] = exercised
    sitting_parts = filled(sitting)
    for suffix, values in sitting_parts:
        terms[f"sitting_{suffix}"] = values
    params = low = high = np.array([])
    short = 0
    if terms and len(rows):
        design, _ = design_matrix(rows, terms, NEXT_DAY_CONTROLS)
        short = columns_short(len(rows), design.shape[1])
        params, low, high, _ = fit_links(
            rows["next_pain"].to_numpy(dtype=float), design, len(terms), 1 - LINK_LEVEL
        )
    # Exercise
    if not any_exercise:
        exercise: Link | NotEnoughData = NotEnoughData(
            "exercise_effect",
            MIN_DAYS_PER_GROUP,
            WHY_NO_EXERCISE,
        )
    elif min(n_with, n_without) < MIN_DAYS_PER_GROUP:
        exercise = NotEnoughData(
            "exercise_effect",
            group_shortfall(n_with) + group_shortfall(n_without),
            WHY_FEW_IN_GROUPS,
            n_with=n_with,
            n_without=n_without,
        )
    elif short:
        exercise = _too_few_for_model("exercise_effect", short, rows_per_day)
    else:
        exercise = _link(
            "exercise",
            len(rows),
            params[0],
            low[0],
            high[0],
            LINK_LEVEL,
            rows_per_day,
            ABOUT_THE_SAME_POINTS,
            n_with=n_with,
            n_without=n_without,
        )
    # Sitting
    at = 1 if any_exercise else 0
    if has_sitting < MIN_CORRELATION_PAIRS:
        more = MIN_CORRELATION_PAIRS - has_sitting
        sitting_link: Link | NotEnoughData = NotEnoughData(
            "sitting_next_day",
            more,
            WHY_FEW_DAYS,
            have=has_sitting,
        )
    elif np.nanstd(sitting) == 0:
        sitting_link = NotEnoughData(
            "sitting_next_day",
            0,
            WHY_ALL_THE_SAME,
            have=has_sitting,
        )
    elif short:
        sitting_link = _too_few_for_model("sitting_next_day", short, rows_per_day)
    else:
        sitting_link = _link(
            "sitting_next",
            has_sitting,
            params[at],
            low[at],
            high[at],
            LINK_LEVEL,
            has_sitting / max(span, 1),
            ABOUT_THE_SAME_POINTS / SITTING_SPAN_HOURS,
        )
    return exercise, sitting_link


def same_day_sitting(
    daily: pd.DataFrame, frame: pd.DataFrame | None = None
) -> Link | NotEnoughData:
    """Pain on days with more sitting, allowing for the day before: an association only (a
    person may sit more because it hurts)."""
    frame = model_days(daily) if frame is None else frame
    rows = frame.loc[frame["pain"].notna() & frame["sitting"].notna()]
    n = len(rows)
    if n < MIN_CORRELATION_PAIRS:
        more = MIN_CORRELATION_PAIRS - n
        return NotEnoughData(
            "sitting_same_day",
            more,
            WHY_FEW_DAYS,
            have=n,
        )
    sitting = rows["sitting"].to_numpy(dtype=float)
    if np.ptp(sitting) == 0:
        return NotEnoughData(
            "sitting_same_day",
            0,
            WHY_ALL_THE_SAME,
            have=n,
        )
    design, _ = design_matrix(rows, {"sitting": sitting}, SAME_DAY_CONTROLS)
    short = columns_short(n, design.shape[1])
    if short:
        return _too_few_for_model("sitting_same_day", short, n / max(len(frame), 1))
    params, low, high, _ = fit_links(rows["pain"].to_numpy(dtype=float), design, 1, 1 - LINK_LEVEL)
    return _link(
        "sitting_same",
        n,
        params[0],
        low[0],
        high[0],
        LINK_LEVEL,
        n / max(len(frame), 1),
        ABOUT_THE_SAME_POINTS / SITTING_SPAN_HOURS,
    )


def sitting_links(daily: pd.DataFrame) -> SittingLinks:
    return SittingLinks(same_day=same_day_sitting(daily), next_day=next_day_links(daily)[1])


def exercise_effect(daily: pd.DataFrame) -> Link | NotEnoughData:
    """Exercise days against rest days, on next-day pain (see ``next_day_links``)."""
    return next_day_links(daily)[0]


def _groups(membership: pd.DataFrame, ids: list[str]) -> list[list[str]]:
    """Exercises that were done (or skipped) together on at least TOGETHER_SHARE of days form
    one group: the journal cannot tell them apart."""
    groups: list[list[str]] = []
    for exercise_id in ids:
        column = membership[exercise_id].to_numpy()
        for group in groups:
            if (membership[group[0]].to_numpy() == column).mean() >= TOGETHER_SHARE:
                group.append(exercise_id)
                break
        else:
            groups.append([exercise_id])
    return groups


def per_exercise_effects(
    daily: pd.DataFrame,
    names: Mapping[str, str] | None = None,
    frame: pd.DataFrame | None = None,
) -> list[ExerciseEffect]:
    """Each exercise's link with next-day pain, all exercises in one regression (with the same
    controls as the exercise-day finding), so that exercises done together are not credited
    for each other; exercises nearly always done together are one group. Intervals are at
    LINK_LEVEL adjusted for the number of groups compared (Bonferroni), widened like every link.

    Ranked: clear findings first, then by difference (lower next-day pain first); then the
    exercises without enough days, by how few more they need.
    """
    frame = model_days(daily) if frame is None else frame
    rows = _next_day_rows(frame)
    ids = sorted(set(chain.from_iterable(rows["exercises"].tolist())))
    if not ids:
        return []
    membership = stats.membership(rows["exercises"], ids)
    names = names or {}

    def name_of(exercise_id: str) -> str:
        return names.get(exercise_id, exercise_id.replace("_", " "))

    counts = {i: (int(membership[i].sum()), int((~membership[i]).sum())) for i in ids}
    enough = [i for i in ids if min(counts[i]) >= MIN_DAYS_PER_GROUP]
    groups = _groups(membership, enough)
    tested = len(groups)
    alpha = (1 - LINK_LEVEL) / max(tested, 1)
    effects: list[ExerciseEffect] = []
    if groups:
        terms = {"+".join(g): membership[g].any(axis=1).to_numpy(dtype=float) for g in groups}
        sitting = rows["sitting"].to_numpy(dtype=float)
        for suffix, values in filled(sitting):
            terms[f"sitting_{suffix}"] = values
        design, _ = design_matrix(rows, terms, NEXT_DAY_CONTROLS)
        params, low, high, _ = fit_links(
            rows["next_pain"].to_numpy(dtype=float), design, len(groups), alpha
        )
        rows_per_day = len(rows) / max(len(frame), 1)
        short = columns_short(len(rows), design.shape[1])
        more = math.ceil(short / max(rows_per_day, 0.1)) if short else 0
        for index, group in enumerate(groups):
            done = membership[group].any(axis=1)
            difference, lo, hi = float(params[index]), float(low[index]), float(high[index])
            effects.append(
                ExerciseEffect(
                    more_needed=more,
                    exercise_id=group[0],
                    name=_label([name_of(i) for i in group]),
                    n_done=int(done.sum()),
                    n_not=int((~done).sum()),
                    difference=difference,
                    ci_low=lo,
                    ci_high=hi,
                    significant=kind_of(lo, hi) == CLEAR,
                    level=1 - alpha,
                    tested=tested,
                    together=tuple(group),
                    settle_days=settle_days(
                        difference, lo, hi, len(rows), ABOUT_THE_SAME_POINTS, rows_per_day
                    ),
                )
            )
    for exercise_id in ids:
        if exercise_id in enough:
            continue
        n_done, n_not = counts[exercise_id]
        effects.append(
            ExerciseEffect(
                exercise_id=exercise_id,
                name=name_of(exercise_id),
                n_done=n_done,
                n_not=n_not,
                difference=math.nan,
                ci_low=math.nan,
                ci_high=math.nan,
                significant=False,
                more_needed=group_shortfall(n_done) + group_shortfall(n_not),
                tested=tested,
                together=(exercise_id,),
            )
        )
    return sorted(effects, key=_effect_rank)


def _effect_rank(effect: ExerciseEffect) -> tuple[int, float, str]:
    if not effect.enough:
        return (2, effect.more_needed, effect.exercise_id)
    difference = effect.difference if not math.isnan(effect.difference) else math.inf
    return (0 if effect.significant else 1, difference, effect.exercise_id)


def _label(names: list[str]) -> str:
    """ "a", "a · b", "a · b · c": names may hold commas of their own."""
    return join_names(names)
