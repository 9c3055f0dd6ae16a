"""``gazetteer.heads``: the one head-noun table, its checks and the lookups its two readers use."""

from __future__ import annotations

import pytest

from gazetteer import normalize as N
from gazetteer.errors import GazetteerError
from gazetteer.heads import COLUMNS, HEADS, load_heads
from gazetteer.place import KINDS, POPULATED

HEADER = ",".join(COLUMNS) + "\n"


def _table(tmp_path, *rows: str):
    path = tmp_path / "heads.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_new_row_is_read_by_both_lookups(tmp_path):
    table = load_heads(_table(tmp_path, "ثكنة,ثكنات,base,populated|base,barracks"))
    assert table.site_kind[N.arabic("ثكنة")] == "base"
    assert N.arabic("ثكنات") in table.list_forms          # «ثكنات A وB» names both
    head = table.cue(N.arabic("ثكنة"))
    assert head is not None and head.query == POPULATED | {"base"} and head.named_after
    name, latin, found = table.latin_head("Hamidiyah barracks")
    assert (name, latin, found.head) == ("Hamidiyah", "barracks", "ثكنة")
    assert table.latin_head("barracks") is None             # a head alone names nothing


@pytest.mark.parametrize("row, message, line", [
    ("ثكنة,,fortress,,", "unknown kind 'fortress'", 2),
    ("ثكنة,,,populated|castle,", "unknown kind 'castle'", 2),
    (",,base,base,", "one word is needed", 2),
    ("ثكنة,,populated,,", "one kind, not a group", 2),
    ("ثكنة,,,,barracks", "latin heads need query kinds", 2),
])
def test_a_bad_row_names_its_file_and_line(tmp_path, row, message, line):
    path = _table(tmp_path, row)
    with pytest.raises(GazetteerError) as err:
        load_heads(path)
    assert message in str(err.value) and f"{path}:{line}" in str(err.value)


def test_a_form_given_twice_is_refused_with_both_lines(tmp_path):
    path = _table(tmp_path, "ثكنة,,base,base,", "معسكر,ثكنة,camp,camp,")
    with pytest.raises(GazetteerError, match="already a form of line 2") as err:
        load_heads(path)
    assert f"{path}:3" in str(err.value)


def test_missing_columns_are_one_error(tmp_path):
    path = tmp_path / "heads.csv"
    path.write_text("head,site\nمطار,airport\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="missing columns: plural, query, latin"):
        load_heads(path)


def test_the_bundled_table_uses_only_known_kinds_and_distinct_forms():
    forms = [f for h in HEADS.heads for f in h.forms]
    assert len(forms) == len(set(forms))
    for h in HEADS.heads:
        assert h.site is None or h.site in KINDS
        assert h.query <= set(KINDS)
    # the kinds news uses most have their head
    assert {"airport", "hospital", "checkpoint", "neighbourhood", "prison"} <= set(
        HEADS.site_kind.values())


def test_dual_forms_are_the_plural_cells_with_a_dual_ending(tmp_path):
    path = tmp_path / "heads.csv"
    path.write_text("head,plural,site,query,latin\n"
                    "مخيم,مخيمات|مخيمي,camp,,\nتلة,تلال|تلتي,hill,,\n", encoding="utf-8")
    table = load_heads(path)
    # a dual names two sites; a plural may name the sites of a place («مخيمات أطمة»)
    assert table.dual_forms == {"مخيمي", "تلتي"}
    assert table.list_forms == {"مخيمات", "مخيمي", "تلال", "تلتي"}
