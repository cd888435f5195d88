"""Writing a run's results into the warehouse: the issues as marts.fct_data_quality_issue
(replaced, so it always shows the latest run) and one row per rule in
quality.validation_runs (appended: the history of runs)."""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pandas as pd

from .rules import ISSUE_COLUMNS

log = logging.getLogger(__name__)

ISSUE_TABLE = "marts.fct_data_quality_issue"
RUNS_TABLE = "quality.validation_runs"

ISSUE_DDL = f"""
create or replace table {ISSUE_TABLE} (
    rule_id varchar not null,
    severity varchar not null,
    report_id varchar,
    table_id varchar,
    unit_id varchar,
    indicator_id varchar,
    measure varchar,
    expected_value double,
    actual_value double,
    difference double,
    file_name varchar,
    source_line integer,
    message varchar not null
)
"""

RUNS_DDL = f"""
create table if not exists {RUNS_TABLE} (
    run_id varchar not null,
    run_at timestamp with time zone not null,
    suite varchar not null,
    rule_id varchar not null,
    severity varchar not null,
    evaluated bigint not null,
    failed bigint not null
)
"""

RUN_COLUMNS = ("run_id", "run_at", "suite", "rule_id", "severity", "evaluated", "failed")


def _exec(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    # This DuckDB wants each result consumed before the next statement on the connection.
    con.execute(sql).fetchall()


def write_results(warehouse_path: Path, issues: pd.DataFrame, runs: pd.DataFrame) -> None:
    """Replace the issue table and append the run summary, in one transaction: readers see
    the previous run or this one, never a mix."""
    issues = issues.loc[:, list(ISSUE_COLUMNS)]
    runs = runs.loc[:, list(RUN_COLUMNS)]
    con = duckdb.connect(str(warehouse_path))
    try:
        con.register("quality_issues_frame", issues)
        con.register("quality_runs_frame", runs)
        _exec(con, "begin transaction")
        try:
            _exec(con, "create schema if not exists quality")
            _exec(con, RUNS_DDL)
            _exec(con, ISSUE_DDL)
            columns = ", ".join(ISSUE_COLUMNS)
            _exec(
                con,
                f"insert into {ISSUE_TABLE} ({columns}) select {columns} from quality_issues_frame",
            )
            run_columns = ", ".join(RUN_COLUMNS)
            _exec(
                con,
                f"insert into {RUNS_TABLE} ({run_columns}) "
                f"select {run_columns} from quality_runs_frame",
            )
            _exec(con, "commit")
        except Exception:
            _exec(con, "rollback")
            raise
    finally:
        con.close()
    log.info("wrote %d issues and %d rule results to %s", len(issues), len(runs), warehouse_path)
