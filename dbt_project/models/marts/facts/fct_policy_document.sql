-- Grain: one row per directive document listed in an appendix (001's Phụ lục I): its type,
-- number, date and issuer read from the printed line (Quyết định số 98/QĐ-UBND ngày …).
with

rows as (
    select * from {{ ref('int_table_rows') }}
    where table_kind = 'policy_document' and row_kind = 'data'
),

sections as (
    select
        table_id,
        row_code_norm as section_code,
        row_label as section_label
    from {{ ref('int_table_rows') }}
    where table_kind = 'policy_document' and row_kind = 'section'
)

select
    rows.table_row_id as policy_document_id,
    rows.document_id as report_id,
    rows.table_id,
    rows.section_code,
    sections.section_label as document_group,
    rows.row_code,
    rows.row_label as document_as_printed,
    nullif(regexp_extract(
        rows.row_label,
        '^(Quyết [Đđ]ịnh|Kế hoạch|Công văn|Thông báo|Báo cáo|Chỉ thị|Nghị quyết|Nghị định|Thông tư|Tờ trình)', 1
    ), '')
        as document_type,
    nullif(regexp_extract(rows.row_label, 'số\s+(\d+/[^\s,]+)', 1), '') as document_number,
    nullif(regexp_extract(rows.row_label, 'của\s+(UBND tỉnh|Sở [^,]+?|Chủ tịch UBND tỉnh|Thủ tướng Chính phủ)(\s|$|,| V/v| về)', 1), '')
        as issuer,
    trim(nullif(regexp_extract(rows.row_label, '(V/v|về)\s+(.*)$', 2), '')) as subject,
    try_strptime(regexp_extract(rows.row_label, 'ngày\s+(\d{1,2}/\d{1,2}/\d{4})', 1), '%d/%m/%Y')::date
        as document_date,
    rows.source_line
from rows
left join sections on rows.table_id = sections.table_id and rows.section_code = sections.section_code
