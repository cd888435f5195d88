with

source as (
    select * from {{ source('raw', 'tables') }}
),

renamed as (
    select
        ---------- ids
        table_id,
        document_id,
        table_index,
        ---------- strings
        layout,
        caption,
        appendix_label,
        parent_citation,
        data_period_as_printed,
        ---------- numerics
        line_start,
        line_end,
        row_count,
        column_count,
        header_row_count,
        header_variant_count,
        page_breaks_merged,
        ---------- dates
        data_period_start,
        data_period_end,
        snapshot_dates
    from source
)

select * from renamed
