-- Grain: one row per component row of the service-quality index table (003 biểu I) x
-- snapshot date: the printed count and rate, the printed change, and for the total
-- (ĐIỂM TỔNG HỢP VÀ XẾP HẠNG) the points and rank read from 'Đạt 77,79 điểm; xếp hạng 10/63'.
with

cells as (
    select * from {{ ref('int_table_cells_measured') }}
    where destination = 'fct_service_index_score'
),

snapshots as (
    select
        table_row_id,
        header_date as snapshot_date,
        any_value(document_id) as report_id,
        any_value(table_id) as table_id,
        any_value(section_code) as section_code,
        any_value(row_code) as row_code,
        any_value(row_label) as component_as_printed,
        max(text_as_printed) filter (where measure = 'index_value') as value_as_printed,
        max(value_number) filter (where measure = 'index_value') as value_number,
        max(value_numerator) filter (where measure = 'index_value') as value_numerator,
        max(value_denominator) filter (where measure = 'index_value') as value_denominator,
        max(text_as_printed) filter (where measure = 'index_rate_pct') as rate_as_printed,
        max(value_number) filter (where measure = 'index_rate_pct') as rate_pct,
        min(source_line) as source_line
    from cells
    where measure in ('index_value', 'index_rate_pct')
    group by table_row_id, header_date
),

changes as (
    {{ printed_changes('cells') }}
)

select
    snapshots.table_row_id
    || ':'
    || strftime(snapshots.snapshot_date, '%Y-%m-%d') as service_index_score_id,
    snapshots.report_id,
    snapshots.table_id,
    snapshots.section_code,
    snapshots.row_code,
    snapshots.component_as_printed,
    snapshots.value_as_printed,
    snapshots.rate_as_printed,
    changes.text_as_printed as change_as_printed,
    snapshots.value_number,
    snapshots.value_numerator,
    snapshots.value_denominator,
    snapshots.rate_pct,
    changes.value_number as change_value,
    try_cast(
        replace(
            regexp_extract(snapshots.value_as_printed, 'Đạt\s+([\d.,]+)\s*điểm', 1), ',', '.'
        ) as double
    )
        as total_points,
    try_cast(regexp_extract(snapshots.value_as_printed, 'xếp hạng\s+(\d+)/(\d+)', 1) as integer)
        as rank,
    try_cast(regexp_extract(snapshots.value_as_printed, 'xếp hạng\s+(\d+)/(\d+)', 2) as integer)
        as ranked_among,
    snapshots.source_line,
    snapshots.snapshot_date,
    changes.change_base_date
from snapshots
left join changes
    on
        snapshots.table_row_id = changes.table_row_id
        and snapshots.snapshot_date > changes.change_base_date
