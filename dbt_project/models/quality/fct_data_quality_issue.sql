{{ config(schema='marts', materialized='table') }}

-- The findings of the data rules as a mart: one row per failing row of a rule, built with
-- the marts (docs/data-rules.md). The rules' arithmetic is in the qa_* models.
select * from {{ ref('qa_findings') }}
