"""Randomised self-experiments: the design and schedule (lumbarlog/domain/experiments.py), the
exact randomisation test (lumbarlog/analysis/randomisation.py) and the answer from a journal
(lumbarlog/analysis/experiment.py, experiment_sentences.py)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from lumbarlog.analysis import experiment, experiment_sentences, randomisation
from lumbarlog.analysis.rules import ABOUT_THE_SAME, CANT_TELL, CLEAR
from lumbarlog.domain import catalog, experiments, schema
from lumbarlog.domain.experiments import FOLLOWED, NOT_FOLLOWED, NOT_RECORDED, A, B, DesignError

START = dt.date(2026, 1, 5)
CATALOG = catalog.load()
QUESTIONS = experiments.questions(CATALOG)
STRETCHES = experiments.question(CATALOG, "routine:morning_stretches")
TIMES = experiments.question(CATALOG, "morning_or_evening")
BREAKS = experiments.question(CATALOG, "sitting_breaks")

# Every design the bounds allow: (weeks, block days) with at least MIN_PAIRS pairs.
VALID = [
    (weeks, block)
    for weeks in range(experiments.MIN_WEEKS, experiments.MAX_WEEKS + 1)
    for block in range(experiments.MIN_BLOCK_DAYS, experiments.MAX_BLOCK_DAYS + 1)
    if weeks * 7 // (2 * block) >= experiments.MIN_PAIRS
]
designs = st.builds(
    lambda q, wb, seed, offset: experiments.make_design(
        q, START + dt.timedelta(days=offset), wb[0], wb[1], seed
    ),
    st.sampled_from(QUESTIONS),
    st.sampled_from(VALID),
    st.integers(0, experiments.MAX_SEED),
    st.integers(0, 400),
)


# --------------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------------


def test_the_questions_fix_their_conditions_and_outcome() -> None:
    by_id = {q.id: q for q in QUESTIONS}
    assert STRETCHES.text == "Does Morning stretches on a day go with lower pain the next day?"
    assert (STRETCHES.a.today, STRETCHES.b.today) == (
        "Today: do Morning stretches",
        "Today: no Morning stretches",
    )
    assert STRETCHES.outcome == experiments.NEXT_DAY
    assert BREAKS.text == "Do sitting breaks every 30 minutes lower my evening pain?"
    assert BREAKS.outcome == experiments.SAME_DAY
    assert TIMES.text == "Morning or evening stretches: which suits me?"
    assert TIMES.outcome == experiments.NEXT_DAY
    # Routines for flares and stiffness are not withheld by lot; every other routine is asked.
    asked = {q.routine_id for q in QUESTIONS if q.kind == experiments.ROUTINE}
    assert asked == set(CATALOG.routines) - set(experiments.NOT_ASKED)
    assert "routine:gentle_flare" not in by_id
    with pytest.raises(ValueError, match="Question: there is no question 'nope'"):
        experiments.question(CATALOG, "nope")


# --------------------------------------------------------------------------------------------
# Design and schedule
# --------------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(designs)
def test_a_schedule_is_balanced_within_the_bounds_and_follows_its_seed(
    design: experiments.Design,
) -> None:
    schedule = experiments.schedule(design)
    days = schedule.days
    weeks, block = design.weeks, design.block_days
    assert experiments.MIN_WEEKS <= weeks <= experiments.MAX_WEEKS
    assert experiments.MIN_BLOCK_DAYS <= block <= experiments.MAX_BLOCK_DAYS
    assert design.pairs >= experiments.MIN_PAIRS
    # The weeks, rounded down to whole pairs of blocks; consecutive days from the start.
    assert weeks * 7 - 2 * block < len(days) == design.days <= weeks * 7
    assert [d.date for d in days] == [
        design.start + dt.timedelta(days=i) for i in range(design.days)
    ]
    assert days[-1].date == design.last_day
    # Each pair: one block of A and one of B, block_days each, the first day not analysed.
    for pair in range(1, design.pairs + 1):
        in_pair = [d for d in days if d.pair == pair]
        assert sorted(d.condition for d in in_pair) == [A] * block + [B] * block
        assert len({d.block for d in in_pair}) == 2
        for number in {d.block for d in in_pair}:
            in_block = [d for d in in_pair if d.block == number]
            assert len({d.condition for d in in_block}) == 1
            assert [d.analysed for d in in_block] == [False] + [True] * (block - 1)
        first = in_pair[0].condition == A
        assert first == schedule.a_first[pair - 1]
    # Balanced: with every day logged, as many analysed A days as B days.
    analysed = [d.condition for d in days if d.analysed]
    assert analysed.count(A) == analysed.count(B) == design.pairs * (block - 1)
    # The outcome is fixed by the question: the next day's pain, or the same day's.
    lag = 1 if design.outcome == experiments.NEXT_DAY else 0
    assert all(d.outcome_date == d.date + dt.timedelta(days=lag) for d in days)
    assert design.planned_end == design.last_day + dt.timedelta(days=lag)
    # Reproducible: the same seed gives the same schedule.
    again = experiments.make_design(
        experiments.question(CATALOG, design.question_id),
        design.start,
        weeks,
        block,
        design.seed,
    )
    assert experiments.schedule(again) == schedule
    assert schedule.on(design.start) == days[0]
    assert schedule.on(design.start - dt.timedelta(days=1)) is None


def test_the_orders_come_from_numpy_default_rng_of_the_seed() -> None:
    draws = np.random.default_rng(20260105).integers(0, 2, size=14)
    assert experiments.pair_orders(20260105, 14) == tuple(bool(x == 0) for x in draws)
    # Different seeds give different schedules (14 pairs: 16,384 orders; seeds 0-49 give 49
    # different ones: two share an order by chance, as a birthday would).
    orders = {experiments.pair_orders(seed, 14) for seed in range(50)}
    assert len(orders) == 49


@pytest.mark.parametrize(
    ("weeks", "block", "seed", "field", "reason"),
    [
        (3, 2, 1, "Weeks", "must be a whole number from 4 to 8, not 3"),
        (9, 2, 1, "Weeks", "must be a whole number from 4 to 8, not 9"),
        (4.5, 2, 1, "Weeks", "must be a whole number from 4 to 8, not 4.5"),
        ("6", 2, 1, "Weeks", "must be a whole number from 4 to 8, not '6'"),
        (True, 2, 1, "Weeks", "must be a whole number from 4 to 8, not True"),
        (6, 1, 1, "Block length", "must be a whole number of days from 2 to 4, not 1"),
        (6, 5, 1, "Block length", "must be a whole number of days from 2 to 4, not 5"),
        (6, 2, -1, "Seed", "must be a whole number from 0 to 2^63 - 1, not -1"),
        (6, 2, 2**63, "Seed", "must be a whole number from 0 to 2^63 - 1, not 9223372036854775808"),
        (6, 2, 1.0, "Seed", "must be a whole number from 0 to 2^63 - 1, not 1.0"),
        (
            4,
            3,
            1,
            "Weeks",
            "4 weeks of 3-day blocks make only 4 pairs of blocks; at least 6 are needed for a "
            "clear answer to be possible (choose at least 6 weeks, or shorter blocks)",
        ),
        (
            6,
            4,
            1,
            "Weeks",
            "6 weeks of 4-day blocks make only 5 pairs of blocks; at least 6 are needed for a "
            "clear answer to be possible (choose at least 7 weeks, or shorter blocks)",
        ),
    ],
)
def test_a_design_outside_the_bounds_is_refused_naming_the_field(
    weeks: object, block: object, seed: object, field: str, reason: str
) -> None:
    with pytest.raises(DesignError) as refused:
        experiments.make_design(STRETCHES, START, weeks, block, seed)  # type: ignore[arg-type]
    assert (refused.value.field, refused.value.reason) == (field, reason)
    assert str(refused.value) == f"{field}: {reason}"
    assert isinstance(refused.value, ValueError)


def test_a_start_that_is_not_a_calendar_day_is_refused() -> None:
    with pytest.raises(DesignError, match=r"^First day: must be a calendar day"):
        experiments.make_design(STRETCHES, dt.datetime(2026, 1, 5, 9), 6, 2, 1)


def test_the_suggested_weeks_are_enough() -> None:
    for block in range(experiments.MIN_BLOCK_DAYS, experiments.MAX_BLOCK_DAYS + 1):
        weeks = experiments._weeks_needed(block)
        experiments.make_design(STRETCHES, START, weeks, block, 1)
        if weeks - 1 >= experiments.MIN_WEEKS:
            with pytest.raises(DesignError):
                experiments.make_design(STRETCHES, START, weeks - 1, block, 1)


# --------------------------------------------------------------------------------------------
# The randomisation test
# --------------------------------------------------------------------------------------------


def ar1(rng: np.random.Generator, days: int, phi: float) -> np.ndarray:
    """Pain with carry-over from day to day (AR(1)), spread 1.5 points, around 4.5."""
    noise = rng.normal(0, 1.5 * math.sqrt(1 - phi**2), size=days)
    values = np.empty(days)
    values[0] = rng.normal(0, 1.5)
    for t in range(1, days):
        values[t] = phi * values[t - 1] + noise[t]
    return 4.5 + values


def test_p_values_are_uniform_when_the_assignment_does_nothing() -> None:
    """300 simulated experiments whose pain ignores the schedule (AR(1), phi 0.8, one day in
    ten not logged): the exact test's p-values are uniform, so "clear" at 5% comes 5% of the
    time, however much pain carries over."""
    rng = np.random.default_rng(14)
    design = experiments.make_design(STRETCHES, START, 8, 2, 0)
    p_values = []
    for _ in range(300):
        pain = ar1(rng, design.days + 1, 0.8)
        pain[rng.random(pain.size) < 0.1] = np.nan
        seed = int(rng.integers(0, 2**32))
        schedule = experiments.schedule(experiments.make_design(STRETCHES, START, 8, 2, seed))
        differences, _ = experiment.pair_differences(schedule, pain[1:])
        p_values.append(randomisation.p_value(differences))
    p = np.array(p_values)
    assert stats.kstest(p, "uniform").pvalue > 0.01
    for level in (0.05, 0.2):
        # within the binomial's 99.9% bounds for 300 draws
        low, high = stats.binom.ppf([0.0005, 0.9995], 300, level)
        assert low <= np.count_nonzero(p <= level) <= high


def test_the_interval_is_the_true_shift_when_there_is_no_noise() -> None:
    design = experiments.make_design(STRETCHES, START, 8, 2, 99)
    for shift in (-1.0, 0.0, 0.37, 2.5):
        differences = np.full(design.pairs, shift)
        test = randomisation.randomisation_test(differences)
        assert test.estimate == pytest.approx(shift)
        assert test.ci_low == pytest.approx(shift, abs=1e-8) == test.ci_high
        assert test.p_value == (1.0 if shift == 0 else 2 / 2**design.pairs)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(-48, 48), min_size=6, max_size=11),
    st.floats(-3, 3, allow_nan=False),
)
def test_the_interval_inverts_the_test(twelfths: list[int], shift: float) -> None:
    """A shift added to every A day moves the interval by the shift, and the true shift is
    inside it exactly when the test of it is not rejected; zero is outside exactly when
    p <= 5%. (Differences of block means of whole points: multiples of 1/12 for blocks of up
    to 4 days, with their ties.)"""
    d = np.array(twelfths) / 12
    plain = randomisation.randomisation_test(d)
    moved = randomisation.randomisation_test(d + shift)
    assert randomisation.p_value(d + shift, shift) == pytest.approx(randomisation.p_value(d))
    assert moved.ci_low == pytest.approx(plain.ci_low + shift, abs=1e-4)
    assert moved.ci_high == pytest.approx(plain.ci_high + shift, abs=1e-4)
    assert (moved.ci_low <= shift <= moved.ci_high) == (plain.ci_low <= 0 <= plain.ci_high)
    assert (plain.ci_low <= 0 <= plain.ci_high) == (plain.p_value > randomisation.ALPHA)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=6, max_size=12))
def test_zero_is_outside_the_interval_exactly_when_p_is_at_most_5_percent(
    differences: list[int],
) -> None:
    """Whole-point pain gives tied differences: the interval's ends sit on the ties."""
    test = randomisation.randomisation_test(np.array(differences, dtype=float))
    assert (test.ci_low <= 0 <= test.ci_high) == (test.p_value > randomisation.ALPHA)
    assert test.ci_low <= test.estimate <= test.ci_high


def test_fewer_than_six_pairs_give_no_bounded_interval() -> None:
    test = randomisation.randomisation_test(np.array([-2.0, -2.0, -2.0, -2.0, -2.0]))
    assert test.p_value == 2 / 32 > randomisation.ALPHA
    assert (test.ci_low, test.ci_high) == (-math.inf, math.inf)


# --------------------------------------------------------------------------------------------
# The answer from a journal
# --------------------------------------------------------------------------------------------


def entries_of(pain: dict[dt.date, int], exercises: dict[dt.date, tuple[str, ...]] | None = None):
    exercises = exercises or {}
    days = sorted(set(pain) | set(exercises))
    rows = [
        schema.entry_to_row(
            schema.Entry(date=day, pain=pain.get(day, 0), exercises=exercises.get(day, ()))
        )
        for day in days
    ]
    if not rows:
        return schema.empty_entries()
    return pd.DataFrame(rows).astype(dict(schema.ENTRY_DTYPES))


def sessions_of(starts: list[tuple[dt.datetime, str, str, tuple[str, ...]]]) -> pd.DataFrame:
    rows = [
        schema.session_to_row(
            schema.Session(
                start=start,
                end=start + dt.timedelta(minutes=5),
                routine_id=routine,
                exercises_completed=done,
                outcome=outcome,
            )
        )
        for start, routine, outcome, done in starts
    ]
    if not rows:
        return schema.empty_sessions()
    return pd.DataFrame(rows).astype(dict(schema.SESSION_DTYPES))


def test_a_clear_answer_as_assigned_in_words() -> None:
    design = experiments.make_design(STRETCHES, START, 8, 2, 5)
    schedule = experiments.schedule(design)
    # Pain the day after an A day is 3, after a B day 5; every day logged.
    pain = {START: 4} | {d.outcome_date: 3 if d.condition == A else 5 for d in schedule.days}
    routine = STRETCHES.routine_exercises
    sessions = sessions_of(
        [
            (dt.datetime.combine(d.date, dt.time(8)), STRETCHES.routine_id, "finished", routine)
            for d in schedule.days
            if d.condition == A
        ]
    )
    result = experiment.answer(STRETCHES, schedule, entries_of(pain), sessions, design.planned_end)
    assert not result.interim
    assert result.estimate == pytest.approx(-2.0)
    assert result.ci_low == pytest.approx(-2.0) == result.ci_high
    assert result.p_value == 2 / 2**14
    assert result.schedules == 16384
    assert (result.pairs_used, result.pairs_left_out, result.pairs_to_come) == (14, 0, 0)
    assert (result.days_a, result.days_b, result.missing_a, result.missing_b) == (14, 14, 0, 0)
    assert result.kind == CLEAR
    a, b = result.adherence
    assert (a.days, a.followed, b.days, b.followed) == (28, 28, 28, 28)
    words = experiment_sentences.of(result)
    assert words.startswith(
        "Pain the next day was about 2.0 points lower on Morning stretches days than on days "
        "without it, as the lot assigned them (95% range 2.0 to 2.0 points lower; a "
        "difference this large came up in fewer than 1% of the 16,384 orders"
    )
    assert "You followed the assignment on 28 of 28 Morning stretches days" in words
    assert "expecting a routine to help can lower the pain you rate" in words


def test_days_without_pain_are_missing_never_zero() -> None:
    design = experiments.make_design(STRETCHES, START, 8, 2, 5)
    schedule = experiments.schedule(design)
    pain = {d.outcome_date: 3 if d.condition == A else 5 for d in schedule.days}
    # Pair 1's A block has no outcome logged: the pair is left out, not counted as 0 pain.
    for d in schedule.days:
        if d.pair == 1 and d.condition == A:
            pain.pop(d.outcome_date)
    result = experiment.answer(
        STRETCHES, schedule, entries_of(pain), schema.empty_sessions(), design.planned_end
    )
    assert result.estimate == pytest.approx(-2.0)
    assert (result.pairs_used, result.pairs_left_out) == (13, 1)
    assert (result.missing_a, result.days_a) == (1, 13)
    assert "1 left out for pain not logged in one of its blocks" in experiment_sentences.of(result)


def test_before_the_planned_end_the_view_is_interim_and_shows_no_difference() -> None:
    design = experiments.make_design(STRETCHES, START, 8, 2, 5)
    schedule = experiments.schedule(design)
    pain = {d.outcome_date: 3 if d.condition == A else 5 for d in schedule.days}
    today = START + dt.timedelta(days=28)  # pair 7's last outcome
    result = experiment.answer(
        STRETCHES, schedule, entries_of(pain), schema.empty_sessions(), today
    )
    assert result.interim
    assert result.pairs_to_come == 7
    assert result.days_a + result.days_b == 14  # outcomes after today do not count
    words = experiment_sentences.of(result)
    assert words.startswith("Interim view, not the answer: 7 of 14 pairs of blocks are done")
    assert "2.0" not in words and "points" not in words
    final = experiment.answer(
        STRETCHES, schedule, entries_of(pain), schema.empty_sessions(), design.planned_end
    )
    assert not final.interim


def test_can_t_tell_and_about_the_same_are_honest_answers() -> None:
    design = experiments.make_design(STRETCHES, START, 8, 2, 5)
    schedule = experiments.schedule(design)
    rng = np.random.default_rng(3)
    noisy = {d.outcome_date: int(rng.integers(0, 11)) for d in schedule.days}
    result = experiment.answer(
        STRETCHES, schedule, entries_of(noisy), schema.empty_sessions(), design.planned_end
    )
    assert result.kind == CANT_TELL
    assert experiment_sentences.of(result).startswith(
        "Can't tell whether pain the next day differs between Morning stretches days and "
        "days without it: anywhere from"
    )
    steady = {d.outcome_date: 4 for d in schedule.days}
    result = experiment.answer(
        STRETCHES, schedule, entries_of(steady), schema.empty_sessions(), design.planned_end
    )
    assert result.kind == ABOUT_THE_SAME
    assert experiment_sentences.of(result).startswith(
        "Pain the next day was about the same on Morning stretches days and days without it"
    )
    nothing = experiment.answer(
        STRETCHES, schedule, schema.empty_entries(), schema.empty_sessions(), design.planned_end
    )
    assert not nothing.enough and nothing.kind == CANT_TELL
    assert experiment_sentences.of(nothing).startswith("No answer: no pair of blocks")


def test_adherence_is_counted_from_the_journal() -> None:
    design = experiments.make_design(STRETCHES, START, 6, 3, 0)
    schedule = experiments.schedule(design)
    a_days = [d.date for d in schedule.days if d.condition == A]
    b_days = [d.date for d in schedule.days if d.condition == B]
    routine, done = STRETCHES.routine_id, STRETCHES.routine_exercises
    at = dt.datetime.combine
    sessions = sessions_of(
        [
            (at(a_days[0], dt.time(7)), routine, "finished", done),  # followed
            (at(a_days[2], dt.time(7)), routine, "stopped", ()),  # stopped before any step
            (at(a_days[3], dt.time(7)), "core_strength", "finished", ()),  # another routine
            (at(b_days[0], dt.time(21)), routine, "stopped", done[:1]),  # done on a B day
        ]
    )
    entries = entries_of(
        dict.fromkeys(a_days[:5] + b_days[:3], 4),
        {a_days[1]: (*done, "plank"), a_days[4]: done[:-1], b_days[1]: ("plank",)},
    )
    states = dict(
        zip(
            [d.date for d in schedule.days],
            experiment.day_adherence(STRETCHES, schedule, entries, sessions),
            strict=True,
        )
    )
    followed, not_followed, unknown = (
        FOLLOWED,
        NOT_FOLLOWED,
        NOT_RECORDED,
    )
    assert [states[d] for d in a_days[:6]] == [
        followed,  # a session of the routine
        followed,  # the entry lists every exercise of the routine
        not_followed,  # logged; the session stopped before any exercise
        not_followed,  # logged; another routine
        not_followed,  # logged; only some of its exercises
        unknown,  # nothing logged that day
    ]
    assert [states[d] for d in b_days[:4]] == [not_followed, followed, followed, unknown]
    a, b = experiment.adherence(STRETCHES, schedule, entries, sessions, design.last_day)
    assert (a.condition, a.days, a.followed, a.not_followed, a.not_recorded) == (A, 21, 2, 3, 16)
    assert (b.condition, b.days, b.followed, b.not_followed, b.not_recorded) == (B, 21, 2, 1, 18)
    # Only the days up to today are counted.
    a, b = experiment.adherence(STRETCHES, schedule, entries, sessions, b_days[1])
    assert b.days == 2 and (b.followed, b.not_followed) == (1, 1)
    assert a.days == sum(1 for d in a_days if d <= b_days[1])


def test_morning_or_evening_adherence_goes_by_the_session_s_time() -> None:
    design = experiments.make_design(TIMES, START, 6, 3, 0)
    schedule = experiments.schedule(design)
    a_days = [d.date for d in schedule.days if d.condition == A]
    b_days = [d.date for d in schedule.days if d.condition == B]
    routine, done = TIMES.routine_id, TIMES.routine_exercises
    at = dt.datetime.combine
    sessions = sessions_of(
        [
            (at(a_days[0], dt.time(8)), routine, "finished", done),  # morning: followed
            (at(a_days[1], dt.time(19)), routine, "finished", done),  # evening on a morning day
            (at(b_days[0], dt.time(18)), routine, "finished", done),  # evening: followed
            (at(b_days[1], dt.time(8)), routine, "finished", done),  # both: not followed
            (at(b_days[1], dt.time(20)), routine, "finished", done),
        ]
    )
    # a_days[2]: the entry lists the stretches but no session says when; a_days[3]: logged,
    # no stretches at all.
    entries = entries_of({a_days[2]: 3, a_days[3]: 3}, {a_days[2]: done})
    states = dict(
        zip(
            [d.date for d in schedule.days],
            experiment.day_adherence(TIMES, schedule, entries, sessions),
            strict=True,
        )
    )
    assert [states[d] for d in a_days[:5]] == [
        FOLLOWED,
        NOT_FOLLOWED,
        NOT_RECORDED,
        NOT_FOLLOWED,
        NOT_RECORDED,
    ]
    assert [states[d] for d in b_days[:2]] == [FOLLOWED, NOT_FOLLOWED]


def test_an_answer_for_another_question_s_schedule_is_refused() -> None:
    schedule = experiments.schedule(experiments.make_design(BREAKS, START, 6, 2, 1))
    with pytest.raises(ValueError, match="the schedule is for question 'sitting_breaks'"):
        experiment.answer(
            STRETCHES, schedule, schema.empty_entries(), schema.empty_sessions(), START
        )
