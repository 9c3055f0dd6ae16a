"""``gazetteer.frequency``: the bundled word-frequency table stands in for wordfreq.

The geoparser never imports wordfreq; the table gives wordfreq's figure for every word it can
be asked about (or 0 for a word rarer than every threshold the rules use)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gazetteer.frequency import TABLE_FILE, ZIPF_FLOOR, _table, table_rows, word_key, write_table
from gazetteer.frequency import zipf as table_zipf

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = sorted((ROOT / "tests" / "data" / "heldout").glob("*_reports.jsonl"))

NO_WORDFREQ = """
import sys

class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "wordfreq":
            raise ImportError("wordfreq imported at run time")

sys.meta_path.insert(0, Refuse())
from geo.cli import main
try:
    main(["extract", "-f", "jsonl", "--no-corridor", "-"])
except SystemExit as e:
    assert e.code in (0, None), e.code
assert "wordfreq" not in sys.modules
"""


def test_the_extractor_never_imports_wordfreq():
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    r = subprocess.run([sys.executable, "-c", NO_WORDFREQ], input="قصف على قرية كنصفرة وسراقب",
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "كنصفرة" in r.stdout and "سراقب" in r.stdout


def _report_words() -> set[str]:
    words: set[str] = set()
    for p in HELDOUT:
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                words.update(re.findall(r"[^\W\d_]+", json.loads(line)["text"]))
    return words


def test_the_table_agrees_with_wordfreq():
    wf = pytest.importorskip("wordfreq")
    lines = _table().decode("utf-8").split("\n")
    sample = {line.split("\t")[0] for line in lines[::97]}
    words = sample | _report_words() | {"المَدِينَةُ", "حلب", "Idlib", "SARAQIB", "مدينة ـحلب",
                                        "جسر الشغور", "قسطون والزيارة", "#جسر_الشغور"}
    differ = []
    for w in sorted(words):
        want, got = wf.zipf_frequency(w, "ar"), table_zipf(w)
        number = any(ch.isdigit() for ch in word_key(w))  # «كم²» is كم2: no word (documented)
        if got != want and not (got == 0.0 and (want < ZIPF_FLOOR or number)):
            differ.append((w, got, want))
    assert not differ, differ[:20]
    assert len(words) > 5000


def test_gazetteer_name_tokens_are_in_the_table_even_when_rare():
    wf = pytest.importorskip("wordfreq")
    from gazetteer import Gazetteer

    g = Gazetteer.default()
    tokens = {t for k in g.arabic_index for t in k.split()}
    rare = [t for t in sorted(tokens) if 0 < wf.zipf_frequency(t, "ar") < ZIPF_FLOOR]
    assert rare, "expected some names rarer than the floor"
    assert all(table_zipf(t) == wf.zipf_frequency(t, "ar") for t in rare)


def test_no_rule_compares_a_zipf_below_the_floor():
    """A word under :data:`ZIPF_FLOOR` reads as 0: only safe while no threshold is lower."""
    from dataclasses import asdict

    from gazetteer.parse.weights import WEIGHTS

    found = [v for k, v in asdict(WEIGHTS).items() if k.endswith("zipf")]
    sources = [*(ROOT / "gazetteer" / "parse" / "rules").glob("*.py"),
               ROOT / "gazetteer" / "context.py"]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        found += [float(x) for x in re.findall(
            r"(?:zipf\([^()]*\)|\bz|\.zipf)\s*[<>]=?\s*(\d+(?:\.\d+)?)", text)]
    assert len(found) > 10
    assert min(found) >= ZIPF_FLOOR, sorted(found)[:5]


def test_lookup_prepares_words_as_wordfreq_does():
    assert word_key("الـمَدِينَة") == "المدينة"
    assert table_zipf("الـمَدِينَة") == table_zipf("المدينة") > 3
    assert table_zipf("IDLIB") == table_zipf("idlib")
    two = table_zipf("جسر الشغور")
    assert 0 < two < min(table_zipf("جسر"), table_zipf("الشغور"))
    assert table_zipf("2020") == table_zipf("") == table_zipf("...") == 0.0
    assert table_zipf("كنصفرةخخخ") == 0.0


def test_the_table_is_sorted_and_written_reproducibly(tmp_path):
    lines = _table().decode("utf-8").split("\n")
    words = [line.split("\t")[0] for line in lines]
    assert words == sorted(words) and len(set(words)) == len(words)
    assert all(int(line.split("\t")[1]) >= 0 for line in lines[:1000])
    assert TABLE_FILE.stat().st_size < 2_500_000
    rows = [("ا", 500), ("ب", 250)]
    a = write_table(rows, tmp_path / "a.tsv.gz").read_bytes()
    b = write_table(rows, tmp_path / "b.tsv.gz").read_bytes()
    assert a == b


def test_table_rows_keep_common_words_and_rare_name_tokens():
    pytest.importorskip("wordfreq")
    rows = dict(table_rows(["كنصفرةخخ", "سراقب"]))
    assert all(z >= 100 * ZIPF_FLOOR for w, z in rows.items() if w != "سراقب")
    assert rows["قصف"] == round(100 * table_zipf("قصف"))
    assert "كنصفرةخخ" not in rows  # unknown to wordfreq: 0 either way
