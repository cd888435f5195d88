with

source as (
    select * from {{ source('raw', 'parse_issues') }}
),

renamed as (
    select
        ---------- ids
        document_id || ':' || issue_index as parse_issue_id,
        document_id,
        table_id,
        issue_index,
        ---------- strings
        severity,
        code as issue_code,
        message,
        ---------- numerics
        source_line
    from source
)

select * from renamed
