"""lumbarlog/analysis: the daily frame, each finding on data with a known answer, its
sentence, and the minimums."""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd
import pytest

from lumbarlog.analysis import changes, findings, links, results, rules, sentences, stats
from lumbarlog.analysis.daily import DAILY_COLUMNS, daily_series
from lumbarlog.analysis.results import NotEnoughData
from lumbarlog.analysis.weeks import compare_weeks
from tests import journal_factory as journal
from tests.journal_factory import START, clip_pain

EXERCISE_IDS = (
    "partial_crunch",
    "glute_bridge",
    "walking_break",
    "log_roll",
    "plank_elbows_knees",
)
CAUSAL_WORDS = re.compile(r"\b(reduc|caus|because|leads? to|improves your|makes)", re.IGNORECASE)


def day(offset: int) -> pd.Timestamp:
    return pd.Timestamp(START + dt.timedelta(days=offset))


def daily_of(pain, **columns) -> pd.DataFrame:
    return daily_series(journal.entries(pain, **columns), journal.sessions())


# --------------------------------------------------------------------------------------------
# daily_series
# --------------------------------------------------------------------------------------------


def test_daily_series_has_the_agreed_columns_and_dtypes():
    daily = daily_of([3, 4], sitting_hours=[6.0, None], exercises=[("log_roll",), ()])

    assert tuple(daily.columns) == DAILY_COLUMNS
    assert {column: str(dtype) for column, dtype in daily.dtypes.items()} == {
        "date": "datetime64[ns]",
        "pain": "float64",
        "sitting_hours": "float64",
        "exercises": "object",
        "exercised": "boolean",
        "logged": "bool",
        "rolling_pain": "float64",
    }


def test_empty_journal_gives_an_empty_frame_with_the_same_columns_and_dtypes():
    daily = daily_series(journal.entries([]), journal.sessions())
    reference = daily_of([3])

    assert daily.empty
    assert list(daily.columns) == list(reference.columns)
    assert list(daily.dtypes) == list(reference.dtypes)


def test_days_not_logged_are_gaps_never_zero():
    daily = daily_of([4, None, None, 6], sitting_hours=[5.0, None, None, None])

    assert daily["date"].tolist() == [day(0), day(1), day(2), day(3)]
    assert daily["pain"].tolist()[0] == 4.0
    assert daily["pain"].isna().tolist() == [False, True, True, False]
    assert daily["logged"].tolist() == [True, False, False, True]
    assert daily["sitting_hours"].isna().tolist() == [False, True, True, True]
    assert daily["exercised"].isna().tolist() == [False, True, True, False]


def test_exercises_join_entry_and_sessions_without_repeats():
    entries = journal.entries([5, 5, None], exercises=[("log_roll",), (), ()])
    sessions = journal.sessions(
        [
            {"start": day(0) + pd.Timedelta(hours=8), "exercises_completed": ("glute_bridge",)},
            {"start": day(0) + pd.Timedelta(hours=18), "exercises_completed": ("log_roll",)},
            {"start": day(2) + pd.Timedelta(hours=9), "exercises_completed": ("partial_crunch",)},
        ]
    )

    daily = daily_series(entries, sessions)

    assert daily["exercises"].tolist() == [("log_roll", "glute_bridge"), (), ("partial_crunch",)]
    # Logged with none is False; a session on a day with no entry still counts as exercise.
    assert daily["exercised"].tolist() == [True, False, True]
    assert daily["logged"].tolist() == [True, True, False]


def test_a_day_with_neither_entry_nor_exercise_is_unknown_not_false():
    entries = journal.entries([5, None, 5])
    sessions = journal.sessions([{"start": day(1) + pd.Timedelta(hours=8)}])  # nothing completed

    daily = daily_series(entries, sessions)

    assert daily["exercised"].isna().tolist() == [False, True, False]


def test_rolling_pain_needs_four_logged_days_in_the_seven():
    entries = journal.entries([2, 4, None, 6, None, None, 8, 5])
    daily = daily_series(entries, journal.sessions(), end=day(9).date())

    rolling = daily["rolling_pain"]
    assert len(daily) == 10
    assert rolling.iloc[:6].isna().all()  # at most three logged days so far
    assert rolling.iloc[6] == pytest.approx(5.0)  # 2, 4, 6, 8
    assert rolling.iloc[7] == pytest.approx(5.75)  # days 1-7: 4, 6, 8, 5
    assert rolling.iloc[8:].isna().all()  # days 2-8 and 3-9: only 6, 8, 5


def test_start_and_end_cut_the_range_but_the_rolling_mean_sees_the_days_before():
    daily_full = daily_of([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    daily_cut = daily_series(
        journal.entries([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
        journal.sessions(),
        start=day(6).date(),
        end=day(12).date(),
    )

    assert daily_cut["date"].iloc[0] == day(6)
    assert daily_cut["date"].iloc[-1] == day(12)
    assert daily_cut["rolling_pain"].iloc[0] == pytest.approx(daily_full["rolling_pain"].iloc[6])
    assert daily_cut["pain"].iloc[-3:].isna().all()


# --------------------------------------------------------------------------------------------
# Simulated journals with a known answer (pain that carries over, as real diaries do)
# --------------------------------------------------------------------------------------------


def ar_pain(rng, days: int, phi: float = 0.6, mean: float = 5.0, sd: float = 1.5) -> np.ndarray:
    pain = np.empty(days)
    pain[0] = mean + rng.normal(0, sd)
    for t in range(1, days):
        pain[t] = mean + phi * (pain[t - 1] - mean) + rng.normal(0, sd * math.sqrt(1 - phi**2))
    return pain


def skipped_on_bad_days(seed: int, days: int, effect: float) -> pd.DataFrame:
    """Exercise is skipped on bad days; it changes tomorrow's pain by ``effect``."""
    rng = np.random.default_rng(seed)
    noise = ar_pain(rng, days, phi=0.7, mean=0.0)
    pain = np.empty(days)
    exercised = np.zeros(days, dtype=bool)
    for t in range(days):
        pain[t] = 5 + noise[t] + (effect * exercised[t - 1] if t else 0)
        exercised[t] = rng.random() < 1 / (1 + np.exp(1.2 * (round(pain[t]) - 5)))
    exercises = [("glute_bridge",) if done else () for done in exercised]
    return daily_of(clip_pain(pain), exercises=exercises)


# --------------------------------------------------------------------------------------------
# pain_trend
# --------------------------------------------------------------------------------------------


def test_pain_trend_finds_a_falling_trend_in_points_per_week():
    rng = np.random.default_rng(11)
    days = np.arange(60)
    pain = clip_pain(8 - 0.1 * days + rng.normal(0, 0.7, days.size))

    trend = changes.pain_trend(daily_of(pain), window_days=28)

    assert trend.n == 28
    assert trend.ci_low <= -0.7 <= trend.ci_high  # true slope -0.7 a week
    assert trend.direction == "falling"
    assert sentences.of(trend).startswith("Over the last 28 days, pain went down by about")
    assert "likely range" in sentences.of(trend) and "28 logged days" in sentences.of(trend)


def test_a_rising_trend_says_so_with_its_range():
    trend = results.PainTrend(28, 25, 0.6, 0.2, 1.0, 0.5)

    assert sentences.of(trend) == (
        "Over the last 28 days, pain went up by about 0.6 points a week (likely range 0.2 to "
        "1.0; 25 logged days, allowing for pain carrying over from day to day)."
    )


def test_a_trend_whose_range_includes_zero_gives_no_verdict():
    trend = results.PainTrend(28, 25, 1.2, -7.0, 7.0, 0.8)

    assert trend.direction == "level"
    assert not trend.claimed
    assert "no clear rise or fall" in sentences.of(trend)
    assert "1.2" not in sentences.of(trend)  # no number more certain than the data


def test_pain_that_wanders_is_not_called_a_trend():
    # Strongly carried-over pain drifts for weeks; a straight line through 28 days of it
    # is not a trend.
    claimed = 0
    for seed in range(40):
        rng = np.random.default_rng(300 + seed)
        pain = clip_pain(ar_pain(rng, 90, phi=0.8))
        entries = journal.entries(pain)
        claimed += findings.compute(entries, journal.sessions()).trend.claimed
    assert claimed <= 3


def test_pain_trend_says_how_many_more_days_it_needs():
    result = changes.pain_trend(daily_of([5, None, 4, 6, 5, None, 3]), window_days=28)

    assert isinstance(result, NotEnoughData)
    assert result.more_needed == rules.MIN_TREND_DAYS - 5
    assert not result.enough
    assert f"log {rules.MIN_TREND_DAYS - 5} more days" in sentences.of(result)


def test_carry_over_is_measured_around_a_steady_trend():
    rng = np.random.default_rng(5)
    days = np.arange(120)
    independent = pd.Series(8 - 0.05 * days + rng.normal(0, 0.7, days.size))
    carried = pd.Series(ar_pain(rng, 120, phi=0.8))

    assert stats.carry_over(independent) < 0.2
    assert stats.carry_over(carried) > 0.6
    assert stats.carry_over(pd.Series([5.0] * 20)) == 0.0
    assert stats.carry_over(independent[:20]) >= rules.TYPICAL_CARRY_OVER  # too few days


# --------------------------------------------------------------------------------------------
# Links: exercise and sitting
# --------------------------------------------------------------------------------------------


def link(finding="exercise", estimate=-1.2, low=-2.0, high=-0.4, settle=None, **counts):
    counts = counts or ({"n_with": 40, "n_without": 30} if finding == "exercise" else {})
    return results.Link(finding, 70, estimate, low, high, rules.LINK_LEVEL, settle, **counts)


def test_exercise_skipped_on_bad_days_is_not_credited():
    # Pain tomorrow is lower after exercise days only because exercise happens on good days.
    daily = skipped_on_bad_days(31, 365, effect=0.0)
    naive = daily.assign(next=daily["pain"].shift(-1)).dropna(subset=["next"])
    raw = (
        naive.loc[naive["exercised"].astype(bool), "next"].mean()
        - naive.loc[~naive["exercised"].astype(bool), "next"].mean()
    )

    effect = links.exercise_effect(daily)

    assert raw < -0.8  # what a plain comparison would have said
    assert effect.ci_low <= 0 <= effect.ci_high
    assert not effect.claimed


def test_a_real_benefit_of_exercise_is_found_with_its_size():
    effect = links.exercise_effect(skipped_on_bad_days(32, 365, effect=-1.0))

    assert effect.claimed
    assert effect.ci_low <= -1.0 <= effect.ci_high
    assert effect.n_with + effect.n_without == effect.n
    assert sentences.of(effect).startswith("Pain the day after exercise was about ")
    assert "lower than after rest days" in sentences.of(effect)


def test_clear_exercise_sentence_has_size_range_n_and_the_other_explanation():
    assert sentences.of(link()) == (
        "Pain the day after exercise was about 1.2 points lower than after rest days (likely "
        "range 0.4 to 2.0 points lower; 40 days with exercise, 30 without; allowing for how "
        "much it hurt that day). This shows what went together, not what causes what: other "
        "things that go with exercising, such as a good week, better sleep or less stress, "
        "may lower pain too."
    )


def test_a_range_just_off_zero_is_not_written_as_zero():
    assert "likely range less than 0.1 to 1.3 points lower" in sentences.of(
        link(estimate=-0.7, low=-1.3, high=-0.02)
    )
    sitting = link("sitting_next", 0.2, 0.004, 0.4)
    assert "likely range less than 0.01 to 0.40 points an hour higher" in sentences.of(sitting)


def test_clear_higher_exercise_sentence_names_another_explanation():
    sentence = sentences.of(link(estimate=0.9, low=0.2, high=1.6))

    assert "about 0.9 points higher than after rest days" in sentence
    assert "likely range 0.2 to 1.6 points higher" in sentence
    assert "you may exercise more when something else is also going on" in sentence


def test_about_the_same_only_when_the_whole_range_is_within_a_point():
    same = link(estimate=0.1, low=-0.6, high=0.8)
    wide = link(estimate=0.1, low=-1.3, high=0.8, settle=45)

    assert same.kind == rules.ABOUT_THE_SAME
    assert sentences.of(same) == (
        "Pain the day after exercise was about the same as after rest days (likely range from "
        "0.6 points lower to 0.8 higher; 40 days with exercise, 30 without)."
    )
    assert wide.kind == rules.CANT_TELL
    assert sentences.of(wide) == (
        "Can't tell yet whether pain is different the day after exercise: anywhere from 1.3 "
        "points lower to 0.8 higher (40 days with exercise, 30 without). About 45 more days "
        "logged would likely settle it."
    )


def test_cant_tell_says_when_it_may_take_years_or_only_days():
    assert "more than two years" in sentences.of(link(estimate=0.5, low=-3, high=4, settle=None))
    assert "A few more logged days may settle it." in sentences.of(link(low=-3, high=4, settle=0))


def test_days_to_settle_come_from_the_persons_own_variability():
    # Half-width 1.2 around 0, 70 pairs over 100 days: it must shrink to 1 to fit within a
    # point. The range narrows with the square root of the pairs and widens by link_widening;
    # the answer is the first day on which it fits.
    days = stats.settle_days(0.0, -1.2, 1.2, 70, 1.0, 0.7)
    assert days is not None

    def half_after(more_days: int) -> float:
        rows = 70 + more_days * 0.7
        widening = stats.link_widening(rows) / stats.link_widening(70)
        return 1.2 * (70 / rows) ** 0.5 * widening

    assert half_after(days) <= 1.0 < half_after(days - 1)
    # Without the widening it would be 1.44 times the rows: about 31 more pairs, 44 days.
    assert days > 44
    assert stats.settle_days(0.0, -0.5, 0.5, 70, 1.0, 0.7) == 0
    assert stats.settle_days(0.0, -50, 50, 70, 1.0, 0.7) is None
    # Past LATE_PAIRS the range widens slowly: fitting 1.5 within 1 takes more than two years.
    assert stats.settle_days(0.0, -1.5, 1.5, 70, 1.0, 0.7) is None


def test_link_ranges_widen_early_and_slowly_late():
    # Early: by the square root of EARLY_PAIRS over the pairs (half the pairs: 1.41 times).
    assert rules.EARLY_PAIRS // 2 < rules.LATE_PAIRS
    assert stats.link_widening(rules.EARLY_PAIRS // 2) == pytest.approx(2**0.5)
    # Late: by the square root of 1 + LATE_WIDENING times the log of pairs over LATE_PAIRS.
    pairs = round(rules.LATE_PAIRS * math.e**2)
    assert pairs > rules.EARLY_PAIRS
    assert stats.link_widening(pairs) == pytest.approx(
        (1 + rules.LATE_WIDENING * math.log(pairs / rules.LATE_PAIRS)) ** 0.5
    )
    assert stats.link_widening(3300) > stats.link_widening(330) > stats.link_widening(90)


def test_no_exercise_recorded_differs_from_days_without_exercise():
    result = links.exercise_effect(daily_of([5, 4, 6, 5] * 10))

    assert isinstance(result, NotEnoughData)
    assert sentences.of(result).startswith("No exercise is recorded in this period")


def test_exercise_effect_only_pairs_a_day_with_a_logged_next_day():
    # Exercise on 0, 2, 4 (4 has no logged next day); none on 1, 3, 5; 6 not logged.
    pain = [5, 3, 5, 3, 5, 7, None, 9]
    exercises = [("log_roll",), (), ("log_roll",), (), ("log_roll",), (), (), ()]

    result = links.exercise_effect(daily_of(pain, exercises=exercises))

    assert isinstance(result, NotEnoughData)
    assert result.more_needed == (rules.MIN_DAYS_PER_GROUP - 3) + (rules.MIN_DAYS_PER_GROUP - 2)
    assert "log 2 more days with exercise and 3 more without" in sentences.of(result)


def test_a_routine_day_without_a_log_counts_as_an_unlogged_day():
    pain = [5, 4, None, 6] * 10
    sessions = journal.sessions(
        [{"start": day(i), "exercises_completed": ("cat_cow",)} for i in range(2, 40, 4)]
    )
    entries = journal.entries(
        pain, exercises=[("cat_cow",) if i % 4 == 0 else () for i in range(40)]
    )

    report = findings.compute(entries, sessions)

    assert report.daily["exercised"].iloc[2]  # the routine is in the daily frame...
    assert math.isnan(stats.model_days(report.daily)["exercised"].iloc[2])  # ...not a log
    assert (report.exercise.n_with, report.exercise.n_without) == (10, 9)


def test_too_few_days_for_the_model_say_how_many_more():
    exercised = [i % 2 == 0 for i in range(14)]
    exercises = [("log_roll",) if done else () for done in exercised]

    result = links.exercise_effect(daily_of([5, 4] * 7, exercises=exercises))

    assert isinstance(result, NotEnoughData)
    assert sentences.of(result).startswith("Not enough data yet: log about ")
    assert result.more_needed > 0


def test_sitting_more_on_bad_days_is_not_a_next_day_link():
    rng = np.random.default_rng(22)
    pain = clip_pain(ar_pain(rng, 365, phi=0.8))
    sitting = np.clip(7 + 0.8 * (np.array(pain) - 5) + rng.normal(0, 1.5, 365), 0, 16)

    found = links.sitting_links(daily_of(pain, sitting_hours=sitting.tolist()))

    assert found.next_day.ci_low <= 0 <= found.next_day.ci_high
    assert found.same_day.claimed and found.same_day.estimate > 0  # they do go together
    assert "you may sit more when it hurts" in sentences.of(found.same_day)


def test_sitting_is_given_in_points_per_hour():
    rng = np.random.default_rng(23)
    sitting = np.clip(7 + 2.5 * ar_pain(rng, 365, phi=0.8, mean=0, sd=1), 0, 16)
    noise = ar_pain(rng, 365, phi=0.6, mean=0, sd=1.2)
    pain = clip_pain(5 + noise + np.r_[0, 0.3 * (sitting[:-1] - 7)])

    next_day = links.sitting_links(daily_of(pain, sitting_hours=sitting.tolist())).next_day

    assert next_day.ci_low <= 0.3 <= next_day.ci_high
    assert next_day.claimed
    assert sentences.of(next_day).startswith(
        "Each extra hour of sitting went with pain the next day"
    )
    assert "points an hour" in sentences.of(next_day)
    assert "busy or stressful spells" in sentences.of(next_day)


def test_sitting_sentences_of_every_kind():
    same_day_lower = link("sitting_same", -0.3, -0.5, -0.1)
    about_the_same = link("sitting_next", 0.02, -0.1, 0.15)
    cant_tell = link("sitting_next", 0.1, -0.4, 0.6, settle=60)

    assert sentences.of(same_day_lower) == (
        "Each extra hour of sitting went with pain the same day about 0.30 points lower (likely "
        "range 0.10 to 0.50 points an hour lower; 70 days). This shows what went together, not "
        "what causes what: you may move about more, or lie down instead of sitting, when it "
        "hurts."
    )
    assert sentences.of(about_the_same) == (
        "Hours sitting made little difference to pain the next day: even 3 more hours of "
        "sitting went with less than a point of difference (likely range from 0.10 points an "
        "hour lower to 0.15 higher; 70 days)."
    )
    assert sentences.of(cant_tell) == (
        "Can't tell yet whether more sitting goes with more or less pain the next day: anywhere "
        "from 0.40 points an hour lower to 0.60 higher (70 days). About 60 more days logged "
        "would likely settle it."
    )


def test_sitting_needs_fourteen_days():
    sitting = [6.0] * 5 + [8.0, 2.0, 3.0, 4.0, 5.0]
    result = links.sitting_links(daily_of([5] * 10, sitting_hours=sitting))

    assert isinstance(result.same_day, NotEnoughData)
    assert result.same_day.more_needed == rules.MIN_CORRELATION_PAIRS - 10
    assert isinstance(result.next_day, NotEnoughData)
    assert result.next_day.more_needed == rules.MIN_CORRELATION_PAIRS - 9
    assert "log 4 more days with both pain and hours sitting" in sentences.of(result.same_day)


def test_sitting_with_the_minimum_days_but_too_few_for_the_model_says_how_many_more():
    sitting = [6.0, 8.0, 2.0, 3.0, 4.0, 5.0, 9.0, 7.5] * 2
    result = links.sitting_links(daily_of([5, 4, 6, 3] * 4, sitting_hours=sitting))

    for found in (result.same_day, result.next_day):
        assert isinstance(found, NotEnoughData)
        assert found.more_needed > 0
        assert sentences.of(found).startswith(f"Not enough data yet: log about {found.more_needed}")
        assert "the day's pain, the days before and slow drift" in sentences.of(found)


def test_both_sitting_sentences_are_said_together():
    links = results.SittingLinks(
        same_day=link("sitting_same", -0.3, -0.5, -0.1),
        next_day=link("sitting_next", 0.1, -0.4, 0.6, settle=60),
    )

    assert sentences.of(links) == f"{sentences.of(links.same_day)} {sentences.of(links.next_day)}"
    assert sentences.of(links).startswith("Each extra hour of sitting went with pain the same day")
    assert sentences.of(links).endswith("About 60 more days logged would likely settle it.")


def test_exercise_on_nearly_every_day_asks_for_days_without():
    exercises = [("log_roll",)] * 20 + [()] * 2
    result = links.exercise_effect(daily_of([5, 4] * 11, exercises=exercises))

    # Two rest days, but the last is followed by no logged day yet: one counts, four short.
    assert isinstance(result, NotEnoughData)
    assert sentences.of(result) == (
        "Not enough data yet: log 4 more days without exercise, each followed by a logged day."
    )


def test_sitting_the_same_every_day_has_nothing_to_compare():
    result = links.sitting_links(daily_of([5, 4, 6] * 10, sitting_hours=[6.0] * 30))

    assert "were the same on all" in sentences.of(result.same_day)
    assert "were the same on all" in sentences.of(result.next_day)


# --------------------------------------------------------------------------------------------
# Each exercise
# --------------------------------------------------------------------------------------------


def routines_journal(seed: int, days: int = 365) -> tuple[pd.DataFrame, list[tuple]]:
    """Plank and bird dog always together (only the plank helps); cat-cow on its own days."""
    rng = np.random.default_rng(seed)
    noise = ar_pain(rng, days, phi=0.5, mean=0.0)
    plank = rng.random(days) < 0.45
    cat_cow = rng.random(days) < 0.45
    pain = clip_pain(5 + noise + np.r_[0, -1.2 * plank[:-1]])
    exercises = [
        (("plank", "bird_dog") if p else ()) + (("cat_cow",) if c else ())
        for p, c in zip(plank, cat_cow, strict=True)
    ]
    return daily_of(pain, exercises=exercises), exercises


def test_exercises_done_together_cannot_be_told_apart_and_others_are_not_credited():
    daily, _ = routines_journal(41)

    effects = links.per_exercise_effects(daily, names={"plank": "Plank", "bird_dog": "Bird dog"})

    first = effects[0]
    assert set(first.together) == {"plank", "bird_dog"}
    assert first.claimed and first.ci_low <= -1.2 <= first.ci_high
    assert sentences.of(first).startswith(
        "Bird dog · Plank were nearly always done together, so they cannot be told apart; "
        "taken together: pain the day after them was about"
    )
    assert "comparing 2 exercises at once" in sentences.of(first)
    cat_cow = next(e for e in effects if e.exercise_id == "cat_cow")
    assert not cat_cow.claimed
    assert cat_cow.level == pytest.approx(1 - (1 - rules.LINK_LEVEL) / 2)


def test_per_exercise_on_noise_rarely_calls_anything_clear():
    journals_with_a_finding = 0
    for seed in range(60):
        rng = np.random.default_rng(1000 + seed)
        days = 120
        pain = clip_pain(ar_pain(rng, days, phi=0.6))
        exercises = [
            tuple(exercise_id for exercise_id in EXERCISE_IDS if rng.random() < 0.4)
            for _ in range(days)
        ]
        effects = links.per_exercise_effects(daily_of(pain, exercises=exercises))
        journals_with_a_finding += any(effect.claimed for effect in effects)

    assert journals_with_a_finding <= 4


def effect_of(**changes) -> results.ExerciseEffect:
    values = {
        "exercise_id": "glute_bridge",
        "name": "Glute bridge",
        "n_done": 30,
        "n_not": 50,
        "difference": -0.2,
        "ci_low": -0.8,
        "ci_high": 0.5,
        "significant": False,
        "tested": 3,
        "together": ("glute_bridge",),
        "settle_days": 90,
    }
    return results.ExerciseEffect(**{**values, **changes})


def test_each_exercise_sentence_of_every_kind():
    assert sentences.of(effect_of()) == (
        "Pain the day after Glute bridge was about the same as on other days (likely range from "
        "0.8 points lower to 0.5 higher; 30 days with, 50 without)."
    )
    assert sentences.of(effect_of(ci_low=-1.8, ci_high=0.9)) == (
        "Can't tell yet whether pain is different the day after Glute bridge: anywhere from 1.8 "
        "points lower to 0.9 higher (30 days with, 50 without). About 90 more days logged "
        "would likely settle it."
    )
    clear = effect_of(difference=-1.1, ci_low=-1.9, ci_high=-0.3, significant=True)
    assert sentences.of(clear) == (
        "Pain the day after Glute bridge was about 1.1 points lower (likely range 0.3 to 1.9 "
        "points lower; 30 days with, 50 without; comparing 3 exercises at once and allowing "
        "for the other exercises and how much it hurt that day). This shows what went "
        "together, not what causes what: other things that go with exercising, such as a good "
        "week, better sleep or less stress, may lower pain too."
    )


def test_per_exercise_effects_below_the_minimum_say_how_many_more_days():
    exercises = [("log_roll",)] * 3 + [()] * 11 + [("glute_bridge",)] * 6
    effects = links.per_exercise_effects(daily_of([5, 6, 4, 5] * 5, exercises=exercises))
    by_id = {effect.exercise_id: effect for effect in effects}

    log_roll = by_id["log_roll"]
    assert not log_roll.enough
    assert log_roll.more_needed == rules.MIN_DAYS_PER_GROUP - 3
    assert math.isnan(log_roll.difference)
    assert not log_roll.claimed
    assert "log 2 more days with log roll" in sentences.of(log_roll)
    assert by_id["glute_bridge"].enough
    too_few_for_the_model = effect_of(more_needed=12)
    assert sentences.of(too_few_for_the_model) == (
        "Not enough data yet: log about 12 more days to compare Glute bridge with the other "
        "exercises, one by one."
    )


# --------------------------------------------------------------------------------------------
# session_effect
# --------------------------------------------------------------------------------------------


def test_session_ratings_are_described_never_claimed():
    rng = np.random.default_rng(51)
    before = rng.integers(3, 9, 30)
    after = np.clip(before - 1 + rng.integers(-1, 2, 30), 0, 10)
    rows = [
        {"start": day(i) + pd.Timedelta(hours=8), "pain_before": b, "pain_after": a}
        for i, (b, a) in enumerate(zip(before, after, strict=True))
    ]
    rows.append({"start": day(40), "pain_before": 9})  # no "after": not a pair

    effect = changes.session_effect(journal.sessions(rows))

    assert effect.n == 30
    assert effect.mean_change == pytest.approx((after - before).mean())
    assert not effect.claimed
    assert sentences.of(effect).startswith(
        "Right after a routine, the pain you rated was on average"
    )
    assert "(30 days with a rated routine)" in sentences.of(effect)
    assert "expecting relief lowers the rating" in sentences.of(effect)
    assert "does not show whether the routine helps" in sentences.of(effect)


def test_several_sessions_on_a_day_count_as_one_day():
    rows = [
        {"start": day(i // 2) + pd.Timedelta(hours=8 + i % 2), "pain_before": 6, "pain_after": 5}
        for i in range(12)
    ]

    effect = changes.session_effect(journal.sessions(rows))

    assert (effect.n, effect.sessions) == (6, 12)
    assert "(6 days with a rated routine, 12 sessions)" in sentences.of(effect)
    assert "on average 1.0 points lower than just before" in sentences.of(effect)


def test_session_sentence_when_ratings_did_not_move_or_rose():
    same = results.SessionEffect(8, 8, 5.0, 5.0, 0.0, -0.5, 0.5)
    higher = results.SessionEffect(8, 8, 4.0, 4.5, 0.5, 0.1, 0.9)

    assert "was about the same as just before (8 days with a rated routine)" in sentences.of(same)
    assert "on average 0.5 points higher than just before" in sentences.of(higher)


def test_session_effect_needs_enough_days():
    rows = [
        {"start": day(i), "pain_before": 5, "pain_after": 4 if i else math.nan} for i in range(4)
    ]

    result = changes.session_effect(journal.sessions(rows))

    assert isinstance(result, NotEnoughData)
    assert result.more_needed == rules.MIN_SESSION_PAIRS - 3
    assert "on 2 more days" in sentences.of(result)


# --------------------------------------------------------------------------------------------
# meaningful_change
# --------------------------------------------------------------------------------------------


def change_of(baseline: list[int | None], recent: list[int | None]):
    return changes.meaningful_change(daily_of([*baseline, *recent]))


@pytest.mark.parametrize(
    ("baseline", "recent", "detectable", "verdict"),
    [
        (8, 6, 0.0, rules.NO_MEANINGFUL_CHANGE),  # 2 points but 25%: both are needed
        (6, 4, 0.0, rules.IMPROVED),  # 2 points and 33%
        (6, 4, 2.5, rules.NO_MEANINGFUL_CHANGE),  # within the person's own ups and downs
        (5, 3.5, 0.0, rules.NO_MEANINGFUL_CHANGE),  # 30% but 1.5 points
        (4, 6, 0.0, rules.WORSE),
        (0, 2, 0.0, rules.WORSE),  # baseline 0: the points rule alone
        (0, 1, 0.0, rules.NO_MEANINGFUL_CHANGE),
    ],
)
def test_meaningful_needs_two_points_and_thirty_percent_and_beyond_noise(
    baseline, recent, detectable, verdict
):
    assert changes.classify_change(baseline, recent, detectable) == verdict


def test_meaningful_change_on_a_fixed_two_week_baseline():
    result = change_of([7, 7, 8, 7] * 3 + [7, 8] + [5] * 10, [3, 3, 2, 3] * 3 + [3, 2])

    assert (result.baseline_start, result.baseline_end) == (day(0).date(), day(13).date())
    assert result.recent_end == day(37).date()
    assert result.change < -result.detectable
    assert result.verdict == rules.IMPROVED
    assert sentences.of(result).startswith(
        "Your average pain from 29 Jan 2026 to 11 Feb 2026 was 2.7"
    )
    assert "lower than your starting point, 7.3 from 5 Jan 2026 to 18 Jan 2026" in sentences.of(
        result
    )
    assert "a meaningful improvement, larger than your own day-to-day ups and downs" in (
        sentences.of(result)
    )


def test_the_baseline_does_not_move_with_the_period_shown():
    rng = np.random.default_rng(9)
    entries = journal.entries(clip_pain(ar_pain(rng, 200)))

    whole = findings.compute(entries, journal.sessions()).change
    last_month = findings.compute(entries, journal.sessions(), start=day(170).date()).change

    assert whole.baseline_start == last_month.baseline_start == day(0).date()
    assert whole.baseline_mean == last_month.baseline_mean


def test_no_meaningful_change_names_what_it_would_need():
    result = change_of([5] * 14, [4] * 14)

    assert result.verdict == rules.NO_MEANINGFUL_CHANGE
    assert ": not a meaningful change. That needs at least 2 points and 30%, and more than " in (
        sentences.of(result)
    )


def test_a_diary_begun_in_a_flare_notes_regression_to_the_mean():
    result = change_of([9] * 14, [4] * 14)

    assert result.began_in_flare
    assert "Your diary began at a bad time" in sentences.of(result)
    assert not change_of([5] * 14, [5] * 14).began_in_flare


def test_meaningfully_worse_without_a_percentage_from_zero():
    result = results.MeaningfulChange(
        rules.WORSE,
        0.0,
        3.0,
        3.0,
        math.nan,
        day(0).date(),
        day(13).date(),
        14,
        day(30).date(),
        day(43).date(),
        14,
        1.5,
    )

    assert result.verdict == rules.WORSE
    assert math.isnan(result.percent_change)
    assert "3.0 points higher than your starting point" in sentences.of(result)
    assert "meaningfully worse" in sentences.of(result)


def test_meaningful_change_waits_until_the_windows_do_not_overlap():
    result = changes.meaningful_change(daily_of([5] * 20))

    assert isinstance(result, NotEnoughData)
    assert result.more_needed == 8  # then days 14-27 are the last two weeks
    assert "log 8 more days" in sentences.of(result)


def test_meaningful_change_on_an_empty_journal_needs_four_weeks():
    result = changes.meaningful_change(daily_of([]))

    assert result.more_needed == rules.BASELINE_DAYS + rules.RECENT_DAYS


def test_meaningful_change_against_a_baseline_the_person_picks():
    pain = [9] * 14 + [6] * 14 + [3] * 14
    daily = daily_of(pain)

    result = changes.meaningful_change(daily, baseline=(day(14).date(), day(27).date()))

    assert result.baseline_mean == pytest.approx(6.0)
    assert result.recent_mean == pytest.approx(3.0)
    assert result.baseline_days == 14

    too_thin = changes.meaningful_change(daily, baseline=(day(-10).date(), day(1).date()))
    assert isinstance(too_thin, NotEnoughData)
    assert too_thin.more_needed == rules.MIN_LOGGED_IN_WINDOW - 2
    assert "The starting period you picked has 2 days logged" in sentences.of(too_thin)


# --------------------------------------------------------------------------------------------
# flares
# --------------------------------------------------------------------------------------------


def test_three_days_well_above_the_usual_level_are_a_flare():
    found = changes.flares(daily_of([4] * 14 + [6, 6, 7] + [4] * 3))

    assert len(found) == 1
    flare = found[0]
    assert (flare.start, flare.end, flare.days) == (day(14).date(), day(16).date(), 3)
    assert flare.usual_pain == pytest.approx(4.0)
    assert flare.peak_pain == 7.0
    assert not flare.ongoing
    assert sentences.of(flare) == (
        "From 19 Jan 2026 to 21 Jan 2026, pain was at least 2.0 points above your usual level "
        "for 3 days in a row (peak 7.0, usual level about 4.0, the average of the 14 days "
        "before). That is more than your usual ups and downs."
    )


@pytest.mark.parametrize(
    "pain",
    [
        [4] * 14 + [5, 5, 5, 4],  # only one point above
        [4] * 14 + [6, 6, 4],  # two days are not a flare
        [4] * 14 + [6, 6, None, 6, 4],  # a gap breaks the run
        [2, 8] * 7 + [8, 8, 8],  # within this person's usual ups and downs
    ],
)
def test_no_flare_below_the_rule(pain):
    assert changes.flares(daily_of(pain)) == []


def test_flare_days_do_not_raise_their_own_yardstick():
    found = changes.flares(daily_of([4] * 14 + [6, 6, 6, 6]))

    assert [(flare.days, flare.ongoing) for flare in found] == [(4, True)]
    assert sentences.of(found[0]).startswith("Since 19 Jan 2026")


def test_no_flare_before_there_is_a_usual_level():
    assert changes.flares(daily_of([1, 1, 1, 9, 9, 9])) == []
    assert len(changes.flares(daily_of([1, 1, 1, 1, 9, 9, 9]))) == 1


# --------------------------------------------------------------------------------------------
# Gaps, the report, and the wording
# --------------------------------------------------------------------------------------------


def test_gaps_give_the_same_means_as_the_logged_days_alone():
    rng = np.random.default_rng(61)
    pain = clip_pain(5 + rng.normal(0, 2, 70))
    with_gaps = [None if index % 3 == 1 else value for index, value in enumerate(pain)]
    logged = [value for value in with_gaps if value is not None]
    daily = daily_of(with_gaps)

    assert daily["pain"].mean() == pytest.approx(np.mean(logged))
    weeks = compare_weeks(daily, daily["date"].iloc[-1].date())
    assert weeks.mean_last == pytest.approx(np.mean([v for v in with_gaps[-7:] if v is not None]))
    assert weeks.mean_before == pytest.approx(
        np.mean([v for v in with_gaps[-14:-7] if v is not None])
    )
    change = changes.meaningful_change(daily)
    assert change.recent_mean == pytest.approx(np.mean([v for v in with_gaps[-14:] if v]))
    assert change.baseline_mean == pytest.approx(np.mean([v for v in with_gaps[:14] if v]))


def test_compute_bundles_every_finding_and_respects_the_period():
    daily_days = 120
    rng = np.random.default_rng(71)
    pain = clip_pain(5 + rng.normal(0, 1.5, daily_days))
    entries = journal.entries(pain, sitting_hours=(rng.integers(0, 40, daily_days) / 4).tolist())
    sessions = journal.sessions(
        [
            {"start": day(i) + pd.Timedelta(hours=7), "pain_before": 5, "pain_after": 4}
            for i in range(0, daily_days, 2)
        ]
    )

    report = findings.compute(entries, sessions, start=day(60).date(), end=day(89).date())

    assert len(report.daily) == 30
    assert report.daily["date"].iloc[0] == day(60)
    assert report.session.n == 15  # only the sessions inside the period
    assert isinstance(report.trend, results.PainTrend)
    assert isinstance(report.sitting, results.SittingLinks)
    assert isinstance(report.change, results.MeaningfulChange)
    with pytest.raises(AttributeError):
        report.trend = None  # type: ignore[misc]


def test_compute_on_an_empty_journal_says_what_is_needed_everywhere():
    report = findings.compute(journal.entries([]), journal.sessions())

    assert report.daily.empty
    for finding in (
        report.trend,
        report.sitting.same_day,
        report.sitting.next_day,
        report.exercise,
        report.session,
        report.change,
    ):
        assert isinstance(finding, NotEnoughData)
        assert finding.more_needed > 0
        assert sentences.of(finding).startswith(("Not enough data yet", "No exercise is recorded"))
    assert report.per_exercise == ()
    assert report.flares == ()


def test_no_sentence_claims_a_cause():
    daily, _ = routines_journal(81)
    said = [
        sentences.of(links.exercise_effect(daily)),
        sentences.of(changes.pain_trend(daily)),
        sentences.of(changes.meaningful_change(daily)),
        *(sentences.of(effect) for effect in links.per_exercise_effects(daily)),
        *(sentences.of(flare) for flare in changes.flares(daily)),
    ]

    assert said
    for sentence in said:
        plain = sentence.replace(sentences.NOT_CAUSE, "")
        assert not CAUSAL_WORDS.search(plain), sentence
        assert not re.search(r"\b(q|p|rho)\s*=|Spearman|Welch|t-test", sentence), sentence


def test_a_window_of_a_long_journal_equals_the_same_days_of_the_whole() -> None:
    from lumbarlog.journal import demo

    entries, sessions = demo.generate(days=400, end=dt.date(2026, 11, 24), seed=3)
    whole = daily_series(entries, sessions)
    start, end = pd.Timestamp("2026-03-10"), pd.Timestamp("2026-04-20")
    window = daily_series(entries, sessions, start, end)
    expected = whole[(whole["date"] >= start) & (whole["date"] <= end)].reset_index(drop=True)
    pd.testing.assert_frame_equal(window, expected)
