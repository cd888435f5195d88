"""The ingest asset: one dynamic partition per inbox file (key: its path relative to the
inbox, see partitions.py); each report lands whole or not at all. Skipped files and
duplicates are recorded in raw.documents and listed with their reason."""

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetObservation,
    BackfillPolicy,
    MaterializeResult,
    MetadataValue,
    asset,
)

from ingest.load import connect
from ingest.pipeline import ingest_files
from orchestration.defs.ingest.partitions import partition_key, report_files, reports_partitions
from orchestration.defs.resources import (
    TRANSIENT_RETRY,
    WAREHOUSE_POOL,
    WarehouseResource,
    retry_only_transient,
)

RAW_REPORTS_KEY = AssetKey(["raw", "reports"])
REPORTS_PARSED_CHECK = "reports_parsed"


@dataclass(frozen=True, slots=True)
class ReportOutcome:
    key: str
    action: str  # inserted | replaced | unchanged | failed | skipped | duplicate | missing
    document_id: str | None
    cells: int
    error: str | None

    def metadata(self) -> dict[str, object]:
        return {
            "outcome": self.action,
            "document_id": self.document_id or "",
            "cells": self.cells,
            "error": self.error or "",
        }


def _markdown_table(outcomes: list[ReportOutcome]) -> str:
    lines = ["| report | outcome | cells | error or reason |", "|---|---|---:|---|"]
    for o in outcomes:
        error = (o.error or "").replace("|", "\\|").replace("\n", " ")[:200]
        lines.append(f"| {o.key} | {o.action} | {o.cells} | {error} |")
    return "\n".join(lines)


@asset(
    key=RAW_REPORTS_KEY,
    group_name="ingest",
    kinds={"python", "duckdb"},
    partitions_def=reports_partitions,
    # A backfill of many reports is one run with one warehouse connection, not N runs.
    backfill_policy=BackfillPolicy.single_run(),
    pool=WAREHOUSE_POOL,
    retry_policy=TRANSIENT_RETRY,
    check_specs=[
        AssetCheckSpec(
            REPORTS_PARSED_CHECK,
            asset=RAW_REPORTS_KEY,
            description="Every report of the run was read and parsed (failures are recorded "
            "in raw.documents with the reason; a warning, the other reports go on).",
        )
    ],
    description="Report files from the inbox, parsed into raw.* (one DuckDB transaction per "
    "report). Partition = file path relative to the inbox; a skipped file (not a text report, "
    "a link outside the inbox) or a duplicate (same bytes or text as another file) is "
    "recorded with its reason; a failed report is recorded in raw.documents with "
    "status 'failed' and its reason, and never stops the others.",
)
def raw_reports(
    context: AssetExecutionContext, warehouse: WarehouseResource
) -> Iterator[AssetObservation | MaterializeResult]:
    keys = list(context.partition_keys)
    files = report_files(warehouse.settings.inbox)
    settings = warehouse.settings
    settings.home.mkdir(parents=True, exist_ok=True)
    outcomes: list[ReportOutcome] = []
    # A lock held by another process is retried (TRANSIENT_RETRY); reports already loaded
    # are skipped by id on the next try. Bad input never raises: ingest records it.
    with retry_only_transient():
        con = connect(str(settings.warehouse_path))
        try:
            # All partitions of the run go through ingest together: parsed in worker
            # processes and loaded in batches when there are many (a backfill, a first run).
            present = [files[key] for key in keys if key in files]
            settled = (
                ReportOutcome(
                    partition_key(loaded.key),
                    loaded.action,
                    loaded.document_id,
                    loaded.cells,
                    error or loaded.detail,
                )
                for _path, loaded, error in ingest_files(con, present, settings)
            )
            missing = (
                # Nothing is lost: the report's last version stays in raw.*.
                ReportOutcome(key, "missing", None, 0, "no longer in the inbox")
                for key in keys
                if key not in files
            )
            for outcome in chain(settled, missing):
                outcomes.append(outcome)
                if outcome.action == "failed":
                    context.log.warning(
                        "report %s %s: %s", outcome.key, outcome.action, outcome.error
                    )
                else:
                    context.log.info(
                        "report %s %s (%d cells)", outcome.key, outcome.action, outcome.cells
                    )
                if len(keys) > 1:
                    # One run covers many partitions; this keeps each report's own outcome in
                    # its partition's history.
                    yield AssetObservation(
                        asset_key=RAW_REPORTS_KEY,
                        partition=outcome.key,
                        metadata=outcome.metadata(),
                    )
        finally:
            con.close()

    failed = [o for o in outcomes if o.action == "failed"]
    counts = {
        action: sum(1 for o in outcomes if o.action == action)
        for action in (
            "inserted",
            "replaced",
            "unchanged",
            "failed",
            "skipped",
            "duplicate",
            "missing",
        )
    }
    metadata: dict[str, object] = {**counts, "reports": MetadataValue.md(_markdown_table(outcomes))}
    if len(outcomes) == 1:
        metadata.update(outcomes[0].metadata())
    yield MaterializeResult(
        metadata=metadata,
        check_results=[
            AssetCheckResult(
                check_name=REPORTS_PARSED_CHECK,
                passed=not failed,
                severity=AssetCheckSeverity.WARN,
                metadata={
                    "failed": len(failed),
                    "failed_reports": MetadataValue.md(_markdown_table(failed)) if failed else "",
                },
            )
        ],
    )
