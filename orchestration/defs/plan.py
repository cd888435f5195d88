"""What a run has to do: which reports are new or changed, and whether the published
snapshot already reflects everything (plain Python: `python -m orchestration run` decides
"nothing new" without importing Dagster or dbt)."""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.defs.dbt.state import BuildInputs, inspect_build_inputs
from orchestration.defs.ingest.inbox import InboxFile, loaded_documents, pending_files, scan_inbox
from orchestration.defs.paths import WarehousePaths
from orchestration.publish import Snapshot, current_snapshot

# Run tag: the dbt step skips `dbt build` (and so the rules and the publish after it) when
# the published snapshot was built from exactly the current inputs. `make run` and the
# sensor set it; a run started by hand in the UI builds.
SKIP_IF_PUBLISHED_TAG = "baocao/skip_if_published"


@dataclass(frozen=True)
class Freshness:
    inputs: BuildInputs
    snapshot: Snapshot | None

    @property
    def current(self) -> bool:
        """The snapshot readers see was built from the warehouse's current inputs."""
        return (
            self.inputs.marts_exist
            and self.snapshot is not None
            and self.snapshot.fingerprint == self.inputs.fingerprint
        )


def freshness(paths: WarehousePaths) -> Freshness:
    return Freshness(
        inspect_build_inputs(paths.warehouse_path), current_snapshot(paths.published_root)
    )


@dataclass(frozen=True)
class InboxPlan:
    inbox: list[InboxFile]
    pending: list[InboxFile]  # new or changed files (all of them when forced)


def plan_inbox(paths: WarehousePaths, force: bool = False) -> InboxPlan:
    files = scan_inbox(paths.inbox_entries(), max_bytes=paths.max_file_bytes)
    loaded = loaded_documents(paths.warehouse_path)
    # A busy warehouse (None) cannot say what it holds: offer everything, ingest skips.
    pending = files if force or loaded is None else pending_files(files, loaded)
    return InboxPlan(files, pending)
