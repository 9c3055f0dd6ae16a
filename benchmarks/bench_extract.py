"""Geoparse 1,000 Arabic reports of ~2 KB; baseline: naive substring lookup of raw gazetteer names.

    python benchmarks/bench_extract.py [N]

The reports are built deterministically from the paragraphs of the annotated examples
(``tests/data/reports`` and ``shared/data/reports``), shuffled and joined to about 2 KB each.
Prints reports/s on one core for:

* the baseline: every raw Arabic gazetteer name looked up with ``name in text`` (what the issue
  calls exact substring lookup; measured on a sample of the reports, it is slow);
* ``Gazetteer.extract`` with context (the real thing), and without it (matching only);

plus what the baseline finds on the shared sample report (how many of its hits are real places).
Target (issue 4): at least 500 reports/s on one core.
"""

from __future__ import annotations

import glob
import json
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("M4_SHARED_DATA", HERE.parent / "shared" / "data"))


def corpus(n: int, size: int = 2048, seed: int = 2020, folders=None) -> list[str]:
    paras = []
    for folder in folders or (HERE / "tests" / "data" / "reports", SHARED / "reports"):
        for f in sorted(glob.glob(str(folder / "*.txt"))):
            paras += [p.strip() for p in Path(f).read_text(encoding="utf-8").split("\n\n")
                      if len(p.strip()) > 80]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts, length = [], 0
        while length < size:  # UTF-8 bytes
            p = rng.choice(paras)
            parts.append(p)
            length += len(p.encode("utf-8")) + 2
        out.append("\n\n".join(parts))
    return out


def naive(names: list[str], text: str) -> list[tuple[int, str]]:
    """Every occurrence of every raw gazetteer name, as a plain substring."""
    hits = []
    for name in names:
        i = text.find(name)
        while i >= 0:
            hits.append((i, name))
            i = text.find(name, i + 1)
    return hits


def timed(fn, items) -> float:
    t = time.perf_counter()
    for x in items:
        fn(x)
    return time.perf_counter() - t


def main(n: int = 1000) -> None:
    from gazetteer import Gazetteer

    t = time.perf_counter()
    g = Gazetteer.default()
    g.extract("قصف على سراقب")  # build the matcher's lexicon and load wordfreq once
    warm = time.perf_counter() - t
    reports = corpus(n)
    kb = sum(len(r.encode("utf-8")) for r in reports) / len(reports) / 1024
    names = sorted({nm for i in range(len(g.ids)) for nm in g.names_of(i)
                    if any("\u0600" <= ch <= "\u06ff" for ch in nm)})

    sample = reports[: max(20, n // 20)]
    base_s = timed(lambda r: naive(names, r), sample) / len(sample)
    full_s = min(timed(g.extract, reports) for _ in range(2)) / n
    bare_s = timed(lambda r: g.extract(r, resolve=False), reports) / n

    per = sum(len(g.extract(r)) for r in reports[:100]) / 100
    print(f"{n} reports, {kb:.1f} KB each (UTF-8), {per:.0f} place mentions per report (denser "
          f"than real news: the shared sample has 28 in 4.2 KB); matcher ready in {warm:.2f} s")
    print(f"naive substring baseline ({len(names)} raw names, on {len(sample)} reports): "
          f"{1 / base_s:8.1f} reports/s")
    print(f"extract, no context:  {1 / bare_s:8.1f} reports/s  ({base_s / bare_s:.0f}x baseline)")
    print(f"extract with context: {1 / full_s:8.1f} reports/s  ({base_s / full_s:.0f}x baseline;"
          f" target 500/s: {'met' if 1 / full_s >= 500 else 'NOT met'})")

    shared = sorted(glob.glob(str(SHARED / "reports" / "*.json")))
    if shared:
        real = corpus(n, folders=(SHARED / "reports",), seed=7)
        real_s = min(timed(g.extract, real) for _ in range(2)) / n
        per_real = sum(len(g.extract(r)) for r in real[:100]) / 100
        print(f"extract on ~2 KB reports cut from the real sample ({per_real:.0f} mentions each): "
              f"{1 / real_s:8.1f} reports/s (target 500/s: "
              f"{'met' if 1 / real_s >= 500 else 'NOT met'})")
        d = json.loads(Path(shared[0]).read_text(encoding="utf-8"))
        text = (Path(shared[0]).parent / d["text_file"]).read_text(encoding="utf-8")
        gold = {(m["start"], m["end"]) for m in d["mentions"]}
        hits = naive(names, text)
        real = sum(any(s <= i < e for s, e in gold) for i, _ in hits)
        ours = g.extract(text)
        ok = sum(any(m.start < e and s < m.end for s, e in gold) for m in ours)
        print(f"on {d['id']}: baseline {len(hits)} hits, {real} inside a real place mention; "
              f"extract {len(ours)} mentions, {ok} real ({len(gold)} annotated)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
