with

source as (
    select * from {{ source('raw', 'footnotes') }}
),

renamed as (
    select
        ---------- ids
        document_id || ':' || block_index as footnote_id,
        document_id,
        block_index,
        ---------- strings
        marker,
        text,
        raw_text,
        ---------- numerics
        line_start,
        line_end
    from source
)

select * from renamed
