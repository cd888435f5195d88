"""The building blocks of the data rules: a rule is one Great Expectations expectation on one
column of a relation of the dbt `quality` layer (dbt_project/models/quality/qa_*.sql).

The relations carry the row-level arithmetic (expected vs printed, the difference, in units
of the last printed decimal) as columns computed in SQL, so every expectation is a plain
column expectation. The same predicates, with the messages, make the findings
(`quality.qa_findings`, built as `marts.fct_data_quality_issue`); the runner checks that GX
and the findings agree on every rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, cast

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.metadata_types import FailureSeverity

from orchestration.domain import DBT_PROJECT_FILE

# error: a defect of the pipeline itself, blocks publishing. quarantine: one report's own
# problem (no province or period, a row that matches no unit, a table nobody recognises, a
# table cut off): listed in marts.report_review, kept out of the facts that need what it
# lacks, never blocks the other reports. warning: the source disagrees with itself.
Severity = Literal["error", "quarantine", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "quarantine", "warning")

# The schema of the dbt quality layer (dbt_project.yml, `quality: +schema`).
QUALITY_SCHEMA = "quality"
FINDINGS_RELATION = "qa_findings"

ISSUE_COLUMNS = (
    "rule_id",
    "severity",
    "report_id",
    "table_id",
    "unit_id",
    "indicator_id",
    "measure",
    "expected_value",
    "actual_value",
    "difference",
    "file_name",
    "source_line",
    "message",
)

_GX_SEVERITY: dict[str, FailureSeverity] = {
    "error": FailureSeverity.CRITICAL,
    "quarantine": FailureSeverity.WARNING,  # GX has three levels; the rule's meta keeps ours
    "warning": FailureSeverity.WARNING,
}


@cache
def _quality_meta() -> dict[str, Any]:
    import yaml

    project = yaml.safe_load(DBT_PROJECT_FILE.read_text(encoding="utf-8"))
    return dict(project["models"]["baocao"]["quality"]["+meta"])


def rule_severities() -> dict[str, Severity]:
    """rule_id → severity, from the quality models' meta in dbt_project.yml: the one list the
    findings model (SQL) and the suites (Python) both read."""
    meta = _quality_meta()["rule_severity"]
    unknown = {s for s in meta.values() if s not in SEVERITIES}
    if unknown:
        raise ValueError(f"dbt_project.yml: unknown rule severities {sorted(unknown)}")
    return {str(k): cast(Severity, v) for k, v in meta.items()}


def rule_tolerance(name: str) -> float:
    """A tolerance in units of the last printed decimal (dbt_project.yml, quality meta)."""
    return float(_quality_meta()["rule_tolerance"][name])


# Expectations judged row by row; any other (uniqueness, aggregates) needs the whole relation.
ROW_WISE_EXPECTATIONS: frozenset[type[gxe.Expectation]] = frozenset(
    {
        gxe.ExpectColumnValuesToBeBetween,
        gxe.ExpectColumnValuesToBeInSet,
        gxe.ExpectColumnValuesToBeNull,
        gxe.ExpectColumnValuesToNotBeNull,
    }
)


@dataclass(frozen=True)
class Rule:
    rule_id: str
    reason: str  # one line: why the rule exists (docs, Data Docs, summary)
    expectation: type[gxe.Expectation]
    kwargs: Mapping[str, Any]
    # GX reports values it skipped as missing; "evaluated" is what it actually checked.
    # For ExpectColumnValuesToBeNull the nulls are the passing rows, so every row counts.
    counts_nulls: bool = False
    # One finding per distinct value of these columns (a duplicated key fails on every copy).
    dedupe_on: tuple[str, ...] = ()

    @property
    def severity(self) -> Severity:
        return rule_severities()[self.rule_id]

    @property
    def row_wise(self) -> bool:
        """Whether a row's verdict depends on that row alone, so the relation may be validated
        in parts and the counts added up (a uniqueness rule must see every row at once)."""
        return self.expectation in ROW_WISE_EXPECTATIONS

    @property
    def columns(self) -> tuple[str, ...]:
        """The relation's columns the expectation reads."""
        if "column_list" in self.kwargs:
            return tuple(self.kwargs["column_list"])
        return (str(self.kwargs["column"]),)

    def build_expectation(self) -> gxe.Expectation:
        return self.expectation(
            **self.kwargs,
            meta={"rule_id": self.rule_id, "severity": self.severity},
            severity=_GX_SEVERITY[self.severity],
            # notes, not description: Data Docs then still render what the expectation checks
            notes=f"{self.rule_id} ({self.severity}): {self.reason}",
        )


@dataclass(frozen=True)
class Suite:
    name: str
    relation: str  # a model of dbt_project/models/quality, in schema `quality`
    description: str
    rules: tuple[Rule, ...] = field(default_factory=tuple)

    @property
    def columns(self) -> tuple[str, ...]:
        """check_id (names the failing rows in Data Docs) and the columns the rules read:
        the frame GX validates is only these."""
        out = ["check_id"]
        for rule in self.rules:
            out += [c for c in rule.columns if c not in out]
        return tuple(out)

    @property
    def row_wise(self) -> bool:
        return all(rule.row_wise for rule in self.rules)

    def sql(self) -> str:
        columns = ", ".join(self.columns)
        return f"select {columns} from {QUALITY_SCHEMA}.{self.relation}"

    def build(self) -> gx.ExpectationSuite:
        suite = gx.ExpectationSuite(name=self.name, meta={"notes": self.description})
        for rule in self.rules:
            suite.add_expectation(rule.build_expectation())
        return suite


def between(
    column: str, min_value: float | None, max_value: float | None, **extra: Any
) -> dict[str, Any]:
    return {"column": column, "min_value": min_value, "max_value": max_value, **extra}
