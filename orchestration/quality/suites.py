"""The suites: which rules check which frame, with their severity and reason.

error   — a pipeline defect; blocks publishing (Dagster: a blocking asset check).
warning — the source disagrees with itself; kept as printed, flagged, publishing goes on.

Each `build_*_suite()` returns the GX ExpectationSuite; `SUITES` lists them in run order.
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from . import frames as f
from .rules import Frame, IssueMap, Row, Rule, Suite, between, is_missing, num, text

FRAMES: dict[str, Frame] = {
    frame.name: frame
    for frame in (
        Frame("reports", f.REPORTS_SQL),
        Frame("mart_keys", f.mart_keys_sql),
        Frame("unit_rows", f.UNIT_ROWS_SQL),
        Frame("coverage", f.COVERAGE_SQL),
        Frame("mart_values", f.MART_VALUES_SQL, prepare=f.prepare_mart_values),
        Frame("cell_reach", prepare=f.derive_cell_reach, derive_from="mart_values"),
        Frame("dossier_rows", f.DOSSIER_ROWS_SQL),
        Frame("online_rows", f.ONLINE_ROWS_SQL),
        Frame("totals", f.TOTALS_SQL, prepare=f.prepare_totals),
        Frame("ratios", f.RATIOS_SQL, prepare=f.prepare_ratios),
        Frame("percentages", f.PERCENTAGES_SQL),
        Frame("changes", f.CHANGES_SQL, prepare=f.prepare_changes),
        Frame(
            "indicator_components",
            f.indicator_components_sql,
            prepare=f.prepare_indicator_components,
        ),
    )
}

# Rounding: a printed rate or change may be off by half a unit of its last printed decimal.
# Rates may also be truncated (002 III 3.1 prints 99,80 for 162925/163242 = 99.8058), so a
# rate may sit up to one unit below the exact value. A hair of slack absorbs float error.
_SLACK = 1e-6
HALF_UNIT = 0.5 + _SLACK
TRUNCATED_UNIT = -1.0


def _row_name(row: Row) -> str:
    label = row.get("row_label")
    return "row" if is_missing(label) else f"'{label}'"


# ------------------------------------------------------------- errors and quarantine

REPORT_HAS_PROVINCE_AND_PERIOD = Rule(
    rule_id="report_has_province_and_period",
    severity="quarantine",
    reason="every parsed document must be a report in dim_report with a province and a period, "
    "or its rows cannot be placed on any axis of the marts",
    expectation=gxe.ExpectColumnValuesToBeNull,
    kwargs={"column": "missing_metadata"},
    counts_nulls=True,
    issue=IssueMap(
        message=lambda r: f"report {text(r['file_name'])}: {text(r['missing_metadata'])}",
    ),
)

MART_KEY_UNIQUE = Rule(
    rule_id="mart_key_unique",
    severity="error",
    reason="a duplicated key double-counts in every aggregate; checked again after dbt so a "
    "duplicate written after the build cannot reach the published snapshot",
    expectation=gxe.ExpectCompoundColumnsToBeUnique,
    kwargs={"column_list": ["mart", "key_value"]},
    dedupe_on=("mart", "key_value"),
    issue=IssueMap(
        actual="occurrences",
        message=lambda r: (
            f"marts.{r['mart']}.{r['key_column']} = {text(r['key_value'])} "
            f"appears {num(r['occurrences'])} times"
        ),
    ),
)

UNIT_ROW_MATCHED_ONCE = Rule(
    rule_id="unit_row_matched_once",
    severity="quarantine",
    reason="a unit row must match exactly one unit; unmatched or ambiguous rows never reach the "
    "marts, so their values are missing from every unit's figures",
    expectation=gxe.ExpectColumnValuesToBeInSet,
    kwargs={"column": "match_status", "value_set": ["matched"]},
    issue=IssueMap(
        message=lambda r: (
            f"unit row '{text(r['unit_name_as_printed'])}' ({text(r['province'])}): "
            f"{text(r['match_status'])}"
            + (
                f"; best fuzzy candidate {r['fuzzy_best_unit_id']}"
                if isinstance(r.get("fuzzy_best_unit_id"), str)
                else ""
            )
            + " — add an alias to seeds/unit_aliases.csv or a unit to seeds/units.csv"
        ),
    ),
)

RAW_CELLS_COUNTED = Rule(
    rule_id="raw_cells_counted_in_coverage",
    severity="error",
    reason="every raw table cell must be counted in table_coverage; a cell missing there was "
    "dropped between raw and the intermediate models without any reason recorded",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("cells_not_counted", 0, 0),
    issue=IssueMap(
        expected="raw_cell_count",
        actual="coverage_cell_count",
        difference="cells_not_counted",
        message=lambda r: (
            f"table '{text(r['caption'])}': {num(r['raw_cell_count'])} cells in raw.table_cells, "
            f"{num(r['coverage_cell_count'])} counted in marts.table_coverage"
        ),
    ),
)

CELLS_ACCOUNTED_FOR = Rule(
    rule_id="cells_accounted_for",
    severity="quarantine",
    reason="a cell that reaches no mart (unrecognised table, unmapped column, unmatched unit or "
    "indicator) is data the warehouse silently lacks",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("cells_unaccounted", 0, 0),
    issue=IssueMap(
        expected=None,
        actual="cells_unaccounted",
        message=lambda r: (
            f"table '{text(r['caption'])}' ({text(r['table_kind'])}): "
            f"{num(r['cells_unaccounted'])} cells reach no mart: {text(r['unaccounted_reasons'])}"
        ),
    ),
)

CELL_REACHES_MART = Rule(
    rule_id="cell_reaches_mart",
    severity="error",
    reason="a cell whose destination is a mart must be in that mart; otherwise a join or filter "
    "lost it while table_coverage still counts it as delivered",
    expectation=gxe.ExpectColumnValuesToBeInSet,
    kwargs={"column": "reach_status", "value_set": ["in_mart"]},
    issue=IssueMap(
        measure="measure",
        message=lambda r: (
            f"cell '{text(r['text_as_printed'])}' ({text(r['measure'])}) is bound for "
            f"marts.{text(r['destination'])} but no row there holds it"
        ),
    ),
)

MART_VALUE_MATCHES_PRINT = Rule(
    rule_id="mart_value_matches_print",
    severity="error",
    reason="a mart value must equal its cell's text as printed, re-read with "
    "ingest.literals.parse_literal; anything else is a parsing, pivoting or casting defect",
    expectation=gxe.ExpectColumnValuesToBeInSet,
    kwargs={"column": "value_check", "value_set": ["match"]},
    issue=IssueMap(
        measure="measure",
        expected="expected_value",
        actual="mart_number",
        difference="difference",
        message=lambda r: (
            f"marts.{text(r['destination'])} holds "
            + (
                f"'{text(r['mart_text'])}'"
                if r["part"] == "text"
                else f"{num(r['mart_number'])} ({r['part']})"
            )
            + f" for a cell printed '{text(r['text_as_printed'])}'"
        ),
    ),
)

# --------------------------------------------------------------------------- warnings


def _components_rule(
    rule_id: str, total: str, parts: tuple[str, ...], difference: str, components: str, what: str
) -> Rule:
    def message(r: Row) -> str:
        terms = " + ".join(f"{p} {num(r[p])}" for p in parts)
        return (
            f"{_row_name(r)}: {total} {num(r[total])} ≠ {terms} = {num(r[components])} "
            f"(printed {'totals row' if r['row_kind'] == 'total' else 'row'}; kept as printed)"
        )

    return Rule(
        rule_id=rule_id,
        severity="warning",
        reason=what,
        expectation=gxe.ExpectColumnValuesToBeBetween,
        kwargs=between(difference, 0, 0),
        issue=IssueMap(
            measure_value=total,
            expected=components,
            actual=total,
            difference=difference,
            message=message,
        ),
    )


RECEIVED_COMPONENTS = _components_rule(
    "received_components_sum",
    "received_total",
    ("received_online", "received_offline", "carried_over"),
    "received_difference",
    "received_components",
    "dossiers received = online + in person/postal + carried over from the previous period",
)
RESOLVED_COMPONENTS = _components_rule(
    "resolved_components_sum",
    "resolved_total",
    ("resolved_early", "resolved_on_time", "resolved_late"),
    "resolved_difference",
    "resolved_components",
    "dossiers resolved = early + on time + late",
)
PENDING_COMPONENTS = _components_rule(
    "pending_components_sum",
    "pending_total",
    ("pending_within_deadline", "pending_overdue"),
    "pending_difference",
    "pending_components",
    "dossiers pending = within the deadline + overdue",
)
RECEIVED_BALANCE = _components_rule(
    "received_equals_resolved_plus_pending",
    "received_total",
    ("resolved_total", "pending_total"),
    "balance_difference",
    "outcome_components",
    "every dossier received is either resolved or still pending",
)
ONLINE_TOTAL_COMPONENTS = _components_rule(
    "online_total_components_sum",
    "fp_total",
    ("fp_processed_online", "fp_processed_in_person"),
    "total_difference",
    "total_components",
    "full-process online dossiers: column (3) = (1) + (2), processed online + in person",
)

INDICATOR_COMPONENTS_SUM = Rule(
    rule_id="indicator_components_sum",
    severity="warning",
    reason="an indicator printed as a total must equal its printed breakdown (e.g. 002 VI 2.4 "
    "= 2.4.1 + 2.4.2 + 2.4.3), per reference.indicator_components",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("difference_in_last_digits", -HALF_UNIT, HALF_UNIT),
    issue=IssueMap(
        measure="measure",
        expected="components_sum",
        actual="printed_total",
        difference="difference",
        message=lambda r: (
            f"{_row_name(r)}: printed {text(r['total_as_printed'])} ≠ "
            f"{text(r['components_as_printed'])} = {num(r['components_sum'])}"
        ),
    ),
)

TOTALS_ROW_MATCHES_UNIT_ROWS = Rule(
    rule_id="totals_row_matches_unit_rows",
    severity="warning",
    reason="a printed totals row (Tổng, Cộng) must equal the sum of the unit rows above it, "
    "measure by measure",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("difference_in_last_digits", -HALF_UNIT, HALF_UNIT),
    issue=IssueMap(
        measure="measure",
        expected="unit_rows_sum",
        actual="printed_total",
        difference="difference",
        message=lambda r: (
            f"totals row '{text(r['row_label'])}' prints {text(r['measure'])} "
            f"{text(r['total_as_printed'])}, its {num(r['unit_rows_counted'])} unit rows sum to "
            f"{num(r['unit_rows_sum'])} (difference {num(r['difference'])})"
        ),
    ),
)

PRINTED_RATE_MATCHES_COMPONENTS = Rule(
    rule_id="printed_rate_matches_components",
    severity="warning",
    reason="a printed rate must equal numerator / denominator x 100 up to rounding (half a unit "
    "of its last printed decimal) or truncation",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("rate_deviation_in_last_digits", TRUNCATED_UNIT, HALF_UNIT, strict_min=True),
    issue=IssueMap(
        measure="measure",
        expected="expected_rate",
        actual="printed_rate",
        difference="rate_difference",
        message=lambda r: (
            f"{_row_name(r)}: printed rate {text(r['rate_as_printed'])} ≠ {r['formula']} = "
            f"{num(r['numerator'])} / {num(r['denominator'])} x 100 = "
            f"{num(round(r['expected_rate'], 4))}"
        ),
    ),
)

FRACTION_WITHIN_DENOMINATOR = Rule(
    rule_id="fraction_numerator_within_denominator",
    severity="warning",
    reason="a part cannot exceed its whole: a printed fraction a/b, or a rate's numerator "
    "against its denominator, needs a <= b",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("numerator_excess", None, 0),
    issue=IssueMap(
        measure="measure",
        expected="denominator",
        actual="numerator",
        difference="numerator_excess",
        message=lambda r: (
            f"{_row_name(r)}: numerator {num(r['numerator'])} exceeds denominator "
            f"{num(r['denominator'])} ({r['ratio_source']})"
        ),
    ),
)

PERCENTAGE_WITHIN_RANGE = Rule(
    rule_id="percentage_within_0_100",
    severity="warning",
    reason="a share printed as a percentage lies between 0 and 100",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("percentage", 0, 100),
    issue=IssueMap(
        measure="measure",
        actual="percentage",
        message=lambda r: f"{_row_name(r)}: percentage {text(r['text_as_printed'])} outside 0–100",
    ),
)


def _change_message(r: Row) -> str:
    what = "sign of the printed change" if r["mismatch"] == "sign" else "printed change"
    return (
        f"{_row_name(r)}: {what} {text(r['change_as_printed'])} disagrees with "
        f"{text(r['compared_measure'])} {text(r['earlier_as_printed'])} → "
        f"{text(r['later_as_printed'])} (difference {num(round(r['expected_change'], 6))})"
    )


CHANGE_MATCHES_SNAPSHOTS = Rule(
    rule_id="change_matches_snapshots",
    severity="warning",
    reason="a printed change (Tăng/Giảm, +/-) must equal the later snapshot minus the earlier "
    "one, in value and sign, up to half a unit of the finest printed decimal",
    expectation=gxe.ExpectColumnValuesToBeBetween,
    kwargs=between("difference_in_last_digits", -HALF_UNIT, HALF_UNIT),
    issue=IssueMap(
        measure="compared_measure",
        expected="expected_change",
        actual="printed_change",
        difference="difference",
        message=_change_message,
    ),
)

# --------------------------------------------------------------------------- suites

SUITES: tuple[Suite, ...] = (
    Suite("reports", "reports", "Reports: province and period", (REPORT_HAS_PROVINCE_AND_PERIOD,)),
    Suite("mart_keys", "mart_keys", "Mart keys, re-checked before publishing", (MART_KEY_UNIQUE,)),
    Suite("unit_matching", "unit_rows", "Unit rows matched to units", (UNIT_ROW_MATCHED_ONCE,)),
    Suite(
        "coverage",
        "coverage",
        "Every raw cell counted and accounted for (table_coverage)",
        (RAW_CELLS_COUNTED, CELLS_ACCOUNTED_FOR),
    ),
    Suite("cell_lineage", "cell_reach", "Cells bound for a mart are in it", (CELL_REACHES_MART,)),
    Suite(
        "mart_values",
        "mart_values",
        "Mart values equal their cells as printed",
        (MART_VALUE_MATCHES_PRINT,),
    ),
    Suite(
        "dossier_processing",
        "dossier_rows",
        "Dossier processing rows (fct_dossier_processing and totals rows): components add up",
        (RECEIVED_COMPONENTS, RESOLVED_COMPONENTS, PENDING_COMPONENTS, RECEIVED_BALANCE),
    ),
    Suite(
        "online_processing",
        "online_rows",
        "Full-process online dossiers (fct_online_processing and totals rows)",
        (ONLINE_TOTAL_COMPONENTS,),
    ),
    Suite(
        "indicator_components",
        "indicator_components",
        "Indicator totals against their printed breakdown (reference.indicator_components)",
        (INDICATOR_COMPONENTS_SUM,),
    ),
    Suite(
        "totals_rows",
        "totals",
        "Printed totals rows against their unit rows",
        (TOTALS_ROW_MATCHES_UNIT_ROWS,),
    ),
    Suite(
        "rates",
        "ratios",
        "Printed rates and fractions against their numerators and denominators",
        (PRINTED_RATE_MATCHES_COMPONENTS, FRACTION_WITHIN_DENOMINATOR),
    ),
    Suite("percentages", "percentages", "Percentages within 0–100", (PERCENTAGE_WITHIN_RANGE,)),
    Suite(
        "changes",
        "changes",
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


def build_changes_suite() -> gx.ExpectationSuite:
    return build_suite("changes")
