"""``geo check``: is a point, a named place or every row of a file inside the M4 corridor?

Examples::

    geo check --lat 35.8137 --lon 36.6096
    geo check أريحا -f json
    geo check events.csv --lat-column latitude --lon-column longitude -f csv -o checked.csv
    geo check points.gpkg -f geojson -o checked.geojson
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import itertools
import math
import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from geo.cli.corridor import corridor_from_options, corridor_options
from geo.cli.options import format_option, gazetteer_extra_option, load_gazetteer, output_option
from geo.io import InputError

RESULT_COLUMNS = ("status", "in_corridor", "corridor_status", "side", "distance_m",
                  "along_km", "edge_m", "accuracy_m", "near_edge")
#: Candidates of a name within this score of the best are as likely: when their corridor
#: answers differ, `geo check NAME` lists them instead of picking one silently.
AMBIGUOUS_SCORE_GAP = 0.1
LAT_NAMES = ("lat", "latitude", "y")
LON_NAMES = ("lon", "lng", "long", "longitude", "x")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
VECTOR_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".kml", ".gpx", ".fgb", ".geojsonl")
BAD = ("invalid", "out_of_range", "swapped")
#: Input columns the text table shows first, to tell rows apart (ACLED's id, then names).
ID_COLUMNS = ("event_id_cnty", "id", "name", "name_en", "location", "name_ar")
WEAK_MATCH = 0.25  # resolver scores below this are guesses (its reason says "weak match")
_BAD_POINT = {"invalid": "not a number",
              "out_of_range": "out of range (|lat| <= 90, |lon| <= 180)",
              "swapped": "looks swapped (outside Syria; try --lat and --lon the other way)"}
_COORD = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*,\s*([-+]?\d+(?:\.\d+)?)\s*$")


def _round(rec: dict, res_row: dict) -> dict:
    from geo.answers import json_value

    for k in RESULT_COLUMNS:
        if k in res_row:
            rec[k] = json_value(k, res_row[k])
    return rec


class PointBlock:
    """A block of rows of a table of points, column by column: ``columns`` maps each name to
    its values (a list of plain Python values, or a pyarrow array), ``lines`` gives each row's
    line in the input. Records (one dict a row) are built only for outputs that need them.
    """

    def __init__(self, columns: dict[str, Any], lines: list[int]):
        self.columns = columns
        self.lines = lines

    @classmethod
    def from_records(cls, records: list[dict], lines: list[int] | None = None) -> PointBlock:
        names = list(dict.fromkeys(k for r in records for k in r))
        return cls({k: [r.get(k) for r in records] for k in names},
                   lines if lines is not None else list(range(1, len(records) + 1)))

    def __len__(self) -> int:
        return len(self.lines)

    def values(self, name: str):
        """A column as classify takes it: a float array for numbers, else a list."""
        col = self.columns.get(name)
        if col is None:
            return [None] * len(self)
        kind = getattr(col, "type", None)
        if kind is not None and kind.id in _numeric_type_ids():
            return col.to_numpy(zero_copy_only=False)
        return as_list(col)

    def records(self) -> list[dict]:
        names = list(self.columns)
        cols = [as_list(c) for c in self.columns.values()]
        return [dict(zip(names, row, strict=True)) for row in zip(*cols, strict=True)]


@functools.cache
def _numeric_type_ids() -> frozenset:
    """pyarrow's ids of the number types a typed CSV column has (pyarrow loaded on first use)."""
    import pyarrow as pa

    return frozenset(t.id for t in (pa.int64(), pa.float64()))


def as_list(values) -> list:
    """A column (a list, or a pyarrow array) as a list of plain Python values."""
    from geo.writers import as_list as listed

    return listed(values)


def answer_columns(res) -> dict[str, Any]:
    """The answer columns of :func:`geo.classify`'s frame as records carry them
    (:func:`geo.answers.json_value`: numbers rounded, null for a missing value), as pyarrow
    arrays."""
    import pyarrow as pa

    from geo.answers import DECIMALS

    out: dict[str, Any] = {}
    for k in RESULT_COLUMNS:
        if k not in res:
            continue
        col = res[k]
        if k in DECIMALS:
            out[k] = pa.array(round_like_python(col.to_numpy(float), DECIMALS[k]),
                              from_pandas=True)  # NaN: null
        elif col.dtype == bool:
            out[k] = pa.array(col.to_numpy())
        else:  # categorical text: null where missing
            out[k] = pa.array(col.to_numpy(object), type=pa.string(), from_pandas=True)
    return out


def round_like_python(x, digits: int):
    """``round(v, digits)`` for every value of a float array, exactly as Python rounds (to the
    nearest decimal, ties to even, on the value's exact binary expansion), vectorised: numpy's
    ``rint(x * 10**d) / 10**d`` agrees except where ``x * 10**d`` lies within rounding error
    of a tie, and those few values are rounded by Python.

    >>> import numpy as np
    >>> round_like_python(np.array([1.15, 2.675, 0.25, -3.05, np.nan]), 1).tolist()[:4]
    [1.1, 2.7, 0.2, -3.0]
    """
    import numpy as np

    scale = 10.0 ** digits
    y = x * scale
    out = np.rint(y) / scale
    with np.errstate(invalid="ignore"):
        frac = np.abs(y - np.trunc(y))
        near_tie = np.abs(frac - 0.5) <= 8 * np.finfo(float).eps * np.maximum(np.abs(y), 1.0)
    for i in np.flatnonzero(near_tie):
        out[i] = round(float(x[i]), digits)
    return out


def classify_block(block: PointBlock, lon_key: str, lat_key: str, corridor, label: str = "",
                   warn: bool = True) -> PointBlock:
    """Add the answer columns to a block (in place); warn on stderr about bad rows."""
    import numpy as np

    from geo.classification import classify, maybe_swapped

    lon, lat = block.values(lon_key), block.values(lat_key)
    res = classify(lon, lat, corridor)
    block.columns.update(answer_columns(res))
    if not warn:
        return block
    status = res["status"].to_numpy(object)
    where = block.lines
    for st, what in (("invalid", "missing or non-numeric coordinates"),
                     ("out_of_range", "coordinates out of range (|lat| > 90 or |lon| > 180)"),
                     ("swapped", "latitude and longitude swapped")):
        idx = np.flatnonzero(status == st)
        if idx.size:
            _warn(f"{idx.size} row(s) with {what}, kept with status {st!r}", label, where, idx)
    outside = np.flatnonzero(status == "outside_syria")
    if outside.size:
        sw = outside[maybe_swapped(np.asarray(lon, dtype=object)[outside],
                                   np.asarray(lat, dtype=object)[outside])]
        if sw.size:
            _warn(f"{sw.size} point(s) outside Syria would be inside it with latitude and "
                  "longitude swapped; check the columns", label, where, sw)
    return block


def classify_records(records: list[dict], lon_key: str, lat_key: str, corridor,
                     lines: list[int] | None = None, label: str = "",
                     warn: bool = True) -> list[dict]:
    """Add the classification columns to flat records; warn on stderr about bad rows."""
    block = classify_block(PointBlock.from_records(records, lines), lon_key, lat_key, corridor,
                           label, warn)
    answers = {k: as_list(block.columns[k]) for k in RESULT_COLUMNS if k in block.columns}
    for rec, row in zip(records, zip(*answers.values(), strict=True), strict=True):
        rec.update(zip(answers, row, strict=True))
    return records


def _place_answer(query: str, p, gazetteer, corridor) -> dict:
    """The answer for a gazetteer place: its extent for an area, its point otherwise."""
    from geo.answers import answer_places, json_value

    rec = {"query": query, "id": p.id, "name_en": p.name_en, "name_ar": p.name_ar,
           "kind": p.kind, "admin1": getattr(p, "admin1", None), "lat": p.lat, "lon": p.lon,
           "source": getattr(p, "source", None), "confidence": round(float(p.score), 3)}
    rec["status"] = "ok"
    ans = answer_places([p], corridor=corridor, gazetteer=gazetteer).iloc[0].to_dict()
    rec = _round(rec, ans)  # in_corridor stays null for an extent partly inside, a road
    for k in ("share_inside", "answer_basis"):
        rec[k] = json_value(k, ans.get(k))
    return rec


def _warn(message: str, label: str, where, idx) -> None:
    shown = ", ".join(str(where[i]) for i in idx[:8]) + (" …" if len(idx) > 8 else "")
    prefix = f"{label}: " if label else ""
    click.echo(f"Warning: {prefix}{message} (line {shown})" if label
               else f"Warning: {message}", err=True)


#: Rows read, classified and written at a time, so a file of any length runs in bounded memory.
BLOCK_ROWS = 50_000
#: Parse clean blocks whole with pyarrow (False: every row with the csv module, as a reference).
WHOLE_BLOCKS = True


def read_csv_points(path: str, lat_column: str | None, lon_column: str | None,
                    skipped: list[str], block: int | None = None):
    """``(lon_key, lat_key, blocks)`` of a CSV file (``-``: stdin); ``blocks`` yields a
    :class:`PointBlock` per ``block`` lines (:data:`BLOCK_ROWS`) or so, streaming, each column
    typed as :func:`geo.writers.typed_column` types it (numbers when all its cells in the block
    are).

    The header is read now (a problem with it is an :class:`InputError`); a row that cannot be
    read (not UTF-8, a bad CSV row, more or fewer fields than the header) is skipped with a
    warning naming its line, and its message is appended to ``skipped``.

    Blocks are parsed whole by the csv module (C); a block with anything unusual in it (a
    blank or bad row, bytes that are not UTF-8, a NUL) is read again row by row, so that each
    bad row costs only itself and is named by its line.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv

    from geo.io import PARSE_ERRORS, csv_header, iter_line_chunks, parse_error, pick_column
    from geo.writers import typed_column

    name = "<stdin>" if path == "-" else path
    chunks = iter_line_chunks(path, block or BLOCK_ROWS)
    head = None
    for first, lines in chunks:  # the header: the first row that is not blank
        for n, text in _split_rows(name, [(first, lines)]):
            if isinstance(text, InputError):
                raise text
            if text.strip():
                head = text
                rest = lines[n - first + text.count("\n") + 1:]
                chunks = itertools.chain([(n + text.count("\n") + 1, rest)], chunks)
                break
        if head is not None:
            break
    if head is None:
        raise InputError("empty file", path=name)
    delim, columns = csv_header(head, name)
    lat_key = pick_column(columns, lat_column, LAT_NAMES, "lat", name)
    lon_key = pick_column(columns, lon_column, LON_NAMES, "lon", name)
    for key in (lat_key, lon_key):
        if columns.count(key) > 1:  # a dict of the row would silently keep the last one
            raise InputError(f"{columns.count(key)} columns are called {key!r}; rename all "
                             "but one", path=name, line=1)
    # a repeated name keeps the first one's place and the last one's values, like a dict
    last = {c: i for i, c in enumerate(columns)}
    names = list(last)
    names.sort(key=columns.index)

    def skip(message: str) -> None:
        skipped.append(message)
        click.echo(f"Warning: {message}; row skipped", err=True)

    def slow(first: int, lines: list[bytes]):
        """Cells and line numbers of the rows of some lines, one row at a time."""
        cells_of, numbers = [], []
        for n, text in _split_rows(name, [(first, lines)]):
            if isinstance(text, InputError):
                skip(str(text))
                continue
            try:
                cells = next(csv.reader([text], delimiter=delim), [])
            except PARSE_ERRORS as err:
                skip(f"{name}:{n}: bad CSV row ({parse_error(err)})")
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(columns):  # "35,8,36,6": never read as lat 35, lon 8
                skip(f"{name}:{n}: {len(cells)} fields, the header has {len(columns)}")
                continue
            cells_of.append(cells)
            numbers.append(n)
        return cells_of, numbers

    def fast(first: int, lines: list[bytes]):
        """Columns (pyarrow string arrays) and line numbers of a chunk parsed whole by
        pyarrow's CSV reader; None when the chunk needs reading row by row: a NUL, a lone CR,
        a quote out of place, a quoted field over several lines, a bad or blank row, bytes
        that are not UTF-8 — whatever the csv module might read differently."""
        data = b"".join(lines)
        if b"\x00" in data or data.count(b"\r") != data.count(b"\r\n") or (
                b'"' in data and not _quotes_well_formed(data, delim.encode())):
            return None
        fields = [f"f{i}" for i in range(len(columns))]
        try:
            table = pa_csv.read_csv(
                pa.BufferReader(data),
                read_options=pa_csv.ReadOptions(column_names=fields, use_threads=False,
                                                block_size=len(data) + 1),
                parse_options=pa_csv.ParseOptions(delimiter=delim, newlines_in_values=False,
                                                  ignore_empty_lines=False),
                convert_options=pa_csv.ConvertOptions(
                    column_types=dict.fromkeys(fields, pa.string()), null_values=[],
                    strings_can_be_null=False, quoted_strings_can_be_null=False))
        except (pa.ArrowInvalid, pa.ArrowException):
            return None
        if table.num_rows != len(lines):
            return None
        return ([c.combine_chunks() for c in table.columns],
                list(range(first, first + table.num_rows)))

    def blocks():
        seen = False
        for first, lines in chunks:
            got = fast(first, lines) if WHOLE_BLOCKS else None
            if got is None:
                cells_of, numbers = slow(first, lines)
                if not numbers:
                    continue
                cols = [pa.array(c, type=pa.string()) for c in zip(*cells_of, strict=True)]
            else:
                cols, numbers = got
            blank = None
            for col in cols:  # rows of empty cells (",,,") are no rows
                empty = pc.equal(pc.utf8_trim_whitespace(col), "")
                blank = empty if blank is None else pc.and_(blank, empty)
                if not pc.any(blank).as_py():
                    break
            else:
                keep = pc.invert(blank)
                cols = [c.filter(keep) for c in cols]
                numbers = np.asarray(numbers)[keep.to_numpy(zero_copy_only=False)].tolist()
                if not numbers:
                    continue
            table = {k: cols[last[k]] for k in names}
            if delim == ";":  # a comma in a number of a ';' file is a decimal comma: 35,8 -> 35.8
                for key in (lat_key, lon_key):
                    v = table[key]
                    comma = pc.and_(pc.equal(pc.count_substring(v, ","), 1),
                                    pc.invert(pc.match_substring(v, ".")))
                    table[key] = pc.if_else(comma, pc.replace_substring(v, ",", "."), v)
            # "0" -> 0, "35.6" -> 35.6: a whole column of a block or nothing
            yield PointBlock({k: typed_column(v) for k, v in table.items()}, numbers)
            seen = True
        if not seen and not skipped:
            raise InputError("no data rows (only a header)", path=name)

    return lon_key, lat_key, blocks()


def _quotes_well_formed(data: bytes, delim: bytes) -> bool:
    """Whether every double quote of some CSV bytes opens a field, closes it, or is doubled
    inside it — the only quotes on which pyarrow's reader and the csv module surely agree.

    >>> _quotes_well_formed(b'a,"b, c",d\\n"x""y",1\\n', b","), _quotes_well_formed(b'a"b,c', b",")
    (True, False)
    """
    parts = data.split(b'"')
    if len(parts) % 2 == 0:
        return False
    ends = (delim, b"\n", b"\r")
    for i in range(0, len(parts), 2):  # the text outside quoted fields
        part = parts[i]
        if not part:
            continue  # the start, the end, or a doubled quote inside a field
        if i > 0 and part[:1] not in ends:  # a closing quote must end the field
            return False
        if i < len(parts) - 1 and part[-1:] not in (delim, b"\n"):  # an opening one start it
            return False
    return True


def _split_rows(name: str, chunks):
    """``(first_line, text | InputError)`` per CSV row of chunks of raw lines (a quoted field
    may span lines), as :func:`geo.io.iter_records` yields them."""
    from geo.io import decode_row

    parts: list[bytes] = []
    quotes = first = 0
    for start, lines in chunks:
        for n, b in enumerate(lines, start):
            if not parts:
                first = n
            parts.append(b)
            quotes += b.count(b'"')
            if quotes % 2:
                continue
            data = b"".join(parts)
            parts, quotes = [], 0
            yield first, decode_row(data, name, first)
    if parts:
        yield first, decode_row(b"".join(parts), name, first)


#: Formats ``geo check`` writes block by block as it reads (bounded memory).
STREAMED_FORMATS = ("text", "json", "jsonl", "csv", "geojson")


def write_blocks(blocks, fmt: str, output: str, lon_key: str, lat_key: str,
                 excel: bool = False) -> None:
    """Write :class:`PointBlock` blocks as they come, atomically; whatever columns the blocks
    carry are written (the input's, then the classification's). CSV is written column-wise,
    without a record per row."""
    from geo.io import atomic_output
    from geo.writers import (
        dumps,
        feature,
        write_csv,
        write_csv_arrow,
        write_csv_columns,
        write_jsonl,
    )

    with atomic_output(output) as out:
        if fmt == "text":  # for people: one aligned table, so all rows at once
            out.write(batch_text([r for b in blocks for r in b.records()], lat_key, lon_key))
            return
        out.write({"json": "[\n", "geojson": '{"type": "FeatureCollection", "features": [\n'}
                  .get(fmt, ""))
        columns, n = None, 0
        for block in blocks:
            if fmt == "csv":
                first = columns is None
                columns = columns or list(block.columns)
                cols = {k: block.columns.get(k, [None] * len(block)) for k in columns}
                if excel:  # spreadsheet-safe cells: the csv module, cell by cell
                    write_csv_columns(cols, out, header=first, excel=True)
                else:
                    write_csv_arrow(cols, out, header=first)
                continue
            rows = block.records()
            if fmt == "jsonl":
                write_jsonl(rows, out)
            elif fmt == "json":  # one object a line, like jsonl, inside one array
                buf = io.StringIO()
                write_jsonl(rows, buf)
                out.write(",\n" if n and rows else "")
                out.write(",\n".join(buf.getvalue().split("\n")[:-1]))
                n += len(rows)
            else:
                for r in rows:
                    out.write(",\n" if n else "")
                    n += 1
                    out.write(dumps(feature(
                        _number(r.get(lon_key)), _number(r.get(lat_key)),
                        {k: v for k, v in r.items() if k not in (lon_key, lat_key)})))
        if fmt == "csv" and columns is None:
            write_csv([], out, [], excel=excel)
        out.write({"json": "\n]\n", "geojson": "\n]}\n"}.get(fmt, ""))


def _number(value) -> float | None:
    """A finite coordinate for GeoJSON, else None (bad ones become null geometry)."""
    try:
        v = float(value) if value not in (None, "") and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None
    return v if v is not None and math.isfinite(v) else None


def read_vector_points(path: str):
    import warnings

    import pyogrio

    if os.path.isfile(path) and os.path.getsize(path) == 0:
        raise InputError("empty file", path=path)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            gdf = pyogrio.read_dataframe(path)
    except Exception as err:  # GDAL's errors vary: show one line
        msg = " ".join(str(err).split())
        if "not recognized as being in a supported file format" in msg:
            msg = "not a vector file GDAL can read (GeoJSON, GeoPackage with layers, Shapefile …)"
        raise InputError(f"cannot read: {msg[:200]}", path=path) from None
    for w in caught:  # GDAL/pyogrio notes (several layers …): one line each, no source lines
        note = " ".join(str(w.message).split())
        if note.startswith("More than one layer found"):
            layers = note.partition(": ")[2].partition(". Specify")[0]
            note = f"several layers ({layers}); only the first is checked"
        click.echo(f"Warning: {path}: {note}", err=True)
    if len(gdf) == 0:
        raise InputError("no features in the file", path=path)
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs("OGC:CRS84")
    kinds = set(gdf.geometry.geom_type.dropna())
    if kinds and not kinds <= {"Point"}:
        if kinds <= {"Point", "MultiPoint"} and (gdf.geometry.geom_type == "MultiPoint").any():
            raise InputError("MultiPoint features: give one point per feature", path=path)
        other = sorted(kinds - {"Point"})
        click.echo(f"Warning: {path}: {other} geometries are not points; those rows get "
                   "status 'invalid'", err=True)
    records = []
    for props, g in zip(gdf.drop(columns="geometry").to_dict("records"), gdf.geometry,
                        strict=True):
        is_pt = g is not None and not g.is_empty and g.geom_type == "Point"
        props = {k: (None if isinstance(v, float) and v != v else v) for k, v in props.items()}
        props["lon"] = float(g.x) if is_pt else None
        props["lat"] = float(g.y) if is_pt else None
        records.append(props)
    return records, list(range(1, len(records) + 1))


def single_text(rec: dict, corridor) -> str:
    """The answer for people: one sentence from the answer's own columns (never contradicting
    them), and the other likely places of an ambiguous name with their answers."""
    from geo.answers import describe

    name = rec.get("name_en") or rec.get("name_ar") or rec.get("query") or ""
    kind = f", {rec['kind']}" if rec.get("kind") else ""
    at = f"({rec['lat']}, {rec['lon']}{kind})"
    head = f"{name} {at}".strip()
    st = rec["status"]
    if st in BAD:
        return f"{head}: not classified — status {st}\n"
    lines = [f"{head}: {describe(rec, corridor)}"]
    if rec.get("answer_basis") not in (None, "point"):
        lines.append(f"  answer based on: {rec['answer_basis']}")
    if st in ("outside_syria", "outside_syria_bounds"):
        lines.append("  (the point lies outside Syria)")
    others = rec.get("ambiguous_with") or []
    if others:
        lines.append(f"  {rec.get('query')!r} is ambiguous: {len(others) + 1} places fit about "
                     "equally well and their answers differ:")
        for o in [rec, *others]:
            label = o.get("name_en") or o.get("name_ar")
            where = ", ".join(x for x in (o.get("kind"), o.get("admin1")) if x)
            lines.append(f"  - {label} ({where}; score {o.get('confidence', 0):.2f}): "
                         f"{describe(o, corridor)}")
    return "\n".join(lines) + "\n"


def batch_text(rows: list[dict], lat_key: str = "lat", lon_key: str = "lon") -> str:
    from geo.writers import text_table

    skip = {lat_key, lon_key, *RESULT_COLUMNS}
    keys = [k for k in ID_COLUMNS if rows and k in rows[0]][:2] or \
        [k for k in (rows[0] if rows else ()) if k not in skip][:1]  # tell the rows apart
    cols = [*keys, lat_key, lon_key, "status", "corridor_status", "side", "distance_m",
            "along_km", "edge_m", "near_edge"]
    return text_table([[r.get(c) for c in cols] for r in rows], cols)


@click.command("check")
@click.argument("target", required=False, metavar="[FILE|PLACE]")
@click.option("--lat", type=str, default=None, help="Latitude of one point (degrees).")
@click.option("--lon", type=str, default=None, help="Longitude of one point (degrees).")
@click.option("--lat-column", default=None, metavar="NAME",
              help="CSV column with latitudes [default: lat, latitude or y].")
@click.option("--lon-column", default=None, metavar="NAME",
              help="CSV column with longitudes [default: lon, lng, long, longitude or x].")
@corridor_options
@format_option("text", "json", "jsonl", "csv", "geojson", "gpkg", "parquet", default="text")
@click.option("--excel", is_flag=True, help="With -f csv: a CSV for spreadsheets (UTF-8 "
              "byte-order mark, formula-like cells prefixed with ').")
@output_option
@gazetteer_extra_option
def command(target, lat, lon, lat_column, lon_column, fmt, excel, output, gazetteer_extra,
            **opts) -> None:
    """Tell whether points lie in the M4 security corridor, on which side, how far from the
    road and where along it.

    One point (--lat/--lon), a place name resolved with the gazetteer (Arabic or Latin), or a
    FILE: CSV with lat/lon columns, or GeoJSON/GeoPackage points. Adds the columns status,
    in_corridor, side, distance_m, along_km (from Ain al-Havr), edge_m (positive inside) and
    near_edge (closer to the edge than the centerline's accuracy). Bad rows keep a status
    and a warning; they never stop the batch. Every input column is kept, and numbers read
    from a CSV stay numbers in JSON, GeoJSON, GeoPackage (layer "points", EPSG:4326) and
    GeoParquet.
    """
    from geo.io import atomic_output
    from geo.writers import write_json, write_records

    if excel and fmt != "csv":
        raise InputError("--excel is for CSV output (-f csv)")
    if (lat is None) != (lon is None):
        raise InputError("give both --lat and --lon")
    if lat is not None and target:
        raise InputError("give either --lat/--lon or a FILE/PLACE, not both")
    if lat is None and not target:
        raise InputError("nothing to check: give --lat/--lon, a place name or a FILE "
                         "('-' for a CSV on standard input)")
    corridor = corridor_from_options(gazetteer_extra=gazetteer_extra, **opts)

    single = True
    if lat is None and target and (m := _COORD.match(target)):  # "LAT,LON" as the argument
        lat, lon = m.group(1), m.group(2)
    if lat is not None:
        records = [{"lat": lat, "lon": lon}]
        rows = classify_records(records, "lon", "lat", corridor, warn=False)
        lon_key, lat_key = "lon", "lat"
        if rows[0]["status"] in BAD:  # one point given by hand: a usage error, not a row status
            hint = (" (write decimals with a dot: 35.8, not 35,8)"
                    if "," in f"{lat}{lon}" and rows[0]["status"] == "invalid" else "")
            raise InputError(f"latitude {lat}, longitude {lon}: "
                             f"{_BAD_POINT[rows[0]['status']]}{hint}")
        if rows[0]["status"] == "outside_syria":  # the one warning that still applies
            classify_records([{"lat": lat, "lon": lon}], "lon", "lat", corridor)
    elif target == "-" or os.path.exists(target) or Path(target).suffix.lower() in (
            CSV_SUFFIXES + VECTOR_SUFFIXES):
        single = False
        if target != "-" and not os.path.exists(target):
            raise InputError("no such file", path=target)
        if os.path.isdir(target):
            raise InputError("is a directory; give a CSV, GeoJSON or GeoPackage file",
                             path=target)
        label = "<stdin>" if target == "-" else target
        skipped: list[str] = []
        if target == "-" or Path(target).suffix.lower() in CSV_SUFFIXES:
            lon_key, lat_key, blocks = read_csv_points(target, lat_column, lon_column, skipped)
        else:
            records, lines = read_vector_points(target)
            lon_key, lat_key = "lon", "lat"
            blocks = (PointBlock.from_records(records[i:i + BLOCK_ROWS], lines[i:i + BLOCK_ROWS])
                      for i in range(0, len(records), BLOCK_ROWS))
        classified = (classify_block(b, lon_key, lat_key, corridor, label=label)
                      for b in blocks)
        first = next(classified, None)  # a file with no rows fails before any output
        answered = itertools.chain([first] if first is not None else [], classified)
        if fmt in STREAMED_FORMATS:
            write_blocks(answered, fmt, output, lon_key, lat_key, excel)
        else:  # GeoPackage, GeoParquet: written whole
            rows = [r for block in answered for r in block.records()]
            write_records(rows, fmt, output, lon=lon_key, lat=lat_key, layer="points")
        if skipped:
            click.echo(f"geo check: {len(skipped)} row(s) could not be read and were skipped",
                       err=True)
            sys.exit(1)
        return
    else:
        g = load_gazetteer(gazetteer_extra)
        found = g.resolve(target)
        if not found:
            hint = ("; for coordinates give LAT,LON with dots for decimals, e.g. 35.84,36.61"
                    if re.fullmatch(r"[\d\s,.;+-]+", target) else "")
            raise InputError(f"no place called {target!r} in the gazetteer{hint}")
        p = found[0]
        if p.score < WEAK_MATCH:  # a guess is no answer to "is it in the corridor?"
            raise InputError(f"no file and no place called {target!r} (closest name: "
                             f"{p.name_en or p.name_ar}, a weak match); check the spelling "
                             "with `geo resolve`")
        rows = [_place_answer(target, p, g, corridor)]
        # namesakes of the same sort (a village for a village): a bare town name is the town,
        # not the district named after it
        others = [q for q in found[1:] if q.score >= p.score - AMBIGUOUS_SCORE_GAP
                  and q.is_populated == p.is_populated]
        if others:
            answers = [_place_answer(target, q, g, corridor) for q in others]
            differ = [a for a in answers if (a["corridor_status"], a["side"])
                      != (rows[0]["corridor_status"], rows[0]["side"])]
            if differ:
                rows[0]["ambiguous_with"] = differ
        lon_key, lat_key = "lon", "lat"
    if single:
        rec = rows[0]
        for k in ("lat", "lon"):
            with contextlib.suppress(TypeError, ValueError):
                rec[k] = float(rec[k])
        if fmt == "json":
            with atomic_output(output) as out:
                write_json(rec, out)
            return
        if fmt == "text":
            with atomic_output(output) as out:
                out.write(single_text(rec, corridor))
            return
    write_records(rows, fmt, output, text=lambda rs: batch_text(rs, lat_key, lon_key),
                  lon=lon_key, lat=lat_key, excel=excel, layer="points")
