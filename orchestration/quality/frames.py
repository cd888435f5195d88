"""The frames the suites validate: one SQL query each over the warehouse, plus the Python
the check needs (re-parsing printed text with ingest.literals, counting printed decimals).

Every frame has the context columns (rules.CONTEXT_COLUMNS) and one `check_id` per row,
unique within the frame, which GX returns for the rows that fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from ingest.literals import parse_literal
from orchestration.domain import dossier_measures, unit_table_kinds

from .rules import CONTEXT_COLUMNS, is_missing

# Shared with the dbt models (dbt_project.yml vars): the table kinds whose data rows name an
# organisational unit, and the dossier measures.
UNIT_TABLE_KINDS = unit_table_kinds()
DOSSIER_MEASURES = dossier_measures()

# The key of every mart table. Duplicates are checked again after dbt (see data-rules.md).
MART_KEYS: dict[str, str] = {
    "dim_report": "report_id",
    "dim_unit": "unit_id",
    "dim_indicator": "indicator_id",
    "dim_period": "period_id",
    "fct_dossier_processing": "dossier_processing_id",
    "fct_online_processing": "online_processing_id",
    "fct_indicator_value": "indicator_value_id",
    "fct_unit_service_rate": "unit_service_rate_id",
    "fct_overdue_dossiers": "overdue_dossiers_id",
    "fct_e_certification": "e_certification_id",
    "fct_target_assessment": "target_assessment_id",
    "fct_policy_document": "policy_document_id",
    "fct_service_index_score": "service_index_score_id",
    "table_coverage": "table_id",
}

NUMERIC_KINDS = "('integer', 'decimal', 'percent')"
_FLOAT_EPSILON = 1e-9

# --------------------------------------------------------------------------- helpers

_NUMBER_TOKEN = re.compile(r"\d[\d.]*(?:,(\d+))?")
_POINT_DECIMAL = re.compile(r"^\d+\.(\d{1,2})$")


def printed_decimals(printed: object) -> int:
    """Decimals of the last number in a printed text: `99,80` → 2, `1.764/1.764` → 0,
    `Tăng 0,8 điểm` → 1, `99.5` (a point for a comma, read as 99.5 by ingest) → 1."""
    if is_missing(printed):
        return 0
    s = str(printed).strip()
    if m := _POINT_DECIMAL.match(s):
        return len(m.group(1))
    tokens = _NUMBER_TOKEN.findall(s)
    return len(tokens[-1]) if tokens else 0


def last_digit_unit(printed: object) -> float:
    """One unit of the last printed decimal: `97,1` → 0.1, `100` → 1."""
    return 10.0 ** -printed_decimals(printed)


def _ensure_context(df: pd.DataFrame) -> pd.DataFrame:
    for column in CONTEXT_COLUMNS:
        if column not in df.columns:
            df[column] = None
    return df


def _as_float(df: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        df[column] = pd.to_numeric(df[column], errors="coerce").astype("float64")
    return df


def _documents_join(alias: str, key: str = "report_id") -> str:
    return f"left join raw.documents as docs on {alias}.{key} = docs.document_id"


# --------------------------------------------------------------------------- errors

REPORTS_SQL = """
select
    docs.document_id as check_id,
    docs.document_id as report_id,
    docs.file_key as file_name,
    case
        when reports.report_id is null then 'not in marts.dim_report'
        when reports.no_province and reports.no_period then 'no province and no period'
        when reports.no_province then 'no province'
        when reports.no_period then 'no period'
    end as missing_metadata
from raw.documents as docs
-- one row per report even if dim_report holds a key twice (mart_key_unique reports that);
-- a report lacks a province if any of its rows does
left join (
    select
        report_id,
        bool_or(province is null) as no_province,
        bool_or(period_start is null or period_end is null) as no_period
    from marts.dim_report
    group by report_id
) as reports on docs.document_id = reports.report_id
where docs.status = 'parsed'
"""


def mart_keys_sql(con: duckdb.DuckDBPyConnection) -> str:
    """Every mart's key with whatever context the mart carries (columns differ per mart)."""
    rows = con.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'marts'"
    ).fetchall()
    columns: dict[str, set[str]] = {}
    for table, column in rows:
        columns.setdefault(table, set()).add(column)
    parts = []
    for mart, key in MART_KEYS.items():
        have = columns.get(mart)
        if have is None:
            continue  # a missing mart fails the run's own reads, not this rule

        def col(name: str, cast: str, have: set[str] = have) -> str:
            return f"{name}::{cast}" if name in have else f"null::{cast}"

        parts.append(
            f"""
            select
                '{mart}' as mart,
                '{key}' as key_column,
                {key}::varchar as key_value,
                {col("report_id", "varchar")} as report_id,
                {col("table_id", "varchar")} as table_id,
                {col("unit_id", "varchar")} as unit_id,
                {col("indicator_id", "varchar")} as indicator_id,
                {col("source_line", "integer")} as source_line
            from marts.{mart}"""
        )
    body = "\nunion all\n".join(parts)
    return f"""
    with keys as ({body})
    select
        keys.mart || ':' || coalesce(keys.key_value, '∅') || ':'
            || row_number() over (partition by keys.mart, keys.key_value) as check_id,
        keys.*,
        docs.file_key as file_name
    from keys
    {_documents_join("keys")}
    """


UNIT_ROWS_SQL = f"""
with

unit_rows as (
    select * from intermediate.int_table_rows
    where table_kind in {UNIT_TABLE_KINDS!r} and row_kind = 'data'
    -- a breakdown row (Cấp huyện, Tháng 3, Lĩnh vực …) is not a unit
    and table_row_id not in (
        select table_row_id from intermediate.int_table_rows_matched_to_breakdowns
    )
),

matches as (
    select
        table_row_id,
        count(*) as match_rows,
        count(distinct unit_id) as matched_units,
        bool_and(is_accepted) as is_accepted,
        min(unit_id) as unit_id,
        max(deterministic_candidates) as deterministic_candidates
    from intermediate.int_table_rows_matched_to_units
    group by table_row_id
),

review as (
    select
        table_row_id,
        min(review_reason) as review_reason,
        min(fuzzy_best_unit_id) as fuzzy_best_unit_id
    from intermediate.int_unit_match_review
    group by table_row_id
)

select
    unit_rows.table_row_id as check_id,
    unit_rows.document_id as report_id,
    unit_rows.table_id,
    matches.unit_id,
    unit_rows.row_label as unit_name_as_printed,
    unit_rows.source_line,
    unit_rows.province,
    review.fuzzy_best_unit_id,
    case
        when matches.table_row_id is null then 'not in int_table_rows_matched_to_units'
        when matches.match_rows > 1 or matches.matched_units > 1 then 'matched to several units'
        when review.table_row_id is not null then review.review_reason
        when not matches.is_accepted then 'match not accepted'
        else 'matched'
    end as match_status,
    docs.file_key as file_name
from unit_rows
left join matches on unit_rows.table_row_id = matches.table_row_id
left join review on unit_rows.table_row_id = review.table_row_id
left join raw.documents as docs on unit_rows.document_id = docs.document_id
"""

COVERAGE_SQL = """
with

raw_cells as (
    select table_id, count(*) as raw_cell_count
    from raw.table_cells
    group by table_id
)

select
    tables.table_id as check_id,
    tables.document_id as report_id,
    tables.table_id,
    tables.caption,
    tables.line_start as source_line,
    coverage.table_kind,
    coalesce(raw_cells.raw_cell_count, 0) as raw_cell_count,
    coverage.cell_count as coverage_cell_count,
    coalesce(raw_cells.raw_cell_count, 0) - coalesce(coverage.cell_count, 0) as cells_not_counted,
    coverage.cells_unaccounted,
    coverage.unaccounted_reasons,
    docs.file_key as file_name
from raw.tables as tables
inner join raw.documents as docs
    on tables.document_id = docs.document_id and docs.status = 'parsed'
left join raw_cells on tables.table_id = raw_cells.table_id
left join marts.table_coverage as coverage on tables.table_id = coverage.table_id
"""


@dataclass(frozen=True)
class MartColumn:
    """Where a mart keeps a cell: its row (as the cell's table_row_id), its measure, the
    snapshot date of the cell's column, and which part of the literal the column holds."""

    mart: str
    row_key: str
    measure: str  # SQL expression
    part: str  # value | numerator | denominator | text
    column: str
    header_date: str = "null"
    where: str = "true"


_CELL_ID_ROW = r"regexp_replace({id}, ':[0-9]+$', '')"
_SNAPSHOT_ID_ROW = r"regexp_replace({id}, ':[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$', '')"


def _mart_columns() -> list[MartColumn]:
    cols: list[MartColumn] = [
        MartColumn("fct_dossier_processing", "dossier_processing_id", f"'{m}'", "value", m)
        for m in DOSSIER_MEASURES
    ]
    online = "online_processing_id"
    cols += [
        MartColumn("fct_online_processing", online, "'fp_processed_online'", "value", "processed_online"),
        MartColumn("fct_online_processing", online, "'fp_processed_in_person'", "value", "processed_in_person"),
        MartColumn("fct_online_processing", online, "'fp_total'", "value", "total_dossiers"),
        MartColumn("fct_online_processing", online, "'fp_online_rate_pct'", "value", "online_rate_pct_as_printed"),
    ]  # fmt: skip
    ind = "indicator_value_id"
    cols += [
        MartColumn("fct_indicator_value", ind, "'indicator_value'", "value", "value_number"),
        MartColumn("fct_indicator_value", ind, "'indicator_value'", "text", "value_as_printed"),
        MartColumn("fct_indicator_value", ind, "'indicator_unit_of_measure'", "text", "unit_of_measure"),
        MartColumn("fct_indicator_value", ind, "'note'", "text", "note"),
    ]  # fmt: skip
    rate_row = _CELL_ID_ROW.format(id="unit_service_rate_id")
    rate_measure = "rate_type || '_rate_pct'"
    change = "change_base_date is not null"
    cols += [
        MartColumn("fct_unit_service_rate", rate_row, rate_measure, "value", "rate_pct", "snapshot_date"),
        MartColumn("fct_unit_service_rate", rate_row, rate_measure, "text", "rate_as_printed", "snapshot_date"),
        MartColumn("fct_unit_service_rate", rate_row, "'change_as_printed'", "value", "change_pct_points", "change_base_date", change),
        MartColumn("fct_unit_service_rate", rate_row, "'change_as_printed'", "text", "change_as_printed", "change_base_date", change),
    ]  # fmt: skip
    od_row = _CELL_ID_ROW.format(id="overdue_dossiers_id")
    cols += [
        MartColumn("fct_overdue_dossiers", od_row, "'overdue_dossiers'", "value", "overdue_dossiers", "snapshot_date"),
        MartColumn("fct_overdue_dossiers", od_row, "'overdue_dossiers'", "text", "overdue_as_printed", "snapshot_date"),
        MartColumn("fct_overdue_dossiers", od_row, "'change_as_printed'", "value", "change_dossiers", "change_base_date", change),
        MartColumn("fct_overdue_dossiers", od_row, "'change_as_printed'", "text", "change_as_printed", "change_base_date", change),
    ]  # fmt: skip
    ec_row = _SNAPSHOT_ID_ROW.format(id="e_certification_id")
    cols += [
        MartColumn("fct_e_certification", ec_row, "'ecert_communes_deployed'", "numerator", "communes_deployed", "snapshot_date"),
        MartColumn("fct_e_certification", ec_row, "'ecert_communes_deployed'", "denominator", "communes_total", "snapshot_date"),
        MartColumn("fct_e_certification", ec_row, "'ecert_communes_deployed'", "text", "deployed_as_printed", "snapshot_date"),
        MartColumn("fct_e_certification", ec_row, "'ecert_completed'", "value", "copies_completed", "snapshot_date"),
        MartColumn("fct_e_certification", ec_row, "'ecert_completed'", "text", "completed_as_printed", "snapshot_date"),
        MartColumn("fct_e_certification", ec_row, "'change_as_printed'", "value", "change_copies", "change_base_date", change),
        MartColumn("fct_e_certification", ec_row, "'change_as_printed'", "text", "change_as_printed", "change_base_date", change),
    ]  # fmt: skip
    si_row = _SNAPSHOT_ID_ROW.format(id="service_index_score_id")
    cols += [
        MartColumn("fct_service_index_score", si_row, "'index_value'", "value", "value_number", "snapshot_date"),
        MartColumn("fct_service_index_score", si_row, "'index_value'", "numerator", "value_numerator", "snapshot_date"),
        MartColumn("fct_service_index_score", si_row, "'index_value'", "denominator", "value_denominator", "snapshot_date"),
        MartColumn("fct_service_index_score", si_row, "'index_value'", "text", "value_as_printed", "snapshot_date"),
        MartColumn("fct_service_index_score", si_row, "'index_rate_pct'", "value", "rate_pct", "snapshot_date"),
        MartColumn("fct_service_index_score", si_row, "'index_rate_pct'", "text", "rate_as_printed", "snapshot_date"),
        MartColumn("fct_service_index_score", si_row, "'change_as_printed'", "value", "change_value", "change_base_date", change),
        MartColumn("fct_service_index_score", si_row, "'change_as_printed'", "text", "change_as_printed", "change_base_date", change),
    ]  # fmt: skip
    cols += [
        MartColumn("fct_target_assessment", "target_assessment_id", "'target_result'", "text", "result_as_printed"),
        MartColumn("fct_target_assessment", "target_assessment_id", "'target_assessment'", "text", "assessment_as_printed"),
        MartColumn("fct_policy_document", "policy_document_id", "'document_text'", "text", "document_as_printed"),
    ]  # fmt: skip
    return cols


MART_COLUMNS = tuple(_mart_columns())


def _mart_cells_sql() -> str:
    selects = []
    for c in MART_COLUMNS:
        number = "null::double" if c.part == "text" else f"{c.column}::double"
        printed = f"{c.column}::varchar" if c.part == "text" else "null::varchar"
        selects.append(
            f"select '{c.mart}' as mart, {c.row_key} as table_row_id, {c.measure} as measure, "
            f"{c.header_date}::date as header_date, '{c.part}' as part, "
            f"{number} as mart_number, {printed} as mart_text "
            f"from marts.{c.mart} where {c.where}"
        )
    return "\nunion all\n".join(selects)


MART_VALUES_SQL = f"""
with

mart_cells as (
{_mart_cells_sql()}
),

cells as (
    select * from intermediate.int_table_cells_measured
    where destination like 'fct\\_%' escape '\\'
),

joined as (
    select
        cells.cell_id,
        cells.document_id as report_id,
        cells.table_id,
        case when cells.is_unit_accepted then cells.unit_id end as unit_id,
        cells.indicator_id,
        cells.measure,
        cells.destination,
        cells.text_as_printed,
        cells.value_kind,
        cells.source_line,
        mart_cells.part,
        mart_cells.mart_number,
        mart_cells.mart_text,
        mart_cells.table_row_id is not null as in_mart
    from cells
    left join mart_cells
        on
            cells.destination = mart_cells.mart
            and cells.table_row_id = mart_cells.table_row_id
            and cells.measure = mart_cells.measure
            and (mart_cells.header_date is null or cells.header_date = mart_cells.header_date)
)

select
    joined.cell_id || '|' || coalesce(joined.part, '-') || '|'
        || row_number() over (partition by joined.cell_id, joined.part order by joined.mart_number, joined.mart_text)
        as check_id,
    joined.*,
    docs.file_key as file_name
from joined
{_documents_join("joined")}
"""

_LITERAL_PARTS = {"value": "value", "numerator": "numerator", "denominator": "denominator"}


def prepare_mart_values(df: pd.DataFrame) -> pd.DataFrame:
    """Re-parse each cell's printed text and compare it with what the mart holds."""
    df = _ensure_context(_as_float(df, "mart_number"))
    # parse each distinct text once: the same literals recur across reports
    texts = df["text_as_printed"].dropna().unique()
    literals = {t: parse_literal(t) for t in texts}
    expected = pd.Series(np.nan, index=df.index, dtype="float64")
    for part, attribute in _LITERAL_PARTS.items():
        rows = df["part"] == part
        values = {t: getattr(lit, attribute) for t, lit in literals.items()}
        expected[rows] = pd.to_numeric(df.loc[rows, "text_as_printed"].map(values), errors="coerce")
    df["expected_value"] = expected
    df["difference"] = df["mart_number"] - df["expected_value"]

    numeric = df["part"].isin(list(_LITERAL_PARTS))
    both_missing = df["expected_value"].isna() & df["mart_number"].isna()
    tolerance = _FLOAT_EPSILON * np.maximum(1.0, df["expected_value"].abs())
    close = (df["difference"].abs() <= tolerance).fillna(False)
    same_text = (df["mart_text"].astype("object") == df["text_as_printed"].astype("object")).fillna(
        False
    )
    matches = np.where(numeric, both_missing | close, same_text)
    status = pd.Series(np.where(matches, "match", "differs"), index=df.index, dtype="object")
    # a cell no mart row took is not evaluated here: cell_reaches_mart reports it
    df["value_check"] = status.where(df["in_mart"].astype(bool), None)
    return df


def derive_cell_reach(values: pd.DataFrame) -> pd.DataFrame:
    """One row per cell bound for a mart: did any mart row take it?"""
    grouped = values.groupby("cell_id", sort=False, dropna=False)
    first = grouped.first()
    out = first[[c for c in CONTEXT_COLUMNS if c != "check_id"] + ["measure", "destination"]]
    out = out.assign(text_as_printed=first["text_as_printed"])
    out["reach_status"] = np.where(grouped["in_mart"].any(), "in_mart", "missing")
    out = out.reset_index()
    out["check_id"] = out["cell_id"]
    return out


# --------------------------------------------------------------------------- warnings


def _pivot(measures: tuple[str, ...]) -> str:
    return ",\n        ".join(
        f"sum(value_number) filter (where measure = '{m}') as {m}" for m in measures
    )


DOSSIER_ROWS_SQL = f"""
with

cells as (
    select * from intermediate.int_table_cells_measured
    where table_kind = 'dossier_processing' and row_kind in ('data', 'total') and measure is not null
),

rows as (
    select
        table_row_id,
        any_value(document_id) as report_id,
        any_value(table_id) as table_id,
        any_value(case when is_unit_accepted then unit_id end) as unit_id,
        any_value(row_label) as row_label,
        any_value(row_kind) as row_kind,
        min(source_line) as source_line,
        {_pivot(DOSSIER_MEASURES)}
    from cells
    group by table_row_id
)

select
    rows.table_row_id as check_id,
    rows.*,
    received_online + received_offline + carried_over as received_components,
    received_total - (received_online + received_offline + carried_over) as received_difference,
    resolved_early + resolved_on_time + resolved_late as resolved_components,
    resolved_total - (resolved_early + resolved_on_time + resolved_late) as resolved_difference,
    pending_within_deadline + pending_overdue as pending_components,
    pending_total - (pending_within_deadline + pending_overdue) as pending_difference,
    resolved_total + pending_total as outcome_components,
    received_total - (resolved_total + pending_total) as balance_difference,
    docs.file_key as file_name
from rows
{_documents_join("rows")}
"""

ONLINE_MEASURES = (
    "fp_processed_online",
    "fp_processed_in_person",
    "fp_total",
    "fp_online_rate_pct",
)

ONLINE_ROWS_SQL = f"""
with

rows as (
    select
        table_row_id,
        any_value(document_id) as report_id,
        any_value(table_id) as table_id,
        any_value(case when is_unit_accepted then unit_id end) as unit_id,
        any_value(row_label) as row_label,
        any_value(row_kind) as row_kind,
        min(source_line) as source_line,
        {_pivot(ONLINE_MEASURES)}
    from intermediate.int_table_cells_measured
    where table_kind = 'online_processing' and row_kind in ('data', 'total') and measure is not null
    group by table_row_id
)

select
    rows.table_row_id as check_id,
    rows.*,
    fp_processed_online + fp_processed_in_person as total_components,
    fp_total - (fp_processed_online + fp_processed_in_person) as total_difference,
    docs.file_key as file_name
from rows
{_documents_join("rows")}
"""

TOTALS_SQL = f"""
with

cells as (
    select * from intermediate.int_table_cells_measured
    where
        measure is not null
        and value_number is not null
        and value_kind in ('integer', 'decimal', 'change')
        and measure not like '%\\_pct' escape '\\'
        and row_kind in ('data', 'total')
),

totals as (
    select * from cells where row_kind = 'total'
),

bounds as (
    -- with several totals rows (subtotals), each sums the data rows since the previous one
    select
        table_id,
        row_index,
        lag(row_index, 1, -1) over (partition by table_id order by row_index) as previous_total,
        lead(row_index, 1, 2147483647) over (partition by table_id order by row_index) as next_total
    from (select distinct table_id, row_index from totals)
),

sums as (
    select
        totals.cell_id,
        sum(data.value_number) filter (where data.row_index < totals.row_index) as sum_above,
        count(data.cell_id) filter (where data.row_index < totals.row_index) as rows_above,
        sum(data.value_number) filter (where data.row_index > totals.row_index) as sum_below,
        count(data.cell_id) filter (where data.row_index > totals.row_index) as rows_below
    from totals
    inner join bounds on totals.table_id = bounds.table_id and totals.row_index = bounds.row_index
    left join cells as data
        on
            totals.table_id = data.table_id
            and data.row_kind = 'data'
            and totals.measure = data.measure
            and totals.header_date is not distinct from data.header_date
            and data.row_index > bounds.previous_total
            and data.row_index < bounds.next_total
    group by totals.cell_id
)

select
    totals.cell_id as check_id,
    totals.document_id as report_id,
    totals.table_id,
    totals.measure,
    totals.header_date,
    totals.row_label,
    totals.text_as_printed as total_as_printed,
    totals.value_number as printed_total,
    -- a totals row printed above its rows (TỔNG SỐ first) sums the rows below it
    case when sums.rows_above > 0 then sums.sum_above else sums.sum_below end as unit_rows_sum,
    case when sums.rows_above > 0 then sums.rows_above else sums.rows_below end as unit_rows_counted,
    totals.source_line,
    docs.file_key as file_name
from totals
inner join sums on totals.cell_id = sums.cell_id
{_documents_join("totals", "document_id")}
"""


def prepare_totals(df: pd.DataFrame) -> pd.DataFrame:
    df = _ensure_context(_as_float(df, "printed_total", "unit_rows_sum"))
    unit = df["total_as_printed"].map(last_digit_unit).astype("float64")
    counted = pd.to_numeric(df["unit_rows_counted"], errors="coerce").fillna(0) > 0
    df["difference"] = (df["printed_total"] - df["unit_rows_sum"]).where(counted)
    df["difference_in_last_digits"] = df["difference"] / unit
    return df


RATIOS_SQL = f"""
with

cells as (
    select * from intermediate.int_table_cells_measured
),

online as (
    select
        table_row_id as check_id,
        'online_processing_row' as ratio_source,
        any_value(document_id) as report_id,
        any_value(table_id) as table_id,
        any_value(case when is_unit_accepted then unit_id end) as unit_id,
        null::varchar as indicator_id,
        'fp_online_rate_pct' as measure,
        any_value(row_label) as row_label,
        sum(value_number) filter (where measure = 'fp_processed_online') as numerator,
        sum(value_number) filter (where measure = 'fp_total') as denominator,
        max(value_number) filter (where measure = 'fp_online_rate_pct' and value_kind in {NUMERIC_KINDS})
            as printed_rate,
        max(text_as_printed) filter (where measure = 'fp_online_rate_pct') as rate_as_printed,
        '(1) / (3) x 100' as formula,
        min(source_line) as source_line
    from cells
    where table_kind = 'online_processing' and row_kind in ('data', 'total')
    group by table_row_id
),

indicator_rates as (
    select
        rate.indicator_value_id as check_id,
        'indicator' as ratio_source,
        rate.report_id,
        rate.table_id,
        null::varchar as unit_id,
        rate.indicator_id,
        'indicator_value' as measure,
        rate.row_code || ' ' || rate.indicator_name_as_printed as row_label,
        numerator.value_number as numerator,
        denominator.value_number as denominator,
        rate.value_number as printed_rate,
        rate.value_as_printed as rate_as_printed,
        coalesce(numerator.row_code, indicator.numerator_indicator_id) || ' / '
            || coalesce(denominator.row_code, indicator.denominator_indicator_id) || ' x 100' as formula,
        rate.source_line
    from marts.fct_indicator_value as rate
    inner join marts.dim_indicator as indicator
        on rate.indicator_id = indicator.indicator_id and indicator.numerator_indicator_id is not null
    left join marts.fct_indicator_value as numerator
        on
            rate.table_id = numerator.table_id
            and indicator.numerator_indicator_id = numerator.indicator_id
            and numerator.value_kind in {NUMERIC_KINDS}
    left join marts.fct_indicator_value as denominator
        on
            rate.table_id = denominator.table_id
            and indicator.denominator_indicator_id = denominator.indicator_id
            and denominator.value_kind in {NUMERIC_KINDS}
    where rate.value_kind in {NUMERIC_KINDS}
    -- the components printed nearest the rate (a table could repeat an indicator)
    qualify row_number() over (
        partition by rate.indicator_value_id
        order by abs(numerator.source_line - rate.source_line), abs(denominator.source_line - rate.source_line)
    ) = 1
),

fractions as (
    select
        fraction.cell_id as check_id,
        'printed_fraction' as ratio_source,
        fraction.document_id as report_id,
        fraction.table_id,
        case when fraction.is_unit_accepted then fraction.unit_id end as unit_id,
        fraction.indicator_id,
        fraction.measure,
        fraction.row_label,
        fraction.value_numerator as numerator,
        fraction.value_denominator as denominator,
        rate.value_number as printed_rate,
        rate.text_as_printed as rate_as_printed,
        fraction.text_as_printed || ' x 100' as formula,
        fraction.source_line
    from cells as fraction
    left join cells as rate
        on
            fraction.table_row_id = rate.table_row_id
            and fraction.header_date is not distinct from rate.header_date
            and rate.measure like '%\\_pct' escape '\\'
            and rate.value_kind in {NUMERIC_KINDS}
    where fraction.value_kind = 'fraction'
    qualify row_number() over (partition by fraction.cell_id order by rate.column_index) = 1
),

ratios as (
    select * from online
    union all by name
    select * from indicator_rates
    union all by name
    select * from fractions
)

select
    ratios.*,
    docs.file_key as file_name
from ratios
{_documents_join("ratios")}
"""


def prepare_ratios(df: pd.DataFrame) -> pd.DataFrame:
    df = _ensure_context(_as_float(df, "numerator", "denominator", "printed_rate"))
    positive = df["denominator"] > 0
    df["expected_rate"] = (df["numerator"] / df["denominator"] * 100).where(positive)
    df["rate_difference"] = df["printed_rate"] - df["expected_rate"]
    unit = df["rate_as_printed"].map(last_digit_unit).astype("float64")
    # In units of the last printed decimal: rounding gives [-0.5, 0.5], truncation (-1, 0].
    df["rate_deviation_in_last_digits"] = df["rate_difference"] / unit
    df["numerator_excess"] = df["numerator"] - df["denominator"]
    return df


PERCENTAGES_SQL = f"""
select
    cells.cell_id as check_id,
    cells.document_id as report_id,
    cells.table_id,
    case when cells.is_unit_accepted then cells.unit_id end as unit_id,
    cells.indicator_id,
    cells.measure,
    cells.row_label,
    cells.text_as_printed,
    cells.value_number as percentage,
    cells.source_line,
    docs.file_key as file_name
from intermediate.int_table_cells_measured as cells
left join marts.dim_indicator as indicator on cells.indicator_id = indicator.indicator_id
{_documents_join("cells", "document_id")}
where
    cells.value_kind in {NUMERIC_KINDS}
    and cells.value_number is not null
    and (
        cells.measure like '%\\_pct' escape '\\'
        or (cells.measure = 'indicator_value' and indicator.value_type = 'rate_pct')
    )
"""

CHANGES_SQL = f"""
with

cells as (
    select * from intermediate.int_table_cells_measured
),

changes as (
    select * from cells where measure = 'change_as_printed' and value_number is not null
),

snapshots as (
    select
        table_row_id,
        measure,
        header_date,
        value_number as snapshot_value,
        text_as_printed as snapshot_as_printed
    from cells
    where
        measure != 'change_as_printed'
        and header_date is not null
        and value_number is not null
        and value_kind in ('integer', 'decimal', 'percent', 'fraction')
    union all
    -- the total score is printed inside text ('Đạt 77,79 điểm; xếp hạng 10/63'); the mart reads it
    select
        {_SNAPSHOT_ID_ROW.format(id="service_index_score_id")},
        'total_points',
        snapshot_date,
        total_points,
        regexp_extract(value_as_printed, 'Đạt\\s+([\\d.,]+)\\s*điểm', 1)
    from marts.fct_service_index_score
    where total_points is not null
),

pairs as (
    select
        changes.cell_id,
        earlier.measure as compared_measure,
        earlier.snapshot_value as earlier_value,
        earlier.snapshot_as_printed as earlier_as_printed,
        later.snapshot_value as later_value,
        later.snapshot_as_printed as later_as_printed,
        earlier.header_date as earlier_date,
        later.header_date as later_date
    from changes
    inner join snapshots as earlier
        on changes.table_row_id = earlier.table_row_id and changes.header_date = earlier.header_date
    inner join snapshots as later
        on
            changes.table_row_id = later.table_row_id
            and earlier.measure = later.measure
            and later.header_date > changes.header_date
    qualify row_number() over (partition by changes.cell_id, earlier.measure order by later.header_date) = 1
)

select
    changes.cell_id as check_id,
    changes.document_id as report_id,
    changes.table_id,
    case when changes.is_unit_accepted then changes.unit_id end as unit_id,
    changes.indicator_id,
    changes.row_label,
    changes.row_kind,
    changes.text_as_printed as change_as_printed,
    changes.value_number as printed_change,
    changes.source_line,
    pairs.compared_measure,
    pairs.earlier_value,
    pairs.earlier_as_printed,
    pairs.later_value,
    pairs.later_as_printed,
    pairs.earlier_date,
    pairs.later_date,
    docs.file_key as file_name
from changes
left join pairs on changes.cell_id = pairs.cell_id
{_documents_join("changes", "document_id")}
"""


def prepare_changes(df: pd.DataFrame) -> pd.DataFrame:
    """One row per printed change: the snapshot pair it matches best (a row may print a
    count and a rate, and the change refers to one of them)."""
    df = _ensure_context(_as_float(df, "printed_change", "earlier_value", "later_value"))
    df["expected_change"] = df["later_value"] - df["earlier_value"]
    decimals = np.maximum.reduce(
        [
            df["change_as_printed"].map(printed_decimals).to_numpy(dtype="int64"),
            df["earlier_as_printed"].map(printed_decimals).to_numpy(dtype="int64"),
            df["later_as_printed"].map(printed_decimals).to_numpy(dtype="int64"),
        ]
    )
    df["difference"] = df["printed_change"] - df["expected_change"]
    df["difference_in_last_digits"] = df["difference"] / (10.0**-decimals)
    df["_distance"] = df["difference_in_last_digits"].abs().fillna(np.inf)
    best = df.sort_values(["check_id", "_distance"], kind="stable").drop_duplicates("check_id")
    best = best.drop(columns="_distance").reset_index(drop=True)
    opposite = (np.sign(best["printed_change"]) * np.sign(best["expected_change"])) < 0
    best["mismatch"] = np.where(opposite, "sign", "value")
    return best


INDICATOR_COMPONENTS_TABLE = "reference.indicator_components"

_INDICATOR_COMPONENTS_SQL = f"""
with

components as (
    select distinct total_indicator_id, component_indicator_id from {INDICATOR_COMPONENTS_TABLE}
),

indicator_values as (
    select * from marts.fct_indicator_value where value_kind in {NUMERIC_KINDS}
),

totals as (
    select
        indicator_values.*,
        (select count(*) from components where components.total_indicator_id = indicator_values.indicator_id)
            as components_defined
    from indicator_values
    where indicator_id in (select total_indicator_id from components)
),

component_values as (
    -- the component printed nearest its total (a table could repeat an indicator)
    select
        totals.indicator_value_id,
        components.component_indicator_id,
        part.value_number,
        coalesce(part.row_code || ' ', '') || part.value_as_printed as part_as_printed,
        part.source_line
    from totals
    inner join components on totals.indicator_id = components.total_indicator_id
    inner join indicator_values as part
        on totals.table_id = part.table_id and components.component_indicator_id = part.indicator_id
    qualify row_number() over (
        partition by totals.indicator_value_id, components.component_indicator_id
        order by abs(part.source_line - totals.source_line)
    ) = 1
),

sums as (
    select
        indicator_value_id,
        sum(value_number) as components_sum,
        count(*) as components_found,
        string_agg(part_as_printed, ' + ' order by source_line) as components_as_printed
    from component_values
    group by indicator_value_id
)

select
    totals.indicator_value_id as check_id,
    totals.report_id,
    totals.table_id,
    totals.indicator_id,
    'indicator_value' as measure,
    totals.row_code || ' ' || totals.indicator_name_as_printed as row_label,
    totals.value_as_printed as total_as_printed,
    totals.value_number as printed_total,
    sums.components_sum,
    sums.components_as_printed,
    sums.components_found,
    totals.components_defined,
    totals.source_line,
    docs.file_key as file_name
from totals
left join sums on totals.indicator_value_id = sums.indicator_value_id
{_documents_join("totals")}
"""

_NO_INDICATOR_COMPONENTS_SQL = """
select
    null::varchar as check_id, null::varchar as report_id, null::varchar as table_id,
    null::varchar as indicator_id, null::varchar as measure, null::varchar as row_label,
    null::varchar as total_as_printed, null::double as printed_total,
    null::double as components_sum, null::varchar as components_as_printed,
    null::bigint as components_found, null::bigint as components_defined,
    null::integer as source_line, null::varchar as file_name
where false
"""


def indicator_components_sql(con: duckdb.DuckDBPyConnection) -> str:
    """Indicator totals against their printed breakdown, driven by the reference table
    indicator_components (total_indicator_id, component_indicator_id) when it exists: which
    rows add up to which is reference data, like the rest of the indicator dictionary."""
    schema, table = INDICATOR_COMPONENTS_TABLE.split(".")
    exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchall()[0][0]
    return _INDICATOR_COMPONENTS_SQL if exists else _NO_INDICATOR_COMPONENTS_SQL


def prepare_indicator_components(df: pd.DataFrame) -> pd.DataFrame:
    df = _ensure_context(_as_float(df, "printed_total", "components_sum"))
    complete = pd.to_numeric(df["components_found"], errors="coerce") == pd.to_numeric(
        df["components_defined"], errors="coerce"
    )
    # only when every component is printed: a missing row is not a disagreement
    df["difference"] = (df["printed_total"] - df["components_sum"]).where(complete)
    unit = df["total_as_printed"].map(last_digit_unit).astype("float64")
    df["difference_in_last_digits"] = df["difference"] / unit
    return df
