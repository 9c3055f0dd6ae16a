"""CLI glue for the events store: the ``--store/--from/--to/--bbox`` options and two calls.

Commands stay thin: ``geo events REPORTS --store S`` calls :func:`ingest_from_reports` and
prints the :class:`~geo.store.Change`; ``geo map --store S --from D --to D --bbox W,S,E,N``
(and a table output) calls :func:`table_from_store`. The library is :mod:`geo.store`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from geo.store import Change, EventStore

#: Reports per transaction: a killed run loses at most this batch, and never half of it.
BATCH_SIZE = 500


class BoundingBox(click.ParamType):
    """``MIN_LON,MIN_LAT,MAX_LON,MAX_LAT`` → four floats in that order (a usage error else)."""

    name = "bbox"

    def convert(self, value: Any, param: Any, ctx: Any) -> tuple[float, float, float, float]:
        if isinstance(value, tuple):
            return value
        try:
            x0, y0, x1, y1 = (float(v) for v in str(value).split(","))
        except ValueError:
            self.fail(f"{value!r} is not MIN_LON,MIN_LAT,MAX_LON,MAX_LAT (four numbers)",
                      param, ctx)
        if not all(math.isfinite(v) for v in (x0, y0, x1, y1)) or x0 > x1 or y0 > y1:
            self.fail(f"{value!r} is not MIN_LON,MIN_LAT,MAX_LON,MAX_LAT (west before east, "
                      "south before north)", param, ctx)
        return x0, y0, x1, y1


def store_options(f):
    """``--store STORE``, ``--from DATE``, ``--to DATE``, ``--bbox W,S,E,N`` (parameters
    ``store``, ``date_from``, ``date_to``, ``bbox``; the dates as :class:`datetime.date` or
    None, the box as four floats or None)."""
    day = click.DateTime(formats=["%Y-%m-%d"])
    f = click.option("--bbox", type=BoundingBox(), default=None,
                     metavar="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT",
                     help="With --store: only events located in this box (read through the "
                     "store's spatial index).")(f)
    f = click.option("--to", "date_to", type=day, default=None, metavar="YYYY-MM-DD",
                     help="With --store: only reports dated up to this day (included).")(f)
    f = click.option("--from", "date_from", type=day, default=None, metavar="YYYY-MM-DD",
                     help="With --store: only reports dated from this day on.")(f)
    return click.option(
        "--store", default=None, metavar="STORE",
        help="Events store: a .gpkg file (GeoPackage, opens in QGIS) or a postgresql:// URL "
        "(PostGIS; needs the [postgis] extra).")(f)


def check_period(store: str | None, date_from: Any, date_to: Any,
                 bbox: tuple[float, float, float, float] | None = None) -> tuple[Any, Any]:
    """The ``--from/--to`` days as dates; a usage error without ``--store`` or out of order
    (and for ``--bbox`` without ``--store``)."""
    if bbox is not None and not store:
        raise click.UsageError("--bbox selects events of a store: give --store too")
    start = date_from.date() if isinstance(date_from, dt.datetime) else date_from
    end = date_to.date() if isinstance(date_to, dt.datetime) else date_to
    if (start or end) and not store:
        raise click.UsageError("--from/--to select events of a store: give --store too")
    if start and end and start > end:
        raise click.UsageError(f"--from {start} is after --to {end}")
    return start, end


def _open(store: str | EventStore, create: bool) -> tuple[EventStore, bool]:
    from geo.store import EventStore
    from geo.store import open as open_store

    if isinstance(store, EventStore):
        return store, False
    return open_store(store, create=create), True


def ingest_from_reports(store: str | EventStore, reports: Iterable[Any], gazetteer: Any = None,
                        *, corridor: Any = None, batch_size: int = BATCH_SIZE,
                        jobs: int = 1) -> Change:
    """Geoparse ``reports`` (mappings or objects with text and optional id, url, date, source)
    and add their events to ``store`` (a target for :func:`geo.store.open` or an open store),
    one transaction per ``batch_size`` reports, geoparsed on ``jobs`` processes.
    Returns the summed :class:`~geo.store.Change`.

    A report without an id is keyed by its url (else a hash of its text), so re-running the
    same input changes nothing; a report given twice counts once, with its last text.
    """
    from geo.events import extract_events
    from geo.io import progress
    from geo.store import Change, report_key

    fields = ("id", "url", "date", "source", "text")
    rows = []
    for r in reports:
        if isinstance(r, str):
            row = {"text": r}
        elif isinstance(r, Mapping):
            row = {k: r.get(k) for k in fields}
        else:
            row = {k: getattr(r, k, None) for k in fields}
        row["id"] = report_key(row)
        rows.append(row)
    rows = list({row["id"]: row for row in rows}.values())  # a report given twice: the last wins
    batches = [rows[i:i + batch_size] for i in range(0, len(rows), batch_size)]
    st, owned = _open(store, create=True)
    total = Change()
    try:
        with progress(batches, length=len(batches), label="ingesting") as bar:
            for batch in bar:
                events = extract_events(batch, gazetteer=gazetteer, corridor=corridor, jobs=jobs)
                total += st.ingest(batch, events)
    finally:
        if owned:
            st.close()
    return total


def table_from_store(store: str | EventStore, date_from: Any = None, date_to: Any = None,
                     bbox: Sequence[float] | None = None) -> gpd.GeoDataFrame:
    """The events of ``store`` dated ``date_from`` to ``date_to`` (both included, either
    optional) and located in ``bbox`` (min lon, min lat, max lon, max lat; optional), as the
    events table that ``geo map`` and the table writers take."""
    st, owned = _open(store, create=False)
    try:
        return st.read(date_from, date_to, bbox=bbox)
    finally:
        if owned:
            st.close()


def summary(change: Change, store: str | EventStore, reports: Sequence[Any] | int) -> str:
    """``events.gpkg: +120 new, 3 updated, 0 removed, 45 unchanged (40 reports)``."""
    from geo.store import redact_url

    n = reports if isinstance(reports, int) else len(reports)
    name = redact_url(store) if isinstance(store, str) else store.target
    return f"{name}: {change} ({n} report{'s' if n != 1 else ''})"
