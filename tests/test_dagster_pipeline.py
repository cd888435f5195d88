"""The whole graph through Dagster into a temporary $BAOCAO_HOME: ingest -> dbt build (tests as
checks) -> quality rules -> published snapshot; then what must not break it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, DagsterInstance, ExecuteInProcessResult, materialize

from orchestration.defs.dbt.project import dbt_resource, prepare_manifest
from orchestration.defs.ingest.partitions import REPORTS_PARTITIONS_NAME
from orchestration.defs.plan import nothing_new, plan_inbox
from orchestration.defs.resources import WarehouseResource
from orchestration.publish import SNAPSHOT_DB, current_link, current_snapshot

from .conftest import ROOT, SAMPLES

QUIET = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}
PUBLISHED = AssetKey("published_warehouse")
BAD_REPORT = "zz_empty.txt"


@pytest.fixture(scope="module")
def defs():
    prepare_manifest()
    from orchestration.definitions import defs

    return defs


def run_main(
    defs, instance: DagsterInstance, warehouse: WarehouseResource
) -> ExecuteInProcessResult:
    """The main job over every inbox report, as `python -m orchestration run --force` does."""
    from orchestration.defs.ingest.sensors import run_request_for

    plan = plan_inbox(warehouse.settings, force=True)
    keys = [f.key for f in plan.inbox]
    known = set(instance.get_dynamic_partitions(REPORTS_PARTITIONS_NAME))
    instance.add_dynamic_partitions(REPORTS_PARTITIONS_NAME, [k for k in keys if k not in known])
    request, _ = run_request_for(plan.inbox, keys)
    tags = dict(request.tags)
    return defs.resolve_job_def("baocao_main").execute_in_process(
        instance=instance,
        tags=tags,
        partition_key=request.partition_key,
        resources={"warehouse": warehouse},
        run_config=QUIET,
        raise_on_error=False,
    )


def mart_contents(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' "
                "order by 1"
            ).fetchall()
        ]
        return {t: con.execute(f"select * from marts.{t} order by all").fetchall() for t in tables}
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(defs, tmp_path_factory):
    """One full run on a copy of the bundled reports plus a file that cannot be read."""
    base = tmp_path_factory.mktemp("dagster_pipeline")
    inbox = base / "inbox"
    shutil.copytree(SAMPLES, inbox)
    (inbox / BAD_REPORT).write_bytes(b"")
    warehouse = WarehouseResource(home=str(base / "home"), inbox=str(inbox))
    instance = DagsterInstance.ephemeral()
    result = run_main(defs, instance, warehouse)
    return warehouse, instance, result


def test_the_whole_graph_materialises_and_publishes(built):
    warehouse, _, result = built
    assert result.success
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert {
        AssetKey(["raw", "reports"]),
        AssetKey(["marts", "fct_dossier_processing"]),
        AssetKey(["marts", "fct_data_quality_issue"]),
        PUBLISHED,
    } <= materialized
    # one materialization per report partition
    reports = [
        e.partition
        for e in result.get_asset_materialization_events()
        if e.asset_key == AssetKey(["raw", "reports"])
    ]
    assert sorted(reports) == sorted([*(p.name for p in SAMPLES.glob("*.txt")), BAD_REPORT])
    checks = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    assert len(checks) > 50  # the dbt tests
    raw_checks = {c.check_name: c for c in checks if c.asset_key.path == ["raw", "reports"]}
    assert raw_checks["source_unique_raw_documents_document_id"].passed  # a dbt source test
    # the empty file is recorded as failed, flagged as a warning, and stops nothing
    assert not raw_checks["reports_parsed"].passed
    assert raw_checks["reports_parsed"].severity.value == "WARN"
    con = duckdb.connect(str(warehouse.settings.warehouse_path), read_only=True)
    try:
        statuses = dict(con.execute("select file_name, status from raw.documents").fetchall())
    finally:
        con.close()
    assert statuses[BAD_REPORT] == "failed"
    assert list(statuses.values()).count("parsed") == 4
    assert all(c.passed for c in checks if c.check_name == "error_rules")
    # readers get every mart as a table and as Parquet
    snapshot = current_snapshot(warehouse.settings.published_root)
    assert snapshot.tables["marts.fct_dossier_processing"] == 28
    parquet = current_link(warehouse.settings.published_root) / "parquet"
    assert (parquet / "fct_dossier_processing.parquet").exists()
    assert (parquet / "dim_unit.parquet").exists()
    assert mart_contents(current_link(warehouse.settings.published_root) / SNAPSHOT_DB) == (
        mart_contents(warehouse.settings.warehouse_path)
    )


def test_nothing_new_is_decided_before_a_run_is_requested(built, tmp_path):
    warehouse, _, _ = built
    settings = warehouse.settings
    assert nothing_new(settings, plan_inbox(settings))  # `make run` starts no run
    home, inbox = tmp_path / "home", tmp_path / "inbox"
    shutil.copytree(settings.home, home, symlinks=True)
    shutil.copytree(settings.inbox, inbox)
    copy = settings.with_paths(inbox, home)
    assert nothing_new(copy, plan_inbox(copy))
    (inbox / "rev").mkdir()
    (inbox / "rev" / "new.txt").write_bytes(
        next(SAMPLES.glob("002_*.txt")).read_bytes() + "\nGhi chú: bản sửa.\n".encode()
    )
    plan = plan_inbox(copy)
    assert [f.key for f in plan.pending] == ["rev/new.txt"]
    assert not nothing_new(copy, plan)
    (inbox / "rev" / "new.txt").unlink()
    # the warehouse moved on since the snapshot (a report recorded again): build and publish
    con = duckdb.connect(str(copy.warehouse_path))
    con.execute("update raw.documents set ingested_at = ingested_at + interval 1 second")
    con.close()
    assert not plan_inbox(copy).pending
    assert not nothing_new(copy, plan_inbox(copy))


def test_running_the_main_job_twice_gives_the_same_marts(defs, built):
    warehouse, instance, _ = built
    first = mart_contents(warehouse.settings.warehouse_path)
    before = current_snapshot(warehouse.settings.published_root)
    result = run_main(defs, instance, warehouse)  # no skipping: ingest, dbt, rules, publish
    assert result.success
    assert PUBLISHED in {e.asset_key for e in result.get_asset_materialization_events()}
    assert mart_contents(warehouse.settings.warehouse_path) == first
    after = current_snapshot(warehouse.settings.published_root)
    assert after.version != before.version
    assert after.fingerprint == before.fingerprint  # same inputs


def test_a_failing_error_rule_blocks_publishing_and_keeps_the_old_snapshot(defs, built, tmp_path):
    warehouse, _, _ = built
    home = tmp_path / "home"
    shutil.copytree(warehouse.settings.home, home, symlinks=True)
    broken = WarehouseResource(home=str(home), inbox=warehouse.inbox)
    before = current_snapshot(broken.settings.published_root)
    con = duckdb.connect(str(broken.settings.warehouse_path))
    con.execute(  # a duplicated key, after dbt's own tests ran
        "insert into marts.fct_dossier_processing "
        "select * from marts.fct_dossier_processing limit 1"
    ).fetchall()
    con.close()

    from orchestration.defs.publish.assets import published_warehouse
    from orchestration.defs.quality.checks import QUALITY_KEY, data_quality_issues

    result = materialize(
        [data_quality_issues, published_warehouse],
        selection=[QUALITY_KEY, PUBLISHED],
        resources={"warehouse": broken, "dbt": dbt_resource()},
        instance=DagsterInstance.ephemeral(),
        run_config=QUIET,
        raise_on_error=False,
    )
    assert not result.success
    (failed,) = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and e.event_specific_data.check_name == "error_rules"
    ]
    assert not failed.passed
    assert "mart_key_unique" in failed.description
    assert PUBLISHED not in {e.asset_key for e in result.get_asset_materialization_events()}
    assert current_snapshot(broken.settings.published_root).version == before.version
    reader = duckdb.connect(str(current_link(broken.settings.published_root) / SNAPSHOT_DB), True)
    try:
        assert reader.execute("select count(*) from marts.fct_dossier_processing").fetchall() == [
            (28,)
        ]
    finally:
        reader.close()


def _models_created(target: Path) -> int:
    """ "OK created" lines in dbt's log files: dbt rotates dbt.log at 10 MB (a full build
    writes about that much), so an offset into one file is not enough."""
    return sum(
        path.read_bytes().count(b"OK created") for path in target.glob("dbt.log*") if path.is_file()
    )


def _wait_for(predicate, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_run_killed_during_dbt_leaves_everything_consistent_and_the_next_completes(
    built, tmp_path
):
    warehouse, _, _ = built
    home = tmp_path / "home"
    shutil.copytree(warehouse.settings.home, home, symlinks=True)
    inbox = tmp_path / "inbox"
    shutil.copytree(warehouse.settings.inbox, inbox)
    new_report = inbox / "004_copy.txt"
    # another report (the same text again would be a duplicate, and nothing to build)
    new_report.write_bytes(
        next(SAMPLES.glob("001_*.txt")).read_bytes() + "\nGhi chú: bản bổ sung.\n".encode()
    )
    before = current_snapshot(home / "published")
    env = {
        **os.environ,
        "BAOCAO_HOME": str(home),
        "BAOCAO_INBOX": str(inbox),
        "PYTHONWARNINGS": "ignore",
    }
    command = [sys.executable, "-m", "orchestration", "run"]
    created_before = _models_created(home / "dbt_target")
    # own process group: the kill takes the dbt subprocess down with it
    run = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        # kill as soon as dbt has built a first model of this run: the others are not done
        assert _wait_for(lambda: _models_created(home / "dbt_target") > created_before, 180)
        assert run.poll() is None, "the run ended before it could be killed"
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)

    # readers still get the previous complete snapshot
    assert current_snapshot(home / "published").version == before.version
    reader = duckdb.connect(str(current_link(home / "published") / SNAPSHOT_DB), read_only=True)
    assert reader.execute("select count(*) from marts.dim_report").fetchall() == [(4,)]
    reader.close()
    # the working warehouse opens, and the report ingested before the kill is whole
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    cells = con.execute(
        "select count(*) from raw.table_cells c join raw.documents d using (document_id) "
        "where d.file_name = '004_copy.txt'"
    ).fetchall()[0][0]
    con.close()
    original = duckdb.connect(str(warehouse.settings.warehouse_path), read_only=True)
    expected = original.execute(
        "select count(*) from raw.table_cells c join raw.documents d using (document_id) "
        "where d.file_name like '001_%'"
    ).fetchall()[0][0]
    original.close()
    assert cells in (0, expected)

    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    after = current_snapshot(home / "published")
    assert after.version != before.version
    assert after.tables["marts.dim_report"] == 5
