"""The shared I/O conventions of geo.io: atomic writes, stdin, UTF-8, one-line errors."""

from __future__ import annotations

import io
import os
import sys

import pytest

from geo import io as gio


def test_atomic_output_replaces_only_on_success(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), gio.atomic_output(target) as f:
        f.write("half written")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"], "temporary file left behind"
    with gio.atomic_output(target) as f:
        f.write("إدلب")
    assert target.read_text(encoding="utf-8") == "إدلب"


def test_atomic_output_to_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(gio.InputError, match="folder does not exist"), \
            gio.atomic_output(tmp_path / "nope" / "out.txt"):
        pass


def test_unwritable_folder_is_a_user_error(tmp_path, monkeypatch):
    # `geo check … -o /proc/out.txt` printed a traceback (mkstemp failed)
    def refuse(**_):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(gio.tempfile, "mkstemp", refuse)
    with pytest.raises(gio.InputError, match="cannot write in this folder: Permission denied"), \
            gio.atomic_output(tmp_path / "out.txt"):
        pass
    assert list(tmp_path.iterdir()) == []


def test_full_disk_is_a_one_line_user_error(tmp_path, monkeypatch):
    # `geo corridor > /dev/full` printed an OSError traceback
    class Full(io.StringIO):
        def write(self, s):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(sys, "stdout", Full())
    with pytest.raises(gio.InputError, match=r"^<stdout>: cannot write: No space left"), \
            gio.atomic_output("-") as out:
        out.write('{"a": 1}\n')
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    with pytest.raises(OSError, match="other"), gio.atomic_output("-"):
        raise OSError(5, "other")  # not a write-space problem: left alone


def test_atomic_path_for_name_based_writers(tmp_path):
    target = tmp_path / "map.html"
    with gio.atomic_path(target) as tmp:
        assert tmp != str(target) and tmp.endswith(".html")
        with open(tmp, "w") as f:
            f.write("<html></html>")
        assert not target.exists()
    assert target.read_text() == "<html></html>"
    with pytest.raises(ValueError), gio.atomic_path(target) as tmp:
        with open(tmp, "w") as f:
            f.write("broken")
        raise ValueError
    assert target.read_text() == "<html></html>"


def test_read_text_errors_name_the_file(tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(gio.InputError) as err:
        gio.read_text(missing)
    assert str(err.value) == f"{missing}: no such file"
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(gio.InputError, match="binary"):
        gio.read_text(binary)
    latin1 = tmp_path / "old.txt"
    latin1.write_bytes("line one\nCaf\xe9".encode("latin-1"))
    with pytest.raises(gio.InputError) as err:
        gio.read_text(latin1)
    assert str(err.value).startswith(f"{latin1}:2:") and "UTF-8" in str(err.value)


def test_read_text_strips_bom_and_reads_stdin(monkeypatch, tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeffسراقب".encode())
    assert gio.read_text(p) == "سراقب"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("أريحا\n".encode())))
    assert gio.read_text("-") == "أريحا\n"


def test_iter_lines_streams_with_line_numbers(tmp_path):
    p = tmp_path / "names.txt"
    p.write_bytes("\ufeffإدلب\r\nSaraqib\n".encode() + b"\xff\n")
    it = gio.iter_lines(p)
    assert next(it) == (1, "إدلب")
    assert next(it) == (2, "Saraqib")
    with pytest.raises(gio.InputError, match=r":3: not valid UTF-8"):
        next(it)


def test_input_error_is_one_line():
    err = gio.InputError("missing column 'lat'", path="points.csv", line=1)
    assert str(err) == "points.csv:1: missing column 'lat'"
    assert "\n" not in str(err)


def test_progress_is_silent_when_stderr_is_not_a_terminal(capsys):
    with gio.progress(range(3), length=3, label="reports") as items:
        assert list(items) == [0, 1, 2]
    assert capsys.readouterr().err == ""


def test_no_temp_files_left_on_success(tmp_path):
    with gio.atomic_output(tmp_path / "a.csv") as f:
        f.write("x\n")
    assert sorted(os.listdir(tmp_path)) == ["a.csv"]
