"""Arabic spellings of place names romanised by the BGN/PCGN 1956 system (GeoNames' Syrian
names: "Ma‘arrat an Nu‘mān", "Qūqfīn", "Al Ḩallūbah").

The system writes every Arabic consonant and long vowel with its own Latin letter or digraph
(ḩ ح, ş ص, ţ ط, ḑ ض, z̧ ظ, ‘ ع, ’ ء, ā ا, ī ي, ū و) and leaves short vowels as a, i, u, so a
romanised name gives back its Arabic letters; a doubled consonant is one letter with shadda, a
word-final -ah or a construct -at is ة, the article with its assimilated consonant ("ash Sh",
"an N") is ال. Names without the system's marks (French "Qoûqfiné", plain "Halluba") are
ambiguous and give nothing. Used at build time, on the Who's On First/GeoNames Latin names of
each place, to find the Arabic spellings its records lack (a village known only by a Latin
name, or a variant such as قوقفين for قوقفينة).

>>> arabic_spellings("Ma‘arrat an Nu‘mān")
['معرة النعمان']
>>> arabic_spellings("Qūqfīn"), arabic_spellings("Al Ḩallūbah")
(['قوقفين'], ['الحلوبة'])
>>> arabic_spellings("Ra’s al ‘Ayn"), arabic_spellings("Sūq al Ḩamīdīyah")
(['راس العين'], ['سوق الحميدية'])
>>> arabic_spellings("Halloûba"), arabic_spellings("Al Halluba")  # not BGN/PCGN: nothing
([], [])
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["arabic_spellings"]

#: Latin letters and digraphs of the system → Arabic letter, longest first.
CONSONANTS: tuple[tuple[str, str], ...] = (
    ("kh", "خ"), ("sh", "ش"), ("th", "ث"), ("dh", "ذ"), ("gh", "غ"), ("z̧", "ظ"),
    ("ḩ", "ح"), ("ş", "ص"), ("ţ", "ط"), ("ḑ", "ض"), ("b", "ب"), ("t", "ت"), ("j", "ج"),
    ("d", "د"), ("r", "ر"), ("z", "ز"), ("s", "س"), ("f", "ف"), ("q", "ق"), ("k", "ك"),
    ("l", "ل"), ("m", "م"), ("n", "ن"), ("h", "ه"), ("w", "و"), ("y", "ي"),
    ("‘", "ع"), ("ʻ", "ع"), ("ʿ", "ع"), ("`", "ع"),
)
#: long vowels (á: alif maqsura)
LONG_VOWELS = {"ā": "ا", "ī": "ي", "ū": "و", "á": "ى"}
SHORT_VOWELS = frozenset("aiu")
HAMZA = frozenset("’ʼʾ'")
#: a name carries the system's marks …
_SYSTEM_MARKS = re.compile("[āīūáḩşţḑ‘’ʻʼʿʾ]|z̧")
#: … and none of another system's (French ou, é, â …; e and o are not BGN/PCGN Arabic vowels)
_OTHER_SYSTEMS = re.compile("[eoéèêôâîûçàüö]")
#: the article, alone or with its assimilated consonant: al, ash, an, aţ …
_ARTICLE = re.compile("^(?:al|a(?:sh|th|dh|[tdrzsnl]|ş|ţ|ḑ|z̧))$")
_WORDS = re.compile(r"[\s\-]+")


def _word(w: str, construct: bool) -> str | None:
    """Arabic letters of one romanised word (lower case, NFC); None for a letter the system
    does not have. ``construct``: the word is followed by another (-at is ة)."""
    if len(w) > 3 and (w.endswith("ah") or (construct and w.endswith("at"))):
        w, end = w[:-2], "ة"  # ta marbuta: Ḩallūbah, Ma‘arrat an …
    else:
        end = ""
    out: list[str] = []
    prev = ""  # the last letter written (a doubled consonant or ī+y is written once)
    i = 0
    while i < len(w):
        ch = w[i]
        if ch in LONG_VOWELS:
            letter = "ا" if i == 0 and ch == "ā" else LONG_VOWELS[ch]
        elif ch in SHORT_VOWELS:
            i += 1
            if i == 1:
                out.append("ا")  # a word-initial short vowel sits on alef: Idlib, Umm
            prev = ""
            continue
        elif ch in HAMZA:
            before = w[i - 1] if i else ""
            letter = ("ا" if before in ("", "a", "ā") else "ئ" if before in "iī"
                      else "ؤ" if before in "uū" else "ء")
            out.append(letter)
            i, prev = i + 1, ""
            continue
        else:
            hit = next((pair for pair in CONSONANTS if w.startswith(pair[0], i)), None)
            if hit is None:
                return None
            i += len(hit[0]) - 1
            letter = hit[1]
        if letter != prev:
            out.append(letter)
        prev = letter
        i += 1
    return "".join(out) + end


def arabic_spellings(name: str) -> list[str]:
    """The Arabic spelling of a BGN/PCGN romanised name, or ``[]`` when ``name`` is not
    written in that system (see the module's doctests)."""
    low = unicodedata.normalize("NFC", name.strip().lower())
    if not _SYSTEM_MARKS.search(low) or _OTHER_SYSTEMS.search(low) or "ou" in low:
        return []
    parts = [p for p in _WORDS.split(low) if p]
    words: list[str] = []
    k = 0
    while k < len(parts):
        article = _ARTICLE.match(parts[k]) is not None and k + 1 < len(parts)
        k += article
        w = _word(parts[k], construct=k + 1 < len(parts))
        if w is None or not w:
            return []
        words.append("ال" + w if article else w)
        k += 1
    return [" ".join(words)] if words else []
