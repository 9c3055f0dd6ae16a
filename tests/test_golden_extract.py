"""Golden file: ``geo extract -f jsonl --no-corridor`` on every bundled report is unchanged.

The file ``tests/data/golden/extract.jsonl`` was written by the geoparser before it was
restructured into a pipeline (issue 16), so this test pins its behaviour: a refactor must leave
every mention, candidate, score, confidence and cue unchanged. A change that is *meant* to alter
the output (an accuracy fix) regenerates the file and shows the difference in review::

    PYTHONPATH=$PWD python tests/test_golden_extract.py --update
    git diff --stat tests/data/golden/extract.jsonl
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "golden" / "extract.jsonl"
#: the inputs, relative to the repository root (the output records these paths)
PATTERNS = ("tests/data/reports/*.json", "geo/data/examples/*.json", "tests/data/heldout/*.jsonl")


def _inputs() -> list[str]:
    return [str(p.relative_to(ROOT)) for pat in PATTERNS for p in sorted(ROOT.glob(pat))]


def _extract(monkeypatch=None) -> str:
    from geo.cli import main

    if monkeypatch is not None:
        monkeypatch.chdir(ROOT)
    # the geoparser alone: the corridor answers are geo's, tested in test_answers.py
    result = CliRunner().invoke(main, ["extract", "-f", "jsonl", "--no-corridor", *_inputs()],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _mentions(line: str) -> tuple[str, list[dict]]:
    row = json.loads(line)
    return f"{row.get('file')}:{row.get('line') or ''}", row.get("mentions", [])


def test_extract_output_matches_golden_file(monkeypatch):
    got = [x for x in _extract(monkeypatch).splitlines() if x.strip()]
    want = [x for x in GOLDEN.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert len(got) == len(want), f"{len(got)} reports out, golden file has {len(want)}"
    for g, w in zip(got, want, strict=True):
        if g == w:
            continue
        (where, gm), (_, wm) = _mentions(g), _mentions(w)
        for i, (a, b) in enumerate(zip(gm, wm, strict=False)):
            assert a == b, f"{where}: mention {i} differs:\n got  {a}\n want {b}"
        assert len(gm) == len(wm), f"{where}: {len(gm)} mentions, golden file has {len(wm)}"
        assert json.loads(g) == json.loads(w), f"{where}: report fields differ"


def test_golden_file_covers_every_bundled_report():
    assert len(_inputs()) >= 20
    files = {json.loads(x)["file"] for x in GOLDEN.read_text(encoding="utf-8").splitlines()}
    assert files == set(_inputs())


if __name__ == "__main__":  # regenerate: python tests/test_golden_extract.py --update
    if "--update" not in sys.argv:
        sys.exit("usage: python tests/test_golden_extract.py --update")
    os.chdir(ROOT)
    GOLDEN.write_text(_extract(), encoding="utf-8")
    print(f"wrote {GOLDEN.relative_to(ROOT)}")
