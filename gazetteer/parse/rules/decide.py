"""Decision: keep a candidate when its evidence outweighs how common its word is."""

from __future__ import annotations

from gazetteer.lexicon import DEFINITE_SETTLEMENT_NOUNS, HILL_NOUNS, NEVER_ALONE, PLURAL_CUES
from gazetteer.parse.candidate import Candidate, How
from gazetteer.parse.evidence import Kind
from gazetteer.parse.state import ParseState, Rule
from gazetteer.parse.text import quoted
from gazetteer.parse.weights import WEIGHTS as W

#: the evidence kinds the loops below test, as module constants (an Enum member read off its
#: class costs about 0.1 µs, a module global a third of it)
_ADJECTIVE, _CUE, _FUNCTION_WORD, _LIST, _NOUN = (Kind.ADJECTIVE, Kind.CUE, Kind.FUNCTION_WORD,
                                                  Kind.LIST, Kind.NOUN)
_ROMANISED = How.ROMANISED


def _decide(out: list[Candidate], text: str) -> None:
    """Keep a candidate when its evidence outweighs how common the word is.

    Needed support: 0 for rare words (Zipf < 3) and for countries, governorates and capitals,
    1 for Zipf 3–4.2, 2 above (one less for district seats and towns of 20,000+),
    3 (a settlement noun) for adjectives (4 after a plural noun, or an elative), at least 1
    for a name known only as the Arabic spelling of a romanised one (``How.ROMANISED``). A
    list of places counts as 2 when a neighbour in the list is itself solid; this is applied
    twice so that a whole list is carried by one name.
    """
    def need(c: Candidate) -> int:
        if c.nisba:  # the adjective of a plural settlement noun, an elative («مدينة كبرى»):
            # whatever the noun's support
            return W.decide_adjective_need + (c.has(_ADJECTIVE, "plural")
                                              or c.has(_ADJECTIVE, "elative"))
        if c.split:
            return W.decide_split_need
        if c.major or c.kind == "road":
            return 0
        base = 0 if c.zipf < W.decide_rare_zipf else 1 if c.zipf < W.decide_common_zipf else 2
        if c.how is _ROMANISED:
            base = max(base, W.decide_romanised_need)
        return max(0, base - 1) if c.notable else base

    for k, c in enumerate(out):
        c.keep = not c.org and c.support >= need(c)
        if c.kind == "road" or c.j - c.i != 1 or (
                c.name not in NEVER_ALONE and c.name not in HILL_NOUNS):
            continue
        followed = k + 1 < len(out) and out[k + 1].i == c.j
        nouns = c.clitic.startswith("و") and c.name in PLURAL_CUES and any(
            w in PLURAL_CUES for w in c.words_of(_CUE))  # «بلدات وقرى ريف إدلب»: nouns
        if c.support < W.cues_settlement or followed or nouns or \
                c.name in DEFINITE_SETTLEMENT_NOUNS:
            c.keep = False
            c.add(_FUNCTION_WORD)
    # the list items that a solid neighbour may carry, in order (a candidate's keep only turns
    # on below, so no other one joins them)
    pending = [k for k, c in enumerate(out) if not (
        c.keep or _LIST not in c.kinds or c.nisba or c.org or _FUNCTION_WORD in c.kinds)]
    for _ in range(2):
        for k in pending:
            c = out[k]
            if c.keep:
                continue
            nb = [out[x] for x in (k - 1, k + 1) if 0 <= x < len(out)]
            if any(o.keep and _LIST in o.kinds and o.kind != "road" for o in nb):
                c.keep = c.support + W.decide_list_bonus >= need(c)
    # one sense per discourse: once a name is a place in the report (with a place noun, in a
    # list, or rare enough to stand alone), its other occurrences are that place too — unless
    # the word is common enough to be the word there ("قرية الزيارة" … "خلال الزيارة")
    # … and once a common word is a noun with its adjective ("الثورة السورية"), its other
    # occurrences without a settlement noun are that word too ("من الثورة", "للثورة")
    nouns = {c.name for c in out if _NOUN in c.kinds}
    if nouns:
        for c in out:
            if c.keep and c.name in nouns and c.support < W.cues_settlement and not c.major:
                c.keep = False
                c.add(Kind.SAME_NOUN)
    solid = {c.name for c in out if c.keep and c.kind == "place" and not c.split
             and (c.support >= 2 or _LIST in c.kinds or c.zipf < W.decide_rare_zipf)}
    dropped = [c for c in out if not c.keep and c.name in solid and not (
        c.nisba or c.org or c.split or _FUNCTION_WORD in c.kinds)]
    if not dropped:
        return  # (most reports: no repeat of a solid name was dropped)
    # a name the report gives a settlement noun («بلدة المنصورة») is that place in its repeats
    # up to the frequency of a common word («وشهدت المنصورة»), not only when rare
    settled = {c.name for c in out if c.keep and c.kind == "place" and not c.split
               and c.settled}
    for c in dropped:
        limit = (W.decide_settled_notable_zipf if c.notable else W.decide_settled_zipf) \
            if c.name in settled else W.decide_same_name_zipf
        # … and in quotes, however common the word («مدينة "الطبقة"» … «وكانت "الطبقة"»)
        if c.zipf < limit or quoted(text, c.start, c.end):
            c.keep = True
            c.add(Kind.SAME_NAME)


class Decide(Rule):
    """Keeps a candidate when its evidence outweighs how common its word is.

    Reads ``candidates`` (support, zipf, flags, cues); writes ``Candidate.keep``.
    """

    name = "decide"

    def __call__(self, state: ParseState) -> None:
        _decide(state.candidates, state.text)
