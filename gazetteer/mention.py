"""A place named in a report: where it is written, what it matched, and what it resolved to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gazetteer.roads import Road


@dataclass
class Mention:
    """One occurrence of a place name in a text.

    ``text[start:end] == surface`` (clitics such as و/ب/ل included); ``name`` is the normalised
    gazetteer name that matched; ``place`` is the chosen :class:`~gazetteer.Place` (``None`` when
    the context rules out every candidate or the name is not in the gazetteer); ``confidence`` is
    in [0, 1]; ``cues`` lists the evidence used (``"cue:قرية"``, ``"gov:Idlib"``, ``"near:…"``
    …); ``candidates`` are the other places the name could be, best first. ``kind`` is ``"place"``
    or ``"road"``; for roads, ``road`` says which road (:class:`~gazetteer.roads.Road`: the
    western or eastern M4, the M5 …). Whether a road is some zone's reference line is decided in
    ``geo``, not here.

    >>> m = Mention("وسراقب", 10, 16, "سراقب")
    >>> m.to_dict()["surface"], m.to_dict()["place"]
    ('وسراقب', None)
    """

    surface: str
    start: int
    end: int
    name: str
    place: Any = None
    confidence: float = 0.0
    cues: list[str] = field(default_factory=list)
    candidates: list[Any] = field(default_factory=list)
    kind: str = "place"
    road: Road | None = None

    def to_dict(self) -> dict:
        """JSON-ready dict; ``place`` and ``candidates`` as in ``geo resolve --format jsonl``."""
        d = {
            "surface": self.surface, "start": self.start, "end": self.end, "name": self.name,
            "kind": self.kind,
            "place": _place_dict(self.place),
            "confidence": round(float(self.confidence), 3),
            "cues": list(self.cues),
            "candidates": [_place_dict(c) for c in self.candidates],
        }
        if self.kind == "road":
            d["road"] = self.road.value if self.road is not None else None
        return d

    def shifted(self, offset: int) -> Mention:
        """The same mention with offsets moved by ``offset`` (for texts read in pieces)."""
        if not offset:
            return self
        return Mention(self.surface, self.start + offset, self.end + offset, self.name,
                       self.place, self.confidence, self.cues, self.candidates, self.kind,
                       self.road)


def _place_dict(p: Any) -> dict | None:
    if p is None:
        return None
    if hasattr(p, "to_dict"):
        return p.to_dict()
    return dict(p)
