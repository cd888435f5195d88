{#- The measures the facts pivot, one list each for SQL (the Python side reads the seeds).
    Counts are whole numbers of dossiers: stored as BIGINT, and a count printed with a
    fraction is routed to review (`count_not_integer`) instead of being rounded. -#}
{% macro dossier_measures() -%}
    {{ return([
        'received_total', 'received_online', 'received_offline', 'carried_over',
        'resolved_total', 'resolved_early', 'resolved_on_time', 'resolved_late',
        'pending_total', 'pending_within_deadline', 'pending_overdue',
    ]) }}
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
