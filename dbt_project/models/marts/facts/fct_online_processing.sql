-- Grain: one row per report x unit x data period x table of full-process online dossiers
-- (hồ sơ DVC trực tuyến toàn trình) processed online or in person (000 Phụ lục II).
with

cells as (
    select * from {{ ref('int_table_cells_measured') }}
    where destination = 'fct_online_processing'
),

matches as (
    select * from {{ ref('int_table_rows_matched_to_units') }}
),

pivoted as (
    select
        table_row_id,
        any_value(document_id) as report_id,
        any_value(table_id) as table_id,
        any_value(unit_id) as unit_id,
        any_value(period_start) as period_start,
        any_value(period_end) as period_end,
        {{ pivot_measure('fp_processed_online', 'processed_online') }},
        {{ pivot_measure('fp_processed_in_person', 'processed_in_person') }},
        {{ pivot_measure('fp_total', 'total_dossiers') }},
        {{ pivot_measure('fp_online_rate_pct', 'online_rate_pct_as_printed') }}
    from cells
    group by table_row_id
)

select
    pivoted.table_row_id as online_processing_id,
    pivoted.report_id,
    pivoted.unit_id,
    pivoted.table_id,
    matches.unit_name_as_printed,
    matches.match_method as unit_match_method,
    pivoted.processed_online,
    pivoted.processed_in_person,
    pivoted.total_dossiers,
    pivoted.online_rate_pct_as_printed,
    round(pivoted.processed_online * 100.0 / nullif(pivoted.total_dossiers, 0), 2)
        as online_rate_pct_derived,
    matches.source_line,
    pivoted.period_start,
    pivoted.period_end
from pivoted
inner join matches on pivoted.table_row_id = matches.table_row_id
