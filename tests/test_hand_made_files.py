"""Journals as people and spreadsheets write them: each opens with its values intact, or names
the line, the field and the value that lost its meaning. None crashes a page, none loses a value
on the next save, and a file that cannot be fully read still shows every row that could be."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lumbarlog.domain import catalog
from lumbarlog.journal.csv_files import forget_parsed, load_entries, read_entries
from lumbarlog.journal.days import log_day
from lumbarlog.journal.errors import JournalError

HEADER = b"date,pain,sitting_hours,exercises,notes\n"
KNOWN = catalog.exercise_ids()
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Opens:
    """The file opens; these are its days (date, pain, sitting, exercises, notes)."""

    rows: tuple[tuple[str, int, float | None, tuple[str, ...], str], ...]
    notice: str | None = None  # a word the reading notice must contain


@dataclass(frozen=True)
class Refuses:
    """The file cannot be fully read: a problem names this line, field and value, and the rows
    that can be read are still there."""

    line: int
    field: str
    value: str
    readable: int  # how many days can still be read


A = ("2026-11-01", 3, 6.5, (), "a")
B = ("2026-11-02", 4, None, (), "")
OK_AB = Opens((A, B))

FILES: dict[str, tuple[bytes, Opens | Refuses]] = {
    # Form: what editors, spreadsheets and people do to a CSV that keeps its meaning.
    "trailing blank line": (HEADER + b"2026-11-01,3,6.5,,a\n\n", Opens((A,))),
    "blank lines in the middle": (HEADER + b"2026-11-01,3,6.5,,a\n\n\n2026-11-02,4,,,\n", OK_AB),
    "blank lines before the header": (b"\n\n" + HEADER + b"2026-11-01,3,6.5,,a\n", Opens((A,))),
    "no final newline": (HEADER + b"2026-11-01,3,6.5,,a\n2026-11-02,4,,,", OK_AB),
    "CRLF": (HEADER.replace(b"\n", b"\r\n") + b"2026-11-01,3,6.5,,a\r\n2026-11-02,4,,,\r\n", OK_AB),
    "CR only": (HEADER.replace(b"\n", b"\r") + b"2026-11-01,3,6.5,,a\r2026-11-02,4,,,\r", OK_AB),
    "byte-order mark": (b"\xef\xbb\xbf" + HEADER + b"2026-11-01,3,6.5,,a\n", Opens((A,))),
    "BOM and CRLF": (
        b"\xef\xbb\xbf" + HEADER.replace(b"\n", b"\r\n") + b"2026-11-01,3,6.5,,a\r\n",
        Opens((A,)),
    ),
    "capitalised header": (
        b"Date,Pain,Sitting_Hours,Exercises,Notes\n2026-11-01,3,6.5,,a\n",
        Opens((A,)),
    ),
    "header words with spaces": (
        b"Date,Pain,Sitting hours,Exercises,Notes\n2026-11-01,3,6.5,,a\n",
        Opens((A,)),
    ),
    "spaces after commas": (
        b"date, pain, sitting_hours, exercises, notes\n2026-11-01, 3, 6.5, , a\n"
        b'2026-11-02, 4, , , "b, c"\n',
        Opens((A, ("2026-11-02", 4, None, (), "b, c"))),
    ),
    "quoted everything": (HEADER + b'"2026-11-01","3","6.5","","a"\n', Opens((A,))),
    "spaces around values": (HEADER + b" 2026-11-01 ,3 , 6.5 ,,a\n", Opens((A,))),
    "cp1252 accent": (
        HEADER + b"2026-11-01,3,6.5,,caf\xe9\n",
        Opens((("2026-11-01", 3, 6.5, (), "café"),), notice="Windows-1252"),
    ),
    "latin-1 control byte": (
        HEADER + b"2026-11-01,3,6.5,,x\x81y\n",
        Opens((("2026-11-01", 3, 6.5, (), "x\x81y"),), notice="Latin-1"),
    ),
    "UTF-16 from a spreadsheet": (
        ("date\tpain\tsitting_hours\texercises\tnotes\r\n2026-11-01\t3\t6.5\t\ta\r\n").encode(
            "utf-16"
        ),
        Opens((A,)),
    ),
    "semicolons and decimal commas": (
        b"date;pain;sitting_hours;exercises;notes\n2026-11-01;3;6,5;;a\n",
        Opens((A,)),
    ),
    "tabs": (
        b"date\tpain\tsitting_hours\texercises\tnotes\n2026-11-01\t3\t6.5\t\ta\n",
        Opens((A,)),
    ),
    "sitting 6.1 stays 6.1": (
        HEADER + b"2026-11-01,3,6.1,,\n",
        Opens((("2026-11-01", 3, 6.1, (), ""),)),
    ),
    "quoted decimal comma": (HEADER + b'2026-11-01,3,"6,5",,a\n', Opens((A,))),
    "trailing zero": (HEADER + b"2026-11-01,03,6.50,,a\n", Opens((A,))),
    "pain 4.0": (HEADER + b"2026-11-01,3.0,6.5,,a\n", Opens((A,))),
    "full-width digits": (
        HEADER + "2026-11-01,３,６.5,,a\n".encode(),
        Opens((A,)),
    ),
    "non-breaking space before pain": (
        HEADER + "2026-11-01,\u00a03,6.5,,a\n".encode(),
        Opens((A,)),
    ),
    "short row": (HEADER + b"2026-11-01,3,6.5,,a\n2026-11-02,4\n", OK_AB),
    "slashes in the date": (HEADER + b"2026/11/01,3,6.5,,a\n", Opens((A,))),
    "midnight time after the date": (HEADER + b"2026-11-01 00:00:00,3,6.5,,a\n", Opens((A,))),
    "ISO week date": (
        HEADER + b"2026-W44-7,3,6.5,,a\n",
        Opens((A,)),
    ),
    "day-first dates, told apart by a day after the 12th": (
        HEADER + b"01/11/2026,3,6.5,,a\n25/11/2026,4,,,\n",
        Opens((A, ("2026-11-25", 4, None, (), ""))),
    ),
    "exercise names instead of ids": (
        HEADER + b"2026-11-01,3,6.5,Glute bridge; walking break,a\n",
        Opens((("2026-11-01", 3, 6.5, ("glute_bridge", "walking_break"), "a"),)),
    ),
    "spaces between exercise ids": (
        HEADER + b"2026-11-01,3,6.5, glute_bridge ; log_roll ;,a\n",
        Opens((("2026-11-01", 3, 6.5, ("glute_bridge", "log_roll"), "a"),)),
    ),
    "an exercise retired from the catalog": (
        HEADER + b"2026-11-01,3,6.5,old_stretch,a\n",
        Opens((("2026-11-01", 3, 6.5, ("old_stretch",), "a"),)),
    ),
    "an exercise renamed in the catalog": (
        HEADER + b"2026-11-01,3,6.5,static_leg_raise;glute_bridge,a\n",
        Opens((("2026-11-01", 3, 6.5, ("legs_up_90_90_rest", "glute_bridge"), "a"),)),
    ),
    "a carriage return inside a quoted note": (
        HEADER + b'2026-11-01,3,6.5,,"x\ry"\n',
        Opens((("2026-11-01", 3, 6.5, (), "x\ry"),)),
    ),
    "a note longer than the form allows": (
        HEADER + b"2026-11-01,3,6.5,," + b"n" * 3000 + b"\n",
        Opens((("2026-11-01", 3, 6.5, (), "n" * 3000),)),
    ),
    "extra columns": (
        b"date,pain,sitting_hours,exercises,notes,mood\n2026-11-01,3,6.5,,a,ok\n",
        Opens((A,)),
    ),
    "header only": (HEADER, Opens(())),
    "empty file": (b"", Opens((), notice="empty")),
    # Meaning: what cannot be read without guessing.
    "pain 1_0": (
        HEADER + b"2026-11-01,1_0,6.5,,a\n2026-11-02,4,,,\n",
        Refuses(2, "pain", "1_0", 1),
    ),
    "pain 4.5": (
        HEADER + b"2026-11-01,4.5,6.5,,a\n2026-11-02,4,,,\n",
        Refuses(2, "pain", "4.5", 1),
    ),
    "pain 11": (HEADER + b"2026-11-01,3,6.5,,a\n2026-11-02,11,,,\n", Refuses(3, "pain", "11", 1)),
    "pain -1": (HEADER + b"2026-11-01,-1,6.5,,a\n", Refuses(2, "pain", "-1", 0)),
    "pain missing": (HEADER + b"2026-11-01,,6.5,,a\n2026-11-02,4,,,\n", Refuses(2, "pain", "", 1)),
    "pain a word": (HEADER + b"2026-11-01,bad,6.5,,a\n", Refuses(2, "pain", "bad", 0)),
    "sitting 30": (
        HEADER + b"2026-11-01,3,30,,a\n2026-11-02,4,,,\n",
        Refuses(2, "sitting_hours", "30", 1),
    ),
    "sitting negative": (HEADER + b"2026-11-01,3,-2,,a\n", Refuses(2, "sitting_hours", "-2", 0)),
    "sitting nan": (HEADER + b"2026-11-01,3,nan,,a\n", Refuses(2, "sitting_hours", "nan", 0)),
    "sitting inf": (HEADER + b"2026-11-01,3,inf,,a\n", Refuses(2, "sitting_hours", "inf", 0)),
    "year 1026": (
        HEADER + b"1026-11-01,3,6.5,,a\n2026-11-02,4,,,\n",
        Refuses(2, "date", "1026", 1),
    ),
    "30 February": (HEADER + b"2026-02-30,3,6.5,,a\n", Refuses(2, "date", "2026-02-30", 0)),
    "ambiguous day and month": (
        HEADER + b"11/01/2026,3,6.5,,a\n",
        Refuses(2, "date", "11/01/2026", 0),
    ),
    "date missing": (HEADER + b",3,6.5,,a\n2026-11-02,4,,,\n", Refuses(2, "date", "", 1)),
    "the same day twice": (
        HEADER + b"2026-11-01,3,6.5,,a\n2026-11-01,5,,,\n2026-11-02,4,,,\n",
        Refuses(3, "date", "2026-11-01", 2),
    ),
    "too many fields": (
        HEADER + b"2026-11-01,3,6.5,,tired, sore\n2026-11-02,4,,,\n",
        Refuses(2, "file", "6 fields", 1),
    ),
    "cut short without a final newline": (
        HEADER + b"2026-11-01,3,6.5,,a\n2026-11-02,4,6",
        Refuses(3, "file", "cut short", 1),
    ),
    "unclosed quote at the end": (
        HEADER + b'2026-11-01,3,6.5,,a\n2026-11-02,4,,,"unclosed\n',
        Refuses(3, "notes", "quote", 1),
    ),
    "unclosed quote swallowing later days": (
        HEADER + b'2026-11-01,3,6.5,,"a\n2026-11-02,4,,,b\n2026-11-03,5,,,"\n2026-11-04,2,,,\n',
        Refuses(2, "notes", "quote", 1),
    ),
    "no pain column": (b"date,sitting_hours\n2026-11-01,6.5\n", Refuses(1, "file", "pain", 0)),
    "no header": (b"2026-11-01,3,6.5,,a\n", Refuses(1, "file", "header", 0)),
    "a column named twice": (
        b"date,pain,pain,sitting_hours,exercises,notes\n2026-11-01,3,3,6.5,,a\n",
        Refuses(1, "file", "pain", 0),
    ),
    "not text": (b"\x00\x01\x02\xff\xfe\x00PK\x03\x04" * 10, Refuses(1, "file", "header", 0)),
}


def _days(frame: pd.DataFrame) -> list[tuple]:
    return [
        (
            row.date.date().isoformat(),
            int(row.pain),
            None if pd.isna(row.sitting_hours) else float(row.sitting_hours),
            tuple(row.exercises),
            row.notes,
        )
        for row in frame.itertuples(index=False)
    ]


@pytest.mark.parametrize("name", list(FILES))
def test_each_hand_made_file_opens_or_names_line_field_and_value(
    journal_dir: Path, name: str
) -> None:
    data, expected = FILES[name]
    (journal_dir / "entries.csv").write_bytes(data)
    reading = read_entries(journal_dir)
    if isinstance(expected, Opens):
        assert reading.problems == ()
        assert _days(reading.frame) == list(expected.rows)
        if expected.notice:
            assert any(expected.notice in n for n in reading.notices), reading.notices
        assert _days(load_entries(journal_dir)) == list(expected.rows)
    else:
        assert reading.problems, "the file should not read cleanly"
        found = [
            p for p in reading.problems if p.line == expected.line and p.field == expected.field
        ]
        assert found, [str(p) for p in reading.problems]
        assert any(expected.value in str(p) for p in found), [str(p) for p in found]
        assert len(reading.frame) == expected.readable
        with pytest.raises(JournalError) as refused:
            load_entries(journal_dir)
        assert len(refused.value.readable) == expected.readable
    assert (journal_dir / "entries.csv").read_bytes() == data, "reading never changes the file"


@pytest.mark.parametrize("name", [n for n, (_, e) in FILES.items() if isinstance(e, Opens)])
def test_a_file_that_opens_loses_no_value_on_the_next_save(journal_dir: Path, name: str) -> None:
    data, expected = FILES[name]
    (journal_dir / "entries.csv").write_bytes(data)
    extra_before = [c for c in load_entries(journal_dir).columns if c not in _FIVE]
    log_day(
        journal_dir,
        {"date": "2026-11-20", "pain": 2},
        known_exercises=KNOWN,
        today=dt.date(2026, 11, 24),
    )
    forget_parsed()  # as a restart would
    after = load_entries(journal_dir)
    assert _days(after) == sorted([*expected.rows, ("2026-11-20", 2, None, (), "")])
    assert [c for c in after.columns if c not in _FIVE] == extra_before
    written = (journal_dir / "entries.csv").read_bytes().removeprefix(b"\xef\xbb\xbf")
    assert written.startswith(HEADER.rstrip(b"\n"))


_FIVE = ("date", "pain", "sitting_hours", "exercises", "notes")


@pytest.mark.parametrize("name", [n for n, (_, e) in FILES.items() if isinstance(e, Refuses)])
def test_a_file_that_cannot_be_fully_read_is_never_written_over(
    journal_dir: Path, name: str
) -> None:
    data, _ = FILES[name]
    (journal_dir / "entries.csv").write_bytes(data)
    with pytest.raises(JournalError):
        log_day(
            journal_dir,
            {"date": "2026-11-20", "pain": 2},
            known_exercises=KNOWN,
            today=dt.date(2026, 11, 24),
        )
    assert (journal_dir / "entries.csv").read_bytes() == data


PAGES = ["today", "log", "routines", "trends", "learn"]


@pytest.mark.parametrize("name", list(FILES))
def test_no_hand_made_file_crashes_a_page(journal_dir: Path, name: str) -> None:
    data, expected = FILES[name]
    (journal_dir / "entries.csv").write_bytes(data)
    app = AppTest.from_file(str(REPO / "streamlit_app.py"), default_timeout=60)
    app.run()
    for page in PAGES:
        app.switch_page(f"app_pages/{page}.py")
        app.run()
        assert not app.exception, (page, [e.message for e in app.exception])
        if isinstance(expected, Refuses) and page != "learn":
            shown = " ".join(e.value for e in app.error)
            assert "cannot fully read entries" in shown, (page, shown)
            named = [
                (row["Line"], f"{row['Value']} {row['Problem']}")
                for table in app.dataframe
                if "Problem" in table.value.columns
                for _, row in table.value.iterrows()
            ]
            assert any(
                line == expected.line and expected.value in value for line, value in named
            ), (page, named)


def test_the_next_save_writes_a_renamed_exercise_by_its_new_id(journal_dir: Path) -> None:
    path = journal_dir / "entries.csv"
    path.write_bytes(HEADER + b"2026-11-01,3,6.5,static_leg_raise,a\n")
    log_day(
        journal_dir,
        {"date": "2026-11-20", "pain": 2},
        known_exercises=KNOWN,
        today=dt.date(2026, 11, 24),
    )
    text = path.read_text()
    assert "static_leg_raise" not in text and "legs_up_90_90_rest" in text


@pytest.mark.parametrize("separator", ["\x85", "\x0b", "\x0c", "\x1c", "\u2028", "\u2029"])
def test_only_carriage_returns_and_line_feeds_end_a_line(journal_dir: Path, separator: str) -> None:
    data = (
        f"date,pain,sitting_hours,exercises,notes,a{separator}b\n"
        f"2026-11-01,3,6.5,,x{separator}y,z{separator}w\n"
    ).encode()
    (journal_dir / "entries.csv").write_bytes(data)
    reading = read_entries(journal_dir)
    assert reading.problems == ()
    assert reading.frame["notes"].tolist() == [f"x{separator}y"]
    assert reading.frame[f"a{separator}b"].tolist() == [f"z{separator}w"]
