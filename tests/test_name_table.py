"""``gazetteer.name_table``: the names of a table (an incident list) → places, row by row."""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer
from gazetteer.name_table import LAT, LON, RESULT_COLUMNS, RowStatus, resolve_rows, result_columns


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return Gazetteer.default()


def test_the_governorate_given_decides_between_namesakes(g):
    # السخنة is a town in the Homs desert and a village in Aleppo: the row's governorate decides
    rows = [{"name": "السخنة", "gov": "Homs"}, {"name": "السخنة", "gov": "Aleppo"}]
    homs, aleppo = resolve_rows(rows, g, "name", "gov")
    assert homs["place_admin1"] == "Homs" and aleppo["place_admin1"] == "Aleppo"
    assert homs["place_id"] != aleppo["place_id"]
    assert homs["resolve_status"] == aleppo["resolve_status"] == RowStatus.FOUND


def test_every_row_gets_the_same_columns_and_keeps_its_own(g):
    rows = [{"id": "a", "name": "سراقب"}, {"id": "b", "name": ""}, {"id": "c", "name": "qqzzxq"}]
    out = list(resolve_rows(rows, g, "name"))
    assert [list(r) for r in out] == [["id", "name", *RESULT_COLUMNS]] * 3
    assert [r["id"] for r in out] == ["a", "b", "c"]
    assert [r["resolve_status"] for r in out] == ["found", "empty", "not_found"]
    assert out[1]["lat"] is None and out[2]["lat"] is None
    assert rows[0] == {"id": "a", "name": "سراقب"}  # the input is not changed


def test_a_look_alike_is_a_suggestion_never_the_answer(g):
    (row,) = resolve_rows([{"name": "معرة النعسان"}], g, "name")
    assert row["resolve_status"] == RowStatus.NOT_FOUND and row["lat"] is None
    assert "معرة النعمان" in row["did_you_mean"]


def test_a_name_outside_the_governorate_given_is_not_moved_there(g):
    (row,) = resolve_rows([{"name": "سراقب", "gov": "Homs"}], g, "name", "gov")
    assert row["resolve_status"] == RowStatus.NOT_FOUND and row["lat"] is None
    assert "Idlib" in row["did_you_mean"]  # where it is, for the analyst to check the row


def test_unknown_governorate_costs_only_its_row(g):
    rows = [{"name": "سراقب", "gov": "Narnia"}, {"name": "سراقب", "gov": "إدلب"}]
    bad, good = resolve_rows(rows, g, "name", "gov")
    assert bad["resolve_status"] == RowStatus.UNKNOWN_GOVERNORATE and bad["lat"] is None
    assert good["resolve_status"] == RowStatus.FOUND and good["place_admin1"] == "Idlib"


def test_one_governorate_for_every_row(g):
    (row,) = resolve_rows([{"name": "السخنة"}], g, "name", governorate="Homs")
    assert row["place_admin1"] == "Homs"


def test_added_point_columns_do_not_overwrite_the_tables_own():
    cols = result_columns(["name", "LAT", "lon"])
    assert cols[LAT] == "place_lat" and cols[LON] == "place_lon"
    assert result_columns(["name"])[LAT] == "lat"


def test_a_radius_decides_between_namesakes_and_moves_no_name_into_it(g):
    # السخنة: the Homs desert town and an Aleppo village; a radius around each picks that one
    both = g.resolve("السخنة", limit=10)
    homs = next(p for p in both if p.admin1 == "Homs")
    aleppo = next(p for p in both if p.admin1 == "Aleppo")
    rows = [{"name": "السخنة"}]
    (near_homs,) = resolve_rows(rows, g, "name", near=(homs.lat, homs.lon, 10.0))
    (near_aleppo,) = resolve_rows(rows, g, "name", near=(aleppo.lat, aleppo.lon, 10.0))
    assert (near_homs["place_id"], near_aleppo["place_id"]) == (homs.id, aleppo.id)
    # a name with no candidate in the radius is not found there; where it is becomes the hint
    (far,) = resolve_rows([{"name": "سراقب"}], g, "name", near=(homs.lat, homs.lon, 10.0))
    assert far["resolve_status"] == RowStatus.NOT_FOUND and far["lat"] is None
    assert "Idlib" in far["did_you_mean"]
