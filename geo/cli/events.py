"""``geo events``: reports in, the ACLED-style events table out (one row per located mention).

Examples::

    geo events reports/ -o events.csv --excel
    geo events telegram.csv --text-column message -f gpkg -o events.gpkg
    geo events report.txt -f parquet -o events.parquet
    geo events reports/ --store events.gpkg            # add to a store: +N new, N updated …
    geo events --store events.gpkg --from 2020-03-01 -o march.csv   # a table from the store
"""

from __future__ import annotations

import click

from geo.cli.options import gazetteer_extra_option, jobs_option, load_gazetteer, output_option
from geo.cli.store_options import store_options
from geo.events import EVENT_FORMATS


@click.command("events")
@click.argument("inputs", nargs=-1, metavar="REPORT…")
@click.option("-f", "--format", "fmt", type=click.Choice(EVENT_FORMATS), default=None,
              help="csv, jsonl, json, geojson, gpkg, parquet or kml [default: from the -o "
              "file's extension, csv on standard output].")
@click.option("--text-column", default="text", show_default=True, metavar="NAME",
              help="Column (CSV) or field (JSONL) holding the report text.")
@click.option("--excel", is_flag=True,
              help="CSV for spreadsheets: UTF-8 byte-order mark, formula-like cells "
              "prefixed with '.")
@click.option("--example", is_flag=True,
              help="Use the example reports bundled with the package (as geo map --example).")
@store_options
@jobs_option
@gazetteer_extra_option
@output_option
def command(inputs, fmt, text_column, excel, example, store, date_from, date_to, bbox, jobs,
            gazetteer_extra, output):
    """The events table monitors build by hand: one row per place mentioned in the REPORTs
    (what `geo extract` reads: text files, folders, CSV/JSONL batches, '-' for stdin).

    \b
    Columns, ACLED's first:
      event_id_cnty  SYR-<report id>-<offset of the mention>: stable and unique
      event_date, time_precision (1 day, 2 week, 3 month)
      admin1, admin2, admin3 (nearest subdistrict centroid), location (plain ASCII,
      the name the map shows), latitude, longitude, geo_precision (1 the place, 2 near
      it or an area, 3 a governorate or larger), source, source_url, notes (the sentence)
    then name_ar, surface, confidence, place_id, in_corridor, corridor_status, side,
    distance_m, and the columns `geo map` reads back.

    \b
    With --store STORE (an events.gpkg, or postgresql://… for PostGIS), the REPORTs' events
    are added to the store instead (running it again changes nothing; a report whose text
    changed replaces its events) and what changed is printed; with no REPORT, the table is
    read from the store (--from/--to pick the dates).
    """
    from geo.cli.store_options import check_period, ingest_from_reports, summary, table_from_store
    from geo.events import events_format, events_from_reports, read_report_files, write_events
    from geo.io import InputError

    date_from, date_to = check_period(store, date_from, date_to, bbox)
    if not inputs and not example and not store:
        raise InputError("give report files or folders, '-' for stdin, or --example")
    fmt = events_format(output, fmt or ("csv" if output in ("-", None) else None))
    if excel and fmt != "csv":
        raise InputError("--excel is for CSV output (-f csv or -o FILE.csv)")
    reports = []
    if example:
        from geo.maps import example_reports

        reports += example_reports()
    gaz = load_gazetteer(gazetteer_extra)
    if store and (inputs or example):  # add to the store; say what changed
        if date_from or date_to or bbox:
            raise InputError("--from/--to/--bbox select the events of a table read from "
                             "--store; give no REPORT with them")
        more, failed = read_report_files(list(inputs), text_column) if inputs else ([], [])
        for msg in failed:
            click.echo(f"geo events: {msg}", err=True)
        change = ingest_from_reports(store, reports + more, gaz, jobs=jobs)
        click.echo(summary(change, store, reports + more), err=True)
        if failed:
            raise SystemExit(1)
        return
    if store:
        events, failed = table_from_store(store, date_from, date_to, bbox), []
    else:
        events, failed = events_from_reports(inputs, gazetteer=gaz, text_column=text_column,
                                             reports=reports, jobs=jobs)
    for msg in failed:
        click.echo(f"geo events: {msg}", err=True)
    write_events(events, output, fmt, excel=excel)
    if output not in ("-", None):
        n = int(events["resolved"].sum()) if len(events) else 0
        click.echo(f"{output}: {len(events)} mentions, {n} located", err=True)
    if failed:
        raise SystemExit(1)
