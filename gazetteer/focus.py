"""Regional priors: which part of Syria a name most likely lies in when nothing else says.

A :class:`Focus` is a mild prior over places: the governorates it is about (``core``), an
optional box, and the weights it adds. Two producers:

* the single-name resolver (:mod:`gazetteer.resolve`) uses a fixed focus, by default
  :data:`NW_SYRIA` (Idlib and the adjoining parts of Aleppo, Hama and Latakia: the toolkit's
  home ground), since a lone query carries no context;
* the report geoparser builds the focus *from the report* (:func:`report_focus`): its dateline,
  the governorates it names with a cue (ريف الحسكة، محافظة درعا) and its unambiguous places
  vote for governorates; a report with none of these falls back to :data:`NW_SYRIA`
  (:mod:`gazetteer.parse.rules.region`).

>>> NW_SYRIA.share(35.9, 36.6, "Idlib"), NW_SYRIA.share(36.5, 40.7, "Al-Hasakah")
(1.0, 0.0)
>>> f = report_focus({"Al-Hasakah": 5.0, "Aleppo": 1.0}, min_share=0.5)
>>> sorted(f.core), f.share(36.6, 40.9, "Al-Hasakah"), f.share(36.1, 37.6, "Aleppo")
(['Al-Hasakah'], 1.0, 0.0)
>>> report_focus({}) is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["FOCUS", "NW_SYRIA", "Focus", "report_focus"]

#: the governorates of north-west Syria, around the M4 corridor
FOCUS = frozenset({"Idlib", "Hama", "Latakia", "Aleppo"})


@dataclass(frozen=True)
class Focus:
    """A mild regional prior.

    A candidate in one of the ``core`` governorates gets ``weight`` added to its prior; one
    elsewhere inside ``box`` (min_lon, min_lat, max_lon, max_lat) gets ``box_weight``; one
    elsewhere in the ``wider`` governorates ``wider_weight``. In the single-name resolver the
    prior enters the score as ``0.55 + 0.45 * prior`` (``FUZZY_PRIOR`` for fuzzy matches), so
    0.07 is worth about 3%: it breaks near-ties between namesakes but not a much larger
    population (a town of 1,000 outweighs it) and it is switched off whenever the caller
    gives context (``near``, ``within``, ``governorate``). The report geoparser reads
    :meth:`share` (the boost as a fraction of ``weight``) and scales it by its own weights.
    ``votes`` keeps the evidence a report focus was built from (governorate, weight), for
    people and tests; ``default`` is true for a focus no report evidence chose.
    """

    box: tuple[float, float, float, float] | None = (35.8, 35.2, 37.1, 36.4)
    core: frozenset[str] = frozenset({"Idlib"})
    weight: float = 0.07
    box_weight: float = 0.07
    wider: frozenset[str] = FOCUS
    wider_weight: float = 0.03
    votes: tuple[tuple[str, float], ...] = ()
    default: bool = False

    def boost(self, lat: float, lon: float, admin1: str | None) -> float:
        """Prior boost of one record."""
        if admin1 in self.core:
            return self.weight
        if self.box is not None:
            x0, y0, x1, y1 = self.box
            if x0 <= lon <= x1 and y0 <= lat <= y1:
                return self.box_weight
        return self.wider_weight if admin1 in self.wider else 0.0

    def share(self, lat: float, lon: float, admin1: str | None) -> float:
        """:meth:`boost` as a fraction of ``weight`` (1 in the core, 0 outside the focus)."""
        return self.boost(lat, lon, admin1) / self.weight if self.weight else 0.0


#: north-west Syria: Idlib governorate and the adjoining parts of Aleppo, Hama and Latakia
NW_SYRIA = Focus(default=True)


def report_focus(votes: Mapping[str, float], min_share: float = 0.5) -> Focus | None:
    """The focus of a report from its governorate ``votes`` (governorate → weight of the
    evidence naming it): the core is every governorate with at least ``min_share`` of the
    leading vote; None when nothing voted (the caller falls back to :data:`NW_SYRIA`)."""
    votes = {g: v for g, v in votes.items() if g and v > 0}
    if not votes:
        return None
    top = max(votes.values())
    core = frozenset(g for g, v in votes.items() if v >= min_share * top)
    return Focus(box=None, core=core, weight=1.0, box_weight=0.0, wider=frozenset(),
                 wider_weight=0.0, votes=tuple(sorted(votes.items(), key=lambda x: -x[1])))
