"""Offline assets: inline every script and stylesheet a map page needs.

A stock folium page loads Leaflet, jQuery, Bootstrap and Leaflet.awesome-markers from CDNs, so
opened without a network it shows nothing. Here the same files come from installed packages
(XStatic-Leaflet 1.9.3.0 is exactly folium's Leaflet; XStatic-jQuery 3.7.1; XStatic-Leaflet-
MarkerCluster) and from ``geo/assets/`` (our own small map controls), and are written into the page
as ``<script>``/``<style>`` text. Bootstrap, awesome-markers and their fonts are dropped: our maps
use plain Leaflet markers with CSS ``divIcon``\\ s and need none of them.

branca's own ``embedded=True`` fetches the URL and writes ``b'...'`` into the page; we decode the
bytes ourselves instead.

>>> "Leaflet 1.9.3" in asset_text("leaflet")
True
>>> "url(images/" in asset_text("leaflet_css")   # images inlined as data: URIs
False
"""

from __future__ import annotations

import base64
import functools
import re
import warnings
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from branca.element import CssLink, Element, Figure, JavascriptLink

#: folium's resource names that offline pages leave out (nothing on our maps uses them).
DROPPED = frozenset({
    "bootstrap", "bootstrap_css", "glyphicons_css", "awesome_markers", "awesome_markers_css",
    "awesome_markers_font_css", "awesome_rotate_css",
})


@dataclass(frozen=True)
class Asset:
    """One inlinable file: ``path`` inside the data of ``package`` (an XStatic module or geo)."""

    name: str
    kind: str  # "js" | "css"
    package: str
    path: str
    url_names: tuple[str, ...] = ()  # file names of CDN URLs this asset replaces
    notice: str = ""  # one line written above the text in the page (licence, copyright)

    def read(self) -> str:
        if self.package == "geo":
            data = resources.files("geo").joinpath("assets", self.path).read_bytes()
        else:
            import importlib

            base = Path(importlib.import_module(self.package).BASE_DIR)
            data = (base / self.path).read_bytes()
        return data.decode("utf-8")


_LEAFLET = "Leaflet 1.9.3 (c) 2010-2022 Vladimir Agafonkin, (c) 2010-2011 CloudMade; BSD-2-Clause"
_CLUSTER = "Leaflet.markercluster 1.4.1 (c) 2012 David Leaver; MIT licence"
_JQUERY = "jQuery 3.7.1 (c) OpenJS Foundation and other contributors; MIT licence"
_OURS = "m4-geo map helpers; MIT licence"
ASSETS: dict[str, Asset] = {a.name: a for a in (
    Asset("leaflet", "js", "xstatic.pkg.leaflet", "leaflet.js", ("leaflet.js",), _LEAFLET),
    Asset("leaflet_css", "css", "xstatic.pkg.leaflet", "leaflet.css", ("leaflet.css",),
          _LEAFLET),
    Asset("jquery", "js", "xstatic.pkg.jquery", "jquery.min.js",
          ("jquery-3.7.1.min.js", "jquery.min.js"), _JQUERY),
    Asset("markerclusterjs", "js", "xstatic.pkg.leaflet_markercluster",
          "leaflet.markercluster.js", ("leaflet.markercluster.js",), _CLUSTER),
    Asset("markerclustercss", "css", "xstatic.pkg.leaflet_markercluster", "MarkerCluster.css",
          ("MarkerCluster.css",), _CLUSTER),
    Asset("markerclusterdefaultcss", "css", "xstatic.pkg.leaflet_markercluster",
          "MarkerCluster.Default.css", ("MarkerCluster.Default.css",), _CLUSTER),
    Asset("geo_map_js", "js", "geo", "geo-map.js", (), _OURS),
    Asset("geo_map_css", "css", "geo", "geo-map.css", (), _OURS),
)}

_BY_URL = {u: a for a in ASSETS.values() for u in a.url_names}


@functools.cache
def asset_text(name: str) -> str:
    """The text of asset ``name``, ready to sit inside a ``<script>`` or ``<style>`` element."""
    asset = ASSETS[name]
    text = asset.read()
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)
    if asset.kind == "css" and asset.package != "geo":
        text = _inline_css_urls(text, Path(__import__(asset.package, fromlist=["BASE_DIR"])
                                           .BASE_DIR))
    return safe_inline(text, asset.kind)


def safe_inline(text: str, kind: str) -> str:
    """Make ``text`` unable to close its ``<script>``/``<style>`` element early."""
    if kind == "js":
        return re.sub(r"</(script)", r"<\\/\1", text, flags=re.I).replace("<!--", "<\\!--")
    return re.sub(r"</(style)", r"<\\/\1", text, flags=re.I)


def _inline_css_urls(css: str, base: Path) -> str:
    """Replace ``url(images/x.png)`` by ``data:`` URIs (files next to the stylesheet)."""

    def repl(m: re.Match) -> str:
        ref = m.group(1).strip("'\"")
        if ref.startswith(("data:", "#", "http:", "https:")):
            return m.group(0)
        path = base / ref
        if not path.is_file():
            return m.group(0)
        mime = {"png": "image/png", "svg": "image/svg+xml", "gif": "image/gif"}.get(
            path.suffix.lstrip(".").lower(), "application/octet-stream")
        return f"url(data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')})"

    return re.sub(r"url\(([^)]+)\)", repl, css)


class InlineAsset(Element):
    """A ``<script>`` or ``<style>`` element holding an asset's text (always inline)."""

    def __init__(self, name: str):
        super().__init__()
        self._name = "InlineAsset"
        self.asset_name = name

    def render(self, **kwargs) -> str:
        asset = ASSETS[self.asset_name]
        tag = "script" if asset.kind == "js" else "style"
        return (f"<{tag}>/* {self.asset_name}: {asset.notice} (see geo/assets/NOTICE.md) */\n"
                f"{asset_text(self.asset_name)}\n</{tag}>")


def add_assets(figure: Figure, *names: str) -> None:
    """Put our own assets (``geo_map_js``…) into the page's header, once each."""
    for name in names:
        figure.header.add_child(InlineAsset(name), name=name)


def inline_links(figure: Figure) -> list[str]:
    """Replace the CDN ``<script src>``/``<link>`` entries of a rendered figure's header.

    Known resources become :class:`InlineAsset`; :data:`DROPPED` ones are removed; any other
    link is kept (and returned, with a warning) so that a plugin added by the user still works
    online.
    """
    kept = []
    header = figure.header
    for key, child in list(header._children.items()):
        if not isinstance(child, (JavascriptLink, CssLink)):
            continue
        if key in DROPPED:
            del header._children[key]
            continue
        asset = ASSETS.get(key) or _BY_URL.get(child.url.rsplit("/", 1)[-1].split("?")[0])
        if asset is None:
            kept.append(child.url)
            continue
        header._children[key] = InlineAsset(asset.name)
    if kept:
        warnings.warn("no offline copy of " + ", ".join(kept) + "; the page loads it from the "
                      "network", stacklevel=3)
    return kept


class OfflineFigure(Figure):
    """A branca Figure whose scripts and stylesheets are written into the page itself."""

    def render(self, **kwargs) -> str:
        for child in self._children.values():
            child.render(**kwargs)
        inline_links(self)
        # Our inline assets must follow Leaflet: move them to the end of the header.
        for key in [k for k, c in self.header._children.items() if isinstance(c, InlineAsset)
                    and ASSETS[c.asset_name].package == "geo"]:
            self.header._children[key] = self.header._children.pop(key)
        return self._template.render(this=self, kwargs=kwargs)


class CdnFigure(Figure):
    """A Figure that loads libraries from folium's CDNs (our own small scripts stay inline)."""

    def render(self, **kwargs) -> str:
        for child in self._children.values():
            child.render(**kwargs)
        for key in [k for k, c in self.header._children.items() if isinstance(c, InlineAsset)]:
            self.header._children[key] = self.header._children.pop(key)
        return self._template.render(this=self, kwargs=kwargs)


def attach(m, offline: bool = True):
    """Give folium map ``m`` an :class:`OfflineFigure` (or :class:`CdnFigure`); returns ``m``.

    Works for saving (``m.save``), for ``m.get_root().render()`` and for notebook display.
    """
    fig = (OfflineFigure if offline else CdnFigure)()
    old = m.get_root()
    fig.title = getattr(old, "title", None)
    fig.add_child(m, name=m.get_name())
    return m


__all__ = ["ASSETS", "DROPPED", "Asset", "CdnFigure", "InlineAsset", "OfflineFigure",
           "add_assets", "asset_text", "attach", "inline_links", "safe_inline"]
