"""geo.maps and `geo map`: layers, markers, escaping, offline pages, the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import folium
import pytest
from click.testing import CliRunner

from geo.events import events_frame, mention_rows
from geo.io import InputError
from geo.maps import (
    highlight,
    js_json,
    places_data,
    render,
    report_map,
    save_map,
)
from geo.style import STATUS_STYLES, status_colours

EXTERNAL = re.compile(r"""<(?:script|link)[^>]+(?:src|href)=["']?(?:https?:)?//""", re.I)


@pytest.fixture
def hostile_events(hostile_report, corridor):
    text, mentions, url = hostile_report
    return events_frame(mention_rows(mentions, text, report_id='<b id="rid">r</b>',
                                     date="2020-03-24", url=url), corridor=corridor)


def _data(html: str, fn: str = "places") -> dict:
    """The JSON payload given to ``GeoMap.<fn>(…)`` in the page."""
    m = re.search(r"GeoMap\." + fn + r"\((\{.*?\}), \{", html, re.S)
    return json.loads(m.group(1))


def test_js_json_cannot_break_out_of_a_script():
    s = js_json({"a": "</script><!-- \u2028 & 'x'"})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s
    assert json.loads(s) == {"a": "</script><!-- \u2028 & 'x'"}


def test_highlight_escapes_and_marks():
    assert highlight("a <b> c", 2, 5) == "a <mark>&lt;b&gt;</mark> c"
    assert highlight("no match here", 50, 60, "xyz") == "no match here"
    # wrong offsets: fall back to finding the surface
    assert highlight("قصف على سراقب", 0, 2, "سراقب") == "قصف على <mark>سراقب</mark>"


def test_map_is_a_folium_map_with_every_layer(events):
    import geo

    m = geo.report_map(events)
    assert isinstance(m, folium.Map)
    html = render(m)
    for name in ("OpenStreetMap", "Satellite", "Terrain",
                 "Offline base map (governorates, settlements, roads)",
                 "Governorate boundaries", "Corridor, north band (6 km)",
                 "Corridor, south band (6 km)", "M4 highway, patrol section",
                 "Section ends (Trumba, Ain al-Havr)", "Report places (7)"):
        assert json.dumps(name)[1:-1].replace("<", "\\u003c") in html or name in html, name
    assert "L.control.layers" in html and "L.control.scale" in html
    assert "GeoMap.measure(" in html and "GeoMap.tileFallback(" in html
    assert "ترنبة" in html and "عين الحور" in html
    assert "North band · 6 km" in html


def test_offline_by_default_cdn_on_request(events):
    html = render(report_map(events))
    assert not EXTERNAL.search(html)
    assert "Leaflet 1.9.3, a JS library" in html
    cdn = render(report_map(events, offline=False))
    assert 'src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"' in cdn
    assert "GeoMap.places(" in cdn            # our own helpers stay inline
    assert len(cdn) < len(html) - 200_000


def test_one_marker_per_place_coloured_by_status(events):
    data = places_data(events)
    rows = [dict(zip(data["fields"], r, strict=True)) for r in data["rows"]]
    by = {r["name_en"]: r for r in rows}
    # countries and roads are not points; the rest, one marker each
    assert set(by) == {"Damascus", "Idlib Governorate", "Kafr Nabl", "Maarat Hurmah",
                       "al-Dar al-Kabira", "Jabal al-Zawiya", "al-Ghab plain"}
    idlib = by["Idlib Governorate"]
    assert idlib["count"] == 9 and idlib["corridor"] == "partly_inside"
    assert by["Damascus"]["count"] == 4 and by["Damascus"]["corridor"] == "outside"
    assert by["al-Dar al-Kabira"]["low"] and not by["Kafr Nabl"]["low"]
    assert "Alternatives" not in by["Kafr Nabl"]["alternatives"]
    assert by["al-Dar al-Kabira"]["alternatives"] == "al-Dar al-Kabira (Idlib)"
    k = by["Kafr Nabl"]
    assert k["name_ar"] == "كفرنبل" and k["kind"] == "town"
    assert "<mark>كفرنبل</mark>" in k["mentions"][0][0]
    assert k["mentions"][0][1] == "2020-03-23"
    assert k["mentions"][0][2] == "https://www.shaam.org/news/1?a=1&amp;b=2"
    kafr_ids = set(events.loc[events["name_en"] == "Kafr Nabl", "event_id_cnty"])
    assert kafr_ids and {m[5] for m in k["mentions"]} == kafr_ids   # the table's ids
    assert "km from the road" in k["status_html"]
    assert len(by["Idlib Governorate"]["mentions"]) == 8 and by["Idlib Governorate"]["more"] == 1


def test_unresolved_mentions_are_listed(events):
    html = render(report_map(events))
    m = re.search(r'GeoMap\.panel\([^,]+, ("\\u003cdetails.*?"), "bottomleft"', html)
    panel = json.loads(m.group(1))
    assert 'Not on the map: <span class="geo-miss-n">10</span> mentions' in panel
    for surface in ("وروسيا", "لتركيا", "أم 4", "إم 4"):
        assert surface in panel
    assert panel.count("not found in the gazetteer or too ambiguous") == 10


def test_report_text_and_names_are_escaped(hostile_events):
    html = render(report_map(hostile_events))
    for raw in ('<img src=x onerror', "<script>window.__xss", 'id="rid"', "Saraqib<script>",
                "javascript:"):
        assert raw not in html, raw
    data = _data(html)
    rows = [dict(zip(data["fields"], r, strict=True)) for r in data["rows"]]
    sar = next(r for r in rows if "Saraqib" in r["name_en"])
    assert sar["name_ar"].startswith("&lt;img src=x onerror=&quot;")
    assert sar["name_en"] == "Saraqib&lt;script&gt;"
    assert sar["mentions"][0][2] == ""                     # javascript: URL dropped
    assert sar["mentions"][0][3] == "&lt;b id=&quot;rid&quot;&gt;r&lt;/b&gt;"
    assert "&lt;script&gt;window.__xss=2" in sar["mentions"][0][0]
    assert "<" not in sar["tip"].replace('<span dir="rtl" lang="ar" class="geo-ar">', "") \
        .replace("</span>", "")
    # title/alt are set as DOM properties (never parsed): they carry the text as written
    assert sar["title"] == "Saraqib<script>"


def test_low_confidence_and_clustering(hostile_events, events):
    data = places_data(hostile_events, min_confidence=0.5)
    rows = [dict(zip(data["fields"], r, strict=True)) for r in data["rows"]]
    assert [r["low"] for r in rows] == [False, True]
    assert "?" in rows[1]["tip"]
    html = render(report_map(events))
    assert '{"cluster":false}' in html and "L.MarkerClusterGroup" not in html
    html = render(report_map(events, cluster=True))
    assert '{"cluster":true}' in html and "L.MarkerClusterGroup" in html


def test_date_filter_when_two_dates(events, hostile_events):
    import pandas as pd

    assert "GeoMap.dateFilter(" not in render(report_map(events))
    both = pd.concat([events, hostile_events], ignore_index=True)
    html = render(report_map(both))
    assert 'GeoMap.dateFilter(' in html and '["2020-03-23","2020-03-24"]' in html


def test_corridor_alone_and_report_text(corridor):
    html = render(report_map())
    assert "GeoMap.places(" not in html and "geo-band-north" in html
    with pytest.raises(Exception):  # noqa: B017 - a text needs the geoparser
        report_map(12345)


def test_save_map_is_atomic(events, tmp_path):
    out = tmp_path / "m.html"
    save_map(report_map(events), out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]
    with pytest.raises(InputError, match="folder does not exist"):
        save_map(report_map(events), tmp_path / "nope" / "m.html")


# ------------------------------------------------------------------ CLI

def _cli(*args):
    from geo.cli import main

    return CliRunner().invoke(main, ["map", *args], catch_exceptions=False)


def test_cli_maps_an_events_file(events, tmp_path):
    from geo.io import atomic_output
    from geo.writers import feature, write_geojson

    gj = tmp_path / "events.geojson"
    with atomic_output(gj) as f:
        write_geojson((feature(r.lon, r.lat, {"surface": r.surface, "name_ar": r.name_ar,
                                              "name_en": r.name_en, "kind": r.kind,
                                              "confidence": r.confidence})
                       for r in events[events["resolved"]].itertuples()), f)
    out = tmp_path / "map.html"
    r = _cli(str(gj), "-o", str(out))
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert not EXTERNAL.search(html) and "كفرنبل" in html
    r = _cli(str(gj), "--cdn", "-o", str(out), "--events", str(tmp_path / "ev.csv"))
    assert "cdn.jsdelivr.net" in out.read_text(encoding="utf-8")
    header = (tmp_path / "ev.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("event_id_cnty,event_date,time_precision,admin1,admin2,admin3,")


def test_cli_bad_input(tmp_path):
    from geo.cli import main

    r = CliRunner().invoke(main, ["map", "-o", str(tmp_path / "m.html")])
    assert r.exit_code == 2 and "--example" in r.output
    r = CliRunner().invoke(main, ["map", str(tmp_path / "missing.txt")])
    assert r.exit_code == 2 and "missing.txt: no such file" in r.output
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    r = CliRunner().invoke(main, ["map", str(bad), "-o", str(tmp_path / "m.html")])
    assert r.exit_code == 2 and "bad.geojson:1: invalid JSON" in r.output
    assert not (tmp_path / "m.html").exists()


@pytest.mark.parametrize("events_name, what", [
    ("ev.txt", "events file must end in .csv"), ("nope/ev.csv", "folder does not exist"),
])
def test_cli_bad_events_name_fails_before_the_map_is_written(events, tmp_path, events_name,
                                                             what):
    # the map was written, then `--events ev.txt` failed with exit 2: output left behind
    from geo.io import atomic_output
    from geo.writers import feature, write_geojson

    gj = tmp_path / "events.geojson"
    with atomic_output(gj) as f:
        write_geojson([feature(36.6, 35.8, {"surface": "أريحا"})], f)
    out = tmp_path / "map.html"
    r = _cli(str(gj), "-o", str(out), "--events", str(tmp_path / events_name))
    assert r.exit_code == 2 and what in r.output and r.output.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize("args, what", [
    (["--tiles", "Bogus.Provider"], "--tiles 'Bogus.Provider': no such xyzservices provider"),
    (["--tiles", "Thunderforest.OpenCycleMap"], "Token is required"),
    (["--min-confidence", "nan"], "nan is not a confidence"),
])
def test_cli_bad_tiles_or_confidence_is_a_usage_error(events, tmp_path, args, what):
    # xyzservices' ValueError was a traceback; "nan" passed FloatRange(0, 1)
    from geo.io import atomic_output
    from geo.writers import feature, write_geojson

    gj = tmp_path / "events.geojson"
    with atomic_output(gj) as f:
        write_geojson([feature(36.6, 35.8, {"surface": "أريحا"})], f)
    out = tmp_path / "map.html"
    r = _cli(str(gj), "-o", str(out), *args)
    assert r.exit_code == 2 and what in r.output and "Traceback" not in r.output
    assert not out.exists()


def _has_extractor() -> bool:
    import importlib.util

    return importlib.util.find_spec("gazetteer.extract") is not None


@pytest.mark.skipif(not _has_extractor(), reason="gazetteer extractor (issue 4) not available")
def test_cli_example(tmp_path):
    out = tmp_path / "map.html"
    r = _cli("--example", "-o", str(out))
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert not EXTERNAL.search(html)
    data = _data(html)
    rows = [dict(zip(data["fields"], r, strict=True)) for r in data["rows"]]
    kafr = [r for r in rows if r["name_ar"] in ("كفرنبل", "كفر نبل")]
    assert len(kafr) == 1 and kafr[0]["corridor"] == "outside" and kafr[0]["kind"] == "town"
    assert "<mark>كفرنبل</mark>" in kafr[0]["mentions"][0][0]
    assert any("حرمة" in r["name_ar"] for r in rows)
    names = {r["name_ar"] for r in rows}
    assert not names & {"وزارة", "العسكرية", "الروسية", "تعزيز"}   # traps are not places
    assert STATUS_STYLES["outside"].colour in html         # legend swatch


@pytest.mark.skipif(not _has_extractor(), reason="gazetteer extractor (issue 4) not available")
def test_cli_batch_with_a_bad_file_still_maps(sample_report, tmp_path):
    from geo.cli import main

    text, _, _ = sample_report
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "map.html"
    r = CliRunner().invoke(main, ["map", str(tmp_path / "in"), "-o", str(out)])
    assert r.exit_code == 1, r.output
    assert "b.txt" in r.output and "Traceback" not in r.output
    assert "GeoMap.places(" in out.read_text(encoding="utf-8")


def test_report_map_accepts_paths(events, tmp_path):
    from pathlib import Path

    csv = tmp_path / "ev.csv"
    csv.write_text("latitude,longitude,location,event_date\n35.8623,36.8003,Saraqib,2020-03-01\n"
                   "35.6433,36.6783,Maarat al-Numan,2020-03-05\n", encoding="utf-8")
    html = render(report_map(Path(csv)))
    data = _data(html)
    assert len(data["rows"]) == 2 and "GeoMap.dateFilter(" in html


def test_status_text_says_when_a_place_is_near_the_band_edge():
    from types import SimpleNamespace

    from geo.maps import _status_html

    p = SimpleNamespace(corridor_status="inside", side="north", distance_m=5600.0,
                        along_km=12.3, edge_m=400.0, accuracy_m=2000.0, near_edge=True)
    text = _status_html(p)
    assert text.startswith("Inside the corridor, north band: 5.60 km from the road, 12.30 km "
                           "along it from Ain al-Havr, 0.40 km inside the edge")
    assert "near the edge: the road" in text and "only good to 2.00 km here" in text
    p = SimpleNamespace(corridor_status="outside", distance_m=8000.0, along_km=3.0,
                        edge_m=-2000.0, near_edge=False, status="outside_syria")
    assert _status_html(p) == ("Outside the corridor: 8.00 km from the road, 2.00 km outside "
                               "the edge · outside Syria")
    p = SimpleNamespace(corridor_status="partly_inside", side="astride", share_inside=0.129)
    assert _status_html(p) == ("Partly inside the corridor: 12.9% of its area, on both sides "
                               "of the road")


def test_cli_gis_file_is_not_read_as_report_text(tmp_path):
    # a KML was read as an Arabic report: exit 0 and an empty map
    kml = tmp_path / "points.kml"
    kml.write_text('<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
                   "<Placemark><name>أريحا</name><Point><coordinates>36.61,35.84</coordinates>"
                   "</Point></Placemark></Document></kml>", encoding="utf-8")
    out = tmp_path / "m.html"
    r = _cli(str(kml), "-o", str(out))
    assert r.exit_code == 2 and not out.exists()
    assert r.output.count("\n") == 1 and ".kml files are not read here" in r.output


# ------------------------------------------------------------------ issue 13: statuses, timeline,
# base map, examples

def test_corridor_status_of_uses_the_column_or_derives_it(events):
    import pandas as pd

    from geo.maps import corridor_status_of

    st = corridor_status_of(events)
    assert set(st) <= set(STATUS_STYLES)
    assert list(st) == list(events["corridor"])            # the table's column, one definition
    by = dict(zip(events["name_en"].fillna(""), st, strict=True))
    assert by["Kafr Nabl"] == "outside" and by["Idlib Governorate"] == "partly_inside"
    assert (st[~events["resolved"].astype(bool)] == "unlocated").all()
    # the answer of issue 11: corridor_status and side, used as they are
    new = pd.DataFrame({"corridor_status": ["inside", "inside", "beyond_east_end", None, "on_road"],
                        "side": ["north", "astride", None, None, None]})
    assert list(corridor_status_of(new)) == ["inside_north", "inside_astride", "beyond_east_end",
                                             "unlocated", "on_road"]


def test_legend_and_timeline_count_every_mention(events, hostile_events):
    import pandas as pd

    from geo.maps import corridor_status_of, timeline_data

    both = pd.concat([events, hostile_events], ignore_index=True)
    tl = timeline_data(both)
    assert tl["days"] == ["2020-03-23", "2020-03-24"]
    total = {}
    for _d, s, n in tl["counts"]:
        total[tl["statuses"][s]] = total.get(tl["statuses"][s], 0) + n
    assert total == corridor_status_of(both).value_counts().to_dict()
    per_day = {tl["days"][d]: 0 for d, _s, _n in tl["counts"]}
    for d, _s, n in tl["counts"]:
        per_day[tl["days"][d]] += n
    assert per_day == {"2020-03-23": len(events), "2020-03-24": len(hostile_events)}
    html = render(report_map(both))
    for k, n in total.items():   # the legend opens with the table's counts
        assert f'geo-lg-n\\" data-status=\\"{k}\\"\\u003e{n}\\u003c/span' in html, k


def test_legend_has_an_entry_for_every_layer_and_status(events):
    html = render(report_map(events))
    m = re.search(r'GeoMap\.panel\([^,]+, ("\\u003cdetails open.*?"), "bottomright"', html)
    legend = json.loads(m.group(1))
    for k in STATUS_STYLES:
        assert f'data-status="{k}"' in legend, k
    for entry in ("North band", "South band", "patrol section", "the whole centerline",
                  "Section ends", "M4 and M5", "Settlements", "Governorate"):
        assert entry in legend, entry


def test_settlements_are_escaped_tiered_and_dense_near_the_corridor():
    from geo.maps import SETTLEMENT_BOX, settlements_data

    data, index = settlements_data()
    rows = data["rows"]
    tiers = [r[2] for r in rows]
    assert tiers == sorted(tiers) and tiers[0] == 0          # cities first
    assert len(data["minZoom"]) == 4
    lat0, lon0, lat1, lon1 = SETTLEMENT_BOX
    near = [r for r in rows if lat0 < r[0] < lat1 and lon0 < r[1] < lon1]
    assert len(near) > 1500
    villages = [r for r in rows if r[2] >= 2]
    assert all(lat0 < r[0] < lat1 and lon0 < r[1] < lon1 for r in villages)
    assert any(r[3] == "أريحا" for r in rows)
    assert not any("<" in r[3] or "<" in r[4] for r in rows)
    assert len(index) == len(rows)


def test_governorate_labels_stay_out_of_the_corridor(corridor):
    import shapely

    from geo.maps import _governorates_geojson

    data = _governorates_geojson(corridor)
    bands = shapely.union_all([corridor.north, corridor.south])
    for f in data["features"]:
        p = f["properties"]
        pt = shapely.Point(p["label_lon"], p["label_lat"])
        assert pt.distance(bands) > 0.1, p["label_html"]
        assert "governorate" in p["label_html"] and "محافظة" in p["label_html"]


@pytest.mark.skipif(not _has_extractor(), reason="gazetteer extractor (issue 4) not available")
def test_example_reports_name_places_inside_the_corridor():
    from geo.events import extract_events
    from geo.maps import corridor_status_of, example_reports

    reports = example_reports()
    assert [r["date"] for r in reports] == sorted(r["date"] for r in reports)
    for r in reports[1:]:
        ev = extract_events([r])
        found = set(ev.loc[ev["resolved"].astype(bool), "surface"])
        for name in r["expected_places"]:
            assert any(name in s for s in found), (r["id"], name)
        assert r["source"] and "not a news item" in r["source"]
    ev = extract_events(reports)
    st = corridor_status_of(ev)
    # villages near the line are astride (the line is good to ~2 km); some lie in a band
    assert st.str.startswith("inside").sum() >= 5
    assert ((st == "inside_south") | (st == "inside_north")).sum() >= 1
    inside = set(ev.loc[st.str.startswith("inside"), "name_en"])
    assert {"Ariha", "Muhambal"} <= inside


@pytest.mark.skipif(not _has_extractor(), reason="gazetteer extractor (issue 4) not available")
def test_cli_example_on_a_terminal_writes_map_html(tmp_path, monkeypatch):
    from geo.cli import main
    from geo.cli import map as map_command

    monkeypatch.setattr(map_command, "stdout_is_terminal", lambda: True)
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["map", "--example"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    out = tmp_path / "map.html"
    assert out.is_file() and "<!DOCTYPE html>" not in r.stdout
    assert str(out) in r.output and "open" in r.output
    assert "GeoMap.dateFilter(" in out.read_text(encoding="utf-8")


# ------------------------------------------------------------------ one colour table

def test_every_status_has_one_style_and_a_label():
    from geo.vocabulary import DISPLAY_STATUSES, CorridorStatus, display_statuses

    assert tuple(STATUS_STYLES) == DISPLAY_STATUSES
    keys = set(display_statuses([s.value for s in CorridorStatus], [None] * len(CorridorStatus)))
    keys |= set(display_statuses(["inside"] * 3, ["north", "south", "astride"]))
    assert keys == set(STATUS_STYLES)                      # every status can be drawn
    for k, st in STATUS_STYLES.items():
        assert re.fullmatch(r"#[0-9a-f]{6}", st.colour), k
        assert st.label and st.short, k
    drawn = [st.colour for st in STATUS_STYLES.values() if st.drawn]
    assert len(set(drawn)) == len(drawn)                   # no two drawn statuses alike
    assert not STATUS_STYLES["unlocated"].drawn


def test_map_kml_legend_and_chart_share_the_colours(events, tmp_path):
    import xml.etree.ElementTree as ET

    from geo.events import write_events
    from geo.style import kml_colour

    html = render(report_map(events))
    data = _data(html)
    assert data["colours"] == status_colours(drawn_only=True)       # markers and cluster rings
    for k, st in STATUS_STYLES.items():
        if st.drawn:                                                # marker CSS of the page
            assert f".geo-pin.geo-{k}{{background:{st.colour}}}" in html, k
    css = (Path(__file__).resolve().parents[1] / "geo" / "assets" / "geo-map.css").read_text()
    assert not re.search(r"\.geo-pin\.geo-(inside|outside|beyond)[^{]*\{[^}]*#", css)
    from geo.maps import timeline_data

    tl = timeline_data(events)                                      # the chart's bars
    assert dict(zip(tl["statuses"], tl["colours"], strict=True)) == status_colours()
    out = tmp_path / "events.kml"
    write_events(events, out)
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    doc = ET.parse(out).getroot().find("k:Document", ns)
    icons = {s.get("id"): s.find("k:IconStyle/k:color", ns).text
             for s in doc.findall("k:Style", ns)}
    for k in set(events["corridor"]):
        assert icons[k] == kml_colour(STATUS_STYLES[k].colour), k   # the map's colour
    used = {p.find("k:styleUrl", ns).text.lstrip("#") for p in doc.findall("k:Placemark", ns)}
    assert used <= set(events["corridor"]) and "partly_inside" in used
