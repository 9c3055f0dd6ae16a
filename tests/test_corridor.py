"""Corridor geometry: geodesic width, sides, ends, clipping to Syria."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import LineString, Point

import geo
from geo.centerline import DEFAULT_ACCURACY_M
from geo.corridor import _extend, syria_outline
from geo.io import InputError
from geo.projection import densify_geodesic, geod

WIDTH = 6000.0


@pytest.fixture(scope="module")
def corridor():
    return geo.default_corridor()


def _geodesic_distance_to(line: LineString, lon, lat, step=10.0) -> np.ndarray:
    """Exact-enough geodesic distance from points to a lon/lat line (densified to 10 m)."""
    cl = densify_geodesic(np.asarray(line.coords), step)
    g = geod()
    out = np.empty(len(lon))
    for i, (x, y) in enumerate(zip(lon, lat, strict=True)):
        out[i] = g.inv(np.full(len(cl), x), np.full(len(cl), y), cl[:, 0], cl[:, 1])[2].min()
    return out


@pytest.mark.parametrize("side", ["north", "south"])
def test_boundary_vertices_are_6_km_geodesic(corridor, side):
    """Every sampled boundary vertex that is not on the road, a cap or the border is 6000±1 m."""
    xy = shapely.get_coordinates(getattr(corridor, side))
    rng = np.random.default_rng(5)
    sample = xy[rng.choice(len(xy), size=min(400, len(xy)), replace=False)]
    d = _geodesic_distance_to(corridor.section, sample[:, 0], sample[:, 1])
    border = shapely.distance(syria_outline().boundary, shapely.points(sample)) < 1e-5
    x, y = corridor.projection.forward(sample[:, 0], sample[:, 1])
    local = shapely.points(x, y)
    on_road = shapely.distance(corridor.local["section"], local) < 0.01  # the split line
    s = shapely.line_locate_point(corridor.local["section"], local)
    cap = (s < 1.0) | (s > corridor.local["section"].length - 1.0)
    edge = ~(on_road | border | cap)
    assert edge.sum() > 100
    assert np.max(np.abs(d[edge] - WIDTH)) <= 1.0


def test_bands_are_valid_and_disjoint(corridor):
    for band in (corridor.north, corridor.south):
        assert band.is_valid and not band.is_empty
    assert corridor.north.intersection(corridor.south).area < 1e-9


def test_areas_and_clip(corridor):
    m = corridor.meta
    km = m["section_km"]
    assert 63 < km < 65
    # each band is about width × length; the clip takes ~13.5 km² off the north band
    assert 0.8 * 6 * km < m["area_km2"]["south"] < 1.1 * 6 * km
    assert 10 < m["clipped_km2"]["north"] < 20
    assert m["clipped_km2"]["south"] == pytest.approx(0.0, abs=0.01)
    assert m["area_km2"]["total"] == pytest.approx(m["area_km2"]["north"]
                                                   + m["area_km2"]["south"], abs=0.01)


def test_nothing_in_turkey(corridor):
    outline = syria_outline()
    for band in (corridor.north, corridor.south):
        assert shapely.difference(band, outline.buffer(1e-6)).area == pytest.approx(0, abs=1e-9)
    # and the unclipped corridor would have crossed the border
    unclipped = geo.build_corridor(clip=False)
    assert shapely.difference(unclipped.north, outline).area > 0


def test_north_is_left_of_the_road(corridor):
    # the north band's centroid lies north of the road's mean latitude, the south's south
    assert corridor.north.centroid.y > corridor.south.centroid.y


@pytest.mark.parametrize(("name", "lonlat"), [("Ain al-Havr", (36.16424, 35.77754)),
                                              ("Trumba", (36.76833, 35.85979))])
def test_section_ends_honoured(corridor, name, lonlat):
    """Flat caps: just inside the end along the road is in, just beyond it is out."""
    assert corridor.endpoints[name] == pytest.approx(lonlat)
    g = geod()
    sec = np.asarray(corridor.section.coords)
    if name == "Ain al-Havr":
        (lon0, lat0), (lon1, lat1) = sec[0], sec[1]
    else:
        (lon0, lat0), (lon1, lat1) = sec[-1], sec[-2]
    az_in, _, _ = g.inv(lon0, lat0, lon1, lat1)
    inside = Point(*g.fwd(lon0, lat0, az_in, 200.0)[:2])
    beyond = Point(*g.fwd(lon0, lat0, az_in + 180.0, 200.0)[:2])
    assert corridor.bands.contains(inside)
    assert not corridor.bands.contains(beyond)


def test_round_caps_reach_beyond_the_ends():
    c = geo.build_corridor(cap="round")
    flat = geo.default_corridor()
    assert c.meta["area_km2"]["total"] > flat.meta["area_km2"]["total"] + 20
    # 3 km west of Ain al-Havr along the first segment: only in the round corridor
    g = geod()
    (lon0, lat0), (lon1, lat1) = np.asarray(flat.section.coords)[:2]
    az, _, _ = g.inv(lon0, lat0, lon1, lat1)
    p = Point(*g.fwd(lon0, lat0, az + 180, 3000)[:2])
    assert c.bands.contains(p) and not flat.bands.contains(p)


def test_configurable_width_and_ends():
    c = geo.build_corridor(width_km=2, start="35.81374,36.60964", end=(36.76833, 35.85979))
    assert c.width_m == 2000
    assert 15 < c.meta["section_km"] < 20
    assert c.meta["area_km2"]["total"] == pytest.approx(2 * 2 * c.meta["section_km"], rel=0.1)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"cap": "square"}, "cap must be"),
    ({"width_km": -1}, "width must be between"),
    ({"width_km": "wide"}, "width must be a number"),
    ({"start": "33.5,36.3"}, "km from the centerline"),
])
def test_bad_parameters(kwargs, message):
    with pytest.raises(InputError, match=message):
        geo.build_corridor(**kwargs)


def test_user_centerline_geometry():
    line = LineString([(36.10, 35.77), (36.45, 35.79), (36.85, 35.87)])
    c = geo.build_corridor(centerline=line)
    assert c.meta["source"] == "user geometry"
    assert c.meta["accuracy_m"] == DEFAULT_ACCURACY_M  # not stated: the documented default
    assert "not stated" in c.meta["accuracy"]
    assert c.section.coords[0] != line.coords[0]  # cut at Ain al-Havr's projection


def test_to_geodataframe_parts(corridor):
    gdf = corridor.to_geodataframe()
    assert list(gdf["part"]) == ["north", "south", "centerline", "endpoint", "endpoint"]
    assert set(gdf.loc[gdf.part == "endpoint", "name"]) == {"Ain al-Havr", "Trumba"}
    assert gdf.crs.to_string() == "OGC:CRS84"
    # the worst vertex of the patrol section: Ariha (1500 m + 0.94 km GeoNames-Wikipedia)
    assert (gdf["accuracy_m"] == 2440).all()


def test_default_is_cached(corridor):
    assert geo.default_corridor() is corridor


def test_no_web_mercator_in_geo_code():
    root = Path(geo.__file__).parent
    for path in root.rglob("*.py"):
        assert "3857" not in path.read_text(encoding="utf-8"), path


@settings(max_examples=4, deadline=None)
@given(st.floats(0.5, 12.0), st.sampled_from(["flat", "round"]))
def test_width_property_for_other_widths(width_km, cap):
    c = geo.build_corridor(width_km=width_km, cap=cap,
                           start="35.81426,36.32062", end="35.81374,36.60964")
    w = c.width_m
    xy = np.vstack([shapely.get_coordinates(c.north), shapely.get_coordinates(c.south)])
    x, y = c.projection.forward(xy[:, 0], xy[:, 1])
    local = shapely.points(x, y)
    sec = c.local["section"]
    s = shapely.line_locate_point(sec, local)
    keep = shapely.distance(_extend(sec, 3 * w), local) > 0.01  # not the road or its cut
    if cap == "flat":
        keep &= (s > 1.0) & (s < sec.length - 1.0)
    pick = np.flatnonzero(keep)[:: max(1, keep.sum() // 60)]
    d = _geodesic_distance_to(c.section, xy[pick, 0], xy[pick, 1], step=5.0)
    assert np.max(np.abs(d - w)) <= 1.0
