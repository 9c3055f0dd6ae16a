"""Report geoparser, second half: choose each mention's place from the rest of the report.

The checklist of the strongest open geoparsers, applied to one report at a time:

* **Cue words in the mention** — "ريف/محافظة/منطقة إدلب", "جنوبي إدلب", "ريف حماة الشمالي" ask
  for the governorate; "مدينة إدلب" for the city; "قرية" for a village; a bare name prefers the
  populated place (the gazetteer's rule: إدلب alone is the city).
* **Governorates named around it** — the governorate that closes its list ("كفرنبل ومعرة حرمة
  والدار الكبيرة بريف إدلب الجنوبي") counts most, then any governorate named with such a cue
  in the same sentence, then the governorates the report names at all (its focus region).
* **Areas and towns named around it** — "في جبل الزاوية", "في سهل الغاب", "جنوب غربي جسر
  الشغور": candidates near them are favoured.
* **Co-mentioned places** — names with a single populated candidate are anchors; candidates close
  to the anchors of the same sentence, of the report, and to their median point are favoured
  (all places within 10 km count as equally close, so that population and rank decide between
  neighbours).
* **Population and admin level** — the gazetteer's rank (capitals, district seats) and population
  break the remaining ties; a name listed next to district seats favours its own seat reading
  ("القامشلي والحسكة ورأس العين"), "مدينة X" favours a town over a village, "ناحية X" the
  subdistrict.
* **Outliers** — a chosen place much farther from all the others than they are from each other
  (a common word read as a village 300 km away) is not used as context; "وصولاً إلى مدينة X"
  ends a route and does not locate the list before it.

Never a confident wrong answer: a mention whose best candidate contradicts the governorate that
closes its list and lies far from it and from every other place (الدار الكبيرة in Homs, in
"… بريف إدلب الجنوبي"), or that is said to lie in a town it is far from ("حي الميدان بدمشق"
when the only الميدان is elsewhere), gets ``place=None`` with its candidates listed; one that is
far from all the report's other places keeps its place with a confidence of at most 0.35; a
common word with little evidence (a preposition or a bare clitic) is dropped unless it lies within
20 km of the report's other places or in the governorate named with it (في المقبرة، بجروح، في
الثورة are words). Confidence reflects the margin over the runner-up (another place, not the same
town recorded twice) and the evidence found. Places the road M4 is named after ("طريق حلب -
اللاذقية") make it the western M4.

Prominent places (district and subdistrict seats, towns of 20,000+) whose name is not a common
word (منبج، عفرين، داريا — not الباب "the door") need only some evidence (a preposition, a verb
of motion) and no other place near them.

Names the gazetteer lacks (found after قرية/بلدة or inside a list) are tried with common spelling
variants (ص/س، ط/ت، ض/د، ث/س، ذ/ز, a long vowel more or less: كنصفرة → كنسفرة، سفوهن → سفوهون)
and the gazetteer's fuzzy matcher; a variant is accepted only when it lies near the report's other
places.

Roads: an M4 mention is marked ``corridor=True`` when the places around it are in the west
(Idlib, Latakia, Saraqib, Ariha, Jisr al-Shughur …) and ``False`` when they are on the eastern M4
(Manbij, Ain Issa, Tell Tamr, Raqqa, Hasakah) or the text says "شرق الفرات"/"شمال شرقي". An
M4 mention judged not to be the corridor's gets no place (the gazetteer's M4 is the western road).
"""

from __future__ import annotations

import contextlib
import math
import re
from typing import NamedTuple

import numpy as np

from gazetteer.distance import KM_PER_DEG_LAT, KM_PER_DEG_LON
from gazetteer.distance import flat_km as _flat_km1
from gazetteer.distance import flat_km_np as _km
from gazetteer.distance import great_circle_km as _km1
from gazetteer.focus import Focus
from gazetteer.lexicon import (
    M4_WEST_TOWNS,
    SPELLING_SWAPS,
)
from gazetteer.mention import Mention
from gazetteer.parse.candidate import How
from gazetteer.parse.evidence import Kind
from gazetteer.parse.names import name_index
from gazetteer.parse.rules.sites import site_place
from gazetteer.parse.weights import WEIGHTS as W
from gazetteer.place import ADMIN_UNITS, KIND_CODE, Place
from gazetteer.place import AREAS as _AREA_KINDS
from gazetteer.place import POPULATED as _POINT_KINDS
from gazetteer.roads import Road

__all__ = ["EAST_LON", "FAR_KM", "resolve_mentions", "spelling_variants"]

#: evidence kinds and road identities the per-candidate loops test, as module constants: reading
#: an Enum member off its class (``Kind.LIST``) costs about 0.1 µs, a module global a third of it
_CUE, _DIR, _HEAD, _IN, _LIST, _PREP, _VERB = (Kind.CUE, Kind.DIR, Kind.HEAD, Kind.IN, Kind.LIST,
                                               Kind.PREP, Kind.VERB)
_LIST_OR_HEAD = (_LIST, _HEAD)
_M4, _M4_EAST = Road.M4, Road.M4_EAST

# Thresholds of the context step: the values, with what each does and how it was chosen, are
# in gazetteer/data/weights.toml (section [context]); the names stay importable from here.
EAST_LON = W.context_east_lon
_GOV_BONUS = tuple(float(x) for x in W.context_gov_bonus)
SAME_KM = W.context_same_km
COMMON_ZIPF = W.context_common_zipf
COMMON_NEAR_KM = W.context_common_near_km
#: a dropped repeat with evidence of its own comes back as the report's place below this Zipf
COMMON_ZIPF_WITH_EVIDENCE = W.decide_common_zipf
SETTLED_ZIPF = W.decide_settled_zipf
SAME_NAME_ZIPF = W.decide_same_name_zipf
PROMINENT_POP = W.context_prominent_pop
PROMINENT_ZIPF = W.context_prominent_zipf
PROMINENT_ZIPF_MULTI = W.context_prominent_zipf_multi
FAR_KM = W.context_far_km
FAR_ALONE_KM = W.context_far_alone_km
COHERENT_FACTOR = W.context_coherent_factor
SEAT_LIST_BONUS = W.context_seat_list_bonus
#: Words of a route between a list and the next place: that place is where the route goes,
#: not where the list lies.
_ROUTE = re.compile(r"(?:^|[\s،,])(?:و?وصولا|و?وصولاً|حتى|إلى|الى|نحو|باتجاه|مرورا|مروراً|ثم)"
                    r"(?=[\s]|$)")
_EAST_WORDS = re.compile(r"شرق(?:ي)?\s+الفرات|شمال\s+شرق(?:ي)?|الجزيرة السورية")


def _place(store, i: int, score: float = 0.0, reason: str = "",
           alternatives: tuple[str, ...] = (), cache: dict | None = None):
    """``store.place(...)``, built once per distinct arguments (a :class:`Place` is frozen, so
    mentions may share one): reports name the same places with the same scores again and again.
    ``cache``: the memo table, when the caller already holds it."""
    if cache is None:
        cache = store.memo("context.places")
    key = (i, score, reason, alternatives)
    p = cache.get(key)
    if p is None:
        p = cache[key] = store.place(i, score=score, reason=reason, alternatives=alternatives)
    return p


def _median(values: list[float]) -> float:
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else 0.5 * (v[n // 2 - 1] + v[n // 2])


def _zero_d(x: float) -> np.ndarray:
    """``x`` as a 0-d float64 array. As the other operand of a ufunc on a report-sized array,
    numpy takes it in about 0.25 µs, a Python float or int in 0.4-0.55 µs (converted on every
    call); the result is the same to the bit."""
    return np.array(x, dtype=float)


_ZERO, _INF = _zero_d(0.0), _zero_d(math.inf)


class _Near(NamedTuple):
    """Nearness: 1 within ``flat`` km of a place, then decaying with a scale of ``-neg_scale``
    km (0-d arrays; ``-(x / s) == x / -s``, to the bit)."""

    flat: np.ndarray
    neg_scale: np.ndarray

    @classmethod
    def of(cls, flat: float, scale: float) -> _Near:
        return cls(_zero_d(flat), _zero_d(-scale))

    def __call__(self, d: np.ndarray) -> np.ndarray:
        return np.exp(np.maximum(d - self.flat, _ZERO) / self.neg_scale)


#: nearness to another place of the report, to the place closing a list, to an area named in
#: the sentence
_NEAR_OTHER, _NEAR_CLOSER, _NEAR_AREA = _Near.of(10, 20), _Near.of(8, 15), _Near.of(5, 15)


def spelling_variants(word: str) -> list[str]:
    """Normalised spellings one common slip away (emphatic/plain letters, a long vowel).

    >>> "كنسفره" in spelling_variants("كنصفره"), "سفوهون" in spelling_variants("سفوهن")
    (True, True)
    """
    out = []
    for i, ch in enumerate(word):
        for a, b in SPELLING_SWAPS:
            if ch == a:
                out.append(word[:i] + b + word[i + 1:])
        if ch in "اوي" and 0 < i < len(word) - 1:
            out.append(word[:i] + word[i + 1:])
    for i in range(1, len(word)):
        for v in "اوي":
            out.append(word[:i] + v + word[i:])
    # the last letter: الحمرا/الحمراء, ى (folded to ي)/ا; ملا/مولى
    out += [word[:-1] + b for a, b in (("ا", "اء"), ("ي", "ا"), ("ا", "ي"), ("ي", "ه"),
                                       ("ه", "ي")) if word.endswith(a)]
    if word.endswith("اء"):
        out.append(word[:-1])
    out += [b for a, b in (("ملا", "مولي"), ("مولي", "ملا")) if word == a]
    return list(dict.fromkeys(x for x in out if x != word and len(x) >= 3))


class _Report:
    """Evidence gathered once per report."""

    def __init__(self, store, cands, text: str = ""):
        self.store = store
        admin1 = store.admin1
        self.govs = _governorates(store)
        self.sent_govs: dict[int, set[str]] = {}
        self.report_govs: dict[str, int] = {}
        self.areas: dict[int, list[int]] = {}
        self.gov_of: dict[int, str] = {}
        table = _readings_table(store)
        #: each candidate's :class:`_Readings` (None: a road or a name the gazetteer lacks)
        self.readings: list[_Readings | None] = [None] * len(cands)
        anchors = []  # a single populated reading, no governorate cue
        for k, c in enumerate(cands):
            if c.kind == "road" or not c.ids:
                continue
            f = self.readings[k] = table.get(c.ids) or _readings_of(store, table, c.ids)
            if f.governorate is not None and (c.gov_cue or f.all_admin):
                g = admin1[f.governorate] or store.name_en[f.governorate]
                self.gov_of[k] = g
                self.sent_govs.setdefault(c.sentence, set()).add(g)
                self.report_govs[g] = self.report_govs.get(g, 0) + 1
            elif f.anchor is not None:
                anchors.append((*f.anchor, k))
            if f.area is not None:
                self.areas.setdefault(c.sentence, []).append(f.area)
                a1 = admin1[f.area]
                if a1:
                    self.report_govs[a1] = self.report_govs.get(a1, 0) + 1
        self.anchors = _coherent(anchors)
        # the item closing each list run: "A وB وC بريف إدلب" / "A جنوب غربي جسر الشغور"
        self.closer: dict[int, int] = {}
        self.inside: dict[int, int] = {}
        # right to left: a list item followed by another (no governorate) has that item's closer
        for k in range(len(cands) - 2, -1, -1):
            m = k + 1
            c1, c2 = cands[k], cands[m]
            if c2.sentence != c1.sentence or c2.i - c1.j > 3:
                continue
            if _LIST in c2.kinds and m not in self.gov_of:
                if m in self.closer:
                    self.closer[k] = self.closer[m]
                if m in self.inside:
                    self.inside[k] = self.inside[m]
                continue
            between = text[c1.end:c2.start]
            if _ROUTE.search(between):
                continue  # "… وفريكة، وصولاً إلى مدينة جسر الشغور": the route's end, not where
                # the list lies
            self.closer[k] = m
            # "حي الميدان بدمشق", "X في مدينة Y": k lies inside m
            # … but not "X وY", "X ومدينة Y": the list goes on
            gap = between.lstrip(" ،,")
            if c2.i - c1.j <= 2 and not (
                    c2.clitic.startswith("و") or gap.startswith("و")) and (
                    c2.clitic.endswith("ب") or c2.has(_PREP, "في")
                    or c2.has(_CUE, "مدينه")):
                self.inside[k] = m


class _Readings(NamedTuple):
    """What the context step reads of a candidate's readings (a tuple of record ids), built
    once per distinct tuple (:func:`_readings_of`): per record, in the tuple's order, its kind
    code, admin1 code (-1: none, or the reading is a governorate or country itself),
    latitude, longitude, whether it is a populated place, a point (populated or an area) and
    a seat (rank 2+, populated); and of the whole tuple:"""

    kinds: list[int]
    gov_codes: list[int]
    lat: list[float]
    lon: list[float]
    populated: list[bool]
    pointy: list[bool]
    seat_readings: list[bool]
    #: the first governorate record, or None
    governorate: int | None
    #: whether every reading is an admin unit
    all_admin: bool
    #: the first area record when every reading is an area, else None
    area: int | None
    #: ``(lat, lon)`` when the name has a single populated reading (or near-duplicates of one
    #: town) and at most 4 readings, else None
    anchor: tuple[float, float] | None
    #: whether the populated readings (one at least) are all district seats or capitals
    seat: bool
    #: the pairs ``(r, s)`` of readings (positions in the tuple, both orders) that are the
    #: same town seen twice (a few km apart, neither a governorate): one is no runner-up of
    #: the other (:meth:`_Flat.best`)
    twins: frozenset[tuple[int, int]]


def _readings_table(store) -> dict[tuple[int, ...], _Readings]:
    """Per-store memo of :func:`_readings_of` (keyed by a candidate's tuple of record ids)."""
    return store.memo("context.readings")


def _readings_of(store, table: dict, ids: tuple[int, ...]) -> _Readings:
    """The :class:`_Readings` of ``ids``, computed and stored in ``table``."""
    kind, admin1 = store.kind, store.admin1
    code, gcode, rank, _, _ = _record_lists(store)
    kinds = [code[x] for x in ids]
    populated = [_C_CITY <= q <= _C_NEIGHBOURHOOD for q in kinds]
    gov_ids = [x for x in ids if kind[x] == "governorate"]
    area_ids = [x for x in ids if kind[x] in _AREA_KINDS]
    pts = [x for x in ids if kind[x] in _POINT_KINDS and admin1[x]]
    if 1 < len(pts) <= 3 and all(
            _km1(store.lat[p], store.lon[p], store.lat[pts[0]], store.lon[pts[0]])
            <= SAME_KM for p in pts[1:]):
        pts = pts[:1]  # duplicates of one town a few hundred metres apart
    seat_flags = [rank[x] >= 2 for x in ids if kind[x] in _POINT_KINDS]
    lat, lon = store.lat[list(ids)].tolist(), store.lon[list(ids)].tolist()
    f = table[ids] = _Readings(
        kinds=kinds,
        gov_codes=[-1 if q in (K_GOV, K_COUNTRY) else gcode[x]
                   for q, x in zip(kinds, ids, strict=True)],
        lat=lat,
        lon=lon,
        populated=populated,
        pointy=[p or _C_REGION <= q <= _C_PLAIN for p, q in zip(populated, kinds, strict=True)],
        seat_readings=[p and rank[x] >= 2 for p, x in zip(populated, ids, strict=True)],
        governorate=gov_ids[0] if gov_ids else None,
        all_admin=all(kind[x] in ADMIN_UNITS for x in ids),
        area=area_ids[0] if area_ids and len(ids) == len(area_ids) else None,
        anchor=((float(store.lat[pts[0]]), float(store.lon[pts[0]]))
                if len(pts) == 1 and len(ids) <= 4 else None),
        seat=bool(seat_flags) and all(seat_flags),
        twins=frozenset(_twins(kinds, lat, lon)))
    return f


def _twins(kinds: list[int], lat: list[float], lon: list[float]):
    """The pairs of :attr:`_Readings.twins`, from the readings' kind codes and points."""
    for r, (q, la, lo) in enumerate(zip(kinds, lat, lon, strict=True)):
        for s, (q2, la2, lo2) in enumerate(zip(kinds, lat, lon, strict=True)):
            if s != r and not (abs(la2 - la) > 0.05 or abs(lo2 - lo) > 0.06 or q2 == K_GOV
                               or q == K_GOV):
                yield r, s


def resolve_mentions(store, text: str, toks, cands, use_context: bool = True,
                     region: Focus | None = None) -> list[Mention]:
    """Turn :class:`gazetteer.extract.Candidate` objects into resolved :class:`Mention` s.

    All candidate records of the report are scored together in flat numpy arrays (one distance
    matrix per round); two rounds: anchors first, then every confident choice of round one.
    ``region`` is the report's region (:mod:`gazetteer.parse.rules.region`), the prior of its
    ambiguous names; None: no regional prior.
    """
    rep = _Report(store, cands, text)
    rep.region = region if use_context else None
    flat = _Flat(store, cands, rep, use_context)
    chosen: list[tuple[float, float] | None] = [None] * len(cands)
    for la, lo, kk in rep.anchors:
        chosen[kk] = (la, lo)
    rounds = 2 if use_context else 1
    for r in range(rounds):
        score, d_near, near_closer = flat.score(chosen, use_context)
        best, second = flat.best(score)
        if r == 0 and rounds == 2:
            # a second round only helps when some name has two readings far apart
            pointy = flat.pointy_list
            if not any(pointy[x] and pointy[second[k]] for k, x in best.items() if k in second):
                break
        if r < rounds - 1:
            new = [None] * len(cands)
            lat, lon, populated = flat.lat_list, flat.lon_list, flat.populated_list
            picked = []  # the confident choices (settlements) of this round
            for k, x in best.items():
                if populated[x]:
                    y = second.get(k)
                    # its margin over the runner-up (1.0: none)
                    if _confidence(cands[k], 1.0 if y is None else score[x] - score[y],
                                   len(cands[k].ids)) >= 0.5:
                        picked.append((lat[x], lon[x], k))
            # a lone reading far from all the others (a common word read as a village 300 km
            # away) must not pull its neighbours in the text towards it
            for la, lo, k in _coherent(picked):
                new[k] = (la, lo)
            if new == chosen:
                break  # the places of round one again: round two would score the same
            chosen = new
    flat.freeze(d_near, near_closer)
    n_chosen = sum(p is not None for p in chosen)
    out: list[Mention] = []
    roads: list[tuple[Mention, object]] = []
    dropped: list[int] = []
    specific: set[int] = set()  # mentions whose evidence asks for the city or a direction
    unknown_seen: dict[str, Mention] = {}
    for k, c in enumerate(cands):
        if c.kind == "road":
            out.append(_road_mention(store, text, c, cands, chosen, k))
            m = out[-1]
            roads.append((out[-1], c))
        elif not c.ids:
            seen = unknown_seen.get(c.name)
            if seen is not None:  # one sense per discourse: resolved like its first mention
                m = Mention(text[c.start:c.end], c.start, c.end, c.name, seen.place,
                            seen.confidence, list(dict.fromkeys([*c.cues, "same-name"])),
                            list(seen.candidates))
            else:
                others = [p for m, p in enumerate(chosen)
                          if p is not None and cands[m].name != c.name]
                m = _unknown(store, rep, c, text[c.start:c.end], others, use_context)
                unknown_seen[c.name] = m
            if m is not None:
                out.append(m)
        else:
            m = _decide_one(store, rep, flat, text, k, score, best[k], second.get(k),
                            n_chosen - (chosen[k] is not None), use_context, chosen)
            if m is not None:
                out.append(m)
            else:
                dropped.append(k)
        if m is not None and (_DIR in c.kinds or c.has(_CUE, "مدينه")):
            specific.add(id(m))
    if use_context:
        _one_sense(store, text, cands, out, dropped, specific)
    # an M4 code with no place around it takes the side of a named M4 in the same sentence
    for m, c in roads:
        if m.road is _M4 and c.road == "M4":
            known = [m2.road for m2, c2 in roads
                     if c2.sentence == c.sentence and c2.road == "M4" and m2.road is not _M4]
            if known:
                m.road = known[0]
                m.cues.append("same-sentence-road")
        if m.road is _M4_EAST and m.place is not None and m.place.id == "curated:m4":
            # the eastern M4 (Manbij–Ain Issa–Tell Tamr): the gazetteer's M4 record is the
            # western road, whose point would put this mention in Idlib; the eastern record
            # when the gazetteer has one
            east = name_index(store).m4_east
            if east is None:
                m.place, m.confidence = None, 0.5
                m.cues.append("eastern-m4:no-geometry")
            else:
                m.place = store.place(east, score=m.confidence, reason="road M4 (eastern)")
                m.cues.append("eastern-m4")
    return out


def _one_sense(store, text: str, cands, out: list[Mention], dropped: list[int],
               specific: set[int] = frozenset()) -> None:
    """One sense per discourse. Repeats of a village or town name (no governorate or city cue:
    "إدلب" and "مدينة إدلب" may differ; ``specific`` holds the ``id()`` of the mentions whose
    evidence asks for the city or names a direction) take the place of the most confident of
    them when they disagree, and a repeat the context step dropped as a common word comes back
    as that place ("قرى الكبينة … معارك الكبينة")."""
    by_name: dict[str, Mention] = {}
    for m in out:
        p = m.place
        if p is None or p.kind not in _POINT_KINDS or m.kind == "road":
            continue
        b = by_name.get(m.name)
        if b is None or m.confidence > b.confidence:
            by_name[m.name] = m
    if not by_name:
        return
    for m in out:
        b = by_name.get(m.name)
        p = m.place
        if b is None or m is b or p is None or p.id == b.place.id or p.kind not in _POINT_KINDS:
            continue
        if id(m) in specific or _km1(
                p.lat, p.lon, b.place.lat, b.place.lon) <= SAME_KM:
            continue
        m.place = b.place
        m.confidence = min(m.confidence, b.confidence)
        if "same-name" not in m.cues:
            m.cues.append("same-name")
    added = False
    settled = {c.name for c in cands if c.settled} if dropped else set()
    for k in dropped:
        c = cands[k]
        b = by_name.get(c.name)
        # a common word may be the word there ("قرية الزيارة" … "خلال الزيارة"); with evidence
        # of its own (a preposition: «قرى سلمية» … «في سلمية»), or once the report gave the name
        # a settlement noun («بلدة الميادين» … «وشهدت الميادين»), a fairly common one is the place
        rare = PROMINENT_ZIPF if c.notable else SAME_NAME_ZIPF
        # … but not a definite word with its definite adjective («الميادين العامة»: squares)
        settled_here = c.name in settled and not _before_definite(text, c.end)
        if b is None or c.gov_cue or c.city_cue or c.nisba or c.zipf >= (
                max(rare, SETTLED_ZIPF) if settled_here else
                max(rare, COMMON_ZIPF_WITH_EVIDENCE) if c.support else rare):
            continue
        out.append(Mention(text[c.start:c.end], c.start, c.end, c.name, b.place,
                           min(b.confidence, 0.6), list(dict.fromkeys([*c.cues, "same-name"])),
                           list(b.candidates)))
        added = True
    if added:
        out.sort(key=lambda m: m.start)


def _before_definite(text: str, end: int) -> bool:
    """Whether a definite word follows ``end`` after one space (a noun's adjective, or the
    second word of a name the gazetteer lacks)."""
    return text.startswith(" ال", end)


#: the weights of nearness to any other place and to one of the same sentence (a column)
_NEAR_WEIGHTS = np.array([[0.5], [0.9]])
#: the weight of nearness to the chosen places' median point, and its (negated) scale in km
_MEDIAN_WEIGHT, _MEDIAN_NEG_SCALE = _zero_d(0.3), _zero_d(-50.0)
#: a reading this close (km) to the place closing its list is said to be near it
_CLOSE_KM = _zero_d(20.0)
#: the cue of a reading ``k`` km (0 ≤ k ≤ 25, rounded) from the nearest other place
_NEAR_KM = tuple(f"near:{k}km" for k in range(26))


class _Flat:
    """Every candidate record of a report in flat arrays (owner candidate, record id, …).

    The parts of the score that do not depend on the other places' choices (cue words, admin
    level, governorates, areas) are computed once here, record by record in plain Python (a
    report has a few dozen readings: numpy's per-call cost would dominate); :meth:`score` adds
    the distances, one numpy matrix per round.
    """

    def __init__(self, store, cands, rep: _Report, use_context: bool):
        ids, owner, self.start = [], [], {}
        #: per candidate with readings: (candidate, first record, number of records, twins)
        self.blocks: list[tuple[int, int, int, frozenset[tuple[int, int]]]] = []
        lat, lon, populated, pointy = [], [], [], []
        base: list[float] = []  # the context-free prior of each record (:func:`_prior`)
        near_ok: list[bool] = []  # … and whether nearness may favour it
        codes: dict[str, int] = {}  # name codes in order of first appearance
        # the points of each distinct tuple of readings once (a report names the same places
        # again and again: their distances are computed once), and each record's row
        block_row: dict[tuple[int, ...], int] = {}
        plat: list[float] = []
        plon: list[float] = []
        rows: list[int] = []
        priors = store.memo("context.prior")
        for k, c in enumerate(cands):
            f = rep.readings[k]
            if f is None:
                continue
            n = len(c.ids)
            self.start[k] = len(ids)
            self.blocks.append((k, len(ids), n, f.twins))
            ids += c.ids
            owner += [k] * n
            lat += f.lat
            lon += f.lon
            populated += f.populated
            pointy += f.pointy
            codes.setdefault(c.name, len(codes))
            values, ok = _prior(store, priors, c, f)
            base += values
            near_ok += ok
            r0 = block_row.get(c.ids)
            if r0 is None:
                r0 = block_row[c.ids] = len(plat)
                plat += f.lat
                plon += f.lon
            rows += range(r0, r0 + n)
        #: the distinct points' latitudes and longitudes (a row each: :meth:`score` measures
        #: them against the chosen places as columns)
        self.plat, self.plon = np.asarray(plat), np.asarray(plon)
        self.lat_col, self.lon_col = self.plat[:, None], self.plon[:, None]
        self.row_of = None if len(plat) == len(ids) else np.asarray(rows, dtype=np.intp)
        self.near_ok_list = near_ok
        self.near_ok = np.asarray(near_ok, dtype=bool)
        self.store, self.cands, self.rep = store, cands, rep
        self.rank_list = _record_lists(store)[2]
        self.places = store.memo("context.places")  # the Place memo of :func:`_place`
        self.chosen_places = store.memo("context.chosen_places")  # … of :func:`_chosen_place`
        self.ids_list = ids
        self.owner_list = owner
        self.lat_list, self.lon_list = lat, lon
        self.populated_list, self.pointy_list = populated, pointy
        # per-candidate values, spread to the records by ``owner`` (a take along an axis)
        self.owner = np.asarray(owner, dtype=np.intp)
        self.cand_sentence = np.asarray([c.sentence for c in cands], dtype=np.int64)
        n = len(ids)
        self.gov_flag_l = [0] * n  # 1 closing gov, 2 sentence gov, 3 focus
        self.area_l = [-1] * n
        #: per candidate, the place closing its list with a direction, when its nearness counts
        self.closer_of: dict[int, int] = {}
        #: (record, closer candidate) for the records whose closer's nearness counts
        self.closer_pairs: list[tuple[int, int]] = []
        self.region_l: list[bool] | None = None
        if use_context and n:
            self._static_context(base)
        self.base_list = base
        self.base = np.asarray(base, dtype=float)
        # what :meth:`score` reads every round, as arrays once
        # (2, len(cands), n): whether the candidate has another name than the record's, and
        # whether it also is in the same sentence: worked out between candidates (symmetric),
        # then spread to the records
        name_code = np.asarray([codes.get(c.name, -1) for c in cands], dtype=np.int64)
        between = np.empty((2, len(cands), len(cands)), dtype=bool)
        np.not_equal(name_code[:, None], name_code, out=between[0])
        np.equal(self.cand_sentence[:, None], self.cand_sentence, out=between[1])
        between[1] &= between[0]
        self.others = between.take(self.owner, axis=2)

    def _static_context(self, base: list[float]) -> None:
        """Adds the governorate, region, area and seat-list bonuses to ``base`` (in place),
        each record's in that order."""
        store, rep, cands = self.store, self.rep, self.cands
        # governorate (admin1) codes are per store
        gcodes, _ = _admin1_codes(store)
        local = {k: gcodes.get(rep.gov_of.get(m), -2) for k, m in rep.closer.items()}
        # per sentence, the codes of the governorates named in it with a cue
        sent_codes = {snt: {gcodes[gv] for gv in v if gv in gcodes}
                      for snt, v in rep.sent_govs.items()}
        no_codes: set[int] = set()
        report_codes = {gcodes[gv] for gv in rep.report_govs if gv in gcodes}
        flags = self.gov_flag_l
        # a bonus of 0.0 for no governorate leaves a prior as it is (no prior is -0.0)
        unflagged = _GOV_BONUS[0]
        region = [False] * len(base)
        for k, x0 in self.start.items():
            c = cands[k]
            closing = local.get(k, -2)
            in_sentence = sent_codes.get(c.sentence, no_codes)
            for x, gg in enumerate(rep.readings[k].gov_codes, x0):
                flag = 0
                if gg >= 0:
                    flag = (1 if gg == closing else 2 if gg in in_sentence
                            else 3 if gg in report_codes else 0)
                if flag:
                    flags[x] = flag
                    base[x] += _GOV_BONUS[flag]
                elif unflagged:
                    base[x] += unflagged
            # the report region's prior on each reading (``Candidate.region_prior``, set by
            # the rule ``region``: :class:`gazetteer.parse.rules.region.ReportRegion`)
            for x, v in enumerate(c.region_prior, x0):
                base[x] += v
                region[x] = v > 0
        self.region_l = region
        pairs = [(a, snt) for snt, v in rep.areas.items() for a in v]
        if pairs:
            area_ids = np.array([a for a, _ in pairs], dtype=np.int64)
            asent = np.array([snt for _, snt in pairs], dtype=np.int64)
            d = _km(self.lat_col, self.lon_col, store.lat[area_ids][None, :],
                    store.lon[area_ids][None, :])
            if self.row_of is not None:
                d = d.take(self.row_of, axis=0)
            sentence = self.cand_sentence.take(self.owner)  # each record's
            same = (sentence[:, None] == asent[None, :]) & (
                np.asarray(self.ids_list, dtype=np.int64)[:, None] != area_ids[None, :])
            b = np.where(same, 0.7 * _NEAR_AREA(d), 0)
            col = b.argmax(axis=1)
            bonus = np.where(np.asarray(self.pointy_list, dtype=bool),
                             b[np.arange(len(b)), col], 0)
            for x, v in enumerate(bonus.tolist()):
                base[x] += v
            self.area_l = np.where(bonus > 0.3, area_ids[col], -1).tolist()
        # like goes with like: a name listed next to district seats and big towns ("كوباني
        # ورأس العين", "القامشلي والحسكة ورأس العين") is the seat of that name, not a village
        for k in _seat_lists(cands, rep.readings):
            for x, seat in enumerate(rep.readings[k].seat_readings, self.start[k]):
                if seat:
                    base[x] += SEAT_LIST_BONUS
        # the place closing a list with a direction: "… جنوب غربي جسر الشغور"
        inside = set(rep.inside.values())
        ok = self.near_ok_list
        pairs = self.closer_pairs
        for k, m in rep.closer.items():
            if k in self.start and m not in rep.gov_of and (
                    _CUE in cands[m].kinds or m in inside):
                x0 = self.start[k]
                self.closer_of[k] = m
                pairs += [(x, m) for x in range(x0, x0 + len(cands[k].ids)) if ok[x]]

    def score(self, chosen, use_context: bool
              ) -> tuple[list[float], list[float], list[bool]]:
        """Each record's score given the ``chosen`` places (per candidate, None: none), its
        distance to the nearest chosen place of another name (inf: none) and whether it lies
        near its list's closer (for :meth:`reasons`), as Python lists (the per-mention
        decisions read them one value at a time)."""
        n = len(self.ids_list)
        pk = [k for k, p in enumerate(chosen) if p is not None]
        if not use_context or not n or not pk:
            return list(self.base_list), [math.inf] * n, [False] * n
        lats = [chosen[k][0] for k in pk]
        lons = [chosen[k][1] for k in pk]
        m = len(pk)
        # the chosen places, then their median point, as (m + 1, 1) columns against the
        # records' distinct points as a row, in one matrix (the points as the first
        # arguments: the very operations of flat_km, element by element); the columns'
        # latitudes and longitudes made by one array
        to = np.array([[*lats, _median(lats)], [*lons, _median(lons)]]).reshape(2, m + 1, 1)
        dd = _km(self.plat, self.plon, to[0], to[1])
        if self.row_of is not None:
            dd = dd.take(self.row_of, axis=1)  # each record's column
        d, med = dd[:m], dd[m]
        # the nearest of the places of other names, and the nearest of them in the same
        # sentence, as the rows of one array: one masked copy of d for both masks, one
        # reduction across the places (inf for none), along the records: numpy's
        # reduction over a short axis is fastest when it is not the last
        nearest = np.minimum.reduce(np.where(self.others.take(pk, axis=1), d, _INF), axis=1)
        # nearness to any other place (weight 0.5) and to one of the sentence (0.9)
        near = _NEAR_WEIGHTS * _NEAR_OTHER(nearest)
        score = (self.base + np.where(self.near_ok, near[0] + _MEDIAN_WEIGHT * np.exp(
            med / _MEDIAN_NEG_SCALE) + near[1], _ZERO)).tolist()
        near_closer = [False] * n
        if self.closer_pairs:
            # the records whose list closer is among the chosen places, and its column
            col = {k: c for c, k in enumerate(pk)}
            pairs = [(x, col[k]) for x, k in self.closer_pairs if k in col]
            if pairs:
                rows = [x for x, _ in pairs]
                dc = d[[c for _, c in pairs], rows]
                # a float64 sum is the same in Python as in numpy: added to the list
                for x, v, close in zip(rows, _NEAR_CLOSER(dc).tolist(), (dc < _CLOSE_KM).tolist(),
                                       strict=True):
                    score[x] += v
                    near_closer[x] = close
        return score, nearest[0].tolist(), near_closer

    def best(self, score: list[float]) -> tuple[dict[int, int], dict[int, int]]:
        """Per candidate: the index of its best record and of the runner-up (flat indices).
        A candidate's records are contiguous; each is ranked by score, best first, ties in
        record order (a stable sort)."""
        best, second, ranked = {}, {}, {}
        for k, x0, n, twins in self.blocks:
            if n == 1:
                ranked[k] = [x0]
                best[k] = x0
                continue
            if n == 2:  # the stable sort of two: the second first only when strictly better
                r = [x0 + 1, x0] if score[x0 + 1] > score[x0] else [x0, x0 + 1]
            else:
                r = sorted(range(x0, x0 + n), key=score.__getitem__, reverse=True)
            ranked[k] = r
            best[k] = b = r[0]
            # the runner-up is another place, not the same town seen twice
            if not twins:
                second[k] = r[1]
                continue
            for x in r[1:]:
                if (x - x0, b - x0) not in twins:
                    second[k] = x
                    break
        self.ranked_of = ranked  # per candidate, its records' flat indices, best first
        return best, second

    def freeze(self, d_near: list[float], near_closer: list[bool]) -> None:
        """The per-record evidence of the last round, for the per-mention decisions."""
        self.d_near = d_near
        self.near_closer = near_closer

    def reasons(self, x: int) -> list[str]:
        out = []
        flag = self.gov_flag_l[x]
        if flag:
            g = self.store.admin1[self.ids_list[x]]
            out.append(("", "gov:", "sentence-gov:", "focus:")[flag] + str(g))
        if self.region_l is not None and self.region_l[x] and not flag:
            which = "default-region:" if self.rep.region.default else "region:"
            out.append(which + str(self.store.admin1[self.ids_list[x]]))
        a = self.area_l[x]
        if a >= 0:
            out.append(f"area:{self.store.name_en[a]}")
        if self.near_closer[x]:
            out.append(f"near:{self.cands[self.closer_of[self.owner_list[x]]].name}")
        d = self.d_near[x]
        if d < 25 and self.pointy_list[x]:
            out.append(_NEAR_KM[round(d)])  # f"near:{d:.0f}km": both round half to even
        return out


def _governorate_holds(store, ids: tuple[int, ...], b: int) -> bool:
    """Whether a name said to hold record ``b`` («خان شيخون بإدلب») has a governorate reading
    that does: «بإدلب» is in Idlib governorate, not only in the city."""
    return any(store.kind[x] == "governorate" and store.admin1[x] == store.admin1[b]
               for x in ids)


def _decide_one(store, rep: _Report, flat: _Flat, text: str, k: int, score: list[float],
                x: int, y: int | None, n_others: int, use_context: bool, chosen):
    c = flat.cands[k]
    surface = text[c.start:c.end]
    b = flat.ids_list[x]
    ranked = flat.ranked_of[k]  # as many as the candidate's readings
    # the margin over the runner-up (1.0: none)
    conf = _confidence(c, 1.0 if y is None else score[x] - score[y], len(ranked))
    reasons = flat.reasons(x)
    cues = list(dict.fromkeys([*c.cues, *reasons])) if reasons else list(c.cues)
    point = use_context and flat.populated_list[x]  # a settlement (_POINT_KINDS)
    if point:
        dn = flat.d_near[x]
        # a common word with only a preposition or a clitic for evidence is a place only when
        # it lies among the report's other places or in the governorate named with it
        # (في المقبرة, بجروح, في الثورة: words; "إلى تل تمر في ريف الحسكة": a place)
        # (an "X في Y" cue counts for nothing once Y contradicts X)
        if c.support <= 1 and not c.major and _LIST not in c.kinds \
                and flat.gov_flag_l[x] not in (1, 2) and not _prominent(store, c, b) and (
                (c.zipf >= COMMON_ZIPF and not (n_others and dn <= COMMON_NEAR_KM))
                or (c.zipf >= 3.0 and n_others and dn > 40)):
            return None
        # a rare word with no evidence at all (no cue, no preposition, no list, no head noun
        # such as تل) far from every other place of the report is a word that happens to
        # spell a village («رافقه»: a verb with its pronoun, not الرافقة 285 km away)
        if c.support == 0 and not c.major and c.kinds.isdisjoint(_LIST_OR_HEAD) \
                and n_others >= 2 and dn > FAR_ALONE_KM and not _prominent(store, c, b):
            return None
    if point and flat.rank_list[b] < 2:
        closer = rep.closer.get(k)
        local_gov = rep.gov_of.get(closer) if closer is not None else None
        if local_gov and store.admin1[b] != local_gov and dn > FAR_KM:
            gcent = rep.govs.get(local_gov)
            if gcent is None or _km1(store.lat[b], store.lon[b], store.lat[gcent],
                                     store.lon[gcent]) > 60:
                v = _variant_in(store, _near_spellings(store, c.name, fuzzy=False),
                                {local_gov})
                if v is not None:  # «والحمرا … بريف حماة»: الحمراء of Hama, not a far الحمرا
                    place = store.place(v, score=0.45, reason="spelling variant; in the "
                                        "governorate named with it")
                    return Mention(surface, c.start, c.end, c.name, place, 0.45,
                                   [*cues, f"spelling:{store.name_ar[v]}"], [])
                cues.append(f"contradicts:{local_gov}")
                alts = [_place(store, flat.ids_list[i]) for i in ranked[:5]]
                return Mention(surface, c.start, c.end, c.name, None, 0.15, cues, alts)
        # "يربط منبج بعين عيسى": after a verb of connection ب is "with", not "in"
        m = rep.inside.get(k)
        if m is not None and _VERB in c.kinds:
            m = None
        if m is not None and chosen[m] is not None and m not in rep.gov_of and _km1(
                store.lat[b], store.lon[b], *chosen[m]) > 40 and \
                not _governorate_holds(store, flat.cands[m].ids, b):
            if _weak_common(c):  # "إلى سجن في حزانو": a prison in Hazzanu, not the far village
                return None
            cues.append(f"contradicts:{flat.cands[m].name}")
            alts = [_place(store, flat.ids_list[i]) for i in ranked[:5]]
            return Mention(surface, c.start, c.end, c.name, None, 0.15, cues, alts)
        if n_others >= 2 and dn > 80 and math.isfinite(dn):
            conf = min(conf, 0.35)
            cues.append(f"far:{dn:.0f}km")
    r = x - flat.start[k]  # the reading's rank among the candidate's ids
    conf4, conf3 = _rounded_conf(conf)
    place, alts = _chosen_place(store, flat, c, b, conf4, reasons, r >= c.n_exact,
                                ranked[1:4], score)
    name = c.alt_name if r >= c.n_first else c.name
    return Mention(surface, c.start, c.end, name, place, conf3, cues, list(alts))


def _chosen_place(store, flat: _Flat, c, b: int, score: float, reasons: list[str],
                  article: bool, runners_up: list[int], scores: list[float]
                  ) -> tuple[Place, tuple[Place, ...]]:
    """The :class:`Place` of candidate ``c``'s chosen record ``b`` (its reason from
    ``reasons`` and ``article``: :func:`_reason`) and those of its ``runners_up`` (flat
    indices of records, with their ``scores``: the places show them squashed), memoised per
    store on all of these (one look-up per mention; the places themselves come from
    :func:`_place`'s memo)."""
    n = len(c.ids)  # fixes the number of alternatives, hence the key's layout
    # the runners-up's record ids and scores read through map (no comprehension frames)
    key = (b, score, article, c.how, c.gov_cue, c.city_cue, n, *reasons[:3],
           *map(flat.ids_list.__getitem__, runners_up), *map(scores.__getitem__, runners_up))
    memo = flat.chosen_places
    hit = memo.get(key)
    if hit is None:
        alternatives = [flat.ids_list[i] for i in runners_up]
        alt_scores = [scores[i] for i in runners_up]
        cache = flat.places
        alts = tuple(_place(store, i, _squash(v), "alternative", (), cache)
                     for i, v in zip(alternatives, alt_scores, strict=True))
        place = _place(store, b, score, _reason(c, reasons, n, article),
                       tuple([p.id for p in alts]), cache)
        hit = memo[key] = (place, alts)
    return hit


def _weak_common(c) -> bool:
    """A common word whose only evidence is a preposition or a clitic (and an "X في Y" cue)."""
    return not c.major and _LIST not in c.kinds and c.zipf >= COMMON_ZIPF \
        and c.support <= 1 + (_IN in c.kinds)


def _prominent(store, c, b: int) -> bool:
    """A district or subdistrict seat or a town of 20,000+ (record ``b``) named with some
    evidence (a preposition, a verb of motion …) whose name is not a common word (منبج، عفرين،
    داريا, not الباب "the door" or الحراك "the movement"): a place wherever it lies."""
    _, _, rank, _, population = _record_lists(store)
    # two common words rarely happen to spell a town's name: "في عين العرب", "في رأس العين";
    # a district seat's name may be a fairly common word ("إلى الميادين", "في القصير")
    z = PROMINENT_ZIPF_MULTI if c.j - c.i >= 2 else \
        SETTLED_ZIPF if rank[b] >= 2 else PROMINENT_ZIPF
    return c.support >= 1 and c.zipf < z and (rank[b] >= 1 or population[b] >= PROMINENT_POP)


def _unknown(store, rep: _Report, c, surface: str, others, use_context: bool):
    """A name the gazetteer lacks: a site at the settlement it lies in, a spelling variant
    near the report's places, or None."""
    cues = list(c.cues)
    if c.site is not None:
        place = site_place(store, c, surface[len(c.clitic):]) if c.within is not None else None
        return Mention(surface, c.start, c.end, c.name, place, c.site_confidence, cues, [])
    govs = rep.sent_govs.get(c.sentence, set()) if use_context else set()
    if use_context and (others or rep.areas.get(c.sentence) or len(govs) == 1):
        ids = _near_spellings(store, c.name)
        refs = list(others) + [(float(store.lat[a]), float(store.lon[a]))
                               for a in rep.areas.get(c.sentence, [])]
        d = [_nearest_within(px, py, refs, 15.0)
             for px, py in zip(store.lat[ids].tolist(), store.lon[ids].tolist(), strict=True)
             ] if ids else []
        near = [r for r in range(len(ids)) if d[r] <= 15]
        if near:
            x = ids[min(near, key=d.__getitem__)]
            why = f"{min(d):.0f} km from the report's other places"
        elif _LIST in c.kinds:  # «قرى X وY بريف حماة»: a slip in the one governorate named
            slips = _near_spellings(store, c.name, fuzzy=False)
            x = _variant_in(store, slips, govs)
            why = "in the governorate named with it"
            region = getattr(rep, "region", None)
            if x is None and region is not None and not region.default:
                # «بلدات الشدادي ومركدة» in a Hasakah report: الشدادة, in the report's region
                # and near its other places
                x = next((y for y in slips if region.share(
                    float(store.lat[y]), float(store.lon[y]), store.admin1[y]) > 0 and min(
                    (_km1(la, lo, store.lat[y], store.lon[y]) for la, lo in refs),
                    default=math.inf) <= REGION_SLIP_KM), None)
                why = "in the report's region, near its other places"
        else:
            x = None
        if x is not None:
            cues.append(f"spelling:{store.name_ar[x] or store.name_en[x]}")
            place = _place(store, x, 0.45, f"spelling variant; {why}")
            return Mention(surface, c.start, c.end, c.name, place, 0.45, cues, [])
    return Mention(surface, c.start, c.end, c.name, None, 0.3, cues, [])


def _nearest_within(lat: float, lon: float, refs: list[tuple[float, float]],
                    km: float) -> float:
    """The great-circle distance from (lat, lon) to the nearest of ``refs``: exact when it is
    at most ``km``, else some value above ``km`` (inf for none). Refs farther than ``km`` in
    latitude alone (1° of latitude is 111.2 km of great circle; 110 leaves a margin) are not
    measured."""
    deg = km / 110.0
    return min((_km1(la, lo, lat, lon) for la, lo in refs if abs(la - lat) <= deg),
               default=math.inf)


#: a one-slip spelling of a list item in the report's region is taken this close to its places
REGION_SLIP_KM = 40.0


def _variant_in(store, ids: list[int], govs) -> int | None:
    """The first of ``ids`` (spelling variants) in the single governorate of ``govs``."""
    if len(govs) != 1:
        return None
    return next((x for x in ids if store.admin1[x] in govs), None)


_KIND_CODES = KIND_CODE
K_COUNTRY, K_GOV = _KIND_CODES["country"], _KIND_CODES["governorate"]
K_VILLAGE = _KIND_CODES["village"]
_C_CITY, _C_TOWN = _KIND_CODES["city"], _KIND_CODES["town"]
_C_NEIGHBOURHOOD, _C_SUBDISTRICT = _KIND_CODES["neighbourhood"], _KIND_CODES["subdistrict"]
_C_REGION, _C_PLAIN = _KIND_CODES["region"], _KIND_CODES["plain"]


def _arrays(store):
    """Per-record arrays the scorer needs, built once per store: kind codes, curated flag."""
    return store.derived("context.arrays", lambda: _build_arrays(store))


def _build_arrays(store):
    """Kind codes, curated flags and the context-free prior of every record."""
    code = np.array([_KIND_CODES.get(k, 99) for k in store.kind], dtype=np.int16)
    cited = np.array([bool(c) for c in store.citation], dtype=bool)
    areal = (code >= _KIND_CODES["region"]) & (code <= _KIND_CODES["plain"])
    # the context-free part of the prior: rank, population, curated, area
    base = (W.prior_rank * store.rank.astype(float)
            + W.prior_population * np.log10(np.nan_to_num(store.population, nan=0.0) + 1.0)
            + np.where(cited, W.prior_curated, 0.0) + np.where(areal, W.prior_area, 0.0))
    return (code, cited, base)


def _record_lists(store) -> tuple[list[int], list[int], list[int], list[float], list[float]]:
    """Python lists of each record's kind code, admin1 code, rank, context-free prior and
    population, built once per store (read record by record for a report's few dozen
    readings: a numpy scalar read and comparison costs about a microsecond)."""
    def build():
        code, _, base = _arrays(store)
        return (code.tolist(), _admin1_codes(store)[1].tolist(), store.rank.tolist(),
                base.tolist(), store.population.tolist())

    return store.derived("context.record_lists", build)


def _admin1_codes(store) -> tuple[dict[str, int], np.ndarray]:
    """A code for every admin1 name of the store, and each record's code (-1: no admin1)."""
    def build():
        codes: dict[str, int] = {}
        arr = np.asarray([codes.setdefault(x, len(codes)) if x else -1 for x in store.admin1],
                         dtype=np.int64)
        return codes, arr

    return store.derived("context.admin1", build)


def _near_spellings(store, name: str, fuzzy: bool = True) -> list[int]:
    """Populated places whose name is one slip away from ``name`` (a :func:`spelling_variants`
    slip in one word; with ``fuzzy``, also the resolver's fuzzy matches), cached per store."""
    cache = store.memo("context.spellings", 50_000)
    ids = cache.get((name, fuzzy))
    if ids is None:
        lex = name_index(store)
        words = name.split(" ")
        ids = []
        for n, word in enumerate(words):  # one slip in any word: «تل ملا» for «تل مولى»
            before, after = "".join(words[:n]), "".join(words[n + 1:])
            for v in spelling_variants(word):
                hit = lex.lookup(before + v + after)
                if hit:
                    ids += [x for x in hit[0] if store.kind[x] in _POINT_KINDS]
        if fuzzy and hasattr(store, "resolve"):
            with contextlib.suppress(ValueError, KeyError):
                ids += [store.index_of(p.id) for p in store.resolve(name, limit=3)
                        if p.kind in _POINT_KINDS]
        ids = cache[(name, fuzzy)] = list(dict.fromkeys(ids))
    return ids


def _governorates(store) -> dict[str, int]:
    """English governorate name → record id of the governorate."""
    def build():
        g: dict[str, int] = {}
        for i, k in enumerate(store.kind):
            if k == "governorate" and store.source[i] != "extra":
                g.setdefault(store.admin1[i] or store.name_en[i], i)
        return g

    return store.derived("context.governorates", build)


def _prior(store, memo: dict, c, f: _Readings) -> tuple[tuple[float, ...], tuple[bool, ...]]:
    """Context-free score of each reading of candidate ``c`` (its :class:`_Readings` ``f``):
    admin level asked for by the cue words, rank, population; and whether nearness may favour
    each reading. Memoised in ``memo`` per reading set and cue flags."""
    # the cue words, as rendered cues ("cue:قريه"): the tuple the mention reports anyway
    cues = c.cues if _CUE in c.kinds else ()
    key = (c.ids, c.n_exact, bool(c.gov_cue), bool(c.city_cue),
           "cue:قريه" in cues or "cue:قري" in cues, "cue:ناحيه" in cues)
    hit = memo.get(key)
    if hit is None:
        values, governorate_asked, shadowed = _prior_of(store, *key)
        if governorate_asked:
            # "ريف إدلب": the governorate is asked for; nearness must not pull the town back in
            ok = (False,) * len(values)
        else:
            ok = tuple(p and r not in shadowed for r, p in enumerate(f.pointy))
        hit = memo[key] = (values, ok)
    return hit


def _prior_of(store, ids: tuple[int, ...], n_exact: int, gov_cue: bool, city_cue: bool,
              village_cue: bool, subdistrict_cue: bool
              ) -> tuple[tuple[float, ...], bool, tuple[int, ...]]:
    """:func:`_prior` of one candidate's readings: the score of each, whether the
    governorate is asked for among them, and the readings that nearness may not favour."""
    code, gcode, rank, base, _ = _record_lists(store)
    city_cue = city_cue and not gov_cue
    # "ريف/منطقة/شمال X" asks for a governorate only when X names one; otherwise it is the
    # area around the place X ("منطقة السخنة": the town, not its subdistrict's centroid)
    governorate_asked = gov_cue and any(code[x] == K_GOV for x in ids)
    bare = not governorate_asked and not city_cue
    values = []
    for r, x in enumerate(ids):
        q = code[x]
        populated = _C_CITY <= q <= _C_NEIGHBOURHOOD
        # rank, population, a record the curators identified for this news spelling (عين
        # الحور، ترنبة), an area (جبل الزاوية): precomputed per store
        v = base[x]
        # "ناحية كوباني": the subdistrict, not its town (a bare name is the town)
        v += W.prior_subdistrict_cue if subdistrict_cue and q == _C_SUBDISTRICT else 0.0
        v += W.prior_gov_cue_governorate if gov_cue and q == K_GOV else 0.0
        v += W.prior_city_cue_populated if city_cue and populated else 0.0
        # "مدينة X": a town or city rather than a village of the same name
        v += W.prior_city_cue_town if city_cue and _C_CITY <= q <= _C_TOWN else 0.0
        v += W.prior_bare_populated if bare and populated else 0.0
        v += W.prior_bare_governorate if bare and q == K_GOV else 0.0
        v += W.prior_bare_country if bare and q == K_COUNTRY else 0.0
        v += W.prior_village_cue_village if village_cue and q == K_VILLAGE else 0.0
        # matched with ال added/removed: ids after the exact ones of their candidate
        v -= W.prior_article_penalty if r >= n_exact else 0.0
        values.append(v)
    # a Syrian district seat or capital outweighs its namesake villages: nearness to the report's
    # places does not favour the village («من عفرين» in an Aleppo report is the town) unless
    # the mention says "قرية"
    shadowed: tuple[int, ...] = ()
    if not village_cue and any(rank[x] >= 2 and gcode[x] >= 0 and _C_CITY <= code[x] <= K_VILLAGE
                               for x in ids):
        shadowed = tuple(r for r, x in enumerate(ids)
                         if rank[x] < 1 and _C_CITY <= code[x] <= K_VILLAGE)
    return tuple(values), governorate_asked, shadowed


def _confidence(c, margin: float, n: int) -> float:
    """How sure the choice of a reading is (weights: ``[confidence]`` of weights.toml)."""
    support = c.support
    ev = support / 3.0 if support < 3 else 1.0  # min(support, 3) / 3
    if n == 1:
        conf = W.confidence_single + W.confidence_single_evidence * ev
    else:
        conf = W.confidence_base + W.confidence_margin * math.tanh(
            W.confidence_margin_slope * (0.0 if margin < 0.0 else margin)  # max(margin, 0.0)
        ) + W.confidence_evidence * ev
    if c.n_exact == 0:
        conf -= W.confidence_article_penalty
    if c.zipf >= W.confidence_common_zipf and support < W.confidence_common_support:
        conf -= W.confidence_common_penalty
    # min(max(conf, floor), ceiling), without the two calls
    if W.confidence_floor > conf:
        conf = W.confidence_floor
    if W.confidence_ceiling < conf:
        conf = W.confidence_ceiling
    return float(conf)


#: Python's ``round(x, n)`` costs about 0.25 µs (a correctly rounded decimal conversion), and
#: each mention rounds its confidence twice and squashes three runners-up: memo tables of the
#: values seen (on new reports, 60% of the confidences and 74% of the squashed scores were
#: seen in earlier ones), emptied past 100,000 entries. Keys are positive or NaN (never hit).
_SQUASHED: dict[float, float] = {}
_ROUNDED_CONF: dict[float, tuple[float, float]] = {}


def _squash(x: float) -> float:
    """A runner-up's score mapped to (0, 1), to 4 decimals."""
    v = _SQUASHED.get(x)
    if v is None:
        if len(_SQUASHED) > 100_000:
            _SQUASHED.clear()
        v = _SQUASHED[x] = round(1.0 / (1.0 + math.exp(-2.0 * (x - 0.5))), 4)
    return v


def _rounded_conf(conf: float) -> tuple[float, float]:
    """``(round(conf, 4), round(conf, 3))``: the chosen place's score and the mention's
    confidence (``conf`` is at least ``confidence_floor`` > 0)."""
    v = _ROUNDED_CONF.get(conf)
    if v is None:
        if len(_ROUNDED_CONF) > 100_000:
            _ROUNDED_CONF.clear()
        v = _ROUNDED_CONF[conf] = (round(conf, 4), round(conf, 3))
    return v


def _reason(c, reasons: list[str], n: int, article: bool) -> str:
    parts = ["Arabic spelling of its romanised (GeoNames) name" if c.how is How.ROMANISED else
             "name with/without ال" if article else "exact name"]
    if c.gov_cue:
        parts.append("governorate cue")
    elif c.city_cue:
        parts.append("city cue")
    parts += reasons[:3]
    parts.append("only candidate" if n == 1 else f"best of {n}")
    return "; ".join(parts)


def _seat_lists(cands, readings: list[_Readings | None]) -> set[int]:
    """Candidates listed next to (و or a comma, same sentence) a name whose readings are all
    district seats, capitals or governorates: their own seat reading is favoured.
    ``readings``: each candidate's :class:`_Readings` (None for roads and unknown names)."""
    out: set[int] = set()
    for k in range(1, len(cands)):
        a, b = cands[k - 1], cands[k]
        ra, rb = readings[k - 1], readings[k]
        if b.i - a.j > 1 or _LIST not in a.kinds or _LIST not in b.kinds or \
                ra is None or rb is None or a.sentence != b.sentence:
            continue
        if k not in out and ra.seat:
            out.add(k)
        if rb.seat:
            out.add(k - 1)
    return out


def _coherent(anchors: list[tuple[float, float, int]]) -> list[tuple[float, float, int]]:
    """Drop anchors far (> FAR_KM) from every other anchor when most anchors cluster."""
    if len(anchors) < 3:
        return anchors
    lats = [a[0] for a in anchors]
    lons = [a[1] for a in anchors]
    if max(lats) - min(lats) < 0.3 and max(lons) - min(lons) < 0.35:
        return anchors  # all within ~45 km of each other: nothing is far
    ok = _has_near(anchors)
    if ok is not None:
        keep = [a for a, k in zip(anchors, ok, strict=True) if k]
        if len(keep) >= 2:
            return keep
    la = np.array(lats)
    lo = np.array(lons)
    d = _km(la[:, None], lo[:, None], la[None, :], lo[None, :])
    d.flat[::len(anchors) + 1] = np.inf  # the diagonal (np.fill_diagonal, without its checks)
    nn = d.min(axis=1)
    ok = nn <= FAR_KM
    keep = [a for a, k in zip(anchors, ok.tolist(), strict=True) if k]
    if len(keep) >= 2:
        return keep
    # a report about a wider area (Tell Abyad, Qamishli, Hasakah lie 70-160 km apart): an
    # anchor much farther from all the others than they are from each other is the outlier
    far = nn > max(FAR_KM, COHERENT_FACTOR * float(np.median(nn)))
    keep = [a for a, f in zip(anchors, far.tolist(), strict=True) if not f]
    return keep if len(keep) >= 2 and len(keep) >= len(anchors) / 2 else anchors


#: two points whose latitudes and longitudes differ by at most this much in all lie within
#: 0.9 FAR_KM of each other (the flat distance is at most KM_PER_DEG_LON km per degree of
#: |Δlat| + |Δlon|)
_SURELY_NEAR_DEG = 0.9 * FAR_KM / KM_PER_DEG_LON
#: a margin far wider than the last-bit differences between math's and numpy's cos and hypot
_REL_MARGIN = 1e-9


def _has_near(points: list[tuple[float, float, int]]) -> list[bool] | None:
    """Per point, whether another lies within FAR_KM, as :func:`_coherent`'s distance matrix
    decides it — without the matrix: most pairs are settled by a bound on |Δlat| + |Δlon|
    or on |Δlat| alone, the rest by the scalar distance away from the threshold (the same both
    ways: a point found near another marks that one too); None when some pair lies too close
    to it to be sure (the caller takes the matrix)."""
    near_km, far_km = FAR_KM * (1 - _REL_MARGIN), FAR_KM * (1 + _REL_MARGIN)
    flags = [False] * len(points)
    for a, (la, lo, _) in enumerate(points):
        if flags[a]:
            continue  # near a point measured before it (both bounds are symmetric)
        for b, (lb, lob, _) in enumerate(points):
            if b == a:
                continue
            if abs(la - lb) + abs(lo - lob) <= _SURELY_NEAR_DEG:
                flags[a] = flags[b] = True
                break
            if abs(lb - la) * KM_PER_DEG_LAT > far_km:
                continue  # far in latitude alone
            d = _flat_km1(la, lo, lb, lob)
            if d <= near_km:
                flags[a] = flags[b] = True
                break
            if not d > far_km:
                return None
    return flags


def _road_mention(store, text: str, c, cands, chosen, k: int) -> Mention:
    has_place = bool(c.ids)  # the road's gazetteer record, built once below
    corridor: bool | None
    cues = list(c.cues)
    named_west = c.road == "M4" and any(
        w in M4_WEST_TOWNS for w in (c.name.replace(" ", "_"), *c.name.split()))
    if c.road == "M5" or (c.road is None and not has_place):
        corridor = False
    elif named_west:  # "طريق حلب - اللاذقية", "أوتوستراد أريحا اللاذقية": the western M4
        corridor = True
        cues.append("named-west")
    else:
        corridor = None
        # the words after it, up to the next road name ("إم 4" في إدلب و"إم 4" في شمال شرقي …)
        stop = min((d.start for d in cands[k + 1:] if d.kind == "road"), default=len(text))
        tail = text[c.end:min(c.end + 40, stop)]
        if _EAST_WORDS.search(tail):
            corridor = False
            cues.append("east-words")
        else:
            near = _nearest_lon(store, cands, chosen, k)
            if near is None:
                lons = [p[1] for p in chosen if p is not None]
                near = _median(lons) if lons else None
            if near is not None:
                corridor = near < EAST_LON
                cues.append(f"lon:{near:.2f}")
    place = (store.place(c.ids[0], score=0.9, reason=f"road {c.road or ''}".strip())
             if has_place else None)
    conf = 0.9 if place is not None else 0.5
    road = ROAD_RECORDS.get(place.id) if place is not None else None  # the record says which
    return Mention(text[c.start:c.end], c.start, c.end, c.name, place, conf, cues, [],
                   "road", road or _road_identity(c.road, corridor))


#: Road records of the gazetteer whose identity is settled by the record itself.
ROAD_RECORDS = {"curated:m4-east": Road.M4_EAST, "curated:m5": Road.M5}


def _road_identity(code: str | None, west: bool | None) -> Road:
    """The road a mention names, from its code and whether it was read as the western M4."""
    if code == "M5":
        return Road.M5
    if west is True:
        return Road.M4_WEST
    if code == "M4" or (code is None and west is None):
        return Road.M4_EAST if west is False else Road.M4
    return Road.OTHER


def _nearest_lon(store, cands, chosen, k: int) -> float | None:
    """Longitude of the nearest (in the text) place in Syria in the road's sentence. Foreign
    places (موسكو is at 37.6°E) and governorates whose centre lies near the east/west split
    (Aleppo's, 37.6°E, spans both M4s) say nothing about which M4 is meant."""
    best, dist = None, None
    for m, c in enumerate(cands):
        if m == k or c.sentence != cands[k].sentence or c.kind == "road" or not c.ids:
            continue
        x = c.ids[0]
        if not store.admin1[x]:
            continue
        if chosen[m] is not None:
            lo = chosen[m][1]
        elif store.kind[x] in ("governorate", "district", *_AREA_KINDS, *_POINT_KINDS):
            lo = float(store.lon[x])
            if store.kind[x] == "governorate" and abs(lo - EAST_LON) < 0.5:
                continue
        else:
            continue
        d = abs(c.start - cands[k].start) + (0 if m > k else 5)
        if dist is None or d < dist:
            best, dist = lo, d
    return best
