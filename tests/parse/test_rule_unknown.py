"""Rule ``unknown`` (gazetteer.parse.rules.unknown): names the gazetteer lacks."""

from __future__ import annotations

import pytest

from gazetteer.parse.candidate import How
from gazetteer.parse.evidence import Kind


def unknowns(state):
    return [c for c in state.candidates if c.how is How.UNKNOWN]


def test_a_rare_word_after_a_settlement_noun_is_an_unknown_name(state_after):
    (c,) = unknowns(state_after("قصف على قرية زغرزغ", "unknown"))
    assert c.name == "زغرزغ" and c.ids == () and c.has(Kind.NOT_IN_GAZETTEER)
    assert c.has(Kind.CUE, "قريه")


def test_the_rule_is_skipped_when_unknown_names_are_not_wanted(state_after):
    assert not unknowns(state_after("قصف على قرية زغرزغ", "unknown", unknown=False))


def test_a_verb_is_never_an_unknown_list_item(state_after):
    state = state_after("قصف على قسطون والزيارة وأخمدت حريقاً", "unknown")
    assert not [c for c in unknowns(state) if "اخمدت" in c.name]


# ------------------------------------------------------------------ lists that keep every item
# (زغرزغ، زغبرنك، فيركان: rare words the gazetteer lacks)

def test_an_unknown_item_carries_the_unknown_item_after_it(state_after):
    state = state_after("قصف على قريتي فيركان وزغبرنك", "unknown")
    assert [c.name for c in unknowns(state)] == ["فيركان", "زغبرنك"]
    assert unknowns(state)[1].has(Kind.LIST)


def test_a_list_keeps_unknown_items_between_known_ones(state_after):
    state = state_after("قصف قرى كفرنبل وفيركان وزغبرنك وزغرزغ وحاس بريف إدلب", "unknown")
    assert [c.name for c in unknowns(state)] == ["فيركان", "زغبرنك", "زغرزغ"]
    assert all(c.has(Kind.LIST) for c in state.candidates if c.name in ("كفرنبل", "حاس"))


@pytest.mark.parametrize("after", ["بريف إدلب", "، وقصف", ".", "وزغبرنك"])
def test_an_unknown_word_closing_a_list_of_places_without_a_plural_noun_is_an_item(
        state_after, after):
    state = state_after(f"غارات على كفرنبل وحاس وزغرزغ {after}", "unknown")
    assert unknowns(state)[0].name == "زغرزغ" and unknowns(state)[0].has(Kind.LIST)


@pytest.mark.parametrize("text", [
    "غارات على كفرنبل وحاس وزغرزغ الكبير",    # the list does not stop after it
    "غارات على كفرنبل وحاس وتدمير المنازل",   # a common word
])
def test_a_word_after_known_places_is_no_item_unless_it_closes_a_list(state_after, text):
    assert not unknowns(state_after(text, "unknown"))


def test_a_known_item_after_an_unknown_one_is_a_list_item(state_after):
    state = state_after("قصف قرى فيركان وتل أيوب وزغبرنك بريف الحسكة", "unknown")
    assert [c.name for c in unknowns(state)] == ["فيركان", "زغبرنك"]
    (known,) = [c for c in state.candidates if c.ids and c.name == "تل ايوب"]
    assert known.has(Kind.LIST)


def test_every_item_of_the_list_is_a_mention(g):
    ms = g.extract("قصف قرى فيركان وتل أيوب وزغبرنك وزغرزغ بريف الحسكة")
    assert [m.surface for m in ms] == ["فيركان", "وتل أيوب", "وزغبرنك", "وزغرزغ", "الحسكة"]
    assert ms[1].place.admin1 == "Al-Hasakah"


def test_a_verb_after_an_unknown_item_is_no_item(state_after):
    state = state_after("قصف على قرية فيركان وأخمدت حريقاً", "unknown")
    assert [c.name for c in unknowns(state)] == ["فيركان"]


def test_a_common_word_after_an_unknown_village_of_a_singular_noun_is_no_item(g):
    # "قرية X والمدرسة": the village X and the school (المدرسة is also a village's name)
    assert [m.surface for m in g.extract("قصف على قرية زغرزغ والمدرسة فيها")] == ["زغرزغ"]


@pytest.mark.parametrize("text, surface", [
    ("توسع القصف ليشمل قرى أم الكيف والدردارة وتل شنان", "أم الكيف"),
    ("طال القصف قرى عرب خان وعين العبد بريف ناحية أبو راسين", "وعين العبد"),
])
def test_a_name_head_with_a_common_word_after_it_is_a_two_word_list_item(g, text, surface):
    # أم and عين are common words, العبد a (common-word) village: together a name the
    # gazetteer lacks, kept whole as a list item
    ms = {m.surface: m for m in g.extract(text)}
    assert surface in ms and "not-in-gazetteer" in ms[surface].cues
    assert "العبد" not in ms


def test_a_name_head_alone_is_still_no_name(g):
    assert not [m for m in g.extract("قصف قرى عين المكان") if "not-in-gazetteer" in m.cues]


def test_a_rare_word_heading_a_list_of_known_places_is_its_first_item(g):
    # «طال بينين وسفوهن ومرعيان»: بينين (unknown) opens a list of two known villages
    ms = {m.surface: m for m in g.extract("قصف صاروخي طال بينين وسفوهن ومرعيان")}
    assert "بينين" in ms and ms["بينين"].cues[0] == "list-head"
    # a common word before such a list stays a word: «وصلت التعزيزات وسراقب وأريحا»
    assert "التعزيزات" not in {m.surface for m in g.extract("وصلت التعزيزات وسراقب وأريحا")}


# ------------------------------------------------------------------ comma and quoted lists

def test_a_comma_list_keeps_its_unknown_items(state_after):
    state = state_after("قصفت قرى كفرنبل، فيركان، زغبرنك، حاس بريف إدلب", "unknown")
    assert [c.name for c in unknowns(state)] == ["فيركان", "زغبرنك"]
    assert all(c.has(Kind.LIST) for c in unknowns(state))


def test_a_list_ends_with_its_wa_item(state_after):
    # «مدن A وB، رافعين …»: after the و item, a comma opens another clause
    state = state_after("تظاهر الأهالي في مدن كفرنبل وحاس، رافعين أعلام الثورة", "unknown")
    assert not unknowns(state)


def test_every_item_of_a_quoted_list_is_a_name(g):
    text = 'استهدفت المدفعية قرى "كفرنبل، فيركان، تل زغبرنك وزغرزغ، حاس"، بريف إدلب الجنوبي'
    surfaces = [m.surface for m in g.extract(text)]
    assert surfaces[:5] == ["كفرنبل", "فيركان", "تل زغبرنك", "وزغرزغ", "حاس"]
    unknown = [m for m in g.extract(text) if m.place is None]
    assert {m.surface for m in unknown} == {"فيركان", "تل زغبرنك", "وزغرزغ"}
    assert all("not-in-gazetteer" in m.cues for m in unknown)


def test_quotes_around_a_sentence_make_no_names(g):
    assert not g.extract('وقال إن قرى "المنطقة تعاني من نقص الخبز والمياه"')


def test_a_quoted_list_of_unknown_words_needs_a_plural_place_noun_before_it(state_after):
    assert not unknowns(state_after('قال "فيركان، زغبرنك، زغرزغ"', "unknown"))


def test_a_list_item_may_be_a_fairly_common_word(state_after):
    # «قرى كفرنبل وحاس والراقية»: inside a list after a plural place noun an unknown item up to
    # Zipf 4.0 (الراقية, "the refined", 3.9) is a name; alone it would need to be rare
    state = state_after("قصف قرى كفرنبل وحاس والراقية بريف إدلب", "unknown")
    assert [c.name for c in unknowns(state)] == ["الراقيه"]
    assert not unknowns(state_after("قصف كفرنبل والرائعة", "unknown"))  # Zipf 4.6: a word


def test_a_quoted_list_of_known_places_keeps_its_unknown_items_far_from_its_noun(g):
    text = 'قال مصدر إن القرى التي تعرضت للقصف هي "الدندنية، الصيادة، اليانلي، حمرون"، وسقط فيها'
    surfaces = [m.surface for m in g.extract(text)]
    assert {"الدندنية", "الصيادة", "اليانلي", "حمرون"} <= set(surfaces)
    # a quoted sentence that happens to list places is no list of names
    speech = ('وأضاف "استهدف القصف قرى الدندنية، والصيادة، ما تسبب باستشهاد عدد من المدنيين، '
              'وإصابة آخرين".')
    assert not [m for m in g.extract(speech) if "إصابة" in m.surface]


def test_the_dual_and_plural_of_a_camp_cluster_noun_are_cues_not_names(g):
    # «مخيمات تجمعي حارم وسلقين»: the camps of the Harem and Salqin clusters
    ms = g.extract("وقال إن مخيمات تجمعي حارم وسلقين تضم 22 مخيماً")
    assert [m.surface for m in ms] == ["حارم", "وسلقين"]


@pytest.mark.parametrize("text, found", [
    ("اشتباكات على طريق الكاستيلو شمال حلب", "الكاستيلو"),
    ("على طريق التهريب نحو لبنان", None),
    ("على طريق الموت", None),
])
def test_a_rare_word_after_a_road_noun_is_a_name(g, text, found):
    unknown = [m.surface for m in g.extract(text) if "not-in-gazetteer" in m.cues]
    assert unknown == ([found] if found else [])


@pytest.mark.parametrize("text, word", [
    ("استهدف القصف قرى كفرنبل وحاس، مسجلاً أضراراً كبيرة في المستوصف", "مسجلاً"),
    ("توغلت قوات الاحتلال في عدة قرى بريفي القنيطرة الجنوبي والشمالي", "بريفي"),
])
def test_an_accusative_or_a_place_noun_is_no_unknown_name(g, text, word):
    assert word not in [m.surface for m in g.extract(text)]


def test_a_common_word_with_an_attached_pronoun_is_no_list_item(state_after):
    state = state_after("طوق على مدن عندان وحيان وبيانون، وفصلها عن ريف حلب", "unknown")
    assert not [c for c in unknowns(state) if "فصل" in c.name]


@pytest.mark.parametrize("text, name, cue", [
    ("توزعت الغارات على منطقة الصواغين ودوار النخلة", "الصواغين", Kind.CUE),
    ("استهدفت قرية إسكان التابعة لناحية شيراوا", "شيراوا", Kind.CUE),
    ("قصفت الطائرات منطقة تدعى ايكاردا جنوب حلب", "ايكاردا", Kind.NAMED),
])
def test_a_rare_word_after_an_area_noun_or_a_naming_word_is_an_unknown_name(
        state_after, text, name, cue):
    c = next(c for c in state_after(text, "unknown").candidates if c.name == name)
    assert c.how is How.UNKNOWN and c.has(cue)


def test_a_common_word_after_an_area_noun_is_no_unknown_name(state_after):
    state = state_after("في منطقة العمليات العسكرية شمال البلاد", "unknown")
    assert not any(c.how is How.UNKNOWN for c in state.candidates)


def _unknown_names(state) -> list[str]:
    return [c.name for c in state.candidates if c.how is How.UNKNOWN]


def test_a_list_announced_by_they_are_and_a_colon(state_after):
    state = state_after("استهدف القصف 3 قرى في ريف عامودا الغربي هي: جرنك وشوركي وتل حمدون",
                        "unknown")
    assert {"جرنك", "شوركي"} <= set(_unknown_names(state))


def test_unknown_items_between_two_places_of_a_list(state_after):
    # the passes that add items next to known names cannot reach the middle of the run
    state = state_after("سقطت قذائف على باب توما والقصاع والعباسيين والزبلطاني وجرمانا",
                        "unknown")
    assert {"القصاع", "العباسيين", "الزبلطاني"} <= set(_unknown_names(state))
    # a run that no place closes is no list: a clause goes on
    state = state_after("دخلت القوات سراقب وأحرقت والمنازل", "unknown")
    assert _unknown_names(state) == []


def test_a_definite_word_after_a_singular_settlement_noun_names_it(state_after):
    # «قرية السمرا»: a name, though السمرا is also a word; «مدينة الأدراج القديمة» is no
    # name (a noun and its adjective: the object of the verb before)
    assert "السمرا" in _unknown_names(state_after("سيطروا على قرية السمرا في اللاذقية",
                                                   "unknown"))
    assert _unknown_names(state_after("خسرت مدينة الأدراج القديمة والمواقع الأثرية",
                                      "unknown")) == []


def test_a_head_and_a_name_announced_by_a_list_opener(state_after):
    # «عشرات التلال والقرى، أبرزها جبل زاهية»: زاهية is also a word, the list says a name
    state = state_after("سيطرت على عشرات التلال والقرى، أبرزها جبل زاهية الاستراتيجي", "unknown")
    assert "جبل زاهيه" in _unknown_names(state)


def test_an_unknown_name_in_brackets_after_a_named_place_is_its_other_name(state_after):
    state = state_after("اشتباكات في مدينة أبو راسين (زركان) بريف الحسكة", "unknown")
    (c,) = [c for c in state.candidates if c.how is How.UNKNOWN]
    assert c.name == "زركان" and c.has(Kind.ALIAS)
    # … not after a word that only looks like a place («مزار»: a shrine)
    assert _unknown_names(state_after('أحرق مستوطنون مزار "شيخموس" قرب القرية', "unknown")) == []


def test_a_known_name_after_an_unknown_list_item_is_a_list_item(state_after):
    state = state_after('قصف على اللطامنة وكفرزيتا وحصرايا والزكاة والجنابرة "البانة"', "unknown")
    assert next(c for c in state.candidates if c.name == "الزكاه").has(Kind.LIST)


# ------------------------------------------------------------------ lists after a plural place noun
# (زغلبان، برغشان: rare words the gazetteer lacks; قناديل، ينابيع: common words it lacks)

def test_a_common_word_opening_a_list_after_a_plural_noun_is_an_item(state_after):
    # neither قناديل (a common word) nor زغلبان (no known neighbour) was found alone
    state = state_after("قصفت الطائرات قرى قناديل وزغلبان وكفرنبل، وسط نزوح الأهالي",
                        "unknown")
    first, second = unknowns(state)
    assert (first.name, second.name) == ("قناديل", "زغلبان")
    assert first.has(Kind.CUE, "قري") and first.has(Kind.LIST) and second.has(Kind.LIST)


@pytest.mark.parametrize("text, name", [
    ("اشتباكات على محاور حاس وبرغشان شمالي إدلب", "برغشان"),
    ("اشتباكات على محاور حاس ومعرة زغلبان شمالي إدلب", "معره زغلبان"),
])
def test_an_area_plural_opens_a_list_of_names(state_after, text, name):
    (c,) = unknowns(state_after(text, "unknown"))
    assert c.name == name and c.has(Kind.LIST)


def test_a_list_of_hills_without_a_known_item_needs_a_rare_one(state_after):
    state = state_after("سيطرت الفصائل على تلال زغلبان والينابيع، بعد معارك", "unknown")
    assert [c.name for c in unknowns(state)] == ["زغلبان", "الينابيع"]


@pytest.mark.parametrize("text", [
    "احترقت حقول القمح والشعير في ريف حلب",        # common words only: no names
    "قصف مناطق سكنية واسعة ومتفرقة، في تصعيد",     # the noun's adjectives
])
def test_a_plural_noun_before_common_words_makes_no_names(state_after, text):
    assert not unknowns(state_after(text, "unknown"))


@pytest.mark.parametrize("text, clause", [
    ("قصفت قرى زغلبان وبرغشان، ونفذت الطائرات غارات", "نفذت"),
    ("قصفت قرى زغلبان وبرغشان، ووصول التعزيزات إلى المنطقة", "وصول"),
    ("قرى زغلبان وبرغشان تعرضت لقصف عنيف", "تعرضت"),
])
def test_a_list_after_a_plural_noun_never_runs_into_a_clause(state_after, text, clause):
    names = [c.name for c in unknowns(state_after(text, "unknown"))]
    assert names == ["زغلبان", "برغشان"] and not any(clause in n for n in names)


def test_a_common_word_named_in_a_list_is_no_name_elsewhere(g):
    ms = g.extract("قصفت قرى قناديل وزغلبان وكفرنبل. وعلقت قناديل في الساحة")
    assert [m.surface for m in ms] == ["قناديل", "وزغلبان", "وكفرنبل"]


def test_a_rare_noun_shaped_like_a_derived_verb_is_a_list_item(g):
    # «استفعل» with a ta marbuta is a noun: the village after a known one in a list
    surfaces = {m.surface for m in g.extract("استهدفت الطائرات قرى كنسبا واستبرقة التي "
                                             "تسيطر عليها الفصائل")}
    assert "واستبرقة" in surfaces


def test_the_adjective_of_a_big_place_is_no_list_item(g):
    assert not [m for m in g.extract("استهدفت الغارات مناطق الريفين الحموي والإدلبي أمس")
                if "الإدلبي" in m.surface or "الريفين" in m.surface]


def test_a_plural_verb_with_its_object_pronoun_is_no_list_item(g):
    assert not [m for m in g.extract("اعتقلوا شباناً من قرى زنبركة وطنبورة واقتادوهم إلى الجبهات")
                if "اقتادوهم" in m.surface]


def test_an_unknown_wa_item_after_a_country_is_no_place(g):
    # «في تركيا ولبنان والنازحة …»: a list of countries, then a participle
    assert not [m for m in g.extract("عودة العائلات اللاجئة في تركيا ولبنان والنازحة في المخيمات")
                if "النازحة" in m.surface]


@pytest.mark.parametrize("text", ["حررت الفصائل خلال الأيام الماضية بلدة كفرنبل وزنبركة.",
                                  "غارات على كفرنبل وزنبركة بريف إدلب"])
def test_a_rare_wa_word_after_a_settled_place_ends_a_list(g, text):
    # a rare word after one place the text settled (a cue, a preposition), then the list's
    # end (a full stop, «بريف إدلب»): the second item
    assert "وزنبركة" in {m.surface for m in g.extract(text)}


@pytest.mark.parametrize("text, word", [
    ("قصفت الطائرات بلدة سراقب ومطاره.", "مطاره"),  # and its airport
    ("قتل ثلاثة في بلدة سراقب ومدنيان في قرية أخرى", "مدنيان"),  # and two civilians
    ("دخل المسلحون بلدة سراقب وخطفوه.", "خطفوه"),  # a plural verb and its object
])
def test_a_common_wa_word_after_a_place_is_no_list_item(g, text, word):
    assert not [m for m in g.extract(text) if word in m.surface]


def test_a_perfect_of_form_viii_or_vii_is_no_list_item(g):
    # «وامتد القصف إلى …», «وانسحب»: verbs after a list; a rare village so shaped (اشتبرق) stays
    for text in ("استهدف القصف قريتي الرويحة وبينين، وامتد إلى بلدات دير سنبل",
                 "قصفت القوات قريتي زغبرنك وفيركان وانسحب عناصرها"):
        assert not [m for m in g.extract(text) if "امتد" in m.surface or "انسحب" in m.surface]
    assert "اشتبرق" in {m.surface for m in g.extract("قصفت قوات النظام قرية اشتبرق")}


def test_a_passive_participle_after_a_settlement_noun_is_its_adjective(g):
    # «مدينة منكوبة» (a stricken town) agrees with its noun: no name; «بلدة معارة النعسان» is one
    for text in ("صنف الدفاع المدني سلقين ثالث مدينة منكوبة بالزلزال",
                 'الزلزال يحول حارم إلى مدينة "منكوبة" ويشرد سكانها'):
        assert not [m for m in g.extract(text) if "منكوبة" in m.surface], text
    assert [m for m in g.extract("تقدمت القوات نحو بلدة معارة النعسان") if "معارة" in m.surface]
