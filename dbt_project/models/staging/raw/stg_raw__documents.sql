with

source as (
    select * from {{ source('raw', 'documents') }}
),

renamed as (
    select
        ---------- ids
        document_id,
        ---------- strings
        file_name,
        file_path,
        encoding,
        status,
        error,
        parser_version,
        ---------- numerics
        size_bytes,
        line_count,
        table_count,
        paragraph_count,
        cell_count,
        issue_count,
        ---------- booleans
        status = 'parsed' as is_parsed,
        ---------- timestamps
        ingested_at
    from source
)

select * from renamed
