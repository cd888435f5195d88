{#- Accent- and case-insensitive key, like ingest.text.fold: 'Sở Nông nghiệp' -> 'so nong nghiep'.
    strip_accents leaves đ alone (it is a letter, not an accent), so it is mapped first. -#}
{% macro fold(expr) -%}
    trim(regexp_replace(lower(strip_accents(replace(replace({{ expr }}, 'đ', 'd'), 'Đ', 'D'))), '\s+', ' ', 'g'))
{%- endmacro %}

{#- A unit label without the 'UBND ' prefix that tables put before district names. -#}
{% macro unit_label_key(expr) -%}
    regexp_replace({{ fold(expr) }}, '^(ubnd|uy ban nhan dan)\s+', '')
{%- endmacro %}
