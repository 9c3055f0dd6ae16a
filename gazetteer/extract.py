"""Report geoparser, first half: find the place names in an Arabic text.

``extract(gazetteer, text)`` returns :class:`~gazetteer.mention.Mention` objects, resolved with
:mod:`gazetteer.context`. How a stretch of text becomes a mention:

1. **Tokens.** :func:`gazetteer.normalize.tokens` splits on word boundaries and keeps the original
   offsets, so a name is never found inside another word (زارة in وزارة, عزيز in تعزيز).
2. **Masks.** Organisations and outlets (تلفزيون سوريا، حلب اليوم، هيئة تحرير الشام، شبكة
   "شام" …) and person names (بشار الأسد، بوتين …) are masked before matching: their words can
   be place names but are not places there. So are people named by rule: a title or rank before
   a personal name (النقيب ناجي مصطفى، والعقيد أحمد), a kunya (أبو عمر، أم محمد; a name after
   أبو/أم that is not itself "أبو X" in the gazetteer is never the place X) and the nisba
   surname after a personal name (أبو عمر الزاوي، محمد الإدلبي). A title or kunya that starts a
   gazetteer name (الشيخ سليمان، أبو عمر) stays a place after a place noun or a preposition.
3. **Longest match.** At each token, the word and its clitic-stripped stems (و/ف + ب/ل/ك +
   ال, لل — :func:`gazetteer.normalize.strip_clitics`) are extended over the following tokens
   while the joined key is a prefix of some gazetteer key (a pyahocorasick trie), so كفر نبل and
   كفرنبل, or "أم 4" and ام4, match the same name and the longest name wins (جبل الزاوية over
   الزاوية). A stem is accepted only when it is a known name (بنش stays بنش).
   A generic head without its article (تل، عين، جبل، شير …) matched alone (as التل، الشير) but
   followed by a name word is half of a two-word name: "تل مرديخ" takes the readings of مرديخ,
   "شير مغار" is an unknown name, "تل مرتفع" (a high hill) is nothing.
4. **Roads.** M4/M-4/«إم 4»/أم-4/M5 and ``طريق حلب - اللاذقية`` become one ``road`` mention whose
   span is the road's name; a generic "الطريق الدولي" before it is a cue, not a second mention.
5. **Evidence.** Each candidate collects cues: an indefinite place noun before it (قرية، بلدة،
   مدينة، ريف، محافظة، منطقة، جبل، مطار، حاجز … — "الأحياء" is no cue), a direction (شمال،
   جنوبي …), a preposition (في، من، إلى، قرب، باتجاه …, or an attached ب/ل), an event noun
   (قصف، هجوم، معارك … X), a hashtag, membership in a list of places ("قسطون والزيارة وخربة
   الناقوس"), a place it is said to lie in ("X بسهل الغاب", "X بريف إدلب").
6. **Filters.** Common words need evidence in proportion to how common they are (the
   ``wordfreq`` Zipf frequency of the word as written: rare names pass alone, frequent words
   need a place noun, a list or a hashtag); countries, governorates and capitals are exempt and
   district seats and towns of 20,000+ need one cue less — except a common word read as a
   clitic plus a name with the article added or removed (ورقة "paper" = و + رقة → الرقة), which
   needs a place noun whatever the place. Nisba adjectives (الروسية، التركي،
   السورية after a noun, القوات الروسية، البادية السورية) are dropped unless a preposition or a
   place noun governs them (في سورية، قرية الروسية); so is a place name that belongs to an
   organisation's name (جيش إدلب الحر، تلفزيون حلب، تنسيقية سراقب), and a function or cue word
   that happens to be a village name (على، قرى، شمال). A name written with tanween (وفداً روسياً،
   رتلاً عسكرياً تركياً) is an adjective or adverb: place names do not take it; a bare name after
   an accusative word is that word's object, a place (داعياً تركيا إلى …، مطالباً روسيا).
   One sense per discourse: once a name is a place in the report (after a place noun, in a list,
   or rare), its other occurrences are kept too, and resolved alike (
   :func:`gazetteer.context.resolve_mentions`).
   A bare compass noun (جنوب شرق) after a site (a named town, قاعدة، مطار …) before a governorate
   capital asks for the city ("قاعدة حميميم الجوية جنوب شرق اللاذقية"); with ريف, an
   adjectival direction (جنوبي، شمال غربي، الجنوبي) or no site before it, the governorate.
   More evidence: the object of a verb of motion or connection (يربط منبج، دخلت القوات منبج،
   يمر، وصل، اقتحم …), a road to the place (على طريق بليون, not "عن طريق"), a list opened by
   منها/أبرزها after a plural place noun ("عدد من القرى، منها X وY"), and three or more
   parallel phrases with the same preposition ("5 في قلعة المضيق، و3 في الحويز، وسيدة في
   الزيارة"), which count as a list.
   A town named with an adjective the gazetteer does not know with it (حلب الجديدة، حمص القديمة،
   أورم الصغرى) is one mention of the town, never the governorate; a known longer name (أورم
   الكبرى) wins by longest match. Latin hashtags (#Idlib، #Saraqeb، #Jisr_al-Shughur) are
   looked up in the Latin index (exact key, places in Syria only).
   A dual or plural governorate noun (ريفي، ريفا، أرياف، محافظتي) asks for the governorate
   reading of every name in the coordinated list after it ("بريفي إدلب وحلب"), a dual or plural
   city noun (مدينتي، مدن) for the town reading ("مدينتي تل أبيض ورأس العين"). After a part of
   a town (أحياء، حي، شوارع، أسواق، مركز …) a governorate capital is the city, and a direction
   adjective after it describes those parts ("أحياء حلب الشرقية", unlike "ريف حلب الشرقي").
   A very common word is no place for being a hashtag (#عاجل), nor a definite common noun with
   its adjective ("الإدارة الذاتية"، "الثورة السورية": then its other occurrences without a
   settlement noun are that word too), nor a word after a quantifier ("كل مهجر"). Dates are
   masked ("في تشرين الأول 2019": تشرين is also a village). A country's official name
   ("الجمهورية العربية السورية"، "الاتحاد الروسي") is one mention of the country; the -ية
   spelling of a country (سورية) is the country opening a clause or after a noun of
   statehood ("سيادة سورية"), an adjective after other nouns ("أخبار سورية"). A name whose
   only readings are admin units (كوباني: a subdistrict) also reads as the unit's seat town.
7. **Unknown villages.** A rare word right after a settlement noun (قرية، بلدة، معبر، ولاية …),
   inside or at the head of a list of known places, in a hashtag, or after a generic head after
   a preposition (بجبل شحشبو، وجبل الشيخ بركات), that the gazetteer lacks, is
   reported with ``place=None`` (:mod:`gazetteer.context` then tries spelling variants near the
   report's other places). A word shaped like a verb is never such a name (…وبزابور، وأخمدت
   حريقاً: a perfect with a subject suffix, an imperfect, or a verb with an accusative object).

The word lists behind these steps (cue words, titles, given names, organisations …) live
in :mod:`gazetteer.lexicon`.

Context (governorate cues, co-mentioned places, population) is applied by
:func:`gazetteer.context.resolve_mentions`.

>>> from gazetteer import Gazetteer
>>> ms = Gazetteer.default().extract("قصف على كفرنبل ومعرة حرمة بريف إدلب الجنوبي")
>>> [(m.surface, m.place.name_en if m.place else None) for m in ms][:2]
[('كفرنبل', 'Kafr Nabl'), ('ومعرة حرمة', 'Ma`arrat Hurmah')]
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass, field
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
    GENERIC_HEADS,
    GIVEN_NAMES,
    GOV_CUES,
    GOV_PLURAL,
    HEAD_CUES,
    IN_WORDS,
    KUNYA_HEADS,
    LIST_INTRO,
    M4_TOWNS,
    M5_TOWNS,
    MONTH_ALL,
    MONTH_ORD,
    MOTION_CUES,
    NAME_HEADS,
    NEVER_ALONE,
    NISBA_BASES,
    OFFICIAL_ADJ,
    OFFICIAL_HEADS,
    ORG_HEADS,
    ORGANISATIONS,
    PART_ADJ,
    PERSONS,
    PLACE_ADJ,
    PLACE_NOUN_DIR,
    PLURAL_ANY,
    PLURAL_CUES,
    PREPOSITIONS,
    QUANTIFIERS,
    ROAD_HEADS,
    ROAD_TO,
    SETTLE_PREP,
    SETTLEMENT_CUES,
    SHRINE_TITLES,
    SITE_NOUNS,
    TITLES,
    UNKNOWN_CUES,
    URBAN_PARTS,
)

# formerly defined here and not used by the code below: still importable from this module
from gazetteer.lexicon import AREA_CUES as AREA_CUES
from gazetteer.lexicon import STOPWORDS as STOPWORDS
from gazetteer.mention import Mention

__all__ = ["Candidate", "Mention", "extract", "find_candidates"]

_POPULATED = frozenset({"city", "town", "village", "neighbourhood"})
_GAP_NAME = re.compile(r"[ \t\u00a0\-\u2010-\u2014_ـ]{1,3}")
_GAP_LOOSE = re.compile(r"[ \t\u00a0\-\u2010-\u2014_ـ\"'«»“”„()]{1,4}")
_GAP_LIST = re.compile(r"[ \t\u00a0,،/]{0,3}(?:و[ \t\u00a0]*)?[ \t\u00a0#]*")
_ROAD_RE = re.compile(
    r"(?<![\w\u0600-\u06ff])(?:(?P<lat>[MmМ])|(?P<ar>[إأاآ]م))[ \t\u00a0]?[-‐–]?[ \t\u00a0]?"
    r"(?P<num>[45٤٥])(?![\d٠-٩])")
_SENTENCE_END = re.compile(r"[.!?؟\n;؛]+")
#: Quick test for a word of :data:`~gazetteer.lexicon.LIST_INTRO` in a text.
_LIST_INTRO_RE = re.compile("منها|بينها|برزها|همها|برزهما|همهما")


# ------------------------------------------------------------------ data structures

@dataclass(eq=False, slots=True)
class Candidate:
    """A stretch of text that may name a place, before context decides (internal)."""

    i: int                       # first token
    j: int                       # one past the last token
    start: int                   # character offsets in the text (clitics included)
    end: int
    name: str                    # normalised name matched (spaced)
    ids: tuple[int, ...]         # gazetteer record ids (exact names first)
    how: str = "exact"           # exact | article | road | road-generic | unknown
    n_exact: int = 0             # ids[:n_exact] match exactly, the rest with ال added/removed
    clitic: str = ""             # the stripped clitic chain, normalised
    kind: str = "place"          # place | road
    cues: list[str] = field(default_factory=list)
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


# ------------------------------------------------------------------ lexicon built once per store

class _Word(NamedTuple):
    prefixes: tuple[str, ...]    # clitic stems that start some gazetteer key
    stems: frozenset[str]        # every clitic stem (the word itself included)
    mask: bool                   # may start an organisation or person name
    unknown_cue: bool            # قرية، بلدة، معبر … (a name the gazetteer lacks may follow)
    arabic: bool
    person: int                  # 1 a title or rank, 2 a kunya head (أبو/أم), 3 a given name
    head: bool                   # a generic head of two-word names (تل، عين، جبل …)


class _Lexicon:
    """Keys, prefix trie and masks for one gazetteer (built once, cached on the store)."""

    def __init__(self, store):
        import ahocorasick

        self.store = store
        # joined key -> (record ids, how many of them match exactly); ids with the article
        # added/removed come after the exact ones (الحويز: exact namesakes, then حويز)
        self.keys: dict[str, tuple[tuple[int, ...], int]] = {}
        for k, ids in store.arabic_index.items():
            if " " not in k and ids:
                self.keys[k] = (tuple(ids), len(ids))
        for k, ids in store.arabic_variant_index.items():
            if " " in k or not ids:
                continue
            have, n_exact = self.keys.get(k, ((), 0))
            merged = have + tuple(x for x in ids if x not in have)
            self.keys[k] = (merged, n_exact)
        self._add_seats(store)
        trie = ahocorasick.Automaton()
        for k in self.keys:
            trie.add_word(k, 0)
        self.trie = trie
        self.masks = _sequences(ORGANISATIONS, "org") + _sequences(PERSONS, "person")
        self.mask_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for seq, what in self.masks:
            self.mask_first.setdefault(seq[0], []).append((seq, what))
        for v in self.mask_first.values():
            v.sort(key=lambda s: -len(s[0]))
        # big places whose adjectives are nisba forms: countries, governorates, cities
        self.big_keys: set[str] = set()
        for i, kind in enumerate(store.kind):
            if kind in ("country", "governorate") or int(store.rank[i]) >= 3:
                for n in store.names_of(i):
                    if N.has_arabic(n):
                        k = N.key(n)
                        self.big_keys.add(k)
                        self.big_keys.add(N.strip_article(k))
        self.m4 = _first_id(store, "curated:m4")
        self.m5 = _first_id(store, "curated:m5")
        self._info: dict[str, _Word] = {}
        self._major: dict[tuple[int, ...], tuple[bool, bool]] = {}

    def _add_seats(self, store) -> None:
        """A name whose only readings are admin units (كوباني: the Ain al-Arab subdistrict) also
        reads as the town the unit is named after (the unit's main name, within 15 km of a
        subdistrict's or 40 km of a district's centroid): a bare name is the town, the
        centroid of the unit may lie 10 km from it."""
        kind = store.kind
        admin = {i for i, x in enumerate(kind) if x in ("district", "subdistrict")}
        for k, (ids, n_exact) in list(self.keys.items()):
            if not ids or ids[0] not in admin or not admin.issuperset(ids):
                continue
            seats: list[int] = []
            for x in ids:
                main = re.sub(r"^(مركز|ناحية|منطقة)\s+", "", store.name_ar[x] or "")
                hit = self.keys.get(N.key(main)) if main else None
                radius = 40.0 if kind[x] == "district" else 15.0
                for y in hit[0] if hit else ():
                    if kind[y] in _POPULATED and y not in seats and y not in ids and _km(
                            store.lat[x], store.lon[x], store.lat[y], store.lon[y]) <= radius:
                        seats.append(y)
            if seats:
                n = len(seats) if n_exact else 0
                self.keys[k] = (tuple(ids[:n_exact]) + tuple(seats) + tuple(ids[n_exact:]),
                                n_exact + n)

    def lookup(self, key: str) -> tuple[tuple[int, ...], int] | None:
        return self.keys.get(key)

    def info(self, word: str) -> _Word:
        """Per-word facts, computed once per distinct word (bounded cache)."""
        w = self._info.get(word)
        if w is None:
            stems = N.strip_clitics(word)
            person = (1 if TITLES.intersection(stems) else 2 if KUNYA_HEADS.intersection(stems)
                      else 3 if GIVEN_NAMES.intersection(stems[:2]) else 0)
            w = _Word(tuple(x for x in stems if self.trie.match(x)), frozenset(stems),
                      any(x in self.mask_first for x in stems),
                      bool(UNKNOWN_CUES.intersection(stems)), N.has_arabic(word), person,
                      bool(GENERIC_HEADS.intersection(stems)))
            if len(self._info) > 300_000:
                self._info.clear()
            self._info[word] = w
        return w

    def major(self, ids: tuple[int, ...]) -> tuple[bool, bool]:
        """(major, notable): a country, governorate or capital among the readings (no frequency
        test); a district seat or town of 20,000+ (a lower one)."""
        m = self._major.get(ids)
        if m is None:
            s = self.store
            major = any(s.kind[x] in ("country", "governorate") or int(s.rank[x]) >= 3
                        for x in ids)
            notable = any(int(s.rank[x]) >= 2 or (s.kind[x] in _POPULATED
                                                  and s.population[x] >= 20000) for x in ids)
            m = self._major[ids] = (major, notable)
        return m


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Approximate distance in km (equirectangular; fine at the scale of Syria)."""
    dy = (float(lat2) - float(lat1)) * 110.95
    dx = (float(lon2) - float(lon1)) * 111.32 * math.cos(math.radians(
        (float(lat1) + float(lat2)) / 2))
    return math.hypot(dx, dy)


def _first_id(store, pid: str) -> int | None:
    try:
        return store.index_of(pid)
    except KeyError:
        return None


def _sequences(names: list[str], what: str) -> list[tuple[tuple[str, ...], str]]:
    out = []
    for n in names:
        seq = tuple(t for t, _, _ in N.tokens(n))
        if seq:
            out.append((seq, what))
    return out


def lexicon(store) -> _Lexicon:
    """The matcher's lexicon for ``store``, built on first use and kept on the store."""
    lex = getattr(store, "_extract_lexicon", None)
    if lex is None or lex.store is not store or lex.n != len(store.ids):
        lex = _Lexicon(store)
        lex.n = len(store.ids)
        store._extract_lexicon = lex
    return lex


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """Zipf frequency of an Arabic word in ``wordfreq`` (0 for unknown words)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "ar")


# ------------------------------------------------------------------ main entry points

def extract(gazetteer, text: str, *, resolve: bool = True, unknown: bool = True,
            generic_roads: bool = False) -> list[Mention]:
    """Every place named in ``text``, in order, as :class:`Mention` objects.

    ``unknown=False`` drops names the gazetteer lacks (reported with ``place=None``);
    ``generic_roads=True`` also reports a bare "الطريق الدولي" as a road mention.
    ``resolve=False`` skips the context step (each mention gets its first candidate).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if not text.strip():
        return []
    if len(text) > WINDOW_CHARS:  # context scoring is quadratic: read long texts in windows
        return [m.shifted(offset) for offset, piece in _windows(text, WINDOW_CHARS)
                for m in extract(gazetteer, piece, resolve=resolve, unknown=unknown,
                                 generic_roads=generic_roads)]
    toks = N.tokens(text)
    cands = find_candidates(gazetteer, text, toks, unknown=unknown, generic_roads=generic_roads)
    from gazetteer.context import resolve_mentions

    return resolve_mentions(gazetteer, text, toks, cands, use_context=resolve)


#: Texts longer than this (characters) are geoparsed in windows cut at paragraph, line or
#: sentence ends: resolving a report compares every mention with every other (memory and time
#: grow with the square of the length; a 400,000-character text needed 5 GB at once).
WINDOW_CHARS = 20_000


def _windows(text: str, size: int):
    """``(offset, piece)`` pieces of at most ``size`` characters, cut after a blank line, else a
    line end, else a sentence end, else a space (a name is not split across pieces)."""
    pos = 0
    while len(text) - pos > size:
        seg = text[pos:pos + size]
        cut = 0
        for sep in ("\n\n", "\n", ". ", "، ", " "):
            at = seg.rfind(sep)
            if at >= size // 2:
                cut = at + len(sep)
                break
        cut = cut or size
        yield pos, text[pos:pos + cut]
        pos += cut
    yield pos, text[pos:]


def find_candidates(store, text: str, toks: list[tuple[str, int, int]] | None = None, *,
                    unknown: bool = True, generic_roads: bool = False) -> list[Candidate]:
    """Candidate place names with their lexical evidence (no resolution yet)."""
    lex = lexicon(store)
    if toks is None:
        toks = N.tokens(text)
    n = len(toks)
    words = [t[0] for t in toks]
    info, seen = lex.info, lex._info
    infos = [seen.get(w) or info(w) for w in words]
    sent_bounds = [m.end() for m in _SENTENCE_END.finditer(text)]
    masked = _mask(lex, text, toks, words, infos)
    road_spans = _roads(text)

    # token index of each road name; road tokens are not place names
    road_tok: dict[int, tuple[int, int, str]] = {}
    for s, e, which in road_spans:
        i = bisect.bisect_left(toks, s, key=lambda t: t[1])
        j = i
        while j < n and toks[j][2] <= e:
            j += 1
        if j > i:
            road_tok[i] = (j, s, which)

    out: list[Candidate] = []
    i = 0
    while i < n:
        if i in road_tok:
            j, s, which = road_tok[i]
            out.append(Candidate(i, j, s, toks[j - 1][2], which, _road_ids(lex, which),
                                 how="road", kind="road", road=which, support=3,
                                 major=True))
            i = j
            continue
        if masked[i] or not infos[i].prefixes:
            i += 1
            continue
        if i and infos[i - 1].person == 2 and not masked[i - 1] and \
                _GAP_NAME.fullmatch(text[toks[i - 1][2]:toks[i][1]]):
            i += 1  # أبو/أم + X, not itself a name: a kunya (أبو حلب), not the place X
            continue
        best = _longest(lex, text, toks, words, masked, road_tok, i, infos[i].prefixes)
        if best is None:
            i += 1
            continue
        j, stem, last, ids, n_exact, n_first = best
        if j - i == 1 and stem in NEVER_ALONE and not (
                _prev_word_stems(toks, words, i, text) & SETTLEMENT_CUES):
            i += 1  # a function or cue word (على، قرية، شمال …) is no place by itself
            continue
        if j - i >= 2 and stem in HEAD_CUES:
            rest = lex.lookup("".join(words[i + 1:j]))
            if rest is not None:  # "منطقة إدلب" -> cue منطقة + name إدلب
                i, stem, last, ids, n_exact = i + 1, words[i + 1], words[i + 1], rest[0], rest[1]
                n_first = len(ids)
        # the clitic of the most stripped reading (و of وقاح when قاح is also a name)
        clitic = words[i][: len(words[i]) - len(last)] if words[i].endswith(last) else ""
        name = " ".join([stem, *words[i + 1:j]])
        cand = Candidate(i, j, toks[i][1], toks[j - 1][2], name, ids,
                         how="exact" if n_exact else "article", n_exact=n_exact, clitic=clitic)
        if n_first < len(ids):  # ids[n_first:] are read with the clitic stripped
            cand.n_first, cand.alt_name = n_first, " ".join([last, *words[i + 1:j]])
        out.append(cand)
        i = j

    if "#" in text:
        out = _latin_hashtags(store, text, toks, road_tok, out)
    if _OFFICIAL_HINT.search(text):
        out = _official_names(lex, text, toks, words, masked, out)
    for c in out:
        c.sentence = bisect.bisect_right(sent_bounds, c.start)
    out = _generic_heads(text, toks, words, masked, road_tok, out, infos, sent_bounds)
    _roads_from_pairs(lex, text, toks, words, out)
    out = _part_adjectives(lex, text, toks, words, masked, out)
    _evidence(lex, store, text, toks, words, out)
    if unknown:
        out = _unknowns(lex, text, toks, words, masked, out, infos, sent_bounds)
    _decide(out)
    return [c for c in out if c.keep and (generic_roads or c.how != "road-generic")]


# ------------------------------------------------------------------ "حلب الجديدة"



def _part_adjectives(lex: _Lexicon, text: str, toks, words, masked, out: list[Candidate]):
    """A place name followed by one of :data:`PART_ADJ` that the gazetteer does not know as one
    name ("منطقة حلب الجديدة"): the mention covers both words and means the populated place
    (the city, not the governorate), whatever cue came before."""
    store = lex.store
    drop: set[int] = set()
    for k, c in enumerate(out):
        j = c.j
        if c.kind != "place" or not c.ids or j >= len(words) or words[j] not in PART_ADJ or \
                masked[j] or not _GAP_NAME.fullmatch(text[toks[j - 1][2]:toks[j][1]]):
            continue
        pts = tuple(x for x in c.ids if store.kind[x] in _POPULATED)
        if not any(store.kind[x] in ("city", "town") or int(store.rank[x]) >= 1 for x in pts):
            continue  # towns and cities only: "السوق القديم" is the old market
        if k + 1 < len(out) and out[k + 1].i == j:
            drop.add(k + 1)  # the adjective read alone as a village (الجديدة)
        c.j, c.end, c.name = j + 1, toks[j][2], f"{c.name} {words[j]}"
        c.major, c.notable = lex.major(c.ids)  # as prominent as the name read alone
        pop = set(pts)
        c.n_exact = sum(x in pop for x in c.ids[:c.n_exact])
        c.n_first = sum(x in pop for x in c.ids[:c.n_first])
        c.ids = pts
        c.cues.append("part:" + words[j])
    return [c for k, c in enumerate(out) if k not in drop] if drop else out


# ------------------------------------------------------------------ official country names

_OFFICIAL_HINT = re.compile("جمهوري|مملك|الاتحاد")


def _official_names(lex: _Lexicon, text: str, toks, words, masked,
                    out: list[Candidate]) -> list[Candidate]:
    """A state's official name: "الجمهورية العربية السورية", "الجمهورية التركية", "الاتحاد
    الروسي" — a head (جمهورية، مملكة، اتحاد), optional adjectives (العربية، الإسلامية …) and
    the nisba of a country in the gazetteer — is one mention of that country."""
    store = lex.store
    n = len(words)
    found = []
    for i in range(n):
        heads = _stems(words[i]) & OFFICIAL_HEADS
        if not heads or masked[i]:
            continue
        j = i + 1
        while j < n and words[j] in OFFICIAL_ADJ:  # العربية is also a channel's name
            j += 1
        if j >= n or masked[j] or not words[j].startswith(N.ARTICLE):
            continue
        bare = N.strip_article(words[j])
        base = bare[:-2] if bare.endswith("يه") else bare[:-1] if bare.endswith("ي") else None
        if not base or len(base) < 2:
            continue
        ids: tuple[int, ...] = ()
        for key in (base, base + "ا", base + "يا", N.ARTICLE + base, base + "ان", words[j]):
            hit = lex.lookup(key)
            if hit:
                ids = tuple(x for x in hit[0] if store.kind[x] == "country")
                if ids:
                    break
        if not ids or not all(_GAP_NAME.fullmatch(text[toks[k - 1][2]:toks[k][1]])
                              for k in range(i + 1, j + 1)):
            continue
        found.append(Candidate(i, j + 1, toks[i][1], toks[j][2], " ".join(words[i:j + 1]), ids,
                               n_exact=len(ids), support=3, cues=["official-name"]))
    if not found:
        return out
    spans = [(c.i, c.j) for c in found]
    rest = [c for c in out if not any(c.i < b and a < c.j for a, b in spans)]
    return sorted(rest + found, key=lambda c: c.start)


# ------------------------------------------------------------------ Latin hashtags

_LATIN_TAG = re.compile(r"#([A-Za-z][A-Za-z'’_\-]*[A-Za-z])")


def _latin_hashtags(store, text: str, toks, road_tok, out: list[Candidate]) -> list[Candidate]:
    """Hashtags written in Latin letters inside an Arabic text (#Idlib، #Saraqeb،
    #Jisr_al-Shughur): a place when the whole tag is a Latin name of places in Syria only in the
    gazetteer (exact key, spelling variants folded: Idleb = Idlib); #Syria, #Russia: countries."""
    lookup = getattr(store, "lookup_latin", None)
    if lookup is None:
        return out
    found = []
    taken = {k for c in out for k in range(c.i, c.j)}
    for m in _LATIN_TAG.finditer(text):
        name = re.sub(r"[_\-]+", " ", m.group(1))
        ids = lookup(name)
        country = tuple(x for x in ids if store.kind[x] == "country")
        if country:
            ids = country  # #Syria, #Russia: the country, not a village spelled alike
        elif not ids or not all(store.admin1[x] for x in ids):
            continue  # a name also used abroad
        i = bisect.bisect_left(toks, m.start(1), key=lambda t: t[1])
        j = i
        while j < len(toks) and toks[j][2] <= m.end(1):
            j += 1
        if j == i or any(k in taken or k in road_tok for k in range(i, j)):
            continue
        found.append(Candidate(i, j, toks[i][1], toks[j - 1][2], name.lower(), ids,
                               n_exact=len(ids), support=1, cues=["latin"]))
    return sorted(out + found, key=lambda c: c.start) if found else out


# ------------------------------------------------------------------ masking

def _mask(lex: _Lexicon, text: str, toks, words, infos) -> list[bool]:
    n = len(toks)
    masked = [False] * n
    for i in range(n):
        if not infos[i].mask:
            continue
        for stem in N.strip_clitics(words[i]):
            seqs = lex.mask_first.get(stem)
            if not seqs:
                continue
            for seq, _what in seqs:
                j = i + len(seq)
                if j > n or any(words[i + k] != seq[k] for k in range(1, len(seq))):
                    continue
                if not all(_GAP_LOOSE.fullmatch(text[toks[k - 1][2]:toks[k][1]])
                           for k in range(i + 1, j)):
                    continue
                if infos[i].prefixes:
                    best = _longest(lex, text, toks, words, masked, {}, i, infos[i].prefixes)
                    if best is not None and best[0] > j:
                        break  # a longer place name ("الجزيرة السورية", not the channel)
                for k in range(i, j):
                    masked[k] = True
                break
            if masked[i]:
                break
    _mask_persons(lex, text, toks, words, infos, masked)
    for i in [i for i, w in enumerate(words) if w in MONTH_ALL]:
        nxt = words[i + 1] if i + 1 < n else ""
        prv = words[i - 1] if i else ""
        if nxt in MONTH_ORD:
            masked[i] = masked[i + 1] = True
        elif (nxt.isdigit() and len(nxt) == 4) or (prv.isdigit() and len(prv) <= 2):
            masked[i] = True
    return masked




def _is_surname(word: str) -> bool:
    """A definite nisba such as الزاوي، الحموي، الإدلبي (a family name after a personal name)."""
    return (word.startswith(N.ARTICLE) and word.endswith("ي") and len(word) >= 5
            and word not in DIRECTION_ADJ and word not in NEVER_ALONE)


def _mask_persons(lex: _Lexicon, text: str, toks, words, infos, masked: list[bool]) -> None:
    """Person names: a title or rank before a personal name (النقيب ناجي مصطفى، والعقيد أحمد),
    a kunya (أبو عمر، وأم محمد) and the nisba surname after a personal name (أبو عمر الزاوي،
    محمد الإدلبي). A title or kunya that is itself the start of a gazetteer name (الشيخ سليمان،
    أبو الضهور) is a place unless the word after it is a personal name and no settlement noun
    or preposition governs it ("قرية أبو عمر", "على الشيخ سليمان" are villages), and is a
    person only when a second name word follows ("وأبو عمر الزاوي")."""
    n = len(words)

    def joined(k: int) -> bool:  # token k follows token k-1 across a plain space
        return 0 < k < n and not masked[k] and _GAP_NAME.fullmatch(
            text[toks[k - 1][2]:toks[k][1]]) is not None

    def given(k: int) -> bool:
        # "على" (on) folds to the name علي: only the spelling with ي is the name
        return infos[k].person == 3 and not text[toks[k][1]:toks[k][2]].endswith("ى")

    people = [i for i, w in enumerate(infos) if w.person]
    if not people:
        return
    for i in people:
        role = infos[i].person
        if role not in (1, 2) or i + 1 >= n or masked[i] or not joined(i + 1):
            continue
        nxt = words[i + 1]
        if role == 1:
            person = given(i + 1) or (not infos[i + 1].prefixes and infos[i + 1].arabic
                                      and nxt not in NEVER_ALONE and infos[i + 1].person != 1)
        else:
            person = given(i + 1)
        if not person:
            continue
        if infos[i].prefixes:
            best = _longest(lex, text, toks, words, masked, {}, i, infos[i].prefixes)
            if best is not None and best[0] > i + 1:
                # "الشيخ سليمان", "أبو عمر" are also villages: a settlement noun or a
                # preposition before it ("على الشيخ سليمان") makes it the place
                if _prev_word_stems(toks, words, i, text) & SETTLE_PREP:
                    continue
                # … and a personal name needs a second name word after it ("وأبو عمر
                # الزاوي" is a man, "وقبتان الجبل والشيخ سليمان" a list of villages)
                # (or it continues a list of people: "أبو خالد الحموي وأبو عمر")
                after_person = words[i].startswith("و") and i and masked[i - 1]
                if not after_person and not (given(i + 1) and joined(i + 2)
                                             and (given(i + 2) or _is_surname(words[i + 2]))):
                    continue
        masked[i] = masked[i + 1] = True
        k = i + 2
        while k < min(n, i + 4) and joined(k) and (given(k) or _is_surname(words[k])):
            masked[k] = True
            k += 1
    # a nisba surname after a personal name: "محمد الإدلبي", "فراس الحموي"
    for i in people:
        if 0 < i < n - 1 and infos[i].person == 3 and not masked[i + 1] \
                and _is_surname(words[i + 1]) \
                and joined(i + 1) and given(i) \
                and not (_stems(words[i - 1]) & GENERIC_HEADS):
            masked[i + 1] = True


# ------------------------------------------------------------------ generic heads

def _generic_heads(text: str, toks, words, masked, road_tok, out: list[Candidate], infos,
                   sent_bounds: list[int]) -> list[Candidate]:
    """A generic head word without its article (تل، عين، جبل، شير …) matched alone (as التل،
    الشير) but followed by a name word is the first half of a two-word name: "محور تل مرديخ",
    "وتل الطوقان", "في شير مغار". The head is never resolved alone: the pair takes the
    readings of its second word when that is a known place (تل مرديخ → Mardikh), is an
    unknown name when the second word is rare, and is dropped when it is a common word
    ("على تل مرتفع")."""
    if not out:
        return out
    starts = {c.i: k for k, c in enumerate(out)}
    n = len(words)
    drop: set[int] = set()
    for k, c in enumerate(out):
        j = c.j
        if (c.kind != "place" or c.j - c.i != 1 or c.name not in GENERIC_HEADS or j >= n
                or masked[j] or j in road_tok or not infos[j].arabic):
            continue
        if not _GAP_NAME.fullmatch(text[toks[j - 1][2]:toks[j][1]]):
            continue
        w = words[j]
        if w in NEVER_ALONE or w.startswith("و") or infos[j].person == 1:
            continue
        d_k = starts.get(j)
        if d_k is not None:
            d = out[d_k]
            if d.kind != "place":
                continue
            merged = Candidate(c.i, d.j, c.start, d.end, f"{c.name} {d.name}", d.ids,
                               how=d.how, n_exact=d.n_exact, clitic=c.clitic,
                               cues=["head:" + c.name], n_first=d.n_first,
                               alt_name=d.alt_name and f"{c.name} {d.alt_name}")
            out[k] = merged
            drop.add(d_k)
            continue
        if zipf(w) >= 3.5 and not (
                _prev_word_stems(toks, words, c.i, text) & SETTLEMENT_CUES):
            drop.add(k)  # "على تل مرتفع": a hill, no name ("قرى تل النبي …" is one)
            continue
        out[k] = Candidate(c.i, j + 1, c.start, toks[j][2], f"{c.name} {w}", (),
                           how="unknown", clitic=c.clitic,
                           cues=["head:" + c.name, "not-in-gazetteer"])
    if not drop:
        return out
    return [c for k, c in enumerate(out) if k not in drop]


# ------------------------------------------------------------------ longest match

def _longest(lex: _Lexicon, text: str, toks, words, masked, road_tok, i: int, prefixes):
    """The longest gazetteer name starting at token ``i`` (clitics allowed on the first word)."""
    n = len(toks)
    best = None
    trie, keys = lex.trie, lex.keys
    for stem in prefixes:
        cur, j = stem, i + 1
        while True:
            hit = keys.get(cur)
            if hit is not None:
                if best is None or j > best[0]:
                    best = (j, stem, stem, hit[0], hit[1], len(hit[0]))
                elif j == best[0] and N.ARTICLE + stem != best[2]:
                    # وقاح is a village and و + قاح another: keep both readings for context
                    ids = best[3] + tuple(x for x in hit[0] if x not in best[3])
                    best = (j, best[1], stem, ids, best[4], len(best[3]))
            if j >= n or masked[j] or j in road_tok or j - i >= 8:
                break
            nxt = cur + words[j]
            if not trie.match(nxt):
                break
            a, b = toks[j - 1][2], toks[j][1]
            if (b - a != 1 or text[a] != " ") and not _GAP_NAME.fullmatch(text[a:b]):
                break
            cur, j = nxt, j + 1
    return best


# ------------------------------------------------------------------ roads

def _roads(text: str) -> list[tuple[int, int, str]]:
    """Spans of M4/M5 road names: M4, M-4, أم 4, «إم 4», إم-4, ام4 …"""
    out = []
    for m in _ROAD_RE.finditer(text):
        num = m.group("num").translate(str.maketrans("٤٥", "45"))
        out.append((m.start(), m.end(), f"M{num}"))
    return out


def _road_ids(lex: _Lexicon, which: str) -> tuple[int, ...]:
    i = lex.m4 if which == "M4" else lex.m5 if which == "M5" else None
    return () if i is None else (i,)


def _roads_from_pairs(lex: _Lexicon, text: str, toks, words, out: list[Candidate]) -> None:
    """``طريق حلب - اللاذقية`` → one road mention; a generic road word before a name → cue."""
    k = 0
    while k < len(out):
        c = out[k]
        prev = _prev_word_stems(toks, words, c.i, text)
        is_head = bool(prev & ROAD_HEADS) or (
            c.i >= 2 and words[c.i - 1] in ("الدولي", "الدوليه", "السريع")
            and bool(set(N.strip_clitics(words[c.i - 2])) & ROAD_HEADS))
        if c.kind == "road" and c.how == "road" and c.road in ("M4", "M5"):
            # "الطريق الدولي" matched as a name just before: fold it in as a cue
            if k and out[k - 1].ids == c.ids and out[k - 1].how != "road" and \
                    _GAP_LOOSE.fullmatch(text[out[k - 1].end:c.start]):
                c.cues.append("road:" + out[k - 1].name)
                out.pop(k - 1)
                k -= 1
            elif is_head:
                c.cues.append("road:طريق")
            k += 1
            continue
        if is_head and k + 1 < len(out):
            d = out[k + 1]
            gap = text[c.end:d.start]
            if d.kind != "road" and re.fullmatch(r"[ \t\u00a0]*[-‐–—/][ \t\u00a0]*", gap):
                pair = {c.name.replace(" ", "_"), d.name.replace(" ", "_")}
                which = ("M4" if pair <= M4_TOWNS and pair != {"حلب", "سراقب"}
                         else "M5" if pair <= M5_TOWNS else None)
                label = text[c.start:d.end]
                road = Candidate(c.i, d.j, c.start, d.end, N.spaced(label),
                                 _road_ids(lex, which) if which else (), how="road",
                                 kind="road", road=which, support=3, major=True,
                                 cues=["road:طريق"], sentence=c.sentence)
                out[k:k + 2] = [road]
                k += 1
                continue
        if c.ids and all(lex.store.kind[x] == "road" for x in c.ids):
            # a road named by the gazetteer ("الطريق الدولي", "أوتوستراد حلب اللاذقية")
            nxt = out[k + 1] if k + 1 < len(out) else None
            if nxt is not None and nxt.kind == "road" and \
                    _GAP_LOOSE.fullmatch(text[c.end:nxt.start]):
                nxt.cues.append("road:" + c.name)
                out.pop(k)
                continue
            c.kind = "road"
            c.support, c.major = 3, True
            # "الطريق الدولي حلب - اللاذقية": the span is the road's name, the rest a cue
            generic = c.name in ("الطريق الدولي", "الطريق", "طريق", "الدولي")
            head = c.i
            while not generic and head < c.j - 1 and (_stems(words[head]) & ROAD_HEADS
                                      or words[head] in ("الدولي", "السريع")):
                head += 1
            if head > c.i:
                c.cues.append("road:" + " ".join(words[c.i:head]))
                c.i, c.start, c.clitic = head, toks[head][1], ""
                c.name = " ".join(words[head:c.j])
            c.how = "road-generic" if generic else "road"
            c.road = "M4" if c.ids[0] == lex.m4 else "M5" if c.ids[0] == lex.m5 else None
        k += 1


# ------------------------------------------------------------------ evidence

_EMPTY: frozenset[str] = frozenset()


def _prev_word_stems(toks, words, i: int, text: str, gap_re=_GAP_LOOSE) -> frozenset[str]:
    """Stems of the word before token ``i`` when nothing but spaces/quotes separate them."""
    if i <= 0:
        return _EMPTY
    a, b = toks[i - 1][2], toks[i][1]
    if b - a != 1 or text[a] != " ":
        gap = text[a:b]
        if gap and not gap_re.fullmatch(gap) and gap.strip(" \t\u00a0#") != "":
            return _EMPTY
    return _stems(words[i - 1])


@lru_cache(maxsize=200_000)
def _stems(word: str) -> frozenset[str]:
    """Clitic stems of a cue word; a definite word keeps its article (الأحياء is no قرية-like
    cue: only an indefinite noun in construct names a place, "أحياء حلب" but not "الأحياء")."""
    stems = N.strip_clitics(word)
    definite = {x for x in stems if x.startswith(N.ARTICLE)}
    return frozenset(x for x in stems if N.ARTICLE + x not in definite)


def _evidence(lex: _Lexicon, store, text: str, toks, words, out: list[Candidate]) -> None:
    ends = {c.j: c for c in out}
    led: list[tuple[Candidate, str]] = []
    for c in out:
        if c.kind == "road":
            continue
        part = bool(c.cues) and any(q.startswith("part:") for q in c.cues)  # _part_adjectives
        if not part:
            c.major, c.notable = lex.major(c.ids)
        prev = _prev_word_stems(toks, words, c.i, text)
        prev2 = _prev_word_stems(toks, words, c.i - 1, text) if c.i >= 1 and prev else _EMPTY
        # the preposition that leads it, over a place noun: "في قرية X" (for parallel lists)
        lead = prev2 if prev & AREA_DIR_SETTLE else prev
        if lead & PREPOSITIONS:
            led.append((c, min(lead & PREPOSITIONS)))
        if prev & ORG_HEADS:
            c.org = True
            c.cues.append("org:" + next(iter(prev & ORG_HEADS)))
        if prev & SETTLEMENT_CUES:
            c.support += 3
            c.cues.append("cue:" + min(prev & SETTLEMENT_CUES))
        elif prev & AREA_DIR:
            c.support += 2
            c.cues.append("cue:" + min(prev & AREA_DIR))
        elif prev & PREPOSITIONS or (prev2 & DIRECTION_CUES and prev & DIRECTION_CUES):
            c.support += 1
            c.cues.append("prep:" + min(prev & PREPOSITIONS or prev))
        elif prev & ACTION_CUES:
            c.support += 1
            c.cues.append("event:" + min(prev & ACTION_CUES))
        elif prev & MOTION_CUES or (prev2 & MOTION_CUES and words[c.i - 1].startswith(
                N.ARTICLE)):  # "دخلت القوات منبج": verb, subject, object
            c.support += 1
            c.cues.append("verb:" + min((prev | prev2) & MOTION_CUES))
        elif prev & ROAD_TO and "عن" not in prev2:  # not "عن طريق" (by way of)
            c.support += 1
            c.cues.append("road-to:" + min(prev & ROAD_TO))
        elif prev & LIST_INTRO and _after_plural(text, toks, words, c.i - 1):
            c.support += 2
            c.cues.append("list-head:" + min(prev & LIST_INTRO))
        if (prev & GOV_CUES or "ريف" in prev2) and not part:
            c.gov_cue = True
            if prev & BARE_COMPASS and _after_site(store, text, toks, words, c, ends):
                # "قاعدة حميميم الجوية جنوب شرق اللاذقية": measured from the city
                c.gov_cue, c.city_cue = False, True
                c.cues.append("from-site")
        if prev & CITY_CUES or (prev & URBAN_PARTS and c.major and not c.gov_cue):
            c.city_cue = True  # "مدينة حلب", "أحياء حلب الشرقية": the city
        if not c.city_cue and c.j < len(words) and words[c.j] in DIRECTION_ADJ and \
                _GAP_NAME.fullmatch(text[toks[c.j - 1][2]:toks[c.j][1]]):
            c.gov_cue = True
            c.cues.append("dir:" + words[c.j])
        if c.clitic[-1:] in ("ب", "ل") or c.clitic.endswith("لل"):
            c.support += 1
            c.cues.append("clitic:" + c.clitic)
        # frequency of the word as written (with and without its clitics)
        j = c.j - 1 if part else c.j  # حلب الجديدة: how common حلب is
        if j - c.i == 1:
            c.zipf = _word_zipf(text[c.start:toks[c.i][2]], len(c.clitic))
        else:
            # two ordinary words rarely happen to spell a place name: the rarest word, less 1
            c.zipf = max(0.0, min(zipf(w) for w in words[c.i:j]) - 1.0)
        before = text[max(0, c.start - 2):c.start]
        if "#" in before and (c.zipf < HASHTAG_ZIPF or c.major or c.notable):
            # a hashtag marks a topic: evidence for a name, not for a very common word (#عاجل
            # "urgent" is also a village)
            c.support += 2
            c.cues.append("hashtag")
        c.nisba = _is_nisba(lex, c, prev, prev2, words)
        if not c.nisba and not c.major and c.j - c.i == 1 and not prev & SETTLEMENT_CUES:
            if prev & QUANTIFIERS and not c.clitic:
                c.nisba = True  # "كل مهجر" (every displaced person): a common noun
                c.cues.append("noun:" + min(prev & QUANTIFIERS))
            elif _noun_phrase(text, toks, words, c):
                c.nisba = True  # "الإدارة الذاتية", "الثورة السورية": a noun with its adjective
                c.cues.append("noun:" + words[c.j])
        if c.j - c.i == 1 and not prev & SETTLEMENT_CUES and _is_tanween_adj(
                store, text, toks, c):
            c.nisba = True
            c.cues.append("adjective:tanween")
        if c.clitic and c.n_exact == 0 and c.j - c.i == 1 and \
                _word_zipf(text[c.start:c.end], 0) >= 3.0:
            # و + رقة → الرقة: a clitic stripped and the article added, from a common word
            # (ورقة "paper"): both steps need a real cue, whatever the place
            c.split = True
    # lists: "قسطون والزيارة وخربة الناقوس", "#كنصفرة و #البارة", "كفرنبل، معرة حرمة"
    for a, b in itertools.pairwise(out):
        if a.kind == "road" or b.kind == "road" or a.sentence != b.sentence:
            continue
        if b.i != a.j and not (b.i == a.j + 1 and words[a.j] == "و"):
            continue
        gap = text[a.end:b.start]
        linked = b.clitic.startswith(("و", "ف")) or "،" in gap or "," in gap or "و" in gap
        if linked and _GAP_LIST.fullmatch(gap):
            for x in (a, b):
                if "list" not in x.cues:
                    x.cues.append("list")
    # "بريفي إدلب وحلب", "مدينتي تل أبيض ورأس العين": a dual or plural governorate or city
    # noun asks for that reading for every name of the coordinated list after it
    for a, b in itertools.pairwise(out):
        if b.kind != "place" or "list" not in b.cues or "list" not in a.cues or \
                b.gov_cue or b.city_cue or a.sentence != b.sentence or not (
                b.i == a.j or (b.i == a.j + 1 and words[a.j] == "و")):
            continue
        if a.gov_cue and any((q.startswith("cue:") and q[4:] in GOV_PLURAL) or q == "gov-list"
                             for q in a.cues):
            b.gov_cue = True
            b.cues.append("gov-list")
        elif any((q.startswith("cue:") and q[4:] in CITY_PLURAL) or q == "city-list"
                 for q in a.cues):
            b.city_cue = True
            b.cues.append("city-list")
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
                if "list" not in x.cues:
                    x.cues.append("list")
        run = []
    # "X بسهل الغاب", "X بريف إدلب", "X في جبل الزاوية": X is located in a known place
    for a, b in itertools.pairwise(out):
        if a.kind == "road" or b.kind == "road" or a.sentence != b.sentence:
            continue
        if b.i == a.j and b.clitic.endswith("ب"):
            inside = True
        elif b.i == a.j + 1 and _GAP_NAME.fullmatch(text[a.end:toks[a.j][1]] or " "):
            inside = bool(_stems(words[a.j]) & IN_WORDS)
        else:
            inside = False
        if inside:
            a.support += 1
            a.cues.append("in:" + b.name)


#: A repeat of a report's place name is kept without evidence of its own below this Zipf.
SAME_NAME_ZIPF = 3.5
#: A hashtag is evidence only for a word rarer than this (#كنصفرة, not #عاجل).
HASHTAG_ZIPF = 4.0
#: A common noun (Zipf ≥ this) followed by a definite adjective is that noun, not a village.
NOUN_PHRASE_ZIPF = 4.0


def _noun_phrase(text: str, toks, words, c: Candidate) -> bool:
    """Whether the definite common word ``c`` (Zipf ≥ :data:`NOUN_PHRASE_ZIPF`) is followed by
    a definite adjective that is not a direction or a place description: "الإدارة الذاتية",
    "الثورة السورية" are a noun and its adjective, not the villages الإدارة and الثورة."""
    j = c.j
    if j >= len(words) or c.zipf < NOUN_PHRASE_ZIPF or not c.name.startswith(N.ARTICLE):
        return False
    nxt = words[j]
    if not nxt.startswith(N.ARTICLE) or nxt in DIRECTION_ADJ or nxt in PART_ADJ or \
            nxt in PLACE_ADJ or nxt in NEVER_ALONE:
        return False
    return _GAP_NAME.fullmatch(text[toks[j - 1][2]:toks[j][1]]) is not None


def _after_plural(text: str, toks, words, k: int, reach: int = 12) -> bool:
    """Whether a plural place noun (القرى، البلدات، مناطق …) comes before token ``k`` in the
    same sentence, at most ``reach`` words back: "على عدد من البلدات والقرى …، منها"."""
    for x in range(k - 1, max(-1, k - 1 - reach), -1):
        if _SENTENCE_END.search(text[toks[x][2]:toks[x + 1][1]]):
            return False
        if _stems(words[x]) & PLURAL_ANY:
            return True
    return False


def _after_site(store, text: str, toks, words, c: Candidate, ends: dict) -> bool:
    """Whether the bare compass phrase before ``c`` ("جنوب شرق") follows a specific site: a
    town or village named just before it (an adjective may come between), or a site noun
    (قاعدة، مطار، معسكر …) at most four words back in the same clause. Then the phrase locates
    that site from the city ``c``, not a part of the governorate; with ريف, an adjectival form
    (جنوبي، شمال غربي) or nothing before it, the governorate is meant."""
    k = c.i - 1
    while k > 0 and _stems(words[k - 1]) & BARE_COMPASS and \
            _GAP_NAME.fullmatch(text[toks[k - 1][2]:toks[k][1]]):
        k -= 1
    if not all(_stems(words[x]) & BARE_COMPASS for x in range(k, c.i)) or k == 0:
        return False
    if words[k] not in BARE_COMPASS:
        return False  # "مدينة حمص وشمال شرق حلب": a new item of a list, not a relation
    if not _GAP_NAME.fullmatch(text[toks[k - 1][2]:toks[k][1]]):
        return False  # a comma or a full stop before the compass phrase
    site = ends.get(k)
    if site is None and words[k - 1].startswith(N.ARTICLE) and words[k - 1].endswith(
            ("ي", "يه")):  # "مطار أبو الظهور العسكري شرق إدلب": one adjective between
        site = ends.get(k - 1)
    if site is not None and site.kind == "place" and any(
            store.kind[x] in _POPULATED for x in site.ids) and not site.gov_cue:
        return True
    for x in range(k - 1, max(-1, k - 5), -1):
        if _stems(words[x]) & SITE_NOUNS:
            return True
        if x and not _GAP_NAME.fullmatch(text[toks[x - 1][2]:toks[x][1]]):
            break
    return False


_TANWEEN_MARKS = "\u064b\u064c\u064d"


def _is_tanween_adj(store, text: str, toks, c: Candidate) -> bool:
    """A name written with tanween (روسياً، تركياً، سورياً) is an adjective or adverb: place
    names do not take it. Only the word's own tanween counts: an adjective agrees with its noun
    and carries the tanween itself (وفداً تركياً), while a bare name after an accusative word
    (داعياً تركيا، مطالباً روسيا: a participle, then its object) is the place."""
    b = toks[c.i][2]
    return _tanween(text[b - 2:b])


def _tanween(end: str) -> bool:
    """Whether a word ending in ``end`` (its last two characters) carries tanween."""
    return end[-1:] in _TANWEEN_MARKS or end == "\u064b\u0627"


@lru_cache(maxsize=65536)
def _word_zipf(written: str, n_clitic: int) -> float:
    """How common a word is, as written and without its ``n_clitic`` clitic letters."""
    stem = _strip_written(written, n_clitic)
    return max(zipf(written), zipf(stem), zipf(N.arabic(stem)))


def _strip_written(word: str, n: int) -> str:
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


def _is_nisba(lex: _Lexicon, c: Candidate, prev: set[str], prev2: set[str], words) -> bool:
    """An adjective such as الروسية، التركي، السورية (after a noun), not a place name.

    A nisba of a country or big city is an adjective unless a preposition, an attached ب/ل or
    an indefinite place noun governs it (في سورية، قرية الروسية); any definite -ي/-ية word right
    after a definite noun agrees with it (القوات الروسية، البادية السورية) unless it continues a
    list of places with و.
    """
    if c.j - c.i != 1:
        return False
    w = c.name
    if c.clitic[-1:] in ("ب", "ل") or prev & PREPOSITIONS:
        return False
    base = _nisba_base(w)
    if base is None:
        return False
    from_big = base in NISBA_BASES or any(
        (base + s) in lex.big_keys for s in ("", "ا", "يا", "ان", "ه"))
    pw = words[c.i - 1] if c.i > 0 else ""
    after_definite = pw.startswith((N.ARTICLE, "وال", "بال", "لل", "فال", "كال"))
    if w.startswith(N.ARTICLE) and after_definite and (
            from_big or (not c.major and not c.clitic.startswith(("و", "ف")))):
        return True
    if prev & PLACE_NOUN_DIR:
        return False
    if not w.startswith(N.ARTICLE) and (not prev or prev & COUNTRY_HEADS) and any(
            lex.store.kind[x] == "country" for x in c.ids[:c.n_exact or None]):
        # "سورية" (SANA's spelling of the country) opening a clause ("سورية وتركيا …") or
        # owning a noun of statehood ("سيادة سورية"); "أخبار سورية" stays an adjective
        return False
    return from_big




# ------------------------------------------------------------------ unknown villages

def _list_has_plural_cue(k: int, out: list[Candidate]) -> bool:
    """Whether the list that ``out[k]`` ends is headed by a plural place noun (بلدات، قرى …)."""
    while True:
        if any((q.startswith("cue:") and q[4:] in PLURAL_CUES) or q.startswith("list-head:")
               for q in out[k].cues):
            return True
        if k == 0 or "list" not in out[k].cues or out[k - 1].j < out[k].i - 1:
            return False
        k -= 1


def _unknowns(lex: _Lexicon, text: str, toks, words, masked, out: list[Candidate], infos,
              sent_bounds: list[int]):
    """Rare words after a settlement noun, or inside a list of places, that the gazetteer lacks."""
    taken = {k for c in out for k in range(c.i, c.j)}
    starts = {c.i: c for c in out}
    ends = {c.j: k for k, c in enumerate(out)}
    found: list[Candidate] = []
    n = len(words)
    where = set()
    for c in out:
        where.update((c.i - 1, c.j, c.j + 1))
    where.update(i + 1 for i, w in enumerate(infos) if w.unknown_cue)
    heads = {i for i, w in enumerate(infos) if w.head}
    if _LIST_INTRO_RE.search(text):
        where.update(i + 1 for i, w in enumerate(words) if w in LIST_INTRO)
    where.update(heads)
    k = text.find("#")
    while k >= 0:
        where.add(bisect.bisect_left(toks, k + 1, key=lambda t: t[1]))
        k = text.find("#", k + 1)
    for i in sorted(x for x in where if 0 <= x < n):
        if i in taken or masked[i]:
            continue
        w = words[i]
        if len(w) < 3 or not infos[i].arabic:
            continue
        cue = None
        nxt = starts.get(i + 1)
        if i in heads:
            # "بجبل شحشبو", "في تلة الصوان": a generic head (no article) + a rare word after a
            # preposition, a settlement noun or in a list is a two-word name
            c = _head_unknown(text, toks, words, masked, taken, infos, i)
            if c is not None:
                c.sentence = bisect.bisect_right(sent_bounds, c.start)
                found.append(c)
                taken.update(range(c.i, c.j))
                continue
        if w.startswith("و"):
            if i in ends and nxt is not None and nxt.clitic.startswith("و"):
                cue = "list"  # A وX وB
            elif i in ends and _list_has_plural_cue(ends[i], out):
                cue = "list"  # بلدات A وX: the last item of a list headed by a plural noun
        else:
            prev = _prev_word_stems(toks, words, i, text)
            nxt_list = (nxt is not None and nxt.clitic.startswith("و")) or (
                i + 2 < n and words[i + 1] == "و" and i + 2 in starts)
            if prev & UNKNOWN_CUES:
                cue = "cue:" + min(prev & UNKNOWN_CUES)
            elif i >= 1 and words[i - 1] == "و" and i - 1 in ends and i + 2 in starts \
                    and i + 1 < n and words[i + 1] == "و":
                cue = "list"  # A و X و B (hashtag bulletins)
            elif nxt_list and prev & PREPOSITIONS:
                cue = "list-head"  # في X وB وC
            elif prev & LIST_INTRO and _after_plural(text, toks, words, i - 1):
                cue = "list-head:" + min(prev & LIST_INTRO)  # "عدد من القرى، منها X"
            elif "#" in text[max(0, toks[i][1] - 1):toks[i][1]]:
                cue = "hashtag"
        if cue is None:
            continue
        stem = w[1:] if w.startswith("و") and cue == "list" else w
        if stem in NEVER_ALONE:
            continue
        if _verb_like(text, toks, i, len(w) - len(stem)):
            continue  # "…وبزابور، وأخمدت حريقاً": a verb, not the next item of the list
        z = _word_zipf(text[toks[i][1]:toks[i][2]], len(w) - len(stem))
        # inside a list of places a name may also be a word (الراشدين); alone it must be rare
        if z >= (3.8 if cue == "list" else 2.5):
            continue
        j = i + 1
        if stem in NAME_HEADS and j < n and not masked[j] and j not in taken:
            j += 1
        c = Candidate(i, j, toks[i][1], toks[j - 1][2], " ".join([stem, *words[i + 1:j]]), (),
                      how="unknown", clitic=w[: len(w) - len(stem)], support=3, zipf=z,
                      cues=[cue, "not-in-gazetteer"])
        c.sentence = bisect.bisect_right(sent_bounds, c.start)
        found.append(c)
    if not found:
        return out
    # one sense per discourse: the other occurrences of a name found after a place noun
    # ("قرى الكبينة … معارك الكبينة"), with or without a clitic
    names = {c.name: c for c in found if " " not in c.name}
    if names:
        taken.update(k for c in found for k in range(c.i, c.j))
        keys = names.keys()
        for i, w in enumerate(words):
            hit = infos[i].stems & keys
            if not hit or i in taken or masked[i]:
                continue
            for stem in hit:
                first = names[stem]
                if stem != w and not w.endswith(stem):
                    continue
                c = Candidate(i, i + 1, toks[i][1], toks[i][2], stem, (), how="unknown",
                              clitic=w[: len(w) - len(stem)], support=3, zipf=first.zipf,
                              cues=["same-name", "not-in-gazetteer"])
                c.sentence = bisect.bisect_right(sent_bounds, c.start)
                found.append(c)
                break
    return sorted(out + found, key=lambda c: c.start)


_PERFECT_ENDS = ("ت", "وا", "تم", "نا", "تا")
_NOUN_ENDS = ("ات", "وت", "يت")


def _verb_like(text: str, toks, i: int, n_clitic: int) -> bool:
    """Whether token ``i`` (without its ``n_clitic`` clitic letters) has the shape of a verb
    rather than a name: a perfect with a subject suffix (أخمدت، قصفوا، دخلنا) that is a known
    word or a derived form (أفعل، افتعل، استفعل), an imperfect (يستهدف، تقصف) that is a known
    word, or any of these with an accusative object after it (وأخمدت حريقاً)."""
    written = _strip_written(text[toks[i][1]:toks[i][2]], n_clitic)
    stem = N.arabic(written)
    if len(stem) < 4:
        return False
    nxt = text[toks[i + 1][1]:toks[i + 1][2]] if i + 1 < len(toks) else ""
    obj = len(nxt) > 2 and _tanween(nxt[-2:]) and N.arabic(nxt) not in DIRECTION_CUES
    z = zipf(written)
    if stem.startswith(("است", "يست", "تست", "نست")) and len(stem) >= 6:
        return True
    if stem.endswith(_PERFECT_ENDS) and (not stem.endswith(_NOUN_ENDS) or written.endswith(
            ("أت", "ئت", "ؤت"))):  # أطفأت: a hamza, not the plural ending ات
        return obj or z >= 1.5 or stem[0] == "ا"
    if stem.endswith("ات") and obj:
        return True
    if stem[0] in "يتن":
        return obj or z >= 3.0
    return False


def _head_unknown(text: str, toks, words, masked, taken, infos, i: int) -> Candidate | None:
    """A generic head + a rare word ("بجبل شحشبو"), or + a sheikh's name ("وجبل الشيخ بركات",
    "تل الشيخ منصور": landmarks named after a shrine; the title masked the name as a person)."""
    j = i + 1
    if j >= len(words) or j in taken or not infos[j].arabic or len(words[j]) < 3 or \
            not _GAP_NAME.fullmatch(text[toks[i][2]:toks[j][1]]):
        return None
    head = next(iter(infos[i].stems & GENERIC_HEADS))
    w, nm = words[i], words[j]
    clitic = w[: len(w) - len(head)] if w.endswith(head) else ""
    if masked[j]:
        k = j + 1
        if nm not in SHRINE_TITLES or k >= len(words) or not masked[k] or k in taken or \
                not infos[k].arabic or not _GAP_NAME.fullmatch(text[toks[j][2]:toks[k][1]]):
            return None
        j, nm = k, f"{nm} {words[k]}"
    elif nm in NEVER_ALONE or nm.startswith("و") or zipf(nm) >= 2.5:
        return None
    prev = _prev_word_stems(toks, words, i, text)
    if clitic[-1:] in ("ب", "ل"):
        cue = "clitic:" + clitic
    elif prev & SETTLE_PREP:
        cue = "prep:" + min(prev & SETTLE_PREP)
    elif clitic.startswith("و") and i - 1 in taken:
        cue = "list"
    else:
        return None
    return Candidate(i, j + 1, toks[i][1], toks[j][2], f"{head} {nm}", (), how="unknown",
                     clitic=clitic, support=2, zipf=zipf(nm.split()[-1]),
                     cues=[cue, "head:" + head, "not-in-gazetteer"])


# ------------------------------------------------------------------ decision

def _decide(out: list[Candidate]) -> None:
    """Keep a candidate when its evidence outweighs how common the word is.

    Needed support: 0 for rare words (Zipf < 3) and for countries, governorates and capitals,
    1 for Zipf 3–4.2, 2 above (one less for district seats and towns of 20,000+),
    3 (a settlement noun) for adjectives. A list of places counts as 2 when a neighbour in the
    list is itself solid; this is applied twice so that a whole list is carried by one name.
    """
    def need(c: Candidate) -> int:
        if c.nisba:
            return 3
        if c.split:
            return 2
        if c.major or c.kind == "road":
            return 0
        base = 0 if c.zipf < 3.0 else 1 if c.zipf < 4.2 else 2
        return max(0, base - 1) if c.notable else base

    for k, c in enumerate(out):
        c.keep = c.support >= need(c) and not c.org
        followed = k + 1 < len(out) and out[k + 1].i == c.j
        if c.kind != "road" and c.j - c.i == 1 and c.name in NEVER_ALONE and (
                c.support < 3 or followed):
            c.keep = False
            c.cues.append("function-word")
    for _ in range(2):
        for k, c in enumerate(out):
            if c.keep or "list" not in c.cues or c.nisba or c.org or "function-word" in c.cues:
                continue
            nb = [out[x] for x in (k - 1, k + 1) if 0 <= x < len(out)]
            if any(o.keep and "list" in o.cues and o.kind != "road" for o in nb):
                c.keep = c.support + 2 >= need(c)
    # one sense per discourse: once a name is a place in the report (with a place noun, in a
    # list, or rare enough to stand alone), its other occurrences are that place too — unless
    # the word is common enough to be the word there ("قرية الزيارة" … "خلال الزيارة")
    # … and once a common word is a noun with its adjective ("الثورة السورية"), its other
    # occurrences without a settlement noun are that word too ("من الثورة", "للثورة")
    nouns = {c.name for c in out if any(q.startswith("noun:") for q in c.cues)}
    if nouns:
        for c in out:
            if c.keep and c.name in nouns and c.support < 3 and not c.major:
                c.keep = False
                c.cues.append("same-noun")
    solid = {c.name for c in out if c.keep and c.kind == "place" and not c.split
             and (c.support >= 2 or "list" in c.cues or c.zipf < 3.0)}
    for c in out:
        if not c.keep and c.name in solid and c.zipf < SAME_NAME_ZIPF and not (
                c.nisba or c.org or c.split or "function-word" in c.cues):
            c.keep = True
            c.cues.append("same-name")
