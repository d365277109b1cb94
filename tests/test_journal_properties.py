"""Rules that must hold for every input: any sequence of logs, replaces, deletes, imports,
routine sessions and hand edits leaves a journal that a fresh process reads back equal to a
simple model of what was acknowledged; and the reader's fast path and the value grammar agree."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lumbarlog.domain import catalog, parsing, records, schema
from lumbarlog.journal import csv_table, reader
from lumbarlog.journal.csv_files import forget_parsed, load_entries
from lumbarlog.journal.csv_format import format_hours
from lumbarlog.journal.days import delete_entries, save_entry, upsert_entries
from lumbarlog.journal.errors import EntryExists
from lumbarlog.journal.files import entries_path
from lumbarlog.journal.sessions import add_session
from lumbarlog.journal.transfer import export_csv, parse_import
from tests.support.fresh import printed_by_fresh_process

TODAY = dt.date(2026, 11, 24)
KNOWN = sorted(catalog.exercise_ids())
DATES = [TODAY - dt.timedelta(days=k) for k in (0, 1, 2, 5, 30)]
REPO = Path(__file__).resolve().parent.parent

notes = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(",;\"'=+-@\t\r\n ")),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    ),
    max_size=30,
)
hours = st.one_of(
    st.none(), st.integers(0, 24 * 100).map(lambda h: h / 100), st.sampled_from([6.1, 0.0, 24.0])
)
day = st.fixed_dictionaries(
    {
        "date": st.sampled_from(DATES),
        "pain": st.integers(0, 10),
        "sitting_hours": hours,
        "exercises": st.lists(st.sampled_from(KNOWN), max_size=3, unique=True),
        "notes": notes,
    }
)


def _crlf(data: bytes) -> bytes:
    """The file as a spreadsheet saves it with Windows line ends (cells keep their own)."""
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(r for r in rows if r)
    return out.getvalue().encode("utf-8")


FORM_EDITS = {
    "crlf": _crlf,
    "bom": lambda b: b if b.startswith(b"\xef\xbb\xbf") else b"\xef\xbb\xbf" + b,
    "blank lines": lambda b: b.replace(b"\n", b"\n\n", 1) + b"\n\n",
    "no final newline": lambda b: b.rstrip(b"\r\n"),
    "capitalised header": lambda b: b.replace(b"date,pain", b"Date,Pain", 1),
}
operation = st.one_of(
    st.tuples(st.just("log"), day, st.booleans()),
    st.tuples(st.just("delete"), st.lists(st.sampled_from(DATES), max_size=2)),
    st.tuples(st.just("import"), st.lists(day, max_size=3), st.booleans()),
    st.tuples(
        st.just("session"),
        st.sampled_from(DATES),
        st.lists(st.sampled_from(KNOWN), max_size=3, unique=True),
    ),
    st.tuples(st.just("hand edit"), st.sampled_from(sorted(FORM_EDITS))),
)


def _entry(raw: dict) -> schema.Entry:
    return records.validate_entry(raw, known_exercises=KNOWN, today=TODAY)


def _apply(folder: Path, model: dict, op: tuple) -> None:
    kind = op[0]
    if kind == "log":
        entry, replace = _entry(op[1]), op[2]
        try:
            save_entry(folder, entry, replace=replace)
        except EntryExists:
            assert entry.date in model and not replace
        else:
            model[entry.date] = entry
    elif kind == "delete":
        delete_entries(folder, op[1])
        for gone in op[1]:
            model.pop(gone, None)
    elif kind == "import":
        by_date = {e.date: e for e in map(_entry, op[1])}  # a file has each day once
        data = export_csv(schema.empty_entries())
        frame = pd.DataFrame([schema.entry_to_row(e) for e in by_date.values()])
        if len(frame):
            data = export_csv(frame.astype(dict(schema.ENTRY_DTYPES)))
        else:
            return
        current = load_entries(folder)
        preview = parse_import(data, current, known_exercises=KNOWN, today=TODAY)
        assert preview.problems == ()
        upsert_entries(folder, preview.entries, replace_existing=op[2])
        for entry in preview.entries:
            if op[2] or entry.date not in model:
                model[entry.date] = entry
    elif kind == "session":
        start = dt.datetime.combine(op[1], dt.time(9, 0))
        session = schema.Session(start, start + dt.timedelta(minutes=5), "desk_break", tuple(op[2]))
        add_session(folder, session)
        old = model.get(op[1])
        if old is not None and not set(op[2]) <= set(old.exercises):
            merged = tuple(dict.fromkeys(old.exercises + tuple(op[2])))
            model[op[1]] = schema.Entry(old.date, old.pain, old.sitting_hours, merged, old.notes)
    else:
        path = entries_path(folder)
        if path.exists():
            path.write_bytes(FORM_EDITS[op[1]](path.read_bytes()))


def _as_model(frame: pd.DataFrame) -> dict:
    return {
        row.date.date(): (
            row.pain,
            None if pd.isna(row.sitting_hours) else row.sitting_hours,
            tuple(row.exercises),
            row.notes,
        )
        for row in frame.itertuples(index=False)
    }


def _expected(model: dict) -> dict:
    return {d: (e.pain, e.sitting_hours, tuple(e.exercises), e.notes) for d, e in model.items()}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(operation, max_size=12))
def test_any_sequence_of_changes_reads_back_as_acknowledged(tmp_path: Path, operations) -> None:
    folder = tmp_path / f"journal-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    model: dict = {}
    for op in operations:
        _apply(folder, model, op)
        forget_parsed()  # what a restart would read
        assert _as_model(load_entries(folder)) == _expected(model), op


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(days=st.lists(day, min_size=1, max_size=6))
def test_a_fresh_process_reads_what_was_written(tmp_path: Path, days) -> None:
    folder = tmp_path / f"journal-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    model: dict = {}
    for raw in days:
        _apply(folder, model, ("log", raw, True))
    script = (
        "import json, sys; from lumbarlog.journal.csv_files import load_entries; "
        "f = load_entries(sys.argv[1]); "
        "print(json.dumps([[str(r.date.date()), int(r.pain), None if r.sitting_hours != "
        "r.sitting_hours else r.sitting_hours, list(r.exercises), r.notes] "
        "for r in f.itertuples()]))"
    )
    out = printed_by_fresh_process(script, folder)
    read = {dt.date.fromisoformat(d): (p, s, tuple(x), n) for d, p, s, x, n in json.loads(out)}
    assert read == _expected(model)


canonical_cells = st.fixed_dictionaries(
    {
        "date": st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)).map(dt.date.isoformat),
        "pain": st.integers(0, 10).map(str),
        "sitting_hours": st.one_of(
            st.just(""),
            st.integers(0, 24_000_000).map(lambda n: format_hours(n / 1_000_000)),
        ),
        "exercises": st.lists(st.sampled_from(KNOWN), max_size=3).map(";".join),
    }
)


@given(cells=st.lists(canonical_cells, min_size=1, max_size=5, unique_by=lambda c: c["date"]))
def test_the_fast_path_and_the_grammar_give_the_same_values(cells) -> None:
    table = csv_table.Table(
        list(schema.ENTRY_COLUMNS),
        [[c["date"], c["pain"], c["sitting_hours"], c["exercises"], ""] for c in cells],
        list(range(2, 2 + len(cells))),
    )
    fast = reader.entries_frame(table, catalog.exercise_lookup()).frame
    for c in cells:
        entry = records.validate_entry(
            {**c, "notes": ""}, known_exercises=None, lookup=catalog.exercise_lookup()
        )
        row = fast[fast["date"] == pd.Timestamp(entry.date)].iloc[0]
        assert row["pain"] == entry.pain
        assert (pd.isna(row["sitting_hours"]) and entry.sitting_hours is None) or (
            row["sitting_hours"] == entry.sitting_hours
        )
        assert tuple(row["exercises"]) == entry.exercises


@given(text=st.text(max_size=12))
def test_the_grammar_never_crashes_and_never_accepts_what_is_not_a_number(text: str) -> None:
    for parse in (parsing.parse_pain, parsing.parse_sitting_hours):
        try:
            value = parse(text)
        except schema.ValidationError as error:
            assert error.problems[0].field in ("pain", "sitting_hours")
            continue
        if value is not None:
            assert "_" not in text and "e" not in text.lower() and "n" not in text.lower()
    try:
        parsing.parse_date(text)
    except schema.ValidationError as error:
        assert error.problems[0].field == "date"
