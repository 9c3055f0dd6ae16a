"""Rules ``match``, ``generic-heads``, ``part-adjectives`` (gazetteer.parse.rules.match)."""

from __future__ import annotations

from gazetteer.parse.evidence import Kind


def named(state) -> dict:
    """Candidates by name."""
    return {c.name: c for c in state.candidates}


def test_longest_name_wins(state_after):
    state = state_after("قصف على جبل الزاوية", "match")
    assert list(named(state)) == ["جبل الزاويه"]


def test_clitics_are_stripped_only_for_known_names(state_after):
    state = state_after("وبكفرنبل", "match")
    (c,) = state.candidates
    assert c.name == "كفرنبل" and c.clitic == "وب"


def test_masked_tokens_are_never_matched(state_after):
    state = state_after("نقل تلفزيون سوريا", "match")
    assert "سوريا" not in named(state)


def test_a_generic_head_and_a_known_name_are_one_candidate(state_after):
    state = state_after("على محور تل مرديخ", "generic-heads")
    c = named(state)["تل مرديخ"]
    assert c.has(Kind.HEAD, "تل") and c.ids


def test_a_part_adjective_makes_the_town(state_after, g):
    state = state_after("انتشرت دوريات في أسواق حمص القديمة", "part-adjectives")
    c = named(state)["حمص القديمه"]
    assert c.has(Kind.PART) and all(g.kind[x] in ("city", "town") for x in c.ids)


# ------------------------------------------------------------------ duals

def test_a_dual_head_names_two_places(state_after):
    from gazetteer.parse.rules.match import Duals

    state = state_after("اشتباكات في جبلي الأكراد والتركمان", "cues")
    assert "جبل التركمان" not in named(state)
    Duals()(state)
    first, second = named(state)["جبل الاكراد"], named(state)["جبل التركمان"]
    assert first.ids and second.ids and second.has(Kind.DUAL, "جبل")
    assert second.clitic == "و" and second.support >= first.support


def test_a_dual_head_in_the_pipeline(g):
    ms = g.extract("اشتباكات في جبلي الأكراد والتركمان بريف اللاذقية")
    assert [m.place.name_en for m in ms[:2]] == ["Jabal al-Akrad", "Jabal al-Turkman"]


def test_a_dual_settlement_noun_keeps_the_second_name(state_after):
    state = state_after("سيطرت القوات على مدينتي تلبيسة والرستن", "duals")
    assert named(state)["الرستن"].has(Kind.DUAL, "مدينتي")
    # a singular noun makes no dual: "مدينة تلبيسة والرستن" is a list, the second no dual
    state = state_after("سيطرت القوات على مدينة تلبيسة والرستن", "duals")
    assert not named(state)["الرستن"].has(Kind.DUAL)


def test_a_dual_head_without_both_names_changes_nothing(state_after):
    before = [c.name for c in state_after("قصف على تلي زغرزغ وزغبرنك", "cues").candidates]
    after = [c.name for c in state_after("قصف على تلي زغرزغ وزغبرنك", "duals").candidates]
    assert before == after


def test_a_head_and_name_pair_keeps_its_sentence(state_after):
    # the pair replaces the head's candidate after the sentences were numbered
    text = ("اشتباكات عنيفة في المنطقة.\n"
            "قصف على تل ممو والحاضر بريف حلب، وعلى جبلي الأكراد والتركمان")
    state = state_after(text, "duals")
    by = {c.name: c for c in state.candidates}
    assert by["تل ممو"].sentence == by["الحاضر"].sentence == 1
    assert by["جبل الاكراد"].sentence == by["جبل التركمان"].sentence == 1


def test_a_head_and_a_common_word_in_a_list_of_places_is_a_name(state_after):
    # «على تل مرتفع»: a hill; «كفر زيتا وتل فاس ولطمين»: the list's village
    state = state_after("سيطر الجيش على اللطامنة وكفر زيتا وتل فاس ولطمين", "generic-heads")
    assert any(c.name == "تل فاس" for c in state.candidates)
    state = state_after("تمركز القناص على تل مرتفع", "generic-heads")
    assert not any(c.name.startswith("تل ") for c in state.candidates)


def test_a_preposition_after_a_settlement_noun_is_no_place_spelt_with_the_article(g):
    # «مخيمات على الشريط»: على is no village العلي, even after a settlement noun
    assert not g.extract("يقيم النازحون في مخيمات على الشريط الحدودي")


def test_a_particle_never_joins_a_name_to_make_another(state_after, g):
    # حلب + أن joined is حلبان, a village of Idlib: the particle is the next sentence's, and the
    # name is حلب; a two-word name the gazetteer spells so still joins (كفر نبل = كفرنبل)
    names = named(state_after("وقال مراسل الوكالة في ريف حلب أن القصف استمر", "match"))
    assert "حلب" in names and not any(n.startswith("حلب ") for n in names)
    (c,) = state_after("قصف على كفر نبل", "match").candidates
    assert c.name == "كفر نبل" and c.ids


def test_a_cue_before_a_longer_name_gives_way_to_it(state_after):
    # «منطقة باب» is a spelling of the district «منطقة الباب»; «منطقة باب الهوى» is the cue and
    # the crossing's name, not the district and a stray word
    names = named(state_after("شهدت منطقة باب الهوى الحدودية تفجيرات", "match"))
    assert "باب الهوي" in names and "باب" not in names
    assert "ادلب" in named(state_after("في منطقة إدلب", "match"))


def test_a_grove_is_a_generic_head_never_a_village_alone(state_after):
    # «حرش مصيبين»: the grove of Musibin, not the village الحرش and a second name
    c = named(state_after("سيطرت الفصائل على حرش مصيبين المطل على أريحا", "generic-heads"))
    assert "حرش مصيبين" in c and c["حرش مصيبين"].has(Kind.HEAD, "حرش")
    assert "حرش" not in c


def test_a_cue_word_after_a_plural_settlement_noun_is_what_they_belong_to(state_after):
    # «قرى وبلدات الجبل»: the mountain's villages, not a village called الجبل; after a
    # singular noun it is that village's name, and a generic head still opens a name
    assert "الجبل" not in named(state_after("تستمر الحملة على قرى وبلدات الجبل", "match"))
    assert "الجبل" in named(state_after("قصفت القوات قرية الجبل شمال حماة", "match"))
    assert "مزرعه" in named(state_after("قصف قرى مزرعة داود ومقتلة", "match"))


def test_a_site_noun_by_itself_is_no_village(state_after, g):
    # «محيط السجن»: the prison the report named, not the village السجن 500 km away; after a
    # singular settlement noun it names the village, and after a site's head the site
    assert "السجن" not in named(state_after("بدأ الهجوم بتفجيرات ضربت محيط السجن", "match"))
    assert "المحطه" in named(state_after("قصفت القوات قرية المحطة", "match"))
    assert [m for m in g.extract("تجمع المحتجون عند دوار الملعب في مدينة الرقة")
            if "الملعب" in m.surface]
