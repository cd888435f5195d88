with

source as (
    select * from {{ source('raw', 'table_columns') }}
),

renamed as (
    select
        ---------- ids
        table_id || ':' || header_variant || ':' || column_index as table_column_id,
        table_id,
        document_id,
        header_variant,
        column_index,
        ---------- strings
        header_path,
        header_path_parts,
        column_code,
        {{ fold("coalesce(header_path, '')") }} as header_path_key,
        ---------- numerics
        source_line
    from source
)

select * from renamed
