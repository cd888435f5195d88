"""The Great Expectations rules, run once per build over the marts, as blocking asset checks.

The rules' arithmetic and findings are dbt models (dbt_project/models/quality: the qa_*
relations and marts.fct_data_quality_issue), built by the one `dbt build`.
`orchestration.quality.run_quality` then validates those relations with GX and appends its
summary to quality.validation_runs, so the GX run is an asset of its own, downstream of
every mart and every quality model and upstream of the published snapshot. Its checks:

- `error_rules` (blocking): a pipeline defect (duplicate key, lost cell, mart value unlike
  its raw cell). Fails with severity ERROR, which stops the publish: readers keep the
  previous snapshot.
- `quarantine_rules`: one report's own problem (no province or period, a unit row that
  matches nothing, an unrecognised table). Passes, with the counts: the report is listed in
  marts.report_review and the other reports are published.
- `warning_rules`: the source disagrees with itself. Passes, with the counts per rule in its
  metadata; the rows are in marts.fct_data_quality_issue.

GX is imported only when the checks run: importing it costs seconds that a run with nothing
new, or loading the Definitions, should not pay.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    MaterializeResult,
    MetadataValue,
    asset,
)

from orchestration.defs.dbt.assets import MART_KEYS, dbt_asset_keys
from orchestration.defs.resources import (
    TRANSIENT_RETRY,
    WAREHOUSE_POOL,
    WarehouseResource,
    retry_only_transient,
)

# The GX run's own output; marts/fct_data_quality_issue is the dbt model of the findings.
QUALITY_KEY = AssetKey(["quality", "validation_runs"])
ERROR_CHECK = "error_rules"
QUARANTINE_CHECK = "quarantine_rules"
WARNING_CHECK = "warning_rules"


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    suite: str
    rule_id: str
    severity: str  # "error" | "quarantine" | "warning"
    evaluated: int
    failed: int


def rule_outcomes(report: Any) -> list[RuleOutcome]:
    """The per-rule results of a QualityReport, in a shape this module owns."""
    return [
        RuleOutcome(str(r.suite), str(r.rule_id), str(r.severity), int(r.evaluated), int(r.failed))
        for r in report.results
    ]


def _rules_table(rules: Iterable[RuleOutcome]) -> str:
    lines = ["| suite | rule | evaluated | failed |", "|---|---|---:|---:|"]
    lines += [f"| {r.suite} | {r.rule_id} | {r.evaluated} | {r.failed} |" for r in rules]
    return "\n".join(lines)


def _counted(check_name: str, rules: list[RuleOutcome]) -> AssetCheckResult:
    """A non-blocking check: passes, and says how many findings each rule has."""
    return AssetCheckResult(
        check_name=check_name,
        passed=True,  # recorded and listed, never blocking
        severity=AssetCheckSeverity.WARN,
        metadata={
            "rules": len(rules),
            "rules_with_findings": sum(1 for r in rules if r.failed),
            "findings": sum(r.failed for r in rules),
            "results": MetadataValue.md(_rules_table(rules)),
        },
    )


def quality_check_results(rules: list[RuleOutcome]) -> list[AssetCheckResult]:
    errors = [r for r in rules if r.severity == "error"]
    quarantine = [r for r in rules if r.severity == "quarantine"]
    warnings = [r for r in rules if r.severity == "warning"]
    failing = [r for r in errors if r.failed]
    return [
        AssetCheckResult(
            check_name=ERROR_CHECK,
            passed=not failing,
            severity=AssetCheckSeverity.ERROR,
            description=(
                "failing: " + ", ".join(f"{r.rule_id} ({r.failed})" for r in failing)
                if failing
                else None
            ),
            metadata={
                "rules": len(errors),
                "failed_rules": len(failing),
                "failed_rows": sum(r.failed for r in errors),
                "results": MetadataValue.md(_rules_table(errors)),
            },
        ),
        _counted(QUARANTINE_CHECK, quarantine),
        _counted(WARNING_CHECK, warnings),
    ]


@asset(
    key=QUALITY_KEY,
    deps=[*MART_KEYS, *dbt_asset_keys("quality")],
    group_name="quality",
    kinds={"great_expectations", "duckdb"},
    pool=WAREHOUSE_POOL,
    retry_policy=TRANSIENT_RETRY,
    check_specs=[
        AssetCheckSpec(
            ERROR_CHECK,
            asset=QUALITY_KEY,
            blocking=True,
            description="Error-severity rules (pipeline defects) all pass; blocks publishing.",
        ),
        AssetCheckSpec(
            QUARANTINE_CHECK,
            asset=QUALITY_KEY,
            description="Quarantine-severity rules (one report's own problem), counted; the "
            "reports are listed in marts.report_review, the others are published.",
        ),
        AssetCheckSpec(
            WARNING_CHECK,
            asset=QUALITY_KEY,
            description="Warning-severity rules (the source disagrees with itself), counted.",
        ),
    ],
    description="Great Expectations rules over the dbt quality layer (quality.qa_*): one row "
    "per rule per run (evaluated, failed), appended; the findings themselves (rule, expected "
    "and printed values, source line) are marts.fct_data_quality_issue.",
)
def data_quality_issues(
    context: AssetExecutionContext, warehouse: WarehouseResource
) -> Iterator[MaterializeResult]:
    from orchestration.quality import run_quality  # GX: imported only when the rules run

    settings = warehouse.settings
    with retry_only_transient():
        report = run_quality(settings.warehouse_path, settings.quality_docs_dir)
    rules = rule_outcomes(report)
    results = quality_check_results(rules)
    context.log.info(
        "quality rules: %d error rules, %d failing; %d quarantine and %d warning findings",
        results[0].metadata["rules"].value,
        results[0].metadata["failed_rules"].value,
        results[1].metadata["findings"].value,
        results[2].metadata["findings"].value,
    )
    yield MaterializeResult(
        metadata={
            "errors": sum(r.failed for r in rules if r.severity == "error"),
            "quarantined": sum(r.failed for r in rules if r.severity == "quarantine"),
            "warnings": sum(r.failed for r in rules if r.severity == "warning"),
            "data_docs": MetadataValue.path(str(report.docs_index)),
            "quality_run_id": str(report.run_id),
        },
        check_results=results,
    )
