"""lib/trends.py: the daily frame, each finding on data with a known answer, and the minimums."""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd
import pytest

from lib import trends
from lib.trends import NotEnoughData
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
    return trends.daily_series(journal.entries(pain, **columns), journal.sessions())


# --------------------------------------------------------------------------------------------
# daily_series
# --------------------------------------------------------------------------------------------


def test_daily_series_has_the_agreed_columns_and_dtypes():
    daily = daily_of([3, 4], sitting_hours=[6.0, None], exercises=[("log_roll",), ()])

    assert tuple(daily.columns) == trends.DAILY_COLUMNS
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
    daily = trends.daily_series(journal.entries([]), journal.sessions())
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

    daily = trends.daily_series(entries, sessions)

    assert daily["exercises"].tolist() == [("log_roll", "glute_bridge"), (), ("partial_crunch",)]
    # Logged with none is False; a session on a day with no entry still counts as exercise.
    assert daily["exercised"].tolist() == [True, False, True]
    assert daily["logged"].tolist() == [True, True, False]


def test_a_day_with_neither_entry_nor_exercise_is_unknown_not_false():
    entries = journal.entries([5, None, 5])
    sessions = journal.sessions([{"start": day(1) + pd.Timedelta(hours=8)}])  # nothing completed

    daily = trends.daily_series(entries, sessions)

    assert daily["exercised"].isna().tolist() == [False, True, False]


def test_rolling_pain_needs_four_logged_days_in_the_seven():
    entries = journal.entries([2, 4, None, 6, None, None, 8, 5])
    daily = trends.daily_series(entries, journal.sessions(), end=day(9).date())

    rolling = daily["rolling_pain"]
    assert len(daily) == 10
    assert rolling.iloc[:6].isna().all()  # at most three logged days so far
    assert rolling.iloc[6] == pytest.approx(5.0)  # 2, 4, 6, 8
    assert rolling.iloc[7] == pytest.approx(5.75)  # days 1-7: 4, 6, 8, 5
    assert rolling.iloc[8:].isna().all()  # days 2-8 and 3-9: only 6, 8, 5


def test_start_and_end_cut_the_range_but_the_rolling_mean_sees_the_days_before():
    daily_full = daily_of([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    daily_cut = trends.daily_series(
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
# weekly_summary
# --------------------------------------------------------------------------------------------


def test_weekly_summary_averages_logged_days_only():
    # Monday to Sunday, then the next Monday. Days 1 and 2 are missing.
    pain = [2, None, None, 4, 6, 8, 4, 9]
    sitting = [4.0, None, None, None, 8.0, None, None, 2.0]
    exercises = [("log_roll",), (), (), (), ("glute_bridge",), (), (), ()]
    weekly = trends.weekly_summary(daily_of(pain, sitting_hours=sitting, exercises=exercises))

    assert tuple(weekly.columns) == trends.WEEKLY_COLUMNS
    assert weekly["week_start"].tolist() == [day(0), day(7)]
    assert weekly["mean_pain"].tolist() == pytest.approx([24 / 5, 9.0])
    assert weekly["mean_sitting_hours"].tolist() == pytest.approx([6.0, 2.0])
    assert weekly["exercise_days"].tolist() == [2, 0]
    assert weekly["logged_days"].tolist() == [5, 1]


# --------------------------------------------------------------------------------------------
# pain_trend
# --------------------------------------------------------------------------------------------


def test_pain_trend_finds_a_falling_trend_in_points_per_week():
    rng = np.random.default_rng(11)
    days = np.arange(60)
    pain = clip_pain(8 - 0.1 * days + rng.normal(0, 0.7, days.size))

    trend = trends.pain_trend(daily_of(pain), window_days=28)

    assert trend.n == 28
    assert -1.0 <= trend.points_per_week <= -0.4  # true slope -0.7 a week
    assert trend.ci_low <= -0.7 <= trend.ci_high
    assert trend.direction == "falling"
    assert "went down by about" in trend.sentence
    assert "n = 28 days" in trend.sentence


def test_flat_noisy_pain_is_called_level():
    rng = np.random.default_rng(12)
    trend = trends.pain_trend(daily_of(clip_pain(5 + rng.normal(0, 1, 40))), window_days=None)

    assert trend.ci_low <= 0 <= trend.ci_high
    assert trend.direction == "level"
    assert "stayed about level" in trend.sentence


def test_pain_trend_says_how_many_more_days_it_needs():
    result = trends.pain_trend(daily_of([5, None, 4, 6, 5, None, 3]), window_days=28)

    assert isinstance(result, NotEnoughData)
    assert result.more_needed == trends.MIN_TREND_DAYS - 5
    assert not result.enough
    assert f"log {trends.MIN_TREND_DAYS - 5} more days" in result.sentence


# --------------------------------------------------------------------------------------------
# sitting_correlation
# --------------------------------------------------------------------------------------------


def test_sitting_and_pain_on_the_same_day():
    rng = np.random.default_rng(21)
    sitting = rng.integers(4, 44, 60) / 4
    pain = clip_pain(1 + 0.6 * sitting + rng.normal(0, 1, 60))

    result = trends.sitting_correlation(daily_of(pain, sitting_hours=sitting.tolist()))

    assert result.same_day.n == 60
    assert result.same_day.rho > 0.6
    assert 0 < result.same_day.ci_low < result.same_day.rho < result.same_day.ci_high < 1
    assert "On days with more sitting, pain tended to be higher" in result.same_day.sentence


def test_sitting_today_against_pain_tomorrow_uses_only_days_both_logged():
    rng = np.random.default_rng(22)
    sitting = rng.integers(4, 44, 80) / 4
    # Pain depends on yesterday's sitting only.
    pain = clip_pain(np.r_[5, 1 + 0.6 * sitting[:-1]] + rng.normal(0, 1, 80))
    pain_with_gaps = [None if index % 10 == 5 else value for index, value in enumerate(pain)]

    result = trends.sitting_correlation(daily_of(pain_with_gaps, sitting_hours=sitting.tolist()))

    logged = [value is not None for value in pain_with_gaps]
    both = sum(logged[i] and logged[i + 1] for i in range(79))
    assert result.next_day.n == both
    assert result.next_day.rho > 0.5
    assert result.next_day.ci_low > 0
    assert abs(result.same_day.rho) < 0.3
    assert "After days with more sitting, pain the next day" in result.next_day.sentence


def test_sitting_correlation_needs_fourteen_pairs():
    sitting = [6.0] * 5 + [8.0, 2.0, 3.0, 4.0, 5.0]
    result = trends.sitting_correlation(daily_of([5] * 10, sitting_hours=sitting))

    assert isinstance(result.same_day, NotEnoughData)
    assert result.same_day.more_needed == trends.MIN_CORRELATION_PAIRS - 10
    assert isinstance(result.next_day, NotEnoughData)
    assert result.next_day.more_needed == trends.MIN_CORRELATION_PAIRS - 9
    assert "log 4 more days with both pain and hours sitting" in result.same_day.sentence


# --------------------------------------------------------------------------------------------
# exercise_effect and per_exercise_effects
# --------------------------------------------------------------------------------------------


def effect_journal(seed: int, days: int = 200, effect: float = -1.5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    exercised = rng.random(days) < 0.5
    pain = clip_pain(np.r_[5, 5 + effect * exercised[:-1]] + rng.normal(0, 1, days))
    exercises = [("glute_bridge",) if done else () for done in exercised]
    return daily_of(pain, exercises=exercises)


def test_exercise_effect_finds_lower_next_day_pain():
    daily = effect_journal(31)

    effect = trends.exercise_effect(daily)

    assert effect.n_after_exercise + effect.n_after_none == 199
    assert -2.0 <= effect.difference <= -1.0
    assert effect.ci_low < -1.5 < effect.ci_high
    assert effect.ci_high < 0
    assert effect.difference == pytest.approx(effect.mean_after_exercise - effect.mean_after_none)
    assert effect.sentence.startswith("On days after you exercised, pain was 1.")
    assert f"n = {effect.n_after_exercise} vs {effect.n_after_none} days" in effect.sentence
    assert not CAUSAL_WORDS.search(effect.sentence)


def test_exercise_effect_only_pairs_a_day_with_a_logged_next_day():
    # Exercise on 0, 2, 4 (4 has no logged next day); none on 1, 3, 5; 6 not logged.
    pain = [5, 3, 5, 3, 5, 7, None, 9]
    exercises = [("log_roll",), (), ("log_roll",), (), ("log_roll",), (), (), ()]

    result = trends.exercise_effect(daily_of(pain, exercises=exercises))

    assert isinstance(result, NotEnoughData)
    # Pairs: after exercise days 0 and 2 (4's next day, 5, is logged too: 3 pairs); after
    # no-exercise days 1, 3 (5's next day is a gap): 2 pairs.
    assert result.more_needed == (trends.MIN_DAYS_PER_GROUP - 3) + (trends.MIN_DAYS_PER_GROUP - 2)
    assert "log 2 more days with exercise and 3 more without" in result.sentence


def test_exercise_effect_says_which_group_is_short():
    exercised = [True] * 12 + [False] * 3 + [True]
    pain = [4] * len(exercised)
    exercises = [("log_roll",) if done else () for done in exercised]

    result = trends.exercise_effect(daily_of(pain, exercises=exercises))

    assert isinstance(result, NotEnoughData)
    assert result.more_needed == trends.MIN_DAYS_PER_GROUP - 3
    assert result.sentence.startswith("Not enough data yet: log 2 more days without exercise")


def test_per_exercise_effects_finds_the_one_that_goes_with_lower_pain():
    rng = np.random.default_rng(41)
    days = 240
    done = {exercise_id: rng.random(days) < 0.4 for exercise_id in EXERCISE_IDS}
    pain = clip_pain(np.r_[6, 6 - 2.0 * done["glute_bridge"][:-1]] + rng.normal(0, 1, days))
    exercises = [
        tuple(exercise_id for exercise_id in EXERCISE_IDS if done[exercise_id][i])
        for i in range(days)
    ]

    effects = trends.per_exercise_effects(
        daily_of(pain, exercises=exercises), names={"glute_bridge": "Glute bridge"}
    )

    assert {effect.exercise_id for effect in effects} == set(EXERCISE_IDS)
    first = effects[0]
    assert first.exercise_id == "glute_bridge"
    assert first.significant
    assert -2.5 <= first.difference <= -1.5
    assert first.ci_high < 0
    assert first.q_value >= first.p_value
    assert first.sentence.startswith("On days after Glute bridge, pain was")
    assert "lower" in first.sentence
    assert not any(effect.significant for effect in effects[1:])


def test_per_exercise_effects_on_noise_rarely_call_anything_significant():
    journals_with_a_finding = 0
    uncorrected = 0
    for seed in range(200):
        rng = np.random.default_rng(1000 + seed)
        days = 90
        pain = clip_pain(5 + rng.normal(0, 1.5, days))
        exercises = [
            tuple(exercise_id for exercise_id in EXERCISE_IDS if rng.random() < 0.4)
            for _ in range(days)
        ]
        effects = trends.per_exercise_effects(daily_of(pain, exercises=exercises))
        journals_with_a_finding += any(effect.significant for effect in effects)
        uncorrected += any(effect.p_value <= 0.05 for effect in effects)

    assert journals_with_a_finding / 200 <= 0.10
    assert uncorrected > journals_with_a_finding  # the correction is doing work


def test_per_exercise_effects_below_the_minimum_say_how_many_more_days():
    exercises = [("log_roll",)] * 3 + [()] * 11 + [("glute_bridge",)] * 6
    effects = trends.per_exercise_effects(daily_of([5, 6, 4, 5] * 5, exercises=exercises))
    by_id = {effect.exercise_id: effect for effect in effects}

    log_roll = by_id["log_roll"]
    assert not log_roll.enough
    assert log_roll.more_needed == trends.MIN_DAYS_PER_GROUP - 3
    assert math.isnan(log_roll.difference)
    assert not log_roll.significant
    assert "log 2 more days with log roll" in log_roll.sentence
    assert by_id["glute_bridge"].enough
    assert effects[-1].exercise_id == "log_roll"  # the ones without numbers come last


# --------------------------------------------------------------------------------------------
# session_effect
# --------------------------------------------------------------------------------------------


def test_session_effect_finds_lower_pain_after_sessions():
    rng = np.random.default_rng(51)
    before = rng.integers(3, 9, 30)
    after = np.clip(before - 1 + rng.integers(-1, 2, 30), 0, 10)
    rows = [
        {"start": day(i) + pd.Timedelta(hours=8), "pain_before": b, "pain_after": a}
        for i, (b, a) in enumerate(zip(before, after, strict=True))
    ]
    rows.append({"start": day(40), "pain_before": 9})  # no "after": not a pair

    effect = trends.session_effect(journal.sessions(rows))

    assert effect.n == 30
    assert effect.mean_change == pytest.approx((after - before).mean())
    assert -1.5 <= effect.mean_change <= -0.5
    assert effect.ci_low < effect.mean_change < effect.ci_high < 0
    assert "Right after your routine sessions, pain was" in effect.sentence
    assert "n = 30 sessions" in effect.sentence


def test_session_effect_needs_enough_pairs():
    rows = [
        {"start": day(i), "pain_before": 5, "pain_after": 4 if i else math.nan} for i in range(4)
    ]

    result = trends.session_effect(journal.sessions(rows))

    assert isinstance(result, NotEnoughData)
    assert result.more_needed == trends.MIN_SESSION_PAIRS - 3


# --------------------------------------------------------------------------------------------
# meaningful_change
# --------------------------------------------------------------------------------------------


def change_of(baseline: list[int | None], recent: list[int | None]):
    return trends.meaningful_change(daily_of([*baseline, *recent]))


@pytest.mark.parametrize(
    ("baseline", "recent", "verdict"),
    [
        ([8] * 7, [6] * 7, trends.IMPROVED),  # exactly 2 points (25%)
        ([8] * 7, [6] * 6 + [7], trends.NO_MEANINGFUL_CHANGE),  # 1.86 points, 23%
        ([5] * 7, [None, None, None, 3, 4, 3, 4], trends.IMPROVED),  # 1.5 points = exactly 30%
        ([5] * 7, [4, 3, 4, 3, 4, 3, 4], trends.NO_MEANINGFUL_CHANGE),  # 1.43 points, 28.6%
        ([4] * 7, [6] * 7, trends.WORSE),  # exactly 2 points up
        ([8] * 7, [9] * 7, trends.NO_MEANINGFUL_CHANGE),  # 1 point, 12.5%
        ([0] * 7, [1] * 7, trends.NO_MEANINGFUL_CHANGE),  # baseline 0: only points count
        ([0] * 7, [2] * 7, trends.WORSE),
        ([3] * 7, [0] * 7, trends.IMPROVED),
    ],
)
def test_meaningful_change_thresholds(baseline, recent, verdict):
    result = change_of(baseline, recent)

    assert result.verdict == verdict
    assert result.baseline_days == 7
    assert result.recent_days == sum(value is not None for value in recent)


def test_meaningful_change_with_baseline_zero_has_no_percentage():
    result = change_of([0] * 7, [2] * 7)

    assert math.isnan(result.percent_change)
    assert "%)" not in result.sentence.split(":")[0]
    assert "meaningfully worse" in result.sentence


def test_meaningful_change_sentence_names_both_windows():
    result = change_of([8] * 7, [5] * 7)

    assert result.sentence.startswith("Your average pain from 12 Jan 2026 to 18 Jan 2026 was 5.0")
    assert "3.0 points (38%) lower than 8.0 from 5 Jan 2026 to 11 Jan 2026" in result.sentence
    assert "a meaningful improvement" in result.sentence


def test_meaningful_change_waits_until_the_windows_do_not_overlap():
    result = trends.meaningful_change(daily_of([5] * 10))

    assert isinstance(result, NotEnoughData)
    assert result.more_needed == 4  # then days 8-14 are the recent week, after the first 7
    assert "log 4 more days" in result.sentence


def test_meaningful_change_on_an_empty_journal_needs_two_weeks():
    result = trends.meaningful_change(daily_of([]))

    assert result.more_needed == trends.BASELINE_DAYS + trends.RECENT_DAYS


def test_meaningful_change_needs_four_logged_days_in_the_last_week():
    # Days 0-14 logged, then only days 19 and 20: the last week (14-20) has three.
    pain = [5] * 15 + [None] * 4 + [5, 5]

    result = trends.meaningful_change(daily_of(pain))

    assert isinstance(result, NotEnoughData)
    assert result.more_needed == 2  # logging days 21 and 22 makes 19, 20, 21, 22


def test_meaningful_change_against_a_baseline_the_person_picks():
    pain = [9] * 7 + [6] * 7 + [4] * 7
    daily = daily_of(pain)

    result = trends.meaningful_change(daily, baseline=(day(7).date(), day(13).date()))

    assert result.baseline_mean == pytest.approx(6.0)
    assert result.recent_mean == pytest.approx(4.0)
    assert result.verdict == trends.IMPROVED

    too_thin = trends.meaningful_change(daily, baseline=(day(-10).date(), day(1).date()))
    assert isinstance(too_thin, NotEnoughData)
    assert too_thin.more_needed == trends.MIN_LOGGED_IN_WINDOW - 2


# --------------------------------------------------------------------------------------------
# flares
# --------------------------------------------------------------------------------------------


def test_two_days_two_points_above_the_usual_level_are_a_flare():
    found = trends.flares(daily_of([4] * 14 + [6, 6] + [4] * 3))

    assert len(found) == 1
    flare = found[0]
    assert (flare.start, flare.end, flare.days) == (day(14).date(), day(15).date(), 2)
    assert flare.usual_pain == pytest.approx(4.0)
    assert flare.peak_pain == 6.0
    assert not flare.ongoing
    assert "at least 2.0 points above your usual level for 2 days in a row" in flare.sentence


@pytest.mark.parametrize(
    "pain",
    [
        [4] * 14 + [5, 5, 4],  # only one point above
        [4] * 13 + [5] + [6, 6, 4],  # usual level 4.07: 6 is 1.93 above
        [4] * 14 + [6, 4, 6, 4],  # never two days in a row
        [4] * 14 + [6, None, 6, 4],  # a gap breaks the run
    ],
)
def test_just_below_the_flare_rule_is_no_flare(pain):
    assert trends.flares(daily_of(pain)) == []


def test_flare_days_do_not_raise_their_own_yardstick():
    # If day 14 counted towards day 15's usual level (4.14), day 15 at 6 would not be a flare.
    found = trends.flares(daily_of([4] * 14 + [6, 6, 6]))

    assert [(flare.days, flare.ongoing) for flare in found] == [(3, True)]
    assert found[0].sentence.startswith("Since 19 Jan 2026")


def test_no_flare_before_there_is_a_usual_level():
    assert trends.flares(daily_of([1, 1, 1, 9, 9])) == []
    assert len(trends.flares(daily_of([1, 1, 1, 1, 9, 9]))) == 1


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
    weekly = trends.weekly_summary(daily)
    for week in range(10):
        in_week = [v for v in with_gaps[week * 7 : week * 7 + 7] if v is not None]
        assert weekly["mean_pain"].iloc[week] == pytest.approx(np.mean(in_week))
    change = trends.meaningful_change(daily)
    assert change.recent_mean == pytest.approx(np.mean([v for v in with_gaps[-7:] if v]))
    assert change.baseline_mean == pytest.approx(np.mean(logged[:7]))


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

    report = trends.compute(entries, sessions, start=day(60).date(), end=day(89).date())

    assert len(report.daily) == 30
    assert report.daily["date"].iloc[0] == day(60)
    assert report.session.n == 15  # only the sessions inside the period
    assert isinstance(report.trend, trends.PainTrend)
    assert isinstance(report.sitting, trends.SittingCorrelation)
    assert isinstance(report.change, trends.MeaningfulChange)
    assert len(report.weekly) >= 4
    with pytest.raises(AttributeError):
        report.trend = None  # type: ignore[misc]


def test_compute_on_an_empty_journal_says_what_is_needed_everywhere():
    report = trends.compute(journal.entries([]), journal.sessions())

    assert report.daily.empty
    assert report.weekly.empty
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
        assert finding.sentence.startswith("Not enough data yet")
    assert report.per_exercise == ()
    assert report.flares == ()


def test_no_sentence_claims_a_cause():
    daily = effect_journal(81)
    sentences = [
        trends.exercise_effect(daily).sentence,
        trends.pain_trend(daily).sentence,
        trends.meaningful_change(daily).sentence,
        *(effect.sentence for effect in trends.per_exercise_effects(daily)),
        *(flare.sentence for flare in trends.flares(daily)),
    ]

    assert sentences
    for sentence in sentences:
        assert not CAUSAL_WORDS.search(sentence), sentence
        assert "n = " in sentence or "logged" in sentence or "usual level" in sentence


def test_a_window_of_a_long_journal_equals_the_same_days_of_the_whole() -> None:
    from lib import demo

    entries, sessions = demo.generate(days=400, end=dt.date(2026, 11, 24), seed=3)
    whole = trends.daily_series(entries, sessions)
    start, end = pd.Timestamp("2026-03-10"), pd.Timestamp("2026-04-20")
    window = trends.daily_series(entries, sessions, start, end)
    expected = whole[(whole["date"] >= start) & (whole["date"] <= end)].reset_index(drop=True)
    pd.testing.assert_frame_equal(window, expected)
