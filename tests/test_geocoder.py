"""The geopy-compatible geocoder, geopandas integration, and the online fallback (fake server)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlparse

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from gazetteer.geocoder import OfflineGazetteer


@pytest.fixture(scope="module")
def coder() -> OfflineGazetteer:
    return OfflineGazetteer()


def test_is_a_geopy_geocoder(coder):
    assert isinstance(coder, Geocoder)


def test_geocode_arabic_and_latin(coder):
    loc = coder.geocode("سراقب")
    assert isinstance(loc, Location)
    assert (round(loc.latitude, 3), round(loc.longitude, 3)) == (35.864, 36.806)
    assert loc.raw["id"] == "wof:890449833" and loc.raw["online"] is False
    assert {"name_ar", "name_en", "kind", "admin1", "score", "reason", "source"} <= set(loc.raw)
    assert "Idlib" in loc.address
    address, (lat, lon) = loc  # the unpacking geopandas relies on
    assert (address, lat, lon) == (loc.address, loc.latitude, loc.longitude)
    assert coder.geocode("Kafranbel").raw["id"] == "wof:890449847"


def test_geocode_many_none_and_context(coder):
    locs = coder.geocode("عين الحور", exactly_one=False, limit=3)
    assert isinstance(locs, list) and len(locs) == 3
    assert coder.geocode("qqqzzzxx") is None
    assert coder.geocode("qqqzzzxx", exactly_one=False) == []
    assert coder.geocode("عين الحور", governorate="Idlib").raw["id"] == "wof:1360171765"
    assert OfflineGazetteer(governorate="Idlib").geocode("عين الحور").raw["admin1"] == "Idlib"


def test_reverse_nearest_place(coder):
    loc = coder.reverse((35.8645, 36.8060))
    assert loc.raw["id"] == "wof:890449833"
    assert loc.raw["distance_km"] < 0.1
    assert coder.reverse("35.8645, 36.8060").raw["id"] == "wof:890449833"
    near = coder.reverse((35.86, 36.80), exactly_one=False, limit=3)
    assert len(near) == 3
    assert [n.raw["distance_km"] for n in near] == sorted(n.raw["distance_km"] for n in near)
    assert coder.reverse((0.0, 0.0), max_km=50) is None


def test_geopandas_geocode_with_provider_class():
    geopandas = pytest.importorskip("geopandas")
    from shapely.geometry import Point

    gdf = geopandas.tools.geocode(["سراقب", "Kafranbel", "zzqqxx"], provider=OfflineGazetteer)
    assert len(gdf) == 3 and gdf.crs.to_epsg() == 4326
    assert round(gdf.geometry.iloc[0].x, 3) == 36.806
    assert gdf.geometry.iloc[2].is_empty
    rev = geopandas.tools.reverse_geocode([Point(36.806, 35.8645)], provider=OfflineGazetteer)
    assert "Sar" in rev["address"].iloc[0]


# ------------------------------------------------------------------ online fallback

class _FakeNominatim(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self):  # the http.server API
        url = urlparse(self.path)
        q = parse_qs(url.query).get("q", [""])[0]
        type(self).requests.append(q)
        body = [] if q == "qxzv nowhere" else [{
            "place_id": 42, "osm_type": "node", "osm_id": 7, "lat": "36.2", "lon": "37.1",
            "display_name": f"{q}, Somewhere", "type": "village",
        }]
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def fake_server():
    _FakeNominatim.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeNominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fallback_is_off_by_default(fake_server):
    coder = OfflineGazetteer()
    assert coder.geocode("Some Unknown Hamlet") is None
    assert _FakeNominatim.requests == []


def test_online_fallback_marked_cached_and_only_for_misses(fake_server, tmp_path):
    cache = tmp_path / "cache.json"
    coder = OfflineGazetteer(fallback_domain=fake_server, fallback_scheme="http",
                             min_delay_seconds=0, cache_path=cache)
    loc = coder.geocode("Some Unknown Hamlet")
    assert (loc.latitude, loc.longitude) == (36.2, 37.1)
    assert loc.raw["online"] is True and loc.raw["source"] == "nominatim"
    assert "online" in loc.raw["reason"]
    assert _FakeNominatim.requests == ["Some Unknown Hamlet"]
    coder.geocode("Some Unknown Hamlet")  # cached: no second request
    assert _FakeNominatim.requests == ["Some Unknown Hamlet"]
    assert coder.geocode("سراقب").raw["online"] is False  # offline hit: no request
    assert coder.geocode("qxzv nowhere") is None
    assert len(_FakeNominatim.requests) == 2
    # the cache file survives the process
    again = OfflineGazetteer(fallback_domain=fake_server, fallback_scheme="http",
                             min_delay_seconds=0, cache_path=cache)
    assert again.geocode("Some Unknown Hamlet").raw["online"] is True
    assert len(_FakeNominatim.requests) == 2
