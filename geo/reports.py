"""Reading report inputs for ``geo extract``: text files, stdin, folders, CSV and JSON-lines tables.

Every input becomes one or more :class:`Report` objects, yielded one at a time so that a batch of
any size runs in bounded memory:

* ``-`` — standard input, one report;
* ``FILE.txt`` (or any other extension) — one report; a file larger than
  :data:`CHUNK_BYTES` is read piece by piece, cut on paragraph boundaries (see
  :meth:`Report.chunks`), so a 1 GB dump never sits in memory at once;
* a directory — every ``*.txt`` file below it, in sorted order;
* ``FILE.csv`` / ``FILE.jsonl`` (``.ndjson``) — one report per row, the text in ``text_column``
  (default ``text``); ``id``, ``date`` and ``url`` columns, when present, are carried along.

A problem with one input (empty, binary, not UTF-8, an unreadable row) does not stop the batch: the
report is yielded with :attr:`Report.error` set to a one-line message naming the file (and line),
and the caller reports it and carries on. A table without the text column is a usage error and
raises :class:`geo.io.InputError` (the CLI exits 2).

>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> _ = open(os.path.join(d, "a.txt"), "w", encoding="utf-8").write("قصف على سراقب")
>>> _ = open(os.path.join(d, "b.txt"), "wb").write(b"\\xff\\xfe bad")
>>> [(os.path.basename(r.file), r.text, r.error is not None) for r in read_reports([d])]
[('a.txt', 'قصف على سراقب', False), ('b.txt', '', True)]
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geo.io import InputError, decode, is_std

__all__ = ["CHUNK_BYTES", "META_COLUMNS", "Report", "count_inputs", "read_reports"]

#: Text files larger than this are read in pieces cut at paragraph boundaries.
CHUNK_BYTES = 4 * 1024 * 1024
#: Optional columns of a CSV/JSONL table carried into the output.
META_COLUMNS = ("id", "date", "url", "source")
TABLE_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_PARA = "\n\n"


@dataclass
class Report:
    """One report to geoparse: its text (or the way to read it) and where it came from.

    ``text`` is the whole text for ordinary inputs; for a large file it is empty and
    :meth:`chunks` reads the file piece by piece. ``error`` is a one-line message when the input
    could not be read (the text is then empty).
    """

    file: str
    text: str = ""
    id: str | None = None
    date: str | None = None
    url: str | None = None
    line: int | None = None
    #: The outlet (a CSV/JSONL ``source`` column): ACLED's ``source`` in ``geo events``.
    source: str | None = None
    error: str | None = None
    path: str | None = field(default=None, repr=False)  # set for large files read lazily
    block: int = field(default=1024 * 1024, repr=False)  # bytes read at a time from ``path``

    def meta(self) -> dict:
        """``file`` plus the row number, id, date, url and source that are known."""
        out: dict = {"file": self.file}
        if self.line is not None:
            out["line"] = self.line
        for k in META_COLUMNS:
            v = getattr(self, k)
            if v not in (None, ""):
                out[k] = v
        return out

    def chunks(self) -> Iterator[tuple[int, str]]:
        """``(offset, text)`` pieces whose offsets are character offsets into the whole report.

        Small reports give one piece. Large files are decoded incrementally and cut after the last
        blank line (paragraph break) in each block, so no place name is split in two; a decoding
        problem in the middle of the file raises :class:`InputError` naming the file and line.
        """
        if self.path is None:
            yield 0, self.text
            return
        yield from _file_chunks(self.path, self.file, self.block)


def read_reports(inputs: Iterable[str | os.PathLike], text_column: str = "text",
                 chunk_bytes: int | None = None) -> Iterator[Report]:
    """Yield the reports of every input, in order (see the module docstring).

    >>> list(read_reports([]))
    []
    """
    limit = CHUNK_BYTES if chunk_bytes is None else chunk_bytes
    for item in inputs:
        if is_std(item):
            yield _one_text("<stdin>", lambda: sys.stdin.buffer.read())
            continue
        path = Path(item)
        name = os.fspath(item)
        if not name:  # Path("") is "." : never read the current folder by accident
            yield Report(file=repr(name), error=f"{name!r}: empty file name")
            continue
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.txt") if p.is_file())
            if not files:
                yield Report(file=name, error=f"{name}: no .txt files in this folder")
            for p in files:
                yield _text_file(str(p), limit)
        elif path.suffix.lower() in TABLE_SUFFIXES and path.is_file():
            kind = TABLE_SUFFIXES[path.suffix.lower()]
            yield from (_csv_rows if kind == "csv" else _jsonl_rows)(name, text_column)
        else:
            yield _text_file(name, limit)


def count_inputs(inputs: Iterable[str | os.PathLike]) -> int | None:
    """How many reports :func:`read_reports` will yield, when cheap to know (no tables)."""
    n = 0
    for item in inputs:
        if is_std(item) or not os.fspath(item):
            n += 1
            continue
        p = Path(item)
        if p.is_dir():
            n += max(1, sum(1 for q in p.rglob("*.txt") if q.is_file()))
        elif p.suffix.lower() in TABLE_SUFFIXES:
            return None
        else:
            n += 1
    return n


# ------------------------------------------------------------------ plain text

def _one_text(name: str, read) -> Report:
    try:
        text = decode(read(), name)
    except InputError as err:
        return Report(file=name, error=str(err))
    except OSError as err:
        return Report(file=name, error=f"{name}: cannot read: {err.strerror or err}")
    if not text.strip():
        return Report(file=name, error=f"{name}: empty file, expected report text")
    return Report(file=name, text=text)


def _text_file(name: str, limit: int) -> Report:
    try:
        size = os.path.getsize(name)
    except FileNotFoundError:
        return Report(file=name, error=f"{name}: no such file")
    except OSError as err:
        return Report(file=name, error=f"{name}: cannot read: {err.strerror}")
    if size > limit:
        # Checked lazily while reading: binary head, empty file are known up front.
        try:
            with open(name, "rb") as f:
                head = f.read(8192)
        except OSError as err:
            return Report(file=name, error=f"{name}: cannot read: {err.strerror}")
        if b"\x00" in head:
            return Report(file=name, error=f"{name}: binary file, expected UTF-8 text")
        return Report(file=name, path=name, block=max(4096, min(limit, 1024 * 1024)))
    return _one_text(name, lambda: Path(name).read_bytes())


def _file_chunks(path: str, name: str, block: int = 1024 * 1024) -> Iterator[tuple[int, str]]:
    """Decode ``path`` incrementally; yield pieces ending at paragraph breaks."""
    dec = codecs.getincrementaldecoder("utf-8")("strict")
    offset, pending, lines, nbytes, first = 0, "", 1, 0, True
    with open(path, "rb") as f:
        while True:
            data = f.read(block)
            try:
                if first:
                    data = data.removeprefix(codecs.BOM_UTF8)
                    first = False
                if b"\x00" in data:
                    raise InputError("binary data, expected UTF-8 text", path=name, line=lines)
                text = dec.decode(data, final=not data)
            except UnicodeDecodeError as err:
                line = lines + pending.count("\n") + data[: err.start].count(b"\n")
                raise InputError(f"not valid UTF-8 (byte {nbytes + err.start})", path=name,
                                 line=line) from None
            nbytes += len(data)
            pending += text
            if not data:
                break
            cut = pending.rfind(_PARA)
            if cut >= 0:
                cut += len(_PARA)  # the piece ends with the blank line
            elif len(pending) > 4 * block:  # no paragraphs: cut after a line, else a space
                cut = pending.rfind("\n") + 1 or pending.rfind(" ") + 1 or len(pending)
            if cut > 0:
                piece, pending = pending[:cut], pending[cut:]
                yield offset, piece
                offset += len(piece)
                lines += piece.count("\n")
    if pending:
        yield offset, pending


# ------------------------------------------------------------------ tables

def _meta(row: dict) -> dict:
    return {k: (None if row.get(k) in (None, "") else str(row.get(k))) for k in META_COLUMNS}


def _open_text(name: str):
    try:
        raw = open(name, "rb")  # noqa: SIM115 - wrapped and closed by the caller
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=name) from None
    head = raw.peek(8192)[:8192] if hasattr(raw, "peek") else b""
    if b"\x00" in head:
        raw.close()
        raise InputError("binary file, expected UTF-8 text", path=name)
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def _csv_rows(name: str, column: str) -> Iterator[Report]:
    try:
        f = _open_text(name)
    except InputError as err:
        yield Report(file=name, error=str(err))
        return
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with f:
        reader = csv.DictReader(f)
        try:
            header = reader.fieldnames
        except UnicodeDecodeError:
            yield Report(file=name, error=f"{name}:1: not valid UTF-8")
            return
        except csv.Error as err:
            yield Report(file=name, error=f"{name}:1: not a CSV table ({err})")
            return
        if not header:
            yield Report(file=name, error=f"{name}: empty file, expected a CSV table")
            return
        if column not in header:
            cols = ", ".join(h for h in header if h) or "none"
            semi = len(header) == 1 and ";" in header[0]
            raise InputError(f"no {column!r} column (columns: {cols}); " + (
                "the file is separated by ';': save it as a comma-separated CSV" if semi
                else "choose it with --text-column"), path=name, line=1)
        if header.count(column) > 1:  # DictReader would silently keep the last one
            raise InputError(f"{header.count(column)} columns are called {column!r}; "
                             "rename all but one", path=name, line=1)
        line = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except UnicodeDecodeError:
                yield Report(file=name, line=reader.line_num + 1,
                             error=f"{name}:{reader.line_num + 1}: not valid UTF-8; "
                             "the rest of the file was skipped")
                return
            except csv.Error as err:
                yield Report(file=name, line=reader.line_num,
                             error=f"{name}:{reader.line_num}: bad CSV row ({err}); "
                             "the rest of the file was skipped")
                return
            line = reader.line_num
            yield _row_report(name, line, row.get(column), row)
        if not line:
            yield Report(file=name, error=f"{name}: no rows below the header")


def _jsonl_rows(name: str, column: str) -> Iterator[Report]:
    try:
        f = _open_text(name)
    except InputError as err:
        yield Report(file=name, error=str(err))
        return
    seen = errors = False
    with f:
        n = 0
        while True:
            n += 1
            try:
                raw = f.readline()
            except UnicodeDecodeError:
                yield Report(file=name, line=n, error=f"{name}:{n}: not valid UTF-8; "
                             "the rest of the file was skipped")
                return
            if not raw:
                break
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as err:
                errors = True
                yield Report(file=name, line=n, error=f"{name}:{n}: not JSON ({err.msg})")
                continue
            if not isinstance(row, dict):
                errors = True
                yield Report(file=name, line=n, error=f"{name}:{n}: expected a JSON object")
                continue
            if not seen and column not in row:
                raise InputError(f"no {column!r} field (fields: {', '.join(row) or 'none'}); "
                                 "choose it with --text-column", path=name, line=n)
            seen = True
            yield _row_report(name, n, row.get(column), row)
        if n == 1 or (not seen and not errors):
            yield Report(file=name, error=f"{name}: empty file, expected JSON lines")


def _row_report(name: str, line: int, text, row: dict) -> Report:
    meta = _meta(row)
    if text is None or (isinstance(text, str) and not text.strip()):
        return Report(file=name, line=line, error=f"{name}:{line}: empty text", **meta)
    if not isinstance(text, str):
        return Report(file=name, line=line, error=f"{name}:{line}: text is not a string",
                      **meta)
    return Report(file=name, line=line, text=text, **meta)
