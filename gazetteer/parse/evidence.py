"""Typed evidence: what the rules saw around a candidate, and how much it weighs.

Rules record what they see as :class:`Evidence` (a kind from :class:`Kind`, the word that showed
it, the support it adds); later rules and the context scorer test kinds
(``c.has(Kind.LIST)``), never spellings. ``Candidate.cues`` — the list of strings kept in the
output for people (``"cue:قريه"``, ``"list"``) — is rendered from the evidence.

>>> e = Evidence(Kind.CUE, "قريه", 3)
>>> e.render(), Evidence(Kind.LIST).render()
('cue:قريه', 'list')
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple


class Kind(str, Enum):
    """Kinds of evidence; the value is the prefix of the rendered cue."""

    CUE = "cue"                    # a place noun before it: قرية، بلدة، ريف، منطقة، جبل …
    PREP = "prep"                  # a preposition (في، من، إلى …) or a pair of directions
    EVENT = "event"                # an event noun: قصف، هجوم، معارك … X
    VERB = "verb"                  # the object of a verb of motion or connection (دخلت، يربط)
    ROAD_TO = "road-to"            # a road to it: على طريق X
    LIST_HEAD = "list-head"        # a list opened by منها/أبرزها after a plural place noun
    DIR = "dir"                    # a direction adjective after it: حلب الشرقي
    CLITIC = "clitic"              # an attached preposition: ب/ل/لل
    HASHTAG = "hashtag"            # #X
    NOUN = "noun"                  # a common noun here: with its adjective, after a quantifier
    ADJECTIVE = "adjective"        # an adjective here (tanween)
    LIST = "list"                  # a member of a list of places
    GOV_LIST = "gov-list"          # in a list after a plural governorate noun (بريفي إدلب وحلب)
    CITY_LIST = "city-list"        # in a list after a plural city noun (مدينتي …)
    IN = "in"                      # said to lie in a known place: X بريف إدلب
    ORG = "org"                    # part of an organisation's name: جيش إدلب الحر
    FROM_SITE = "from-site"        # a compass noun measured from a site: the city is meant
    PART = "part"                  # a town with an adjective the gazetteer lacks: حلب الجديدة
    FUNCTION_WORD = "function-word"  # a function or cue word that is also a village name
    SAME_NOUN = "same-noun"        # the word is a common noun elsewhere in the report
    SAME_NAME = "same-name"        # the name is a place elsewhere in the report
    ROAD = "road"                  # a road name, or the road noun before it
    OFFICIAL_NAME = "official-name"  # a country's official name
    LATIN = "latin"                # a Latin hashtag (#Idlib)
    HEAD = "head"                  # a generic head before it: تل، عين، جبل …
    NOT_IN_GAZETTEER = "not-in-gazetteer"  # an unknown name
    DATELINE = "dateline"          # the place of the report's dateline: «الحسكة – نورث برس:»
    DUAL = "dual"                  # the second of a dual: «جبلي الأكراد والتركمان»
    ROAD_END = "road-end"          # an end of a road named by its ends: «طريق حلب - دمشق»
    SITE = "site"                  # a site by its head noun: «حي X», «مشفى X» (its kind)
    WITHIN = "within"              # … located at the settlement it is said to be in
    BORDER = "border"              # a border: «الحدود التركية» (the neighbouring country)
    ALIAS = "alias"                # in brackets right after a place: its other name
    NAMED = "named"                # after a naming word: «منطقة تدعى X»


class Evidence(NamedTuple):
    """One piece of evidence: its kind, the word that showed it (if any), its weight
    (immutable; a tuple because rules make thousands per report)."""

    kind: Kind
    word: str | None = None
    weight: int = 0

    def render(self) -> str:
        """The cue string people read in the output: ``kind`` or ``kind:word``."""
        prefix = _PREFIX[self.kind]
        return prefix if self.word is None else f"{prefix}:{self.word}"


_PREFIX = {k: k.value for k in Kind}  # Enum.value is a slow descriptor; cues are rendered often
