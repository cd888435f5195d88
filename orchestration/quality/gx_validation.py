"""Great Expectations over the dbt quality layer's relations: an ephemeral context with a
pandas data source, one checkpoint per suite, and each suite's thin frame read from DuckDB
whole or in parts (`suite_frames`). `runner.run_quality` drives it and checks its counts
against the findings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import great_expectations as gx
import pandas as pd
from great_expectations.checkpoint import UpdateDataDocsAction
from great_expectations.core.expectation_validation_result import (
    ExpectationSuiteValidationResult,
    ExpectationValidationResult,
)
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context import AbstractDataContext
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)

from .rules import Suite

DOCS_SITE = "baocao_quality"
# SUMMARY: counts and the first failing rows by check_id (Data Docs show them); COMPLETE
# would hold every failing row in memory (1.78 GB at 50 MB, docs/scaling.md).
RESULT_FORMAT: dict[str, Any] = {
    "result_format": "SUMMARY",
    "unexpected_index_column_names": ["check_id"],
    "return_unexpected_index_query": False,
}


# A row-wise suite is validated in parts of this many rows: GX's pandas validation holds
# several copies of its frame, ~880 MiB at 50 MB of reports for the 600,000 mart values read
# whole (docs/benchmarks.md). DuckDB hands rows over in vectors of 2,048.
PART_ROWS = 100_000
DUCKDB_VECTOR_ROWS = 2048


def make_context(docs_dir: Path) -> AbstractDataContext:
    """An ephemeral context (nothing persisted but the Data Docs site), no analytics, no
    progress bars."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        data_docs_sites={
            DOCS_SITE: {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(docs_dir.resolve()),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        },
    )
    return gx.get_context(mode="ephemeral", project_config=config)


@dataclass
class Validator:
    """One checkpoint per suite (each suite validates its own DataFrames). Data Docs are built
    once after all suites: an UpdateDataDocsAction on every checkpoint rebuilds the site
    index each time and cost ~0.25 s per suite here, four times the validations."""

    context: AbstractDataContext
    run_id: RunIdentifier
    update_docs: bool = False

    def __post_init__(self) -> None:
        self.datasource = self.context.data_sources.add_pandas(name="warehouse")

    def checkpoint(self, suite: Suite) -> gx.Checkpoint:
        batch = self.datasource.add_dataframe_asset(name=suite.name)
        batch_definition = batch.add_batch_definition_whole_dataframe(name=suite.name)
        gx_suite = self.context.suites.add(suite.build())
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=suite.name, data=batch_definition, suite=gx_suite)
        )
        actions = [UpdateDataDocsAction(name="update_data_docs", site_names=[DOCS_SITE])]
        return self.context.checkpoints.add(
            gx.Checkpoint(
                name=f"quality_{suite.name}",
                validation_definitions=[definition],
                actions=actions if self.update_docs else [],
                result_format=RESULT_FORMAT,
            )
        )

    def validate(
        self, checkpoint: gx.Checkpoint, df: pd.DataFrame, part: int | None = None
    ) -> ExpectationSuiteValidationResult:
        # a relation validated in parts gets one run name per part, so Data Docs keep each
        run_id = self.run_id
        if part is not None:
            run_id = RunIdentifier(
                run_name=f"{run_id.run_name}-part{part:03d}", run_time=run_id.run_time
            )
        result = checkpoint.run(batch_parameters={"dataframe": df}, run_id=run_id)
        (suite_result,) = result.run_results.values()
        return suite_result


@dataclass(frozen=True)
class Counts:
    """What a rule's validation counted, added up over the parts of its relation."""

    element_count: int = 0
    missing_count: int = 0
    unexpected_count: int = 0

    def __add__(self, res: ExpectationValidationResult) -> Counts:
        return Counts(
            self.element_count + int(res.result.get("element_count") or 0),
            self.missing_count + int(res.result.get("missing_count") or 0),
            self.unexpected_count + int(res.result.get("unexpected_count") or 0),
        )


def suite_frames(
    con: duckdb.DuckDBPyConnection, suite: Suite, part_rows: int = PART_ROWS
) -> Iterator[pd.DataFrame]:
    """The suite's thin frame: whole when a rule needs every row at once, else in parts of
    at most `part_rows` rows, so memory does not grow with the corpus (always one frame at
    least, so an empty relation is still validated)."""
    cursor = con.execute(suite.sql())
    if not suite.row_wise:
        yield cursor.df()
        return
    vectors = max(1, part_rows // DUCKDB_VECTOR_ROWS)
    chunk = cursor.fetch_df_chunk(vectors)
    if len(chunk) == 0:
        yield chunk
        return
    while len(chunk):
        for start in range(0, len(chunk), part_rows):
            yield chunk.iloc[start : start + part_rows]
        chunk = cursor.fetch_df_chunk(vectors)


def build_data_docs(context: AbstractDataContext, docs_dir: Path) -> None:
    """Render this run's results as static HTML. The site keeps only the pages of results
    in the (ephemeral) store, i.e. the latest run; the history is quality.validation_runs.
    GX leaves the emptied folders of earlier runs behind: remove them."""
    context.build_data_docs(site_names=[DOCS_SITE])
    validations = docs_dir / "validations"
    if validations.is_dir():
        for folder in sorted(validations.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
