"""Vectorised classification: towns, sides, statuses, geodesic distances, edges."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import Point

import geo
from geo.classification import COLUMNS, classify, classify_frame
from geo.projection import densify_geodesic, geod

# GeoNames / Who's On First town centres (lon, lat)
TOWNS = {
    "Jisr al-Shughur": (36.31983, 35.81418),
    "Muhambal": (36.4721, 35.78735),
    "Urum al-Jawz": (36.56668, 35.79192),
    "Ariha": (36.60964, 35.81374),
    "Idlib": (36.63393, 35.93062),
    "Kafr Nabl": (36.56449, 35.61376),
    "Maarat al-Numan": (36.67693, 35.6483),
    "Latakia": (35.79088, 35.53125),
    "Aleppo": (37.16117, 36.20124),
}
INSIDE = ["Jisr al-Shughur", "Muhambal", "Urum al-Jawz", "Ariha"]
OUTSIDE = ["Idlib", "Kafr Nabl", "Maarat al-Numan", "Latakia", "Aleppo"]


@pytest.fixture(scope="module")
def towns() -> pd.DataFrame:
    lon, lat = np.array(list(TOWNS.values())).T
    df = classify(lon, lat)
    df.index = list(TOWNS)
    return df


def test_columns(towns):
    assert tuple(towns.columns) == COLUMNS
    assert (towns["status"] == "ok").all()


@pytest.mark.parametrize("town", INSIDE)
def test_towns_on_the_road_are_inside(towns, town):
    assert towns.loc[town, "in_corridor"]
    assert towns.loc[town, "corridor_status"] == "inside"
    # the line joins these towns' centres: closer to it than its accuracy, so astride
    assert towns.loc[town, "distance_m"] < towns.loc[town, "accuracy_m"]
    assert towns.loc[town, "side"] == "astride"
    assert towns.loc[town, "edge_m"] > 0


@pytest.mark.parametrize("town", OUTSIDE)
def test_towns_off_the_road_are_outside(towns, town):
    assert not towns.loc[town, "in_corridor"]
    assert pd.isna(towns.loc[town, "side"])
    assert towns.loc[town, "edge_m"] < 0
    assert towns.loc[town, "distance_m"] > 6000 or towns.loc[town, "along_km"] < 0 \
        or towns.loc[town, "along_km"] > 63.87


def test_three_km_north_of_ariha_is_north():
    lon, lat = TOWNS["Ariha"]
    plon, plat, _ = geod().fwd(lon, lat, 0.0, 3000.0)
    r = classify([plon], [plat]).iloc[0]
    assert r["in_corridor"] and r["side"] == "north"
    s = classify(*geod().fwd(lon, lat, 180.0, 3000.0)[:2]).iloc[0]
    assert s["in_corridor"] and s["side"] == "south"


def test_along_km_runs_from_ain_al_havr():
    c = geo.default_corridor()
    ends = np.array([c.endpoints["Ain al-Havr"], c.endpoints["Trumba"]])
    r = classify(ends[:, 0], ends[:, 1])
    assert r["along_km"].iloc[0] == pytest.approx(0.0, abs=1e-3)
    assert r["along_km"].iloc[1] == pytest.approx(c.meta["section_km"], abs=0.01)
    inward = classify(*np.array([geod().fwd(*ends[0], 80.0, 50.0)[:2],
                                 geod().fwd(*ends[1], 260.0, 50.0)[:2]]).T)
    assert inward["in_corridor"].all()
    # before the western end: negative; Saraqib (east of Trumba): beyond the section length
    before = classify([36.10], [35.77]).iloc[0]
    assert before["along_km"] < 0 and not before["in_corridor"]
    saraqib = classify([36.80591], [35.86447]).iloc[0]
    assert saraqib["along_km"] > c.meta["section_km"] and not saraqib["in_corridor"]


def _geodesic_to_section(lon, lat):
    c = geo.default_corridor()
    cl = densify_geodesic(np.asarray(c.section.coords), 5.0)
    g = geod()
    return np.array([g.inv(np.full(len(cl), x), np.full(len(cl), y), cl[:, 0], cl[:, 1])[2].min()
                     for x, y in zip(lon, lat, strict=True)])


def test_distance_agrees_with_geod_within_20_km():
    rng = np.random.default_rng(7)
    c = geo.default_corridor()
    sec = np.asarray(c.section.coords)
    # points scattered around the section, up to ~20 km from it
    k = rng.integers(0, len(sec) - 1, 150)
    t = rng.uniform(0, 1, 150)
    base = sec[k] + t[:, None] * (sec[k + 1] - sec[k])
    lon, lat, _ = geod().fwd(base[:, 0], base[:, 1], rng.uniform(0, 360, 150),
                             rng.uniform(0, 20_000, 150))
    got = classify(lon, lat)["distance_m"].to_numpy()
    want = _geodesic_to_section(lon, lat)
    # the reference uses vertices 5 m apart: it can overshoot by ~5²/8d m near the road
    assert np.max(np.abs(got - want)) < 1.0


@settings(max_examples=25, deadline=None)
@given(st.floats(0.02, 0.98), st.floats(200, 11_000), st.sampled_from([90.0, -90.0]))
def test_edge_matches_distance_along_the_sides(frac, offset, turn):
    """Perpendicular to the road, mid-section: edge_m = 6000 - distance, side by direction."""
    c = geo.default_corridor()
    p = c.projection
    local = c.local["section"]
    q = local.interpolate(frac * local.length)
    a = local.interpolate(max(frac * local.length - 1, 0))
    lon0, lat0 = p.inverse([q.x], [q.y])
    lona, lata = p.inverse([a.x], [a.y])
    heading, _, _ = geod().inv(lona[0], lata[0], lon0[0], lat0[0])
    lon, lat, _ = geod().fwd(lon0[0], lat0[0], heading - turn, offset)
    r = classify([lon], [lat]).iloc[0]
    if r["status"] != "ok" or r["distance_m"] < offset - 5:  # border clip / near a bend
        return
    if r["in_corridor"] and r["distance_m"] >= r["accuracy_m"]:
        assert r["side"] == ("north" if turn == 90.0 else "south")
    elif r["in_corridor"]:
        assert r["side"] == "astride"
    if r["distance_m"] < 5990 and r["edge_m"] > 0 and r["status"] == "ok":
        assert r["edge_m"] <= 6000 - r["distance_m"] + 1e-6
    if r["distance_m"] > 6010:
        assert not r["in_corridor"] and r["edge_m"] < 0


def test_near_edge_uses_centerline_accuracy():
    lon, lat = TOWNS["Ariha"]
    near = geod().fwd(lon, lat, 0.0, 5500.0)[:2]
    far = geod().fwd(lon, lat, 0.0, 1000.0)[:2]
    r = classify([near[0], far[0]], [near[1], far[1]])
    assert list(r["near_edge"]) == [True, False]


def test_statuses_per_row_and_valid_rows_kept():
    lon = [36.60964, np.nan, 200.0, 2.35, 35.81374, 36.2, "abc", None]
    lat = [35.81374, 35.8, 35.8, 48.85, 36.60964, 36.4, 35.8, 35.8]
    r = classify(lon, lat)
    assert list(r["status"]) == ["ok", "invalid", "out_of_range", "outside_syria_bounds",
                                 "outside_syria", "outside_syria", "invalid", "invalid"]
    assert r["in_corridor"].tolist() == [True] + [False] * 7
    assert r["distance_m"].iloc[1:4].isna().all()


def test_swapped_far_from_bounds():
    # Damascus with lat/lon swapped: (lon=33.51, lat=36.29) is far outside Syria's box
    r = classify([33.51], [36.29]).iloc[0]
    assert r["status"] == "swapped" and not r["in_corridor"]


def test_nothing_in_turkey_is_inside():
    rng = np.random.default_rng(3)
    lon = rng.uniform(36.1, 36.5, 20_000)
    lat = rng.uniform(35.8, 36.0, 20_000)
    r = classify(lon, lat)
    assert not r.loc[r["status"] == "outside_syria", "in_corridor"].any()
    assert r["in_corridor"].any()


def test_empty_and_mismatched():
    assert len(classify([], [])) == 0
    with pytest.raises(ValueError, match="differ in length"):
        classify([1.0, 2.0], [1.0])


def test_agrees_with_shapely_within():
    c = geo.default_corridor()
    rng = np.random.default_rng(11)
    lon = rng.uniform(36.0, 36.9, 5000)
    lat = rng.uniform(35.65, 36.0, 5000)
    r = classify(lon, lat)
    pts = gpd.GeoSeries([Point(x, y) for x, y in zip(lon, lat, strict=True)])
    north, south = pts.within(c.north).to_numpy(), pts.within(c.south).to_numpy()
    assert r["in_corridor"].tolist() == (north | south).tolist()
    banded = r["side"].isin(["north", "south"]).to_numpy()
    assert ((r["side"] == "north").to_numpy()[banded] == north[banded]).all()
    assert ((r["side"] == "south").to_numpy()[banded] == south[banded]).all()
    # astride: exactly the inside points closer to the line than its accuracy
    astride = (r["side"] == "astride").to_numpy()
    assert (astride == (r["in_corridor"] & (r["distance_m"] < r["accuracy_m"]))).all()
    assert astride.any() and banded.any()


def test_metrics_false_is_the_fast_path():
    r = classify([36.60964], [35.84], metrics=False).iloc[0]
    assert r["in_corridor"] and r["side"] == "north" and r["corridor_status"] == "inside"
    assert "distance_m" not in r and "accuracy_m" not in r


def _same_answers(lon, lat, corridor=None) -> pd.DataFrame:
    """Assert that metrics=False answers as metrics=True does (the band where it says astride);
    return the metrics=True frame."""
    fast = classify(lon, lat, corridor, metrics=False)
    full = classify(lon, lat, corridor)
    for col in ("status", "in_corridor", "corridor_status"):
        assert fast[col].tolist() == full[col].tolist(), col
    side, want = fast["side"].astype(object), full["side"].astype(object)
    astride = (want == "astride").to_numpy()
    assert side[~astride].tolist() == want[~astride].tolist()
    assert side[astride].isin(["north", "south"]).all()
    return full


def test_metrics_false_says_beyond_as_metrics_do_across_syria():
    from geo.classification import SYRIA_BOUNDS

    rng = np.random.default_rng(5)
    w, s, e, n = SYRIA_BOUNDS
    lon = np.r_[rng.uniform(w - 0.5, e + 0.5, 150_000), rng.uniform(35.7, 37.3, 150_000)]
    lat = np.r_[rng.uniform(s - 0.5, n + 0.5, 150_000), rng.uniform(35.3, 36.45, 150_000)]
    full = _same_answers(lon, lat)
    counts = full["corridor_status"].value_counts()
    assert counts["beyond_west_end"] > 100 and counts["beyond_east_end"] > 100
    assert counts["inside"] > 100 and (full["status"] != "ok").any()


@pytest.mark.parametrize("width_km", [6, 1])
def test_metrics_false_says_beyond_as_metrics_do_at_both_ends(width_km):
    """Points around both ends, and on the end strips' edges to a millimetre."""
    from geo.classification import classify_index

    c = geo.default_corridor() if width_km == 6 else geo.build_corridor(width_km=width_km)
    ix, w = classify_index(c), c.width_m
    rng = np.random.default_rng(width_km)
    xs, ys = [], []
    for p, u in ((ix.p0, -ix.u0), (ix.p1, ix.u1)):  # away from the section past each end
        nrm = np.array([-u[1], u[0]])
        ahead = np.r_[rng.uniform(-2 * w, 4 * w, 20_000), np.full(400, 1e-3), np.zeros(50),
                      rng.uniform(0, 3 * w, 400)]
        across = np.r_[rng.uniform(-2 * w, 2 * w, 20_000), rng.uniform(-w, w, 400),
                       rng.uniform(-w, w, 50),
                       np.where(rng.random(400) < 0.5, -1, 1) * (w + rng.uniform(-1e-3, 1e-3,
                                                                                 400))]
        xy = p + ahead[:, None] * u + across[:, None] * nrm
        xs.append(xy[:, 0])
        ys.append(xy[:, 1])
    lon, lat = c.projection.inverse(np.concatenate(xs), np.concatenate(ys))
    full = _same_answers(lon, lat, c)
    counts = full["corridor_status"].value_counts()
    assert (counts[["beyond_west_end", "beyond_east_end", "inside", "outside"]] > 1000).all()


def test_round_caps_have_nothing_beyond_either_way():
    c = geo.build_corridor(cap="round")
    rng = np.random.default_rng(3)
    full = _same_answers(rng.uniform(35.7, 37.3, 50_000), rng.uniform(35.3, 36.45, 50_000), c)
    assert not full["corridor_status"].astype(str).str.startswith("beyond").any()


def test_classify_frame_and_geo_attribute():
    gdf = gpd.GeoDataFrame({"name": ["Ariha", "Idlib", "poly"]},
                           geometry=[Point(TOWNS["Ariha"]), Point(TOWNS["Idlib"]),
                                     Point(0, 0).buffer(1)], crs="EPSG:4326")
    out = classify_frame(gdf.to_crs(32637))
    assert out["in_corridor"].tolist() == [True, False, False]
    assert out["status"].tolist()[2] == "invalid"
    assert "name" in out and len(out) == 3
    import geo.classification  # the submodule import must not hide the function

    assert callable(geo.classify)
    assert geo.classify([36.60964], [35.81374])["in_corridor"].iloc[0]


def test_user_corridor_is_used():
    narrow = geo.build_corridor(width_km=1)
    lon, lat = geod().fwd(*TOWNS["Ariha"], 0.0, 3000.0)[:2]
    assert not classify([lon], [lat], narrow)["in_corridor"].iloc[0]
    assert classify([lon], [lat])["in_corridor"].iloc[0]


def test_distance_is_geodesic_far_from_the_road_too():
    lon, lat = np.array([[36.29, 33.51], [40.0, 35.3], [37.16117, 36.20124]]).T  # Damascus …
    got = classify(lon, lat)["distance_m"].to_numpy()
    want = _geodesic_to_section(lon, lat)
    assert np.max(np.abs(got - want)) < 1.0


def test_outline_grid_matches_exact_point_in_polygon():
    from shapely import contains_xy

    from geo.classification import validate
    from geo.corridor import syria_outline

    rng = np.random.default_rng(9)
    lon = rng.uniform(35.6, 37.5, 50_000)
    lat = rng.uniform(35.5, 37.0, 50_000)  # the north-west border and the coast
    _, _, code = validate(lon, lat)
    exact = contains_xy(syria_outline(), lon, lat)
    assert ((code == 0) == exact).all()


def test_places_inside_lists_settlements_west_to_east():
    from geo.classification import places_inside

    inside = places_inside()
    assert inside["along_km"].is_monotonic_increasing
    assert set(inside["kind"]) <= {"city", "town", "village", "neighbourhood"}
    assert set(inside["side"]) == {"north", "south", "astride"}
    names = set(inside["name_en"])
    assert {"Ariha", "Bdama"} <= names and "Idlib" not in names
    assert (inside["distance_m"] <= 6000.5).all()
    narrow = places_inside(geo.build_corridor(width_km=2))
    assert len(narrow) < len(inside) and set(narrow["id"]) <= set(inside["id"])


def test_blocks_give_the_same_answer_as_one_block(monkeypatch):
    import geo.classification as gc

    rng = np.random.default_rng(5)
    lon = np.r_[rng.uniform(36.0, 36.9, 3000), [np.nan, 200.0]]
    lat = np.r_[rng.uniform(35.65, 36.0, 3000), [35.8, 35.8]]
    whole = classify(lon, lat)
    monkeypatch.setattr(gc, "BLOCK", 701)
    blocks = classify(lon, lat)
    pd.testing.assert_frame_equal(whole, blocks)
    assert blocks["corridor_status"].tolist()[-2:] == ["unlocated", "unlocated"]


def test_partition_keeps_the_index_and_a_fixed_schema():
    import pickle

    from geo.classification import classify_partition
    from geo.zones import default_zone

    part = pd.DataFrame({"x": [36.6096, 36.63, None], "y": [35.8407, 35.93, 35.9]},
                        index=[10, 11, 12])
    out = classify_partition(part, lon="x", lat="y")
    assert list(out.index) == [10, 11, 12]
    assert out["corridor_status"].tolist() == ["inside", "outside", "unlocated"]
    empty = classify_partition(part.iloc[:0], lon="x", lat="y")
    assert list(empty.columns) == list(out.columns)
    assert (empty.dtypes == out.dtypes).all()
    assert list(out["side"].cat.categories) == ["north", "south", "astride"]
    zone = pickle.loads(pickle.dumps(default_zone()))  # what a cluster ships to its workers
    pd.testing.assert_frame_equal(classify_partition(part, "x", "y", zone=zone), out)


@pytest.mark.slow
def test_partition_on_a_local_dask_cluster():
    dd = pytest.importorskip("dask.dataframe", reason="the [dask] extra is not installed")
    distributed = pytest.importorskip("distributed")
    from geo.classification import classify_partition

    rng = np.random.default_rng(3)
    df = pd.DataFrame({"lon": rng.uniform(36.0, 36.9, 20_000),
                       "lat": rng.uniform(35.65, 36.0, 20_000)})
    ddf = dd.from_pandas(df, npartitions=4)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster, \
            distributed.Client(cluster):
        got = ddf.map_partitions(classify_partition, zone="m4-2020",
                                 meta=classify_partition(df.iloc[:0])).compute()
    want = classify(df["lon"], df["lat"])
    pd.testing.assert_frame_equal(got.sort_index(), want)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 60), st.integers(0, 2**31))
def test_segment_grid_finds_the_nearest_segment(n_segments, seed):
    """The grid's few candidates give the brute-force answer: same distance (a tie may pick
    either segment), inside the grid and outside it."""
    from geo.classification import SegmentGrid, nearest_on_polyline

    rng = np.random.default_rng(seed)
    line = np.cumsum(rng.normal(0, 3000, (n_segments + 1, 2)), axis=0)
    a, b = line[:-1], line[1:]
    lo, hi = line.min(axis=0) - 20_000, line.max(axis=0) + 20_000
    grid = SegmentGrid(a, b, (*lo, *hi), max_cells=int(rng.integers(4, 5000)))
    x = rng.uniform(lo[0] - 30_000, hi[0] + 30_000, 3000)  # some beyond the grid
    y = rng.uniform(lo[1] - 30_000, hi[1] + 30_000, 3000)
    seg, t, ex, ey = grid.nearest(x, y)
    d = b - a
    _, _, want = nearest_on_polyline(x, y, a, b, np.einsum("ij,ij->i", d, d))
    np.testing.assert_allclose(np.hypot(ex, ey), np.sqrt(want), rtol=1e-9, atol=1e-6)
    # (ex, ey) is the offset from the nearest point, which lies on segment seg at t
    q = a[seg] + t[:, None] * d[seg]
    np.testing.assert_allclose(q[:, 0] + ex, x, atol=1e-6)
    np.testing.assert_allclose(q[:, 1] + ey, y, atol=1e-6)
    assert ((t >= 0) & (t <= 1)).all()


def test_metrics_of_a_many_vertex_centerline_match_geod():
    """A wiggly user line of 600 vertices: distances stay geodesic (the grid has many
    candidates per cell near the line)."""
    from shapely import LineString

    xs = np.linspace(36.25, 36.7, 600)
    line = LineString(np.c_[xs, 35.8 + 0.01 * np.sin(np.linspace(0, 30, 600))])
    c = geo.build_corridor(2, centerline=line)
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(36.1, 36.9, 60), rng.uniform(35.6, 36.0, 60)
    got = classify(lon, lat, c)["distance_m"].to_numpy()
    dense = densify_geodesic(np.asarray(c.section.coords), 5.0)
    g = geod()
    want = np.array([g.inv(np.full(len(dense), x), np.full(len(dense), y), dense[:, 0],
                           dense[:, 1])[2].min() for x, y in zip(lon, lat, strict=True)])
    assert np.max(np.abs(got - want)) < 1.0


def test_answers_with_the_numpy_projection_are_proj_s(monkeypatch):
    """Every answer column is what PROJ's own transform gives: statuses, sides and flags
    equal, distances, edges and positions along to a micrometre."""
    from geo.projection import LocalProjection

    rng = np.random.default_rng(14)
    lon = np.r_[rng.uniform(35.55, 42.45, 60_000), rng.uniform(36.1, 36.85, 60_000)]
    lat = np.r_[rng.uniform(32.25, 37.4, 60_000), rng.uniform(35.7, 35.95, 60_000)]
    c = geo.default_corridor()
    fast = classify(lon, lat, c)
    assert c.projection._omerc is not None  # the numpy path answered
    monkeypatch.setattr(LocalProjection, "_omerc", property(lambda self: None))  # PROJ only
    slow = classify(lon, lat, c)
    for col in ("status", "in_corridor", "corridor_status", "side", "near_edge"):
        pd.testing.assert_series_equal(fast[col], slow[col])
    for col, tol in (("distance_m", 1e-6), ("edge_m", 1e-6), ("accuracy_m", 1e-6),
                     ("along_km", 1e-9)):
        np.testing.assert_allclose(fast[col], slow[col], rtol=0, atol=tol)


def test_validate_all_in_syria_box_is_the_general_path():
    """A block wholly inside Syria's box skips the range tests; a NaN, a far or a swapped
    point sends it the general way: the codes of the other rows are the same either way."""
    from geo.classification import SYRIA_BOUNDS, validate

    rng = np.random.default_rng(3)
    lon = rng.uniform(SYRIA_BOUNDS[0], SYRIA_BOUNDS[2], 20_000)
    lat = rng.uniform(SYRIA_BOUNDS[1], SYRIA_BOUNDS[3], 20_000)
    _, _, fast = validate(lon, lat)
    for extra_lon, extra_lat, status in ((np.nan, 35.0, "invalid"), (10.0, 50.0,
                                         "outside_syria_bounds"), (35.0, 38.0, "swapped")):
        _, _, code = validate(np.r_[lon, extra_lon], np.r_[lat, extra_lat])
        np.testing.assert_array_equal(code[:-1], fast)
        assert geo.classification.STATUSES[code[-1]] == status


def test_few_points_get_the_outline_answer_the_raster_gives(monkeypatch):
    # below SMALL_BATCH the outline is tested directly: the same codes as through the raster,
    # also for points on and near Syria's border
    from geo import classification as C
    from geo.corridor import syria_outline

    rng = np.random.default_rng(7)
    outline = syria_outline()
    biggest = max(getattr(outline, "geoms", [outline]), key=lambda g: g.area)
    ring = np.asarray(biggest.exterior.coords)[::40]
    lon = np.concatenate([rng.uniform(35.5, 42.5, 500), ring[:, 0], ring[:, 0] + 1e-7])
    lat = np.concatenate([rng.uniform(32.3, 37.3, 500), ring[:, 1], ring[:, 1] - 1e-7])
    monkeypatch.setattr(C, "SMALL_BATCH", 10**9)
    direct = C.validate(lon, lat)[2]
    monkeypatch.setattr(C, "SMALL_BATCH", 0)
    raster = C.validate(lon, lat)[2]
    assert (direct == raster).all() and (direct == C.STATUSES.index("outside_syria")).any()
