"""The geoparser's pipeline: an ordered list of rules run over one :class:`ParseState`.

>>> from gazetteer.parse.pipeline import Pipeline
>>> Pipeline().names()[:3]
['mask', 'roads', 'match']

A user extends it by inserting a :class:`~gazetteer.parse.state.Rule` before or after a named
step (``Pipeline().insert(MyRule(), before="decide")``), or reorders it by passing a list of
rules; ``CONTRIBUTING.md`` has a worked example.
"""

from __future__ import annotations

from collections.abc import Iterable

from gazetteer.parse.rules.cues import Cues
from gazetteer.parse.rules.decide import Decide
from gazetteer.parse.rules.mask import Mask
from gazetteer.parse.rules.match import (
    Duals,
    GenericHeads,
    LatinHashtags,
    Match,
    OfficialNames,
    PartAdjectives,
    Sentences,
)
from gazetteer.parse.rules.region import Dateline, ReportRegion
from gazetteer.parse.rules.roads import RoadNames, RoadPairs
from gazetteer.parse.rules.sites import Borders, Councils, Sites
from gazetteer.parse.rules.unknown import Unknowns
from gazetteer.parse.state import ParseState, Rule

#: The default steps, in order: masks, then names, then evidence, then the decision.
DEFAULT_RULES: tuple[type[Rule], ...] = (
    Mask, RoadNames, Match, LatinHashtags, OfficialNames, Sentences, GenericHeads, RoadPairs,
    PartAdjectives, Cues, Duals, Unknowns, Councils, Dateline, Decide, Sites,
    ReportRegion)


class Pipeline:
    """Runs its rules in order over a :class:`ParseState` (the state is changed in place)."""

    def __init__(self, rules: Iterable[Rule] | None = None):
        self.rules: list[Rule] = (list(rules) if rules is not None
                                  else [cls() for cls in DEFAULT_RULES])
        names = self.names()
        if len(set(names)) != len(names):
            raise ValueError(f"rule names must be unique: {names}")

    def names(self) -> list[str]:
        """The rules' names, in order."""
        return [r.name for r in self.rules]

    def _at(self, name: str) -> int:
        try:
            return self.names().index(name)
        except ValueError:
            raise KeyError(f"no rule {name!r} in the pipeline {self.names()}") from None

    def insert(self, rule: Rule, *, before: str | None = None,
               after: str | None = None) -> Pipeline:
        """A new pipeline with ``rule`` before or after the rule of that name (else last)."""
        rules = list(self.rules)
        if before is not None:
            rules.insert(self._at(before), rule)
        elif after is not None:
            rules.insert(self._at(after) + 1, rule)
        else:
            rules.append(rule)
        return Pipeline(rules)

    def without(self, name: str) -> Pipeline:
        """A new pipeline without the rule of that name."""
        self._at(name)
        return Pipeline(r for r in self.rules if r.name != name)

    def __call__(self, state: ParseState) -> ParseState:
        for rule in self.rules:
            rule(state)
        return state

    def __repr__(self) -> str:
        return f"Pipeline({' -> '.join(self.names())})"


#: Rules that are not in :data:`DEFAULT_RULES`: ``Pipeline().insert(Borders(), after="sites")``
#: reads «الحدود التركية» as a mention of Turkey (the held-out sets' annotators do not count
#: a border named by its adjective as a place mention, so it is off by default).
OPTIONAL_RULES: tuple[type[Rule], ...] = (Borders,)

#: the pipeline :func:`gazetteer.extract.extract` runs unless given another
DEFAULT = Pipeline()
