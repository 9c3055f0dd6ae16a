"""The M4 centerline: the bundled line, a user's line from a file, and the patrol section.

The bundled line joins the centres of places that sources put on the road (see
``geo/data/NOTICE.md``); it is **not a traced road** and is accurate to roughly 1–2 km on the
patrol section; its accuracy is stated per vertex and interpolated along the line
(:meth:`Centerline.accuracy_at`). Users with a real road geometry load it with
:meth:`Centerline.from_file` (GeoJSON, GeoPackage, Shapefile, KML, GPX — anything pyogrio reads)
or :meth:`Centerline.from_osm` (an OpenStreetMap extract, by the ways' ``ref`` tag).

    >>> c = Centerline.default()
    >>> c.accuracy_m  # the worst vertex: Aleppo, at the coarse end of the shared M4/M5
    5000.0
    >>> round(c.length_km)  # Al-Bassa -> Saraqib -> Aleppo
    160
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import shapely.ops
from shapely.geometry import LineString, MultiLineString, Point

from geo.io import InputError
from geo.projection import LocalProjection, geod, geodesic_length_m

DATA = Path(__file__).resolve().parent / "data"

#: Parts of a user's line closer than this to the main line are a second carriageway or a ramp.
PARALLEL_M = 300.0
#: Gaps up to this between consecutive parts are bridged with a straight segment.
JOIN_M = 2000.0
#: Leftover parts shorter than this (ramps, stubs) are dropped; longer ones are an error.
STUB_M = 1000.0
#: Accuracy (metres) assumed for a user's line when none is stated (``--accuracy-m``): a road
#: traced from imagery or GPS (OpenStreetMap) is good to a few tens of metres; 100 m leaves
#: room for a generalised or hand-drawn line. State the real figure when you know it.
DEFAULT_ACCURACY_M = 100.0
#: Where OpenStreetMap ways are read (lon/lat box): the western M4 from Latakia to Saraqib,
#: ~10 km margin; the eastern M4 (Aleppo → Raqqa → Hasakah) bears the same ref.
OSM_EXTENT = (35.7, 35.4, 36.95, 36.0)


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
    """A road centerline in lon/lat, ordered west → east, with its provenance and accuracy.

    ``vertex_accuracy_m`` holds, per vertex of ``line``, how far the real road may lie from it
    (metres); :meth:`accuracy_at` interpolates it along the line and :attr:`accuracy_m` is the
    worst value. A scalar ``accuracy_m=`` given to a constructor applies to every vertex.

        >>> c = Centerline.from_geometry(LineString([(36.2, 35.8), (36.7, 35.85)]), accuracy_m=30)
        >>> c.accuracy_at(np.array([0.0, 1000.0])).tolist(), c.accuracy_m
        ([30.0, 30.0], 30.0)
    """

    line: LineString
    source: str
    vertex_accuracy_m: np.ndarray | float | None = None
    name: str = "M4"
    meta: dict[str, Any] = field(default_factory=dict)
    vertices: tuple[dict, ...] = ()

    def __post_init__(self):
        n = len(self.line.coords)
        acc = DEFAULT_ACCURACY_M if self.vertex_accuracy_m is None else self.vertex_accuracy_m
        acc = np.broadcast_to(np.asarray(acc, dtype=float), (n,)).copy()
        if not np.all(np.isfinite(acc) & (acc >= 0)):
            raise InputError("the centerline's accuracy must be metres >= 0")
        acc.flags.writeable = False
        object.__setattr__(self, "vertex_accuracy_m", acc)
        self.meta["accuracy_m"] = self.accuracy_m

    # ------------------------------------------------------------------ constructors
    @classmethod
    @cache
    def default(cls) -> Centerline:
        """The bundled M4 line (Al-Bassa → Saraqib → Aleppo), loaded once per process."""
        fc = json.loads((DATA / "m4_centerline.geojson").read_text(encoding="utf-8"))
        lines = {f["properties"]["section"]: f for f in fc["features"]
                 if f["properties"]["part"] == "centerline"}
        west, east = lines["latakia-saraqib"], lines["saraqib-aleppo"]
        line = LineString(west["geometry"]["coordinates"] + east["geometry"]["coordinates"][1:])
        acc = (west["properties"]["vertex_accuracy_m"]
               + east["properties"]["vertex_accuracy_m"][1:])
        meta = dict(fc["metadata"])
        meta["sections"] = [
            {k: f["properties"][k] for k in ("section", "road", "name", "accuracy_m")}
            for f in lines.values()]
        vertices = tuple({**f["properties"], "lon": f["geometry"]["coordinates"][0],
                          "lat": f["geometry"]["coordinates"][1]}
                         for f in fc["features"] if f["properties"]["part"] in ("vertex",
                                                                                 "landmark"))
        return cls(line, source="bundled: sourced waypoints (geo/data/m4_centerline.geojson)",
                   vertex_accuracy_m=np.asarray(acc, dtype=float), name="M4", meta=meta,
                   vertices=vertices)

    @classmethod
    def from_geometry(cls, geom, source: str = "user geometry",
                      accuracy_m: float | None = None, name: str = "M4",
                      path: str | None = None) -> Centerline:
        """A centerline from lon/lat shapely lines (merged and oriented west → east)."""
        parts = _line_parts([geom], path)
        line, notes = merge_lines(parts, path)
        return cls(line, source=source, vertex_accuracy_m=_stated(accuracy_m), name=name,
                   meta={"source": source, "accuracy": _accuracy_note(accuracy_m),
                         "merge": notes})

    @classmethod
    def from_file(cls, path: str | os.PathLike, where: str | Sequence[str] | None = None,
                  layer: str | int | None = None, accuracy_m: float | None = None) -> Centerline:
        """Read a road line with pyogrio; ``where`` picks features, e.g. ``"ref=M4"``.

        OpenStreetMap files (``.osm.pbf``, ``.osm``) go to :meth:`from_osm`. Dual carriageways
        and multi-part lines are merged into one west → east line; anything that cannot be
        (polygons, points, far-apart pieces) raises :class:`InputError`.
        """
        path = os.fspath(path)
        if is_osm(path):
            if where or layer is not None:
                raise InputError("an OpenStreetMap file is read by its ref tag (M4): drop "
                                 "--centerline-where and --centerline-layer", path=path)
            return cls.from_osm(path, accuracy_m=accuracy_m)
        gdf = read_lines(path, where=where, layer=layer)
        parts = _line_parts(list(gdf.geometry), path)
        line, notes = merge_lines(parts, path)
        src = f"user file {Path(path).name}" + (f" ({_where_text(where)})" if where else "")
        return cls(line, source=src, vertex_accuracy_m=_stated(accuracy_m), name="M4",
                   meta={"source": src, "accuracy": _accuracy_note(accuracy_m),
                         "features": len(gdf), "merge": notes})

    @classmethod
    def from_osm(cls, path: str | os.PathLike, ref: str = "M4",
                 accuracy_m: float | None = None,
                 extent: tuple[float, float, float, float] | None = None) -> Centerline:
        """The road tagged ``ref`` in an OpenStreetMap extract (``.osm.pbf`` or ``.osm`` XML).

        GDAL's OSM driver reads the ``lines`` layer; ways whose ``ref`` (kept in
        ``other_tags``, and possibly a ``;`` list) is a spelling of ``ref`` — ``M4``, ``M 4``,
        ``M-4``, «إم 4», «ام4» … — are joined into one line within ``extent`` (lon/lat box,
        default :data:`OSM_EXTENT`, the western M4 from Latakia to Saraqib, so that the eastern
        M4 in Raqqa and Hasakah is left out). ``_link`` ramps are dropped.
        """
        path = os.fspath(path)
        box = extent or OSM_EXTENT
        gdf = read_osm_ways(path, ref=ref, extent=box)
        geoms = [shapely.clip_by_rect(g, *box) for g in gdf.geometry]
        parts = _line_parts(geoms, path)
        line, notes = merge_lines(parts, path, hint=f"the ways tagged ref={ref} in {box} are not "
                                  "one road: narrow the extent (from_osm(extent=...)) or convert "
                                  "the extract and pick the ways by hand")
        src = f"OpenStreetMap {Path(path).name} (ref={ref}, {len(gdf)} ways)"
        return cls(line, source=src, vertex_accuracy_m=_stated(accuracy_m), name=ref,
                   meta={"source": src, "accuracy": _accuracy_note(accuracy_m),
                         "features": len(gdf),
                         "osm_ids": sorted(str(i) for i in gdf["osm_id"].dropna()),
                         "merge": notes})

    # ------------------------------------------------------------------ queries
    def with_accuracy(self, accuracy_m: float) -> Centerline:
        """The same line with a stated accuracy (metres), e.g. a traced road's."""
        import dataclasses

        return dataclasses.replace(self, vertex_accuracy_m=float(accuracy_m),
                                   meta={**self.meta, "accuracy_m": float(accuracy_m),
                                         "accuracy": f"stated: {float(accuracy_m):g} m"})

    @property
    def accuracy_m(self) -> float:
        """The worst accuracy along the line (metres)."""
        return float(self.vertex_accuracy_m.max())

    @cached_property
    def vertex_along_m(self) -> np.ndarray:
        """Geodesic metres from the line's west end to each vertex."""
        xy = np.asarray(self.line.coords)
        seg = geod().line_lengths(xy[:, 0], xy[:, 1]) if len(xy) > 1 else []
        return np.r_[0.0, np.cumsum(seg)]

    def accuracy_at(self, along_m: np.ndarray) -> np.ndarray:
        """Accuracy (metres) at ``along_m`` metres from the west end, interpolated linearly
        between vertices; before the west end or past the east end, the end's value.

            >>> c = Centerline.default()
            >>> c.accuracy_at(np.array([0.0])).tolist()
            [1500.0]
        """
        return self._accuracy_table(np.asarray(along_m, dtype=float))

    @cached_property
    def _accuracy_table(self) -> PiecewiseLinear:
        return PiecewiseLinear(self.vertex_along_m, self.vertex_accuracy_m)

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
        sub, info = self.between(start, end, max_offset_m)
        return sub.line, info

    def between(self, start: SectionEnd, end: SectionEnd,
                max_offset_m: float = 15_000.0) -> tuple[Centerline, dict]:
        """:meth:`section` as a :class:`Centerline` of its own: same source, the vertex
        accuracy carried over (interpolated at the two ends), so that its
        :meth:`accuracy_at` measures from the section's west end."""
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
        # accuracy of each section vertex: interpolated where it lies on the whole line
        xy = np.asarray(local.coords)
        cum = np.r_[0.0, np.cumsum(np.hypot(*np.diff(xy, axis=0).T))]
        t = shapely.line_locate_point(local, shapely.points(np.asarray(sub.coords)))
        t = np.clip(np.maximum.accumulate(t), along[0], along[1])
        acc = np.interp(t, cum, self.vertex_accuracy_m)
        return replace(self, line=sec, vertex_accuracy_m=acc, meta=dict(self.meta)), info


class PiecewiseLinear:
    """``np.interp(x, xp, fp)`` for many ``x`` and one increasing ``xp``, from a table of
    buckets instead of a binary search per value: the same formula, the same values.

        >>> f = PiecewiseLinear(np.array([0.0, 10.0, 30.0]), np.array([1.0, 3.0, 2.0]))
        >>> f(np.array([-5.0, 0.0, 5.0, 10.0, 20.0, 30.0, 99.0])).tolist()
        [1.0, 1.0, 2.0, 3.0, 2.5, 2.0, 2.0]
    """

    def __init__(self, xp: np.ndarray, fp: np.ndarray):
        xp, fp = np.asarray(xp, dtype=float), np.asarray(fp, dtype=float)
        self.xp, self.fp, n = xp, fp, xp.size
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = np.diff(fp) / np.diff(xp)
        self.exact = n > 1 and bool(np.isfinite(slope).all())  # else np.interp itself
        if not self.exact:
            return
        # interval j runs from xp[j] (value fp[j], slope[j]); interval n-1, from the last
        # vertex on, is flat: values are clipped to [xp[0], xp[-1]] first
        self.slope = np.r_[slope, 0.0]
        self.next = np.r_[xp[1:], np.inf]  # where each interval ends
        self.buckets = 4 * n
        self.h = (xp[-1] - xp[0]) / self.buckets
        starts = xp[0] + self.h * np.arange(self.buckets + 1)
        self.first = np.searchsorted(xp, starts, side="right") - 1  # interval of each start
        # a value steps forward over the vertices inside its bucket: at most this many
        self.steps = int(np.max(self.first[1:] - self.first[:-1]))

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        if not self.exact:  # a single vertex, or repeated ones
            return np.interp(x, self.xp, self.fp)
        x = np.clip(x, self.xp[0], self.xp[-1])  # NaN stays NaN
        with np.errstate(invalid="ignore"):
            b = x - self.xp[0]
            b *= 1.0 / self.h
            np.fmax(b, 0.0, out=b)  # NaN too: its value stays NaN below
            np.fmin(b, self.buckets, out=b)
            j = self.first[b.astype(np.intp)]
            for _ in range(self.steps):
                j += x >= self.next[j]
            x -= self.xp[j]
            x *= self.slope[j]
            x += self.fp[j]
        return x


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


def _stated(accuracy_m: float | None) -> float:
    if accuracy_m is None:
        return DEFAULT_ACCURACY_M
    if not 0 <= accuracy_m < float("inf"):  # also nan
        raise InputError(f"--accuracy-m must be metres >= 0, not {accuracy_m:g}")
    return float(accuracy_m)


def _accuracy_note(accuracy_m: float | None) -> str:
    if accuracy_m is None:
        return (f"not stated: {DEFAULT_ACCURACY_M:g} m assumed for a user's line "
                "(state it with --accuracy-m)")
    return f"stated by the user (--accuracy-m {accuracy_m:g})"


# ---------------------------------------------------------------------- OpenStreetMap
_OSM_SUFFIXES = (".osm", ".pbf", ".osm.bz2")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
#: How the letter M of a road number is written: Latin, or Arabic «إم», «ام», «أم», «م».
_M_PREFIX = r"(?:m|[اأإآ]?م)"
_TAG = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')


def is_osm(path: str) -> bool:
    """An OpenStreetMap extract by its name (``.osm``, ``.osm.pbf``, ``.pbf``)."""
    return path.lower().endswith(_OSM_SUFFIXES)


def osm_tags(other_tags: str | None) -> dict[str, str]:
    """The tags GDAL's OSM driver keeps in ``other_tags`` (``"k"=>"v","k2"=>"v2"``).

    >>> osm_tags('"ref"=>"M4;M5","name:ar"=>"الطريق"')["ref"]
    'M4;M5'
    """
    if not other_tags:
        return {}
    return {k.replace('\\"', '"'): v.replace('\\"', '"')
            for k, v in _TAG.findall(str(other_tags))}


def ref_pattern(ref: str) -> re.Pattern:
    """A pattern for the spellings of a road number: ``M4`` matches ``M 4``, ``m-4``, «إم 4»,
    «ام٤» …; any other ref matches itself, ignoring case, spaces and hyphens."""
    key = _ref_key(ref)
    m = re.fullmatch(r"m(\d+)", key)
    if m:
        return re.compile(rf"{_M_PREFIX}0*{m.group(1)}")
    return re.compile(re.escape(key))


def _ref_key(value: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKC", value).translate(_ARABIC_DIGITS).casefold()
    return re.sub(r"[\s\-_.\u0640\u200c-\u200f]+", "", text)  # spaces, hyphens, tatweel, marks


def ref_matches(refs, ref: str = "M4") -> np.ndarray:
    """Whether each OSM ``ref`` value (maybe ``;``-separated) names road ``ref`` (vectorised).

    >>> ref_matches(["M4", "M 4;M5", "إم 4", "M45", None]).tolist()
    [True, True, True, False, False]
    """
    pat = ref_pattern(ref)
    return np.array([bool(v) and any(pat.fullmatch(_ref_key(part))
                                     for part in str(v).split(";"))
                     for v in refs], dtype=bool)


def read_osm_ways(path: str, ref: str = "M4", extent=None):
    """The ``lines`` of an OpenStreetMap extract whose ``ref`` names road ``ref`` (not ramps)."""
    import pyogrio

    if "OSM" not in pyogrio.list_drivers():
        raise InputError("this GDAL has no OpenStreetMap (OSM) driver; convert the extract "
                         "to GeoPackage first (ogr2ogr out.gpkg IN.osm.pbf lines)", path=path)
    if not Path(path).exists():
        raise InputError("no such file", path=path)
    if Path(path).is_file() and Path(path).stat().st_size == 0:
        raise InputError("empty file", path=path)
    try:
        # ``ref`` is in other_tags unless the driver's osmconf.ini makes it a field of its own
        has_ref = "ref" in pyogrio.read_info(path, layer="lines")["fields"]
        where = "ref IS NOT NULL" if has_ref else "other_tags LIKE '%\"ref\"=>%'"
        gdf = pyogrio.read_dataframe(path, layer="lines", bbox=extent,
                                     where=f"highway IS NOT NULL AND {where}")
    except Exception as err:  # GDAL's errors are varied: one line
        raise InputError(f"cannot read as an OpenStreetMap file: {_one_line(err)}",
                         path=path) from None
    if has_ref:
        refs = [None if v is None or v != v else str(v) for v in gdf["ref"]]
    else:
        refs = [osm_tags(t).get("ref") for t in gdf["other_tags"]]
    keep = ref_matches(refs, ref) & ~gdf["highway"].astype(str).str.endswith("_link").to_numpy()
    if not keep.any():
        seen = sorted({r for r in refs if r})[:10]
        raise InputError(f"no road with ref={ref} in the file's lines"
                         + (f" within {extent}" if extent else "")
                         + (f" (refs seen: {', '.join(seen)})" if seen else ""), path=path)
    return gdf[keep]


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
def merge_lines(parts: list[LineString], path: str | None = None,
                hint: str = "pick one road with --centerline-where or merge the parts",
                ) -> tuple[LineString, list]:
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
                f"(a {part.length / 1000:.1f} km piece lies {gap / 1000:.1f} km away); {hint}",
                path=path)
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


__all__ = ["DEFAULT_ACCURACY_M", "OSM_EXTENT", "Centerline", "PiecewiseLinear", "SectionEnd",
           "default_ends", "is_osm", "merge_lines", "osm_tags", "parse_place", "read_lines",
           "read_osm_ways", "ref_matches", "resolve_name"]
