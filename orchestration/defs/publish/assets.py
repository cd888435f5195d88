"""The published snapshot readers use: built only after the marts' blocking checks pass."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from orchestration.defs.dbt.assets import MART_KEYS
from orchestration.defs.dbt.state import read_built
from orchestration.defs.quality.checks import QUALITY_KEY
from orchestration.defs.resources import (
    TRANSIENT_RETRY,
    WAREHOUSE_POOL,
    WarehouseResource,
    retry_only_transient,
)
from orchestration.publish import SNAPSHOT_DB, current_link, publish_snapshot


@asset(
    # After the quality rules: their blocking check failing leaves the old snapshot in place.
    deps=[*MART_KEYS, QUALITY_KEY],
    group_name="publish",
    kinds={"duckdb", "parquet"},
    pool=WAREHOUSE_POOL,
    retry_policy=TRANSIENT_RETRY,
    description="Read-only snapshot for BI tools and analysts: the marts as tables in "
    "$BAOCAO_HOME/published/current/warehouse.duckdb plus one Parquet file per mart, swapped "
    "in atomically. Downstream of every mart, so a failing blocking check stops it and the "
    "previous snapshot stays.",
)
def published_warehouse(
    context: AssetExecutionContext, warehouse: WarehouseResource
) -> MaterializeResult:
    settings = warehouse.settings
    with retry_only_transient():
        snapshot = publish_snapshot(
            settings.warehouse_path,
            settings.published_root,
            run_id=context.run.run_id,
            fingerprint=read_built(settings.state_dir),
        )
    current = current_link(settings.published_root)
    reader_path = current / SNAPSHOT_DB
    context.log.info("published %s -> %s", reader_path, snapshot.path)
    return MaterializeResult(
        metadata={
            "reader_path": MetadataValue.path(str(reader_path)),
            "parquet_dir": MetadataValue.path(str(current / "parquet")),
            "version": snapshot.version,
            "tables": len(snapshot.tables),
            "rows": MetadataValue.json(snapshot.tables),
        }
    )
