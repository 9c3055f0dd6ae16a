"""Geoparse 1k, 10k and 100k Arabic reports against an Aho-Corasick baseline, correctness
checked in the same run; then ``geo extract --jobs 1`` against ``--jobs 2``.

    python benchmarks/bench_extract.py [--sizes 1000,10000,100000] [--cli-reports 600]
                                       [--repeat 3] [--warm-passes 5] [--steps]

First, on the real held-out reports themselves: recall and precision of both methods, the
speed of that first pass (every report new to the process's caches: what a new corpus costs),
then their speed in this process once warm (``--warm-passes``: the best of that many passes over
the same texts, CPU time, each pass checked to return what the first did) — the figure of
issue 14's target, "reports/s per core in-process on real report text"; ``--steps`` adds the
CPU time of each step (tokens, each rule of the pipeline, the context step) per report.

Reports: the paragraphs of the held-out reports (``tests/data/heldout/*_reports.jsonl``: real
report text written blind, with gold mention spans) shuffled and recombined into reports of
their usual length (the held-out median), so every synthetic report keeps its gold spans.

* **baseline**: what a user writes in an afternoon with pyahocorasick (a dependency already):
  one automaton over the gazetteer's normalised Arabic names, run over the report's normalised
  words (:func:`gazetteer.normalize.tokens`), whole words only, leftmost-longest;
* **ours**: ``Gazetteer.extract`` (matching, evidence, filters and context resolution).

Each (method, size) runs in a fresh process, so its peak memory (max RSS) is its own; reports
are generated one at a time (memory stays flat with the size). Correctness: recall and
precision of mention spans against the gold spans (a gold mention is found when a predicted
span overlaps it), on the real reports and on every synthetic corpus. Throughput is the median
of ``--repeat`` runs (the machine is shared), printed as reports/s and as a ratio to the
baseline; nothing here asserts a time.

The last part writes ``--cli-reports`` synthetic reports to a JSONL file and times
``geo extract FILE -f jsonl --jobs 1`` and ``--jobs 2`` (median of ``--repeat``), with
``--no-corridor`` and with the corridor answers, checks that both outputs are byte-identical,
and prints the ratio (target, issue 14: 1.4x on
600 reports on 2 cores).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from bisect import bisect_left
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = sorted((ROOT / "tests" / "data" / "heldout").glob("*_reports.jsonl"))


# ------------------------------------------------------------------ reports with gold spans

def real_reports() -> list[tuple[str, list[tuple[int, int]]]]:
    """The held-out reports: ``(text, gold spans)``."""
    out = []
    for path in HELDOUT:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                out.append((d["text"], [(m["start"], m["end"]) for m in d["mentions"]]))
    return out


def paragraphs() -> list[tuple[str, list[tuple[int, int]]]]:
    """Paragraphs of the held-out reports with the gold spans inside each (offsets shifted)."""
    paras = []
    for text, gold in real_reports():
        pos = 0
        for piece in text.split("\n\n"):
            start, end = pos, pos + len(piece)
            spans = [(s - start, e - start) for s, e in gold if start <= s and e <= end]
            if piece.strip():
                paras.append((piece, spans))
            pos = end + 2
    return paras


def synthetic(n: int, seed: int = 14) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """``n`` reports recombined from random paragraphs, each about as long as the held-out
    median report, generated one at a time."""
    paras = paragraphs()
    size = statistics.median(len(t) for t, _ in real_reports())
    rng = random.Random(seed)
    for _ in range(n):
        parts, spans, length = [], [], 0
        while length < size:
            text, gold = rng.choice(paras)
            spans += [(s + length, e + length) for s, e in gold]
            parts.append(text)
            length += len(text) + 2
        yield "\n\n".join(parts), spans


# ------------------------------------------------------------------ the two matchers

class AhoCorasickBaseline:
    """The gazetteer's normalised Arabic names in one pyahocorasick automaton."""

    def __init__(self, gazetteer) -> None:
        import ahocorasick

        from gazetteer import normalize as N

        self.N = N
        self.auto = ahocorasick.Automaton()
        for i in range(gazetteer.n):
            for name in gazetteer.names_of(i):
                if N.has_arabic(name):
                    spaced = N.spaced(name)
                    if spaced:
                        self.auto.add_word(f" {spaced} ", spaced)
        self.auto.make_automaton()
        self.size = len(self.auto)

    def __call__(self, text: str) -> list[tuple[int, int]]:
        toks = self.N.tokens(text)
        norm, starts = " ", []
        for w, _, _ in toks:
            starts.append(len(norm))
            norm += w + " "
        hits = []
        for end, name in self.auto.iter(norm):
            first = end - len(name)  # position of the name's first letter
            i = bisect_left(starts, first)
            j = i + name.count(" ")
            hits.append((i, j))
        spans, last = [], -1
        for i, j in sorted(hits, key=lambda h: (h[0], -h[1])):  # leftmost-longest
            if i > last:
                spans.append((toks[i][1], toks[j][2]))
                last = j
        return spans


def ours(gazetteer):
    def spans(text: str) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in gazetteer.extract(text)]
    return spans


# ------------------------------------------------------------------ scoring


class Score:
    def __init__(self) -> None:
        self.gold = self.found = self.predicted = self.right = 0

    def add(self, pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> None:
        self.gold += len(gold)
        self.predicted += len(pred)
        self.found += sum(any(s < pe and ps < e for ps, pe in pred) for s, e in gold)
        self.right += sum(any(s < ge and gs < e for gs, ge in gold) for s, e in pred)

    def __str__(self) -> str:
        rec = self.found / max(self.gold, 1)
        prec = self.right / max(self.predicted, 1)
        return f"recall {rec:.3f}, precision {prec:.3f}"


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(method: str, n: int) -> dict:
    """One method over ``n`` synthetic reports in this (fresh) process."""
    from gazetteer import Gazetteer

    t = time.perf_counter()
    g = Gazetteer.default()
    fn = AhoCorasickBaseline(g) if method == "baseline" else ours(g)
    fn("قصف على سراقب")  # lazy set-up done before timing
    ready = time.perf_counter() - t
    score, elapsed = Score(), 0.0
    for text, gold in synthetic(n):
        t = time.perf_counter()
        pred = fn(text)
        elapsed += time.perf_counter() - t
        score.add(pred, gold)
    return {"method": method, "n": n, "seconds": elapsed, "ready": ready, "score": str(score),
            "maxrss_mb": _maxrss_mb()}


def in_fresh_process(method: str, n: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, __file__, "--one", method, str(n)], env=env,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def geo_command() -> list[str]:
    return [sys.executable, "-c", "from geo.cli import main; main()"]


def cli_jobs(n: int, repeat: int) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "reports.jsonl"
        with batch.open("w", encoding="utf-8") as f:
            for i, (text, _) in enumerate(synthetic(n, seed=600)):
                f.write(json.dumps({"id": f"r{i}", "text": text}, ensure_ascii=False) + "\n")
        for extra in (["--no-corridor"], []):
            digests, times = {}, {}
            for jobs in (1, 2):
                runs = []
                for _ in range(repeat):
                    t = time.perf_counter()
                    r = subprocess.run([*geo_command(), "extract", str(batch), "-f", "jsonl",
                                        *extra, "--jobs", str(jobs)], env=env,
                                       capture_output=True, check=True)
                    runs.append(time.perf_counter() - t)
                    digests.setdefault(jobs, set()).add(hashlib.sha256(r.stdout).hexdigest())
                times[jobs] = statistics.median(runs)
            same = len(digests[1] | digests[2]) == 1
            print(f"\ngeo extract on {n} reports (JSONL, {' '.join(extra) or 'with the corridor'}"
                  f"), median of {repeat}: --jobs 1 {times[1]:.2f} s ({n / times[1]:.0f} "
                  f"reports/s), --jobs 2 {times[2]:.2f} s ({n / times[2]:.0f} reports/s); "
                  f"speed-up {times[1] / times[2]:.2f}x (target 1.4x); outputs identical: {same}")
        t = time.perf_counter()
        subprocess.run([*geo_command(), "extract", "-f", "jsonl", "--no-corridor", "-"],
                       input="قصف على سراقب".encode(), env=env, capture_output=True, check=True)
        print(f"geo extract on one tiny report: {time.perf_counter() - t:.2f} s (start-up)")


def warm_real(real: list[tuple[str, list]], methods: dict, passes: int) -> None:
    """Reports/s per core on the real held-out texts, in this process once warm: the best of
    ``passes`` passes (CPU time of this process: other load on a shared machine slows a pass
    but is not counted), each pass checked to give the same spans as the first."""
    texts = [t for t, _ in real]
    rates = {}
    for name, fn in methods.items():
        first = [fn(t) for t in texts]  # warm-up pass: lazy set-up and per-name caches
        best = math.inf
        for _ in range(passes):
            t0 = time.process_time()
            got = [fn(t) for t in texts]
            best = min(best, time.process_time() - t0)
            assert got == first, f"{name}: a warm pass gave other spans"
        rates[name] = len(texts) / best
    print(f"  warm, in-process, on these {len(texts)} real reports (best of {passes} passes, "
          f"CPU time): ours {rates['ours']:.0f} reports/s ({1e3 / rates['ours']:.2f} ms per "
          f"report), baseline {rates['baseline']:.0f}/s, ratio "
          f"{rates['ours'] / rates['baseline']:.3f}; peak {_maxrss_mb():.0f} MB")


def steps(texts: list[str], passes: int) -> None:
    """CPU time per report of each step of ``extract`` on ``texts`` once warm (the best of
    ``passes`` passes for each step): where the time goes."""
    from gazetteer import Gazetteer
    from gazetteer import normalize as N
    from gazetteer.context import resolve_mentions
    from gazetteer.parse.pipeline import DEFAULT
    from gazetteer.parse.state import ParseState

    g = Gazetteer.default()
    clock = time.process_time
    best: dict[str, float] = {}
    for n in range(passes + 1):  # the first pass warms up
        spent: dict[str, float] = {}
        for text in texts:
            t = clock()
            toks = N.tokens(text)
            spent["tokens"] = spent.get("tokens", 0.0) + clock() - t
            t = clock()
            state = ParseState.of(g, text, toks)
            spent["state"] = spent.get("state", 0.0) + clock() - t
            for rule in DEFAULT.rules:
                t = clock()
                rule(state)
                spent[rule.name] = spent.get(rule.name, 0.0) + clock() - t
            t = clock()
            resolve_mentions(g, text, toks, state.kept(), region=state.region)
            spent["context"] = spent.get("context", 0.0) + clock() - t
        if n:
            best = {k: min(v, best.get(k, math.inf)) for k, v in spent.items()}
    total = sum(best.values())
    print(f"  where the time goes (CPU ms per report, best of {passes} passes; total "
          f"{1e3 * total / len(texts):.2f}):")
    for k, v in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"    {k:16s} {1e3 * v / len(texts):6.3f}  {100 * v / total:4.1f}%")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--cli-reports", type=int, default=600, help="0: skip the --jobs part")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--warm-passes", type=int, default=5,
                    help="passes over the real reports once warm (0: skip)")
    ap.add_argument("--steps", action="store_true",
                    help="also the CPU time of each step of extract on the real reports")
    ap.add_argument("--one", nargs=2, metavar=("METHOD", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]))))
        return

    from gazetteer import Gazetteer

    g = Gazetteer.default()
    real = real_reports()
    base = AhoCorasickBaseline(g)
    ours_fn = ours(g)
    s_base, s_ours = Score(), Score()
    cold = 0.0  # CPU time of this first pass: every report new to the process's caches
    for text, gold in real:
        s_base.add(base(text), gold)
        t0 = time.process_time()
        spans = ours_fn(text)
        cold += time.process_time() - t0
        s_ours.add(spans, gold)
    n_gold = sum(len(gd) for _, gd in real)
    print(f"{len(real)} held-out reports ({n_gold} gold mentions), median "
          f"{statistics.median(len(t) for t, _ in real):.0f} characters; baseline automaton of "
          f"{base.size:,} normalised names")
    print(f"  baseline (Aho-Corasick): {s_base}")
    print(f"  ours (extract):          {s_ours}")
    print(f"  first pass, in-process, each report new to the caches (CPU time): ours "
          f"{len(real) / cold:.0f} reports/s ({1e3 * cold / len(real):.2f} ms per report) — "
          "what a new corpus costs")
    if args.warm_passes:
        warm_real(real, {"baseline": base, "ours": ours_fn}, args.warm_passes)
    if args.steps:
        steps([t for t, _ in real], args.warm_passes or 3)

    print(f"\n{'size':>7} {'method':9} {'reports/s':>10} {'ratio':>7} {'peak MB':>8}  "
          "correctness (synthetic reports)")
    for n in (int(x) for x in args.sizes.split(",") if x):
        rates = {}
        for method in ("baseline", "ours"):
            runs = [in_fresh_process(method, n) for _ in range(args.repeat if n <= 10_000 else 1)]
            rate = n / statistics.median(r["seconds"] for r in runs)
            rates[method] = rate
            ratio = rate / rates["baseline"]
            print(f"{n:7d} {method:9} {rate:10.0f} {ratio:7.3f} "
                  f"{max(r['maxrss_mb'] for r in runs):8.0f}  {runs[0]['score']}", flush=True)
    if args.cli_reports:
        cli_jobs(args.cli_reports, args.repeat)


if __name__ == "__main__":
    main()
