"""The README's promises under hostile input, at the level a user meets them.

Outputs: a full disk never leaves half a file (nor exit 0); special files are written as
streams, symlinks through, modes follow the umask; a killed or terminated writer leaves no
partial target (and, on SIGTERM/SIGHUP, no temporary file). Inputs: one bad row of a batch
costs only itself and is reported at its physical line; deep JSON, huge CSV fields and objects
where a string belongs are one-line errors, never a traceback.
"""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli import main

ROOT = Path(__file__).resolve().parents[1]
PLACE = "قصف مدفعي على بلدة سراقب بريف إدلب"
GOOD_ROW = f"تقرير عن {PLACE}"


def geo(*args, **kwargs) -> subprocess.CompletedProcess:
    """``geo …`` in a fresh process, as a user runs it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-c", "from geo.cli import main; main()",
                           *map(str, args)], capture_output=True, env=env, timeout=120,
                          **kwargs)


def popen(*args, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen([sys.executable, "-c", "from geo.cli import main; main()",
                             *map(str, args)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **kwargs)


def invoke(*args, input=None):
    return CliRunner().invoke(main, [*map(str, args)], input=input, catch_exceptions=False)


def no_traceback(stderr: bytes | str) -> None:
    text = stderr.decode() if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text, text


# ------------------------------------------------------------------ outputs

@pytest.fixture
def full_disk(tmp_path):
    """A 32 KB tmpfs: every output below is larger, so the disk fills while writing."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mnt = tmp_path / "full"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", str(mnt)],
                       capture_output=True, text=True)
    if r.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip() or r.returncode}")
    yield mnt
    subprocess.run(["umount", str(mnt)], check=False)


@pytest.mark.parametrize("fmt", ["kml", "gpkg", "geojson"])
def test_full_disk_is_one_line_exit_2_and_nothing_left(full_disk, fmt):
    target = full_disk / f"corridor.{fmt}"
    r = geo("corridor", "-f", fmt, "-o", target)
    assert r.returncode == 2, r.stderr
    no_traceback(r.stderr)
    err = r.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and "cannot write" in err and str(target) in err
    assert list(full_disk.iterdir()) == []  # no truncated target, no temporary file


def test_full_disk_extract_stream(full_disk, tmp_path):
    batch = tmp_path / "reports.jsonl"
    batch.write_text("".join(json.dumps({"id": i, "text": GOOD_ROW}, ensure_ascii=False) + "\n"
                             for i in range(400)), encoding="utf-8")
    r = geo("extract", batch, "-f", "jsonl", "-o", full_disk / "out.jsonl")
    assert r.returncode == 2 and b"cannot write" in r.stderr
    no_traceback(r.stderr)
    assert list(full_disk.iterdir()) == []


def test_character_device_is_written_as_a_stream():
    before = os.stat("/dev/null")
    for args in (("corridor", "-f", "gpkg"), ("corridor", "-f", "geojson"),
                 ("resolve", "سراقب")):
        r = invoke(*args, "-o", "/dev/null")
        assert r.exit_code == 0, r.output
        after = os.stat("/dev/null")
        assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_fifo_is_written_as_a_stream(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = invoke("resolve", "سراقب", "-f", "jsonl", "-o", fifo)
    reader.join(timeout=30)
    assert r.exit_code == 0
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(got[0])["query"] == "سراقب"


def test_symlink_is_written_through(tmp_path):
    real = tmp_path / "data" / "real.jsonl"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    assert invoke("resolve", "سراقب", "-f", "jsonl", "-o", link).exit_code == 0
    assert link.is_symlink() and json.loads(real.read_text("utf-8"))["query"] == "سراقب"
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.jsonl"]


def test_new_file_mode_follows_umask(tmp_path):
    out = tmp_path / "c.geojson"
    r = geo("corridor", "-o", out, preexec_fn=lambda: os.umask(0o027))
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    out.chmod(0o600)  # a file that exists keeps its mode
    assert invoke("corridor", "-o", out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def _wait_for_part(folder: Path, proc: subprocess.Popen, timeout: float = 60) -> Path:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        parts = [p for p in folder.iterdir() if ".part" in p.name]
        if parts:
            return parts[0]
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.05)
    raise AssertionError("no temporary file appeared")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_terminated_writer_leaves_nothing(tmp_path, sig):
    # `geo extract -` opens its output, then waits on stdin: a writer caught mid-run
    out = tmp_path / "out"
    out.mkdir()
    proc = popen("extract", "-", "-f", "jsonl", "-o", out / "mentions.jsonl",
                 stdin=subprocess.PIPE)
    proc.stdin.write(PLACE.encode())
    proc.stdin.flush()
    _wait_for_part(out, proc)
    proc.send_signal(sig)
    proc.communicate(timeout=30)
    assert proc.returncode == -sig
    assert list(out.iterdir()) == []


def test_killed_writers_never_leave_a_partial_target(tmp_path):
    target = tmp_path / "corridor.geojson"
    assert geo("corridor", "-o", target).returncode == 0
    whole = target.read_bytes()
    rng = random.Random(10)
    for _ in range(3):
        proc = popen("corridor", "--width-km", "5", "-o", target)
        time.sleep(rng.uniform(0.2, 2.0))
        proc.kill()
        proc.communicate()
        data = target.read_bytes()
        assert data == whole or json.loads(data)["type"] == "FeatureCollection"


def test_own_output_and_temporary_files_are_never_inputs(tmp_path):
    reps = tmp_path / "reps"
    reps.mkdir()
    (reps / "a.txt").write_text(PLACE, encoding="utf-8")
    (reps / ".a.x1y2.part.txt").write_text("قصف على أريحا", encoding="utf-8")  # a crashed run's
    first = invoke("extract", reps, "-f", "text", "-o", reps / "out.txt")
    second = invoke("extract", reps, "-f", "text", "-o", reps / "out.txt")
    assert first.exit_code == second.exit_code == 0, second.output
    text = (reps / "out.txt").read_text("utf-8")
    assert text.count("== ") == 1 and "a.txt" in text and "أريحا" not in text


# ------------------------------------------------------------------ batches: a bad row

def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_csv_batch_keeps_every_good_row_and_names_the_bad_line(tmp_path):
    lines = [b"id,text"]
    for i in range(100):
        text = GOOD_ROW.encode()
        if i < 20:  # quoted text over two physical lines
            text = b'"' + text + b'\n' + text + b'"'
        if i == 80:
            text = b"\xff\xfe not utf-8"
        lines.append(str(i).encode() + b"," + text)
    batch = tmp_path / "batch.csv"
    batch.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    r = invoke("extract", batch, "-f", "jsonl", "-o", out)
    assert r.exit_code == 1
    rows = _rows(out)
    good = [x for x in rows if "error" not in x]
    assert len(good) == 99 and all(x["mentions"] for x in good)
    (bad,) = [x for x in rows if "error" in x]
    assert bad["line"] == 102 and f"{batch}:102:" in bad["error"]  # 1 header + 20 extra lines


def test_jsonl_batch_bad_bytes_and_lone_surrogate_cost_one_row_each(tmp_path):
    lines = [json.dumps({"id": i, "text": GOOD_ROW}, ensure_ascii=False).encode()
             for i in range(100)]
    lines[40] = b'{"id": 40, "text": "\xff bad"}'
    lines[60] = b'{"id": 60, "text": "\\ud800 lone"}'
    lines[70] = b"[" * 100_000 + b"]" * 100_000
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    r = invoke("extract", batch, "-f", "jsonl", "-o", out)
    assert r.exit_code == 1
    rows = _rows(out)
    assert len([x for x in rows if "error" not in x]) == 97
    assert [x["line"] for x in rows if "error" in x] == [41, 61, 71]


def test_resolve_stdin_goes_past_a_bad_line():
    r = CliRunner().invoke(main, ["resolve", "-", "-f", "jsonl", "-k", "1"],
                           input="سراقب\n".encode() + b"\xff\xfe\n" + "أريحا\n".encode())
    assert r.exit_code == 1
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["query"] for x in out] == ["سراقب", None, "أريحا"]
    assert out[1]["line"] == 2 and out[0]["candidates"] and out[2]["candidates"]


def test_check_csv_bad_and_ragged_rows_cost_only_themselves(tmp_path):
    data = (b"name,lat,lon\n" + b"a,35.8,36.6\n" * 10 + b"ragged,35,8,36,6\n"
            + b"\xff,35.8,36.6\n" + b"huge," + b"9" * 200_000 + b",36.6\n" + b"z,35.8,36.6\n")
    path = tmp_path / "points.csv"
    path.write_bytes(data)
    r = invoke("check", path, "-f", "csv")
    assert r.exit_code == 1
    err = r.stderr
    assert f"{path}:12: 5 fields" in err and f"{path}:13: not valid UTF-8" in err
    rows = r.stdout.splitlines()
    assert len(rows) == 1 + 12  # header, 10 + the huge (invalid) row + z
    assert not any(x.startswith("ragged") for x in rows)


# ------------------------------------------------------------------ geo map inputs

def _features(*feats) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(feats)})


def _point(lon, lat, **props) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": props}


def test_map_skips_unreadable_files_and_exits_1(tmp_path):
    good = tmp_path / "good.geojson"
    good.write_text(_features(_point(36.6, 35.8, name_en="Saraqib", place_id={"x": 1}),
                              _point(36.7, 35.9, name_en="Other", resolved=False),
                              _point(36.5, 35.7, name_en="No flag")))
    deep = tmp_path / "deep.geojson"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    boolean = tmp_path / "bool.geojson"
    boolean.write_text(_features(_point(True, False, name_en="nowhere")))
    html = tmp_path / "map.html"
    r = invoke("map", good, deep, boolean, "-o", html)
    assert r.exit_code == 1
    err = r.stderr
    assert "deep.geojson: nested too deeply" in err and "bool.geojson" in err
    assert html.exists()
    assert "2 of 3 mentions mapped" in err  # resolved=false is unresolved; no flag is resolved


def test_corridor_from_honours_gazetteer_extra(tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("name_ar,name_en,lat,lon,kind,admin1,source\n"
                     "مزرعة الاختبار,Testfarm Qq,35.80,36.50,village,Idlib,mine\n",
                     encoding="utf-8")
    r = invoke("corridor", "--from", "Testfarm Qq", "--gazetteer-extra", extra, "-f", "text")
    assert r.exit_code == 0
    assert "Testfarm Qq (35.80000, 36.50000)" in r.output
