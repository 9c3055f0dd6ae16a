"""``geo corridor``: write the M4 security corridor, or list the places inside it.

Examples::

    geo corridor -o corridor.geojson
    geo corridor --width-km 6 --cap round -f gpkg -o corridor.gpkg
    geo corridor --centerline roads.gpkg --centerline-where ref=M4 -f kml -o m4.kml
    geo corridor --centerline syria-latest.osm.pbf --accuracy-m 30 -f text
    geo corridor --from "35.8137,36.6096" --to Saraqib -f text
    geo corridor --list-places -f csv -o places.csv
"""

from __future__ import annotations

import click

from geo.cli.options import gazetteer_extra_option, load_gazetteer, output_option
from geo.io import InputError

CORRIDOR_FORMATS = ("geojson", "gpkg", "kml", "parquet", "text")
LIST_FORMATS = ("text", "json", "jsonl", "csv", "geojson", "gpkg", "parquet")


def corridor_options(f):
    """Options that define the corridor, shared by ``geo corridor`` and ``geo check``."""
    opts = [
        click.option("--zone", metavar="ID|FILE",
                     help="A zone definition: an id of the bundled registry (m4-2020, the "
                     "default) or a JSON file (see geo.zones). Not with the options below."),
        click.option("--width-km", type=float, default=6.0, show_default=True,
                     help="Depth of each band (north and south of the road), km."),
        click.option("--cap", type=click.Choice(("flat", "round")), default="flat",
                     show_default=True, help="Shape of the corridor's ends."),
        click.option("--centerline", type=click.Path(dir_okay=False), metavar="FILE",
                     help="Your own road line (GeoJSON, GPKG, SHP, KML, GPX …) instead of the "
                     "bundled one (accurate to only ~1–2 km); an OpenStreetMap extract "
                     "(.osm.pbf, .osm) gives the ways tagged ref=M4."),
        click.option("--centerline-where", multiple=True, metavar="COLUMN=VALUE",
                     help="Pick features of --centerline, e.g. ref=M4. Repeatable (AND)."),
        click.option("--centerline-layer", metavar="LAYER",
                     help="Layer of --centerline to read (default: the first with lines)."),
        click.option("--accuracy-m", "--centerline-accuracy-m", "accuracy_m", type=float,
                     metavar="M", help="Accuracy of --centerline in metres (tens of metres for "
                     "a traced OpenStreetMap road); sets accuracy_m and near_edge. "
                     "[default: 100 for a user's line]"),
        click.option("--from", "start", metavar="PLACE|LAT,LON",
                     help="West end of the section [default: Ain al-Havr, WOF 1209119079]."),
        click.option("--to", "end", metavar="PLACE|LAT,LON",
                     help="East end of the section [default: Trumba, WOF 1276635743]."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def corridor_from_options(width_km=6.0, cap="flat", centerline=None, centerline_where=(),
                          centerline_layer=None, accuracy_m=None, start=None,
                          end=None, zone=None, gazetteer_extra=(), **_):
    """The corridor the options describe (the cached default one when they are defaults)."""
    import geo
    from geo.centerline import Centerline

    if zone is not None:
        from geo.corridor import zone_corridor
        from geo.zones import get_zone

        if (width_km, cap, centerline, start, end, accuracy_m) != (
                6.0, "flat", None, None, None, None) or centerline_where or centerline_layer:
            raise InputError("--zone defines the corridor: give either --zone or --width-km/"
                             "--cap/--centerline/--from/--to, not both")
        return zone_corridor(get_zone(zone))

    if centerline_where and not centerline:
        raise InputError("--centerline-where needs --centerline FILE")
    if accuracy_m is not None:
        if not centerline:  # it was silently ignored
            raise InputError("--accuracy-m needs --centerline FILE")
        if not 0 <= accuracy_m < float("inf"):  # also nan
            raise InputError(f"--accuracy-m must be metres >= 0, not {accuracy_m:g}")
    if (width_km, cap, centerline, start, end) == (6.0, "flat", None, None, None):
        return geo.default_corridor()
    line = None
    if centerline:
        line = Centerline.from_file(centerline, where=list(centerline_where) or None,
                                    layer=centerline_layer, accuracy_m=accuracy_m)
    gaz = load_gazetteer(gazetteer_extra) if gazetteer_extra and (start or end) else None
    return geo.build_corridor(width_km=width_km, cap=cap, centerline=line, start=start, end=end,
                              gazetteer=gaz)


def summary_text(c) -> str:
    m = c.meta
    w, e = m["ends"]["west"], m["ends"]["east"]
    lines = [
        f"M4 security corridor: {c.width_m / 1000:g} km north and {c.width_m / 1000:g} km south "
        f"of the road, {c.cap} ends",
        f"section: {w['name']} ({w['lat']:.5f}, {w['lon']:.5f}) → {e['name']} "
        f"({e['lat']:.5f}, {e['lon']:.5f}), {m['section_km']:.1f} km along the line",
        f"area: north {m['area_km2']['north']:.1f} km², south {m['area_km2']['south']:.1f} km², "
        f"total {m['area_km2']['total']:.1f} km²",
        f"clipped to Syria: {m['clipped_km2']['total']:.1f} km² removed (outside Syria)"
        if m.get("clipped_to") else "not clipped to Syria",
        f"centerline: {m['source']}",
        "accuracy: " + (f"~{m['accuracy_m']:g} m (worst). " if m.get("accuracy_m") else "")
        + str(m.get("accuracy") or ""),
        f"projection: {m['projection']}",
    ]
    return "\n".join(lines) + "\n"


#: GeoPackage layers of the corridor: one geometry type each (QGIS, shapefile export).
CORRIDOR_LAYERS = {"polygons": "bands", "lines": "centerline", "points": "ends"}
#: Arabic names of the corridor's parts and of the section's ends, for KML and GIS tables.
NAMES_AR = {"north": "الشريط الشمالي من الممر الآمن", "south": "الشريط الجنوبي من الممر الآمن",
            "centerline": "الطريق الدولي M4 (قسم الدوريات)", "trumba": "ترنبة",
            "ain al-havr": "عين الحور"}


def corridor_frame(c):
    """The corridor's parts (bands, section line, ends) with Arabic names and a description
    (the protocol, the width, the accuracy), in EPSG:4326."""
    gdf = c.to_geodataframe()
    gdf["name_ar"] = [NAMES_AR.get(str(p)) or NAMES_AR.get(str(n).lower())
                      for p, n in zip(gdf["part"], gdf["name"], strict=True)]
    m = c.meta
    acc = m.get("accuracy_m")
    gdf["description"] = (
        f"Security corridor of the Turkish–Russian additional protocol of 5 March 2020: "
        f"{c.width_m / 1000:g} km north and {c.width_m / 1000:g} km south of the M4 between "
        "Trumba (ترنبة) and Ain al-Havr (عين الحور). "
        + (f"Accuracy: about {acc:g} m (worst); " if acc else "Accuracy: ")
        + str(m.get("accuracy") or "") + f" Centerline: {m.get('source')}.")
    return gdf


def _kml_options() -> dict:
    from geo.style import BAND_OPACITY, END_COLOUR, ROAD_COLOUR, band_colour
    from geo.writers import KmlStyle

    styles = {side: KmlStyle(band_colour(side), 1.5, fill=band_colour(side),
                             fill_opacity=BAND_OPACITY) for side in ("north", "south")}
    styles |= {"centerline": KmlStyle(ROAD_COLOUR, 4),
               "endpoint": KmlStyle(ROAD_COLOUR, 2, icon=END_COLOUR)}
    return {"styles": styles, "style_of": lambda r: r.get("part"),
            "document": "M4 security corridor · الممر الآمن على الطريق M4"}


def warn(note: str) -> None:
    """A library's note on stderr, one line."""
    click.echo(f"Warning: {note}", err=True)


def write_corridor(c, fmt: str, output: str) -> None:
    """The corridor in ``fmt`` (:data:`CORRIDOR_FORMATS`) through the writer registry."""
    from geo.io import atomic_output
    from geo.writers import write

    if fmt == "text":
        with atomic_output(output) as out:
            out.write(summary_text(c))
        return
    options = {"geojson": {"name": "M4 security corridor", "metadata": dict(c.meta)},
               "gpkg": {"layers": CORRIDOR_LAYERS, "on_note": warn},
               "kml": _kml_options()}.get(fmt, {})
    write(corridor_frame(c), fmt, output, **options)


@click.command("corridor")
@corridor_options
@click.option("--list-places", is_flag=True,
              help="Instead of the geometry, list the gazetteer places inside the corridor.")
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(set(CORRIDOR_FORMATS)
                                                                | set(LIST_FORMATS))),
              default=None, help="geojson (default), gpkg, kml, parquet or text; with "
              "--list-places: text (default), json, jsonl, csv, geojson, gpkg or parquet.")
@click.option("--excel", is_flag=True, help="With --list-places -f csv: a CSV for "
              "spreadsheets (UTF-8 byte-order mark, formula-like cells prefixed with ').")
@output_option
@gazetteer_extra_option
def command(list_places: bool, fmt: str | None, excel: bool, output: str, gazetteer_extra,
            **opts) -> None:
    """Write the M4 security corridor (6 km north and south of the road, Trumba to Ain
    al-Havr) as GeoJSON, GeoPackage, KML, GeoParquet or a text summary.

    Features carry `part` (north, south, centerline, endpoint), `name`, `name_ar`,
    `width_m`, `area_km2`, `source`, `accuracy_m` and a `description` (the protocol, the
    accuracy). A GeoPackage has one layer per geometry type: bands, centerline, ends (EPSG:4326).
    KML bands are filled in the map's colours. The bundled centerline joins town centres and is
    accurate to only ~1–2 km: pass --centerline FILE when you have a real road line (an
    OpenStreetMap extract such as syria-latest.osm.pbf works as it is) and state its
    --accuracy-m.
    """
    from geo.writers import write_records

    if excel and not (list_places and fmt == "csv"):
        raise InputError("--excel is for CSV output (--list-places -f csv)")
    c = corridor_from_options(gazetteer_extra=gazetteer_extra, **opts)
    if list_places:
        fmt = fmt or "text"
        if fmt not in LIST_FORMATS:
            raise InputError(f"--list-places writes {', '.join(LIST_FORMATS)}, not {fmt}")
        from geo.classification import places_inside

        rows = places_inside(c, load_gazetteer(gazetteer_extra)).to_dict("records")
        cols = ["name_en", "name_ar", "side", "distance_m", "along_km", "edge_m", "near_edge",
                "kind", "id"]
        write_records(rows, fmt, output, columns=cols if fmt == "text" else None, excel=excel)
        return
    fmt = fmt or "geojson"
    if fmt not in CORRIDOR_FORMATS:
        raise InputError(f"the corridor is written as {', '.join(CORRIDOR_FORMATS)}, not {fmt} "
                         "(did you mean --list-places?)")
    write_corridor(c, fmt, output)
