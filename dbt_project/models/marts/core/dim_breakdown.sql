-- One row per breakdown a dossier-processing fact row can carry instead of a unit: the fixed
-- ones of seeds/breakdowns.csv (levels of government, service levels) and one per month or
-- sector label seen in the reports.
with

fixed as (
    select
        breakdown_id,
        breakdown_kind,
        breakdown_name
    from {{ ref('breakdowns') }}
    where not by_label
),

seen as (
    select
        breakdown_id,
        any_value(breakdown_kind) as breakdown_kind,
        min(breakdown_name) as breakdown_name
    from {{ ref('int_table_rows_matched_to_breakdowns') }}
    where breakdown_id not in (select fixed.breakdown_id from fixed)
    group by breakdown_id
)

select * from fixed
union all
select * from seen
