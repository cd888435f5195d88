"""The one `DbtProject` (no `@dbt_assets` here, so preparing the manifest never imports them).

The manifest is code, not data: it lives in `dbt_project/target/` and is shared by every
$BAOCAO_HOME. `prepare_manifest()` runs `dbt parse` when the manifest is missing or older than
any dbt source file; `python -m orchestration` and the tests call it before the Definitions are
imported (`@dbt_assets` reads the manifest at import), `dagster dev` also gets
`prepare_if_dev()`. Nothing parses at import time outside `dagster dev`.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from dagster._utils import run_with_concurrent_update_guard
from dagster_dbt import DbtProject

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[3]
DBT_PROJECT_DIR = ROOT / "dbt_project"
PROFILES_DIR = ROOT
SEEDS_DIR = ROOT / "seeds"
# Everything `dbt parse` reads; dbt's own output folders are not inputs.
_DBT_OUTPUT_DIRS = {"target", "logs", "dbt_packages"}
_DBT_INPUT_SUFFIXES = {".sql", ".yml", ".yaml", ".csv", ".md", ".py"}


def dbt_executable() -> str:
    """The dbt beside this interpreter (`.venv/bin/dbt`), so PATH need not include the venv."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=PROFILES_DIR)
dbt_project.prepare_if_dev()


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


def manifest_is_current(manifest_path: Path | None = None) -> bool:
    manifest_path = manifest_path or dbt_project.manifest_path
    if not manifest_path.exists():
        return False
    built = manifest_path.stat().st_mtime
    return all(p.stat().st_mtime <= built for p in dbt_input_files() if p.exists())


def _parse(project: DbtProject) -> None:
    # The profile path is rendered at parse time but not opened; a throw-away home keeps
    # parse from ever touching a real warehouse.
    with tempfile.TemporaryDirectory(prefix="baocao-parse-") as scratch:
        env = {**os.environ, "BAOCAO_HOME": scratch, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        target = project.project_dir / project.target_path
        result = subprocess.run(
            [
                dbt_executable(),
                "parse",
                "--quiet",
                "--project-dir",
                str(project.project_dir),
                "--profiles-dir",
                str(project.profiles_dir),
                "--target-path",
                str(target),
                "--log-path",
                str(target),
            ],
            env=env,
            capture_output=True,
            text=True,
            cwd=project.project_dir,
        )
    if result.returncode != 0:
        raise RuntimeError(f"dbt parse failed:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}")


def prepare_manifest(project: DbtProject = dbt_project) -> Path:
    """Run `dbt parse` if the manifest is missing or stale; safe from concurrent processes."""
    if not manifest_is_current(project.manifest_path):
        log.info("dbt manifest missing or stale: running dbt parse")
        # A file lock: two pytest workers preparing at once parse once.
        run_with_concurrent_update_guard(project.manifest_path, _parse, project=project)
    return project.manifest_path
