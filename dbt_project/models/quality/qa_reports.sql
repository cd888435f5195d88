-- One row per parsed document: the metadata it lacks to be placed on the marts' axes
-- (rule report_has_province_and_period: missing_metadata is null).
with

documents as (
    select * from {{ ref('stg_raw__documents') }}
    where is_parsed
),

-- one row per report even if dim_report holds a key twice (mart_key_unique reports that);
-- a report lacks a province if any of its rows does
reports as (
    select
        report_id,
        bool_or(province is null) as no_province,
        bool_or(period_start is null or period_end is null) as no_period
    from {{ ref('dim_report') }}
    group by report_id
)

select
    documents.document_id as check_id,
    documents.document_id as report_id,
    documents.file_key as file_name,
    case
        when reports.report_id is null then 'not in marts.dim_report'
        when reports.no_province and reports.no_period then 'no province and no period'
        when reports.no_province then 'no province'
        when reports.no_period then 'no period'
    end as missing_metadata
from documents
left join reports on documents.document_id = reports.report_id
