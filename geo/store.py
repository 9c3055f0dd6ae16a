"""Events that accumulate: an idempotent store of reports and their events.

A store keeps two tables: ``reports`` (one row per report: its key, id, url, date, source, a
SHA-256 of its text and when it was ingested) and ``events`` (one row per place mention: every
column of the events table that :func:`geo.events.extract_events` builds, keyed by its
``event_id_cnty`` (:func:`geo.events.event_ids`: the one event id of the table, the store and
the map), with a point geometry in EPSG:4326 and, in a GeoPackage, an R-tree spatial index).

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

>>> event_ids(["shaam-2020-03-23"], [32])
['SYR-shaam-2020-03-23-32']
>>> str(Change(new=120, updated=3, removed=0, unchanged=45))
'+120 new, 3 updated, 0 removed, 45 unchanged'
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
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

from geo.events import event_ids, field_of, report_key, text_hash
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


# ------------------------------------------------------------------ column kinds and values

#: The events' unique key: the events table's own id (:func:`geo.events.event_ids`).
ID = "event_id_cnty"
#: The key column of stores written before the ids were unified (migrated on opening).
_OLD_ID = "event_id"
#: Columns the store manages itself (never taken from the events frame as values).
_OWN = ("fid", "geom", ID, "report_key", "row_hash")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
KINDS = ("bool", "int", "float", "text")


def _is_null(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, (str, bool, int)):
        return False
    if isinstance(v, float):
        return v != v
    try:
        import pandas as pd

        return bool(pd.isna(v)) if not isinstance(v, (list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False


#: pandas' inferred types → column kinds (anything else is text).
_INFERRED = {"boolean": "bool", "integer": "int", "floating": "float",
             "mixed-integer-float": "float", "decimal": "float"}


def _column_kind(series: Any) -> str:
    """``bool``, ``int``, ``float`` or ``text`` for a pandas column."""
    from pandas.api import types as t

    return _INFERRED.get(t.infer_dtype(series, skipna=True), "text")


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
    def _columns(self, cur: Any, keep: Sequence[str] = ()) -> dict[str, str]:
        """The events table's user columns (and those of its own named in ``keep``) and
        their kinds, in table order."""

    @abstractmethod
    def _encode_wkb(self, wkb: bytes | None) -> Any:
        """A geometry's WKB (or None) as the parameter :attr:`geom_param` expects."""

    @abstractmethod
    def _decode_geometry(self, value: Any) -> Any:
        """What :attr:`geom_select` returns, as a shapely geometry (or None)."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    def _touch(self, cur: Any) -> None:
        """Record that the events changed (GeoPackage: ``gpkg_contents.last_change``)."""
        return None

    # -- stores of earlier versions
    def _outdated(self, cur: Any) -> bool:
        """Whether the store needs :meth:`_bring_up_to_date` (a back-end adds its checks)."""
        return _OLD_ID in self._columns(cur)

    def _bring_up_to_date(self, cur: Any) -> None:
        """Re-key the events of a store written before the ids were unified."""
        self._rekey(cur)

    def _upgrade(self) -> None:
        """Bring a store written by an earlier version up to date, in one transaction.

        Checked with a read first, so an up-to-date store on a read-only disk still opens.
        """
        with self._cursor() as cur:
            needed = self._outdated(cur)
        if not needed:
            return
        try:
            with self._transaction() as cur:
                if self._outdated(cur):          # another run may have done it meanwhile
                    self._bring_up_to_date(cur)
        except StoreError as err:
            raise StoreError(f"{self.target}: a store of an earlier version, brought up to date "
                             "when opened, but it cannot be written: open it once where it can "
                             f"be ({str(err).removeprefix(self.target + ': ')})") from None

    def _rekey(self, cur: Any) -> None:
        """Stores before version 0.3 keyed events by their own ``event_id`` (a hash of report,
        offset and place); key them by ``event_id_cnty`` (:func:`geo.events.event_ids`).

        Their row hashes included the old ``event_id_cnty`` column, so the next ingest of an
        old report counts its events as *updated* once (their values are rewritten as they
        are); nothing is lost or duplicated.
        """
        have = self._columns(cur, keep=(ID,))
        if _OLD_ID not in have:
            return
        if ID in have:                   # the table's ids, made from a batch's report ids
            cur.execute(f'ALTER TABLE events DROP COLUMN "{ID}"')
        cur.execute(f'ALTER TABLE events RENAME COLUMN "{_OLD_ID}" TO "{ID}"')
        start = ', "start"' if "start" in have else ""
        cur.execute(f"SELECT fid, report_key{start} FROM events "
                    f"ORDER BY report_key{start}, fid")
        rows = cur.fetchall()
        ids = event_ids([r[1] for r in rows], [r[2] if start else None for r in rows])
        cur.executemany(self._sql(f"UPDATE events SET {ID} = ? WHERE fid = ?"),
                        [(eid, r[0]) for eid, r in zip(ids, rows, strict=True)])

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

        Events are matched to their report by ``report_id`` (else ``url``) and keyed by
        their ``event_id_cnty`` (made by :func:`geo.events.event_ids` where the frame has
        none). The batch's events of a report replace the stored ones: same id and same values
        is *unchanged*, same id and other values *updated*, a stored id the batch lacks
        *removed*. All in one transaction: a failure or a kill leaves the store as it was.
        An id twice in the batch, or already stored for another report, is a
        :class:`StoreError` (nothing is written).
        """
        batch = _Batch.build(list(reports), events)
        frame = batch.frame
        cols = {c: _column_kind(frame[c]) for c in frame.columns if frame[c].notna().any()}
        with self._transaction() as cur:
            kinds = self._add_columns(cur, cols)   # an all-empty new column waits for values
            stored = self._stored_hashes(cur, list(batch.reports))
            new = updated = unchanged = 0
            upserts: list[int] = []
            seen: dict[str, set[str]] = {}
            everywhere: set[str] = set()
            for i, (key, eid, digest) in enumerate(zip(batch.keys, batch.ids, batch.hashes,
                                                       strict=True)):
                if eid in everywhere:
                    raise StoreError(f"event id {eid} twice in one batch (report {key})")
                everywhere.add(eid)
                seen.setdefault(key, set()).add(eid)
                old = stored.get(key, {}).get(eid)
                if old is None:
                    new += 1
                    upserts.append(i)
                elif old != digest:
                    updated += 1
                    upserts.append(i)
                else:
                    unchanged += 1
            deletes = [eid for key, old in stored.items() for eid in old
                       if eid not in seen.get(key, ())]
            fresh = [batch.ids[i] for i in upserts if batch.ids[i] not in
                     stored.get(batch.keys[i], {})]
            for eid, other in self._owners(cur, fresh).items():
                if eid not in deletes:
                    raise StoreError(f"event id {eid} is already stored for report {other}: "
                                     "events of different reports need different ids")
            self._write_reports(cur, batch.reports)
            for chunk in _chunks(deletes, 500):
                cur.execute(self._sql(f"DELETE FROM events WHERE {ID} IN ("
                                      + ",".join("?" * len(chunk)) + ")"), chunk)
            if upserts:
                self._write_events(cur, batch, upserts, kinds)
            if deletes or upserts:
                self._touch(cur)
        return Change(new, updated, len(deletes), unchanged)

    def _stored_hashes(self, cur: Any, keys: list[str]) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for chunk in _chunks(keys, 500):
            cur.execute(self._sql(f"SELECT report_key, {ID}, row_hash FROM events "
                                  "WHERE report_key IN (" + ",".join("?" * len(chunk)) + ")"),
                        chunk)
            for key, eid, digest in cur.fetchall():
                out.setdefault(key, {})[eid] = digest
        return out

    def _owners(self, cur: Any, ids: list[str]) -> dict[str, str]:
        """The report key each of ``ids`` is stored under (ids not stored are left out)."""
        out: dict[str, str] = {}
        for chunk in _chunks(ids, 500):
            cur.execute(self._sql(f"SELECT {ID}, report_key FROM events WHERE {ID} IN ("
                                  + ",".join("?" * len(chunk)) + ")"), chunk)
            out.update(cur.fetchall())
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

    def _write_events(self, cur: Any, batch: _Batch, rows: list[int],
                      kinds: Mapping[str, str]) -> None:
        names = [c for c in kinds if c in batch.frame.columns]
        cols = [ID, "report_key", "row_hash", "geom", *names]
        quoted = ", ".join(f'"{c}"' for c in cols)
        params = ", ".join(["?", "?", "?", self.geom_param] + ["?"] * len(names))
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c != ID)
        sql = self._sql(f"INSERT INTO events ({quoted}) VALUES ({params}) "
                        f"ON CONFLICT ({ID}) DO UPDATE SET {updates}")
        sub = batch.frame.iloc[rows]
        values = [_sql_column(_cells(sub[c]), kinds[c]) for c in names]
        cur.executemany(sql, zip([batch.ids[i] for i in rows], [batch.keys[i] for i in rows],
                                 [batch.hashes[i] for i in rows],
                                 [self._encode_wkb(batch.wkb[i]) for i in rows],
                                 *values, strict=True))

    def _bbox_clause(self, bbox: tuple[float, float, float, float]) -> tuple[str, list]:
        """SQL that keeps the events whose geometry's box meets ``bbox`` through the spatial
        index, and its parameters (the exact test follows in :meth:`read`)."""
        raise NotImplementedError

    def read(self, start: str | _dt.date | None = None, end: str | _dt.date | None = None,
             *, bbox: Sequence[float] | None = None) -> gpd.GeoDataFrame:
        """The stored events (of reports dated ``start`` to ``end``, both included, when given)
        as a GeoDataFrame in EPSG:4326 with the columns of :func:`geo.events.events_frame`
        first, ordered by date, report and offset.

        Dates compare on their first ten characters (``YYYY-MM-DD``); events without a date
        are left out when a bound is given. ``bbox`` (min lon, min lat, max lon, max lat,
        edges included) keeps the events located in that window, found through the spatial
        index (the GeoPackage's R-tree, PostGIS's GiST), so a small window of a large store
        reads only its own rows.
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
        box = _window(bbox)
        if box is not None:
            clause, values = self._bbox_clause(box)
            where.append(clause)
            params += values
        with self._cursor() as cur:
            kinds = self._columns(cur)
            names = list(kinds)
            order = [f'"{c}"' for c in ("date", "report_id", "start") if c in kinds]
            sql = (f"SELECT {ID}, {self.geom_select}"
                   + "".join(f', "{c}"' for c in names) + " FROM events"
                   + (" WHERE " + " AND ".join(where) if where else "")
                   + " ORDER BY " + ", ".join([*order, ID]))
            cur.execute(self._sql(sql), params)
            rows = cur.fetchall()
        df = pd.DataFrame([r[2:] for r in rows], columns=names)
        for c, kind in kinds.items():
            df[c] = _restore(df[c], kind)
        df.insert(0, ID, [r[0] for r in rows])
        for c in COLUMNS:                 # columns that were empty in every batch so far
            if c not in df.columns:
                df[c] = None
        first = [c for c in COLUMNS if c in df.columns]
        df = df[first + [c for c in df.columns if c not in first]]
        geom = gpd.GeoSeries([self._decode_geometry(r[1]) for r in rows], crs="EPSG:4326")
        out = gpd.GeoDataFrame(df, geometry=geom.values, crs="EPSG:4326")
        if box is not None:              # the index compares boxes (rounded outwards)
            import shapely

            out = out[shapely.intersects(out.geometry.values, shapely.box(*box))]
            out = out.reset_index(drop=True)
        return out


def _window(bbox: Sequence[float] | None) -> tuple[float, float, float, float] | None:
    """``bbox`` as four finite numbers in order; a :class:`StoreError` otherwise."""
    if bbox is None:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in bbox)
    except (TypeError, ValueError):
        raise StoreError("bbox is four numbers: min lon, min lat, max lon, max lat") from None
    if not all(map(math.isfinite, (x0, y0, x1, y1))) or x0 > x1 or y0 > y1:
        raise StoreError(f"bbox {list(bbox)!r} is not min lon, min lat, max lon, max lat")
    return x0, y0, x1, y1


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

    reports: dict[str, dict]    # key → report row
    frame: Any                  # the events' own columns (a DataFrame, index 0..n-1)
    wkb: list                   # little-endian WKB or None, per event
    keys: list[str]             # report key, per event
    ids: list[str]              # event id, per event
    hashes: list[str]           # digest of the event's values, per event

    @classmethod
    def build(cls, reports: list[Any], events: Any) -> _Batch:
        rep: dict[str, dict] = {}
        alias: dict[str, str] = {}           # report_id / url → key
        for r in reports:
            key = report_key(r)
            text = r if isinstance(r, str) else field_of(r, "text")
            row = {"id": None, "url": None, "date": None, "source": None,
                   "text_hash": text_hash(text)}
            if not isinstance(r, str):
                for f in ("id", "url", "date", "source"):
                    row[f] = _text(field_of(r, f))
            rep[key] = row
            for a in (key, row["id"], row["url"]):
                if a is not None:
                    alias.setdefault(str(a), key)
        geo_name = events.geometry.name if hasattr(events, "geometry") else None
        columns = [c for c in events.columns if c != geo_name and c not in _OWN]
        bad = [c for c in columns if not _NAME.match(str(c))]
        if bad:
            raise StoreError(f"events column {bad[0]!r} is not a plain name "
                             "(letters, digits, underscore)")
        frame = events[columns].reset_index(drop=True)
        n = len(frame)
        wkb = _wkb(events.geometry if geo_name else None, n)
        rid = _cells(frame["report_id"]) if "report_id" in frame else [None] * n
        url = _cells(frame["url"]) if "url" in frame else [None] * n
        keys = []
        for r, u, i in zip(rid, url, range(n), strict=True):
            key = alias.get(str(r)) if r is not None else None
            if key is None and u is not None:
                key = alias.get(str(u))
            if key is None:              # events of a report not in `reports`: keep them too
                key = str(r if r is not None else u if u is not None else "unknown")
                if key not in rep:
                    rep[key] = {"id": _text(r), "url": _text(u), "text_hash": None,
                                "date": _text(frame["date"].iat[i]) if "date" in frame else None,
                                "source": _text(frame["source_notes"].iat[i])
                                if "source_notes" in frame else None}
            keys.append(key)
        given = _cells(events[ID]) if ID in events.columns else [None] * n
        start = _cells(frame["start"]) if "start" in frame else [None] * n
        made = event_ids(keys, start) if None in given else given
        ids = [str(g) if g is not None else m for g, m in zip(given, made, strict=True)]
        hashes = _row_hashes(frame, wkb)
        return cls(rep, frame, wkb, keys, ids, hashes)


def _wkb(geometry: Any, n: int) -> list:
    """Little-endian WKB of each geometry; None for a missing or empty one."""
    if geometry is None:
        return [None] * n
    import numpy as np
    import shapely

    arr = np.asarray(geometry.values if hasattr(geometry, "values") else geometry, dtype=object)
    arr = np.where(shapely.is_empty(arr), None, arr)
    return shapely.to_wkb(arr, byte_order=1).tolist()


def _cells(col: Any) -> list:
    """A column's values as Python objects, None for every kind of missing value."""
    values = col.astype(object).tolist()
    return [None if m else v for v, m in zip(values, col.isna().tolist(), strict=True)]


def _text(v: Any) -> str | None:
    return None if _is_null(v) or v == "" else str(v)


def _canonical(v: Any) -> str:
    """One spelling per value, whatever the column's dtype in this batch (1 and 1.0 alike).

    Takes what :func:`_cells` gives: Python scalars (``tolist`` unboxes numpy's) or None.
    """
    if v is None:
        return "\x00"
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "T" if v else "F"
    if isinstance(v, (int, float)):
        f = float(v)
        return "\x00" if f != f else repr(f)
    if isinstance(v, (list, tuple, dict)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)
    return str(v)


def _row_hashes(frame: Any, wkb: list) -> list[str]:
    """A digest of each row's values (column names included, so a new column shows)."""
    cols = [[f"{c}="] + [_canonical(v) for v in _cells(frame[c])] for c in sorted(frame.columns)]
    out = []
    for i, w in enumerate(wkb, 1):
        payload = "\x1f".join(col[0] + col[i] for col in cols) + "\x1e" + (w.hex() if w else "")
        out.append(hashlib.sha1(payload.encode("utf-8")).hexdigest())
    return out


def _sql_column(values: list, kind: str) -> list:
    """Cells of one column (from :func:`_cells`) as the driver takes them for ``kind``."""
    if kind == "text":
        return [v if v is None or isinstance(v, str) else _sql_value(v, kind) for v in values]
    if kind == "float":
        return [None if v is None or not math.isfinite(f := float(v)) else f for v in values]
    return [None if v is None else _sql_value(v, kind) for v in values]


# ------------------------------------------------------------------ GeoPackage

_GPKG_APPLICATION_ID = 0x47504B47      # "GPKG"
_GPKG_USER_VERSION = 10400             # GeoPackage 1.4
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_GPKG_HEADER = b"GP" + bytes([0, 0x01]) + struct.pack("<i", 4326)

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
    event_id_cnty TEXT NOT NULL UNIQUE, report_key TEXT NOT NULL, row_hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_report_key ON events (report_key);
"""

#: The GeoPackage R-tree spatial index of the events' geometry (extension
#: ``gpkg_rtree_index``): the virtual table, filled from the events, and the triggers of
#: GeoPackage 1.4 that keep it in step with every insert, update and delete (``update1`` and
#: ``update3`` of earlier versions are replaced by ``update5``-``update7``). GDAL and QGIS
#: find it by the ``gpkg_extensions`` row and use it for window queries.
RTREE = "rtree_events_geom"
_FULL = "NEW.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom)"
_OLD_FULL = "OLD.geom NOT NULL AND NOT ST_IsEmpty(OLD.geom)"
_NEW_BOX = "NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)"
_GPKG_RTREE = [
    "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, "
    "extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, "
    "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))",
    f"CREATE VIRTUAL TABLE {RTREE} USING rtree(id, minx, maxx, miny, maxy)",
    f"INSERT OR REPLACE INTO {RTREE} SELECT fid, ST_MinX(geom), ST_MaxX(geom), ST_MinY(geom), "
    "ST_MaxY(geom) FROM events WHERE geom NOT NULL AND NOT ST_IsEmpty(geom)",
    # a new row with a geometry
    f"CREATE TRIGGER {RTREE}_insert AFTER INSERT ON events WHEN ({_FULL}) "
    f"BEGIN INSERT OR REPLACE INTO {RTREE} VALUES ({_NEW_BOX}); END",
    # same row, its geometry becomes null or empty
    f"CREATE TRIGGER {RTREE}_update2 AFTER UPDATE OF geom ON events WHEN OLD.fid = NEW.fid "
    f"AND (NEW.geom IS NULL OR ST_IsEmpty(NEW.geom)) "
    f"BEGIN DELETE FROM {RTREE} WHERE id = OLD.fid; END",
    # the row id changes, no geometry
    f"CREATE TRIGGER {RTREE}_update4 AFTER UPDATE ON events WHEN OLD.fid != NEW.fid "
    f"AND (NEW.geom IS NULL OR ST_IsEmpty(NEW.geom)) "
    f"BEGIN DELETE FROM {RTREE} WHERE id IN (OLD.fid, NEW.fid); END",
    # the row id changes, with a geometry
    f"CREATE TRIGGER {RTREE}_update5 AFTER UPDATE ON events WHEN OLD.fid != NEW.fid "
    f"AND ({_FULL}) BEGIN DELETE FROM {RTREE} WHERE id = OLD.fid; "
    f"INSERT OR REPLACE INTO {RTREE} VALUES ({_NEW_BOX}); END",
    # same row, a geometry replaced by another
    f"CREATE TRIGGER {RTREE}_update6 AFTER UPDATE OF geom ON events WHEN OLD.fid = NEW.fid "
    f"AND ({_FULL}) AND ({_OLD_FULL}) BEGIN UPDATE {RTREE} SET minx = ST_MinX(NEW.geom), "
    "maxx = ST_MaxX(NEW.geom), miny = ST_MinY(NEW.geom), maxy = ST_MaxY(NEW.geom) "
    "WHERE id = NEW.fid; END",
    # same row, a geometry where there was none
    f"CREATE TRIGGER {RTREE}_update7 AFTER UPDATE OF geom ON events WHEN OLD.fid = NEW.fid "
    f"AND ({_FULL}) AND (OLD.geom IS NULL OR ST_IsEmpty(OLD.geom)) "
    f"BEGIN INSERT INTO {RTREE} VALUES ({_NEW_BOX}); END",
    f"CREATE TRIGGER {RTREE}_delete AFTER DELETE ON events WHEN OLD.geom NOT NULL "
    f"BEGIN DELETE FROM {RTREE} WHERE id = OLD.fid; END",
    "INSERT OR REPLACE INTO gpkg_extensions VALUES ('events', 'geom', 'gpkg_rtree_index', "
    "'http://www.geopackage.org/spec/#extension_rtree', 'write-only')",
]


@functools.lru_cache(maxsize=16)     # a trigger asks for the four bounds of one blob in a row
def _gpkg_box(blob: Any) -> tuple[float, float, float, float] | None:
    """(min x, max x, min y, max y) of a GeoPackage geometry blob; None when null or empty.

    The SQL functions ``ST_MinX`` … ``ST_IsEmpty`` the R-tree triggers call (GDAL
    registers its own; a plain sqlite3 connection needs these). Reads the blob's envelope
    when it has one, a point's coordinates directly, anything else through shapely.
    """
    if blob is None:
        return None
    b = bytes(blob)
    if len(b) < 8 or b[:2] != b"GP" or b[3] & 0x10:       # not a geometry, or empty
        return None
    flags = b[3]
    order = "<" if flags & 0x01 else ">"
    env = _ENVELOPE_BYTES.get((flags >> 1) & 0x07, 0)
    if env:
        return struct.unpack_from(order + "4d", b, 8)
    wkb = b[8:]
    wkb_order = "<" if wkb[:1] == b"\x01" else ">"
    if len(wkb) >= 21 and (struct.unpack_from(wkb_order + "I", wkb, 1)[0] & 0xFFFF) % 1000 == 1:
        x, y = struct.unpack_from(wkb_order + "2d", wkb, 5)
        return None if x != x or y != y else (x, x, y, y)
    import shapely

    g = shapely.from_wkb(wkb)
    if g.is_empty:
        return None
    x0, y0, x1, y1 = g.bounds
    return x0, x1, y0, y1


def _box_part(i: int) -> Callable[[Any], float | None]:
    def part(blob: Any) -> float | None:
        box = _gpkg_box(blob)
        return None if box is None else box[i]

    return part


def _is_empty(blob: Any) -> int | None:
    return None if blob is None else int(_gpkg_box(blob) is None)


#: SQL functions of a GeoPackage connection (name → callable of one argument).
_GPKG_FUNCTIONS = {"ST_MinX": _box_part(0), "ST_MaxX": _box_part(1), "ST_MinY": _box_part(2),
                   "ST_MaxY": _box_part(3), "ST_IsEmpty": _is_empty}


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
            for name, fn in _GPKG_FUNCTIONS.items():
                self.conn.create_function(name, 1, fn, deterministic=True)
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
        try:
            self._upgrade()
        except sqlite3.Error as err:
            self.conn.close()
            raise StoreError(f"cannot bring the store up to date: {err}",
                             path=self.target) from None

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

    def _columns(self, cur: Any, keep: Sequence[str] = ()) -> dict[str, str]:
        cur.execute("PRAGMA table_info(events)")
        kinds = {v: k for k, v in self.sql_types.items()}
        return {name: kinds.get(str(decl).upper(), "text")
                for _, name, decl, *_ in cur.fetchall() if name not in _OWN or name in keep}

    def _bbox_clause(self, bbox: tuple[float, float, float, float]) -> tuple[str, list]:
        x0, y0, x1, y1 = bbox
        return (f"fid IN (SELECT id FROM {RTREE} WHERE minx <= ? AND maxx >= ? "
                "AND miny <= ? AND maxy >= ?)", [x1, x0, y1, y0])

    def _outdated(self, cur: Any) -> bool:
        cur.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", (RTREE,))
        return not cur.fetchone()[0] or super()._outdated(cur)

    def _bring_up_to_date(self, cur: Any) -> None:
        super()._bring_up_to_date(cur)
        cur.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", (RTREE,))
        if not cur.fetchone()[0]:
            for stmt in _GPKG_RTREE:
                cur.execute(stmt)

    def _touch(self, cur: Any) -> None:
        cur.execute("UPDATE gpkg_contents SET last_change = "
                    "strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = 'events'")

    def _encode_wkb(self, wkb: bytes | None) -> bytes | None:
        # GeoPackage binary: magic, version 0, flags (little-endian, no envelope), srs id, WKB
        return None if wkb is None else _GPKG_HEADER + wkb

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
    event_id_cnty TEXT NOT NULL UNIQUE, report_key TEXT NOT NULL, row_hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_report_key ON events (report_key);
CREATE INDEX IF NOT EXISTS events_geom ON events USING GIST (geom);
"""
#: Key of the transaction-level advisory lock that serialises ingests into one database.
_PG_LOCK = 0x4D34_6765  # "M4ge"


@register("postgresql", "postgres")
class PostGISStore(EventStore):
    """Events in a PostGIS database (``postgresql://user@host/db``), through psycopg 3.

    The same two tables as the GeoPackage, with a unique constraint on ``event_id_cnty`` and a
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
            self.conn = psycopg.connect(url, autocommit=True)  # transactions: explicit blocks
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
            self._upgrade()
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

    def _columns(self, cur: Any, keep: Sequence[str] = ()) -> dict[str, str]:
        cur.execute("SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_name = 'events' AND table_schema = current_schema() "
                    "ORDER BY ordinal_position")
        return {name: self._PG_KINDS.get(t, "text") for name, t in cur.fetchall()
                if name not in _OWN or name in keep}

    def _encode_wkb(self, wkb: bytes | None) -> bytes | None:
        return wkb

    def _bbox_clause(self, bbox: tuple[float, float, float, float]) -> tuple[str, list]:
        return "geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)", list(bbox)

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
           "event_ids", "open", "register", "report_key", "text_hash"]
