"""Rules ``dateline`` and ``region`` (gazetteer.parse.rules.region): the report's own region."""

from __future__ import annotations

import doctest

import pytest

import gazetteer.focus
import gazetteer.parse.rules.region
from gazetteer.focus import NW_SYRIA, Focus, report_focus
from gazetteer.parse.evidence import Kind
from gazetteer.parse.rules.region import Dateline, ReportRegion
from gazetteer.parse.weights import WEIGHTS


@pytest.mark.parametrize("module", [gazetteer.focus, gazetteer.parse.rules.region])
def test_docstring_examples_run(module):
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize("text, name", [
    ("الحسكة – نورث برس: قصفت القوات التركية قرى", "الحسكه"),
    ("دير الزور – تمكنت القوات من السيطرة", "دير الزور"),
    ("حلب - سانا: أعلنت السلطات", "حلب"),
    ("عنب بلدي – إدلب: سيّرت القوات", "ادلب"),
    ("مراسل اللاذقية/ جسر: شنت الطائرات", "اللاذقيه"),
])
def test_the_dateline_place_is_found_in_isolation(state_after, text, name):
    state = state_after(text, "unknown")
    assert not any(c.has(Kind.DATELINE) for c in state.candidates)
    Dateline()(state)
    (c,) = [c for c in state.candidates if c.has(Kind.DATELINE)]
    assert c.name == name and c.support >= WEIGHTS.cues_dateline


@pytest.mark.parametrize("text", [
    "قصفت القوات التركية الحسكة أمس",             # a place in the sentence, not a dateline
    "قال مصدر إن القصف طال الحسكة – نورث برس",    # too far into the text
])
def test_a_place_inside_the_text_is_no_dateline(state_after, text):
    state = state_after(text, "dateline")
    assert not any(c.has(Kind.DATELINE) for c in state.candidates)


def test_votes_come_from_the_dateline_cues_and_unambiguous_places(state_after):
    state = state_after("الحسكة – نورث برس: قصف على تل تمر وأبو راسين في ريف الحسكة، "
                        "ونزح أهالي من منبج", "decide")
    votes = ReportRegion.votes(state)
    hasakah = votes["Al-Hasakah"]
    # the dateline, the governorate with ريف, and two unambiguous villages of Hasakah
    assert hasakah >= WEIGHTS.region_dateline + WEIGHTS.region_gov_cue + WEIGHTS.region_anchor
    # منبج: a lone place far from the others, in a governorate nothing else names
    assert "Aleppo" not in votes
    ReportRegion()(state)
    assert state.region.core == frozenset({"Al-Hasakah"}) and not state.region.default


def test_a_report_without_evidence_gets_the_north_west_default(state_after):
    state = state_after("قصفت القوات قرية تل أيوب", "region")
    assert state.region is NW_SYRIA and state.region.default


def test_a_road_named_by_its_ends_does_not_vote(state_after):
    state = state_after("أغلقت القوات طريق حلب - دمشق", "decide")
    assert ReportRegion.votes(state) == {}


def test_report_focus_keeps_governorates_with_a_fair_share():
    f = report_focus({"Al-Hasakah": 4.0, "Raqqa": 3.0, "Aleppo": 1.0}, min_share=0.5)
    assert f.core == frozenset({"Al-Hasakah", "Raqqa"})
    assert f.share(36.5, 40.7, "Raqqa") == 1.0 and f.share(36.2, 37.1, "Aleppo") == 0.0
    assert isinstance(f, Focus) and not f.default and f.votes[0] == ("Al-Hasakah", 4.0)


def _prior_by_governorate(g, state, name):
    (c,) = [c for c in state.kept() if c.name == name]
    return dict(zip((g.admin1[x] for x in c.ids), c.region_prior, strict=True))


def test_the_region_sets_the_prior_of_far_namesakes(g, state_after):
    state = state_after("الحسكة – نورث برس: قصفت القوات تل أيوب", "decide")
    (c,) = [c for c in state.kept() if c.name == "تل ايوب"]
    assert c.region_prior == ()
    ReportRegion()(state)
    prior = _prior_by_governorate(g, state, "تل ايوب")
    assert prior == {"Al-Hasakah": WEIGHTS.context_region, "Aleppo": 0.0}


def test_the_default_prior_is_a_weaker_tie_breaker(g, state_after):
    prior = _prior_by_governorate(g, state_after("قصفت القوات تل أيوب", "region"), "تل ايوب")
    assert 0 < prior["Aleppo"] <= WEIGHTS.context_region_default < WEIGHTS.context_region
    assert prior["Al-Hasakah"] == 0.0


def test_a_name_asked_as_a_town_or_governorate_gets_no_regional_prior(state_after):
    state = state_after("الحسكة – نورث برس: سيطرت الفصائل على مدينتي منبج ورأس العين", "region")
    (c,) = [c for c in state.kept() if c.name == "راس العين"]
    assert c.city_cue and c.region_prior == ()


def test_anchors_near_each_other_vote_even_against_a_cue(state_after):
    # منبج and جرابلس lie 33 km apart: two places of Aleppo governorate beside a Hasakah cue
    votes = ReportRegion.votes(state_after(
        "قصف في ريف الحسكة. ونزح أهالي من منبج وجرابلس", "decide"))
    assert votes["Aleppo"] == 2 * WEIGHTS.region_anchor
    assert votes["Al-Hasakah"] == WEIGHTS.region_gov_cue


def test_anchors_far_apart_all_vote_when_nothing_else_does(state_after):
    votes = ReportRegion.votes(state_after("نزح أهالي من منبج إلى درعا", "decide"))
    assert votes == {"Aleppo": WEIGHTS.region_anchor, "Daraa": WEIGHTS.region_anchor}


def test_a_name_in_brackets_after_the_dateline_is_the_outlet(g):
    ms = g.extract("حماة (حمص) – قصفت قوات النظام بلدة كفرزيتا بريف حماة الشمالي")
    assert "حمص" not in [m.surface for m in ms]
    assert [m for m in ms if m.surface == "حماة" and "dateline" in m.cues]
    # without the dash after the brackets it is no dateline outlet: «حماة (وحمص)»
    assert "وحمص" in [m.surface for m in g.extract("قصف على حماة (وحمص أيضاً) اليوم")]


def test_the_dateline_may_follow_a_headline(g):
    from gazetteer.extract import find_candidates
    from gazetteer.parse.rules.region import dateline

    text = "عشرات الغارات على شمال حلب واستمرار النزوح\n\nحلب (قاسيون) - شنت مقاتلات حربية غارات"
    c = dateline(text, find_candidates(g, text))
    assert c is not None and c.start == text.index("\n\n") + 2
    # … and its outlet in brackets is no place
    assert [m.surface for m in g.extract(text)].count("قاسيون") == 0
    # a first line with a dash is the dateline's own line, not a headline
    text = "بلدي نيوز – إدلب (خاص)\nاستشهد عشرة مدنيين في مدينة إدلب"
    assert dateline(text, find_candidates(g, text)).start == text.index("إدلب")
