-- One row per data or totals row of a full-process online table, its measures pivoted
-- (rule online_total_components_sum: total_difference = 0, column (3) = (1) + (2)).
with

online_rows as (
    {{ measure_rows('online_processing', online_measures()) }}
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
