"""Peak memory (RSS) of ``geo extract`` on one long report and ``geo check`` on a long CSV.

    python benchmarks/bench_memory.py [--quick]

Each command runs in a fresh process (``geo`` from this checkout) and its peak resident set
size is read from the kernel (``wait4``), so the figure includes Python, the gazetteer and the
corridor. Sizes grow (5, 10, 20 MB reports; 0.5, 1, 2 million rows): bounded memory means the
peak stays flat as the input grows, so each line also prints MB of peak per MB of input.
Targets (issue 10): a 20 MB report extracted in at most 400 MB; a 2-million-row CSV checked in
at most 600 MB. Correctness is checked in the same run: every mention's offsets point at its
surface in the long report, their count is within 1% of geoparsing its paragraphs one by one
(context from neighbouring paragraphs moves a few), and the checked CSV has one row per input
row, with the same answers as :func:`geo.classification.classify` on a sample.

``--quick`` runs only the smallest size of each (for a smoke test).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
REPORTS = HERE / "tests" / "data" / "reports"
TARGETS = {"extract": 400, "check": 600}


#: Runs ARGV and prints its peak RSS (KB). The measured process is forked from this small
#: wrapper, not from the benchmark: Linux carries a parent's RSS into the high-water mark of a
#: child it forks (the mark survives exec), which would count the benchmark's own data.
_WRAPPER = """
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
sys.stderr.buffer.write(r.stderr)
print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run_measured(*args: str) -> tuple[float, float, subprocess.CompletedProcess]:
    """``geo ARGS`` in a fresh process: (peak RSS in MB, seconds, the finished process)."""
    env = dict(os.environ, PYTHONPATH=str(HERE) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", _WRAPPER, sys.executable, "-c",
                        "from geo.cli import main; main()", *args],
                       env=env, capture_output=True, text=True)
    secs = time.perf_counter() - t
    code, kb = (int(x) for x in r.stdout.split())
    return kb / 1024, secs, subprocess.CompletedProcess(args, code, "", r.stderr)


def paragraphs() -> list[str]:
    out = []
    for p in sorted(REPORTS.glob("*.txt")):
        out += [x.strip() for x in p.read_text(encoding="utf-8").split("\n\n") if x.strip()]
    return out


def bench_extract(sizes_mb: list[int], folder: Path) -> bool:
    from gazetteer import Gazetteer

    block = "\n\n".join(paragraphs()) + "\n\n"
    g = Gazetteer.default()
    per_copy = sum(len(g.extract(p)) for p in block.split("\n\n") if p.strip())
    ok = True
    print(f"geo extract, one long report (-f jsonl); target <= {TARGETS['extract']} MB at 20 MB")
    for mb in sizes_mb:
        copies = max(1, mb * 1024 * 1024 // len(block.encode()))
        path = folder / f"long-{mb}mb.txt"
        with open(path, "w", encoding="utf-8") as f:
            for _ in range(copies):
                f.write(block)
        out = folder / "mentions.jsonl"
        peak, secs, r = run_measured("extract", str(path), "-f", "jsonl", "-o", str(out))
        text = path.read_text(encoding="utf-8")
        with open(out, encoding="utf-8") as f:
            mentions = [m for line in f for m in json.loads(line)["mentions"]]
        found = len(mentions)
        offsets = all(text[m["start"]:m["end"]] == m["surface"] for m in mentions)
        del text, mentions
        size = path.stat().st_size / 1024 / 1024
        # a paragraph's context (its neighbours) moves a few mentions: within 1%
        right = r.returncode == 0 and offsets and abs(found / (per_copy * copies) - 1) < 0.01
        ok &= right and (mb < 20 or peak <= TARGETS["extract"])
        print(f"  {size:6.1f} MB  peak {peak:7.1f} MB  ({peak / size:5.1f} MB per MB)  "
              f"{secs:6.1f} s  mentions {found} (paragraph by paragraph: {per_copy * copies}; "
              f"offsets {'right' if offsets else 'WRONG'}) "
              f"{'ok' if right else 'WRONG: ' + r.stderr[-300:]}")
        path.unlink()
    return ok


def bench_check(rows_list: list[int], folder: Path) -> bool:
    import numpy as np

    from geo.classification import classify

    ok = True
    print(f"geo check, a CSV of points (-f csv); target <= {TARGETS['check']} MB at 2M rows")
    for n in rows_list:
        rng = np.random.default_rng(n)
        lat = np.round(rng.uniform(35.4, 36.2, n), 5)
        lon = np.round(rng.uniform(35.9, 37.2, n), 5)
        path = folder / f"points-{n}.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "lat", "lon"])
            w.writerows(zip(range(n), lat, lon, strict=True))
        out = folder / "checked.csv"
        peak, secs, r = run_measured("check", str(path), "-f", "csv", "-o", str(out))
        sample = 10_000
        want = classify(lon[:sample], lat[:sample])["status"].astype(str).tolist()
        with open(out, encoding="utf-8") as f:
            rows = csv.DictReader(f)
            got = [row["status"] for _, row in zip(range(sample), rows, strict=False)]
            count = len(got) + sum(1 for _ in rows)
        right = r.returncode == 0 and count == n and got == want
        ok &= right and (n < 2_000_000 or peak <= TARGETS["check"])
        size = path.stat().st_size / 1024 / 1024
        print(f"  {n:>9,} rows ({size:5.1f} MB)  peak {peak:7.1f} MB  {secs:6.1f} s  "
              f"{'ok' if right else 'WRONG: ' + r.stderr[-300:]}")
        path.unlink()
    return ok


def main() -> None:
    quick = "--quick" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ok = bench_extract([5] if quick else [5, 10, 20], folder)
        ok &= bench_check([500_000] if quick else [500_000, 1_000_000, 2_000_000], folder)
    print("all within targets and correct" if ok else "SOME FIGURES MISS THEIR TARGET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
