"""The writer registry: every format read back with the tool its users open it with."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_registry_one_place_to_add_a_format(tmp_path):
    try:
        @gw.register("upper")
        class UpperWriter(gw.RecordWriter):
            def write_rows(self, rows, out, **_):
                out.write("".join(str(r["name"]).upper() + "\n" for r in rows))

        gw.write([{"name": "ariha"}], "upper", tmp_path / "x.txt")
    finally:
        gw.WRITERS.pop("upper", None)
    assert (tmp_path / "x.txt").read_text() == "ARIHA\n"
    with pytest.raises(gw.InputError, match="unknown format 'nope'; choose from csv"):
        gw.write([], "nope", tmp_path / "y")
    with pytest.raises(gw.InputError, match="needs a file name"):
        gw.write([{"lat": 1, "lon": 2}], "gpkg", "-")
    assert gw.formats_for("a.GPKG") == "gpkg" and gw.formats_for("a.ndjson") == "jsonl"
    assert gw.formats_for("a.txt") is None


def test_typed_and_spreadsheet_safe():
    rows = gw.typed([{"n": "1", "x": "1.5", "code": "0012", "t": "a"},
                     {"n": "-2", "x": "", "code": "13", "t": "1"}])
    assert rows == [{"n": 1, "x": 1.5, "code": "0012", "t": "a"},
                    {"n": -2, "x": None, "code": "13", "t": "1"}]
    assert [gw.spreadsheet_safe(v) for v in ("=1+2", "+9", "-x", "@a", "\tx", "\rx", "-3.5",
                                             "plain", 5)] == \
        ["'=1+2", "+9", "'-x", "'@a", "'\tx", "'\rx", "-3.5", "plain", 5]


def test_gpkg_splits_geometry_types_and_labels_epsg_4326(tmp_path):
    import geopandas as gpd
    import pyogrio
    from shapely.geometry import LineString, MultiPolygon, Point, Polygon

    sq = Polygon([(36, 35), (36.1, 35), (36.1, 35.1)])
    gdf = gpd.GeoDataFrame(
        {"part": ["a", "b", "c", "d"], "n": [1, 2, 3, 4]},
        geometry=[sq, MultiPolygon([sq]), LineString([(36, 35), (37, 36)]), Point(36, 35)],
        crs="OGC:CRS84")
    out = tmp_path / "x.gpkg"
    gw.write(gdf, "gpkg", out)
    assert pyogrio.list_layers(out).tolist() == [["polygons", "MultiPolygon"],
                                                 ["lines", "LineString"], ["points", "Point"]]
    back = gpd.read_file(out, layer="polygons")
    assert back.crs.to_epsg() == 4326 and back["n"].tolist() == [1, 2]


def test_kml_escapes_report_text(tmp_path):
    import xml.etree.ElementTree as ET

    rows = [{"name_en": "<script>alert(1)</script> & co", "name_ar": "سراقب", "lat": 35.86,
             "lon": 36.8, "notes": "]]><x/>"}]
    out = tmp_path / "x.kml"
    gw.write(rows, "kml", out)
    root = ET.parse(out).getroot()
    ns = {"k": gw.KML_NS}
    pm = root.find("k:Document/k:Placemark", ns)
    assert pm.find("k:name", ns).text == "<script>alert(1)</script> & co · سراقب"
    assert "<script>" not in out.read_text(encoding="utf-8")
    coords = pm.find("k:Point/k:coordinates", ns).text
    assert coords == "36.800000,35.860000"


@pytest.mark.parametrize("module", ["geo.writers", "geo.names", "geo.style", "geo.events"])
def test_docstring_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted and not result.failed


def test_gpkg_rows_without_coordinates_still_make_a_point_layer(tmp_path):
    import geopandas as gpd
    import pyogrio

    out = tmp_path / "bad.gpkg"
    gw.write([{"id": "a", "lat": None, "lon": None}, {"id": "b", "lat": "x", "lon": 3}],
             "gpkg", out, layer="points")
    assert pyogrio.list_layers(out).tolist() == [["points", "Point"]]
    back = gpd.read_file(out)
    assert back["id"].tolist() == ["a", "b"] and back.geometry.isna().all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True),
                          st.floats(-1e6, 1e6).map(lambda v: round(v, 3))), min_size=1),
       st.lists(st.one_of(st.none(), st.text()), min_size=1))
def test_columns_render_as_the_csv_module_writes_their_values(floats, texts):
    """write_csv_arrow (pyarrow, column-wise) writes what write_csv writes, cell for cell."""
    import pyarrow as pa

    n = min(len(floats), len(texts))
    floats, texts = floats[:n], texts[:n]
    ints, flags = [i - n // 2 for i in range(n)], [i % 3 == 0 for i in range(n)]
    records = [{"f": f, "t": t, "i": i, "b": b} for f, t, i, b in zip(floats, texts, ints, flags,
                                                                     strict=True)]
    want = io.StringIO()
    gw.write_csv(records, want)
    got = io.StringIO()
    gw.write_csv_arrow({"f": pa.array(floats, pa.float64()), "t": pa.array(texts, pa.string()),
                        "i": pa.array(ints), "b": pa.array(flags)}, got)
    assert got.getvalue() == want.getvalue()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.just(""), st.just(" "), st.integers(-10**20, 10**20).map(str),
                          st.floats(allow_nan=False, allow_infinity=False).map(repr),
                          st.sampled_from(["007", "1E3", "+5", "-0.0", " 4.25 ", "1e999"])),
                min_size=1))
def test_typed_column_converts_as_typed_does(cells):
    got = gw.typed_column(cells).to_pylist()
    want = [r["x"] for r in gw.typed([{"x": c} for c in cells])]
    clean = [None if isinstance(v, float) and v in (float("inf"), float("-inf")) else v
             for v in want]  # a float too large is no number
    assert got == clean and [type(v) for v in got] == [type(v) for v in clean]


def test_an_integer_past_64_bits_keeps_its_column_as_text():
    cells = ["9223372036854775808", "5"]
    assert gw.typed_column(cells).to_pylist() == cells
    assert [r["x"] for r in gw.typed([{"x": c} for c in cells])] == cells
    assert gw.typed_column(["9223372036854775807", "5"]).to_pylist() == [2 ** 63 - 1, 5]
