"""experiments.json: the self-experiments (experiment_log.py) as text, and read back strictly.

Every field is checked on reading, the design by the same rules as a new one; a file that
cannot be read raises ``ExperimentFileError`` naming the part and the reason, and the journal
never writes over it. Numbers that are not finite (no difference to estimate, an unbounded
range) are written as null.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from lumbarlog.domain.experiment_log import (
    EXPERIMENTS_FILE,
    EXPERIMENTS_VERSION,
    FINISHED,
    RUNNING,
    STATUSES,
    Experiment,
    ExperimentLog,
    RecordedDay,
    RecordedResult,
    check_days,
)
from lumbarlog.domain.experiments import (
    CONDITIONS,
    KEPT,
    MAX_SEED,
    A,
    B,
    Design,
    DesignError,
    checked_design,
)


class ExperimentFileError(ValueError):
    """experiments.json cannot be read: ``field`` names the part, ``reason`` says why."""

    def __init__(self, field: str, reason: str):
        self.field = field
        self.reason = reason
        super().__init__(f"{EXPERIMENTS_FILE}: {field}: {reason}")


def log_to_json(log: ExperimentLog) -> str:
    """experiments.json's text for ``log``."""
    body = {
        "schema_version": EXPERIMENTS_VERSION,
        "experiments": [_experiment_json(e) for e in log.experiments],
    }
    return json.dumps(body, indent=2, allow_nan=False) + "\n"


def _experiment_json(e: Experiment) -> dict[str, Any]:
    d = e.design
    return {
        "id": e.id,
        "question_id": d.question_id,
        "question": e.question,
        "a": e.a,
        "b": e.b,
        "outcome": d.outcome,
        "outcome_words": e.outcome_words,
        "start": d.start.isoformat(),
        "weeks": d.weeks,
        "block_days": d.block_days,
        "seed": d.seed,
        "orders": [A + B if first else B + A for first in e.orders],
        "saved_at": e.saved_at.isoformat(timespec="seconds"),
        "status": e.status,
        "ended_on": e.ended_on.isoformat() if e.ended_on else None,
        "days": [[x.date.isoformat(), x.condition, x.kept] for x in e.days],
        "result": None if e.result is None else _result_json(e.result),
    }


def _result_json(r: RecordedResult) -> dict[str, Any]:
    def number(value: float) -> float | None:
        return value if math.isfinite(value) else None  # NaN: none; infinite: unbounded

    return {
        "estimate": number(r.estimate),
        "ci_low": number(r.ci_low),
        "ci_high": number(r.ci_high),
        "p_value": r.p_value,
        "schedules": r.schedules,
        "pairs_used": r.pairs_used,
        "pairs_left_out": r.pairs_left_out,
        "days_a": r.days_a,
        "days_b": r.days_b,
        "words": r.words,
    }


def log_from_json(text: str) -> ExperimentLog:
    """The experiments in experiments.json's text; raises ExperimentFileError naming the part
    that cannot be read."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExperimentFileError(
            "file", f"is not valid JSON (line {error.lineno}: {error.msg})"
        ) from None
    except RecursionError:
        raise ExperimentFileError("file", "is nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("experiments"), list):
        raise ExperimentFileError("file", "should hold schema_version and a list of experiments")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ExperimentFileError("schema_version", f"{version!r} is not a version number")
    if version > EXPERIMENTS_VERSION:
        raise ExperimentFileError(
            "schema_version",
            f"written by a newer Lumbar Log (version {version}); update the app to read it",
        )
    found: list[Experiment] = []
    for number, item in enumerate(data["experiments"], start=1):
        found.append(_experiment(item, f"experiments[{number}]"))
    if len({e.id for e in found}) != len(found):
        raise ExperimentFileError("experiments", "two experiments have the same id")
    if sum(e.status == RUNNING for e in found) > 1:
        raise ExperimentFileError("experiments", "more than one experiment is running")
    return ExperimentLog(tuple(found))


def _experiment(item: object, where: str) -> Experiment:
    if not isinstance(item, dict):
        raise ExperimentFileError(where, "should be an object")
    get = _Fields(item, where)
    try:
        design = checked_design(
            Design(
                get.text("question_id"),
                get.text("outcome"),
                get.date("start"),
                get.whole("weeks"),
                get.whole("block_days"),
                get.whole("seed"),
            )
        )
    except DesignError as error:
        raise ExperimentFileError(f"{where}.{_key(error.field)}", error.reason) from None
    orders = item.get("orders")
    if not isinstance(orders, list) or any(o not in ("AB", "BA") for o in orders):
        raise ExperimentFileError(f"{where}.orders", 'should be a list of "AB" or "BA"')
    if len(orders) != design.pairs:
        raise ExperimentFileError(
            f"{where}.orders", f"has {len(orders)} pairs of blocks; the design has {design.pairs}"
        )
    status = get.text("status")
    if status not in STATUSES:
        raise ExperimentFileError(f"{where}.status", f"{status!r} is not one of {STATUSES}")
    ended = item.get("ended_on")
    result = item.get("result")
    experiment = Experiment(
        id=get.text("id"),
        design=design,
        orders=tuple(o == "AB" for o in orders),
        question=get.text("question"),
        a=get.text("a"),
        b=get.text("b"),
        outcome_words=get.text("outcome_words"),
        saved_at=get.moment("saved_at"),
        status=status,
        ended_on=None if ended is None else get.date("ended_on"),
        days=_days(item.get("days"), f"{where}.days"),
        result=None if result is None else _result(result, f"{where}.result"),
    )
    if (status == RUNNING) != (experiment.ended_on is None):
        raise ExperimentFileError(f"{where}.ended_on", "does not agree with its status")
    if experiment.result is not None and status != FINISHED:
        raise ExperimentFileError(f"{where}.result", "only a finished experiment has one")
    try:
        check_days(experiment, experiment.days)
    except DesignError as error:
        raise ExperimentFileError(f"{where}.days", error.reason) from None
    return experiment


def _key(field: str) -> str:
    names = {"Block length": "block_days", "First day": "start"}
    return names.get(field, field.lower())


def _days(value: object, where: str) -> tuple[RecordedDay, ...]:
    if not isinstance(value, list):
        raise ExperimentFileError(where, "should be a list of [date, condition, kept]")
    days = []
    for row in value:
        if (
            not isinstance(row, list)
            or len(row) != 3
            or row[1] not in CONDITIONS
            or row[2] not in KEPT
        ):
            raise ExperimentFileError(where, f"{row!r} is not [date, A or B, how it was kept]")
        try:
            days.append(RecordedDay(dt.date.fromisoformat(str(row[0])), row[1], row[2]))
        except ValueError:
            raise ExperimentFileError(where, f"{row[0]!r} is not a date (YYYY-MM-DD)") from None
    return tuple(days)


def _result(value: object, where: str) -> RecordedResult:
    if not isinstance(value, dict):
        raise ExperimentFileError(where, "should be an object")
    get = _Fields(value, where)
    return RecordedResult(
        estimate=get.number("estimate", math.nan),
        ci_low=get.number("ci_low", -math.inf),
        ci_high=get.number("ci_high", math.inf),
        p_value=get.number("p_value", math.nan),
        schedules=get.whole("schedules"),
        pairs_used=get.whole("pairs_used"),
        pairs_left_out=get.whole("pairs_left_out"),
        days_a=get.whole("days_a"),
        days_b=get.whole("days_b"),
        words=get.text("words"),
    )


class _Fields:
    """Typed reads of one object's fields, each refusal naming ``where.field``."""

    def __init__(self, item: dict[str, Any], where: str):
        self._item = item
        self._where = where

    def _fail(self, key: str, reason: str) -> ExperimentFileError:
        return ExperimentFileError(f"{self._where}.{key}", reason)

    def text(self, key: str) -> str:
        value = self._item.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self._fail(key, f"{value!r} is not a text")
        return value

    def whole(self, key: str) -> int:
        value = self._item.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_SEED:
            raise self._fail(key, f"{value!r} is not a whole number")
        return value

    def number(self, key: str, missing: float) -> float:
        value = self._item.get(key)
        if value is None:
            return missing
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail(key, f"{value!r} is not a number")
        return float(value)

    def date(self, key: str) -> dt.date:
        value = self._item.get(key)
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self._fail(key, f"{value!r} is not a date (YYYY-MM-DD)") from None

    def moment(self, key: str) -> dt.datetime:
        value = self._item.get(key)
        try:
            return dt.datetime.fromisoformat(str(value))
        except ValueError:
            raise self._fail(key, f"{value!r} is not a date and time") from None
