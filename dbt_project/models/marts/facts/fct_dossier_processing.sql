-- Grain: one row per report x unit x data period x table (a unit row of a dossier
-- processing table such as 000's Phụ lục III), or x breakdown for a row that is a level of
-- government, a service level, a month or a sector (breakdown_kind). Values as printed;
-- rates derived.
with

cells as (
    select * from {{ ref('int_table_cells_measured') }}
    where destination = 'fct_dossier_processing'
),

matches as (
    select * from {{ ref('int_table_rows_matched_to_units') }}
    where is_accepted
),

breakdowns as (
    select * from {{ ref('int_table_rows_matched_to_breakdowns') }}
),

table_rows as (
    select * from {{ ref('int_table_rows') }}
),

pivoted as (
    select
        table_row_id,
        any_value(document_id) as report_id,
        any_value(table_id) as table_id,
        any_value(period_start) as period_start,
        any_value(period_end) as period_end,
        {% for m in dossier_measures() %}
            {{ pivot_measure(m) }},
        {% endfor %}
        count(*) as value_cell_count
    from cells
    group by table_row_id
)

select
    pivoted.table_row_id as dossier_processing_id,
    pivoted.report_id,
    matches.unit_id,
    case when matches.unit_id is null then breakdowns.breakdown_kind else 'unit' end
        as breakdown_kind,
    case when matches.unit_id is null then breakdowns.breakdown_id end as breakdown_id,
    pivoted.table_id,
    table_rows.row_label as unit_name_as_printed,
    matches.match_method as unit_match_method,
    matches.match_score as unit_match_score,
    pivoted.received_total,
    pivoted.received_online,
    pivoted.received_offline,
    pivoted.carried_over,
    pivoted.resolved_total,
    pivoted.resolved_early,
    pivoted.resolved_on_time,
    pivoted.resolved_late,
    pivoted.pending_total,
    pivoted.pending_within_deadline,
    pivoted.pending_overdue,
    round(
        (pivoted.resolved_early + pivoted.resolved_on_time)
        * 100.0
        / nullif(pivoted.resolved_total, 0),
        2
    )
        as on_time_rate_pct,
    round(pivoted.received_online * 100.0 / nullif(pivoted.received_total, 0), 2)
        as online_share_pct,
    pivoted.value_cell_count,
    table_rows.source_line,
    pivoted.period_start,
    pivoted.period_end
from pivoted
inner join table_rows on pivoted.table_row_id = table_rows.table_row_id
left join matches on pivoted.table_row_id = matches.table_row_id
left join breakdowns on pivoted.table_row_id = breakdowns.table_row_id
