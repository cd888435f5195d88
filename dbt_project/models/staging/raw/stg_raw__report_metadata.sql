with

source as (
    select * from {{ source('raw', 'report_metadata') }}
),

renamed as (
    select
        ---------- ids
        document_id,
        ---------- strings
        doc_number,
        doc_number_as_printed,
        doc_number_source,
        issued_date_as_printed,
        issuer,
        province,
        province_code,
        province_edition,
        province_source,
        place,
        title,
        report_kind,
        period_label,
        period_kind,
        period_source,
        data_period_as_printed,
        parent_doc_type,
        parent_doc_number,
        parent_issuer,
        ---------- dates
        issued_date,
        period_start,
        period_end,
        data_period_start,
        data_period_end,
        parent_issued_date
    from source
)

select * from renamed
