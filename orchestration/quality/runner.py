"""Run every suite on a warehouse: read the frames from DuckDB, validate them with Great
Expectations (pandas data source, ephemeral context), write Data Docs, turn failing rows
into issues and store them with the run summary.

Why DataFrames and not GX's SQL data source: over DuckDB (duckdb-engine) its metric queries
come back empty (docs/data-rules.md, PITFALLS). Reading each frame with one read-only
connection and validating it in pandas works and keeps the row arithmetic in SQL we own.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
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

from .rules import ISSUE_COLUMNS, Frame, Rule, Severity, Suite, issue_row
from .store import RUN_COLUMNS, write_results
from .suites import FRAMES, RULES, SUITES

log = logging.getLogger(__name__)

DOCS_SITE = "baocao_quality"
# COMPLETE: every failing row comes back, identified by check_id, to become an issue row.
RESULT_FORMAT: dict[str, Any] = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": ["check_id"],
    "return_unexpected_index_query": False,
}


class QualityRunError(RuntimeError):
    """A rule could not be evaluated at all (a bug in a rule, not a finding)."""


@dataclass(frozen=True)
class RuleResult:
    suite: str
    rule_id: str
    severity: Severity
    reason: str
    evaluated: int
    failed: int

    @property
    def passed(self) -> bool:
        return self.failed == 0


@dataclass(frozen=True)
class QualityReport:
    run_id: str
    run_at: datetime
    warehouse_path: Path
    docs_index: Path
    results: tuple[RuleResult, ...]
    issues: pd.DataFrame
    timings: Mapping[str, float] = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        """True when an error-severity rule failed: publishing must not go on."""
        return any(r.severity == "error" and not r.passed for r in self.results)

    def result(self, rule_id: str) -> RuleResult:
        return next(r for r in self.results if r.rule_id == rule_id)

    def issues_for(self, rule_id: str) -> pd.DataFrame:
        return self.issues[self.issues["rule_id"] == rule_id].reset_index(drop=True)

    def failed_rules(self, severity: Severity | None = None) -> list[RuleResult]:
        return [
            r for r in self.results if not r.passed and (severity is None or r.severity == severity)
        ]


class _Timer:
    """Wall time per phase, so a benchmark can tell GX from DuckDB and pandas."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, phase: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[phase] = self.seconds.get(phase, 0.0) + time.perf_counter() - start


# --------------------------------------------------------------------------- frames


def read_frames(warehouse_path: Path, names: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Read the SQL frames with one read-only connection (closed before anything writes)."""
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        return {
            name: con.execute(FRAMES[name].sql_for(con)).df()
            for name in names
            if FRAMES[name].derive_from is None
        }
    finally:
        con.close()


def prepare_frames(raw: dict[str, pd.DataFrame], names: Sequence[str]) -> dict[str, pd.DataFrame]:
    prepared: dict[str, pd.DataFrame] = {}
    for name in names:
        frame: Frame = FRAMES[name]
        source = prepared[frame.derive_from] if frame.derive_from else raw[name]
        df = frame.prepare(source) if frame.prepare else source
        if df["check_id"].duplicated().any():  # a rule bug: failing rows could not be named
            raise QualityRunError(f"frame {name}: check_id is not unique")
        prepared[name] = df.reset_index(drop=True)
    return prepared


def _frame_order(suites: Sequence[Suite]) -> list[str]:
    order: list[str] = []
    for suite in suites:
        frame = FRAMES[suite.frame]
        for name in (frame.derive_from, frame.name):
            if name and name not in order:
                order.append(name)
    return order


# --------------------------------------------------------------------------- GX


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
class _Validator:
    """One checkpoint per suite (each suite validates its own DataFrame). Data Docs are built
    once after all suites: an UpdateDataDocsAction on every checkpoint rebuilds the site
    index each time and cost ~0.25 s per suite here, four times the validations."""

    context: AbstractDataContext
    run_id: RunIdentifier
    update_docs: bool = False

    def __post_init__(self) -> None:
        self.datasource = self.context.data_sources.add_pandas(name="warehouse")

    def validate(self, suite: Suite, df: pd.DataFrame) -> ExpectationSuiteValidationResult:
        batch = self.datasource.add_dataframe_asset(name=suite.name)
        batch_definition = batch.add_batch_definition_whole_dataframe(name=suite.name)
        gx_suite = self.context.suites.add(suite.build())
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=suite.name, data=batch_definition, suite=gx_suite)
        )
        actions = [UpdateDataDocsAction(name="update_data_docs", site_names=[DOCS_SITE])]
        checkpoint = self.context.checkpoints.add(
            gx.Checkpoint(
                name=f"quality_{suite.name}",
                validation_definitions=[definition],
                actions=actions if self.update_docs else [],
                result_format=RESULT_FORMAT,
            )
        )
        result = checkpoint.run(batch_parameters={"dataframe": df}, run_id=self.run_id)
        (suite_result,) = result.run_results.values()
        return suite_result


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


def _failing_ids(res: ExpectationValidationResult) -> list[str]:
    return [str(row["check_id"]) for row in res.result.get("unexpected_index_list") or []]


def _evaluated(rule: Rule, res: ExpectationValidationResult) -> int:
    elements = int(res.result.get("element_count") or 0)
    if rule.counts_nulls:
        return elements
    return elements - int(res.result.get("missing_count") or 0)


def _issues(rule: Rule, df: pd.DataFrame, failing: list[str]) -> list[dict[str, Any]]:
    if not failing:
        return []
    rows = df[df["check_id"].isin(set(failing))]
    if rule.dedupe_on:
        counts = rows.groupby(list(rule.dedupe_on), dropna=False)["check_id"].transform("size")
        rows = rows.assign(occurrences=counts).drop_duplicates(list(rule.dedupe_on))
    return [issue_row(rule, row) for row in rows.to_dict("records")]


# --------------------------------------------------------------------------- the run


def run_quality(
    warehouse_path: Path,
    docs_dir: Path,
    *,
    suites: Sequence[Suite] = SUITES,
    write: bool = True,
) -> QualityReport:
    """Validate the warehouse; store issues and the run summary in it (unless `write` is
    False) and Data Docs under `docs_dir`. Failing rules are results, not exceptions."""
    warehouse_path = Path(warehouse_path)
    run_at = datetime.now(UTC)
    run_id = f"{run_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    timer = _Timer()
    names = _frame_order(suites)

    with timer("read"):
        raw = read_frames(warehouse_path, names)
    with timer("prepare"):
        frames = prepare_frames(raw, names)

    with timer("gx_context"):
        validator = _Validator(
            make_context(docs_dir), RunIdentifier(run_name=run_id, run_time=run_at)
        )
    results: list[RuleResult] = []
    issues: list[dict[str, Any]] = []
    for suite in suites:
        df = frames[suite.frame]
        with timer("gx_validate"):
            suite_result = validator.validate(suite, df)
        with timer("issues"):
            for res in suite_result.results:
                rule = RULES[res.expectation_config.meta["rule_id"]]
                if res.exception_info and res.exception_info.get("raised_exception"):
                    raise QualityRunError(
                        f"{suite.name}/{rule.rule_id}: {res.exception_info.get('exception_message')}"
                    )
                failing = _failing_ids(res)
                rule_issues = _issues(rule, df, failing)
                results.append(
                    RuleResult(
                        suite=suite.name,
                        rule_id=rule.rule_id,
                        severity=rule.severity,
                        reason=rule.reason,
                        evaluated=_evaluated(rule, res),
                        # a duplicated key counts once, however many copies fail
                        failed=len(rule_issues) if rule.dedupe_on else len(failing),
                    )
                )
                issues.extend(rule_issues)

    with timer("gx_docs"):
        build_data_docs(validator.context, docs_dir)

    issue_frame = pd.DataFrame(issues, columns=list(ISSUE_COLUMNS))
    issue_frame = issue_frame.astype(
        {"expected_value": "float64", "actual_value": "float64", "difference": "float64"}
    )
    issue_frame["source_line"] = issue_frame["source_line"].astype("Int64")
    issue_frame = issue_frame.sort_values(
        ["severity", "rule_id", "file_name", "source_line", "measure"], kind="stable"
    ).reset_index(drop=True)
    runs = pd.DataFrame(
        [
            {
                "run_id": run_id,
                "run_at": run_at,
                "suite": r.suite,
                "rule_id": r.rule_id,
                "severity": r.severity,
                "evaluated": r.evaluated,
                "failed": r.failed,
            }
            for r in results
        ],
        columns=list(RUN_COLUMNS),
    )
    if write:
        with timer("write"):
            write_results(warehouse_path, issue_frame, runs)

    report = QualityReport(
        run_id=run_id,
        run_at=run_at,
        warehouse_path=warehouse_path,
        docs_index=docs_dir / "index.html",
        results=tuple(results),
        issues=issue_frame,
        timings=dict(timer.seconds),
    )
    log.info(
        "quality run %s: %d rules, %d failed (%d error), %d issues",
        run_id,
        len(results),
        len(report.failed_rules()),
        len(report.failed_rules("error")),
        len(issue_frame),
    )
    return report
