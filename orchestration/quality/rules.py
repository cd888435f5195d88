"""The building blocks of the data rules: a frame read from the warehouse, the rules that
check it, and how a failing row becomes a row of marts.fct_data_quality_issue.

A rule is one Great Expectations expectation on one column of one frame. Frames carry the
row-level arithmetic (expected vs printed, difference) as columns, so every expectation is
a plain column expectation and GX can hand back the failing rows by their `check_id`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.expectations.metadata_types import FailureSeverity

# error: a defect of the pipeline itself, blocks publishing. quarantine: one report's own
# problem (no province or period, a row that matches no unit, a table nobody recognises, a
# table cut off): listed in marts.report_review, kept out of the facts that need what it
# lacks, never blocks the other reports. warning: the source disagrees with itself.
Severity = Literal["error", "quarantine", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "quarantine", "warning")
Row = Mapping[str, Any]

# The columns every frame carries, so any failing row can be traced to its report and line.
CONTEXT_COLUMNS = (
    "check_id",
    "report_id",
    "table_id",
    "unit_id",
    "indicator_id",
    "file_name",
    "source_line",
)

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


@dataclass(frozen=True)
class Frame:
    """A DataFrame the suites validate: read by SQL (or derived from another frame), then
    prepared in Python where the check needs it (re-parsing printed text, decimals)."""

    name: str
    sql: str | Callable[[duckdb.DuckDBPyConnection], str] | None = None
    prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    derive_from: str | None = None  # name of a prepared frame this one is computed from

    def sql_for(self, con: duckdb.DuckDBPyConnection) -> str:
        if self.sql is None:
            raise ValueError(f"frame {self.name} has no SQL")
        return self.sql(con) if callable(self.sql) else self.sql


@dataclass(frozen=True)
class IssueMap:
    """Which frame columns fill an issue row; the message is written from the whole row."""

    message: Callable[[Row], str]
    expected: str | None = None
    actual: str | None = None
    difference: str | None = None
    measure: str | None = None  # frame column holding the measure …
    measure_value: str | None = None  # … or a constant measure


@dataclass(frozen=True)
class Rule:
    rule_id: str
    severity: Severity
    reason: str  # one line: why the rule exists (docs, Data Docs, summary)
    expectation: type[gxe.Expectation]
    kwargs: Mapping[str, Any]
    issue: IssueMap
    # GX reports values it skipped as missing; "evaluated" is what it actually checked.
    # For ExpectColumnValuesToBeNull the nulls are the passing rows, so every row counts.
    counts_nulls: bool = False
    # One issue per distinct value of this column (a duplicated key fails on every copy).
    dedupe_on: tuple[str, ...] = ()

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
    frame: str
    description: str
    rules: tuple[Rule, ...] = field(default_factory=tuple)

    def build(self) -> gx.ExpectationSuite:
        suite = gx.ExpectationSuite(name=self.name, meta={"notes": self.description})
        for rule in self.rules:
            suite.add_expectation(rule.build_expectation())
        return suite


def between(
    column: str, min_value: float | None, max_value: float | None, **extra: Any
) -> dict[str, Any]:
    return {"column": column, "min_value": min_value, "max_value": max_value, **extra}


def is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def num(value: Any) -> str:
    """A number for a message: integers without decimals, others trimmed."""
    if is_missing(value):
        return "∅"
    f = float(value)
    if f.is_integer():
        return f"{int(f)}"
    return f"{f:.4f}".rstrip("0").rstrip(".")


def text(value: Any) -> str:
    return "∅" if is_missing(value) else str(value)


def optional_float(value: Any) -> float | None:
    # rounded: 98,0 → 99,9 should read as 1.9, not 1.9000000000000057
    return None if is_missing(value) else round(float(value), 9)


def optional_str(value: Any) -> str | None:
    return None if is_missing(value) else str(value)


def optional_int(value: Any) -> int | None:
    return None if is_missing(value) else int(value)


def issue_row(rule: Rule, row: Row) -> dict[str, Any]:
    m = rule.issue
    measure = m.measure_value if m.measure_value is not None else row.get(m.measure or "")
    return {
        "rule_id": rule.rule_id,
        "severity": rule.severity,
        "report_id": optional_str(row.get("report_id")),
        "table_id": optional_str(row.get("table_id")),
        "unit_id": optional_str(row.get("unit_id")),
        "indicator_id": optional_str(row.get("indicator_id")),
        "measure": optional_str(measure),
        "expected_value": optional_float(row.get(m.expected)) if m.expected else None,
        "actual_value": optional_float(row.get(m.actual)) if m.actual else None,
        "difference": optional_float(row.get(m.difference)) if m.difference else None,
        "file_name": optional_str(row.get("file_name")),
        "source_line": optional_int(row.get("source_line")),
        "message": m.message(row),
    }
