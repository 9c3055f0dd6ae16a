"""The M4 centerline: the bundled line, a user's line from a file, and the patrol section.

The bundled line joins the centres of places that sources put on the road (see
``geo/data/NOTICE.md``); it is **not a traced road** and is accurate to roughly 1–2 km on the
patrol section. Users with a real road geometry load it with :meth:`Centerline.from_file`
(GeoJSON, GeoPackage, Shapefile, KML, GPX — anything pyogrio reads).

    >>> c = Centerline.default()
    >>> c.accuracy_m
    2000
    >>> round(c.length_km)  # Al-Bassa -> Saraqib -> Aleppo
    160
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import shapely.ops
from shapely.geometry import LineString, MultiLineString, Point

from geo.io import InputError
from geo.projection import LocalProjection, geodesic_length_m

DATA = Path(__file__).resolve().parent / "data"

#: Parts of a user's line closer than this to the main line are a second carriageway or a ramp.
PARALLEL_M = 300.0
#: Gaps up to this between consecutive parts are bridged with a straight segment.
JOIN_M = 2000.0
#: Leftover parts shorter than this (ramps, stubs) are dropped; longer ones are an error.
STUB_M = 1000.0


@dataclass(frozen=True)
class SectionEnd:
    """A place that bounds the section, as given and as snapped onto the line."""

    name: str
    lon: float
    lat: float
    source: str = ""

    def to_dict(self) -> dict:
        return {"name": self.name, "lon": self.lon, "lat": self.lat, "source": self.source}


@dataclass(frozen=True, eq=False)
class Centerline:
    """A road centerline in lon/lat, ordered west → east, with its provenance."""

    line: LineString
    source: str
    accuracy_m: float | None = None
    name: str = "M4"
    meta: dict[str, Any] = field(default_factory=dict)
    vertices: tuple[dict, ...] = ()

    # ------------------------------------------------------------------ constructors
    @classmethod
    @cache
    def default(cls) -> Centerline:
        """The bundled M4 line (Al-Bassa → Saraqib → Aleppo), loaded once per process."""
        fc = json.loads((DATA / "m4_centerline.geojson").read_text(encoding="utf-8"))
        lines = {f["properties"]["section"]: f for f in fc["features"]
                 if f["properties"]["part"] == "centerline"}
        west = lines["latakia-saraqib"]["geometry"]["coordinates"]
        east = lines["saraqib-aleppo"]["geometry"]["coordinates"]
        line = LineString(west + east[1:])
        meta = dict(fc["metadata"])
        meta["sections"] = [
            {k: f["properties"][k] for k in ("section", "road", "name", "accuracy_m")}
            for f in lines.values()]
        vertices = tuple({**f["properties"], "lon": f["geometry"]["coordinates"][0],
                          "lat": f["geometry"]["coordinates"][1]}
                         for f in fc["features"] if f["properties"]["part"] in ("vertex",
                                                                                 "landmark"))
        return cls(line, source="bundled: sourced waypoints (geo/data/m4_centerline.geojson)",
                   accuracy_m=meta["accuracy_m"], name="M4", meta=meta, vertices=vertices)

    @classmethod
    def from_geometry(cls, geom, source: str = "user geometry",
                      accuracy_m: float | None = None, name: str = "M4",
                      path: str | None = None) -> Centerline:
        """A centerline from lon/lat shapely lines (merged and oriented west → east)."""
        parts = _line_parts([geom], path)
        line, notes = merge_lines(parts, path)
        return cls(line, source=source, accuracy_m=accuracy_m, name=name,
                   meta={"source": source, "accuracy_m": accuracy_m, "merge": notes})

    @classmethod
    def from_file(cls, path: str | os.PathLike, where: str | Sequence[str] | None = None,
                  layer: str | int | None = None, accuracy_m: float | None = None) -> Centerline:
        """Read a road line with pyogrio; ``where`` picks features, e.g. ``"ref=M4"``.

        Dual carriageways and multi-part lines are merged into one west → east line; anything
        that cannot be (polygons, points, far-apart pieces) raises :class:`InputError`.
        """
        path = os.fspath(path)
        gdf = read_lines(path, where=where, layer=layer)
        parts = _line_parts(list(gdf.geometry), path)
        line, notes = merge_lines(parts, path)
        src = f"user file {Path(path).name}" + (f" ({_where_text(where)})" if where else "")
        return cls(line, source=src, accuracy_m=accuracy_m, name="M4",
                   meta={"source": src, "accuracy_m": accuracy_m, "features": len(gdf),
                         "merge": notes})

    # ------------------------------------------------------------------ queries
    def with_accuracy(self, accuracy_m: float) -> Centerline:
        """The same line with a stated accuracy (metres), e.g. a traced road's."""
        import dataclasses

        return dataclasses.replace(self, accuracy_m=float(accuracy_m),
                                   meta={**self.meta, "accuracy_m": float(accuracy_m),
                                         "accuracy": f"stated: {float(accuracy_m):g} m"})

    @property
    def length_km(self) -> float:
        return geodesic_length_m(self.line) / 1000.0

    @property
    def projection(self) -> LocalProjection:
        return LocalProjection.for_line(self.line)

    def locate(self, lon: float, lat: float) -> tuple[float, float, tuple[float, float]]:
        """(metres along the line from its west end, metres off the line, snapped lon/lat)."""
        p = self.projection
        local = p.to_local(self.line)
        x, y = p.forward([lon], [lat])
        pt = Point(x[0], y[0])
        s = float(local.project(pt))
        q = local.interpolate(s)
        off = float(p.true_distance(x[0], y[0], q.x, q.y))
        qlon, qlat = p.inverse([q.x], [q.y])
        return s, off, (float(qlon[0]), float(qlat[0]))

    def section(self, start: SectionEnd, end: SectionEnd,
                max_offset_m: float = 15_000.0) -> tuple[LineString, dict]:
        """The part of the line between two places projected onto it, west → east."""
        p = self.projection
        local = p.to_local(self.line)
        info = {}
        along = []
        for role, end_ in (("start", start), ("end", end)):
            s, off, snapped = self.locate(end_.lon, end_.lat)
            if off > max_offset_m:
                hint = ""
                if self.locate(end_.lat, end_.lon)[1] <= max_offset_m:
                    hint = " (latitude and longitude swapped?)"
                raise InputError(
                    f"section {role} {end_.name!r} ({end_.lat:.5f}, {end_.lon:.5f}) is "
                    f"{off / 1000:.1f} km from the centerline; give a place on the road{hint}")
            info[role] = {**end_.to_dict(), "snapped_lon": round(snapped[0], 6),
                          "snapped_lat": round(snapped[1], 6), "offset_m": round(off, 1),
                          "along_m": round(s, 1)}
            along.append(s)
        if along[0] > along[1]:
            along.reverse()
            info = {"start": info["end"], "end": info["start"]}
        if along[1] - along[0] < 1000.0:
            raise InputError("the two section ends project to less than 1 km apart on the "
                             "centerline; give two places along the road")
        sub = shapely.ops.substring(local, along[0], along[1])
        sec = p.to_lonlat(sub)
        info["west"], info["east"] = info.pop("start"), info.pop("end")
        return sec, info


# ---------------------------------------------------------------------- section ends
@cache
def default_ends() -> tuple[SectionEnd, SectionEnd]:
    """Ain al-Havr (west) and Trumba (east), from ``geo/data/m4_section_ends.geojson``."""
    fc = json.loads((DATA / "m4_section_ends.geojson").read_text(encoding="utf-8"))
    out = {}
    for f in fc["features"]:
        pr = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        out[pr["end"]] = SectionEnd(pr["name"], lon, lat, f"wof:{pr['wof_id']}")
    return out["west"], out["east"]


_COORD = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*[, ]\s*([-+]?\d+(?:\.\d+)?)\s*$")
_NUM = r"[-+]?(?:\d+(?:\.\d*)?|nan|inf(?:inity)?)"
_NONFINITE = re.compile(rf"^\s*{_NUM}\s*[, ]\s*{_NUM}\s*$", re.IGNORECASE)


def parse_place(spec, role: str = "place", gazetteer=None) -> SectionEnd:
    """A section end from ``"LAT,LON"``, a ``(lon, lat)`` pair, a Point, a gazetteer Place,
    or a place name resolved through ``gazetteer`` (default: the bundled one, imported only
    then).

    >>> parse_place("35.85979,36.76833").lon
    36.76833
    """
    if isinstance(spec, SectionEnd):
        return spec
    if isinstance(spec, Point):
        return SectionEnd(f"{spec.y:.5f},{spec.x:.5f}", spec.x, spec.y, "coordinates")
    if hasattr(spec, "lat") and hasattr(spec, "lon"):  # gazetteer Place
        return SectionEnd(getattr(spec, "name_en", None) or str(getattr(spec, "id", "place")),
                          float(spec.lon), float(spec.lat), str(getattr(spec, "id", "")))
    if isinstance(spec, (tuple, list)) and len(spec) == 2:
        lon, lat = float(spec[0]), float(spec[1])
        _check_lonlat(lon, lat, role)
        return SectionEnd(f"{lat:.5f},{lon:.5f}", lon, lat, "coordinates")
    text = str(spec).strip()
    m = _COORD.match(text)
    if m:
        lat, lon = float(m.group(1)), float(m.group(2))
        _check_lonlat(lon, lat, role, text)
        return SectionEnd(text, lon, lat, "coordinates")
    if _NONFINITE.match(text):  # "nan,nan" is no place name (it fuzzy-matched Na`nu)
        raise InputError(f"{role} {text!r}: coordinates are not finite numbers (give LAT,LON)")
    return resolve_name(text, role, gazetteer)


def _check_lonlat(lon: float, lat: float, role: str, text: str | None = None) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(f"{role} {text or f'{lat},{lon}'!r}: coordinates out of range "
                         "(give LAT,LON)")


def resolve_name(name: str, role: str = "place", gazetteer=None) -> SectionEnd:
    """Resolve a place name with ``gazetteer`` (default: the bundled one; lazy import)."""
    try:
        from gazetteer import Gazetteer
    except ImportError as err:  # pragma: no cover - the gazetteer ships with the package
        raise InputError(f"{role} {name!r}: cannot resolve names ({err}); give LAT,LON") from None
    try:
        found = (gazetteer or Gazetteer.default()).resolve(name)
    except (AttributeError, NotImplementedError) as err:
        raise InputError(f"{role} {name!r}: the gazetteer is not available ({err}); "
                         "give LAT,LON") from None
    if not found:
        raise InputError(f"{role} {name!r}: no such place in the gazetteer; give LAT,LON")
    place = found[0]
    label = place.name_en or place.name_ar or name
    return SectionEnd(label, float(place.lon), float(place.lat), str(place.id))


# ---------------------------------------------------------------------- reading files
def _parse_where(where: str | Sequence[str] | None) -> list[tuple[str, str]]:
    if where is None:
        return []
    items = [where] if isinstance(where, str) else list(where)
    out = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--centerline-where {item!r}: expected COLUMN=VALUE, e.g. ref=M4")
        out.append((key.strip(), value.strip()))
    return out


def _where_text(where) -> str:
    return ", ".join(f"{k}={v}" for k, v in _parse_where(where))


def read_lines(path: str, where=None, layer=None):
    """Line features from any vector file pyogrio reads, in lon/lat, filtered by ``where``."""
    import pyogrio

    if not Path(path).exists():
        raise InputError("no such file", path=path)
    if Path(path).is_file() and Path(path).stat().st_size == 0:
        raise InputError("empty file", path=path)
    try:
        layers = pyogrio.list_layers(path)
    except Exception as err:  # GDAL's errors are varied: one line
        raise InputError(f"cannot read as a vector file: {_one_line(err)}", path=path) from None
    if layer is None and len(layers) > 1:  # GPX, KML, GPKG: the first layer with lines
        liney = [name for name, kind in layers if kind and "line" in str(kind).lower()]
        filled = [name for name in liney if _count(path, name)]
        layer = (filled or liney or [layers[0][0]])[0]
    try:
        gdf = pyogrio.read_dataframe(path, layer=layer)
    except Exception as err:
        raise InputError(f"cannot read as a vector file: {_one_line(err)}", path=path) from None
    if len(gdf) == 0:
        raise InputError("no features in the file", path=path)
    for key, value in _parse_where(where):
        if key not in gdf.columns:
            cols = ", ".join(c for c in gdf.columns if c != "geometry")
            raise InputError(f"no column {key!r} for --centerline-where (columns: {cols})",
                             path=path)
        keep = gdf[key].astype(str).str.strip().str.casefold() == value.casefold()
        if not keep.any():
            seen = sorted({str(v) for v in gdf[key].dropna().unique()})[:10]
            raise InputError(f"no feature with {key}={value} (values: {', '.join(seen)})",
                             path=path)
        gdf = gdf[keep]
    if gdf.crs is not None and not gdf.crs.equals("OGC:CRS84") and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs("OGC:CRS84")
    return gdf


def _count(path: str, layer: str) -> int:
    import pyogrio

    try:
        return int(pyogrio.read_info(path, layer=layer, force_feature_count=True)["features"])
    except Exception:  # an unreadable layer counts as empty
        return 0


def _one_line(err: Exception) -> str:
    msg = " ".join(str(err).split())
    if "not recognized as being in a supported file format" in msg:  # and "prefix '<DRIVER>:'"
        return "not a format GDAL reads (GeoJSON, GeoPackage, Shapefile, KML, GPX …)"
    return msg[:200]


def _line_parts(geoms, path: str | None) -> list[LineString]:
    parts: list[LineString] = []
    for g in geoms:
        if g is None or g.is_empty:
            continue
        kind = g.geom_type
        if kind == "LineString":
            parts.append(g)
        elif kind == "MultiLineString":
            parts.extend(g.geoms)
        elif kind == "GeometryCollection":
            parts.extend(_line_parts(g.geoms, path))
        else:
            raise InputError(f"the centerline must be a LineString or MultiLineString, "
                             f"not a {kind}", path=path)
    # a zero-length line (its points all equal) merged into nothing: a ValueError traceback
    parts = [shapely.force_2d(p) for p in parts if len(p.coords) >= 2 and p.length > 0]
    if not parts:
        raise InputError("no line geometry in the centerline input", path=path)
    xy = np.vstack([np.asarray(p.coords) for p in parts])
    if not (np.all(np.abs(xy[:, 0]) <= 180) and np.all(np.abs(xy[:, 1]) <= 90)):
        raise InputError("centerline coordinates are not longitude/latitude and the file "
                         "has no CRS", path=path)
    return parts


# ---------------------------------------------------------------------- merging
def merge_lines(parts: list[LineString], path: str | None = None) -> tuple[LineString, list]:
    """One west → east line from line parts (lon/lat), or an :class:`InputError`.

    * parts that touch are joined (``shapely.line_merge``, direction ignored);
    * a long part running within ``PARALLEL_M`` of the main line (the other carriageway) is
      averaged into it, giving the line between the carriageways; short ones (ramps) dropped;
    * parts whose ends lie within ``JOIN_M`` of the main line's ends are chained on;
    * anything else longer than ``STUB_M`` is an error: pick a feature with ``where``.
    """
    notes: list[str] = []
    merged = shapely.line_merge(MultiLineString(parts))
    pieces = list(getattr(merged, "geoms", [merged]))
    xy = np.vstack([np.asarray(p.coords) for p in pieces])
    proj = LocalProjection.between(*xy[np.argmin(xy[:, 0])], *xy[np.argmax(xy[:, 0])])
    local = sorted((proj.to_local(p) for p in pieces), key=lambda g: -g.length)
    main = local.pop(0)
    progress = True
    while local and progress:
        progress = False
        for part in list(local):
            if _is_parallel(part, main):
                local.remove(part)
                if part.length >= STUB_M:
                    main = _average(main, part)
                    notes.append(f"averaged a parallel part of {part.length / 1000:.1f} km "
                                 "(second carriageway)")
                else:
                    notes.append(f"dropped a {part.length:.0f} m stub beside the road")
                progress = True
            else:
                joined = _chain(main, part)
                if joined is not None:
                    local.remove(part)
                    main = joined
                    notes.append(f"joined a part of {part.length / 1000:.1f} km")
                    progress = True
    for part in local:
        if part.length >= STUB_M:
            gap = part.distance(main)
            raise InputError(
                f"the centerline has {len(local) + 1} pieces that do not join into one road "
                f"(a {part.length / 1000:.1f} km piece lies {gap / 1000:.1f} km away); pick one "
                "road with --centerline-where or merge the parts", path=path)
        notes.append(f"dropped a {part.length:.0f} m stub")
    line = proj.to_lonlat(main)
    if line.coords[0][0] > line.coords[-1][0]:
        line = line.reverse()
    if not line.is_simple:
        notes.append("the merged line crosses itself")
    return line, notes


def _is_parallel(part: LineString, main: LineString) -> bool:
    pts = shapely.points(np.asarray(shapely.segmentize(part, 50.0).coords))
    return bool(np.max(shapely.distance(main, pts)) <= PARALLEL_M)


def _average(main: LineString, other: LineString) -> LineString:
    xy = np.asarray(shapely.segmentize(main, 50.0).coords)
    pts = shapely.points(xy)
    t = shapely.line_locate_point(other, pts)
    d = shapely.distance(other, pts)
    ok = d <= PARALLEL_M
    if ok.any():
        q = shapely.get_coordinates(shapely.line_interpolate_point(other, t[ok]))
        xy[ok] = (xy[ok] + q) / 2.0
    return shapely.simplify(LineString(xy), 0.5)


def _chain(main: LineString, part: LineString) -> LineString | None:
    a = np.asarray(main.coords)
    b = np.asarray(part.coords)
    options = [
        (np.hypot(*(a[-1] - b[0])), lambda: np.vstack([a, b])),
        (np.hypot(*(a[-1] - b[-1])), lambda: np.vstack([a, b[::-1]])),
        (np.hypot(*(a[0] - b[-1])), lambda: np.vstack([b, a])),
        (np.hypot(*(a[0] - b[0])), lambda: np.vstack([b[::-1], a])),
    ]
    gap, make = min(options, key=lambda o: o[0])
    if gap > JOIN_M:
        return None
    xy = make()
    keep = np.r_[True, np.any(np.diff(xy, axis=0) != 0, axis=1)]
    return LineString(xy[keep])


__all__ = ["Centerline", "SectionEnd", "default_ends", "merge_lines", "parse_place",
           "read_lines", "resolve_name"]
