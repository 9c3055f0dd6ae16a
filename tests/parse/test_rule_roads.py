"""Rules ``roads`` and ``road-pairs`` (gazetteer.parse.rules.roads)."""

from __future__ import annotations

import pytest

from gazetteer.parse.evidence import Kind
from gazetteer.parse.rules.roads import RoadNames


@pytest.mark.parametrize("form, code", [("M4", "M4"), ("«إم 4»", "M4"), ("ام4", "M4"),
                                        ("M5", "M5"), ("أم-٥", "M5")])
def test_road_codes_are_found_in_isolation(state_after, form, code):
    state = state_after(f"قصف قرب طريق {form} اليوم")
    RoadNames()(state)
    assert [which for _, _, which in state.road_tok.values()] == [code]


def test_road_tokens_become_one_road_candidate(state_after):
    state = state_after("على الطريق الدولي M4 قرب سراقب", "match")
    roads = [c for c in state.candidates if c.kind == "road"]
    assert len(roads) == 1 and roads[0].road == "M4"


def test_a_pair_of_towns_after_a_road_noun_is_the_road(state_after):
    state = state_after("على طريق حلب - اللاذقية", "road-pairs")
    roads = [c for c in state.candidates if c.kind == "road"]
    assert len(roads) == 1 and roads[0].road == "M4" and roads[0].has(Kind.ROAD, "طريق")
