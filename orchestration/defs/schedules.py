"""The daily refresh: every known report, a forced dbt build, the rules, a new snapshot."""

from dagster import (
    DefaultScheduleStatus,
    RunRequest,
    ScheduleEvaluationContext,
    SkipReason,
    schedule,
)

from orchestration.defs.ingest.partitions import reports_partitions
from orchestration.defs.jobs import main_job
from orchestration.defs.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG


@schedule(
    job=main_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Ho_Chi_Minh",
    default_status=DefaultScheduleStatus.RUNNING,
    description="02:00 Vietnam time: re-run every report partition (unchanged ones are "
    "no-ops), rebuild every model and test, run the rules, publish.",
)
def daily_refresh(context: ScheduleEvaluationContext) -> RunRequest | SkipReason:
    keys = reports_partitions.get_partition_keys(dynamic_partitions_store=context.instance)
    if not keys:
        return SkipReason("no reports yet: the inbox sensor adds them")
    return RunRequest(
        run_key=None,
        tags={ASSET_PARTITION_RANGE_START_TAG: keys[0], ASSET_PARTITION_RANGE_END_TAG: keys[-1]},
    )
