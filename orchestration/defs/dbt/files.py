"""Where the dbt project lives, which files a parse reads, and `run_dbt`, the one way the
project starts a dbt command outside Dagster (no Dagster or dbt imports, so `python -m
orchestration run` can tell "nothing new" without loading either)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from ingest.settings import HOME_VAR

ROOT = Path(__file__).resolve().parents[3]
DBT_PROJECT_DIR = ROOT / "dbt_project"
PROFILES_DIR = ROOT
SEEDS_DIR = ROOT / "seeds"
MANIFEST_PATH = DBT_PROJECT_DIR / "target" / "manifest.json"
# dbt's own output folders are not inputs.
_DBT_OUTPUT_DIRS = {"target", "logs", "dbt_packages"}
_DBT_INPUT_SUFFIXES = {".sql", ".yml", ".yaml", ".csv", ".md", ".py"}


def dbt_executable() -> str:
    """The dbt beside this interpreter (`.venv/bin/dbt`), so PATH need not include the venv."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def dbt_input_files() -> Iterator[Path]:
    """The files a parse depends on: models, macros, tests, YAML, seeds, the profile."""
    yield DBT_PROJECT_DIR / "dbt_project.yml"
    yield PROFILES_DIR / "profiles.yml"
    for base in (DBT_PROJECT_DIR, SEEDS_DIR):
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d not in _DBT_OUTPUT_DIRS)
            for name in sorted(filenames):
                if Path(name).suffix in _DBT_INPUT_SUFFIXES:
                    yield Path(dirpath) / name


def manifest_is_current(manifest_path: Path = MANIFEST_PATH) -> bool:
    """The manifest exists and no dbt input changed after it was written."""
    if not manifest_path.exists():
        return False
    built = manifest_path.stat().st_mtime
    return all(p.stat().st_mtime <= built for p in dbt_input_files() if p.exists())


def run_dbt(
    args: list[str],
    home: Path,
    *,
    target_path: Path | None = None,
    log_path: Path | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """`dbt <args>` on the warehouse of `home` (the profile reads BAOCAO_HOME), with its
    target and log folders under `home` unless given: parallel builds (tests, CI) never share
    state and partial parsing is kept between runs of the same home."""
    home = Path(home).resolve()
    command = [
        dbt_executable(),
        *args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(PROFILES_DIR),
        "--target-path",
        str(target_path or home / "dbt_target"),
        "--log-path",
        str(log_path or home / "dbt_logs"),
    ]
    env = {**os.environ, HOME_VAR: str(home), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=DBT_PROJECT_DIR)
    if check and result.returncode != 0:
        raise RuntimeError(
            f"dbt {' '.join(args)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}"
        )
    return result
