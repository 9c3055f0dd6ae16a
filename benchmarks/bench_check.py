"""``geo check`` on a big CSV, against a plain pandas read + write of the same file.

    python benchmarks/bench_check.py [ROWS …] [--repeat=3]

Rows default to 1M and 5M. The file looks like an ACLED export of north-west Syria: an id, a
date, latitude/longitude with 5 decimals, a count and a place name (Arabic or Latin, some
quoted). Each run is its own process, so its peak memory (max RSS) is its own:

* ``pandas``: ``pd.read_csv(FILE).to_csv(OUT, index=False)`` — the least a user's own script
  does with the file (no classification at all);
* ``geo check``: ``geo check FILE -f csv -o OUT`` through the console script.

Correctness, in the same run: the output has every input row in order with its input
columns unchanged (as pandas reads both files), and the answer columns equal
:func:`geo.classify` on the same coordinates, rounded as the output rounds them.

Target (issue 14): ``geo check`` on 1M rows within 1.5× of the pandas read + write.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

PANDAS = "import pandas as pd, sys; pd.read_csv(sys.argv[1]).to_csv(sys.argv[2], index=False)"
NAMES = ["Ariha", "أريحا", "Saraqib, east", "جسر الشغور", "Kafr Nabl", "Bdama"]


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


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one child process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024


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
    geo_bin = shutil.which("geo", path=os.path.dirname(sys.executable)) or "geo"
    print(f"{'rows':>10} {'pandas r+w':>11} {'geo check':>10} {'ratio':>6} {'pandas MB':>10} "
          f"{'check MB':>9}  (median of {repeat})")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            src, out = Path(tmp, f"points_{n}.csv"), Path(tmp, "out.csv")
            make_file(src, n)
            base, check = [], []
            for _ in range(repeat):
                base.append(timed([sys.executable, "-c", PANDAS, str(src), str(out)]))
                check.append(timed([geo_bin, "check", str(src), "-f", "csv", "-o", str(out)]))
            check_output(src, out)
            tb, tc = (statistics.median(t for t, _ in r) for r in (base, check))
            mb, mc = (max(m for _, m in r) for r in (base, check))
            print(f"{n:>10,} {tb:10.1f}s {tc:9.1f}s {tc / tb:5.2f}x {mb:10.0f} {mc:9.0f}")
            src.unlink()
    print("ratio: geo check time / pandas read + write time (target ≤ 1.5 at 1M rows); "
          "output checked against geo.classify in the same run")


if __name__ == "__main__":
    main(sys.argv[1:])
