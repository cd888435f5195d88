"""`python -m orchestration.quality`: run every suite on $BAOCAO_HOME/warehouse.duckdb.

Validates the dbt quality layer (built by `dbt build`), prints evaluated/failed per severity
and rule, appends to quality.validation_runs and writes Data Docs
($BAOCAO_HOME/quality/data_docs/index.html); the findings are marts.fct_data_quality_issue.
Exit status 1 only when an error-severity rule failed (quarantine and warning findings
never fail the run: they concern one report, or the source itself);
2 when there is no warehouse, or no quality layer in it, to check.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .rules import SEVERITIES
from .runner import QualityLayerMissing, QualityReport, run_quality


def summary_table(report: QualityReport) -> Table:
    table = Table(title=f"data rules — run {report.run_id}", show_lines=False)
    for name, justify in (
        ("severity", "left"),
        ("rule", "left"),
        ("evaluated", "right"),
        ("failed", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    ordered = sorted(report.results, key=lambda r: SEVERITIES.index(r.severity))
    styles = {"error": "red", "quarantine": "magenta", "warning": "yellow"}
    for r in ordered:
        style = styles[r.severity] if r.failed else None
        table.add_row(r.severity, r.rule_id, str(r.evaluated), str(r.failed), style=style)
    return table


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    home = Path(os.environ.get("BAOCAO_HOME", "warehouse"))
    warehouse = home / "warehouse.duckdb"
    console = Console()
    if not warehouse.exists():
        console.print(f"[red]no warehouse at {warehouse}[/red] (build it: make run)")
        return 2
    try:
        report = run_quality(warehouse, home / "quality" / "data_docs")
    except QualityLayerMissing as exc:
        console.print(f"[red]{exc}[/red]", highlight=False)
        return 2
    console.print(summary_table(report))
    for severity in SEVERITIES:
        failed = report.failed_rules(severity)
        issues = int((report.issues["severity"] == severity).sum())
        console.print(f"{severity}: {len(failed)} rules failed, {issues} issues")
    console.print(f"issues: marts.fct_data_quality_issue in {warehouse}")
    console.print(f"Data Docs: {report.docs_index.resolve()}")
    return 1 if report.has_errors else 0


if __name__ == "__main__":
    sys.exit(main())
