"""A geopy-compatible geocoder over the offline gazetteer, with an optional online fallback.

``OfflineGazetteer`` subclasses :class:`geopy.geocoders.base.Geocoder`, so it works where a
geopy geocoder does, including ``geopandas.tools.geocode`` (which calls
``provider(**kwargs).geocode(name)``)::

    >>> from gazetteer.geocoder import OfflineGazetteer
    >>> loc = OfflineGazetteer().geocode("سراقب")
    >>> round(loc.latitude, 2), loc.raw["id"], loc.raw["online"]
    (35.86, 'wof:890449833', False)
    >>> OfflineGazetteer().reverse((35.865, 36.806)).raw["name_en"]
    'Sarāqib'

    import geopandas
    gdf = geopandas.tools.geocode(["سراقب", "Kafranbel"], provider=OfflineGazetteer)

Online fallback (off by default): names the gazetteer lacks can be sent to a Nominatim server
*you run* (the public one forbids bulk use): ``OfflineGazetteer(fallback_domain="localhost:8080",
fallback_scheme="http")``. Requests go through geopy's ``RateLimiter`` (``min_delay_seconds``)
and a small cache (in memory, plus a JSON file with ``cache_path=``); such results carry
``raw["source"] == "nominatim"`` and ``raw["online"] is True``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from gazetteer.place import POPULATED, Place

USER_AGENT = "m4-geo offline gazetteer"


class OfflineGazetteer(Geocoder):
    """geopy geocoder backed by :class:`gazetteer.Gazetteer` (no network unless asked)."""

    def __init__(self, *, extra: list[str] | None = None, gazetteer: Any = None,
                 governorate: str | None = None, near: tuple[float, float, float] | None = None,
                 fallback_domain: str | None = None, fallback_scheme: str = "https",
                 min_delay_seconds: float = 1.0, cache_path: str | os.PathLike | None = None,
                 user_agent: str | None = None, timeout: float = 10, **kwargs: Any):
        super().__init__(scheme=fallback_scheme, timeout=timeout,
                         user_agent=user_agent or USER_AGENT, **kwargs)
        if gazetteer is None:
            from gazetteer.resolve import Gazetteer

            gazetteer = Gazetteer(extra=extra) if extra else Gazetteer.default()
        self.gazetteer = gazetteer
        self.governorate, self.near = governorate, near
        self.fallback_domain = fallback_domain
        self.fallback_scheme = fallback_scheme
        self.min_delay_seconds = min_delay_seconds
        self.cache_path = Path(cache_path) if cache_path else None
        self._cache: dict[str, Any] = {}
        if self.cache_path and self.cache_path.exists():
            try:
                self._cache = json.loads(self.cache_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._cache = {}
        self._online = None

    # ------------------------------------------------------------------ forward

    def geocode(self, query: str, *, exactly_one: bool = True, limit: int | None = None,
                governorate: str | None = None, near: tuple[float, float, float] | None = None,
                within: tuple[float, float, float, float] | None = None, online: bool | None = None,
                **_: Any):
        """``Location`` (or a list when ``exactly_one=False``), ``None`` when nothing matches.

        ``.raw`` is the place dict of ``geo resolve`` plus ``online`` (False here).
        """
        if isinstance(query, dict):
            query = " ".join(str(v) for v in query.values())
        query = str(query or "")
        k = 1 if exactly_one else (limit or 5)
        places = self.gazetteer.resolve(query, limit=k, near=near or self.near, within=within,
                                        governorate=governorate or self.governorate)
        if places:
            locs = [_location(p) for p in places]
            return locs[0] if exactly_one else locs
        use_online = self.fallback_domain is not None if online is None else online
        if use_online and query.strip():
            return self._geocode_online(query, exactly_one, k)
        return None if exactly_one else []

    # ------------------------------------------------------------------ reverse

    def reverse(self, query, *, exactly_one: bool = True, kinds: frozenset[str] | None = POPULATED,
                max_km: float | None = None, limit: int = 5, **_: Any):
        """The nearest place to ``(lat, lon)`` (``Location``; a list when ``exactly_one=False``).

        ``kinds`` restricts the candidates (default: populated places); ``max_km`` gives up
        beyond that distance (returns ``None``).
        """
        lat, lon = _latlon(query)
        g = self.gazetteer
        from gazetteer.distance import great_circle_km_np as _haversine

        d = _haversine(lat, lon, g.lat, g.lon)
        if kinds is not None:
            mask = np.fromiter((k in kinds for k in g.kind), dtype=bool, count=g.n)
            d = np.where(mask, d, np.inf)
        order = np.argsort(d, kind="stable")[: (1 if exactly_one else limit)]
        out = []
        for i in order:
            dist = float(d[i])
            if not np.isfinite(dist) or (max_km is not None and dist > max_km):
                break
            p = g.place(int(i))
            score = max(0.0, 1.0 - dist / 25.0)
            out.append(_location(p, score=score, reason=f"nearest {p.kind}: {dist:.2f} km",
                                 distance_km=round(dist, 3)))
        if exactly_one:
            return out[0] if out else None
        return out

    # ------------------------------------------------------------------ online fallback

    def _geocode_online(self, query: str, exactly_one: bool, limit: int):
        key = f"{int(exactly_one)}:{limit}:{query}"
        if key not in self._cache:
            fn = self._online_fn()
            result = fn(query, exactly_one=False, limit=limit)
            self._cache[key] = [
                {"address": loc.address, "lat": loc.latitude, "lon": loc.longitude,
                 "raw": loc.raw} for loc in (result or [])
            ]
            self._save_cache()
        locs = []
        for hit in self._cache[key]:
            osm = f"{hit['raw'].get('osm_type', '')}{hit['raw'].get('osm_id', '')}"
            raw = {"id": f"nominatim:{osm}",
                   "name_ar": "", "name_en": hit["address"], "lat": hit["lat"], "lon": hit["lon"],
                   "kind": hit["raw"].get("type", ""), "admin1": None, "admin2": None,
                   "population": None, "source": "nominatim", "source_id": str(
                       hit["raw"].get("place_id", "")), "score": 0.5,
                   "reason": f"online result from {self.fallback_domain} (not in the offline "
                             "gazetteer)", "online": True, "nominatim": hit["raw"]}
            locs.append(Location(hit["address"], Point(hit["lat"], hit["lon"]), raw))
        if exactly_one:
            return locs[0] if locs else None
        return locs

    def _online_fn(self):
        if self._online is None:
            from geopy.extra.rate_limiter import RateLimiter
            from geopy.geocoders import Nominatim

            nom = Nominatim(domain=self.fallback_domain, scheme=self.fallback_scheme,
                            user_agent=self.headers.get("User-Agent", USER_AGENT),
                            timeout=self.timeout)
            self._online = RateLimiter(nom.geocode, min_delay_seconds=self.min_delay_seconds,
                                       max_retries=1, error_wait_seconds=self.min_delay_seconds,
                                       swallow_exceptions=False)
        return self._online

    def _save_cache(self) -> None:
        if not self.cache_path:
            return
        tmp = self.cache_path.with_name(self.cache_path.name + ".part")
        tmp.write_text(json.dumps(self._cache, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.cache_path)


def _latlon(query) -> tuple[float, float]:
    if isinstance(query, Point):
        return float(query.latitude), float(query.longitude)
    if isinstance(query, str):
        p = Point(query)
        return float(p.latitude), float(p.longitude)
    lat, lon = query
    return float(lat), float(lon)


def _location(p: Place, score: float | None = None, reason: str | None = None,
              **extra: Any) -> Location:
    raw = p.to_dict()
    if score is not None:
        raw["score"] = round(score, 4)
    if reason is not None:
        raw["reason"] = reason
    raw.update(online=False, **extra)
    where = ", ".join(x for x in (p.admin2, p.admin1) if x)
    address = p.label + (f", {where}" if where else "")
    return Location(address, Point(p.lat, p.lon), raw)
