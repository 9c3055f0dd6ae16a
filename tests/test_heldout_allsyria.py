"""The blind sets that cover all of Syria (outlets the toolkit had not seen), as regression data.

Each was written by an annotator who never saw the code and scored once before any fix:
allsyria5 (F1 0.838, typed names 61.7%, incident names 96.7%), allsyria6 (F1 0.928, typed
names 76.7%, incident names 97.5%), allsyria7 (F1 0.922, typed names 99.2%, incident names
100%), allsyria8 (F1 0.915, typed names 96.8%, incident names 97.5%) and allsyria9 (F1 0.950,
typed names 100%, incident names 98.7%); allsyria10 (F1 0.927, typed names 97.7%, incident
names 97.4%) was scored after the fixes prompted by allsyria7–9, and allsyria11 (F1 0.958,
typed names 99.2%, incident names 98.7%) and allsyria12 (F1 0.940, typed names 99.2%,
incident names 98.7%) after every fix of the fifth session; allsyria13 (F1 0.980), allsyria14
(F1 0.930) and allsyria15 (F1 0.953), written in the sixth session, were scored once at e1aa66d;
allsyria16 (0.932), allsyria17 (0.925) and allsyria18 (0.945) once at 827a64f, after more fixes;
allsyria19 (0.961), allsyria20 (0.956) and allsyria21 (0.951) once at b0aa166, the session's
final geoparser; allsyria22 (0.971), allsyria23 (0.951) and allsyria24 (0.961), ten north-west
reports each, written in the seventh session, once at 49ca6db; allsyria25 (0.934), allsyria26
(0.972) and allsyria27 (0.982), ten north-west reports each, once at 79fbc11, the seventh
session's final geoparser; allsyria28 (0.963), allsyria29 (0.959) and allsyria30 (0.965), ten
north-west reports each, written in the eighth session under written conventions (a road named by
its ends is one road mention, a country is a mention also as an actor), once at ea77343;
allsyria31 (0.975), allsyria32 (0.931) and allsyria33 (0.942), the same conventions, once at
da8917b after the fixes batch F prompted; allsyria34 (0.956), allsyria35 (0.946) and allsyria36
(0.979) once at e0e3358, the eighth session's final geoparser; allsyria37 (0.960), allsyria38
(0.953) and allsyria39 (0.931), the same conventions, once at dc9262a in the ninth session;
allsyria40 (0.951), allsyria41 (0.970) and allsyria42 (0.948) once at 9843b61, the ninth
session's final geoparser (no fix followed them); allsyria43–46 (batch K, ten north-west reports
each of fifteen) first at 155e973, before the tenth session's fixes (pooled 0.953, north-west
0.965), then at 79f915d before any fix they prompted (0.957, north-west 0.968); allsyria47–50
(batch L) once at 678866b (0.961, north-west 0.966); allsyria51–54 (batch M) once at 03d3380, the
geoparser before the session's last rules (0.957, north-west 0.968); allsyria55–58 (batch N) once
at a49a421, the tenth session's final geoparser (0.963, north-west 0.977); in the eleventh session
allsyria59–62 (batch O) once at efd4268, before its fixes (0.959, north-west 0.971), allsyria63–66
(batch P) once at ae4f5a2 (0.961, north-west 0.958), allsyria67–70 (batch Q) once at 7b1781b
(0.959, north-west 0.965) and allsyria71–74 (batch R) once at 9b483db, the session's final
geoparser (0.970, north-west 0.976).
Fixes that followed a batch were
made after its blind score. The
issue-15 work that followed never saw allsyria6; the fixes prompted by allsyria7–10 were made
after their blind scores, so their floors guard them. The floors sit just under the figures
measured after that work (tests/data/heldout/README.md): the sets guard against going back,
they are not targets to tune on.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from gazetteer.distance import great_circle_km as _km

HELDOUT = Path(__file__).parent / "data" / "heldout"


@pytest.fixture(scope="module")
def g():
    return Gazetteer.default()


def _rows(name: str) -> list[dict]:
    with open(HELDOUT / name, encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r.get("lat")]


def _near(place, row: dict) -> bool:
    return _km(place.lat, place.lon, float(row["lat"]), float(row["lon"])) <= 5


@pytest.mark.parametrize("name, f1, precision", [("allsyria5", 0.95, 0.98),
                                                  ("allsyria6", 0.955, 0.98),
                                                  ("allsyria7", 0.94, 0.97),
                                                  ("allsyria8", 0.9, 0.95),
                                                  ("allsyria9", 0.945, 0.98),
                                                  ("allsyria10", 0.92, 0.94),
                                                  ("allsyria11", 0.945, 0.98),
                                                  ("allsyria12", 0.935, 0.955),
                                                  ("allsyria13", 0.955, 0.99),
                                                  ("allsyria14", 0.915, 0.975),
                                                  ("allsyria15", 0.935, 0.97),
                                                  ("allsyria16", 0.92, 0.95),
                                                  ("allsyria17", 0.9, 0.945),
                                                  ("allsyria18", 0.935, 0.96),
                                                  ("allsyria19", 0.93, 0.975),
                                                  ("allsyria20", 0.94, 0.955),
                                                  ("allsyria21", 0.935, 0.97),
                                                  ("allsyria22", 0.955, 0.97),
                                                  ("allsyria23", 0.94, 0.985),
                                                  ("allsyria24", 0.935, 0.965),
                                                  ("allsyria25", 0.905, 0.92),
                                                  ("allsyria26", 0.955, 0.97),
                                                  ("allsyria27", 0.97, 0.97),
                                                  ("allsyria28", 0.96, 0.98),
                                                  ("allsyria29", 0.96, 0.98),
                                                  ("allsyria30", 0.96, 0.98),
                                                  ("allsyria31", 0.975, 0.98),
                                                  ("allsyria32", 0.92, 0.97),
                                                  ("allsyria33", 0.94, 0.975),
                                                  ("allsyria34", 0.94, 0.96),
                                                  ("allsyria35", 0.94, 0.97),
                                                  ("allsyria36", 0.97, 0.975),
                                                  ("allsyria37", 0.96, 0.98),
                                                  ("allsyria38", 0.95, 0.98),
                                                  ("allsyria39", 0.925, 0.98),
                                                  ("allsyria40", 0.935, 0.98),
                                                  ("allsyria41", 0.965, 0.98),
                                                  ("allsyria42", 0.935, 0.97),
                                                  ("allsyria43", 0.945, 0.96),
                                                  ("allsyria44", 0.935, 0.975),
                                                  ("allsyria45", 0.955, 0.96),
                                                  ("allsyria46", 0.955, 0.975),
                                                  ("allsyria47", 0.955, 0.97),
                                                  ("allsyria48", 0.95, 0.97),
                                                  ("allsyria49", 0.96, 0.96),
                                                  ("allsyria50", 0.97, 0.98),
                                                  ("allsyria51", 0.945, 0.945),
                                                  ("allsyria52", 0.94, 0.975),
                                                  ("allsyria53", 0.94, 0.985),
                                                  ("allsyria54", 0.94, 0.98),
                                                  ("allsyria55", 0.96, 0.975),
                                                  ("allsyria56", 0.945, 0.985),
                                                  ("allsyria57", 0.94, 0.97),
                                                  ("allsyria58", 0.965, 0.98),
                                                  ("allsyria59", 0.93, 0.96),
                                                  ("allsyria60", 0.96, 0.98),
                                                  ("allsyria61", 0.955, 0.975),
                                                  ("allsyria62", 0.96, 0.965),
                                                  ("allsyria63", 0.915, 0.96),
                                                  ("allsyria64", 0.965, 0.985),
                                                  ("allsyria65", 0.96, 0.975),
                                                  ("allsyria66", 0.955, 0.97),
                                                  ("allsyria67", 0.94, 0.95),
                                                  ("allsyria68", 0.92, 0.975),
                                                  ("allsyria69", 0.935, 0.96),
                                                  ("allsyria70", 0.965, 0.99),
                                                  ("allsyria71", 0.975, 0.975),
                                                  ("allsyria72", 0.96, 0.98),
                                                  ("allsyria73", 0.955, 0.98),
                                                  ("allsyria74", 0.915, 0.955)])
def test_reports_do_not_regress(g, name, f1, precision):
    from test_extract import score

    with open(HELDOUT / f"{name}_reports.jsonl", encoding="utf-8") as f:
        reports = [json.loads(line) for line in f if line.strip()]
    s = score(g, reports)
    assert s["f1"] >= f1, (s["f1"], s["misses"][:20])
    assert s["precision"] >= precision, s["false"]


@pytest.mark.parametrize("name, floor", [("allsyria5_queries.csv", 0.89),
                                         ("allsyria5_incidents.csv", 0.95),
                                         ("allsyria6_queries.csv", 0.93),
                                         ("allsyria6_incidents.csv", 0.975),
                                         ("allsyria7_queries.csv", 0.98),
                                         ("allsyria7_incidents.csv", 0.98),
                                         ("allsyria8_queries.csv", 0.965),
                                         ("allsyria8_incidents.csv", 0.96),
                                         ("allsyria9_queries.csv", 0.98),
                                         ("allsyria9_incidents.csv", 0.97),
                                         ("allsyria10_queries.csv", 0.97),
                                         ("allsyria10_incidents.csv", 0.97),
                                         ("allsyria11_queries.csv", 0.98),
                                         ("allsyria11_incidents.csv", 0.97),
                                         ("allsyria12_queries.csv", 0.98),
                                         ("allsyria12_incidents.csv", 0.97),
                                         ("allsyria13_queries.csv", 0.98),
                                         ("allsyria13_incidents.csv", 0.97),
                                         ("allsyria14_queries.csv", 0.98),
                                         ("allsyria14_incidents.csv", 0.98),
                                         ("allsyria15_queries.csv", 0.97),
                                         ("allsyria15_incidents.csv", 0.95),
                                         ("allsyria16_queries.csv", 0.89),
                                         ("allsyria16_incidents.csv", 0.94),
                                         ("allsyria17_queries.csv", 0.98),
                                         ("allsyria17_incidents.csv", 0.98),
                                         ("allsyria18_queries.csv", 0.98),
                                         ("allsyria18_incidents.csv", 0.98),
                                         ("allsyria19_queries.csv", 0.98),
                                         ("allsyria19_incidents.csv", 0.98),
                                         ("allsyria20_queries.csv", 0.98),
                                         ("allsyria20_incidents.csv", 0.96),
                                         ("allsyria21_queries.csv", 0.98),
                                         ("allsyria21_incidents.csv", 0.98),
                                         ("allsyria22_queries.csv", 0.98),
                                         ("allsyria22_incidents.csv", 0.98),
                                         ("allsyria23_queries.csv", 0.98),
                                         ("allsyria23_incidents.csv", 0.97),
                                         ("allsyria24_queries.csv", 0.98),
                                         ("allsyria24_incidents.csv", 0.98),
                                         ("allsyria25_queries.csv", 0.98),
                                         ("allsyria25_incidents.csv", 0.98),
                                         ("allsyria26_queries.csv", 0.94),
                                         ("allsyria26_incidents.csv", 0.98),
                                         ("allsyria27_queries.csv", 0.98),
                                         ("allsyria27_incidents.csv", 0.98),
                                         ("allsyria28_queries.csv", 0.98),
                                         ("allsyria28_incidents.csv", 0.96),
                                         ("allsyria29_queries.csv", 0.92),
                                         ("allsyria29_incidents.csv", 0.96),
                                         ("allsyria30_queries.csv", 0.98),
                                         ("allsyria30_incidents.csv", 0.98),
                                         ("allsyria31_queries.csv", 0.95),
                                         ("allsyria31_incidents.csv", 0.98),
                                         ("allsyria32_queries.csv", 0.92),
                                         ("allsyria32_incidents.csv", 0.94),
                                         ("allsyria33_queries.csv", 0.98),
                                         ("allsyria33_incidents.csv", 0.98),
                                         ("allsyria34_queries.csv", 0.98),
                                         ("allsyria34_incidents.csv", 0.97),
                                         ("allsyria35_queries.csv", 0.92),
                                         ("allsyria35_incidents.csv", 0.97),
                                         ("allsyria36_queries.csv", 0.98),
                                         ("allsyria36_incidents.csv", 0.98),
                                         ("allsyria37_queries.csv", 0.96),
                                         ("allsyria37_incidents.csv", 0.97),
                                         ("allsyria38_queries.csv", 0.98),
                                         ("allsyria38_incidents.csv", 0.98),
                                         ("allsyria39_queries.csv", 0.98),
                                         ("allsyria39_incidents.csv", 0.98),
                                         ("allsyria40_queries.csv", 0.98),
                                         ("allsyria40_incidents.csv", 0.98),
                                         ("allsyria41_queries.csv", 0.98),
                                         ("allsyria41_incidents.csv", 0.98),
                                         ("allsyria42_queries.csv", 0.94),
                                         ("allsyria42_incidents.csv", 0.97),
                                         ("allsyria43_queries.csv", 0.98),
                                         ("allsyria43_incidents.csv", 0.98),
                                         ("allsyria44_queries.csv", 0.98),
                                         ("allsyria44_incidents.csv", 0.97),
                                         ("allsyria45_queries.csv", 0.98),
                                         ("allsyria45_incidents.csv", 0.98),
                                         ("allsyria46_queries.csv", 0.96),
                                         ("allsyria46_incidents.csv", 0.97),
                                         ("allsyria47_queries.csv", 0.98),
                                         ("allsyria47_incidents.csv", 0.97),
                                         ("allsyria48_queries.csv", 0.96),
                                         ("allsyria48_incidents.csv", 0.95),
                                         ("allsyria49_queries.csv", 0.98),
                                         ("allsyria49_incidents.csv", 0.97),
                                         ("allsyria50_queries.csv", 0.95),
                                         ("allsyria50_incidents.csv", 0.98),
                                         ("allsyria51_queries.csv", 0.98),
                                         ("allsyria51_incidents.csv", 0.98),
                                         ("allsyria52_queries.csv", 0.98),
                                         ("allsyria52_incidents.csv", 0.97),
                                         ("allsyria53_queries.csv", 0.98),
                                         ("allsyria53_incidents.csv", 0.97),
                                         ("allsyria54_queries.csv", 0.94),
                                         ("allsyria54_incidents.csv", 0.94),
                                         ("allsyria55_queries.csv", 0.98),
                                         ("allsyria55_incidents.csv", 0.98),
                                         ("allsyria56_queries.csv", 0.96),
                                         ("allsyria56_incidents.csv", 0.98),
                                         ("allsyria57_queries.csv", 0.94),
                                         ("allsyria57_incidents.csv", 0.94),
                                         ("allsyria58_queries.csv", 0.96),
                                         ("allsyria58_incidents.csv", 0.95),
                                         ("allsyria59_queries.csv", 0.98),
                                         ("allsyria59_incidents.csv", 0.95),
                                         ("allsyria60_queries.csv", 0.96),
                                         ("allsyria60_incidents.csv", 0.95),
                                         ("allsyria61_queries.csv", 0.98),
                                         ("allsyria61_incidents.csv", 0.98),
                                         ("allsyria62_queries.csv", 0.98),
                                         ("allsyria62_incidents.csv", 0.98),
                                         ("allsyria63_queries.csv", 0.96),
                                         ("allsyria63_incidents.csv", 0.95),
                                         ("allsyria64_queries.csv", 0.95),
                                         ("allsyria64_incidents.csv", 0.95),
                                         ("allsyria65_queries.csv", 0.96),
                                         ("allsyria65_incidents.csv", 0.98),
                                         ("allsyria66_queries.csv", 0.95),
                                         ("allsyria66_incidents.csv", 0.95),
                                         ("allsyria67_queries.csv", 0.93),
                                         ("allsyria67_incidents.csv", 0.98),
                                         ("allsyria68_queries.csv", 0.91),
                                         ("allsyria68_incidents.csv", 0.95),
                                         ("allsyria69_queries.csv", 0.96),
                                         ("allsyria69_incidents.csv", 0.98),
                                         ("allsyria70_queries.csv", 0.93),
                                         ("allsyria70_incidents.csv", 0.92),
                                         ("allsyria71_queries.csv", 0.91),
                                         ("allsyria71_incidents.csv", 0.95),
                                         ("allsyria72_queries.csv", 0.91),
                                         ("allsyria72_incidents.csv", 0.95),
                                         ("allsyria73_queries.csv", 0.95),
                                         ("allsyria73_incidents.csv", 0.95),
                                         ("allsyria74_queries.csv", 0.98),
                                         ("allsyria74_incidents.csv", 0.98)])
def test_names_do_not_regress(g, name, floor):
    rows = _rows(name)
    hits = sum(1 for r in rows if (res := g.resolve(r["query"])) and _near(res[0], r))
    assert hits / len(rows) >= floor, hits / len(rows)


@pytest.mark.parametrize("name", ["allsyria5_incidents.csv", "allsyria6_incidents.csv",
                                  "allsyria7_incidents.csv", "allsyria8_incidents.csv",
                                  "allsyria9_incidents.csv", "allsyria10_incidents.csv",
                                  "allsyria11_incidents.csv", "allsyria12_incidents.csv",
                                  "allsyria13_incidents.csv", "allsyria14_incidents.csv",
                                  "allsyria15_incidents.csv", "allsyria16_incidents.csv",
                                  "allsyria17_incidents.csv", "allsyria18_incidents.csv",
                                  "allsyria19_incidents.csv", "allsyria20_incidents.csv",
                                  "allsyria21_incidents.csv", "allsyria22_incidents.csv",
                                  "allsyria23_incidents.csv", "allsyria24_incidents.csv",
                                  "allsyria25_incidents.csv", "allsyria26_incidents.csv",
                                  "allsyria27_incidents.csv", "allsyria28_incidents.csv",
                                  "allsyria29_incidents.csv", "allsyria30_incidents.csv",
                                  "allsyria31_incidents.csv", "allsyria32_incidents.csv",
                                  "allsyria33_incidents.csv", "allsyria34_incidents.csv",
                                  "allsyria35_incidents.csv", "allsyria36_incidents.csv",
                                  "allsyria37_incidents.csv", "allsyria38_incidents.csv",
                                  "allsyria39_incidents.csv", "allsyria40_incidents.csv",
                                  "allsyria41_incidents.csv", "allsyria42_incidents.csv",
                                  "allsyria43_incidents.csv", "allsyria44_incidents.csv",
                                  "allsyria45_incidents.csv", "allsyria46_incidents.csv",
                                  "allsyria47_incidents.csv", "allsyria48_incidents.csv",
                                  "allsyria49_incidents.csv", "allsyria50_incidents.csv",
                                  "allsyria51_incidents.csv", "allsyria52_incidents.csv",
                                  "allsyria53_incidents.csv", "allsyria54_incidents.csv",
                                  "allsyria55_incidents.csv", "allsyria56_incidents.csv",
                                  "allsyria57_incidents.csv", "allsyria58_incidents.csv",
                                  "allsyria59_incidents.csv", "allsyria60_incidents.csv",
                                  "allsyria61_incidents.csv", "allsyria62_incidents.csv",
                                  "allsyria63_incidents.csv", "allsyria64_incidents.csv",
                                  "allsyria65_incidents.csv", "allsyria66_incidents.csv",
                                  "allsyria67_incidents.csv", "allsyria68_incidents.csv",
                                  "allsyria69_incidents.csv", "allsyria70_incidents.csv",
                                  "allsyria71_incidents.csv", "allsyria72_incidents.csv",
                                  "allsyria73_incidents.csv", "allsyria74_incidents.csv"])
def test_incident_names_with_their_governorate(g, name):
    """As an incident list is geocoded: each name with the governorate the list gives
    (ACLED spellings), through gazetteer.name_table; at least 9 in 10 within 5 km, and a
    name not found is never answered with a look-alike."""
    from gazetteer.name_table import LAT, LON, RowStatus, resolve_rows, result_columns

    rows = _rows(name)
    added = result_columns(list(rows[0]))
    lat, lon = added[LAT], added[LON]  # place_lat/place_lon: the list has its own lat/lon
    out = list(resolve_rows(rows, g, "query", "governorate"))
    assert all(r["resolve_status"] != RowStatus.UNKNOWN_GOVERNORATE for r in out)
    hits = sum(1 for r, o in zip(rows, out, strict=True)
               if o[lat] is not None and _km(o[lat], o[lon], float(r["lat"]),
                                            float(r["lon"])) <= 5)
    assert hits / len(rows) >= 0.95, hits / len(rows)
    assert all(o[lat] is None for o in out if o["resolve_status"] != RowStatus.FOUND)
