{#- One row per row of every mart: its key (rule mart_key_unique: (mart, key_value) unique).
    A view, so the rule re-reads the marts when the data rules run: a duplicate written after
    dbt's own `unique` tests ran is still caught before publishing. The keys are listed here
    only; context columns are taken from whichever of them each mart has. -#}
{%- set mart_keys = {
    'dim_report': 'report_id',
    'dim_unit': 'unit_id',
    'dim_indicator': 'indicator_id',
    'dim_period': 'period_id',
    'fct_dossier_processing': 'dossier_processing_id',
    'fct_online_processing': 'online_processing_id',
    'fct_indicator_value': 'indicator_value_id',
    'fct_unit_service_rate': 'unit_service_rate_id',
    'fct_overdue_dossiers': 'overdue_dossiers_id',
    'fct_e_certification': 'e_certification_id',
    'fct_target_assessment': 'target_assessment_id',
    'fct_policy_document': 'policy_document_id',
    'fct_service_index_score': 'service_index_score_id',
    'table_coverage': 'table_id',
} -%}
{%- set context_columns = {
    'report_id': 'varchar',
    'table_id': 'varchar',
    'unit_id': 'varchar',
    'indicator_id': 'varchar',
    'source_line': 'integer',
} -%}

with

keys as (
    {%- for mart, key in mart_keys.items() %}
        {%- set relation = ref(mart) %}
        {%- set have = qa_column_names(relation) %}
        {%- set context = [] %}
        {%- for name, type in context_columns.items() %}
            {%- set column = name if name in have else "null" %}
            {%- do context.append(column ~ "::" ~ type ~ " as " ~ name) %}
        {%- endfor %}
        select
            '{{ mart }}' as mart,
            '{{ key }}' as key_column,
            {{ key }}::varchar as key_value,
            {{ context | join(",\n            ") }}
        from {{ relation }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

documents as (
    select * from {{ ref('stg_raw__documents') }}
)

select
    keys.mart || ':' || coalesce(keys.key_value, '∅') || ':'
    || row_number() over (partition by keys.mart, keys.key_value) as check_id,
    keys.*,
    documents.file_key as file_name
from keys
left join documents on keys.report_id = documents.document_id
