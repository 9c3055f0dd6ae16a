"""The bundled centerline, user centerline files, merging, and the patrol section."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely import LineString, MultiLineString, Polygon

import geo
from geo.centerline import Centerline, PiecewiseLinear, default_ends, merge_lines, parse_place
from geo.io import InputError
from geo.projection import LocalProjection, geod

WEST, EAST = (36.16424, 35.77754), (36.76833, 35.85979)


def test_default_line_runs_west_to_east_through_sourced_vertices():
    c = Centerline.default()
    xy = np.asarray(c.line.coords)
    assert xy[0, 0] < xy[-1, 0]
    assert c.accuracy_m == 5000  # the worst vertex: Aleppo, end of the coarse M4/M5 chord
    assert "Not a traced road" in c.meta["accuracy"]
    on_road = [v for v in c.vertices if v["part"] == "vertex"]
    assert all(v["wof_id"] or v["geonames_id"] for v in on_road)
    # every on-road vertex is a line vertex; landmarks are not
    coords = {tuple(p) for p in xy.tolist()}
    assert all((v["lon"], v["lat"]) in coords for v in on_road)
    assert not any((v["lon"], v["lat"]) in coords for v in c.vertices if v["part"] == "landmark")
    assert 150 < c.length_km < 170


def test_bundled_data_has_no_evidence_text():
    from geo.centerline import DATA

    text = (DATA / "m4_centerline.geojson").read_text(encoding="utf-8")
    assert "http" not in text and "evidence_quote" not in text and "الطريق" not in text


def test_default_ends_are_the_wof_places():
    west, east = default_ends()
    assert (west.name, west.lon, west.lat, west.source) == ("Ain al-Havr", *WEST,
                                                            "wof:1209119079")
    assert (east.name, east.lon, east.lat, east.source) == ("Trumba", *EAST, "wof:1276635743")


def test_section_length_and_order():
    c = Centerline.default()
    west, east = default_ends()
    sec, info = c.section(east, west)  # order given does not matter
    assert sec.coords[0] == pytest.approx(WEST) and sec.coords[-1] == pytest.approx(EAST)
    km = geod().geometry_length(sec) / 1000
    assert 63 < km < 65  # SOURCES.md: 63.9 km
    assert info["west"]["name"] == "Ain al-Havr"


def test_section_end_off_the_line_is_snapped_and_reported():
    c = Centerline.default()
    off = parse_place("35.80,36.60")  # ~1.5 km south of the line near Ariha
    sec, info = c.section(default_ends()[0], off)
    assert 500 < info["east"]["offset_m"] < 3000
    assert sec.coords[-1] != pytest.approx((36.60, 35.80))


def test_section_end_far_from_line_is_an_error():
    c = Centerline.default()
    with pytest.raises(InputError, match="km from the centerline"):
        c.section(default_ends()[0], parse_place("33.5,36.3"))  # Damascus


def test_swapped_section_end_gets_a_hint():
    with pytest.raises(InputError, match="swapped"):
        Centerline.default().section(default_ends()[0], parse_place("36.60964,35.81374"))


@pytest.mark.parametrize("spec", ["95,36", "35,200"])
def test_parse_place_out_of_range(spec):
    with pytest.raises(InputError, match="out of range"):
        parse_place(spec)


def test_parse_place_forms():
    assert parse_place("35.8, 36.6").lon == 36.6
    assert parse_place((36.6, 35.8)).lat == 35.8


def test_zero_length_line_is_an_input_error(tmp_path):
    # a line whose points are all equal merged into nothing: ValueError from numpy.vstack
    gdf = gpd.GeoDataFrame(geometry=[LineString([(36.6, 35.8), (36.6, 35.8)])], crs="EPSG:4326")
    path = tmp_path / "dot.geojson"
    gdf.to_file(path, engine="pyogrio")
    with pytest.raises(InputError, match="no line geometry"):
        Centerline.from_file(path)


def _write(gdf: gpd.GeoDataFrame, path, driver=None):
    gdf.to_file(path, driver=driver, engine="pyogrio")
    return path


def test_user_geojson_with_where(tmp_path):
    m4 = LineString([(36.768, 35.860), (36.6, 35.82), (36.16, 35.78)])  # east -> west
    other = LineString([(36.6, 35.5), (36.7, 35.6)])
    gdf = gpd.GeoDataFrame({"ref": ["M4", "M5"]}, geometry=[m4, other], crs="EPSG:4326")
    path = _write(gdf, tmp_path / "roads.geojson")
    c = Centerline.from_file(path, where="ref=M4", accuracy_m=50)
    assert c.line.coords[0][0] < c.line.coords[-1][0]  # oriented west -> east
    assert c.accuracy_m == 50 and "ref=M4" in c.source
    with pytest.raises(InputError, match="pieces that do not join"):
        Centerline.from_file(path)  # both roads: not one line
    with pytest.raises(InputError, match="no feature with ref=M9"):
        Centerline.from_file(path, where="ref=M9")
    with pytest.raises(InputError, match="no column 'highway'"):
        Centerline.from_file(path, where="highway=motorway")


def test_user_gpkg_in_another_crs(tmp_path):
    line = LineString([(36.16, 35.78), (36.4, 35.80), (36.77, 35.86)])
    gdf = gpd.GeoDataFrame({"name": ["M4"]}, geometry=[line], crs="EPSG:4326").to_crs(32637)
    path = _write(gdf, tmp_path / "m4.gpkg", "GPKG")
    c = Centerline.from_file(path)
    np.testing.assert_allclose(np.asarray(c.line.coords), np.asarray(line.coords), atol=1e-7)


def test_polygon_is_rejected(tmp_path):
    gdf = gpd.GeoDataFrame(geometry=[Polygon([(36, 35.7), (36.5, 35.7), (36.5, 35.9)])],
                           crs="EPSG:4326")
    path = _write(gdf, tmp_path / "poly.geojson")
    with pytest.raises(InputError, match="LineString or MultiLineString, not a Polygon"):
        Centerline.from_file(path)


def test_not_a_vector_file(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text("this is not json", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read"):
        Centerline.from_file(bad)
    with pytest.raises(InputError, match="no such file"):
        Centerline.from_file(tmp_path / "missing.gpkg")


def _local(lonlat_line):
    p = LocalProjection.for_line(lonlat_line)
    return p, p.to_local(lonlat_line)


def test_dual_carriageway_is_averaged():
    base = LineString([(36.16, 35.78), (36.45, 35.80), (36.77, 35.86)])
    p, local = _local(base)
    a = local.offset_curve(15.0)
    b = local.offset_curve(-15.0).reverse()  # the other direction of travel
    line, notes = merge_lines([p.to_lonlat(a), p.to_lonlat(b)])
    mid = p.to_local(line)
    pts = np.asarray(mid.coords)
    from shapely import distance, points

    assert np.max(distance(local, points(pts))) < 1.0
    assert any("carriageway" in n for n in notes)


def test_multipart_with_gap_is_chained():
    a = LineString([(36.16, 35.78), (36.45, 35.80)])
    b = LineString([(36.77, 35.86), (36.455, 35.8005)])  # 500 m gap, reversed
    line, notes = merge_lines(list(MultiLineString([a, b]).geoms))
    assert line.coords[0] == pytest.approx((36.16, 35.78))
    assert line.coords[-1] == pytest.approx((36.77, 35.86))
    assert any("joined" in n for n in notes)


def test_geojson_feature_collection_roundtrip(tmp_path):
    fc = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"ref": "M4"},
        "geometry": {"type": "MultiLineString", "coordinates": [
            [[36.16, 35.78], [36.45, 35.80]], [[36.45, 35.80], [36.77, 35.86]]]}}]}
    path = tmp_path / "m4.geojson"
    path.write_text(json.dumps(fc), encoding="utf-8")
    c = Centerline.from_file(path)
    assert len(c.line.coords) == 3


GPX = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>M4</name><trkseg>
<trkpt lat="35.87" lon="36.85"/><trkpt lat="35.79" lon="36.45"/><trkpt lat="35.77" lon="36.10"/>
</trkseg></trk></gpx>
"""

KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>Ariha</name><Point><coordinates>36.60964,35.81374</coordinates></Point></Placemark>
<Placemark><name>M4</name><LineString><coordinates>
36.10,35.77 36.45,35.79 36.85,35.87
</coordinates></LineString></Placemark>
</Document></kml>
"""


def test_gpx_track(tmp_path):
    path = tmp_path / "m4.gpx"
    path.write_text(GPX, encoding="utf-8")
    c = Centerline.from_file(path)  # the first line layer with features: tracks
    assert c.line.coords[0] == pytest.approx((36.10, 35.77))


def test_kml_pick_by_name(tmp_path):
    path = tmp_path / "m4.kml"
    path.write_text(KML, encoding="utf-8")
    with pytest.raises(InputError, match="not a Point"):
        Centerline.from_file(path)
    c = Centerline.from_file(path, where="Name=M4")
    assert len(c.line.coords) == 3


# ---------------------------------------------------------------------- per-vertex accuracy
def test_accuracy_at_interpolates_the_bundled_vertex_accuracy():
    c = Centerline.default()
    along, acc = c.vertex_along_m, c.vertex_accuracy_m
    assert len(along) == len(acc) == len(c.line.coords) and c.accuracy_m == acc.max()
    np.testing.assert_allclose(c.accuracy_at(along), acc)  # at the vertices: their own value
    mid = (along[:-1] + along[1:]) / 2
    np.testing.assert_allclose(c.accuracy_at(mid), (acc[:-1] + acc[1:]) / 2)
    # past the ends: the end's value; any array shape in, the same shape out
    assert c.accuracy_at(np.array([[-5e3], [1e9]])).tolist() == [[acc[0]], [acc[-1]]]


def test_bundled_vertex_accuracy_follows_the_crosscheck():
    # grade (high 1000, medium 1500, low 2000 m) + GeoNames-Wikipedia separation of the centre
    by_name = {v["name_en"].split(" ")[0]: v["accuracy_m"] for v in Centerline.default().vertices}
    assert by_name["Bdama"] == 1000 + 280 and by_name["Ariha"] == 1500 + 940
    assert by_name["Frikah"] == 1000 and by_name["Urum"] == 1500  # no crosscheck row


def test_section_accuracy_is_measured_from_its_west_end():
    c = Centerline.default()
    west, east = default_ends()
    sub, _ = c.between(west, east)
    s0 = c.locate(west.lon, west.lat)[0]
    s_ariha = c.locate(36.60964, 35.81374)[0]
    # the section starts at Ain al-Havr (1500 m), then Bdama (1280), Jisr al-Shughur (1780)
    assert sub.vertex_accuracy_m[:3].tolist() == pytest.approx([1500, 1280, 1780])
    bdama_m = sub.vertex_along_m[1]
    assert 3000 < bdama_m < 6000  # ~4.5 km from the section's west end, not the line's
    assert sub.accuracy_at(np.array([0.0, bdama_m / 2, bdama_m])).tolist() == pytest.approx(
        [1500, 1390, 1280])
    assert sub.accuracy_at(np.array([s_ariha - s0]))[0] == pytest.approx(2440, abs=5)
    assert sub.accuracy_m == 2440 and sub.line.equals_exact(c.section(west, east)[0], 1e-12)
    assert s0 > 0


# ---------------------------------------------------------------------- OpenStreetMap
OSM = Path(__file__).parent / "data" / "m4_small.osm"


def _osm_driver() -> bool:
    import pyogrio

    return "OSM" in pyogrio.list_drivers()


needs_osm = pytest.mark.skipif(not _osm_driver(),
                               reason="this GDAL has no OSM driver (pyogrio.list_drivers())")


@pytest.mark.parametrize("ref, want", [
    ("M4", True), ("m4", True), ("M 4", True), ("M-4", True), ("M5;M4", True),
    ("إم 4", True), ("ام4", True), ("أم ٤", True), ("M4 ", True),
    ("M5", False), ("M45", False), ("M14", False), ("4", False), (None, False), ("", False),
])
def test_ref_spellings(ref, want):
    from geo.centerline import ref_matches

    assert ref_matches([ref]).tolist() == [want]


@needs_osm
def test_osm_picks_the_m4_ways_and_joins_them():
    c = Centerline.from_osm(OSM, accuracy_m=30)
    assert c.meta["osm_ids"] == ["101", "102"]  # not the M5, the trunk_link or the track
    xy = np.asarray(c.line.coords)
    want = np.array([(36.1, 35.76), (36.1642, 35.78), (36.3206, 35.817), (36.47, 35.803),
                     (36.6096, 35.82), (36.7683, 35.8625), (36.85, 35.87)])
    np.testing.assert_allclose(xy, want, atol=1e-9)  # way 102 ran east -> west: reversed
    assert c.accuracy_m == 30 and "OpenStreetMap m4_small.osm" in c.source
    assert Centerline.from_file(OSM).meta["osm_ids"] == ["101", "102"]  # by its suffix
    # the eastern M4 (way 401, Hasakah) lies outside the western M4's extent
    with pytest.raises(InputError, match="pieces that do not join"):
        Centerline.from_osm(OSM, extent=(35.0, 32.0, 42.5, 37.5))


@needs_osm
def test_osm_section_and_corridor_carry_the_stated_accuracy():
    c = geo.build_corridor(centerline=Centerline.from_osm(OSM, accuracy_m=30))
    # the section is cut from the OSM line at the two ends' projections
    sec = np.asarray(c.section.coords)
    assert sec[0, 0] == pytest.approx(36.164, abs=0.002) and sec[-1, 0] == pytest.approx(
        36.768, abs=0.002)
    osm = Centerline.from_osm(OSM).line
    assert np.max(shapely.distance(osm, shapely.points(sec))) < 1e-5  # on it, to ~1 m
    np.testing.assert_allclose(sec[1:-1], [(36.1642, 35.78), (36.3206, 35.817), (36.47, 35.803),
                                           (36.6096, 35.82)], atol=1e-9)  # its inner nodes
    assert c.meta["accuracy_m"] == 30 and "--accuracy-m 30" in c.meta["accuracy"]
    assert c.road.accuracy_at(np.array([0.0, 1e4])).tolist() == [30.0, 30.0]
    assert c.meta["source"].startswith("OpenStreetMap")


@needs_osm
def test_osm_without_stated_accuracy_gets_the_default():
    from geo.centerline import DEFAULT_ACCURACY_M

    c = Centerline.from_osm(OSM)
    assert c.accuracy_m == DEFAULT_ACCURACY_M and "not stated" in c.meta["accuracy"]


@needs_osm
def test_osm_errors(tmp_path):
    with pytest.raises(InputError, match=r"no road with ref=M9 .*refs seen: M4, M5, إم 4;M5"):
        Centerline.from_osm(OSM, ref="M9")
    bad = tmp_path / "bad.osm.pbf"
    bad.write_bytes(b"not a pbf")
    with pytest.raises(InputError, match="cannot read as an OpenStreetMap file"):
        Centerline.from_osm(bad)
    with pytest.raises(InputError, match="no such file"):
        Centerline.from_osm(tmp_path / "missing.osm")
    with pytest.raises(InputError, match="read by its ref tag"):
        Centerline.from_file(OSM, where="ref=M4")


def test_osm_without_the_driver_is_one_clear_error(monkeypatch):
    import pyogrio

    monkeypatch.setattr(pyogrio, "list_drivers", lambda *a, **k: {"GPKG": "rw"})
    with pytest.raises(InputError, match=r"no OpenStreetMap \(OSM\) driver"):
        Centerline.from_osm(OSM)


def test_bundled_centerline_rebuilds_byte_identically():
    from geo import build
    from geo.centerline import DATA

    shared = build.DEFAULT_SHARED  # shared/data beside the project, or $M4_SHARED_DATA
    if not (shared / "m4" / "m4_towns_coordinate_crosscheck.csv").exists():
        pytest.skip("the raw shared data is absent (shared/data beside the project, or "
                    "$M4_SHARED_DATA)")
    fc, _ = build.build_centerline(shared)
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert text == (DATA / "m4_centerline.geojson").read_text(encoding="utf-8")


@pytest.mark.parametrize("n", [1, 2, 3, 10, 200, 5000])
def test_accuracy_table_is_np_interp(n):
    """The bucket table answers exactly what ``np.interp`` answers: between, on and beyond the
    vertices, for infinities and NaN, with any number of vertices (repeated ones included)."""
    rng = np.random.default_rng(n)
    xp = np.r_[0.0, np.cumsum(rng.uniform(0, 100, n - 1) ** 2)]
    if n > 3:
        xp[2] = xp[1]  # a repeated vertex: np.interp itself answers
    fp = rng.uniform(30, 5000, n)
    for xs in (xp, np.unique(xp)):
        f = PiecewiseLinear(xs, fp[:xs.size])
        x = np.r_[rng.uniform(-50, xs[-1] + 50, 20_000), xs, np.nextafter(xs, np.inf),
                  np.nextafter(xs, -np.inf), np.nan, np.inf, -np.inf]
        np.testing.assert_array_equal(f(x), np.interp(x, xs, fp[:xs.size]))
