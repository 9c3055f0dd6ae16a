"""``geo check`` on a big CSV, against a plain pandas read + write of the same file.

    python benchmarks/bench_check.py [ROWS …] [--repeat=3]

Rows default to 1M and 5M. The file looks like an ACLED export of north-west Syria: an id, a
date, latitude/longitude with 5 decimals, a count and a place name (Arabic or Latin, some
quoted). Each run is its own process, so its peak memory (max RSS) is its own; times are the
best of ``--repeat`` runs (on a shared machine the least disturbed one):

* ``pandas``: ``pd.read_csv(FILE).to_csv(OUT, index=False)`` — the least a user's own script
  does with the file (no classification at all);
* ``geo check``: ``geo check FILE -f csv -o OUT`` (the CLI's entry point in a fresh process).

Correctness, in the same run: the output has every input row in order with its input
columns unchanged (as pandas reads both files), and the answer columns equal
:func:`geo.classify` on the same coordinates, rounded as the output rounds them.

Target (issue 14): ``geo check`` on 1M rows within 1.5× of the pandas read + write.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

#: Each child records its own peak memory (VmHWM: ru_maxrss would count the parent's pages
#: across fork and exec) in the file named by its first argument.
PEAK = ("import atexit, sys\n"
        "def _peak(path=sys.argv[1]):\n"
        "    kb = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
        "    open(path, 'w').write(kb[0])\n"
        "atexit.register(_peak)\n")
PANDAS = PEAK + "import pandas as pd\npd.read_csv(sys.argv[2]).to_csv(sys.argv[3], index=False)\n"
GEO_CHECK = PEAK + ("from geo.cli import main\n"
                    "sys.argv = ['geo', 'check', sys.argv[2], '-f', 'csv', '-o', sys.argv[3]]\n"
                    "main()\n")
NAMES = ["Ariha", "أريحا", "Saraqib, east", "جسر الشغور", "Kafr Nabl", "Bdama"]


def load() -> str:
    """The machine's load average (1, 5, 15 minutes): other jobs share its cores."""
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def make_file(path: Path, n: int, seed: int = 14) -> None:
    import pandas as pd

    rng = np.random.default_rng(seed)
    step = 1_000_000
    for lo in range(0, n, step):
        m = min(step, n - lo)
        pd.DataFrame({
            "event_id_cnty": [f"SYR{i}" for i in range(lo, lo + m)],
            "event_date": [f"2020-03-{d:02d}" for d in rng.integers(1, 29, m)],
            "latitude": rng.uniform(35.3, 36.45, m).round(5),
            "longitude": rng.uniform(35.7, 37.3, m).round(5),
            "fatalities": rng.integers(0, 5, m),
            "location": rng.choice(NAMES, m),
        }).to_csv(path, mode="a" if lo else "w", header=not lo, index=False)


def timed(code: str, src: Path, out: Path) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one child process running ``code``."""
    peak = out.with_suffix(".peak")
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(peak), str(src), str(out)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t, int(peak.read_text()) / 1024


def check_output(src: Path, out: Path) -> None:
    import pandas as pd

    from geo.classification import classify
    from geo.cli.check import RESULT_COLUMNS

    given = pd.read_csv(src)
    got = pd.read_csv(out)
    assert len(got) == len(given), "rows lost or added"
    pd.testing.assert_frame_equal(got[list(given.columns)], given)
    want = classify(given["longitude"].to_numpy(), given["latitude"].to_numpy())
    for col in RESULT_COLUMNS:
        a, b = got[col], want[col]
        if col in ("distance_m", "edge_m", "accuracy_m"):
            assert np.allclose(a, b.round(1), atol=0.051, equal_nan=True), col
        elif col == "along_km":
            assert np.allclose(a, b.round(3), atol=0.00051, equal_nan=True), col
        else:  # text and flags: the same words, empty where missing
            assert (a.astype(object).where(a.notna(), "").astype(str).to_numpy()
                    == b.astype(object).where(b.notna(), "").astype(str).to_numpy()).all(), col


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv if a.isdigit()] or [1_000_000, 5_000_000]
    repeat = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("--repeat=")), 3)
    print(f"{'rows':>10} {'pandas r+w':>11} {'geo check':>10} {'ratio':>6} {'pandas MB':>10} "
          f"{'check MB':>9}  (best of {repeat}; load average {load()}, {os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            src, out = Path(tmp, f"points_{n}.csv"), Path(tmp, "out.csv")
            make_file(src, n)
            base, check = [], []
            for _ in range(repeat):
                base.append(timed(PANDAS, src, out))
                check.append(timed(GEO_CHECK, src, out))
            check_output(src, out)
            tb, tc = (min(t for t, _ in r) for r in (base, check))
            mb, mc = (max(m for _, m in r) for r in (base, check))
            print(f"{n:>10,} {tb:10.1f}s {tc:9.1f}s {tc / tb:5.2f}x {mb:10.0f} {mc:9.0f}")
            src.unlink()
    print(f"load average {load()}")
    print("ratio: geo check time / pandas read + write time (target ≤ 1.5 at 1M rows); "
          "output checked against geo.classify in the same run")


if __name__ == "__main__":
    main(sys.argv[1:])
