"""A comma grouping a count's thousands is read from its column, flagged, and kept as printed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from ingest.cell_values import comma_group_readings
from ingest.literals import VALUE_ISSUES, parse_literal
from ingest.parser import parse_text
from ingest.pipeline import run_ingest
from ingest.settings import Settings

# Written for the case: a count column with one English-grouped count, a rate column whose
# three-decimal rate has the same shape, and a column where such cells have no whole neighbours.
REPORT = "\n".join(
    [
        "Biểu 01. Kết quả giải quyết hồ sơ thủ tục hành chính",
        "STT\tĐơn vị\tTiếp nhận\tĐã giải quyết\tTỷ lệ (%)\tTồn",
        "1\tSở Tư pháp\t1.250\t1,198\t95,8\t1,052",
        "2\tSở Y tế\t980\t951\t97,041\t2,310",
        "3\tSở Xây dựng\t2.130\t2.001\t93,944\t7",
        "",
        "Nơi nhận: như trên.",
    ]
)


def _cells(text: str) -> dict[str, tuple[int, int]]:
    table = parse_text(text).tables[0]
    return {c.text: (r.row_index, c.column_index) for r in table.rows for c in r.cells}


def test_a_comma_among_whole_counts_groups_thousands():
    table = parse_text(REPORT).tables[0]
    readings = comma_group_readings(table)
    where = _cells(REPORT)
    lit = readings[where["1,198"]]
    assert (lit.kind, lit.value, lit.issue) == ("integer", 1198.0, "comma_group_separator")


@pytest.mark.parametrize("text", ["97,041", "1,052", "2,310"])
def test_without_whole_neighbours_the_comma_stays_a_decimal(text):
    # 97,041 sits among rates (95,8); 1,052 and 2,310 have one whole neighbour only.
    readings = comma_group_readings(parse_text(REPORT).tables[0])
    assert _cells(REPORT)[text] not in readings
    assert parse_literal(text).kind == "decimal"


def test_a_placeholder_among_the_counts_leaves_the_evidence():
    row = "4\tSở Nội vụ\t12\t-\t100\t3"
    text = REPORT.replace("\n\nNơi nhận", "\n" + row + "\n\nNơi nhận")
    table = parse_text(text).tables[0]
    assert len(table.rows) == 4
    assert _cells(text)["1,198"] in comma_group_readings(table)


def test_a_word_among_the_counts_takes_the_evidence_away():
    text = REPORT.replace("\t951\t", "\t951 hồ sơ\t")
    assert comma_group_readings(parse_text(text).tables[0]) == {}


def test_two_commas_cannot_be_a_vietnamese_decimal():
    lit = parse_literal("1,234,567")
    assert (lit.kind, lit.value, lit.issue) == ("integer", 1234567.0, "comma_group_separator")
    assert parse_literal("1,2345").kind == "decimal"


def test_the_reading_is_a_parse_issue():
    issues = [i for i in parse_text(REPORT).issues if i.code == "comma_group_separator"]
    assert len(issues) == 1 and "'1,198' read as 1198.0" in issues[0].message
    assert issues[0].source_line == 3


def test_the_warehouse_keeps_the_text_and_flags_the_value(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bao_cao.txt").write_text(REPORT, encoding="utf-8")
    settings = Settings(inbox=inbox, home=tmp_path / "home")
    run_ingest(settings)
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        rows = con.execute(
            "select cell_text, value_number, value_kind, value_issue from raw.table_cells"
            " where cell_text in ('1,198', '97,041') order by cell_text"
        ).fetchall()
    finally:
        con.close()
    assert rows == [
        ("1,198", 1198.0, "integer", "comma_group_separator"),
        ("97,041", pytest.approx(97.041), "decimal", None),
    ]


def test_every_literal_issue_is_an_accepted_value_of_the_dbt_models():
    root = Path(__file__).parents[1] / "dbt_project" / "models"
    found = []
    for path in (
        root / "staging/raw/_raw__models.yml",
        root / "intermediate/_intermediate__models.yml",
    ):
        for model in yaml.safe_load(path.read_text(encoding="utf-8"))["models"]:
            for column in model.get("columns", []):
                if column["name"] == "value_issue":
                    test = column["data_tests"][0]["accepted_values"]
                    found.append(tuple(test["arguments"]["values"]))
    assert found == [VALUE_ISSUES, VALUE_ISSUES]
