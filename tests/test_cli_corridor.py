"""`geo corridor`: formats, options, user centerline, errors."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from click.testing import CliRunner
from shapely import LineString, Polygon

from geo.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_geojson_parts_and_properties():
    r = run("corridor")
    assert r.exit_code == 0, r.stderr
    fc = json.loads(r.stdout)
    assert fc["type"] == "FeatureCollection"
    parts = [f["properties"]["part"] for f in fc["features"]]
    assert parts == ["north", "south", "centerline", "endpoint", "endpoint"]
    for f in fc["features"]:
        p = f["properties"]
        assert p["width_m"] == 6000 and p["accuracy_m"] == 2440 and "source" in p
        if p["part"] in ("north", "south"):
            assert p["area_km2"] > 300 and f["geometry"]["type"] in ("Polygon", "MultiPolygon")
        if p["part"] == "endpoint":
            assert p["name"] in ("Ain al-Havr", "Trumba")
    assert fc["metadata"]["clipped_km2"]["total"] > 10


def test_text_summary():
    r = run("corridor", "-f", "text")
    assert r.exit_code == 0
    assert "Ain al-Havr" in r.stdout and "Trumba" in r.stdout and "clipped" in r.stdout
    assert "accuracy" in r.stdout


@pytest.mark.parametrize("fmt", ["gpkg", "kml"])
def test_gis_formats(tmp_path, fmt):
    out = tmp_path / f"c.{fmt}"
    r = run("corridor", "-f", fmt, "-o", str(out), "--width-km", "3", "--cap", "round")
    assert r.exit_code == 0, r.stderr
    layers = [name for name, _ in pyogrio.list_layers(out)]
    assert sum(len(pyogrio.read_dataframe(out, layer=name)) for name in layers) == 5
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temp files left


def test_gpkg_to_stdout_is_refused():
    r = run("corridor", "-f", "gpkg")
    assert r.exit_code == 2 and "needs a file name" in r.stderr


def test_from_to_coordinates_and_width():
    r = run("corridor", "--from", "35.81374,36.60964", "--to", "35.85979,36.76833",
            "--width-km", "2")
    assert r.exit_code == 0, r.stderr
    meta = json.loads(r.stdout)["metadata"]
    assert 15 < meta["section_km"] < 20 and meta["width_m"] == 2000


def test_user_centerline_file(tmp_path):
    line = LineString([(36.10, 35.77), (36.45, 35.79), (36.85, 35.87)])
    path = tmp_path / "roads.gpkg"
    gpd.GeoDataFrame({"ref": ["M4"]}, geometry=[line], crs="EPSG:4326").to_file(path)
    out = tmp_path / "c.geojson"
    r = run("corridor", "--centerline", str(path), "--centerline-where", "ref=M4",
            "--centerline-accuracy-m", "100", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert "roads.gpkg" in fc["metadata"]["source"]
    assert fc["features"][0]["properties"]["accuracy_m"] == 100


def test_polygon_centerline_is_one_line_error(tmp_path):
    path = tmp_path / "poly.geojson"
    gpd.GeoDataFrame(geometry=[Polygon([(36, 35.7), (36.5, 35.7), (36.5, 35.9)])],
                     crs="EPSG:4326").to_file(path)
    out = tmp_path / "c.geojson"
    r = run("corridor", "--centerline", str(path), "-o", str(out))
    assert r.exit_code == 2
    assert r.stderr.startswith("Error: ") and len(r.stderr.strip().splitlines()) == 1
    assert "not a Polygon" in r.stderr
    assert not out.exists()


def test_where_without_centerline():
    r = run("corridor", "--centerline-where", "ref=M4")
    assert r.exit_code == 2 and "needs --centerline" in r.stderr


def test_list_format_mismatch():
    r = run("corridor", "-f", "csv")
    assert r.exit_code == 2 and "--list-places" in r.stderr


def test_list_places():
    r = run("corridor", "--list-places", "-f", "jsonl")
    assert r.exit_code == 0, r.stderr
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    names = {x["name_ar"] for x in rows}
    assert {"أريحا", "جسر الشغور"} <= names
    assert "إدلب" not in names
    assert all(x["side"] in ("north", "south", "astride") for x in rows)
    by = {x["name_ar"]: x for x in rows}
    assert by["أريحا"]["side"] == "astride"  # the line runs through its centre
    along = [x["along_km"] for x in rows]
    assert along == sorted(along) and along[0] >= -0.01 and along[-1] <= 64.0


def test_from_to_place_names():
    r = run("corridor", "--from", "Jisr al-Shughur", "--to", "أريحا", "-f", "text")
    assert r.exit_code == 0, r.stderr
    assert "→ Ariha" in r.stdout or "Ariha" in r.stdout
    r = run("corridor", "--from", "Qwertyuiopville")
    assert r.exit_code == 2 and "no such place" in r.stderr


@pytest.mark.parametrize("spec", ["nan,nan", "35.8,inf", "-Infinity 36"])
def test_non_finite_section_end_is_not_a_place_name(spec):
    # "nan,nan" was fuzzy-matched to the village Na`nu, 56 km from the road
    r = run("corridor", "--from", spec, "-f", "text")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.strip() == (f"Error: --from {spec!r}: coordinates are not finite numbers "
                                "(give LAT,LON)")


def test_gdal_notes_and_errors_are_one_line(tmp_path):
    # pyogrio's RuntimeWarning printed its source line; GDAL's "not recognized … prefix the
    # path with '<DRIVER>:'" was shown for an empty or junk --centerline
    out = tmp_path / "corridor.txt"
    r = run("corridor", "-f", "gpkg", "-o", str(out))
    assert r.exit_code == 0 and out.exists()
    assert r.stderr.count("\n") == 1 and r.stderr.startswith(f"Warning: {out}: ")
    empty = tmp_path / "empty.geojson"
    empty.write_text("", encoding="utf-8")
    junk = tmp_path / "junk.geojson"
    junk.write_bytes(bytes(range(256)) * 4)
    for path, want in ((empty, "empty file"), (junk, "not a format GDAL reads")):
        r = run("corridor", "--centerline", str(path), "-f", "text")
        assert r.exit_code == 2 and r.stderr.count("\n") == 1
        assert want in r.stderr and "DRIVER" not in r.stderr


@pytest.mark.parametrize("args, what", [
    (["--centerline-accuracy-m", "50"], "--accuracy-m needs --centerline FILE"),
    (["--centerline", "LINE", "--centerline-accuracy-m", "-5"],
     "--accuracy-m must be metres >= 0, not -5"),
    (["--centerline", "LINE", "--centerline-accuracy-m", "nan"],
     "--accuracy-m must be metres >= 0, not nan"),
])
def test_bad_centerline_accuracy(tmp_path, args, what):
    # a negative or nan accuracy, or one without --centerline, was silently accepted/ignored
    line = tmp_path / "m4.geojson"
    gpd.GeoDataFrame(geometry=[LineString([(36.16, 35.78), (36.77, 35.86)])],
                     crs="EPSG:4326").to_file(line, engine="pyogrio")
    r = run("corridor", "-f", "text", *[str(line) if a == "LINE" else a for a in args])
    assert r.exit_code == 2 and r.stderr.strip() == f"Error: {what}"


def test_gpkg_one_layer_per_geometry_type_in_epsg_4326(tmp_path):
    # one layer mixed polygons, a line and points (type "Unknown"), CRS read back OGC:CRS84
    import geopandas as gpd

    out = tmp_path / "c.gpkg"
    assert run("corridor", "-f", "gpkg", "-o", str(out)).exit_code == 0
    assert pyogrio.list_layers(out).tolist() == [["bands", "Polygon"],
                                                 ["centerline", "LineString"],
                                                 ["ends", "Point"]]
    bands = gpd.read_file(out, layer="bands")
    assert bands.crs.to_epsg() == 4326 and bands.crs == "EPSG:4326"
    assert bands["part"].tolist() == ["north", "south"]
    assert bands["area_km2"].dtype.kind == "f" and (bands["area_km2"] > 0).all()
    assert set(gpd.read_file(out, layer="ends")["name_ar"]) == {"ترنبة", "عين الحور"}


def test_geoparquet(tmp_path):
    import geopandas as gpd

    out = tmp_path / "c.parquet"
    assert run("corridor", "-f", "parquet", "-o", str(out)).exit_code == 0
    gdf = gpd.read_parquet(out)
    assert gdf.crs.to_epsg() == 4326 and len(gdf) == 5
    assert gdf["width_m"].dtype.kind == "f"
    places = tmp_path / "p.parquet"
    assert run("corridor", "--list-places", "-f", "parquet", "-o", str(places)).exit_code == 0
    p = gpd.read_parquet(places)
    assert p.crs.to_epsg() == 4326 and p["distance_m"].dtype.kind == "f"
    assert (p.geometry.x == p["lon"]).all()


def test_kml_styles_fills_and_both_languages(tmp_path):
    import xml.etree.ElementTree as ET

    from geo.style import band_colour, kml_colour

    out = tmp_path / "c.kml"
    assert run("corridor", "-f", "kml", "-o", str(out)).exit_code == 0
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    doc = ET.parse(out).getroot().find("k:Document", ns)
    styles = {s.get("id"): s for s in doc.findall("k:Style", ns)}
    for side in ("north", "south"):
        poly = styles[side].find("k:PolyStyle", ns)
        fill = poly.find("k:color", ns).text
        assert poly.find("k:fill", ns).text == "1"
        assert fill[2:] == kml_colour(band_colour(side))[2:]      # the map's colour
        assert 0 < int(fill[:2], 16) < 255                          # semi-transparent
    assert styles["centerline"].find("k:LineStyle/k:width", ns).text == "4"
    marks = {p.find("k:styleUrl", ns).text: p for p in doc.findall("k:Placemark", ns)}
    assert set(marks) == {"#north", "#south", "#centerline", "#endpoint"}
    names = [p.find("k:name", ns).text for p in doc.findall("k:Placemark", ns)]
    assert any("Trumba" in n and "ترنبة" in n for n in names)
    assert any("north band" in n and "الشريط الشمالي" in n for n in names)
    desc = marks["#north"].find("k:description", ns).text
    assert "5 March 2020" in desc and "Accuracy" in desc


OSM = Path(__file__).parent / "data" / "m4_small.osm"
needs_osm = pytest.mark.skipif("OSM" not in pyogrio.list_drivers(),
                               reason="this GDAL has no OSM driver (pyogrio.list_drivers())")


@needs_osm
def test_osm_centerline_with_stated_accuracy(tmp_path):
    out = tmp_path / "c.geojson"
    r = run("corridor", "--centerline", str(OSM), "--accuracy-m", "25", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert {f["properties"]["accuracy_m"] for f in fc["features"]} == {25}
    assert fc["metadata"]["accuracy_m"] == 25
    assert fc["metadata"]["source"].startswith("OpenStreetMap m4_small.osm (ref=M4, 2 ways)")
    r = run("corridor", "--centerline", str(OSM), "-f", "text")
    assert "~100 m (worst). not stated" in r.stdout  # the documented default for a user line
    # geo check and geo map share the options: the same line and accuracy
    r = run("check", "35.83,36.6", "--centerline", str(OSM), "--accuracy-m", "25", "-f", "json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["distance_m"] == pytest.approx(1100, abs=150)


@needs_osm
def test_osm_centerline_errors(tmp_path):
    r = run("corridor", "--centerline", str(OSM), "--centerline-where", "ref=M4", "-f", "text")
    assert r.exit_code == 2 and "read by its ref tag" in r.stderr
    bad = tmp_path / "x.osm.pbf"
    bad.write_bytes(b"\x00garbage")
    r = run("corridor", "--centerline", str(bad), "-f", "text")
    assert r.exit_code == 2 and r.stderr.count("\n") == 1
    assert "cannot read as an OpenStreetMap file" in r.stderr
