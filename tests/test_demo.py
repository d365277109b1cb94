"""The demo journal: deterministic, valid for the journal, and shaped like a real person's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lumbarlog.domain import catalog, records, schema
from lumbarlog.journal import demo
from lumbarlog.journal.backups import list_backups
from lumbarlog.journal.csv_files import load_entries, load_sessions
from lumbarlog.journal.csv_format import entries_to_csv, sessions_to_csv
from lumbarlog.journal.files import atomic_write
from lumbarlog.journal.repository import CsvJournal
from tests.support.fresh import printed_by_fresh_process

END = dt.date(2026, 5, 1)


@pytest.fixture(scope="module")
def journal() -> tuple[pd.DataFrame, pd.DataFrame]:
    return demo.generate(days=120, end=END, seed=7)


@pytest.fixture(scope="module")
def century() -> tuple[pd.DataFrame, pd.DataFrame]:
    return demo.generate(days=36500, end=END, seed=7)


def calendar(entries: pd.DataFrame) -> pd.DataFrame:
    """One row per calendar day, with the next day's pain beside each day."""
    days = entries.set_index("date").reindex(
        pd.date_range(entries["date"].min(), entries["date"].max(), freq="D")
    )
    return days.assign(next_day_pain=days["pain"].shift(-1))


def test_the_same_seed_gives_the_same_journal(journal):
    entries, sessions = demo.generate(days=120, end=END, seed=7)
    pd.testing.assert_frame_equal(entries, journal[0])
    pd.testing.assert_frame_equal(sessions, journal[1])


def test_another_seed_gives_another_journal(journal):
    entries, _ = demo.generate(days=120, end=END, seed=8)
    assert not entries["pain"].reset_index(drop=True).equals(journal[0]["pain"])


def test_frames_have_the_stores_columns_and_dtypes(journal):
    entries, sessions = journal
    pd.testing.assert_series_equal(entries.dtypes, schema.empty_entries().dtypes)
    pd.testing.assert_series_equal(sessions.dtypes, schema.empty_sessions().dtypes)
    assert entries["date"].is_monotonic_increasing and entries["date"].is_unique
    assert sessions["start"].is_monotonic_increasing
    assert entries["date"].max() == pd.Timestamp(END)
    assert entries["date"].min() >= pd.Timestamp(END) - pd.Timedelta(days=119)


def test_every_row_passes_the_schemas_validation(journal):
    entries, sessions = journal
    known = catalog.exercise_ids()
    validated = [
        records.validate_entry(schema.row_to_raw(row), known_exercises=known, today=END)
        for row in entries.to_dict("records")
    ]
    again = pd.DataFrame([schema.entry_to_row(entry) for entry in validated])
    pd.testing.assert_frame_equal(again.astype(dict(schema.ENTRY_DTYPES)), entries)
    for row in sessions.to_dict("records"):
        raw = {
            **row,
            "pain_before": _blank(row["pain_before"]),
            "pain_after": _blank(row["pain_after"]),
        }
        records.validate_session(raw, known_exercises=known)
    assert set(sessions["routine_id"]) <= catalog.routine_ids()


def _blank(value: float) -> float | None:
    return None if np.isnan(value) else value


def test_the_journal_round_trips_through_the_stores_csv(journal, tmp_path: Path):
    entries, sessions = journal
    atomic_write(tmp_path / "entries.csv", entries_to_csv(entries).encode())
    atomic_write(tmp_path / "sessions.csv", sessions_to_csv(sessions).encode())
    pd.testing.assert_frame_equal(load_entries(tmp_path), entries)
    pd.testing.assert_frame_equal(load_sessions(tmp_path), sessions)


def test_write_demo_writes_a_journal_the_store_loads(tmp_path: Path):
    folder = demo.write_demo(CsvJournal(tmp_path / "journal"), days=30, end=END).folder
    assert folder == tmp_path / "journal"
    entries, sessions = demo.generate(days=30, end=END)
    pd.testing.assert_frame_equal(load_entries(folder), entries)
    pd.testing.assert_frame_equal(load_sessions(folder), sessions)


def test_writing_the_demo_over_a_journal_keeps_the_old_one_as_a_backup(tmp_path: Path):
    demo.write_demo(CsvJournal(tmp_path), days=10, end=END)
    demo.write_demo(CsvJournal(tmp_path), days=20, end=END)
    assert len(list_backups(tmp_path)) == 1
    assert len(load_entries(tmp_path)) > 10


def test_next_day_pain_is_higher_after_sitting_heavy_days(journal):
    days = calendar(journal[0])
    heavy = days["sitting_hours"] >= days["sitting_hours"].median()
    light = days["sitting_hours"] < days["sitting_hours"].median()
    assert days.loc[heavy, "next_day_pain"].mean() > days.loc[light, "next_day_pain"].mean() + 0.5


def test_next_day_pain_is_lower_after_exercise_days(journal):
    days = calendar(journal[0]).dropna(subset=["pain"])
    exercised = days["exercises"].map(bool)
    after_exercise = days.loc[exercised, "next_day_pain"].mean()
    after_rest = days.loc[~exercised, "next_day_pain"].mean()
    assert after_exercise < after_rest - 0.5


def test_there_is_a_flare_of_a_few_days(journal):
    entries = journal[0]
    days = calendar(entries)
    three_day_mean = days["pain"].rolling(3).mean()
    assert three_day_mean.max() >= entries["pain"].median() + 3
    flare_notes = entries[entries["notes"].str.contains("Flare")]
    assert len(flare_notes) == 1


def test_about_one_day_in_ten_is_missed(journal, century):
    assert 0.05 <= 1 - len(journal[0]) / 120 <= 0.15
    assert 0.08 <= 1 - len(century[0]) / 36500 <= 0.12


def test_weekends_have_less_sitting(journal):
    entries = journal[0]
    weekend = entries["date"].dt.day_of_week >= 5
    assert (
        entries.loc[weekend, "sitting_hours"].mean()
        < entries.loc[~weekend, "sitting_hours"].mean() - 2
    )


def test_sessions_usually_end_with_a_little_less_pain(journal):
    sessions = journal[1].dropna(subset=["pain_before", "pain_after"])
    change = sessions["pain_after"] - sessions["pain_before"]
    assert len(sessions) >= 40
    assert (change < 0).mean() > 0.4
    assert (change > 0).mean() < 0.25
    assert change.mean() < 0


def test_sessions_happen_on_logged_exercise_days_and_match_the_days_exercises(journal):
    entries, sessions = journal
    by_day = entries.set_index("date")["exercises"]
    for row in sessions.itertuples():
        day_exercises = by_day[row.start.normalize()]
        assert set(row.exercises_completed) <= set(day_exercises)
        assert row.end > row.start


def test_a_few_notes_some_about_mornings(journal):
    notes = journal[0]["notes"]
    written = notes[notes != ""]
    assert 3 <= len(written) <= 20
    assert written.str.contains("morning", case=False).any()


def test_a_century_generates_with_flares_and_sessions_throughout(century):
    entries, sessions = century
    assert entries["date"].max() == pd.Timestamp(END)
    assert entries["pain"].between(0, 10).all()
    assert entries["notes"].str.contains("Flare").sum() >= 200
    assert len(sessions) > 20000
    assert sessions["start"].dt.year.nunique() >= 100


@pytest.mark.parametrize("days", [0, 1, 5])
def test_tiny_journals_are_still_valid(days, tmp_path: Path):
    entries, sessions = demo.generate(days=days, end=END)
    assert len(entries) <= days
    atomic_write(tmp_path / "entries.csv", entries_to_csv(entries).encode())
    atomic_write(tmp_path / "sessions.csv", sessions_to_csv(sessions).encode())
    pd.testing.assert_frame_equal(load_entries(tmp_path), entries)
    pd.testing.assert_frame_equal(load_sessions(tmp_path), sessions)


def test_the_demo_has_its_questionnaires_and_plan_and_a_new_demo_replaces_them(tmp_path: Path):
    """Starting the demo again (on a later day) leaves only the new demo's answers, which a
    fresh process reads back: a weekly PEG up to the last day, STarT Back every 30 days."""
    demo.write_demo(CsvJournal(tmp_path), days=60, end=END - dt.timedelta(days=3))
    demo.write_demo(CsvJournal(tmp_path), days=60, end=END)
    printed = printed_by_fresh_process(
        "import sys; from pathlib import Path; from lumbarlog.journal.repository import "
        "journal_for; j = journal_for(Path(sys.argv[1])); m = j.measures().frame; "
        "print(m['instrument'].value_counts().to_dict(), m['date'].max().date(), "
        "m['date'].min().date(), sorted(j.plan().routines), j.plan().started_on)",
        tmp_path,
    )
    first = END - dt.timedelta(days=59)
    assert printed.split() == [
        "{'peg':",
        "8,",
        "'startback':",
        "2}",
        END.isoformat(),
        first.isoformat(),
        "['core_strength',",
        "'morning_stretches']",
        first.isoformat(),
    ]


def test_the_demo_pegs_follow_its_weeks_pain():
    entries, _ = demo.generate(days=120, end=END)
    answered = demo.generate_measures(entries, END)
    pegs = answered[answered["instrument"] == "peg"]
    pain = entries.set_index("date")["pain"]
    for row in pegs.itertuples():
        week = pain.loc[row.date - pd.Timedelta(days=6) : row.date]
        assert row.item1 == round(week.mean())
        assert abs(row.item2 - row.item1) <= 1 and abs(row.item3 - row.item1) <= 1
