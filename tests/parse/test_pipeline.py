"""The pipeline, the evidence record and the weights table (gazetteer.parse)."""

from __future__ import annotations

import pytest

from gazetteer.parse.candidate import Candidate
from gazetteer.parse.evidence import Evidence, Kind
from gazetteer.parse.pipeline import DEFAULT_RULES, Pipeline
from gazetteer.parse.state import Rule
from gazetteer.parse.weights import WEIGHTS, WEIGHTS_FILE, Weights, load_weights


class Mark(Rule):
    """Test rule: records the names of the rules run before it."""

    name = "mark"

    def __init__(self):
        self.seen = None

    def __call__(self, state):
        self.seen = [c.name for c in state.candidates]


def test_default_order_masks_then_matches_then_weighs_then_decides_then_sets_the_region():
    names = Pipeline().names()
    assert names[0] == "mask" and names[-3:] == ["decide", "sites", "region"]
    assert names.index("unknown") < names.index("dateline") < names.index("decide")
    assert names.index("match") < names.index("cues") < names.index("unknown")
    assert len(names) == len(DEFAULT_RULES)


def test_insert_and_remove_rules_by_name(g):
    mark = Mark()
    p = Pipeline().insert(mark, after="match")
    assert p.names()[p.names().index("match") + 1] == "mark"
    g.extract("قصف على كفرنبل", pipeline=p)
    assert mark.seen == ["كفرنبل"]  # the rule ran, after matching
    assert "unknown" not in Pipeline().without("unknown").names()
    with pytest.raises(KeyError, match="no rule 'nope'"):
        Pipeline().insert(mark, before="nope")
    with pytest.raises(ValueError, match="unique"):
        Pipeline([Mark(), Mark()])


def test_a_pipeline_without_a_rule_changes_the_output(g):
    text = "قصف على قرية زغرزغ"
    assert any(m.place is None for m in g.extract(text))
    assert not g.extract(text, pipeline=Pipeline().without("unknown"))


def test_evidence_renders_the_cues_people_read():
    c = Candidate(0, 1, 0, 5, "الزياره", (1,))
    c.add(Kind.CUE, "قريه", 3)
    c.add(Kind.LIST)
    assert c.cues == ("cue:قريه", "list") and c.support == 3
    assert c.has(Kind.CUE) and c.has(Kind.CUE, "قريه") and not c.has(Kind.CUE, "بلده")
    assert c.words_of(Kind.CUE) == ["قريه"]
    with pytest.raises(AttributeError):  # cues are rendered, not a place to write decisions
        c.cues.append("list")
    assert Evidence(Kind.ADJECTIVE, "tanween").render() == "adjective:tanween"


def test_the_bundled_weights_have_a_comment_for_every_value():
    assert isinstance(WEIGHTS, Weights)
    section, previous = "", ""
    for line in WEIGHTS_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif "=" in line and not line.startswith("#"):
            key = line.split("=")[0].strip()
            commented = "#" in line or previous.startswith("#")  # on the line or just above
            assert commented, f"{section}.{key} has no comment"
        previous = line


def test_a_weights_file_with_a_missing_or_mistyped_value_is_refused(tmp_path):
    text = WEIGHTS_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "w.toml"
    bad.write_text(text.replace("settlement = 3", "settlement = 2"), encoding="utf-8")
    assert load_weights(bad).cues_settlement == 2
    bad.write_text(text.replace("settlement = 3", ""), encoding="utf-8")
    with pytest.raises(ValueError, match="cues_settlement"):
        load_weights(bad)
    bad.write_text(text.replace("settlement = 3", 'settlement = "3"'), encoding="utf-8")
    with pytest.raises(ValueError, match="cues_settlement must be int"):
        load_weights(bad)
