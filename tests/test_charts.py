"""Chart builders, checked on the Vega-Lite spec they produce (AppTest cannot see inside charts)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lumbarlog.analysis import findings, links
from lumbarlog.analysis.charts import associations, base, pain, routines
from lumbarlog.analysis.results import ExerciseEffect
from lumbarlog.domain import catalog
from lumbarlog.journal import demo

START = pd.Timestamp("2025-01-06")  # a Monday


def make_daily(
    pain: list[float | None],
    *,
    sitting: list[float | None] | None = None,
    exercises: list[tuple[str, ...]] | None = None,
    start: pd.Timestamp = START,
) -> pd.DataFrame:
    """A daily frame in the trends contract: None in ``pain`` is a day not logged."""
    n = len(pain)
    pain_values = np.array([np.nan if p is None else p for p in pain], dtype="float64")
    logged = ~np.isnan(pain_values)
    sitting_values = np.array(
        [np.nan if s is None else s for s in (sitting or [None] * n)], dtype="float64"
    )
    exercise_lists = exercises or [()] * n
    exercised = pd.array(
        [
            bool(ids) if day_logged else pd.NA
            for ids, day_logged in zip(exercise_lists, logged, strict=True)
        ],
        dtype="boolean",
    )
    return pd.DataFrame(
        {
            "date": pd.date_range(start, periods=n, freq="D").astype("datetime64[ns]"),
            "pain": pain_values,
            "sitting_hours": sitting_values,
            "exercises": pd.Series(exercise_lists, dtype=object),
            "exercised": exercised,
            "logged": logged,
            "rolling_pain": pd.Series(pain_values).rolling(7, min_periods=4).mean().to_numpy(),
        }
    )


def random_daily(days: int, seed: int = 0, start: pd.Timestamp = START) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    logged = rng.random(days) > 0.1
    pain = [
        float(p) if day_logged else None
        for p, day_logged in zip(rng.integers(0, 11, days), logged, strict=True)
    ]
    sitting = [float(s) / 4 for s in rng.integers(0, 48, days)]
    exercises = [("glute_bridge", "log_roll") if e else () for e in rng.random(days) > 0.5]
    return make_daily(pain, sitting=sitting, exercises=exercises, start=start)


def units(spec: dict) -> Iterator[dict]:
    """Every single-view spec inside a (possibly layered or concatenated) spec."""
    children = [c for key in ("layer", "vconcat", "hconcat", "concat") for c in spec.get(key, [])]
    if "mark" in spec:
        yield spec
    for child in children:
        yield from units(child)


def mark_type(unit: dict) -> str:
    mark = unit["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def rows_sent(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def views(spec: dict) -> Iterator[dict]:
    """The spec and every view inside it, layered or concatenated, with a mark or not."""
    yield spec
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in spec.get(key, []):
            yield from views(child)


def titles(spec: dict) -> set[str]:
    found = set()
    for unit in views(spec):
        for channel in unit.get("encoding", {}).values():
            if isinstance(channel, dict) and isinstance(channel.get("title"), str):
                found.add(channel["title"])
    return found


# --------------------------------------------------------------------------------------------
# for_display: what the browser receives
# --------------------------------------------------------------------------------------------


def test_short_journal_is_shown_day_by_day_with_exercises_as_text():
    daily = make_daily(
        [3, None, 5],
        exercises=[("glute_bridge", "log_roll"), (), ()],
        sitting=[6.5, None, 2],
    )
    display = base.for_display(daily, {"glute_bridge": "Glute bridge"})
    assert display.granularity == "day"
    assert len(display.frame) == 3
    assert display.frame["exercises"].tolist() == ["Glute bridge · log roll", "", ""]
    assert display.frame["day_kind"].tolist() == ["Exercise day", "Not logged", "Rest day"]
    assert display.frame["next_day_pain"].isna().tolist() == [True, False, True]
    assert not any(isinstance(v, tuple) for v in display.frame.to_numpy().ravel())


def test_next_day_pain_is_found_by_date_not_by_position():
    daily = make_daily([1, 2, 3, 4]).drop(index=2)  # the row for day 3 is missing entirely
    frame = base.for_display(daily).frame
    assert frame["next_day_pain"].iloc[0] == 2.0
    assert math.isnan(frame["next_day_pain"].iloc[1])  # its next day has no row at all


def test_more_than_two_years_is_averaged_per_week():
    daily = random_daily(3 * 365)
    display = base.for_display(daily)
    assert display.granularity == "week"
    assert display.words == "weekly mean"
    assert 155 <= len(display.frame) <= 158
    first_week = daily.iloc[:7]
    row = display.frame.iloc[0]
    assert row["date"] == START
    assert row["period_end"] == START + pd.Timedelta(days=7)
    assert row["pain"] == pytest.approx(first_week["pain"].mean(), abs=0.005)
    assert row["days_logged"] == first_week["logged"].sum()
    assert row["days_exercised"] == first_week["exercised"].fillna(False).sum()
    assert "exercises" not in display.frame


def test_a_week_with_nothing_logged_stays_empty_not_zero():
    pain = [4.0] * 7 + [None] * 7 + [6.0] * 800
    display = base.for_display(make_daily(pain))
    second_week = display.frame.iloc[1]
    assert display.granularity == "week"
    assert math.isnan(second_week["pain"])
    assert second_week["days_logged"] == 0
    assert second_week["day_kind"] == "Not logged"


def test_a_century_is_averaged_per_month_and_stays_small():
    display = base.for_display(random_daily(36500))
    assert display.granularity == "month"
    assert len(display.frame) <= 12 * 100 + 1


@pytest.mark.parametrize(
    ("span", "expected"),
    [(0, "day"), (731, "day"), (732, "week"), (7305, "week"), (7306, "month")],
)
def test_granularity_switches_past_two_and_twenty_years(span, expected):
    assert base.granularity_for_span(span) == expected


# --------------------------------------------------------------------------------------------
# Every builder: empty and tiny input, tooltips, sizes
# --------------------------------------------------------------------------------------------

DAILY_BUILDERS = [
    pain.pain_timeline,
    pain.sitting_timeline,
    associations.pain_vs_sitting,
    associations.next_day_pain,
    pain.pain_calendar,
]


@pytest.mark.parametrize("builder", DAILY_BUILDERS)
def test_an_empty_journal_gives_a_reason_not_an_exception(builder):
    result = builder(make_daily([]))
    assert result.chart is None
    assert "No days logged" in result.caption


@pytest.mark.parametrize("builder", DAILY_BUILDERS)
def test_only_unlogged_days_gives_a_reason(builder):
    result = builder(make_daily([None, None, None]))
    assert result.chart is None
    assert result.caption


@pytest.mark.parametrize("builder", DAILY_BUILDERS)
@pytest.mark.parametrize("days", [[5], [5, 6], [5, None, 6]])
def test_tiny_journals_give_a_valid_chart_or_a_reason(builder, days):
    result = builder(
        make_daily(days, sitting=[4.0] * len(days), exercises=[("log_roll",)] * len(days))
    )
    assert result.caption
    if result.chart is not None:
        result.chart.to_dict()  # validates against the Vega-Lite schema


def all_charts(days: int = 60) -> list[base.ChartWithCaption]:
    daily = random_daily(days)
    return [
        *(builder(daily) for builder in DAILY_BUILDERS),
        associations.exercise_effects(some_effects()),
        routines.session_before_after(sessions_frame(20)),
    ]


@pytest.mark.parametrize("index", range(len(DAILY_BUILDERS) + 2))
def test_every_chart_has_tooltips_container_width_a_height_and_a_caption(index):
    result = all_charts()[index]
    spec = result.chart.to_dict()
    data_marks = [u for u in units(spec) if "tooltip" in u.get("encoding", {})]
    assert data_marks
    views = spec.get("vconcat", [spec])
    for view in views:
        assert view["width"] == "container"
        assert isinstance(view["height"], int) and 50 <= view["height"] <= 600
    assert result.caption.endswith(".")
    assert "\n" not in result.caption


def test_colours_come_from_the_colour_blind_safe_palette():
    allowed = {c.lower() for c in base.OKABE_ITO.values()} | {"white", "#eeeeee"}
    for result in all_charts():
        for unit in units(result.chart.to_dict()):
            mark = unit["mark"] if isinstance(unit["mark"], dict) else {}
            for key in ("color", "fill"):
                if isinstance(mark.get(key), str):
                    assert mark[key].lower() in allowed
            for channel in ("color", "fill"):
                scale = unit.get("encoding", {}).get(channel, {}).get("scale", {})
                for colour in scale.get("range", []):
                    assert colour.lower() in allowed


def test_no_exercise_tuples_or_lists_are_sent_to_the_browser():
    for result in all_charts():
        for row in rows_sent(result.chart.to_dict()):
            assert not any(isinstance(value, list | tuple) for value in row.values())


# --------------------------------------------------------------------------------------------
# pain_timeline
# --------------------------------------------------------------------------------------------


def test_timeline_has_points_and_line_and_sitting_is_a_chart_of_its_own():
    daily = make_daily(
        [3, 4, None, None, 5, 6, 2, 3, 4, 5],
        sitting=[8, 7, None, None, 6, 2, 1, 9, 8, 7],
        exercises=[("log_roll",), (), (), (), ("glute_bridge",), (), (), (), (), ()],
    )
    result = pain.pain_timeline(daily)
    spec = result.chart.to_dict()
    # One layered view, which Vega-Lite can fit to its column (a concatenation it cannot).
    assert "vconcat" not in spec and spec["width"] == "container"
    marks = {mark_type(u): u for u in units(spec)}
    assert set(marks) == {"point", "line"}
    line = marks["line"]
    assert line["encoding"]["y"]["field"] == "rolling_pain"
    assert line["mark"]["invalid"] == "break-paths-filter-domains"
    points = marks["point"]
    assert points["encoding"]["y"]["title"] == "Pain (0-10)"
    assert points["encoding"]["shape"]["field"] == "day_kind"
    # Dots at 0, at 10 and on the last day are whole, not cut by the edge.
    assert points["encoding"]["y"]["scale"]["padding"] == base.EDGE_PADDING
    assert not any(u["mark"].get("clip") for u in units(spec) if isinstance(u["mark"], dict))

    sitting = pain.sitting_timeline(daily).chart.to_dict()
    assert mark_type(sitting) == "bar"
    assert sitting["encoding"]["y"]["title"] == "Hours sitting"
    assert sitting["encoding"]["x"]["title"] == "Date"


def test_both_timeline_charts_span_every_day_of_the_period():
    daily = make_daily([3, 4, 5], sitting=[None, 2, None])
    spec = pain.pain_timeline(daily).chart.to_dict()
    assert spec["encoding"]["x"]["scale"]["domain"] == [
        {"year": 2025, "month": 1, "date": 6},
        {"year": 2025, "month": 1, "date": 9},
    ]
    # The bars keep days without hours in the axis, so the first and last days line up.
    sitting = pain.sitting_timeline(daily).chart.to_dict()
    assert sitting["mark"]["invalid"] == "break-paths-show-domains"
    assert [row["date"][:10] for row in rows_sent(sitting)] == [
        "2025-01-06",
        "2025-01-07",
        "2025-01-08",
    ]


def test_without_hours_sitting_the_sitting_chart_says_so():
    result = pain.sitting_timeline(make_daily([3, 4, 5]))
    assert result.chart is None
    assert "No hours sitting" in result.caption


def test_timeline_keeps_unlogged_days_as_nulls_not_zero():
    daily = make_daily([3, None, None, 5], sitting=[8, None, None, 1])
    rows = rows_sent(pain.pain_timeline(daily).chart.to_dict())
    assert [
        row["sitting_hours"] for row in rows_sent(pain.sitting_timeline(daily).chart.to_dict())
    ] == [8.0, None, None, 1.0]
    assert [row["pain"] for row in rows] == [3.0, None, None, 5.0]
    assert [row["sitting_hours"] for row in rows] == [8.0, None, None, 1.0]
    assert rows[0]["date"].startswith("2025-01-06T00:00:00")
    assert set(rows[0]) == {
        "date",
        "period_end",
        "pain",
        "rolling_pain",
        "sitting_hours",
        "day_kind",
        "exercises",
    }


def test_timeline_past_two_years_sends_weekly_rows_and_says_so():
    result = pain.pain_timeline(random_daily(3 * 365))
    spec = result.chart.to_dict()
    rows = rows_sent(spec)
    assert len(rows) <= 160
    assert "Pain (0-10), weekly mean" in titles(spec)
    sitting = pain.sitting_timeline(random_daily(3 * 365))
    assert "Hours sitting, weekly mean" in titles(sitting.chart.to_dict())
    assert "week" in result.caption and "week" in sitting.caption


def test_timeline_of_a_century_sends_about_a_thousand_rows():
    rows = rows_sent(pain.pain_timeline(random_daily(36500)).chart.to_dict())
    assert len(rows) <= 1300


# --------------------------------------------------------------------------------------------
# pain_vs_sitting
# --------------------------------------------------------------------------------------------


def test_sitting_scatter_pairs_each_day_with_the_next_days_pain_and_fits_a_line():
    daily = make_daily([2, 4, 6, 3, None, 5], sitting=[1, 5, 9, 2, 3, None])
    result = associations.pain_vs_sitting(daily)
    spec = result.chart.to_dict()
    rows = rows_sent(spec)
    # Day 4 is followed by an unlogged day and day 6 has no sitting, so neither is a pair.
    assert [(r["sitting_hours"], r["next_day_pain"]) for r in rows] == [
        (1.0, 4.0),
        (5.0, 6.0),
        (9.0, 3.0),
        (3.0, 5.0),
    ]
    marks = {mark_type(u): u for u in units(spec)}
    # Dots only: an unadjusted fitted line would claim more than the adjusted finding beside it.
    assert list(marks) == ["circle"]
    assert marks["circle"]["mark"]["opacity"] < 1
    assert marks["circle"]["encoding"]["x"]["title"] == "Hours sitting"
    assert marks["circle"]["encoding"]["y"]["title"] == "Pain the next day (0-10)"
    assert "no fitted line" in result.caption


def test_sitting_scatter_without_sitting_hours_says_what_to_record():
    result = associations.pain_vs_sitting(make_daily([2, 4, 5]))
    assert result.chart is None
    assert "hours sitting" in result.caption


def test_sitting_scatter_past_two_years_uses_weekly_means():
    spec = associations.pain_vs_sitting(random_daily(3 * 365)).chart.to_dict()
    assert len(rows_sent(spec)) <= 160
    assert "Hours sitting, weekly mean" in titles(spec)


# --------------------------------------------------------------------------------------------
# next_day_pain
# --------------------------------------------------------------------------------------------


def test_next_day_pain_shows_plain_averages_and_leaves_the_range_to_the_finding():
    pain = [5, 2, 6, 3, 7, 2, 6, 4, 5]
    exercised = [(), ("log_roll",), (), ("log_roll",), (), ("log_roll",), (), ("log_roll",), ()]
    result = associations.next_day_pain(make_daily(pain, exercises=exercised))
    spec = result.chart.to_dict()
    summary = next(rows for rows in spec["datasets"].values() if "mean" in rows[0])
    by_group = {row["group"]: row for row in summary}
    # After the rest days that have a next day, pain was 2, 3, 2, 4; after exercise days,
    # 6, 7, 6, 5.
    assert set(by_group) == {"After exercise days (n = 4)", "After rest days (n = 4)"}
    row = by_group["After exercise days (n = 4)"]
    assert row["mean"] == pytest.approx(6.0)
    assert "ci_low" not in row  # no statistics of its own: the finding gives the range
    assert by_group["After rest days (n = 4)"]["mean"] == pytest.approx(2.75)
    marks = [mark_type(u) for u in units(spec)]
    assert marks == ["circle", "point"]
    assert "Pain the next day (0-10)" in titles(spec)
    assert "the sentence beside the chart does, and gives the likely range" in result.caption


def test_next_day_pain_over_many_days_sends_only_the_summary():
    spec = associations.next_day_pain(random_daily(5000)).chart.to_dict()
    assert len(rows_sent(spec)) == 2
    assert "circle" not in [mark_type(u) for u in units(spec)]


def test_next_day_pain_without_consecutive_days_says_why():
    result = associations.next_day_pain(make_daily([3, None, 4, None, 5]))
    assert result.chart is None
    assert "back-to-back" in result.caption


# --------------------------------------------------------------------------------------------
# pain_calendar
# --------------------------------------------------------------------------------------------


def test_calendar_has_weekdays_across_and_each_day_says_its_pain_in_a_number():
    result = pain.pain_calendar(make_daily([0, None, 7, 10, 3, 2, 1, 4]))
    spec = result.chart.to_dict()
    background, scores, numbers = units(spec)
    assert mark_type(background) == mark_type(scores) == "rect"
    assert background["mark"]["color"] == base.EMPTY_DAY_COLOUR
    assert "color" not in background["encoding"]
    colour = scores["encoding"]["color"]
    assert colour["scale"] == {"domain": [0, 10], "scheme": "yelloworangered"}
    assert {"filter": "isValid(datum.pain)"} in scores["transform"]
    # Colour is not the only cue: every logged day's box holds its number.
    assert mark_type(numbers) == "text"
    assert numbers["encoding"]["text"]["field"] == "pain_text"
    assert {"filter": "isValid(datum.pain)"} in numbers["transform"]
    assert background["encoding"]["x"]["sort"][0] == "Mon"
    assert background["encoding"]["x"]["field"] == "weekday"
    # One row per week, however narrow the screen.
    assert spec["height"] == 2 * pain.CALENDAR_ROW_HEIGHT
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    rows = rows_sent(spec)
    assert [r["pain"] for r in rows][:3] == [0.0, None, 7.0]
    assert rows[7]["week"].startswith("2025-01-13")  # the next Monday
    assert "grey" in result.caption and "number" in result.caption
    table = result.table
    assert table["Pain (0-10)"].tolist()[:4] == ["0", "not recorded", "7", "10"]


def test_calendar_past_a_year_shows_months_by_year():
    result = pain.pain_calendar(random_daily(36500))
    spec = result.chart.to_dict()
    rows = rows_sent(spec)
    assert len(rows) <= 12 * 100 + 1
    assert next(units(spec))["encoding"]["x"]["field"] == "month"
    assert "Year" in titles(spec)
    assert list(result.table.columns) == ["Year", "Month", "Mean pain (0-10)", "Days logged"]


# --------------------------------------------------------------------------------------------
# exercise_effects
# --------------------------------------------------------------------------------------------


def effect(name: str, difference: float, low: float, high: float, done: int) -> ExerciseEffect:
    return ExerciseEffect(
        exercise_id=name.lower().replace(" ", "_"),
        name=name,
        n_done=done,
        n_not=43 - done,
        difference=difference,
        ci_low=low,
        ci_high=high,
        significant=low > 0 or high < 0,
        tested=3,
    )


def some_effects() -> list[ExerciseEffect]:
    return [
        effect("Glute bridge", -1.2, -2.0, -0.4, 24),
        effect("Log roll", 0.3, -0.5, 1.1, 10),
        effect("Partial crunch", -0.4, -1.1, 0.3, 15),
    ]


def test_exercise_effects_show_intervals_and_mark_the_clear_ones():
    result = associations.exercise_effects(some_effects())
    spec = result.chart.to_dict()
    zero, interval, dots, *names = units(spec)
    assert zero["encoding"]["x"]["field"] == "difference"
    assert mark_type(interval) == "rule"
    assert interval["encoding"]["x"]["field"] == "ci_low"
    assert interval["encoding"]["x2"]["field"] == "ci_high"
    assert dots["encoding"]["y"]["sort"] == ["Glute bridge", "Partial crunch", "Log roll"]
    assert dots["encoding"]["fill"]["field"] == "finding"
    assert dots["encoding"]["x"]["title"] == "Next-day pain difference (points)"
    # Only the width follows the page: fitting the height too squeezed rows into each other.
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert spec["height"] == 3 * associations.EFFECT_ROW_HEIGHT
    tooltip_fields = {t["field"] for t in dots["encoding"]["tooltip"]}
    assert {"n_done_text", "n_not_text", "ci_low_text", "ci_high_text"} <= tooltip_fields
    # Each name is written above its row, in full.
    assert [mark_type(n) for n in names] == ["text"]
    assert {r["line"] for r in rows_sent(spec) if "line" in r} == {
        "Glute bridge",
        "Log roll",
        "Partial crunch",
    }
    findings = {r["exercise"]: r["finding"] for r in rows_sent(spec) if "finding" in r}
    assert findings["Glute bridge"] == associations.CLEAR_LABEL
    assert findings["Log roll"] == associations.UNCLEAR_LABEL
    assert "not a proof" in result.caption


def test_exercise_chart_marks_clear_exactly_what_the_sentences_call_clear():
    rng = np.random.default_rng(8)
    days = 365
    plank = rng.random(days) < 0.45
    pain = np.clip(np.rint(5 + rng.normal(0, 1.2, days) - 1.5 * np.r_[0, plank[:-1]]), 0, 10)
    exercises = [("plank",) if p else ("cat_cow",) if rng.random() < 0.5 else () for p in plank]
    effects = links.per_exercise_effects(make_daily(pain.tolist(), exercises=exercises))

    spec = associations.exercise_effects(effects).chart.to_dict()

    drawn = {r["exercise"]: r for r in rows_sent(spec) if "ci_low" in r}
    for effect in effects:
        row = drawn[effect.name]
        assert (row["finding"] == associations.CLEAR_LABEL) == effect.claimed
        assert (row["ci_low"], row["ci_high"]) == (effect.ci_low, effect.ci_high)
    assert any(e.claimed for e in effects) and not all(e.claimed for e in effects)


@pytest.mark.parametrize("days", [60, 365, 1000])
def test_every_range_the_trends_charts_draw_is_the_findings_own(days):
    entries, sessions = demo.generate(days, end=dt.date(2026, 11, 20), seed=3)
    report = findings.compute(entries, sessions, names=catalog.load().exercise_names())
    built = {
        "timeline": pain.pain_timeline(report.daily),
        "sitting": associations.pain_vs_sitting(report.daily),
        "next_day": associations.next_day_pain(report.daily),
        "exercises": associations.exercise_effects(report.per_exercise),
        "sessions": routines.session_before_after(sessions),
        "calendar": pain.pain_calendar(report.daily),
    }
    specs = {name: c.chart.to_dict() for name, c in built.items() if c.chart is not None}

    # The charts of days and averages draw no range of their own (no error bars or bands, no
    # interval columns): the sentence beside them gives the finding's.
    for name, spec in specs.items():
        if name == "exercises":
            continue
        assert not {"errorbar", "errorband", "area"} & {mark_type(u) for u in units(spec)}, name
        columns = {key for row in rows_sent(spec) for key in row}
        assert not {"ci_low", "ci_high", "lower", "upper", "low", "high"} & columns, name
    # Each exercise's bar is exactly the range its finding gives and judges by.
    tested = [e for e in report.per_exercise if e.enough]
    assert tested
    drawn = {
        r["exercise"]: (r["ci_low"], r["ci_high"], r["difference"])
        for r in rows_sent(specs["exercises"])
        if "ci_low" in r
    }
    assert drawn == {e.name: (e.ci_low, e.ci_high, e.difference) for e in tested}


def test_exercise_effects_without_an_exercise_with_enough_days_give_a_reason():
    waiting = dataclasses.replace(some_effects()[0], more_needed=3)
    result = associations.exercise_effects([waiting])
    assert result.chart is None
    assert "enough" in result.caption


# --------------------------------------------------------------------------------------------
# session_before_after
# --------------------------------------------------------------------------------------------


def sessions_frame(n: int, start: str = "2025-01-06 07:00", freq: str = "13h") -> pd.DataFrame:
    starts = pd.date_range(start, periods=n, freq=freq).astype("datetime64[ns]")
    return pd.DataFrame(
        {
            "start": starts,
            "end": starts + pd.Timedelta(minutes=10),
            "routine_id": "morning_stretches",
            "exercises_completed": pd.Series([("log_roll",)] * n, dtype=object),
            "pain_before": (np.arange(n) % 8 + 2).astype("float64"),
            "pain_after": (np.arange(n) % 8 + 1).astype("float64"),
        }
    )


def test_sessions_are_drawn_as_dumbbells_from_before_to_after():
    result = routines.session_before_after(sessions_frame(5))
    spec = result.chart.to_dict()
    joins, ends = units(spec)
    assert mark_type(joins) == "rule"
    assert joins["encoding"]["y"]["field"] == "pain_before"
    assert joins["encoding"]["y2"]["field"] == "pain_after"
    assert joins["encoding"]["y"]["title"] == "Pain (0-10)"
    assert {"fold": ["pain_before", "pain_after"], "as": ["when", "pain"]} in ends["transform"]
    # Dates on the axis, a tick a day, never minutes (":30 :35") when sessions are few.
    x = spec["encoding"]["x"]
    assert x["axis"]["format"] == "%d %b"
    assert x["axis"]["tickCount"] == {"interval": "day", "step": 1}
    assert ends["encoding"]["shape"]["scale"]["domain"] == ["Before", "After"]
    rows = rows_sent(spec)
    assert len(rows) == 5
    assert "exercises_completed" not in rows[0]


def test_many_sessions_are_averaged_per_week():
    many = sessions_frame(2000, freq="9h")
    result = routines.session_before_after(many)
    spec = result.chart.to_dict()
    rows = rows_sent(spec)
    assert len(rows) <= 2000 * 9 / 24 / 7 + 2
    assert rows[0]["sessions"] == sum(many["start"] < pd.Timestamp("2025-01-13"))
    assert "Pain (0-10), weekly mean" in titles(spec)
    assert "week" in result.caption


def test_sessions_without_ratings_or_none_at_all_give_a_reason():
    unrated = sessions_frame(3).assign(pain_before=np.nan, pain_after=np.nan)
    for frame in (unrated, sessions_frame(0)):
        result = routines.session_before_after(frame)
        assert result.chart is None
        assert "rate your pain" in result.caption


# --------------------------------------------------------------------------------------------
# Words for missing values: tooltips and tables
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(len(DAILY_BUILDERS) + 2))
def test_no_tooltip_shows_a_raw_number_that_could_be_null(index):
    """Every number in a tooltip is text made by the chart, "not recorded" where missing."""
    spec = all_charts()[index].chart.to_dict()
    for view in views(spec):
        calculated = {
            step["as"]: step["calculate"]
            for outer in views(spec)
            for step in outer.get("transform", [])
            if "calculate" in step
        }
        for tip in view.get("encoding", {}).get("tooltip", []):
            assert tip["type"] != "quantitative", tip
            if tip["field"].endswith("_text"):
                assert "not recorded" in calculated[tip["field"]]


@given(
    st.lists(
        st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True, width=32)),
        max_size=30,
    )
)
def test_a_charts_table_says_not_recorded_for_every_missing_number(values):
    frame = pd.DataFrame({"pain": pd.array(values, dtype="float64")})
    table = base.as_table(frame, [base.Shown("pain", "Pain (0-10)", ".1f")])
    assert list(table.columns) == ["Pain (0-10)"]
    for value, text in zip(values, table["Pain (0-10)"], strict=True):
        if value is None or not math.isfinite(value):
            assert text == "not recorded"
        else:
            assert text == f"{value:.1f}"


def test_the_tooltips_say_not_recorded_in_the_browsers_own_words():
    """The calculated field is a Vega expression; this checks its text and format."""
    calc = base.readable_numbers([base.Shown("sitting_hours", "Hours sitting", ".2f")])
    assert calc == {
        "sitting_hours_text": "isValid(datum.sitting_hours) && isFinite(datum.sitting_hours) "
        "? format(datum.sitting_hours, '.2f') : 'not recorded'"
    }


@pytest.mark.parametrize("index", range(len(DAILY_BUILDERS) + 2))
def test_the_spec_trends_sends_is_the_checked_chart_with_the_same_rows(index):
    """Trends sends each chart's spec unchecked and its data as Arrow bytes, made once per
    journal version: the same spec the schema check passes, and rows that read back equal."""
    import pyarrow as pa

    from lumbarlog.ui.trends_view import finished_spec

    chart = all_charts()[index].chart
    checked = chart.to_dict()  # validates against the Vega-Lite schema
    sent = finished_spec(chart)
    assert {k: v for k, v in sent.items() if k != "datasets"} == {
        k: v for k, v in checked.items() if k != "datasets"
    }
    assert sent["datasets"].keys() == checked["datasets"].keys()
    for name, rows in checked["datasets"].items():
        table = pa.ipc.open_stream(sent["datasets"][name]).read_all().to_pandas()
        pd.testing.assert_frame_equal(
            table.reset_index(drop=True), pd.DataFrame(rows), check_dtype=False
        )


# --------------------------------------------------------------------------------------------
# Specs written as data: the same rows, names and schema Altair gave
# --------------------------------------------------------------------------------------------

_TIMES = st.one_of(
    st.none(),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
    # Whole days and whole seconds, as the journal's dates and session times are.
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)).map(
        lambda d: dt.datetime(d.year, d.month, d.day)
    ),
)


@st.composite
def chart_frames(draw: st.DrawFn) -> pd.DataFrame:
    """Frames with every kind of column the charts send: numbers with gaps and infinities,
    whole numbers, text with gaps, dates and times (missing too), flags, nullable flags."""
    n = draw(st.integers(min_value=0, max_value=12))

    def column(values: st.SearchStrategy) -> list:
        return draw(st.lists(values, min_size=n, max_size=n))

    times = column(_TIMES)
    return pd.DataFrame(
        {
            "number": pd.array(
                column(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True))),
                dtype="float64",
            ),
            "count": pd.array(column(st.integers(-(2**40), 2**40)), dtype="int64"),
            "text": pd.Series(column(st.one_of(st.none(), st.text(max_size=8))), dtype="str"),
            "when": pd.Series(
                [pd.NaT if t is None else pd.Timestamp(t) for t in times], dtype="datetime64[ns]"
            ),
            "flag": pd.array(column(st.booleans()), dtype=bool),
            "maybe": pd.array(column(st.one_of(st.none(), st.booleans())), dtype="boolean"),
        }
    )


@given(chart_frames())
def test_a_charts_rows_are_sent_as_altair_sent_them_under_the_same_name(frame):
    """The rows a spec carries are the values Altair made (ISO dates, null for a gap or an
    infinity, plain numbers), named as Altair named them, so a spec written as data is the
    spec the Altair chart gave."""
    from altair.utils.core import sanitize_pandas_dataframe
    from altair.vegalite.v6.api import _dataset_name

    from lumbarlog.analysis.charts import vega

    expected = sanitize_pandas_dataframe(frame).to_dict(orient="records")
    sent = vega.dataset(frame)
    assert sent.records() == expected
    assert sent.name == _dataset_name(expected)


def test_a_spec_that_is_not_vega_lite_is_refused_when_checked():
    import jsonschema

    from lumbarlog.analysis.charts import vega

    data = vega.dataset(pd.DataFrame({"pain": [1.0]}))
    good = vega.top_level({"data": data.ref, "mark": "point"}, data)
    assert good.to_dict()["datasets"] == {data.name: [{"pain": 1.0}]}
    with pytest.raises(jsonschema.ValidationError):
        vega.top_level({"data": data.ref, "mark": "no-such-mark"}, data).to_dict()
    with pytest.raises(jsonschema.ValidationError):
        vega.top_level(
            {"data": data.ref, "mark": "point", "encoding": {"x": {"field": "pain", "type": "Q"}}},
            data,
        ).to_dict()


def test_the_specs_name_the_vega_lite_version_they_are_checked_against():
    import altair as alt

    from lumbarlog.analysis.charts import vega

    assert vega.SCHEMA_URL == alt.SCHEMA_URL
    assert alt.Chart().to_dict(validate=False)["config"] == vega.VIEW_CONFIG


@pytest.mark.parametrize("days", [3, 60, 800, 8000])
def test_charts_from_one_prepared_period_are_the_charts_from_its_frame(days):
    """Trends prepares the period's days once for its five charts of days; each chart is the
    one its builder makes from the frame."""
    daily = random_daily(days, seed=days)
    names = {"glute_bridge": "Glute bridge"}
    shared = base.Days(daily, names)
    for builder in DAILY_BUILDERS:
        alone = builder(daily, names) if builder is pain.pain_timeline else builder(daily)
        together = builder(shared)
        assert together.caption == alone.caption
        assert together.chart is not None and alone.chart is not None
        assert together.chart.to_dict() == alone.chart.to_dict()
        assert together.table is not None and alone.table is not None
        pd.testing.assert_frame_equal(together.table, alone.table)
    with pytest.raises(ValueError, match="exercise names"):
        pain.pain_timeline(shared, names)
