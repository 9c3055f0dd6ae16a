"""A stretch of text that may name a place, as the rules see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import partial

from gazetteer.lexicon import SETTLEMENT_CUES
from gazetteer.parse.evidence import Evidence, Kind

# ------------------------------------------------------------------ data structures

#: each piece of evidence seen so far -> its rendered cue (reports repeat the same few hundred:
#: «cue:قريه», «prep:في», «list»); emptied past 100,000
_RENDERED: dict[Evidence, str] = {}


def _render(e: Evidence) -> str:
    """``e.render()``, kept in :data:`_RENDERED`."""
    if len(_RENDERED) > 100_000:
        _RENDERED.clear()
    r = _RENDERED[e] = e.render()
    return r


#: ``Evidence(kind, word, weight)`` made from its tuple without the NamedTuple's Python
#: ``__new__`` (a rule adds evidence to most candidates)
_evidence = partial(tuple.__new__, Evidence)


class How(str, Enum):
    """How a candidate's name was found (``Candidate.how``)."""

    EXACT = "exact"                # a gazetteer name as written
    ARTICLE = "article"            # … with ال added or removed (ids after ``n_exact``)
    ROMANISED = "romanised"        # only as the Arabic spelling of a romanised name (قوقفين)
    ROAD = "road"                  # a road: a code (M4), a road record, a road by its two ends
    ROAD_GENERIC = "road-generic"  # a generic road phrase (الطريق الدولي) naming no road alone
    UNKNOWN = "unknown"            # a name the gazetteer lacks (rule unknown)
    SITE = "site"                  # a site by its head noun (rule sites): «مخيم زمزم»
    BORDER = "border"              # a border by its adjective (optional rule borders)


@dataclass(eq=False, slots=True)
class Candidate:
    """A stretch of text that may name a place, before context decides (internal)."""

    i: int                       # first token
    j: int                       # one past the last token
    start: int                   # character offsets in the text (clitics included)
    end: int
    name: str                    # normalised name matched (spaced)
    ids: tuple[int, ...]         # gazetteer record ids (exact names first)
    how: How = How.EXACT         # how the name was found
    n_exact: int = 0             # ids[:n_exact] match exactly, the rest with ال added/removed
    clitic: str = ""             # the stripped clitic chain, normalised
    kind: str = "place"          # place | road
    evidence: list[Evidence] = field(default_factory=list)
    support: int = 0             # lexical evidence, weighed against zipf in _decide
    zipf: float = 0.0            # how common: Zipf of the word; of the rarest word - 1 for names
    major: bool = False          # country, governorate, capital: no frequency test
    notable: bool = False        # district seat or town of 20,000+: a lower frequency test
    nisba: bool = False          # looks like an adjective here
    org: bool = False            # part of an organisation's name (جيش إدلب الحر)
    gov_cue: bool = False        # a governorate reading is asked for (ريف/محافظة/direction)
    city_cue: bool = False       # a city reading is asked for (مدينة)
    sentence: int = 0
    keep: bool = True
    road: str | None = None      # "M4", "M5" or None for roads
    split: bool = False          # a common word read as clitic + name with ال added (ورقة)
    n_first: int = 1 << 30       # ids[n_first:] belong to a second reading (و + قاح) …
    alt_name: str = ""           # … whose name is this
    site: str | None = None      # a site by its head noun (rule sites): its kind (place.KINDS)
    within: int | None = None    # … and the record of the settlement it lies in, when known
    site_confidence: float = 0.0
    region_prior: tuple[float, ...] = ()  # per reading: the report region's prior (rule region)
    kinds: set[Kind] = field(default_factory=set, repr=False)  # kinds in evidence (fast has)
    _cues: tuple[str, ...] | None = field(default=None, repr=False)  # rendered, until add()

    def __post_init__(self) -> None:
        if self.evidence:  # most candidates start with none
            self.kinds.update(e.kind for e in self.evidence)

    @property
    def cues(self) -> tuple[str, ...]:
        """The evidence as the strings people read (``Mention.cues``); rules test ``kind in
        c.kinds`` (the fast test in their loops) or :meth:`has`."""
        if self._cues is None:
            self._cues = tuple([_RENDERED.get(e) or _render(e) for e in self.evidence])
        return self._cues

    def add(self, kind: Kind, word: str | None = None, weight: int = 0) -> None:
        """Record evidence of ``kind`` (shown by ``word``) and add its ``weight`` to support
        (always through here: ``evidence`` and ``kinds`` stay in step)."""
        self.evidence.append(_evidence((kind, word, weight)))
        self.kinds.add(kind)
        self._cues = None
        self.support += weight

    def has(self, kind: Kind, word: str | None = None) -> bool:
        """Whether some evidence is of ``kind`` (and shown by ``word``, when given)."""
        if kind not in self.kinds:
            return False
        return word is None or any(e.kind is kind and e.word == word for e in self.evidence)

    def words_of(self, kind: Kind) -> list[str]:
        """The words of the evidence of ``kind``, in order."""
        if kind not in self.kinds:
            return []
        return [e.word for e in self.evidence if e.kind is kind and e.word is not None]

    @property
    def settled(self) -> bool:
        """Whether a settlement noun names it («بلدة X», «قرى X»): one sense per discourse
        then holds for its repeats up to a common word's frequency."""
        return any(w in SETTLEMENT_CUES for w in self.words_of(Kind.CUE))
