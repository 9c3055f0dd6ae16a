"""``geo map``: reports (or events) and the M4 corridor as one interactive HTML page."""

from __future__ import annotations

import click

from geo.cli.options import gazetteer_extra_option, jobs_option, load_gazetteer, output_option
from geo.cli.store_options import check_period, store_options, table_from_store


@click.command("map")
@click.argument("inputs", nargs=-1, metavar="[REPORT|EVENTS]...")
@click.option("--example", is_flag=True,
              help="Map the sample reports bundled with the package (Shaam network, 23 March 2020, "
              "and two composed reports of April 2020); writes map.html when -o is not given "
              "and standard output is a terminal.")
@output_option
@click.option("--cdn", is_flag=True,
              help="Load Leaflet and friends from folium's CDNs instead of inlining them "
              "(smaller file, needs a network to open).")
@click.option("--text-column", default="text", show_default=True,
              help="Text column of CSV/JSONL report batches.")
@gazetteer_extra_option
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Places below this confidence get a dashed marker with '?'.")
@click.option("--cluster/--no-cluster", default=None,
              help="Cluster markers (default: when more than 50 places).")
@click.option("--date-filter/--no-date-filter", default=None,
              help="From/To date inputs (default: when the places carry two dates or more).")
@click.option("--tiles", multiple=True, metavar="PROVIDER",
              help="Web base maps by xyzservices name, first shown first; repeatable "
              "(default: OpenStreetMap.Mapnik, Esri.WorldImagery, OpenTopoMap).")
@click.option("--title", default=None, help="Page title.")
@click.option("--events", "events_out", metavar="FILE", default=None,
              help="Also write the events table (one row per mention, ACLED-style columns "
              "first, the same as `geo events`) to FILE: .csv, .jsonl, .json, .geojson, .gpkg, "
              ".parquet or .kml.")
@click.option("--excel", is_flag=True, help="With --events FILE.csv: a CSV for spreadsheets "
              "(UTF-8 byte-order mark, formula-like cells prefixed with ').")
@store_options
@jobs_option
def command(inputs, example, output, cdn, text_column, gazetteer_extra, min_confidence, cluster,
            date_filter, tiles, title, events_out, excel, store, date_from, date_to, bbox, jobs):
    """Render reports and the M4 corridor as an interactive HTML map.

    REPORT inputs are what `geo extract` reads (text files, folders of .txt, CSV/JSONL batches
    with a text column, '-' for stdin); EVENTS are GeoJSON/CSV points written by `geo extract`
    or `geo check`. The page is self-contained (every script inlined) and works offline; web
    tiles need a network, and the page falls back to a bundled governorate map without one.

    \b
    Examples:
      geo map --example -o map.html
      geo map report.txt more/ -o map.html --events events.csv
      geo extract reports/ -f geojson -o events.geojson && geo map events.geojson -o map.html
      geo map --store events.gpkg --from 2020-03-01 --to 2020-06-30 -o spring.html
    """
    from geo.events import load_inputs
    from geo.io import InputError
    from geo.maps import TILES, example_reports, report_map, save_map

    if min_confidence != min_confidence:  # FloatRange lets "nan" through
        raise click.BadParameter("nan is not a confidence", param_hint="'--min-confidence'")
    date_from, date_to = check_period(store, date_from, date_to, bbox)
    if store and (inputs or example):
        raise click.UsageError("give reports (or --example), or --store, not both")
    if not inputs and not example and not store:
        raise InputError("give report or events files, or --example")
    if events_out:  # a bad --events name must fail before the map is written
        from geo.events import events_format

        if events_format(events_out) != "csv" and excel:
            raise InputError("--excel is for a CSV events table (--events FILE.csv)")
    gaz = load_gazetteer(gazetteer_extra) if gazetteer_extra else None  # default: lazily
    if store:
        events, failed = table_from_store(store, date_from, date_to, bbox), []
    else:
        events, failed = load_inputs(inputs, gazetteer=gaz, text_column=text_column,
                                     reports=example_reports() if example else (), jobs=jobs)
    for msg in failed:
        click.echo(f"Error: {msg}", err=True)
    if example and output == "-" and stdout_is_terminal():
        output = "map.html"  # a page of HTML is no use on a terminal
    m = report_map(events, offline=not cdn, cluster=cluster, min_confidence=min_confidence,
                   tiles=tiles or TILES, title=title or "M4 corridor: report places",
                   date_filter=date_filter)
    save_map(m, output)
    if events_out:
        from geo.events import write_events

        write_events(events, events_out, excel=excel)
    if output != "-":
        n = int(events["resolved"].sum()) if len(events) else 0
        import os

        click.echo(f"{output}: {n} of {len(events)} mentions mapped; open "
                   f"{os.path.abspath(output)} in a browser", err=True)
    if failed:
        raise SystemExit(1)


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal (where a page of HTML is of no use)."""
    import sys

    return sys.stdout.isatty()
