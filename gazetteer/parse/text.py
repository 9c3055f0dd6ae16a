"""Text helpers shared by the rules: gap patterns, word stems, word frequency (:func:`zipf`,
from the bundled table of :mod:`gazetteer.frequency`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import lru_cache
from itertools import compress, count
from operator import attrgetter, itemgetter

from gazetteer import normalize as N
from gazetteer.frequency import zipf

__all__ = ["CANDIDATE_START", "GAP_COLON", "GAP_DASH", "GAP_LIST", "GAP_LOOSE", "GAP_NAME",
           "LIST_INTRO_HINTS", "QUOTES", "SENTENCE_END", "TOKEN_START", "WordTest", "cue_stems",
           "has_any", "has_comma", "positions", "prev_word_stems", "quoted", "words_in", "zipf"]

GAP_NAME = re.compile(r"[ \t\u00a0\-\u2010-\u2014_ـ]{1,3}")
GAP_LOOSE = re.compile(r"[ \t\u00a0\-\u2010-\u2014_ـ\"'«»“”„()]{1,4}")
#: a spaced dash between two names: «قرى "الزكاة – الأربعين – اللحايا"» (a list written with
#: dashes; a road named by its ends is a road candidate of its own, read before)
GAP_DASH = re.compile(r"[ \t\u00a0\"«»“”]*[ \t\u00a0][-–—][ \t\u00a0][ \t\u00a0\"«»“”]*")
GAP_LIST = re.compile(r"[ \t\u00a0,،/\"«»“”]{0,4}(?:و[ \t\u00a0\"«»“”]*)?[ \t\u00a0#\"«»“”]*")
SENTENCE_END = re.compile(r"[.!?؟\n;؛]+")
#: A colon between a list's opener and its first item («هي: جرنك وشوركي», «منها: …»).
GAP_COLON = re.compile(r"[ \t\u00a0\"'«»“”]*:[ \t\u00a0\"'«»“”]*")
#: Quick test for a word of :data:`~gazetteer.lexicon.LIST_INTRO` in a text (:func:`has_any`).
LIST_INTRO_HINTS = ("منها", "بينها", "برزها", "همها", "برزهما", "همهما", "هي")


EMPTY: frozenset[str] = frozenset()

#: sort and search keys in C: a token's start offset (``toks``), a candidate's start
TOKEN_START = itemgetter(1)
CANDIDATE_START = attrgetter("start")


def has_any(text: str, parts: tuple[str, ...]) -> bool:
    """Whether one of ``parts`` occurs in ``text`` (a few ``in`` tests scan a report several
    times faster than one regex of alternatives)."""
    return any(p in text for p in parts)


def has_comma(gap: str) -> bool:
    """Whether the text between two words holds a list comma (Arabic «،» or Latin «,»)."""
    return "،" in gap or "," in gap


#: quotation marks around a name («قرية "الرفة"», «"الطبقة"»)
QUOTES = frozenset('"«»“”')
#: the quotation marks that open a quoted name or list («قرى "A، B"», «حاجز "المكاتب"»), and
#: the ones that close it
OPEN_QUOTES, CLOSE_QUOTES = "\"«“„", "\"»”“"


def quoted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is written between quotation marks."""
    return start > 0 and end < len(text) and text[start - 1] in QUOTES and text[end] in QUOTES


def prev_word_stems(toks, words, i: int, text: str, gap_re=GAP_LOOSE) -> frozenset[str]:
    """Stems of the word before token ``i`` when nothing but spaces/quotes separate them."""
    if i <= 0:
        return EMPTY
    a, b = toks[i - 1][2], toks[i][1]
    if b - a != 1 or text[a] != " ":
        gap = text[a:b]
        if gap and not gap_re.fullmatch(gap) and gap.strip(" \t\u00a0#") != "":
            return EMPTY
    return cue_stems(words[i - 1])


@lru_cache(maxsize=200_000)
def cue_stems(word: str) -> frozenset[str]:
    """Clitic stems of a cue word; a definite word keeps its article (الأحياء is no قرية-like
    cue: only an indefinite noun in construct names a place, "أحياء حلب" but not "الأحياء")."""
    stems = N.strip_clitics(word)
    definite = {x for x in stems if x.startswith(N.ARTICLE)}
    return frozenset(x for x in stems if N.ARTICLE + x not in definite)


# ------------------------------------------------------------------ token scans

def positions(facts: Iterable[object]) -> list[int]:
    """The indices of the true items of ``facts`` (one per token), found in C: a rule that
    reads a few tokens of a report (the heads, the cue words …) finds them with this rather
    than a Python loop over every token (``positions(map(attrgetter("head"), infos))``)."""
    return list(compress(count(), facts))


def words_in(words: Sequence[str], vocabulary: Collection[str]) -> list[int]:
    """The indices of the tokens whose word is in ``vocabulary`` (a set), found in C."""
    return list(compress(count(), map(vocabulary.__contains__, words)))


class WordTest(dict):
    """A fact of a normalised word, memoised: ``test[word]`` computes ``fact(word)`` on the
    word's first look-up (then a dict look-up in C), and :meth:`where` finds the tokens of a
    report for which it is true without a Python loop over the tokens. Emptied past
    100,000 words."""

    def __init__(self, fact: Callable[[str], object]):
        super().__init__()
        self.fact = fact

    def __missing__(self, word: str) -> object:
        if len(self) > 100_000:
            self.clear()
        got = self[word] = self.fact(word)
        return got

    def where(self, words: Sequence[str]) -> list[int]:
        """The indices of the tokens of ``words`` whose fact is true."""
        return list(compress(count(), map(self.__getitem__, words)))
