"""An offline gazetteer of Syria for Arabic news reports.

Data flow: text → :mod:`gazetteer.normalize` (keys) → :mod:`gazetteer.store` (indexes over the
bundled data and user extras) → :mod:`gazetteer.resolve` (ranked candidates) → :class:`Place`;
reports go through :mod:`gazetteer.extract` and :mod:`gazetteer.context` to :class:`Mention`.

The public names are imported lazily (``import gazetteer`` stays light)::

    >>> from gazetteer import Gazetteer
    >>> g = Gazetteer.default()                # bundled data, loaded once per process
    >>> best = g.resolve("سراقب")[0]
    >>> best.name_en, best.kind, best.admin1
    ('Sarāqib', 'town', 'Idlib')
"""

from __future__ import annotations

import importlib

_LAZY = {
    "Gazetteer": "gazetteer.resolve",
    "Place": "gazetteer.place",
    "LookAlike": "gazetteer.place",
    "did_you_mean": "gazetteer.resolve",
    "Store": "gazetteer.store",
    "GazetteerError": "gazetteer.errors",
    "Mention": "gazetteer.mention",
    "OfflineGazetteer": "gazetteer.geocoder",
}

__all__ = list(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gazetteer' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
