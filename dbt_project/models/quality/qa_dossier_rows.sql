-- One row per data or totals row of a dossier-processing table, its measures pivoted, and
-- each breakdown's difference from its printed total (rules received_components_sum,
-- resolved_components_sum, pending_components_sum, received_equals_resolved_plus_pending:
-- the difference is 0; not evaluated when a component is not printed).
with

dossier_rows as (
    {{ measure_rows('dossier_processing', dossier_measures()) }}
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
