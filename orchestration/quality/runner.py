"""Run every suite on a warehouse: read each suite's relation of the dbt quality layer (only
the columns its rules check), validate it with Great Expectations (pandas data source,
ephemeral context), write Data Docs, read the findings the same SQL predicates give
(quality.qa_findings), check that GX and the findings agree, and store the run summary.

Why DataFrames and not GX's SQL data source: over DuckDB (duckdb-engine) its metric queries
come back empty (docs/data-rules.md, PITFALLS). So each suite reads one thin frame with a
read-only connection and GX validates it in pandas; the frames are read and dropped one at a
time, and GX returns counts (result format SUMMARY), not every failing row: the failing rows
are the findings, which the SQL already computed.
"""

from __future__ import annotations

import logging
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
from great_expectations.core.run_identifier import RunIdentifier

from ingest.settings import QUALITY_MEMORY_LIMIT_DEFAULT

from .gx_validation import (
    PART_ROWS,
    Counts,
    Validator,
    build_data_docs,
    make_context,
    suite_frames,
)
from .rules import FINDINGS_RELATION, ISSUE_COLUMNS, QUALITY_SCHEMA, Rule, Severity, Suite
from .store import RUN_COLUMNS, write_runs
from .suites import RULES, SUITES

log = logging.getLogger(__name__)


class QualityRunError(RuntimeError):
    """A rule could not be evaluated at all, or GX and the findings disagree on it (a bug in
    a rule, not a finding)."""


class QualityLayerMissing(QualityRunError):
    """The dbt quality layer is not in the warehouse (not built yet, or skipped by `dbt build`
    because a test of a model it reads failed)."""


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


def _evaluated(rule: Rule, counts: Counts) -> int:
    if rule.counts_nulls:
        return counts.element_count
    return counts.element_count - counts.missing_count


# DuckDB's buffer manager takes up to 80 % of the machine's memory by default and keeps what
# it took: evaluating the quality views then held ~1.9 GB at 50 MB of reports. A limit
# makes it stream and spill instead (to a temporary directory: the warehouse is read-only).
def duckdb_config(memory_limit: str = QUALITY_MEMORY_LIMIT_DEFAULT) -> dict[str, str]:
    return {
        "memory_limit": memory_limit,
        "temp_directory": tempfile.gettempdir(),
        # row order is irrelevant to the checks and the findings are sorted after reading
        "preserve_insertion_order": "false",
        "threads": "1",  # each thread holds its own hash tables: one keeps the peak low
    }


def missing_relations(con: duckdb.DuckDBPyConnection, suites: Sequence[Suite]) -> list[str]:
    """The quality relations these suites need that the warehouse lacks."""
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = ?",
        [QUALITY_SCHEMA],
    ).fetchall()
    needed = {suite.relation for suite in suites} | {FINDINGS_RELATION}
    return sorted(needed - {r[0] for r in rows})


def read_findings(con: duckdb.DuckDBPyConnection, rule_ids: Sequence[str]) -> pd.DataFrame:
    """The findings of these rules, as the quality layer's SQL gives them now. One rule at a
    time: the rule id is a constant of its branch of qa_findings, so DuckDB evaluates only
    that branch, and memory holds one rule's relation, not all of them at once."""
    relation = f"{QUALITY_SCHEMA}.{FINDINGS_RELATION}"
    columns = ", ".join(ISSUE_COLUMNS)
    frames = [
        con.execute(f"select {columns} from {relation} where rule_id = ?", [rule_id]).df()
        for rule_id in rule_ids
    ]
    df = pd.concat(frames) if frames else pd.DataFrame(columns=list(ISSUE_COLUMNS))
    df = df.astype(
        {"expected_value": "float64", "actual_value": "float64", "difference": "float64"}
    )
    df["source_line"] = df["source_line"].astype("Int64")
    return df.sort_values(
        ["severity", "rule_id", "file_name", "source_line", "measure", "message"], kind="stable"
    ).reset_index(drop=True)


def agreed_failures(rule: Rule, gx_failing_rows: int, findings: pd.DataFrame) -> int:
    """The rule's failure count, once GX's expectation and the findings' SQL predicate are
    seen to agree; they are two statements of one rule, so a difference is a rule defect."""
    if rule.dedupe_on:
        # one finding per duplicated key; GX counts every copy (the finding's actual_value)
        copies = int(findings["actual_value"].sum()) if len(findings) else 0
        agree = copies == gx_failing_rows
    else:
        agree = len(findings) == gx_failing_rows
    if not agree:
        raise QualityRunError(
            f"{rule.rule_id}: Great Expectations finds {gx_failing_rows} failing rows, "
            f"{QUALITY_SCHEMA}.{FINDINGS_RELATION} has {len(findings)} findings"
        )
    return len(findings)


# --------------------------------------------------------------------------- the run


def run_quality(
    warehouse_path: Path,
    docs_dir: Path,
    *,
    suites: Sequence[Suite] = SUITES,
    write: bool = True,
    memory_limit: str = QUALITY_MEMORY_LIMIT_DEFAULT,
    part_rows: int = PART_ROWS,
) -> QualityReport:
    """Validate the warehouse; append the run summary to quality.validation_runs (unless
    `write` is False) and write Data Docs under `docs_dir`. Failing rules are results, not
    exceptions. The findings are marts.fct_data_quality_issue (built by dbt); the report's
    `issues` are the same rows read now, so they also show what changed after dbt ran."""
    warehouse_path = Path(warehouse_path)
    run_at = datetime.now(UTC)
    run_id = f"{run_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    timer = _Timer()

    with timer("gx_context"):
        validator = Validator(
            make_context(docs_dir), RunIdentifier(run_name=run_id, run_time=run_at)
        )
    gx_results: dict[str, tuple[Suite, Rule, Counts]] = {}
    con = duckdb.connect(str(warehouse_path), read_only=True, config=duckdb_config(memory_limit))
    try:
        if missing := missing_relations(con, suites):
            raise QualityLayerMissing(
                f"the dbt quality layer is not built in {warehouse_path} "
                f"({', '.join(f'{QUALITY_SCHEMA}.{m}' for m in missing)}): run `dbt build` "
                "(a failing test of a model it reads skips it; `dbt build --select quality`)"
            )
        for suite in suites:
            checkpoint = validator.checkpoint(suite)
            frames = suite_frames(con, suite, part_rows)
            part = 0
            while True:
                with timer("read"):
                    df = next(frames, None)
                if df is None:
                    break
                with timer("gx_validate"):
                    suite_result = validator.validate(
                        checkpoint, df, part if suite.row_wise else None
                    )
                del df  # one thin frame in memory at a time
                part += 1
                for res in suite_result.results:
                    rule = RULES[res.expectation_config.meta["rule_id"]]
                    if res.exception_info and res.exception_info.get("raised_exception"):
                        message = res.exception_info.get("exception_message")
                        raise QualityRunError(f"{suite.name}/{rule.rule_id}: {message}")
                    _, _, counts = gx_results.get(rule.rule_id, (suite, rule, Counts()))
                    gx_results[rule.rule_id] = (suite, rule, counts + res)
        with timer("findings"):
            # only the rules GX failed: a passing rule's branch is not evaluated again (its
            # agreement with GX is checked by the tests and by dbt's fct_data_quality_issue)
            failing = [r.rule_id for _, r, c in gx_results.values() if c.unexpected_count]
            issue_frame = read_findings(con, failing)
    finally:
        con.close()

    with timer("gx_docs"):
        build_data_docs(validator.context, docs_dir)

    results: list[RuleResult] = []
    for suite, rule, counts in gx_results.values():
        findings = issue_frame[issue_frame["rule_id"] == rule.rule_id]
        failing_rows = counts.unexpected_count
        results.append(
            RuleResult(
                suite=suite.name,
                rule_id=rule.rule_id,
                severity=rule.severity,
                reason=rule.reason,
                evaluated=_evaluated(rule, counts),
                # a duplicated key counts once, however many copies fail
                failed=agreed_failures(rule, failing_rows, findings),
            )
        )
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
            write_runs(warehouse_path, runs)

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
