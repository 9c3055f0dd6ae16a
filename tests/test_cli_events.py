"""`geo events` and the outputs of every command, read back with the tools analysts use:
geopandas / pyogrio for GIS files, csv with utf-8-sig for spreadsheets, an XML parser for KML."""

from __future__ import annotations

import csv
import json
import os
import xml.etree.ElementTree as ET

import pyogrio
import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.events import ACLED_COLUMNS, EVENT_COLUMNS

HERE = os.path.dirname(__file__)
BATCH = os.path.join(HERE, "data", "heldout", "heldout4_reports.jsonl")
KML = {"k": "http://www.opengis.net/kml/2.2"}


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def sample_events(tmp_path_factory):
    d = tmp_path_factory.mktemp("events")
    out = {}
    for fmt in ("csv", "jsonl", "geojson", "gpkg", "parquet", "kml"):
        path = d / f"events.{fmt}"
        r = run("events", "--example", "-o", str(path))
        assert r.exit_code == 0, r.output
        out[fmt] = path
    return out


def test_events_csv_is_the_acled_table(sample_events):
    with open(sample_events["csv"], encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[: len(EVENT_COLUMNS)] == EVENT_COLUMNS
    assert list(rows[0])[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    ids = [r["event_id_cnty"] for r in rows]
    assert len(set(ids)) == len(ids) and all(i.startswith("SYR-") for i in ids)
    located = [r for r in rows if r["latitude"]]
    assert located and all(r["location"].isascii() for r in located)
    assert {r["time_precision"] for r in rows} == {"1"}            # the report has a day
    by_kind = {(r["kind"], r["geo_precision"]) for r in located}
    assert ("governorate", "3") in by_kind and ("town", "1") in by_kind
    assert ("mountain", "2") in by_kind
    kafr = next(r for r in rows if r["location"] == "Kafr Nabl")
    assert kafr["name_ar"] == "كفر نبل" and kafr["admin3"] and "كفرنبل" in kafr["notes"]
    assert kafr["in_corridor"] == "False" and kafr["corridor_status"] == "outside"
    m4 = next(r for r in rows if r["place_id"] == "curated:m4")
    assert m4["location"] == "M4 highway"


def test_events_are_stable_across_runs(sample_events):
    again = run("events", "--example").output
    with open(sample_events["csv"], encoding="utf-8") as f:
        assert f.read() == again


def test_events_gis_formats_read_back_typed(sample_events):
    import geopandas as gpd

    assert pyogrio.list_layers(sample_events["gpkg"]).tolist() == [["events", "Point"]]
    for g in (gpd.read_file(sample_events["gpkg"]), gpd.read_parquet(sample_events["parquet"]),
              gpd.read_file(sample_events["geojson"])):
        assert g.crs.to_epsg() == 4326
        for col in ("latitude", "longitude", "confidence", "distance_m", "geo_precision",
                    "time_precision"):
            assert g[col].dtype.kind in "fiu", (col, g[col].dtype)
        ok = g["latitude"].notna()
        assert (abs(g.geometry[ok].y - g["latitude"][ok]) < 1e-9).all()
    jl = [json.loads(x) for x in sample_events["jsonl"].read_text(encoding="utf-8").splitlines()]
    assert isinstance(jl[0]["latitude"], float) and isinstance(jl[0]["geo_precision"], int)


def test_events_kml_styles_by_corridor_answer(sample_events):
    doc = ET.parse(sample_events["kml"]).getroot().find("k:Document", KML)
    styles = {s.get("id") for s in doc.findall("k:Style", KML)}
    assert {"inside_north", "inside_south", "inside_astride", "outside", "partly_inside",
            "beyond_east_end"} <= styles
    marks = doc.findall("k:Placemark", KML)
    names = [p.find("k:name", KML).text for p in marks]
    assert "Kafr Nabl · كفر نبل" in names
    used = {p.find("k:styleUrl", KML).text for p in marks if p.find("k:styleUrl", KML) is not None}
    assert used <= {f"#{s}" for s in styles}


def test_events_excel_csv(tmp_path):
    out = tmp_path / "e.csv"
    assert run("events", "--example", "--excel", "-o", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert "event_id_cnty" in rows[0] and any(r["name_ar"] == "إدلب" for r in rows)


def test_events_on_a_batch(tmp_path):
    import geopandas as gpd

    out = tmp_path / "batch.parquet"
    r = run("events", BATCH, "-o", str(out))
    assert r.exit_code == 0, r.output
    g = gpd.read_parquet(out)
    assert len(g) > 50 and g["event_id_cnty"].is_unique
    assert g["report_id"].nunique() > 5
    assert all(s.isascii() for s in g["location"].dropna())
    assert g["latitude"].dtype.kind == "f" and g["geo_precision"].dropna().isin([1, 2, 3]).all()
    from geo.vocabulary import CorridorStatus

    assert set(g["corridor_status"]) <= {s.value for s in CorridorStatus}
    inside = g[g["corridor_status"] == "inside"]
    assert inside["side"].isin(["north", "south", "astride"]).all() and inside["in_corridor"].all()
    areas = g[g["corridor_status"] == "partly_inside"]
    assert len(areas) and areas["in_corridor"].isna().all()
    assert ((areas["share_inside"] > 0) & (areas["share_inside"] < 1)).all()


def test_events_errors_are_one_line(tmp_path):
    r = run("events", "--example", "-f", "gpkg")
    assert r.exit_code == 2 and "needs a file name" in r.output
    r = run("events", "--example", "--excel", "-o", str(tmp_path / "e.gpkg"))
    assert r.exit_code == 2 and "--excel is for CSV" in r.output
    r = run("events", str(tmp_path / "nope.txt"))
    assert r.exit_code == 2 and "no such file" in r.output
    r = run("events", "--example", "-o", str(tmp_path / "e.docx"))
    assert r.exit_code == 2 and "must end in" in r.output
    assert os.listdir(tmp_path) == []


def test_map_events_writes_the_same_table(tmp_path, sample_events):
    out = tmp_path / "ev.csv"
    r = run("map", "--example", "-o", str(tmp_path / "m.html"), "--events", str(out))
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8") == sample_events["csv"].read_text(encoding="utf-8")


def test_map_names_places_as_the_table_does(sample_events):
    from geo.events import read_events
    from geo.maps import places_data

    ev = read_events(sample_events["geojson"])
    rows = places_data(ev, min_confidence=0)["rows"]
    titles = {r[7] for r in rows}
    assert "Maarrat Hurmah" in titles and "Kafr Nabl" in titles
    assert all(t.isascii() for t in titles)


# ------------------------------------------------------------------ geo check outputs

CHECK_CSV = ("id,name,lat,lon,fatalities,note\n"
             "007,أريحا,35.8137,36.6096,0,=HYPERLINK(\"http://x\")\n"
             "008,سراقب,35.8645,36.8059,3,-2+3\n"
             "009,Damascus,33.5138,36.2765,12,@SUM(A1)\n")


@pytest.fixture
def check_csv(tmp_path):
    p = tmp_path / "points.csv"
    p.write_text(CHECK_CSV, encoding="utf-8")
    return p


def test_check_keeps_input_columns_typed(tmp_path, check_csv):
    import geopandas as gpd

    out = tmp_path / "c.geojson"
    assert run("check", str(check_csv), "-f", "geojson", "-o", str(out)).exit_code == 0
    props = json.loads(out.read_text(encoding="utf-8"))["features"][0]["properties"]
    assert props["fatalities"] == 0 and props["id"] == "007"        # leading zeros: text
    for fmt in ("gpkg", "parquet"):
        path = tmp_path / f"c.{fmt}"
        r = run("check", str(check_csv), "-f", fmt, "-o", str(path))
        assert r.exit_code == 0, r.output
        g = gpd.read_parquet(path) if fmt == "parquet" else gpd.read_file(path)
        assert g.crs.to_epsg() == 4326 and len(g) == 3
        assert g["fatalities"].dtype.kind == "i" and g["distance_m"].dtype.kind == "f"
        assert g["lat"].dtype.kind == "f" and g["name"].tolist()[0] == "أريحا"
        assert bool(g["in_corridor"].iloc[0]) is True                   # Ariha: in the corridor
    assert pyogrio.list_layers(tmp_path / "c.gpkg").tolist() == [["points", "Point"]]


def test_check_excel_csv_neutralises_formulas(tmp_path, check_csv):
    out = tmp_path / "c.csv"
    assert run("check", str(check_csv), "-f", "csv", "--excel", "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["note"] for r in rows] == ["'=HYPERLINK(\"http://x\")", "'-2+3", "'@SUM(A1)"]
    assert rows[0]["name"] == "أريحا" and rows[1]["lon"] == "36.8059"
    plain = tmp_path / "plain.csv"
    assert run("check", str(check_csv), "-f", "csv", "-o", str(plain)).exit_code == 0
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")          # only with --excel


def test_check_text_shows_an_id_column(check_csv):
    r = run("check", str(check_csv))
    assert r.exit_code == 0
    head = r.output.splitlines()[0].split()
    assert head[:2] == ["id", "name"] and "007" in r.output


# ------------------------------------------------------------------ geo extract outputs

def test_extract_candidates_and_fields_make_it_smaller(tmp_path):
    full = run("extract", BATCH, "-f", "jsonl", "--candidates", "100").output
    small = run("extract", BATCH, "-f", "jsonl", "--candidates", "1").output
    picked = run("extract", BATCH, "-f", "jsonl", "--candidates", "0",
                 "--fields", "surface,start,place").output
    assert len(picked) < len(small) < len(full)
    recs = [json.loads(x) for x in small.splitlines()]
    assert all(len(m["candidates"]) <= 1 for r in recs for m in r["mentions"])
    m = next(m for r in map(json.loads, picked.splitlines()) for m in r["mentions"])
    assert set(m) == {"surface", "start", "place"}
    r = run("extract", BATCH, "-f", "jsonl", "--fields", "nope")
    assert r.exit_code == 2 and "choose from" in r.output


def test_extract_parquet_and_excel(tmp_path):
    import geopandas as gpd

    out = tmp_path / "m.parquet"
    assert run("extract", BATCH, "-f", "parquet", "-o", str(out)).exit_code == 0
    g = gpd.read_parquet(out)
    assert g.crs.to_epsg() == 4326 and g["confidence"].dtype.kind == "f" and len(g) > 20
    csv_out = tmp_path / "m.csv"
    assert run("extract", BATCH, "-f", "csv", "--excel", "-o", str(csv_out)).exit_code == 0
    with open(csv_out, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows and any(r["name_ar"] for r in rows)
    assert not any(str(v).startswith(("=", "+", "@")) for r in rows for v in r.values())


def test_events_from_a_csv_batch_carry_source_and_month_precision(tmp_path):
    batch = tmp_path / "b.csv"
    batch.write_text("id,date,url,source,text\nr1,2020-03,https://x.org/1,Enab Baladi,"
                     "قصف على مدينة سراقب اليوم. ثم على أريحا\n", encoding="utf-8")
    r = run("events", str(batch))
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(r.output.splitlines()))
    assert [x["event_id_cnty"] for x in rows] == ["SYR-r1-14", "SYR-r1-34"]
    assert {x["source"] for x in rows} == {"Enab Baladi"}
    assert {x["source_url"] for x in rows} == {"https://x.org/1"}
    assert {x["time_precision"] for x in rows} == {"3"}                   # a month
    assert [x["notes"] for x in rows] == ["قصف على مدينة سراقب اليوم.", "ثم على أريحا"]
    assert [x["location"] for x in rows] == ["Saraqib", "Ariha"]
    assert rows[0]["admin3"] == "Saraqib"


def test_map_events_from_an_acled_csv_keeps_numbers(tmp_path):
    acled = tmp_path / "acled.csv"
    acled.write_text("event_id_cnty,event_date,location,latitude,longitude,fatalities\n"
                     "SYR1,2020-03-05,Ariha,35.8137,36.6096,3\n"
                     "SYR2,2020-03-06,Saraqib,35.8645,36.8059,0\n", encoding="utf-8")
    out = tmp_path / "ev.geojson"
    r = run("map", str(acled), "-o", str(tmp_path / "m.html"), "--events", str(out))
    assert r.exit_code == 0, r.output
    feats = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert [f["properties"]["fatalities"] for f in feats] == [3, 0]
    assert [f["properties"]["event_id_cnty"] for f in feats] == ["SYR1", "SYR2"]
    assert feats[0]["properties"]["corridor_status"] == "inside"           # Ariha


def test_map_events_excel(tmp_path):
    out = tmp_path / "ev.csv"
    r = run("map", "--example", "-o", str(tmp_path / "m.html"), "--events", str(out), "--excel")
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    r = run("map", "--example", "-o", str(tmp_path / "n.html"), "--events",
            str(tmp_path / "ev.gpkg"), "--excel")
    assert r.exit_code == 2 and "--excel is for a CSV" in r.output
    assert not (tmp_path / "n.html").exists()
