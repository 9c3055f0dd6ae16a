"""Events store: ingest, re-ingest and read times at 1,000, 10,000 and 50,000 events.

For each size the same events table (five mentions per report, from ``bench_maps.fake_rows``)
goes into a fresh GeoPackage store with :meth:`geo.store.EventStore.ingest` (one transaction),
then again unchanged (the idempotent re-run: every event reported unchanged), and is read back
with :meth:`~geo.store.EventStore.read`. The baseline, in the same run, is what a user would
otherwise do: write the table to a GeoPackage with ``GeoDataFrame.to_file`` (pyogrio), which
neither deduplicates nor replaces, and read it with ``geopandas.read_file``. Correctness is
checked in the same run (counts, second ingest all unchanged, ids unique); peak Python memory
(tracemalloc, in a separate ingest) is printed for the ingest.

The GeoPackage store keeps an R-tree spatial index up to date with the standard triggers (as
``to_file`` does): ``no-rtree s`` is the first ingest into a store whose triggers were dropped,
the index's cost. ``window s`` reads a window of about 1% of the area with
``read(bbox=…)`` (through the R-tree); ``read+clip s`` reads everything and clips with
pandas, what a window costs without the index. Both give the same events (checked).

    python benchmarks/bench_store.py
    python benchmarks/bench_store.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def reports_for(rows: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for r in rows:
        seen.setdefault(r["report_id"], {"id": r["report_id"], "url": r["url"],
                                         "date": r["date"], "source": "bench",
                                         "text": r["excerpt"]})
    return list(seen.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000])
    args = ap.parse_args()

    import geopandas as gpd
    from bench_maps import fake_rows

    import geo
    import geo.store as S
    from geo.events import events_frame

    corridor = geo.default_corridor()
    print(f"{'events':>7} {'ingest s':>9} {'no-rtree s':>10} {'again s':>8} {'read s':>7} "
          f"{'window s':>8} {'read+clip s':>11} {'to_file s':>9} {'read_file s':>11} "
          f"{'ingest/to_file':>14} {'peak MB':>8}")
    box = (36.40, 35.75, 36.51, 35.82)        # about 1% of the fake events' area
    for n in args.sizes:
        events = events_frame(fake_rows(n), corridor=corridor)
        reports = reports_for(fake_rows(n))
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "events.gpkg")
            with S.open(os.path.join(d, "memory.gpkg")) as st:  # tracemalloc slows Python:
                tracemalloc.start()                              # peak memory in its own run
                st.ingest(reports, events)
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
            with S.open(os.path.join(d, "plain.gpkg")) as st:
                for (name,) in st.conn.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                    st.conn.execute(f'DROP TRIGGER "{name}"')
                t = time.perf_counter()
                st.ingest(reports, events)
                t_plain = time.perf_counter() - t
            with S.open(path) as st:
                t = time.perf_counter()
                first = st.ingest(reports, events)
                t_ingest = time.perf_counter() - t
                t = time.perf_counter()
                again = st.ingest(reports, events)
                t_again = time.perf_counter() - t
                t = time.perf_counter()
                back = st.read()
                t_read = time.perf_counter() - t
                t = time.perf_counter()
                window = st.read(bbox=box)
                t_window = time.perf_counter() - t
                t = time.perf_counter()
                full = st.read()
                clip = full[full["lon"].between(box[0], box[2])
                            & full["lat"].between(box[1], box[3])]
                t_clip = time.perf_counter() - t
            assert sorted(window["event_id_cnty"]) == sorted(clip["event_id_cnty"]), "window"
            assert first == S.Change(new=n), first
            assert again == S.Change(unchanged=n), again
            assert len(back) == n and back["event_id_cnty"].is_unique
            base = os.path.join(d, "baseline.gpkg")
            t = time.perf_counter()
            events.to_file(base, layer="events", driver="GPKG")
            t_base = time.perf_counter() - t
            t = time.perf_counter()
            assert len(gpd.read_file(base, layer="events")) == n
            t_base_read = time.perf_counter() - t
        print(f"{n:>7} {t_ingest:>9.2f} {t_plain:>10.2f} {t_again:>8.2f} {t_read:>7.2f} "
              f"{t_window:>8.2f} {t_clip:>11.2f} {t_base:>9.2f} {t_base_read:>11.2f} "
              f"{t_ingest / t_base:>14.1f} {peak:>8.0f}")


if __name__ == "__main__":
    main()
