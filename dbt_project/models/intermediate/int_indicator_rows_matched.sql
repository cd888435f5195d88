-- Rows of standard indicator tables -> conformed indicators (seeds/indicators.csv).
-- A row is matched on its printed code (seeds/indicator_codes.csv) and the similarity of
-- its printed name to the indicator's name, preferring the code's own section; this works
-- for both templates (Bắc Giang's appendix has no section rows, Thái Nguyên's has I-VII).
with

rows as (
    select * from {{ ref('int_table_rows') }}
    where table_kind = 'indicator' and row_kind in ('data', 'section')
),

codes as (
    select * from {{ ref('indicator_codes') }}
),

indicators as (
    select * from {{ ref('indicators') }}
),

scored as (
    select
        rows.table_row_id,
        codes.indicator_id,
        codes.template,
        jaro_winkler_similarity(
            {{ fold('rows.row_label') }}, {{ fold('indicators.indicator_name') }}
        )
        + case when codes.section = rows.section_code then 0.05 else 0 end as score
    from rows
    inner join codes
        on regexp_replace(coalesce(rows.row_code_norm, ''), '\.$', '') = codes.row_code
    inner join indicators on codes.indicator_id = indicators.indicator_id
),

best as (
    select
        table_row_id,
        arg_max(indicator_id, score) as indicator_id,
        arg_max(template, score) as template,
        max(score) as match_score
    from scored
    group by 1
)

select
    rows.table_row_id,
    rows.table_id,
    rows.document_id,
    rows.row_code,
    rows.section_code,
    rows.row_label,
    case when best.match_score >= {{ var('indicator_min_name_score') }} then best.indicator_id end
        as indicator_id,
    best.template,
    best.match_score
from rows
left join best on rows.table_row_id = best.table_row_id
