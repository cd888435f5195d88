-- One row per table of a parsed document: its cells in raw against table_coverage
-- (rules raw_cells_counted_in_coverage: cells_not_counted = 0;
-- cells_accounted_for: cells_unaccounted = 0).
with

raw_cells as (
    select
        table_id,
        count(*) as raw_cell_count
    from {{ ref('stg_raw__table_cells') }}
    group by table_id
),

documents as (
    select * from {{ ref('stg_raw__documents') }}
    where is_parsed
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
    documents.file_key as file_name
from {{ ref('stg_raw__tables') }} as tables
inner join documents on tables.document_id = documents.document_id
left join raw_cells on tables.table_id = raw_cells.table_id
left join {{ ref('table_coverage') }} as coverage on tables.table_id = coverage.table_id
