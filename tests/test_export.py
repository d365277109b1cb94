"""Export: a CSV that is safe to open in a spreadsheet, whatever separator the spreadsheet picks,
and that imports back to exactly the journal it came from."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lumbarlog.domain import catalog, records, schema
from lumbarlog.journal.transfer import export_csv, parse_import

TODAY = dt.date(2026, 11, 24)
KNOWN = sorted(catalog.exercise_ids())
BOM = b"\xef\xbb\xbf"

# What makes a spreadsheet read a cell as a formula (OWASP, CSV Injection): a cell that begins
# with one of these. Where a separator other than the comma splits a text into new cells, those
# cells must not begin (after spaces or a double quote) with = + - @ or a tab either.
TRIGGERS = "=+-@\t\r\n"
SEPARATORS = (",", ";", "\t", "|")
PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def _texts(min_size: int = 0) -> st.SearchStrategy[str]:
    """Any text a person or a file could put in a cell (no NUL), with the characters that
    matter here (triggers, separators, quotes, spaces) made likely."""
    tricky = st.text(alphabet=st.sampled_from(list("=+-@\t\r\n;,|\"' a1")), min_size=min_size)
    anything = st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        min_size=min_size,
        max_size=30,
    )
    return st.one_of(tricky, anything)


# A column name is one line of the header, without spaces around it, and not the name of one of
# the journal's own columns in another spelling.
headers = _texts(min_size=1).filter(
    lambda h: (
        h == h.strip()
        and len(h.splitlines()) == 1
        and h.lower().replace(" ", "_") not in schema.ENTRY_COLUMNS
    )
)


@st.composite
def journals(draw: st.DrawFn) -> tuple[list[schema.Entry], list[str]]:
    """Some days as the journal holds them (each checked by the journal's own rules), with
    extra columns whose names and cells are any text."""
    extras = draw(st.lists(headers, unique=True, max_size=3))
    days = draw(st.lists(st.dates(dt.date(2000, 1, 1), TODAY), min_size=1, max_size=4, unique=True))
    entries = []
    for day in days:
        raw = {
            "date": day.isoformat(),
            "pain": draw(st.integers(0, 10)),
            "sitting_hours": draw(st.one_of(st.none(), st.integers(0, 96).map(lambda q: q / 4))),
            "exercises": schema.EXERCISE_SEPARATOR.join(
                draw(st.lists(st.sampled_from(KNOWN), unique=True, max_size=3))
            ),
            "notes": draw(_texts()),
            **{name: draw(_texts()) for name in extras},
        }
        entries.append(records.validate_entry(raw, known_exercises=KNOWN, today=TODAY))
    return entries, extras


def _frame(entries: list[schema.Entry], extras: list[str]) -> pd.DataFrame:
    rows = [schema.entry_to_row(e) for e in entries]
    columns = list(schema.ENTRY_COLUMNS) + extras
    return pd.DataFrame(rows, columns=columns).astype(dict(schema.ENTRY_DTYPES))


def _cells_that_start_a_formula(data: bytes) -> list[tuple[str, str]]:
    """Every cell that a spreadsheet could take for a formula, for each separator it might use
    to open the file: (separator, cell)."""
    assert data.startswith(BOM)
    text = data.decode("utf-8-sig")
    found = []
    for separator in SEPARATORS:
        triggers = TRIGGERS if separator == "," else "=+-@\t"
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            for cell in row:
                if PLAIN_NUMBER.fullmatch(cell):
                    continue  # a number is a number, never a formula
                if cell.lstrip(' "')[:1] in set(triggers):
                    found.append((separator, cell))
    return found


HOSTILE = "=cmd|' /C calc'!A0"
ISSUE_EXAMPLE = (
    [
        schema.Entry(dt.date(2026, 11, 1), 3, notes="ok;=1+1", extra={HOSTILE: "@SUM(1)"}),
        schema.Entry(dt.date(2026, 11, 2), 4, notes="'=already quoted", extra={HOSTILE: "-2"}),
    ],
    [HOSTILE],
)


@settings(max_examples=300, deadline=None)
@given(journals())
@example(ISSUE_EXAMPLE)
def test_no_exported_cell_starts_a_formula_and_the_export_imports_back_the_same(
    journal: tuple[list[schema.Entry], list[str]],
) -> None:
    entries, extras = journal
    data = export_csv(_frame(entries, extras))
    assert _cells_that_start_a_formula(data) == []
    preview = parse_import(data, schema.empty_entries(), known_exercises=KNOWN, today=TODAY)
    assert preview.problems == ()
    assert sorted(preview.entries, key=lambda e: e.date) == sorted(entries, key=lambda e: e.date)


def test_text_split_by_another_separator_and_extra_headers_are_neutralised() -> None:
    """What a person sees when a spreadsheet opens the export: a cell text after ; | or a tab
    that would start a formula, and an extra column's name, carry the apostrophe too."""
    entries = [
        schema.Entry(dt.date(2026, 11, 1), 3, 7.5, notes="ok;=1+1", extra={"@mood": "-1"}),
        schema.Entry(dt.date(2026, 11, 2), 0, notes="stiff | +2 after walk", extra={"@mood": "=2"}),
    ]
    lines = export_csv(_frame(entries, ["@mood"])).decode("utf-8-sig").splitlines()
    assert lines == [
        "date,pain,sitting_hours,exercises,notes,'@mood",
        "2026-11-01,3,7.5,,ok;'=1+1,-1",  # a plain number stays a number
        "2026-11-02,0,,,stiff |' +2 after walk,'=2",
    ]
