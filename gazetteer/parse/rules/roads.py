"""Roads: M4/M5 codes and 'the X - Y road' pairs become road candidates."""

from __future__ import annotations

import bisect
import re
from operator import attrgetter

from gazetteer import normalize as N
from gazetteer.lexicon import (
    GENERIC_ROADS,
    M4_EAST_TOWNS,
    M4_TOWNS,
    M5_TOWNS,
    ROAD_HEADS,
)
from gazetteer.parse.candidate import Candidate, How
from gazetteer.parse.evidence import Evidence, Kind
from gazetteer.parse.names import NameIndex
from gazetteer.parse.state import ParseState, Rule
from gazetteer.parse.text import GAP_LOOSE, TOKEN_START, cue_stems, prev_word_stems
from gazetteer.parse.weights import WEIGHTS as W

_ROAD_RE = re.compile(
    # a Latin code may carry an Arabic clitic («المعروف بـM4»), an Arabic one may not; the
    # letters come before the look-behinds (which test the character before them), so the
    # regex engine skips to the next M or أم instead of trying every position; the look-ahead
    # of the first letters lets it find the places to try with a fast scan (a third faster)
    r"(?=[MmМإأاآ])"
    r"(?:(?P<lat>[MmМ])(?<![A-Za-z0-9_][MmМ])|(?P<ar>[إأاآ]م)(?<![\w\u0600-\u06ff][إأاآ]م))"
    r"[ \t\u00a0]?[-‐–]?[ \t\u00a0]?"
    r"(?:(?P<num>[45٤٥])(?![\d٠-٩])|(?P<word>فور|فايف)(?![\w\u0600-\u06ff]))")
_NUMBER_WORDS = {"فور": "4", "فايف": "5"}  # «إم فايف», «ام فور»: the number spelled in English
#: every way :data:`_ROAD_RE` writes the number: a road code holds one of these
_ROAD_NUMBERS = ("4", "5", "٤", "٥", *_NUMBER_WORDS)


def _roads(text: str) -> list[tuple[int, int, str]]:
    """Spans of M4/M5 road names: M4, M-4, أم 4, «إم 4», إم-4, ام4, «إم فايف» …"""
    if not any(x in text for x in _ROAD_NUMBERS):
        return []  # no 4 or 5, in digits or in words: no road code (a quick test first)
    out = []
    for m in _ROAD_RE.finditer(text):
        if m.group("word") and not m.group("ar"):
            continue  # "M فور" is no road name
        num = (_NUMBER_WORDS[m.group("word")] if m.group("word")
               else m.group("num").translate(str.maketrans("٤٥", "45")))
        out.append((m.start(), m.end(), f"M{num}"))
    return out


def road_ids(lex: NameIndex, which: str) -> tuple[int, ...]:
    """The gazetteer record of road "M4" or "M5" (none when the gazetteer lacks it)."""
    i = lex.m4 if which == "M4" else lex.m5 if which == "M5" else None
    return () if i is None else (i,)


def _pair_road(lex: NameIndex, pair: set[str]) -> tuple[str | None, tuple[int, ...]]:
    """The road two towns name ("حلب - اللاذقية": the western M4; "الحسكة - حلب": the eastern
    M4; "حلب - دمشق": the M5): its code and gazetteer record, or ``(None, ())``."""
    if pair <= M4_TOWNS and pair != {"حلب", "سراقب"}:
        return "M4", road_ids(lex, "M4")
    if pair <= M5_TOWNS:
        return "M5", road_ids(lex, "M5")
    if pair <= M4_EAST_TOWNS and lex.m4_east is not None:
        return "M4", (lex.m4_east,)  # the record says which M4 (context.ROAD_RECORDS)
    return None, ()


_ROAD_WORDS = frozenset({"الدولي", "الدوليه", "السريع"})


def _ends(lex: NameIndex, text: str, toks, words, i: int, j: int, sentence: int,
          taken: set[int]) -> list[Candidate]:
    """The towns a road name of tokens ``i``…``j`` is named after ("الطريق الدولي حلب -
    اللاذقية" → حلب, اللاذقية), as place candidates; none unless both ends are names."""
    while i < j and (cue_stems(words[i]) & ROAD_HEADS or words[i] in _ROAD_WORDS):
        i += 1
    for m in range(i + 1, j):
        left, right = lex.lookup("".join(words[i:m])), lex.lookup("".join(words[m:j]))
        if not (left and left[0] and right and right[0]) or taken & set(range(i, j)):
            continue
        return [Candidate(a, b, toks[a][1], toks[b - 1][2], " ".join(words[a:b]), hit[0],
                          n_exact=hit[1], sentence=sentence, support=W.cues_road_end,
                          evidence=[Evidence(Kind.ROAD_END, None, W.cues_road_end)])
                for a, b, hit in ((i, m, left), (m, j, right))]
    return []


def _roads_from_pairs(lex: NameIndex, text: str, toks, words, infos,
                      out: list[Candidate]) -> None:
    """``طريق حلب - اللاذقية``: the two towns stay place mentions (``ROAD_END``) and, when they
    name a known road (the M4, the eastern M4, the M5), a road mention spans them; a road
    record named after two towns ("الطريق الدولي حلب - اللاذقية") gives its towns as places too;
    a generic road word before a name → cue."""
    ends: list[Candidate] = []
    kind = lex.store.kind
    # the tokens of the place candidates as the rule found them, worked out when a road record
    # is first folded (most reports have none)
    places = [(c.i, c.j, c.ids) for c in out if c.kind == "place"]
    taken: set[int] | None = None

    def fold(c: Candidate) -> None:  # a road record's name leaves, its towns stay
        nonlocal taken
        if taken is None:
            taken = {t for i, j, ids in places if not all(kind[x] == "road" for x in ids)
                     for t in range(i, j)}
        ends.extend(_ends(lex, text, toks, words, c.i, c.j, c.sentence, taken))

    k = 0
    while k < len(out):
        c = out[k]
        # a road noun before it (``WordInfo.road``: a road noun among the word's stems)
        is_head = (c.i >= 1 and infos[c.i - 1].road and not prev_word_stems(
            toks, words, c.i, text).isdisjoint(ROAD_HEADS)) or (
            c.i >= 2 and words[c.i - 1] in ("الدولي", "الدوليه", "السريع")
            and infos[c.i - 2].road)
        if c.kind == "road" and c.how is How.ROAD and c.road in ("M4", "M5"):
            # "الطريق الدولي" matched as a name just before: fold it in as a cue
            if k and out[k - 1].ids == c.ids and out[k - 1].how is not How.ROAD and \
                    GAP_LOOSE.fullmatch(text[out[k - 1].end:c.start]):
                c.add(Kind.ROAD, out[k - 1].name)
                fold(out.pop(k - 1))
                k -= 1
            elif is_head:
                c.add(Kind.ROAD, "طريق")
            k += 1
            continue
        if is_head and k + 1 < len(out):
            d = out[k + 1]
            gap = text[c.end:d.start]
            if d.kind != "road" and re.fullmatch(r"[ \t\u00a0]*[-‐–—/][ \t\u00a0]*", gap):
                which, ids = _pair_road(lex, {c.name.replace(" ", "_"),
                                              d.name.replace(" ", "_")})
                for x in (c, d):
                    x.add(Kind.ROAD_END, None, W.cues_road_end)
                generic = None
                if k and out[k - 1].how is How.ROAD_GENERIC and \
                        GAP_LOOSE.fullmatch(text[out[k - 1].end:c.start]):
                    # "الطريق السريع حلب - دمشق": the generic words name no other road
                    generic = out.pop(k - 1)
                    k -= 1
                if ids:  # a known road: its mention spans both towns' names
                    label = text[c.start:d.end]
                    out.insert(k, Candidate(c.i, d.j, c.start, d.end, N.spaced(label), ids,
                                            how=How.ROAD, kind="road", road=which, support=3,
                                            major=True, evidence=[Evidence(
                                                Kind.ROAD, generic.name if generic else "طريق")],
                                            sentence=c.sentence))
                    k += 1
                k += 2
                continue
        if c.ids and kind[c.ids[0]] == "road" and all(kind[x] == "road" for x in c.ids):
            # a road named by the gazetteer ("الطريق الدولي", "أوتوستراد حلب اللاذقية")
            nxt = out[k + 1] if k + 1 < len(out) else None
            if nxt is not None and nxt.kind == "road" and \
                    GAP_LOOSE.fullmatch(text[c.end:nxt.start]):
                nxt.add(Kind.ROAD, c.name)
                fold(out.pop(k))
                continue
            c.kind = "road"
            c.support, c.major = 3, True
            # "الطريق الدولي حلب - اللاذقية": the span is the road's name, the rest a cue
            generic = c.name in GENERIC_ROADS
            head = c.i
            while not generic and head < c.j - 1 and (cue_stems(words[head]) & ROAD_HEADS
                                      or words[head] in ("الدولي", "السريع")):
                head += 1
            if head > c.i:
                c.add(Kind.ROAD, " ".join(words[c.i:head]))
                c.i, c.start, c.clitic = head, toks[head][1], ""
                c.name = " ".join(words[head:c.j])
            c.how = How.ROAD_GENERIC if generic else How.ROAD
            c.road = ("M4" if c.ids[0] in (lex.m4, lex.m4_east) else "M5" if c.ids[0] == lex.m5
                      else None)
            if not generic:
                fold(c)
        k += 1
    if ends:
        out.extend(ends)
        out.sort(key=lambda c: (c.start, c.kind != "road"))


# ------------------------------------------------------------------ evidence


class RoadNames(Rule):
    """Finds the spans of M4/M5 road codes (M4, M-4, «إم 4», ام4, M5 …).

    Reads ``text``, ``toks``; writes ``road_tok`` (the matcher turns each into a road candidate
    and never reads its tokens as place names).
    """

    name = "roads"

    def __call__(self, state: ParseState) -> None:
        toks, n = state.toks, len(state.toks)
        for s, e, which in _roads(state.text):
            i = bisect.bisect_left(toks, s, key=TOKEN_START)
            j = i
            while j < n and toks[j][2] <= e:
                j += 1
            if j > i:
                state.road_tok[i] = (j, s, which)


_ROAD = attrgetter("road")  # of a WordInfo: a road noun among the word's stems


class RoadPairs(Rule):
    """"طريق حلب - اللاذقية": two towns of one road after a road noun are that road.

    Reads ``candidates``, ``words``; writes ``candidates`` (road candidates and cues).
    """

    name = "road-pairs"

    def __call__(self, state: ParseState) -> None:
        kind = state.store.kind
        if not any(c.kind == "road" or (c.ids and kind[c.ids[0]] == "road")
                   for c in state.candidates) and not any(map(_ROAD, state.infos)):
            return  # no road candidate, road record or road noun: nothing to pair or fold
        _roads_from_pairs(state.lex, state.text, state.toks, state.words, state.infos,
                          state.candidates)
