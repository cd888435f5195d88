{#- The printed change column (Tăng (+)/Giảm (-) so với ngày …) of a snapshot table, one row per
    table row, with the base date its header names; snapshot facts join it to the later date. -#}
{% macro printed_changes(cells) -%}
    select
        table_row_id,
        text_as_printed,
        value_number,
        header_date as change_base_date
    from {{ cells }}
    where measure = 'change_as_printed'
{%- endmacro %}
