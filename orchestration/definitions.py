"""The one Dagster `Definitions` of the project: `dagster dev -m orchestration.definitions`.

The dbt manifest must exist before this module is imported (`@dbt_assets` reads it):
`python -m orchestration prepare` writes it, and `make run`, `make ui` and the tests do that
first.
"""

from __future__ import annotations

from dagster import Definitions, in_process_executor

from orchestration.defs.dbt.assets import dbt_models
from orchestration.defs.dbt.project import dbt_resource
from orchestration.defs.ingest.assets import raw_reports
from orchestration.defs.ingest.sensors import inbox_sensor
from orchestration.defs.jobs import ingest_job, main_job, warehouse_job
from orchestration.defs.publish.assets import published_warehouse
from orchestration.defs.quality.checks import data_quality_issues
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.schedules import daily_refresh

defs = Definitions(
    assets=[raw_reports, dbt_models, data_quality_issues, published_warehouse],
    jobs=[main_job, warehouse_job, ingest_job],
    sensors=[inbox_sensor],
    schedules=[daily_refresh],
    resources={"warehouse": WarehouseResource.from_env(), "dbt": dbt_resource()},
    # One process for the whole run: each step in its own process costs ~2 s of start-up
    # and imports, more than the work on a small inbox, and the steps share one DuckDB file
    # that only one process may write anyway.
    executor=in_process_executor,
)
