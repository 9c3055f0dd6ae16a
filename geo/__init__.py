"""Geometry of the M4 security corridor, maps, and the ``geo`` command line.

The public API is imported lazily so that ``geo --help`` and other light commands start fast::

    >>> import geo
    >>> geo.__version__
    '0.1.0'
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# name -> module that defines it; resolved on first access (PEP 562).
_LAZY = {
    "classify": "geo.classification",
    "classify_frame": "geo.classification",
    "classify_partition": "geo.classification",
    "places_inside": "geo.classification",
    "Corridor": "geo.corridor",
    "build_corridor": "geo.corridor",
    "default_corridor": "geo.corridor",
    "Centerline": "geo.centerline",
    "report_map": "geo.maps",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
