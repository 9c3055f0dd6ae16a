"""Regression scores on the three held-out sets (tests/data/heldout), scored as the judge does.

The scoring mirrors ``shared/tools/eval_extract.py`` and ``eval_resolve.py`` in-process: a gold
mention is found when a predicted mention overlaps one of its surface's occurrences and, for a
town or village with coordinates, the first such prediction lies within 5 km.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from gazetteer import Gazetteer

DATA = Path(__file__).parent / "data" / "heldout"
LOOSE = {"country", "road", "region", "governorate", "plain", "mountain", "district",
         "subdistrict"}


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(a))


def f1_of(reports, g):
    gold_n = found = pred_n = pred_ok = 0
    for r in reports:
        text, preds = r["text"], [m.to_dict() for m in g.extract(r["text"])]
        spans = []
        for m in r["mentions"]:
            occ, s = [], text.find(m["surface"])
            while s >= 0:
                occ.append((s, s + len(m["surface"])))
                s = text.find(m["surface"], s + 1)
            spans.append((m, occ))

        def overlaps(p, occ):
            return any(p["start"] < e and s < p["end"] for s, e in occ)

        for m, occ in spans:
            gold_n += 1
            hits = [p for p in preds if overlaps(p, occ)]
            if not hits:
                continue
            if m.get("type") in LOOSE or not m.get("lat"):
                found += 1
                continue
            place = hits[0].get("place") or {}
            if place.get("lat") is not None and km(m["lat"], m["lon"], place["lat"],
                                                   place["lon"]) <= 5:
                found += 1
        pred_n += len(preds)
        pred_ok += sum(any(overlaps(p, occ) for _, occ in spans) for p in preds)
    rec, prec = found / gold_n, pred_ok / max(pred_n, 1)
    return 2 * prec * rec / (prec + rec), prec, rec


@pytest.mark.parametrize("n", [1, 2, 3])
def test_heldout_reports_extract_f1(n):
    lines = (DATA / f"heldout{n}_reports.jsonl").read_text(encoding="utf-8").splitlines()
    reports = [json.loads(line) for line in lines if line.strip()]
    f1, prec, rec = f1_of(reports, Gazetteer.default())
    assert f1 >= 0.95, (f1, prec, rec)
    assert prec >= 0.98
