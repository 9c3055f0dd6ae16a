"""The geoparser's first half as a pipeline: text → tokens → candidates with typed evidence.

Read the modules in this order:

- :mod:`~gazetteer.parse.state`: :class:`ParseState` (one per text) and the :class:`Rule` base;
- :mod:`~gazetteer.parse.candidate`, :mod:`~gazetteer.parse.evidence`: what rules write;
- :mod:`~gazetteer.parse.weights`: every weight and threshold (``gazetteer/data/weights.toml``);
- :mod:`~gazetteer.parse.rules` ``mask → roads → match → cues → unknown → decide``: the steps;
- :mod:`~gazetteer.parse.pipeline`: their order, and how to insert your own.

:func:`gazetteer.extract.extract` runs the pipeline and hands the kept candidates to
:mod:`gazetteer.context`. ``CONTRIBUTING.md`` explains how to add a rule.
"""
