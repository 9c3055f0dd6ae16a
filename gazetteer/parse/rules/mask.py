"""Masking: organisations, outlets, people and dates are no places."""

from __future__ import annotations

from gazetteer import normalize as N
from gazetteer.lexicon import (
    AREA_CUES,
    DIRECTION_ADJ,
    GENERIC_HEADS,
    GIVEN_NAMES,
    MONTH_ALL,
    MONTH_ORD,
    NEVER_ALONE,
    SETTLE_PREP,
    SETTLEMENT_CUES,
)
from gazetteer.parse.names import NameIndex
from gazetteer.parse.rules.match import longest_match
from gazetteer.parse.state import ParseState, Rule
from gazetteer.parse.text import (
    GAP_LOOSE,
    GAP_NAME,
    WordTest,
    cue_stems,
    prev_word_stems,
)

#: place nouns: an organisation's or outlet's name after one is the place («منطقة الجزيرة»)
PLACE_NOUNS = SETTLEMENT_CUES | AREA_CUES


def _spots(lex: NameIndex) -> WordTest:
    """The words :func:`_mask` reads (one memo per gazetteer): those that may start an
    organisation or person name (``WordInfo.mask``), a person's title, kunya or given name
    (``WordInfo.person``) and month names."""
    infos = lex.word_infos
    return lex.store.derived("mask.spots", lambda: WordTest(
        lambda w: infos[w].mask or infos[w].person > 0 or w in MONTH_ALL))


def _mask(lex: NameIndex, text: str, toks, words, infos) -> list[bool]:
    n = len(toks)
    masked = [False] * n
    spots = _spots(lex).where(words)  # (one C scan of the tokens: a few of them are spots)
    for i in spots:
        if not infos[i].mask:
            continue  # may start an organisation or person
        if not prev_word_stems(toks, words, i, text).isdisjoint(PLACE_NOUNS):
            continue  # «منطقة الجزيرة», «مدينة الميادين»: a place, not the channel
        for stem in N.strip_clitics(words[i]):
            seqs = lex.mask_first.get(stem)
            if not seqs:
                continue
            for seq, _what in seqs:
                j = i + len(seq)
                if j > n or tuple(words[i + 1:j]) != seq[1:]:
                    continue
                if not all(GAP_LOOSE.fullmatch(text[toks[k - 1][2]:toks[k][1]])
                           for k in range(i + 1, j)):
                    continue
                if infos[i].prefixes:
                    best = longest_match(lex, text, toks, words, masked, {}, i, infos[i].prefixes)
                    if best is not None and best[0] > j:
                        break  # a longer place name ("الجزيرة السورية", not the channel)
                for k in range(i, j):
                    masked[k] = True
                break
            if masked[i]:
                break
    _mask_persons(lex, text, toks, words, infos, masked, spots)
    for i in spots:
        if words[i] not in MONTH_ALL:
            continue
        nxt = words[i + 1] if i + 1 < n else ""
        prv = words[i - 1] if i else ""
        if nxt in MONTH_ORD:
            masked[i] = masked[i + 1] = True
        elif (nxt.isdigit() and len(nxt) == 4) or (prv.isdigit() and len(prv) <= 2):
            masked[i] = True
    return masked




def _is_surname(word: str) -> bool:
    """A family name after a personal name: a definite nisba such as الزاوي، الحموي، الإدلبي,
    or a definite given name such as الإبراهيم، العلي، الحسين (محمد الإبراهيم)."""
    if not word.startswith(N.ARTICLE) or word in DIRECTION_ADJ or word in NEVER_ALONE:
        return False
    return (word.endswith("ي") and len(word) >= 5) or _definite_given(word)


def _definite_given(word: str) -> bool:
    """A given name with the article (الإبراهيم، العلي): a family name after a given name."""
    return word.startswith(N.ARTICLE) and word[len(N.ARTICLE):] in GIVEN_NAMES


def _mask_persons(lex: NameIndex, text: str, toks, words, infos, masked: list[bool],
                  spots: list[int]) -> None:
    """Person names: a title or rank before a personal name (النقيب ناجي مصطفى، والعقيد أحمد),
    a kunya (أبو عمر، وأم محمد) and the nisba surname after a personal name (أبو عمر الزاوي،
    محمد الإدلبي). A title or kunya that is itself the start of a gazetteer name (الشيخ سليمان،
    أبو الضهور) is a place unless the word after it is a personal name and no settlement noun
    or preposition governs it ("قرية أبو عمر", "على الشيخ سليمان" are villages), and is a
    person only when a second name word follows ("وأبو عمر الزاوي"). ``spots``: the tokens
    that may be a name word (:func:`_spots`)."""
    n = len(words)

    def joined(k: int) -> bool:  # token k follows token k-1 across a plain space
        return 0 < k < n and not masked[k] and GAP_NAME.fullmatch(
            text[toks[k - 1][2]:toks[k][1]]) is not None

    def given(k: int) -> bool:
        # "على" (on) folds to the name علي: only the spelling with ي is the name
        return infos[k].person == 3 and not text[toks[k][1]:toks[k][2]].endswith("ى")

    people = [i for i in spots if infos[i].person]
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
            best = longest_match(lex, text, toks, words, masked, {}, i, infos[i].prefixes)
            if best is not None and best[0] > i + 1:
                # "الشيخ سليمان", "أبو عمر" are also villages: a settlement noun or a
                # preposition before it ("على الشيخ سليمان") makes it the place
                if prev_word_stems(toks, words, i, text) & SETTLE_PREP:
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
    # a family name after a personal name: "محمد الإدلبي", "فراس الحموي", "محمد الإبراهيم" —
    # unless a settlement noun or a preposition governs it («قرى صالح الحمود»: a village)
    for i in people:
        if 0 < i < n - 1 and infos[i].person == 3 and not masked[i + 1] \
                and _is_surname(words[i + 1]) \
                and joined(i + 1) and given(i) \
                and not (cue_stems(words[i - 1]) & GENERIC_HEADS) \
                and not (_definite_given(words[i + 1])
                         and prev_word_stems(toks, words, i, text) & SETTLE_PREP):
            masked[i + 1] = True


# ------------------------------------------------------------------ generic heads


class Mask(Rule):
    """Masks organisations, outlets, people and dates: their words are no place names there.

    Reads ``words``, ``infos``; writes ``masked``.
    """

    name = "mask"

    def __call__(self, state: ParseState) -> None:
        state.masked = _mask(state.lex, state.text, state.toks, state.words, state.infos)
