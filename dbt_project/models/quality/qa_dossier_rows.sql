-- One row per data or totals row of a dossier-processing table, its measures pivoted, and
-- each breakdown's difference from its printed total (rules received_components_sum,
-- resolved_components_sum, pending_components_sum, received_equals_resolved_plus_pending:
-- the difference is 0; not evaluated when a component is not printed).
with

cells as (
    select * from {{ ref('int_table_cells_measured') }}
    where
        table_kind = 'dossier_processing' and row_kind in ('data', 'total') and measure is not null
),

dossier_rows as (
    select
        table_row_id,
        any_value(document_id) as report_id,
        any_value(table_id) as table_id,
        any_value(case when is_unit_accepted then unit_id end) as unit_id,
        any_value(row_label) as row_label,
        any_value(row_kind) as row_kind,
        {%- for measure in var('dossier_measures') %}
            sum(value_number) filter (where measure = '{{ measure }}') as {{ measure }},
        {%- endfor %}
        min(source_line) as source_line
    from cells
    group by table_row_id
),

balanced as (
    -- one table in this select: the measures need no qualifier
    select
        *,
        received_online + received_offline + carried_over as received_components,
        received_total - (received_online + received_offline + carried_over)
            as received_difference,
        resolved_early + resolved_on_time + resolved_late as resolved_components,
        resolved_total - (resolved_early + resolved_on_time + resolved_late)
            as resolved_difference,
        pending_within_deadline + pending_overdue as pending_components,
        pending_total - (pending_within_deadline + pending_overdue) as pending_difference,
        resolved_total + pending_total as outcome_components,
        received_total - (resolved_total + pending_total) as balance_difference
    from dossier_rows
),

documents as (
    select * from {{ ref('stg_raw__documents') }}
)

select
    balanced.table_row_id as check_id,
    balanced.*,
    documents.file_key as file_name
from balanced
left join documents on balanced.report_id = documents.document_id
