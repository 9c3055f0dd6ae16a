"""Rules ``roads`` and ``road-pairs`` (gazetteer.parse.rules.roads)."""

from __future__ import annotations

import pytest

from gazetteer.parse.evidence import Kind
from gazetteer.parse.rules.roads import RoadNames
from gazetteer.roads import Road


@pytest.mark.parametrize("form, code", [("M4", "M4"), ("«إم 4»", "M4"), ("ام4", "M4"),
                                        ("M5", "M5"), ("أم-٥", "M5")])
def test_road_codes_are_found_in_isolation(state_after, form, code):
    state = state_after(f"قصف قرب طريق {form} اليوم")
    RoadNames()(state)
    assert [which for _, _, which in state.road_tok.values()] == [code]


@pytest.mark.parametrize("form, codes", [
    ("SAM4", []), ("xm-5", []), ("الأمم 4", []), ("كأم 4", []), ("بـM4", ["M4"]),
    ("(M4)", ["M4"]), ("M4 وM5", ["M4", "M5"]), ("إم فايف", ["M5"]), ("M فور", [])])
def test_a_road_code_starts_a_word(form, codes):
    # the letter before M / أم decides (a code inside a word is none), a Latin code may follow
    # an Arabic clitic
    from gazetteer.parse.rules.roads import _roads

    assert [which for _, _, which in _roads(f"قصف {form} اليوم")] == codes


def test_road_tokens_become_one_road_candidate(state_after):
    state = state_after("على الطريق الدولي M4 قرب سراقب", "match")
    roads = [c for c in state.candidates if c.kind == "road"]
    assert len(roads) == 1 and roads[0].road == "M4"


def test_a_pair_of_towns_after_a_road_noun_is_the_road(state_after):
    state = state_after("على طريق حلب - اللاذقية", "road-pairs")
    roads = [c for c in state.candidates if c.kind == "road"]
    assert len(roads) == 1 and roads[0].road == "M4" and roads[0].has(Kind.ROAD, "طريق")


# ------------------------------------------------------------------ roads named by their ends

def test_the_towns_of_a_pair_stay_places(state_after):
    state = state_after("على طريق حلب - اللاذقية", "road-pairs")
    places = [c for c in state.candidates if c.kind == "place"]
    assert [c.name for c in places] == ["حلب", "اللاذقيه"]
    assert all(c.has(Kind.ROAD_END) for c in places)


def test_a_pair_of_an_unknown_road_is_two_places_and_no_road(state_after):
    state = state_after("قطع طريق حمص - طرطوس", "road-pairs")
    assert [(c.name, c.kind) for c in state.candidates] == [("حمص", "place"), ("طرطوس", "place")]
    assert all(c.has(Kind.ROAD_END) for c in state.candidates)


@pytest.mark.parametrize("text, record", [
    ("على طريق الحسكة – حلب", "curated:m4-east"),
    ("على طريق الرقة – الحسكة", "curated:m4-east"),
    ("على طريق حلب – دمشق", "curated:m5"),
    ("على طريق سراقب – أريحا", "curated:m4"),
])
def test_a_pair_of_a_known_road_is_that_road(g, state_after, text, record):
    state = state_after(text, "road-pairs")
    (road,) = [c for c in state.candidates if c.kind == "road"]
    assert road.ids == (g.index_of(record),)


def test_a_road_record_named_after_towns_gives_its_towns(g):
    ms = g.extract("سيرت القوات دورية على الطريق الدولي حلب - اللاذقية (M4) قرب سراقب")
    assert [(m.surface, m.kind) for m in ms][:3] == [("حلب", "place"), ("اللاذقية", "place"),
                                                     ("M4", "road")]
    assert "road-end" in ms[0].cues and ms[1].place.kind == "city"


@pytest.mark.parametrize("text, road", [
    ("على أوتوستراد حلب – دمشق", Road.M5),
    ("على الطريق الدولي حلب - دمشق", Road.M5),
    ("طريق حلب – اللاذقية الدولي", Road.M4_WEST),
    ("على الطريق السريع M5", Road.M5),
    ("قطع المسلحون طريق إم فايف", Road.M5),
    ("قطع المسلحون طريق ام 4 قرب أريحا", Road.M4_WEST),
    ("قطع المسلحون طريق ام فور قرب أريحا", Road.M4_WEST),
    ("الرقة – نورث برس: أغلقت القوات الطريق الدولي M4 أمام المدنيين", Road.M4_EAST),
    ("الحسكة – نورث برس: سقطت القذائف قرب الطريق الدولي M4", Road.M4_EAST),
    ("سقطت القذائف قرب الطريق المعروف بـM4 شمالي الرقة", Road.M4_EAST),
    ("على طريق الحسكة – حلب", Road.M4_EAST),
    ("على طريق الرقة – الحسكة", Road.M4_EAST),
])
def test_colloquial_highway_names(g, text, road):
    roads = [m for m in g.extract(text) if m.kind == "road"]
    assert [m.road for m in roads] == [road]
    if road is Road.M4_EAST:
        assert roads[0].place.id == "curated:m4-east"


@pytest.mark.parametrize("text", ["يسكن في M فور", "AM4 و RM5", "فور وصوله"])
def test_no_road_code_in_other_words(state_after, text):
    state = state_after(text)
    RoadNames()(state)
    assert not state.road_tok


def test_the_fast_road_is_a_generic_road_like_the_international_road(g):
    text = "قطع المسلحون الطريق السريع قرب سراقب"
    assert [m.kind for m in g.extract(text)] == ["place"]  # a cue, not a mention, by default
    (road,) = [m for m in g.extract(text, generic_roads=True) if m.kind == "road"]
    assert road.surface == "الطريق السريع" and road.road is Road.M4_WEST


def test_generic_road_words_before_a_pair_are_the_pair_roads_cue(g):
    ms = g.extract("الطريق السريع حلب - دمشق", generic_roads=True)
    (road,) = [m for m in ms if m.kind == "road"]
    assert road.road is Road.M5 and "road:الطريق السريع" in road.cues
    # an unknown road named by its ends is no M4 because of its generic words
    assert [m.kind for m in g.extract("الطريق السريع حمص - طرطوس", generic_roads=True)] == [
        "place", "place"]


def test_a_village_named_after_two_cities_does_not_hide_the_road_between_them(g):
    # WOF has a farm «حمص - حماة» in Deir ez-Zor; the text names the M5 by its two ends
    ms = g.extract("وسط مخاوف من قطع الطريق الدولي حمص – حماة الذي يمر قرب الرستن")
    road = [m for m in ms if m.place is not None and m.place.kind == "road"]
    assert [m.place.name_en for m in road] == ["M5 highway"]
    assert {m.surface for m in ms if m.place is not None and m.place.kind == "city"} == {
        "حمص", "حماة"}
