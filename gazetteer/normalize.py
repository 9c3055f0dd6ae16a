"""One normalisation for gazetteer names and for user text: Arabic keys, Latin keys, clitics.

Everything that compares names goes through these functions, applied *identically* to the
gazetteer and to queries/reports:

* :func:`arabic` — the character fold: NFKC; diacritics (U+064B–U+065F, U+0670, Quranic marks),
  tatweel and zero-width/direction marks removed; أ إ آ ٱ → ا; ى → ي; ة → ه; Persian/Urdu
  letters (ک گ ی پ چ ژ ڤ ۀ ہ ۃ …) → Arabic; Arabic-Indic and Persian digits → ASCII; Latin
  letters case-folded; ؤ and ئ kept; whitespace collapsed.
* :func:`tokens` — ``(normalised_token, start, end)`` with offsets into the *original* text,
  split on word boundaries (anything that is not an Arabic/Latin letter or digit separates;
  a run of digits is its own token, so ``ام4`` gives ``ام`` and ``4``).
* :func:`spaced` / :func:`key` — a name as its tokens joined by one space, or joined with no
  space (the lookup key that makes كفرنبل and كفر نبل, or ام4 and «إم-4», equal).
* :func:`strip_clitics` — candidate stems of a word with و/ف, ب/ل/ك, ال and لل removed; the
  caller keeps only the stems that are known names.
* :func:`final_variants` — the same spaced name with the last letter of its words swapped
  among the Syrian spelling variants ا / ة (ه) / ى (ي): الدانا / الدانة, كبانة / كباني.
* :func:`latin` — a Latin-script key that folds case, diacritics, apostrophes/ʿ/ʾ, hyphens,
  the article (al-, el-, ash-, an- …) and common vowel/consonant spelling variants.

>>> arabic("أَرِيحَا")
'اريحا'
>>> key("جسر  الشُّغور") == key("جسرالشغور")
True
>>> tokens("وسهل الغاب")
[('وسهل', 0, 4), ('الغاب', 5, 10)]
>>> strip_clitics("وبسراقب")[:3]
['وبسراقب', 'بسراقب', 'سراقب']
>>> latin("Ma'arrat an-Nu'man") == latin("Maarat al-Numan")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ARTICLE", "arabic", "final_variants", "has_arabic", "key", "latin", "latin_words",
    "spaced", "strip_article", "strip_clitics", "tokens",
]

ARTICLE = "ال"

# ------------------------------------------------------------------ Arabic character fold

_DELETE = (
    [chr(c) for c in range(0x064B, 0x0660)]  # harakat, shadda, sukun, hamza/madda marks …
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + [chr(c) for c in range(0x0610, 0x061B)]  # honorific/Quranic signs
    + [chr(c) for c in range(0x06D6, 0x06DD)]  # Quranic annotation
    + [chr(c) for c in range(0x06DF, 0x06E5)]
    + [chr(c) for c in range(0x06E7, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u061c",
       "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
       "\u00ad"]
)
_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا", "ٵ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي", "ێ": "ي", "ے": "ي", "ۓ": "ي", "ٸ": "ي",
    "ة": "ه", "ۃ": "ه", "ۀ": "ه", "ہ": "ه", "ە": "ه", "ھ": "ه", "ۂ": "ه",
    "ک": "ك", "ڪ": "ك", "ګ": "ك", "گ": "ك", "ڭ": "ك",
    "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف", "ڥ": "ف", "ٹ": "ت", "ڈ": "د", "ڑ": "ر",
    "ۆ": "و", "ۇ": "و", "ۈ": "و", "ۋ": "و", "ۅ": "و", "ٶ": "ؤ", "ٷ": "ؤ",
    "ں": "ن", "ڻ": "ن",
    "٫": ".", "٬": ",", "،": ",", "؛": ";", "؟": "?",
}
_MAP.update({chr(0x0660 + i): str(i) for i in range(10)})  # Arabic-Indic digits
_MAP.update({chr(0x06F0 + i): str(i) for i in range(10)})  # Persian/Urdu digits
_TABLE = str.maketrans({**_MAP, **{c: None for c in _DELETE}})
_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    """NFKC then the character map, no whitespace handling (may change length)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = text.translate(_TABLE)
    return text.lower()


def arabic(text: str) -> str:
    """The Arabic normalisation key of ``text`` (see the module docstring).

    >>> arabic("مَعَرَّة النُّعمان")
    'معره النعمان'
    >>> arabic("إدلـــب") == arabic("ادلب") == "ادلب"
    True
    >>> arabic("مصطفى ٤") , arabic("رؤيا ئ")
    ('مصطفي 4', 'رؤيا ئ')
    """
    # a word never starts with a mark, in the text (see tokens) nor once folded: NFKC may
    # expand a presentation form to a space and a mark («\ufe70\u06e5é» is «é»)
    return _SPACES.sub(" ", _WORD_START_MARKS.sub("", _fold(text))).strip()


# ------------------------------------------------------------------ tokens with offsets

_AR_LETTERS = (
    "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\ufb50-\ufdfb\ufe70-\ufefc"
)
# (the Quranic annotation marks, but not the symbols among them: ۝ end of ayah, ۞ rub el hizb,
# ۩ place of sajdah)
_MARKS = ("\u064b-\u065f\u0670\u0610-\u061a\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
          "\u0640\u200c\u200d\u00ad")
_LAT_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
_TOKEN = re.compile(
    f"[{_AR_LETTERS}{_LAT_LETTERS}][{_AR_LETTERS}{_LAT_LETTERS}{_MARKS}\u0300-\u036f]*|[{_DIGITS}]+"
)


_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_WORD_START_MARKS = re.compile(f"(?:^|(?<=\\s))[{_MARKS}\u0300-\u036f]+")


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Words of ``text`` as ``(normalised, start, end)``, offsets in the original text.

    ``text[start:end]`` is the word as written (diacritics, tatweel, clitics included);
    ``normalised`` is :func:`arabic` of it. Digit runs are separate tokens.

    >>> tokens("بريف إدلب، ام4")
    [('بريف', 0, 4), ('ادلب', 5, 9), ('ام', 11, 13), ('4', 13, 14)]
    """
    # split on the token pattern (a capturing group): gap, word, gap, word …, gap — offsets
    # are running sums of the pieces' lengths (no match object per word)
    parts = iter(_TOKEN_SPLIT.split(text))
    out = []
    append = out.append
    folded = _FOLDED.get  # a plain dict look-up in C for a word seen before
    pos = len(next(parts))
    for word, gap in zip(parts, parts, strict=True):  # (word, the gap after it) pairs
        end = pos + len(word)
        norm = folded(word)
        if norm is None:
            norm = _fold_word(word)
        if norm:
            append((norm, pos, end))
        pos = end + len(gap)
    return out


#: word as written -> :func:`_fold_word` of it (reports repeat their words); emptied past
#: 200,000 words
_FOLDED: dict[str, str] = {}


def _fold_word(word: str) -> str:
    """:func:`_fold` of one word, kept in :data:`_FOLDED`: :func:`arabic` of it without spaces
    (NFKC may expand a presentation form to a space and a mark; a word of marks alone is none)."""
    norm = "".join(_WORD_START_MARKS.sub("", _fold(word)).split())
    if len(_FOLDED) > 200_000:
        _FOLDED.clear()
    _FOLDED[word] = norm
    return norm


@lru_cache(maxsize=200_000)
def spaced(name: str) -> str:
    """A name as its normalised tokens joined by single spaces (punctuation dropped).

    >>> spaced("طريق حلب - اللاذقية")
    'طريق حلب اللاذقيه'
    """
    return " ".join(t for t, _, _ in tokens(name))


@lru_cache(maxsize=200_000)
def key(name: str) -> str:
    """The lookup key: normalised tokens joined without spaces.

    >>> key("كفر نبل") == key("كفرنبل")
    True
    >>> key("«إم-4»") == key("ام 4") == key("أم4")
    True
    """
    return spaced(name).replace(" ", "")  # tokens hold no spaces: reuse the cached spaced


_AR_RE = re.compile(f"[{_AR_LETTERS}]")


def has_arabic(text: str) -> bool:
    """True when ``text`` contains an Arabic-script letter."""
    return _AR_RE.search(text) is not None


# ------------------------------------------------------------------ clitics and article

def strip_article(word: str) -> str:
    """``word`` without a leading ال (normalised input); unchanged when too short.

    >>> strip_article("الباب"), strip_article("الب")
    ('باب', 'الب')
    """
    if word.startswith(ARTICLE) and len(word) >= 4:
        return word[2:]
    return word


@lru_cache(maxsize=100_000)
def strip_clitics(word: str) -> list[str]:
    """Candidate stems of a normalised word, least stripped first (the word itself first).

    Chains: optional و/ف, then optional ب/ل/ك, then optional ال; لل is ل + ال (with the alef
    elided, so للاذقيه gives اللاذقيه and لاذقيه). Stems shorter than two letters are dropped.
    The caller keeps only stems that are known names: بنش (Binnish) must not become نش.

    >>> strip_clitics("وللاذقيه")
    ['وللاذقيه', 'للاذقيه', 'اللاذقيه', 'الاذقيه', 'لاذقيه']
    >>> strip_clitics("بداما")
    ['بداما', 'داما']
    """
    out: list[str] = []

    def add(s: str) -> None:
        if len(s) >= 2 and s not in out:
            out.append(s)

    def after_conj(w: str) -> None:
        add(w)
        if w.startswith("لل") and len(w) >= 4:
            add(ARTICLE + w[1:])  # ل + اللاذقيه -> للاذقيه
            add(ARTICLE + w[2:])  # ل + المدينه -> للمدينه
        if w[:1] in ("ب", "ل", "ك") and len(w) >= 3:
            rest = w[1:]
            add(rest)
            if rest.startswith(ARTICLE) and len(rest) >= 4:
                add(rest[2:])
        if w.startswith(ARTICLE) and len(w) >= 4:
            add(w[2:])

    after_conj(word)
    if word[:1] in ("و", "ف") and len(word) >= 3:
        after_conj(word[1:])
    return out


# final letters that Syrian spellings swap: alef / ta marbuta (folded to ه) / alef maqsura
# (folded to ي): الدانا = الدانة, حلفايا = حلفاية, كبانة = كباني (final ة said -e/-i)
_FINALS = ("ا", "ه", "ي")
_MAX_FINAL_WORDS = 3


@lru_cache(maxsize=50_000)
def final_variants(name: str) -> tuple[str, ...]:
    """Spelling variants of a normalised, spaced name: the last letter of each word among
    ا / ه (ة) / ي (ى) replaced by the other two, ه (ة) ↔ ت, and a dual's ان ↔ ين (the name
    itself is not included).

    Only words of at least three letters vary (ما, في stay), and at most the first three
    words, so there are at most 26 variants; the caller keeps the ones that are known names.

    >>> final_variants("الدانه")
    ('الدانا', 'الداني', 'الدانت')
    >>> "كبانه" in final_variants("كباني"), final_variants("سراقب"), final_variants("تل رفعت")
    (True, (), ('تل رفعه',))
    >>> final_variants("تل مرديخ"), len(final_variants("كفر حلفايا"))
    ((), 2)
    """
    words = name.split(" ")
    options = []
    for n, w in enumerate(words):
        if n < _MAX_FINAL_WORDS and len(w) >= 3 and w[-1] in _FINALS:
            options.append([w] + [w[:-1] + f for f in _FINALS if f != w[-1]]
                           + ([w[:-1] + "ت"] if w[-1] == "ه" else []))
        elif n < _MAX_FINAL_WORDS and len(w) >= 3 and w[-1] == "ت":
            options.append([w, w[:-1] + "ه"])  # ة written open, ت closed: رفعة / رفعت
        elif n < _MAX_FINAL_WORDS and len(w) >= 5 and w[-2:] in ("ان", "ين"):
            # a dual's two cases: حريتان / حريتين
            options.append([w, w[:-2] + ("ين" if w[-2:] == "ان" else "ان")])
        else:
            options.append([w])
    out = [""]
    for opts in options:
        out = [f"{o} {w}" if o else w for o in out for w in opts]
    return tuple(v for v in out if v != name)


# ------------------------------------------------------------------ Latin key

_APOS = dict.fromkeys(map(ord, "'’‘`´ʿʾʻʼ′"), None)
_LAT_ARTICLES = frozenset({
    "al", "el", "il", "ul", "ad", "ar", "as", "ash", "at", "az", "an", "adh", "ath",
    "ed", "er", "es", "esh", "et", "ez", "en",
})
_LAT_JUNK = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"(.)\1+")
_LAT_ART_PREFIX = re.compile(r"\b(?:al|el|ad|ar|as|ash|at|az|an|adh|ath|ed|er|es|esh|et|ez|en)-")
_LAT_RULES = [
    (re.compile(r"dj"), "j"),  # French: Membidj, Djerablous
    (re.compile(r"mb"), "nb"),  # نب as heard: Membij, Qambar
    (re.compile(r"ou"), "u"), (re.compile(r"oo"), "u"), (re.compile(r"ee"), "i"),
    (re.compile(r"ei"), "ai"), (re.compile(r"ph"), "f"), (re.compile(r"ck"), "k"),
    (re.compile(r"v"), "w"),
    (re.compile(r"q"), "k"), (re.compile(r"e"), "i"), (re.compile(r"o"), "u"),
    (re.compile(r"w(?=[^aiu]|$)"), "u"), (re.compile(r"(?<=[aiu])y(?=[^aiu]|$)"), "i"),
    (re.compile(r"(?<=.)y"), "i"),
    (re.compile(r"(.)\1+"), r"\1"), (re.compile(r"(?<=[aiu])h$"), ""),
    (re.compile(r"au"), "u"), (re.compile(r"ai"), "i"), (re.compile(r"(?<=...)it$"), "at"),
    (re.compile(r"(.)\1+"), r"\1"),
]


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_APOS))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=200_000)
def latin_words(text: str) -> tuple[str, ...]:
    """Folded Latin words of ``text`` (articles removed, spelling variants folded).

    >>> latin_words("Jisr ash-Shughur"), latin_words("Jisr al-Shoghour")
    (('jisr', 'shughur'), ('jisr', 'shughur'))
    """
    text = _LAT_ART_PREFIX.sub(" ", _ascii(text).replace("ß", "ss"))
    words = []
    for w in _LAT_JUNK.sub(" ", text).split():
        if w in _LAT_ARTICLES:
            continue
        for _ in range(4):  # to a fixed point, so the key is idempotent
            before = w
            for rx, rep in _LAT_RULES:
                w = rx.sub(rep, w)
            if w == before:
                break
        if w:
            words.append(w)
    return tuple(words)


#: French transliteration read as English, tried when a Latin name has no exact match:
#: ch is ش, with a silent e after it at the end (Benneche), and ou before a vowel is و
#: (Haoua). Other final e's stay: in Levantine spellings they are mostly a vowel (Arihe).
_FRENCH_RULES = ((re.compile(r"che\b"), "sh"), (re.compile(r"ch"), "sh"),
                 (re.compile(r"ou(?=[aeiy])"), "w"))


def french_as_english(text: str) -> str | None:
    """``text`` (case-folded, without diacritics) with French transliteration read as English
    (see :data:`_FRENCH_RULES`), or None when no rule applies; compare with :func:`latin`.

    >>> french_as_english("Benneche"), french_as_english("Bab el Haoua"), french_as_english("Idlib")
    ('bennesh', 'bab el hawa', None)
    """
    plain = out = _ascii(text)
    for rx, rep in _FRENCH_RULES:
        out = rx.sub(rep, out)
    return out if out != plain else None


@lru_cache(maxsize=200_000)
def latin(text: str) -> str:
    """The Latin lookup key of ``text``: :func:`latin_words` joined without spaces.

    >>> latin("Saraqeb") == latin("Saraqib"), latin("Idleb") == latin("Idlib")
    (True, True)
    >>> latin("Membidj") == latin("Menbij"), latin("Djarablus") == latin("Jarablus")
    (True, True)
    >>> latin("Jisr ash-Shughur") == latin("Jisr al Shoghour") == latin("jisr-el-shughour")
    True
    """
    return _DOUBLE.sub(r"\1", "".join(latin_words(text)))  # Kafr Ruma = Kafrouma
