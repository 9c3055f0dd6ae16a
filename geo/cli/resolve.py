"""``geo resolve``: place names (Arabic or Latin) to coordinates, offline."""

from __future__ import annotations

import sys

import click

from geo.cli.options import format_option, gazetteer_extra_option, load_gazetteer, output_option
from geo.io import InputError, atomic_output, iter_records
from geo.writers import text_table, write_json, write_jsonl

#: Formats of one row per name (the input's columns and the place's): for --table, and for
#: names given as arguments or on stdin with one of these formats.
TABLE_FORMATS = ("csv", "geojson", "gpkg", "parquet", "kml")
#: Column names ``--table`` looks for when --name-column / --governorate-column are not given.
NAME_COLUMNS = ("location", "name", "name_ar", "place", "query", "village", "town", "الموقع",
                "المكان", "الاسم")
GOVERNORATE_COLUMNS = ("admin1", "governorate", "muhafaza", "province", "المحافظة", "محافظة")


def _near(value: str | None) -> tuple[float, float] | None:
    if value is None:
        return None
    try:
        lat, lon = (float(x) for x in value.replace(" ", "").split(","))
    except ValueError:
        raise click.BadParameter("expected LAT,LON, e.g. 35.86,36.80",
                                 param_hint="--near") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise click.BadParameter(f"{lat},{lon} is not a latitude,longitude", param_hint="--near")
    if not _in_syria(lat, lon) and _in_syria(lon, lat):  # "--near 36.80,35.86": no match at all
        click.echo(f"Warning: --near {value} is outside Syria; with latitude and longitude "
                   f"swapped it would be inside (give LAT,LON: --near {lon:g},{lat:g})", err=True)
    return lat, lon


def _in_syria(lat: float, lon: float) -> bool:
    """Inside Syria's bundled outline (to word a warning about swapped coordinates)."""
    import shapely

    from geo.corridor import syria_outline

    return bool(shapely.contains_xy(syria_outline(), lon, lat))


def _queries(names: tuple[str, ...]) -> tuple[list[str | InputError], bool]:
    """The queries in order (an :class:`InputError` for a stdin line that cannot be read), and
    whether this is batch mode (stdin or several names)."""
    if not names and sys.stdin.isatty():
        raise click.UsageError("give one or more NAMEs, or '-' to read names from stdin")
    out: list[str | InputError] = []
    for n in names or ("-",):
        if n == "-":
            out.extend(line for _, line in iter_records("-"))
        else:
            out.append(n)
    return out, not names or len(out) > 1 or "-" in names


def _text(results: list[tuple[str, list]]) -> str:
    chunks = []
    for query, places in results:
        if isinstance(query, InputError):
            chunks.append(f"({query})\n")
            continue
        if not query.strip():
            chunks.append("(empty query skipped)\n")
            continue
        if not places:
            chunks.append(f"{query}: no match\n")
            continue
        rows = [[i, p.name_ar, p.name_en, p.kind, p.admin1, p.admin2, f"{p.lat:.5f}",
                 f"{p.lon:.5f}", f"{p.score:.2f}", p.id] for i, p in enumerate(places, 1)]
        table = text_table(rows, ["#", "name_ar", "name_en", "kind", "admin1", "admin2", "lat",
                                  "lon", "score", "id"])
        chunks.append(f"{query}\n{table}  why #1: {places[0].reason}\n")
    return "\n".join(chunks)


def _record(query: str | InputError, places: list) -> dict:
    if isinstance(query, InputError):  # one line per input line, even an unreadable one
        return {"query": None, "line": query.line, "error": str(query), "candidates": []}
    return {"query": query, "candidates": [p.to_dict() for p in places]}


@click.command(name="resolve")
@click.argument("names", nargs=-1)
@click.option("-k", "--limit", default=5, show_default=True, type=click.IntRange(1, 100),
              help="Candidates per name.")
@click.option("--near", metavar="LAT,LON", help="Keep candidates within --radius-km of this point "
              "(closer ones rank higher).")
@click.option("--radius-km", default=25.0, show_default=True, type=click.FloatRange(min=0.0),
              help="Radius for --near.")
@click.option("--governorate", metavar="NAME", help="Keep candidates in this governorate "
              "(Arabic or English, e.g. إدلب or Idlib).")
@click.option("--table", "table", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True),
              help="A CSV with a name per row (an incident list): writes the table with each "
              "row's place added (default -f csv).")
@click.option("--name-column", metavar="COLUMN", help="The --table column with the names "
              f"(default: the first of {', '.join(NAME_COLUMNS[:6])} …).")
@click.option("--governorate-column", metavar="COLUMN", help="The --table column with each "
              "row's governorate, Arabic or English (ACLED/OCHA spellings too); default: "
              f"{', '.join(GOVERNORATE_COLUMNS[:3])} if present.")
@click.option("--excel", is_flag=True, help="With -f csv: a CSV for spreadsheets (BOM, formulas "
              "neutralised).")
@format_option("text", "json", "jsonl", *TABLE_FORMATS, default="text")
@gazetteer_extra_option
@output_option
@click.pass_context
def command(ctx, names, limit, near, radius_km, governorate, table, name_column,
            governorate_column, excel, fmt, gazetteer_extra, output):
    """Resolve place NAMEs (Arabic or Latin) to ranked gazetteer candidates.

    With '-' (or no NAME and piped input) reads one name per line from stdin. --format jsonl
    prints exactly one line per query, in order: {"query": ..., "candidates": [...]} (an empty
    list when nothing matches).

    \b
    Examples:
      geo resolve سراقب "Maarat al-Numan" "محافظة إدلب"
      geo resolve "عين الحور" --governorate Latakia
      geo resolve الدانا --near 35.70,36.68 --radius-km 10
      cut -d, -f1 names.csv | geo resolve --format jsonl - > resolved.jsonl
      geo resolve --table incidents.csv -o incidents_placed.csv
      geo resolve --table acled.csv --name-column location --governorate-column admin1 \
          -f gpkg -o placed.gpkg
    """
    if table is not None and names:
        raise click.UsageError("give NAMEs or --table FILE, not both")
    g = load_gazetteer(gazetteer_extra)
    if governorate and g.governorate_name(governorate) is None:
        raise InputError(f"unknown governorate {governorate!r}")
    point = _near(near)
    if radius_km != radius_km:  # FloatRange lets "nan" through; it would silently match nothing
        raise click.BadParameter("nan is not a distance", param_hint="'--radius-km'")
    near_filter = (point[0], point[1], radius_km) if point else None
    if table is not None or fmt in TABLE_FORMATS:
        if ctx.get_parameter_source("fmt") is click.core.ParameterSource.DEFAULT:
            from geo.writers import formats_for

            fmt = formats_for(output) if output != "-" and formats_for(output) else "csv"
        _resolve_table(g, table, names, name_column, governorate_column or None, governorate,
                       near_filter, fmt, excel, output)
        return
    if excel:
        raise InputError("--excel is for CSV output (-f csv)")
    queries, batch = _queries(names)
    ctx = {"near": near_filter, "governorate": governorate}
    results = [(q, g.resolve(q, limit=limit, **ctx) if isinstance(q, str) and q.strip() else [])
               for q in queries]
    bad = [q for q in queries if isinstance(q, InputError)]
    for err in bad:
        click.echo(f"geo resolve: {err}; line skipped", err=True)
    with atomic_output(output) as out:
        if fmt == "jsonl":
            write_jsonl((_record(q, ps) for q, ps in results), out)
        elif fmt == "json":
            write_json([_record(q, ps) for q, ps in results], out)
        else:
            out.write(_text(results))
    if bad:
        click.echo(f"geo resolve: {len(bad)} line(s) could not be read", err=True)
        sys.exit(1)
    if not batch and fmt == "text" and results and not results[0][1]:
        q = results[0][0]
        if not q.strip():
            msg = "empty name"
        else:  # look-alikes are suggestions, never answers
            from gazetteer.resolve import did_you_mean

            msg = did_you_mean(q, g.suggest(q, limit=3))
        click.echo(f"geo resolve: {msg}", err=True)
        sys.exit(1)


def _resolve_table(g, table: str | None, names: tuple[str, ...], name_column: str | None,
                   governorate_column: str | None, governorate: str | None,
                   near: tuple[float, float, float] | None, fmt: str, excel: bool,
                   output: str) -> None:
    """``--table``: every row of a CSV (or the NAMEs, as a one-column table) with its place."""
    from gazetteer.name_table import LAT, LON, RowStatus, resolve_rows, result_columns
    from geo.io import pick_column, progress, read_csv_table
    from geo.writers import write

    if table is not None:
        label = "<stdin>" if table == "-" else table
        columns, rows = read_csv_table(table)
        name_key = pick_column(columns, name_column, NAME_COLUMNS, "name", label)
        gov_key = pick_column(columns, governorate_column, GOVERNORATE_COLUMNS, "governorate",
                              label, required=False)
    else:
        label, columns, name_key, gov_key = "<names>", ["query"], "query", None
        queries, _ = _queries(names)
        rows = ((n, {"query": q} if isinstance(q, str) else q) for n, q in enumerate(queries, 1))
    if governorate and gov_key:
        raise click.UsageError("--governorate applies to every row; the table has a "
                               f"governorate column {gov_key!r} (use one or the other)")
    bad: list[str] = []
    good: list[dict] = []
    lines: list[int] = []
    for n, rec in rows:
        if isinstance(rec, InputError):
            bad.append(str(rec))
            click.echo(f"geo resolve: {rec}; row skipped", err=True)
            continue
        good.append(rec)
        lines.append(n)
    out_rows = []
    with progress(resolve_rows(good, g, name_key, gov_key, governorate, near), length=len(good),
                  label="resolving") as resolved:
        for n, rec in zip(lines, resolved, strict=True):
            if rec["resolve_status"] == RowStatus.UNKNOWN_GOVERNORATE.value:
                msg = f"{label}:{n}: unknown governorate {rec.get(gov_key)!r}; no place given"
                bad.append(msg)
                click.echo(f"geo resolve: {msg}", err=True)
            out_rows.append(rec)
    added = result_columns(columns)
    lon, lat = added[LON], added[LAT]
    write(out_rows, fmt, output, columns=[*columns, *added], excel=excel, lon=lon, lat=lat,
          layer="places")
    counts = {s: 0 for s in RowStatus}
    for r in out_rows:
        counts[RowStatus(r["resolve_status"])] += 1
    click.echo(f"geo resolve: {len(out_rows)} row(s): " + ", ".join(
        f"{c} {s.value.replace('_', ' ')}" for s, c in counts.items() if c), err=True)
    if bad:
        sys.exit(1)
