"""``geo resolve``: formats, batch mode, exit codes, options, errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geo.cli import main


@pytest.fixture
def run():
    runner = CliRunner()

    def _run(*args, input=None):
        return runner.invoke(main, ["resolve", *args], input=input, catch_exceptions=False)

    return _run


def test_single_name_text_table(run):
    r = run("سراقب")
    assert r.exit_code == 0, r.output
    assert "سراقب" in r.output and "Sarāqib" in r.output and "wof:890449833" in r.output
    assert "why #1:" in r.output


def test_jsonl_one_line_per_query_in_order(run):
    names = ["سراقب", "", "   ", "qqqzzzxxq", "Idleb", "وسهل الغاب"]
    r = run("--format", "jsonl", "-", input="\n".join(names) + "\n")
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.output.splitlines()]
    assert [x["query"] for x in lines] == names
    assert lines[1]["candidates"] == [] and lines[2]["candidates"] == []
    assert lines[3]["candidates"] == []
    assert lines[4]["candidates"][0]["kind"] == "city"
    c = lines[0]["candidates"][0]
    for k in ("id", "name_ar", "name_en", "lat", "lon", "kind", "admin1", "admin2", "population",
              "source", "score", "reason"):
        assert k in c
    assert 0 <= c["score"] <= 1


def test_stdin_without_dash(run):
    r = run("-f", "jsonl", input="إدلب\nمحافظة إدلب\n")
    assert r.exit_code == 0
    kinds = [json.loads(x)["candidates"][0]["kind"] for x in r.output.splitlines()]
    assert kinds == ["city", "governorate"]


def test_json_format_and_limit(run):
    r = run("عين الحور", "--limit", "2", "--format", "json")
    data = json.loads(r.output)
    assert len(data) == 1 and len(data[0]["candidates"]) == 2


def test_no_match_single_exits_1_batch_exits_0(run):
    r = run("qqqzzzxxq")
    assert r.exit_code == 1
    assert "not found: " in r.output  # stderr is mixed into output by CliRunner
    assert run("qqqzzzxxq", "سراقب").exit_code == 0
    assert run("-", input="qqqzzzxxq\n").exit_code == 0


def test_context_options(run):
    r = run("الدانا", "--near", "35.70,36.68", "--radius-km", "10", "-f", "jsonl")
    assert json.loads(r.output)["candidates"][0]["id"] == "wof:1226122727"
    r = run("عين الحور", "--governorate", "إدلب", "-f", "jsonl")
    assert all(c["admin1"] == "Idlib" for c in json.loads(r.output)["candidates"])


@pytest.mark.parametrize(("args", "needle"), [
    (["x", "--near", "north"], "LAT,LON"),
    (["x", "--near", "95,36"], "latitude"),
    (["x", "--governorate", "Atlantis"], "unknown governorate"),
    (["x", "--limit", "0"], "limit"),
])
def test_bad_options_exit_2(run, args, needle):
    r = CliRunner().invoke(main, ["resolve", *args])
    assert r.exit_code == 2
    assert needle in r.output


def test_output_file_and_extra_csv(run, tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("name_ar,name_en,lat,lon,kind,source\nقرية تجريبية,Test Village,35.5,36.5,"
                     "village,my notes\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = run("قرية تجريبية", "--gazetteer-extra", str(extra), "-f", "jsonl", "-o", str(out))
    assert r.exit_code == 0 and r.output == ""
    c = json.loads(out.read_text(encoding="utf-8"))["candidates"][0]
    assert (c["source"], c["name_en"]) == ("extra", "Test Village")


def test_malformed_extra_csv_one_line_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name_ar,lat,lon\nسراقب,abc,36\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["resolve", "سراقب", "--gazetteer-extra", str(bad)])
    assert r.exit_code == 2
    assert f"{bad}:2:" in r.output
    assert "Traceback" not in r.output


def test_nan_radius_is_a_usage_error(run):
    # FloatRange(min=0) let "nan" through: every candidate was dropped, "no match", exit 1
    r = run("سراقب", "--near", "35.86,36.80", "--radius-km", "nan")
    assert r.exit_code == 2 and "nan is not a distance" in r.stderr


def test_extra_file_with_a_huge_population_or_duplicated_column(run, tmp_path):
    # int(float("1e400")) raised OverflowError: a traceback
    huge = tmp_path / "huge.csv"
    huge.write_text("name_ar,lat,lon,population\nقرية,35.8,36.6,1e400\n", encoding="utf-8")
    r = run("قرية", "--gazetteer-extra", str(huge))
    assert r.exit_code == 2
    assert r.stderr.strip() == f"Error: {huge}:2: population is not a number: '1e400'"
    dup = tmp_path / "dup.csv"  # the second 'lat' silently won
    dup.write_text("name_ar,lat,lat,lon\nقرية,1,35.8,36.6\n", encoding="utf-8")
    r = run("قرية", "--gazetteer-extra", str(dup))
    assert r.exit_code == 2
    assert r.stderr.strip() == f"Error: {dup}:1: column 'lat' appears 2 times"


def test_swapped_near_point_warns(run):
    # "--near 36.80,35.86" (LON,LAT) silently matched nothing
    r = run("سراقب", "--near", "36.80,35.86")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        "Warning: --near 36.80,35.86 is outside Syria; with latitude and longitude swapped it "
        "would be inside (give LAT,LON: --near 35.86,36.8)")
    r = run("سراقب", "--near", "35.86,36.80")
    assert r.exit_code == 0 and "Warning" not in r.stderr


# ---------------------------------------------------------------- --table (incident lists)

ACLED_LIKE = ("event_id_cnty,location,admin1,latitude,longitude\n"
              "SYR1,سراقب,Idleb,35.86,36.80\n"
              "SYR2,دوما,Rural Damascus,33.57,36.40\n"
              "SYR3,السخنة,Homs,34.88,38.87\n")


def _csv_rows(text: str) -> list[dict]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text)))


def test_table_adds_each_rows_place_with_its_governorate(run, tmp_path):
    src = tmp_path / "acled.csv"
    src.write_text(ACLED_LIKE, encoding="utf-8")
    r = CliRunner().invoke(main, ["resolve", "--table", str(src)])
    assert r.exit_code == 0, r.stderr
    rows = _csv_rows(r.stdout)
    assert [x["event_id_cnty"] for x in rows] == ["SYR1", "SYR2", "SYR3"]  # input order, columns
    assert [x["place_admin1"] for x in rows] == ["Idlib", "Rif Dimashq", "Homs"]
    assert all(x["resolve_status"] == "found" for x in rows)
    assert abs(float(rows[2]["lat"]) - 34.88) < 0.05  # the Homs desert town, not Aleppo's
    assert "3 row(s): 3 found" in r.stderr


def test_table_keeps_only_candidates_near_the_point_given(tmp_path):
    src = tmp_path / "list.csv"
    src.write_text("location\nالسخنة\n", encoding="utf-8")
    near_aleppo = CliRunner().invoke(main, ["resolve", "--table", str(src), "--near",
                                            "36.47,37.40", "--radius-km", "80"])
    near_homs = CliRunner().invoke(main, ["resolve", "--table", str(src), "--near",
                                          "34.88,38.87", "--radius-km", "20"])
    assert near_aleppo.exit_code == near_homs.exit_code == 0, near_aleppo.stderr
    assert _csv_rows(near_aleppo.stdout)[0]["place_admin1"] == "Aleppo"
    assert _csv_rows(near_homs.stdout)[0]["place_admin1"] == "Homs"


def test_table_bad_rows_cost_only_themselves(tmp_path):
    src = tmp_path / "list.csv"
    src.write_text("location;governorate\nسراقب;Idleb\nx;y;z\nسراقب;Narnia\nكفرنبل;\n",
                   encoding="utf-8")
    out = tmp_path / "placed.csv"
    r = CliRunner().invoke(main, ["resolve", "--table", str(src), "-o", str(out)])
    assert r.exit_code == 1
    assert f"{src}:3: 3 fields, the header has 2" in r.stderr
    assert f"{src}:4: unknown governorate 'Narnia'" in r.stderr
    assert "Traceback" not in r.stderr
    rows = _csv_rows(out.read_text(encoding="utf-8"))
    assert [x["resolve_status"] for x in rows] == ["found", "unknown_governorate", "found"]


def test_table_needs_a_name_column(tmp_path):
    src = tmp_path / "list.csv"
    src.write_text("a,b\n1,2\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["resolve", "--table", str(src)])
    assert r.exit_code != 0 and "no name column" in r.stderr and "--name-column" in r.stderr
    assert "Traceback" not in r.stderr


def test_table_to_geopackage_is_read_back_by_gdal(tmp_path):
    pyogrio = pytest.importorskip("pyogrio")
    src = tmp_path / "acled.csv"
    src.write_text(ACLED_LIKE + "SYR4,qqzzxq,Idleb,,\n", encoding="utf-8")
    out = tmp_path / "placed.gpkg"
    r = CliRunner().invoke(main, ["resolve", "--table", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    gdf = pyogrio.read_dataframe(out)
    assert len(gdf) == 4 and gdf.crs.to_epsg() == 4326
    assert gdf.geometry.iloc[3] is None  # not found: kept, without a point
    assert abs(gdf.geometry.iloc[0].x - 36.806) < 0.01


def test_names_as_a_one_column_table(run):
    r = run("-f", "csv", "سراقب", "كفرنبل")
    assert r.exit_code == 0
    rows = _csv_rows(r.stdout)
    assert [x["query"] for x in rows] == ["سراقب", "كفرنبل"]
    assert [x["place_admin1"] for x in rows] == ["Idlib", "Idlib"]
