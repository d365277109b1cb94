"""The clinician report: what a doctor reads on its one page, for a journal whose numbers are
known by hand. The PDF's text is read back with pypdf, the page is drawn with pdftoppm (kept
as test-artifacts/report-*.png to look at), and its charts are checked to be vector paths."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from lumbarlog.domain import catalog, peg, startback
from lumbarlog.domain.measures import Measure
from lumbarlog.domain.plan import make_plan
from lumbarlog.domain.schema import FINISHED, STOPPED, Entry, Session
from lumbarlog.journal.repository import Journal, journal_for
from lumbarlog.report import content, pdf, text

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
MONDAY = dt.date(2026, 11, 2)
TODAY = dt.date(2026, 11, 16)  # the day after the period
# Two weeks: the first all logged (mean 22/7), the second with Thursday 12 Nov missing.
PAIN = [2, 3, 4, 3, 2, 5, 3, 3, 4, 7, None, 4, 3, 2]
RED_FLAG_NOTE = "Numbness in my groin since this morning"


def _day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def _at(offset: int, hour: int = 8) -> dt.datetime:
    return dt.datetime.combine(_day(offset), dt.time(hour))


@pytest.fixture
def known(tmp_path: Path) -> Journal:
    """The journal: 13 logged days, a red-flag note, a plan of Morning stretches on Monday,
    Wednesday and Friday with 3 of its 6 planned days done (and one session stopped), PEG 6.0
    the day before the period and 4.7 at its end, STarT Back medium then low."""
    journal = journal_for(tmp_path)
    journal.create()
    notes = {3: "Long drive to see family", 9: RED_FLAG_NOTE}
    for offset, pain in enumerate(PAIN):
        if pain is not None:
            journal.save(Entry(_day(offset), pain, 6.0 + offset % 3, notes=notes.get(offset, "")))
    steps = catalog.load().routines["morning_stretches"].exercise_ids
    for offset, outcome in [(0, FINISHED), (2, FINISHED), (4, STOPPED), (7, FINISHED)]:
        done = steps if outcome == FINISHED else steps[:1]
        start = _at(offset)
        journal.add_session(
            Session(
                start, start + dt.timedelta(minutes=9), "morning_stretches", done, 4, 3, outcome
            )
        )
    journal.save_plan(make_plan({"morning_stretches": {0, 2, 4}}), today=MONDAY)
    journal.save_measure(Measure(MONDAY - dt.timedelta(days=1), peg.INSTRUMENT, (6, 6, 6)))
    journal.save_measure(Measure(_day(13), peg.INSTRUMENT, (4, 5, 5)))
    journal.save_measure(Measure(MONDAY, startback.INSTRUMENT, (1, 1, 1, 0, 1, 1, 0, 0, 3)))
    journal.save_measure(Measure(_day(12), startback.INSTRUMENT, (0,) * 9))
    return journal


def report_of(journal: Journal, request: content.Request) -> content.ClinicianReport:
    names = catalog.load()
    return content.compose(
        journal.entries().frame,
        journal.sessions().frame,
        journal.measures().frame,
        journal.plan(),
        request,
        TODAY,
        exercise_names=names.exercise_names(),
        routine_names={"morning_stretches": names.routine_name("morning_stretches")},
    )


def pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def drawn_png(data: bytes, name: str) -> Path:
    """The PDF drawn by poppler (as a PDF viewer would open it), kept as an artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-singlefile", str(path), str(ARTIFACTS / name)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return ARTIFACTS / f"{name}.png"


REQUEST = content.Request(
    MONDAY,
    _day(13),
    name="Sam Example",
    questions="Is it safe to keep running?\nShould I see a physiotherapist?",
    ticked=(_day(3),),
)


def test_the_numbers_a_doctor_reads_are_those_the_journal_implies(known: Journal) -> None:
    report = report_of(known, REQUEST)
    assert (report.days, report.logged) == (14, 13)
    assert report.mean_pain == pytest.approx(45 / 13)
    assert (report.worst, report.worst_days) == (7, (_day(9),))
    assert report.by == "week"
    assert [(w.start, w.logged, w.worst, w.worst_day) for w in report.bins] == [
        (MONDAY, 7, 5, _day(5)),
        (_day(7), 6, 7, _day(9)),
    ]
    assert [w.mean for w in report.bins] == pytest.approx([22 / 7, 23 / 6])
    [routine] = report.routines
    assert (routine.planned, routine.done, routine.finished, routine.stopped) == (6, 3, 3, 1)
    assert [note.day for note in report.red_flags] == [_day(9)]

    data = pdf.render(report).pdf
    words = pdf_text(data)
    for expected in [
        "Sam Example",
        "2 Nov 2026 to 15 Nov 2026 (14 days); pain logged on 13 of 14 days",
        # The red-flag note, at the top, in the person's words.
        "11 Nov (emergency sign): “Numbness in my groin”",
        # PEG: 6.0 the day before the period, 4.7 at its end: 1.3 points, meaningful.
        "6.0 (1 Nov)",
        "4.7 (15 Nov)",
        "yes: down 1.3",
        "medium risk, total 6/9, distress 3/5 (2 Nov)",
        "low risk, total 0/9, distress 0/5 (14 Nov)",
        "group changed: medium to low",
        "Mean pain 3.5 on 13 logged days; worst 7, on 11 Nov",
        "3 of 6 (50%)",
        "3 finished, 1 stopped early",
        "Is it safe to keep running?",
        "5 Nov: Long drive to see family",
        "not a diagnosis",
        "Lumbar Log 0.1.0",
        "Keele University",
    ]:
        assert expected in words, words
    assert words.index("Red-flag signs") < words.index("Questionnaires") < words.index("Pain,")


def test_the_report_is_one_tagged_page_of_a4_or_letter_with_vector_charts(known: Journal) -> None:
    for paper, size in [("a4", (595, 842)), ("us-letter", (612, 792))]:
        report = report_of(known, dataclasses.replace(REQUEST, paper=paper))
        data = pdf.render(report).pdf
        reader = PdfReader(BytesIO(data))
        assert len(reader.pages) == 1
        page = reader.pages[0]
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == size
        # Tagged for screen readers, with a title and a language.
        root = reader.trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"])
        assert "/StructTreeRoot" in root
        assert root["/Lang"] == "en"
        assert reader.metadata is not None and reader.metadata.title.startswith(text.TITLE)
        # Charts are drawn as paths and text, never as pictures.
        assert _images(page) == 0
        assert _forms(page) >= 2
        assert "Pain (0-10)" in page.extract_text()  # the chart's axis title is text
        png = drawn_png(data, f"report-{paper}")
        assert png.stat().st_size > 20_000


def _xobjects(resources: object) -> list[object]:
    if isinstance(resources, IndirectObject):
        resources = resources.get_object()
    found = []
    xobjects = resources.get("/XObject", {}) if hasattr(resources, "get") else {}
    for ref in xobjects.values():
        xobject = ref.get_object()
        found.append(xobject)
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            found += _xobjects(xobject["/Resources"])
    return found


def _images(page: object) -> int:
    return sum(x.get("/Subtype") == "/Image" for x in _xobjects(page["/Resources"]))  # type: ignore[index]


def _forms(page: object) -> int:
    return sum(x.get("/Subtype") == "/Form" for x in _xobjects(page["/Resources"]))  # type: ignore[index]


def test_a_period_with_no_logged_day_says_so_instead_of_empty_charts(known: Journal) -> None:
    request = content.Request(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    report = report_of(known, request)
    assert report.empty
    assert pdf.charts(report) == {}
    words = pdf_text(pdf.render(report).pdf)
    assert "No days were logged between 1 Oct 2026 and 31 Oct 2026" in words
    assert "pain logged on 0 of 31 days" in words
    # The PEG from the day before the period is not "now": the period has no answer of its own.
    assert "not answered" in words


def test_one_answer_is_not_a_change_and_an_old_one_is_not_now(known: Journal) -> None:
    # The period starts the day after the last PEG: that answer is its start, none is "now".
    after = content.Request(_day(14), _day(20))
    assert text.of(report_of(known, after)).measures[1][1:] == (
        "4.7 (15 Nov)",
        "not answered since",
        "can't tell",
    )
    # Over 30 days after it, it is not the period's start either.
    later = content.Request(_day(45), _day(50))
    assert text.of(report_of(known, later)).measures[1][1:] == ("not answered",) * 2 + (
        "can't tell",
    )
    known.save_measure(Measure(_day(16), peg.INSTRUMENT, (3, 3, 3)))
    assert text.of(report_of(known, after)).measures[1][1:] == (
        "4.7 (15 Nov)",
        "3.0 (18 Nov)",
        "yes: down 1.7 (1 point counts)",
    )
    once = content.Request(_day(16), _day(20))
    known_once = text.of(report_of(known, once)).measures[1][1:]
    assert known_once == ("4.7 (15 Nov)", "3.0 (18 Nov)", "yes: down 1.7 (1 point counts)")


# Words, Typst's markup characters and any other printable character, in lines.
LINE = st.lists(
    st.one_of(
        st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True),
        st.sampled_from(["#", "*", "$", "[", "]", "_", "`", "@", "<b>", "\\", "//", "=", "-"]),
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    ),
    max_size=40,
).map(" ".join)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(min_size=0, max_size=content.MAX_NAME_CHARS),
    questions=st.lists(LINE, max_size=60).map("\n".join),
    note=st.text(min_size=1, max_size=400),
    paper=st.sampled_from(sorted(pdf.PAPERS)),
)
def test_whatever_the_person_writes_the_report_stays_one_page_and_shows_it_as_written(
    known: Journal, name: str, questions: str, note: str, paper: str
) -> None:
    """Markup characters (#, *, $, [ ]) are text, and long questions and notes are cut with
    "…" rather than push the page to two."""
    request = dataclasses.replace(
        REQUEST, name=name, questions=questions[:2000], paper=paper, ticked=()
    )
    report = dataclasses.replace(
        report_of(known, request),
        notes=tuple(content.Note(_day(i), note) for i in range(content.MAX_TICKED_NOTES)),
    )
    data = pdf.render(report).pdf
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) == 1
    first_word = next(iter(re.findall(r"[A-Za-z]{4,}", questions)), None)
    if first_word is not None and len(text.of(report).questions) > 100:
        assert first_word in pdf_text(data)


def test_every_list_at_its_longest_still_fits_one_page(known: Journal) -> None:
    """The longest name, 600 characters of questions in many lines, five long notes, more
    red-flag mentions and routines than are shown, and two long findings: one page, each
    list cut with what is left said."""
    base = report_of(known, REQUEST)
    long_sign = "Numbness, tingling or pins and needles around your genitals " * 3
    report = dataclasses.replace(
        base,
        request=dataclasses.replace(
            REQUEST,
            name="W" * content.MAX_NAME_CHARS,
            questions="\n".join(["Why?"] * 200),
        ),
        red_flags=tuple(
            content.RedFlagNote(_day(i), long_sign, "emergency", "numb " * 30) for i in range(9)
        ),
        routines=tuple(
            content.RoutineDone(f"r{i}", f"Routine with a long name {i}" * 2, 9, 3, 12, 2)
            for i in range(10)
        ),
        notes=tuple(content.Note(_day(i), "Long note " * 60) for i in range(9)),
    )
    words = text.of(report)
    assert len(words.questions.splitlines()) == content.MAX_QUESTION_LINES
    assert words.red_flags[-1] == "And 5 more mentions in the period."
    assert words.routines[-1][0] == "4 other routines"
    for paper in pdf.PAPERS:
        data = pdf.render(
            dataclasses.replace(report, request=dataclasses.replace(report.request, paper=paper))
        ).pdf
        drawn_png(data, f"report-longest-{paper}")
        assert len(PdfReader(BytesIO(data)).pages) == 1


def test_the_version_on_the_report_is_the_projects() -> None:
    import tomllib

    from lumbarlog.version import VERSION

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["version"] == VERSION


def test_words_in_any_script_reach_the_page(known: Journal) -> None:
    """A note in a script no font here can draw (Egyptian hieroglyphs) still goes on the
    page, tagged, and the report says that some characters could not be drawn; control
    characters, which nobody can read, are left out. Every other report claims PDF/UA-1."""
    plain = pdf.render(report_of(known, REQUEST))
    assert plain.every_character_drawn
    assert b"pdfuaid:part" in _metadata(plain.pdf)
    report = dataclasses.replace(
        report_of(known, REQUEST), notes=(content.Note(_day(3), "\U00013000 after\x1b lifting"),)
    )
    rendered = pdf.render(report)
    assert not rendered.every_character_drawn
    reader = PdfReader(BytesIO(rendered.pdf))
    assert len(reader.pages) == 1
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert "after lifting" in pdf_text(rendered.pdf)
    assert b"pdfuaid:part" not in _metadata(rendered.pdf)


def _metadata(data: bytes) -> bytes:
    return bytes(PdfReader(BytesIO(data)).trailer["/Root"]["/Metadata"].get_object().get_data())
