"""The Dagster definitions load; the inbox sensor and the daily schedule ask for the right runs."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest
from dagster import (
    AssetKey,
    DagsterInstance,
    DagsterRunStatus,
    Definitions,
    SensorResult,
    SkipReason,
    build_schedule_context,
    build_sensor_context,
    instance_for_test,
)
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)
from dagster._core.test_utils import create_run_for_test

from ingest.pipeline import run_ingest
from ingest.settings import Settings
from orchestration.defs.dbt.project import prepare_manifest
from orchestration.defs.ingest.partitions import REPORTS_PARTITIONS_NAME, partition_key_range
from orchestration.defs.instance import DAGSTER_YAML, local_instance
from orchestration.defs.jobs import main_job
from orchestration.defs.resources import WAREHOUSE_POOL, WAREHOUSE_RUN_TAG, WarehouseResource

from .conftest import SAMPLES


@pytest.fixture(scope="module")
def defs() -> Definitions:
    prepare_manifest()  # @dbt_assets reads the manifest when the module is imported
    from orchestration.definitions import defs

    return defs


def test_definitions_load_and_validate(defs):
    Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"raw/reports", "marts/fct_dossier_processing", "marts/dim_unit"} <= keys
    assert {"marts/fct_data_quality_issue", "published_warehouse"} <= keys
    # every raw.* dbt source is the ingest asset: staging hangs under it
    staging = graph.get(AssetKey(["staging", "stg_raw__table_cells"]))
    assert AssetKey(["raw", "reports"]) in staging.parent_keys
    # the snapshot waits for every mart and for the rules
    published = graph.get(AssetKey("published_warehouse"))
    assert AssetKey(["marts", "fct_data_quality_issue"]) in published.parent_keys
    assert AssetKey(["marts", "dim_report"]) in published.parent_keys
    for name in ("baocao_main", "baocao_warehouse", "baocao_ingest"):
        assert defs.resolve_job_def(name).tags[WAREHOUSE_RUN_TAG] == "writer"


def test_dbt_tests_are_checks_and_error_rules_block(defs):
    graph = defs.resolve_asset_graph()
    checks = {key: graph.get_check_spec(key) for key in graph.asset_check_keys}
    dbt_checks = [k for k in checks if k.asset_key.path[0] in ("staging", "intermediate", "marts")]
    assert len(dbt_checks) > 50
    error_rules = checks[next(k for k in checks if k.name == "error_rules")]
    assert error_rules.blocking
    assert not checks[next(k for k in checks if k.name == "warning_rules")].blocking
    assert not checks[next(k for k in checks if k.name == "quarantine_rules")].blocking


def test_warehouse_writers_share_one_pool(defs):
    graph = defs.resolve_asset_graph()
    for key in (
        AssetKey(["raw", "reports"]),
        AssetKey(["marts", "dim_unit"]),
        AssetKey(["marts", "fct_data_quality_issue"]),
        AssetKey("published_warehouse"),
    ):
        assert graph.get(key).pools == {WAREHOUSE_POOL}, key


def test_dagster_yaml_limits_the_pool_and_writer_runs(tmp_path):
    assert f"`{WAREHOUSE_POOL}`" in DAGSTER_YAML
    assert f'key: "{WAREHOUSE_RUN_TAG}"' in DAGSTER_YAML
    instance = local_instance(tmp_path / "dagster")  # validates the config
    try:
        assert (tmp_path / "dagster" / "dagster.yaml").read_text() == DAGSTER_YAML
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
    finally:
        instance.dispose()


def test_partition_range_covers_pending_reports_in_insertion_order():
    assert partition_key_range(["a", "b", "c"], ["c", "a"]) == ("a", "c", [])
    assert partition_key_range(["a", "b"], ["x", "b"]) == ("b", "x", ["x"])
    with pytest.raises(ValueError):
        partition_key_range(["a"], [])


def _sensor(defs, instance, warehouse, cursor=None):
    sensor = defs.resolve_sensor_def("inbox_sensor")
    context = build_sensor_context(
        instance=instance, cursor=cursor, resources={"warehouse": warehouse}
    )
    return sensor(context)


def test_sensor_requests_a_run_for_new_files_only(defs, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    first, second = sorted(SAMPLES.glob("*.txt"))[:2]
    shutil.copy(first, inbox)
    warehouse = WarehouseResource(home=str(tmp_path / "home"), inbox=str(inbox))
    instance = DagsterInstance.ephemeral()

    result = _sensor(defs, instance, warehouse)
    assert isinstance(result, SensorResult)
    (request,) = result.run_requests
    assert request.partition_key == first.name
    (add,) = result.dynamic_partitions_requests
    assert add.partitions_def_name == REPORTS_PARTITIONS_NAME
    assert list(add.partition_keys) == [first.name]
    instance.add_dynamic_partitions(REPORTS_PARTITIONS_NAME, [first.name])

    # same bytes, next tick: nothing
    again = _sensor(defs, instance, warehouse, cursor=result.cursor)
    assert not again.run_requests and again.skip_reason

    # a new file and a changed one: one run over both partitions
    shutil.copy(second, inbox)
    (inbox / first.name).write_bytes(first.read_bytes() + b"\n")
    changed = _sensor(defs, instance, warehouse, cursor=result.cursor)
    (request,) = changed.run_requests
    assert request.tags[ASSET_PARTITION_RANGE_START_TAG] == first.name
    assert request.tags[ASSET_PARTITION_RANGE_END_TAG] == second.name
    assert [list(r.partition_keys) for r in changed.dynamic_partitions_requests] == [[second.name]]


def test_sensor_requests_again_what_a_failed_run_left_out(defs, tmp_path):
    """A run that dies before recording a report: the next tick asks for that report again,
    once per failed run, never while a run is active, and not after three failures."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    first, second = sorted(SAMPLES.glob("*.txt"))[:2]
    shutil.copy(first, inbox)
    shutil.copy(second, inbox)
    home = tmp_path / "home"
    warehouse = WarehouseResource(home=str(home), inbox=str(inbox))
    instance = DagsterInstance.ephemeral()
    handled = _sensor(defs, instance, warehouse)
    (request,) = handled.run_requests
    instance.add_dynamic_partitions(REPORTS_PARTITIONS_NAME, [first.name, second.name])
    # the run loaded the first report, then died
    run_ingest(Settings(inbox=first, home=home))

    def tick():
        return _sensor(defs, instance, warehouse, cursor=handled.cursor)

    assert not tick().run_requests  # no run has failed: nothing to retry
    run = functools.partial(create_run_for_test, instance, job_name=main_job.name)
    run(status=DagsterRunStatus.FAILURE)
    (retry,) = tick().run_requests
    assert retry.partition_key == second.name  # only the report still missing
    assert retry.run_key not in (None, request.run_key)
    assert tick().run_requests[0].run_key == retry.run_key  # Dagster starts it once

    run(status=DagsterRunStatus.SUCCESS)
    run(status=DagsterRunStatus.FAILURE)
    (again,) = tick().run_requests  # a new failure: a new request
    assert again.run_key not in (retry.run_key, request.run_key)

    older = run(status=DagsterRunStatus.STARTED)
    run(status=DagsterRunStatus.FAILURE)
    assert not tick().run_requests  # an older run is still on it
    instance.report_run_failed(instance.get_run_by_id(older.run_id))
    run(status=DagsterRunStatus.FAILURE)
    assert not tick().run_requests  # three failures in a row: a person should look


def test_sensor_asks_nothing_for_files_already_ingested(defs, tmp_path):
    home = tmp_path / "home"
    run_ingest(Settings(inbox=SAMPLES, home=home))
    warehouse = WarehouseResource(home=str(home), inbox=str(SAMPLES))
    result = _sensor(defs, DagsterInstance.ephemeral(), warehouse)  # no cursor: first tick
    assert not result.run_requests and "already ingested" in result.skip_reason.skip_message
    # …but it remembers them, so the next tick does not even look at raw.documents
    assert result.cursor and all(p.name in result.cursor for p in SAMPLES.glob("*.txt"))


def test_daily_schedule_refreshes_every_report_in_vietnam_time(defs):
    schedule = defs.resolve_schedule_def("daily_refresh")
    assert schedule.execution_timezone == "Asia/Ho_Chi_Minh"
    with instance_for_test() as instance:
        assert isinstance(schedule(build_schedule_context(instance=instance)), SkipReason)
        instance.add_dynamic_partitions(REPORTS_PARTITIONS_NAME, ["a.txt", "b.txt", "c.txt"])
        request = schedule(build_schedule_context(instance=instance))
    assert request.tags[ASSET_PARTITION_RANGE_START_TAG] == "a.txt"
    assert request.tags[ASSET_PARTITION_RANGE_END_TAG] == "c.txt"


def test_paths_default_like_make_run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BAOCAO_HOME", raising=False)
    monkeypatch.delenv("BAOCAO_INBOX", raising=False)
    settings = WarehouseResource.from_env().settings
    assert settings.warehouse_path == Path(tmp_path, "warehouse", "warehouse.duckdb").resolve()
    assert settings.inbox == Path(tmp_path, "seeds", "reports").resolve()


def test_error_rules_fail_the_blocking_check_and_quarantine_and_warnings_only_count():
    from orchestration.defs.quality.checks import RuleOutcome, quality_check_results

    clean = [
        RuleOutcome("mart_keys", "mart_key_unique", "error", 500, 0),
        RuleOutcome("unit_matching", "unit_row_matched_once", "quarantine", 40, 2),
        RuleOutcome("dossier_processing", "received_components", "warning", 28, 3),
    ]
    errors, quarantine, warnings = quality_check_results(clean)
    assert errors.passed and quarantine.passed and warnings.passed
    assert quarantine.metadata["findings"].value == 2
    assert warnings.metadata["findings"].value == 3
    broken = [RuleOutcome("mart_keys", "mart_key_unique", "error", 500, 1), *clean[1:]]
    errors, quarantine, warnings = quality_check_results(broken)
    assert not errors.passed and errors.severity.value == "ERROR"
    assert "mart_key_unique (1)" in errors.description
    assert quarantine.passed and warnings.passed


def test_only_lock_errors_are_retried():
    from dagster import Failure
    from dagster_dbt.errors import DagsterDbtCliRuntimeError

    from orchestration.defs.resources import retry_only_transient

    def raised(exc: Exception) -> Exception:
        try:
            with retry_only_transient():
                raise exc
        except Exception as out:
            return out
        raise AssertionError("nothing raised")

    lock = raised(OSError('IO Error: Could not set lock on file "warehouse.duckdb"'))
    assert isinstance(lock, OSError)  # left to the RetryPolicy
    for final in (
        DagsterDbtCliRuntimeError(description="a dbt test failed"),  # a Failure allowing retries
        RuntimeError("nothing to publish"),
    ):
        out = raised(final)
        assert isinstance(out, Failure) and not out.allow_retries


def test_partition_range_tags_are_the_ones_dagster_reads():
    """defs/tags.py writes Dagster's tag names out (public strings, private constants):
    this test, not the code, touches the private module, so an upgrade that renames them
    fails here."""
    from dagster._core.storage import tags as dagster_tags

    from orchestration.defs import tags

    assert tags.ASSET_PARTITION_RANGE_START_TAG == dagster_tags.ASSET_PARTITION_RANGE_START_TAG
    assert tags.ASSET_PARTITION_RANGE_END_TAG == dagster_tags.ASSET_PARTITION_RANGE_END_TAG
