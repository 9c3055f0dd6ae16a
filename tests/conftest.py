"""Shared fixtures; browser fixtures skip with a clear reason without Chromium or Playwright.

A browser test asks for ``offline_page``: a fresh page whose every http(s) request is aborted by
Playwright routing (the context is not marked offline), with the console errors (less blocked
tiles), uncaught page errors and dialogs it saw on ``page.geo_errors`` and ``page.geo_dialogs``.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

CHROMIUM = os.environ.get("GEO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--font-render-hinting=none"]


def _chromium_path() -> str | None:
    if os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium shared by the session's browser tests."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright)")
    path = _chromium_path()
    if path is None:
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set GEO_CHROMIUM)")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Exception as err:  # pragma: no cover - depends on the machine
            pytest.skip(f"Chromium at {path} does not start: {str(err).splitlines()[0]}")
        yield b
        b.close()


#: Web tile URLs (…/z/x/y or …/tile/z/y/x): their failures are expected when the network is cut.
TILE_URL = re.compile(r"^https?://[^?#]*/\d+/\d+/\d+(?:\.\w+)?(?:[?#].*)?$")


@pytest.fixture
def offline_page(browser):
    """A page whose every http(s) request is blocked by Playwright routing; errors collected.

    Nothing depends on ``navigator.onLine`` or on the Chromium version: the page must notice by
    itself that tiles fail. ``page.geo_errors`` holds every console error and uncaught page
    error, except "Failed to load resource" for a blocked web tile (filtered by URL);
    ``page.geo_blocked`` lists the blocked URLs.
    """
    ctx = browser.new_context(viewport={"width": 1100, "height": 760})
    page = ctx.new_page()
    page.geo_errors = []
    page.geo_dialogs = []
    page.geo_requests = []
    page.geo_blocked = []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
            r.continue_()
        else:
            page.geo_blocked.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)

    def on_console(m):
        if m.type != "error":
            return
        url = (m.location or {}).get("url", "")
        if m.text.startswith("Failed to load resource") and TILE_URL.match(url):
            return  # a blocked tile: expected
        page.geo_errors.append(m.text + (f" ({url})" if url else ""))

    page.on("console", on_console)
    page.on("pageerror", lambda exc: page.geo_errors.append(f"pageerror: {exc}"))
    page.on("request", lambda r: page.geo_requests.append(r.url))

    def on_dialog(d):
        page.geo_dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    yield page
    ctx.close()


# ------------------------------------------------------------------ corridor

@pytest.fixture(scope="session")
def corridor():
    """The bundled default corridor (built once per process)."""
    import geo

    return geo.default_corridor()


# ------------------------------------------------------------------ hand-made mentions

#: Coordinates for the sample report's places that its annotation leaves without a point.
_EXTRA_POINTS = {"Idlib Governorate": (35.9306, 36.6339), "Jabal al-Zawiya": (35.68, 36.47),
                 "al-Ghab plain": (35.65, 36.33)}


@pytest.fixture(scope="session")
def sample_report():
    """The bundled sample report and hand-made mentions built from its annotation.

    Returns ``(text, meta, mentions)``; mentions are dicts shaped like ``Mention.to_dict()``.
    Countries and roads are left unresolved; الدار الكبيرة resolves to the Homs village with a
    low confidence and an alternative, as the annotation's notes describe.
    """
    import json
    from importlib import resources

    folder = resources.files("geo").joinpath("data", "examples")
    meta = json.loads(folder.joinpath("shaam-2020-03-23.json").read_text(encoding="utf-8"))
    text = folder.joinpath("shaam-2020-03-23.txt").read_text(encoding="utf-8")
    mentions = []
    for g in meta["mentions"]:
        lat, lon = g["lat"], g["lon"]
        if lat is None and g["name_en"] in _EXTRA_POINTS:
            lat, lon = _EXTRA_POINTS[g["name_en"]]
        place, conf, cands = None, 0.9, []
        if g["name_en"] == "al-Dar al-Kabira":
            lat, lon, conf = 34.7469, 36.6117, 0.3
            cands = [{"id": "test:dar-kabira-idlib", "name_ar": "الدار الكبيرة",
                      "name_en": "al-Dar al-Kabira", "admin1": "Idlib"}]
        if lat is not None and g["type"] not in ("country", "road"):
            place = {"id": "test:" + g["name_en"], "name_ar": g["name_ar"],
                     "name_en": g["name_en"], "kind": g["type"], "lat": lat, "lon": lon,
                     "admin1": "Homs" if conf < 0.5 else "Idlib", "admin2": None,
                     "source": "test", "source_id": g["name_en"]}
        mentions.append({"surface": g["surface"], "start": g["start"], "end": g["end"],
                         "name": g["name_ar"], "place": place, "confidence": conf,
                         "cues": [], "candidates": [place, *cands] if place else []})
    return text, meta, mentions


#: Report text that tries to run script in a map page.
HOSTILE_TEXT = ('قصف <img src=x onerror="window.__xss=1;alert(1)"> على سراقب '
                "<script>window.__xss=2;alert(2)</script> ومعرة النعمان \"'&")


@pytest.fixture(scope="session")
def hostile_report():
    """``(text, mentions, url)``: script payloads in the text, a place name and the URL."""
    i = HOSTILE_TEXT.index("سراقب")
    j = HOSTILE_TEXT.index("ومعرة النعمان")
    k = HOSTILE_TEXT.index("<script>")
    evil = '<img src=x onerror="window.__xss=3">سراقب'
    mentions = [
        {"surface": "سراقب", "start": i, "end": i + 5, "name": "سراقب", "confidence": 0.9,
         "cues": ["على"], "candidates": [],
         "place": {"id": "test:saraqib", "name_ar": evil, "name_en": "Saraqib<script>",
                   "kind": "town", "lat": 35.8623, "lon": 36.8003, "admin1": "Idlib"}},
        {"surface": "ومعرة النعمان", "start": j, "end": j + 13, "name": "معرة النعمان",
         "confidence": 0.2, "cues": [], "candidates": [],
         "place": {"id": "test:maarat", "name_ar": "معرة النعمان", "name_en": "Maarat al-Numan",
                   "kind": "city", "lat": 35.6433, "lon": 36.6783, "admin1": "Idlib"}},
        {"surface": HOSTILE_TEXT[k:k + 8], "start": k, "end": k + 8, "name": "x",
         "confidence": 0.1, "cues": [], "candidates": [], "place": None},
    ]
    return HOSTILE_TEXT, mentions, "javascript:window.__xss=4"


@pytest.fixture
def events(sample_report, corridor):
    """The sample report's events table (its URL has an ``&`` for the escaping tests)."""
    from geo.events import events_frame, mention_rows

    text, meta, mentions = sample_report
    rows = mention_rows(mentions, text, report_id=meta["id"], date=meta["date"],
                        url="https://www.shaam.org/news/1?a=1&b=2", source=meta["source"])
    return events_frame(rows, corridor=corridor)
