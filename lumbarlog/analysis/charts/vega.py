"""Vega-Lite specs written as plain data, the form the browser receives.

Each Trends chart is a small dict of marks, encodings and transforms, and one or more datasets
named by their content. The charts were first built with Altair, whose object model checks
every piece as it is made: that cost most of drawing Trends after a save, about 35 ms a chart,
for specs that never change shape. Here the same specs are written directly, once per journal
version; ``VegaLite.to_dict`` gives exactly what Altair's ``to_dict`` gave (the same datasets,
under the same names, as lists of rows) and checks it against the Vega-Lite schema that Altair
ships, for the tests and the report; ``VegaLite.sent`` gives the spec unchecked with each
dataset as Arrow bytes, as the Trends page hands it to Streamlit.

A dataset's values are made as Altair made them (``sanitize_pandas_dataframe``): dates and
times as full ISO strings (a date alone would be read as UTC), missing and infinite numbers as
null, numbers as plain ints and floats.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

Spec = dict[str, Any]

# The Vega-Lite version of the pinned Altair (tests/test_charts.py keeps them equal), and the
# default view Altair writes into every chart (the charts set their own width and height).
SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
VIEW_CONFIG: Spec = {"view": {"continuousWidth": 300, "continuousHeight": 300}}


@dataclass(frozen=True)
class Dataset:
    """A chart's rows as JSON values, column by column, and the name the spec refers to them
    by: ``data-`` and a hash of the rows, as Altair names a dataset."""

    name: str
    columns: dict[str, list[Any]]
    rows: int

    def records(self) -> list[dict[str, Any]]:
        names = list(self.columns)
        return [
            dict(zip(names, values, strict=True))
            for values in zip(*self.columns.values(), strict=True)
        ]

    def arrow(self) -> bytes:
        """The rows as an Arrow IPC stream, the form Streamlit sends a chart's data in (as it
        sends an Arrow table it is given: without pandas' metadata, which a chart's data does
        not need)."""
        table = pa.Table.from_pydict(self.columns)
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        return bytes(sink.getvalue().to_pybytes())

    @property
    def ref(self) -> Spec:
        """The spec's reference to these rows."""
        return {"name": self.name}


def dataset(frame: pd.DataFrame) -> Dataset:
    """``frame``'s rows as a named dataset."""
    columns = {str(name): _json_values(frame[name]) for name in frame.columns}
    ds = Dataset("", columns, len(frame))
    records = ds.records()
    text = json.dumps(records, sort_keys=True, default=str)
    name = "empty" if records == [{}] else "data-" + hashlib.sha256(text.encode()).hexdigest()[:32]
    return Dataset(name, columns, len(frame))


def _json_values(column: pd.Series) -> list[Any]:
    """One column as JSON values, as Altair's ``sanitize_pandas_dataframe`` makes them."""
    dtype = column.dtype
    kind = str(dtype)
    if kind.startswith(("datetime", "timestamp")):
        return _iso_times(column)
    if kind.startswith("timedelta"):
        raise ValueError(f"{column.name}: a timedelta cannot be drawn")
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return list(column.to_numpy().tolist())
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        values: list[Any] = column.to_numpy().tolist()
        return [v if math.isfinite(v) else None for v in values]
    # Text, nullable numbers and booleans, and anything else: the values, null where missing.
    objects = column.astype(object)
    return [
        v.tolist() if isinstance(v, np.ndarray) else v
        for v in objects.where(objects.notna(), None).tolist()
    ]


def _iso_times(column: pd.Series) -> list[Any]:
    """Dates and times as ``Timestamp.isoformat`` writes them, "" where missing."""
    if isinstance(column.dtype, np.dtype):
        stamps = column.to_numpy().astype("datetime64[ns]")
        valid = ~np.isnat(stamps)
        nanoseconds = stamps[valid].astype("int64")
        if not (nanoseconds % 1_000_000_000).any():
            # Whole seconds (every date, and times as the journal keeps them): fast and exact.
            text = np.datetime_as_string(stamps.astype("datetime64[s]"), unit="s")
            return [str(t) if ok else "" for t, ok in zip(text, valid, strict=True)]
    return ["" if pd.isna(v) else pd.Timestamp(v).isoformat() for v in column]


@dataclass(frozen=True)
class VegaLite:
    """A finished chart: its spec (datasets referred to by name) and the datasets."""

    spec: Spec
    datasets: tuple[Dataset, ...]

    def to_dict(self, validate: bool = True) -> Spec:
        """The spec with its rows, as Altair's ``to_dict`` gave it; checked against the
        Vega-Lite schema unless ``validate`` is False."""
        result = copy.deepcopy(self.spec)
        result["datasets"] = {d.name: d.records() for d in _unique(self.datasets)}
        if validate:
            check(result)
        return result

    def sent(self) -> Spec:
        """The spec as the Trends page sends it: unchecked (the tests check every chart the
        builders make), each dataset as Arrow bytes, which Streamlit passes on as they are."""
        return {**self.spec, "datasets": {d.name: d.arrow() for d in _unique(self.datasets)}}


def _unique(datasets: Sequence[Dataset]) -> list[Dataset]:
    return list({d.name: d for d in datasets}.values())


def top_level(body: Spec, *datasets: Dataset) -> VegaLite:
    """A whole chart: ``body`` with the default view config and the schema's address."""
    return VegaLite({"config": VIEW_CONFIG, **body, "$schema": SCHEMA_URL}, datasets)


def shared_data(body: Spec) -> Spec:
    """A layered chart whose layers all draw the same rows names them once, at the top (as
    Altair writes it); otherwise each layer names its own."""
    names = [layer.get("data") for layer in body["layer"]]
    if names[0] is not None and all(n == names[0] for n in names):
        return {
            **body,
            "layer": [{k: v for k, v in layer.items() if k != "data"} for layer in body["layer"]],
            "data": names[0],
        }
    return body


def check(spec: Spec) -> None:
    """Raise when ``spec`` is not valid Vega-Lite (the schema Altair ships, as Altair checks
    its charts: a layered chart against the definition of one, a single view against its)."""
    from altair.vegalite.v6.schema import core  # only tests and the report check specs

    kind = (
        core.TopLevelLayerSpec
        if "layer" in spec
        else core.TopLevelUnitSpec
        if "mark" in spec
        else core.TopLevelSpec  # any top-level spec: slower, as strict
    )
    kind.validate(spec)


# ---- Pieces every chart uses ----------------------------------------------------------------


def field(name: str, kind: str, **options: Any) -> Spec:
    """An encoding channel on a field of the data ("quantitative", "temporal", ...)."""
    return {"field": name, "type": kind, **options}


def calculate(fields: dict[str, str]) -> list[Spec]:
    """``transform_calculate``'s steps: each field computed by its Vega expression."""
    return [{"calculate": expression, "as": name} for name, expression in fields.items()]


def date_time(moment: pd.Timestamp) -> Spec:
    """A calendar day as Vega-Lite's DateTime, for a scale's domain."""
    return {"year": moment.year, "month": moment.month, "date": moment.day}
