"""Fingerprints of what a build is made of, so a run with nothing new skips `dbt build`.

A build's inputs are the rows ingest wrote (raw.documents: ids, statuses, parser versions,
load times), the dbt project and reference CSVs, and the quality rules. The published snapshot
records the fingerprint of the build it came from; when the current inputs have the same
fingerprint, the published snapshot is already what a new build would give.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.defs.dbt.files import ROOT, dbt_input_files

log = logging.getLogger(__name__)

QUALITY_DIR = ROOT / "orchestration" / "quality"
BUILT_FILE = "built.json"


@dataclass(frozen=True, slots=True)
class BuildInputs:
    fingerprint: str
    marts_exist: bool


def code_fingerprint() -> str:
    """Hash of the dbt project, the seeds and the quality rules (file names and contents)."""
    digest = hashlib.sha256()
    files = [p for p in dbt_input_files() if p.exists()]
    if QUALITY_DIR.exists():
        files += sorted(QUALITY_DIR.rglob("*.py"))
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def inspect_build_inputs(warehouse_path: Path) -> BuildInputs:
    """The fingerprint of the current inputs and whether the marts exist in the warehouse."""
    digest = hashlib.sha256(code_fingerprint().encode())
    marts_exist = False
    if warehouse_path.exists():
        con = duckdb.connect(str(warehouse_path), read_only=True)
        try:
            schemas = {
                r[0]
                for r in con.execute(
                    "select distinct table_schema from information_schema.tables"
                ).fetchall()
            }
            if "raw" in schemas:
                rows = con.execute(
                    "select document_id, status, parser_version, ingested_at::varchar "
                    "from raw.documents order by document_id"
                ).fetchall()
                digest.update(json.dumps(rows).encode())
            marts_exist = "marts" in schemas
        finally:
            con.close()
    return BuildInputs(digest.hexdigest(), marts_exist)


def read_built(state_dir: Path) -> str | None:
    """The fingerprint of the last complete `dbt build` of this home, if it succeeded."""
    try:
        return json.loads((state_dir / BUILT_FILE).read_text())["fingerprint"]
    except (OSError, ValueError, KeyError):
        return None


def write_built(state_dir: Path, fingerprint: str, run_id: str) -> None:
    state_dir.mkdir(parents=True, exist_ok=True)
    tmp = state_dir / f".{BUILT_FILE}.{run_id}"
    tmp.write_text(json.dumps({"fingerprint": fingerprint, "run_id": run_id}))
    tmp.replace(state_dir / BUILT_FILE)


def clear_built(state_dir: Path) -> None:
    """A build started: until it completes, the warehouse matches no fingerprint."""
    (state_dir / BUILT_FILE).unlink(missing_ok=True)
