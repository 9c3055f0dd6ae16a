"""Interactive HTML maps of reports and the M4 corridor (folium), self-contained by default.

>>> import geo, os, tempfile
>>> m = geo.report_map()                                  # the corridor alone
>>> m = geo.report_map("قصف على بلدة كفرنبل بريف إدلب")     # one report text
>>> path = os.path.join(tempfile.mkdtemp(), "map.html")
>>> save_map(m, path)                                     # or m.save(path), or show m in Jupyter
>>> "كفرنبل" in open(path, encoding="utf-8").read()
True

Pieces, each a small function returning folium elements: :func:`tile_layers`,
:func:`governorate_layers`, :func:`corridor_layers`, :func:`places_layer`, :func:`legend`,
:func:`unresolved_panel`; :func:`report_map` puts them together. The JavaScript they call lives
in ``geo/assets/geo-map.js``; here are only data and escaping.

Offline by default: the page carries Leaflet, jQuery, Leaflet.markercluster and our own
controls inline (see :mod:`geo.assets`), so it works from a USB stick. Only web tiles need a
network; when they fail (or the browser says it is offline) the page switches to a vector base
map of Syria's governorates with Arabic and English labels, shipped in the package.

Every piece of report text and every name is HTML-escaped here, in Python, before it is
written into the page; the JavaScript only concatenates those strings with fixed markup.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import folium
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template

from geo.assets import InlineAsset, attach
from geo.style import (
    END_COLOUR,
    MAP_BAND_OPACITY,
    ROAD_COLOUR,
    STATUS_STYLES,
    band_colour,
    shade,
    status_colours,
    tint,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Default web base maps (xyzservices names); the first one is shown on opening.
TILES = ("OpenStreetMap.Mapnik", "Esri.WorldImagery", "OpenTopoMap")
#: Arabic names of the patrol section's ends (the corridor data names them in English).
END_NAMES_AR = {"trumba": "ترنبة", "ain al-havr": "عين الحور", "ayn al-hawr": "عين الحور",
                "ain al-hawr": "عين الحور"}
#: Kinds not drawn as point markers: a country is not a place on this map, a road is a line.
NOT_POINTS = {"country", "road"}
#: The offline base map's data in ``geo/data`` (first found).
GOVERNORATE_FILES = ("governorates.geojson", "syria_governorates.geojson")
MAX_MENTIONS_IN_POPUP = 8

e = html.escape


def js_json(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``<``, ``>``, ``&``, U+2028/9).

    >>> js_json({"t": "</script><b>"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# ------------------------------------------------------------------ elements

def status_css() -> str:
    """The page's colours from :mod:`geo.style` (the one colour table): per display status the
    marker, its low-confidence tint and the popup's status text; the band labels; the legend's
    section-end swatch.

    >>> ".geo-pin.geo-outside{background:#009e73}" in status_css()
    True
    """
    rules = []
    for k, st in STATUS_STYLES.items():
        if st.drawn:
            rules += [f".geo-pin.geo-{k}{{background:{st.colour}}}",
                      f".geo-pin.geo-low.geo-{k}{{background:{tint(st.colour, 0.6)}}}",
                      f".geo-pop-status.geo-{k}{{color:{shade(st.colour, 0.78)}}}"]
    rules += [f".geo-band-label.geo-{side}{{color:{shade(band_colour(side), 0.78)}}}"
              for side in ("north", "south")]
    rules.append(f".geo-legend .geo-sw.geo-end-sw{{background:{END_COLOUR}}}")
    return "\n".join(rules)


class GeoAssets(folium.MacroElement):
    """Puts ``geo-map.js`` and ``geo-map.css`` (always inline: they are ours) into the page,
    then the status colours (:func:`status_css`)."""

    def render(self, **kwargs):
        header = self.get_root().header
        for name in ("geo_map_css", "geo_map_js"):
            header.add_child(InlineAsset(name), name=name)
        header.add_child(folium.Element(f"<style>{status_css()}</style>"),
                         name="geo_status_css")
        super().render(**kwargs)


class JsLayer(Layer):
    """A layer built by ``GeoMap.<fn>(args…)`` in geo-map.js, listed in the layer control."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = GeoMap.{{ this.fn }}({{ this.args_js }});\n"
        "{% endmacro %}"
    )

    def __init__(self, fn: str, *args: Any, name: str | None = None, overlay: bool = True,
                 control: bool = True, show: bool = True):
        super().__init__(name=name, overlay=overlay, control=control, show=show)
        self._name = "GeoLayer"
        self.fn = fn
        self.args_js = ", ".join(js_json(a) for a in args)


class PlacesLayer(JSCSSMixin, JsLayer):
    """Report places; loads Leaflet.markercluster (inlined offline) when clustering."""

    def __init__(self, data: dict, cluster: bool, name: str):
        from folium.plugins import MarkerCluster

        super().__init__("places", data, {"cluster": cluster}, name=name)
        self.default_js = list(MarkerCluster.default_js) if cluster else []
        self.default_css = list(MarkerCluster.default_css) if cluster else []


class JsCall(folium.MacroElement):
    """A statement ``GeoMap.<fn>(map, <layers>…, args…)`` run after the layers exist."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "GeoMap.{{ this.fn }}({{ this._parent.get_name() }}"
        "{% for a in this.parts %}, {{ a }}{% endfor %});\n"
        "{% endmacro %}"
    )

    def __init__(self, fn: str, *args: Any):
        super().__init__()
        self._name = "GeoCall"
        self.fn = fn
        self._args = args

    def render(self, **kwargs):
        self.parts = [_js_ref(a) for a in self._args]
        super().render(**kwargs)


def _js_ref(a: Any) -> str:
    if isinstance(a, folium.Element):
        return a.get_name()
    if isinstance(a, (list, tuple)) and a and all(isinstance(x, folium.Element) for x in a):
        return "[" + ", ".join(x.get_name() for x in a) + "]"
    return js_json(a)


# ------------------------------------------------------------------ geometry helpers

def _geojson(geom: Any, ndigits: int = 5) -> dict:
    """A shapely geometry as GeoJSON with rounded coordinates (5 decimals ≈ 1 m)."""
    import shapely

    geom = shapely.set_precision(geom, 10 ** -ndigits) if ndigits else geom
    return shapely.geometry.mapping(geom)


def _latlon_bounds(geoms: Iterable[Any]) -> list[list[float]] | None:
    import shapely

    geoms = [g for g in geoms if g is not None and not g.is_empty]
    if not geoms:
        return None
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    return [[float(y0), float(x0)], [float(y1), float(x1)]]


# ------------------------------------------------------------------ layers

def tile_layers(names: Sequence[str] = TILES) -> list[folium.TileLayer]:
    """Web base maps from xyzservices; the first is shown on opening."""
    import xyzservices

    out = []
    for i, name in enumerate(names):
        label = {"OpenStreetMap.Mapnik": "OpenStreetMap",
                 "Esri.WorldImagery": "Satellite (Esri World Imagery)",
                 "OpenTopoMap": "Terrain (OpenTopoMap)"}.get(name, name)
        try:
            provider = xyzservices.providers.query_name(name)
            out.append(folium.TileLayer(provider, name=label, overlay=False, control=True,
                                        show=i == 0))
        except ValueError as err:  # a typo in --tiles, a provider that needs an API key
            from geo.io import InputError

            why = ("no such xyzservices provider" if "No matching provider" in str(err)
                   else str(err).split(". ")[0])
            raise InputError(f"--tiles {name!r}: {why} (e.g. {', '.join(TILES)})") from None
    return out


def _governorates_geojson(corridor: Any = None) -> dict | None:
    """The bundled governorates with label points and escaped Arabic/English labels.

    Labels read as regions, not cities: "محافظة إدلب / Idlib governorate" in spaced italics,
    placed away from the corridor (20 km or more) so that they never sit in a band.
    """
    from importlib import resources

    import shapely

    folder = resources.files("geo").joinpath("data")
    res = next((folder.joinpath(n) for n in GOVERNORATE_FILES if folder.joinpath(n).is_file()),
               None)
    if res is None:
        return None
    data = json.loads(res.read_text(encoding="utf-8"))
    avoid = None
    if corridor is not None:
        avoid = shapely.union_all([corridor.north, corridor.south]).buffer(0.2)
    feats = []
    for f in data.get("features", []):
        p = f.get("properties") or {}
        geom = shapely.geometry.shape(f["geometry"])
        room = geom.difference(avoid) if avoid is not None else geom
        pt = (room if not room.is_empty and room.area > 0.02 * geom.area
              else geom).representative_point()
        ar = p.get("name_ar") or p.get("ADM1_AR") or ""
        en = p.get("name_en") or p.get("ADM1_EN") or ""
        ar_label = ar if ar.startswith("محافظة") else f"محافظة {ar}"
        feats.append({"type": "Feature", "geometry": _geojson(geom, 4), "properties": {
            "label_lat": round(pt.y, 4), "label_lon": round(pt.x, 4),
            "label_html": f'<span dir="rtl" lang="ar" class="geo-ar">{e(ar_label)}</span><br>'
                          f"{e(en)} governorate",
        }})
    return {"type": "FeatureCollection", "features": feats}


def governorate_layers(corridor: Any = None, extras: dict | None = None
                       ) -> tuple[JsLayer | None, JsLayer | None]:
    """(offline base map, boundaries overlay) from the governorates in ``geo/data``.

    ``extras`` (:func:`base_extras`): roads and neighbours drawn on the offline base.
    """
    data = _governorates_geojson(corridor)
    if data is None:
        return None, None
    base = JsLayer("governorates", data, {
        "labels": True, "offlineBase": True, **(extras or {}),
        "style": {"color": "#8a8a8a", "weight": 1, "fillColor": "#f4f1ea", "fillOpacity": 1},
    }, name="Offline base map (governorates, settlements, roads)", overlay=False, show=False)
    lines = JsLayer("governorates", data, {
        "labels": False, "style": {"color": "#6a3d9a", "weight": 1.2, "dashArray": "4 3",
                                   "fill": False, "className": "geo-governorate"},
    }, name="Governorate boundaries", overlay=True, show=True)
    return base, lines


def corridor_layers(corridor: Any = None) -> list[JsLayer]:
    """North and south bands, the M4 centerline and section, and the section ends."""
    import geo

    c = corridor if corridor is not None else geo.default_corridor()
    km = c.width_m / 1000
    width = f"{km:g} km"
    layers = []
    for side, desc in (("north", "Turkish responsibility"), ("south", "Russian responsibility")):
        band = getattr(c, side)
        pt = band.representative_point()
        label = (f'<span class="geo-band-label geo-{side}">{side.capitalize()} band · {e(width)}'
                 "</span>")
        colour = band_colour(side)
        layers.append(JsLayer("area", _geojson(band), {
            "style": {"color": colour, "weight": 1.5, "fillColor": colour,
                      "fillOpacity": MAP_BAND_OPACITY, "className": f"geo-band geo-band-{side}"},
            "tooltip": f"{side.capitalize()} band of the M4 security corridor: {e(width)} "
                       f"from the road ({e(desc)} in reports)",
            "label": label, "labelAt": [pt.y, pt.x],
        }, name=f'<span style="color:{colour}">■</span> Corridor, {side} band ({e(width)})'))
    meta = getattr(c, "meta", {}) or {}
    acc = meta.get("accuracy_m")
    note = f"; centerline accurate to about {acc / 1000:g} km" if acc else ""
    line = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": _geojson(c.centerline)}]}
    section = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": _geojson(c.section)}]}
    layers.append(JsLayer("area", line, {
        "style": {"color": "#555", "weight": 2, "dashArray": "6 4", "className": "geo-m4-full"},
        "tooltip": "M4 highway (outside the patrol section)" + e(note),
    }, name="M4 highway, full line"))
    layers.append(JsLayer("area", section, {
        "style": {"color": ROAD_COLOUR, "weight": 3.5, "className": "geo-m4"},
        "tooltip": "M4 highway, patrol section Trumba – Ain al-Havr" + e(note),
    }, name="M4 highway, patrol section"))
    ends = []
    for name, (lon, lat) in (c.endpoints or {}).items():
        ar = END_NAMES_AR.get(str(name).lower(), "")
        label = (f'<span dir="rtl" lang="ar" class="geo-ar">{e(ar)}</span> ' if ar else "") + e(
            str(name))
        ends.append([float(lat), float(lon), label])
    if ends:
        layers.append(JsLayer("points", ends, {"engineLabels": True, "style": {
            "radius": 6, "color": "#111", "weight": 2, "fillColor": END_COLOUR, "fillOpacity": 1,
            "className": "geo-end"}}, name="Section ends (Trumba, Ain al-Havr)"))
    return layers


# ------------------------------------------------------------------ offline base map

#: Villages are named in this box (the corridor and about 30 km around it: lat0, lon0, lat1,
#: lon1); cities and towns everywhere in Syria. 2,300 villages add about 110 KB to a page.
SETTLEMENT_BOX = (35.35, 35.95, 36.25, 37.25)
#: Settlement tiers (city, town, ranked or populated village, other village) and the zoom
#: from which each is named; the page places names in this order and drops those that collide.
SETTLEMENT_MIN_ZOOM = (7, 9, 10, 11)

#: Roads beyond the corridor's own centerline, as waypoints (lat, lon) = the bundled
#: gazetteer's town points on the road (Who's On First / GeoNames). Approximate: a few km.
ROADS = {
    "M4 Latakia – al-Bassa": [(35.5317, 35.7901), (35.5036, 35.8398)],
    "M4 Aleppo – al-Yarubiyah": [
        (36.2037, 37.1726), (36.3699, 37.5179), (36.5266, 37.9563), (36.3855, 38.8623),
        (36.6556, 40.3708), (37.0522, 41.2314), (36.8114, 42.0621)],
    "M5 Nasib – Saraqib": [
        (32.5518, 36.1881), (32.6189, 36.1021), (33.0723, 36.1838), (33.5102, 36.2913),
        (33.7385, 36.6007), (34.0255, 36.7284), (34.1527, 36.7415), (34.412, 36.7587),
        (34.7315, 36.6854), (34.8406, 36.7309), (34.9265, 36.7324), (35.1318, 36.7578),
        (35.2919, 36.7485), (35.3762, 36.6897), (35.4421, 36.651), (35.6483, 36.6769),
        (35.8645, 36.8059)],
}
#: Syria's neighbours and the sea, named on the offline base map (label points outside Syria).
NEIGHBOURS = [
    (36.35, 36.08, "تركيا", "Turkey"), (37.25, 39.0, "تركيا", "Turkey"),
    (34.05, 35.85, "لبنان", "Lebanon"), (32.1, 36.9, "الأردن", "Jordan"),
    (34.2, 41.9, "العراق", "Iraq"), (35.2, 35.35, "البحر المتوسط", "Mediterranean Sea"),
]


def settlements_data(box: tuple[float, float, float, float] = SETTLEMENT_BOX
                     ) -> tuple[dict, dict[str, int]]:
    """Settlement names for the offline base map, and their index by place id.

    Rows ``[lat, lon, tier, arabic, english]`` (names HTML-escaped), sorted by tier, then
    population and rank: the page names them in this order, denser as you zoom in.
    """
    import numpy as np

    from gazetteer.store import Store

    s = Store.default()
    kind = np.asarray(s.kind, dtype=object)
    lat, lon = np.asarray(s.lat, float), np.asarray(s.lon, float)
    pop = np.nan_to_num(np.asarray(s.population, float), nan=0.0)
    rank = np.asarray(s.rank, int)
    in_box = (lat > box[0]) & (lon > box[1]) & (lat < box[2]) & (lon < box[3])
    village = kind == "village"
    tier = np.select([kind == "city", kind == "town", village & ((rank > 0) | (pop > 0)),
                      village], [0, 1, 2, 3], -1)
    keep = (tier >= 0) & (~village | in_box) & np.isfinite(lat) & np.isfinite(lon)
    idx = np.flatnonzero(keep)
    idx = idx[np.lexsort((-rank[idx], -pop[idx], tier[idx]))]
    rows, index = [], {}
    for i in idx:
        ar, en = _nz(s.name_ar[i]), _nz(s.name_en[i])
        if not (ar or en):
            continue
        index[s.ids[i]] = len(rows)
        rows.append([round(float(lat[i]), 4), round(float(lon[i]), 4), int(tier[i]), e(ar),
                     e(en)])
    return {"rows": rows, "minZoom": list(SETTLEMENT_MIN_ZOOM)}, index


def base_extras() -> dict:
    """Roads and neighbours' names for the offline base map (escaped)."""
    return {
        "roads": [[[la, lo] for la, lo in pts] for pts in ROADS.values()],
        "roadNames": [e(n) for n in ROADS],
        "neighbours": [[la, lo, f'<span dir="rtl" lang="ar" class="geo-ar">{e(ar)}</span>'
                        f"<br>{e(en)}"] for la, lo, ar, en in NEIGHBOURS],
    }


# ------------------------------------------------------------------ report places

def _safe_url(url: Any) -> str:
    if not isinstance(url, str) or not url:
        return ""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return ""
    return e(url.strip(), quote=True) if scheme in ("http", "https") else ""


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _date(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    m = _DATE.match(str(v))
    return m.group(0) if m else ""


def highlight(excerpt: str, start: Any, end: Any, surface: str | None = None) -> str:
    """Escaped ``excerpt`` with the mention wrapped in ``<mark>``.

    >>> highlight("قصف <b>سراقب</b>", 4, 16)
    'قصف <mark>&lt;b&gt;سراقب&lt;/b&gt;</mark>'
    """
    excerpt = "" if excerpt is None or excerpt != excerpt else str(excerpt)
    try:
        a, b = int(start), int(end)
    except (TypeError, ValueError):
        a = b = -1
    if not (0 <= a < b <= len(excerpt)) or (surface and excerpt[a:b] != surface):
        a = excerpt.find(surface) if surface else -1
        b = a + len(surface) if a >= 0 else -1
    if a < 0:
        return e(excerpt)
    return f"{e(excerpt[:a])}<mark>{e(excerpt[a:b])}</mark>{e(excerpt[b:])}"


def corridor_status_of(events: pd.DataFrame) -> pd.Series:
    """The display status of every row (:func:`geo.vocabulary.display_statuses`: the
    ``corridor_status``, with the band for ``inside``), what markers, legend and timeline are
    keyed by; a table without a corridor answer (a plain points file) is ``unlocated``.
    """
    import pandas as pd

    from geo.vocabulary import display_statuses

    if "corridor_status" not in events.columns:
        return pd.Series("unlocated", index=events.index, dtype=object)
    side = events["side"] if "side" in events.columns else [None] * len(events)
    return pd.Series(display_statuses(events["corridor_status"], side), index=events.index,
                     dtype=object)


def _status_html(p: Any) -> str:
    from geo.answers import describe

    text = e(describe(p._asdict() if hasattr(p, "_asdict") else p))
    if getattr(p, "status", None) in ("outside_syria", "outside_syria_bounds"):
        text += " · outside Syria"
    return text[:1].upper() + text[1:]


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _nz(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


PLACE_FIELDS = ["lat", "lon", "corridor", "low", "precision", "count", "size", "title", "tip",
                "name_ar", "name_en", "kind", "coords", "status_html", "confidence",
                "alternatives", "mentions", "more", "dates", "per_date", "settlement"]


def _dates_of(events: pd.DataFrame) -> list[str]:
    """Every report date in the events table, sorted (the date filter's and chart's days)."""
    return sorted({_date(d) for d in events["date"]} - {""})


def places_data(events: pd.DataFrame, min_confidence: float = 0.5,
                places: pd.DataFrame | None = None,
                settlement_index: dict[str, int] | None = None) -> dict:
    """Compact, escaped marker data for :func:`places_layer` (one row per place).

    ``dates`` lists the report days; each place has ``per_date`` ([day index, mentions], day
    index -1 for undated mentions) and ``mentions`` ([excerpt, date, url, report id, day
    index, event id]), sorted by date, the first :data:`MAX_MENTIONS_IN_POPUP` of each day, so
    that the page can show the first ones inside any date range. The event id is the events
    table's ``event_id_cnty`` (:func:`geo.events.event_ids`): a popup's mention is found in
    the table, and in the store, by it.
    """
    from geo.events import group_places

    if places is None:
        places = group_places(events)
    if len(places):
        places = places[~places["kind"].isin(NOT_POINTS)]
    statuses = corridor_status_of(events)
    dates = _dates_of(events)
    day = {d: i for i, d in enumerate(dates)}
    rows = []
    cols = {c: events[c].to_numpy() if c in events.columns else [None] * len(events)
            for c in ("excerpt", "excerpt_start", "excerpt_end", "surface", "date", "url",
                      "report_id", "event_id_cnty")}
    for p in places.itertuples(index=False):
        ks = [events.index.get_loc(i) for i in p.rows]
        dis = [day.get(_date(cols["date"][k]), -1) for k in ks]
        order = sorted(range(len(ks)), key=lambda j: (dis[j] < 0, dis[j], j))
        mentions, per_date, shown = [], {}, {}
        for j in order:
            k, di = ks[j], dis[j]
            per_date[di] = per_date.get(di, 0) + 1
            if shown.get(di, 0) >= MAX_MENTIONS_IN_POPUP:
                continue
            shown[di] = shown.get(di, 0) + 1
            mentions.append([
                highlight(cols["excerpt"][k], cols["excerpt_start"][k], cols["excerpt_end"][k],
                          _nz(cols["surface"][k])),
                e(_date(cols["date"][k])), _safe_url(cols["url"][k]),
                e(_nz(cols["report_id"][k])), di, e(_nz(cols["event_id_cnty"][k])),
            ])
        name_ar, name_en = _nz(p.name_ar), _nz(p.location)  # geo.names.common_name
        low = float(p.confidence) < min_confidence
        key = statuses.iloc[ks[0]]
        rows.append([
            round(float(p.lat), 5), round(float(p.lon), 5), key, low,
            int(p.geo_precision) if _num(p.geo_precision) is not None else None,
            int(p.count), int(min(34, 16 + 4 * math.log2(p.count))),
            # title/alt are set as DOM properties by Leaflet, not parsed as HTML
            (name_en or name_ar) + (" (low confidence)" if low else ""),
            f'<span dir="rtl" lang="ar" class="geo-ar">{e(name_ar)}</span>'
            + (f" · {e(name_en)}" if name_en else "") + (" ?" if low else ""),
            e(name_ar or name_en), e(name_en), e(_nz(p.kind) or "place"),
            f"{float(p.lat):.5f}° N, {float(p.lon):.5f}° E", _status_html(p._replace(corridor=key)),
            f"{float(p.confidence):.2f}", e(_nz(p.alternatives)), mentions,
            max(0, len(p.rows) - MAX_MENTIONS_IN_POPUP),
            [d for d in (_date(x) for x in p.dates) if d],
            sorted(per_date.items()),
            (settlement_index or {}).get(_nz(p.place_id), -1),
        ])
    return {"fields": PLACE_FIELDS, "rows": rows, "days": dates,
            "colours": status_colours(drawn_only=True)}


def places_layer(events: pd.DataFrame, *, cluster: bool | None = None,
                 min_confidence: float = 0.5, name: str = "Report places",
                 places: pd.DataFrame | None = None,
                 settlement_index: dict[str, int] | None = None) -> PlacesLayer:
    """One marker per resolved place, coloured by corridor status, clustered when many.

    The layer's ``counts`` attribute holds the number of markers per status.
    """
    data = places_data(events, min_confidence, places, settlement_index)
    if cluster is None:
        cluster = len(data["rows"]) > 50
    layer = PlacesLayer(data, cluster=cluster, name=f"{e(name)} ({len(data['rows'])})")
    i = data["fields"].index("corridor")
    layer.counts = {}
    for r in data["rows"]:
        layer.counts[r[i]] = layer.counts.get(r[i], 0) + 1
    return layer


def timeline_data(events: pd.DataFrame) -> dict:
    """Mentions per (day, status) and unmapped mentions per day, for the legend and the chart.

    ``counts``: [[day index, status index, n]…] with day index -1 for undated mentions;
    ``missing``: [[day index, n]…] of the mentions listed in the "Not on the map" panel.
    """
    import pandas as pd

    dates = _dates_of(events)
    day = {d: i for i, d in enumerate(dates)}
    keys = list(STATUS_STYLES)
    di = events["date"].map(lambda d: day.get(_date(d), -1))
    st = corridor_status_of(events).map(keys.index)
    counts = pd.DataFrame({"d": di.to_numpy(), "s": st.to_numpy()}).value_counts().sort_index()
    miss = _unmapped(events)
    mcounts = di[miss.index].value_counts().sort_index()
    return {"days": dates, "statuses": keys,
            "colours": [STATUS_STYLES[k].colour for k in keys],
            "labels": [STATUS_STYLES[k].label for k in keys],
            "counts": [[int(d), int(s), int(n)] for (d, s), n in counts.items()],
            "missing": [[int(d), int(n)] for d, n in mcounts.items()]}


def legend(counts: dict[str, int], corridor_width_km: float, min_confidence: float,
           accuracy_m: float | None = None, roads: bool = True,
           settlements: bool = True) -> JsCall:
    """A legend panel: one entry per layer drawn and per status (``counts``: mentions each).

    The page updates the counts (``.geo-lg-n[data-status]``) when the date range changes.
    """
    rows = ["<details open><summary><b>Legend</b></summary>",
            '<b>Report places</b> <small title="On a marker: its mentions; on a ringed '
            'cluster: places">(mentions in the chosen dates)</small>']
    for k, st in STATUS_STYLES.items():
        sw = (f'<span class="geo-sw" style="background:{st.colour}"></span>' if st.drawn
              else '<span class="geo-sw geo-none"></span>')
        rows.append(f'<div class="geo-lg-row" data-status="{k}">{sw}{e(st.short)} '
                    f'(<span class="geo-lg-n" data-status="{k}">{counts.get(k, 0)}</span>)</div>')
    rows.append('<div><span class="geo-sw geo-low"></span>? Low confidence '
                f"(&lt; {min_confidence:.2f}): check it</div>")
    w = f"{corridor_width_km:g} km"
    rows.append("<b>M4 security corridor</b>")
    for side in ("north", "south"):
        c = band_colour(side)
        rows.append(f'<div><span class="geo-sw geo-band" style="background:{c}4d;'
                    f'border-color:{c}"></span>{side.capitalize()} band, {w}</div>')
    rows.append(f'<div><span class="geo-sw geo-line" style="background:{ROAD_COLOUR}"></span>'
                "M4, patrol section Trumba – Ain al-Havr</div>")
    rows.append('<div><span class="geo-sw geo-line geo-dashed"></span>'
                "M4, the whole centerline</div>")
    rows.append('<div><span class="geo-sw geo-end-sw"></span>Section ends (Trumba, '
                "Ain al-Havr)</div>")
    if roads:
        rows.append("<b>Offline base map</b>")
        rows.append('<div title="Approximate: joins towns on the road"><span class="geo-sw '
                    'geo-line geo-road-sw"></span>M4 and M5, beyond (approximate)</div>')
    if settlements:
        rows.append('<div title="From the bundled gazetteer: more as you zoom in"><span '
                    'class="geo-sw geo-town-sw"></span>Settlements (zoom in for more)</div>')
        rows.append('<div><span class="geo-sw geo-gov-sw"></span><i>Governorate</i> names '
                    "and boundaries</div>")
    acc = f" The centerline is accurate to about {accuracy_m / 1000:g} km." if accuracy_m else ""
    rows.append('<div class="geo-note">Protocol of 5 March 2020: 6 km north and south of '
                f"the M4; exact parameters never published.{acc}</div></details>")
    return JsCall("panel", "".join(rows), "bottomright", "geo-legend")


def _unmapped(events: pd.DataFrame) -> pd.DataFrame:
    return events[~events["resolved"].astype(bool) | events["kind"].isin(NOT_POINTS)]


def unresolved_panel(events: pd.DataFrame, limit: int = 200) -> JsCall | None:
    """A collapsible panel listing mentions that are not on the map, and why."""
    if events is None or not len(events):
        return None
    miss = _unmapped(events)
    if miss.empty:
        return None
    day = {d: i for i, d in enumerate(_dates_of(events))}
    items = []
    for r in miss.head(limit).itertuples(index=False):
        if r.resolved:
            why = "a road (drawn as a line)" if r.kind == "road" else "a country: not a point"
        else:
            why = "not found in the gazetteer or too ambiguous"
        ex = highlight(_nz(r.excerpt), r.excerpt_start, r.excerpt_end, _nz(r.surface))
        items.append(
            f'<li data-day="{day.get(_date(r.date), -1)}">'
            f'<b dir="rtl" lang="ar" class="geo-ar">{e(_nz(r.surface))}</b> — {why}'
            f'<div class="geo-excerpt" dir="rtl" lang="ar">{ex}</div>'
            f"<small>{e(_nz(r.report_id))}</small></li>")
    more = (f'<li class="geo-more">+ {len(miss) - limit} more</li>' if len(miss) > limit
            else "")
    body = (f'<details><summary>Not on the map: <span class="geo-miss-n">{len(miss)}</span> '
            f'mention{"s" if len(miss) != 1 else ""}</summary><ul>{"".join(items)}{more}</ul>'
            "</details>")
    return JsCall("panel", body, "bottomleft", "geo-unresolved")


# ------------------------------------------------------------------ the map

def _events_from(data: Any, gazetteer: Any, corridor: Any) -> pd.DataFrame | None:
    import pandas as pd

    from geo.events import extract_events

    if data is None:
        return None
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, (str, os.PathLike)):
        data = [data]
    data = list(data)
    if data and all(isinstance(d, os.PathLike) for d in data):
        from geo.events import load_inputs

        events, failed = load_inputs(data, gazetteer=gazetteer, corridor=corridor)
        for msg in failed:
            warnings.warn(msg, stacklevel=3)
        return events
    return extract_events(data, gazetteer=gazetteer, corridor=corridor)


def report_map(data: Any = None, *, corridor: Any = None, gazetteer: Any = None,
               offline: bool = True, cluster: bool | None = None, min_confidence: float = 0.5,
               tiles: Sequence[str] = TILES, title: str | None = None,
               date_filter: bool | None = None, governorates: bool = True) -> folium.Map:
    """An interactive map of report places and the M4 corridor, as a ``folium.Map``.

    ``data``: a report text (``str``), a list of reports (texts, or mappings/objects with
    ``text`` and optional ``id``, ``date``, ``url``), file paths as ``pathlib.Path`` (reports
    as ``geo extract`` reads them, or GeoJSON/CSV events), an events table from
    :mod:`geo.events`, or ``None`` for the corridor alone. ``offline=True`` (the default)
    inlines every script and stylesheet so the saved page works with no network;
    ``offline=False`` uses folium's CDN links.
    ``date_filter`` adds From/To date inputs (default: when the places carry two dates or more).
    """
    import geo

    c = corridor if corridor is not None else geo.default_corridor()
    events = _events_from(data, gazetteer, c)
    m = folium.Map(location=[35.75, 36.5], zoom_start=9, tiles=None, control_scale=True,
                   prefer_canvas=False)
    attach(m, offline=offline)
    if title:
        m.get_root().title = e(title)
    m.add_child(GeoAssets())

    webs = tile_layers(tiles)
    for t in webs:
        m.add_child(t)
    settlements, s_index = settlements_data() if governorates else (None, {})
    base, lines = (governorate_layers(c, base_extras()) if governorates else (None, None))
    if base is not None:
        m.add_child(base)
    if lines is not None:
        m.add_child(lines)
    c_layers = corridor_layers(c)
    for layer in c_layers:
        m.add_child(layer)
    ends = next((la for la in c_layers if la.fn == "points"), None)

    places, counts, timeline = None, {}, None
    if events is not None and len(events):
        places = places_layer(events, cluster=cluster, min_confidence=min_confidence,
                              settlement_index=s_index)
        m.add_child(places)
        timeline = timeline_data(events)
        for _d, si, n in timeline["counts"]:
            k = timeline["statuses"][si]
            counts[k] = counts.get(k, 0) + n
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    meta = getattr(c, "meta", {}) or {}
    m.add_child(legend(counts, c.width_m / 1000, min_confidence, meta.get("accuracy_m"),
                       roads=base is not None, settlements=base is not None))
    panel = unresolved_panel(events) if events is not None else None
    if panel is not None:
        m.add_child(panel)
    m.add_child(JsCall("measure"))
    if places is not None and timeline is not None:
        dates = timeline["days"]
        if (date_filter if date_filter is not None else len(dates) >= 2) and dates:
            m.add_child(JsCall("dateFilter", places, timeline))
    if base is not None and webs:
        m.add_child(JsCall("tileFallback", webs, base))
    m.add_child(JsCall("labels", base, places, ends, settlements))
    m.add_child(JsCall("fitBounds", _fit_bounds(c, events)))  # no zoom animation on opening
    m.add_child(JsCall("ready"))
    return m


def _fit_bounds(c: Any, events: pd.DataFrame | None) -> list[list[float]]:
    """The corridor plus the report places near it (far places are one pan away)."""
    (y0, x0), (y1, x1) = _latlon_bounds([c.north, c.south, c.section])
    if events is not None and len(events):
        ok = events["resolved"].astype(bool).to_numpy()
        lat = events["lat"].to_numpy(float)[ok]
        lon = events["lon"].to_numpy(float)[ok]
        near = (lat > y0 - 0.6) & (lat < y1 + 0.6) & (lon > x0 - 0.6) & (lon < x1 + 0.6)
        if near.any():
            y0, y1 = min(y0, lat[near].min()), max(y1, lat[near].max())
            x0, x1 = min(x0, lon[near].min()), max(x1, lon[near].max())
    pad = 0.02
    return [[float(y0) - pad, float(x0) - pad], [float(y1) + pad, float(x1) + pad]]


def render(m: folium.Map) -> str:
    """The page's HTML text."""
    return m.get_root().render()


def save_map(m: folium.Map, path: str | os.PathLike) -> None:
    """Write the page atomically (``-``: standard output)."""
    from geo.io import atomic_output

    text = render(m)
    with atomic_output(path) as f:  # a full disk is a one-line InputError, not a traceback
        f.write(text)


# ------------------------------------------------------------------ the bundled example

EXAMPLE = "shaam-2020-03-23"
#: Every bundled example, oldest first: the Shaam report and two composed ones (see NOTICE.md).
#: The composed ones live in ``examples/composed/``: they carry no hand annotation, and the
#: extraction scorers read every report in ``examples/`` as annotated.
EXAMPLES = (EXAMPLE, "composed/composed-2020-04-08-joint-patrol",
            "composed/composed-2020-04-20-ariha-shelling")


def example_report(name: str = EXAMPLE) -> dict:
    """A bundled sample report (default: Shaam network, 23 March 2020): id, date, url, source,
    text and, for the composed ones, ``expected_places``."""
    from importlib import resources

    folder = resources.files("geo").joinpath("data", "examples", *name.split("/")[:-1])
    leaf = name.rsplit("/", 1)[-1]
    meta = json.loads(folder.joinpath(f"{leaf}.json").read_text(encoding="utf-8"))
    text = folder.joinpath(f"{leaf}.txt").read_text(encoding="utf-8")
    return {"id": meta.get("id", name), "date": meta.get("date"), "url": meta.get("url"),
            "source": meta.get("source"), "text": text,
            "expected_places": meta.get("expected_places", [])}


def example_reports() -> list[dict]:
    """Every bundled example report (:data:`EXAMPLES`)."""
    return [example_report(n) for n in EXAMPLES]


def example_map(**kwargs: Any) -> folium.Map:
    """:func:`report_map` of the bundled example reports."""
    return report_map(example_reports(), **kwargs)


__all__ = ["EXAMPLES", "TILES", "base_extras", "corridor_layers",
           "corridor_status_of", "example_map", "example_report", "example_reports",
           "governorate_layers", "highlight", "js_json", "legend", "places_data",
           "places_layer", "render", "report_map", "save_map", "settlements_data", "status_css",
           "tile_layers", "timeline_data", "unresolved_panel"]
