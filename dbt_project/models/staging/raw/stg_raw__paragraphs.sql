with

source as (
    select * from {{ source('raw', 'paragraphs') }}
),

renamed as (
    select
        ---------- ids
        document_id || ':' || block_index as paragraph_id,
        document_id,
        block_index,
        continues_block_index,
        ---------- strings
        kind as block_kind,
        text,
        raw_text,
        footnote_refs,
        ---------- numerics
        line_start,
        line_end
    from source
)

select * from renamed
