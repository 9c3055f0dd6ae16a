"""Unknown names: a rare word where a place name is expected, that the gazetteer lacks."""

from __future__ import annotations

import bisect
import itertools
import re
from itertools import chain, repeat
from operator import attrgetter, not_
from typing import NamedTuple

from gazetteer import normalize as N
from gazetteer.lexicon import (
    DIRECTION_ADJ,
    DIRECTION_CUES,
    ELEVATION_ADJ,
    GENERIC_HEADS,
    IN_WORDS,
    INDEFINITE_AREA_NOUNS,
    LIST_INTRO,
    LIST_NOUNS,
    NAME_HEADS,
    NAMING_WORDS,
    NEVER_ALONE,
    PLACE_ADJ,
    PLACE_NOUN_DIR,
    PLURAL_CUES,
    PREPOSITIONS,
    SETTLE_PREP,
    SHRINE_TITLES,
    UNKNOWN_CUES,
)
from gazetteer.parse.candidate import Candidate, How
from gazetteer.parse.evidence import Evidence, Kind
from gazetteer.parse.names import NameIndex, name_index
from gazetteer.parse.rules.cues import (
    INDEFINITE_ADJECTIVE_ZIPF,
    PRONOUN_BASE_ZIPF,
    PRONOUN_ENDS,
    alias_span,
    attached_pronoun,
    has_tanween,
    list_has_plural_cue,
    list_opener,
    nisba_of_big_place,
    strip_written,
    word_zipf,
)
from gazetteer.parse.state import ParseState, Rule
from gazetteer.parse.text import (
    CANDIDATE_START,
    CLOSE_QUOTES,
    GAP_LIST,
    GAP_NAME,
    LIST_INTRO_HINTS,
    OPEN_QUOTES,
    SENTENCE_END,
    TOKEN_START,
    WordTest,
    cue_stems,
    has_any,
    has_comma,
    positions,
    prev_word_stems,
    zipf,
)


def _unknowns(text: str, toks, words, masked, out: list[Candidate], infos,
              sent_bounds: list[int], lex: NameIndex):
    """Rare words after a settlement noun, or inside a list of places, that the gazetteer lacks.

    The scan is repeated with the names it found, so that a list keeps every item whatever the
    gazetteer knows of its neighbours: in «قريتي X وY», «قرى A وX وY وB» an unknown X carries
    the unknown Y after it, as a known name would (at most ``_PASSES`` items in a row).
    """
    found = _quoted_list_items(text, toks, words, masked, out, infos, sent_bounds)
    cur = sorted(out + found, key=CANDIDATE_START) if found else out
    # the items of a list after a plural place noun; a common word among them is a name
    # there only, not at its other occurrences (:func:`_same_names`)
    listed = _noun_list_items(text, toks, words, masked, cur, infos, sent_bounds, lex)
    if listed:
        found += listed
        cur = sorted(cur + listed, key=CANDIDATE_START)
        _link_lists(text, cur)
    once = {id(c) for c in listed if c.zipf >= _MAX_ZIPF}
    heads, cued = _where_always(text, toks, words, infos)
    rarity: dict[int, int] = {}  # the candidate-free test of each token read, for every pass
    for _ in range(_PASSES):
        new = _scan(text, toks, words, masked, cur, infos, sent_bounds, heads, cued, rarity,
                    lex)
        if not new:
            break
        found += new
        cur = sorted(cur + new, key=CANDIDATE_START)
        _link_lists(text, cur)
    if not found:
        return out
    # a two-word name found here covers the one-word reading of its second word
    inner = {(f.i + 1, f.j) for f in found if f.j - f.i == 2}
    cur = [c for c in cur if c.how is How.UNKNOWN or (c.i, c.j) not in inner]
    return _same_names(words, toks, masked, infos, sent_bounds, cur,
                       [f for f in found if id(f) not in once] if once else found)


_STEMS = attrgetter("stems")  # of a WordInfo
_FIRST, _END = attrgetter("i"), attrgetter("j")  # of a Candidate: first token, one past last

#: how many unknown names in a row a list may carry (each pass finds the next one)
_PASSES = 6


_OPEN_QUOTE_RE = re.compile(f"[{OPEN_QUOTES}]")
_CLOSE_QUOTE_SET = frozenset(CLOSE_QUOTES)
#: The longest item of a quoted list read as one name, in words.
_QUOTED_ITEM_WORDS = 3


def _quoted_list_items(text: str, toks, words, masked, out: list[Candidate], infos,
                       sent_bounds: list[int]) -> list[Candidate]:
    """The items of a quoted list after a plural place noun, which every outlet writes as
    «قرى "الطويلة، تل شنان، أم الكيف وغيبش"» (or, with the noun further back, a quoted list of
    three or more items two of which the gazetteer knows): the quotes mark each comma- or
    و-separated item as a name. A known item gets ``LIST`` evidence; an item the gazetteer
    lacks (of at most :data:`_QUOTED_ITEM_WORDS` words, none of them a very common word)
    becomes an unknown name.
    Returns the new candidates."""
    n = len(words)
    # the tokens an opening quote follows: the token before each quote mark of the text
    # whose gap to the next token holds nothing else
    heads: list[int] = []
    for quote in _OPEN_QUOTE_RE.finditer(text):
        p = bisect.bisect_right(toks, quote.start(), key=TOKEN_START) - 1
        if 0 <= p < n - 1 and (not heads or heads[-1] != p) and \
                (q := text[toks[p][2]:toks[p + 1][1]].strip()) and q in OPEN_QUOTES:
            heads.append(p)
    if not heads:
        return []
    starts: dict[int, Candidate] | None = None  # (worked out at the first list found)
    covered: set[int] = set()
    found: list[Candidate] = []
    for p in heads:
        after_noun = words[p] in PLURAL_CUES
        # the items: tokens up to the closing quote, split at commas and at و
        items: list[list[int]] = [[p + 1]]
        k = p + 1
        while k + 1 < n:
            between = text[toks[k][2]:toks[k + 1][1]]
            if not _CLOSE_QUOTE_SET.isdisjoint(between) or SENTENCE_END.search(between):
                break
            if has_comma(between) or words[k + 1].startswith("و"):
                items.append([k + 1])
            elif GAP_NAME.fullmatch(between):
                items[-1].append(k + 1)
                if not after_noun and len(items[-1]) > _QUOTED_ITEM_WORDS:
                    items = []  # a quoted sentence: no list of names without the noun (below)
                    break
            else:
                items = []  # something else inside the quotes: not a plain list of names
                break
            k += 1
        else:
            items = []
        if len(items) < 2:
            continue
        if starts is None:
            starts = {c.i: c for c in out}
            covered = {k for c in out for k in range(c.i, c.j)}
        if not after_noun:
            # «القرى التي قُصفت هي "A، B، X، Y"»: without the noun right before it, a quoted
            # list of at least three items, two of them places the gazetteer knows
            known = sum(1 for item in items if (c := starts.get(item[0])) is not None
                        and c.j == item[-1] + 1 and c.ids and c.kind == "place")
            if len(items) < 3 or known < 2 or any(len(x) > _QUOTED_ITEM_WORDS for x in items):
                continue  # (a quoted sentence that lists places is no list of names)
        for item in items:
            i, j = item[0], item[-1] + 1
            known = starts.get(i)
            if known is not None and known.j == j:
                if Kind.LIST not in known.kinds:
                    known.add(Kind.LIST)
                continue
            if any(x in covered or masked[x] or not infos[x].arabic for x in item) or \
                    len(item) > _QUOTED_ITEM_WORDS:
                continue
            w = words[i]
            stem = w[1:] if w.startswith("و") and len(w) > 3 else w
            name_words = [stem, *words[i + 1:j]]
            if any(len(x) < 2 or zipf(x) >= _QUOTED_COMMON_ZIPF for x in name_words) or \
                    (len(item) == 1 and stem in NEVER_ALONE):
                continue
            c = Candidate(i, j, toks[i][1], toks[j - 1][2], " ".join(name_words), (),
                          how=How.UNKNOWN, clitic=w[: len(w) - len(stem)], support=3,
                          zipf=min(zipf(x) for x in name_words),
                          evidence=[Evidence(Kind.LIST), Evidence(Kind.NOT_IN_GAZETTEER)])
            c.sentence = bisect.bisect_right(sent_bounds, c.start)
            found.append(c)
            covered.update(item)
    return found


#: A word this common (Zipf) is no part of an unknown name, even inside a quoted list.
_QUOTED_COMMON_ZIPF = 5.0


def _ends_list(word: str) -> bool:
    """Whether a word ends a list of names rather than naming an item: a preposition, a
    place or direction noun (with its clitics: «بريف», «شمالي», «ومدينة»), a place
    adjective («الواقعة»)."""
    return not cue_stems(word).isdisjoint(_LIST_ENDERS) or word in PLACE_ADJ


_LIST_ENDERS = PREPOSITIONS | IN_WORDS | PLACE_NOUN_DIR
_ENDS_LIST = WordTest(_ends_list)
_OPENS_LIST = WordTest(lambda word: not cue_stems(word).isdisjoint(LIST_NOUNS))


class _Item(NamedTuple):
    """An item of a list of names: its tokens ``i:j``, and whether و joins it to the item
    before (its first word then carries the و)."""

    i: int
    j: int
    joined: bool


def _list_after(text: str, toks, words, masked, infos, starts: dict[int, Candidate],
                p: int) -> list[_Item]:
    """The items of the list of names that the plural place noun ``p`` opens («قرى A وB وC،»):
    one-word or two-word items (or a known name) joined by و or by commas (a comma after a
    و item ends the list: «مدن A وB، رافعين …»). The list must stop where a list may stop (a
    comma, the sentence's end, a preposition, a place or direction noun: «بريف إدلب»,
    «شمالي حلب», a verb: «، ونفذت»); where it runs into other words instead, its last item
    is dropped (where that item ends is not known)."""
    n = len(words)
    items: list[_Item] = []
    i, joined, after_and, comma = p + 1, False, False, False
    while i < n:
        known = starts.get(i)
        if known is not None:
            if known.kind != "place":
                return items  # «… وطريق M4»: a road ends a list of places
            j = known.j
        elif masked[i] or not infos[i].arabic or _ENDS_LIST[words[i]] or \
                words[i] in NEVER_ALONE:  # («مناطق الريفين الحموي والإدلبي»)
            return items  # «… والرشادية في …», «… ومدينة الأتارب»
        elif joined and (has_tanween(text[toks[i][2] - 2:toks[i][2]]) or
                         _verb_like(text, toks, i, 1) or
                         (comma and word_zipf(text[toks[i][1]:toks[i][2]], 1) >= _MAX_ZIPF)):
            # «، ونفذت عشرات …», «، ووصول طلائعه»: a clause, not an item (after a comma a
            # و item that is no known place must be a rare word)
            return items
        else:
            j = i + 1
            nxt = starts.get(j)
            if j < n and not (nxt.clitic if nxt is not None else words[j]).startswith("و") \
                    and not masked[j] and infos[j].arabic and not _ENDS_LIST[words[j]] and \
                    GAP_NAME.fullmatch(text[toks[i][2]:toks[j][1]]) is not None:
                j = nxt.j if nxt is not None else j + 1  # a two-word item («وعرب حسن»)
        items.append(_Item(i, j, joined))
        if j >= n:
            return items
        gap = text[toks[j - 1][2]:toks[j][1]]
        if SENTENCE_END.search(gap):
            return items
        # و before the next item (a known name's clitic says whether its و is one: واسعة)
        nxt = starts.get(j)
        joined = nxt.clitic.startswith("و") if nxt is not None else words[j].startswith("و")
        comma = has_comma(gap)
        if not GAP_LIST.fullmatch(gap) or (not comma and not joined):
            # the list runs into other words: an item, or the end of the list?
            return items if _ENDS_LIST[words[j]] else items[:-1]
        if comma and not joined and after_and:
            return items  # «مدن A وB، رافعين …»: a comma after the و item ends the list
        after_and = after_and or joined
        i = j
    return items


def _noun_list_items(text: str, toks, words, masked, out: list[Candidate], infos,
                     sent_bounds: list[int], lex: NameIndex) -> list[Candidate]:
    """The items the gazetteer lacks of the lists after plural or dual place nouns
    (:data:`~gazetteer.lexicon.LIST_NOUNS`): «قرى حجارة وعبيسان والرشادية»,
    «محاور ميزناز ومعارة النعسان شمالي إدلب». The list's structure makes each item a name,
    even one that is also a fairly common word (up to :data:`_MAX_ONE_WORD_ZIPF`), once it
    holds a place the gazetteer knows or a rare word (else «حقول القمح والشعير» would be
    places). A two-word item needs a name head (كفر، تل …) or a rare word. A known item
    gets ``LIST`` evidence.
    Returns the new candidates."""
    openers = _OPENS_LIST.where(words)
    if not openers:
        return []
    starts = {c.i: c for c in out}
    covered = {k for c in out for k in range(c.i, c.j)}
    found: list[Candidate] = []
    for p in openers:
        if p + 2 >= len(words) or masked[p] or (p + 1 in covered and p + 1 not in starts):
            continue
        items = _list_after(text, toks, words, masked, infos, starts, p)
        if len(items) < 2:
            continue
        new: list[Candidate] = []
        known: list[Candidate] = []
        for item in items:
            c = starts.get(item.i)
            if c is not None and c.j == item.j:
                known.append(c)
            elif covered.isdisjoint(range(item.i, item.j)):
                u = _list_item(text, toks, words, item, lex)
                if u is not None:
                    new.append(u)
        # «مناطق سكنية واسعة ومتفرقة»: a common indefinite word after an indefinite noun may
        # be its adjective; then the rest of the list must show names
        evidence = [c for c in known + new
                    if c.i > p + 1 or not _adjective_after(text, toks, words, p)]
        if not new or not any(c.ids or c.zipf < _MAX_ZIPF for c in evidence):
            continue
        for c in known:
            if Kind.LIST not in c.kinds:
                c.add(Kind.LIST)
        noun = min(cue_stems(words[p]) & LIST_NOUNS)
        for c in new:
            if c.i == p + 1:  # the first item: named by the noun («قرى X», as rule cues sees it)
                c.evidence.insert(0, Evidence(Kind.CUE, noun))
                c.kinds.add(Kind.CUE)
            c.sentence = bisect.bisect_right(sent_bounds, c.start)
            covered.update(range(c.i, c.j))
        found += new
    return found


def _adjective_after(text: str, toks, words, p: int) -> bool:
    """Whether the word after the indefinite place noun ``p`` may be its adjective: an
    indefinite word at least as common as an adjective that agrees («مناطق سكنية»)."""
    return not words[p + 1].startswith(N.ARTICLE) and \
        not cue_stems(words[p]).isdisjoint(INDEFINITE_AREA_NOUNS) and \
        zipf(text[toks[p + 1][1]:toks[p + 1][2]]) >= INDEFINITE_ADJECTIVE_ZIPF


def _list_item(text: str, toks, words, item: _Item, lex: NameIndex) -> Candidate | None:
    """The unknown name of a list item that no candidate covers, or None when a word of it
    is too common, too short or a function word."""
    i, j = item.i, item.j
    w = words[i]
    stem = w[1:] if item.joined else w
    if len(stem) < 3 or stem in NEVER_ALONE or (j - i == 2 and words[i + 1] in NEVER_ALONE):
        return None
    z = word_zipf(text[toks[i][1]:toks[i][2]], len(w) - len(stem))
    if j - i == 1:
        if z >= _MAX_ONE_WORD_ZIPF or (z >= _MAX_ZIPF and stem.endswith(PRONOUN_ENDS)) or \
                (stem.startswith(N.ARTICLE) and nisba_of_big_place(lex, stem)):
            # (a common word; «قمم جبل الأكراد وأعلاها»: with a pronoun; «الحموي والإدلبي»:
            # the adjective of a big place)
            return None
    else:
        z2 = zipf(text[toks[i + 1][1]:toks[i + 1][2]])
        if z2 >= _MAX_UNKNOWN_ZIPF or (stem not in NAME_HEADS and (
                min(z, z2) >= _MAX_ZIPF or max(z, z2) >= _MAX_ONE_WORD_ZIPF)) \
                or has_tanween(text[toks[i + 1][2] - 2:toks[i + 1][2]]):
            return None
        z = min(z, z2)
    return Candidate(i, j, toks[i][1], toks[j - 1][2], " ".join([stem, *words[i + 1:j]]), (),
                     how=How.UNKNOWN, clitic=w[: len(w) - len(stem)], support=3, zipf=z,
                     evidence=[Evidence(Kind.LIST), Evidence(Kind.NOT_IN_GAZETTEER)])


def _link_lists(text: str, cands: list[Candidate]) -> None:
    """An item linked by و or a comma to an unknown item of a list headed by a plural or dual
    place noun is a list item too («قريتي X وكفرنبل»: the lists were drawn before the unknown
    names were found; «قرية X والمدرسة» is no list of villages), and so is a known name after
    an unknown list item («وكفرزيتا وحصرايا والزكاة»)."""
    for k, (a, b) in enumerate(itertools.pairwise(cands)):
        if a.kind == "road" or b.kind == "road" or a.sentence != b.sentence or \
                (a.ids and b.ids) or b.i != a.j:
            continue
        unknown = b if a.ids else a
        if not (list_has_plural_cue(k, cands) or (unknown is a and Kind.LIST in a.kinds)):
            continue  # (an unknown list item carries the known item after it: «وحصرايا والزكاة»)
        gap = text[a.end:b.start]
        if GAP_LIST.fullmatch(gap) and (b.clitic.startswith("و") or has_comma(gap)):
            for x in (a, b):
                if Kind.LIST not in x.kinds:
                    x.add(Kind.LIST)


def _spot(word: str) -> bool:
    """Whether :func:`_where_always` reads the token of ``word`` or the next one: a generic
    head or a settlement noun among its stems (``WordInfo.head``, ``unknown_cue``), a naming
    word or a list opener."""
    stems = N.strip_clitics(word)
    return not GENERIC_HEADS.isdisjoint(stems) or not UNKNOWN_CUES.isdisjoint(stems) or \
        word in NAMING_WORDS or word in LIST_INTRO


_SPOT = WordTest(_spot)


def _where_always(text: str, toks, words, infos) -> tuple[set[int], set[int]]:
    """The tokens :func:`_scan` reads whatever the candidates: the generic heads, and
    (with them) the words after a settlement noun or a list opener and after a ``#``."""
    spots = _SPOT.where(words)  # (one scan of the tokens; a few of them are spots)
    heads = {i for i in spots if infos[i].head}
    where = {i + 1 for i in spots if infos[i].unknown_cue or words[i] in NAMING_WORDS}
    intro = [i for i in spots if words[i] in LIST_INTRO]  # (most reports have none …)
    if intro and has_any(text, LIST_INTRO_HINTS):  # (… and the text test is after)
        where.update(i + 1 for i in intro)
    where.update(heads)
    k = text.find("#")
    while k >= 0:
        where.add(bisect.bisect_left(toks, k + 1, key=TOKEN_START))
        k = text.find("#", k + 1)
    return heads, where


def _word_rarity(w: str, written: str) -> int:
    """What a token may be whatever the candidates around it, unless masked (normalised ``w``,
    ``written`` in the text): :data:`_NOTHING` (too short, not Arabic), :data:`_HEAD_ONLY`
    (too common to be an unknown name whatever its cue: a word no name head, with or without
    و, is no two-word name, and the Zipf :func:`_scan` checks of it is no lower than its Zipf
    as written, which reaches :data:`_MAX_ONE_WORD_ZIPF`), :data:`_LISTED_ONLY` (as common
    as a word named only in a list or by a settlement noun: the Zipf of 2.5 the other cues
    ask for is reached) or :data:`_ANY_CUE`."""
    if (len(w) < 3 and w not in NAME_HEADS) or not N.has_arabic(w):
        return _NOTHING
    if w in NAME_HEADS or w[1:] in NAME_HEADS:
        return _ANY_CUE
    z = zipf(written)
    return _HEAD_ONLY if z >= _MAX_ONE_WORD_ZIPF else _LISTED_ONLY if z >= _MAX_ZIPF \
        else _ANY_CUE


class _WordRarity(dict):
    """(normalised word, as written) -> :func:`_word_rarity` of it, computed on the first
    look-up (then a look-up in C); emptied past 100,000 words."""

    def __missing__(self, key: tuple[str, str]) -> int:
        if len(self) > 100_000:
            self.clear()
        rare = self[key] = _word_rarity(*key)
        return rare


_WORD_RARITY = _WordRarity()


#: what a token may be (:func:`_word_rarity`): nothing; the head of a two-word name only; an
#: unknown name in a list or after a settlement noun only; an unknown name after any cue
_NOTHING, _HEAD_ONLY, _LISTED_ONLY, _ANY_CUE = range(4)


def _scan(text: str, toks, words, masked, out: list[Candidate], infos,
          sent_bounds: list[int], heads: set[int], cued: set[int],
          rarity: dict[int, int], lex: NameIndex) -> list[Candidate]:
    """One pass of :func:`_unknowns`: the unknown names next to the candidates of ``out``
    (``heads``, ``cued``: from :func:`_where_always`; ``rarity``: what each token read so far
    may be, :func:`_word_rarity` or :data:`_NOTHING` when masked)."""
    # the candidates' tokens, starts and ends, and the tokens around them, built in C
    firsts, lasts = list(map(_FIRST, out)), list(map(_END, out))
    taken = set(chain.from_iterable(map(range, firsts, lasts)))
    starts = dict(zip(firsts, out, strict=True))
    ends = dict(zip(lasts, range(len(out)), strict=True))  # end token -> index in ``out``
    where = set(cued)
    where.update(map((-1).__add__, firsts), lasts, map((1).__add__, lasts))
    found: list[Candidate] = []
    n = len(words)
    where.difference_update(taken)
    where.discard(-1)
    for i in sorted(where):
        if i >= n:
            break
        rare = rarity.get(i)
        if rare is None:
            rare = rarity[i] = _NOTHING if masked[i] else \
                _WORD_RARITY[words[i], text[toks[i][1]:toks[i][2]]]
        if (rare <= _HEAD_ONLY and (rare == _NOTHING or i not in heads)) or i in taken:
            continue  # nothing; a head only, where none is; in a two-word name found here
        w = words[i]
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
        if rare == _HEAD_ONLY:
            continue  # too common to be an unknown name whatever its cue
        if w.startswith("و"):
            if i in ends and out[ends[i]].major and any(
                    lex.store.kind[x] == "country" for x in out[ends[i]].ids):
                pass  # «في تركيا ولبنان والنازحة …»: a list of countries names no village
            elif i in ends and nxt is not None and nxt.clitic.startswith("و"):
                cue = Evidence(Kind.LIST)  # A وX وB
            elif i in ends and list_has_plural_cue(ends[i], out):
                # بلدات A وX: the last item of a list headed by a plural noun
                cue = Evidence(Kind.LIST)
            elif i in ends and _closes_list(
                    text, toks, words, out, ends[i], i,
                    word_zipf(text[toks[i][1]:toks[i][2]], 1) < _MAX_ZIPF and
                    not _verb_like(text, toks, i, 1) and
                    not _possessed(text[toks[i][1]:toks[i][2]])):
                # «كفرنبل وكنصفرة وكرسعا بريف إدلب»: the last item of a list of places
                cue = Evidence(Kind.LIST)
            elif _inside_run(text, toks, words, out, starts, ends, i):
                # «باب توما والقصاع والعباسيين وجرمانا»: between two places of a list
                cue = Evidence(Kind.LIST)
        else:
            prev = prev_word_stems(toks, words, i, text)
            if not prev.isdisjoint(UNKNOWN_CUES):
                cue = Evidence(Kind.CUE, min(prev & UNKNOWN_CUES))
            elif not prev.isdisjoint(NAMING_WORDS) and i >= 2 and not prev_word_stems(
                    toks, words, i - 1, text).isdisjoint(PLACE_NOUN_DIR):
                cue = Evidence(Kind.NAMED, min(prev & NAMING_WORDS))  # «منطقة تدعى X»
            elif i in ends and _comma_item(text, toks, i) and \
                    not out[ends[i]].clitic.startswith("و") and list_has_plural_cue(ends[i], out):
                # قرى A، X، B: the next item of a comma list (a list ends with its و item:
                # «مدن A وB، رافعين …» goes on with another clause)
                cue = Evidence(Kind.LIST)
            elif rare == _ANY_CUE and i in ends and _comma_item(text, toks, i) and \
                    not out[ends[i]].clitic.startswith("و") and out[ends[i]].ids and \
                    nxt is not None and nxt.ids and nxt.kind == "place" and \
                    out[ends[i]].kind == "place" and _comma_item(text, toks, i + 1):
                # «أريحا، الرويحة، مجدليا، X، منطف»: a rare word between two places of a
                # comma list is an item, whatever noun opened the list
                cue = Evidence(Kind.LIST)
            elif i >= 1 and words[i - 1] == "و" and i - 1 in ends and i + 2 in starts \
                    and i + 1 < n and words[i + 1] == "و":
                cue = Evidence(Kind.LIST)  # A و X و B (hashtag bulletins)
            elif rare == _LISTED_ONLY:
                pass  # too common for the cues below (only a list or a settlement noun names it)
            elif not prev.isdisjoint(PREPOSITIONS) and (
                    (nxt is not None and nxt.clitic.startswith("و"))
                    or (i + 2 < n and words[i + 1] == "و" and i + 2 in starts)):
                cue = Evidence(Kind.LIST_HEAD)  # في X وB وC
            elif (opener := list_opener(prev, text, toks, words, i)) is not None:
                # "عدد من القرى، منها X", «3 قرى … هي: X وY»
                cue = Evidence(Kind.LIST_HEAD, opener)
            elif "#" in text[max(0, toks[i][1] - 1):toks[i][1]]:
                cue = Evidence(Kind.HASHTAG)
            elif _heads_a_list(starts, nxt):
                cue = Evidence(Kind.LIST_HEAD)  # «طال بينين وسفوهن ومرعيان»
            elif i in ends and _named_place(out[ends[i]]) and \
                    alias_span(text, out[ends[i]].end, toks[i][1], toks[i][2]):
                cue = Evidence(Kind.ALIAS)  # «أبو راسين (زركان)»: its other name
        if cue is None:
            continue
        stem = w[1:] if w.startswith("و") and cue.kind is Kind.LIST else w
        # «قرى أم الكيف وعين العبد»: a name head and the word after it, in a list or after a
        # settlement noun, is a two-word name even when the head alone is a common word
        after = starts.get(i + 1)  # «وعين العبد»: العبد alone may be a (common-word) village
        two = stem in NAME_HEADS and cue.kind in (Kind.LIST, Kind.CUE) and i + 1 < n and \
            not masked[i + 1] and infos[i + 1].arabic and \
            (i + 1 not in taken or (after is not None and after.j == i + 2 and after.kind ==
                                    "place" and not after.evidence)) and \
            len(words[i + 1]) >= 3 and words[i + 1] not in NEVER_ALONE and \
            not words[i + 1].startswith("و") and \
            GAP_NAME.fullmatch(text[toks[i][2]:toks[i + 1][1]]) is not None
        if not two and (stem in NEVER_ALONE or not cue_stems(w).isdisjoint(PLACE_NOUN_DIR)):
            continue  # «قرى بريفي القنيطرة»: a place noun with its clitic, not a name
        written = text[toks[i][1]:toks[i][2]]
        if has_tanween(written[-2:]):
            continue  # «…، مسجلاً أضراراً»: an indefinite accusative, not a name
        if _verb_like(text, toks, i, len(w) - len(stem)):
            continue  # "…وبزابور، وأخمدت حريقاً": a verb, not the next item of the list
        if two:
            z = zipf(text[toks[i + 1][1]:toks[i + 1][2]])
        else:
            z = word_zipf(text[toks[i][1]:toks[i][2]], len(w) - len(stem))
        # inside a list of places a name may also be a word (الراشدين); alone it must be rare
        # «بلدات الشدادي ومركدة»: the first item of a list after a plural noun is a list item
        listed = cue.kind is Kind.LIST or (cue.kind is Kind.CUE and nxt is not None
                                           and nxt.clitic.startswith("و") and nxt.ids)
        # «قرية السمرا»: a definite word in construct with a singular settlement noun is its
        # name even when it is also a word (an indefinite one is an adjective: «قرية صغيرة»)
        named = cue.kind is Kind.CUE and cue.word in _SINGULAR_SETTLEMENTS and \
            stem.startswith(N.ARTICLE) and not _definite_adjective_after(text, toks, words, i)
        if cue.kind is Kind.CUE and cue.word in _SINGULAR_SETTLEMENTS and not two and \
                _participle(stem, z):
            continue  # «ثالث مدينة منكوبة», «مدينة "منكوبة"»: the noun's adjective, no name
        if z >= (_MAX_UNKNOWN_ZIPF if two else _MAX_ONE_WORD_ZIPF if listed or named
                 else _MAX_ZIPF):
            continue
        j = i + 1
        if stem in NAME_HEADS and j < n and not masked[j] and (j not in taken or two):
            j += 1
        c = Candidate(i, j, toks[i][1], toks[j - 1][2], " ".join([stem, *words[i + 1:j]]), (),
                      how=How.UNKNOWN, clitic=w[: len(w) - len(stem)], support=3, zipf=z,
                      evidence=[cue, Evidence(Kind.NOT_IN_GAZETTEER)])
        c.sentence = bisect.bisect_right(sent_bounds, c.start)
        found.append(c)
    return found


def _participle(stem: str, z: float) -> bool:
    """Whether an indefinite word after a singular settlement noun is a feminine passive
    participle that agrees with it («منكوبة», «معزولة»: مفعولة), a known word, not a rare name
    (معارة is a name head)."""
    return len(stem) == 6 and stem[0] == "م" and stem[-3] == "و" and stem[-1] == "ه" and \
        z >= 2.0


def _named_place(c: Candidate) -> bool:
    """A known place with evidence of its own (a cue, a list), or a town of note: what an
    alias in brackets may follow («مزار "شيخموس"»: مزار is no place here)."""
    return c.kind == "place" and bool(c.ids) and (c.support > 0 or c.major or c.notable
                                                  or Kind.LIST in c.kinds)


def _inside_run(text: str, toks, words, out: list[Candidate], starts: dict[int, Candidate],
                ends: dict[int, int], i: int) -> bool:
    """Whether the و word ``i`` opens an item of a run of unknown و items (each one or two
    words, at most :data:`_RUN_ITEMS`, spaces between) that a known place opens and another
    place of the list closes: «باب توما والقصاع والعباسيين والزبلطاني وجرمانا» (unknown
    quarters between two known ones) — the passes that add the items next to known names
    cannot reach the middle of such a run."""
    def spaced(k: int) -> bool:  # only a space before token k
        return text[toks[k - 1][2]:toks[k][1]] == " "

    def item_start(k: int) -> bool:  # a و word, or the word after one
        return words[k].startswith("و") or (k >= 1 and words[k - 1].startswith("و")
                                            and not words[k].startswith("و"))

    left, n = i, len(words)
    while left >= 1 and left not in ends and spaced(left) and item_start(left - 1) and \
            i - left < 2 * _RUN_ITEMS:
        left -= 1
    opener = out[ends[left]] if left in ends else None
    if opener is None or opener.kind != "place" or not opener.ids or not spaced(left):
        return False
    right = i + 1
    while right < n and right not in starts and spaced(right) and item_start(right) and \
            right - i < 2 * _RUN_ITEMS:
        right += 1
    closer = starts.get(right)
    return closer is not None and closer.kind == "place" and closer.clitic.startswith("و") \
        and right < n and spaced(right)


def _definite_adjective_after(text: str, toks, words, i: int) -> bool:
    """Whether a definite adjective follows token ``i`` («الأدراج القديمة»: a noun and its
    adjective, the object of a verb, not the name of the settlement before it)."""
    j = i + 1
    return j < len(words) and words[j].startswith(N.ARTICLE) and \
        words[j] not in DIRECTION_ADJ and words[j] not in PLACE_ADJ and \
        GAP_NAME.fullmatch(text[toks[i][2]:toks[j][1]]) is not None


#: settlement nouns in the singular (normalised): «قرية X», «بلدة X»
_SINGULAR_SETTLEMENTS = frozenset(N.arabic(w) for w in ("قرية", "بلدة", "مدينة", "مزرعة",
                                                          "ضيعة"))
#: how many unknown one-word items a run between two known places of a list may hold
_RUN_ITEMS = 4


def _closes_list(text: str, toks, words, out: list[Candidate], k: int, i: int,
                 rare: bool = False) -> bool:
    """Whether the و word ``i`` ends a list of places: ``out[k]``, just before it, is a known
    place and itself a list item («A وB وX», «A، B وX»; «A وB» also when A is an unknown name
    found in an earlier pass, or a place the text settled and X a ``rare`` word: «حررت كفربطيخ
    وكفرداديخ.»), and the list stops after ``i`` (a comma, the sentence's end, another و item,
    or where the list lies: «بريف إدلب»)."""
    before = out[k]
    listed = before.has(Kind.LIST) or (
        k > 0 and before.clitic.startswith("و") and out[k - 1].j == before.i) or (
        rare and before.keep and before.support >= 1)
    if before.kind != "place" or not before.ids or not listed or \
            not GAP_LIST.fullmatch(text[before.end:toks[i][1]]):
        return False
    if i + 1 == len(words):
        return True
    gap = text[toks[i][2]:toks[i + 1][1]]
    return has_comma(gap) or SENTENCE_END.search(gap) is not None or \
        words[i + 1].startswith("و") or not cue_stems(words[i + 1]).isdisjoint(IN_WORDS)


def _possessed(written: str) -> bool:
    """Whether a و word is a common word with an ending no name has: the pronoun ه (written
    so, not the ta marbuta ة) after a common noun («ومطاره»: and its airport) or a plural verb
    («وخطفوه»), a dual of a common noun («ومدنيان»: and two civilians)."""
    stem = strip_written(written, 1)
    return (stem.endswith("ه") and (stem.endswith("وه") or
                                     zipf(stem[:-1]) >= PRONOUN_BASE_ZIPF)) or \
        (stem.endswith("ان") and zipf(stem[:-2]) >= _DUAL_BASE_ZIPF)


#: the Zipf of a common noun whose dual («مدنيان») is no name
_DUAL_BASE_ZIPF = 4.0


def _comma_item(text: str, toks, i: int) -> bool:
    """Whether token ``i`` follows the token before it across a list comma («A، X»)."""
    gap = text[toks[i - 1][2]:toks[i][1]]
    return has_comma(gap) and GAP_LIST.fullmatch(gap) is not None


#: the highest Zipf an unknown name may have (the second word of a two-word name)
_MAX_UNKNOWN_ZIPF = 4.6
#: the highest Zipf of a one-word unknown name (in a list, or named by a settlement noun); a
#: word at least this common as written (the least its frequency can be) that is no name head
#: is skipped before its cue (:func:`_word_rarity`)
_MAX_ONE_WORD_ZIPF = 4.0
#: the highest Zipf of an unknown name after other cues (a preposition before a list, a list
#: opener, a hashtag, an alias)
_MAX_ZIPF = 2.5


def _heads_a_list(starts: dict[int, Candidate], nxt: Candidate | None) -> bool:
    """Whether a word is the first item of a list of at least two known places after it
    («X وB وC»: B and C gazetteer names, each with و), whatever comes before it."""
    if nxt is None or not nxt.ids or nxt.kind != "place" or not nxt.clitic.startswith("و"):
        return False
    after = starts.get(nxt.j)
    return after is not None and after.ids and after.kind == "place" and \
        after.clitic.startswith("و")


def _same_names(words, toks, masked, infos, sent_bounds, cands: list[Candidate],
                found: list[Candidate]) -> list[Candidate]:
    """``cands`` with the other occurrences of the unknown names ``found``."""
    taken = {k for c in cands for k in range(c.i, c.j)}
    out: list[Candidate] = []
    # one sense per discourse: the other occurrences of a name found after a place noun
    # ("قرى الكبينة … معارك الكبينة"), with or without a clitic
    names = {c.name: c for c in found if " " not in c.name}
    if names:
        keys = names.keys()
        # the tokens with one of the names among their stems, found in C
        for i in positions(map(not_, map(frozenset.isdisjoint, map(_STEMS, infos),
                                         repeat(keys)))):
            if i in taken or masked[i]:
                continue
            w, hit = words[i], infos[i].stems & keys
            for stem in hit:
                first = names[stem]
                if stem != w and not w.endswith(stem):
                    continue
                c = Candidate(i, i + 1, toks[i][1], toks[i][2], stem, (), how=How.UNKNOWN,
                              clitic=w[: len(w) - len(stem)], support=3, zipf=first.zipf,
                              evidence=[Evidence(Kind.SAME_NAME),
                                        Evidence(Kind.NOT_IN_GAZETTEER)])
                c.sentence = bisect.bisect_right(sent_bounds, c.start)
                out.append(c)
                break
    return sorted(cands + out, key=CANDIDATE_START)


_PERFECT_ENDS = ("ت", "وا", "تم", "نا", "تا")
_NOUN_ENDS = ("ات", "وت", "يت")


#: a plural perfect verb's و before an object pronoun (اقتادوهم، قصفوها)
_PLURAL_VERB_OBJECT_ENDS = ("وهم", "وها", "وهن")


def _verb_like(text: str, toks, i: int, n_clitic: int) -> bool:
    """Whether token ``i`` (without its ``n_clitic`` clitic letters) has the shape of a verb
    rather than a name: a perfect with a subject suffix (أخمدت، قصفوا، دخلنا) that is a known
    word or a derived form (أفعل، افتعل، استفعل), an imperfect (يستهدف، تقصف) that is a known
    word, or any of these with an accusative object after it (وأخمدت حريقاً); or a common word
    with an attached pronoun (وفصلها، قصفهم)."""
    written = strip_written(text[toks[i][1]:toks[i][2]], n_clitic)
    stem = N.arabic(written)
    if len(stem) < 4:
        return False
    if len(stem) >= 6 and stem.endswith(_PLURAL_VERB_OBJECT_ENDS):
        return True  # «واقتادوهم»: a plural perfect verb and its object pronoun
    if attached_pronoun(stem):
        return True
    nxt = text[toks[i + 1][1]:toks[i + 1][2]] if i + 1 < len(toks) else ""
    obj = len(nxt) > 2 and has_tanween(nxt[-2:]) and N.arabic(nxt) not in DIRECTION_CUES
    z = zipf(written)
    if stem.startswith(("است", "يست", "تست", "نست")) and len(stem) >= 6 and \
            not written.endswith("ة"):
        return True  # (a ta marbuta ends a noun, never a verb: استربة is a village)
    if stem.endswith(_PERFECT_ENDS) and (not stem.endswith(_NOUN_ENDS) or written.endswith(
            ("أت", "ئت", "ؤت"))):  # أطفأت: a hamza, not the plural ending ات
        return obj or z >= 1.5 or stem[0] == "ا"
    if stem.endswith("ات") and obj:
        return True
    if stem[0] in "يتن":
        return obj or z >= 3.0
    # «وامتد القصف», «وانسحب»: a perfect of form VIII (افتعل) or VII (انفعل), a known word
    return stem[0] == "ا" and z >= 2.5 and (
        (len(stem) in (4, 5) and stem[2] == "ت") or (len(stem) == 5 and stem[1] == "ن"))


def _head_unknown(text: str, toks, words, masked, taken, infos, i: int) -> Candidate | None:
    """A generic head + a rare word ("بجبل شحشبو"), or + a sheikh's name ("وجبل الشيخ بركات",
    "تل الشيخ منصور": landmarks named after a shrine; the title masked the name as a person)."""
    j = i + 1
    if j >= len(words) or j in taken or not infos[j].arabic or len(words[j]) < 3 or \
            not GAP_NAME.fullmatch(text[toks[i][2]:toks[j][1]]):
        return None
    head = next(iter(infos[i].stems & GENERIC_HEADS))
    w, nm = words[i], words[j]
    clitic = w[: len(w) - len(head)] if w.endswith(head) else ""
    if masked[j]:
        k = j + 1
        if nm not in SHRINE_TITLES or k >= len(words) or not masked[k] or k in taken or \
                not infos[k].arabic or not GAP_NAME.fullmatch(text[toks[j][2]:toks[k][1]]):
            return None
        j, nm = k, f"{nm} {words[k]}"
    elif nm in NEVER_ALONE or nm.startswith("و") or nm in ELEVATION_ADJ:
        return None  # («تلة حاكمة»: a commanding hill, unnamed)
    prev = prev_word_stems(toks, words, i, text)
    if clitic[-1:] in ("ب", "ل"):
        cue = Evidence(Kind.CLITIC, clitic)
    elif prev & SETTLE_PREP:
        cue = Evidence(Kind.PREP, min(prev & SETTLE_PREP))
    elif clitic.startswith("و") and i - 1 in taken:
        cue = Evidence(Kind.LIST)
    elif not clitic and (opener := list_opener(prev, text, toks, words, i)) is not None:
        cue = Evidence(Kind.LIST_HEAD, opener)  # «أبرزها جبل زاهية»
    else:
        return None
    # a rare word; in a list announced by a plural noun, a fairly common one too (زاهية)
    if not masked[j] and zipf(nm) >= (4.0 if cue.kind is Kind.LIST_HEAD else 2.5):
        return None
    return Candidate(i, j + 1, toks[i][1], toks[j][2], f"{head} {nm}", (), how=How.UNKNOWN,
                     clitic=clitic, support=2, zipf=zipf(nm.split()[-1]),
                     evidence=[cue, Evidence(Kind.HEAD, head),
                               Evidence(Kind.NOT_IN_GAZETTEER)])


# ------------------------------------------------------------------ decision


class Unknowns(Rule):
    """Adds names the gazetteer lacks where a place name is expected (after قرية، in a list …).

    Skipped when ``state.unknown`` is false. Reads ``candidates``, ``masked``, ``infos``;
    writes ``candidates`` (with ``ids=()``).
    """

    name = "unknown"

    def __call__(self, state: ParseState) -> None:
        if state.unknown:
            state.candidates = _unknowns(state.text, state.toks, state.words,
                                         state.masked, state.candidates, state.infos,
                                         state.sent_bounds, name_index(state.store))
