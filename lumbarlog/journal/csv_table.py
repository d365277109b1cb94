"""A journal CSV file as text cells: lenient about form.

Form that keeps its meaning is accepted: a byte-order mark, UTF-16, Windows-1252 or Latin-1 text
(with a notice), CRLF or CR line ends, blank lines anywhere, no final newline, header names in
any case with spaces, spaces after commas, semicolon or tab separators, quoted cells, rows that
stop before their last empty fields. A quote left open, a row with too many fields or a last
line cut short is named (line and field); every other row is still returned.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lumbarlog.domain import parsing
from lumbarlog.domain.schema import Problem

SEPARATORS = (",", ";", "\t")


@dataclass(frozen=True)
class Table:
    """A CSV file as text cells. ``columns`` are the header's names, the known ones folded to
    the schema's spelling; ``rows`` are padded to the header's width; ``lines`` is the line each
    row starts on. Rows with a problem of form (a quote left open, too many fields) are left
    out and named in ``problems``."""

    columns: list[str]
    rows: list[list[str]]
    lines: list[int]
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    canonical: bool = False  # UTF-8, commas, the header exactly as the app writes it


def decode(data: bytes) -> tuple[str, str | None]:
    """Bytes as text, and a notice when they were not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        name = "Windows-1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        name = "Latin-1"
    return text, (
        f"It is not UTF-8 text, so it was read as {name} (Western European); check that "
        "accented letters look right. The next save stores it as UTF-8."
    )


def _fold(name: str) -> str:
    return re.sub(r"[\s_-]+", "_", name.strip().casefold())


def read_table(data: bytes, expected: Sequence[str], required: Sequence[str]) -> Table:
    """Split a CSV file into cells. ``expected``: the known columns, in the order the app writes
    them; ``required``: those without which a row has no meaning."""
    text, notice = decode(data)
    notices = [notice] if notice else []
    physical = _lines(text)
    if not any(line.strip() for line in physical):
        notices.append("It is empty, so it is read as a journal with no days yet.")
        return Table(list(expected), [], [], notices=notices)
    header_index = next(i for i, line in enumerate(physical) if line.strip())
    header_line = physical[header_index].rstrip("\r\n")
    separator, names = _separator(header_line, required)
    folded = [_fold(n) for n in names]
    known = {_fold(c): c for c in expected}
    columns = [known.get(f, n) for f, n in zip(folded, names, strict=True)]
    header_problem = None
    missing = [c for c in required if c not in columns]
    if missing:
        header_problem = (
            f"line {header_index + 1} (the header) is {parsing.show_value(header_line)}; it "
            f"must name the columns {' and '.join(required)} (missing: {', '.join(missing)})"
        )
    elif len(set(columns)) != len(columns):
        twice = sorted({c for c in columns if columns.count(c) > 1})
        header_problem = (
            f"line {header_index + 1} (the header) names the column {', '.join(twice)} twice"
        )
    if header_problem:
        problem = Problem("file", header_problem, line=header_index + 1, value=header_line)
        return Table(columns, [], [], problems=[problem], notices=notices)
    spaced = separator in header_line and all(
        part.startswith(" ") for part in header_line.split(separator)[1:]
    )
    canonical = (
        notice is None
        and separator == ","
        and header_line.lstrip("\ufeff") == ",".join(columns)
        and columns[: len(expected)] == list(expected)
        and text.endswith("\n")
        and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    )
    body = "".join(physical[header_index + 1 :])
    rows, lines, problems = _rows(
        body, header_index + 2, columns, separator, spaced, ends_whole=text.endswith(("\n", "\r"))
    )
    return Table(columns, rows, lines, problems, notices, canonical)


def _separator(header_line: str, required: Sequence[str]) -> tuple[str, list[str]]:
    best: tuple[str, list[str]] | None = None
    for separator in SEPARATORS:
        names = next(csv.reader([header_line], delimiter=separator, skipinitialspace=True))
        names = [n.strip() for n in names]
        if all(any(_fold(n) == r for n in names) for r in required):
            return separator, names
        if best is None:
            best = (separator, names)
    assert best is not None
    return best


# A line inside a quoted cell that looks like a whole row of its own: a quote left open.
def _row_like(separator: str, width: int) -> re.Pattern[str]:
    sep = re.escape(separator)
    date = r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    return re.compile(rf"(?:^|\n)[ \t]*{date}[ \t]*{sep}(?:[^\n]*{sep}){{{max(width - 2, 0)}}}")


def _rows(
    body: str,
    first_line: int,
    columns: list[str],
    separator: str,
    spaced: bool,
    *,
    ends_whole: bool,
) -> tuple[list[list[str]], list[int], list[Problem]]:
    width = len(columns)
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    row_like = _row_like(separator, width)
    body_lines = _lines(body)  # for naming a line's text in a problem

    def line_of(index: int) -> str:
        return body_lines[index].rstrip("\r\n") if 0 <= index < len(body_lines) else ""

    reader = csv.reader(
        io.StringIO(body, newline=""), delimiter=separator, skipinitialspace=spaced, strict=True
    )
    line = first_line
    while True:
        start = line
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            field_name = _open_quote_field(
                body_lines, start - first_line, columns, separator, spaced
            )
            problems.append(
                Problem(
                    field_name,
                    f"a quote opened on line {start} is never closed, so every line after it "
                    "would be part of this one; add the closing quote",
                    line=start,
                    value=line_of(start - first_line),
                )
            )
            break
        line = first_line + reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue  # a blank line
        if len(row) > width:
            problems.append(
                Problem(
                    "file",
                    f"has {len(row)} fields where the header has {width}; a value with a "
                    f"{'comma' if separator == ',' else 'separator'} in it needs quotes",
                    line=start,
                    value=line_of(start - first_line),
                )
            )
            continue
        if len(row) < width and not ends_whole and line - first_line >= len(body_lines):
            problems.append(
                Problem(
                    "file",
                    f"the last line has {len(row)} of {width} fields and no line end: the file "
                    "may have been cut short",
                    line=start,
                    value=line_of(start - first_line),
                )
            )
            continue
        swallowed = next(
            (
                (i, cell)
                for i, cell in enumerate(row)
                if "\n" in cell or "\r" in cell
                if row_like.search(cell.replace("\r\n", "\n").replace("\r", "\n"))
            ),
            None,
        )
        if swallowed is not None:
            problems.append(
                Problem(
                    columns[swallowed[0]] if swallowed[0] < width else "file",
                    f"a quote opened on line {start} closes only on line {line - 1}, and the "
                    "lines between look like days of their own: a closing quote may be missing",
                    line=start,
                    value=line_of(start - first_line),
                )
            )
            continue
        rows.append(row + [""] * (width - len(row)))
        lines.append(start)
    return rows, lines, problems


def _lines(text: str) -> list[str]:
    """Physical lines with their ends. Only CR, LF and CRLF end a line, as for the csv module:
    str.splitlines would also break at form feeds, U+0085 or U+2028 inside a note."""
    return io.StringIO(text, newline="").readlines()


def _open_quote_field(
    body_lines: list[str], index: int, columns: list[str], separator: str, spaced: bool
) -> str:
    rest = "".join(body_lines[index:])
    try:
        row = next(
            csv.reader(io.StringIO(rest, newline=""), delimiter=separator, skipinitialspace=spaced)
        )
    except (StopIteration, csv.Error):
        return "file"
    position = len(row) - 1
    return columns[position] if 0 <= position < len(columns) else "file"
