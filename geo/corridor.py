"""The M4 security corridor: 6 km north and 6 km south of the road, Trumba to Ain al-Havr.

Bands are buffered in metres in a local oblique Mercator projection centred on the section
(:mod:`geo.projection`), split by the road into the ``north`` band (left of the road travelling
west → east) and the ``south`` band, clipped to Syria's outline (the road runs within 4 km of
the Turkish border near Bdama), and densified before going back to lon/lat so that every
boundary vertex that is not on a cap or on the border lies within a metre of 6 km (geodesic)
from the road.

    >>> import geo
    >>> c = geo.default_corridor()
    >>> c.width_m, sorted(c.endpoints)
    (6000.0, ['Ain al-Havr', 'Trumba'])
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import shapely
import shapely.ops
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, shape

from geo.centerline import DATA, Centerline, default_ends, parse_place
from geo.io import InputError
from geo.projection import LocalProjection, geodesic_length_m
from geo.zones import ZoneDefinition, default_zone

#: Arcs are drawn with this many segments per quarter circle: chords sag 0.11 m at 6 km.
QUAD_SEGS = 128
#: Longest edge (metres) of the lon/lat polygons, so that straight lon/lat edges stay on the
#: projected buffer edge to well under a millimetre.
DENSIFY_M = 100.0
CAPS = ("flat", "round")

OUTLINE_SOURCE = "Syria outline: UN OCHA COD-AB admin-1 2020-12-17 (CC BY 3.0 IGO), dissolved"


@cache
def syria_outline():
    """Syria (lon/lat MultiPolygon), dissolved from OCHA COD-AB admin-1, ~50 m simplified."""
    fc = json.loads((DATA / "syria_outline.geojson").read_text(encoding="utf-8"))
    return shape(fc["features"][0]["geometry"])


@dataclass(frozen=True, eq=False)
class Corridor:
    """The two bands of the corridor and what they were built from.

    ``north``/``south`` are lon/lat (Multi)Polygons; ``section`` is the road between the two
    ends (west → east); ``centerline`` the whole line it was cut from; ``meta`` holds the
    source, accuracy, areas and the clipped area.
    """

    north: Polygon | MultiPolygon
    south: Polygon | MultiPolygon
    section: LineString
    centerline: LineString
    endpoints: dict[str, tuple[float, float]]
    width_m: float
    cap: str
    meta: dict[str, Any]
    projection: LocalProjection = field(repr=False)
    road: Centerline = field(repr=False)
    local: dict[str, Any] = field(repr=False, default_factory=dict)
    #: Names of the (left, right) bands, travelling west → east along the section: compass
    #: names from the road's direction (``north``/``south`` for the M4; ``west``/``east`` for a
    #: road running north) unless a zone definition names them.
    side_names: tuple[str, str] = ("north", "south")
    #: The zone definition this corridor was built from (None for an ad-hoc corridor).
    zone: Any = field(default=None, repr=False)

    @property
    def accuracy_m(self) -> float | None:
        """The centerline's stated accuracy (metres; the worst along the section)."""
        return self.meta.get("accuracy_m")

    def accuracy_at(self, along_m: np.ndarray) -> np.ndarray:
        """The centerline's accuracy (metres) at positions ``along_m`` from the section's west
        end: per-vertex where the line carries it, else the line's stated accuracy (NaN when
        none was stated)."""
        along_m = np.asarray(along_m, dtype=float)
        per_vertex = getattr(self.road, "accuracy_at", None)  # the section's, from its west end
        if per_vertex is not None:
            return np.asarray(per_vertex(along_m), dtype=float)
        acc = self.accuracy_m
        return np.full(along_m.shape, np.nan if acc is None else float(acc))

    @functools.cached_property
    def length_m(self) -> float:
        """Geodesic length of the section (metres)."""
        return geodesic_length_m(self.section)

    @property
    def bands(self) -> MultiPolygon | Polygon:
        """North and south together (lon/lat)."""
        return shapely.union(self.north, self.south)

    def to_geodataframe(self):
        """One row per part: ``north``, ``south``, ``centerline`` (the section), ``endpoint``."""
        import geopandas as gpd

        common = {"width_m": self.width_m, "cap": self.cap, "source": self.meta["source"],
                  "accuracy_m": self.accuracy_m}
        rows = []
        for side, name in zip(("north", "south"), self.side_names, strict=True):
            rows.append({"part": name, "name": f"{name} band",
                         "area_km2": self.meta["area_km2"][side],
                         "clipped_km2": self.meta["clipped_km2"][side], **common,
                         "geometry": getattr(self, side)})
        rows.append({"part": "centerline", "name": f"{self.road.name} patrol section",
                     "length_km": self.meta["section_km"], **common, "geometry": self.section})
        for name, (lon, lat) in self.endpoints.items():
            rows.append({"part": "endpoint", "name": name, **common, "geometry": Point(lon, lat)})
        return gpd.GeoDataFrame(rows, geometry="geometry", crs="OGC:CRS84")

    def features(self) -> list[dict]:
        """GeoJSON features (as dicts) of :meth:`to_geodataframe`."""
        gdf = self.to_geodataframe()
        return json.loads(gdf.to_json(drop_id=True, na="drop"))["features"]


# ---------------------------------------------------------------------- building
def _as_centerline(centerline) -> Centerline:
    if centerline is None:
        return Centerline.default()
    if isinstance(centerline, Centerline):
        return centerline
    if isinstance(centerline, (str, os.PathLike)):
        return Centerline.from_file(centerline)
    if hasattr(centerline, "geom_type"):
        return Centerline.from_geometry(centerline)
    if hasattr(centerline, "geometry"):  # a GeoDataFrame / GeoSeries
        gdf = centerline
        if getattr(gdf, "crs", None) is not None and gdf.crs.to_epsg() != 4326:
            gdf = gdf.to_crs("OGC:CRS84")
        geoms = list(getattr(gdf, "geometry", gdf))
        return Centerline.from_geometry(shapely.GeometryCollection(geoms))
    raise TypeError(f"centerline: expected a path, shapely line or Centerline, not {centerline!r}")


def _side_of(line: LineString, pt: Point) -> float:
    """> 0 when ``pt`` is left of ``line`` (in its direction), < 0 when right."""
    s = line.project(pt)
    a = line.interpolate(max(s - 0.5, 0.0))
    b = line.interpolate(min(s + 0.5, line.length))
    return (b.x - a.x) * (pt.y - a.y) - (b.y - a.y) * (pt.x - a.x)


def _extend(line: LineString, by: float) -> LineString:
    xy = np.asarray(line.coords)
    u0 = (xy[0] - xy[1]) / np.hypot(*(xy[0] - xy[1]))
    u1 = (xy[-1] - xy[-2]) / np.hypot(*(xy[-1] - xy[-2]))
    return LineString(np.vstack([xy[0] + by * u0, xy, xy[-1] + by * u1]))


def _polys(geom) -> Polygon | MultiPolygon:
    parts = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and g.area > 1.0]
    if not parts:
        return Polygon()
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def split_bands(local: LineString, width_m: float, cap: str) -> tuple:
    """North (left) and south (right) bands of ``local`` (projected), before clipping."""
    buf = local.buffer(width_m, quad_segs=QUAD_SEGS, cap_style=cap, join_style="round")
    cutter = _extend(local, 3 * width_m)
    pieces = shapely.get_parts(shapely.ops.split(buf, cutter))
    left, right = [], []
    for piece in pieces:
        (left if _side_of(local, piece.representative_point()) > 0 else right).append(piece)
    return _polys(shapely.union_all(left)), _polys(shapely.union_all(right))


def compass_sides(section: LineString) -> tuple[str, str]:
    """Compass names of the (left, right) bands of a section running west → east: ``north`` /
    ``south`` when the road runs mostly east–west, ``west``/``east`` when it runs north (and
    ``east``/``west`` when it runs south)."""
    (x0, y0), (x1, y1) = section.coords[0], section.coords[-1]
    dx = (x1 - x0) * np.cos(np.radians((y0 + y1) / 2))
    dy = y1 - y0
    if abs(dx) >= abs(dy):
        return ("north", "south") if dx >= 0 else ("south", "north")
    return ("west", "east") if dy > 0 else ("east", "west")


def build_corridor(width_km: float = 6.0, cap: str = "flat", centerline=None,
                   start=None, end=None, clip: bool = True, gazetteer=None, *,
                   side_names: tuple[str, str] | None = None, zone: ZoneDefinition | None = None,
                   accuracy_m: float | None = None) -> Corridor:
    """Build the corridor.

    ``centerline``: ``None`` (bundled M4), a file path, a lon/lat shapely line or a
    :class:`~geo.centerline.Centerline`. ``start``/``end``: ``None`` (Ain al-Havr and Trumba),
    ``"LAT,LON"``, a ``(lon, lat)`` pair, a shapely Point, a gazetteer Place or a place name.
    Their order does not matter: the section always runs west → east. Names are resolved
    with ``gazetteer`` (default: the bundled one).

    >>> c = build_corridor(3, start="35.8137,36.6096", end="35.8598,36.7683")
    >>> round(c.meta["section_km"])
    16
    """
    if cap not in CAPS:
        raise InputError(f"cap must be one of {', '.join(CAPS)}, not {cap!r}")
    try:
        width_m = float(width_km) * 1000.0
    except (TypeError, ValueError):
        raise InputError(f"width must be a number of kilometres, not {width_km!r}") from None
    if not 0 < width_m <= 50_000:
        raise InputError(f"width must be between 0 and 50 km, not {width_km!r}")
    road = _as_centerline(centerline)
    if accuracy_m is not None:
        road = road.with_accuracy(accuracy_m)
    west0, east0 = default_ends()
    a = west0 if start is None else parse_place(start, "--from", gazetteer)
    b = east0 if end is None else parse_place(end, "--to", gazetteer)
    road_section, ends_info = road.between(a, b)  # its accuracy_at measures from the west end
    section = road_section.line

    proj = LocalProjection.for_line(section)
    local = proj.to_local(section)
    north, south = split_bands(local, width_m, cap)
    unclipped = {"north": north.area, "south": south.area}
    outline_local = None
    if clip:
        box = shapely.box(*shapely.bounds(section)).buffer(0.5)
        outline_local = proj.to_local(shapely.intersection(syria_outline(), box))
        outline_local = shapely.make_valid(outline_local)
        north = _polys(shapely.intersection(north, outline_local))
        south = _polys(shapely.intersection(south, outline_local))
    area = {"north": north.area / 1e6, "south": south.area / 1e6}
    clipped = {k: (unclipped[k] / 1e6 - area[k]) for k in area}
    area["total"], clipped["total"] = sum(area.values()), sum(clipped.values())

    dense = {k: shapely.segmentize(g, DENSIFY_M) for k, g in (("north", north), ("south", south))}
    north_ll, south_ll = proj.to_lonlat(dense["north"]), proj.to_lonlat(dense["south"])
    west, east = ends_info["west"], ends_info["east"]
    endpoints = {west["name"]: (west["snapped_lon"], west["snapped_lat"]),
                 east["name"]: (east["snapped_lon"], east["snapped_lat"])}
    meta = {
        "zone": getattr(zone, "id", None),
        "source": road.source,
        "accuracy_m": road_section.accuracy_m,
        "accuracy": road.meta.get("accuracy", "as stated by the user's centerline file"),
        "width_m": width_m,
        "cap": cap,
        "section_km": round(geodesic_length_m(section) / 1000.0, 3),
        "ends": {"west": west, "east": east},
        "area_km2": {k: round(v, 3) for k, v in area.items()},
        "clipped_km2": {k: round(v, 3) for k, v in clipped.items()},
        "clipped_to": OUTLINE_SOURCE if clip else None,
        "projection": proj.proj4,
        "definition": ("Additional protocol of 5 March 2020 (Turkey–Russia), art. 2: a security "
                       "corridor 6 km deep north and 6 km deep south of the M4; art. 3: joint "
                       "patrols from Trumba to Ain al-Havr. Exact parameters never published."),
    }
    corridor = Corridor(north=north_ll, south=south_ll, section=section,
                        centerline=road.line, endpoints=endpoints, width_m=width_m, cap=cap,
                        meta=meta, projection=proj, road=road_section,
                        local={"section": local, "north": north, "south": south,
                               "outline": outline_local},
                        side_names=tuple(side_names) if side_names else compass_sides(section),
                        zone=zone)
    return corridor


@cache
def zone_corridor(zone: ZoneDefinition) -> Corridor:
    """The corridor of a zone definition (built once per definition and process).

    >>> zone_corridor(default_zone()).side_names
    ('north', 'south')
    """
    return build_corridor(zone.width_m / 1000.0, zone.cap, centerline=zone.centerline,
                          start=zone.west_end, end=zone.east_end, side_names=zone.side_names,
                          zone=zone, accuracy_m=zone.accuracy_m)


def default_corridor() -> Corridor:
    """The corridor of the protocol as bundled: 6 km, flat caps, Ain al-Havr → Trumba, clipped
    to Syria (the default zone of :mod:`geo.zones`). Built once per process."""
    return zone_corridor(default_zone())


__all__ = ["CAPS", "Corridor", "build_corridor", "compass_sides", "default_corridor",
           "split_bands", "syria_outline", "zone_corridor"]
