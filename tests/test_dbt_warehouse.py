"""The whole chain into a temporary $BAOCAO_HOME: ingest, `dbt build` (all dbt tests), marts."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.dbt.files import run_dbt
from orchestration.local_run import warehouse_summary


@pytest.fixture(scope="module")
def home(sample_home) -> Path:
    return sample_home  # built once per session; dbt tests raised if any failed


def _q(home: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_schemas_are_named_exactly(home):
    schemas = {
        r[0] for r in _q(home, "select distinct table_schema from information_schema.tables")
    }
    assert {"raw", "staging", "intermediate", "marts", "reference"} <= schemas


def test_dossier_fact_has_every_unit_row_matched_with_values_as_printed(home):
    rows = _q(
        home,
        """
        select f.unit_name_as_printed, f.unit_match_method, u.unit_name, f.received_total,
               f.resolved_on_time, f.pending_overdue, f.source_line
        from marts.fct_dossier_processing f
        join marts.dim_unit u using (unit_id)
        join marts.dim_report r using (report_id)
        where r.doc_number = '3371-BC/BCSD'
        order by f.source_line
        """,
    )
    assert len(rows) == 28  # 14 rows before the page break, 14 after
    by_name = {r[0]: r for r in rows}
    assert by_name["Thành phố Yên Yên"][1:3] == ("alias", "Thành phố Phổ Yên")
    assert by_name["Huyện Đông Hỷ"][2] == "Huyện Đồng Hỷ"
    assert by_name["Sở Kế hoạch Đầu tư"][2] == "Sở Kế hoạch và Đầu tư"
    assert by_name["Sở Nội vụ"][1] == "exact"
    assert by_name["Thành phố Yên Yên"][3:6] == (6940, 680, 29)
    assert by_name["Huyện Định Hóa"][6] == 376


def test_dossier_values_equal_their_raw_cells(home):
    mismatches = _q(
        home,
        """
        select c.cell_id
        from intermediate.int_table_cells_measured c
        join marts.fct_dossier_processing f on f.dossier_processing_id = c.table_row_id
        where c.measure = 'received_total' and c.value_number != f.received_total
        """,
    )
    assert mismatches == []


def test_indicator_values_cover_both_provinces_with_shared_indicators(home):
    per_report = dict(
        _q(
            home,
            """
            select r.province, count(*) from marts.fct_indicator_value f
            join marts.dim_report r using (report_id) group by 1
            """,
        )
    )
    assert per_report == {"Bắc Giang": 33, "Thái Nguyên": 144}
    shared = _q(
        home,
        """
        select f.indicator_id, list(r.province order by r.province), list(f.value_as_printed order by r.province)
        from marts.fct_indicator_value f join marts.dim_report r using (report_id)
        where f.indicator_id in (
            select indicator_id from marts.fct_indicator_value f2 join marts.dim_report r2 using (report_id)
            group by 1 having count(distinct r2.province) = 2
        )
        group by 1 order by 1
        """,
    )
    assert len(shared) >= 20
    rate = next(s for s in shared if s[2] == ["97,1", "89,2"])
    assert rate[1] == ["Bắc Giang", "Thái Nguyên"]
    typed = _q(
        home,
        "select value_number from marts.fct_indicator_value where value_as_printed = '163.242'",
    )
    assert typed == [(163242.0,)]


def test_every_unit_named_in_a_table_is_in_dim_unit(home):
    assert _q(home, "select count(*) from intermediate.int_unit_match_review") == [(0,)]
    unmatched = _q(
        home,
        "select count(*) from intermediate.int_table_rows_matched_to_units where unit_id is null",
    )
    assert unmatched == [(0,)]


def test_no_table_cell_went_nowhere(home):
    rows = _q(
        home, "select table_id, cells_unaccounted, unaccounted_reasons from marts.table_coverage"
    )
    assert len(rows) == 14
    assert [r for r in rows if r[1]] == []
    (cells,) = _q(home, "select sum(cell_count) from marts.table_coverage")[0]
    assert cells == _q(home, "select count(*) from raw.table_cells")[0][0]


def test_units_roll_up_to_their_2025_successors(home):
    current = dict(_q(home, "select unit_id, current_unit_id from marts.dim_unit"))
    assert current["tng_so_tnmt"] == current["tng_so_nnptnt"]
    assert current["tng_h_dai_tu"] == "tng"
    assert current["bgg"] == "bnh"


def test_snapshot_facts_carry_dates_and_printed_changes(home):
    rows = _q(
        home,
        """
        select snapshot_date::varchar, overdue_dossiers, change_as_printed
        from marts.fct_overdue_dossiers where unit_name_as_printed = 'UBND huyện Phú Bình'
        order by snapshot_date
        """,
    )
    assert rows == [("2023-09-30", 910, None), ("2023-10-31", 57, "-853")]


def test_summary_mentions_coverage(home):
    text = warehouse_summary(home / "warehouse.duckdb")
    assert "0 kept out (marts.report_review)" in text and "quarantined: none" in text
    assert "marts.fct_dossier_processing" in text


def test_dbt_docs_generate(home, tmp_path):
    copy = tmp_path / "home"  # dbt writes its target and opens the warehouse for writing
    copy.mkdir()
    shutil.copy(home / "warehouse.duckdb", copy / "warehouse.duckdb")
    result = run_dbt(["docs", "generate"], copy)
    assert "Catalog written" in result.stdout
    assert (copy / "dbt_target" / "catalog.json").exists()
