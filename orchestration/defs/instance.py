"""The Dagster instance of a $BAOCAO_HOME: local SQLite storage under $BAOCAO_HOME/dagster.

`make run` (in-process) and `make ui` (`dagster dev`) use the same directory, so the UI shows
the runs, partitions and check results of both. Writing the directory needs no Dagster
import; opening the instance does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dagster import DagsterInstance

# Kept in step with resources.WAREHOUSE_POOL and WAREHOUSE_RUN_TAG (a test checks it).
DAGSTER_YAML = """\
# Written by `python -m orchestration` because it was missing; edit freely.
# Storage: local SQLite files in this directory (the default), nothing to run beside it.
telemetry:
  enabled: false
concurrency:
  pools:
    # One step at a time in pool `baocao_warehouse`: DuckDB allows one writing process.
    # "run" granularity: the run queue holds back a run while another run that uses the pool
    # is in progress, and no step ever waits on a slot that a killed process left claimed.
    default_limit: 1
    granularity: run
  runs:
    tag_concurrency_limits:
      - key: "baocao/warehouse"
        limit: 1
"""


def ensure_dagster_home(dagster_home: Path) -> Path:
    """Create the directory with a dagster.yaml if missing; return it."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML)
    return dagster_home


def local_instance(dagster_home: Path) -> DagsterInstance:
    from dagster import DagsterInstance

    return DagsterInstance.from_config(str(ensure_dagster_home(dagster_home)))
