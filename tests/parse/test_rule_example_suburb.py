"""The worked example of CONTRIBUTING.md ("How to add a rule"): a rule and its test."""

from __future__ import annotations

from gazetteer.parse.evidence import Kind
from gazetteer.parse.pipeline import Pipeline
from gazetteer.parse.state import ParseState, Rule
from gazetteer.parse.text import prev_word_stems
from gazetteer.parse.weights import WEIGHTS


class SuburbNoun(Rule):
    """"ضاحية X" (the suburb X): X is a settlement, as after قرية.

    Reads ``candidates`` and the word before each; writes ``Candidate.evidence`` (a ``CUE``
    weighing as much as a settlement noun). Runs after ``cues``, before ``decide``.
    """

    name = "suburb-noun"

    def __call__(self, state: ParseState) -> None:
        for c in state.candidates:
            before = prev_word_stems(state.toks, state.words, c.i, state.text)
            if "ضاحيه" in before and not c.has(Kind.CUE):
                c.add(Kind.CUE, "ضاحيه", WEIGHTS.cues_settlement)


TEXT = "وصلت القوات إلى ضاحية الزيارة"


def test_the_rule_in_isolation(state_after):
    state = state_after(TEXT, "cues")  # the state the rule will see
    (c,) = state.candidates
    assert not c.has(Kind.CUE)
    SuburbNoun()(state)
    assert c.has(Kind.CUE, "ضاحيه") and c.support >= WEIGHTS.cues_settlement


def test_the_rule_in_the_pipeline(g):
    assert g.extract(TEXT) == []  # الزيارة, "the visit": a common word, no place
    pipeline = Pipeline().insert(SuburbNoun(), before="decide")
    (m,) = g.extract(TEXT, pipeline=pipeline)
    assert m.surface == "الزيارة" and "cue:ضاحيه" in m.cues
