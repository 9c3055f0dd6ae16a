"""geo.reports: reading report inputs (files, stdin, folders, CSV/JSONL tables), streaming."""

from __future__ import annotations

import io
import json
import sys
import tracemalloc

import pytest

from geo.io import InputError
from geo.reports import Report, count_inputs, read_reports

REPORT = "قصف مدفعي على بلدة البارة في جبل الزاوية بريف إدلب الجنوبي."


def write(path, data, mode="w"):
    if "b" in mode:
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return str(path)


def test_text_file_and_metadata(tmp_path):
    f = write(tmp_path / "a.txt", REPORT)
    (r,) = read_reports([f])
    assert r.text == REPORT and r.error is None and r.file == f
    assert r.meta() == {"file": f}
    assert list(r.chunks()) == [(0, REPORT)]


def test_bom_is_dropped(tmp_path):
    f = write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + REPORT.encode(), "wb")
    (r,) = read_reports([f])
    assert r.text == REPORT


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REPORT.encode("utf-8"))))
    (r,) = read_reports(["-"])
    assert r.file == "<stdin>" and r.text == REPORT


@pytest.mark.parametrize("name, data, words", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n ", "empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    ("latin1.txt", "قصف".encode() + "é".encode("latin-1"), "not valid UTF-8"),
    ("missing.txt", None, "no such file"),
])
def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path, name, data, words):
    bad = str(tmp_path / name) if data is None else write(tmp_path / name, data, "wb")
    good = write(tmp_path / "good.txt", REPORT)
    first, second = read_reports([bad, good])
    assert first.error is not None and words in first.error and name in first.error
    assert "\n" not in first.error and first.text == ""
    assert second.error is None and second.text == REPORT


def test_folder_of_txt_files_in_sorted_order(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "b.txt", "ب " + REPORT)
    write(tmp_path / "a.txt", "أ " + REPORT)
    write(tmp_path / "sub" / "c.txt", "ج " + REPORT)
    write(tmp_path / "notes.md", "not a report")
    got = list(read_reports([str(tmp_path)]))
    assert [r.file.rsplit("/", 1)[-1] for r in got] == ["a.txt", "b.txt", "c.txt"]
    assert count_inputs([str(tmp_path)]) == 3
    empty = tmp_path / "empty"
    empty.mkdir()
    (r,) = read_reports([str(empty)])
    assert r.error and "no .txt files" in r.error


def test_csv_with_metadata_and_other_text_column(tmp_path):
    f = write(tmp_path / "r.csv", "id,date,url,body\n"
              f"r1,2020-03-23,https://example.org/1,\"{REPORT}\"\n"
              "r2,,,\"\"\n"
              f"r3,2020-03-24,,\"سطر أول\nسطر ثان في سراقب\"\n")
    got = list(read_reports([f], text_column="body"))
    assert [r.id for r in got] == ["r1", "r2", "r3"]
    assert got[0].meta() == {"file": f, "line": 2, "id": "r1", "date": "2020-03-23",
                             "url": "https://example.org/1"}
    assert got[1].error and "empty text" in got[1].error and ":3:" in got[1].error
    assert got[2].text.endswith("سراقب") and got[2].url is None
    assert count_inputs([f]) is None


def test_csv_without_the_text_column_is_a_usage_error(tmp_path):
    f = write(tmp_path / "r.csv", "id,body\n1,نص\n")
    with pytest.raises(InputError) as e:
        list(read_reports([f]))
    assert "no 'text' column" in str(e.value) and "r.csv:1" in str(e.value)
    assert "--text-column" in str(e.value)


def test_jsonl_rows_and_bad_lines(tmp_path):
    lines = [json.dumps({"text": REPORT, "id": 7, "date": "2020-06-08"}, ensure_ascii=False),
             "{not json",
             "",
             json.dumps([1, 2]),
             json.dumps({"text": "   ", "id": 9}),
             json.dumps({"text": "قصف على أريحا", "url": "u"}, ensure_ascii=False)]
    f = write(tmp_path / "r.jsonl", "\n".join(lines) + "\n")
    got = list(read_reports([f]))
    assert [r.error is None for r in got] == [True, False, False, False, True]
    assert got[0].id == "7" and got[0].line == 1
    assert ":2:" in got[1].error and "not JSON" in got[1].error
    assert "expected a JSON object" in got[2].error
    assert "empty text" in got[3].error
    assert got[4].url == "u" and got[4].line == 6


def test_jsonl_without_the_field_is_a_usage_error(tmp_path):
    f = write(tmp_path / "r.jsonl", json.dumps({"body": "x"}) + "\n")
    with pytest.raises(InputError, match="no 'text' field"):
        list(read_reports([f]))
    assert [r.text for r in read_reports([f], text_column="body")] == ["x"]


def test_empty_and_binary_tables(tmp_path):
    e = write(tmp_path / "e.csv", "")
    b = write(tmp_path / "b.jsonl", b"\x00\x01\x02", "wb")
    h = write(tmp_path / "h.csv", "id,text\n")
    got = list(read_reports([e, b, h]))
    assert [r.error is not None for r in got] == [True, True, True]
    assert "empty" in got[0].error and "binary" in got[1].error and "no rows" in got[2].error


def test_large_text_is_read_in_pieces_cut_at_paragraphs(tmp_path):
    para = REPORT + "\n" + "قصف على كفرنبل ومعرة حرمة. " * 20 + "\n\n"
    text = para * 400  # ~1.3 MB
    f = write(tmp_path / "big.txt", text)
    (r,) = read_reports([f], chunk_bytes=64 * 1024)
    assert r.text == "" and r.error is None
    pieces = list(r.chunks())
    assert len(pieces) > 3
    assert "".join(p for _, p in pieces) == text
    for off, p in pieces:
        assert text[off:off + len(p)] == p
        assert p.endswith("\n\n") or off + len(p) == len(text)  # cut on a paragraph break


def test_bad_bytes_in_the_middle_of_a_large_file(tmp_path):
    data = ("سطر سليم\n" * 200_000).encode() + b"\xff\xfe" + b"\n" + "بعد".encode()
    f = write(tmp_path / "big.txt", data, "wb")
    (r,) = read_reports([f], chunk_bytes=1024)
    with pytest.raises(InputError) as e:
        list(r.chunks())
    assert "big.txt:200001" in str(e.value) and "UTF-8" in str(e.value)


def test_tables_are_streamed_row_by_row(tmp_path):
    row = json.dumps({"text": REPORT * 20, "id": "x"}, ensure_ascii=False)
    f = write(tmp_path / "big.jsonl", (row + "\n") * 3000)  # ~6 MB
    tracemalloc.start()
    n = 0
    for r in read_reports([f]):
        n += r.error is None
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert n == 3000
    assert peak < 1_000_000, peak  # rows are never all in memory


def test_report_is_a_plain_record():
    r = Report(file="x.txt", text="نص", id="1")
    assert r.meta() == {"file": "x.txt", "id": "1"}


def test_large_text_without_line_breaks_is_still_bounded(tmp_path):
    text = "قصف على سراقب " * 100_000  # ~1.4 MB on one line
    f = write(tmp_path / "oneline.txt", text)
    (r,) = read_reports([f], chunk_bytes=16 * 1024)
    pieces = list(r.chunks())
    assert "".join(p for _, p in pieces) == text
    assert max(len(p) for _, p in pieces) < 200_000


def test_long_text_in_memory_is_geoparsed_in_pieces(monkeypatch):
    """Stdin and table rows are in memory: a long one is still cut at paragraph breaks."""
    import geo.reports

    monkeypatch.setattr(geo.reports, "CHUNK_BYTES", 1000)
    text = (REPORT + "\n\n") * 40
    pieces = list(geo.reports.Report(file="<stdin>", text=text).chunks())
    assert len(pieces) >= 3 and "".join(p for _, p in pieces) == text
    assert all(text[o:o + len(p)] == p and p.endswith("\n\n") for o, p in pieces)
