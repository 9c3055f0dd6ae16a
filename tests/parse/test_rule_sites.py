"""Rules ``sites`` and ``borders`` (gazetteer.parse.rules.sites): sites by their head noun,
located at the settlement they lie in, and borders read as the neighbouring country."""

from __future__ import annotations

import pytest

from gazetteer.parse.evidence import Kind
from gazetteer.parse.pipeline import Pipeline
from gazetteer.parse.rules.sites import CONF_DATELINE, CONF_SAID, Borders, Sites
from gazetteer.place import FACILITIES, KINDS, WITHIN_SETTLEMENT


def by_surface(ms):
    return {m.surface: m for m in ms}


def test_the_rule_in_isolation_adds_a_located_site(state_after):
    state = state_after("انفجرت عبوة قرب دوار النعيم وسط مدينة الرقة", "decide")
    assert not any(c.site for c in state.candidates)
    Sites()(state)
    (site,) = [c for c in state.candidates if c.site]
    assert site.site == "square" and site.name == "دوار النعيم"
    assert site.within is not None and state.store.kind[site.within] == "city"
    assert site.has(Kind.WITHIN, "الرقه") and site.site_confidence == CONF_SAID


def test_every_site_kind_is_in_the_one_vocabulary():
    kinds = set(Sites().site_heads.values())
    assert kinds <= set(KINDS)
    assert kinds - {"neighbourhood", "hill", "mountain"} <= FACILITIES


@pytest.mark.parametrize("text, surface, kind", [
    ("استهدف القصف مشفى الحكمة في مدينة سلمية", "مشفى الحكمة", "hospital"),
    ("هجوم على سجن الصناعة في مدينة الحسكة", "سجن الصناعة", "prison"),
    ("تواصل التمشيط في حي الليلية جنوبي مدينة الحسكة", "الليلية", "neighbourhood"),
    ("نقل السجناء إلى السجن المركزي في مدينة حمص", "السجن المركزي", "prison"),
])
def test_a_site_said_to_lie_in_a_city_is_at_that_city(g, text, surface, kind):
    ms = by_surface(g.extract(text))
    m = ms[surface]
    city = [x for x in ms.values() if x.place is not None and x.place.kind in ("city", "town")]
    assert m.place is not None and m.place.kind == kind
    assert m.place.geometry == WITHIN_SETTLEMENT and m.place.source == "within"
    assert (m.place.lat, m.place.lon) == (city[0].place.lat, city[0].place.lon)
    assert "not in the gazetteer itself" in m.place.reason
    assert m.confidence < 0.9  # a few km, not metres


def test_a_neighbourhood_list_closed_by_the_city_keeps_every_item(g):
    text = "حلب – اشتباكات في أحياء الشيخ مقصود والأشرفية وبني زيد شمالي مدينة حلب"
    ms = by_surface(g.extract(text))
    # the cited neighbourhood wins; the others are sites in Aleppo, not a village 150 km away
    assert ms["الشيخ مقصود"].place.id.startswith("curated:")
    for s in ("والأشرفية", "وبني زيد"):
        assert ms[s].place.kind == "neighbourhood" and ms[s].place.geometry == WITHIN_SETTLEMENT
        assert abs(ms[s].place.lat - 36.2) < 0.05


def test_a_place_noun_with_a_clitic_ends_a_neighbourhood_list(g):
    """«لأحياء» (to the quarters) after the list of two quarters is no third quarter."""
    got = [m.surface for m in g.extract(
        "تمركز المسلحون في محيط حيي المالية والراشدين، لأحياء مدينة حلب بالقذائف")]
    assert "والراشدين" in got and "لأحياء" not in got and "حلب" in got


def test_the_dateline_city_locates_a_neighbourhood_with_less_confidence(g):
    ms = by_surface(g.extract("حمص – قصف حي الوعر وأحياء بابا عمرو والإنشاءات"))
    m = ms["والإنشاءات"]
    assert m.place.kind == "neighbourhood" and m.confidence == CONF_DATELINE
    assert abs(m.place.lat - 34.73) < 0.05


def test_an_unlocated_site_has_no_place_and_a_field_is_not_put_in_the_dateline_city(g):
    ms = by_surface(g.extract("دير الزور – سيطرت القوات على حقل التنك النفطي والسجن المركزي"))
    assert ms["حقل التنك النفطي"].place is None
    assert "site:oilfield" in ms["حقل التنك النفطي"].cues
    assert "site:prison" in ms["والسجن المركزي"].cues


def test_a_site_with_its_own_gazetteer_entry_keeps_it(g):
    ms = by_surface(g.extract("دير الزور – سيطرت القوات على حقل العمر النفطي"))
    assert ms["حقل العمر"].place.kind == "oilfield"
    assert not ms["حقل العمر"].place.id.startswith("within:")


@pytest.mark.parametrize("text", [
    "قصفت القوات حاجز الجيش قرب البلدة",
    "وصل إلى المشفى الوحيد في المنطقة",
    "أقيم حاجز عسكري على الطريق",
    "تحولت المدينة إلى ساحة للفوضى",
    "انفجر لغم في حقل ألغام قرب القرية",
    "تقدمت القوات في ساحة المعركة",
    "تعرضت محطة الوقود للقصف",
    "أقام النظام حاجز طيار على الطريق",
    "استهدفت محطة تحويل الكهرباء",
])
def test_a_head_with_an_owner_or_an_adjective_is_no_site(g, text):
    assert not [m for m in g.extract(text) if any(c.startswith("site:") for c in m.cues)]


def test_borders_are_off_by_default(g):
    assert not g.extract("اشتباكات قرب الحدود التركية")


def test_borders_in_isolation(state_after):
    state = state_after("اشتباكات قرب الحدود التركية", "sites")
    Borders()(state)
    (c,) = state.kept()
    assert c.has(Kind.BORDER) and state.store.kind[c.ids[0]] == "country"


@pytest.mark.parametrize("text, surface, country", [
    ("اشتباكات قرب الحدود التركية", "الحدود التركية", "تركيا"),
    ("تسلل عبر الحدود السورية اللبنانية", "الحدود السورية اللبنانية", "لبنان"),
    ("دوريات على الشريط الحدودي مع تركيا", "تركيا", "تركيا"),
])
def test_a_border_is_a_mention_of_the_neighbouring_country(g, text, surface, country):
    m = by_surface(g.extract(text, pipeline=Pipeline().insert(Borders(), after="sites")))[surface]
    assert m.place.kind == "country" and m.place.name_ar == country
    assert any(c.startswith("border") for c in m.cues)


@pytest.mark.parametrize("text, surface, kind", [
    ("حلب – استهدف القصف شارع النيل", "شارع النيل", "street"),
    # (مساكن هنانو is a gazetteer row since data13, الجزماتي since data14; an unlisted quarter
    # after مساكن is the site)
    ("حلب – استهدف القصف مساكن الحلوانية", "الحلوانية", "neighbourhood"),
    ("حلب – استهدف القصف مساكن هنانو", "مساكن هنانو", "neighbourhood"),
    ("حلب – قصف حي قناة السويس في مدينة حلب", "قناة السويس", "neighbourhood"),
])
def test_urban_sites_of_the_dateline_city(g, text, surface, kind):
    m = by_surface(g.extract(text))[surface]
    assert m.place.kind == kind and abs(m.place.lat - 36.2) < 0.05


def test_a_far_village_named_like_the_first_word_of_a_quarter_is_not_taken(g):
    # قناة is also a village: «حي قناة السويس» is one quarter of Aleppo, not that village
    ms = g.extract("حلب – قصف حي قناة السويس في مدينة حلب")
    assert not [m for m in ms if m.place is not None and m.place.kind == "village"]


def test_a_peak_is_a_hill_site(g):
    m = by_surface(g.extract("قصف مواقع في قمة النبي يونس"))["قمة النبي يونس"]
    assert "site:hill" in m.cues and m.place is None


def test_councils_in_isolation(state_after):
    from gazetteer.parse.rules.sites import Councils
    state = state_after("سيطر مجلس منبج العسكري على قرى", "unknown")
    (c,) = state.candidates
    assert not c.has(Kind.CUE)
    Councils()(state)
    assert c.has(Kind.CUE, "مجلس")


@pytest.mark.parametrize("text, surface", [
    ("سيطر مجلس منبج العسكري على قرى", "منبج"),
    ("قال مجلس تل تمر العسكري إن القصف استهدف", "تل تمر"),
])
def test_the_town_a_military_council_is_named_after_is_a_place(g, text, surface):
    m = by_surface(g.extract(text))[surface]
    assert m.place is not None and m.place.kind in ("town", "village", "city")


def test_the_city_named_before_in_the_sentence_and_the_reports_only_city(g):
    from gazetteer.parse.rules.sites import CONF_ONLY_CITY
    same = by_surface(g.extract("شهدت مدينة الباب توتراً إثر اشتباكات في حي زمزم."))
    assert same["زمزم"].place.source_id == same["الباب"].place.id
    # (الفردوس and الزبدية are gazetteer rows since data13, الميسر since data14: an unlisted
    # quarter, الحلوانية, here)
    only = by_surface(g.extract("شهدت مدينة حلب توتراً أمنياً. وسقطت قذيفة على حي الحلوانية."))
    m = only["الحلوانية"]
    assert m.place.source_id == only["حلب"].place.id and m.confidence == CONF_ONLY_CITY
    # two cities and no dateline: the quarter is not placed in either
    two = by_surface(g.extract("شهدت مدينتا حلب وحمص توتراً. وسقطت قذيفة على حي الحلوانية."))
    assert two["الحلوانية"].place is None and "site:neighbourhood" in two["الحلوانية"].cues


def test_a_quarter_whose_namesake_is_far_from_every_town_of_the_report_is_unlocated(g):
    # الصليبة is a Quneitra village far from Aleppo and Homs: in «حي الصليبة» it is a quarter of
    # one of them (the text does not say which), not that village (الفردوس, the earlier example,
    # is Aleppo's cited quarter «حي الفردوس» since data13)
    ms = by_surface(g.extract("شهدت مدينتا حلب وحمص توتراً. وسقطت قذيفة على حي الصليبة."))
    assert ms["الصليبة"].place is None and "site:neighbourhood" in ms["الصليبة"].cues


@pytest.mark.parametrize("text, site, town", [
    ("سقطت قذائف قرب القاعدة الروسية شمالي الحسكة", "القاعدة الروسية", "الحسكة"),
    ("وصل رتل إلى القاعدة التركية قرب الأتارب", "القاعدة التركية", "الأتارب"),
    ("نقل الجرحى إلى المشفى الوطني في إدلب", "المشفى الوطني", "إدلب"),
    ("قصفت المدفعية محيط القاعدة العسكرية التركية في معرزاف", "القاعدة العسكرية", "معرزاف"),
    ("انطلقت القوات من قاعدة التحالف الدولي في حقل العمر", "قاعدة التحالف", "حقل العمر"),
])
def test_a_definite_head_with_an_owners_adjective_is_an_unnamed_site(g, text, site, town):
    # who holds or runs a site does not name it: no site mention, the town it is in is one
    ms = by_surface(g.extract(text))
    assert not any(site in s or s in site for s in ms), ms
    assert town in ms and ms[town].place is not None


def test_a_camp_named_after_the_singular_head_is_a_camp_site(g):
    text = ("غرقت مخيمات المهجرين في تجمع أطمة شمال إدلب، منها مخيم زمزم 2 ومخيم الأنفال، "
            "ونزح الأهالي إلى مخيم الهول")
    ms = by_surface(g.extract(text))
    assert "site:camp" in ms["مخيم زمزم 2"].cues and "site:camp" in ms["ومخيم الأنفال"].cues
    # a camp named after a place is that place; the camps of a place or of people are no site
    assert ms["مخيم الهول"].place is not None and ms["مخيم الهول"].place.kind == "camp"
    assert ms["أطمة"].place is not None
    assert not [m for m in ms.values() if "المهجرين" in m.surface]


def test_a_regiment_named_by_its_number_is_a_base_site(g):
    (m,) = [m for m in g.extract("سيطرت الفصائل على الهوتة، وأورم الكبرى، والفوج 46.")
            if "الفوج" in m.surface]
    assert m.surface == "والفوج 46" and "site:base" in m.cues and m.place is None
    # not a division or a brigade: more often the unit itself («الفرقة 25 مهام خاصة»)
    assert not [m for m in g.extract("وصلت تعزيزات من الفرقة 25 إلى المنطقة")
                if "الفرقه" in m.name or "الفرقة" in m.surface]


def test_a_camp_for_people_is_no_named_camp(g):
    # «مخيم للنازحين»: a camp for the displaced, with ل + ال: no name follows
    assert not [m for m in g.extract("القصف الذي تعرض له مخيم للنازحين الليلة الماضية")
                if "مخيم" in m.surface]


def test_a_camp_named_by_a_common_word_is_a_camp_not_one_of_people(g):
    # «مخيم العودة», «مخيم الأمل»: names; «مخيم النازحين», «مخيم اللاجئين»: whose camp it is
    ms = {m.surface: m for m in g.extract(
        "قصفت الطائرات محيط مخيم العودة ومخيم الأمل، ونقل الجرحى إلى مخيم النازحين")}
    assert "site:camp" in ms["مخيم العودة"].cues and "site:camp" in ms["ومخيم الأمل"].cues
    assert not any("النازحين" in s for s in ms)


def test_a_plural_head_with_a_definite_adjective_is_no_site(g):
    # «الأحياء القديمة»: the old quarters, no one named site («المدينة القديمة» is one)
    assert not [m for m in g.extract("عقدة تربط الأحياء القديمة بالمساكن الحديثة في الرقة")
                if "الأحياء" in m.surface]


@pytest.mark.parametrize("text, surface, kind", [
    # a hill, a mountain, an observation post, a barracks, a mosque the gazetteer lacks
    ("سيطرت القوات على تلة الرمان ثم تقدمت نحو البلدة", "تلة الرمان", "hill"),
    ("قصفت المدفعية محيط جبل بشلامون في الريف الشمالي", "جبل بشلامون", "mountain"),
    ("استهدف الثوار مرصد الغزلان بقذائف الهاون", "مرصد الغزلان", "base"),
    ("انطلقت القذائف من ثكنة هنانو باتجاه الأحياء", "ثكنة هنانو", "base"),
    ("سقطت قذيفة قرب جامع الفردوس دون إصابات", "جامع الفردوس", "mosque"),
])
def test_a_site_head_names_a_site_of_its_kind(g, text, surface, kind):
    (m,) = [m for m in g.extract(text) if m.surface == surface]
    assert f"site:{kind}" in m.cues and m.place is None


def test_a_list_after_a_plural_hill_head_keeps_every_hill(g):
    ms = {m.surface: m for m in g.extract(
        "سيطرت الفصائل على تلال الدبابات والمسلخ والصوامع بعد معارك عنيفة")}
    assert {"تلال الدبابات", "والمسلخ", "والصوامع"} <= set(ms)
    # («الصوامع», the silos, is also a village's name, but a site noun by itself is no village)
    assert all("site:hill" in ms[s].cues for s in ("تلال الدبابات", "والمسلخ", "والصوامع"))


def test_a_hill_named_after_a_person_or_a_common_word_is_a_hill(g):
    # an indefinite name as common as a given name («تل عثمان»), but no adjective or verb
    ms = {m.surface for m in g.extract("سيطرت القوات على تل شداد ثم تقدمت نحو البلدة")}
    assert "تل شداد" in ms
    for text in ("تمركز القناصة على تل مرتفع قرب الطريق", "صعدوا إلى تلة تطل على السهل",
                 "قرب جبل يرتفع 1300 متر عن سطح البحر"):
        assert not [m for m in g.extract(text) if m.surface.startswith(("تل", "جبل"))], text


def test_a_head_that_starts_a_gazetteer_name_is_that_place_not_a_site(g):
    # «تل تمر» is a town: the hill noun is part of its name, even with a noun after it
    assert not [m for m in g.extract("وطالب أهالي تل تمر المجتمع الدولي بوقف القصف")
                if "المجتمع" in m.surface or "site:hill" in m.cues]
    (m,) = g.extract("شنت الطائرات غارات على تل تمر المجتمع فيه آلاف النازحين")
    assert m.surface == "تل تمر" and m.place is not None and m.place.name_en


def test_a_quoted_name_after_a_head_is_the_site_whatever_its_words(g):
    # common words in quotes after a checkpoint or a camp are its name; the surface is the name
    ms = {m.surface: m for m in g.extract(
        'دمرت الفصائل دبابة على حاجز "المخازن" ونزح الأهالي إلى مخيم "ضياء الرحمة" القريب')}
    assert "site:checkpoint" in ms["المخازن"].cues
    assert "site:camp" in ms["ضياء الرحمة"].cues
    # a news outlet in quotes after «مرصد» (a monitor) is no site
    assert not [m for m in g.extract('وذكر مرصد "الشمال" العسكري أن الطائرات أقلعت')
                if "الشمال" in m.surface]


def test_a_dual_head_names_two_sites(g):
    ms = {m.surface: m for m in g.extract("يعيش المهجرون في مخيمي زغاريد وسنابل شمالي البلدة")}
    assert "site:camp" in ms["مخيمي زغاريد"].cues and "site:camp" in ms["وسنابل"].cues
    # an indefinite accusative camp («مخيماً») is one camp, unnamed
    assert not [m for m in g.extract("أقامت المنظمة مخيماً يؤوي مئات العائلات")
                if "مخيم" in m.surface]


def test_a_name_of_a_person_with_bin_after_a_head_is_the_site(g):
    (m,) = [m for m in g.extract("انفجرت سيارة قرب مسجد خالد بن الوليد وسط المدينة")
            if "مسجد" in m.surface]
    assert m.surface == "مسجد خالد بن الوليد" and "site:mosque" in m.cues


def test_a_title_after_a_head_names_a_landmark_but_not_a_function_word(g):
    assert "جبل الشيخ طوبان" in {m.surface for m in g.extract(
        "قصفت الطائرات سفح جبل الشيخ طوبان غربي المدينة")}
    assert not [m for m in g.extract("تتمركز القوات في قمة جبل الشيخ منذ سنوات")
                if m.surface.endswith("منذ")]


def test_a_quoted_camp_name_of_common_words_is_a_camp(g):
    ms = {m.surface: m for m in g.extract('غرقت خيام مخيم "ضياء الأمل" في بلدة دير حسان')}
    assert "site:camp" in ms["ضياء الأمل"].cues


def test_a_battalion_named_by_its_arm_is_a_base(g):
    (m,) = [m for m in g.extract("اقتحم المقاتلون كتيبة الرادار في الريف الشرقي")
            if "كتيبة" in m.surface]
    assert m.surface == "كتيبة الرادار" and "site:base" in m.cues


def test_a_crossing_by_its_head_and_dual_outside_a_city_is_not_placed_in_it(g):
    ms = {m.surface: m for m in g.extract("أعلن فتح معبري طنبورة وزنبركة في الريف الغربي لحلب")}
    assert "site:crossing" in ms["معبري طنبورة"].cues and "site:crossing" in ms["وزنبركة"].cues
    # «في الريف الغربي لحلب»: in the city's countryside, not in the city
    assert ms["معبري طنبورة"].place is None


def test_a_site_name_repeated_bare_is_the_same_site(g):
    ms = g.extract("سيطرت الفصائل على معسكر وادي الزعتر قرب البلدة. وأكد قائد أن السيطرة "
                   "على وادي الزعتر جاءت بعد حصار طويل.")
    sites = [m for m in ms if "site:camp" in m.cues]
    assert [m.surface for m in sites] == ["معسكر وادي الزعتر", "وادي الزعتر"]
    assert "same-name" in sites[1].cues
    # a one-word name that is a common word is not looked for again («المكاتب» offices)
    ms = g.extract('دمرت الفصائل دبابة على حاجز "المكاتب". وأغلقت المكاتب الحكومية أبوابها.')
    assert [m.surface for m in ms if "site:checkpoint" in m.cues] == ["المكاتب"]


@pytest.mark.parametrize("text, word", [
    ("وتأتي هذه التطورات قبل أيام من قمة مرتقبة في موسكو", "مرتقبة"),  # a summit meeting
    ("وتتناثر قراها على تلال مكسوة بأشجار الصنوبر", "مكسوة"),  # the plural's adjective
    ("سقطت قذائف على أحياء الزهور والنصر، ورجح أن يكون مصدرها الفصائل", "رجح"),  # a verb
    ("تقدمت القوات في تلال الكبينة، ونفذت عشرات الغارات", "نفذت"),  # «، و» + a verb
    ("قصفت الطائرات جامع ومدرسة البلدة", "جامع"),  # the head's noun is one of two
    ("سيطر الثوار على تلة حاكمة تطل على الطريق", "تلة"),  # a commanding hill, unnamed
    ('وصلت المساعدات إلى مخيم "النازحين" في البلدة', "النازحين"),  # whose camp, quoted
    ("وأعلنت كتيبة شهداء الحرية مسؤوليتها عن الهجوم", "كتيبة"),  # a unit, an actor
    ("وقال قائد كتيبة الفاروق إن مقاتليه صدوا الهجوم", "كتيبة"),
    ("افتتحت الحكومة مشفى مجانياً يخدم ألفي مريض يومياً", "مشفى"),  # tanween: no name
])
def test_a_head_followed_by_no_name_is_no_site(g, text, word):
    assert not [m for m in g.extract(text) if word in m.surface]


def test_a_plural_head_may_introduce_its_list_with_mithl(g):
    ms = {m.surface for m in g.extract("سقطت قذائف على أحياء مثل الزنبركة والطنبورة في المدينة")}
    assert {"الزنبركة", "والطنبورة"} <= ms


def test_a_street_by_number_and_a_roundabout_named_after_a_person(g):
    ms = {m.surface: m for m in g.extract("انتشر القناصة في شارع 15 وقرب دوار نور الدين، "
                                          "وسقطت 15 قذيفة على الحي")}
    assert "site:street" in ms["شارع 15"].cues and "site:square" in ms["دوار نور الدين"].cues
    assert "15" not in ms  # the name of «شارع 15» is looked for again only when a rare word


def test_a_rare_word_between_two_places_of_a_comma_list_is_an_item(g):
    surfaces = [m.surface for m in g.extract("وشمل القصف أريحا، مجدليا، زنبركة، منطف والبارة")]
    assert "زنبركة" in surfaces


def test_a_word_with_the_clitic_ka_is_no_head(g):
    # «كتلة» is a bloc, not «ك» + «تلة» (a hill)
    assert not [m for m in g.extract('اقتتال بين فصائل "كتلة الجبهة" و"كتلة السلطان مراد"')
                if "كتلة" in m.surface]


def test_a_list_of_checkpoints_by_their_plural_head(g):
    ms = {m.surface: m for m in g.extract("سيطرت الفصائل على حواجز الزنبركة والطنبورة على الطريق")}
    assert "site:checkpoint" in ms["حواجز الزنبركة"].cues
    assert "site:checkpoint" in ms["والطنبورة"].cues
    # a verb with its object pronoun after the head is no name («حواجز أقامها المسلحون»)
    assert not [m for m in g.extract("انتشرت حواجز أقامها المسلحون على الطريق")
                if "حواجز" in m.surface]


def test_a_bare_repeat_of_a_quarter_known_by_its_head_is_that_quarter(g):
    # «حي الخالدية» is a cited Homs quarter indexed only with its head (الخالدية alone is a
    # village elsewhere): named bare later in the same report, it is still that quarter
    text = ("يتعرض حي الخالدية في مدينة حمص لقصف عنيف. ولجأ النازحون إلى الخالدية ومحيطها، "
            "وقال ناشط إن الخالدية هي الجبهة الأخيرة")
    quarter = [m for m in g.extract(text) if m.surface.endswith("الخالدية")]
    assert len(quarter) == 3
    assert {m.place.id for m in quarter} == {"curated:homs-khalidiyah"}
    assert "same-name" in quarter[1].cues
    # without the quarter named by its head, the bare word is left as it was
    assert all(m.place is None or m.place.id != "curated:homs-khalidiyah"
               for m in g.extract("ولجأ النازحون إلى الخالدية ومحيطها"))
