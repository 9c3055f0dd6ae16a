"""``geo resolve``: place names (Arabic or Latin) to coordinates, offline."""

from __future__ import annotations

import sys

import click

from geo.cli.options import format_option, gazetteer_extra_option, load_gazetteer, output_option
from geo.io import InputError, atomic_output, iter_records
from geo.writers import text_table, write_json, write_jsonl


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
@format_option("text", "json", "jsonl", default="text")
@gazetteer_extra_option
@output_option
def command(names, limit, near, radius_km, governorate, fmt, gazetteer_extra, output):
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
    """
    point = _near(near)
    if radius_km != radius_km:  # FloatRange lets "nan" through; it would silently match nothing
        raise click.BadParameter("nan is not a distance", param_hint="'--radius-km'")
    g = load_gazetteer(gazetteer_extra)
    queries, batch = _queries(names)
    ctx = {"near": (point[0], point[1], radius_km) if point else None, "governorate": governorate}
    if governorate and g.governorate_name(governorate) is None:
        raise InputError(f"unknown governorate {governorate!r}")
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

            g = load_gazetteer(gazetteer_extra)
            msg = did_you_mean(q, g.suggest(q, limit=3))
        click.echo(f"geo resolve: {msg}", err=True)
        sys.exit(1)
