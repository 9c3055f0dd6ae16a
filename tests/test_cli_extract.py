"""`geo extract`: formats, batches, bad input, large files, and the held-out scoring script."""

from __future__ import annotations

import csv
import importlib.resources
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from shared_data import SHARED_DATA

import geo.reports
from geo.cli import main

HERE = Path(__file__).parent
OURS = HERE / "data" / "reports"
#: the shared sample report, bundled with the package (works in any checkout)
SAMPLE = Path(str(importlib.resources.files("geo") / "data" / "examples"))
#: the shared evaluation scripts live in $M4_SHARED_DATA/../tools; the test that needs them is
#: skipped elsewhere
TOOLS = SHARED_DATA.parent / "tools"
REPORT = "قصف مدفعي على بلدة البارة وكفرعويد في جبل الزاوية بريف إدلب الجنوبي"


def run(*args, input=None):
    return CliRunner().invoke(main, ["extract", *map(str, args)], input=input,
                              catch_exceptions=False)


def lines(output):
    return [json.loads(x) for x in output.splitlines() if x.strip()]


@pytest.fixture
def files(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(REPORT, encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("دورية على الطريق الدولي «إم 4» قرب سراقب", encoding="utf-8")
    return a, b


def test_jsonl_one_line_per_file_in_order(files):
    a, b = files
    r = run(b, a, "--format", "jsonl")
    assert r.exit_code == 0, r.output
    out = lines(r.output)
    assert [o["file"] for o in out] == [str(b), str(a)]
    surfaces = [m["surface"] for m in out[1]["mentions"]]
    assert surfaces == ["البارة", "وكفرعويد", "جبل الزاوية", "إدلب"]
    m = out[1]["mentions"][0]
    assert REPORT[m["start"]:m["end"]] == m["surface"]
    assert m["place"]["id"].startswith("wof:") and 0 < m["confidence"] <= 1
    (road,) = out[0]["mentions"][:1]
    assert road["kind"] == "road" and road["surface"] == "إم 4" and road["road"] == "m4-west"


def test_text_json_csv_geojson(files):
    a, _ = files
    t = run(a)
    assert t.exit_code == 0 and "Jabal al-Zawiya" in t.output and "== " in t.output
    j = json.loads(run(a, "--format", "json").output)
    assert isinstance(j, list) and j[0]["file"] == str(a)
    c = list(csv.DictReader(io.StringIO(run(a, "-f", "csv").output)))
    assert c[0]["surface"] == "البارة" and c[0]["place_id"].startswith("wof:")
    assert "البارة" in c[0]["excerpt"] and float(c[0]["lat"]) > 35
    gj = json.loads(run(a, "--format", "geojson").output)
    assert gj["type"] == "FeatureCollection"
    props = [f["properties"] for f in gj["features"]]
    assert {p["surface"] for p in props} >= {"البارة", "وكفرعويد"}
    for f in gj["features"]:
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert 32 < lat < 38 and 35 < lon < 43
        p = f["properties"]
        assert {"report_id", "date", "surface", "confidence", "excerpt", "geo_precision"} <= set(p)


def test_bad_files_named_others_processed_exit_1(files, tmp_path):
    a, b = files
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "img.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("قصف".encode() + b"\xe9t\xe9")
    r = CliRunner().invoke(main, ["extract", str(a), str(empty), str(binary), str(latin),
                                  str(b), "--format", "jsonl"])
    assert r.exit_code == 1
    out = lines(r.stdout)
    assert [Path(o["file"]).name for o in out] == ["a.txt", "empty.txt", "img.txt",
                                                    "latin.txt", "b.txt"]
    assert out[0]["mentions"] and out[4]["mentions"]
    assert [bool(o.get("error")) for o in out] == [False, True, True, True, False]
    err = r.stderr
    for name, words in (("empty.txt", "empty"), ("img.txt", "binary"), ("latin.txt", "UTF-8")):
        (line,) = [x for x in err.splitlines() if name in x]
        assert words in line
    assert "Traceback" not in err


def test_csv_batch_with_metadata(tmp_path):
    f = tmp_path / "reports.csv"
    with f.open("w", encoding="utf-8", newline="") as h:
        w = csv.writer(h)
        w.writerow(["id", "date", "url", "message"])
        w.writerow(["t1", "2020-06-20", "https://t.me/x/1", REPORT])
        w.writerow(["t2", "2020-06-21", "", "قصف على معرة مصرين"])
    r = run(f, "--text-column", "message", "--format", "jsonl")
    out = lines(r.output)
    assert [(o["id"], o["date"], o.get("url"), o["line"]) for o in out] == [
        ("t1", "2020-06-20", "https://t.me/x/1", 2), ("t2", "2020-06-21", None, 3)]
    gj = json.loads(run(f, "--text-column", "message", "-f", "geojson").output)
    assert {x["properties"]["report_id"] for x in gj["features"]} == {"t1", "t2"}
    assert {x["properties"]["date"] for x in gj["features"]} == {"2020-06-20", "2020-06-21"}


def test_csv_without_text_column_is_one_line_exit_2(tmp_path):
    f = tmp_path / "r.csv"
    f.write_text("id,message\n1,نص\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["extract", str(f)])
    assert r.exit_code == 2
    assert r.output.strip().count("\n") == 0
    assert "r.csv:1" in r.output and "text" in r.output and "Traceback" not in r.output


def test_duplicated_or_semicolon_text_column_is_one_line_exit_2(tmp_path):
    dup = tmp_path / "dup.csv"  # DictReader kept the last 'text' column: no mentions, exit 0
    dup.write_text("id,text,text\n1,قصف على سراقب,x\n", encoding="utf-8")
    semi = tmp_path / "semi.csv"
    semi.write_text("id;text\n1;قصف على سراقب\n", encoding="utf-8")
    for f, what in ((dup, "2 columns are called 'text'"), (semi, "separated by ';'")):
        r = CliRunner().invoke(main, ["extract", str(f)])
        assert r.exit_code == 2, r.output
        assert r.output.count("\n") == 1 and f"{f.name}:1: " in r.output and what in r.output


def test_empty_file_name_is_not_the_current_folder(tmp_path, monkeypatch):
    # `geo extract ""` read every .txt below the current folder (Path("") is ".")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "other.txt").write_text(REPORT, encoding="utf-8")
    r = CliRunner().invoke(main, ["extract", "", "-f", "jsonl"])
    assert r.exit_code == 1
    assert "'': empty file name" in r.output and "other.txt" not in r.output


def test_nan_min_confidence_is_a_usage_error(files):
    # FloatRange(0, 1) let "nan" through and every mention was silently dropped
    r = CliRunner().invoke(main, ["extract", str(files[0]), "--min-confidence", "nan"])
    assert r.exit_code == 2 and "nan is not a confidence" in r.output


def test_stdin_and_output_file(tmp_path):
    out = tmp_path / "m.jsonl"
    r = run("-", "--format", "jsonl", "-o", out, input=REPORT)
    assert r.exit_code == 0 and r.output == ""
    (o,) = lines(out.read_text(encoding="utf-8"))
    assert o["file"] == "<stdin>" and len(o["mentions"]) == 4
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_min_confidence_filters(tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("رتل يدخل من معبر كفرلوسين نحو سراقب", encoding="utf-8")
    everything = lines(run(f, "-f", "jsonl").output)[0]["mentions"]
    confident = lines(run(f, "-f", "jsonl", "--min-confidence", "0.5").output)[0]["mentions"]
    assert len(everything) == 2 and [m["surface"] for m in confident] == ["سراقب"]


def test_folder_batch(tmp_path, files):
    r = run(tmp_path, "--format", "jsonl")
    assert [Path(o["file"]).name for o in lines(r.output)] == ["a.txt", "b.txt"]


def test_large_file_streamed_with_correct_offsets(tmp_path, monkeypatch):
    monkeypatch.setattr(geo.reports, "CHUNK_BYTES", 32 * 1024)
    para = REPORT + ". " + "ثم سقطت قذائف على أريحا ومحمبل. " * 10 + "\n\n"
    text = para * 300  # ~300 KB, ~10 pieces
    f = tmp_path / "big.txt"
    f.write_text(text, encoding="utf-8")
    (o,) = lines(run(f, "--format", "jsonl").output)
    ms = o["mentions"]
    from gazetteer import Gazetteer

    assert len(ms) == 300 * len(Gazetteer.default().extract(para))
    for m in ms:
        assert text[m["start"]:m["end"]] == m["surface"]


def test_no_input_on_a_terminal_is_a_usage_error(monkeypatch):
    r = CliRunner().invoke(main, ["extract"], input=None)
    # CliRunner's stdin is not a tty: empty stdin is read as one (empty) report
    assert r.exit_code in (1, 2)


GEO = Path(sys.executable).parent / "geo"


@pytest.mark.skipif(not (TOOLS / "eval_extract.py").exists() or not (GEO.exists()
                                                                     or shutil.which("geo")),
                    reason="shared evaluation tools or the installed `geo` are not available")
@pytest.mark.parametrize("folder, need", [(SAMPLE, "0.95"), (OURS, "0.9")])
def test_held_out_scoring_script_passes(folder, need, tmp_path):
    jsonl = tmp_path / "reports.jsonl"
    seed = subprocess.run([sys.executable, str(TOOLS / "seed_as_jsonl.py"), str(folder)],
                          capture_output=True, text=True, check=True)
    jsonl.write_text(seed.stdout, encoding="utf-8")
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep
               + os.environ.get("PATH", ""))
    r = subprocess.run([sys.executable, str(TOOLS / "eval_extract.py"), str(jsonl), need],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "extract F1" in r.stdout
