"""Where the dbt project lives and which files a parse reads (no Dagster or dbt imports, so
`python -m orchestration run` can tell "nothing new" without loading either)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

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
