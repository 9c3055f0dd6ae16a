"""Distances between points, in km: the one definition the gazetteer uses.

Two formulas, each in a scalar (``math``) and an array (``numpy``, broadcasting) form:

- :func:`great_circle_km`: the haversine on a sphere of the mean Earth radius (IUGG), for
  answers a user sees (the distance of a resolved place from a focus point);
- :func:`flat_km`: an equirectangular approximation, within 0.5% of the great-circle distance at
  the scale of Syria and much cheaper on report-sized arrays (context scoring).

>>> round(great_circle_km(35.93, 36.63, 36.20, 37.16), 1)   # Idlib - Aleppo
56.3
>>> round(flat_km(35.93, 36.63, 36.20, 37.16), 1)
56.3
"""

from __future__ import annotations

import math

#: mean Earth radius (IUGG), km
EARTH_RADIUS_KM = 6371.0088
#: km per degree of latitude, and of longitude at the equator (equirectangular approximation)
KM_PER_DEG_LAT = 110.95
KM_PER_DEG_LON = 111.32


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points (scalar, no numpy overhead)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return EARTH_RADIUS_KM * 2 * math.asin(min(1.0, math.sqrt(a)))


def great_circle_km_np(lat0, lon0, lat, lon):
    """:func:`great_circle_km` on numpy arrays (broadcasting)."""
    import numpy as np

    lat0r, latr = np.radians(lat0), np.radians(lat)
    a = (np.sin((latr - lat0r) / 2) ** 2
         + np.cos(lat0r) * np.cos(latr) * np.sin(np.radians(lon - lon0) / 2) ** 2)
    return EARTH_RADIUS_KM * 2 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def flat_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Approximate distance in km (equirectangular; fine at the scale of Syria), scalar."""
    dy = (float(lat2) - float(lat1)) * KM_PER_DEG_LAT
    dx = (float(lon2) - float(lon1)) * KM_PER_DEG_LON * math.cos(math.radians(
        (float(lat1) + float(lat2)) / 2))
    return math.hypot(dx, dy)


def flat_km_np(lat1, lon1, lat2, lon2):
    """:func:`flat_km` on numpy arrays (broadcasting)."""
    import numpy as np

    lat1 = np.asarray(lat1, dtype=float)
    lat2 = np.asarray(lat2, dtype=float)
    dy = (lat2 - lat1) * KM_PER_DEG_LAT
    dx = (np.asarray(lon2, dtype=float) - np.asarray(lon1, dtype=float)) * (
        KM_PER_DEG_LON * np.cos((lat1 + lat2) * _HALF_RADIAN))
    return np.hypot(dx, dy)


#: ``np.radians(x * 0.5) == x * _HALF_RADIAN`` to the last bit (``np.radians`` multiplies by
#: pi/180, and halving is exact): one array operation fewer per call
_HALF_RADIAN = 0.5 * (math.pi / 180.0)
