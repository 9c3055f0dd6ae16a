"""Rule ``unknown`` (gazetteer.parse.rules.unknown): names the gazetteer lacks."""

from __future__ import annotations

from gazetteer.parse.evidence import Kind


def unknowns(state):
    return [c for c in state.candidates if c.how == "unknown"]


def test_a_rare_word_after_a_settlement_noun_is_an_unknown_name(state_after):
    (c,) = unknowns(state_after("قصف على قرية زغرزغ", "unknown"))
    assert c.name == "زغرزغ" and c.ids == () and c.has(Kind.NOT_IN_GAZETTEER)
    assert c.has(Kind.CUE, "قريه")


def test_the_rule_is_skipped_when_unknown_names_are_not_wanted(state_after):
    assert not unknowns(state_after("قصف على قرية زغرزغ", "unknown", unknown=False))


def test_a_verb_is_never_an_unknown_list_item(state_after):
    state = state_after("قصف على قسطون والزيارة وأخمدت حريقاً", "unknown")
    assert not [c for c in unknowns(state) if "اخمدت" in c.name]
