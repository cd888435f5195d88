{#- The findings of the data rules as a mart: one row per failing row of a rule, built with
    the marts (docs/data-rules.md). The rules' arithmetic is in the qa_* models.
    Written one rule at a time (the first rule by the model's select, the others by the
    post-hook): the rule id is a constant of its branch of qa_findings, so DuckDB evaluates
    one branch per statement and memory holds one rule's relations, not every rule's at once
    (at 50 MB of reports the single select over all rules took ~1 GB, docs/benchmarks.md). -#}
{{ config(
    schema='marts',
    materialized='table',
    post_hook="
        {%- for rule_id in (model.config.meta.rule_severity | list)[1:] %}
            insert into {{ this }} select * from {{ ref('qa_findings') }} where rule_id = '{{ rule_id }}';
        {%- endfor %}",
) }}

{%- set rule_ids = model.config.meta.rule_severity | list if execute else ['-'] %}

select * from {{ ref('qa_findings') }}
where rule_id = '{{ rule_ids[0] }}'
