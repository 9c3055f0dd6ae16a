"""The report's region: its dateline, its governorate cues and its unambiguous places.

A report says where it is about before it names its villages: the dateline («الحسكة – نورث
برس:», «دير الزور –», «عنب بلدي – إدلب:»), the governorates it names with a cue («ريف الحسكة»,
«محافظة درعا», «شمال حماة») and the places it names that have readings in one governorate
only. Each votes for a governorate (weights ``[region]`` of ``weights.toml``); the leading
governorates are the report's :class:`~gazetteer.focus.Focus`, the prior the context step
(:mod:`gazetteer.context`) gives an ambiguous name's readings: in a Hasakah report a village
name shared with an Aleppo village is the Hasakah one. A report with no such evidence gets
the documented default, :data:`~gazetteer.focus.NW_SYRIA`.
"""

from __future__ import annotations

import dataclasses
import re
from operator import attrgetter

from gazetteer.distance import great_circle_km
from gazetteer.focus import NW_SYRIA, Focus, report_focus
from gazetteer.parse.candidate import Candidate
from gazetteer.parse.evidence import Kind
from gazetteer.parse.state import ParseState, Rule
from gazetteer.parse.weights import WEIGHTS as W
from gazetteer.place import AREAS, POPULATED

#: the dateline of a news report: at most a few words (an outlet, «مراسل») before the place,
#: a dash, slash or colon on one side of it, within the first line
_DATELINE_BEFORE = re.compile(r"\s*(?:[^\s:\n]+\s+){0,3}?(?:[^\s:\n]+\s*[-–—/]\s*)?")
_DATELINE_AFTER = re.compile(r"\s*(?:[-–—/:(]|\n)")
_DASH_END = re.compile(r"[-–—/]\s*$")
_DATELINE_SPAN = 60  # characters: a dateline place starts this close to the text's start
#: «حلب (قاسيون) –»: the outlet in brackets between the dateline place and its dash
_BRACKET_OPEN = re.compile(r"\s*\(\s*")
_BRACKET_CLOSE = re.compile(r"\s*\)\s*[-–—:]")


def dateline(text: str, cands: list[Candidate]) -> Candidate | None:
    """The candidate that is the report's dateline, or None.

    >>> from gazetteer import Gazetteer
    >>> from gazetteer.extract import find_candidates
    >>> g = Gazetteer.default()
    >>> dateline("الحسكة – نورث برس: قصفت", find_candidates(g, "الحسكة – نورث برس: قصفت")).name
    'الحسكه'
    >>> dateline("قصفت القوات الحسكة", find_candidates(g, "قصفت القوات الحسكة")) is None
    True
    """
    top = _title_end(text)  # a headline before the dateline's line
    for c in cands:
        if c.start < top:
            continue
        if c.start - top > _DATELINE_SPAN:
            return None
        before, after = text[top:c.start], text[c.end:c.end + 3]
        if "\n" in before.strip():
            return None
        if c.kind != "place" or not _DATELINE_BEFORE.fullmatch(before) or \
                not _DATELINE_AFTER.match(after):
            continue
        # the place opens the text, follows a dash («عنب بلدي – إدلب:») or precedes a colon
        # or a slash («مراسل اللاذقية/ جسر:»)
        if not before.strip() or _DASH_END.search(before) or after.lstrip()[:1] in (":", "/"):
            return c
    return None


def _title_end(text: str) -> int:
    """Where the dateline's line starts: 0, or after a short headline line when the text
    opens with one («قتلى بقصف على شمال حلب\n\nحلب (قاسيون) - …»)."""
    first = text.lstrip()
    cut = first.find("\n")
    if cut < 0 or cut > _TITLE_CHARS or _DATELINE_MARK.search(first[:cut]):
        return 0
    return len(text) - len(first) + cut + len(first[cut:]) - len(first[cut:].lstrip())


#: A first line this short, with no dash, colon or bracket, is a headline, not the dateline's
#: line («بلدي نيوز – إدلب (خاص)» is a dateline).
_TITLE_CHARS = 140
_DATELINE_MARK = re.compile(r"[-–—:/()]")


def _prior(store, ids: tuple[int, ...], region: Focus) -> tuple[float, ...]:
    """The prior ``region`` gives each reading of a bare name (``()``: none), in
    context-score units: ``[context] region`` in the core of a report's region, up to
    ``region_default`` in the north-west default. Only a name whose settlement or area readings
    lie in several governorates is ambiguous here, and a reading within ``far_km`` of a reading
    in the region counts as in it: namesakes a few km apart across a governorate border are told
    apart by the places around them, not by the region."""
    shape = _reading_shape(store, ids)
    if shape is None:
        return ()
    rows, near = shape
    admin1, lat, lon = store.admin1, *_coords(store)
    share = {r: region.share(lat[ids[r]], lon[ids[r]], admin1[ids[r]]) for r in rows}
    inside = [r for r in rows if share[r] > 0]
    if not inside:
        return ()
    weight = W.context_region_default if region.default else W.context_region
    out = [0.0] * len(ids)
    for r in rows:
        out[r] = weight * max((share[y] for y in inside if y in near[r]), default=0.0)
    return tuple(out)


#: a :class:`~gazetteer.focus.Focus`'s fields but its votes, as a tuple (the key of
#: :func:`_priors_of`: a tuple hashes and compares in C, a new Focus would not)
_BUT_VOTES = attrgetter(*[f.name for f in dataclasses.fields(Focus) if f.name != "votes"])


def _priors_of(store, region: Focus) -> dict[tuple[int, ...], tuple[float, ...]]:
    """The memo of :func:`_prior` under ``region``: reading tuple -> prior. Shared by every
    report whose region is the same but for its votes (which :func:`_prior` does not read),
    per store; a table is emptied past 50,000 names."""
    memo = store.memo("region.priors", 1_000)
    key = _BUT_VOTES(region)
    table = memo.get(key)
    if table is None or len(table) > 50_000:
        table = memo[key] = {}
    return table


def _coords(store) -> tuple[list[float], list[float]]:
    """Every record's latitude and longitude as Python floats (scalar reads are cheaper than
    numpy's), built once per store."""
    return store.derived("region.coords", lambda: (store.lat.tolist(), store.lon.tolist()))


def _reading_shape(store, ids: tuple[int, ...]):
    """The region-independent part of :func:`_prior`, once per distinct ``ids``: None when the
    settlement and area readings lie in fewer than two governorates, else ``(rows, near)``:
    those readings' rows and, for each, the rows within ``far_km`` of it."""
    memo = store.memo("region.shape")
    try:
        return memo[ids]
    except KeyError:
        pass
    admin1, kind = store.admin1, store.kind
    rows = [r for r, x in enumerate(ids)
            if admin1[x] and (kind[x] in POPULATED or kind[x] in AREAS)]
    shape = None
    if len({admin1[ids[r]] for r in rows}) >= 2:
        near = {r: frozenset(y for y in rows if _within_far(store, ids[r], ids[y]))
                for r in rows}
        shape = (rows, near)
    memo[ids] = shape
    return shape


def _vote_facts(store, ids: tuple[int, ...]):
    """What :meth:`ReportRegion.votes` reads of a name's readings, once per distinct ``ids``:
    None when none is in Syria, else ``(governorates among them, the governorate of the
    highest-ranked, the first settlement, area or governorate reading when all such readings
    lie in one governorate, else None)``."""
    memo = store.memo("region.vote_facts")
    try:
        return memo[ids]
    except KeyError:
        pass
    kind, admin1, rank = store.kind, store.admin1, store.rank
    readings = [x for x in ids if admin1[x]]
    facts = None
    if readings:
        govs = {admin1[x] for x in readings if kind[x] == "governorate"}
        best = max(readings, key=lambda x: int(rank[x]))
        places = [x for x in readings
                  if kind[x] in POPULATED or kind[x] in AREAS or kind[x] == "governorate"]
        anchor = places[0] if places and len({admin1[x] for x in places}) == 1 else None
        facts = (govs, admin1[best], anchor)
    memo[ids] = facts
    return facts


def _within_far(store, x: int, y: int) -> bool:
    """Whether records ``x`` and ``y`` lie within ``far_km`` of each other (memoised)."""
    memo = store.memo("region.within_far")
    key = (x, y) if x < y else (y, x)
    hit = memo.get(key)
    if hit is None:
        lat, lon = _coords(store)
        hit = memo[key] = great_circle_km(lat[x], lon[x], lat[y], lon[y]) <= W.context_far_km
    return hit


class Dateline(Rule):
    """«الحسكة – نورث برس:», «عنب بلدي – إدلب:»: the place of the dateline is a place; a name
    in brackets after it («حلب (قاسيون) –») is the outlet, no place.

    Reads ``candidates``, ``text``; writes ``Candidate.evidence`` (a ``DATELINE``, weighing
    ``WEIGHTS.cues_dateline``). Runs before ``decide``.
    """

    name = "dateline"

    def __call__(self, state: ParseState) -> None:
        text, cands = state.text, state.candidates
        c = dateline(text, cands)
        if c is None:
            return
        if Kind.DATELINE not in c.kinds:
            c.add(Kind.DATELINE, None, W.cues_dateline)
        # «حلب (قاسيون) – قصفت»: a name in brackets after the dateline place is the outlet's
        k = cands.index(c) + 1
        if k < len(cands) and _BRACKET_OPEN.fullmatch(text[c.end:cands[k].start]) and \
                _BRACKET_CLOSE.match(text, cands[k].end):
            cands[k].org = True
            cands[k].add(Kind.ORG, "dateline-outlet")


class ReportRegion(Rule):
    """Sets the report's region from its dateline, governorate cues and unambiguous places.

    Reads the kept ``candidates`` (their evidence and readings); writes ``state.region`` (a
    :class:`~gazetteer.focus.Focus`: built from the report's votes, else
    :data:`~gazetteer.focus.NW_SYRIA`) and the ``region_prior`` of each bare name with
    readings in several governorates far apart (:func:`_prior`), which the context step adds
    to those readings' scores. Runs after ``decide``.
    """

    name = "region"

    def __call__(self, state: ParseState) -> None:
        state.region = report_focus(self.votes(state), W.region_min_share) or NW_SYRIA
        priors = None
        for c in state.kept():
            if c.kind == "place" and not c.gov_cue and not c.city_cue and len(c.ids) > 1:
                if priors is None:
                    priors = _priors_of(state.store, state.region)
                prior = priors.get(c.ids)
                if prior is None:
                    prior = priors[c.ids] = _prior(state.store, c.ids, state.region)
                c.region_prior = prior

    @staticmethod
    def votes(state: ParseState) -> dict[str, float]:
        """Governorate → the weight of the report's evidence for it.

        A name with readings in one governorate (an anchor) votes when that governorate is
        also named by the dateline or a cue, or when another anchor lies within ``far_km`` of
        it, or when no anchor has such a neighbour and nothing else voted: a lone far anchor
        is more likely the namesake of a place the gazetteer lacks (صيدا in Quneitra, for a
        Raqqa village) than the report's region.
        """
        store = state.store
        admin1 = store.admin1
        votes: dict[str, float] = {}
        anchors: dict[str, int] = {}  # name -> its first reading in Syria
        vote_facts = store.memo("region.vote_facts")  # (of _vote_facts)
        for c in state.kept():
            if c.kind != "place" or not c.ids:
                continue
            facts = vote_facts[c.ids] if c.ids in vote_facts else _vote_facts(store, c.ids)
            if facts is None:
                continue  # a foreign place says nothing of the region
            govs, dateline_gov, anchor = facts
            if Kind.DATELINE in c.kinds:
                votes[dateline_gov] = votes.get(dateline_gov, 0.0) + W.region_dateline
            elif c.gov_cue and govs:
                for g in govs:
                    votes[g] = votes.get(g, 0.0) + W.region_gov_cue
            elif anchor is not None and c.name not in anchors and Kind.ROAD_END not in c.kinds:
                # (the towns a road is named after say where the road goes, not the report)
                anchors[c.name] = anchor
        # the anchors within far_km of another: each pair tested once, while one of its two
        # is not known to be near yet
        names = list(anchors)
        near = dict.fromkeys(names, False)
        far = store.memo("region.within_far")  # (of _within_far)
        for k, n in enumerate(names):
            x = anchors[n]
            for m in names[k + 1:]:
                if near[n] and near[m]:
                    continue
                y = anchors[m]
                hit = far.get((x, y) if x < y else (y, x))
                if hit if hit is not None else _within_far(store, x, y):
                    near[n] = near[m] = True
        lone = not votes and not any(near.values())
        confirmed = set(votes) | {admin1[x] for n, x in anchors.items() if near[n]}
        for x in anchors.values():
            g = admin1[x]
            if lone or g in confirmed:
                votes[g] = votes.get(g, 0.0) + W.region_anchor
        return votes
