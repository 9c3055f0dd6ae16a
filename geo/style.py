"""How the corridor answers look, once, for every picture: the HTML map (markers, cluster
rings, legend, timeline, bands), the KML (placemarks, bands) and the events table.

Okabe–Ito colours, safe for colour-blind readers, keyed by :data:`geo.vocabulary.DISPLAY_STATUSES`
(the corridor status, with the band when inside).

>>> STATUS_STYLES["inside_north"].colour == band_colour("north")
True
>>> kml_colour("#0072b2", 0.5)
'80b27200'
>>> tint("#0072b2", 0.6), shade("#0072b2", 0.78)
('#99c7e0', '#00598b')
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.vocabulary import DISPLAY_STATUSES


@dataclass(frozen=True)
class StatusStyle:
    """The look of one display status."""

    #: Marker fill, KML icon, legend swatch and chart bar colour (``#rrggbb``).
    colour: str
    #: The chart's and the map's long label.
    label: str
    #: The legend's short label.
    short: str
    #: Drawn as a marker (``unlocated`` has no place on the map: it is listed instead).
    drawn: bool = True


#: Display status -> style (every key of :data:`geo.vocabulary.DISPLAY_STATUSES`, in order).
STATUS_STYLES: dict[str, StatusStyle] = {
    "inside_north": StatusStyle("#0072b2", "Inside the corridor, north band",
                                "Inside, north band"),
    "inside_south": StatusStyle("#d55e00", "Inside the corridor, south band",
                                "Inside, south band"),
    "inside_astride": StatusStyle("#cc79a7", "Inside the corridor, on the road (either band)",
                                  "Inside, on the road"),
    "outside": StatusStyle("#009e73", "Outside the corridor", "Outside"),
    "beyond_east_end": StatusStyle("#e69f00", "Outside: past the east end (Trumba)",
                                   "Past the east end (Trumba)"),
    "beyond_west_end": StatusStyle("#56b4e9", "Outside: past the west end (Ain al-Havr)",
                                   "Past the west end (Ain al-Havr)"),
    "partly_inside": StatusStyle("#777777", "An area overlapping the corridor: partly inside",
                                 "An area, partly inside"),
    "on_road": StatusStyle("#222222", "The M4 itself, named as a road",
                           "The M4 named as a road"),
    "unlocated": StatusStyle("#bbbbbb", "Not located: unresolved, or invalid coordinates",
                             "Not located", drawn=False),
}
assert tuple(STATUS_STYLES) == DISPLAY_STATUSES, "one style per display status, in order"

#: The road and the section ends, as the map and the KML draw them.
ROAD_COLOUR = "#222222"
END_COLOUR = "#ffe066"
#: Fill opacity of the bands: the map's, and Google Earth's (the map's is too faint on
#: satellite imagery).
MAP_BAND_OPACITY = 0.18
BAND_OPACITY = 0.35


def band_colour(side: str) -> str:
    """The colour of a band (``north``, ``south``): the colour of the places inside it."""
    return STATUS_STYLES[f"inside_{side}"].colour


def status_colours(drawn_only: bool = False) -> dict[str, str]:
    """Display status -> colour (only the statuses drawn as markers with ``drawn_only``)."""
    return {k: s.colour for k, s in STATUS_STYLES.items() if s.drawn or not drawn_only}


def _rgb(hex_rgb: str) -> tuple[int, int, int]:
    h = hex_rgb.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def tint(hex_rgb: str, white: float) -> str:
    """``hex_rgb`` mixed with a share ``white`` of white (low-confidence markers)."""
    return "#" + "".join(f"{round(c + (255 - c) * white):02x}" for c in _rgb(hex_rgb))


def shade(hex_rgb: str, factor: float) -> str:
    """``hex_rgb`` darkened to ``factor`` of its brightness (text on white)."""
    return "#" + "".join(f"{round(c * factor):02x}" for c in _rgb(hex_rgb))


def kml_colour(hex_rgb: str, opacity: float = 1.0) -> str:
    """``#rrggbb`` and an opacity in [0, 1] as KML's ``aabbggrr``."""
    h = hex_rgb.lstrip("#")
    r, g, b = h[0:2], h[2:4], h[4:6]
    return f"{round(opacity * 255):02x}{b}{g}{r}"
