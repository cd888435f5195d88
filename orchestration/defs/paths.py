"""Where everything of one $BAOCAO_HOME lives (plain Python: cheap to import)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ingest.pipeline import InboxEntry, Settings, default_workers, inbox_entries


@dataclass(frozen=True, slots=True)
class WarehousePaths:
    home: Path
    inbox: Path
    max_file_mb: int = 64

    @classmethod
    def from_env(cls) -> WarehousePaths:
        return cls.of(
            os.environ.get("BAOCAO_HOME", "warehouse"),
            os.environ.get("BAOCAO_INBOX", "seeds/reports"),
            int(os.environ.get("BAOCAO_MAX_FILE_MB", "64")),
        )

    @classmethod
    def of(cls, home: str | Path, inbox: str | Path, max_file_mb: int = 64) -> WarehousePaths:
        # Relative paths are taken from the working directory, as `make run` always did.
        return cls(Path(home).resolve(), Path(inbox).resolve(), max_file_mb)

    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def published_root(self) -> Path:
        return self.home / "published"

    @property
    def dbt_target_path(self) -> Path:
        # Per home, like `make run` without Dagster: partial parsing survives between runs
        # and two homes (tests, CI) never share artifacts.
        return self.home / "dbt_target"

    @property
    def state_dir(self) -> Path:
        return self.home / "state"

    @property
    def quality_docs_dir(self) -> Path:
        return self.home / "quality" / "data_docs"

    @property
    def dagster_home(self) -> Path:
        return self.home / "dagster"

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    def settings(self) -> Settings:
        return Settings(
            inbox=self.inbox,
            home=self.home,
            max_file_bytes=self.max_file_bytes,
            workers=int(os.environ.get("BAOCAO_WORKERS", default_workers())),
        )

    def inbox_entries(self) -> list[InboxEntry]:
        """Every inbox file ingest records (read or skipped), keyed by its file key."""
        return inbox_entries(self.inbox)

    def report_files(self) -> dict[str, Path]:
        """Inbox files by Dagster partition key: the file key (path relative to the inbox,
        `rev/000_x.txt`), the same key as `raw.documents.file_key`, escaped only where Dagster
        refuses a character (`partitions.partition_key`). Skipped files are included: they
        are recorded too."""
        from orchestration.defs.ingest.partitions import partition_key

        return {partition_key(e.key): e.path for e in self.inbox_entries()}
