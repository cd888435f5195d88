-- Grain: one row per report x unit x data period x table (a unit row of a dossier
-- processing table such as 000's Phụ lục III). Values as printed; rates derived.
with

cells as (
    select * from {{ ref('int_table_cells_measured') }}
    where destination = 'fct_dossier_processing'
),

matches as (
    select * from {{ ref('int_table_rows_matched_to_units') }}
),

pivoted as (
    select
        table_row_id,
        any_value(document_id) as report_id,
        any_value(table_id) as table_id,
        any_value(unit_id) as unit_id,
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
    pivoted.unit_id,
    pivoted.table_id,
    matches.unit_name_as_printed,
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
    round((pivoted.resolved_early + pivoted.resolved_on_time) * 100.0 / nullif(pivoted.resolved_total, 0), 2)
        as on_time_rate_pct,
    round(pivoted.received_online * 100.0 / nullif(pivoted.received_total, 0), 2) as online_share_pct,
    pivoted.value_cell_count,
    matches.source_line,
    pivoted.period_start,
    pivoted.period_end
from pivoted
inner join matches on pivoted.table_row_id = matches.table_row_id
