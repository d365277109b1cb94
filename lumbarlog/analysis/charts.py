"""Altair chart builders for the Trends page: a DataFrame in, a chart and its caption out.

Every builder returns a ``ChartWithCaption``. When there is nothing honest to draw (no days
logged, no sessions with pain ratings), ``chart`` is None and ``caption`` says why and what is
needed, so the page can show that sentence instead of an empty frame.

What the browser receives is kept small on purpose: only the columns a chart uses, exercise
lists as text, and, once a journal spans more than two years, one row per week (or per month
past twenty years) instead of one per day. ``for_display`` is the one place that decides this.

Colours come from the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies) and the pain heat map uses the ColorBrewer yellow-orange-red scale, which reads
by lightness alone. Shapes repeat what colours say, so nothing depends on colour.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

import altair as alt
import numpy as np
import pandas as pd

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO: Mapping[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
PAIN_COLOUR_SCHEME: Final = "yelloworangered"  # Final: Altair takes scheme names as literals
EMPTY_DAY_COLOUR = "#EEEEEE"

PAIN_TITLE = "Pain (0-10)"
SITTING_TITLE = "Hours sitting"
TIMELINE_HEIGHT = 260
OVERVIEW_HEIGHT = 90
CHART_HEIGHT = 300
ROW_HEIGHT = 28

Granularity = Literal["day", "week", "month"]
# Past these spans the browser would draw too many marks to stay quick, so days are averaged.
DAILY_MAX_SPAN_DAYS = 731  # two years
WEEKLY_MAX_SPAN_DAYS = 7305  # twenty years; ~1,050 weeks, beyond that months (~12 a year)
MAX_RAW_POINTS = 731  # individual days or sessions drawn as dots before switching to summaries

GRANULARITY_WORDS: Mapping[str, str] = {
    "day": "daily",
    "week": "weekly mean",
    "month": "monthly mean",
}
_PERIOD_CODES: Mapping[str, str] = {"week": "W-SUN", "month": "M"}

EXERCISE_GROUP = "After exercise days"
REST_GROUP = "After rest days"


@dataclass(frozen=True)
class ChartWithCaption:
    """A chart ready for ``st.altair_chart`` and the one line shown under it.

    ``chart`` is None when there is nothing to draw; then ``caption`` is the reason.
    """

    chart: alt.TopLevelMixin | None
    caption: str


@dataclass(frozen=True)
class DisplayData:
    """Daily values prepared for the browser: one row per ``granularity`` period.

    Columns: date (period start), period_end, pain, rolling_pain, sitting_hours,
    next_day_pain (means over the period's days when not daily), days_logged, days_exercised,
    day_kind (a label for the legend) and, for daily data only, exercises (text).
    """

    frame: pd.DataFrame
    granularity: Granularity

    @property
    def words(self) -> str:
        """'daily', 'weekly mean' or 'monthly mean', for axis titles and captions."""
        return GRANULARITY_WORDS[self.granularity]


# --------------------------------------------------------------------------------------------
# Preparing data
# --------------------------------------------------------------------------------------------


def granularity_for_span(span_days: int) -> Granularity:
    """The resolution that keeps a chart of ``span_days`` days quick to draw."""
    if span_days <= DAILY_MAX_SPAN_DAYS:
        return "day"
    if span_days <= WEEKLY_MAX_SPAN_DAYS:
        return "week"
    return "month"


def for_display(
    daily: pd.DataFrame, exercise_names: Mapping[str, str] | None = None
) -> DisplayData:
    """The daily frame reduced to what charts send to the browser.

    Up to two years: one row per day, exercises as a readable text (names when
    ``exercise_names`` maps ids to names). Longer: one row per week (per month past twenty
    years) holding means over the logged days, so the number of rows stays near a thousand.
    """
    days = _prepared_days(daily)
    granularity = granularity_for_span(_span_days(days["date"]))
    if granularity == "day":
        frame = days.assign(
            rolling_pain=days["rolling_pain"].round(2),
            period_end=days["date"] + pd.Timedelta(days=1),
            days_logged=days["logged"].astype("int64"),
            days_exercised=days["exercised_flag"],
            day_kind=_day_kinds(days["exercised"], days["logged"]),
            exercises=_exercise_text(days["exercises"], exercise_names),
        )
        columns = [*_DISPLAY_COLUMNS, "exercises"]
    else:
        frame = _aggregate(days, granularity)
        columns = list(_DISPLAY_COLUMNS)
    return DisplayData(frame=frame[columns].reset_index(drop=True), granularity=granularity)


_DISPLAY_COLUMNS = (
    "date",
    "period_end",
    "pain",
    "rolling_pain",
    "sitting_hours",
    "next_day_pain",
    "days_logged",
    "days_exercised",
    "day_kind",
)


def _prepared_days(daily: pd.DataFrame) -> pd.DataFrame:
    """The contract's columns with safe dtypes, sorted, plus the next calendar day's pain."""
    days = pd.DataFrame(
        {
            "date": pd.to_datetime(daily["date"]).astype("datetime64[ns]"),
            "pain": pd.to_numeric(daily["pain"], errors="coerce").astype("float64"),
            "rolling_pain": pd.to_numeric(daily["rolling_pain"], errors="coerce").astype("float64"),
            "sitting_hours": pd.to_numeric(daily["sitting_hours"], errors="coerce").astype(
                "float64"
            ),
            "exercises": daily["exercises"].astype(object),
            "exercised": daily["exercised"].astype("boolean"),
            "logged": daily["logged"].astype(bool),
        }
    ).sort_values("date", kind="stable", ignore_index=True)
    days = days.drop_duplicates("date", keep="last", ignore_index=True)
    # Look the next day up by date, not by position, so a missing row is never read as the
    # next day.
    pain_by_date = days.set_index("date")["pain"]
    next_day = pain_by_date.reindex(days["date"] + pd.Timedelta(days=1)).to_numpy()
    return days.assign(
        next_day_pain=next_day,
        exercised_flag=days["exercised"].fillna(False).astype("int64"),
    )


def _span_days(dates: pd.Series) -> int:
    return 0 if dates.empty else int((dates.max() - dates.min()).days)


def _day_kinds(exercised: pd.Series, logged: pd.Series) -> pd.Series:
    kinds = np.where(exercised.fillna(False).astype(bool), "Exercise day", "Rest day")
    return pd.Series(np.where(logged.to_numpy(), kinds, "Not logged"), index=exercised.index)


def _exercise_text(exercises: pd.Series, names: Mapping[str, str] | None) -> list[str]:
    names = names or {}
    return [
        ", ".join(names.get(item, item.replace("_", " ")) for item in (ids or ()))
        for ids in exercises
    ]


def _period_start(times: pd.Series, granularity: Granularity) -> pd.Series:
    """The first day of the week or month that each time falls in."""
    period = times.dt.to_period(_PERIOD_CODES[granularity])
    starts: pd.Series = period.dt.start_time.astype("datetime64[ns]")
    return starts


def _aggregate(days: pd.DataFrame, granularity: Granularity) -> pd.DataFrame:
    summary = (
        days.groupby(_period_start(days["date"], granularity).rename("date"))
        .agg(
            pain=("pain", "mean"),
            rolling_pain=("rolling_pain", "mean"),
            sitting_hours=("sitting_hours", "mean"),
            next_day_pain=("next_day_pain", "mean"),
            days_logged=("logged", "sum"),
            days_exercised=("exercised_flag", "sum"),
        )
        .reset_index()
    )
    step = pd.DateOffset(weeks=1) if granularity == "week" else pd.DateOffset(months=1)
    mostly_exercised = summary["days_exercised"] * 2 >= summary["days_logged"]
    kind = np.where(mostly_exercised, "Exercise on half the days or more", "Exercise on fewer days")
    # Two decimals is finer than anyone reads a chart, and halves the data sent.
    means = ["pain", "rolling_pain", "sitting_hours", "next_day_pain"]
    return summary.assign(
        **summary[means].round(2),
        period_end=summary["date"] + step,
        days_logged=summary["days_logged"].astype("int64"),
        days_exercised=summary["days_exercised"].astype("int64"),
        day_kind=np.where(summary["days_logged"] > 0, kind, "Not logged"),
    )


def _has_pain(daily: pd.DataFrame) -> bool:
    return not daily.empty and bool(pd.to_numeric(daily["pain"], errors="coerce").notna().any())


_NO_DAYS = "No days logged yet: log a few days and this chart fills in."


def _period_caption(display: DisplayData) -> str:
    if display.granularity == "day":
        return ""
    return (
        f" Your journal spans more than two years, so each point is a {display.granularity}'s "
        "mean over the logged days."
    )


def _datetime(moment: pd.Timestamp) -> alt.DateTime:
    return alt.DateTime(year=moment.year, month=moment.month, date=moment.day)


def _with_units(title: str, display: DisplayData) -> str:
    return title if display.granularity == "day" else f"{title}, {display.words}"


# --------------------------------------------------------------------------------------------
# Pain over time
# --------------------------------------------------------------------------------------------


def pain_timeline(
    daily: pd.DataFrame, exercise_names: Mapping[str, str] | None = None
) -> ChartWithCaption:
    """Pain dots, the 7-day average and exercise days above; hours sitting as bars below.

    Dragging across the lower panel zooms the upper one. Unlogged days stay gaps.
    """
    if not _has_pain(daily):
        return ChartWithCaption(None, _NO_DAYS)
    display = for_display(daily, exercise_names)
    daily_view = display.granularity == "day"
    columns = ["date", "period_end", "pain", "rolling_pain", "sitting_hours", "day_kind"]
    columns += ["exercises"] if daily_view else ["days_logged", "days_exercised"]
    frame = display.frame[columns]

    brush = alt.selection_interval(encodings=["x"], name="timeline_range")
    date_title = "Date" if daily_view else f"{display.granularity.title()} starting"
    pain_title = _with_units(PAIN_TITLE, display)
    kinds = (
        ["Exercise day", "Rest day"]
        if daily_view
        else ["Exercise on half the days or more", "Exercise on fewer days"]
    )
    tooltip = [
        alt.Tooltip("date:T", title=date_title, format="%a %d %b %Y"),
        alt.Tooltip("pain:Q", title=pain_title, format=".1f"),
        alt.Tooltip("rolling_pain:Q", title="7-day average pain", format=".1f"),
        alt.Tooltip("sitting_hours:Q", title=_with_units(SITTING_TITLE, display), format=".2f"),
    ]
    tooltip += (
        [alt.Tooltip("exercises:N", title="Exercises")]
        if daily_view
        else [
            alt.Tooltip("days_logged:Q", title="Days logged"),
            alt.Tooltip("days_exercised:Q", title="Days with exercise"),
        ]
    )

    base = alt.Chart(frame)
    zoomed_x = alt.X("date:T", title=None).scale(domain=brush)
    pain_y = alt.Y("pain:Q", title=pain_title).scale(domain=[0, 10])
    points = (
        base.mark_point(filled=True, size=55, opacity=0.9, clip=True)
        .encode(
            x=zoomed_x,
            y=pain_y,
            color=alt.Color("day_kind:N", title=None)
            .scale(domain=kinds, range=[OKABE_ITO["blue"], OKABE_ITO["orange"]])
            .legend(orient="top"),
            shape=alt.Shape("day_kind:N", title=None)
            .scale(domain=kinds, range=["triangle-up", "circle"])
            .legend(orient="top"),
            tooltip=tooltip,
        )
        .transform_filter("isValid(datum.pain)")
    )
    # Breaking the path at missing values keeps a gap where there are too few days.
    average = base.mark_line(
        color=OKABE_ITO["black"], strokeWidth=2, invalid="break-paths-filter-domains", clip=True
    ).encode(x=zoomed_x, y="rolling_pain:Q", tooltip=tooltip)
    upper = alt.layer(average, points).properties(width="container", height=TIMELINE_HEIGHT)

    lower = (
        base.mark_bar(color=OKABE_ITO["sky_blue"])
        .encode(
            # A fixed domain keeps the overview (and its brush) whole even when no day has
            # hours sitting, since bars without a value are left out of the data's extent.
            x=alt.X("date:T", title=date_title).scale(
                domain=[_datetime(frame["date"].min()), _datetime(frame["period_end"].max())]
            ),
            x2="period_end:T",
            y=alt.Y("sitting_hours:Q", title=_with_units(SITTING_TITLE, display)),
            tooltip=tooltip,
        )
        .add_params(brush)
        .properties(width="container", height=OVERVIEW_HEIGHT)
    )
    caption = (
        "Dots are pain on logged days (triangles: exercise days); the line is the 7-day "
        "average; bars below are hours sitting. Drag across the bars to zoom; double-click "
        "to reset." + _period_caption(display)
    )
    return ChartWithCaption(alt.vconcat(upper, lower, spacing=8), caption)


# --------------------------------------------------------------------------------------------
# Pain and sitting
# --------------------------------------------------------------------------------------------


def pain_vs_sitting(daily: pd.DataFrame) -> ChartWithCaption:
    """Hours sitting on a day against pain the next day, as dots only.

    No fitted line: a straight line through these dots ignores how much it hurt that day
    (people sit more on bad days, and bad days are followed by bad days), so it would show a
    slope more certain than the finding beside the chart, which allows for that.
    """
    if not _has_pain(daily):
        return ChartWithCaption(None, _NO_DAYS)
    display = for_display(daily)
    pairs = display.frame[["date", "sitting_hours", "next_day_pain"]].dropna()
    if pairs.empty:
        return ChartWithCaption(
            None,
            "No day yet has both hours sitting and a pain score the next day: record hours "
            "sitting to see this chart.",
        )
    x_title = _with_units(SITTING_TITLE, display)
    y_title = _with_units("Pain the next day (0-10)", display)
    base = alt.Chart(pairs).encode(
        x=alt.X("sitting_hours:Q", title=x_title).scale(zero=True),
        y=alt.Y("next_day_pain:Q", title=y_title).scale(domain=[0, 10]),
    )
    date_title = "Day" if display.granularity == "day" else f"{display.granularity.title()} of"
    points = base.mark_circle(size=70, opacity=0.35, color=OKABE_ITO["blue"]).encode(
        tooltip=[
            alt.Tooltip("date:T", title=date_title, format="%a %d %b %Y"),
            alt.Tooltip("sitting_hours:Q", title=x_title, format=".2f"),
            alt.Tooltip("next_day_pain:Q", title=y_title, format=".1f"),
        ]
    )
    chart = points.properties(width="container", height=CHART_HEIGHT)
    caption = (
        "Each dot is a day: hours sitting, and pain the day after (darker where dots overlap). "
        "There is no fitted line on purpose: the dots do not allow for how much it hurt that "
        "day; the sentence beside the chart does." + _period_caption(display)
    )
    return ChartWithCaption(chart, caption)


# --------------------------------------------------------------------------------------------
# Next-day pain after exercise and rest days
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _GroupSummary:
    group: str
    n: int
    mean: float


def _summarise(group: str, values: pd.Series) -> _GroupSummary:
    """The plain average of a group. Its uncertainty is not computed here: the page's
    finding (analysis/trends) gives the likely range, allowing for the day's pain and the rest."""
    n = len(values)
    return _GroupSummary(group, n, float(values.mean()) if n else float("nan"))


def next_day_pain(daily: pd.DataFrame) -> ChartWithCaption:
    """Pain on the day after exercise days and after rest days: plain averages, and each day
    as a dot while there are few enough to draw. No interval: the finding beside the chart
    gives the likely range from lumbarlog/analysis/trends, which allows for the day's pain."""
    if not _has_pain(daily):
        return ChartWithCaption(None, _NO_DAYS)
    days = _prepared_days(daily)
    pairs = days[days["exercised"].notna() & days["next_day_pain"].notna()]
    groups = {
        EXERCISE_GROUP: pairs.loc[pairs["exercised"].astype(bool), "next_day_pain"],
        REST_GROUP: pairs.loc[~pairs["exercised"].astype(bool), "next_day_pain"],
    }
    summaries = [_summarise(name, values) for name, values in groups.items()]
    if all(s.n == 0 for s in summaries):
        return ChartWithCaption(
            None,
            "No pairs of back-to-back logged days yet: this chart compares pain on the day "
            "after exercise with the day after rest.",
        )
    labels = {s.group: f"{s.group} (n = {s.n})" for s in summaries}
    order = list(labels.values())
    summary = pd.DataFrame(
        {
            "group": [labels[s.group] for s in summaries],
            "n": [s.n for s in summaries],
            "mean": [s.mean for s in summaries],
        }
    )
    # Full group labels carry n; never cut them short.
    x = alt.X("group:N", title="The day before", sort=order).axis(labelAngle=0, labelLimit=400)
    y_title = "Pain the next day (0-10)"
    colour = alt.Color("group:N", title=None, legend=None).scale(
        domain=order, range=[OKABE_ITO["blue"], OKABE_ITO["orange"]]
    )
    summary_tooltip = [
        alt.Tooltip("group:N", title="Group"),
        alt.Tooltip("n:Q", title="Days"),
        alt.Tooltip("mean:Q", title="Average pain the next day", format=".1f"),
    ]
    summary_base = alt.Chart(summary).encode(x=x, tooltip=summary_tooltip)
    layers = []
    drew_days = len(pairs) <= MAX_RAW_POINTS
    if drew_days:
        dots = pd.DataFrame(
            {
                "date": pairs["date"],
                "group": np.where(
                    pairs["exercised"].astype(bool), labels[EXERCISE_GROUP], labels[REST_GROUP]
                ),
                "next_day_pain": pairs["next_day_pain"],
            }
        )
        layers.append(
            alt.Chart(dots)
            .transform_calculate(jitter="random() - 0.5")
            .mark_circle(size=35, opacity=0.3)
            .encode(
                x=x,
                xOffset=alt.XOffset("jitter:Q").scale(domain=[-1.5, 1.5]),
                y=alt.Y("next_day_pain:Q", title=y_title).scale(domain=[0, 10]),
                color=colour,
                tooltip=[
                    alt.Tooltip("date:T", title="Day before", format="%a %d %b %Y"),
                    alt.Tooltip("next_day_pain:Q", title=y_title),
                ],
            )
        )
    layers += [
        summary_base.mark_point(
            shape="diamond", filled=True, size=160, color=OKABE_ITO["black"]
        ).encode(y=alt.Y("mean:Q", title=y_title).scale(domain=[0, 10])),
    ]
    chart = alt.layer(*layers).properties(width="container", height=CHART_HEIGHT)
    caption = (
        "Diamonds are the plain average pain on the next day"
        + ("; faint dots are single days." if drew_days else ".")
        + " They do not allow for how much it hurt the day before (people skip exercise on "
        "bad days); the sentence beside the chart does, and gives the likely range."
    )
    return ChartWithCaption(chart, caption)


# --------------------------------------------------------------------------------------------
# Calendar
# --------------------------------------------------------------------------------------------

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def pain_calendar(daily: pd.DataFrame) -> ChartWithCaption:
    """Pain as a calendar heat map: weeks by weekday for up to two years, months by year
    beyond. Unlogged days (or months) are grey boxes, never a colour that reads as a score."""
    if not _has_pain(daily):
        return ChartWithCaption(None, _NO_DAYS)
    days = _prepared_days(daily)
    colour = (
        alt.Color("pain:Q", title=PAIN_TITLE)
        .scale(scheme=PAIN_COLOUR_SCHEME, domain=[0, 10])
        .legend(orient="right")
    )
    if granularity_for_span(_span_days(days["date"])) == "day":
        frame = pd.DataFrame(
            {
                "date": days["date"],
                "week": days["date"] - pd.to_timedelta(days["date"].dt.day_of_week, unit="D"),
                "weekday": [_WEEKDAYS[d] for d in days["date"].dt.day_of_week],
                "pain": days["pain"],
            }
        )
        x = alt.X("week:O", timeUnit="yearmonthdate", title="Week starting").axis(
            format="%d %b", labelOverlap=True, labelAngle=-45
        )
        y = alt.Y("weekday:O", title="Day of the week", sort=list(_WEEKDAYS))
        tooltip = [
            alt.Tooltip("date:T", title="Date", format="%a %d %b %Y"),
            alt.Tooltip("pain:Q", title=PAIN_TITLE),
        ]
        caption = (
            "Each box is a day, coloured by pain (darker is worse); grey boxes are days not logged."
        )
    else:
        frame = (
            days.assign(year=days["date"].dt.year, month_number=days["date"].dt.month)
            .groupby(["year", "month_number"], as_index=False)
            .agg(pain=("pain", "mean"), days_logged=("logged", "sum"))
            .pipe(lambda f: f.assign(month=[_MONTHS[m - 1] for m in f["month_number"]]))
            .drop(columns="month_number")
        )
        x = alt.X("month:O", title="Month", sort=list(_MONTHS)).axis(labelAngle=0)
        y = alt.Y("year:O", title="Year").axis(labelOverlap=True)
        tooltip = [
            alt.Tooltip("year:O", title="Year"),
            alt.Tooltip("month:O", title="Month"),
            alt.Tooltip("pain:Q", title="Mean pain (0-10)", format=".1f"),
            alt.Tooltip("days_logged:Q", title="Days logged"),
        ]
        caption = (
            "Your journal spans more than two years, so each box is a month, coloured by its mean "
            "pain (darker is worse); grey boxes are months with no days logged."
        )
    base = alt.Chart(frame).encode(x=x, y=y, tooltip=tooltip)
    background = base.mark_rect(color=EMPTY_DAY_COLOUR, stroke="white", strokeWidth=1)
    scores = base.mark_rect(stroke="white", strokeWidth=1).encode(color=colour)
    scores = scores.transform_filter("isValid(datum.pain)")
    chart = alt.layer(background, scores).properties(width="container", height=CHART_HEIGHT)
    return ChartWithCaption(chart, caption)


# --------------------------------------------------------------------------------------------
# Per-exercise effects
# --------------------------------------------------------------------------------------------


CLEAR_LABEL = "Clear: range leaves out zero"
UNCLEAR_LABEL = "Not clear"


def exercise_effects(effects: pd.DataFrame) -> ChartWithCaption:
    """Each exercise's difference in next-day pain (done minus not done) with the likely range
    lumbarlog/analysis/trends judges it by (widened for the number compared).

    Filled dots mark ranges that leave out zero (the sentence calls them clear); hollow ones
    are "about the same" or "can't tell yet".
    """
    if effects is None or effects.empty:
        return ChartWithCaption(
            None,
            "No exercise has been done (and skipped) on enough logged days yet to compare.",
        )
    frame = pd.DataFrame(
        {
            "exercise": effects["exercise"].astype(str),
            "difference": effects["difference"].astype("float64"),
            "ci_low": effects["ci_low"].astype("float64"),
            "ci_high": effects["ci_high"].astype("float64"),
            "n_done": effects["n_done"].astype("int64"),
            "n_not": effects["n_not"].astype("int64"),
            "finding": np.where(
                effects["significant"].fillna(False).astype(bool),
                CLEAR_LABEL,
                UNCLEAR_LABEL,
            ),
        }
    ).sort_values("difference", kind="stable")
    findings = [CLEAR_LABEL, UNCLEAR_LABEL]
    x_title = "Next-day pain difference (points)"
    # Every exercise named in full: a hidden or cut label would leave a dot nobody can place.
    y = alt.Y("exercise:N", title=None, sort=list(frame["exercise"])).axis(
        labelLimit=260, labelOverlap=False
    )
    tooltip = [
        alt.Tooltip("exercise:N", title="Exercise"),
        alt.Tooltip("difference:Q", title="Difference (done - not done)", format="+.1f"),
        alt.Tooltip("ci_low:Q", title="Likely range from", format="+.1f"),
        alt.Tooltip("ci_high:Q", title="Likely range to", format="+.1f"),
        alt.Tooltip("n_done:Q", title="Days after doing it"),
        alt.Tooltip("n_not:Q", title="Days after not doing it"),
        alt.Tooltip("finding:N", title="Finding"),
    ]
    base = alt.Chart(frame).encode(y=y, tooltip=tooltip)
    zero = (
        alt.Chart(pd.DataFrame({"difference": [0.0]}))
        .mark_rule(color=OKABE_ITO["grey"], strokeDash=[4, 4])
        .encode(x="difference:Q")
    )
    interval = base.mark_rule(strokeWidth=2, color=OKABE_ITO["black"]).encode(
        x=alt.X("ci_low:Q", title=x_title), x2="ci_high:Q"
    )
    dots = base.mark_point(size=110, strokeWidth=2).encode(
        x=alt.X("difference:Q", title=x_title),
        color=alt.Color("finding:N", title=None)
        .scale(domain=findings, range=[OKABE_ITO["vermillion"], OKABE_ITO["grey"]])
        .legend(orient="top"),
        fill=alt.Fill("finding:N", title=None)
        .scale(domain=findings, range=[OKABE_ITO["vermillion"], "white"])
        .legend(orient="top"),
    )
    height = max(2, len(frame)) * ROW_HEIGHT
    # Fit the width only: fitting the height too squeezed the rows until their names overlapped.
    chart = alt.layer(zero, interval, dots).properties(
        width="container",
        height=height,
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )
    caption = (
        "Left of the dashed line: pain was lower on days after doing the exercise than after "
        "days without it. Bars are the likely ranges the sentences use, widened for the number "
        "of exercises compared; filled dots are clear (the range leaves out zero). A pattern, "
        "not a proof of cause."
    )
    return ChartWithCaption(chart, caption)


# --------------------------------------------------------------------------------------------
# Routine sessions
# --------------------------------------------------------------------------------------------

_WHEN = ("Before", "After")


def session_before_after(sessions: pd.DataFrame) -> ChartWithCaption:
    """Pain before and after each routine session, joined by a line (a dumbbell chart).

    With many sessions, sessions are averaged per week (or month) so the chart stays quick.
    """
    rated = (
        sessions[["start", "routine_id", "pain_before", "pain_after"]]
        .astype({"pain_before": "float64", "pain_after": "float64"})
        .pipe(lambda f: f[f["pain_before"].notna() | f["pain_after"].notna()])
        if sessions is not None and not sessions.empty
        else pd.DataFrame()
    )
    if rated.empty:
        return ChartWithCaption(
            None,
            "No routine sessions with a pain rating yet: rate your pain before and after a "
            "routine to see this chart.",
        )
    rated = rated.assign(start=pd.to_datetime(rated["start"]).astype("datetime64[ns]"))
    if len(rated) <= MAX_RAW_POINTS:
        granularity: Granularity = "day"
        frame = rated.assign(sessions=1)
        time_title = "Session start"
        tooltip_time = alt.Tooltip("start:T", title="Started", format="%a %d %b %Y %H:%M")
        tooltip_what = alt.Tooltip("routine_id:N", title="Routine")
        y_title = PAIN_TITLE
    else:
        # Too many sessions for one dumbbell each: average per week at least.
        long_span = granularity_for_span(_span_days(rated["start"])) == "month"
        granularity = "month" if long_span else "week"
        frame = (
            rated.groupby(_period_start(rated["start"], granularity).rename("start"))
            .agg(
                pain_before=("pain_before", "mean"),
                pain_after=("pain_after", "mean"),
                sessions=("routine_id", "size"),
            )
            .round(2)
            .reset_index()
        )
        time_title = f"{granularity.title()} starting"
        tooltip_time = alt.Tooltip("start:T", title=time_title, format="%d %b %Y")
        tooltip_what = alt.Tooltip("sessions:Q", title="Sessions")
        y_title = f"{PAIN_TITLE}, {GRANULARITY_WORDS[granularity]}"
    tooltip = [
        tooltip_time,
        tooltip_what,
        alt.Tooltip("pain_before:Q", title="Pain before", format=".1f"),
        alt.Tooltip("pain_after:Q", title="Pain after", format=".1f"),
    ]
    base = alt.Chart(frame).encode(x=alt.X("start:T", title=time_title))
    joins = base.mark_rule(color=OKABE_ITO["grey"], strokeWidth=2).encode(
        y=alt.Y("pain_before:Q", title=y_title).scale(domain=[0, 10]),
        y2="pain_after:Q",
        tooltip=tooltip,
    )
    ends = (
        base.transform_fold(["pain_before", "pain_after"], as_=["when", "pain"])
        .transform_calculate(when="datum.when == 'pain_before' ? 'Before' : 'After'")
        .transform_filter("isValid(datum.pain)")
        .mark_point(filled=True, size=70, opacity=0.9)
        .encode(
            y=alt.Y("pain:Q", title=y_title).scale(domain=[0, 10]),
            color=alt.Color("when:N", title=None)
            .scale(domain=list(_WHEN), range=[OKABE_ITO["orange"], OKABE_ITO["blue"]])
            .legend(orient="top"),
            shape=alt.Shape("when:N", title=None)
            .scale(domain=list(_WHEN), range=["circle", "diamond"])
            .legend(orient="top"),
            tooltip=tooltip,
        )
    )
    chart = alt.layer(joins, ends).properties(width="container", height=CHART_HEIGHT)
    caption = "Pain before (orange circles) and after (blue diamonds) each routine" + (
        " session."
        if granularity == "day"
        else f"; there are many sessions, so each pair is a {granularity}'s mean."
    )
    return ChartWithCaption(chart, caption)
