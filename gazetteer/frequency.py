"""How common an Arabic word is: Zipf frequencies from a small bundled table.

The report geoparser weighs a candidate name against how common it is as a word (a rare word
needs no evidence, a frequent one needs a place noun …). The figures are ``wordfreq``'s
(Robyn Speer, CC BY-SA 4.0; see ``data/NOTICE.md``) for Arabic, but ``wordfreq`` is not
imported at run time: ``python -m gazetteer.build`` writes the figures the geoparser needs to
``data/wordfreq_ar.tsv.gz`` and :func:`zipf` reads them, so a command starts without loading
wordfreq's 620,000-word list.

The table holds every word of wordfreq's Arabic list at least as common as :data:`ZIPF_FLOOR`
(the lowest Zipf that any rule compares with: a rarer word decides like an unknown one) and
every token of a gazetteer name whatever its frequency. :func:`zipf` prepares a word as wordfreq
does (NFKC, no harakat or tatweel, case-folded); a text of several words combines their
frequencies as wordfreq does. A number is not looked up (0).

>>> zipf("قصف") > 4 > zipf("سراقب") > 0, zipf("سراقبخخ"), zipf("")
(True, 0.0, 0.0)
>>> zipf("المَدِينة") == zipf("المدينة")
True
"""

from __future__ import annotations

import bisect
import gzip
import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

__all__ = ["TABLE_FILE", "ZIPF_FLOOR", "table_rows", "word_key", "write_table", "zipf"]

TABLE_FILE = Path(__file__).resolve().parent / "data" / "wordfreq_ar.tsv.gz"
#: Words rarer than this are left out of the table unless they are in a gazetteer name.
ZIPF_FLOOR = 1.5
_WORDS = re.compile(r"\w+")


#: The table is searched in blocks of about this many bytes (:func:`_blocks`).
_BLOCK_BYTES = 4096


@lru_cache(maxsize=1)
def _table() -> bytes:
    """The table: sorted ``word<TAB>zipf×100`` lines, UTF-8 (loaded once per process and
    searched as it is: no list or dict of 365,000 words is built, so a command starts fast)."""
    return gzip.decompress(TABLE_FILE.read_bytes())


@lru_cache(maxsize=1)
def _blocks() -> tuple[list[int], list[bytes]]:
    """A sparse index of :func:`_table`: the offset of the first line at or after every
    :data:`_BLOCK_BYTES` bytes, and that line up to its tab (about 1,500 of each)."""
    data = _table()
    starts = [0]
    for k in range(_BLOCK_BYTES, len(data), _BLOCK_BYTES):
        x = data.find(b"\n", k) + 1
        if starts[-1] < x < len(data):  # (0: no line starts after k)
            starts.append(x)
    return starts, [data[x:data.find(b"\t", x) + 1] for x in starts]


def word_key(word: str) -> str:
    """``word`` as wordfreq looks it up in Arabic: NFKC, without marks (harakat) and tatweel,
    case-folded.

    >>> word_key("مَدِينَةُ") == "مدينة", word_key("Idlib")
    (True, 'idlib')
    """
    word = unicodedata.normalize("NFKC", word)
    if not word.isascii():
        word = "".join(ch for ch in word if ch != "\u0640" and unicodedata.category(ch) != "Mn")
    return word.casefold()


def _centi_zipf(token: str) -> int | None:
    """The Zipf of one table word ×100, None when it is not in the table: the block of the
    sparse index (:func:`_blocks`) whose first word is the last one not after ``word<TAB>``
    (UTF-8 sorts as code points do, and the tab after a word sorts before any letter), then
    ``word<TAB>`` at a line start inside that block."""
    data = _table()
    starts, firsts = _blocks()
    probe = token.encode("utf-8") + b"\t"
    k = bisect.bisect_right(firsts, probe) - 1
    if k < 0:
        return None
    start = starts[k]
    if data.startswith(probe, start):
        at = start
    else:
        end = starts[k + 1] if k + 1 < len(starts) else len(data)
        at = data.find(b"\n" + probe, start, end + len(probe)) + 1
        if not at:
            return None
    line_end = data.find(b"\n", at)
    return int(data[at + len(probe):line_end if line_end >= 0 else len(data)])


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """The Zipf frequency of ``word`` in Arabic (``wordfreq.zipf_frequency(word, "ar")``), 0 for
    a word rarer than :data:`ZIPF_FLOOR` that is in no gazetteer name, or not a word."""
    key = word_key(word)
    tokens = [key] if key.isalpha() else _WORDS.findall(key)
    if not tokens or not all(t.isalpha() for t in tokens):
        return 0.0  # nothing to look up, or a number (wordfreq estimates those apart)
    if len(tokens) == 1:
        z = _centi_zipf(tokens[0])
        return 0.0 if z is None else z / 100
    inverse = 0.0
    for t in tokens:  # wordfreq: 1/f = 1/f1 + 1/f2 + …, rounded to 3 significant digits
        z = _centi_zipf(t)
        if z is None:
            return 0.0
        inverse += 1.0 / 10 ** ((z - 900) / 100)
    freq = 1.0 / inverse
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)


# ------------------------------------------------------------------ building (needs wordfreq)


def table_rows(name_tokens: Iterable[str] = ()) -> list[tuple[str, int]]:
    """``(word, zipf×100)`` of the table, sorted by word: wordfreq's Arabic words at least as
    common as :data:`ZIPF_FLOOR`, and the known ones of ``name_tokens`` below it. Needs
    ``wordfreq`` (``pip install m4-geo[build]``)."""
    from wordfreq import get_frequency_list, zipf_frequency

    rows: dict[str, int] = {}
    for bucket in get_frequency_list("ar", "best"):
        for w in bucket:
            z = zipf_frequency(w, "ar")
            if z >= ZIPF_FLOOR and w.isalpha() and "\t" not in w and "\n" not in w:
                rows[w] = round(z * 100)
    for tok in set(name_tokens):
        key = word_key(tok)
        if key and key.isalpha() and key not in rows:
            z = zipf_frequency(key, "ar")
            if z > 0:
                rows[key] = round(z * 100)
    return sorted(rows.items())


def write_table(rows: list[tuple[str, int]], path: Path = TABLE_FILE) -> Path:
    """Write ``rows`` (from :func:`table_rows`) as the gzip table, byte-identical for the same
    rows (temporary file, then rename)."""
    text = "\n".join(f"{w}\t{z}" for w, z in rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    tmp.replace(path)
    return path
