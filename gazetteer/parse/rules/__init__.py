"""The geoparser's rules, one module per step."""
