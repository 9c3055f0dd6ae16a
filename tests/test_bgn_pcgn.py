"""gazetteer.bgn_pcgn: Arabic spellings of BGN/PCGN romanised names, and their use."""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer
from gazetteer import normalize as N
from gazetteer.bgn_pcgn import arabic_spellings
from gazetteer.build import romanised_keys


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize(("latin", "arabic"), [
    ("Sarāqib", "سراقب"),                      # long vowel, short vowels unwritten
    ("Jisr ash Shughūr", "جسر الشغور"),        # assimilated article
    ("Ma‘arrat an Nu‘mān", "معرة النعمان"),    # ayn, doubled consonant, construct -at
    ("Tall Abyaḑ", "تل ابيض"),                 # word-initial vowel on alef, ḑ
    ("Ra’s al ‘Ayn", "راس العين"),             # hamza after a
    ("Ar Rāfiqah", "الرافقة"),                 # final -ah
    ("Sūq al Ḩamīdīyah", "سوق الحميدية"),      # ī + y written once
    ("Khān Shaykhūn", "خان شيخون"),            # digraphs
    ("Z̧ahr al Qaşr", "ظهر القصر"),            # z̧ (z + combining cedilla), ş
])
def test_a_romanised_name_gives_its_arabic_letters(latin, arabic):
    assert arabic_spellings(latin) == [arabic]


@pytest.mark.parametrize("latin", ["Halloûba", "Al Halluba", "Kafer Dâaïl", "Idlib", "", "Ḩ2"])
def test_a_name_of_another_system_or_without_its_marks_gives_nothing(latin):
    assert arabic_spellings(latin) == []


def test_the_rules_give_back_the_arabic_names_of_the_bundled_places(g):
    """On the bundled records that have both, the spelling of a romanised name is one of the
    record's Arabic names for most of them: the letter table is right (measured 95% on the
    WOF rows with both; the rest are other names or other systems' forms)."""
    s = g.store
    tried = agree = 0
    for i in range(len(s)):
        ar = {N.key(n) for n in s.names_of(i) if N.has_arabic(n)}
        spelled = {N.key(a) for n in s.names_of(i) if not N.has_arabic(n)
                   for a in arabic_spellings(n)}
        if ar and spelled:
            tried += 1
            agree += bool(ar & spelled)
    assert tried > 5000 and agree / tried > 0.9


def test_romanised_keys_add_only_what_the_arabic_names_lack():
    assert romanised_keys(["قوقفينة"], ["Quqfinah", "Qūqfīn"]) == ["قوقفين"]
    assert romanised_keys(["سراقب"], ["Sarāqib"]) == []          # already spelled so
    assert romanised_keys(["بحمرات"], ["Farshāt"]) == []          # another name, not a spelling
    assert romanised_keys([], ["As Sāḩil"]) == []                 # a common word (the coast)
    assert romanised_keys([], ["Maḩrūqah"]) == ["محروقه"]         # no Arabic name at all


def test_a_village_known_only_from_its_romanisation_is_found_with_evidence(g):
    (m,) = [m for m in g.extract("نزوح الأهالي من قرية قوقفين في جبل الزاوية")
            if m.surface == "قوقفين"]
    assert m.place.id == "wof:1310581423"  # Quqfinah (Arabic name قوقفينة)
    assert m.place.reason.startswith("Arabic spelling of its romanised")
    # … and not as a bare word: «جثامين محروقة» (burnt bodies) is no village "Maḩrūqah"
    assert not [m for m in g.extract("ومن بينها جثامين محروقة وأخرى مشوهة") if m.place]


def test_the_resolver_says_how_a_romanised_spelling_matched(g):
    best = g.resolve("قوقفين")[0]
    assert best.id == "wof:1310581423"
    assert best.reason.startswith("Arabic spelling of its romanised (GeoNames) name")


def test_a_site_noun_before_a_romanised_name_keeps_the_site(g):
    (m,) = [m for m in g.extract("قصف مواقع في قمة النبي يونس") if "يونس" in m.surface]
    assert m.surface == "قمة النبي يونس" and m.place is None  # not the village 65 km south

