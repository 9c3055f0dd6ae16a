"""Fixtures of the rule tests: the bundled gazetteer and a parse state run up to a rule."""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer
from gazetteer.parse.pipeline import Pipeline
from gazetteer.parse.state import ParseState


@pytest.fixture(scope="session")
def g():
    return Gazetteer.default()


@pytest.fixture(scope="session")
def state_after(g):
    """``state_after(text, "cues")``: the parse state of ``text`` after the default rules up to
    and including the named one (``None``: a fresh state, no rule run)."""

    def run(text: str, rule: str | None = None, **options) -> ParseState:
        state = ParseState.of(g, text, **options)
        if rule is not None:
            rules = Pipeline().rules
            upto = [r.name for r in rules].index(rule)
            Pipeline(rules[:upto + 1])(state)
        return state

    return run

