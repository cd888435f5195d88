"""Writing a run's summary into the warehouse: one row per rule in quality.validation_runs
(appended: the history of runs). The findings themselves are a dbt model
(marts.fct_data_quality_issue, dbt_project/models/quality), not written from Python."""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pandas as pd

log = logging.getLogger(__name__)

RUNS_TABLE = "quality.validation_runs"

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


def write_runs(warehouse_path: Path, runs: pd.DataFrame) -> None:
    """Append the run summary in one transaction."""
    runs = runs.loc[:, list(RUN_COLUMNS)]
    con = duckdb.connect(str(warehouse_path))
    try:
        con.register("quality_runs_frame", runs)
        _exec(con, "begin transaction")
        try:
            _exec(con, "create schema if not exists quality")
            _exec(con, RUNS_DDL)
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
    log.info("wrote %d rule results to %s", len(runs), warehouse_path)
