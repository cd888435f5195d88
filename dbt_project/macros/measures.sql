{#- The measures the facts pivot (the lists live in dbt_project.yml vars, which Python reads too).
    Counts are whole numbers of dossiers: stored as BIGINT, and a count printed with a
    fraction is routed to review (`count_not_integer`) instead of being rounded. -#}
{% macro dossier_measures() -%}
    {{ return(var('dossier_measures')) }}
{%- endmacro %}

{#- The counts of fct_online_processing's full-process tables, then its printed rate. -#}
{% macro online_count_measures() -%}
    {{ return(['fp_processed_online', 'fp_processed_in_person', 'fp_total']) }}
{%- endmacro %}

{% macro online_measures() -%}
    {{ return(online_count_measures() + ['fp_online_rate_pct']) }}
{%- endmacro %}

{% macro count_measures() -%}
    {{ return(dossier_measures() + online_count_measures()) }}
{%- endmacro %}

{#- One pivoted measure column of a fact: the cell of the row's measure, typed. -#}
{% macro pivot_measure(measure, alias=none) -%}
    {%- if measure in count_measures() -%}
        cast(max(value_number) filter (where measure = '{{ measure }}') as bigint)
    {%- else -%}
        max(value_number) filter (where measure = '{{ measure }}')
    {%- endif %} as {{ alias or measure }}
{%- endmacro %}

{#- One row per data or totals row of the tables of `table_kind`, each of `measures` summed
    over the row's cells (the quality layer's sums: a measure printed twice in a row adds up,
    so the rules see it), with the row's report, table, accepted unit, label, kind and first
    source line. -#}
{% macro measure_rows(table_kind, measures) -%}
    select
        table_row_id,
        any_value(document_id) as report_id,
        any_value(table_id) as table_id,
        any_value(case when is_unit_accepted then unit_id end) as unit_id,
        any_value(row_label) as row_label,
        any_value(row_kind) as row_kind,
        {%- for measure in measures %}
            sum(value_number) filter (where measure = '{{ measure }}') as {{ measure }},
        {%- endfor %}
        min(source_line) as source_line
    from {{ ref('int_table_cells_measured') }}
    where
        table_kind = '{{ table_kind }}' and row_kind in ('data', 'total') and measure is not null
    group by table_row_id
{%- endmacro %}
