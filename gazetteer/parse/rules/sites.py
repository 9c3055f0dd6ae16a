"""Named sites by their head noun, and borders by their country.

News names many places the gazetteer lacks by a head noun and a name: «حي غويران», «أحياء
الشيخ مقصود والأشرفية وبني زيد», «مشفى الحكمة», «حاجز X», «قاعدة الفوج 46», «سجن الصناعة»,
«السجن المركزي», «دوار النعيم», «محطة مياه علوك», «حقل العمر», «المدينة القديمة», «تلال X وY»,
«جبل X», «مرصد X», «جامع X», «معبري X وY», «حاجز "المكاتب"», «ثكنة طارق بن زياد». Rule
:class:`Sites` makes each a mention of its kind (the ``site`` column of the head-noun table
:data:`gazetteer.heads.HEADS`, kinds of :data:`gazetteer.place.KINDS`) and, when the text
says which settlement it is in («… في مدينة الرقة», «… بحلب», a list closed by «شمالي مدينة
حلب»), or the report's dateline names a city,
or the report names a single city, *locates* it there: the mention's place is then that
settlement's point, kind of the site, with geometry :data:`gazetteer.place.WITHIN_SETTLEMENT`
(good to a few km, not to metres). A gazetteer entry of the name (a cited neighbourhood, an
airport) still wins; a gazetteer reading far from the settlement (a village 150 km away called
الأشرفية) does not.

A dual names two sites; a quoted name is the name whatever its words; a site's name repeated
bare later in the report is the same site (``SAME_NAME``).

Rule :class:`Borders` reads «الحدود التركية», «الحدود السورية التركية», «الشريط الحدودي» … as a
mention of the neighbouring country with a ``border`` cue.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from gazetteer import normalize as N
from gazetteer.distance import great_circle_km
from gazetteer.heads import HEADS, HeadTable
from gazetteer.lexicon import (
    AREA_CUES,
    DIRECTION_CUES,
    ELEVATION_ADJ,
    GENERIC_HEADS,
    JOIN_PARTICLES,
    LIST_INTRO,
    NAME_HEADS,
    NEVER_ALONE,
    SHRINE_TITLES,
    norm_set,
)
from gazetteer.parse.candidate import Candidate, How
from gazetteer.parse.evidence import Evidence, Kind
from gazetteer.parse.names import name_index
from gazetteer.parse.rules.cues import attached_pronoun, has_tanween, strip_written
from gazetteer.parse.state import ParseState, Rule
from gazetteer.parse.text import (
    CANDIDATE_START,
    CLOSE_QUOTES,
    GAP_LIST,
    GAP_NAME,
    OPEN_QUOTES,
    WordTest,
    cue_stems,
    has_comma,
    zipf,
)
from gazetteer.parse.weights import WEIGHTS as W
from gazetteer.place import FACILITIES, POPULATED, WITHIN_SETTLEMENT

#: «المدينة القديمة»: a definite head that is no site head of the table, and the kind it names
_DEFINITE_EXTRA = {"المدينه": "neighbourhood"}
#: a definite head with one of these adjectives is a site by itself: «السجن المركزي»,
#: «المدينة القديمة», «الملعب البلدي»; who holds or runs a site does not name it («المشفى
#: الوطني», «القاعدة الروسية», «القاعدة العسكرية التركية»: unnamed sites, no mention)
_DEFINITE_ADJ = norm_set("المركزي القديمة البلدي")
#: what a station, field or factory gives or makes, between the head and the name
_MATERIAL = norm_set("كهرباء مياه ماء المياه الكهرباء غاز الغاز نفط النفط ضخ")
#: adjectives that belong to a site's name: «مطار X العسكري», «حقل العمر النفطي»
_SITE_ADJ = norm_set("العسكري العسكرية النفطي النفطية الجوي الجوية الدولي المركزي الوطني "
                     "البلدي الغازي")
#: words that are never a site's name: who holds or runs it, a plain adjective, or what the
#: head means as a common noun («ساحة المعركة» battlefield, «حقل ألغام» minefield)
_NOT_NAMES = norm_set(
    "الجيش النظام القوات التنظيم الاحتلال المعارضة الفصائل الفصيل الشرطة الأمن الحكومة التحالف "
    "المدينة البلدة القرية الحي المنطقة الوحيد الرئيسي الجديد الجديدة القديم القديمة العسكري "
    "العسكرية الميداني الميدانية التابع التابعة الأخير الأخيرة المذكور المذكورة الواقع "
    "المحلي الأول الثاني نفسه نفسها ذاته ذاتها المستهدف المستهدفة السكني السكنية الحدودي "
    "المحاصر المحاصرة الشرقي الغربي الشمالي الجنوبي الشرقية الغربية الشمالية الجنوبية "
    "المحيط المجاور المجاورة المقابل الخاص الخاصة العام العامة المعركة المعارك القتال الحرب "
    "المواجهات الصراع التدريب الوقود المحروقات ألغام الألغام طيار طيارة الطيار "
    "الاستراتيجي الاستراتيجية نظام قوات جيش")
#: a camp's name the gazetteer lacks must be rarer than this (مخيم الأنفال، مخيم زمزم; not
#: «مخيمات النازحين», the camps of the displaced)
_CAMP_NAME_ZIPF = 4.0
def _camp_name(written: str) -> bool:
    """Whether the word after a singular «مخيم» names the camp: a rare word (مخيم الأنفال، مخيم
    زمزم), or a definite common word that is no plural of people («مخيم العودة», «مخيم
    الكرامة»: names; «مخيم النازحين», «مخيم اللاجئين»: the camp of the displaced)."""
    if zipf(written) < _CAMP_NAME_ZIPF:
        return True
    stem = N.arabic(written)
    return stem.startswith(N.ARTICLE) and " " not in stem and not stem.endswith(_PEOPLE_ENDS)


#: endings of plural nouns of people (النازحين، المهجرين، اللاجئون)
_PEOPLE_ENDS = ("ين", "ون")
#: a unit named by its number whose base is a place: «الفوج 46» (the regiment's base west of
#: Aleppo; a stem of الفوج/والفوج); not الفرقة/اللواء, more often the unit as an actor
#: («الفرقة 25 مهام خاصة»)
_NUMBERED_UNIT = "فوج"
_UNIT_WORD = WordTest(lambda w: _NUMBERED_UNIT in N.strip_clitics(w))  # الفوج، والفوج …
#: heads of a unit's base, named by the unit's arm («كتيبة الرادار», «كتيبة الدفاع الجوي»); any
#: other name is a unit, an actor («كتيبة الفاروق», «كتيبة شهداء الحرية»)
_UNIT_BASE_HEADS = norm_set("كتيبة")
_ARMS = norm_set("الرادار الهندسة الدفاع المدفعية الدبابات الصواريخ الإشارة المشاة الاستطلاع "
                 "الكيمياء الإمداد التموين النقل المغاوير الحرس")
#: the few words between a site and the settlement it is said to be in
_IN_WORDS = norm_set("في وسط داخل ضمن بمدينة مدينة في مدينة الواقع الواقعة")
#: a site located at a settlement: confidence when the text says so, when the report's dateline
#: names the city, when the report names only that city
CONF_SAID, CONF_DATELINE, CONF_ONLY_CITY, CONF_UNLOCATED = 0.7, 0.55, 0.45, 0.35
#: a gazetteer reading farther than this from the settlement a neighbourhood is said to be in
#: is another place of the same name
NEAR_KM = 12.0


#: words that start two-word names of quarters: «بني زيد», «الشيخ مقصود», «سيف الدولة»
_TWO_WORD = norm_set("الشيخ بني بنو عبد سيف بستان ساحة الحاج السيدة شيخ النبي الشهيد")


_CLITIC_ARTICLE = ("لل", "بال", "كال", "فال")


#: kinds whose names are often a person's or a common word («تل برهان», «جبل زاهية»): an
#: indefinite name of them may be as common as :data:`_ELEVATION_NAME_ZIPF`, unless it has the
#: shape of a verb in the present tense («تلة تطل على», «جبل يرتفع 1300 متر»)
_ELEVATIONS = frozenset({"hill", "mountain"})
_ELEVATION_NAME_ZIPF = 4.0
_PRESENT_TENSE = ("ي", "ت")
#: heads that are also nouns of events, whose indefinite word is an adjective («قمة مرتقبة»: a
#: summit meeting): only a definite or a known name follows them as a site's
_EVENT_HEADS = norm_set("قمة")
#: kinds named by a number after the head: «تلة 54», «شارع 15» (not «مرصد 24», a news channel)
_NUMBERED_KINDS = frozenset({"hill", "street"})
#: words between a plural head and its list: «أحياء مثل مساكن هنانو والصاخور»
_LIST_LEADS = LIST_INTRO | norm_set("مثل")
#: kinds whose name may be quoted right after the head, whatever its words: «حاجز "المكاتب"»,
#: «مخيم "غطاء الرحمة"» (not «مرصد "إدلب" العسكري», a news outlet)
_QUOTED_KINDS = frozenset(FACILITIES | _ELEVATIONS) - {"base"}
#: second words of compound given names, common words alone: «دوار صلاح الدين», «سيف الدولة»
_COMPOUND_ENDS = norm_set("الدين الدولة")
#: the word that joins a person's name to his father's: «ثكنة طارق بن زياد»
_SON_OF = norm_set("بن")
#: the gap before a site's name quoted right after its head («حاجز "المكاتب"»)
_OPEN_QUOTE = re.compile(f"[ \t\u00a0]*[{OPEN_QUOTES}]")
#: the longest quoted name, in words
_QUOTED_NAME_WORDS = 3
_CLOSE_QUOTE_SET = frozenset(CLOSE_QUOTES)


def _name_ok(word: str, written: str, kind: str | None = None) -> bool:
    """Whether ``word`` (normalised, no clitic) may be (the first word of) a site's name of
    ``kind``."""
    if len(word) < 3 or word in NEVER_ALONE or word in _NOT_NAMES or word in _SITE_ADJ or \
            word in _MATERIAL or word.startswith(_CLITIC_ARTICLE) or \
            has_tanween(written[-2:]):
        # «ساحة للفوضى» (an arena for chaos): a name takes no clitic here, nor tanween
        # («مشفى مجانياً»: a hospital free of charge)
        return False
    if word.startswith(N.ARTICLE):
        return zipf(written) < 5.6
    if word in NAME_HEADS or word in _TWO_WORD:
        return True
    z = zipf(written)
    if word.endswith(("ي", "يه")) and z >= 2.5:
        return False  # «حي سكني», «مشفى ميداني»: an adjective, not a name
    if kind in _ELEVATIONS and not (word.startswith(_PRESENT_TENSE) and z >= 2.5):
        return z < _ELEVATION_NAME_ZIPF and word not in ELEVATION_ADJ
    return z < 3.5


def _quoted(state: ParseState, j: int) -> tuple[int, int, str] | None:
    """A name in quotes right after its head, whatever its words' frequency («حاجز "المكاتب"»,
    «مخيم "غطاء الرحمة"»): up to :data:`_QUOTED_NAME_WORDS` Arabic words and the closing quote."""
    toks, words, text, n = state.toks, state.words, state.text, len(state.words)
    w = words[j]
    if w in NEVER_ALONE or w in _NOT_NAMES or len(w) < 3:
        return None
    for k in range(j + 1, min(j + _QUOTED_NAME_WORDS, n) + 1):
        gap = text[toks[k - 1][2]:toks[k][1]] if k < n else text[toks[k - 1][2]:]
        if not _CLOSE_QUOTE_SET.isdisjoint(gap):
            return j, k, " ".join(words[j:k])
        if k == n or state.masked[k] or not state.infos[k].arabic or \
                not GAP_NAME.fullmatch(gap):
            return None
    return None


#: after a comma and و, an indefinite word is a name only when rarer than this (a verb or a
#: verbal noun opens a clause: «، ورجح أن يكون»)
_LISTED_AFTER_COMMA_ZIPF = 2.5
#: a feminine ending: an indefinite word with it after a plural head agrees with the plural as
#: its adjective («تلال مكسوة», «جبال شاهقة»)
_FEMININE_END = "ه"


def _item(state: ParseState, j: int, first: bool,
          kind: str | None = None) -> tuple[int, int, str] | None:
    """The site name of ``kind`` starting at token ``j``: ``(first token, end token, name)``.
    A name after the first of a list starts with و (or follows a comma)."""
    toks, words, n = state.toks, state.words, len(state.words)
    # «جبل الشيخ بركات»: a title after a head names a landmark, not the person it masks
    title = j < n and not SHRINE_TITLES.isdisjoint(N.strip_clitics(words[j]))
    if j >= n or (state.masked[j] and not title):
        return None
    gap = state.text[toks[j - 1][2]:toks[j][1]]
    if first and kind in _NUMBERED_KINDS and toks[j][0].isdigit() and GAP_NAME.fullmatch(gap):
        return j, j + 1, toks[j][0]  # «تلة 54», «شارع 15»
    if not state.infos[j].arabic:
        return None
    w = words[j]
    if first:
        if not GAP_NAME.fullmatch(gap):
            return _quoted(state, j) if kind in _QUOTED_KINDS and _OPEN_QUOTE.fullmatch(gap) \
                else None
        if w.startswith("و") and _conjunction(state.text[toks[j][1]:toks[j][2]]):
            return None  # «جامع ومدرسة»: the head's noun is one of two, not named
    else:
        if not GAP_LIST.fullmatch(gap):
            return None
        if not has_comma(gap):
            if not w.startswith("و"):
                return None
            w = w[1:]
        elif w.startswith("و") and _conjunction(state.text[toks[j][1]:toks[j][2]]):
            w = w[1:]  # «، ونفذت»: after a comma too, a و that makes a common word is «and»
    # a generic head before a definite word starts a name: «معسكري وادي الضيف والحامدية»
    named_head = w in GENERIC_HEADS and j + 1 < n and words[j + 1].startswith(N.ARTICLE)
    if not NEVER_ALONE.isdisjoint(N.strip_clitics(w)) and not named_head:
        return None  # «حيي المالية والراشدين، لأحياء مدينة حلب»: a place noun ends the list
    # as written (ة, not the normalised ه: word frequencies are of written words)
    written = strip_written(state.text[toks[j][1]:toks[j][2]], len(words[j]) - len(w)) or w
    if attached_pronoun(w):
        return None  # «حواجز أقامها المسلحون»: a verb or a noun with its pronoun, no name
    k = j + 1
    if k + 1 < n and words[k] in _SON_OF and w not in _NOT_NAMES and len(w) >= 3 and \
            state.infos[k + 1].arabic and not state.masked[k + 1] and \
            GAP_NAME.fullmatch(state.text[toks[j][2]:toks[k][1]]) and \
            GAP_NAME.fullmatch(state.text[toks[k][2]:toks[k + 1][1]]):
        return j, k + 2, " ".join([w, *words[k:k + 2]])  # «ثكنة طارق بن زياد»
    # «حي قناة السويس», «باب النيرب»: an indefinite noun in construct with a definite name
    # (a particle is no noun: «، وأن آلاف النازحين» ends a list)
    construct = w not in JOIN_PARTICLES and not w.startswith((N.ARTICLE, *_CLITIC_ARTICLE)) and \
        (w not in NEVER_ALONE or named_head) and \
        w not in _NOT_NAMES and k < n and not state.masked[k] and \
        words[k].startswith(N.ARTICLE) and \
        GAP_NAME.fullmatch(state.text[toks[j][2]:toks[k][1]]) is not None and \
        (_name_ok(words[k], state.text[toks[k][1]:toks[k][2]]) or words[k] in _COMPOUND_ENDS)
    if construct:
        k += 1
    elif not _name_ok(w, written, kind if first else None):
        return None
    elif not w.startswith(N.ARTICLE) and (
            (first and state.words[j - 1] in _EVENT_HEADS) or (
                not first and has_comma(gap) and words[j].startswith("و") and
                zipf(written) >= _LISTED_AFTER_COMMA_ZIPF)):
        return None  # «قمة مرتقبة»; «… وعكرمة، ورجح أن»: a verb after a comma and و
    bare = w[2:] if w.startswith(N.ARTICLE) else w
    if not construct and (bare in NAME_HEADS or w in _TWO_WORD) and k < n and \
            (not state.masked[k] or (title and zipf(
                state.text[toks[k][1]:toks[k][2]]) < _ELEVATION_NAME_ZIPF + 1)) and \
            GAP_NAME.fullmatch(state.text[toks[k - 1][2]:toks[k][1]]) and \
            words[k] not in NEVER_ALONE and not words[k].startswith("و"):
        # «بني زيد», «الشيخ مقصود», «عبد العزيز»; a title masked as a person's names the
        # site when a name follows («جبل الشيخ بركات»), not a function word («الشيخ منذ»)
        k += 1
    if k < n and toks[k][0].isdigit() and GAP_NAME.fullmatch(
            state.text[toks[k - 1][2]:toks[k][1]]):
        k += 1  # «الفوج 46»
    while k < n and words[k] in _SITE_ADJ and GAP_NAME.fullmatch(
            state.text[toks[k - 1][2]:toks[k][1]]):
        k += 1
    return j, k, " ".join([w, *words[j + 1:k]])


def _conjunction(written: str) -> bool:
    """Whether the و that ``written`` starts with is the conjunction: the word without it is
    more common than with it («ونفذت»: «and it carried out»; «وادي» stays a name)."""
    return zipf(strip_written(written, 1)) > zipf(written)


def _settlement_reading(store, ids, quarters: bool = True) -> int | None:
    """The city or town reading of a name (the largest), or None (memoised per ``ids``). A
    quarter located at its city's point (geometry :data:`WITHIN_SETTLEMENT`: «سجن الصناعة في حي
    غويران», «دوار البانوراما في درعا المحطة») reads as that city: a site in it is in the city
    (not with ``quarters=False``: a quarter does not make its city the report's city)."""
    memo = store.memo("sites.settlement" if quarters else "sites.settlement_only")
    x = memo.get(ids, _UNSEEN)
    if x is _UNSEEN:
        pts = [x for x in ids if store.kind[x] in ("city", "town")]
        if not pts and quarters:
            at = _settlement_at(store)
            pts = [y for x in ids if store.geometry[x] == WITHIN_SETTLEMENT
                   and (y := at.get((float(store.lat[x]), float(store.lon[x])))) is not None]
        x = memo[ids] = max(pts, key=lambda x: (int(store.rank[x]), float(
            store.population[x] or 0))) if pts else None
    return x


def _settlement_at(store) -> dict[tuple[float, float], int]:
    """Point -> the city or town there (the build gives a quarter located at its city the
    city's exact point), worked out once per store."""
    memo = store.memo("sites.settlement_at")
    if not memo:
        for x, kind in enumerate(store.kind):
            if kind in ("city", "town"):
                memo.setdefault((float(store.lat[x]), float(store.lon[x])), x)
    return memo


_UNSEEN = object()


#: kinds of site that lie inside a town: the report's city locates them when the text does not
URBAN_SITES = frozenset({"neighbourhood", "hospital", "square", "stadium", "street", "mosque"})


def _said_in(state: ParseState, j: int, sentence: int, kind: str) -> Candidate | None:
    """The settlement a site ending at token ``j`` is said to be in: the next kept candidate
    within four tokens, in the same sentence, with ب/في/مدينة before it (or a direction, for a
    part of a town: «حي X جنوبي مدينة الحسكة»; «حقل X شمالي بلدة Y» is near Y, not in it)."""
    for c in state.candidates:
        if c.i < j or c.i > j + 4 or not c.keep or c.kind != "place" or not c.ids:
            continue
        if c.sentence != sentence or c.gov_cue or \
                _settlement_reading(state.store, c.ids) is None:
            return None
        between = [cue_stems(w) for w in state.words[j:c.i]]
        if kind not in URBAN_SITES and any(s & DIRECTION_CUES for s in between):
            return None
        if any(not AREA_CUES.isdisjoint(N.strip_clitics(w)) for w in state.words[j:c.i]):
            return None  # «معبري X وY في الريف الغربي لحلب»: in its countryside, not in it
        said = (c.clitic.endswith("ب") or c.has(Kind.PREP, "في") or c.has(Kind.CUE, "مدينه")
                or any(s & _IN_WORDS for s in between))
        return c if said else None
    return None


def _city_before(state: ParseState, i: int, sentence: int) -> Candidate | None:
    """The last place before token ``i`` in the sentence, when it is a town named with
    «مدينة» (a quarter named after it lies in that town)."""
    before = [c for c in state.candidates if c.j <= i and c.keep and c.sentence == sentence
              and c.kind == "place" and c.ids and not c.site]
    if before and before[-1].has(Kind.CUE, "مدينه") and \
            _settlement_reading(state.store, before[-1].ids) is not None:
        return before[-1]
    return None


def _report_city(state: ParseState) -> tuple[Candidate, float] | None:
    """The report's city: its dateline's, else the only city it names."""
    store = state.store
    cities: dict[str, Candidate] = {}
    for c in state.candidates:
        if not c.keep or c.kind != "place" or not c.ids or c.site:
            continue
        x = _settlement_reading(store, c.ids, quarters=False)
        if x is None:
            continue
        if Kind.DATELINE in c.kinds:
            return c, CONF_DATELINE
        if store.kind[x] == "city":
            cities.setdefault(c.name, c)
    if len(cities) == 1:
        return next(iter(cities.values())), CONF_ONLY_CITY
    return None


class _HeadOfWord(dict):
    """Normalised word -> the site head among its stems (None: not a site noun), computed on
    a word's first look-up (``memo[word]``) and kept for the next reports: the scan asks of
    every word of every report. Bounded: emptied past 100,000 words."""

    def __init__(self, site_kind: dict[str, str]):
        super().__init__()
        self.site_kind = site_kind

    def __missing__(self, word: str) -> str | None:
        if len(self) > 100_000:
            self.clear()
        # (not after the clitic ك: «كتلة» is a bloc, not «ك» + «تلة»)
        head = self[word] = next((h for h in cue_stems(word) if h in self.site_kind
                                  and not word[: len(word) - len(h)].endswith("ك")), None)
        return head


class Sites(Rule):
    """«حي X», «أحياء X وY», «مشفى X», «حاجز X», «سجن X», «السجن المركزي» …: a site of its kind.

    Reads ``candidates`` (after ``decide``), ``words``, ``masked``; writes new site candidates
    (``ids=()``, ``site`` the kind, ``within`` the record of the settlement they lie in, when
    known) and turns a dropped or far gazetteer reading of a site's name into the site.
    :func:`gazetteer.context.resolve_mentions` gives a located site the settlement's point
    (:func:`site_place`). Runs after ``decide``.
    """

    name = "sites"

    def __init__(self, heads: HeadTable = HEADS):
        #: normalised head -> site kind; plural heads that open a list; definite heads
        self.site_heads = heads.site_kind
        self.list_heads = heads.list_forms
        self.plural_heads = heads.list_forms - heads.dual_forms
        # (singular heads only: «الأحياء القديمة» are the old quarters, no one site)
        self.definite_sites = {N.ARTICLE + h: k for h, k in heads.site_kind.items()
                               if h not in heads.list_forms} | _DEFINITE_EXTRA
        self._heads = _HeadOfWord(heads.site_kind)
        #: the words the scan reads: a site head, a definite adjective (the word before it may
        #: be a definite site), a numbered unit's noun — found in one C scan of the tokens
        self._spots = WordTest(lambda w: self._heads[w] is not None or w in _DEFINITE_ADJ
                               or bool(_UNIT_WORD[w]))

    def __call__(self, state: ParseState) -> None:
        if not state.unknown:
            return
        words, n = state.words, len(state.words)
        by_start = {c.i: c for c in state.candidates}
        taken = {k for c in state.candidates if c.keep for k in range(c.i, c.j)}
        # the report's city and towns, as the candidates stand now: worked out at the first
        # site (most reports have none)
        found_sites = False
        site_names: list[tuple[int, int, Candidate]] = []  # each site's name tokens, the site
        report_city, towns = None, []  # (a town's record, the candidate that names it)
        new: list[Candidate] = []
        # the tokens that may open a site: a site noun, or a word before a definite adjective
        # («السجن المركزي»): the scan reads only these
        spots, head_of = self._spots.where(words), self._heads
        opens = sorted({*(i for i in spots if head_of[words[i]] is not None),
                        *(i - 1 for i in spots if i and words[i] in _DEFINITE_ADJ)})
        past = 0  # the scan goes on after the last site found
        for i in opens:
            if i < past or state.masked[i] or i in taken:
                continue
            head = head_of[words[i]]
            items: list[tuple[int, int, str]] = []
            if head in GENERIC_HEADS and (named := by_start.get(i)) is not None and \
                    named.ids and named.j > i + 1:
                # «أهالي تل تمر»: the head starts a gazetteer name, which its head vouches for
                if not named.keep:
                    named.keep = True
                    taken.update(range(named.i, named.j))
                continue
            if head is not None:
                kind = self.site_heads[head]
                j = i + 1
                if kind in ("station", "oilfield", "factory") and j < n and words[j] in _MATERIAL:
                    j += 1
                elif head in self.plural_heads and j + 1 < n and words[j] in _LIST_LEADS and \
                        GAP_NAME.fullmatch(state.text[state.toks[j - 1][2]:state.toks[j][1]]):
                    j += 1  # «أحياء مثل X وY»
                if head in _UNIT_BASE_HEADS and (j >= n or words[j] not in _ARMS):
                    continue
                if head in self.plural_heads and j < n and words[j].endswith(_FEMININE_END) and \
                        not words[j].startswith(N.ARTICLE) and by_start.get(j) is None:
                    continue  # «تلال مكسوة بأشجار الصنوبر»: the plural's adjective, no name
                while len(items) < 8:
                    known = by_start.get(j)
                    if known is not None and Kind.ADJECTIVE in known.kinds:
                        break  # «أحياء متفرقة»: the head's adjective, no name
                    if known is not None and known.keep and known.ids and known.kind == "place" \
                            and (not items or known.clitic.startswith("و")):
                        it = (j, known.j, known.name)  # a gazetteer name in the list
                        longer = _item(state, j, not items, kind)
                        if longer is not None and longer[1] > known.j:
                            it = longer  # «حي قناة السويس», not the village قناة
                    else:
                        it = _item(state, j, not items, kind)
                    if it is None:
                        break
                    items.append(it)
                    old = by_start.get(it[0])
                    j = max(it[1], old.j if old is not None and old.keep else 0)
                    if head not in self.list_heads:
                        break
            elif i + 1 < n and words[i + 1] in _DEFINITE_ADJ and (
                    definite := next((h for h in cue_stems(words[i])
                                      if h in self.definite_sites), None)):
                kind, head = self.definite_sites[definite], definite
                items = [(i, i + 2, f"{definite} {words[i + 1]}")]
            if not items:
                continue
            if kind != "neighbourhood" and all(
                    (o := by_start.get(a)) is not None and o.ids and o.keep and
                    o.how is not How.ROMANISED for a, _, _ in items):
                past = items[-1][1]
                continue  # «جبل الزاوية»: every item a gazetteer name, which wins (below)
            if not found_sites:
                found_sites = True
                report_city = _report_city(state)
                towns = [(x, c) for c in state.candidates if c.keep and c.kind == "place"
                         and c.ids and (x := _settlement_reading(state.store, c.ids)) is not None]
            sentence = state.sentence_of(state.toks[i][1])
            where = _said_in(state, items[-1][1], sentence, kind)
            conf = CONF_SAID
            if where is None and kind in URBAN_SITES:
                # «شهدت مدينة الباب توتراً … في حي زمزم»: the city just named in the sentence
                where, conf = _city_before(state, i, sentence), CONF_DATELINE
            if where is None and report_city is not None and kind in URBAN_SITES:
                where, conf = report_city
            within = None if where is None else _settlement_reading(state.store, where.ids)
            for a, b, name in items:
                old = by_start.get(a)
                quoted = _OPEN_QUOTE.match(state.text[state.toks[a - 1][2]:state.toks[a][1]])
                written = state.text[state.toks[a][1]:state.toks[b - 1][2]]
                if kind == "camp" and (head in self.plural_heads or (
                        old is not None and old.ids) or not (_camp_name(written) or (
                            quoted and not N.arabic(written).endswith(_PEOPLE_ENDS)))):
                    # «مخيم الهول»: the place; «مخيمات أطمة», «مخيمات المهجرين»: the camps of
                    # a place, of people — a camp of its own is named after «مخيم» alone, two
                    # after its dual («مخيمي برخدان وسردم»), or in quotes («مخيم "غطاء الرحمة"»)
                    continue
                # a quarter's namesake far from the settlement it lies in (or, when the text
                # does not say which, from every town of the report) is another place
                # (the towns other candidates name: a quarter's own row names its own city)
                others = {t for t, c in towns if c is not old}
                far = kind == "neighbourhood" and old is not None and old.ids and (
                    self._far(state.store, old.ids, within) if within is not None
                    else bool(others) and all(self._far(state.store, old.ids, t)
                                              for t in others))
                if old is not None and old.ids and old.keep and not far and (
                        old.how is not How.ROMANISED or (
                            kind in _ELEVATIONS and self._near_others(state, old))):
                    continue  # a gazetteer entry of the name wins (one spelled in Arabic:
                    # «قمة النبي يونس» is the peak, not a village "An Nabī Yūnus" 65 km off)
                if old is not None and old.keep and old.how is How.UNKNOWN:
                    old.keep = False
                elif old is not None and old.ids and old.keep:
                    old.keep = False  # a namesake far away: this is the site
                # the head is part of the name, unless it is a quarter's or the name is quoted
                a0 = i if kind != "neighbourhood" and a == items[0][0] and not quoted else a
                c = self._site(state, a0, b, name if a0 == a else f"{head} {name}", head,
                               kind, within, where, conf, sentence)
                new.append(c)
                site_names.append((a, b, c))
                taken.update(range(a0, b))
            past = items[-1][1]
        new += self._numbered_units(state, taken, spots)
        if site_names:
            new += _repeats(state, taken, site_names)
        self._known_quarter_repeats(state, head_of)
        if new:
            for c in new:
                for o in state.candidates:
                    if o.keep and o.i < c.j and c.i < o.j and o.how is How.UNKNOWN:
                        o.keep = False
            state.candidates = sorted(state.candidates + new, key=CANDIDATE_START)

    def _known_quarter_repeats(self, state: ParseState, head_of) -> None:
        """A quarter the gazetteer knows by its head («حي الخالدية», a cited row whose bare
        name is a common word or a village elsewhere) named bare again in the report («لجؤوا
        إلى الخالدية»): that quarter, not the namesake (``SAME_NAME``; one sense per report)."""
        store, words = state.store, state.words
        quarters = {}
        for c in state.candidates:
            h = head_of[words[c.i]] if c.keep and c.ids and c.j - c.i >= 2 else None
            if h is not None and self.site_heads[h] == "neighbourhood" and \
                    all(store.kind[x] == "neighbourhood" for x in c.ids):
                quarters.setdefault(tuple(words[c.i + 1:c.j]), c)
        if not quarters:
            return
        for o in state.candidates:
            q = quarters.get(tuple(words[o.i:o.j]))
            if q is None or q.i <= o.i < q.j or o.kind != "place":
                continue
            if set(o.ids) != set(q.ids):
                o.ids, o.n_exact, o.n_first = q.ids, len(q.ids), len(q.ids)
                o.keep = True
                o.add(Kind.SAME_NAME)

    def _numbered_units(self, state: ParseState, taken: set[int],
                        spots: list[int]) -> list[Candidate]:
        """«الفوج 46», «والفوج 137»: a regiment named by its number is its base, a site the
        gazetteer lacks (no point); ``spots``: the tokens that may be a unit's noun."""
        toks, words, text = state.toks, state.words, state.text
        out = []
        last = len(words) - 1
        for i in spots:
            if i >= last or not _UNIT_WORD[words[i]] or i in taken or state.masked[i] or \
                    not toks[i + 1][0].isdigit() or \
                    text[toks[i][2]:toks[i + 1][1]] != " ":
                continue
            out.append(self._site(state, i, i + 2, f"{N.ARTICLE}{_NUMBERED_UNIT} {toks[i + 1][0]}",
                                  _NUMBERED_UNIT, "base", None, None, CONF_UNLOCATED,
                                  state.sentence_of(toks[i][1])))
        return out

    @staticmethod
    def _near_others(state: ParseState, old: Candidate) -> bool:
        """Whether a reading of ``old`` lies within :data:`NEAR_KM` of another place the report
        names («تلال الزويقات» near Kabani: the hills of the village; «قمة النبي يونس» is no
        village 65 km off)."""
        store = state.store
        others = {x for c in state.candidates if c.keep and c.ids and c is not old
                  and c.kind == "place" for x in c.ids[:1]}
        return any(great_circle_km(float(store.lat[x]), float(store.lon[x]),
                                   float(store.lat[y]), float(store.lon[y])) <= NEAR_KM
                   for x in old.ids for y in others)

    @staticmethod
    def _far(store, ids, within: int) -> bool:
        la, lo = float(store.lat[within]), float(store.lon[within])
        return all(great_circle_km(la, lo, float(store.lat[x]), float(store.lon[x])) > NEAR_KM
                   for x in ids if store.kind[x] in POPULATED)

    @staticmethod
    def _site(state: ParseState, a: int, b: int, name: str, head: str, kind: str,
              within: int | None, where: Candidate | None, conf: float,
              sentence: int) -> Candidate:
        toks = state.toks
        w = state.words[a]
        clitic = w[: len(w) - len(name.split()[0])] if w.endswith(name.split()[0]) else ""
        ev = [Evidence(Kind.SITE, kind), Evidence(Kind.NOT_IN_GAZETTEER)]
        if within is not None and where is not None:
            ev.append(Evidence(Kind.WITHIN, where.name))
        c = Candidate(a, b, toks[a][1], toks[b - 1][2], name, (), how=How.SITE, clitic=clitic,
                      support=3, evidence=ev, site=kind, within=within,
                      site_confidence=conf if within is not None else CONF_UNLOCATED)
        c.sentence = sentence
        return c


#: clitics a repeated name may take: «السيطرة على وادي الضيف», «بوادي الضيف»
_REPEAT_CLITICS = frozenset({"", "و", "ب", "ل", "ف", "وب", "ول"})
#: a one-word site name is looked for again only when rarer than this (Zipf): «المكاتب» of
#: «حاجز "المكاتب"» is a common word elsewhere
_REPEAT_ZIPF = 2.5


def _repeats(state: ParseState, taken: set[int],
             named: list[tuple[int, int, Candidate]]) -> list[Candidate]:
    """The later and earlier bare occurrences of the names of sites found by their head
    («معسكري وادي الضيف …», then «السيطرة على وادي الضيف»): the same site (``SAME_NAME``
    evidence). ``named``: each site's name tokens and its candidate."""
    words, toks, n = state.words, state.toks, len(state.words)
    out: list[Candidate] = []
    for a, b, site in named:
        name = words[a:b]
        first = name[0][1:] if name[0].startswith("و") and a and site.clitic.startswith("و") \
            else name[0]
        if len(name) == 1 and (not state.infos[a].arabic or
                               zipf(state.text[toks[a][1]:toks[a][2]]) >= _REPEAT_ZIPF):
            continue  # (a common word, a number: «شارع 15» is no other «15»)
        for k in [k for k, w in enumerate(words[: n - len(name) + 1]) if w.endswith(first)]:
            w = words[k]
            if w[: len(w) - len(first)] not in _REPEAT_CLITICS or \
                    words[k + 1:k + len(name)] != name[1:] or \
                    any(x in taken or state.masked[x] for x in range(k, k + len(name))):
                continue
            c = Candidate(k, k + len(name), toks[k][1], toks[k + len(name) - 1][2],
                          " ".join([first, *name[1:]]), (), how=How.SITE,
                          clitic=w[: len(w) - len(first)], support=3,
                          evidence=[Evidence(Kind.SITE, site.site), Evidence(Kind.SAME_NAME),
                                    Evidence(Kind.NOT_IN_GAZETTEER)],
                          site=site.site, within=site.within,
                          site_confidence=site.site_confidence)
            c.sentence = state.sentence_of(toks[k][1])
            out.append(c)
            taken.update(range(c.i, c.j))
    return out


def site_place(store, c: Candidate, name_ar: str):
    """The :class:`~gazetteer.place.Place` of a located site candidate, named ``name_ar`` as
    written: the settlement's point, the site's kind, geometry
    :data:`~gazetteer.place.WITHIN_SETTLEMENT`."""
    city = store.place(c.within)
    return dataclasses.replace(
        city, id=f"within:{city.id}", name_ar=name_ar, name_en="", kind=c.site,
        population=None, source="within", source_id=city.id, score=c.site_confidence,
        reason=f"in the city of {city.name_ar or city.name_en}, not in the gazetteer itself "
               "(the settlement's point: good to a few km)",
        geometry=WITHIN_SETTLEMENT, alternatives=(city.id,))


#: «مجلس منبج العسكري», «المجلس المحلي في …»: a council named after its town
_COUNCILS = norm_set("مجلس")
_COUNCIL_ADJ = norm_set("العسكري المحلي البلدي")


class Councils(Rule):
    """«مجلس منبج العسكري», «مجلس تل تمر العسكري»: the town a council is named after is named
    (unlike a faction's or an outlet's name, the council is the town's own).

    Reads ``candidates``, ``words``; writes ``Candidate.evidence`` (a ``CUE`` ``مجلس`` weighing
    one settlement noun) on a place between مجلس and العسكري/المحلي/البلدي. Runs before
    ``decide``.
    """

    name = "councils"

    def __call__(self, state: ParseState) -> None:
        words = state.words
        for c in state.candidates:
            if c.kind != "place" or not c.ids or c.i == 0 or c.j >= len(words) or \
                    words[c.j] not in _COUNCIL_ADJ or not (cue_stems(words[c.i - 1]) & _COUNCILS):
                continue
            if not c.has(Kind.CUE, "مجلس"):
                c.add(Kind.CUE, "مجلس", W.cues_settlement)


# ------------------------------------------------------------------ borders

#: a neighbour's adjective -> its name (normalised): «الحدود التركية» is the border with Turkey
BORDER_ADJ = {N.arabic(a): N.arabic(b) for a, b in (
    ("التركية", "تركيا"), ("اللبنانية", "لبنان"), ("العراقية", "العراق"),
    ("الأردنية", "الأردن"))}
_BORDER_HEADS = norm_set("الحدود حدود الشريط")
_BORDER_SKIP = norm_set("السورية الحدودي البرية")


class Borders(Rule):
    """«الحدود التركية», «الحدود السورية التركية», «الشريط الحدودي مع تركيا»: the neighbouring
    country, with a ``border`` cue.

    Reads ``words``, ``candidates``; writes a candidate of the country for an adjective form
    (dropping the nisba reading of the adjective) and ``BORDER`` evidence on a country named
    after «مع». Runs after ``decide``.
    """

    name = "borders"

    def __call__(self, state: ParseState) -> None:
        words, n, lex = state.words, len(state.words), name_index(state.store)
        new = []
        for i in range(n):
            if state.masked[i] or not (cue_stems(words[i]) & _BORDER_HEADS):
                continue
            head = min(cue_stems(words[i]) & _BORDER_HEADS)
            j = i + 1
            while j < n and j - i <= 3 and words[j] in _BORDER_SKIP:
                j += 1
            if j < n and words[j] == "مع" and j + 1 < n:
                for c in state.candidates:
                    if c.i == j + 1 and c.ids and state.store.kind[c.ids[0]] == "country":
                        if Kind.BORDER not in c.kinds:
                            c.add(Kind.BORDER, head, 3)
                        c.keep = True
                continue
            country = BORDER_ADJ.get(words[j]) if j < n else None
            hit = lex.lookup(country) if country else None
            ids = tuple(x for x in hit[0] if state.store.kind[x] == "country") if hit else ()
            if not ids:
                continue
            for c in state.candidates:
                if c.i < j + 1 and i < c.j:
                    c.keep = False
            w = words[i]
            c = Candidate(i, j + 1, state.toks[i][1], state.toks[j][2], " ".join(words[i:j + 1]),
                          ids[:1], how=How.BORDER, n_exact=1, clitic=w[: len(w) - len(head)],
                          support=3, major=True, evidence=[Evidence(Kind.BORDER, head)])
            c.sentence = bisect.bisect_right(state.sent_bounds, c.start)
            new.append(c)
        if new:
            state.candidates = sorted(state.candidates + new, key=CANDIDATE_START)
