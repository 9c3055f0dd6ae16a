"""The parse state: one object that flows through the geoparser's rules.

Like spaCy's ``Doc``, a :class:`ParseState` is made once per text and handed to every rule of
the pipeline in turn (:mod:`gazetteer.parse.pipeline`). It holds what the text *is* (tokens
with their offsets, the facts of each word, where sentences end) and what the rules have found
so far (masked tokens, road spans, candidates). A rule reads some fields and writes others; its
docstring says which.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from operator import itemgetter
from typing import ClassVar

from gazetteer import normalize as N
from gazetteer.focus import Focus
from gazetteer.parse.candidate import Candidate, How
from gazetteer.parse.names import NameIndex, WordInfo, name_index
from gazetteer.parse.text import SENTENCE_END

_WORD = itemgetter(0)  # of a token
#: (an Enum member read off its class costs about 0.1 µs, a module global a third of it)
_ROAD_GENERIC = How.ROAD_GENERIC


@dataclass(eq=False)
class ParseState:
    """A text being geoparsed.

    ``toks`` are ``(word, start, end)`` triples (:func:`gazetteer.normalize.tokens`), ``words``
    their normalised words and ``infos`` the :class:`~gazetteer.parse.names.WordInfo` of each;
    ``sent_bounds`` the character offsets where sentences end. Rules fill ``masked`` (one flag
    per token: part of an organisation, person or date), ``road_tok`` (first token of a road
    name -> ``(end token, start offset, "M4"|"M5")``), ``candidates`` and ``region`` (the
    :class:`~gazetteer.focus.Focus` the report's own evidence sets).
    """

    store: object
    lex: NameIndex
    text: str
    toks: list[tuple[str, int, int]]
    words: list[str]
    infos: list[WordInfo]
    sent_bounds: list[int]
    unknown: bool = True          # report names the gazetteer lacks (place=None)
    generic_roads: bool = False   # report a bare "الطريق الدولي" as a road mention
    masked: list[bool] = field(default_factory=list)
    road_tok: dict[int, tuple[int, int, str]] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)
    region: Focus | None = None   # the report's region (rule ``region``): the prior of its names

    @classmethod
    def of(cls, store, text: str, toks: list[tuple[str, int, int]] | None = None, *,
           unknown: bool = True, generic_roads: bool = False) -> ParseState:
        """The state of ``text`` before any rule ran: tokens, word facts, sentence ends."""
        lex = name_index(store)
        if toks is None:
            toks = N.tokens(text)
        words = list(map(_WORD, toks))
        infos = list(map(lex.word_infos.__getitem__, words))
        sent_bounds = [m.end() for m in SENTENCE_END.finditer(text)]
        return cls(store, lex, text, toks, words, infos, sent_bounds, unknown, generic_roads,
                   masked=[False] * len(toks))

    def sentence_of(self, offset: int) -> int:
        """The number of the sentence holding character ``offset`` (0 for the first)."""
        return bisect.bisect_right(self.sent_bounds, offset)

    def kept(self) -> list[Candidate]:
        """The candidates the rules kept, as the pipeline returns them."""
        return [c for c in self.candidates
                if c.keep and (self.generic_roads or c.how is not _ROAD_GENERIC)]


class Rule:
    """One step of the geoparser: reads and writes fields of a :class:`ParseState`.

    A subclass sets ``name`` (unique in a pipeline) and implements :meth:`__call__`; its
    docstring says what it reads and what it writes. See ``CONTRIBUTING.md``.
    """

    name: ClassVar[str] = "rule"

    def __call__(self, state: ParseState) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"
