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
    case
        when {{ fold('rows.row_label') }} like 'quyet dinh%' then 'Quyết định'
        when {{ fold('rows.row_label') }} like 'ke hoach%' then 'Kế hoạch'
        when {{ fold('rows.row_label') }} like 'cong van%' then 'Công văn'
        when {{ fold('rows.row_label') }} like 'thong bao%' then 'Thông báo'
        when {{ fold('rows.row_label') }} like 'bao cao%' then 'Báo cáo'
        when {{ fold('rows.row_label') }} like 'chi thi%' then 'Chỉ thị'
        when {{ fold('rows.row_label') }} like 'nghi quyet%' then 'Nghị quyết'
        when {{ fold('rows.row_label') }} like 'to trinh%' then 'Tờ trình'
    end as document_type,
    nullif(regexp_extract(rows.row_label, 'số\s+(\d+/[^\s,]+)', 1), '') as document_number,
    -- the issuer runs from 'của' to the date or the subject ('Sở Thông tin và Truyền thông')
    nullif(
        regexp_extract(rows.row_label, '(?i)của\s+(.+?)(?:\s+ngày\s|\s+v/v\s|\s+về\s|$)', 1), ''
    ) as issuer,
    nullif(trim(regexp_extract(rows.row_label, '(?i)(?:v/v|về việc|về)\s+(.*)$', 1)), '')
        as subject,
    try_strptime(
        regexp_extract(rows.row_label, 'ngày\s+(\d{1,2}/\d{1,2}/\d{4})', 1), '%d/%m/%Y'
    )::date
        as document_date,
    rows.source_line
from rows
left join
    sections
    on rows.table_id = sections.table_id and rows.section_code = sections.section_code
