"""The main job without Dagster: ingest the inbox, then one `dbt build`, then a summary.

The tests, the benchmarks and `python -m orchestration.local_run` use it; `make run` goes
through Dagster (`python -m orchestration run`). dbt runs through `run_dbt`, as a
subprocess on the settings' home.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
from rich.console import Console

from ingest.cli import ingest_with_progress
from ingest.pipeline import RunSummary, run_ingest
from ingest.settings import Settings
from orchestration.defs.dbt.files import run_dbt


@dataclass
class BuildResult:
    ingest: RunSummary
    dbt_output: str


def build_warehouse(settings: Settings, console: Console | None = None) -> BuildResult:
    summary = ingest_with_progress(settings, console) if console else run_ingest(settings)
    result = run_dbt(["build"], settings.home)
    return BuildResult(summary, result.stdout)


def warehouse_summary(path: Path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        reports = q("select count(*) from marts.dim_report")[0][0]
        failed = q("select count(*) from raw.documents where status = 'failed'")[0][0]
        tables = q("select count(*) from raw.tables")[0][0]
        unmatched = q("select count(*) from intermediate.int_unit_match_review")[0][0]
        cells, in_marts, structure, totals, lost = q(
            "select sum(cell_count), sum(cells_in_marts), sum(structure_cells), "
            "sum(totals_row_cells), sum(cells_unaccounted) from marts.table_coverage"
        )[0]
        lines = [
            f"reports: {reports} parsed, {failed} failed; tables: {tables}",
            f"table cells: {cells} = {in_marts} in marts + {structure} row codes/labels "
            f"+ {totals} totals rows + {lost} kept out (marts.report_review)",
            f"unit rows needing review (unmatched or ambiguous): {unmatched}",
            "rows per mart:",
        ]
        # Every relation dbt built in marts (its own list: no copy of the model names here).
        marts = q(
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' order by table_name"
        )
        for (name,) in marts:
            lines.append(f"  marts.{name:<26} {q(f'select count(*) from marts.{name}')[0][0]:>6}")
        lines += review_summary(con)
        return "\n".join(lines)
    finally:
        con.close()


def review_summary(con: duckdb.DuckDBPyConnection) -> list[str]:
    """One line per file in marts.report_review: what of it was kept out of the marts, and why."""
    rows = con.execute(
        """
        select file_name,
               string_agg(reason || coalesce(' (' || cells || ' cells)', ''), ', '
                          order by reason) as reasons,
               min(source_line) as first_line
        from (
            select file_name, reason, min(source_line) as source_line,
                   sum(finding_count) filter (where table_id is not null) as cells
            from marts.report_review
            group by file_name, reason
        )
        group by file_name
        order by file_name
        """
    ).fetchall()
    if not rows:
        return ["quarantined: none (marts.report_review is empty)"]
    out = [f"quarantined: {len(rows)} files, the rest published (marts.report_review):"]
    for file_name, reasons, first_line in rows:
        where = f", first at line {first_line}" if first_line is not None else ""
        out.append(f"  {file_name}: {reasons}{where}")
    return out


def main() -> None:
    settings = Settings.from_env()
    result = build_warehouse(settings, Console())
    s = result.ingest
    print(f"ingest: {s.line()}")
    for key, action, reason in s.not_parsed():
        print(f"  {action} {key}: {reason}")
    print(warehouse_summary(settings.warehouse_path))
    print(f"warehouse: {settings.warehouse_path}")


if __name__ == "__main__":
    main()
