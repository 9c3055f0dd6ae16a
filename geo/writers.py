"""Output writers: one registry, format name -> writer class (as geopy maps names to geocoders).

Every ``geo`` command writes through :func:`write`, so a new format is added here, once::

    @register("fgb")
    class FlatGeobufWriter(FrameWriter): ...

A writer takes *records* (a list of flat mappings, points from their ``lon``/``lat`` fields)
or a (Geo)DataFrame, and writes it atomically (:mod:`geo.io`) to a path (``-``: stdout).

========  ===========================================================================
text      an aligned table for people (or the command's own ``text`` callable)
json      one JSON array (Arabic kept as Arabic, NaN -> null)
jsonl     one JSON object per line
csv       a header and one row per record; ``excel=True``: UTF-8 with a byte-order mark,
          and cells that would start a formula (``= + - @``, tab, CR) prefixed with ``'``
geojson   a FeatureCollection, one feature per line
gpkg      a GeoPackage, one layer per geometry type, CRS EPSG:4326
parquet   GeoParquet (pyarrow), CRS EPSG:4326
kml       KML for Google Earth: styled placemarks, names in English and Arabic
========  ===========================================================================

>>> import io, contextlib
>>> buf = io.StringIO()
>>> with contextlib.redirect_stdout(buf):
...     write([{"name": "=cmd", "lat": 35.8, "lon": 36.6}], "csv", "-", excel=True)
>>> buf.getvalue().splitlines()
['\\ufeffname,lat,lon', "'=cmd,35.8,36.6"]
>>> sorted(WRITERS)
['csv', 'geojson', 'gpkg', 'json', 'jsonl', 'kml', 'parquet', 'text']
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

from geo.io import InputError, atomic_output, atomic_path, is_std

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: Format name -> writer class. Fill it with :func:`register`.
WRITERS: dict[str, type[Writer]] = {}


def register(name: str) -> Callable[[type[Writer]], type[Writer]]:
    """Class decorator: make a writer available as format ``name``."""
    def deco(cls: type[Writer]) -> type[Writer]:
        cls.name = name
        WRITERS[name] = cls
        return cls
    return deco


def get_writer(fmt: str) -> Writer:
    """The writer of format ``fmt``; an :class:`InputError` naming the choices otherwise."""
    try:
        return WRITERS[fmt]()
    except KeyError:
        raise InputError(f"unknown format {fmt!r}; choose from {', '.join(sorted(WRITERS))}"
                         ) from None


def write(data: Any, fmt: str, path: str | os.PathLike | None, **options: Any) -> None:
    """Write ``data`` (records or a frame) as ``fmt`` to ``path``; see the module docstring."""
    get_writer(fmt).write(data, path, **options)


def formats_for(path: str | os.PathLike) -> str | None:
    """The format a file name's extension asks for (``events.gpkg`` -> ``gpkg``), or None."""
    ext = os.path.splitext(os.fspath(path))[1].lower().lstrip(".")
    ext = {"ndjson": "jsonl", "geoparquet": "parquet"}.get(ext, ext)
    return ext if ext in WRITERS and ext != "text" else None


# ---------------------------------------------------------------- values

def _clean(value: Any) -> Any:
    """JSON-safe value: NaN and ±inf -> None (JSON has neither), numpy scalars -> Python."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        with contextlib.suppress(ValueError, AttributeError):
            value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if type(value).__name__ in ("NaTType", "NAType"):  # pandas' missing dates and values
        return None
    if hasattr(value, "isoformat") and not isinstance(value, (str, float, int)):
        return value.isoformat()  # datetime, date, pandas Timestamp (KML, GPKG columns)
    return value


def _default(value: Any) -> Any:
    """``json.dumps`` fallback: a clean value, else its text (never "circular reference")."""
    if isinstance(value, Mapping):
        return dict(value)
    clean = _clean(value)
    return str(value) if clean is value else clean


def _deep_clean(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {k: _deep_clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_deep_clean(v) for v in obj]
    return _clean(obj)


def dumps(obj: Any) -> str:
    """One-line JSON, Arabic kept as is; NaN and ±inf written as null.

    >>> dumps({"a": (1, float("nan")), "b": "حلب"})
    '{"a": [1, null], "b": "حلب"}'
    """
    try:  # most objects are plain: no copy (non-JSON values go through _default)
        return json.dumps(obj, ensure_ascii=False, default=_default, allow_nan=False)
    except ValueError:  # a NaN or an infinity somewhere: clean the whole object
        return json.dumps(_deep_clean(obj), ensure_ascii=False, default=_default,
                          allow_nan=False)


_NUMBER = re.compile(r"^[-+]?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$")


def _fits_int64(v: int) -> bool:
    """Whether an integer fits 64 bits: no writer stores a larger one as a number."""
    return -(2 ** 63) <= v < 2 ** 63


def typed(records: Sequence[dict], skip: Iterable[str] = ()) -> list[dict]:
    """Records read from text (CSV) with each all-numeric column as numbers, in place.

    A column is converted only when every non-empty value is a plain number; ``007`` (an id
    with leading zeros), or an integer past 64 bits, keeps the whole column as text.

    >>> typed([{"id": "007", "lat": "35.8", "n": "3"}, {"id": "8", "lat": "", "n": "4"}])
    [{'id': '007', 'lat': 35.8, 'n': 3}, {'id': '8', 'lat': None, 'n': 4}]
    """
    skip = set(skip)
    keys = [k for k in dict.fromkeys(k for r in records for k in r) if k not in skip]
    for k in keys:
        values = [r.get(k) for r in records]
        text = [v for v in values if isinstance(v, str) and v.strip()]
        if not text or any(not isinstance(v, str) for v in values if v is not None) \
                or not all(_NUMBER.match(v.strip()) for v in text):
            continue
        as_int = all(re.fullmatch(r"[-+]?\d+", v.strip()) for v in text)
        if as_int and not all(_fits_int64(int(v)) for v in text):
            continue  # no writer stores an integer past 64 bits as a number: kept as written
        for r in records:
            v = r.get(k)
            if isinstance(v, str):
                v = v.strip()
                r[k] = (int(v) if as_int else float(v)) if v else None
    return list(records)


_INTEGER = r"^[-+]?\d+$"


def typed_column(cells: Any) -> Any:
    """One column of text cells (a CSV column) converted as :func:`typed` converts it: ints or
    floats (null for empty cells) when every non-empty cell is a plain number, else the cells
    unchanged; a number too large for a float (``1e999``) is null, as every writer writes it.
    Vectorised: takes and returns a pyarrow array (a list of strings is taken too).

    >>> [typed_column(c).to_pylist() for c in (["35.8", " ", "1e3"], ["7", "+8"], ["007", "8"])]
    [[35.8, None, 1000.0], [7, 8], ['007', '8']]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    cells = cells if isinstance(cells, pa.Array) else pa.array(cells, type=pa.string())
    for first in cells[:8].to_pylist():  # a column of text shows it at once, usually
        if first and first.strip() and not _NUMBER.match(first.strip()):
            return cells
    arr = pc.utf8_trim_whitespace(cells)
    empty = pc.equal(arr, "")
    if len(arr) == 0 or pc.all(empty).as_py() or not pc.all(pc.or_(
            pc.match_substring_regex(arr, _NUMBER.pattern), empty)).as_py():
        return cells
    as_int = pc.all(pc.or_(pc.match_substring_regex(arr, _INTEGER), empty)).as_py()
    values = pc.if_else(empty, pa.scalar(None, pa.string()), arr)
    try:
        numbers = pc.cast(values, pa.int64() if as_int else pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # past int64, or a parse quirk
        convert = int if as_int else float
        out = [convert(v) if v else None for v in values.to_pylist()]
        if as_int and not all(_fits_int64(v) for v in out if v is not None):
            return cells  # an integer past 64 bits: kept as written, as typed() keeps it
        return pa.array([None if isinstance(v, float) and not math.isfinite(v) else v
                         for v in out], type=pa.int64() if as_int else pa.float64())
    if not as_int and not pc.all(pc.is_finite(numbers)).as_py():  # 1e999: no number
        numbers = pc.if_else(pc.is_finite(numbers), numbers, pa.scalar(None, pa.float64()))
    return numbers


def as_list(values: Any) -> list:
    """A column (pyarrow or numpy array, or a list) as a list of plain Python values."""
    if isinstance(values, list):
        return values
    return values.to_pylist() if hasattr(values, "to_pylist") else list(values)


def write_csv_columns(columns: Mapping[str, Sequence[Any]], out: IO[str], *,
                      excel: bool = False, header: bool = True) -> None:
    """CSV from columns of plain values (str, int, finite float, bool or None), cell for cell
    what :func:`write_csv` writes for the same records: the csv module formats each cell.
    """
    if excel and header:
        out.write("\ufeff")
    w = csv.writer(out, lineterminator="\n")
    if header:
        w.writerow([spreadsheet_safe(c) if excel else c for c in columns])
    cols = [as_list(v) for v in columns.values()]
    if excel:
        cols = [[spreadsheet_safe(v) for v in values] if any(isinstance(v, str) for v in values)
                else values for values in cols]
    w.writerows(zip(*cols, strict=True))


def csv_text(values: Any) -> Any:
    """The CSV cells of one column (a pyarrow array: text, integers, floats or flags) as a
    string array, each exactly as the csv module writes the Python value (:func:`write_csv`):
    ``repr`` of a float, ``True``/``False``, quotes only around text with a comma, a quote or a
    newline, an empty cell for null. Vectorised (pyarrow); the rare float that Python
    writes with an exponent is formatted by Python.

    >>> import pyarrow as pa
    >>> csv_text(pa.array([35.8, 2.0, None, 1e-05, -0.0])).to_pylist()
    ['35.8', '2.0', '', '1e-05', '-0.0']
    >>> csv_text(pa.array(['a,b', 'x"y', 'plain', None])).to_pylist()
    ['"a,b"', '"x""y"', 'plain', '']
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = values.type
    if pa.types.is_boolean(kind):
        text = pc.if_else(values, "True", "False")
    elif pa.types.is_integer(kind):
        text = pc.cast(values, pa.string())
    elif pa.types.is_floating(kind):
        text = pc.cast(values, pa.string())
        text = pc.if_else(pc.equal(pc.floor(values), values),  # 2.0 is "2" to arrow
                          pc.binary_join_element_wise(text, ".0", ""), text)
        size = pc.abs(values)
        # Python writes an exponent below 1e-4 and from 1e16; arrow's shortest form may use one
        # elsewhere: both rare for coordinates and metres, so Python formats those cells
        odd = pc.or_(pc.match_substring(text, "e"), pc.and_(
            pc.greater(size, 0.0), pc.or_(pc.less(size, 1e-4), pc.greater_equal(size, 1e16))))
        odd = pc.or_(pc.fill_null(odd, False), pc.fill_null(pc.invert(pc.is_finite(values)),
                                                            False))
        if pc.any(odd).as_py():
            cells = text.to_pylist()
            floats = values.to_pylist()
            for i in np.flatnonzero(odd.to_numpy(zero_copy_only=False)):
                v = floats[i]
                cells[i] = repr(v) if v is not None and math.isfinite(v) else ""
            text = pa.array(cells, type=pa.string())
    else:
        text = pc.cast(values, pa.string())
        quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
        special = pc.or_(pc.or_(pc.match_substring(text, ","), pc.match_substring(text, '"')),
                         pc.match_substring(text, "\n"))
        text = pc.if_else(special, quoted, text)
    return pc.fill_null(text, "")


def write_csv_arrow(columns: Mapping[str, Any], out: IO[str], *, header: bool = True) -> None:
    """The rows of pyarrow columns as CSV, exactly as :func:`write_csv` writes their values
    (:func:`csv_text` per column), rendered and joined in pyarrow without a Python step per
    row or cell."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if header:
        csv.writer(out, lineterminator="\n").writerow(list(columns))
    cells = [csv_text(v if isinstance(v, pa.Array) else pa.array(as_list(v)))
             for v in columns.values()]
    if not cells or len(cells[0]) == 0:
        return
    # each row's cells joined by commas, then a newline after each row
    rows = pc.binary_join_element_wise(pc.binary_join_element_wise(*cells, ","), "", "\n")
    import numpy as np

    bounds = np.frombuffer(rows.buffers()[1], dtype=np.int32)[rows.offset:rows.offset + len(rows)
                                                              + 1]
    data = rows.buffers()[2].slice(int(bounds[0]), int(bounds[-1] - bounds[0])).to_pybytes()
    if hasattr(out, "buffer"):  # a text file: its bytes, after what the text layer holds
        out.flush()
        out.buffer.write(data)
    else:
        out.write(data.decode("utf-8"))


# ---------------------------------------------------------------- table shapes

def _is_frame(data: Any) -> bool:
    return hasattr(data, "columns") and hasattr(data, "iloc")


def _geometry_name(data: Any) -> str | None:
    with contextlib.suppress(AttributeError, ValueError):
        return data.geometry.name
    return None


def as_records(data: Any) -> list[dict]:
    """Flat records (no geometry column) from records or a (Geo)DataFrame; missing -> None."""
    if not _is_frame(data):
        return [dict(r) for r in data]
    geom = _geometry_name(data)
    df = data.drop(columns=[geom]) if geom else data
    df = df.astype(object).where(df.notna(), None)
    return df.to_dict("records")


def as_frame(data: Any, lon: str = "lon", lat: str = "lat") -> gpd.GeoDataFrame:
    """A GeoDataFrame in EPSG:4326: a frame as is, records as points from ``lon``/``lat``."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    if _is_frame(data) and _geometry_name(data):
        gdf = data.copy()
    else:
        df = pd.DataFrame(as_records(data) if not _is_frame(data) else data)
        if lon in df.columns and lat in df.columns:
            x = pd.to_numeric(df[lon], errors="coerce").to_numpy(float)
            y = pd.to_numeric(df[lat], errors="coerce").to_numpy(float)
            ok = np.isfinite(x) & np.isfinite(y)
            geom = gpd.GeoSeries.from_xy(x, y).where(ok, None)
        else:
            geom = gpd.GeoSeries([None] * len(df))
        gdf = gpd.GeoDataFrame(df, geometry=geom.to_numpy(), crs="EPSG:4326")
    return _epsg4326(gdf)


def _epsg4326(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Label lon/lat data EPSG:4326 (GeoPandas keeps x = lon for OGC:CRS84 and EPSG:4326
    alike, so only the label changes); reproject anything else."""
    from pyproj import CRS

    if gdf.crs is None or CRS(gdf.crs).equals(CRS("OGC:CRS84"), ignore_axis_order=True):
        return gdf.set_crs("EPSG:4326", allow_override=True)
    return gdf if gdf.crs.to_epsg() == 4326 else gdf.to_crs("EPSG:4326")


def _storable(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Columns GDAL and Arrow can store: lists/dicts as JSON text, mixed objects as text,
    numbers kept as numbers (a column of numeric strings from a CSV becomes numeric)."""
    import pandas as pd

    gdf = gdf.copy()
    geom = _geometry_name(gdf)
    for c in gdf.columns:
        if c == geom or gdf[c].dtype != object:
            continue
        values = [v for v in gdf[c] if v is not None and not (isinstance(v, float) and v != v)]
        kinds = {type(v) for v in values}
        if kinds and kinds <= {bool}:
            gdf[c] = gdf[c].astype("boolean")
        elif kinds and kinds <= {int, float} and bool not in kinds:
            gdf[c] = pd.to_numeric(gdf[c], errors="coerce")
        elif kinds:
            gdf[c] = [None if v is None or (isinstance(v, float) and v != v)
                      else (dumps(v) if isinstance(v, (list, dict, tuple)) else
                            str(_clean(v))) for v in gdf[c]]
    return gdf


# ---------------------------------------------------------------- writers

class Writer:
    """A format. Subclasses implement :meth:`write` (records or frame in, a file out)."""

    name: str = ""
    #: True when the format cannot go to standard output (GDAL writes files).
    needs_file: bool = False

    def write(self, data: Any, path: str | os.PathLike | None, **options: Any) -> None:
        raise NotImplementedError

    def _file(self, path: str | os.PathLike | None) -> str:
        if is_std(path):
            raise InputError(f"--format {self.name} needs a file name: -o FILE")
        return os.fspath(path)


class RecordWriter(Writer):
    """Writers of flat records to a text stream."""

    def write(self, data: Any, path: str | os.PathLike | None, *,
              columns: Sequence[str] | None = None, **options: Any) -> None:
        rows = as_records(data)
        if _is_frame(data) and columns is None:
            geom = _geometry_name(data)
            columns = [c for c in data.columns if c != geom]
        with atomic_output(path) as out:
            self.write_rows(rows, out, columns=columns, data=data, **options)

    def write_rows(self, rows: list[dict], out: IO[str], **options: Any) -> None:
        raise NotImplementedError


@register("text")
class TextWriter(RecordWriter):
    def write_rows(self, rows, out, *, columns=None, text=None, **_):
        if text is not None:
            out.write(text(rows))
            return
        cols = list(columns or dict.fromkeys(k for r in rows for k in r))
        out.write(text_table([[r.get(c) for c in cols] for r in rows], cols))


@register("json")
class JsonWriter(RecordWriter):
    def write_rows(self, rows, out, *, columns=None, **_):
        write_json([_pick(r, columns) for r in rows], out)


@register("jsonl")
class JsonlWriter(RecordWriter):
    def write_rows(self, rows, out, *, columns=None, **_):
        write_jsonl((_pick(r, columns) for r in rows), out)


@register("csv")
class CsvWriter(RecordWriter):
    def write_rows(self, rows, out, *, columns=None, excel=False, **_):
        write_csv(rows, out, columns, excel=excel)


@register("geojson")
class GeoJsonWriter(RecordWriter):
    """Points from ``lon``/``lat`` for records; a frame's own geometries otherwise."""

    def write_rows(self, rows, out, *, columns=None, data=None, lon="lon", lat="lat",
                   metadata=None, name=None, **_):
        geom = _geometry_name(data) if _is_frame(data) else None
        extra = {k: v for k, v in (("name", name), ("metadata", metadata)) if v is not None}
        if geom:
            import shapely

            geoms = [None if g is None or g.is_empty else json.loads(shapely.to_geojson(g))
                     for g in data[geom]]
            feats = ({"type": "Feature", "geometry": g,
                      "properties": _deep_clean(_pick(r, columns))}
                     for r, g in zip(rows, geoms, strict=True))
        else:
            feats = (feature(r.get(lon), r.get(lat),
                             {k: v for k, v in _pick(r, columns).items() if k not in (lon, lat)})
                     for r in rows)
        write_geojson(feats, out, **extra)


def _pick(row: Mapping[str, Any], columns: Sequence[str] | None) -> dict:
    return dict(row) if columns is None else {c: row.get(c) for c in columns}


class FrameWriter(Writer):
    """Writers of a GeoDataFrame to a file (records become points from ``lon``/``lat``)."""

    needs_file = True

    def write(self, data: Any, path: str | os.PathLike | None, *,
              columns: Sequence[str] | None = None, lon: str = "lon", lat: str = "lat",
              **options: Any) -> None:
        name = self._file(path)
        gdf = as_frame(data, lon=lon, lat=lat)
        if columns is not None:
            gdf = gdf[[c for c in columns if c in gdf.columns] + [gdf.geometry.name]]
        with atomic_path(name, verify=lambda p: self._verify(p, len(gdf), name)) as tmp:
            try:
                self.write_frame(_storable(gdf), tmp, target=name, **options)
            except (OSError, InputError):
                raise  # a full disk: one line from atomic_path
            except Exception as err:  # pyogrio/GDAL/pyarrow errors (FeatureError on a full disk)
                raise InputError(f"cannot write: {_one_line(err)}", path=name) from None

    def write_frame(self, gdf: gpd.GeoDataFrame, path: str, **options: Any) -> None:
        raise NotImplementedError

    def count(self, path: str) -> int:
        """Features in a written file, read back with the reader its users use."""
        import pyogrio

        return sum(pyogrio.read_info(path, layer=name, force_feature_count=True)["features"]
                   for name, _ in pyogrio.list_layers(path))

    def _verify(self, path: str, features: int, shown: str) -> None:
        """Read the file back before the rename: a library can report success on a full disk
        (a truncated KML)."""
        import warnings

        try:
            with warnings.catch_warnings():  # the writer's notes were shown already
                warnings.simplefilter("ignore")
                n = self.count(path)
        except Exception as err:  # unreadable: truncated XML, a broken GeoPackage
            why = _one_line(err).replace(path, shown)
            raise InputError(f"cannot write: the written file does not read back ({why}); "
                             "is the disk full?", path=shown) from None
        if n != features:
            raise InputError(f"cannot write: {n} of {features} features were written; "
                             "is the disk full?", path=shown)


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())[:200] or type(err).__name__


#: geometry type -> its family, and the default layer name of each family.
_FAMILY = {"Point": "points", "MultiPoint": "points", "LineString": "lines",
           "MultiLineString": "lines", "Polygon": "polygons", "MultiPolygon": "polygons"}
_SINGLE = {"points": "Point", "lines": "LineString", "polygons": "Polygon"}


@register("gpkg")
class GeoPackageWriter(FrameWriter):
    """One layer per geometry type (QGIS, shapefile export and ``to_epsg()`` all work).

    ``layers`` maps a family (``points``, ``lines``, ``polygons``) to a layer name; rows
    without a geometry go with the points (or alone in layer ``layer``). GDAL's notes go to
    ``on_note`` (one line each), else to :func:`warnings.warn`.
    """

    def write_frame(self, gdf, path, *, layer: str | None = None,
                    layers: Mapping[str, str] | None = None, target: str = "",
                    on_note: Callable[[str], None] | None = None, **_):
        import warnings

        family = gdf.geometry.geom_type.map(_FAMILY)
        present = [f for f in ("polygons", "lines", "points") if (family == f).any()]
        if not present:
            family = family.fillna("points")
            present = ["points"]
        else:
            family = family.fillna("points" if "points" in present else present[0])
        names = dict(layers or {})
        if len(present) == 1 and layer:
            names.setdefault(present[0], layer)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for fam in present:
                part = gdf[(family == fam).to_numpy()]
                empty = [c for c in part.columns if c != part.geometry.name
                         and part[c].isna().all() and gdf[c].notna().any()]
                part = part.drop(columns=empty)  # another layer's columns (area_km2 …)
                multi = bool(part.geom_type.str.startswith("Multi").any())
                part.to_file(path, driver="GPKG", engine="pyogrio", layer=names.get(fam, fam),
                             promote_to_multi=multi,
                             geometry_type=("Multi" if multi else "") + _SINGLE[fam])
        notes = dict.fromkeys(" ".join(str(w.message).split()).replace(
            os.path.basename(path), os.path.basename(target) or path) for w in caught)
        for note in notes:  # GDAL's ("extension should be 'gpkg'"): once, naming the target
            if "non conformant file extension" in note:  # the same note, from the 2nd layer
                continue
            if on_note is not None:
                on_note(f"{target or path}: {note}")
            else:
                warnings.warn(f"{target or path}: {note}", UserWarning, stacklevel=4)


@register("parquet")
class ParquetWriter(FrameWriter):
    """GeoParquet (pyarrow): the fastest read for pandas and Arrow users."""

    def write_frame(self, gdf, path, **_):
        try:
            import pyarrow  # noqa: F401
        except ImportError:  # pragma: no cover - pyarrow is a dependency
            raise InputError("--format parquet needs pyarrow: pip install pyarrow") from None
        gdf.to_parquet(path, index=False)

    def count(self, path: str) -> int:
        import pyarrow.parquet as pq

        return pq.read_metadata(path).num_rows


@register("kml")
class KmlWriter(FrameWriter):
    """KML for Google Earth: a shared style per ``style`` key, names in English and Arabic.

    Written with the standard library's ElementTree rather than GDAL: GDAL's KML driver writes
    no styles or fills, and LIBKML (which can, through OGR style strings) is an optional
    driver of GDAL builds. ElementTree escapes every piece of report text.

    Options: ``styles`` (key -> :class:`KmlStyle`), ``style_of`` (row -> key), ``document``
    (the Document's name), ``description`` (the Document's description). A row's
    ``description`` column, when present, is its placemark's description; every other column
    goes into its ExtendedData. All text is escaped by the XML library.
    """

    def count(self, path: str) -> int:
        import xml.etree.ElementTree as ET

        return sum(1 for el in ET.parse(path).iter() if el.tag.endswith("Placemark"))

    def write_frame(self, gdf, path, *, styles: Mapping[str, KmlStyle] | None = None,
                    style_of: Callable[[Mapping[str, Any]], str | None] | None = None,
                    document: str = "geo", description: str | None = None, **_):
        import xml.etree.ElementTree as ET

        ET.register_namespace("", KML_NS)
        q = f"{{{KML_NS}}}"
        root = ET.Element(q + "kml")
        doc = ET.SubElement(root, q + "Document")
        ET.SubElement(doc, q + "name").text = document
        if description:
            ET.SubElement(doc, q + "description").text = description
        for key, st in (styles or {}).items():
            st.element(doc, key)
        geom = gdf.geometry.name
        for row, g in zip(as_records(gdf), gdf[geom], strict=True):
            pm = ET.SubElement(doc, q + "Placemark")
            ET.SubElement(pm, q + "name").text = bilingual_name(row)
            if row.get("description"):
                ET.SubElement(pm, q + "description").text = str(row["description"])
            key = style_of(row) if style_of else None
            if key:
                ET.SubElement(pm, q + "styleUrl").text = f"#{key}"
            ext = ET.SubElement(pm, q + "ExtendedData")
            for k, v in row.items():
                v = _clean(v)
                if k == "description" or v is None:
                    continue
                d = ET.SubElement(ext, q + "Data", name=str(k))
                ET.SubElement(d, q + "value").text = dumps(v) if isinstance(v, (list, dict)) \
                    else str(v)
            if g is not None and not g.is_empty:
                _kml_geometry(pm, g, q)
        ET.indent(root)
        ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)


KML_NS = "http://www.opengis.net/kml/2.2"


class KmlStyle:
    """Line colour and width, fill colour (``#rrggbb`` and opacity), icon colour of points."""

    def __init__(self, line: str, width: float = 2.0, fill: str | None = None,
                 fill_opacity: float = 0.35, icon: str | None = None) -> None:
        self.line, self.width, self.fill = line, width, fill
        self.fill_opacity, self.icon = fill_opacity, icon

    def element(self, parent: Any, key: str) -> Any:
        import xml.etree.ElementTree as ET

        from geo.style import kml_colour

        q = f"{{{KML_NS}}}"
        st = ET.SubElement(parent, q + "Style", id=key)
        if self.icon:
            ic = ET.SubElement(st, q + "IconStyle")
            ET.SubElement(ic, q + "color").text = kml_colour(self.icon)
        ls = ET.SubElement(st, q + "LineStyle")
        ET.SubElement(ls, q + "color").text = kml_colour(self.line)
        ET.SubElement(ls, q + "width").text = f"{self.width:g}"
        ps = ET.SubElement(st, q + "PolyStyle")
        ET.SubElement(ps, q + "color").text = kml_colour(self.fill or self.line,
                                                        self.fill_opacity if self.fill else 0)
        ET.SubElement(ps, q + "fill").text = "1" if self.fill else "0"
        ET.SubElement(ps, q + "outline").text = "1"
        return st


def bilingual_name(row: Mapping[str, Any]) -> str:
    """``English · العربية`` from a row's English (``location``, ``name_en``, ``name``) and
    Arabic (``name_ar``) names; whichever exists.

    >>> bilingual_name({"name_en": "Saraqib", "name_ar": "سراقب"})
    'Saraqib · سراقب'
    """
    en = next((str(row[k]) for k in ("location", "name_en", "name") if row.get(k)), "")
    ar = str(row.get("name_ar") or "")
    return " · ".join(x for x in (en, ar) if x) or "–"


def _kml_geometry(parent: Any, g: Any, q: str) -> None:
    import xml.etree.ElementTree as ET

    def coords(seq) -> str:
        return " ".join(f"{x:.6f},{y:.6f}" for x, y, *_ in seq)

    kind = g.geom_type
    if kind.startswith("Multi") or kind == "GeometryCollection":
        multi = ET.SubElement(parent, q + "MultiGeometry")
        for part in g.geoms:
            _kml_geometry(multi, part, q)
    elif kind == "Point":
        ET.SubElement(ET.SubElement(parent, q + "Point"), q + "coordinates").text = \
            f"{g.x:.6f},{g.y:.6f}"
    elif kind in ("LineString", "LinearRing"):
        ls = ET.SubElement(parent, q + "LineString")
        ET.SubElement(ls, q + "tessellate").text = "1"
        ET.SubElement(ls, q + "coordinates").text = coords(g.coords)
    elif kind == "Polygon":
        poly = ET.SubElement(parent, q + "Polygon")
        ET.SubElement(poly, q + "tessellate").text = "1"
        for tag, rings in (("outerBoundaryIs", [g.exterior]), ("innerBoundaryIs", g.interiors)):
            for ring in rings:
                lr = ET.SubElement(ET.SubElement(poly, q + tag), q + "LinearRing")
                ET.SubElement(lr, q + "coordinates").text = coords(ring.coords)


# ---------------------------------------------------------------- stream helpers

def write_json(obj: Any, out: IO[str], indent: int | None = 2) -> None:
    out.write(json.dumps(_deep_clean(obj), ensure_ascii=False, indent=indent, allow_nan=False,
                         default=_default))
    out.write("\n")


def write_jsonl(rows: Iterable[Any], out: IO[str]) -> None:
    for row in rows:
        out.write(dumps(row))
        out.write("\n")


#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A cell a spreadsheet shows as text: ``'`` before a would-be formula; numbers as is.

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("-12.5"), spreadsheet_safe(-3)
    ("'=HYPERLINK(1)", '-12.5', -3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def write_csv(rows: Sequence[Mapping[str, Any]], out: IO[str],
              columns: Sequence[str] | None = None, *, excel: bool = False,
              header: bool = True) -> None:
    """CSV with a header (unless ``header`` is false: a later block of the same table); nested
    values (lists, dicts) are written as JSON.

    ``excel``: a UTF-8 byte-order mark first (Excel on Windows then reads Arabic right) and
    :func:`spreadsheet_safe` cells.
    """
    if columns is None:
        columns = list(dict.fromkeys(k for row in rows for k in row))
    if excel and header:
        out.write("\ufeff")
    safe = spreadsheet_safe if excel else (lambda v: v)
    w = csv.writer(out, lineterminator="\n")
    if header:
        w.writerow([safe(c) for c in columns])
    for row in rows:
        w.writerow(csv_cells(row, columns, safe))


def csv_cells(row: Mapping[str, Any], columns: Sequence[str],
              safe: Callable[[Any], Any] = lambda v: v) -> list:
    cells = []
    for c in columns:
        v = _clean(row.get(c))
        if isinstance(v, (list, dict)):
            v = dumps(v)
        cells.append("" if v is None else safe(v))
    return cells


def feature(lon: float | None, lat: float | None, properties: Mapping[str, Any]) -> dict:
    lon, lat = _clean(lon), _clean(lat)  # NaN / inf: no geometry
    if isinstance(lon, str) or isinstance(lat, str):
        try:
            lon, lat = float(lon), float(lat)
        except (TypeError, ValueError):
            lon = lat = None
        if lon is not None and not (math.isfinite(lon) and math.isfinite(lat)):
            lon = lat = None
    geom = None if lon is None or lat is None else {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "geometry": geom, "properties": _deep_clean(dict(properties))}


def write_geojson(features: Iterable[Mapping[str, Any]], out: IO[str], **extra: Any) -> None:
    """A FeatureCollection, one feature per line so large outputs stay diff- and grep-able."""
    out.write('{"type": "FeatureCollection",')
    for k, v in extra.items():
        out.write(f" {json.dumps(k)}: {dumps(v)},")
    out.write(' "features": [\n')
    for i, f in enumerate(features):
        out.write(",\n" if i else "")
        out.write(dumps(f))
    out.write("\n]}\n")


def text_table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> str:
    """A plain aligned table for people; cells are stringified, ``None`` shown as ``–``."""
    cells = [[("–" if c is None else str(c)) for c in r] for r in [header, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def write_records(rows: Any, fmt: str, path: str | os.PathLike | None, **options: Any) -> None:
    """Alias of :func:`write` for record-shaped data (kept for library users)."""
    write(rows, fmt, path, **options)


__all__ = [
    "FORMULA_START",
    "KML_NS",
    "WRITERS",
    "CsvWriter",
    "FrameWriter",
    "GeoJsonWriter",
    "GeoPackageWriter",
    "JsonWriter",
    "JsonlWriter",
    "KmlStyle",
    "KmlWriter",
    "ParquetWriter",
    "RecordWriter",
    "TextWriter",
    "Writer",
    "as_frame",
    "as_list",
    "as_records",
    "bilingual_name",
    "csv_cells",
    "csv_text",
    "dumps",
    "feature",
    "formats_for",
    "get_writer",
    "register",
    "spreadsheet_safe",
    "text_table",
    "typed",
    "typed_column",
    "write",
    "write_csv",
    "write_csv_arrow",
    "write_csv_columns",
    "write_geojson",
    "write_json",
    "write_jsonl",
    "write_records",
]
