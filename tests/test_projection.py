"""The local projection keeps distances geodesic near the road."""

from __future__ import annotations

import numpy as np
import pyproj
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import LineString

from geo.projection import (
    LocalProjection,
    ObliqueMercator,
    _normal_alpha,
    densify_geodesic,
    geod,
)

SECTION = LineString([(36.16424, 35.77754), (36.76833, 35.85979)])


@pytest.fixture(scope="module")
def proj() -> LocalProjection:
    return LocalProjection.for_line(SECTION)


def test_centre_maps_to_origin(proj):
    x, y = proj.forward([proj.lon0], [proj.lat0])
    assert abs(x[0]) < 1e-3 and abs(y[0]) < 1e-3


def test_roundtrip(proj):
    lon = np.array([36.0, 36.5, 37.0])
    lat = np.array([35.6, 35.9, 36.1])
    back = proj.inverse(*proj.forward(lon, lat))
    np.testing.assert_allclose(back[0], lon, atol=1e-9)
    np.testing.assert_allclose(back[1], lat, atol=1e-9)


def test_not_web_mercator(proj):
    assert "omerc" in proj.proj4 and "merc " not in proj.proj4.replace("omerc", "")


@settings(max_examples=60, deadline=None)
@given(lon1=st.floats(35.9, 37.0), lat1=st.floats(35.55, 36.1),
       az=st.floats(0, 360), dist=st.floats(100, 20_000))
def test_projected_distance_is_geodesic(proj, lon1, lat1, az, dist):
    """Within ~40 km of the section, scale-corrected planar distance = geodesic to < 1 cm/km."""
    lon2, lat2, _ = geod().fwd(lon1, lat1, az, dist)
    x, y = proj.forward([lon1, lon2], [lat1, lat2])
    d = proj.true_distance(x[0], y[0], x[1], y[1])
    assert abs(float(d) - dist) < max(0.01, dist * 1e-5)


def test_scale_is_one_on_central_line(proj):
    x, y = proj.forward(*np.asarray(SECTION.coords).T)
    assert np.all(np.abs(proj.scale(x, y) - 1) < 1e-8)


@pytest.mark.parametrize(("azimuth", "expected"), [(80, 80), (260, 80), (-100, 80), (90, 90),
                                                   (270, 90), (-90, 90), (10, 10), (190, 10)])
def test_alpha_normalised(azimuth, expected):
    assert _normal_alpha(azimuth) == pytest.approx(expected)


def test_densify_geodesic_keeps_ends_and_spacing():
    coords = np.asarray(SECTION.coords)
    dense = densify_geodesic(coords, 500.0)
    np.testing.assert_allclose(dense[0], coords[0])
    np.testing.assert_allclose(dense[-1], coords[-1])
    _, _, steps = geod().inv(dense[:-1, 0], dense[:-1, 1], dense[1:, 0], dense[1:, 1])
    assert steps.max() <= 500.0 + 1e-6


@pytest.mark.parametrize("alpha", [80.509470684, -45.0, 10.0, 89.9, -89.9])
def test_numpy_forward_is_proj_to_nanometres(alpha):
    """The numpy oblique Mercator gives PROJ's numbers, over Syria and a good way beyond."""
    p = LocalProjection.make(36.466, 35.819, alpha)
    rng = np.random.default_rng(14)
    lon, lat = rng.uniform(30.0, 50.0, 200_000), rng.uniform(25.0, 45.0, 200_000)
    x, y = p.forward(lon, lat)
    xp, yp = pyproj.Transformer.from_crs(4326, p.crs, always_xy=True).transform(lon, lat)
    assert p._omerc is not None  # the numpy path ran
    assert np.abs(x - xp).max() < 1e-6 and np.abs(y - yp).max() < 1e-6


def test_numpy_forward_leaves_what_it_cannot_answer_to_proj(proj):
    lon = np.array([0.0, 36.0, np.nan, 36.5, 36.5])
    lat = np.array([90.0, -90.0, 35.0, np.inf, 35.8])
    x, y = proj.forward(lon, lat)
    xp, yp = proj._fwd.transform(lon, lat)
    np.testing.assert_array_equal(np.isfinite(x), np.isfinite(xp))
    ok = np.isfinite(xp)
    np.testing.assert_allclose(x[ok], np.asarray(xp)[ok], rtol=0, atol=1e-6)
    np.testing.assert_allclose(y[ok], np.asarray(yp)[ok], rtol=0, atol=1e-6)


def test_numpy_forward_refuses_another_projection():
    crs = pyproj.CRS.from_epsg(32637)  # UTM 37N: not an oblique Mercator
    with pytest.raises(ValueError, match="oblique Mercator"):
        ObliqueMercator.of(crs, pyproj.Transformer.from_crs(4326, crs, always_xy=True))


def test_numpy_forward_far_longitudes_take_the_general_path(proj):
    """A block with a point more than ~90° of longitude away uses cos and atan2, as PROJ."""
    rng = np.random.default_rng(15)
    lon = np.r_[rng.uniform(20.0, 55.0, 10_000), 150.0, -100.0]
    lat = np.r_[rng.uniform(20.0, 50.0, 10_000), 10.0, -20.0]
    x, y = proj.forward(lon, lat)
    xp, yp = proj._fwd.transform(lon, lat)
    assert np.abs(x - xp)[:-2].max() < 1e-6 and np.abs(y - yp)[:-2].max() < 1e-6
    np.testing.assert_allclose(x[-2:], xp[-2:], rtol=1e-9)
    np.testing.assert_allclose(y[-2:], yp[-2:], rtol=1e-9)


def test_numpy_forward_keeps_shapes_and_inputs(proj):
    lon, lat = np.array([[36.1, 36.5], [36.9, 37.0]]), np.array([[35.7, 35.8], [35.9, 36.0]])
    before = lon.copy(), lat.copy()
    x, y = proj.forward(lon, lat)
    assert x.shape == y.shape == (2, 2)
    np.testing.assert_array_equal(lon, before[0])  # evaluated on temporaries, never in place
    np.testing.assert_array_equal(lat, before[1])
    x0, y0 = proj.forward(36.5, 35.8)
    assert np.ndim(x0) == 0 and float(x0) == pytest.approx(x[0, 1], abs=1e-9)
    assert float(y0) == pytest.approx(y[0, 1], abs=1e-9)
