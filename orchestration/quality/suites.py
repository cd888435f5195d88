"""The suites: which rules check which relation of the dbt quality layer, and why.

error      — a pipeline defect; blocks publishing (Dagster: a blocking asset check).
quarantine — one report's own problem; listed for review, the other reports are published.
warning    — the source disagrees with itself; kept as printed, flagged, publishing goes on.

Severities and tolerances are read from dbt_project.yml (the quality models' meta), where
the findings model reads them too. Each `build_*_suite()` returns the GX ExpectationSuite;
`SUITES` lists them in run order.
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from .rules import Rule, Suite, between, rule_tolerance

# Rounding: a printed rate or change may be off by half a unit of its last printed decimal.
# Rates may also be truncated (002 III 3.1 prints 99,80 for 162925/163242 = 99.8058), so a
# rate may sit up to one unit below the exact value.
HALF_UNIT = rule_tolerance("half_unit")
TRUNCATED_UNIT = rule_tolerance("truncated_unit")


# ------------------------------------------------------------- errors and quarantine

REPORT_HAS_PROVINCE_AND_PERIOD = Rule(
    rule_id="report_has_province_and_period",
    reason="every parsed document must be a report in dim_report with a province and a period, "
    "or its rows cannot be placed on any axis of the marts",
    expectation=gxe.ExpectColumnValuesToBeNull,
    kwargs={"column": "missing_metadata"},
    counts_nulls=True,
)

MART_KEY_UNIQUE = Rule(
    rule_id="mart_key_unique",
    reason="a duplicated key double-counts in every aggregate; checked again after dbt so a "
    "duplicate written after the build cannot reach the published snapshot",
    expectation=gxe.ExpectCompoundColumnsToBeUnique,
    kwargs={"column_list": ["mart", "key_value"]},
    dedupe_on=("mart", "key_value"),
)

UNIT_ROW_MATCHED_ONCE = Rule(
    rule_id="unit_row_matched_once",
    reason="a unit row must match exactly one unit; unmatched or ambiguous rows never reach the "
    "marts, so their values are missing from every unit's figures",
    expectation=gxe.ExpectColumnValuesToBeInSet,
    kwargs={"column": "match_status", "value_set": ["matched"]},
)

RAW_CELLS_COUNTED = Rule(
    rule_id="raw_cells_counted_in_coverage",
    reason="every raw table cell must be counted in table_coverage; a cell missing there was "
    "dropped between raw and the intermediate models without any reason recorded",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("cells_not_counted", 0, 0),
)

CELLS_ACCOUNTED_FOR = Rule(
    rule_id="cells_accounted_for",
    reason="a cell that reaches no mart (unrecognised table, unmapped column, unmatched unit or "
    "indicator) is data the warehouse silently lacks",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("cells_unaccounted", 0, 0),
)

CELL_REACHES_MART = Rule(
    rule_id="cell_reaches_mart",
    reason="a cell whose destination is a mart must be in that mart; otherwise a join or filter "
    "lost it while table_coverage still counts it as delivered",
    expectation=gxe.ExpectColumnValuesToBeInSet,
    kwargs={"column": "reach_status", "value_set": ["in_mart"]},
)

MART_VALUE_MATCHES_PRINT = Rule(
    rule_id="mart_value_matches_print",
    reason="a mart value must equal its raw cell's (raw.table_cells, by cell id: the number, "
    "numerator or denominator ingest read, or the text byte for byte); anything else is a "
    "pivoting, joining or casting defect between raw and the marts",
    expectation=gxe.ExpectColumnValuesToBeInSet,
    kwargs={"column": "value_check", "value_set": ["match"]},
)

# --------------------------------------------------------------------------- warnings

VALUE_READ_FROM_IRREGULAR_PRINT = Rule(
    rule_id="value_read_from_irregular_print",
    reason="a number printed otherwise than the locale prints it (thousands grouped by spaces, "
    "or by a comma in a column of whole counts; a doubled separator; a decimal point) was read "
    "the one way its text and column allow; the mart keeps that reading and the print, flagged "
    "so that somebody checks the source",
    expectation=gxe.ExpectColumnValuesToBeNull,
    kwargs={"column": "value_issue"},
    counts_nulls=True,
)


def _components_rule(rule_id: str, difference: str, what: str) -> Rule:
    """A printed total against the sum of its printed components: the difference is 0."""
    return Rule(
        rule_id=rule_id,
        reason=what,
        expectation=gxe.ExpectColumnValuesToBeBetween,
        kwargs=between(difference, 0, 0),
    )


RECEIVED_COMPONENTS = _components_rule(
    "received_components_sum",
    "received_difference",
    "dossiers received = online + in person/postal + carried over from the previous period",
)
RESOLVED_COMPONENTS = _components_rule(
    "resolved_components_sum",
    "resolved_difference",
    "dossiers resolved = early + on time + late",
)
PENDING_COMPONENTS = _components_rule(
    "pending_components_sum",
    "pending_difference",
    "dossiers pending = within the deadline + overdue",
)
RECEIVED_BALANCE = _components_rule(
    "received_equals_resolved_plus_pending",
    "balance_difference",
    "every dossier received is either resolved or still pending",
)
ONLINE_TOTAL_COMPONENTS = _components_rule(
    "online_total_components_sum",
    "total_difference",
    "full-process online dossiers: column (3) = (1) + (2), processed online + in person",
)

INDICATOR_COMPONENTS_SUM = Rule(
    rule_id="indicator_components_sum",
    reason="an indicator printed as a total must equal its printed breakdown (e.g. 002 VI 2.4 "
    "= 2.4.1 + 2.4.2 + 2.4.3), per reference.indicator_components",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("difference_in_last_digits", -HALF_UNIT, HALF_UNIT),
)

TOTALS_ROW_MATCHES_UNIT_ROWS = Rule(
    rule_id="totals_row_matches_unit_rows",
    reason="a printed totals row (Tổng, Cộng) must equal the sum of the unit rows above it, "
    "measure by measure",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("difference_in_last_digits", -HALF_UNIT, HALF_UNIT),
)

PRINTED_RATE_MATCHES_COMPONENTS = Rule(
    rule_id="printed_rate_matches_components",
    reason="a printed rate must equal numerator / denominator x 100 up to rounding (half a unit "
    "of its last printed decimal) or truncation",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("rate_deviation_in_last_digits", TRUNCATED_UNIT, HALF_UNIT, strict_min=True),
)

FRACTION_WITHIN_DENOMINATOR = Rule(
    rule_id="fraction_numerator_within_denominator",
    reason="a part cannot exceed its whole: a printed fraction a/b, or a rate's numerator "
    "against its denominator, needs a <= b",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("numerator_excess", None, 0),
)

PERCENTAGE_WITHIN_RANGE = Rule(
    rule_id="percentage_within_0_100",
    reason="a share printed as a percentage lies between 0 and 100",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("percentage", 0, 100),
)


COUNT_IS_WHOLE = Rule(
    rule_id="count_is_whole",
    reason="an indicator of type count holds a whole number; a fraction is a misprint, or a "
    "count whose thousands a comma groups (`8,943` reads 8.943 in vi) in a column that does "
    "not tell",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("fraction", 0, 0),
)

CHANGE_MATCHES_SNAPSHOTS = Rule(
    rule_id="change_matches_snapshots",
    reason="a printed change (Tăng/Giảm, +/-) must equal the later snapshot minus the earlier "
    "one, in value and sign, up to half a unit of the finest printed decimal",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("difference_in_last_digits", -HALF_UNIT, HALF_UNIT),
)

# --------------------------------------------------------------------------- suites

SUITES: tuple[Suite, ...] = (
    Suite(
        "reports", "qa_reports", "Reports: province and period", (REPORT_HAS_PROVINCE_AND_PERIOD,)
    ),
    Suite(
        "mart_keys", "qa_mart_keys", "Mart keys, re-checked before publishing", (MART_KEY_UNIQUE,)
    ),
    Suite("unit_matching", "qa_unit_rows", "Unit rows matched to units", (UNIT_ROW_MATCHED_ONCE,)),
    Suite(
        "coverage",
        "qa_coverage",
        "Every raw cell counted and accounted for (table_coverage)",
        (RAW_CELLS_COUNTED, CELLS_ACCOUNTED_FOR),
    ),
    Suite(
        "cell_lineage", "qa_cell_reach", "Cells bound for a mart are in it", (CELL_REACHES_MART,)
    ),
    Suite(
        "mart_values",
        "qa_mart_values",
        "Mart values equal their cells as printed",
        (MART_VALUE_MATCHES_PRINT, VALUE_READ_FROM_IRREGULAR_PRINT),
    ),
    Suite(
        "dossier_processing",
        "qa_dossier_rows",
        "Dossier processing rows (fct_dossier_processing and totals rows): components add up",
        (RECEIVED_COMPONENTS, RESOLVED_COMPONENTS, PENDING_COMPONENTS, RECEIVED_BALANCE),
    ),
    Suite(
        "online_processing",
        "qa_online_rows",
        "Full-process online dossiers (fct_online_processing and totals rows)",
        (ONLINE_TOTAL_COMPONENTS,),
    ),
    Suite(
        "indicator_components",
        "qa_indicator_components",
        "Indicator totals against their printed breakdown (reference.indicator_components)",
        (INDICATOR_COMPONENTS_SUM,),
    ),
    Suite(
        "totals_rows",
        "qa_totals",
        "Printed totals rows against their unit rows",
        (TOTALS_ROW_MATCHES_UNIT_ROWS,),
    ),
    Suite(
        "rates",
        "qa_ratios",
        "Printed rates and fractions against their numerators and denominators",
        (PRINTED_RATE_MATCHES_COMPONENTS, FRACTION_WITHIN_DENOMINATOR),
    ),
    Suite("percentages", "qa_percentages", "Percentages within 0–100", (PERCENTAGE_WITHIN_RANGE,)),
    Suite("counts", "qa_counts", "Counts of count indicators are whole", (COUNT_IS_WHOLE,)),
    Suite(
        "changes",
        "qa_changes",
        "Printed changes against their two snapshots",
        (CHANGE_MATCHES_SNAPSHOTS,),
    ),
)

SUITES_BY_NAME: dict[str, Suite] = {s.name: s for s in SUITES}
RULES: dict[str, Rule] = {rule.rule_id: rule for s in SUITES for rule in s.rules}


def build_suite(name: str) -> gx.ExpectationSuite:
    return SUITES_BY_NAME[name].build()


def build_reports_suite() -> gx.ExpectationSuite:
    return build_suite("reports")


def build_mart_keys_suite() -> gx.ExpectationSuite:
    return build_suite("mart_keys")


def build_unit_matching_suite() -> gx.ExpectationSuite:
    return build_suite("unit_matching")


def build_coverage_suite() -> gx.ExpectationSuite:
    return build_suite("coverage")


def build_cell_lineage_suite() -> gx.ExpectationSuite:
    return build_suite("cell_lineage")


def build_mart_values_suite() -> gx.ExpectationSuite:
    return build_suite("mart_values")


def build_dossier_processing_suite() -> gx.ExpectationSuite:
    return build_suite("dossier_processing")


def build_online_processing_suite() -> gx.ExpectationSuite:
    return build_suite("online_processing")


def build_indicator_components_suite() -> gx.ExpectationSuite:
    return build_suite("indicator_components")


def build_totals_rows_suite() -> gx.ExpectationSuite:
    return build_suite("totals_rows")


def build_rates_suite() -> gx.ExpectationSuite:
    return build_suite("rates")


def build_percentages_suite() -> gx.ExpectationSuite:
    return build_suite("percentages")


def build_counts_suite() -> gx.ExpectationSuite:
    return build_suite("counts")


def build_changes_suite() -> gx.ExpectationSuite:
    return build_suite("changes")
