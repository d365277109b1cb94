"""Edits keyed by date and checked against what the person saw: a day that changed or vanished
meanwhile is reported and left alone, never overwritten, and nothing lands on another day."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lumbarlog.domain import schema
from lumbarlog.domain.schema import Entry, Session
from lumbarlog.journal.csv_files import load_entries, load_sessions
from lumbarlog.journal.days import (
    DayChanged,
    DayEdit,
    apply_day_edits,
    delete_entries,
    save_day,
    save_entry,
    upsert_entries,
)
from lumbarlog.journal.rows import entries_by_date, exercises_from_sessions, same_values
from lumbarlog.journal.sessions import add_session

DAY = dt.date(2026, 11, 21)


def entry(day: dt.date = DAY, pain: int = 3, **values: object) -> Entry:
    return Entry(date=day, pain=pain, **values)  # type: ignore[arg-type]


def days_on_disk(folder: Path) -> dict[dt.date, Entry]:
    return entries_by_date(load_entries(folder))


def test_an_edit_lands_on_its_date_whatever_the_row_order(journal_dir: Path) -> None:
    for d in (20, 21, 22):
        save_entry(journal_dir, entry(dt.date(2026, 11, d), pain=d - 18))
    shown = entry(DAY, pain=3)
    # Meanwhile another window deletes the oldest day and logs a new one.
    delete_entries(journal_dir, [dt.date(2026, 11, 20)])
    save_entry(journal_dir, entry(dt.date(2026, 11, 25), pain=7))

    result = apply_day_edits(
        journal_dir, [DayEdit(DAY, shown, entry(DAY, pain=3, notes="long drive"))]
    )
    assert result.conflicts == ()
    on_disk = days_on_disk(journal_dir)
    assert on_disk[DAY].notes == "long drive"
    assert on_disk[dt.date(2026, 11, 22)].notes == ""
    assert on_disk[dt.date(2026, 11, 25)] == entry(dt.date(2026, 11, 25), pain=7)


def test_a_day_changed_meanwhile_is_reported_and_not_written(journal_dir: Path) -> None:
    save_entry(journal_dir, entry(pain=3))
    save_entry(journal_dir, entry(pain=5, notes="other window"), replace=True)
    before = (journal_dir / "entries.csv").read_bytes()

    result = apply_day_edits(journal_dir, [DayEdit(DAY, entry(pain=3), entry(pain=9))])
    assert result.written == ()
    assert [c.describe() for c in result.conflicts] == ["21 Nov 2026 changed in another window"]
    assert result.conflicts[0].now == entry(pain=5, notes="other window")
    assert (journal_dir / "entries.csv").read_bytes() == before


def test_a_day_deleted_meanwhile_is_reported_not_logged_again(journal_dir: Path) -> None:
    save_entry(journal_dir, entry(pain=3))
    delete_entries(journal_dir, [DAY])
    result = apply_day_edits(journal_dir, [DayEdit(DAY, entry(pain=3), entry(pain=4))])
    assert [c.describe() for c in result.conflicts] == ["21 Nov 2026 was deleted in another window"]
    assert days_on_disk(journal_dir) == {}


def test_undo_puts_back_deleted_days_but_never_over_a_day_logged_meanwhile(
    journal_dir: Path,
) -> None:
    a, b = entry(dt.date(2026, 11, 20), pain=2), entry(DAY, pain=3, notes="x")
    save_entry(journal_dir, a)
    save_entry(journal_dir, b)
    result = apply_day_edits(journal_dir, [DayEdit(a.date, a, None), DayEdit(b.date, b, None)])
    assert sorted(result.deleted, key=lambda e: e.date) == [a, b]
    assert days_on_disk(journal_dir) == {}
    save_entry(journal_dir, entry(DAY, pain=8))  # logged again meanwhile

    undo = apply_day_edits(journal_dir, [DayEdit(e.date, None, e) for e in result.deleted])
    assert undo.written == (a,)
    assert [c.describe() for c in undo.conflicts] == ["21 Nov 2026 was logged in another window"]
    assert days_on_disk(journal_dir) == {a.date: a, DAY: entry(DAY, pain=8)}


def test_a_replaced_day_keeps_its_extra_columns(journal_dir: Path) -> None:
    old = entry(pain=3, extra={"mood": "ok"})
    save_entry(journal_dir, old)
    apply_day_edits(journal_dir, [DayEdit(DAY, old, entry(pain=4))])
    assert days_on_disk(journal_dir)[DAY] == entry(pain=4, extra={"mood": "ok"})


def test_save_day_refuses_a_day_logged_since_the_form_was_shown(journal_dir: Path) -> None:
    first = entry(pain=3, exercises=("glute_bridge",), notes="mine")
    save_day(journal_dir, first, shown=None)
    second = entry(pain=6)
    try:
        save_day(journal_dir, second, shown=None)
    except DayChanged as changed:
        assert changed.conflict.now == first
    else:
        raise AssertionError("the second save overwrote the first")
    assert days_on_disk(journal_dir) == {DAY: first}


def test_save_day_keeps_exercises_of_a_routine_finished_while_the_form_was_open(
    journal_dir: Path,
) -> None:
    start = dt.datetime.combine(DAY, dt.time(8))
    add_session(
        journal_dir, Session(start, start + dt.timedelta(minutes=5), "r", ("glute_bridge",))
    )
    seen = exercises_from_sessions(load_sessions(journal_dir), DAY)
    # The form showed that routine; a second one finishes before Save.
    later = start + dt.timedelta(hours=2)
    add_session(journal_dir, Session(later, later + dt.timedelta(minutes=5), "r", ("log_roll",)))
    # The person had unticked glute_bridge on purpose: that choice stands.
    saved = save_day(journal_dir, entry(pain=4), shown=None, sessions_seen=seen)
    assert saved.exercises == ("log_roll",)
    assert days_on_disk(journal_dir)[DAY].exercises == ("log_roll",)


# ---- Property: whatever happened meanwhile, only days still as shown are written ------------

DATES = [dt.date(2026, 11, d) for d in range(18, 24)]
values = st.builds(
    lambda pain, notes: (pain, notes),
    st.integers(schema.PAIN_MIN, schema.PAIN_MAX),
    st.sampled_from(["", "a", "long drive"]),
)
journals = st.dictionaries(st.sampled_from(DATES), values, max_size=len(DATES))


def as_entries(days: dict[dt.date, tuple[int, str]]) -> dict[dt.date, Entry]:
    return {d: entry(d, pain=p, notes=n) for d, (p, n) in days.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seen=journals,
    meanwhile=journals,
    wanted=st.dictionaries(st.sampled_from(DATES), st.one_of(st.none(), values)),
)
def test_only_days_still_as_shown_are_written(seen, meanwhile, wanted) -> None:
    seen_entries, now_entries = as_entries(seen), as_entries(meanwhile)
    edits = [
        DayEdit(d, seen_entries.get(d), None if v is None else entry(d, pain=v[0], notes=v[1]))
        for d, v in wanted.items()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if now_entries:
            upsert_entries(folder, list(now_entries.values()))
        result = apply_day_edits(folder, edits)
        on_disk = days_on_disk(folder)

    expected = dict(now_entries)
    conflicted = set()
    for edit in edits:
        if same_values(now_entries.get(edit.date), edit.shown):
            if edit.new is None:
                expected.pop(edit.date, None)
            else:
                expected[edit.date] = edit.new
        else:
            conflicted.add(edit.date)
    assert on_disk == expected
    assert {c.date for c in result.conflicts} == conflicted
    for conflict in result.conflicts:
        assert conflict.now == now_entries.get(conflict.date)
