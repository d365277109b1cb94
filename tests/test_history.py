"""The history table's edits, as the Log page reads them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lumbarlog.domain import catalog, records, schema
from lumbarlog.journal.csv_files import load_entries
from lumbarlog.journal.days import upsert_entries
from lumbarlog.ui import history

TODAY = dt.date(2026, 11, 24)
KNOWN = catalog.exercise_ids()


def journal(*days: tuple[str, int, float | None, str]) -> pd.DataFrame:
    rows = [
        schema.entry_to_row(
            records.validate_entry(
                {"date": d, "pain": p, "sitting_hours": s, "notes": n}, known_exercises=KNOWN
            )
        )
        for d, p, s, n in days
    ]
    return pd.DataFrame(rows).astype(dict(schema.ENTRY_DTYPES))


ENTRIES = journal(
    ("2026-11-20", 3, 6.0, "a"), ("2026-11-22", 5, None, "b"), ("2025-01-01", 7, 2.0, "old")
)


def test_the_table_shows_the_period_newest_first() -> None:
    shown = history.editor_frame(ENTRIES, 90, TODAY)
    assert shown["date"].tolist() == [dt.date(2026, 11, 22), dt.date(2026, 11, 20)]
    assert shown[history.DELETE_COLUMN].tolist() == [False, False]
    assert len(history.editor_frame(ENTRIES, None, TODAY)) == 3


def test_only_changed_rows_are_saved() -> None:
    shown = history.editor_frame(ENTRIES, None, TODAY)
    edited = shown.copy()
    edited.loc[1, "pain"] = 4
    edited.loc[1, "exercises"] = ["glute_bridge"]
    edits = history.read_edits(shown, edited, ENTRIES, known_exercises=KNOWN)
    assert edits.problems == () and edits.to_delete == ()
    [saved] = edits.to_save
    assert (saved.date, saved.pain, saved.exercises, saved.notes) == (
        dt.date(2026, 11, 20),
        4,
        ("glute_bridge",),
        "a",
    )


def test_an_untouched_table_changes_nothing() -> None:
    shown = history.editor_frame(ENTRIES, None, TODAY)
    assert history.read_edits(shown, shown.copy(), ENTRIES, known_exercises=KNOWN).empty


def test_ticked_rows_are_deleted() -> None:
    shown = history.editor_frame(ENTRIES, None, TODAY)
    edited = shown.assign(**{history.DELETE_COLUMN: [False, False, True]})
    edits = history.read_edits(shown, edited, ENTRIES, known_exercises=KNOWN)
    assert edits.to_delete == (dt.date(2025, 1, 1),)
    assert edits.to_save == ()


def test_a_bad_edit_names_the_day_and_the_field() -> None:
    shown = history.editor_frame(ENTRIES, None, TODAY)
    edited = shown.copy()
    edited.loc[0, "sitting_hours"] = 30.0
    edited.loc[2, "pain"] = None
    edits = history.read_edits(shown, edited, ENTRIES, known_exercises=KNOWN)
    assert [str(p) for p in edits.problems] == [
        "2026-11-22: Hours sitting: must be from 0 to 24 hours (got 30.0)",
        "2025-01-01: Pain (0-10): is missing; give a whole number from 0 to 10",
    ]


def test_extra_columns_survive_an_edit(tmp_path) -> None:
    (tmp_path / "entries.csv").write_text(
        "date,pain,sitting_hours,exercises,notes,mood\n2026-11-20,3,6,,a,calm\n"
    )
    entries = load_entries(tmp_path)
    shown = history.editor_frame(entries, None, TODAY)
    edited = shown.assign(pain=[5])
    edits = history.read_edits(shown, edited, entries, known_exercises=KNOWN)
    upsert_entries(tmp_path, edits.to_save)
    assert (tmp_path / "entries.csv").read_text().splitlines()[1] == "2026-11-20,5,6,,a,calm"


def _day(n: int) -> dt.date:
    return dt.date(2026, 11, 1) + dt.timedelta(days=n)


def test_nothing_pending_says_nothing() -> None:
    assert history.pending(history.Edits((), (), ())) == ""


def test_pending_names_each_day_changed_ticked_or_wrong() -> None:
    edits = history.Edits(
        (schema.Entry(_day(2), 7), schema.Entry(_day(0), 3)),
        (_day(5),),
        (schema.Problem("pain", "must be from 0 to 10", date=_day(9).isoformat()),),
    )
    assert history.pending(edits) == (
        "Not saved yet: 01 Nov 2026, 03 Nov 2026 changed; 06 Nov 2026 ticked to delete;"
        " 10 Nov 2026 has a value to check."
    )


def test_a_long_list_of_days_is_cut_short() -> None:
    edits = history.Edits(tuple(schema.Entry(_day(n), 1) for n in range(9)), (), ())
    assert history.pending(edits) == (
        "Not saved yet: 01 Nov 2026, 02 Nov 2026, 03 Nov 2026, 04 Nov 2026, 05 Nov 2026"
        " and 4 more days changed."
    )


def test_exercise_names_with_commas_are_listed_so_each_reads_as_one() -> None:
    """ "Knee to chest, warm-up" has a comma of its own: joined by commas, two exercises would
    read as three. Names are set apart by a middle dot, as the read-only history does."""
    names = catalog.load().exercise_name
    entry = schema.Entry(dt.date(2026, 11, 2), 4, None, ("knee_to_chest_warmup", "glute_bridge"))
    assert names("knee_to_chest_warmup") == "Knee to chest, warm-up"
    assert history.describe(entry, names) == (
        "pain 4, sitting not recorded, exercises: Knee to chest, warm-up · Glute bridge, no notes"
    )
