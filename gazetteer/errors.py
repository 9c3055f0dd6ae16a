"""Errors raised for bad user input (an extra CSV, an empty query …)."""

from __future__ import annotations

import os


class GazetteerError(ValueError):
    """One-line description of a user mistake, optionally with the file and line.

    >>> str(GazetteerError("lat out of range: 95", path="extra.csv", line=3))
    'extra.csv:3: lat out of range: 95'
    """

    def __init__(self, message: str, path: str | os.PathLike | None = None,
                 line: int | None = None):
        self.message, self.path, self.line = message, path, line
        where = "" if path is None else f"{os.fspath(path)}:" + ("" if line is None else f"{line}:")
        super().__init__(f"{where} {message}" if where else message)
