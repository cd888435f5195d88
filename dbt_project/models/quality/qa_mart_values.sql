{#- One row per (cell bound for a mart, part of it a mart column holds): the mart's value
    against the raw cell's, by cell id (rule mart_value_matches_print: value_check = 'match'),
    and how ingest read a print that is not the locale's (rule value_read_from_irregular_print:
    value_issue is null).
    The mart values and their cells come from qa_mart_cells; the expected value is what
    ingest stored for the cell in raw.table_cells, so the rule catches pivoting, joining and
    casting defects between raw and the marts. A cell no mart row took has one row, not
    evaluated here (qa_cell_reach reports it).
    Memory: the check is computed on ids, values and the printed text only; the cell's
    context (report, unit, file, ...) is joined last, so a reader of the failing rows joins
    it to those rows only, and a reader of check_id and value_check not at all. -#}
with

checked as (
    select
        cells.cell_id,
        cells.text_as_printed,
        mart_cells.part,
        mart_cells.mart_number,
        mart_cells.mart_text,
        mart_cells.cell_id is not null as in_mart,
        -- what ingest stored for that cell: raw.table_cells by its id (table, row, column)
        case mart_cells.part
            when 'value' then raw_cells.value_number
            when 'numerator' then raw_cells.value_numerator
            when 'denominator' then raw_cells.value_denominator
        end as expected_value,
        -- how ingest read a print that is not the locale's (`16 348`, `1,359` among counts):
        -- the value is the only reading the text and its column allow, flagged to be checked
        case
            when mart_cells.part != 'text' and mart_cells.mart_number is not null
                then raw_cells.value_issue
        end as value_issue,
        -- a cell no mart row took has one row, numbered 1
        coalesce(mart_cells.copy_number, 1) as copy_number
    from {{ qa_cells_bound_for_marts() }} as cells
    left join {{ ref('qa_mart_cells') }} as mart_cells on cells.cell_id = mart_cells.cell_id
    left join {{ ref('stg_raw__table_cells') }} as raw_cells
        on
            cells.table_id = raw_cells.table_id
            and cells.row_index = raw_cells.row_index
            and cells.column_index = raw_cells.column_index
),

compared as (
    select
        *,
        mart_number - expected_value as difference,
        case
            when not in_mart then null
            when part = 'text'
                then
                    case
                        when coalesce(mart_text = text_as_printed, false) then 'match'
                        else 'differs'
                    end
            when expected_value is null and mart_number is null then 'match'
            when abs(mart_number - expected_value) <= 1e-9 * greatest(1.0, abs(expected_value))
                then 'match'
            else 'differs'
        end as value_check
    from checked
),

documents as (
    select * from {{ ref('stg_raw__documents') }}
)

select
    compared.cell_id || '|' || coalesce(compared.part, '-') || '|' || compared.copy_number
        as check_id,
    compared.cell_id,
    cells.document_id as report_id,
    cells.table_id,
    case when cells.is_unit_accepted then cells.unit_id end as unit_id,
    cells.indicator_id,
    cells.measure,
    cells.destination,
    compared.text_as_printed,
    cells.value_kind,
    cells.source_line,
    compared.part,
    compared.mart_number,
    compared.mart_text,
    compared.in_mart,
    compared.expected_value,
    compared.difference,
    compared.value_check,
    compared.value_issue,
    documents.file_key as file_name
from compared
left join {{ qa_cells_bound_for_marts() }} as cells on compared.cell_id = cells.cell_id
left join documents on cells.document_id = documents.document_id
