"""Cached loaders and the few widgets that several pages share. The only module of the package that
imports streamlit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

import pandas as pd
import streamlit as st

from lumbarlog import clock
from lumbarlog.analysis import charts, trends
from lumbarlog.domain import catalog, plan, player, red_flags, schema
from lumbarlog.journal import demo, files, repository, transfer
from lumbarlog.journal.csv_format import format_hours
from lumbarlog.journal.errors import DataFolderMissing, JournalError, StoreError

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


class _Question(TypedDict):
    """A question kept in the session state between runs (see ``ask``)."""

    question: object
    folder: str
    fresh: bool


def ask(key: str, question: object) -> None:
    """Keep a question (Replace this day? Delete these days?) for the next run of the page.
    It belongs to the journal it was asked about and to the exact values in ``question``; any
    other action drops it (see ``open_question``)."""
    held: _Question = {"question": question, "folder": str(journal_folder()), "fresh": True}
    st.session_state[key] = held


def open_question(key: str) -> object | None:
    """The question to show in this run, or None. Call once, at the top of the page: a question
    is shown in the run right after it was asked and answered by a button of that run. Any
    other action (another widget, another page, the demo switched) finds it already shown, so
    it is dropped and can never act on values nobody is looking at."""
    held: _Question | None = st.session_state.get(key)
    if held is None:
        return None
    if not held["fresh"] or held["folder"] != str(journal_folder()):
        st.session_state.pop(key, None)
        return None
    held["fresh"] = False
    return held["question"]


def answer(key: str) -> object | None:
    """In an answer button's callback: the question, taken away, or None when it is gone or
    belongs to another journal than the one in use now (nothing must then be written)."""
    held: _Question | None = st.session_state.pop(key, None)
    if held is None or held["folder"] != str(journal_folder()):
        return None
    return held["question"]


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
) -> trends.TrendsReport:
    entries = _journal.entries().frame
    sessions = _journal.sessions().frame
    names = catalog.load().exercise_names()  # old ids of renamed exercises included
    return trends.compute(entries, sessions, start, end, names=names)


def trends_report(
    journal: JournalView, start: dt.date | None = None, end: dt.date | None = None
) -> trends.TrendsReport:
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


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Text that Streamlit's markdown shows exactly as written (for values a person typed)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def file_name(name: object) -> str:
    """A file name or path as markdown that shows it exactly as it is: a code span, which
    markdown neither formats nor turns into a link (escaping with plain() would still let a
    name like https://example.com become a link)."""
    text = " ".join(str(name).splitlines())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # Markdown drops one space at each end of a code span that starts and ends with one.
    padded = text[:1] in ("`", " ") or text[-1:] in ("`", " ")
    pad = " " if padded else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def field_error(message: str | None) -> None:
    """A problem with one field, shown right under it."""
    if message:
        st.error(plain(message), icon=":material/error:")


def show_problems(title: str, problems: Iterable[object]) -> None:
    """An error box listing each problem on its own line, values shown as plain text. The title
    is markdown: put any name or value in it through plain() or file_name()."""
    lines = "\n".join(f"- {plain(problem)}" for problem in problems)
    st.error(f"**{title}**\n\n{lines}", icon=":material/error:")


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


def read_only_notice(what: str) -> None:
    """Said where a form would be, while a file cannot be fully read."""
    st.info(
        f"{what} is paused until the journal can be fully read: see the message at the top "
        "of the page.",
        icon=":material/lock:",
    )


PAIN_NOT_SET = "Not set"


def pain_slider(
    key: str, *, label: str = schema.FIELD_LABELS["pain"], help: str | None = None
) -> int | None:
    """The day's pain on the 0-10 scale, with the words of its ends below it. It starts at
    "Not set" (None) unless the session state holds the day's saved rating: no made-up value
    is ever offered for saving, and a save without a rating is refused beside the slider."""
    pain: int | None = st.select_slider(
        label,
        options=[None, *range(schema.PAIN_MIN, schema.PAIN_MAX + 1)],
        format_func=pain_label,
        key=key,
        help=help,
    )
    st.caption("0 = no pain · 5 = moderate · 10 = worst pain imaginable")
    return pain


def sitting_input(key: str, *, help: str | None = None) -> float | None:
    """Hours sitting in quarter hours; empty means not recorded (a gap, never zero). No bounds
    on the widget: a value out of range is refused by the schema with a message beside the
    field, instead of the widget refusing it with the reason only in a hover."""
    return st.number_input(
        schema.FIELD_LABELS["sitting_hours"],
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


def pain_label(value: int | None) -> str:
    """0 and 10 carry their words, so the slider says what its ends mean."""
    if value is None:
        return PAIN_NOT_SET
    words = schema.PAIN_SCALE_WORDS.get(value)
    return f"{value} – {words}" if words else str(value)


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


# What each tier asks the person to do, and how soon. The tiers follow the NHS's own three
# (call 999 or go to A&E; an urgent GP appointment or NHS 111; see a GP), said so that they
# read right outside the UK too.
RED_FLAG_ACTIONS = {
    "emergency": (
        "Now: go to an emergency department (A&E, ER) or call an ambulance "
        "(999 in the UK, 911 in North America, 112 in Europe) if you have"
    ),
    "urgent": (
        "Today: get an urgent appointment with a doctor, or call a health line such as NHS 111, "
        "if you have"
    ),
    "see_doctor": "Soon: book an appointment with a doctor in the coming days if you have",
}
RED_FLAG_NOTICE_KEY = "ui_red_flag_notes"


def show_red_flags(*, heading: str = "When back pain needs a doctor, not exercise") -> None:
    """Every red flag, grouped by how soon to act; none of them leads to an exercise."""
    _red_flag_box(heading, catalog.load_red_flags())


def _red_flag_box(heading: str, flags: Iterable[catalog.RedFlag], *, footer: str = "") -> None:
    """The signs grouped by tier: "now" and "today" in a red box that says not to exercise
    through them; "soon" in an amber box of its own, since those are reasons to book an
    appointment, not to stop moving."""

    def tier(urgency: str) -> list[str]:
        signs = [f.sign for f in flags if f.urgency == urgency]
        if not signs:
            return []
        return [f"**{RED_FLAG_ACTIONS[urgency]}:**", *(f"- {sign}" for sign in signs), ""]

    pressing = [f for f in flags if f.urgency != "see_doctor"]
    lines = [f"**{heading}**", "", *tier("emergency"), *tier("urgent")]
    soon = tier("see_doctor")
    if pressing:
        lines.append(
            "Do not exercise through any of these, and do not wait to see whether they pass."
            if len(pressing) > 1
            else "Do not exercise through it, and do not wait to see whether it passes."
        )
        if footer:
            lines += ["", footer]
        st.error("\n".join(lines), icon=":material/emergency:")
        lines = []
    if soon:
        st.warning("\n".join([*lines, *soon]).strip(), icon=":material/stethoscope:")


def show_red_flag_signs(notes: object) -> bool:
    """If ``notes`` mention a red-flag sign, show the check for those signs now, quoting the
    words; returns whether it did. Notes that say a sign is absent ("no numbness") are passed
    over, but anything less plain is shown (see lumbarlog/domain/red_flags.py)."""
    signs = red_flags.find_signs(notes)
    if not signs:
        return False
    quoted = ", ".join(f"“{plain(sign.words)}”" for sign in signs)
    _red_flag_box(
        f"Your notes mention {quoted}. This can be a sign that needs a doctor, not exercise.",
        [sign.flag for sign in signs],
        footer="If you wrote that you do not have it, there is nothing to do. "
        "All the signs are on the Learn page.",
    )
    return True


def red_flag_notice(notes: str) -> None:
    """Call right after saving a day: when its notes mention a red-flag sign, the check is
    shown at the top of the page on the next run (pages rerun after a save), with the flash
    message, once."""
    if red_flags.find_signs(notes):
        st.session_state[RED_FLAG_NOTICE_KEY] = notes


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
