-- Every period a report or table covers: report periods (Quý I năm 2024, tháng 10 năm 2023)
-- and tables' own data periods (số liệu từ 01/01/2024 đến 28/02/2024).
with

periods as (
    select
        period_start,
        period_end,
        period_kind,
        period_label
    from {{ ref('stg_raw__report_metadata') }}
    where period_start is not null
    union all
    select
        data_period_start,
        data_period_end,
        'data_period' as period_kind,
        data_period_as_printed as period_label
    from {{ ref('stg_raw__report_metadata') }}
    where data_period_start is not null
    union all
    select
        data_period_start,
        data_period_end,
        'data_period' as period_kind,
        data_period_as_printed as period_label
    from {{ ref('stg_raw__tables') }}
    where data_period_start is not null
)

select
    strftime(period_start, '%Y-%m-%d') || '/' || strftime(period_end, '%Y-%m-%d') as period_id,
    min(period_kind) as period_kind,
    min(period_label) as period_label_as_printed,
    period_start,
    period_end,
    datediff('day', period_start, period_end) + 1 as day_count,
    year(period_start) as period_year
from periods
group by period_start, period_end
