"""The writer registry: every format read back with the tool its users open it with."""

from __future__ import annotations

import csv
import io
import json

import pytest

from geo import writers as gw


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "geojson", "text"])
def test_write_records_keeps_arabic_and_handles_missing_values(tmp_path, fmt):
    rows = [{"name": "كفرنبل", "lat": 35.61, "lon": 36.56, "score": float("nan"),
             "alt": ["a", "b"]},
            {"name": "Saraqib", "lat": None, "lon": None, "score": 1.0, "alt": []}]
    out = tmp_path / f"out.{fmt}"
    gw.write_records(rows, fmt, out)
    text = out.read_text(encoding="utf-8")
    assert "كفرنبل" in text and "\\u" not in text
    if fmt == "json":
        data = json.loads(text)
        assert data[0]["score"] is None and data[0]["alt"] == ["a", "b"]
    elif fmt == "jsonl":
        assert [json.loads(x)["name"] for x in text.splitlines()] == ["كفرنبل", "Saraqib"]
    elif fmt == "csv":
        got = list(csv.DictReader(io.StringIO(text)))
        assert got[0]["score"] == "" and json.loads(got[0]["alt"]) == ["a", "b"]
    elif fmt == "geojson":
        fc = json.loads(text)
        assert fc["features"][0]["geometry"]["coordinates"] == [36.56, 35.61]
        assert fc["features"][1]["geometry"] is None
        assert "lat" not in fc["features"][0]["properties"]



def test_infinite_values_are_written_as_null():
    # ±inf reached json.dumps(allow_nan=False): `geo map … --events e.geojson` crashed
    out = io.StringIO()
    gw.write_records([{"lat": float("inf"), "lon": 36.0, "x": float("-inf")}], "geojson", None)
    gw.write_jsonl([{"v": float("inf")}], out)
    assert out.getvalue() == '{"v": null}\n'
    assert gw.feature(36.0, float("inf"), {})["geometry"] is None


def test_dates_and_missing_dates_are_written():
    # pandas NaT (KML timestamp columns) made json.dumps fail with "Circular reference detected"
    import datetime

    import pandas as pd

    row = {"t": pd.Timestamp("2020-03-05 12:00"), "nat": pd.NaT, "na": pd.NA,
           "d": datetime.date(2020, 3, 5), "other": object}
    out = io.StringIO()
    gw.write_jsonl([row], out)
    got = json.loads(out.getvalue())
    assert got["t"] == "2020-03-05T12:00:00" and got["nat"] is None and got["na"] is None
    assert got["d"] == "2020-03-05" and got["other"] == str(object)
    out = io.StringIO()
    gw.write_json(row, out)
    assert json.loads(out.getvalue())["t"] == "2020-03-05T12:00:00"
