{#- Keys the unit matching compares (int_table_rows_matched_to_units, ref_units). -#}

{#- The rows that must name a unit: the data rows of the unit tables (var unit_table_kinds).
    int_table_rows_matched_to_units matches them; qa_unit_rows checks each matched once. -#}
{% macro unit_table_rows() -%}
    select * from {{ ref('int_table_rows') }}
    where
        table_kind in (
            '{{ var("unit_table_kinds") | join("', '") }}'  -- noqa: LT05
        )
        and row_kind = 'data'
{%- endmacro %}

{#- Same letters, case and tone marks; punctuation and spacing ignored:
    'Sở Lao động, Thương binh và Xã hội' = 'Sở Lao động - Thương binh và Xã hội'. -#}
{% macro exact_name_key(expr) -%}
    trim(regexp_replace({{ expr }}, '[\s,;:.()&/–—-]+', ' ', 'g'))
{%- endmacro %}

{#- Folded (no case, no tone marks, đ -> d), without a 'UBND' prefix, punctuation as spaces:
    'UBND huyện Đại Từ' -> 'huyen dai tu'. -#}
{% macro folded_name_key(expr) -%}
    trim(regexp_replace(regexp_replace({{ fold(expr) }}, '[^a-z0-9]+', ' ', 'g'), '^(ubnd|uy ban nhan dan) ', ''))
{%- endmacro %}

{#- A folded key without its leading type word: 'huyen phu binh' -> 'phu binh',
    'tp pho yen' -> 'pho yen', 'so noi vu' -> 'noi vu', 'phuong pho yen' -> 'pho yen'. -#}
{% macro short_name_key(key) -%}
    regexp_replace({{ key }}, '^(huyen|thanh pho|thi xa|quan|tp|tx|h|q|so|ban|xa|phuong|dac khu|p) ', '')
{%- endmacro %}

{#- The unit level a folded label's type word names, if any. -#}
{% macro unit_type_hint(key) -%}
    case
        when regexp_matches({{ key }}, '^(so|ban|thanh tra|van phong)( |$)') then 'department'
        when regexp_matches({{ key }}, '^(huyen|thanh pho|thi xa|quan|tp|tx|h|q)( |$)') then 'district'
        when regexp_matches({{ key }}, '^(xa|phuong|dac khu|p)( |$)') then 'commune'
    end
{%- endmacro %}

{#- True when the built relation has the column (false at parse time and under sqlfluff):
    lets a model use a column another engineer is adding without breaking before it lands. -#}
{% macro relation_has_column(relation, column_name) -%}
    {%- if execute and adapter is defined -%}
        {{- return(column_name | lower in (adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list)) -}}
    {%- endif -%}
    {{- return(false) -}}
{%- endmacro %}
