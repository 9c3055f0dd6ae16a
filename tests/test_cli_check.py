"""`geo check`: one point, a file of points, formats and bad input."""

from __future__ import annotations

import csv
import io
import json

import geopandas as gpd
import pytest
from click.testing import CliRunner
from shapely import Point

import geo
from geo.cli import main

ARIHA = ("35.81374", "36.60964")


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_one_point_json_is_one_object():
    r = run("check", "--lat", "35.8407", "--lon", "36.6096", "-f", "json")
    assert r.exit_code == 0, r.stderr
    obj = json.loads(r.stdout)
    assert isinstance(obj, dict)
    assert obj["in_corridor"] is True and obj["side"] == "north" and obj["status"] == "ok"
    assert 2000 < obj["distance_m"] < 3500 and 40 < obj["along_km"] < 55
    assert set(obj) >= {"edge_m", "near_edge"}


def test_one_point_text():
    r = run("check", "--lat", ARIHA[0], "--lon", ARIHA[1])
    assert r.exit_code == 0
    assert "inside the corridor, astride the road" in r.stdout
    assert "km along it from Ain al-Havr" in r.stdout


def test_swapped_point_warns():
    r = run("check", "--lat", ARIHA[1], "--lon", ARIHA[0], "-f", "json")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["in_corridor"] is False
    assert "swapped" in r.stderr


def test_one_bad_point_is_a_usage_error():
    r = run("check", "--lat", "95", "--lon", "36", "-f", "json")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.strip().splitlines()[-1] == (
        "Error: latitude 95, longitude 36: out of range (|lat| <= 90, |lon| <= 180)")
    r = run("check", "--lat", "north", "--lon", "36")
    assert r.exit_code == 2 and "not a number" in r.stderr


CSV = ("name,latitude,longitude\n"
       "Ariha,35.81374,36.60964\n"
       "Idlib,35.93062,36.63393\n"
       "bad,abc,36\n"
       "swap,36.60964,35.81374\n"
       "far,200,1\n")


def test_csv_keeps_valid_rows_and_warns(tmp_path):
    path = tmp_path / "pts.csv"
    path.write_text(CSV, encoding="utf-8")
    out = tmp_path / "out.csv"
    r = run("check", str(path), "--lat-column", "latitude", "--lon-column", "longitude",
            "-f", "csv", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("name,latitude,longitude,status,in_corridor,corridor_status,side")
    assert len(lines) == 6
    assert lines[1].split(",")[3:5] == ["ok", "True"]
    assert lines[3].split(",")[3] == "invalid" and lines[3].split(",")[1] == "abc"
    assert "line 4" in r.stderr and "swapped" in r.stderr and "line 6" in r.stderr


def test_csv_column_autodetect_and_stdin_jsonl():
    r = run("check", "-", "-f", "jsonl", input=CSV)
    assert r.exit_code == 0
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["status"] for x in rows] == ["ok", "ok", "invalid", "outside_syria",
                                           "out_of_range"]
    assert rows[0]["side"] in ("north", "south", "astride") and rows[1]["in_corridor"] is False
    assert rows[0]["corridor_status"] == "inside" and rows[2]["corridor_status"] == "unlocated"


def test_geojson_output_and_input(tmp_path):
    path = tmp_path / "pts.csv"
    path.write_text(CSV, encoding="utf-8")
    out = tmp_path / "out.geojson"
    assert run("check", str(path), "-f", "geojson", "-o", str(out)).exit_code == 0
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["features"][0]["geometry"]["coordinates"] == [36.60964, 35.81374]
    assert fc["features"][2]["geometry"] is None  # the invalid row is kept
    # and GeoJSON points as input
    gdf = gpd.read_file(out)
    assert len(gdf) == 5


def test_gpkg_points(tmp_path):
    path = tmp_path / "pts.gpkg"
    gpd.GeoDataFrame({"name": ["Ariha", "Aleppo"]},
                     geometry=[Point(36.60964, 35.81374), Point(37.16117, 36.20124)],
                     crs="EPSG:4326").to_file(path)
    r = run("check", str(path), "-f", "json")
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [x["in_corridor"] for x in rows] == [True, False]
    assert rows[0]["name"] == "Ariha"


def test_empty_file_is_an_error(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    r = run("check", str(path))
    assert r.exit_code == 2
    assert r.stderr.strip() == f"Error: {path}: empty file"


def test_missing_column_is_an_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    r = run("check", str(path))
    assert r.exit_code == 2 and "no lat column" in r.stderr and ":1:" in r.stderr
    r = run("check", str(path), "--lat-column", "a", "--lon-column", "nope")
    assert r.exit_code == 2 and "no 'nope' column" in r.stderr


def test_missing_file_and_no_input(tmp_path):
    r = run("check", str(tmp_path / "none.csv"))
    assert r.exit_code == 2 and "no such file" in r.stderr
    r = run("check")
    assert r.exit_code == 2 and "nothing to check" in r.stderr
    r = run("check", "--lat", "35.8")
    assert r.exit_code == 2 and "both --lat and --lon" in r.stderr


def test_corridor_options_apply():
    r = run("check", "--lat", "35.8407", "--lon", "36.6096", "--width-km", "2", "-f", "json")
    assert json.loads(r.stdout)["in_corridor"] is False


def test_place_name_through_the_gazetteer():
    r = run("check", "أريحا", "-f", "json")
    assert r.exit_code == 0, r.stderr
    obj = json.loads(r.stdout)
    assert obj["in_corridor"] is True and obj["id"].startswith(("wof:", "osy:", "curated:"))
    r = run("check", "Idlib", "-f", "json")
    assert json.loads(r.stdout)["in_corridor"] is False


def test_unknown_place_is_an_error():
    r = run("check", "Qwertyuiopville")
    assert r.exit_code == 2 and "no place called" in r.stderr


def test_lat_lon_argument():
    r = run("check", "35.8407,36.6096", "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["side"] == "north"


def test_one_bad_point_is_one_line_with_a_decimal_comma_hint():
    # a warning about "1 row(s)" came before the error, and "35,8" got no hint
    r = run("check", "--lat", "35,8", "--lon", "36,6")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "Warning" not in r.stderr
    assert "write decimals with a dot" in r.stderr


def test_semicolon_csv_with_decimal_commas(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text("name;lat;lon\nAriha;35,81374;36,60964\nbad;x;y\n", encoding="utf-8")
    r = run("check", str(path), "-f", "json")
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [x["status"] for x in rows] == ["ok", "invalid"] and rows[0]["in_corridor"] is True


def test_duplicated_coordinate_column_is_an_error(tmp_path):
    path = tmp_path / "dup.csv"  # the last 'lat' was used silently
    path.write_text("name,lat,lat,lon\nA,1,35.81,36.61\n", encoding="utf-8")
    r = run("check", str(path))
    assert r.exit_code == 2
    assert r.stderr.strip() == f"Error: {path}:1: 2 columns are called 'lat'; rename all but one"


def test_directory_empty_and_unreadable_vector_files(tmp_path):
    # GDAL's "not recognized … prefix the path with '<DRIVER>:'" for a folder or an empty file
    empty = tmp_path / "empty.geojson"
    empty.write_text("", encoding="utf-8")
    junk = tmp_path / "junk.gpkg"
    junk.write_bytes(bytes(range(256)) * 8)
    for path, want in ((tmp_path, "is a directory"), (empty, "empty file"),
                       (junk, "not a vector file GDAL can read")):
        r = run("check", str(path))
        assert r.exit_code == 2 and r.stdout == ""
        assert r.stderr.count("\n") == 1 and want in r.stderr and "DRIVER" not in r.stderr


def test_several_layers_is_one_warning_line(tmp_path):
    path = tmp_path / "two.gpkg"
    for layer in ("a", "b"):
        gpd.GeoDataFrame({"n": [1]}, geometry=[Point(36.60964, 35.81374)],
                         crs="EPSG:4326").to_file(path, layer=layer)
    r = run("check", str(path), "-f", "json")
    assert r.exit_code == 0
    assert r.stderr.strip().splitlines() == [
        f"Warning: {path}: several layers ('a' (default), 'b'); only the first is checked"]


def test_infinite_coordinates_in_geojson_output(tmp_path):
    # float("inf") reached json.dumps(allow_nan=False): ValueError traceback, half a collection
    path = tmp_path / "inf.csv"
    path.write_text("lat,lon\ninf,36\n1e400,36\n35.81374,36.60964\n", encoding="utf-8")
    r = run("check", str(path), "-f", "geojson")
    assert r.exit_code == 0, r.stderr
    feats = json.loads(r.stdout)["features"]
    assert [f["geometry"] for f in feats[:2]] == [None, None]
    assert [f["properties"]["status"] for f in feats] == ["invalid", "invalid", "ok"]


def test_kml_and_date_columns_are_written_as_json(tmp_path):
    # KML's empty timestamp/begin/end columns (NaT) crashed every JSON format
    import pandas as pd

    path = tmp_path / "pts.gpkg"
    gpd.GeoDataFrame({"when": [pd.Timestamp("2020-03-05"), pd.NaT]},
                     geometry=[Point(36.60964, 35.81374)] * 2, crs="EPSG:4326").to_file(path)
    for fmt in ("json", "geojson"):
        r = run("check", str(path), "-f", fmt)
        assert r.exit_code == 0, r.output
        rows = json.loads(r.stdout)
        rows = rows if fmt == "json" else [f["properties"] for f in rows["features"]]
        assert [x["when"] for x in rows] == ["2020-03-05T00:00:00", None]


def test_decimal_comma_argument_gets_a_hint():
    r = run("check", "35,84,36,61")
    assert r.exit_code == 2 and r.stderr.count("\n") == 1
    assert "give LAT,LON with dots for decimals" in r.stderr
    r = run("check", "Atlantis")
    assert r.exit_code == 2 and "dots for decimals" not in r.stderr


def test_weak_name_match_is_not_checked():
    r = run("check", "README")  # neither a file nor a place: the closest village is a guess
    assert r.exit_code == 2
    assert "no file and no place called 'README'" in r.stderr
    r = run("check", "Saraqeb", "-f", "json")  # a real spelling variant still works
    assert r.exit_code == 0 and json.loads(r.stdout)["name_ar"] == "سراقب"


def _awkward_csv(path, rows=3000, seed=4):
    """A CSV with what real exports hold: quoted commas and quotes, a field over two lines,
    Arabic, blank and short rows, a bad byte, empty cells, a formula-like cell, ids with
    leading zeros, swapped and missing coordinates."""
    import random

    rnd = random.Random(seed)
    lines = ["id,name,lat,lon,n,note"]
    for i in range(rows):
        lat, lon = f"{rnd.uniform(35.3, 36.4):.5f}", f"{rnd.uniform(35.8, 37.2):.5f}"
        r = rnd.random() if (i // 700) % 2 else rnd.uniform(0.04, 1)  # every other 700 clean
        lines.append(
            f'{i},"two\nlines",{lat},{lon},{i},x' if r < 0.01 else
            f"{i},short,{lat}" if r < 0.02 else
            "" if r < 0.03 else
            ",,,,," if r < 0.04 else
            f"{i},=cmd,{lat},{lon},007,-x" if r < 0.05 else
            f"{i},bad,abc,{lon},1," if r < 0.06 else
            f"{i},مكان,{lon},{lat},2," if r < 0.07 else
            f'{i},"Saraqib, east",{lat},{lon},{i % 7},"say ""hi"""')
    data = ("\ufeff" + "\n".join(lines) + "\n").encode().replace(b"\n1500,", b"\n\xff1500,")
    path.write_bytes(data)


@pytest.mark.parametrize(("fmt", "excel"), [("csv", False), ("csv", True), ("jsonl", False)])
def test_whole_blocks_read_and_write_like_row_by_row(tmp_path, monkeypatch, fmt, excel):
    """Blocks parsed whole by pyarrow and written column-wise give the very bytes (and
    warnings) of the row-by-row csv-module path, bad rows included."""
    import geo.cli.check as check

    src = tmp_path / "in.csv"
    _awkward_csv(src)
    monkeypatch.setattr(check, "BLOCK_ROWS", 700)  # several blocks, some clean, some not
    extra = ["--excel"] if excel else []
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    real, parsed = pa_csv.read_csv, []

    def spy(*args, **kwargs):
        try:
            table = real(*args, **kwargs)
        except pa.ArrowInvalid:
            parsed.append(False)
            raise
        parsed.append(True)
        return table

    monkeypatch.setattr(pa_csv, "read_csv", spy)
    fast = CliRunner().invoke(main, ["check", str(src), "-f", fmt, "-o", str(tmp_path / "a"),
                                     *extra])
    assert any(parsed) and not all(parsed)  # blocks read whole, and row by row
    monkeypatch.setattr(check, "WHOLE_BLOCKS", False)
    slow = CliRunner().invoke(main, ["check", str(src), "-f", fmt, "-o", str(tmp_path / "b"),
                                     *extra])
    assert fast.exit_code == slow.exit_code == 1  # the bad rows were skipped
    assert fast.output == slow.output and "two" not in fast.output
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()
    text = (tmp_path / "a").read_text(encoding="utf-8-sig")
    assert "Saraqib" in text and "مكان" in text and ("'=cmd" in text) == excel


def test_csv_numbers_are_written_as_python_writes_them(tmp_path):
    """Typed numbers come back as Python's repr: 35.80 -> 35.8, 1E3 -> 1000.0, +7 -> 7; an id
    with leading zeros stays text; answers rounded as round() rounds."""
    src = tmp_path / "p.csv"
    src.write_text("id,lat,lon,k\n007,35.80,36.6096,+7\n8,35.81374,36.60964,1E3\n")
    r = run("check", str(src), "-f", "csv")
    rows = r.output.splitlines()
    assert rows[1].startswith("007,35.8,36.6096,7.0,") and rows[2].startswith(
        "8,35.81374,36.60964,1000.0,")
    got = list(csv.DictReader(io.StringIO(r.output)))
    want = geo.classify([36.6096, 36.60964], [35.80, 35.81374])
    assert [float(g["distance_m"]) for g in got] == [round(v, 1) for v in want["distance_m"]]
