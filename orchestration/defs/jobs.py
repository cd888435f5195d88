"""Jobs: the whole graph, the warehouse after ingest, and ingest alone."""

from __future__ import annotations

from dagster import AssetSelection, define_asset_job

from orchestration.defs.ingest.assets import RAW_REPORTS_KEY
from orchestration.defs.resources import WAREHOUSE_RUN_TAG

# Runs tagged this way are queued one at a time (dagster.yaml tag_concurrency_limits), so a
# sensor run and a scheduled run never interleave their steps on the one warehouse file.
_WRITER_TAGS = {WAREHOUSE_RUN_TAG: "writer"}

# Ingest the reports of a partition range, then dbt build, quality rules, publish.
# (Partitioned by raw/reports' dynamic partitions, which the job infers.)
main_job = define_asset_job(
    "baocao_main",
    selection=AssetSelection.all(),
    tags=_WRITER_TAGS,
    description="Reports (a range of partitions) -> raw -> dbt build -> quality rules -> "
    "published snapshot.",
)

# Everything after ingest, for a run with no report to ingest.
warehouse_job = define_asset_job(
    "baocao_warehouse",
    selection=AssetSelection.all() - AssetSelection.assets(RAW_REPORTS_KEY),
    tags=_WRITER_TAGS,
    description="dbt build -> quality rules -> published snapshot, on what raw holds.",
)

ingest_job = define_asset_job(
    "baocao_ingest",
    selection=AssetSelection.assets(RAW_REPORTS_KEY),
    tags=_WRITER_TAGS,
    description="Re-ingest reports (one partition per report file), nothing downstream.",
)
