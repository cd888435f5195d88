"""Resources: where the warehouse lives and where reports arrive, and the dbt CLI.

Paths come from the environment (BAOCAO_HOME, BAOCAO_INBOX, BAOCAO_MAX_FILE_MB) with the same
defaults as `make run`; tests pass their own `WarehouseResource` instead of touching the
environment.
"""

from __future__ import annotations

import os
from pathlib import Path

from dagster import ConfigurableResource, RetryPolicy
from dagster._core.definitions.policy import Backoff, Jitter
from dagster_dbt import DbtCliResource

from ingest.pipeline import Settings, inbox_files
from orchestration.defs.dbt.project import dbt_executable, dbt_project

# Every step that opens the working warehouse for writing (ingest, dbt) or needs it quiet
# (quality rules, publish) claims this pool; DuckDB allows one read-write process per file.
WAREHOUSE_POOL = "baocao_warehouse"
# Runs carrying this tag are queued one at a time by the run coordinator (see dagster.yaml).
WAREHOUSE_RUN_TAG = "baocao/warehouse"

# Transient failures (a DuckDB lock held by a reader, a full disk being cleaned) get three
# more tries, 1 s, 2 s, 4 s apart (±jitter so two waiting runs do not collide again).
TRANSIENT_RETRY = RetryPolicy(
    max_retries=3, delay=1.0, backoff=Backoff.EXPONENTIAL, jitter=Jitter.PLUS_MINUS
)


class WarehouseResource(ConfigurableResource):
    """The working warehouse ($BAOCAO_HOME) and the inbox ($BAOCAO_INBOX)."""

    home: str = "warehouse"
    inbox: str = "seeds/reports"
    max_file_mb: int = 64

    @classmethod
    def from_env(cls) -> WarehouseResource:
        return cls(
            home=os.environ.get("BAOCAO_HOME", "warehouse"),
            inbox=os.environ.get("BAOCAO_INBOX", "seeds/reports"),
            max_file_mb=int(os.environ.get("BAOCAO_MAX_FILE_MB", "64")),
        )

    @property
    def home_path(self) -> Path:
        return Path(self.home).resolve()

    @property
    def inbox_path(self) -> Path:
        return Path(self.inbox).resolve()

    @property
    def warehouse_path(self) -> Path:
        return self.home_path / "warehouse.duckdb"

    @property
    def published_root(self) -> Path:
        return self.home_path / "published"

    @property
    def dbt_target_path(self) -> Path:
        # Per home, like `make run` without Dagster: partial parsing survives between runs
        # and two homes (tests, CI) never share artifacts.
        return self.home_path / "dbt_target"

    @property
    def state_dir(self) -> Path:
        return self.home_path / "state"

    @property
    def quality_docs_dir(self) -> Path:
        return self.home_path / "quality"

    def settings(self) -> Settings:
        return Settings(
            inbox=self.inbox_path,
            home=self.home_path,
            max_file_bytes=self.max_file_mb * 1024 * 1024,
        )

    def report_files(self) -> dict[str, Path]:
        """Inbox files by partition key (the file name, which ingest treats as the report)."""
        return {path.name: path for path in inbox_files(self.inbox_path)}


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())
