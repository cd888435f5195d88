-- Grain: one row per report x unit x snapshot date: overdue dossiers (Số lượng hồ sơ quá hạn
-- ngày …) as printed, with the printed change on the later snapshot.
with

cells as (
    select * from {{ ref('int_table_cells_measured') }}
    where destination = 'fct_overdue_dossiers'
),

matches as (
    select * from {{ ref('int_table_rows_matched_to_units') }}
),

counts as (
    select * from cells
    where measure = 'overdue_dossiers'
),

changes as (
    {{ printed_changes('cells') }}
)

select
    counts.cell_id as overdue_dossiers_id,
    counts.document_id as report_id,
    counts.table_id,
    matches.unit_id,
    matches.unit_name_as_printed,
    matches.match_method as unit_match_method,
    counts.text_as_printed as overdue_as_printed,
    counts.value_number as overdue_dossiers,
    changes.text_as_printed as change_as_printed,
    changes.value_number as change_dossiers,
    counts.source_line,
    counts.header_date as snapshot_date,
    changes.change_base_date
from counts
inner join matches on counts.table_row_id = matches.table_row_id
left join changes
    on counts.table_row_id = changes.table_row_id and counts.header_date > changes.change_base_date
