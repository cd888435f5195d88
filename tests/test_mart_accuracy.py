"""The mart scorer's bookkeeping (benchmarks/mart_accuracy.py), not the parser's accuracy:
six clean generated reports (tsv, html, pipe) built into a temporary warehouse."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_scorer():
    spec = importlib.util.spec_from_file_location(
        "mart_accuracy", ROOT / "benchmarks" / "mart_accuracy.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ma = _load_scorer()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from reportgen.cli import options_from
    from reportgen.report import generate, plan_corpus

    work = tmp_path_factory.mktemp("mart_accuracy")
    options = options_from(layouts="tsv,html,pipe", kinds="dossier", clean=True)
    plans = plan_corpus(11, 6, options)
    truths = []
    import hashlib

    (work / "inbox").mkdir()
    for plan in plans:
        text, truth = generate(plan, options)
        data = text.encode("utf-8")
        truth["file"] = f"{plan.index:04d}.txt"
        truth["report_id"] = hashlib.sha256(data).hexdigest()
        (work / "inbox" / truth["file"]).write_bytes(data)
        truths.append(truth)
    status = ma.build(work / "inbox", work / "home", workers=1)
    warehouse = work / "home" / "warehouse.duckdb"
    assert warehouse.exists(), status
    return work, truths, warehouse, status


def _truth_cell_count(truths) -> int:
    return sum(1 for _ in ma.truth_cells(truths))


def test_figures_add_up(built):
    _, truths, warehouse, status = built
    assert status["wall_seconds"] > 0 and status["peak_rss_mb"] > 0
    result = ma.score(warehouse, truths)
    overall = result["overall"]
    assert overall["cells"] == _truth_cell_count(truths) > 0
    assert sum(overall["reasons"].values()) == overall["cells"]
    assert overall["reasons"].get("ok", 0) == overall["ok"]
    # Every breakdown partitions the cells (noise: clean corpus, so all `none`).
    for key in ("layout", "era", "header_depth", "noise"):
        groups = result["by"][key]
        assert sum(g["cells"] for g in groups.values()) == overall["cells"], key
        assert sum(g["ok"] for g in groups.values()) == overall["ok"], key
    assert set(result["by"]["layout"]) <= {"tsv", "html", "pipe"}
    assert set(result["by"]["noise"]) == {"none"}
    rows = result["rows"]
    assert rows["truth_rows"] == sum(
        1 for t in truths for tb in t["tables"] if tb["kind"] == "dossier"
        for r in tb["rows"] if r["kind"] == "data"
    )  # fmt: skip
    assert rows["rows_with_fact"] <= rows["truth_rows"]
    assert result["wrong_unit_rows"] == rows.get("wrong_unit_rows", 0)
    assert rows.get("unmatched_in_int_unit_match_review", 0) <= rows.get("unmatched_rows", 0)
    # Examples are only for misses, at most three per reason.
    assert "ok" not in result["examples"]
    assert all(len(v) <= 3 for v in result["examples"].values())


def test_report_without_warehouse_rows_scores_nothing(built, tmp_path):
    _, truths, warehouse, _ = built
    before = ma.score(warehouse, truths)
    assert before["overall"]["ok"] > 0, "nothing reached: cannot test deletion"
    # The report with the most cells that reached the fact.
    per_report = {
        t["report_id"]: ma.score(warehouse, [t])["overall"]["ok"] for t in truths
    }  # fmt: skip
    victim = max(per_report, key=per_report.get)
    assert per_report[victim] > 0

    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(warehouse, copy)
    con = duckdb.connect(str(copy))
    con.execute("delete from marts.fct_dossier_processing where report_id = ?", [victim])
    con.close()
    victim_truth = [t for t in truths if t["report_id"] == victim]
    only_fact = ma.score(copy, victim_truth)
    assert only_fact["overall"]["ok"] == 0
    assert only_fact["rows"]["rows_with_fact"] == 0
    # Its cells are still found upstream: the reason is the missing fact row.
    assert only_fact["overall"]["reasons"].get("fact_row_missing", 0) > 0

    con = duckdb.connect(str(copy))
    for table in ("intermediate.int_table_cells_measured", "raw.table_cells", "raw.documents"):
        con.execute(f"delete from {table} where document_id = ?", [victim])
    con.close()
    gone = ma.score(copy, truths)
    victim_gone = ma.score(copy, victim_truth)
    assert victim_gone["overall"]["ok"] == 0
    assert victim_gone["overall"]["reasons"] == {
        "report_not_loaded": victim_gone["overall"]["cells"]
    }
    # The other reports keep their figures.
    assert gone["overall"]["ok"] == before["overall"]["ok"] - per_report[victim]
    assert gone["overall"]["cells"] == before["overall"]["cells"]


def test_marts_own_share_is_the_outcomes_of_the_cells_read_right(built):
    work, truths, warehouse, _ = built
    right = ma.parser_read_right(truths, work / "inbox")
    # clean tsv / html / pipe reports: the parser reads most value cells right
    assert 0 < len(right) <= _truth_cell_count(truths)
    result = ma.score(warehouse, truths, parsed_right=right)
    own = result["parser_read_right"]
    keys = {
        (t["report_id"], table["table_index"], row["row_index"], cell["column_index"])
        for t, table, row, cell in ma.truth_cells(truths)
    }
    assert own["cells"] == len(right & keys)
    assert sum(own["reasons"].values()) == own["cells"]
    assert own["ok"] <= result["overall"]["ok"]
    for key in ("layout", "era"):
        assert sum(g["cells"] for g in own["by"][key].values()) == own["cells"], key
    # With no cell read right, the marts' own share is empty, not the overall figure.
    assert ma.score(warehouse, truths, parsed_right=set())["parser_read_right"]["cells"] == 0
    assert (
        "parser_read_right" in result and ma.score(warehouse, truths)["parser_read_right"] is None
    )
