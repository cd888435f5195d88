{#- Helpers of the quality layer (models/quality): how a finding's message writes a number,
    and the precision a printed number carries. -#}

{#- A number as the findings write it: ∅ when missing, integers without decimals, others
    with at most four decimals, trailing zeros dropped (9.5, 84.2105). -#}
{% macro qa_num(expression) -%}
    case
        when ({{ expression }}) is null or isnan(({{ expression }})::double) then '∅'
        when ({{ expression }})::double = trunc(({{ expression }})::double)
            then (({{ expression }})::hugeint)::varchar
        else rtrim(rtrim(format('{:.4f}', ({{ expression }})::double), '0'), '.')
    end
{%- endmacro %}

{#- A text as the findings quote it: ∅ when missing. -#}
{% macro qa_text(expression) -%}
    coalesce(({{ expression }})::varchar, '∅')
{%- endmacro %}

{#- A row as the findings name it: its label in quotes, or "row". -#}
{% macro qa_row_name(label) -%}
    coalesce('''' || ({{ label }}) || '''', 'row')
{%- endmacro %}

{#- Decimals of the last number in a printed text: `99,80` → 2, `1.764/1.764` → 0,
    `Tăng 0,8 điểm` → 1, `99.5` (a point for a comma, read as 99.5 by ingest) → 1. -#}
{% macro printed_decimals(printed) -%}
    case
        when ({{ printed }}) is null then 0
        when regexp_matches(trim({{ printed }}), '^\d+\.(\d{1,2})$')
            then length(regexp_extract(trim({{ printed }}), '^\d+\.(\d{1,2})$', 1))
        else coalesce(length(regexp_extract_all(trim({{ printed }}), '\d[\d.]*(?:,(\d+))?', 1)[-1]), 0)
    end
{%- endmacro %}

{#- One unit of the last printed decimal: `97,1` → 0.1, `100` → 1. -#}
{% macro last_digit_unit(printed) -%}
    pow(10.0, -({{ printed_decimals(printed) }}))
{%- endmacro %}

{#- The tolerances of the rules (dbt_project.yml, quality meta; the suites read them too):
    half a unit of the last printed decimal, plus a hair of slack for float error (rounding);
    one unit below (a truncated rate). -#}
{% macro qa_tolerance(name) -%}
    {{ model['config']['meta']['rule_tolerance'][name] if execute else 0 }}
{%- endmacro %}

{#- The rule id and its severity, from the `rule_severity` meta of the quality models
    (dbt_project.yml): the one list of rules and severities, which Python reads too. -#}
{% macro qa_rule(rule_id) -%}
    {%- set severities = model['config']['meta']['rule_severity'] if execute else {} -%}
    {%- if execute and rule_id not in severities -%}
        {{ exceptions.raise_compiler_error("rule " ~ rule_id ~ " has no severity in dbt_project.yml") }}
    {%- endif -%}
    '{{ rule_id }}' as rule_id,
    '{{ severities.get(rule_id) }}' as severity
{%- endmacro %}

{#- The findings of a rule "a printed total equals the sum of its printed components", one
    per row of `relation` whose difference is not 0 (not evaluated when one is missing). -#}
{% macro qa_components_finding(relation, rule_id, total, parts, difference, components) -%}
    select
        {{ qa_rule(rule_id) }},
        report_id,
        table_id,
        unit_id,
        null::varchar as indicator_id,
        '{{ total }}' as measure,
        {{ components }} as expected_value,
        {{ total }} as actual_value,
        {{ difference }} as difference,
        file_name,
        source_line,
        {{ qa_row_name('row_label') }} || ': {{ total }} ' || {{ qa_num(total) }} || ' ≠ '
        {%- for part in parts %}
        || '{{ " + " if not loop.first }}{{ part }} ' || {{ qa_num(part) }}
        {%- endfor %}
        || ' = ' || {{ qa_num(components) }}
        || ' (printed ' || case when row_kind = 'total' then 'totals row' else 'row' end || '; kept as printed)'
        as message
    from {{ ref(relation) }}
    where {{ difference }} != 0
{%- endmacro %}

{#- The column names of a relation, lower case (empty while parsing). -#}
{% macro qa_column_names(relation) -%}
    {%- if execute -%}
        {{ return(adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list) }}
    {%- endif -%}
    {{ return([]) }}
{%- endmacro %}

{#- The cells int_table_cells_measured routes to a mart (destination fct_*): the cells the
    mart-value and cell-reach rules check. -#}
{% macro qa_cells_bound_for_marts() -%}
    (
        select * from {{ ref('int_table_cells_measured') }}
        where destination like 'fct\_%' escape '\'
    )
{%- endmacro %}

{#- DuckDB's memory for the quality layer (the pre-hook of every quality model,
    dbt_project.yml): BAOCAO_QUALITY_MEMORY_LIMIT, the limit the data rules' reader uses
    too (ingest/settings.py holds the same default; tests/test_quality_memory.py checks
    they agree). One thread: each thread holds its own hash tables. Without a limit DuckDB
    takes up to 80 % of RAM and keeps it: the quality part of `dbt build` peaked at
    1.6-1.8 GB at 50 MB of reports; with it DuckDB spills to disk instead. -#}
{% macro qa_memory_settings() -%}
    set memory_limit = '{{ env_var("BAOCAO_QUALITY_MEMORY_LIMIT", "") or "450MB" }}';
    set threads = 1
{%- endmacro %}
