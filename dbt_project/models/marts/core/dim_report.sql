-- One row per parsed report (document). A report printed without a number keeps it null.
with

documents as (
    select * from {{ ref('stg_raw__documents') }}
    where is_parsed
),

metadata as (
    select * from {{ ref('stg_raw__report_metadata') }}
),

reports as (
    select
        documents.document_id as report_id,
        documents.document_id,
        documents.file_key as file_name,
        metadata.doc_number,
        metadata.doc_number_as_printed,
        metadata.title,
        metadata.issuer,
        metadata.province,
        metadata.province_code,
        metadata.province_edition,
        metadata.report_kind,
        metadata.period_label,
        metadata.period_kind,
        metadata.parent_doc_type,
        metadata.parent_doc_number,
        metadata.issued_date,
        metadata.period_start,
        metadata.period_end,
        metadata.data_period_as_printed,
        metadata.data_period_start,
        metadata.data_period_end
    from documents
    inner join metadata on documents.document_id = metadata.document_id
)

select
    reports.*,
    parent.report_id as parent_report_id
from reports
left join reports as parent
    on reports.parent_doc_number = parent.doc_number and reports.report_id != parent.report_id
-- Two reports can print the same number (a revised or truncated copy, another province's
-- report numbered alike): one parent per report, the same province's first, then the
-- latest issued, so the key stays unique.
qualify row_number() over (
    partition by reports.report_id
    order by
        (parent.province is not distinct from reports.province) desc,
        parent.issued_date desc nulls last,
        parent.report_id asc
) = 1
