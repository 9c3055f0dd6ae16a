"""Head nouns: the one table of the words that say what kind of place a name is.

News and users write a place's kind before its name: «محافظة إدلب», «مطار تفتناز», «مشفى الحكمة»,
«حي غويران», and in Latin after it: "Taftanaz airport", "Atmeh camp". ``gazetteer/data/heads.csv``
holds one row per head noun, read once into :data:`HEADS`; both readers of a head use it:

* the report geoparser's rule :class:`gazetteer.parse.rules.sites.Sites` (column ``site``): a
  head with a site kind makes «head X» a site of that kind (``Head.site``), and its plural or
  dual forms (column ``plural``) open a list («أحياء A وB»);
* the single-name resolver (:meth:`gazetteer.Gazetteer.resolve`, column ``query``): «head X»
  (or "X latin-head", column ``latin``) asks for a place of one of the kinds the row allows
  (``Head.query``). A head whose query kinds include a facility names a site after a place
  (``Head.named_after``: «مطار تفتناز» is the airbase or the town Taftanaz), so a full name that
  starts with it (معبر باب الهوى) is a name in its own right, whatever its kind.

Columns (``|`` separates the items of a cell; an empty cell means "not used"):

``head``
    the singular head noun as written (normalised on loading);
``plural``
    its plural and dual forms (أحياء، حيي، حيا);
``site``
    the kind of a site «head X» found in a report (one of :data:`gazetteer.place.KINDS`);
``query``
    the kinds a query «head X» allows: kinds of :data:`gazetteer.place.KINDS`, or
    ``populated`` for :data:`gazetteer.place.POPULATED`;
``latin``
    Latin heads after the name ("X airport", "X air base"), lower case, asking what ``query``
    asks.

>>> HEADS.site_kind["مطار"], sorted(HEADS.cue("مطار").query - POPULATED)
('airport', ['airport'])
>>> HEADS.cue("محافظه").named_after, HEADS.cue("مخيمات").named_after
(False, True)
>>> name, latin, head = HEADS.latin_head("Taftanaz military airport")
>>> name, latin, head.head
('Taftanaz', 'military airport', 'مطار')
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

from gazetteer import normalize as N
from gazetteer.errors import GazetteerError
from gazetteer.place import FACILITIES, KINDS, POPULATED

HEADS_FILE = Path(__file__).resolve().parent / "data" / "heads.csv"
COLUMNS = ("head", "plural", "site", "query", "latin")
#: names of groups of kinds a ``query`` cell may use
KIND_GROUPS = {"populated": POPULATED}


@dataclass(frozen=True)
class Head:
    """One row of the table: a head noun, its forms and the kinds it names."""

    head: str
    #: normalised plural and dual forms (each names several sites)
    plural: frozenset[str]
    #: the kind of a site «head X» in a report, or None (the sites rule ignores the head)
    site: str | None
    #: the kinds a query «head X» allows (empty: not a query cue)
    query: frozenset[str]
    #: Latin heads after a name, lower case
    latin: tuple[str, ...]

    @property
    def forms(self) -> frozenset[str]:
        """Every normalised form: the head and its plurals."""
        return frozenset({N.arabic(self.head)}) | self.plural

    @property
    def named_after(self) -> bool:
        """Whether «head X» is a site named after a place: its query allows a facility."""
        return bool(self.query & FACILITIES)


class HeadTable:
    """The rows of ``heads.csv`` and the lookups both readers need (built once)."""

    def __init__(self, heads: tuple[Head, ...]):
        self.heads = heads
        #: normalised form -> site kind (the sites rule's heads)
        self.site_kind: dict[str, str] = {f: h.site for h in heads if h.site for f in h.forms}
        #: normalised plural forms with a site kind: «أحياء A وB وC» names every item
        self.list_forms: frozenset[str] = frozenset(
            f for h in heads if h.site for f in h.plural)
        #: the dual forms among them (the head with a dual ending: مخيمي، تلتي): a dual names
        #: two sites, where a plural may name the sites of a place («مخيمات أطمة»)
        self.dual_forms: frozenset[str] = frozenset(
            f for h in heads if h.site for f in h.plural if _is_dual(f, N.arabic(h.head)))
        self._cues: dict[str, Head] = {f: h for h in heads if h.query for f in h.forms}
        latin = {form: h for h in heads if h.query for form in h.latin}
        alternatives = "|".join(r"\s+".join(map(re.escape, form.split()))
                                for form in sorted(latin, key=len, reverse=True))
        self._latin = latin
        self._latin_rx = re.compile(rf"\s+(?P<head>{alternatives})$", re.I) if latin else None

    def cue(self, word: str) -> Head | None:
        """The head a normalised word is a query cue of, or None."""
        return self._cues.get(word)

    def latin_head(self, query: str) -> tuple[str, str, Head] | None:
        """``(name, latin head, Head)`` of a Latin query ending in a head ("Atmeh camp"), or
        None."""
        m = self._latin_rx.search(query) if self._latin_rx is not None else None
        if m is None or m.start() == 0:
            return None
        head = " ".join(m.group("head").lower().split())
        return query[: m.start()].strip(), head, self._latin[head]


#: the endings of a dual (nominative, oblique; in construct without the ن)
_DUAL_ENDINGS = ("ان", "ين", "ا", "ي")


def _is_dual(form: str, head: str) -> bool:
    """Whether normalised ``form`` is a dual of normalised ``head`` (a final ه is ت before the
    ending: تله → تلتي).

    >>> _is_dual("مخيمي", "مخيم"), _is_dual("تلتي", "تله"), _is_dual("مخيمات", "مخيم")
    (True, True, False)
    """
    stem = head[:-1] + "ت" if head.endswith("ه") else head
    return any(form == stem + e for e in _DUAL_ENDINGS)


def _kinds(cell: str, path, line: int, column: str) -> frozenset[str]:
    out: set[str] = set()
    for item in filter(None, (x.strip() for x in cell.split("|"))):
        if item in KIND_GROUPS:
            out |= KIND_GROUPS[item]
        elif item in KINDS:
            out.add(item)
        else:
            raise GazetteerError(f"{column}: unknown kind {item!r} (see gazetteer.place.KINDS)",
                                 path=path, line=line)
    return frozenset(out)


def load_heads(path: str | os.PathLike = HEADS_FILE) -> HeadTable:
    """The head-noun table of a CSV file with the columns of :data:`COLUMNS`; a bad row (an
    unknown kind, a form given twice, a missing head) raises :class:`GazetteerError` with the
    file and line."""
    heads: list[Head] = []
    seen: dict[str, int] = {}
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise GazetteerError(f"missing columns: {', '.join(missing)}", path=path, line=1)
        for line, row in enumerate(reader, start=2):
            cells = {c: (row.get(c) or "").strip() for c in COLUMNS}
            if not cells["head"] or " " in cells["head"]:
                raise GazetteerError("head: one word is needed", path=path, line=line)
            site = _kinds(cells["site"], path, line, "site")
            if len(site) > 1:
                raise GazetteerError("site: one kind, not a group", path=path, line=line)
            head = Head(cells["head"],
                        frozenset(N.arabic(p.strip()) for p in cells["plural"].split("|")
                                  if p.strip()),
                        next(iter(site), None), _kinds(cells["query"], path, line, "query"),
                        tuple(" ".join(x.lower().split()) for x in cells["latin"].split("|")
                              if x.strip()))
            if head.latin and not head.query:
                raise GazetteerError("latin heads need query kinds", path=path, line=line)
            for form in (*head.forms, *(f"latin {x}" for x in head.latin)):
                if form in seen:
                    raise GazetteerError(f"{form!r} is already a form of line {seen[form]}",
                                         path=path, line=line)
                seen[form] = line
            heads.append(head)
    return HeadTable(tuple(heads))


#: the bundled table, loaded once
HEADS = load_heads()
