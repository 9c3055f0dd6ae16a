"""Rule ``decide`` (gazetteer.parse.rules.decide), on hand-made candidates: no text needed."""

from __future__ import annotations

from gazetteer.parse.candidate import Candidate, How
from gazetteer.parse.evidence import Kind
from gazetteer.parse.rules.decide import Decide
from gazetteer.parse.state import ParseState
from gazetteer.parse.weights import WEIGHTS


def decide(*cands: Candidate, text: str = "") -> list[Candidate]:
    state = ParseState(store=None, lex=None, text=text, toks=[], words=[], infos=[],
                       sent_bounds=[], candidates=list(cands))
    Decide()(state)
    return state.candidates


def cand(i: int, name: str, zipf: float, **kw) -> Candidate:
    return Candidate(i, i + 1, 10 * i, 10 * i + 5, name, (1,), zipf=zipf, **kw)


def test_a_rare_word_needs_no_evidence():
    (c,) = decide(cand(0, "كفرنبل", WEIGHTS.decide_rare_zipf - 0.5))
    assert c.keep


def test_a_common_word_needs_evidence_in_proportion():
    weak, strong = cand(0, "الثوره", 5.0), cand(2, "الثوره", 5.0)
    strong.add(Kind.CUE, "قريه", WEIGHTS.cues_settlement)
    weak.add(Kind.PREP, "في", WEIGHTS.cues_preposition)
    decide(weak, strong)
    assert strong.keep and not weak.keep


def test_a_list_is_carried_by_a_solid_neighbour():
    solid, common = cand(0, "كفرنبل", 1.0), cand(1, "الزياره", 3.5)
    for c in (solid, common):
        c.add(Kind.LIST)
    decide(solid, common)
    assert solid.keep and common.keep


def test_an_organisation_part_is_dropped_whatever_its_evidence():
    c = cand(0, "ادلب", 1.0, org=True)
    c.add(Kind.CUE, "مدينه", WEIGHTS.cues_settlement)
    assert not decide(c)[0].keep


def test_two_plural_place_nouns_are_nouns_not_places(g):
    # «بلدات وقرى ريف حماة»: قرى is a noun (the villages), even with «ريف X» after it
    surfaces = [m.surface for m in g.extract("قصف طال بلدات وقرى ريف حماة الشمالي")]
    assert surfaces == ["حماة"]


def test_the_dual_of_a_settlement_noun_is_no_place(g):
    # «استهدفت قريتين» (two villages); القريتين, with its article, is the town
    assert [m.surface for m in g.extract("استهدفت القوات قريتين شمال غربي منبج")] == ["منبج"]
    assert next(m.surface for m in g.extract("قصف على القريتين في ريف حمص")) == "القريتين"


def test_a_name_given_a_settlement_noun_is_that_place_in_its_bare_repeats(g):
    # «بلدة الميادين» … «وشهدت الميادين»: a fairly common word (Zipf < 4.2) is the town again
    text = ("حررت القوات بلدة الميادين من التنظيم. وشهدت الميادين خلال أيام عودة النازحين، "
            "وتقع الميادين على ضفة الفرات.")
    assert len([m for m in g.extract(text) if m.surface == "الميادين"]) == 3


def test_a_name_known_only_from_its_romanisation_needs_evidence_however_rare():
    bare = cand(0, "محروقه", 0.5, how=How.ROMANISED)
    led = cand(2, "قوقفين", 0.5, how=How.ROMANISED)
    led.add(Kind.PREP, "من", 1)
    spelled = cand(4, "كفرنبل", 0.5)  # the same rarity, spelled in Arabic by a source
    decide(bare, led, spelled)
    assert (bare.keep, led.keep, spelled.keep) == (False, True, True)


def test_a_quoted_repeat_of_a_settled_name_is_that_place_however_common_the_word():
    """«مدينة "الطبقة"» … «وكانت "الطبقة" قد»: the repeat in quotes is the town, though
    الطبقة ("the layer") is too common to stand alone; unquoted, it stays a word."""
    text = 'مدينة "الطبقة" ثم "الطبقة" ثم الطبقة'
    spans = [(i := text.find("الطبقة", k), i + len("الطبقة")) for k in (0, 16, 25)]
    first, quoted, bare = (Candidate(n, n + 1, a, b, "الطبقه", (1,), zipf=4.55)
                           for n, (a, b) in enumerate(spans))
    first.add(Kind.CUE, "مدينه", WEIGHTS.cues_settlement)
    decided = decide(first, quoted, bare, text=text)
    assert [c.keep for c in decided] == [True, True, False]
    assert decided[1].has(Kind.SAME_NAME)


def test_a_repeat_of_a_settled_town_of_note_is_that_town_up_to_a_higher_frequency():
    """«مدينة دوما» … «عزلت دوما»: دوما is also the adverb «دوماً» (Zipf 4.8), too common for a
    village's repeat, not for a district seat's; a village so common stays a word."""
    text = "مدينة دوما ثم دوما"
    town, repeat = (Candidate(n, n + 1, a, a + 4, "دوما", (1,), zipf=4.8, notable=True)
                    for n, a in enumerate((text.find("دوما"), text.rfind("دوما"))))
    town.add(Kind.CUE, "مدينه", WEIGHTS.cues_settlement)
    assert [c.keep for c in decide(town, repeat, text=text)] == [True, True]
    assert repeat.has(Kind.SAME_NAME)
    village, again = (Candidate(n, n + 1, a, a + 4, "دوما", (1,), zipf=4.8)
                      for n, a in enumerate((text.find("دوما"), text.rfind("دوما"))))
    village.add(Kind.CUE, "مدينه", WEIGHTS.cues_settlement)
    assert [c.keep for c in decide(village, again, text=text)] == [True, False]
