"""Events that accumulate: an idempotent store of reports and their events.

A store keeps two tables: ``reports`` (one row per report: its key, id, url, date, source, a
SHA-256 of its text and when it was ingested) and ``events`` (one row per place mention: every
column of the events table that :func:`geo.events.extract_events` builds, with a stable
``event_id`` as unique key and a point geometry in EPSG:4326).

:meth:`EventStore.ingest` adds one batch in one transaction and returns a :class:`Change`:
ingesting the same batch again changes nothing, and a report that comes back with other events
(a corrected text) has its events replaced. A run killed mid-batch leaves the store as it was,
and two runs at once wait for each other.

Back-ends share one interface and are found by :func:`open` through a scheme registry,
like geopy's geocoders:

* a path (``events.gpkg``): a GeoPackage, SQLite underneath; no server, and QGIS or any GDAL
  tool opens its ``events`` table as a point layer;
* ``postgresql://…``: PostGIS through psycopg (``pip install 'm4-geo[postgis]'``), for a team
  writing to one database.

>>> event_id("shaam-2020-03-23", 32, "osy:SY07")
'ev-d60749b2e3e84a3619b7'
>>> str(Change(new=120, updated=3, removed=0, unchanged=45))
'+120 new, 3 updated, 0 removed, 45 unchanged'
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import math
import os
import re
import sqlite3
import struct
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from geo.io import InputError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd


class StoreError(InputError):
    """A store that cannot be opened, read or written (one line, like every input error)."""


# ------------------------------------------------------------------ identities and summaries

@dataclass(frozen=True)
class Change:
    """What one ingest did to the store's events."""

    new: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0

    def __add__(self, other: Change) -> Change:
        return Change(self.new + other.new, self.updated + other.updated,
                      self.removed + other.removed, self.unchanged + other.unchanged)

    @property
    def changed(self) -> bool:
        return bool(self.new or self.updated or self.removed)

    def __str__(self) -> str:
        return (f"+{self.new} new, {self.updated} updated, {self.removed} removed, "
                f"{self.unchanged} unchanged")


def text_hash(text: str | None) -> str:
    """SHA-256 of a report's text (NFC is left as given: a changed byte is a changed text)."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def report_key(report: Any) -> str:
    """The key a report is stored under: its id, else its url, else a hash of its text."""
    for name in ("id", "url"):
        v = _get(report, name)
        if v is not None and v == v and str(v):
            return str(v)
    return "sha256:" + text_hash(_get(report, "text"))[:20]


def event_id(report: str, start: int | None, place_id: str | None) -> str:
    """A stable id for the mention at ``start`` of report ``report`` resolved to ``place_id``.

    The same report, offset and place give the same id on every run and every machine.
    """
    start_s = "" if start is None or start != start else str(int(start))
    place = "" if place_id is None or place_id != place_id else str(place_id)
    digest = hashlib.sha1(f"{report}\x1f{start_s}\x1f{place}".encode()).hexdigest()
    return "ev-" + digest[:20]


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if obj is None:
        return default
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


# ------------------------------------------------------------------ column kinds and values

#: Columns the store manages itself (never taken from the events frame).
_OWN = ("fid", "geom", "event_id", "report_key", "row_hash")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
KINDS = ("bool", "int", "float", "text")


def _is_null(v: Any) -> bool:
    if v is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(v)) if not isinstance(v, (list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False


def _column_kind(series: Any) -> str:
    """``bool``, ``int``, ``float`` or ``text`` for a pandas column."""
    from pandas.api import types as t

    if t.is_bool_dtype(series.dtype):
        return "bool"
    if t.is_integer_dtype(series.dtype):
        return "int"
    if t.is_float_dtype(series.dtype):
        return "float"
    import numpy as np

    values = [v for v in series if not _is_null(v)]
    if not values:
        return "text"
    if all(isinstance(v, (bool, np.bool_)) for v in values):
        return "bool"
    if any(isinstance(v, (bool, np.bool_)) for v in values):
        return "text"
    if all(isinstance(v, (int, np.integer)) for v in values):
        return "int"
    if all(isinstance(v, (int, float, np.integer, np.floating)) for v in values):
        return "float"
    return "text"


def _sql_value(v: Any, kind: str) -> Any:
    if _is_null(v):
        return None
    if kind == "bool":
        return bool(v)
    if kind == "int":
        return int(v)
    if kind == "float":
        f = float(v)
        return f if math.isfinite(f) else None
    if isinstance(v, str):
        return v
    if isinstance(v, (list, tuple, dict)):
        return json.dumps(v, ensure_ascii=False, default=str)
    return str(v)


# ------------------------------------------------------------------ the interface

#: scheme → back-end class; :func:`register` fills it.
BACKENDS: dict[str, type[EventStore]] = {}


def register(*schemes: str) -> Callable[[type[EventStore]], type[EventStore]]:
    """Class decorator: make a back-end reachable from :func:`open` by URL scheme."""
    def deco(cls: type[EventStore]) -> type[EventStore]:
        for s in schemes:
            BACKENDS[s] = cls
        return cls

    return deco


class EventStore(ABC):
    """One interface over every back-end: :meth:`ingest`, :meth:`read`, :meth:`count`.

    Back-ends are SQL databases; they provide a connection, transactions and the few
    statements that differ (placeholders, geometry encoding, column introspection). The
    diffing that makes an ingest idempotent lives here, once.
    """

    #: Parameter placeholder of the driver.
    placeholder = "?"
    #: SQL type of each column kind.
    sql_types: ClassVar[Mapping[str, str]] = {}
    #: SQL expression a geometry parameter goes through.
    geom_param = "?"
    #: SQL expression that selects the geometry as bytes.
    geom_select = "geom"
    #: Null-safe "differs from" operator.
    distinct = "IS NOT"

    target: str

    # -- back-end hooks
    @abstractmethod
    def _transaction(self) -> contextlib.AbstractContextManager[Any]:
        """One exclusive write transaction (other writers wait); yields a cursor."""

    @abstractmethod
    def _cursor(self) -> contextlib.AbstractContextManager[Any]:
        """A cursor for reading."""

    @abstractmethod
    def _columns(self, cur: Any) -> dict[str, str]:
        """The events table's user columns and their kinds, in table order."""

    @abstractmethod
    def _encode_geometry(self, geom: Any) -> Any:
        """A shapely geometry (or None) as the parameter :attr:`geom_param` expects."""

    @abstractmethod
    def _decode_geometry(self, value: Any) -> Any:
        """What :attr:`geom_select` returns, as a shapely geometry (or None)."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    def _touch(self, cur: Any) -> None:
        """Record that the events changed (GeoPackage: ``gpkg_contents.last_change``)."""
        return None

    # -- shared SQL
    def _sql(self, text: str) -> str:
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)

    def _add_columns(self, cur: Any, wanted: Mapping[str, str]) -> dict[str, str]:
        """Add the columns of ``wanted`` the events table lacks; all its columns' kinds."""
        have = self._columns(cur)
        for name, kind in wanted.items():
            if name not in have:
                cur.execute(f'ALTER TABLE events ADD COLUMN "{name}" {self.sql_types[kind]}')
                have[name] = kind
        return have

    # -- the public interface
    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.target}>"

    def count(self) -> int:
        """Number of events in the store."""
        with self._cursor() as cur:
            cur.execute("SELECT count(*) FROM events")
            return int(cur.fetchone()[0])

    def report_count(self) -> int:
        """Number of reports in the store."""
        with self._cursor() as cur:
            cur.execute("SELECT count(*) FROM reports")
            return int(cur.fetchone()[0])

    def ingest(self, reports: Iterable[Any], events: gpd.GeoDataFrame) -> Change:
        """Add one batch: ``reports`` (mappings or objects with id, url, date, source, text)
        and their ``events`` (the frame :func:`geo.events.extract_events` builds for them).

        Events are matched to their report by ``report_id`` (else ``url``, else the
        ``report-N`` position that :func:`~geo.events.extract_events` gives a report without
        id). The batch's events of a report replace the stored ones: same id and same values
        is *unchanged*, same id and other values *updated*, a stored id the batch lacks
        *removed*. All in one transaction: a failure or a kill leaves the store as it was.
        """
        batch = _Batch.build(list(reports), events)
        cols = {c: _column_kind(events[c]) for c in batch.columns if events[c].notna().any()}
        with self._transaction() as cur:
            kinds = self._add_columns(cur, cols)   # an all-empty new column waits for values
            stored = self._stored_hashes(cur, list(batch.reports))
            new = updated = removed = unchanged = 0
            upserts, deletes = [], []
            for key, rows in batch.events.items():
                old = stored.get(key, {})
                for eid, (digest, rec) in rows.items():
                    if eid not in old:
                        new += 1
                        upserts.append(rec)
                    elif old[eid] != digest:
                        updated += 1
                        upserts.append(rec)
                    else:
                        unchanged += 1
                deletes += [eid for eid in old if eid not in rows]
            removed = len(deletes)
            self._write_reports(cur, batch.reports)
            if deletes:
                for chunk in _chunks(deletes, 500):
                    cur.execute(self._sql("DELETE FROM events WHERE event_id IN ("
                                          + ",".join("?" * len(chunk)) + ")"), chunk)
            if upserts:
                self._write_events(cur, upserts, kinds)
            if deletes or upserts:
                self._touch(cur)
        return Change(new, updated, removed, unchanged)

    def _stored_hashes(self, cur: Any, keys: list[str]) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for chunk in _chunks(keys, 500):
            cur.execute(self._sql("SELECT report_key, event_id, row_hash FROM events "
                                  "WHERE report_key IN (" + ",".join("?" * len(chunk)) + ")"),
                        chunk)
            for key, eid, digest in cur.fetchall():
                out.setdefault(key, {})[eid] = digest
        return out

    def _write_reports(self, cur: Any, reports: Mapping[str, dict]) -> None:
        now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        d = self.distinct
        sql = self._sql(
            "INSERT INTO reports (report_key, id, url, date, source, text_hash, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (report_key) DO UPDATE SET "
            "id = excluded.id, url = excluded.url, date = excluded.date, "
            "source = excluded.source, text_hash = excluded.text_hash, "
            "ingested_at = excluded.ingested_at "
            f"WHERE reports.text_hash {d} excluded.text_hash "
            f"OR reports.url {d} excluded.url OR reports.date {d} excluded.date "
            f"OR reports.source {d} excluded.source")
        cur.executemany(sql, [(k, r["id"], r["url"], r["date"], r["source"], r["text_hash"], now)
                              for k, r in reports.items()])

    def _write_events(self, cur: Any, records: list[dict], kinds: Mapping[str, str]) -> None:
        names = [c for c in kinds]
        cols = ["event_id", "report_key", "row_hash", "geom", *names]
        quoted = ", ".join(f'"{c}"' for c in cols)
        params = ", ".join(["?", "?", "?", self.geom_param] + ["?"] * len(names))
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c != "event_id")
        sql = self._sql(f"INSERT INTO events ({quoted}) VALUES ({params}) "
                        f"ON CONFLICT (event_id) DO UPDATE SET {updates}")
        rows = [(r["event_id"], r["report_key"], r["row_hash"],
                 self._encode_geometry(r["geometry"]),
                 *(_sql_value(r["values"].get(c), kinds[c]) for c in names))
                for r in records]
        cur.executemany(sql, rows)

    def read(self, start: str | _dt.date | None = None, end: str | _dt.date | None = None
             ) -> gpd.GeoDataFrame:
        """The stored events (of reports dated ``start`` to ``end``, both included, when given)
        as a GeoDataFrame in EPSG:4326 with the columns of :func:`geo.events.events_frame`
        first, ordered by date, report and offset.

        Dates compare on their first ten characters (``YYYY-MM-DD``); events without a date
        are left out when a bound is given.
        """
        import geopandas as gpd
        import pandas as pd

        from geo.events import COLUMNS

        where, params = [], []
        if start is not None:
            where.append("substr(\"date\", 1, 10) >= ?")
            params.append(_iso_day(start, "start"))
        if end is not None:
            where.append("substr(\"date\", 1, 10) <= ?")
            params.append(_iso_day(end, "end"))
        with self._cursor() as cur:
            kinds = self._columns(cur)
            names = list(kinds)
            order = [f'"{c}"' for c in ("date", "report_id", "start") if c in kinds]
            sql = (f"SELECT event_id, {self.geom_select}"
                   + "".join(f', "{c}"' for c in names) + " FROM events"
                   + (" WHERE " + " AND ".join(where) if where else "")
                   + " ORDER BY " + ", ".join([*order, "event_id"]))
            cur.execute(self._sql(sql), params)
            rows = cur.fetchall()
        df = pd.DataFrame([r[2:] for r in rows], columns=names)
        for c, kind in kinds.items():
            df[c] = _restore(df[c], kind)
        df.insert(0, "event_id", [r[0] for r in rows])
        for c in COLUMNS:                 # columns that were empty in every batch so far
            if c not in df.columns:
                df[c] = None
        first = ["event_id", *(c for c in COLUMNS if c in df.columns)]
        df = df[first + [c for c in df.columns if c not in first]]
        geom = gpd.GeoSeries([self._decode_geometry(r[1]) for r in rows], crs="EPSG:4326")
        return gpd.GeoDataFrame(df, geometry=geom.values, crs="EPSG:4326")


def _restore(col: Any, kind: str) -> Any:
    import pandas as pd

    if kind == "bool":
        if col.isna().any():
            return col.map(lambda v: None if _is_null(v) else bool(v)).astype(object)
        return col.astype(bool)
    if kind == "int":
        return pd.to_numeric(col, errors="coerce").astype("Int64")
    if kind == "float":
        return pd.to_numeric(col, errors="coerce").astype(float)
    return col.astype(object).where(col.notna(), None)


def _iso_day(value: str | _dt.date, what: str) -> str:
    if isinstance(value, _dt.date):
        return value.isoformat()[:10]
    try:
        return _dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise StoreError(f"{what} date {value!r} is not YYYY-MM-DD") from None


def _chunks(items: Sequence[Any], n: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


@dataclass
class _Batch:
    """One ingest's reports and events, keyed and hashed, before any SQL."""

    reports: dict[str, dict]                 # key → report row
    events: dict[str, dict[str, tuple]]      # key → event id → (row hash, record)
    columns: list[str]

    @classmethod
    def build(cls, reports: list[Any], events: Any) -> _Batch:
        rep: dict[str, dict] = {}
        alias: dict[str, str] = {}           # report_id / url / report-N → key
        for i, r in enumerate(reports, 1):
            key = report_key(r)
            text = r if isinstance(r, str) else _get(r, "text")
            row = {"id": None, "url": None, "date": None, "source": None,
                   "text_hash": text_hash(text)}
            if not isinstance(r, str):
                for f in ("id", "url", "date", "source"):
                    v = _get(r, f)
                    row[f] = None if _is_null(v) or v == "" else str(v)
            rep[key] = row
            for a in (key, row["id"], row["url"], f"report-{i}"):
                if a is not None:
                    alias.setdefault(str(a), key)
        columns = [c for c in events.columns
                   if c != events.geometry.name and c not in _OWN] \
            if hasattr(events, "geometry") else [c for c in events.columns if c not in _OWN]
        bad = [c for c in columns if not _NAME.match(str(c))]
        if bad:
            raise StoreError(f"events column {bad[0]!r} is not a plain name "
                             "(letters, digits, underscore)")
        geoms = list(events.geometry) if hasattr(events, "geometry") else [None] * len(events)
        has_id = "event_id" in events.columns
        out: dict[str, dict[str, tuple]] = {k: {} for k in rep}
        records = events[columns].astype(object).where(events[columns].notna(), None) \
            .to_dict("records") if len(events) else []
        for i, (vals, geom) in enumerate(zip(records, geoms, strict=True)):
            rid, url = vals.get("report_id"), vals.get("url")
            key = alias.get(str(rid)) if rid is not None else None
            if key is None and url is not None:
                key = alias.get(str(url))
            if key is None:              # events of a report not in `reports`: keep them too
                key = str(rid if rid is not None else url if url is not None else "unknown")
                rep.setdefault(key, {"id": None if rid is None else str(rid),
                                     "url": None if url is None else str(url),
                                     "date": _text(vals.get("date")),
                                     "source": _text(vals.get("source_notes")
                                                     or vals.get("source")),
                                     "text_hash": None})
                out.setdefault(key, {})
            eid = events["event_id"].iat[i] if has_id else None
            if eid is None or _is_null(eid):
                eid = event_id(key, vals.get("start"), vals.get("place_id"))
            if geom is not None and getattr(geom, "is_empty", False):
                geom = None
            digest = _row_hash(vals, geom)
            out[key][str(eid)] = (digest, {"event_id": str(eid), "report_key": key,
                                           "row_hash": digest, "geometry": geom,
                                           "values": vals})
        return cls(rep, out, columns)


def _text(v: Any) -> str | None:
    return None if _is_null(v) or v == "" else str(v)


def _row_hash(values: Mapping[str, Any], geom: Any) -> str:
    clean = {k: (None if _is_null(v) else v) for k, v in values.items()}
    payload = json.dumps([clean, None if geom is None else geom.wkt], sort_keys=True,
                         ensure_ascii=False, default=_jsonable)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


def _jsonable(v: Any) -> Any:
    if hasattr(v, "item"):               # numpy scalars
        return v.item()
    return str(v)


# ------------------------------------------------------------------ GeoPackage

_GPKG_APPLICATION_ID = 0x47504B47      # "GPKG"
_GPKG_USER_VERSION = 10400             # GeoPackage 1.4
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}

_GPKG_SCHEMA = """
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
    srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
    organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE IF NOT EXISTS gpkg_contents (
    table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
    description TEXT DEFAULT '',
    last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
    CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
    table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
    srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
    CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
    CONSTRAINT uk_gc_table_name UNIQUE (table_name),
    CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
    CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE IF NOT EXISTS reports (
    fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, report_key TEXT NOT NULL UNIQUE,
    id TEXT, url TEXT, date TEXT, source TEXT, text_hash TEXT, ingested_at TEXT);
CREATE TABLE IF NOT EXISTS events (
    fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom POINT,
    event_id TEXT NOT NULL UNIQUE, report_key TEXT NOT NULL, row_hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_report_key ON events (report_key);
"""


def _wgs84_wkt() -> str:
    from pyproj import CRS

    return CRS.from_epsg(4326).to_wkt("WKT1_GDAL")


@register("gpkg", "file")
class GeoPackageStore(EventStore):
    """Events in a GeoPackage file (SQLite): an ``events`` point layer and a ``reports`` table.

    Written with the standard library's sqlite3 rather than through GDAL, because an
    idempotent ingest needs what OGR writers do not offer: one ``BEGIN IMMEDIATE``
    transaction per batch around upserts and deletes. Concurrent writers wait up to
    ``timeout`` seconds for each other (SQLite's busy timeout).
    """

    sql_types: ClassVar[Mapping[str, str]] = {
        "bool": "BOOLEAN", "int": "INTEGER", "float": "DOUBLE", "text": "TEXT"}

    def __init__(self, path: str | os.PathLike, *, create: bool = True,
                 timeout: float = 600.0) -> None:
        self.target = os.fspath(path)
        if os.path.isdir(self.target):
            raise StoreError("is a directory; give a .gpkg file name", path=self.target)
        exists = os.path.exists(self.target)
        if not exists and not create:
            raise StoreError("no such store", path=self.target)
        folder = os.path.dirname(self.target) or "."
        if not os.path.isdir(folder):
            raise StoreError("folder does not exist", path=folder)
        try:
            self.conn = sqlite3.connect(self.target, timeout=timeout, isolation_level=None)
            self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            tables = {r[0] for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as err:
            raise StoreError(f"not a GeoPackage: {err}", path=self.target) from None
        if not {"events", "reports", "gpkg_contents"} <= tables:
            if tables - {"sqlite_sequence"} and "gpkg_contents" not in tables:
                self.conn.close()
                raise StoreError("an SQLite file that is not a GeoPackage", path=self.target)
            if tables and not {"events", "reports"} <= tables and not create:
                self.conn.close()
                raise StoreError("a GeoPackage without an events store", path=self.target)
            self._create()

    def _create(self) -> None:
        wkt = _wgs84_wkt()
        with self._transaction() as cur:
            for stmt in _GPKG_SCHEMA.split(";"):
                if stmt.strip():
                    cur.execute(stmt)
            cur.execute(f"PRAGMA application_id = {_GPKG_APPLICATION_ID}")
            cur.execute(f"PRAGMA user_version = {_GPKG_USER_VERSION}")
            cur.executemany(
                "INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)",
                [("Undefined cartesian SRS", -1, "NONE", -1, "undefined", None),
                 ("Undefined geographic SRS", 0, "NONE", 0, "undefined", None),
                 ("WGS 84 geodetic", 4326, "EPSG", 4326, wkt,
                  "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid")])
            cur.execute("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, "
                        "description, srs_id) VALUES ('events', 'features', 'events', "
                        "'Place mentions of war reports (m4-geo events store)', 4326)")
            cur.execute("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, "
                        "description) VALUES ('reports', 'attributes', 'reports', "
                        "'Reports ingested into the events store, with a hash of their text')")
            cur.execute("INSERT OR IGNORE INTO gpkg_geometry_columns VALUES "
                        "('events', 'geom', 'POINT', 4326, 0, 0)")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Cursor]:
        cur = self.conn.cursor()
        try:
            cur.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise StoreError(f"cannot write: {err}", path=self.target) from None
        try:
            yield cur
        except BaseException:
            self.conn.rollback()
            raise
        else:
            self.conn.commit()
        finally:
            cur.close()

    @contextlib.contextmanager
    def _cursor(self) -> Iterator[sqlite3.Cursor]:
        cur = self.conn.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def _columns(self, cur: Any) -> dict[str, str]:
        cur.execute("PRAGMA table_info(events)")
        kinds = {v: k for k, v in self.sql_types.items()}
        return {name: kinds.get(str(decl).upper(), "text")
                for _, name, decl, *_ in cur.fetchall() if name not in _OWN}

    def _touch(self, cur: Any) -> None:
        cur.execute("UPDATE gpkg_contents SET last_change = "
                    "strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = 'events'")

    def _encode_geometry(self, geom: Any) -> bytes | None:
        if geom is None:
            return None
        import shapely

        header = b"GP" + bytes([0, 0x01]) + struct.pack("<i", 4326)  # little-endian, no envelope
        return header + shapely.to_wkb(geom, byte_order=1)

    def _decode_geometry(self, value: Any) -> Any:
        if value is None:
            return None
        import shapely

        blob = bytes(value)
        flags = blob[3]
        if flags & 0x10:                 # empty geometry
            return None
        start = 8 + _ENVELOPE_BYTES.get((flags >> 1) & 0x07, 0)
        return shapely.from_wkb(blob[start:])

    def close(self) -> None:
        self.conn.close()


# ------------------------------------------------------------------ PostGIS

_PG_SCHEMA = """
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE IF NOT EXISTS reports (
    fid BIGSERIAL PRIMARY KEY, report_key TEXT NOT NULL UNIQUE,
    id TEXT, url TEXT, date TEXT, source TEXT, text_hash TEXT, ingested_at TEXT);
CREATE TABLE IF NOT EXISTS events (
    fid BIGSERIAL PRIMARY KEY, geom geometry(Point, 4326),
    event_id TEXT NOT NULL UNIQUE, report_key TEXT NOT NULL, row_hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_report_key ON events (report_key);
CREATE INDEX IF NOT EXISTS events_geom ON events USING GIST (geom);
"""
#: Key of the transaction-level advisory lock that serialises ingests into one database.
_PG_LOCK = 0x4D34_6765  # "M4ge"


@register("postgresql", "postgres")
class PostGISStore(EventStore):
    """Events in a PostGIS database (``postgresql://user@host/db``), through psycopg 3.

    The same two tables as the GeoPackage, with a unique constraint on ``event_id`` and a
    GiST index on the geometry. Each ingest is one transaction that first takes an advisory
    lock, so two ingests at once wait for each other instead of racing.
    """

    placeholder = "%s"
    sql_types: ClassVar[Mapping[str, str]] = {
        "bool": "BOOLEAN", "int": "BIGINT", "float": "DOUBLE PRECISION", "text": "TEXT"}
    geom_param = "ST_GeomFromWKB(?, 4326)"
    geom_select = "ST_AsBinary(geom)"
    distinct = "IS DISTINCT FROM"
    _PG_KINDS: ClassVar[Mapping[str, str]] = {
        "boolean": "bool", "bigint": "int", "integer": "int", "smallint": "int",
        "double precision": "float", "real": "float", "numeric": "float"}

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.target = redact_url(url)
        try:
            import psycopg
        except ImportError:
            raise StoreError("PostGIS stores need psycopg: pip install 'm4-geo[postgis]'") \
                from None
        try:
            self.conn = psycopg.connect(url)
        except psycopg.Error as err:
            raise StoreError(f"cannot connect to {self.target}: "
                             f"{' '.join(str(err).split())[:200]}") from None
        try:
            with self._transaction() as cur:
                cur.execute("SELECT to_regclass('events'), to_regclass('reports')")
                if None in cur.fetchone():
                    if not create:
                        raise StoreError(f"{self.target}: no events store in this database")
                    for stmt in _PG_SCHEMA.split(";"):
                        if stmt.strip():
                            cur.execute(stmt)
        except BaseException:
            self.conn.close()
            raise

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Any]:
        import psycopg

        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (_PG_LOCK,))
                yield cur
        except psycopg.Error as err:
            raise StoreError(f"{self.target}: {' '.join(str(err).split())[:200]}") from None

    @contextlib.contextmanager
    def _cursor(self) -> Iterator[Any]:
        with self.conn.transaction(), self.conn.cursor() as cur:
            yield cur

    def _columns(self, cur: Any) -> dict[str, str]:
        cur.execute("SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_name = 'events' AND table_schema = current_schema() "
                    "ORDER BY ordinal_position")
        return {name: self._PG_KINDS.get(t, "text") for name, t in cur.fetchall()
                if name not in _OWN}

    def _encode_geometry(self, geom: Any) -> bytes | None:
        if geom is None:
            return None
        import shapely

        return shapely.to_wkb(geom)

    def _decode_geometry(self, value: Any) -> Any:
        if value is None:
            return None
        import shapely

        return shapely.from_wkb(bytes(value))

    def close(self) -> None:
        self.conn.close()


def redact_url(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


# ------------------------------------------------------------------ opening

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def open(target: str | os.PathLike, *, create: bool = True) -> EventStore:
    """The store at ``target``: a ``.gpkg`` path, or a URL whose scheme names a back-end
    (``postgresql://user@host:5432/db``). ``create=False`` refuses to make a new one.

    >>> import tempfile, os
    >>> with open(os.path.join(tempfile.mkdtemp(), "events.gpkg")) as store:
    ...     store.count()
    0
    """
    name = os.fspath(target)
    m = _SCHEME.match(name)
    if m:
        scheme = m.group(1).lower()
        backend = BACKENDS.get(scheme)
        if backend is None:
            raise StoreError(f"unknown store scheme {scheme!r}: use a .gpkg path or one of "
                             + ", ".join(f"{s}://" for s in sorted(BACKENDS) if s != "file"))
        if backend is GeoPackageStore:
            name = name[m.end():]
        else:
            return backend(name, create=create)
    if not name.lower().endswith(".gpkg"):
        raise StoreError("a store is a .gpkg file or a postgresql:// URL", path=name)
    return GeoPackageStore(name, create=create)


__all__ = ["BACKENDS", "Change", "EventStore", "GeoPackageStore", "PostGISStore", "StoreError",
           "event_id", "open", "register", "report_key", "text_hash"]
