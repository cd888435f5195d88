-- Grain: one row per target (chỉ tiêu) of an assessment table such as 000's Phụ lục I:
-- the target, the result text and the assessment Đạt / Chưa đạt / Chưa đánh giá.
with

cells as (
    select * from {{ ref('int_table_cells_measured') }}
    where table_kind = 'target_assessment'
),

rows as (
    select * from {{ ref('int_table_rows') }}
    where table_kind = 'target_assessment' and row_kind = 'data'
),

pivoted as (
    select
        table_row_id,
        max(text_as_printed) filter (where measure = 'target_result') as result_as_printed,
        max(text_as_printed) filter (where measure = 'target_assessment') as assessment_as_printed
    from cells
    group by table_row_id
)

select
    rows.table_row_id as target_assessment_id,
    rows.document_id as report_id,
    rows.table_id,
    rows.section_code,
    rows.row_code as target_code,
    rows.row_label as target_text,
    pivoted.result_as_printed,
    pivoted.assessment_as_printed,
    case {{ fold('pivoted.assessment_as_printed') }}
        when 'dat' then 'Đạt'
        when 'chua dat' then 'Chưa đạt'
        when 'chua danh gia' then 'Chưa đánh giá'
        when 'khong dat' then 'Chưa đạt'
    end as assessment,
    rows.source_line
from rows
left join pivoted on rows.table_row_id = pivoted.table_row_id
