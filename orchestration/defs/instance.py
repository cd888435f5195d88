"""The Dagster instance of a $BAOCAO_HOME: local SQLite storage under $BAOCAO_HOME/dagster.

`make run` (in-process) and `make ui` (`dagster dev`) use the same directory, so the UI shows
the runs, partitions and check results of both. Writing the directory needs no Dagster
import; opening the instance does.

Opening the instance creates the SQLite files on first use. Two processes doing that at once
can leave `runs.db` with two `alembic_version` rows, after which every run fails: callers
open it first while holding the home lock (`orchestration.runlock`), see
`python -m orchestration run` / `prepare`.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from orchestration.runlock import pid_alive

if TYPE_CHECKING:
    from dagster import DagsterInstance

# Run tags naming the process that executes a run (the CLI sets them when it creates the
# run; the warehouse resource when it takes the home lock inside a run that `make ui`
# launched): after a SIGKILL they say whose run it was.
PID_TAG = "baocao/pid"
HOST_TAG = "baocao/host"

# Kept in step with resources.WAREHOUSE_POOL and WAREHOUSE_RUN_TAG (a test checks it).
_CONCURRENCY_YAML = """\
# Written by `python -m orchestration` because it was missing; edit freely.
# Storage: local SQLite files in this directory (the default), nothing to run beside it.
telemetry:
  enabled: false
concurrency:
  pools:
    # One step at a time in pool `baocao_warehouse`: DuckDB allows one writing process.
    # "run" granularity: the run queue holds back a run while another run that uses the pool
    # is in progress, and no step ever waits on a slot that a killed process left claimed.
    default_limit: 1
    granularity: run
  runs:
    tag_concurrency_limits:
      - key: "baocao/warehouse"
        limit: 1
"""

# Run monitoring acts only where the Dagster daemon runs (`make ui` / `dagster dev`). With
# the default run launcher Dagster cannot probe a run worker's health, so a worker killed
# with SIGKILL is caught by the limits below, and sooner by `python -m orchestration run`,
# which marks the runs of dead processes failed when it starts (`fail_abandoned_runs`).
RUN_MONITORING = """\
run_monitoring:
  # Needs the daemon (`make ui`). A run stuck in STARTING fails after 3 minutes; a STARTED
  # run older than 6 hours is cancelled and marked failed; pool slots a finished run still
  # holds are freed after a minute. `python -m orchestration run` marks the runs of dead
  # processes failed when it starts.
  enabled: true
  start_timeout_seconds: 180
  max_runtime_seconds: 21600
  free_slots_after_run_end_seconds: 60
  poll_interval_seconds: 60
"""
DAGSTER_YAML = _CONCURRENCY_YAML + RUN_MONITORING


def ensure_dagster_home(dagster_home: Path) -> Path:
    """Create the directory with a dagster.yaml if missing; return it."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML)
    else:
        text = config.read_text()
        # Homes written before run monitoring existed: add it to our own file, once.
        if text.startswith(DAGSTER_YAML.splitlines()[0]) and "run_monitoring:" not in text:
            config.write_text(text.rstrip("\n") + "\n" + RUN_MONITORING)
    return dagster_home


def local_instance(dagster_home: Path) -> DagsterInstance:
    from dagster import DagsterInstance

    return DagsterInstance.from_config(str(ensure_dagster_home(dagster_home)))


def run_owner_tags() -> dict[str, str]:
    return {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}


def fail_abandoned_runs(instance: DagsterInstance) -> list[str]:
    """Mark failed the in-progress runs whose process is gone; return their run ids.

    Call it while holding the home lock: a run that carries PID_TAG was executed by a process
    that held the lock, so it cannot still be running unless that pid is alive (it may be
    just past releasing the lock). Runs without the tag (started before this existed, or not
    touching the warehouse) and QUEUED runs (waiting for `make ui`'s run queue, which will
    launch them) are left alone.
    """
    from dagster import DagsterRunStatus, RunsFilter

    statuses = [
        DagsterRunStatus.NOT_STARTED,
        DagsterRunStatus.STARTING,
        DagsterRunStatus.STARTED,
        DagsterRunStatus.CANCELING,
    ]
    here = socket.gethostname()
    failed = []
    for record in instance.get_run_records(filters=RunsFilter(statuses=statuses)):
        run = record.dagster_run
        pid = run.tags.get(PID_TAG, "")
        if not pid.isdigit() or run.tags.get(HOST_TAG, here) != here:
            continue
        if int(pid) != os.getpid() and pid_alive(int(pid)):
            continue
        when = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
        instance.report_run_failed(
            run,
            f"Marked failed at {when} by the next run on this home: the process that ran it "
            f"(pid {pid}) is gone (killed or crashed) and never ended the run. Its writes "
            "to the warehouse were rolled back or completed per report; the next run redid "
            "the rest.",
        )
        failed.append(run.run_id)
    return failed
