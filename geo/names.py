"""The English name people read: plain ASCII, the common spelling; one function for all outputs.

The gazetteer keeps its sources' transliterations (Who's On First: "\\`Ayn al Hawr",
"Ma‘arrat Mişrīn", "Turumbah"). Tables, maps and KML name a place with :func:`common_name`:
first the common spelling in ``geo/data/common_names.csv`` (keyed by the Arabic name; the
corridor's ends as the protocol names them), else the source's name folded to ASCII
(diacritics, ʿayn and hamza marks dropped).

>>> common_name("Turumbah", "طرمبة"), common_name("Ma‘arrat Mişrīn")
('Trumba', 'Maarrat Misrin')
>>> common_name("`Ayn al Hawr", "عين الحور"), common_name(None, None) is None
('Ain al-Havr', True)
"""

from __future__ import annotations

import csv
import unicodedata
from functools import cache
from importlib import resources

__all__ = ["ascii_name", "common_name", "common_names"]

#: Apostrophe-like marks of ʿayn and hamza in transliterations: dropped, not replaced.
_MARKS = dict.fromkeys(map(ord, "‘’`'ʿʾ´ʼ"), None)


@cache
def common_names() -> dict[str, str]:
    """Arabic name -> common English spelling, from ``geo/data/common_names.csv``."""
    text = resources.files("geo").joinpath("data", "common_names.csv").read_text("utf-8")
    return {r["name_ar"].strip(): r["location"].strip() for r in csv.DictReader(text.splitlines())
            if r.get("name_ar") and r.get("location")}


def ascii_name(name: str) -> str:
    """``name`` in plain ASCII: diacritics and ʿayn/hamza marks dropped, spaces collapsed.

    >>> ascii_name("Sarāqib"), ascii_name("Ma`arrat Hurmah")
    ('Saraqib', 'Maarrat Hurmah')
    """
    s = unicodedata.normalize("NFKD", str(name)).translate(_MARKS)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.encode("ascii", "ignore").decode().split())


def common_name(name_en: str | None, name_ar: str | None = None) -> str | None:
    """The name a table or a map shows for a place: see the module docstring."""
    if isinstance(name_ar, str) and name_ar.strip() in common_names():
        return common_names()[name_ar.strip()]
    if isinstance(name_en, str) and name_en.strip():
        return ascii_name(name_en) or None
    return None
