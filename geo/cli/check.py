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
import io
import math
import os
import re
from pathlib import Path

import click

from geo.cli.corridor import corridor_from_options, corridor_options
from geo.cli.options import format_option, gazetteer_extra_option, load_gazetteer, output_option
from geo.io import InputError

RESULT_COLUMNS = ("status", "in_corridor", "side", "distance_m", "along_km", "edge_m",
                  "near_edge")
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
    for k in RESULT_COLUMNS:
        v = res_row[k]
        if v is None or (isinstance(v, float) and v != v):
            v = None
        elif k in ("distance_m", "edge_m"):
            v = round(float(v), 1)
        elif k == "along_km":
            v = round(float(v), 3)
        elif k in ("in_corridor", "near_edge"):
            v = bool(v)
        rec[k] = v
    return rec


def classify_records(records: list[dict], lon_key: str, lat_key: str, corridor,
                     lines: list[int] | None = None, label: str = "",
                     warn: bool = True) -> list[dict]:
    """Add the classification columns to flat records; warn on stderr about bad rows."""
    import numpy as np

    from geo.classification import classify, maybe_swapped

    lon = [r.get(lon_key) for r in records]
    lat = [r.get(lat_key) for r in records]
    res = classify(lon, lat, corridor)
    out = []
    table = res.astype(object).where(res.notna(), None).to_dict("records")
    for rec, row in zip(records, table, strict=True):
        out.append(_round(rec, row))
    status = res["status"].astype(str).to_numpy()
    if not warn:
        return out
    where = lines if lines is not None else list(range(1, len(records) + 1))
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
    return out


def _warn(message: str, label: str, where, idx) -> None:
    shown = ", ".join(str(where[i]) for i in idx[:8]) + (" …" if len(idx) > 8 else "")
    prefix = f"{label}: " if label else ""
    click.echo(f"Warning: {prefix}{message} (line {shown})" if label
               else f"Warning: {message}", err=True)


def _pick(columns: list[str], wanted: str | None, names: tuple[str, ...], what: str,
          path: str) -> str:
    if wanted is not None:
        if wanted not in columns:
            raise InputError(f"no {wanted!r} column (columns: {', '.join(columns)})", path=path,
                             line=1)
        return wanted
    folded = {c.strip().casefold(): c for c in columns}
    for n in names:
        if n in folded:
            return folded[n]
    raise InputError(f"no {what} column (looked for {', '.join(names)}; columns: "
                     f"{', '.join(columns)}); name it with --{what}-column", path=path, line=1)


def read_csv_points(path: str, lat_column: str | None, lon_column: str | None):
    from geo.io import read_text

    text = read_text(path)
    name = "<stdin>" if path == "-" else path
    if not text.strip():
        raise InputError("empty file", path=name)
    sample = text[:4096]
    head = sample.splitlines()[0]
    # tab- or semicolon-separated (Excel in locales with decimal commas) when the header says so
    delim = max(("\t", ";"), key=head.count)
    delim = delim if head.count(delim) > head.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delim)
    columns = [c for c in (reader.fieldnames or []) if c is not None]
    lat_key = _pick(columns, lat_column, LAT_NAMES, "lat", name)
    lon_key = _pick(columns, lon_column, LON_NAMES, "lon", name)
    for key in (lat_key, lon_key):
        if columns.count(key) > 1:  # DictReader would silently keep the last one
            raise InputError(f"{columns.count(key)} columns are called {key!r}; rename all "
                             "but one", path=name, line=1)
    records, lines = [], []
    for rec in reader:
        rec.pop(None, None)
        if not any((v or "").strip() for v in rec.values()):
            continue
        if delim == ";":  # a comma in a number of a ';' file is a decimal comma: 35,8 -> 35.8
            for key in (lat_key, lon_key):
                v = rec.get(key)
                if isinstance(v, str) and v.count(",") == 1 and "." not in v:
                    rec[key] = v.replace(",", ".")
        lines.append(reader.line_num)
        records.append(rec)
    if not records:
        raise InputError("no data rows (only a header)", path=name)
    return records, lines, lon_key, lat_key


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
    name = rec.get("name_en") or rec.get("name_ar") or rec.get("query") or ""
    at = f"({rec['lat']}, {rec['lon']})"
    head = f"{name} {at}".strip()
    st = rec["status"]
    if st in BAD or st == "outside_syria_bounds":
        return f"{head}: not classified — status {st}\n"
    where = ("INSIDE the corridor, " + f"{rec['side']} band" if rec["in_corridor"]
             else "outside the corridor")
    acc = corridor.accuracy_m
    lines = [
        f"{head}: {where}",
        f"  {rec['distance_m'] / 1000:.2f} km from the road, {rec['along_km']:.2f} km along the "
        f"section from {next(iter(corridor.endpoints))}",
        f"  {abs(rec['edge_m']) / 1000:.2f} km {'inside' if rec['edge_m'] >= 0 else 'outside'} "
        "the corridor's edge" + (f" — within the centerline's ~{acc / 1000:g} km accuracy: "
                                 "uncertain" if rec["near_edge"] else ""),
    ]
    if st == "outside_syria":
        lines.append("  (the point lies outside Syria)")
    return "\n".join(lines) + "\n"


def batch_text(rows: list[dict], lat_key: str = "lat", lon_key: str = "lon") -> str:
    from geo.writers import text_table

    skip = {lat_key, lon_key, *RESULT_COLUMNS}
    keys = [k for k in ID_COLUMNS if rows and k in rows[0]][:2] or \
        [k for k in (rows[0] if rows else ()) if k not in skip][:1]  # tell the rows apart
    cols = [*keys, lat_key, lon_key, "status", "in_corridor", "side", "distance_m", "along_km",
            "edge_m", "near_edge"]
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
    from geo.writers import typed, write_json, write_records

    if excel and fmt != "csv":
        raise InputError("--excel is for CSV output (-f csv)")
    if (lat is None) != (lon is None):
        raise InputError("give both --lat and --lon")
    if lat is not None and target:
        raise InputError("give either --lat/--lon or a FILE/PLACE, not both")
    if lat is None and not target:
        raise InputError("nothing to check: give --lat/--lon, a place name or a FILE "
                         "('-' for a CSV on standard input)")
    corridor = corridor_from_options(**opts)

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
        if target == "-" or Path(target).suffix.lower() in CSV_SUFFIXES:
            records, lines, lon_key, lat_key = read_csv_points(target, lat_column, lon_column)
            typed(records)  # "0" -> 0, "35.6" -> 35.6: a whole column or nothing
        else:
            records, lines = read_vector_points(target)
            lon_key, lat_key = "lon", "lat"
        rows = classify_records(records, lon_key, lat_key, corridor, lines,
                                label="<stdin>" if target == "-" else target)
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
        records = [{"query": target, "id": p.id, "name_en": p.name_en, "name_ar": p.name_ar,
                    "kind": p.kind, "admin1": getattr(p, "admin1", None), "lat": p.lat,
                    "lon": p.lon, "source": getattr(p, "source", None),
                    "confidence": getattr(p, "score", None)}]
        rows = classify_records(records, "lon", "lat", corridor)
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
    elif fmt == "geojson":
        for r in rows:  # numeric coordinates for GeoJSON; bad ones become null
            for k in (lon_key, lat_key):
                try:
                    r[k] = float(r[k]) if r[k] not in (None, "") else None
                except (TypeError, ValueError):
                    r[k] = None
                if r[k] is not None and not math.isfinite(r[k]):  # nan, inf, 1e400
                    r[k] = None
    write_records(rows, fmt, output, text=lambda rs: batch_text(rs, lat_key, lon_key),
                  lon=lon_key, lat=lat_key, excel=excel, layer="points")
