"""``gazetteer.batch`` and ``--jobs N``: the same output, in the same order, on N processes;
a bad report costs only itself; an interrupted run leaves no file and no worker behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gazetteer import Gazetteer
from gazetteer.batch import extract_texts, map_batches, map_reports, resolve_jobs
from geo.cli import main

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = sorted((ROOT / "tests" / "data" / "heldout").glob("*_reports.jsonl"))


def _texts() -> list[str]:
    return [json.loads(line)["text"] for p in HELDOUT
            for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


# ------------------------------------------------------------------ the library


def _square(x: int, gazetteer) -> int:
    if x == 13:
        raise ValueError("thirteen")
    return x * x + (gazetteer or 0)


def _double(x: int, gazetteer) -> int:
    return 2 * x


def _pid(x: int, gazetteer) -> int:
    return os.getpid()


def test_map_keeps_input_order_with_local_items_between_batches():
    items = list(range(0, 200, 3))  # no 13
    got = list(map_reports(_square, iter(items), 1, jobs=2, batch_size=4,
                           inline=lambda x: x % 7 == 0))
    assert got == [x * x + 1 for x in items]


def test_map_uses_other_processes_only_when_asked_and_worth_it():
    me = os.getpid()
    assert set(map_reports(_pid, range(40), None, jobs=1)) == {me}
    assert set(map_reports(_pid, range(3), None, jobs=2, batch_size=4)) == {me}  # < one batch
    pids = set(map_reports(_pid, range(40), None, jobs=2, batch_size=4))
    assert me not in pids and 1 <= len(pids) <= 2


def _sizes_and_pids(items: list[int], gazetteer) -> list[tuple[int, int, int]]:
    return [(x, len(items), os.getpid()) for x in items]


@pytest.mark.parametrize("jobs", [1, 2])
def test_map_batches_gives_whole_batches_in_order_and_local_items_alone(jobs):
    items = list(range(60))
    got = list(map_batches(_sizes_and_pids, iter(items), None, jobs=jobs, batch_size=8,
                           inline=lambda x: x % 10 == 0))
    assert [x for x, _, _ in got] == items
    assert all(n == 1 for x, n, _ in got if x % 10 == 0)  # inline: alone, in this process
    assert all(pid == os.getpid() for x, _, pid in got if x % 10 == 0)
    assert max(n for _, n, _ in got) == 8  # the others share batches of up to 8
    workers = {pid for x, _, pid in got if x % 10}
    assert (workers == {os.getpid()}) == (jobs == 1)


def test_an_error_in_a_worker_is_raised_as_by_the_loop():
    with pytest.raises(ValueError, match="thirteen"):
        list(map_reports(_square, range(40), 0, jobs=2, batch_size=4))


def test_jobs_zero_is_every_core_and_negative_is_refused():
    assert resolve_jobs(0) >= 1 and resolve_jobs(2) == 2
    with pytest.raises(ValueError):
        resolve_jobs(-1)


def test_extract_texts_in_parallel_equals_extract_one_by_one():
    g = Gazetteer.default()
    texts = _texts()[:30]
    want = [[m.to_dict() for m in g.extract(t)] for t in texts]
    got = [[m.to_dict() for m in ms] for ms in extract_texts(texts, g, jobs=2)]
    assert got == want


def test_workers_use_the_gazetteer_with_extra_entries(tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("name_ar,name_en,lat,lon,kind,admin1,source\n"
                     "زيزفونة,Zayzafuna,35.9,36.7,village,Idlib,test\n", encoding="utf-8")
    g = Gazetteer(extra=[extra])
    texts = ["قصف على قرية زيزفونة بريف إدلب"] * 40
    found = list(extract_texts(texts, g, jobs=2))
    assert all(ms and ms[0].place and ms[0].place.name_en == "Zayzafuna" for ms in found)


# ------------------------------------------------------------------ the commands


def _batch(tmp_path: Path, bad_rows: bool = True) -> Path:
    """A JSONL batch of the held-out reports with unreadable rows among them."""
    lines = [json.dumps({"id": f"r{i}", "text": t}, ensure_ascii=False)
             for i, t in enumerate(_texts())]
    if bad_rows:
        lines.insert(5, "{not json")
        lines.insert(20, json.dumps({"id": "empty", "text": ""}))
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(*args):
    return CliRunner().invoke(main, [*map(str, args)], catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "geojson", "text"])
def test_extract_jobs_2_writes_what_jobs_1_writes(tmp_path, fmt):
    batch = _batch(tmp_path)
    one = _run("extract", batch, "-f", fmt, "--no-corridor", "--jobs", "1")
    two = _run("extract", batch, "-f", fmt, "--no-corridor", "--jobs", "2")
    assert one.exit_code == two.exit_code == 1  # the two bad rows
    assert one.stdout == two.stdout and one.stdout.count("سراقب") > 0
    assert one.stderr == two.stderr
    assert ":6:" in two.stderr and ":21: empty text" in two.stderr


def test_extract_with_corridor_answers_and_a_folder_is_the_same_on_2_jobs(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for i, t in enumerate(_texts()[:24]):
        (folder / f"{i:02d}.txt").write_text(t, encoding="utf-8")
    (folder / "10b.txt").write_bytes(b"\xff\xfe\x00binary")
    one = _run("extract", folder, "-f", "jsonl")
    two = _run("extract", folder, "-f", "jsonl", "-j", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout and '"in_corridor"' in two.stdout
    assert one.stderr == two.stderr and "10b.txt" in two.stderr


def test_events_jobs_2_writes_what_jobs_1_writes(tmp_path):
    batch = _batch(tmp_path, bad_rows=False)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert _run("events", batch, "-o", one).exit_code == 0
    assert _run("events", batch, "-o", two, "--jobs", "2").exit_code == 0
    assert one.read_bytes() == two.read_bytes() and len(one.read_bytes()) > 10_000


def test_map_takes_jobs(tmp_path):
    batch = _batch(tmp_path, bad_rows=False)
    ev1, ev2 = tmp_path / "e1.csv", tmp_path / "e2.csv"
    assert _run("map", batch, "-o", tmp_path / "m.html", "--events", ev1).exit_code == 0
    r = _run("map", batch, "-o", tmp_path / "m2.html", "--events", ev2, "--jobs", "0")
    assert r.exit_code == 0, r.output
    assert ev1.read_bytes() == ev2.read_bytes()


def test_negative_jobs_is_a_usage_error(tmp_path):
    r = _run("extract", _batch(tmp_path), "--jobs", "-1")
    assert r.exit_code == 2 and "--jobs" in r.output


# ------------------------------------------------------------------ interruption


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_interrupted_parallel_run_leaves_no_file_and_no_worker(tmp_path, how):
    rows = [json.dumps({"text": t}, ensure_ascii=False) for t in _texts()] * 40
    batch = tmp_path / "big.jsonl"
    batch.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-c", "from geo.cli import main; main()",
                             "extract", str(batch), "-f", "jsonl", "--no-corridor", "-j", "2",
                             "-o", str(out / "m.jsonl")], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    workers: list[int] = []
    end = time.monotonic() + 120
    while time.monotonic() < end and len(workers) < 2:
        assert proc.poll() is None, proc.stderr.read().decode()
        workers = [p for p in _children(proc.pid) if _alive(p)]
        time.sleep(0.1)
    assert len(workers) >= 2, "no worker started"
    time.sleep(0.5)
    if how == "ctrl-c":  # the terminal signals the whole foreground group
        os.killpg(proc.pid, signal.SIGINT)
    else:  # `kill PID`: the parent only
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert b"Traceback" not in err, err.decode()
    assert list(out.iterdir()) == []
    end = time.monotonic() + 10
    while time.monotonic() < end and any(_alive(p) for p in workers):
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers)


def test_spawned_workers_rebuild_the_gazetteer_with_its_extra_entries(monkeypatch, tmp_path):
    """Where processes are spawned, not forked (macOS, Windows), each worker loads the
    gazetteer itself, with the same extra CSV files."""
    import multiprocessing as mp

    import gazetteer.batch as batch

    monkeypatch.setattr(batch, "_context", lambda: mp.get_context("spawn"))
    extra = tmp_path / "extra.csv"
    extra.write_text("name_ar,name_en,lat,lon,kind,admin1,source\n"
                     "زيزفونة,Zayzafuna,35.9,36.7,village,Idlib,test\n", encoding="utf-8")
    texts = ["قصف على قرية زيزفونة بريف إدلب"] * 20 + _texts()[:4]
    g = Gazetteer(extra=[extra])
    want = [[m.to_dict() for m in g.extract(t)] for t in texts]
    got = [[m.to_dict() for m in ms] for ms in extract_texts(texts, g, jobs=2)]
    assert got == want and got[0][0]["place"]["name_en"] == "Zayzafuna"


@pytest.mark.parametrize("inline", [None, lambda x: x % 3 == 0, lambda x: True])
def test_items_are_read_only_a_bounded_window_ahead(inline):
    from gazetteer.batch import IN_FLIGHT

    pulled = 0

    def items():
        nonlocal pulled
        for i in range(600):
            pulled += 1
            yield i

    ahead = 0
    for n, r in enumerate(map_reports(_double, items(), None, jobs=2, batch_size=8,
                                      inline=inline), 1):
        assert r == 2 * (n - 1)
        ahead = max(ahead, pulled - n)
    assert n == 600
    assert ahead <= (IN_FLIGHT * 2 + 2) * 8


def test_the_collector_is_left_as_it_was_after_a_pool():
    # the pool freezes the collector while it forks its workers, and thaws it after
    import gc

    assert gc.get_freeze_count() == 0
    assert list(map_reports(_double, range(40), None, jobs=2, batch_size=4)) == \
        [2 * x for x in range(40)]
    assert gc.get_freeze_count() == 0
