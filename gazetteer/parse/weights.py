"""Weights and thresholds of the geoparser, as data.

The values live in ``gazetteer/data/weights.toml``, one comment each saying what it does and
how it was chosen; :data:`WEIGHTS` is that file read once. A rule reads ``WEIGHTS.cues_settlement``
rather than a literal, so a maintainer tunes the geoparser in one table, and an experiment
passes another table (:func:`load_weights` of its own file).

>>> WEIGHTS.cues_settlement, WEIGHTS.context_east_lon
(3, 37.5)
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

WEIGHTS_FILE = Path(__file__).resolve().parents[1] / "data" / "weights.toml"


@dataclass(frozen=True)
class Weights:
    """Every weight and threshold; a field is ``<section>_<key>`` of the TOML file."""

    cues_settlement: int
    cues_area_dir: int
    cues_preposition: int
    cues_event: int
    cues_verb: int
    cues_road_to: int
    cues_list_head: int
    cues_clitic: int
    cues_hashtag: int
    cues_inside: int
    cues_dateline: int
    cues_road_end: int
    cues_alias: int
    cues_hashtag_zipf: float
    cues_noun_phrase_zipf: float
    decide_rare_zipf: float
    decide_common_zipf: float
    decide_adjective_need: int
    decide_split_need: int
    decide_romanised_need: int
    decide_list_bonus: int
    decide_same_name_zipf: float
    decide_settled_zipf: float
    decide_settled_notable_zipf: float
    context_east_lon: float
    context_same_km: float
    context_common_zipf: float
    context_common_near_km: float
    context_prominent_pop: int
    context_prominent_zipf: float
    context_prominent_zipf_multi: float
    context_far_km: float
    context_far_alone_km: float
    context_coherent_factor: float
    context_seat_list_bonus: float
    context_gov_bonus: tuple[float, ...]
    context_region: float
    context_region_default: float
    region_dateline: float
    region_gov_cue: float
    region_anchor: float
    region_min_share: float
    prior_rank: float
    prior_population: float
    prior_curated: float
    prior_area: float
    prior_subdistrict_cue: float
    prior_gov_cue_governorate: float
    prior_city_cue_populated: float
    prior_city_cue_town: float
    prior_bare_populated: float
    prior_bare_governorate: float
    prior_bare_country: float
    prior_village_cue_village: float
    prior_article_penalty: float
    confidence_single: float
    confidence_single_evidence: float
    confidence_base: float
    confidence_margin: float
    confidence_margin_slope: float
    confidence_evidence: float
    confidence_article_penalty: float
    confidence_common_zipf: float
    confidence_common_support: int
    confidence_common_penalty: float
    confidence_floor: float
    confidence_ceiling: float


def load_weights(path: str | os.PathLike = WEIGHTS_FILE) -> Weights:
    """The :class:`Weights` of a TOML file; a missing, unknown or mistyped key is an error
    naming the file and the key."""
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    values = {f"{section}_{key}": v for section, table in raw.items() for key, v in table.items()}
    fields = {f.name: f for f in dataclasses.fields(Weights)}
    missing = sorted(set(fields) - set(values))
    unknown = sorted(set(values) - set(fields))
    if missing or unknown:
        raise ValueError(f"{path}: missing {missing or 'nothing'}, unknown {unknown or 'nothing'}")
    for name, v in values.items():
        kind = fields[name].type
        if kind == "tuple[float, ...]":
            values[name] = tuple(float(x) for x in v)
            continue
        ok = isinstance(v, int) if kind == "int" else isinstance(v, (int, float))
        if not ok or isinstance(v, bool):
            raise ValueError(f"{path}: {name} must be {kind}, not {v!r}")
    return Weights(**values)


#: the bundled weights, read once per process
WEIGHTS = load_weights()
