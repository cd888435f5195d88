with

source as (
    select * from {{ source('raw', 'documents') }}
),

renamed as (
    select
        ---------- ids
        document_id,
        ---------- strings
        file_key,
        file_name,
        file_path,
        encoding,
        status,
        error,
        parser_version,
        content_sha256,
        text_sha256,
        duplicate_of,
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
