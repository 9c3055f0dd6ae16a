"""The one definition of what a corridor answer can say: statuses, sides, answer columns.

Every writer, the events table, the map's legend and the CLI text read these names from here.

>>> CorridorStatus("beyond_east_end").is_inside, CorridorStatus.INSIDE.is_inside
(False, True)
>>> ANSWER_COLUMNS[:3]
('in_corridor', 'corridor_status', 'side')
>>> display_statuses(["inside", "inside", "outside", None], ["south", None, "north", None])
['inside_south', 'inside_astride', 'outside', 'unlocated']
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

__all__ = ["ANSWER_COLUMNS", "ASTRIDE", "BANDS", "DISPLAY_STATUSES", "CorridorStatus",
           "display_statuses"]


class CorridorStatus(str, Enum):
    """Where a location stands with respect to a zone (a corridor)."""

    #: Inside the bands (the section's ends and end lines included).
    INSIDE = "inside"
    #: Outside, and not past a section end.
    OUTSIDE = "outside"
    #: Outside because it lies past the east end, within the width of the road's continuation.
    BEYOND_EAST_END = "beyond_east_end"
    #: Outside because it lies past the west end, within the width of the road's continuation.
    BEYOND_WEST_END = "beyond_west_end"
    #: An extent (a governorate, a region, another road) that overlaps the bands.
    PARTLY_INSIDE = "partly_inside"
    #: The zone's own road named as a whole (a mention of the western M4).
    ON_ROAD = "on_road"
    #: No location to answer for (an unresolved mention, an invalid row).
    UNLOCATED = "unlocated"

    @property
    def is_inside(self) -> bool:
        return self is CorridorStatus.INSIDE

    @property
    def in_corridor(self) -> bool | None:
        """``in_corridor`` for this status: true, false, or None when it honestly depends."""
        return _IN_CORRIDOR[self]

    def __str__(self) -> str:
        return self.value


_IN_CORRIDOR = {
    CorridorStatus.INSIDE: True, CorridorStatus.OUTSIDE: False,
    CorridorStatus.BEYOND_EAST_END: False, CorridorStatus.BEYOND_WEST_END: False,
    CorridorStatus.PARTLY_INSIDE: None, CorridorStatus.ON_ROAD: None,
    CorridorStatus.UNLOCATED: None,
}

#: ``side`` of a location closer to the centerline than the line's accuracy there, or of an
#: extent on both sides. The other sides are named by the zone (``north``/``south`` for the M4).
ASTRIDE = "astride"

#: The columns of a corridor answer, in output order.
ANSWER_COLUMNS = ("in_corridor", "corridor_status", "side", "distance_m", "along_km", "edge_m",
                  "accuracy_m", "near_edge", "share_inside")

#: The bands a location inside the corridor lies in: the zone's two sides (``north``/``south``
#: for the M4) or astride the road.
BANDS = ("north", "south", ASTRIDE)

#: What a location is drawn, coloured and counted as (map markers, legend, timeline, KML
#: placemarks, the events table's ``corridor`` column): its corridor status, with the band when
#: inside. Every status but ``inside`` stands for itself. :data:`geo.style.STATUS_STYLES` has
#: one style per key.
DISPLAY_STATUSES: tuple[str, ...] = (
    *(f"inside_{band}" for band in BANDS),
    *(s.value for s in CorridorStatus if s is not CorridorStatus.INSIDE))

_STATUS_VALUES = {s.value for s in CorridorStatus}


def display_statuses(statuses: Iterable[Any], sides: Iterable[Any]) -> list[str]:
    """The :data:`DISPLAY_STATUSES` key of each (``corridor_status``, ``side``) pair.

    ``inside`` becomes ``inside_<band>`` (a side the style does not know: ``inside_astride``);
    a missing or unknown status is ``unlocated``.
    """
    out = []
    for status, side in zip(statuses, sides, strict=True):
        status = str(status) if isinstance(status, (str, CorridorStatus)) else None
        if status == CorridorStatus.INSIDE.value:
            out.append(f"inside_{side if side in BANDS else ASTRIDE}")
        else:
            out.append(status if status in _STATUS_VALUES else CorridorStatus.UNLOCATED.value)
    return out
