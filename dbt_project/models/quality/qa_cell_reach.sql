-- One row per cell bound for a mart: did any mart row take it?
-- (rule cell_reaches_mart: reach_status = 'in_mart')
with

reached as (
    select distinct cell_id from {{ ref('qa_mart_cells') }}
),

documents as (
    select * from {{ ref('stg_raw__documents') }}
)

select
    cells.cell_id as check_id,
    cells.cell_id,
    cells.document_id as report_id,
    cells.table_id,
    case when cells.is_unit_accepted then cells.unit_id end as unit_id,
    cells.indicator_id,
    documents.file_key as file_name,
    cells.source_line,
    cells.measure,
    cells.destination,
    cells.text_as_printed,
    case when reached.cell_id is null then 'missing' else 'in_mart' end as reach_status
from {{ qa_cells_bound_for_marts() }} as cells
left join reached on cells.cell_id = reached.cell_id
left join documents on cells.document_id = documents.document_id
