"""Trends, Today and Learn as a person sees them: empty, after one day, and on the demo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.testing.v1 import AppTest

from lumbarlog.domain import catalog, red_flags
from lumbarlog.journal import plan_file
from lumbarlog.journal.days import log_day
from tests.pinned_day import TODAY

from .test_pages import open_page

INSIGHT_PAGES = ["app_pages/trends.py", "app_pages/today.py", "app_pages/learn.py"]


def texts(app: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success")
             for e in getattr(app, kind)]  # fmt: skip
    parts += [f"{m.label}: {m.value}" for m in app.metric]
    return "\n".join(parts)


def log_one_day(folder: Path, pain: int = 4, notes: str = "") -> None:
    log_day(
        folder,
        {"date": TODAY, "pain": pain, "sitting_hours": 7, "notes": notes},
        known_exercises=catalog.exercise_ids(),
        today=TODAY,
    )


def with_demo(page: str) -> AppTest:
    app = open_page("app_pages/today.py")
    app.button(key="demo_start").click().run()
    assert not app.exception
    app.switch_page(page).run()
    return app


@pytest.mark.parametrize("page", INSIGHT_PAGES)
def test_pages_open_with_one_day(journal_dir: Path, page: str) -> None:
    log_one_day(journal_dir)
    app = open_page(page)
    assert not app.exception


def test_trends_on_an_empty_journal_offers_the_demo(journal_dir: Path) -> None:
    app = open_page("app_pages/trends.py")
    assert "Nothing to show yet" in texts(app)
    assert app.button(key="demo_start").label == "Try with demo data"


def test_trends_with_one_day_says_how_many_more_days_are_needed(journal_dir: Path) -> None:
    log_one_day(journal_dir)
    shown = texts(open_page("app_pages/trends.py"))
    assert "Not enough data yet" in shown
    assert "more days" in shown
    # No number is claimed from one day.
    assert "likely range" not in shown


def test_the_demo_shows_findings_with_their_numbers(journal_dir: Path) -> None:
    app = with_demo("app_pages/trends.py")
    shown = texts(app)
    assert "Demo data" in shown
    # The demo is built so that sitting goes with next-day pain and exercise with less of it.
    assert "Each extra hour of sitting went with pain the next day about" in shown
    assert "Pain the day after exercise was about" in shown
    assert "lower than after rest days" in shown
    assert shown.count("This shows what went together, not what causes what") >= 2
    assert shown.count("likely range") >= 3
    for hidden in ("95% CI", "q = ", "p = ", "rho", "Spearman"):
        assert hidden not in shown.split("How is this computed?")[0]
    assert "Why this tip: You sat 6 hours or more" in shown
    # The person's own journal is untouched by the demo.
    assert not (journal_dir / "entries.csv").exists()


@pytest.mark.parametrize("page", INSIGHT_PAGES)
def test_every_insight_page_marks_the_demo(journal_dir: Path, page: str) -> None:
    app = with_demo(page)
    assert not app.exception
    assert any("Demo data" in w.value for w in app.warning)
    app.button(key="demo_leave").click().run()
    assert not any("Demo data" in w.value for w in app.warning)


def test_today_quick_log_saves_the_day(journal_dir: Path) -> None:
    app = open_page("app_pages/today.py")
    app.select_slider(key="today_pain").set_value(3)
    app.number_input(key="today_sitting").set_value(6.5)
    app.button(key="FormSubmitter:today_form-Save").click().run()
    assert not app.exception
    assert (journal_dir / "entries.csv").read_text().splitlines()[1] == (
        f"{TODAY.isoformat()},3,6.5,,"
    )
    assert "Logged today" in texts(app)


def test_today_shows_red_flags_when_pain_is_high(journal_dir: Path) -> None:
    log_one_day(journal_dir, pain=8)
    app = open_page("app_pages/today.py")
    alarm = " ".join(e.value for e in app.error)
    assert "Your pain today is 8 out of 10" in alarm
    assert "Now: go to an emergency department (A&E, ER)" in alarm
    assert "Today: get an urgent appointment" in alarm
    assert "Numbness, tingling or pins and needles around your genitals" in alarm


def test_today_does_not_alarm_on_moderate_pain(journal_dir: Path) -> None:
    log_one_day(journal_dir, pain=5)
    app = open_page("app_pages/today.py")
    assert not app.error


def test_today_compares_the_last_week_with_the_week_before(journal_dir: Path) -> None:
    for offset, pain in [(1, 6), (2, 6), (8, 3), (9, 3)]:
        log_day(
            journal_dir,
            {"date": TODAY - dt.timedelta(days=offset), "pain": pain},
            known_exercises=(),
            today=TODAY,
        )
    app = open_page("app_pages/today.py")
    metric = next(m for m in app.metric if m.label == "Average pain, last 7 days")
    assert metric.value == "6.0"
    assert "+3.0" in metric.delta
    # Two logged days a week are too few to call it good or bad news: no colour.
    assert metric.proto.color == MetricProto.MetricColor.GRAY


def test_today_colours_the_comparison_only_with_enough_days(journal_dir: Path) -> None:
    for offset in range(1, 15):
        log_day(
            journal_dir,
            {"date": TODAY - dt.timedelta(days=offset), "pain": 6 if offset <= 6 else 3},
            known_exercises=(),
            today=TODAY,
        )
    app = open_page("app_pages/today.py")
    metric = next(m for m in app.metric if m.label == "Average pain, last 7 days")
    assert "+3.0" in metric.delta
    assert metric.proto.color == MetricProto.MetricColor.RED  # more pain: red


def test_learn_lists_red_flags_and_stretching_rules(journal_dir: Path) -> None:
    app = open_page("app_pages/learn.py")
    shown = texts(app)
    for flag in red_flags.load_red_flags():
        assert flag.sign in shown
    # Three tiers, each with its own action, most urgent first; "soon" is no reason to stop
    # moving, so it stands apart from the red box that says not to exercise.
    (alarm,) = [e.value for e in app.error]
    now = alarm.index("Now: go to an emergency department (A&E, ER) or call an ambulance")
    today = alarm.index("Today: get an urgent appointment with a doctor")
    assert now < alarm.index("Chest pain") < today < alarm.index("A lump or swelling on your")
    assert "Do not exercise through any of these" in alarm
    assert "Soon" not in alarm
    (soon,) = [w.value for w in app.warning]
    assert soon.startswith("**Soon: book an appointment with a doctor")
    assert "New back pain when you are under 20 or over 50" in soon
    assert "How to stretch safely" in [e.label for e in open_page("app_pages/learn.py").expander]


def test_trends_for_chosen_dates(journal_dir: Path) -> None:
    app = with_demo("app_pages/trends.py")
    app.get("button_group")[0].set_value("Dates…").run()
    first = TODAY - dt.timedelta(days=40)
    app.date_input(key="trends_dates").set_value((first, TODAY - dt.timedelta(days=10))).run()
    assert not app.exception
    period = next(c.value for c in app.caption if "logged days between" in c.value)
    assert f"{first:%d %b %Y}" in period
    assert f"{TODAY - dt.timedelta(days=10):%d %b %Y}" in period


def test_a_period_longer_than_the_journal_starts_at_its_first_day(journal_dir: Path) -> None:
    first = TODAY - dt.timedelta(days=19)
    for n in range(20):
        log_day(
            journal_dir,
            {"date": first + dt.timedelta(days=n), "pain": 3 + n % 3},
            known_exercises=(),
            today=TODAY,
        )
    app = open_page("app_pages/trends.py")  # "Last 90 days" by default
    period = next(c.value for c in app.caption if "logged days between" in c.value)
    assert period.startswith(f"20 logged days between {first:%d %b %Y} and {TODAY:%d %b %Y}.")


def test_today_starts_the_next_planned_routine(journal_dir: Path) -> None:
    from lumbarlog.domain import plan

    plan_file.save_plan(journal_dir, plan.make_plan({"desk_break": range(7)}), today=TODAY)
    app = open_page("app_pages/today.py")
    app.button(key="today_start").click().run()
    assert not app.exception
    assert app.title[0].value == "Routines"
    assert (
        app.get("subheader")[0].value
        == catalog.load().routines["desk_break"].steps[0].exercise.name
    )


def test_today_shows_the_red_flag_check_when_notes_mention_a_sign(journal_dir: Path) -> None:
    log_one_day(journal_dir, pain=3, notes="Numbness in my groin since lunch")
    app = open_page("app_pages/today.py")
    alarm = " ".join(e.value for e in app.error)
    assert "Your notes mention" in alarm
    assert "numbness in my groin" in alarm.lower()
    assert "emergency department (A&E, ER)" in alarm


def test_today_stays_calm_when_notes_say_the_sign_is_absent(journal_dir: Path) -> None:
    log_one_day(journal_dir, pain=3, notes="Stiff after sitting, no numbness anywhere")
    assert not open_page("app_pages/today.py").error


def test_today_quick_log_notes_bring_up_the_check(journal_dir: Path) -> None:
    app = open_page("app_pages/today.py")
    app.select_slider(key="today_pain").set_value(2)
    app.text_area(key="today_notes").set_value("Can't pee properly since this morning")
    app.button(key="FormSubmitter:today_form-Save").click().run()
    assert not app.exception
    assert "Can't pee properly since this morning" in (journal_dir / "entries.csv").read_text()
    alarm = " ".join(e.value for e in app.error)
    assert "Your notes mention" in alarm
    assert "emergency department (A&E, ER)" in alarm


def test_today_quick_log_counts_a_routine_recorded_under_an_old_exercise_id(
    journal_dir: Path,
) -> None:
    """A session recorded before an exercise was renamed still counts, under the new id."""
    (journal_dir / "sessions.csv").write_text(
        "start,end,routine_id,exercises_completed,pain_before,pain_after\n"
        f"{TODAY}T07:00:00,{TODAY}T07:20:00,evening_unwind,"
        "lower_back_rotation;static_leg_raise,,\n"
    )
    app = open_page("app_pages/today.py")
    app.select_slider(key="today_pain").set_value(3)
    app.button(key="FormSubmitter:today_form-Save").click().run()
    assert not app.exception
    assert not app.error
    assert (journal_dir / "entries.csv").read_text().splitlines()[1] == (
        f"{TODAY.isoformat()},3,,lower_back_rotation;legs_up_90_90_rest,"
    )


def test_learn_gives_heat_and_ice_safety_and_the_sources_of_the_red_flags(
    journal_dir: Path,
) -> None:
    shown = texts(open_page("app_pages/learn.py"))
    assert "never put ice or a hot pack straight on the skin" in shown
    assert "has not found one correct posture" in shown
    assert "Finucane et al., 2020" in shown
    assert "Try: Gentle moves for a flare" in shown
