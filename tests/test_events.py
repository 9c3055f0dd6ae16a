"""geo.events: mentions → events table (one row per mention), places for markers, files."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from geo.events import (
    ACLED_COLUMNS,
    COLUMNS,
    event_ids,
    events_frame,
    excerpt,
    extract_events,
    geo_precision,
    group_places,
    mention_rows,
    read_events,
    report_key,
)
from geo.io import InputError


def test_excerpt_keeps_the_mention_and_cuts_at_spaces(sample_report):
    text, _, mentions = sample_report
    for m in mentions:
        ex, a, b = excerpt(text, m["start"], m["end"], width=40)
        assert ex[a:b] == m["surface"]
        assert len(ex) <= len(m["surface"]) + 80
        assert "\n" not in ex
        if m["start"] > 40:   # cut on a word boundary, never inside a word
            i = text.find(ex.split(" ")[0], m["start"] - 41)
            assert i == 0 or text[i - 1].isspace() or not text[i - 1].isalpha()


def test_geo_precision_follows_acled():
    assert geo_precision("town") == 1
    assert geo_precision("town", ["ريف"]) == 2          # the countryside of a town
    assert geo_precision("plain") == geo_precision("road") == 2
    assert geo_precision("governorate") == geo_precision("district") == 3
    assert geo_precision(None) is None


def test_one_row_per_mention_with_acled_columns(events, sample_report):
    text, meta, mentions = sample_report
    assert len(events) == len(mentions)
    assert list(events.columns[: len(COLUMNS)]) == COLUMNS
    assert set(ACLED_COLUMNS) <= set(events.columns)
    assert events.crs.to_epsg() == 4326
    for row, m in zip(events.itertuples(), mentions, strict=True):
        assert text[row.start:row.end] == row.surface == m["surface"]
        assert row.report_id == meta["id"] and row.event_date == meta["date"]
    kafr = events[events["name_en"] == "Kafr Nabl"].iloc[0]
    assert kafr.geo_precision == 1 and kafr.location == "Kafr Nabl"
    assert kafr.latitude == pytest.approx(35.61376) and kafr.geometry.x == pytest.approx(36.56449)
    assert kafr.source == meta["source"] and "shaam.org" in kafr.source_url
    assert "كفرنبل" in kafr.notes and len(kafr.notes) < len(text)    # the sentence
    assert kafr.time_precision == 1 and kafr.admin1 == "Idlib" and kafr.admin3
    assert events["event_id_cnty"].is_unique
    assert events["event_id_cnty"].str.fullmatch(r"SYR-[A-Za-z0-9-]+-\d+(\.\d+)?").all()
    assert all(v.isascii() for v in events["location"].dropna())


def test_corridor_columns(events):
    by = events.drop_duplicates("name_en").set_index("name_en", drop=False)
    assert by.loc["Kafr Nabl", "corridor"] == "outside"      # ~20 km south of the M4
    assert by.loc["Damascus", "corridor"] == "outside"
    assert by.loc["Damascus", "distance_m"] > 200_000
    # an area is answered by its extent: a governorate's polygon, a mountain's member hull
    for area in ("Idlib Governorate", "Jabal al-Zawiya"):
        assert by.loc[area, "corridor_status"] == "partly_inside"
        assert by.loc[area, "in_corridor"] is None
        assert 0 < by.loc[area, "share_inside"] < 1
    assert by.loc["Jabal al-Zawiya", "answer_basis"].startswith("hull of")
    assert by.loc["Jabal al-Zawiya", "geo_precision"] == 2
    unres = events[~events["resolved"] & (events["kind"] != "road")]
    assert set(unres["corridor_status"]) == {"unlocated"}
    assert unres.geometry.isna().all()
    assert {"وروسيا", "أم 4", "سوريا"} <= set(unres["surface"])


def test_inside_the_corridor_gets_a_side(corridor):
    # 3 km north and 3 km south of the middle of the section
    mid = corridor.section.interpolate(0.5, normalized=True)
    rows = [{"surface": s, "start": 0, "end": 1, "resolved": True, "lat": mid.y + dy,
             "lon": mid.x, "kind": "village", "confidence": 0.8, "geo_precision": 1}
            for s, dy in (("n", 0.027), ("s", -0.027), ("far", 0.3))]
    ev = events_frame(rows, corridor=corridor)
    assert list(ev["corridor"]) == ["inside_north", "inside_south", "outside"]
    assert list(ev["side"][:2]) == ["north", "south"]
    assert ev["distance_m"][0] == pytest.approx(3000, abs=600)


def test_mentions_as_objects_and_alternatives(sample_report, corridor):
    text, _, mentions = sample_report
    objs = [SimpleNamespace(**{**m, "place": SimpleNamespace(**m["place"]) if m["place"] else None,
                               "candidates": [SimpleNamespace(**c) for c in m["candidates"]]})
            for m in mentions]
    ev = events_frame(mention_rows(objs, text), corridor=corridor)
    dar = ev[ev["name_en"] == "al-Dar al-Kabira"].iloc[0]
    assert dar.confidence == pytest.approx(0.3)
    assert dar.alternatives == "al-Dar al-Kabira (Idlib)"   # the chosen place is not its own alt
    assert ev["alternatives"][ev["name_en"] == "Kafr Nabl"].iloc[0] == ""


def test_group_places_one_marker_per_place(events):
    places = group_places(events)
    assert places["place_id"].is_unique
    idlib = places[places["name_en"] == "Idlib Governorate"].iloc[0]
    assert idlib["count"] == (events["name_en"] == "Idlib Governorate").sum() == 9
    assert len(idlib["rows"]) == 9
    assert places["count"].sum() == events["resolved"].sum()
    assert places[places["name_en"] == "Damascus"].iloc[0]["dates"] == ["2020-03-23"]


def test_extract_events_runs_the_gazetteer(sample_report, corridor):
    text, _meta, mentions = sample_report

    class FakeGazetteer:
        def extract(self, t):
            assert t == text
            return mentions

    ev = extract_events([{"text": text, "id": "r1", "date": "2020-03-23"}, text],
                        gazetteer=FakeGazetteer(), corridor=corridor)
    assert len(ev) == 2 * len(mentions)
    key = report_key(text)                     # a report without id: keyed by its text
    assert key.startswith("sha256:") and list(ev["report_id"].unique()) == ["r1", key]
    again = extract_events([text], gazetteer=FakeGazetteer(), corridor=corridor)
    assert list(again["event_id_cnty"]) == list(ev["event_id_cnty"][len(mentions):])


def test_event_ids_are_one_scheme_and_unique():
    assert event_ids(["r1", "r1", "r1"], [10, 10, None]) == ["SYR-r1-10", "SYR-r1-10.2",
                                                             "SYR-r1-x"]
    # a report id that ends like an offset and a repeated offset stay apart
    assert len(set(event_ids(["r1-10", "r1", "r1"], [2, 10, 10]))) == 3
    assert report_key({"id": None, "url": "https://x.org/1"}) == "https://x.org/1"
    assert report_key({"text": "abc"}) != report_key({"text": "abd"})


def test_read_events_geojson_and_csv(events, tmp_path):
    from geo.io import atomic_output
    from geo.writers import feature, write_geojson

    gj = tmp_path / "events.geojson"
    cols = ["surface", "name_ar", "name_en", "kind", "confidence", "date", "report_id"]
    with atomic_output(gj) as f:
        write_geojson((feature(r.lon, r.lat, {c: getattr(r, c) for c in cols})
                       for r in events[events["resolved"]].itertuples()), f)
    back = read_events(gj)
    assert len(back) == events["resolved"].sum()
    assert back["resolved"].all()
    assert set(back["corridor_status"]) == set(events.loc[events["resolved"], "corridor_status"])
    # an area read back without its gazetteer id keeps its extent answer
    zawiya = back[back["name_en"] == "Jabal al-Zawiya"]
    assert set(zawiya["corridor_status"]) == {"partly_inside"}

    nested = tmp_path / "extract.geojson"   # a resolved place nested in the properties
    nested.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [36.56449, 35.61376]},
        "properties": {"id": "r9", "surface": "بكفرنبل", "excerpt": "قصف بكفرنبل اليوم",
                       "confidence": 0.8, "place": {"id": "wof:1", "name_ar": "كفرنبل",
                                                    "name_en": "Kafr Nabl", "kind": "town"}}}]},
        ensure_ascii=False), encoding="utf-8")
    ev = read_events(nested)
    assert ev.loc[0, ["place_id", "name_en", "kind", "report_id"]].tolist() == [
        "wof:1", "Kafr Nabl", "town", "r9"]
    assert ev.loc[0, "corridor"] == "outside" and ev.loc[0, "geo_precision"] == 1

    acled = tmp_path / "acled.csv"
    acled.write_text("event_date,location,latitude,longitude,admin1\n"
                     "2020-03-23,Saraqib,35.8623,36.8003,Idlib\n", encoding="utf-8")
    ev = read_events(acled)
    assert ev.loc[0, "name_en"] == "Saraqib" and ev.loc[0, "date"] == "2020-03-23"
    assert ev.loc[0, "lat"] == pytest.approx(35.8623)


def test_read_events_bad_input(tmp_path):
    p = tmp_path / "nocoords.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="no coordinates"):
        read_events(p)
    q = tmp_path / "bad.geojson"
    q.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.geojson:1: invalid JSON"):
        read_events(q)
    r = tmp_path / "list.geojson"
    r.write_text(json.dumps([1, 2]), encoding="utf-8")
    with pytest.raises(InputError, match="FeatureCollection"):
        read_events(r)


@pytest.mark.parametrize("features, what", [
    ([{"type": "Feature", "geometry": {"type": "Point", "coordinates": []}}],
     "feature 1: a Point needs coordinates"),
    ([{"type": "Feature", "geometry": {"type": "Point"}}], "feature 1: a Point needs"),
    ([1, 2], "feature 1 is not a GeoJSON Feature"),
    ([{"type": "Feature", "geometry": None, "properties": [1]}], "feature 1 is not a GeoJSON"),
    ({"a": 1}, "expected a GeoJSON FeatureCollection"),
])
def test_read_events_malformed_features(tmp_path, features, what):
    # IndexError / KeyError / AttributeError tracebacks in `geo map`
    p = tmp_path / "x.geojson"
    p.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                 encoding="utf-8")
    with pytest.raises(InputError, match=f"^{p}: {what}"):
        read_events(p)


def test_read_mentions_malformed_mention(tmp_path):
    from geo.events import read_mentions

    p = tmp_path / "m.jsonl"  # int("x") raised ValueError: a traceback in `geo map m.jsonl`
    p.write_text('{"mentions": [{"start": 0, "end": 3}]}\n{"mentions": [{"start": "x"}]}\n',
                 encoding="utf-8")
    with pytest.raises(InputError, match=f"^{p}:2: bad mention: invalid literal"):
        read_mentions(p)


def test_load_inputs_mixes_reports_and_events(sample_report, events, tmp_path):
    from geo.events import load_inputs

    text, _, mentions = sample_report

    class FakeGazetteer:
        def extract(self, t):
            return mentions if t == text else []

    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00binary")
    csv = tmp_path / "ev.csv"
    csv.write_text("lat,lon,name_en\n35.8623,36.8003,Saraqib\n", encoding="utf-8")
    ev, failed = load_inputs([tmp_path / "r.txt", tmp_path / "bad.txt", csv],
                             gazetteer=FakeGazetteer())
    assert len(ev) == len(mentions) + 1
    assert ev["report_id"].iloc[0] == "r.txt" and ev["name_en"].iloc[-1] == "Saraqib"
    assert len(failed) == 1 and "bad.txt" in failed[0]
    with pytest.raises(InputError, match="no such file"):
        load_inputs([tmp_path / "missing.txt"])
    with pytest.raises(InputError, match="no report could be read"):
        load_inputs([tmp_path / "bad.txt"], gazetteer=FakeGazetteer())


def test_write_events_acled_first(events, tmp_path):
    import csv as _csv

    from geo.events import write_events

    out = tmp_path / "ev.csv"
    write_events(events, out)
    with open(out, encoding="utf-8") as f:
        rows = list(_csv.DictReader(f))
    assert list(rows[0])[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert len(rows) == len(events)
    back = read_events(out)                          # the table reads back the same
    assert back["corridor"].tolist() == events["corridor"].tolist()
    assert back["geo_precision"].tolist() == events["geo_precision"].tolist()
    gj = tmp_path / "ev.geojson"
    write_events(events, gj)
    back = read_events(gj)
    assert len(back) == len(events) and back["resolved"].sum() == events["resolved"].sum()
    with pytest.raises(InputError, match="must end in"):
        write_events(events, tmp_path / "ev.txt")


def test_extract_jsonl_output_is_read_back_as_events(tmp_path):
    import json

    from gazetteer import Gazetteer
    from geo.events import is_events_file, load_inputs

    text = "قصفت قوات النظام بلدة كفرنبل وقرية حاس في ريف إدلب الجنوبي، ومدينة سراقب."
    mentions = [m.to_dict() for m in Gazetteer.default().extract(text)]
    path = tmp_path / "mentions.jsonl"
    path.write_text(json.dumps({"file": "r.txt", "id": "r1", "date": "2020-04-01",
                                "mentions": mentions}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    assert is_events_file(str(path))
    events, failed = load_inputs([path])
    assert not failed
    assert len(events) == len(mentions)
    assert set(events["report_id"]) == {"r1"} and set(events["date"]) == {"2020-04-01"}
    placed = [m for m in mentions if m["place"]]
    assert int(events["resolved"].sum()) == len(placed)
    assert "wof:890449833" in set(events["place_id"].dropna())  # Saraqib
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"mentions": []}\nnot json\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"bad.jsonl:2: not JSON"):
        load_inputs([bad])
