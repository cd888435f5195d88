"""The dbt models as Dagster assets: one `dbt build` per run, dbt tests as asset checks.

Every `raw` source maps to the ingest asset, so the models hang under `raw/reports` in the
lineage; models and seeds are keyed `<schema>/<name>` and grouped by schema.
"""

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

from ingest.settings import HOME_VAR
from orchestration.defs.dbt.project import dbt_project
from orchestration.defs.dbt.state import clear_built, inspect_build_inputs, write_built
from orchestration.defs.ingest.assets import RAW_REPORTS_KEY
from orchestration.defs.resources import (
    TRANSIENT_RETRY,
    WAREHOUSE_POOL,
    WarehouseResource,
    retry_only_transient,
)


class BaocaoDbtTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            if dbt_resource_props["source_name"] == "raw":
                return RAW_REPORTS_KEY
            return super().get_asset_key(dbt_resource_props)
        return AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props.get("schema") or super().get_group_name(dbt_resource_props)


translator = BaocaoDbtTranslator(
    # All eight raw.* sources are one asset (ingest writes them together).
    settings=DagsterDbtTranslatorSettings(
        enable_duplicate_source_asset_keys=True,
        # dbt tests on raw.* sources (unique document ids, known statuses) become checks
        # of the ingest asset instead of anonymous observations.
        enable_source_tests_as_checks=True,
    )
)


@contextmanager
def _baocao_home(home: Path) -> Iterator[None]:
    """The dbt profile reads BAOCAO_HOME from the environment, and DbtCliResource copies the
    environment when it starts dbt: set it to this run's warehouse only around that call."""
    previous = os.environ.get(HOME_VAR)
    os.environ[HOME_VAR] = str(home)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(HOME_VAR, None)
        else:
            os.environ[HOME_VAR] = previous


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
    name="dbt_models",
    pool=WAREHOUSE_POOL,
    retry_policy=TRANSIENT_RETRY,
)
def dbt_models(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> Iterator[Any]:
    # Whether there is anything to build was decided before this run was requested
    # (orchestration.defs.plan): a run that gets here builds.
    settings = warehouse.settings
    inputs = inspect_build_inputs(settings.warehouse_path)
    complete = context.selected_asset_keys == context.assets_def.keys
    clear_built(settings.state_dir)
    # A reader holding the working file is retried; a failing model or test is final.
    with retry_only_transient():
        with _baocao_home(settings.home):
            invocation = dbt.cli(["build"], context=context, target_path=settings.dbt_target_path)
        yield from invocation.stream()
    if complete:
        write_built(settings.state_dir, inputs.fingerprint, context.run.run_id)


def dbt_asset_keys(schema: str) -> list[AssetKey]:
    """The dbt assets living in one warehouse schema (e.g. every mart)."""
    return sorted(k for k in dbt_models.keys if k.path[0] == schema)


MART_KEYS = dbt_asset_keys("marts")
