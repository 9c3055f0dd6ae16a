"""Classify 1,000,000 random points over north-west Syria; baseline: geopandas.sjoin.

    python benchmarks/bench_classify.py [N]

Prints points/s for the baseline (``geopandas.sjoin(points, bands, predicate="within")``, with
and without building the point GeoDataFrame), for ``geo.classify(..., metrics=False)`` (in/out
and side) and for the full classification (with distance, along_km, edge), and the ratios.
Targets (issue 5): in/out + side ≥ 3× the baseline; full ≥ 1 M points/s on one core.
"""

from __future__ import annotations

import sys
import time

import geopandas as gpd
import numpy as np

import geo
from geo.classification import classify

REGION = (35.7, 35.3, 37.3, 36.45)  # lon/lat box of the gazetteer's NW Syria subset


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main(n: int = 1_000_000) -> None:
    rng = np.random.default_rng(2020)
    lon = rng.uniform(REGION[0], REGION[2], n)
    lat = rng.uniform(REGION[1], REGION[3], n)
    c = geo.default_corridor()
    classify(lon[:100], lat[:100])  # warm caches (outline, prepared bands, transformer)
    bands = gpd.GeoDataFrame({"side": ["north", "south"]}, geometry=[c.north, c.south],
                             crs="OGC:CRS84")

    def baseline_total():
        pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="OGC:CRS84")
        return gpd.sjoin(pts, bands, predicate="within", how="left")

    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="OGC:CRS84")
    t_sjoin, joined = best_of(lambda: gpd.sjoin(pts, bands, predicate="within", how="left"), 2)
    t_base, _ = best_of(baseline_total, 2)
    t_fast, fast = best_of(lambda: classify(lon, lat, c, metrics=False))
    t_full, full = best_of(lambda: classify(lon, lat, c))

    # same answers as the baseline
    base_side = joined["side"].reindex(range(n)).astype(object).where(joined["side"].notna())
    agree = np.mean(base_side.fillna("-").to_numpy() == fast["side"].astype(object)
                    .fillna("-").to_numpy())

    def rate(t):
        return f"{n / t / 1e6:6.2f} M points/s ({t:.3f} s)"

    print(f"{n:,} random points over {REGION}; {full['in_corridor'].mean():.1%} in the corridor")
    print(f"baseline sjoin(within), points prebuilt:   {rate(t_sjoin)}")
    print(f"baseline points_from_xy + sjoin(within):   {rate(t_base)}")
    print(f"geo.classify(metrics=False) in/out + side: {rate(t_fast)}")
    print(f"geo.classify full (distance, along, edge): {rate(t_full)}")
    print(f"ratio in/out+side vs sjoin alone:          {t_sjoin / t_fast:5.1f}x (target >= 3x)")
    print(f"ratio in/out+side vs points + sjoin:       {t_base / t_fast:5.1f}x")
    print(f"ratio full vs sjoin alone:                 {t_sjoin / t_full:5.1f}x")
    print(f"full classification: {n / t_full / 1e6:.2f} M points/s (target >= 1)")
    print(f"side agreement with sjoin: {agree:.6%}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
