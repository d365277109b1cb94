"""Cached loaders and the few widgets that several pages share. The only lib module that
imports streamlit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import runpy
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from lib import catalog, charts, demo, plan, player, store, trends

FLASH_KEY = "ui_flash"
ENTRY_POINT = Path(__file__).resolve().parent.parent / "streamlit_app.py"


@dataclass(frozen=True)
class Journal:
    """What the pages need of the journal folder: the data, or why it could not be read."""

    folder: Path
    entries: pd.DataFrame
    sessions: pd.DataFrame
    error: store.JournalError | None = None


# The routine being followed in this browser session (shown by the Routines page; started
# from there or from Today).
PLAYER_KEY = "routines_player"
RUN_SAVED_KEY = "routines_saved_start"  # start of the run already recorded in sessions.csv
RUN_SUMMARY_KEY = "routines_summary"
PAIN_BEFORE_KEY = "routines_pain_before_given"

DEMO_KEY = "demo_mode"
DEMO_DAYS = 120


def start_routine(routine: catalog.Routine, pain_before: int | None = None) -> None:
    """Begin following ``routine`` now. The pain rating is kept under a key of its own: the
    input it came from is not drawn while the player runs, and Streamlit forgets the value of
    a widget that is not drawn."""
    close_routine()
    st.session_state[PLAYER_KEY] = player.start(routine, dt.datetime.now())
    st.session_state[PAIN_BEFORE_KEY] = pain_before


def close_routine() -> None:
    """Forget the routine being followed (it is already recorded if it was finished)."""
    for key in (PLAYER_KEY, RUN_SAVED_KEY, RUN_SUMMARY_KEY, PAIN_BEFORE_KEY):
        st.session_state.pop(key, None)


def journal_folder() -> Path:
    """The folder the app reads and writes: the person's journal, or the demo's own folder
    while this browser session is trying the demo."""
    return demo_folder() if in_demo() else store.data_dir()


def demo_folder() -> Path:
    """Where the demo journal lives: beside the person's journal, never inside it."""
    folder = store.data_dir()
    return folder.with_name(f"{folder.name}-demo")


def in_demo() -> bool:
    return bool(st.session_state.get(DEMO_KEY))


def start_demo() -> None:
    """Write a fresh demo journal (120 days ending today) and switch this session to it."""
    demo.write_demo(demo_folder(), days=DEMO_DAYS, end=dt.date.today())
    st.session_state[DEMO_KEY] = True
    after_write("You are looking at demo data. Your own journal is untouched.")


def leave_demo() -> None:
    st.session_state[DEMO_KEY] = False
    after_write("Back to your own journal.")


def demo_banner() -> None:
    """Shown at the top of every page while the demo is in use."""
    if in_demo():
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.warning(
            "Demo data: a made-up journal of 120 days. Nothing here is yours, and what you "
            "log now goes into the demo, not your journal.",
            icon=":material/science:",
        )
        right.button("Leave the demo", key="demo_leave", on_click=leave_demo)


def offer_demo() -> None:
    """On an empty journal: a way to see what the app does before logging anything."""
    if in_demo():
        return
    with st.container(border=True):
        st.markdown("**New here?** Look around with a realistic demo journal first.")
        st.button(
            "Try with demo data",
            key="demo_start",
            icon=":material/science:",
            on_click=start_demo,
        )


@st.cache_data(show_spinner=False, max_entries=8)
def _cached_plan(path: str, signature: tuple | None) -> plan.Plan:
    return plan.load_plan(Path(path))


def load_plan(folder: Path) -> plan.Plan:
    """The person's weekly plan (cached on plan.json's signature). Raises plan.PlanError."""
    return _cached_plan(str(folder), store.file_signature(Path(folder) / plan.PLAN_FILE))


@st.cache_resource(show_spinner=False, max_entries=16)
def _cached_report(
    folder: str, signatures: tuple, start: dt.date | None, end: dt.date | None
) -> trends.TrendsReport:
    entries = store.load_entries(Path(folder))
    sessions = store.load_sessions(Path(folder))
    names = {i: e.name for i, e in catalog.load().exercises.items()}
    return trends.compute(entries, sessions, start, end, names=names)


def trends_report(
    journal: Journal, start: dt.date | None = None, end: dt.date | None = None
) -> trends.TrendsReport:
    """Every finding for the period (cached on the journal files; the report is frozen and
    its frames are only read, so one copy serves every rerun)."""
    return _cached_report(str(journal.folder), _journal_signatures(journal), start, end)


def journal_or_stop() -> Journal:
    """The journal for a page that needs it. When it cannot be read, the page shows why and
    the ways back (restore a backup), and stops there; nothing else on it could be trusted."""
    journal = load_journal()
    if journal.error:
        show_journal_error(journal)
        st.stop()
    return journal


def _journal_signatures(journal: Journal) -> tuple:
    return (
        _signature(journal.folder, store.ENTRIES_FILE),
        _signature(journal.folder, store.SESSIONS_FILE),
    )


@dataclass(frozen=True)
class ChartSpec:
    """A chart as a finished Vega-Lite spec (checked by Altair once, when built) and its
    caption; ``spec`` is None when there is nothing to draw and the caption says why."""

    spec: dict | None
    caption: str


@st.cache_resource(show_spinner=False, max_entries=16)
def _cached_charts(
    folder: str, signatures: tuple, start: dt.date | None, end: dt.date | None
) -> dict[str, ChartSpec]:
    report = _cached_report(folder, signatures, start, end)
    sessions = store.load_sessions(Path(folder))
    if start is not None:
        sessions = sessions[sessions["start"] >= pd.Timestamp(start)]
    names = {i: e.name for i, e in catalog.load().exercises.items()}
    effects = pd.DataFrame(
        [dataclasses.asdict(e) for e in report.per_exercise if e.enough],
        columns=[f.name for f in dataclasses.fields(trends.ExerciseEffect)],
    ).rename(columns={"name": "exercise"})
    built = {
        "timeline": charts.pain_timeline(report.daily, names),
        "sitting": charts.pain_vs_sitting(report.daily),
        "next_day": charts.next_day_pain(report.daily),
        "exercises": charts.exercise_effects(effects),
        "sessions": charts.session_before_after(sessions),
        "calendar": charts.pain_calendar(report.daily),
    }
    # Turning a chart into its spec (Altair checks it against the schema) is most of the
    # cost of showing it; doing it once per journal version keeps reruns quick.
    return {
        name: ChartSpec(None if c.chart is None else c.chart.to_dict(), c.caption)
        for name, c in built.items()
    }


def trends_charts(
    journal: Journal, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, ChartSpec]:
    """The Trends page's charts for the period, built once per version of the journal."""
    return _cached_charts(str(journal.folder), _journal_signatures(journal), start, end)


def show_chart(chart: ChartSpec) -> None:
    """A chart with its caption under it (the caption also describes it to screen readers),
    or the reason there is none."""
    if chart.spec is None:
        st.info(chart.caption)
        return
    st.vega_lite_chart(chart.spec, width="stretch", alt=chart.caption)
    st.caption(chart.caption)


def load_journal() -> Journal:
    """Load entries and sessions. Never raises for a bad file: the error is returned so the
    page can explain it and still render.

    lib/store.py keeps the frames it parsed or wrote last, keyed by each file's signature,
    so a rerun with unchanged files costs two stat calls and hands out the same (read-only)
    frames, with no copy; any write, from this app or another program, is seen at once."""
    folder = journal_folder()
    try:
        entries = store.load_entries(folder)
        sessions = store.load_sessions(folder)
    except store.JournalError as error:
        return Journal(folder, store.schema.empty_entries(), store.schema.empty_sessions(), error)
    return Journal(folder, entries, sessions)


def _signature(folder: Path, name: str) -> tuple:
    # The meta file decides whether the journal can be read at all, so it is part of the key.
    return (store.file_signature(folder / name), store.file_signature(folder / store.META_FILE))


def after_write(message: str | None = None) -> None:
    """Call right after any write: drop cached reads and keep a message for the next run."""
    _cached_plan.clear()
    _cached_report.clear()
    _cached_charts.clear()
    if message:
        st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    """Show (once) the message left by the last write, as a toast and as a line on the page."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.toast(message, icon=":material/check_circle:")
        st.success(message, icon=":material/check_circle:")


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Text that Streamlit's markdown shows exactly as written (for values a person typed)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def show_problems(title: str, problems) -> None:
    """An error box listing each problem on its own line, values shown as plain text."""
    lines = "\n".join(f"- {plain(problem)}" for problem in problems)
    st.error(f"**{title}**\n\n{lines}", icon=":material/error:")


def show_journal_error(journal: Journal) -> None:
    """Explain a journal file that cannot be read, and offer the ways back. Nothing is written
    unless the person picks a backup to restore."""
    error = journal.error
    assert error is not None
    show_problems(
        f"Lumbar Log cannot read {error.path.name}, so it has not changed it.", error.problems
    )
    st.markdown(
        "Your file is untouched. To recover, either restore an earlier version below (the "
        "current file is kept in `backups/` first), or open the file in a text editor, fix "
        "the line named above, and reload this page."
    )
    st.caption(f"Journal folder: {plain(journal.folder)}")
    backups = store.list_backups(journal.folder, error.path.name)
    if not backups:
        st.info("There are no earlier versions of this file in the backups folder.")
        return
    choice = st.selectbox(
        "Earlier version to restore",
        backups,
        format_func=lambda b: f"{b.saved_at:%Y-%m-%d %H:%M:%S} ({b.size:,} bytes)",
        key="recover_backup",
    )
    if st.button("Restore this version", key="recover_restore", type="primary"):
        try:
            set_aside = store.restore_backup(journal.folder, choice.path, error.path.name)
        except (store.JournalError, store.JournalBusy) as restore_error:
            st.error(f"That version cannot be restored either: {plain(restore_error)}")
            return
        kept = f" The unreadable file was kept as {set_aside.name}." if set_aside else ""
        after_write(f"Restored the version saved {choice.saved_at:%Y-%m-%d %H:%M}.{kept}")
        st.rerun()


def pain_slider(key: str, value: int, *, help: str | None = None) -> int:
    """The day's pain on the 0-10 scale, with the words of its ends below it."""
    pain = st.select_slider(
        "Pain today (0-10)",
        options=list(range(store.schema.PAIN_MIN, store.schema.PAIN_MAX + 1)),
        value=value,
        format_func=pain_label,
        key=key,
        help=help,
    )
    st.caption("0 = no pain · 5 = moderate · 10 = worst pain imaginable")
    return pain


def sitting_input(key: str, *, help: str | None = None) -> float | None:
    """Hours sitting in quarter hours; empty means not recorded (a gap, never zero)."""
    schema = store.schema
    return st.number_input(
        "Hours sitting",
        min_value=schema.SITTING_MIN,
        max_value=schema.SITTING_MAX,
        step=schema.SITTING_STEP,
        value=None,
        placeholder="Not recorded",
        key=key,
        help=help,
    )


def optional_pain(label: str, key: str) -> int | None:
    """A pain rating the person may skip (before and after a routine)."""
    return st.number_input(
        label, min_value=0, max_value=10, step=1, value=None, placeholder="Skip", key=key
    )


def pain_label(value: int) -> str:
    """0 and 10 carry their words, so the slider says what its ends mean."""
    words = store.schema.PAIN_SCALE_WORDS.get(value)
    return f"{value} – {words}" if words else str(value)


def sidebar() -> None:
    """Where the data lives and what the app is not: shown on every page."""
    with st.sidebar:
        if in_demo():
            st.warning("Demo data in use", icon=":material/science:")
            st.button("Leave the demo", key="demo_leave_sidebar", on_click=leave_demo)
        st.caption(f"Your journal: {plain(store.data_dir())}")
        st.caption(
            "Your data stays on this computer. Lumbar Log is not medical advice: for severe, "
            "new or worsening pain, see a doctor."
        )


def require_entry_point() -> None:
    """Make sure the page runs inside streamlit_app.py (navigation, sidebar, page config).

    Streamlit treats a folder named pages/ beside the entry point as its older multipage layout
    until the entry point has called st.navigation once, so after a server start a bookmark
    straight to /log would run the page bare. In that case run the entry point here, in this
    same run (so nothing the person just clicked is lost); it opens the page that was asked for.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(ENTRY_POINT), run_name="__main__")
        st.stop()


def show_red_flags(*, heading: str = "When back pain needs a doctor, not exercise") -> None:
    """The red flags, each leading to urgent care, never to an exercise."""
    flags = catalog.load_red_flags()
    words = {
        "emergency": "Go to A&E or call an ambulance now",
        "urgent": "Get urgent medical advice today",
        "see_doctor": "See a doctor soon",
    }
    lines = [f"**{heading}**", ""]
    for urgency, advice in words.items():
        signs = [f.sign for f in flags if f.urgency == urgency]
        if signs:
            lines.append(f"{advice} if you have:")
            lines.extend(f"- {sign}" for sign in signs)
            lines.append("")
    lines.append("Do not exercise through any of these: seek urgent care.")
    st.error("\n".join(lines), icon=":material/emergency:")


def show_methods() -> None:
    """How the Trends numbers are computed, with the thresholds the code uses."""
    t = trends
    st.markdown(
        f"""
- **Gaps stay gaps.** A day you did not log is missing, never counted as zero pain. A day with
  a routine but no log counts as an unlogged day too. Once you record exercise on some days, a
  logged day with no exercises listed counts as a rest day; if you never record exercise, there
  is nothing to compare and the page says so.
- **7-day average**: the mean pain of the 7 calendar days ending that day, shown only when at
  least {t.ROLLING_MIN_LOGGED_DAYS} of them were logged.
- **Pain carries over.** A bad day is often followed by another, people skip exercise and sit
  more when it hurts, and habits come in streaks. So each link is a regression (ordinary least
  squares, statsmodels) of pain the next day on the day's exercise and hours sitting that also
  allows for that day's pain, the day before's exercise and sitting, the day of the week (from
  {t.MIN_PAIRS_FOR_WEEKDAYS} pairs of days) and slow drift (a line, or a spline over long
  periods). Its standard error is the larger of the usual one and the Newey-West
  (autocorrelation-robust) one, with t quantiles.
- **Likely range**: a {t.CLAIM_LEVEL:.0%} interval (not 95%: you will look again next week, and
  every look is another chance to be misled by chance). With fewer than {t.EARLY_PAIRS} pairs of
  days it is wider still, by the square root of {t.EARLY_PAIRS} over the pairs you have. A link
  is **clear** only when the whole range lies on one side of zero; **about the same** when all
  of it lies within {t.ABOUT_THE_SAME_POINTS:g} point either way (for sitting: what
  {t.SITTING_SPAN_HOURS:g} more hours make); otherwise the page **can't tell yet** and estimates
  how many more days would likely settle it, from how much your own pain varies.
- **Each exercise**: all exercises in one regression, so that one done together with another
  is not credited for it. Exercises done (or skipped) together on {t.TOGETHER_SHARE:.0%} of days
  cannot be told apart and are shown as one. The ranges are widened for the number compared
  (Bonferroni); the chart draws the same ranges the sentences judge by.
- **Same-day sitting** is pain on a day against that day's hours sitting, allowing for the day
  before. It is an association only: you may sit more because it hurts.
- **Trend**: a straight line over the last {t.DEFAULT_TREND_WINDOW_DAYS} days, with a range from
  a regression with AR(1) errors (statsmodels GLSAR) using how much your pain carries over from
  day to day; widened for the number of such windows your journal holds. A rise or fall is
  named only when the range leaves out zero; it needs {t.MIN_TREND_DAYS} logged days.
- **Meaningful change**: your last {t.RECENT_DAYS} days against a fixed starting point, your
  journal's first {t.BASELINE_DAYS} days (shown with its dates, whatever period you view). It
  counts as meaningful only when it is at least {t.MEANINGFUL_CHANGE_POINTS:g} points **and**
  {t.MEANINGFUL_CHANGE_FRACTION:.0%} (Farrar 2001; Ostelo 2008) **and** larger than your own
  smallest detectable change: what two-week averages differ by through day-to-day ups and downs
  alone, allowing for carry-over and for every two weeks you could have looked. If your diary
  began at a bad time, part of an improvement may be pain settling back on its own, and the
  page says so.
- **Flare**: pain above your usual level (the average of the {t.FLARE_REFERENCE_DAYS} days
  before) by at least {t.FLARE_RISE_POINTS:g} points or {t.FLARE_SPREADS:g} times your usual
  day-to-day spread, whichever is larger, for {t.FLARE_MIN_DAYS} or more logged days in a row.
- **Before and after routines**: the ratings you gave just before and right after sessions,
  one value a day (several sessions on a day are averaged). Ratings right after a session drop
  whatever the routine does, so this is described, never called a finding.
- **Association is not cause.** A finding says what went together in your journal; many other
  things (sleep, stress, the weather, the pain itself) move too.
"""
    )
