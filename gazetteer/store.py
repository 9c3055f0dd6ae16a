"""The gazetteer store: bundled places plus the user's extra CSV files, and their name indexes.

Loading reads ``data/places.json.gz`` (built by :mod:`gazetteer.build`, indexes precomputed)
in well under a second; :meth:`Store.default` caches one instance per process.

API for matchers (the report geoparser uses these directly)::

    >>> from gazetteer.store import Store
    >>> s = Store.default()
    >>> ids = s.arabic_index["جسر الشغور"]          # normalised *spaced* name -> record ids
    >>> ids == s.arabic_index["جسرالشغور"]          # joined form -> the same ids
    True
    >>> s.place(ids[0]).kind in ("town", "district", "subdistrict")
    True
    >>> s.max_words >= 3
    True

* ``arabic_index: dict[str, tuple[int, ...]]`` — keys are :func:`normalize.spaced` of every
  Arabic name (words joined by one space) *and* :func:`normalize.key` (joined, no spaces).
* ``arabic_variant_index`` — the same names with the article ال removed from, or added to,
  the first word (الدانا ↔ دانا), for keys that are not already exact names.
* ``arabic_romanised_index`` — Arabic spellings of a record's BGN/PCGN romanised names that
  its Arabic names lack (:func:`gazetteer.build.romanised_keys`: قوقفين ← "Qūqfīn").
* ``latin_index: dict[str, tuple[int, ...]]`` — :func:`normalize.latin` of every Latin name;
  ``latin_keys`` is the list of its keys (the choices for rapidfuzz).
* Record arrays for vectorised scoring, aligned with record ids ``0 … n-1``: ``lat``, ``lon``
  (float64), ``population`` (float64, NaN when unknown), ``rank`` (int8: 5 user extra, 4 country,
  3 capital/governorate seat or world city, 2 district seat or main road, 1 subdistrict seat or
  curated name, 0 other), and Python lists ``ids``, ``kind``, ``name_ar``, ``name_en``,
  ``admin1``, ``admin2``, ``source``.
* ``place(i) -> Place`` (cached), ``index_of(place_id) -> int``, ``get(place_id) -> Place``,
  ``names_of(i)`` (every name variant), ``max_words`` (longest Arabic name in words).

Extra CSV files (``Store(extra=[path, …])``, ``geo … --gazetteer-extra FILE``), UTF-8 with a
header. Columns (order free, unknown columns ignored):

=============  =========================================================================
``name_ar``    Arabic name (this or ``name_en`` is required)
``name_en``    Latin-script name
``lat``        latitude, WGS84 degrees (required, -90…90)
``lon``        longitude, WGS84 degrees (required, -180…180)
``kind``       one of country, governorate, district, subdistrict, city, town, village,
               neighbourhood, region, mountain, plain, road (default ``village``)
``admin1``     governorate (English, e.g. ``Idlib``; an Arabic name is mapped)
``admin2``     district
``population`` integer, optional
``source``     where the entry comes from (a URL, a report) — kept as provenance
``names``      optional other names, separated by ``|`` (``alt_names`` also accepted)
``id``         optional identifier; the place id becomes ``extra:<id>``
=============  =========================================================================

Extra entries win over bundled entries with the same names: they are listed first in the
indexes and rank highest. A malformed file raises :class:`GazetteerError` naming the file
and line.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from gazetteer import normalize as N
from gazetteer.errors import GazetteerError
from gazetteer.place import KINDS, LookAlike, Place

DATA_FILE = Path(__file__).resolve().parent / "data" / "places.json.gz"
EXTRA_COLUMNS = ("name_ar", "name_en", "lat", "lon", "kind", "admin1", "admin2", "population",
                 "source", "names", "id")
USER_RANK = 5

T = TypeVar("T")


class Store:
    """Places and name indexes; see the module docstring for the attributes."""

    def __init__(self, extra: Sequence[str | os.PathLike] | str | os.PathLike | None = (),
                 data_file: str | os.PathLike | None = None):
        if isinstance(extra, (str, os.PathLike)):
            extra = [extra]
        self._fields: dict[int, tuple] = {}
        self._names_cache: dict[int, tuple[str, ...]] = {}
        self._derived: dict[str, Any] = {}
        self._memos: dict[str, dict] = {}
        raw = json.loads(gzip.decompress(Path(data_file or DATA_FILE).read_bytes()))
        c = raw["columns"]
        self.ids: list[str] = c["id"]
        self.kind: list[str] = c["kind"]
        self.name_ar: list[str] = c["name_ar"]
        self.name_en: list[str] = c["name_en"]
        self.admin1: list[str | None] = c["admin1"]
        self.admin2: list[str | None] = c["admin2"]
        self.source: list[str] = c["source"]
        self.source_id: list[str] = c["source_id"]
        self.geometry: list[str] = c["geometry"]
        self.citation: list[str] = c["citation"]
        self._names_ar: list[str] = c["names_ar"]
        self._names_latin: list[str] = c["names_latin"]
        self._pop: list[int | None] = c["population"]
        self._lat: list[float] = c["lat"]
        self._lon: list[float] = c["lon"]
        self._rank: list[int] = c["rank"]
        self.arabic_index: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in
                                                         raw["arabic"].items()}
        self.arabic_variant_index: dict[str, tuple[int, ...]] = {
            k: tuple(v) for k, v in raw["arabic_variant"].items()}
        self.latin_index: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in
                                                        raw["latin"].items()}
        self.arabic_romanised_index: dict[str, tuple[int, ...]] = {
            k: tuple(v) for k, v in raw.get("arabic_romanised", {}).items()}
        self._by_id: dict[str, int] = {}
        for i, (pid, also) in enumerate(zip(self.ids, c["also"], strict=True)):
            self._by_id[pid] = i
            for a in also.split("|") if also else ():
                self._by_id.setdefault(a, i)
        self.extra_files: tuple[str, ...] = ()
        for path in extra or ():
            self._add_extra(path)
        self._finish()

    # ------------------------------------------------------------------ construction

    @classmethod
    @cache
    def default(cls) -> Store:
        """The bundled gazetteer, loaded once per process."""
        return cls()

    def _finish(self) -> None:
        self.n = len(self.ids)
        self.lat = np.asarray(self._lat, dtype=np.float64)
        self.lon = np.asarray(self._lon, dtype=np.float64)
        self.population = np.array([np.nan if p is None else p for p in self._pop],
                                   dtype=np.float64)
        self.rank = np.asarray(self._rank, dtype=np.int8)
        self.latin_keys: list[str] = list(self.latin_index)
        self.max_words = max((k.count(" ") + 1 for k in self.arabic_index), default=1)
        self._fields.clear()
        self._names_cache.clear()
        self._derived.clear()
        self._memos.clear()
        self._gov_names: dict[str, str] | None = None

    # ------------------------------------------------------------------ caches

    def derived(self, key: str, build: Callable[[], T]) -> T:
        """Data derived from the store's records (the geoparser's name index, the context
        scorer's per-record arrays), built by ``build()`` on first use under ``key`` (by
        convention ``"module.what"``) and dropped whenever the records change. The store owns
        every cache of its records, so none goes stale and none is glued on from outside.

        >>> s = Store.default()
        >>> s.derived("doc.n", lambda: len(s.ids)) == s.derived("doc.n", list) == s.n
        True
        """
        try:
            return self._derived[key]
        except KeyError:
            value = self._derived[key] = build()
            return value

    def memo(self, key: str, limit: int = 100_000) -> dict:
        """A memo table (a dict the caller fills) for results computed from the records,
        emptied when it holds more than ``limit`` entries or the records change."""
        table = self._memos.get(key)
        if table is None or len(table) > limit:
            table = self._memos[key] = {}
        return table

    def _add_extra(self, path: str | os.PathLike) -> None:
        name = os.fspath(path)
        try:
            data = Path(name).read_bytes()
        except OSError as err:
            raise GazetteerError(f"cannot read: {err.strerror}", path=name) from None
        if b"\x00" in data[:8192]:
            raise GazetteerError("binary file, expected a UTF-8 CSV", path=name)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise GazetteerError("not valid UTF-8", path=name, line=line) from None
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader)
        except StopIteration:
            raise GazetteerError("empty file; expected a CSV header with name_ar, name_en, lat, "
                                 "lon", path=name, line=1) from None
        except csv.Error as err:
            raise GazetteerError(f"bad CSV: {err}", path=name, line=1) from None
        cols = [h.strip().lower() for h in header]
        cols = ["names" if h in ("alt_names", "alternate_names", "aliases") else h for h in cols]
        twice = sorted({h for h in cols if h and cols.count(h) > 1})
        if twice:  # the row dict would silently keep the last one
            raise GazetteerError(f"column {twice[0]!r} appears {cols.count(twice[0])} times",
                                 path=name, line=1)
        missing = [c for c in ("lat", "lon") if c not in cols]
        if missing or not {"name_ar", "name_en"} & set(cols):
            need = ", ".join(missing + ([] if {"name_ar", "name_en"} & set(cols)
                                       else ["name_ar or name_en"]))
            raise GazetteerError(f"missing column(s) {need} (have: {', '.join(cols)})",
                                 path=name, line=1)
        added = 0
        try:
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) > len(cols):
                    raise GazetteerError(f"{len(row)} fields, header has {len(cols)}",
                                         path=name, line=line)
                rec = {c: (row[i].strip() if i < len(row) else "") for i, c in enumerate(cols)}
                self._add_extra_row(rec, name, line)
                added += 1
        except csv.Error as err:
            raise GazetteerError(f"bad CSV: {err}", path=name, line=reader.line_num) from None
        self.extra_files += (name,)

    def _add_extra_row(self, rec: dict[str, str], path: str, line: int) -> None:
        def num(col: str, lo: float, hi: float) -> float:
            try:
                v = float(rec.get(col, ""))
            except ValueError:
                raise GazetteerError(f"{col} is not a number: {rec.get(col)!r}", path=path,
                                     line=line) from None
            if not (lo <= v <= hi) or math.isnan(v):
                raise GazetteerError(f"{col} out of range ({lo:g}…{hi:g}): {v:g}", path=path,
                                     line=line)
            return v

        lat, lon = num("lat", -90, 90), num("lon", -180, 180)
        names = [n.strip() for n in rec.get("names", "").split("|") if n.strip()]
        name_ar, name_en = rec.get("name_ar", ""), rec.get("name_en", "")
        all_names = [n for n in (name_ar, name_en, *names) if n]
        if not all_names:
            raise GazetteerError("no name (fill name_ar or name_en)", path=path, line=line)
        kind = (rec.get("kind") or "village").lower()
        if kind not in KINDS:
            raise GazetteerError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}",
                                 path=path, line=line)
        pop = None
        if rec.get("population"):
            try:
                pop = int(float(rec["population"]))
            except (ValueError, OverflowError):  # "many", "nan", "1e400"
                raise GazetteerError(f"population is not a number: {rec['population']!r}",
                                     path=path, line=line) from None
        ident = rec.get("id") or name_en or name_ar
        pid = f"extra:{ident}"
        if pid in self._by_id:
            pid = f"extra:{ident}:{Path(path).name}:{line}"
        ar = list(dict.fromkeys(n for n in all_names if N.has_arabic(n)))
        en = list(dict.fromkeys(n for n in all_names if not N.has_arabic(n)))
        i = len(self.ids)
        self.ids.append(pid)
        self.kind.append(kind)
        self.name_ar.append(name_ar or (ar[0] if ar else ""))
        self.name_en.append(name_en or (en[0] if en else ""))
        self.admin1.append(self._governorate_name(rec.get("admin1", "")) or None)
        self.admin2.append(rec.get("admin2") or None)
        self.source.append("extra")
        self.source_id.append(rec.get("source") or f"{Path(path).name}:{line}")
        self.geometry.append("point")
        self.citation.append(rec.get("source", ""))
        self._names_ar.append("|".join(ar))
        self._names_latin.append("|".join(en))
        self._pop.append(pop)
        self._lat.append(lat)
        self._lon.append(lon)
        self._rank.append(USER_RANK)
        self._by_id[pid] = i
        from gazetteer.build import index_names

        exact, variant, latin = index_names(ar, en)
        for index, keys in ((self.arabic_index, exact), (self.arabic_variant_index, variant),
                            (self.latin_index, latin)):
            for k in keys:  # extra entries first: they win over bundled ones
                index[k] = (i, *(j for j in index.get(k, ()) if j != i))

    # ------------------------------------------------------------------ access

    def __len__(self) -> int:
        return self.n

    def place(self, i: int, score: float = 0.0, reason: str = "",
              alternatives: tuple[str, ...] = (), look_alike: LookAlike | None = None) -> Place:
        """Record ``i`` as a :class:`Place` (with a score, reason, alternatives and, for a
        look-alike of the query, why, if given)."""
        f = self._fields.get(i)
        if f is None:
            f = (self.ids[i], self.name_ar[i], self.name_en[i], self._lat[i], self._lon[i],
                 self.kind[i], self.admin1[i], self.admin2[i], self._pop[i], self.source[i],
                 self.source_id[i])
            self._fields[i] = f
        return Place(*f, score, reason, self.geometry[i], alternatives, self.names_of(i),
                     self.citation[i], look_alike)

    def names_of(self, i: int) -> tuple[str, ...]:
        """Every name variant of record ``i`` (Arabic first, then Latin)."""
        names = self._names_cache.get(i)
        if names is None:
            names = tuple(n for n in (*self._names_ar[i].split("|"),
                                      *self._names_latin[i].split("|")) if n)
            self._names_cache[i] = names
        return names

    def index_of(self, place_id: str) -> int:
        """Record number of ``place_id`` (merged duplicates' ids work too); KeyError if absent."""
        return self._by_id[place_id]

    def get(self, place_id: str) -> Place:
        """The place with this id; :class:`KeyError` when there is none."""
        return self.place(self.index_of(place_id))

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._by_id

    def lookup_arabic(self, name: str) -> tuple[tuple[int, ...], str]:
        """Record ids whose Arabic name equals ``name`` after normalisation, and how.

        Returns ``(ids, "exact")``, ``(ids, "article")`` (matched with ال added/removed),
        ``(ids, "romanised")`` (the Arabic spelling of a romanised name) or ``((), "")``.
        """
        sp = N.spaced(name)
        ids = self.arabic_index.get(sp) or self.arabic_index.get(sp.replace(" ", ""))
        if ids:
            return ids, "exact"
        ids = self.arabic_variant_index.get(sp) or self.arabic_variant_index.get(
            sp.replace(" ", ""))
        if ids:
            return ids, "article"
        ids = self.arabic_romanised_index.get(sp) or self.arabic_romanised_index.get(
            sp.replace(" ", ""))
        return (ids, "romanised") if ids else ((), "")

    def lookup_latin(self, name: str) -> tuple[int, ...]:
        return self.latin_index.get(N.latin(name), ())

    # ------------------------------------------------------------------ governorates

    def governorate_name(self, name: str) -> str | None:
        """The English governorate name (``admin1`` value) for an Arabic or Latin name."""
        return self._governorate_name(name)

    def _governorate_name(self, name: str) -> str | None:
        if not name:
            return None
        if getattr(self, "_gov_names", None) is None:
            self._gov_names = self._governorate_table()
        if N.has_arabic(name):  # "ريف دمشق" is a governorate of its own: the whole name first
            k = N.key(name)
            return self._gov_names.get(k) or self._gov_names.get(re.sub(r"^(محافظه|ريف)", "", k))
        k = "l:" + N.latin(name)
        return self._gov_names.get(k) or self._gov_names.get(
            "l:" + re.sub(r"(guvirnurati|pruwinci|guwirnurat)$", "", k[2:]))

    def _governorate_table(self) -> dict[str, str]:
        """Normalised governorate name -> ``admin1`` value: the records' own names, then the
        spellings of UN OCHA's COD-AB (``Rural Damascus``, ``As-Sweida``: those of ACLED and
        most incident lists), matched to a record by their Arabic name."""
        table: dict[str, str] = {}

        def key(n: str) -> str:
            return N.key(n) if N.has_arabic(n) else "l:" + N.latin(n)

        for i, k in enumerate(self.kind):
            if k == "governorate" and self.source[i] != "extra":
                for n in self.names_of(i):
                    table.setdefault(key(n), self.name_en[i])
        with open(DATA_FILE.parent / "governorate_names.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                admin1 = table.get(key(row["name_ar"]))
                if admin1:
                    table.setdefault(key(row["name_en"]), admin1)
        return table

    def extra_ids(self) -> Iterable[int]:
        return (i for i, s in enumerate(self.source) if s == "extra")
