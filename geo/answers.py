"""Corridor answers for what reports name: villages, towns, regions, governorates, roads.

:func:`geo.classification.classify` answers for points. Reports also name areas and roads;
this module gives every located mention the same answer columns
(:data:`geo.vocabulary.ANSWER_COLUMNS` plus ``answer_basis``, which says what the answer rests
on):

* a point place (village, town, city, neighbourhood, subdistrict …): the point's answer;
* an area (governorate, district, region, mountain, plain, Syria): its polygon
  (:mod:`geo.extents`) against the bands: ``inside``/``outside``, or ``partly_inside`` with
  ``share_inside`` (0–1, by geodesic area) and ``in_corridor`` null;
* the zone's own road named as a whole (the western M4 for the 2020 corridor): ``on_road``;
  another road (the M5, the eastern M4): ``outside`` (no bundled geometry of theirs crosses
  the bands).

The gazetteer says what a mention *is* (its place kind, its :class:`gazetteer.roads.Road`);
only this module decides what that means for a zone.

    >>> from gazetteer import Gazetteer
    >>> g = Gazetteer.default()
    >>> a = answer_places([g.resolve("أريحا")[0], g.resolve("محافظة إدلب")[0]])
    >>> a["corridor_status"].tolist(), a["side"].tolist()
    (['inside', 'partly_inside'], ['astride', 'astride'])
    >>> bool(0 < a.loc[1, "share_inside"] < 1)
    True
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import shapely

from gazetteer.place import WITHIN_SETTLEMENT
from geo.classification import classify
from geo.corridor import Corridor, default_corridor
from geo.extents import extent_of
from geo.vocabulary import ANSWER_COLUMNS, ASTRIDE, CorridorStatus

__all__ = ["COLUMNS", "DECIMALS", "answer_places", "describe", "is_zone_road", "json_value"]

#: Output columns: the answer, then what it rests on.
COLUMNS = (*ANSWER_COLUMNS, "answer_basis")
#: An extent with at least this share inside is ``inside`` (polygons are simplified ~200 m).
ALL_INSIDE = 0.999

#: Decimals of the answer's numbers in records written for people and programs.
DECIMALS = {"distance_m": 1, "edge_m": 1, "accuracy_m": 1, "along_km": 3, "share_inside": 4}

_EXTENT_ANSWERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def json_value(key: str, value: Any) -> Any:
    """An answer field as records carry it: numbers rounded (:data:`DECIMALS`), flags as plain
    bools, None for a missing value.

    >>> json_value("distance_m", 2533.5321), json_value("near_edge", np.True_)
    (2533.5, True)
    >>> json_value("share_inside", float("nan")) is None
    True
    """
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if key in DECIMALS:
        return round(float(value), DECIMALS[key])
    if key in ("in_corridor", "near_edge"):
        return bool(value)
    return value


def is_zone_road(road: Any, corridor: Corridor) -> bool:
    """Whether a road mention names the zone's own road (e.g. the western M4 for the 2020
    corridor). An M4 whose section the text does not settle reads as the western M4, as the
    gazetteer resolves it."""
    if road is None:
        return False
    value = getattr(road, "value", road)
    zone = corridor.zone
    own = zone.road if zone is not None else ("m4-west" if corridor.road.name == "M4" else None)
    if own is None:
        return False
    return value == own or (value == "m4" and own == "m4-west")


def answer_places(places: Sequence[Any], roads: Sequence[Any] | None = None,
                  corridor: Corridor | None = None, gazetteer: Any = None) -> pd.DataFrame:
    """One answer row per place (a :class:`gazetteer.Place`, anything with ``id``, ``kind``,
    ``lat``, ``lon``, or None for an unresolved mention); ``roads`` gives the road identity of
    road mentions (None elsewhere)."""
    c = corridor if corridor is not None else default_corridor()
    n = len(places)
    roads = list(roads) if roads is not None else [None] * n
    if len(roads) != n:
        raise ValueError("places and roads differ in length")
    # plain lists filled row by row, one frame at the end (setting cells of a frame costs
    # ~25 µs each: more than the classification of a small batch)
    cols: dict[str, list] = {
        "in_corridor": [None] * n, "corridor_status": [CorridorStatus.UNLOCATED.value] * n,
        "side": [None] * n,
        **{k: [np.nan] * n for k in ("distance_m", "along_km", "edge_m", "accuracy_m")},
        "near_edge": [None] * n, "share_inside": [np.nan] * n, "answer_basis": [None] * n,
    }
    points: list[int] = []
    for i, (p, road) in enumerate(zip(places, roads, strict=True)):
        kind = getattr(p, "kind", None) if p is not None else None
        if road is not None or kind == "road":
            ans = _road_answer(p, road, c)
        elif p is None:
            continue
        elif (ans := _extent_answer(p, c, gazetteer)) is not None:
            pass
        elif kind == "country":  # a foreign country: its point is no answer, it is outside
            ans = {"corridor_status": CorridorStatus.OUTSIDE.value, "in_corridor": False,
                   "answer_basis": "a country other than Syria"}
        else:
            points.append(i)
            continue
        for k, v in ans.items():
            cols[k][i] = v
    if points:
        lon = np.array([float(places[i].lon) for i in points])
        lat = np.array([float(places[i].lat) for i in points])
        res = classify(lon, lat, c)
        got = {
            "in_corridor": [bool(v) for v in res["in_corridor"].to_numpy()],
            "near_edge": [bool(v) for v in res["near_edge"].to_numpy()],
            "corridor_status": res["corridor_status"].astype(str).tolist(),
            "side": res["side"].astype(object).where(res["side"].notna(), None).tolist(),
            **{k: res[k].tolist() for k in ("distance_m", "along_km", "edge_m", "accuracy_m")},
            # a site located at the settlement it lies in: the answer is the settlement's
            "answer_basis": [WITHIN_SETTLEMENT if getattr(places[i], "geometry", None)
                             == WITHIN_SETTLEMENT else "point" for i in points],
        }
        for k, values in got.items():
            col = cols[k]
            for i, v in zip(points, values, strict=True):
                col[i] = v
    return pd.DataFrame({
        k: np.array(v, dtype=float) if k in _NUMERIC else pd.Series(v, dtype=object)
        for k, v in cols.items()})


#: The answer's number columns (float, NaN for missing); the others hold Python objects.
_NUMERIC = ("distance_m", "along_km", "edge_m", "accuracy_m", "share_inside")


def _road_answer(place: Any, road: Any, c: Corridor) -> dict:
    named = road if road is not None else _road_of_place(place)
    if is_zone_road(named, c):
        status, basis = CorridorStatus.ON_ROAD, "the zone's own road, named as a whole"
    else:
        status, basis = CorridorStatus.OUTSIDE, "another road (no geometry in the bands)"
    return {"corridor_status": status.value, "in_corridor": status.in_corridor,
            "accuracy_m": c.accuracy_m if c.accuracy_m is not None else np.nan,
            "answer_basis": basis}


def _road_of_place(place: Any) -> str | None:
    pid = getattr(place, "id", None)
    return {"curated:m4": "m4", "curated:m5": "m5"}.get(pid, "other") if pid else None


def _extent_answer(place: Any, c: Corridor, gazetteer: Any) -> dict | None:
    cache = _EXTENT_ANSWERS.setdefault(c, {})
    key = (getattr(place, "id", None), place.kind, float(place.lat), float(place.lon),
           getattr(place, "name_ar", None))
    if key in cache:
        return cache[key]
    ext = extent_of(place, gazetteer)
    ans = None if ext is None else _area_answer(ext, c)
    cache[key] = ans
    return ans


@functools.cache
def _geod():
    from pyproj import Geod

    return Geod(ellps="WGS84")


def _geodesic_area(geom) -> float:
    if geom.is_empty:
        return 0.0
    return abs(_geod().geometry_area_perimeter(geom)[0])


def _area_answer(ext, c: Corridor) -> dict:
    area = _geodesic_area(ext.geometry)
    parts = [_geodesic_area(shapely.intersection(ext.geometry, band))
             for band in (c.north, c.south)]
    share = min(sum(parts) / area, 1.0) if area > 0 else 0.0
    local = c.projection.to_local(ext.geometry)
    distance = float(shapely.distance(local, c.local["section"]))
    if share >= ALL_INSIDE:
        status = CorridorStatus.INSIDE
    elif share > 0:
        status = CorridorStatus.PARTLY_INSIDE
    else:
        status = CorridorStatus.OUTSIDE
    sides = [name for name, a in zip(c.side_names, parts, strict=True) if a > 0]
    side = None if not sides else (sides[0] if len(sides) == 1 else ASTRIDE)
    return {"corridor_status": status.value,
            "in_corridor": status.in_corridor,
            "side": side, "distance_m": round(distance, 1), "share_inside": round(share, 4),
            "accuracy_m": c.accuracy_m if c.accuracy_m is not None else np.nan,
            "answer_basis": ext.basis}


def describe(answer: Any, corridor: Corridor | None = None) -> str:
    """One sentence for people from an answer row (a mapping or a row object); it never says
    more than the answer's columns do, so it cannot contradict them.

    >>> describe({"corridor_status": "outside", "distance_m": 9938.6, "edge_m": -3938.6})
    'outside the corridor: 9.94 km from the road, 3.94 km outside the edge'
    """
    c = corridor if corridor is not None else default_corridor()

    def get(k: str) -> Any:
        v = answer.get(k) if hasattr(answer, "get") else getattr(answer, k, None)
        return None if v is None or (isinstance(v, float) and v != v) or v is pd.NA else v

    status = CorridorStatus(str(get("corridor_status") or "unlocated"))
    ends = c.meta.get("ends", {})
    west = ends.get("west", {}).get("name", "the west end")
    east = ends.get("east", {}).get("name", "the east end")
    km = lambda v: f"{float(v) / 1000:.2f} km"  # noqa: E731
    acc = get("accuracy_m")
    if status is CorridorStatus.UNLOCATED:
        return "not located"
    if status is CorridorStatus.ON_ROAD:
        return ("the corridor's own road, named as a whole: whether the event lies in the "
                "corridor depends on where along the road it happened")
    if status is CorridorStatus.PARTLY_INSIDE:
        side = get("side")
        where = ("on both sides of the road" if side == ASTRIDE
                 else f"in the {side} band" if side else "")
        return (f"partly inside the corridor: {100 * float(get('share_inside')):.1f}% of its "
                f"area, {where}".rstrip(", "))
    parts = []
    if get("distance_m") is not None:
        parts.append(f"{km(get('distance_m'))} from the road")
    if status is CorridorStatus.INSIDE:
        side = get("side")
        head = "inside the corridor"
        if side == ASTRIDE:
            head += (", astride the road (closer to the centerline than its "
                     f"{km(acc)} accuracy)" if acc is not None else ", astride the road")
        elif side:
            head += f", {side} band"
        if get("along_km") is not None:
            parts.append(f"{float(get('along_km')):.2f} km along it from {west}")
        if get("edge_m") is not None:
            parts.append(f"{km(get('edge_m'))} inside the edge")
    elif status in (CorridorStatus.BEYOND_EAST_END, CorridorStatus.BEYOND_WEST_END):
        east_side = status is CorridorStatus.BEYOND_EAST_END
        head = f"outside the corridor: past its {'east' if east_side else 'west'} end " \
               f"({east if east_side else west})"
        along = get("along_km")
        if along is not None:
            past = float(along) - c.length_m / 1000 if east_side else -float(along)
            parts.append(f"{past:.2f} km beyond it along the road's direction")
    else:
        head = "outside the corridor"
        if get("share_inside") is not None:
            head += " (no part of its area is inside)"
        if get("edge_m") is not None:
            parts.append(f"{km(-float(get('edge_m')))} outside the edge")
    text = head + (": " + ", ".join(parts) if parts else "")
    if get("near_edge") is not None and bool(get("near_edge")):
        text += (f"; near the edge: the road's line is only good to {km(acc)} here, so the "
                 "answer may differ" if acc is not None else "; near the edge")
    return text
