"""The offline map in headless Chromium with the network cut: drawn, clickable, safe, not blank.

Run only these with ``pytest -m browser``; they skip when Chromium or Playwright is missing.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from geo.events import events_frame, mention_rows
from geo.maps import report_map, save_map

pytestmark = pytest.mark.browser

READY = "window.__geoReady !== undefined"


@pytest.fixture(scope="module")
def map_file(tmp_path_factory, request):
    """The sample report and a hostile report on one offline page (built once)."""
    corridor = request.getfixturevalue("corridor")
    text, meta, mentions = request.getfixturevalue("sample_report")
    htext, hmentions, hurl = request.getfixturevalue("hostile_report")
    events = pd.concat([
        events_frame(mention_rows(mentions, text, report_id=meta["id"], date=meta["date"],
                                  url="https://www.shaam.org/news/1"), corridor=corridor),
        events_frame(mention_rows(hmentions, htext, report_id="<b>r</b>", date="2020-03-24",
                                  url=hurl), corridor=corridor),
    ], ignore_index=True)
    path = tmp_path_factory.mktemp("map") / "map.html"
    save_map(report_map(events, corridor=corridor), path)
    return path


def _open(page, path):
    page.goto(path.as_uri())
    page.wait_for_function(READY, timeout=15_000)
    return page


def test_offline_map_draws_corridor_and_markers(offline_page, map_file):
    page = _open(offline_page, map_file)
    assert page.geo_errors == []
    assert page.evaluate("typeof L") == "object" and page.evaluate("L.version") == "1.9.3"
    # web tiles failed (no network): the bundled governorate base map took over
    assert page.get_attribute(".folium-map", "data-geo-base") == "offline"
    assert page.locator(".geo-gov-label").count() == 14
    assert page.locator("path.geo-band-north").count() >= 1
    assert page.locator("path.geo-band-south").count() >= 1
    assert page.locator("path.geo-m4").count() == 1
    assert page.locator("path.geo-end").count() == 2
    # 7 places in the sample report + Saraqib and Maarat al-Numan in the hostile one
    pins = page.locator(".geo-pin")
    assert pins.count() == 9
    colour = "getComputedStyle(document.querySelector(%r)).backgroundColor"
    assert page.evaluate(colour % '.geo-pin[title="Kafr Nabl"]') == "rgb(0, 158, 115)"
    # Idlib governorate, Jabal al-Zawiya, al-Ghab: areas, neither in nor out
    assert page.locator(".geo-pin.geo-region").count() == 3
    low = page.locator(".geo-pin.geo-low")
    assert low.count() == 2 and set(low.all_inner_texts()) == {"?"}
    assert page.evaluate("getComputedStyle(document.querySelector('.geo-pin.geo-low'))"
                         ".borderTopStyle") == "dashed"
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".geo-legend").count() == 1


def test_popup_shows_arabic_name_right_to_left(offline_page, map_file):
    page = _open(offline_page, map_file)
    # tooltips sit centred above their marker (they drift with an RTL map container)
    pin = page.locator('.geo-pin[title="Maarat Hurmah"]')
    pin.hover()
    tip = page.locator(".leaflet-tooltip.geo-tip")
    tip.wait_for(timeout=5_000)
    assert "معرة حرمة" in tip.inner_text()
    a, b = pin.bounding_box(), tip.bounding_box()
    assert abs((a["x"] + a["width"] / 2) - (b["x"] + b["width"] / 2)) < 3
    assert b["y"] + b["height"] <= a["y"] + 2
    page.click('.geo-pin[title="Kafr Nabl"]')
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    name = popup.locator(".geo-pop-names b")
    assert name.inner_text() == "كفرنبل"
    assert name.get_attribute("dir") == "rtl"
    assert popup.locator(".geo-excerpt mark").first.inner_text() == "كفرنبل"
    assert "Outside the corridor" in popup.inner_text()
    assert popup.locator("a").first.get_attribute("href") == "https://www.shaam.org/news/1"
    # the map itself stays left-to-right (Leaflet issue 7201); only the content is RTL
    assert page.evaluate("getComputedStyle(document.querySelector('.folium-map')).direction") \
        == "ltr"
    assert page.evaluate("getComputedStyle(document.querySelector('.geo-excerpt')).direction") \
        == "rtl"
    assert page.geo_errors == []


def test_report_text_cannot_run_script(offline_page, map_file):
    page = _open(offline_page, map_file)
    page.click('.geo-pin[title="Saraqib<script>"]')
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    assert "<img src=x onerror=" in popup.inner_text()         # shown as text
    assert popup.locator("img, script").count() == 0
    assert popup.locator("a").count() == 0                     # javascript: link dropped
    page.click(".geo-unresolved summary")
    assert "<script>" in page.inner_text(".geo-unresolved")
    page.hover('.geo-pin[title="Maarat al-Numan (low confidence)"]')
    page.wait_for_timeout(100)
    assert page.evaluate("window.__xss") is None
    assert page.geo_dialogs == []
    assert not [u for u in page.geo_requests if u.endswith("/x")]
    assert page.geo_errors == []


def test_screenshot_is_not_blank_and_tools_work(offline_page, map_file):
    import numpy as np
    from PIL import Image

    page = _open(offline_page, map_file)
    img = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB"))
    assert img.std() > 20
    assert len(np.unique(img.reshape(-1, 3), axis=0)) > 200
    # measure tool: two clicks 100 px apart give a distance label in km
    page.click(".geo-measure-button")
    box = page.locator(".folium-map").bounding_box()
    x, y = box["x"] + 300, box["y"] + 500
    page.mouse.click(x, y)
    page.mouse.click(x + 100, y)
    label = page.locator(".geo-measure-label").inner_text()
    assert label.endswith("km") and 1 < float(label.split()[0]) < 100
    # date filter: from 24 March only the hostile report's two places remain
    page.fill(".geo-from", "2020-03-24")
    page.dispatch_event(".geo-from", "change")
    assert page.locator(".geo-pin").count() == 2
    assert page.geo_errors == []


def test_many_places_cluster_with_status_rings(offline_page, tmp_path, corridor):
    rows = [{"surface": f"p{i}", "start": 0, "end": 2, "resolved": True, "place_id": f"p{i}",
             "name_ar": f"قرية {i}", "kind": "village", "confidence": 0.9, "geo_precision": 1,
             "lat": 35.80 + (i % 10) * 0.004, "lon": 36.40 + (i // 10) * 0.004}
            for i in range(120)]
    path = tmp_path / "many.html"
    save_map(report_map(events_frame(rows, corridor=corridor), corridor=corridor), path)
    page = _open(offline_page, path)
    clusters = page.locator(".geo-cluster")
    assert clusters.count() >= 1
    assert sum(int(t) for t in clusters.all_inner_texts()) + page.locator(".geo-pin").count() \
        == 120
    ring = page.evaluate("document.querySelector('.geo-cluster > div').style.background")
    assert "conic-gradient" in ring
    assert page.geo_errors == []
