"""Data rules with Great Expectations: pipeline defects (error, blocks publishing) and the
source's inconsistencies (warning, flagged and kept as printed). See docs/data-rules.md."""

from __future__ import annotations

from .rules import Rule, Severity, Suite
from .runner import QualityReport, QualityRunError, RuleResult, run_quality
from .suites import RULES, SUITES, SUITES_BY_NAME, build_suite

__all__ = [
    "RULES",
    "SUITES",
    "SUITES_BY_NAME",
    "QualityReport",
    "QualityRunError",
    "Rule",
    "RuleResult",
    "Severity",
    "Suite",
    "build_suite",
    "run_quality",
]
