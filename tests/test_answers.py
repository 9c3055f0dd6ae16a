"""Corridor answers for what reports name (geo.answers, geo.classification, geo.extents)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

import geo
from gazetteer import Gazetteer
from gazetteer.roads import Road
from geo.answers import answer_places, describe
from geo.classification import classify
from geo.vocabulary import CorridorStatus

GEOD = Geod(ellps="WGS84")

#: Towns that published reports put on the patrol route (their centres are the line's vertices)
ON_THE_ROUTE = ["ترنبة", "عين الحور", "أريحا", "محمبل", "أورم الجوز", "النيرب", "بداما",
                "جسر الشغور"]
#: Towns elsewhere: off the road, or on the eastern M4
ELSEWHERE = ["إدلب", "كفرنبل", "معرة النعمان", "اللاذقية", "حلب", "منبج", "عين عيسى", "تل تمر"]


@pytest.fixture(scope="module")
def g():
    return Gazetteer.default()


@pytest.fixture(scope="module")
def corridor():
    return geo.default_corridor()


def _answer(g, name, **kw):
    return answer_places([g.resolve(name)[0]], **kw).iloc[0]


@pytest.mark.parametrize("name", ON_THE_ROUTE)
def test_towns_on_the_patrol_route_are_inside_and_astride(g, name):
    a = _answer(g, name)
    assert a["corridor_status"] == "inside" and a["in_corridor"] is True
    # the line joins these towns' centres: nearer to it than its accuracy, so no side is sure
    assert a["side"] == "astride" and a["distance_m"] < a["accuracy_m"]
    assert a["answer_basis"] == "point"


@pytest.mark.parametrize("name", ELSEWHERE)
def test_towns_elsewhere_are_outside(g, name):
    a = _answer(g, name)
    assert a["corridor_status"] in ("outside", "beyond_east_end", "beyond_west_end")
    assert a["in_corridor"] is False and a["side"] is None


def test_both_ends_inside_by_coordinates_and_on_their_end_lines(corridor):
    (wlon, wlat), (elon, elat) = corridor.endpoints.values()
    r = classify([wlon, elon], [wlat, elat])
    assert r["corridor_status"].tolist() == ["inside", "inside"]
    assert r["along_km"].tolist() == [0.0, pytest.approx(corridor.length_m / 1000)]
    assert (r["edge_m"] >= 0).all()
    # 3 km off the road, on the flat end line through each end: still inside (closed section)
    sec = np.asarray(corridor.section.coords)
    for end, nxt in ((sec[0], sec[1]), (sec[-1], sec[-2])):
        heading = GEOD.inv(end[0], end[1], nxt[0], nxt[1])[0]
        for turn in (90, -90):
            lon, lat, _ = GEOD.fwd(end[0], end[1], heading + turn, 3000.0)
            got = classify([lon], [lat]).iloc[0]
            assert got["corridor_status"] == "inside", (end, turn, got["edge_m"])
            assert got["side"] in ("north", "south")


@pytest.mark.parametrize("end, status", [(-1, "beyond_east_end"), (0, "beyond_west_end")])
def test_past_an_end_along_the_road_is_beyond_it(corridor, end, status):
    sec = np.asarray(corridor.section.coords)
    a, b = (sec[-2], sec[-1]) if end == -1 else (sec[1], sec[0])
    heading = GEOD.inv(a[0], a[1], b[0], b[1])[0]
    lon, lat, _ = GEOD.fwd(b[0], b[1], heading, 3000.0)
    r = classify([lon], [lat]).iloc[0]
    assert r["corridor_status"] == status and not r["in_corridor"]
    length = corridor.length_m / 1000
    past = r["along_km"] - length if end == -1 else -r["along_km"]
    assert past == pytest.approx(3.0, abs=0.05)
    text = describe(r)
    assert text.startswith(f"outside the corridor: past its {'east' if end else 'west'} end")
    assert "3.00 km beyond it" in text
    # far to the side of the end's continuation: plain outside, not "beyond"
    lon, lat, _ = GEOD.fwd(b[0], b[1], heading + 90, 9000.0)
    assert classify([lon], [lat]).iloc[0]["corridor_status"] == "outside"


@pytest.mark.parametrize("name, basis", [("جبل الزاوية", "hull of"),
                                         ("محافظة إدلب", "governorate polygon"),
                                         ("سهل الغاب", "hull of")])
def test_areas_are_partly_inside_with_their_share(g, name, basis):
    a = _answer(g, name)
    assert a["corridor_status"] == "partly_inside" and a["in_corridor"] is None
    assert 0 < a["share_inside"] < 1 and a["answer_basis"].startswith(basis)
    assert describe(a).startswith("partly inside the corridor: ")


def test_a_district_astride_the_road_and_one_far_away(g):
    jisr = _answer(g, "منطقة جسر الشغور")
    assert jisr["corridor_status"] == "partly_inside" and jisr["side"] == "astride"
    far = _answer(g, "منطقة القامشلي")
    assert far["corridor_status"] == "outside" and far["share_inside"] == 0


def test_share_is_by_geodesic_area(g, corridor):
    from shapely import intersection

    from geo.extents import extent_of

    gov = g.resolve("محافظة إدلب")[0]
    ext = extent_of(gov, g)
    inside = sum(abs(GEOD.geometry_area_perimeter(intersection(ext.geometry, b))[0])
                 for b in (corridor.north, corridor.south))
    whole = abs(GEOD.geometry_area_perimeter(ext.geometry)[0])
    assert _answer(g, "محافظة إدلب")["share_inside"] == pytest.approx(inside / whole, abs=1e-4)


def test_roads_in_a_report_western_m4_on_road_eastern_not(g):
    text = ("سيرت القوات الروسية والتركية دورية مشتركة على الطريق الدولي M4 قرب أريحا. "
            "وفي الشمال الشرقي قطعت الفصائل طريق M4 الذي يربط عين عيسى بتل تمر.")
    ms = g.extract(text)
    roads = [m for m in ms if m.kind == "road"]
    assert [m.road for m in roads] == [Road.M4_WEST, Road.M4_EAST]
    a = answer_places([m.place for m in ms], [m.road if m.kind == "road" else None for m in ms])
    status = dict(zip([m.surface for m in ms], a["corridor_status"], strict=True))
    got = [s for m, s in zip(ms, a["corridor_status"], strict=True) if m.kind == "road"]
    assert got == ["on_road", "outside"]
    assert status["أريحا"] == "inside"
    on_road = a[a["corridor_status"] == "on_road"].iloc[0]
    assert on_road["in_corridor"] is None and on_road["side"] is None


def test_m5_and_foreign_countries_are_outside(g):
    m5 = answer_places([g.resolve("M5")[0]], [Road.M5]).iloc[0]
    assert m5["corridor_status"] == "outside" and m5["in_corridor"] is False
    turkey = _answer(g, "تركيا")
    assert turkey["corridor_status"] == "outside"
    assert turkey["answer_basis"] == "a country other than Syria"


def test_unresolved_is_unlocated():
    a = answer_places([None]).iloc[0]
    assert a["corridor_status"] == "unlocated" and a["in_corridor"] is None
    assert describe(a) == "not located"


# ---------------------------------------------------------------- text never contradicts
@settings(max_examples=60, deadline=None)
@given(st.floats(35.95, 37.0), st.floats(35.6, 36.05))
def test_text_answer_agrees_with_the_columns(lon, lat):
    r = classify([lon], [lat]).iloc[0]
    text = describe(r)
    status = CorridorStatus(r["corridor_status"])
    if status is CorridorStatus.INSIDE:
        assert text.startswith("inside the corridor") and "outside" not in text
        assert r["side"] in text if r["side"] != "astride" else "astride the road" in text
        assert "inside the edge" in text
    else:
        assert text.startswith("outside the corridor") and "inside the edge" not in text
        assert ("past its" in text) == status.value.startswith("beyond")
    assert ("near the edge" in text) == bool(r["near_edge"])
    assert f"{r['distance_m'] / 1000:.2f} km from the road" in text


# ---------------------------------------------------------------- the same answer everywhere
def test_check_extract_and_events_agree(g, tmp_path):
    from click.testing import CliRunner

    from geo.cli import main
    from geo.events import extract_events

    text = "قصف على أريحا ومحمبل وكفرنبل وجبل الزاوية، ودورية على الطريق M4 قرب سراقب."
    runner = CliRunner()
    ext = runner.invoke(main, ["extract", "-", "-f", "jsonl"], input=text)
    assert ext.exit_code == 0, ext.output
    mentions = json.loads(ext.stdout)["mentions"]
    events = extract_events([text])
    assert [m["corridor_status"] for m in mentions] == events["corridor_status"].tolist()
    checked = 0
    for m in mentions:
        if m["place"] and m["kind"] != "road":
            got = json.loads(runner.invoke(main, ["check", m["place"]["name_ar"], "-f",
                                                  "json"]).stdout)
            if got["id"] == m["place"]["id"]:  # the same place by its bare name
                assert (got["corridor_status"], got["side"]) == (m["corridor_status"],
                                                                 m["side"])
                checked += 1
    assert checked >= 3
    ext = runner.invoke(main, ["extract", "-", "-f", "jsonl", "--no-corridor"], input=text)
    assert "corridor_status" not in json.loads(ext.stdout)["mentions"][0]


def test_check_text_of_an_end_does_not_contradict_itself():
    from click.testing import CliRunner

    from geo.cli import main

    out = CliRunner().invoke(main, ["check", "ترنبة"]).stdout
    assert "inside the corridor, astride the road" in out and "outside" not in out
    assert "-0.00" not in CliRunner().invoke(main, ["check", "عين الحور"]).stdout


def test_check_names_the_other_candidates_when_answers_differ():
    from click.testing import CliRunner

    from geo.cli import main

    r = CliRunner().invoke(main, ["check", "عين الحور", "-f", "json"])
    obj = json.loads(r.stdout)
    others = obj["ambiguous_with"]
    assert others and all((o["corridor_status"], o["side"]) != (obj["corridor_status"],
                                                                 obj["side"]) for o in others)
    text = CliRunner().invoke(main, ["check", "عين الحور"]).stdout
    assert "is ambiguous" in text and text.count("\n  - ") == len(others) + 1
    # an unambiguous name lists nothing
    assert "ambiguous_with" not in json.loads(
        CliRunner().invoke(main, ["check", "أريحا", "-f", "json"]).stdout)


def test_map_legend_counts_equal_the_events_table(events):
    from geo.events import group_places
    from geo.maps import corridor_status_of, places_layer

    layer = places_layer(events)
    places = group_places(events)
    places = places[~places["kind"].isin(["country", "road"])]
    assert layer.counts == corridor_status_of(places).value_counts().to_dict()
    assert "partly_inside" in layer.counts


@pytest.mark.parametrize("module", ["geo.answers", "geo.classification", "geo.extents",
                                    "geo.vocabulary", "geo.zones", "gazetteer.roads"])
def test_docstring_examples(module):
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(module)).failed == 0


def test_a_site_located_at_its_settlement_says_so_in_its_answer_basis_and_precision(g):
    from gazetteer.place import WITHIN_SETTLEMENT
    from geo.events import geo_precision

    (m,) = [m for m in g.extract("استهدف القصف مشفى الحكمة في مدينة سراقب")
            if m.place is not None and m.place.kind == "hospital"]
    a = answer_places([m.place]).iloc[0]
    assert a["answer_basis"] == WITHIN_SETTLEMENT and a["corridor_status"] != "unlocated"
    assert geo_precision(m.place.kind, m.cues, m.place.geometry) == 2
    assert geo_precision("hospital") == 1
