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
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geo.io import (
    PARSE_ERRORS,
    InputError,
    decode,
    is_std,
    is_temporary,
    iter_records,
    loads,
    parse_error,
)

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
            yield from _text_chunks(self.text, CHUNK_BYTES)  # stdin, table rows: in memory
            return
        yield from _file_chunks(self.path, self.file, self.block)


def read_reports(inputs: Iterable[str | os.PathLike], text_column: str = "text",
                 chunk_bytes: int | None = None,
                 exclude: str | os.PathLike | None = None) -> Iterator[Report]:
    """Yield the reports of every input, in order (see the module docstring).

    A folder's hidden and temporary files (``.NAME.part.txt``, being written) are never read,
    nor is ``exclude`` (the output file of this run, when it is written into the folder).

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
            files = _folder_files(path, exclude)
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
            n += max(1, len(_folder_files(p)))
        elif p.suffix.lower() in TABLE_SUFFIXES:
            return None
        else:
            n += 1
    return n


# ------------------------------------------------------------------ plain text

def _folder_files(folder: Path, exclude: str | os.PathLike | None = None) -> list[Path]:
    """The ``*.txt`` files below ``folder``, sorted; hidden, temporary and ``exclude`` left out."""
    skip = os.path.realpath(exclude) if exclude is not None and not is_std(exclude) else None
    return sorted(p for p in folder.rglob("*.txt")
                  if p.is_file() and not any(is_temporary(q) for q in p.relative_to(folder).parts)
                  and (skip is None or os.path.realpath(p) != skip))


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


def _text_chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """Pieces of an in-memory text of about ``size`` characters, cut as :func:`_file_chunks`
    cuts (after a blank line, else a line, else a space), so each is geoparsed on its own."""
    offset = 0
    while len(text) - offset > size:
        window = text[offset:offset + size]
        cut = window.rfind(_PARA)
        cut = cut + len(_PARA) if cut > 0 else (window.rfind("\n") + 1
                                                 or window.rfind(" ") + 1 or size)
        yield offset, window[:cut]
        offset += cut
    yield offset, text[offset:]


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


def _table_rows(name: str, quoted: bool) -> Iterator[tuple[int, str | InputError]]:
    """Rows of a table file, split and decoded one by one; a file-level problem is one error."""
    try:
        with open(name, "rb") as f:
            head = f.read(8192)
    except OSError as err:
        yield 0, InputError(f"cannot read: {err.strerror}", path=name)
        return
    if b"\x00" in head:
        yield 0, InputError("binary file, expected UTF-8 text", path=name)
        return
    yield from iter_records(name, quoted=quoted)


def _csv_rows(name: str, column: str) -> Iterator[Report]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    header: list[str] | None = None
    line = 0
    for n, text in _table_rows(name, quoted=True):
        if isinstance(text, InputError):
            if header is None:  # no header: nothing below it can be read
                yield Report(file=name, line=n or None, error=str(text))
                return
            yield Report(file=name, line=n, error=str(text))
            continue
        if not text.strip():
            continue
        try:
            cells = next(csv.reader([text]), [])
        except PARSE_ERRORS as err:
            if header is None:
                yield Report(file=name, error=f"{name}:{n}: not a CSV table ({parse_error(err)})")
                return
            yield Report(file=name, line=n, error=f"{name}:{n}: bad CSV row ({parse_error(err)})")
            continue
        if header is None:
            header = cells
            _check_header(name, header, column)
            continue
        if len(cells) != len(header):
            yield Report(file=name, line=n, error=f"{name}:{n}: {len(cells)} fields, the header "
                         f"has {len(header)}; the row was skipped")
            continue
        line = n
        row = dict(zip(header, cells, strict=True))
        yield _row_report(name, n, row.get(column), row)
    if header is None:
        yield Report(file=name, error=f"{name}: empty file, expected a CSV table")
    elif not line:
        yield Report(file=name, error=f"{name}: no rows below the header")


def _check_header(name: str, header: list[str], column: str) -> None:
    if column not in header:
        cols = ", ".join(h for h in header if h) or "none"
        semi = len(header) == 1 and ";" in header[0]
        raise InputError(f"no {column!r} column (columns: {cols}); " + (
            "the file is separated by ';': save it as a comma-separated CSV" if semi
            else "choose it with --text-column"), path=name, line=1)
    if header.count(column) > 1:  # a dict of the row would silently keep the last one
        raise InputError(f"{header.count(column)} columns are called {column!r}; "
                         "rename all but one", path=name, line=1)


def _jsonl_rows(name: str, column: str) -> Iterator[Report]:
    seen = errors = False
    rows = 0
    for n, raw in _table_rows(name, quoted=False):
        rows += 1
        if isinstance(raw, InputError):
            errors = True
            yield Report(file=name, line=n or None, error=str(raw))
            if not n:
                return
            continue
        if not raw.strip():
            continue
        try:
            row = loads(raw)
        except PARSE_ERRORS as err:
            errors = True
            yield Report(file=name, line=n, error=f"{name}:{n}: {parse_error(err)}")
            continue
        if not isinstance(row, dict):
            errors = True
            yield Report(file=name, line=n, error=f"{name}:{n}: expected a JSON object")
            continue
        if not seen and column not in row:
            raise InputError(f"no {column!r} field (fields: {', '.join(map(str, row)) or 'none'}"
                             "); choose it with --text-column", path=name, line=n)
        seen = True
        yield _row_report(name, n, row.get(column), row)
    if not rows or (not seen and not errors):
        yield Report(file=name, error=f"{name}: empty file, expected JSON lines")


def _row_report(name: str, line: int, text, row: dict) -> Report:
    meta = _meta(row)
    if text is None or (isinstance(text, str) and not text.strip()):
        return Report(file=name, line=line, error=f"{name}:{line}: empty text", **meta)
    if not isinstance(text, str):
        return Report(file=name, line=line, error=f"{name}:{line}: text is not a string",
                      **meta)
    return Report(file=name, line=line, text=text, **meta)
