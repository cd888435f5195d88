-- One row per printed change (Tăng/Giảm, +/-, Giữ nguyên): the snapshot pair of its row it
-- matches best (a row may print a count and a rate, and the change refers to one of them)
-- (rule change_matches_snapshots: difference_in_last_digits within half a unit of the
-- finest decimal printed among the change and its two snapshots).
with

cells as (
    select * from {{ ref('int_table_cells_measured') }}
),

changes as (
    select * from cells
    where measure = 'change_as_printed' and value_number is not null
),

snapshots as (
    select
        table_row_id,
        measure,
        header_date,
        value_number as snapshot_value,
        text_as_printed as snapshot_as_printed
    from cells
    where
        measure != 'change_as_printed'
        and header_date is not null
        and value_number is not null
        and value_kind in ('integer', 'decimal', 'percent', 'fraction')
    union all
    -- the total score is printed inside text ('Đạt 77,79 điểm; xếp hạng 10/63'); the mart reads it
    select
        regexp_replace(service_index_score_id, ':[0-9]{4}-[0-9]{2}-[0-9]{2}$', '') as table_row_id,
        'total_points' as measure,
        snapshot_date as header_date,
        total_points as snapshot_value,
        regexp_extract(value_as_printed, 'Đạt\s+([\d.,]+)\s*điểm', 1) as snapshot_as_printed
    from {{ ref('fct_service_index_score') }}
    where total_points is not null
),

pairs as (
    select
        changes.cell_id,
        earlier.measure as compared_measure,
        earlier.snapshot_value as earlier_value,
        earlier.snapshot_as_printed as earlier_as_printed,
        later.snapshot_value as later_value,
        later.snapshot_as_printed as later_as_printed,
        earlier.header_date as earlier_date,
        later.header_date as later_date
    from changes
    inner join snapshots as earlier
        on changes.table_row_id = earlier.table_row_id and changes.header_date = earlier.header_date
    inner join snapshots as later
        on
            changes.table_row_id = later.table_row_id
            and earlier.measure = later.measure
            and changes.header_date < later.header_date
    qualify
        row_number() over (partition by changes.cell_id, earlier.measure order by later.header_date)
        = 1
),

candidates as (
    select
        changes.cell_id as check_id,
        changes.document_id as report_id,
        changes.table_id,
        case when changes.is_unit_accepted then changes.unit_id end as unit_id,
        changes.indicator_id,
        changes.row_label,
        changes.row_kind,
        changes.text_as_printed as change_as_printed,
        changes.value_number as printed_change,
        changes.source_line,
        pairs.compared_measure,
        pairs.earlier_value,
        pairs.earlier_as_printed,
        pairs.later_value,
        pairs.later_as_printed,
        pairs.earlier_date,
        pairs.later_date,
        pairs.later_value - pairs.earlier_value as expected_change,
        changes.value_number - (pairs.later_value - pairs.earlier_value) as difference,
        greatest(
            {{ printed_decimals('changes.text_as_printed') }},
            {{ printed_decimals('pairs.earlier_as_printed') }},
            {{ printed_decimals('pairs.later_as_printed') }}
        ) as printed_decimals
    from changes
    left join pairs on changes.cell_id = pairs.cell_id
),

measured as (
    select
        candidates.*,
        candidates.difference / pow(10.0, -candidates.printed_decimals) as difference_in_last_digits
    from candidates
)

select
    measured.* exclude (printed_decimals),  -- noqa: RF02
    case
        when sign(measured.printed_change) * sign(measured.expected_change) < 0 then 'sign' else
            'value'
    end
        as mismatch,
    documents.file_key as file_name
from measured
left join {{ ref('stg_raw__documents') }} as documents on measured.report_id = documents.document_id
qualify row_number() over (
    partition by measured.check_id
    order by abs(measured.difference_in_last_digits) asc nulls last, measured.compared_measure
) = 1
