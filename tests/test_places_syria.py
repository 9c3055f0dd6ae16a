"""Places across all of Syria (issue 15): neighbourhoods, Kurdish names, facilities, rivers,
regions, the eastern M4, and look-alikes that are suggestions, not answers."""

import pytest

from gazetteer import Gazetteer
from gazetteer.place import KINDS, LookAlike
from gazetteer.resolve import LOOK_ALIKE_SCORE, _km, did_you_mean


@pytest.fixture(scope="module")
def g():
    return Gazetteer.default()


def test_an_aleppo_neighbourhood_resolves_inside_aleppo(g):
    p = g.resolve("حي الشيخ مقصود")[0]
    assert p.kind == "neighbourhood" and p.admin1 == "Aleppo"
    assert _km(p.lat, p.lon, 36.2021, 37.1343) < 6 and p.citation


@pytest.mark.parametrize(("query", "town"), [
    ("ديريك", "wof:1209733291"), ("Dêrik", "wof:1209733291"), ("قامشلو", "wof:1225958399"),
    ("كري سبي", "wof:1310429531"), ("Girê Spî", "wof:1310429531"),
    ("سري كانيه", "wof:1276457637"), ("تربه سبي", "wof:1243085261"),
    ("Kobanî", "wof:1360282145")])
def test_kurdish_names_resolve_to_the_arabic_named_town(g, query, town):
    p = g.resolve(query)[0]
    assert p.id == town and p.reason.startswith("exact name"), p


@pytest.mark.parametrize(("query", "kind"), [
    ("مطار منغ", "airport"), ("سد تشرين", "dam"), ("معبر باب السلامة", "crossing"),
    ("مخيم الهول", "camp"), ("Kuweires airbase", "airport"), ("مطار التيفور", "airport"),
    ("مطار المزة العسكري", "airport"), ("مخيم الركبان", "camp"), ("تل الحارة", "hill"),
    ("Qamishli Airport", "airport")])
def test_a_facility_is_a_kind_of_its_own_not_the_village_it_is_named_after(g, query, kind):
    p = g.resolve(query)[0]
    assert p.kind == kind and kind in KINDS and p.citation


def test_kuweires_airbase_is_east_of_aleppo_not_the_idlib_namesake(g):
    p = g.resolve("مطار كويرس")[0]
    assert _km(p.lat, p.lon, 36.19, 37.58) < 2  # the Idlib village Kuwayris is ~80 km away


@pytest.mark.parametrize("query", ["نهر العاصي", "الفرات", "نهر الخابور", "Euphrates"])
def test_a_river_resolves_to_a_river_record(g, query):
    p = g.resolve(query)[0]
    assert p.kind == "river" and p.geometry == "representative point"


@pytest.mark.parametrize(("query", "lat", "lon"), [
    ("القلمون", 34.06, 36.72), ("حوران", 32.75, 36.21), ("الساحل السوري", 35.24, 35.89)])
def test_large_regions_are_represented_by_their_cited_member_towns(g, query, lat, lon):
    p = g.resolve(query)[0]
    assert p.kind == "region" and _km(p.lat, p.lon, lat, lon) < 5


def test_the_eastern_m4_is_its_own_road_record_in_the_east(g):
    east, west = g.get("curated:m4-east"), g.get("curated:m4")
    assert east.kind == west.kind == "road" and east.id != west.id
    assert east.lon > 39.0 > west.lon  # east of the Euphrates; the western M4 is in Idlib
    assert g.resolve("طريق حلب القامشلي")[0].id == "curated:m4-east"


def test_a_look_alike_of_another_name_is_a_suggestion_not_an_answer(g):
    # a town the gazetteer lacks must not become its famous neighbour 45 km away
    assert g.resolve("معرة النعسان") == []
    s = g.suggest("معرة النعسان")
    assert s and s[0].name_en.startswith("Ma`arrat an Nu`man")
    assert all(p.look_alike is LookAlike.ANOTHER_NAME and p.score <= LOOK_ALIKE_SCORE
               and p.reason.startswith("look-alike") for p in s)


def test_a_foreign_country_is_never_the_answer_for_a_misspelt_name(g):
    assert all(p.kind != "country" for p in g.resolve("الصحن"))
    assert any(p.look_alike is LookAlike.ANOTHER_KIND for p in g.suggest("الصحن", limit=10))


@pytest.mark.parametrize(("query", "name"), [("سرافب", "سراقب"), ("جسر الشفور", "جسر الشغور"),
                                             ("Saraqeb", "سراقب")])
def test_typos_of_the_same_name_are_still_answers(g, query, name):
    p = g.resolve(query)[0]
    assert p.name_ar == name and p.look_alike is None


def test_not_found_line_names_the_look_alikes(g):
    line = did_you_mean("معرة النعسان", g.suggest("معرة النعسان", limit=1))
    assert line.startswith("not found: 'معرة النعسان'; did you mean معرة النعمان")
    assert did_you_mean("xyzzy", g.suggest("xyzzy")) == "not found: 'xyzzy'"


def test_an_airport_named_after_a_village_elsewhere_is_the_airport(g):
    # مطار المزة was the Aleppo village المزة (cue مطار); the airport is in Damascus
    p = g.resolve("مطار المزة")[0]
    assert p.kind == "airport" and p.admin1 == "Damascus"


def test_every_curated_row_of_a_new_kind_is_cited(g):
    new = {"airport", "dam", "crossing", "camp", "hill", "river"}
    places = [g.place(i) for i in range(g.n) if g.kind[i] in new]
    assert places and all(p.citation or p.source == "whosonfirst" for p in places)


@pytest.mark.parametrize("query", ["Maarat al-Naasan", "Maaret Naasan"])
def test_a_latin_look_alike_with_another_consonant_is_a_suggestion(g, query):
    assert g.resolve(query) == []
    assert g.suggest(query)[0].look_alike is LookAlike.ANOTHER_NAME


@pytest.mark.parametrize(("query", "name"), [("Khan Cheikhoun", "Khān Shaykhūn"),
                                             ("Abu Dhuhur", "Abu az Zuhur"),
                                             ("Harbanoush", "Haranbush")])
def test_latin_transliteration_variants_are_still_answers(g, query, name):
    assert g.resolve(query)[0].name_en == name


def test_cli_resolve_says_did_you_mean_for_a_look_alike():
    from click.testing import CliRunner

    from geo.cli import main

    r = CliRunner().invoke(main, ["resolve", "معرة النعسان"])
    assert r.exit_code == 1
    assert "not found: 'معرة النعسان'; did you mean معرة النعمان" in r.stderr


def test_the_eastern_m4_record_is_the_eastern_road():
    from gazetteer import Gazetteer
    from gazetteer.roads import Road

    (road,) = [m for m in Gazetteer.default().extract("قطع الطريق الدولي الحسكة - حلب قرب تل تمر")
               if m.kind == "road"]
    assert road.place.id == "curated:m4-east" and road.road is Road.M4_EAST
