"""The inbox sensor: new or changed report files (by content hash) start one run.

The cursor remembers, per file key (path relative to the inbox), the size, mtime and SHA-256 last handled, so a tick
hashes only files whose size or mtime moved, and asks for nothing when nothing changed. A
changed hash is compared with raw.documents before a run is requested: a file `make run`
already loaded starts nothing. Skipped files and duplicates are recorded in raw.documents
too, so once recorded they are "already loaded" like any report; a pending report brings
its recorded duplicates along (ingest decides them again together).

A run can die before it records a report (killed, out of memory): the report was handled
by the sensor but never reached raw.documents. When the main job's latest run failed and
none is active, the reports still missing are requested again, once per failed run, and
not after three failures in a row (that needs a person, not a fourth try).
"""

import hashlib
import json

from dagster import (
    DagsterRunStatus,
    DefaultSensorStatus,
    RunRequest,
    RunsFilter,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from ingest.inbox import inbox_entries
from orchestration.defs.ingest.inbox import (
    InboxFile,
    loaded_documents,
    pending_files,
    scan_inbox,
)
from orchestration.defs.ingest.partitions import partition_key_range, reports_partitions
from orchestration.defs.jobs import main_job
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG


def run_request_for(
    pending: list[InboxFile],
    existing_keys: list[str],
    tags: dict[str, str] | None = None,
    after_run: str = "",
) -> tuple[RunRequest, list[str]]:
    """One run over the smallest partition range holding every pending report.

    The run key names the reports and their bytes (and, for a retry, the failed run), so
    Dagster starts each request once however many ticks repeat it.
    """
    start, end, to_add = partition_key_range(existing_keys, [f.partition_key for f in pending])
    reports = sorted((f.key, f.sha256) for f in pending)
    run_key = hashlib.sha256(
        json.dumps([reports, after_run] if after_run else reports).encode()
    ).hexdigest()
    run_tags = dict(tags or {})
    if start == end:
        return RunRequest(run_key=run_key, partition_key=start, tags=run_tags), to_add
    run_tags |= {ASSET_PARTITION_RANGE_START_TAG: start, ASSET_PARTITION_RANGE_END_TAG: end}
    return RunRequest(run_key=run_key, tags=run_tags), to_add


_ACTIVE = [
    DagsterRunStatus.QUEUED,
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
    DagsterRunStatus.CANCELING,
]
_FAILED = (DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED)
MAX_FAILED_RUNS_IN_A_ROW = 3


def _retry_after_failed_run(
    context: SensorEvaluationContext, files: list[InboxFile], warehouse: WarehouseResource
) -> SensorResult | None:
    """A run for the handled reports a failed run left out of raw.documents, or None."""
    instance = context.instance
    job = RunsFilter(job_name=main_job.name)
    recent = instance.get_runs(filters=job, limit=MAX_FAILED_RUNS_IN_A_ROW)
    if not recent or recent[0].status not in _FAILED:
        return None
    if instance.get_runs(filters=RunsFilter(job_name=main_job.name, statuses=_ACTIVE), limit=1):
        return None
    if len(recent) == MAX_FAILED_RUNS_IN_A_ROW and all(r.status in _FAILED for r in recent):
        context.log.warning(
            "the last %d runs failed: not retrying the missing reports", len(recent)
        )
        return None
    loaded = loaded_documents(warehouse.settings.warehouse_path)
    missing = pending_files(files, loaded) if loaded is not None else []
    if not missing:
        return None
    existing = list(reports_partitions.get_partition_keys(dynamic_partitions_store=instance))
    request, to_add = run_request_for(missing, existing, after_run=recent[0].run_id)
    context.log.info(
        "run %s failed; requesting again %s", recent[0].run_id, ", ".join(f.key for f in missing)
    )
    return SensorResult(
        run_requests=[request],
        dynamic_partitions_requests=(
            [reports_partitions.build_add_request(to_add)] if to_add else []
        ),
    )


@sensor(
    job=main_job,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="New or changed report files in $BAOCAO_INBOX (by SHA-256) -> one run of "
    "the main job over their partitions; nothing for files already ingested.",
)
def inbox_sensor(context: SensorEvaluationContext, warehouse: WarehouseResource) -> SensorResult:
    seen: dict[str, list] = json.loads(context.cursor) if context.cursor else {}
    settings = warehouse.settings
    files = scan_inbox(inbox_entries(settings.inbox), cache=seen, max_bytes=settings.max_file_bytes)
    changed = [f for f in files if (seen.get(f.key) or [None, None, None])[2] != f.sha256]
    # Every file seen now is handled now (unchanged, already loaded, or requested below):
    # remember its size, mtime and hash so the next tick reads none of them again.
    cursor = json.dumps({f.key: f.cache_entry() for f in files}, sort_keys=True)
    if not changed:
        retry = _retry_after_failed_run(context, files, warehouse)
        if retry is not None:
            return SensorResult(
                run_requests=retry.run_requests,
                dynamic_partitions_requests=retry.dynamic_partitions_requests,
                cursor=cursor,
            )
        return SensorResult(
            skip_reason=SkipReason(f"no new or changed files among {len(files)} in the inbox"),
            cursor=cursor,
        )
    loaded = loaded_documents(settings.warehouse_path)
    # Busy warehouse: request them all; ingest skips what it already holds.
    changed_keys = {f.key for f in changed}
    pending = pending_files(files, loaded, among=changed_keys) if loaded is not None else changed
    if not pending:
        return SensorResult(
            skip_reason=SkipReason(f"{len(changed)} changed files are already ingested"),
            cursor=cursor,
        )
    existing = list(
        reports_partitions.get_partition_keys(dynamic_partitions_store=context.instance)
    )
    request, to_add = run_request_for(pending, existing)
    context.log.info("requesting a run for %s", ", ".join(f.key for f in pending))
    return SensorResult(
        run_requests=[request],
        dynamic_partitions_requests=(
            [reports_partitions.build_add_request(to_add)] if to_add else []
        ),
        cursor=cursor,
    )
