"""``geo extract``: find and resolve every place named in Arabic reports."""

from __future__ import annotations

import contextlib
import csv
import io
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from types import SimpleNamespace

import click

from geo.cli.options import (
    format_option,
    gazetteer_extra_option,
    jobs_option,
    load_gazetteer,
    output_option,
)
from geo.events import excerpt, geo_precision
from geo.io import InputError, atomic_output, progress
from geo.reports import Report, count_inputs, read_reports
from geo.writers import csv_cells, dumps, feature, spreadsheet_safe, text_table, write

LONG_BATCH = 10  # more inputs than this get a progress bar (on a terminal)
CSV_COLUMNS = ("file", "line", "id", "date", "url", "surface", "start", "end", "name", "kind",
               "road", "place_id", "name_ar", "name_en", "place_kind", "admin1", "admin2",
               "lat", "lon", "geo_precision", "confidence", "cues", "alternatives",
               "in_corridor", "corridor_status", "side", "distance_m", "along_km", "edge_m",
               "accuracy_m", "near_edge", "share_inside", "excerpt")
#: The corridor answer of a mention (``--no-corridor`` leaves them out).
ANSWER_FIELDS = ("in_corridor", "corridor_status", "side", "distance_m", "along_km", "edge_m",
                 "accuracy_m", "near_edge", "share_inside")
#: Mentions answered together (one vectorised call) while they stream out.
ANSWER_BATCH = 256


#: Keys of a mention in the json/jsonl output (``--fields`` picks among them).
MENTION_KEYS = ("surface", "start", "end", "name", "kind", "road", "place", "confidence", "cues",
                "candidates", *ANSWER_FIELDS)
DEFAULT_CANDIDATES = 3
#: What an alternative carries (the chosen ``place`` keeps every key): enough to tell it apart
#: and to see why it lost.
CANDIDATE_KEYS = ("id", "name_ar", "name_en", "kind", "admin1", "lat", "lon", "score", "reason")


def mention_dict(m, candidates: int = DEFAULT_CANDIDATES,
                 fields: tuple[str, ...] | None = None, answer: dict | None = None) -> dict:
    """A mention's JSON object with at most ``candidates`` alternatives (each with
    :data:`CANDIDATE_KEYS`; as many ids in the place's ``alternatives``), restricted to
    ``fields`` when given."""
    d = {**m.to_dict(), **(answer or {})}
    d["candidates"] = [{k: c.get(k) for k in CANDIDATE_KEYS if k in c}
                       for c in d["candidates"][:candidates]]
    if d.get("place") and isinstance(d["place"].get("alternatives"), list):
        d["place"]["alternatives"] = d["place"]["alternatives"][:candidates]
    if fields is not None:
        d = {k: d[k] for k in fields if k in d}
    return d


def parse_fields(value: str | None, fmt: str) -> tuple[str, ...] | None:
    """``--fields a,b``: the names, checked against what ``fmt`` writes."""
    if not value:
        return None
    names = tuple(dict.fromkeys(x.strip() for x in value.split(",") if x.strip()))
    allowed = MENTION_KEYS if fmt in ("json", "jsonl") else (
        CSV_COLUMNS if fmt != "text" else ())
    if not allowed:
        raise InputError("--fields is for json, jsonl, csv, geojson, gpkg and parquet output")
    bad = [x for x in names if x not in allowed]
    if bad or not names:
        raise InputError(f"--fields: no {', '.join(map(repr, bad)) or 'field'} in {fmt} "
                         f"output; choose from {','.join(allowed)}")
    return names


def geoparse(report: Report, gazetteer, with_excerpts: bool = False
             ) -> Iterator[tuple[object, str | None]]:
    """``(mention, excerpt)`` pairs for one report, as they are found: a large file is read
    piece by piece and its mentions leave before the next piece is read (bounded memory)."""
    for offset, chunk in report.chunks():
        for m in gazetteer.extract(chunk):
            ex = excerpt(chunk, m.start, m.end)[0] if with_excerpts else None
            yield m.shifted(offset), ex


def _flat(report: Report, m, ex: str | None, answer: dict | None = None,
          candidates: int = DEFAULT_CANDIDATES) -> dict:
    p = m.place
    row = {
        "file": report.file, "line": report.line, "id": report.id, "date": report.date,
        "url": report.url, "surface": m.surface, "start": m.start, "end": m.end,
        "name": m.name, "kind": m.kind, "road": m.road.value if m.road else None,
        "place_id": p.id if p else None, "name_ar": p.name_ar if p else None,
        "name_en": p.name_en if p else None, "place_kind": p.kind if p else None,
        "admin1": p.admin1 if p else None, "admin2": p.admin2 if p else None,
        "lat": p.lat if p else None, "lon": p.lon if p else None,
        "geo_precision": geo_precision(p.kind, m.cues) if p else None,
        "confidence": round(float(m.confidence), 3), "cues": " ".join(m.cues),
        "alternatives": " ".join(c.id for c in m.candidates[:candidates]),
        **{k: (answer or {}).get(k) for k in ANSWER_FIELDS}, "excerpt": ex,
    }
    return row


def corridor_answers(pairs, corridor, gazetteer) -> list[dict]:
    """The corridor answer of each mention (JSON-ready: rounded, None for missing)."""
    from geo.answers import answer_places, json_value

    if not pairs:
        return []
    ms = [m for m, _ in pairs]
    table = answer_places([m.place for m in ms],
                          [m.road if m.kind == "road" else None for m in ms],
                          corridor=corridor, gazetteer=gazetteer)
    return [{k: json_value(k, rec[k]) for k in ANSWER_FIELDS}
            for rec in table.to_dict("records")]


def answered(pairs, corridor, gazetteer) -> Iterator[tuple[object, str | None, dict]]:
    """``(mention, excerpt, answer)`` as the pairs stream in, answered in batches of
    :data:`ANSWER_BATCH` (``answer`` is empty without a corridor)."""
    batch: list = []
    for pair in pairs:
        batch.append(pair)
        if len(batch) >= ANSWER_BATCH:
            yield from _answer_batch(batch, corridor, gazetteer)
            batch = []
    yield from _answer_batch(batch, corridor, gazetteer)


def _answer_batch(batch, corridor, gazetteer):
    answers = (corridor_answers(batch, corridor, gazetteer) if corridor is not None
               else [{}] * len(batch))
    for (m, ex), a in zip(batch, answers, strict=True):
        yield m, ex, a


@dataclass(frozen=True)
class Rendering:
    """How a report's mentions become output (picklable: sent to the ``--jobs`` workers, which
    render every report there, so this process only writes)."""

    fmt: str
    min_confidence: float = 0.0
    candidates: int = DEFAULT_CANDIDATES
    fields: tuple[str, ...] | None = None  # --fields (json/jsonl keys)
    columns: tuple[str, ...] = CSV_COLUMNS  # csv/geojson/gpkg/parquet columns
    excel: bool = False
    with_corridor: bool = True
    zone: str | None = None

    @property
    def excerpts(self) -> bool:
        return self.fmt in ("csv", "geojson", "gpkg", "parquet")

    @property
    def tabular(self) -> bool:
        """Rows written whole at the end (gpkg, parquet) rather than text streamed out."""
        return self.fmt in ("gpkg", "parquet")

    def corridor(self):
        """The corridor the mentions are answered for (None: ``--no-corridor``), loaded once
        per process."""
        return _corridor(self.zone) if self.with_corridor else None

    def kept(self, pairs: Iterable) -> Iterator:
        return ((m, ex) for m, ex in pairs if m.confidence >= self.min_confidence)

    def render(self, report: Report, triples: Iterable | None) -> Iterator:
        """The output of one report: text pieces (rows for gpkg/parquet); ``triples`` is
        ``None`` for a report that could not be read. A geojson feature comes after ``",\n"``
        (the writer drops the first one's)."""
        if self.fmt in ("jsonl", "json"):
            yield from _report_object(report, triples, self.candidates, self.fields)
            if self.fmt == "jsonl":
                yield "\n"
        elif triples is None:
            return
        elif self.fmt == "csv":
            safe = spreadsheet_safe if self.excel else (lambda v: v)
            for m, ex, a in triples:
                yield _csv_line(csv_cells(_flat(report, m, ex, a, self.candidates),
                                          self.columns, safe))
        elif self.fmt == "geojson":
            for m, ex, a in triples:
                if _is_point(m):
                    props = self._point_props(report, m, ex, a)
                    props["source"] = f"{m.place.source}:{m.place.source_id}"
                    yield ",\n" + dumps(feature(m.place.lon, m.place.lat, props))
        elif self.tabular:
            yield from (_flat(report, m, ex, a, self.candidates) for m, ex, a in triples
                        if _is_point(m))
        else:
            yield _text(report, list(triples))  # a table: one report at a time

    def _point_props(self, report: Report, m, ex, a) -> dict:
        props = {k: v for k, v in _flat(report, m, ex, a, self.candidates).items()
                 if k not in ("lat", "lon") and k in self.columns}
        if "id" in props:
            props["report_id"] = props.pop("id")
        return props


@cache
def _corridor(zone: str | None):
    """The corridor, its answer code imported and its lazy indexes built (once per process:
    before the ``--jobs`` workers are forked, so that they share them)."""
    from geo.answers import answer_places
    from geo.cli.corridor import corridor_from_options

    c = corridor_from_options(zone=zone)
    answer_places(_WARM_UP_PLACES, corridor=c)
    return c


#: Places answered when a corridor is loaded (Saraqib, Idlib governorate): builds the
#: classification indexes and reads the governorate polygons.
_WARM_UP_PLACES = [SimpleNamespace(id=None, kind="town", lat=35.8623, lon=36.8003),
                   SimpleNamespace(id=None, kind="governorate", lat=35.8, lon=36.6,
                                   name_ar=None)]


def _outputs(reports: list[Report], gazetteer, rendering: Rendering) -> list:
    """Each report's output (:meth:`Rendering.render`): a string, or a list of rows for
    gpkg/parquet; the mentions of all ``reports`` are answered together. A report read lazily
    (a large file, alone in this process) gives a lazy iterator of pieces instead, answered in
    batches as its mentions stream in; a bad piece midway ends it and sets its ``error``."""
    corridor = rendering.corridor()
    if len(reports) == 1 and reports[0].path is not None and reports[0].error is None:
        report = reports[0]
        pairs = _guarded(report, geoparse(report, gazetteer, rendering.excerpts))
        return [rendering.render(report, answered(rendering.kept(pairs), corridor, gazetteer))]
    found = [None if r.error is not None else
             list(rendering.kept(geoparse(r, gazetteer, rendering.excerpts))) for r in reports]
    every = [pair for pairs in found if pairs for pair in pairs]
    answers = iter(corridor_answers(every, corridor, gazetteer) if corridor is not None
                   else [{}] * len(every))
    out = []
    for report, pairs in zip(reports, found, strict=True):
        triples = None if pairs is None else [(m, ex, next(answers)) for m, ex in pairs]
        pieces = rendering.render(report, triples)
        out.append(list(pieces) if rendering.tabular else "".join(pieces))
    return out


def _results(inputs, text_column: str, gazetteer, rendering: Rendering,
             output: str | None = None, jobs: int = 1) -> Iterator[tuple[Report, object]]:
    """``(report, output)`` per input, in input order (:func:`_outputs`); the reports are
    rendered on ``jobs`` processes, a large file read lazily in this one."""
    from gazetteer.batch import map_batches

    total = count_inputs(inputs)  # None for tables: their rows are not counted in advance
    reports = read_reports(inputs, text_column=text_column, exclude=output)
    long_batch = total is None or total > LONG_BATCH
    with (progress(reports, length=total, label="geo extract") if long_batch
          else contextlib.nullcontext(reports)) as bar:
        taken: deque[Report] = deque()  # reports handed to the map, whose results are due
        found = map_batches(partial(_outputs, rendering=rendering),
                            (taken.append(r) or r for r in bar), gazetteer, jobs=jobs,
                            inline=_read_here)
        for output in found:
            yield taken.popleft(), output


def _read_here(report: Report) -> bool:
    """Reports geoparsed in this process: a large file read lazily, an input that failed."""
    return report.error is not None or report.path is not None


def _failed(report: Report, failures: list[str]) -> None:
    failures.append(report.error)
    click.echo(f"geo extract: {report.error}", err=True)


def _guarded(report: Report, pairs: Iterator) -> Iterator:
    try:
        yield from pairs
    except InputError as err:  # a large file that turns out to be bad midway
        report.error = str(err)


def _text(report: Report, triples: list) -> str:
    head = " ".join(x for x in (report.file + (f":{report.line}" if report.line else ""),
                                report.id, report.date) if x)
    if not triples:
        return f"== {head}: no places found\n\n"
    rows = []
    for m, _, a in triples:
        p = m.place
        where = a.get("corridor_status")
        if where == "inside" and a.get("side"):
            where = f"inside ({a['side']})"
        elif where == "partly_inside" and a.get("share_inside") is not None:
            where = f"partly inside ({100 * a['share_inside']:.1f}%)"
        rows.append([m.start, m.surface, p.name_ar if p else "?", p.name_en if p else "?",
                     m.kind if m.kind == "road" else (p.kind if p else "-"),
                     p.admin1 if p else None, f"{p.lat:.5f}" if p else None,
                     f"{p.lon:.5f}" if p else None, f"{m.confidence:.2f}", where,
                     " ".join(m.cues[:3])])
    table = text_table(rows, ["at", "surface", "name_ar", "name_en", "kind", "admin1", "lat",
                              "lon", "conf", "corridor", "cues"])
    return f"== {head}: {len(triples)} mentions\n{table}\n"


def _report_object(report: Report, triples: Iterable | None,
                   candidates: int = DEFAULT_CANDIDATES,
                   fields: tuple[str, ...] | None = None) -> Iterator[str]:
    """``{meta…, "mentions": […]}`` piece by piece, mention by mention (the same text as one
    ``dumps``), then ``"error"`` when the report could not be read (whole or midway)."""
    meta = dumps(report.meta())
    yield meta[:-1] + (", " if meta != "{}" else "") + '"mentions": ['
    for i, (m, _, a) in enumerate(triples or ()):
        yield (", " if i else "") + dumps(mention_dict(m, candidates, fields, a))
    tail = "]"
    if report.error is not None:
        tail += f", {dumps('error')}: {dumps(report.error)}"
    yield tail + "}"


@click.command(name="extract")
@click.argument("inputs", nargs=-1, metavar="FILE…")
@format_option("text", "json", "jsonl", "geojson", "csv", "gpkg", "parquet", default="text")
@click.option("--text-column", default="text", show_default=True, metavar="NAME",
              help="Column (CSV) or field (JSONL) holding the report text.")
@click.option("--min-confidence", default=0.0, show_default=True,
              type=click.FloatRange(0.0, 1.0), help="Leave out mentions below this confidence.")
@click.option("--candidates", "n_candidates", type=click.IntRange(0), default=DEFAULT_CANDIDATES,
              show_default=True, metavar="N",
              help="Alternatives written per mention (json, jsonl; ids in csv/geojson).")
@click.option("--fields", default=None, metavar="A,B,…",
              help="Only these keys (json/jsonl: surface,start,end,name,kind,road,place,"
              "confidence,cues,candidates and the corridor answer) or columns (csv, geojson, "
              "gpkg, parquet).")
@click.option("--excel", is_flag=True, help="With -f csv: a CSV for spreadsheets (UTF-8 "
              "byte-order mark, formula-like cells prefixed with ').")
@click.option("--no-corridor", is_flag=True,
              help="Leave out the corridor answer of each mention (in_corridor, "
              "corridor_status, side, distances).")
@click.option("--zone", metavar="ID|FILE",
              help="Answer for this zone (a bundled id or a JSON definition) instead of the "
              "5 March 2020 corridor.")
@jobs_option
@gazetteer_extra_option
@output_option
def command(inputs, fmt, text_column, min_confidence, n_candidates, fields, excel, no_corridor,
            zone, jobs, gazetteer_extra, output):
    """Find and resolve every place named in Arabic reports (FILE… or '-' for stdin).

    A FILE is a UTF-8 text file (one report), a folder (every .txt in it), or a CSV/JSONL
    table with one report per row in --text-column; its id, date and url columns are carried
    into the output. A file that cannot be read (empty, binary, not UTF-8) is reported on
    stderr and skipped; the others are still processed and the exit status is 1.

    \b
    Formats:
      text     a table per report, for people
      jsonl    one line per report, in input order: {"file", ["line", "id", "date",
               "url"], "mentions": [{surface, start, end, name, kind, place, confidence,
               cues, candidates}]} — or {"file", "error"} for an input that failed
      json     the same objects as one JSON array
      csv      one row per mention (place columns flattened, an excerpt)
      geojson  a FeatureCollection of the resolved places (points) with the report's
               id, date, surface, confidence, ACLED-style precision and an excerpt
      gpkg     the geojson rows as a GeoPackage layer "mentions" (EPSG:4326)
      parquet  the same as GeoParquet
    Every mention carries its corridor answer unless --no-corridor. For the ACLED-style
    table (one row per mention) see `geo events`.

    \b
    Examples:
      geo extract report.txt
      geo extract reports/ --format jsonl -o mentions.jsonl
      geo extract batch.jsonl --jobs 0 -f csv -o mentions.csv   # on every core
      geo extract telegram.csv --text-column message --format geojson -o map.geojson
      pbpaste | geo extract - --format csv
    """
    if min_confidence != min_confidence:  # FloatRange lets "nan" through: it kept nothing
        raise click.BadParameter("nan is not a confidence", param_hint="'--min-confidence'")
    if not inputs:
        if sys.stdin.isatty():
            raise click.UsageError("give one or more FILEs, a folder, or '-' for stdin")
        inputs = ("-",)
    if excel and fmt != "csv":
        raise InputError("--excel is for CSV output (-f csv)")
    keep = parse_fields(fields, fmt)
    if fmt in ("gpkg", "parquet") and output in ("-", None):
        raise InputError(f"--format {fmt} needs a file name: -o FILE")
    if no_corridor and zone is not None:
        raise InputError("--zone answers for a zone; it cannot go with --no-corridor")
    columns = keep or (CSV_COLUMNS if not no_corridor
                       else tuple(c for c in CSV_COLUMNS if c not in ANSWER_FIELDS))
    rendering = Rendering(fmt, min_confidence, n_candidates, keep, columns, excel,
                          with_corridor=not no_corridor, zone=zone)
    rendering.corridor()  # a bad --zone fails here; loaded before any worker is forked
    g = load_gazetteer(gazetteer_extra)
    failures: list[str] = []
    results = _results(inputs, text_column, g, rendering, output, jobs)
    if rendering.tabular:  # written whole: a table of the located places
        rows = []
        for report, found in results:
            rows.extend(found)
            if report.error is not None:
                _failed(report, failures)
        write(rows, fmt, output, layer="mentions",
              columns=[c for c in columns if c not in ("lat", "lon")])
        _exit(failures)
        return
    head, between, tail = {
        "json": ("[\n", ",\n", "\n]\n"), "geojson": (FEATURES_HEAD, "", "\n]}\n"),
        "csv": (("\ufeff" if excel else "") + _csv_line(columns), "", ""),
    }.get(fmt, ("", "", ""))
    with atomic_output(output) as out:
        out.write(head)
        first = fmt == "geojson"  # the first feature goes without its separator
        for n, (report, found) in enumerate(results):
            out.write(between if n else "")
            for piece in (found,) if isinstance(found, str) else found:
                if first and piece:
                    piece, first = piece.removeprefix(",\n"), False
                out.write(piece)
            if report.error is not None:
                _failed(report, failures)
        out.write(tail)
    _exit(failures)


#: What a geojson output starts with (its features follow, then ``"\n]}\n"``).
FEATURES_HEAD = '{"type": "FeatureCollection", "features": [\n'


def _csv_line(values: Iterable) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(values)
    return buf.getvalue()


def _is_point(m) -> bool:
    """A mention the point outputs (geojson, gpkg, parquet) carry: a located place, not a
    road or a country."""
    p = m.place
    return not (p is None or m.kind == "road" or p.kind in ("country", "road") or p.lat is None)


def _exit(failures: list[str]) -> None:
    if failures:
        n = len(failures)
        click.echo(f"geo extract: {n} input{'s' if n > 1 else ''} could not be read", err=True)
        sys.exit(1)
