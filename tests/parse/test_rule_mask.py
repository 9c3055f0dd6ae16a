"""Rule ``mask`` (gazetteer.parse.rules.mask): organisations, outlets, people are no places."""

from __future__ import annotations

import pytest

from gazetteer.parse.rules.mask import Mask


def masked_words(state):
    return [w for w, m in zip(state.words, state.masked, strict=True) if m]


def test_a_person_name_is_masked_in_isolation(state_after):
    state = state_after("قال بشار الأسد في دمشق")
    assert not any(state.masked)
    Mask()(state)  # the rule alone, on a fresh state
    assert "الاسد" in masked_words(state) and "دمشق" not in masked_words(state)


def test_an_outlet_is_masked_and_the_place_after_it_is_not(state_after):
    state = state_after("نقل تلفزيون سوريا عن مصادر في إدلب", "mask")
    assert "سوريا" in masked_words(state)
    assert "ادلب" not in masked_words(state)


def test_a_kunya_masks_the_name_after_it(state_after):
    state = state_after("قال أبو عمر الزاوي", "mask")
    assert "الزاوي" in masked_words(state)


@pytest.mark.parametrize("text, outlet", [("شفق نيوز- دمشق / اندلعت اشتباكات", "شفق"),
                                          ("نقلت شبكة السويداء 24 أن", "السويداء"),
                                          ("أفاد موقع دير الزور 24 بمقتل", "دير الزور")])
def test_outlets_of_the_regions_are_no_places(g, text, outlet):
    assert outlet not in [m.surface for m in g.extract(text)]


def test_idioms_are_not_places():
    # «بجروح» (with wounds) is also spelt like the village جروح of Hama
    from gazetteer import Gazetteer
    ms = Gazetteer.default().extract(
        "قتل شاب وأصيب آخرون بجروح في قصف على بلدة صوران بريف حماة الشمالي")
    assert [m.surface for m in ms if "جروح" in m.surface] == []
    assert any(m.surface == "صوران" for m in ms)


def test_a_place_noun_with_a_possessive_pronoun_is_no_place():
    from gazetteer import Gazetteer
    ms = Gazetteer.default().extract("تشهد مدن وبلدات دمشق وريفها هدوءاً نسبياً")
    assert [m.surface for m in ms] == ["دمشق"]


def test_a_definite_given_name_after_a_given_name_is_a_family_name():
    from gazetteer import Gazetteer

    g = Gazetteer.default()
    text = "وقال مدير الإدارة العامة للمهجرين محمد الإبراهيم إن التجمعين يضمان 22 مخيماً"
    assert not g.extract(text)
    # … but after a settlement noun it is a village's name («قرى صالح الحمود وجهبل»)
    ms = g.extract("قصف طال قرى صالح الحمود وجهبل ومشيرفة بريف الرقة")
    assert "وجهبل" in [m.surface for m in ms]


def test_a_definite_settlement_noun_is_the_town_of_the_text_not_a_name():
    from gazetteer import Gazetteer

    ms = Gazetteer.default().extract("قصفت قوات النظام مدينة جسر الشغور، وطال القصف أحياء المدينة")
    assert [m.surface for m in ms] == ["جسر الشغور"]


def test_a_camp_cluster_is_no_organisation():
    # «تجمع أطمة»: the cluster of camps at Atmeh, not a group named after the town
    from gazetteer import Gazetteer

    ms = Gazetteer.default().extract("غرقت مخيمات المهجرين في تجمع أطمة القريب من الحدود")
    assert [m.surface for m in ms] == ["أطمة"]


def test_an_outlet_name_after_a_place_noun_is_the_place(g):
    # «منطقة الجزيرة» is the Jazira, «قناة الجزيرة» the channel; «مدينة الميادين» the town,
    # «الميادين نت» the channel's website
    assert [m.place.kind for m in g.extract("في منطقة الجزيرة شمال شرق سوريا")
            if "الجزيرة" in m.surface] == ["region"]
    assert not [m for m in g.extract("وقالت قناة الجزيرة إن") if m.place]
    assert [m.place.kind for m in g.extract("دخلت القوات مدينة الميادين")] == ["town"]
    assert not [m for m in g.extract("وأكدت مصادر ميدانية للميادين نت أن القصف") if m.place]
