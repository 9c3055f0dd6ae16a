"""Input and output conventions shared by every ``geo`` command and by the library.

* ``-`` (or ``None``) means standard input / standard output.
* Text is UTF-8 everywhere; JSON keeps Arabic as Arabic (``ensure_ascii=False``).
* Files are written atomically: to a temporary file in the same folder, flushed to disk, then
  renamed, so a failed, killed or interrupted run never leaves a half-written output behind
  (the temporary file is removed on an error, SIGTERM and SIGHUP). Special files (``/dev/null``,
  FIFOs) are written directly as streams; symlinks are written through.
* A user mistake raises :class:`InputError`, which the CLI prints as one line and exits 2.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import itertools
import json
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from gazetteer.errors import GazetteerError


class InputError(GazetteerError):
    """A problem with what the user gave us: a file, a line, a value.

    ``str(err)`` is one line, of the form ``FILE:LINE: what is wrong`` when a place is known.
    It is the gazetteer's :class:`~gazetteer.errors.GazetteerError`, so the CLI handles both
    the same way (one line on stderr, exit status 2).

    >>> str(InputError("no 'text' column", path="reports.csv", line=1))
    "reports.csv:1: no 'text' column"
    """


def is_std(path: str | os.PathLike | None) -> bool:
    return path is None or os.fspath(path) == "-"


def read_text(path: str | os.PathLike | None) -> str:
    """Read a whole UTF-8 text file (``-`` for stdin); a clear :class:`InputError` otherwise."""
    if is_std(path):
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        name = os.fspath(path)
        try:
            data = Path(name).read_bytes()
        except FileNotFoundError:
            raise InputError("no such file", path=name) from None
        except IsADirectoryError:
            raise InputError("is a directory, not a file", path=name) from None
        except OSError as err:
            raise InputError(f"cannot read: {err.strerror}", path=name) from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM); binary or other encodings are an :class:`InputError`."""
    if b"\x00" in data[:8192]:
        raise InputError("binary file, expected UTF-8 text", path=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte {err.start})", path=name, line=line) from None
    return text


def iter_lines(path: str | os.PathLike | None) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line)`` from a UTF-8 file or stdin, streaming, without newlines."""
    name = "<stdin>" if is_std(path) else os.fspath(path)
    if is_std(path):
        raw: IO[bytes] = sys.stdin.buffer
        close = False
    else:
        try:
            raw = open(name, "rb")  # noqa: SIM115 - closed below
        except OSError as err:
            raise InputError(err.strerror or "cannot open", path=name) from None
        close = True
    try:
        for n, b in enumerate(raw, 1):
            if n == 1:
                b = b.removeprefix(b"\xef\xbb\xbf")
            if b"\x00" in b:
                raise InputError("binary data, expected UTF-8 text", path=name, line=n)
            try:
                yield n, b.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                raise InputError("not valid UTF-8", path=name, line=n) from None
    finally:
        if close:
            raw.close()


def _open_input(path: str | os.PathLike | None) -> tuple[IO[bytes], str, bool]:
    if is_std(path):
        return sys.stdin.buffer, "<stdin>", False
    name = os.fspath(path)
    try:
        return open(name, "rb"), name, True
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=name) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=name) from None


def iter_records(path: str | os.PathLike | None, *, quoted: bool = False
                 ) -> Iterator[tuple[int, str | InputError]]:
    """Yield ``(first_line, text)`` per row of a UTF-8 file or stdin, streaming; a row that
    cannot be decoded yields ``(first_line, InputError)`` instead, and the next row goes on.

    Rows are split on the raw bytes, before decoding, so one bad row costs only itself and
    every row keeps its physical line number. With ``quoted`` (CSV), a newline inside double
    quotes does not end the row (a ``"`` byte never occurs inside a UTF-8 multi-byte
    character, so counting quotes is safe on undecodable rows). Line ends are stripped.

    >>> import tempfile
    >>> p = tempfile.mktemp()
    >>> _ = open(p, "wb").write(b'a,b\\n"x\\ny",1\\n\\xff,2\\nz,3\\n')
    >>> [(n, t if isinstance(t, str) else "error") for n, t in iter_records(p, quoted=True)]
    [(1, 'a,b'), (2, '"x\\ny",1'), (4, 'error'), (5, 'z,3')]
    """
    raw, name, close = _open_input(path)
    try:
        first, parts, quotes = 0, [], 0
        for n, b in enumerate(raw, 1):
            if n == 1:
                b = b.removeprefix(b"\xef\xbb\xbf")
            if not parts:
                first = n
            parts.append(b)
            if quoted:
                quotes += b.count(b'"')
                if quotes % 2:
                    continue  # a quoted field goes on on the next line
            data = b"".join(parts)
            parts, quotes = [], 0
            yield first, decode_row(data, name, first)
        if parts:  # an unclosed quote at the end of the file
            yield first, decode_row(b"".join(parts), name, first)
    finally:
        if close:
            raw.close()


def iter_line_chunks(path: str | os.PathLike | None, size: int
                     ) -> Iterator[tuple[int, list[bytes]]]:
    """Yield ``(first_line, lines)``: the raw lines (ends kept) of a file or stdin, about
    ``size`` at a time, streaming; a chunk never ends inside a double-quoted CSV field (it
    takes the lines up to the closing quote), so its rows can be parsed alone. A UTF-8
    byte-order mark at the start is dropped.

    >>> import tempfile
    >>> p = tempfile.mktemp()
    >>> _ = open(p, "wb").write(b'a,b\\n"x\\ny",1\\nz,3\\n')
    >>> list(iter_line_chunks(p, 2))
    [(1, [b'a,b\\n', b'"x\\n', b'y",1\\n']), (4, [b'z,3\\n'])]
    """
    raw, _, close = _open_input(path)
    try:
        first = 1
        while chunk := list(itertools.islice(raw, size)):
            if first == 1:
                chunk[0] = chunk[0].removeprefix(b"\xef\xbb\xbf")
            quotes = b"".join(chunk).count(b'"')
            while quotes % 2 and (more := raw.readline()):
                chunk.append(more)
                quotes += more.count(b'"')
            yield first, chunk
            first += len(chunk)
    finally:
        if close:
            raw.close()


def decode_row(data: bytes, name: str, line: int) -> str | InputError:
    """One row's bytes as text (line ends stripped), or the :class:`InputError` saying why not."""
    if b"\x00" in data:
        return InputError("binary data, expected UTF-8 text", path=name, line=line)
    try:
        return data.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as err:
        return InputError(f"not valid UTF-8 (byte {err.start} of the row)", path=name, line=line)


#: What malformed input can raise inside a parser, beyond its own error: nesting deeper than
#: the interpreter's stack, a CSV field over the limit, an object where a name belongs.
PARSE_ERRORS = (ValueError, RecursionError, csv.Error, TypeError, KeyError, IndexError,
                UnicodeError, OverflowError)


def parse_error(err: BaseException) -> str:
    """One line for any :data:`PARSE_ERRORS` error, without internals."""
    if isinstance(err, RecursionError):
        return "nested too deeply"
    if isinstance(err, json.JSONDecodeError):
        return f"not JSON ({err.msg})"
    if isinstance(err, UnicodeError):
        return "a lone surrogate (\\udXXX escape) is not text"
    return " ".join(str(err).split())[:160] or type(err).__name__


def loads(text: str) -> Any:
    """``json.loads`` whose strings are all encodable text (no lone ``\\ud800`` escapes).

    Raises one of :data:`PARSE_ERRORS`; wrap with :func:`parse_error` for the message.
    """
    obj = json.loads(text)
    if "\\u" in text and ("\\ud" in text.lower()):
        json.dumps(obj, ensure_ascii=False).encode("utf-8")  # UnicodeEncodeError on a lone one
    return obj


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike | None, mode: str = "w") -> Iterator[IO]:
    """Open ``path`` for writing so that it appears whole or not at all.

    ``-`` or ``None`` writes to stdout. A target that exists and is not a regular file (a
    character device such as ``/dev/null``, a FIFO, a socket) is written directly, as a stream.
    Otherwise the data goes to a temporary file beside the real target (a symlink is followed,
    and stays a symlink), which is flushed to disk and renamed over the target only when the
    block ends without an exception (see :func:`atomic_path`).

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> with atomic_output(os.path.join(d, "out.txt")) as f:
    ...     _ = f.write("سراقب\\n")
    >>> open(os.path.join(d, "out.txt"), encoding="utf-8").read()
    'سراقب\\n'
    """
    binary = "b" in mode
    kwargs = {} if binary else {"encoding": "utf-8", "newline": ""}
    with _write_errors(path):
        if is_std(path):
            stream = sys.stdout.buffer if binary else sys.stdout
            yield stream
            stream.flush()
            return
        if is_special(path):
            with _open_special(path, binary, kwargs) as f:
                yield f
            return
        with atomic_path(path) as tmp, open(tmp, "wb" if binary else "w", **kwargs) as f:
            yield f
            f.flush()


def is_special(path: str | os.PathLike) -> bool:
    """Whether ``path`` exists and is not a regular file nor a folder (device, FIFO, socket)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode))


def _open_special(path: str | os.PathLike, binary: bool, kwargs: dict) -> IO:
    try:
        return open(path, "wb" if binary else "w", **kwargs)
    except OSError as err:
        raise InputError(f"cannot write: {err.strerror}", path=os.fspath(path)) from None


#: errno values that mean "the output cannot be written" (disk full, quota, file too large).
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


@contextlib.contextmanager
def _write_errors(path: str | os.PathLike | None) -> Iterator[None]:
    """A full disk while writing the output is one line (``FILE: cannot write: …``)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as err:
        if err.errno not in _FULL:
            raise
        name = "<stdout>" if is_std(path) else os.fspath(path)
        raise InputError(f"cannot write: {err.strerror}", path=name) from None


#: Temporary files being written by this process, removed if SIGTERM or SIGHUP arrives.
_LIVE_TEMPS: set[str] = set()
_HANDLED: dict[int, Any] = {}


def _remove_temps_and_die(signum: int, frame: Any) -> None:
    for tmp in list(_LIVE_TEMPS):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _LIVE_TEMPS.clear()
    signal.signal(signum, _HANDLED.get(signum, signal.SIG_DFL))
    os.kill(os.getpid(), signum)  # die of the signal, as without us (exit status 128 + signum)


def _cleanup_on_signals() -> None:
    """Remove live temporary files on SIGTERM/SIGHUP (main thread, default handlers only)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is None or sig in _HANDLED:
            continue
        current = signal.getsignal(sig)
        if current in (signal.SIG_DFL, None):
            _HANDLED[sig] = current or signal.SIG_DFL
            signal.signal(sig, _remove_temps_and_die)


#: Marks the temporary files of :func:`atomic_path` (``.NAME.XXXX.part.EXT``); readers of
#: folders skip them, like every hidden file.
PART = ".part"


def is_temporary(path: str | os.PathLike) -> bool:
    """Whether ``path`` is hidden, as our temporary files are (never read as an input)."""
    return os.path.basename(os.fspath(path)).startswith(".")


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike,
                verify: Callable[[str], None] | None = None) -> Iterator[str]:
    """Like :func:`atomic_output`, for writers that want a file *name* (GDAL, folium).

    Yields a temporary path beside the target, with the same suffix. When the block ends
    without an exception, ``verify(tmp)`` (if given) checks what was written (it raises when
    the file is bad, e.g. GDAL ignored a full disk), the file is flushed to disk (fsync) and
    renamed over the target; otherwise it is removed. So is it if the process receives
    SIGTERM or SIGHUP meanwhile. A symlink target is written through (the link stays); a
    special target (``/dev/null``, a FIFO) receives the verified bytes as a stream. A new file
    gets the usual mode (``0o666`` less the umask), a replaced one keeps its mode.
    """
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    if target.is_dir():
        raise InputError("is a directory; give a file name", path=path)
    special = is_special(target)
    folder = target.parent if str(target.parent) else Path(".")
    if special:
        folder = Path(tempfile.gettempdir())
    if not folder.is_dir():
        raise InputError("folder does not exist", path=folder)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f"{PART}{target.suffix}",
                                   dir=folder)
    except OSError as err:  # read-only folder, /proc, no permission
        raise InputError(f"cannot write in this folder: {err.strerror}", path=folder) from None
    _cleanup_on_signals()
    _LIVE_TEMPS.add(tmp)
    os.close(fd)
    os.unlink(tmp)  # some GDAL drivers refuse to overwrite an existing file
    try:
        with _write_errors(path):
            yield tmp
            if not os.path.isfile(tmp):
                raise InputError("cannot write: nothing was written", path=path)
            if verify is not None:
                verify(tmp)
            if special:
                with open(tmp, "rb") as src, _open_special(target, True, {}) as dst:
                    shutil.copyfileobj(src, dst)
                return
            try:
                mode = stat.S_IMODE(os.stat(target).st_mode)
            except OSError:
                mode = _new_file_mode()
            os.chmod(tmp, mode)
            _fsync(tmp)
            try:
                os.replace(tmp, target)
            except OSError as err:  # e.g. the target is a read-only file on some systems
                raise InputError(f"cannot write: {err.strerror}", path=path) from None
            with contextlib.suppress(OSError):  # the rename itself survives a power cut
                _fsync(str(folder))
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _LIVE_TEMPS.discard(tmp)


def progress(iterable: Iterable, length: int | None = None, label: str = ""):
    """A progress bar on stderr when stderr is a terminal; otherwise the iterable unchanged."""
    if not sys.stderr.isatty():
        return contextlib.nullcontext(iterable)
    import click

    return click.progressbar(iterable, length=length, label=label, file=sys.stderr)


__all__ = [
    "InputError",
    "atomic_output",
    "atomic_path",
    "csv_header",
    "decode",
    "decode_row",
    "is_special",
    "is_std",
    "is_temporary",
    "iter_line_chunks",
    "iter_lines",
    "iter_records",
    "loads",
    "parse_error",
    "pick_column",
    "progress",
    "read_csv_table",
    "read_text",
]


def csv_header(head: str, name: str) -> tuple[str, list[str]]:
    """``(delimiter, columns)`` of a CSV header line: tab- or semicolon-separated (Excel in
    locales with decimal commas) when the header has more of those than commas.

    >>> csv_header("name;lat;lon", "f.csv")
    (';', ['name', 'lat', 'lon'])
    """
    delim = max(("\t", ";"), key=head.count)
    delim = delim if head.count(delim) > head.count(",") else ","
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        return delim, next(csv.reader([head], delimiter=delim))
    except PARSE_ERRORS as err:
        raise InputError(f"not a CSV header ({parse_error(err)})", path=name, line=1) from None


def pick_column(columns: list[str], wanted: str | None, names: tuple[str, ...], what: str,
                path: str, required: bool = True) -> str | None:
    """The column a command reads ``what`` from: ``wanted`` when given (an :class:`InputError`
    naming the columns when it is not there), else the first of ``names`` present (compared
    without case or surrounding spaces); when none is, an :class:`InputError` saying which
    ``--WHAT-column`` option names it, or None if not ``required``.

    >>> pick_column(["Event_ID", " Latitude "], None, ("lat", "latitude"), "lat", "f.csv")
    ' Latitude '
    """
    if wanted is not None:
        if wanted not in columns:
            raise InputError(f"no {wanted!r} column (columns: {', '.join(columns)})", path=path,
                             line=1)
        return wanted
    folded = {c.strip().casefold(): c for c in columns}
    found = next((folded[n] for n in names if n in folded), None)
    if found is None and required:
        raise InputError(f"no {what} column (looked for {', '.join(names)}; columns: "
                         f"{', '.join(columns)}); name it with --{what}-column", path=path,
                         line=1)
    return found


def read_csv_table(path: str | os.PathLike | None
                   ) -> tuple[list[str], Iterator[tuple[int, dict | InputError]]]:
    """``(columns, rows)`` of a CSV file (``-``: stdin): comma-, tab- or semicolon-separated
    (whichever the header uses most), UTF-8 with or without a BOM, streaming.

    The header is read now (an empty file or a bad header is an :class:`InputError`); ``rows``
    yields ``(line, record)`` per data row, or ``(line, InputError)`` for a row that cannot be
    read (not UTF-8, a bad CSV row, more or fewer fields than the header), so that a bad row
    costs only itself. Blank rows are skipped.

    >>> import tempfile
    >>> p = tempfile.mktemp(suffix=".csv")
    >>> _ = open(p, "w", encoding="utf-8").write("name;admin1\\nسراقب;Idleb\\nx;y;z\\n")
    >>> columns, rows = read_csv_table(p)
    >>> columns, [(n, r if isinstance(r, dict) else "error") for n, r in rows]
    (['name', 'admin1'], [(2, {'name': 'سراقب', 'admin1': 'Idleb'}), (3, 'error')])
    """
    name = "<stdin>" if is_std(path) else os.fspath(path)
    rows = iter_records(path, quoted=True)
    head = None
    for _, text in rows:
        if isinstance(text, InputError):
            raise text
        if text.strip():
            head = text
            break
    if head is None:
        raise InputError("empty file", path=name)
    delim, columns = csv_header(head, name)
    columns = [c.strip() for c in columns]

    def records() -> Iterator[tuple[int, dict | InputError]]:
        for n, text in rows:
            if isinstance(text, InputError):
                yield n, text
                continue
            try:
                cells = next(csv.reader([text], delimiter=delim), [])
            except PARSE_ERRORS as err:
                yield n, InputError(f"bad CSV row ({parse_error(err)})", path=name, line=n)
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(columns):
                yield n, InputError(f"{len(cells)} fields, the header has {len(columns)}",
                                    path=name, line=n)
                continue
            yield n, dict(zip(columns, cells, strict=True))

    return columns, records()
