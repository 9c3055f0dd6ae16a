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
