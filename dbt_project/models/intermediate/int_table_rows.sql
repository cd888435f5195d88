-- One row per table row, with its code, label, kind and the table it belongs to.
with

cells as (
    select * from {{ ref('stg_raw__table_cells') }}
),

tables as (
    select * from {{ ref('int_tables_classified') }}
),

rows as (
    select
        table_row_id,
        table_id,
        document_id,
        row_index,
        any_value(row_code) as row_code,
        any_value(row_code_norm) as row_code_norm,
        any_value(row_label) as row_label,
        any_value(row_kind) as row_kind,
        any_value(section_code) as section_code,
        min(source_line) as source_line,
        count(*) as cell_count,
        count(*) filter (where column_index >= 2) as value_cell_count
    from cells
    group by table_row_id, table_id, document_id, row_index
)

select
    rows.*,
    tables.table_kind,
    tables.province,
    tables.period_start,
    tables.period_end
from rows
inner join tables on rows.table_id = tables.table_id
