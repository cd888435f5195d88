-- One row per data or totals row of a full-process online table, its measures pivoted
-- (rule online_total_components_sum: total_difference = 0, column (3) = (1) + (2)).
with

online_rows as (
    select
        table_row_id,
        any_value(document_id) as report_id,
        any_value(table_id) as table_id,
        any_value(case when is_unit_accepted then unit_id end) as unit_id,
        any_value(row_label) as row_label,
        any_value(row_kind) as row_kind,
        min(source_line) as source_line,
        sum(value_number) filter (where measure = 'fp_processed_online') as fp_processed_online,
        sum(value_number) filter (where measure = 'fp_processed_in_person')
            as fp_processed_in_person,
        sum(value_number) filter (where measure = 'fp_total') as fp_total,
        sum(value_number) filter (where measure = 'fp_online_rate_pct') as fp_online_rate_pct
    from {{ ref('int_table_cells_measured') }}
    where table_kind = 'online_processing' and row_kind in ('data', 'total') and measure is not null
    group by table_row_id
),

documents as (
    select * from {{ ref('stg_raw__documents') }}
)

select
    online_rows.table_row_id as check_id,
    online_rows.*,
    online_rows.fp_processed_online + online_rows.fp_processed_in_person as total_components,
    online_rows.fp_total
    - (online_rows.fp_processed_online + online_rows.fp_processed_in_person) as total_difference,
    documents.file_key as file_name
from online_rows
left join documents on online_rows.report_id = documents.document_id
