"""Input and output conventions shared by every ``geo`` command and by the library.

* ``-`` (or ``None``) means standard input / standard output.
* Text is UTF-8 everywhere; JSON keeps Arabic as Arabic (``ensure_ascii=False``).
* Files are written atomically: to a temporary file in the same folder, then renamed, so a
  failed run never leaves a half-written output behind.
* A user mistake raises :class:`InputError`, which the CLI prints as one line and exits 2.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

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


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike | None, mode: str = "w") -> Iterator[IO]:
    """Open ``path`` for writing so that it appears whole or not at all.

    ``-`` or ``None`` writes to stdout. Otherwise the data goes to a temporary file beside
    ``path``, which replaces ``path`` only when the block ends without an exception.

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> with atomic_output(os.path.join(d, "out.txt")) as f:
    ...     _ = f.write("سراقب\\n")
    >>> open(os.path.join(d, "out.txt"), encoding="utf-8").read()
    'سراقب\\n'
    """
    binary = "b" in mode
    with _write_errors(path):
        if is_std(path):
            stream = sys.stdout.buffer if binary else sys.stdout
            yield stream
            stream.flush()
            return
        kwargs = {} if binary else {"encoding": "utf-8", "newline": ""}
        with atomic_path(path) as tmp, open(tmp, "wb" if binary else "w", **kwargs) as f:
            yield f


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


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[str]:
    """Like :func:`atomic_output`, for writers that want a file *name* (GDAL, folium).

    Yields a temporary path beside ``path``, with the same suffix, renamed over ``path`` when
    the block ends without an exception and removed otherwise.
    """
    target = Path(path)
    if target.is_dir():
        raise InputError("is a directory; give a file name", path=target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("folder does not exist", path=folder)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".part{target.suffix}",
                                   dir=folder)
    except OSError as err:  # read-only folder, /proc, no permission
        raise InputError(f"cannot write in this folder: {err.strerror}", path=folder) from None
    os.close(fd)
    os.unlink(tmp)  # some GDAL drivers refuse to overwrite an existing file
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        try:
            os.replace(tmp, target)
        except OSError as err:  # e.g. the target is a read-only file on some systems
            raise InputError(f"cannot write: {err.strerror}", path=target) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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
    "decode",
    "is_std",
    "iter_lines",
    "progress",
    "read_text",
]
