"""Rule ``cues`` (gazetteer.parse.rules.cues): typed evidence and its weights."""

from __future__ import annotations

import pytest

from gazetteer.parse.evidence import Kind
from gazetteer.parse.weights import WEIGHTS


def named(state) -> dict:
    """Candidates by name."""
    return {c.name: c for c in state.candidates}


def test_a_settlement_noun_is_cue_evidence_with_its_weight(state_after):
    c = named(state_after("قصف على قرية الزيارة", "cues"))["الزياره"]
    assert c.has(Kind.CUE, "قريه") and c.support == WEIGHTS.cues_settlement
    assert "cue:قريه" in c.cues  # rendered for people


def test_only_the_first_matching_cue_counts(state_after):
    # "في قرية X": the place noun wins over the preposition before it
    c = named(state_after("في قرية الزيارة", "cues"))["الزياره"]
    assert c.has(Kind.CUE) and not c.has(Kind.PREP)


def test_a_list_of_places_is_list_evidence(state_after):
    state = state_after("قصف على قسطون والزيارة وخربة الناقوس", "cues")
    assert all(c.has(Kind.LIST) for c in state.candidates)


def test_located_in_a_known_place(state_after):
    c = named(state_after("اشتباكات في الزيارة بسهل الغاب", "cues"))["الزياره"]
    assert c.has(Kind.IN, "سهل الغاب")


def test_countryside_asks_for_the_governorate(state_after):
    c = named(state_after("في ريف إدلب", "cues"))["ادلب"]
    assert c.gov_cue and c.has(Kind.CUE, "ريف")


def test_the_leading_cues_are_data_with_a_weight_each():
    from gazetteer.parse.rules.cues import LEADING_CUES

    assert LEADING_CUES[0].find.__name__ == "_settlement"  # the strongest first
    for cue in LEADING_CUES:
        assert isinstance(getattr(WEIGHTS, "cues_" + cue.weight), int), cue
    prev = frozenset({"قريه", "في"})
    hits = [cue.kind for cue in LEADING_CUES if cue.find(prev, frozenset(), None, "", [], [])]
    assert hits == [Kind.CUE, Kind.PREP]  # both match; the table's order decides: CUE wins


def test_an_indefinite_noun_in_construct_read_only_with_the_article_is_a_noun(g):
    # صوامع الحبوب (the grain silos): الصوامع is a village far away, صوامع here a common noun
    ms = g.extract("الحسكة – استهدف القصف صوامع الحبوب قرب المدينة")
    assert [m.surface for m in ms] == ["الحسكة"]
    # with a settlement noun the village is still found
    assert "الصوامع" in [m.surface for m in g.extract("قصف قرية الصوامع")]


def test_a_nisba_after_a_comma_is_the_next_item_not_an_adjective(g):
    # «الرقة، القامشلي»: a definite -ي word agrees with the noun right before it, not across
    # a comma; «القوات الروسية» stays an adjective
    names = [m.place.name_en for m in g.extract("وصلت قوافل من الرقة، القامشلي، وعين العرب")]
    assert "Al Qamishli" in names
    assert not g.extract("وصلت القوات الروسية")


@pytest.mark.parametrize("text", ["تقع القرية في منطقة جبلية صعبة المسالك",
                                  "غارة استهدفت أحياء سكنية في مدينة إدلب",
                                  "سقطت قذائف على مناطق محررة بريف حلب"])
def test_an_indefinite_place_noun_and_its_adjective_name_no_place(g, text):
    # «منطقة جبلية» (a mountainous area): the adjective agrees with the noun; neither the
    # gazetteer reading nor a site «أحياء X» is a place
    assert all(m.surface in ("إدلب", "حلب") for m in g.extract(text))


def test_a_town_of_note_after_an_indefinite_noun_is_the_town(g):
    (m,) = [m for m in g.extract("زار الوفد قرى منبج") if m.surface == "منبج"]
    assert m.place is not None and m.place.kind in ("town", "city")
def test_no_leading_cue_fires_outside_the_quick_test_words():
    # _evidence skips the finders when the word before a candidate has no stem among
    # _LEADING_WORDS (and the one before that none among MOTION_CUES): every finder must then
    # find nothing, whatever the words (every word of the lexicon's sets is tried)
    from gazetteer import lexicon as L
    from gazetteer.parse.candidate import Candidate
    from gazetteer.parse.rules import cues

    pool = set()
    for value in vars(L).values():
        if isinstance(value, frozenset | set):
            pool |= {w for w in value if isinstance(w, str)}
    outside = sorted(pool - cues._LEADING_WORDS)
    outside2 = sorted(pool - L.MOTION_CUES)
    assert len(outside) > 100
    words = ["الكلمة", "القرى", "منها", "سراقب"]
    toks = [(w, 7 * k, 7 * k + len(w)) for k, w in enumerate(words)]
    text = " ".join(w.ljust(6) for w in words)
    c = Candidate(3, 4, toks[3][1], toks[3][2], "سراقب", (1,))
    for k, w in enumerate(outside):
        prev, prev2 = frozenset({w}), frozenset({outside2[k % len(outside2)]})
        for cue in cues.LEADING_CUES:
            assert cue.find(prev, prev2, c, text, toks, words) is None, (cue, w)


@pytest.mark.parametrize("text, kind", [
    ("وتقع تل رفعت على بعد نحو 35 كيلومتراً شمال حلب", "city"),
    ("سقطت قذيفة على بعد 10 كم جنوب غربي إدلب", "city"),
    ("قصف على بلدة كفرنبل جنوبي إدلب", "governorate"),
])
def test_a_compass_phrase_after_a_distance_measures_from_the_city(g, text, kind):
    (m,) = [m for m in g.extract(text) if m.surface in ("حلب", "إدلب")]
    assert m.place is not None and m.place.kind == kind


def test_a_clitic_is_no_evidence_when_the_word_as_written_is_commoner_than_the_name(g):
    # برميل "barrel" is no ب + the village رميل; وروسيا, بحلب keep their clitic readings
    assert not [m for m in g.extract("إثر سقوط برميل متفجر على منزلهم") if m.place]
    assert [m.place.kind for m in g.extract("اتفاق بين تركيا وروسيا")] == ["country", "country"]


def test_an_indefinite_adjective_of_a_plural_settlement_noun_is_no_place(g):
    assert not [m for m in g.extract("سيطرتها على ثماني قرى جديدة") if m.place]
    assert [m.surface for m in g.extract("سيطرتها على قرى كفرنبل وحاس")] == ["كفرنبل", "وحاس"]


def test_a_numbered_common_noun_is_a_unit_or_a_position_not_a_village(g):
    assert not [m for m in g.extract("واستهدف التنظيم مركز بريد الشحيل، واللواء 12 ببلدة الصور")
                if "اللواء" in m.surface]


def test_an_adjective_of_a_counted_settlement_noun_is_no_place(g):
    # «29 قرية جديدة»: 29 new villages (a counted noun is singular in Arabic)
    assert not [m for m in g.extract("بعد السيطرة على 29 قرية جديدة") if m.place]


def test_the_first_name_of_a_list_after_a_plural_noun_is_no_adjective(state_after):
    # «قرى جديدة»: new villages; «قرى ربيعة والسكرية والحلوة»: villages named
    listed = named(state_after("شمل القصف قرى ربيعة والسكرية والحلوة", "cues"))["ربيعه"]
    assert not listed.nisba and not listed.has(Kind.ADJECTIVE) and listed.has(Kind.LIST)
    new = named(state_after("سيطرت القوات على قرى جديدة في المنطقة", "cues"))["جديده"]
    assert new.nisba and new.has(Kind.ADJECTIVE, "plural")


def test_a_list_item_is_no_common_noun_with_the_adjective_after_the_list(state_after):
    # «والباب الخاضعة لسيطرة»: the adjective is the list's («مناطق … الخاضعة»), not "the door"'s
    text = "مناطق جرابلس وعفرين وأعزاز والباب الخاضعة لسيطرة المعارضة"
    c = named(state_after(text, "cues"))["الباب"]
    assert not c.nisba and not c.has(Kind.NOUN) and c.has(Kind.LIST)
    alone = named(state_after("فتح الباب الرئيسي للمبنى", "cues"))["الباب"]
    assert alone.nisba and alone.has(Kind.NOUN)


def test_a_name_in_brackets_after_a_place_is_its_other_name(state_after):
    state = state_after("قصف على مدينة تل أبيض (كري سبي) وعلى رأس العين (سري كانيه)", "cues")
    for name in ("كري سبي", "سري كانيه"):
        c = named(state)[name]
        assert c.has(Kind.ALIAS) and c.support == WEIGHTS.cues_alias
    # brackets after a word that is no place name are no alias
    c = named(state_after("قال المصدر (كري سبي) إن", "cues"))["كري سبي"]
    assert not c.has(Kind.ALIAS)


def test_two_names_of_one_place_side_by_side_are_each_others_evidence(state_after):
    # the Arabic and the Kurdish names of one village, with a slash or in brackets: the first
    # name gets the evidence too; two different places so written get none
    for text in ("في ناحية شيه/ شيخ الحديد بريف عفرين", "تقع شيخ الحديد (شيه) غربي عفرين"):
        c = named(state_after(text, "cues"))["شيخ الحديد"]
        assert c.has(Kind.ALIAS), text
    c = named(state_after("تقع شيخ الحديد/ جنديرس", "cues"))["شيخ الحديد"]
    assert not c.has(Kind.ALIAS)


def test_a_quantifier_governs_only_the_word_right_after_it(state_after):
    # «كل مهجر»: a common noun; «باي" (الراعي)»: brackets between, the stem اي of باي governs
    # nothing
    c = named(state_after('انفجار في "جوبان باي" (الراعي) شمال حلب', "cues"))["الراعي"]
    assert not c.has(Kind.NOUN)


def test_a_country_lists_countries_not_villages(state_after):
    state = state_after("بمليشيات إيران وتحت غطاء جوي، وزار الوفد تركيا وروسيا", "cues")
    by = named(state)
    assert not by["تحت"].has(Kind.LIST) and not by["ايران"].has(Kind.LIST)
    assert by["روسيا"].has(Kind.LIST) and by["تركيا"].has(Kind.LIST)


def test_a_place_noun_and_a_naming_word_name_what_follows(state_after):
    c = named(state_after("غارات على أطراف البلدة، في منطقة تدعى الصليب", "cues"))["الصليب"]
    assert c.has(Kind.NAMED) and c.support == WEIGHTS.cues_settlement
    # a person is named so too: no place noun before the naming word, no evidence
    state = state_after("اعتقلت الدورية شابا يدعى عناد من سكان البلدة", "cues")
    assert not any(x.has(Kind.NAMED) for x in state.candidates)


def test_towards_is_a_preposition(state_after):
    c = named(state_after("يتجه المسافرون من عين عيسى صوب تل تمر", "cues"))["تل تمر"]
    assert c.has(Kind.PREP, "صوب")


def test_a_list_closed_by_where_it_lies_lies_there_whole(state_after):
    # «X وY وZ في ريف Y»: every item of the list, not only the last, is said to lie there
    state = state_after("قصف على كفرنبل وكنصفرة وحاس في ريف إدلب الجنوبي", "cues")
    by = named(state)
    assert all(by[n].has(Kind.IN, "ادلب") for n in ("كفرنبل", "كنصفره", "حاس"))


def test_an_event_noun_and_its_adjective_and_an_elative_are_no_places(state_after):
    c = named(state_after("معارك عنيفة بريف اللاذقية الشمالي", "cues"))["عنيفه"]
    assert c.nisba and c.has(Kind.ADJECTIVE)
    c = named(state_after("آخر مدينة كبرى تسيطر عليها المعارضة", "cues"))["كبري"]
    assert c.has(Kind.ADJECTIVE, "elative")


def test_an_elative_after_a_settlement_noun_is_dropped_but_the_definite_village_kept(g):
    assert g.extract("آخر مدينة كبرى تسيطر عليها المعارضة") == []
    assert [m.surface for m in g.extract("قصف على قرية الكبرى")] == ["الكبرى"]


def test_after_a_singular_event_noun_a_feminine_name_is_the_place(state_after):
    # «سقوط ربيعة»: the fall of Rabia (a singular noun takes no feminine adjective)
    c = named(state_after("بعد سقوط ربيعة في ريف اللاذقية", "cues"))["ربيعه"]
    assert not c.nisba and not c.has(Kind.ADJECTIVE)


def test_a_noun_and_its_adjective_agree_in_gender(state_after):
    # «على الطبقة التحكمَ»: a feminine name and a verbal noun, no noun phrase
    c = named(state_after("وتعني السيطرة على الطبقة التحكم في سد الفرات", "cues"))["الطبقه"]
    assert not c.nisba and not c.has(Kind.NOUN)
    c = named(state_after("تتحدث الطبقة السياسية عن الانتخابات", "cues"))["الطبقه"]
    assert c.nisba and c.has(Kind.NOUN)


def test_names_in_quotes_make_a_list(state_after):
    state = state_after('قصف بلدات "مورك" و"معركبة" و"اللطامنة" بريف حماة', "cues")
    by = named(state)
    assert all(by[n].has(Kind.LIST) for n in ("مورك", "معركبه", "اللطامنه"))


def test_a_feminine_event_noun_takes_its_adjective(g):
    # «مجزرة جديدة في ريف إدلب»: a new massacre, not the village جديدة
    assert [m.surface for m in g.extract("مجزرة جديدة في ريف إدلب")] == ["إدلب"]


def test_a_name_in_quotes_after_a_place_is_its_other_name(state_after):
    c = named(state_after('وتعرضت منطقة جبل التركمان "بايربوجاق" لقصف', "cues"))["بايربوجاق"]
    assert c.has(Kind.ALIAS)


def test_a_quoted_list_written_with_dashes_is_a_list(state_after):
    """«وقرى "الزكاة – الأربعين – البويضة"»: inside quotes, a spaced dash separates list items;
    outside quotes a dash between two names («دجلة – الفرات») is not taken for a list."""
    text = 'قصفت المدفعية قرى "الزكاة – الأربعين – البويضة – معركبة" شمال حماة'
    state = state_after(text, "cues")
    items = named(state)
    assert all(Kind.LIST in items[n].kinds for n in ("الزكاه", "الاربعين", "البويضه", "معركبه"))
    state = state_after("مشروع لنقل المياه بين دجلة – الفرات قرب الحسكة", "cues")
    assert all(Kind.LIST not in c.kinds for c in state.candidates)


def test_a_compass_word_after_a_quarter_measures_from_the_city(state_after):
    # a quarter lies in the city, so «جنوبي حلب» after it is south of the city's centre; after
    # a quarter of another town, or a village, the adjectival form still names the governorate
    c = named(state_after("هجوم على محاور حي الراموسة والكليات العسكرية جنوبي حلب", "cues"))["حلب"]
    assert c.city_cue and not c.gov_cue and c.has(Kind.FROM_SITE)
    for text in ("قصف طال أحياء مدينة جسر الشغور غربي إدلب",
                 "سيطرت الفصائل على بلدة الزربة جنوبي حلب"):
        c = next(x for x in state_after(text, "cues").candidates if x.name in ("ادلب", "حلب"))
        assert c.gov_cue and not c.city_cue, text


def test_a_longer_gazetteer_name_is_rarer_than_its_rarest_word(state_after, g):
    # three ordinary words spell a place name even more rarely than two: «مطار حلب الدولي»
    # needs no cue («هاجموا مطار حلب الدولي»)
    c = named(state_after("وكان مقاتلون قد هاجموا مطار حلب الدولي", "cues"))["مطار حلب الدولي"]
    assert c.zipf < WEIGHTS.decide_rare_zipf
    (m,) = g.extract("وكان مقاتلون قد هاجموا مطار حلب الدولي، في حين")
    assert m.place.id == "curated:aleppo-airport"
