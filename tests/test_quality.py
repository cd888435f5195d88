"""Data rules (Great Expectations) on warehouses built from the samples: what the sources
get wrong (warnings, with expected and printed values), and pipeline defects injected into
copies (errors). Two builds per module: the samples, and a copy with three edits."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.quality import QualityReport, run_quality
from orchestration.quality.__main__ import main as quality_main
from orchestration.quality.rules import rule_severities
from orchestration.quality.runner import QualityRunError, agreed_failures
from orchestration.quality.suites import SUITES

from .conftest import ROOT, SAMPLES, built_once

F000 = "000_d59a3a2a2164d2f2.txt"
F001 = "001_97383555ea77d768.txt"
F002 = "002_bff79616be8bc2a0.txt"
F003 = "003_bdb374c3ff556321.txt"

RULE_COUNT = 20


@dataclass(frozen=True)
class Checked:
    home: Path
    report: QualityReport

    @property
    def warehouse(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def docs(self) -> Path:
        return self.home / "quality" / "data_docs"


def _check(home: Path) -> Checked:
    return Checked(home, run_quality(home / "warehouse.duckdb", home / "quality" / "data_docs"))


def _q(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _issue_keys(issues: pd.DataFrame) -> set[tuple]:
    """Issues by what names them in a report; ids differ between builds of edited files."""
    return {
        (r.rule_id, r.file_name, None if pd.isna(r.source_line) else int(r.source_line),
         None if pd.isna(r.measure) else r.measure)
        for r in issues.itertuples()
    }  # fmt: skip


def _one(issues: pd.DataFrame, **where: object) -> pd.Series:
    mask = pd.Series(True, index=issues.index)
    for column, value in where.items():
        mask &= issues[column] == value
    found = issues[mask]
    assert len(found) == 1, f"expected one issue where {where}, got:\n{found}"
    return found.iloc[0]


def _built_once(tmp_path_factory, name: str, make_inbox: Callable[[Path], Path]) -> Path:
    """A copy of a warehouse built once per session (a quality run writes into it)."""
    build = built_once(tmp_path_factory, name, make_inbox)
    home = tmp_path_factory.mktemp(f"quality_{name}")
    shutil.copy(build / "warehouse.duckdb", home / "warehouse.duckdb")
    return home


def _edit(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def _samples_inbox(inbox: Path) -> Path:
    return SAMPLES


def _edited_inbox(inbox: Path) -> Path:
    """The samples with one printed change and one printed rate altered, one unit renamed
    to a unit that does not exist, and two counts printed with a comma after the thousands."""
    inbox.mkdir()
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, inbox / sample.name)
    _edit(inbox / F003, 178, "98,0 99,9 +1,9", "98,0 99,9 +2,9")  # Sở Tài chính, 3.1
    _edit(inbox / F000, 297, "Sở Nội vụ\t111\t0\t111\t100", "Sở Nội vụ\t111\t0\t111\t90")
    _edit(inbox / F000, 345, "Sở Nội vụ", "Sở Hàng không Vũ trụ")  # Phụ lục III
    # a count printed with its thousands grouped the English way, among whole counts
    _edit(inbox / F000, 308, "Sở Tư pháp\t2.192\t", "Sở Tư pháp\t2,192\t")
    # a count indicator printed with a fraction, in a value column that also holds rates
    _edit(inbox / F002, 377, "Thủ tục\t196\t", "Thủ tục\t1,196\t")
    return inbox


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Checked:
    return _check(_built_once(tmp_path_factory, "samples", _samples_inbox))


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> Checked:
    return _check(_built_once(tmp_path_factory, "edited", _edited_inbox))


def _tampered_copy(samples: Checked, tmp_path_factory, name: str, *sqls: str) -> Checked:
    """A copy of the samples' warehouse with defects written into its marts after dbt ran."""
    home = tmp_path_factory.mktemp(name)
    shutil.copy(samples.warehouse, home / "warehouse.duckdb")
    con = duckdb.connect(str(home / "warehouse.duckdb"))
    try:
        for sql in sqls:
            con.execute(sql).fetchall()
    finally:
        con.close()
    return _check(home)


@pytest.fixture(scope="module")
def tampered(samples, tmp_path_factory) -> Checked:
    return _tampered_copy(
        samples,
        tmp_path_factory,
        "quality_tampered",
        # a duplicated mart row (Sở Nội vụ, 000 Phụ lục III)
        "insert into marts.fct_dossier_processing select * from marts.fct_dossier_processing "
        "where source_line = 345",
        # a dropped mart row: its 11 cells reach no mart (Sở Ngoại vụ)
        "delete from marts.fct_dossier_processing where source_line = 346",
        # a value that is not what the cell prints (Sở Khoa học và Công nghệ prints 57)
        "update marts.fct_dossier_processing set received_total = 58 where source_line = 347",
        # a report without a province
        f"update marts.dim_report set province = null where file_name = '{F001}'",
    )


# --------------------------------------------------------------------------- the samples


def test_samples_raise_no_error_and_exactly_these_warnings(samples):
    report = samples.report
    assert not report.has_errors
    assert len(report.results) == RULE_COUNT
    failed = {r.rule_id: r.failed for r in report.results if r.failed}
    assert failed == {
        "totals_row_matches_unit_rows": 4,
        "resolved_components_sum": 1,
        "pending_components_sum": 1,
        "printed_rate_matches_components": 1,
        "change_matches_snapshots": 2,
        "indicator_components_sum": 1,
        "value_read_from_irregular_print": 1,
    }
    assert set(report.issues["severity"]) == {"warning"}
    # 003 line 380 prints `1..995` copies completed in Sông Công: read as 1995, kept, flagged
    doubled = _one(report.issues, rule_id="value_read_from_irregular_print")
    assert (doubled.file_name, doubled.source_line, doubled.actual_value) == (F003, 380, 1995)
    assert "'1..995' (doubled_group_separator)" in doubled.message
    assert [r.rule_id for r in report.results if r.evaluated == 0] == []


def test_totals_row_of_000_appendix_iii_is_compared_with_the_sum_of_its_unit_rows(samples):
    # Line 377 prints these totals; the 28 unit rows (lines 345-358, 363-376) sum to the
    # second figure, column by column (computed from the file).
    printed_and_summed = {
        "received_total": (97407, 97407),
        "received_online": (76192, 72206),
        "received_offline": (6888, 10874),
        "carried_over": (14327, 14327),
        "resolved_total": (86213, 86213),
        "resolved_early": (68384, 68382),
        "resolved_on_time": (17515, 17515),
        "resolved_late": (314, 314),
        "pending_total": (11194, 11194),
        "pending_within_deadline": (11090, 11055),
        "pending_overdue": (104, 104),
    }
    issues = samples.report.issues_for("totals_row_matches_unit_rows")
    found = {
        r.measure: (r.actual_value, r.expected_value, r.difference)
        for r in issues.itertuples()
        if r.file_name == F000 and r.source_line == 377
    }
    assert found == {
        measure: (printed, summed, printed - summed)
        for measure, (printed, summed) in printed_and_summed.items()
        if printed != summed
    }
    assert "28 unit rows" in issues.iloc[0]["message"]


def test_unit_rows_whose_breakdown_does_not_add_up_are_flagged(samples):
    issues = samples.report.issues
    pending = _one(issues, rule_id="pending_components_sum", source_line=363)
    assert (pending.file_name, pending.measure) == (F000, "pending_total")
    assert (pending.expected_value, pending.actual_value, pending.difference) == (0, 35, 35)
    assert pending.unit_id == "tng_so_nnptnt"
    assert "Sở Nông nghiệp và Phát triển nông thôn" in pending.message
    resolved = _one(issues, rule_id="resolved_components_sum", source_line=366)
    assert (resolved.expected_value, resolved.actual_value) == (0, 2)  # Ban Dân tộc
    assert "Ban Dân tộc" in resolved.message


def test_change_whose_sign_disagrees_with_its_snapshots_is_flagged(samples):
    issue = _one(samples.report.issues, rule_id="change_matches_snapshots", source_line=285)
    assert issue.file_name == F003
    assert issue.measure == "online_payment_rate_pct"
    assert (issue.expected_value, issue.actual_value) == (-3.07, 3.07)  # 34,31 - 37,38
    assert "Sở Thông tin và Truyền thông" in issue.message
    assert "sign" in issue.message and "37,38 → 34,31" in issue.message


def test_change_that_disagrees_in_value_is_flagged(samples):
    # 003 biểu I row 1,1: 1.764/1.764 → 1.769/1.769 is 5 more, printed +18
    issue = _one(samples.report.issues, rule_id="change_matches_snapshots", source_line=38)
    assert (issue.expected_value, issue.actual_value, issue.difference) == (5, 18, 13)
    assert "sign" not in issue.message


def test_printed_rate_that_does_not_match_its_components_is_flagged(samples):
    issue = _one(samples.report.issues, rule_id="printed_rate_matches_components")
    assert (issue.file_name, issue.source_line) == (F002, 403)  # III 3.4, PAKN
    assert issue.indicator_id == "pakn_resolved_rate"
    assert issue.actual_value == 100
    assert issue.expected_value == pytest.approx(32 / 38 * 100)  # 84.2
    assert "32 / 38" in issue.message


def test_printed_rates_that_match_their_components_raise_nothing(samples):
    columns = (
        "printed_rate, numerator, denominator, rate_deviation_in_last_digits, "
        "file_name, source_line"
    )
    ratios = pd.DataFrame(
        _q(samples.warehouse, f"select {columns} from quality.qa_ratios"),
        columns=[c.strip() for c in columns.split(",")],
    )
    cases = {  # (file, line): (printed, numerator, denominator)
        (F001, 192): (97.1, 28295, 29140),  # 6.3
        (F002, 511): (89.2, 53775, 60283),  # VII 6.3
        (F002, 391): (99.80, 162925, 163242),  # III 3.1: 99.8058, printed truncated
    }
    for (file_name, line), (printed, numerator, denominator) in cases.items():
        row = ratios[(ratios["file_name"] == file_name) & (ratios["source_line"] == line)]
        assert len(row) == 1, (file_name, line)
        row = row.iloc[0]
        assert (row.printed_rate, row.numerator, row.denominator) == (
            printed,
            numerator,
            denominator,
        )
        assert -1 < row.rate_deviation_in_last_digits <= 0.5  # evaluated, and within
    flagged = samples.report.issues_for("printed_rate_matches_components")
    assert not {(f, int(line)) for f, line in zip(flagged.file_name, flagged.source_line, strict=True)} & set(cases)  # fmt: skip


def test_issues_and_run_summary_are_written_to_the_warehouse(samples):
    rows = _q(
        samples.warehouse,
        "select rule_id, severity, file_name, source_line, measure, expected_value, "
        "actual_value, difference, message from marts.fct_data_quality_issue",
    )
    assert len(rows) == len(samples.report.issues) == 11
    assert ("pending_components_sum", "warning", F000, 363, "pending_total", 0.0, 35.0, 35.0) in {
        r[:8] for r in rows
    }
    runs = _q(
        samples.warehouse,
        "select suite, rule_id, severity, evaluated, failed from quality.validation_runs "
        f"where run_id = '{samples.report.run_id}'",
    )
    assert len(runs) == RULE_COUNT
    assert len({r[1] for r in runs}) == RULE_COUNT  # a row per rule
    assert ("totals_rows", "totals_row_matches_unit_rows", "warning", 23, 4) in runs


def test_data_docs_are_written_as_static_html(samples):
    index = samples.docs / "index.html"
    assert index.is_file() and samples.report.docs_index == index
    html = index.read_text(encoding="utf-8")
    assert "totals_rows" in html and "mart_keys" in html
    assert len(list((samples.docs / "validations").rglob("*.html"))) == len(SUITES)  # one per suite


def test_the_command_exits_zero_on_warnings_only(samples, monkeypatch, capsys):
    monkeypatch.setenv("BAOCAO_HOME", str(samples.home))
    assert quality_main() == 0
    out = capsys.readouterr().out
    assert "warning: 7 rules failed, 11 issues" in out and "error: 0 rules failed" in out
    # a second run leaves the findings (a dbt model) as they are and appends to the run history
    assert _q(samples.warehouse, "select count(*) from marts.fct_data_quality_issue") == [(11,)]
    assert (
        _q(samples.warehouse, "select count(distinct run_id) from quality.validation_runs")[0][0]
        >= 2
    )


# --------------------------------------------------------------------------- edited copies


def test_each_edit_fires_exactly_the_expected_rule(samples, edited):
    new = _issue_keys(edited.report.issues) - _issue_keys(samples.report.issues)
    gone = _issue_keys(samples.report.issues) - _issue_keys(edited.report.issues)
    assert gone == set()
    assert new == {
        ("change_matches_snapshots", F003, 178, "online_service_rate_pct"),
        ("printed_rate_matches_components", F000, 297, "fp_online_rate_pct"),
        ("unit_row_matched_once", F000, 345, None),
        ("cells_accounted_for", F000, 341, None),  # the table, by its first line
        ("value_read_from_irregular_print", F000, 308, "fp_processed_online"),
        ("count_is_whole", F002, 377, "indicator_value"),
    }
    change = _one(edited.report.issues, rule_id="change_matches_snapshots", source_line=178)
    assert (change.expected_value, change.actual_value) == (1.9, 2.9)
    assert "Sở Tài chính" in change.message
    rate = _one(edited.report.issues, rule_id="printed_rate_matches_components", source_line=297)
    assert (rate.expected_value, rate.actual_value, rate.difference) == (100, 90, -10)
    assert "Sở Nội vụ" in rate.message
    comma = _one(edited.report.issues, rule_id="value_read_from_irregular_print", source_line=308)
    assert comma.actual_value == 2192  # read as the count, kept as printed, flagged
    assert "'2,192' (comma_group_separator)" in comma.message
    count = _one(edited.report.issues, rule_id="count_is_whole")
    assert count.actual_value == pytest.approx(1.196)  # as printed: the column does not tell
    assert "count printed '1,196' is not whole" in count.message


def test_an_unmatched_unit_is_quarantined_not_an_error(edited, monkeypatch):
    """One report's unmatched row is that report's problem: listed, never blocking."""
    assert not edited.report.has_errors
    unit = _one(edited.report.issues, rule_id="unit_row_matched_once")
    assert unit.severity == "quarantine" and unit.source_line == 345
    assert "'Sở Hàng không Vũ trụ'" in unit.message and "unit_aliases.csv" in unit.message
    lost = _one(edited.report.issues, rule_id="cells_accounted_for")
    assert lost.severity == "quarantine"
    assert lost.actual_value == 11 and "unit_not_matched" in lost.message
    monkeypatch.setenv("BAOCAO_HOME", str(edited.home))
    assert quality_main() == 0


def test_a_duplicate_mart_row_is_an_error(tampered):
    dup = _one(tampered.report.issues, rule_id="mart_key_unique")
    assert dup.severity == "error"
    assert (dup.file_name, dup.source_line, dup.actual_value) == (F000, 345, 2)
    assert "marts.fct_dossier_processing.dossier_processing_id" in dup.message
    assert tampered.report.result("mart_key_unique").failed == 1  # one key, two copies


def test_a_cell_dropped_from_a_mart_is_an_error(tampered):
    lost = tampered.report.issues_for("cell_reaches_mart")
    assert len(lost) == 11  # the 11 value cells of Sở Ngoại vụ's row
    assert set(lost["source_line"]) == {346} and set(lost["file_name"]) == {F000}
    assert set(lost["unit_id"]) == {"tng_so_ngoai_vu"}
    assert "received_total" in set(lost["measure"])


def test_a_mart_value_unlike_its_printed_cell_is_an_error(tampered):
    wrong = _one(tampered.report.issues, rule_id="mart_value_matches_print")
    assert (wrong.source_line, wrong.measure) == (347, "received_total")
    assert (wrong.expected_value, wrong.actual_value, wrong.difference) == (57, 58, 1)


def test_a_report_without_province_is_quarantined(tampered):
    missing = _one(tampered.report.issues, rule_id="report_has_province_and_period")
    assert missing.severity == "quarantine"
    assert missing.file_name == F001 and "no province" in missing.message


def test_tampering_fires_error_and_quarantine_rules_and_leaves_the_warnings(samples, tampered):
    assert tampered.report.has_errors
    assert {r.rule_id for r in tampered.report.failed_rules("error")} == {
        "mart_key_unique",
        "cell_reaches_mart",
        "mart_value_matches_print",
    }
    assert {r.rule_id for r in tampered.report.failed_rules("quarantine")} == {
        "report_has_province_and_period"
    }
    warnings = tampered.report.issues[tampered.report.issues["severity"] == "warning"]
    assert _issue_keys(warnings) == _issue_keys(samples.report.issues)


def test_indicator_breakdowns_follow_the_reference_table(samples):
    """seeds/indicator_components.csv says which indicators print a breakdown of a total."""
    report = samples.report
    assert report.result("indicator_components_sum").evaluated == 5
    issue = _one(report.issues, rule_id="indicator_components_sum")
    # 002 VI 2.4 prints 177; 2.4.1 + 2.4.2 + 2.4.3 print 0 + 0 + 0
    assert (issue.file_name, issue.source_line, issue.indicator_id) == (
        F002,
        469,
        "psu_partly_self_funded",
    )
    assert (issue.expected_value, issue.actual_value) == (0, 177)


def test_rules_are_documented():
    from orchestration.quality import RULES

    doc = (ROOT / "docs" / "data-rules.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"`{rule.rule_id}`" in doc, rule.rule_id


@pytest.fixture(scope="module")
def duplicated_report(samples, tmp_path_factory) -> Checked:
    """The samples' warehouse with one report written twice into marts.dim_report."""
    return _tampered_copy(
        samples,
        tmp_path_factory,
        "quality_duplicated_report",
        f"insert into marts.dim_report select * from marts.dim_report where file_name = '{F002}'",
    )


def test_a_duplicated_report_is_a_finding_not_a_crash(duplicated_report):
    report = duplicated_report.report
    dup = _one(report.issues, rule_id="mart_key_unique")
    assert dup.severity == "error" and "marts.dim_report.report_id" in dup.message
    assert dup.actual_value == 2
    assert {r.rule_id for r in report.failed_rules("error")} == {"mart_key_unique"}


# --------------------------------------------------------------------------- the dbt quality layer


def test_every_rule_has_one_severity_in_dbt_project_and_findings_in_sql():
    """dbt_project.yml's quality meta is the one list of rules and severities: every suite
    rule is in it, and the findings model names each of them."""
    from orchestration.quality import RULES

    assert set(RULES) == set(rule_severities())
    findings_sql = (ROOT / "dbt_project" / "models" / "quality" / "qa_findings.sql").read_text(
        encoding="utf-8"
    )
    for rule_id in RULES:
        assert f"'{rule_id}'" in findings_sql, rule_id


def test_the_findings_mart_is_the_findings_the_rules_read(samples):
    """marts.fct_data_quality_issue (dbt table) holds what quality.qa_findings (the view the
    run reads) gives, row for row, and every one of the run's issues."""
    only_in_one = _q(
        samples.warehouse,
        "select count(*) from ((select * from marts.fct_data_quality_issue except all "
        "select * from quality.qa_findings) union all (select * from quality.qa_findings "
        "except all select * from marts.fct_data_quality_issue))",
    )
    assert only_in_one == [(0,)]
    assert (
        len(samples.report.issues)
        == _q(samples.warehouse, "select count(*) from marts.fct_data_quality_issue")[0][0]
    )


def test_gx_and_the_findings_must_agree_on_every_rule():
    from orchestration.quality import RULES

    totals = RULES["totals_row_matches_unit_rows"]
    two = pd.DataFrame({"actual_value": [1.0, 2.0]})
    assert agreed_failures(totals, 2, two) == 2
    with pytest.raises(QualityRunError, match="totals_row_matches_unit_rows"):
        agreed_failures(totals, 3, two)
    # a duplicated key: one finding per key, GX counts every copy (the finding's actual_value)
    keys = RULES["mart_key_unique"]
    dup = pd.DataFrame({"actual_value": [2.0, 3.0]})
    assert agreed_failures(keys, 5, dup) == 2
    with pytest.raises(QualityRunError):
        agreed_failures(keys, 2, dup)


def test_the_mart_value_rule_compares_with_the_raw_cell_by_cell_id(tampered):
    """The expected value is what raw.table_cells holds for the cell the mart row came from."""
    wrong = _one(tampered.report.issues, rule_id="mart_value_matches_print")
    raw = _q(
        tampered.warehouse,
        "select value_number from raw.table_cells as cells "
        "join raw.documents as docs using (document_id) "
        f"where docs.file_key = '{F000}' and cells.source_line = 347 and cells.cell_text = '57'",
    )
    assert raw == [(wrong.expected_value,)]
    assert "holds 58 (value) for a cell printed '57'" in wrong.message


def test_the_frames_gx_validates_are_only_the_checked_columns():
    from orchestration.quality import SUITES_BY_NAME

    assert SUITES_BY_NAME["totals_rows"].columns == ("check_id", "difference_in_last_digits")
    assert SUITES_BY_NAME["mart_keys"].columns == ("check_id", "mart", "key_value")
    assert SUITES_BY_NAME["dossier_processing"].sql() == (
        "select check_id, received_difference, resolved_difference, pending_difference, "
        "balance_difference from quality.qa_dossier_rows"
    )


def test_without_the_quality_layer_the_command_says_so(samples, tmp_path, monkeypatch, capsys):
    """A `dbt build` whose mart test failed skips the quality views: a clear exit 2."""
    shutil.copy(samples.warehouse, tmp_path / "warehouse.duckdb")
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    try:
        con.execute("drop view quality.qa_findings").fetchall()
    finally:
        con.close()
    monkeypatch.setenv("BAOCAO_HOME", str(tmp_path))
    assert quality_main() == 2
    assert "quality.qa_findings" in capsys.readouterr().out


def test_a_relation_validated_in_parts_counts_as_validated_whole(samples, tmp_path):
    """Row-wise suites are validated in parts so GX's memory does not grow with the corpus;
    parts of 500 rows (several per large suite here) give every rule the same counts."""
    from orchestration.quality import SUITES_BY_NAME
    from orchestration.quality.runner import suite_frames

    con = duckdb.connect(str(samples.warehouse), read_only=True)
    try:
        values = SUITES_BY_NAME["mart_values"]
        (total,) = con.execute(f"select count(*) from ({values.sql()})").fetchone()
        assert total > 3 * 500, "the samples must need several parts for this test to mean much"
        sizes = [len(df) for df in suite_frames(con, values, part_rows=500)]
        assert sum(sizes) == total and len(sizes) >= 4 and max(sizes) <= 500
        # a uniqueness rule sees every row at once
        assert not SUITES_BY_NAME["mart_keys"].row_wise
        assert len(list(suite_frames(con, SUITES_BY_NAME["mart_keys"], part_rows=500))) == 1
    finally:
        con.close()

    home = tmp_path / "parts"
    home.mkdir()
    shutil.copy(samples.warehouse, home / "warehouse.duckdb")
    parts = run_quality(home / "warehouse.duckdb", home / "docs", write=False, part_rows=500)
    whole = {(r.rule_id, r.evaluated, r.failed) for r in samples.report.results}
    assert {(r.rule_id, r.evaluated, r.failed) for r in parts.results} == whole
