"""Multi-word matching: the longest gazetteer name at each token, and its refinements."""

from __future__ import annotations

import bisect
import re
from operator import attrgetter

from gazetteer import normalize as N
from gazetteer.lexicon import (
    DUAL_HEADS,
    DUAL_NOUNS,
    ELEVATION_ADJ,
    GENERIC_HEADS,
    HEAD_CUES,
    JOIN_PARTICLES,
    NEVER_ALONE,
    OFFICIAL_ADJ,
    OFFICIAL_HEADS,
    PART_ADJ,
    PREPOSITIONS,
    SETTLEMENT_CUES,
    SITE_NOUNS_ALONE,
    norm_set,
)
from gazetteer.parse.candidate import Candidate, How
from gazetteer.parse.evidence import Evidence, Kind
from gazetteer.parse.names import GROWS, NameIndex
from gazetteer.parse.rules.roads import road_ids
from gazetteer.parse.state import ParseState, Rule
from gazetteer.parse.text import (
    CANDIDATE_START,
    GAP_NAME,
    TOKEN_START,
    WordTest,
    cue_stems,
    has_any,
    positions,
    prev_word_stems,
    zipf,
)
from gazetteer.parse.weights import WEIGHTS as W
from gazetteer.place import POPULATED as _POPULATED

_PREFIXES, _DUAL = attrgetter("prefixes"), attrgetter("dual")  # WordInfo facts
#: settlement nouns in the plural (not the dual: «قريتي الجبل والتل» names two villages)
_PLURAL_SETTLEMENTS = norm_set("بلدات قرى مدن مزارع مخيمات أحياء تجمعات")


def longest_match(lex: NameIndex, text: str, toks, words, masked, road_tok, i: int, prefixes):
    """The longest gazetteer name starting at token ``i`` (clitics allowed on the first word):
    ``(end token, stem, last stem, ids, n_exact, n_first)`` or None; ``prefixes`` are those of
    ``words[i]`` (:attr:`~gazetteer.parse.names.WordInfo.prefixes`)."""
    n = len(toks)
    one = lex.alone[words[i], words[i + 1] if i + 1 < n else None]
    if one is not GROWS:  # no name goes on into the next token (most tokens)
        return None if one is None else (i + 1, *one)
    return _grown_match(lex, text, toks, words, masked, road_tok, i, prefixes)


def _grown_match(lex: NameIndex, text: str, toks, words, masked, road_tok, i: int, prefixes):
    """:func:`longest_match` at a token whose name may go on into the next token (its
    :attr:`~gazetteer.parse.names.NameIndex.alone` is :data:`GROWS`): the walk of the trie."""
    n = len(toks)
    best = None
    trie, keys = lex.trie, lex.keys
    for stem in prefixes:
        cur, j = stem, i + 1
        while True:
            hit = keys.get(cur)
            if hit is not None and j - i > 1 and words[j - 1] in JOIN_PARTICLES and \
                    " ".join((stem, *words[i + 1:j])) not in lex.store.arabic_index:
                hit = None  # «حلب أن» is no joined حلبان
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
            if (b - a != 1 or text[a] != " ") and not GAP_NAME.fullmatch(text[a:b]):
                break
            cur, j = nxt, j + 1
    return best


# ------------------------------------------------------------------ roads


def _part_adjectives(lex: NameIndex, text: str, toks, words, masked, out: list[Candidate]):
    """A place name followed by one of :data:`PART_ADJ` that the gazetteer does not know as one
    name ("منطقة حلب الجديدة"): the mention covers both words and means the populated place
    (the city, not the governorate), whatever cue came before."""
    store = lex.store
    drop: set[int] = set()
    for k, c in enumerate(out):
        j = c.j
        if c.kind != "place" or not c.ids or j >= len(words) or words[j] not in PART_ADJ or \
                masked[j] or not GAP_NAME.fullmatch(text[toks[j - 1][2]:toks[j][1]]):
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
        c.add(Kind.PART, words[j])
    return [c for k, c in enumerate(out) if k not in drop] if drop else out


# ------------------------------------------------------------------ official country names

_OFFICIAL_HINTS = ("جمهوري", "مملك", "الاتحاد")
#: whether a word is a head of an official name (جمهورية، والمملكة …)
_OFFICIAL_HEAD = WordTest(lambda w: not cue_stems(w).isdisjoint(OFFICIAL_HEADS))


def _official_names(lex: NameIndex, text: str, toks, words, masked,
                    out: list[Candidate]) -> list[Candidate]:
    """A state's official name: "الجمهورية العربية السورية", "الجمهورية التركية", "الاتحاد
    الروسي" — a head (جمهورية، مملكة، اتحاد), optional adjectives (العربية، الإسلامية …) and
    the nisba of a country in the gazetteer — is one mention of that country."""
    store = lex.store
    n = len(words)
    found = []
    for i in _OFFICIAL_HEAD.where(words):
        if masked[i]:
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
        if not ids or not all(GAP_NAME.fullmatch(text[toks[k - 1][2]:toks[k][1]])
                              for k in range(i + 1, j + 1)):
            continue
        found.append(Candidate(i, j + 1, toks[i][1], toks[j][2], " ".join(words[i:j + 1]), ids,
                               n_exact=len(ids), support=3,
                               evidence=[Evidence(Kind.OFFICIAL_NAME)]))
    if not found:
        return out
    spans = [(c.i, c.j) for c in found]
    rest = [c for c in out if not any(c.i < b and a < c.j for a, b in spans)]
    return sorted(rest + found, key=CANDIDATE_START)


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
        i = bisect.bisect_left(toks, m.start(1), key=TOKEN_START)
        j = i
        while j < len(toks) and toks[j][2] <= m.end(1):
            j += 1
        if j == i or any(k in taken or k in road_tok for k in range(i, j)):
            continue
        found.append(Candidate(i, j, toks[i][1], toks[j - 1][2], name.lower(), ids,
                               n_exact=len(ids), support=1, evidence=[Evidence(Kind.LATIN)]))
    return sorted(out + found, key=CANDIDATE_START) if found else out


# ------------------------------------------------------------------ masking


def _generic_heads(text: str, toks, words, masked, road_tok, out: list[Candidate], infos,
                   sent_bounds: list[int]) -> list[Candidate]:
    """A generic head word without its article (تل، عين، جبل، شير …) matched alone (as التل،
    الشير) but followed by a name word is the first half of a two-word name: "محور تل مرديخ",
    "وتل الطوقان", "في شير مغار". The head is never resolved alone: the pair takes the
    readings of its second word when that is a known place (تل مرديخ → Mardikh; not one known
    only from its romanisation), is an
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
        if not GAP_NAME.fullmatch(text[toks[j - 1][2]:toks[j][1]]):
            continue
        w = words[j]
        if w in NEVER_ALONE or w.startswith("و") or infos[j].person == 1:
            continue
        d_k = starts.get(j)
        if d_k is not None and out[d_k].how is How.ROMANISED:
            # a name known only from its romanisation says too little for the pair (شير مغار
            # is no مغار 170 km away): an unknown name, as for a rare word
            drop.add(d_k)
        elif d_k is not None:
            d = out[d_k]
            if d.kind != "place":
                continue
            merged = Candidate(c.i, d.j, c.start, d.end, f"{c.name} {d.name}", d.ids,
                               how=d.how, n_exact=d.n_exact, clitic=c.clitic,
                               evidence=[Evidence(Kind.HEAD, c.name)], n_first=d.n_first,
                               alt_name=d.alt_name and f"{c.name} {d.alt_name}",
                               sentence=c.sentence)
            out[k] = merged
            drop.add(d_k)
            continue
        listed = c.clitic.startswith("و") and k > 0 and out[k - 1].j == c.i and \
            out[k - 1].kind == "place"
        if w in ELEVATION_ADJ or (zipf(w) >= 3.5 and not listed and not (
                prev_word_stems(toks, words, c.i, text) & SETTLEMENT_CUES)):
            drop.add(k)  # "على تل مرتفع", «تلة حاكمة»: a hill, no name ("قرى تل النبي …",
            continue     # "كفر زيتا وتل فاس": in a list of places, one is)
        out[k] = Candidate(c.i, j + 1, c.start, toks[j][2], f"{c.name} {w}", (),
                           how=How.UNKNOWN, clitic=c.clitic, sentence=c.sentence,
                           evidence=[Evidence(Kind.HEAD, c.name),
                                     Evidence(Kind.NOT_IN_GAZETTEER)])
    if not drop:
        return out
    return [c for k, c in enumerate(out) if k not in drop]


def _joined_name(lex: NameIndex, head: str, words: list[str], i: int, n: int):
    """The longest gazetteer name ``head`` + words ``i``… (at most 3): ``(j, key ids)``."""
    for j in range(min(i + 3, n), i, -1):
        hit = lex.lookup(head + "".join(words[i:j]))
        if hit and hit[0]:
            return j, hit
    return None


def _duals(lex: NameIndex, text: str, toks, words, masked, out: list[Candidate],
           infos, sent_bounds: list[int]) -> list[Candidate]:
    """"جبلي الأكراد والتركمان": a dual head names two places, head + each name (جبل الأكراد,
    جبل التركمان); "بلدتي X وY": the dual settlement noun governs Y as it governs X."""
    n = len(words)
    made: list[Candidate] = []
    for h in positions(map(_DUAL, infos[:n - 1])):  # a dual head or noun
        if masked[h]:
            continue
        stems = infos[h].stems
        head = next((DUAL_HEADS[s] for s in stems if s in DUAL_HEADS), None)
        noun = next((s for s in stems if s in DUAL_NOUNS), None)
        if head is None and noun is None:
            continue
        if not GAP_NAME.fullmatch(text[toks[h][2]:toks[h + 1][1]]):
            continue
        # the first name, then the second after و (attached or alone)
        first = _joined_name(lex, head, words, h + 1, n) if head else None
        j1 = first[0] if first else next((c.j for c in out if c.i == h + 1), None)
        if j1 is None or j1 >= n:
            continue
        k, clitic = j1, ""
        if words[k] == "و" and k + 1 < n:
            k += 1
        elif words[k].startswith("و") and len(words[k]) > 3:
            clitic = "و"
        else:
            continue
        if masked[k]:
            continue
        evidence = Evidence(Kind.DUAL, head or noun, W.cues_area_dir if head else
                            W.cues_settlement)
        if head:
            rest = [words[k][len(clitic):], *words[k + 1:]]
            second = _joined_name(lex, head, rest, 0, len(rest))
            if first is None or second is None:
                continue
            (ids1, n1), (j2, (ids2, n2)) = first[1], second
            made.append(Candidate(h + 1, j1, toks[h + 1][1], toks[j1 - 1][2],
                                  " ".join([head, *words[h + 1:j1]]), ids1, n_exact=n1,
                                  evidence=[Evidence(Kind.CUE, head, W.cues_area_dir)],
                                  support=W.cues_area_dir))
            made.append(Candidate(k, k + j2, toks[k][1], toks[k + j2 - 1][2],
                                  " ".join([head, *rest[:j2]]), ids2, n_exact=n2,
                                  clitic=clitic, evidence=[evidence], support=evidence.weight))
        else:  # "بلدتي X وY": Y is a place as X is
            for c in out:
                if c.i == k and c.kind == "place" and Kind.DUAL not in c.kinds:
                    c.add(*evidence)
    if not made:
        return out
    for c in made:
        c.sentence = bisect.bisect_right(sent_bounds, c.start)
    spans = [(c.i, c.j) for c in made]
    kept = [c for c in out if not any(c.i < j and i < c.j for i, j in spans)]
    return sorted(kept + made, key=CANDIDATE_START)


# ------------------------------------------------------------------ longest match


class Match(Rule):
    """The longest gazetteer name at each token (clitics stripped from the first word).

    Reads ``masked``, ``road_tok``, ``infos``; writes ``candidates`` (one road candidate per road
    span, one place candidate per longest match, in text order).
    """

    name = "match"

    def __call__(self, state: ParseState) -> None:
        lex, text, toks, words = state.lex, state.text, state.toks, state.words
        masked, road_tok, infos = state.masked, state.road_tok, state.infos
        out, alone, n = state.candidates, lex.alone, len(words)
        # the tokens that may start a name (a stem starts some gazetteer key) or a road code
        starts = positions(map(_PREFIXES, infos))
        if road_tok:
            starts = sorted({*starts, *road_tok})
        past = 0  # the scan goes on after the last name found
        for i in starts:
            if i < past:
                continue
            if i in road_tok:
                j, s, which = road_tok[i]
                out.append(Candidate(i, j, s, toks[j - 1][2], which, road_ids(lex, which),
                                     how=How.ROAD, kind="road", road=which, support=3,
                                     major=True))
                past = j
                continue
            one = alone[words[i], words[i + 1] if i + 1 < n else None]
            if one is None:
                continue  # (the test of longest_match, inlined: most tokens are one word)
            if masked[i]:
                continue
            if i and infos[i - 1].person == 2 and not masked[i - 1] and \
                    GAP_NAME.fullmatch(text[toks[i - 1][2]:toks[i][1]]):
                continue  # أبو/أم + X, not itself a name: a kunya (أبو حلب), not the place X
            if one is not GROWS:
                j = i + 1
                stem, last, ids, n_exact, n_first = one
            else:
                best = _grown_match(lex, text, toks, words, masked, road_tok, i,
                                    infos[i].prefixes)
                if best is None:
                    continue
                j, stem, last, ids, n_exact, n_first = best
            if j - i == 1 and (stem in NEVER_ALONE or stem in SITE_NOUNS_ALONE) and (not (
                    settled := prev_word_stems(toks, words, i, text) & SETTLEMENT_CUES) or (
                    not n_exact and stem in PREPOSITIONS) or (
                    settled <= _PLURAL_SETTLEMENTS and stem not in GENERIC_HEADS)):
                # a function or cue word (على، قرية، شمال …) is no place by itself, and a
                # preposition is none even after a settlement noun when only a name with the
                # article is spelt so («مخيمات على الشريط»: not the village العلي); after a
                # plural noun a cue word is what the places belong to («قرى الجبل»: the
                # mountain's villages), unlike «قرية الجبل»
                continue
            if j - i >= 2 and stem in HEAD_CUES and (inner := longest_match(
                    lex, text, toks, words, masked, road_tok, i + 1,
                    infos[i + 1].prefixes)) is not None and inner[0] > j:
                # «منطقة باب الهوى»: not the district «منطقة الباب» but the cue and a longer name
                i = i + 1
                j, stem, last, ids, n_exact, n_first = inner
            elif j - i >= 2 and stem in HEAD_CUES:
                rest = lex.lookup("".join(words[i + 1:j]))
                if rest is not None:  # "منطقة إدلب" -> cue منطقة + name إدلب
                    i, stem, last = i + 1, words[i + 1], words[i + 1]
                    ids, n_exact = rest[0], rest[1]
                    n_first = len(ids)
            # the clitic of the most stripped reading (و of وقاح when قاح is also a name)
            clitic = words[i][: len(words[i]) - len(last)] if words[i].endswith(last) else ""
            name = " ".join([stem, *words[i + 1:j]])
            cand = Candidate(i, j, toks[i][1], toks[j - 1][2], name, ids,
                             how=How.EXACT if n_exact else How.ROMANISED if (
                                 name.replace(" ", "") in lex.romanised) else How.ARTICLE,
                             n_exact=n_exact,
                             clitic=clitic)
            if n_first < len(ids):  # ids[n_first:] are read with the clitic stripped
                cand.n_first, cand.alt_name = n_first, " ".join([last, *words[i + 1:j]])
            out.append(cand)
            past = j


class LatinHashtags(Rule):
    """#Idlib, #Saraqeb, #Jisr_al-Shughur: Latin hashtags looked up in the Latin index.

    Reads ``text``, ``road_tok``, ``candidates``; writes ``candidates``.
    """

    name = "latin-hashtags"

    def __call__(self, state: ParseState) -> None:
        if "#" in state.text:
            state.candidates = _latin_hashtags(state.store, state.text, state.toks,
                                               state.road_tok, state.candidates)


class OfficialNames(Rule):
    """"الجمهورية العربية السورية": a country's official name is one mention of the country.

    Reads ``text``, ``masked``, ``candidates``; writes ``candidates``.
    """

    name = "official-names"

    def __call__(self, state: ParseState) -> None:
        if has_any(state.text, _OFFICIAL_HINTS):
            state.candidates = _official_names(state.lex, state.text, state.toks, state.words,
                                               state.masked, state.candidates)


class Sentences(Rule):
    """Numbers each candidate's sentence (context compares places within a sentence).

    Reads ``sent_bounds``; writes ``Candidate.sentence``.
    """

    name = "sentences"

    def __call__(self, state: ParseState) -> None:
        for c in state.candidates:
            c.sentence = state.sentence_of(c.start)


class GenericHeads(Rule):
    """"تل مرديخ", "شير مغار": a generic head and the next word are one name.

    Reads ``candidates``, ``masked``, ``road_tok``, ``infos``; writes ``candidates``.
    """

    name = "generic-heads"

    def __call__(self, state: ParseState) -> None:
        state.candidates = _generic_heads(state.text, state.toks, state.words, state.masked,
                                          state.road_tok, state.candidates, state.infos,
                                          state.sent_bounds)


class Duals(Rule):
    """Duals keep both names: "جبلي الأكراد والتركمان" → جبل الأكراد, جبل التركمان (a dual head
    of two-word names); "بلدتي X وY", "قريتي X وY" → Y gets the settlement noun's weight.

    Reads ``candidates``, ``words``, ``masked``; writes ``candidates`` (head + name candidates
    replace what matched the bare names; ``DUAL`` evidence on the second name). Runs after
    ``cues`` (whose support it adds to), before ``unknown``.
    """

    name = "duals"

    def __call__(self, state: ParseState) -> None:
        state.candidates = _duals(state.lex, state.text, state.toks, state.words, state.masked,
                                  state.candidates, state.infos, state.sent_bounds)


class PartAdjectives(Rule):
    """"حلب الجديدة": a name and an adjective the gazetteer lacks are one mention of the town.

    Reads ``candidates``, ``masked``; writes ``candidates``.
    """

    name = "part-adjectives"

    def __call__(self, state: ParseState) -> None:
        state.candidates = _part_adjectives(state.lex, state.text, state.toks, state.words,
                                            state.masked, state.candidates)
