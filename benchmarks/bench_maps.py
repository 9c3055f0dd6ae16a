"""Map size and draw time for 100, 1,000 and 10,000 events, against stock folium markers.

For each size: build the events table and the page (Python), write it, open it in headless
Chromium with the network cut, and time until Leaflet has drawn everything (``window.__geoReady``,
set once every marker is in its cluster or layer; for the baseline, the ``load`` event, after
folium's inline script has added every marker). The baseline, in the same run, is the usual
folium way: one ``folium.Marker`` with a ``folium.Popup`` per event in a ``MarkerCluster``
(offline-inlined too, so both pages load the same libraries). Aim: 10,000 events drawn in
< 3 s, in a file < 10 MB.

    python benchmarks/bench_maps.py                 # 100, 1000, 10000
    python benchmarks/bench_maps.py --sizes 100 1000 --no-baseline-above 1000
"""

from __future__ import annotations

import argparse
import html
import os
import random
import tempfile
import time

CHROMIUM = os.environ.get("GEO_CHROMIUM", "/usr/bin/chromium")
SAMPLE = ("قصفت قوات النظام بلدة في ريف إدلب الجنوبي وأفاد مراسل الشبكة بسقوط قذائف على "
         "المنازل في حين حلقت طائرات الاستطلاع الروسية فوق المنطقة")
WORDS = SAMPLE.split()


def fake_rows(n: int, seed: int = 1) -> list[dict]:
    """``n`` mentions of ``n`` different places around the corridor, over 30 days."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        name = f"قرية {i}"
        before = " ".join(rnd.choices(WORDS, k=12))
        after = " ".join(rnd.choices(WORDS, k=12))
        text = f"{before} {name} {after}"
        rows.append({
            "report_id": f"r{i // 5}", "date": f"2020-03-{1 + i % 30:02d}",
            "url": f"https://example.org/news/{i // 5}", "surface": name,
            "start": len(before) + 1, "end": len(before) + 1 + len(name), "excerpt": text,
            "excerpt_start": len(before) + 1, "excerpt_end": len(before) + 1 + len(name),
            "resolved": True, "place_id": f"bench:{i}", "name_ar": name,
            "name_en": f"Village {i}", "kind": "village",
            "lat": rnd.uniform(35.45, 36.15), "lon": rnd.uniform(35.95, 37.05),
            "admin1": "Idlib", "confidence": rnd.uniform(0.2, 1.0), "geo_precision": 1,
            "alternatives": "",
        })
    return rows


def build_ours(rows: list[dict], path: str) -> float:
    from geo.events import events_frame
    from geo.maps import report_map, save_map

    t = time.perf_counter()
    save_map(report_map(events_frame(rows)), path)
    return time.perf_counter() - t


def build_baseline(rows: list[dict], path: str) -> float:
    import folium
    from folium.plugins import MarkerCluster

    from geo.assets import attach

    t = time.perf_counter()
    m = attach(folium.Map(location=[35.8, 36.5], zoom_start=9), offline=True)
    cluster = MarkerCluster().add_to(m)
    for r in rows:
        ex = html.escape(r["excerpt"])
        folium.Marker([r["lat"], r["lon"]], tooltip=html.escape(r["name_en"]),
                      popup=folium.Popup(f'<b dir="rtl">{html.escape(r["name_ar"])}</b>'
                                         f'<div dir="rtl">{ex}</div>', max_width=300),
                      ).add_to(cluster)
    m.get_root().title = "baseline"
    with open(path, "w", encoding="utf-8") as f:
        f.write(m.get_root().render())
    return time.perf_counter() - t


def draw_ms(browser, path: str, ours: bool) -> tuple[float, int]:
    """Milliseconds from navigation start until everything is drawn; markers + clusters shown."""
    ctx = browser.new_context(viewport={"width": 1200, "height": 800})  # http(s) blocked below
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
              else r.abort())
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("file://" + path, wait_until="load", timeout=120_000)
    if ours:
        page.wait_for_function("window.__geoReady !== undefined", timeout=120_000)
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        ms = page.evaluate("window.__geoReady")
    else:
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    shown = page.locator(".leaflet-marker-icon").count()
    ctx.close()
    if errors:
        raise SystemExit(f"page errors in {path}: {errors[:3]}")
    return ms, shown


def page_parts() -> None:
    """What the page is made of: the corridor alone, with and without the offline base map."""
    from geo.maps import example_map, render, report_map, settlements_data

    full = len(render(report_map()).encode("utf-8"))
    bare = len(render(report_map(governorates=False)).encode("utf-8"))
    import json

    st = len(json.dumps(settlements_data()[0], ensure_ascii=False).encode("utf-8"))
    ex = len(render(example_map()).encode("utf-8"))
    print(f"corridor only: {full / 1e3:.0f} KB (offline base map {(full - bare) / 1e3:.0f} KB, "
          f"of which settlement names {st / 1e3:.0f} KB); the bundled example: {ex / 1e3:.0f} KB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--no-baseline-above", type=int, default=10000,
                    help="skip the (slow) folium baseline above this many events")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    folder = tempfile.mkdtemp(prefix="bench_maps_")
    page_parts()
    print(f"{'events':>7} {'map':>9} {'MB':>6} {'build s':>8} {'draw ms':>8} {'shown':>6}"
          f" | {'folium MB':>9} {'build s':>8} {'draw ms':>8} | {'size x':>6} {'draw x':>6}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        build_ours(fake_rows(10), os.path.join(folder, "warm.html"))   # imports, caches
        for n in args.sizes:
            rows = fake_rows(n)
            ours = os.path.join(folder, f"ours_{n}.html")
            tb = build_ours(rows, ours)
            mb = os.path.getsize(ours) / 1e6
            ms, shown = draw_ms(browser, ours, True)
            line = f"{n:>7} {'geo':>9} {mb:>6.2f} {tb:>8.2f} {ms:>8.0f} {shown:>6}"
            if n <= args.no_baseline_above:
                base = os.path.join(folder, f"folium_{n}.html")
                tb0 = build_baseline(rows, base)
                mb0 = os.path.getsize(base) / 1e6
                ms0, _ = draw_ms(browser, base, False)
                line += (f" | {mb0:>9.2f} {tb0:>8.2f} {ms0:>8.0f} | {mb0 / mb:>6.1f}"
                         f" {ms0 / ms:>6.1f}")
            print(line, flush=True)
        browser.close()
    print(f"(pages in {folder}; 'size x' and 'draw x' = folium baseline / ours, higher is better)")


if __name__ == "__main__":
    main()
