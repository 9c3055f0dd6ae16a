"""The geoparser as a pipeline (see :mod:`gazetteer.extract`)."""
