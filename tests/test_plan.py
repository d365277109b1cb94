"""The weekly plan is saved safely and refused when wrong; adherence, streak and habit score
are counted from sessions without holding unplanned days against the person."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from lumbarlog.domain import plan, schema
from lumbarlog.domain.plan import Plan, PlanError
from lumbarlog.journal import plan_file

MONDAY = dt.date(2026, 5, 4)
WEDNESDAY = MONDAY + dt.timedelta(days=2)
FRIDAY = MONDAY + dt.timedelta(days=4)
SMOOTHING = 1 - 0.5 ** (1 / 13)


def sessions(*done: tuple[dt.date, str]) -> pd.DataFrame:
    """A sessions frame as the journal returns it, one session at 08:00 per (day, routine)."""
    if not done:
        return schema.empty_sessions()
    records = [
        schema.session_to_row(
            schema.Session(
                start=dt.datetime.combine(day, dt.time(8)),
                end=dt.datetime.combine(day, dt.time(8, 10)),
                routine_id=routine_id,
            )
        )
        for day, routine_id in done
    ]
    frame = pd.DataFrame.from_records(records, columns=list(schema.SESSION_COLUMNS))
    return frame.astype(dict(schema.SESSION_DTYPES))


# --------------------------------------------------------------------------------------------
# Saving and loading
# --------------------------------------------------------------------------------------------


def test_save_and_load_round_trip(journal_dir: Path):
    wanted = plan.make_plan({"morning_stretches": [0, 1, 2, 3, 4, 5, 6], "core_strength": [4, 0]})
    saved = plan_file.save_plan(journal_dir, wanted, today=MONDAY)
    assert saved.started_on == MONDAY
    loaded = plan_file.load_plan(journal_dir)
    assert loaded == saved
    assert loaded.routines["core_strength"] == frozenset({0, 4})
    body = json.loads((journal_dir / plan.PLAN_FILE).read_text())
    assert body["schema_version"] == plan.PLAN_VERSION
    assert body["routines"]["core_strength"] == [0, 4]


def test_saving_again_keeps_the_start_and_a_backup(journal_dir: Path):
    first = plan_file.save_plan(journal_dir, plan.make_plan({"desk_break": [0]}), today=MONDAY)
    changed = first.with_days("desk_break", [0, 1, 2]).with_days("core_strength", [3])
    plan_file.save_plan(journal_dir, changed, today=FRIDAY)
    loaded = plan_file.load_plan(journal_dir)
    assert loaded.started_on == MONDAY
    assert loaded.routines == {"desk_break": {0, 1, 2}, "core_strength": {3}}
    assert list((journal_dir / "backups").glob("plan-*.json"))


def test_no_file_is_an_empty_plan(journal_dir: Path):
    assert plan_file.load_plan(journal_dir) == Plan()


def test_a_routine_with_no_days_is_left_out():
    assert plan.make_plan({"desk_break": []}).routines == {}
    assert Plan({"desk_break": frozenset({1})}).with_days("desk_break", []).routines == {}


@pytest.mark.parametrize(
    ("routines", "field", "reason"),
    [
        ({"yoga_flow": [1]}, "routines.yoga_flow", "'yoga_flow' is not a routine in the catalog"),
        ({"desk_break": [7]}, "routines.desk_break", "7 is not a weekday from 0 (Monday)"),
        ({"desk_break": [-1]}, "routines.desk_break", "-1 is not a weekday"),
        ({"desk_break": ["Mon"]}, "routines.desk_break", "'Mon' is not a weekday"),
        ({"desk_break": [True]}, "routines.desk_break", "True is not a weekday"),
        ({"desk_break": "0,1"}, "routines.desk_break", "should be a list of weekdays"),
    ],
)
def test_bad_plans_are_refused_and_the_file_is_unchanged(journal_dir, routines, field, reason):
    plan_file.save_plan(journal_dir, plan.make_plan({"core_strength": [0, 2]}), today=MONDAY)
    before = (journal_dir / plan.PLAN_FILE).read_bytes()
    with pytest.raises(PlanError) as raised:
        plan_file.save_plan(journal_dir, Plan(routines=routines), today=FRIDAY)  # type: ignore[arg-type]
    assert raised.value.field == field
    assert reason in str(raised.value)
    assert str(raised.value).startswith(f"plan.json: {field}: ")
    assert (journal_dir / plan.PLAN_FILE).read_bytes() == before
    with pytest.raises(PlanError):
        plan.make_plan(routines)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("{oops", "file"),
        ("[1, 2]", "file"),
        ('{"schema_version": 99, "routines": {}}', "schema_version"),
        ('{"schema_version": 1, "routines": []}', "routines"),
        ('{"schema_version": 1, "started_on": "May", "routines": {}}', "started_on"),
        ('{"schema_version": 1, "routines": {"desk_break": [9]}}', "routines.desk_break"),
    ],
)
def test_an_unreadable_plan_is_an_error_and_never_overwritten(journal_dir, text, field):
    path = journal_dir / plan.PLAN_FILE
    path.write_text(text)
    with pytest.raises(PlanError) as raised:
        plan_file.load_plan(journal_dir)
    assert raised.value.field == field
    with pytest.raises(PlanError):
        plan_file.save_plan(journal_dir, plan.make_plan({"desk_break": [0]}), today=MONDAY)
    assert path.read_text() == text
    assert not (journal_dir / "backups").exists()


def test_a_saved_routine_no_longer_in_the_catalog_is_named(journal_dir: Path):
    body = {"schema_version": 1, "routines": {"old_routine": [1]}}
    (journal_dir / plan.PLAN_FILE).write_text(json.dumps(body))
    with pytest.raises(PlanError, match=r"routines\.old_routine"):
        plan_file.load_plan(journal_dir)
    kept = plan_file.load_plan(journal_dir, known_routines={"old_routine"})
    assert kept.routines == {"old_routine": frozenset({1})}


# --------------------------------------------------------------------------------------------
# Adherence
# --------------------------------------------------------------------------------------------

EVERY_DAY = frozenset(range(7))
MON_WED_FRI = frozenset({0, 2, 4})


def test_week_adherence_marks_done_missed_and_open():
    weekly = Plan({"morning_stretches": EVERY_DAY, "core_strength": MON_WED_FRI}, MONDAY)
    done = sessions(
        (MONDAY, "morning_stretches"),
        (MONDAY, "core_strength"),
        (MONDAY + dt.timedelta(days=1), "desk_break"),  # not planned: does not count
        (WEDNESDAY, "morning_stretches"),
        (MONDAY - dt.timedelta(days=7), "core_strength"),  # last week
    )
    week = plan.week_adherence(weekly, done, WEDNESDAY)
    assert week.week_start == MONDAY
    assert len(week.planned) == 7 + 3
    assert (week.done, week.missed, week.still_open) == (3, 1, 6)
    tuesday = week.on(MONDAY + dt.timedelta(days=1))
    assert [(p.routine_id, p.status) for p in tuesday] == [("morning_stretches", "missed")]
    assert {p.routine_id: p.status for p in week.on(WEDNESDAY)} == {
        "morning_stretches": "done",
        "core_strength": "open",
    }


def test_days_before_the_plan_started_are_not_planned():
    weekly = Plan({"morning_stretches": EVERY_DAY}, started_on=WEDNESDAY)
    week = plan.week_adherence(weekly, sessions(), FRIDAY)
    assert week.planned[0].day == WEDNESDAY
    assert week.missed == 2  # Wednesday and Thursday


def test_streak_counts_consecutive_days_and_leaves_today_open():
    done = sessions(
        (dt.date(2026, 5, 1), "desk_break"),
        (dt.date(2026, 5, 2), "desk_break"),
        (dt.date(2026, 5, 3), "core_strength"),
        (dt.date(2026, 5, 5), "desk_break"),
        (dt.date(2026, 5, 6), "desk_break"),
        (dt.date(2026, 5, 6), "core_strength"),
    )
    assert plan.current_streak(done, dt.date(2026, 5, 6)) == 2
    assert plan.current_streak(done, dt.date(2026, 5, 7)) == 2  # today not done yet
    assert plan.current_streak(done, dt.date(2026, 5, 8)) == 0
    assert plan.current_streak(done, dt.date(2026, 5, 3)) == 3
    assert plan.current_streak(sessions(), dt.date(2026, 5, 3)) == 0


def test_habit_score_moves_only_on_planned_days():
    weekly = Plan({"core_strength": MON_WED_FRI}, started_on=MONDAY)
    done = sessions(
        (MONDAY - dt.timedelta(days=3), "core_strength"),  # before the plan: ignored
        (MONDAY, "core_strength"),
        (MONDAY + dt.timedelta(days=1), "desk_break"),  # unplanned day: ignored
        (FRIDAY, "core_strength"),
    )
    a = SMOOTHING
    result = plan.habit_score(weekly, done, FRIDAY)
    # Monday done, Wednesday missed, Friday done; Tuesday and Thursday are not planned.
    assert result.score == pytest.approx((a * (1 - a)) * (1 - a) + a)
    assert (result.planned_days, result.days_done, result.since) == (3, 2, MONDAY)


def test_habit_score_leaves_today_open_until_done():
    weekly = Plan({"core_strength": MON_WED_FRI}, started_on=MONDAY)
    result = plan.habit_score(weekly, sessions((MONDAY, "core_strength")), FRIDAY)
    assert result.score == pytest.approx(SMOOTHING * (1 - SMOOTHING))
    assert result.planned_days == 2


def test_habit_score_gives_part_credit_and_a_missed_day_costs_little():
    both = Plan({"morning_stretches": {0}, "core_strength": {0}}, started_on=MONDAY)
    half = plan.habit_score(both, sessions((MONDAY, "morning_stretches")), MONDAY)
    assert half.score == pytest.approx(SMOOTHING / 2)

    daily = Plan({"desk_break": EVERY_DAY}, started_on=MONDAY)
    days = [MONDAY + dt.timedelta(days=i) for i in range(60)]
    every_day = plan.habit_score(daily, sessions(*[(d, "desk_break") for d in days]), days[-1])
    one_missed = plan.habit_score(
        daily, sessions(*[(d, "desk_break") for d in days if d != days[-2]]), days[-1]
    )
    assert 0.9 < every_day.score < 1
    assert every_day.score - one_missed.score == pytest.approx(SMOOTHING * (1 - SMOOTHING))


def test_no_plan_no_score():
    result = plan.habit_score(Plan(), sessions((MONDAY, "desk_break")), FRIDAY)
    assert (result.score, result.planned_days) == (0, 0)


def stopped(*runs: tuple[dt.date, str]) -> pd.DataFrame:
    """Sessions ended with Stop before their last step, one at 09:00 per (day, routine)."""
    records = [
        schema.session_to_row(
            schema.Session(
                start=dt.datetime.combine(day, dt.time(9)),
                end=dt.datetime.combine(day, dt.time(9, 2)),
                routine_id=routine_id,
                outcome="stopped",
            )
        )
        for day, routine_id in runs
    ]
    frame = pd.DataFrame.from_records(records, columns=list(schema.SESSION_COLUMNS))
    return frame.astype(dict(schema.SESSION_DTYPES))


def test_a_stopped_session_does_not_tick_the_plan_the_streak_or_the_habit():
    weekly = Plan({"core_strength": EVERY_DAY}, started_on=MONDAY)
    only_stopped = stopped(
        (MONDAY, "core_strength"), (MONDAY + dt.timedelta(days=1), "core_strength")
    )
    week = plan.week_adherence(weekly, only_stopped, WEDNESDAY)
    assert (week.done, week.missed) == (0, 2)
    assert plan.current_streak(only_stopped, WEDNESDAY) == 0
    assert plan.habit_score(weekly, only_stopped, WEDNESDAY).days_done == 0
    # A finished run on the same day as a stopped one still counts.
    both = pd.concat([only_stopped, sessions((MONDAY, "core_strength"))], ignore_index=True)
    assert plan.week_adherence(weekly, both, WEDNESDAY).done == 1
    assert plan.current_streak(both, MONDAY) == 1
