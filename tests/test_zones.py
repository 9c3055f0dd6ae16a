"""Zone definitions as data (geo.zones) and corridors built from them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from pyproj import Geod

import geo
from geo.classification import classify
from geo.cli import main
from geo.corridor import zone_corridor
from geo.io import InputError
from geo.zones import ZONES, ZoneDefinition, default_zone, get_zone, load_zone

GEOD = Geod(ellps="WGS84")


def test_bundled_registry_holds_the_2020_corridor():
    z = default_zone()
    assert z is ZONES["m4-2020"] is get_zone(None) is get_zone("m4-2020")
    assert (z.width_m, z.road, z.source_date, z.in_force) == (6000.0, "m4-west", "2020-03-05",
                                                              "2020-03-06")
    assert "5 March 2020" in z.legal_source and z.name_ar and z.provenance
    c = geo.default_corridor()
    assert c.zone is z and c.side_names == ("north", "south")
    assert c is zone_corridor(z)  # built once per process


@pytest.fixture
def north_south_zone(tmp_path):
    """A road running north (lon 36.52, lat 35.55 → 35.75): its bands are west and east."""
    line = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
            "geometry": {"type": "LineString",
                         "coordinates": [[36.52, 35.55], [36.521, 35.65], [36.52, 35.75]]}}]}
    (tmp_path / "road.geojson").write_text(json.dumps(line), encoding="utf-8")
    zone = {"id": "my-road", "name_en": "A north–south road", "centerline": "road.geojson",
            "west_end": "35.56,36.52", "east_end": "35.74,36.52", "width_m": 2000,
            "accuracy_m": 50, "legal_source": "a local agreement", "source_date": "2021-01-01"}
    path = tmp_path / "zone.json"
    path.write_text(json.dumps(zone), encoding="utf-8")
    return path


def test_a_user_zone_with_north_south_road_has_west_and_east_sides(north_south_zone):
    z = load_zone(north_south_zone)
    c = zone_corridor(z)
    assert c.side_names == ("west", "east") and c.width_m == 2000
    lon, lat = 36.5205, 35.65
    (wlon, _, _), (elon, _, _) = (GEOD.fwd(lon, lat, az, 1000.0) for az in (270, 90))
    r = classify([wlon, elon, 36.56], [lat, lat, lat], c)
    assert r["side"].tolist()[:2] == ["west", "east"]
    assert r["corridor_status"].tolist() == ["inside", "inside", "outside"]
    assert (r["accuracy_m"][:2] == 50).all()  # the zone's stated accuracy is used


def test_zone_side_names_from_the_definition(north_south_zone, tmp_path):
    raw = json.loads(north_south_zone.read_text(encoding="utf-8"))
    raw["side_names"] = ["left bank", "right bank"]
    path = tmp_path / "named.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    c = zone_corridor(load_zone(path))
    assert c.side_names == ("left bank", "right bank")


def test_zone_option_on_the_command_line(north_south_zone):
    r = CliRunner().invoke(main, ["check", "35.65,36.51", "--zone", str(north_south_zone),
                                  "-f", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["side"] == "west"
    r = CliRunner().invoke(main, ["check", "35.65,36.51", "--zone", str(north_south_zone),
                                  "--width-km", "3"])
    assert r.exit_code == 2 and "either --zone or" in r.stderr


@pytest.mark.parametrize("patch, message", [
    ({"width_m": "wide"}, "'width_m' must be a number"),
    ({"width_m": 0}, "between 0 and 50000"),
    ({"colour": "red"}, "unknown key(s) colour"),
    ({"side_names": ["a", "a"]}, "two different names"),
    ({"id": ""}, "'id' must be a non-empty string"),
    ({"accuracy_m": -1}, "'accuracy_m' must be a finite number"),
])
def test_bad_zone_files_are_one_line_errors(tmp_path, patch, message):
    zone = {"id": "z", "width_m": 1000, **patch}
    path = tmp_path / "z.json"
    path.write_text(json.dumps(zone), encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_zone(path)
    r = CliRunner().invoke(main, ["check", "35.8,36.6", "--zone", str(path)])
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1


def test_zone_file_not_json_or_missing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not a JSON zone definition"):
        load_zone(bad)
    with pytest.raises(InputError, match="no such zone file"):
        load_zone(tmp_path / "missing.json")


def test_definition_round_trips_through_a_dict():
    z = default_zone()
    assert ZoneDefinition.from_dict(z.to_dict()) == z
