"""The area a place covers, when it is not a point: governorates, districts, regions, Syria.

A village is answered as a point; a governorate, a district, a mountain, a plain or a region
covers an area, and "is it in the corridor?" then has an honest answer only as a share. This
module finds that area:

* governorates: the bundled OCHA COD-AB polygons (matched by P-code);
* districts: the bundled Who's On First ``county`` polygons (the one holding the place's point);
* regions, mountains and plains: the convex hull of the cited member villages of the
  gazetteer's supplement, grown by :data:`HULL_MARGIN_M` — an approximation, said so in
  :attr:`Extent.basis`;
* rivers: the line through their cited riverside towns in downstream order (the supplement's
  ``members``), grown by :data:`RIVER_MARGIN_M` into a band — the river bends between its towns,
  so the band is approximate too, and says so;
* Syria: the bundled outline.

Subdistricts have no bundled polygon and are answered as points.

    >>> from gazetteer import Gazetteer
    >>> e = extent_of(Gazetteer.default().resolve("جبل الزاوية")[0])
    >>> e.approximate, e.basis.startswith("hull of 8 cited member villages")
    (True, True)
    >>> extent_of(Gazetteer.default().resolve("نهر العاصي")[0]).basis[:40]
    'line through 5 cited riverside towns gro'
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import shapely
import shapely.affinity
from shapely.geometry import shape

from gazetteer.place import ADMIN, AREAS, RIVERS
from geo.corridor import DATA, syria_outline

__all__ = ["HULL_MARGIN_M", "RIVER_MARGIN_M", "Extent", "extent_of"]

#: A hull through the centres of member villages misses the villages' own land and the slopes
#: around them: grow it by about half a village's spacing in these hills (~1.5 km).
HULL_MARGIN_M = 1500.0
#: A river's line runs through the centres of towns on its banks: grow it by about a town's
#: half-width so the band holds the towns and the water beside them (~2 km).
RIVER_MARGIN_M = 2000.0
_M_PER_DEG = 111_320.0
#: An area named like a gazetteer area and this close to its point is that area (km).
SAME_AREA_KM = 25.0

#: Kinds answered by their area (subdistricts have no bundled polygon: answered as points).
EXTENT_KINDS = (ADMIN - {"subdistrict"}) | AREAS | RIVERS


@dataclass(frozen=True)
class Extent:
    """A lon/lat polygon and how it was obtained (``basis``) and whether it is approximate."""

    geometry: Any
    basis: str
    approximate: bool


@cache
def _polygons(name: str, key: str) -> dict[Any, Any]:
    fc = json.loads((DATA / name).read_text(encoding="utf-8"))
    return {f["properties"][key]: shape(f["geometry"]) for f in fc["features"]}


@cache
def _members() -> dict[str, tuple[str, ...]]:
    """Supplement id → WOF ids of its cited member villages."""
    path = resources.files("gazetteer").joinpath("data", "supplement.csv")
    with path.open(encoding="utf-8", newline="") as f:
        return {r["id"]: tuple(x for x in r["members"].split("|") if x)
                for r in csv.DictReader(f) if r.get("members")}


def extent_of(place: Any, gazetteer: Any = None) -> Extent | None:
    """The area of ``place`` (a :class:`gazetteer.Place`), or None when it is a point."""
    kind = getattr(place, "kind", None)
    if kind not in EXTENT_KINDS:
        return None
    name = getattr(place, "name_ar", None) or getattr(place, "name_en", None)
    return _extent(place.id, kind, float(place.lon), float(place.lat), name, gazetteer)


def _extent(place_id: str, kind: str, lon: float, lat: float, name: str | None,
            gazetteer: Any) -> Extent | None:
    point = shapely.Point(lon, lat)
    if kind == "country":
        if place_id in ("wof:85632413", "curated:syria") or _contains(syria_outline(), point):
            return Extent(syria_outline(), "Syria's outline (OCHA COD-AB 2020)", False)
        return None
    if kind == "governorate":
        pcode = place_id.split(":", 1)[1] if (place_id or "").startswith("osy:") else None
        polys = _polygons("syria_governorates.geojson", "pcode")
        geom = polys.get(pcode) or _holding(polys, point)
        if geom is not None:
            return Extent(geom, "governorate polygon (OCHA COD-AB 2020, ~200 m simplified)",
                          False)
        return None
    if kind == "district":
        geom = _holding(_polygons("syria_districts.geojson", "wof_id"), point)
        if geom is not None:
            return Extent(geom, "district polygon (Who's On First, ~200 m simplified)", False)
        return None
    return _hull(place_id, kind, lon, lat, name, gazetteer)


def _same_place(gazetteer: Any, kind: str, lon: float, lat: float,
                name: str | None) -> str | None:
    """The id of the gazetteer's curated area of ``kind`` within ~100 m of (lon, lat), or named
    ``name`` within :data:`SAME_AREA_KM` of it."""
    import numpy as np

    glon = np.asarray(gazetteer.lon, dtype=float)
    glat = np.asarray(gazetteer.lat, dtype=float)
    for i in np.flatnonzero((np.abs(glon - lon) < 1e-3) & (np.abs(glat - lat) < 1e-3)):
        if gazetteer.kind[i] == kind:
            return gazetteer.place(int(i)).id
    if name:
        for p in gazetteer.resolve(str(name)):
            if p.kind == kind and p.id.startswith("curated:") and \
                    math.hypot(p.lat - lat, (p.lon - lon) * math.cos(math.radians(lat))) \
                    * 111.32 <= SAME_AREA_KM:
                return p.id
    return None


def _contains(geom, point) -> bool:
    return bool(shapely.intersects(geom, point))


def _holding(polys: dict, point) -> Any:
    for geom in polys.values():
        if shapely.intersects(geom, point):
            return geom
    return None


def _member_points(place_id: str | None, kind: str, lon: float, lat: float, name: str | None,
                   gazetteer: Any) -> list[tuple[float, float]]:
    """(lon, lat) of the cited members of the curated area ``place_id`` (or of the curated area
    of ``kind`` at that point or of that name), in the supplement's order."""
    if gazetteer is None:
        from gazetteer import Gazetteer

        gazetteer = Gazetteer.default()
    if not (place_id or "").startswith("curated:"):
        # a row read back without the gazetteer's id: the area of that kind at that point, or
        # of that name nearby
        place_id = _same_place(gazetteer, kind, lon, lat, name)
    if not place_id:
        return []
    pts = []
    for m in _members().get(place_id.split(":", 1)[1], ()):
        try:
            p = gazetteer.store.get(f"wof:{m}")
        except (KeyError, AttributeError):
            continue
        pts.append((p.lon, p.lat))
    return pts


def _grow(geom: Any, lat0: float, margin_m: float) -> Any:
    """``geom`` (lon/lat) grown by ``margin_m``: in degrees of latitude, and wider in longitude
    at latitude ``lat0``."""
    k = 1.0 / math.cos(math.radians(lat0))
    return shapely.affinity.scale(
        shapely.buffer(shapely.affinity.scale(geom, 1.0 / k, 1.0, origin=(0, 0)),
                       margin_m / _M_PER_DEG, quad_segs=8),
        k, 1.0, origin=(0, 0))


def _hull(place_id: str | None, kind: str, lon: float, lat: float, name: str | None,
          gazetteer: Any) -> Extent | None:
    pts = _member_points(place_id, kind, lon, lat, name, gazetteer)
    if not pts:
        return None
    lat0 = sum(p[1] for p in pts) / len(pts)
    if kind in RIVERS:
        line = shapely.LineString(pts) if len(pts) > 1 else shapely.Point(pts[0])
        return Extent(_grow(line, lat0, RIVER_MARGIN_M),
                      f"line through {len(pts)} cited riverside towns grown by "
                      f"{RIVER_MARGIN_M / 1000:g} km (approximate: the river bends between "
                      "them; not its course)", True)
    hull = shapely.convex_hull(shapely.MultiPoint(pts))
    return Extent(_grow(hull, lat0, HULL_MARGIN_M),
                  f"hull of {len(pts)} cited member villages grown by "
                  f"{HULL_MARGIN_M / 1000:g} km (approximate, not a boundary)", True)
