-- One row per number an indicator of type count holds (rule count_is_whole: its fraction is
-- 0). A count cannot be 8.943: such a print is either a misprint or a count whose thousands a
-- comma groups in a column that does not tell (ingest/cell_values.py reads a comma as a
-- thousands separator only among whole counts of one column; an indicator table's value
-- column mixes counts and rates). Dossier counts with a fraction never reach a mart
-- (`count_not_integer` in report_review), so only the indicator values are checked here.
select
    cells.cell_id as check_id,
    cells.document_id as report_id,
    cells.table_id,
    cells.indicator_id,
    cells.measure,
    cells.row_label,
    cells.text_as_printed,
    cells.value_number as count_value,
    cells.value_number - trunc(cells.value_number) as fraction,
    cells.source_line,
    documents.file_key as file_name
from {{ ref('int_table_cells_measured') }} as cells
inner join {{ ref('dim_indicator') }} as indicators on cells.indicator_id = indicators.indicator_id
left join {{ ref('stg_raw__documents') }} as documents on cells.document_id = documents.document_id
where
    cells.measure = 'indicator_value'
    and indicators.value_type = 'count'
    and cells.value_kind in ('integer', 'decimal')
    and cells.value_number is not null
