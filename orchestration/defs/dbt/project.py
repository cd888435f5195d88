"""The one `DbtProject` (no `@dbt_assets` here, so preparing the manifest never imports them).

The manifest is code, not data: it lives in `dbt_project/target/` and is shared by every
$BAOCAO_HOME. `prepare_manifest()` runs `dbt parse` when the manifest is missing or older than
any dbt input file; `python -m orchestration` and the tests call it before the Definitions are
imported (`@dbt_assets` reads the manifest at import), and under `dagster dev`
`prepare_if_dev()` does it too. Nothing parses at import time otherwise.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from filelock import FileLock

from orchestration.defs.dbt.files import (
    DBT_PROJECT_DIR,
    PROFILES_DIR,
    dbt_executable,
    manifest_is_current,
    run_dbt,
)

log = logging.getLogger(__name__)

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=PROFILES_DIR)
dbt_project.prepare_if_dev()


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())


def _parse(project: DbtProject, home: Path | None) -> None:
    # dbt renders the profile's path at parse time (it never opens the file) and keeps it in
    # the partial-parse state: parsing for the home that will build lets its first build
    # reuse that state (dagster-dbt copies it over) instead of parsing everything again.
    target = project.project_dir / project.target_path
    with tempfile.TemporaryDirectory(prefix="baocao-parse-") as scratch:
        run_dbt(
            ["parse", "--quiet"],
            Path(home or scratch),
            target_path=target,
            log_path=target,
        )


def prepare_manifest(home: Path | None = None, project: DbtProject = dbt_project) -> None:
    """Run `dbt parse` if the manifest is missing or stale; safe from concurrent processes."""
    if manifest_is_current(project.manifest_path):
        return
    # A file lock: two processes (pytest workers, a run and the UI) preparing at once parse
    # once; the second finds the manifest current when it gets the lock.
    project.manifest_path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{project.manifest_path}.lock"):
        if not manifest_is_current(project.manifest_path):
            log.info("dbt manifest missing or stale: running dbt parse")
            _parse(project=project, home=home)
