-- Grain: one row per report x unit x snapshot date: electronic certified copies (chứng thực
-- bản sao điện tử từ bản chính): communes deployed (as a fraction) and copies completed.
with

cells as (
    select * from {{ ref('int_table_cells_measured') }}
    where destination = 'fct_e_certification'
),

matches as (
    select * from {{ ref('int_table_rows_matched_to_units') }}
),

snapshots as (
    select
        table_row_id,
        header_date as snapshot_date,
        any_value(document_id) as report_id,
        any_value(table_id) as table_id,
        max(text_as_printed) filter (where measure = 'ecert_communes_deployed')
            as deployed_as_printed,
        max(value_numerator) filter (where measure = 'ecert_communes_deployed')
            as communes_deployed,
        max(value_denominator) filter (where measure = 'ecert_communes_deployed') as communes_total,
        max(text_as_printed) filter (where measure = 'ecert_completed') as completed_as_printed,
        max(value_number) filter (where measure = 'ecert_completed') as copies_completed,
        min(source_line) as source_line
    from cells
    where measure in ('ecert_communes_deployed', 'ecert_completed')
    group by table_row_id, header_date
),

changes as (
    {{ printed_changes('cells') }}
)

select
    snapshots.table_row_id
    || ':'
    || strftime(snapshots.snapshot_date, '%Y-%m-%d') as e_certification_id,
    snapshots.report_id,
    snapshots.table_id,
    matches.unit_id,
    matches.unit_name_as_printed,
    matches.match_method as unit_match_method,
    snapshots.deployed_as_printed,
    snapshots.communes_deployed,
    snapshots.communes_total,
    snapshots.completed_as_printed,
    snapshots.copies_completed,
    changes.text_as_printed as change_as_printed,
    changes.value_number as change_copies,
    snapshots.source_line,
    snapshots.snapshot_date,
    changes.change_base_date
from snapshots
inner join matches on snapshots.table_row_id = matches.table_row_id
left join changes
    on
        snapshots.table_row_id = changes.table_row_id
        and snapshots.snapshot_date > changes.change_base_date
