"""The matcher's view of a gazetteer: keys, prefix trie, per-word facts (built once per store)."""

from __future__ import annotations

import re
from typing import NamedTuple

from gazetteer import normalize as N
from gazetteer.distance import flat_km as _km
from gazetteer.lexicon import (
    DUAL_HEADS,
    DUAL_NOUNS,
    GENERIC_HEADS,
    GENERIC_ROADS,
    GIVEN_NAMES,
    IDIOMS,
    KUNYA_HEADS,
    ORGANISATIONS,
    PERSONS,
    ROAD_HEADS,
    TITLES,
    UNKNOWN_CUES,
)
from gazetteer.place import MAJOR, SEAT_UNITS
from gazetteer.place import POPULATED as _POPULATED

# ------------------------------------------------------------------ lexicon built once per store

_DASH = re.compile(r"\s*[-‐–—]\s*")
#: every word that may open a dual (``WordInfo.dual``)
_DUAL_WORDS = frozenset(DUAL_HEADS) | frozenset(DUAL_NOUNS)


class WordInfo(NamedTuple):
    prefixes: tuple[str, ...]    # clitic stems that start some gazetteer key
    stems: frozenset[str]        # every clitic stem (the word itself included)
    mask: bool                   # may start an organisation or person name
    unknown_cue: bool            # قرية، بلدة، معبر … (a name the gazetteer lacks may follow)
    arabic: bool
    person: int                  # 1 a title or rank, 2 a kunya head (أبو/أم), 3 a given name
    head: bool                   # a generic head of two-word names (تل، عين، جبل …)
    road: bool                   # a road noun (طريق، أوتوستراد …) among its stems
    dual: bool                   # a dual head or noun (جبلي، بلدتي …) among its stems


class OneWord(NamedTuple):
    """A one-token name (:attr:`NameIndex.alone`), as ``longest_match`` returns it without
    its end token."""

    stem: str                    # the stem read first (the clitics stripped from the word)
    last: str                    # the stem read last (another reading of the same token)
    ids: tuple[int, ...]         # record ids: the first stem's, then the other stems'
    n_exact: int                 # ids[:n_exact] match the first stem exactly
    n_first: int                 # ids[n_first:] are the last stem's


class NameIndex:
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
        # the Arabic spellings of romanised names (قوقفين ← "Qūqfīn"), where no Arabic name is
        # spelled so: candidates found How.ROMANISED
        self.romanised: set[str] = set()
        for k, ids in store.arabic_romanised_index.items():
            if " " not in k and ids and k not in self.keys:
                self.keys[k] = (tuple(ids), 0)
                self.romanised.add(k)
        self._add_seats(store)
        m4 = _first_id(store, "curated:m4")
        for name in GENERIC_ROADS:  # "الطريق السريع": a generic road, as "الطريق الدولي" is
            key = name.replace(" ", "")
            if m4 is not None and key not in self.keys and " " in name:
                self.keys[key] = ((m4,), 1)
        # big places whose adjectives are nisba forms: countries, governorates, cities
        self.big_keys: set[str] = set()
        for i, kind in enumerate(store.kind):
            if kind in MAJOR or int(store.rank[i]) >= 3:
                for n in store.names_of(i):
                    if N.has_arabic(n):
                        k = N.key(n)
                        self.big_keys.add(k)
                        self.big_keys.add(N.strip_article(k))
        # a record named after two big places joined by a dash (WOF's village «حمص - حماة»)
        # is never read from a road's two ends («الطريق الدولي حمص – حماة»)
        for i, name in enumerate(store.name_ar):
            parts = _DASH.split(name) if name and _DASH.search(name) else ()
            if len(parts) == 2 and all(N.key(p) in self.big_keys for p in parts):
                k = N.key(name)
                ids, n_exact = self.keys.get(k, ((), 0))
                if i in ids:
                    rest = tuple(x for x in ids if x != i)
                    self.keys[k] = (rest, n_exact - (ids.index(i) < n_exact))
                    if not rest:
                        del self.keys[k]
        trie = ahocorasick.Automaton()
        for k in self.keys:
            trie.add_word(k, 0)
        self.trie = trie
        self.masks = (_sequences(ORGANISATIONS, "org") + _sequences(PERSONS, "person")
                      + _sequences(IDIOMS, "idiom"))
        self.mask_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for seq, what in self.masks:
            self.mask_first.setdefault(seq[0], []).append((seq, what))
        for v in self.mask_first.values():
            v.sort(key=lambda s: -len(s[0]))
        self.m4 = _first_id(store, "curated:m4")
        self.m5 = _first_id(store, "curated:m5")
        self.m4_east = _first_id(store, "curated:m4-east")
        #: normalised word -> its :class:`WordInfo`, computed on first look-up (``word_infos[w]``)
        self.word_infos = _WordInfos(self)
        #: a tuple of record ids -> its :class:`Readings`, computed on first look-up
        self.readings = _ReadingsMemo(self)
        #: ``alone[word, next word]`` (None for no next token): :data:`GROWS` when a gazetteer
        #: key starts with a stem of ``word`` followed by all of the next word, else the name a
        #: token of ``word`` is by itself (:class:`OneWord`, or None) — what ``longest_match``
        #: finds at most tokens without walking the trie
        self.alone = _Alone(self)

    def _add_seats(self, store) -> None:
        """A name whose only readings are admin units (كوباني: the Ain al-Arab subdistrict) also
        reads as the town the unit is named after (the unit's main name, within 15 km of a
        subdistrict's or 40 km of a district's centroid): a bare name is the town, the
        centroid of the unit may lie 10 km from it."""
        kind = store.kind
        admin = {i for i, x in enumerate(kind) if x in SEAT_UNITS}
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

    def info(self, word: str) -> WordInfo:
        """Per-word facts, computed once per distinct word (bounded cache)."""
        return self.word_infos[word]

    def _word_info(self, word: str) -> WordInfo:
        """:meth:`info` of a word not seen yet (or not since the cache was emptied)."""
        stems = N.strip_clitics(word)
        person = (1 if TITLES.intersection(stems) else 2 if KUNYA_HEADS.intersection(stems)
                  else 3 if GIVEN_NAMES.intersection(stems[:2]) else 0)
        return WordInfo(tuple(x for x in stems if self.trie.match(x)), frozenset(stems),
                        any(x in self.mask_first for x in stems),
                        bool(UNKNOWN_CUES.intersection(stems)), N.has_arabic(word), person,
                        bool(GENERIC_HEADS.intersection(stems)),
                        bool(ROAD_HEADS.intersection(stems)),
                        not _DUAL_WORDS.isdisjoint(stems))

    def _one_word(self, word: str) -> OneWord | None:
        """The gazetteer name a token of ``word`` is by itself (no following token): the
        first of its :attr:`WordInfo.prefixes` that is a key, with the readings of the other
        stems that are keys too merged after its own (وقاح: the village, then و + قاح) — what
        ``longest_match`` finds when no name goes on into the next token."""
        best: OneWord | None = None
        for stem in self.word_infos[word].prefixes:
            hit = self.keys.get(stem)
            if hit is None:
                continue
            if best is None:
                best = OneWord(stem, stem, hit[0], hit[1], len(hit[0]))
            elif N.ARTICLE + stem != best.last:
                ids = best.ids + tuple(x for x in hit[0] if x not in best.ids)
                best = OneWord(best.stem, stem, ids, best.n_exact, len(best.ids))
        return best

    def major(self, ids: tuple[int, ...]) -> tuple[bool, bool]:
        """(major, notable) of :class:`Readings` (``readings[ids]``, the faster look-up)."""
        r = self.readings[ids]
        return r.major, r.notable

    def _readings(self, ids: tuple[int, ...]) -> Readings:
        """:class:`Readings` of ``ids`` not seen yet (see :attr:`readings`)."""
        s = self.store
        major = any(s.kind[x] in MAJOR or int(s.rank[x]) >= 3 for x in ids)
        notable = any(int(s.rank[x]) >= 2 or (s.kind[x] in _POPULATED
                                              and s.population[x] >= 20000) for x in ids)
        countries = bool(ids) and all(s.kind[x] == "country" for x in ids)
        return Readings(major, notable, countries)




class Readings(NamedTuple):
    """What a candidate's readings (a tuple of record ids) are, as the cue rule asks."""

    major: bool      # a country, governorate or capital among them (no frequency test)
    notable: bool    # a district seat or town of 20,000+ among them (a lower one)
    countries: bool  # every one of them a country (and at least one)


class _ReadingsMemo(dict):
    """The :class:`Readings` memo of a :class:`NameIndex`: ``memo[ids]`` (a look-up in C for
    the tuples seen before); emptied past 100,000 tuples."""

    def __init__(self, lex: NameIndex):
        super().__init__()
        self.lex = lex

    def __missing__(self, ids: tuple[int, ...]) -> Readings:
        if len(self) > 100_000:
            self.clear()
        got = self[ids] = self.lex._readings(ids)
        return got


#: :attr:`NameIndex.alone` of a word whose name may go on into the next token
GROWS = True


class _Alone(dict):
    """The memo :attr:`NameIndex.alone`, per (word, next word) pair; emptied past 100,000."""

    def __init__(self, lex: NameIndex):
        super().__init__()
        self.lex = lex

    def __missing__(self, pair: tuple[str, str | None]) -> OneWord | bool | None:
        word, nxt = pair
        lex = self.lex
        if nxt is not None and any(lex.trie.match(stem + nxt)
                                   for stem in lex.word_infos[word].prefixes):
            got: OneWord | bool | None = GROWS
        else:
            got = lex._one_word(word)
        if len(self) > 100_000:
            self.clear()
        self[pair] = got
        return got


class _WordInfos(dict):
    """The :class:`WordInfo` memo of a :class:`NameIndex`: ``memo[word]`` computes a word's
    facts on its first look-up (a dict look-up in C for the words seen before); emptied past
    300,000 words."""

    def __init__(self, lex: NameIndex):
        super().__init__()
        self.lex = lex

    def __missing__(self, word: str) -> WordInfo:
        if len(self) > 300_000:
            self.clear()
        info = self[word] = self.lex._word_info(word)
        return info


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


def name_index(store) -> NameIndex:
    """The matcher's index of ``store``'s names, built on first use and owned by the store."""
    return store.derived("parse.names", lambda: NameIndex(store))
