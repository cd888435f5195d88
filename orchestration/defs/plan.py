"""What a run has to do: which reports are new or changed, and whether the published
snapshot already reflects everything. The decision is made here, once, before a run is
requested (by `python -m orchestration run` and the inbox sensor); the assets of a run
never re-decide it. Plain Python: "nothing new" needs neither Dagster nor dbt."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.inbox import inbox_entries
from ingest.settings import Settings
from orchestration.defs.dbt.state import BuildInputs, inspect_build_inputs
from orchestration.defs.ingest.inbox import InboxFile, loaded_documents, pending_files, scan_inbox
from orchestration.publish import Snapshot, current_snapshot


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


def freshness(settings: Settings) -> Freshness:
    return Freshness(
        inspect_build_inputs(settings.warehouse_path), current_snapshot(settings.published_root)
    )


@dataclass(frozen=True)
class InboxPlan:
    inbox: list[InboxFile]
    pending: list[InboxFile]  # new or changed files (all of them when forced)


def plan_inbox(settings: Settings, force: bool = False) -> InboxPlan:
    files = scan_inbox(inbox_entries(settings.inbox), max_bytes=settings.max_file_bytes)
    loaded = loaded_documents(settings.warehouse_path)
    # A busy warehouse (None) cannot say what it holds: offer everything, ingest skips.
    pending = files if force or loaded is None else pending_files(files, loaded)
    return InboxPlan(files, pending)


def nothing_new(settings: Settings, plan: InboxPlan) -> bool:
    """No report to ingest and the published snapshot was built from the current inputs:
    no run is needed."""
    return not plan.pending and freshness(settings).current
