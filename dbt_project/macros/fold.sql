{#- Accent- and case-insensitive key, the same as ingest.text.fold (tests/test_fold_agreement.py
    compares them on every character class): 'Sở Nông nghiệp' -> 'so nong nghiep'. strip_accents
    leaves đ alone (it is a letter, not an accent), so it is mapped first, and every blank
    Python's str.split knows (no-break spaces too) becomes a space; what is still not
    ASCII after that (dashes, ellipses, other scripts) is dropped, then case and the blanks
    Python's str.split knows are folded. -#}
{% macro fold(expr) -%}
    trim(regexp_replace(lower(regexp_replace(strip_accents(regexp_replace(
        replace(replace({{ expr }}, 'đ', 'd'), 'Đ', 'D'), '[\t\n\x0b\x0c\r\x1c-\x1f\x85\p{Z}]+', ' ', 'g'
    )), '[^\x00-\x7F]+', '', 'g')), '[\t\n\x0b\x0c\r\x1c-\x1f ]+', ' ', 'g'))
{%- endmacro %}

{#- A unit label without the 'UBND ' prefix that tables put before district names. -#}
{% macro unit_label_key(expr) -%}
    regexp_replace({{ fold(expr) }}, '^(ubnd|uy ban nhan dan)\s+', '')
{%- endmacro %}
