"""Run tags the definitions share, at the bottom of `defs/` so every module imports down.

The partition-range tags are Dagster's documented public tag names for a run over a range
of partitions (what a backfill of a range sets); writing them out avoids importing them from
Dagster's private `dagster._core.storage.tags`.
"""

ASSET_PARTITION_RANGE_START_TAG = "dagster/asset_partition_range_start"
ASSET_PARTITION_RANGE_END_TAG = "dagster/asset_partition_range_end"
