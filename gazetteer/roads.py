"""Which road a road mention names: the gazetteer's word on what a mention *is*.

The gazetteer says which road is meant (the western M4, the eastern M4, the M5 …); whether that
road is some zone's reference line is decided in :mod:`geo`, never here.

>>> Road("m4-west").is_m4, Road.M5.is_m4
(True, False)
"""

from __future__ import annotations

from enum import Enum

__all__ = ["Road"]


class Road(str, Enum):
    """Identity of a named road (the value is what outputs write)."""

    #: The M4 west of Aleppo (Saraqib – Ariha – Jisr al-Shughur – Latakia): the 2020 corridor road.
    M4_WEST = "m4-west"
    #: The M4 east of Aleppo (Manbij – Ain Issa – Tell Tamr – the Iraqi border).
    M4_EAST = "m4-east"
    #: An M4 mention whose section the text does not settle.
    M4 = "m4"
    #: The M5 (Damascus – Homs – Hama – Aleppo).
    M5 = "m5"
    #: Any other named road ("the Aleppo–Damascus road" when not the M5, a local road).
    OTHER = "other"

    @property
    def is_m4(self) -> bool:
        return self in (Road.M4_WEST, Road.M4_EAST, Road.M4)

    def __str__(self) -> str:
        return self.value
