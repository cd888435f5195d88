"""A dossier table whose rows are levels of government or months, under a one-row header in
another province's wording, lands in fct_dossier_processing with a breakdown, not in unit
review (a report written for the case: tests/fixtures/breakdowns/report.txt)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from ingest.settings import Settings
from orchestration.local_run import build_warehouse

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    base = tmp_path_factory.mktemp("breakdowns")
    inbox = base / "inbox"
    inbox.mkdir()
    shutil.copy(FIXTURES / "breakdowns" / "report.txt", inbox / "report.txt")
    build_warehouse(Settings(inbox=inbox, home=base / "home"))
    con = duckdb.connect(str(Path(base, "home", "warehouse.duckdb")), read_only=True)
    yield con
    con.close()


def test_rows_land_with_their_breakdown(con):
    rows = con.execute(
        "select unit_name_as_printed, breakdown_kind, breakdown_id, unit_id, received_total, "
        "received_online, resolved_early, pending_overdue, period_start, period_end "
        "from marts.fct_dossier_processing order by source_line"
    ).fetchall()
    labels = [(r[0], r[1], r[2], r[3]) for r in rows]
    assert labels == [
        ("Cấp tỉnh", "government_level", "gov_province", None),
        ("Cấp huyện", "government_level", "gov_district", None),
        ("Cấp xã", "government_level", "gov_commune", None),
        ("Tháng 1", "month", "month:1", None),
        ("Tháng 2", "month", "month:2", None),
    ]
    first = rows[0]
    assert first[4:8] == (12500, 10100, 9000, 20)  # the one-row header read word by word
    assert isinstance(first[4], int)  # counts are integers
    assert str(first[8]) == "2024-01-01" and str(first[9]) == "2024-06-30"  # 6 tháng đầu năm


def test_breakdowns_are_not_unit_review_and_nothing_is_lost(con):
    assert con.execute("select count(*) from intermediate.int_unit_match_review").fetchall() == [
        (0,)
    ]
    assert con.execute("select count(*) from marts.report_review").fetchall() == [(0,)]
    kinds = dict(
        con.execute("select breakdown_id, breakdown_kind from marts.dim_breakdown").fetchall()
    )
    assert kinds["month:2"] == "month" and kinds["gov_commune"] == "government_level"
