-- Grain: one row per indicator row of a standard indicator table (Chỉ tiêu thống kê) that
-- matched a conformed indicator: the value as printed, typed, with its printed unit and note.
-- A row no indicator matches stays out (its cells go to report_review as
-- `indicator_not_matched`), as a unit row no unit matches stays out of the unit facts.
with

cells as (
    select * from {{ ref('int_table_cells_measured') }}
    where table_kind = 'indicator'
),

matched as (
    select * from {{ ref('int_indicator_rows_matched') }}
    where indicator_id is not null
),

rows as (
    select * from {{ ref('int_table_rows') }}
    where table_kind = 'indicator' and row_kind = 'data'
),

pivoted as (
    select
        table_row_id,
        max(text_as_printed) filter (where measure = 'indicator_value') as value_as_printed,
        max(value_number) filter (where measure = 'indicator_value') as value_number,
        max(value_kind) filter (where measure = 'indicator_value') as value_kind,
        max(corrected_value) filter (where measure = 'indicator_value') as corrected_value,
        max(override_reason) filter (where measure = 'indicator_value') as correction_reason,
        max(text_as_printed) filter (where measure = 'indicator_unit_of_measure')
            as unit_of_measure,
        max(value_codes) filter (where measure = 'indicator_unit_of_measure') as value_codes,
        max(text_as_printed) filter (where measure = 'note') as note
    from cells
    group by table_row_id
)

select
    rows.table_row_id as indicator_value_id,
    rows.document_id as report_id,
    matched.indicator_id,
    rows.table_id,
    rows.section_code,
    rows.row_code,
    rows.row_label as indicator_name_as_printed,
    pivoted.value_as_printed,
    pivoted.value_kind,
    pivoted.unit_of_measure,
    pivoted.value_codes,
    pivoted.note,
    pivoted.value_number,
    pivoted.corrected_value,
    pivoted.correction_reason,
    matched.match_score as indicator_match_score,
    rows.source_line,
    rows.period_start,
    rows.period_end
from rows
left join pivoted on rows.table_row_id = pivoted.table_row_id
inner join matched on rows.table_row_id = matched.table_row_id
