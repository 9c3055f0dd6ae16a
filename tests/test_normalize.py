"""Every normalisation rule of issue 3, plus properties (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from gazetteer import normalize as N

ARABIC_CHARS = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
MIXED = st.text(
    alphabet=st.one_of(ARABIC_CHARS, st.sampled_from(list(" \t\n-«»،.abcXYZéʿ'0123\u200c\u200f")),
                       st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFC)),
    max_size=40,
)


@pytest.mark.parametrize(("raw", "expected"), [
    ("إِدْلِب", "ادلب"),                 # harakat
    ("رَحْمٰن", "رحمن"),                  # superscript alef U+0670
    ("إدلــــب", "ادلب"),                # tatweel
    ("سرا\u200cقب\u200b", "سراقب"),       # zero-width non-joiner / space
    ("\u200fسراقب\u200e", "سراقب"),       # direction marks
    ("أريحا", "اريحا"), ("إدلب", "ادلب"), ("آفس", "افس"), ("ٱلباب", "الباب"),
    ("مصطفى", "مصطفي"),                  # alef maqsura -> yeh
    ("معرة", "معره"),                    # teh marbuta -> heh
    ("کفر", "كفر"), ("گ", "ك"), ("ی", "ي"), ("پ", "ب"), ("چ", "ج"), ("ژ", "ز"), ("ڤ", "ف"),
    ("٢٠٢٠", "2020"), ("۴", "4"),          # Arabic-Indic and Persian digits
    ("رؤيا", "رؤيا"), ("بئر", "بئر"),       # ؤ and ئ kept
    ("  جسر   الشغور \n", "جسر الشغور"),  # whitespace collapsed
    ("ﻻ", "لا"),                         # NFKC presentation form
    ("M4", "m4"),                         # Latin folded to lower case
])
def test_each_arabic_rule(raw, expected):
    assert N.arabic(raw) == expected


def test_hamza_and_bare_alef_spellings_share_a_key():
    assert N.key("أورم الجوز") == N.key("اورم الجوز") == N.key("أُورُم الجَوز")


@pytest.mark.parametrize(("a", "b"), [
    ("كفرنبل", "كفر نبل"), ("جسرالشغور", "جسر الشغور"), ("معرةالنعمان", "معرة النعمان"),
    ("ام4", "أم 4"), ("«إم-4»", "إم 4"), ("طريق حلب-اللاذقية", "طريق حلب - اللاذقية"),
])
def test_joined_and_split_forms(a, b):
    assert N.key(a) == N.key(b)
    assert " " not in N.key(a)


def test_spaced_form_keeps_word_boundaries():
    assert N.spaced("جسر   الشُّغور") == "جسر الشغور"
    assert N.spaced("طريق حلب - اللاذقية") == "طريق حلب اللاذقيه"


def test_tokens_offsets_point_into_original_text():
    text = "قصفٌ على وسهلِ الغاب، وبِسراقب ٢٣ مارس ام4 و«إم-4» ﻻ"
    toks = N.tokens(text)
    assert [t for t, _, _ in toks][:5] == ["قصف", "علي", "وسهل", "الغاب", "وبسراقب"]
    for norm, s, e in toks:
        assert N.arabic(text[s:e]) == norm
    i = text.index("٢٣")
    assert ("23", i, i + 2) in toks
    assert [t for t, _, _ in toks if t in ("ام", "4")] == ["ام", "4", "ام", "4"]


@pytest.mark.parametrize(("word", "stem"), [
    ("وسراقب", "سراقب"), ("فسراقب", "سراقب"), ("بسراقب", "سراقب"), ("لسراقب", "سراقب"),
    ("كسراقب", "سراقب"), ("وبسراقب", "سراقب"), ("والباب", "الباب"), ("والباب", "باب"),
    ("بالباب", "الباب"), ("للاذقيه", "اللاذقيه"), ("وللاذقيه", "اللاذقيه"), ("للمدينه", "المدينه"),
])
def test_clitic_chains(word, stem):
    assert stem in N.strip_clitics(word)


def test_clitics_keep_the_word_itself_first_and_short_stems_out():
    assert N.strip_clitics("بنش")[0] == "بنش"
    assert all(len(s) >= 2 for s in N.strip_clitics("وبل"))
    assert N.strip_clitics("بداما")[0] == "بداما"


@pytest.mark.parametrize("group", [
    ["Saraqib", "Saraqeb", "SARAQIB", "Sarāqib"],
    ["Idlib", "Idleb", "idlib"],
    ["Maarat al-Numan", "Ma'arrat an-Nu'man", "Maarrat al-Nu'man", "Ma`arrat al Numan",
     "Maʿarrat an-Nuʿman"],
    ["Jisr al-Shughur", "Jisr ash-Shughur", "Jisr al Shoghour", "jisr el-shughour"],
    ["Khan Shaykhun", "Khan Sheikhoun"],
    ["Ain al-Havr", "Ain al-Hawr", "Ayn al-Hawr"],
    ["Latakia", "Lattakia"],
])
def test_latin_variants_share_a_key(group):
    assert len({N.latin(g) for g in group}) == 1, [N.latin(g) for g in group]


def test_latin_drops_articles_only_as_words():
    assert N.latin_words("al-Bab") == ("bab",)
    assert N.latin_words("Alma") == ("alma",)


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_arabic_is_idempotent(text):
    once = N.arabic(text)
    assert N.arabic(once) == once


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_key_and_spaced_are_idempotent_and_consistent(text):
    k = N.key(text)
    assert N.key(k) == k
    assert N.key(N.spaced(text)) == k
    assert N.spaced(N.spaced(text)) == N.spaced(text)


@settings(max_examples=200, deadline=None)
@given(MIXED)
@example("\ufe70\u06e9\u0621")  # a tanween presentation form, then ۩ (a symbol, not a mark)
def test_tokens_cover_original_substrings(text):
    last = 0
    for norm, s, e in N.tokens(text):
        assert last <= s < e <= len(text)
        assert N.arabic(text[s:e]).replace(" ", "") == norm  # ligatures like ﷺ expand
        last = e


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_tokens_are_the_token_pattern_matches(text):
    # tokens() walks the pieces of a split on the pattern; it must find exactly the pattern's
    # matches, at their offsets, with the empty folds left out
    want = [(N._fold_word(m.group()), m.start(), m.end()) for m in N._TOKEN.finditer(text)]
    assert N.tokens(text) == [t for t in want if t[0]]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_latin_is_idempotent(text):
    words = N.latin_words(text)
    # a word that only *folds* into an article spelling ("ol" -> "ul") is dropped on a second
    # pass; articles are recognised as typed, before folding, so this edge is accepted
    assume(not any(w in N._LAT_ARTICLES for w in words))
    assert N.latin_words(" ".join(words)) == words


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["سراقب", "ادلب", "اريحا", "كفرنبل"]),
       st.sampled_from(["", "و", "ف"]), st.sampled_from(["", "ب", "ل", "ك"]))
def test_any_clitic_chain_recovers_the_stem(stem, conj, prep):
    assert stem in N.strip_clitics(conj + prep + stem)


def test_very_long_input_is_linear_enough():
    text = "قرية سراقب " * 20_000
    toks = N.tokens(text)
    assert len(toks) == 40_000
    assert N.arabic(text).count("سراقب") == 20_000


LETTERS = st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي"))
NAMES = st.lists(st.text(alphabet=LETTERS, min_size=2, max_size=7), min_size=1, max_size=3)


@settings(max_examples=300, deadline=None)
@given(NAMES, st.data())
def test_typed_variants_share_the_key(words, data):
    """Hamza seats on alef, alef maqsura/yeh, teh marbuta/heh, diacritics, tatweel,
    zero-width characters and extra spaces never change the key."""
    name = " ".join(words)
    variant = []
    for ch in name:
        if ch == "ا":
            ch = data.draw(st.sampled_from(["ا", "أ", "إ", "آ", "ٱ"]))
        elif ch == "ي" and data.draw(st.booleans()):
            ch = "ى"
        elif ch == "ه" and data.draw(st.booleans()):
            ch = "ة"
        variant.append(ch)
        if ch != " ":
            variant.append(data.draw(st.sampled_from(["", "", "\u064e", "\u0651", "\u0640",
                                                      "\u200c", "\u0670"])))
        else:
            variant.append(data.draw(st.sampled_from(["", " ", "\u00a0"])))
    typed = "".join(variant)
    assert N.key(typed) == N.key(name)
    assert N.spaced(typed) == N.spaced(name)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abdfhiklmnqrstuz", min_size=3, max_size=8), min_size=1,
                max_size=3), st.data())
def test_latin_typing_variants_share_the_key(words, data):
    """Case, apostrophes/ayn signs, hyphens and the article never change the Latin key."""
    name = " ".join(words)
    art = data.draw(st.sampled_from(["", "al-", "el-", "Al ", "as-", "ash-", "an-"]))
    typed = "".join(c.upper() if data.draw(st.booleans()) else c for c in name)
    typed = typed.replace(" ", data.draw(st.sampled_from([" ", "-", "  "])))
    if len(typed) > 3:
        k = data.draw(st.integers(1, len(typed) - 1))
        typed = typed[:k] + data.draw(st.sampled_from(["", "'", "ʿ", "`", "’"])) + typed[k:]
    assert N.latin(art + typed) == N.latin(name)


# ------------------------------------------------------------------ final-letter variants

@pytest.mark.parametrize(("name", "variant"), [
    ("الدانه", "الدانا"), ("الدانا", "الدانه"), ("كباني", "كبانه"), ("كبانه", "كباني"),
    ("مصطفي", "مصطفا"), ("كفر حلفايا", "كفر حلفايه"), ("حلفايه", "حلفايا"),
])
def test_final_variants_swap_alef_ta_marbuta_and_alef_maqsura(name, variant):
    assert variant in N.final_variants(name)
    assert name not in N.final_variants(name)


@pytest.mark.parametrize("name", ["سراقب", "تل مرديخ", "في", "ما", "ادلب"])
def test_final_variants_leave_other_endings_and_short_words(name):
    assert all(v.split(" ")[-1] == name.split(" ")[-1] for v in N.final_variants(name))
    assert N.final_variants(name) == () or " " in name


def test_final_variants_are_symmetric_and_bounded():
    for name in ("الدانه", "كفر حلفايا", "ام جلال", "عين البيضا", "ابو الظهور",
                 "تل ابيض الشرقيه الجديده الكبري"):
        vs = N.final_variants(name)
        assert len(vs) <= 26 and len(set(vs)) == len(vs)
        for v in vs:
            assert name in N.final_variants(v)
            assert len(v) == len(name) and v.split(" ")[3:] == name.split(" ")[3:]


@given(st.text(alphabet=list("ابتسهيلمن "), min_size=1, max_size=20))
@settings(max_examples=200, deadline=None)
def test_final_variants_only_change_last_letters(text):
    name = " ".join(text.split())
    assume(name)
    for v in N.final_variants(name):
        for a, b in zip(name.split(" "), v.split(" "), strict=True):
            dual = {a[-2:], b[-2:]} == {"ان", "ين"} and a[:-2] == b[:-2]
            assert dual or (a[:-1] == b[:-1] and (a == b or {a[-1], b[-1]} <= set("اهي")
                                                  or {a[-1], b[-1]} == set("هت")))


def test_presentation_form_that_folds_to_a_bare_mark_is_no_word():
    # found by hypothesis: NFKC turns U+FCF2 into tatweel + marks, leaving U+06E5 alone
    assert N.tokens("\ufcf2\u06e5") == [] and N.key("\ufcf2\u06e5") == ""


@pytest.mark.parametrize("text", ["\ufe70\u06e5é", "\ufe70\u06e5X", "X\ufe70\u06e5"])
def test_a_small_letter_left_first_by_a_presentation_form_is_dropped_everywhere(text):
    # found by hypothesis: U+FE70 (tanween, a presentation form) folds to a space and a mark,
    # leaving the small waw U+06E5 first in the word; tokens, arabic() and key() all drop it,
    # so a token is arabic() of its text and key() stays idempotent
    (norm, s, e), = N.tokens(text)
    assert norm == N.arabic(text[s:e]) == N.key(text) == N.key(N.key(text))
