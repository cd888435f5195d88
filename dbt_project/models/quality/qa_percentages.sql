-- One row per number printed as a percentage: rate columns (*_pct) and indicators of type
-- rate_pct (rule percentage_within_0_100: between 0 and 100).
select
    cells.cell_id as check_id,
    cells.document_id as report_id,
    cells.table_id,
    case when cells.is_unit_accepted then cells.unit_id end as unit_id,
    cells.indicator_id,
    cells.measure,
    cells.row_label,
    cells.text_as_printed,
    cells.value_number as percentage,
    cells.source_line,
    documents.file_key as file_name
from {{ ref('int_table_cells_measured') }} as cells
left join {{ ref('dim_indicator') }} as indicators on cells.indicator_id = indicators.indicator_id
left join {{ ref('stg_raw__documents') }} as documents on cells.document_id = documents.document_id
where
    cells.value_kind in ('integer', 'decimal', 'percent')
    and cells.value_number is not null
    and (
        cells.measure like '%\_pct' escape '\'
        or (cells.measure = 'indicator_value' and indicators.value_type = 'rate_pct')
    )
