"""Evidence: the cue words around each candidate."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from gazetteer import normalize as N
from gazetteer.lexicon import (
    ACTION_CUES,
    AREA_DIR,
    AREA_DIR_SETTLE,
    BARE_COMPASS,
    CITY_CUES,
    CITY_PLURAL,
    COUNTRY_HEADS,
    DIRECTION_ADJ,
    DIRECTION_CUES,
    DISTANCE_UNITS,
    ELATIVE_ADJ,
    GOV_CUES,
    GOV_PLURAL,
    IN_WORDS,
    INDEFINITE_AREA_NOUNS,
    LIST_INTRO,
    MOTION_CUES,
    NAMING_WORDS,
    NEVER_ALONE,
    NISBA_BASES,
    ORG_HEADS,
    PART_ADJ,
    PLACE_ADJ,
    PLACE_NOUN_DIR,
    PLURAL_ANY,
    PLURAL_CUES,
    PLURAL_EVENTS,
    PREPOSITIONS,
    QUANTIFIERS,
    ROAD_TO,
    SETTLEMENT_CUES,
    SITE_NOUNS,
    URBAN_PARTS,
    norm_set,
)
from gazetteer.parse.candidate import Candidate
from gazetteer.parse.evidence import Kind
from gazetteer.parse.names import NameIndex
from gazetteer.parse.state import ParseState, Rule
from gazetteer.parse.text import (
    EMPTY,
    GAP_COLON,
    GAP_DASH,
    GAP_LIST,
    GAP_NAME,
    QUOTES,
    SENTENCE_END,
    cue_stems,
    has_comma,
    prev_word_stems,
    zipf,
)
from gazetteer.parse.weights import WEIGHTS as W
from gazetteer.place import POPULATED as _POPULATED

# ------------------------------------------------------------------ the cue before a name

@dataclass(frozen=True)
class LeadingCue:
    """A kind of cue word before a candidate: ``find(prev, prev2, c, text, toks, words)``
    returns the word that shows it (``prev``, ``prev2``: stems of the word before the
    candidate and of the one before that) or None; it adds evidence of ``kind`` weighing
    ``WEIGHTS.cues_<weight>``. A finder that reads only ``prev`` and ``prev2`` is run once per
    pair of stems (:class:`Before`); one that reads the candidate or the text around it says
    so with ``context=True`` and is run for every candidate it may reach."""

    kind: Kind
    weight: str
    find: Callable[..., str | None]
    context: bool = False


def _settlement(prev, prev2, c, text, toks, words) -> str | None:
    """قرية/بلدة/مدينة X"""
    hit = prev & SETTLEMENT_CUES
    return min(hit) if hit else None


def _named(prev, prev2, c, text, toks, words) -> str | None:
    """منطقة تدعى X, قرية تسمى X (a place noun, then a naming word)"""
    hit = prev & NAMING_WORDS
    return min(hit) if hit and not prev2.isdisjoint(PLACE_NOUN_DIR) else None


def _area_dir(prev, prev2, c, text, toks, words) -> str | None:
    """ريف/شمال/منطقة X"""
    hit = prev & AREA_DIR
    return min(hit) if hit else None


def _preposition(prev, prev2, c, text, toks, words) -> str | None:
    """في/من/إلى X, or two direction words (شمال غرب X)"""
    if prev & PREPOSITIONS or (prev2 & DIRECTION_CUES and prev & DIRECTION_CUES):
        return min(prev & PREPOSITIONS or prev)
    return None


def _event(prev, prev2, c, text, toks, words) -> str | None:
    """قصف/هجوم/معارك X"""
    hit = prev & ACTION_CUES
    return min(hit) if hit else None


def _verb(prev, prev2, c, text, toks, words) -> str | None:
    """دخلت X, يربط X, or "دخلت القوات منبج": verb, subject, object"""
    if prev & MOTION_CUES or (prev2 & MOTION_CUES and words[c.i - 1].startswith(N.ARTICLE)):
        return min((prev | prev2) & MOTION_CUES)
    return None


def _road_to(prev, prev2, c, text, toks, words) -> str | None:
    """على طريق X, not "عن طريق" (by way of)"""
    return min(prev & ROAD_TO) if prev & ROAD_TO and "عن" not in prev2 else None


def _list_head(prev, prev2, c, text, toks, words) -> str | None:
    """"عدد من القرى، منها X", «3 قرى … هي: X»: a list announced after a plural place noun"""
    return None if prev.isdisjoint(LIST_INTRO) else list_opener(prev, text, toks, words, c.i)


def list_opener(prev: frozenset[str], text: str, toks, words, i: int) -> str | None:
    """The opener (منها، أبرزها، هي …) of a list of places that token ``i`` starts, after a
    plural place noun («عدد من القرى، منها X», «3 قرى … هي: X»; a colon may follow the
    opener); ``prev``: the stems of the word before ``i``."""
    intro = prev or prev_word_stems(toks, words, i, text, GAP_COLON)
    if intro.isdisjoint(LIST_INTRO) or not after_plural(text, toks, words, i - 1):
        return None
    return min(intro & LIST_INTRO)


#: The cues before a candidate, strongest first: the first that finds a word wins.
LEADING_CUES: tuple[LeadingCue, ...] = (
    LeadingCue(Kind.CUE, "settlement", _settlement),
    LeadingCue(Kind.NAMED, "settlement", _named),
    LeadingCue(Kind.CUE, "area_dir", _area_dir),
    LeadingCue(Kind.PREP, "preposition", _preposition),
    LeadingCue(Kind.EVENT, "event", _event),
    LeadingCue(Kind.VERB, "verb", _verb, context=True),
    LeadingCue(Kind.ROAD_TO, "road_to", _road_to),
    LeadingCue(Kind.LIST_HEAD, "list_head", _list_head, context=True),
)
#: A quick test before the finders: each fires only when the word before the candidate has a
#: stem among these (or, for a verb, the word before that one among MOTION_CUES); a new finder
#: adds its words here.
_LEADING_WORDS = (SETTLEMENT_CUES | NAMING_WORDS | AREA_DIR | PREPOSITIONS | DIRECTION_CUES
                  | ACTION_CUES | MOTION_CUES | ROAD_TO | LIST_INTRO)


class Before(NamedTuple):
    """What the stems of the two words before a candidate tell (``prev``, ``prev2`` as
    :func:`~gazetteer.parse.text.prev_word_stems` gives them), worked out once per pair of
    stems (:data:`_BEFORE`): reports put the same few hundred words before their names."""

    #: the leading cues that may fire, strongest first, as ``(kind, weight, finder, word)``:
    #: ``word`` when the finder reads only the stems and found it (the chain stops there),
    #: else a ``context`` finder to run on the candidate
    leading: tuple[tuple[Kind, int, Callable[..., str | None] | None, str | None], ...]
    lead_prep: str | None   # the preposition that leads it, over a place noun («في قرية X»)
    settlement: bool        # a settlement noun: قرية/بلدة X
    org: str | None         # an organisation's head noun: it names part of an organisation
    gov: bool               # a governorate cue: ريف/محافظة/a direction X, or ريف before that
    direction: bool         # a direction word (شمال …)
    compass: bool           # a bare compass word (شمال، جنوب شرق …)
    city: bool              # a city noun (مدينة X)
    urban: bool             # a part of a city (أحياء X)
    quantifier: str | None  # كل/بعض … X: a common noun
    indefinite: bool        # an indefinite area noun or a plural event noun (منطقة، معارك …)
    plural: bool            # a plural place noun


def _before(prev: frozenset[str], prev2: frozenset[str]) -> Before:
    """:class:`Before` of a pair of stems (see :data:`_BEFORE`)."""
    leading: list[tuple[Kind, int, Callable[..., str | None] | None, str | None]] = []
    if prev and (not prev.isdisjoint(_LEADING_WORDS) or not prev2.isdisjoint(MOTION_CUES)):
        for cue in LEADING_CUES:
            weight = getattr(W, "cues_" + cue.weight)
            if cue.context:
                leading.append((cue.kind, weight, cue.find, None))
            elif (word := cue.find(prev, prev2, None, "", (), ())) is not None:
                leading.append((cue.kind, weight, None, word))
                break
    lead = prev if prev.isdisjoint(AREA_DIR_SETTLE) else prev2
    return Before(
        tuple(leading),
        min(lead & PREPOSITIONS) if not lead.isdisjoint(PREPOSITIONS) else None,
        not prev.isdisjoint(SETTLEMENT_CUES),
        next(iter(prev & ORG_HEADS)) if not prev.isdisjoint(ORG_HEADS) else None,
        not prev.isdisjoint(GOV_CUES) or "ريف" in prev2,
        not prev.isdisjoint(DIRECTION_CUES),
        not prev.isdisjoint(BARE_COMPASS),
        not prev.isdisjoint(CITY_CUES),
        not prev.isdisjoint(URBAN_PARTS),
        min(prev & QUANTIFIERS) if not prev.isdisjoint(QUANTIFIERS) else None,
        not prev.isdisjoint(INDEFINITE_AREA_NOUNS) or not prev.isdisjoint(PLURAL_EVENTS),
        not prev.isdisjoint(PLURAL_CUES))


class _Befores(dict):
    """(prev, prev2) -> :class:`Before`, computed on the first look-up (then a look-up in C);
    emptied past 100,000 pairs."""

    def __missing__(self, key: tuple[frozenset[str], frozenset[str]]) -> Before:
        if len(self) > 100_000:
            self.clear()
        got = self[key] = _before(*key)
        return got


#: the :class:`Before` of each pair of stems seen so far
_BEFORE = _Befores()


def _evidence(lex: NameIndex, store, text: str, toks, words, out: list[Candidate]) -> None:
    ends = {c.j: c for c in out}
    starts = {c.i: c for c in out}
    led: list[tuple[Candidate, str]] = []
    for c in out:
        if c.kind == "road":
            continue
        part = Kind.PART in c.kinds  # _part_adjectives
        if not part:
            readings = lex.readings[c.ids]
            c.major, c.notable = readings.major, readings.notable
        prev = prev_word_stems(toks, words, c.i, text)
        prev2 = prev_word_stems(toks, words, c.i - 1, text) if c.i >= 1 and prev else EMPTY
        before = _BEFORE[prev, prev2]
        if before.lead_prep is not None:
            # the preposition that leads it, over a place noun: "في قرية X" (parallel lists)
            led.append((c, before.lead_prep))
        settlement = before.settlement  # قرية/بلدة X
        if before.org is not None:
            c.org = True
            c.add(Kind.ORG, before.org)
        for kind, weight, find, word in before.leading:
            # the strongest cue word before it
            if find is not None:
                word = find(prev, prev2, c, text, toks, words)
            if word is not None:
                c.add(kind, word, weight)
                break
        if not part and before.gov:
            c.gov_cue = True
            if before.direction and _after_distance(text, toks, words, c):
                # "على بعد 35 كيلومتراً شمال حلب": measured from the city
                c.gov_cue, c.city_cue = False, True
                c.add(Kind.FROM_SITE)
            elif (before.compass and _after_site(store, text, toks, words, c, ends)) or \
                    _locates_a_quarter(text, toks, words, c):
                # "قاعدة حميميم الجوية جنوب شرق اللاذقية", «حي الراموسة والكليات العسكرية
                # جنوبي حلب»: measured from the city (a quarter lies in it, not in a part of
                # the governorate)
                c.gov_cue, c.city_cue = False, True
                c.add(Kind.FROM_SITE)
        if before.city or (c.major and not c.gov_cue and before.urban):
            c.city_cue = True  # "مدينة حلب", "أحياء حلب الشرقية": the city
        if not c.city_cue and c.j < len(words) and words[c.j] in DIRECTION_ADJ and \
                GAP_NAME.fullmatch(text[toks[c.j - 1][2]:toks[c.j][1]]):
            c.gov_cue = True
            c.add(Kind.DIR, words[c.j])
        surface = text[c.start:c.end]
        if c.clitic and c.j - c.i == 1 and (written := word_zipf(surface, 0)) >= 3.0 and (
                c.n_exact == 0 or (not c.major and written > _stem_zipf(surface, len(c.clitic)))):
            # و + رقة → الرقة: a clitic stripped and the article added, from a common word
            # (ورقة "paper"), or a clitic stripped from a word more common than the name left
            # (برميل "barrel" → ب + رميل; not وروسيا): both need a real cue, whatever the place
            c.split = True
        if not c.split and (c.clitic[-1:] in ("ب", "ل") or c.clitic.endswith("لل")):
            # (the clitic of a split reading is what is in doubt: no evidence)
            c.add(Kind.CLITIC, c.clitic, W.cues_clitic)
        # frequency of the word as written (with and without its clitics)
        j = c.j - 1 if part else c.j  # حلب الجديدة: how common حلب is
        if j - c.i == 1:
            c.zipf = word_zipf(text[c.start:toks[c.i][2]], len(c.clitic))
        else:
            # two ordinary words rarely happen to spell a place name: the rarest word, less 1
            # for each word after the first («مطار حلب الدولي»: three words, less 2)
            c.zipf = max(0.0, min(map(zipf, words[c.i:j])) - (j - c.i - 1))
        if "#" in text[max(0, c.start - 2):c.start] and (
                c.zipf < W.cues_hashtag_zipf or c.major or c.notable):
            # a hashtag marks a topic: evidence for a name, not for a very common word (#عاجل
            # "urgent" is also a village)
            c.add(Kind.HASHTAG, None, W.cues_hashtag)
        adjacent = c.i > 0 and text[toks[c.i - 1][2]:c.start].isspace()
        if (left := ends.get(c.i)) is not None and _bracketed_alias(text, c, left):
            c.add(Kind.ALIAS, None, W.cues_alias)
        c.nisba = c.j - c.i == 1 and _nisba_base(c.name) is not None and \
            _is_nisba(lex, c, prev, prev2, words, adjacent)  # (the quick test first)
        if not c.nisba and not c.major and c.j - c.i == 1 and not settlement:
            if not c.clitic and adjacent and before.quantifier is not None:
                c.nisba = True  # "كل مهجر" (every displaced person): a common noun
                c.add(Kind.NOUN, before.quantifier)
            elif _noun_phrase(text, toks, words, c) and not _continues_list(c, ends, words):
                c.nisba = True  # "الإدارة الذاتية", "الثورة السورية": a noun with its adjective
                c.add(Kind.NOUN, words[c.j])
            elif c.n_exact == 0 and not c.clitic and not c.support and c.j < len(words) and \
                    words[c.j].startswith(N.ARTICLE) and text[c.end:toks[c.j][1]] == " ":
                # "صوامع الحبوب" (the grain silos): an indefinite common noun in construct with
                # the next word, read as a village only by adding the article (الصوامع)
                c.nisba = True
                c.add(Kind.NOUN, words[c.j])
            elif not c.support and c.zipf >= W.decide_rare_zipf and c.j < len(toks) and \
                    toks[c.j][0].isdigit() and text[c.end:toks[c.j][1]] == " ":
                # «واللواء 12», «التلة 54»: a common noun numbered, a unit or a position (with
                # no evidence before it: «قمة البرج 45» may be named after the village)
                c.nisba = True
                c.add(Kind.NOUN, words[c.j])
        # «29 قرية جديدة»: a counted singular noun is a plural one
        counted = settlement and c.i >= 2 and toks[c.i - 2][0].isdigit()
        if not c.nisba and adjacent and (counted or before.indefinite) \
                and _agrees_indefinite(text, toks, c) and not _list_goes_on(c, starts, words):
            # «منطقة وعرة», «أحياء متفرقة», «معارك عنيفة»: an indefinite noun and its
            # indefinite adjective — after a plural settlement noun too («قرى جديدة»: new
            # villages), whose support is the noun's, not the adjective's
            c.nisba = True
            c.add(Kind.ADJECTIVE, "plural" if counted or before.plural else "indefinite")
        elif not c.nisba and adjacent and settlement and not c.clitic and c.j - c.i == 1 and \
                words[c.i] in ELATIVE_ADJ:
            c.nisba = True  # «آخر مدينة كبرى»: a major city, not the village الكبرى
            c.add(Kind.ADJECTIVE, "elative")
        if c.j - c.i == 1 and not settlement and has_tanween(
                text[toks[c.i][2] - 2:toks[c.i][2]]):
            # a name written with tanween (روسياً، تركياً، سورياً) is an adjective or adverb:
            # place names do not take it. Only the word's own tanween counts: an adjective
            # agrees with its noun and carries the tanween itself (وفداً تركياً), while a bare
            # name after an accusative word (داعياً تركيا: a participle, then its object) is
            # the place
            c.nisba = True
            c.add(Kind.ADJECTIVE, "tanween")
    # lists: "قسطون والزيارة وخربة الناقوس", "#كنصفرة و #البارة", "كفرنبل، معرة حرمة"
    for a, b in itertools.pairwise(out):
        if a.kind == "road" or b.kind == "road" or a.sentence != b.sentence:
            continue
        if b.i != a.j and not (b.i == a.j + 1 and words[a.j] == "و"):
            continue
        if lex.readings[a.ids].countries != lex.readings[b.ids].countries:
            continue  # «بمليشيات إيران وتحت غطاء جوي»: a country lists countries, not villages
        gap = text[a.end:b.start]
        linked = b.clitic.startswith(("و", "ف")) or has_comma(gap) or "و" in gap
        if (linked and GAP_LIST.fullmatch(gap)) or (
                GAP_DASH.fullmatch(gap) and _in_quotes(text, a.start, b.end)):
            for x in (a, b):
                if Kind.LIST not in x.kinds:
                    x.add(Kind.LIST)
    # "بريفي إدلب وحلب", "مدينتي تل أبيض ورأس العين": a dual or plural governorate or city
    # noun asks for that reading for every name of the coordinated list after it
    for a, b in itertools.pairwise(out):
        if b.kind != "place" or Kind.LIST not in b.kinds or Kind.LIST not in a.kinds or \
                b.gov_cue or b.city_cue or a.sentence != b.sentence or not (
                b.i == a.j or (b.i == a.j + 1 and words[a.j] == "و")):
            continue
        if a.gov_cue and (any(w in GOV_PLURAL for w in a.words_of(Kind.CUE))
                          or Kind.GOV_LIST in a.kinds):
            b.gov_cue = True
            b.add(Kind.GOV_LIST)
        elif any(w in CITY_PLURAL for w in a.words_of(Kind.CUE)) or Kind.CITY_LIST in a.kinds:
            b.city_cue = True
            b.add(Kind.CITY_LIST)
    # a list of parallel phrases, three or more: "5 في قلعة المضيق، و3 في قرية الحويجة، وسيدة
    # في الزيارة" (each item a place after the same preposition, the items split by commas)
    run: list[Candidate] = []
    for (a, pa), (b, pb) in itertools.pairwise([*led, (None, None)]):
        if b is not None and pa == pb and a.sentence == b.sentence and \
                2 <= b.i - a.j <= 5 and any(x in text[a.end:b.start] for x in "،,"):
            run = run or [a]
            run.append(b)
            continue
        if len(run) >= 3:
            for x in run:
                if Kind.LIST not in x.kinds:
                    x.add(Kind.LIST)
        run = []
    # "X بسهل الغاب", "X بريف إدلب", "X في جبل الزاوية": X is located in a known place
    for a, b in itertools.pairwise(out):
        if a.kind == "road" or b.kind == "road" or a.sentence != b.sentence:
            continue
        if b.i == a.j and b.clitic.endswith("ب"):
            inside = True
        elif b.i == a.j + 1 and GAP_NAME.fullmatch(text[a.end:toks[a.j][1]] or " "):
            inside = bool(cue_stems(words[a.j]) & IN_WORDS)
        elif b.i == a.j + 2 and words[a.j] == "في" and text[a.end:toks[a.j][1]] == " " and \
                text[toks[a.j][2]:toks[a.j + 1][1]] == " ":
            inside = bool(cue_stems(words[a.j + 1]) & IN_WORDS)  # X في ريف Y
        else:
            inside = False
        if inside:
            a.add(Kind.IN, b.name, W.cues_inside)
            # «قنوات وسليم وعريقة والمزرعة في ريف السويداء»: the whole list lies there
            for x in _list_before(out, a, text):
                if not x.has(Kind.IN):
                    x.add(Kind.IN, b.name, W.cues_inside)





def _noun_phrase(text: str, toks, words, c: Candidate) -> bool:
    """Whether the definite common word ``c`` (Zipf ≥ ``cues_noun_phrase_zipf``) is followed
    by a definite adjective that is not a direction or a place description: "الإدارة الذاتية",
    "الثورة السورية" are a noun and its adjective, not the villages الإدارة and الثورة."""
    j = c.j
    if j >= len(words) or c.zipf < W.cues_noun_phrase_zipf or not c.name.startswith(N.ARTICLE):
        return False
    nxt = words[j]
    if not nxt.startswith(N.ARTICLE) or nxt in DIRECTION_ADJ or nxt in PART_ADJ or \
            nxt in PLACE_ADJ or nxt in NEVER_ALONE:
        return False
    # an adjective agrees: a feminine noun (ة) takes a feminine one (ة, or ى/ي: «الطبقة
    # الوسطى», «الثورة السورية»); «على الطبقة التحكمَ» is a place and a verbal noun
    if c.name.endswith("ه") and not nxt.endswith(("ه", "ي")):
        return False
    return GAP_NAME.fullmatch(text[toks[j - 1][2]:toks[j][1]]) is not None


def after_plural(text: str, toks, words, k: int, reach: int = 12) -> bool:
    """Whether a plural place noun (القرى، البلدات، مناطق …) comes before token ``k`` in the
    same sentence, at most ``reach`` words back: "على عدد من البلدات والقرى …، منها"."""
    for x in range(k - 1, max(-1, k - 1 - reach), -1):
        if SENTENCE_END.search(text[toks[x][2]:toks[x + 1][1]]):
            return False
        if cue_stems(words[x]) & PLURAL_ANY:
            return True
    return False


def _after_distance(text: str, toks, words, c: Candidate) -> bool:
    """Whether the compass phrase before ``c`` ("شمال", "جنوب غربي") follows a distance
    ("35 كيلومتراً", "10 كم"): a point's bearing, so ``c`` is the city."""
    k = c.i
    while k > 0 and cue_stems(words[k - 1]) & DIRECTION_CUES and \
            GAP_NAME.fullmatch(text[toks[k - 1][2]:toks[k][1]]):
        k -= 1
    return 0 < k < c.i and bool(cue_stems(words[k - 1]) & DISTANCE_UNITS) and \
        GAP_NAME.fullmatch(text[toks[k - 1][2]:toks[k][1]]) is not None


#: nouns of a town's quarters: a compass phrase after one measures from the city it lies in
_QUARTER_NOUNS = norm_set("حي أحياء حيي حارة حارات شارع شوارع دوار ساحة ضاحية")
#: how many words back from the compass phrase a quarter noun may stand
_QUARTER_REACH = 6


def _locates_a_quarter(text: str, toks, words, c: Candidate) -> bool:
    """Whether the compass phrase before ``c`` («جنوبي», «غرب») locates a quarter named just
    before it in the same clause («حي الراموسة والكليات العسكرية جنوبي حلب»): the city ``c``
    is meant, unless another town holds the quarter («أحياء مدينة جسر الشغور غرب إدلب»)."""
    k = c.i
    while k > 0 and cue_stems(words[k - 1]) & DIRECTION_CUES and \
            GAP_NAME.fullmatch(text[toks[k - 1][2]:toks[k][1]]):
        k -= 1
    if k == c.i:
        return False
    for x in range(k - 1, max(-1, k - 1 - _QUARTER_REACH), -1):
        if not GAP_NAME.fullmatch(text[toks[x][2]:toks[x + 1][1]]):
            return False  # a comma or a full stop: another clause
        stems = cue_stems(words[x])
        if stems & _QUARTER_NOUNS:
            return True
        if stems & SETTLEMENT_CUES:
            return False
    return False


def _after_site(store, text: str, toks, words, c: Candidate, ends: dict) -> bool:
    """Whether the bare compass phrase before ``c`` ("جنوب شرق") follows a specific site: a
    town or village named just before it (an adjective may come between), or a site noun
    (قاعدة، مطار، معسكر …) at most four words back in the same clause. Then the phrase locates
    that site from the city ``c``, not a part of the governorate; with ريف, an adjectival form
    (جنوبي، شمال غربي) or nothing before it, the governorate is meant."""
    k = c.i - 1
    while k > 0 and cue_stems(words[k - 1]) & BARE_COMPASS and \
            GAP_NAME.fullmatch(text[toks[k - 1][2]:toks[k][1]]):
        k -= 1
    if not all(cue_stems(words[x]) & BARE_COMPASS for x in range(k, c.i)) or k == 0:
        return False
    if words[k] not in BARE_COMPASS:
        return False  # "مدينة حمص وشمال شرق حلب": a new item of a list, not a relation
    if not GAP_NAME.fullmatch(text[toks[k - 1][2]:toks[k][1]]):
        return False  # a comma or a full stop before the compass phrase
    site = ends.get(k)
    if site is None and words[k - 1].startswith(N.ARTICLE) and words[k - 1].endswith(
            ("ي", "يه")):  # "مطار أبو الظهور العسكري شرق إدلب": one adjective between
        site = ends.get(k - 1)
    if site is not None and site.kind == "place" and any(
            store.kind[x] in _POPULATED for x in site.ids) and not site.gov_cue:
        return True
    for x in range(k - 1, max(-1, k - 5), -1):
        if cue_stems(words[x]) & SITE_NOUNS:
            return True
        if x and not GAP_NAME.fullmatch(text[toks[x - 1][2]:toks[x][1]]):
            break
    return False


#: attached object/possessive pronouns, longest first, and how common the word they are
#: attached to must be for the whole to be a word, not a name (فصل+ها, not كفرنا+ها)
PRONOUN_ENDS = ("هما", "هم", "هن", "ها")
PRONOUN_BASE_ZIPF = 3.0


def attached_pronoun(stem: str) -> bool:
    """Whether normalised ``stem`` is a common word with an attached pronoun (وفصلها، قصفهم،
    «أقامها»), not a name that ends so.

    >>> attached_pronoun("قصفهم"), attached_pronoun("كفرنبل")
    (True, False)
    """
    pronoun = next((p for p in PRONOUN_ENDS if stem.endswith(p)), "")
    return bool(pronoun) and len(stem) - len(pronoun) >= 3 and \
        zipf(stem[:-len(pronoun)]) >= PRONOUN_BASE_ZIPF


_TANWEEN_MARKS = "\u064b\u064c\u064d"


def has_tanween(end: str) -> bool:
    """Whether a word ending in ``end`` (its last two characters) carries tanween."""
    return end[-1:] in _TANWEEN_MARKS or end == "\u064b\u0627"


@lru_cache(maxsize=65536)
def _stem_zipf(written: str, n_clitic: int) -> float:
    """How common a word is without its ``n_clitic`` clitic letters."""
    stem = strip_written(written, n_clitic)
    return max(zipf(stem), zipf(N.arabic(stem)))


@lru_cache(maxsize=65536)
def word_zipf(written: str, n_clitic: int) -> float:
    """How common a word is, as written and without its ``n_clitic`` clitic letters (cached:
    a report's candidates and unknown names ask about the same words again and again)."""
    return max(zipf(written), _stem_zipf(written, n_clitic))


def strip_written(word: str, n: int) -> str:
    """``word`` without its first ``n`` letters (diacritics skipped)."""
    k = 0
    while n > 0 and k < len(word):
        if not ("\u064b" <= word[k] <= "\u065f" or word[k] in "\u0670\u0640"):
            n -= 1
        k += 1
    return word[k:]


@lru_cache(maxsize=65536)
def _nisba_base(w: str) -> str | None:
    """The base of a nisba-shaped word (السورية → سور), or None when it has no nisba ending."""
    bare = N.strip_article(w)
    for suf in ("يين", "يون", "يه", "ي"):
        if bare.endswith(suf) and len(bare) > len(suf) + 1:
            return bare[: -len(suf)]
    return None


def nisba_of_big_place(lex: NameIndex, w: str) -> bool:
    """Whether normalised ``w`` is the nisba of a big place (الإدلبي، الحموي، السورية)."""
    base = _nisba_base(w)
    return base is not None and (base in NISBA_BASES or any(
        (base + s) in lex.big_keys for s in ("", "ا", "يا", "ان", "ه")))


#: An adjective that agrees is at least this common (Zipf): a rare word there is a name.
INDEFINITE_ADJECTIVE_ZIPF = 3.0


#: What lies between a place and its other name in brackets or quotes («"جوبان باي"
#: (الراعي)», «والجنابرة "البانة"»), and what closes it.
ALIAS_GAP = re.compile(r"[\"”»']?\s*(?:\(|[\"«“])\s*")
_ALIAS_CLOSE = {"(": ")", '"': '"', "«": "»", "“": "”"}


def alias_span(text: str, before_end: int, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` stands alone in brackets or quotes right after a name
    ending at ``before_end``: another name of the same place («كري سبي (تل أبيض)»)."""
    gap = ALIAS_GAP.fullmatch(text, before_end, start)
    if gap is None:
        return False
    opener = text[before_end:start].strip()[-1:]
    return text[end:end + 3].lstrip().startswith(_ALIAS_CLOSE.get(opener, ")"))


#: a slash between two names of one place («شيه/ شيخ الحديد»)
_SLASH_GAP = re.compile(r"\s*/\s*")


def _same_place_aliases(text: str, out: list[Candidate]) -> None:
    """Two names of one gazetteer place side by side, the second in brackets or after a slash
    («تقع شيخ الحديد (شيه)», «ناحية شيه/ شيخ الحديد»): each is the other's evidence."""
    for a, b in itertools.pairwise(out):
        if a.kind != "place" or b.kind != "place" or not a.ids or not b.ids or b.clitic or \
                set(a.ids).isdisjoint(b.ids):
            continue
        if _SLASH_GAP.fullmatch(text, a.end, b.start) or alias_span(text, a.end, b.start, b.end):
            for c in (a, b):
                if not c.has(Kind.ALIAS):
                    c.add(Kind.ALIAS, None, W.cues_alias)


def _bracketed_alias(text: str, c: Candidate, before: Candidate | None) -> bool:
    """Whether ``c`` stands alone in brackets or quotes right after the place name ``before``:
    «كري سبي (تل أبيض)», «"جوبان باي" (الراعي)», «جبل التركمان "بايربوجاق"» — the same
    place's other name."""
    return (before is not None and before.kind == "place" and not c.clitic
            and alias_span(text, before.end, c.start, c.end))


def _continues_list(c: Candidate, ends: dict[int, Candidate], words: list[str]) -> bool:
    """Whether ``c`` follows another name with و («جرابلس وعفرين وأعزاز والباب»): an item of
    a list, not a common noun with its adjective (the adjective after it is the list's)."""
    before = ends.get(c.i)
    if before is not None and before.kind != "road" and c.clitic.startswith("و"):
        return True
    return c.i >= 1 and words[c.i - 1] == "و" and (c.i - 1) in ends


def _list_before(out: list[Candidate], last: Candidate, text: str) -> list[Candidate]:
    """The items of the list that ``last`` closes, before it: place candidates with list
    evidence, linked by و or commas, in the same sentence (nearest first)."""
    k = out.index(last)
    items: list[Candidate] = []
    while Kind.LIST in out[k].kinds and k > 0:
        a, b = out[k - 1], out[k]
        if a.kind != "place" or Kind.LIST not in a.kinds or a.sentence != b.sentence or \
                not GAP_LIST.fullmatch(text[a.end:b.start]):
            break
        items.append(a)
        k -= 1
    return items


def _list_goes_on(c: Candidate, starts: dict[int, Candidate], words: list[str]) -> bool:
    """Whether a name is the first of a list with و («قرى ربيعة والسكرية»: villages named, not
    an adjective of the noun): the next word is another candidate with و (or و then one)."""
    nxt = starts.get(c.j)
    if nxt is not None and nxt.kind != "road" and nxt.clitic.startswith("و"):
        return True
    return c.j < len(words) and words[c.j] == "و" and c.j + 1 in starts


def _agrees_indefinite(text: str, toks, c: Candidate) -> bool:
    """Whether a one-word candidate right after an indefinite place or event noun (only spaces
    between them: the caller's test) is that noun's adjective: written without the article or
    a clitic, feminine (ة, or the ى of كبرى), common enough to be a word, and no town of note
    («قرى سلمية» is Salamiyah's villages)."""
    if c.j - c.i != 1 or c.clitic or c.major or c.notable or c.zipf < INDEFINITE_ADJECTIVE_ZIPF:
        return False
    written = text[toks[c.i][1]:toks[c.i][2]]
    return not written.startswith(N.ARTICLE) and written.endswith(("ة", "ى"))  # كبرى، أخرى


def _is_nisba(lex: NameIndex, c: Candidate, prev: set[str], prev2: set[str], words,
              adjacent: bool = True) -> bool:
    """An adjective such as الروسية، التركي، السورية (after a noun), not a place name.

    A nisba of a country or big city is an adjective unless a preposition, an attached ب/ل or
    an indefinite place noun governs it (في سورية، قرية الروسية); any definite -ي/-ية word right
    after a definite noun (``adjacent``: only spaces between them) agrees with it (القوات
    الروسية، البادية السورية) unless it continues a list of places with و; after a comma it
    is the next item of a list («الطبقة، القامشلي»).
    """
    if c.j - c.i != 1:
        return False
    w = c.name
    if c.clitic[-1:] in ("ب", "ل") or not prev.isdisjoint(PREPOSITIONS):
        return False
    if _nisba_base(w) is None:
        return False
    from_big = nisba_of_big_place(lex, w)
    pw = words[c.i - 1] if c.i > 0 else ""
    after_definite = pw.startswith((N.ARTICLE, "وال", "بال", "لل", "فال", "كال"))
    if w.startswith(N.ARTICLE) and after_definite and adjacent and (
            from_big or (not c.major and not c.clitic.startswith(("و", "ف")))):
        return True
    if not prev.isdisjoint(PLACE_NOUN_DIR):
        return False
    if not w.startswith(N.ARTICLE) and (not prev or not prev.isdisjoint(COUNTRY_HEADS)) and any(
            lex.store.kind[x] == "country" for x in c.ids[:c.n_exact or None]):
        # "سورية" (SANA's spelling of the country) opening a clause ("سورية وتركيا …") or
        # owning a noun of statehood ("سيادة سورية"); "أخبار سورية" stays an adjective
        return False
    return from_big




# ------------------------------------------------------------------ unknown villages

def list_has_plural_cue(k: int, out: list[Candidate]) -> bool:
    """Whether the list that ``out[k]`` ends is headed by a plural place noun (بلدات، قرى …)."""
    while True:
        kinds = out[k].kinds
        if Kind.LIST_HEAD in kinds or (Kind.CUE in kinds and not PLURAL_CUES.isdisjoint(
                out[k].words_of(Kind.CUE))):
            return True
        if k == 0 or Kind.LIST not in out[k].kinds or out[k - 1].j < out[k].i - 1:
            return False
        k -= 1


class Cues(Rule):
    """Collects the evidence around each candidate: place nouns, directions, prepositions, lists,
    hashtags, events, nisba adjectives, organisations (see :mod:`gazetteer.extract`, step 5).

    Reads ``candidates`` and the text around them; writes ``Candidate.evidence``, ``support``,
    ``zipf`` and the flags (``gov_cue``, ``city_cue``, ``nisba``, ``org`` …).
    """

    name = "cues"

    def __call__(self, state: ParseState) -> None:
        _evidence(state.lex, state.store, state.text, state.toks, state.words, state.candidates)
        _same_place_aliases(state.text, state.candidates)


def _in_quotes(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies inside one pair of quotation marks on its line: a list
    written with dashes is quoted («قرى "الزكاة – الأربعين – اللحايا"»), a pair of names joined
    by a dash elsewhere need not be a list («دجلة – الفرات»)."""
    if not QUOTES.isdisjoint(text[start:end]):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    after = text[end:line_end if line_end >= 0 else len(text)]
    opened = sum(text.count(q, line_start, start) for q in QUOTES) % 2 == 1
    return opened and not QUOTES.isdisjoint(after)
