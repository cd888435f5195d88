"""The one settings object: where a warehouse lives, where reports arrive, and run limits.

Every environment variable the project reads is read here, in `Settings.from_env`, with its
default (the README's table lists the same ones). Ingest, the data rules, publish, the
Dagster resources, the sensor and the CLIs all take a `Settings`; none of them reads the
environment or spells a path under `$BAOCAO_HOME` itself. It lives at the bottom of the import
graph (plain Python; it imports only the parser's and the reader's own defaults) so that
every layer can use it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.parser import ParserSettings
from ingest.reading import DEFAULT_MAX_BYTES

# (variable, default): the defaults `make run` uses when nothing is set.
HOME_VAR, HOME_DEFAULT = "BAOCAO_HOME", "warehouse"
INBOX_VAR, INBOX_DEFAULT = "BAOCAO_INBOX", "seeds/reports"
MAX_FILE_MB_VAR, MAX_FILE_MB_DEFAULT = "BAOCAO_MAX_FILE_MB", DEFAULT_MAX_BYTES // 2**20
WORKERS_VAR = "BAOCAO_WORKERS"  # default: default_workers()
LOCK_TIMEOUT_VAR, LOCK_TIMEOUT_DEFAULT = "BAOCAO_LOCK_TIMEOUT", 300.0
# DuckDB's memory for the data rules: their reader (orchestration.quality.runner says why) and
# the quality models in dbt (macro qa_memory_settings, which holds the same default).
QUALITY_MEMORY_LIMIT_VAR, QUALITY_MEMORY_LIMIT_DEFAULT = "BAOCAO_QUALITY_MEMORY_LIMIT", "450MB"


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    # A malformed value falls back to the default instead of failing a scheduled run.
    raw = env.get(name, "").strip()
    try:
        return float(raw) if raw else default
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Settings:
    inbox: Path
    home: Path
    max_file_mb: int = MAX_FILE_MB_DEFAULT
    parser: ParserSettings = field(default_factory=ParserSettings)
    workers: int = 1  # parser processes; 1 parses in this process
    batch_cells: int = 50_000  # documents per load transaction, counted in table cells
    batch_documents: int = 64
    lock_timeout: float = LOCK_TIMEOUT_DEFAULT  # seconds a run waits for another one
    quality_memory_limit: str = QUALITY_MEMORY_LIMIT_DEFAULT

    @classmethod
    def from_env(
        cls,
        inbox: str | Path | None = None,
        home: str | Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Settings:
        """Arguments first, then the environment, then the defaults. Relative paths are taken
        from the working directory, as `make run` always did, and resolved here: Dagster run
        workers and dbt subprocesses may start elsewhere."""
        env = os.environ if env is None else env
        return cls(
            inbox=Path(inbox or env.get(INBOX_VAR) or INBOX_DEFAULT).resolve(),
            home=Path(home or env.get(HOME_VAR) or HOME_DEFAULT).resolve(),
            max_file_mb=int(_number(env, MAX_FILE_MB_VAR, MAX_FILE_MB_DEFAULT)),
            workers=max(1, int(_number(env, WORKERS_VAR, default_workers()))),
            lock_timeout=_number(env, LOCK_TIMEOUT_VAR, LOCK_TIMEOUT_DEFAULT),
            quality_memory_limit=env.get(QUALITY_MEMORY_LIMIT_VAR) or QUALITY_MEMORY_LIMIT_DEFAULT,
        )

    def with_paths(self, inbox: str | Path, home: str | Path) -> Settings:
        return replace(self, inbox=Path(inbox).resolve(), home=Path(home).resolve())

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    # Everything one $BAOCAO_HOME holds (docs/bi.md lists who reads what).
    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def published_root(self) -> Path:
        return self.home / "published"

    @property
    def dbt_target_path(self) -> Path:
        # Per home: partial parsing survives between runs and two homes (tests, CI) never
        # share artifacts.
        return self.home / "dbt_target"

    @property
    def dbt_log_path(self) -> Path:
        return self.home / "dbt_logs"

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
    def run_log_path(self) -> Path:
        return self.home / "logs" / "last_run.log"
