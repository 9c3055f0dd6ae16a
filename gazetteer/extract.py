"""Report geoparser, first half: find the place names in an Arabic text.

``extract(gazetteer, text)`` returns :class:`~gazetteer.mention.Mention` objects, resolved with
:mod:`gazetteer.context`. It composes a pipeline (:mod:`gazetteer.parse`): a
:class:`~gazetteer.parse.state.ParseState` made once per text flows through ordered rules, one
module per step — ``parse/rules/mask.py`` (step 2), ``match.py`` (3), ``roads.py`` (4),
``cues.py`` (5), ``decide.py`` (6), ``unknown.py`` (7) — which record typed
:class:`~gazetteer.parse.evidence.Evidence` on each candidate; weights and thresholds are in
``gazetteer/data/weights.toml``. ``extract(..., pipeline=Pipeline().insert(rule, before=...))``
runs other rules (``CONTRIBUTING.md``: how to add one). How a stretch of text becomes a mention:

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
   wordfreq Zipf frequency of the word as written, from the bundled table of
   :mod:`gazetteer.frequency`: rare names pass alone, frequent words
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

from gazetteer import normalize as N
from gazetteer.mention import Mention
from gazetteer.parse.candidate import Candidate
from gazetteer.parse.names import name_index as lexicon
from gazetteer.parse.pipeline import DEFAULT, Pipeline
from gazetteer.parse.state import ParseState
from gazetteer.parse.text import zipf

__all__ = ["Candidate", "Mention", "ParseState", "Pipeline", "extract", "find_candidates",
           "lexicon", "parse", "zipf"]


def extract(gazetteer, text: str, *, resolve: bool = True, unknown: bool = True,
            generic_roads: bool = False, pipeline: Pipeline | None = None) -> list[Mention]:
    """Every place named in ``text``, in order, as :class:`Mention` objects.

    ``unknown=False`` drops names the gazetteer lacks (reported with ``place=None``);
    ``generic_roads=True`` also reports a bare "الطريق الدولي" as a road mention.
    ``resolve=False`` skips the context step (each mention gets its first candidate).
    ``pipeline`` replaces the default rules (:mod:`gazetteer.parse.pipeline`).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if not text.strip():
        return []
    if len(text) > WINDOW_CHARS:  # context scoring is quadratic: read long texts in windows
        return [m.shifted(offset) for offset, piece in _windows(text, WINDOW_CHARS)
                for m in extract(gazetteer, piece, resolve=resolve, unknown=unknown,
                                 generic_roads=generic_roads, pipeline=pipeline)]
    from gazetteer.context import resolve_mentions

    toks = N.tokens(text)
    state = parse(gazetteer, text, toks, unknown=unknown, generic_roads=generic_roads,
                  pipeline=pipeline)
    return resolve_mentions(gazetteer, text, toks, state.kept(), use_context=resolve,
                            region=state.region)


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
                    unknown: bool = True, generic_roads: bool = False,
                    pipeline: Pipeline | None = None) -> list[Candidate]:
    """Candidate place names with their lexical evidence (no resolution yet): the kept
    candidates of the pipeline's rules run over ``text``."""
    return parse(store, text, toks, unknown=unknown, generic_roads=generic_roads,
                 pipeline=pipeline).kept()


def parse(store, text: str, toks: list[tuple[str, int, int]] | None = None, *,
          unknown: bool = True, generic_roads: bool = False,
          pipeline: Pipeline | None = None) -> ParseState:
    """The :class:`ParseState` of ``text`` after the pipeline's rules: its candidates and the
    report's region (``state.region``)."""
    state = ParseState.of(store, text, toks, unknown=unknown, generic_roads=generic_roads)
    return (pipeline or DEFAULT)(state)
