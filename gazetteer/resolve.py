"""Resolve a place name (Arabic or Latin, as users type it) to ranked :class:`Place` candidates.

Steps for one query:

1. **Cue words** are read and removed: ``محافظة/ريف X`` and ``X Governorate/Province``,
   ``rural X``, ``X countryside`` ask for the governorate; ``منطقة X``/``X District`` for the
   district; ``ناحية X``/``X Subdistrict`` for the subdistrict; ``مدينة/بلدة/قرية X`` and
   ``city/town/village of X`` for a populated place; the head nouns of a site named after a
   place (مطار، مخيم، معبر، حاجز، قاعدة، معسكر، سجن، مشفى، حقل …; ``X camp``, ``X crossing``,
   ``X checkpoint``, ``X airport``, ``X base``) for the site or the place itself, unless the
   full query is a known name (جسر الشغور, معبر باب الهوى): the Arabic cue words and the Latin
   heads, with the kinds each allows, are the ``query`` column of the head-noun table
   (:data:`gazetteer.heads.HEADS`, ``data/heads.csv``); directional words (جنوبي إدلب,
   ريف إدلب الجنوبي, southern Idlib) for the area; leading prepositions (في، من، قرب …) go,
   unless the query is a name (علي بكي).
2. **Candidates**: exact normalised name (Arabic spaced or joined form, or Latin key); then
   the name with ال added/removed; then the Syrian final-letter spelling variants
   (:func:`normalize.final_variants`: final ا ↔ ة ↔ ى, الدانة → الدانا, كباني → كبانة,
   scored 0.95, just below exact); then clitics stripped from the first word (وبسراقب →
   سراقب), only when the stem is a known name; then, only when nothing matched, fuzzy
   matching (rapidfuzz) over every Latin key (keys of at most 5 letters need one edit with
   the same first letter or a ratio ≥ 85: xyzzy matches nothing), or over the joined Arabic
   keys for Arabic typos (letter variants ص/س ط/ت …; 1 edit for names of 4–7 letters, 2
   for longer ones: سراقت → سراقب, reason "fuzzy Arabic"), all scored by one weighted edit
   cost (:func:`_ar_edit_cost`). When the context rules out every
   spelling-variant candidate, the typo candidates are tried (كباني in Aleppo: Kobani).
3. **Ranking**: match quality first (exact > article > clitic > fuzzy), then a prior from
   the kind (for a bare name a populated place comes before the admin area of the same
   name: إدلب is the city, محافظة إدلب the governorate), population, admin rank (capital,
   district or subdistrict seat, curated and user entries), notability (number of name
   variants) and the regional :class:`Focus` (default :data:`NW_SYRIA`: Idlib and the
   adjoining parts of Aleppo, Hama and Latakia; ``Gazetteer(focus=None)`` turns it off;
   never applied when context is given). For fuzzy matches the similarity is squared and
   the prior weighs less, so a 95%-similar village beats a 90%-similar big town while
   prominence still breaks near-ties. Arabic typos rank by edit cost first (one edit beats
   two; a dot slip such as ق/ف, then a dropped letter, beats any other edit: سرافب is
   سراقب, not صراف plus a letter), prominence only among equal costs.
4. **Context**: ``near=(lat, lon, radius_km)`` keeps candidates within the radius and
   boosts the closer ones; ``within=(min_lon, min_lat, max_lon, max_lat)`` and
   ``governorate=`` (Arabic or English) keep only candidates inside.
5. **Score** in [0, 1]: the match quality times the prior, lowered when another distinct
   candidate is about as likely; ``reason`` says why (and "weak match" below
   :data:`WEAK_SCORE`); ``alternatives`` lists the others.
6. **Look-alikes**: a fuzzy candidate that is not a spelling of the query — a foreign country
   or city, or (Arabic) a name that needs an unrelated letter in place of one of the query's
   (not a dot slip, a letter variant, a neighbouring key, a dropped, added or swapped letter),
   or (Latin) one whose consonants, transliteration variants folded, differ by a replaced
   consonant or by two or more (:func:`_latin_other_name`) —
   is a suggestion, never an answer: :meth:`Resolver.resolve` leaves it out (so a name with
   only look-alikes is not found) and :meth:`Resolver.suggest` lists it, typed
   (:class:`~gazetteer.place.LookAlike`), scored at most :data:`LOOK_ALIKE_SCORE`.

>>> from gazetteer import Gazetteer
>>> g = Gazetteer.default()
>>> g.resolve("إدلب")[0].kind, g.resolve("محافظة إدلب")[0].kind
('city', 'governorate')
>>> g.resolve("Saraqeb")[0].name_ar
'سراقب'
"""

from __future__ import annotations

import math
import os
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from gazetteer import normalize as N
from gazetteer.distance import great_circle_km as _km
from gazetteer.focus import FOCUS, NW_SYRIA, Focus  # noqa: F401 (importable from here)
from gazetteer.heads import HEADS, HeadTable
from gazetteer.place import ADMIN_UNITS, AREAS, FACILITIES, POPULATED, SEAT_UNITS, LookAlike, Place
from gazetteer.store import USER_RANK, Store

MATCH_SCORE = {"exact": 1.0, "spelling": 0.95, "french": 0.95, "romanised": 0.92,
               "article": 0.9, "clitic": 0.88, "fuzzy": 0.75}
KIND_PRIOR = {
    "country": 1.0, "city": 1.0, "town": 0.92, "village": 0.85, "neighbourhood": 0.6,
    "road": 0.95, "mountain": 0.9, "plain": 0.9, "region": 0.9, "river": 0.9, "hill": 0.85,
    **dict.fromkeys(FACILITIES, 0.85),
    "governorate": 0.72, "district": 0.62, "subdistrict": 0.55,
}
_MATCH_TEXT = {"exact": "exact name", "article": "name with/without the article ال",
               "spelling": "exact name but for a final ا/ة/ى/ت or a dual's ان/ين "
                           "(spelling variant)",
               "clitic": "name after removing attached clitics", "fuzzy": "similar spelling",
               "romanised": "Arabic spelling of its romanised (GeoNames) name",
               "french": "exact name in French transliteration (ch for ش, ou for و)"}
_RANK_TEXT = {3: "capital/governorate seat", 2: "district seat",
              1: "subdistrict seat or curated name"}
LATIN_CUTOFF = 78.0
# fuzzy candidates: similarity dominates, the prior only breaks near-ties (see _resolve)
FUZZY_SHARPNESS = 2.0
FUZZY_PRIOR = 0.3
#: a bracketed qualifier at the end of a curated English name ("Jobar (Damascus)")
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
ALTERNATE_NAME = 0.96
SEAT = 0.98
ARABIC_CUTOFF = 82.0
# a candidate scoring below this is flagged "weak match" in its reason
WEAK_SCORE = 0.25
#: the highest score of a look-alike (:class:`LookAlike`): a suggestion, never an answer
LOOK_ALIKE_SCORE = 0.2
# fuzzy Latin keys of at most SHORT_KEY letters need a closer match: one edit and the same
# first letter, or a ratio of at least SHORT_RATIO (xyzzy must not become a village)
SHORT_KEY = 5
SHORT_RATIO = 85.0
# Arabic typos: edits allowed by key length (letters after the loose fold), shortest first
ARABIC_MAX_EDITS = ((8, 2), (4, 1))
# letters that Syrian spellings swap (emphatic/plain, interdental/sibilant, hamza seats)
_AR_LOOSE_MAP = {"ص": "س", "ث": "س", "ط": "ت", "ض": "د", "ظ": "ز", "ذ": "ز",
                 "ق": "ك", "ؤ": "و", "ئ": "ي", "ء": "", "ع": "ا"}
_AR_LOOSE = str.maketrans(_AR_LOOSE_MAP)
# letters that differ only by their dots (a dot slip is the commonest typo: سرافب for سراقب)
_AR_DOT_GROUPS = ("قف", "بتثني", "جحخ", "دذ", "رز", "سش", "صض", "طظ", "عغ")
_AR_DOT_CLASS = {c: n for n, group in enumerate(_AR_DOT_GROUPS) for c in group}
# rows of the standard Arabic keyboard: a letter typed for one at most two keys away in its row
# is a typo of the same name (النعمام for النعمان), not another name (_needs_plain_substitution)
_AR_KEY_ROWS = ("ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤرىةوزظ")
_AR_KEY_NEIGHBOURS = frozenset(
    frozenset((row[j], row[k])) for row in _AR_KEY_ROWS for j in range(len(row))
    for k in range(j + 1, min(j + 3, len(row))))
# weighted edit distance of Arabic typos (see _ar_edit_cost): a spelling variant of the
# letter (ص for س) is nearly free; a dot slip, then a dropped letter or a long vowel written
# or not, cost a little less than any other edit (they need no wrong letter chosen), so
# that the number of real edits dominates, then the kind of edit
AR_VARIANT_COST = 0.15
AR_DOT_COST = 0.9
AR_MISSING_COST = 0.95
AR_LONG_VOWEL_COST = 0.95
# a plain substitution priced as a dropped plus an added letter: if that raises the edit cost,
# the match needs one letter replaced by an unrelated one (see _needs_plain_substitution)
_PLAIN_SUB_AS_INDEL = AR_MISSING_COST + 1.0

#: A settlement noun after the name, as typed: «عفرين المدينة» (the city of Afrin).
_AR_TRAILING_SETTLEMENT = frozenset(N.arabic(w) for w in ("المدينة", "البلدة", "القرية"))
_AR_DIRECTIONS = frozenset({
    "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "شمال شرق", "شمال غرب",
    "جنوب شرق", "جنوب غرب", "شمال شرقي", "شمال غربي", "جنوب شرقي", "جنوب غربي",
})
_AR_DIR_ADJ = re.compile(r"\s+(ال)?(شمالي|جنوبي|شرقي|غربي|شماليه|جنوبيه|شرقيه|غربيه|اوسط)"
                         r"(\s+(ال)?(شمالي|جنوبي|شرقي|غربي|شماليه|جنوبيه|شرقيه|غربيه))?$")
_AR_AIRPORT_ADJ = re.compile(r"\s+(ال)?(عسكري|مدني|دولي|زراعي)$")
_AR_PREPS = frozenset({"في", "من", "الي", "علي", "قرب", "نحو", "باتجاه", "حول", "داخل", "عند",
                       "بالقرب", "محيط", "اطراف", "اتجاه"})
_LAT_GOV = re.compile(r"\s+(governorate|province|gouvernorat|muhafazat|countryside|"
                      r"region|area)$", re.I)
_LAT_GOV_PRE = re.compile(r"^(rural|the\s+countryside\s+of|countryside\s+of|(northern|southern|"
                          r"eastern|western|north|south|east|west)(ern)?(\s+rural)?)\s+", re.I)
_LAT_DIST = re.compile(r"\s+district$", re.I)
_LAT_SUB = re.compile(r"\s+(sub-?district|nahiya|nahiyah)$", re.I)
_LAT_POP = re.compile(r"^(the\s+)?(city|town|village|camps?)\s+of\s+|\s+(city|town|village)$", re.I)


#: the spaced dash of an incident list's "City - Part"
_DASH = re.compile(r"\s[-–—]\s")
_PARTS = re.compile(rf"[,،;؛()\[\]/]|{_DASH.pattern}")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
#: kinds of place that can qualify a compound query ("Sawran, Azaz"): the name lies in
#: their district
QUALIFIER_KINDS = frozenset({"district", "subdistrict", "city", "town"})


@dataclass(frozen=True)
class Qualifier:
    """Where the second part of a compound query says its name lies: a governorate
    (``admin1`` value), and a district (``admin2`` value) when the part names a district,
    subdistrict or town."""

    governorate: str
    district: str | None = None


class Resolver:
    """Candidates and ranking over a :class:`Store`; ``Gazetteer`` mixes it in."""

    store: Store
    #: the head nouns of queries («مطار X», "X camp"): :data:`gazetteer.heads.HEADS`
    heads: HeadTable = HEADS

    # ------------------------------------------------------------------ public

    def resolve(self, name: str, limit: int = 5, near: tuple[float, float, float] | None = None,
                within: tuple[float, float, float, float] | None = None,
                governorate: str | None = None) -> list[Place]:
        """Ranked candidates for ``name``, best first (an empty list when nothing matches).

        ``near=(lat, lon, radius_km)`` keeps candidates within the radius and prefers the
        closer; ``within=(min_lon, min_lat, max_lon, max_lat)`` keeps those inside the box;
        ``governorate`` (``"Idlib"``, ``"إدلب"``) keeps those in that governorate.
        """
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, not {type(name).__name__}")
        name = name.strip()
        if not name or limit <= 0:
            return []
        near = tuple(float(x) for x in near) if near is not None else None
        within = tuple(float(x) for x in within) if within is not None else None
        out = self._resolve_any(name, int(limit), near, within, governorate or None)
        return [p for p in out if p.look_alike is None]  # look-alikes: see suggest

    def suggest(self, name: str, limit: int = 5,
                near: tuple[float, float, float] | None = None,
                within: tuple[float, float, float, float] | None = None,
                governorate: str | None = None) -> list[Place]:
        """Look-alikes of ``name`` (the "did you mean …" list), best first.

        A look-alike is a fuzzy match to a place of another name (an unrelated letter in
        place of one of the query's, معرة النعسان → معرة النعمان) or of another kind (a
        foreign country or city for a Syrian name, الصحن → الصين). :meth:`resolve` never
        answers with one alone; each carries :attr:`Place.look_alike`, a score of at most
        :data:`LOOK_ALIKE_SCORE` and a reason saying so.

        >>> g = Gazetteer.default()
        >>> g.resolve("معرة النعسان"), g.suggest("معرة النعسان")[0].name_en
        ([], 'Ma`arrat an Nu`man')
        """
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, not {type(name).__name__}")
        name = name.strip()[:300]
        if not name or limit <= 0:
            return []
        near = tuple(float(x) for x in near) if near is not None else None
        within = tuple(float(x) for x in within) if within is not None else None
        out = self._resolve_any(name, int(limit), near, within, governorate or None)
        return [p for p in out if p.look_alike is not None]

    def _resolve_any(self, name, limit, near, within, governorate) -> tuple[Place, ...]:
        """Candidates with the compound-query fallbacks (:meth:`_resolve_parts`)."""
        if len(name) > 300:  # no gazetteer name is that long: treat as text, keep the head
            name = name[:300]
        if near is None and (part := self._part_of(name, limit, within, governorate)):
            return part
        out = self._resolve_cached(name, limit, near, within, governorate)
        if not out or out[0].reason.startswith(_MATCH_TEXT["fuzzy"]) or \
                out[0].look_alike is not None:
            parts = self._resolve_parts(name, limit, near, within, governorate)
            out = parts or out
        return out

    def _resolve_parts(self, name, limit, near, within, governorate) -> tuple[Place, ...]:
        """Fallbacks for compound queries: "سراقب، إدلب" / "Saraqib (Idlib)" / "Sawran, Azaz"
        (the governorate, district, subdistrict or town after a comma or in brackets becomes
        the context), a name followed by one of those without a comma ("الصالحية دمشق",
        "صوران اعزاز") and mixed scripts ("سراقب Saraqib")."""
        parts = [p.strip() for p in _PARTS.split(name) if p.strip()]
        if len(parts) > 1:
            for p in parts[1:] if governorate is None and near is None else ():
                if (ctx := self._qualifier(p)) is not None:
                    out = self._resolve_cached(parts[0], limit, near, within,
                                               ctx.governorate, ctx.district)
                    if out:
                        return out
            out = self._resolve_cached(parts[0], limit, near, within, governorate)
            if out:
                return out
        words = name.split()
        if len(parts) == 1 and len(words) > 1 and governorate is None and near is None:
            # "الصالحية دمشق", "صوران اعزاز": a name, then where it lies
            for n_tail in (1, 2):
                ctx = self._qualifier(" ".join(words[-n_tail:]))
                head = " ".join(words[:-n_tail])
                out = self._resolve_cached(head, limit, near, within, ctx.governorate,
                                           ctx.district) \
                    if ctx is not None and head else ()
                if out and not out[0].reason.startswith(_MATCH_TEXT["fuzzy"]):
                    return out
        if N.has_arabic(name) and _LATIN_LETTER.search(name):
            ar = " ".join(t for t, _, _ in N.tokens(name) if N.has_arabic(t))
            lat = " ".join(w for w in name.split() if not N.has_arabic(w))
            for q in (ar, lat):
                out = self._resolve_cached(q, limit, near, within, governorate) if q else ()
                if out:
                    return out
        return ()

    def _part_of(self, name: str, limit, within, governorate) -> tuple[Place, ...]:
        """An incident list's "City - Part" ("Aleppo - Salah Eddin", "Damascus - Yarmouk
        Camp", «حلب - صلاح الدين»): the part, looked for where the city says, when the
        first part is a governorate, district, subdistrict or town (in ``governorate``, when
        given) and the second is found there; else nothing (a road's ends, "Aleppo -
        Damascus", are no part of a place)."""
        parts = [p.strip() for p in _DASH.split(name)]
        if len(parts) != 2 or not all(parts) or (ctx := self._qualifier(parts[0])) is None \
                or (governorate is not None and
                    self.store.governorate_name(governorate) != ctx.governorate):
            return ()
        out = self._resolve_cached(parts[1], limit, None, within, ctx.governorate,
                                   ctx.district)
        return out if out and out[0].look_alike is None else ()

    def _qualifier(self, text: str) -> Qualifier | None:
        """Where a compound query's second part says its name lies: a governorate (by name),
        else the district of a district, subdistrict or town matched exactly."""
        gov = self.store.governorate_name(text)
        if gov:
            return Qualifier(governorate=gov)
        qual, match, _, _ = self._candidates(text)
        if match not in ("exact", "article"):
            return None
        s = self.store
        ids = [i for i in qual if s.kind[i] in QUALIFIER_KINDS and s.admin1[i] and s.admin2[i]]
        if not ids:
            return None
        i = max(ids, key=lambda j: (s.kind[j] in ADMIN_UNITS, s._rank[j], -j))
        return Qualifier(governorate=s.admin1[i], district=s.admin2[i])

    def candidates(self, name: str) -> tuple[dict[int, float], str, frozenset[str] | None, str]:
        """Unranked candidates of one name: ``(match quality by record id, match label
        ("exact", "article", "clitic", "fuzzy"), wanted kinds from a cue word or None, cue)``."""
        return self._candidates(name.strip())

    # ------------------------------------------------------------------ internals

    def _resolve_cached(self, name, limit, near, within, governorate,
                        district=None) -> tuple[Place, ...]:
        cache = self.__dict__.setdefault("_cache", {})
        k = (name, limit, near, within, governorate, district)
        hit = cache.get(k)
        if hit is None:
            hit = tuple(self._resolve(name, limit, near, within, governorate, district))
            if len(cache) > 100_000:
                cache.clear()
            cache[k] = hit
        return hit

    def _priors(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per-record prior without the kind term, the default kind weights, and the population
        a seat without its own takes from its subdistrict (NaN for the others) (cached)."""
        pri = self.__dict__.get("_prior_cache")
        if pri is None or len(pri[0]) != self.store.n:
            s = self.store
            pop = _seat_population(s)
            pop_w = np.where(np.isnan(pop), 0.0, np.log10(np.nan_to_num(pop) + 1) / 7.0)
            rank_w = (s.rank.astype(np.float64) / 4.0).clip(0, 1)
            names_w = np.array([min(1.0, math.log2(1 + len(s.names_of(i))) / 5)
                                for i in range(s.n)])
            user = np.where(s.rank >= USER_RANK, 0.5, 0.0)
            rest = 0.2 * pop_w.clip(0, 1) + 0.15 * rank_w + 0.06 * names_w + user
            kind_w = np.array([KIND_PRIOR.get(k, 0.7) for k in s.kind])
            seat = np.where(np.isnan(s.population), pop, np.nan)  # a seat's subdistrict's
            pri = (rest, kind_w, seat)
            self._prior_cache = pri
        return pri

    def _resolve(self, name, limit, near, within, governorate, district=None) -> list[Place]:
        # Candidate sets are small (a handful of records), so plain Python beats numpy here;
        # the per-record priors are precomputed once, vectorised (see _priors).
        s = self.store
        qual, match, wanted, cue = self._candidates(name)
        if not qual:
            return []
        lats, lons, kinds = s._lat, s._lon, s.kind
        gov = (s.governorate_name(governorate) or governorate) if governorate else None
        dist: dict[int, float] = {}

        def in_context(qual: dict[int, float]) -> dict[int, float]:
            if near is not None:
                lat0, lon0, radius = near
                dist.update({i: _km(lat0, lon0, lats[i], lons[i]) for i in qual})
                qual = {i: q for i, q in qual.items() if dist[i] <= radius}
            if within is not None:
                x0, y0, x1, y1 = within
                qual = {i: q for i, q in qual.items()
                        if x0 <= lons[i] <= x1 and y0 <= lats[i] <= y1}
            if gov:
                qual = {i: q for i, q in qual.items() if s.admin1[i] == gov}
            if district:
                qual = {i: q for i, q in qual.items() if s.admin2[i] == district}
            return qual

        direct = qual
        qual = self._add_seats(qual, wanted)
        if near is not None or within is not None or gov or district:
            qual = in_context(qual)
        if not qual and match == "spelling":  # the context rules the variant out: typos
            direct, match, wanted, cue = self._fuzzy_arabic(N.spaced(name))
            qual = in_context(self._add_seats(direct, wanted)) if direct else direct
        if not qual:
            return []
        rest, kind_default = self._priors_list()
        # the regional prior breaks near-ties only when the caller gave no context
        focus = self._focus_list() if near is None and within is None and not gov and \
            not district else None
        fuzzy = match == "fuzzy"
        look = self._look_alikes(name, qual) if fuzzy else {}
        # Arabic typos rank by edit cost first (one edit beats two, a dot slip beats another
        # letter: _ar_edit_cost), prominence only among equal costs; a seat added for an admin
        # candidate (_add_seats) shares its tier
        tiered = fuzzy and N.has_arabic(name)
        rank = s._rank
        # between populated places, one whose main name is the query beats one for which it
        # is only an alternate name (Salma, Latakia vs Salma Safa)
        primary = {i for i in self._primary_match(name, qual, match == "spelling")
                   if kinds[i] in POPULATED}
        # ... unless an admin unit of that name lies around it (its seat: ربيعة); when no
        # place has the name as its main name, the seat still beats a far namesake whose
        # alternate it is (Kobani: Ayn al-Arab, seat of the Kobani district, not Afrin)
        primary |= self._seats_among(qual)
        scored = []
        for i, quality in qual.items():
            base = quality
            if primary and i not in primary and kinds[i] in POPULATED:
                base *= ALTERNATE_NAME
            kw = kind_default[i] if wanted is None else (1.0 if kinds[i] in wanted else 0.3)
            prior = min(1.0, 0.55 * kw + rest[i] + (focus[i] if focus else 0.0))
            if fuzzy:  # similarity dominates; prominence only breaks near-ties
                raw = base * (1.0 - FUZZY_PRIOR + FUZZY_PRIOR * prior)
            else:
                raw = base * (0.55 + 0.45 * prior)
            if near is not None:  # closer is better inside the radius
                raw *= 1.0 - 0.15 * dist[i] / max(near[2], 1e-9)
            if rank[i] >= USER_RANK:
                raw = max(raw, base)
            tier = round(direct.get(i, quality / SEAT), 9) if tiered else 0.0
            scored.append((-tier, -raw, i, quality))
        scored.sort()
        # confidence: lowered when a distinct candidate (> 5 km away) scores about as well
        factor = 1.0
        if len(scored) > 1:
            top_raw, top_i = -scored[0][1], scored[0][2]
            rivals = [-r for _, r, j, _ in scored[1:]
                      if _km(lats[top_i], lons[top_i], lats[j], lons[j]) > 5.0]
            if rivals:
                factor = 0.7 + 0.3 * max(0.0, min(1.0, (top_raw - max(rivals)) / 0.1))
        ids = s.ids
        all_ids = tuple(ids[i] for _, _, i, _ in scored[: max(limit, 10)])
        n = len(scored)
        out = []
        prev = 1.0
        for r, (_, neg, i, base) in enumerate(scored[:limit]):
            # never above a candidate ranked before it (tiers can outrank a higher prior)
            score = prev = min(prev, round(min(1.0, max(0.0, -neg * factor)), 4))
            if i in look:  # capped, but not the candidates after it (they may be answers)
                score = min(score, LOOK_ALIKE_SCORE)
            area = f"{district} district, {gov}" if district else gov
            reason = self._reason(i, match, cue, base, n, r, dist.get(i), area,
                                  alternate=(bool(primary) and i not in primary and not fuzzy
                                             and kinds[i] in POPULATED),
                                  arabic=fuzzy and N.has_arabic(name),
                                  weak=score < WEAK_SCORE)
            if i in look:
                reason = f"look-alike, not an answer: {look[i].value}; {reason}"
            out.append(s.place(i, score=score, reason=reason, look_alike=look.get(i),
                               alternatives=tuple(x for x in all_ids if x != ids[i])))
        return out

    def _look_alikes(self, name: str, qual: dict[int, float]) -> dict[int, LookAlike]:
        """Fuzzy candidates that are look-alikes, not spellings of the query: a foreign
        country or city (another kind), or for an Arabic query a name that needs an unrelated
        letter in place of one of the query's (another name; a dot slip, a letter variant, a
        dropped or added letter or two swapped ones are typos of the same name)."""
        s = self.store
        out: dict[int, LookAlike] = {}
        raw = N.spaced(name).replace(" ", "") if N.has_arabic(name) else ""
        for i in qual:
            if s.kind[i] == "country" or (s.source[i] == "curated" and s.admin1[i] is None):
                out[i] = LookAlike.ANOTHER_KIND
            elif raw:
                keys = [k.replace(" ", "") for k in map(N.spaced, s.names_of(i))
                        if k and N.has_arabic(k)]
                best = min(keys, key=lambda k: _ar_edit_cost(raw, k), default=None)
                if best is not None and _needs_plain_substitution(raw, best):
                    out[i] = LookAlike.ANOTHER_NAME
            else:
                q = _latin_skeleton(N.latin(name))
                keys = {_latin_skeleton(N.latin(n)) for n in s.names_of(i)
                        if not N.has_arabic(n)}
                if keys and all(_latin_other_name(q, k) for k in keys):
                    out[i] = LookAlike.ANOTHER_NAME
        return out

    def _primary_match(self, name: str, qual: dict[int, float], spelling: bool = False) -> set[int]:
        """Records whose main Arabic or Latin name is the query (not just an alternate); with
        ``spelling``, or one of its final-letter variants."""
        s = self.store
        if N.has_arabic(name):
            cache = self.__dict__.setdefault("_primary_ar", {})
            q = N.strip_article(N.key(name))
            names, fn = s.name_ar, lambda n: N.strip_article(N.key(n))
            if spelling:
                qs = {q} | {N.strip_article(v.replace(" ", ""))
                            for v in N.final_variants(N.spaced(name))}
                out = set()
                for i in qual:
                    k = cache.get(i)
                    if k is None:
                        k = cache[i] = fn(names[i])
                    if k in qs:
                        out.add(i)
                return out
        else:
            cache = self.__dict__.setdefault("_primary_lat", {})
            q = N.latin(name)
            # (a curated name's bracketed qualifier is no part of it: "Jobar (Damascus)")
            names, fn = s.name_en, lambda n: N.latin(_QUALIFIER.sub("", n))
        out = set()
        for i in qual:
            k = cache.get(i)
            if k is None:
                k = cache[i] = fn(names[i])
            if k == q:
                out.add(i)
        return out

    def _seats_among(self, qual: dict[int, float]) -> set[int]:
        """Populated candidates near a district/subdistrict candidate of the same name: one
        place seen twice (the unit and its seat), so the name is as good as their main name."""
        s = self.store
        admins = [i for i in qual if s.kind[i] in SEAT_UNITS]
        if not admins:
            return set()
        lat, lon = s._lat, s._lon
        return {j for j in qual if s.kind[j] in POPULATED and any(
            _km(lat[i], lon[i], lat[j], lon[j]) <= (40.0 if s.kind[i] == "district" else 15.0)
            for i in admins)}

    def _priors_list(self) -> tuple[list[float], list[float]]:
        pl = self.__dict__.get("_prior_list")
        if pl is None or len(pl[0]) != self.store.n:
            rest, kind_w, _ = self._priors()
            pl = (rest.tolist(), kind_w.tolist())
            self._prior_list = pl
        return pl

    def _focus_list(self) -> list[float] | None:
        """Per-record regional prior (:class:`Focus`), or None when focus is off (cached)."""
        focus = getattr(self, "focus", NW_SYRIA)
        if focus is None:
            return None
        fl = self.__dict__.get("_focus_cache")
        if fl is None or fl[0] is not focus or len(fl[1]) != self.store.n:
            s = self.store
            fl = (focus, [focus.boost(la, lo, a)
                          for la, lo, a in zip(s._lat, s._lon, s.admin1, strict=True)])
            self._focus_cache = fl
        return fl[1]

    def _add_seats(self, qual: dict[int, float], wanted) -> dict[int, float]:
        """Add the town that an admin candidate is named after (Menbij district -> Manbij)."""
        s = self.store
        if wanted is not None and not (wanted & POPULATED):
            return qual
        # … unless a populated place matches the name as well (a weaker fuzzy village does
        # not stop "Daret Azze", the subdistrict, from giving its seat دارة عزة)
        best_place = max((q for i, q in qual.items() if s.kind[i] in POPULATED), default=0.0)
        admins = [i for i in qual if s.kind[i] in SEAT_UNITS and qual[i] > best_place]
        if not admins:
            return qual
        out = dict(qual)
        for i in admins:
            radius = 40.0 if s.kind[i] == "district" else 30.0
            name = re.sub(r"^(مركز|ناحية)\s+", "", s.name_ar[i])
            for j in _named_with_or_without_article(s, name):
                if (s.kind[j] in POPULATED and j not in out
                        and _km(s._lat[i], s._lon[i], s._lat[j], s._lon[j]) <= radius):
                    out[j] = qual[i] * SEAT
        return out

    def _reason(self, i, match, cue, base, n, r, dist, gov, alternate=False,
                arabic=False, weak=False) -> str:
        ratio = base / MATCH_SCORE[match]
        if match == "fuzzy":
            sim = 50 + 50 * ratio ** (1 / FUZZY_SHARPNESS)
            head = (f"similar spelling ({sim:.0f}%{', fuzzy Arabic' if arabic else ''}"
                    f"{', weak match' if weak else ''})")
            weak = False
        elif abs(ratio - MATCH_SCORE["article"]) < 1e-6:
            head = _MATCH_TEXT[match] + " (with/without the article ال)"
        elif abs(ratio - SEAT) < 1e-6:
            head = _MATCH_TEXT[match] + " (seat of the admin unit of that name)"
        else:
            head = _MATCH_TEXT[match]
        if alternate:
            head += " (an alternate name)"
        parts = [head, "weak match"] if weak else [head]
        if cue:
            parts.append(f"cue '{cue}'")
        parts.append(self._record_reason(i))
        if dist is not None:
            parts.append(f"{dist:.1f} km from the given point")
        if gov:
            parts.append(f"in {gov}")
        if n > 1:
            parts.append(f"{'best' if r == 0 else 'rank ' + str(r + 1)} of {n} candidates")
        return "; ".join(parts)

    def _record_reason(self, i: int) -> str:
        """The part of a reason that depends on the record only (cached)."""
        cache = self.__dict__.setdefault("_record_reasons", {})
        text = cache.get(i)
        if text is None:
            s = self.store
            parts = [s.kind[i]]
            rank = int(s._rank[i])
            if s.source[i] == "extra":
                parts.append("user extra entry")
            elif s.kind[i] in POPULATED and rank in _RANK_TEXT:
                parts.append(_RANK_TEXT[rank])
            if s._pop[i]:
                parts.append(f"population {int(s._pop[i]):,}")
            elif s.kind[i] in POPULATED and not np.isnan(seat := self._priors()[2][i]):
                parts.append(f"seat of a subdistrict of {int(seat):,} people")
            if s.geometry[i] != "point":
                parts.append(s.geometry[i])
            text = cache[i] = "; ".join(parts)
        return text

    # ------------------------------------------------------------------ candidates

    def _candidates(self, name: str):
        """``(quality by record id, match label, wanted kinds or None, cue)``."""
        if N.has_arabic(name):
            return self._arabic_candidates(name)
        return self._latin_candidates(name)

    def _arabic_candidates(self, name: str):
        sp = N.spaced(name)
        if not sp:
            return {}, "", None, ""
        words = sp.split(" ")
        # في، من، قرب … (unless the whole query is a name: علي بكي is a village, not على بكي)
        while len(words) > 1 and words[0] in _AR_PREPS and not self._is_name(" ".join(words)):
            words = words[1:]
        if len(words) > 1 and words[0] == "من":  # بالقرب من
            words = words[1:]
        cues = self.heads
        if len(words) > 1 and not cues.cue(words[0]) and words[0] not in _AR_DIRECTIONS:
            for stem in N.strip_clitics(words[0])[1:]:  # بريف إدلب, وجنوبي حلب
                if cues.cue(stem) or stem in _AR_DIRECTIONS:
                    words = [stem, *words[1:]]
                    break
        cue, wanted = "", None
        rest = words
        head = cues.cue(words[0]) if len(words) > 1 else None
        if head is not None:
            cue, wanted, rest = words[0], head.query, words[1:]
            while (len(rest) > 1 and cues.cue(rest[0])  # مخيمات بلدة أطمة (not: مدينة
                   and not self._lookup_ar(" ".join(rest))[0]):  # جسر الشغور)
                rest = rest[1:]
        elif len(words) > 2 and " ".join(words[:2]) in _AR_DIRECTIONS:
            cue, wanted, rest = " ".join(words[:2]), frozenset({"governorate"} | AREAS), words[2:]
        elif len(words) > 1 and words[0] in _AR_DIRECTIONS:
            cue, wanted, rest = words[0], frozenset({"governorate"} | AREAS), words[1:]
        elif len(words) > 1 and words[-1] in _AR_TRAILING_SETTLEMENT and (
                tail := cues.cue(words[-1][len(N.ARTICLE):])) is not None and \
                self._lookup_ar(" ".join(words[:-1]))[1] == "exact":
            cue, wanted, rest = words[-1], tail.query, words[:-1]  # عفرين المدينة
        rest_s = " ".join(rest)
        if head is not None and head.site == "airport":  # مطار أبو الظهور العسكري
            rest_s = _AR_AIRPORT_ADJ.sub("", rest_s)
        m = _AR_DIR_ADJ.search(rest_s) if len(rest) > 1 else None
        if m and m.start() > 0:  # ريف إدلب الجنوبي, إدلب الجنوبية
            rest_s = rest_s[: m.start()]
            if not cue:
                cue, wanted = m.group(0).strip(), frozenset({"governorate"} | AREAS)
        full = " ".join(words)
        # steps 1-3 with exact names (and the article), then with final-letter spelling
        # variants (الدانة → الدانا, 0.95), then 4. with clitics removed (0.88), exact then
        # variants, and only then 5. typos
        for clitics, spelling in ((False, False), (False, True), (True, False), (True, True)):
            if spelling and not clitics and " " not in full:
                fk = self._final_keys()
                if _fold_finals(full) not in fk and (not cue or _fold_finals(rest_s) not in fk):
                    continue  # no known name differs from it only in final letters
            found = self._arabic_steps(full, rest_s, cue, wanted, spelling, clitics,
                                       named_after=head is not None and head.named_after)
            if found is not None:
                return found
        return self._fuzzy_arabic(full)

    def _arabic_steps(self, full: str, rest_s: str, cue: str, wanted, spelling: bool,
                      clitics: bool, named_after: bool = False):
        s = self.store
        f = MATCH_SCORE["spelling"] - 1e-9  # a spelling variant of the name itself, no article
        if clitics:
            first, *tail = full.split(" ")  # 4. clitics on the first word
            for stem in N.strip_clitics(first)[1:]:
                qual, how = self._lookup_ar(" ".join([stem, *tail]), spelling)
                if qual:
                    c = MATCH_SCORE["clitic"]
                    return {i: q * c for i, q in qual.items()}, "clitic", None, ""
            return None
        if cue:  # 1. the cue's kind of place: the full name, then the name after the cue
            qual, how = self._lookup_ar(full, spelling)
            filt = (qual if named_after else
                    {i: q for i, q in qual.items() if s.kind[i] in wanted})
            if filt and (how == "exact" or (how == "spelling" and max(filt.values()) >= f)):
                return filt, how, wanted, ""
            full_filt, full_how = filt, how
            qual, how = self._lookup_ar(rest_s, spelling)
            filt = {i: q for i, q in qual.items() if s.kind[i] in wanted}
            if full_filt and full_how == "article" and how != "exact":
                return full_filt, full_how, wanted, ""  # جسر شغور: جسر الشغور, not a bridge
            if filt:
                return filt, how, wanted, cue
        qual, how = self._lookup_ar(full, spelling)  # 2. the full name (ريف دمشق: governorate)
        if qual:
            return qual, how, None, ""
        if cue:  # 3. the name without the cue, any kind
            qual, how = self._lookup_ar(rest_s, spelling)
            if qual:
                return qual, how, None, cue
        return None

    def _lookup_ar(self, spaced_name: str, spelling: bool = False) -> tuple[dict[int, float], str]:
        """Exact names (1.0) and article variants (0.9) of a spaced name, else the Arabic
        spellings of romanised names (0.92, :func:`gazetteer.build.romanised_keys`); with
        ``spelling``, those of its final-letter variants instead
        (:func:`normalize.final_variants`, 0.95 and 0.95 × 0.9)."""
        if not spaced_name:
            return {}, ""
        s = self.store
        if spelling:
            fk = self._final_keys()
            if (_fold_finals(spaced_name) not in fk
                    and _fold_finals(spaced_name.replace(" ", "")) not in fk):
                return {}, ""  # no known name differs from it only in final letters
            qual: dict[int, float] = {}
            f, fa = MATCH_SCORE["spelling"], MATCH_SCORE["spelling"] * MATCH_SCORE["article"]
            ai, avi = s.arabic_index, s.arabic_variant_index
            for v in N.final_variants(spaced_name):
                j = v.replace(" ", "")
                for i in avi.get(v) or avi.get(j) or ():
                    qual.setdefault(i, fa)
                for i in ai.get(v) or ai.get(j) or ():
                    qual[i] = f
            return qual, ("spelling" if qual else "")
        joined = spaced_name.replace(" ", "")
        exact = s.arabic_index.get(spaced_name) or s.arabic_index.get(joined) or ()
        variant = (s.arabic_variant_index.get(spaced_name)
                   or s.arabic_variant_index.get(joined) or ())
        romanised = () if exact or variant else (
            s.arabic_romanised_index.get(spaced_name) or s.arabic_romanised_index.get(joined)
            or ())
        qual = dict.fromkeys(romanised, MATCH_SCORE["romanised"])
        qual.update(dict.fromkeys(variant, MATCH_SCORE["article"]))
        qual.update(dict.fromkeys(exact, MATCH_SCORE["exact"]))
        return qual, ("exact" if exact else "article" if variant else
                      "romanised" if romanised else "")

    def _is_name(self, spaced_name: str) -> bool:
        """Whether a multi-word spaced name is a known name, exactly or but for final letters
        (only names whose first word starts some known multi-word name are looked up)."""
        fw = self.__dict__.get("_first_words")
        s = self.store
        n = len(s.arabic_index) + len(s.arabic_variant_index)
        if fw is None or fw[0] != n:
            fw = self._first_words = (n, frozenset(
                k.split(" ", 1)[0] for index in (s.arabic_index, s.arabic_variant_index)
                for k in index if " " in k))
        if spaced_name.split(" ", 1)[0] not in fw[1]:
            return False
        return (self._lookup_ar(spaced_name)[1] == "exact"
                or bool(self._lookup_ar(spaced_name, spelling=True)[0]))

    def _final_keys(self) -> frozenset[str]:
        """Index keys with their final letters folded (:func:`_fold_finals`), cached: a quick
        test before trying the final-letter variants of a query (its spaced or joined form)."""
        fk = self.__dict__.get("_final_keys_cache")
        if fk is None:  # extra CSVs are merged at construction, before any query
            s = self.store
            fk = self._final_keys_cache = frozenset(
                _fold_finals(k) for index in (s.arabic_index, s.arabic_variant_index)
                for k in index)
        return fk

    def _fuzzy_arabic(self, spaced_name: str):
        """Typos and emphatic/plain letter variants (كنصفرة / كنسفرة, سراقت / سراقب).

        Only reached when no exact, article or clitic match exists. Candidate keys (joined
        names) are found on the loose fold (:data:`_AR_LOOSE`): keys equal to the query but
        for letter variants, else keys within :data:`ARABIC_MAX_EDITS` edits (OSA: a swap of
        two neighbours is one edit) of a query of at least 4 letters, or with a rapidfuzz
        ratio of at least :data:`ARABIC_CUTOFF` (a missing تل). Every candidate is then
        scored the same way, by its weighted edit cost (:func:`_ar_edit_cost`) over the
        query's length: ``100 * (1 - cost / length)``. So one edit beats two however the
        candidates were found, a dot slip (ق/ف) beats another letter, and candidates
        with the same cost are ranked by prominence (see :meth:`_resolve`).
        """
        s = self.store
        loose = self.__dict__.get("_ar_loose")
        if loose is None or loose[2] != len(s.arabic_index):
            groups: dict[str, list[str]] = {}
            for k in s.arabic_index:
                if " " not in k:
                    groups.setdefault(k.translate(_AR_LOOSE), []).append(k)
            loose = self._ar_loose = (groups, NgramIndex(groups), len(s.arabic_index))
        groups, index, _ = loose
        raw = spaced_name.replace(" ", "")
        q = raw.translate(_AR_LOOSE)
        n = len(q)
        maxd = next((d for m, d in ARABIC_MAX_EDITS if n >= m), 0)
        if not maxd:
            return {}, "", None, ""
        if q in groups:
            found = [q]
        else:  # few edits, or a high similarity ratio (a missing تل, an extra word)
            found = sorted({k for k, _ in index.search(q, ARABIC_CUTOFF, limit=8)}
                           | {k for k, _ in index.search_edits(q, maxd, limit=40)})
        hits = [(k, 100.0 * (1 - _ar_edit_cost(raw, k) / len(raw)))
                for lk in found for k in groups[lk]]
        return self._fuzzy_result([h for h in hits if h[1] > 50.0], s.arabic_index)

    @staticmethod
    def _fuzzy_result(hits, index):
        qual: dict[int, float] = {}
        for key, score in hits:
            # sharp: 95% >> 90% >> 80%, so that a near-exact village beats a big town
            q = MATCH_SCORE["fuzzy"] * (max(0.0, score - 50) / 50) ** FUZZY_SHARPNESS
            for i in index[key]:
                qual[i] = max(qual.get(i, 0.0), q)
        if not qual:
            return {}, "", None, ""
        return qual, "fuzzy", None, ""

    def _latin_candidates(self, name: str):
        s = self.store
        q = " ".join(name.replace("_", " ").split())
        cue, wanted, rest = "", None, q
        for rx, kinds, label in (
            (_LAT_GOV, frozenset({"governorate"} | AREAS), "governorate"),
            (_LAT_GOV_PRE, frozenset({"governorate"} | AREAS), "countryside"),
            (_LAT_SUB, frozenset({"subdistrict"}), "subdistrict"),
            (_LAT_DIST, frozenset({"district"}), "district"),
            (_LAT_POP, POPULATED, "populated place"),
        ):
            stripped = rx.sub(" ", q).strip()
            if stripped and stripped != q:
                cue, wanted, rest = label, kinds, stripped
                break
        named_after = False
        if not cue and (found := self.heads.latin_head(q)) is not None:  # "Atmeh camp"
            rest, cue, head = found
            wanted, named_after = head.query, head.named_after
        exact = MATCH_SCORE["exact"]
        if named_after and s.lookup_latin(q):  # Bab al-Hawa crossing: a name of its own
            return dict.fromkeys(s.lookup_latin(q), exact), "exact", None, ""
        if cue:
            filt = {i: exact for i in s.lookup_latin(rest) if s.kind[i] in wanted}
            if filt:
                return filt, "exact", wanted, cue
        ids = s.lookup_latin(q)
        if ids:
            return dict.fromkeys(ids, exact), "exact", None, ""
        if not cue and (french := N.french_as_english(q)) is not None and \
                (ids := s.lookup_latin(french)):
            return dict.fromkeys(ids, MATCH_SCORE["french"]), "french", None, ""
        if cue and s.lookup_latin(rest):
            return dict.fromkeys(s.lookup_latin(rest), exact), "exact", None, cue
        key = N.latin(rest)
        if len(key) < 3:
            return {}, "", None, ""
        hits = _latin_extract(self, key)
        if len(key) <= SHORT_KEY:
            hits = _close_short(key, hits)
        qual, how, _, _ = self._fuzzy_result(hits, s.latin_index)
        if cue and qual:
            filt = {i: v for i, v in qual.items() if s.kind[i] in wanted}
            if filt:
                return filt, how, wanted, cue
        return qual, how, None, cue


_VOWELS = re.compile(r"(?<=.)[aiu]")


def _skeleton(key: str) -> str:
    return _VOWELS.sub("", key)


class NgramIndex:
    """Bigram prefilter + rapidfuzz ``ratio`` over a list of keys (fast fuzzy lookup).

    A key can only reach a ratio of ``cutoff`` with the query if it shares enough padded
    bigrams with it and has a similar length; only those keys are scored by rapidfuzz.
    """

    def __init__(self, keys: Sequence[str]):
        self.keys = list(keys)
        self.lens = np.fromiter((len(k) for k in self.keys), dtype=np.int32, count=len(self.keys))
        post: defaultdict[str, list[int]] = defaultdict(list)
        for i, k in enumerate(self.keys):
            k = f"^{k}$"
            for gram in {k[j:j + 2] for j in range(len(k) - 1)}:  # as _grams, inlined
                post[gram].append(i)
        self.post = {g: np.asarray(v, dtype=np.int32) for g, v in post.items()}

    @staticmethod
    def _grams(key: str) -> set[str]:
        k = f"^{key}$"
        return {k[j:j + 2] for j in range(len(k) - 1)}

    def _shared_grams(self, query: str) -> tuple[set[str], np.ndarray | None]:
        """The query's bigrams and, per key, how many of them it shares (None: no key shares)."""
        grams = self._grams(query)
        arrays = [self.post[g] for g in grams if g in self.post]
        if not arrays:
            return grams, None
        return grams, np.bincount(np.concatenate(arrays), minlength=len(self.keys))

    def search(self, query: str, cutoff: float, limit: int = 12) -> list[tuple[str, float]]:
        from rapidfuzz import fuzz, process

        grams, counts = self._shared_grams(query)
        if counts is None:
            return []
        n = len(query)
        c = cutoff / 100
        lo, hi = math.floor(n * c / (2 - c)), math.ceil(n * (2 - c) / c)
        need = max(1, math.ceil(len(grams) * 0.4))
        cand = np.nonzero((counts >= need) & (self.lens >= lo) & (self.lens <= hi))[0]
        keys = self.keys
        hits = process.extract(query, [keys[i] for i in cand], scorer=fuzz.ratio, limit=limit,
                               score_cutoff=cutoff)
        return [(k, sc) for k, sc, _ in hits]

    def search_edits(self, query: str, max_edits: int, limit: int = 40) -> list[tuple[str, int]]:
        """Keys within ``max_edits`` (OSA distance: insert, delete, substitute, swap two
        neighbours) of ``query``, fewest edits first: ``[(key, edits), …]``."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        grams, counts = self._shared_grams(query)
        if counts is None:
            return []
        n = len(query)
        need = max(1, len(grams) - 3 * max_edits)  # one edit breaks at most 3 bigrams
        cand = np.nonzero((counts >= need) & (np.abs(self.lens - n) <= max_edits))[0]
        keys = self.keys
        hits = process.extract(query, [keys[i] for i in cand], scorer=OSA.distance,
                               limit=limit, score_cutoff=max_edits)
        return sorted(((k, int(d)) for k, d, _ in hits), key=lambda t: (t[1], t[0]))


def _latin_extract(res: Resolver, key: str) -> list[tuple[str, float]]:
    """Fuzzy Latin keys for ``key``: ratio mixed with the consonant skeleton, best first."""
    from rapidfuzz import fuzz

    index = res.__dict__.get("_latin_ngrams")
    if index is None or len(index.keys) != len(res.store.latin_index):
        index = res._latin_ngrams = NgramIndex(res.store.latin_index)
    hits = index.search(key, LATIN_CUTOFF, limit=12)
    sk = _skeleton(key)
    scored = [(k, 0.6 * sc + 0.4 * fuzz.ratio(sk, _skeleton(k))) for k, sc in hits]
    scored.sort(key=lambda t: (-t[1], t[0]))
    return scored[:8]


@lru_cache(maxsize=100_000)
def _fold_finals(spaced_name: str) -> str:
    """The first three words with what :func:`normalize.final_variants` varies folded: a
    dual's ين → ان, then a final ا/ه/ي/ت → ا.

    >>> _fold_finals("كفري ابو ته عليه جديده"), _fold_finals("حريتين") == _fold_finals("حريتان")
    ('كفرا ابو ته عليه جديده', True)
    """
    words = spaced_name.split(" ")
    for n, w in enumerate(words[:3]):
        if len(w) >= 5 and w.endswith("ين"):
            w = w[:-2] + "ان"
        if len(w) >= 3 and w[-1] in "اهيت":
            w = w[:-1] + "ا"
        words[n] = w
    return " ".join(words)


def _close_short(key: str, hits: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Fuzzy hits for a short key (at most :data:`SHORT_KEY` letters) that are close enough:
    one edit away with the same first letter, or a similarity (the score of
    :func:`_latin_extract`, spelling and consonant skeleton) of at least :data:`SHORT_RATIO`.
    One edit in four letters is a quarter of the name: xyzzy (xizi) must not match kizi."""
    from rapidfuzz.distance import OSA

    return [(k, sc) for k, sc in hits
            if sc >= SHORT_RATIO or (k[:1] == key[:1] and OSA.distance(key, k) <= 1)]


@lru_cache(maxsize=100_000)
def _ar_edit_cost(a: str, b: str, plain_sub: float = 1.0) -> float:
    """Weighted OSA edit distance from a normalised Arabic query ``a`` to a name ``b``.

    A letter of the query that the name lacks, or two swapped neighbours, cost 1 (a long
    vowel ا/و/ي written where the name leaves it out, بينين for بنين,
    :data:`AR_LONG_VOWEL_COST`); a letter of the name that the query lacks
    :data:`AR_MISSING_COST`; a substituted letter 1, or
    :data:`AR_DOT_COST` when the two differ only by their dots (ق/ف, ب/ت/ن/ي …), or
    :data:`AR_VARIANT_COST` for a spelling variant of the letter (ص/س, ق/ك, ع/ا; a hamza ء
    added or dropped). So sorting by cost sorts by the number of real edits first, then by
    their kind.

    >>> _ar_edit_cost("سرافب", "سراقب"), _ar_edit_cost("سرافب", "صراف")
    (0.9, 1.15)
    >>> _ar_edit_cost("سارقب", "سراقب"), _ar_edit_cost("سراب", "سراقب")
    (1.0, 0.95)
    >>> _ar_edit_cost("كنصفره", "كنسفره"), _ar_edit_cost("سراقبب", "سراقب")
    (0.15, 1.0)
    >>> _ar_edit_cost("بينين", "بنين"), _ar_edit_cost("بينين", "بيرين")
    (0.95, 1.0)
    """
    def extra(x: str) -> float:  # a letter of the query that the name lacks
        return AR_VARIANT_COST if x == "ء" else AR_LONG_VOWEL_COST if x in "اوي" else 1.0

    def missing(y: str) -> float:  # a letter of the name that the query lacks
        return (AR_VARIANT_COST if y == "ء" else AR_LONG_VOWEL_COST if y in "اوي"
                else AR_MISSING_COST)

    missing_b = [missing(y) for y in b]
    prev2: list[float] = []
    prev = [0.0]
    for m in missing_b:
        prev.append(prev[-1] + m)
    for i, x in enumerate(a, 1):
        extra_x = extra(x)
        cur = [prev[0] + extra_x]
        for j, y in enumerate(b, 1):
            c = min(prev[j] + extra_x, cur[j - 1] + missing_b[j - 1],
                    prev[j - 1] + _ar_sub_cost(x, y, plain_sub))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y and x != y:
                c = min(c, prev2[j - 2] + 1.0)
            cur.append(c)
        prev2, prev = prev, cur
    return round(prev[-1], 6)


@lru_cache(maxsize=65536)
def _ar_sub_cost(x: str, y: str, plain_sub: float) -> float:
    """What :func:`_ar_edit_cost` charges for letter ``x`` of the query read as ``y``."""
    if x == y:
        return 0.0
    if _AR_LOOSE_MAP.get(x, x) == _AR_LOOSE_MAP.get(y, y):
        return AR_VARIANT_COST
    dx = _AR_DOT_CLASS.get(x)
    if dx is not None and dx == _AR_DOT_CLASS.get(y):
        return AR_DOT_COST
    return 1.0 if frozenset((x, y)) in _AR_KEY_NEIGHBOURS else plain_sub


#: The seat of a subdistrict lies within this distance of the subdistrict's centroid (large
#: desert subdistricts put it 20–30 km away).
SEAT_RADIUS_KM = 30.0


def _named_with_or_without_article(s, name: str) -> list[int]:
    """Records whose Arabic name is ``name`` with or without the article, in id order: an
    admin unit's seat may be spelt either way (OpenSyria's subdistrict كسرة, the town
    الكسرة)."""
    bare = N.strip_article(name)
    return sorted({i for n in (bare, N.ARTICLE + bare) for i in s.lookup_arabic(n)[0]})


def _seat_population(s) -> np.ndarray:
    """Each record's population for the prior: its own, or for a subdistrict's seat that has
    none the subdistrict's. The seat is the populated place of the subdistrict's name in its
    governorate (with or without the article), the nearest within :data:`SEAT_RADIUS_KM` of its
    centroid (twice that when it is the only place of that name in the governorate).

    The seat of a subdistrict of 58,000 people is no hamlet: without this, a bare «المنصورة»
    ranked a Latakia hamlet of that name above the seat of the Raqqa subdistrict. Only the
    prior reads this; a place's ``population`` stays the source's figure.
    """
    pop = s.population.copy()
    for j in np.flatnonzero(np.asarray(s.kind) == "subdistrict"):
        if np.isnan(s.population[j]) or not s.name_ar[j]:
            continue
        seats = [(_km(s.lat[i], s.lon[i], s.lat[j], s.lon[j]), i)
                 for i in _named_with_or_without_article(s, s.name_ar[j])
                 if s.kind[i] in POPULATED and s.admin1[i] == s.admin1[j]]
        d, i = min(seats, default=(math.inf, -1))
        radius = SEAT_RADIUS_KM * (2 if len(seats) == 1 else 1)  # the only one of its name
        if d <= radius and np.isnan(pop[i]):
            pop[i] = s.population[j]
    return pop


def did_you_mean(name: str, suggestions: Sequence[Place]) -> str:
    """The one line to print for a name that :meth:`Resolver.resolve` did not find:
    ``not found: NAME`` and, when :meth:`Resolver.suggest` has look-alikes, ``; did you
    mean …?`` with each one's name, kind and governorate.

    >>> g = Gazetteer.default()
    >>> did_you_mean("معرة النعسان", g.suggest("معرة النعسان", limit=1))
    "not found: 'معرة النعسان'; did you mean معرة النعمان (Ma`arrat an Nu`man; town, Idlib)?"
    >>> did_you_mean("xyzzy", [])
    "not found: 'xyzzy'"
    """
    head = f"not found: {name!r}"
    if not suggestions:
        return head
    return f"{head}; did you mean {', '.join(map(suggestion_label, suggestions))}?"


def suggestion_label(p: Place) -> str:
    """A place as a suggestion names it: ``معرة النعمان (Ma`arrat an Nu`man; town, Idlib)``."""
    return f"{p.name_ar or p.name_en} ({p.name_en}; {p.kind}{', ' + p.admin1 if p.admin1 else ''})"


# Latin transliteration equivalents (French ch, English sh, dh for ظ/ذ …), folded before the
# consonant skeletons of a query and a name are compared (see _latin_other_name)
_LAT_FOLDS = (("dh", "z"), ("th", "t"), ("kh", "h"), ("gh", "g"), ("ch", "s"), ("sh", "s"),
              ("ph", "f"), ("q", "k"), ("c", "k"), ("j", "g"))
_LAT_VOWELS = re.compile(r"[aeiouwy]")
_LAT_DOUBLES = re.compile(r"(.)\1+")


def _latin_skeleton(key: str) -> str:
    """The consonants of a Latin key (:func:`normalize.latin`), transliteration variants folded
    and doubled letters single.

    >>> _latin_skeleton("jisrichchughur"), _latin_skeleton("jisrashshughur")
    ('gsrsgr', 'gsrsgr')
    """
    for a, b in _LAT_FOLDS:
        key = key.replace(a, b)
    return _LAT_DOUBLES.sub(r"\1", _LAT_VOWELS.sub("", key))


def _latin_other_name(q: str, k: str) -> bool:
    """Whether name skeleton ``k`` is another name than query skeleton ``q``: it needs a
    consonant replaced by another, or two or more consonants added or dropped (one added or
    dropped consonant, or two swapped, is a spelling of the same name).

    >>> _latin_other_name("mrtnsn", "mrtnmn"), _latin_other_name("bsnkl", "dbsnkl")
    (True, False)
    >>> _latin_other_name("hrbns", "hrnbs"), _latin_other_name("shn", "shngk")
    (False, True)
    """
    from rapidfuzz.distance import OSA

    d = OSA.distance(q, k)
    if d >= 2:
        return True
    # one edit: a substitution unless dropping or adding a letter (or a swap) explains it
    return d == 1 and len(q) == len(k) and sorted(q) != sorted(k)


def _needs_plain_substitution(a: str, b: str) -> bool:
    """Whether the cheapest edit from query ``a`` to name ``b`` replaces a letter by an
    unrelated one (not a dot slip or spelling variant): pricing that substitution as a dropped
    plus an added letter then makes the edit dearer.

    >>> _needs_plain_substitution("معرهالنعسان", "معرهالنعمان")
    True
    >>> _needs_plain_substitution("سرافب", "سراقب"), _needs_plain_substitution("سراب", "سراقب")
    (False, False)
    >>> _needs_plain_substitution("جسرالشفور", "جسرالشغور")  # ف and غ are neighbouring keys
    False
    """
    return _ar_edit_cost(a, b, _PLAIN_SUB_AS_INDEL) > _ar_edit_cost(a, b) + 1e-6


class Gazetteer(Store, Resolver):
    """The public entry point: the bundled store (plus extra CSVs) with resolve and extract.

    >>> g = Gazetteer.default()
    >>> g.get("wof:890449833").name_en
    'Sarāqib'
    """

    def __init__(self, extra: Sequence[str | os.PathLike] | str | os.PathLike | None = (),
                 data_file: str | os.PathLike | None = None, focus: Focus | None = NW_SYRIA):
        """Bundled data plus ``extra`` CSV overlays.

        ``focus`` is the regional prior (:class:`Focus`, default :data:`NW_SYRIA`: Idlib
        governorate and a box over the adjoining parts of Aleppo, Hama and Latakia) that
        breaks near-ties between namesakes in favour of north-west Syria; ``focus=None``
        turns it off, ``Focus(box=..., core=...)`` moves it. It never overrides context
        given to :meth:`resolve` (``near``, ``within``, ``governorate``).
        """
        super().__init__(extra, data_file)
        self.focus = focus

    @property
    def store(self) -> Store:  # the Resolver works on a store; here it is ourselves
        return self

    def extract(self, text: str, **kwargs) -> list:
        """Every place named in ``text`` (issue 4; see :mod:`gazetteer.extract`)."""
        from gazetteer.extract import extract

        return extract(self, text, **kwargs)

    def resolve_many(self, names: Sequence[str], **kwargs) -> list[list[Place]]:
        """:meth:`resolve` over several names."""
        return [self.resolve(n, **kwargs) for n in names]

