"""An offline gazetteer of Syria for Arabic news reports.

Data flow: text → :mod:`gazetteer.normalize` (keys) → :mod:`gazetteer.store` (indexes over the
bundled data and user extras) → :mod:`gazetteer.resolve` (ranked candidates) → :class:`Place`;
reports go through :mod:`gazetteer.extract` and :mod:`gazetteer.context` to :class:`Mention`.
"""
