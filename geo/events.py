"""Extraction results as an events table: one row per place mention.

The table :func:`events_from_reports` builds (``geo events``; ``geo map --events`` writes the
same) starts with ACLED's columns (:data:`ACLED_COLUMNS`: ``event_id_cnty``, ``event_date``,
``time_precision``, ``admin1``–``admin3``, ``location``, ``latitude``, ``longitude``,
``geo_precision``, ``source``, ``source_url``, ``notes``), then the Arabic name, the surface,
the confidence, the place id and the corridor answer (:data:`EVENT_COLUMNS`), then what the map
needs: the report (id, date, url), the mention (offsets, an excerpt), the resolved place
(names, kind, coordinates, gazetteer provenance), alternatives and the corridor classification
from :func:`geo.classify`. ``location`` is :func:`geo.names.common_name`, the name the map shows.

``geo_precision`` follows ACLED: 1 the named town itself, 2 part of a region or near a town
(subdistricts, mountains, plains, roads, "the countryside of" a town), 3 only a larger region
(a governorate or district). The ``corridor`` column is the display status
(:func:`geo.vocabulary.display_statuses`: ``inside_north``, ``inside_south``,
``inside_astride``, ``outside``, ``beyond_east_end``, ``partly_inside`` …), what the map's
markers, legend and timeline and the KML's placemarks are coloured and counted by.

>>> geo_precision("village"), geo_precision("mountain"), geo_precision("governorate")
(1, 2, 3)
>>> excerpt("قصف على مدينة سراقب اليوم", 14, 19, width=6)
('مدينة سراقب اليوم', 6, 11)
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from gazetteer.place import ADMIN, AREAS, RIVERS, WITHIN_SETTLEMENT

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

#: ACLED's columns, in ACLED's order (``time_precision`` and ``geo_precision`` as ACLED codes).
ACLED_COLUMNS = ["event_id_cnty", "event_date", "time_precision", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_url",
                 "notes"]
#: The events table ``geo events`` and ``geo map --events`` write: ACLED's columns, then the
#: Arabic name, the surface, the confidence, the place id and the corridor answer.
EVENT_COLUMNS = [*ACLED_COLUMNS, "name_ar", "surface", "confidence", "place_id", "in_corridor",
                 "corridor_status", "side", "distance_m", "share_inside"]
#: Every column of the events frame, in order (geometry is added last): the table, then what
#: the map and the round trip (:func:`read_events`) need.
COLUMNS = [*EVENT_COLUMNS, *(c for c in [
    "report_id", "date", "url", "start", "end", "name", "excerpt", "excerpt_start",
    "excerpt_end", "sentence", "resolved", "name_en", "kind", "lat", "lon", "place_source",
    "cues", "alternatives", "road", "corridor", "along_km", "edge_m", "accuracy_m", "near_edge",
    "answer_basis", "status",
] if c not in EVENT_COLUMNS)]
#: ACLED's time precision: 1 the day is known, 2 the week, 3 only the month.
TIME_PRECISION = {"day": 1, "week": 2, "month": 3}

#: ACLED geo_precision 3: only a larger region (built from the gazetteer's one vocabulary).
_BROAD_KINDS = ADMIN - {"subdistrict"}
#: ACLED geo_precision 2: part of a region (a subdistrict, an area, a road or a river).
_AREA_KINDS = AREAS | RIVERS | {"subdistrict", "road"}
#: cue words meaning "around / the countryside of" a town: the event is near it, not in it.
_NEAR_CUES = ("ريف", "محيط", "قرب", "أطراف", "اطراف", "شمال", "جنوب", "شرق", "غرب")


def geo_precision(kind: str | None, cues: Sequence[str] = (),
                  geometry: str | None = None) -> int | None:
    """ACLED-style precision code for a place of ``kind`` mentioned with ``cues``; a site
    located only at the settlement it lies in (``geometry`` :data:`WITHIN_SETTLEMENT`) is near
    a town (2), not the named site itself.

    >>> geo_precision("hospital"), geo_precision("hospital", geometry=WITHIN_SETTLEMENT)
    (1, 2)
    """
    if not kind:
        return None
    kind = str(kind)
    if kind in _BROAD_KINDS:
        return 3
    if kind in _AREA_KINDS or geometry == WITHIN_SETTLEMENT:
        return 2
    if any(c.startswith(_NEAR_CUES) for c in map(str, cues or ())):
        return 2
    return 1


def excerpt(text: str, start: int, end: int, width: int = 90) -> tuple[str, int, int]:
    """About ``width`` characters each side of ``text[start:end]``, cut at spaces.

    Returns the excerpt and the mention's offsets inside it.
    """
    a = max(0, start - width)
    b = min(len(text), end + width)
    if a > 0 and not text[a - 1].isspace():
        sp = text.find(" ", a, start)
        a = sp + 1 if sp != -1 else a
    if b < len(text) and not text[b].isspace():
        sp = text.rfind(" ", end, b)
        b = sp if sp != -1 else b
    chunk = text[a:b]
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    return chunk.replace("\n", " "), start - a - lead, end - a - lead


_SENTENCE_END = re.compile(r"[.!?؟\n]")


def sentence(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence of ``text`` around ``text[start:end]`` (the ACLED ``notes``); the
    :func:`excerpt` when that sentence is longer than ``limit`` characters.

    >>> sentence("خبر أول. قصف على مدينة سراقب اليوم. خبر آخر", 23, 28)
    'قصف على مدينة سراقب اليوم.'
    """
    a = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    m = _SENTENCE_END.search(text, end)
    b = m.end() if m else len(text)
    out = " ".join(text[a:b].split())
    return out if len(out) <= limit else excerpt(text, start, end)[0]


def time_precision(date: Any) -> int | None:
    """ACLED's code for how precise a report's ``date`` is (``2020-03-05``: 1, ``2020-W10``:
    2, ``2020-03``: 3); None without a date.

    >>> [time_precision(d) for d in ("2020-03-05", "2020-W10", "2020-03", None)]
    [1, 2, 3, None]
    """
    if not isinstance(date, str) or not date.strip():
        return None
    d = date.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", d):
        return TIME_PRECISION["day"]
    if re.match(r"^\d{4}-W\d{1,2}", d):
        return TIME_PRECISION["week"]
    return TIME_PRECISION["month"]


def text_hash(text: str | None) -> str:
    """SHA-256 of a report's text (NFC is left as given: a changed byte is a changed text)."""
    import hashlib

    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def report_key(report: Any) -> str:
    """The one key of a report: its id, else its url, else ``sha256:`` and a hash of its text.

    The events table's ``report_id`` and the store's reports are keyed by it, and every
    event id derives from it (:func:`event_ids`), so a report without an id keeps its ids.

    >>> report_key({"id": None, "url": "https://x.org/1", "text": "..."})
    'https://x.org/1'
    >>> report_key("قصف على سراقب")
    'sha256:c33f291eba18170b87f6'
    """
    if isinstance(report, str):
        return "sha256:" + text_hash(report)[:20]
    for name in ("id", "url"):
        v = field_of(report, name)
        if v is not None and v == v and str(v):
            return str(v)
    return "sha256:" + text_hash(field_of(report, "text"))[:20]


#: A report key used as it is in event ids (plain Latin letters, digits and hyphens).
_PLAIN_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,47}")


def report_slug(key: Any) -> str:
    """The report part of an event id: the key itself when it is plain (``r1``,
    ``shaam-2020-03-23``), else a readable part and a short hash of the whole key (so two keys
    never share a slug), or only the hash when the key is mostly not Latin.

    >>> report_slug("r1"), report_slug("a.txt:3"), report_slug("تقرير")
    ('r1', 'a-txt-3-h23d7c048', 'h74d6e2cc')
    """
    import hashlib

    key = "" if key is None or key != key else str(key)
    if _PLAIN_KEY.fullmatch(key):
        return key
    digest = "h" + hashlib.sha1(key.encode()).hexdigest()[:8]
    slug = re.sub(r"[^A-Za-z0-9]+", "-", key).strip("-")
    if not slug or len(slug) * 2 < len(key.strip()):  # mostly not Latin: the hash alone
        return digest
    return f"{slug[:40].rstrip('-')}-{digest}"


def event_ids(report_keys: Sequence[Any], starts: Sequence[Any]) -> list[str]:
    """The one event id scheme, ``SYR-<report>-<offset>`` (:func:`report_slug` of the report's
    :func:`report_key`, the mention's offset in its text; ``x`` when unknown): the table's
    ``event_id_cnty``, the events store's unique key and the id the map's popups show.

    Stable (the same report and mention give the same id on every run and machine) and unique
    (a second mention at the same offset gets ``.2``, a third ``.3`` …, in order).

    >>> event_ids(["r1", "r1", "تقرير"], [10, 10, 4])
    ['SYR-r1-10', 'SYR-r1-10.2', 'SYR-h74d6e2cc-4']
    """
    seen: dict[str, int] = {}
    slugs: dict[Any, str] = {}
    out = []
    for key, start in zip(report_keys, starts, strict=True):
        slug = slugs.get(key)
        if slug is None:
            slug = slugs[key] = report_slug(key)
        try:
            at = str(int(start))
        except (TypeError, ValueError):
            at = "x"
        eid = f"SYR-{slug}-{at}"
        n = seen[eid] = seen.get(eid, 0) + 1
        out.append(eid if n == 1 else f"{eid}.{n}")
    return out


def subdistricts(lat: Any, lon: Any, store: Any = None) -> list[str | None]:
    """``admin3``: the subdistrict (OpenSyria, in the gazetteer) whose centroid is nearest to
    each point. The gazetteer ships no subdistrict polygons, so near a border this can name
    the neighbouring subdistrict; None for a missing point.
    """
    import numpy as np

    from geo.names import common_name

    if store is None:
        from gazetteer import Gazetteer

        store = Gazetteer.default()
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    idx = np.flatnonzero(np.asarray(store.kind, dtype=object) == "subdistrict")
    if not idx.size or not lat.size:
        return [None] * lat.size
    slat, slon = np.radians(store.lat[idx]), np.radians(store.lon[idx])
    out: list[str | None] = [None] * lat.size
    ok = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    for start in range(0, ok.size, 2048):  # bounded memory: 2048 x 272 distances at a time
        k = ok[start:start + 2048]
        p, q = np.radians(lat[k])[:, None], np.radians(lon[k])[:, None]
        h = np.sin((slat - p) / 2) ** 2 + np.cos(p) * np.cos(slat) * np.sin((slon - q) / 2) ** 2
        best = idx[np.argmin(h, axis=1)]
        for i, j in zip(k, best, strict=True):
            out[i] = common_name(store.name_en[j], store.name_ar[j])
    return out


def field_of(obj: Any, name: str, default: Any = None) -> Any:
    """``obj[name]`` of a mapping, ``obj.name`` of an object, ``default`` when absent."""
    if obj is None:
        return default
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _place_label(p: Any) -> str:
    """``Idlib (governorate)``, ``al-Dana (village, Idlib)``: enough to tell namesakes apart."""
    name = field_of(p, "name_en") or field_of(p, "name_ar") or str(field_of(p, "id", p))
    admin = field_of(p, "admin1")
    detail = [x for x in (field_of(p, "kind"), admin if admin and admin != name else None) if x]
    return f"{name} ({', '.join(detail)})" if detail else str(name)


def mention_rows(mentions: Iterable[Any], text: str, *, report_id: str | None = None,
                 date: str | None = None, url: str | None = None,
                 source: str | None = None) -> list[dict]:
    """Rows for the mentions (``Mention`` objects or their ``to_dict()``) found in ``text``."""
    rows = []
    for m in mentions:
        start, end = int(field_of(m, "start", 0)), int(field_of(m, "end", 0))
        surface = field_of(m, "surface") or text[start:end]
        ex, ex_a, ex_b = excerpt(text, start, end) if text else ("", 0, 0)
        place = field_of(m, "place")
        pid = field_of(place, "id")
        alts = [c for c in (field_of(m, "candidates") or ()) if field_of(c, "id") != pid]
        cues = [str(c) for c in (field_of(m, "cues") or ())]
        row = {
            "report_id": report_id, "date": date, "url": url, "source": source,
            "surface": surface, "start": start, "end": end, "name": field_of(m, "name"),
            "excerpt": ex, "excerpt_start": ex_a, "excerpt_end": ex_b,
            "sentence": sentence(text, start, end) if text else None,
            "resolved": place is not None and field_of(place, "lat") is not None,
            "place_id": pid,
            **{k: field_of(place, k) for k in ("name_ar", "name_en", "kind", "lat", "lon",
                                                "admin1", "admin2")},
            "place_source": _place_source(place),
            "road": _road_value(field_of(m, "road")),
            "confidence": float(field_of(m, "confidence", 0.0) or 0.0),
            "cues": "; ".join(cues),
            "alternatives": "; ".join(_place_label(c) for c in alts[:5]),
        }
        row["geo_precision"] = (geo_precision(row["kind"], cues, field_of(place, "geometry"))
                                if row["resolved"] else None)
        rows.append(row)
    return rows


def _road_value(road: Any) -> str | None:
    return None if road is None else str(getattr(road, "value", road))


def _place_source(place: Any) -> str | None:
    if place is None:
        return None
    src, sid = field_of(place, "source"), field_of(place, "source_id")
    return f"{src}:{sid}" if src and sid else (src or field_of(place, "id"))


#: Columns holding one name, id or date: a nested value there is malformed input.
_SCALAR_COLUMNS = ("report_id", "place_id", "name_ar", "name_en", "kind", "admin1", "admin2",
                   "surface", "date", "url")


def _coordinate(value: Any) -> Any:
    """A coordinate cell, or None for what is no number (``true``, an object, a list)."""
    return None if isinstance(value, (bool, dict, list)) else value


def events_frame(rows: Sequence[Mapping[str, Any]], corridor: Any = None) -> gpd.GeoDataFrame:
    """The events table as a GeoDataFrame (EPSG:4326), classified against the corridor.

    ``corridor`` defaults to :func:`geo.default_corridor`. Every row gets the corridor answer
    of :func:`geo.answers.answer_places` (:data:`geo.answers.COLUMNS`): a point by its
    coordinates, an area by its polygon (``partly_inside`` with ``share_inside``), a road by
    its identity; rows without coordinates keep a null geometry and are ``unlocated``.
    The ``corridor`` column is the display status (the band when inside, else the status).
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    df = pd.DataFrame(list(rows))
    for c in COLUMNS:
        if c not in df.columns:
            df[c] = None
    df = df[COLUMNS + [c for c in df.columns if c not in COLUMNS]].copy()
    for c in _SCALAR_COLUMNS:  # an object or list where a name or an id belongs: dropped
        df[c] = df[c].map(lambda v: None if isinstance(v, (dict, list)) else v)
    lat = pd.to_numeric(df["lat"].map(_coordinate), errors="coerce").to_numpy(float)
    lon = pd.to_numeric(df["lon"].map(_coordinate), errors="coerce").to_numpy(float)
    df["lat"], df["lon"] = lat, lon
    df["confidence"] = pd.to_numeric(df["confidence"], errors="coerce").fillna(0.0)
    located = np.isfinite(lat) & np.isfinite(lon)
    df["resolved"] = df["resolved"].fillna(False).astype(bool) & located
    df["geo_precision"] = pd.to_numeric(df["geo_precision"], errors="coerce").astype("Int64")

    from geo.answers import answer_places
    from geo.classification import STATUSES as ROW_STATUSES
    from geo.classification import validate
    from geo.vocabulary import display_statuses

    code = validate(lon, lat)[2]
    df["status"] = [ROW_STATUSES[k] if ok else None for k, ok in zip(code, located, strict=True)]
    bad = df["status"].isin(["swapped", "out_of_range", "invalid"]).to_numpy()
    df.loc[bad, "resolved"] = False
    usable = df["resolved"].to_numpy()
    places = [_RowPlace(r.place_id, r.kind, r.lat, r.lon, r.name_ar, r.name_en) if ok else None
              for r, ok in zip(df.itertuples(index=False), usable, strict=True)]
    roads = [r if isinstance(r, str) and r else None for r in df["road"]]
    roads = [rd if ok or rd is not None else None for rd, ok in zip(roads, usable, strict=True)]
    ans = answer_places(places, roads, corridor)
    for col in ans.columns:
        df[col] = ans[col].to_numpy()
    df["corridor"] = display_statuses(df["corridor_status"], df["side"])
    _acled_columns(df, located)
    geom = gpd.GeoSeries.from_xy(lon, lat).where(located, None)
    return gpd.GeoDataFrame(df, geometry=geom, crs="EPSG:4326")


class _RowPlace:
    """The place of an events row, as :func:`geo.answers.answer_places` reads it."""

    __slots__ = ("id", "kind", "lat", "lon", "name_ar", "name_en")

    def __init__(self, id: Any, kind: Any, lat: float, lon: float, name_ar: Any = None,
                 name_en: Any = None):
        self.id = id if isinstance(id, str) else None
        self.kind = kind if isinstance(kind, str) else None
        self.lat, self.lon = lat, lon
        self.name_ar = name_ar if isinstance(name_ar, str) else None
        self.name_en = name_en if isinstance(name_en, str) else None


def _acled_columns(df: pd.DataFrame, located: Any) -> None:
    """Fill the ACLED columns (in place) from the mention, report and place columns."""
    import pandas as pd

    from geo.names import common_name

    df["event_date"] = df["date"].where(df["date"].notna(), df["event_date"])
    have = df["event_id_cnty"].notna()
    if not have.all():
        ids = pd.Series(event_ids(df["report_id"].tolist(), df["start"].tolist()),
                        index=df.index)
        df["event_id_cnty"] = df["event_id_cnty"].where(have, ids)
    df["time_precision"] = pd.array([time_precision(d) for d in df["event_date"]],
                                    dtype="Int64")
    df["location"] = [common_name(en, ar) if (isinstance(en, str) or isinstance(ar, str))
                      else loc for en, ar, loc in
                      zip(df["name_en"], df["name_ar"], df["location"], strict=True)]
    df["latitude"], df["longitude"] = df["lat"], df["lon"]
    if df["source_url"].isna().all():
        df["source_url"] = df["url"]
    notes = df["sentence"].where(df["sentence"].notna(), df["excerpt"])
    df["notes"] = df["notes"].where(df["notes"].notna(), notes.replace("", None))
    broad = df["kind"].isin(["country", "governorate", "district"]).to_numpy()
    need = located & ~broad & df["admin3"].isna().to_numpy()
    if need.any():
        found = subdistricts(df["lat"].to_numpy(float)[need], df["lon"].to_numpy(float)[need])
        col = df["admin3"].to_numpy(dtype=object, copy=True)
        col[need] = found
        df["admin3"] = col
    sub = (df["kind"] == "subdistrict").to_numpy()
    df.loc[sub, "admin3"] = df.loc[sub, "location"]
    for c in ("admin1", "admin2", "admin3"):
        df[c] = [common_name(v) if isinstance(v, str) else None for v in df[c]]


def extract_events(reports: Iterable[Any], gazetteer: Any = None,
                   corridor: Any = None, jobs: int = 1) -> gpd.GeoDataFrame:
    """Run the geoparser over ``reports`` (on ``jobs`` processes, ``0``: every core; the table
    is the same) and build the events table.

    A report is anything with ``text`` and optional ``id``, ``date``, ``url``, ``source``
    (a mapping or an object, e.g. what :mod:`geo.reports` yields), or a plain string. Its
    events' ``report_id`` is its :func:`report_key` (a report without an id: its url, else a
    hash of its text), so ``event_id_cnty`` stays the same however the batch is cut.
    """
    from gazetteer.batch import extract_texts

    if gazetteer is None:
        from gazetteer import Gazetteer

        gazetteer = Gazetteer.default()
    reports = list(reports)
    texts = [rep if isinstance(rep, str) else (field_of(rep, "text") or "") for rep in reports]
    rows: list[dict] = []
    found = extract_texts(texts, gazetteer, jobs=jobs)
    for rep, text, mentions in zip(reports, texts, found, strict=True):
        rows += mention_rows(
            mentions, text, report_id=report_key(rep),
            date=None if isinstance(rep, str) else _str(field_of(rep, "date")),
            url=None if isinstance(rep, str) else _str(field_of(rep, "url")),
            source=None if isinstance(rep, str) else _str(field_of(rep, "source")),
        )
    return events_frame(rows, corridor=corridor)


def _str(v: Any) -> str | None:
    return None if v is None or v == "" else str(v)


# ------------------------------------------------------------------ events files

#: alternative column names met in GeoJSON/CSV written by `geo extract` / `geo check` or ACLED.
_ALIASES = {
    "lat": ("lat", "latitude", "y"), "lon": ("lon", "lng", "longitude", "long", "x"),
    "date": ("date", "event_date"), "report_id": ("report_id", "id", "file", "report"),
    "name_en": ("name_en", "location"), "confidence": ("confidence", "score"),
}


#: Columns kept as text when an events CSV is read (ids and dates that may look like numbers).
_TEXT_COLUMNS = ("report_id", "id", "event_id_cnty", "place_id", "date", "event_date", "url",
                 "source_url")


def read_events(path: str | os.PathLike) -> gpd.GeoDataFrame:
    """Read a GeoJSON or CSV of events/points (``geo extract``, ``geo check``, ACLED exports).

    Raises :class:`geo.io.InputError` when no coordinates can be found.
    """
    import json

    import pandas as pd

    from geo.io import PARSE_ERRORS, InputError, loads, parse_error, read_text

    name = os.fspath(path)
    text = read_text(name)
    if name.lower().endswith((".geojson", ".json")):
        try:
            data = loads(text)
        except json.JSONDecodeError as err:
            raise InputError(f"invalid JSON: {err.msg}", path=name, line=err.lineno) from None
        except PARSE_ERRORS as err:  # nested too deeply, a lone surrogate
            raise InputError(parse_error(err), path=name) from None
        feats = data.get("features") if isinstance(data, dict) else None
        if not isinstance(feats, list):
            raise InputError("expected a GeoJSON FeatureCollection", path=name)
        recs = []
        for n, f in enumerate(feats, 1):
            props = f.get("properties") if isinstance(f, dict) else None
            g = f.get("geometry") if isinstance(f, dict) else None
            if not isinstance(f, dict) or not isinstance(props or {}, dict) \
                    or not isinstance(g or {}, dict):
                raise InputError(f"feature {n} is not a GeoJSON Feature (properties and "
                                 "geometry must be objects)", path=name)
            props, g = dict(props or {}), g or {}
            if g.get("type") == "Point":
                xy = g.get("coordinates")
                if not (isinstance(xy, list) and len(xy) >= 2) or any(
                        isinstance(v, bool) or not isinstance(v, (int, float)) for v in xy[:2]):
                    raise InputError(f"feature {n}: a Point needs coordinates [lon, lat]",
                                     path=name)
                props.setdefault("lon", xy[0])
                props.setdefault("lat", xy[1])
            recs.append(props)
        df = pd.DataFrame(recs)
    else:
        import io

        try:
            df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
            raise InputError(f"cannot read CSV: {str(err).splitlines()[0]}", path=name) from None
        from geo.writers import typed

        df = df.replace("", None)  # numbers as numbers (ACLED's fatalities …), ids as text
        df = pd.DataFrame(typed(df.astype(object).where(df.notna(), None).to_dict("records"),
                                skip=_TEXT_COLUMNS), columns=df.columns)
    if "place" in df.columns:   # `geo extract` features may nest the resolved place
        nested = df["place"].map(lambda v: v if isinstance(v, dict) else {})
        for col, key in (("place_id", "id"), ("name_ar", "name_ar"), ("name_en", "name_en"),
                         ("kind", "kind"), ("admin1", "admin1"), ("admin2", "admin2")):
            if col not in df.columns:
                df[col] = nested.map(lambda d, k=key: d.get(k))
        df = df.drop(columns=["place"])
    for col, names in _ALIASES.items():
        if col not in df.columns:
            hit = next((n for n in names if n in df.columns), None)
            if hit is not None:
                df[col] = df[hit]
    if "lat" not in df.columns or "lon" not in df.columns:
        raise InputError("no coordinates: expected lat/lon (or latitude/longitude) columns "
                         "or point geometries", path=name)
    if "surface" not in df.columns:
        df["surface"] = df.get("name_ar", df.get("name_en"))
    if "resolved" not in df.columns:
        df["resolved"] = True
    else:
        df["resolved"] = df["resolved"].map(_stated_resolved)
    if "geo_precision" not in df.columns:
        df["geo_precision"] = [geo_precision(k) for k in df.get("kind", [None] * len(df))]
    if "confidence" not in df.columns:
        df["confidence"] = 1.0
    if "report_id" not in df.columns:
        df["report_id"] = os.path.basename(name)
    return events_frame(df.to_dict("records"))


def _stated_resolved(value: Any) -> bool:
    """A ``resolved`` cell: false only when it says so; a feature without one has a point."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    return str(value).strip().lower() not in ("false", "0", "no", "none", "nan")


def read_mentions(path: str | os.PathLike) -> gpd.GeoDataFrame:
    """Events from the JSON lines of ``geo extract --format jsonl`` (one report per line)."""

    from geo.io import PARSE_ERRORS, InputError, iter_records, loads, parse_error

    name = os.fspath(path)
    rows: list[dict] = []
    for n, line in iter_records(name):
        if isinstance(line, InputError):
            raise line
        if not line.strip():
            continue
        try:
            rec = loads(line)
        except PARSE_ERRORS as err:
            raise InputError(parse_error(err), path=name, line=n) from None
        if not isinstance(rec, dict) or not isinstance(rec.get("mentions", []), list):
            raise InputError("expected an object with a 'mentions' list", path=name, line=n)
        rid = rec.get("id") or rec.get("file") or f"{os.path.basename(name)}:{n}"
        try:
            rows += mention_rows(rec.get("mentions", []), "", report_id=str(rid),
                                 date=_str(rec.get("date")), url=_str(rec.get("url")))
        except (TypeError, ValueError) as err:  # "start": "x", "confidence": [] …
            raise InputError(f"bad mention: {' '.join(str(err).split())[:120]}", path=name,
                             line=n) from None
    return events_frame(rows)


def _first_json_line(path: str) -> Any:
    import json

    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    return json.loads(line)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    return None


EVENT_SUFFIXES = (".geojson",)
#: GIS formats `geo check` reads but the map's inputs do not (they are neither text nor events).
_GIS_ONLY = (".kml", ".kmz", ".gpkg", ".shp", ".gpx", ".fgb")


def is_events_file(path: str) -> bool:
    """Events, not reports: a GeoJSON, a CSV with coordinates and no text column, or the JSON
    lines of ``geo extract`` (objects with ``mentions``)."""
    low = path.lower()
    if low.endswith(EVENT_SUFFIXES):
        return True
    if low.endswith((".jsonl", ".ndjson")):  # `geo extract --format jsonl` output
        first = _first_json_line(path)
        return isinstance(first, dict) and "mentions" in first
    if low.endswith(".json"):
        try:
            with open(path, encoding="utf-8") as f:
                head = f.read(2048)
        except (OSError, UnicodeDecodeError):
            return False
        return '"FeatureCollection"' in head
    if low.endswith(".csv"):
        try:
            with open(path, encoding="utf-8-sig") as f:
                header = {h.strip().lower() for h in f.readline().split(",")}
        except (OSError, UnicodeDecodeError):
            return False
        has_xy = bool(header & {"lat", "latitude"}) and bool(header & {"lon", "lng", "longitude"})
        return has_xy and "text" not in header
    return False


def read_report_files(paths: Sequence[str], text_column: str = "text"
                      ) -> tuple[list[dict], list[str]]:
    """Reports (as dicts) from files, folders, CSV/JSONL batches, and the inputs that failed."""
    from geo.reports import read_reports as reader

    reports, failed = [], []
    for r in reader(paths, text_column=text_column):
        if r.error:
            failed.append(r.error)
            continue
        text = r.text if r.path is None else "".join(t for _, t in r.chunks())
        rid = r.id or os.path.basename(r.file) + (f":{r.line}" if r.line else "")
        reports.append({"id": rid, "date": r.date, "url": r.url, "source": r.source,
                        "text": text})
    return reports, failed


def load_inputs(paths: Iterable[str | os.PathLike], gazetteer: Any = None,
                text_column: str = "text", reports: Iterable[Any] = (),
                corridor: Any = None, jobs: int = 1) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Events from report inputs (as ``geo extract`` reads them, geoparsed on ``jobs``
    processes) and events files, in order.

    Returns the events table and one-line messages for the inputs that could not be read
    (the rest of the batch is still used). A missing file or a batch where nothing could be
    read is an :class:`geo.io.InputError`.
    """
    import pandas as pd

    from geo.io import InputError

    frames, report_paths = [], []
    failed: list[str] = []
    for p in map(os.fspath, paths):
        if not p:
            raise InputError("'': empty file name")
        if p != "-" and not os.path.exists(p):
            raise InputError("no such file", path=p)
        ext = os.path.splitext(p)[1].lower()
        if ext in _GIS_ONLY and os.path.isfile(p):  # was read as report text: an empty map
            raise InputError(f"{ext} files are not read here: convert the points to GeoJSON "
                             f"first (geo check {p} -f geojson -o points.geojson)", path=p)
        if p != "-" and os.path.isfile(p) and is_events_file(p):
            is_jsonl = p.lower().endswith((".jsonl", ".ndjson"))
            try:
                frames.append(read_mentions(p) if is_jsonl else read_events(p))
            except InputError as err:  # skipped, like an unreadable report: exit status 1
                failed.append(str(err))
        else:
            report_paths.append(p)
    reports = list(reports)
    if report_paths:
        more, bad = read_report_files(report_paths, text_column)
        reports += more
        failed += bad
    if failed and not reports and not frames:
        raise InputError("no report could be read: " + "; ".join(failed[:3]))
    if reports:
        frames.insert(0, extract_events(reports, gazetteer=gazetteer, corridor=corridor,
                                        jobs=jobs))
    if not frames:
        return events_frame([]), failed
    events = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    return events, failed


def events_from_reports(paths: Iterable[str | os.PathLike], *, gazetteer: Any = None,
                        text_column: str = "text", reports: Iterable[Any] = (),
                        corridor: Any = None, jobs: int = 1
                        ) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The events table of report inputs (what ``geo extract`` reads: text files, folders,
    CSV/JSONL batches, ``-``) and of ``reports`` given as objects; one row per mention.

    Returns the table (a GeoDataFrame in EPSG:4326, :data:`EVENT_COLUMNS` first) and one-line
    messages for the inputs that could not be read. This is ``geo events``.
    """
    from geo.io import InputError

    reports = list(reports)
    failed: list[str] = []
    paths = [os.fspath(p) for p in paths]
    for p in paths:
        if not p:
            raise InputError("'': empty file name")
        if p != "-" and not os.path.exists(p):
            raise InputError("no such file", path=p)
    if paths:
        more, failed = read_report_files(paths, text_column)
        reports += more
        if not reports:
            raise InputError("no report could be read: " + "; ".join(failed[:3]))
    return extract_events(reports, gazetteer=gazetteer, corridor=corridor, jobs=jobs), failed


#: Formats of the events table (names in :data:`geo.writers.WRITERS`).
EVENT_FORMATS = ("csv", "jsonl", "json", "geojson", "gpkg", "parquet", "kml")


def events_format(path: str | os.PathLike, fmt: str | None = None) -> str:
    """The format :func:`write_events` uses for ``path`` (``fmt``, or the file's extension);
    an :class:`InputError` when it cannot write there (checked up front by ``geo map
    --events``, so a failure leaves no map behind)."""
    from geo.io import InputError, is_std
    from geo.writers import WRITERS, formats_for

    name = os.fspath(path)
    fmt = fmt or (None if is_std(name) else formats_for(name))
    if fmt not in EVENT_FORMATS:
        exts = ", ".join(f".{f}" for f in EVENT_FORMATS)
        raise InputError(f"events file must end in {exts}" if fmt is None else
                         f"events are written as {', '.join(EVENT_FORMATS)}, not {fmt}",
                         path=name)
    if is_std(name):
        if WRITERS[fmt].needs_file:
            raise InputError(f"--format {fmt} needs a file name: -o FILE")
        return fmt
    if os.path.isdir(name):
        raise InputError("is a directory; give a file name", path=name)
    folder = os.path.dirname(name) or "."
    if not os.path.isdir(folder):
        raise InputError("folder does not exist", path=folder)
    return fmt


def write_events(events: pd.DataFrame, path: str | os.PathLike, fmt: str | None = None, *,
                 excel: bool = False) -> None:
    """Write the events table (atomically) in ``fmt`` (default: by the file's extension).

    :data:`EVENT_COLUMNS` come first (ACLED's, then the Arabic name, surface, confidence,
    place id and corridor answer), so the file drops into ACLED-style workflows; the other
    columns follow (what :func:`read_events` needs to read the table back), then the columns
    of an events file given as input (ACLED's ``fatalities`` …).
    """
    from geo.writers import write

    name = os.fspath(path)
    fmt = events_format(name, fmt)
    geom = getattr(getattr(events, "geometry", None), "name", None)
    cols = [c for c in COLUMNS if c in events.columns] + [
        c for c in events.columns if c not in COLUMNS and c != geom]  # the input's own columns
    if fmt == "kml":
        cols = [*EVENT_COLUMNS, "corridor", "name_en"]
    write(events, fmt, name, columns=cols, excel=excel, layer="events", lon="longitude",
          lat="latitude", **_kml_options(fmt))


def _kml_options(fmt: str) -> dict:
    if fmt != "kml":
        return {}
    from geo.style import status_colours
    from geo.writers import KmlStyle

    styles = {k: KmlStyle(line="#111111", width=1, icon=c) for k, c in status_colours().items()}
    return {"styles": styles, "style_of": lambda r: r.get("corridor") if r.get("corridor")
            in styles else None, "document": "Events (geo events)"}


# ------------------------------------------------------------------ places for the map

def group_places(events: pd.DataFrame) -> pd.DataFrame:
    """One row per resolved place (several mentions share it), for map markers.

    Columns: place_id, name_ar, name_en, kind, lat, lon, admin1, admin2, corridor, side,
    distance_m, along_km, near_edge, geo_precision, confidence (the best mention's),
    count, alternatives, dates (sorted unique), rows (indices into ``events``).
    """
    import numpy as np
    import pandas as pd

    ev = events[events["resolved"].astype(bool)]
    if ev.empty:
        return pd.DataFrame(columns=["place_id", "lat", "lon", "count", "rows"])
    where = ev["lat"].round(5).astype(str) + "," + ev["lon"].round(5).astype(str)
    key = ev["place_id"].where(ev["place_id"].notna(), where)
    codes, _ = pd.factorize(key)              # groups in order of first mention
    first_cols = ["place_id", "name_ar", "name_en", "location", "kind", "lat", "lon", "admin1",
                  "admin2", "corridor", "in_corridor", "corridor_status", "side", "distance_m",
                  "along_km", "edge_m", "accuracy_m", "near_edge", "share_inside",
                  "answer_basis", "status", "geo_precision"]
    _, first = np.unique(codes, return_index=True)
    out = ev.iloc[first][[c for c in first_cols if c in ev.columns]].reset_index(drop=True)
    out["confidence"] = pd.Series(ev["confidence"].to_numpy(float)).groupby(codes).max() \
        .to_numpy()
    counts = np.bincount(codes)
    out["count"] = counts
    order = np.argsort(codes, kind="stable")
    bounds = np.cumsum(counts)[:-1]
    members = np.split(order, bounds)
    index = ev.index.to_numpy()
    alts = ev["alternatives"].to_numpy(object)
    dates = ev["date"].to_numpy(object)
    out["rows"] = [list(index[m]) for m in members]
    out["alternatives"] = ["; ".join(dict.fromkeys(
        x for v in alts[m] if isinstance(v, str) for x in v.split("; ") if x)) for m in members]
    out["dates"] = [sorted({str(d) for d in dates[m] if isinstance(d, str) and d})
                    for m in members]
    return out


def unresolved(events: pd.DataFrame) -> pd.DataFrame:
    """Mentions the map cannot place: not resolved to coordinates."""
    return events[~events["resolved"].astype(bool)]


__all__ = [
    "ACLED_COLUMNS",
    "COLUMNS",
    "EVENT_COLUMNS",
    "EVENT_FORMATS",
    "TIME_PRECISION",
    "event_ids",
    "events_format",
    "events_frame",
    "events_from_reports",
    "excerpt",
    "extract_events",
    "geo_precision",
    "group_places",
    "is_events_file",
    "load_inputs",
    "mention_rows",
    "read_events",
    "read_report_files",
    "sentence",
    "subdistricts",
    "time_precision",
    "unresolved",
    "write_events",
]
