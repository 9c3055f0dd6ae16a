"""Colours shared by every picture of the corridor: the HTML map and the KML.

Okabe–Ito colours, safe for colour-blind readers, keyed by corridor answer (the band when
inside — ``north``, ``south``, ``astride`` — else the :class:`~geo.vocabulary.CorridorStatus`).

>>> kml_colour("#0072b2", 0.5)
'80b27200'
"""

from __future__ import annotations

#: Corridor status -> colour.
COLOURS = {"north": "#0072b2", "south": "#d55e00", "astride": "#cc79a7",
           "beyond_east_end": "#56b4e9", "beyond_west_end": "#56b4e9", "outside": "#009e73",
           "partly_inside": "#e69f00", "on_road": "#222222", "unlocated": "#777777"}
#: The road and the section ends, as the map draws them.
ROAD_COLOUR = "#222222"
END_COLOUR = "#ffe066"
#: Fill opacity of the bands (the map's 0.18 is too faint on satellite imagery in Google Earth).
BAND_OPACITY = 0.35


def kml_colour(hex_rgb: str, opacity: float = 1.0) -> str:
    """``#rrggbb`` and an opacity in [0, 1] as KML's ``aabbggrr``."""
    h = hex_rgb.lstrip("#")
    r, g, b = h[0:2], h[2:4], h[4:6]
    return f"{round(opacity * 255):02x}{b}{g}{r}"
