"""Names in a table → places, row by row: the geocoding of an incident list.

An incident list (ACLED, UCDP, a monitor's spreadsheet) names a place per row, often with its
governorate ("Rural Damascus", "Idleb", "الحسكة"). :func:`resolve_rows` adds the place to each
row: its id, names, kind, governorate, point, score and the reason it was chosen; the governorate
given, when understood, keeps only candidates in it. A name the gazetteer lacks gets no point and
its look-alikes as a ``did_you_mean`` text, never as an answer.

>>> from gazetteer import Gazetteer
>>> rows = [{"location": "سراقب", "admin1": "Idleb"},
...         {"location": "دوما", "admin1": "Rural Damascus"}]
>>> out = list(resolve_rows(rows, Gazetteer.default(), "location", "admin1"))
>>> [(r["place_name_en"], r["place_admin1"], r["resolve_status"]) for r in out]
[('Sarāqib', 'Idlib', 'found'), ('Douma', 'Rif Dimashq', 'found')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer.resolve import Gazetteer


class RowStatus(str, Enum):
    """What happened to one row's name (the ``resolve_status`` column)."""

    FOUND = "found"
    NOT_FOUND = "not_found"
    EMPTY = "empty"
    #: the governorate given is not one of Syria's 14 (in Arabic, English or OCHA spelling)
    UNKNOWN_GOVERNORATE = "unknown_governorate"


#: Columns added to every row, in order (``lat``/``lon`` become ``place_lat``/``place_lon``
#: when the table already has columns of those names).
RESULT_COLUMNS = ("place_id", "place_name_ar", "place_name_en", "place_kind", "place_admin1",
                  "place_admin2", "lat", "lon", "score", "reason", "source", "resolve_status",
                  "did_you_mean")
LAT, LON = RESULT_COLUMNS.index("lat"), RESULT_COLUMNS.index("lon")

#: Distinct (name, governorate) answers kept, so a list naming a village a thousand times
#: resolves it once.
CACHE_SIZE = 50_000


def result_columns(columns: Sequence[str]) -> list[str]:
    """The columns :func:`resolve_rows` adds to a table with ``columns`` (the added point is
    always at :data:`LAT` and :data:`LON` of this list).

    >>> result_columns(["name", "lat", "lon"])[LAT]
    'place_lat'
    """
    taken = {c.casefold() for c in columns}
    return [f"place_{c}" if c in ("lat", "lon") and c in taken else c for c in RESULT_COLUMNS]


def resolve_rows(rows: Iterable[dict], gazetteer: Gazetteer, name_column: str,
                 governorate_column: str | None = None, governorate: str | None = None,
                 near: tuple[float, float, float] | None = None) -> Iterator[dict]:
    """Each row with the :data:`RESULT_COLUMNS` added (a new dict; the input is not changed).

    The row's ``governorate_column``, or else ``governorate`` for every row, keeps only
    candidates in that governorate; ``near`` (lat, lon, radius km) keeps only candidates within
    the radius, for every row. The first row's keys decide the names of the added
    ``lat``/``lon`` columns (:func:`result_columns`).
    """
    cache: dict[tuple[str, str], dict] = {}
    added: list[str] | None = None
    for row in rows:
        if added is None:
            added = result_columns(list(row))
        name = str(row.get(name_column) or "").strip()
        given = (str(row.get(governorate_column) or "").strip() if governorate_column
                 else governorate or "")
        key = (name, given)
        answer = cache.get(key)
        if answer is None:
            answer = _answer(name, given, gazetteer, near)
            if len(cache) >= CACHE_SIZE:
                cache.clear()
            cache[key] = answer
        out = dict(row)
        out.update(zip(added, answer.values(), strict=True))
        yield out


def _answer(name: str, given: str, g: Gazetteer,
            near: tuple[float, float, float] | None = None) -> dict:
    from gazetteer.resolve import suggestion_label

    ans = dict.fromkeys(RESULT_COLUMNS)
    if not name:
        ans["resolve_status"] = RowStatus.EMPTY.value
        return ans
    governorate = g.governorate_name(given) if given else None
    if given and governorate is None:
        ans["resolve_status"] = RowStatus.UNKNOWN_GOVERNORATE.value
        return ans
    places = g.resolve(name, limit=1, governorate=governorate, near=near)
    if not places:
        ans["resolve_status"] = RowStatus.NOT_FOUND.value
        # found, but not in the governorate or radius given; else the look-alikes (never answers)
        others = (g.resolve(name, limit=3) if governorate or near else []) or g.suggest(
            name, limit=3, governorate=governorate)
        ans["did_you_mean"] = "; ".join(map(suggestion_label, others)) or None
        return ans
    p = places[0]
    ans.update(place_id=p.id, place_name_ar=p.name_ar, place_name_en=p.name_en,
               place_kind=p.kind, place_admin1=p.admin1, place_admin2=p.admin2,
               lat=p.lat, lon=p.lon, score=round(float(p.score), 3), reason=p.reason,
               source=p.source, resolve_status=RowStatus.FOUND.value)
    return ans
