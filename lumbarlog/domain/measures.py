"""Validated questionnaires (measures.csv): one answered PEG or STarT Back, checked; its row in
the journal's frame; and when each is due again.

measures.csv: ``date,instrument,item1,...,item9,score,subscale``. ``instrument`` is ``peg`` or
``startback``. The items are the answers as given: the PEG's three 0-10 answers in item1-3
(item4-9 blank); STarT Back's items 1-8 as 0 (disagree) or 1 (agree) and item 9 as its 0-4
answer ("Not at all" ... "Extremely"), so nothing of the answer is lost. ``score`` is the PEG
score (0-10, two decimals in the file) or the STarT Back total (0-9); ``subscale`` is STarT
Back's distress subscale (0-5), blank for the PEG. Score and subscale are always computed from
the items; a file whose score disagrees with its items is refused on that line.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import pandas as pd

from lumbarlog.domain import peg, startback
from lumbarlog.domain.parsing import is_blank, normal_text, parse_date, show_value
from lumbarlog.domain.schema import Problem, ValidationError

MAX_ITEMS = 9
ITEM_COLUMNS: tuple[str, ...] = tuple(f"item{i}" for i in range(1, MAX_ITEMS + 1))
MEASURE_COLUMNS: tuple[str, ...] = ("date", "instrument", *ITEM_COLUMNS, "score", "subscale")
MEASURE_DTYPES: Mapping[str, str] = {
    "date": "datetime64[ns]",
    "instrument": "object",
    **dict.fromkeys(ITEM_COLUMNS, "float64"),
    "score": "float64",
    "subscale": "float64",
}

INSTRUMENTS: tuple[str, ...] = (peg.INSTRUMENT, startback.INSTRUMENT)
NAMES: Mapping[str, str] = {peg.INSTRUMENT: peg.NAME, startback.INSTRUMENT: startback.NAME}
ITEM_COUNT: Mapping[str, int] = {peg.INSTRUMENT: peg.ITEMS, startback.INSTRUMENT: startback.ITEMS}

PEG_EVERY_DAYS = 7  # the PEG is asked when none was answered in the last 7 days
STARTBACK_EVERY_DAYS = 30  # STarT Back at the start, then when the last is 30 or more days old

# The spellings of an instrument a person might type in the file, folded.
_SPELLINGS: Mapping[str, str] = {
    "peg": peg.INSTRUMENT,
    "peg3": peg.INSTRUMENT,
    "startback": startback.INSTRUMENT,
    "startbacktool": startback.INSTRUMENT,
    "keelestartback": startback.INSTRUMENT,
    "sbst": startback.INSTRUMENT,
    "sbt": startback.INSTRUMENT,
}

_WHOLE = re.compile(r"[0-9]+(?:[.,]0*)?")


@dataclass(frozen=True)
class Measure:
    """One questionnaire as answered on a day (items as given; see the module's docstring)."""

    date: dt.date
    instrument: str
    items: tuple[int, ...]

    def __post_init__(self) -> None:
        """A measure is whole or not made: a known questionnaire, each of its items answered
        in range (raises ValidationError naming each problem)."""
        if self.instrument not in INSTRUMENTS:
            parse_instrument(self.instrument)  # raises, naming the value
        problems: list[Problem] = []
        if len(self.items) != ITEM_COUNT[self.instrument]:
            problems.append(
                Problem("instrument", f"{self.name} has {ITEM_COUNT[self.instrument]} items")
            )
        for number, item in enumerate(self.items[: ITEM_COUNT[self.instrument]], start=1):
            low, high = item_range(self.instrument, number)
            if isinstance(item, bool) or not isinstance(item, int) or not low <= item <= high:
                try:
                    parse_item(item, instrument=self.instrument, number=number)
                except ValidationError as error:
                    problems.extend(error.problems)
        if problems:
            raise ValidationError(problems)

    @property
    def name(self) -> str:
        return NAMES[self.instrument]

    @property
    def score(self) -> float:
        """The PEG score (0-10) or the STarT Back total (0-9)."""
        if self.instrument == peg.INSTRUMENT:
            return peg.score(self.items)
        return float(startback.score(self.items).total)

    @property
    def subscale(self) -> int | None:
        """STarT Back's distress subscale (0-5); None for the PEG."""
        if self.instrument == startback.INSTRUMENT:
            return startback.score(self.items).subscale
        return None


def item_range(instrument: str, number: int) -> tuple[int, int]:
    """The answers item ``number`` (from 1) of an instrument takes."""
    if instrument == peg.INSTRUMENT:
        return peg.ITEM_MIN, peg.ITEM_MAX
    return (0, len(startback.BOTHER_ANSWERS) - 1) if number == startback.ITEMS else (0, 1)


def item_label(instrument: str, number: int) -> str:
    """The item as messages name it: "Pain (PEG item 1)", "STarT Back item 9"."""
    if instrument == peg.INSTRUMENT:
        return f"{peg.ITEM_NAMES[number - 1]} (PEG item {number})"
    return f"{startback.NAME} item {number}"


def parse_instrument(value: object) -> str:
    text = "" if is_blank(value) else re.sub(r"[\s_\-]+", "", normal_text(value).casefold())
    if text in _SPELLINGS:
        return _SPELLINGS[text]
    names = " or ".join(NAMES.values())
    reason = "is missing" if not text else f"{show_value(value)} is not a questionnaire"
    raise ValidationError([Problem("instrument", f"{reason}; use {names}", value=str(value))])


def parse_item(value: object, *, instrument: str, number: int) -> int:
    """One answer: a whole number in the item's range."""
    name = ITEM_COLUMNS[number - 1]
    low, high = item_range(instrument, number)
    label = item_label(instrument, number)
    if is_blank(value):
        raise ValidationError(
            [Problem(name, f"{label} is not answered; give a whole number from {low} to {high}")]
        )
    if isinstance(value, bool):
        whole = None
    elif isinstance(value, int):
        whole = value
    elif isinstance(value, float):
        whole = int(value) if value.is_integer() else None
    else:
        text = normal_text(value)
        whole = int(float(text.replace(",", "."))) if _WHOLE.fullmatch(text) else None
    if whole is None or not low <= whole <= high:
        raise ValidationError(
            [
                Problem(
                    name,
                    f"{label} must be a whole number from {low} to {high} (got "
                    f"{show_value(value)})",
                    value=str(value),
                )
            ]
        )
    return whole


def validate_measure(raw: Mapping[str, object], *, today: dt.date | None = None) -> Measure:
    """Check one questionnaire (a form's answers or a file's row); every problem is reported
    at once, each naming its field. ``today``: refuse dates after it (forms pass it; reading
    the journal does not, so a clock change never makes a saved answer unreadable)."""
    problems: list[Problem] = []
    day: dt.date | None = None
    instrument: str | None = None
    try:
        day = parse_date(raw.get("date"), today=today)
    except ValidationError as error:
        problems.extend(error.problems)
    try:
        instrument = parse_instrument(raw.get("instrument"))
    except ValidationError as error:
        problems.extend(error.problems)
    if instrument is None:
        raise ValidationError(problems)
    count = ITEM_COUNT[instrument]
    items: list[int] = []
    for number in range(1, count + 1):
        try:
            items.append(parse_item(raw.get(ITEM_COLUMNS[number - 1]), instrument=instrument,
                                    number=number))  # fmt: skip
        except ValidationError as error:
            problems.extend(error.problems)
    for column in ITEM_COLUMNS[count:]:
        if not is_blank(raw.get(column)):
            problems.append(
                Problem(
                    column,
                    f"{NAMES[instrument]} has {count} items, so {column} must be blank",
                    value=str(raw.get(column)),
                )
            )
    if problems or day is None:
        raise ValidationError(problems)
    measure = Measure(day, instrument, tuple(items))
    problems += _agrees(raw.get("score"), measure.score, "score")
    problems += _agrees(raw.get("subscale"), measure.subscale, "subscale")
    if problems:
        raise ValidationError(problems)
    return measure


def _agrees(value: object, computed: float | None, name: str) -> list[Problem]:
    """A score given beside the items must be the one they make (a blank one is computed)."""
    if is_blank(value):
        return []
    text = normal_text(value).replace(",", ".")
    try:
        given = float(text)
    except ValueError:
        given = math.nan
    if computed is not None and abs(given - computed) < 0.006:
        return []
    expected = "blank" if computed is None else f"{computed:.2f}".rstrip("0").rstrip(".")
    return [
        Problem(
            name,
            f"{show_value(value)} does not agree with the answers on its line ({expected})",
            value=str(value),
        )
    ]


# --------------------------------------------------------------------------------------------
# Frames
# --------------------------------------------------------------------------------------------


def empty_measures() -> pd.DataFrame:
    """No questionnaires, with the right columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in MEASURE_DTYPES.items()})


def measure_to_row(measure: Measure) -> dict[str, object]:
    items = [float(i) for i in measure.items] + [math.nan] * (MAX_ITEMS - len(measure.items))
    subscale = measure.subscale
    return {
        "date": pd.Timestamp(measure.date),
        "instrument": measure.instrument,
        **dict(zip(ITEM_COLUMNS, items, strict=True)),
        "score": measure.score,
        "subscale": math.nan if subscale is None else float(subscale),
    }


def measures_frame(measures: list[Measure]) -> pd.DataFrame:
    """Measures as the journal's frame, sorted by date then instrument, as the file reads."""
    if not measures:
        return empty_measures()
    frame = pd.DataFrame([measure_to_row(m) for m in measures], columns=list(MEASURE_COLUMNS))
    return sort(frame.astype(dict(MEASURE_DTYPES)))


def sort(frame: pd.DataFrame) -> pd.DataFrame:
    order = frame["instrument"].map({name: i for i, name in enumerate(INSTRUMENTS)})
    return (
        frame.assign(_order=order)
        .sort_values(["date", "_order"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def row_to_measure(row: Mapping[Hashable, object]) -> Measure:
    instrument = str(row["instrument"])
    count = ITEM_COUNT[instrument]
    day = row["date"]
    assert isinstance(day, pd.Timestamp)
    items = tuple(int(float(str(row[c]))) for c in ITEM_COLUMNS[:count])
    return Measure(day.date(), instrument, items)


def with_measure(frame: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """The measures with ``measure`` added; an answer to the same questionnaire on the same day
    is replaced by it (the earlier file is kept in the backups)."""
    same = (frame["date"] == pd.Timestamp(measure.date)) & (
        frame["instrument"] == measure.instrument
    )
    row = measures_frame([measure])
    kept = frame[~same]
    return sort(pd.concat([kept, row], ignore_index=True) if len(kept) else row)


def answers(frame: pd.DataFrame, instrument: str) -> list[Measure]:
    """Every answer to one questionnaire, oldest first."""
    return [row_to_measure(r) for r in frame[frame["instrument"] == instrument].to_dict("records")]


def latest(
    frame: pd.DataFrame, instrument: str, *, before: dt.date | None = None
) -> Measure | None:
    """The newest answer to a questionnaire (strictly before ``before`` when given)."""
    found = [m for m in answers(frame, instrument) if before is None or m.date < before]
    return found[-1] if found else None


def peg_due(frame: pd.DataFrame, today: dt.date) -> bool:
    """No PEG answered in the last 7 days (today and the 6 before)."""
    last = latest(frame, peg.INSTRUMENT, before=today + dt.timedelta(days=1))
    return last is None or (today - last.date).days >= PEG_EVERY_DAYS


def startback_due(frame: pd.DataFrame, today: dt.date) -> bool:
    """No STarT Back yet, or the last one is 30 or more days old."""
    last = latest(frame, startback.INSTRUMENT, before=today + dt.timedelta(days=1))
    return last is None or (today - last.date).days >= STARTBACK_EVERY_DAYS
