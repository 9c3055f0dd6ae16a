"""The :class:`Place` record returned by every lookup."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

# The vocabulary of place kinds: the one definition every module of the gazetteer reads.
#: every kind, from the largest unit to the smallest place, then areas, facilities and roads
#: (this order is the store's and the geoparser's kind code: ``KIND_CODE["village"] == 6``;
#: the areas region…plain stay contiguous). ``hill`` is a tell or peak named in fighting (a
#: point, its summit), ``airport`` a civil or military airport or airbase, ``camp`` a
#: displacement or military camp, ``crossing`` a border crossing, ``oilfield`` an oil or gas
#: field or its plant (حقل العمر، معمل غاز كونيكو), ``base`` a military base or garrison that is
#: not an airfield (قاعدة التنف), ``prison`` a prison or detention centre (سجن صيدنايا),
#: ``bridge`` a named bridge (جسر دير الزور المعلق); see NOTICE.md. ``hospital`` … ``street``
#: are sites inside a settlement named by their head noun (مشفى، حاجز، ملعب، دوار/ساحة، محطة،
#: معمل، شارع), as is ``mosque`` (مسجد، جامع), that the geoparser finds without a gazetteer entry
#: (:mod:`gazetteer.parse.rules.sites`). New kinds go at the end, so the codes of the others
#: stay stable.
KINDS = ("country", "governorate", "district", "subdistrict", "city", "town", "village",
         "neighbourhood", "region", "mountain", "plain", "hill", "river", "road", "airport",
         "dam", "crossing", "camp", "oilfield", "base", "prison", "bridge", "hospital",
         "checkpoint", "stadium", "square", "station", "factory", "street", "mosque",
         "landmark")
KIND_CODE = {k: n for n, k in enumerate(KINDS)}
#: settlements: a point that is the place itself
POPULATED = frozenset({"city", "town", "village", "neighbourhood"})
#: administrative units, the country included (their point is a centroid)
ADMIN = frozenset({"country", "governorate", "district", "subdistrict"})
#: administrative units inside the country
ADMIN_UNITS = frozenset({"governorate", "district", "subdistrict"})
#: units named after their seat town (مركز/ناحية X): the town is a reading of a bare name
SEAT_UNITS = frozenset({"district", "subdistrict"})
#: kinds a news report names without a frequency test (with capitals: rank 3)
MAJOR = frozenset({"country", "governorate"})
#: natural or traditional areas (جبل الزاوية، سهل الغاب): a representative point
AREAS = frozenset({"region", "mountain", "plain"})
#: named sites (a point each): what a descriptor word such as مطار, سد, معبر or مخيم names
FACILITIES = frozenset({"airport", "dam", "crossing", "camp", "oilfield", "base", "prison",
                        "bridge", "hospital", "checkpoint", "stadium", "square", "station",
                        "factory", "street", "mosque", "landmark"})
#: water courses: a line through cited riverside towns (geo.extents draws it as a band)
RIVERS = frozenset({"river"})
#: ``Place.geometry`` of a site the gazetteer lacks, located at the point of the settlement the
#: text puts it in («حي X في مدينة حلب»): good to a few km (the city's size), not to metres
WITHIN_SETTLEMENT = "point of the settlement it lies in"



class LookAlike(str, Enum):
    """Why a fuzzy candidate is a look-alike (a suggestion), not a spelling of the query."""

    #: the name differs by an unrelated letter: another place (معرة النعسان → معرة النعمان)
    ANOTHER_NAME = "a place of another name"
    #: a foreign country or city for a Syrian name (الصحن → الصين)
    ANOTHER_KIND = "a place of another kind (foreign country or city)"


# keys of Place.to_dict(), in order (the `geo resolve --format jsonl` candidate objects)
DICT_KEYS = ("id", "name_ar", "name_en", "lat", "lon", "kind", "admin1", "admin2", "population",
             "source", "source_id", "score", "reason", "geometry", "alternatives")


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer place, optionally scored for a query.

    ``id`` is ``<source>:<id>`` (``wof:890449833``, ``osy:SY07``, ``curated:m4``,
    ``extra:NAME``); ``lat``/``lon`` are WGS84 degrees; ``geometry`` says what the point is
    (``point``, ``centroid`` of an admin unit, a ``representative point`` of an area or
    road, or :data:`WITHIN_SETTLEMENT` for a site located at the settlement it lies in);
    ``score`` in [0, 1] and ``reason`` explain a resolution; ``alternatives`` holds the
    ids of the other candidates that were considered.

    >>> p = Place("wof:1", "سراقب", "Saraqib", 35.86, 36.81, "town", "Idlib", "Idlib", 34231,
    ...           "whosonfirst", "1")
    >>> p.to_dict()["name_en"], p.is_populated
    ('Saraqib', True)
    """

    id: str
    name_ar: str
    name_en: str
    lat: float
    lon: float
    kind: str
    admin1: str | None = None
    admin2: str | None = None
    population: int | None = None
    source: str = ""
    source_id: str = ""
    score: float = 0.0
    reason: str = ""
    geometry: str = "point"
    alternatives: tuple[str, ...] = field(default=())
    names: tuple[str, ...] = field(default=(), repr=False, compare=False)
    citation: str = field(default="", repr=False, compare=False)
    #: set when this candidate is only a look-alike of the query (a suggestion, not an answer)
    look_alike: LookAlike | None = field(default=None, compare=False)

    @property
    def is_populated(self) -> bool:
        return self.kind in POPULATED

    @property
    def is_admin(self) -> bool:
        return self.kind in ADMIN

    @property
    def label(self) -> str:
        """``name_ar (name_en)`` for people."""
        if self.name_ar and self.name_en:
            return f"{self.name_ar} ({self.name_en})"
        return self.name_ar or self.name_en

    def to_dict(self) -> dict:
        """The JSON dict of ``geo resolve`` (keys in :data:`DICT_KEYS`)."""
        d = {k: getattr(self, k) for k in DICT_KEYS}
        d["alternatives"] = list(self.alternatives)
        d["score"] = round(float(self.score), 4)
        return d

    def __str__(self) -> str:
        where = ", ".join(x for x in (self.admin2, self.admin1) if x)
        where = f"; {where}" if where else ""
        return f"{self.label} [{self.kind}{where}] {self.lat:.5f},{self.lon:.5f}"
