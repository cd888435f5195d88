{#- The measures the facts pivot (the lists live in dbt_project.yml vars, which Python reads too).
    Counts are whole numbers of dossiers: stored as BIGINT, and a count printed with a
    fraction is routed to review (`count_not_integer`) instead of being rounded. -#}
{% macro dossier_measures() -%}
    {{ return(var('dossier_measures')) }}
{%- endmacro %}

{% macro count_measures() -%}
    {{ return(dossier_measures() + ['fp_processed_online', 'fp_processed_in_person', 'fp_total']) }}
{%- endmacro %}

{#- One pivoted measure column of a fact: the cell of the row's measure, typed. -#}
{% macro pivot_measure(measure, alias=none) -%}
    {%- if measure in count_measures() -%}
        cast(max(value_number) filter (where measure = '{{ measure }}') as bigint)
    {%- else -%}
        max(value_number) filter (where measure = '{{ measure }}')
    {%- endif %} as {{ alias or measure }}
{%- endmacro %}
