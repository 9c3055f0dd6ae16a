"""The events store (geo.store): idempotent ingest, replaced reports, kills, concurrency, maps.

Every scenario runs against each back-end: a GeoPackage in a temporary folder, and a real
PostgreSQL + PostGIS started from a fixture on 127.0.0.1 (skipped, with the reason, where the
Debian packages ``postgresql`` and ``postgis`` are not installed).
"""

from __future__ import annotations

import glob
import json
import os
import pickle
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

import geo.store as S
from geo.events import extract_events

ROOT = Path(__file__).resolve().parents[1]
TOWNS = ["سراقب", "معرة النعمان", "أريحا", "جسر الشغور", "كفرنبل", "خان شيخون", "سرمين",
         "الأتارب", "دارة عزة", "تفتناز"]


def make_reports(n: int = 100) -> list[dict]:
    """``n`` reports, two towns each, dated through 2020 (month i % 12 + 1)."""
    return [{"id": f"r{i:03d}", "date": f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}",
             "url": f"https://example.org/news/{i}?a=1&b=2", "source": "test",
             "text": f"قصف مدفعي على {TOWNS[i % 10]} و{TOWNS[(i * 3 + 1) % 10]} "
                     f"في ريف إدلب الجنوبي صباح اليوم"} for i in range(n)]


@pytest.fixture(scope="module")
def batch(corridor):
    """100 reports and the events `extract_events` builds for them."""
    reports = make_reports()
    return reports, extract_events(reports, corridor=corridor)


# ------------------------------------------------------------------ PostGIS server

def _pg_bindir() -> str | None:
    found = shutil.which("pg_ctl")
    if found:
        return os.path.dirname(os.path.realpath(found))
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    return dirs[-1] if dirs and os.path.exists(os.path.join(dirs[-1], "pg_ctl")) else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgis_server():
    """A throwaway PostgreSQL cluster with PostGIS on 127.0.0.1; yields its base URL."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'm4-geo[postgis]')")
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (apt-get install postgresql postgis)")
    if not glob.glob("/usr/share/postgresql/*/extension/postgis.control"):
        pytest.skip("PostGIS is not installed for PostgreSQL (apt-get install postgis)")
    prefix: list[str] = []
    root = tempfile.mkdtemp(prefix="geo-pg-")
    if os.geteuid() == 0:  # the server refuses to run as root: run it as the postgres user
        import pwd

        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run the server")
        os.chown(root, pw.pw_uid, pw.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = os.path.join(root, "data")
    port = _free_port()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120,
                              cwd=root)

    init = run(os.path.join(bindir, "initdb"), "-D", data, "-A", "trust", "-U", "postgres",
               "-E", "UTF8", "--no-sync")
    if init.returncode:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"initdb failed: {init.stderr.strip().splitlines()[-1:]}")
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    start = run(os.path.join(bindir, "pg_ctl"), "-D", data, "-l", os.path.join(root, "log"),
                "-o", opts, "-w", "-t", "60", "start")
    if start.returncode:
        log = Path(root, "log").read_text(errors="replace") if Path(root, "log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {(start.stderr + log).strip()[-300:]}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        run(os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


_DB_COUNTER = iter(range(10_000))


@pytest.fixture
def postgis_url(postgis_server):
    """A fresh database with the PostGIS extension."""
    import psycopg

    name = f"events_{next(_DB_COUNTER)}"
    with psycopg.connect(postgis_server + "/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = f"{postgis_server}/{name}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION postgis")
    return url


@pytest.fixture(params=["gpkg", "postgis"])
def target(request, tmp_path):
    """The store target of each back-end."""
    if request.param == "gpkg":
        return str(tmp_path / "events.gpkg")
    return request.getfixturevalue("postgis_url")


def ids_and_hashes(target: str) -> dict[str, tuple]:
    with S.open(target, create=False) as st:
        df = st.read()
    return {e: (r, x, round(y, 6)) for e, r, x, y in
            zip(df["event_id_cnty"], df["report_id"], df["excerpt"], df["lon"], strict=True)}


# ------------------------------------------------------------------ the scenarios

def test_sample_twice_same_events(target, corridor):
    from geo.maps import example_report

    report = example_report()
    events = extract_events([report], corridor=corridor)
    with S.open(target) as st:
        first = st.ingest([report], events)
        n = st.count()
        second = st.ingest([report], events)
        assert st.count() == n == len(events)
        assert st.report_count() == 1
        out = st.read()
    assert first == S.Change(new=len(events))
    assert second == S.Change(unchanged=len(events))
    assert not second.changed
    assert out["event_id_cnty"].is_unique
    # values survive the round trip: types, geometry, nulls
    assert out["resolved"].dtype == bool
    assert list(out["start"]) == sorted(events["start"])
    assert out.crs.to_epsg() == 4326
    located = out[out["resolved"]]
    assert (located.geometry.x.round(6) == located["lon"].round(6)).all()
    assert (out.geometry.isna() == events.sort_values("start").geometry.isna().to_numpy()).all()
    assert out.geometry.isna().any()


def test_changed_text_replaces_only_that_reports_events(target, batch, corridor):
    reports, events = batch
    with S.open(target) as st:
        assert st.ingest(reports, events) == S.Change(new=len(events))
        before = ids_and_hashes(target)
        changed = [dict(r) for r in reports]
        changed[37]["text"] += " ثم قصف على سرمين"
        new_events = extract_events(changed, corridor=corridor)
        change = st.ingest(changed, new_events)
        assert st.report_count() == 100
    after = ids_and_hashes(target)
    old_37 = {k for k, v in before.items() if v[0] == "r037"}
    new_37 = {k for k, v in after.items() if v[0] == "r037"}
    assert new_37 == set(new_events.loc[new_events["report_id"] == "r037", "event_id_cnty"])
    assert len(new_37) == len(old_37) + 1            # the added sentence names one more town
    others = {k: v for k, v in before.items() if v[0] != "r037"}
    assert {k: v for k, v in after.items() if v[0] != "r037"} == others
    assert change.new == 1 and change.removed == 0
    assert change.updated == sum(before[k] != after[k] for k in old_37) > 0
    assert change.unchanged == len(events) - change.updated


def test_events_of_a_report_can_disappear(target, batch):
    reports, events = batch
    with S.open(target) as st:
        st.ingest(reports[:3], events[events["report_id"].isin(["r000", "r001", "r002"])])
        kept = events[events["report_id"].isin(["r000", "r002"])]
        change = st.ingest(reports[:3], kept)
        assert change.removed == int((events["report_id"] == "r001").sum())
        assert set(st.read()["report_id"]) == {"r000", "r002"}


_CHILD = textwrap.dedent("""
    import json, pickle, sys, time
    import geo.store as S
    target, data, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(data, "rb") as f:
        reports, events = pickle.load(f)
    original = S.EventStore._write_events

    def write_events(self, *args):
        if mode == "slow":            # hold the transaction open so the other run must wait
            time.sleep(1.0)
        original(self, *args)
        if mode == "hang":            # rows written, transaction not committed: kill me now
            print("written", flush=True)
            time.sleep(120)

    S.EventStore._write_events = write_events
    with S.open(target) as st:
        change = st.ingest(reports, events)
    print(json.dumps(change.__dict__), flush=True)
""")


def _child(target: str, reports, events, mode: str, tmp: Path, tag: str) -> subprocess.Popen:
    data = tmp / f"batch-{tag}.pkl"
    data.write_bytes(pickle.dumps((reports, events)))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", _CHILD, target, str(data), mode],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_killed_ingest_leaves_the_store_as_before(target, batch, tmp_path):
    reports, events = batch
    first = [r["id"] for r in reports[:50]]
    with S.open(target) as st:
        st.ingest(reports[:50], events[events["report_id"].isin(first)])
    before = ids_and_hashes(target)
    proc = _child(target, reports, events, "hang", tmp_path, "all")
    try:
        line = proc.stdout.readline()
        assert line.strip() == "written", proc.stderr.read()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert ids_and_hashes(target) == before
    with S.open(target) as st:    # the store is not locked or damaged: the batch goes in now
        change = st.ingest(reports, events)
        assert change.new == len(events) - len(before)
        assert change.unchanged == len(before)
        assert st.count() == len(events)


def test_concurrent_overlapping_ingests_store_each_event_once(target, batch, tmp_path):
    reports, events = batch
    a_ids = {r["id"] for r in reports[:70]}
    b_ids = {r["id"] for r in reports[30:]}
    S.open(target).close()            # both runs find the tables; they race on the rows
    procs = [_child(target, reports[:70], events[events["report_id"].isin(a_ids)], "slow",
                    tmp_path, "a"),
             _child(target, reports[30:], events[events["report_id"].isin(b_ids)], "slow",
                    tmp_path, "b")]
    changes = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        changes.append(json.loads(out.strip().splitlines()[-1]))
    overlap = int(events["report_id"].isin(a_ids & b_ids).sum())
    assert sum(c["new"] for c in changes) == len(events)
    assert sorted(c["unchanged"] for c in changes) == [0, overlap]
    with S.open(target) as st:
        out = st.read()
    assert len(out) == len(events) and out["event_id_cnty"].is_unique


def test_read_period(target, batch):
    reports, events = batch
    with S.open(target) as st:
        st.ingest(reports, events)
        spring = st.read("2020-03-01", "2020-06-30")
        assert len(st.read(end="2020-01-31")) == int((events["date"] <= "2020-01-31").sum())
    expected = events[(events["date"] >= "2020-03-01") & (events["date"] <= "2020-06-30")]
    assert len(spring) == len(expected) > 0
    assert spring["date"].between("2020-03-01", "2020-06-30").all()


def test_new_columns_are_added_and_read_back(target, batch):
    reports, events = batch
    with S.open(target) as st:
        st.ingest(reports[:2], events[events["report_id"].isin(["r000", "r001"])])
        more = events[events["report_id"] == "r002"].copy()
        more["analyst_tag"] = [f"tag{i}" for i in range(len(more))]
        more["fatalities"] = 3
        assert st.ingest(reports[2:3], more).new == len(more)
        out = st.read()
    assert list(out.loc[out["report_id"] == "r002", "analyst_tag"]) == list(more["analyst_tag"])
    assert out.loc[out["report_id"] == "r002", "fatalities"].tolist() == [3] * len(more)
    assert out.loc[out["report_id"] == "r000", "analyst_tag"].isna().all()


def _downgrade(target: str) -> None:
    """Give a store the layout of the version before the ids were unified: events keyed by a
    store-only ``event_id``, ``event_id_cnty`` a plain column (here with stale values), and
    no R-tree in a GeoPackage."""
    stmts = ["ALTER TABLE events RENAME COLUMN event_id_cnty TO event_id",
             "ALTER TABLE events ADD COLUMN event_id_cnty TEXT",
             "UPDATE events SET event_id_cnty = 'stale-' || fid, event_id = 'ev-' || fid"]
    if target.endswith(".gpkg"):
        import sqlite3

        with sqlite3.connect(target) as conn:
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                        ).fetchall():
                conn.execute(f'DROP TRIGGER "{name}"')
            conn.execute("DROP TABLE rtree_events_geom")
            conn.execute("DROP TABLE gpkg_extensions")
            for stmt in stmts:
                conn.execute(stmt)
    else:
        import psycopg

        with psycopg.connect(target, autocommit=True) as conn:
            for stmt in stmts:
                conn.execute(stmt)


def test_a_store_of_the_earlier_version_is_migrated(target, batch):
    reports, events = batch
    some = events[events["report_id"].isin(["r000", "r001", "r002"])]
    with S.open(target) as st:
        st.ingest(reports[:3], some)
    before = ids_and_hashes(target)
    _downgrade(target)
    assert ids_and_hashes(target) == before          # opened, re-keyed by event_id_cnty
    with S.open(target) as st:
        again = st.ingest(reports[:3], some)
        assert (again.new, again.removed) == (0, 0) and st.count() == len(some)
        assert set(st.read()["event_id_cnty"]) == set(some["event_id_cnty"])
    if target.endswith(".gpkg"):
        _assert_rtree_in_step(target)


def test_an_earlier_store_that_cannot_be_written_is_one_line(tmp_path, batch, monkeypatch):
    from click.testing import CliRunner

    from geo.cli import main

    reports, events = batch
    path = str(tmp_path / "old.gpkg")
    with S.open(path) as st:
        st.ingest(reports[:2], events[events["report_id"].isin(["r000", "r001"])])
    _downgrade(path)

    def read_only(self):
        raise S.StoreError("cannot write: attempt to write a readonly database", path=self.target)

    monkeypatch.setattr(S.GeoPackageStore, "_transaction", read_only)
    res = CliRunner().invoke(main, ["events", "--store", path, "-f", "csv"])
    assert res.exit_code == 2 and "Traceback" not in res.output
    line = res.output.strip().splitlines()[-1]
    assert "a store of an earlier version" in line and "open it once where it can be" in line
    assert "readonly" in line


def test_an_id_of_another_report_is_refused(target, batch):
    reports, events = batch
    a = events[events["report_id"] == "r000"].copy()
    b = events[events["report_id"] == "r001"].copy()
    b["event_id_cnty"] = a["event_id_cnty"].iloc[0]
    b = b.iloc[:1]
    with S.open(target) as st:
        st.ingest(reports[:1], a)
        with pytest.raises(S.StoreError, match="already stored for report r000"):
            st.ingest(reports[1:2], b)
        assert st.count() == len(a) and st.report_count() == 1
        twice = pd_concat(a, a)
        with pytest.raises(S.StoreError, match="twice in one batch"):
            st.ingest(reports[:1], twice)


def pd_concat(*frames):
    import pandas as pd

    return pd.concat(frames, ignore_index=True)


def test_read_a_window_through_the_spatial_index(target, batch):
    reports, events = batch
    box = (36.55, 35.70, 36.75, 35.90)                  # around Saraqib and Sarmin
    with S.open(target) as st:
        st.ingest(reports, events)
        window = st.read(bbox=box)
        spring = st.read("2020-03-01", "2020-06-30", bbox=box)
        with pytest.raises(S.StoreError, match="min lon, min lat"):
            st.read(bbox=(37, 35, 36, 36))
    inside = events["lon"].between(box[0], box[2]) & events["lat"].between(box[1], box[3])
    assert 0 < len(window) == int(inside.sum()) < len(events)
    assert set(window["event_id_cnty"]) == set(events.loc[inside, "event_id_cnty"])
    assert set(spring["event_id_cnty"]) == set(events.loc[
        inside & events["date"].between("2020-03-01", "2020-06-30"), "event_id_cnty"])
    if target.endswith(".gpkg"):
        import sqlite3

        with sqlite3.connect(target) as conn:
            plan = " ".join(str(r) for r in conn.execute(
                "EXPLAIN QUERY PLAN SELECT * FROM events WHERE fid IN (SELECT id FROM "
                "rtree_events_geom WHERE minx <= 1 AND maxx >= 0 AND miny <= 1 AND maxy >= 0)"))
        assert "rtree_events_geom VIRTUAL TABLE INDEX" in plan


# ------------------------------------------------------------------ GeoPackage specifics

def test_geopackage_opens_in_gdal(tmp_path, batch):
    import pyogrio

    reports, events = batch
    path = tmp_path / "events.gpkg"
    with S.open(path) as st:
        st.ingest(reports, events)
    layers = dict(pyogrio.list_layers(path))
    assert layers == {"events": "Point", "reports": None}
    gdf = pyogrio.read_dataframe(path, layer="events")
    assert len(gdf) == len(events) and gdf.crs.to_epsg() == 4326
    assert sorted(gdf["event_id_cnty"]) == sorted(S.open(path).read()["event_id_cnty"])
    ok = gdf.geometry.notna()
    assert ok.sum() == int(events["resolved"].sum())
    assert (gdf.geometry[ok].x.round(5) == gdf["lon"][ok].round(5)).all()
    rep = pyogrio.read_dataframe(path, layer="reports")
    assert len(rep) == 100 and rep["text_hash"].str.fullmatch("[0-9a-f]{64}").all()


def _assert_rtree_in_step(path) -> None:
    """The R-tree holds exactly the located events, each with its point's box."""
    import sqlite3

    import pyogrio

    with sqlite3.connect(path) as conn:
        tree = {r[0]: r[1:] for r in conn.execute(
            "SELECT id, minx, maxx, miny, maxy FROM rtree_events_geom")}
        ext = conn.execute("SELECT table_name, column_name, extension_name FROM gpkg_extensions"
                           ).fetchall()
    assert ext == [("events", "geom", "gpkg_rtree_index")]
    gdf = pyogrio.read_dataframe(path, layer="events", fid_as_index=True)
    located = gdf[gdf.geometry.notna()]
    assert set(tree) == set(located.index)
    for fid, pt in zip(located.index, located.geometry, strict=True):
        assert tree[fid] == pytest.approx((pt.x, pt.x, pt.y, pt.y), abs=1e-4)  # float32 boxes
    assert pyogrio.read_info(path, layer="events")["capabilities"]["fast_spatial_filter"]
    has = pyogrio.read_dataframe(path, sql="SELECT HasSpatialIndex('events', 'geom') AS h",
                                 sql_dialect="SQLITE")
    assert has.iloc[0, 0] == 1


def test_geopackage_rtree_follows_inserts_updates_and_deletes(tmp_path, corridor):
    import shapely

    from geo.maps import example_report

    report = example_report()
    events = extract_events([report], corridor=corridor)
    path = str(tmp_path / "events.gpkg")
    with S.open(path) as st:
        st.ingest([report], events)
    _assert_rtree_in_step(path)
    located = list(events.index[events.geometry.notna()])
    empty = list(events.index[events.geometry.isna()])
    moved, blanked, dropped, placed = located[0], located[1], located[2], empty[0]
    changed = events.drop(index=dropped).copy()
    geoms = changed.geometry.copy()
    geoms[moved] = shapely.Point(36.61, 35.81)          # a point replaced by another
    geoms[blanked] = None                               # a point removed
    geoms[placed] = shapely.Point(36.70, 35.85)         # a point where there was none
    changed = changed.set_geometry(geoms)
    with S.open(path) as st:
        change = st.ingest([report], changed)
        window = st.read(bbox=(36.6, 35.8, 36.62, 35.82))
    assert change == S.Change(updated=3, removed=1, unchanged=len(events) - 4)
    assert list(window["event_id_cnty"]) == [events.loc[moved, "event_id_cnty"]]
    _assert_rtree_in_step(path)


def test_bad_targets_are_one_line_errors(tmp_path):
    with pytest.raises(S.StoreError, match=r"a \.gpkg file or a postgresql"):
        S.open(tmp_path / "events.csv")
    with pytest.raises(S.StoreError, match="no such store"):
        S.open(tmp_path / "missing.gpkg", create=False)
    junk = tmp_path / "junk.gpkg"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(S.StoreError, match="not a GeoPackage"):
        S.open(junk)
    with pytest.raises(S.StoreError, match="unknown store scheme 'mysql'"):
        S.open("mysql://x/y")
    with pytest.raises(S.StoreError, match="cannot connect") as err:
        S.open(f"postgresql://u:secret@127.0.0.1:{_free_port()}/db?connect_timeout=2")
    assert "secret" not in str(err.value)


def test_event_ids_are_stable_and_distinct():
    assert S.event_ids(["r1"], [10]) == S.event_ids(["r1"], [10.0]) == ["SYR-r1-10"]
    keys = ["r1", "r2", "r-1", "r.1", "r 1", "تقرير", "https://x.org/a?b=1", "sha256:ab12"]
    ids = S.event_ids([k for k in keys for _ in (0, 10)], [s for _ in keys for s in (0, 10)])
    assert len(set(ids)) == len(ids) == 16          # keys that slug alike stay apart
    assert all(re.fullmatch(r"SYR-[A-Za-z0-9-]+-\d+", i) for i in ids)
    assert S.report_key({"id": None, "url": "https://x/1"}) == "https://x/1"
    assert S.report_key({"text": "abc"}) == S.report_key({"text": "abc"}).strip()
    assert S.report_key({"text": "abc"}) != S.report_key({"text": "abd"})


def test_reports_without_ids_are_keyed_by_url_or_text(tmp_path, corridor):
    from geo.cli.store_options import ingest_from_reports

    reports = [{"url": "https://example.org/a", "date": "2020-03-02",
                "text": "قصف مدفعي على سراقب"}, "غارات على أريحا وسرمين"]
    path = str(tmp_path / "events.gpkg")
    first = ingest_from_reports(path, reports, corridor=corridor)
    assert first.new == 3 and ingest_from_reports(path, reports, corridor=corridor) == \
        S.Change(unchanged=3)
    with S.open(path) as st:
        keys = set(st.read()["report_id"])
    assert "https://example.org/a" in keys
    assert any(k.startswith("sha256:") for k in keys)
    again = [*reports, {**reports[0], "text": "قصف مدفعي على سراقب وسرمين"}]  # the last wins
    assert ingest_from_reports(path, again, corridor=corridor).new == 1


# ------------------------------------------------------------------ the CLI

def test_map_from_store_draws_only_the_period(tmp_path, batch):
    from click.testing import CliRunner

    from geo.cli import main

    reports, events = batch
    path = tmp_path / "events.gpkg"
    from geo.cli.store_options import ingest_from_reports

    change = ingest_from_reports(str(path), reports, batch_size=40)
    assert change == S.Change(new=len(events))
    assert ingest_from_reports(str(path), reports) == S.Change(unchanged=len(events))
    out = tmp_path / "map.html"
    res = CliRunner().invoke(main, ["map", "--store", str(path), "--from", "2020-03-01",
                                    "--to", "2020-06-30", "-o", str(out)])
    assert res.exit_code == 0, res.output
    period = events[events["date"].between("2020-03-01", "2020-06-30")]
    assert f"{int(period['resolved'].sum())} of {len(period)} mentions mapped" in res.output
    html = out.read_text(encoding="utf-8")
    days = set(re.findall(r"2020-\d\d-\d\d", html))
    assert days and all("2020-03-01" <= d <= "2020-06-30" for d in days)
    assert set(period["date"]) <= days


@pytest.mark.parametrize("args, message", [
    (["--from", "2020-03-01", "--example"], "give --store too"),
    (["--store", "x.gpkg", "--example"], "not both"),
    (["--store", "missing.gpkg"], "missing.gpkg: no such store"),
    (["--store", "x.gpkg", "--from", "2020-06-01", "--to", "2020-03-01"], "is after"),
    (["--store", "x.gpkg", "--from", "March"], "does not match the format"),
    (["--bbox", "36,35,37,36", "--example"], "give --store too"),
    (["--store", "x.gpkg", "--bbox", "36,35,37"], "four numbers"),
    (["--store", "x.gpkg", "--bbox", "37,35,36,36"], "west before east"),
    (["--store", "x.gpkg", "--bbox", "36,nan,37,36"], "MIN_LON,MIN_LAT"),
])
def test_map_store_errors(args, message, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from geo.cli import main

    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, ["map", *args, "-o", "m.html"])
    assert res.exit_code == 2, res.output
    assert message in res.output
    assert "Traceback" not in res.output
    assert not os.path.exists("m.html") and not os.path.exists("missing.gpkg")


def test_geo_events_store_command_is_idempotent(tmp_path):
    from click.testing import CliRunner

    from geo.cli import main

    store = str(tmp_path / "ev.gpkg")
    runner = CliRunner()
    first = runner.invoke(main, ["events", "--example", "--store", store])
    assert first.exit_code == 0, first.output
    assert " new, 0 updated, 0 removed, 0 unchanged" in first.stderr
    again = runner.invoke(main, ["events", "--example", "--store", store])
    assert "+0 new, 0 updated, 0 removed" in again.stderr
    table = runner.invoke(main, ["events", "--store", store, "--from", "2020-04-01", "-f",
                                 "jsonl"])
    rows = [json.loads(x) for x in table.stdout.splitlines()]
    assert rows and all(r["event_date"] >= "2020-04-01" for r in rows)
    bad = runner.invoke(main, ["events", "--example", "--store", store, "--from", "2020-04-01"])
    assert bad.exit_code == 2


def test_a_box_reads_only_the_stores_events_inside_it(tmp_path, batch):
    from click.testing import CliRunner

    from geo.cli import main
    from geo.cli.store_options import ingest_from_reports

    reports, events = batch
    path = str(tmp_path / "events.gpkg")
    ingest_from_reports(path, reports)
    located = events[events["resolved"].astype(bool)]
    lon, lat = located["lon"].astype(float), located["lat"].astype(float)
    box = tuple(float(v) for v in (lon.min(), lat.min(), lon.median(), lat.median()))
    inside = located[lon.between(box[0], box[2]) & lat.between(box[1], box[3])]
    assert 0 < len(inside) < len(located)
    res = CliRunner().invoke(main, ["events", "--store", path, "-f", "jsonl",
                                    "--bbox", ",".join(map(repr, box))])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert sorted(r["event_id_cnty"] for r in rows) == sorted(inside["event_id_cnty"])
    out = tmp_path / "m.html"
    res = CliRunner().invoke(main, ["map", "--store", path, "--bbox", ",".join(map(repr, box)),
                                    "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert f"{len(inside)} of {len(inside)} mentions mapped" in res.output
