with

source as (
    select * from {{ source('raw', 'table_cells') }}
),

renamed as (
    select
        ---------- ids
        table_id || ':' || row_index || ':' || column_index as cell_id,
        table_id || ':' || row_index as table_row_id,
        document_id,
        table_id,
        row_index,
        column_index,
        ---------- strings
        row_code,
        row_code_norm,
        row_label,
        row_kind,
        section_code,
        cell_text as text_as_printed,
        value_kind,
        value_qualifier,
        value_unit,
        value_codes,
        value_issue,
        ---------- numerics
        header_variant,
        value_number,
        value_numerator,
        value_denominator,
        source_line,
        continuation_lines,
        ---------- booleans
        is_bold,
        is_italic
    from source
)

select * from renamed
