"""Bundled data, indexes, build determinism and the extra-CSV overlay."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from shared_data import shared_path

from gazetteer import normalize as N
from gazetteer.build import index_names
from gazetteer.errors import GazetteerError
from gazetteer.place import KINDS
from gazetteer.resolve import Gazetteer
from gazetteer.store import DATA_FILE, Store

DATA = Path(__file__).resolve().parents[1] / "gazetteer" / "data"


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return Gazetteer.default()


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_default_is_cached_and_sane(g):
    assert Gazetteer.default() is g
    assert len(g) > 10_000
    assert len(set(g.ids)) == len(g.ids)
    assert set(g.kind) <= set(KINDS)
    assert np.all(np.abs(g.lat) <= 90) and np.all(np.abs(g.lon) <= 180)
    syrian = np.array([s in ("whosonfirst", "opensyria") and k != "country"
                       for s, k in zip(g.source, g.kind, strict=True)])
    assert np.all((g.lat[syrian] > 32) & (g.lat[syrian] < 37.5))
    assert np.all((g.lon[syrian] > 35.5) & (g.lon[syrian] < 42.5))
    assert g.max_words >= 3


def test_indexes_match_current_normalisation(g):
    """The bundled indexes were built with today's normalize (else: python -m gazetteer.build)."""
    for i in range(g.n):
        if g.source[i] == "extra":
            continue
        ar = [n for n in g._names_ar[i].split("|") if n]
        en = [n for n in g._names_latin[i].split("|") if n]
        exact, variant, latin = index_names(ar, en)
        for k in exact:
            assert i in g.arabic_index[k], (g.ids[i], k)
        for k in variant:
            assert i in g.arabic_variant_index[k], (g.ids[i], k)
        for k in latin:
            assert i in g.latin_index[k], (g.ids[i], k)


def test_index_has_spaced_and_joined_forms(g):
    assert g.arabic_index["كفر نبل"] == g.arabic_index["كفرنبل"]
    assert g.arabic_index["جسر الشغور"] == g.arabic_index["جسرالشغور"]
    # names with and without the article: الدار الكبيرة is only known as دار الكبيرة
    assert "الدار الكبيره" not in g.arabic_index
    assert set(g.arabic_variant_index["الدار الكبيره"]) == set(g.arabic_index["دار الكبيره"])


def test_build_is_deterministic_and_committed(tmp_path):
    shared = shared_path("gazetteer", "wof_sy_places.csv").parents[1]
    from gazetteer.build import build, write

    out = write(build(shared), tmp_path)
    assert out.read_bytes() == DATA_FILE.read_bytes(), "run `python -m gazetteer.build`"


def test_deprecated_superseded_dropped_and_duplicates_merged(g):
    with open(shared_path("gazetteer", "wof_sy_places.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    dropped = [r["wof_id"] for r in rows if r["deprecated"] or r["superseded_by"]]
    assert dropped
    assert not any(f"wof:{w}" in g for w in dropped)
    # two WOF records of Maarat al-Numan ~0.6 km apart became one place
    assert g.get("wof:421190421").id == g.get("wof:1226623337").id
    assert g.index_of("wof:421190421") == g.index_of("wof:1226623337")


def test_admin_filled_for_nearly_every_syrian_place(g):
    syr = [i for i in range(g.n) if g.source[i] == "whosonfirst" and g.kind[i] != "country"]
    missing1 = sum(g.admin1[i] is None for i in syr)
    missing2 = sum(g.admin2[i] is None for i in syr)
    assert missing1 / len(syr) < 0.01
    assert missing2 / len(syr) < 0.02
    # a locality that WOF leaves without a hierarchy gets one by point-in-polygon
    assert g.get("wof:1209191555").admin1 == "Idlib"  # Ma`arrat Hurmah


def test_opensyria_admin_units(g):
    idlib = g.get("osy:SY07")
    assert (idlib.kind, idlib.admin1, idlib.population) == ("governorate", "Idlib", 1445000)
    assert g.get("osy:SY0704").kind == "district"
    assert g.get("osy:SY070003").admin2 == "Idlib"
    assert sum(k == "subdistrict" for k in g.kind) == 272


def test_supplement_rows_all_cited():
    with open(DATA / "supplement.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["citation"].strip() for r in rows)


def test_supplement_coordinates_have_a_source(g):
    """Every curated point comes from WOF members, a target record, or a cited point."""
    with open(DATA / "supplement.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if r["target"]:
            assert r["target"] in g, r["id"]
            assert not (r["lat"] or r["lon"] or r["members"]), r["id"]
        elif r["members"]:
            assert all(f"wof:{m}" in g for m in r["members"].split("|")), r["id"]
        else:
            assert r["lat"] and r["lon"], r["id"]
            assert "GeoNames" in r["citation"] or "Wikipedia" in r["citation"], r["id"]


def test_curated_crossing_and_foreign_region(g):
    bab = g.get("curated:bab-al-hawa-crossing")
    assert (bab.kind, bab.admin1, bab.geometry) == ("region", "Idlib", "representative point")
    assert {"باب الهوى", "معبر باب الهوى", "Bab al-Hawa"} <= set(bab.names)
    hatay = g.get("curated:hatay")
    assert hatay.kind == "region" and hatay.admin1 is None  # abroad: no Syrian governorate
    assert "Hatay" not in g.get("curated:antakya").names  # the province, not its seat
    assert {"المعرة", "معرة"} <= set(g.get("wof:1226623337").names)
    ruj = g.get("curated:sahl-al-ruj")
    assert (ruj.kind, ruj.admin1) == ("plain", "Idlib")
    shah = g.get("curated:jabal-shahshabu")  # one cited member village: its point
    rasha = g.get("wof:1242867839")
    assert shah.kind == "mountain" and (shah.lat, shah.lon) == (round(rasha.lat, 5),
                                                                round(rasha.lon, 5))


def test_curated_entries(g):
    trumba = g.get("wof:1276635743")
    assert {"ترنبة", "الترنبة", "Tronba", "Tarnaba"} <= set(trumba.names)
    assert "عين الحور" in g.get("wof:1209119079").names
    z = g.get("curated:jabal-al-zawiya")
    assert z.kind == "mountain" and z.geometry == "representative point" and z.admin1 == "Idlib"
    assert g.get("curated:al-ghab").kind == "plain"
    assert g.get("curated:m4").kind == "road"
    assert g.get("curated:turkey").kind == "country"


def test_notice_names_the_sources():
    text = (DATA / "NOTICE.md").read_text(encoding="utf-8")
    for needle in ("Who's On First", "GeoNames", "Quattroshapes", "GeoPlanet", "OpenSyria",
                   "OCHA", "CC BY"):
        assert needle in text


def test_import_is_light():
    code = ("import sys, gazetteer; g = gazetteer.Gazetteer.default(); g.resolve('سراقب');"
            "print(any(m in sys.modules for m in ('geopandas', 'shapely', 'pandas', 'geo')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------------ extra CSV overlay

def test_extra_csv_adds_and_wins(tmp_path):
    path = write_csv(tmp_path / "extra.csv", [
        ["name_ar", "name_en", "lat", "lon", "kind", "admin1", "source", "names"],
        ["سراقب", "Saraqib", "35.9", "36.9", "town", "إدلب", "my notes", "Srqb"],
        ["قرية جديدة", "New Village", "35.5", "36.5", "", "Idlib", "", ""],
    ])
    g = Gazetteer(extra=[path])
    best = g.resolve("سراقب")[0]
    assert (best.source, best.lat, best.admin1) == ("extra", 35.9, "Idlib")
    assert best.id.startswith("extra:")
    assert g.resolve("Saraqib")[0].source == "extra"
    assert g.resolve("Srqb")[0].source == "extra"
    assert "wof:890449833" in best.alternatives  # the bundled one is still a candidate
    new = g.resolve("قرية جديدة")[0]
    assert (new.kind, new.name_en) == ("village", "New Village")
    assert Gazetteer.default().resolve("سراقب")[0].source == "whosonfirst"  # no leak


@pytest.mark.parametrize(("rows", "line", "needle"), [
    ([["name", "lat"]], 1, "missing column"),
    ([["name_ar", "lat", "lon"], ["سراقب", "35", "36"], ["ادلب", "north", "36"]], 3, "lat"),
    ([["name_ar", "lat", "lon"], ["سراقب", "95", "36"]], 2, "out of range"),
    ([["name_ar", "lat", "lon", "kind"], ["سراقب", "35", "36", "castle"]], 2, "kind"),
    ([["name_ar", "name_en", "lat", "lon"], ["", "", "35", "36"]], 2, "no name"),
    ([["name_ar", "lat", "lon"], ["سراقب", "35", "36", "x"]], 2, "fields"),
    ([["name_ar", "lat", "lon", "population"], ["سراقب", "35", "36", "many"]], 2, "population"),
])
def test_malformed_extra_names_file_and_line(tmp_path, rows, line, needle):
    path = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(GazetteerError) as err:
        Store(extra=[path])
    msg = str(err.value)
    assert msg.startswith(f"{path}:{line}:"), msg
    assert needle in msg
    assert "\n" not in msg


def test_extra_not_utf8_or_empty(tmp_path):
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("name_ar,lat,lon\nSaraq\xefb,35,36\n".encode("latin-1"))
    with pytest.raises(GazetteerError, match=r"latin1\.csv:2: not valid UTF-8"):
        Store(extra=[bad])
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"empty\.csv:1: empty file"):
        Store(extra=[empty])
    with pytest.raises(GazetteerError, match=r"missing\.csv"):
        Store(extra=[tmp_path / "missing.csv"])


def test_normalize_key_used_for_store_lookup(g):
    ids, how = g.lookup_arabic("أَرِيحَا")
    assert how == "exact" and any(g.kind[i] in ("city", "town") for i in ids)
    assert N.key("أريحا") in g.arabic_index


def test_main_arabic_name_is_the_one_that_transcribes_the_main_name(g):
    from gazetteer.build import _main_arabic, romanize

    # WOF lists Arabic aliases in no particular order: the main name decides
    assert _main_arabic(["باريشا", "أم الريش"], "Umm ar Rish") == "أم الريش"
    assert _main_arabic(["كوب لك", "قطيرة"], "Qatirah") == "قطيرة"
    assert _main_arabic(["دحباش", "دير حباش"], "Dayr Hibash") == "دير حباش"
    # no alias clearly transcribes it (Çobanbey is الراعي in Arabic): the first listed stays
    assert _main_arabic(["الراعي", "جوبان بك"], "Tchoban Bey") == "الراعي"
    assert _main_arabic(["عبدون", "عيدون"], "`Abdun") == "عبدون"
    assert romanize("الناصرة") == N.latin("An Nasirah").replace("i", "")  # short vowels unwritten
    # in the bundled data: the alias stays a name of the record, no longer its main name
    umm = g.get("wof:1310292043")
    assert umm.name_en == "Umm ar Rish" and umm.name_ar == "أم الريش"
    assert "باريشا" in g.names_of(g.index_of(umm.id))
    assert g.get("wof:1310082733").name_ar == "باريشا"


def test_a_mountain_is_indexed_with_the_plural_head_too():
    _, variant, _ = index_names(["جبل التركمان"], [])
    assert "جبال التركمان" in variant and "جبالالتركمان" in variant
    assert not any(v.startswith("جبال") for v in index_names(["جبلة"], [])[1])
