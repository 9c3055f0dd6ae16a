"""Zone definitions: what a corridor *is*, as data (its legal source, road, ends, widths, sides).

A zone definition is plain data: the bundled registry (``geo/data/zones.json``) holds the
security corridor of the additional protocol of 5 March 2020; a user's own agreement or a road
with other widths is a JSON file of the same shape, loaded with :func:`load_zone` (``--zone
FILE`` on the command line). Geometry is built from a definition by
:func:`geo.corridor.zone_corridor`; answers by :mod:`geo.classification` and :mod:`geo.answers`.

    >>> z = default_zone()
    >>> z.id, z.width_m, z.side_names, z.road
    ('m4-2020', 6000.0, ('north', 'south'), 'm4-west')
    >>> sorted(ZONES)
    ['m4-2020']

A user zone file (JSON) needs ``id``, ``width_m``, and either ``centerline`` (a path, relative to
the file, of any line format GDAL reads) or nothing (the bundled M4); ``west_end``/``east_end``
take a place name or ``"LAT,LON"``; every other key is optional::

    {"id": "my-road", "name_en": "...", "centerline": "road.geojson", "west_end": "35.8,36.1",
     "east_end": "35.9,36.7", "width_m": 3000, "side_names": ["west", "east"],
     "accuracy_m": 50, "legal_source": "...", "source_date": "2021-01-01"}
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from geo.io import InputError

__all__ = ["DEFAULT_ZONE", "ZONES", "ZoneDefinition", "default_zone", "get_zone", "load_zone"]

DATA = Path(__file__).parent / "data"
DEFAULT_ZONE = "m4-2020"


@dataclass(frozen=True)
class ZoneDefinition:
    """One zone: a band of ``width_m`` on each side of a reference line between two ends."""

    id: str
    width_m: float
    name_en: str = ""
    name_ar: str = ""
    legal_source: str = ""
    source_date: str | None = None
    in_force: str | None = None
    #: The road whose mention as a whole is this zone's own road (a :class:`gazetteer.roads.Road`
    #: value, e.g. ``m4-west``), or None.
    road: str | None = None
    #: Path of the reference line (None: the bundled M4 centerline).
    centerline: str | None = None
    #: Section ends: a place name or ``"LAT,LON"`` (None: the bundled patrol ends).
    west_end: str | None = None
    east_end: str | None = None
    cap: str = "flat"
    #: Names of the (left, right) bands travelling west → east (None: compass names).
    side_names: tuple[str, str] | None = None
    #: Stated accuracy of the reference line in metres (None: what the line data says).
    accuracy_m: float | None = None
    provenance: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["side_names"] = list(self.side_names) if self.side_names else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any], where: str = "zone", base: Path | None = None
                  ) -> ZoneDefinition:
        """A definition from a JSON object; paths are taken relative to ``base``."""
        if not isinstance(d, dict):
            raise InputError(f"{where}: a zone definition is a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}; "
                             f"known: {', '.join(sorted(known))}")
        if not isinstance(d.get("id"), str) or not d["id"]:
            raise InputError(f"{where}: 'id' must be a non-empty string")
        try:
            width = float(d.get("width_m"))
        except (TypeError, ValueError):
            raise InputError(f"{where}: 'width_m' must be a number of metres") from None
        if not 0 < width <= 50_000:
            raise InputError(f"{where}: 'width_m' must be between 0 and 50000, not {width:g}")
        sides = d.get("side_names")
        if sides is not None and (not isinstance(sides, list) or len(sides) != 2
                                  or not all(isinstance(x, str) and x for x in sides)
                                  or sides[0] == sides[1]):
            raise InputError(f"{where}: 'side_names' must be two different names "
                             "(left, right travelling west → east)")
        acc = d.get("accuracy_m")
        if acc is not None:
            try:
                acc = float(acc)
            except (TypeError, ValueError):
                raise InputError(f"{where}: 'accuracy_m' must be a number of metres") from None
            if not acc >= 0 or acc == float("inf"):
                raise InputError(f"{where}: 'accuracy_m' must be a finite number ≥ 0")
        line = d.get("centerline")
        if line is not None:
            if not isinstance(line, str):
                raise InputError(f"{where}: 'centerline' must be a file path")
            if base is not None and not os.path.isabs(line):
                line = str(base / line)
        values = {**d, "width_m": width, "accuracy_m": acc, "centerline": line,
                  "side_names": tuple(sides) if sides else None}
        for key in ("west_end", "east_end"):
            v = values.get(key)
            if v is not None and not isinstance(v, str):
                raise InputError(f"{where}: {key!r} must be a place name or 'LAT,LON'")
        return cls(**values)


@cache
def _bundled() -> dict[str, ZoneDefinition]:
    raw = json.loads((DATA / "zones.json").read_text(encoding="utf-8"))
    return {z["id"]: ZoneDefinition.from_dict(z, "zones.json", DATA) for z in raw["zones"]}


#: The bundled zone definitions by id.
ZONES: dict[str, ZoneDefinition] = _bundled()


def default_zone() -> ZoneDefinition:
    """The 5 March 2020 corridor."""
    return ZONES[DEFAULT_ZONE]


def load_zone(path: str | os.PathLike) -> ZoneDefinition:
    """A zone definition from a JSON file (see the module docstring)."""
    p = Path(path)
    try:
        raw = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: no such zone file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{p}: cannot read the zone file ({e.__class__.__name__})") from None
    except (json.JSONDecodeError, RecursionError) as e:
        line = getattr(e, "lineno", None)
        raise InputError(f"{p}:{line or 1}: not a JSON zone definition") from None
    return ZoneDefinition.from_dict(raw, str(p), p.parent)


def get_zone(spec: str | os.PathLike | ZoneDefinition | None) -> ZoneDefinition:
    """A definition from an id of the bundled registry, a file path, or a definition."""
    if spec is None:
        return default_zone()
    if isinstance(spec, ZoneDefinition):
        return spec
    if isinstance(spec, str) and spec in ZONES:
        return ZONES[spec]
    return load_zone(spec)
