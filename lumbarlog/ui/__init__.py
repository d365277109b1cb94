"""What every page needs: the journal in use (the person's or the demo's), read and cached,
the message left by the last write, and the panel that explains a file that cannot be fully
read. The ui room (this package) is the only one that imports Streamlit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from lumbarlog import clock
from lumbarlog.analysis import findings, rules
from lumbarlog.analysis.charts import associations
from lumbarlog.analysis.charts import pain as pain_charts
from lumbarlog.analysis.charts import routines as routine_charts
from lumbarlog.analysis.results import TrendsReport
from lumbarlog.domain import catalog, plan, player, schema
from lumbarlog.journal import demo, files, repository, transfer
from lumbarlog.journal.csv_format import format_hours
from lumbarlog.journal.errors import DataFolderMissing, JournalError, StoreError
from lumbarlog.ui.markup import file_name, plain
from lumbarlog.ui.red_flag_check import RED_FLAG_NOTICE_KEY, show_red_flag_signs

FLASH_KEY = "ui_flash"


@dataclass(frozen=True)
class JournalView:
    """What the pages need of the journal in this run: every row that could be read, and for
    each file that could not be fully read, why; ``repo`` is the journal itself, for writes. A
    file with problems is shown, never changed (except through the recovery panel's explicit
    choices)."""

    repo: repository.Journal
    entries: pd.DataFrame
    sessions: pd.DataFrame
    errors: tuple[JournalError, ...] = ()
    notices: tuple[str, ...] = ()
    missing: DataFolderMissing | None = None

    @property
    def folder(self) -> Path:
        return self.repo.folder

    @property
    def error(self) -> JournalError | None:
        """The first file that could not be fully read, if any."""
        return self.errors[0] if self.errors else None

    def _blocked(self, file_name: str) -> bool:
        names = {e.path.name for e in self.errors}
        return self.missing is not None or file_name in names or files.META_FILE in names

    @property
    def can_write_entries(self) -> bool:
        """Days can be saved: entries.csv (and the journal's version) read without a problem."""
        return not self._blocked(files.ENTRIES_FILE)

    @property
    def can_write_sessions(self) -> bool:
        """Routines can be recorded: sessions.csv read without a problem."""
        return not self._blocked(files.SESSIONS_FILE)


# The routine being followed in this browser session (shown by the Routines page; started
# from there or from Today).
PLAYER_KEY = "routines_player"
RUN_SAVED_KEY = "routines_saved_start"  # start of the run already recorded in sessions.csv
RUN_SUMMARY_KEY = "routines_summary"
PAIN_BEFORE_KEY = "routines_pain_before_given"
RUN_FOLDER_KEY = "routines_folder"  # the journal the run belongs to (the demo's or the person's)

DEMO_KEY = "demo_mode"
DEMO_DAYS = 120

# The periods a person can choose on Log (how far back the history table reaches, so long
# journals stay quick to edit) and on Trends, in days (None: everything).
PERIODS: dict[str, int | None] = {
    "Last 30 days": 30,
    "Last 90 days": 90,
    "Last year": 365,
    "Everything": None,
}
DEFAULT_PERIOD = "Last 90 days"


def start_routine(routine: catalog.Routine, pain_before: int | None = None) -> None:
    """Begin following ``routine`` now. The pain rating is kept under a key of its own: the
    input it came from is not drawn while the player runs, and Streamlit forgets the value of
    a widget that is not drawn."""
    close_routine()
    st.session_state[PLAYER_KEY] = player.start(routine, clock.now())
    st.session_state[PAIN_BEFORE_KEY] = pain_before
    st.session_state[RUN_FOLDER_KEY] = str(journal_folder())


def routine_folder() -> Path:
    """Where the routine being followed is recorded: the journal it was started in, even when
    the person has left (or entered) the demo since."""
    started_in = st.session_state.get(RUN_FOLDER_KEY)
    return Path(started_in) if started_in else journal_folder()


def close_routine() -> None:
    """Forget the routine being followed (it is already recorded if it was finished)."""
    for key in (PLAYER_KEY, RUN_SAVED_KEY, RUN_SUMMARY_KEY, PAIN_BEFORE_KEY, RUN_FOLDER_KEY):
        st.session_state.pop(key, None)


def journal_folder() -> Path:
    """The folder the app reads and writes: the person's journal, or the demo's own folder
    while this browser session is trying the demo."""
    return demo_folder() if in_demo() else files.data_dir()


def journal() -> repository.Journal:
    """The journal the app reads and writes now (see journal_folder)."""
    return repository.journal_for(journal_folder())


def routine_journal() -> repository.Journal:
    """The journal the routine being followed is recorded in (see routine_folder)."""
    return repository.journal_for(routine_folder())


def demo_folder() -> Path:
    """Where the demo journal lives: beside the person's journal, never inside it."""
    folder = files.data_dir()
    return folder.with_name(f"{folder.name}-demo")


def in_demo() -> bool:
    return bool(st.session_state.get(DEMO_KEY))


def start_demo() -> None:
    """Write a fresh demo journal (120 days ending today) and switch this session to it."""
    demo.write_demo(repository.journal_for(demo_folder()), days=DEMO_DAYS, end=clock.today())
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


# The cached loaders key on the journal's version, which changes on every write (by this app
# or another program), so no page has to clear them after a write. Parameters starting with an
# underscore are not hashed by Streamlit: the journal object is named by its version.


@st.cache_data(show_spinner=False, max_entries=8)
def _cached_plan(_journal: repository.Journal, version: Hashable) -> plan.Plan:
    return _journal.plan()


def load_plan(journal: JournalView) -> plan.Plan:
    """The person's weekly plan (cached on the journal's version). Raises plan.PlanError."""
    return _cached_plan(journal.repo, journal.repo.version())


@st.cache_resource(show_spinner=False, max_entries=16)
def _cached_report(
    _journal: repository.Journal, version: Hashable, start: dt.date | None, end: dt.date | None
) -> TrendsReport:
    entries = _journal.entries().frame
    sessions = _journal.sessions().frame
    names = catalog.load().exercise_names()  # old ids of renamed exercises included
    return findings.compute(entries, sessions, start, end, names=names)


def trends_report(
    journal: JournalView, start: dt.date | None = None, end: dt.date | None = None
) -> TrendsReport:
    """Every finding for the period (cached on the journal files; the report is frozen and
    its frames are only read, so one copy serves every rerun)."""
    return _cached_report(journal.repo, journal.repo.version(), start, end)


def journal_or_stop() -> JournalView:
    """The journal for a page that needs it. When a file cannot be fully read, the page first
    shows why and the ways back, then goes on with every row that could be read (pages offer
    no way to change a file with problems). Stops only when there is no journal folder."""
    journal = load_journal()
    if journal.missing is not None:
        show_missing_folder(journal)
        st.stop()
    show_journal_problems(journal)
    return journal


@dataclass(frozen=True)
class ChartSpec:
    """A chart as a finished Vega-Lite spec (checked by Altair once, when built) and its
    caption; ``spec`` is None when there is nothing to draw and the caption says why."""

    spec: dict[str, Any] | None
    caption: str


@st.cache_resource(show_spinner=False, max_entries=16)
def _cached_charts(
    _journal: repository.Journal, version: Hashable, start: dt.date | None, end: dt.date | None
) -> dict[str, ChartSpec]:
    report = _cached_report(_journal, version, start, end)
    sessions = _journal.sessions().frame
    if start is not None:
        sessions = sessions[sessions["start"] >= pd.Timestamp(start)]
    names = catalog.load().exercise_names()  # old ids of renamed exercises included
    built = {
        "timeline": pain_charts.pain_timeline(report.daily, names),
        "sitting": associations.pain_vs_sitting(report.daily),
        "next_day": associations.next_day_pain(report.daily),
        "exercises": associations.exercise_effects(report.per_exercise),
        "sessions": routine_charts.session_before_after(sessions),
        "calendar": pain_charts.pain_calendar(report.daily),
    }
    # Turning a chart into its spec (Altair checks it against the schema) is most of the
    # cost of showing it; doing it once per journal version keeps reruns quick.
    return {
        name: ChartSpec(None if c.chart is None else c.chart.to_dict(), c.caption)
        for name, c in built.items()
    }


def trends_charts(
    journal: JournalView, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, ChartSpec]:
    """The Trends page's charts for the period, built once per version of the journal."""
    return _cached_charts(journal.repo, journal.repo.version(), start, end)


def show_chart(chart: ChartSpec) -> None:
    """A chart with its caption under it (the caption also describes it to screen readers),
    or the reason there is none."""
    if chart.spec is None:
        st.info(chart.caption)
        return
    st.vega_lite_chart(chart.spec, width="stretch", alt=chart.caption)
    st.caption(chart.caption)


def load_journal() -> JournalView:
    """Read entries and sessions. Never raises for a file's content: what could be read is
    returned with the problems of the rest, so the page can explain them and still render.

    The CSV journal keeps what it parsed or wrote last, keyed by each file's signature, so a
    rerun with unchanged files costs a few stat calls and hands out the same (read-only)
    frames, with no copy; any write, from this app or another program, is seen at once."""
    folder = journal_folder()
    repo = repository.journal_for(folder)
    try:
        repo.check()
    except DataFolderMissing as missing:
        if folder != files.default_data_dir() or folder.exists():
            return JournalView(
                repo, schema.empty_entries(), schema.empty_sessions(), missing=missing
            )
        repo.create()  # the app's own folder beside it: made on first use
    return JournalView(
        repo,
        repo.entries().frame,
        repo.sessions().frame,
        errors=repo.problems(),
        notices=repo.notices(),
    )


def after_write(message: str | None = None) -> None:
    """Call right after a write to keep a message for the next run (cached reads need no
    clearing: they key on the journal's version). The message is markdown: put any name or
    value in it through plain() or file_name()."""
    if message:
        st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    """Show (once) the message left by the last write, as a toast and as a line on the page,
    and the red-flag check when the notes just saved mention a sign (``red_flag_notice``)."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.toast(message, icon=":material/check_circle:")
        st.success(message, icon=":material/check_circle:")
    notes = st.session_state.pop(RED_FLAG_NOTICE_KEY, None)
    if notes:
        show_red_flag_signs(notes)


def show_missing_folder(journal: JournalView) -> None:
    """The journal folder is not there: say where the app looked, and offer to start one."""
    assert journal.missing is not None
    st.error(
        f"**Lumbar Log cannot find your journal.** {plain(journal.missing)}",
        icon=":material/folder_off:",
    )
    st.caption(
        f"The folder comes from {files.DATA_DIR_VARIABLE} when it is set, else data/journal "
        "beside the app. Nothing has been written anywhere."
    )
    if not journal.folder.exists() and st.button(
        "Create this folder and start a new journal there", key="missing_create"
    ):
        try:
            journal.repo.create()
        except StoreError as error:
            st.error(plain(error), icon=":material/error:")
            return
        after_write(f"Created {file_name(journal.folder)}.")
        st.rerun()


def show_journal_problems(journal: JournalView) -> None:
    """For each file that cannot be fully read: what is wrong (line, field, value), and the
    ways back: fix it in an editor, restore an earlier version, keep only the readable rows,
    or download what could be read. Nothing is written unless the person picks one. Notices
    about how files were read come after."""
    for error in journal.errors:
        with st.container(border=True):
            _show_file_problem(journal, error)
    for notice in journal.notices:
        st.info(plain(notice), icon=":material/info:")


def show_journal_error(journal: JournalView) -> None:
    """The recovery panel of the first file with problems (kept for pages that show it in a
    tab of their own)."""
    if journal.error is not None:
        _show_file_problem(journal, journal.error)


def _show_file_problem(journal: JournalView, error: JournalError) -> None:
    name = error.path.name
    key = name.replace(".", "_")
    if name == files.META_FILE:
        st.error(
            f"**Your journal is shown read-only.** {plain(name)}: "
            f"{plain(error.problems[0].reason)}",
            icon=":material/lock:",
        )
        return
    readable = error.readable if error.readable is not None else pd.DataFrame()
    what = "days" if name == files.ENTRIES_FILE else "routine sessions"
    if len(readable) == 1:
        what = what[:-1]
    st.error(
        f"**Lumbar Log cannot fully read {plain(name)}, so it will not change it.** "
        f"Everything below shows the {len(readable):,} {what} it could read; "
        f"{len(error.problems):,} {'line' if len(error.problems) == 1 else 'lines'} could "
        "not be read. Your file is untouched.",
        icon=":material/error:",
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Line": p.line,
                    "Field": schema.FIELD_LABELS.get(p.field, "the line as a whole")
                    if p.field != "file"
                    else "the line as a whole",
                    "Value": (p.value or "")[:200],
                    "Problem": p.reason,
                }
                for p in error.problems
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    fix, restore, keep = st.tabs(
        ["Fix it in an editor", "Restore an earlier version", "Keep the readable rows"]
    )
    with fix:
        st.markdown(
            "Open the file in a text editor or a spreadsheet, correct the lines named above, "
            "save it, and reload this page."
        )
        st.code(str(error.path), language=None)
    with restore:
        backups = journal.repo.backups(name)
        if not backups:
            st.info("There are no earlier versions of this file in the backups folder.")
        else:
            choice = st.selectbox(
                "Earlier version to restore",
                backups,
                format_func=lambda b: f"{b.saved_at:%Y-%m-%d %H:%M:%S} ({b.size:,} bytes)",
                key=f"recover_backup_{key}",
            )
            st.caption("The current file is kept in the backups folder first.")
            if st.button("Restore this version", key=f"recover_restore_{key}", type="primary"):
                try:
                    set_aside = journal.repo.restore(choice, name)
                except StoreError as restore_error:
                    st.error(f"That version cannot be restored: {plain(restore_error)}")
                else:
                    kept = (
                        f" The unreadable file was kept as {file_name(set_aside.name)}."
                        if set_aside
                        else ""
                    )
                    after_write(
                        f"Restored the version saved {choice.saved_at:%Y-%m-%d %H:%M}.{kept}"
                    )
                    st.rerun()
    with keep:
        st.markdown(
            f"Rewrite {plain(name)} with the {len(readable):,} {what} that could be read. "
            "The lines that could not be read are dropped from it; the file as it is now is "
            "kept in the backups folder, so they are not lost."
        )
        if st.button(f"Keep the {len(readable):,} readable {what}", key=f"recover_keep_{key}"):
            try:
                set_aside, kept_rows = journal.repo.keep_readable_rows(name)
            except StoreError as keep_error:
                st.error(plain(keep_error), icon=":material/error:")
            else:
                where = (
                    f" The original is kept as {file_name(set_aside.name)}." if set_aside else ""
                )
                after_write(f"Kept {kept_rows:,} readable {what} in {file_name(name)}.{where}")
                st.rerun()
    if name == files.ENTRIES_FILE and len(readable):
        download_journal(
            readable,
            key=f"recover_export_{key}",
            label=f"Download the {len(readable):,} readable days (CSV)",
        )


def read_only_history(journal: JournalView) -> None:
    """The days that could be read, as a table to look at (not to edit), and their export."""
    entries = journal.entries
    st.header("History (read-only)")
    if entries.empty:
        st.info("No days could be read.")
        return
    names = catalog.load().exercise_name
    shown = entries.sort_values("date", ascending=False).assign(
        date=lambda f: f["date"].dt.date,
        sitting_hours=lambda f: [format_hours(h) or "not recorded" for h in f["sitting_hours"]],
        exercises=lambda f: [" · ".join(names(i) for i in ids) for ids in f["exercises"]],
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={c: schema.FIELD_LABELS.get(c, c) for c in shown.columns},
    )
    download_journal(entries, key="log_export_read_only")


def download_journal(
    entries: pd.DataFrame, *, key: str, label: str = "Download journal (CSV)"
) -> None:
    """The journal (or what could be read of it) as a spreadsheet-safe CSV download."""
    st.download_button(
        label,
        data=lambda: transfer.export_csv(entries),
        file_name=f"lumbarlog-journal-{clock.today().isoformat()}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",  # a download changes nothing: the page need not run again
        disabled=entries.empty,
        key=key,
    )


def sidebar() -> None:
    """Where the data lives and what the app is not: shown on every page."""
    with st.sidebar:
        if in_demo():
            st.warning("Demo data in use", icon=":material/science:")
            st.button("Leave the demo", key="demo_leave_sidebar", on_click=leave_demo)
        st.caption(f"Your journal: {plain(files.data_dir())}")
        st.caption(
            "Your data stays on this computer. Lumbar Log is not medical advice: for severe, "
            "new or worsening pain, see a doctor."
        )


def show_methods() -> None:
    """How the Trends numbers are computed, with the thresholds the code uses."""
    t = rules
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
- **Likely range**: a {t.LINK_LEVEL:.0%} interval, widened with how much data there is: with
  fewer than {t.EARLY_PAIRS} pairs of days, by the square root of {t.EARLY_PAIRS} over the pairs
  you have; past {t.LATE_PAIRS} pairs, slowly (by the square root of 1 + {t.LATE_WIDENING:g}
  times the log of pairs over {t.LATE_PAIRS}). You will look again next week, and every look is
  another chance to be misled by chance. In simulated journals checked every week for a year,
  about 1 person in 6 was ever shown a link that was not there, and a real 1-point difference
  was found in about 2 of 3 three-month journals and nearly all year-long ones. A link
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
