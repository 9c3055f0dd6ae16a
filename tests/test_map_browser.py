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
    # web tiles fail (every request is blocked): the page switches to its offline base by itself
    page.wait_for_selector(".folium-map[data-geo-base=offline]", state="attached",
                           timeout=15_000)
    return page


def test_offline_map_draws_corridor_and_markers(offline_page, map_file):
    page = _open(offline_page, map_file)
    assert page.geo_errors == []
    assert page.geo_blocked and all(u.startswith("http") for u in page.geo_blocked)
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
    assert page.locator(".geo-pin.geo-partly_inside").count() == 3
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
    # marker labels (zoom 11+) carry the hostile names as text, in the label and its title
    page.keyboard.press("Escape")
    _view(page, 35.8623, 36.8003, 12)
    label = page.locator(".geo-mlabel").first
    assert label.get_attribute("title") == "Saraqib<script>"
    assert "<img src=x" in label.inner_text() and label.locator("img, script").count() == 0
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
    assert "rgb(" in ring                         # coloured from the page's status colours
    assert page.geo_errors == []


# ------------------------------------------------------------------ the example map (issue 13)

ARIHA = (35.8125, 36.6111)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The bundled example reports: their events table and their offline page (built once)."""
    from geo.maps import example_reports

    events = events_from_reports(example_reports())
    path = tmp_path_factory.mktemp("example") / "map.html"
    save_map(report_map(events), path)
    return events, path


def events_from_reports(reports):
    from geo.events import extract_events

    return extract_events(reports)


def _view(page, lat, lon, zoom):
    n = int(page.get_attribute(".folium-map", "data-geo-layout") or 0)
    page.evaluate(f"GeoMap._map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
    page.wait_for_function(
        f"+document.querySelector('.folium-map').getAttribute('data-geo-layout') > {n}",
        timeout=5_000)


def _set_range(page, lo, hi):
    page.fill(".geo-from", lo)
    page.fill(".geo-to", hi)
    page.dispatch_event(".geo-to", "change")
    page.wait_for_timeout(50)


def test_zoom_12_near_ariha_names_most_corridor_settlements(offline_page, example, corridor):
    import re

    import geo
    from geo.maps import settlements_data

    events, path = example
    page = _open(offline_page, path)
    _view(page, *ARIHA, 12)
    data, _ = settlements_data()
    rows = data["rows"]
    # every settlement drawn in the open part of the map (not under the panels)
    pts = page.evaluate("""rows => rows.map(r => {
        const p = GeoMap._map.latLngToContainerPoint([r[0], r[1]]); return [p.x, p.y]; })""",
                        [r[:2] for r in rows])
    mentioned = set(events.loc[events["resolved"].astype(bool), "name_ar"])
    candidates = [i for i, (x, y) in enumerate(pts) if 330 < x < 760 and 30 < y < 730
                  and rows[i][3] not in mentioned]
    inside = geo.classify([rows[i][1] for i in candidates], [rows[i][0] for i in candidates],
                          corridor=corridor)["in_corridor"].to_numpy(bool)
    wanted = {i for i, ok in zip(candidates, inside, strict=True) if ok}
    assert len(wanted) >= 10
    classes = page.eval_on_selector_all(".geo-lbl-town", "els => els.map(e => e.className)")
    named = {int(m.group(1)) for c in classes if (m := re.search(r"geo-s-(\d+)", c))}
    assert len(wanted & named) / len(wanted) >= 0.7, (len(wanted & named), len(wanted))
    # names are Arabic with the English below, and none covers another
    label = page.locator(".geo-lbl-town .geo-ar").first
    assert label.get_attribute("dir") == "rtl"
    boxes = page.eval_on_selector_all(
        ".geo-lbl-text", "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })")
    overlaps = sum(1 for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1)
    assert overlaps == 0
    assert page.geo_errors == []


def test_marker_labels_from_zoom_11(offline_page, example):
    page = _open(offline_page, example[1])
    _view(page, *ARIHA, 10)
    assert page.locator(".geo-mlabel").count() == 0
    _view(page, *ARIHA, 11)
    labels = page.locator(".geo-mlabel")
    assert labels.count() >= 3
    ariha = page.locator(".geo-mlabel", has_text="أريحا")
    assert ariha.count() == 1 and ariha.get_attribute("title") == "Ariha"
    assert not ariha.locator(".geo-ml-en").is_visible()
    ariha.hover()
    assert ariha.locator(".geo-ml-en").is_visible()          # English on hover
    # the label sits beside its marker, not on it
    pin = page.locator('.geo-pin[title="Ariha"]').bounding_box()
    box = ariha.bounding_box()
    assert box["x"] >= pin["x"] + pin["width"] - 1 or box["x"] + box["width"] <= pin["x"] + 1 \
        or box["y"] >= pin["y"] + pin["height"] - 1 or box["y"] + box["height"] <= pin["y"] + 1
    assert page.geo_errors == []


def _in_range(events, lo, hi):
    d = events["date"].astype(str).str[:10]
    return events[(d >= lo) & (d <= hi)]


def test_date_range_filters_markers_legend_popups_and_panel(offline_page, example):
    from geo.maps import NOT_POINTS, corridor_status_of

    events, path = example
    page = _open(offline_page, path)
    lo = hi = "2020-04-20"
    _set_range(page, lo, hi)
    sub = _in_range(events, lo, hi)
    pts = sub[sub["resolved"].astype(bool) & ~sub["kind"].isin(NOT_POINTS)]
    # markers: one per place mentioned in the range, numbered with its mentions in the range
    assert page.locator(".geo-pin").count() == pts["place_id"].nunique()
    # the map names a place as the events table's `location` does
    want = pts.groupby("location").agg(n=("surface", "size"), best=("confidence", "max"))
    for name, (n, best) in want.iterrows():
        pin = page.locator(f'.geo-pin[title^="{name}"]')
        assert pin.count() == 1, name
        expected = "?" if best < 0.5 else "" if n == 1 else str(int(n))   # "?": low conf.
        assert pin.inner_text() == expected, name
    # legend counts: the events table's statuses in the range
    counts = corridor_status_of(sub).value_counts()
    shown = page.eval_on_selector_all(
        ".geo-legend .geo-lg-n", "els => els.map(e => [e.dataset.status, +e.textContent])")
    assert {k: v for k, v in shown if v} == {k: int(v) for k, v in counts.items()}
    # "not on the map": the unmapped mentions in the range
    miss = len(sub) - len(pts)
    assert page.inner_text(".geo-miss-n") == str(miss)
    page.click(".geo-unresolved summary")
    assert page.locator(".geo-unresolved li[data-day]:visible").count() == miss
    # popups: only excerpts of reports in the range
    page.click('.geo-pin[title="Ariha"]')
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    items = popup.locator(".geo-pop-mentions li")
    assert items.count() == len(pts[pts["name_en"] == "Ariha"])
    assert all("2020-04-20" in t for t in items.all_inner_texts())
    # the list reads right to left: its numbers stand on the right of the text
    assert page.evaluate("getComputedStyle(document.querySelector('.geo-pop-mentions'))"
                         ".direction") == "rtl"
    ol = popup.locator(".geo-pop-mentions").bounding_box()
    text = items.first.locator(".geo-excerpt").bounding_box()
    assert ol["x"] + ol["width"] - (text["x"] + text["width"]) >= 10   # room for "1." on the right
    # back to every date: the whole table again
    page.click(".geo-all")
    counts = corridor_status_of(events).value_counts()
    shown = page.eval_on_selector_all(
        ".geo-legend .geo-lg-n", "els => els.map(e => [e.dataset.status, +e.textContent])")
    assert {k: v for k, v in shown if v} == {k: int(v) for k, v in counts.items()}
    assert page.geo_errors == []


def test_chart_has_one_bar_per_day_and_sets_the_range(offline_page, example):
    import datetime as dt

    events, path = example
    page = _open(offline_page, path)
    days = sorted(set(events["date"].astype(str).str[:10]))
    first, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
    bars = page.locator(".geo-bar")
    assert bars.count() == (last - first).days + 1             # the reports span < 2 months
    per_day = events.groupby(events["date"].astype(str).str[:10]).size()
    totals = page.eval_on_selector_all(".geo-bar", "els => els.map(e => [e.dataset.from, "
                                       "+e.dataset.total])")
    assert {d: n for d, n in totals if n} == {d: int(n) for d, n in per_day.items()}
    # the bar of 8 April is stacked by status, and a click shows only that day
    bar = page.locator('.geo-bar[data-from="2020-04-08"]')
    assert bar.locator(".geo-bar-part").count() >= 2
    bar.click()
    assert page.get_attribute(".geo-datefilter", "data-range") == "2020-04-08/2020-04-08"
    assert page.locator(".geo-bar.geo-out").count() == bars.count() - 1
    # step: a week at a time from the first report day
    page.click(".geo-step")
    assert page.get_attribute(".geo-datefilter", "data-range") == "2020-03-23/2020-03-29"
    page.click(".geo-step")
    assert page.get_attribute(".geo-datefilter", "data-range") == "2020-03-30/2020-04-05"
    assert page.locator(".geo-pin").count() == 0                # no report that week
    page.click(".geo-step-back")
    assert page.get_attribute(".geo-datefilter", "data-range") == "2020-03-23/2020-03-29"
    assert page.geo_errors == []


@pytest.mark.parametrize("zoom, at, min_labels", [
    (8, (35.6, 36.5), 8), (10, (35.8, 36.55), 25), (12, ARIHA, 40)])
def test_screenshot_per_zoom_is_drawn_and_labelled(offline_page, example, tmp_path, zoom, at,
                                                   min_labels):
    import numpy as np
    from PIL import Image

    page = _open(offline_page, example[1])
    _view(page, *at, zoom)
    shot = tmp_path / f"zoom{zoom}.png"
    img = np.asarray(Image.open(io.BytesIO(page.screenshot(path=shot))).convert("RGB"))
    assert img.std() > 20 and len(np.unique(img.reshape(-1, 3), axis=0)) > 200
    assert int(page.get_attribute(".folium-map", "data-geo-town-labels")) >= min_labels
    # the names are drawn: hiding them changes a good share of the picture
    page.add_style_tag(content=".geo-lbl-text { visibility: hidden !important; }")
    bare = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB"))
    changed = (np.abs(img.astype(int) - bare.astype(int)).sum(axis=2) > 60).mean()
    assert changed > 0.002, changed   # 0 on an unlabelled map
    assert page.geo_errors == []


def test_only_blocked_tiles_are_forgiven(offline_page, tmp_path):
    # the fixture's filter: a blocked tile is expected; any other failed request still counts
    page = offline_page
    html = tmp_path / "p.html"
    html.write_text('<img src="https://tile.example.org/9/300/200.png">', encoding="utf-8")
    page.goto(html.as_uri())
    page.wait_for_timeout(300)
    assert page.geo_blocked and page.geo_errors == []
    html.write_text('<img src="https://example.org/logo.png">', encoding="utf-8")
    page.goto(html.as_uri())
    page.wait_for_timeout(300)
    assert len(page.geo_errors) == 1 and "logo.png" in page.geo_errors[0]
