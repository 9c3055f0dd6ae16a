"""gazetteer.context: choosing each mention's place from the rest of the report."""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer
from gazetteer.context import EAST_LON, spelling_variants
from gazetteer.extract import find_candidates
from gazetteer.normalize import tokens
from gazetteer.roads import Road


@pytest.fixture(scope="module")
def g():
    return Gazetteer.default()


def by_surface(ms):
    return {m.surface: m for m in ms}


def test_far_namesake_against_the_stated_governorate_is_left_unresolved(g):
    text = "حشود عسكرية في كفرنبل ومعرة حرمة والدار الكبيرة بريف إدلب الجنوبي"
    m = by_surface(g.extract(text))["والدار الكبيرة"]
    assert m.place is None
    assert m.confidence <= 0.2
    assert [c.admin1 for c in m.candidates] == ["Homs"]  # the alternative is still shown
    assert any(c.startswith("contradicts:") for c in m.cues)


def test_without_context_the_only_candidate_is_taken(g):
    (m,) = g.extract("الدار الكبيرة")
    assert m.place is not None and m.place.admin1 == "Homs"


@pytest.mark.parametrize("text, surface, lat", [
    ("غارة جوية على قرية الدانا شمال معرة النعمان", "الدانا", 35.70),
    ("وصول نازحين إلى مخيمات الدانا وسرمدا قرب الحدود التركية", "الدانا", 36.21),
    ("قصف على قرية النيرب قرب سراقب", "النيرب", 35.87),
    ("سقوط قذائف على مطار النيرب شرقي حلب", "النيرب", 36.18),
    ("قصف على بلدات بداما والناجية وفريكة قرب جسر الشغور", "وفريكة", 35.76),
    ("قصف على قلعة المضيق وفريكة والحواش في ريف حماة", "وفريكة", 35.57),
    ("قصف على قرى قسطون والحويز وقليدين في سهل الغاب", "والحويز", 35.50),
])
def test_same_name_resolved_by_the_places_around_it(g, text, surface, lat):
    m = by_surface(g.extract(text))[surface]
    assert m.place is not None
    assert abs(m.place.lat - lat) < 0.05, (m.place, m.cues)
    assert m.candidates, "the other readings are listed"


def test_governorate_and_city_readings(g):
    ms = g.extract("قصف على جنوبي إدلب وفي ريف إدلب الجنوبي ومدينة إدلب وفي إدلب")
    kinds = [m.place.kind for m in ms]
    assert kinds == ["governorate", "governorate", "city", "city"]
    assert all(m.place.admin1 == "Idlib" for m in ms)
    (m,) = g.extract("بريف حماة الشمالي")
    assert m.place.kind == "governorate" and m.place.name_en.startswith("Ham")


def test_area_named_in_the_sentence_helps(g):
    ms = by_surface(g.extract("قصف مدفعي على دير سنبل في جبل الزاوية"))
    assert ms["دير سنبل"].place.admin1 == "Idlib"
    assert any(c.startswith("area:") for c in ms["دير سنبل"].cues)
    ms = by_surface(g.extract("قصف مدفعي على دير سنبل قرب السقيلبية"))
    assert ms["دير سنبل"].place.admin1 == "Hama"


def test_confidence_reflects_ambiguity(g):
    sure = by_surface(g.extract("قصف على بلدة احسم وقرية مرعيان"))["احسم"]
    unsure = by_surface(g.extract("الحويز"))["الحويز"]
    assert sure.confidence > 0.85
    assert unsure.confidence < sure.confidence
    assert len(unsure.candidates) >= 2


def test_a_place_far_from_all_the_others_is_not_confident(g):
    text = ("قصف على كنصفرة والبارة وكفرعويد وبلدة احسم وقرية مرعيان في جبل الزاوية. "
            "وفي سياق آخر قصفت الطائرات بلدة الهبيط وقرية الحواش وقرية زيزون وقرية مورك، "
            "كما سقطت قذيفة في الشيخ سليمان.")
    m = by_surface(g.extract(text)).get("الشيخ سليمان")  # dropped, or kept without confidence
    assert m is None or m.place is None or m.confidence <= 0.35


def test_common_word_far_from_the_report_is_dropped(g):
    text = ("قصف على بداما والناجية وفريكة بريف جسر الشغور الغربي، "
            "ما أدى إلى إصابة مدنيين بجروح نقلوا إلى المشفى")
    assert "بجروح" not in by_surface(g.extract(text))


def test_scores_and_reasons_are_provided(g):
    for m in g.extract("قصف على قرى قسطون والزيارة وتل واسط في سهل الغاب بريف حماة"):
        assert 0 <= m.confidence <= 1
        if m.place is not None and m.kind == "place":
            assert m.place.reason and 0 <= m.place.score <= 1
            assert set(m.place.alternatives) == {c.id for c in m.candidates}


def test_context_can_be_switched_off(g):
    text = "غارة جوية على قرية الدانا شمال معرة النعمان"
    toks = tokens(text)
    from gazetteer.context import resolve_mentions

    plain = resolve_mentions(g, text, toks, find_candidates(g, text, toks), use_context=False)
    m = by_surface(plain)["الدانا"]
    assert m.place.lat > 36  # the populous namesake wins without context


def test_western_or_eastern_m4_from_places_around(g):
    west = g.extract("دورية مشتركة على طريق M4 بين ترنبة وأريحا")
    east = g.extract("اشتباكات قرب عين عيسى على طريق M4")
    assert [m.road for m in west if m.kind == "road"] == [Road.M4_WEST]
    assert [m.road for m in east if m.kind == "road"] == [Road.M4_EAST]
    assert 37 < EAST_LON < 38


def test_spelling_variants():
    v = spelling_variants("كنصفره")
    assert "كنسفره" in v and "كنصفره" not in v
    assert "سفوهون" in spelling_variants("سفوهن")
    assert all(len(x) >= 3 for x in spelling_variants("تل"))


def test_a_place_said_to_lie_inside_a_far_city_is_a_site_of_that_city(g):
    # الميدان is a village far from Damascus: «حي الميدان في مدينة دمشق» is the quarter,
    # located at the city's point (not at the namesake)
    ms = by_surface(g.extract("قصف على حي الميدان في مدينة دمشق"))
    damascus = ms["دمشق"].place
    assert damascus.name_en == "Damascus"
    p = ms["الميدان"].place
    assert p.kind == "neighbourhood" and (p.lat, p.lon) == (damascus.lat, damascus.lon)


def test_being_located_in_a_named_area_is_evidence(g):
    ms = by_surface(g.extract("اشتباكات في الزيارة بسهل الغاب"))
    assert ms["الزيارة"].place.admin1 == "Hama"
    assert "in:سهل الغاب" in ms["الزيارة"].cues
    assert g.extract("خلال الزيارة في دمشق")[0].surface == "دمشق"  # the visit, not the village


def test_one_sense_per_discourse_unifies_repeats_of_a_village_name(g):
    from gazetteer.context import _one_sense
    from gazetteer.mention import Mention

    town, village = g.resolve("الدانا", limit=2)[:2]
    assert town.id != village.id  # two places of one name, far apart
    text = "الدانا ... الدانا ... مدينة الدانا"
    ms = [Mention("الدانا", 0, 6, "الدانا", town, 0.9, ["cue:بلده"], []),
          Mention("الدانا", 11, 17, "الدانا", village, 0.5, [], []),
          Mention("الدانا", 28, 34, "الدانا", village, 0.6, ["cue:مدينه"], [])]
    _one_sense(g, text, [], ms, [], specific={id(ms[2])})  # مدينة: the town is asked for
    assert ms[1].place.id == town.id and "same-name" in ms[1].cues
    assert ms[1].confidence <= 0.5
    assert ms[2].place.id == village.id  # an explicit city cue keeps its own reading


def test_prominent_town_far_from_the_other_places_is_kept(g):
    # Manbij is ~75 km from Ain Issa: a common-word test by distance would drop it, but a town
    # of 20,000+ named as the object of a verb is a place wherever it lies
    ms = by_surface(g.extract("الطريق الذي يربط منبج بعين عيسى"))
    assert ms["منبج"].place.admin1 == "Aleppo"
    assert ms["بعين عيسى"].place.admin1 == "Raqqa"


def test_eastern_m4_gets_the_eastern_record_not_the_corridor_road(g):
    (road,) = [m for m in g.extract("اشتباكات قرب عين عيسى على طريق M4") if m.kind == "road"]
    assert road.road is Road.M4_EAST and road.place.id == "curated:m4-east"


@pytest.mark.parametrize("text", [
    'ترى موسكو في فتح "إم 4" شرطاً لعودة التجارة بين حلب والساحل.',   # Moscow is at 37.6°E
    'تنتشر نقاط تركية في ريف حلب الغربي، بعضها قرب الطريق الدولي "إم 4" شمال أريحا.',
])
def test_foreign_places_and_aleppo_governorate_do_not_make_the_m4_eastern(g, text):
    (road,) = [m for m in g.extract(text) if m.kind == "road"]
    assert road.road is Road.M4_WEST and road.place.id == "curated:m4"


def test_east_words_belong_to_the_next_road_name_only(g):
    ms = g.extract('طريقان باسم واحد: "إم 4" في إدلب و"إم 4" في شمال شرقي سوريا')
    assert [m.road for m in ms if m.kind == "road"] == [Road.M4_WEST, Road.M4_EAST]


def test_lone_far_place_does_not_pull_a_list_of_distant_towns(g):
    # the towns of the list lie 70-160 km apart; a place 400 km away named in the same
    # sentence must not decide which رأس العين is meant
    text = "اشتباكات في تل أبيض والقامشلي والحسكة ورأس العين، ووصل وفد من يبرود"
    m = by_surface(g.extract(text))["ورأس العين"]
    assert m.place.admin1 == "Al-Hasakah" and m.place.kind in ("city", "town")


def test_far_common_word_village_does_not_pull_its_sentence(g):
    text = ("تنتشر القوات في القامشلي والحسكة ومنبج، وتشرف على مناطق الحكم في كوباني "
            "ورأس العين")
    ms = by_surface(g.extract(text))
    assert ms["ورأس العين"].place.admin1 == "Al-Hasakah"
    assert ms["كوباني"].place.kind in ("city", "town")


def test_end_of_a_route_is_not_where_the_list_lies(g):
    # "وصولاً إلى مدينة X" ends a route: the villages before it are not "in" X
    text = "انطلقت الدورية من قرى بسنقول ومحمبل والكفير، وصولاً إلى مدينة جسر الشغور"
    ms = by_surface(g.extract(text))
    kufayr, muhambal = ms["والكفير"].place, ms["ومحمبل"].place
    assert not any(q.startswith("near:جسر") for q in ms["والكفير"].cues)
    assert abs(kufayr.lat - muhambal.lat) + abs(kufayr.lon - muhambal.lon) < 0.1


def test_common_word_refuted_by_its_in_place_is_dropped():
    from gazetteer import Gazetteer

    g = Gazetteer.default()
    # "a prison in Sarmada": سجن is also a far-off village, but في سرمدا refutes that reading
    assert [m.surface for m in g.extract("اقتادته الدورية إلى سجن في سرمدا")] == ["سرمدا"]
    # with a settlement noun it stays a mention, unresolved, with the contradiction explained
    ms = g.extract("اقتادته الدورية إلى قرية سجن في سرمدا")
    assert ms[0].surface == "سجن" and ms[0].place is None
    assert "contradicts:سرمدا" in ms[0].cues


# ------------------------------------------------------------------ the report's region

#: تل أيوب: a village name with one reading in Aleppo governorate, one in Hasakah (300 km)


def _namesake(g, text):
    (m,) = [m for m in g.extract(text) if m.name == "تل ايوب"]
    return m


@pytest.mark.parametrize("text, admin1", [
    ("الحسكة – نورث برس: قصفت القوات التركية تل أيوب مساء أمس", "Al-Hasakah"),
    ("قصفت القوات في ريف الحسكة الشمالي، ونزح الأهالي من تل أيوب", "Al-Hasakah"),
    ("حلب – قصفت القوات تل أيوب مساء أمس", "Aleppo"),
    ("قصفت القوات في ريف حلب الشرقي، ونزح الأهالي من تل أيوب", "Aleppo"),
    # the unambiguous places of the report set it too
    ("نزح أهالي تل تمر وأبو راسين. وقصفت القوات تل أيوب", "Al-Hasakah"),
    ("نزح أهالي منبج ودير حافر. وقصفت القوات تل أيوب", "Aleppo"),
])
def test_the_report_region_chooses_between_far_namesakes(g, text, admin1):
    m = _namesake(g, text)
    assert m.place.admin1 == admin1
    assert any(c.startswith(("region:", "sentence-gov:", "near:")) for c in m.cues)


def test_both_readings_are_kept_as_alternatives(g):
    m = _namesake(g, "الحسكة – نورث برس: قصفت القوات التركية تل أيوب")
    assert m.place.admin1 == "Al-Hasakah" and "region:Al-Hasakah" in m.cues
    assert [p.admin1 for p in m.candidates] == ["Aleppo"]


def test_without_evidence_the_north_west_default_breaks_the_tie(g):
    m = _namesake(g, "قصفت القوات تل أيوب")
    assert m.place.admin1 == "Aleppo" and "default-region:Aleppo" in m.cues
    # the default is the weakest prior: a report's region overrides it
    far = _namesake(g, "دير الزور – قصفت القوات تل أيوب")
    assert far.place.admin1 == "Al-Hasakah"


def test_the_region_does_not_override_the_level_a_cue_asks_for(g):
    # "مدينتي": towns, though the only other place (منبج) lies in Aleppo governorate, where a
    # village is also called رأس العين
    ms = by_surface(g.extract("سيطرت الفصائل على مدينتي منبج ورأس العين"))
    assert ms["ورأس العين"].place.admin1 == "Al-Hasakah"


def test_close_namesakes_across_a_border_are_left_to_the_places_around(g):
    from gazetteer.extract import parse
    from gazetteer.parse.weights import WEIGHTS

    state = parse(g, "سيّرت القوات دورية من أريحا حتى عين الحور")
    assert state.region.core == frozenset({"Idlib"})
    (c,) = [c for c in state.kept() if c.name == "عين الحور"]
    prior = dict(zip((g.admin1[x] for x in c.ids), c.region_prior, strict=True))
    # readings 7 km apart in Idlib and Latakia: the region favours neither; one in Quneitra,
    # 300 km away, gets nothing
    assert prior["Idlib"] == prior["Latakia"] == WEIGHTS.context_region
    assert prior["Quneitra"] == 0.0


def test_a_site_is_resolved_at_the_settlement_with_an_honest_geometry(g):
    from gazetteer.place import WITHIN_SETTLEMENT
    ms = by_surface(g.extract("انفجرت عبوة قرب دوار النعيم وسط مدينة الرقة"))
    site, city = ms["دوار النعيم"], ms["الرقة"]
    assert site.place.kind == "square" and site.place.geometry == WITHIN_SETTLEMENT
    assert site.place.source_id == city.place.id and site.place.alternatives == (city.place.id,)
    assert site.confidence < city.confidence


def test_a_neighbourhood_namesake_far_from_its_city_is_not_taken(g):
    # الأشرفية is also a village 150 km from Aleppo: in «أحياء … شمالي مدينة حلب» it is the
    # Aleppo quarter, at the city's point
    ms = by_surface(g.extract("حلب – اشتباكات في أحياء الشيخ مقصود والأشرفية شمالي مدينة حلب"))
    p = ms["والأشرفية"].place
    assert p.kind == "neighbourhood" and abs(p.lon - 37.17) < 0.05


def test_final_letter_and_word_spelling_variants():
    assert "الحمراء" in spelling_variants("الحمرا") and "الحمرا" in spelling_variants("الحمراء")
    assert "مولي" in spelling_variants("ملا") and "عينا" in spelling_variants("عيني")


def test_a_list_closed_by_a_governorate_takes_its_namesake_there(g):
    # الحمرا (الحمراء written with ا, as Syrians do) names villages of Aleppo, Hasakah and
    # Hama; in a list closed by «بريف حماة» it is the Hama one, the governorate in its cues
    ms = by_surface(g.extract("قصف قرى عين جارة والحمرا بريف حماة الشرقي"))
    m = ms["والحمرا"]
    assert m.place is not None and m.place.admin1 == "Hama" and "gov:Hama" in m.cues


def test_an_unrelated_fuzzy_name_is_not_taken_for_the_governorate(g):
    # no one-slip spelling of كفرلوسين is in Idlib: the resolver's fuzzy look-alike (كفر بسين,
    # 70 km away) is not an answer
    text = "دخل رتل تركي من معبر كفرلوسين الحدودي بريف إدلب الشمالي"
    m = by_surface(g.extract(text))["معبر كفرلوسين"]
    assert m.place is None


def test_a_list_item_one_slip_from_a_place_of_the_reports_region_is_that_place(g):
    # «بلدات الشدادي ومركدة والعريشي» in a Hasakah report: العريشي is عريشة with final ي for ة,
    # near the other items (الشدادي itself is now a cited name of al-Shaddadah, no slip)
    text = ("الحسكة – شددت القوات إجراءاتها على الطرق المؤدية إلى بلدات الشدادي ومركدة "
            "والعريشي جنوباً.")
    m = by_surface(g.extract(text))["والعريشي"]
    assert m.place is not None and m.place.admin1 == "Al-Hasakah" and m.confidence <= 0.5
    assert "spelling:عريشة" in m.cues


def test_a_repeat_with_its_own_preposition_is_the_reports_place_again(g):
    # «مدينة الميادين» … «في الميادين»: a fairly common word (Zipf ~3.9) with a preposition of
    # its own comes back as the town the report named; without one it stays a word
    text = ("قصف مدفعي على مدينة الميادين بريف دير الزور الشرقي. وقال ناشطون إن مشروعا "
            "للمياه افتتح في الميادين أمس بتمويل دولي.")
    towns = [m for m in g.extract(text) if m.surface == "الميادين"]
    assert len(towns) == 2 and towns[0].place.id == towns[1].place.id
    # (a district seat with its own preposition: the town by that evidence, or as the report's
    # place again)
    assert "prep:في" in towns[1].cues
    word = "قصف على مدينة الميادين. وقال إن الميادين العامة مكتظة."
    assert [m.start for m in g.extract(word) if m.surface == "الميادين"] == [word.find("الميادين")]


def test_a_district_seat_outweighs_its_namesake_village_near_the_reports_places(g):
    # عفرين the town (a district seat, 36.51°N) and `Afrin, a village by Aleppo (36.23°N)
    text = "عادت عشرات العائلات من عفرين إلى حي الشيخ مقصود في حلب بعد تحسن الأوضاع"
    m = by_surface(g.extract(text))["عفرين"]
    assert m.place is not None and m.place.kind == "town" and m.place.lat > 36.4
    # a village cue still asks for a village
    m = by_surface(g.extract("قصف على قرية عفرين قرب مدينة حلب"))["عفرين"]
    assert m.place is not None and m.place.kind == "village"


def test_an_area_noun_before_a_town_that_names_no_governorate_is_the_town(g):
    # السخنة: a town and the subdistrict named after it, whose centroid is 40 km away
    m = by_surface(g.extract("هجوم لخلايا التنظيم في منطقة السخنة بريف حمص الشرقي"))["السخنة"]
    assert m.place is not None and m.place.kind in ("town", "village")
    m = by_surface(g.extract("هجوم لخلايا التنظيم في ناحية السخنة بريف حمص"))["السخنة"]
    assert m.place is not None and m.place.kind == "subdistrict"
    # a governorate's name after the same noun is still the governorate
    m = by_surface(g.extract("قصف مدفعي على منطقة إدلب"))["إدلب"]
    assert m.place is not None and m.place.kind == "governorate"


def test_a_word_without_evidence_far_from_every_other_place_is_dropped(g):
    # رافقه (accompanied it) spells الرافقة, a village of Daraa 300 km from these places
    text = ("هاجمت خلايا التنظيم مواقع لقوات النظام قرب بلدة عقيربات شرق مدينة السلمية. "
            "الهجوم البري رافقه تمهيد مدفعي على قرى أثريا والسعن وخناصر")
    surfaces = [m.surface for m in g.extract(text)]
    assert "رافقه" not in surfaces
    assert {"عقيربات", "السلمية", "أثريا", "والسعن"} <= set(surfaces)


def test_a_list_item_one_slip_from_a_place_of_the_governorate_named_alone(g):
    # no other place near: the one governorate of the sentence decides the slip (صوران)
    m = by_surface(g.extract("قصف على قرى سوران وفيركان بريف حماة"))["سوران"]
    assert m.place is not None and m.place.name_ar == "صوران"
    assert m.place.reason == "spelling variant; in the governorate named with it"


@pytest.mark.parametrize("text, repeat, kept", [
    ("عادت الأسر إلى مدينة القصير بريف حمص الغربي. وقالت المحافظة إن عودة أهالي القصير بدأت",
     "القصير", True),
    ("زار الوفد قرية الزيارة شمالي حماة. وخلال الزيارة التقى الأهالي", "الزيارة", False),
])
def test_a_repeat_of_a_name_given_a_settlement_noun_is_that_place_up_to_a_common_word(
        g, text, repeat, kept):
    second = [m for m in g.extract(text) if m.surface.endswith(repeat)][1:]
    assert bool(second) is kept


def test_a_district_seat_with_a_fairly_common_name_needs_only_some_evidence(g):
    # الميادين (Zipf 3.9, "the squares") is a district seat 85 km from البوكمال
    text = "سقطت قذائف على مدينة البوكمال الحدودية، وعلى معسكر في الطريق الواصل إلى الميادين"
    m = by_surface(g.extract(text)).get("الميادين")
    assert m is not None and m.place is not None and m.place.admin1 == "Deir ez-Zor"


def test_an_elative_before_a_plural_noun_is_no_place(g):
    text = "معارك عنيفة على أطراف مدينة خان شيخون، كبرى مدن ريف إدلب الجنوبي"
    assert "كبرى" not in [m.surface for m in g.extract(text)]


def test_a_list_going_on_with_a_city_noun_does_not_contain_its_items(g):
    # «… والمنصورة والزيارة ومدينة مورك في ريف حماة»: the items are listed with Morek, not
    # inside it (a Ghab village 25 km away does not contradict it)
    text = ("غارات على قرى عطشان والهبيط والمنصورة والزيارة وكفرنبوذة ومدينة مورك في ريفي "
            "حماة الشمالي والغربي")
    by = {m.surface: m for m in g.extract(text)}
    for surface in ("والمنصورة", "والزيارة"):
        p = by[surface].place
        assert p is not None and p.admin1 == "Hama", surface


def test_a_place_in_a_name_that_is_also_a_governorate_lies_in_the_governorate(g):
    # «مدينة خان شيخون بإدلب»: in Idlib governorate, not contradicted by the city 50 km off
    (m,) = [m for m in g.extract("مجزرة الكيماوي في مدينة خان شيخون بـإدلب")
            if "خان" in m.surface]
    assert m.place is not None and m.place.admin1 == "Idlib"
    assert not any(c.startswith("contradicts:") for c in m.cues)
