"""`python -m orchestration run`: the whole graph through Dagster, in this process.

    python -m orchestration run          new or changed reports -> raw -> dbt build -> rules
                                         -> published snapshot, then the summary
    python -m orchestration run --force  every report, a full dbt build, a new snapshot
    python -m orchestration run --rebuild  move a damaged warehouse.duckdb aside
                                         (warehouse.duckdb.corrupt-<time>), rebuild it from
                                         the inbox, publish
    python -m orchestration prepare      the dbt manifest and $BAOCAO_HOME/dagster/dagster.yaml
                                         (what `dagster dev` needs; `make ui` runs it)

Runs are recorded in $BAOCAO_HOME/dagster, the storage `make ui` shows. When no report is
new or changed and the published snapshot was built from exactly the current inputs (reports,
dbt project, reference CSVs, rules), there is nothing to run: no Dagster run is started and
Dagster is not even imported, so that answer costs about a second.

One run per $BAOCAO_HOME at a time: a run holds `$BAOCAO_HOME/.lock` throughout (see
orchestration/runlock.py); a second one waits BAOCAO_LOCK_TIMEOUT seconds (default 300) and
then exits with status 3, naming the holder. Known failures (the warehouse open in another
process, a full disk, a damaged warehouse file, a missing inbox) end with a message saying
what to do and status 2, not a traceback (orchestration/errors.py).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from ingest.settings import Settings
from orchestration.defs.dbt.files import manifest_is_current
from orchestration.defs.instance import (
    ensure_dagster_home,
    fail_abandoned_runs,
    local_instance,
    run_owner_tags,
)
from orchestration.defs.plan import InboxPlan, nothing_new, plan_inbox
from orchestration.errors import Problem, explain, missing_inbox
from orchestration.local_run import warehouse_summary
from orchestration.publish import SNAPSHOT_DB, current_link, current_snapshot
from orchestration.runlock import describe_holder, home_lock

if TYPE_CHECKING:
    from dagster import DagsterInstance, ExecuteInProcessResult

log = logging.getLogger("orchestration")


def prepare(settings: Settings) -> None:
    """What the Definitions need before import (the dbt manifest), and the instance home.

    Call it holding the home lock: the dbt target folder and Dagster's SQLite files are
    created here, once, by one process.
    """
    if not manifest_is_current():
        from orchestration.defs.dbt.project import prepare_manifest

        prepare_manifest(settings.home)
    ensure_dagster_home(settings.dagster_home)


def init_dagster_storage(settings: Settings) -> None:
    """Create Dagster's SQLite storage now (under the lock) rather than in a race later."""
    if not (settings.dagster_home / "history" / "runs.db").exists():
        local_instance(settings.dagster_home).dispose()


def report_abandoned(console: Console, instance: DagsterInstance) -> None:
    failed = fail_abandoned_runs(instance)
    if failed:
        console.print(
            f"marked {len(failed)} abandoned Dagster run(s) failed (their process was killed "
            f"or crashed): {', '.join(failed)}",
            highlight=False,
        )


def check_warehouse_opens(settings: Settings) -> None:
    """Fail early, with the reason, if the working warehouse is held or damaged."""
    if settings.warehouse_path.exists():
        import duckdb

        duckdb.connect(str(settings.warehouse_path), read_only=True).close()


def move_warehouse_aside(settings: Settings) -> Path | None:
    """--rebuild: keep the damaged file (and its WAL) beside, under a dated name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    moved = None
    for suffix in ("", ".wal"):
        path = Path(f"{settings.warehouse_path}{suffix}")
        if path.exists():
            target = Path(f"{settings.warehouse_path}.corrupt-{stamp}{suffix}")
            os.replace(path, target)
            moved = moved or target
    return moved


def register_partitions(instance: DagsterInstance, plan: InboxPlan) -> list[str]:
    """Every inbox file is a partition of raw/reports; returns all keys, in partition order."""
    from orchestration.defs.ingest.partitions import REPORTS_PARTITIONS_NAME

    existing = list(instance.get_dynamic_partitions(REPORTS_PARTITIONS_NAME))
    known = set(existing)
    new_keys = [f.key for f in plan.inbox if f.key not in known]
    if new_keys:
        instance.add_dynamic_partitions(REPORTS_PARTITIONS_NAME, new_keys)
    return existing + new_keys


def execute(
    console: Console, settings: Settings, plan: InboxPlan, force: bool, verbose: bool
) -> tuple[str, ExecuteInProcessResult]:
    """The main job over the pending reports, or the warehouse job when none is pending."""
    # `backfill_policy` on the ingest asset is marked beta: a note for us, not for users.
    warnings.filterwarnings("ignore", message=".*currently in beta")
    from orchestration.definitions import defs  # after prepare(): @dbt_assets reads the manifest
    from orchestration.defs.ingest.sensors import run_request_for
    from orchestration.defs.resources import WarehouseResource

    instance = local_instance(settings.dagster_home)
    report_abandoned(console, instance)  # we hold the lock: no other run is live
    keys = register_partitions(instance, plan)
    tags: dict[str, str] = {}
    partition_key = None
    job_name = "baocao_warehouse"
    if plan.pending:
        job_name = "baocao_main"
        request, _ = run_request_for(plan.pending, keys)
        partition_key = request.partition_key
        tags = dict(request.tags)
    tags |= run_owner_tags()
    warehouse = WarehouseResource.of(settings)
    log_path = settings.run_log_path
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        if not verbose:
            # dagster-dbt echoes every dbt log line to stdout: into a file, so that the
            # summary is what a person reads.
            log_file = stack.enter_context(log_path.open("w", encoding="utf-8"))
            stack.enter_context(contextlib.redirect_stdout(log_file))
        result = defs.resolve_job_def(job_name).execute_in_process(
            instance=instance,
            partition_key=partition_key,
            tags=tags,
            raise_on_error=False,
            resources={"warehouse": warehouse},
            # Without --verbose the summary reports failures; the full event log, with stack
            # traces, is in the Dagster storage (`make ui`).
            run_config={
                "loggers": {
                    "console": {"config": {"log_level": "DEBUG" if verbose else "CRITICAL"}}
                }
            },
        )
    return job_name, result


def report_run(
    console: Console,
    job_name: str,
    result: ExecuteInProcessResult,
    plan: InboxPlan,
    home: Path | None = None,
) -> bool:
    """Print what the run did; True if it ended as it should (published, or nothing to do)."""
    from dagster import AssetKey

    from orchestration.defs.ingest.assets import RAW_REPORTS_KEY
    from orchestration.defs.quality.checks import QUALITY_KEY

    console.print(
        f"dagster run {result.run_id} ({job_name}): {'success' if result.success else 'FAILED'}"
    )
    events = result.get_asset_materialization_events()
    ingest = [e.materialization.metadata for e in events if e.asset_key == RAW_REPORTS_KEY]
    if ingest:
        m = {k: v.value for k, v in ingest[0].items()}
        console.print(
            f"ingest ({len(plan.pending)} of {len(plan.inbox)} inbox files): "
            f"{m.get('inserted', 0)} new, {m.get('replaced', 0)} replaced, "
            f"{m.get('unchanged', 0)} unchanged, {m.get('failed', 0)} failed, "
            f"{m.get('skipped', 0)} skipped, {m.get('duplicate', 0)} duplicate"
        )
    materialized = {e.asset_key for e in events}
    rules = [e.materialization.metadata for e in events if e.asset_key == QUALITY_KEY]
    if rules:
        m = {k: v.value for k, v in rules[0].items()}
        console.print(
            f"data rules: {m.get('errors', 0)} error findings, {m.get('warnings', 0)} warning "
            "findings (marts.fct_data_quality_issue)"
        )
    if result.success and not any(k.path[0] == "marts" for k in materialized):
        console.print("dbt build skipped: the published snapshot was built from these inputs")
    failed_checks = {
        (data.asset_key.to_user_string(), data.check_name): data.description or ""
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and not (data := e.event_specific_data).passed
        and data.severity.value == "ERROR"
    }
    for (asset, check), description in failed_checks.items():
        console.print(f"[red]failed check[/red] {asset}:{check} {description}", highlight=False)
    step_failed = any(e.event_type_value == "STEP_FAILURE" for e in result.all_events)
    for event in result.all_events:
        if event.event_type_value == "RUN_FAILURE" and not step_failed:
            # e.g. the warehouse resource could not start (the home lock, a damaged file)
            error = getattr(event.event_specific_data, "error", None)
            text = error.to_string() if error else (event.message or "")
            problem = explain(text, home)
            reason = problem.message if problem else " ".join(text.split())[:600]
            console.print(f"[red]run failed[/red]: {reason}", highlight=False)
        if event.event_type_value == "STEP_FAILURE":
            error = event.event_specific_data.error
            reason = " ".join((error.message if error else "").split())
            reason = reason.removeprefix("dagster._core.definitions.events.Failure: ")
            problem = explain(error.to_string() if error else reason, home)
            if problem:
                reason = problem.message
            console.print(
                f"[red]step failed[/red] {event.step_key}: {reason[:600]}", highlight=False
            )
    built = QUALITY_KEY in materialized or any(k.path[0] == "marts" for k in materialized)
    published = AssetKey("published_warehouse") in materialized
    if not published and (built or not result.success):
        console.print("[red]not published[/red]: readers keep the previous snapshot")
    return result.success and (published or not built)


def report_warehouse(console: Console, settings: Settings) -> None:
    if settings.warehouse_path.exists():
        try:
            console.print(warehouse_summary(settings.warehouse_path), highlight=False)
        except Exception as exc:  # a failed first build leaves no marts to count
            console.print(f"(no summary: {exc})")
    console.print(f"working warehouse: {settings.warehouse_path}", highlight=False)
    snapshot = current_snapshot(settings.published_root)
    if snapshot is None:
        console.print("published: nothing yet")
        return
    link = current_link(settings.published_root)
    console.print(
        f"published snapshot {snapshot.version} (readers, read-only):\n"
        f"  {link / SNAPSHOT_DB}\n"
        f"  {link / 'parquet'}/<mart>.parquet",
        highlight=False,
    )


def run(
    console: Console, settings: Settings, force: bool, verbose: bool, rebuild: bool = False
) -> int:
    if not settings.inbox.exists():
        raise_problem(missing_inbox(settings.inbox))
    with home_lock(settings.home, settings.lock_timeout) as held:
        if held.stale_holder:
            console.print(
                f"the previous run on this home ({describe_holder(held.stale_holder)}) ended "
                "without finishing; checking for its Dagster run",
                highlight=False,
            )
            prepare(settings)
            report_abandoned(console, local_instance(settings.dagster_home))
        if rebuild:
            moved = move_warehouse_aside(settings)
            if moved:
                console.print(
                    f"moved the working warehouse aside to {moved}; rebuilding from the inbox",
                    highlight=False,
                )
            force = True
        return run_locked(console, settings, force, verbose)


class ProblemExit(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def raise_problem(problem: Problem) -> None:
    raise ProblemExit(problem)


def run_locked(console: Console, settings: Settings, force: bool, verbose: bool) -> int:
    prepare(settings)
    init_dagster_storage(settings)
    check_warehouse_opens(settings)
    plan = plan_inbox(settings, force)
    if not force and nothing_new(settings, plan):
        console.print(
            f"nothing new among {len(plan.inbox)} files and the published snapshot is "
            "current: no run needed"
        )
        report_warehouse(console, settings)
        return 0
    job_name, result = execute(console, settings, plan, force, verbose)
    ok = report_run(console, job_name, result, plan, settings.home)
    report_warehouse(console, settings)
    if not verbose:
        console.print(f"dbt and Dagster output: {settings.run_log_path}", highlight=False)
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m orchestration",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="run the whole graph in this process")
    run_parser.add_argument(
        "--force", action="store_true", help="re-ingest every report, rebuild and publish"
    )
    run_parser.add_argument(
        "--rebuild",
        action="store_true",
        help="move a damaged warehouse.duckdb aside (warehouse.duckdb.corrupt-<time>) and "
        "rebuild it from the inbox (implies --force)",
    )
    run_parser.add_argument("--verbose", action="store_true", help="show Dagster's event log")
    sub.add_parser("prepare", help="dbt manifest and Dagster home, for `dagster dev`")
    args = parser.parse_args(argv)

    verbose = getattr(args, "verbose", False)
    # Dagster forwards its events to Python logging at INFO and DEBUG (its loggers set their
    # own levels, so the handler filters): only with --verbose.
    handler = logging.StreamHandler()
    handler.setLevel(logging.DEBUG if verbose else logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])
    console = Console(soft_wrap=True)
    settings = Settings.from_env()
    try:
        if args.command == "prepare":
            with home_lock(settings.home, settings.lock_timeout):
                prepare(settings)
                init_dagster_storage(settings)
            console.print(
                f"dbt manifest ready; DAGSTER_HOME={settings.dagster_home}", highlight=False
            )
            return 0
        return run(console, settings, args.force, verbose, args.rebuild)
    except Exception as exc:
        problem = exc.problem if isinstance(exc, ProblemExit) else explain(exc, settings.home)
        if problem is None:
            raise
        if verbose:
            logging.getLogger("orchestration").exception("details")
        Console(stderr=True, soft_wrap=True).print(
            f"[red]error[/red]: {problem.message}", highlight=False
        )
        return problem.exit_code


if __name__ == "__main__":
    sys.exit(main())
