"""Is a point in the M4 corridor, on which side, how far from the road, where along it?

Vectorised over numpy arrays; no Python loop over points:

1. validate every row (per-row ``status``, never an exception for the batch);
2. in/out and side: a bounding-box prefilter, then ``shapely.contains_xy`` on the prepared
   lon/lat bands (their edges are densified, so lon/lat point-in-polygon is exact to mm);
3. distances: one projection into the corridor's oblique Mercator per block (PROJ's formulas in
   numpy, :class:`~geo.projection.ObliqueMercator`: PROJ's numbers to nanometres), the nearest
   point on the section from a few candidate segments per point (:class:`SegmentGrid`, in
   numpy), and the projection's scale correction, so ``distance_m`` agrees with ``pyproj.Geod``
   to millimetres (measured up to 300 km from the road);
4. ``edge_m`` in closed form (band width, flat caps) plus the Syria border where it clips.

    >>> import geo
    >>> df = geo.classify([36.6096], [35.8137 + 0.027])  # 3 km north of Ariha
    >>> r = df.iloc[0]
    >>> r.status, bool(r.in_corridor), r.side, round(float(r.distance_m) / 1000, 1)
    ('ok', True, 'north', 2.5)
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import shapely

from geo.corridor import DENSIFY_M, Corridor, default_corridor, syria_outline, zone_corridor
from geo.projection import EARTH_RADIUS_M
from geo.vocabulary import ASTRIDE, CorridorStatus
from geo.zones import get_zone

#: Status of a row: ``ok`` (classified, in Syria), ``outside_syria`` (classified, but outside
#: Syria's outline, e.g. in Turkey), ``outside_syria_bounds`` (far away: not classified beyond
#: in_corridor=False), ``swapped`` (latitude and longitude look swapped: not classified),
#: ``out_of_range`` (|lat| > 90 or |lon| > 180), ``invalid`` (missing or not a number).
STATUSES = ("ok", "outside_syria", "outside_syria_bounds", "swapped", "out_of_range", "invalid")
#: Syria's bounding box (lon/lat) with a 0.05° margin, for the ``outside_syria_bounds`` status.
SYRIA_BOUNDS = (35.55, 32.25, 42.45, 37.4)
#: Result columns of :func:`classify` (the metric columns only with ``metrics=True``).
COLUMNS = ("status", "in_corridor", "corridor_status", "side", "distance_m", "along_km",
           "edge_m", "accuracy_m", "near_edge")
METRIC_COLUMNS = COLUMNS[4:]
#: The section is closed: a point this close to the bands (its ends and the flat end lines
#: included) is inside. Far below the bands' own geodesic error bound (5 mm measured) plus the
#: lon/lat round trip of a vertex (sub-millimetre): 0.5 m.
CLOSED_TOLERANCE_M = 0.5
#: Cells of the end strips' raster closer than this (degrees, ~1 m) to a strip's edge get the
#: exact test of the metrics path; the lon/lat strips are within 0.2 mm of the exact ones.
STRIP_MARGIN_DEG = 1e-5
#: Points per block of the distance computation: numpy temporaries stay in the CPU cache.
CHUNK = 32_768
#: Points per block of classification, end to end (validation, index lookup, metrics): the
#: temporaries of a block stay ~100 MB however many points are classified.
BLOCK = 1_000_000


def _as_float(values) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind in "fiub":
        return arr.astype(float, copy=False).ravel()
    return pd.to_numeric(pd.Series(arr.ravel(), dtype=object), errors="coerce").to_numpy(float)


def _in_box(lon, lat, box) -> np.ndarray:
    return (lon >= box[0]) & (lon <= box[2]) & (lat >= box[1]) & (lat <= box[3])


class GridIndex:
    """A raster over polygons: cells wholly inside one polygon, wholly outside all, or mixed.

    Points in decided cells need no point-in-polygon test; only those in mixed cells (along the
    edges) go to ``shapely.intersects_xy``. Built once per polygon set, in milliseconds.

    With a ``margin`` (degrees), a cell is decided only when it lies that far inside a polygon
    or that far outside all: a polygon that approximates an exact region to well under the
    margin then decides cells exactly, and :meth:`cells` leaves the rest to an exact test.
    """

    def __init__(self, polygons, bounds, cell: float, margin: float = 0.0):
        self.polygons = list(polygons)
        for g in self.polygons:
            shapely.prepare(g)
        self.bounds = tuple(bounds)
        self.x0, self.y0 = bounds[0], bounds[1]
        self.cell = cell
        self.nx = max(int(np.ceil((bounds[2] - bounds[0]) / cell)), 1)
        self.ny = max(int(np.ceil((bounds[3] - bounds[1]) / cell)), 1)
        gx, gy = np.meshgrid(self.x0 + cell * np.arange(self.nx),
                             self.y0 + cell * np.arange(self.ny))
        boxes = shapely.box(gx, gy, gx + cell, gy + cell)
        state = np.full(boxes.shape, -1, np.int8)  # -1: outside all
        for g in self.polygons:
            grown = shapely.buffer(g, margin, join_style="mitre") if margin else g
            shapely.prepare(grown)
            state[shapely.intersects(grown, boxes)] = -2  # mixed, unless wholly inside
        for k, g in enumerate(self.polygons):
            inner = shapely.buffer(g, -margin, join_style="mitre") if margin else g
            shapely.prepare(inner)
            state[shapely.contains_properly(inner, boxes)] = k
        self.state = state

    def cells(self, x: np.ndarray, y: np.ndarray, in_bounds: bool = False) -> np.ndarray:
        """The state of each point's cell: a polygon's index, -1 outside all, -2 mixed.

        ``in_bounds=True`` promises that every point lies within the grid's bounds.
        """
        with np.errstate(invalid="ignore"):
            i = ((x - self.x0) * (1.0 / self.cell)).astype(np.intp)
            j = ((y - self.y0) * (1.0 / self.cell)).astype(np.intp)
        if in_bounds:  # a point on the far edge is in the last cell
            np.minimum(i, self.nx - 1, out=i)
            np.minimum(j, self.ny - 1, out=j)
        elif not (ok := (x >= self.x0) & (i < self.nx) & (y >= self.y0) & (j < self.ny)).all():
            out = np.full(x.shape, -1, np.int8)
            out[ok] = self.state[j[ok], i[ok]]
            return out
        j *= self.nx
        j += i
        return self.state.ravel().take(j)  # flat indexes: faster than (j, i) pairs

    def locate(self, x: np.ndarray, y: np.ndarray, in_bounds: bool = False) -> np.ndarray:
        """Index of the polygon each point lies in (boundary counts as in), -1 for none.

        ``in_bounds=True`` promises that every point lies within the grid's bounds.
        """
        out = self.cells(x, y, in_bounds)
        mixed = np.flatnonzero(out == -2)
        out[mixed] = -1
        for k, g in enumerate(self.polygons):
            if not mixed.size:
                break
            hit = shapely.intersects_xy(g, x[mixed], y[mixed])
            out[mixed[hit]] = k
            mixed = mixed[~hit]
        return out


@functools.cache
def _outline_grid() -> GridIndex:
    return GridIndex([syria_outline()], SYRIA_BOUNDS, 0.02)


@functools.cache
def _prepared_outline():
    outline = syria_outline()
    shapely.prepare(outline)
    return outline


#: Fewer points than this are tested against Syria's outline directly: the raster over it
#: (~0.1 s to build) pays only for many points (the answers are the same: the raster's
#: decided cells hold no boundary).
SMALL_BATCH = 2048


def _in_syria(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Whether each point (in Syria's box) lies in Syria's outline, boundary included."""
    if lon.size < SMALL_BATCH:
        return shapely.intersects_xy(_prepared_outline(), lon, lat)
    return _outline_grid().locate(lon, lat, True) >= 0


def validate(lon, lat) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(lon, lat, code)``: float arrays and int8 indexes into :data:`STATUSES`."""
    lon, lat = _as_float(lon), _as_float(lat)
    if lon.shape != lat.shape:
        raise ValueError(f"lon and lat differ in length ({lon.size} vs {lat.size})")
    code = np.zeros(lon.shape, np.int8)
    x0, y0, x1, y1 = SYRIA_BOUNDS
    if lon.size and x0 <= lon.min() and lon.max() <= x1 and y0 <= lat.min() and lat.max() <= y1:
        # every point finite and in Syria's box (a NaN fails these tests): only the outline
        code[~_in_syria(lon, lat)] = STATUSES.index("outside_syria")
        return lon, lat, code
    finite = np.isfinite(lon) & np.isfinite(lat)
    with np.errstate(invalid="ignore"):
        in_range = finite & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        in_box = in_range & _in_box(lon, lat, SYRIA_BOUNDS)
    code[~finite] = STATUSES.index("invalid")
    code[finite & ~in_range] = STATUSES.index("out_of_range")
    code[in_range & ~in_box] = STATUSES.index("outside_syria_bounds")
    outline = syria_outline()
    box = np.flatnonzero(in_box)
    code[box[~_in_syria(lon[box], lat[box])]] = STATUSES.index("outside_syria")
    # latitude and longitude swapped: far outside Syria as given, inside Syria when swapped
    with np.errstate(invalid="ignore"):
        cand = np.flatnonzero(finite & ~in_box & _in_box(lat, lon, SYRIA_BOUNDS))
    code[cand[shapely.contains_xy(outline, lat[cand], lon[cand])]] = STATUSES.index("swapped")
    return lon, lat, code


def maybe_swapped(lon, lat) -> np.ndarray:
    """True where the swapped pair (lat as lon, lon as lat) falls inside Syria's outline.

    In north-west Syria both coordinates are near 36°, so a swapped pair often still lies in
    Syria's bounding box (in Turkey or at sea); use this to word a warning.
    """
    lon, lat = _as_float(lon), _as_float(lat)
    ok = np.isfinite(lon) & np.isfinite(lat)
    out = np.zeros(lon.shape, bool)
    out[ok] = shapely.contains_xy(syria_outline(), lat[ok], lon[ok])
    return out


def nearest_on_polyline(x, y, a, b, seg_len2):
    """Per point: the nearest segment, its parameter t (unclamped) and the squared distance.

    The brute-force reference (a loop over all segments); :class:`SegmentGrid` gives the same
    answer from a few candidate segments per point.
    """
    n = x.size
    best = np.full(n, np.inf)
    seg = np.zeros(n, np.intp)
    tbest = np.zeros(n)
    for i in range(len(a)):
        ax, ay = a[i]
        dx, dy = b[i, 0] - ax, b[i, 1] - ay
        px, py = x - ax, y - ay
        t_raw = (px * dx + py * dy) / seg_len2[i] if seg_len2[i] > 0 else np.zeros(n)
        t = np.clip(t_raw, 0.0, 1.0)
        ex, ey = px - t * dx, py - t * dy
        d2 = ex * ex + ey * ey
        better = d2 < best
        best = np.where(better, d2, best)
        seg = np.where(better, i, seg)
        tbest = np.where(better, t_raw, tbest)
    return seg, tbest, best


class SegmentGrid:
    """The nearest segment of a polyline, from a few candidates per cell of a raster.

    Segments run ``a[i] → b[i]`` (projected metres). For each cell of a raster over ``bounds``
    the candidates are the segments that can be nearest to some point of the cell (a bound on
    how the distances can change across the cell, :meth:`_candidates`). A point then tests
    only its cell's candidates — usually one — in numpy; points outside ``bounds`` test all
    segments (:func:`nearest_on_polyline`).

        >>> import numpy as np
        >>> a = np.array([[0.0, 0.0], [10.0, 0.0]]); b = np.array([[10.0, 0.0], [10.0, 10.0]])
        >>> g = SegmentGrid(a, b, (-20.0, -20.0, 30.0, 30.0), max_cells=100)
        >>> seg, t, ex, ey = g.nearest(np.array([4.0, 12.0]), np.array([-3.0, 6.0]))
        >>> seg.tolist(), t.tolist(), ex.tolist(), ey.tolist()
        ([0, 1], [0.4, 0.6], [0.0, 2.0], [-3.0, 0.0])
    """

    def __init__(self, a: np.ndarray, b: np.ndarray, bounds, max_cells: int | None = None):
        self.a = np.ascontiguousarray(a, dtype=float)
        self.d = np.ascontiguousarray(b, dtype=float) - self.a
        len2 = np.einsum("ij,ij->i", self.d, self.d)
        self.seg_len2 = len2
        # contiguous columns: gathering from them is faster than from the (n, 2) arrays
        self._ax, self._ay = self.a[:, 0].copy(), self.a[:, 1].copy()
        self._dx, self._dy = self.d[:, 0].copy(), self.d[:, 1].copy()
        with np.errstate(divide="ignore"):
            self.inv_len2 = np.where(len2 > 0, 1.0 / len2, 0.0)  # a point segment: t = 0
        # segments that start where the one before ends
        self._joined = np.r_[False, (self.a[1:] == np.asarray(b, dtype=float)[:-1]).all(axis=1)]
        x0, y0, x1, y1 = bounds
        if max_cells is None:  # building costs cells × segments
            max_cells = min(80_000, max(20_000, 1_000_000 // len(self.a)))
        self.cell = max(float(np.sqrt((x1 - x0) * (y1 - y0) / max_cells)), 1.0)
        self.x0, self.y0 = x0, y0
        self.nx = max(int(np.ceil((x1 - x0) / self.cell)), 1)
        self.ny = max(int(np.ceil((y1 - y0) / self.cell)), 1)
        cx = x0 + self.cell * (np.arange(self.nx) + 0.5)
        cy = y0 + self.cell * (np.arange(self.ny) + 0.5)
        gx, gy = (g.ravel() for g in np.meshgrid(cx, cy))  # cell k = j * nx + i
        r = self.cell * np.sqrt(0.5)  # the half-diagonal: every point of a cell is this close
        cells, segs = [], []
        step = max(1, 500_000 // len(self.a))
        for lo in range(0, gx.size, step):
            c, sg = np.nonzero(self._candidates(gx[lo:lo + step], gy[lo:lo + step], r))
            cells.append(c + lo)
            segs.append(sg)
        cell, seg = np.concatenate(cells), np.concatenate(segs)  # sorted by cell
        count = np.bincount(cell, minlength=gx.size)
        self.count = count.astype(np.int32)
        # (k, cells): the k-th candidate of each cell, padded with its first one (testing a
        # segment twice changes nothing)
        start = np.r_[0, np.cumsum(count)[:-1]]
        self.cand = np.broadcast_to(seg[start], (int(count.max()), gx.size)).copy()
        self.cand[np.arange(cell.size) - start[cell], cell] = seg

    def _candidates(self, x: np.ndarray, y: np.ndarray, r: float) -> np.ndarray:
        """(cells × segments) True where a segment can be the nearest to some point within
        ``r`` of a cell's centre ``(x, y)``.

        Segment ``s`` cannot be when ``h = d_s - d_*`` (its distance less the nearest one's)
        stays positive over the cell: ``h(c) > r · L``, ``L`` bounding ``|∇h|`` there. The
        gradient of a distance is the unit vector ``u`` from the nearest point; ``p - π(p)``
        is 1-Lipschitz (``π``: projection onto a convex set), so within ``r`` of ``c``, ``u``
        moves by at most ``2r / d(c)``, and ``L = |u_s(c) - u_*(c)| + 2r/d_s + 2r/d_*`` (never
        above 2). Far from the road the directions agree and ``L`` is small: few candidates.
        """
        ex = x[:, None] - self.a[:, 0]
        ey = y[:, None] - self.a[:, 1]
        t = (ex * self.d[:, 0] + ey * self.d[:, 1]) * self.inv_len2
        # t is linear: its largest value over the cell is at a corner. Where it stays <= 0 the
        # segment's nearest point is its start, which ends the segment before: that one is at
        # least as near everywhere in the cell (the wedge outside a bend has one candidate)
        half = self.cell / 2.0
        behind = (t + half * (np.abs(self.d[:, 0]) + np.abs(self.d[:, 1])) * self.inv_len2
                  <= 0.0) & self._joined
        np.clip(t, 0.0, 1.0, out=t)
        ex -= t * self.d[:, 0]
        ey -= t * self.d[:, 1]
        dist = np.hypot(ex, ey)
        best = dist.argmin(axis=1)[:, None]
        rows = np.arange(len(x))[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            ux, uy = ex / dist, ey / dist
            turn = np.where(dist > r, 2.0 * r / dist, 2.0)  # how far u may turn in the cell
            lip = (np.hypot(ux - ux[rows, best], uy - uy[rows, best]) + turn
                   + turn[rows, best])
        lip = np.where(np.isfinite(lip), np.minimum(lip, 2.0), 2.0)
        return (dist - dist[rows, best] <= r * lip * (1.0 + 1e-9) + 1e-6) & ~behind

    def _test(self, x, y, s):
        """For segments ``s`` of the points: t and the offset (ex, ey) of the point from its
        nearest point on the segment."""
        dx, dy = self._dx[s], self._dy[s]
        ex, ey = x - self._ax[s], y - self._ay[s]
        t = (ex * dx + ey * dy) * self.inv_len2[s]
        np.clip(t, 0.0, 1.0, out=t)
        ex -= t * dx
        ey -= t * dy
        return t, ex, ey

    def nearest(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, ...]:
        """Per point: the nearest segment, the parameter t along it (0 at ``a``, 1 at ``b``)
        and the offset ``(ex, ey)`` of the point from its nearest point on the polyline."""
        with np.errstate(invalid="ignore"):
            fi = (x - self.x0) * (1.0 / self.cell)
            fj = (y - self.y0) * (1.0 / self.cell)
        if x.size and fi.min() >= 0 and fi.max() < self.nx and fj.min() >= 0 and (
                fj.max() < self.ny):
            far = np.empty(0, np.intp)
            cell = fj.astype(np.intp)
            cell *= self.nx
            cell += fi.astype(np.intp)
        else:
            with np.errstate(invalid="ignore"):
                in_grid = (fi >= 0) & (fi < self.nx) & (fj >= 0) & (fj < self.ny)
            far = np.flatnonzero(~in_grid)
            cell = np.where(in_grid, fj.astype(np.intp) * self.nx + fi.astype(np.intp), 0)
        seg = self.cand[0][cell]
        t, ex, ey = self._test(x, y, seg)
        more = np.flatnonzero(self.count[cell] > 1)
        if more.size:
            d2 = ex * ex + ey * ey
        for k in range(1, len(self.cand)):
            more = more[self.count[cell[more]] > k]
            if not more.size:
                break
            s = self.cand[k][cell[more]]
            tk, exk, eyk = self._test(x[more], y[more], s)
            d2k = exk * exk + eyk * eyk
            better = d2k < d2[more]
            hit = more[better]
            seg[hit], t[hit], d2[hit] = s[better], tk[better], d2k[better]
            ex[hit], ey[hit] = exk[better], eyk[better]
        if far.size:
            s, _, _ = nearest_on_polyline(x[far], y[far], self.a, self.a + self.d,
                                          self.seg_len2)
            seg[far] = s
            t[far], ex[far], ey[far] = self._test(x[far], y[far], s)
        return seg, t, ex, ey


class ClassifyIndex:
    """Arrays and prepared geometries for :func:`classify`, built once per corridor.

    The index belongs to the answer layer: it is cached here (:func:`classify_index`), keyed by
    the corridor object, never written into the frozen :class:`~geo.corridor.Corridor`.
    """

    def __init__(self, c: Corridor):
        sec = np.asarray(c.local["section"].coords)
        self.a = sec[:-1]
        self.b = sec[1:]
        d = self.b - self.a
        seg_len = np.sqrt(np.einsum("ij,ij->i", d, d))
        self.seg_true = c.projection.true_distance(self.a[:, 0], self.a[:, 1],
                                                   self.b[:, 0], self.b[:, 1])
        self.cum_true = np.r_[0.0, np.cumsum(self.seg_true)]
        self.u0 = d[0] / seg_len[0]
        self.u1 = d[-1] / seg_len[-1]
        self.p0 = sec[0]
        self.p1 = sec[-1]
        self._corridor = weakref.ref(c)
        outline = c.local.get("outline")
        self.clip_edge = None
        if outline is not None and c.meta["clipped_km2"]["total"] > 0:
            near = c.local["section"].buffer(c.width_m + 50.0)
            edge = shapely.intersection(outline.boundary, near)
            if not edge.is_empty:
                self.clip_edge = edge
                shapely.prepare(edge)
                # distances to the clipping border matter only within the band's width of it
                lines = [np.asarray(p.coords) for p in shapely.get_parts(shapely.line_merge(
                    edge)) if p.geom_type == "LineString" and len(p.coords) > 1]
                ea = np.vstack([xy[:-1] for xy in lines])
                eb = np.vstack([xy[1:] for xy in lines])
                reach = c.width_m + 100.0
                x0, y0, x1, y1 = shapely.bounds(edge)
                self.clip_bounds = (x0 - reach, y0 - reach, x1 + reach, y1 + reach)
                self.clip_segments = SegmentGrid(ea, eb, self.clip_bounds, 20_000)
        # The section is closed: the bands grown by CLOSED_TOLERANCE_M (in degrees of
        # latitude, so at most that far in any direction) hold their ends and end lines.
        tol = CLOSED_TOLERANCE_M / 111_320.0
        grown = [shapely.buffer(b, tol, quad_segs=1, join_style="mitre") for b in (c.north,
                                                                                c.south)]
        # ~0.5 km cells: only points in cells the band edges cross get an exact test
        self.bounds = shapely.bounds(shapely.union_all(grown))
        self.grid = GridIndex(grown, self.bounds, 0.005)

    @functools.cached_property
    def end_strips(self) -> GridIndex | None:
        """The section's two end strips, for ``metrics=False`` (None with round caps).

        Exactly where the metrics call an outside point ``beyond_*``: past an end line, within
        the band's width of the end segment's straight continuation (:func:`_beyond`), as far
        as Syria's bounding box. Built in the projection, densified, in lon/lat; cells within
        about a metre of a strip's edge are left to that exact test.
        """
        c = self._corridor()
        if c.cap != "flat":
            return None
        w = c.width_m
        x0, y0, x1, y1 = _local_bounds(c, SYRIA_BOUNDS)
        reach = float(np.hypot(x1 - x0, y1 - y0))

        def strip(p, u, half):  # from the end line through p, along u, ``half`` to each side
            n = np.array([-u[1], u[0]]) * half
            return shapely.Polygon([p + n, p - n, p - n + reach * u, p + n + reach * u])

        west = strip(self.p0, -self.u0, w)
        east = shapely.difference(strip(self.p1, self.u1, w),  # not also behind the west end
                                  strip(self.p0, -self.u0, reach))
        box = shapely.box(*SYRIA_BOUNDS)
        strips = [shapely.intersection(c.projection.to_lonlat(shapely.segmentize(g, DENSIFY_M)),
                                       box) for g in (west, east)]
        bx0, by0, bx1, by1 = shapely.bounds(shapely.union_all(strips))
        if not np.isfinite(bx0):
            return None
        cell = max(0.005, float(np.sqrt((bx1 - bx0) * (by1 - by0) / 100_000)))
        return GridIndex(strips, (bx0, by0, bx1, by1), cell, margin=STRIP_MARGIN_DEG)

    @functools.cached_property
    def segments(self) -> SegmentGrid:
        """Nearest-segment candidates of the section (built on first use: only metrics need
        it). Every point that gets metrics lies in Syria's bounding box, which it covers."""
        return SegmentGrid(self.a, self.b, _local_bounds(self._corridor(), SYRIA_BOUNDS))


def _local_bounds(c: Corridor, box) -> tuple[float, float, float, float]:
    """Bounds (projected metres) of a lon/lat box and the section, in the corridor's projection."""
    ring = shapely.segmentize(shapely.box(*box), 0.05).exterior
    x, y = c.projection.forward(*np.asarray(ring.coords).T)
    sx0, sy0, sx1, sy1 = shapely.bounds(c.local["section"])
    return (min(x.min(), sx0) - 1.0, min(y.min(), sy0) - 1.0,
            max(x.max(), sx1) + 1.0, max(y.max(), sy1) + 1.0)


_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def classify_index(c: Corridor) -> ClassifyIndex:
    """The (cached) index of a corridor."""
    idx = _INDEXES.get(c)
    if idx is None:
        idx = _INDEXES[c] = ClassifyIndex(c)
    return idx


def classify(lon, lat, corridor: Corridor | None = None, *, metrics: bool = True) -> pd.DataFrame:
    """Answer for points (lon/lat arrays, degrees): are they in the corridor, and where?

    Returns one row per point with :data:`COLUMNS`:

    * ``status`` — validity of the row, see :data:`STATUSES`; rows that cannot be classified
      (swapped, out of range, invalid) get ``corridor_status`` ``unlocated``, ``in_corridor``
      False and null metrics; points far outside Syria are ``outside``, without metrics;
    * ``in_corridor`` (bool: a point is in or out) and ``corridor_status`` (:class:`~geo.vocabulary.
      CorridorStatus`): ``inside`` (the section is closed: its ends and flat end lines belong
      to it), ``outside``, or ``beyond_west_end``/``beyond_east_end`` (outside because past a
      section end, within the width of the road's continuation);
    * ``side`` — the band's name (``north``/``south`` for the M4), ``astride`` when the point is
      closer to the centerline than the line's accuracy there; null outside;
    * ``distance_m`` — geodesic metres to the road section;
    * ``along_km`` — km along the section from its western end (Ain al-Havr), negative
      before it and beyond its length after the eastern end;
    * ``edge_m`` — signed metres to the corridor's boundary, positive inside;
    * ``accuracy_m`` — the centerline's accuracy at that point (metres);
    * ``near_edge`` — ``|edge_m|`` below ``accuracy_m``: the answer depends on where the road
      really is.

    ``metrics=False`` computes only ``status``, ``in_corridor``, ``corridor_status`` (the same
    as with metrics, ``beyond_*`` included: end strips decide it) and ``side`` without
    ``astride`` (the band, where ``metrics=True`` may say ``astride``).

    >>> classify([36.63], [35.93]).loc[0, "corridor_status"]  # Idlib city
    'outside'
    >>> classify([36.60964], [35.81374]).loc[0, ["corridor_status", "side"]].tolist()  # Ariha
    ['inside', 'astride']
    """
    c = corridor if corridor is not None else default_corridor()
    ix = classify_index(c)
    lon, lat = _as_float(lon), _as_float(lat)
    if lon.shape != lat.shape:
        raise ValueError(f"lon and lat differ in length ({lon.size} vs {lat.size})")
    n = lon.size
    # every result column is allocated once and filled block by block: no per-block frames
    # to concatenate, no consolidation of same-typed columns into one 2-D copy
    cols: dict[str, np.ndarray] = {"code": np.empty(n, np.int8), "status": np.empty(n, np.int8),
                                   "side": np.empty(n, np.int8)}
    if metrics:
        cols.update({k: np.empty(n) for k in ("distance_m", "along_km", "edge_m",
                                              "accuracy_m")})
        cols["near_edge"] = np.empty(n, bool)
    for lo in range(0, n, BLOCK):
        _classify_block(c, ix, lon[lo:lo + BLOCK], lat[lo:lo + BLOCK],
                        {k: v[lo:lo + BLOCK] for k, v in cols.items()}, metrics)
    status = cols.pop("status")
    data = {
        "status": pd.Categorical.from_codes(cols.pop("code"), STATUSES),
        "in_corridor": status == _CODE[CorridorStatus.INSIDE],
        "corridor_status": pd.Categorical.from_codes(status, _STATUS_VALUES),
        "side": pd.Categorical.from_codes(cols.pop("side"), (*c.side_names, ASTRIDE)),
        **cols,
    }
    return pd.DataFrame(data, copy=False)


def _classify_block(c: Corridor, ix: ClassifyIndex, lon: np.ndarray, lat: np.ndarray,
                    out: dict[str, np.ndarray], metrics: bool) -> None:
    """Classify one block of points into the slices ``out`` of the result columns."""
    _, _, code = validate(lon, lat)
    n = lon.size
    band = np.full(n, -1, np.int8)  # 0: left (north) band, 1: right (south) band
    ok = code <= 1  # STATUSES[0:2]: ok, outside_syria — the rows that get an answer
    with np.errstate(invalid="ignore"):
        cand = np.flatnonzero(ok & _in_box(lon, lat, ix.bounds))
    if cand.size:
        band[cand] = ix.grid.locate(lon[cand], lat[cand], True)
    status = np.where(band >= 0, _CODE[CorridorStatus.INSIDE],
                      _CODE[CorridorStatus.OUTSIDE]).astype(np.int8)
    located = code <= STATUSES.index("outside_syria_bounds")  # far away is still outside
    status[~located] = _CODE[CorridorStatus.UNLOCATED]
    side = band
    if not metrics:
        _mark_beyond(c, ix, lon, lat, status, code == 0)  # 0: ok (inside Syria's outline)
    else:
        distance, along, edge, accuracy = (out[k] for k in ("distance_m", "along_km", "edge_m",
                                                            "accuracy_m"))
        beyond = np.zeros(n, np.int8)
        if ok.all():  # every row gets metrics: contiguous parts, no gathering
            parts = [slice(lo, lo + CHUNK) for lo in range(0, n, CHUNK)]
        else:
            for a in (distance, along, edge, accuracy):
                a.fill(np.nan)
            sel = np.flatnonzero(ok)
            parts = [sel[lo:lo + CHUNK] for lo in range(0, sel.size, CHUNK)]
        inside = band >= 0
        for part in parts:
            m = _metrics(c, ix, lon[part], lat[part], inside[part], code[part] == 1)
            distance[part], along[part], edge[part], beyond[part], accuracy[part] = m
        outside = status == _CODE[CorridorStatus.OUTSIDE]
        status[outside & (beyond < 0)] = _CODE[CorridorStatus.BEYOND_WEST_END]
        status[outside & (beyond > 0)] = _CODE[CorridorStatus.BEYOND_EAST_END]
        with np.errstate(invalid="ignore"):
            np.less(np.abs(edge), accuracy, out=out["near_edge"])
            side = np.where(inside & (distance < accuracy), np.int8(2), band)
    out["code"][:] = code
    out["status"][:] = status
    out["side"][:] = side


def classify_partition(df: pd.DataFrame, lon: str = "lon", lat: str = "lat",
                       zone: Any = None, metrics: bool = True) -> pd.DataFrame:
    """The answer columns for one partition of a larger table, with the partition's index and
    a fixed schema (the same columns and dtypes for every partition, empty ones included), for
    ``dask.dataframe.map_partitions``, dask-geopandas or Spark's ``mapInPandas``.

    ``zone`` is a :class:`~geo.zones.ZoneDefinition`, a bundled zone id or None (the 2020
    corridor): a small picklable value; each worker builds the zone's corridor once.

    >>> import pandas as pd
    >>> part = pd.DataFrame({"lon": [36.6096, 36.63], "lat": [35.8407, 35.93]}, index=[7, 8])
    >>> classify_partition(part)[["corridor_status", "side"]].to_dict("index")[7]
    {'corridor_status': 'inside', 'side': 'north'}

    With dask: ``ddf.map_partitions(classify_partition, zone="m4-2020",
    meta=classify_partition(ddf._meta))``.
    """
    c = zone_corridor(get_zone(zone))
    out = classify(df[lon].to_numpy(), df[lat].to_numpy(), c, metrics=metrics)
    out.index = df.index
    return out


_STATUS_VALUES = tuple(s.value for s in CorridorStatus)
_CODE = {s: np.int8(i) for i, s in enumerate(CorridorStatus)}


def _metrics(c: Corridor, ix, lon, lat, inside, outside_syria):
    """Distance, along (km), signed edge distance, beyond an end (-1 west, +1 east, 0) and the
    centerline's accuracy for the points of one part of a block.

    One projection of the block serves everything: the nearest point of the section (a few
    candidate segments per point, :class:`SegmentGrid`), the geodesic distance to it (the
    projection's scale correction), the position along, and the distances to the ends and to
    the clipping border.
    """
    proj = c.projection
    x, y = proj.forward(lon, lat)
    seg, t, ex, ey = ix.segments.nearest(x, y)
    # the projection's scale correction (LocalProjection.true_distance), from the offsets
    v = proj.offset_from_central_line(x, y)
    vq = v - proj.offset_from_central_line(ex, ey)  # the nearest point's offset
    k = v * v
    k += v * vq
    k += vq * vq
    k *= 1.0 / (6.0 * EARTH_RADIUS_M**2)
    k += 1.0
    dist = ex * ex
    dist += ey * ey
    np.sqrt(dist, out=dist)
    dist /= k
    along = ix.cum_true[seg] + t * ix.seg_true[seg]
    c0, c1, before, past, after, l0, l1 = _ends(ix, x, y)
    along[before] = c0[before]
    along[past] = ix.cum_true[-1] - c1[past]

    w = c.width_m
    edge = w - dist  # the side's gap
    beyond = np.zeros(x.size, np.int8)
    if c.cap == "flat":
        beyond = _beyond(w, x.size, before, after, l0, l1)
        np.minimum(edge, np.minimum(c0, c1), out=edge, where=inside)
        np.minimum(edge, 0.0, out=edge, where=~inside)
        out_b, out_a = ~inside[before], ~inside[after]
        edge[before[out_b]] = -np.hypot(c0[before[out_b]], np.maximum(l0[out_b] - w, 0.0))
        edge[after[out_a]] = -np.hypot(c1[after[out_a]], np.maximum(l1[out_a] - w, 0.0))
    else:  # round caps: nothing lies past an end within the road's width
        np.minimum(edge, 0.0, out=edge, where=~inside)
    if ix.clip_edge is not None:
        _clip_edge(c, ix, x, y, dist, edge, inside, outside_syria)
    np.maximum(edge, 0.0, out=edge, where=inside)
    beyond[outside_syria] = 0
    along /= 1000.0
    np.clip(along, 0.0, c.length_m / 1000.0, out=along, where=inside)
    accuracy = c.accuracy_at(np.clip(along * 1000.0, 0.0, c.length_m))
    return dist, along, edge, beyond, accuracy


def _ends(ix, x, y):
    """Where projected points lie relative to the section's ends: ``c0``/``c1``, their signed
    distances ahead of the western / behind the eastern end line along the end segments
    (negative past it); the indexes ``before`` the western end, ``past`` the eastern one and
    ``after`` it (past and not before); ``l0``/``l1``, the distances of the points before /
    after from the end segments' straight continuations."""
    c0 = (x - ix.p0[0]) * ix.u0[0] + (y - ix.p0[1]) * ix.u0[1]
    c1 = (ix.p1[0] - x) * ix.u1[0] + (ix.p1[1] - y) * ix.u1[1]
    before = np.flatnonzero(c0 < 0)
    past = np.flatnonzero(c1 < 0)
    after = past[c0[past] >= 0]
    l0 = np.abs((ix.p0[0] - x[before]) * ix.u0[1] + (y[before] - ix.p0[1]) * ix.u0[0])
    l1 = np.abs((ix.p1[0] - x[after]) * ix.u1[1] + (y[after] - ix.p1[1]) * ix.u1[0])
    return c0, c1, before, past, after, l0, l1


def _beyond(w: float, n: int, before, after, l0, l1) -> np.ndarray:
    """-1 before the western end, +1 after the eastern one, within ``w`` of the end segment's
    continuation (flat caps: the ``beyond_*`` statuses of an outside point), else 0."""
    beyond = np.zeros(n, np.int8)
    beyond[before[l0 <= w]] = -1
    beyond[after[l1 <= w]] = 1
    return beyond


def _mark_beyond(c: Corridor, ix: ClassifyIndex, lon, lat, status, located) -> None:
    """``metrics=False``: the ``beyond_*`` statuses of the outside points ``located`` in Syria,
    from the end strips' raster; points within about a metre of a strip's edge get the metrics
    path's own test (:func:`_beyond`), so the statuses are those of ``metrics=True``."""
    strips = ix.end_strips
    if strips is None:
        return
    with np.errstate(invalid="ignore"):
        cand = np.flatnonzero(located & (status == _CODE[CorridorStatus.OUTSIDE])
                              & _in_box(lon, lat, strips.bounds))
    if not cand.size:
        return
    strip = strips.cells(lon[cand], lat[cand], True)  # 0: west, 1: east, -1: neither
    near = np.flatnonzero(strip == -2)
    if near.size:
        x, y = c.projection.forward(lon[cand[near]], lat[cand[near]])
        _, _, before, _, after, l0, l1 = _ends(ix, x, y)
        strip[near] = _STRIP_OF_BEYOND[_beyond(c.width_m, near.size, before, after, l0, l1) + 1]
    status[cand[strip == 0]] = _CODE[CorridorStatus.BEYOND_WEST_END]
    status[cand[strip == 1]] = _CODE[CorridorStatus.BEYOND_EAST_END]


#: :func:`_beyond`'s -1/0/+1, shifted by one, as the index of an end strip (-1: none).
_STRIP_OF_BEYOND = np.array([0, -1, 1], np.int8)


def _clip_edge(c: Corridor, ix, x, y, dist, edge, inside, outside_syria) -> None:
    """Where the bands are clipped to Syria's outline, the border is an edge too: ``edge`` is
    at most the distance to it inside, at least that far below zero outside Syria."""
    w = c.width_m
    with np.errstate(invalid="ignore"):
        near = np.flatnonzero((dist < w + 2 * (c.accuracy_m or 0) + 1000.0)
                              & (inside | outside_syria))
    if not near.size:
        return
    xn, yn = x[near], y[near]
    in_box = _in_box(xn, yn, ix.clip_bounds)
    dd = np.full(near.size, np.inf)  # inside, farther than the band's width: no effect
    hit = np.flatnonzero(in_box)
    _, _, ex, ey = ix.clip_segments.nearest(xn[hit], yn[hit])
    dd[hit] = np.hypot(ex, ey)
    far = np.flatnonzero(~in_box & outside_syria[near])
    if far.size:
        dd[far] = shapely.distance(ix.clip_edge, shapely.points(xn[far], yn[far]))
    e = edge[near]
    edge[near] = np.where(inside[near], np.minimum(e, dd), np.minimum(e, -dd))


def classify_frame(gdf, corridor: Corridor | None = None, lon: str | None = None,
                   lat: str | None = None):
    """A copy of a (Geo)DataFrame of points with the classification columns added.

    Point geometries are used (reprojected to lon/lat if the frame has another CRS); a plain
    DataFrame needs ``lon``/``lat`` column names. Non-point or empty geometries get
    ``status`` ``invalid``.
    """
    out = gdf.copy()
    if lon is not None and lat is not None:
        xs, ys = out[lon].to_numpy(), out[lat].to_numpy()
    else:
        geo = out.geometry
        if geo.crs is not None and geo.crs.to_epsg() != 4326:
            geo = geo.to_crs("OGC:CRS84")
        arr = np.asarray(geo.values, dtype=object)
        is_pt = np.asarray(shapely.get_type_id(arr) == 0) & ~shapely.is_empty(arr)
        xs = np.full(len(arr), np.nan)
        ys = np.full(len(arr), np.nan)
        xs[is_pt] = shapely.get_x(arr[is_pt])
        ys[is_pt] = shapely.get_y(arr[is_pt])
    res = classify(xs, ys, corridor)
    res.index = out.index
    for col in res.columns:
        out[col] = res[col]
    return out


def places_inside(corridor: Corridor | None = None, gazetteer=None,
                  kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """The gazetteer's settlements inside the corridor, west → east, with their classification.

    ``kinds`` defaults to populated places (cities, towns, villages, neighbourhoods): the
    representative point of a region, road or admin unit says nothing about the area itself.

    >>> inside = places_inside()
    >>> bool((inside["name_en"] == "Ariha").any()), sorted(set(inside["side"]))
    (True, ['astride', 'north', 'south'])
    """
    from gazetteer import Gazetteer
    from gazetteer.place import POPULATED

    g = gazetteer if gazetteer is not None else Gazetteer.default()
    wanted = frozenset(kinds) if kinds is not None else POPULATED
    res = classify(np.asarray(g.lon, dtype=float), np.asarray(g.lat, dtype=float), corridor)
    keep = res["in_corridor"].to_numpy(bool) & np.isin(np.asarray(g.kind, dtype=object),
                                                        list(wanted))
    rows = []
    for i in np.flatnonzero(keep):
        p = g.place(int(i))
        rows.append({"id": p.id, "name_ar": p.name_ar, "name_en": p.name_en, "kind": p.kind,
                     "admin1": p.admin1, "admin2": p.admin2, "lat": p.lat, "lon": p.lon,
                     "source": p.source})
    cols = ["side", "distance_m", "along_km", "edge_m", "accuracy_m", "near_edge"]
    out = pd.concat([pd.DataFrame(rows, columns=["id", "name_ar", "name_en", "kind", "admin1",
                                                 "admin2", "lat", "lon", "source"]),
                     res.loc[keep, cols].reset_index(drop=True)], axis=1)
    out["side"] = out["side"].astype(str)
    out["distance_m"] = out["distance_m"].round(1)
    out["edge_m"] = out["edge_m"].round(1)
    out["along_km"] = out["along_km"].round(3)
    return out.sort_values(["along_km", "id"], ignore_index=True)


__all__ = [
    "CLOSED_TOLERANCE_M",
    "COLUMNS",
    "STATUSES",
    "ClassifyIndex",
    "SegmentGrid",
    "classify",
    "classify_frame",
    "classify_index",
    "classify_partition",
    "nearest_on_polyline",
    "places_inside",
    "validate",
]
