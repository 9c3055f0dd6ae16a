"""geo.assets: offline pages carry every script and stylesheet inline, decoded, safe."""

from __future__ import annotations

import re
import warnings
from importlib import resources

import folium
import folium.plugins
import pytest

from geo.assets import ASSETS, DROPPED, asset_text, attach, safe_inline

EXTERNAL = re.compile(r"""<(?:script|link)[^>]+(?:src|href)=["']?(?:https?:)?//""", re.I)


@pytest.mark.parametrize("name", sorted(ASSETS))
def test_every_asset_is_decoded_text(name):
    text = asset_text(name)
    assert isinstance(text, str) and len(text) > 500
    assert not text.startswith(("b'", 'b"'))
    assert not re.search(r"</(script|style)", text, re.I)
    assert "sourceMappingURL" not in text


def test_leaflet_is_the_version_folium_expects():
    urls = dict(folium.Map.default_js)
    version = re.search(r"leaflet@(\d+\.\d+\.\d+)", urls["leaflet"]).group(1)
    assert f"Leaflet {version}" in asset_text("leaflet")[:300]
    jq = re.search(r"jquery-(\d+\.\d+\.\d+)", urls["jquery"]).group(1)
    assert f"jQuery v{jq}" in asset_text("jquery")[:200]


def test_css_images_become_data_uris():
    css = asset_text("leaflet_css")
    assert "url(images/" not in css
    assert css.count("url(data:image/png;base64,") >= 3


def test_safe_inline_cannot_close_the_element():
    assert "</script" not in safe_inline("var s = '</SCRIPT><script>x()</script>';", "js")
    assert "</style" not in safe_inline("a{content:'</style>'}", "css")


def _stock_map():
    m = folium.Map(location=[35.8, 36.6], zoom_start=9)
    cluster = folium.plugins.MarkerCluster().add_to(m)
    folium.CircleMarker([35.8, 36.6], radius=5).add_to(cluster)
    folium.LayerControl().add_to(m)
    return m


def test_offline_figure_inlines_everything():
    m = attach(_stock_map(), offline=True)
    html = m.get_root().render()
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert "Leaflet 1.9.3" in html and "L.MarkerClusterGroup" in html
    assert "b'" not in html[:2000]
    for name in DROPPED:
        assert f"/* {name}:" not in html
    # rendering again (saving twice, notebook display) stays offline
    again = m.get_root().render()
    assert not EXTERNAL.search(again) and again.count("Leaflet 1.9.3, a JS library") == 1
    assert "srcdoc=" in m._repr_html_() and "leaflet@1.9.3" not in m._repr_html_()


def test_cdn_figure_keeps_folium_links():
    html = attach(_stock_map(), offline=False).get_root().render()
    assert 'src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"' in html
    assert "Leaflet 1.9.3, a JS library" not in html


def test_unknown_plugin_keeps_its_link_with_a_warning():
    m = attach(_stock_map(), offline=True)
    folium.plugins.Fullscreen().add_to(m)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        html = m.get_root().render()
    assert any("no offline copy" in str(x.message) for x in w)
    assert "Control.FullScreen" in html or "fullscreen" in html.lower()


def test_vendored_files_have_notices():
    folder = resources.files("geo").joinpath("assets")
    notice = folder.joinpath("NOTICE.md").read_text(encoding="utf-8")
    for lib in ("Leaflet", "jQuery", "Leaflet.markercluster", "geo-map.js"):
        assert lib in notice
    for name, a in ASSETS.items():
        if a.package == "geo":
            assert folder.joinpath(a.path).is_file(), name
